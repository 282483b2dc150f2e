//! Everything SQLite: opening and checking the file, PRAGMAs, the migration
//! ladder, and one file per table family.
//!
//! The store turns domain values into rows and back. It validates every
//! write with the domain's rules, runs each user action in one transaction
//! (dropping a transaction without committing rolls it back), and never
//! reads the clock: callers pass `now` or `today`. Nothing outside this
//! module sees rusqlite.
//!
//! The store knows no file format: nothing here uses `crate::interchange`.
//! Imports and exports cross over as domain values
//! ([`crate::domain::exchange`]): the store hands out an import index and a
//! snapshot whose people and interactions are iterators (`import.rs`,
//! `snapshot.rs`), and applies the change set an import decides on, in one
//! transaction; `crate::transfer` joins it to the formats.

mod backup;
mod batch;
mod cipher;
mod contacts;
mod facts;
mod file;
mod import;
mod interactions;
mod listings;
mod lock;
mod migrations;
mod nudge_states;
mod read_only;
mod rekey;
mod remember;
mod restore;
mod settings;
mod snapshot;
mod sql;
mod targets;
mod thinning;
mod undo;
mod unlog;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::domain::{ContactId, DateId, FollowUpId, InteractionId, ValidationError};

pub use backup::{
    AutoBackup, BACKUPS_DIR, BackupInfo, BackupKind, auto_backup, backups_dir, list_backups,
    thin_backups,
};
pub use batch::Batch;
pub use cipher::{forget_key, is_encrypted, unlock};
pub use contacts::{ContactRef, NewContact};
pub use file::{Companion, FileProblem, default_path, verify_file};
pub use import::SourceError;
pub use interactions::LogEntry;
pub use lock::{DbLock, lock_path};
pub use migrations::LATEST_VERSION;
pub use nudge_states::HiddenNudge;
pub use read_only::NotWritable;
pub use rekey::{PassphraseChange, Rekeyed, change_passphrase};
pub use remember::NewFollowUp;
pub use restore::{Restored, restore};
pub use snapshot::{Interactions, People, Snapshot};
pub use targets::{TargetProblem, check_target};
pub use thinning::{Keep, backups_to_delete};
pub use undo::{ArchiveUndo, FollowUpUndo, RemovedRows, TrustUndo, Undo, UndoHistory};
pub use unlog::LoggedUndo;

/// The `application_id` in the header of every Kith database: "Kith" in ASCII.
pub const APPLICATION_ID: i32 = 0x4B69_7468;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),

    #[error("no contact {0}")]
    ContactNotFound(String),

    #[error("{}", ambiguous_message(.name, .candidates))]
    Ambiguous {
        name: String,
        candidates: Vec<(ContactId, String)>,
    },

    #[error("no interaction with id {0}")]
    InteractionNotFound(InteractionId),

    #[error("no open follow-up with id {0}")]
    FollowUpNotFound(FollowUpId),

    #[error("no date to remember with id {0}")]
    DateNotFound(DateId),

    #[error("{}: {problem}", .path.display())]
    File { path: PathBuf, problem: FileProblem },

    /// The operating system's error, in the message only: it is not also
    /// the error's `source`, so that a chain of causes (`{:#}`) says it once.
    #[error("{}: {}", .path.display(), io_reason(.cause))]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("upgrading the database failed: {0}")]
    Migration(rusqlite_migration::Error),

    #[error(
        "{}: is already open in another Kith window{}; switch to that window, or close it first",
        .path.display(),
        .pid.map(|pid| format!(" (process {pid})")).unwrap_or_default()
    )]
    AlreadyOpen { path: PathBuf, pid: Option<u32> },

    #[error("{}: is in use by another Kith process; try again when it has finished", .path.display())]
    InUse { path: PathBuf },

    #[error(
        "the database is busy: another process kept it locked for over 5 seconds; \
         nothing was changed, try again"
    )]
    Busy,

    #[error("the database is damaged ({0}); nothing was changed; restore it from a backup")]
    Corrupt(String),

    #[error(
        "{name} was changed elsewhere since it was loaded; nothing was saved \
         (reload to see the change)"
    )]
    Conflict { id: ContactId, name: String },

    #[error("cannot undo: {0}")]
    CannotUndo(String),

    #[error("{}: {reason}", .path.display())]
    Refused { path: PathBuf, reason: String },

    /// What an import was reading as it wrote (its file) failed; nothing
    /// was written.
    #[error(transparent)]
    Source(SourceError),

    /// A file Kith will not write over (see [`check_target`]).
    #[error("{}: {problem}; Kith does not write over it, choose another file", .path.display())]
    Target {
        path: PathBuf,
        problem: TargetProblem,
    },

    /// A change asked of a database opened read-only.
    #[error(
        "{}: Kith can only read this database now: {why}; nothing was changed",
        .path.display()
    )]
    ReadOnly { path: PathBuf, why: NotWritable },

    #[error(
        "{}: was made by an older version of Kith and must be upgraded before it can be read, \
         but it cannot be written now: {why}",
        .path.display()
    )]
    CannotUpgrade { path: PathBuf, why: NotWritable },

    #[error("the disk is full; nothing was changed")]
    DiskFull,

    /// A restore renamed another file over the database while this was
    /// opening or writing it.
    #[error("the database was replaced by a restore meanwhile; nothing was changed, try again")]
    Replaced,

    /// A passphrase that does not open the encrypted file at `path`.
    #[error("That passphrase does not open this database")]
    WrongPassphrase { path: PathBuf },

    #[error("database error: {0} [{0:?}]")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(error: rusqlite_migration::Error) -> Self {
        Self::Migration(error)
    }
}

