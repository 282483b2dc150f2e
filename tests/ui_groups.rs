//! Group interactions in the window: the log form takes several people as
//! chips (typed and chosen by keyboard, taken off with Backspace or ×), any
//! of them can be who reached out, editing adds or removes people, and a
//! person's page says who else was there, each name opening that person.

mod common;
mod window;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::{ContactDraft, ContactId, Initiator, InteractionDraft, Tone};
use kith::store::{NewContact, Store};
use kith::ui::Screen;

use window::{NOW, at, click, harness, shows, type_into};

fn add(store: &mut Store, name: &str) -> ContactId {
    store
        .add_contact(NewContact::new(ContactDraft::named(name)), at(NOW))
        .unwrap()
}

#[test]
fn a_persons_page_says_who_else_was_there_and_an_edit_keeps_them() {
    let (store, [ada, grace, tom]) = dinner();
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    for part in ["with ", "Grace Hopper", " and ", "Tom Kilburn"] {
        assert!(shows(&harness, part), "{part:?}");
    }
    assert!(shows(&harness, "Grace Hopper reached out"));

    click(&mut harness, "Edit…");
    click(&mut harness, "Positive");
    click(&mut harness, "Save");
    let saved = &harness.state().store().interactions_of(ada).unwrap()[0];
    assert_eq!(saved.fields.tone, Tone::Positive);
    assert_eq!(saved.fields.participants, [ada, grace, tom]);
    assert_eq!(saved.fields.initiator, Some(grace));
}

fn key(harness: &mut Harness<'_, KithApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

/// Types where the keyboard is, as a person does.
fn type_text(harness: &mut Harness<'_, KithApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run();
}

/// Ada, Grace and Tom, and a dinner with all three that Grace started.
fn dinner() -> (Store, [ContactId; 3]) {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace");
    let grace = add(&mut store, "Grace Hopper");
    let tom = add(&mut store, "Tom Kilburn");
    let mut dinner = InteractionDraft::with_people(vec![ada, grace, tom], at("2026-11-20 19:30"));
    dinner.initiated_by = Initiator::Them;
    dinner.initiator = Some(grace);
    store.log_interaction(dinner, at(NOW)).unwrap();
    (store, [ada, grace, tom])
}

#[test]
fn a_dinner_with_three_people_is_logged_by_keyboard() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace");
    let grace = add(&mut store, "Grace Hopper");
    let tom = add(&mut store, "Tom Kilburn");
    let mut harness = harness(store, Screen::Today);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    // The field keeps the keyboard after each choice, for the next name.
    for part in ["ada", "grace", "tom"] {
        type_text(&mut harness, part);
        key(&mut harness, Key::Enter);
        harness.run();
    }
    assert!(shows(&harness, "Ada Lovelace  ×"));
    assert!(shows(&harness, "Grace Hopper  ×"));
    assert!(shows(&harness, "Tom Kilburn  ×"));
    // Enter on the empty field goes on to the note.
    key(&mut harness, Key::Enter);
    harness.run();
    type_text(&mut harness, "Dinner at Grace's");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();

    assert!(!harness.state().state.form.is_open());
    let logged = &harness.state().store().interactions_of(tom).unwrap()[0];
    assert_eq!(logged.fields.participants, [ada, grace, tom]);
    assert_eq!(logged.fields.note, "Dinner at Grace's");
    assert!(shows(
        &harness,
        "Logged with Ada Lovelace, Grace Hopper and Tom Kilburn"
    ));
}

