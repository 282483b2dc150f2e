//! Import and export: vCard, CSV and Kith's own lossless JSON archive.
//!
//! This module turns files into domain values and domain values into files.
//! It never touches SQL: the store decides what an import does to the
//! database (see `Store::plan_import` and `Store::apply_import`) and reads
//! what an export writes.
//!
//! An import goes in three steps, so that the desktop app can show a
//! preview and a progress bar:
//!
//! 1. [`read`] checks the size and record count, decodes the bytes
//!    ([`Format`] guessed from the content unless given) and maps every
//!    record to a [`ImportedPerson`]; records that cannot be read are kept as
//!    [`Unreadable`], naming the record and why. Nothing is stored.
//! 2. `Store::plan_import` matches each person against the database (card
//!    UID, then an exact email, then the exact name) and decides, for each,
//!    [`Action::Create`], [`Action::Update`] (listing the fields) or
//!    [`Action::Skip`] (saying why): an [`ImportPlan`], the preview.
//! 3. `Store::apply_import` carries out a plan in one transaction, reporting
//!    progress; it lands whole or not at all.
//!
//! Every type here is `Send`, so the app can run all three steps on a
//! background thread.

pub mod csv;
pub mod decode;
pub mod json;
pub mod vcard;

use crate::domain::Field;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::domain::{
    Birthday, ContactDraft, ContactId, Labeled, MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_NOTE_CHARS,
    MAX_SHORT_CHARS, ValidationError,
};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Files with more records (cards, rows, people) than this are refused
/// before they are parsed.
pub const MAX_RECORDS: usize = 200_000;

/// A file format Kith reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// vCard 2.1, 3.0 and 4.0 (`.vcf`); Kith writes 4.0.
    Vcard,
    /// Comma-, semicolon- or tab-separated values (`.csv`).
    Csv,
    /// Kith's own archive (`.json`): everything, losslessly.
    Json,
}

impl Format {
    pub const ALL: &'static [Self] = &[Self::Vcard, Self::Csv, Self::Json];

    /// The name used on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Vcard => "vcard",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// A short human label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Vcard => "vCard",
            Self::Csv => "CSV",
            Self::Json => "Kith archive (JSON)",
        }
    }

    /// The usual file extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Vcard => "vcf",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// Reads `vcard` (also `vcf`), `csv` or `json`, ignoring case.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vcard" | "vcf" => Ok(Self::Vcard),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            _ => Err(ValidationError::UnknownValue {
                field: Field::Format,
                value: text.to_owned(),
                expected: "vcard, csv, json".to_owned(),
            }),
        }
    }

    /// The format a file name's extension suggests, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "vcf" | "vcard" => Some(Self::Vcard),
            "csv" | "tsv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// Guesses the format from the content: a JSON object, a file with
    /// vCard lines, or else text with a delimiter in its first line.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        let text = decode::decode_text(head).text;
        let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        if trimmed.starts_with('{') {
            return Some(Self::Json);
        }
        let upper = text.to_ascii_uppercase();
        if upper.contains("BEGIN:VCARD") || upper.contains("END:VCARD") {
            return Some(Self::Vcard);
        }
        let first = trimmed.lines().next().unwrap_or("");
        if [',', ';', '\t'].iter().any(|d| first.contains(*d)) {
            return Some(Self::Csv);
        }
        None
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

    #[error(
        "the file is {} MB; Kith imports files up to {} MB (split it into smaller files)",
        .bytes.div_ceil(1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooBig { bytes: u64 },

    #[error(
        "the file holds {count} {noun}; Kith imports at most {MAX_RECORDS} at once (split it into smaller files)"
    )]
    TooManyRecords { count: usize, noun: &'static str },

    #[error("the file is empty")]
    Empty,

    #[error(
        "cannot tell what kind of file this is (not a vCard, CSV or Kith archive); name the format with --format vcard, csv or json"
    )]
    UnknownFormat,

    #[error("not a readable Kith archive: {0}")]
    Archive(String),

    #[error("not a readable CSV file: {0}")]
    Csv(String),
}

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
    /// For people from a Kith archive: their identity, timestamps and
    /// trust history, kept exactly.
    pub kept: Option<Box<json::Kept>>,
}

