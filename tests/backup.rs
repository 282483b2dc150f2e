//! Backups and restore on real files: what a backup holds, when automatic
//! backups are taken and thinned, the backup before an upgrade, restoring,
//! and the permissions of every file Kith writes.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use common::*;
use kith::store::{AutoBackup, BackupKind, LATEST_VERSION, Store, StoreError, list_backups};

fn a_backup_is_a_checked_single_file_holding_everything(mode: Mode) {
    let place = Place::new_in(mode);
    let store = populated(&place.db);
    let backup = store.backup(at(NOW)).unwrap();
    assert_eq!(backup.kind, BackupKind::Manual);
    assert_eq!(backup.people, Some(3));
    assert_eq!(
        backup.path,
        place
            .backups()
            .join("kith-2026-11-22T10-00-00-manual.sqlite3")
    );
    assert_eq!(backup.size_bytes, fs::metadata(&backup.path).unwrap().len());
    // One self-contained file in rollback mode: nothing beside it, and the
    // header's format bytes say "no WAL".
    assert_eq!(
        files_in(&place.backups()),
        ["kith-2026-11-22T10-00-00-manual.sqlite3"]
    );
    mode.assert_file(&backup.path);
    if mode == Mode::Plain {
        let header = fs::read(&backup.path).unwrap();
        assert_eq!((header[18], header[19]), (1, 1));
    }
    // What SQLite reads in the header (decrypted, when encrypted).
    let journal = |path: &Path| -> String {
        read_only(path)
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(journal(&backup.path), "delete");
    assert_eq!(journal(&place.db), "wal");
    assert_eq!(dump(&backup.path), dump(&place.db));
    let check: String = read_only(&backup.path)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert!(files_in(&place.backups()).len() == 1, "no side files left");

    // A second one in the same second gets its own name; the list is
    // newest first with sizes and people.
    let second = store.backup(at(NOW)).unwrap();
    assert_eq!(
        second.path,
        place
            .backups()
            .join("kith-2026-11-22T10-00-00-manual-2.sqlite3")
    );
    let listed = list_backups(&place.db).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .all(|b| b.people == Some(3) && b.size_bytes > 0)
    );
}

