//! The blob one `nudge_facts` row holds: a contact's [`ContactFacts`] as of
//! the end of time, plus what it takes to know when they are not enough for
//! a given day. A private format of this module, read and written nowhere
//! else; it starts with a version byte, and a blob of another version or
//! one that does not read back whole counts as missing (the caller then
//! computes the facts from the tables).
//!
//! Numbers are LEB128 varints (signed ones zigzagged), days are days from
//! the Common Era, times are seconds as in the tables, texts are a length
//! and UTF-8 bytes, and an optional value is a 0/1 byte before it.

use chrono::{NaiveDate, NaiveDateTime};

use super::scratch::{decode_recent, encode_recent};
use crate::domain::nudge::FollowUpRef;
use crate::domain::{Channel, ContactFacts, ContactId, FollowUpId, TrustLevel, YearlyDate};

/// Bumped whenever the layout below changes: rows of another version are
/// read as missing and rewritten.
const VERSION: u8 = 1;

/// How many of a contact's latest intimate interactions are kept. The
/// intimacy check looks back `intimacy_recent_days` (a setting): when it
/// reaches past the oldest kept one and more were left out, the facts are
/// computed from the tables instead (see [`Kept::into_facts_on`]).
pub(super) const KEPT_INTIMATE: usize = 32;

/// One contact's kept facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Kept {
    /// As of the end of time, with the latest [`KEPT_INTIMATE`] intimate
    /// interactions, oldest first.
    pub facts: ContactFacts,
    /// How many intimate interactions they have in all.
    pub intimate_total: u32,
    /// The latest moment anything in the facts depends on (an interaction,
    /// a trust assessment's day, a follow-up noted or done, a skip), in
    /// seconds: for a day before it, the facts must be computed as of that
    /// day instead.
    pub horizon: Option<i64>,
}

impl Kept {
    /// The facts as of the day that ends at `end` (seconds), with the
    /// intimate interactions from `intimate_since` on; `None` when the
    /// kept facts cannot say (something happened at or after `end`, or
    /// intimate interactions that were not kept may fall in the window).
    pub fn into_facts_on(
        mut self,
        end: i64,
        intimate_since: NaiveDateTime,
    ) -> Option<ContactFacts> {
        if self.horizon.is_some_and(|horizon| horizon >= end) {
            return None;
        }
        let kept = &mut self.facts.recent_intimate;
        let all_kept = self.intimate_total as usize <= kept.len();
        if !all_kept && kept.first().is_none_or(|oldest| *oldest >= intimate_since) {
            return None;
        }
        kept.retain(|at| *at >= intimate_since);
        Some(self.facts)
    }
}

pub(super) fn encode(kept: &Kept) -> Vec<u8> {
    let facts = &kept.facts;
    let mut w = Writer(Vec::with_capacity(
        96 + facts.name.len() + facts.last_note.len() + 2 * facts.recent.len(),
    ));
    w.0.push(VERSION);
    w.0.push(u8::from(facts.archived));
    w.text(&facts.name);
    w.0.push(facts.trust.number());
    w.option(facts.cadence_days, |w, days| w.unsigned(u64::from(days)));
    w.day(facts.known_since);
    w.option(facts.met_on, Writer::day);
    w.day(facts.added_on);
    w.option(facts.skipped_on, Writer::day);
    w.unsigned(u64::from(facts.skips_in_a_row));
    w.unsigned(u64::from(facts.interaction_count));
    w.option(facts.last_interaction_at, Writer::time);
    w.option(facts.last_channel, |w, channel| w.text(channel.as_str()));
    w.option(facts.first_live_at, Writer::time);
    w.option(facts.total_minutes, Writer::unsigned);
    w.text(&encode_recent(&facts.recent));
    w.unsigned(facts.trust_history.len() as u64);
    for (day, level) in &facts.trust_history {
        w.day(*day);
        w.0.push(level.number());
    }
    w.unsigned(u64::from(kept.intimate_total));
    w.unsigned(facts.recent_intimate.len() as u64);
    for at in &facts.recent_intimate {
        w.time(*at);
    }
    w.signed(facts.evidence);
    w.text(&facts.last_note);
    w.unsigned(facts.follow_ups.len() as u64);
    for follow_up in &facts.follow_ups {
        w.signed(follow_up.id.0);
        w.text(&follow_up.what);
        w.option(follow_up.due, Writer::day);
    }
    w.option(facts.birthday, Writer::yearly);
    w.unsigned(facts.dates.len() as u64);
    for (label, date) in &facts.dates {
        w.text(label);
        w.yearly(*date);
    }
    w.option(kept.horizon, Writer::signed);
    w.0
}

