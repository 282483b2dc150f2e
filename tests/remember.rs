//! Follow-ups and dates to remember in the store: noting, listing, ticking
//! off, deleting and taking it back, each in one transaction; and the
//! nudges they bring, with their context.

mod common;

use common::{NOW, Place, add_person, at, day, dump};
use kith::domain::{
    ContactDraft, DateDraft, Field, FollowUpDraft, InteractionDraft, NudgeKind, TrustLevel,
    ValidationError, YearlyDate,
};
use kith::store::{LogEntry, NewContact, NewFollowUp, Store, StoreError};

fn person(store: &mut Store, name: &str, trust: TrustLevel) -> kith::domain::ContactId {
    store
        .add_contact(
            NewContact {
                trust: Some(trust),
                ..NewContact::new(ContactDraft::named(name))
            },
            at("2026-01-01 09:00"),
        )
        .unwrap()
}

#[test]
fn a_follow_up_noted_while_logging_lands_with_the_interaction_or_not_at_all() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = person(&mut store, "Ada", TrustLevel::Familiar);
    let mut entry = LogEntry::new(InteractionDraft::new(ada, at("2026-11-10 18:00")));
    entry.follow_up = Some(NewFollowUp {
        what: "ask how the surgery went".into(),
        // Back-dated: due a day after that interaction, before today.
        due: Some(day("2026-11-11")),
    });
    let logged = store.log(entry, at(NOW)).unwrap();
    let follow_ups = store.follow_ups_of(ada).unwrap();
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].fields.what, "ask how the surgery went");
    assert_eq!(follow_ups[0].noted_in, Some(logged));
    assert_eq!(follow_ups[0].noted_on, day("2026-11-10"));
    assert!(!follow_ups[0].is_done());

    // A refused follow-up refuses the whole entry: nothing is logged.
    let mut entry = LogEntry::new(InteractionDraft::new(ada, at("2026-11-21 18:00")));
    entry.follow_up = Some(NewFollowUp {
        what: "x".repeat(501),
        due: None,
    });
    let before = store.interactions_of(ada).unwrap().len();
    assert!(matches!(
        store.log(entry, at(NOW)),
        Err(StoreError::Invalid(ValidationError::TooLong {
            field: Field::FollowUp,
            ..
        }))
    ));
    assert_eq!(store.interactions_of(ada).unwrap().len(), before);

    // Ticking it off while logging the reply marks it done with that one.
    let mut reply = LogEntry::new(InteractionDraft::new(ada, at("2026-11-21 18:00")));
    reply.done = vec![follow_ups[0].id];
    let reply_id = store.log(reply, at(NOW)).unwrap();
    let done = store.follow_up(follow_ups[0].id).unwrap();
    assert_eq!(done.done_at, Some(at("2026-11-21 18:00")));
    assert_eq!(done.done_with, Some(reply_id));

    // Someone else's follow-up, or a done one, cannot be ticked off.
    let bo = person(&mut store, "Bo", TrustLevel::Familiar);
    let theirs = store
        .add_follow_up(FollowUpDraft::new(bo, "call Bo", None), at(NOW))
        .unwrap();
    for id in [theirs, follow_ups[0].id] {
        let mut entry = LogEntry::new(InteractionDraft::new(ada, at("2026-11-22 08:00")));
        entry.done = vec![id];
        assert!(matches!(
            store.log(entry, at(NOW)),
            Err(StoreError::FollowUpNotFound(_))
        ));
    }
    assert_eq!(store.interactions_of(ada).unwrap().len(), 2);
}

