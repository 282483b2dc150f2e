//! Helpers shared by the data-safety tests: fixed times, a populated
//! database, a dump of every row for "exactly the same" checks, file modes,
//! and the built binary.
//!
//! The safety tests run on a plain and on an encrypted database
//! ([`Mode`], [`Place::new_in`], [`both_modes!`]): every encrypted test
//! database has the passphrase [`PASSPHRASE`], which every `kith` process
//! started here is given, and [`read_only`] (so [`dump`]) opens an
//! encrypted file with the key SQLCipher derives from it.

#![allow(dead_code)]

use kith::domain::Field;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{NaiveDate, NaiveDateTime};
use kith::domain::time::{parse_date, parse_date_time};
use kith::domain::{
    Channel, ContactDraft, ContactId, DateDraft, Depth, FollowUpDraft, Initiator, InteractionDraft,
    Labeled, NudgeKind, Tone, TrustLevel, YearlyDate,
};
use kith::store::{LogEntry, NewContact, NewFollowUp, Store};
use rusqlite::types::Value;

pub const NOW: &str = "2026-11-22 10:00";

pub fn at(text: &str) -> NaiveDateTime {
    parse_date_time(Field::When, text).unwrap()
}

pub fn day(text: &str) -> NaiveDate {
    parse_date(Field::On, text).unwrap()
}

/// The passphrase of every encrypted test database ([`Mode::Encrypted`]).
pub const PASSPHRASE: &str = "tide pools";

/// The built binary, given [`PASSPHRASE`] in `KITH_PASSPHRASE`: a command
/// on a plain database never reads it, so a test runs its children the
/// same way in both modes.
pub fn kith() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    command.env("KITH_PASSPHRASE", PASSPHRASE);
    command
}

/// A test database without a passphrase, or protected by [`PASSPHRASE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Plain,
    Encrypted,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Plain, Mode::Encrypted];

    /// Asserts that the file at `path` is a database in this mode: an
    /// SQLite header, or none (encrypted from its first page on).
    pub fn assert_file(self, path: &Path) {
        assert_eq!(
            kith::store::is_encrypted(path),
            self == Mode::Encrypted,
            "{} should be {self:?}",
            path.display()
        );
    }
}

/// Makes a module `plain` and a module `encrypted` with one `#[test]` each
/// for every `fn name(mode: Mode)` named: the same body on a database
/// without and with a passphrase, as two tests that run in parallel and
/// fail by name (`encrypted::name`).
#[macro_export]
macro_rules! both_modes {
    ($($name:ident),* $(,)?) => {
        mod plain {
            $(#[test]
            fn $name() {
                super::$name(super::common::Mode::Plain)
            })*
        }
        mod encrypted {
            $(#[test]
            fn $name() {
                super::$name(super::common::Mode::Encrypted)
            })*
        }
    };
}

pub fn run(db: &Path, args: &[&str]) -> Output {
    kith().arg("--db").arg(db).args(args).output().unwrap()
}

