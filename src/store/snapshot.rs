//! The export side of the store: everything in the database as kept
//! records (see [`crate::domain::exchange`]), for the file formats to write.
//!
//! A [`Snapshot`] reads in one read transaction, so an export shows one
//! moment even while another connection writes (an interaction is never
//! exported without its person). People and interactions come as
//! iterators that read one record at a time, in an order sorted once by
//! key: exporting a million interactions never holds them all in memory.

use std::collections::HashMap;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use uuid::Uuid;

use super::contacts::load_contact;
use super::interactions::load_interaction;
use super::sql::{Day, Secs};
use super::{Result, Store, StoreError};
use crate::domain::exchange::{
    Dismissal, KeptDate, KeptFollowUp, KeptIdentity, KeptInteraction, KeptNudgeState, KeptPerson,
    KeptTrustChange,
};
use crate::domain::nudge::layer_evidence;
use crate::domain::{ContactId, InteractionId, Settings, YearlyDate};

/// The database as of one moment, for an export.
pub struct Snapshot<'s> {
    tx: Transaction<'s>,
}

impl Store {
    /// Starts a snapshot: a read transaction that lasts until it is dropped.
    pub fn snapshot(&self) -> Result<Snapshot<'_>> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        // A deferred transaction takes its snapshot at its first read.
        tx.query_row("SELECT count(*) FROM contacts", [], |_| Ok(()))?;
        Ok(Snapshot { tx })
    }
}

fn count(conn: &Connection, table: &str) -> Result<usize> {
    let count: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
        row.get(0)
    })?;
    Ok(usize::try_from(count).unwrap_or_default())
}

impl Snapshot<'_> {
    /// How many people there are (archived included).
    pub fn people_count(&self) -> Result<usize> {
        count(&self.tx, "contacts")
    }

    /// How many interactions there are.
    pub fn interaction_count(&self) -> Result<usize> {
        count(&self.tx, "interactions")
    }

    /// Everyone's name, by UUID (for naming people beside their records).
    pub fn names(&self) -> Result<HashMap<Uuid, String>> {
        let mut names = HashMap::new();
        let mut statement = self.tx.prepare("SELECT uuid, name FROM contacts")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            names.insert(parse_uuid(row.get(0)?, 0)?, row.get(1)?);
        }
        Ok(names)
    }

    /// Everyone, by id, with their lists, identity and trust history.
    pub fn people(&self) -> Result<People<'_>> {
        self.people_in("id")
    }

    /// Everyone as [`Snapshot::people`], in the order lists show them: by
    /// name (ignoring case), then by id.
    pub fn people_by_name(&self) -> Result<People<'_>> {
        self.people_in("name COLLATE NOCASE, id")
    }

    fn people_in(&self, order: &str) -> Result<People<'_>> {
        let ids = self
            .tx
            .prepare(&format!("SELECT id FROM contacts ORDER BY {order}"))?
            .query_map([], |row| row.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(People {
            conn: &self.tx,
            ids: ids.into_iter(),
        })
    }

    /// Every interaction, oldest first (of two at one time, the one logged
    /// first), naming its person by UUID.
    pub fn interactions(&self) -> Result<Interactions<'_>> {
        // Sorting only the keys keeps the sort small; rows are then read
        // one by one in that order.
        let ids = self
            .tx
            .prepare("SELECT id FROM interactions ORDER BY occurred_at, id")?
            .query_map([], |row| row.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let mut uuids = HashMap::new();
        let mut statement = self.tx.prepare("SELECT id, uuid FROM contacts")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            uuids.insert(ContactId(row.get(0)?), parse_uuid(row.get(1)?, 1)?);
        }
        Ok(Interactions {
            conn: &self.tx,
            ids: ids.into_iter(),
            uuids,
        })
    }

    /// Every snooze and dismissal, in the order they were made. A
    /// dismissal is [`Dismissal::Current`] while the evidence it was tied
    /// to is still the person's (for over capacity, the layer counts').
    pub fn nudge_states(&self) -> Result<Vec<KeptNudgeState>> {
        let layers = layer_evidence(&super::nudge_states::layer_counts(&self.tx)?);
        let mut states = Vec::new();
        let mut statement = self.tx.prepare(
            "SELECT c.uuid, s.kind, s.snoozed_until, s.dismissed_at_evidence, c.evidence
             FROM nudge_states s LEFT JOIN contacts c ON c.id = s.contact_id
             WHERE s.contact_id IS NULL OR c.id IS NOT NULL
             ORDER BY s.id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let contact = row
                .get::<_, Option<String>>(0)?
                .map(|uuid| parse_uuid(uuid, 0))
                .transpose()?;
            let evidence = match contact {
                Some(_) => row.get::<_, Option<i64>>(4)?,
                None => Some(layers),
            };
            let dismissed_at: Option<i64> = row.get(3)?;
            states.push(KeptNudgeState {
                contact,
                kind: row.get(1)?,
                snoozed_until: row.get::<_, Option<Day>>(2)?.map(|d| d.0),
                dismissed: dismissed_at.map(|at| {
                    if Some(at) == evidence {
                        Dismissal::Current
                    } else {
                        Dismissal::Outdated
                    }
                }),
            });
        }
        Ok(states)
    }

    /// The settings.
    pub fn settings(&self) -> Result<Settings> {
        super::settings::read_settings(&self.tx)
    }
}

