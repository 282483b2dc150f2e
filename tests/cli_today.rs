//! `kith nudges` as Today's three parts: Waiting on you in full, Focus,
//! and Everything else folded; `--all`, `--json` with `focus`, skipping,
//! what is hidden, and kinds turned off.

mod binary;

use binary::Kith;
use serde_json::Value;

fn demo() -> Kith {
    let kith = Kith::new();
    kith.ok(&["demo", "--people", "300", "--seed", "4"]);
    kith
}

#[test]
fn three_hundred_people_give_waiting_on_you_five_in_focus_and_a_folded_count() {
    let kith = demo();
    let text = kith.ok(&["nudges"]);
    let json = kith.json(&["nudges", "--json"]);
    let all = json.as_array().unwrap();
    let waiting = all
        .iter()
        .filter(|n| matches!(n["kind"].as_str(), Some("unanswered" | "follow_up")))
        .count();
    let focused = all.iter().filter(|n| n["focus"] == true).count();
    assert_eq!(focused, waiting + 5, "every waiting nudge and five more");
    assert!(
        text.starts_with(&format!("Waiting on you ({waiting})\n")),
        "{text}"
    );
    let focus = text.split("\nFocus\n").nth(1).unwrap();
    let focus = focus.split("\n\n").next().unwrap();
    let people = focus
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("      "))
        .count();
    assert_eq!(people, 5, "{focus}");
    let folded = all.len() - focused;
    assert!(
        text.contains(&format!("Everything else ({folded}): ")),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with("(kith nudges --all lists them)"),
        "{text}"
    );
    assert!(
        text.lines().count() < 3 * focused + 8,
        "the rest stays folded"
    );

    // --all unfolds the rest, drifted apart included, and loses nothing.
    let unfolded = kith.ok(&["nudges", "--all"]);
    for nudge in all {
        let name = nudge["contact"].as_str().unwrap_or("More than people");
        assert!(unfolded.contains(name), "{name}");
    }
    assert!(unfolded.contains("Drifted apart"), "{unfolded}");
}

#[test]
fn skip_this_time_restarts_the_clock_and_three_in_a_row_suggest_a_longer_cadence() {
    let kith = Kith::new();
    kith.ok(&[
        "contact",
        "add",
        "Ada",
        "--trust",
        "trusted",
        "--met-on",
        "2025-01-01",
    ]);
    kith.ok(&[
        "log",
        "Ada",
        "--on",
        "2025-02-01 10:00",
        "--channel",
        "call",
    ]);
    let kinds = |kith: &Kith| -> Vec<String> {
        kith.json(&["nudges", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(kinds(&kith).contains(&"neglect".to_owned()));
    let out = kith.ok(&["nudges", "skip", "Ada"]);
    assert!(out.contains("Skipped Ada this time"), "{out}");
    assert!(!kinds(&kith).contains(&"neglect".to_owned()));
    kith.ok(&["nudges", "skip", "--id", "1"]);
    let out = kith.ok(&["nudges", "skip", "Ada"]);
    assert!(out.contains("3 skips in a row"), "{out}");
    let err = kith.fails(1, &["nudges", "skip", "Nobody"]);
    assert!(err.contains("no contact named \"Nobody\""), "{err}");
}

#[test]
fn hidden_lists_what_is_snoozed_or_dismissed_to_restore() {
    let kith = Kith::new();
    assert_eq!(
        kith.ok(&["nudges", "hidden"]),
        "Nothing is snoozed or dismissed.\n"
    );
    kith.ok(&["contact", "add", "Ada", "--trust", "trusted"]);
    kith.ok(&["contact", "add", "Bo"]);
    kith.ok(&[
        "nudges",
        "snooze",
        "Ada",
        "neglect",
        "--until",
        "2099-01-01",
    ]);
    kith.ok(&["nudges", "dismiss", "Bo", "souring"]);
    let text = kith.ok(&["nudges", "hidden"]);
    assert!(
        text.contains("Ada (1) · keep in touch: snoozed until 2099-01-01"),
        "{text}"
    );
    assert!(text.contains("(kith nudges restore 1 neglect)"), "{text}");
    assert!(
        text.contains("Bo (2) · souring: dismissed until something changes"),
        "{text}"
    );
    assert!(text.contains("2 nudges hidden."), "{text}");
    let json = kith.json(&["nudges", "hidden", "--json"]);
    assert_eq!(json[0]["contact"], "Ada");
    assert_eq!(json[0]["snoozed_until"], "2099-01-01");
    assert_eq!(json[1]["dismissed"], true);
    kith.ok(&["nudges", "restore", "Ada", "neglect"]);
    assert_eq!(
        kith.json(&["nudges", "hidden", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A dismissal that new evidence ended hides nothing, so is not listed.
    kith.ok(&["log", "Bo", "--note", "hello"]);
    assert_eq!(
        kith.ok(&["nudges", "hidden"]),
        "Nothing is snoozed or dismissed.\n"
    );
}

#[test]
fn a_kind_turned_off_in_settings_is_not_shown() {
    let kith = Kith::new();
    kith.ok(&[
        "contact",
        "add",
        "Ada",
        "--trust",
        "trusted",
        "--met-on",
        "2025-01-01",
    ]);
    kith.ok(&[
        "log",
        "Ada",
        "--on",
        "2025-02-01 10:00",
        "--channel",
        "call",
    ]);
    let count = |kith: &Kith| kith.json(&["nudges", "--json"]).as_array().unwrap().len();
    assert_eq!(count(&kith), 1);
    kith.ok(&["settings", "show_neglect", "0"]);
    assert_eq!(count(&kith), 0);
    kith.fails(2, &["settings", "show_neglect", "2"]);
    kith.ok(&["settings", "show_neglect", "--reset"]);
    assert_eq!(count(&kith), 1);
    let _: Value = kith.json(&["settings", "--json"]);
}
