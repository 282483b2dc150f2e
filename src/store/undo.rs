//! Undo for the actions the window lets a person take back: deleting a
//! person, archiving or unarchiving one, deleting an interaction, changing
//! trust, ticking off or deleting a follow-up, and deleting a date to
//! remember.
//!
//! Each undoable action returns an [`Undo`] holding everything needed to
//! put the database back as it was: for a deletion, every row that went
//! (the person's row with its id, UUID and summary, their emails, phones,
//! tags, interactions, trust history and nudge states, and rows of any
//! table that refers to them, found through the schema's foreign keys, so
//! that a table added later is covered too; rows that only lose a link to
//! what was deleted, through `ON DELETE SET NULL`, get the link back).
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

use std::collections::{HashMap, VecDeque};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params_from_iter};

use super::interactions::{contact_of, record_trust, refresh_summary, refresh_trust};
use super::sql::secs;
use super::{Result, Store, StoreError};
use crate::domain::{
    ContactId, FollowUpId, InteractionId, NudgeKind, TrustLevel, validate_trust_change,
};

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
    /// The contact's `evidence` before and after (deleted interactions).
    evidence: Option<(i64, i64)>,
}

impl RemovedRows {
    pub(super) fn new(description: String, contact: ContactId, rows: Captured) -> Self {
        Self {
            description,
            contact,
            rows,
            evidence: None,
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

/// Everything a deletion takes with it: the rows it removes, parents
/// before children, and the links it cuts in rows it keeps.
#[derive(Clone, Debug, Default)]
pub(super) struct Captured {
    rows: Vec<Rows>,
    relinks: Vec<Relink>,
    /// (table, rowid) of every row captured, so a row reached twice (a
    /// follow-up is both a person's and an interaction's) is kept once.
    seen: std::collections::HashSet<(String, i64)>,
}

/// Every row of one table that an action removed, as it was.
#[derive(Clone, Debug)]
struct Rows {
    table: String,
    columns: Vec<String>,
    values: Vec<Vec<Value>>,
}

/// A link that `ON DELETE SET NULL` cuts: `table.column` of the row with
/// this rowid pointed at `target` row `value`.
#[derive(Clone, Debug)]
struct Relink {
    table: String,
    rowid: i64,
    column: String,
    target: String,
    value: i64,
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
    /// Deletes a contact with all their interactions, trust history and
    /// nudge states, returning what it takes to bring them back.
    pub fn delete_contact(&mut self, id: ContactId) -> Result<Undo> {
        let tx = self.transaction()?;
        let name = contact_name(&tx, id)?;
        let mut rows = Captured::default();
        capture_tree(&tx, "contacts", "id", &Value::Integer(id.0), &mut rows)?;
        tx.execute("DELETE FROM contacts WHERE id = ?1", [id.0])?;
        tx.commit()?;
        self.forget_deleted()?;
        Ok(Undo::DeletedContact(RemovedRows {
            description: format!("Deleted {name}"),
            contact: id,
            rows,
            evidence: None,
        }))
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

    /// Deletes one interaction, keeping the contact's summary up to date.
    pub fn delete_interaction(&mut self, id: InteractionId) -> Result<Undo> {
        let tx = self.transaction()?;
        let contact = contact_of(&tx, id)?;
        let name = contact_name(&tx, contact)?;
        let before = evidence(&tx, contact)?;
        let mut rows = Captured::default();
        capture_tree(&tx, "interactions", "id", &Value::Integer(id.0), &mut rows)?;
        tx.execute("DELETE FROM interactions WHERE id = ?1", [id.0])?;
        refresh_summary(&tx, contact)?;
        let after = evidence(&tx, contact)?;
        tx.commit()?;
        self.forget_deleted()?;
        Ok(Undo::DeletedInteraction(RemovedRows {
            description: format!("Deleted an interaction with {name}"),
            contact,
            rows,
            evidence: Some((before, after)),
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
                let gone = || {
                    StoreError::CannotUndo(format!(
                        "{}: the person has been deleted since",
                        removed.description
                    ))
                };
                contact_name(&tx, removed.contact).map_err(|_| gone())?;
                reinsert(&tx, &removed.rows)?;
                refresh_summary(&tx, removed.contact)?;
                if let Some((before, after)) = removed.evidence {
                    // The refresh counted one more change; if that is the
                    // only one since, this is the state before the delete.
                    restore_evidence(&tx, removed.contact, before, after + 1)?;
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

/// A table's foreign keys: (column, referenced table, referenced column).
fn foreign_keys(conn: &Connection, table: &str) -> Result<Vec<(String, String, Option<String>)>> {
    Ok(foreign_keys_with_action(conn, table)?
        .into_iter()
        .map(|(column, target, target_column, _)| (column, target, target_column))
        .collect())
}

/// One foreign key: (column, referenced table, referenced column, what
/// deleting the referenced row does: its `ON DELETE` action).
type ForeignKey = (String, String, Option<String>, String);

/// A table's foreign keys, with their `ON DELETE` actions.
fn foreign_keys_with_action(conn: &Connection, table: &str) -> Result<Vec<ForeignKey>> {
    let mut statement = conn.prepare(&format!("PRAGMA foreign_key_list(\"{table}\")"))?;
    let keys = statement
        .query_map([], |r| {
            Ok((
                r.get("from")?,
                r.get("table")?,
                r.get("to")?,
                r.get("on_delete")?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(keys)
}

/// The table's `INTEGER PRIMARY KEY` column (its rowid), if it has one.
fn rowid_column(conn: &Connection, table: &str) -> Result<Option<String>> {
    let mut statement = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let keys: Vec<(String, String)> = statement
        .query_map([], |r| {
            Ok((r.get("name")?, r.get("type")?, r.get::<_, i64>("pk")?))
        })?
        .filter_map(|row| match row {
            Ok((name, kind, pk)) if pk > 0 => Some(Ok((name, kind))),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;
    Ok(match keys.as_slice() {
        [(name, kind)] if kind.eq_ignore_ascii_case("INTEGER") => Some(name.clone()),
        _ => None,
    })
}

/// The tables whose rows refer to rows of `parent`: (table, its column,
/// the parent's column, whether deleting the parent deletes the row
/// (`CASCADE`) rather than cutting the link (`SET NULL`)).
fn children(conn: &Connection, parent: &str) -> Result<Vec<(String, String, String, bool)>> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = Vec::new();
    for table in tables {
        for (column, target, target_column, on_delete) in foreign_keys_with_action(conn, &table)? {
            if target.eq_ignore_ascii_case(parent) {
                let target_column = match target_column {
                    Some(column) => column,
                    None => rowid_column(conn, parent)?.unwrap_or_else(|| "rowid".to_owned()),
                };
                let cascades = !on_delete.eq_ignore_ascii_case("SET NULL");
                found.push((table.clone(), column, target_column, cascades));
            }
        }
    }
    Ok(found)
}

/// Captures the rows of `table` whose `column` is `value`, then, through
/// the foreign keys, every row that refers to them (and the links that
/// deleting them would cut), ordered parents before children: the order
/// they can be inserted back in.
pub(super) fn capture_tree(
    conn: &Connection,
    table: &str,
    column: &str,
    value: &Value,
    out: &mut Captured,
) -> Result<()> {
    capture_rows(conn, table, column, value, out)?;
    let ranks = table_ranks(conn, out.rows.iter().map(|rows| rows.table.as_str()))?;
    // A stable sort: rows of one table keep the order they were found in.
    out.rows
        .sort_by_key(|rows| ranks.get(&rows.table).copied().unwrap_or_default());
    Ok(())
}

fn capture_rows(
    conn: &Connection,
    table: &str,
    column: &str,
    value: &Value,
    out: &mut Captured,
) -> Result<()> {
    let mut statement = conn.prepare(&format!(
        "SELECT * FROM \"{table}\" WHERE \"{column}\" = ?1"
    ))?;
    let columns: Vec<String> = statement
        .column_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut values: Vec<Vec<Value>> = statement
        .query_map([value], |row| {
            (0..columns.len()).map(|i| row.get::<_, Value>(i)).collect()
        })?
        .collect::<rusqlite::Result<_>>()?;
    drop(statement);
    let key = rowid_column(conn, table)?.and_then(|key| columns.iter().position(|c| *c == key));
    if let Some(at) = key {
        values.retain(|row| match row[at] {
            Value::Integer(id) => out.seen.insert((table.to_owned(), id)),
            _ => true,
        });
    }
    if values.is_empty() {
        return Ok(());
    }
    let children = children(conn, table)?;
    out.rows.push(Rows {
        table: table.to_owned(),
        columns: columns.clone(),
        values: values.clone(),
    });
    for (child, child_column, parent_column, cascades) in children {
        let Some(at) = columns.iter().position(|c| *c == parent_column) else {
            continue;
        };
        for row in &values {
            if cascades {
                capture_rows(conn, &child, &child_column, &row[at], out)?;
            } else if let Value::Integer(target) = row[at] {
                capture_relinks(conn, &child, &child_column, table, target, out)?;
            }
        }
    }
    Ok(())
}

/// Notes the rows of `table` whose `column` points at `target` row
/// `value`, which deleting it will set to NULL.
fn capture_relinks(
    conn: &Connection,
    table: &str,
    column: &str,
    target: &str,
    value: i64,
    out: &mut Captured,
) -> Result<()> {
    let rowids: Vec<i64> = conn
        .prepare(&format!(
            "SELECT rowid FROM \"{table}\" WHERE \"{column}\" = ?1"
        ))?
        .query_map([value], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    out.relinks.extend(rowids.into_iter().map(|rowid| Relink {
        table: table.to_owned(),
        rowid,
        column: column.to_owned(),
        target: target.to_owned(),
        value,
    }));
    Ok(())
}

/// How deep each table sits under the tables it refers to (0 for one that
/// refers to none), so that captured rows can go back parents first.
fn table_ranks<'a>(
    conn: &Connection,
    tables: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, usize>> {
    fn rank(conn: &Connection, table: &str, ranks: &mut HashMap<String, usize>) -> Result<usize> {
        if let Some(&known) = ranks.get(table) {
            return Ok(known);
        }
        // Provisional, in case a table refers to itself.
        ranks.insert(table.to_owned(), 0);
        let mut deepest = 0;
        for (_, target, _) in foreign_keys(conn, table)? {
            if !target.eq_ignore_ascii_case(table) {
                deepest = deepest.max(rank(conn, &target, ranks)? + 1);
            }
        }
        ranks.insert(table.to_owned(), deepest);
        Ok(deepest)
    }
    let mut ranks = HashMap::new();
    for table in tables {
        rank(conn, table, &mut ranks)?;
    }
    Ok(ranks)
}

/// Inserts captured rows back, parents first. A row whose integer key was
/// taken meanwhile gets a new one, and rows referring to it follow; the
/// returned map says which (table, old id) became which new id.
fn reinsert(tx: &Transaction<'_>, captured: &Captured) -> Result<HashMap<(String, i64), i64>> {
    let mut moved: HashMap<(String, i64), i64> = HashMap::new();
    for rows in &captured.rows {
        let key = rowid_column(tx, &rows.table)?
            .and_then(|key| rows.columns.iter().position(|c| *c == key));
        let references: Vec<(usize, String)> = foreign_keys(tx, &rows.table)?
            .into_iter()
            .filter_map(|(column, target, _)| {
                rows.columns
                    .iter()
                    .position(|c| *c == column)
                    .map(|at| (at, target))
            })
            .collect();
        let names: Vec<String> = rows.columns.iter().map(|c| format!("\"{c}\"")).collect();
        let slots: Vec<String> = (1..=rows.columns.len()).map(|i| format!("?{i}")).collect();
        let mut insert = tx.prepare(&format!(
            "INSERT INTO \"{}\" ({}) VALUES ({})",
            rows.table,
            names.join(", "),
            slots.join(", ")
        ))?;
        for row in &rows.values {
            let mut row = row.clone();
            for (at, target) in &references {
                if let Value::Integer(old) = row[*at]
                    && let Some(&new) = moved.get(&(target.clone(), old))
                {
                    row[*at] = Value::Integer(new);
                }
            }
            let old_key = key.and_then(|at| match row[at] {
                Value::Integer(id) => Some((at, id)),
                _ => None,
            });
            if let Some((at, id)) = old_key {
                let taken = tx
                    .prepare(&format!(
                        "SELECT 1 FROM \"{}\" WHERE rowid = ?1",
                        rows.table
                    ))?
                    .exists([id])?;
                if taken {
                    row[at] = Value::Null;
                }
            }
            insert
                .execute(params_from_iter(&row))
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::CannotUndo(
                        format!("what it restores clashes with a later change ({e})"),
                    ),
                    _ => e.into(),
                })?;
            if let Some((_, id)) = old_key {
                let new = tx.last_insert_rowid();
                if new != id {
                    moved.insert((rows.table.clone(), id), new);
                }
            }
        }
    }
    // Links the deletion cut, in rows it kept: put back where nothing set
    // them to something else since.
    for relink in &captured.relinks {
        let target = moved
            .get(&(relink.target.clone(), relink.value))
            .copied()
            .unwrap_or(relink.value);
        let rowid = moved
            .get(&(relink.table.clone(), relink.rowid))
            .copied()
            .unwrap_or(relink.rowid);
        tx.execute(
            &format!(
                "UPDATE \"{}\" SET \"{}\" = ?1 WHERE rowid = ?2 AND \"{}\" IS NULL",
                relink.table, relink.column, relink.column
            ),
            rusqlite::params![target, rowid],
        )?;
    }
    Ok(moved)
}

/// The last actions of a session, newest last, for Ctrl+Z and the undo
/// toast. Holds at most `limit` actions; older ones are forgotten.
#[derive(Debug)]
pub struct UndoHistory {
    entries: VecDeque<Undo>,
    limit: usize,
}

impl Default for UndoHistory {
    fn default() -> Self {
        Self::with_limit(Self::DEFAULT_LIMIT)
    }
}

impl UndoHistory {
    /// How many actions a session can take back by default.
    pub const DEFAULT_LIMIT: usize = 20;

    pub fn with_limit(limit: usize) -> Self {
        Self {
            entries: VecDeque::with_capacity(limit.min(64)),
            limit,
        }
    }

    /// Remembers an action; forgets the oldest beyond the limit.
    pub fn push(&mut self, undo: Undo) {
        if self.limit == 0 {
            return;
        }
        if self.entries.len() == self.limit {
            self.entries.pop_front();
        }
        self.entries.push_back(undo);
    }

    /// The newest action, to undo it.
    pub fn pop(&mut self) -> Option<Undo> {
        self.entries.pop_back()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