fn parse_uuid(text: String, column: usize) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Everyone in a snapshot, one at a time; see [`Snapshot::people`].
pub struct People<'s> {
    conn: &'s Connection,
    /// What is left to read, in order.
    ids: std::vec::IntoIter<i64>,
}

impl People<'_> {
    fn read(&self, id: ContactId) -> Result<KeptPerson> {
        let contact = load_contact(self.conn, id)?;
        let import_uid = self
            .conn
            .prepare_cached("SELECT import_uid FROM contacts WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0))?;
        let trust_history = self
            .conn
            .prepare_cached(
                "SELECT uuid, level, changed_on, reason, created_at, assessed FROM trust_changes
                 WHERE contact_id = ?1 ORDER BY changed_on, id",
            )?
            .query_map([id.0], |row| {
                Ok(KeptTrustChange {
                    uuid: parse_uuid(row.get(0)?, 0)?,
                    level: row.get(1)?,
                    on: row.get::<_, Day>(2)?.0,
                    reason: row.get(3)?,
                    created_at: row.get::<_, Secs>(4)?.0,
                    assessed: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let follow_ups = self
            .conn
            .prepare_cached(
                "SELECT f.uuid, f.what, f.due, noted.uuid, f.noted_on, f.done_at, done.uuid,
                        f.created_at
                 FROM follow_ups AS f
                 LEFT JOIN interactions AS noted ON noted.id = f.noted_in
                 LEFT JOIN interactions AS done ON done.id = f.done_with
                 WHERE f.contact_id = ?1 ORDER BY f.id",
            )?
            .query_map([id.0], |row| {
                let link = |at: usize| -> rusqlite::Result<Option<Uuid>> {
                    row.get::<_, Option<String>>(at)?
                        .map(|text| parse_uuid(text, at))
                        .transpose()
                };
                Ok(KeptFollowUp {
                    uuid: parse_uuid(row.get(0)?, 0)?,
                    what: row.get(1)?,
                    due: row.get::<_, Option<Day>>(2)?.map(|d| d.0),
                    noted_in: link(3)?,
                    noted_on: row.get::<_, Day>(4)?.0,
                    done_at: row.get::<_, Option<Secs>>(5)?.map(|s| s.0),
                    done_with: link(6)?,
                    created_at: row.get::<_, Secs>(7)?.0,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let dates = self
            .conn
            .prepare_cached(
                "SELECT uuid, label, month, day, year, created_at FROM dates
                 WHERE contact_id = ?1 ORDER BY id",
            )?
            .query_map([id.0], |row| {
                Ok(KeptDate {
                    uuid: parse_uuid(row.get(0)?, 0)?,
                    label: row.get(1)?,
                    date: YearlyDate {
                        month: row.get(2)?,
                        day: row.get(3)?,
                        year: row.get(4)?,
                    },
                    created_at: row.get::<_, Secs>(5)?.0,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let skips = self
            .conn
            .prepare_cached("SELECT skipped_on FROM skips WHERE contact_id = ?1 ORDER BY id")?
            .query_map([id.0], |row| Ok(row.get::<_, Day>(0)?.0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(KeptPerson {
            identity: KeptIdentity {
                uuid: contact.uuid,
                archived: contact.archived,
                created_at: contact.created_at,
                updated_at: contact.updated_at,
                trust_history,
                follow_ups,
                dates,
                skips,
            },
            fields: contact.fields,
            import_uid,
        })
    }
}

impl Iterator for People<'_> {
    type Item = Result<KeptPerson>;

    fn next(&mut self) -> Option<Self::Item> {
        let id = self.ids.next()?;
        Some(self.read(ContactId(id)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

/// Every interaction in a snapshot, by date; see [`Snapshot::interactions`].
pub struct Interactions<'s> {
    conn: &'s Connection,
    /// What is left to read, in order.
    ids: std::vec::IntoIter<i64>,
    uuids: HashMap<ContactId, Uuid>,
}

impl Interactions<'_> {
    fn read(&self, id: i64) -> Result<KeptInteraction> {
        let interaction = load_interaction(self.conn, InteractionId(id))?;
        let uuid_of = |contact: ContactId| {
            self.uuids.get(&contact).copied().ok_or_else(|| {
                StoreError::ContactNotFound(format!("with id {contact} (interaction {id})"))
            })
        };
        let fields = interaction.fields;
        Ok(KeptInteraction {
            uuid: interaction.uuid,
            participants: fields
                .participants
                .iter()
                .map(|&p| uuid_of(p))
                .collect::<Result<_>>()?,
            when: fields.when,
            channel: fields.channel,
            initiated_by: fields.initiated_by,
            initiator: fields.initiator.map(uuid_of).transpose()?,
            tone: fields.tone,
            depth: fields.depth,
            minutes: fields.minutes,
            note: fields.note,
            created_at: interaction.created_at,
        })
    }
}

impl Iterator for Interactions<'_> {
    type Item = Result<KeptInteraction>;

    fn next(&mut self) -> Option<Self::Item> {
        let id = self.ids.next()?;
        Some(self.read(id))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}
