//! Driving the window as a person would, for the egui_kittest tests: the
//! app on a store with a fixed clock, and finding, clicking and typing into
//! widgets by the labels on screen. The test file declares `mod common`
//! beside it, for the fixed times.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use kith::app::{Clock, KithApp};
use kith::store::Store;
use kith::ui::{Prefs, Screen};

pub use crate::common::{NOW, at};

/// A clock stopped at `NOW`, the moment the window's clock always reads.
pub fn clock() -> Clock {
    let now = at(NOW);
    Arc::new(move || now)
}

/// The app on `store`, opened on `screen`, in a window of a laptop's size.
pub fn harness(store: Store, screen: Screen) -> Harness<'static, KithApp> {
    let prefs = Prefs {
        screen,
        ..Prefs::default()
    };
    let app = KithApp::new(store, clock(), prefs).unwrap();
    Harness::builder()
        .with_size(egui::vec2(1280.0, 880.0))
        .build_ui_state(|ui, app: &mut KithApp| app.frame_ui(ui), app)
}

fn clickable(node: &egui_kittest::kittest::AccessKitNode<'_>) -> bool {
    node.role() != Role::Label
}

/// Does `act` to the first button (or other clickable widget, never plain
/// text) labelled `label`, or `label` followed by more: its keyboard
/// shortcut ("Log it Ctrl+Enter") or a size.
pub fn with_button(
    harness: &Harness<'_, KithApp>,
    label: &str,
    act: impl FnOnce(&egui_kittest::Node<'_>),
) {
    let exact = label.to_owned();
    let prefix = format!("{label} ");
    let node = harness
        .query_all_by(move |node| clickable(node) && node.label().is_some_and(|l| l == exact))
        .next()
        .or_else(|| {
            harness
                .query_all_by(move |node| {
                    clickable(node) && node.label().is_some_and(|l| l.starts_with(&prefix))
                })
                .next()
        })
        .unwrap_or_else(|| panic!("nothing clickable labelled {label:?} on screen"));
    act(&node);
}

/// Clicks a button, as a person does: the pointer goes there first (egui
/// acts on a click only where the pointer is), and rests a moment, so that
/// a tooltip left open where it was (egui keeps one open while the pointer
/// may be heading into it) has closed.
pub fn click(harness: &mut Harness<'_, KithApp>, label: &str) {
    with_button(harness, label, |node| node.hover());
    settle(harness);
    harness.run_steps(4);
    with_button(harness, label, |node| node.click());
    settle(harness);
}

/// Clicks a button that starts work the window shows going on (a spinner
/// asks for frames until it is done), so the window is not waited on to be
/// still.
pub fn click_to_start(harness: &mut Harness<'_, KithApp>, label: &str) {
    with_button(harness, label, |node| node.hover());
    harness.run_steps(4);
    with_button(harness, label, |node| node.click());
    harness.run_steps(2);
}

/// Whether the button labelled `label` (or starting so) can be clicked.
pub fn enabled(harness: &Harness<'_, KithApp>, label: &str) -> bool {
    let mut enabled = false;
    with_button(harness, label, |node| {
        enabled = !node.accesskit_node().is_disabled()
    });
    enabled
}

/// Runs frames until the window is still. A dialog that changes what it
/// shows (the chooser, then "Reading…", then the preview) takes a few
/// frames to find its new size.
pub fn settle(harness: &mut Harness<'_, KithApp>) {
    for _ in 0..10 {
        if harness.run_ok().is_some() {
            break;
        }
    }
    harness.run();
}

/// Types `text` at the end of what the field (one line or several)
/// labelled `field` holds.
pub fn type_into(harness: &mut Harness<'_, KithApp>, field: &str, text: &str) {
    let node = harness
        .query_by_role_and_label(Role::TextInput, field)
        .or_else(|| harness.query_by_role_and_label(Role::MultilineTextInput, field))
        .unwrap_or_else(|| panic!("no text field labelled {field:?}"));
    node.focus();
    node.type_text(text);
    harness.run();
}

/// Replaces what the one-line field labelled `field` holds with `text`.
pub fn replace_text(harness: &mut Harness<'_, KithApp>, field: &str, text: &str) {
    let node = harness.get_by_role_and_label(Role::TextInput, field);
    node.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    type_into(harness, field, text);
}

/// Whether any text on screen (a label's text or a widget's name)
/// contains `text`.
pub fn shows<State>(harness: &Harness<'_, State>, text: &str) -> bool {
    harness
        .query_all_by(|node| {
            node.label().is_some_and(|l| l.contains(text))
                || node.value().is_some_and(|v| v.contains(text))
        })
        .next()
        .is_some()
}

/// Runs frames until `done` holds (the background work finished), as the
/// window would; fails after a minute.
pub fn wait_until<State>(
    harness: &mut Harness<'_, State>,
    what: &str,
    done: impl Fn(&State) -> bool,
) {
    let started = Instant::now();
    while !done(harness.state()) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "waited a minute for {what}"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}
