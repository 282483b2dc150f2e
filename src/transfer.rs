//! Import and export from end to end: the one place that uses both the
//! file formats ([`crate::interchange`]) and the database
//! ([`crate::store`]), which know nothing of each other. The command line
//! and the window both come through here.
//!
//! - An import: [`crate::interchange::read_path`] reads the file;
//!   [`plan_import`] hands the store's index to the pure planner;
//!   [`apply_import`] turns the plan into the store's change set and
//!   applies it in one transaction (reading an archive's interactions
//!   again as they are written).
//! - An export: [`export`] streams the store's snapshot through a format
//!   writer into any `Write`; [`write_export`] into a file, atomically and
//!   readable by the owner only.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::exchange::{ChangeSet, KeptRecord, PersonChange, PersonRef};
use crate::interchange::{
    self, Action, Export, ImportOptions, ImportPlan, ImportSummary, Landing, Parsed, SkipReason,
};
use crate::store::{Store, StoreError};

/// Decides what importing `parsed` would do, against everyone in `store`
/// as of `today`, changing nothing: the preview.
pub fn plan_import(
    store: &Store,
    parsed: Parsed,
    options: ImportOptions,
    today: NaiveDate,
) -> Result<ImportPlan, StoreError> {
    let index = store.import_index(parsed.archive.is_some())?;
    interchange::plan(
        parsed,
        &index,
        options,
        today,
        |id| store.contact(id).map(|c| c.fields),
        |id| {
            let dates = store.dates_of(id)?;
            Ok(dates
                .into_iter()
                .map(|d| (d.fields.label, d.fields.date))
                .collect())
        },
    )
}

