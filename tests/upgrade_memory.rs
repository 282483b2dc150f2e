//! The schema upgrade at the scale Kith claims: a schema-7 database with a
//! million interactions upgrades in a `kith` process that stays under the
//! README's memory budget (200 MB). Before, the rebuild of the
//! interactions table held 273 MB at 100,000 people (see
//! `src/store/migrations.rs`: temporary storage on file while the ladder
//! runs, and `sql/008_participants.sql`: its large index grows with its
//! rows instead of being sorted at the end).
//!
//! It takes a minute or two, so it only runs when asked, on a release
//! build; it measures memory only (`/usr/bin/time -v`), never time:
//!
//! ```sh
//! cargo test --release --test upgrade_memory -- --ignored --nocapture
//! ```

use std::path::Path;
use std::process::{Command, Stdio};

/// Interactions added to the checked-in schema-7 database, spread over
/// its people.
const ADDED: i64 = 1_000_000;
/// The README's budget for any command.
const BUDGET_MB: u64 = 200;

#[test]
#[ignore = "minutes of work on a million interactions; run with --release --ignored"]
fn upgrading_a_million_interactions_stays_under_the_memory_budget() {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("no /usr/bin/time: nothing measured");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schema-7.sqlite3");
    std::fs::copy(&fixture, &db).unwrap();
    grow(&db);

    let output = Command::new(time)
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_kith"))
        .arg("--db")
        .arg(&db)
        .args(["contact", "list"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let peak_mb = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| kb / 1024)
        .expect("/usr/bin/time -v gives the peak");
    let moved: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM participants", [], |r| r.get(0))
        .unwrap();
    eprintln!("upgraded {moved} interactions, peak memory {peak_mb} MB");
    assert!(moved >= ADDED, "{moved} participants");
    assert!(
        peak_mb < BUDGET_MB,
        "the upgrade held {peak_mb} MB (budget {BUDGET_MB} MB)"
    );
}

/// Adds `ADDED` interactions, with valid UUIDs and values schema 7
/// accepts, spread over the database's people (so that the index by
/// person is filled out of order, as in a real database).
fn grow(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(&format!(
        "BEGIN;
         CREATE TEMP TABLE people AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id
             FROM contacts;
         WITH RECURSIVE i(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM i WHERE i < {ADDED})
         INSERT INTO interactions (uuid, contact_id, occurred_at, channel, initiated_by, tone,
                                   depth, minutes, note, created_at)
         SELECT lower(printf('%s-%s-4%s-a%s-%s', hex(randomblob(4)), hex(randomblob(2)),
                             substr(hex(randomblob(2)), 2), substr(hex(randomblob(2)), 2),
                             hex(randomblob(6)))),
                (SELECT id FROM people WHERE n = i % (SELECT count(*) FROM people)),
                1700000000 + i * 60, 'call', 'them', 'neutral', 'personal', 10,
                hex(randomblob(40)), 1700000000 + i * 60
         FROM i;
         COMMIT;"
    ))
    .unwrap();
}
