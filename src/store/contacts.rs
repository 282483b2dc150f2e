//! Contacts and their emails, phones and tags.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use super::sql::{Day, Secs, day, secs};
use super::{Result, Store, StoreError};
use crate::domain::{
    Birthday, Contact, ContactDraft, ContactId, HistorySummary, Labeled, TrustLevel,
};

/// Everything needed to insert a contact: the person's fields, their first
/// trust assessment, and (when importing or generating) a fixed identity.
#[derive(Clone, Debug)]
pub struct NewContact {
    pub fields: ContactDraft,
    /// The first assessment; `None` starts at handshake.
    pub trust: Option<TrustLevel>,
    /// A UUID carried by an imported record; a new one is made if `None`.
    pub uuid: Option<Uuid>,
    /// The UUID of the first trust assessment, likewise.
    pub trust_uuid: Option<Uuid>,
    pub archived: bool,
}

impl NewContact {
    pub fn new(fields: ContactDraft) -> Self {
        Self {
            fields,
            trust: None,
            uuid: None,
            trust_uuid: None,
            archived: false,
        }
    }
}

/// A way to name a contact: its id or its exact name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContactRef {
    /// Exactly this id (`--id 7`).
    Id(ContactId),
    /// Exactly this name (ignoring case when no one has it exactly).
    Name(String),
    /// What a person typed where an id or a name may stand: digits are an
    /// id, unless someone else is named so, which makes it ambiguous.
    IdOrName(String),
}

impl ContactRef {
    /// Reads what a person typed: digits may be an id or a name, anything
    /// else is a name.
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        if text.parse::<i64>().is_ok() {
            Self::IdOrName(text.to_owned())
        } else {
            Self::Name(text.to_owned())
        }
    }
}

const CONTACT_COLUMNS: &str = "id, uuid, name, nickname, birthday, organisation, circle, met_via, \
     met_where, met_on, trust, cadence_days, notes, archived, created_at, updated_at, \
     interaction_count, first_interaction_at, last_interaction_at";

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let uuid: String = row.get(1)?;
    Ok(Contact {
        id: ContactId(row.get(0)?),
        uuid: Uuid::parse_str(&uuid).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?,
        fields: ContactDraft {
            name: row.get(2)?,
            nickname: row.get(3)?,
            emails: Vec::new(),
            phones: Vec::new(),
            birthday: row.get::<_, Option<Birthday>>(4)?,
            organisation: row.get(5)?,
            circle: row.get(6)?,
            met_via: row.get(7)?,
            met_where: row.get(8)?,
            met_on: row.get::<_, Option<Day>>(9)?.map(|d| d.0),
            cadence_days: row.get(11)?,
            tags: Vec::new(),
            notes: row.get(12)?,
        },
        trust: row.get(10)?,
        archived: row.get(13)?,
        created_at: row.get::<_, Secs>(14)?.0,
        updated_at: row.get::<_, Secs>(15)?.0,
        summary: HistorySummary {
            interaction_count: row.get(16)?,
            first_interaction_at: row.get::<_, Option<Secs>>(17)?.map(|s| s.0),
            last_interaction_at: row.get::<_, Option<Secs>>(18)?.map(|s| s.0),
        },
    })
}