impl ImportedPerson {
    pub fn new(source: Source, fields: ContactDraft) -> Self {
        Self {
            source,
            uid: None,
            fields,
            warnings: Vec::new(),
            kept: None,
        }
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
    /// For a Kith archive: interactions, nudge states and settings.
    pub archive: Option<Box<json::ArchiveRest>>,
}

/// Reads a file from disk: refuses it if it is over [`MAX_FILE_BYTES`]
/// before reading it, then as [`read`].
pub fn read_path(path: &Path, format: Option<Format>) -> Result<Parsed, ImportError> {
    let io = |cause| ImportError::Io {
        path: path.to_owned(),
        cause,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::other("is a folder, not a file")));
    }
    check_size(meta.len())?;
    let bytes = std::fs::read(path).map_err(io)?;
    read(&bytes, format.or_else(|| Format::from_path(path)))
}

/// Refuses a file over [`MAX_FILE_BYTES`].
pub fn check_size(bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_FILE_BYTES {
        Err(ImportError::TooBig { bytes })
    } else {
        Ok(())
    }
}

/// Reads the bytes of a file in `format` (guessed from the content when
/// `None`). Checks the size and the number of records first; then maps
/// every record, keeping the ones it cannot read as [`Unreadable`].
pub fn read(bytes: &[u8], format: Option<Format>) -> Result<Parsed, ImportError> {
    check_size(bytes.len() as u64)?;
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if content.iter().all(u8::is_ascii_whitespace) {
        if format == Some(Format::Vcard) {
            // An export of an empty address book is a file with no cards.
            return Ok(Parsed {
                format: Format::Vcard,
                flavour: "vCard".to_owned(),
                people: Vec::new(),
                unreadable: Vec::new(),
                notes: Vec::new(),
                archive: None,
            });
        }
        return Err(ImportError::Empty);
    }
    let format = match format {
        Some(format) => format,
        None => Format::detect(bytes).ok_or(ImportError::UnknownFormat)?,
    };
    match format {
        Format::Vcard => vcard::read(bytes),
        Format::Csv => csv::read(bytes),
        Format::Json => json::read(bytes),
    }
}

/// How to treat a person whose exact name is already in the database but
/// who matched no one by UID or email.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NameMatch {
    /// Leave the existing person alone and skip the record (the default: a
    /// shared name is not proof of the same person).
    #[default]
    Skip,
    /// Treat them as the same person and merge the record in.
    Update,
    /// Add the record as a new person with the same name.
    Create,
}

impl NameMatch {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Skip => "skip",
            Self::Update => "update",
            Self::Create => "create",
        }
    }

    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "skip" => Ok(Self::Skip),
            "update" | "merge" => Ok(Self::Update),
            "create" => Ok(Self::Create),
            _ => Err(ValidationError::UnknownValue {
                field: Field::OnNameMatch,
                value: text.to_owned(),
                expected: "skip, update, create".to_owned(),
            }),
        }
    }
}

/// Choices that change what an import does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    pub on_name_match: NameMatch,
}

/// What importing a file would do, record by record: the preview.
#[derive(Clone, Debug)]
pub struct ImportPlan {
    pub format: Format,
    pub flavour: String,
    pub records: Vec<PlannedRecord>,
    pub unreadable: Vec<Unreadable>,
    pub notes: Vec<String>,
    /// For a Kith archive: the interactions, trust changes, nudge states
    /// and settings to add.
    pub archive: Option<json::ArchivePlan>,
}

/// One record and what will happen to it.
#[derive(Clone, Debug)]
pub struct PlannedRecord {
    pub person: ImportedPerson,
    pub action: Action,
}

