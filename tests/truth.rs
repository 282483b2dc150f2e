//! Nudges that tell the truth, through the store: the starting level,
//! "skip this time", taking back a snooze or a dismissal, and what an
//! upgrade makes of the handshakes older versions wrote.

mod common;

use common::{at, day};
use kith::domain::{ContactDraft, InteractionDraft, NudgeKind, TrustLevel};
use kith::store::{NewContact, Store};

const NOW: &str = "2026-06-01 10:00";

fn kinds(store: &Store, on: &str) -> Vec<NudgeKind> {
    store
        .due_nudges(day(on))
        .unwrap()
        .iter()
        .map(|n| n.kind)
        .collect()
}

#[test]
fn the_first_level_set_after_adding_someone_is_not_a_rise() {
    let mut store = Store::open_in_memory().unwrap();
    let mut draft = ContactDraft::named("Ada");
    draft.met_on = Some(day("2025-01-01"));
    let ada = store
        .add_contact(NewContact::new(draft), at("2025-01-02 10:00"))
        .unwrap();
    for when in ["2025-02-01 10:00", "2025-05-01 10:00", "2025-09-01 10:00"] {
        let mut talk = InteractionDraft::new(ada, at(when));
        talk.channel = kith::domain::Channel::InPerson;
        for _ in 0..3 {
            store.log_interaction(talk.clone(), at(NOW)).unwrap();
        }
    }
    // A year on, you set their level for the first time: a starting point.
    let _ = store
        .set_trust(ada, TrustLevel::Familiar, day("2026-05-25"), "", at(NOW))
        .unwrap();
    let history = store.trust_history(ada).unwrap();
    assert!(!history[0].assessed, "the handshake was a default");
    assert!(history[1].assessed);
    assert!(!kinds(&store, "2026-06-01").contains(&NudgeKind::TooFast));
    assert_eq!(store.contact(ada).unwrap().trust, TrustLevel::Familiar);

    // A level set with an earlier day than the default's still wins: the
    // default gives way to any assessment.
    let mut bo = ContactDraft::named("Bo");
    bo.met_on = Some(day("2026-05-30"));
    let bo = store.add_contact(NewContact::new(bo), at(NOW)).unwrap();
    let _ = store
        .set_trust(bo, TrustLevel::Acquaintance, day("2026-05-29"), "", at(NOW))
        .unwrap();
    assert_eq!(store.contact(bo).unwrap().trust, TrustLevel::Acquaintance);
}

#[test]
fn skipping_restarts_the_clock_counts_in_a_row_and_can_be_undone() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Trusted),
                ..NewContact::new(ContactDraft::named("Ada"))
            },
            at("2025-01-01 10:00"),
        )
        .unwrap();
    let mut talk = InteractionDraft::new(ada, at("2026-03-01 10:00"));
    talk.channel = kith::domain::Channel::InPerson;
    store.log_interaction(talk, at(NOW)).unwrap();
    assert!(kinds(&store, "2026-06-01").contains(&NudgeKind::Neglect));

    let undo = store.skip_neglect(ada, day("2026-06-01"), at(NOW)).unwrap();
    assert!(!kinds(&store, "2026-06-01").contains(&NudgeKind::Neglect));
    assert!(kinds(&store, "2026-07-02").contains(&NudgeKind::Neglect));
    assert_eq!(store.skips_of(ada).unwrap(), [day("2026-06-01")]);
    let lookback = at("2026-01-01 00:00");
    let facts = store
        .nudge_facts_of(ada, day("2026-06-01"), lookback)
        .unwrap()
        .unwrap();
    assert_eq!(facts.skipped_on, Some(day("2026-06-01")));
    assert_eq!(facts.skips_in_a_row, 1);

    store.undo(undo).unwrap();
    assert!(store.skips_of(ada).unwrap().is_empty());
    assert!(kinds(&store, "2026-06-01").contains(&NudgeKind::Neglect));

    // Three in a row; an interaction starts the count again.
    for on in ["2026-04-05", "2026-05-05", "2026-06-01"] {
        let _ = store.skip_neglect(ada, day(on), at(NOW)).unwrap();
    }
    let facts = store
        .nudge_facts_of(ada, day("2026-06-01"), lookback)
        .unwrap()
        .unwrap();
    assert_eq!(facts.skips_in_a_row, 3);
    let mut talk = InteractionDraft::new(ada, at("2026-05-20 10:00"));
    talk.channel = kith::domain::Channel::Call;
    store.log_interaction(talk, at(NOW)).unwrap();
    let facts = store
        .nudge_facts_of(ada, day("2026-06-01"), lookback)
        .unwrap()
        .unwrap();
    assert_eq!(facts.skips_in_a_row, 1);
}

