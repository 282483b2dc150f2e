//! Group interactions end to end, on a real (in-memory or temporary)
//! store: one interaction with several people counts for each of them,
//! only its initiator can be waiting on a reply, editing can add or remove
//! people, deleting a person takes them out of their groups (and deletes
//! what is left with no one), and undo puts all of it back.

mod common;

use chrono::NaiveDate;
use common::{at, day};
use kith::domain::{
    Channel, ContactDraft, ContactId, Field, FollowUpDraft, Initiator, InteractionDraft,
    MAX_PARTICIPANTS, NudgeKind, Tone, TrustLevel,
};
use kith::store::{NewContact, Store, StoreError};

const NOW: &str = "2026-06-01 10:00";

fn today() -> NaiveDate {
    day("2026-06-01")
}

fn add(store: &mut Store, name: &str) -> ContactId {
    let mut draft = ContactDraft::named(name);
    draft.met_on = Some(day("2025-01-01"));
    draft.cadence_days = Some(30);
    store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Familiar),
                ..NewContact::new(draft)
            },
            at(NOW),
        )
        .unwrap()
}

/// Who reached out, in a history row.
#[derive(Clone, Copy)]
enum By {
    Me,
    Mutual,
    /// The participant at this place in the row's list.
    Them(usize),
}

/// One row of a history: when, who (by place in `people`), who started it.
#[derive(Clone, Copy)]
struct Row(&'static str, &'static [usize], By);

fn draft(people: &[ContactId], row: &Row) -> InteractionDraft {
    let Row(when, with, by) = row;
    let mut draft =
        InteractionDraft::with_people(with.iter().map(|&i| people[i]).collect(), at(when));
    draft.channel = Channel::Message;
    draft.tone = Tone::Positive;
    (draft.initiated_by, draft.initiator) = match *by {
        By::Me => (Initiator::Me, None),
        By::Mutual => (Initiator::Mutual, None),
        By::Them(i) => (Initiator::Them, Some(people[with[i]])),
    };
    draft
}

/// Ada, Grace and Tom, with `history` logged.
fn three_with(history: &[Row]) -> (Store, Vec<ContactId>) {
    let mut store = Store::open_in_memory().unwrap();
    let people: Vec<ContactId> = ["Ada", "Grace", "Tom"]
        .iter()
        .map(|name| add(&mut store, name))
        .collect();
    for row in history {
        store.log_interaction(draft(&people, row), at(NOW)).unwrap();
    }
    (store, people)
}

fn due_for(store: &Store, contact: ContactId) -> Vec<NudgeKind> {
    store
        .due_nudges(today())
        .unwrap()
        .iter()
        .filter(|n| n.contact_id == Some(contact))
        .map(|n| n.kind)
        .collect()
}

const ADA: usize = 0;
const GRACE: usize = 1;
const TOM: usize = 2;

/// Eight I started with Tom, half of them with others too.
const I_START_WITH_TOM: &[Row] = &[
    Row("2026-04-01 12:00", &[TOM], By::Me),
    Row("2026-04-05 12:00", &[TOM, ADA], By::Me),
    Row("2026-04-10 12:00", &[TOM], By::Me),
    Row("2026-04-15 12:00", &[ADA, TOM, GRACE], By::Me),
    Row("2026-04-20 12:00", &[TOM], By::Me),
    Row("2026-04-25 12:00", &[GRACE, TOM], By::Me),
    Row("2026-05-01 12:00", &[TOM], By::Me),
    Row("2026-05-05 12:00", &[TOM, ADA], By::Me),
];

/// Eight threads Ada started with Grace and me, answered each time.
const ADA_STARTS_WITH_GRACE: &[Row] = &[
    Row("2026-04-01 12:00", &[ADA, GRACE], By::Them(0)),
    Row("2026-04-05 12:00", &[ADA, GRACE], By::Them(0)),
    Row("2026-04-10 12:00", &[ADA, GRACE], By::Them(0)),
    Row("2026-04-15 12:00", &[ADA, GRACE], By::Them(0)),
    Row("2026-04-20 12:00", &[ADA, GRACE], By::Them(0)),
    Row("2026-04-25 12:00", &[ADA, GRACE], By::Them(0)),
    Row("2026-05-01 12:00", &[ADA, GRACE], By::Them(0)),
    Row("2026-05-05 12:00", &[GRACE, ADA], By::Them(1)),
];

/// A history, whose nudges, which must be due and which must not.
type Case = (
    &'static [Row],
    usize,
    &'static [NudgeKind],
    &'static [NudgeKind],
);

