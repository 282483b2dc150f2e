//! A database protected by a passphrase, through the store, on temp files:
//! setting, changing and removing it, wrong and missing passphrases, the
//! backups, and what a byte search of the files finds.
//!
//! Keys are kept per process (see `store::cipher`); a test that wants to
//! see what a process without the passphrase sees forgets the key first
//! ([`forget_key`]).

mod common;

use std::path::{Path, PathBuf};

use common::{NOW, Place, add_person, at, dump_connection, populated};
use kith::domain::{Field, Passphrase};
use kith::store::{
    self, FileProblem, PassphraseChange, Store, StoreError, change_passphrase, forget_key, unlock,
};

fn pass(text: &str) -> Passphrase {
    Passphrase::new(Field::Passphrase, text.to_owned()).unwrap()
}

/// What a person wrote that must never be readable in the files.
const SECRET: &str = "confided the diagnosis";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// The database, its side files and every file in its backups folder.
fn every_file(place: &Place) -> Vec<PathBuf> {
    let mut files = vec![place.db.clone()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", place.db.display()));
        if side.exists() {
            files.push(side);
        }
    }
    if let Ok(entries) = std::fs::read_dir(place.backups()) {
        files.extend(entries.map(|e| e.unwrap().path()));
    }
    files
}

/// Every row, read with SQLCipher's own passphrase handling (not Kith's
/// derived key): the files are standard SQLCipher 4 files.
fn dump_with(path: &Path, passphrase: Option<&str>) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    if let Some(passphrase) = passphrase {
        conn.pragma_update(None, "key", passphrase).unwrap();
    }
    dump_connection(&conn)
}

fn opens_with(path: &Path, passphrase: &str) -> bool {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "key", passphrase).unwrap();
    conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get::<_, i64>(0))
        .is_ok()
}

/// A database with people whose notes hold [`SECRET`], a plain manual
/// backup of it, and no connection left open.
fn database_with_a_backup() -> (Place, Vec<String>) {
    let place = Place::new();
    let mut store = populated(&place.db);
    add_person(&mut store, "Grace Hopper", SECRET);
    store.backup(at(NOW)).unwrap();
    drop(store);
    let rows = dump_with(&place.db, None);
    (place, rows)
}

fn set(place: &Place, text: &str) -> store::Rekeyed {
    change_passphrase(&place.db, &PassphraseChange::Set(pass(text)), at(NOW)).unwrap()
}

#[test]
fn setting_a_passphrase_leaves_no_plain_text_in_the_database_its_log_or_any_backup() {
    let (place, rows) = database_with_a_backup();
    // (The log and its index are empty once the last connection closed.)
    for file in every_file(&place)
        .iter()
        .filter(|f| !f.to_string_lossy().ends_with("-shm"))
    {
        if std::fs::metadata(file).unwrap().len() == 0 {
            continue;
        }
        assert!(
            contains(&std::fs::read(file).unwrap(), SECRET),
            "the test looks for text that is there before: {}",
            file.display()
        );
    }
    let rekeyed = set(&place, "tide pools");
    assert!(rekeyed.encrypted);
    // The manual backup and the one taken first.
    assert_eq!(rekeyed.rewritten.len(), 2, "{rekeyed:?}");
    assert!(rekeyed.left.is_empty(), "{rekeyed:?}");
    // Written through the store too, so that a log exists.
    {
        let mut store = Store::open(&place.db).unwrap();
        add_person(&mut store, "Katherine Johnson", SECRET);
        let files = every_file(&place);
        assert!(files.iter().any(|f| f.to_string_lossy().ends_with("-wal")));
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            for text in [SECRET, "Grace Hopper", "Katherine Johnson", "Ada Lovelace"] {
                assert!(
                    !contains(&bytes, text),
                    "{text} readable in {}",
                    file.display()
                );
            }
            assert_eq!(common::mode(file), 0o600, "{}", file.display());
        }
    }
    assert!(store::is_encrypted(&place.db));
    // Everything is there, read by SQLCipher from the passphrase alone.
    let after = dump_with(&place.db, Some("tide pools"));
    assert!(after.len() > rows.len());
    assert!(rows.iter().all(|row| after.contains(row)));
    for backup in every_file(&place)
        .iter()
        .filter(|f| f.starts_with(place.backups()))
    {
        assert!(opens_with(backup, "tide pools"), "{}", backup.display());
    }
}

#[test]
fn without_the_passphrase_or_with_a_wrong_one_nothing_is_read_or_written() {
    let (place, _) = database_with_a_backup();
    set(&place, "tide pools");
    forget_key(&place.db);
    let before = std::fs::read(&place.db).unwrap();
    let files_before = common::files_in(place.db.parent().unwrap());

    match Store::open(&place.db) {
        Err(StoreError::File {
            problem: FileProblem::Encrypted,
            ..
        }) => {}
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("opened without the passphrase"),
    }
    let wrong = unlock(&place.db, &pass("tide pool")).unwrap_err();
    assert!(
        matches!(wrong, StoreError::WrongPassphrase { .. }),
        "{wrong:?}"
    );
    assert_eq!(
        wrong.to_string(),
        "That passphrase does not open this database"
    );
    assert!(store::is_encrypted(&place.db));
    assert!(Store::open(&place.db).is_err());
    assert_eq!(std::fs::read(&place.db).unwrap(), before);
    assert_eq!(common::files_in(place.db.parent().unwrap()), files_before);

    unlock(&place.db, &pass("tide pools")).unwrap();
    let store = Store::open(&place.db).unwrap();
    assert!(store.is_encrypted());
    assert!(store.contact_count().unwrap() > 1);
    store.check_integrity().unwrap();
}