/// What an import does with one record.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Add a new person.
    Create,
    /// Merge the record into an existing person: `merged` is their fields
    /// afterwards, `changed` names the fields that change.
    Update {
        id: ContactId,
        name: String,
        matched_by: MatchedBy,
        changed: Vec<&'static str>,
        merged: Box<ContactDraft>,
        /// Remember the record's UID on the person, so the next import of
        /// the same file matches at once.
        set_uid: Option<String>,
    },
    /// Leave the database alone for this record.
    Skip(SkipReason),
}

/// How a record was matched to someone already in the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    /// The card's UID, remembered from an earlier import.
    Uid,
    /// The person's Kith UUID (a Kith export or archive).
    Uuid,
    /// An email address both share (case ignored).
    Email(String),
    /// The exact name, because `--on-name-match update` was asked for.
    Name,
}

impl fmt::Display for MatchedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Uid => f.write_str("same card UID"),
            Self::Uuid => f.write_str("same Kith UUID"),
            Self::Email(email) => write!(f, "same email {email}"),
            Self::Name => f.write_str("same name"),
        }
    }
}

/// Why a record is skipped.
#[derive(Clone, Debug, PartialEq)]
pub enum SkipReason {
    /// The person is already there with everything the record carries.
    Unchanged {
        id: ContactId,
        name: String,
        matched_by: MatchedBy,
    },
    /// Someone with exactly this name exists and matched on nothing else.
    NameExists { name: String, ids: Vec<ContactId> },
    /// An earlier record in the same file is the same person; this one was
    /// merged into it.
    SameAsEarlier { earlier: Source },
    /// The record's values are refused by Kith's rules.
    Refused(ValidationError),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unchanged {
                id,
                name,
                matched_by,
            } => write!(
                f,
                "already here as {name} (id {id}, {matched_by}), nothing new"
            ),
            Self::NameExists { name, ids } if ids.len() == 1 => write!(
                f,
                "someone named {name} already exists (id {}); use --on-name-match update or create to import it",
                ids[0]
            ),
            Self::NameExists { name, ids } => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "{} people named {name} already exist (ids {}); use --on-name-match create to import it",
                    ids.len(),
                    ids.join(", ")
                )
            }
            Self::SameAsEarlier { earlier } => {
                write!(f, "same person as {earlier} in this file (merged into it)")
            }
            Self::Refused(error) => write!(f, "refused: {error}"),
        }
    }
}

/// How many records of a plan fall under each action.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanCounts {
    pub create: usize,
    pub update: usize,
    pub skip: usize,
    pub unreadable: usize,
}

impl ImportPlan {
    pub fn counts(&self) -> PlanCounts {
        let mut counts = PlanCounts {
            unreadable: self.unreadable.len(),
            ..PlanCounts::default()
        };
        for record in &self.records {
            match record.action {
                Action::Create => counts.create += 1,
                Action::Update { .. } => counts.update += 1,
                Action::Skip(_) => counts.skip += 1,
            }
        }
        counts
    }
}

/// What an applied import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
    pub unreadable: usize,
    /// Archive only: interactions, trust changes and nudge states added.
    pub interactions: usize,
    pub trust_changes: usize,
    pub nudge_states: usize,
    /// Archive only: whether its settings were applied.
    pub settings: bool,
}

/// What `kith export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The lossless archive: everything.
    Json,
    /// vCard 4.0 of every person (archived ones included).
    Vcard,
    /// One row per person.
    CsvPeople,
    /// One row per interaction, naming the person.
    CsvInteractions,
}

impl Export {
    pub const fn format(self) -> Format {
        match self {
            Self::Json => Format::Json,
            Self::Vcard => Format::Vcard,
            Self::CsvPeople | Self::CsvInteractions => Format::Csv,
        }
    }
}

