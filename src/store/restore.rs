//! Restoring a backup: replacing the database with a backup, after
//! checking the backup, keeping a copy of what is replaced, and never
//! leaving a half-restored file.
//!
//! The order of things, and why:
//!
//! 0. The database is the file a symbolic link at its path leads to (the
//!    link stays). What a restore refuses (a backup that is not a readable
//!    Kith database, a file at the database's path that is not Kith's, an
//!    empty file named with `--db`, another database's `-wal`) it refuses
//!    before taking the lock, so that it leaves no lock file beside
//!    someone else's file.
//! 1. The backup is checked: it must be a Kith database this version can
//!    read, and it is copied (with SQLite's backup API, so that a backup
//!    with its own `-wal` comes whole) into a temporary file beside the
//!    database, where the copy passes a full `PRAGMA integrity_check`.
//! 2. The restore takes the database's lock file, as a window does: a
//!    window on the database makes the restore fail with
//!    [`StoreError::AlreadyOpen`] (a command holds it only for a moment,
//!    and the restore waits for that).
//! 3. If the database is a readable Kith database, the restore switches it
//!    out of WAL mode. SQLite refuses that while any other connection has
//!    the file open, so this is how a restore knows that no command is
//!    using it (it waits up to 5 seconds for one to finish, then fails with
//!    [`StoreError::InUse`]); it also writes the log into the file and
//!    removes the `-wal` and `-shm` files, which must not outlive the file
//!    they belong to (SQLite would apply an old log to the new file). Then
//!    an exclusive transaction keeps everyone out while the database is
//!    copied to `backups/...-before-restore.sqlite3` and the temporary file
//!    is renamed over it, which is atomic: a crash leaves the old database
//!    or the new one. A command that opened the old file meanwhile notices
//!    the new one (see `Store::open`) before writing anything. That holds
//!    because, in rollback mode (the old file during the swap, a restored
//!    file until its first writer turns it to WAL mode), an open connection
//!    holds no lock between statements: the first writes to such a file
//!    take this lock too, and check the file is still the one at the path,
//!    or a command could write its journal, or read a log, by name beside
//!    the file a restore just put there. Empty `-wal`/`-shm` files that a
//!    command made meanwhile (see `file::create_side_files`) are removed;
//!    any others mean the database is in use.
//! 4. A database that cannot be read (damaged, or from a newer Kith) is
//!    copied byte for byte, with its `-wal` if it has one, to the same
//!    name; its side files are removed before the rename. A file that is
//!    not a Kith database at all is never replaced.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use super::backup::{self, BUSY_WAIT, BackupKind, RETRY_EVERY};
use super::file::{self, Found, side_file};
use super::{DbLock, FileProblem, Result, Store, StoreError};

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The backup restored.
    pub from: PathBuf,
    /// How many people the database now holds.
    pub people: u64,
    /// Where the database it replaced was kept (`None` if there was none).
    pub kept: Option<PathBuf>,
}

/// Replaces the database at `db` with `backup` (see the module docs): the
/// command line's `kith restore`, and what the app calls when it could not
/// open a damaged database. Fails with [`StoreError::AlreadyOpen`] while a
/// window has the database open; a window restores with
/// [`Store::restore_from`].
pub fn restore(db: &Path, backup: &Path, now: NaiveDateTime) -> Result<Restored> {
    let empty_is_new = file::is_default_path(db);
    // Through a link, the database is the file the link leads to: that
    // file is replaced (the link stays), and its lock and backups are
    // beside it.
    let db = &crate::private_files::follow_links(db);
    file::refuse_side_file(db)?;
    // What can be refused without the lock is refused before taking it,
    // so that a refused restore leaves no lock file beside someone else's
    // file.
    refuse_early(db, backup, empty_is_new)?;
    // A command holds the lock for a moment while it makes a file its
    // own (see `Store::open`); a window holds it until it closes.
    let _lock = DbLock::acquire_waiting(db, std::time::Duration::from_secs(1))?;
    restore_locked(db, backup, now, empty_is_new)
}