impl From<rusqlite::Error> for StoreError {
    /// Gives the SQLite failures a person can meet their own message:
    /// waiting too long for another process, a damaged file, a full disk,
    /// and a file replaced by a restore.
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(e, _) = &error
            && e.extended_code == rusqlite::ffi::SQLITE_READONLY_DBMOVED
        {
            // The file was renamed over (by a restore) after this
            // connection opened it.
            return Self::Replaced;
        }
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) => Self::Busy,
            Some(rusqlite::ErrorCode::DiskFull) => Self::DiskFull,
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Self::Corrupt(match &error {
                    rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
                    other => other.to_string(),
                })
            }
            _ => Self::Sqlite(error),
        }
    }
}

/// An operating system error in a person's words, for the messages that
/// name the file it happened to.
fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "there is no such file or folder".to_owned(),
        ErrorKind::ReadOnlyFilesystem => NotWritable::ReadOnlyDisk.to_string(),
        ErrorKind::StorageFull => NotWritable::DiskFull.to_string(),
        ErrorKind::QuotaExceeded => NotWritable::QuotaExceeded.to_string(),
        _ => error.to_string(),
    }
}

fn ambiguous_message(name: &str, candidates: &[(ContactId, String)]) -> String {
    let list: Vec<String> = candidates
        .iter()
        .map(|(id, name)| format!("{id} ({name})"))
        .collect();
    format!(
        "\"{name}\" matches {} people: {}; name one by its id (--id {})",
        candidates.len(),
        list.join(", "),
        candidates.last().map(|(id, _)| id.0).unwrap_or_default()
    )
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether opening a store takes the window lock.
enum Locking {
    None,
    Take,
    Held(DbLock),
}

impl Locking {
    /// Takes the lock if asked to and not yet held.
    fn take(&mut self, path: &Path) -> Result<()> {
        if let Self::Take = self {
            *self = Self::Held(DbLock::acquire(path)?);
        }
        Ok(())
    }

    fn held(self) -> Option<DbLock> {
        match self {
            Self::Held(lock) => Some(lock),
            Self::None | Self::Take => None,
        }
    }

    fn is_held(&self) -> bool {
        matches!(self, Self::Held(_))
    }
}

/// A write transaction. It commits only once the kept nudge facts of
/// everyone it changed are rewritten (see `facts`), so that no committed
/// state has them out of date; dropped without committing, it rolls back.
pub(crate) struct Write<'conn>(rusqlite::Transaction<'conn>);

