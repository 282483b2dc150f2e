//! Nudges end to end: the store deriving facts from a real history, snoozes
//! and dismissals kept in the file, settings that move thresholds, and the
//! `kith nudges` and `kith settings` commands on the built binary.

mod binary;
mod common;

use binary::Kith;
use chrono::{NaiveDate, NaiveDateTime};
use common::dump;
use kith::domain::Field;
use kith::domain::nudge::{
    FollowUpRef, contact_nudges, evaluate, hides, intimate_lookback, layer_evidence,
};
use kith::domain::time::{parse_date, parse_date_time};
use kith::domain::{
    Channel, ContactDraft, ContactFacts, ContactId, DateDraft, Depth, FollowUpDraft, Initiator,
    InteractionDraft, NudgeKind, Settings, Tone, TrustLevel, YearlyDate,
};
use kith::store::{NewContact, Store, StoreError};
use serde_json::Value;

fn at(text: &str) -> NaiveDateTime {
    parse_date_time(Field::When, text).unwrap()
}

fn day(text: &str) -> NaiveDate {
    parse_date(Field::On, text).unwrap()
}

/// The moment every write in the store tests happens.
const NOW: &str = "2026-06-01 10:00";

fn today() -> NaiveDate {
    day("2026-06-01")
}

fn add(store: &mut Store, name: &str, met_on: &str, trust: TrustLevel) -> ContactId {
    let mut draft = ContactDraft::named(name);
    draft.met_on = Some(day(met_on));
    store
        .add_contact(
            NewContact {
                trust: Some(trust),
                ..NewContact::new(draft)
            },
            at(NOW),
        )
        .unwrap()
}

/// Logs a message (a channel that is owed a reply when they start it).
fn log(store: &mut Store, contact: ContactId, when: &str, by: Initiator) {
    let mut draft = InteractionDraft::new(contact, at(when));
    draft.initiated_by = by;
    draft.channel = Channel::Message;
    store.log_interaction(draft, at(NOW)).unwrap();
}

/// The kinds due for `contact` on `on`.
fn due_for(store: &Store, contact: ContactId, on: NaiveDate) -> Vec<NudgeKind> {
    store
        .due_nudges(on)
        .unwrap()
        .iter()
        .filter(|n| n.contact_id == Some(contact))
        .map(|n| n.kind)
        .collect()
}

/// Ada reached out on 2026-05-20 and is waiting on a reply.
fn waiting_ada(store: &mut Store) -> ContactId {
    let ada = add(store, "Ada", "2025-01-01", TrustLevel::Familiar);
    log(store, ada, "2026-05-01 12:00", Initiator::Me);
    log(store, ada, "2026-05-20 12:00", Initiator::Them);
    ada
}

#[test]
fn a_snooze_hides_until_its_day_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    let ada = {
        let mut store = Store::open(&path).unwrap();
        let ada = waiting_ada(&mut store);
        assert_eq!(due_for(&store, ada, today()), [NudgeKind::Unanswered]);
        let _ = store
            .snooze_nudge(Some(ada), NudgeKind::Unanswered, day("2026-06-10"))
            .unwrap();
        assert_eq!(due_for(&store, ada, today()), []);
        ada
    };
    let mut store = Store::open(&path).unwrap();
    assert_eq!(due_for(&store, ada, day("2026-06-09")), []);
    assert_eq!(
        due_for(&store, ada, day("2026-06-10")),
        [NudgeKind::Unanswered],
        "shows again on the day the snooze ends"
    );
    // Pruning before that day keeps it; on that day it hides nothing and goes.
    assert_eq!(store.prune_nudge_states(day("2026-06-09")).unwrap(), 0);
    assert_eq!(store.nudge_states().unwrap().len(), 1);
    assert_eq!(store.prune_nudge_states(day("2026-06-10")).unwrap(), 1);
    assert!(store.nudge_states().unwrap().is_empty());

    // Snoozing again replaces the earlier state of the same nudge.
    let _ = store
        .snooze_nudge(Some(ada), NudgeKind::Unanswered, day("2026-07-01"))
        .unwrap();
    let _ = store
        .snooze_nudge(Some(ada), NudgeKind::Unanswered, day("2026-06-05"))
        .unwrap();
    let states = store.nudge_states().unwrap();
    assert_eq!(states.len(), 1);
    assert_eq!(states[0].snoozed_until, Some(day("2026-06-05")));
}

