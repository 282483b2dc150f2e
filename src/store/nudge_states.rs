//! Snoozes and dismissals of nudges, the size of each trust layer, and the
//! nudges due on a day (loaded here, decided by `domain::nudge`).
//!
//! A state belongs to one (contact, kind); deleting the contact deletes it
//! (`ON DELETE CASCADE`), and [`Store::prune_nudge_states`] removes any
//! state that can no longer hide anything, including one whose contact is
//! gone from a file written without foreign keys. States of unknown
//! contacts are never an error: they simply hide nothing.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::Undo;
use super::sql::{Day, day, secs};
use super::undo::{HiddenUndo, SkipUndo, contact_name};
use super::{Result, Store, StoreError};
use crate::domain::nudge::{
    Evaluation, dates_dismissed_until, intimate_lookback, layer_evidence, validate_target,
};
use crate::domain::{ContactId, Nudge, NudgeKind, NudgeState};

impl Store {
    /// Everything due on `today`: loads the facts, settings and snoozes and
    /// dismissals in one read transaction (a consistent snapshot even while
    /// another process writes) and hands them to the nudge rules.
    pub fn due_nudges(&self, today: NaiveDate) -> Result<Vec<Nudge>> {
        let read = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let settings = self.settings()?;
        let states = self.nudge_states()?;
        // Judged a batch at a time, as read: everyone's facts at once would
        // be tens of megabytes at 100,000 people.
        let mut evaluation = Evaluation::new(today, &settings, &states);
        self.nudge_facts_in_batches(today, intimate_lookback(today, &settings), &mut |batch| {
            evaluation.add(&batch)
        })?;
        // Read and judged together, a batch at a time.
        crate::timings::mark("nudge facts");
        read.finish()?;
        Ok(evaluation.finish())
    }

    /// Hides a nudge until `until` (it shows again on that day); returns
    /// how to take that back.
    pub fn snooze_nudge(
        &mut self,
        contact: Option<ContactId>,
        kind: NudgeKind,
        until: NaiveDate,
    ) -> Result<Undo> {
        let tx = self.transaction()?;
        let before = nudge_state(&tx, contact, kind)?;
        put_nudge_state(&tx, contact, kind, Some(until), None)?;
        let description = format!("Snoozed until {}", until.format("%-d %B"));
        let undo = hidden_undo(&tx, description, contact, kind, before)?;
        tx.commit()?;
        Ok(undo)
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
    ) -> Result<Undo> {
        validate_target(contact, kind)?;
        if kind == NudgeKind::Date {
            let until = dates_dismissed_until(today, &self.settings()?);
            return self.snooze_nudge(contact, kind, until);
        }
        let tx = self.transaction()?;
        let before = nudge_state(&tx, contact, kind)?;
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
        let undo = hidden_undo(&tx, "Dismissed".to_owned(), contact, kind, before)?;
        tx.commit()?;
        Ok(undo)
    }

