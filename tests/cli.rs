//! The built `kith` binary against temp databases, as a person or a script
//! would run it.

mod binary;
mod common;

use binary::Kith;
use common::dump;
use serde_json::Value;

/// Everything in the database, as JSON, for "nothing changed" checks.
fn everything(kith: &Kith) -> Value {
    let list = kith.json(&["contact", "list", "--all", "--json"]);
    let shows: Vec<Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| kith.json(&["contact", "show", &c["id"].to_string(), "--json"]))
        .collect();
    Value::Array(shows)
}

#[test]
fn a_person_is_added_logged_trusted_and_shown() {
    let kith = Kith::new();
    let out = kith.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--circle",
        "both",
        "--met-via",
        "event",
        "--met-where",
        "SXSW 2026",
        "--met-on",
        "2026-03-14",
        "--trust",
        "2",
        "--cadence",
        "30",
        "--tag",
        "maths",
        "--tag",
        "poetry",
        "--notes",
        "Loves Babbage's engines.",
        "--nickname",
        "Ada",
        "--email",
        "work:ada@example.org",
        "--phone",
        "+44 20 7946 0958",
        "--birthday",
        "--12-10",
        "--org",
        "Analytical Engines Ltd",
    ]);
    assert!(out.contains("Added Ada Lovelace"), "{out}");
    kith.ok(&[
        "log",
        "Ada Lovelace",
        "--on",
        "2026-03-14 18:30",
        "--channel",
        "in-person",
        "--initiated-by",
        "them",
        "--tone",
        "positive",
        "--depth",
        "personal",
        "--minutes",
        "90",
        "--note",
        "Talked about her new loom project",
    ]);
    kith.ok(&["log", "Ada Lovelace", "--on", "2026-04-01 09:00"]);
    let out = kith.ok(&[
        "trust",
        "Ada Lovelace",
        "familiar",
        "--on",
        "2026-04-02",
        "--reason",
        "kept a confidence",
    ]);
    assert!(
        out.contains("trust is now familiar (was acquaintance)"),
        "{out}"
    );

    let ada = kith.json(&["contact", "show", "Ada Lovelace", "--json"]);
    assert_eq!(ada["name"], "Ada Lovelace");
    assert_eq!(ada["circle"], "both");
    assert_eq!(ada["met_via"], "event");
    assert_eq!(ada["met_where"], "SXSW 2026");
    assert_eq!(ada["met_on"], "2026-03-14");
    assert_eq!(ada["trust"], "familiar");
    assert_eq!(ada["cadence_days"], 30);
    assert_eq!(ada["tags"], serde_json::json!(["maths", "poetry"]));
    assert_eq!(ada["nickname"], "Ada");
    assert_eq!(ada["emails"][0]["label"], "work");
    assert_eq!(ada["emails"][0]["value"], "ada@example.org");
    assert_eq!(ada["phones"][0]["value"], "+44 20 7946 0958");
    assert_eq!(ada["birthday"], "--12-10");
    assert_eq!(ada["organisation"], "Analytical Engines Ltd");
    assert_eq!(ada["notes"], "Loves Babbage's engines.");
    assert_eq!(ada["interaction_count"], 2);

    let history = ada["trust_history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["level"], "acquaintance");
    assert_eq!(history[0]["on"], "2026-03-14");
    assert_eq!(history[1]["level"], "familiar");
    assert_eq!(history[1]["reason"], "kept a confidence");

    let interactions = ada["interactions"].as_array().unwrap();
    assert_eq!(
        interactions[0]["when"], "2026-04-01T09:00:00",
        "newest first"
    );
    assert_eq!(interactions[0]["channel"], "other");
    assert_eq!(interactions[0]["initiated_by"], "mutual");
    let first = &interactions[1];
    assert_eq!(first["channel"], "in-person");
    assert_eq!(first["initiated_by"], "them");
    assert_eq!(first["tone"], "positive");
    assert_eq!(first["depth"], "personal");
    assert_eq!(first["minutes"], 90);
    assert_eq!(first["note"], "Talked about her new loom project");

    let text = kith.ok(&["contact", "show", "Ada Lovelace"]);
    for expected in [
        "Ada Lovelace (id 1)",
        "familiar (3)",
        "SXSW 2026",
        "kept a confidence",
        "Talked about her new loom project",
        "Interactions (2), newest first",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let loom = text.find("loom project").unwrap();
    let newest = text.find("2026-04-01 09:00").unwrap();
    assert!(newest < loom, "interactions are newest first:\n{text}");
}

#[test]
fn list_hides_archived_people_unless_asked() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    kith.ok(&["contact", "add", "Grace"]);
    kith.ok(&["contact", "archive", "Grace"]);
    let names = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(kith.json(&["contact", "list", "--json"])), ["Ada"]);
    assert_eq!(
        names(kith.json(&["contact", "list", "--all", "--json"])),
        ["Ada", "Grace"]
    );
    let text = kith.ok(&["contact", "list", "--all"]);
    assert!(text.contains("Grace (archived)"), "{text}");
    kith.ok(&["contact", "unarchive", "Grace"]);
    assert_eq!(
        names(kith.json(&["contact", "list", "--json"])),
        ["Ada", "Grace"]
    );
}

