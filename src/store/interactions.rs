//! Interactions and trust changes, and the per-contact summary both keep
//! up to date.
//!
//! An interaction is one row of `interactions` and one row of
//! `participants` per person it was with (see `sql/008_participants.sql`);
//! every participant's summary is refreshed with it.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use super::remember::{NewFollowUp, insert_follow_up, tick_off};
use super::sql::{Day, Secs, day, secs};
use super::{Result, Store, StoreError};
use crate::domain::{
    ContactId, FollowUpDraft, FollowUpId, Initiator, Interaction, InteractionDraft, InteractionId,
    TrustChange, TrustChangeId, TrustLevel,
};

/// The summary of one contact's interactions (?1) before a moment (?2).
pub(super) const SUMMARY: &str = include_str!("sql/summary.sql");

/// An UPDATE of a contact's (?1) summary columns from all their
/// interactions, setting `$also` too.
macro_rules! summary_update {
    ($also:literal) => {
        concat!(
            "UPDATE contacts SET (interaction_count, first_interaction_at, last_interaction_at, \
             last_channel, first_live_at, total_minutes, recent, last_note) = (",
            include_str!("sql/summary.sql"),
            ")",
            $also,
            " WHERE id = ?1"
        )
    };
}

/// Rewrites a contact's summary columns from all their interactions, and
/// counts the change as new evidence (see `Store::dismiss_nudge`).
const REFRESH_ONE: &str = summary_update!(", evidence = evidence + 1");

/// The same without counting it as evidence: a summary found wrong by a
/// check is corrected, the history behind it did not change.
const CORRECT_ONE: &str = summary_update!("");

/// The columns [`interaction_from_row`] reads, of `interactions AS i`.
pub(super) const INTERACTION_COLUMNS: &str = "i.id, i.uuid, i.occurred_at, i.channel, \
     i.initiated_by, i.tone, i.depth, i.minutes, i.note, i.created_at";

fn parse_uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// An interaction without its participants (see [`with_participants`]).
pub(super) fn interaction_from_row(row: &Row<'_>) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: InteractionId(row.get(0)?),
        uuid: parse_uuid(row, 1)?,
        fields: InteractionDraft {
            participants: Vec::new(),
            when: row.get::<_, Secs>(2)?.0,
            channel: row.get(3)?,
            initiated_by: row.get(4)?,
            initiator: None,
            tone: row.get(5)?,
            depth: row.get(6)?,
            minutes: row.get(7)?,
            note: row.get(8)?,
        },
        created_at: row.get::<_, Secs>(9)?.0,
    })
}

/// Gives an interaction read by [`interaction_from_row`] its participants,
/// in the order of their ids, from (contact id, whether they initiated)
/// pairs. One whose initiator has been deleted since reads as mutual:
/// neither side's turn for those still in it.
pub(super) fn with_participants(
    mut interaction: Interaction,
    people: impl IntoIterator<Item = (i64, bool)>,
) -> Interaction {
    let fields = &mut interaction.fields;
    for (contact, initiated) in people {
        fields.participants.push(ContactId(contact));
        if initiated {
            fields.initiator = Some(ContactId(contact));
        }
    }
    fields.participants.sort_unstable();
    if fields.initiated_by == Initiator::Them && fields.initiator.is_none() {
        fields.initiated_by = Initiator::Mutual;
    }
    interaction
}

/// The participants of one interaction: (contact id, whether they
/// initiated), in the order of their ids.
pub(super) fn participants_of(
    conn: &Connection,
    id: InteractionId,
) -> rusqlite::Result<Vec<(i64, bool)>> {
    conn.prepare_cached(
        "SELECT contact_id, initiated FROM participants WHERE interaction_id = ?1
         ORDER BY contact_id",
    )?
    .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// One interaction with its participants, if it exists.
pub(super) fn load_interaction(conn: &Connection, id: InteractionId) -> Result<Interaction> {
    let interaction = conn
        .prepare_cached(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interactions AS i WHERE i.id = ?1"
        ))?
        .query_row([id.0], interaction_from_row)
        .optional()?
        .ok_or(StoreError::InteractionNotFound(id))?;
    Ok(with_participants(interaction, participants_of(conn, id)?))
}

fn trust_change_from_row(row: &Row<'_>) -> rusqlite::Result<TrustChange> {
    Ok(TrustChange {
        id: TrustChangeId(row.get(0)?),
        uuid: parse_uuid(row, 1)?,
        contact_id: ContactId(row.get(2)?),
        level: row.get(3)?,
        on: row.get::<_, Day>(4)?.0,
        reason: row.get(5)?,
        created_at: row.get::<_, Secs>(6)?.0,
        assessed: row.get(7)?,
    })
}

/// An interaction to log, with a follow-up noted in it (for its first
/// person) and the open follow-ups of anyone in it that it ticks off (see
/// [`Store::log`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub interaction: InteractionDraft,
    pub follow_up: Option<NewFollowUp>,
    pub done: Vec<FollowUpId>,
}

