//! The database side of import and export: matching imported people
//! against the people already here, applying an import plan in one
//! transaction, and reading everything for an export.
//!
//! Matching never scans per record: the UIDs, UUIDs, emails and names of
//! everyone are read once into maps, and the records of the file are
//! matched against those maps and against each other.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::batch::Batch;
use super::interactions::insert_trust_change;
use super::sql::{Day, Secs, day};
use super::{NewContact, Result, Store, StoreError};
use crate::domain::nudge::layer_evidence;
use crate::domain::settings::SPECS;
use crate::domain::{
    Contact, ContactDraft, ContactId, Interaction, InteractionDraft, NudgeKind, Settings,
    validate_trust_change,
};
use crate::interchange::json::{
    Archive, ArchiveInteraction, ArchiveNudgeState, ArchivePerson, ArchivePlan, ArchiveTrustChange,
    Dismissal, Kept,
};
use crate::interchange::{
    Action, Export, ImportOptions, ImportPlan, ImportSummary, ImportedPerson, MatchedBy, NameMatch,
    Parsed, PlannedRecord, SkipReason, Unreadable, merge, tidy,
};

/// Everyone in the database, by what an import matches on.
#[derive(Default)]
struct Index {
    by_uid: HashMap<String, ContactId>,
    uid_of: HashMap<ContactId, String>,
    by_uuid: HashMap<Uuid, ContactId>,
    by_email: HashMap<String, ContactId>,
    by_name: HashMap<String, Vec<ContactId>>,
}

/// What a record matched.
enum Target {
    /// An earlier record of the same file.
    Record(usize),
    Existing(ContactId, MatchedBy),
    NameClash(Vec<ContactId>),
    Nothing,
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

/// The fields that differ between two drafts, by name.
fn changed_fields(before: &ContactDraft, after: &ContactDraft) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if before.nickname != after.nickname {
        changed.push("nickname");
    }
    if before.organisation != after.organisation {
        changed.push("organisation");
    }
    if before.birthday != after.birthday {
        changed.push("birthday");
    }
    if before.emails != after.emails {
        changed.push("emails");
    }
    if before.phones != after.phones {
        changed.push("phones");
    }
    if before.tags != after.tags {
        changed.push("tags");
    }
    if before.notes != after.notes {
        changed.push("notes");
    }
    changed
}

impl Store {
    fn import_index(&self) -> Result<Index> {
        let mut index = Index::default();
        let mut statement = self
            .conn
            .prepare("SELECT id, uuid, name, import_uid FROM contacts ORDER BY id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id = ContactId(row.get(0)?);
            let uuid: String = row.get(1)?;
            if let Ok(uuid) = Uuid::parse_str(&uuid) {
                index.by_uuid.insert(uuid, id);
            }
            let name: String = row.get(2)?;
            index.by_name.entry(name).or_default().push(id);
            if let Some(uid) = row.get::<_, Option<String>>(3)? {
                index.by_uid.entry(uid.clone()).or_insert(id);
                index.uid_of.insert(id, uid);
            }
        }
        let mut statement = self.conn.prepare(
            "SELECT contact_id, value FROM contact_emails ORDER BY contact_id, position",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id = ContactId(row.get(0)?);
            let value: String = row.get(1)?;
            index.by_email.entry(value.to_lowercase()).or_insert(id);
        }
        Ok(index)
    }

