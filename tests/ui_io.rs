//! Import… and Export… in the window, driven as a person would: through
//! the file chooser by typing paths, by the labels on screen, with
//! egui_kittest, on real temp-file databases held with the window's lock
//! (so the background import really writes beside the window's lock).

mod common;
mod corpus;
mod window;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::KithApp;
use kith::domain::ContactDraft;
use kith::store::{NewContact, Store};
use kith::ui::Screen;
use kith::ui::import::ImportStatus;

use window::{NOW, at, click, enabled, harness, replace_text, shows, wait_until};

fn corpus(path: &str) -> PathBuf {
    corpus::dir().join(path)
}

/// Five people, three with an email and two without (3.0, UTF-8).
const FIVE: &str = "vcard/jeroendesloovere-vcard/examples/assets/contacts.vcf";
/// Three people, each with an email (Gmail's export).
const GMAIL: &str = "vcard/ez-vcard/gmail-list.vcf";

/// A temp folder with a database the window holds, as a real window does.
fn window_on_new_database(
    screen: Screen,
) -> (tempfile::TempDir, PathBuf, Harness<'static, KithApp>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    let harness = harness(Store::open_for_window(&db).unwrap(), screen);
    (dir, db, harness)
}

fn previewing(app: &KithApp) -> bool {
    matches!(app.view.import, ImportStatus::Ready(_))
}

fn import_dialog_open(app: &KithApp) -> bool {
    app.state.form.title() == Some("Import contacts")
}

/// Chooses `file` in the import dialog by typing its path, and waits for
/// the preview (or for the dialog to say it cannot).
fn choose_for_import(harness: &mut Harness<'_, KithApp>, file: &Path) {
    replace_text(harness, "File name", &file.display().to_string());
    click(harness, "Preview import");
    wait_until(harness, "the preview", |app| {
        !matches!(
            app.view.import,
            ImportStatus::Reading { .. } | ImportStatus::Replanning(_)
        )
    });
}

fn names_in(db: &Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let mut names: Vec<String> = store
        .contacts(true)
        .unwrap()
        .into_iter()
        .map(|c| c.fields.name)
        .collect();
    names.sort();
    names
}

#[test]
fn a_vcard_file_is_previewed_imported_and_a_second_import_creates_no_one() {
    let (_dir, db, mut harness) = window_on_new_database(Screen::People);
    harness.run();
    assert!(shows(&harness, "No one here yet."));

    click(&mut harness, "Import contacts…");
    assert!(import_dialog_open(harness.state()));
    choose_for_import(&mut harness, &corpus(FIVE));
    assert!(
        previewing(harness.state()),
        "{:?}",
        harness.state().view.import
    );
    assert!(shows(&harness, "contacts.vcf"));
    assert!(shows(&harness, "vCard 3.0 · 5 cards"));
    assert!(shows(&harness, "new people"));
    assert!(shows(&harness, "Ludwig-Götz Graßl"), "names read right");
    assert!(shows(&harness, "1 email, birthday"), "what each brings");
    assert!(names_in(&db).is_empty(), "a preview changes nothing");

    click(&mut harness, "Import 5 people");
    wait_until(&mut harness, "the import", |app| !import_dialog_open(app));
    assert!(shows(&harness, "Imported 5 people, updated 0, skipped 0."));
    assert_eq!(harness.state().state.prefs.screen, Screen::People);
    for name in [
        "Thies-Tillman Jacobsen",
        "Lenn Biernoth",
        "Ludwig-Götz Graßl",
        "Marita Kreutzer",
        "Kathi Hoelzl",
    ] {
        assert!(shows(&harness, name), "{name} in the list");
    }
    assert!(shows(&harness, "5 people"));
    assert_eq!(names_in(&db).len(), 5);
    let folder = corpus(FIVE).parent().unwrap().to_owned();
    assert_eq!(
        harness.state().state.prefs.last_folder.as_deref(),
        Some(folder.as_path()),
        "the next chooser starts where this file was"
    );

    // The same file again, from the keyboard this time: everyone matches.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    harness.run();
    assert!(import_dialog_open(harness.state()));
    assert!(
        shows(&harness, "contacts.vcf"),
        "the chooser opens in that folder"
    );
    choose_for_import(&mut harness, &corpus(FIVE));
    let ImportStatus::Ready(preview) = &harness.state().view.import else {
        panic!("no preview: {:?}", harness.state().view.import);
    };
    assert_eq!(preview.counts.create, 0, "{preview:?}");
    assert_eq!(preview.counts.update + preview.counts.skip, 5);
    assert!(shows(
        &harness,
        "already here as Lenn Biernoth (same email lenn@lbi.net)"
    ));
    assert!(shows(
        &harness,
        "someone named Marita Kreutzer is already here"
    ));
    assert!(shows(&harness, "Import 0 people"));
    assert!(!enabled(&harness, "Import 0 people"), "nothing to import");
    click(&mut harness, "Cancel");
    assert!(!import_dialog_open(harness.state()));
    assert!(
        matches!(harness.state().view.import, ImportStatus::Idle),
        "forgotten once closed"
    );
    assert_eq!(names_in(&db).len(), 5, "no one created twice");
}