/// Tries to open the database as a window does, in another process that
/// lets go at once (for "a second window is refused").
pub fn try_to_hold(db: &Path) -> Output {
    kith()
        .arg("--db")
        .arg(db)
        .args(["__test", "hold"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// A temp folder with a database path inside it: nothing there yet for a
/// plain place, an empty encrypted database for an encrypted one.
pub struct Place {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub mode: Mode,
}

impl Place {
    /// A plain place, where nothing is yet.
    pub fn new() -> Self {
        Self::new_in(Mode::Plain)
    }

    /// A place in `mode`. Encrypted, an empty database protected with
    /// [`PASSPHRASE`] is there already, with an empty backups folder, as
    /// `kith passphrase set` leaves a new database but for the backup that
    /// takes first ([`encrypted_template`]).
    pub fn new_in(mode: Mode) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data").join("kith.sqlite3");
        if mode == Mode::Encrypted {
            use std::io::Write;
            use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
            std::fs::DirBuilder::new()
                .mode(0o700)
                .create(db.parent().unwrap())
                .unwrap();
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&db)
                .unwrap()
                .write_all(encrypted_template())
                .unwrap();
        }
        Self { dir, db, mode }
    }

    pub fn backups(&self) -> PathBuf {
        kith::store::backups_dir(&self.db)
    }
}

/// The bytes of a new database that `kith passphrase set` protected with
/// [`PASSPHRASE`], made once per test process. Every encrypted place is a
/// copy, with the same salt, so the key is derived once per process (about
/// 0.6 s in a debug build) and stays known to it: `Store::open` of any
/// copy, or of its backups, finds it.
pub fn encrypted_template() -> &'static [u8] {
    static TEMPLATE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let place = Place::new();
        drop(Store::open(&place.db).unwrap());
        let passphrase =
            kith::domain::Passphrase::new(Field::Passphrase, PASSPHRASE.into()).unwrap();
        let change = kith::store::PassphraseChange::Set(passphrase);
        let rekeyed = kith::store::change_passphrase(&place.db, &change, at(NOW)).unwrap();
        assert!(rekeyed.encrypted);
        // No log or journal: the file alone is the whole database.
        assert!(side_files(&place.db).iter().all(|side| side == ".lock"));
        Mode::Encrypted.assert_file(&place.db);
        std::fs::read(&place.db).unwrap()
    })
}

/// A read-write connection to the database at `path`, keyed as
/// [`read_only`] is.
pub fn connect(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    if let Some(key) = raw_key(path) {
        conn.pragma_update(None, "key", key).unwrap();
    }
    conn
}

/// Adds a person with every kind of related row: emails, phones, tags,
/// interactions (with notes), trust history and a nudge state.
pub fn add_person(store: &mut Store, name: &str, note: &str) -> ContactId {
    let mut draft = ContactDraft::named(name);
    draft.emails = vec![Labeled::parse(&format!(
        "work:{}@example.org",
        name.to_lowercase().replace(' ', ".")
    ))];
    draft.phones = vec![Labeled::parse("mobile:+44 20 7946 0958")];
    draft.tags = vec!["maths".into(), "poetry".into()];
    draft.notes = format!("Notes about {name}: {note}");
    draft.met_on = Some(day("2025-03-14"));
    let id = store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Acquaintance),
                ..NewContact::new(draft)
            },
            at(NOW),
        )
        .unwrap();
    for (i, when) in ["2026-10-01 12:00", "2026-10-20 18:30", "2026-11-02 09:15"]
        .iter()
        .enumerate()
    {
        let mut interaction = InteractionDraft::new(id, at(when));
        interaction.channel = Channel::InPerson;
        interaction.initiated_by = Initiator::Them;
        interaction.tone = Tone::Positive;
        interaction.depth = Depth::Personal;
        interaction.minutes = Some(45);
        interaction.note = format!("{note} (meeting {i})");
        // The first meeting notes a follow-up; the last ticks it off.
        let mut entry = LogEntry::new(interaction);
        if i == 0 {
            entry.follow_up = Some(NewFollowUp {
                what: format!("ask {name} about {note}"),
                due: Some(day("2026-10-15")),
            });
        }
        if i == 2 {
            entry.done = store
                .follow_ups_of(id)
                .unwrap()
                .iter()
                .map(|f| f.id)
                .collect();
        }
        store.log(entry, at(NOW)).unwrap();
    }
    store
        .add_follow_up(
            FollowUpDraft::new(
                id,
                &format!("send {name} the paper"),
                Some(day("2026-12-24")),
            ),
            at(NOW),
        )
        .unwrap();
    store
        .add_date(
            DateDraft::new(
                id,
                "wedding anniversary",
                YearlyDate::parse("2014-06-02").unwrap(),
            ),
            at(NOW),
        )
        .unwrap();
    let _ = store
        .set_trust(
            id,
            TrustLevel::Familiar,
            day("2026-11-02"),
            "kept a confidence",
            at(NOW),
        )
        .unwrap();
    let _ = store
        .snooze_nudge(Some(id), NudgeKind::Neglect, day("2026-12-01"))
        .unwrap();
    id
}

