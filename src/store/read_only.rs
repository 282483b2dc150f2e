//! When the database cannot be written: a read-only file system, a folder
//! or a file the user may not write to, a full disk. Kith then opens it
//! read-only, so that people can still read it, check it and export it to
//! another disk, and every change is refused at once with the reason
//! ([`StoreError::ReadOnly`]).
//!
//! Opening tries the ordinary way first (see `Store::open`). Only when that
//! fails as an unwritable database fails does [`why_not_writable`] look for
//! the reason, by trying to write: the database file opened for writing, a
//! small file written, synced and removed in its folder. A database whose
//! log (`-wal`) is empty is then read `immutable` (no locks, no files
//! created): nothing can be waiting in a log to be applied, and no other
//! process can be writing to a disk nobody can write to.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rusqlite::ErrorCode;

use super::StoreError;

/// Why the database cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotWritable {
    #[error("the disk is full")]
    DiskFull,
    #[error("your disk quota is used up")]
    QuotaExceeded,
    #[error("the folder is read-only (its file system is mounted read-only)")]
    ReadOnlyDisk,
    #[error("the folder is read-only (you may not create files in it)")]
    ReadOnlyFolder,
    #[error("the database file is read-only (you may not change it)")]
    ReadOnlyFile,
}

impl NotWritable {
    /// What an operating system error met while writing in a `folder` (or
    /// to a file) says, if it is one of these.
    pub(super) fn from_io(error: &io::Error, folder: bool) -> Option<Self> {
        match error.kind() {
            io::ErrorKind::StorageFull => Some(Self::DiskFull),
            io::ErrorKind::QuotaExceeded => Some(Self::QuotaExceeded),
            io::ErrorKind::ReadOnlyFilesystem => Some(Self::ReadOnlyDisk),
            io::ErrorKind::PermissionDenied if folder => Some(Self::ReadOnlyFolder),
            io::ErrorKind::PermissionDenied => Some(Self::ReadOnlyFile),
            _ => None,
        }
    }
}

/// Whether `error`, met while opening a database to write to it, may mean
/// that it cannot be written ([`why_not_writable`] then says whether it
/// does).
pub(super) fn may_be_unwritable(error: &StoreError) -> bool {
    match error {
        StoreError::Io { cause, .. } => NotWritable::from_io(cause, true).is_some(),
        StoreError::DiskFull => true,
        StoreError::Sqlite(e) => matches!(
            e.sqlite_error_code(),
            Some(
                ErrorCode::ReadOnly
                    | ErrorCode::CannotOpen
                    | ErrorCode::DiskFull
                    | ErrorCode::SystemIoFailure
            )
        ),
        _ => false,
    }
}

/// Why the database at `db` cannot be written, found by trying; `None` if
/// it can be. SQLite writes the file and creates its log and the log's
/// index (32 KB) beside it, so the folder must take a new file too.
pub(super) fn why_not_writable(db: &Path) -> Option<NotWritable> {
    if let Err(e) = fs::OpenOptions::new().write(true).open(db) {
        return NotWritable::from_io(&e, false);
    }
    let probe = crate::private_files::temporary_beside(db, "write-check").ok()?;
    let written = crate::private_files::create_new(&probe).and_then(|mut file| {
        file.write_all(&[0; 64 * 1024])?;
        file.sync_all()
    });
    let _ = fs::remove_file(&probe);
    written.err().and_then(|e| NotWritable::from_io(&e, true))
}