#[test]
fn a_snooze_or_a_dismissal_taken_back_restores_what_was_there() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = store
        .add_contact(NewContact::new(ContactDraft::named("Ada")), at(NOW))
        .unwrap();
    let first = store
        .snooze_nudge(Some(ada), NudgeKind::Neglect, day("2026-07-01"))
        .unwrap();
    let snoozed = store.nudge_states().unwrap();
    assert_eq!(
        first.description(),
        "Snoozed until 1 July: Keep in touch (Ada)"
    );
    let second = store
        .dismiss_nudge(Some(ada), NudgeKind::Neglect, day("2026-06-01"))
        .unwrap();
    assert_eq!(store.nudge_states().unwrap()[0].snoozed_until, None);
    store.undo(second).unwrap();
    assert_eq!(store.nudge_states().unwrap(), snoozed);
    store.undo(first).unwrap();
    assert!(store.nudge_states().unwrap().is_empty());
}

#[test]
fn an_upgrade_marks_the_handshakes_older_versions_wrote_as_defaults() {
    for version in [5, 6] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.sqlite3");
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/data/schema-{version}.sqlite3")),
            &db,
        )
        .unwrap();
        let store = Store::open(&db).unwrap();
        let people = store.contacts(true).unwrap();
        // Grace was added without a level; Ada and Léa with one.
        let grace = store.trust_history(people[1].id).unwrap();
        assert!(!grace[0].assessed, "schema {version}");
        for assessed in [people[0].id, people[2].id] {
            let history = store.trust_history(assessed).unwrap();
            assert!(history.iter().all(|c| c.assessed), "schema {version}");
        }
    }
}

#[test]
fn nudges_for_a_day_in_the_past_see_only_what_was_true_then() {
    let mut store = Store::open_in_memory().unwrap();
    let mut draft = ContactDraft::named("Ada");
    draft.met_on = Some(day("2026-01-10"));
    let ada = store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Acquaintance),
                ..NewContact::new(draft)
            },
            at("2026-01-10 09:00"),
        )
        .unwrap();
    // Ada messaged on 1 March; the reply came on 10 March.
    let mut asked = InteractionDraft::new(ada, at("2026-03-01 10:00"));
    asked.channel = kith::domain::Channel::Message;
    asked.initiated_by = kith::domain::Initiator::Them;
    asked.note = "Can you help me move?".into();
    store.log_interaction(asked, at(NOW)).unwrap();
    let mut replied = InteractionDraft::new(ada, at("2026-03-10 10:00"));
    replied.initiated_by = kith::domain::Initiator::Me;
    replied.note = "Yes, Saturday".into();
    let mut entry = kith::store::LogEntry::new(replied);
    entry.follow_up = Some(kith::store::NewFollowUp {
        what: "bring boxes".into(),
        due: Some(day("2026-03-12")),
    });
    store.log(entry, at(NOW)).unwrap();
    // Trusted from April; someone met only in May.
    let _ = store
        .set_trust(ada, TrustLevel::Trusted, day("2026-04-01"), "", at(NOW))
        .unwrap();
    let mut later = ContactDraft::named("Met in May");
    later.met_on = Some(day("2026-05-01"));
    store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Trusted),
                ..NewContact::new(later)
            },
            at("2026-05-01 09:00"),
        )
        .unwrap();

    // On 5 March: Ada is waiting on a reply (the one of 10 March had not
    // happened), at acquaintance; the person met in May is not known yet.
    let due = store.due_nudges(day("2026-03-05")).unwrap();
    let about: Vec<(&str, NudgeKind)> = due
        .iter()
        .map(|n| (n.contact.as_deref().unwrap_or("-"), n.kind))
        .collect();
    assert_eq!(about, [("Ada", NudgeKind::Unanswered)], "{due:#?}");
    assert!(
        due[0].reason.contains("Can you help me move?"),
        "{}",
        due[0].reason
    );
    assert_eq!(
        due[0].last_interaction.as_ref().unwrap().note,
        "Can you help me move?"
    );
    assert!(due[0].follow_ups.is_empty(), "not noted yet on 5 March");

    // On 14 March: the follow-up was due two days before, and not done.
    let due = store.due_nudges(day("2026-03-14")).unwrap();
    let follow_up = due.iter().find(|n| n.kind == NudgeKind::FollowUp).unwrap();
    assert_eq!(
        follow_up.reason,
        "You meant to: bring boxes (due 2 days ago)"
    );
    let facts = store
        .nudge_facts(day("2026-03-14"), at("2026-01-01 00:00"))
        .unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].trust, TrustLevel::Acquaintance);
    assert_eq!(facts[0].interaction_count, 2);
    // Ticked off on 20 March, it was still open on the 14th.
    let id = store.follow_ups_of(ada).unwrap()[0].id;
    let mut done = kith::store::LogEntry::new(InteractionDraft::new(ada, at("2026-03-20 10:00")));
    done.done = vec![id];
    store.log(done, at(NOW)).unwrap();
    assert!(
        store
            .due_nudges(day("2026-03-14"))
            .unwrap()
            .iter()
            .any(|n| n.kind == NudgeKind::FollowUp)
    );
    assert!(
        !store
            .due_nudges(day("2026-03-21"))
            .unwrap()
            .iter()
            .any(|n| n.kind == NudgeKind::FollowUp)
    );
}