    /// Decides what importing `parsed` would do, record by record, without
    /// changing anything: the preview. Each person is tidied to fit Kith's
    /// rules (see [`crate::interchange::tidy`]) and matched, in order, on
    /// the card's UID (remembered from an earlier import, or a Kith UUID),
    /// then on an email address (case ignored), then on the exact name
    /// (what happens then is `options.on_name_match`). People from a Kith
    /// archive match on their UUID only. Records of one file that are the
    /// same person are merged into the first of them.
    pub fn plan_import(
        &self,
        parsed: &Parsed,
        options: ImportOptions,
        now: NaiveDateTime,
    ) -> Result<ImportPlan> {
        let today = now.date();
        let index = self.import_index()?;
        let mut records: Vec<PlannedRecord> = Vec::with_capacity(parsed.people.len());
        let mut unreadable: Vec<Unreadable> = parsed.unreadable.clone();
        // What earlier records of this file are, by UID and email; which
        // record updates which existing person; everyone's fields before.
        let mut file_uid: HashMap<String, usize> = HashMap::new();
        let mut file_email: HashMap<String, usize> = HashMap::new();
        let mut updating: HashMap<ContactId, usize> = HashMap::new();
        let mut existing: HashMap<ContactId, ContactDraft> = HashMap::new();

        for person in &parsed.people {
            let mut person = person.clone();
            tidy(&mut person, today);
            if person.fields.name.is_empty() {
                unreadable.push(Unreadable {
                    source: person.source,
                    reason: "no name".to_owned(),
                });
                continue;
            }
            let target = match find(&person, &index, &file_uid, &file_email) {
                Target::Existing(id, _) if updating.contains_key(&id) => {
                    Target::Record(updating[&id])
                }
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
            let action = match target {
                Target::Record(earlier) => {
                    let action =
                        merge_into_earlier(&mut records[earlier], &person, &existing, today);
                    if matches!(action, Action::Skip(SkipReason::SameAsEarlier { .. })) {
                        remember(&person, earlier, &mut file_uid, &mut file_email);
                    }
                    action
                }
                Target::Existing(id, matched_by) => {
                    let before = match existing.get(&id) {
                        Some(draft) => draft.clone(),
                        None => {
                            let draft = self.contact(id)?.fields;
                            existing.insert(id, draft.clone());
                            draft
                        }
                    };
                    let (merged, changed) = merge(&before, &person.fields);
                    let set_uid = person
                        .uid
                        .clone()
                        .filter(|uid| !index.uid_of.contains_key(&id) && uuid_in(uid).is_none());
                    match merged.validate(today) {
                        Err(error) => Action::Skip(SkipReason::Refused(error)),
                        Ok(()) if changed.is_empty() && set_uid.is_none() => {
                            Action::Skip(SkipReason::Unchanged {
                                id,
                                name: before.name.clone(),
                                matched_by,
                            })
                        }
                        Ok(()) => {
                            updating.insert(id, number);
                            remember(&person, number, &mut file_uid, &mut file_email);
                            Action::Update {
                                id,
                                name: before.name.clone(),
                                matched_by,
                                changed,
                                merged: Box::new(merged),
                                set_uid,
                            }
                        }
                    }
                }
                Target::NameClash(ids) => Action::Skip(SkipReason::NameExists {
                    name: person.fields.name.clone(),
                    ids,
                }),
                Target::Nothing => match person.fields.validate(today) {
                    Err(error) => Action::Skip(SkipReason::Refused(error)),
                    Ok(()) => {
                        remember(&person, number, &mut file_uid, &mut file_email);
                        Action::Create
                    }
                },
            };
            records.push(PlannedRecord { person, action });
        }
        unreadable.sort_by_key(|u| (u.source.line, u.source.number));
        let archive = match &parsed.archive {
            Some(rest) => Some(self.plan_archive_rest(rest, &records)?),
            None => None,
        };
        Ok(ImportPlan {
            format: parsed.format,
            flavour: parsed.flavour.clone(),
            records,
            unreadable,
            notes: parsed.notes.clone(),
            archive,
        })
    }

    /// The interactions, trust changes, nudge states and settings of an
    /// archive that are not here yet.
    fn plan_archive_rest(
        &self,
        rest: &crate::interchange::json::ArchiveRest,
        records: &[PlannedRecord],
    ) -> Result<ArchivePlan> {
        let mut plan = ArchivePlan::default();
        // People of the archive that will be in the database: created, or
        // already here (same UUID).
        let mut present: HashMap<Uuid, Option<ContactId>> = HashMap::new();
        for record in records {
            let Some(kept) = &record.person.kept else {
                continue;
            };
            match &record.action {
                Action::Create => {
                    present.insert(kept.uuid, None);
                }
                Action::Update { id, .. } | Action::Skip(SkipReason::Unchanged { id, .. }) => {
                    present.insert(kept.uuid, Some(*id));
                    for change in &kept.trust_history {
                        if self.uuid_exists("trust_changes", change.uuid)? {
                            plan.already_there += 1;
                        } else {
                            plan.trust_changes.push((kept.uuid, change.clone()));
                        }
                    }
                }
                Action::Skip(_) => {}
            }
        }
        for interaction in &rest.interactions {
            if present.contains_key(&interaction.contact)
                && !self.uuid_exists("interactions", interaction.uuid)?
            {
                plan.interactions.push(interaction.clone());
            } else {
                plan.already_there += 1;
            }
        }
        let mut keys = HashSet::new();
        for state in &rest.nudge_states {
            let contact = match state.contact {
                None => None,
                Some(uuid) => match present.get(&uuid) {
                    Some(contact) => Some(*contact),
                    None => continue,
                },
            };
            let taken = match contact {
                Some(None) => false,
                Some(Some(id)) => self.nudge_state_exists(Some(id), state.kind)?,
                None => self.nudge_state_exists(None, state.kind)?,
            };
            if !taken && keys.insert((state.contact, state.kind)) {
                plan.nudge_states.push(state.clone());
            }
        }
        let customised: i64 = self
            .conn
            .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))?;
        if customised == 0 && rest.settings != Settings::default() {
            plan.settings = Some(rest.settings.clone());
        }
        Ok(plan)
    }

    fn uuid_exists(&self, table: &str, uuid: Uuid) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT 1 FROM {table} WHERE uuid = ?1"))?
            .exists([uuid.to_string()])?)
    }

    fn nudge_state_exists(&self, contact: Option<ContactId>, kind: NudgeKind) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM nudge_states WHERE ifnull(contact_id, 0) = ifnull(?1, 0) AND kind = ?2",
            )?
            .exists(params![contact.map(|c| c.0), kind])?)
    }

    /// Carries out a plan in one transaction: everything lands or nothing
    /// does (a record refused by Kith's rules, or a person deleted since the
    /// plan was made, rolls the whole import back). `progress` is called
    /// with (records done, records in all) as it goes.
    pub fn apply_import(
        &mut self,
        plan: &ImportPlan,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportSummary> {
        let rest = plan.archive.as_ref();
        let total =
            plan.records.len() + rest.map_or(0, |r| r.interactions.len() + r.trust_changes.len());
        let step = (total / 200).max(1);
        let mut summary = ImportSummary {
            unreadable: plan.unreadable.len(),
            ..ImportSummary::default()
        };
        self.write_batch(now, |batch| {
            let mut by_uuid: HashMap<Uuid, ContactId> = HashMap::new();
            let mut done = 0;
            let mut tick = |done: &mut usize| {
                *done += 1;
                if done.is_multiple_of(step) || *done == total {
                    progress(*done, total);
                }
            };
            for record in &plan.records {
                let person = &record.person;
                match &record.action {
                    Action::Create => {
                        let id = match &person.kept {
                            Some(kept) => batch.add_kept_contact(
                                &person.fields,
                                kept,
                                person.uid.as_deref(),
                            )?,
                            None => {
                                let id = batch
                                    .add_contact(NewContact::new(person.fields.clone()), now)?;
                                if let Some(uid) = &person.uid {
                                    batch.set_import_uid(id, uid)?;
                                }
                                id
                            }
                        };
                        if let Some(kept) = &person.kept {
                            by_uuid.insert(kept.uuid, id);
                        }
                        summary.created += 1;
                    }
                    Action::Update {
                        id,
                        merged,
                        set_uid,
                        ..
                    } => {
                        batch.merge_contact(*id, merged, now)?;
                        if let Some(uid) = set_uid {
                            batch.set_import_uid(*id, uid)?;
                        }
                        if let Some(kept) = &person.kept {
                            by_uuid.insert(kept.uuid, *id);
                        }
                        summary.updated += 1;
                    }
                    Action::Skip(reason) => {
                        if let (Some(kept), SkipReason::Unchanged { id, .. }) =
                            (&person.kept, reason)
                        {
                            by_uuid.insert(kept.uuid, *id);
                        }
                        summary.skipped += 1;
                    }
                }
                tick(&mut done);
            }
            let Some(rest) = rest else {
                return Ok(());
            };
            let contact_of = |uuid: &Uuid| -> Result<ContactId> {
                by_uuid.get(uuid).copied().ok_or_else(|| {
                    StoreError::ContactNotFound(format!("with UUID {uuid} in this import"))
                })
            };
            for (person, change) in &rest.trust_changes {
                batch.add_kept_trust_change(contact_of(person)?, change)?;
                summary.trust_changes += 1;
                tick(&mut done);
            }
            for interaction in &rest.interactions {
                let draft = InteractionDraft {
                    contact_id: contact_of(&interaction.contact)?,
                    when: interaction.when,
                    channel: interaction.channel,
                    initiated_by: interaction.initiated_by,
                    tone: interaction.tone,
                    depth: interaction.depth,
                    minutes: interaction.minutes,
                    note: interaction.note.clone(),
                };
                batch.add_interaction(&draft, Some(interaction.uuid), interaction.created_at)?;
                summary.interactions += 1;
                tick(&mut done);
            }
            // Dismissals are tied to evidence counters as they are after
            // this import.
            batch.settle()?;
            for state in &rest.nudge_states {
                let contact = state.contact.as_ref().map(contact_of).transpose()?;
                batch.add_nudge_state(contact, state)?;
                summary.nudge_states += 1;
            }
            if let Some(settings) = &rest.settings {
                batch.replace_settings(settings)?;
                summary.settings = true;
            }
            Ok(())
        })?;
        Ok(summary)
    }

    /// Everything in the database as a Kith archive: people by id with
    /// their trust history, interactions by date, nudge states, settings.
    pub fn export_archive(&self) -> Result<Archive> {
        let mut contacts = self.contacts(true)?;
        contacts.sort_by_key(|c| c.id);
        let mut import_uids: HashMap<ContactId, String> = HashMap::new();
        let mut statement = self
            .conn
            .prepare("SELECT id, import_uid FROM contacts WHERE import_uid IS NOT NULL")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            import_uids.insert(ContactId(row.get(0)?), row.get(1)?);
        }
        let mut history: HashMap<ContactId, Vec<ArchiveTrustChange>> = HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT contact_id, uuid, level, changed_on, reason, created_at
             FROM trust_changes ORDER BY contact_id, changed_on, id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            history
                .entry(ContactId(row.get(0)?))
                .or_default()
                .push(ArchiveTrustChange {
                    uuid: parse_uuid(row.get(1)?)?,
                    level: row.get(2)?,
                    on: row.get::<_, Day>(3)?.0,
                    reason: row.get(4)?,
                    created_at: row.get::<_, Secs>(5)?.0,
                });
        }
        let uuid_of: HashMap<ContactId, Uuid> = contacts.iter().map(|c| (c.id, c.uuid)).collect();
        let interactions = self
            .all_interactions()?
            .into_iter()
            .map(|i| ArchiveInteraction {
                uuid: i.uuid,
                contact: uuid_of[&i.fields.contact_id],
                when: i.fields.when,
                channel: i.fields.channel,
                initiated_by: i.fields.initiated_by,
                tone: i.fields.tone,
                depth: i.fields.depth,
                minutes: i.fields.minutes,
                note: i.fields.note,
                created_at: i.created_at,
            })
            .collect();
        let layers = layer_evidence(&self.layer_counts()?);
        let mut nudge_states = Vec::new();
        let mut statement = self.conn.prepare(
            "SELECT s.contact_id, s.kind, s.snoozed_until, s.dismissed_at_evidence, c.evidence
             FROM nudge_states s LEFT JOIN contacts c ON c.id = s.contact_id
             ORDER BY s.id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let contact = row.get::<_, Option<i64>>(0)?.map(ContactId);
            let dismissed_at: Option<i64> = row.get(3)?;
            let evidence = match contact {
                Some(_) => row.get::<_, Option<i64>>(4)?,
                None => Some(layers),
            };
            nudge_states.push(ArchiveNudgeState {
                contact: contact.map(|id| uuid_of[&id]),
                kind: row.get(1)?,
                snoozed_until: row.get::<_, Option<Day>>(2)?.map(|d| d.0),
                dismissed: dismissed_at.map(|at| {
                    if Some(at) == evidence {
                        Dismissal::Current
                    } else {
                        Dismissal::Outdated
                    }
                }),
            });
        }
        let people = contacts
            .into_iter()
            .map(|c| ArchivePerson {
                uuid: c.uuid,
                import_uid: import_uids.remove(&c.id),
                trust_history: history.remove(&c.id).unwrap_or_default(),
                fields: c.fields,
                archived: c.archived,
                created_at: c.created_at,
                updated_at: c.updated_at,
            })
            .collect();
        Ok(Archive {
            format: crate::interchange::json::FORMAT_NAME.to_owned(),
            version: crate::interchange::json::VERSION,
            people,
            interactions,
            nudge_states,
            settings: self.settings()?,
        })
    }

    /// Every interaction, oldest first, in one pass over the table.
    fn all_interactions(&self) -> Result<Vec<Interaction>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {} FROM interactions ORDER BY occurred_at, id",
            super::interactions::INTERACTION_COLUMNS
        ))?;
        let interactions = statement
            .query_map([], super::interactions::interaction_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(interactions)
    }

    /// How many interactions there are.
    pub fn interaction_count(&self) -> Result<usize> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM interactions", [], |row| row.get(0))?;
        Ok(count as usize)
    }

    /// The bytes of an export.
    pub fn export(&self, what: Export) -> Result<Vec<u8>> {
        Ok(match what {
            Export::Json => crate::interchange::json::write(&self.export_archive()?),
            Export::Vcard => crate::interchange::vcard::write(&self.contacts(true)?).into_bytes(),
            Export::CsvPeople => crate::interchange::csv::write_people(&self.contacts(true)?),
            Export::CsvInteractions => {
                let contacts: HashMap<ContactId, Contact> = self
                    .contacts(true)?
                    .into_iter()
                    .map(|c| (c.id, c))
                    .collect();
                let rows: Vec<(Interaction, &Contact)> = self
                    .all_interactions()?
                    .into_iter()
                    .map(|i| {
                        let contact = &contacts[&i.fields.contact_id];
                        (i, contact)
                    })
                    .collect();
                crate::interchange::csv::write_interactions(&rows)
            }
        })
    }

    /// Writes an export to `path` atomically, readable by the owner only
    /// (see [`crate::private_files::write_atomically`]).
    pub fn write_export(&self, path: &Path, what: Export) -> Result<usize> {
        let bytes = self.export(what)?;
        crate::private_files::write_atomically(path, |w| w.write_all(&bytes)).map_err(
            |source| StoreError::Io {
                path: path.to_owned(),
                cause: source,
            },
        )?;
        Ok(bytes.len())
    }
}

