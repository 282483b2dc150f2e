//! Where Kith may write a file: the one rule that `kith export`, `kith
//! backup --to` and the window's Export… apply before writing anything.
//!
//! Kith writes a new file, or replaces an existing regular file that is not
//! an SQLite database (nor an SQLite log or journal), not this database or
//! one of its companions (`-wal`, `-shm`, `-journal`, `.lock`, anything in
//! `backups/`), and not one of those under another name: a symbolic link is
//! followed and `..` resolved before paths are compared, and a hard link is
//! recognised by its device and inode. Anything else is refused with
//! [`StoreError::Target`], which names the file and says why, and nothing
//! is written.
//!
//! The check runs before writing; the rename that puts the new file in
//! place looks once more (`private_files::replace`), so that a path that
//! became a named pipe or a device meanwhile is not replaced either.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::file::{self, Companion, side_file};
use super::{APPLICATION_ID, Result, Store, StoreError, backups_dir};
use crate::private_files::follow_links;

/// Why Kith will not write at a path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetProblem {
    #[error("is the database itself")]
    Database,
    #[error("is the database's {}", .0.describe())]
    Companion(Companion),
    #[error("is a backup of this database")]
    Backup,
    #[error("is in this database's backups folder, where only Kith's backups go")]
    BackupsFolder,
    #[error("is a Kith database")]
    KithDatabase,
    #[error("is an SQLite database")]
    SqliteDatabase,
    #[error("is an SQLite write-ahead log or journal")]
    SqliteLog,
    #[error("is the {} of the database {}", .companion.describe(), .of.display())]
    CompanionOf { of: PathBuf, companion: Companion },
    #[error("is a folder")]
    Folder,
    #[error("is {0}, not a regular file")]
    NotAFile(&'static str),
    #[error("is a link to {}, which does not exist", .0.display())]
    DanglingLink(PathBuf),
    #[error("cannot be read to see what it is ({0})")]
    Unreadable(String),
}

impl Store {
    /// Checks that an export or a backup may be written at `target`
    /// (see the module docs); refuses with [`StoreError::Target`]
    /// otherwise. Looks at a few files' metadata and first bytes: cheap
    /// enough to run before every write.
    pub fn check_write_target(&self, target: &Path) -> Result<()> {
        check_target(self.path.as_deref(), target)
    }
}

/// The rule of the module docs, for the database at `db` (`None`: a
/// database in memory, with no companions).
pub fn check_target(db: Option<&Path>, target: &Path) -> Result<()> {
    match problem(db, target) {
        None => Ok(()),
        Some(problem) => Err(StoreError::Target {
            path: target.to_owned(),
            problem,
        }),
    }
}

fn problem(db: Option<&Path>, target: &Path) -> Option<TargetProblem> {
    let followed = follow_links(target);
    let meta = match fs::metadata(&followed) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound && followed != target => {
            return Some(TargetProblem::DanglingLink(followed));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Some(TargetProblem::Unreadable(e.to_string())),
    };
    if let Some(meta) = &meta {
        if meta.is_dir() {
            return Some(TargetProblem::Folder);
        }
        if !meta.is_file() {
            return Some(TargetProblem::NotAFile(crate::private_files::kind_of(meta)));
        }
    }
    let real = real_path(&followed);
    if let Some(problem) = db.and_then(|db| ours(db, &real)) {
        return Some(problem);
    }
    if let Some((companion, of)) = Companion::split(&real)
        && file::starts_like_sqlite(&of).unwrap_or(false)
    {
        return Some(TargetProblem::CompanionOf { of, companion });
    }
    meta.and_then(|_| contents(&followed))
}

/// Whether `real` (a path with its folders resolved) is the database at
/// `db`, one of its companions or backups: by name, then, for an existing
/// file, by device and inode.
fn ours(db: &Path, real: &Path) -> Option<TargetProblem> {
    let db = real_path(&follow_links(db));
    let backups = real_path(&backups_dir(&db));
    if let Some(problem) = database_or_companion(&db, |path| path == real) {
        return Some(problem);
    }
    let id = file::identity(real);
    if real.starts_with(&backups) {
        return Some(match id {
            Some(_) => TargetProblem::Backup,
            None => TargetProblem::BackupsFolder,
        });
    }
    let id = id?;
    let same = |path: &Path| file::identity(path) == Some(id);
    if let Some(problem) = database_or_companion(&db, same) {
        return Some(problem);
    }
    let mut in_backups = fs::read_dir(&backups).into_iter().flatten().flatten();
    in_backups
        .any(|entry| same(&entry.path()))
        .then_some(TargetProblem::Backup)
}

/// Whether `is` holds for the database at `db` or one of its companions.
fn database_or_companion(db: &Path, is: impl Fn(&Path) -> bool) -> Option<TargetProblem> {
    if is(db) {
        return Some(TargetProblem::Database);
    }
    Companion::ALL
        .into_iter()
        .find(|c| is(&side_file(db, c.suffix())))
        .map(TargetProblem::Companion)
}

/// What the first bytes of an existing regular file say it is, if that is
/// something Kith never writes over.
fn contents(path: &Path) -> Option<TargetProblem> {
    let mut head = Vec::with_capacity(100);
    if let Err(e) = fs::File::open(path).and_then(|f| f.take(100).read_to_end(&mut head)) {
        return Some(TargetProblem::Unreadable(e.to_string()));
    }
    if head.starts_with(file::SQLITE_MAGIC) {
        let kith = head.get(68..72) == Some(&APPLICATION_ID.to_be_bytes()[..]);
        return Some(if kith {
            TargetProblem::KithDatabase
        } else {
            TargetProblem::SqliteDatabase
        });
    }
    // A write-ahead log starts with 0x377f0682 or 0x377f0683, a rollback
    // journal with d9 d5 05 f9 20 a1 63 d7.
    let log = head.len() >= 4 && head[..3] == [0x37, 0x7f, 0x06] && matches!(head[3], 0x82 | 0x83);
    let journal = head.starts_with(&[0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
    (log || journal).then_some(TargetProblem::SqliteLog)
}

/// `path` with its folders resolved (links, `..`), and the file too when
/// it exists; as given (made absolute) when its folder does not exist.
fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match (fs::canonicalize(folder), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
    }
}
