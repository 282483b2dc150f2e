//! CSV in (Google Contacts, Outlook, Thunderbird, Windows Live Mail, and a
//! plain `name,email,…` file) and CSV out (people, or interactions).
//!
//! The delimiter (comma, semicolon or tab) is taken from the first line and
//! the encoding detected as for any text (see [`super::decode`]). Columns
//! are recognised by their header, in English and German, whichever
//! program wrote them; which program that was is only reported. A file
//! without a recognisable header has its name and email columns guessed
//! from the values, and says so.
//!
//! Dates to remember come from Google's "Event N - Type/Value" columns
//! (labelled by the type, see `date_label`), Outlook's "Anniversary" and
//! Kith's own `dates` column (`label:date; label:date`).
//!
//! Cells written by Kith that could start a spreadsheet formula carry a
//! leading `'` (see [`neutralise_formula`]); reading removes it.
//!
//! Reading is here, the columns Kith knows in `columns.rs`, writing in
//! `write.rs`.

mod columns;
mod write;

use std::collections::HashMap;

use super::decode::decode_text;
use super::{
    Format, ImportError, ImportedPerson, MAX_RECORDS, Parsed, RecordKind, Source, Unreadable,
    date_label, parse_birthday,
};
use crate::domain::{Birthday, ContactDraft, Labeled};
use columns::{Role, flavour, names_someone, role};

pub use columns::is_known_column;
pub use write::{
    INTERACTIONS_HEADER, PEOPLE_HEADER, neutralise_formula, unneutralise, write_interactions,
    write_people,
};

/// Reads a CSV file of people.
pub fn read(bytes: &[u8]) -> Result<Parsed, ImportError> {
    let rows_upper_bound = count_rows(bytes);
    if rows_upper_bound > MAX_RECORDS + 1 {
        return Err(ImportError::TooManyRecords {
            count: rows_upper_bound - 1,
            noun: "rows",
            max: MAX_RECORDS,
        });
    }
    let decoded = decode_text(bytes);
    let text = decoded.text.trim_start_matches('\u{feff}');
    let delimiter = sniff_delimiter(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // Each row as the reader gives it (one buffer for all its cells): a
    // row's cells as strings of their own take several times the room,
    // and are made one row at a time below.
    let mut rows: Vec<(usize, ::csv::StringRecord)> = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| ImportError::Csv(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if cells_of(&record, delimiter)
            .iter()
            .all(|c| c.trim().is_empty())
        {
            continue;
        }
        rows.push((line, record));
    }
    let mut notes = Vec::new();
    if decoded.encoding != encoding_rs::UTF_8 {
        notes.push(format!("the file was read as {}", decoded.encoding.name()));
    }
    let Some(header) = rows.first().map(|(_, record)| cells_of(record, delimiter)) else {
        return Err(ImportError::Empty);
    };
    let mut roles: Vec<Option<Role>> = header.iter().map(|h| role(h)).collect();
    // Thunderbird's German export calls the day of birth "Geburtstag".
    if roles.contains(&Some(Role::BirthMonth)) {
        for role in &mut roles {
            if *role == Some(Role::Birthday) {
                *role = Some(Role::BirthDay);
            }
        }
    }
    let known = roles.iter().flatten().count();
    let looks_like_header = header
        .iter()
        .all(|h| !h.contains('@') && !h.chars().any(|c| c.is_ascii_digit()) || h.trim().is_empty());
    // How many rows the header takes: none, or the first.
    let (roles, skip, flavour) = if known > 0 && roles.iter().flatten().any(names_someone) {
        let flavour = flavour(&header);
        (roles, 1, flavour)
    } else if known > 0 || looks_like_header && rows.len() > 1 {
        let (roles, note) = guess_columns(&expanded(&rows[1..], delimiter));
        notes.push(format!(
            "the header names no column Kith knows for a name or email; {note}"
        ));
        (roles, 1, "CSV with unknown columns".to_owned())
    } else {
        let (roles, note) = guess_columns(&expanded(&rows, delimiter));
        notes.push(format!("no header row; {note}"));
        (roles, 0, "CSV without a header row".to_owned())
    };
    // Each row's cells are let go as its person is made, so that the
    // cells of the whole file and its people are never held at once.
    drop(reader);
    drop(decoded);
    let mut people = Vec::new();
    let mut unreadable = Vec::new();
    for (number, (line, record)) in rows.into_iter().skip(skip).enumerate() {
        let cells = cells_of(&record, delimiter);
        drop(record);
        let source = Source {
            kind: RecordKind::Row,
            number: number + 1,
            line,
        };
        match map_row(&roles, &cells) {
            Ok(mut person) => {
                person.source = source;
                if cells.len() > roles.len() {
                    person.warnings.push(format!(
                        "{} more cells than the header has columns (ignored)",
                        cells.len() - roles.len()
                    ));
                }
                people.push(person);
            }
            Err(reason) => unreadable.push(Unreadable { source, reason }),
        }
    }
    Ok(Parsed {
        format: Format::Csv,
        flavour,
        people,
        unreadable,
        notes,
        archive: None,
    })
}

/// A row's cells, formula guards taken off (see [`unneutralise`]); a row
/// of one cell holding tabs is split at them (some writers switch to tabs
/// after a comma-separated first line).
fn cells_of(record: &::csv::StringRecord, delimiter: u8) -> Vec<String> {
    let mut cells: Vec<String> = record.iter().map(|c| unneutralise(c).to_owned()).collect();
    if cells.len() == 1 && delimiter != b'\t' && cells[0].contains('\t') {
        cells = cells[0].split('\t').map(str::to_owned).collect();
    }
    cells
}

/// Every row's cells, for guessing what the columns are.
fn expanded(rows: &[(usize, ::csv::StringRecord)], delimiter: u8) -> Vec<(usize, Vec<String>)> {
    rows.iter()
        .map(|(line, record)| (*line, cells_of(record, delimiter)))
        .collect()
}

/// Rows in the file, counting line breaks outside quotes: an upper bound
/// cheap enough to check before parsing.
fn count_rows(bytes: &[u8]) -> usize {
    let mut quoted = false;
    let mut rows = 1;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => rows += 1,
            _ => {}
        }
    }
    rows
}

