//! Remembering what matters, in the window: a follow-up noted while
//! logging, open ones ticked off while logging, a person's follow-ups
//! (Done, Delete, and taking both back) and dates to remember (add, edit,
//! delete); and someone added without a trust level is not assessed yet.
//! Driven by the labels on screen with egui_kittest, on a temp database
//! and a fixed clock (Sunday 22 November 2026).

mod common;
mod window;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::{
    ContactDraft, ContactId, FollowUp, FollowUpDraft, InteractionDraft, TrustLevel, YearlyDate,
};
use kith::store::{NewContact, Store};
use kith::ui::Screen;

use window::{NOW, at, click, harness, replace_text, shows, type_into};

fn ada(store: &mut Store) -> ContactId {
    store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Familiar),
                ..NewContact::new(ContactDraft::named("Ada Lovelace"))
            },
            at("2026-01-01 09:00"),
        )
        .unwrap()
}

fn follow_ups(harness: &Harness<'_, KithApp>, id: ContactId) -> Vec<FollowUp> {
    harness.state().store().follow_ups_of(id).unwrap()
}

fn ctrl_z(harness: &mut Harness<'_, KithApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
}

#[test]
fn logging_notes_a_follow_up_due_in_a_week() {
    let mut store = Store::open_in_memory().unwrap();
    let id = ada(&mut store);
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    click(&mut harness, "Log interaction…");
    type_into(&mut harness, "Note", "She has surgery on Tuesday");
    type_into(&mut harness, "Follow up", "ask how the surgery went");
    click(&mut harness, "In a week");
    click(&mut harness, "Log it");
    assert!(!harness.state().state.form.is_open());

    let saved = follow_ups(&harness, id);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].fields.what, "ask how the surgery went");
    assert_eq!(saved[0].fields.due, Some(common::day("2026-11-29")));
    let logged = harness.state().store().interactions_of(id).unwrap();
    assert_eq!(saved[0].noted_in, Some(logged[0].id), "noted in it");
    assert!(shows(&harness, "Follow-ups (1 open)"));
    assert!(shows(&harness, "due in 7 days"));
}

