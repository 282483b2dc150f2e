//! What the store and the file formats hand each other: domain values
//! named by UUID, never by one database's integer ids.
//!
//! Inside one database, people and their history are rows with integer
//! ids; in a file, and in another database, they are known by their UUIDs.
//! The values here cross that line, so that the store (`store`) and the
//! formats (`interchange`) never need each other:
//!
//! - **Kept records** ([`KeptPerson`], [`KeptTrustChange`],
//!   [`KeptInteraction`], [`KeptNudgeState`]): a record with everything
//!   the store keeps about it, identity and timestamps included. An export
//!   reads them from the store's snapshot one at a time; an archive import
//!   writes them back exactly.
//! - **The import index** ([`ImportIndex`]): what an import matches
//!   records against: everyone's UUID, card UID, emails and name, and for
//!   an archive the UUIDs of the history already here.
//! - **The change set** ([`ChangeSet`]): what an import writes, decided by
//!   the planner in `interchange` and applied by the store in one
//!   transaction. Its history comes as an iterator ([`KeptRecord`]), so an
//!   archive of a million interactions never has to be in memory at once.
//!
//! Adding a record kind (follow-ups, dates to remember) means a `Kept…`
//! type here, a variant of [`KeptRecord`], a reader and writer in the
//! archive format, and a writer of its rows in the store.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use uuid::Uuid;

use super::time::MIN_YEAR;
use super::{
    Channel, ContactDraft, ContactId, Depth, Field, Initiator, InteractionDraft, NudgeKind,
    Settings, Tone, TrustLevel, ValidationError, YearlyDate, validate_trust_change,
};

/// A person with their fields, identity and trust history.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptPerson {
    pub fields: ContactDraft,
    pub identity: KeptIdentity,
    /// The UID of the card (or CSV row) they were imported from, if any.
    pub import_uid: Option<String>,
}

/// What the store keeps about a person beyond their fields.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptIdentity {
    pub uuid: Uuid,
    pub archived: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Oldest first (by date, then in the order recorded); the first is
    /// the assessment made when they were added.
    pub trust_history: Vec<KeptTrustChange>,
    /// Their follow-ups, in the order they were noted.
    pub follow_ups: Vec<KeptFollowUp>,
    /// Their dates to remember, in the order they were added.
    pub dates: Vec<KeptDate>,
    /// The days "skip this time" was used on their neglect nudge.
    pub skips: Vec<NaiveDate>,
}

/// A follow-up, naming the interactions it was noted in and done with by
/// UUID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptFollowUp {
    pub uuid: Uuid,
    pub what: String,
    pub due: Option<NaiveDate>,
    pub noted_in: Option<Uuid>,
    pub noted_on: NaiveDate,
    pub done_at: Option<NaiveDateTime>,
    pub done_with: Option<Uuid>,
    pub created_at: NaiveDateTime,
}

/// A date to remember.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptDate {
    pub uuid: Uuid,
    pub label: String,
    pub date: YearlyDate,
    pub created_at: NaiveDateTime,
}

impl KeptIdentity {
    /// The current level, as the store derives it: that of the assessment
    /// with the latest date (of two on one day, the later recorded); while
    /// there is none, the default someone added without a level has;
    /// handshake without any history.
    pub fn trust(&self) -> TrustLevel {
        self.trust_history
            .iter()
            .max_by_key(|change| (change.assessed, change.on))
            .map(|change| change.level)
            .unwrap_or_default()
    }

    /// Checks the timestamps as the store would (the trust history is
    /// checked change by change, see [`KeptTrustChange::validate`]).
    pub fn validate(&self) -> Result<(), ValidationError> {
        for (field, at) in [
            (Field::CreatedAt, self.created_at),
            (Field::UpdatedAt, self.updated_at),
        ] {
            check_year(field, at.date())?;
        }
        Ok(())
    }
}

/// One trust assessment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptTrustChange {
    pub uuid: Uuid,
    pub level: TrustLevel,
    /// The day it applies from.
    pub on: NaiveDate,
    pub reason: String,
    pub created_at: NaiveDateTime,
    /// False for the handshake someone added without a level gets: a
    /// default, not an assessment (see `TrustChange::assessed`).
    pub assessed: bool,
}

impl KeptTrustChange {
    /// Checks it as a new assessment is checked (`today` is the local date).
    pub fn validate(&self, today: NaiveDate) -> Result<(), ValidationError> {
        validate_trust_change(self.on, &self.reason, today)?;
        check_year(Field::CreatedAt, self.created_at.date())
    }
}