#[test]
fn a_file_that_cannot_be_read_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    drop(common::populated(&db));
    let before = common::dump(&db);
    let mut harness = harness(Store::open_for_window(&db).unwrap(), Screen::Today);
    harness.run();
    click(&mut harness, "Import…");

    // Nothing there.
    replace_text(
        &mut harness,
        "File name",
        &dir.path().join("nope.vcf").display().to_string(),
    );
    click(&mut harness, "Preview import");
    assert!(shows(&harness, "There is no file at"));
    assert!(shows(&harness, "nope.vcf"));

    // A folder is opened, not read.
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    std::fs::write(dir.path().join("exports").join("notes.txt"), "hello").unwrap();
    std::fs::write(dir.path().join("exports").join("phone.vcf"), "x").unwrap();
    replace_text(
        &mut harness,
        "File name",
        &dir.path().join("exports").display().to_string(),
    );
    click(&mut harness, "Preview import");
    assert!(shows(&harness, "That is a folder: choose a file in it."));
    assert!(shows(&harness, "phone.vcf"), "contact files are listed");
    assert!(!shows(&harness, "notes.txt"), "other files are not");
    click(&mut harness, "Show all files");
    assert!(shows(&harness, "notes.txt"));

    // A file that is no contacts file at all, picked from the list.
    click(&mut harness, "notes.txt");
    click(&mut harness, "Preview import");
    wait_until(&mut harness, "reading", |app| {
        !matches!(app.view.import, ImportStatus::Reading { .. })
    });
    assert!(shows(
        &harness,
        "Kith cannot tell what kind of file notes.txt is"
    ));
    assert!(
        import_dialog_open(harness.state()),
        "the dialog stays, to choose another"
    );
    let name = harness.get_by_role_and_label(Role::TextInput, "File name");
    assert_eq!(
        name.value().as_deref(),
        Some("notes.txt"),
        "with the file named"
    );

    // A vCard file whose only card cannot be read: which card, and why.
    choose_for_import(
        &mut harness,
        &corpus("vcard/audriga-jmap/rc-vcard-invalid-card.vcf"),
    );
    assert!(previewing(harness.state()));
    assert!(shows(&harness, "Could not be read (1)"));
    assert!(shows(&harness, "lines 1–33: not inside any BEGIN:VCARD"));
    assert!(shows(&harness, "Nothing in this file could be read."));
    assert!(!enabled(&harness, "Import 0 people"));

    // An empty file: a file of no one, as an empty .vcf is too.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    click(&mut harness, "Choose another file…");
    choose_for_import(&mut harness, &empty);
    assert!(shows(
        &harness,
        "the file is empty: there is nothing to import"
    ));
    assert!(!enabled(&harness, "Import 0 people"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!import_dialog_open(harness.state()));
    drop(harness);
    assert_eq!(common::dump(&db), before, "nothing changed");
}

