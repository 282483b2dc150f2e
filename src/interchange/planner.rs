//! Deciding what importing a file does: matching its people against the
//! people already here and against each other, and merging.
//!
//! [`plan`] is a pure function of what was read, the store's index of the
//! people here ([`ImportIndex`]), the options and the day: no SQL, no
//! clock. The fields of someone here are asked for only when a record
//! matches them (`existing`), so planning a file against 100,000 people
//! holds only their UUIDs, UIDs, emails and names.
//!
//! Matching never scans per record: the index is turned into maps once,
//! and the records of the file are matched against those maps and against
//! the records before them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use uuid::Uuid;

use super::json::ArchiveRest;
use super::plan::{ArchivePlan, Landing, Selection};
use super::tidy::{add_date_once, has_date};
use super::{
    Action, ImportOptions, ImportPlan, ImportedPerson, MatchedBy, NameMatch, Parsed, PlannedRecord,
    SkipReason, Unreadable, changed_in_all, merge, tidy,
};
use crate::domain::exchange::{HistoryIndex, ImportIndex};
use crate::domain::{ContactDraft, ContactId, NudgeKind, Settings, YearlyDate};

/// Decides what importing `parsed` would do, record by record, without
/// changing anything: the preview. Each person of a contacts file is
/// tidied to fit Kith's rules (see [`tidy`]; an archive's people are kept
/// as they are) and matched, in order, on the card's UID (remembered from
/// an earlier import, or a Kith UUID), then on an email address (case
/// ignored), then on the exact name (what happens then is
/// `options.on_name_match`). People from a Kith archive match on their
/// UID and UUID only. Records of one file that are the same person are
/// merged into the first of them. `existing` gives the fields of someone
/// here, by id, and `dates_here` their dates to remember (asked only for a
/// record that brings dates, which are "changed" if any is new to them);
/// their errors are passed on. The people of `parsed` become the
/// plan's records (an archive's are not held twice).
pub fn plan<E>(
    parsed: Parsed,
    index: &ImportIndex,
    options: ImportOptions,
    today: NaiveDate,
    mut existing: impl FnMut(ContactId) -> Result<ContactDraft, E>,
    mut dates_here: impl FnMut(ContactId) -> Result<Vec<(String, YearlyDate)>, E>,
) -> Result<ImportPlan, E> {
    let known = Known::new(index);
    let Parsed {
        format,
        flavour,
        people,
        mut unreadable,
        notes,
        archive,
    } = parsed;
    let mut records: Vec<PlannedRecord> = Vec::with_capacity(people.len());
    // Where each record's person ends up, for an archive's history.
    let mut lands: Vec<Option<Landing>> = Vec::with_capacity(people.len());
    // What earlier records of this file are, by UID and email; which
    // record updates which person here.
    let mut file = FileSoFar::default();
    let mut updating: HashMap<ContactId, usize> = HashMap::new();

    for mut person in people {
        if person.kept.is_none() {
            tidy(&mut person, today);
        }
        if person.fields.name.is_empty() {
            unreadable.push(Unreadable {
                source: person.source,
                reason: "no name".to_owned(),
            });
            continue;
        }
        let target = match known.find(&person, &file) {
            Target::Existing(id, _) if updating.contains_key(&id) => Target::Record(updating[&id]),
            Target::NameClash(ids) => match (options.on_name_match, ids.as_slice()) {
                (NameMatch::Update, [id]) => match updating.get(id) {
                    Some(&i) => Target::Record(i),
                    None => Target::Existing(*id, MatchedBy::Name),
                },
                (NameMatch::Create, _) => Target::Nothing,
                _ => Target::NameClash(ids),
            },
            other => other,
        };
        let number = records.len();
        let (action, landing) = match target {
            Target::Record(earlier) => {
                let action = merge_into_earlier(&mut records[earlier], &person, today);
                let same = matches!(action, Action::Skip(SkipReason::SameAsEarlier { .. }));
                if same {
                    file.remember(&person, earlier);
                }
                (action, if same { lands[earlier] } else { None })
            }
            Target::Existing(id, matched_by) => {
                let before = existing(id)?;
                let (merged, mut changed) = merge(&before, &person.fields);
                if !person.dates.is_empty() {
                    let here = dates_here(id)?;
                    if person.dates.iter().any(|(l, d)| !has_date(&here, l, *d)) {
                        changed.push("dates");
                    }
                }
                let set_uid = person
                    .uid
                    .clone()
                    .filter(|uid| !known.has_uid.contains(&id) && uuid_in(uid).is_none());
                match merged.validate(today) {
                    Err(error) => (Action::Skip(SkipReason::Refused(error)), None),
                    Ok(()) if changed.is_empty() && set_uid.is_none() => (
                        Action::Skip(SkipReason::Unchanged {
                            id,
                            name: before.name,
                            matched_by,
                        }),
                        Some(Landing::Here(id)),
                    ),
                    Ok(()) => {
                        updating.insert(id, number);
                        file.remember(&person, number);
                        let action = Action::Update {
                            id,
                            name: before.name,
                            matched_by,
                            changed,
                            merged: Box::new(merged),
                            set_uid,
                        };
                        (action, Some(Landing::Here(id)))
                    }
                }
            }
            Target::NameClash(ids) => (
                Action::Skip(SkipReason::NameExists {
                    name: person.fields.name.clone(),
                    ids,
                }),
                None,
            ),
            Target::Nothing => match person.fields.validate(today) {
                Err(error) => (Action::Skip(SkipReason::Refused(error)), None),
                Ok(()) => {
                    file.remember(&person, number);
                    (Action::Create, Some(Landing::Created(number)))
                }
            },
        };
        records.push(PlannedRecord { person, action });
        lands.push(landing);
    }
    unreadable.sort_by_key(|u| (u.source.line, u.source.number));
    let archive = archive.map(|rest| {
        let empty = HistoryIndex::default();
        plan_archive(
            *rest,
            &records,
            &lands,
            index.history.as_ref().unwrap_or(&empty),
        )
    });
    Ok(ImportPlan {
        format,
        flavour,
        records,
        unreadable,
        notes,
        archive,
    })
}