impl<'conn> std::ops::Deref for Write<'conn> {
    type Target = rusqlite::Transaction<'conn>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Write<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Write<'_> {
    /// Rewrites the stale nudge facts, then commits.
    pub(crate) fn commit(self) -> Result<()> {
        facts::keep_up(&self.0)?;
        self.0.commit()?;
        Ok(())
    }
}

/// An open Kith database.
///
/// Several processes may have one database open: a window and commands run
/// from a terminal. SQLite's locking keeps their transactions apart: every
/// write transaction takes the write lock when it begins, and waits up to
/// 5 seconds for another process's transaction to finish before failing
/// with [`StoreError::Busy`], having changed nothing. Only windows exclude
/// each other (see [`Store::open_for_window`]); a window notices changes
/// that commands made with [`Store::changed_elsewhere`], and edits made in
/// a window check that nobody changed the person meanwhile
/// ([`Store::update_contact_checked`]).
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Held by a window for as long as it has the database open.
    lock: Option<DbLock>,
    /// `PRAGMA data_version` when last looked at.
    data_version: i64,
    /// Why the database cannot be written, when it was opened read-only.
    read_only: Option<NotWritable>,
}

impl Store {
    /// Opens the Kith database at `path`, creating it (readable by the owner
    /// only) if nothing is there. A file that is not a Kith database, is
    /// damaged, or was made by a newer Kith is refused and left untouched
    /// ([`StoreError::File`]). An empty file is refused too, except at the
    /// default path, where it is what an interrupted first run leaves and
    /// becomes a new database. Before upgrading an older database to this
    /// version's schema, a backup of it is taken into the backups folder.
    ///
    /// A symbolic link at `path` is followed: the store works on the file
    /// it leads to ([`Store::path`]). A path naming another database's
    /// `-wal`, `-shm`, `-journal` or `.lock` is refused before anything is
    /// created. When the database cannot be written (a read-only or full
    /// disk, see [`NotWritable`]), it is opened read-only:
    /// [`Store::read_only`] says why, and every change fails with
    /// [`StoreError::ReadOnly`].
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, Locking::None)
    }

    /// Opens the database as a window does: like [`Store::open`], and also
    /// holds the database's lock file until the store is dropped, so that a
    /// second window on the same database fails with
    /// [`StoreError::AlreadyOpen`], naming the process that has it.
    pub fn open_for_window(path: &Path) -> Result<Self> {
        Self::open_with(path, Locking::Take)
    }

    fn open_with(path: &Path, mut locking: Locking) -> Result<Self> {
        let empty_is_new = file::is_default_path(path);
        // Through a link, the database is the file the link leads to: its
        // lock, its log and its backups are beside that file.
        let path = &crate::private_files::follow_links(path);
        file::refuse_side_file(path)?;
        let mut store = match Self::open_writable(path, empty_is_new, &mut locking) {
            Err(error) if read_only::may_be_unwritable(&error) => {
                let read = match read_only::why_not_writable(path) {
                    Some(why) => Self::open_read_only(path, why, &mut locking)?,
                    None => None,
                };
                read.ok_or(error)?
            }
            other => other?,
        };
        // SQLite opens a file it may not write to read-only, without a word.
        if store.read_only.is_none() && store.conn.is_readonly(rusqlite::MAIN_DB)? {
            store.read_only =
                Some(read_only::why_not_writable(path).unwrap_or(NotWritable::ReadOnlyFile));
        }
        store.lock = locking.held();
        Ok(store)
    }

    /// Opens the database to read and write it, as usual.
    fn open_writable(path: &Path, empty_is_new: bool, locking: &mut Locking) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        // A restore in another process may replace the file while this one
        // opens it; then look again, for as long as a writer waits.
        let started = std::time::Instant::now();
        for attempt in 0.. {
            if attempt > 0 {
                if started.elapsed() > backup::BUSY_WAIT {
                    break;
                }
                std::thread::sleep(backup::RETRY_EVERY);
            }
            let looked_at = file::identity(path);
            let found = file::inspect(path, empty_is_new)?;
            if let file::Found::Existing(header) = &found
                && let Err(error) = file::check_deep(path, header)
            {
                // What was read may have been the file a restore replaced.
                if file::identity(path) != looked_at {
                    continue;
                }
                return Err(error);
            }
            crate::timings::mark("file checks");
            // Locked only once the file passed the checks, so that a file
            // Kith refuses gets no lock file beside it.
            locking.take(path)?;
            crate::timings::mark("lock");
            let existing = match found {
                file::Found::Missing => {
                    if !file::create(path)? {
                        continue;
                    }
                    false
                }
                file::Found::EmptyNew => false,
                file::Found::Existing(_) => true,
            };
            let identity = file::identity(path);
            if let file::Found::Existing(header) = &found
                && header.wal
            {
                file::create_side_files(path);
            }
            let conn = cipher::open(path, None, flags)?;
            crate::timings::mark("connection");
            if existing {
                let checked =
                    file::check_contents(&conn, path).map_err(|e| file::as_file_problem(e, path));
                // In WAL mode, this connection holds a read lock from now
                // on, and the file can no longer be replaced under us;
                // check it was not replaced before (what was read then,
                // and any error, was of the file replaced).
                if file::identity(path) != identity {
                    continue;
                }
                checked?;
                crate::timings::mark("file checks");
            }
            // A file not in WAL mode yet (a new one, or one a restore or a
            // copy put there) holds no lock between statements: a restore
            // could rename another file over it before the first write,
            // and that write would put this file's journal and log beside
            // the other one. So the first writes take the lock a restore
            // holds, and look again once they have it.
            let _converting = if locking.is_held() || file::is_wal(&conn)? {
                None
            } else {
                let lock = match DbLock::acquire_waiting(path, backup::BUSY_WAIT) {
                    Err(StoreError::AlreadyOpen { path, .. }) => {
                        return Err(StoreError::InUse { path });
                    }
                    other => other?,
                };
                if file::identity(path) != identity {
                    continue;
                }
                Some(lock)
            };
            let store = Self::start(conn, Some(path.to_owned()), existing)?;
            file::make_side_files_private(path);
            crate::timings::mark("file checks");
            return Ok(store);
        }
        Err(StoreError::Replaced)
    }

    /// Opens a database that cannot be written (see `read_only.rs`), to read
    /// it only. `None` if there is no database to read.
    fn open_read_only(
        path: &Path,
        why: NotWritable,
        locking: &mut Locking,
    ) -> Result<Option<Self>> {
        let header = match file::inspect(path, true)? {
            file::Found::Existing(header) => header,
            file::Found::Missing | file::Found::EmptyNew => return Ok(None),
        };
        // A second window is still refused; a lock file that cannot be
        // made on a read-only disk is not needed to keep it from writing.
        if let Err(error @ StoreError::AlreadyOpen { .. }) = locking.take(path) {
            return Err(error);
        }
        let conn = file::open_unchanging(path).map_err(|e| file::as_file_problem(e, path))?;
        file::check_deep_on(&conn, path, &header)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version < LATEST_VERSION {
            return Err(StoreError::CannotUpgrade {
                path: path.to_owned(),
                why,
            });
        }
        let mut store = Self::reading(conn, path)?;
        store.read_only = Some(why);
        Ok(Some(store))
    }

    /// Opens a fresh database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        Self::start(Connection::open_in_memory()?, None, false)
    }

    fn start(mut conn: Connection, path: Option<PathBuf>, existing: bool) -> Result<Self> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "trusted_schema", false)?;
        // Deleted means deleted: freed pages are zeroed, so a deleted
        // person's notes do not linger in the file.
        conn.pragma_update(None, "secure_delete", true)?;
        // A damaged page is reported as damaged when read, never misread.
        conn.pragma_update(None, "cell_size_check", true)?;
        // Statements that fire triggers (the change counter, see
        // sql/003_change_counter.sql) keep a statement journal; in memory it
        // costs about 20% on bulk inserts, on disk 60%.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.busy_timeout(backup::BUSY_WAIT)?;
        // Every committed change survives a crash or a power cut.
        conn.pragma_update(None, "synchronous", "FULL")?;
        set_cache_size(&conn)?;
        // A write transaction takes the lock when it starts, so two writers
        // wait for each other instead of failing halfway.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        crate::timings::mark("pragmas");
        if let Some(path) = path.as_deref().filter(|_| existing) {
            let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
            if version < LATEST_VERSION {
                // The upgrade does not run unless this succeeds.
                backup::before_upgrade(&conn, path)?;
            }
        }
        migrations::to_latest(&mut conn)?;
        crate::timings::mark("migrations");
        // PRAGMAs that change the file live outside the migration
        // transaction, and after it: a new file interrupted during its first
        // migration rolls back to empty instead of becoming a database
        // without a schema. WAL lets the window read while a command writes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Facts left stale: everyone's after an upgrade to schema 9, or
        // what a process that stopped between two statements left.
        if facts::any_stale(&conn)? {
            let tx = conn.transaction()?;
            facts::keep_up(&tx)?;
            tx.commit()?;
        }
        let data_version = conn.pragma_query_value(None, "data_version", |row| row.get(0))?;
        crate::timings::mark("pragmas");
        Ok(Self {
            conn,
            path,
            lock: None,
            data_version,
            read_only: None,
        })
    }

    /// A second, read-only connection to the same file, for loading on
    /// another thread while this one works (WAL lets both read at once).
    /// `None` for a database in memory.
    pub fn reader(&self) -> Result<Option<Store>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let conn = if self.read_only.is_some() {
            file::open_unchanging(path)?
        } else {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            cipher::open(path, None, flags)?
        };
        let mut reader = Self::reading(conn, path)?;
        reader.read_only = self.read_only;
        Ok(Some(reader))
    }

    /// A store on `conn`, a connection that only reads.
    fn reading(conn: Connection, path: &Path) -> Result<Self> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "trusted_schema", false)?;
        conn.pragma_update(None, "cell_size_check", true)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Anything that would write fails instead.
        conn.pragma_update(None, "query_only", true)?;
        conn.busy_timeout(backup::BUSY_WAIT)?;
        set_cache_size(&conn)?;
        let data_version = conn.pragma_query_value(None, "data_version", |row| row.get(0))?;
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
            lock: None,
            data_version,
            read_only: None,
        })
    }

    /// Why this store cannot change the database, when it was opened
    /// read-only because writing is impossible (a read-only disk or
    /// folder, a full disk): reading, checking and exporting work, every
    /// change fails with [`StoreError::ReadOnly`].
    pub fn read_only(&self) -> Option<NotWritable> {
        self.read_only
    }

    /// Begins a write transaction (which takes SQLite's write lock at
    /// once, see `start`), or refuses on a store opened read-only.
    fn transaction(&mut self) -> Result<Write<'_>> {
        if let Some(why) = self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone().unwrap_or_default(),
                why,
            });
        }
        Ok(Write(self.conn.transaction()?))
    }

    /// The file this store lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Whether another process (a command run while the window is open)
    /// changed the database since this was last asked (or since opening):
    /// the window calls it when it regains focus or on a timer, and reloads
    /// what it shows if so. Costs one read of a counter in shared memory.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?;
        let changed = version != self.data_version;
        self.data_version = version;
        Ok(changed)
    }

    /// Whether the database is encrypted (protected by a passphrase).
    pub fn is_encrypted(&self) -> bool {
        self.path.as_deref().is_some_and(cipher::is_encrypted)
    }

    /// Whether this store holds the window lock.
    pub fn is_window(&self) -> bool {
        self.lock.is_some()
    }

    /// Reads and checks every page of the database (`PRAGMA
    /// integrity_check`): what `kith check` runs. Slow on large databases
    /// (about a second for 50 MB); see [`verify_file`] to run it on a
    /// connection of its own.
    pub fn check_integrity(&self) -> Result<()> {
        let path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(":memory:"));
        file::integrity_check(&self.conn, &path).map_err(|e| file::as_file_problem(e, &path))
    }

    /// Writes the log into the database and empties it, so that what was
    /// deleted is not left readable in the `-wal` file (secure_delete
    /// zeroes it in the database file itself). Waits up to 5 seconds for
    /// another process reading older data; if it does not finish, the old
    /// pages stay in the log until the next deletion or until the last
    /// connection closes, which removes the log.
    fn forget_deleted(&self) -> Result<()> {
        if self.path.is_some() {
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }
}

/// Up to 8 MB of pages cached per connection (SQLite's default is 2 MB):
/// enough for the indexes a person's page and a log walk, while the first
/// screen's one pass over every contact and everyone's nudge facts gains
/// nothing from a cache it reads once (32 MB per connection, two at once,
/// was 16 MB of the window's peak at 100,000 people).
fn set_cache_size(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -8_192)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A connection whose file a restore renamed over gets SQLite's
    /// "attempt to write a readonly database" when it writes; a person is
    /// told what happened instead.
    #[test]
    fn a_write_to_a_file_renamed_over_says_a_restore_replaced_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.sqlite3");
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let other = dir.path().join("other.sqlite3");
        std::fs::copy(&db, &other).unwrap();
        std::fs::rename(&other, &db).unwrap();
        let error = StoreError::from(conn.execute("INSERT INTO t VALUES (2)", []).unwrap_err());
        assert!(matches!(error, StoreError::Replaced), "{error:?}");
        assert_eq!(
            error.to_string(),
            "the database was replaced by a restore meanwhile; nothing was changed, try again"
        );
    }
}
