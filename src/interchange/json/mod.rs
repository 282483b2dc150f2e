//! Kith's lossless archive: every person with every field, their trust
//! history, follow-ups, dates to remember and skips, every interaction
//! (with everyone it was with, and who reached out), the nudge snoozes and
//! dismissals, and the settings, in one JSON file. Version 2 added group
//! interactions, follow-ups, dates and skips; version 1 still imports.
//!
//! Records refer to each other by UUID, never by the integer ids of one
//! database, so an archive imports into any database. The file starts with
//! `"format": "kith-archive"` and a `"version"`; a newer version is refused
//! with a message saying so. Derived values (trust level, interaction
//! summaries, the evidence counter) are not written: they are recomputed on
//! import. A dismissal is written as whether it still hides its nudge
//! (`"current"`) or no longer does (`"outdated"`), because the evidence
//! counter it was tied to only means something inside one database.
//!
//! Importing an archive into an empty database and exporting again gives
//! the same bytes.
//!
//! ## Any size, both ways
//!
//! An archive of 100,000 people and a million interactions is about half a
//! gigabyte, so neither direction holds it in memory:
//!
//! - [`write`] serialises the store's snapshot record by record into any
//!   `Write`.
//! - [`read`] streams the file once, record by record (serde visitors over
//!   the top-level object and its arrays, `read.rs`, handing each record to
//!   `check.rs`): it keeps the people (they are
//!   matched and previewed), the nudge states and the settings, and only
//!   checks, indexes and counts the interactions. Every record is checked
//!   with the domain's rules as it is read, so the preview (`--dry-run`)
//!   finds everything the import would refuse, naming the record
//!   ("interaction 4812 (uuid …): the uuid appears twice").
//! - Importing reads the file a second time ([`ArchiveSource::interactions`],
//!   `again.rs`) on a thread of its own, handing the interactions to the store as it
//!   writes them, and makes sure the file is the one first read (its
//!   length and a hash of its bytes) before the import is committed.
//!
//! UTF-8 (with or without a byte-order mark) and UTF-16 (with or without
//! one) are read.
//!
//! ## Versions
//!
//! `records.rs` holds the shape of each record as written (one struct per
//! record kind for writing, one reader per record kind that names the
//! field at fault). A new version adds its record kinds as new top-level
//! arrays (`Section` in `read.rs`, kept by `check.rs`, streamed by
//! `again.rs` if there can be many) and its fields to the readers, which
//! can tell the version of the file being read, so every earlier version
//! still imports; [`write`] always writes [`VERSION`].

mod again;
mod check;
mod read;
mod records;
mod text;
mod write;

pub use again::ArchiveInteractions;
pub use read::{ArchiveRest, ArchiveSource, InteractionKey, Origin, read};
pub use write::write;

/// The value of `"format"` in every archive.
pub const FORMAT_NAME: &str = "kith-archive";
/// The archive version this Kith writes (and the newest it reads).
pub const VERSION: u32 = 2;
