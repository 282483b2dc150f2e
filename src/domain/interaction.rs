//! Interactions (every time you and a contact were in touch) and trust
//! changes (every time your trust in them was assessed).

use std::fmt;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::contact::{MAX_NOTE_CHARS, MAX_SHORT_CHARS};
use super::error::{check_len, check_range, check_text};
use super::{Channel, ContactId, Depth, Field, Initiator, Tone, TrustLevel, ValidationError};

/// Longest duration of one interaction, in minutes (a week).
pub const MAX_MINUTES: u32 = 7 * 24 * 60;

/// Most people one interaction can be with: Kith logs conversations, not
/// mailing lists.
pub const MAX_PARTICIPANTS: usize = 50;

/// The integer key of an interaction inside one database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InteractionId(pub i64);

impl fmt::Display for InteractionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a person records about one interaction: with whom (one person, or
/// several at once: a dinner with four friends is one interaction), when,
/// and how it went.
///
/// Who reached out is `initiated_by`: `Me`, `Mutual`, or `Them`, one of the
/// participants, named by `initiator` (with one participant, `Them` alone
/// says who: [`InteractionDraft::normalise`] fills it in). It counts for
/// each participant as an interaction with them; only the initiator can be
/// waiting on your reply, and for the others it is neither side's turn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionDraft {
    /// Everyone it was with, each once, in the order given.
    pub participants: Vec<ContactId>,
    /// Local wall-clock date and time.
    pub when: NaiveDateTime,
    #[serde(default)]
    pub channel: Channel,
    #[serde(default)]
    pub initiated_by: Initiator,
    /// The participant who reached out, when `initiated_by` is `Them`.
    #[serde(default)]
    pub initiator: Option<ContactId>,
    #[serde(default)]
    pub tone: Tone,
    #[serde(default)]
    pub depth: Depth,
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default)]
    pub note: String,
}

impl InteractionDraft {
    /// An interaction with one person, every optional field at its default.
    pub fn new(contact: ContactId, when: NaiveDateTime) -> Self {
        Self::with_people(vec![contact], when)
    }

    /// An interaction with several people at once, every optional field at
    /// its default.
    pub fn with_people(participants: Vec<ContactId>, when: NaiveDateTime) -> Self {
        Self {
            participants,
            when,
            channel: Channel::default(),
            initiated_by: Initiator::default(),
            initiator: None,
            tone: Tone::default(),
            depth: Depth::default(),
            minutes: None,
            note: String::new(),
        }
    }

    /// The first person it was with: the one it was logged from, for a
    /// screen that shows one person afterwards.
    pub fn first_person(&self) -> Option<ContactId> {
        self.participants.first().copied()
    }

    /// Whether it was with more than one person.
    pub fn is_group(&self) -> bool {
        self.participants.len() > 1
    }

    /// Who reached out, as one participant sees it: `Them` only for the
    /// initiator; for everyone else a participant's `Them` is neither
    /// side's turn, `Mutual`.
    pub fn initiated_by_for(&self, person: ContactId) -> Initiator {
        match self.initiated_by {
            Initiator::Them if self.initiator != Some(person) => Initiator::Mutual,
            other => other,
        }
    }

    /// Tidies the note (Windows and old Mac line breaks become `\n`, and
    /// trailing space goes) and the initiator: `Them` with one participant
    /// is that person, and only `Them` names one.
    pub fn normalise(&mut self) {
        super::error::normalise_line_breaks(&mut self.note);
        let end = self.note.trim_end().len();
        self.note.truncate(end);
        match (self.initiated_by, self.participants.as_slice()) {
            (Initiator::Them, [only]) if self.initiator.is_none() => self.initiator = Some(*only),
            (Initiator::Them, _) => {}
            _ => self.initiator = None,
        }
    }

