//! The kept nudge facts (`nudge_facts`, issue 19) against the tables they
//! come from: random sequences of every kind of write, then, for random
//! days, the facts and the nudges the store gives must equal those
//! computed from scratch (every summary from the interactions themselves),
//! and `kith check` must find no drift. Then drift made on purpose, in the
//! file, must be found, reported and rebuilt.

mod common;

use chrono::{Days, NaiveDate, NaiveDateTime};
use kith::domain::nudge::{evaluate, intimate_lookback};
use kith::domain::{
    Birthday, Channel, ContactDraft, ContactId, DateDraft, DateId, Depth, FollowUpDraft,
    FollowUpId, Initiator, InteractionDraft, InteractionId, Tone, TrustLevel, YearlyDate,
};
use kith::interchange::{self, ImportOptions};
use kith::store::{LogEntry, NewContact, NewFollowUp, Store};
use kith::transfer;

use common::{Place, at, day};

/// The end of the test's world: nothing is logged after it.
const NOW: &str = "2026-11-27 18:00";

/// A world of people and history, changed at random.
struct World {
    rng: fastrand::Rng,
    people: Vec<ContactId>,
    interactions: Vec<InteractionId>,
    follow_ups: Vec<FollowUpId>,
    dates: Vec<DateId>,
    undos: Vec<kith::store::Undo>,
    backup: Option<std::path::PathBuf>,
    names: u32,
}

