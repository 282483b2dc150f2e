//! The store on in-memory and temp-file databases: contacts, interactions,
//! trust, validation, the migration ladder and the file itself.

use chrono::{NaiveDate, NaiveDateTime};
use kith::domain::Field;
use kith::domain::time::{parse_date, parse_date_time};
use kith::domain::{
    Channel, ContactDraft, ContactId, Depth, Initiator, InteractionDraft, Labeled, MAX_NAME_CHARS,
    MAX_NOTE_CHARS, Tone, TrustLevel, ValidationError,
};
use kith::store::{ContactRef, FileProblem, NewContact, Store, StoreError};

fn at(text: &str) -> NaiveDateTime {
    parse_date_time(Field::When, text).unwrap()
}

fn day(text: &str) -> NaiveDate {
    parse_date(Field::On, text).unwrap()
}

const NOW: &str = "2026-11-22 10:00";

fn add(store: &mut Store, name: &str) -> ContactId {
    store
        .add_contact(NewContact::new(ContactDraft::named(name)), at(NOW))
        .unwrap()
}

fn log(store: &mut Store, contact: ContactId, when: &str) -> kith::domain::InteractionId {
    store
        .log_interaction(InteractionDraft::new(contact, at(when)), at(NOW))
        .unwrap()
}

/// Everything a person could see about the database, for "nothing changed"
/// checks.
fn snapshot(store: &Store) -> String {
    let mut text = String::new();
    for contact in store.contacts(true).unwrap() {
        text.push_str(&format!("{contact:?}\n"));
        text.push_str(&format!("{:?}\n", store.trust_history(contact.id).unwrap()));
        text.push_str(&format!(
            "{:?}\n",
            store.interactions_of(contact.id).unwrap()
        ));
    }
    text.push_str(&format!("{:?}\n", store.settings().unwrap()));
    text.push_str(&format!("{:?}\n", store.nudge_states().unwrap()));
    text
}

#[test]
fn contacts_are_created_edited_archived_and_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    let mut draft = ContactDraft::named("  Ada Lovelace ");
    draft.emails = vec![Labeled::parse("work:ada@example.org")];
    draft.tags = vec!["maths".into(), "Maths".into()];
    draft.met_on = Some(day("2025-01-02"));
    let id = store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Familiar),
                ..NewContact::new(draft)
            },
            at(NOW),
        )
        .unwrap();

    let ada = store.contact(id).unwrap();
    assert_eq!(ada.name(), "Ada Lovelace");
    assert_eq!(ada.fields.tags, ["maths"]);
    assert_eq!(ada.fields.emails[0].label.as_deref(), Some("work"));
    assert_eq!(ada.trust, TrustLevel::Familiar);
    assert_eq!(ada.known_since(), day("2025-01-02"));
    let history = store.trust_history(id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].on,
        day("2025-01-02"),
        "first assessment is dated at met-on"
    );

    let mut fields = ada.fields.clone();
    fields.name = "Augusta Ada King".into();
    fields.nickname = Some("Ada".into());
    fields.emails.clear();
    store
        .update_contact(id, fields, at("2026-11-23 09:00"))
        .unwrap();
    let edited = store.contact(id).unwrap();
    assert_eq!(edited.name(), "Augusta Ada King");
    assert_eq!(edited.fields.nickname.as_deref(), Some("Ada"));
    assert!(edited.fields.emails.is_empty());
    assert_eq!(edited.updated_at, at("2026-11-23 09:00"));
    assert_eq!(edited.created_at, at(NOW));

    let _ = store.set_archived(id, true, at(NOW)).unwrap();
    assert!(store.contacts(false).unwrap().is_empty());
    assert_eq!(store.contacts(true).unwrap().len(), 1);
    let _ = store.set_archived(id, false, at(NOW)).unwrap();
    assert_eq!(store.contacts(false).unwrap().len(), 1);

    let _ = store.delete_contact(id).unwrap();
    assert!(matches!(
        store.contact(id),
        Err(StoreError::ContactNotFound(_))
    ));
    assert!(matches!(
        store.delete_contact(id),
        Err(StoreError::ContactNotFound(_))
    ));
}