impl Store {
    /// Adds a contact with its first trust assessment, dated at its met-on
    /// date if given, else today. Returns its id.
    pub fn add_contact(&mut self, new: NewContact, now: NaiveDateTime) -> Result<ContactId> {
        let tx = self.transaction()?;
        let id = insert_contact(&tx, new, now, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces every field of a contact with `fields`.
    pub fn update_contact(
        &mut self,
        id: ContactId,
        fields: ContactDraft,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.update_contact_if(id, fields, None, now)
    }

    /// Replaces every field of a contact with `fields`, unless someone
    /// changed them since they were loaded: `loaded` is the contact's fields
    /// as the window showed them when the edit began. If the stored fields
    /// differ (a command edited the person meanwhile), nothing is written
    /// and the error is [`StoreError::Conflict`]. The comparison is of the
    /// fields themselves, inside the write transaction, so it misses
    /// nothing and raises no false alarm (an interaction logged meanwhile
    /// does not conflict with an edit of the person's details).
    pub fn update_contact_checked(
        &mut self,
        id: ContactId,
        fields: ContactDraft,
        loaded: &ContactDraft,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.update_contact_if(id, fields, Some(loaded), now)
    }

    fn update_contact_if(
        &mut self,
        id: ContactId,
        mut fields: ContactDraft,
        loaded: Option<&ContactDraft>,
        now: NaiveDateTime,
    ) -> Result<()> {
        fields.normalise();
        fields.validate(now.date())?;
        let tx = self.transaction()?;
        if let Some(loaded) = loaded {
            let current = load_contact(&tx, id)?;
            if current.fields != *loaded {
                return Err(StoreError::Conflict {
                    id,
                    name: current.fields.name,
                });
            }
        }
        rewrite_contact(&tx, id, &fields, now)?;
        tx.commit()?;
        Ok(())
    }

    /// One contact, with its emails, phones and tags.
    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        load_contact(&self.conn, id)
    }

    /// Every contact (archived ones only if asked), by name.
    pub fn contacts(&self, include_archived: bool) -> Result<Vec<Contact>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts
             WHERE archived = 0 OR ?1
             ORDER BY name COLLATE NOCASE, id"
        ))?;
        let mut contacts = statement
            .query_map([include_archived], contact_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut refs: Vec<&mut Contact> = contacts.iter_mut().collect();
        fill_lists(&self.conn, &mut refs, None)?;
        Ok(contacts)
    }

    /// Finds the contact a person named: by id, else by exact name, else by
    /// name ignoring case. Several contacts with that name are an error
    /// listing them.
    pub fn resolve_contact(&self, reference: &ContactRef) -> Result<ContactId> {
        let not_found = || {
            StoreError::ContactNotFound(match reference {
                ContactRef::Id(id) => format!("with id {id}"),
                ContactRef::Name(name) => format!("named \"{name}\""),
                ContactRef::IdOrName(text) => format!("with id {text}"),
            })
        };
        match reference {
            ContactRef::Id(id) => self.contact_name(*id)?.map(|_| *id).ok_or_else(not_found),
            ContactRef::Name(name) => match self.named(name)? {
                Some(id) => Ok(id),
                None => Err(not_found()),
            },
            ContactRef::IdOrName(text) => {
                let by_id = match text.parse::<i64>() {
                    Ok(id) => self
                        .contact_name(ContactId(id))?
                        .map(|name| (ContactId(id), name)),
                    Err(_) => None,
                };
                let Some((id, id_name)) = by_id else {
                    return self.named(text)?.ok_or_else(not_found);
                };
                // Someone may really be called "42": then "42" names two.
                let mut candidates = self.exactly_named(text)?;
                candidates.retain(|(other, _)| *other != id);
                if candidates.is_empty() {
                    return Ok(id);
                }
                candidates.insert(0, (id, id_name));
                Err(StoreError::Ambiguous {
                    name: text.clone(),
                    candidates,
                })
            }
        }
    }

    /// The one contact named `name`, exactly, else ignoring case; an error
    /// listing them if several are.
    fn named(&self, name: &str) -> Result<Option<ContactId>> {
        for query in [
            "SELECT id, name FROM contacts WHERE name = ?1 ORDER BY id",
            "SELECT id, name FROM contacts WHERE name = ?1 COLLATE NOCASE ORDER BY id",
        ] {
            let candidates = self.candidates(query, name)?;
            match candidates.len() {
                0 => continue,
                1 => return Ok(Some(candidates[0].0)),
                _ => {
                    return Err(StoreError::Ambiguous {
                        name: name.to_owned(),
                        candidates,
                    });
                }
            }
        }
        Ok(None)
    }

    fn exactly_named(&self, name: &str) -> Result<Vec<(ContactId, String)>> {
        self.candidates(
            "SELECT id, name FROM contacts WHERE name = ?1 ORDER BY id",
            name,
        )
    }

    fn candidates(&self, query: &str, name: &str) -> Result<Vec<(ContactId, String)>> {
        Ok(self
            .conn
            .prepare_cached(query)?
            .query_map([name], |row| Ok((ContactId(row.get(0)?), row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn contact_name(&self, id: ContactId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT name FROM contacts WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0))
            .optional()?)
    }

    /// How many contacts there are (archived included).
    pub fn contact_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM contacts", [], |row| row.get(0))?)
    }
}