#[test]
fn backspace_on_the_empty_field_takes_off_the_last_chip() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace");
    add(&mut store, "Grace Hopper");
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    click(&mut harness, "Log interaction…");
    assert!(shows(&harness, "Ada Lovelace  ×"), "starts with Ada chosen");
    type_into(&mut harness, "With", "grace");
    key(&mut harness, Key::Enter);
    harness.run();
    assert!(shows(&harness, "Grace Hopper  ×"));
    // Backspace in what is typed takes off a letter, not a chip.
    type_text(&mut harness, "to");
    key(&mut harness, Key::Backspace);
    assert!(shows(&harness, "Grace Hopper  ×"));
    key(&mut harness, Key::Backspace);
    assert!(shows(&harness, "Grace Hopper  ×"));
    // On the empty field it takes off the last chip.
    key(&mut harness, Key::Backspace);
    harness.run();
    assert!(!shows(&harness, "Grace Hopper  ×"));
    assert!(shows(&harness, "Ada Lovelace  ×"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    let logged = &harness.state().store().interactions_of(ada).unwrap()[0];
    assert_eq!(logged.fields.participants, [ada]);
}

#[test]
fn one_of_the_people_chosen_is_who_reached_out() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace");
    let grace = add(&mut store, "Grace Hopper");
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    click(&mut harness, "Log interaction…");
    // With one person: "They did".
    assert!(shows(&harness, "They did"));
    type_into(&mut harness, "With", "grace");
    key(&mut harness, Key::Enter);
    harness.run();
    // With two: each by name instead.
    assert!(!shows(&harness, "They did"));
    click(&mut harness, "Grace Hopper");
    click(&mut harness, "Log it");
    let logged = &harness.state().store().interactions_of(ada).unwrap()[0];
    assert_eq!(logged.fields.participants, [ada, grace]);
    assert_eq!(logged.fields.initiated_by, Initiator::Them);
    assert_eq!(logged.fields.initiator, Some(grace));
}

#[test]
fn an_edit_takes_someone_off_and_who_reached_out_with_them() {
    let (store, [ada, grace, tom]) = dinner();
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    click(&mut harness, "Edit…");
    click(&mut harness, "Grace Hopper  ×");
    // Adding someone new would leave the edit: not offered here.
    type_into(&mut harness, "With", "Zoe");
    assert!(shows(&harness, "No one by that name."));
    assert!(!shows(&harness, "as a new person"));
    click(&mut harness, "Save");
    assert!(!harness.state().state.form.is_open());
    let saved = &harness.state().store().interactions_of(ada).unwrap()[0];
    assert_eq!(saved.fields.participants, [ada, tom]);
    // Grace reached out; without her, it is not known who did.
    assert_eq!(saved.fields.initiated_by, Initiator::Mutual);
    assert_eq!(saved.fields.initiator, None);
    assert!(
        harness
            .state()
            .store()
            .interactions_of(grace)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_name_in_with_opens_that_person_and_back_returns() {
    let (store, [ada, grace, _]) = dinner();
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    click(&mut harness, "Grace Hopper");
    assert_eq!(harness.state().state.prefs.screen, Screen::Person(grace));
    assert!(shows(&harness, "Ada Lovelace"), "her page names Ada");
    click(&mut harness, "Back");
    assert_eq!(harness.state().state.prefs.screen, Screen::Person(ada));
}

#[test]
fn too_many_people_are_said_under_the_field_and_nothing_is_logged() {
    let mut store = Store::open_in_memory().unwrap();
    let people: Vec<ContactId> = (1..=51)
        .map(|n| add(&mut store, &format!("Person {n:02}")))
        .collect();
    let mut harness = harness(store, Screen::Today);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    for n in 1..=51 {
        type_text(&mut harness, &format!("person {n:02}"));
        key(&mut harness, Key::Enter);
        harness.run();
    }
    assert!(shows(&harness, "Person 51  ×"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    assert!(harness.state().state.form.is_open());
    assert!(shows(
        &harness,
        "People: 51 are too many for one interaction (at most 50)"
    ));
    let logged = harness.state().store().interactions_of(people[0]).unwrap();
    assert!(logged.is_empty());
}

#[test]
fn a_long_with_is_counted_and_leaves_room_for_edit() {
    let mut store = Store::open_in_memory().unwrap();
    let people: Vec<ContactId> = (1..=9)
        .map(|n| add(&mut store, &format!("Maximiliana Featherstonehaugh {n}")))
        .collect();
    let party = InteractionDraft::with_people(people.clone(), at("2026-11-20 19:30"));
    store.log_interaction(party, at(NOW)).unwrap();
    let mut harness = harness(store, Screen::Person(people[0]));
    harness.run();
    assert!(
        shows(&harness, " more"),
        "the names that do not fit are counted"
    );
    let edit = harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Edit…")
        .rect();
    assert!(edit.max.x <= 1280.0, "Edit… in the window: {edit:?}");
}