#[test]
fn a_contact_without_a_level_starts_at_handshake_dated_when_added() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add(&mut store, "Grace");
    let grace = store.contact(id).unwrap();
    assert_eq!(grace.trust, TrustLevel::Handshake);
    assert_eq!(store.trust_history(id).unwrap()[0].on, day("2026-11-22"));
    assert_eq!(grace.known_since(), day("2026-11-22"));
}

#[test]
fn deleting_a_contact_deletes_their_history_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let ada = add(&mut store, "Ada");
    let grace = add(&mut store, "Grace");
    for id in [ada, grace] {
        log(&mut store, id, "2026-11-01 12:00");
        log(&mut store, id, "2026-11-02 12:00");
        let _ = store
            .set_trust(id, TrustLevel::Familiar, day("2026-11-02"), "", at(NOW))
            .unwrap();
        let _ = store
            .snooze_nudge(
                Some(id),
                kith::domain::NudgeKind::Neglect,
                day("2026-12-01"),
            )
            .unwrap();
    }
    let _ = store.delete_contact(ada).unwrap();
    drop(store);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |table: &str, contact: ContactId| -> i64 {
        conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE contact_id = ?1"),
            [contact.0],
            |r| r.get(0),
        )
        .unwrap()
    };
    for table in [
        "participants",
        "trust_changes",
        "nudge_states",
        "contact_tags",
    ] {
        assert_eq!(count(table, ada), 0, "{table} of the deleted contact");
    }
    assert_eq!(count("participants", grace), 2);
    assert_eq!(count("trust_changes", grace), 2);
    assert_eq!(count("nudge_states", grace), 1);
}

#[test]
fn a_trust_change_updates_the_level_and_keeps_history() {
    let mut store = Store::open_in_memory().unwrap();
    let mut draft = ContactDraft::named("Ada");
    draft.met_on = Some(day("2026-01-01"));
    let id = store.add_contact(NewContact::new(draft), at(NOW)).unwrap();
    let _ = store
        .set_trust(id, TrustLevel::Familiar, day("2026-10-01"), "", at(NOW))
        .unwrap();
    assert_eq!(store.contact(id).unwrap().trust, TrustLevel::Familiar);
    let _ = store
        .set_trust(
            id,
            TrustLevel::Trusted,
            day("2026-11-20"),
            "kept a secret",
            at(NOW),
        )
        .unwrap();
    assert_eq!(store.contact(id).unwrap().trust, TrustLevel::Trusted);

    // An assessment dated before the latest one is history, not the level.
    let _ = store
        .set_trust(id, TrustLevel::Acquaintance, day("2026-09-01"), "", at(NOW))
        .unwrap();
    assert_eq!(store.contact(id).unwrap().trust, TrustLevel::Trusted);

    let history = store.trust_history(id).unwrap();
    let levels: Vec<_> = history.iter().map(|c| (c.on, c.level)).collect();
    assert_eq!(
        levels,
        [
            (day("2026-01-01"), TrustLevel::Handshake),
            (day("2026-09-01"), TrustLevel::Acquaintance),
            (day("2026-10-01"), TrustLevel::Familiar),
            (day("2026-11-20"), TrustLevel::Trusted),
        ]
    );
    // Added without a level: the handshake is a default, not an assessment.
    assert_eq!(history[0].reason, "added without a level");
    assert!(!history[0].assessed);
    assert!(history[1..].iter().all(|change| change.assessed));
    assert_eq!(history[3].reason, "kept a secret");
}

#[test]
fn on_the_same_day_the_assessment_recorded_last_wins() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add(&mut store, "Ada");
    let _ = store
        .set_trust(id, TrustLevel::Trusted, day("2026-11-22"), "", at(NOW))
        .unwrap();
    let _ = store
        .set_trust(id, TrustLevel::Familiar, day("2026-11-22"), "", at(NOW))
        .unwrap();
    assert_eq!(store.contact(id).unwrap().trust, TrustLevel::Familiar);
}