#[test]
fn nudges_of_mixed_one_person_and_group_histories() {
    use NudgeKind::{Neglect, OneSided, Unanswered};
    // (what happened, whose nudges, which must be due, which must not)
    let table: &[Case] = &[
        // Ada wrote to the three of us and waits; Grace and Tom do not.
        (
            &[Row("2026-05-20 12:00", &[ADA, GRACE, TOM], By::Them(0))],
            ADA,
            &[Unanswered],
            &[],
        ),
        (
            &[Row("2026-05-20 12:00", &[ADA, GRACE, TOM], By::Them(0))],
            GRACE,
            &[],
            &[Unanswered],
        ),
        // Grace started a thread with Ada and Tom after Tom wrote to me
        // alone: Tom's latest is the group, which is not his turn to wait.
        (
            &[
                Row("2026-05-18 12:00", &[TOM], By::Them(0)),
                Row("2026-05-20 12:00", &[GRACE, ADA, TOM], By::Them(0)),
            ],
            TOM,
            &[],
            &[Unanswered],
        ),
        (
            &[
                Row("2026-05-18 12:00", &[TOM], By::Them(0)),
                Row("2026-05-20 12:00", &[GRACE, ADA, TOM], By::Them(0)),
            ],
            GRACE,
            &[Unanswered],
            &[],
        ),
        // One-sided: I start everything with Tom, alone or in a group.
        (I_START_WITH_TOM, TOM, &[OneSided], &[]),
        // Ada starting every group thread with Grace is one-sided from
        // Ada's side; for Grace it is neither side's, so not one-sided.
        (ADA_STARTS_WITH_GRACE, ADA, &[OneSided], &[]),
        (ADA_STARTS_WITH_GRACE, GRACE, &[], &[OneSided, Unanswered]),
        // A group dinner last week is contact with everyone at it.
        (
            &[
                Row("2026-01-01 12:00", &[ADA], By::Mutual),
                Row("2026-01-01 13:00", &[GRACE], By::Mutual),
                Row("2026-01-01 14:00", &[TOM], By::Mutual),
                Row("2026-05-25 20:00", &[ADA, GRACE], By::Me),
            ],
            GRACE,
            &[],
            &[Neglect],
        ),
        (
            &[
                Row("2026-01-01 12:00", &[ADA], By::Mutual),
                Row("2026-01-01 13:00", &[GRACE], By::Mutual),
                Row("2026-01-01 14:00", &[TOM], By::Mutual),
                Row("2026-05-25 20:00", &[ADA, GRACE], By::Me),
            ],
            TOM,
            &[Neglect],
            &[],
        ),
    ];
    for (number, (history, whose, due, not_due)) in table.iter().enumerate() {
        let (store, people) = three_with(history);
        let kinds = due_for(&store, people[*whose]);
        for kind in *due {
            assert!(
                kinds.contains(kind),
                "row {number}: {kind} not due: {kinds:?}"
            );
        }
        for kind in *not_due {
            assert!(!kinds.contains(kind), "row {number}: {kind} due: {kinds:?}");
        }
    }
}

#[test]
fn a_group_interaction_counts_for_each_participant() {
    let (mut store, people) = three_with(&[Row("2026-05-01 12:00", &[ADA], By::Me)]);
    let mut dinner = InteractionDraft::with_people(people.clone(), at("2026-05-20 19:00"));
    dinner.channel = Channel::InPerson;
    dinner.minutes = Some(120);
    dinner.note = "Dinner at Tom's\nlong".into();
    store.log_interaction(dinner, at(NOW)).unwrap();
    let facts = store.nudge_facts(today(), at("2025-01-01 00:00")).unwrap();
    for (person, count) in people.iter().zip([2, 1, 1]) {
        let f = facts.iter().find(|f| f.id == *person).unwrap();
        assert_eq!(f.interaction_count, count, "{}", f.name);
        assert_eq!(f.last_interaction_at, Some(at("2026-05-20 19:00")));
        assert_eq!(f.last_channel, Some(Channel::InPerson));
        assert_eq!(f.first_live_at, Some(at("2026-05-20 19:00")));
        assert_eq!(f.total_minutes, Some(120));
        assert_eq!(f.last_note, "Dinner at Tom's");
    }
    // Each person's timeline holds it, with everyone in it.
    for person in &people {
        let timeline = store.interactions_of(*person).unwrap();
        assert_eq!(timeline[0].fields.participants, people);
    }
    let names = store.contact_names(&people).unwrap();
    assert_eq!(names[&people[TOM]], "Tom");
}