impl Store {
    /// Replaces this store's database with `backup` and reopens it: the
    /// app's "Restore from backup…". The store keeps its window lock
    /// throughout, so no other window can open the database halfway. If
    /// the restore fails, the database is as it was and the store is
    /// reopened on it; if even that fails, the store is left closed (every
    /// call fails) and the error is returned.
    pub fn restore_from(&mut self, backup: &Path, now: NaiveDateTime) -> Result<Restored> {
        let db = self.path.clone().ok_or_else(|| StoreError::Refused {
            path: backup.to_owned(),
            reason: "cannot restore into an in-memory database".to_owned(),
        })?;
        let lock = match self.lock.take() {
            Some(lock) => lock,
            None => DbLock::acquire(&db)?,
        };
        // Close this store's connection: the restore must be alone.
        self.conn = Connection::open_in_memory()?;
        let restored = restore_locked(&db, backup, now, file::is_default_path(&db));
        match Store::open_with(&db, super::Locking::Held(lock)) {
            Ok(reopened) => *self = reopened,
            Err(reopen) => return Err(restored.err().unwrap_or(reopen)),
        }
        restored
    }
}

/// What a restore refuses, looked at without the lock: the backup is not
/// a readable Kith database, or is the database itself, or what is at the
/// database's path is not Kith's to replace.
fn refuse_early(db: &Path, backup: &Path, empty_is_new: bool) -> Result<()> {
    refuse_itself(db, backup)?;
    check_backup(backup)?;
    current_state(db, empty_is_new).map(drop)
}

fn refuse_itself(db: &Path, backup: &Path) -> Result<()> {
    if fs::canonicalize(db).ok() == fs::canonicalize(backup).ok() && db.exists() {
        return Err(StoreError::Refused {
            path: backup.to_owned(),
            reason: "is the database itself; choose a backup".to_owned(),
        });
    }
    Ok(())
}

/// The restore, once the caller holds the lock.
fn restore_locked(
    db: &Path,
    backup: &Path,
    now: NaiveDateTime,
    empty_is_new: bool,
) -> Result<Restored> {
    refuse_itself(db, backup)?;
    let dir = match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    crate::private_files::create_dir_all(&dir).map_err(|source| StoreError::Io {
        path: dir.clone(),
        cause: source,
    })?;
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.restoring.{}.tmp", std::process::id()));
    let result = (|| {
        // The slow part first; what is at the database's path is looked at
        // just before it is replaced.
        let people = prepare_copy(backup, &temp)?;
        let kept = match current_state(db, empty_is_new)? {
            Current::Kith => swap_live(db, &temp, now)?,
            Current::Unreadable => swap_unreadable(db, &temp, now)?,
            Current::Missing => {
                place_new(&temp, db)?;
                None
            }
        };
        Ok(Restored {
            from: backup.to_owned(),
            people,
            kept,
        })
    })();
    backup::remove_with_side_files(&temp);
    result
}

/// What is at the database's path decides how it is kept. An empty file
/// is replaced only at the default path (`empty_is_new`), where it is what
/// an interrupted first run leaves.
fn current_state(db: &Path, empty_is_new: bool) -> Result<Current> {
    let stale_log = fs::metadata(side_file(db, "-wal")).is_ok_and(|m| m.len() > 0);
    Ok(match file::inspect(db, empty_is_new) {
        // A log without its database is kept too, like a damaged database.
        Ok(Found::Missing) if stale_log => Current::Unreadable,
        Ok(Found::Missing) => Current::Missing,
        Ok(Found::EmptyNew) => Current::Unreadable,
        Ok(Found::Existing(header)) => match file::check_deep(db, &header) {
            Ok(()) => Current::Kith,
            Err(StoreError::File { problem, .. }) if replaceable(&problem) => Current::Unreadable,
            Err(other) => return Err(other),
        },
        Err(StoreError::File { problem, .. }) if replaceable(&problem) => Current::Unreadable,
        Err(StoreError::File { problem, .. }) => {
            return Err(StoreError::Refused {
                path: db.to_owned(),
                reason: format!("{problem}; Kith will not replace it with a backup"),
            });
        }
        Err(other) => return Err(other),
    })
}

