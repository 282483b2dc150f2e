//! Snoozes and dismissals of nudges, the size of each trust layer, and the
//! nudges due on a day (loaded here, decided by `domain::nudge`).
//!
//! A state belongs to one (contact, kind); deleting the contact deletes it
//! (`ON DELETE CASCADE`), and [`Store::prune_nudge_states`] removes any
//! state that can no longer hide anything, including one whose contact is
//! gone from a file written without foreign keys. States of unknown
//! contacts are never an error: they simply hide nothing.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::sql::{Day, day};
use super::{Result, Store, StoreError};
use crate::domain::nudge::{
    dates_dismissed_until, evaluate, intimate_lookback, layer_evidence, validate_target,
};
use crate::domain::{ContactId, Nudge, NudgeKind, NudgeState};

impl Store {
    /// Everything due on `today`: loads the facts, settings and snoozes and
    /// dismissals in one read transaction (a consistent snapshot even while
    /// another process writes) and hands them to the nudge rules.
    pub fn due_nudges(&self, today: NaiveDate) -> Result<Vec<Nudge>> {
        let read = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let settings = self.settings()?;
        let facts = self.nudge_facts(intimate_lookback(today, &settings))?;
        let states = self.nudge_states()?;
        read.finish()?;
        Ok(evaluate(today, &facts, &settings, &states))
    }

    /// Hides a nudge until `until` (it shows again on that day).
    pub fn snooze_nudge(
        &mut self,
        contact: Option<ContactId>,
        kind: NudgeKind,
        until: NaiveDate,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        put_nudge_state(&tx, contact, kind, Some(until), None)?;
        tx.commit()?;
        Ok(())
    }

    /// Hides a nudge until the evidence behind it changes: for a contact, a
    /// new, edited or removed interaction or trust change; for over
    /// capacity, the number of people at any level. Dates to remember are
    /// no evidence that changes: dismissing a `date` nudge hides it until
    /// the dates it shows on `today` have passed (see
    /// [`dates_dismissed_until`]).
    pub fn dismiss_nudge(
        &mut self,
        contact: Option<ContactId>,
        kind: NudgeKind,
        today: NaiveDate,
    ) -> Result<()> {
        validate_target(contact, kind)?;
        if kind == NudgeKind::Date {
            let until = dates_dismissed_until(today, &self.settings()?);
            return self.snooze_nudge(contact, kind, until);
        }
        let tx = self.conn.transaction()?;
        let evidence = match contact {
            Some(id) => tx
                .query_row("SELECT evidence FROM contacts WHERE id = ?1", [id.0], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| StoreError::ContactNotFound(format!("with id {id}")))?,
            None => layer_evidence(&layer_counts(&tx)?),
        };
        put_nudge_state(&tx, contact, kind, None, Some(evidence))?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets any snooze or dismissal of a nudge; returns whether there
    /// was one.
    pub fn clear_nudge_state(
        &mut self,
        contact: Option<ContactId>,
        kind: NudgeKind,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let removed = tx.execute(
            "DELETE FROM nudge_states WHERE ifnull(contact_id, 0) = ifnull(?1, 0) AND kind = ?2",
            params![contact.map(|c| c.0), kind],
        )?;
        tx.commit()?;
        Ok(removed > 0)
    }

    /// Every snooze and dismissal.
    pub fn nudge_states(&self) -> Result<Vec<NudgeState>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT contact_id, kind, snoozed_until, dismissed_at_evidence
             FROM nudge_states ORDER BY id",
        )?;
        let states = statement
            .query_map([], |row| {
                Ok(NudgeState {
                    contact_id: row.get::<_, Option<i64>>(0)?.map(ContactId),
                    kind: row.get(1)?,
                    snoozed_until: row.get::<_, Option<Day>>(2)?.map(|d| d.0),
                    dismissed_at_evidence: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(states)
    }

    /// Removes every state that hides nothing on `today` or later: snoozes
    /// that end on or before `today`, dismissals whose evidence has changed
    /// (for over capacity, the number of people at some level), and states
    /// of contacts that no longer exist. Returns how many went.
    pub fn prune_nudge_states(&mut self, today: NaiveDate) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut removed = tx.execute(
            "DELETE FROM nudge_states WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?1",
            [day(today)],
        )?;
        removed += tx.execute(
            "DELETE FROM nudge_states
             WHERE contact_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM contacts WHERE contacts.id = nudge_states.contact_id)",
            [],
        )?;
        removed += tx.execute(
            "DELETE FROM nudge_states
             WHERE contact_id IS NOT NULL AND dismissed_at_evidence IS NOT NULL
               AND dismissed_at_evidence <> (
                   SELECT evidence FROM contacts WHERE contacts.id = nudge_states.contact_id)",
            [],
        )?;
        removed += tx.execute(
            "DELETE FROM nudge_states
             WHERE contact_id IS NULL AND dismissed_at_evidence IS NOT NULL
               AND dismissed_at_evidence <> ?1",
            [layer_evidence(&layer_counts(&tx)?)],
        )?;
        tx.commit()?;
        Ok(removed)
    }

    /// How many contacts (not archived) are at each trust level, handshake
    /// first.
    pub fn layer_counts(&self) -> Result<[u32; 5]> {
        layer_counts(&self.conn)
    }
}

pub(super) fn layer_counts(conn: &Connection) -> Result<[u32; 5]> {
    let mut counts = [0u32; 5];
    let mut statement = conn
        .prepare_cached("SELECT trust, count(*) FROM contacts WHERE archived = 0 GROUP BY trust")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let level: i64 = row.get(0)?;
        if let Some(slot) = usize::try_from(level - 1)
            .ok()
            .and_then(|i| counts.get_mut(i))
        {
            *slot = row.get(1)?;
        }
    }
    Ok(counts)
}

/// Replaces the state of one (contact, kind) inside `tx`.
fn put_nudge_state(
    tx: &Connection,
    contact: Option<ContactId>,
    kind: NudgeKind,
    snoozed_until: Option<NaiveDate>,
    dismissed_at_evidence: Option<i64>,
) -> Result<()> {
    validate_target(contact, kind)?;
    if let Some(id) = contact {
        let exists = tx
            .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1")?
            .exists([id.0])?;
        if !exists {
            return Err(StoreError::ContactNotFound(format!("with id {id}")));
        }
    }
    tx.execute(
        "DELETE FROM nudge_states WHERE ifnull(contact_id, 0) = ifnull(?1, 0) AND kind = ?2",
        params![contact.map(|c| c.0), kind],
    )?;
    tx.execute(
        "INSERT INTO nudge_states (contact_id, kind, snoozed_until, dismissed_at_evidence)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            contact.map(|c| c.0),
            kind,
            snoozed_until.map(day),
            dismissed_at_evidence
        ],
    )?;
    Ok(())
}
