//! The import side of the store: the index an import matches against, and
//! applying a change set in one transaction (see
//! [`crate::domain::exchange`]). What to change is decided elsewhere (by
//! the planner in `interchange`); the store only checks every value again
//! with the domain's rules and writes it.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::batch::Batch;
use super::interactions::insert_trust_change;
use super::remember::{insert_date, insert_follow_up};
use super::sql::{day, secs};
use super::{NewContact, Result, Store, StoreError};
use crate::domain::exchange::{
    Applied, ChangeSet, Dismissal, HistoryIndex, ImportIndex, IndexedPerson, KeptIdentity,
    KeptNudgeState, KeptRecord, KeptTrustChange, PersonChange, PersonRef, check_year,
};
use crate::domain::nudge::layer_evidence;
use crate::domain::{
    ContactDraft, ContactId, DateDraft, Field, FollowUpDraft, InteractionId, Settings, YearlyDate,
};

/// The error of a change set's record stream (the file an import reads as
/// it goes), passed through as [`StoreError::Source`].
pub type SourceError = Box<dyn std::error::Error + Send + Sync>;

impl Store {
    /// Everyone, by id, with what an import matches on: UUID, card UID,
    /// emails and name. With `with_history`, also the UUIDs of every
    /// interaction and trust change, which nudges have a snooze or
    /// dismissal, and whether the settings were changed: what importing an
    /// archive needs to leave out what is here already.
    pub fn import_index(&self, with_history: bool) -> Result<ImportIndex> {
        let read = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Deferred,
        )?;
        let mut people: Vec<IndexedPerson> = Vec::new();
        let mut statement =
            read.prepare("SELECT id, uuid, name, import_uid FROM contacts ORDER BY id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            people.push(IndexedPerson {
                id: ContactId(row.get(0)?),
                uuid: uuid_column(row, 1)?,
                name: row.get(2)?,
                import_uid: row.get(3)?,
                emails: Vec::new(),
            });
        }
        drop(rows);
        let mut statement = read.prepare(
            "SELECT contact_id, value FROM contact_emails ORDER BY contact_id, position",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id = ContactId(row.get(0)?);
            if let Ok(i) = people.binary_search_by_key(&id, |p| p.id) {
                people[i].emails.push(row.get(1)?);
            }
        }
        drop(rows);
        let history = match with_history {
            false => None,
            true => Some(HistoryIndex {
                interactions: uuids(&read, "interactions")?,
                trust_changes: uuids(&read, "trust_changes")?,
                nudge_states: read
                    .prepare("SELECT contact_id, kind FROM nudge_states")?
                    .query_map([], |row| {
                        Ok((row.get::<_, Option<i64>>(0)?.map(ContactId), row.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?,
                settings_changed: read.query_row("SELECT count(*) FROM settings", [], |row| {
                    row.get::<_, i64>(0)
                })? > 0,
            }),
        };
        Ok(ImportIndex { people, history })
    }

    /// Applies a change set in one transaction: everything lands or
    /// nothing does. Every value is checked again with the domain's rules;
    /// a value refused, a person gone since the plan was made, or an error
    /// from the record stream rolls the whole import back. `progress` is
    /// called with the number of records written so far (people, trust
    /// changes and records of the history), after each.
    pub fn apply<I, E>(
        &mut self,
        changes: ChangeSet<'_, I>,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Applied>
    where
        I: Iterator<Item = Result<KeptRecord, E>>,
        E: Into<SourceError>,
    {
        let ChangeSet {
            people,
            people_by_uuid,
            trust_changes,
            records,
            remembered,
            dates,
            nudge_states,
            settings,
        } = changes;
        let mut applied = Applied::default();
        let mut done = 0;
        let mut tick = || {
            done += 1;
            progress(done);
        };
        // The usual page cache, not a larger one: twice the cache saved a
        // tenth of the time of a million interactions, but its 32 MB took
        // an import over the 200 MB every command must stay under.
        self.write_batch(now, |batch| {
            // The id each change of `people` wrote.
            let mut written = Vec::with_capacity(people.len());
            for change in &people {
                let id = match *change {
                    PersonChange::Add { fields, import_uid } => {
                        let id = batch.add_contact(NewContact::new(fields.clone()), now)?;
                        applied.added += 1;
                        if let Some(uid) = import_uid {
                            batch.set_import_uid(id, uid)?;
                        }
                        id
                    }
                    PersonChange::AddKept {
                        fields,
                        identity,
                        import_uid,
                    } => {
                        applied.added += 1;
                        batch.add_kept_contact(fields, identity, import_uid)?
                    }
                    PersonChange::Update {
                        id,
                        fields,
                        import_uid,
                    } => {
                        batch.merge_contact(id, fields, now)?;
                        applied.updated += 1;
                        if let Some(uid) = import_uid {
                            batch.set_import_uid(id, uid)?;
                        }
                        id
                    }
                };
                written.push(id);
                tick();
            }
            let contact_of = |uuid: &Uuid| -> Result<ContactId> {
                match people_by_uuid.get(uuid) {
                    Some(PersonRef::Here(id)) => Ok(*id),
                    Some(PersonRef::Change(n)) if *n < written.len() => Ok(written[*n]),
                    _ => Err(StoreError::ContactNotFound(format!(
                        "with UUID {uuid} in this import"
                    ))),
                }
            };
            for (person, change) in &trust_changes {
                batch.add_kept_trust_change(contact_of(person)?, change)?;
                applied.trust_changes += 1;
                tick();
            }
            for record in records {
                match record.map_err(|e| StoreError::Source(e.into()))? {
                    KeptRecord::Interaction(interaction) => {
                        let draft = interaction.draft(contact_of)?;
                        batch.add_interaction(
                            &draft,
                            Some(interaction.uuid),
                            interaction.created_at,
                        )?;
                        applied.interactions += 1;
                    }
                }
                tick();
            }
            // What the archive's people remembered: after the
            // interactions, which follow-ups name.
            for (person, identity) in &remembered {
                batch.add_kept_remembered(contact_of(person)?, identity)?;
            }
            for (person, list) in &dates {
                let contact = match *person {
                    PersonRef::Here(id) => id,
                    PersonRef::Change(n) => *written.get(n).ok_or_else(|| {
                        StoreError::ContactNotFound(format!("number {n} of this import"))
                    })?,
                };
                batch.add_dates_once(contact, list)?;
            }
            // Dismissals are tied to evidence counters as they are after
            // this import.
            batch.settle()?;
            for state in &nudge_states {
                let contact = state.contact.as_ref().map(contact_of).transpose()?;
                batch.add_nudge_state(contact, state)?;
                applied.nudge_states += 1;
            }
            if let Some(settings) = settings {
                batch.replace_settings(settings)?;
                applied.settings = true;
            }
            Ok(())
        })?;
        Ok(applied)
    }
}

fn uuid_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn uuids(conn: &rusqlite::Connection, table: &str) -> Result<HashSet<Uuid>> {
    let mut set = HashSet::new();
    let mut statement = conn.prepare(&format!("SELECT uuid FROM {table}"))?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        set.insert(uuid_column(row, 0)?);
    }
    Ok(set)
}

impl Batch<'_> {
    /// Adds a person from an archive exactly as they were: UUID, timestamps
    /// and archive flag (their trust history is added change by change).
    fn add_kept_contact(
        &mut self,
        fields: &ContactDraft,
        identity: &KeptIdentity,
        import_uid: Option<&str>,
    ) -> Result<ContactId> {
        let mut fields = fields.clone();
        fields.normalise();
        fields.validate(self.now.date())?;
        identity.validate()?;
        let id = super::contacts::insert_row(
            &self.tx,
            &super::contacts::ContactRow {
                uuid: identity.uuid,
                fields: &fields,
                trust: identity.trust(),
                archived: identity.archived,
                created_at: identity.created_at,
                updated_at: identity.updated_at,
                import_uid,
            },
        )?;
        super::contacts::write_lists(&self.tx, id, &fields, false)?;
        // Its trust level is derived from the history actually written.
        self.touched.insert(id);
        Ok(id)
    }

    /// Adds the follow-ups, dates to remember and skips of someone from an
    /// archive that are not here yet (by UUID; a skip by its day), exactly
    /// as it recorded them. A link to an interaction that is not here is
    /// left out.
    fn add_kept_remembered(&mut self, contact: ContactId, identity: &KeptIdentity) -> Result<()> {
        let today = self.now.date();
        let here = |tx: &rusqlite::Transaction<'_>, sql: &str, key: &dyn rusqlite::ToSql| {
            tx.prepare_cached(sql)?.exists([key])
        };
        for kept in &identity.follow_ups {
            let uuid = kept.uuid.to_string();
            if here(&self.tx, "SELECT 1 FROM follow_ups WHERE uuid = ?1", &uuid)? {
                continue;
            }
            let draft = FollowUpDraft::new(contact, &kept.what, kept.due);
            let noted_in = self.interaction_named(kept.noted_in)?;
            let id = insert_follow_up(
                &self.tx,
                &draft,
                noted_in,
                kept.noted_on,
                Some(kept.uuid),
                kept.created_at,
            )?;
            let done_with = self.interaction_named(kept.done_with)?;
            self.tx
                .prepare_cached("UPDATE follow_ups SET done_at = ?2, done_with = ?3 WHERE id = ?1")?
                .execute(params![
                    id.0,
                    kept.done_at.map(secs),
                    done_with.map(|i| i.0)
                ])?;
        }
        for kept in &identity.dates {
            let uuid = kept.uuid.to_string();
            if here(&self.tx, "SELECT 1 FROM dates WHERE uuid = ?1", &uuid)? {
                continue;
            }
            let draft = DateDraft::new(contact, &kept.label, kept.date);
            draft.validate(today)?;
            insert_date(&self.tx, &draft, Some(kept.uuid), kept.created_at)?;
        }
        for &skipped in &identity.skips {
            check_year(Field::On, skipped)?;
            let known = self
                .tx
                .prepare_cached("SELECT 1 FROM skips WHERE contact_id = ?1 AND skipped_on = ?2")?
                .exists(params![contact.0, day(skipped)])?;
            if known {
                continue;
            }
            self.tx
                .prepare_cached(
                    "INSERT INTO skips (contact_id, skipped_on, created_at) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![
                    contact.0,
                    day(skipped),
                    secs(skipped.and_time(crate::domain::time::noon()))
                ])?;
        }
        Ok(())
    }

    /// Adds the dates to remember of a contacts file (label and day) that
    /// the person has no date of the same label (case ignored) and
    /// month-day for yet, the year aside, as `kith date add` adds them.
    fn add_dates_once(&mut self, contact: ContactId, dates: &[(String, YearlyDate)]) -> Result<()> {
        for (label, date) in dates {
            let draft = DateDraft::new(contact, label, *date);
            let known = self
                .tx
                .prepare_cached(
                    "SELECT 1 FROM dates WHERE contact_id = ?1 AND label = ?2 COLLATE NOCASE
                     AND month = ?3 AND day = ?4",
                )?
                .exists(params![contact.0, draft.label, date.month, date.day])?;
            if !known {
                self.add_date(&draft, None)?;
            }
        }
        Ok(())
    }

    /// The interaction with this UUID, if it is here.
    fn interaction_named(&self, uuid: Option<Uuid>) -> Result<Option<InteractionId>> {
        let Some(uuid) = uuid else {
            return Ok(None);
        };
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM interactions WHERE uuid = ?1")?
            .query_row([uuid.to_string()], |r| r.get(0))
            .optional()?
            .map(InteractionId))
    }

    /// Adds a trust change exactly as an archive recorded it.
    fn add_kept_trust_change(
        &mut self,
        contact: ContactId,
        change: &KeptTrustChange,
    ) -> Result<()> {
        change.validate(self.now.date())?;
        let id = insert_trust_change(
            &self.tx,
            contact,
            change.level,
            change.on,
            &change.reason,
            Some(change.uuid),
            change.created_at,
        )?;
        if !change.assessed {
            self.tx
                .prepare_cached("UPDATE trust_changes SET assessed = 0 WHERE id = ?1")?
                .execute([id.0])?;
        }
        self.touched.insert(contact);
        Ok(())
    }

    /// Remembers the UID of the card a person was imported from.
    fn set_import_uid(&mut self, contact: ContactId, uid: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE contacts SET import_uid = ?2 WHERE id = ?1")?
            .execute(params![contact.0, uid])?;
        Ok(())
    }

    /// Replaces a person's fields with `fields` (an import's merge).
    fn merge_contact(
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
    fn add_nudge_state(
        &mut self,
        contact: Option<ContactId>,
        state: &KeptNudgeState,
    ) -> Result<()> {
        state.validate()?;
        let evidence: i64 = match contact {
            Some(id) => self
                .tx
                .query_row("SELECT evidence FROM contacts WHERE id = ?1", [id.0], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| StoreError::ContactNotFound(format!("with id {id}")))?,
            None => layer_evidence(&super::nudge_states::layer_counts(&self.tx)?),
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
    fn replace_settings(&mut self, settings: &Settings) -> Result<()> {
        super::settings::write_settings(&self.tx, settings)
    }
}
