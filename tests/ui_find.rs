//! Finding someone and logging with them, in the window: search that folds
//! accents and matches word starts, Ctrl+F then the keys, the log picker's
//! every match and "Add … as a new person…", the keystrokes to log a reply
//! from Today, Undo of a log, and Back.

mod common;
mod window;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::{Channel, ContactDraft, ContactId, Initiator, InteractionDraft, NudgeKind};
use kith::store::{NewContact, Store};
use kith::ui::Screen;

use window::{NOW, at, click, harness, shows, type_into};

fn add(store: &mut Store, name: &str, notes: &str) -> ContactId {
    let mut fields = ContactDraft::named(name);
    fields.notes = notes.into();
    store.add_contact(NewContact::new(fields), at(NOW)).unwrap()
}

fn key(harness: &mut Harness<'_, KithApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn people_search_folds_accents_and_matches_word_starts() {
    let mut store = Store::open_in_memory().unwrap();
    add(&mut store, "Léa Martínez", "");
    add(&mut store, "Hiroshi Murphy", "");
    add(
        &mut store,
        "Hiroshi Kim",
        "Her sister Léonie runs a bakery in Lyon",
    );
    add(&mut store, "Ada Lovelace", "Lives in Canada");
    let mut harness = harness(store, Screen::People);
    harness.run();
    type_into(&mut harness, "Search", "martinez");
    assert!(shows(&harness, "Léa Martínez"));
    assert!(shows(&harness, "1 of 4 people"));

    window::replace_text(&mut harness, "Search", "hiro mu");
    assert!(shows(&harness, "Hiroshi Murphy"));
    assert!(!shows(&harness, "Hiroshi Kim"));

    window::replace_text(&mut harness, "Search", "ada");
    assert!(shows(&harness, "Ada Lovelace"));
    assert!(shows(&harness, "1 of 4 people"), "not inside Canada");

    // Found by the notes: the row shows where.
    window::replace_text(&mut harness, "Search", "leonie");
    assert!(shows(&harness, "Hiroshi Kim"));
    assert!(shows(&harness, "Her sister Léonie"), "the snippet shows");
}

#[test]
fn ctrl_f_then_typing_then_down_and_enter_opens_a_result() {
    let mut store = Store::open_in_memory().unwrap();
    add(&mut store, "Hiroshi Murphy", "");
    let kim = add(&mut store, "Hiroshi Kim", "");
    add(&mut store, "Ada Lovelace", "");
    let mut harness = harness(store, Screen::Today);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.run();
    assert_eq!(harness.state().state.prefs.screen, Screen::People);
    // The search has the keyboard: typing goes there.
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("hiro");
    harness.run();
    assert!(shows(&harness, "2 of 3 people"));
    // Neither contacted: by name, Kim then Murphy.
    key(&mut harness, Key::ArrowDown);
    key(&mut harness, Key::Enter);
    harness.run();
    assert_eq!(harness.state().state.prefs.screen, Screen::Person(kim));
}

#[test]
fn the_log_picker_reaches_every_match_and_offers_a_new_person() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..12 {
        add(&mut store, &format!("Hiroshi Tanaka {i:02}"), "");
    }
    add(&mut store, "Hiroshi Kim", "");
    let mut harness = harness(store, Screen::Today);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    type_into(&mut harness, "With", "hiro");
    // Thirteen found: six show, the rest scroll; the keys reach the last
    // and then "Add …".
    for _ in 0..13 {
        key(&mut harness, Key::ArrowDown);
    }
    assert!(shows(&harness, "Add 'hiro' as a new person…"));
    key(&mut harness, Key::ArrowUp);
    key(&mut harness, Key::Enter);
    // The last match was chosen: it shows as a chip.
    assert!(shows(&harness, "Hiroshi Tanaka 11  ×"), "chosen as a chip");

    // Someone not there yet: the last entry adds them.
    click(&mut harness, "Hiroshi Tanaka 11  ×");
    type_into(&mut harness, "With", "Zoe Park");
    assert!(shows(&harness, "No one by that name."));
    assert!(!shows(&harness, "…."), "no doubled full stop");
    click(&mut harness, "Add 'Zoe Park' as a new person…");
    assert_eq!(harness.state().state.form.title(), Some("Add person"));
    let name = harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name");
    assert_eq!(name.value().as_deref(), Some("Zoe Park"));
}

#[test]
fn with_no_one_chosen_the_log_form_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    add(&mut store, "Ada Lovelace", "");
    let mut harness = harness(store, Screen::Today);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    click(&mut harness, "Log it");
    assert!(shows(&harness, "choose who this was with"));
    assert!(harness.state().state.form.is_open());
}