/// A store at `db` with a few people.
pub fn populated(db: &Path) -> Store {
    let mut store = Store::open(db).unwrap();
    for (name, note) in [
        ("Ada Lovelace", "loves the analytical engine"),
        ("Grace Hopper", "collects nanoseconds"),
        ("Alan Turing", "runs marathons"),
    ] {
        add_person(&mut store, name, note);
    }
    store.set_setting("cadence_trusted", "45").unwrap();
    store
}

/// Every row of every table of the database at `path` (but the change
/// counter, which counts undos and restores too), sorted: two databases
/// with the same dump hold exactly the same data, ids and UUIDs included.
pub fn dump(path: &Path) -> Vec<String> {
    dump_connection(&read_only(path))
}

/// A connection that reads `path` without leaving files beside it: with
/// SQLite's locks if another connection has it open, else `immutable`;
/// an encrypted file with the key of [`PASSPHRASE`] ([`raw_key`]).
pub fn read_only(path: &Path) -> rusqlite::Connection {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
        | rusqlite::OpenFlags::SQLITE_OPEN_URI;
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    let uri = if PathBuf::from(shm).exists() {
        format!("file:{}", path.display())
    } else {
        format!("file:{}?immutable=1", path.display())
    };
    let conn = rusqlite::Connection::open_with_flags(uri, flags).unwrap();
    if let Some(key) = raw_key(path) {
        conn.pragma_update(None, "key", key).unwrap();
    }
    conn
}

/// SQLCipher's raw key (`x'<key><salt>'`) of the encrypted file at `path`
/// for [`PASSPHRASE`], derived here as SQLCipher 4 does (PBKDF2-HMAC-SHA512,
/// 256,000 iterations, the file's first 16 bytes as salt), independently of
/// Kith's own, once per salt; `None` for a plain or empty file.
pub fn raw_key(path: &Path) -> Option<String> {
    let (key, salt) = key_and_salt(path)?;
    let hex: String = key
        .iter()
        .chain(salt.iter())
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Some(format!("x'{hex}'"))
}

/// The key of [`PASSPHRASE`] for the encrypted file at `path`, with the
/// file's salt; `None` for a plain or empty file.
fn key_and_salt(path: &Path) -> Option<([u8; 32], [u8; 16])> {
    use std::io::Read;
    use std::sync::Mutex;
    static KEYS: Mutex<Vec<([u8; 16], [u8; 32])>> = Mutex::new(Vec::new());
    let mut salt = [0u8; 16];
    std::fs::File::open(path).ok()?.read_exact(&mut salt).ok()?;
    if &salt == b"SQLite format 3\0" {
        return None;
    }
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, key)) = keys.iter().find(|(known, _)| *known == salt) {
        return Some((*key, salt));
    }
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<pbkdf2::sha2::Sha512>(PASSPHRASE.as_bytes(), &salt, 256_000, &mut key);
    keys.push((salt, key));
    Some((key, salt))
}

