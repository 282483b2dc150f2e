//! The database file itself: where it lives by default, creating it with
//! private permissions, and recognising files that are not Kith databases,
//! or are damaged, before anything is written to them.
//!
//! Opening an existing file is checked in two cheap stages, so that a file
//! Kith refuses is left byte for byte as it was (and without `-wal`/`-shm`
//! files beside it):
//!
//! 1. [`inspect`] reads the first 100 bytes with plain file I/O: the SQLite
//!    header says whether this is an SQLite file at all, whose it is
//!    (`application_id`), which schema it has (`user_version`), and how many
//!    pages it should have, which a truncated file no longer has.
//! 2. [`check_deep`] reads through SQLite without writing (an `immutable`
//!    connection, which takes no locks and creates no files, unless other
//!    processes are using the file): the schema, every table Kith needs,
//!    and the first and last page of every table. When stage 1 found
//!    something odd (a size that is not what the header says), it runs
//!    `PRAGMA quick_check` as well.
//!
//! Both stages cost 1–2 ms whatever the size of the file (measured at
//! 20,000 and 100,000 people), so opening stays fast with a million
//! interactions. A full check reads every page (`quick_check`: 0.1 s for
//! 51 MB, 0.7 s for 260 MB, more than the whole budget for opening to the
//! first screen), so it runs where it is affordable instead:
//! on every backup (the copy is checked), before a restore, in `kith check`,
//! and in [`verify_file`], which the window can run after its first frame.
//! Damage that slips past opening surfaces as [`StoreError::Corrupt`] on
//! the first read of a damaged page, inside a transaction that then writes
//! nothing.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, LATEST_VERSION, Result, StoreError};

/// What is wrong with a file that Kith will not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    #[error("is a folder, not a Kith database")]
    IsDirectory,
    #[error("is {kind}, not a Kith database")]
    NotAFile { kind: &'static str },
    #[error(
        "is the {} of the database {}, not a database; name the database itself",
        .companion.describe(),
        .of.display()
    )]
    SideFile { of: PathBuf, companion: Companion },
    #[error("is an empty file (0 bytes), not a Kith database")]
    Empty,
    #[error("is not a Kith database (it is not an SQLite database at all)")]
    NotSqlite,
    #[error("is protected by a passphrase")]
    Encrypted,
    #[error("is not a Kith database (it is an SQLite database of another application)")]
    ForeignSqlite,
    #[error(
        "was made by a newer version of Kith (schema {found}; this Kith reads up to {supported}); \
         update Kith to open it"
    )]
    TooNew { found: i64, supported: i64 },
    #[error(
        "is damaged: it has been cut short ({size} bytes, but its header says {expected}); \
         restore it from a backup"
    )]
    Truncated { size: u64, expected: u64 },
    #[error("is damaged and cannot be read safely ({detail}); restore it from a backup")]
    Damaged { detail: String },
}

impl FileProblem {
    /// Whether the file looks like a Kith database that was damaged, so
    /// that restoring a backup is the way out (rather than choosing
    /// another file, or updating Kith).
    pub fn is_damage(&self) -> bool {
        matches!(self, Self::Truncated { .. } | Self::Damaged { .. })
    }
}

pub(super) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The files SQLite and Kith keep beside a database, named after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Companion {
    /// `-wal`: SQLite's write-ahead log, where changes go before the file.
    Wal,
    /// `-shm`: the index of the log that connections share.
    Shm,
    /// `-journal`: the rollback journal of a database not in WAL mode.
    Journal,
    /// `.lock`: the lock a Kith window holds (see `lock.rs`).
    Lock,
}

impl Companion {
    pub const ALL: [Self; 4] = [Self::Wal, Self::Shm, Self::Journal, Self::Lock];

