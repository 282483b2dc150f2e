//! The window driven as a person would: by the labels on screen, with
//! egui_kittest, on real temp-file databases and a fixed clock.

mod common;
mod window;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::Field;
use kith::domain::time::parse_date;
use kith::domain::{ContactDraft, InteractionDraft, NudgeKind, TrustLevel};
use kith::store::{NewContact, Store};
use kith::ui::{Prefs, Screen};

use window::{NOW, at, click, clock, harness, replace_text, shows, type_into};

fn add_person(
    store: &mut Store,
    name: &str,
    met_on: &str,
    trust: TrustLevel,
) -> kith::domain::ContactId {
    let mut fields = ContactDraft::named(name);
    fields.met_on = Some(parse_date(Field::MetOn, met_on).unwrap());
    store
        .add_contact(
            NewContact {
                trust: Some(trust),
                ..NewContact::new(fields)
            },
            at(NOW),
        )
        .unwrap()
}

#[test]
fn adding_a_person_and_logging_an_interaction_updates_their_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("kith.sqlite3")).unwrap();
    let mut harness = harness(store, Screen::Today);
    harness.run();
    assert!(shows(&harness, "Nothing due today"));

    click(&mut harness, "Add person…");
    type_into(&mut harness, "Name", "Ada Lovelace");
    type_into(&mut harness, "Where", "SXSW 2026");
    click(&mut harness, "Add person");
    // Lands on the new person's page.
    assert_eq!(
        harness.state().state.prefs.screen,
        Screen::Person(kith::domain::ContactId(1))
    );
    assert!(shows(&harness, "met: SXSW 2026"));
    assert!(shows(&harness, "Nothing logged yet."));

    click(&mut harness, "Log the first interaction…");
    click(&mut harness, "Video");
    click(&mut harness, "They did");
    type_into(&mut harness, "Minutes", "45");
    type_into(&mut harness, "Note", "Talked about her loom project");
    click(&mut harness, "Log it");
    assert!(
        !harness.state().state.form.is_open(),
        "the form closes once saved"
    );
    assert!(shows(&harness, "Interactions (1)"));
    assert!(shows(&harness, "Talked about her loom project"));

    let logged = harness
        .state()
        .store()
        .interactions_of(kith::domain::ContactId(1))
        .unwrap();
    assert_eq!(logged.len(), 1);
    let fields = &logged[0].fields;
    assert_eq!(fields.channel, kith::domain::Channel::Video);
    assert_eq!(fields.initiated_by, kith::domain::Initiator::Them);
    assert_eq!(fields.minutes, Some(45));
    assert_eq!(fields.when, at(NOW));
}

#[test]
fn search_narrows_the_people_list_as_you_type() {
    let mut store = Store::open_in_memory().unwrap();
    for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing"] {
        add_person(&mut store, name, "2026-01-01", TrustLevel::Handshake);
    }
    let mut harness = harness(store, Screen::People);
    harness.run();
    for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing"] {
        assert!(shows(&harness, name), "{name} listed");
    }
    type_into(&mut harness, "Search", "gra");
    assert!(shows(&harness, "Grace Hopper"));
    assert!(!shows(&harness, "Ada Lovelace"));
    assert!(!shows(&harness, "Alan Turing"));
    assert!(shows(&harness, "1 of 3 people"));
}

