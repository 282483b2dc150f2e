//! Undo for the actions the window lets a person take back: deleting a
//! person, archiving or unarchiving one, deleting an interaction, changing
//! trust, ticking off or deleting a follow-up, and deleting a date to
//! remember.
//!
//! Each undoable action returns an [`Undo`] holding everything needed to
//! put the database back as it was: for a deletion, every row that went
//! (the person's row with its id, UUID and summary, their emails, phones,
//! tags, places in interactions, trust history and nudge states, and rows
//! of any table that refers to them, found through the schema's foreign
//! keys by `capture.rs`, so that a table added later is covered too; rows
//! that only lose a link to what was deleted, through `ON DELETE SET NULL`,
//! get the link back). Deleting a person takes them out of their group
//! interactions, and deletes the interactions left with no one: undo puts
//! back both.
//! [`Store::undo`] puts it back
//! in one transaction, with the same ids and UUIDs. An id taken meanwhile
//! (SQLite gives a new row the highest id plus one, so deleting the newest
//! person and adding another reuses the id) is the one exception: that row
//! comes back under a new id, and rows referring to it follow.
//!
//! Counters that other changes also move (a contact's `updated_at`, and the
//! `evidence` that dismissed nudges are tied to) are put back only if
//! nothing else changed them since; otherwise they keep moving forward.
//!
//! [`UndoHistory`] keeps the last actions of a session for Ctrl+Z.

mod capture;
mod history;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::interactions::{people_of, record_trust, refresh_summary, refresh_trust};
use super::sql::secs;
use super::{Result, Store, StoreError};
use crate::domain::{
    ContactId, FollowUpId, InteractionId, NudgeKind, TrustLevel, validate_trust_change,
};
use capture::reinsert;
pub(in crate::store) use capture::{Captured, capture_tree};
pub use history::UndoHistory;

/// What it takes to undo one action. Its [`description`](Undo::description)
/// says what the action was ("Deleted Ada Lovelace"), for a toast.
#[derive(Clone, Debug)]
#[must_use = "the action cannot be undone once its Undo is dropped"]
pub enum Undo {
    DeletedContact(RemovedRows),
    Archived(ArchiveUndo),
    DeletedInteraction(RemovedRows),
    TrustChanged(TrustUndo),
    FollowUpDone(FollowUpUndo),
    /// A follow-up or a date to remember deleted.
    DeletedRows(RemovedRows),
    /// A nudge snoozed or dismissed.
    Hidden(HiddenUndo),
    /// "Skip this time" on a neglect nudge.
    Skipped(SkipUndo),
    /// An interaction logged ([`Store::log_undoable`]).
    Logged(super::unlog::LoggedUndo),
}

/// A nudge snoozed or dismissed: its state before, if it had one.
#[derive(Clone, Debug)]
pub struct HiddenUndo {
    pub(super) description: String,
    pub(super) contact: Option<ContactId>,
    pub(super) kind: NudgeKind,
    pub(super) before: Option<(Option<NaiveDate>, Option<i64>)>,
}

/// A skip recorded.
#[derive(Clone, Debug)]
pub struct SkipUndo {
    pub(super) description: String,
    pub(super) contact: ContactId,
    pub(super) skip: i64,
}

/// Rows a deletion removed.
#[derive(Clone, Debug)]
pub struct RemovedRows {
    description: String,
    contact: ContactId,
    rows: Captured,
    /// For a deleted interaction: each participant's `evidence` before and
    /// after.
    evidence: Vec<(ContactId, i64, i64)>,
}

impl RemovedRows {
    pub(super) fn new(description: String, contact: ContactId, rows: Captured) -> Self {
        Self {
            description,
            contact,
            rows,
            evidence: Vec::new(),
        }
    }
}

/// A follow-up ticked off or opened again: what it was before.
#[derive(Clone, Debug)]
pub struct FollowUpUndo {
    pub(super) description: String,
    pub(super) contact: ContactId,
    pub(super) follow_up: FollowUpId,
    pub(super) done_at: Option<i64>,
    pub(super) done_with: Option<i64>,
}