#[test]
fn follow_ups_on_their_own_are_checked_listed_and_taken_back() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = person(&mut store, "Ada", TrustLevel::Familiar);
    let bo = person(&mut store, "Bo", TrustLevel::Familiar);
    for (draft, field) in [
        (FollowUpDraft::new(ada, "", None), Field::FollowUp),
        (FollowUpDraft::new(ada, "two\nlines", None), Field::FollowUp),
        // On its own, a follow-up cannot be due in the past.
        (
            FollowUpDraft::new(ada, "call", Some(day("2026-11-21"))),
            Field::Due,
        ),
    ] {
        match store.add_follow_up(draft, at(NOW)) {
            Err(StoreError::Invalid(e)) => assert_eq!(e.field(), field),
            other => panic!("{other:?}"),
        }
    }
    let later = store
        .add_follow_up(FollowUpDraft::new(ada, "undated", None), at(NOW))
        .unwrap();
    let soon = store
        .add_follow_up(
            FollowUpDraft::new(bo, "soon", Some(day("2026-11-23"))),
            at(NOW),
        )
        .unwrap();
    let sooner = store
        .add_follow_up(
            FollowUpDraft::new(ada, "sooner", Some(day("2026-11-22"))),
            at(NOW),
        )
        .unwrap();
    let order: Vec<_> = store
        .all_follow_ups(false)
        .unwrap()
        .iter()
        .map(|(f, name)| (f.id, name.clone()))
        .collect();
    assert_eq!(
        order,
        [
            (sooner, "Ada".to_owned()),
            (soon, "Bo".to_owned()),
            (later, "Ada".to_owned())
        ]
    );

    let undo = store.set_follow_up_done(sooner, true, at(NOW)).unwrap();
    assert_eq!(store.all_follow_ups(false).unwrap().len(), 2);
    assert_eq!(store.all_follow_ups(true).unwrap().len(), 3);
    // Open ones first on a person's page, then the done ones.
    let page: Vec<_> = store
        .follow_ups_of(ada)
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(page, [later, sooner]);
    store.undo(undo).unwrap();
    assert!(!store.follow_up(sooner).unwrap().is_done());

    let before = store.follow_up(soon).unwrap();
    let undo = store.delete_follow_up(soon).unwrap();
    assert!(matches!(
        store.follow_up(soon),
        Err(StoreError::FollowUpNotFound(_))
    ));
    store.undo(undo).unwrap();
    assert_eq!(store.follow_up(soon).unwrap(), before);
}

#[test]
fn deleting_an_interaction_keeps_its_follow_ups_and_undo_links_them_again() {
    let place = Place::new();
    let mut store = Store::open(&place.db).unwrap();
    let ada = add_person(&mut store, "Ada Lovelace", "loves engines");
    let noted_in = store.follow_ups_of(ada).unwrap();
    let with_link = noted_in.iter().find(|f| f.noted_in.is_some()).unwrap();
    let interaction = with_link.noted_in.unwrap();
    let before = dump(&place.db);

    let undo = store.delete_interaction(interaction).unwrap();
    let kept = store.follow_up(with_link.id).unwrap();
    assert_eq!(kept.noted_in, None, "the link goes, the follow-up stays");
    assert_eq!(kept.noted_on, with_link.noted_on);
    store.undo(undo).unwrap();
    assert_eq!(dump(&place.db), before);
}

#[test]
fn deleting_a_person_takes_their_follow_ups_and_dates_and_undo_brings_all_back() {
    let place = Place::new();
    let mut store = Store::open(&place.db).unwrap();
    let ada = add_person(&mut store, "Ada Lovelace", "loves engines");
    add_person(&mut store, "Grace Hopper", "collects nanoseconds");
    assert_eq!(store.follow_ups_of(ada).unwrap().len(), 2);
    assert_eq!(store.dates_of(ada).unwrap().len(), 1);
    let before = dump(&place.db);
    let undo = store.delete_contact(ada).unwrap();
    assert!(store.follow_ups_of(ada).unwrap().is_empty());
    assert!(store.dates_of(ada).unwrap().is_empty());
    store.undo(undo).unwrap();
    assert_eq!(dump(&place.db), before);
}

