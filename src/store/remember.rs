//! Follow-ups and dates to remember: adding, listing, ticking off and
//! deleting them. Ticking off and deleting return an [`Undo`].

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use super::sql::{Day, Secs, day, secs};
use super::undo::{Captured, FollowUpUndo, RemovedRows, capture_tree, contact_name};
use super::{Result, Store, StoreError, Undo};
use crate::domain::{
    ContactId, DateDraft, DateId, DateToRemember, FollowUp, FollowUpDraft, FollowUpId,
    InteractionId, YearlyDate,
};

const FOLLOW_UP_COLUMNS: &str =
    "id, uuid, contact_id, what, due, noted_in, noted_on, done_at, done_with, created_at";

const DATE_COLUMNS: &str = "id, uuid, contact_id, label, month, day, year, created_at";

fn parse_uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn follow_up_from_row(row: &Row<'_>) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        id: FollowUpId(row.get(0)?),
        uuid: parse_uuid(row, 1)?,
        fields: FollowUpDraft {
            contact_id: ContactId(row.get(2)?),
            what: row.get(3)?,
            due: row.get::<_, Option<Day>>(4)?.map(|d| d.0),
        },
        noted_in: row.get::<_, Option<i64>>(5)?.map(InteractionId),
        noted_on: row.get::<_, Day>(6)?.0,
        done_at: row.get::<_, Option<Secs>>(7)?.map(|s| s.0),
        done_with: row.get::<_, Option<i64>>(8)?.map(InteractionId),
        created_at: row.get::<_, Secs>(9)?.0,
    })
}

fn date_from_row(row: &Row<'_>) -> rusqlite::Result<DateToRemember> {
    Ok(DateToRemember {
        id: DateId(row.get(0)?),
        uuid: parse_uuid(row, 1)?,
        fields: DateDraft {
            contact_id: ContactId(row.get(2)?),
            label: row.get(3)?,
            date: YearlyDate {
                month: row.get(4)?,
                day: row.get(5)?,
                year: row.get(6)?,
            },
        },
        created_at: row.get::<_, Secs>(7)?.0,
    })
}

/// A follow-up to note along with an interaction, or on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFollowUp {
    pub what: String,
    pub due: Option<NaiveDate>,
}

/// Inserts a follow-up for `draft.contact_id`, noted on `noted_on` (with
/// `noted_in` when it came with an interaction), inside `tx`.
pub(super) fn insert_follow_up(
    tx: &Transaction<'_>,
    draft: &FollowUpDraft,
    noted_in: Option<InteractionId>,
    noted_on: NaiveDate,
    uuid: Option<Uuid>,
    created_at: NaiveDateTime,
) -> Result<FollowUpId> {
    // A follow-up noted with a back-dated interaction may be due since.
    draft.validate(noted_on.min(created_at.date()))?;
    contact_name(tx, draft.contact_id)?;
    let uuid = uuid.unwrap_or_else(Uuid::new_v4);
    tx.prepare_cached(
        "INSERT INTO follow_ups (uuid, contact_id, what, due, noted_in, noted_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        uuid.to_string(),
        draft.contact_id.0,
        draft.what.trim(),
        draft.due.map(day),
        noted_in.map(|i| i.0),
        day(noted_on),
        secs(created_at),
    ])?;
    Ok(FollowUpId(tx.last_insert_rowid()))
}

/// Marks open follow-ups of the people an interaction (written already)
/// was with done with it, at its time; ids of anyone else's (or done)
/// follow-ups are refused.
pub(super) fn tick_off(
    tx: &Transaction<'_>,
    ids: &[FollowUpId],
    with: InteractionId,
    at: NaiveDateTime,
) -> Result<()> {
    for id in ids {
        let changed = tx
            .prepare_cached(
                "UPDATE follow_ups SET done_at = ?2, done_with = ?3
                 WHERE id = ?1 AND done_at IS NULL AND contact_id IN (
                     SELECT contact_id FROM participants WHERE interaction_id = ?3)",
            )?
            .execute(params![id.0, secs(at), with.0])?;
        if changed == 0 {
            return Err(StoreError::FollowUpNotFound(*id));
        }
    }
    Ok(())
}

