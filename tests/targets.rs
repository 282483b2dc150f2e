//! Kith never writes over its own database, its companions or its backups,
//! nor over any database or anything that is not a regular file: `kith
//! export` and `kith backup --to` refuse them (exit status 1, a message
//! naming the file and why) and touch nothing; a `--db` naming another
//! database's companion is refused before anything is created; a restore
//! through a symbolic link restores the file the link leads to.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use kith::store::{Store, StoreError, TargetProblem};

/// What is at a path, to compare before and after: a regular file's size
/// and a digest of its bytes, the kind (and a link's target) for anything
/// else.
#[derive(Debug, PartialEq)]
enum State {
    Missing,
    File { size: usize, digest: u64 },
    Link(PathBuf),
    Other(String),
}

fn state(path: &Path) -> State {
    use std::hash::{Hash, Hasher};
    let Ok(meta) = fs::symlink_metadata(path) else {
        return State::Missing;
    };
    if meta.is_symlink() {
        State::Link(fs::read_link(path).unwrap())
    } else if meta.is_file() {
        let bytes = fs::read(path).unwrap();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        State::File {
            size: bytes.len(),
            digest: hasher.finish(),
        }
    } else {
        State::Other(format!("{:?}", meta.file_type()))
    }
}

/// Every file under `dir`, with its state: nothing appears, nothing
/// changes.
fn tree(dir: &Path) -> Vec<(PathBuf, State)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                found.push((path, State::Other("folder".into())));
            } else {
                found.push((path.clone(), state(&path)));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// A closed database of another application.
fn foreign_database(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();
}

fn make_node(args: &[&str]) -> Result<(), String> {
    let output = Command::new(args[0])
        .args(&args[1..])
        .output()
        .map_err(|e| format!("{}: {e}", args[0]))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(stderr(&output))
    }
}