#[test]
fn a_follow_up_too_long_is_named_and_nothing_is_logged() {
    let mut store = Store::open_in_memory().unwrap();
    let id = ada(&mut store);
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    click(&mut harness, "Log interaction…");
    type_into(&mut harness, "Follow up", "x".repeat(501).as_str());
    click(&mut harness, "Log it");
    assert!(shows(&harness, "Follow up: 501 characters is too long"));
    assert!(
        harness
            .state()
            .store()
            .interactions_of(id)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn ticking_an_open_follow_up_while_logging_marks_it_done_with_that_interaction() {
    let mut store = Store::open_in_memory().unwrap();
    let id = ada(&mut store);
    for what in ["ask how the surgery went", "send her the loom paper"] {
        store
            .add_follow_up(FollowUpDraft::new(id, what, None), at("2026-11-01 09:00"))
            .unwrap();
    }
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    click(&mut harness, "Log interaction…");
    assert!(shows(
        &harness,
        "Open follow-ups: tick what this took care of"
    ));
    harness
        .get_by_role_and_label(Role::CheckBox, "ask how the surgery went")
        .click();
    harness.run();
    type_into(&mut harness, "Note", "Called: she is fine");
    click(&mut harness, "Log it");

    let logged = harness.state().store().interactions_of(id).unwrap();
    let all = follow_ups(&harness, id);
    let surgery = all
        .iter()
        .find(|f| f.fields.what == "ask how the surgery went")
        .unwrap();
    assert_eq!(surgery.done_with, Some(logged[0].id));
    assert_eq!(surgery.done_at, Some(at(NOW)));
    let paper = all
        .iter()
        .find(|f| f.fields.what == "send her the loom paper")
        .unwrap();
    assert!(!paper.is_done(), "the one not ticked stays open");
    assert!(shows(&harness, "Follow-ups (1 open)"));
    assert!(shows(&harness, "Done (1)"));
}

#[test]
fn a_persons_follow_ups_are_added_done_and_deleted_and_each_taken_back() {
    let mut store = Store::open_in_memory().unwrap();
    let id = ada(&mut store);
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    click(&mut harness, "Add follow-up…");
    type_into(&mut harness, "Follow up", "send her the loom paper");
    click(&mut harness, "In a month");
    click(&mut harness, "Add follow-up");
    let saved = follow_ups(&harness, id);
    assert_eq!(saved[0].fields.due, Some(common::day("2026-12-22")));
    assert!(shows(&harness, "send her the loom paper"));

    // Done, then taken back with the toast.
    click(&mut harness, "Done");
    assert!(follow_ups(&harness, id)[0].is_done());
    assert!(shows(
        &harness,
        "Done: send her the loom paper (Ada Lovelace)."
    ));
    assert!(shows(&harness, "Follow-ups (0 open)"));
    click(&mut harness, "Undo");
    assert!(!follow_ups(&harness, id)[0].is_done());
    assert!(shows(&harness, "Follow-ups (1 open)"));

    // Deleted, then taken back with Ctrl+Z.
    click(&mut harness, "Delete");
    assert!(follow_ups(&harness, id).is_empty());
    assert!(shows(&harness, "Nothing you meant to do or ask."));
    ctrl_z(&mut harness);
    assert_eq!(follow_ups(&harness, id).len(), 1);
    assert!(shows(&harness, "send her the loom paper"));
}

#[test]
fn dates_to_remember_are_added_edited_and_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    let id = ada(&mut store);
    let mut fields = store.contact(id).unwrap().fields;
    fields.birthday = Some(YearlyDate::parse("1985-11-30").unwrap());
    store.update_contact(id, fields, at(NOW)).unwrap();
    let mut harness = harness(store, Screen::Person(id));
    harness.run();
    assert!(shows(&harness, "30 November 1985 · in 8 days, turning 41"));

    click(&mut harness, "Add date…");
    type_into(&mut harness, "Label", "Wedding anniversary");
    type_into(&mut harness, "Date", "02-30");
    click(&mut harness, "Add date");
    assert!(shows(&harness, "Date: \"02-30\""), "not a real day");
    replace_text(&mut harness, "Date", "--06-12");
    click(&mut harness, "Add date");
    let dates = harness.state().store().dates_of(id).unwrap();
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0].fields.label, "Wedding anniversary");
    assert!(shows(&harness, "12 June"));

    click(&mut harness, "Edit…");
    replace_text(&mut harness, "Label", "Wedding anniversary (tenth)");
    replace_text(&mut harness, "Date", "2016-06-12");
    click(&mut harness, "Save");
    let dates = harness.state().store().dates_of(id).unwrap();
    assert_eq!(dates[0].fields.label, "Wedding anniversary (tenth)");
    assert_eq!(dates[0].fields.date.year, Some(2016));
    assert!(shows(&harness, "12 June 2016"));

    click(&mut harness, "Delete");
    assert!(harness.state().store().dates_of(id).unwrap().is_empty());
    click(&mut harness, "Undo");
    assert_eq!(harness.state().store().dates_of(id).unwrap().len(), 1);
    assert!(shows(&harness, "Wedding anniversary (tenth)"));
}

#[test]
fn someone_added_without_a_level_is_not_assessed_yet() {
    let store = Store::open_in_memory().unwrap();
    let mut harness = harness(store, Screen::People);
    harness.run();
    click(&mut harness, "Add person…");
    assert!(shows(&harness, "Not assessed yet"));
    type_into(&mut harness, "Name", "Bo Diddley");
    click(&mut harness, "Add person");
    let bo = ContactId(1);
    let history = harness.state().store().trust_history(bo).unwrap();
    assert!(
        !history[0].assessed,
        "the default handshake is no assessment"
    );

    click(&mut harness, "Add person…");
    type_into(&mut harness, "Name", "Cy Twombly");
    click(&mut harness, "Trusted");
    click(&mut harness, "Add person");
    let cy = ContactId(2);
    let history = harness.state().store().trust_history(cy).unwrap();
    assert!(history[0].assessed);
    assert_eq!(history[0].level, TrustLevel::Trusted);
}

#[test]
fn a_kind_of_nudge_is_turned_off_in_settings() {
    let mut store = Store::open_in_memory().unwrap();
    let id = ada(&mut store);
    let mut draft = InteractionDraft::new(id, at("2026-11-01 09:00"));
    draft.initiated_by = kith::domain::Initiator::Them;
    draft.channel = kith::domain::Channel::Email;
    store.log_interaction(draft, at(NOW)).unwrap();
    let mut harness = harness(store, Screen::Settings);
    harness.run();
    assert_eq!(harness.state().view.nudges.len(), 1);
    harness.get_by_label("Waiting on your reply").click();
    harness.run();
    click(&mut harness, "Save settings");
    assert_eq!(
        harness.state().store().settings().unwrap().show_unanswered,
        0
    );
    assert!(harness.state().view.nudges.is_empty(), "no longer shown");
}