impl LogEntry {
    pub fn new(interaction: InteractionDraft) -> Self {
        Self {
            interaction,
            follow_up: None,
            done: Vec::new(),
        }
    }
}

impl Store {
    /// Records an interaction. Returns its id.
    pub fn log_interaction(
        &mut self,
        draft: InteractionDraft,
        now: NaiveDateTime,
    ) -> Result<InteractionId> {
        self.log(LogEntry::new(draft), now)
    }

    /// Records an interaction with what comes with it, in one transaction:
    /// a follow-up noted in it (due, at the earliest, on the interaction's
    /// day, so a back-dated one may be due already), and open follow-ups it
    /// ticks off (done at the interaction's time). Returns its id.
    pub fn log(&mut self, entry: LogEntry, now: NaiveDateTime) -> Result<InteractionId> {
        let LogEntry {
            interaction: draft,
            follow_up,
            done,
        } = entry;
        let tx = self.transaction()?;
        let id = insert_interaction(&tx, &draft, None, now, now, &BTreeSet::new())?;
        if let Some(NewFollowUp { what, due }) = follow_up
            && let Some(person) = draft.first_person()
        {
            let follow_up = FollowUpDraft::new(person, &what, due);
            insert_follow_up(&tx, &follow_up, Some(id), draft.when.date(), None, now)?;
        }
        tick_off(&tx, &done, id, draft.when)?;
        for &person in &draft.participants {
            refresh_summary(&tx, person)?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Replaces an interaction's fields, people included: some may join it
    /// and some leave it (everyone's summary follows).
    pub fn update_interaction(
        &mut self,
        id: InteractionId,
        mut draft: InteractionDraft,
        now: NaiveDateTime,
    ) -> Result<()> {
        draft.normalise();
        draft.validate(now)?;
        let tx = self.transaction()?;
        let before = people_of(&tx, id)?;
        for &person in &draft.participants {
            ensure_contact(&tx, person)?;
        }
        tx.execute(
            "UPDATE interactions SET occurred_at = ?2, channel = ?3,
                 initiated_by = ?4, tone = ?5, depth = ?6, minutes = ?7, note = ?8
             WHERE id = ?1",
            params![
                id.0,
                secs(draft.when),
                draft.channel,
                draft.initiated_by,
                draft.tone,
                draft.depth,
                draft.minutes,
                draft.note,
            ],
        )?;
        tx.prepare_cached("DELETE FROM participants WHERE interaction_id = ?1")?
            .execute([id.0])?;
        write_participants(&tx, id, &draft)?;
        let everyone: BTreeSet<ContactId> = before
            .into_iter()
            .chain(draft.participants.iter().copied())
            .collect();
        for person in everyone {
            refresh_summary(&tx, person)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// One interaction.
    pub fn interaction(&self, id: InteractionId) -> Result<Interaction> {
        load_interaction(&self.conn, id)
    }

    /// A contact's interactions, newest first, each with everyone it was
    /// with.
    pub fn interactions_of(&self, contact: ContactId) -> Result<Vec<Interaction>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {INTERACTION_COLUMNS}
             FROM participants AS p JOIN interactions AS i ON i.id = p.interaction_id
             WHERE p.contact_id = ?1
             ORDER BY p.occurred_at DESC, p.interaction_id DESC"
        ))?;
        let interactions = statement
            .query_map([contact.0], interaction_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Everyone in those interactions, in one query.
        let mut people: HashMap<i64, Vec<(i64, bool)>> = HashMap::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT q.interaction_id, q.contact_id, q.initiated
             FROM participants AS p JOIN participants AS q ON q.interaction_id = p.interaction_id
             WHERE p.contact_id = ?1",
        )?;
        let mut rows = statement.query([contact.0])?;
        while let Some(row) = rows.next()? {
            people
                .entry(row.get(0)?)
                .or_default()
                .push((row.get(1)?, row.get(2)?));
        }
        Ok(interactions
            .into_iter()
            .map(|i| {
                let with = people.remove(&i.id.0).unwrap_or_default();
                with_participants(i, with)
            })
            .collect())
    }

    /// The names of these contacts, for saying who an interaction was with
    /// ("with Ada, Grace and Tom"); ids that are not here are left out.
    pub fn contact_names(&self, ids: &[ContactId]) -> Result<HashMap<ContactId, String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT name FROM contacts WHERE id = ?1")?;
        let mut names = HashMap::with_capacity(ids.len());
        for &id in ids {
            if let Some(name) = statement
                .query_row([id.0], |r| r.get::<_, String>(0))
                .optional()?
            {
                names.insert(id, name);
            }
        }
        Ok(names)
    }

    /// A contact's trust changes, oldest first: their assessments, and
    /// the default handshake if they were added without a level.
    pub fn trust_history(&self, contact: ContactId) -> Result<Vec<TrustChange>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, uuid, contact_id, level, changed_on, reason, created_at, assessed
             FROM trust_changes WHERE contact_id = ?1
             ORDER BY changed_on, id",
        )?;
        let history = statement
            .query_map([contact.0], trust_change_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(history)
    }
}

