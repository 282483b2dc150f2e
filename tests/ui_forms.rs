//! Every form says why it refuses: text typed into each of its fields is
//! either saved or refused with a message naming the field, never dropped
//! in silence. Driven by the labels on screen with egui_kittest, on a temp
//! database whose every row is compared before and after.

mod common;
mod window;

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::{ContactDraft, ContactId};
use kith::store::{NewContact, Store};
use kith::ui::{Prefs, Screen};

use window::{NOW, at, click, clock, shows, wait_until};

/// 201 characters: one more than a name, a nickname or "where" may hold.
fn long() -> String {
    "x".repeat(201)
}

/// A window on a database holding Ada, with files written to `folder`.
fn window(db: &Path, folder: &Path) -> Harness<'static, KithApp> {
    let mut store = Store::open(db).unwrap();
    store
        .add_contact(
            NewContact::new(ContactDraft::named("Ada Lovelace")),
            at(NOW),
        )
        .unwrap();
    let prefs = Prefs {
        screen: Screen::Person(ContactId(1)),
        last_folder: Some(folder.to_owned()),
        ..Prefs::default()
    };
    let app = KithApp::new(store, clock(), prefs).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 880.0))
        .build_ui_state(|ui, app: &mut KithApp| app.frame_ui(ui), app);
    harness.run();
    harness
}

/// Replaces what the field labelled `label` (one line or several) holds.
fn set_text(harness: &mut Harness<'_, KithApp>, label: &str, text: &str) {
    let field = harness
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| harness.query_by_role_and_label(Role::MultilineTextInput, label))
        .unwrap_or_else(|| panic!("no text field labelled {label:?}"));
    field.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    let field = harness
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| harness.query_by_role_and_label(Role::MultilineTextInput, label))
        .unwrap();
    field.type_text(text);
    harness.run();
}

/// What happens to 201 characters in a field.
enum Expect {
    /// Refused, with a message that starts so.
    Refused(&'static str),
    /// Within the field's limits: saved.
    Saved,
}

/// A form: the button that opens it, what to do before typing, and the
/// button that sends it.
struct FormCase {
    open: &'static str,
    unfold: Option<&'static str>,
    send: &'static str,
    fields: &'static [(&'static str, Expect)],
}

const FORMS: &[FormCase] = &[
    FormCase {
        open: "Add person…",
        unfold: Some("More details"),
        send: "Add person",
        fields: &[
            ("Name", Expect::Refused("Name: 201 characters is too long")),
            (
                "Where",
                Expect::Refused("Where: 201 characters is too long"),
            ),
            ("When you met", Expect::Refused("When you met: \"xxx")),
            (
                "Nickname",
                Expect::Refused("Nickname: 201 characters is too long"),
            ),
            (
                "Organisation",
                Expect::Refused("Organisation: 201 characters is too long"),
            ),
            ("Emails", Expect::Refused("Emails: \"xxx")),
            ("Phones", Expect::Refused("Phones: \"xxx")),
            ("Birthday", Expect::Refused("Birthday: \"xxx")),
            ("Tags", Expect::Saved),
            (
                "Keep in touch every (days)",
                Expect::Refused("Keep in touch every (days): \"xxx"),
            ),
            ("Notes", Expect::Saved),
        ],
    },
    FormCase {
        open: "Edit details…",
        unfold: None,
        send: "Save",
        fields: &[
            ("Name", Expect::Refused("Name: 201 characters is too long")),
            (
                "Where",
                Expect::Refused("Where: 201 characters is too long"),
            ),
            (
                "Nickname",
                Expect::Refused("Nickname: 201 characters is too long"),
            ),
            ("Tags", Expect::Saved),
        ],
    },
    FormCase {
        open: "Log interaction…",
        unfold: None,
        send: "Log it",
        fields: &[
            ("at", Expect::Refused("When: \"xxx")),
            ("Minutes", Expect::Refused("Minutes: \"xxx")),
            ("Note", Expect::Saved),
            ("Follow up", Expect::Saved),
        ],
    },
    FormCase {
        open: "Add follow-up…",
        unfold: None,
        send: "Add follow-up",
        fields: &[("Follow up", Expect::Saved)],
    },
    FormCase {
        open: "Add date…",
        unfold: None,
        send: "Add date",
        fields: &[
            (
                "Label",
                Expect::Refused("Label: 201 characters is too long"),
            ),
            ("Date", Expect::Refused("Date: \"xxx")),
        ],
    },
    FormCase {
        open: "Set trust…",
        unfold: None,
        send: "Set trust",
        fields: &[("Why", Expect::Saved)],
    },
    FormCase {
        open: "Import…",
        unfold: None,
        send: "Preview import",
        fields: &[("File name", Expect::Refused("There is no file at"))],
    },
    FormCase {
        open: "Export…",
        unfold: None,
        send: "Export",
        fields: &[("File name", Expect::Saved)],
    },
];