/// Inserts a contact and its first trust assessment inside `tx`. The
/// contact was added at `created_at`; `now` is for validation.
pub(super) fn insert_contact(
    tx: &Transaction<'_>,
    new: NewContact,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<ContactId> {
    let NewContact {
        mut fields,
        trust,
        uuid,
        trust_uuid,
        archived,
    } = new;
    fields.normalise();
    fields.validate(now.date())?;
    let uuid = uuid.unwrap_or_else(Uuid::new_v4);
    let level = trust.unwrap_or_default();
    let id = insert_row(
        tx,
        &ContactRow {
            uuid,
            fields: &fields,
            trust: level,
            archived,
            created_at,
            updated_at: created_at,
            import_uid: None,
        },
    )?;
    write_lists(tx, id, &fields, false)?;
    let first_assessed: NaiveDate = fields.met_on.unwrap_or(created_at.date());
    // Without a level, the handshake is a default, not an assessment: the
    // first level set later is their starting point, not a rise.
    let reason = if trust.is_some() {
        "first assessment"
    } else {
        "added without a level"
    };
    let change = super::interactions::insert_trust_change(
        tx,
        id,
        level,
        first_assessed,
        reason,
        trust_uuid,
        created_at,
    )?;
    if trust.is_none() {
        tx.prepare_cached("UPDATE trust_changes SET assessed = 0 WHERE id = ?1")?
            .execute([change.0])?;
    }
    Ok(id)
}

/// One row of the contacts table, as it is written.
pub(super) struct ContactRow<'a> {
    pub uuid: Uuid,
    /// Normalised and validated already.
    pub fields: &'a ContactDraft,
    pub trust: TrustLevel,
    pub archived: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The UID of the card or record it was imported from.
    pub import_uid: Option<&'a str>,
}

/// Writes the contacts row for `row` (not its lists or trust history)
/// inside `tx`, and returns its id.
pub(super) fn insert_row(tx: &Transaction<'_>, row: &ContactRow<'_>) -> Result<ContactId> {
    let fields = row.fields;
    tx.prepare_cached(
        "INSERT INTO contacts (uuid, name, nickname, birthday, organisation, circle, met_via,
             met_where, met_on, trust, cadence_days, notes, archived, created_at, updated_at,
             import_uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        row.uuid.to_string(),
        fields.name,
        fields.nickname,
        fields.birthday,
        fields.organisation,
        fields.circle,
        fields.met_via,
        fields.met_where,
        fields.met_on.map(day),
        row.trust,
        fields.cadence_days,
        fields.notes,
        row.archived,
        secs(row.created_at),
        secs(row.updated_at),
        row.import_uid,
    ])?;
    Ok(ContactId(tx.last_insert_rowid()))
}

