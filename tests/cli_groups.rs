//! Group interactions on the command line: `kith log` with several people,
//! `--initiated-by` a participant, `contact show` saying who else was
//! there, and the archive and CSV export carrying everyone.

mod binary;

use binary::Kith;

fn three() -> Kith {
    let kith = Kith::new();
    for name in ["Ada Lovelace", "Grace Hopper", "Tom"] {
        kith.ok(&["contact", "add", name]);
    }
    kith
}

#[test]
fn a_dinner_with_three_is_one_interaction_each_of_them_sees() {
    let kith = three();
    let out = kith.ok(&[
        "log",
        "Ada Lovelace",
        "Grace Hopper",
        "--id",
        "3",
        "--on",
        "2026-05-20 19:30",
        "--channel",
        "in-person",
        "--initiated-by",
        "Grace Hopper",
        "--minutes",
        "120",
    ]);
    assert!(
        out.contains(
            "Logged in person with Ada Lovelace, Grace Hopper and Tom on 2026-05-20 19:30"
        ),
        "{out}"
    );
    let ada = kith.ok(&["contact", "show", "Ada Lovelace"]);
    assert!(ada.contains("initiated by Grace Hopper"), "{ada}");
    assert!(ada.contains("with Grace Hopper and Tom"), "{ada}");
    let tom = kith.ok(&["contact", "show", "Tom"]);
    assert!(tom.contains("with Ada Lovelace and Grace Hopper"), "{tom}");

    let json = kith.json(&["contact", "show", "Tom", "--json"]);
    let dinner = &json["interactions"][0];
    assert_eq!(dinner["participants"].as_array().unwrap().len(), 3);
    assert_eq!(dinner["participants"][1]["name"], "Grace Hopper");
    assert_eq!(dinner["participants"][1]["id"], 2);
    assert_eq!(dinner["initiated_by"], "them");
    assert_eq!(dinner["initiator"]["name"], "Grace Hopper");
    for id in ["1", "2", "3"] {
        let person = kith.json(&["contact", "show", "--id", id, "--json"]);
        assert_eq!(person["interaction_count"], 1, "{id}");
        assert_eq!(person["last_interaction_at"], "2026-05-20T19:30:00", "{id}");
    }

    // One row of the CSV export, everyone in one cell.
    let csv = kith.path("log.csv");
    kith.ok(&["export", csv.to_str().unwrap(), "--what", "interactions"]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("Ada Lovelace; Grace Hopper; Tom"), "{text}");

    // The archive carries everyone and who started it, and comes back
    // the same, byte for byte.
    let archive = kith.path("all.json");
    kith.ok(&["export", archive.to_str().unwrap()]);
    let copy = Kith::new();
    copy.ok(&["import", archive.to_str().unwrap()]);
    let again = copy.path("again.json");
    copy.ok(&["export", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&archive).unwrap()).unwrap();
    let kept = &json["interactions"][0];
    assert_eq!(kept["participants"].as_array().unwrap().len(), 3);
    assert_eq!(kept["initiator"], json["people"][1]["uuid"]);
    let shown = copy.ok(&["contact", "show", "Ada Lovelace"]);
    assert!(shown.contains("with Grace Hopper and Tom"), "{shown}");
}

#[test]
fn who_it_was_with_and_who_started_it_are_checked_and_change_nothing() {
    let kith = three();
    kith.ok(&["log", "Ada Lovelace", "--initiated-by", "them"]);
    for (args, expected) in [
        (
            vec!["log", "Ada Lovelace", "Tom", "--initiated-by", "them"],
            "initiated by: \"them\" is accepted only with one person; say who reached out: \
             Ada Lovelace or Tom",
        ),
        (
            vec![
                "log",
                "Ada Lovelace",
                "Tom",
                "--initiated-by",
                "Grace Hopper",
            ],
            "initiated by: \"Grace Hopper\" is not me, mutual or someone it was with",
        ),
        (
            vec!["log", "Ada Lovelace", "--id", "1"],
            "contact: Ada Lovelace is named twice",
        ),
        (
            vec!["log", "Ada Lovelace", "Nobody"],
            "no contact named \"Nobody\"",
        ),
    ] {
        let err = kith.fails(1, &args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let ada = kith.json(&["contact", "show", "Ada Lovelace", "--json"]);
    assert_eq!(ada["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(ada["interactions"][0]["initiator"]["name"], "Ada Lovelace");
}

#[test]
fn the_demo_makes_group_interactions() {
    let kith = Kith::new();
    kith.ok(&["demo", "--people", "60", "--seed", "1"]);
    let archive = kith.path("all.json");
    kith.ok(&["export", archive.to_str().unwrap()]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&archive).unwrap()).unwrap();
    let sizes: Vec<usize> = json["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["participants"].as_array().unwrap().len())
        .collect();
    assert!(
        sizes.iter().any(|&n| n > 1),
        "no group among {}",
        sizes.len()
    );
    assert!(sizes.iter().all(|&n| (1..=5).contains(&n)));
}
