//! Undo for logging an interaction: [`Store::log_undoable`] logs as
//! [`Store::log`] does and returns an [`Undo::Logged`], which takes back
//! all the log did in one transaction: the interaction goes, with the
//! follow-up noted in it, and the follow-ups it ticked off are open again.

use chrono::NaiveDateTime;
use rusqlite::Transaction;

use super::interactions::{LogEntry, refresh_summary};
use super::undo::{Undo, contact_name, evidence, restore_evidence};
use super::{Result, Store, StoreError};
use crate::domain::{ContactId, InteractionId};

/// An interaction logged.
#[derive(Clone, Debug)]
pub struct LoggedUndo {
    pub(super) description: String,
    pub(super) contact: ContactId,
    pub(super) interaction: InteractionId,
    /// The contact's `evidence` before and after the log.
    pub(super) evidence: (i64, i64),
}

impl Store {
    /// Logs `entry` as [`Store::log`] does; the [`Undo`] takes it back.
    pub fn log_undoable(
        &mut self,
        entry: LogEntry,
        now: NaiveDateTime,
    ) -> Result<(InteractionId, Undo)> {
        let contact = entry.interaction.contact_id;
        let before = evidence(&self.conn, contact)?;
        let id = self.log(entry, now)?;
        let name = contact_name(&self.conn, contact)?;
        let undo = Undo::Logged(LoggedUndo {
            description: format!("Logged with {name}"),
            contact,
            interaction: id,
            evidence: (before, evidence(&self.conn, contact)?),
        });
        Ok((id, undo))
    }
}

/// Takes back a log, in the undo's transaction.
pub(super) fn unlog(tx: &Transaction<'_>, logged: &LoggedUndo) -> Result<ContactId> {
    let id = logged.interaction.0;
    // Reopened before the interaction goes: its deletion clears `done_with`.
    tx.execute(
        "UPDATE follow_ups SET done_at = NULL, done_with = NULL WHERE done_with = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM follow_ups WHERE noted_in = ?1", [id])?;
    let gone = tx.execute("DELETE FROM interactions WHERE id = ?1", [id])?;
    if gone == 0 {
        return Err(StoreError::CannotUndo(format!(
            "{}: it has been deleted since",
            logged.description
        )));
    }
    refresh_summary(tx, logged.contact)?;
    // The refresh counted one more change; if that is the only one since,
    // this is the state before the log.
    let (before, after) = logged.evidence;
    restore_evidence(tx, logged.contact, before, after + 1)?;
    Ok(logged.contact)
}
