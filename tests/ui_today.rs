//! Today in the window as a triage queue: its three parts in order, rows
//! that carry their context, the keys, taking every action back (by the
//! toast and by Ctrl+Z), and Hidden with Restore. Driven by the labels on
//! screen with egui_kittest, on a temp database and a fixed clock (Sunday
//! 22 November 2026).

mod common;
mod window;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::{
    Channel, ContactDraft, ContactId, FollowUpDraft, Initiator, InteractionDraft, NudgeKind,
    TrustLevel,
};
use kith::store::{NewContact, Store};
use kith::ui::Screen;
use kith::ui::today::Triaged;

use window::{NOW, at, click, harness, shows};

fn person(store: &mut Store, name: &str, trust: TrustLevel) -> ContactId {
    let mut fields = ContactDraft::named(name);
    fields.met_on = Some(common::day("2024-01-01"));
    store
        .add_contact(
            NewContact {
                trust: Some(trust),
                ..NewContact::new(fields)
            },
            at("2024-01-01 09:00"),
        )
        .unwrap()
}

fn log(store: &mut Store, id: ContactId, when: &str, channel: Channel, by: Initiator, note: &str) {
    let mut draft = InteractionDraft::new(id, at(when));
    draft.channel = channel;
    draft.initiated_by = by;
    draft.note = note.into();
    store.log_interaction(draft, at(NOW)).unwrap();
}

/// The people behind a week's Today:
/// - Waiting on you: Ada (she emailed five days ago) and Grace (a
///   follow-up due two days ago);
/// - Focus: five of the seven familiar friends not seen for over 180 days;
/// - Everything else: the other two, and Old Friend (drifted apart: over
///   three times the cadence).
fn week(store: &mut Store) -> Vec<ContactId> {
    let ada = person(store, "Ada Lovelace", TrustLevel::Familiar);
    log(
        store,
        ada,
        "2026-11-01 12:00",
        Channel::InPerson,
        Initiator::Me,
        "Tea",
    );
    log(
        store,
        ada,
        "2026-11-17 09:00",
        Channel::Email,
        Initiator::Them,
        "Could you introduce me to your designer friend?",
    );
    store
        .add_follow_up(
            FollowUpDraft::new(ada, "send her the loom paper", None),
            at("2026-11-01 13:00"),
        )
        .unwrap();
    let grace = person(store, "Grace Hopper", TrustLevel::Familiar);
    log(
        store,
        grace,
        "2026-11-10 18:00",
        Channel::Call,
        Initiator::Me,
        "Surgery next week",
    );
    store
        .add_follow_up(
            FollowUpDraft::new(
                grace,
                "ask how the surgery went",
                Some(common::day("2026-11-20")),
            ),
            at("2026-11-10 19:00"),
        )
        .unwrap();
    let mut ids = vec![ada, grace];
    for i in 0..7 {
        let id = person(store, &format!("Friend {i}"), TrustLevel::Familiar);
        let when = (common::day("2026-05-01") - chrono::Duration::days(i * 3))
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let mut draft = InteractionDraft::new(id, when);
        draft.channel = Channel::InPerson;
        draft.note = format!("Talked about loom number {i}");
        store.log_interaction(draft, at(NOW)).unwrap();
        ids.push(id);
    }
    let old = person(store, "Old Friend", TrustLevel::Familiar);
    log(
        store,
        old,
        "2024-02-01 12:00",
        Channel::InPerson,
        Initiator::Me,
        "",
    );
    ids.push(old);
    ids
}

fn today() -> (Harness<'static, KithApp>, Vec<ContactId>) {
    let mut store = Store::open_in_memory().unwrap();
    let ids = week(&mut store);
    let mut harness = harness(store, Screen::Today);
    harness.run();
    (harness, ids)
}

fn top(harness: &Harness<'_, KithApp>, label: &str) -> f32 {
    harness.get_by_label(label).rect().top()
}

fn press(harness: &mut Harness<'_, KithApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn selected(harness: &Harness<'_, KithApp>) -> Option<Triaged> {
    harness.state().state.today.selected()
}

fn neglect(id: ContactId) -> Option<Triaged> {
    Some(Triaged {
        contact: Some(id),
        kind: NudgeKind::Neglect,
    })
}

