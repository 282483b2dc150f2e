//! Undo for logging an interaction: [`Store::log_undoable`] logs as
//! [`Store::log`] does and returns an [`Undo::Logged`], which takes back
//! all the log did in one transaction: the interaction goes, with the
//! follow-up noted in it, and the follow-ups it ticked off are open again.

use chrono::NaiveDateTime;
use rusqlite::Transaction;

use super::interactions::{LogEntry, refresh_summary};
use super::undo::{Undo, contact_name, evidence, restore_evidence};
use super::{Result, Store, StoreError};
use crate::domain::{ContactId, InteractionId, names_in_a_row};

/// An interaction logged.
#[derive(Clone, Debug)]
pub struct LoggedUndo {
    pub(super) description: String,
    /// The first person it was with.
    pub(super) contact: ContactId,
    pub(super) interaction: InteractionId,
    /// Each participant's `evidence` before and after the log.
    pub(super) evidence: Vec<(ContactId, i64, i64)>,
}

impl Store {
    /// Logs `entry` as [`Store::log`] does; the [`Undo`] takes it back.
    pub fn log_undoable(
        &mut self,
        entry: LogEntry,
        now: NaiveDateTime,
    ) -> Result<(InteractionId, Undo)> {
        let people = entry.interaction.participants.clone();
        // Checked as the log checks them, before anything is read.
        let mut checked = entry.interaction.clone();
        checked.normalise();
        checked.validate_people()?;
        let before = people
            .iter()
            .map(|&person| evidence(&self.conn, person))
            .collect::<Result<Vec<_>>>()?;
        let id = self.log(entry, now)?;
        let mut names = Vec::with_capacity(people.len());
        let mut evidences = Vec::with_capacity(people.len());
        for (&person, before) in people.iter().zip(before) {
            names.push(contact_name(&self.conn, person)?);
            evidences.push((person, before, evidence(&self.conn, person)?));
        }
        let undo = Undo::Logged(LoggedUndo {
            description: format!("Logged with {}", names_in_a_row(&names)),
            // validate_people refused an interaction with no one.
            contact: people.first().copied().unwrap_or(ContactId(0)),
            interaction: id,
            evidence: evidences,
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
    for &(person, before, after) in &logged.evidence {
        refresh_summary(tx, person)?;
        // The refresh counted one more change; if that is the only one
        // since, this is the state before the log.
        restore_evidence(tx, person, before, after + 1)?;
    }
    Ok(logged.contact)
}
