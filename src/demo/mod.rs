//! Generated people and history, for trying Kith out and for benchmarks.
//!
//! `generate` fills a store with people who look like a real person's
//! network: a few close friends seen every week, colleagues, people met at
//! events and online, and the untidy parts that Kith exists for: friends
//! drifting away, messages left unanswered, relationships souring or
//! one-sided, and trust granted faster than the history supports. All
//! history is anchored to `today`, and everything (names, dates, UUIDs)
//! comes from one seeded generator, so one seed on one day gives one
//! database. Some interactions are with several people at once (dinners,
//! calls and threads, `groups.rs`).

mod groups;
mod people;
mod remember;
mod words;

use chrono::{NaiveDate, NaiveTime};
use uuid::Uuid;

use crate::store::{NewContact, Result, Store};
use people::Person;

/// What a call to [`generate`] made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Made {
    pub contacts: usize,
    pub interactions: usize,
    /// A person's place in an interaction: one per one-person
    /// interaction, several per group.
    pub participations: usize,
    pub trust_changes: usize,
    pub follow_ups: usize,
    pub dates: usize,
}

/// Fills `store` with `people` generated people and their history, in one
/// transaction.
pub fn generate(store: &mut Store, people: u32, seed: u64, today: NaiveDate) -> Result<Made> {
    let now = today.and_time(NaiveTime::from_hms_opt(23, 59, 0).expect("valid time"));
    let mut rng = fastrand::Rng::with_seed(seed);
    // Follow-ups and dates draw from a generator of their own, so adding
    // them left the people and histories of a seed as they were.
    let mut extras = fastrand::Rng::with_seed(seed ^ 0x5eed_f011_0b5e_55ed);
    let mut groups = groups::Groups::new(seed);
    store.write_batch(now, |batch| {
        let mut made = Made::default();
        for index in 0..people {
            let person = Person::generate(&mut rng, index, today);
            let created_at = person.known_since.and_time(clock_time(&mut rng));
            let id = batch.add_contact(
                NewContact {
                    fields: person.fields.clone(),
                    trust: Some(person.first_level),
                    uuid: Some(uuid(&mut rng)),
                    trust_uuid: Some(uuid(&mut rng)),
                    archived: person.archived,
                },
                created_at.min(now),
            )?;
            made.contacts += 1;
            made.trust_changes += 1;
            for step in &person.trust_steps {
                batch.add_trust_change(
                    id,
                    step.level,
                    step.on,
                    step.reason,
                    Some(uuid(&mut rng)),
                )?;
                made.trust_changes += 1;
            }
            let mut logged = Vec::new();
            for event in person.interactions(&mut rng, id, today) {
                let at = event.when.min(now);
                logged.push((batch.add_interaction(&event, Some(uuid(&mut rng)), at)?, at));
                made.interactions += 1;
                made.participations += event.participants.len();
            }
            for planned in remember::follow_ups(&mut extras, id, &logged, today) {
                batch.add_follow_up(
                    &planned.draft,
                    Some(planned.noted_in),
                    planned.noted_on,
                    planned.done_at,
                    Some(uuid(&mut extras)),
                )?;
                made.follow_ups += 1;
            }
            for date in remember::dates(&mut extras, id, person.final_level(), today) {
                batch.add_date(&date, Some(uuid(&mut extras)))?;
                made.dates += 1;
            }
            groups.met(id, person.known_since, person.archived);
            if let Some(group) = groups.next(today) {
                let at = group.when.min(now);
                batch.add_interaction(&group, Some(uuid(&mut groups.rng)), at)?;
                made.interactions += 1;
                made.participations += group.participants.len();
            }
        }
        Ok(made)
    })
}

fn uuid(rng: &mut fastrand::Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.u128(..).to_le_bytes()).into_uuid()
}

fn clock_time(rng: &mut fastrand::Rng) -> NaiveTime {
    NaiveTime::from_hms_opt(rng.u32(8..22), rng.u32(0..60), 0).expect("valid time")
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}