/// What the store hides, as (person, kind, snoozed until).
fn hidden(harness: &Harness<'_, KithApp>) -> Vec<(Option<String>, NudgeKind, Option<String>)> {
    harness
        .state()
        .store()
        .hidden_nudges(common::day("2026-11-22"))
        .unwrap()
        .into_iter()
        .map(|h| {
            (
                h.contact.map(|(_, name)| name),
                h.kind,
                h.snoozed_until.map(|d| d.to_string()),
            )
        })
        .collect()
}

#[test]
fn today_shows_waiting_on_you_then_focus_then_everything_else_folded() {
    let (mut harness, _) = today();
    let waiting = top(&harness, "Waiting on you (2)");
    let focus = top(&harness, "Focus");
    let rest = top(&harness, "Everything else (3)");
    assert!(waiting < focus && focus < rest, "{waiting} {focus} {rest}");
    assert!(shows(&harness, "Ada Lovelace"));
    assert!(shows(&harness, "Grace Hopper"));
    // Focus: the five most urgent of the seven, the longest unseen first.
    for i in 2..7 {
        assert!(
            shows(&harness, &format!("Friend {i}")),
            "Friend {i} in focus"
        );
    }
    for name in ["Friend 0", "Friend 1", "Old Friend"] {
        assert!(!shows(&harness, name), "{name} is folded away");
    }
    assert!(shows(&harness, "2 to keep in touch, 1 drifted apart"));
    // The sidebar counts what is due: Waiting on you and Focus.
    assert!(shows(&harness, "Today  (7 due)"));

    click(&mut harness, "Everything else (3)");
    assert!(shows(&harness, "Friend 0") && shows(&harness, "Friend 1"));
    assert!(
        !shows(&harness, "Old Friend"),
        "drifted apart is its own fold"
    );
    click(&mut harness, "Drifted apart (1)");
    assert!(shows(&harness, "Old Friend"));
    assert!(top(&harness, "Friend 0") < top(&harness, "Old Friend"));
}

#[test]
fn a_row_quotes_their_note_and_carries_what_to_act_on() {
    let (harness, _) = today();
    // Ada's message, quoted in the reason; her open follow-up below.
    assert!(shows(
        &harness,
        "They emailed you 5 days ago: \"Could you introduce me to your designer friend?\""
    ));
    assert!(shows(&harness, "To do: send her the loom paper"));
    // Grace's follow-up is the reason; the latest interaction is context.
    assert!(shows(&harness, "ask how the surgery went"));
    assert!(shows(
        &harness,
        "Last: 12 days ago, call: “Surgery next week”"
    ));
    // A neglect row says what you last talked about.
    assert!(shows(&harness, "in person: “Talked about loom number 6”"));
}

#[test]
fn keys_move_the_selection_and_triage_the_selected_row() {
    let (mut harness, ids) = today();
    let (ada, friend6, friend5) = (ids[0], ids[8], ids[7]);
    assert_eq!(
        selected(&harness),
        Some(Triaged {
            contact: Some(ada),
            kind: NudgeKind::Unanswered
        }),
        "the first row is selected at first"
    );
    press(&mut harness, Key::J);
    press(&mut harness, Key::ArrowDown);
    assert_eq!(
        selected(&harness),
        neglect(friend6),
        "third row: Focus's first"
    );
    press(&mut harness, Key::K);
    press(&mut harness, Key::ArrowUp);
    press(&mut harness, Key::J);
    press(&mut harness, Key::J);
    assert_eq!(selected(&harness), neglect(friend6));

    // S snoozes it for a week; the selection moves to the row in its place.
    press(&mut harness, Key::S);
    assert_eq!(
        hidden(&harness),
        [(
            Some("Friend 6".into()),
            NudgeKind::Neglect,
            Some("2026-11-29".into())
        )]
    );
    assert!(shows(&harness, "Snoozed until 29 November"));
    assert_eq!(selected(&harness), neglect(friend5));

    // D dismisses, N skips this time.
    press(&mut harness, Key::D);
    assert_eq!(hidden(&harness).len(), 2);
    let friend4 = ids[6];
    assert_eq!(selected(&harness), neglect(friend4));
    press(&mut harness, Key::N);
    assert_eq!(
        harness.state().store().skips_of(friend4).unwrap(),
        [common::day("2026-11-22")]
    );
    assert!(shows(&harness, "Skipped Friend 4 this time"));

    // L logs with them; Shift+S offers the spans; Enter opens them.
    press(&mut harness, Key::L);
    assert_eq!(harness.state().state.form.title(), Some("Log interaction"));
    press(&mut harness, Key::Escape);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::S);
    harness.run();
    assert_eq!(harness.state().state.form.title(), Some("Snooze"));
    click(&mut harness, "A month");
    assert_eq!(hidden(&harness).len(), 3);
    let next = selected(&harness).and_then(|s| s.contact).unwrap();
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().state.prefs.screen, Screen::Person(next));

    // F1 lists these keys.
    harness.key_press(Key::F1);
    harness.run();
    assert!(shows(&harness, "On Today, for the selected row"));
    assert!(shows(&harness, "Not now: skip this time (keep in touch)"));
}

