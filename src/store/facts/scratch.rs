//! Computing the facts the nudge rules need from the tables themselves:
//! the contacts' summary columns (or, to check them, their interactions),
//! the trust history, recent intimate interactions, open follow-ups, dates
//! to remember and skips. This is what the kept facts (`nudge_facts`) are
//! written from, what answers for a day before something in them
//! happened, and what `kith check` compares them with.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{Connection, Row, params};

use crate::domain::nudge::FollowUpRef;
use crate::domain::{
    ContactFacts, ContactId, FollowUpId, Initiator, Tone, TrustLevel, YearlyDate, known_since,
};
use crate::store::Result;
use crate::store::interactions::SUMMARY;
use crate::store::sql::{Day, Secs, secs};

const FACT_COLUMNS: &str = "id, name, archived, trust, cadence_days, met_on, created_at, \
     interaction_count, first_interaction_at, last_interaction_at, first_live_at, total_minutes, \
     recent, evidence, last_channel, last_note, birthday";

fn facts_from_row(row: &Row<'_>) -> rusqlite::Result<ContactFacts> {
    let met_on = row.get::<_, Option<Day>>(5)?.map(|d| d.0);
    let created_at = row.get::<_, Secs>(6)?.0;
    let first_interaction_at = row.get::<_, Option<Secs>>(8)?.map(|s| s.0);
    let recent: String = row.get(12)?;
    Ok(ContactFacts {
        id: ContactId(row.get(0)?),
        name: row.get(1)?,
        archived: row.get(2)?,
        trust: row.get(3)?,
        cadence_days: row.get(4)?,
        known_since: known_since(met_on, first_interaction_at, created_at),
        met_on,
        added_on: created_at.date(),
        skipped_on: None,
        skips_in_a_row: 0,
        interaction_count: row.get(7)?,
        last_interaction_at: row.get::<_, Option<Secs>>(9)?.map(|s| s.0),
        last_channel: row.get(14)?,
        first_live_at: row.get::<_, Option<Secs>>(10)?.map(|s| s.0),
        total_minutes: row.get::<_, Option<i64>>(11)?.map(|m| m.max(0) as u64),
        recent: decode_recent(&recent),
        trust_history: Vec::new(),
        recent_intimate: Vec::new(),
        evidence: row.get(13)?,
        last_note: row.get(15)?,
        follow_ups: Vec::new(),
        birthday: row.get(16)?,
        dates: Vec::new(),
    })
}

/// Whose facts to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// Everyone not archived.
    Active,
    /// Everyone, archived or not.
    Everyone,
    /// One contact, archived or not.
    One(ContactId),
}

/// Where a contact's summary of interactions comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Summary {
    /// The summary columns the store keeps (recomputed only for someone
    /// with interactions after the day).
    Kept,
    /// Every interaction again, for everyone: what a check compares with.
    Recomputed,
}

/// Writes the `recent` column's codes (see [`decode_recent`]).
pub(super) fn encode_recent(recent: &[(Initiator, Tone)]) -> String {
    recent
        .iter()
        .flat_map(|(initiator, tone)| {
            let who = match initiator {
                Initiator::Me => 'm',
                Initiator::Them => 't',
                Initiator::Mutual => 'u',
            };
            let how = match tone {
                Tone::Positive => '+',
                Tone::Negative => '-',
                Tone::Neutral => '0',
            };
            [who, how]
        })
        .collect()
}

/// Reads the `recent` column: two characters per interaction, newest first.
pub(super) fn decode_recent(codes: &str) -> Vec<(Initiator, Tone)> {
    codes
        .as_bytes()
        .chunks_exact(2)
        .map(|pair| {
            let initiator = match pair[0] {
                b'm' => Initiator::Me,
                b't' => Initiator::Them,
                _ => Initiator::Mutual,
            };
            let tone = match pair[1] {
                b'+' => Tone::Positive,
                b'-' => Tone::Negative,
                _ => Tone::Neutral,
            };
            (initiator, tone)
        })
        .collect()
}

