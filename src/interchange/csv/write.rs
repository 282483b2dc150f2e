//! CSV out: people or interactions, one row each, streamed to any
//! `Write`, with a UTF-8 byte-order mark so that spreadsheet programs read
//! the names right.
//!
//! Cells that could start a spreadsheet formula carry a leading `'`
//! ([`neutralise_formula`]); reading removes it ([`unneutralise`]).

use std::collections::HashMap;
use std::io::{self, Write};

use uuid::Uuid;

use crate::domain::Labeled;
use crate::domain::exchange::{KeptInteraction, KeptPerson};

type SourceError = Box<dyn std::error::Error + Send + Sync>;

/// The columns of `kith export --format csv` (people).
pub const PEOPLE_HEADER: &[&str] = &[
    "uuid",
    "name",
    "nickname",
    "emails",
    "phones",
    "birthday",
    "dates",
    "organisation",
    "circle",
    "met via",
    "met where",
    "met on",
    "trust",
    "cadence days",
    "tags",
    "notes",
    "archived",
    "created at",
    "updated at",
];

/// The columns of `kith export --format csv --what interactions`.
pub const INTERACTIONS_HEADER: &[&str] = &[
    "uuid",
    "participant uuids",
    "participants",
    "when",
    "channel",
    "initiated by",
    "tone",
    "depth",
    "minutes",
    "note",
];

fn labeled_list(list: &[Labeled]) -> String {
    list.iter()
        .map(|item| match &item.label {
            Some(label) => format!("{label}:{}", item.value),
            None => item.value.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes `header`, then a row for each item of `items` as `row` makes
/// it, after a byte-order mark.
fn write_rows<T, E>(
    out: &mut dyn Write,
    header: &[&str],
    items: impl Iterator<Item = Result<T, E>>,
    row: impl Fn(T) -> Vec<String>,
) -> io::Result<()>
where
    E: Into<SourceError>,
{
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(header)?;
    for item in items {
        let cells = row(item.map_err(io::Error::other)?);
        writer.write_record(
            cells
                .iter()
                .map(|cell| neutralise_formula(cell).into_owned()),
        )?;
    }
    writer.flush()
}

/// People as CSV, one row each, as `people` hands them over.
pub fn write_people<E: Into<SourceError>>(
    out: &mut dyn Write,
    people: impl Iterator<Item = Result<KeptPerson, E>>,
) -> io::Result<()> {
    let time = crate::domain::time::format_date_time;
    write_rows(out, PEOPLE_HEADER, people, |person| {
        let KeptPerson {
            fields: f,
            identity,
            ..
        } = person;
        vec![
            identity.uuid.to_string(),
            f.name,
            f.nickname.unwrap_or_default(),
            labeled_list(&f.emails),
            labeled_list(&f.phones),
            f.birthday.map(|b| b.to_string()).unwrap_or_default(),
            joined(
                identity
                    .dates
                    .iter()
                    .map(|d| format!("{}:{}", d.label, d.date)),
            ),
            f.organisation.unwrap_or_default(),
            f.circle.to_string(),
            f.met_via.map(|m| m.to_string()).unwrap_or_default(),
            f.met_where.unwrap_or_default(),
            f.met_on.map(|d| d.to_string()).unwrap_or_default(),
            identity.trust().to_string(),
            f.cadence_days.map(|d| d.to_string()).unwrap_or_default(),
            f.tags.join(", "),
            f.notes,
            if identity.archived { "yes" } else { "no" }.to_owned(),
            time(identity.created_at),
            time(identity.updated_at),
        ]
    })
}

/// Interactions as CSV, one row each, as `interactions` hands them over,
/// naming the people by UUID and by name (from `names`), each joined by
/// "; " in one cell (a dinner with three friends is one row).
pub fn write_interactions<E: Into<SourceError>>(
    out: &mut dyn Write,
    interactions: impl Iterator<Item = Result<KeptInteraction, E>>,
    names: &HashMap<Uuid, String>,
) -> io::Result<()> {
    write_rows(out, INTERACTIONS_HEADER, interactions, |i| {
        vec![
            i.uuid.to_string(),
            joined(i.participants.iter().map(Uuid::to_string)),
            joined(
                i.participants
                    .iter()
                    .map(|p| names.get(p).cloned().unwrap_or_default()),
            ),
            crate::domain::time::format_date_time(i.when),
            i.channel.to_string(),
            i.initiated_by.to_string(),
            i.tone.to_string(),
            i.depth.to_string(),
            i.minutes.map(|m| m.to_string()).unwrap_or_default(),
            i.note,
        ]
    })
}

/// Values in one cell, joined by "; ".
fn joined(values: impl Iterator<Item = String>) -> String {
    values.collect::<Vec<_>>().join("; ")
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
}