/// One interaction, naming its people by UUID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptInteraction {
    pub uuid: Uuid,
    /// Everyone it was with (one person or several), by UUID.
    pub participants: Vec<Uuid>,
    pub when: NaiveDateTime,
    pub channel: Channel,
    pub initiated_by: Initiator,
    /// The participant who reached out, when `initiated_by` is `Them` (with
    /// one participant it may be left out: it is them).
    pub initiator: Option<Uuid>,
    pub tone: Tone,
    pub depth: Depth,
    pub minutes: Option<u32>,
    pub note: String,
    pub created_at: NaiveDateTime,
}

impl KeptInteraction {
    /// The interaction as logged with the people whose ids `id_of` gives
    /// for their UUIDs.
    pub fn draft<E>(
        &self,
        mut id_of: impl FnMut(&Uuid) -> Result<ContactId, E>,
    ) -> Result<InteractionDraft, E> {
        let participants = self
            .participants
            .iter()
            .map(&mut id_of)
            .collect::<Result<Vec<_>, E>>()?;
        Ok(InteractionDraft {
            participants,
            when: self.when,
            channel: self.channel,
            initiated_by: self.initiated_by,
            initiator: self.initiator.as_ref().map(id_of).transpose()?,
            tone: self.tone,
            depth: self.depth,
            minutes: self.minutes,
            note: self.note.clone(),
        })
    }

    /// Checks it as a logged interaction is checked (`now` is the local
    /// date and time): its people included (at least one, nobody twice,
    /// the initiator among them).
    pub fn validate(&self, now: NaiveDateTime) -> Result<(), ValidationError> {
        // People first, so that a message names them by UUID.
        if self.participants.is_empty() {
            return Err(ValidationError::Empty {
                field: Field::Contact,
            });
        }
        let mut seen = HashSet::with_capacity(self.participants.len());
        if let Some(twice) = self.participants.iter().find(|p| !seen.insert(**p)) {
            return Err(ValidationError::Malformed {
                field: Field::Contact,
                value: twice.to_string(),
                expected: "each person once",
            });
        }
        if let Some(who) = self.initiator.filter(|who| !seen.contains(who)) {
            return Err(ValidationError::Malformed {
                field: Field::InitiatedBy,
                value: who.to_string(),
                expected: "one of the people it was with",
            });
        }
        // Stand-in ids for the rest: a UUID's place in the list.
        let stand_in = |uuid: &Uuid| -> Result<ContactId, ValidationError> {
            let at = self.participants.iter().position(|p| p == uuid);
            Ok(ContactId(at.unwrap_or(self.participants.len()) as i64))
        };
        let mut draft = self.draft(stand_in)?;
        draft.normalise();
        draft.validate(now)?;
        check_year(Field::CreatedAt, self.created_at.date())
    }
}

/// Whether a dismissal still hides its nudge. The evidence counter a
/// dismissal is tied to only means something inside one database, so
/// between databases only this survives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dismissal {
    /// Nothing happened since the dismissal: the nudge stays hidden until
    /// the next interaction or trust change.
    Current,
    /// New evidence came in since: the dismissal hides nothing any more.
    Outdated,
}

/// A snooze or dismissal of one nudge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptNudgeState {
    /// The person's UUID; `None` for over-capacity.
    pub contact: Option<Uuid>,
    pub kind: NudgeKind,
    pub snoozed_until: Option<NaiveDate>,
    pub dismissed: Option<Dismissal>,
}

impl KeptNudgeState {
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self.snoozed_until {
            Some(until) => check_year(Field::Until, until),
            None => Ok(()),
        }
    }
}

/// A record of the history that an import streams rather than holds: the
/// kinds an archive can hold a million of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeptRecord {
    Interaction(KeptInteraction),
}

/// Refuses a date before [`MIN_YEAR`], as every date Kith reads is.
pub fn check_year(field: Field, date: NaiveDate) -> Result<(), ValidationError> {
    if date.year() < MIN_YEAR {
        return Err(ValidationError::OutOfRange {
            field,
            value: i64::from(date.year()),
            min: i64::from(MIN_YEAR),
            max: 9999,
        });
    }
    Ok(())
}

/// Everyone in the database, by what an import matches on; and, for an
/// archive, what of its history is here already.
#[derive(Clone, Debug, Default)]
pub struct ImportIndex {
    /// By id.
    pub people: Vec<IndexedPerson>,
    /// Only when asked for (an archive's import needs it).
    pub history: Option<HistoryIndex>,
}

/// One person as an import matches them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedPerson {
    pub id: ContactId,
    pub uuid: Uuid,
    pub name: String,
    /// The UID of the card they were imported from.
    pub import_uid: Option<String>,
    /// In their order.
    pub emails: Vec<String>,
}

/// The history already in the database, by what an archive names it with.
#[derive(Clone, Debug, Default)]
pub struct HistoryIndex {
    pub interactions: HashSet<Uuid>,
    pub trust_changes: HashSet<Uuid>,
    /// The nudges that have a snooze or dismissal (`None`: over capacity).
    pub nudge_states: HashSet<(Option<ContactId>, NudgeKind)>,
    /// Whether any setting differs from its default.
    pub settings_changed: bool,
}