    pub fn suffix(self) -> &'static str {
        match self {
            Self::Wal => "-wal",
            Self::Shm => "-shm",
            Self::Journal => "-journal",
            Self::Lock => ".lock",
        }
    }

    /// What it is, for messages: "the database's write-ahead log".
    pub fn describe(self) -> &'static str {
        match self {
            Self::Wal => "write-ahead log",
            Self::Shm => "shared-memory index",
            Self::Journal => "rollback journal",
            Self::Lock => "lock file",
        }
    }

    /// The database `path` would be a companion of, by its name: `X` for
    /// `X-wal`.
    pub(super) fn split(path: &Path) -> Option<(Self, PathBuf)> {
        let name = path.file_name()?.to_str()?;
        Self::ALL.into_iter().find_map(|companion| {
            let base = name.strip_suffix(companion.suffix())?;
            (!base.is_empty()).then(|| (companion, path.with_file_name(base)))
        })
    }
}

/// Whether the file at `path` starts as an SQLite database does.
pub(super) fn starts_like_sqlite(path: &Path) -> io::Result<bool> {
    let mut magic = [0u8; 16];
    let mut file = fs::File::open(path)?;
    let mut read = 0;
    while read < magic.len() {
        match file.read(&mut magic[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read == magic.len() && &magic == SQLITE_MAGIC)
}

/// Refuses a database path that is the `-wal`, `-shm`, `-journal` or
/// `.lock` of an existing SQLite database: Kith would make a database
/// there that the next connection to that database deletes, or a log
/// that damages it.
pub(super) fn refuse_side_file(path: &Path) -> Result<()> {
    let Some((companion, of)) = Companion::split(path) else {
        return Ok(());
    };
    if starts_like_sqlite(&crate::private_files::follow_links(&of)).unwrap_or(false) {
        return Err(StoreError::File {
            path: path.to_owned(),
            problem: FileProblem::SideFile { of, companion },
        });
    }
    Ok(())
}

/// The tables every Kith database has (schema 1 onwards).
const KITH_TABLES: &[&str] = &[
    "contacts",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "interactions",
    "trust_changes",
    "nudge_states",
    "settings",
];

/// The database used when no `--db` is given: `kith.sqlite3` in the
/// platform's data directory (`~/.local/share/kith` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Kith", "kith")
        .map(|dirs| dirs.data_dir().join("kith.sqlite3"))
}

/// Whether `path` is the default database. An empty file there is what an
/// interrupted first run leaves behind (Kith creates the file, then the
/// schema), so it is treated as a new database rather than refused.
pub(super) fn is_default_path(path: &Path) -> bool {
    default_path().is_some_and(|default| default == path)
}

/// What [`inspect`] found at a path.
#[derive(Debug)]
pub(super) enum Found {
    /// Nothing: a new database may be created here.
    Missing,
    /// An empty file that may become a new database (see
    /// [`is_default_path`]).
    EmptyNew,
    /// An SQLite file whose header passed the checks.
    Existing(Header),
}

/// The fields of the 100-byte SQLite header that Kith looks at.
#[derive(Clone, Debug)]
pub(super) struct Header {
    pub page_size: u64,
    pub user_version: i64,
    pub application_id: i32,
    /// The page count in the header is trusted by SQLite only when this
    /// matches the change counter (files written by SQLite since 2010).
    pub page_count: Option<u64>,
    /// Another process has the file open (a `-shm` file lies beside it),
    /// or a crash left changes in a `-wal` or `-journal` file that SQLite
    /// will still apply: the header alone may be out of date, and reading
    /// must take SQLite's locks.
    pub live: bool,
    /// Something about the size does not add up; worth a `quick_check`.
    pub suspicious: bool,
    /// The file is in WAL mode (its read and write versions are 2).
    pub wal: bool,
    /// The file is encrypted (with a key this process has, see `cipher`):
    /// the header above is made up, and SQLite checks the rest.
    pub encrypted: bool,
}

/// Reads what is at `path` without changing anything: stage 1 above.
/// `empty_is_new` says whether an empty file may become a new database.
pub(super) fn inspect(path: &Path, empty_is_new: bool) -> Result<Found> {
    let io_error = |source| StoreError::Io {
        path: path.to_owned(),
        cause: source,
    };
    let problem = |problem| StoreError::File {
        path: path.to_owned(),
        problem,
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(io_error(e)),
    };
    if meta.is_dir() {
        return Err(problem(FileProblem::IsDirectory));
    }
    if !meta.is_file() {
        return Err(problem(FileProblem::NotAFile {
            kind: crate::private_files::kind_of(&meta),
        }));
    }
    let size = meta.len();
    if size == 0 {
        return if empty_is_new {
            Ok(Found::EmptyNew)
        } else {
            Err(problem(FileProblem::Empty))
        };
    }
    let mut bytes = Vec::with_capacity(100);
    fs::File::open(path)
        .and_then(|file| file.take(100).read_to_end(&mut bytes))
        .map_err(io_error)?;
    let header = match parse_header(&bytes, size, live_side_files(path)) {
        Err(FileProblem::NotSqlite) => {
            super::cipher::encrypted_header(path, size, live_side_files(path)).map_err(problem)?
        }
        other => other.map_err(problem)?,
    };
    if !header.live && !header.encrypted {
        if header.application_id != APPLICATION_ID {
            return Err(problem(FileProblem::ForeignSqlite));
        }
        if header.user_version > LATEST_VERSION {
            return Err(problem(FileProblem::TooNew {
                found: header.user_version,
                supported: LATEST_VERSION,
            }));
        }
        if let Some(expected) = header.page_count.map(|pages| pages * header.page_size)
            && size < expected
        {
            return Err(problem(FileProblem::Truncated { size, expected }));
        }
    }
    Ok(Found::Existing(header))
}

/// Checks the first (up to) 100 bytes of a file of `size` bytes.
fn parse_header(bytes: &[u8], size: u64, live: bool) -> Result<Header, FileProblem> {
    if bytes.len() < SQLITE_MAGIC.len() || bytes[..16] != SQLITE_MAGIC[..] {
        return Err(FileProblem::NotSqlite);
    }
    if bytes.len() < 100 {
        return Err(FileProblem::Truncated {
            size,
            expected: 512,
        });
    }
    let u16_at = |at: usize| u16::from_be_bytes([bytes[at], bytes[at + 1]]);
    let u32_at =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let damaged = |detail: String| FileProblem::Damaged { detail };
    let page_size = match u16_at(16) {
        1 => 65_536,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        n => {
            return Err(damaged(format!(
                "its header gives an impossible page size, {n}"
            )));
        }
    };
    if !matches!(bytes[18], 1 | 2) || !matches!(bytes[19], 1 | 2) {
        return Err(damaged(format!(
            "its header gives an unknown file format, {}.{}",
            bytes[18], bytes[19]
        )));
    }
    if bytes[21..24] != [64, 32, 32] {
        return Err(damaged("its header is not one SQLite writes".to_owned()));
    }
    let change_counter = u32_at(24);
    let in_header_pages = u64::from(u32_at(28));
    let page_count =
        (u32_at(92) == change_counter && in_header_pages > 0).then_some(in_header_pages);
    let suspicious = !size.is_multiple_of(page_size)
        || match page_count {
            Some(pages) => size != pages * page_size,
            None => true,
        };
    Ok(Header {
        page_size,
        user_version: i64::from(u32_at(60) as i32),
        application_id: u32_at(68) as i32,
        page_count,
        live,
        suspicious,
        wal: bytes[18] == 2 && bytes[19] == 2,
        encrypted: false,
    })
}

/// Whether a `-shm` file, or a `-wal` or `-journal` file with contents,
/// lies beside `path`. Every connection to a WAL database keeps a `-shm`
/// file, which the last one to close removes.
fn live_side_files(path: &Path) -> bool {
    side_file(path, "-shm").exists()
        || ["-wal", "-journal"]
            .iter()
            .any(|suffix| fs::metadata(side_file(path, suffix)).is_ok_and(|meta| meta.len() > 0))
}

/// `path` with `suffix` appended to its file name, as SQLite names the
/// files it keeps beside a database (`-wal`, `-shm`, `-journal`).
pub(crate) fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates a new, empty database file (and its folders) readable by the
/// owner only. Returns false if something appeared there meanwhile.
pub(super) fn create(path: &Path) -> Result<bool> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::private_files::create_dir_all(parent).map_err(|source| StoreError::Io {
            path: parent.to_owned(),
            cause: source,
        })?;
    }
    match crate::private_files::create_new(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(source) => Err(StoreError::Io {
            path: path.to_owned(),
            cause: source,
        }),
    }
}

