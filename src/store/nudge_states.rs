//! Snoozes and dismissals of nudges.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::sql::{Day, day};
use super::{Result, Store, StoreError};
use crate::domain::{ContactId, NudgeKind, NudgeState};

impl Store {
    /// Hides a nudge until `until`.
    pub fn snooze_nudge(
        &mut self,
        contact: Option<ContactId>,
        kind: NudgeKind,
        until: NaiveDate,
    ) -> Result<()> {
        self.put_nudge_state(contact, kind, Some(until), None)
    }

    /// Hides a nudge until the evidence behind it changes: for a contact, a
    /// new, edited or removed interaction or trust change; for over
    /// capacity, the number of people in any layer.
    pub fn dismiss_nudge(&mut self, contact: Option<ContactId>, kind: NudgeKind) -> Result<()> {
        let evidence = match contact {
            Some(id) => self
                .conn
                .query_row("SELECT evidence FROM contacts WHERE id = ?1", [id.0], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| StoreError::ContactNotFound(format!("with id {id}")))?,
            None => crate::domain::nudge::layer_evidence(&self.layer_counts()?),
        };
        self.put_nudge_state(contact, kind, None, Some(evidence))
    }

    /// Forgets any snooze or dismissal of a nudge.
    pub fn clear_nudge_state(&mut self, contact: Option<ContactId>, kind: NudgeKind) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM nudge_states WHERE ifnull(contact_id, 0) = ifnull(?1, 0) AND kind = ?2",
            params![contact.map(|c| c.0), kind],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn put_nudge_state(
        &mut self,
        contact: Option<ContactId>,
        kind: NudgeKind,
        snoozed_until: Option<NaiveDate>,
        dismissed_at_evidence: Option<i64>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
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
        tx.commit()?;
        Ok(())
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

    /// Removes snoozes that ended before `today` and dismissals whose
    /// evidence has changed: they hide nothing any more.
    pub fn prune_nudge_states(&mut self, today: NaiveDate) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut removed = tx.execute(
            "DELETE FROM nudge_states WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?1",
            [day(today)],
        )?;
        removed += tx.execute(
            "DELETE FROM nudge_states
             WHERE contact_id IS NOT NULL AND dismissed_at_evidence IS NOT NULL
               AND dismissed_at_evidence <> (
                   SELECT evidence FROM contacts WHERE contacts.id = nudge_states.contact_id)",
            [],
        )?;
        tx.commit()?;
        Ok(removed)
    }

    /// How many contacts (not archived) are at each trust level, handshake
    /// first.
    pub fn layer_counts(&self) -> Result<[u32; 5]> {
        let mut counts = [0u32; 5];
        let mut statement = self.conn.prepare_cached(
            "SELECT trust, count(*) FROM contacts WHERE archived = 0 GROUP BY trust",
        )?;
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
}
