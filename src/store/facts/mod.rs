//! The facts the nudge rules read about each person ([`ContactFacts`]),
//! kept up to date so that reading everyone's is one pass over a narrow
//! table, never a walk through a million interactions.
//!
//! `nudge_facts` holds one row per contact (see `009_nudge_facts.sql`):
//! their facts as of the end of time, encoded by [`codec`]. Triggers mark a
//! contact stale in the same statement as any change to what their facts
//! are made of, and [`keep_up`] rewrites the stale rows before every write
//! transaction commits (`Write::commit`) and when a database is opened, so
//! the kept facts never disagree with the tables in a committed state.
//!
//! Reading never trusts a row it cannot vouch for: a contact still marked
//! stale (a read-only connection cannot rewrite them), a row that does not
//! decode, or one that cannot answer for the day asked (something in it
//! happened after that day, or the intimacy window reaches past the kept
//! intimate interactions) is computed from the tables by [`scratch`],
//! which is also what the rows are written from and what
//! [`Store::check_nudge_facts`] compares them with.

mod codec;
mod scratch;

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use self::codec::{KEPT_INTIMATE, Kept};
use self::scratch::{Scope, Summary};
use super::sql::{Day, secs};
use super::{Result, Store};
use crate::domain::{ContactFacts, ContactId};

/// With more contacts than this to compute from the tables, one pass over
/// everyone is quicker than one query set per contact.
const ONE_BY_ONE: usize = 200;

/// A day after every date Kith stores: kept facts are as of it.
fn end_of_time() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date")
}

/// The first moment after `day`, in seconds: what happened from then on
/// did not happen yet, as of `day`.
fn end_of(day: NaiveDate) -> i64 {
    day.succ_opt()
        .map_or(i64::MAX, |next| secs(next.and_time(NaiveTime::MIN)))
}

/// What `kith check` found comparing the kept facts with the tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactsCheck {
    /// How many people's facts were compared.
    pub people: usize,
    /// Those whose kept facts differed from their history (or were
    /// missing or unreadable), by id.
    pub drifted: Vec<ContactId>,
    /// Whether the drifted ones were rewritten from the tables (not on a
    /// database opened read-only).
    pub rebuilt: bool,
    /// How many are marked stale: not drift (they are computed from the
    /// tables when read), but a writable store leaves none.
    pub stale: usize,
}

impl Store {
    /// The facts about every contact that is not archived, by id, as they
    /// stood on `day`: what was logged, assessed, noted or skipped after it
    /// is left out, and people not yet known on it are too (see "As of a
    /// day" in `domain::nudge`). `intimate_since` bounds how far back
    /// intimate interactions are loaded.
    pub fn nudge_facts(
        &self,
        day: NaiveDate,
        intimate_since: NaiveDateTime,
    ) -> Result<Vec<ContactFacts>> {
        read(&self.conn, Scope::Active, day, intimate_since)
    }

    /// The facts about one contact (archived or not) as of `day`, if it
    /// exists and was known on that day.
    pub fn nudge_facts_of(
        &self,
        contact: ContactId,
        day: NaiveDate,
        intimate_since: NaiveDateTime,
    ) -> Result<Option<ContactFacts>> {
        Ok(read(&self.conn, Scope::One(contact), day, intimate_since)?.pop())
    }

    /// Hands the facts of every contact that is not archived, as of `day`
    /// (see [`Store::nudge_facts`]), to `each` a batch at a time, in no
    /// particular order.
    pub fn nudge_facts_in_batches(
        &self,
        day: NaiveDate,
        intimate_since: NaiveDateTime,
        each: &mut dyn FnMut(Vec<ContactFacts>),
    ) -> Result<()> {
        read_in_batches(&self.conn, Scope::Active, day, intimate_since, each)
    }

    /// The same as [`Store::nudge_facts`], computed from the tables alone
    /// (every summary from the interactions themselves), never from the
    /// kept facts: what checks and tests compare them with. Slow at scale.
    pub fn nudge_facts_from_scratch(
        &self,
        day: NaiveDate,
        intimate_since: NaiveDateTime,
    ) -> Result<Vec<ContactFacts>> {
        scratch::facts(
            &self.conn,
            Scope::Active,
            day,
            intimate_since,
            Summary::Recomputed,
        )
    }

