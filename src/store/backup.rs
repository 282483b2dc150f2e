//! Backups: consistent copies of the database in a `backups` folder beside
//! it, taken by `kith backup`, automatically (at most once a day, when the
//! data changed) and before every schema upgrade and every restore.
//!
//! A backup is made with SQLite's online backup API in one step, inside
//! one read transaction: it is the database as of one moment, even while
//! another process is writing (WAL lets the writer go on meanwhile). The
//! copy is written to a temporary file, switched to a plain rollback
//! journal (so that a backup is one self-contained file), checked with
//! `PRAGMA quick_check`, synced, and only then renamed into place. Every
//! file and folder made here is readable by the owner only.
//!
//! File names carry the database's name, the local date-time and the kind,
//! so that they sort by time and say what they are:
//! `kith-2026-11-22T18-30-00.sqlite3` (automatic),
//! `kith-2026-11-22T18-30-00-manual.sqlite3`,
//! `kith-2026-11-22T18-30-00-before-upgrade.sqlite3`,
//! `kith-2026-11-22T18-30-00-before-restore.sqlite3`.
//!
//! "Changed since the last backup" is decided by a counter in the database
//! (`change_counter`, kept by triggers on every table, see
//! `sql/003_change_counter.sql`): the counter is copied into each backup,
//! so the newest backup says what it holds, and comparing the two costs
//! one row read, whatever the size of the database.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use super::cipher;
use super::file::{self, Found};
use super::thinning::{Keep, backups_to_delete};
use super::{Result, Store, StoreError};

/// The folder beside the database where backups go.
pub const BACKUPS_DIR: &str = "backups";

/// How many backups of each special kind (before an upgrade, before a
/// restore) thinning keeps, newest first.
pub const SPECIAL_BACKUPS_KEPT: usize = 3;

const DATE_TIME_FORMAT: &str = "%Y-%m-%dT%H-%M-%S";
const DATE_TIME_LEN: usize = "2026-11-22T18-30-00".len();
const EXTENSION: &str = ".sqlite3";

/// Why a backup was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    /// Taken automatically when the app opened or closed.
    Automatic,
    /// Asked for with `kith backup` (or a button in the app).
    Manual,
    /// Taken before upgrading the database to a newer schema.
    BeforeUpgrade,
    /// The database a restore replaced.
    BeforeRestore,
    /// Taken before setting, changing or removing a passphrase.
    BeforePassphrase,
}

impl BackupKind {
    const ALL: [Self; 5] = [
        Self::Automatic,
        Self::Manual,
        Self::BeforeUpgrade,
        Self::BeforeRestore,
        Self::BeforePassphrase,
    ];

    fn suffix(self) -> &'static str {
        match self {
            Self::Automatic => "",
            Self::Manual => "-manual",
            Self::BeforeUpgrade => "-before-upgrade",
            Self::BeforeRestore => "-before-restore",
            Self::BeforePassphrase => "-before-passphrase",
        }
    }

    /// How the kind reads in a list of backups.
    pub fn label(self) -> &'static str {
        match self {
            Self::Automatic => "automatic",
            Self::Manual => "made by you",
            Self::BeforeUpgrade => "before an upgrade",
            Self::BeforeRestore => "replaced by a restore",
            Self::BeforePassphrase => "before a passphrase change",
        }
    }

    /// Automatic and manual backups are thinned by date; the others are
    /// kept by number.
    fn is_regular(self) -> bool {
        matches!(self, Self::Automatic | Self::Manual)
    }
}

/// One backup in the backups folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// Local date-time, from the file name.
    pub taken_at: NaiveDateTime,
    pub kind: BackupKind,
    pub size_bytes: u64,
    /// How many people it holds; `None` if it cannot be read as a Kith
    /// database (a damaged database kept by a restore, say).
    pub people: Option<u64>,
}

/// What [`Store::auto_backup`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoBackup {
    /// A backup was taken, and thinning removed these older ones.
    Taken {
        backup: BackupInfo,
        removed: Vec<PathBuf>,
    },
    /// An automatic or manual backup was already taken today.
    AlreadyToday,
    /// Nothing changed since the newest backup.
    Unchanged,
}

/// The backups folder of the database at `db`: beside the file, or,
/// through a symbolic link, beside the file the link leads to.
pub fn backups_dir(db: &Path) -> PathBuf {
    let db = crate::private_files::follow_links(db);
    match db.parent() {
        Some(parent) => parent.join(BACKUPS_DIR),
        None => PathBuf::from(BACKUPS_DIR),
    }
}

/// The name the database's backups start with: its file name without the
/// extension (`kith` for `kith.sqlite3`).
fn stem(db: &Path) -> String {
    crate::private_files::follow_links(db)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kith".to_owned())
}