/// Opens `path` for reading without changing it: `immutable` (no locks, no
/// side files) when nothing else is using it, else read-only, taking
/// SQLite's locks so as not to read a page while another process writes
/// it.
pub(super) fn open_for_checking(path: &Path, header: &Header) -> Result<Connection> {
    open_reading(path, !header.live)
}

/// Opens `path`, which cannot be written, for reading (see `read_only.rs`):
/// `immutable` unless its log or journal holds changes that are not in the
/// file yet.
pub(super) fn open_unchanging(path: &Path) -> Result<Connection> {
    let pending = ["-wal", "-journal"]
        .iter()
        .any(|suffix| fs::metadata(side_file(path, suffix)).is_ok_and(|meta| meta.len() > 0));
    open_reading(path, !pending)
}

fn open_reading(path: &Path, immutable: bool) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let uri = sqlite_uri(path, if immutable { "?immutable=1" } else { "" });
    let conn = super::cipher::open(path, Some(&uri), flags)?;
    // Reject malformed pages as they are read instead of misreading them.
    conn.pragma_update(None, "cell_size_check", true)?;
    conn.busy_timeout(super::backup::BUSY_WAIT)?;
    Ok(conn)
}

/// Stage 2 above: checks through SQLite, without writing, that an existing
/// file is a Kith database this version can read, and is not visibly
/// damaged.
pub(super) fn check_deep(path: &Path, header: &Header) -> Result<()> {
    let checked = open_for_checking(path, header)
        .map_err(|e| as_file_problem(e, path))
        .and_then(|conn| check_deep_on(&conn, path, header));
    match checked {
        // Read without locks, the file may have been in the middle of a
        // write in place (turning to WAL mode, which takes milliseconds):
        // a file that looks damaged so is read again a moment later.
        Err(StoreError::File {
            problem: FileProblem::Damaged { .. },
            ..
        }) if !header.live => {
            std::thread::sleep(super::backup::RETRY_EVERY);
            open_for_checking(path, header)
                .map_err(|e| as_file_problem(e, path))
                .and_then(|conn| check_deep_on(&conn, path, header))
        }
        // A crash left a journal to roll back, which a connection that
        // only reads cannot do: the connection that writes will, and
        // checks the contents again then.
        Err(StoreError::Sqlite(e)) if is_hot_journal(&e) => Ok(()),
        other => other,
    }
}

