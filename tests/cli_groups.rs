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
fn deleting_someone_says_which_interactions_go_and_which_stay() {
    let kith = three();
    kith.ok(&["log", "Tom"]);
    kith.ok(&["log", "Tom", "Ada Lovelace"]);
    let out = kith.ok(&["contact", "delete", "Tom"]);
    assert!(
        out.contains("with 1 interaction and 1 trust change; left 1 group interaction."),
        "{out}"
    );
    let ada = kith.json(&["contact", "show", "Ada Lovelace", "--json"]);
    assert_eq!(
        ada["interactions"][0]["participants"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
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

/// An archive of `kith` as version 1 wrote it: one `contact` per
/// interaction, no participants or initiator.
fn as_version_1(archive: &serde_json::Value) -> serde_json::Value {
    let mut old = archive.clone();
    old["version"] = 1.into();
    for interaction in old["interactions"].as_array_mut().unwrap() {
        let object = interaction.as_object_mut().unwrap();
        let people = object.remove("participants").unwrap();
        object.remove("initiator");
        object.insert("contact".into(), people[0].clone());
    }
    old
}

#[test]
fn a_version_1_archive_still_imports_each_interaction_with_its_person() {
    let kith = three();
    kith.ok(&[
        "log",
        "Ada Lovelace",
        "--initiated-by",
        "them",
        "--note",
        "hers",
    ]);
    kith.ok(&["log", "Tom", "--initiated-by", "me", "--note", "mine"]);
    let archive = kith.path("all.json");
    kith.ok(&["export", archive.to_str().unwrap()]);
    let current: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&archive).unwrap()).unwrap();
    let old = kith.path("old.json");
    // As Kith writes it: the format and version first (serde_json sorts
    // the keys of a value).
    let mut rest = as_version_1(&current);
    let rest = rest.as_object_mut().unwrap();
    rest.remove("format");
    rest.remove("version");
    let rest = serde_json::to_string_pretty(rest).unwrap();
    let text = format!(
        "{{\"format\": \"kith-archive\", \"version\": 1, {}",
        rest.trim_start_matches('{')
    );
    std::fs::write(&old, text).unwrap();

    let copy = Kith::new();
    let out = copy.ok(&["import", old.to_str().unwrap()]);
    assert!(out.contains("Kith archive, version 1"), "{out}");
    let ada = copy.json(&["contact", "show", "Ada Lovelace", "--json"]);
    assert_eq!(
        ada["interactions"][0]["participants"][0]["name"],
        "Ada Lovelace"
    );
    assert_eq!(ada["interactions"][0]["initiator"]["name"], "Ada Lovelace");
    let tom = copy.json(&["contact", "show", "Tom", "--json"]);
    assert_eq!(tom["interactions"][0]["initiated_by"], "me");
    assert!(tom["interactions"][0]["initiator"].is_null());
    // Exported again, it is today's version of the same archive.
    let again = copy.path("again.json");
    copy.ok(&["export", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

/// A change to an archived interaction.
type Edit = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn an_archive_interaction_with_bad_people_is_refused_naming_it() {
    let kith = three();
    kith.ok(&["log", "Ada Lovelace", "Tom", "--initiated-by", "Tom"]);
    let archive = kith.path("all.json");
    kith.ok(&["export", archive.to_str().unwrap()]);
    let current: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&archive).unwrap()).unwrap();
    let unknown = "00000000-0000-4000-8000-000000000001";
    let ada = current["people"][0]["uuid"].clone();
    let grace = current["people"][1]["uuid"].clone();
    let edits: Vec<(Edit, &str)> = vec![
        (
            Box::new(|i| i["participants"][0] = unknown.into()),
            "names person 00000000-0000-4000-8000-000000000001, who is not in the archive",
        ),
        (
            Box::new(|i| i["participants"] = serde_json::json!([])),
            "contact: must not be empty",
        ),
        (
            Box::new(move |i| i["participants"][1] = ada.clone()),
            "each person once",
        ),
        (
            Box::new(move |i| i["initiator"] = grace.clone()),
            "initiated by",
        ),
    ];
    for (number, (edit, expected)) in edits.iter().enumerate() {
        let mut bad = current.clone();
        edit(&mut bad["interactions"][0]);
        let file = kith.path(&format!("bad-{number}.json"));
        std::fs::write(&file, serde_json::to_vec(&bad).unwrap()).unwrap();
        let fresh = Kith::new();
        let err = fresh.fails(1, &["import", file.to_str().unwrap()]);
        assert!(err.contains("interaction 1"), "{number}: {err}");
        assert!(err.contains(expected), "{number}: {err}");
    }
}