#[test]
fn the_name_match_choice_plans_again_and_is_what_gets_imported() {
    let (_dir, db, mut harness) = {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.sqlite3");
        {
            let mut store = Store::open(&db).unwrap();
            // Arnold is here, without the email the file has for him.
            store
                .add_contact(
                    NewContact::new(ContactDraft::named("Arnold Smith")),
                    at(NOW),
                )
                .unwrap();
        }
        let harness = harness(Store::open_for_window(&db).unwrap(), Screen::Today);
        (dir, db, harness)
    };
    harness.run();
    click(&mut harness, "Import…");
    choose_for_import(&mut harness, &corpus(GMAIL));
    let counts = |harness: &Harness<'_, KithApp>| match &harness.state().view.import {
        ImportStatus::Ready(p) => (p.counts.create, p.counts.update, p.counts.skip),
        other => panic!("no preview: {other:?}"),
    };
    assert_eq!(counts(&harness), (2, 0, 1));
    assert!(shows(&harness, "1 record has the name of someone here"));
    assert!(shows(
        &harness,
        "someone named Arnold Smith is already here"
    ));

    click(&mut harness, "Add as someone new");
    wait_until(&mut harness, "planning again", previewing);
    assert_eq!(counts(&harness), (3, 0, 0));
    assert!(shows(&harness, "Import 3 people"));

    click(&mut harness, "Merge into that person");
    wait_until(&mut harness, "planning again", previewing);
    assert_eq!(counts(&harness), (2, 1, 0));
    assert!(shows(&harness, "same name: adds emails"));

    click(&mut harness, "Import 3 people");
    wait_until(&mut harness, "the import", |app| !import_dialog_open(app));
    assert!(shows(&harness, "Imported 2 people, updated 1, skipped 0."));
    let store = Store::open(&db).unwrap();
    let arnold = store
        .contacts(true)
        .unwrap()
        .into_iter()
        .find(|c| c.fields.name == "Arnold Smith")
        .unwrap();
    assert_eq!(arnold.fields.emails[0].value, "asmithk@gmail.com");
    assert_eq!(names_in(&db).len(), 3, "merged, not added");
}