#[test]
fn the_summary_follows_every_change_to_interactions() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add(&mut store, "Ada");
    let first = log(&mut store, id, "2026-10-01 12:00");
    let last = log(&mut store, id, "2026-11-01 12:00");
    let summary = store.contact(id).unwrap().summary;
    assert_eq!(summary.interaction_count, 2);
    assert_eq!(summary.first_interaction_at, Some(at("2026-10-01 12:00")));
    assert_eq!(summary.last_interaction_at, Some(at("2026-11-01 12:00")));

    let mut moved = store.interaction(first).unwrap().fields;
    moved.when = at("2026-11-15 12:00");
    store.update_interaction(first, moved, at(NOW)).unwrap();
    let summary = store.contact(id).unwrap().summary;
    assert_eq!(summary.first_interaction_at, Some(at("2026-11-01 12:00")));
    assert_eq!(summary.last_interaction_at, Some(at("2026-11-15 12:00")));

    let _ = store.delete_interaction(first).unwrap();
    let _ = store.delete_interaction(last).unwrap();
    let summary = store.contact(id).unwrap().summary;
    assert_eq!(summary.interaction_count, 0);
    assert_eq!(summary.last_interaction_at, None);
    assert_eq!(store.contact(id).unwrap().known_since(), day("2026-11-22"));
}

#[test]
fn interactions_come_newest_first_with_every_field() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add(&mut store, "Ada");
    let mut draft = InteractionDraft::new(id, at("2026-11-20 18:30"));
    draft.channel = Channel::Video;
    draft.initiated_by = Initiator::Them;
    draft.tone = Tone::Positive;
    draft.depth = Depth::Personal;
    draft.minutes = Some(45);
    draft.note = "Her new job at the observatory.\nSend her the paper.".into();
    log(&mut store, id, "2026-11-01 09:00");
    store.log_interaction(draft.clone(), at(NOW)).unwrap();
    log(&mut store, id, "2026-11-10 09:00");
    let timeline = store.interactions_of(id).unwrap();
    let whens: Vec<_> = timeline.iter().map(|i| i.fields.when).collect();
    assert_eq!(
        whens,
        [
            at("2026-11-20 18:30"),
            at("2026-11-10 09:00"),
            at("2026-11-01 09:00")
        ]
    );
    // As stored: "them" with one person is that person.
    let mut stored = draft;
    stored.initiator = Some(id);
    assert_eq!(timeline[0].fields, stored);
}

#[test]
fn every_validation_error_is_returned_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add(&mut store, "Ada");
    log(&mut store, id, "2026-11-01 12:00");
    let before = snapshot(&store);

    let field = |error: StoreError| match error {
        StoreError::Invalid(e) => e.field().key(),
        other => panic!("expected a validation error, got {other:?}"),
    };

    // Contacts.
    let mut bad = Vec::new();
    bad.push(("name", ContactDraft::named("")));
    bad.push(("name", ContactDraft::named(" \t ")));
    bad.push(("name", ContactDraft::named(&"x".repeat(MAX_NAME_CHARS + 1))));
    let mut draft = ContactDraft::named("Ok");
    draft.notes = "x".repeat(MAX_NOTE_CHARS + 1);
    bad.push(("notes", draft));
    let mut draft = ContactDraft::named("Ok");
    draft.cadence_days = Some(5000);
    bad.push(("cadence", draft));
    let mut draft = ContactDraft::named("Ok");
    draft.met_on = Some(day("2026-11-23"));
    bad.push(("met on", draft));
    for (expected, draft) in bad {
        let error = store
            .add_contact(NewContact::new(draft.clone()), at(NOW))
            .unwrap_err();
        assert_eq!(field(error), expected);
        let error = store.update_contact(id, draft, at(NOW)).unwrap_err();
        assert_eq!(field(error), expected);
    }

    // Interactions.
    let mut draft = InteractionDraft::new(id, at("2026-11-23 10:01"));
    let error = store.log_interaction(draft.clone(), at(NOW)).unwrap_err();
    assert_eq!(field(error), "when");
    draft.when = at(NOW);
    draft.note = "x".repeat(MAX_NOTE_CHARS + 1);
    let error = store.log_interaction(draft.clone(), at(NOW)).unwrap_err();
    assert_eq!(field(error), "note");

    // Trust.
    let error = store
        .set_trust(id, TrustLevel::Trusted, day("2026-11-23"), "", at(NOW))
        .unwrap_err();
    assert_eq!(field(error), "on");
    assert!(matches!(
        TrustLevel::parse_name_or_number("6"),
        Err(ValidationError::OutOfRange {
            field: Field::Trust,
            ..
        })
    ));
    assert!(matches!(
        Channel::parse("carrier pigeon"),
        Err(ValidationError::UnknownValue {
            field: Field::Channel,
            ..
        })
    ));

    // Settings.
    assert!(matches!(
        store.set_setting("cadence_trusted", "-3"),
        Err(StoreError::Invalid(ValidationError::OutOfRange { .. }))
    ));

    assert_eq!(snapshot(&store), before, "a refused write changed the data");
}