#[test]
fn edit_changes_only_the_fields_given_and_empty_clears() {
    let kith = Kith::new();
    kith.ok(&[
        "contact",
        "add",
        "Ada",
        "--nickname",
        "A",
        "--org",
        "Engines",
        "--tag",
        "maths",
    ]);
    kith.ok(&[
        "contact",
        "edit",
        "Ada",
        "--name",
        "Ada King",
        "--nickname",
        "",
        "--tag",
        "poetry",
        "--trust",
        "familiar",
    ]);
    let ada = kith.json(&["contact", "show", "Ada King", "--json"]);
    assert_eq!(ada["nickname"], Value::Null);
    assert_eq!(ada["organisation"], "Engines");
    assert_eq!(ada["tags"], serde_json::json!(["poetry"]));
    assert_eq!(ada["trust"], "familiar");
    assert_eq!(ada["trust_history"].as_array().unwrap().len(), 2);
}

#[test]
fn delete_removes_the_person_and_their_history() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    kith.ok(&["log", "Ada", "--note", "hello"]);
    let out = kith.ok(&["contact", "delete", "Ada"]);
    assert!(
        out.contains("Deleted Ada (id 1) with 1 interaction and 1 trust change"),
        "{out}"
    );
    assert_eq!(
        kith.json(&["contact", "list", "--all", "--json"]),
        serde_json::json!([])
    );
    let err = kith.fails(1, &["contact", "show", "1"]);
    assert!(err.contains("no contact with id 1"), "{err}");
}

#[test]
fn ambiguous_names_list_the_candidates() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Sam Lee", "--org", "Acme"]);
    kith.ok(&["contact", "add", "Sam Lee", "--org", "Globex"]);
    let before = everything(&kith);
    let err = kith.fails(1, &["log", "Sam Lee", "--note", "which one?"]);
    assert!(err.contains("\"Sam Lee\" matches 2 people"), "{err}");
    assert!(
        err.contains("1 (Sam Lee)") && err.contains("2 (Sam Lee)"),
        "{err}"
    );
    assert_eq!(everything(&kith), before);
    kith.ok(&["log", "2", "--note", "the Globex one"]);
}