fn parse_uuid(text: String) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// What a record matches: an earlier record of the file or someone in the
/// database, by UID, then (not for archives) email, then name.
fn find(
    person: &ImportedPerson,
    index: &Index,
    file_uid: &HashMap<String, usize>,
    file_email: &HashMap<String, usize>,
) -> Target {
    if let Some(uid) = &person.uid {
        if let Some(&i) = file_uid.get(uid) {
            return Target::Record(i);
        }
        if let Some(&id) = index.by_uid.get(uid) {
            return Target::Existing(id, MatchedBy::Uid);
        }
        if let Some(&id) = uuid_in(uid).and_then(|u| index.by_uuid.get(&u)) {
            return Target::Existing(id, MatchedBy::Uuid);
        }
    }
    if let Some(kept) = &person.kept {
        return match index.by_uuid.get(&kept.uuid) {
            Some(&id) => Target::Existing(id, MatchedBy::Uuid),
            None => Target::Nothing,
        };
    }
    for email in &person.fields.emails {
        let key = email.value.to_lowercase();
        if let Some(&i) = file_email.get(&key) {
            return Target::Record(i);
        }
        if let Some(&id) = index.by_email.get(&key) {
            return Target::Existing(id, MatchedBy::Email(email.value.clone()));
        }
    }
    match index.by_name.get(&person.fields.name) {
        Some(ids) => Target::NameClash(ids.clone()),
        None => Target::Nothing,
    }
}