fn backups_taken_while_another_process_writes_are_consistent(mode: Mode) {
    let place = Place::new_in(mode);
    drop(Store::open(&place.db).unwrap());
    // A real writer: ten interactions per transaction, as fast as it can.
    let mut writer = kith()
        .arg("--db")
        .arg(&place.db)
        .args(["__test", "write-loop", "--batch", "10"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    let reader = std::thread::spawn(move || lines.map_while(Result::ok).count());

    let store = Store::open(&place.db).unwrap();
    let mut seen = Vec::new();
    for _ in 0..12 {
        std::thread::sleep(std::time::Duration::from_millis(40));
        let backup = store.backup(at(NOW)).unwrap();
        let conn = read_only(&backup.path);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let notes: Vec<u64> = conn
            .prepare("SELECT note FROM interactions ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|note| note.unwrap()["write ".len()..].parse().unwrap())
            .collect();
        // Whole transactions only, in order, and the summary written in
        // the same transaction agrees with the rows.
        assert_eq!(notes.len() % 10, 0, "a transaction was split");
        assert_eq!(notes, (0..notes.len() as u64).collect::<Vec<_>>());
        let summary: i64 = conn
            .query_row(
                "SELECT interaction_count FROM contacts WHERE name = 'Crash Test'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(summary as usize, notes.len());
        seen.push(notes.len());
        fs::remove_file(&backup.path).unwrap();
    }
    writer.kill().unwrap();
    writer.wait().unwrap();
    let reported = reader.join().unwrap();
    seen.dedup();
    assert!(
        seen.len() >= 3,
        "the writer should have been writing during the backups: {seen:?} ({reported} reported)"
    );
}

fn automatic_backups_are_daily_and_only_after_changes(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);

    let first = match store.auto_backup(at("2026-11-22 09:00")).unwrap() {
        AutoBackup::Taken { backup, removed } => {
            assert!(removed.is_empty());
            backup
        }
        other => panic!("expected a backup, got {other:?}"),
    };
    assert_eq!(first.kind, BackupKind::Automatic);
    assert_eq!(
        first.path.file_name().unwrap(),
        "kith-2026-11-22T09-00-00.sqlite3"
    );
    // Same day, even after a change: not again.
    common::add_person(&mut store, "Mary Somerville", "translated Laplace");
    assert_eq!(
        store.auto_backup(at("2026-11-22 23:00")).unwrap(),
        AutoBackup::AlreadyToday
    );
    // Next day: the change since the last backup is backed up.
    assert!(matches!(
        store.auto_backup(at("2026-11-23 08:00")).unwrap(),
        AutoBackup::Taken { .. }
    ));
    // The day after, with nothing changed: no backup.
    assert_eq!(
        store.auto_backup(at("2026-11-24 08:00")).unwrap(),
        AutoBackup::Unchanged
    );
    // Any kind of change counts, even a setting.
    store.set_setting("cadence_trusted", "60").unwrap();
    assert!(matches!(
        store.auto_backup(at("2026-11-24 18:00")).unwrap(),
        AutoBackup::Taken { .. }
    ));
    // The free function does the same on a connection of its own (for a
    // background thread) while the store stays open.
    assert_eq!(
        kith::store::auto_backup(&place.db, at("2026-11-25 08:00")).unwrap(),
        AutoBackup::Unchanged
    );
    let _ = store
        .set_archived(kith::domain::ContactId(1), true, at(NOW))
        .unwrap();
    assert!(matches!(
        kith::store::auto_backup(&place.db, at("2026-11-25 08:00")).unwrap(),
        AutoBackup::Taken { .. }
    ));
    assert_eq!(files_in(&place.backups()).len(), 4);
}

fn automatic_backups_are_thinned_by_date(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let start = day("2026-01-01");
    // A change and an automatic backup every day for 100 days.
    for n in 0..100 {
        let today = start + chrono::Duration::days(n);
        store
            .set_setting("cadence_trusted", &(30 + n % 2).to_string())
            .unwrap();
        let now = today.and_hms_opt(9, 0, 0).unwrap();
        assert!(matches!(
            store.auto_backup(now).unwrap(),
            AutoBackup::Taken { .. }
        ));
    }
    let last = start + chrono::Duration::days(99); // 2026-04-10, a Friday
    let kept: Vec<_> = list_backups(&place.db)
        .unwrap()
        .into_iter()
        .map(|b| b.taken_at.date())
        .collect();
    // Seven days (today's among them), the newest of four weeks (the two
    // newest weeks are kept already), and the last day of every month.
    let mut expected: Vec<_> = (0..7)
        .map(|back| last - chrono::Duration::days(back))
        .collect();
    expected.extend(
        [
            "2026-03-31",
            "2026-03-29",
            "2026-03-22",
            "2026-02-28",
            "2026-01-31",
        ]
        .map(day),
    );
    assert_eq!(kept, expected);
}

/// A database as the first release of Kith wrote it (schema 1), with one
/// person.
fn schema_one(path: &Path) {
    kith::private_files::create_dir_all(path.parent().unwrap()).unwrap();
    drop(kith::private_files::create_new(path).unwrap());
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(include_str!("../src/store/sql/001_init.sql"))
        .unwrap();
    conn.execute_batch(
        "INSERT INTO contacts (uuid, name, created_at, updated_at)
             VALUES ('8d6c5d0e-3c71-4b7a-9a55-0ad1c1f3b9a1', 'Ada Lovelace', 0, 0);
         PRAGMA user_version = 1;",
    )
    .unwrap();
}

#[test]
fn a_backup_is_taken_before_upgrading_an_older_database() {
    let place = Place::new();
    schema_one(&place.db);
    let before = dump(&place.db);
    let store = Store::open(&place.db).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let backups = list_backups(&place.db).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, BackupKind::BeforeUpgrade);
    assert_eq!(backups[0].people, Some(1));
    let old = read_only(&backups[0].path);
    let version: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    assert_eq!(dump(&backups[0].path), before);
    drop(store);
    // Opening an up-to-date database takes no such backup.
    drop(Store::open(&place.db).unwrap());
    assert_eq!(list_backups(&place.db).unwrap().len(), 1);
}

#[test]
fn an_upgrade_does_not_run_if_its_backup_cannot_be_taken() {
    let place = Place::new();
    schema_one(&place.db);
    // Something that is not a folder where the backups go.
    fs::write(place.backups(), "in the way").unwrap();
    let bytes = fs::read(&place.db).unwrap();
    assert!(Store::open(&place.db).is_err());
    assert_eq!(fs::read(&place.db).unwrap(), bytes);
    let conn = read_only(&place.db);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

fn restoring_a_backup_brings_back_exactly_what_it_held(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let backup = store.backup(at(NOW)).unwrap();
    let backed_up = dump(&place.db);
    // Life goes on: someone deleted, someone added, someone edited.
    let _ = store.delete_contact(kith::domain::ContactId(2)).unwrap();
    add_person(&mut store, "Mary Somerville", "translated Laplace");
    let mut ada = store.contact(kith::domain::ContactId(1)).unwrap().fields;
    ada.notes = "changed".into();
    store
        .update_contact(kith::domain::ContactId(1), ada, at(NOW))
        .unwrap();
    drop(store);
    let replaced = dump(&place.db);

    let restored = kith::store::restore(&place.db, &backup.path, at("2026-11-22 11:00")).unwrap();
    assert_eq!(restored.people, 3);
    assert_eq!(dump(&place.db), backed_up);
    let kept = restored.kept.unwrap();
    assert_eq!(
        kept.file_name().unwrap(),
        "kith-2026-11-22T11-00-00-before-restore.sqlite3"
    );
    assert_eq!(dump(&kept), replaced);
    for file in [&place.db, &backup.path, &kept] {
        mode.assert_file(file);
    }
    // Nothing half-done is left beside the database.
    assert_eq!(
        files_in(place.db.parent().unwrap()),
        ["backups", "kith.sqlite3", "kith.sqlite3.lock"]
    );
    // It opens, and the next automatic backup sees a change.
    let store = Store::open(&place.db).unwrap();
    assert_eq!(store.contact_count().unwrap(), 3);
    assert!(matches!(
        store.auto_backup(at("2026-11-23 12:00")).unwrap(),
        AutoBackup::Taken { .. }
    ));
}

fn restoring_where_nothing_is_creates_the_database(mode: Mode) {
    let place = Place::new_in(mode);
    let backup = populated(&place.db).backup(at(NOW)).unwrap().path;
    let backed_up = dump(&place.db);
    // A new machine: only the backup was copied over.
    let elsewhere = place.dir.path().join("new-machine").join("kith.sqlite3");
    let restored = kith::store::restore(&elsewhere, &backup, at(NOW)).unwrap();
    assert_eq!(restored.kept, None);
    assert_eq!(restored.people, 3);
    assert_eq!(dump(&elsewhere), backed_up);
    mode.assert_file(&elsewhere);
    #[cfg(unix)]
    assert_eq!(common::mode(&elsewhere), 0o600);
    assert_eq!(
        files_in(elsewhere.parent().unwrap()),
        ["kith.sqlite3", "kith.sqlite3.lock"]
    );
}

fn a_window_restores_through_its_own_store_and_keeps_the_database(mode: Mode) {
    let place = Place::new_in(mode);
    let store = populated(&place.db);
    let backup = store.backup(at(NOW)).unwrap();
    drop(store);
    let mut window = Store::open_for_window(&place.db).unwrap();
    let _ = window.delete_contact(kith::domain::ContactId(1)).unwrap();
    assert_eq!(window.contact_count().unwrap(), 2);
    let restored = window.restore_from(&backup.path, at(NOW)).unwrap();
    assert_eq!(restored.people, 3);
    assert_eq!(window.contact_count().unwrap(), 3);
    assert!(window.is_window());
    assert!(matches!(
        Store::open_for_window(&place.db),
        Err(StoreError::AlreadyOpen { .. })
    ));
    // A failed restore leaves the window's store working on the old data.
    let junk = place.dir.path().join("junk.sqlite3");
    fs::write(&junk, "not a database").unwrap();
    assert!(window.restore_from(&junk, at(NOW)).is_err());
    assert_eq!(window.contact_count().unwrap(), 3);
}

fn restore_checks_the_backup_before_touching_anything(mode: Mode) {
    let place = Place::new_in(mode);
    let store = populated(&place.db);
    let good = store.backup(at(NOW)).unwrap().path;
    drop(store);
    let dir = place.dir.path();
    let text = dir.join("notes.txt");
    fs::write(&text, "Dear diary".repeat(100)).unwrap();
    let foreign = dir.join("recipes.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();
    let bytes = fs::read(&good).unwrap();
    let truncated = dir.join("truncated.sqlite3");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    // Damage deep inside, where only a full check looks: the last page.
    let damaged = dir.join("damaged.sqlite3");
    let mut flipped = bytes.clone();
    let page = flipped.len() - 4096;
    for byte in &mut flipped[page..page + 8] {
        *byte ^= 0xFF;
    }
    fs::write(&damaged, &flipped).unwrap();
    let newer = dir.join("newer.sqlite3");
    fs::copy(&good, &newer).unwrap();
    connect(&newer)
        .pragma_update(None, "user_version", LATEST_VERSION + 1)
        .unwrap();

    let before = fs::read(&place.db).unwrap();
    let backups_before = files_in(&place.backups());
    // Only a plain header says how long the file should be; encrypted, a
    // file cut short is found damaged when SQLite reads it.
    let cut_short = match mode {
        Mode::Plain => "cut short",
        Mode::Encrypted => "is damaged",
    };
    for (backup, expected) in [
        (&text, "not an SQLite database at all"),
        (&foreign, "another application"),
        (&truncated, cut_short),
        (&damaged, "damaged"),
        (&newer, "newer version of Kith"),
        (&place.db, "is the database itself"),
    ] {
        let error = kith::store::restore(&place.db, backup, at(NOW)).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(expected),
            "{}: {message}",
            backup.display()
        );
        assert_eq!(fs::read(&place.db).unwrap(), before, "{}", backup.display());
        assert_eq!(files_in(&place.backups()), backups_before);
        let mut left = files_in(place.db.parent().unwrap());
        // Damage only a full check finds is found under the lock (Kith's
        // own lock file, beside its own database).
        left.retain(|name| name != "kith.sqlite3.lock");
        assert_eq!(
            left,
            ["backups", "kith.sqlite3"],
            "no temporary file is left"
        );
    }
}

fn restore_never_replaces_a_file_that_is_not_kiths(mode: Mode) {
    let place = Place::new_in(mode);
    let backup = populated(&place.db).backup(at(NOW)).unwrap().path;
    let dir = place.dir.path();
    let other = dir.join("diary.txt");
    fs::write(&other, "Dear diary").unwrap();
    let foreign = dir.join("o.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT);")
        .unwrap();
    let foreign_bytes = fs::read(&foreign).unwrap();
    // An empty file named with --db may be anything: it is not replaced
    // either (only at the default path is it what a first run left).
    let empty = dir.join("empty.sqlite3");
    fs::write(&empty, "").unwrap();
    for (target, says) in [
        (&other, "not an SQLite database at all"),
        (&foreign, "SQLite database of another application"),
        (&empty, "is an empty file (0 bytes)"),
    ] {
        let error = kith::store::restore(target, &backup, at(NOW)).unwrap_err();
        assert!(matches!(error, StoreError::Refused { .. }), "{error}");
        let message = error.to_string();
        assert!(message.contains("will not replace it"), "{message}");
        assert!(message.contains(says), "{message}");
        let output = run(target, &["restore", &backup.display().to_string()]);
        assert_eq!(output.status.code(), Some(1));
        assert!(stderr(&output).contains(says), "{}", stderr(&output));
    }
    assert_eq!(fs::read_to_string(&other).unwrap(), "Dear diary");
    assert_eq!(fs::read(&foreign).unwrap(), foreign_bytes);
    assert_eq!(fs::read(&empty).unwrap(), b"");
    assert_eq!(
        files_in(dir),
        ["data", "diary.txt", "empty.sqlite3", "o.sqlite3"],
        "no lock file, no backups folder beside them"
    );
}

/// At the default path, an empty file is what an interrupted first run
/// leaves: a restore replaces it.
fn restore_replaces_an_empty_file_at_the_default_path(mode: Mode) {
    let place = Place::new_in(mode);
    let backup = populated(&place.db).backup(at(NOW)).unwrap().path;
    let home = place.dir.path().join("home");
    let data = home.join(".local").join("share");
    let default = data.join("kith").join("kith.sqlite3");
    kith::private_files::create_dir_all(default.parent().unwrap()).unwrap();
    drop(kith::private_files::create_new(&default).unwrap());
    let output = kith()
        .env("HOME", &home)
        .env("XDG_DATA_HOME", &data)
        .args(["restore", &backup.display().to_string()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(dump(&default), dump(&place.db));
}

fn restore_replaces_a_damaged_database_and_keeps_it_with_its_log(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let backup = store.backup(at(NOW)).unwrap().path;
    let backed_up = dump(&place.db);
    // A log with changes the backup does not have, as a crash leaves it.
    add_person(&mut store, "Mary Somerville", "translated Laplace");
    let wal = fs::read(common_side(&place.db, "-wal")).unwrap();
    assert!(!wal.is_empty());
    drop(store);
    fs::write(common_side(&place.db, "-wal"), &wal).unwrap();
    // And the database cut short.
    let bytes = fs::read(&place.db).unwrap();
    fs::write(&place.db, &bytes[..bytes.len() / 3]).unwrap();
    let damaged = fs::read(&place.db).unwrap();
    match Store::open(&place.db) {
        Err(StoreError::File { .. }) => {}
        Err(other) => panic!("unexpected {other}"),
        Ok(_) => panic!("a damaged database was opened"),
    }

    let restored = kith::store::restore(&place.db, &backup, at("2026-11-22 11:00")).unwrap();
    let kept = restored.kept.unwrap();
    assert_eq!(fs::read(&kept).unwrap(), damaged);
    assert_eq!(fs::read(common_side(&kept, "-wal")).unwrap(), wal);
    // The old log went with it: it must never be applied to the restored
    // file.
    assert_eq!(side_files(&place.db), [".lock"]);
    assert_eq!(dump(&place.db), backed_up);
    assert_eq!(Store::open(&place.db).unwrap().contact_count().unwrap(), 3);
}

fn common_side(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

fn every_table_counts_its_changes(mode: Mode) {
    let place = Place::new_in(mode);
    drop(Store::open(&place.db).unwrap());
    let conn = read_only(&place.db);
    let tables: Vec<String> = conn
        .prepare(
            // The kept nudge facts are derived from the other tables and
            // change only with them (009_nudge_facts.sql).
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name <> 'change_counter'
             AND name NOT IN ('nudge_facts', 'nudge_facts_stale')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 8);
    for table in tables {
        for event in ["insert", "update", "delete"] {
            let trigger = format!("{table}_changed_{event}");
            let found: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?1
                     AND tbl_name = ?2 AND sql LIKE '%change_counter%'",
                    [&trigger, &table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                found, 1,
                "{trigger}: every table needs its change-counter triggers (003_change_counter.sql)"
            );
        }
    }
}

#[cfg(unix)]
fn every_file_kith_writes_is_readable_by_the_owner_only(mode: Mode) {
    let place = Place::new_in(mode);
    // The database, its -wal and -shm (checked while open), the lock file.
    let mut window = Store::open_for_window(&place.db).unwrap();
    add_person(&mut window, "Ada Lovelace", "engines");
    for side in ["-wal", "-shm", ".lock"] {
        assert_eq!(common::mode(&common_side(&place.db, side)), 0o600, "{side}");
    }
    // Backups of every kind: automatic, manual, --to, before a restore.
    window.auto_backup(at(NOW)).unwrap();
    let manual = window.backup(at(NOW)).unwrap();
    let elsewhere = place.dir.path().join("elsewhere").join("copy.sqlite3");
    window.backup_to(&elsewhere, at(NOW)).unwrap();
    window.restore_from(&manual.path, at(NOW)).unwrap();
    drop(window);
    // Before an upgrade.
    let old = place.dir.path().join("old").join("kith.sqlite3");
    schema_one(&old);
    drop(Store::open(&old).unwrap());
    // Before restoring over a damaged database (kept byte for byte).
    let bytes = fs::read(&place.db).unwrap();
    fs::write(&place.db, &bytes[..bytes.len() / 2]).unwrap();
    kith::store::restore(&place.db, &manual.path, at("2026-11-22 12:00")).unwrap();

    let mut checked = 0;
    let mut stack = vec![place.dir.path().to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                assert_eq!(common::mode(&path), 0o700, "{}", path.display());
                stack.push(path);
            } else {
                assert_eq!(common::mode(&path), 0o600, "{}", path.display());
            }
            checked += 1;
        }
    }
    let kinds: Vec<BackupKind> = list_backups(&place.db)
        .unwrap()
        .iter()
        .map(|b| b.kind)
        .collect();
    for kind in [
        BackupKind::Automatic,
        BackupKind::Manual,
        BackupKind::BeforeRestore,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
    assert_eq!(
        list_backups(&old).unwrap()[0].kind,
        BackupKind::BeforeUpgrade
    );
    assert!(checked >= 12, "{checked} files and folders checked");
}

fn the_command_line_backs_up_lists_and_restores(mode: Mode) {
    let place = Place::new_in(mode);
    drop(populated(&place.db));
    let backed = run(&place.db, &["backup"]);
    assert!(backed.status.success(), "{}", stderr(&backed));
    assert!(
        stdout(&backed).contains("Backed up 3 people to"),
        "{}",
        stdout(&backed)
    );
    let name = files_in(&place.backups()).pop().unwrap();
    let listed = run(&place.db, &["backup", "--list"]);
    assert!(stdout(&listed).contains(&name), "{}", stdout(&listed));
    assert!(stdout(&listed).contains("made by you"));
    let json: serde_json::Value =
        serde_json::from_slice(&run(&place.db, &["backup", "--list", "--json"]).stdout).unwrap();
    assert_eq!(json[0]["people"], 3);
    assert_eq!(json[0]["kind"], "manual");

    let before = dump(&place.db);
    assert!(run(&place.db, &["contact", "delete", "1"]).status.success());
    // By name in the backups folder.
    let restored = run(&place.db, &["restore", &name]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(stdout(&restored).contains("Restored 3 people"));
    assert!(stdout(&restored).contains("before-restore"));
    assert_eq!(dump(&place.db), before);
    let checked = run(&place.db, &["check"]);
    assert!(
        stdout(&checked).contains(": ok (3 people"),
        "{}",
        stdout(&checked)
    );

    // Refusals exit 1 with a message; bad usage exits 2.
    let missing = run(&place.db, &["restore", "no-such-backup.sqlite3"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).starts_with("kith: "),
        "{}",
        stderr(&missing)
    );
    assert_eq!(run(&place.db, &["restore"]).status.code(), Some(2));
    assert_eq!(
        run(&place.db, &["backup", "--to", "x", "--list"])
            .status
            .code(),
        Some(2)
    );
    let nowhere = place.dir.path().join("nothing.sqlite3");
    let nothing = run(&nowhere, &["backup"]);
    assert_eq!(nothing.status.code(), Some(1));
    assert!(!nowhere.exists());
    // The testing commands stay out of the help.
    let help = stdout(&kith().arg("--help").output().unwrap());
    assert!(!help.contains("__test"), "{help}");
    assert!(help.contains("backup") && help.contains("restore"));
}

both_modes!(
    a_backup_is_a_checked_single_file_holding_everything,
    backups_taken_while_another_process_writes_are_consistent,
    automatic_backups_are_daily_and_only_after_changes,
    automatic_backups_are_thinned_by_date,
    restoring_a_backup_brings_back_exactly_what_it_held,
    restoring_where_nothing_is_creates_the_database,
    a_window_restores_through_its_own_store_and_keeps_the_database,
    restore_checks_the_backup_before_touching_anything,
    restore_never_replaces_a_file_that_is_not_kiths,
    restore_replaces_an_empty_file_at_the_default_path,
    restore_replaces_a_damaged_database_and_keeps_it_with_its_log,
    every_table_counts_its_changes,
    every_file_kith_writes_is_readable_by_the_owner_only,
    the_command_line_backs_up_lists_and_restores,
);