/// Replaces every field of an existing contact with `fields` (normalised
/// and validated already) inside `tx`, lists included.
pub(super) fn rewrite_contact(
    tx: &Transaction<'_>,
    id: ContactId,
    fields: &ContactDraft,
    now: NaiveDateTime,
) -> Result<()> {
    let changed = tx
        .prepare_cached(
            "UPDATE contacts SET name = ?2, nickname = ?3, birthday = ?4, organisation = ?5,
                 circle = ?6, met_via = ?7, met_where = ?8, met_on = ?9, cadence_days = ?10,
                 notes = ?11, updated_at = ?12
             WHERE id = ?1",
        )?
        .execute(params![
            id.0,
            fields.name,
            fields.nickname,
            fields.birthday,
            fields.organisation,
            fields.circle,
            fields.met_via,
            fields.met_where,
            fields.met_on.map(day),
            fields.cadence_days,
            fields.notes,
            secs(now),
        ])?;
    if changed == 0 {
        return Err(StoreError::ContactNotFound(format!("with id {id}")));
    }
    write_lists(tx, id, fields, true)
}

/// Writes the emails, phones and tags of a contact, replacing what was there.
pub(super) fn write_lists(
    tx: &Transaction<'_>,
    id: ContactId,
    fields: &ContactDraft,
    replace: bool,
) -> Result<()> {
    for (table, list) in [
        ("contact_emails", &fields.emails),
        ("contact_phones", &fields.phones),
    ] {
        if replace {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE contact_id = ?1"))?
                .execute([id.0])?;
        }
        let mut insert = tx.prepare_cached(&format!(
            "INSERT INTO {table} (contact_id, position, label, value) VALUES (?1, ?2, ?3, ?4)"
        ))?;
        for (position, item) in (0_i64..).zip(list) {
            insert.execute(params![id.0, position, item.label, item.value])?;
        }
    }
    if replace {
        tx.prepare_cached("DELETE FROM contact_tags WHERE contact_id = ?1")?
            .execute([id.0])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO contact_tags (contact_id, position, tag) VALUES (?1, ?2, ?3)",
    )?;
    for (position, tag) in (0_i64..).zip(&fields.tags) {
        insert.execute(params![id.0, position, tag])?;
    }
    Ok(())
}

/// One contact, with its emails, phones and tags, read through `conn` (the
/// store's connection or a transaction on it).
fn load_contact(conn: &Connection, id: ContactId) -> Result<Contact> {
    let mut contact = conn
        .prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1"
        ))?
        .query_row([id.0], contact_from_row)
        .optional()?
        .ok_or_else(|| StoreError::ContactNotFound(id.to_string()))?;
    let mut one = [&mut contact];
    fill_lists(conn, &mut one, Some(id))?;
    Ok(contact)
}

/// Fills emails, phones and tags of `contacts`: of one contact if `only`
/// is given, else by reading each list table once.
fn fill_lists(
    conn: &Connection,
    contacts: &mut [&mut Contact],
    only: Option<ContactId>,
) -> Result<()> {
    let index: HashMap<ContactId, usize> = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let filter = if only.is_some() {
        "WHERE contact_id = ?1"
    } else {
        "WHERE ?1 IS NULL"
    };
    let only = only.map(|id| id.0);
    for table in ["contact_emails", "contact_phones"] {
        let mut statement = conn.prepare_cached(&format!(
            "SELECT contact_id, label, value FROM {table} {filter} ORDER BY contact_id, position"
        ))?;
        let mut rows = statement.query([only])?;
        while let Some(row) = rows.next()? {
            if let Some(&i) = index.get(&ContactId(row.get(0)?)) {
                let item = Labeled {
                    label: row.get(1)?,
                    value: row.get(2)?,
                };
                let fields = &mut contacts[i].fields;
                match table {
                    "contact_emails" => fields.emails.push(item),
                    _ => fields.phones.push(item),
                }
            }
        }
    }
    let mut statement = conn.prepare_cached(&format!(
        "SELECT contact_id, tag FROM contact_tags {filter} ORDER BY contact_id, position"
    ))?;
    let mut rows = statement.query([only])?;
    while let Some(row) = rows.next()? {
        if let Some(&i) = index.get(&ContactId(row.get(0)?)) {
            contacts[i].fields.tags.push(row.get(1)?);
        }
    }
    Ok(())
}
