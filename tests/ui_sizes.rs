//! The window at every size: 800×600, 1280×800 and 1920×1080, checked by
//! where things land on screen (egui_kittest's node rectangles): the
//! sidebar, the People columns that give way, a person's page stacked when
//! narrow, Settings' buttons that stay put and its errors that wrap, and
//! the first error of Add person scrolled into view.

mod common;
mod window;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::{ContactDraft, ContactId, InteractionDraft};
use kith::store::{NewContact, Store};
use kith::ui::{Prefs, Screen};

use window::{NOW, at, click, clock, settle, type_into};

const SIZES: [(f32, f32); 3] = [(800.0, 600.0), (1280.0, 800.0), (1920.0, 1080.0)];

fn store() -> (Store, ContactId) {
    let mut store = Store::open_in_memory().unwrap();
    let mut fields = ContactDraft::named("Ada Lovelace");
    fields.tags = vec!["maths".into(), "engines".into()];
    let ada = store
        .add_contact(NewContact::new(fields), at("2025-01-01 10:00"))
        .unwrap();
    for (when, note) in [
        ("2025-03-01 10:00", "First letter"),
        ("2025-09-01 10:00", "Notes on the engine"),
        ("2026-11-01 10:00", "Tea"),
    ] {
        let mut draft = InteractionDraft::new(ada, at(when));
        draft.note = note.into();
        store.log_interaction(draft, at(NOW)).unwrap();
    }
    (store, ada)
}

fn window_at(store: Store, screen: Screen, size: (f32, f32)) -> Harness<'static, KithApp> {
    let prefs = Prefs {
        screen,
        ..Prefs::default()
    };
    let app = KithApp::new(store, clock(), prefs).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .build_ui_state(|ui, app: &mut KithApp| app.frame_ui(ui), app);
    settle(&mut harness);
    harness
}

/// Whether `node` is labelled, or reads, exactly `text`.
fn is(node: &egui_kittest::kittest::AccessKitNode<'_>, text: &str) -> bool {
    node.label().is_some_and(|l| l == text) || node.value().is_some_and(|v| v == text)
}

/// Where the first widget labelled, or reading, exactly `label` is.
fn rect_of(harness: &Harness<'_, KithApp>, label: &str) -> egui::Rect {
    harness
        .query_all_by(|node| is(node, label))
        .next()
        .unwrap_or_else(|| panic!("nothing labelled {label:?}"))
        .rect()
}

fn has(harness: &Harness<'_, KithApp>, label: &str) -> bool {
    harness
        .query_all_by(|node| is(node, label))
        .next()
        .is_some()
}

#[test]
fn people_columns_give_way_in_order_and_the_sidebar_fits() {
    for size in SIZES {
        let (store, _) = store();
        let harness = window_at(store, Screen::People, size);
        let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size.0, size.1));
        for label in [
            "Name",
            "Due",
            "Last contact",
            "Trust",
            "Settings",
            "Ada Lovelace",
        ] {
            assert!(
                window.contains_rect(rect_of(&harness, label)),
                "{label} in view at {size:?}"
            );
        }
        // Tags go before Due, Last contact and Trust.
        assert_eq!(has(&harness, "Tags"), size.0 >= 1280.0, "Tags at {size:?}");
    }
}

#[test]
fn a_persons_page_stacks_when_narrow() {
    for size in SIZES {
        let (store, ada) = store();
        let harness = window_at(store, Screen::Person(ada), size);
        let story = rect_of(&harness, "Story");
        let details = rect_of(&harness, "Details");
        if size.0 < 1000.0 {
            assert!(story.bottom() < details.top(), "stacked at {size:?}");
        } else {
            assert!(details.right() < story.left(), "side by side at {size:?}");
        }
        // The timeline shows more than a row.
        let tea = rect_of(&harness, "Tea");
        let letter = rect_of(&harness, "First letter");
        assert!(letter.top() - tea.top() > 100.0, "three rows at {size:?}");
    }
}