#[test]
fn logging_from_a_waiting_row_prefills_a_reply_on_their_channel() {
    let (mut harness, ids) = today();
    press(&mut harness, Key::L);
    click(&mut harness, "Log it");
    let logged = harness.state().store().interactions_of(ids[0]).unwrap();
    let reply = &logged[0].fields;
    assert_eq!(reply.when, at(NOW));
    assert_eq!(reply.initiated_by, Initiator::Me, "I did");
    assert_eq!(reply.channel, Channel::Email, "as she wrote");
    assert!(
        !shows(&harness, "Could you introduce me"),
        "no longer waiting"
    );
}

#[test]
fn snooze_dismiss_and_skip_are_taken_back_by_the_toast_and_by_ctrl_z() {
    let (mut harness, ids) = today();
    let friend6 = ids[8];
    let undo = |harness: &mut Harness<'_, KithApp>| {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
    };
    for _ in 0..2 {
        press(&mut harness, Key::J);
    }
    for (key, by_toast) in [
        (Key::S, true),
        (Key::S, false),
        (Key::D, true),
        (Key::D, false),
        (Key::N, true),
        (Key::N, false),
    ] {
        assert_eq!(selected(&harness), neglect(friend6), "{key:?}");
        press(&mut harness, key);
        let acted = !hidden(&harness).is_empty()
            || !harness
                .state()
                .store()
                .skips_of(friend6)
                .unwrap()
                .is_empty();
        assert!(acted, "{key:?} did something");
        assert!(shows(&harness, "Undo"), "the toast offers it");
        if by_toast {
            click(&mut harness, "Undo");
        } else {
            undo(&mut harness);
        }
        assert!(hidden(&harness).is_empty(), "{key:?} undone");
        assert!(
            harness
                .state()
                .store()
                .skips_of(friend6)
                .unwrap()
                .is_empty()
        );
        assert!(shows(&harness, "Friend 6"), "back on Today");
        // Taken back, it is selected again where it was.
        harness.state_mut().state.today = Default::default();
        harness.run();
        for _ in 0..2 {
            press(&mut harness, Key::J);
        }
    }
}

#[test]
fn hidden_lists_what_is_snoozed_or_dismissed_and_restores_it() {
    let (mut harness, ids) = today();
    press(&mut harness, Key::S); // Ada, for a week
    press(&mut harness, Key::D); // Grace
    assert!(!shows(&harness, "Ada Lovelace"));
    click(&mut harness, "Hidden (2)");
    assert!(shows(&harness, "snoozed until 29 November"));
    assert!(shows(&harness, "dismissed until something changes"));
    click(&mut harness, "Restore");
    assert_eq!(hidden(&harness).len(), 1);
    assert!(shows(&harness, "Waiting on you (1)"));
    assert!(shows(&harness, "Hidden (1)"));
    // A person's page shows their hidden nudge, with Restore.
    harness
        .state_mut()
        .apply(kith::ui::Command::Show(Screen::Person(ids[1])));
    harness.run();
    assert!(shows(
        &harness,
        "Follow-ups due: dismissed until something changes"
    ));
    click(&mut harness, "Restore");
    assert!(hidden(&harness).is_empty());
    assert!(shows(&harness, "You meant to: ask how the surgery went"));
}