/// Notes a record's UID and emails so later records of the file find it.
fn remember(
    person: &ImportedPerson,
    record: usize,
    file_uid: &mut HashMap<String, usize>,
    file_email: &mut HashMap<String, usize>,
) {
    if let Some(uid) = &person.uid {
        file_uid.entry(uid.clone()).or_insert(record);
    }
    for email in &person.fields.emails {
        file_email
            .entry(email.value.to_lowercase())
            .or_insert(record);
    }
}

/// Merges a later record of the file into the earlier one it is the same
/// person as; returns what happens to the later record.
fn merge_into_earlier(
    earlier: &mut PlannedRecord,
    person: &ImportedPerson,
    existing: &HashMap<ContactId, ContactDraft>,
    today: NaiveDate,
) -> Action {
    let same = Action::Skip(SkipReason::SameAsEarlier {
        earlier: earlier.person.source,
    });
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
            id,
            changed,
            merged,
            ..
        } => {
            let (again, _) = merge(merged, &person.fields);
            match again.validate(today) {
                Ok(()) => {
                    if let Some(before) = existing.get(id) {
                        *changed = changed_fields(before, &again);
                    }
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

impl Batch<'_> {
    /// Adds a person from a Kith archive exactly as they were: UUID,
    /// timestamps, archive flag and full trust history.
    pub fn add_kept_contact(
        &mut self,
        fields: &ContactDraft,
        kept: &Kept,
        import_uid: Option<&str>,
    ) -> Result<ContactId> {
        let mut fields = fields.clone();
        fields.normalise();
        fields.validate(self.now.date())?;
        let level = kept
            .trust_history
            .iter()
            .max_by_key(|c| c.on)
            .map(|c| c.level)
            .unwrap_or_default();
        let id = super::contacts::insert_row(
            &self.tx,
            &super::contacts::ContactRow {
                uuid: kept.uuid,
                fields: &fields,
                trust: level,
                archived: kept.archived,
                created_at: kept.created_at,
                updated_at: kept.updated_at,
                import_uid,
            },
        )?;
        super::contacts::write_lists(&self.tx, id, &fields, false)?;
        for change in &kept.trust_history {
            self.add_kept_trust_change(id, change)?;
        }
        Ok(id)
    }

    /// Adds a trust change exactly as an archive recorded it.
    pub fn add_kept_trust_change(
        &mut self,
        contact: ContactId,
        change: &ArchiveTrustChange,
    ) -> Result<()> {
        validate_trust_change(change.on, &change.reason, self.now.date())?;
        insert_trust_change(
            &self.tx,
            contact,
            change.level,
            change.on,
            &change.reason,
            Some(change.uuid),
            change.created_at,
        )?;
        self.touched.insert(contact);
        Ok(())
    }

    /// Remembers the UID of the card a person was imported from.
    pub fn set_import_uid(&mut self, contact: ContactId, uid: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE contacts SET import_uid = ?2 WHERE id = ?1")?
            .execute(params![contact.0, uid])?;
        Ok(())
    }

    /// Replaces a person's fields with `fields` (an import's merge).
    pub fn merge_contact(
        &mut self,
        contact: ContactId,
        fields: &ContactDraft,
        now: NaiveDateTime,
    ) -> Result<()> {
        let mut fields = fields.clone();
        fields.normalise();
        fields.validate(self.now.date())?;
        super::contacts::rewrite_contact(&self.tx, contact, &fields, now)
    }

    /// Adds a snooze or dismissal from an archive. A current dismissal is
    /// tied to the person's evidence as it is now; an outdated one to a
    /// value it can never have again, so it stays outdated.
    pub fn add_nudge_state(
        &mut self,
        contact: Option<ContactId>,
        state: &ArchiveNudgeState,
    ) -> Result<()> {
        let evidence: i64 = match contact {
            Some(id) => self
                .tx
                .query_row("SELECT evidence FROM contacts WHERE id = ?1", [id.0], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| StoreError::ContactNotFound(format!("with id {id}")))?,
            None => {
                let counts = super::nudge_states::layer_counts(&self.tx)?;
                layer_evidence(&counts)
            }
        };
        let dismissed_at = state.dismissed.map(|d| match d {
            Dismissal::Current => evidence,
            Dismissal::Outdated => evidence.wrapping_sub(1),
        });
        self.tx
            .prepare_cached(
                "INSERT INTO nudge_states (contact_id, kind, snoozed_until, dismissed_at_evidence)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                contact.map(|c| c.0),
                state.kind,
                state.snoozed_until.map(day),
                dismissed_at
            ])?;
        Ok(())
    }

    /// Replaces the settings (as `Store::save_settings`, inside the batch).
    pub fn replace_settings(&mut self, settings: &Settings) -> Result<()> {
        settings.validate().map_err(StoreError::Invalid)?;
        self.tx.execute("DELETE FROM settings", [])?;
        let defaults = Settings::default();
        for spec in SPECS {
            let value = (spec.get)(settings);
            if value != (spec.get)(&defaults) {
                self.tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    params![spec.key, value],
                )?;
            }
        }
        Ok(())
    }
}