/// The delimiter that splits the first line into the most cells.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |d: char| {
        let mut quoted = false;
        first
            .chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                !quoted && c == d
            })
            .count()
    };
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d as char), d == b','))
        .unwrap_or(b',')
}

/// Without a header: the email column is the one whose cells hold `@`, the
/// name the first column with letters that is not the email.
fn guess_columns(rows: &[(usize, Vec<String>)]) -> (Vec<Option<Role>>, String) {
    let width = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let column = |i: usize| rows.iter().filter_map(move |(_, c)| c.get(i));
    let email = (0..width).find(|&i| {
        let filled = column(i).filter(|c| !c.trim().is_empty()).count();
        filled > 0 && column(i).filter(|c| c.contains('@')).count() * 2 >= filled
    });
    // The column with letters in the most rows (the first of equals).
    let name = (0..width)
        .filter(|&i| Some(i) != email)
        .map(|i| {
            let lettered = column(i)
                .filter(|c| c.chars().any(char::is_alphabetic))
                .count();
            (lettered, std::cmp::Reverse(i))
        })
        .filter(|(lettered, _)| *lettered > 0)
        .max()
        .map(|(_, std::cmp::Reverse(i))| i);
    let mut roles = vec![None; width];
    let mut said = Vec::new();
    if let Some(i) = name {
        roles[i] = Some(Role::FullName);
        said.push(format!("name = column {}", i + 1));
    }
    if let Some(i) = email {
        roles[i] = Some(Role::Email(None));
        said.push(format!("email = column {}", i + 1));
    }
    let note = if said.is_empty() {
        "no column looks like a name or an email".to_owned()
    } else {
        format!("guessed {}", said.join(", "))
    };
    (roles, note)
}

/// Google joins several values in one cell with ` ::: `.
fn split_multi(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(":::").map(str::trim).filter(|v| !v.is_empty())
}