#[test]
fn a_neglected_persons_nudge_can_be_snoozed_and_stays_snoozed_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        let id = add_person(
            &mut store,
            "Grace Hopper",
            "2025-01-01",
            TrustLevel::Trusted,
        );
        for when in [
            "2025-03-01 12:00",
            "2025-06-01 12:00",
            "2025-09-01 12:00",
            "2026-01-01 12:00",
            "2026-05-01 12:00",
            "2026-09-01 12:00",
        ] {
            let mut draft = InteractionDraft::new(id, at(when));
            draft.channel = kith::domain::Channel::InPerson;
            draft.minutes = Some(1000); // 100 hours in all: enough for trusted
            store.log_interaction(draft, at(NOW)).unwrap();
        }
    }
    let mut harness = harness(Store::open(&path).unwrap(), Screen::Today);
    harness.run();
    assert!(shows(&harness, "Focus"), "the one nudge is in focus");
    assert!(shows(&harness, "Grace Hopper"));
    assert!(
        shows(&harness, "82 days ago"),
        "the reason cites the evidence"
    );

    click(&mut harness, "Snooze");
    click(&mut harness, "A week");
    assert!(!shows(&harness, "82 days ago"), "the snoozed card is gone");
    assert!(shows(&harness, "Nothing due today"));
    // Said, and can be taken back.
    assert!(shows(&harness, "Snoozed until"), "the toast says so");
    assert!(shows(&harness, "Undo"));
    drop(harness);

    let harness = {
        let mut h = self::harness(Store::open(&path).unwrap(), Screen::Today);
        h.run();
        h
    };
    assert!(
        !shows(&harness, "Grace Hopper"),
        "the snooze survives reopening"
    );
}

#[test]
fn setting_trust_too_fast_makes_a_too_fast_card_appear() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_person(
        &mut store,
        "Sam Rivers",
        "2026-11-01",
        TrustLevel::Handshake,
    );
    let mut draft = InteractionDraft::new(id, at("2026-11-20 20:00"));
    draft.channel = kith::domain::Channel::Social;
    store.log_interaction(draft, at(NOW)).unwrap();
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    assert!(!shows(&harness, NudgeKind::TooFast.label()));

    click(&mut harness, "Set trust…");
    click(&mut harness, "Trusted");
    type_into(&mut harness, "Why", "great chat online");
    click(&mut harness, "Set trust");
    assert!(!harness.state().state.form.is_open());

    click(&mut harness, "Today");
    assert!(shows(&harness, NudgeKind::TooFast.label()));
    assert!(shows(&harness, "Sam Rivers"));
}

#[test]
fn an_invalid_form_shows_the_message_and_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    add_person(
        &mut store,
        "Ada Lovelace",
        "2026-01-01",
        TrustLevel::Handshake,
    );
    let mut harness = harness(store, Screen::People);
    harness.run();

    // A person without a name.
    click(&mut harness, "Add person…");
    click(&mut harness, "Add person");
    assert!(shows(&harness, "Name: must not be empty"));
    type_into(&mut harness, "Name", "Bo");
    type_into(&mut harness, "When you met", "2999-01-01");
    click(&mut harness, "Add person");
    assert!(shows(&harness, "When you met: 2999-01-01 is in the future"));
    assert!(
        harness.state().state.form.is_open(),
        "the form stays open with what was typed"
    );
    assert_eq!(harness.state().store().contact_count().unwrap(), 1);
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().state.form.is_open(), "Escape cancels");

    // An interaction with a bad duration and nobody chosen.
    click(&mut harness, "Log interaction…");
    type_into(&mut harness, "Minutes", "an hour");
    click(&mut harness, "Log it");
    assert!(shows(&harness, "Person: choose who this was with"));
    assert!(shows(
        &harness,
        "Minutes: \"an hour\" is not a whole number"
    ));
    let ada = kith::domain::ContactId(1);
    assert!(
        harness
            .state()
            .store()
            .interactions_of(ada)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_whole_app_runs_through_eframe_on_a_temp_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        let today = parse_date(Field::Today, "2026-11-22").unwrap();
        kith::demo::generate(&mut store, 40, 5, today).unwrap();
    }
    let store = Store::open(&path).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_eframe(|cc| KithApp::for_window(store, clock(), cc).unwrap());
    harness.run();
    assert!(shows(&harness, "Today"));
    assert!(harness.state().view.people.len() == 40);
    click(&mut harness, "People");
    assert!(shows(&harness, "40 people"));
    click(&mut harness, "Circles");
    assert!(shows(&harness, "Acquaintances"));
    click(&mut harness, "Settings");
    assert!(shows(&harness, &path.display().to_string()));
    // The shortcuts overlay opens from the keyboard.
    harness.key_press(egui::Key::F1);
    harness.run();
    assert!(shows(&harness, "Keyboard shortcuts"));
    assert!(shows(&harness, "Log an interaction"));
}