#[test]
fn each_chip_row_is_one_tab_stop_moved_with_the_arrows() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace", "");
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    click(&mut harness, "Log interaction…");
    // The note has the keyboard; back up to the rows of chips: Minutes,
    // then Depth, Tone, Who reached out, Channel.
    for _ in 0..5 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
        harness.run();
    }
    // On Channel: Other, then Letter, then back to Other and to Letter.
    key(&mut harness, Key::ArrowLeft);
    key(&mut harness, Key::ArrowRight);
    key(&mut harness, Key::ArrowLeft);
    harness.key_press(Key::Tab);
    harness.run();
    // Who reached out: Mutual, then They did.
    key(&mut harness, Key::ArrowLeft);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    let logged = harness.state().store().interactions_of(ada).unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].fields.channel, Channel::Letter);
    assert_eq!(logged[0].fields.initiated_by, Initiator::Them);
}

/// The keystrokes it takes to log a reply from Today, the note aside, on
/// the demo of 300 people (`kith demo --people 300`, seed 1).
const REPLY_KEYSTROKES: usize = 2;

#[test]
fn a_reply_is_logged_from_today_in_a_few_keystrokes_and_undone() {
    let mut store = Store::open_in_memory().unwrap();
    kith::demo::generate(&mut store, 300, 1, at(NOW).date()).unwrap();
    let mut harness = harness(store, Screen::Today);
    harness.run();
    let mut keys = 0;
    let press = |harness: &mut Harness<'_, KithApp>, k: Key, keys: &mut usize| {
        harness.key_press(k);
        harness.run();
        *keys += 1;
    };
    // The first card waiting on a reply.
    let first = harness.state().view.nudges[0].kind;
    assert_eq!(first, NudgeKind::Unanswered, "replies come first on Today");
    let nudge = harness.state().view.nudges[0].clone();
    let who = nudge.contact_id.unwrap();
    press(&mut harness, Key::L, &mut keys);
    assert_eq!(harness.state().state.form.title(), Some("Log interaction"));
    // The note has the keyboard.
    harness
        .get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note")
        .type_text("Answered about the trip");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    keys += 1;
    assert_eq!(keys, REPLY_KEYSTROKES);
    assert!(!harness.state().state.form.is_open());

    let logged = harness.state().store().interactions_of(who).unwrap();
    let reply = &logged[0].fields;
    assert_eq!(reply.note, "Answered about the trip");
    assert_eq!(reply.initiated_by, Initiator::Me, "a reply is yours");
    let last = nudge.last_interaction.as_ref().unwrap();
    assert_eq!(reply.channel, last.channel, "on the channel they used");
    let name = harness.state().view.name_of(who).unwrap().to_owned();
    assert!(shows(&harness, &format!("Logged with {name}")));

    // Ctrl+Z takes it back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let after = harness.state().store().interactions_of(who).unwrap();
    assert_eq!(after.len(), logged.len() - 1);
    assert!(shows(&harness, "Undone: Logged with"));
}

#[test]
fn undoing_a_log_takes_back_its_follow_ups_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let ada = add(&mut store, "Ada Lovelace", "");
    let open = store
        .add_follow_up(
            kith::domain::FollowUpDraft::new(ada, "Send the paper", None),
            at(NOW),
        )
        .unwrap();
    let entry = kith::store::LogEntry {
        interaction: InteractionDraft::new(ada, at(NOW)),
        follow_up: Some(kith::store::NewFollowUp {
            what: "Ask about the engine".into(),
            due: None,
        }),
        done: vec![open],
    };
    let before = common::dump(&path);
    let (_, undo) = store.log_undoable(entry, at(NOW)).unwrap();
    assert_eq!(undo.description(), "Logged with Ada Lovelace");
    assert_ne!(common::dump(&path), before);
    store.undo(undo).unwrap();
    assert_eq!(common::dump(&path), before, "as it was");
}

#[test]
fn back_goes_where_you_came_from() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace", "");
    let mut harness = harness(store, Screen::Today);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    click(&mut harness, "Ada Lovelace");
    assert_eq!(harness.state().state.prefs.screen, Screen::Person(ada));
    // The ← in the header, named Back.
    click(&mut harness, "Back");
    assert_eq!(harness.state().state.prefs.screen, Screen::People);
    // Esc on the page.
    click(&mut harness, "Ada Lovelace");
    key(&mut harness, Key::Escape);
    harness.run();
    assert_eq!(harness.state().state.prefs.screen, Screen::People);
    // Alt+Left, and again: People, then Today.
    click(&mut harness, "Ada Lovelace");
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    harness.run();
    harness.run();
    assert_eq!(harness.state().state.prefs.screen, Screen::People);
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    harness.run();
    harness.run();
    assert_eq!(harness.state().state.prefs.screen, Screen::Today);
}