/// Puts the restored copy where nothing was, without replacing anything
/// that appeared there meanwhile (a command creating a new database).
fn place_new(temp: &Path, db: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(side_file(db, suffix));
    }
    match fs::hard_link(temp, db) {
        Ok(()) => {
            let dir = db.parent().filter(|p| !p.as_os_str().is_empty());
            crate::private_files::sync_dir(dir.unwrap_or(Path::new("."))).map_err(|source| {
                StoreError::Io {
                    path: db.to_owned(),
                    cause: source,
                }
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(StoreError::InUse {
            path: db.to_owned(),
        }),
        // A file system without hard links.
        Err(_) => rename_into_place(temp, db),
    }
}

/// What was at the database's path.
#[derive(Clone, Copy, Debug)]
enum Current {
    Missing,
    /// A Kith database this version reads.
    Kith,
    /// Something a restore may replace but not read: a damaged database,
    /// one from a newer Kith, an empty file.
    Unreadable,
}

/// Whether a restore may replace a file with this problem: a database Kith
/// made (even damaged or newer), but not someone else's file, nor an empty
/// file named with `--db` (that may be anything).
fn replaceable(problem: &FileProblem) -> bool {
    matches!(
        problem,
        FileProblem::TooNew { .. } | FileProblem::Truncated { .. } | FileProblem::Damaged { .. }
    )
}

/// Checks that `backup` is a Kith database this version reads, and not
/// visibly damaged; returns its header.
fn check_backup(backup: &Path) -> Result<file::Header> {
    let header = match file::inspect(backup, false)? {
        Found::Existing(header) => header,
        Found::Missing | Found::EmptyNew => {
            return Err(StoreError::Refused {
                path: backup.to_owned(),
                reason: "there is no such file".to_owned(),
            });
        }
    };
    file::check_deep(backup, &header)?;
    Ok(header)
}

/// Checks `backup` and copies it into `temp`, a new file, where the copy is
/// checked in full. Returns how many people it holds.
fn prepare_copy(backup: &Path, temp: &Path) -> Result<u64> {
    let on_backup = |e| file::as_file_problem(e, backup);
    let header = check_backup(backup)?;
    let source = file::open_for_checking(backup, &header).map_err(on_backup)?;
    crate::private_files::create_new(temp).map_err(|source| StoreError::Io {
        path: temp.to_owned(),
        cause: source,
    })?;
    backup::copy_into(&source, temp, backup)?;
    drop(source);
    let copy = super::cipher::open(
        temp,
        None,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    file::check_contents(&copy, backup).map_err(on_backup)?;
    file::integrity_check(&copy, backup).map_err(on_backup)?;
    let people: i64 = copy.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
    copy.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(people.max(0) as u64)
}

/// Replaces a readable Kith database that may be in use by commands.
fn swap_live(db: &Path, temp: &Path, now: NaiveDateTime) -> Result<Option<PathBuf>> {
    let conn = super::cipher::open(
        db,
        None,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_WAIT)?;
    go_alone(&conn, db)?;
    // From here until the rename, no other connection can read or write.
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    // The replaced file is copied byte for byte (SQLite's backup API does
    // not read from a connection in a write transaction; in rollback mode
    // and locked, the file is the whole database). This handle must
    // outlive `conn`: closing any handle to a file drops every lock the
    // process holds on it.
    let mut raw: Option<fs::File> = None;
    let swapped = (|| {
        // The restored database counts on from the one it replaces, so that
        // the next automatic backup sees it as changed (see backup.rs).
        let replaced_changes = backup::change_count(&conn).ok().flatten().unwrap_or(0);
        let file = raw.insert(fs::File::open(db).map_err(|source| StoreError::Io {
            path: db.to_owned(),
            cause: source,
        })?);
        let kept = backup::new_backup_path(db, now, BackupKind::BeforeRestore)?;
        copy_privately(file, &kept)?;
        bump_changes(temp, replaced_changes)?;
        for suffix in ["-wal", "-shm", "-journal"] {
            let side = side_file(db, suffix);
            match fs::metadata(&side) {
                Err(_) => {}
                // Made by a command about to open the database (empty, to
                // be private; see `file::create_side_files`), which will
                // wait for this restore's lock before writing.
                Ok(meta) if meta.len() == 0 && suffix != "-journal" => {
                    let _ = fs::remove_file(&side);
                }
                Ok(_) => {
                    return Err(StoreError::InUse {
                        path: db.to_owned(),
                    });
                }
            }
        }
        rename_into_place(temp, db)?;
        Ok(Some(kept))
    })();
    let _ = conn.execute_batch("ROLLBACK");
    drop(conn);
    drop(raw);
    swapped
}

/// Switches the database behind `conn` (at `db`) out of WAL mode, which
/// SQLite allows only with no other connection open (see the module
/// docs): from then on, with the lock held, nobody else writes to it.
/// Waits up to 5 seconds for commands to finish.
pub(super) fn go_alone(conn: &Connection, db: &Path) -> Result<()> {
    // Only possible with no other connection; SQLite does not wait for
    // one, so retry while commands finish.
    let mut waited = std::time::Duration::ZERO;
    loop {
        match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        }) {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => break,
            Ok(_) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {}
            Err(e) => return Err(file::as_file_problem(e.into(), db)),
        }
        if waited >= BUSY_WAIT {
            return Err(StoreError::InUse {
                path: db.to_owned(),
            });
        }
        std::thread::sleep(RETRY_EVERY);
        waited += RETRY_EVERY;
    }
    Ok(())
}

/// Replaces a missing or unreadable database: keeps its bytes (and those
/// of its side files), removes the side files, then renames.
fn swap_unreadable(db: &Path, temp: &Path, now: NaiveDateTime) -> Result<Option<PathBuf>> {
    let mut kept = None;
    let has_content = |path: &Path| fs::metadata(path).is_ok_and(|m| m.len() > 0);
    if has_content(db) || has_content(&side_file(db, "-wal")) {
        let target = backup::new_backup_path(db, now, BackupKind::BeforeRestore)?;
        for suffix in ["", "-wal", "-journal"] {
            let from = side_file(db, suffix);
            if from.exists() {
                let mut source = fs::File::open(&from).map_err(|source| StoreError::Io {
                    path: from.clone(),
                    cause: source,
                })?;
                copy_privately(&mut source, &side_file(&target, suffix))?;
            }
        }
        kept = Some(target);
    }
    // A log or journal left beside the path would be applied to the
    // restored file; they were kept above.
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = side_file(db, suffix);
        match fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: side,
                    cause: source,
                });
            }
        }
    }
    bump_changes(temp, 0)?;
    rename_into_place(temp, db)?;
    Ok(kept)
}

