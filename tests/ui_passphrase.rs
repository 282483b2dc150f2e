//! The passphrase in the window, driven by the labels on screen with
//! egui_kittest: the unlock screen, and Settings → "Protect with a
//! passphrase…", on real temp-file databases.

mod common;
mod window;

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::unlock::Unlock;
use kith::domain::{Field, Passphrase};
use kith::store::{self, PassphraseChange, Store};
use kith::ui::Screen;

use window::{NOW, at, click, click_to_start, harness, shows, wait_until};

/// The unlock screen, and the store it opened once it has.
struct Locked {
    unlock: Unlock,
    opened: Option<Store>,
}

fn unlock_screen(db: &Path) -> Harness<'static, Locked> {
    Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_ui_state(
            |ui, locked: &mut Locked| {
                if let Some(store) = locked.unlock.ui(ui) {
                    locked.opened = Some(store);
                }
            },
            Locked {
                unlock: Unlock::new(db.to_owned()),
                opened: None,
            },
        )
}

fn type_secret<State>(harness: &mut Harness<'_, State>, label: &str, text: &str) {
    let node = harness.get_by_role_and_label(Role::PasswordInput, label);
    node.focus();
    node.type_text(text);
    harness.run();
}

/// Clicks a button that starts work in the background (a spinner asks
/// for frames until it is done).
fn click_on<State>(harness: &mut Harness<'_, State>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

fn encrypted_database(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("kith.sqlite3");
    let mut store = Store::open(&db).unwrap();
    common::add_person(&mut store, "Grace Hopper", "confided the diagnosis");
    drop(store);
    let pass = Passphrase::new(Field::Passphrase, "tide pools".to_owned()).unwrap();
    store::change_passphrase(&db, &PassphraseChange::Set(pass), at(NOW)).unwrap();
    store::forget_key(&db);
    db
}

/// Typing without clicking anywhere first, as a person does on opening.
fn type_at_focus<State>(harness: &mut Harness<'_, State>, text: &str) {
    harness
        .get_by_role_and_label(Role::PasswordInput, "Passphrase")
        .type_text(text);
    harness.run();
}

#[test]
fn the_passphrase_field_has_the_keyboard_on_opening_and_after_a_wrong_try() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_database(dir.path());
    let mut harness = unlock_screen(&db);
    harness.run();
    let field = harness.get_by_role_and_label(Role::PasswordInput, "Passphrase");
    assert!(field.is_focused(), "the field has the keyboard on opening");
    type_at_focus(&mut harness, "tide pool");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    wait_until(&mut harness, "the passphrase to be tried", |l| {
        !l.unlock.unlocking()
    });
    harness.run();
    assert!(shows(
        &harness,
        "That passphrase does not open this database"
    ));
    let field = harness.get_by_role_and_label(Role::PasswordInput, "Passphrase");
    assert!(
        field.is_focused(),
        "the field has the keyboard after a wrong try"
    );
    type_at_focus(&mut harness, "tide pools");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    wait_until(&mut harness, "the database to open", |l| l.opened.is_some());
}

#[test]
fn the_unlock_screen_refuses_a_wrong_passphrase_writes_nothing_and_opens_with_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_database(dir.path());
    let before = std::fs::read(&db).unwrap();
    let files_before = common::files_in(dir.path());
    let mut harness = unlock_screen(&db);
    harness.run();
    assert!(shows(
        &harness,
        "This database is protected by a passphrase"
    ));

    type_secret(&mut harness, "Passphrase", "tide pool");
    click_on(&mut harness, "Unlock");
    wait_until(&mut harness, "the passphrase to be tried", |l| {
        !l.unlock.unlocking()
    });
    assert!(shows(
        &harness,
        "That passphrase does not open this database"
    ));
    assert!(harness.state().opened.is_none());
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(common::files_in(dir.path()), files_before);

    type_secret(&mut harness, "Passphrase", "tide pools");
    click_on(&mut harness, "Unlock");
    wait_until(&mut harness, "the database to open", |l| l.opened.is_some());
    let store = harness.state_mut().opened.take().unwrap();
    assert!(store.is_encrypted());
    assert_eq!(store.contact_count().unwrap(), 1);
}

#[test]
fn settings_protects_the_database_after_the_passphrase_is_typed_twice_and_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    let mut store = Store::open_for_window(&db).unwrap();
    common::add_person(&mut store, "Grace Hopper", "confided the diagnosis");
    let mut harness = harness(store, Screen::Settings);
    harness.run();
    click(&mut harness, "Protect with a passphrase…");
    assert!(shows(&harness, "cannot be recovered"));

    type_secret(&mut harness, "New passphrase", "tide pools");
    type_secret(&mut harness, "Type it again", "tide pool");
    click(&mut harness, "Encrypt");
    assert!(shows(&harness, "is not the same as the first"));
    assert!(shows(&harness, "I understand: tick it to go on"));
    assert!(!store::is_encrypted(&db));

    type_secret(&mut harness, "Type it again", "s");
    harness
        .get_by_role_and_label(Role::CheckBox, "I understand")
        .click();
    harness.run();
    click_to_start(&mut harness, "Encrypt");
    wait_until(&mut harness, "the database to be encrypted", |app| {
        !app.restoring()
    });
    assert!(
        shows(&harness, "now encrypted with the passphrase"),
        "a toast says so"
    );
    assert!(store::is_encrypted(&db));
    assert!(shows(&harness, "Change the passphrase…"));

    // Removing it, the same way.
    click(&mut harness, "Remove the passphrase…");
    click_to_start(&mut harness, "Remove passphrase");
    wait_until(&mut harness, "the database to be plain again", |app| {
        !app.restoring()
    });
    assert!(!store::is_encrypted(&db));
    assert!(shows(&harness, "Protect with a passphrase…"));
}
