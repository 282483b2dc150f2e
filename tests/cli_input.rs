//! Hostile and mistaken input on the command line: control characters in
//! what is stored and printed, labels without values, people whose names
//! are numbers, and values that are bad usage.

mod binary;

use binary::Kith;
use serde_json::Value;

/// Writes a value straight into the database, as an older Kith or another
/// program could have, bypassing the checks Kith now makes on input.
fn poke(kith: &Kith, sql: &str, value: &str) {
    let conn = rusqlite::Connection::open(&kith.db).unwrap();
    conn.execute(sql, [value]).unwrap();
}

fn has_raw_controls(text: &str) -> bool {
    text.chars()
        .any(|c| kith::domain::is_forbidden_char(c) && c != '\n' && c != '\t')
}

#[test]
fn control_characters_in_names_are_refused_on_input_naming_the_field() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    let before = kith.ok(&["contact", "list", "--json"]);
    for (args, field) in [
        (vec!["contact", "add", "Evil\u{1b}]0;PWNED\u{7}"], "name"),
        (vec!["contact", "add", "Dave\nFake line"], "name"),
        (vec!["contact", "add", "evaD\u{202e}"], "name"),
        (
            vec!["contact", "add", "Bo", "--nickname", "B\u{1b}[2J"],
            "nickname",
        ),
        (vec!["contact", "add", "Bo", "--tag", "x\u{9b}"], "tag"),
        (
            vec!["contact", "add", "Bo", "--notes", "\u{1b}]52;c;aGk=\u{7}"],
            "notes",
        ),
        (vec!["contact", "edit", "Ada", "--name", "A\u{7}da"], "name"),
        (vec!["log", "Ada", "--note", "hi \u{1b}[31m"], "note"),
        (
            vec!["trust", "Ada", "2", "--reason", "\u{1b}]0;x\u{7}"],
            "reason",
        ),
    ] {
        let err = kith.fails(1, &args);
        assert!(
            err.contains(&format!("{field}: holds the control character U+")),
            "{args:?}: {err}"
        );
        // The message shows the character escaped; the terminal gets none.
        assert!(!has_raw_controls(&err), "{args:?}: {err:?}");
    }
    assert_eq!(kith.ok(&["contact", "list", "--json"]), before);
    // Notes keep their line breaks and tabs.
    kith.ok(&["contact", "add", "Bo", "--notes", "line one\n\tline two"]);
    kith.ok(&["log", "Bo", "--note", "first\nsecond"]);
}

#[test]
fn what_is_printed_shows_control_characters_escaped_and_json_stays_exact() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Placeholder", "--trust", "trusted"]);
    kith.ok(&[
        "log",
        "Placeholder",
        "--on",
        "2026-01-01 10:00",
        "--note",
        "n",
    ]);
    let evil = "Evil\u{1b}]0;PWNED\u{7}\nFake line \u{202e}evaD";
    poke(&kith, "UPDATE contacts SET name = ?1", evil);
    poke(
        &kith,
        "UPDATE contacts SET notes = ?1",
        "copy \u{1b}]52;c;aGk=\u{7}",
    );
    poke(
        &kith,
        "UPDATE interactions SET note = ?1",
        "hi \u{9b}31m there",
    );
    for args in [
        vec!["contact", "list"],
        vec!["contact", "show", "1"],
        vec!["nudges"],
    ] {
        let out = kith.ok(&args);
        assert!(!has_raw_controls(&out), "{args:?}: {out:?}");
        assert!(out.contains("Evil\\u{1b}]0;PWNED\\u{7}"), "{args:?}: {out}");
        // A line break in a name cannot start a row of its own.
        assert!(
            !out.lines().any(|line| line.starts_with("Fake line")),
            "{out}"
        );
    }
    let show = kith.ok(&["contact", "show", "1"]);
    assert!(show.contains("copy \\u{1b}]52;c;aGk=\\u{7}"), "{show}");
    assert!(show.contains("hi \\u{9b}31m there"), "{show}");

    // JSON keeps the exact text, escaped the JSON way.
    for args in [vec!["contact", "list", "--json"], vec!["nudges", "--json"]] {
        let out = kith.ok(&args);
        assert!(!has_raw_controls(&out), "{args:?}: {out:?}");
        let value: Value = serde_json::from_str(&out).unwrap();
        let name = value[0]["name"]
            .as_str()
            .or(value[0]["contact"].as_str())
            .unwrap();
        assert_eq!(name, evil, "{args:?}");
    }
    // Errors quoting the name are escaped too.
    let out = kith.ok(&["log", evil, "--note", "again"]);
    assert!(!has_raw_controls(&out), "{out:?}");
    assert_eq!(out.lines().count(), 1, "{out}");
    let err = kith.fails(1, &["log", "Nob\u{1b}]0;x\u{7}ody"]);
    assert!(!has_raw_controls(&err), "{err:?}");
    assert!(
        err.contains("no contact named \"Nob\\u{1b}]0;x\\u{7}ody"),
        "{err}"
    );
}