#[test]
fn every_text_field_of_every_form_saves_201_characters_or_says_why_not() {
    for case in FORMS {
        for (field, expect) in case.fields {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("kith.sqlite3");
            let out = dir.path().join("out");
            std::fs::create_dir(&out).unwrap();
            let mut harness = window(&db, &out);
            let before = (common::dump(&db), common::files_in(&out));
            click(&mut harness, case.open);
            if let Some(header) = case.unfold {
                click(&mut harness, header);
            }
            if case.open == "Add person…" && *field != "Name" {
                set_text(&mut harness, "Name", "Grace Hopper");
            }
            if case.open == "Add date…" && *field != "Date" {
                set_text(&mut harness, "Date", "--06-12");
            }
            set_text(&mut harness, field, &long());
            click(&mut harness, case.send);
            let what = format!("{} / {field}", case.open);
            match expect {
                Expect::Refused(message) => {
                    assert!(shows(&harness, message), "{what}: no {message:?}");
                    assert!(
                        harness.state().state.form.is_open(),
                        "{what}: the form stays open"
                    );
                    drop(harness);
                    assert_eq!(
                        (common::dump(&db), common::files_in(&out)),
                        before,
                        "{what}: nothing was saved"
                    );
                }
                Expect::Saved => {
                    wait_until(&mut harness, &what, |app| !app.state.form.is_open());
                    assert!(harness.state().state.banner.is_none(), "{what}");
                    drop(harness);
                    assert_ne!(
                        (common::dump(&db), common::files_in(&out)),
                        before,
                        "{what}: saved"
                    );
                }
            }
        }
    }
}

#[test]
fn a_control_character_pasted_into_a_name_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    let mut harness = window(&db, dir.path());
    let before = common::dump(&db);
    click(&mut harness, "Add person…");
    let name = harness.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    harness.run();
    harness.event(egui::Event::Paste("Grace\u{1b}[2JHopper".to_owned()));
    harness.run();
    click(&mut harness, "Add person");
    assert!(shows(
        &harness,
        "Name: holds the control character U+001B (escape) at character 6"
    ));
    assert!(harness.state().state.form.is_open());
    drop(harness);
    assert_eq!(common::dump(&db), before, "nothing was saved");
}

#[test]
fn a_message_for_a_field_folded_away_shows_above_the_buttons() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    let mut harness = window(&db, dir.path());
    click(&mut harness, "Add person…");
    set_text(&mut harness, "Name", "Grace Hopper");
    click(&mut harness, "More details");
    set_text(&mut harness, "Nickname", &long());
    // Folded again: the nickname's place is not on screen.
    click(&mut harness, "More details");
    assert!(harness.query_by_label("Nickname").is_none());
    click(&mut harness, "Add person");
    assert!(shows(
        &harness,
        "Nickname: 201 characters is too long (at most 200)"
    ));
    assert!(harness.state().state.form.is_open());
    assert_eq!(harness.state().store().contact_count().unwrap(), 1);
}