/// Sets the change counter of the copy at `temp` past `replaced`.
fn bump_changes(temp: &Path, replaced: i64) -> Result<()> {
    let copy = super::cipher::open(
        temp,
        None,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let has_counter = backup::change_count(&copy).is_ok();
    if has_counter {
        copy.execute(
            "UPDATE change_counter SET changes = max(changes, ?1) + 1 WHERE id = 1",
            [replaced],
        )?;
    }
    copy.close().map_err(|(_, e)| StoreError::from(e))?;
    fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|source| StoreError::Io {
            path: temp.to_owned(),
            cause: source,
        })
}

fn rename_into_place(temp: &Path, db: &Path) -> Result<()> {
    crate::private_files::replace(temp, db).map_err(|source| StoreError::Io {
        path: db.to_owned(),
        cause: source,
    })
}

/// Copies what `source` holds to the new file `to`, readable by the owner
/// only and synced, through a temporary file beside it.
fn copy_privately(source: &mut fs::File, to: &Path) -> Result<()> {
    use std::io::{Seek, SeekFrom};
    source
        .seek(SeekFrom::Start(0))
        .and_then(|_| {
            crate::private_files::write_atomically(to, |out| std::io::copy(source, out).map(drop))
        })
        .map_err(|source| StoreError::Io {
            path: to.to_owned(),
            cause: source,
        })
}