    /// Checks who it was with: at least one person, at most
    /// [`MAX_PARTICIPANTS`], nobody twice, and an initiator among them.
    pub fn validate_people(&self) -> Result<(), ValidationError> {
        if self.participants.is_empty() {
            return Err(ValidationError::Empty {
                field: Field::Contact,
            });
        }
        if self.participants.len() > MAX_PARTICIPANTS {
            // Named as the people it was with, not one person: the log
            // form shows it under its "With" row, the command line says
            // "people: 51 is too many".
            return Err(ValidationError::TooMany {
                field: Field::People,
                count: self.participants.len(),
                max: MAX_PARTICIPANTS,
            });
        }
        let mut seen = std::collections::HashSet::with_capacity(self.participants.len());
        if let Some(twice) = self.participants.iter().find(|id| !seen.insert(**id)) {
            return Err(ValidationError::Malformed {
                field: Field::Contact,
                value: format!("person {twice}"),
                expected: "each person once",
            });
        }
        match (self.initiated_by, self.initiator) {
            (Initiator::Them, None) => Err(ValidationError::Malformed {
                field: Field::InitiatedBy,
                value: "them".to_owned(),
                expected: "with several people, say which of them reached out",
            }),
            (_, Some(who)) if !self.participants.contains(&who) => {
                Err(ValidationError::Malformed {
                    field: Field::InitiatedBy,
                    value: format!("person {who}"),
                    expected: "me, mutual or one of the people it was with",
                })
            }
            _ => Ok(()),
        }
    }

    /// Checks every field; `now` is the local date-time. An interaction may
    /// be dated up to a day ahead (time zones, a meeting planned for
    /// tonight), not more.
    pub fn validate(&self, now: NaiveDateTime) -> Result<(), ValidationError> {
        self.validate_people()?;
        if self.when > now + Duration::days(1) {
            return Err(ValidationError::InFuture {
                field: Field::When,
                value: super::time::format_date_time(self.when),
            });
        }
        if self.when.date()
            < NaiveDate::from_ymd_opt(super::time::MIN_YEAR, 1, 1).unwrap_or_default()
        {
            return Err(ValidationError::OutOfRange {
                field: Field::When,
                value: i64::from(chrono::Datelike::year(&self.when)),
                min: i64::from(super::time::MIN_YEAR),
                max: 9999,
            });
        }
        if let Some(minutes) = self.minutes {
            check_range(
                Field::Minutes,
                i64::from(minutes),
                0,
                i64::from(MAX_MINUTES),
            )?;
        }
        check_len(Field::Note, &self.note, MAX_NOTE_CHARS)?;
        check_text(Field::Note, &self.note, true)
    }
}

/// Names as a sentence says them: "Ada", "Ada and Grace", "Ada, Grace and
/// Tom".
pub fn names_in_a_row<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A stored interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub uuid: Uuid,
    #[serde(flatten)]
    pub fields: InteractionDraft,
    pub created_at: NaiveDateTime,
}

/// The integer key of a trust change inside one database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TrustChangeId(pub i64);

/// One assessment of how far you trust someone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustChange {
    pub id: TrustChangeId,
    pub uuid: Uuid,
    pub contact_id: ContactId,
    pub level: TrustLevel,
    /// The day the assessment applies from.
    pub on: NaiveDate,
    #[serde(default)]
    pub reason: String,
    pub created_at: NaiveDateTime,
    /// False for the handshake someone added without a level gets: a
    /// default, not an assessment you made (so the first level you set is
    /// a starting point, not a rise).
    #[serde(default = "assessed_by_default")]
    pub assessed: bool,
}

fn assessed_by_default() -> bool {
    true
}

/// Checks a new trust assessment: its date may not be in the future nor
/// before 1900, and its reason is bounded like a short note.
pub fn validate_trust_change(
    on: NaiveDate,
    reason: &str,
    today: NaiveDate,
) -> Result<(), ValidationError> {
    if on > today {
        return Err(ValidationError::InFuture {
            field: Field::On,
            value: on.to_string(),
        });
    }
    if chrono::Datelike::year(&on) < super::time::MIN_YEAR {
        return Err(ValidationError::OutOfRange {
            field: Field::On,
            value: i64::from(chrono::Datelike::year(&on)),
            min: i64::from(super::time::MIN_YEAR),
            max: i64::from(chrono::Datelike::year(&today)),
        });
    }
    check_len(Field::Reason, reason, MAX_SHORT_CHARS * 4)?;
    check_text(Field::Reason, reason, true)
}