#[test]
fn settings_save_stays_put_and_its_errors_wrap_under_their_labels() {
    let (store, _) = store();
    let mut harness = window_at(store, Screen::Settings, (800.0, 600.0));
    let save = rect_of(&harness, "Save settings");
    let field = "Souring fires when at least this many of those were negative";
    let node = harness.get_by_role_and_label(Role::TextInput, field);
    node.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text("999");
    settle(&mut harness);
    assert!(has(&harness, "Discard changes"));
    assert_eq!(rect_of(&harness, "Save settings"), save, "Save stays put");

    click(&mut harness, "Save settings");
    let summary = harness.get_by_label_contains(&format!("{field}: ")).rect();
    assert!(summary.right() <= 800.0, "wrapped inside the window");
    assert!(
        harness
            .query_all_by(|n| {
                n.label().is_some_and(|l| l.contains("souring_"))
                    || n.value().is_some_and(|v| v.contains("souring_"))
            })
            .next()
            .is_none(),
        "no internal keys"
    );
}

#[test]
fn add_person_brings_its_first_error_into_view() {
    let (store, _) = store();
    let mut harness = window_at(store, Screen::Today, (800.0, 600.0));
    click(&mut harness, "Add person…");
    type_into(&mut harness, "Name", "Zoe Park");
    type_into(&mut harness, "When you met", "2030-01-01");
    click(&mut harness, "More details");
    type_into(&mut harness, "Notes", "Met at the climbing gym");
    // Scrolled down to the last field, as a person would.
    harness.hover_at(egui::pos2(400.0, 300.0));
    harness.run();
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -2000.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    });
    settle(&mut harness);
    let notes = harness.get_by_role_and_label(Role::MultilineTextInput, "Notes");
    assert!(notes.rect().bottom() <= 600.0, "scrolled down to the notes");
    // Above the fields' top, under the dialog's heading: out of view.
    let heading = rect_of(&harness, "Add person");
    let met = harness.get_by_role_and_label(Role::TextInput, "When you met");
    assert!(
        met.rect().bottom() < heading.bottom() + 20.0,
        "scrolled out of view"
    );
    click(&mut harness, "Add person");
    settle(&mut harness);
    assert!(harness.state().state.form.is_open(), "refused");
    let error = harness.get_by_label_contains("When you met:").rect();
    assert!(
        error.top() > heading.bottom() + 20.0 && error.bottom() <= 600.0,
        "in view: {error:?}"
    );
}

#[test]
fn an_email_address_never_breaks_and_the_closest_layer_stands_alone() {
    let mut db = Store::open_in_memory().unwrap();
    let mut fields = ContactDraft::named("Ada Lovelace");
    let address = "ada.lovelace.countess.of.lovelace@analytical-engine.example.com";
    fields.emails = vec![kith::domain::Labeled::parse(address)];
    let ada = db.add_contact(NewContact::new(fields), at(NOW)).unwrap();
    let harness = window_at(db, Screen::Person(ada), (1280.0, 800.0));
    let shown = harness
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("ada.lovelace")))
        .next()
        .or_else(|| {
            harness
                .query_all_by(|n| n.value().is_some_and(|v| v.starts_with("ada.lovelace")))
                .next()
        })
        .expect("the address")
        .rect();
    assert!(shown.height() < 24.0, "one line: {shown:?}");

    let (store, _) = store();
    let harness = window_at(store, Screen::Circles, (1280.0, 800.0));
    assert!(has(&harness, "intimate"));
    assert!(!has(&harness, "intimate or closer"));
    assert!(has(&harness, "trusted or closer"));
}

#[test]
fn the_sidebar_collapses_to_icons_that_still_name_their_screens() {
    let (store, _) = store();
    let mut harness = window_at(store, Screen::Today, (800.0, 600.0));
    click(&mut harness, "Collapse the sidebar");
    assert!(harness.state().state.prefs.sidebar_collapsed, "remembered");
    let people = rect_of(&harness, "People");
    assert!(people.right() <= 64.0, "an icon: {people:?}");
    click(&mut harness, "People");
    assert_eq!(harness.state().state.prefs.screen, Screen::People);
    click(&mut harness, "Expand the sidebar");
    assert!(rect_of(&harness, "People  (1)").right() > 100.0);
}
