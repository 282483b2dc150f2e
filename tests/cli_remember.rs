//! Follow-ups and dates to remember on the command line, end to end: noting
//! them (alone or while logging), listing, ticking off, deleting, what
//! `contact show` and `nudges` say about them, and refusals.

mod binary;

use binary::Kith;
use serde_json::Value;

/// Today, as the binary's clock reads it.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn days_from_today(days: i64) -> String {
    (today() + chrono::Duration::days(days)).to_string()
}

#[test]
fn follow_ups_are_noted_listed_ticked_off_and_deleted() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada Lovelace", "--trust", "familiar"]);
    kith.ok(&["contact", "add", "Grace Hopper"]);
    let week_ago = format!("{} 18:00", days_from_today(-7));
    let out = kith.ok(&[
        "log",
        "Ada Lovelace",
        "--on",
        &week_ago,
        "--channel",
        "message",
        "--initiated-by",
        "them",
        "--note",
        "Could you introduce me to your designer friend?",
        "--follow-up",
        "send the designer's number",
        // Back-dated with the interaction: may be due already.
        "--due",
        &days_from_today(-2),
    ]);
    assert!(
        out.contains("Follow up: send the designer's number, due"),
        "{out}"
    );
    let out = kith.ok(&[
        "followup",
        "add",
        "Grace Hopper",
        "ask about COBOL",
        "--due",
        &days_from_today(5),
    ]);
    assert!(out.contains("(id 2)"), "{out}");
    kith.ok(&["followup", "add", "Ada Lovelace", "return the ladder"]);

    // Everyone's open ones, soonest due first, undated last.
    let list = kith.json(&["followup", "list", "--json"]);
    let whats: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["what"].as_str().unwrap())
        .collect();
    assert_eq!(
        whats,
        [
            "send the designer's number",
            "ask about COBOL",
            "return the ladder"
        ]
    );
    let first = &list[0];
    for key in ["id", "contact_id", "contact", "what", "due", "done"] {
        assert!(first.get(key).is_some(), "{key}: {first}");
    }
    assert_eq!(first["contact"], "Ada Lovelace");
    assert_eq!(first["done"], Value::Null);
    let text = kith.ok(&["followup", "list"]);
    assert!(
        text.contains("overdue") && text.contains("3 follow-ups open."),
        "{text}"
    );

    // The person's page lists them, open first.
    let show = kith.ok(&["contact", "show", "Ada Lovelace"]);
    assert!(show.contains("Follow-ups (2 open)"), "{show}");
    let json = kith.json(&["contact", "show", "Ada Lovelace", "--json"]);
    assert_eq!(json["follow_ups"].as_array().unwrap().len(), 2);
    assert!(json["follow_ups"][0]["noted_in"].is_i64());

    let out = kith.ok(&["followup", "done", "1"]);
    assert!(out.contains("Done: send the designer's number"), "{out}");
    assert_eq!(
        kith.json(&["followup", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let all = kith.json(&["followup", "list", "--all", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|f| f["done"].is_string())
    );
    kith.ok(&["followup", "delete", "3"]);
    let err = kith.fails(1, &["followup", "done", "3"]);
    assert!(err.contains("no open follow-up with id 3"), "{err}");
}

#[test]
fn bad_follow_ups_and_dates_are_refused_naming_the_field() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    let before = kith.ok(&["contact", "show", "Ada", "--json"]);
    let long = "x".repeat(501);
    let yesterday = days_from_today(-1);
    for (code, args, expected) in [
        (
            1,
            vec!["followup", "add", "Ada", " "],
            "follow-up: must not be empty",
        ),
        (
            1,
            vec!["followup", "add", "Ada", &long],
            "follow-up: 501 characters",
        ),
        (
            1,
            vec!["followup", "add", "Ada", "esc \u{1b}[2J"],
            "follow-up: holds the control",
        ),
        (
            1,
            vec!["followup", "add", "Ada", "call", "--due", &yesterday],
            "due:",
        ),
        (
            2,
            vec!["followup", "add", "Ada", "call", "--due", "2026-02-30"],
            "due",
        ),
        (2, vec!["followup", "add", "Ada"], "CONTACT TEXT"),
        (2, vec!["log", "Ada", "--due", "2030-01-01"], "--follow-up"),
        (
            1,
            vec!["log", "Ada", "--follow-up", ""],
            "follow-up: must not be empty",
        ),
        (
            1,
            vec!["date", "add", "Ada", " ", "--on", "06-02"],
            "label: must not be empty",
        ),
        (
            2,
            vec!["date", "add", "Ada", "wedding", "--on", "02-30"],
            "date",
        ),
        (
            1,
            vec!["date", "add", "Ada", "wedding", "--on", "2999-06-02"],
            "date: 2999-06-02 is in the future",
        ),
        (2, vec!["date", "add", "Ada", "wedding"], "--on"),
    ] {
        let err = kith.fails(code, &args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    // A refused follow-up while logging logs nothing.
    assert_eq!(kith.ok(&["contact", "show", "Ada", "--json"]), before);
}

#[test]
fn dates_to_remember_are_added_listed_and_deleted_and_leap_days_are_accepted() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada", "--birthday", "--12-10"]);
    let out = kith.ok(&[
        "date",
        "add",
        "Ada",
        "wedding anniversary",
        "--on",
        "2014-06-02",
    ]);
    assert!(
        out.contains("wedding anniversary on 2014-06-02 (id 1)"),
        "{out}"
    );
    kith.ok(&[
        "date",
        "add",
        "Ada",
        "Mia's birthday (daughter)",
        "--on",
        "--02-29",
    ]);
    kith.ok(&["date", "add", "--id", "1", "moving day", "--on", "07-01"]);
    let list = kith.ok(&["date", "list", "Ada"]);
    assert!(list.contains("birthday: --12-10"), "{list}");
    let order: Vec<&str> = list.lines().skip(1).collect();
    assert_eq!(order.len(), 3, "{list}");
    assert!(
        order[0].contains("Mia's birthday (daughter): --02-29"),
        "{list}"
    );
    assert!(
        order[1].contains("wedding anniversary: 2014-06-02"),
        "{list}"
    );
    let json = kith.json(&["contact", "show", "Ada", "--json"]);
    assert_eq!(json["dates"].as_array().unwrap().len(), 3);
    kith.ok(&["date", "delete", "3"]);
    assert_eq!(kith.ok(&["date", "list", "Ada"]).lines().count(), 3);
    let err = kith.fails(1, &["date", "delete", "3"]);
    assert!(err.contains("no date to remember with id 3"), "{err}");
}

#[test]
fn nudges_cite_due_follow_ups_and_dates_with_one_line_of_context() {
    let kith = Kith::new();
    let birthday = (today() + chrono::Duration::days(3))
        .format("1985-%m-%d")
        .to_string();
    kith.ok(&[
        "contact",
        "add",
        "Ada",
        "--trust",
        "familiar",
        "--birthday",
        &birthday,
    ]);
    kith.ok(&[
        "log",
        "Ada",
        "--on",
        &format!("{} 10:00", days_from_today(-20)),
        "--channel",
        "message",
        "--initiated-by",
        "them",
        "--note",
        "Could you introduce me to your designer friend?\nAlso: the loom",
        "--follow-up",
        "send the designer's number",
        "--due",
        &days_from_today(-10),
    ]);
    kith.ok(&["followup", "add", "Ada", "return the ladder"]);
    let text = kith.ok(&["nudges"]);
    assert!(
        text.contains(
            "They messaged you 20 days ago: \"Could you introduce me to your designer friend?\""
        ),
        "{text}"
    );
    assert!(
        text.contains("You meant to: send the designer's number (due 10 days ago)"),
        "{text}"
    );
    assert!(text.contains("Birthday on "), "{text}");
    assert!(
        text.contains("(turning 41)") || text.contains("(turning 40)"),
        "{text}"
    );
    // One indented context line under each nudge.
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("  Ada (1): ") {
            let next = lines[i + 1];
            assert!(next.starts_with("      last: "), "{text}");
            assert!(next.contains("return the ladder"), "{text}");
        }
    }
    let json = kith.json(&["nudges", "--json"]);
    for nudge in json.as_array().unwrap() {
        assert_eq!(
            nudge["last_interaction"]["note"],
            "Could you introduce me to your designer friend?"
        );
        assert_eq!(nudge["last_interaction"]["channel"], "message");
        let follow_ups = nudge["follow_ups"].as_array().unwrap();
        assert_eq!(follow_ups.len(), 2, "{nudge}");
        for key in ["id", "what", "due"] {
            assert!(follow_ups[0].get(key).is_some(), "{key}");
        }
    }

    // Dismissing a date hides it until those dates have passed.
    let out = kith.ok(&["nudges", "dismiss", "Ada", "date"]);
    assert!(
        out.contains("until the dates it shows have passed"),
        "{out}"
    );
    let kinds: Vec<String> = kith
        .json(&["nudges", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(!kinds.contains(&"date".to_owned()), "{kinds:?}");
    let after = days_from_today(9);
    let kinds: Vec<String> = kith
        .json(&["nudges", "--today", &after, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(kinds.contains(&"follow_up".to_owned()), "{kinds:?}");
}
