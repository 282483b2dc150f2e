//! A contact: a person you know, how you met, and what you want to remember.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::error::{check_len, check_range, check_text};
use super::{Birthday, Circle, Field, MetVia, TrustLevel, ValidationError};

/// Longest name, nickname, organisation or "met where", in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest note on a contact or an interaction, in characters.
pub const MAX_NOTE_CHARS: usize = 100_000;
/// Longest email address, phone number, label or tag, in characters.
pub const MAX_SHORT_CHARS: usize = 320;
/// Most emails, phones or tags on one contact.
pub const MAX_LIST_ITEMS: usize = 100;
/// Longest keep-in-touch cadence, in days (ten years).
pub const MAX_CADENCE_DAYS: u32 = 3650;

/// The integer key of a contact inside one database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContactId(pub i64);

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An email address or phone number with an optional label such as `work`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labeled {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub value: String,
}

impl Labeled {
    pub fn new(label: Option<&str>, value: &str) -> Self {
        Self {
            label: label.map(str::to_owned),
            value: value.to_owned(),
        }
    }

    /// Reads `LABEL:VALUE` or a bare `VALUE`, as typed on the command line.
    pub fn parse(text: &str) -> Self {
        match text.split_once(':') {
            Some((label, value)) if !label.trim().is_empty() && !label.contains('@') => Self {
                label: Some(label.trim().to_owned()),
                value: value.trim().to_owned(),
            },
            _ => Self {
                label: None,
                value: text.trim().to_owned(),
            },
        }
    }
}

impl Labeled {
    /// Checks one email address (`field` is [`Field::Email`]) or phone
    /// number ([`Field::Phone`]) and its label: present, not too long,
    /// plain text on one line, and an address with an `@` or a number
    /// with digits.
    pub fn validate(&self, field: Field) -> Result<(), ValidationError> {
        if self.value.trim().is_empty() {
            return Err(ValidationError::Empty { field });
        }
        check_len(field, &self.value, MAX_SHORT_CHARS)?;
        check_text(field, &self.value, false)?;
        if let Some(label) = &self.label {
            check_len(field, label, MAX_SHORT_CHARS)?;
            check_text(field, label, false)?;
        }
        let value = self.value.trim();
        let (ok, expected) = match field {
            Field::Email => (
                value.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty() && !domain.is_empty() && !value.contains(char::is_whitespace)
                }),
                "expected an address like name@example.org",
            ),
            _ => (
                value.chars().any(|c| c.is_ascii_digit()),
                "expected a number with digits",
            ),
        };
        if ok {
            Ok(())
        } else {
            Err(ValidationError::Malformed {
                field,
                value: self.value.clone(),
                expected,
            })
        }
    }
}

impl fmt::Display for Labeled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(label) => write!(f, "{} ({label})", self.value),
            None => f.write_str(&self.value),
        }
    }
}

/// Everything a person can set on a contact: what "add" takes and "edit"
/// replaces. The store adds identity, timestamps and the derived summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactDraft {
    pub name: String,
    pub nickname: Option<String>,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub birthday: Option<Birthday>,
    pub organisation: Option<String>,
    pub circle: Circle,
    pub met_via: Option<MetVia>,
    pub met_where: Option<String>,
    pub met_on: Option<NaiveDate>,
    /// Keep-in-touch cadence override in days; `Some(0)` means never nudge.
    pub cadence_days: Option<u32>,
    pub tags: Vec<String>,
    pub notes: String,
}

