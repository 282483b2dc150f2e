//! Capturing the rows a deletion removes, and putting them back: found
//! through the schema's foreign keys, so that a table added later is
//! covered too (see the module docs of `undo`).

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, Transaction, params_from_iter};

use super::super::{Result, StoreError};

/// Everything a deletion takes with it: the rows it removes, parents
/// before children, and the links it cuts in rows it keeps.
#[derive(Clone, Debug, Default)]
pub(in crate::store) struct Captured {
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
pub(in crate::store) fn capture_tree(
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
pub(super) fn reinsert(
    tx: &Transaction<'_>,
    captured: &Captured,
) -> Result<HashMap<(String, i64), i64>> {
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