/// Everyone here, by what an import matches on.
struct Known<'i> {
    by_uid: HashMap<&'i str, ContactId>,
    has_uid: HashSet<ContactId>,
    by_uuid: HashMap<Uuid, ContactId>,
    by_email: HashMap<String, ContactId>,
    by_name: HashMap<&'i str, Vec<ContactId>>,
}

/// What a record matched.
enum Target {
    /// An earlier record of the same file.
    Record(usize),
    Existing(ContactId, MatchedBy),
    NameClash(Vec<ContactId>),
    Nothing,
}

/// The earlier records of the file, by UID and email (lowercase).
#[derive(Default)]
struct FileSoFar {
    by_uid: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
}

impl FileSoFar {
    /// Notes a record's UID and emails so later records of the file find it.
    fn remember(&mut self, person: &ImportedPerson, record: usize) {
        if let Some(uid) = &person.uid {
            self.by_uid.entry(uid.clone()).or_insert(record);
        }
        for email in &person.fields.emails {
            self.by_email
                .entry(email.value.to_lowercase())
                .or_insert(record);
        }
    }
}

impl<'i> Known<'i> {
    fn new(index: &'i ImportIndex) -> Self {
        let mut known = Known {
            by_uid: HashMap::new(),
            has_uid: HashSet::new(),
            by_uuid: HashMap::with_capacity(index.people.len()),
            by_email: HashMap::new(),
            by_name: HashMap::with_capacity(index.people.len()),
        };
        for person in &index.people {
            known.by_uuid.insert(person.uuid, person.id);
            known
                .by_name
                .entry(person.name.as_str())
                .or_default()
                .push(person.id);
            if let Some(uid) = &person.import_uid {
                known.by_uid.entry(uid.as_str()).or_insert(person.id);
                known.has_uid.insert(person.id);
            }
            for email in &person.emails {
                known
                    .by_email
                    .entry(email.to_lowercase())
                    .or_insert(person.id);
            }
        }
        known
    }

    /// What a record matches: an earlier record of the file or someone
    /// here, by UID, then (not for archives) email, then name.
    fn find(&self, person: &ImportedPerson, file: &FileSoFar) -> Target {
        if let Some(uid) = &person.uid {
            // People of one archive are distinct people, whatever card
            // they once came from.
            if person.kept.is_none()
                && let Some(&i) = file.by_uid.get(uid)
            {
                return Target::Record(i);
            }
            if let Some(&id) = self.by_uid.get(uid.as_str()) {
                return Target::Existing(id, MatchedBy::Uid);
            }
            if let Some(&id) = uuid_in(uid).and_then(|u| self.by_uuid.get(&u)) {
                return Target::Existing(id, MatchedBy::Uuid);
            }
        }
        if let Some(kept) = &person.kept {
            return match self.by_uuid.get(&kept.uuid) {
                Some(&id) => Target::Existing(id, MatchedBy::Uuid),
                None => Target::Nothing,
            };
        }
        for email in &person.fields.emails {
            let key = email.value.to_lowercase();
            if let Some(&i) = file.by_email.get(&key) {
                return Target::Record(i);
            }
            if let Some(&id) = self.by_email.get(&key) {
                return Target::Existing(id, MatchedBy::Email(email.value.clone()));
            }
        }
        match self.by_name.get(person.fields.name.as_str()) {
            Some(ids) => Target::NameClash(ids.clone()),
            None => Target::Nothing,
        }
    }
}

