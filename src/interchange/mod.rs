//! Import and export: vCard, CSV and Kith's own lossless JSON archive.
//!
//! This module turns files into domain values and domain values into
//! files, and decides what an import does. It never touches SQL and never
//! sees the store: the store hands it an index of the people already there
//! ([`crate::domain::exchange::ImportIndex`]) and a snapshot of kept
//! records to write, and takes back a change set to apply
//! ([`crate::domain::exchange::ChangeSet`]). `crate::transfer` wires the
//! two together.
//!
//! An import goes in three steps, so that the desktop app can show a
//! preview and a progress bar:
//!
//! 1. [`read_path`] (or [`read`]) refuses what is no contacts file at all
//!    (a folder, a device, an SQLite database, binary content), reads a
//!    vCard or CSV file whole within [`MAX_FILE_BYTES`] and
//!    [`MAX_RECORDS`], decodes it ([`Format`] guessed from the content
//!    unless given) and maps every record to an [`ImportedPerson`];
//!    records that cannot be read are kept as [`Unreadable`], naming the
//!    record and why. A Kith archive is read as a stream instead (see
//!    [`json`]): its people are kept, its interactions only checked and
//!    counted. Nothing is stored.
//! 2. [`plan`] matches each person against the index (card UID, then an
//!    exact email, then the exact name) and decides, for each,
//!    [`Action::Create`], [`Action::Update`] (listing the fields) or
//!    [`Action::Skip`] (saying why): an [`ImportPlan`], the preview. It is
//!    a pure function of the file, the index and the options.
//! 3. The plan becomes a change set that the store applies in one
//!    transaction, reporting progress; it lands whole or not at all.
//!
//! An export is the other way round: the format writers ([`json::write`],
//! [`vcard::write`], [`csv::write_people`], [`csv::write_interactions`])
//! take the snapshot's iterators and stream to any `Write`.
//!
//! Every type here is `Send`, so the app can run all of it on a background
//! thread.

mod birthday;
pub mod csv;
pub mod decode;
mod format;
mod input;
pub mod json;
mod merge;
mod plan;
mod planner;
mod record;
mod tidy;
pub mod vcard;

use std::path::PathBuf;

use birthday::date_label;
pub use birthday::parse_birthday;
pub use csv::{neutralise_formula, unneutralise};
pub use format::Format;
pub use input::{check_size, read, read_path};
pub use merge::{MERGED_FIELDS, changed_in_all, merge};
pub use plan::{
    Action, ArchivePlan, Export, ImportOptions, ImportPlan, ImportSummary, Landing, MatchedBy,
    NameMatch, PlanCounts, PlannedRecord, Selection, SkipReason,
};
pub use planner::plan;
pub use record::{ImportedPerson, Parsed, RecordKind, Source, Unreadable};
pub use tidy::tidy;

/// vCard and CSV files larger than this are refused before they are read
/// (they are read whole; an archive is read as a stream and has no cap).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// vCard and CSV files with more records (cards, rows) than this are
/// refused before they are parsed.
pub const MAX_RECORDS: usize = 200_000;
/// Archives with more people than this are refused: an archive's people
/// are held in memory while it imports (its interactions are not).
pub const MAX_ARCHIVE_PEOPLE: usize = 1_000_000;

/// Why a whole file cannot be imported. (A record that cannot be read does
/// not stop the others: see [`Unreadable`].)
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The operating system's error is in the message, and so not also
    /// the `source` (a chain of causes would say it twice).
    #[error("{}: {cause}", .path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("{}: is {what}, not a regular file", .path.display())]
    NotAFile { path: PathBuf, what: &'static str },

    #[error(
        "the file is {} MB; Kith imports files up to {} MB (split it into smaller files)",
        .bytes.div_ceil(1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooBig { bytes: u64 },

    #[error(
        "the file holds {count} {noun}; Kith imports at most {max} at once (split it into smaller files)"
    )]
    TooManyRecords {
        count: usize,
        noun: &'static str,
        max: usize,
    },

    #[error("the file is empty")]
    Empty,

    #[error(
        "cannot tell what kind of file this is (not a vCard, CSV or Kith archive); name the format with --format vcard, csv or json"
    )]
    UnknownFormat,

    #[error(
        "the file is a Kith database, not a contacts file (to go back to a copy of your database, use kith restore)"
    )]
    KithDatabase,

    #[error("the file is an SQLite database, not a contacts file")]
    SqliteDatabase,

    #[error("the file is binary ({0}), not a contacts file")]
    Binary(&'static str),

    #[error("not a readable Kith archive: {0}")]
    Archive(String),

    #[error("not a readable CSV file: {0}")]
    Csv(String),
}