#[test]
fn when_you_met_is_typed_or_picked_on_the_calendar() {
    let store = Store::open_in_memory().unwrap();
    let mut harness = harness(store, Screen::Today);
    harness.run();
    click(&mut harness, "Add person…");
    type_into(&mut harness, "When you met", "2026-03-14");
    // Beside it, the calendar's button, showing the day typed.
    assert!(window::enabled(&harness, "2026-03-14"));
}

#[test]
fn a_mark_on_the_story_tells_its_interaction_and_a_click_finds_it() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace", "");
    let start = at("2025-01-06 10:00");
    for week in 0..40 {
        let mut draft = InteractionDraft::new(ada, start + chrono::Duration::weeks(week));
        draft.note = format!("Week {week} letter");
        store.log_interaction(draft, at(NOW)).unwrap();
    }
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    let oldest = harness.state().store().interactions_of(ada).unwrap();
    let oldest = oldest
        .iter()
        .find(|i| i.fields.note == "Week 0 letter")
        .unwrap()
        .id;
    assert!(!shows(&harness, "Week 0 letter"), "far down the timeline");
    let (pos, _) = *harness
        .state()
        .state
        .person
        .marks()
        .iter()
        .find(|(_, id)| *id == oldest)
        .expect("a mark for it");
    harness.hover_at(pos);
    harness.run();
    harness.run();
    assert!(
        shows(&harness, "Click to find it in the timeline"),
        "the tooltip"
    );
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    window::settle(&mut harness);
    assert!(shows(&harness, "Week 0 letter"), "scrolled to it");
}

#[test]
fn the_log_form_does_not_jump_as_suggestions_come_and_go() {
    let mut store = Store::open_in_memory().unwrap();
    for name in ["Hiroshi Murphy", "Hiroshi Kim", "Ada Lovelace"] {
        add(&mut store, name, "");
    }
    let mut harness = harness(store, Screen::Today);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    let channel = |harness: &Harness<'_, KithApp>| {
        harness
            .query_all_by(|n| n.value().is_some_and(|v| v == "Channel"))
            .next()
            .expect("the Channel row")
            .rect()
    };
    let empty = channel(&harness);
    for typed in ["hiro", "zz", "a"] {
        window::replace_text(&mut harness, "With", typed);
        assert_eq!(channel(&harness), empty, "after {typed:?}");
    }
}

#[test]
fn a_trust_date_to_come_is_refused_as_soon_as_it_is_picked() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace", "");
    let app = KithApp::new(
        store,
        window::clock(),
        kith::ui::Prefs {
            screen: Screen::Person(ada),
            ..kith::ui::Prefs::default()
        },
    )
    .unwrap();
    // The calendar's month and year boxes have no names of their own.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 880.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut KithApp| app.frame_ui(ui), app);
    harness.run();
    click(&mut harness, "Set trust…");
    click(&mut harness, "2026-11-22");
    // The 30th of this month, a week from now: the last 30 in the grid
    // (the first may be October's).
    let is_30 = |n: &egui_kittest::kittest::AccessKitNode<'_>| n.label().is_some_and(|l| l == "30");
    harness
        .query_all_by(is_30)
        .last()
        .expect("the 30th")
        .hover();
    harness.run();
    harness
        .query_all_by(is_30)
        .last()
        .expect("the 30th")
        .click();
    window::settle(&mut harness);
    click(&mut harness, "Save");
    assert!(shows(&harness, "is in the future"), "refused at once");
    assert!(harness.state().state.form.is_open());
}

#[test]
fn a_persons_notes_are_searched_as_people_are() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace", "");
    for (day, note) in [
        ("2026-11-01 10:00", "Her sister Léonie runs a bakery"),
        ("2026-11-02 10:00", "Talked about Canada"),
        ("2026-11-03 10:00", "Engines"),
        ("2026-11-04 10:00", "Tea"),
    ] {
        let mut draft = InteractionDraft::new(ada, at(day));
        draft.note = note.into();
        store.log_interaction(draft, at(NOW)).unwrap();
    }
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    type_into(&mut harness, "search notes", "leonie");
    assert!(shows(&harness, "Her sister Léonie runs a bakery"));
    assert!(!shows(&harness, "Talked about Canada"));
    window::replace_text(&mut harness, "search notes", "ada");
    assert!(!shows(&harness, "Talked about Canada"), "word starts only");
}
