//! Fitting a person read from a contacts file to Kith's rules, instead of
//! refusing them whole.
//!
//! Files from other programs carry what Kith would refuse: an email that is
//! not an address, a 300-character organisation, a birthday in 1815, an
//! escape sequence in a note. [`tidy`] leaves such values out, shortens
//! them or strips the characters, and says so in a warning listed under
//! the record. What it does not touch is the name: a name holding control
//! characters is not quietly changed into another, and the record is
//! refused by the domain's validation, naming the field.
//!
//! People from a Kith archive are not tidied: an archive is kept exactly
//! or refused.

use chrono::{Datelike, NaiveDate};

use super::ImportedPerson;
use crate::domain::{
    ContactId, DateDraft, Field, MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_SHORT_CHARS,
    ValidationError, YearlyDate, is_forbidden_char,
};

/// Makes an imported person fit Kith's rules: leaves out emails that are
/// not addresses, phones without digits, birthdays in the future or
/// before 1900, and values holding control characters; shortens over-long
/// text; strips control characters from the notes (line breaks and tabs
/// stay); keeps the first [`MAX_LIST_ITEMS`] of each list; leaves out
/// dates to remember that `kith date add` would refuse, and repeats of one
/// (same label, case ignored, and month-day). Each change but a repeat is a
/// warning.
pub fn tidy(person: &mut ImportedPerson, today: NaiveDate) {
    let fields = &mut person.fields;
    let warnings = &mut person.warnings;
    fields.name = one_line(&fields.name);
    for value in [
        &mut fields.nickname,
        &mut fields.organisation,
        &mut fields.met_where,
    ]
    .into_iter()
    .flatten()
    {
        *value = one_line(value);
    }
    fields.normalise();
    shorten(Field::Name, &mut fields.name, MAX_NAME_CHARS, warnings);
    for (field, text) in [
        (Field::Nickname, &mut fields.nickname),
        (Field::Organisation, &mut fields.organisation),
        (Field::MetWhere, &mut fields.met_where),
    ] {
        if let Some(value) = text {
            if value.chars().any(is_forbidden_char) {
                warnings.push(format!(
                    "{field} {value:?} left out: it holds a control character"
                ));
                *text = None;
            } else {
                shorten(field, value, MAX_NAME_CHARS, warnings);
            }
        }
    }
    fields.notes = fields.notes.trim().to_owned();
    let before = fields.notes.chars().count();
    fields
        .notes
        .retain(|c| !is_forbidden_char(c) || matches!(c, '\n' | '\t'));
    match before - fields.notes.chars().count() {
        0 => {}
        1 => warnings.push("notes: 1 control character removed".to_owned()),
        n => warnings.push(format!("notes: {n} control characters removed")),
    }
    shorten(Field::Notes, &mut fields.notes, MAX_NOTE_CHARS, warnings);
    for (field, list) in [
        (Field::Email, &mut fields.emails),
        (Field::Phone, &mut fields.phones),
    ] {
        list.retain_mut(|item| {
            item.value = one_line(&item.value);
            if let Some(label) = &mut item.label {
                *label = one_line(label);
                shorten_quietly(label, MAX_SHORT_CHARS);
            }
            match item.validate(field) {
                Ok(()) => true,
                Err(error) => {
                    warnings.push(left_out(field, &item.value, &error));
                    false
                }
            }
        });
        if list.len() > MAX_LIST_ITEMS {
            warnings.push(format!(
                "only the first {MAX_LIST_ITEMS} of {} {field}s kept",
                list.len()
            ));
            list.truncate(MAX_LIST_ITEMS);
        }
    }
    fields.tags.retain(|tag| {
        if tag.chars().any(is_forbidden_char) {
            warnings.push(format!(
                "tag {tag:?} left out: it holds a control character"
            ));
            return false;
        }
        tag.chars().count() <= MAX_SHORT_CHARS
    });
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
    let dates = std::mem::take(&mut person.dates);
    for (label, date) in dates {
        let label = one_line(&label);
        // The store checks them again; a date it would refuse is left out
        // here, so that it cannot refuse the whole import.
        let draft = DateDraft::new(ContactId(0), &label, date);
        match draft.validate(today) {
            Ok(()) => add_date_once(&mut person.dates, &draft.label, date),
            Err(error) => warnings.push(format!("date {label:?} {date} left out: {error}")),
        }
    }
}

