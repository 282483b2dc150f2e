//! Everything SQLite: opening and checking the file, PRAGMAs, the migration
//! ladder, and one file per table family.
//!
//! The store turns domain values into rows and back. It validates every
//! write with the domain's rules, runs each user action in one transaction
//! (dropping a transaction without committing rolls it back), and never
//! reads the clock: callers pass `now` or `today`. Nothing outside this
//! module sees rusqlite.

mod batch;
mod contacts;
mod facts;
mod file;
mod interactions;
mod interchange;
mod migrations;
mod nudge_states;
mod settings;
mod sql;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::domain::{ContactId, InteractionId, ValidationError};

pub use batch::Batch;
pub use contacts::{ContactRef, NewContact};
pub use file::{FileProblem, default_path};
pub use migrations::LATEST_VERSION;

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

    #[error("{}: {problem}", .path.display())]
    File { path: PathBuf, problem: FileProblem },

    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("upgrading the database failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

fn ambiguous_message(name: &str, candidates: &[(ContactId, String)]) -> String {
    let list: Vec<String> = candidates
        .iter()
        .map(|(id, name)| format!("{id} ({name})"))
        .collect();
    format!(
        "\"{name}\" matches {} contacts; name one by id: {}",
        candidates.len(),
        list.join(", ")
    )
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open Kith database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens the Kith database at `path`, creating it (readable by the owner
    /// only) if nothing is there. A file that is not a Kith database, is
    /// damaged, or was made by a newer Kith is refused and left untouched.
    pub fn open(path: &Path) -> Result<Self> {
        let created = file::prepare(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)?;
        if !created {
            file::check_contents(&conn, path)?;
        }
        Self::start(conn, Some(path.to_owned()))
    }

    /// Opens a fresh database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        Self::start(Connection::open_in_memory()?, None)
    }

    fn start(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "trusted_schema", false)?;
        // Deleted means deleted: freed pages are zeroed, so a deleted
        // person's notes do not linger in the file.
        conn.pragma_update(None, "secure_delete", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every committed change survives a crash or a power cut.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // A write transaction takes the lock when it starts, so two writers
        // wait for each other instead of failing halfway.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        migrations::to_latest(&mut conn)?;
        // PRAGMAs that change the file live outside the migration
        // transaction, and after it: a new file interrupted during its first
        // migration rolls back to empty instead of becoming a database
        // without a schema. WAL lets the window read while a command writes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Ok(Self { conn, path })
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
}