/// An archive or unarchive.
#[derive(Clone, Debug)]
pub struct ArchiveUndo {
    description: String,
    contact: ContactId,
    archived_before: bool,
    updated_before: i64,
    updated_after: i64,
}

/// A trust change.
#[derive(Clone, Debug)]
pub struct TrustUndo {
    description: String,
    contact: ContactId,
    change: i64,
    evidence: (i64, i64),
}

impl Undo {
    /// What the action was, in a few words: "Deleted Ada Lovelace".
    pub fn description(&self) -> &str {
        match self {
            Self::DeletedContact(r) | Self::DeletedInteraction(r) | Self::DeletedRows(r) => {
                &r.description
            }
            Self::Archived(a) => &a.description,
            Self::TrustChanged(t) => &t.description,
            Self::FollowUpDone(f) => &f.description,
            Self::Hidden(h) => &h.description,
            Self::Skipped(k) => &k.description,
            Self::Logged(l) => &l.description,
        }
    }

    /// Everyone whose facts the action (and its undo) changed: everyone a
    /// deleted interaction was with, else [`Undo::contact`].
    pub fn people(&self) -> Vec<ContactId> {
        match self {
            Self::DeletedInteraction(r) => r.evidence.iter().map(|(id, _, _)| *id).collect(),
            Self::Logged(l) => l.evidence.iter().map(|(id, _, _)| *id).collect(),
            _ => self.contact().into_iter().collect(),
        }
    }

    /// The person the action was about (`None` for a nudge about no one,
    /// such as over capacity).
    pub fn contact(&self) -> Option<ContactId> {
        match self {
            Self::DeletedContact(r) | Self::DeletedInteraction(r) | Self::DeletedRows(r) => {
                Some(r.contact)
            }
            Self::Archived(a) => Some(a.contact),
            Self::TrustChanged(t) => Some(t.contact),
            Self::FollowUpDone(f) => Some(f.contact),
            Self::Hidden(h) => h.contact,
            Self::Skipped(k) => Some(k.contact),
            Self::Logged(l) => Some(l.contact),
        }
    }
}

impl Store {
    /// Deletes a contact with their trust history, nudge states and so on,
    /// takes them out of their group interactions and deletes the
    /// interactions that were with them alone; returns what it takes to
    /// bring all of it back.
    pub fn delete_contact(&mut self, id: ContactId) -> Result<Undo> {
        let tx = self.transaction()?;
        let name = contact_name(&tx, id)?;
        let theirs: Vec<i64> = tx
            .prepare_cached("SELECT interaction_id FROM participants WHERE contact_id = ?1")?
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut rows = Captured::default();
        capture_tree(&tx, "contacts", "id", &Value::Integer(id.0), &mut rows)?;
        tx.execute("DELETE FROM contacts WHERE id = ?1", [id.0])?;
        // Their places in interactions went with them; an interaction left
        // with no one goes too (captured now, so its own participants, gone
        // already, are not captured twice).
        let mut empty = tx.prepare_cached(
            "SELECT NOT EXISTS (SELECT 1 FROM participants WHERE interaction_id = ?1)",
        )?;
        for interaction in theirs {
            if empty.query_row([interaction], |r| r.get::<_, bool>(0))? {
                let key = Value::Integer(interaction);
                capture_tree(&tx, "interactions", "id", &key, &mut rows)?;
                tx.execute("DELETE FROM interactions WHERE id = ?1", [interaction])?;
            }
        }
        drop(empty);
        tx.commit()?;
        self.forget_deleted()?;
        Ok(Undo::DeletedContact(RemovedRows::new(
            format!("Deleted {name}"),
            id,
            rows,
        )))
    }