/// Makes an imported person fit Kith's rules instead of refusing them
/// whole: drops emails that are not addresses, phones without digits,
/// birthdays in the future or before 1900; shortens over-long text; keeps
/// the first [`MAX_LIST_ITEMS`] of each list. Each change is a warning.
pub fn tidy(person: &mut ImportedPerson, today: NaiveDate) {
    let fields = &mut person.fields;
    let warnings = &mut person.warnings;
    fields.name = one_line(&fields.name);
    for value in [&mut fields.nickname, &mut fields.organisation]
        .into_iter()
        .flatten()
    {
        *value = one_line(value);
    }
    fields.normalise();
    shorten("name", &mut fields.name, MAX_NAME_CHARS, warnings);
    for (field, text) in [
        ("nickname", &mut fields.nickname),
        ("organisation", &mut fields.organisation),
    ] {
        if let Some(value) = text {
            shorten(field, value, MAX_NAME_CHARS, warnings);
        }
    }
    fields.notes = fields.notes.replace("\r\n", "\n").replace('\r', "\n");
    fields.notes = fields.notes.trim().to_owned();
    shorten("notes", &mut fields.notes, MAX_NOTE_CHARS, warnings);
    for (field, list) in [("email", &mut fields.emails), ("phone", &mut fields.phones)] {
        list.retain_mut(|item| {
            item.value = one_line(&item.value);
            if let Some(label) = &mut item.label {
                *label = one_line(label);
                shorten_quietly(label, MAX_SHORT_CHARS);
            }
            let ok = match field {
                "email" => is_email(&item.value),
                _ => item.value.chars().any(|c| c.is_ascii_digit()),
            };
            if !ok {
                warnings.push(format!(
                    "{field} {:?} left out: {}",
                    item.value,
                    if field == "email" {
                        "not an email address"
                    } else {
                        "not a phone number (no digits)"
                    }
                ));
            } else if item.value.chars().count() > MAX_SHORT_CHARS {
                warnings.push(format!(
                    "{field} left out: longer than {MAX_SHORT_CHARS} characters"
                ));
                return false;
            }
            ok
        });
        if list.len() > MAX_LIST_ITEMS {
            warnings.push(format!(
                "only the first {MAX_LIST_ITEMS} of {} {field}s kept",
                list.len()
            ));
            list.truncate(MAX_LIST_ITEMS);
        }
    }
    fields
        .tags
        .retain(|tag| tag.chars().count() <= MAX_SHORT_CHARS);
    if fields.tags.len() > MAX_LIST_ITEMS {
        warnings.push(format!("only the first {MAX_LIST_ITEMS} tags kept"));
        fields.tags.truncate(MAX_LIST_ITEMS);
    }
    if let Some(birthday) = fields.birthday
        && let Some(year) = birthday.year
    {
        if year < crate::domain::time::MIN_YEAR {
            warnings.push(format!("birthday {birthday} left out: before 1900"));
            fields.birthday = None;
        } else if birthday.date().is_some_and(|date| date > today) || year > today.year() {
            warnings.push(format!("birthday {birthday} left out: in the future"));
            fields.birthday = None;
        }
    }
    // Only what `normalise` would do again; the lists are already tidy.
    fields.normalise();
}

fn is_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !value.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Collapses line breaks, tabs and other control characters into single
/// spaces: names, emails and phones are one line.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_control() || c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

fn shorten(field: &str, text: &mut String, max: usize, warnings: &mut Vec<String>) {
    if shorten_quietly(text, max) {
        warnings.push(format!("{field} shortened to {max} characters"));
    }
}

fn shorten_quietly(text: &mut String, max: usize) -> bool {
    match text.char_indices().nth(max) {
        Some((cut, _)) => {
            text.truncate(cut);
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
            true
        }
        None => false,
    }
}