/// The kept facts of contact `id`, or `None` if `blob` is of another
/// version or does not read back whole.
pub(super) fn decode(id: ContactId, blob: &[u8]) -> Option<Kept> {
    let mut r = Reader { rest: blob };
    if r.byte()? != VERSION {
        return None;
    }
    let archived = match r.byte()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let name = r.text()?.to_owned();
    let trust = TrustLevel::from_number(i64::from(r.byte()?)).ok()?;
    let cadence_days = r.option(|r| u32::try_from(r.unsigned()?).ok())?;
    let known_since = r.day()?;
    let met_on = r.option(Reader::day)?;
    let added_on = r.day()?;
    let skipped_on = r.option(Reader::day)?;
    let skips_in_a_row = u32::try_from(r.unsigned()?).ok()?;
    let interaction_count = u32::try_from(r.unsigned()?).ok()?;
    let last_interaction_at = r.option(Reader::time)?;
    let last_channel = r.option(|r| {
        let text = r.text()?;
        Channel::ALL.iter().copied().find(|c| c.as_str() == text)
    })?;
    let first_live_at = r.option(Reader::time)?;
    let total_minutes = r.option(Reader::unsigned)?;
    let recent = decode_recent(r.text()?);
    let mut trust_history = Vec::with_capacity(r.count()?);
    for _ in 0..trust_history.capacity() {
        let day = r.day()?;
        let level = TrustLevel::from_number(i64::from(r.byte()?)).ok()?;
        trust_history.push((day, level));
    }
    let intimate_total = u32::try_from(r.unsigned()?).ok()?;
    let mut recent_intimate = Vec::with_capacity(r.count()?);
    for _ in 0..recent_intimate.capacity() {
        recent_intimate.push(r.time()?);
    }
    let evidence = r.signed()?;
    let last_note = r.text()?.to_owned();
    let mut follow_ups = Vec::with_capacity(r.count()?);
    for _ in 0..follow_ups.capacity() {
        follow_ups.push(FollowUpRef {
            id: FollowUpId(r.signed()?),
            what: r.text()?.to_owned(),
            due: r.option(Reader::day)?,
        });
    }
    let birthday = r.option(Reader::yearly)?;
    let mut dates = Vec::with_capacity(r.count()?);
    for _ in 0..dates.capacity() {
        dates.push((r.text()?.to_owned(), r.yearly()?));
    }
    let horizon = r.option(Reader::signed)?;
    if !r.rest.is_empty() {
        return None;
    }
    Some(Kept {
        facts: ContactFacts {
            id,
            name,
            archived,
            trust,
            cadence_days,
            known_since,
            met_on,
            added_on,
            skipped_on,
            skips_in_a_row,
            interaction_count,
            last_interaction_at,
            last_channel,
            first_live_at,
            total_minutes,
            recent,
            trust_history,
            recent_intimate,
            evidence,
            last_note,
            follow_ups,
            birthday,
            dates,
        },
        intimate_total,
        horizon,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn unsigned(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn signed(&mut self, n: i64) {
        self.unsigned(((n << 1) ^ (n >> 63)) as u64);
    }

    fn text(&mut self, text: &str) {
        self.unsigned(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn day(&mut self, day: NaiveDate) {
        self.signed(i64::from(chrono::Datelike::num_days_from_ce(&day)));
    }

    fn time(&mut self, at: NaiveDateTime) {
        self.signed(crate::store::sql::secs(at));
    }

    fn yearly(&mut self, date: YearlyDate) {
        self.unsigned(u64::from(date.month));
        self.unsigned(u64::from(date.day));
        self.option(date.year, |w, year| w.signed(i64::from(year)));
    }

    fn option<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match value {
            None => self.0.push(0),
            Some(value) => {
                self.0.push(1);
                write(self, value);
            }
        }
    }
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    fn unsigned(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn signed(&mut self) -> Option<i64> {
        let n = self.unsigned()?;
        Some(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    /// A count of items that follow, each at least one byte: never more
    /// than the bytes left, so that a damaged count cannot ask for a
    /// huge allocation.
    fn count(&mut self) -> Option<usize> {
        let count = usize::try_from(self.unsigned()?).ok()?;
        (count <= self.rest.len()).then_some(count)
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = self.count()?;
        let (text, rest) = self.rest.split_at(len);
        self.rest = rest;
        std::str::from_utf8(text).ok()
    }

    fn day(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(self.signed()?).ok()?)
    }

    fn time(&mut self) -> Option<NaiveDateTime> {
        crate::store::sql::from_secs(self.signed()?).ok()
    }

    fn yearly(&mut self) -> Option<YearlyDate> {
        let month = u32::try_from(self.unsigned()?).ok()?;
        let day = u32::try_from(self.unsigned()?).ok()?;
        let year = self.option(|r| i32::try_from(r.signed()?).ok())?;
        Some(YearlyDate { year, month, day })
    }

    /// `Some(None)` for an absent value, `None` if it does not read.
    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Initiator, Tone};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn full() -> Kept {
        let at = |d: u32| day(2026, 3, d).and_hms_opt(9, 30, 0).unwrap();
        Kept {
            facts: ContactFacts {
                id: ContactId(7),
                name: "Ada Lovelace · Ünïcode".to_owned(),
                archived: true,
                trust: TrustLevel::Trusted,
                cadence_days: Some(0),
                known_since: day(1815, 12, 10),
                met_on: Some(day(1815, 12, 10)),
                added_on: day(2026, 1, 1),
                skipped_on: Some(day(2026, 2, 2)),
                skips_in_a_row: 3,
                interaction_count: 300_000,
                last_interaction_at: Some(at(20)),
                last_channel: Some(Channel::Video),
                first_live_at: Some(at(1)),
                total_minutes: Some(u64::from(u32::MAX) + 5),
                recent: vec![
                    (Initiator::Them, Tone::Negative),
                    (Initiator::Me, Tone::Positive),
                ],
                trust_history: vec![(day(2025, 1, 1), TrustLevel::Familiar)],
                recent_intimate: vec![at(2), at(3)],
                evidence: -4,
                last_note: "Asked about the engine".to_owned(),
                follow_ups: vec![FollowUpRef {
                    id: FollowUpId(i64::MAX),
                    what: "Send the notes".to_owned(),
                    due: None,
                }],
                birthday: Some(YearlyDate {
                    year: None,
                    month: 2,
                    day: 29,
                }),
                dates: vec![(
                    "wedding".to_owned(),
                    YearlyDate {
                        year: Some(-44),
                        month: 3,
                        day: 15,
                    },
                )],
            },
            intimate_total: 40,
            horizon: Some(i64::MIN),
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let kept = full();
        let blob = encode(&kept);
        assert_eq!(decode(ContactId(7), &blob), Some(kept.clone()));

        let mut bare = kept;
        bare.facts = ContactFacts {
            archived: false,
            cadence_days: None,
            met_on: None,
            skipped_on: None,
            last_interaction_at: None,
            last_channel: None,
            first_live_at: None,
            total_minutes: None,
            recent: Vec::new(),
            trust_history: Vec::new(),
            recent_intimate: Vec::new(),
            follow_ups: Vec::new(),
            birthday: None,
            dates: Vec::new(),
            ..bare.facts
        };
        bare.horizon = None;
        let blob = encode(&bare);
        assert_eq!(decode(ContactId(7), &blob), Some(bare));
    }

    #[test]
    fn a_blob_cut_short_damaged_or_of_another_version_reads_as_missing() {
        let blob = encode(&full());
        for len in 0..blob.len() {
            assert_eq!(decode(ContactId(7), &blob[..len]), None, "cut at {len}");
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert_eq!(decode(ContactId(7), &longer), None);
        let mut other = blob.clone();
        other[0] = VERSION + 1;
        assert_eq!(decode(ContactId(7), &other), None);
        // Every byte flipped in turn: never a panic, whatever it reads as.
        for at in 0..blob.len() {
            let mut damaged = blob.clone();
            damaged[at] ^= 0xff;
            let _ = decode(ContactId(7), &damaged);
        }
        // A count far larger than what follows asks for no memory.
        let mut huge = vec![VERSION, 0];
        huge.extend([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        assert_eq!(decode(ContactId(7), &huge), None);
    }

    #[test]
    fn kept_facts_answer_only_for_days_after_everything_in_them() {
        let kept = full();
        let end_of = |d: NaiveDate| crate::store::sql::secs(d.succ_opt().unwrap().into());
        let mut kept = Kept {
            horizon: Some(crate::store::sql::secs(day(2026, 3, 20).into())),
            ..kept
        };
        let long_ago = day(2000, 1, 1).into();
        // Some intimate interactions were left out, and the window reaches
        // past the oldest kept one: unknown.
        assert_eq!(
            kept.clone()
                .into_facts_on(end_of(day(2026, 4, 1)), long_ago),
            None
        );
        // The window starts after the oldest kept one: all of it is kept.
        let since = day(2026, 3, 3).into();
        let facts = kept
            .clone()
            .into_facts_on(end_of(day(2026, 4, 1)), since)
            .unwrap();
        assert_eq!(facts.recent_intimate.len(), 1);
        // Every one kept: any window is whole.
        kept.intimate_total = 2;
        assert_eq!(
            kept.clone()
                .into_facts_on(end_of(day(2026, 4, 1)), long_ago)
                .unwrap()
                .recent_intimate
                .len(),
            2
        );
        // A day before the horizon: unknown.
        assert_eq!(
            kept.clone()
                .into_facts_on(end_of(day(2026, 3, 19)), long_ago),
            None
        );
        assert!(
            kept.into_facts_on(end_of(day(2026, 3, 20)), long_ago)
                .is_some()
        );
    }
}
