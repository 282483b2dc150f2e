//! A database that cannot be written (a read-only file system, a full
//! disk, a folder and file the user may not write to) opens read-only:
//! listing, showing, nudges, `check` and exporting to another disk work,
//! and every change is refused with the reason, changing nothing.
//!
//! The disks are small tmpfs mounts (the tests run as root in CI); where
//! mounting is not allowed, a test prints why and skips.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use kith::store::{NotWritable, Store, StoreError};

/// A tmpfs of its own, unmounted when dropped.
struct Disk {
    dir: tempfile::TempDir,
}

impl Disk {
    /// A 2 MB disk, or `None` (with the reason printed) where this test
    /// cannot mount one.
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(output) if output.status.success() => Some(Self { dir }),
            Ok(output) => {
                println!("skipping: cannot mount a tmpfs: {}", stderr(&output).trim());
                None
            }
            Err(e) => {
                println!("skipping: cannot run mount: {e}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) {
        // A process another test is starting may hold a copy of a file
        // of this disk open for a moment (until it runs its program), and
        // a file open for writing keeps the disk from turning read-only.
        let mut tries = 0;
        loop {
            let output = Command::new("mount")
                .args(["-o", &format!("remount,{options}")])
                .arg(self.path())
                .output()
                .unwrap();
            if output.status.success() {
                return;
            }
            tries += 1;
            assert!(tries < 50, "{}", stderr(&output));
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Bytes still free on the disk.
    fn available(&self) -> u64 {
        let output = Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(self.path())
            .output()
            .unwrap();
        let text = stdout(&output);
        text.lines().last().unwrap().trim().parse().unwrap()
    }

    /// Fills the disk to the last byte. A write may also fail for want of
    /// memory elsewhere (a tmpfs lives in memory), so it goes on until
    /// the disk says it is full.
    fn fill(&self) {
        let mut file = fs::File::create(self.path().join("filler")).unwrap();
        for _ in 0..100 {
            for chunk in [64 * 1024, 1] {
                let bytes = vec![0u8; chunk];
                while file.write(&bytes).is_ok() {}
            }
            file.sync_all().unwrap();
            if self.available() == 0 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("could not fill the disk: {} bytes free", self.available());
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// A closed database with three people on `disk`.
fn database_on(disk: &Disk) -> PathBuf {
    let db = disk.path().join("kith.sqlite3");
    drop(populated(&db));
    db
}

/// The reading commands work and say nothing about the disk; the writing
/// ones fail with exit status 1, saying `why`, and the file is unchanged.
fn reads_but_refuses_writes(db: &Path, why: &str) {
    let bytes = fs::read(db).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let export = elsewhere.path().join("everything.json");
    let export_arg = export.display().to_string();
    for args in [
        &["contact", "list"][..],
        &["contact", "show", "Ada Lovelace"],
        &["nudges", "--today", "2026-11-22"],
        &["check"],
        &["export", &export_arg],
        &["settings"],
    ] {
        let output = run(db, args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?}");
    }
    assert!(stdout(&run(db, &["contact", "list"])).contains("Grace Hopper"));
    assert!(fs::read_to_string(&export).unwrap().contains("Alan Turing"));
    for args in [
        &["contact", "add", "Mary Somerville"][..],
        &["log", "Ada Lovelace", "--note", "tea"],
        &["settings", "souring_window", "4"],
    ] {
        let output = run(db, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(
            stderr(&output),
            format!(
                "kith: {}: Kith can only read this database now: {why}; nothing was changed\n",
                db.display()
            ),
            "{args:?}"
        );
    }
    assert_eq!(fs::read(db).unwrap(), bytes);
}

#[test]
fn a_database_on_a_read_only_disk_is_read_checked_and_exported() {
    let Some(disk) = Disk::mount() else { return };
    let db = database_on(&disk);
    disk.remount("ro");
    let why = NotWritable::ReadOnlyDisk.to_string();
    assert_eq!(
        why,
        "the folder is read-only (its file system is mounted read-only)"
    );
    reads_but_refuses_writes(&db, &why);
    let backup = run(&db, &["backup"]);
    assert_eq!(backup.status.code(), Some(1));
    assert!(stderr(&backup).contains(&why), "{}", stderr(&backup));

    // The window opens read-only rather than refusing, and says so.
    let mut window = Store::open_for_window(&db).unwrap();
    assert_eq!(window.read_only(), Some(NotWritable::ReadOnlyDisk));
    assert_eq!(window.contact_count().unwrap(), 3);
    let error = window.set_setting("souring_window", "4").unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::ReadOnly {
                why: NotWritable::ReadOnlyDisk,
                ..
            }
        ),
        "{error}"
    );
    let app = kith::app::KithApp::new(
        window,
        std::sync::Arc::new(|| at(NOW)),
        kith::ui::Prefs::default(),
    )
    .unwrap();
    let banner = app.state.banner.clone().unwrap_or_default();
    assert!(
        banner.starts_with("Read-only: the folder is read-only"),
        "{banner}"
    );
    drop(app);
    assert_eq!(files_in(disk.path()), ["kith.sqlite3", "kith.sqlite3.lock"]);

    // A database of an older Kith must be upgraded, which is a write.
    disk.remount("rw");
    let old = disk.path().join("old.sqlite3");
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute_batch(include_str!("../src/store/sql/001_init.sql"))
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    drop(conn);
    disk.remount("ro");
    let listed = run(&old, &["contact", "list"]);
    assert_eq!(listed.status.code(), Some(1));
    assert!(
        stderr(&listed).contains(
            "was made by an older version of Kith and must be upgraded before it can be read, \
             but it cannot be written now: the folder is read-only"
        ),
        "{}",
        stderr(&listed)
    );
}

#[test]
fn a_database_on_a_full_disk_is_read_and_writes_say_the_disk_is_full() {
    let Some(disk) = Disk::mount() else { return };
    let db = database_on(&disk);
    disk.fill();
    reads_but_refuses_writes(&db, "the disk is full");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.read_only(), Some(NotWritable::DiskFull));
    drop(store);
    // Once there is room again, Kith writes as before.
    fs::remove_file(disk.path().join("filler")).unwrap();
    let added = run(&db, &["contact", "add", "Mary Somerville"]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(run(&db, &["check"]).status.success());
}

/// A database whose folder and file the user may not write to. Root may
/// write anywhere, so as root the commands run as `nobody`.
#[cfg(unix)]
#[test]
fn a_database_the_user_may_not_write_opens_read_only() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::fs::{PermissionsExt, chown};
    // A process's own /proc entry belongs to its user.
    let root = fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let place = tempfile::tempdir().unwrap();
    let folder = place.path().join("mine");
    fs::create_dir(&folder).unwrap();
    let db = folder.join("kith.sqlite3");
    drop(populated(&db));
    let as_user = |args: &[&str]| {
        let mut command = if root {
            let mut command = Command::new("setpriv");
            command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            command.arg(env!("CARGO_BIN_EXE_kith"));
            command
        } else {
            kith()
        };
        command.arg("--db").arg(&db).args(args).output().unwrap()
    };
    if root {
        fs::set_permissions(place.path(), fs::Permissions::from_mode(0o755)).unwrap();
        for path in [&folder, &db] {
            chown(path, Some(65534), Some(65534)).unwrap();
        }
        match Command::new("setpriv")
            .args(["--reuid=65534", "--", "true"])
            .output()
        {
            Ok(output) if output.status.success() => {}
            _ => {
                println!("skipping: cannot run a command as nobody with setpriv");
                return;
            }
        }
    }
    fs::set_permissions(&db, fs::Permissions::from_mode(0o400)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o500)).unwrap();
    let listed = as_user(&["contact", "list"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(stdout(&listed).contains("Ada Lovelace"));
    let checked = as_user(&["check"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let added = as_user(&["contact", "add", "Mary Somerville"]);
    assert_eq!(added.status.code(), Some(1));
    assert!(
        stderr(&added)
            .contains("Kith can only read this database now: the database file is read-only"),
        "{}",
        stderr(&added)
    );
    // With the file writable but not the folder, SQLite cannot make its
    // log: the folder is what is read-only.
    fs::set_permissions(&db, fs::Permissions::from_mode(0o600)).unwrap();
    let added = as_user(&["contact", "add", "Mary Somerville"]);
    assert_eq!(added.status.code(), Some(1));
    assert!(
        stderr(&added).contains(
            "Kith can only read this database now: the folder is read-only (you may not create files in it)"
        ),
        "{}",
        stderr(&added)
    );
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(files_in(&folder), ["kith.sqlite3", "kith.sqlite3.lock"]);
}