#[test]
fn change_and_remove_round_trip_with_every_record_intact() {
    let (place, rows) = database_with_a_backup();
    set(&place, "tide pools");
    let changed = change_passphrase(
        &place.db,
        &PassphraseChange::Change(pass("rock pools")),
        at(NOW),
    )
    .unwrap();
    assert!(changed.encrypted);
    // The two backups of setting, and the one taken before changing.
    assert_eq!(changed.rewritten.len(), 3, "{changed:?}");
    assert!(!opens_with(&place.db, "tide pools"));
    assert_eq!(dump_with(&place.db, Some("rock pools")), rows);
    for backup in &changed.rewritten {
        assert!(opens_with(backup, "rock pools"), "{}", backup.display());
        assert!(!opens_with(backup, "tide pools"), "{}", backup.display());
    }

    let removed = change_passphrase(&place.db, &PassphraseChange::Remove, at(NOW)).unwrap();
    assert!(!removed.encrypted);
    assert!(!store::is_encrypted(&place.db));
    assert_eq!(dump_with(&place.db, None), rows);
    // Every backup stays encrypted, the new one too, and says so.
    assert_eq!(removed.still_encrypted.len(), 4, "{removed:?}");
    for backup in &removed.still_encrypted {
        assert!(opens_with(backup, "rock pools"), "{}", backup.display());
    }
    // The plain database opens in a process that has no key at all.
    forget_key(&removed.still_encrypted[0]);
    let store = Store::open(&place.db).unwrap();
    assert!(!store.is_encrypted());
    store.check_integrity().unwrap();
}

#[test]
fn an_encrypted_backup_is_listed_and_restored_with_its_passphrase() {
    let (place, rows) = database_with_a_backup();
    let rekeyed = set(&place, "tide pools");
    change_passphrase(&place.db, &PassphraseChange::Remove, at(NOW)).unwrap();
    let backup = rekeyed.backup.path;
    forget_key(&backup);
    // Unreadable without the passphrase: listed, but not as a database.
    let listed = store::list_backups(&place.db).unwrap();
    assert!(listed.iter().all(|b| b.people.is_none()), "{listed:?}");
    assert!(store::restore(&place.db, &backup, at(NOW)).is_err());
    assert_eq!(dump_with(&place.db, None), rows);

    unlock(&backup, &pass("tide pools")).unwrap();
    let restored = store::restore(&place.db, &backup, at(NOW)).unwrap();
    assert!(restored.people > 0);
    // The restored database is the backup: encrypted with its passphrase.
    assert!(store::is_encrypted(&place.db));
    assert_eq!(dump_with(&place.db, Some("tide pools")), rows);
}

#[test]
fn setting_twice_or_changing_what_has_none_is_refused_and_changes_nothing() {
    let (place, _) = database_with_a_backup();
    let before = std::fs::read(&place.db).unwrap();
    for change in [
        PassphraseChange::Change(pass("rock pools")),
        PassphraseChange::Remove,
    ] {
        let error = change_passphrase(&place.db, &change, at(NOW)).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("is not protected by a passphrase"),
            "{error}"
        );
    }
    assert_eq!(std::fs::read(&place.db).unwrap(), before);
    set(&place, "tide pools");
    let error = change_passphrase(
        &place.db,
        &PassphraseChange::Set(pass("rock pools")),
        at(NOW),
    )
    .unwrap_err();
    assert!(error.to_string().contains("already protected"), "{error}");
    assert!(opens_with(&place.db, "tide pools"));
}

#[test]
fn a_temporary_file_left_by_a_crash_is_never_opened_and_is_cleaned_up() {
    let (place, rows) = database_with_a_backup();
    // What a change killed before its rename leaves: a half-written file.
    let leftover = place
        .db
        .with_file_name(".kith.sqlite3.passphrase.4194304.tmp");
    std::fs::write(&leftover, b"half a database").unwrap();
    assert_eq!(dump_with(&place.db, None), rows);
    Store::open(&place.db).unwrap();
    set(&place, "tide pools");
    assert!(!leftover.exists());
    let names = common::files_in(place.db.parent().unwrap());
    assert!(names.iter().all(|name| !name.contains(".tmp")), "{names:?}");
    assert_eq!(dump_with(&place.db, Some("tide pools")), rows);
}

#[test]
fn a_damaged_page_of_an_encrypted_database_is_reported_as_damage() {
    let (place, _) = database_with_a_backup();
    set(&place, "tide pools");
    let mut bytes = std::fs::read(&place.db).unwrap();
    assert!(bytes.len() > 4096 * 4);
    let at_page = 4096 * 3 + 100;
    bytes[at_page] ^= 0x40;
    std::fs::write(&place.db, &bytes).unwrap();
    let error = Store::open(&place.db)
        .and_then(|store| store.check_integrity())
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::File { problem, .. } if problem.is_damage()),
        "{error:?}"
    );
}