#[test]
fn settings_are_validated_and_change_the_nudges() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_person(
        &mut store,
        "Grace Hopper",
        "2025-01-01",
        TrustLevel::Familiar,
    );
    let mut draft = InteractionDraft::new(id, at("2026-10-01 12:00"));
    draft.channel = kith::domain::Channel::Call;
    store.log_interaction(draft, at(NOW)).unwrap();
    let mut harness = harness(store, Screen::Settings);
    harness.run();
    let field = "Keep-in-touch cadence for familiar contacts (0 = never nudge)";

    replace_text(&mut harness, field, "soon");
    click(&mut harness, "Save settings");
    // Named as the screen names it, not by its key.
    assert!(shows(&harness, &format!("{field}: \"soon\" is not valid")));
    assert!(!shows(&harness, "cadence_familiar"));
    assert!(shows(&harness, "nothing was saved"));
    assert_eq!(
        harness.state().store().settings().unwrap().cadence_familiar,
        180
    );

    replace_text(&mut harness, field, "30");
    click(&mut harness, "Save settings");
    assert_eq!(
        harness.state().store().settings().unwrap().cadence_familiar,
        30
    );
    // Last contact 52 days ago now exceeds the familiar cadence.
    assert!(
        harness
            .state()
            .view
            .nudges
            .iter()
            .any(|n| n.kind == NudgeKind::Neglect)
    );
    assert!(shows(&harness, "Today  (1 due)"));
}

#[test]
fn interactions_are_edited_and_deleted_from_the_timeline() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_person(
        &mut store,
        "Ada Lovelace",
        "2026-01-01",
        TrustLevel::Handshake,
    );
    let mut draft = InteractionDraft::new(id, at("2026-11-20 18:00"));
    draft.note = "Dinner at the old place".into();
    store.log_interaction(draft, at(NOW)).unwrap();
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    assert!(shows(&harness, "Dinner at the old place"));

    click(&mut harness, "Edit…");
    assert!(shows(&harness, "Edit interaction"));
    click(&mut harness, "Positive");
    type_into(&mut harness, "Note", " with her sister");
    click(&mut harness, "Save");
    let saved = harness.state().store().interactions_of(id).unwrap();
    assert_eq!(
        saved[0].fields.note,
        "Dinner at the old place with her sister"
    );
    assert_eq!(saved[0].fields.tone, kith::domain::Tone::Positive);
    assert!(shows(&harness, "Dinner at the old place with her sister"));

    // Deleting is immediate, and Undo brings it back.
    click(&mut harness, "Delete");
    assert!(
        harness
            .state()
            .store()
            .interactions_of(id)
            .unwrap()
            .is_empty()
    );
    assert!(shows(&harness, "Nothing logged yet."));
    assert!(shows(&harness, "Deleted an interaction with Ada Lovelace."));
    click(&mut harness, "Undo");
    let back = harness.state().store().interactions_of(id).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(
        back[0].fields.note,
        "Dinner at the old place with her sister"
    );
    assert!(shows(&harness, "Dinner at the old place with her sister"));
}

#[test]
fn a_person_is_archived_and_deleted_only_after_confirming() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_person(
        &mut store,
        "Ada Lovelace",
        "2026-01-01",
        TrustLevel::Handshake,
    );
    let mut harness = harness(store, Screen::Person(id));
    harness.run();

    click(&mut harness, "More");
    click(&mut harness, "Archive");
    assert!(harness.state().store().contact(id).unwrap().archived);
    assert!(shows(&harness, "archived"));
    click(&mut harness, "More");
    click(&mut harness, "Unarchive");
    assert!(!harness.state().store().contact(id).unwrap().archived);

    click(&mut harness, "More");
    click(&mut harness, "Delete person…");
    assert!(shows(
        &harness,
        "Delete Ada Lovelace with 0 interactions and 1 trust change?"
    ));
    click(&mut harness, "Cancel");
    assert_eq!(
        harness.state().store().contact_count().unwrap(),
        1,
        "cancel keeps them"
    );

    click(&mut harness, "More");
    click(&mut harness, "Delete person…");
    click(&mut harness, "Delete person");
    assert_eq!(harness.state().store().contact_count().unwrap(), 0);
    assert_eq!(harness.state().state.prefs.screen, Screen::People);
    assert!(shows(&harness, "No one here yet."));
}

