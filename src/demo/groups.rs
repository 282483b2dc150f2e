//! Group interactions for the demo: dinners, calls and threads of 2 to 5
//! people, drawn from the people made just before, so that each screen and
//! nudge has groups to show.
//!
//! They come from a generator of their own, so adding them left the people
//! and one-person histories of a seed as they were.

use chrono::{Days, NaiveDate, NaiveTime};

use crate::domain::{Channel, ContactId, Depth, Initiator, InteractionDraft, Tone};

/// How many of the latest people a group is drawn from.
const POOL: usize = 24;
/// One person in this many brings a group interaction with them.
const EVERY: usize = 6;

/// The people a group can be made of, and the generator that makes them.
pub(super) struct Groups {
    pub rng: fastrand::Rng,
    /// The latest people not archived, with the day each became known.
    pool: Vec<(ContactId, NaiveDate)>,
}

impl Groups {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed ^ 0x6_2009_5eed),
            pool: Vec::with_capacity(POOL),
        }
    }

    /// Someone just made; archived people are left out of groups.
    pub fn met(&mut self, id: ContactId, known_since: NaiveDate, archived: bool) {
        if archived {
            return;
        }
        if self.pool.len() == POOL {
            self.pool.remove(0);
        }
        self.pool.push((id, known_since));
    }

    /// Now and then, a group interaction of some of the latest people, in
    /// the last half year (after everyone in it became known).
    pub fn next(&mut self, today: NaiveDate) -> Option<InteractionDraft> {
        if self.pool.len() < 5 || self.rng.usize(..EVERY) != 0 {
            return None;
        }
        let size = self.rng.usize(2..=5);
        let mut chosen: Vec<(ContactId, NaiveDate)> = Vec::with_capacity(size);
        while chosen.len() < size {
            let pick = self.pool[self.rng.usize(..self.pool.len())];
            if !chosen.contains(&pick) {
                chosen.push(pick);
            }
        }
        let known = chosen.iter().map(|(_, since)| *since).max()?;
        let earliest = today.checked_sub_days(Days::new(180))?.max(known);
        let span = (today - earliest).num_days().max(0) as u64;
        let day = earliest.checked_add_days(Days::new(self.rng.u64(..=span)))?;
        let time = NaiveTime::from_hms_opt(self.rng.u32(12..21), 0, 0)?;
        let people: Vec<ContactId> = chosen.iter().map(|(id, _)| *id).collect();
        let mut draft = InteractionDraft::with_people(people, day.and_time(time));
        let (channel, minutes, note) = match self.rng.u8(..4) {
            0 | 1 => (
                Channel::InPerson,
                Some(self.rng.u32(90..=180)),
                "Dinner together",
            ),
            2 => (Channel::Video, Some(self.rng.u32(30..=60)), "Group call"),
            _ => (Channel::Message, None, "A thread with a few of us"),
        };
        draft.channel = channel;
        draft.minutes = minutes;
        draft.note = note.to_owned();
        (draft.initiated_by, draft.initiator) = match self.rng.u8(..10) {
            0..=3 => (Initiator::Me, None),
            4..=6 => (Initiator::Mutual, None),
            _ => {
                let who = draft.participants[self.rng.usize(..size)];
                (Initiator::Them, Some(who))
            }
        };
        draft.tone = if self.rng.u8(..10) == 0 {
            Tone::Neutral
        } else {
            Tone::Positive
        };
        draft.depth = if self.rng.bool() {
            Depth::SmallTalk
        } else {
            Depth::Personal
        };
        Some(draft)
    }
}
