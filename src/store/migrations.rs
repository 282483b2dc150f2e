//! The schema upgrade ladder. Each step is one SQL file, applied in one
//! transaction; the step count is stored in `PRAGMA user_version`. Steps are
//! only ever added, never edited, once released.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// The schema version this build of Kith writes.
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

const STEPS: &[&str] = &[
    include_str!("sql/001_init.sql"),
    include_str!("sql/002_last_channel.sql"),
    include_str!("sql/003_change_counter.sql"),
    include_str!("sql/004_trust_history_index.sql"),
    include_str!("sql/005_import_uid.sql"),
    include_str!("sql/006_remember.sql"),
    include_str!("sql/007_truth.sql"),
];

fn ladder() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

/// Brings the database up to [`LATEST_VERSION`]. A database from a newer
/// Kith has been refused before this is called.
pub(super) fn to_latest(conn: &mut Connection) -> rusqlite_migration::Result<()> {
    ladder().to_latest(conn)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ladder_is_valid() {
        super::ladder().validate().unwrap();
    }
}