#[test]
fn the_log_form_opens_from_the_keyboard_and_picks_a_person_by_typing() {
    let mut store = Store::open_in_memory().unwrap();
    add_person(
        &mut store,
        "Ada Lovelace",
        "2026-01-01",
        TrustLevel::Handshake,
    );
    let grace = add_person(
        &mut store,
        "Grace Hopper",
        "2026-01-01",
        TrustLevel::Handshake,
    );
    let mut harness = harness(store, Screen::Today);
    harness.run();

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    harness.run();
    assert!(shows(&harness, "Log interaction"));
    type_into(&mut harness, "With", "hop");
    assert!(shows(&harness, "Grace Hopper"), "suggested while typing");
    harness.key_press(egui::Key::Enter);
    harness.run();
    click(&mut harness, "Yesterday");
    type_into(&mut harness, "Note", "Asked about the compiler");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();

    assert!(!harness.state().state.form.is_open());
    let logged = harness.state().store().interactions_of(grace).unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].fields.when, at("2026-11-21 10:00"));
    assert_eq!(logged[0].fields.note, "Asked about the compiler");
}

#[test]
fn a_persons_details_are_edited_in_place() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_person(
        &mut store,
        "Ada Lovelace",
        "2026-01-01",
        TrustLevel::Handshake,
    );
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    click(&mut harness, "Edit details…");
    type_into(&mut harness, "Organisation", "Analytical Engines");
    type_into(&mut harness, "Emails", "work: ada@example.org");
    type_into(&mut harness, "Tags", "maths, poetry");
    type_into(&mut harness, "Keep in touch every (days)", "14");
    click(&mut harness, "Save");
    let ada = harness.state().store().contact(id).unwrap();
    assert_eq!(
        ada.fields.organisation.as_deref(),
        Some("Analytical Engines")
    );
    assert_eq!(ada.fields.emails[0].label.as_deref(), Some("work"));
    assert_eq!(ada.fields.tags, ["maths", "poetry"]);
    assert_eq!(ada.fields.cadence_days, Some(14));
    assert!(shows(&harness, "every 14 days (your setting)"));

    // A bad email is named and nothing changes.
    click(&mut harness, "Edit details…");
    type_into(&mut harness, "Emails", "\nnot an address");
    click(&mut harness, "Save");
    assert!(shows(&harness, "Emails: \"not an address\" is not valid"));
    assert_eq!(
        harness
            .state()
            .store()
            .contact(id)
            .unwrap()
            .fields
            .emails
            .len(),
        1
    );
}

/// What the screens show, for comparing an app that applied changes one by
/// one with one that loaded everything afresh.
fn visible_state(app: &KithApp) -> String {
    let view = &app.view;
    let mut rows: Vec<String> = view
        .people
        .iter()
        .map(|r| format!("{:?} {:?} {}", r.listing, r.due, r.urgency))
        .collect();
    rows.sort();
    format!(
        "{rows:#?}\n{:#?}\n{:?} {:?}\n{:?}",
        view.nudges, view.layer_counts, view.circle_counts, view.tags
    )
}

