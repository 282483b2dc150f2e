//! Encryption at rest: SQLCipher's side of a database protected by a
//! passphrase.
//!
//! Kith is built with SQLCipher, which reads and writes plain SQLite files
//! exactly as SQLite does when no key is given. An encrypted file is every
//! page encrypted (AES-256 with an HMAC per page, SQLCipher 4's defaults),
//! the log (`-wal`) too, after a random 16-byte salt at the start of the
//! file.
//!
//! SQLCipher turns a passphrase into the file's key with PBKDF2-HMAC-SHA512
//! (256,000 iterations) and the file's salt: about 0.2 s, on the first
//! statement of every connection. Kith opens several connections to one
//! database (checking it, the store, a reader, the background backup), so
//! it derives the key itself, once, exactly as SQLCipher would, and gives
//! every connection that [`Key`] as a raw key (`x'…'`), which costs
//! nothing to use. Backups carry the database's key and salt, so the one
//! passphrase opens them too.
//!
//! A wrong key cannot be told from a file that is not a database: SQLite
//! says "file is not a database" on the first statement, and writes
//! nothing. So what decides "encrypted" before any key is given is the
//! file's look ([`looks_encrypted`]): not an SQLite header, and a first
//! page of bytes as even as random ones.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};
use zeroize::{Zeroize, Zeroizing};

use super::file::{FileProblem, Header};
use super::{Result, StoreError};
use crate::domain::Passphrase;

/// PBKDF2 iterations: SQLCipher 4's default.
const KDF_ITERATIONS: u32 = 256_000;
/// The salt SQLCipher keeps in the first bytes of an encrypted file.
pub(super) const SALT_LEN: usize = 16;
/// The page size of every file Kith encrypts (SQLCipher 4's default).
pub(super) const PAGE_SIZE: u64 = 4096;

/// The key of an encrypted database: 32 bytes derived from a passphrase
/// and the file's salt, with that salt. Zeroed when the last copy is
/// dropped; cheap to clone; never printed.
#[derive(Clone)]
pub struct Key(Arc<KeyBytes>);

struct KeyBytes {
    key: [u8; 32],
    salt: [u8; SALT_LEN],
}

impl Drop for KeyBytes {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl Key {
    /// The key SQLCipher derives from `passphrase` for a file with `salt`:
    /// the slow step (about 0.2 s), taken once per opening.
    pub fn derive(passphrase: &Passphrase, salt: [u8; SALT_LEN]) -> Self {
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<pbkdf2::sha2::Sha512>(
            passphrase.expose().as_bytes(),
            &salt,
            KDF_ITERATIONS,
            &mut key,
        );
        let bytes = KeyBytes { key, salt };
        key.zeroize();
        Self(Arc::new(bytes))
    }

    /// A key for a new encrypted file: `passphrase` with a new random salt.
    pub fn fresh(passphrase: &Passphrase) -> Result<Self> {
        let mut salt = [0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| StoreError::Io {
            path: "the system's random numbers".into(),
            cause: io::Error::other(e.to_string()),
        })?;
        Ok(Self::derive(passphrase, salt))
    }

    /// The salt of the files this key opens.
    pub(super) fn salt(&self) -> [u8; SALT_LEN] {
        self.0.salt
    }