    /// Archives or unarchives a contact. Archived contacts get no nudges
    /// and are hidden from lists by default; nothing is deleted.
    pub fn set_archived(
        &mut self,
        id: ContactId,
        archived: bool,
        now: NaiveDateTime,
    ) -> Result<Undo> {
        let tx = self.transaction()?;
        let name = contact_name(&tx, id)?;
        let (archived_before, updated_before): (bool, i64) = tx.query_row(
            "SELECT archived, updated_at FROM contacts WHERE id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        tx.execute(
            "UPDATE contacts SET archived = ?2, updated_at = ?3 WHERE id = ?1",
            rusqlite::params![id.0, archived, secs(now)],
        )?;
        tx.commit()?;
        let verb = if archived { "Archived" } else { "Unarchived" };
        Ok(Undo::Archived(ArchiveUndo {
            description: format!("{verb} {name}"),
            contact: id,
            archived_before,
            updated_before,
            updated_after: secs(now),
        }))
    }

    /// Deletes one interaction, keeping the summary of everyone it was
    /// with up to date.
    pub fn delete_interaction(&mut self, id: InteractionId) -> Result<Undo> {
        let tx = self.transaction()?;
        let people = people_of(&tx, id)?;
        let names = people
            .iter()
            .map(|&person| contact_name(&tx, person))
            .collect::<Result<Vec<_>>>()?;
        let before = people
            .iter()
            .map(|&person| evidence(&tx, person))
            .collect::<Result<Vec<_>>>()?;
        let mut rows = Captured::default();
        capture_tree(&tx, "interactions", "id", &Value::Integer(id.0), &mut rows)?;
        tx.execute("DELETE FROM interactions WHERE id = ?1", [id.0])?;
        let mut evidences = Vec::with_capacity(people.len());
        for (&person, before) in people.iter().zip(before) {
            refresh_summary(&tx, person)?;
            evidences.push((person, before, evidence(&tx, person)?));
        }
        tx.commit()?;
        self.forget_deleted()?;
        Ok(Undo::DeletedInteraction(RemovedRows {
            description: format!(
                "Deleted an interaction with {}",
                crate::domain::names_in_a_row(&names)
            ),
            // An interaction always has someone; 0 is no one's id.
            contact: people.first().copied().unwrap_or(ContactId(0)),
            rows,
            evidence: evidences,
        }))
    }