impl World {
    fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            people: Vec::new(),
            interactions: Vec::new(),
            follow_ups: Vec::new(),
            dates: Vec::new(),
            undos: Vec::new(),
            backup: None,
            names: 0,
        }
    }

    fn now(&self) -> NaiveDateTime {
        at(NOW)
    }

    /// A moment in the last two years.
    fn moment(&mut self) -> NaiveDateTime {
        let minutes = self.rng.u64(0..2 * 365 * 24 * 60);
        self.now() - chrono::Duration::minutes(minutes as i64)
    }

    fn a_day(&mut self) -> NaiveDate {
        self.moment().date()
    }

    fn someone(&mut self) -> Option<ContactId> {
        (!self.people.is_empty()).then(|| self.people[self.rng.usize(..self.people.len())])
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> Option<T> {
        (!from.is_empty()).then(|| from[self.rng.usize(..from.len())])
    }

    fn yearly(&mut self) -> YearlyDate {
        YearlyDate {
            year: self.rng.bool().then(|| self.rng.i32(1950..2020)),
            month: self.rng.u32(1..=12),
            day: self.rng.u32(1..=28),
        }
    }

    fn draft(&mut self) -> ContactDraft {
        self.names += 1;
        let mut draft = ContactDraft::named(&format!("Person {}", self.names));
        if self.rng.bool() {
            draft.met_on = Some(self.a_day());
        }
        if self.rng.u8(..4) == 0 {
            draft.cadence_days = Some(self.rng.u32(0..90));
        }
        if self.rng.bool() {
            let birthday: Birthday = self.yearly();
            draft.birthday = Some(birthday);
        }
        draft
    }

    fn interaction(&mut self) -> Option<InteractionDraft> {
        let first = self.someone()?;
        let mut people = vec![first];
        for _ in 0..self.rng.usize(0..3) {
            let other = self.someone()?;
            if !people.contains(&other) {
                people.push(other);
            }
        }
        let mut draft = InteractionDraft::with_people(people.clone(), self.moment());
        draft.channel = self.pick(Channel::ALL)?;
        draft.initiated_by = self.pick(Initiator::ALL)?;
        if draft.initiated_by == Initiator::Them {
            draft.initiator = self.pick(&people);
        }
        draft.tone = self.pick(Tone::ALL)?;
        draft.depth = self.pick(Depth::ALL)?;
        draft.minutes = self.rng.bool().then(|| self.rng.u32(0..300));
        draft.note =
            ["", "Talked about the garden.\nAnd more.", "Coffee"][self.rng.usize(..3)].to_owned();
        Some(draft)
    }

    /// One random write; what it refuses (a date before someone was
    /// known, say) changes nothing and is fine.
    fn step(&mut self, store: &mut Store) {
        let now = self.now();
        match self.rng.u8(..22) {
            0..=2 => {
                let draft = self.draft();
                let trust = self.rng.bool().then(|| self.pick(TrustLevel::ALL).unwrap());
                let new = NewContact {
                    trust,
                    ..NewContact::new(draft)
                };
                if let Ok(id) = store.add_contact(new, now) {
                    self.people.push(id);
                }
            }
            3 => {
                if let Some(id) = self.someone() {
                    let mut draft = self.draft();
                    if self.rng.bool() {
                        draft.name = store.contact(id).unwrap().fields.name;
                    }
                    let _ = store.update_contact(id, draft, now);
                }
            }
            4 => {
                if let Some(id) = self.someone() {
                    let archived = self.rng.bool();
                    if let Ok(undo) = store.set_archived(id, archived, now) {
                        self.undos.push(undo);
                    }
                }
            }
            5 => {
                if let Some(id) = self.someone()
                    && self.rng.u8(..3) == 0
                    && let Ok(undo) = store.delete_contact(id)
                {
                    self.people.retain(|p| *p != id);
                    self.undos.push(undo);
                }
            }
            6..=9 => {
                if let Some(draft) = self.interaction() {
                    let mut entry = LogEntry::new(draft);
                    if self.rng.u8(..4) == 0 {
                        entry.follow_up = Some(NewFollowUp {
                            what: "Ask how it went".to_owned(),
                            due: self.rng.bool().then(|| self.a_day()),
                        });
                    }
                    if self.rng.u8(..4) == 0 {
                        let open: Vec<FollowUpId> = entry
                            .interaction
                            .participants
                            .iter()
                            .flat_map(|p| store.follow_ups_of(*p).unwrap())
                            .filter(|f| !f.is_done())
                            .map(|f| f.id)
                            .collect();
                        entry.done = open;
                    }
                    if let Ok(id) = store.log(entry, now) {
                        self.interactions.push(id);
                    }
                }
            }
            10 => {
                if let (Some(id), Some(draft)) =
                    (self.pick(&self.interactions.clone()), self.interaction())
                {
                    let _ = store.update_interaction(id, draft, now);
                }
            }
            11 => {
                if let Some(id) = self.pick(&self.interactions.clone())
                    && let Ok(undo) = store.delete_interaction(id)
                {
                    self.undos.push(undo);
                }
            }
            12 => {
                if let Some(id) = self.someone() {
                    let level = self.pick(TrustLevel::ALL).unwrap();
                    let on = self.a_day();
                    if let Ok(undo) = store.set_trust(id, level, on, "", now) {
                        self.undos.push(undo);
                    }
                }
            }
            13 => {
                if let Some(id) = self.someone() {
                    let due = self
                        .rng
                        .bool()
                        .then(|| now.date() + Days::new(self.rng.u64(0..60)));
                    if let Ok(f) =
                        store.add_follow_up(FollowUpDraft::new(id, "Send the book", due), now)
                    {
                        self.follow_ups.push(f);
                    }
                }
            }
            14 => {
                if let Some(id) = self.pick(&self.follow_ups.clone()) {
                    let done = self.rng.u8(..3) != 0;
                    let moment = self.moment();
                    let result = if self.rng.bool() {
                        store.set_follow_up_done(id, done, moment)
                    } else {
                        store.delete_follow_up(id)
                    };
                    if let Ok(undo) = result {
                        self.undos.push(undo);
                    }
                }
            }
            15 => {
                if let Some(id) = self.someone() {
                    let date = self.yearly();
                    if let Ok(d) = store.add_date(DateDraft::new(id, "anniversary", date), now) {
                        self.dates.push(d);
                    }
                }
            }
            16 => {
                if let (Some(id), Some(who)) = (self.pick(&self.dates.clone()), self.someone()) {
                    if self.rng.bool() {
                        let date = self.yearly();
                        let _ = store.update_date(id, DateDraft::new(who, "wedding", date), now);
                    } else if let Ok(undo) = store.delete_date(id) {
                        self.undos.push(undo);
                    }
                }
            }
            17 => {
                if let Some(id) = self.someone() {
                    let on = self.a_day().max(now.date() - Days::new(30));
                    if let Ok(undo) = store.skip_neglect(id, on, now) {
                        self.undos.push(undo);
                    }
                }
            }
            18 => {
                let (key, value) = [
                    ("intimacy_recent_days", self.rng.u32(1..800)),
                    ("souring_window", self.rng.u32(1..=32)),
                    ("one_sided_window", self.rng.u32(1..=32)),
                    ("trust_jump_window_days", self.rng.u32(1..400)),
                    ("date_lead_days", self.rng.u32(0..=60)),
                    ("reply_window_days", self.rng.u32(0..30)),
                ][self.rng.usize(..6)];
                // Refused when it contradicts another setting: fine.
                let _ = store.set_setting(key, &value.to_string());
            }
            19 => {
                if let Some(undo) = self.undos.pop() {
                    let _ = store.undo(undo);
                }
            }
            20 => {
                // An import: a vCard of two people, one of them perhaps
                // someone already here (by name).
                self.names += 1;
                let vcard = format!(
                    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person {}\r\nANNIVERSARY:20100612\r\n\
                     END:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person 1\r\n\
                     BDAY:--0704\r\nEND:VCARD\r\n",
                    self.names
                );
                let parsed = interchange::read(vcard.as_bytes(), None, now).unwrap();
                let plan =
                    transfer::plan_import(store, parsed, ImportOptions::default(), now.date())
                        .unwrap();
                let _ = transfer::apply_import(store, &plan, now, &mut |_, _| {}).unwrap();
                self.refresh_people(store);
            }
            _ => match self.backup.take() {
                Some(backup) => {
                    store.restore_from(&backup, now).unwrap();
                    self.refresh_people(store);
                    self.undos.clear();
                }
                None => self.backup = Some(store.backup(now).unwrap().path),
            },
        }
    }

    /// After an import or a restore: who is there now.
    fn refresh_people(&mut self, store: &Store) {
        self.people = store.contacts(true).unwrap().iter().map(|c| c.id).collect();
        self.interactions = self
            .people
            .iter()
            .flat_map(|p| store.interactions_of(*p).unwrap())
            .map(|i| i.id)
            .collect();
        self.follow_ups = self
            .people
            .iter()
            .flat_map(|p| store.follow_ups_of(*p).unwrap())
            .map(|f| f.id)
            .collect();
        self.dates = self
            .people
            .iter()
            .flat_map(|p| store.dates_of(*p).unwrap())
            .map(|d| d.id)
            .collect();
    }

    /// A day to judge on: mostly after everything, sometimes in the past.
    fn judging_day(&mut self) -> NaiveDate {
        match self.rng.u8(..4) {
            0 => self.a_day(),
            _ => self.now().date() + Days::new(self.rng.u64(0..400)),
        }
    }
}