#[test]
fn a_dismissal_hides_until_an_interaction_or_trust_change_is_logged() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = waiting_ada(&mut store);
    let _ = store
        .dismiss_nudge(Some(ada), NudgeKind::Unanswered, at(NOW).date())
        .unwrap();
    assert_eq!(due_for(&store, ada, today()), []);
    assert_eq!(
        due_for(&store, ada, day("2027-01-01")),
        [NudgeKind::Neglect],
        "time alone does not end a dismissal (of unanswered)"
    );

    // An older interaction leaves their message the latest, still
    // unanswered, but it is new evidence: the nudge is back.
    log(&mut store, ada, "2026-04-01 12:00", Initiator::Mutual);
    assert_eq!(due_for(&store, ada, today()), [NudgeKind::Unanswered]);

    let _ = store
        .dismiss_nudge(Some(ada), NudgeKind::Unanswered, at(NOW).date())
        .unwrap();
    assert_eq!(due_for(&store, ada, today()), []);
    let _ = store
        .set_trust(ada, TrustLevel::Familiar, day("2026-05-30"), "", at(NOW))
        .unwrap();
    assert_eq!(due_for(&store, ada, today()), [NudgeKind::Unanswered]);

    // Dismissing one kind leaves the others.
    let _ = store
        .set_trust(ada, TrustLevel::Trusted, day("2026-05-31"), "", at(NOW))
        .unwrap();
    let mut kinds = due_for(&store, ada, day("2026-07-01"));
    kinds.sort();
    // Known long before Kith (met 2025, added 2026): trusted is not too
    // fast on a history Kith never saw.
    assert_eq!(kinds, [NudgeKind::Neglect, NudgeKind::Unanswered]);
    let _ = store
        .dismiss_nudge(Some(ada), NudgeKind::Neglect, at(NOW).date())
        .unwrap();
    let mut kinds = due_for(&store, ada, day("2026-07-01"));
    kinds.sort();
    assert_eq!(kinds, [NudgeKind::Unanswered]);
}

#[test]
fn deleting_a_contact_removes_its_nudge_states() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = waiting_ada(&mut store);
    let bo = waiting_ada(&mut store);
    for id in [ada, bo] {
        let _ = store
            .snooze_nudge(Some(id), NudgeKind::Unanswered, day("2026-07-01"))
            .unwrap();
        let _ = store
            .dismiss_nudge(Some(id), NudgeKind::Neglect, at(NOW).date())
            .unwrap();
    }
    let _ = store.delete_contact(ada).unwrap();
    let states = store.nudge_states().unwrap();
    assert_eq!(states.len(), 2);
    assert!(states.iter().all(|s| s.contact_id == Some(bo)));
    assert!(store.due_nudges(today()).is_ok());
}

#[test]
fn states_of_contacts_that_no_longer_exist_are_cleaned_up_never_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        waiting_ada(&mut store);
    }
    {
        // A file written by something that did not enforce foreign keys.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO nudge_states (contact_id, kind, snoozed_until)
                 VALUES (999, 'neglect', '2030-01-01');
             INSERT INTO nudge_states (contact_id, kind, dismissed_at_evidence)
                 VALUES (998, 'souring', 3);",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.nudge_states().unwrap().len(), 2);
    assert_eq!(store.due_nudges(today()).unwrap().len(), 1);
    assert_eq!(store.prune_nudge_states(today()).unwrap(), 2);
    assert!(store.nudge_states().unwrap().is_empty());

    // Snoozing a nudge about someone who does not exist names the problem.
    assert!(matches!(
        store.snooze_nudge(Some(ContactId(999)), NudgeKind::Neglect, day("2030-01-01")),
        Err(StoreError::ContactNotFound(_))
    ));
    assert!(matches!(
        store.dismiss_nudge(Some(ContactId(999)), NudgeKind::Neglect, at(NOW).date()),
        Err(StoreError::ContactNotFound(_))
    ));
    // Over capacity is about no one; every other kind about someone.
    assert!(matches!(
        store.dismiss_nudge(None, NudgeKind::Neglect, at(NOW).date()),
        Err(StoreError::Invalid(e)) if e.field().key() == "contact"
    ));
    let ada = store
        .resolve_contact(&kith::store::ContactRef::parse("Ada"))
        .unwrap();
    assert!(matches!(
        store.snooze_nudge(Some(ada), NudgeKind::OverCapacity, day("2030-01-01")),
        Err(StoreError::Invalid(e)) if e.field().key() == "kind"
    ));
    assert!(store.nudge_states().unwrap().is_empty());
}