fn map_row(roles: &[Option<Role>], cells: &[String]) -> Result<ImportedPerson, String> {
    let mut fields = ContactDraft::default();
    let mut warnings = Vec::new();
    let mut full = String::new();
    let (mut prefix, mut first, mut middle, mut last, mut suffix) = (
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    );
    let mut typed_emails: HashMap<usize, (Option<String>, String)> = HashMap::new();
    let mut typed_phones: HashMap<usize, (Option<String>, String)> = HashMap::new();
    let mut events: HashMap<usize, (String, String)> = HashMap::new();
    let mut listed: Vec<(String, String)> = Vec::new();
    let (mut year, mut month, mut day) = (None, None, None);
    let mut uid = None;
    let mut birthday_text = None;
    for (role, cell) in roles.iter().zip(cells) {
        let Some(role) = role else { continue };
        let value = cell.trim();
        if value.is_empty() {
            continue;
        }
        match role {
            Role::FullName => full = value.to_owned(),
            Role::Prefix => prefix = value.to_owned(),
            Role::First => first = value.to_owned(),
            Role::Middle => middle = value.to_owned(),
            Role::Last => last = value.to_owned(),
            Role::Suffix => suffix = value.to_owned(),
            Role::Nickname => fields.nickname = Some(value.to_owned()),
            Role::Email(label) => {
                for email in split_multi(value) {
                    fields.emails.push(Labeled::new(*label, email));
                }
            }
            Role::EmailValue(n) => typed_emails.entry(*n).or_default().1 = value.to_owned(),
            Role::EmailType(n) => typed_emails.entry(*n).or_default().0 = google_label(value),
            Role::Phone(label) => {
                for phone in split_multi(value) {
                    fields.phones.push(Labeled::new(label.as_deref(), phone));
                }
            }
            Role::PhoneValue(n) => typed_phones.entry(*n).or_default().1 = value.to_owned(),
            Role::PhoneType(n) => typed_phones.entry(*n).or_default().0 = google_label(value),
            Role::EventValue(n) => events.entry(*n).or_default().1 = value.to_owned(),
            Role::EventType(n) => events.entry(*n).or_default().0 = value.to_owned(),
            // Outlook writes "0.0.00" for none, as for a birthday.
            Role::Anniversary if !value.starts_with("0.0.") => {
                listed.push(("anniversary".to_owned(), value.to_owned()));
            }
            Role::Anniversary => {}
            Role::DateList => {
                // `label:date`: a date holds no colon, a label may.
                listed.extend(value.split(';').filter(|item| !item.trim().is_empty()).map(
                    |item| match item.rsplit_once(':') {
                        Some((label, date)) => (label.to_owned(), date.to_owned()),
                        None => (String::new(), item.to_owned()),
                    },
                ));
            }
            Role::EmailList | Role::PhoneList => {
                for item in value.split(';').map(str::trim).filter(|v| !v.is_empty()) {
                    let item = Labeled::parse(item);
                    match role {
                        Role::EmailList => fields.emails.push(item),
                        _ => fields.phones.push(item),
                    }
                }
            }
            Role::Birthday => {
                birthday_text = Some(value.to_owned());
                fields.birthday = parse_birthday(value);
            }
            Role::BirthYear => year = value.parse::<i32>().ok(),
            Role::BirthMonth => month = value.parse::<u32>().ok(),
            Role::BirthDay => day = value.parse::<u32>().ok(),
            Role::Organisation => fields.organisation = Some(value.to_owned()),
            Role::Notes => fields.notes = value.to_owned(),
            Role::Tags => fields.tags.extend(
                value
                    .split([';', ','])
                    .flat_map(split_multi)
                    .map(|t| t.trim_start_matches("* ").trim().to_owned())
                    .filter(|t| !t.is_empty()),
            ),
            Role::Uid => uid = Some(value.to_owned()),
        }
    }
    for (map, list) in [
        (typed_emails, &mut fields.emails),
        (typed_phones, &mut fields.phones),
    ] {
        let mut numbered: Vec<_> = map.into_iter().collect();
        numbered.sort_by_key(|(n, _)| *n);
        for (_, (label, values)) in numbered {
            for value in split_multi(&values) {
                list.push(Labeled::new(label.as_deref(), value));
            }
        }
    }
    let mut numbered: Vec<_> = events.into_iter().collect();
    numbered.sort_by_key(|(n, _)| *n);
    let mut dates = Vec::new();
    for (kind, values) in numbered.into_iter().map(|(_, event)| event).chain(listed) {
        let label = date_label(&kind);
        for value in split_multi(&values) {
            match parse_birthday(value) {
                Some(date) => dates.push((label.clone(), date)),
                None => warnings.push(format!("{label} {value:?} left out: not a date Kith reads")),
            }
        }
    }
    if let (Some(month), Some(day)) = (month, day) {
        let birthday = Birthday { year, month, day };
        fields.birthday = Birthday::parse(&birthday.to_string()).ok();
        if fields.birthday.is_none() {
            birthday_text = Some(birthday.to_string());
        }
    }
    if fields.birthday.is_none()
        && let Some(text) = birthday_text
        && parse_birthday(&text).is_none()
        && !text.starts_with("0.0.")
    {
        warnings.push(format!("birthday {text:?} left out: not a date Kith reads"));
    }
    let built = [prefix, first, middle, last, suffix]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let name = [full, built, fields.organisation.clone().unwrap_or_default()]
        .into_iter()
        .find(|n| !n.trim().is_empty())
        .or_else(|| fields.emails.first().map(|e| e.value.clone()))
        .ok_or_else(|| "no name, organisation or email".to_owned())?;
    fields.name = name;
    let mut person = ImportedPerson::new(
        Source {
            kind: RecordKind::Row,
            number: 0,
            line: 0,
        },
        fields,
    );
    person.uid = uid;
    person.warnings = warnings;
    person.dates = dates;
    Ok(person)
}

