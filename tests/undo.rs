//! Undo of each kind of action, round-tripping to exactly the state before
//! it; the last twenty actions of a session; and deletions that leave no
//! readable trace in the database file or its log.

mod common;

use std::path::Path;

use common::*;
use kith::domain::{ContactDraft, ContactId, InteractionDraft, NudgeKind, TrustLevel};
use kith::store::{NewContact, Store, StoreError, Undo, UndoHistory};

fn ids(store: &Store) -> Vec<ContactId> {
    store.contacts(true).unwrap().iter().map(|c| c.id).collect()
}

fn undoing_a_deleted_person_brings_back_everything_exactly(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let ada = store
        .resolve_contact(&kith::store::ContactRef::Name("Ada Lovelace".into()))
        .unwrap();
    let _ = store
        .dismiss_nudge(Some(ada), NudgeKind::Unanswered, at(NOW).date())
        .unwrap();
    let before = dump(&place.db);

    let undo = store.delete_contact(ada).unwrap();
    assert!(matches!(undo, Undo::DeletedContact(_)));
    assert_eq!(undo.description(), "Deleted Ada Lovelace");
    assert_eq!(undo.contact(), Some(ada));
    let after = dump(&place.db);
    assert!(after.len() < before.len());
    assert!(!after.iter().any(|row| row.contains("Ada Lovelace")));

    assert_eq!(store.undo(undo).unwrap(), Some(ada));
    assert_eq!(dump(&place.db), before);
}

fn undoing_archive_and_unarchive_restores_the_state(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let grace = ContactId(2);
    let before = dump(&place.db);
    let undo = store
        .set_archived(grace, true, at("2026-11-22 11:00"))
        .unwrap();
    assert_eq!(undo.description(), "Archived Grace Hopper");
    assert!(store.contact(grace).unwrap().archived);
    store.undo(undo).unwrap();
    assert_eq!(dump(&place.db), before);

    let _ = store
        .set_archived(grace, true, at("2026-11-22 11:00"))
        .unwrap();
    let archived = dump(&place.db);
    let undo = store
        .set_archived(grace, false, at("2026-11-22 12:00"))
        .unwrap();
    assert_eq!(undo.description(), "Unarchived Grace Hopper");
    assert!(!store.contact(grace).unwrap().archived);
    store.undo(undo).unwrap();
    assert_eq!(dump(&place.db), archived);
}

fn undoing_a_deleted_interaction_restores_it_and_the_summary(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let alan = ContactId(3);
    let middle = store.interactions_of(alan).unwrap()[1].id;
    let before = dump(&place.db);
    let summary = store.contact(alan).unwrap().summary;

    let undo = store.delete_interaction(middle).unwrap();
    assert!(matches!(undo, Undo::DeletedInteraction(_)));
    assert_eq!(
        undo.description(),
        "Deleted an interaction with Alan Turing"
    );
    assert_eq!(
        store.contact(alan).unwrap().summary.interaction_count,
        summary.interaction_count - 1
    );
    store.undo(undo).unwrap();
    assert_eq!(store.contact(alan).unwrap().summary, summary);
    assert_eq!(dump(&place.db), before);
}

fn undoing_a_trust_change_restores_level_history_and_dismissals(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let ada = ContactId(1);
    let _ = store
        .dismiss_nudge(Some(ada), NudgeKind::TooFast, at(NOW).date())
        .unwrap();
    let dismissed_at = |store: &Store| {
        store
            .nudge_states()
            .unwrap()
            .iter()
            .find(|s| s.kind == NudgeKind::TooFast)
            .and_then(|s| s.dismissed_at_evidence)
            .unwrap()
    };
    let evidence = |store: &Store| {
        store
            .nudge_facts_of(ada, at(NOW).date(), at("2026-01-01 00:00"))
            .unwrap()
            .unwrap()
            .evidence
    };
    assert_eq!(evidence(&store), dismissed_at(&store));
    let before = dump(&place.db);

    let undo = store
        .set_trust(
            ada,
            TrustLevel::Intimate,
            day("2026-11-20"),
            "moved in",
            at(NOW),
        )
        .unwrap();
    assert!(matches!(undo, Undo::TrustChanged(_)));
    assert_eq!(
        undo.description(),
        "Changed trust in Ada Lovelace to intimate"
    );
    assert_eq!(store.contact(ada).unwrap().trust, TrustLevel::Intimate);
    assert_eq!(store.trust_history(ada).unwrap().len(), 3);
    // New evidence: the dismissal no longer holds...
    assert_ne!(evidence(&store), dismissed_at(&store));

    store.undo(undo).unwrap();
    assert_eq!(store.contact(ada).unwrap().trust, TrustLevel::Familiar);
    assert_eq!(store.trust_history(ada).unwrap().len(), 2);
    // ...and holds again once the change is undone.
    assert_eq!(evidence(&store), dismissed_at(&store));
    assert_eq!(dump(&place.db), before);
}