/// What an import writes, in one transaction.
///
/// People come first; everything after them names its person by UUID,
/// which [`ChangeSet::people_by_uuid`] resolves. The history (`records`)
/// is an iterator, read as it is written.
pub struct ChangeSet<'a, I> {
    pub people: Vec<PersonChange<'a>>,
    /// The person each UUID named below is.
    pub people_by_uuid: HashMap<Uuid, PersonRef>,
    /// Trust assessments to add, with their person's UUID.
    pub trust_changes: Vec<(Uuid, &'a KeptTrustChange)>,
    /// Interactions (and, later, other history) to add, in order.
    pub records: I,
    /// Everyone of an archive who is imported (added or here already),
    /// with their follow-ups, dates to remember and skips: those not here
    /// yet (by UUID; a skip by its day) are added after the records.
    pub remembered: Vec<(Uuid, &'a KeptIdentity)>,
    /// Dates to remember read from a contacts file (label and day), by
    /// person: each is added unless the person has one with the same label
    /// (case ignored) and month-day already, so importing the same file
    /// twice adds nothing twice.
    pub dates: Vec<(PersonRef, &'a [(String, YearlyDate)])>,
    /// Snoozes and dismissals to add; a current dismissal is tied to the
    /// person's evidence as it is once everything above is written.
    pub nudge_states: Vec<&'a KeptNudgeState>,
    /// Settings replacing the database's own.
    pub settings: Option<&'a Settings>,
}

/// A person written by an import.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PersonChange<'a> {
    /// Someone new from a contacts file: a new UUID, added now, starting
    /// at handshake. `import_uid` is remembered, to match the same card
    /// next time.
    Add {
        fields: &'a ContactDraft,
        import_uid: Option<&'a str>,
    },
    /// Someone from an archive, with the identity they had there (their
    /// trust history comes in [`ChangeSet::trust_changes`]).
    AddKept {
        fields: &'a ContactDraft,
        identity: &'a KeptIdentity,
        import_uid: Option<&'a str>,
    },
    /// Someone here, whose fields become `fields`; `import_uid`, if given,
    /// is remembered on them.
    Update {
        id: ContactId,
        fields: &'a ContactDraft,
        import_uid: Option<&'a str>,
    },
}

/// A person a change set's records name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PersonRef {
    /// Someone already in the database.
    Here(ContactId),
    /// The person of `people[n]` (an addition).
    Change(usize),
}

/// What applying a change set wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub added: usize,
    pub updated: usize,
    pub trust_changes: usize,
    pub interactions: usize,
    pub nudge_states: usize,
    pub settings: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(on: &str, level: TrustLevel) -> KeptTrustChange {
        KeptTrustChange {
            uuid: Uuid::new_v4(),
            level,
            on: on.parse().unwrap(),
            reason: String::new(),
            created_at: "2026-01-01T12:00:00".parse().unwrap(),
            assessed: true,
        }
    }

    #[test]
    fn the_current_level_is_the_latest_dated_and_then_the_last_recorded() {
        let mut identity = KeptIdentity {
            uuid: Uuid::new_v4(),
            archived: false,
            created_at: "2026-01-01T12:00:00".parse().unwrap(),
            updated_at: "2026-01-01T12:00:00".parse().unwrap(),
            trust_history: Vec::new(),
            follow_ups: Vec::new(),
            dates: Vec::new(),
            skips: Vec::new(),
        };
        assert_eq!(identity.trust(), TrustLevel::Handshake);
        identity.trust_history = vec![
            change("2026-01-01", TrustLevel::Acquaintance),
            change("2026-03-01", TrustLevel::Trusted),
            change("2026-03-01", TrustLevel::Familiar),
            change("2026-02-01", TrustLevel::Intimate),
        ];
        assert_eq!(identity.trust(), TrustLevel::Familiar);
        // A default counts only while there is no assessment.
        let mut default = change("2026-06-01", TrustLevel::Handshake);
        default.assessed = false;
        identity.trust_history.push(default.clone());
        assert_eq!(identity.trust(), TrustLevel::Familiar);
        identity.trust_history = vec![default];
        assert_eq!(identity.trust(), TrustLevel::Handshake);
    }

    #[test]
    fn kept_dates_before_1900_are_refused_with_their_field() {
        let old = change("1899-12-31", TrustLevel::Familiar);
        let today = "2026-11-22".parse().unwrap();
        let error = old.validate(today).unwrap_err();
        assert_eq!(error.field(), Field::On);
        let state = KeptNudgeState {
            contact: None,
            kind: NudgeKind::OverCapacity,
            snoozed_until: Some("-0001-01-01".parse().unwrap()),
            dismissed: None,
        };
        assert_eq!(state.validate().unwrap_err().field(), Field::Until);
    }
}
