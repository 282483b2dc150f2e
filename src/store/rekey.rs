//! Setting, changing and removing a database's passphrase: the database
//! re-written encrypted with a new key (or plain), beside the old file,
//! checked, and renamed over it.
//!
//! The order of things, and why:
//!
//! 1. The database's lock is taken, as a restore takes it (a window on the
//!    database makes this fail with [`StoreError::AlreadyOpen`]; a window
//!    changes its own passphrase with [`Store::change_passphrase`]), and
//!    the database is switched out of WAL mode, which SQLite allows only
//!    when no other connection has it open (see `restore.rs`): from then
//!    on, nobody else writes to it until the rename.
//! 2. A backup is taken into the backups folder (`…-before-passphrase`),
//!    as the database is: encrypted when it has a passphrase.
//! 3. `sqlcipher_export` writes the whole database into a new file beside
//!    it (`.NAME.passphrase.PID.tmp`), encrypted with the new key, or
//!    plain; the schema version and application id, which the export does
//!    not copy, are set on it. The new file is checked (`quick_check` and
//!    Kith's own checks), synced, and renamed over the database: a crash
//!    leaves the old database or the new one, never a mix. A temporary
//!    file a crash left is removed by the next change, and never opened.
//! 4. After setting or changing a passphrase, every backup that is plain
//!    or encrypted with the old key is rewritten with the new one, the
//!    same way (a file beside it, checked, renamed over it): no plain copy
//!    stays in the backups folder. Removing a passphrase leaves the
//!    backups encrypted.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use super::backup::{self, BackupKind};
use super::cipher::{self, Key};
use super::file::{self, Found};
use super::{APPLICATION_ID, BackupInfo, DbLock, FileProblem, Result, Store, StoreError};
use crate::domain::Passphrase;

/// What to do with a database's passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassphraseChange {
    /// Protect a plain database with this passphrase.
    Set(Passphrase),
    /// Replace the passphrase of an encrypted database with this one.
    Change(Passphrase),
    /// Make an encrypted database plain again.
    Remove,
}

/// What a passphrase change did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rekeyed {
    /// The backup taken first.
    pub backup: BackupInfo,
    /// Whether the database is now encrypted.
    pub encrypted: bool,
    /// Backups rewritten with the new passphrase.
    pub rewritten: Vec<PathBuf>,
    /// Backups that are still encrypted with a passphrase that no longer
    /// opens the database (after removing it: every encrypted backup).
    pub still_encrypted: Vec<PathBuf>,
    /// Backups that could not be rewritten (damaged, or encrypted with a
    /// passphrase Kith was not given), with the reason.
    pub left: Vec<(PathBuf, String)>,
}

/// Sets, changes or removes the passphrase of the database at `db` (see
/// the module docs). An encrypted database must have been unlocked
/// ([`super::unlock`]) first.
pub fn change_passphrase(
    db: &Path,
    change: &PassphraseChange,
    now: NaiveDateTime,
) -> Result<Rekeyed> {
    let db = &crate::private_files::follow_links(db);
    file::refuse_side_file(db)?;
    check_state(db, change)?;
    let _lock = DbLock::acquire_waiting(db, std::time::Duration::from_secs(1))?;
    rekey_locked(db, change, now)
}

impl Store {
    /// Sets, changes or removes this database's passphrase and reopens it:
    /// Settings → "Protect with a passphrase…". The store keeps its window
    /// lock throughout. If the change fails, the database is as it was and
    /// the store is reopened on it.
    pub fn change_passphrase(
        &mut self,
        change: &PassphraseChange,
        now: NaiveDateTime,
    ) -> Result<Rekeyed> {
        let db = self.path.clone().ok_or_else(|| StoreError::Refused {
            path: PathBuf::from(":memory:"),
            reason: "an in-memory database cannot have a passphrase".to_owned(),
        })?;
        check_state(&db, change)?;
        let lock = match self.lock.take() {
            Some(lock) => lock,
            None => DbLock::acquire(&db)?,
        };
        // Close this store's connection: the change must be alone.
        self.conn = Connection::open_in_memory()?;
        let rekeyed = rekey_locked(&db, change, now);
        match Store::open_with(&db, super::Locking::Held(lock)) {
            Ok(reopened) => *self = reopened,
            Err(reopen) => return Err(rekeyed.err().unwrap_or(reopen)),
        }
        rekeyed
    }
}

/// Refuses a change that does not fit the database: setting a passphrase
/// on one that has one, changing or removing it on one that has none.
fn check_state(db: &Path, change: &PassphraseChange) -> Result<()> {
    let encrypted = match file::inspect(db, false)? {
        Found::Existing(header) => header.encrypted,
        Found::Missing | Found::EmptyNew => {
            return Err(StoreError::Refused {
                path: db.to_owned(),
                reason: "there is no database here".to_owned(),
            });
        }
    };
    let refuse = |reason: &str| {
        Err(StoreError::Refused {
            path: db.to_owned(),
            reason: reason.to_owned(),
        })
    };
    match change {
        PassphraseChange::Set(_) if encrypted => {
            refuse("is already protected by a passphrase; change it or remove it instead")
        }
        PassphraseChange::Change(_) | PassphraseChange::Remove if !encrypted => {
            refuse("is not protected by a passphrase; set one first")
        }
        _ => Ok(()),
    }
}