#[test]
fn dates_are_checked_changed_deleted_and_taken_back() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = person(&mut store, "Ada", TrustLevel::Familiar);
    let leap = YearlyDate::parse_for(Field::Date, "--02-29").unwrap();
    let id = store
        .add_date(
            DateDraft::new(ada, "Mia's birthday (daughter)", leap),
            at(NOW),
        )
        .unwrap();
    for (draft, field) in [
        (DateDraft::new(ada, " ", leap), Field::Label),
        (
            DateDraft::new(ada, "wedding", YearlyDate::parse("2030-01-01").unwrap()),
            Field::Date,
        ),
    ] {
        match store.add_date(draft, at(NOW)) {
            Err(StoreError::Invalid(e)) => assert_eq!(e.field(), field),
            other => panic!("{other:?}"),
        }
    }
    let anniversary = YearlyDate::parse("2014-06-02").unwrap();
    store
        .update_date(
            id,
            DateDraft::new(ada, "wedding anniversary", anniversary),
            at(NOW),
        )
        .unwrap();
    let dates = store.dates_of(ada).unwrap();
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0].fields.label, "wedding anniversary");
    assert_eq!(dates[0].fields.date, anniversary);
    let undo = store.delete_date(id).unwrap();
    assert!(store.dates_of(ada).unwrap().is_empty());
    store.undo(undo).unwrap();
    assert_eq!(store.dates_of(ada).unwrap(), dates);
}

#[test]
fn the_nudges_carry_the_latest_note_and_the_follow_ups_and_dates_come_due() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = person(&mut store, "Ada", TrustLevel::Familiar);
    let mut said = InteractionDraft::new(ada, at("2026-11-01 18:00"));
    said.initiated_by = kith::domain::Initiator::Them;
    said.channel = kith::domain::Channel::Message;
    said.note = format!("{}\nsecond line", "Could you introduce me? ".repeat(8));
    store.log_interaction(said, at(NOW)).unwrap();
    store
        .add_follow_up(
            FollowUpDraft::new(ada, "send the designer's number", Some(day("2026-11-22"))),
            at(NOW),
        )
        .unwrap();
    let mut birthday = ContactDraft::named("Ada");
    birthday.birthday = Some(YearlyDate::parse("1985-11-24").unwrap());
    store.update_contact(ada, birthday, at(NOW)).unwrap();

    let due = store.due_nudges(day("2026-11-22")).unwrap();
    let kinds: Vec<NudgeKind> = due.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [NudgeKind::Unanswered, NudgeKind::FollowUp, NudgeKind::Date]
    );
    let quoted = &due[0].reason;
    assert!(
        quoted.starts_with("They messaged you 21 days ago: \"Could you"),
        "{quoted}"
    );
    assert!(
        quoted.contains('…') && !quoted.contains("second line"),
        "{quoted}"
    );
    assert_eq!(
        due[1].reason,
        "You meant to: send the designer's number (due today)"
    );
    assert_eq!(
        due[2].reason,
        "Birthday on Tuesday 24 November (turning 41)"
    );
    for nudge in &due {
        let last = nudge.last_interaction.as_ref().unwrap();
        assert_eq!(last.note.chars().count(), 100, "{}", last.note);
        assert_eq!(nudge.follow_ups.len(), 1);
    }
}

#[test]
fn a_schema_5_database_gains_the_latest_note_of_everyone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schema-5.sqlite3"),
        &db,
    )
    .unwrap();
    let store = Store::open(&db).unwrap();
    let lookback = at("2026-01-01 00:00");
    let facts = store.nudge_facts_of(kith::domain::ContactId(1), day("2026-11-22"), lookback);
    // Ada's latest interaction (1 October) says "x"; Grace's says nothing.
    assert_eq!(facts.unwrap().unwrap().last_note, "x");
    let grace = store
        .nudge_facts_of(kith::domain::ContactId(2), day("2026-11-22"), lookback)
        .unwrap()
        .unwrap();
    assert_eq!(grace.last_note, "");
    assert!(
        store
            .follow_ups_of(kith::domain::ContactId(1))
            .unwrap()
            .is_empty()
    );
}