    /// "Skip this time": restarts a person's neglect clock from `today`
    /// without an interaction, and keeps the skip (their page shows it,
    /// and several in a row suggest a longer cadence). Returns how to take
    /// it back.
    pub fn skip_neglect(
        &mut self,
        contact: ContactId,
        today: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Undo> {
        let tx = self.transaction()?;
        let name = contact_name(&tx, contact)?;
        tx.prepare_cached(
            "INSERT INTO skips (contact_id, skipped_on, created_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![contact.0, day(today), secs(now)])?;
        let skip = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Undo::Skipped(SkipUndo {
            description: format!("Skipped {name} this time"),
            contact,
            skip,
        }))
    }

    /// The days someone's neglect nudge was skipped, newest first.
    pub fn skips_of(&self, contact: ContactId) -> Result<Vec<NaiveDate>> {
        let days = self
            .conn
            .prepare_cached(
                "SELECT skipped_on FROM skips WHERE contact_id = ?1
                 ORDER BY skipped_on DESC, id DESC",
            )?
            .query_map([contact.0], |r| Ok(r.get::<_, Day>(0)?.0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(days)
    }

    /// Forgets any snooze or dismissal of a nudge; returns whether there
    /// was one.
    pub fn clear_nudge_state(
        &mut self,
        contact: Option<ContactId>,
        kind: NudgeKind,
    ) -> Result<bool> {
        let tx = self.transaction()?;
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

    /// Every snooze and dismissal that hides something on `today`, with the
    /// person's name: what a person can restore. Snoozed ones first, ending
    /// soonest first; then dismissed ones, by name.
    pub fn hidden_nudges(&self, today: NaiveDate) -> Result<Vec<HiddenNudge>> {
        let layers = layer_evidence(&self.layer_counts()?);
        let mut hidden: Vec<HiddenNudge> = self
            .conn
            .prepare_cached(
                "SELECT s.contact_id, c.name, s.kind, s.snoozed_until,
                        s.dismissed_at_evidence, c.evidence
                 FROM nudge_states s LEFT JOIN contacts c ON c.id = s.contact_id
                 WHERE s.contact_id IS NULL OR c.id IS NOT NULL",
            )?
            .query_map([], |row| {
                let contact = row.get::<_, Option<i64>>(0)?.map(ContactId);
                let name: Option<String> = row.get(1)?;
                let evidence: Option<i64> = row.get(5)?;
                let dismissed_at: Option<i64> = row.get(4)?;
                Ok(HiddenNudge {
                    contact: contact.zip(name),
                    kind: row.get(2)?,
                    snoozed_until: row.get::<_, Option<Day>>(3)?.map(|d| d.0),
                    dismissed: dismissed_at.is_some()
                        && dismissed_at
                            == if contact.is_some() {
                                evidence
                            } else {
                                Some(layers)
                            },
                })
            })?
            .filter(|hidden| {
                hidden.as_ref().map_or(true, |h| {
                    h.dismissed || h.snoozed_until.is_some_and(|d| d > today)
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        hidden.sort_by(|a, b| {
            (a.snoozed_until.is_none(), a.snoozed_until, a.name_key()).cmp(&(
                b.snoozed_until.is_none(),
                b.snoozed_until,
                b.name_key(),
            ))
        });
        Ok(hidden)
    }

    /// Removes every state that hides nothing on `today` or later: snoozes
    /// that end on or before `today`, dismissals whose evidence has changed
    /// (for over capacity, the number of people at some level), and states
    /// of contacts that no longer exist. Returns how many went.
    pub fn prune_nudge_states(&mut self, today: NaiveDate) -> Result<usize> {
        let tx = self.transaction()?;
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
/// A nudge that a snooze or a dismissal hides today.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HiddenNudge {
    /// The person, or `None` for over capacity.
    #[serde(skip)]
    pub contact: Option<(ContactId, String)>,
    pub kind: NudgeKind,
    /// Hidden until this day (it shows again on it).
    pub snoozed_until: Option<NaiveDate>,
    /// Hidden until something changes.
    pub dismissed: bool,
}

impl HiddenNudge {
    fn name_key(&self) -> Option<String> {
        self.contact.as_ref().map(|(_, name)| name.to_lowercase())
    }
}

/// The snooze or dismissal of one nudge, if there is one.
fn nudge_state(
    conn: &Connection,
    contact: Option<ContactId>,
    kind: NudgeKind,
) -> Result<Option<(Option<NaiveDate>, Option<i64>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT snoozed_until, dismissed_at_evidence FROM nudge_states
             WHERE ifnull(contact_id, 0) = ifnull(?1, 0) AND kind = ?2",
        )?
        .query_row(params![contact.map(|c| c.0), kind], |r| {
            Ok((r.get::<_, Option<Day>>(0)?.map(|d| d.0), r.get(1)?))
        })
        .optional()?)
}

/// How to put a nudge's state back as `before` it was hidden.
fn hidden_undo(
    conn: &Connection,
    verb: String,
    contact: Option<ContactId>,
    kind: NudgeKind,
    before: Option<(Option<NaiveDate>, Option<i64>)>,
) -> Result<Undo> {
    let about = match contact {
        Some(id) => format!(" ({})", contact_name(conn, id)?),
        None => String::new(),
    };
    Ok(Undo::Hidden(HiddenUndo {
        description: format!("{verb}: {}{about}", kind.label()),
        contact,
        kind,
        before,
    }))
}

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