/// Adds a date to remember to a record's unless it has one with the same
/// label (case ignored) and month-day, as the store adds them.
pub(super) fn add_date_once(dates: &mut Vec<(String, YearlyDate)>, label: &str, date: YearlyDate) {
    if !has_date(dates, label, date) {
        dates.push((label.to_owned(), date));
    }
}

/// Whether `dates` has one with this label (case ignored) and month-day.
pub(super) fn has_date(dates: &[(String, YearlyDate)], label: &str, date: YearlyDate) -> bool {
    dates.iter().any(|(l, d)| {
        l.to_lowercase() == label.to_lowercase() && (d.month, d.day) == (date.month, date.day)
    })
}

/// Why an email or phone number is left out, in a warning.
fn left_out(field: Field, value: &str, error: &ValidationError) -> String {
    match error {
        ValidationError::Malformed { .. } if field == Field::Email => {
            format!("{field} {value:?} left out: not an email address")
        }
        ValidationError::Malformed { .. } => {
            format!("{field} {value:?} left out: not a phone number (no digits)")
        }
        ValidationError::TooLong { max, .. } => {
            format!("{field} left out: longer than {max} characters")
        }
        ValidationError::ControlCharacter { .. } => {
            format!("{field} {value:?} left out: it holds a control character")
        }
        other => format!("{field} {value:?} left out: {other}"),
    }
}

/// Collapses line breaks, tabs and runs of spaces into single spaces:
/// names, emails and phones are one line. Other control characters stay,
/// for validation to refuse with the field named.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
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

fn shorten(field: Field, text: &mut String, max: usize, warnings: &mut Vec<String>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactDraft, Labeled};
    use crate::interchange::{RecordKind, Source};

    fn tidied(fields: ContactDraft) -> ImportedPerson {
        let source = Source {
            kind: RecordKind::Card,
            number: 1,
            line: 1,
        };
        let mut person = ImportedPerson::new(source, fields);
        tidy(&mut person, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        person
    }

    #[test]
    fn what_kith_would_refuse_is_left_out_or_shortened_with_a_warning() {
        let mut fields = ContactDraft::named("Ada\n  Lovelace");
        fields.met_where = Some("x".repeat(250));
        fields.organisation = Some("Engines\u{1b}]0;pwned\u{7}".into());
        fields.emails = vec![
            Labeled::new(None, "not an address"),
            Labeled::new(None, "ada@example.org"),
        ];
        fields.phones = vec![Labeled::new(Some("work"), "Business Phone")];
        fields.notes = "Line\u{1b}]52;c;aGk=\u{7}\n\tnext".into();
        let ada = tidied(fields);
        assert_eq!(ada.fields.name, "Ada Lovelace");
        assert_eq!(ada.fields.met_where.as_deref().map(str::len), Some(200));
        assert_eq!(ada.fields.organisation, None);
        assert_eq!(ada.fields.emails, [Labeled::new(None, "ada@example.org")]);
        assert!(ada.fields.phones.is_empty());
        assert_eq!(ada.fields.notes, "Line]52;c;aGk=\n\tnext");
        assert_eq!(
            ada.warnings,
            [
                "organisation \"Engines\\u{1b}]0;pwned\\u{7}\" left out: it holds a control character",
                "met where shortened to 200 characters",
                "notes: 2 control characters removed",
                "email \"not an address\" left out: not an email address",
                "phone \"Business Phone\" left out: not a phone number (no digits)",
            ]
        );
        assert!(ada.fields.validate(NaiveDate::MAX).is_ok());
    }

    #[test]
    fn a_name_with_control_characters_is_left_for_validation_to_refuse() {
        let evil = tidied(ContactDraft::named("Evil\u{1b}]0;PWNED\u{7}"));
        assert_eq!(evil.fields.name, "Evil\u{1b}]0;PWNED\u{7}");
        let error = evil.fields.validate(NaiveDate::MAX).unwrap_err();
        assert_eq!(error.field(), Field::Name);
    }
}
