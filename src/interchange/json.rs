//! Kith's lossless archive: every person with every field, their trust
//! history, every interaction, the nudge snoozes and dismissals, and the
//! settings, in one JSON file.
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

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ImportError, ImportedPerson, MAX_RECORDS, Parsed, RecordKind, Source};
use crate::domain::{
    Channel, ContactDraft, Depth, Initiator, NudgeKind, Settings, Tone, TrustLevel,
};

/// The value of `"format"` in every archive.
pub const FORMAT_NAME: &str = "kith-archive";
/// The archive version this Kith writes and reads.
pub const VERSION: u32 = 1;

/// A whole archive, as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Archive {
    pub format: String,
    pub version: u32,
    pub people: Vec<ArchivePerson>,
    pub interactions: Vec<ArchiveInteraction>,
    pub nudge_states: Vec<ArchiveNudgeState>,
    pub settings: Settings,
}

/// A person with every field, their identity and their trust history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchivePerson {
    pub uuid: Uuid,
    #[serde(flatten)]
    pub fields: ContactDraft,
    pub archived: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The UID of the card this person was imported from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_uid: Option<String>,
    /// Oldest first; the first is the assessment made when they were added.
    pub trust_history: Vec<ArchiveTrustChange>,
}

/// One trust assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveTrustChange {
    pub uuid: Uuid,
    pub level: TrustLevel,
    pub on: NaiveDate,
    #[serde(default)]
    pub reason: String,
    pub created_at: NaiveDateTime,
}

/// One interaction, naming its person by UUID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveInteraction {
    pub uuid: Uuid,
    pub contact: Uuid,
    pub when: NaiveDateTime,
    pub channel: Channel,
    pub initiated_by: Initiator,
    pub tone: Tone,
    pub depth: Depth,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default)]
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// Whether a dismissal still hides its nudge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dismissal {
    /// Nothing happened since the dismissal: the nudge stays hidden until
    /// the next interaction or trust change.
    Current,
    /// New evidence came in since: the dismissal hides nothing any more.
    Outdated,
}

/// A snooze or dismissal of one nudge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveNudgeState {
    /// The person's UUID; `null` for over-capacity.
    pub contact: Option<Uuid>,
    pub kind: NudgeKind,
    #[serde(default)]
    pub snoozed_until: Option<NaiveDate>,
    #[serde(default)]
    pub dismissed: Option<Dismissal>,
}

/// What an archive keeps about a person beyond their fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub uuid: Uuid,
    pub archived: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub trust_history: Vec<ArchiveTrustChange>,
}

/// Everything in an archive besides the people.
#[derive(Clone, Debug, PartialEq)]
pub struct ArchiveRest {
    pub interactions: Vec<ArchiveInteraction>,
    pub nudge_states: Vec<ArchiveNudgeState>,
    pub settings: Settings,
}

/// What importing an archive adds besides people.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArchivePlan {
    /// Interactions whose UUID is new, and whose person is there or being
    /// added.
    pub interactions: Vec<ArchiveInteraction>,
    /// Trust changes with new UUIDs for people already in the database.
    pub trust_changes: Vec<(Uuid, ArchiveTrustChange)>,
    /// Snoozes and dismissals for nudges that have none yet.
    pub nudge_states: Vec<ArchiveNudgeState>,
    /// The archive's settings, when the database still has the defaults.
    pub settings: Option<Settings>,
    /// Interactions and trust changes already there (same UUID), or whose
    /// person is not imported.
    pub already_there: usize,
}

/// Writes an archive as pretty JSON with a final newline.
pub fn write(archive: &Archive) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(archive).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Reads an archive. A file that is not one, or is malformed anywhere, is
/// refused whole: an archive is all or nothing.
pub fn read(bytes: &[u8]) -> Result<Parsed, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<serde_json::Value>,
    }
    let header: Header = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::Archive(format!("not valid JSON ({e})")))?;
    if header.format.as_deref() != Some(FORMAT_NAME) {
        return Err(ImportError::Archive(format!(
            "\"format\" is not \"{FORMAT_NAME}\" (this is some other JSON file)"
        )));
    }
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(ImportError::Archive(format!(
                "it is version {v}, made by a newer Kith; this Kith reads version {VERSION} (update Kith)"
            )));
        }
        _ => {
            return Err(ImportError::Archive(
                "\"version\" is missing or not a version number".to_owned(),
            ));
        }
    }
    let archive: Archive =
        serde_json::from_slice(bytes).map_err(|e| ImportError::Archive(e.to_string()))?;
    if archive.people.len() > MAX_RECORDS {
        return Err(ImportError::TooManyRecords {
            count: archive.people.len(),
            noun: "people",
        });
    }
    let known: std::collections::HashSet<Uuid> = archive.people.iter().map(|p| p.uuid).collect();
    if known.len() != archive.people.len() {
        return Err(ImportError::Archive("two people share one UUID".to_owned()));
    }
    for interaction in &archive.interactions {
        if !known.contains(&interaction.contact) {
            return Err(ImportError::Archive(format!(
                "interaction {} names person {}, who is not in the archive",
                interaction.uuid, interaction.contact
            )));
        }
    }
    for state in &archive.nudge_states {
        if let Some(contact) = state.contact
            && !known.contains(&contact)
        {
            return Err(ImportError::Archive(format!(
                "a nudge state names person {contact}, who is not in the archive"
            )));
        }
    }
    let people = archive
        .people
        .into_iter()
        .enumerate()
        .map(|(index, person)| {
            let mut imported = ImportedPerson::new(
                Source {
                    kind: RecordKind::Person,
                    number: index + 1,
                    line: 0,
                },
                person.fields,
            );
            imported.uid = person.import_uid;
            imported.kept = Some(Box::new(Kept {
                uuid: person.uuid,
                archived: person.archived,
                created_at: person.created_at,
                updated_at: person.updated_at,
                trust_history: person.trust_history,
            }));
            imported
        })
        .collect();
    Ok(Parsed {
        format: super::Format::Json,
        flavour: format!("Kith archive, version {VERSION}"),
        people,
        unreadable: Vec::new(),
        notes: Vec::new(),
        archive: Some(Box::new(ArchiveRest {
            interactions: archive.interactions,
            nudge_states: archive.nudge_states,
            settings: archive.settings,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_json_and_newer_versions_are_refused() {
        let err = read(br#"{"people": []}"#).unwrap_err();
        assert!(err.to_string().contains("some other JSON file"), "{err}");
        let err = read(br#"{"format": "kith-archive", "version": 2}"#).unwrap_err();
        assert!(err.to_string().contains("newer Kith"), "{err}");
        let err = read(b"{not json").unwrap_err();
        assert!(err.to_string().contains("not valid JSON"), "{err}");
    }
}