#[test]
fn prune_removes_exactly_the_states_that_hide_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = waiting_ada(&mut store);
    let bo = waiting_ada(&mut store);
    let cy = waiting_ada(&mut store);
    let dee = waiting_ada(&mut store);
    for _ in 0..6 {
        add(&mut store, "Close", "2025-01-01", TrustLevel::Intimate);
    }
    let _ = store
        .snooze_nudge(Some(ada), NudgeKind::Unanswered, today())
        .unwrap();
    let _ = store
        .snooze_nudge(Some(bo), NudgeKind::Unanswered, day("2026-06-02"))
        .unwrap();
    let _ = store
        .dismiss_nudge(Some(cy), NudgeKind::Unanswered, at(NOW).date())
        .unwrap();
    let _ = store
        .dismiss_nudge(Some(dee), NudgeKind::Unanswered, at(NOW).date())
        .unwrap();
    let _ = store
        .dismiss_nudge(None, NudgeKind::OverCapacity, at(NOW).date())
        .unwrap();
    log(&mut store, dee, "2026-05-21 12:00", Initiator::Them);

    let evidence_of = |store: &Store, contact: Option<ContactId>| match contact {
        Some(id) => {
            store
                .nudge_facts_of(
                    id,
                    today(),
                    intimate_lookback(today(), &Settings::default()),
                )
                .unwrap()
                .unwrap()
                .evidence
        }
        None => layer_evidence(&store.layer_counts().unwrap()),
    };
    let hiding: Vec<_> = store
        .nudge_states()
        .unwrap()
        .into_iter()
        .filter(|s| hides(s, today(), evidence_of(&store, s.contact_id)))
        .collect();
    assert_eq!(store.prune_nudge_states(today()).unwrap(), 2);
    assert_eq!(store.nudge_states().unwrap(), hiding);
    let kept: Vec<_> = hiding.iter().map(|s| s.contact_id).collect();
    assert_eq!(kept, [Some(bo), Some(cy), None]);

    // A change in the layers ends the over-capacity dismissal.
    add(&mut store, "Closer", "2025-01-01", TrustLevel::Intimate);
    assert_eq!(store.prune_nudge_states(today()).unwrap(), 1);
    assert_eq!(store.nudge_states().unwrap().len(), 2);
}

#[test]
fn over_capacity_counts_people_who_are_not_archived() {
    let mut store = Store::open_in_memory().unwrap();
    let over = |store: &Store| -> Vec<String> {
        store
            .due_nudges(today())
            .unwrap()
            .into_iter()
            .filter(|n| n.kind == NudgeKind::OverCapacity)
            .map(|n| n.reason)
            .collect()
    };
    let mut close = Vec::new();
    for _ in 0..6 {
        close.push(add(&mut store, "Close", "2025-01-01", TrustLevel::Intimate));
    }
    assert_eq!(
        over(&store),
        ["More than people can sustain: 6 people are intimate (about 5 can be sustained)"]
    );
    let _ = store.set_archived(close[0], true, at(NOW)).unwrap();
    assert!(over(&store).is_empty());
    let _ = store.set_archived(close[0], false, at(NOW)).unwrap();
    let _ = store
        .dismiss_nudge(None, NudgeKind::OverCapacity, at(NOW).date())
        .unwrap();
    assert!(over(&store).is_empty());
    add(&mut store, "Closer", "2025-01-01", TrustLevel::Intimate);
    assert_eq!(
        over(&store),
        ["More than people can sustain: 7 people are intimate (about 5 can be sustained)"]
    );
    store.set_setting("capacity_intimate", "7").unwrap();
    assert!(over(&store).is_empty());
}

#[test]
fn a_changed_setting_changes_the_nudges_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    let ada = {
        let mut store = Store::open(&path).unwrap();
        let ada = waiting_ada(&mut store);
        assert_eq!(due_for(&store, ada, today()), [NudgeKind::Unanswered]);
        store.set_setting("reply_window_days", "14").unwrap();
        assert_eq!(due_for(&store, ada, today()), []);
        ada
    };
    let mut store = Store::open(&path).unwrap();
    assert_eq!(due_for(&store, ada, today()), []);
    assert_eq!(
        due_for(&store, ada, day("2026-06-03")),
        [NudgeKind::Unanswered]
    );
    store.reset_setting("reply_window_days").unwrap();
    assert_eq!(due_for(&store, ada, today()), [NudgeKind::Unanswered]);
    assert_eq!(store.settings().unwrap(), Settings::default());

    // A reset the other settings contradict is refused and changes nothing.
    store.set_setting("souring_window", "10").unwrap();
    store.set_setting("souring_negatives", "5").unwrap();
    assert!(matches!(
        store.reset_setting("souring_window"),
        Err(StoreError::Invalid(e)) if e.field().key() == "souring_negatives"
    ));
    assert_eq!(store.settings().unwrap().souring_window, 10);
}

/// Interaction with every field that matters to the rules.
fn interaction(
    contact: ContactId,
    when: &str,
    channel: Channel,
    by: Initiator,
    tone: Tone,
    depth: Depth,
    minutes: Option<u32>,
) -> InteractionDraft {
    InteractionDraft {
        channel,
        initiated_by: by,
        tone,
        depth,
        minutes,
        ..InteractionDraft::new(contact, at(when))
    }
}