/// The facts about the contacts in `scope` as they stood on `day`: what
/// was logged, assessed, noted or skipped after it is left out, and people
/// not yet known on it are too (see "As of a day" in `domain::nudge`).
/// `intimate_since` bounds how far back intimate interactions are loaded.
/// Sorted by id.
pub(super) fn facts(
    conn: &Connection,
    scope: Scope,
    day: NaiveDate,
    intimate_since: NaiveDateTime,
    summary: Summary,
) -> Result<Vec<ContactFacts>> {
    let (contact_filter, row_filter) = match scope {
        Scope::One(_) => ("WHERE id = ?1", "contact_id = ?1"),
        Scope::Active => ("WHERE archived = 0 AND ?1 IS NULL", "?1 IS NULL"),
        Scope::Everyone => ("WHERE ?1 IS NULL", "?1 IS NULL"),
    };
    let only = match scope {
        Scope::One(id) => Some(id.0),
        Scope::Active | Scope::Everyone => None,
    };
    // The first moment after `day`: what happened from then on did not
    // happen yet, as of `day`.
    let end = super::end_of(day);
    let on = crate::store::sql::day(day);
    let mut facts = conn
        .prepare_cached(&format!(
            "SELECT {FACT_COLUMNS} FROM contacts {contact_filter} ORDER BY id"
        ))?
        .query_map([only], facts_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    // Every list below comes sorted by contact id, like `facts`, so each
    // is merged in one pass.
    let mut statement = conn.prepare_cached(&format!(
        "SELECT contact_id, changed_on, level FROM trust_changes
         WHERE assessed = 1 AND {row_filter} AND changed_on <= ?2
         ORDER BY contact_id, changed_on, id"
    ))?;
    let mut rows = statement.query(params![only, on])?;
    let mut cursor = 0;
    while let Some(row) = rows.next()? {
        let contact = ContactId(row.get(0)?);
        if let Some(fact) = seek(&mut facts, &mut cursor, contact) {
            fact.trust_history
                .push((row.get::<_, Day>(1)?.0, row.get(2)?));
        }
    }

    // For everyone, the partial index of intimate interactions holds just
    // the recent ones to read; for one contact, their own timeline is
    // shorter.
    let intimate = match only {
        None => {
            "SELECT p.contact_id, i.occurred_at
             FROM interactions AS i INDEXED BY interactions_intimate
             JOIN participants AS p ON p.interaction_id = i.id
             WHERE i.depth = 'intimate' AND i.occurred_at >= ?2 AND i.occurred_at < ?3
               AND ?1 IS NULL
             ORDER BY p.contact_id, i.occurred_at"
        }
        Some(_) => {
            "SELECT p.contact_id, p.occurred_at
             FROM participants AS p INDEXED BY participants_by_contact
             JOIN interactions AS i ON i.id = p.interaction_id
             WHERE p.contact_id = ?1 AND p.occurred_at >= ?2 AND p.occurred_at < ?3
               AND i.depth = 'intimate'
             ORDER BY p.contact_id, p.occurred_at"
        }
    };
    let mut statement = conn.prepare_cached(intimate)?;
    let mut rows = statement.query(params![only, secs(intimate_since), end])?;
    let mut cursor = 0;
    while let Some(row) = rows.next()? {
        let contact = ContactId(row.get(0)?);
        if let Some(fact) = seek(&mut facts, &mut cursor, contact) {
            fact.recent_intimate.push(row.get::<_, Secs>(1)?.0);
        }
    }

    // The follow-ups open on `day`, soonest due first and undated ones
    // last: noted by then, and not done by then. For today, that is the
    // partial index of open ones.
    let mut statement = conn.prepare_cached(&format!(
        "SELECT contact_id, id, what, due FROM follow_ups
         WHERE (done_at IS NULL OR done_at >= ?3) AND noted_on <= ?2 AND {row_filter}
         ORDER BY contact_id, due IS NULL, due, id"
    ))?;
    let mut rows = statement.query(params![only, on, end])?;
    let mut cursor = 0;
    while let Some(row) = rows.next()? {
        let contact = ContactId(row.get(0)?);
        if let Some(fact) = seek(&mut facts, &mut cursor, contact) {
            fact.follow_ups.push(FollowUpRef {
                id: FollowUpId(row.get(1)?),
                what: row.get(2)?,
                due: row.get::<_, Option<Day>>(3)?.map(|d| d.0),
            });
        }
    }

    let mut statement = conn.prepare_cached(&format!(
        "SELECT contact_id, label, month, day, year FROM dates
         WHERE {row_filter} ORDER BY contact_id, month, day, id"
    ))?;
    let mut rows = statement.query([only])?;
    let mut cursor = 0;
    while let Some(row) = rows.next()? {
        let contact = ContactId(row.get(0)?);
        if let Some(fact) = seek(&mut facts, &mut cursor, contact) {
            let date = YearlyDate {
                month: row.get(2)?,
                day: row.get(3)?,
                year: row.get(4)?,
            };
            fact.dates.push((row.get(1)?, date));
        }
    }

    // What was logged after `day` (rare for today: an interaction dated
    // up to a day ahead; all of it for a day in the past): that
    // person's summary as of `day`, from their own interactions.
    // (For a check, everyone's, from all of their interactions.)
    let mut statement = conn.prepare_cached(SUMMARY)?;
    for fact in facts.iter_mut().filter(|fact| {
        summary == Summary::Recomputed || fact.last_interaction_at.is_some_and(|at| secs(at) >= end)
    }) {
        let id = fact.id.0;
        statement.query_row(params![id, end], |row| apply_summary(fact, row))?;
    }
    for fact in &mut facts {
        // The level on `day`: the latest assessment by then, else the
        // default handshake.
        fact.trust = fact
            .trust_history
            .last()
            .map_or(TrustLevel::Handshake, |(_, level)| *level);
    }
    // Not yet known on `day`: left out.
    facts.retain(|fact| fact.known_since <= day);

    // Skips of the neglect nudge by `day`: the latest, and how many in
    // a row since the last interaction.
    let mut statement = conn.prepare_cached(&format!(
        "SELECT contact_id, skipped_on FROM skips
         WHERE {row_filter} AND skipped_on <= ?2 ORDER BY contact_id, skipped_on, id"
    ))?;
    let mut rows = statement.query(params![only, on])?;
    let mut cursor = 0;
    while let Some(row) = rows.next()? {
        let contact = ContactId(row.get(0)?);
        if let Some(fact) = seek(&mut facts, &mut cursor, contact) {
            let skipped: NaiveDate = row.get::<_, Day>(1)?.0;
            let since_contact = fact
                .last_interaction_at
                .is_none_or(|last| skipped > last.date());
            if since_contact {
                fact.skips_in_a_row += 1;
            }
            fact.skipped_on = Some(skipped);
        }
    }
    Ok(facts)
}

/// Fills `fact`'s history summary from a row of `summary.sql`, and its
/// "known since" from it.
fn apply_summary(fact: &mut ContactFacts, row: &Row<'_>) -> rusqlite::Result<()> {
    let first = row.get::<_, Option<Secs>>(1)?.map(|s| s.0);
    fact.interaction_count = row.get(0)?;
    fact.last_interaction_at = row.get::<_, Option<Secs>>(2)?.map(|s| s.0);
    fact.last_channel = row.get(3)?;
    fact.first_live_at = row.get::<_, Option<Secs>>(4)?.map(|s| s.0);
    fact.total_minutes = row.get::<_, Option<i64>>(5)?.map(|m| m.max(0) as u64);
    fact.recent = decode_recent(&row.get::<_, String>(6)?);
    fact.last_note = row.get(7)?;
    fact.known_since = known_since(fact.met_on, first, fact.added_on.and_time(NaiveTime::MIN));
    Ok(())
}

/// Advances `cursor` through `facts` (sorted by id) to `contact`, which
/// comes in ascending order; `None` if it is not there (archived).
fn seek<'a>(
    facts: &'a mut [ContactFacts],
    cursor: &mut usize,
    contact: ContactId,
) -> Option<&'a mut ContactFacts> {
    while *cursor < facts.len() && facts[*cursor].id < contact {
        *cursor += 1;
    }
    facts.get_mut(*cursor).filter(|fact| fact.id == contact)
}
