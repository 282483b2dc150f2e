//! The database file itself: where it lives by default, creating it with
//! private permissions, and recognising files that are not Kith databases
//! before anything is written to them.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{APPLICATION_ID, LATEST_VERSION, Result, StoreError};

/// What is wrong with a file that Kith will not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    #[error("is a folder, not a Kith database")]
    IsDirectory,
    #[error("is an empty file (0 bytes), not a Kith database")]
    Empty,
    #[error("is not a Kith database (it is not an SQLite database at all)")]
    NotSqlite,
    #[error("is not a Kith database (it is an SQLite database of another application)")]
    ForeignSqlite,
    #[error(
        "was made by a newer version of Kith (schema {found}; this Kith reads up to {supported}); \
         update Kith to open it"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("is damaged and cannot be read safely ({detail}); restore it from a backup")]
    Damaged { detail: String },
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The database used when no `--db` is given: `kith.sqlite3` in the
/// platform's data directory (`~/.local/share/kith` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Kith", "kith")
        .map(|dirs| dirs.data_dir().join("kith.sqlite3"))
}

/// Makes sure a database can be opened at `path`: creates the file (and its
/// folders) readable by the owner only if nothing is there, else checks
/// that what is there looks like an SQLite file. Returns whether the file
/// was created.
pub(super) fn prepare(path: &Path) -> Result<bool> {
    let io_error = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    let problem = |problem| StoreError::File {
        path: path.to_owned(),
        problem,
    };
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(problem(FileProblem::IsDirectory)),
        Ok(meta) if meta.len() == 0 => Err(problem(FileProblem::Empty)),
        Ok(_) => {
            let mut header = [0u8; 16];
            let mut file = fs::File::open(path).map_err(io_error)?;
            match file.read_exact(&mut header) {
                Ok(()) if &header == SQLITE_MAGIC => Ok(false),
                Ok(()) => Err(problem(FileProblem::NotSqlite)),
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    Err(problem(FileProblem::NotSqlite))
                }
                Err(e) => Err(io_error(e)),
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                crate::private_files::create_dir_all(parent).map_err(|source| StoreError::Io {
                    path: parent.to_owned(),
                    source,
                })?;
            }
            crate::private_files::create_new(path).map_err(io_error)?;
            Ok(true)
        }
        Err(e) => Err(io_error(e)),
    }
}

/// Checks, through SQLite and without writing, that an existing file is a
/// Kith database this version can read.
pub(super) fn check_contents(conn: &Connection, path: &Path) -> Result<()> {
    let problem = |problem| StoreError::File {
        path: path.to_owned(),
        problem,
    };
    let header = || -> rusqlite::Result<(i32, i64, i64)> {
        let application_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let user_version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        // Reading the schema makes SQLite look past the header.
        let objects = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((application_id, user_version, objects))
    };
    let (application_id, user_version, _objects) = match header() {
        Ok(header) => header,
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if matches!(
                e.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            return Err(problem(FileProblem::Damaged {
                detail: msg.unwrap_or_else(|| e.to_string()),
            }));
        }
        Err(e) => return Err(e.into()),
    };
    if application_id != APPLICATION_ID {
        return Err(problem(FileProblem::ForeignSqlite));
    }
    if user_version > LATEST_VERSION {
        return Err(problem(FileProblem::TooNew {
            found: user_version,
            supported: LATEST_VERSION,
        }));
    }
    Ok(())
}