#[test]
fn a_label_without_a_value_is_bad_usage_and_changes_nothing() {
    let kith = Kith::new();
    kith.ok(&[
        "contact",
        "add",
        "Ada",
        "--email",
        "work:ada@example.org",
        "--phone",
        "mobile:+44 1",
    ]);
    let before = kith.ok(&["contact", "show", "Ada", "--json"]);
    for args in [
        vec!["contact", "edit", "Ada", "--email", "work:"],
        vec!["contact", "edit", "Ada", "--phone", "mobile:"],
        vec![
            "contact", "edit", "Ada", "--email", "a@b.org", "--email", "home:",
        ],
        vec!["contact", "add", "Bo", "--email", "home: "],
    ] {
        let err = kith.fails(2, &args);
        let flag = if args.contains(&"--phone") {
            "--phone"
        } else {
            "--email"
        };
        assert!(err.contains(flag), "{args:?}: {err}");
        assert!(err.contains("the label has no value"), "{args:?}: {err}");
    }
    assert_eq!(kith.ok(&["contact", "show", "Ada", "--json"]), before);
    // An empty value still clears the list, as documented.
    kith.ok(&["contact", "edit", "Ada", "--email", ""]);
    let after: Value = kith.json(&["contact", "show", "Ada", "--json"]);
    assert_eq!(after["emails"], serde_json::json!([]));
    assert_eq!(after["phones"].as_array().unwrap().len(), 1);
}

#[test]
fn a_person_whose_name_is_a_number_is_reached_with_id() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]); // id 1
    kith.ok(&["contact", "add", "1"]); // id 2, named "1"
    kith.ok(&["contact", "add", "7"]); // id 3, named "7": no one has id 7
    let err = kith.fails(1, &["log", "1", "--note", "which?"]);
    assert!(err.contains("\"1\" matches 2 people"), "{err}");
    assert!(err.contains("1 (Ada)") && err.contains("2 (1)"), "{err}");
    assert!(err.contains("--id"), "{err}");
    kith.ok(&["log", "--id", "2", "--note", "the one named 1"]);
    kith.ok(&["log", "--id", "1", "--note", "Ada"]);
    let shown: Value = kith.json(&["contact", "show", "--id", "2", "--json"]);
    assert_eq!(shown["name"], "1");
    assert_eq!(shown["interactions"][0]["note"], "the one named 1");
    // A number that is no one's id is a name.
    let seven: Value = kith.json(&["contact", "show", "7", "--json"]);
    assert_eq!(seven["id"], 3);
    for args in [
        vec!["trust", "--id", "2", "familiar"],
        vec!["contact", "edit", "--id", "2", "--org", "Numbers"],
        vec!["nudges", "dismiss", "--id", "2", "neglect"],
        vec!["nudges", "restore", "--id", "2", "neglect"],
        vec!["contact", "archive", "--id", "2"],
        vec!["contact", "unarchive", "--id", "2"],
    ] {
        kith.ok(&args);
    }
    // A log names several people, each by name or by id: together.
    let out = kith.ok(&["log", "Ada", "--id", "2"]);
    assert!(out.contains("with Ada and 1"), "{out}");
    kith.fails(2, &["contact", "show", "Ada", "--id", "2"]);
    let err = kith.fails(1, &["contact", "show", "--id", "99"]);
    assert!(err.contains("no contact with id 99"), "{err}");
    kith.ok(&["contact", "delete", "--id", "2"]);
}

#[test]
fn a_setting_that_is_not_a_whole_number_in_range_is_bad_usage() {
    let kith = Kith::new();
    for (value, expected) in [
        ("1e3", "expected a whole number"),
        ("soon", "expected a whole number"),
        ("-1", "out of range"),
        ("99999", "out of range"),
    ] {
        let err = kith.fails(2, &["settings", "cadence_trusted", value]);
        assert!(err.contains("cadence_trusted"), "{value}: {err}");
        assert!(err.contains(expected), "{value}: {err}");
    }
    assert!(!kith.db.exists(), "a usage error opened the database");
    kith.fails(2, &["settings", "x", "1"]);
    // Consistent with the others: more negatives than the window holds.
    let err = kith.fails(1, &["settings", "souring_negatives", "4"]);
    assert!(err.contains("souring_negatives"), "{err}");
}

#[test]
fn demo_is_bounded_and_not_anchored_in_the_future() {
    let kith = Kith::new();
    let err = kith.fails(2, &["demo", "--people", "1000001"]);
    assert!(err.contains("--people"), "{err}");
    let err = kith.fails(1, &["demo", "--people", "3", "--today", "2999-01-01"]);
    assert!(err.contains("today: 2999-01-01 is in the future"), "{err}");
    assert!(!kith.db.exists(), "a refused demo created the database");
}