/// What a byte search of the file at `path` (the database `db` or one of
/// its side files) finds of the database's contents: the bytes themselves
/// when the database is plain; encrypted, every page decrypted with the
/// key of [`PASSPHRASE`] (SQLCipher 4: AES-256-CBC, a 16-byte IV and a
/// 64-byte HMAC at the end of each 4096-byte page, the salt before page 1),
/// in the database file and in each frame of its log. Freed pages included:
/// what a thief with the passphrase would find.
pub fn readable_bytes(db: &Path, path: &Path) -> Option<Vec<u8>> {
    const PAGE: usize = 4096;
    const RESERVE: usize = 16 + 64;
    let bytes = std::fs::read(path).ok()?;
    let Some((key, _)) = key_and_salt(db) else {
        return Some(bytes);
    };
    let (start, stride, skip) = if path == db {
        (0, PAGE, 0)
    } else if path.to_string_lossy().ends_with("-wal") {
        (32, 24 + PAGE, 24) // the log's header, each frame's header
    } else {
        return Some(bytes); // `-shm` and `.lock` hold no contents
    };
    let mut plain = Vec::with_capacity(bytes.len());
    let mut at = start;
    while at + skip + PAGE <= bytes.len() {
        let page = &bytes[at + skip..at + skip + PAGE];
        // Page 1 starts with the salt, outside the encryption.
        let first = path == db && at == 0;
        let data = &page[if first { 16 } else { 0 }..PAGE - RESERVE];
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        plain.extend(aes_256_cbc_decrypt(&key, iv, data));
        at += stride;
    }
    Some(plain)
}

/// AES-256-CBC without padding, through the libcrypto that SQLCipher is
/// linked with (no other AES is among Kith's dependencies).
fn aes_256_cbc_decrypt(key: &[u8; 32], iv: &[u8], data: &[u8]) -> Vec<u8> {
    use std::ffi::{c_int, c_void};
    #[link(name = "crypto")]
    unsafe extern "C" {
        fn EVP_CIPHER_CTX_new() -> *mut c_void;
        fn EVP_CIPHER_CTX_free(ctx: *mut c_void);
        fn EVP_aes_256_cbc() -> *const c_void;
        fn EVP_DecryptInit_ex(
            ctx: *mut c_void,
            cipher: *const c_void,
            engine: *mut c_void,
            key: *const u8,
            iv: *const u8,
        ) -> c_int;
        fn EVP_CIPHER_CTX_set_padding(ctx: *mut c_void, pad: c_int) -> c_int;
        fn EVP_DecryptUpdate(
            ctx: *mut c_void,
            out: *mut u8,
            out_len: *mut c_int,
            input: *const u8,
            in_len: c_int,
        ) -> c_int;
    }
    assert_eq!(iv.len(), 16);
    assert_eq!(data.len() % 16, 0);
    let mut out = vec![0u8; data.len() + 16];
    let mut written: c_int = 0;
    // SAFETY: the context is made, used and freed here; the key is 32
    // bytes, the IV 16, and `out` has room for all of `data` and a block.
    unsafe {
        let ctx = EVP_CIPHER_CTX_new();
        assert!(!ctx.is_null());
        assert_eq!(
            EVP_DecryptInit_ex(
                ctx,
                EVP_aes_256_cbc(),
                std::ptr::null_mut(),
                key.as_ptr(),
                iv.as_ptr()
            ),
            1
        );
        EVP_CIPHER_CTX_set_padding(ctx, 0);
        let ok = EVP_DecryptUpdate(
            ctx,
            out.as_mut_ptr(),
            &mut written,
            data.as_ptr(),
            data.len() as c_int,
        );
        EVP_CIPHER_CTX_free(ctx);
        assert_eq!(ok, 1);
    }
    out.truncate(written as usize);
    out
}

pub fn dump_connection(conn: &rusqlite::Connection) -> Vec<String> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name <> 'change_counter' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut lines = Vec::new();
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |row| {
                let values: Vec<Value> = (0..columns)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<Result<_, _>>()?;
                Ok(format!("{table}: {values:?}"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        lines.extend(rows);
    }
    lines
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Names of the files in `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// The side files SQLite or Kith keep beside `db` that exist now.
pub fn side_files(db: &Path) -> Vec<String> {
    ["-wal", "-shm", "-journal", ".lock"]
        .iter()
        .filter(|suffix| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name).exists()
        })
        .map(|s| s.to_string())
        .collect()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The peak memory, in MB, that `/usr/bin/time -v` reported in `stderr`.
pub fn peak_mb(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| kb / 1024)
}