fn is_hot_journal(error: &rusqlite::Error) -> bool {
    matches!(error, rusqlite::Error::SqliteFailure(e, _)
        if e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK)
}

/// Stage 2 on a connection that reads the file.
pub(super) fn check_deep_on(conn: &Connection, path: &Path, header: &Header) -> Result<()> {
    let result = check_contents(conn, path).and_then(|()| {
        if header.suspicious {
            quick_check(conn, path)
        } else {
            Ok(())
        }
    });
    result.map_err(|e| as_file_problem(e, path))
}

/// Whether the database behind `conn` is in WAL mode (read from the file;
/// changes nothing).
pub(super) fn is_wal(conn: &Connection) -> Result<bool> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    Ok(mode.eq_ignore_ascii_case("wal"))
}

/// Creates the `-wal` and `-shm` files of a database in WAL mode, empty
/// and readable by the owner only, if they are not there: SQLite would
/// create them with the database file's mode, which may be wider (0644).
/// Empty, they mean nothing to SQLite. Where they cannot be created,
/// SQLite will say why. (Not for a file in rollback mode: SQLite reads a
/// `-wal` beside such a file as its log, and a restore may be about to put
/// another file there, see `restore.rs`.)
pub(super) fn create_side_files(path: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = crate::private_files::create_new(&side_file(path, suffix));
    }
}