#[test]
fn facts_from_a_real_history_match_facts_built_by_hand() {
    use Channel::{Email, InPerson, Letter, Message, Video};
    use Initiator::{Me, Mutual, Them};
    use Tone::{Negative, Neutral, Positive};
    let mut store = Store::open_in_memory().unwrap();
    let bo = add(&mut store, "Bo", "2026-05-01", TrustLevel::Acquaintance);
    for draft in [
        interaction(
            bo,
            "2026-05-10 18:00",
            Message,
            Me,
            Negative,
            Depth::Intimate,
            None,
        ),
        interaction(
            bo,
            "2026-05-25 20:00",
            Video,
            Them,
            Neutral,
            Depth::SmallTalk,
            Some(30),
        ),
        interaction(
            bo,
            "2026-01-15 12:00",
            Letter,
            Mutual,
            Positive,
            Depth::Intimate,
            None,
        ),
        interaction(
            bo,
            "2026-05-02 12:00",
            InPerson,
            Them,
            Positive,
            Depth::SmallTalk,
            Some(60),
        ),
        interaction(
            bo,
            "2026-05-20 09:00",
            Email,
            Me,
            Negative,
            Depth::Personal,
            None,
        ),
    ] {
        store.log_interaction(draft, at(NOW)).unwrap();
    }
    let _ = store
        .set_trust(bo, TrustLevel::Trusted, day("2026-05-21"), "", at(NOW))
        .unwrap();
    // What Bo said last, what you meant to do, and a day to remember.
    let mut last = interaction(
        bo,
        "2026-05-25 20:00",
        Video,
        Them,
        Negative,
        Depth::SmallTalk,
        None,
    );
    last.note = "\n  Moving to Lisbon in July.\r\nMore later".into();
    store.log_interaction(last, at(NOW)).unwrap();
    let paper = store
        .add_follow_up(
            FollowUpDraft::new(bo, "send the paper", Some(day("2026-06-03"))),
            at(NOW),
        )
        .unwrap();
    let ask = store
        .add_follow_up(FollowUpDraft::new(bo, "ask about the flat", None), at(NOW))
        .unwrap();
    let done = store
        .add_follow_up(FollowUpDraft::new(bo, "done already", None), at(NOW))
        .unwrap();
    let _ = store.set_follow_up_done(done, true, at(NOW)).unwrap();
    store
        .add_date(
            DateDraft::new(bo, "wedding", YearlyDate::parse("2020-09-12").unwrap()),
            at(NOW),
        )
        .unwrap();
    let cy = store
        .add_contact(NewContact::new(ContactDraft::named("Cy")), at(NOW))
        .unwrap();
    let gone = add(&mut store, "Gone", "2020-01-01", TrustLevel::Trusted);
    let _ = store.set_archived(gone, true, at(NOW)).unwrap();

    let by_hand = vec![
        ContactFacts {
            id: bo,
            name: "Bo".into(),
            archived: false,
            trust: TrustLevel::Trusted,
            cadence_days: None,
            // The letter in January came before the day you met.
            known_since: day("2026-01-15"),
            met_on: Some(day("2026-05-01")),
            added_on: today(),
            skipped_on: None,
            skips_in_a_row: 0,
            interaction_count: 6,
            last_interaction_at: Some(at("2026-05-25 20:00")),
            last_channel: Some(Video),
            first_live_at: Some(at("2026-05-02 12:00")),
            total_minutes: Some(90),
            recent: vec![
                (Them, Negative),
                (Them, Neutral),
                (Me, Negative),
                (Me, Negative),
                (Them, Positive),
                (Mutual, Positive),
            ],
            trust_history: vec![
                (day("2026-05-01"), TrustLevel::Acquaintance),
                (day("2026-05-21"), TrustLevel::Trusted),
            ],
            // The letter in January is before the intimacy window.
            recent_intimate: vec![at("2026-05-10 18:00")],
            evidence: 7,
            // The first line of the latest note, and the open follow-ups,
            // dated first.
            last_note: "Moving to Lisbon in July.".into(),
            follow_ups: vec![
                FollowUpRef {
                    id: paper,
                    what: "send the paper".into(),
                    due: Some(day("2026-06-03")),
                },
                FollowUpRef {
                    id: ask,
                    what: "ask about the flat".into(),
                    due: None,
                },
            ],
            birthday: None,
            dates: vec![("wedding".into(), YearlyDate::parse("2020-09-12").unwrap())],
        },
        ContactFacts {
            id: cy,
            name: "Cy".into(),
            archived: false,
            trust: TrustLevel::Handshake,
            cadence_days: None,
            known_since: today(),
            met_on: None,
            added_on: today(),
            skipped_on: None,
            skips_in_a_row: 0,
            interaction_count: 0,
            last_interaction_at: None,
            last_channel: None,
            first_live_at: None,
            total_minutes: None,
            recent: Vec::new(),
            // Added without a level: a default handshake, no assessment.
            trust_history: Vec::new(),
            recent_intimate: Vec::new(),
            evidence: 0,
            last_note: String::new(),
            follow_ups: Vec::new(),
            birthday: None,
            dates: Vec::new(),
        },
    ];
    let settings = Settings::default();
    let facts = store
        .nudge_facts(today(), intimate_lookback(today(), &settings))
        .unwrap();
    assert_eq!(facts, by_hand);

    // The history breaks several rules, and the store and the hand agree
    // on every nudge.
    let bo_nudges = contact_nudges(today(), &facts[0], &settings);
    let kinds: Vec<_> = bo_nudges.iter().map(|n| n.kind).collect();
    // Bo's last word was a video call they started: a conversation, which
    // was its own answer, so no one is waiting on a reply.
    assert_eq!(kinds, [NudgeKind::TooFast, NudgeKind::Souring]);
    assert_eq!(
        store.due_nudges(today()).unwrap(),
        evaluate(today(), &by_hand, &settings, &[])
    );

    // One contact's facts, archived or not, come the same way.
    let lookback = intimate_lookback(today(), &settings);
    assert_eq!(
        store
            .nudge_facts_of(bo, today(), lookback)
            .unwrap()
            .as_ref(),
        Some(&by_hand[0])
    );
    let archived = store
        .nudge_facts_of(gone, today(), lookback)
        .unwrap()
        .unwrap();
    assert!(archived.archived);
    assert!(contact_nudges(today(), &archived, &settings).is_empty());
    assert_eq!(
        store
            .nudge_facts_of(ContactId(404), today(), lookback)
            .unwrap(),
        None
    );

    // Removing the latest interactions brings the one before to the front.
    for _ in 0..2 {
        let latest = store.interactions_of(bo).unwrap()[0].id;
        let _ = store.delete_interaction(latest).unwrap();
    }
    let after = store
        .nudge_facts_of(bo, today(), lookback)
        .unwrap()
        .unwrap();
    assert_eq!(after.last_note, "");
    assert_eq!(after.last_channel, Some(Email));
    assert_eq!(after.last_interaction_at, Some(at("2026-05-20 09:00")));
    assert_eq!(after.recent[0], (Me, Negative));
    assert_eq!(after.evidence, 9);
    assert!(
        !contact_nudges(today(), &after, &settings)
            .iter()
            .any(|n| n.kind == NudgeKind::Unanswered)
    );
}