fn the_last_twenty_actions_can_be_undone_in_order(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    for n in 0..5 {
        add_person(&mut store, &format!("Person {n}"), &format!("note {n}"));
    }
    let mut history = UndoHistory::default();
    let mut states = Vec::new();
    for step in 0..25 {
        states.push(dump(&place.db));
        let people = ids(&store);
        let who = people[step % people.len()];
        let undo = match step % 4 {
            0 => store.set_archived(who, step % 8 == 0, at(NOW)).unwrap(),
            1 => store
                .set_trust(who, TrustLevel::Trusted, day("2026-11-21"), "", at(NOW))
                .unwrap(),
            2 => match store.interactions_of(who).unwrap().first() {
                Some(interaction) => store.delete_interaction(interaction.id).unwrap(),
                None => store.delete_contact(who).unwrap(),
            },
            _ => store.delete_contact(who).unwrap(),
        };
        history.push(undo);
    }
    assert_eq!(history.len(), 20);
    for step in (5..25).rev() {
        let undo = history.pop().unwrap();
        store.undo(undo).unwrap();
        assert_eq!(dump(&place.db), states[step], "after undoing step {step}");
    }
    assert!(history.is_empty());
    assert!(history.pop().is_none());
}

fn a_deleted_persons_id_taken_meanwhile_comes_back_under_a_new_one(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let newest = *ids(&store).iter().max().unwrap();
    let uuid = store.contact(newest).unwrap().uuid;
    let interactions = store.interactions_of(newest).unwrap().len();
    let undo = store.delete_contact(newest).unwrap();
    // SQLite hands the freed id to the next person.
    let mary = store
        .add_contact(
            NewContact::new(ContactDraft::named("Mary Somerville")),
            at(NOW),
        )
        .unwrap();
    assert_eq!(mary, newest);

    let back = store.undo(undo).unwrap().unwrap();
    assert_ne!(back, newest);
    let restored = store.contact(back).unwrap();
    assert_eq!(restored.uuid, uuid);
    assert_eq!(store.interactions_of(back).unwrap().len(), interactions);
    assert_eq!(store.trust_history(back).unwrap().len(), 2);
    assert_eq!(store.contact(mary).unwrap().name(), "Mary Somerville");
}

fn an_undo_that_later_changes_prevent_fails_and_changes_nothing(mode: Mode) {
    let place = Place::new_in(mode);
    let mut store = populated(&place.db);
    let ada = ContactId(1);
    let archive = store.set_archived(ada, true, at(NOW)).unwrap();
    let trust = store
        .set_trust(ada, TrustLevel::Trusted, day("2026-11-21"), "", at(NOW))
        .unwrap();
    let interaction = store.interactions_of(ada).unwrap()[0].id;
    let deleted = store.delete_interaction(interaction).unwrap();
    let _ = store.delete_contact(ada).unwrap();
    let before = dump(&place.db);
    for undo in [deleted, trust, archive] {
        match store.undo(undo) {
            Err(StoreError::CannotUndo(message)) => {
                assert!(message.contains("deleted since"), "{message}")
            }
            other => panic!("expected CannotUndo, got {other:?}"),
        }
        assert_eq!(dump(&place.db), before);
    }
}