#[test]
fn bad_people_are_refused_with_their_field_and_change_nothing() {
    let (mut store, people) = three_with(&[]);
    let when = at("2026-05-20 19:00");
    let mut over = Vec::new();
    for n in 0..=MAX_PARTICIPANTS {
        over.push(add(&mut store, &format!("Guest {n}")));
    }
    let mut not_in_it = InteractionDraft::with_people(vec![people[ADA], people[GRACE]], when);
    not_in_it.initiated_by = Initiator::Them;
    not_in_it.initiator = Some(people[TOM]);
    let mut them_of_several = InteractionDraft::with_people(vec![people[ADA], people[GRACE]], when);
    them_of_several.initiated_by = Initiator::Them;
    for (draft, field) in [
        (
            InteractionDraft::with_people(Vec::new(), when),
            Field::Contact,
        ),
        (
            InteractionDraft::with_people(vec![people[ADA], people[ADA]], when),
            Field::Contact,
        ),
        (
            InteractionDraft::with_people(over.clone(), when),
            Field::People,
        ),
        (not_in_it, Field::InitiatedBy),
        (them_of_several, Field::InitiatedBy),
    ] {
        match store.log_interaction(draft, at(NOW)) {
            Err(StoreError::Invalid(error)) => assert_eq!(error.field(), field, "{error}"),
            other => panic!("{other:?}"),
        }
    }
    for person in &people {
        assert!(store.interactions_of(*person).unwrap().is_empty());
    }
    // Fifty is fine.
    let fifty: Vec<ContactId> = store
        .contacts(false)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .take(MAX_PARTICIPANTS)
        .collect();
    store
        .log_interaction(InteractionDraft::with_people(fifty, when), at(NOW))
        .unwrap();
    // Fifty-one, as the command line says it.
    let mut fifty_one = over;
    fifty_one.truncate(MAX_PARTICIPANTS + 1);
    match store.log_interaction(InteractionDraft::with_people(fifty_one, when), at(NOW)) {
        Err(StoreError::Invalid(error)) => {
            assert_eq!(error.to_string(), "people: 51 is too many (at most 50)")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn editing_adds_and_removes_people_and_their_summaries_follow() {
    let (mut store, people) = three_with(&[]);
    let mut draft =
        InteractionDraft::with_people(vec![people[ADA], people[GRACE]], at("2026-05-20 19:00"));
    draft.channel = Channel::Message;
    draft.initiated_by = Initiator::Them;
    draft.initiator = Some(people[GRACE]);
    let id = store.log_interaction(draft.clone(), at(NOW)).unwrap();
    // Grace leaves, Tom joins; Grace, who reached out, is gone: Ada now.
    draft.participants = vec![people[ADA], people[TOM]];
    draft.initiator = Some(people[ADA]);
    draft.when = at("2026-05-21 19:00");
    store.update_interaction(id, draft, at(NOW)).unwrap();
    let count =
        |store: &Store, i: usize| store.contact(people[i]).unwrap().summary.interaction_count;
    assert_eq!(
        [count(&store, ADA), count(&store, GRACE), count(&store, TOM)],
        [1, 0, 1]
    );
    let stored = store.interaction(id).unwrap();
    assert_eq!(stored.fields.participants, [people[ADA], people[TOM]]);
    assert_eq!(stored.fields.initiator, Some(people[ADA]));
    // The copy of the time in each participant row followed the edit.
    let tom = store.contact(people[TOM]).unwrap();
    assert_eq!(
        tom.summary.last_interaction_at,
        Some(at("2026-05-21 19:00"))
    );
    assert_eq!(due_for(&store, people[ADA]), [NudgeKind::Unanswered]);
}

#[test]
fn deleting_a_person_leaves_their_groups_and_undo_puts_them_back() {
    let (mut store, people) = three_with(&[
        Row("2026-05-01 12:00", &[ADA], By::Them(0)),
        Row("2026-05-10 19:00", &[ADA, GRACE, TOM], By::Them(0)),
        Row("2026-05-12 19:00", &[GRACE, TOM], By::Me),
    ]);
    let alone = store.interactions_of(people[ADA]).unwrap()[1].id;
    let dinner = store.interactions_of(people[ADA]).unwrap()[0].id;
    // Grace's own things stay.
    let follow_up = store
        .add_follow_up(
            FollowUpDraft::new(people[GRACE], "ask about Ada", None),
            at(NOW),
        )
        .unwrap();
    let before_dump = everything(&store, &people);

    let undo = store.delete_contact(people[ADA]).unwrap();
    // Out of the dinner, which stays with Grace and Tom (started by Ada,
    // it is now no one's turn); the one with Ada alone is gone.
    let left = store.interaction(dinner).unwrap();
    assert_eq!(left.fields.participants, [people[GRACE], people[TOM]]);
    assert_eq!(left.fields.initiated_by, Initiator::Mutual);
    assert!(matches!(
        store.interaction(alone),
        Err(StoreError::InteractionNotFound(_))
    ));
    assert_eq!(store.interactions_of(people[GRACE]).unwrap().len(), 2);
    assert!(store.follow_up(follow_up).is_ok());

    store.undo(undo).unwrap();
    assert_eq!(everything(&store, &people), before_dump);
    let back = store.interaction(dinner).unwrap();
    assert_eq!(back.fields.participants, people);
    assert_eq!(back.fields.initiator, Some(people[ADA]));
    assert_eq!(due_for(&store, people[ADA]), [NudgeKind::Unanswered]);
}

#[test]
fn deleting_a_group_interaction_and_undoing_it_moves_everyones_summary() {
    let (mut store, people) = three_with(&[
        Row("2026-05-01 12:00", &[TOM], By::Me),
        Row("2026-05-10 19:00", &[ADA, GRACE, TOM], By::Them(1)),
    ]);
    let before = everything(&store, &people);
    let dinner = store.interactions_of(people[ADA]).unwrap()[0].id;
    let undo = store.delete_interaction(dinner).unwrap();
    assert_eq!(
        undo.description(),
        "Deleted an interaction with Ada, Grace and Tom"
    );
    assert_eq!(undo.people(), people);
    for (i, count) in [(ADA, 0), (GRACE, 0), (TOM, 1)] {
        assert_eq!(
            store.contact(people[i]).unwrap().summary.interaction_count,
            count
        );
    }
    store.undo(undo).unwrap();
    assert_eq!(everything(&store, &people), before);
}

/// Everything about the three that a deletion and its undo could change.
fn everything(store: &Store, people: &[ContactId]) -> Vec<String> {
    people
        .iter()
        .map(|&id| {
            let contact = store.contact(id).unwrap();
            format!(
                "{:?} {:?} {:?}",
                contact,
                store.interactions_of(id).unwrap(),
                store.follow_ups_of(id).unwrap()
            )
        })
        .collect()
}

#[test]
fn each_persons_summary_reads_who_reached_out_as_the_domain_rule_says() {
    // Every history of the table above at once: what the store keeps for
    // each person ("recent", newest first) is each of their interactions
    // as `initiated_by_for` them says.
    let mut history: Vec<Row> = Vec::new();
    history.extend_from_slice(I_START_WITH_TOM);
    history.extend_from_slice(ADA_STARTS_WITH_GRACE);
    history.push(Row("2026-05-20 12:00", &[GRACE, ADA, TOM], By::Them(2)));
    history.push(Row("2026-05-21 12:00", &[TOM, GRACE], By::Mutual));
    let (store, people) = three_with(&history);
    let facts = store.nudge_facts(today(), at("2025-01-01 00:00")).unwrap();
    for &person in &people {
        let kept: Vec<Initiator> = facts
            .iter()
            .find(|f| f.id == person)
            .unwrap()
            .recent
            .iter()
            .map(|(who, _)| *who)
            .collect();
        let ruled: Vec<Initiator> = store
            .interactions_of(person)
            .unwrap()
            .iter()
            .map(|i| i.fields.initiated_by_for(person))
            .collect();
        assert_eq!(kept, ruled, "{person:?}");
    }
}

#[test]
fn logging_can_be_taken_back_for_everyone_in_it() {
    let (mut store, people) = three_with(&[Row("2026-05-01 12:00", &[TOM], By::Me)]);
    let before = everything(&store, &people);
    // "Them" with one person is that person, unsaid.
    let mut alone = InteractionDraft::new(people[ADA], at("2026-05-20 19:00"));
    alone.initiated_by = Initiator::Them;
    let (_, undo) = store
        .log_undoable(kith::store::LogEntry::new(alone), at(NOW))
        .unwrap();
    store.undo(undo).unwrap();
    let dinner = draft(
        &people,
        &Row("2026-05-20 19:00", &[ADA, GRACE, TOM], By::Them(1)),
    );
    let (_, undo) = store
        .log_undoable(kith::store::LogEntry::new(dinner), at(NOW))
        .unwrap();
    assert_eq!(undo.description(), "Logged with Ada, Grace and Tom");
    assert_eq!(undo.people(), people);
    assert_eq!(
        store
            .contact(people[TOM])
            .unwrap()
            .summary
            .interaction_count,
        2
    );
    store.undo(undo).unwrap();
    assert_eq!(everything(&store, &people), before);
}
