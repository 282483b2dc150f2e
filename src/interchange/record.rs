//! What reading a file gives: the people in it, each with where it sits in
//! the file and what was left out of it, and the records that could not be
//! read at all.

use std::fmt;

use super::{Format, json};
use crate::domain::exchange::KeptIdentity;
use crate::domain::{ContactDraft, YearlyDate};

/// Where a record sits in its file, for messages ("card 3 (line 40)").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    pub kind: RecordKind,
    /// The record's number in the file, from 1.
    pub number: usize,
    /// The line it starts on, from 1 (0 when unknown).
    pub line: usize,
}

/// What a record is called in its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Card,
    Row,
    Person,
    /// Lines that belong to no record; `number` is the first line.
    Lines,
}

impl RecordKind {
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Card => "card",
            Self::Row => "row",
            Self::Person => "person",
            Self::Lines => "line",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RecordKind::Lines if self.line > self.number => {
                write!(f, "lines {}–{}", self.number, self.line)
            }
            RecordKind::Lines => write!(f, "line {}", self.number),
            RecordKind::Person => write!(f, "person {}", self.number),
            kind if self.line > 0 => {
                write!(f, "{} {} (line {})", kind.noun(), self.number, self.line)
            }
            kind => write!(f, "{} {}", kind.noun(), self.number),
        }
    }
}

/// One person read from a file.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedPerson {
    pub source: Source,
    /// The card's UID (any string), or the `uuid`/`uid` column of a CSV row:
    /// what a later import of the same file matches on first.
    pub uid: Option<String>,
    pub fields: ContactDraft,
    /// What was left out of this record and why (a photo, a phone number
    /// without digits ...). The record itself is imported.
    pub warnings: Vec<String>,
    /// Dates to remember from a contacts file (vCard `ANNIVERSARY`, Google
    /// CSV's "Event N" columns), label and day; an archive's dates are in
    /// `kept`.
    pub dates: Vec<(String, YearlyDate)>,
    /// For people from a Kith archive: their identity, timestamps and
    /// trust history, kept exactly.
    pub kept: Option<Box<KeptIdentity>>,
}

impl ImportedPerson {
    pub fn new(source: Source, fields: ContactDraft) -> Self {
        Self {
            source,
            uid: None,
            fields,
            warnings: Vec::new(),
            dates: Vec::new(),
            kept: None,
        }
    }
}

#[cfg(test)]
impl ImportedPerson {
    /// The dates to remember as "label date" lines, for assertions.
    pub(crate) fn date_lines(&self) -> Vec<String> {
        self.dates
            .iter()
            .map(|(label, date)| format!("{label} {date}"))
            .collect()
    }
}

/// A record that could not be read, and why. It is skipped; the rest of
/// the file imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub source: Source,
    pub reason: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

/// Everything read from one file.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub format: Format,
    /// What kind of file it looked like ("vCard 3.0", "Google Contacts
    /// CSV", ...), for the preview.
    pub flavour: String,
    pub people: Vec<ImportedPerson>,
    pub unreadable: Vec<Unreadable>,
    /// Notes about the whole file (the encoding used, guessed columns).
    pub notes: Vec<String>,
    /// For a Kith archive: its nudge states and settings, and where its
    /// interactions are, to be read again as they are imported.
    pub archive: Option<Box<json::ArchiveRest>>,
}

impl Parsed {
    /// A file with no records at all.
    pub(super) fn empty(format: Format, flavour: &str) -> Self {
        Self {
            format,
            flavour: flavour.to_owned(),
            people: Vec::new(),
            unreadable: Vec::new(),
            notes: vec!["the file is empty: there is nothing to import".to_owned()],
            archive: None,
        }
    }
}
