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

/// The integer key of an interaction inside one database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InteractionId(pub i64);

impl fmt::Display for InteractionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a person records about one interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionDraft {
    pub contact_id: ContactId,
    /// Local wall-clock date and time.
    pub when: NaiveDateTime,
    #[serde(default)]
    pub channel: Channel,
    #[serde(default)]
    pub initiated_by: Initiator,
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
    /// An interaction with every optional field at its default.
    pub fn new(contact_id: ContactId, when: NaiveDateTime) -> Self {
        Self {
            contact_id,
            when,
            channel: Channel::default(),
            initiated_by: Initiator::default(),
            tone: Tone::default(),
            depth: Depth::default(),
            minutes: None,
            note: String::new(),
        }
    }

    /// Tidies the note: Windows and old Mac line breaks become `\n`, and
    /// trailing space goes.
    pub fn normalise(&mut self) {
        super::error::normalise_line_breaks(&mut self.note);
        let end = self.note.trim_end().len();
        self.note.truncate(end);
    }

    /// Checks every field; `now` is the local date-time. An interaction may
    /// be dated up to a day ahead (time zones, a meeting planned for
    /// tonight), not more.
    pub fn validate(&self, now: NaiveDateTime) -> Result<(), ValidationError> {
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