/// A Kith UUID carried in a UID (`urn:uuid:…` or bare).
fn uuid_in(uid: &str) -> Option<Uuid> {
    let text = uid.trim();
    let text = text
        .strip_prefix("urn:uuid:")
        .or_else(|| text.strip_prefix("URN:UUID:"))
        .unwrap_or(text);
    Uuid::parse_str(text).ok()
}

/// Merges a later record of the file into the earlier one it is the same
/// person as; returns what happens to the later record.
fn merge_into_earlier(
    earlier: &mut PlannedRecord,
    person: &ImportedPerson,
    today: NaiveDate,
) -> Action {
    let same = Action::Skip(SkipReason::SameAsEarlier {
        earlier: earlier.person.source,
    });
    let action = merge_fields_into_earlier(earlier, person, today, same);
    if matches!(action, Action::Skip(SkipReason::SameAsEarlier { .. })) {
        for (label, date) in &person.dates {
            add_date_once(&mut earlier.person.dates, label, *date);
        }
    }
    action
}

/// [`merge_into_earlier`] for the fields: `same` if they merge.
fn merge_fields_into_earlier(
    earlier: &mut PlannedRecord,
    person: &ImportedPerson,
    today: NaiveDate,
    same: Action,
) -> Action {
    match &mut earlier.action {
        Action::Create => {
            let (merged, _) = merge(&earlier.person.fields, &person.fields);
            match merged.validate(today) {
                Ok(()) => {
                    earlier.person.fields = merged;
                    same
                }
                Err(error) => Action::Skip(SkipReason::Refused(error)),
            }
        }
        Action::Update {
            changed, merged, ..
        } => {
            let (again, more) = merge(merged, &person.fields);
            match again.validate(today) {
                Ok(()) => {
                    *changed = changed_in_all(changed, &more);
                    **merged = again;
                    same
                }
                Err(error) => Action::Skip(SkipReason::Refused(error)),
            }
        }
        // The earlier record was refused or unchanged: this one stands on
        // its own only if it would be refused too.
        Action::Skip(_) => same,
    }
}

/// The interactions, trust changes, nudge states and settings of an
/// archive that are not here yet, for people it imports.
fn plan_archive(
    rest: ArchiveRest,
    records: &[PlannedRecord],
    lands: &[Option<Landing>],
    here: &HistoryIndex,
) -> ArchivePlan {
    let mut people: HashMap<Uuid, Landing> = HashMap::new();
    let (mut trust_changes, mut new_histories) = (Vec::new(), Vec::new());
    let mut already_there = 0;
    for (number, (record, landing)) in records.iter().zip(lands).enumerate() {
        let Some(kept) = &record.person.kept else {
            continue;
        };
        let Some(landing) = landing else {
            already_there += kept.trust_history.len();
            continue;
        };
        people.insert(kept.uuid, *landing);
        let into = match landing {
            Landing::Here(_) => &mut trust_changes,
            Landing::Created(_) => &mut new_histories,
        };
        for (position, change) in kept.trust_history.iter().enumerate() {
            if here.trust_changes.contains(&change.uuid) {
                already_there += 1;
            } else {
                into.push((number, position));
            }
        }
    }
    let mut interactions = Selection::default();
    for (number, key) in rest.interactions.iter().enumerate() {
        // Only with everyone it was with: an interaction lands whole.
        let landing = key.participants().all(|p| people.contains_key(p));
        if landing && !here.interactions.contains(&key.uuid) {
            interactions.choose(number);
        } else {
            already_there += 1;
        }
    }
    let mut taken: HashSet<(Option<Landing>, NudgeKind)> = HashSet::new();
    let mut nudge_states = Vec::new();
    for state in rest.nudge_states {
        let landing = match state.contact {
            None => None,
            Some(uuid) => match people.get(&uuid) {
                Some(landing) => Some(*landing),
                // Their person is not imported.
                None => continue,
            },
        };
        let here_already = match landing {
            Some(Landing::Created(_)) => false,
            Some(Landing::Here(id)) => here.nudge_states.contains(&(Some(id), state.kind)),
            None => here.nudge_states.contains(&(None, state.kind)),
        };
        if !here_already && taken.insert((landing, state.kind)) {
            nudge_states.push(state);
        }
    }
    let settings =
        (!here.settings_changed && rest.settings != Settings::default()).then_some(rest.settings);
    ArchivePlan {
        source: rest.source,
        interactions,
        trust_changes,
        new_histories,
        nudge_states,
        settings,
        people,
        already_there,
    }
}

#[cfg(test)]
mod tests;