/// The kept facts and the nudges from them equal the computation from
/// scratch, on `day`.
fn assert_same(store: &Store, day: NaiveDate, context: &str) {
    let settings = store.settings().unwrap();
    let since = intimate_lookback(day, &settings);
    let kept = store.nudge_facts(day, since).unwrap();
    let scratch = store.nudge_facts_from_scratch(day, since).unwrap();
    if kept != scratch {
        // Name the first person they disagree about, not everyone.
        let ids =
            |facts: &[kith::domain::ContactFacts]| facts.iter().map(|f| f.id).collect::<Vec<_>>();
        assert_eq!(ids(&kept), ids(&scratch), "who, on {day}, {context}");
        let (kept, scratch) = kept.iter().zip(&scratch).find(|(k, s)| k != s).unwrap();
        assert_eq!(kept, scratch, "facts on {day}, {context}");
    }
    let states = store.nudge_states().unwrap();
    assert_eq!(
        store.due_nudges(day).unwrap(),
        evaluate(day, &scratch, &settings, &states),
        "nudges on {day}, {context}"
    );
    for fact in &scratch {
        let one = store.nudge_facts_of(fact.id, day, since).unwrap();
        assert_eq!(one.as_ref(), Some(fact), "one contact on {day}, {context}");
    }
}

fn random_writes(seed: u64, steps: usize) {
    let place = Place::new();
    let mut store = Store::open(&place.db).unwrap();
    let mut world = World::new(seed);
    for step in 0..steps {
        world.step(&mut store);
        if step % 5 == 4 {
            for _ in 0..2 {
                let day = world.judging_day();
                assert_same(&store, day, &format!("seed {seed}, step {step}"));
            }
        }
    }
    let check = store.check_nudge_facts().unwrap();
    assert!(check.drifted.is_empty(), "seed {seed}: {check:?}");
    assert_eq!(check.people, world.people.len(), "seed {seed}");
    // And the file read by a fresh process agrees.
    drop(store);
    let store = Store::open(&place.db).unwrap();
    assert_same(&store, day("2027-01-01"), &format!("seed {seed}, reopened"));
}

#[test]
fn kept_facts_equal_facts_from_scratch_after_random_writes() {
    for seed in 1..=12 {
        random_writes(seed, 120);
    }
}

