//! The schema upgrade ladder. Each step is one SQL file, applied in one
//! transaction; the step count is stored in `PRAGMA user_version`. Steps are
//! only ever added, never edited, once released.
//!
//! The ladder runs with foreign keys off, because a step that rebuilds a
//! table (SQLite cannot change a column in place) drops the old one, and
//! dropping a table with foreign keys on deletes its rows first, cascading
//! into, or cutting the links of, every row that refers to it. A step that
//! rebuilds a table checks the keys (`PRAGMA foreign_key_check`) before
//! its transaction commits.
//!
//! The ladder also keeps SQLite's temporary storage (statement journals,
//! sorts) on file, not in memory: a step that rebuilds a large table
//! fills it with as much as the table, and with it in memory the upgrade
//! to schema 8 held 272 MB at 100,000 people and a million interactions
//! (69 MB on file). SQLCipher encrypts statement journals as it encrypts
//! the database, but not the files of a sort: no step sorts a large table
//! (an index of one is made before its rows are copied in, and grows with
//! them).

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// The schema version this build of Kith writes.
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

const STEPS: &[M<'static>] = &[
    M::up(include_str!("sql/001_init.sql")),
    M::up(include_str!("sql/002_last_channel.sql")),
    M::up(include_str!("sql/003_change_counter.sql")),
    M::up(include_str!("sql/004_trust_history_index.sql")),
    M::up(include_str!("sql/005_import_uid.sql")),
    M::up(include_str!("sql/006_remember.sql")),
    M::up(include_str!("sql/007_truth.sql")),
    M::up(include_str!("sql/008_participants.sql")).foreign_key_check(),
    M::up(include_str!("sql/009_nudge_facts.sql")),
];

fn ladder() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

/// Brings the database up to [`LATEST_VERSION`]. A database from a newer
/// Kith has been refused before this is called. Foreign keys are off while
/// the ladder runs (see the module docs) and on again after, whatever
/// happened.
pub(super) fn to_latest(conn: &mut Connection) -> rusqlite_migration::Result<()> {
    // The PRAGMA is a no-op inside a transaction: it is set outside the
    // ladder's.
    conn.pragma_update(None, "foreign_keys", false)?;
    let temp_store: i64 = conn.pragma_query_value(None, "temp_store", |row| row.get(0))?;
    conn.pragma_update(None, "temp_store", "FILE")?;
    let upgraded = ladder().to_latest(conn);
    conn.pragma_update(None, "temp_store", temp_store)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    upgraded
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ladder_is_valid() {
        super::ladder().validate().unwrap();
    }
}