fn rekey_locked(db: &Path, change: &PassphraseChange, now: NaiveDateTime) -> Result<Rekeyed> {
    remove_leftovers(db);
    let old_key = cipher::key_for_file(db);
    let new_key = match change {
        PassphraseChange::Set(pass) | PassphraseChange::Change(pass) => Some(Key::fresh(pass)?),
        PassphraseChange::Remove => None,
    };
    let conn = cipher::open(
        db,
        None,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(backup::BUSY_WAIT)?;
    if new_key.is_some() && !cipher::available(&conn) {
        // Plain SQLite ignores keys: it would write the "encrypted" file
        // in the clear.
        return Err(StoreError::Refused {
            path: db.to_owned(),
            reason: "this Kith was built without SQLCipher and cannot encrypt".to_owned(),
        });
    }
    file::check_contents(&conn, db).map_err(|e| file::as_file_problem(e, db))?;
    super::restore::go_alone(&conn, db)?;
    let taken = backup::take(&conn, db, now, BackupKind::BeforePassphrase)?;
    let temp = temporary(db)?;
    let result = export(&conn, db, &temp, new_key.as_ref()).and_then(|()| {
        for suffix in ["-wal", "-shm"] {
            // Only empty ones can be here (see `restore::swap_live`).
            let _ = fs::remove_file(file::side_file(db, suffix));
        }
        rename(&temp, db)
    });
    drop(conn);
    if result.is_err() {
        backup::remove_with_side_files(&temp);
    }
    result?;
    let mut rekeyed = Rekeyed {
        backup: taken,
        encrypted: new_key.is_some(),
        rewritten: Vec::new(),
        still_encrypted: Vec::new(),
        left: Vec::new(),
    };
    for listed in backup::scan(db)? {
        let path = listed.path;
        let plain = file::starts_like_sqlite(&path).unwrap_or(false);
        let with_old_key = !plain && old_key.is_some() && cipher::key_for_file(&path) == old_key;
        match &new_key {
            Some(key) if plain || with_old_key => match rewrite(&path, key) {
                Ok(()) => rekeyed.rewritten.push(path),
                Err(e) => rekeyed.left.push((path, e.to_string())),
            },
            Some(_) if !plain => rekeyed
                .left
                .push((path, "encrypted with another passphrase".to_owned())),
            None if !plain => rekeyed.still_encrypted.push(path),
            _ => {}
        }
    }
    Ok(rekeyed)
}

/// A name for the new file beside `path`.
fn temporary(path: &Path) -> Result<PathBuf> {
    crate::private_files::temporary_beside(path, TAG).map_err(|cause| StoreError::Io {
        path: path.to_owned(),
        cause,
    })
}

/// What the temporary files of a passphrase change are tagged with.
const TAG: &str = "passphrase";

/// Removes the temporary files an interrupted change of `db`'s passphrase
/// left beside it (with the lock held, no other change is running).
fn remove_leftovers(db: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.{TAG}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let found = entry.file_name().to_string_lossy().into_owned();
        if found.starts_with(&prefix) && found.contains(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes the database behind `conn` (the file `source`) into the new
/// file `temp`, encrypted with `key` (plain with `None`), and checks it.
fn export(conn: &Connection, source: &Path, temp: &Path, key: Option<&Key>) -> Result<()> {
    crate::private_files::create_new(temp).map_err(|cause| StoreError::Io {
        path: temp.to_owned(),
        cause,
    })?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    cipher::attach(conn, temp, "rekeyed", key)?;
    let exported = (|| -> rusqlite::Result<()> {
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        // Not copied by the export.
        conn.pragma_update(Some("rekeyed"), "user_version", version)?;
        conn.pragma_update(Some("rekeyed"), "application_id", APPLICATION_ID)
    })();
    let detached = conn.execute_batch("DETACH DATABASE rekeyed");
    exported
        .and(detached)
        .map_err(|e| file::as_file_problem(e.into(), source))?;
    if let Some(key) = key {
        // From now on, connections to the new file find its key.
        cipher::remember(key);
    }
    let copy = cipher::open(
        temp,
        None,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let plain = file::starts_like_sqlite(temp).unwrap_or(false);
    if key.is_some() == plain {
        return Err(StoreError::File {
            path: temp.to_owned(),
            problem: FileProblem::Damaged {
                detail: "the new file was not written as asked".to_owned(),
            },
        });
    }
    file::check_contents(&copy, source)
        .and_then(|()| file::quick_check(&copy, source))
        .map_err(|e| file::as_file_problem(e, source))?;
    drop(copy);
    fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|cause| StoreError::Io {
            path: temp.to_owned(),
            cause,
        })
}

fn rename(temp: &Path, path: &Path) -> Result<()> {
    crate::private_files::replace(temp, path).map_err(|cause| StoreError::Io {
        path: path.to_owned(),
        cause,
    })
}

/// Rewrites the backup at `path` encrypted with `key`, atomically.
fn rewrite(path: &Path, key: &Key) -> Result<()> {
    let conn = cipher::open(
        path,
        None,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let temp = temporary(path)?;
    let result = export(&conn, path, &temp, Some(key)).and_then(|()| {
        drop(conn);
        rename(&temp, path)
    });
    if result.is_err() {
        backup::remove_with_side_files(&temp);
    }
    result
}