#[test]
fn after_three_skips_in_a_row_the_row_offers_a_longer_cadence() {
    let mut store = Store::open_in_memory().unwrap();
    let ids = week(&mut store);
    let friend6 = ids[8];
    // Last seen on 13 April; skipped three times since, the last on 14
    // April: still the most overdue.
    for _ in 0..3 {
        let _ = store
            .skip_neglect(friend6, common::day("2026-04-14"), at(NOW))
            .unwrap();
    }
    let mut harness = harness(store, Screen::Today);
    harness.run();
    click(&mut harness, "Keep in touch every 360 days");
    let contact = harness.state().store().contact(friend6).unwrap();
    assert_eq!(contact.fields.cadence_days, Some(360));
    let due = &harness.state().view.nudges;
    assert!(
        !due.iter().any(|n| n.contact_id == Some(friend6)),
        "not due on the longer cadence"
    );
    assert!(shows(
        &harness,
        "Keeping in touch with Friend 6 every 360 days."
    ));
    // Their page keeps the skips.
    harness
        .state_mut()
        .apply(kith::ui::Command::Show(Screen::Person(friend6)));
    harness.run();
    assert!(shows(
        &harness,
        "Skipped this time on 14 April 2026 (before: 14 April 2026, 14 April 2026)"
    ));
}

#[test]
fn today_opens_at_the_top_whatever_the_last_session_scrolled_to() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..30 {
        let id = person(&mut store, &format!("Writer {i:02}"), TrustLevel::Familiar);
        let when = format!("2026-11-{:02} 09:00", 1 + i / 2);
        log(&mut store, id, &when, Channel::Email, Initiator::Them, "");
    }
    let mut harness = harness(store, Screen::Today);
    harness.run();
    assert!(shows(&harness, "Waiting on you (30)"));
    assert!(shows(&harness, "Writer 00") && !shows(&harness, "Writer 29"));
    for _ in 0..29 {
        press(&mut harness, Key::J);
    }
    assert!(shows(&harness, "Writer 29") && !shows(&harness, "Writer 00"));
    // The next launch keeps egui's memory (where each list was scrolled)
    // but not this session's state: Today opens at the top all the same.
    harness.state_mut().state.today = Default::default();
    harness.run();
    assert!(shows(&harness, "Writer 00") && !shows(&harness, "Writer 29"));
}

#[test]
fn the_row_that_moves_under_the_pointer_shows_no_buttons_until_it_moves() {
    let (mut harness, ids) = today();
    let dismiss_buttons = |harness: &Harness<'_, KithApp>| {
        harness
            .query_all_by(|node| {
                node.role() == egui::accesskit::Role::Button
                    && node.label().is_some_and(|l| l == "Dismiss")
            })
            .count()
    };
    // Ada's row (selected) shows its buttons; Dismiss it with the pointer.
    assert_eq!(dismiss_buttons(&harness), 1);
    let at = harness.get_by_label("Dismiss").rect().center();
    click(&mut harness, "Dismiss");
    assert_eq!(hidden(&harness).len(), 1);
    // Grace's row moved up under the pointer, selected: no buttons there
    // for a second click to land on.
    assert_eq!(
        selected(&harness).and_then(|s| s.contact),
        Some(ids[1]),
        "the next row is selected"
    );
    assert_eq!(dismiss_buttons(&harness), 0);
    harness.run_steps(3);
    assert_eq!(dismiss_buttons(&harness), 0, "still none while it rests");
    // Once the pointer moves, they are back.
    harness.event(egui::Event::PointerMoved(at + egui::vec2(-4.0, 0.0)));
    harness.run();
    assert_eq!(dismiss_buttons(&harness), 1);
}

#[test]
fn a_drifted_row_offers_reaching_out_or_lowering_their_trust() {
    let (mut harness, ids) = today();
    let old = ids[9];
    click(&mut harness, "Everything else (3)");
    click(&mut harness, "Drifted apart (1)");
    // Its actions show once it is hovered.
    harness.get_by_label("Old Friend").hover();
    harness.run();
    click(&mut harness, "Reach out");
    assert_eq!(harness.state().state.prefs.screen, Screen::Person(old));

    harness
        .state_mut()
        .apply(kith::ui::Command::Show(Screen::Today));
    harness.run();
    harness.get_by_label("Old Friend").hover();
    harness.run();
    click(&mut harness, "Lower their trust…");
    assert_eq!(harness.state().state.form.title(), Some("Set trust"));
    click(&mut harness, "Set trust");
    let contact = harness.state().store().contact(old).unwrap();
    assert_eq!(contact.trust, TrustLevel::Acquaintance, "one level lower");
    let history = harness.state().store().trust_history(old).unwrap();
    assert_eq!(history.last().unwrap().reason, "we drifted apart");
    // Kept in touch with yearly now: overdue, no longer drifted apart.
    assert!(!shows(&harness, "Drifted apart"));
}