impl ContactDraft {
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            ..Self::default()
        }
    }

    /// Trims text, drops empty optional fields, empty list items and
    /// repeated tags (ignoring case), so that what is stored is what a
    /// person would expect to see.
    pub fn normalise(&mut self) {
        fn tidy(field: &mut Option<String>) {
            if let Some(text) = field {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    *field = None;
                } else if trimmed.len() != text.len() {
                    *field = Some(trimmed.to_owned());
                }
            }
        }
        fn tidy_list(list: &mut Vec<Labeled>) {
            for item in list.iter_mut() {
                item.value = item.value.trim().to_owned();
                tidy(&mut item.label);
            }
            list.retain(|item| !item.value.is_empty());
            let mut seen = std::collections::HashSet::new();
            list.retain(|item| seen.insert(item.value.to_lowercase()));
        }
        self.name = self.name.trim().to_owned();
        super::error::normalise_line_breaks(&mut self.notes);
        tidy(&mut self.nickname);
        tidy(&mut self.organisation);
        tidy(&mut self.met_where);
        tidy_list(&mut self.emails);
        tidy_list(&mut self.phones);
        let mut seen = std::collections::HashSet::new();
        self.tags = std::mem::take(&mut self.tags)
            .into_iter()
            .map(|tag| tag.trim().to_owned())
            .filter(|tag| !tag.is_empty() && seen.insert(tag.to_lowercase()))
            .collect();
    }

    /// Checks every field; `today` is the local date, for refusing a met-on
    /// date or birthday in the future.
    pub fn validate(&self, today: NaiveDate) -> Result<(), ValidationError> {
        if self.name.trim().is_empty() {
            return Err(ValidationError::Empty { field: Field::Name });
        }
        check_len(Field::Name, &self.name, MAX_NAME_CHARS)?;
        check_text(Field::Name, &self.name, false)?;
        for (field, value) in [
            (Field::Nickname, &self.nickname),
            (Field::Organisation, &self.organisation),
            (Field::MetWhere, &self.met_where),
        ] {
            if let Some(text) = value {
                check_len(field, text, MAX_NAME_CHARS)?;
                check_text(field, text, false)?;
            }
        }
        check_len(Field::Notes, &self.notes, MAX_NOTE_CHARS)?;
        check_text(Field::Notes, &self.notes, true)?;
        for (field, list) in [(Field::Email, &self.emails), (Field::Phone, &self.phones)] {
            if list.len() > MAX_LIST_ITEMS {
                return Err(ValidationError::TooMany {
                    field,
                    count: list.len(),
                    max: MAX_LIST_ITEMS,
                });
            }
            for item in list {
                item.validate(field)?;
            }
        }
        if self.tags.len() > MAX_LIST_ITEMS {
            return Err(ValidationError::TooMany {
                field: Field::Tag,
                count: self.tags.len(),
                max: MAX_LIST_ITEMS,
            });
        }
        for tag in &self.tags {
            if tag.trim().is_empty() {
                return Err(ValidationError::Empty { field: Field::Tag });
            }
            check_len(Field::Tag, tag, MAX_SHORT_CHARS)?;
            check_text(Field::Tag, tag, false)?;
        }
        if let Some(cadence) = self.cadence_days {
            check_range(
                Field::Cadence,
                i64::from(cadence),
                0,
                i64::from(MAX_CADENCE_DAYS),
            )?;
        }
        if let Some(met_on) = self.met_on {
            if met_on > today {
                return Err(ValidationError::InFuture {
                    field: Field::MetOn,
                    value: met_on.to_string(),
                });
            }
            if met_on.year() < super::time::MIN_YEAR {
                return Err(ValidationError::OutOfRange {
                    field: Field::MetOn,
                    value: i64::from(met_on.year()),
                    min: i64::from(super::time::MIN_YEAR),
                    max: i64::from(today.year()),
                });
            }
        }
        if let Some(birthday) = self.birthday {
            birthday.validate(Field::Birthday, today)?;
        }
        Ok(())
    }
}

/// A stored contact: the draft's fields plus identity, the current trust
/// level, the archive flag, timestamps and a summary of the history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    /// Stable across files: what export, import and sync match records on.
    pub uuid: Uuid,
    #[serde(flatten)]
    pub fields: ContactDraft,
    /// The level of the trust change with the latest date.
    pub trust: TrustLevel,
    pub archived: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    #[serde(flatten)]
    pub summary: HistorySummary,
}

impl Contact {
    pub fn name(&self) -> &str {
        &self.fields.name
    }

    /// The earlier of the met-on date and the first interaction, else when
    /// the contact was added.
    pub fn known_since(&self) -> NaiveDate {
        known_since(
            self.fields.met_on,
            self.summary.first_interaction_at,
            self.created_at,
        )
    }
}

