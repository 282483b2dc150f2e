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
mod contacts;
mod facts;
mod file;
mod import;
mod interactions;
mod listings;
mod lock;
mod migrations;
mod nudge_states;
mod remember;
mod restore;
mod settings;
mod snapshot;
mod sql;
mod thinning;
mod undo;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::domain::{ContactId, DateId, FollowUpId, InteractionId, ValidationError};

pub use backup::{
    AutoBackup, BACKUPS_DIR, BackupInfo, BackupKind, auto_backup, backups_dir, list_backups,
    thin_backups,
};
pub use batch::Batch;
pub use contacts::{ContactRef, NewContact};
pub use file::{FileProblem, default_path, verify_file};
pub use import::SourceError;
pub use interactions::LogEntry;
pub use lock::{DbLock, lock_path};
pub use migrations::LATEST_VERSION;
pub use nudge_states::HiddenNudge;
pub use remember::NewFollowUp;
pub use restore::{Restored, restore};
pub use snapshot::{Interactions, People, Snapshot};
pub use thinning::{Keep, backups_to_delete};
pub use undo::{ArchiveUndo, FollowUpUndo, RemovedRows, TrustUndo, Undo, UndoHistory};

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

    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("upgrading the database failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),

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

    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// Gives the two SQLite failures a person can meet their own message:
    /// waiting too long for another process, and a damaged file.
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) => Self::Busy,
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
}

impl Store {
    /// Opens the Kith database at `path`, creating it (readable by the owner
    /// only) if nothing is there. A file that is not a Kith database, is
    /// damaged, or was made by a newer Kith is refused and left untouched
    /// ([`StoreError::File`]). An empty file is refused too, except at the
    /// default path, where it is what an interrupted first run leaves and
    /// becomes a new database. Before upgrading an older database to this
    /// version's schema, a backup of it is taken into the backups folder.
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
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        // A restore in another process may replace the file while this one
        // opens it; then look again.
        for _ in 0..3 {
            let found = file::inspect(path, empty_is_new)?;
            if let file::Found::Existing(header) = &found {
                file::check_deep(path, header)?;
            }
            // Locked only once the file passed the checks, so that a file
            // Kith refuses gets no lock file beside it.
            locking.take(path)?;
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
            let conn = Connection::open_with_flags(path, flags)?;
            if existing {
                file::check_contents(&conn, path).map_err(|e| file::as_file_problem(e, path))?;
                // Holding a read lock now, the file can no longer be
                // replaced under us; check it was not replaced before.
                if file::identity(path) != identity {
                    continue;
                }
            }
            return Self::start(conn, Some(path.to_owned()), locking.held(), existing);
        }
        Err(StoreError::InUse {
            path: path.to_owned(),
        })
    }

    /// Opens a fresh database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        Self::start(Connection::open_in_memory()?, None, None, false)
    }

    fn start(
        mut conn: Connection,
        path: Option<PathBuf>,
        lock: Option<DbLock>,
        existing: bool,
    ) -> Result<Self> {
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
        if let Some(path) = path.as_deref().filter(|_| existing) {
            let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
            if version < LATEST_VERSION {
                // The upgrade does not run unless this succeeds.
                backup::before_upgrade(&conn, path)?;
            }
        }
        migrations::to_latest(&mut conn)?;
        // PRAGMAs that change the file live outside the migration
        // transaction, and after it: a new file interrupted during its first
        // migration rolls back to empty instead of becoming a database
        // without a schema. WAL lets the window read while a command writes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let data_version = conn.pragma_query_value(None, "data_version", |row| row.get(0))?;
        Ok(Self {
            conn,
            path,
            lock,
            data_version,
        })
    }

    /// A second, read-only connection to the same file, for loading on
    /// another thread while this one works (WAL lets both read at once).
    /// `None` for a database in memory.
    pub fn reader(&self) -> Result<Option<Store>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.pragma_update(None, "trusted_schema", false)?;
        conn.pragma_update(None, "cell_size_check", true)?;
        conn.busy_timeout(backup::BUSY_WAIT)?;
        set_cache_size(&conn)?;
        let data_version = conn.pragma_query_value(None, "data_version", |row| row.get(0))?;
        Ok(Some(Store {
            conn,
            path: Some(path.clone()),
            lock: None,
            data_version,
        }))
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

/// Up to 32 MB of pages cached per connection (SQLite's default is 2 MB):
/// the first screen reads every contact, and a database of 100,000 people
/// is a few hundred megabytes.
fn set_cache_size(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -32_768)
}