    /// Compares everyone's kept facts with their computation from the
    /// tables (including each summary of interactions), and rewrites those
    /// that drifted, unless the database is open read-only.
    pub fn check_nudge_facts(&mut self) -> Result<FactsCheck> {
        let fresh = kept_facts(&self.conn, None, Summary::Recomputed)?;
        let stale = stale(&self.conn)?;
        let mut stored: HashMap<i64, Option<Kept>> = HashMap::new();
        {
            let mut statement = self
                .conn
                .prepare("SELECT contact_id, facts FROM nudge_facts")?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let kept = row
                    .get_ref(1)?
                    .as_blob()
                    .ok()
                    .and_then(|blob| codec::decode(ContactId(id), blob));
                stored.insert(id, kept);
            }
        }
        let mut drifted = Vec::new();
        for kept in &fresh {
            let id = kept.facts.id;
            let same = stored.remove(&id.0).flatten().as_ref() == Some(kept);
            // A contact still marked stale is computed from the tables
            // whenever read: not drift.
            if !same && stale.binary_search(&id).is_err() {
                drifted.push(id);
            }
        }
        // Rows of people who are no longer there.
        drifted.extend(stored.into_keys().map(ContactId));
        drifted.sort();
        let rebuilt = !drifted.is_empty() && self.read_only.is_none();
        if rebuilt {
            let tx = self.transaction()?;
            for id in &drifted {
                super::interactions::correct_summary(&tx, *id)?;
                tx.execute(
                    "INSERT INTO nudge_facts_stale (contact_id) SELECT ?1
                     WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = ?1)",
                    [id.0],
                )?;
            }
            tx.commit()?;
        }
        Ok(FactsCheck {
            people: fresh.len(),
            drifted,
            rebuilt,
            stale: stale.len(),
        })
    }
}

/// Whether any contact is marked stale (one look at a table that is
/// empty between write transactions).
pub(super) fn any_stale(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM nudge_facts_stale)")?
        .query_row([], |row| row.get(0))?)
}