    /// SQLCipher's raw key with its salt: `x'<64 hex digits><32 hex digits>'`.
    /// With the salt given, a new file gets this salt rather than a random
    /// one, so the passphrase opens it too.
    fn raw(&self) -> Zeroizing<String> {
        let mut raw = Zeroizing::new(String::with_capacity(3 + 2 * (32 + SALT_LEN)));
        raw.push_str("x'");
        for byte in self.0.key.iter().chain(self.0.salt.iter()) {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            raw.push(char::from(HEX[usize::from(byte >> 4)]));
            raw.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        raw.push('\'');
        raw
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(…)")
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.0.salt == other.0.salt && self.0.key == other.0.key
    }
}

/// The keys this process was given (each once a passphrase opened a file
/// with its salt), found again by the salt at the start of a file. The
/// database, its backups and the temporary files made on the way all
/// start with the same salt and open with the same key, so a connection
/// to any of them is keyed by looking at the file ([`open`]), and no
/// function between a command and SQLite passes a key along. Keys are
/// kept for the life of the process (a window needs its key for every
/// connection it opens), in memory zeroed when they are forgotten.
static KEYS: Mutex<Vec<Key>> = Mutex::new(Vec::new());

fn keys() -> std::sync::MutexGuard<'static, Vec<Key>> {
    // A panic elsewhere while the list was held leaves it whole.
    KEYS.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Makes `key` the one for every file that starts with its salt.
pub(super) fn remember(key: &Key) {
    let mut keys = keys();
    keys.retain(|known| known.salt() != key.salt());
    keys.push(key.clone());
}

/// Forgets the key of the file at `path` (and of its backups with the same
/// salt): connections opened from now on need the passphrase again.
pub fn forget_key(path: &Path) {
    let path = &crate::private_files::follow_links(path);
    if let Ok(salt) = salt_of(path) {
        keys().retain(|known| known.salt() != salt);
    }
}

/// The key given for files that start with `salt`, if any.
pub(super) fn key_for_salt(salt: &[u8]) -> Option<Key> {
    keys().iter().find(|key| key.salt() == salt).cloned()
}

/// The key the file at `path` opens with: `None` for a plain (or new, or
/// unreadable) file, or an encrypted one whose passphrase was not given.
pub(super) fn key_for_file(path: &Path) -> Option<Key> {
    let mut head = [0u8; SALT_LEN];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    if &head == super::file::SQLITE_MAGIC {
        return None;
    }
    key_for_salt(&head)
}

/// Opens the file at `path` (a path, or a `file:` URI of it when `uri`
/// is given) with `flags`, keyed as [`key_for_file`] says.
pub(super) fn open(path: &Path, uri: Option<&str>, flags: OpenFlags) -> Result<Connection> {
    let conn = match uri {
        Some(uri) => Connection::open_with_flags(uri, flags)?,
        None => Connection::open_with_flags(path, flags)?,
    };
    use_key(&conn, key_for_file(path).as_ref())?;
    Ok(conn)
}

/// The header of what looks like an encrypted database at `path`, of
/// `size` bytes: one whose key this process has, or
/// [`FileProblem::Encrypted`] (the passphrase is needed), or
/// [`FileProblem::NotSqlite`] (not a database at all, as far as can be
/// told without a key). Encrypted, the header says nothing of the file;
/// what matters is checked through SQLite, with the key.
pub(super) fn encrypted_header(path: &Path, size: u64, live: bool) -> Result<Header, FileProblem> {
    let mut head = Vec::with_capacity(LOOK_AT);
    let read =
        std::fs::File::open(path).and_then(|f| f.take(LOOK_AT as u64).read_to_end(&mut head));
    if read.is_err() || head.len() < SALT_LEN {
        return Err(FileProblem::NotSqlite);
    }
    if key_for_salt(&head[..SALT_LEN]).is_none() {
        return Err(if looks_encrypted(&head, size) {
            FileProblem::Encrypted
        } else {
            FileProblem::NotSqlite
        });
    }
    Ok(Header {
        page_size: PAGE_SIZE,
        user_version: 0,
        application_id: super::APPLICATION_ID,
        page_count: None,
        live,
        suspicious: !size.is_multiple_of(PAGE_SIZE),
        wal: false,
        encrypted: true,
    })
}

/// Derives the key of the encrypted file at `path` from `passphrase` and
/// checks that it opens the file, reading only (nothing is written, no
/// file is made beside it); then remembers it for every connection to
/// this file, its backups and its copies. A plain file needs no key:
/// nothing is done. The slow step (about 0.2 s) is here, once.
pub fn unlock(path: &Path, passphrase: &Passphrase) -> Result<()> {
    let path = &crate::private_files::follow_links(path);
    let salt = salt_of(path).map_err(|cause| StoreError::Io {
        path: path.to_owned(),
        cause,
    })?;
    if &salt == super::file::SQLITE_MAGIC {
        return Ok(());
    }
    let key = Key::derive(passphrase, salt);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    // Immutable: no lock, no `-shm` made beside the file. Only page 1 is
    // read, which a log never changes the salt of.
    let conn = Connection::open_with_flags(super::file::sqlite_uri(path, "?immutable=1"), flags)?;
    use_key(&conn, Some(&key))?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {
            remember(&key);
            Ok(())
        }
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(StoreError::WrongPassphrase {
                path: path.to_owned(),
            })
        }
        // The key opens page 1 but the file is damaged (cut short, say):
        // said as opening the file with its key would say it, naming it.
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Err(StoreError::File {
                path: path.to_owned(),
                problem: FileProblem::Damaged {
                    detail: e.to_string(),
                },
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the file at `path` is an encrypted database (or looks like
/// one): what a command asks for a passphrase about.
pub fn is_encrypted(path: &Path) -> bool {
    let path = &crate::private_files::follow_links(path);
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    // Only a regular file is read: opening a named pipe waits for a writer
    // for ever. Anything else is refused, by name, when it is opened.
    if !meta.is_file() {
        return false;
    }
    let mut head = Vec::with_capacity(LOOK_AT);
    let read =
        std::fs::File::open(path).and_then(|f| f.take(LOOK_AT as u64).read_to_end(&mut head));
    read.is_ok()
        && head.len() >= SALT_LEN
        && &head[..SALT_LEN] != super::file::SQLITE_MAGIC
        && (key_for_salt(&head[..SALT_LEN]).is_some() || looks_encrypted(&head, meta.len()))
}

/// Gives `conn` the key of an encrypted database: must come before any
/// other statement on the connection (any statement before it reads, or
/// creates, the file as plain SQLite). Nothing is read until the next
/// statement, which fails with "file is not a database" if the key is
/// wrong. `None` leaves a connection to a plain database as it is.
pub(super) fn use_key(conn: &Connection, key: Option<&Key>) -> rusqlite::Result<()> {
    let Some(key) = key else {
        return Ok(());
    };
    conn.pragma_update(None, "key", key.raw().as_str())?;
    // SQLCipher writes every page that fails its HMAC check to standard
    // error; Kith reports damage itself, once.
    conn.pragma_update(None, "cipher_log_level", "NONE")
}

/// Attaches the new file `path` as `alias`, encrypted with `key` (plain
/// with `None`), on `conn`: the destination of `sqlcipher_export`.
pub(super) fn attach(
    conn: &Connection,
    path: &Path,
    alias: &str,
    key: Option<&Key>,
) -> rusqlite::Result<()> {
    let raw = key.map(Key::raw).unwrap_or_default();
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS {alias} KEY ?2"),
        rusqlite::params![path.to_string_lossy(), raw.as_str()],
    )
    .map(drop)
}

/// The salt at the start of the encrypted file at `path`.
pub(super) fn salt_of(path: &Path) -> io::Result<[u8; SALT_LEN]> {
    let mut salt = [0u8; SALT_LEN];
    std::fs::File::open(path)?.read_exact(&mut salt)?;
    Ok(salt)
}

/// How many bytes [`looks_encrypted`] wants to see.
pub(super) const LOOK_AT: usize = 1024;

/// Whether a file of `size` bytes starting with `head` (up to [`LOOK_AT`]
/// bytes) looks like an encrypted database: a whole first page, whose
/// bytes are spread as evenly as random ones are. A text file, an image or
/// a document is far from even (a compressed one is close, and rarely a
/// whole number of pages, which the check after the key catches). The
/// SQLite header is ruled out by the caller.
pub(super) fn looks_encrypted(head: &[u8], size: u64) -> bool {
    if size < PAGE_SIZE || head.len() < LOOK_AT {
        return false;
    }
    let mut counts = [0u32; 256];
    for &byte in &head[..LOOK_AT] {
        counts[usize::from(byte)] += 1;
    }
    // Pearson's chi-squared against the uniform: about 255 ± 23 for
    // random bytes, thousands for text.
    let expected = LOOK_AT as f64 / 256.0;
    let chi_squared: f64 = counts
        .iter()
        .map(|&n| (f64::from(n) - expected).powi(2) / expected)
        .sum();
    chi_squared < 400.0
}

/// Runs `PRAGMA cipher_integrity_check`: every page's HMAC, which finds a
/// page damaged or changed on disk (where SQLite's own checks, on an
/// encrypted file, fail with "SQL logic error" instead of saying where).
pub(super) fn integrity_check(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("PRAGMA cipher_integrity_check")?
        .query_map([], |r| r.get(0))?
        .take(5)
        .collect::<rusqlite::Result<_>>()?)
}

/// What `PRAGMA <pragma>(5)` (`quick_check` or `integrity_check`) says
/// of the database behind `conn` ("ok", or up to 5 problems). On an
/// encrypted file, a damaged page fails SQLite's checks with "SQL logic
/// error" instead, so SQLCipher's own check, which names the page, runs
/// first.
pub(super) fn check_pages(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    if is_keyed(conn) {
        let damaged = integrity_check(conn)?;
        if !damaged.is_empty() {
            return Ok(damaged);
        }
    }
    Ok(conn
        .prepare(&format!("PRAGMA {pragma}(5)"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether `conn` reads an encrypted file with a key this process has.
pub(super) fn is_keyed(conn: &Connection) -> bool {
    conn.path()
        .filter(|path| !path.is_empty())
        .is_some_and(|path| key_for_file(Path::new(path)).is_some())
}

/// Whether the connection reads an SQLCipher build (it does, unless Kith
/// was built with plain SQLite, which would ignore every key and write in
/// the clear).
pub(super) fn available(conn: &Connection) -> bool {
    conn.query_row("PRAGMA cipher_version", [], |r| r.get::<_, String>(0))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Field;

    fn pass(text: &str) -> Passphrase {
        Passphrase::new(Field::Passphrase, text.to_owned()).unwrap()
    }

    /// The key Kith derives is the key SQLCipher derives from the same
    /// passphrase: a file keyed either way opens the other way.
    #[test]
    fn the_derived_key_is_sqlcipher_s_own() {
        let dir = tempfile::tempdir().unwrap();
        let by_passphrase = dir.path().join("a.sqlite3");
        let conn = Connection::open(&by_passphrase).unwrap();
        assert!(available(&conn));
        conn.pragma_update(None, "key", "tide pools").unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        drop(conn);
        let key = Key::derive(&pass("tide pools"), salt_of(&by_passphrase).unwrap());
        let conn = Connection::open(&by_passphrase).unwrap();
        use_key(&conn, Some(&key)).unwrap();
        let one: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(one, 1);

        let by_key = dir.path().join("b.sqlite3");
        let key = Key::fresh(&pass("rock pools")).unwrap();
        let conn = Connection::open(&by_key).unwrap();
        use_key(&conn, Some(&key)).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (2);")
            .unwrap();
        drop(conn);
        assert_eq!(salt_of(&by_key).unwrap(), key.salt());
        let conn = Connection::open(&by_key).unwrap();
        conn.pragma_update(None, "key", "rock pools").unwrap();
        let two: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(two, 2);
        assert_eq!(format!("{key:?}"), "Key(…)");
    }

    #[test]
    fn only_even_bytes_look_encrypted() {
        let mut random = vec![0u8; LOOK_AT];
        getrandom::fill(&mut random).unwrap();
        assert!(looks_encrypted(&random, 8192));
        assert!(!looks_encrypted(&random, 1000), "less than a page");
        let text = "Dear diary, today I met Ada. ".repeat(40);
        assert!(!looks_encrypted(text.as_bytes(), 8192));
        assert!(!looks_encrypted(&vec![0u8; LOOK_AT], 8192));
    }
}