/// Records a validated trust assessment of an existing contact inside
/// `tx`: the change, the contact's level (that of the latest-dated
/// assessment), and the evidence counter that lifts a dismissal.
pub(super) fn record_trust(
    tx: &Transaction<'_>,
    contact: ContactId,
    level: TrustLevel,
    on: NaiveDate,
    reason: &str,
    now: NaiveDateTime,
) -> Result<TrustChangeId> {
    let id = insert_trust_change(tx, contact, level, on, reason, None, now)?;
    refresh_trust(tx, contact)?;
    tx.execute(
        "UPDATE contacts SET evidence = evidence + 1 WHERE id = ?1",
        [contact.0],
    )?;
    Ok(id)
}

/// The people an interaction is with, in the order of their ids.
pub(super) fn people_of(tx: &Transaction<'_>, id: InteractionId) -> Result<Vec<ContactId>> {
    let exists = tx
        .prepare_cached("SELECT 1 FROM interactions WHERE id = ?1")?
        .exists([id.0])?;
    if !exists {
        return Err(StoreError::InteractionNotFound(id));
    }
    Ok(participants_of(tx, id)?
        .into_iter()
        .map(|(contact, _)| ContactId(contact))
        .collect())
}

fn ensure_contact(tx: &Transaction<'_>, contact: ContactId) -> Result<()> {
    let exists = tx
        .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1")?
        .exists([contact.0])?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::ContactNotFound(format!("with id {contact}")))
    }
}

/// Inserts an interaction with its participants, recorded at
/// `created_at`, inside `tx` without refreshing the summaries; `now` is for
/// validation. Participants in `known` are not looked up first (a batch
/// knows the contacts it wrote; the foreign key still refuses any other,
/// less clearly).
pub(super) fn insert_interaction(
    tx: &Transaction<'_>,
    draft: &InteractionDraft,
    uuid: Option<Uuid>,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
    known: &BTreeSet<ContactId>,
) -> Result<InteractionId> {
    let mut draft = draft.clone();
    draft.normalise();
    draft.validate(now)?;
    for person in &draft.participants {
        if !known.contains(person) {
            ensure_contact(tx, *person)?;
        }
    }
    let uuid = uuid.unwrap_or_else(Uuid::new_v4);
    tx.prepare_cached(
        "INSERT INTO interactions (uuid, occurred_at, channel, initiated_by, tone,
             depth, minutes, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        uuid.to_string(),
        secs(draft.when),
        draft.channel,
        draft.initiated_by,
        draft.tone,
        draft.depth,
        draft.minutes,
        draft.note,
        secs(created_at),
    ])?;
    let id = InteractionId(tx.last_insert_rowid());
    write_participants(tx, id, &draft)?;
    Ok(id)
}

/// Writes the participant rows of a normalised, valid interaction.
fn write_participants(
    tx: &Transaction<'_>,
    id: InteractionId,
    draft: &InteractionDraft,
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO participants (interaction_id, contact_id, occurred_at, initiated)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for &person in &draft.participants {
        let initiated = draft.initiated_by == Initiator::Them && draft.initiator == Some(person);
        insert.execute(params![id.0, person.0, secs(draft.when), initiated])?;
    }
    Ok(())
}

/// Inserts a trust change inside `tx` without updating the contact's level.
pub(super) fn insert_trust_change(
    tx: &Transaction<'_>,
    contact: ContactId,
    level: TrustLevel,
    on: NaiveDate,
    reason: &str,
    uuid: Option<Uuid>,
    now: NaiveDateTime,
) -> Result<TrustChangeId> {
    let uuid = uuid.unwrap_or_else(Uuid::new_v4);
    tx.prepare_cached(
        "INSERT INTO trust_changes (uuid, contact_id, level, changed_on, reason, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        uuid.to_string(),
        contact.0,
        level,
        day(on),
        reason,
        secs(now)
    ])?;
    Ok(TrustChangeId(tx.last_insert_rowid()))
}

/// Recomputes a contact's interaction summary (see `summary.sql`).
pub(super) fn refresh_summary(tx: &Transaction<'_>, contact: ContactId) -> Result<()> {
    tx.prepare_cached(REFRESH_ONE)?
        .execute(params![contact.0, i64::MAX])?;
    Ok(())
}

/// Rewrites a contact's summary columns from all their interactions
/// without counting it as new evidence (see [`CORRECT_ONE`]).
pub(super) fn correct_summary(tx: &Transaction<'_>, contact: ContactId) -> Result<()> {
    tx.prepare_cached(CORRECT_ONE)?
        .execute(params![contact.0, i64::MAX])?;
    Ok(())
}

/// Sets a contact's level to that of its latest-dated assessment (the
/// default handshake only while there is none).
pub(super) fn refresh_trust(tx: &Transaction<'_>, contact: ContactId) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET trust = ifnull((
             SELECT level FROM trust_changes WHERE contact_id = contacts.id
             ORDER BY assessed DESC, changed_on DESC, id DESC LIMIT 1), 1)
         WHERE id = ?1",
    )?
    .execute([contact.0])?;
    Ok(())
}
