//! Contacts as lists show them, for the window's people list: one pass over
//! the contacts table, with tags gathered per row.

use rusqlite::Row;

use super::sql::{Day, Secs};
use super::{Result, Store};
use crate::domain::{ContactId, ContactListing, known_since};

const LISTING_QUERY: &str = "SELECT id, name, nickname, organisation, circle, met_via, met_where,
        trust, archived, notes, met_on, created_at, first_interaction_at, last_interaction_at,
        interaction_count
     FROM contacts";

fn listing_from_row(row: &Row<'_>) -> rusqlite::Result<ContactListing> {
    let met_on = row.get::<_, Option<Day>>(10)?.map(|d| d.0);
    let created_at = row.get::<_, Secs>(11)?.0;
    let first = row.get::<_, Option<Secs>>(12)?.map(|s| s.0);
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
        tags: Vec::new(),
    })
}

impl Store {
    /// Every contact, archived ones included, by id.
    pub fn listings(&self) -> Result<Vec<ContactListing>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{LISTING_QUERY} ORDER BY id"))?;
        let mut listings = statement
            .query_map([], listing_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The tags table is kept in (contact, position) order, like the
        // listings in id order: one pass over each, merged, is much cheaper
        // than looking up each contact's tags.
        let mut statement = self.conn.prepare_cached(
            "SELECT contact_id, tag FROM contact_tags ORDER BY contact_id, position",
        )?;
        let mut rows = statement.query([])?;
        let mut cursor = 0;
        while let Some(row) = rows.next()? {
            let contact = ContactId(row.get(0)?);
            while cursor < listings.len() && listings[cursor].id < contact {
                cursor += 1;
            }
            if let Some(listing) = listings.get_mut(cursor).filter(|l| l.id == contact) {
                listing.tags.push(row.get(1)?);
            }
        }
        Ok(listings)
    }

    /// One contact as lists show it, if it exists.
    pub fn listing(&self, id: ContactId) -> Result<Option<ContactListing>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{LISTING_QUERY} WHERE id = ?1"))?;
        let Some(mut listing) = statement
            .query_map([id.0], listing_from_row)?
            .next()
            .transpose()?
        else {
            return Ok(None);
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT tag FROM contact_tags WHERE contact_id = ?1 ORDER BY position",
        )?;
        listing.tags = statement
            .query_map([id.0], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Some(listing))
    }
}