/// The files of the database `db` in which `needle` can be read (for an
/// encrypted database: in its pages decrypted, see [`readable_bytes`]).
fn traces(db: &Path, needle: &str) -> Vec<&'static str> {
    ["", "-wal", "-journal"]
        .into_iter()
        .filter(|suffix| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            readable_bytes(db, Path::new(&name)).is_some_and(|bytes| {
                bytes
                    .windows(needle.len())
                    .any(|window| window == needle.as_bytes())
            })
        })
        .collect()
}

/// Whether `needle` can be read in the database `db`, its log or its
/// journal without the passphrase.
fn raw_traces(db: &Path, needle: &str) -> bool {
    ["", "-wal", "-journal"].into_iter().any(|suffix| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        std::fs::read(&name).is_ok_and(|bytes| {
            bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        })
    })
}

fn a_deleted_person_leaves_no_trace_in_the_file_or_its_log(mode: Mode) {
    let place = Place::new_in(mode);
    let secret = "QUOKKA-ZEBRA-7731";
    let long_secret = format!("{secret} {}", "confided at length. ".repeat(400));
    {
        let mut store = populated(&place.db);
        let victim = add_person(&mut store, "Winifred Quokka-Zebra", secret);
        let mut draft = InteractionDraft::new(victim, at("2026-11-20 20:00"));
        draft.note = long_secret.clone(); // larger than a page: overflow pages
        store.log_interaction(draft, at(NOW)).unwrap();
        for n in 0..20 {
            add_person(&mut store, &format!("Someone {n}"), "nothing to hide");
        }
    }
    // Closed: everything is in the database file itself now.
    assert_eq!(traces(&place.db, secret), [""]);
    assert!(traces(&place.db, "Winifred").contains(&""));
    // Encrypted, none of it without the passphrase.
    assert_eq!(raw_traces(&place.db, secret), mode == Mode::Plain);

    let mut store = Store::open(&place.db).unwrap();
    let victim = store
        .resolve_contact(&kith::store::ContactRef::Name(
            "Winifred Quokka-Zebra".into(),
        ))
        .unwrap();
    let undo = store.delete_contact(victim).unwrap();
    // Still open: neither the file nor its log has them.
    for needle in [secret, "Winifred", "winifred.quokka-zebra@example.org"] {
        assert_eq!(traces(&place.db, needle), Vec::<&str>::new(), "{needle}");
    }
    // Undo brings them back; deleting again (without undo) removes them
    // again, whether the data was in the file or only in the log.
    store.undo(undo).unwrap();
    assert!(!traces(&place.db, secret).is_empty());
    let _ = store.delete_contact(victim).unwrap();
    assert_eq!(traces(&place.db, secret), Vec::<&str>::new());
    // A deleted interaction too.
    let someone = store
        .resolve_contact(&kith::store::ContactRef::Name("Someone 3".into()))
        .unwrap();
    let mut draft = InteractionDraft::new(someone, at("2026-11-21 20:00"));
    draft.note = "WOMBAT-SECRET-4411".into();
    let id = store.log_interaction(draft, at(NOW)).unwrap();
    let _ = store.delete_interaction(id).unwrap();
    assert_eq!(traces(&place.db, "WOMBAT-SECRET-4411"), Vec::<&str>::new());
    drop(store);
    // Closed again.
    for needle in [secret, "Winifred", "WOMBAT-SECRET-4411"] {
        assert_eq!(traces(&place.db, needle), Vec::<&str>::new(), "{needle}");
    }
    assert_eq!(
        Store::open(&place.db).unwrap().contact_count().unwrap(),
        3 + 20
    );
}

both_modes!(
    undoing_a_deleted_person_brings_back_everything_exactly,
    undoing_archive_and_unarchive_restores_the_state,
    undoing_a_deleted_interaction_restores_it_and_the_summary,
    undoing_a_trust_change_restores_level_history_and_dismissals,
    the_last_twenty_actions_can_be_undone_in_order,
    a_deleted_persons_id_taken_meanwhile_comes_back_under_a_new_one,
    an_undo_that_later_changes_prevent_fails_and_changes_nothing,
    a_deleted_person_leaves_no_trace_in_the_file_or_its_log,
);