/// Reads the birthday spellings contact exports use: `1980-03-22`,
/// `19800322`, `--0322`, `--03-22`, `1995/05/05`, a date-time (its date),
/// `31.1.1972` (day first) and `1/20/1981` (month first, as Outlook writes
/// it). `None` for anything else or a day that does not exist.
pub fn parse_birthday(text: &str) -> Option<Birthday> {
    let text = text.trim();
    let date = text.split(['T', 't', ' ']).next().unwrap_or("");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let make = |year: Option<&str>, month: &str, day: &str| -> Option<Birthday> {
        let year = match year {
            Some(y) if y.len() == 4 => Some(y.parse().ok()?),
            Some(_) => return None,
            None => None,
        };
        let birthday = Birthday {
            year,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
        };
        Birthday::parse(&birthday.to_string()).ok()
    };
    if let Some(rest) = date.strip_prefix("--") {
        let rest = rest.replace('-', "");
        return (rest.len() == 4 && digits(&rest)).then(|| make(None, &rest[..2], &rest[2..]))?;
    }
    if date.len() == 8 && digits(date) {
        return make(Some(&date[..4]), &date[4..6], &date[6..]);
    }
    for separator in ['-', '/', '.'] {
        let parts: Vec<&str> = date.split(separator).collect();
        if parts.len() == 3 && parts.iter().all(|p| digits(p)) {
            return match (separator, parts[0].len()) {
                (_, 4) => make(Some(parts[0]), parts[1], parts[2]),
                ('.', _) => make(Some(parts[2]), parts[1], parts[0]),
                ('/', _) => make(Some(parts[2]), parts[0], parts[1])
                    .or_else(|| make(Some(parts[2]), parts[1], parts[0])),
                _ => None,
            };
        }
    }
    None
}

/// Adds `item` to `list` unless a value equal to it (ignoring case, and for
/// phones ignoring everything but digits and `+`) is there.
pub(crate) fn push_unique(list: &mut Vec<Labeled>, item: Labeled, phone: bool) {
    let key = |value: &str| {
        if phone {
            let digits: String = value
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            if digits.is_empty() {
                value.to_lowercase()
            } else {
                digits
            }
        } else {
            value.trim().to_lowercase()
        }
    };
    let new = key(&item.value);
    if !list.iter().any(|old| key(&old.value) == new) {
        list.push(item);
    }
}

/// Merges what a file carries into an existing person without erasing
/// anything: adds new emails, phones and tags; fills the nickname,
/// birthday and organisation only where empty; keeps the name; appends the
/// file's notes below the person's own unless they already contain them.
/// Returns the fields that changed.
pub fn merge(
    existing: &ContactDraft,
    incoming: &ContactDraft,
) -> (ContactDraft, Vec<&'static str>) {
    let mut merged = existing.clone();
    let mut changed = Vec::new();
    if merged.nickname.is_none() && incoming.nickname.is_some() {
        merged.nickname.clone_from(&incoming.nickname);
        changed.push("nickname");
    }
    if merged.organisation.is_none() && incoming.organisation.is_some() {
        merged.organisation.clone_from(&incoming.organisation);
        changed.push("organisation");
    }
    if merged.birthday.is_none() && incoming.birthday.is_some() {
        merged.birthday = incoming.birthday;
        changed.push("birthday");
    }
    for (field, list, from, phone) in [
        ("emails", &mut merged.emails, &incoming.emails, false),
        ("phones", &mut merged.phones, &incoming.phones, true),
    ] {
        let before = list.len();
        for item in from {
            push_unique(list, item.clone(), phone);
        }
        if list.len() != before {
            changed.push(field);
        }
    }
    let before = merged.tags.len();
    for tag in &incoming.tags {
        if !merged.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            merged.tags.push(tag.clone());
        }
    }
    if merged.tags.len() != before {
        changed.push("tags");
    }
    let notes = incoming.notes.trim();
    if !notes.is_empty() && !merged.notes.contains(notes) {
        if merged.notes.trim().is_empty() {
            merged.notes = notes.to_owned();
        } else {
            merged.notes = format!("{}\n\n{notes}", merged.notes.trim_end());
        }
        changed.push("notes");
    }
    (merged, changed)
}

