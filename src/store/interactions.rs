//! Interactions and trust changes, and the per-contact summary both keep
//! up to date.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use super::remember::{NewFollowUp, insert_follow_up, tick_off};
use super::sql::{Day, Secs, day, secs};
use super::{Result, Store, StoreError};
use crate::domain::{
    ContactId, FollowUpDraft, FollowUpId, Interaction, InteractionDraft, InteractionId,
    TrustChange, TrustChangeId, TrustLevel,
};

/// The summary of one contact's interactions (?1) before a moment (?2).
pub(super) const SUMMARY: &str = include_str!("sql/summary.sql");

/// Rewrites a contact's summary columns from all their interactions, and
/// counts the change as new evidence (see `Store::dismiss_nudge`).
const REFRESH_ONE: &str = concat!(
    "UPDATE contacts SET (interaction_count, first_interaction_at, last_interaction_at, \
     last_channel, first_live_at, total_minutes, recent, last_note) = (",
    include_str!("sql/summary.sql"),
    "), evidence = evidence + 1 WHERE id = ?1"
);

pub(super) const INTERACTION_COLUMNS: &str = "id, uuid, contact_id, occurred_at, channel, initiated_by, tone, depth, minutes, note, created_at";

fn parse_uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn interaction_from_row(row: &Row<'_>) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: InteractionId(row.get(0)?),
        uuid: parse_uuid(row, 1)?,
        fields: InteractionDraft {
            contact_id: ContactId(row.get(2)?),
            when: row.get::<_, Secs>(3)?.0,
            channel: row.get(4)?,
            initiated_by: row.get(5)?,
            tone: row.get(6)?,
            depth: row.get(7)?,
            minutes: row.get(8)?,
            note: row.get(9)?,
        },
        created_at: row.get::<_, Secs>(10)?.0,
    })
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

/// An interaction to log, with a follow-up noted in it and the open
/// follow-ups it ticks off (see [`Store::log`]).
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
        let id = insert_interaction(&tx, &draft, None, now, now)?;
        if let Some(NewFollowUp { what, due }) = follow_up {
            let follow_up = FollowUpDraft::new(draft.contact_id, &what, due);
            insert_follow_up(&tx, &follow_up, Some(id), draft.when.date(), None, now)?;
        }
        tick_off(&tx, draft.contact_id, &done, id, draft.when)?;
        refresh_summary(&tx, draft.contact_id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces an interaction's fields (it may move to another contact).
    pub fn update_interaction(
        &mut self,
        id: InteractionId,
        mut draft: InteractionDraft,
        now: NaiveDateTime,
    ) -> Result<()> {
        draft.normalise();
        draft.validate(now)?;
        let tx = self.transaction()?;
        let old_contact = contact_of(&tx, id)?;
        ensure_contact(&tx, draft.contact_id)?;
        tx.execute(
            "UPDATE interactions SET contact_id = ?2, occurred_at = ?3, channel = ?4,
                 initiated_by = ?5, tone = ?6, depth = ?7, minutes = ?8, note = ?9
             WHERE id = ?1",
            params![
                id.0,
                draft.contact_id.0,
                secs(draft.when),
                draft.channel,
                draft.initiated_by,
                draft.tone,
                draft.depth,
                draft.minutes,
                draft.note,
            ],
        )?;
        refresh_summary(&tx, draft.contact_id)?;
        if old_contact != draft.contact_id {
            refresh_summary(&tx, old_contact)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// One interaction.
    pub fn interaction(&self, id: InteractionId) -> Result<Interaction> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {INTERACTION_COLUMNS} FROM interactions WHERE id = ?1"
            ))?
            .query_row([id.0], interaction_from_row)
            .optional()?
            .ok_or(StoreError::InteractionNotFound(id))
    }

    /// A contact's interactions, newest first.
    pub fn interactions_of(&self, contact: ContactId) -> Result<Vec<Interaction>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interactions
             WHERE contact_id = ?1
             ORDER BY occurred_at DESC, id DESC"
        ))?;
        let interactions = statement
            .query_map([contact.0], interaction_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(interactions)
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

/// The contact an interaction is with.
pub(super) fn contact_of(tx: &Transaction<'_>, id: InteractionId) -> Result<ContactId> {
    tx.prepare_cached("SELECT contact_id FROM interactions WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?
        .map(ContactId)
        .ok_or(StoreError::InteractionNotFound(id))
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

/// Inserts an interaction, recorded at `created_at`, inside `tx` without
/// refreshing the summary; `now` is for validation.
pub(super) fn insert_interaction(
    tx: &Transaction<'_>,
    draft: &InteractionDraft,
    uuid: Option<Uuid>,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<InteractionId> {
    let mut draft = draft.clone();
    draft.normalise();
    draft.validate(now)?;
    ensure_contact(tx, draft.contact_id)?;
    let uuid = uuid.unwrap_or_else(Uuid::new_v4);
    tx.prepare_cached(
        "INSERT INTO interactions (uuid, contact_id, occurred_at, channel, initiated_by, tone,
             depth, minutes, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        uuid.to_string(),
        draft.contact_id.0,
        secs(draft.when),
        draft.channel,
        draft.initiated_by,
        draft.tone,
        draft.depth,
        draft.minutes,
        draft.note,
        secs(created_at),
    ])?;
    Ok(InteractionId(tx.last_insert_rowid()))
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