#[test]
fn everything_exported_through_the_chooser_is_owner_only_and_imports_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    drop(common::populated(&db));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut harness = harness(Store::open_for_window(&db).unwrap(), Screen::Today);
    harness.run();

    click(&mut harness, "Export…");
    assert!(shows(
        &harness,
        "Everything (JSON, imports back losslessly)"
    ));
    let name = harness.get_by_role_and_label(Role::TextInput, "File name");
    assert_eq!(name.value().as_deref(), Some("kith-2026-11-22.json"));
    // Another kind of export names the file for itself.
    click(&mut harness, "People as vCard");
    let name = harness.get_by_role_and_label(Role::TextInput, "File name");
    assert_eq!(name.value().as_deref(), Some("kith-people-2026-11-22.vcf"));
    click(&mut harness, "Everything (JSON, imports back losslessly)");

    // Not over the database, nor over a folder.
    replace_text(&mut harness, "File name", &db.display().to_string());
    click(&mut harness, "Export");
    assert!(shows(&harness, "That is your Kith database"));
    // A path to a folder goes there, keeping the name.
    replace_text(
        &mut harness,
        "File name",
        &format!("{}/", dir.path().display()),
    );
    click(&mut harness, "Export");
    assert!(harness.state().state.form.is_open());
    let name = harness.get_by_role_and_label(Role::TextInput, "File name");
    assert_eq!(name.value().as_deref(), Some("kith-2026-11-22.json"));
    assert!(
        shows(&harness, "kith.sqlite3"),
        "the folder's files are listed"
    );
    replace_text(&mut harness, "File name", "out");
    click(&mut harness, "Export");
    assert!(shows(&harness, "is a folder: type a name for the file."));
    click(&mut harness, "out");
    assert!(
        shows(&harness, &out.display().to_string()),
        "opened from the list"
    );

    // Typed without its extension, it gets one.
    let file = out.join("kith.json");
    replace_text(&mut harness, "File name", "kith");
    click(&mut harness, "Export");
    wait_until(&mut harness, "the export", |app| !app.state.form.is_open());
    assert!(shows(
        &harness,
        &format!(
            "Exported 3 people and 9 interactions to {}.",
            file.display()
        )
    ));
    #[cfg(unix)]
    assert_eq!(common::mode(&file), 0o600, "readable by the owner only");

    // Again: asked before the file is replaced.
    click(&mut harness, "Export…");
    assert!(
        shows(&harness, "kith-2026-11-22.json"),
        "starts in the folder last used"
    );
    replace_text(&mut harness, "File name", "kith.json");
    click(&mut harness, "Export");
    assert!(shows(&harness, "kith.json already exists in"));
    click(&mut harness, "Replace");
    wait_until(&mut harness, "the export", |app| !app.state.form.is_open());
    drop(harness);

    // `kith import` reads it back into an empty database: the same people,
    // and exporting that gives the same bytes.
    let copy = dir.path().join("copy").join("kith.sqlite3");
    let imported = common::run(&copy, &["import", &file.display().to_string()]);
    assert!(imported.status.success(), "{}", common::stderr(&imported));
    assert_eq!(names_in(&copy), names_in(&db));
    let again = dir.path().join("again.json");
    let exported = common::run(&copy, &["export", &again.display().to_string()]);
    assert!(exported.status.success(), "{}", common::stderr(&exported));
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&file).unwrap()
    );

    // The window reads it back the same way, history and all.
    let (_other, fresh, mut harness) = window_on_new_database(Screen::Today);
    harness.run();
    click(&mut harness, "Import…");
    choose_for_import(&mut harness, &file);
    assert!(shows(&harness, "Kith archive, version 2 · 3 people"));
    assert!(shows(
        &harness,
        "Also adds 9 interactions, 0 trust changes, 3 snoozes or dismissals and the archive's settings."
    ));
    click(&mut harness, "Import 3 people");
    wait_until(&mut harness, "the import", |app| !import_dialog_open(app));
    assert!(shows(
        &harness,
        "Imported 3 people, updated 0, skipped 0, with 9 interactions."
    ));
    drop(harness);
    let third = dir.path().join("third.json");
    let exported = common::run(&fresh, &["export", &third.display().to_string()]);
    assert!(exported.status.success(), "{}", common::stderr(&exported));
    assert_eq!(
        std::fs::read(&third).unwrap(),
        std::fs::read(&file).unwrap()
    );
}

/// `n` vCard 3.0 cards, each with a name, an email and a UID.
fn generated_cards(n: usize) -> String {
    let mut text = String::new();
    for i in 1..=n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:05}\r\nN:{i:05};Person;;;\r\n\
             EMAIL;TYPE=INTERNET:person{i}@example.org\r\nTEL;TYPE=CELL:+44 20 7946 {:04}\r\n\
             UID:generated-{i}\r\nEND:VCARD\r\n",
            i % 10_000
        ));
    }
    text
}