/// Makes a CSV cell safe to open in a spreadsheet: a cell starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a
/// formula, so it gets a leading `'` (which spreadsheets hide). Import
/// removes that quote again.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise_formula`].
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bday(text: &str) -> Option<String> {
        parse_birthday(text).map(|b| b.to_string())
    }

    #[test]
    fn birthdays_in_every_export_spelling() {
        assert_eq!(bday("1980-03-22").as_deref(), Some("1980-03-22"));
        assert_eq!(bday("19800322").as_deref(), Some("1980-03-22"));
        assert_eq!(bday("--0203").as_deref(), Some("--02-03"));
        assert_eq!(bday("--02-03").as_deref(), Some("--02-03"));
        assert_eq!(bday("1995/05/05").as_deref(), Some("1995-05-05"));
        assert_eq!(bday("20190210T000033").as_deref(), Some("2019-02-10"));
        assert_eq!(bday("1995-05-05T00:00:00Z").as_deref(), Some("1995-05-05"));
        assert_eq!(bday("31.1.1972").as_deref(), Some("1972-01-31"));
        assert_eq!(bday("1/20/1981").as_deref(), Some("1981-01-20"));
        assert_eq!(bday("6/5/1984").as_deref(), Some("1984-06-05"));
        assert_eq!(bday("19723101"), None);
        assert_eq!(bday("circa 1800"), None);
        assert_eq!(bday("0.0.00"), None);
    }

    #[test]
    fn merging_adds_and_fills_but_never_erases() {
        let mut existing = ContactDraft::named("Ada");
        existing.emails = vec![Labeled::new(Some("work"), "ada@example.org")];
        existing.phones = vec![Labeled::new(None, "+44 20 7946 0958")];
        existing.organisation = Some("Engines".into());
        existing.notes = "Vegetarian.".into();
        let mut incoming = ContactDraft::named("Ada King");
        incoming.emails = vec![
            Labeled::new(None, "ADA@example.org"),
            Labeled::new(Some("home"), "ada@home.org"),
        ];
        incoming.phones = vec![Labeled::new(Some("mobile"), "+44-20-7946-0958")];
        incoming.organisation = Some("Other".into());
        incoming.nickname = Some("A".into());
        incoming.notes = "Met at the Royal Society.".into();
        let (merged, changed) = merge(&existing, &incoming);
        assert_eq!(merged.name, "Ada");
        assert_eq!(merged.organisation.as_deref(), Some("Engines"));
        assert_eq!(merged.nickname.as_deref(), Some("A"));
        assert_eq!(merged.emails.len(), 2);
        assert_eq!(merged.phones.len(), 1, "same number, other punctuation");
        assert_eq!(merged.notes, "Vegetarian.\n\nMet at the Royal Society.");
        assert_eq!(changed, ["nickname", "emails", "notes"]);
        let (again, changed) = merge(&merged, &incoming);
        assert_eq!(again, merged);
        assert!(changed.is_empty());
    }

    #[test]
    fn formulas_are_neutralised_and_restored() {
        for cell in ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"] {
            let safe = neutralise_formula(cell);
            assert!(safe.starts_with('\''), "{cell:?}");
            assert_eq!(unneutralise(&safe), cell);
        }
        assert_eq!(neutralise_formula("Ada"), "Ada");
        assert_eq!(unneutralise("'quoted"), "'quoted");
    }

    #[test]
    fn formats_are_named_and_detected() {
        assert_eq!(Format::parse("VCF"), Ok(Format::Vcard));
        assert!(Format::parse("xml").is_err());
        assert_eq!(Format::detect(b"{\"format\":1}"), Some(Format::Json));
        assert_eq!(
            Format::detect(b"\r\nbegin:vcard\nFN:A\nend:vcard"),
            Some(Format::Vcard)
        );
        assert_eq!(Format::detect(b"name,email\nAda,a@b"), Some(Format::Csv));
        assert_eq!(Format::detect(b"hello"), None);
    }
}