impl Store {
    /// Notes a follow-up on its own (not with an interaction), on `now`'s
    /// day. Its due day may not be in the past.
    pub fn add_follow_up(
        &mut self,
        draft: FollowUpDraft,
        now: NaiveDateTime,
    ) -> Result<FollowUpId> {
        let tx = self.transaction()?;
        let id = insert_follow_up(&tx, &draft, None, now.date(), None, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// One follow-up.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        load_follow_up(&self.conn, id)
    }

    /// A person's follow-ups: open ones first, soonest due first (undated
    /// after dated), then done ones, most recently done first.
    pub fn follow_ups_of(&self, contact: ContactId) -> Result<Vec<FollowUp>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups WHERE contact_id = ?1
                 ORDER BY done_at IS NOT NULL, done_at DESC, due IS NULL, due, id"
            ))?
            .query_map([contact.0], follow_up_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Everyone's follow-ups with the person's name: the open ones, soonest
    /// due first (undated ones last), or with `include_done` the done ones
    /// too, after them.
    pub fn all_follow_ups(&self, include_done: bool) -> Result<Vec<(FollowUp, String)>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {}, c.name FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
                 WHERE (?1 OR f.done_at IS NULL) AND c.archived = 0
                 ORDER BY f.done_at IS NOT NULL, f.due IS NULL, f.due, f.done_at DESC,
                          c.name COLLATE NOCASE, f.id",
                prefixed("f", FOLLOW_UP_COLUMNS)
            ))?
            .query_map([include_done], |row| {
                Ok((follow_up_from_row(row)?, row.get(10)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Marks a follow-up done (at `now`) or open again; returns how to take
    /// that back.
    pub fn set_follow_up_done(
        &mut self,
        id: FollowUpId,
        done: bool,
        now: NaiveDateTime,
    ) -> Result<Undo> {
        let tx = self.transaction()?;
        let before = load_follow_up(&tx, id)?;
        let name = contact_name(&tx, before.fields.contact_id)?;
        tx.execute(
            "UPDATE follow_ups SET done_at = ?2, done_with = NULL WHERE id = ?1",
            params![id.0, done.then(|| secs(now))],
        )?;
        tx.commit()?;
        let verb = if done { "Done" } else { "Reopened" };
        Ok(Undo::FollowUpDone(FollowUpUndo {
            description: format!("{verb}: {} ({name})", before.fields.what),
            contact: before.fields.contact_id,
            follow_up: id,
            done_at: before.done_at.map(secs),
            done_with: before.done_with.map(|i| i.0),
        }))
    }

    /// Deletes a follow-up; returns how to bring it back.
    pub fn delete_follow_up(&mut self, id: FollowUpId) -> Result<Undo> {
        let tx = self.transaction()?;
        let before = load_follow_up(&tx, id)?;
        let name = contact_name(&tx, before.fields.contact_id)?;
        let mut rows = Captured::default();
        capture_tree(&tx, "follow_ups", "id", &Value::Integer(id.0), &mut rows)?;
        tx.execute("DELETE FROM follow_ups WHERE id = ?1", [id.0])?;
        tx.commit()?;
        self.forget_deleted()?;
        Ok(Undo::DeletedRows(RemovedRows::new(
            format!("Deleted the follow-up \"{}\" ({name})", before.fields.what),
            before.fields.contact_id,
            rows,
        )))
    }

    /// Adds a date to remember about someone.
    pub fn add_date(&mut self, draft: DateDraft, now: NaiveDateTime) -> Result<DateId> {
        draft.validate(now.date())?;
        let tx = self.transaction()?;
        let id = insert_date(&tx, &draft, None, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes a date's label or day.
    pub fn update_date(&mut self, id: DateId, draft: DateDraft, now: NaiveDateTime) -> Result<()> {
        let mut draft = draft;
        draft.label = draft.label.trim().to_owned();
        draft.validate(now.date())?;
        let tx = self.transaction()?;
        let changed = tx.execute(
            "UPDATE dates SET label = ?2, month = ?3, day = ?4, year = ?5 WHERE id = ?1",
            params![
                id.0,
                draft.label,
                draft.date.month,
                draft.date.day,
                draft.date.year
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::DateNotFound(id));
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes a date to remember; returns how to bring it back.
    pub fn delete_date(&mut self, id: DateId) -> Result<Undo> {
        let tx = self.transaction()?;
        let date = tx
            .prepare_cached(&format!("SELECT {DATE_COLUMNS} FROM dates WHERE id = ?1"))?
            .query_row([id.0], date_from_row)
            .optional()?
            .ok_or(StoreError::DateNotFound(id))?;
        let name = contact_name(&tx, date.fields.contact_id)?;
        let mut rows = Captured::default();
        capture_tree(&tx, "dates", "id", &Value::Integer(id.0), &mut rows)?;
        tx.execute("DELETE FROM dates WHERE id = ?1", [id.0])?;
        tx.commit()?;
        self.forget_deleted()?;
        Ok(Undo::DeletedRows(RemovedRows::new(
            format!("Deleted {} ({name})", date.fields.label),
            date.fields.contact_id,
            rows,
        )))
    }

    /// A person's dates to remember, in calendar order.
    pub fn dates_of(&self, contact: ContactId) -> Result<Vec<DateToRemember>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DATE_COLUMNS} FROM dates WHERE contact_id = ?1 ORDER BY month, day, id"
            ))?
            .query_map([contact.0], date_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

fn load_follow_up(conn: &Connection, id: FollowUpId) -> Result<FollowUp> {
    conn.prepare_cached(&format!(
        "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups WHERE id = ?1"
    ))?
    .query_row([id.0], follow_up_from_row)
    .optional()?
    .ok_or(StoreError::FollowUpNotFound(id))
}

/// Inserts a date to remember inside `tx` (already validated).
pub(super) fn insert_date(
    tx: &Transaction<'_>,
    draft: &DateDraft,
    uuid: Option<Uuid>,
    created_at: NaiveDateTime,
) -> Result<DateId> {
    contact_name(tx, draft.contact_id)?;
    let uuid = uuid.unwrap_or_else(Uuid::new_v4);
    tx.prepare_cached(
        "INSERT INTO dates (uuid, contact_id, label, month, day, year, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        uuid.to_string(),
        draft.contact_id.0,
        draft.label.trim(),
        draft.date.month,
        draft.date.day,
        draft.date.year,
        secs(created_at),
    ])?;
    Ok(DateId(tx.last_insert_rowid()))
}

/// `columns` ("id, uuid") with each name prefixed by a table alias.
fn prefixed(alias: &str, columns: &str) -> String {
    columns
        .split(", ")
        .map(|column| format!("{alias}.{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}