// ---------------------------------------------------------------------------
// The command line.

/// The nudges due on `on`, as (contact or "-", kind) pairs in order.
fn due_pairs(kith: &Kith, on: &str) -> Vec<(String, String)> {
    kith.json(&["nudges", "--today", on, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["contact"].as_str().unwrap_or("-").to_owned(),
                n["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const ON: &str = "2026-06-01";

/// Five people, each breaking one rule on 2026-06-01.
fn five_stories() -> Kith {
    let kith = Kith::new();
    let add = |name: &str, trust: &str| {
        kith.ok(&[
            "contact",
            "add",
            name,
            "--met-on",
            "2025-01-01",
            "--trust",
            trust,
        ]);
    };
    let log = |name: &str, on: &str, extra: &[&str]| {
        let mut args = vec!["log", name, "--on", on];
        args.extend_from_slice(extra);
        kith.ok(&args);
    };
    // Ada: trusted, seen in person often, quiet for 42 days.
    add("Ada", "trusted");
    for month in [
        "2025-02", "2025-05", "2025-08", "2025-11", "2026-02", "2026-04",
    ] {
        let on = if month == "2026-04" {
            "2026-04-20 18:00".to_owned()
        } else {
            format!("{month}-10 18:00")
        };
        log("Ada", &on, &["--channel", "in-person"]);
    }
    // Ben: emailed a week ago and is waiting.
    add("Ben", "familiar");
    log("Ben", "2026-05-10 12:00", &["--initiated-by", "me"]);
    log(
        "Ben",
        "2026-05-25 09:30",
        &["--initiated-by", "them", "--channel", "email"],
    );
    // Cy: from acquaintance to trusted in one step, twelve days ago.
    add("Cy", "acquaintance");
    log("Cy", "2026-05-30 12:00", &["--channel", "call"]);
    kith.ok(&["trust", "Cy", "trusted", "--on", "2026-05-20"]);
    // Dee: you start everything.
    add("Dee", "acquaintance");
    for day in 10..18 {
        log(
            "Dee",
            &format!("2026-05-{day} 12:00"),
            &["--initiated-by", "me"],
        );
    }
    // Eve: the last two went badly.
    add("Eve", "acquaintance");
    log("Eve", "2026-05-01 12:00", &["--tone", "positive"]);
    log("Eve", "2026-05-15 12:00", &["--tone", "negative"]);
    log("Eve", "2026-05-28 12:00", &["--tone", "negative"]);
    kith
}

#[test]
fn nudges_from_a_history_built_on_the_command_line() {
    let kith = five_stories();
    let due = kith.json(&["nudges", "--today", ON, "--json"]);
    let list = due.as_array().unwrap();
    let pairs: Vec<(String, String)> = due_pairs(&kith, ON);
    assert_eq!(
        pairs,
        [
            ("Ben", "unanswered"),
            ("Eve", "souring"),
            ("Ada", "neglect"),
            ("Cy", "too_fast"),
            ("Dee", "one_sided"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    for nudge in list {
        let object = nudge.as_object().unwrap();
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        // The checks of a too_fast nudge, when it has several.
        keys.retain(|key| *key != "details");
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "contact",
                "contact_id",
                "focus",
                "follow_ups",
                "kind",
                "last_interaction",
                "reason",
                "severity"
            ]
        );
        assert!(nudge["contact_id"].is_i64());
        assert!(nudge["severity"].is_f64());
    }
    let severities: Vec<f64> = list
        .iter()
        .map(|n| n["severity"].as_f64().unwrap())
        .collect();
    assert!(
        severities.windows(2).all(|w| w[0] >= w[1]),
        "{severities:?}"
    );

    let reason = |name: &str| -> String {
        list.iter().find(|n| n["contact"] == name).unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        reason("Ben"),
        "They emailed you 7 days ago, with nothing logged since; you aim to reply within 3 days"
    );
    assert_eq!(
        reason("Ada"),
        "Last contact 42 days ago; you aim for every 30 days (trusted)"
    );
    assert_eq!(
        reason("Dee"),
        "You started 8 of the last 8 conversations (one-sided from 7 of 8)"
    );
    assert_eq!(
        reason("Eve"),
        "2 of the last 3 interactions were negative (souring from 2 of 3)"
    );
    assert!(
        reason("Cy").contains("Trust rose from acquaintance to trusted on 2026-05-20"),
        "{}",
        reason("Cy")
    );

    // A later interaction clears Ben's wait; a week later Ada is overdue.
    kith.ok(&[
        "log",
        "Ben",
        "--on",
        "2026-05-31 08:00",
        "--initiated-by",
        "me",
    ]);
    let later = kith.json(&["nudges", "--today", "2026-06-08", "--json"]);
    let later: Vec<&Value> = later.as_array().unwrap().iter().collect();
    assert!(later.iter().all(|n| n["contact"] != "Ben"));
    let ada = later.iter().find(|n| n["contact"] == "Ada").unwrap();
    assert!(
        ada["reason"]
            .as_str()
            .unwrap()
            .ends_with("overdue from 45 days"),
        "{ada}"
    );

    // The flags in either order, and the human output grouped by kind.
    assert_eq!(
        kith.json(&["nudges", "--json", "--today", "2026-06-08"]),
        Value::Array(later.into_iter().cloned().collect())
    );
    // The human output: four nudges, all in Focus, most urgent first.
    let text = kith.ok(&["nudges", "--today", ON]);
    let order = [
        "Souring: ",
        "Keep in touch: ",
        "Trust outrunning history: ",
        "One-sided: ",
    ];
    let mut last = 0;
    for kind in order {
        let found = text.find(kind).unwrap_or_else(|| panic!("{kind}:\n{text}"));
        assert!(found >= last, "out of order:\n{text}");
        last = found;
    }
    assert!(text.starts_with("Due on 2026-06-01:\n\nFocus\n"), "{text}");
    assert!(
        text.contains("  Ada (1) · Keep in touch: Last contact 42 days ago"),
        "{text}"
    );
    assert!(!text.contains("Everything else"), "{text}");
}

#[test]
fn an_empty_day_reads_well() {
    let kith = Kith::new();
    assert_eq!(kith.ok(&["nudges"]), "Nothing due today.\n");
    assert_eq!(
        kith.ok(&["nudges", "--today", ON]),
        "Nothing due on 2026-06-01.\n"
    );
    assert_eq!(
        kith.json(&["nudges", "--today", ON, "--json"]),
        serde_json::json!([])
    );
    let help = kith.ok(&["nudges", "--help"]);
    for word in ["snooze", "dismiss", "restore", "--today", "--json"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn snooze_dismiss_and_restore_on_the_command_line() {
    let kith = five_stories();
    let out = kith.ok(&[
        "nudges",
        "snooze",
        "Ben",
        "unanswered",
        "--until",
        "2030-01-01",
    ]);
    assert_eq!(
        out,
        "Snoozed unanswered for Ben until 2030-01-01; it shows again that day.\n"
    );
    assert!(!due_pairs(&kith, ON).contains(&("Ben".into(), "unanswered".into())));
    assert!(!due_pairs(&kith, "2029-12-31").contains(&("Ben".into(), "unanswered".into())));
    assert!(due_pairs(&kith, "2030-01-01").contains(&("Ben".into(), "unanswered".into())));

    let out = kith.ok(&["nudges", "dismiss", "Ada", "neglect"]);
    assert_eq!(
        out,
        "Dismissed neglect for Ada until you log an interaction with Ada or change their trust.\n"
    );
    assert!(!due_pairs(&kith, ON).contains(&("Ada".into(), "neglect".into())));
    assert!(!due_pairs(&kith, "2027-06-01").contains(&("Ada".into(), "neglect".into())));
    kith.ok(&["log", "Ada", "--on", "2026-04-25 12:00"]);
    assert!(due_pairs(&kith, ON).contains(&("Ada".into(), "neglect".into())));

    // Restoring brings back a snoozed nudge at once.
    let out = kith.ok(&["nudges", "restore", "Ben", "unanswered"]);
    assert_eq!(
        out,
        "Restored unanswered for Ben: it shows whenever it is due.\n"
    );
    assert!(due_pairs(&kith, ON).contains(&("Ben".into(), "unanswered".into())));
    let out = kith.ok(&["nudges", "restore", "Ben", "unanswered"]);
    assert!(out.contains("was not snoozed or dismissed"), "{out}");

    // Hiding a nudge that is not due says so, and still hides it later.
    let out = kith.ok(&["nudges", "dismiss", "Dee", "souring"]);
    assert!(out.contains("No such nudge is due today"), "{out}");

    // Over capacity is about no one: named alone.
    for name in ["One", "Two", "Three", "Four", "Five", "Six"] {
        kith.ok(&[
            "contact",
            "add",
            name,
            "--met-on",
            "2020-01-01",
            "--trust",
            "intimate",
        ]);
    }
    assert!(due_pairs(&kith, ON).contains(&("-".into(), "over_capacity".into())));
    let out = kith.ok(&["nudges", "dismiss", "over_capacity"]);
    assert!(
        out.starts_with("Dismissed over_capacity until the number"),
        "{out}"
    );
    assert!(!due_pairs(&kith, ON).contains(&("-".into(), "over_capacity".into())));
    kith.ok(&["contact", "archive", "Six"]);
    kith.ok(&[
        "contact",
        "add",
        "Seven",
        "--met-on",
        "2020-01-01",
        "--trust",
        "intimate",
    ]);
    kith.ok(&[
        "contact",
        "add",
        "Eight",
        "--met-on",
        "2020-01-01",
        "--trust",
        "intimate",
    ]);
    assert!(due_pairs(&kith, ON).contains(&("-".into(), "over_capacity".into())));
}

#[test]
fn bad_nudge_commands_name_the_field_and_change_nothing() {
    let kith = five_stories();
    kith.ok(&[
        "nudges",
        "snooze",
        "Ben",
        "unanswered",
        "--until",
        "2030-01-01",
    ]);
    let before = dump(&kith.db);
    for (code, args, expected) in [
        (
            2,
            vec!["nudges", "snooze", "Ben", "bogus", "--until", "2030-01-01"],
            "kind",
        ),
        (2, vec!["nudges", "dismiss", "Ben", "late"], "kind"),
        (
            2,
            vec![
                "nudges",
                "snooze",
                "Ben",
                "neglect",
                "--until",
                "2030-02-30",
            ],
            "until",
        ),
        (2, vec!["nudges", "snooze", "Ben", "neglect"], "--until"),
        (2, vec!["nudges", "--today", "2026-13-01"], "today"),
        (
            2,
            vec!["nudges", "--json", "dismiss", "Ben", "neglect"],
            "dismiss",
        ),
        (
            1,
            vec![
                "nudges",
                "snooze",
                "Ben",
                "neglect",
                "--until",
                "2020-01-01",
            ],
            "until: \"2020-01-01\" is not valid (expected a day after today)",
        ),
        (
            1,
            vec![
                "nudges",
                "snooze",
                "Nobody",
                "neglect",
                "--until",
                "2030-01-01",
            ],
            "no contact named \"Nobody\"",
        ),
        (
            2,
            vec!["nudges", "dismiss", "Ben", "over_capacity"],
            "kind: over_capacity is about no one contact",
        ),
        (
            2,
            vec!["nudges", "dismiss", "neglect"],
            "contact: a neglect nudge is about one person",
        ),
        (2, vec!["nudges", "dismiss", "Ben"], "kind: missing"),
    ] {
        let err = kith.fails(code, &args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(dump(&kith.db), before);
}

#[test]
fn a_nudge_target_without_its_kind_is_bad_usage_and_creates_no_database() {
    let kith = Kith::new();
    for args in [
        vec!["nudges", "dismiss", "Ben"],
        vec!["nudges", "restore", "neglect"],
        vec![
            "nudges",
            "snooze",
            "Ben",
            "over_capacity",
            "--until",
            "2030-01-01",
        ],
    ] {
        let err = kith.fails(2, &args);
        assert!(err.contains("Usage: kith nudges"), "{args:?}: {err}");
    }
    assert!(!kith.db.exists(), "bad usage made a database");
}

#[test]
fn settings_are_listed_shown_changed_and_reset() {
    let kith = five_stories();
    let list = kith.ok(&["settings"]);
    for spec in kith::domain::settings::SPECS {
        assert!(list.contains(spec.key), "{}: {list}", spec.key);
        assert!(list.contains(spec.help), "{}: {list}", spec.help);
    }
    assert!(list.contains("reply_window_days          3 days"), "{list}");
    let all = kith.json(&["settings", "--json"]);
    assert_eq!(
        all.as_array().unwrap().len(),
        kith::domain::settings::SPECS.len()
    );
    assert_eq!(all[1]["key"], "cadence_trusted");
    assert_eq!(all[1]["value"], 30);
    assert_eq!(all[1]["default"], 30);
    assert_eq!(all[1]["unit"], "days");

    assert_eq!(
        kith.ok(&["settings", "reply_window_days"]),
        "reply_window_days = 3 days (default 3 days; 0 to 365)\n\
         Days after they reach out before an unanswered nudge\n"
    );
    // Changing a threshold changes the nudges.
    assert!(due_pairs(&kith, ON).contains(&("Ben".into(), "unanswered".into())));
    assert_eq!(
        kith.ok(&["settings", "reply_window_days", "10"]),
        "reply_window_days: 10 days (was 3 days; default 3 days).\n"
    );
    assert!(!due_pairs(&kith, ON).contains(&("Ben".into(), "unanswered".into())));
    assert!(
        kith.ok(&["settings"])
            .contains("reply_window_days          10 days")
    );
    let shown = kith.json(&["settings", "reply_window_days", "--json"]);
    assert_eq!(shown["value"], 10);
    assert_eq!(shown["default"], 3);
    assert_eq!(
        kith.ok(&["settings", "reply_window_days", "--reset"]),
        "reply_window_days: back to its default, 3 days (was 10 days).\n"
    );
    assert!(due_pairs(&kith, ON).contains(&("Ben".into(), "unanswered".into())));

    let before = dump(&kith.db);
    for (code, args, expected) in [
        (
            2,
            vec!["settings", "bogus"],
            "setting: unknown value \"bogus\"",
        ),
        (
            2,
            vec!["settings", "bogus", "3"],
            "setting: unknown value \"bogus\"",
        ),
        (
            2,
            vec!["settings", "reply_window_days", "3", "--reset"],
            "--reset",
        ),
        (
            2,
            vec!["settings", "reply_window_days", "400"],
            "reply_window_days: 400 is out of range (0 to 365)",
        ),
        (
            2,
            vec!["settings", "reply_window_days", "-1"],
            "reply_window_days: -1 is out of range (0 to 365)",
        ),
        (
            2,
            vec!["settings", "reply_window_days", "soon"],
            "reply_window_days: \"soon\" is not valid",
        ),
        (
            1,
            vec!["settings", "souring_negatives", "4"],
            "souring_negatives: 4 is out of range (1 to 3)",
        ),
    ] {
        let err = kith.fails(code, &args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(dump(&kith.db), before);
}

#[test]
fn a_version_1_database_gains_the_last_channel_of_each_contact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        // A file as the first released schema wrote it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/store/sql/001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO contacts (id, uuid, name, created_at, updated_at, interaction_count,
                                   last_interaction_at, recent, evidence)
                 VALUES (1, 'b0c1a2d3-0000-4000-8000-000000000001', 'Ada', 1780000000,
                         1780000000, 2, 1780300000, 't0m0', 2),
                        (2, 'b0c1a2d3-0000-4000-8000-000000000002', 'Bo', 1780000000,
                         1780000000, 0, NULL, '', 0);
             INSERT INTO interactions (uuid, contact_id, occurred_at, channel, initiated_by,
                                       tone, depth, created_at)
                 VALUES ('b0c1a2d3-0000-4000-8000-000000000003', 1, 1780300000, 'letter',
                         'them', 'neutral', 'small-talk', 1780300000),
                        ('b0c1a2d3-0000-4000-8000-000000000004', 1, 1780100000, 'call',
                         'me', 'neutral', 'small-talk', 1780100000);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), kith::store::LATEST_VERSION);
    let facts = store
        .nudge_facts(today(), intimate_lookback(today(), &Settings::default()))
        .unwrap();
    let channels: Vec<_> = facts
        .iter()
        .map(|f| (f.name.as_str(), f.last_channel))
        .collect();
    assert_eq!(channels, [("Ada", Some(Channel::Letter)), ("Bo", None)]);
    assert!(
        store.due_nudges(day("2026-07-01")).unwrap()[0]
            .reason
            .starts_with("They wrote to you"),
    );
}

#[test]
fn the_readme_lists_every_setting_with_its_default_and_meaning() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let defaults = Settings::default();
    for spec in kith::domain::settings::SPECS {
        let row = readme
            .lines()
            .find(|line| line.starts_with(&format!("| `{}` | ", spec.key)))
            .unwrap_or_else(|| panic!("README has no row for {}", spec.key));
        let cells: Vec<&str> = row.split(" | ").collect();
        let default = (spec.get)(&defaults).to_string();
        let number: String = cells[1].chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(number, default, "{row}");
        assert_eq!(cells[2].trim_end_matches(" |"), spec.help, "{row}");
    }
}
