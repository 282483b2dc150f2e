//! What an import would do, record by record: the plan that the preview
//! shows, that the command line prints, and that is then applied.
//!
//! [`super::plan`] makes it (see `planner.rs`); `crate::transfer` turns it
//! into the store's change set.

use std::collections::HashMap;
use std::fmt;

use uuid::Uuid;

use super::json::ArchiveSource;
use super::{Format, ImportedPerson, Source, Unreadable};
use crate::domain::exchange::KeptNudgeState;
use crate::domain::{ContactDraft, ContactId, Field, Settings, ValidationError};

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
    pub archive: Option<ArchivePlan>,
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
    /// How many records applying the plan writes: people created or
    /// updated, and an archive's trust changes and interactions.
    pub fn writes(&self) -> usize {
        let counts = self.counts();
        counts.create
            + counts.update
            + self.archive.as_ref().map_or(0, |a| {
                a.trust_changes.len() + a.new_histories.len() + a.interactions.len()
            })
    }

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

/// What importing an archive adds besides people.
#[derive(Clone, Debug)]
pub struct ArchivePlan {
    /// Where the archive's interactions are read again from as they are
    /// written.
    pub source: ArchiveSource,
    /// Which of the archive's interactions are added: those whose UUID is
    /// new here and whose person is imported.
    pub interactions: Selection,
    /// Trust assessments with new UUIDs for people already here: the
    /// record and the position in its person's history.
    pub trust_changes: Vec<(usize, usize)>,
    /// The trust history of the people the archive adds (what of it is
    /// not here already, by UUID), likewise: part of adding them.
    pub new_histories: Vec<(usize, usize)>,
    /// Snoozes and dismissals for nudges that have none yet.
    pub nudge_states: Vec<KeptNudgeState>,
    /// The archive's settings, when the database still has the defaults.
    pub settings: Option<Settings>,
    /// Where each person of the archive ends up, by their UUID.
    pub people: HashMap<Uuid, Landing>,
    /// Interactions and trust changes already here (same UUID), or whose
    /// person is not imported.
    pub already_there: usize,
}

/// Where a person of an archive ends up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Landing {
    /// Someone already here (matched, updated or unchanged).
    Here(ContactId),
    /// The person record `n` of the plan creates.
    Created(usize),
}

/// Which of a numbered run of records (an archive's interactions, from 0)
/// are chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    bits: Vec<u64>,
    chosen: usize,
}

impl Selection {
    /// Chooses record `n` (each at most once).
    pub fn choose(&mut self, n: usize) {
        let (word, bit) = (n / 64, n % 64);
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        if self.bits[word] & (1 << bit) == 0 {
            self.bits[word] |= 1 << bit;
            self.chosen += 1;
        }
    }

    /// Whether record `n` is chosen.
    pub fn contains(&self, n: usize) -> bool {
        self.bits
            .get(n / 64)
            .is_some_and(|word| word & (1 << (n % 64)) != 0)
    }

    /// How many are chosen.
    pub fn len(&self) -> usize {
        self.chosen
    }

    pub fn is_empty(&self) -> bool {
        self.chosen == 0
    }
}