/// The level in force on `day`, given a history sorted by date (ties in the
/// order they were recorded). Before the first assessment, the first
/// assessment is the best knowledge there is.
pub fn level_on(history: &[(NaiveDate, TrustLevel)], day: NaiveDate) -> Option<TrustLevel> {
    let in_force = history.partition_point(|(on, _)| *on <= day);
    match in_force {
        0 => history.first().map(|(_, level)| *level),
        n => Some(history[n - 1].1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        super::super::time::parse_date_time(Field::When, text).unwrap()
    }

    #[test]
    fn an_interaction_may_be_at_most_a_day_ahead() {
        let now = at("2026-11-22 10:00");
        let mut draft = InteractionDraft::new(ContactId(1), at("2026-11-23 10:00"));
        assert_eq!(draft.validate(now), Ok(()));
        draft.when = at("2026-11-23 10:01");
        assert!(matches!(
            draft.validate(now),
            Err(ValidationError::InFuture {
                field: Field::When,
                ..
            })
        ));
    }

    #[test]
    fn names_read_as_a_sentence() {
        assert_eq!(names_in_a_row::<&str>(&[]), "");
        assert_eq!(names_in_a_row(&["Ada"]), "Ada");
        assert_eq!(names_in_a_row(&["Ada", "Grace"]), "Ada and Grace");
        assert_eq!(
            names_in_a_row(&["Ada", "Grace", "Tom"]),
            "Ada, Grace and Tom"
        );
    }

    #[test]
    fn them_is_the_one_person_or_a_named_participant() {
        let now = at("2026-11-22 10:00");
        let mut alone = InteractionDraft::new(ContactId(1), now);
        alone.initiated_by = Initiator::Them;
        alone.normalise();
        assert_eq!(alone.initiator, Some(ContactId(1)));
        assert_eq!(alone.validate(now), Ok(()));
        let mut group = InteractionDraft::with_people(vec![ContactId(1), ContactId(2)], now);
        group.initiated_by = Initiator::Them;
        group.normalise();
        assert_eq!(group.validate(now).unwrap_err().field(), Field::InitiatedBy);
        group.initiator = Some(ContactId(2));
        assert_eq!(group.validate(now), Ok(()));
        assert_eq!(group.initiated_by_for(ContactId(2)), Initiator::Them);
        assert_eq!(group.initiated_by_for(ContactId(1)), Initiator::Mutual);
        // Only "them" names someone.
        group.initiated_by = Initiator::Me;
        group.normalise();
        assert_eq!(group.initiator, None);
        assert_eq!(group.initiated_by_for(ContactId(2)), Initiator::Me);
    }

    #[test]
    fn minutes_and_note_are_bounded() {
        let now = at("2026-11-22 10:00");
        let mut draft = InteractionDraft::new(ContactId(1), now);
        draft.minutes = Some(MAX_MINUTES + 1);
        assert!(matches!(
            draft.validate(now),
            Err(ValidationError::OutOfRange {
                field: Field::Minutes,
                ..
            })
        ));
        draft.minutes = Some(90);
        draft.note = "x".repeat(MAX_NOTE_CHARS + 1);
        assert!(matches!(
            draft.validate(now),
            Err(ValidationError::TooLong {
                field: Field::Note,
                ..
            })
        ));
    }

    #[test]
    fn level_on_a_day_follows_the_latest_assessment_before_it() {
        let d = |s: &str| super::super::time::parse_date(Field::On, s).unwrap();
        let history = [
            (d("2026-01-01"), TrustLevel::Handshake),
            (d("2026-03-01"), TrustLevel::Familiar),
            (d("2026-03-01"), TrustLevel::Trusted),
        ];
        assert_eq!(
            level_on(&history, d("2025-06-01")),
            Some(TrustLevel::Handshake)
        );
        assert_eq!(
            level_on(&history, d("2026-02-28")),
            Some(TrustLevel::Handshake)
        );
        assert_eq!(
            level_on(&history, d("2026-03-01")),
            Some(TrustLevel::Trusted)
        );
        assert_eq!(level_on(&[], d("2026-03-01")), None);
    }
}