#[test]
fn a_big_import_shows_progress_while_the_window_keeps_drawing() {
    // Enough to take a good part of a second on a fast machine; the
    // timings for other sizes: KITH_TEST_CARDS=50000 cargo test ... --nocapture.
    let cards: usize = std::env::var("KITH_TEST_CARDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let n = kith::ui::widgets::count(cards);
    let (dir, db, mut harness) = window_on_new_database(Screen::Today);
    let file = dir.path().join("big.vcf");
    std::fs::write(&file, generated_cards(cards)).unwrap();
    harness.run();
    click(&mut harness, "Import…");

    let started = Instant::now();
    replace_text(&mut harness, "File name", &file.display().to_string());
    click(&mut harness, "Preview import");
    let mut slowest_frame = Duration::ZERO;
    let mut frames = 0;
    let mut saw_reading = false;
    while !previewing(harness.state()) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "reading took too long"
        );
        saw_reading |= shows(
            &harness,
            "Reading big.vcf and matching it against your people…",
        );
        let frame = Instant::now();
        harness.step();
        slowest_frame = slowest_frame.max(frame.elapsed());
        frames += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    let planned = started.elapsed();
    harness.run();
    assert!(saw_reading);
    assert!(shows(&harness, &format!("Import {n} people")));
    assert!(
        shows(
            &harness,
            &format!("and {} more", kith::ui::widgets::count(cards - 200))
        ),
        "the first 200 are listed"
    );

    let started = Instant::now();
    click(&mut harness, &format!("Import {n} people"));
    let mut progress = Vec::new();
    let mut saw_bar = false;
    let mut landing = Duration::ZERO;
    while import_dialog_open(harness.state()) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the import took too long"
        );
        if let ImportStatus::Applying { done, total, .. } = harness.state().view.import {
            assert!(done <= total && total == cards, "{done} of {total}");
            progress.push(done);
        }
        saw_bar |= shows(&harness, &format!("of {n}")) && shows(&harness, "Importing…");
        // The dialog cannot be closed while the import lands.
        harness.key_press(egui::Key::Escape);
        let frame = Instant::now();
        harness.step();
        // The last frame loads the people who landed; the others only draw.
        if import_dialog_open(harness.state()) {
            slowest_frame = slowest_frame.max(frame.elapsed());
        } else {
            landing = frame.elapsed();
        }
        frames += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    let applied = started.elapsed();
    harness.run();
    eprintln!(
        "{cards} cards: read and planned in {:.2} s, applied and shown in {:.2} s; \
         {frames} frames meanwhile, the slowest {:.0} ms; loading them after took {:.0} ms",
        planned.as_secs_f64(),
        applied.as_secs_f64(),
        slowest_frame.as_secs_f64() * 1000.0,
        landing.as_secs_f64() * 1000.0
    );
    assert!(shows(
        &harness,
        &format!("Imported {n} people, updated 0, skipped 0.")
    ));
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "progress only goes forward"
    );
    assert!(
        progress.iter().any(|&done| done > 0 && done < cards),
        "progress was reported along the way: {progress:?}"
    );
    assert!(saw_bar, "a progress bar with counts");
    assert!(
        slowest_frame < Duration::from_millis(750),
        "the window kept drawing (slowest frame {slowest_frame:?})"
    );
    assert_eq!(harness.state().view.people.len(), cards);
    assert_eq!(
        Store::open(&db).unwrap().contact_count().unwrap(),
        cards as i64
    );
}

/// Export… applies the same rule as `kith export`: another application's
/// database, even when the person agrees to replace it, and a named pipe
/// are refused with the reason, and left as they were.
#[cfg(unix)]
#[test]
fn export_never_writes_over_a_database_or_what_is_not_a_file() {
    let (dir, _db, mut harness) = window_on_new_database(Screen::Today);
    harness.run();
    let recipes = dir.path().join("recipes.sqlite3");
    rusqlite::Connection::open(&recipes)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT);")
        .unwrap();
    let before = std::fs::read(&recipes).unwrap();
    click(&mut harness, "Export…");
    replace_text(&mut harness, "File name", &recipes.display().to_string());
    click(&mut harness, "Export");
    assert!(shows(&harness, "recipes.sqlite3 already exists in"));
    click(&mut harness, "Replace");
    let refusal = format!(
        "{}: is an SQLite database; Kith does not write over it, choose another file",
        recipes.display()
    );
    assert!(shows(&harness, &refusal));
    assert!(
        harness.state().state.form.is_open(),
        "the dialog stays open"
    );
    assert_eq!(std::fs::read(&recipes).unwrap(), before);

    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    harness.state_mut().apply(kith::ui::Command::Export {
        what: kith::interchange::Export::Json,
        path: fifo.clone(),
    });
    harness.run();
    assert!(shows(
        &harness,
        "is a named pipe (FIFO), not a regular file"
    ));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}