#[test]
fn changes_applied_one_by_one_match_a_fresh_load() {
    use kith::domain::{Channel, ContactId, Initiator};
    use kith::ui::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        kith::demo::generate(
            &mut store,
            300,
            11,
            parse_date(Field::When, "2026-11-22").unwrap(),
        )
        .unwrap();
    }
    let mut app = KithApp::new(Store::open(&path).unwrap(), clock(), Prefs::default()).unwrap();
    let people: Vec<ContactId> = app.view.people.iter().map(|r| r.id()).take(40).collect();
    for (n, &id) in people.iter().enumerate() {
        let mut draft = InteractionDraft::new(id, at("2026-11-21 09:00"));
        draft.initiated_by = if n % 2 == 0 {
            Initiator::Them
        } else {
            Initiator::Me
        };
        draft.channel = Channel::Call;
        match n % 8 {
            0 => app.apply(Command::log(draft)),
            1 => app.apply(Command::SetTrust {
                id,
                level: TrustLevel::Intimate,
                on: parse_date(Field::When, "2026-11-22").unwrap(),
                reason: String::new(),
            }),
            2 => app.apply(Command::SetArchived { id, archived: true }),
            3 => app.apply(Command::DeletePerson(id)),
            4 => {
                let loaded = app.store().contact(id).unwrap().fields;
                let mut fields = loaded.clone();
                fields.tags = vec![format!("new tag {n}")];
                fields.circle = kith::domain::Circle::Both;
                app.apply(Command::UpdatePerson {
                    id,
                    fields,
                    loaded: Box::new(loaded),
                });
            }
            5 => app.apply(Command::AddPerson {
                fields: ContactDraft::named(&format!("Newcomer {n}")),
                trust: Some(TrustLevel::Trusted),
            }),
            6 => {
                if let Some(nudge) = app
                    .view
                    .nudges
                    .iter()
                    .find(|n| n.contact_id.is_some())
                    .cloned()
                {
                    app.apply(Command::Snooze {
                        contact: nudge.contact_id,
                        kind: nudge.kind,
                        until: parse_date(Field::When, "2026-12-01").unwrap(),
                    });
                }
            }
            _ => {
                if let Some(nudge) = app.view.nudges.first().cloned() {
                    app.apply(Command::Dismiss {
                        contact: nudge.contact_id,
                        kind: nudge.kind,
                    });
                }
            }
        }
        assert!(app.state.banner.is_none(), "{:?}", app.state.banner);
    }
    let fresh = KithApp::new(Store::open(&path).unwrap(), clock(), Prefs::default()).unwrap();
    assert!(
        visible_state(&app) == visible_state(&fresh),
        "the incremental view drifted from the data"
    );

    // The people list, patched after each change, is in the same order as
    // one sorted afresh, whatever the sort.
    let names = |view: &kith::ui::ViewModel, rows: &[u32]| -> Vec<String> {
        rows.iter()
            .map(|&i| view.people[i as usize].listing.name.clone())
            .collect()
    };
    for (n, sort) in kith::ui::view::PeopleSort::ALL.into_iter().enumerate() {
        let filter = kith::ui::view::PeopleFilter {
            sort,
            ..Default::default()
        };
        let mut list = kith::ui::people::PeopleState::default();
        let _ = list.visible(&app.view, &filter);
        let id = app.view.people[5 + n].id();
        let mut draft = InteractionDraft::new(id, at("2026-11-22 09:00"));
        draft.initiated_by = Initiator::Them;
        app.apply(Command::log(draft));
        let patched = names(&app.view, list.visible(&app.view, &filter));
        let order = kith::ui::view::sorted_order(&app.view.people, sort);
        let expected = kith::ui::view::filter_rows(&app.view.people, &order, &filter);
        assert_eq!(patched, names(&app.view, &expected), "{sort:?}");
    }
    // So is a search typed after a change: found and ranked as afresh.
    let mut list = kith::ui::people::PeopleState::default();
    let mut filter = kith::ui::view::PeopleFilter::default();
    for query in ["a", "al"] {
        filter.query = query.into();
        let _ = list.visible(&app.view, &filter);
    }
    let id = app.view.people[3].id();
    app.apply(Command::log(InteractionDraft::new(
        id,
        at("2026-11-22 09:30"),
    )));
    filter.query = "ali".into();
    let patched = names(&app.view, list.visible(&app.view, &filter));
    let order = kith::ui::view::sorted_order(&app.view.people, filter.sort);
    let expected = kith::ui::view::filter_rows(&app.view.people, &order, &filter);
    assert_eq!(
        patched,
        names(&app.view, &expected),
        "a search after a change"
    );
}

