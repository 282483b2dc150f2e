//! One window per database: a lock file beside the database
//! (`kith.sqlite3.lock`, readable by the owner only) that a window holds,
//! exclusively, for as long as it is open, and that a restore holds while
//! it replaces the file.
//!
//! The lock is the operating system's advisory lock on the whole file
//! (`flock` on Unix, `LockFileEx` on Windows), so it is released when its
//! holder exits, however it exits: a crashed window never leaves the
//! database locked. The file holds the holder's process id, only to say
//! who has it in the "already open" message. It is never deleted: deleting a
//! lock file while another process waits on it would let two processes
//! each lock a different file of the same name.
//!
//! Commands (`kith log`, `kith contact ...`) run alongside an open window,
//! and SQLite's own locking keeps their transactions and the window's apart
//! (see [`super::Store`]). They take this lock only for a moment, for the
//! first writes to a file not yet in WAL mode (a new or a restored one),
//! which a restore must not rename another file over (see `restore.rs`);
//! a restore waits a moment for them.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Result, StoreError};

/// The lock on one database, held until dropped.
#[derive(Debug)]
pub struct DbLock {
    file: File,
    path: PathBuf,
}

impl DbLock {
    /// Takes the lock on the database at `db` (which need not exist yet),
    /// or fails at once with [`StoreError::AlreadyOpen`] naming the process
    /// that holds it.
    pub fn acquire(db: &Path) -> Result<Self> {
        let path = lock_path(db);
        let io_error = |source| StoreError::Io {
            path: path.clone(),
            cause: source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::private_files::create_dir_all(parent).map_err(io_error)?;
        }
        let mut options = OpenOptions::new();
        // Not truncated on opening: the holder's process id is in it.
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let pid = fs::read_to_string(&path)
                    .ok()
                    .and_then(|text| text.lines().next()?.trim().parse().ok());
                return Err(StoreError::AlreadyOpen {
                    path: db.to_owned(),
                    pid,
                });
            }
            Err(TryLockError::Error(source)) => return Err(io_error(source)),
        }
        // Only to name the holder in messages; a failure here is harmless.
        let _ = file
            .set_len(0)
            .and_then(|()| writeln!(file, "{}", std::process::id()));
        Ok(Self { file, path })
    }

    /// Takes the lock like [`DbLock::acquire`], waiting up to `wait` for
    /// another holder to let go; then fails as `acquire` does. Commands
    /// hold the lock for moments (see `Store::open`), windows for as long
    /// as they are open.
    pub(super) fn acquire_waiting(db: &Path, wait: std::time::Duration) -> Result<Self> {
        let started = std::time::Instant::now();
        loop {
            match Self::acquire(db) {
                Err(StoreError::AlreadyOpen { .. }) if started.elapsed() < wait => {
                    std::thread::sleep(super::backup::RETRY_EVERY);
                }
                other => return other,
            }
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DbLock {
    fn drop(&mut self) {
        // Forget the process id before letting go; the lock itself goes
        // with the file handle.
        let _ = self.file.set_len(0);
    }
}

/// The lock file of the database at `db`: beside it, named after it. The
/// folder is resolved (symbolic links followed) so that two paths to one
/// database share one lock.
pub fn lock_path(db: &Path) -> PathBuf {
    let resolved = fs::canonicalize(db).unwrap_or_else(|_| {
        let name = db.file_name().map(ToOwned::to_owned).unwrap_or_default();
        match db.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(parent) => fs::canonicalize(parent)
                .unwrap_or_else(|_| parent.to_owned())
                .join(name),
            None => PathBuf::from(name),
        }
    });
    super::file::side_file(&resolved, ".lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.sqlite3");
        let first = DbLock::acquire(&db).unwrap();
        match DbLock::acquire(&db) {
            Err(StoreError::AlreadyOpen { path, pid }) => {
                assert_eq!(path, db);
                assert_eq!(pid, Some(std::process::id()));
            }
            other => panic!("expected AlreadyOpen, got {other:?}"),
        }
        assert_eq!(
            first.path(),
            dir.path().canonicalize().unwrap().join("kith.sqlite3.lock")
        );
        drop(first);
        let again = DbLock::acquire(&db).unwrap();
        drop(again);
        assert_eq!(fs::read_to_string(lock_path(&db)).unwrap(), "");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_folder_shares_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let _held = DbLock::acquire(&real.join("kith.sqlite3")).unwrap();
        assert!(matches!(
            DbLock::acquire(&link.join("kith.sqlite3")),
            Err(StoreError::AlreadyOpen { .. })
        ));
    }
}