    /// Records a trust assessment and makes the contact's level that of the
    /// assessment with the latest date.
    pub fn set_trust(
        &mut self,
        contact: ContactId,
        level: TrustLevel,
        on: NaiveDate,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<Undo> {
        let reason = reason.trim();
        validate_trust_change(on, reason, now.date())?;
        let tx = self.transaction()?;
        let name = contact_name(&tx, contact)?;
        let before = evidence(&tx, contact)?;
        let change = record_trust(&tx, contact, level, on, reason, now)?;
        let after = evidence(&tx, contact)?;
        tx.commit()?;
        Ok(Undo::TrustChanged(TrustUndo {
            description: format!("Changed trust in {name} to {level}"),
            contact,
            change: change.0,
            evidence: (before, after),
        }))
    }

    /// Takes an action back, in one transaction (see the module docs).
    /// Returns the contact it was about, whose id is new only if a deleted
    /// contact's id was taken meanwhile. Fails with
    /// [`StoreError::CannotUndo`], changing nothing, when later changes
    /// make it impossible (the person was deleted since, say).
    pub fn undo(&mut self, undo: Undo) -> Result<Option<ContactId>> {
        let tx = self.transaction()?;
        let contact = match undo {
            Undo::DeletedContact(removed) => {
                let ids = reinsert(&tx, &removed.rows)?;
                Some(
                    ids.get(&("contacts".to_owned(), removed.contact.0))
                        .map_or(removed.contact, |&id| ContactId(id)),
                )
            }
            Undo::DeletedInteraction(removed) => {
                for &(person, _, _) in &removed.evidence {
                    contact_name(&tx, person).map_err(|_| {
                        StoreError::CannotUndo(format!(
                            "{}: someone it was with has been deleted since",
                            removed.description
                        ))
                    })?;
                }
                reinsert(&tx, &removed.rows)?;
                for &(person, before, after) in &removed.evidence {
                    refresh_summary(&tx, person)?;
                    // The refresh counted one more change; if that is the
                    // only one since, this is the state before the delete.
                    restore_evidence(&tx, person, before, after + 1)?;
                }
                Some(removed.contact)
            }
            Undo::Archived(change) => {
                let changed = tx.execute(
                    "UPDATE contacts SET archived = ?2,
                         updated_at = CASE updated_at WHEN ?4 THEN ?3 ELSE updated_at END
                     WHERE id = ?1",
                    rusqlite::params![
                        change.contact.0,
                        change.archived_before,
                        change.updated_before,
                        change.updated_after
                    ],
                )?;
                if changed == 0 {
                    return Err(StoreError::CannotUndo(format!(
                        "{}: the person has been deleted since",
                        change.description
                    )));
                }
                Some(change.contact)
            }
            Undo::DeletedRows(removed) => {
                reinsert(&tx, &removed.rows)?;
                Some(removed.contact)
            }
            Undo::Hidden(hidden) => {
                tx.execute(
                    "DELETE FROM nudge_states
                     WHERE ifnull(contact_id, 0) = ifnull(?1, 0) AND kind = ?2",
                    rusqlite::params![hidden.contact.map(|c| c.0), hidden.kind],
                )?;
                if let Some((until, evidence)) = hidden.before {
                    tx.execute(
                        "INSERT INTO nudge_states
                             (contact_id, kind, snoozed_until, dismissed_at_evidence)
                         VALUES (?1, ?2, ?3, ?4)",
                        rusqlite::params![
                            hidden.contact.map(|c| c.0),
                            hidden.kind,
                            until.map(super::sql::day),
                            evidence
                        ],
                    )?;
                }
                hidden.contact
            }
            Undo::Skipped(skip) => {
                tx.execute("DELETE FROM skips WHERE id = ?1", [skip.skip])?;
                Some(skip.contact)
            }
            Undo::Logged(logged) => Some(super::unlog::unlog(&tx, &logged)?),
            Undo::FollowUpDone(change) => {
                let changed = tx.execute(
                    "UPDATE follow_ups SET done_at = ?2, done_with = ?3 WHERE id = ?1",
                    rusqlite::params![change.follow_up.0, change.done_at, change.done_with],
                )?;
                if changed == 0 {
                    return Err(StoreError::CannotUndo(format!(
                        "{}: it has been deleted since",
                        change.description
                    )));
                }
                Some(change.contact)
            }
            Undo::TrustChanged(change) => {
                let removed =
                    tx.execute("DELETE FROM trust_changes WHERE id = ?1", [change.change])?;
                if removed == 0 {
                    return Err(StoreError::CannotUndo(format!(
                        "{}: the person or that assessment has been deleted since",
                        change.description
                    )));
                }
                refresh_trust(&tx, change.contact)?;
                restore_evidence(&tx, change.contact, change.evidence.0, change.evidence.1)?;
                Some(change.contact)
            }
        };
        tx.commit()?;
        Ok(contact)
    }
}

/// The name of a contact, or [`StoreError::ContactNotFound`].
pub(super) fn contact_name(conn: &Connection, id: ContactId) -> Result<String> {
    conn.query_row("SELECT name FROM contacts WHERE id = ?1", [id.0], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| StoreError::ContactNotFound(format!("with id {id}")))
}

pub(super) fn evidence(conn: &Connection, id: ContactId) -> Result<i64> {
    Ok(
        conn.query_row("SELECT evidence FROM contacts WHERE id = ?1", [id.0], |r| {
            r.get(0)
        })?,
    )
}

/// Sets a contact's evidence back to `before` if it is still `expected`
/// (nothing else changed it since the action).
pub(super) fn restore_evidence(
    tx: &Transaction<'_>,
    id: ContactId,
    before: i64,
    expected: i64,
) -> Result<()> {
    tx.execute(
        "UPDATE contacts SET evidence = ?2 WHERE id = ?1 AND evidence = ?3",
        rusqlite::params![id.0, before, expected],
    )?;
    Ok(())
}
