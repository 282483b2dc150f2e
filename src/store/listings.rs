//! Contacts as lists show them, for the window's people list: one pass over
//! the contacts table, with tags gathered per row.

use rusqlite::Row;

use super::sql::{Day, Secs};
use super::{Result, Store};
use crate::domain::{ContactId, ContactListing, known_since};

/// Separates tags inside one column; it cannot be typed in a tag.
const TAG_SEPARATOR: char = '\u{1f}';

const LISTING_QUERY: &str = "SELECT id, name, nickname, organisation, circle, met_via, met_where,
        trust, archived, notes, met_on, created_at, first_interaction_at, last_interaction_at,
        interaction_count,
        (SELECT group_concat(tag, char(31) ORDER BY position) FROM contact_tags
         WHERE contact_id = contacts.id)
     FROM contacts";

fn listing_from_row(row: &Row<'_>) -> rusqlite::Result<ContactListing> {
    let met_on = row.get::<_, Option<Day>>(10)?.map(|d| d.0);
    let created_at = row.get::<_, Secs>(11)?.0;
    let first = row.get::<_, Option<Secs>>(12)?.map(|s| s.0);
    let tags: Option<String> = row.get(15)?;
    Ok(ContactListing {
        id: ContactId(row.get(0)?),
        name: row.get(1)?,
        nickname: row.get(2)?,
        organisation: row.get(3)?,
        circle: row.get(4)?,
        met_via: row.get(5)?,
        met_where: row.get(6)?,
        trust: row.get(7)?,
        archived: row.get(8)?,
        notes: row.get(9)?,
        known_since: known_since(met_on, first, created_at),
        last_interaction_at: row.get::<_, Option<Secs>>(13)?.map(|s| s.0),
        interaction_count: row.get(14)?,
        tags: tags
            .map(|t| t.split(TAG_SEPARATOR).map(str::to_owned).collect())
            .unwrap_or_default(),
    })
}

impl Store {
    /// Every contact, archived ones included, by id.
    pub fn listings(&self) -> Result<Vec<ContactListing>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{LISTING_QUERY} ORDER BY id"))?;
        let listings = statement
            .query_map([], listing_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(listings)
    }

    /// One contact as lists show it, if it exists.
    pub fn listing(&self, id: ContactId) -> Result<Option<ContactListing>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{LISTING_QUERY} WHERE id = ?1"))?;
        let mut rows = statement.query_map([id.0], listing_from_row)?;
        Ok(rows.next().transpose()?)
    }
}