fn file_name(stem: &str, taken_at: NaiveDateTime, kind: BackupKind, copy: u32) -> String {
    let copy = if copy > 1 {
        format!("-{copy}")
    } else {
        String::new()
    };
    format!(
        "{stem}-{}{}{copy}{EXTENSION}",
        taken_at.format(DATE_TIME_FORMAT),
        kind.suffix()
    )
}

/// Reads a backup's date-time and kind from its file name, if it is one of
/// `stem`'s backups.
fn parse_file_name(stem: &str, name: &str) -> Option<(NaiveDateTime, BackupKind)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(EXTENSION)?;
    let stamp = rest.get(..DATE_TIME_LEN)?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, DATE_TIME_FORMAT).ok()?;
    let tail = &rest[DATE_TIME_LEN..];
    // A second backup of the same second ends in "-2", "-3"...
    let tail = match tail.rsplit_once('-') {
        Some((head, copy)) if !copy.is_empty() && copy.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => tail,
    };
    let kind = BackupKind::ALL.into_iter().find(|k| k.suffix() == tail)?;
    Some((taken_at, kind))
}

/// A backup found by name, before it is opened.
pub(super) struct Listed {
    pub(super) path: PathBuf,
    taken_at: NaiveDateTime,
    kind: BackupKind,
}

/// The database's backups by name, newest first.
pub(super) fn scan(db: &Path) -> Result<Vec<Listed>> {
    let dir = backups_dir(db);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io {
                path: dir,
                cause: source,
            });
        }
    };
    let stem = stem(db);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| StoreError::Io {
            path: dir.clone(),
            cause: source,
        })?;
        let name = entry.file_name();
        if let Some((taken_at, kind)) = name.to_str().and_then(|n| parse_file_name(&stem, n)) {
            found.push(Listed {
                path: entry.path(),
                taken_at,
                kind,
            });
        }
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(found)
}

/// The backups of the database at `db`, newest first, with their sizes and
/// how many people each holds: what the "Restore from backup…" dialog
/// lists. Files in the folder that are not this database's backups are
/// left out.
pub fn list_backups(db: &Path) -> Result<Vec<BackupInfo>> {
    scan(db)?
        .into_iter()
        .map(|listed| {
            let size_bytes = fs::metadata(&listed.path)
                .map_err(|source| StoreError::Io {
                    path: listed.path.clone(),
                    cause: source,
                })?
                .len();
            let people = peek(&listed.path, count_people);
            Ok(BackupInfo {
                path: listed.path,
                taken_at: listed.taken_at,
                kind: listed.kind,
                size_bytes,
                people,
            })
        })
        .collect()
}

fn count_people(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get::<_, i64>(0))
        .map(|count| count.max(0) as u64)
}

/// Reads something from a backup without changing it; `None` if it cannot
/// be read as a Kith database.
fn peek<T>(path: &Path, read: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Option<T> {
    let header = match file::inspect(path, false) {
        Ok(Found::Existing(header)) => header,
        _ => return None,
    };
    let conn = file::open_for_checking(path, &header).ok()?;
    read(&conn).ok()
}

/// Copies the database behind `source` to `dest` (which must not be the
/// database itself): to a temporary file beside `dest`, checked, synced and
/// renamed over `dest`. `dest`'s folder must exist.
fn write_copy(source: &Connection, dest: &Path, db: &Path) -> Result<()> {
    let dest = &crate::private_files::follow_links(dest);
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |cause| StoreError::Io { path, cause }
    };
    let temp = crate::private_files::temporary_beside(dest, "").map_err(io_error(dest))?;
    let result = (|| {
        crate::private_files::create_new(&temp).map_err(io_error(&temp))?;
        copy_into(source, &temp, db)?;
        fs::File::open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(io_error(&temp))?;
        crate::private_files::replace(&temp, dest).map_err(io_error(dest))
    })();
    if result.is_err() {
        remove_with_side_files(&temp);
    }
    result
}

/// Copies the database behind `source` into the empty file `temp`, makes
/// the copy a single self-contained file and checks it. Damage found in
/// the copy is damage of `db`, the database copied.
pub(super) fn copy_into(source: &Connection, temp: &Path, db: &Path) -> Result<()> {
    copy_into_unmapped(source, temp, db).map_err(|e| file::as_file_problem(e, db))
}