#[test]
fn bad_input_is_refused_with_its_field_and_changes_nothing() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada", "--met-on", "2026-01-01"]);
    kith.ok(&["log", "Ada", "--on", "2026-02-01 10:00"]);
    let before = everything(&kith);
    let bytes = std::fs::read(&kith.db).unwrap();

    // Malformed values are usage errors (2), named by their flag and field.
    for (args, expected) in [
        (vec!["log", "Ada", "--on", "2026-02-30 10:00"], "when"),
        (vec!["log", "Ada", "--on", "yesterday"], "when"),
        (vec!["log", "Ada", "--tone", "furious"], "tone"),
        (vec!["log", "Ada", "--channel", "pigeon"], "channel"),
        (vec!["log", "Ada", "--depth", "deep"], "depth"),
        (vec!["trust", "Ada", "6"], "trust"),
        (vec!["trust", "Ada", "bestie"], "trust"),
        (vec!["trust", "Ada", "2", "--on", "2026-13-01"], "on"),
        (
            vec!["contact", "add", "Bo", "--met-on", "01/02/2026"],
            "met on",
        ),
        (vec!["contact", "add", "Bo", "--circle", "inner"], "circle"),
        (vec!["contact", "add", "Bo", "--met-via", "fate"], "met via"),
        (vec!["contact", "add", "Bo", "--cadence", "-1"], "cadence"),
        (
            vec!["contact", "add", "Bo", "--cadence", "99999"],
            "cadence",
        ),
        (
            vec!["contact", "add", "Bo", "--birthday", "1990-02-30"],
            "birthday",
        ),
        (vec!["contact", "list", "--bogus"], "--bogus"),
    ] {
        let err = kith.fails(2, &args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }

    // Well-formed but refused values are errors (1), named by their field.
    for (args, expected) in [
        (vec!["contact", "add", " "], "name: must not be empty"),
        (
            vec!["contact", "add", "Bo", "--met-on", "2999-01-01"],
            "met on",
        ),
        (
            vec!["contact", "add", "Bo", "--email", "not-an-email"],
            "email",
        ),
        (vec!["log", "Ada", "--on", "2999-01-01 10:00"], "when"),
        (vec!["log", "Ada", "--minutes", "20000"], "minutes"),
        // Someone who reached out is a participant (named), so a word that
        // is not one is not a usage error but an unknown person.
        (vec!["log", "Ada", "--initiated-by", "fate"], "initiated by"),
        (vec!["trust", "Ada", "2", "--on", "2999-01-01"], "on"),
        (vec!["log", "Nobody"], "no contact named \"Nobody\""),
        (vec!["contact", "edit", "Ada", "--name", ""], "name"),
    ] {
        let err = kith.fails(1, &args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let long_name = "x".repeat(201);
    let err = kith.fails(1, &["contact", "add", &long_name]);
    assert!(err.contains("name: 201 characters is too long"), "{err}");

    assert_eq!(everything(&kith), before);
    assert_eq!(std::fs::read(&kith.db).unwrap(), bytes);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let kith = Kith::new();
    kith.fails(2, &["contact"]);
    kith.fails(2, &["nonsense"]);
    let help = kith.ok(&["--help"]);
    for command in ["contact", "log", "trust", "demo"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn demo_refuses_a_database_that_is_not_empty() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    let err = kith.fails(1, &["demo", "--people", "5"]);
    assert!(err.contains("already holds 1 contact"), "{err}");
    assert_eq!(
        kith.json(&["contact", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn demo_is_deterministic_for_a_seed_and_day() {
    let a = Kith::new();
    let b = Kith::new();
    let c = Kith::new();
    let args = [
        "demo",
        "--people",
        "120",
        "--seed",
        "42",
        "--today",
        "2026-06-01",
    ];
    let out = a.ok(&args);
    assert!(out.starts_with("Made 120 people"), "{out}");
    b.ok(&args);
    c.ok(&[
        "demo",
        "--people",
        "120",
        "--seed",
        "43",
        "--today",
        "2026-06-01",
    ]);
    let dump_a = dump(&a.db);
    let dump_b = dump(&b.db);
    if let Some((x, y)) = dump_a.iter().zip(dump_b.iter()).find(|(x, y)| x != y) {
        panic!("the same seed made different data:\n{x}\n{y}");
    }
    assert_eq!(dump_a.len(), dump_b.len());
    assert!(dump_a != dump(&c.db), "another seed made the same data");

    // The history is varied: every channel, tone and depth, trust changes,
    // people met many ways.
    let conn = rusqlite::Connection::open(&a.db).unwrap();
    let distinct = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        distinct("SELECT count(DISTINCT channel) FROM interactions"),
        8
    );
    assert_eq!(distinct("SELECT count(DISTINCT tone) FROM interactions"), 3);
    assert_eq!(
        distinct("SELECT count(DISTINCT depth) FROM interactions"),
        3
    );
    assert_eq!(
        distinct("SELECT count(DISTINCT initiated_by) FROM interactions"),
        3
    );
    assert!(distinct("SELECT count(DISTINCT met_via) FROM contacts") >= 5);
    assert!(distinct("SELECT count(*) FROM trust_changes") > 150);
    let interactions = distinct("SELECT count(*) FROM interactions");
    assert!((600..=2400).contains(&interactions), "{interactions}");
    // Anchored to the given day: nothing after it, several years before it.
    assert!(distinct("SELECT max(occurred_at) FROM interactions") < 1_780_358_400); // 2026-06-02
    assert!(distinct("SELECT min(occurred_at) FROM interactions") < 1_680_000_000); // 2023-03
}
