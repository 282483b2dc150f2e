//! The archive (version 2) carries what a person wants to remember about
//! someone: follow-ups (with the interactions they were noted in and done
//! with), dates to remember and "skip this time", and brings them back
//! exactly: an archive imported into an empty database exports again to
//! the same bytes.

mod binary;

use binary::Kith;

#[test]
fn follow_ups_dates_and_skips_go_through_the_archive_and_back() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada Lovelace", "--met-on", "2025-01-01"]);
    kith.ok(&["contact", "add", "Grace Hopper"]);
    kith.ok(&[
        "log",
        "Ada Lovelace",
        "Grace Hopper",
        "--on",
        "2026-03-14 18:30",
        "--follow-up",
        "send her the paper",
        "--due",
        "2026-03-20",
    ]);
    kith.ok(&["followup", "add", "Ada Lovelace", "return the ladder"]);
    kith.ok(&["followup", "done", "2"]);
    kith.ok(&[
        "date",
        "add",
        "Ada Lovelace",
        "wedding anniversary",
        "--on",
        "2014-06-02",
    ]);
    kith.ok(&[
        "date",
        "add",
        "Grace Hopper",
        "Mia's birthday",
        "--on",
        "02-29",
    ]);
    kith.ok(&["nudges", "skip", "Ada Lovelace"]);
    let archive = kith.path("all.json");
    kith.ok(&["export", archive.to_str().unwrap()]);

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&archive).unwrap()).unwrap();
    let ada = &json["people"][0];
    assert_eq!(ada["follow_ups"].as_array().unwrap().len(), 2);
    assert_eq!(
        ada["follow_ups"][0]["noted_in"],
        json["interactions"][0]["uuid"]
    );
    assert!(ada["follow_ups"][1]["done_at"].is_string());
    assert_eq!(ada["dates"][0]["label"], "wedding anniversary");
    assert_eq!(ada["dates"][0]["year"], 2014);
    assert!(json["people"][1]["dates"][0]["year"].is_null());
    assert_eq!(ada["skips"].as_array().unwrap().len(), 1);

    let copy = Kith::new();
    copy.ok(&["import", archive.to_str().unwrap()]);
    let again = copy.path("again.json");
    copy.ok(&["export", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&archive).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
    let list = copy.ok(&["followup", "list", "--all"]);
    assert!(list.contains("send her the paper"), "{list}");
    assert!(list.contains("return the ladder"), "{list}");
    let dates = copy.ok(&["date", "list", "Grace Hopper"]);
    assert!(dates.contains("Mia's birthday"), "{dates}");
}

#[test]
fn an_archive_adds_what_is_new_for_people_already_here_and_nothing_twice() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada Lovelace", "--met-on", "2025-01-01"]);
    kith.ok(&["followup", "add", "Ada Lovelace", "return the ladder"]);
    let first = kith.path("first.json");
    kith.ok(&["export", first.to_str().unwrap()]);
    let copy = Kith::new();
    copy.ok(&["import", first.to_str().unwrap()]);

    // Later, more is remembered about Ada in the first database.
    kith.ok(&["followup", "add", "Ada Lovelace", "ask about the loom"]);
    kith.ok(&[
        "date",
        "add",
        "Ada Lovelace",
        "wedding anniversary",
        "--on",
        "06-02",
    ]);
    kith.ok(&["nudges", "skip", "Ada Lovelace"]);
    let second = kith.path("second.json");
    kith.ok(&["export", second.to_str().unwrap()]);
    copy.ok(&["import", second.to_str().unwrap()]);
    copy.ok(&["import", second.to_str().unwrap()]);

    let list = copy.ok(&["followup", "list"]);
    assert_eq!(list.matches("return the ladder").count(), 1, "{list}");
    assert_eq!(list.matches("ask about the loom").count(), 1, "{list}");
    let dates = copy.ok(&["date", "list", "Ada Lovelace"]);
    assert_eq!(dates.matches("wedding anniversary").count(), 1, "{dates}");
    // Now both hold the same: their archives are the same bytes.
    let again = copy.path("again.json");
    copy.ok(&["export", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&second).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
}