#[test]
fn deleting_archiving_and_trust_changes_are_undone_with_ctrl_z() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add_person(
        &mut store,
        "Ada Lovelace",
        "2026-01-01",
        TrustLevel::Familiar,
    );
    let mut draft = InteractionDraft::new(ada, at("2026-11-20 18:00"));
    draft.note = "Loom talk".into();
    store.log_interaction(draft, at(NOW)).unwrap();
    let grace = add_person(
        &mut store,
        "Grace Hopper",
        "2026-01-01",
        TrustLevel::Handshake,
    );
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    let ctrl_z = |harness: &mut Harness<'_, KithApp>| {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        harness.run();
    };

    // A trust change.
    click(&mut harness, "Set trust…");
    click(&mut harness, "Trusted");
    click(&mut harness, "Set trust");
    assert_eq!(
        harness.state().store().contact(ada).unwrap().trust,
        TrustLevel::Trusted
    );
    ctrl_z(&mut harness);
    assert_eq!(
        harness.state().store().contact(ada).unwrap().trust,
        TrustLevel::Familiar
    );
    assert_eq!(harness.state().store().trust_history(ada).unwrap().len(), 1);

    // Archiving.
    click(&mut harness, "More");
    click(&mut harness, "Archive");
    assert!(harness.state().store().contact(ada).unwrap().archived);
    ctrl_z(&mut harness);
    assert!(!harness.state().store().contact(ada).unwrap().archived);

    // Deleting a person, with everything of theirs.
    click(&mut harness, "More");
    click(&mut harness, "Delete person…");
    click(&mut harness, "Delete person");
    assert!(harness.state().store().contact(ada).is_err());
    assert!(shows(&harness, "Deleted Ada Lovelace."));
    ctrl_z(&mut harness);
    let back = harness.state().store().contact(ada).unwrap();
    assert_eq!(back.name(), "Ada Lovelace");
    assert_eq!(
        harness.state().store().interactions_of(ada).unwrap()[0]
            .fields
            .note,
        "Loom talk"
    );
    assert!(harness.state().view.row(ada).is_some(), "back in the list");
    assert!(shows(&harness, "Undone: Deleted Ada Lovelace."));

    // Nothing left to undo; Grace was never touched.
    ctrl_z(&mut harness);
    assert!(shows(&harness, "Nothing to undo."));
    assert!(harness.state().store().contact(grace).is_ok());
}

#[test]
fn a_backup_is_restored_from_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        add_person(
            &mut store,
            "Ada Lovelace",
            "2026-01-01",
            TrustLevel::Handshake,
        );
        store.backup(at("2026-11-21 09:00")).unwrap();
        add_person(
            &mut store,
            "Grace Hopper",
            "2026-01-01",
            TrustLevel::Handshake,
        );
    }
    let mut harness = harness(Store::open_for_window(&path).unwrap(), Screen::Settings);
    harness.run();
    assert!(shows(&harness, "2026-11-21 09:00"));
    assert!(shows(&harness, "1 person,"));
    click(&mut harness, "Restore…");
    assert!(shows(
        &harness,
        "Replace everything in Kith with the backup from 2026-11-21 09:00 (1 person)?"
    ));
    window::click_to_start(&mut harness, "Restore");
    // The restore runs on another thread while the dialog says so.
    let started = std::time::Instant::now();
    while harness.state().restoring() {
        assert!(shows(&harness, "Restoring…"));
        assert!(
            started.elapsed().as_secs() < 30,
            "the restore did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run_steps(1);
    }
    harness.run();
    assert!(!harness.state().state.form.is_open());
    assert!(
        harness.state().state.banner.is_none(),
        "{:?}",
        harness.state().state.banner
    );
    assert_eq!(harness.state().store().contact_count().unwrap(), 1);
    assert_eq!(harness.state().view.people.len(), 1);
    assert!(shows(&harness, "Restored 1 person from the backup."));
    // What was there before the restore is kept as a backup of its own.
    assert!(shows(&harness, "replaced by a restore"));
}

