//! What a person wants to remember about someone beyond the log:
//! follow-ups (what you meant to do or ask, maybe by a day) and dates to
//! remember (yearly days that matter to them).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::{check_len, check_text};
use super::{ContactId, Field, InteractionId, ValidationError, YearlyDate};

/// Longest follow-up, in characters.
pub const MAX_FOLLOW_UP_CHARS: usize = 500;
/// Longest label of a date to remember, in characters.
pub const MAX_DATE_LABEL_CHARS: usize = 100;

/// The integer key of a follow-up inside one database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FollowUpId(pub i64);

impl fmt::Display for FollowUpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a person notes to do: "ask how the surgery went", by a day or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDraft {
    pub contact_id: ContactId,
    pub what: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
}

impl FollowUpDraft {
    pub fn new(contact_id: ContactId, what: &str, due: Option<NaiveDate>) -> Self {
        Self {
            contact_id,
            what: what.trim().to_owned(),
            due,
        }
    }

    /// Checks the text (1 to 500 characters, one line, no control
    /// characters) and the due day: not before `earliest_due`, which is
    /// today, or the day of a back-dated interaction it is noted with.
    pub fn validate(&self, earliest_due: NaiveDate) -> Result<(), ValidationError> {
        if self.what.trim().is_empty() {
            return Err(ValidationError::Empty {
                field: Field::FollowUp,
            });
        }
        check_len(Field::FollowUp, &self.what, MAX_FOLLOW_UP_CHARS)?;
        check_text(Field::FollowUp, &self.what, false)?;
        if let Some(due) = self.due
            && due < earliest_due
        {
            return Err(ValidationError::Malformed {
                field: Field::Due,
                value: due.to_string(),
                expected: "a follow-up cannot be due before it is noted",
            });
        }
        Ok(())
    }
}

/// A stored follow-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub uuid: Uuid,
    #[serde(flatten)]
    pub fields: FollowUpDraft,
    /// The interaction it was noted in, if any.
    pub noted_in: Option<InteractionId>,
    /// The day it was noted: that interaction's day, else the day it was
    /// added.
    pub noted_on: NaiveDate,
    /// When it was done, if it is.
    pub done_at: Option<NaiveDateTime>,
    /// The interaction it was done with, if ticked off while logging one.
    pub done_with: Option<InteractionId>,
    pub created_at: NaiveDateTime,
}

impl FollowUp {
    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }
}

/// The integer key of a date to remember inside one database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateId(pub i64);

impl fmt::Display for DateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A yearly day that matters to someone: "wedding anniversary",
/// "Mia's birthday (daughter)". (Their own birthday is a field of the
/// contact.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateDraft {
    pub contact_id: ContactId,
    pub label: String,
    pub date: YearlyDate,
}

impl DateDraft {
    pub fn new(contact_id: ContactId, label: &str, date: YearlyDate) -> Self {
        Self {
            contact_id,
            label: label.trim().to_owned(),
            date,
        }
    }

    /// Checks the label (1 to 100 characters, one line) and the date (a
    /// real day; a year, if given, not in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<(), ValidationError> {
        if self.label.trim().is_empty() {
            return Err(ValidationError::Empty {
                field: Field::Label,
            });
        }
        check_len(Field::Label, &self.label, MAX_DATE_LABEL_CHARS)?;
        check_text(Field::Label, &self.label, false)?;
        self.date.validate(Field::Date, today)
    }
}

/// A stored date to remember.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateToRemember {
    pub id: DateId,
    pub uuid: Uuid,
    #[serde(flatten)]
    pub fields: DateDraft,
    pub created_at: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_follow_up_needs_one_line_of_text_and_a_due_day_not_before_it_is_noted() {
        let today = day("2026-11-27");
        let ada = ContactId(1);
        assert_eq!(
            FollowUpDraft::new(ada, "ask how the surgery went", None).validate(today),
            Ok(())
        );
        for (what, field) in [
            ("   ", Field::FollowUp),
            ("two\nlines", Field::FollowUp),
            ("esc \u{1b}[2J", Field::FollowUp),
        ] {
            let error = FollowUpDraft::new(ada, what, None)
                .validate(today)
                .unwrap_err();
            assert_eq!(error.field(), field, "{what:?}");
        }
        let long = "x".repeat(MAX_FOLLOW_UP_CHARS + 1);
        assert!(matches!(
            FollowUpDraft::new(ada, &long, None).validate(today),
            Err(ValidationError::TooLong {
                field: Field::FollowUp,
                len: 501,
                max: 500
            })
        ));
        let past = FollowUpDraft::new(ada, "call", Some(day("2026-11-26")));
        assert_eq!(past.validate(today).unwrap_err().field(), Field::Due);
        // Noted with an interaction logged last week, it may be due since.
        assert_eq!(past.validate(day("2026-11-20")), Ok(()));
    }

    #[test]
    fn a_date_needs_a_label_and_a_real_day() {
        let today = day("2026-11-27");
        let ada = ContactId(1);
        let leap = YearlyDate::parse_for(Field::Date, "--02-29").unwrap();
        assert_eq!(
            DateDraft::new(ada, "Mia's birthday (daughter)", leap).validate(today),
            Ok(())
        );
        assert_eq!(
            DateDraft::new(ada, " ", leap)
                .validate(today)
                .unwrap_err()
                .field(),
            Field::Label
        );
        let future = YearlyDate::parse_for(Field::Date, "2030-06-01").unwrap();
        assert_eq!(
            DateDraft::new(ada, "wedding", future)
                .validate(today)
                .unwrap_err()
                .field(),
            Field::Date
        );
    }
}