/// Runs `kith export` and `kith backup --to` at `target` from `cwd`: both
/// must fail with exit status 1 and one line naming the target and saying
/// `why`.
fn both_refuse(db: &Path, cwd: &Path, target: &str, why: &str) {
    for args in [
        &["export", "--format", "json", target][..],
        &["backup", "--to", target],
    ] {
        let output = kith()
            .current_dir(cwd)
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert_eq!(
            message,
            format!("kith: {target}: {why}; Kith does not write over it, choose another file\n"),
            "{args:?}"
        );
        assert_eq!(stdout(&output), "", "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn exports_and_backups_never_write_over_the_database_its_companions_or_any_database() {
    use std::os::unix::fs::symlink;
    let place = Place::new();
    let store = populated(&place.db);
    let backup = store.backup(at(NOW)).unwrap().path;
    drop(store);
    let dir = place.dir.path();
    let data = place.db.parent().unwrap();
    let db = place.db.display().to_string();
    symlink(&place.db, dir.join("link.json")).unwrap();
    fs::hard_link(&place.db, dir.join("hard.json")).unwrap();
    fs::hard_link(&backup, dir.join("backup-copy.json")).unwrap();
    symlink(dir.join("nowhere.json"), dir.join("dangling.json")).unwrap();
    drop(populated(&dir.join("other.sqlite3")));
    foreign_database(&dir.join("recipes.sqlite3"));
    fs::create_dir(dir.join("folder.json")).unwrap();
    make_node(&["mkfifo", &dir.join("fifo.json").display().to_string()]).unwrap();
    // A device node of our own (the null device's numbers), never a real
    // one under /dev.
    let device = dir.join("device.json");
    let have_device = match make_node(&["mknod", &device.display().to_string(), "c", "1", "3"]) {
        Ok(()) => true,
        Err(why) => {
            println!("skipping the device node: {why}");
            false
        }
    };
    let in_backups = backup.display().to_string();
    let new_in_backups = place.backups().join("mine.json").display().to_string();
    let mut cases: Vec<(String, String)> = vec![
        (db.clone(), "is the database itself".into()),
        (
            "./data/../data/kith.sqlite3".into(),
            "is the database itself".into(),
        ),
        ("link.json".into(), "is the database itself".into()),
        ("hard.json".into(), "is the database itself".into()),
        (
            format!("{db}-wal"),
            "is the database's write-ahead log".into(),
        ),
        (
            format!("{db}-shm"),
            "is the database's shared-memory index".into(),
        ),
        (
            format!("{db}-journal"),
            "is the database's rollback journal".into(),
        ),
        (format!("{db}.lock"), "is the database's lock file".into()),
        (in_backups, "is a backup of this database".into()),
        (
            "backup-copy.json".into(),
            "is a backup of this database".into(),
        ),
        (
            new_in_backups,
            "is in this database's backups folder, where only Kith's backups go".into(),
        ),
        ("other.sqlite3".into(), "is a Kith database".into()),
        ("recipes.sqlite3".into(), "is an SQLite database".into()),
        (
            "recipes.sqlite3-wal".into(),
            format!(
                "is the write-ahead log of the database {}",
                dir.canonicalize()
                    .unwrap()
                    .join("recipes.sqlite3")
                    .display()
            ),
        ),
        ("folder.json".into(), "is a folder".into()),
        (
            "fifo.json".into(),
            "is a named pipe (FIFO), not a regular file".into(),
        ),
        (
            "dangling.json".into(),
            format!(
                "is a link to {}, which does not exist",
                dir.join("nowhere.json").display()
            ),
        ),
    ];
    if have_device {
        cases.push((
            "device.json".into(),
            "is a device, not a regular file".into(),
        ));
    }
    let before = tree(dir);
    let rows = dump(&place.db);
    for (target, why) in &cases {
        both_refuse(&place.db, dir, target, why);
    }
    // The database named x.json, exported with no --format.
    let json_db = data.join("x.json");
    drop(populated(&json_db));
    let output = kith()
        .current_dir(data)
        .args(["--db", "x.json", "export", "x.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("x.json: is the database itself"),
        "{}",
        stderr(&output)
    );
    assert!(run(&json_db, &["check"]).status.success());
    fs::remove_file(&json_db).unwrap();
    fs::remove_file(data.join("x.json.lock")).unwrap();
    assert_eq!(
        tree(dir),
        before,
        "nothing was written, created or replaced"
    );
    assert_eq!(dump(&place.db), rows);

    // What may be written: a new file, a regular file that is no database.
    let notes = dir.join("notes.txt");
    fs::write(&notes, "replace me").unwrap();
    for target in [notes.clone(), dir.join("new.json")] {
        let path = target.display().to_string();
        let exported = run(&place.db, &["export", "--format", "json", &path]);
        assert!(exported.status.success(), "{}", stderr(&exported));
        assert!(fs::read_to_string(&target).unwrap().starts_with('{'));
    }
    let copy = dir.join("copy.sqlite3");
    let backed = run(&place.db, &["backup", "--to", &copy.display().to_string()]);
    assert!(backed.status.success(), "{}", stderr(&backed));
    assert_eq!(dump(&copy), rows);
    // Through a link to a regular file: the file is written, the link stays.
    let target = dir.join("target.json");
    fs::write(&target, "old").unwrap();
    symlink(&target, dir.join("to-target.json")).unwrap();
    let through = run(
        &place.db,
        &[
            "export",
            "--format",
            "json",
            &dir.join("to-target.json").display().to_string(),
        ],
    );
    assert!(through.status.success(), "{}", stderr(&through));
    assert!(
        fs::symlink_metadata(dir.join("to-target.json"))
            .unwrap()
            .is_symlink()
    );
    assert!(fs::read_to_string(&target).unwrap().starts_with('{'));
}

#[test]
fn a_backup_to_a_file_never_writes_over_a_database() {
    let place = Place::new();
    let store = populated(&place.db);
    let dir = place.dir.path();
    let dest = dir.join("usb").join("kith-copy.sqlite3");
    let first = store.backup_to(&dest, at(NOW)).unwrap();
    assert_eq!(first.people, Some(3));
    assert_eq!(dump(&dest), dump(&place.db));
    let copy = fs::read(&dest).unwrap();
    let text = dir.join("notes.txt");
    fs::write(&text, "keep me").unwrap();
    // Another database that is open right now is not replaced either.
    let other = dir.join("other.sqlite3");
    let open_elsewhere = Store::open(&other).unwrap();
    let other_before = dump(&other);
    for (target, expected) in [
        // Again over the same file: it is a database now.
        (dest.clone(), "is a Kith database"),
        (other.clone(), "is a Kith database"),
        (place.db.clone(), "is the database itself"),
        (dir.to_owned(), "is a folder"),
    ] {
        let message = store.backup_to(&target, at(NOW)).unwrap_err().to_string();
        assert!(message.contains(expected), "{message}");
    }
    assert_eq!(fs::read(&dest).unwrap(), copy);
    assert_eq!(dump(&other), other_before);
    drop(open_elsewhere);
    // A regular file that is no database may be replaced, as by an export.
    store.backup_to(&text, at(NOW)).unwrap();
    assert_eq!(dump(&text), dump(&place.db));
}

/// While another connection has the database open, with changes in its
/// log, and a window holds its lock: exports onto the log, its index and
/// the lock are refused, no change it reported is lost, and a second
/// window is still kept out.
#[test]
fn the_companions_of_a_database_in_use_are_never_written_over() {
    let place = Place::new();
    let mut window = Store::open_for_window(&place.db).unwrap();
    add_person(&mut window, "Ada Lovelace", "engines");
    let db = place.db.display().to_string();
    for (suffix, why) in [
        ("-wal", "is the database's write-ahead log"),
        ("-shm", "is the database's shared-memory index"),
        (".lock", "is the database's lock file"),
    ] {
        let side = format!("{db}{suffix}");
        let before = fs::read(&side).unwrap();
        both_refuse(&place.db, place.dir.path(), &side, why);
        if suffix == "-wal" {
            assert_eq!(fs::read(&side).unwrap(), before);
        }
        add_person(&mut window, &format!("Grace {suffix}"), "logged meanwhile");
    }
    let second = try_to_hold(&place.db);
    assert_eq!(second.status.code(), Some(1));
    assert!(stderr(&second).contains("is already open in another Kith window"));
    let reported = dump_connection(&read_only(&place.db));
    drop(window);
    assert_eq!(dump(&place.db), reported);
    assert_eq!(Store::open(&place.db).unwrap().contact_count().unwrap(), 4);
    let checked = run(&place.db, &["check"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
}

#[test]
fn the_rule_is_one_function_with_typed_reasons() {
    let place = Place::new();
    let store = populated(&place.db);
    match store.check_write_target(&place.db) {
        Err(StoreError::Target { path, problem }) => {
            assert_eq!(path, place.db);
            assert_eq!(problem, TargetProblem::Database);
        }
        other => panic!("{other:?}"),
    }
    store
        .check_write_target(&place.dir.path().join("fine.json"))
        .unwrap();
    // A database in memory has no companions, but the rest holds.
    let memory = Store::open_in_memory().unwrap();
    assert!(matches!(
        memory.check_write_target(&place.db),
        Err(StoreError::Target {
            problem: TargetProblem::KithDatabase,
            ..
        })
    ));
}

/// `--db` naming another database's `-wal`, `-shm`, `-journal` or `.lock`
/// is refused before anything is created or written; the next command on
/// the database finds everything.
#[test]
fn a_db_path_naming_a_companion_of_another_database_is_refused() {
    let place = Place::new();
    drop(populated(&place.db));
    let db = place.db.display().to_string();
    let before = tree(place.dir.path());
    for suffix in ["-wal", "-shm", "-journal", ".lock"] {
        let side = PathBuf::from(format!("{db}{suffix}"));
        for args in [
            &["contact", "add", "Lost Person"][..],
            &["contact", "list"],
            &["restore", &db],
        ] {
            let output = run(&side, args);
            assert_eq!(output.status.code(), Some(1), "{suffix} {args:?}");
            let message = stderr(&output);
            assert!(
                message.contains(&format!("{}: is the ", side.display()))
                    && message.contains(&format!("of the database {db}, not a database")),
                "{message}"
            );
        }
        assert!(matches!(
            Store::open_for_window(&side),
            Err(StoreError::File { .. })
        ));
    }
    assert_eq!(tree(place.dir.path()), before);
    // A lock file left by a window is refused too, not read as an empty
    // database.
    drop(Store::open_for_window(&place.db).unwrap());
    let lock = format!("{db}.lock");
    assert!(stderr(&run(Path::new(&lock), &["contact", "list"])).contains("lock file of"));
    assert_eq!(Store::open(&place.db).unwrap().contact_count().unwrap(), 3);
}

/// A restore through a symbolic link restores the file it leads to, keeps
/// the replaced one in the backups beside that file, and leaves the link a
/// link.
#[cfg(unix)]
#[test]
fn a_restore_through_a_link_restores_the_file_it_leads_to() {
    let place = Place::new();
    let store = populated(&place.db);
    let backup = store.backup(at(NOW)).unwrap().path;
    let expected = dump(&place.db);
    drop(store);
    assert!(run(&place.db, &["contact", "delete", "1"]).status.success());
    let links = place.dir.path().join("links");
    fs::create_dir(&links).unwrap();
    let link = links.join("mine.sqlite3");
    std::os::unix::fs::symlink(&place.db, &link).unwrap();

    let restored = run(&link, &["restore", &backup.display().to_string()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert_eq!(fs::read_link(&link).unwrap(), place.db, "the link stays");
    assert_eq!(dump(&place.db), expected);
    assert_eq!(
        files_in(&links),
        ["mine.sqlite3"],
        "nothing beside the link"
    );
    let kept: Vec<String> = files_in(&place.backups())
        .into_iter()
        .filter(|name| name.contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", files_in(&place.backups()));
    // Writes through the link land in the restored file.
    assert!(
        run(&link, &["contact", "add", "Mary Somerville"])
            .status
            .success()
    );
    let listed = stdout(&run(&place.db, &["contact", "list"]));
    assert!(listed.contains("Mary Somerville") && listed.contains("Ada Lovelace"));
    // The backups are listed, and restored by name, through the link too.
    let name = backup.file_name().unwrap().to_str().unwrap();
    assert!(stdout(&run(&link, &["backup", "--list"])).contains(name));
    assert!(run(&link, &["restore", name]).status.success());
    assert_eq!(fs::read_link(&link).unwrap(), place.db);
}