#[test]
fn changes_made_by_a_command_meanwhile_appear_and_never_get_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    let ada = {
        let mut store = Store::open(&path).unwrap();
        add_person(
            &mut store,
            "Ada Lovelace",
            "2026-01-01",
            TrustLevel::Handshake,
        )
    };
    let mut harness = harness(Store::open_for_window(&path).unwrap(), Screen::Person(ada));
    harness.run();
    click(&mut harness, "Edit details…");
    type_into(&mut harness, "Organisation", "Analytical Engines");

    // Meanwhile, a command renames her and adds someone.
    {
        let mut other = Store::open(&path).unwrap();
        let mut fields = other.contact(ada).unwrap().fields;
        fields.name = "Augusta Ada King".into();
        other.update_contact(ada, fields, at(NOW)).unwrap();
        add_person(
            &mut other,
            "Grace Hopper",
            "2026-01-01",
            TrustLevel::Handshake,
        );
    }

    // The edit made from stale data is refused, saying why.
    click(&mut harness, "Save");
    assert!(shows(
        &harness,
        "was changed elsewhere since it was loaded; nothing was saved"
    ));
    let stored = harness.state().store().contact(ada).unwrap();
    assert_eq!(stored.name(), "Augusta Ada King");
    assert_eq!(stored.fields.organisation, None);
    harness.key_press(egui::Key::Escape);

    // Within a few seconds the window shows the new data.
    harness.run_steps(200);
    assert!(
        harness
            .state()
            .view
            .row(ada)
            .is_some_and(|r| r.listing.name == "Augusta Ada King")
    );
    assert_eq!(harness.state().view.people.len(), 2);
}

#[test]
fn a_second_window_on_the_same_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    let _first = Store::open_for_window(&path).unwrap();
    let error = Store::open_for_window(&path).err().unwrap();
    assert!(error.to_string().contains("already open"), "{error}");
}

#[test]
fn a_damaged_database_is_explained_and_can_be_restored_from_the_window() {
    use kith::app::window::Problem;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        add_person(
            &mut store,
            "Ada Lovelace",
            "2026-01-01",
            TrustLevel::Handshake,
        );
        store.backup(at("2026-11-21 09:00")).unwrap();
    }
    // Cut the database short, as a failing disk might.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let damaged = std::fs::read(&path).unwrap();

    let error = Store::open_for_window(&path).err().unwrap();
    let problem = Problem::new(path.clone(), &error, clock());
    let (problem, opened) = {
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 860.0))
            .build_ui_state(
                |ui, (problem, opened): &mut (Problem, Option<KithApp>)| {
                    if let Some(app) = problem.ui(ui) {
                        *opened = Some(app);
                    }
                },
                (problem, None),
            );
        harness.run();
        let has = |text: &str| {
            harness
                .query_all_by(|n| n.value().is_some_and(|v| v.contains(text)))
                .next()
                .is_some()
        };
        assert!(has("Kith cannot open your database"));
        assert!(has("cut short"));
        assert!(has("The file was left exactly as it is"));
        assert!(has("2026-11-21 09:00"));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            damaged,
            "nothing was written"
        );

        harness.get_by_label("Restore this backup").hover();
        harness.run();
        harness.get_by_label("Restore this backup").click();
        harness.step();
        // The restore runs on another thread while the screen says so.
        let started = std::time::Instant::now();
        while harness.state().0.restoring() {
            assert!(shows(&harness, "Restoring…"));
            assert!(
                started.elapsed().as_secs() < 30,
                "the restore did not finish"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
            harness.step();
        }
        harness.into_state()
    };
    let app = opened.expect("the restore opened the database");
    assert_eq!(app.store().contact_count().unwrap(), 1);
    assert_eq!(app.view.people[0].listing.name, "Ada Lovelace");
    drop(problem);
}

#[test]
fn another_applications_file_is_explained_and_no_restore_is_offered() {
    use kith::app::window::Problem;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "Dear diary, today I met Ada.\n".repeat(40)).unwrap();
    let error = Store::open_for_window(&path).err().unwrap();
    let problem = Problem::new(path.clone(), &error, clock());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_ui_state(
            |ui, problem: &mut Problem| {
                let _ = problem.ui(ui);
            },
            problem,
        );
    harness.run();
    let has = |text: &str| {
        harness
            .query_all_by(|n| n.value().is_some_and(|v| v.contains(text)))
            .next()
            .is_some()
    };
    assert!(has("not an SQLite database at all"));
    assert!(has("start it with --db PATH"));
    assert!(harness.query_by_label("Restore this backup").is_none());
    assert!(harness.query_by_label("Quit").is_some());
}