fn copy_into_unmapped(source: &Connection, temp: &Path, db: &Path) -> Result<()> {
    let mut dest = Connection::open_with_flags(
        temp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // The copy of an encrypted database is encrypted with its key and
    // salt: the same passphrase opens it. (SQLite's backup API copies
    // between files keyed alike, and refuses to copy to a plain one.)
    cipher::use_key(&dest, cipher::key_for_file(db).as_ref())?;
    // The copy is synced once, whole, before it is renamed into place (see
    // `write_copy`); syncing each step on the way adds nothing but time.
    dest.pragma_update(None, "synchronous", "OFF")?;
    {
        let backup = Backup::new(source, &mut dest)?;
        let mut waited = Duration::ZERO;
        // All pages in one step: one read transaction, one moment.
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                // Busy or locked: another connection holds a lock we need.
                _ if waited < BUSY_WAIT => {
                    std::thread::sleep(RETRY_EVERY);
                    waited += RETRY_EVERY;
                }
                _ => return Err(StoreError::Busy),
            }
        }
    }
    // The copy carries the source's WAL flag; a backup should be one file
    // that opens without side files.
    let mode: String = dest.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::Busy);
    }
    file::quick_check(&dest, db)?;
    dest.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}

/// How long backups and restores wait for other processes.
pub(super) const BUSY_WAIT: Duration = Duration::from_secs(5);
pub(super) const RETRY_EVERY: Duration = Duration::from_millis(50);

/// Removes a temporary database and whatever SQLite left beside it.
pub(super) fn remove_with_side_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(file::side_file(path, suffix));
    }
}

/// A name for a new backup of the database at `db` in its backups folder
/// (which is created if need be): one not taken yet.
pub(super) fn new_backup_path(
    db: &Path,
    taken_at: NaiveDateTime,
    kind: BackupKind,
) -> Result<PathBuf> {
    let dir = backups_dir(db);
    crate::private_files::create_dir_all(&dir).map_err(|source| StoreError::Io {
        path: dir.clone(),
        cause: source,
    })?;
    let stem = stem(db);
    Ok((1..)
        .map(|copy| dir.join(file_name(&stem, trim(taken_at), kind, copy)))
        .find(|path| !path.exists())
        .expect("an unused name"))
}

/// Takes a backup of the database behind `source` (which lives at `db`)
/// into its backups folder.
pub(super) fn take(
    source: &Connection,
    db: &Path,
    taken_at: NaiveDateTime,
    kind: BackupKind,
) -> Result<BackupInfo> {
    let path = new_backup_path(db, taken_at, kind)?;
    write_copy(source, &path, db)?;
    let size_bytes = fs::metadata(&path)
        .map_err(|source| StoreError::Io {
            path: path.clone(),
            cause: source,
        })?
        .len();
    let people = count_people(source).ok();
    Ok(BackupInfo {
        path,
        taken_at,
        kind,
        size_bytes,
        people,
    })
}

/// Takes the backup before upgrading the database at `db` to a newer
/// schema. Called by `Store::open` before the migration, which does not
/// run if this fails.
pub(super) fn before_upgrade(source: &Connection, db: &Path) -> Result<BackupInfo> {
    // Opening has no `now`; a file name is not data, so the clock is read
    // here, the one place in the store that does.
    let now = chrono::Local::now().naive_local();
    take(source, db, trim(now), BackupKind::BeforeUpgrade)
}

/// Drops the fraction of a second, which file names do not keep.
fn trim(at: NaiveDateTime) -> NaiveDateTime {
    at.date()
        .and_hms_opt(
            chrono::Timelike::hour(&at),
            chrono::Timelike::minute(&at),
            chrono::Timelike::second(&at),
        )
        .unwrap_or(at)
}

/// Removes the backups of the database at `db` that thinning does not keep
/// as of `today` (see [`backups_to_delete`]); returns what it removed.
/// Also removes temporary files that an interrupted backup left behind.
pub fn thin_backups(db: &Path, today: NaiveDate) -> Result<Vec<PathBuf>> {
    let listed = scan(db)?;
    let regular: Vec<(NaiveDateTime, PathBuf)> = listed
        .iter()
        .filter(|b| b.kind.is_regular())
        .map(|b| (b.taken_at, b.path.clone()))
        .collect();
    let mut doomed = backups_to_delete(&regular, today, Keep::default());
    for kind in BackupKind::ALL.into_iter().filter(|k| !k.is_regular()) {
        doomed.extend(
            listed
                .iter()
                .filter(|b| b.kind == kind)
                .skip(SPECIAL_BACKUPS_KEPT)
                .map(|b| b.path.clone()),
        );
    }
    let mut removed = Vec::new();
    for path in doomed {
        match fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path,
                    cause: source,
                });
            }
        }
    }
    remove_stale_temporaries(&backups_dir(db));
    Ok(removed)
}

/// Removes `.*.tmp` files older than a day from `dir`: what a backup that
/// was killed halfway leaves. Younger ones may belong to a backup running
/// now in another process.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(24 * 60 * 60));
        if name.starts_with('.') && name.contains(".tmp") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The change counter of the database behind `conn` (see the module docs).