/// Google's type cell: `* Home` (the star marks the primary), `Work`, or a
/// custom label.
fn google_label(text: &str) -> Option<String> {
    let label = text.trim().trim_start_matches('*').trim();
    (!label.is_empty()).then(|| match label.to_lowercase().as_str() {
        "mobile" | "cell" => "mobile".to_owned(),
        "home" | "work" | "other" | "main" | "pager" => label.to_lowercase(),
        "work fax" | "workfax" => "work fax".to_owned(),
        "home fax" | "homefax" => "home fax".to_owned(),
        _ => label.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Parsed {
        read(text.as_bytes()).unwrap()
    }

    #[test]
    fn plain_and_semicolon_files_read() {
        let parsed = read_text("name,email,phone,birthday\nAda,ada@example.org,+44 1,1815-12-10\n");
        let ada = &parsed.people[0];
        assert_eq!(ada.fields.name, "Ada");
        assert_eq!(ada.fields.emails[0].value, "ada@example.org");
        assert_eq!(ada.fields.phones[0].value, "+44 1");
        let parsed =
            read_text("Display Name;First Name;Last Name;Primary Email\nJo D;Jo;D;jo@x.org\n");
        assert_eq!(parsed.people[0].fields.name, "Jo D");
        assert_eq!(parsed.flavour, "Thunderbird CSV");
    }

    #[test]
    fn headerless_files_have_their_columns_guessed() {
        let parsed =
            read_text("John Doe,John,Doe,john@doe.invalid\nJane Doe,Jane,Doe,jane@doe.invalid\n");
        assert_eq!(parsed.people.len(), 2);
        assert_eq!(parsed.people[1].fields.name, "Jane Doe");
        assert_eq!(parsed.people[1].fields.emails[0].value, "jane@doe.invalid");
        assert!(
            parsed.notes[0].contains("no header row"),
            "{:?}",
            parsed.notes
        );
    }

    #[test]
    fn google_numbered_columns_and_multi_values() {
        let parsed = read_text(
            "Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Group Membership\n\
             Max,* Home,a@x.org ::: b@x.org,Mobile,0171 1,* myContacts ::: Friends\n",
        );
        let max = &parsed.people[0].fields;
        assert_eq!(
            max.emails,
            [
                Labeled::new(Some("home"), "a@x.org"),
                Labeled::new(Some("home"), "b@x.org")
            ]
        );
        assert_eq!(max.phones, [Labeled::new(Some("mobile"), "0171 1")]);
        assert_eq!(max.tags, ["myContacts", "Friends"]);
    }

    #[test]
    fn google_events_become_dates_labelled_by_their_type() {
        let parsed = read_text(
            "Name,Event 1 - Type,Event 1 - Value,Event 2 - Type,Event 2 - Value,Event 10 - Type,Event 10 - Value\n\
             Max,Anniversary,2011-06-02,Name Day,--12-06,,--02-29\n\
             Eva,Other,sometime,,,,\n",
        );
        let max = &parsed.people[0];
        assert_eq!(
            max.date_lines(),
            ["anniversary 2011-06-02", "Name Day --12-06", "date --02-29"]
        );
        assert!(max.warnings.is_empty(), "{:?}", max.warnings);
        let eva = &parsed.people[1];
        assert!(eva.dates.is_empty());
        assert_eq!(
            eva.warnings,
            ["other \"sometime\" left out: not a date Kith reads"]
        );
    }

    #[test]
    fn kiths_own_dates_column_reads_back() {
        let parsed = read_text(
            "uuid,name,dates\nx-1,Ada,\"anniversary:2011-06-02; time: the 2nd:--03-04\"\n",
        );
        assert_eq!(
            parsed.people[0].date_lines(),
            ["anniversary 2011-06-02", "time: the 2nd --03-04"]
        );
    }
}