/// "Known since": the earlier of the met-on date and the first interaction
/// (an exchange logged before the day you met still happened), else when
/// the contact was created.
pub fn known_since(
    met_on: Option<NaiveDate>,
    first_interaction_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
) -> NaiveDate {
    let first = first_interaction_at.map(|at| at.date());
    match (met_on, first) {
        (Some(met), Some(first)) => met.min(first),
        (met, first) => met.or(first).unwrap_or(created_at.date()),
    }
}

/// What the store keeps up to date about a contact's interactions so that
/// lists and nudges never scan the whole history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySummary {
    pub interaction_count: u32,
    pub first_interaction_at: Option<NaiveDateTime>,
    pub last_interaction_at: Option<NaiveDateTime>,
}

/// A contact as lists show it: enough to draw, search, filter and sort a
/// row, without emails, phones or the history.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactListing {
    pub id: ContactId,
    pub name: String,
    pub nickname: Option<String>,
    pub organisation: Option<String>,
    pub circle: Circle,
    pub met_via: Option<MetVia>,
    pub met_where: Option<String>,
    pub trust: TrustLevel,
    pub archived: bool,
    pub tags: Vec<String>,
    pub notes: String,
    pub known_since: NaiveDate,
    pub last_interaction_at: Option<NaiveDateTime>,
    pub interaction_count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn a_name_is_required_and_bounded() {
        let today = today();
        assert_eq!(
            ContactDraft::named("   ").validate(today),
            Err(ValidationError::Empty { field: Field::Name })
        );
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(matches!(
            ContactDraft::named(&long).validate(today),
            Err(ValidationError::TooLong {
                field: Field::Name,
                len: 201,
                max: 200
            })
        ));
        assert_eq!(
            ContactDraft::named(&"é".repeat(200)).validate(today),
            Ok(())
        );
    }

    #[test]
    fn text_fields_refuse_control_characters_and_direction_overrides() {
        let today = today();
        for (name, found) in [
            ("Evil\u{1b}]0;PWNED\u{7}", '\u{1b}'),
            ("Dave\nFake line", '\n'),
            ("Tab\there", '\t'),
            ("C1 \u{9b}31m", '\u{9b}'),
            ("evaD\u{202E}", '\u{202E}'),
            ("isolate \u{2066}x", '\u{2066}'),
            ("del\u{7f}", '\u{7f}'),
        ] {
            let error = ContactDraft::named(name).validate(today).unwrap_err();
            assert!(
                matches!(error, ValidationError::ControlCharacter { field: Field::Name, found: f, .. } if f == found),
                "{name:?}: {error:?}"
            );
            assert!(
                error
                    .to_string()
                    .starts_with("name: holds the control character U+")
            );
        }
        let mut draft = ContactDraft::named("Ada");
        draft.nickname = Some("A\u{1b}[2J".into());
        assert_eq!(draft.validate(today).unwrap_err().field(), Field::Nickname);
        let mut draft = ContactDraft::named("Ada");
        draft.tags = vec!["ok".into(), "bad\u{0}".into()];
        assert_eq!(draft.validate(today).unwrap_err().field(), Field::Tag);
        let mut draft = ContactDraft::named("Ada");
        draft.emails = vec![Labeled::new(Some("wo\u{1b}rk"), "ada@example.org")];
        assert_eq!(draft.validate(today).unwrap_err().field(), Field::Email);

        // Notes keep line breaks and tabs, Windows line breaks become plain
        // ones, and nothing else of that kind is kept.
        let mut draft = ContactDraft::named("Ada");
        draft.notes = "line one\r\n\tline two\rthree".into();
        draft.normalise();
        assert_eq!(draft.notes, "line one\n\tline two\nthree");
        assert_eq!(draft.validate(today), Ok(()));
        draft.notes = "copy \u{1b}]52;c;aGk=\u{7}".into();
        let error = draft.validate(today).unwrap_err();
        assert_eq!(error.field(), Field::Notes);
        assert!(
            error.to_string().contains("U+001B (escape) at character 6"),
            "{error}"
        );
        // Accents, emoji and right-to-left scripts are text, not controls.
        assert_eq!(
            ContactDraft::named("Léa Martínez 🌱 שלום").validate(today),
            Ok(())
        );
    }

    #[test]
    fn met_on_and_birthday_may_not_be_in_the_future() {
        let mut draft = ContactDraft::named("Ada");
        draft.met_on = today().succ_opt();
        assert!(matches!(
            draft.validate(today()),
            Err(ValidationError::InFuture {
                field: Field::MetOn,
                ..
            })
        ));
        draft.met_on = Some(today());
        assert_eq!(draft.validate(today()), Ok(()));
        draft.birthday = Some(Birthday::parse("2030-01-01").unwrap());
        assert!(matches!(
            draft.validate(today()),
            Err(ValidationError::InFuture {
                field: Field::Birthday,
                ..
            })
        ));
    }

    #[test]
    fn cadence_and_notes_are_bounded() {
        let mut draft = ContactDraft::named("Ada");
        draft.cadence_days = Some(MAX_CADENCE_DAYS + 1);
        assert!(matches!(
            draft.validate(today()),
            Err(ValidationError::OutOfRange {
                field: Field::Cadence,
                ..
            })
        ));
        draft.cadence_days = Some(0);
        draft.notes = "n".repeat(MAX_NOTE_CHARS + 1);
        assert!(matches!(
            draft.validate(today()),
            Err(ValidationError::TooLong {
                field: Field::Notes,
                ..
            })
        ));
    }

    #[test]
    fn birthdays_with_and_without_a_year() {
        let with = Birthday::parse("1990-02-28").unwrap();
        assert_eq!(with.to_string(), "1990-02-28");
        let without = Birthday::parse("--02-29").unwrap();
        assert_eq!((without.year, without.month, without.day), (None, 2, 29));
        assert_eq!(without.to_string(), "--02-29");
        assert_eq!(Birthday::parse("02-29").unwrap(), without);
        assert!(Birthday::parse("1990-02-29").is_err());
        assert!(Birthday::parse("--13-01").is_err());
        assert!(Birthday::parse("soon").is_err());
    }

    #[test]
    fn normalising_trims_and_dedupes() {
        let mut draft = ContactDraft::named("  Ada Lovelace ");
        draft.nickname = Some("  ".into());
        draft.tags = vec!["Maths".into(), " maths ".into(), "".into(), "poetry".into()];
        draft.emails = vec![
            Labeled::parse("work: ada@example.org"),
            Labeled::parse("ADA@example.org"),
        ];
        draft.normalise();
        assert_eq!(draft.name, "Ada Lovelace");
        assert_eq!(draft.nickname, None);
        assert_eq!(draft.tags, ["Maths", "poetry"]);
        assert_eq!(
            draft.emails,
            [Labeled::new(Some("work"), "ada@example.org")]
        );
    }

    #[test]
    fn emails_and_phones_are_checked() {
        let mut draft = ContactDraft::named("Ada");
        draft.emails = vec![Labeled::parse("not an email")];
        assert!(matches!(
            draft.validate(today()),
            Err(ValidationError::Malformed {
                field: Field::Email,
                ..
            })
        ));
        draft.emails.clear();
        draft.phones = vec![Labeled::parse("mobile:call me")];
        assert!(matches!(
            draft.validate(today()),
            Err(ValidationError::Malformed {
                field: Field::Phone,
                ..
            })
        ));
    }

    #[test]
    fn known_since_is_the_earlier_of_met_on_and_the_first_interaction() {
        let created = today().and_hms_opt(9, 0, 0).unwrap();
        let first = NaiveDate::from_ymd_opt(2025, 1, 2)
            .unwrap()
            .and_hms_opt(10, 0, 0);
        let met = NaiveDate::from_ymd_opt(2024, 5, 6);
        assert_eq!(known_since(met, first, created), met.unwrap());
        // An exchange logged before the day you met counts.
        let before = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        assert_eq!(
            known_since(met, Some(before.and_hms_opt(8, 0, 0).unwrap()), created),
            before
        );
        assert_eq!(known_since(None, first, created), first.unwrap().date());
        assert_eq!(known_since(None, None, created), today());
    }
}