/// The contacts marked stale, sorted.
fn stale(conn: &Connection) -> Result<Vec<ContactId>> {
    Ok(conn
        .prepare_cached("SELECT contact_id FROM nudge_facts_stale ORDER BY contact_id")?
        .query_map([], |row| row.get(0).map(ContactId))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The facts of the contacts in `scope` as of `day` (see
/// [`Store::nudge_facts`]), sorted by id.
fn read(
    conn: &Connection,
    scope: Scope,
    day: NaiveDate,
    intimate_since: NaiveDateTime,
) -> Result<Vec<ContactFacts>> {
    let mut facts = Vec::new();
    read_in_batches(conn, scope, day, intimate_since, &mut |batch| {
        if facts.is_empty() {
            facts = batch;
        } else {
            facts.extend(batch);
        }
    })?;
    facts.sort_by_key(|fact| fact.id);
    Ok(facts)
}

/// How many contacts' facts are decoded before they are handed on.
const BATCH: usize = 4096;

/// The facts of the contacts in `scope` as of `day`, handed to `each` a
/// batch at a time (in no particular order), so that a caller judging
/// them never holds everyone's at once: from the kept rows where they can
/// answer, else from the tables.
fn read_in_batches(
    conn: &Connection,
    scope: Scope,
    day: NaiveDate,
    intimate_since: NaiveDateTime,
    each: &mut dyn FnMut(Vec<ContactFacts>),
) -> Result<()> {
    let end = end_of(day);
    let stale = stale(conn)?;
    let active_only = scope == Scope::Active;
    let (sql, only) = match scope {
        Scope::One(id) => (
            "SELECT contact_id, facts FROM nudge_facts WHERE contact_id = ?1",
            Some(id.0),
        ),
        Scope::Active | Scope::Everyone => (
            "SELECT contact_id, facts FROM nudge_facts WHERE ?1 IS NULL ORDER BY contact_id",
            None,
        ),
    };
    let mut batch = Vec::with_capacity(BATCH);
    let mut unanswered: Vec<ContactId> = stale
        .iter()
        .copied()
        .filter(|id| only.is_none_or(|only| only == id.0))
        .collect();
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query([only])?;
    while let Some(row) = rows.next()? {
        let id = ContactId(row.get(0)?);
        if stale.binary_search(&id).is_ok() {
            continue;
        }
        let blob = row.get_ref(1)?.as_blob().unwrap_or_default();
        match codec::decode(id, blob).and_then(|kept| kept.into_facts_on(end, intimate_since)) {
            Some(fact) if active_only && fact.archived => {}
            Some(fact) if fact.known_since <= day => {
                batch.push(fact);
                if batch.len() == BATCH {
                    each(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                }
            }
            Some(_) => {}
            None => unanswered.push(id),
        }
    }
    if !batch.is_empty() {
        each(batch);
    }
    if unanswered.is_empty() {
        return Ok(());
    }
    unanswered.sort();
    let everyone = if active_only {
        Scope::Active
    } else {
        Scope::Everyone
    };
    let computed = from_tables(
        conn,
        everyone,
        Some(&unanswered),
        day,
        intimate_since,
        Summary::Kept,
    )?;
    each(computed);
    Ok(())
}

/// The facts of `ids` (sorted; everyone in `everyone` when `None`) as of
/// `day`, computed from the tables: one contact at a time for a few, one
/// pass over everyone, kept to `ids`, for many. Sorted by id; contacts that
/// do not exist, and archived ones when `everyone` is [`Scope::Active`],
/// are left out.
fn from_tables(
    conn: &Connection,
    everyone: Scope,
    ids: Option<&[ContactId]>,
    day: NaiveDate,
    intimate_since: NaiveDateTime,
    summary: Summary,
) -> Result<Vec<ContactFacts>> {
    match ids {
        Some(ids) if ids.len() <= ONE_BY_ONE => {
            let mut some = Vec::with_capacity(ids.len());
            for &id in ids {
                let one = scratch::facts(conn, Scope::One(id), day, intimate_since, summary)?;
                some.extend(
                    one.into_iter()
                        .filter(|fact| !(everyone == Scope::Active && fact.archived)),
                );
            }
            Ok(some)
        }
        _ => {
            let mut all = scratch::facts(conn, everyone, day, intimate_since, summary)?;
            if let Some(ids) = ids {
                all.retain(|fact| ids.binary_search(&fact.id).is_ok());
            }
            Ok(all)
        }
    }
}

/// Rewrites the kept facts of every contact marked stale (and removes the
/// rows of those no longer there), then clears the marks. Runs inside the
/// write transaction that marked them, just before it commits.
pub(super) fn keep_up(conn: &Connection) -> Result<usize> {
    let stale = stale(conn)?;
    if stale.is_empty() {
        return Ok(0);
    }
    let kept = kept_facts(conn, Some(&stale), Summary::Kept)?;
    let mut put = conn
        .prepare_cached("INSERT OR REPLACE INTO nudge_facts (contact_id, facts) VALUES (?1, ?2)")?;
    let mut gone = conn.prepare_cached("DELETE FROM nudge_facts WHERE contact_id = ?1")?;
    let mut kept = kept.iter().peekable();
    for id in &stale {
        match kept.next_if(|k| k.facts.id == *id) {
            Some(k) => put.execute(rusqlite::params![id.0, codec::encode(k)])?,
            None => gone.execute([id.0])?,
        };
    }
    conn.prepare_cached("DELETE FROM nudge_facts_stale")?
        .execute([])?;
    Ok(stale.len())
}

/// The kept facts of `ids` (sorted; everyone when `None`) as the tables
/// give them, sorted by id; contacts that do not exist are left out.
fn kept_facts(conn: &Connection, ids: Option<&[ContactId]>, summary: Summary) -> Result<Vec<Kept>> {
    let facts = from_tables(
        conn,
        Scope::Everyone,
        ids,
        end_of_time(),
        NaiveDateTime::MIN,
        summary,
    )?;
    // For the horizon: the latest follow-up done, and the latest open one
    // noted (see `Kept::horizon`), for each contact or for everyone.
    let mut follow_ups: HashMap<i64, (Option<i64>, Option<Day>)> = HashMap::new();
    let marks = "SELECT contact_id, max(done_at), max(CASE WHEN done_at IS NULL THEN noted_on END)
                 FROM follow_ups";
    let mut add = |sql: &str, only: Option<i64>| -> Result<()> {
        let mut statement = conn.prepare_cached(sql)?;
        let rows =
            statement.query_map([only], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
        for row in rows {
            let (id, marks) = row?;
            follow_ups.insert(id, marks);
        }
        Ok(())
    };
    match ids {
        Some(ids) if ids.len() <= ONE_BY_ONE => {
            let sql = format!("{marks} WHERE contact_id = ?1 GROUP BY contact_id");
            for id in ids {
                add(&sql, Some(id.0))?;
            }
        }
        _ => add(
            &format!("{marks} WHERE ?1 IS NULL GROUP BY contact_id"),
            None,
        )?,
    }
    let day_start = |day: NaiveDate| secs(day.and_time(NaiveTime::MIN));
    let mut kept = Vec::with_capacity(facts.len());
    for mut fact in facts {
        let (done, noted) = follow_ups
            .get(&fact.id.0)
            .map_or((None, None), |(done, noted)| {
                (*done, noted.as_ref().map(|day| day.0))
            });
        let horizon = [
            fact.last_interaction_at.map(secs),
            fact.trust_history.last().map(|(day, _)| day_start(*day)),
            fact.skipped_on.map(day_start),
            noted.map(day_start),
            done,
        ]
        .into_iter()
        .flatten()
        .max();
        let intimate_total = u32::try_from(fact.recent_intimate.len()).unwrap_or(u32::MAX);
        let left_out = fact.recent_intimate.len().saturating_sub(KEPT_INTIMATE);
        fact.recent_intimate.drain(..left_out);
        kept.push(Kept {
            facts: fact,
            intimate_total,
            horizon,
        });
    }
    Ok(kept)
}