/// Carries out a plan in one transaction: everything lands or nothing
/// does (a record refused by Kith's rules, a person deleted since the plan
/// was made, or an archive changed since it was read rolls the whole
/// import back). `progress` is called with (records written, records to
/// write; see [`ImportPlan::writes`]) as it goes, about 200 times in all.
pub fn apply_import(
    store: &mut Store,
    plan: &ImportPlan,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, StoreError> {
    let mut people = Vec::new();
    // The change adding the person of each record created, by record.
    let mut change_of: HashMap<usize, usize> = HashMap::new();
    // A contacts file's dates to remember, for everyone it adds, updates
    // or finds unchanged (a later record of the same person has had its
    // dates merged into the earlier one by the planner).
    let mut dates = Vec::new();
    for (number, record) in plan.records.iter().enumerate() {
        let person = &record.person;
        let lands = match &record.action {
            Action::Create => Some(PersonRef::Change(people.len())),
            Action::Update { id, .. } | Action::Skip(SkipReason::Unchanged { id, .. }) => {
                Some(PersonRef::Here(*id))
            }
            Action::Skip(_) => None,
        };
        if let Some(lands) = lands
            && !person.dates.is_empty()
        {
            dates.push((lands, person.dates.as_slice()));
        }
        match &record.action {
            Action::Create => {
                change_of.insert(number, people.len());
                people.push(match &person.kept {
                    Some(identity) => PersonChange::AddKept {
                        fields: &person.fields,
                        identity,
                        import_uid: person.uid.as_deref(),
                    },
                    None => PersonChange::Add {
                        fields: &person.fields,
                        import_uid: person.uid.as_deref(),
                    },
                });
            }
            Action::Update {
                id,
                merged,
                set_uid,
                ..
            } => people.push(PersonChange::Update {
                id: *id,
                fields: merged,
                import_uid: set_uid.as_deref(),
            }),
            Action::Skip(_) => {}
        }
    }
    let archive = plan.archive.as_ref();
    let people_by_uuid = archive
        .map(|archive| {
            archive
                .people
                .iter()
                .filter_map(|(uuid, landing)| {
                    let person = match *landing {
                        Landing::Here(id) => PersonRef::Here(id),
                        Landing::Created(record) => PersonRef::Change(*change_of.get(&record)?),
                    };
                    Some((*uuid, person))
                })
                .collect()
        })
        .unwrap_or_default();
    let trust_changes = archive
        .map(|archive| {
            archive
                .new_histories
                .iter()
                .chain(&archive.trust_changes)
                .filter_map(|&(record, position)| {
                    let kept = plan.records[record].person.kept.as_deref()?;
                    Some((kept.uuid, kept.trust_history.get(position)?))
                })
                .collect()
        })
        .unwrap_or_default();
    // An archive's interactions, read again as they are written: those the
    // plan chose.
    let records = archive
        .filter(|archive| !archive.interactions.is_empty())
        .map(|archive| {
            let chosen = &archive.interactions;
            archive
                .source
                .interactions()
                .filter_map(move |item| match item {
                    Ok((n, interaction)) => chosen
                        .contains(n)
                        .then_some(Ok(KeptRecord::Interaction(interaction))),
                    Err(error) => Some(Err(error)),
                })
        })
        .into_iter()
        .flatten();
    let remembered = plan
        .records
        .iter()
        .filter_map(|record| record.person.kept.as_deref())
        .filter(|kept| archive.is_some_and(|a| a.people.contains_key(&kept.uuid)))
        .map(|kept| (kept.uuid, kept))
        .collect();
    let changes = ChangeSet {
        people,
        people_by_uuid,
        trust_changes,
        records,
        remembered,
        dates,
        nudge_states: archive.map_or_else(Vec::new, |a| a.nudge_states.iter().collect()),
        settings: archive.and_then(|a| a.settings.as_ref()),
    };
    let total = plan.writes();
    let step = (total / 200).max(1);
    let applied = store.apply(changes, now, &mut |done| {
        if done % step == 0 || done == total {
            progress(done, total);
        }
    })?;
    let counts = plan.counts();
    Ok(ImportSummary {
        created: applied.added,
        updated: applied.updated,
        skipped: counts.skip,
        unreadable: counts.unreadable,
        interactions: applied.interactions,
        // As the preview counts them: a new person's history is part of
        // them.
        trust_changes: archive.map_or(0, |a| a.trust_changes.len()),
        nudge_states: applied.nudge_states,
        settings: applied.settings,
    })
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    /// The people in the database (all of them are in every export but
    /// one of interactions).
    pub people: usize,
    /// The interactions in the database (in an archive or a CSV of
    /// interactions).
    pub interactions: usize,
    /// The size of what was written.
    pub bytes: u64,
}

/// Writes `what` to `out`, reading the database as of one moment and
/// holding no more than a record of it at a time. A failure to read the
/// database comes back inside the `io::Error` (see [`write_export`]).
pub fn export(store: &Store, what: Export, out: &mut dyn Write) -> io::Result<Exported> {
    let snapshot = store.snapshot().map_err(io::Error::other)?;
    let mut out = Counted {
        inner: out,
        bytes: 0,
    };
    let people = snapshot.people_count().map_err(io::Error::other)?;
    let interactions = snapshot.interaction_count().map_err(io::Error::other)?;
    match what {
        Export::Json => interchange::json::write(
            &mut out,
            snapshot.people().map_err(io::Error::other)?,
            snapshot.interactions().map_err(io::Error::other)?,
            &snapshot.nudge_states().map_err(io::Error::other)?,
            &snapshot.settings().map_err(io::Error::other)?,
        )?,
        Export::Vcard => {
            interchange::vcard::write(
                &mut out,
                snapshot.people_by_name().map_err(io::Error::other)?,
            )?;
        }
        Export::CsvPeople => interchange::csv::write_people(
            &mut out,
            snapshot.people_by_name().map_err(io::Error::other)?,
        )?,
        Export::CsvInteractions => interchange::csv::write_interactions(
            &mut out,
            snapshot.interactions().map_err(io::Error::other)?,
            &snapshot.names().map_err(io::Error::other)?,
        )?,
    }
    Ok(Exported {
        people,
        interactions,
        bytes: out.bytes,
    })
}

/// Writes an export to `path` atomically, readable by the owner only
/// (see [`crate::private_files::write_atomically`]).
pub fn write_export(store: &Store, path: &Path, what: Export) -> Result<Exported, StoreError> {
    let mut exported = Exported::default();
    crate::private_files::write_atomically(path, |out| {
        exported = export(store, what, out)?;
        Ok(())
    })
    .map_err(|error| store_error(error, path))?;
    Ok(exported)
}

/// The store's own error if that is what stopped an export (reading the
/// database), else the failure to write `path`.
fn store_error(error: io::Error, path: &Path) -> StoreError {
    if !error.get_ref().is_some_and(|e| e.is::<StoreError>()) {
        return StoreError::Io {
            path: path.to_owned(),
            cause: error,
        };
    }
    match error
        .into_inner()
        .map(|inner| inner.downcast::<StoreError>())
    {
        Some(Ok(store_error)) => *store_error,
        // Cannot happen: it was a StoreError a moment ago.
        _ => StoreError::Io {
            path: path.to_owned(),
            cause: io::Error::other("the export failed"),
        },
    }
}

/// Counts what passes through.
struct Counted<'w> {
    inner: &'w mut dyn Write,
    bytes: u64,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