/// Makes the database's `-wal` and `-shm` readable by the owner only, if
/// they are not (files an older Kith or another program left, or made in
/// the moment between [`create_side_files`] and a last connection elsewhere
/// removing them).
pub(super) fn make_side_files_private(path: &Path) {
    #[cfg(unix)]
    for suffix in ["-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let side = side_file(path, suffix);
        if let Ok(meta) = fs::metadata(&side)
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = fs::set_permissions(&side, fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Turns SQLite's "corrupt" and "not a database" into [`FileProblem`]s of
/// `path`.
pub(super) fn as_file_problem(error: StoreError, path: &Path) -> StoreError {
    match error {
        StoreError::Corrupt(detail) => StoreError::File {
            path: path.to_owned(),
            problem: FileProblem::Damaged { detail },
        },
        other => other,
    }
}

/// Checks that the database behind `conn` is a Kith database this version
/// can read, with every table Kith needs, and that the first and last
/// pages of each table can be read.
pub(super) fn check_contents(conn: &Connection, path: &Path) -> Result<()> {
    let problem = |problem| StoreError::File {
        path: path.to_owned(),
        problem,
    };
    let application_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let user_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // Reading the schema makes SQLite look past the header.
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if application_id != APPLICATION_ID {
        return Err(problem(FileProblem::ForeignSqlite));
    }
    if user_version > LATEST_VERSION {
        return Err(problem(FileProblem::TooNew {
            found: user_version,
            supported: LATEST_VERSION,
        }));
    }
    if let Some(missing) = KITH_TABLES.iter().find(|t| !tables.iter().any(|n| n == *t)) {
        return Err(problem(FileProblem::Damaged {
            detail: format!("its table {missing} is missing"),
        }));
    }
    for table in &tables {
        // The first and last rows: the root page and the leaves at both
        // ends of each table, where most damage to a tree shows.
        for order in ["", " DESC"] {
            let sql = format!("SELECT * FROM \"{table}\" ORDER BY rowid{order} LIMIT 1");
            let sql = if table_has_rowid(conn, table)? {
                sql
            } else {
                format!("SELECT * FROM \"{table}\" LIMIT 1")
            };
            conn.prepare(&sql)?.query([])?.next()?;
        }
    }
    Ok(())
}

fn table_has_rowid(conn: &Connection, table: &str) -> Result<bool> {
    let sql: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )?;
    Ok(!sql.to_ascii_uppercase().contains("WITHOUT ROWID"))
}

/// Runs `PRAGMA quick_check`: every page of the file is read and checked
/// (but not that indexes match their tables).
pub(super) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    run_check(conn, path, "quick_check")
}

/// Runs `PRAGMA integrity_check`: everything `quick_check` does, and that
/// every index matches its table.
pub(super) fn integrity_check(conn: &Connection, path: &Path) -> Result<()> {
    run_check(conn, path, "integrity_check")
}

fn run_check(conn: &Connection, path: &Path, pragma: &str) -> Result<()> {
    // On an encrypted file, a damaged page fails SQLite's checks with
    // "SQL logic error"; SQLCipher's own check names the page first.
    let cipher = super::cipher::is_keyed(conn)
        .then(|| super::cipher::integrity_check(conn))
        .transpose()?
        .unwrap_or_default();
    let messages: Vec<String> = if cipher.is_empty() {
        conn.prepare(&format!("PRAGMA {pragma}(5)"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    } else {
        cipher
    };
    if messages.len() == 1 && messages[0] == "ok" {
        Ok(())
    } else {
        Err(StoreError::File {
            path: path.to_owned(),
            problem: FileProblem::Damaged {
                detail: format!("{pragma} found: {}", messages.join("; ")),
            },
        })
    }
}

/// Reads the whole file at `path` and checks it (`PRAGMA integrity_check`)
/// without changing it, on a connection of its own: the window can run it
/// in the background after its first frame, while it has the database open.
pub fn verify_file(path: &Path) -> Result<()> {
    let header = match inspect(path, false)? {
        Found::Existing(header) => header,
        Found::Missing | Found::EmptyNew => {
            return Err(StoreError::Io {
                path: path.to_owned(),
                cause: io::ErrorKind::NotFound.into(),
            });
        }
    };
    let conn = open_for_checking(path, &header).map_err(|e| as_file_problem(e, path))?;
    check_contents(&conn, path)
        .and_then(|()| integrity_check(&conn, path))
        .map_err(|e| as_file_problem(e, path))
}

/// A `file:` URI for `path`, as SQLite reads them: every byte but the
/// unreserved ones and `/` percent-encoded.
pub(super) fn sqlite_uri(path: &Path, query: &str) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            #[cfg(windows)]
            b'\\' => uri.push('/'),
            #[cfg(windows)]
            b':' => uri.push(':'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str(query);
    uri
}

/// Identifies the file at `path` (device and inode), to notice that it was
/// replaced between two moments; `None` where that is not available.
pub(super) fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(page_size: u16, pages: u32, user_version: u32) -> Vec<u8> {
        let mut bytes = vec![0u8; 100];
        bytes[..16].copy_from_slice(SQLITE_MAGIC);
        bytes[16..18].copy_from_slice(&page_size.to_be_bytes());
        bytes[18] = 2;
        bytes[19] = 2;
        bytes[21..24].copy_from_slice(&[64, 32, 32]);
        bytes[24..28].copy_from_slice(&7u32.to_be_bytes());
        bytes[28..32].copy_from_slice(&pages.to_be_bytes());
        bytes[92..96].copy_from_slice(&7u32.to_be_bytes());
        bytes[60..64].copy_from_slice(&user_version.to_be_bytes());
        bytes[68..72].copy_from_slice(&(APPLICATION_ID as u32).to_be_bytes());
        bytes
    }

    #[test]
    fn headers_are_read_and_checked() {
        let good = parse_header(&header(4096, 10, 1), 40_960, false).unwrap();
        assert_eq!(good.page_size, 4096);
        assert_eq!(good.page_count, Some(10));
        assert_eq!(good.user_version, 1);
        assert_eq!(good.application_id, APPLICATION_ID);
        assert!(!good.suspicious);
        assert!(
            parse_header(&header(4096, 10, 1), 45_000, false)
                .unwrap()
                .suspicious
        );
        assert!(parse_header(&header(1, 1, 1), 65_536, false).is_ok());

        assert_eq!(
            parse_header(b"Dear diary", 10, false).unwrap_err(),
            FileProblem::NotSqlite
        );
        assert!(matches!(
            parse_header(&header(4096, 10, 1)[..50], 50, false),
            Err(FileProblem::Truncated { size: 50, .. })
        ));
        for bad_size in [1000u16, 256, 0] {
            assert!(matches!(
                parse_header(&header(bad_size, 10, 1), 40_960, false),
                Err(FileProblem::Damaged { .. })
            ));
        }
    }

    #[test]
    fn uris_escape_what_sqlite_would_misread() {
        let uri = sqlite_uri(Path::new("/tmp/my data/a?b#c%.sqlite3"), "?immutable=1");
        assert_eq!(uri, "file:/tmp/my%20data/a%3Fb%23c%25.sqlite3?immutable=1");
    }
}