#[test]
fn names_resolve_by_id_exact_name_or_report_the_candidates() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada");
    let first_sam = add(&mut store, "Sam Lee");
    let second_sam = add(&mut store, "Sam Lee");
    let numbered = add(&mut store, "42");
    assert_eq!(
        store.resolve_contact(&ContactRef::parse("Ada")).unwrap(),
        ada
    );
    assert_eq!(
        store.resolve_contact(&ContactRef::parse("ada")).unwrap(),
        ada
    );
    assert_eq!(
        store
            .resolve_contact(&ContactRef::parse(&ada.to_string()))
            .unwrap(),
        ada
    );
    assert_eq!(
        store.resolve_contact(&ContactRef::parse("42")).unwrap(),
        numbered
    );
    match store.resolve_contact(&ContactRef::parse("Sam Lee")) {
        Err(StoreError::Ambiguous { candidates, .. }) => {
            let ids: Vec<_> = candidates.iter().map(|(id, _)| *id).collect();
            assert_eq!(ids, [first_sam, second_sam]);
        }
        other => panic!("expected ambiguity, got {other:?}"),
    }
    let error = store
        .resolve_contact(&ContactRef::parse("Sam Lee"))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&format!("{first_sam} (Sam Lee)"))
    );
    assert!(matches!(
        store.resolve_contact(&ContactRef::parse("Nobody")),
        Err(StoreError::ContactNotFound(_))
    ));
}

#[test]
fn reopening_a_file_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("kith.sqlite3");
    let before = {
        let mut store = Store::open(&path).unwrap();
        let id = add(&mut store, "Ada");
        log(&mut store, id, "2026-11-01 12:00");
        let _ = store
            .set_trust(id, TrustLevel::Familiar, day("2026-11-02"), "why", at(NOW))
            .unwrap();
        store.set_setting("cadence_trusted", "45").unwrap();
        snapshot(&store)
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(snapshot(&store), before);
    assert_eq!(store.settings().unwrap().cadence_trusted, 45);
    assert_eq!(store.schema_version().unwrap(), kith::store::LATEST_VERSION);
}

#[cfg(unix)]
#[test]
fn a_new_database_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("kith");
    let path = folder.join("kith.sqlite3");
    let mut store = Store::open(&path).unwrap();
    add(&mut store, "Ada");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&folder), 0o700);
    for suffix in ["-wal", "-shm"] {
        let side = folder.join(format!("kith.sqlite3{suffix}"));
        if side.exists() {
            assert_eq!(mode(&side), 0o600, "{suffix}");
        }
    }
}

#[test]
fn a_database_from_a_newer_kith_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        add(&mut store, "Ada");
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", kith::store::LATEST_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::File {
            problem: FileProblem::TooNew { found, supported },
            ..
        }) => {
            assert_eq!(found, kith::store::LATEST_VERSION + 1);
            assert_eq!(supported, kith::store::LATEST_VERSION);
        }
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("expected TooNew, got an open store"),
    }
    let message = Store::open(&path).err().unwrap().to_string();
    assert!(message.contains("newer version of Kith"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn files_that_are_not_kith_databases_are_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Dear diary, today I met Ada.\n".repeat(20)).unwrap();
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, "").unwrap();
    let foreign = dir.path().join("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    for (path, expected) in [
        (&text, FileProblem::NotSqlite),
        (&empty, FileProblem::Empty),
        (&foreign, FileProblem::ForeignSqlite),
    ] {
        let bytes = std::fs::read(path).unwrap();
        match Store::open(path) {
            Err(StoreError::File { problem, .. }) => assert_eq!(problem, expected),
            Err(other) => panic!("{}: unexpected {other}", path.display()),
            Ok(_) => panic!("{} was opened", path.display()),
        }
        assert_eq!(std::fs::read(path).unwrap(), bytes, "{}", path.display());
    }
}