/// Someone with more intimate interactions than are kept: a long intimacy
/// window is answered from the tables, a short one from the kept facts,
/// both right.
#[test]
fn a_long_intimacy_window_past_the_kept_interactions_is_still_right() {
    let place = Place::new();
    let mut store = Store::open(&place.db).unwrap();
    let ada = store
        .add_contact(NewContact::new(ContactDraft::named("Ada")), at(NOW))
        .unwrap();
    for i in 0..45 {
        let mut draft = InteractionDraft::new(ada, at(NOW) - chrono::Duration::days(3 * i));
        draft.depth = Depth::Intimate;
        store.log(LogEntry::new(draft), at(NOW)).unwrap();
    }
    for days in ["30", "400", "3650"] {
        store.set_setting("intimacy_recent_days", days).unwrap();
        assert_same(&store, day("2026-11-28"), &format!("window {days}"));
    }
}

/// Drift put into the file by hand (a row rewritten, one removed, a stale
/// mark left, a summary column changed) is found, reported by `kith
/// check`, and rebuilt; reading stays right meanwhile.
#[test]
fn drift_is_found_reported_and_rebuilt() {
    let place = Place::new();
    let store = common::populated(&place.db);
    let ids: Vec<ContactId> = store.contacts(true).unwrap().iter().map(|c| c.id).collect();
    drop(store);
    {
        let conn = common::connect(&place.db);
        // Someone's kept facts from someone else.
        conn.execute(
            "UPDATE nudge_facts SET facts = (SELECT facts FROM nudge_facts WHERE contact_id = ?2)
             WHERE contact_id = ?1",
            [ids[0].0, ids[1].0],
        )
        .unwrap();
        // A summary column that no longer matches the interactions.
        conn.execute(
            "UPDATE contacts SET interaction_count = 99 WHERE id = ?1",
            [ids[2].0],
        )
        .unwrap();
        // Marked stale by the trigger: pretend the process stopped before
        // rewriting it (keep_up normally clears the mark at commit).
    }
    let evidence = |id: ContactId| -> i64 {
        common::read_only(&place.db)
            .query_row("SELECT evidence FROM contacts WHERE id = ?1", [id.0], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let before: Vec<i64> = ids.iter().map(|id| evidence(*id)).collect();
    // Opening rewrites the row the summary change marked stale (from the
    // wrong column); the check recomputes every summary, so it finds both.
    let output = common::run(&place.db, &["check"]);
    let said = common::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "nudge facts of 2 people had drifted from their history (ids {}, {})",
            ids[0], ids[2]
        )),
        "{said}"
    );
    assert!(said.contains("rebuilt them from it"), "{said}");
    // "Nothing else changed": a corrected summary is no new evidence, so
    // what was dismissed about them stays dismissed.
    let after: Vec<i64> = ids.iter().map(|id| evidence(*id)).collect();
    assert_eq!(after, before);
    let output = common::run(&place.db, &["check"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(
        common::stdout(&output).contains("Nudge facts: ok (kept up to date for 3 people)."),
        "{}",
        common::stdout(&output)
    );
    let mut store = Store::open(&place.db).unwrap();
    let check = store.check_nudge_facts().unwrap();
    assert!(check.drifted.is_empty(), "{check:?}");
    assert_same(&store, day("2026-12-01"), "after the rebuild");
}

/// An unreadable row, and stale marks a read-only connection cannot
/// rewrite: reads compute those people from the tables.
#[test]
fn unreadable_or_stale_rows_are_computed_from_the_tables() {
    let place = Place::new();
    let store = common::populated(&place.db);
    let ids: Vec<ContactId> = store.contacts(true).unwrap().iter().map(|c| c.id).collect();
    let expected = {
        let day = day("2026-12-01");
        store
            .nudge_facts_from_scratch(day, intimate_lookback(day, &store.settings().unwrap()))
            .unwrap()
    };
    drop(store);
    {
        let conn = common::connect(&place.db);
        conn.execute(
            "UPDATE nudge_facts SET facts = x'01ff' WHERE contact_id = ?1",
            [ids[0].0],
        )
        .unwrap();
        conn.execute(
            "UPDATE nudge_facts SET facts = x'' WHERE contact_id = ?1",
            [ids[1].0],
        )
        .unwrap();
    }
    let store = Store::open(&place.db).unwrap();
    let reader = store.reader().unwrap().unwrap();
    {
        let conn = common::connect(&place.db);
        conn.execute("INSERT INTO nudge_facts_stale VALUES (?1)", [ids[2].0])
            .unwrap();
        conn.execute("DELETE FROM nudge_facts WHERE contact_id = ?1", [ids[2].0])
            .unwrap();
    }
    let day = day("2026-12-01");
    let since = intimate_lookback(day, &store.settings().unwrap());
    assert_eq!(reader.nudge_facts(day, since).unwrap(), expected);
    assert_eq!(store.nudge_facts(day, since).unwrap(), expected);
}