pub(super) fn change_count(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT changes FROM change_counter WHERE id = 1", [], |r| {
        r.get(0)
    })
    .optional()
}

/// The automatic backup, from `source` (the database at `db`).
fn auto_backup_from(source: &Connection, db: &Path, now: NaiveDateTime) -> Result<AutoBackup> {
    let listed = scan(db)?;
    if listed
        .iter()
        .any(|b| b.kind.is_regular() && b.taken_at.date() == now.date())
    {
        return Ok(AutoBackup::AlreadyToday);
    }
    let current = change_count(source)?;
    if let Some(newest) = listed.first()
        && current.is_some()
        && peek(&newest.path, change_count).flatten() == current
    {
        return Ok(AutoBackup::Unchanged);
    }
    let backup = take(source, db, trim(now), BackupKind::Automatic)?;
    let removed = thin_backups(db, now.date())?;
    Ok(AutoBackup::Taken { backup, removed })
}

impl Store {
    /// The automatic backup, for the app to call when it opens and when it
    /// closes: takes a backup into the backups folder unless one (automatic
    /// or manual) was already taken today, or nothing changed since the
    /// newest backup; then thins the folder.
    pub fn auto_backup(&self, now: NaiveDateTime) -> Result<AutoBackup> {
        auto_backup_from(&self.conn, self.file_path()?, now)
    }

    /// Takes a backup into the backups folder now (`kith backup`), then
    /// thins the folder.
    pub fn backup(&self, now: NaiveDateTime) -> Result<BackupInfo> {
        let db = self.file_path()?;
        let backup = take(&self.conn, db, trim(now), BackupKind::Manual)?;
        thin_backups(db, now.date())?;
        Ok(backup)
    }

    /// Writes a backup to `dest` (`kith backup --to FILE`): a new file, or
    /// one that replaces a regular file Kith may write over (see
    /// [`Store::check_write_target`]): never a database, this one's
    /// companions or backups.
    pub fn backup_to(&self, dest: &Path, now: NaiveDateTime) -> Result<BackupInfo> {
        let db = self.file_path()?;
        self.check_write_target(dest)?;
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::private_files::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.to_owned(),
                cause: source,
            })?;
        }
        write_copy(&self.conn, dest, db)?;
        let size_bytes = fs::metadata(dest)
            .map_err(|source| StoreError::Io {
                path: dest.to_owned(),
                cause: source,
            })?
            .len();
        Ok(BackupInfo {
            path: dest.to_owned(),
            taken_at: trim(now),
            kind: BackupKind::Manual,
            size_bytes,
            people: Some(self.contact_count()?.max(0) as u64),
        })
    }

    fn file_path(&self) -> Result<&Path> {
        self.path.as_deref().ok_or_else(|| StoreError::Refused {
            path: PathBuf::from(":memory:"),
            reason: "an in-memory database has no backups".to_owned(),
        })
    }
}

/// The automatic backup of the database at `db`, on a connection of its
/// own: for the app to run on a background thread while its window keeps
/// the database open. Same rule as [`Store::auto_backup`].
pub fn auto_backup(db: &Path, now: NaiveDateTime) -> Result<AutoBackup> {
    let conn = cipher::open(
        db,
        None,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_WAIT)?;
    file::check_contents(&conn, db).map_err(|e| file::as_file_problem(e, db))?;
    auto_backup_from(&conn, db, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_date_time;

    #[test]
    fn names_sort_by_time_and_read_back() {
        let at = parse_date_time(crate::domain::Field::When, "2026-11-22 18:30").unwrap();
        for kind in BackupKind::ALL {
            for copy in [1, 2, 12] {
                let name = file_name("kith", at, kind, copy);
                assert_eq!(parse_file_name("kith", &name), Some((at, kind)), "{name}");
            }
        }
        assert_eq!(
            file_name("kith", at, BackupKind::BeforeRestore, 1),
            "kith-2026-11-22T18-30-00-before-restore.sqlite3"
        );
        // Another database's backups in the same folder are not ours.
        assert_eq!(
            parse_file_name("kith", "kith-old-2026-11-22T18-30-00.sqlite3"),
            None
        );
        assert_eq!(
            parse_file_name("kith", "kith-2026-11-22T18-30-00.txt"),
            None
        );
        assert_eq!(
            parse_file_name("kith", "kith-2026-11-22T18-30-00-weird.sqlite3"),
            None
        );
        let earlier = file_name(
            "kith",
            at - chrono::Duration::seconds(1),
            BackupKind::Manual,
            1,
        );
        assert!(earlier < file_name("kith", at, BackupKind::Automatic, 1));
    }
}
