//! Upgrading real old databases: every schema Kith has released has a
//! database written by it checked in under `tests/data/` (`schema-N.sqlite3`),
//! with everything it held dumped beside it (`schema-N.json`). Each must open
//! in today's Kith, upgraded after a backup of it was taken, with every person,
//! interaction, trust change, nudge state, setting and import UID intact,
//! checked field by field.
//!
//! When a migration is added, first keep the database of the schema it
//! upgrades from: before changing the schema, run
//! `cargo test --test upgrade -- --ignored write_fixture_of_the_current_schema`
//! (it writes `schema-N.sqlite3` and `schema-N.json` for today's N, if they
//! are missing) and commit both files.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use common::{at, day};
use kith::domain::{
    Birthday, Channel, Circle, ContactDraft, ContactId, DateDraft, Depth, FollowUpDraft, Initiator,
    InteractionDraft, Labeled, MetVia, NudgeKind, Tone, TrustLevel, YearlyDate,
};
use kith::store::{LATEST_VERSION, LogEntry, NewContact, NewFollowUp, Store};
use serde_json::{Value, json};
use uuid::Uuid;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

/// Everything a database holds that a person put there, as JSON: each
/// person with every field, their trust history and interactions, every
/// snooze and dismissal, the settings, and the UIDs remembered from imports.
fn dump(store: &Store, path: &Path) -> Value {
    let people: Vec<Value> = store
        .contacts(true)
        .unwrap()
        .into_iter()
        .map(|contact| {
            let id = contact.id;
            let mut person = json!({
                "contact": contact,
                "trust_history": store.trust_history(id).unwrap(),
                "interactions": store.interactions_of(id).unwrap(),
            });
            // Kept from schema 6 on.
            if store.schema_version().unwrap() >= 6 {
                person["follow_ups"] = json!(store.follow_ups_of(id).unwrap());
                person["dates"] = json!(store.dates_of(id).unwrap());
            }
            if store.schema_version().unwrap() >= 7 {
                person["skips"] = json!(store.skips_of(id).unwrap());
            }
            person
        })
        .collect();
    let conn = rusqlite::Connection::open(path).unwrap();
    let import_uids: Vec<(i64, String)> = conn
        .prepare("SELECT id, import_uid FROM contacts WHERE import_uid IS NOT NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    json!({
        "people": people,
        "nudge_states": store.nudge_states().unwrap(),
        "settings": store.settings().unwrap(),
        "import_uids": import_uids,
    })
}

/// Whether everything in `expected` is in `actual` with the same value:
/// objects may have gained fields in later schemas, nothing may have
/// changed or gone. Returns the path of the first difference.
fn contained(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let inner = format!("{path}.{key}");
                match a.get(key) {
                    Some(found) => contained(value, found, &inner)?,
                    None => return Err(format!("{inner} is gone")),
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: {} items, now {}", e.len(), a.len()));
            }
            for (index, (e, a)) in e.iter().zip(a).enumerate() {
                contained(e, a, &format!("{path}[{index}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: was {expected}, now {actual}")),
    }
}

fn checked_in() -> Vec<(i64, PathBuf)> {
    let mut found: Vec<(i64, PathBuf)> = std::fs::read_dir(data_dir())
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name()?.to_str()?.to_owned();
            let version = name.strip_prefix("schema-")?.strip_suffix(".sqlite3")?;
            Some((version.parse().ok()?, path))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_released_schema_has_a_database_checked_in() {
    let versions: Vec<i64> = checked_in().iter().map(|(v, _)| *v).collect();
    // Schema 5 is the first kept; every one since must be too, so that each
    // migration is tested on a real file of the schema before it.
    let first_kept: i64 = 5;
    assert!(versions.contains(&first_kept), "{versions:?}");
    for version in first_kept..LATEST_VERSION {
        assert!(
            versions.contains(&version),
            "no tests/data/schema-{version}.sqlite3: keep the database of every schema \
             (see this file's docs); found {versions:?}"
        );
    }
}

#[test]
fn every_checked_in_database_upgrades_with_every_record_intact() {
    for (version, fixture) in checked_in() {
        let mut expected: Value =
            serde_json::from_slice(&std::fs::read(fixture.with_extension("json")).unwrap())
                .unwrap();
        if version < 8 {
            with_participants(&mut expected);
        }
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.sqlite3");
        std::fs::copy(&fixture, &db).unwrap();
        let store = Store::open(&db).unwrap_or_else(|e| panic!("schema {version}: {e}"));
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        let backups: Vec<_> = match std::fs::read_dir(kith::store::backups_dir(&db)) {
            Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        };
        if version < LATEST_VERSION {
            // The file as it was, kept before anything was changed.
            assert_eq!(backups.len(), 1, "schema {version}: {backups:?}");
            let name = backups[0]
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(name.ends_with("-before-upgrade.sqlite3"), "{name}");
            let header = std::fs::read(&backups[0]).unwrap();
            let kept = u32::from_be_bytes(header[60..64].try_into().unwrap());
            assert_eq!(
                i64::from(kept),
                version,
                "the backup is not of the old schema"
            );
        } else {
            assert!(backups.is_empty(), "no upgrade, no backup: {backups:?}");
        }
        let actual = dump(&store, &db);
        if let Err(difference) = contained(&expected, &actual, "") {
            panic!("schema {version} upgraded with a change: {difference}");
        }
        store.check_integrity().unwrap();
        // Everyone's nudge facts are kept from the upgrade on, and agree
        // with their history (schema 9).
        let mut store = store;
        let facts = store.check_nudge_facts().unwrap();
        assert_eq!(
            (facts.drifted.len(), facts.stale, facts.people),
            (0, 0, store.contacts(true).unwrap().len()),
            "schema {version}: {facts:?}"
        );
        drop(store);
        // And a second opening finds nothing left to do.
        let again = Store::open(&db).unwrap();
        assert_eq!(dump(&again, &db), actual);
    }
}

/// What a dump of schema 7 or before says about each interaction, as
/// schema 8 says it: its one `contact_id` is its one participant, and the
/// initiator when they reached out ("them"), else no one.
fn with_participants(dump: &mut Value) {
    for person in dump["people"].as_array_mut().unwrap() {
        for interaction in person["interactions"].as_array_mut().unwrap() {
            let object = interaction.as_object_mut().unwrap();
            let contact = object.remove("contact_id").expect("a contact_id");
            let them = object["initiated_by"] == "them";
            object.insert("participants".into(), json!([contact]));
            object.insert("initiator".into(), if them { contact } else { Value::Null });
        }
    }
}

/// Checks, independently of the dump, that the fixtures hold what
/// [`write_fixture_of_the_current_schema`] puts in them, so a fixture
/// written wrongly (or an empty one) cannot pass unnoticed.
#[test]
fn the_checked_in_databases_hold_the_people_they_should() {
    for (version, fixture) in checked_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.sqlite3");
        std::fs::copy(&fixture, &db).unwrap();
        let store = Store::open(&db).unwrap();
        let people = store.contacts(true).unwrap();
        if version >= 6 {
            assert_eq!(store.follow_ups_of(people[0].id).unwrap().len(), 2);
            assert_eq!(store.dates_of(people[2].id).unwrap().len(), 1);
        }
        if version >= 7 {
            assert_eq!(store.skips_of(people[0].id).unwrap().len(), 1);
        }
        let names: Vec<&str> = people.iter().map(|c| c.name()).collect();
        assert_eq!(
            names,
            ["Ada Lovelace", "Grace Hopper", "Léa Martínez"],
            "schema {version}"
        );
        let ada = &people[0];
        assert_eq!(ada.trust, TrustLevel::Familiar);
        assert_eq!(ada.fields.emails.len(), 2);
        assert!(ada.fields.notes.contains("Loves Babbage's engines"));
        let logged = match version {
            ..=5 => 4,
            6 | 7 => 5,
            _ => 6,
        };
        assert_eq!(ada.summary.interaction_count, logged);
        let timeline = store.interactions_of(ada.id).unwrap();
        assert_eq!(timeline.len() as u32, logged);
        if version >= 8 {
            // The dinner with all three, which Léa started.
            let dinner = timeline.iter().find(|i| i.fields.is_group()).unwrap();
            let everyone: Vec<ContactId> = people.iter().map(|c| c.id).collect();
            assert_eq!(dinner.fields.participants, everyone);
            assert_eq!(dinner.fields.initiator, Some(people[2].id));
            assert_eq!(people[2].summary.interaction_count, 1);
        }
        assert_eq!(store.trust_history(ada.id).unwrap().len(), 2);
        assert!(people[1].archived);
        assert_eq!(store.nudge_states().unwrap().len(), 3);
        assert_eq!(store.settings().unwrap().reply_window_days, 5);
    }
}

const NOW: &str = "2026-11-20 10:00";

fn uuid(n: u8) -> Option<Uuid> {
    Some(Uuid::from_bytes([n; 16]))
}

fn interaction(
    contact: ContactId,
    when: &str,
    (channel, initiated_by, tone, depth): (Channel, Initiator, Tone, Depth),
    minutes: Option<u32>,
    note: &str,
) -> InteractionDraft {
    let mut draft = InteractionDraft::new(contact, at(when));
    draft.channel = channel;
    draft.initiated_by = initiated_by;
    draft.tone = tone;
    draft.depth = depth;
    draft.minutes = minutes;
    draft.note = note.to_owned();
    draft
}

/// Writes `tests/data/schema-N.sqlite3` (and its `.json` dump) for the
/// schema this build writes, unless it is there already: every kind of
/// record, every optional field both set and empty, every value of every
/// vocabulary somewhere.
#[test]
#[ignore = "writes a fixture; run by hand before adding a migration"]
fn write_fixture_of_the_current_schema() {
    let path = data_dir().join(format!("schema-{LATEST_VERSION}.sqlite3"));
    if path.exists() {
        eprintln!("{} exists; nothing written", path.display());
        return;
    }
    std::fs::create_dir_all(data_dir()).unwrap();
    let now: NaiveDateTime = at(NOW);
    let mut store = Store::open(&path).unwrap();

    let mut ada = ContactDraft::named("Ada Lovelace");
    ada.nickname = Some("Ada".into());
    ada.emails = vec![
        Labeled::new(Some("work"), "ada@example.org"),
        Labeled::new(None, "countess@example.net"),
    ];
    ada.phones = vec![
        Labeled::new(Some("mobile"), "+44 20 7946 0958"),
        Labeled::new(None, "020 7946 0000"),
    ];
    ada.birthday = Some(Birthday::parse("1985-12-10").unwrap());
    ada.organisation = Some("Analytical Engines".into());
    ada.circle = Circle::Both;
    ada.met_via = Some(MetVia::Event);
    ada.met_where = Some("SXSW 2026".into());
    ada.met_on = Some(day("2026-03-14"));
    ada.cadence_days = Some(30);
    ada.tags = vec!["maths".into(), "poetry".into()];
    ada.notes = "Vegetarian.\n\tLoves Babbage's engines. 🌱 Ünïcödé".into();
    let ada = store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Acquaintance),
                uuid: uuid(1),
                trust_uuid: uuid(2),
                ..NewContact::new(ada)
            },
            at("2026-03-15 09:00"),
        )
        .unwrap();

    let mut grace = ContactDraft::named("Grace Hopper");
    grace.birthday = Some(Birthday::parse("--12-09").unwrap());
    grace.met_via = Some(MetVia::Work);
    let grace = store
        .add_contact(
            NewContact {
                uuid: uuid(3),
                ..NewContact::new(grace)
            },
            at("2026-04-01 12:00"),
        )
        .unwrap();

    let mut lea = ContactDraft::named("Léa Martínez");
    lea.circle = Circle::Professional;
    lea.met_via = Some(MetVia::OnlineCommunity);
    lea.cadence_days = Some(0);
    let lea = store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Trusted),
                uuid: uuid(4),
                trust_uuid: uuid(5),
                ..NewContact::new(lea)
            },
            at("2026-05-01 08:00"),
        )
        .unwrap();

    use Channel::*;
    use Depth::*;
    use Initiator::*;
    use Tone::*;
    for draft in [
        interaction(
            ada,
            "2026-03-14 18:30",
            (InPerson, Them, Positive, Personal),
            Some(90),
            "Her loom project.\nSend her the paper.",
        ),
        interaction(
            ada,
            "2026-04-02 09:15",
            (Email, Me, Neutral, SmallTalk),
            None,
            "",
        ),
        interaction(
            ada,
            "2026-06-10 20:00",
            (Call, Mutual, Negative, Intimate),
            Some(45),
            "A hard talk",
        ),
        interaction(
            ada,
            "2026-10-01 08:00",
            (Video, Them, Positive, SmallTalk),
            Some(0),
            "x",
        ),
        interaction(
            grace,
            "2026-04-02 10:00",
            (Message, Them, Neutral, SmallTalk),
            None,
            "?",
        ),
        interaction(
            grace,
            "2026-05-05 10:00",
            (Social, Me, Positive, Personal),
            None,
            "",
        ),
        interaction(
            grace,
            "2026-06-06 10:00",
            (Letter, Mutual, Neutral, SmallTalk),
            None,
            "",
        ),
        interaction(
            grace,
            "2026-07-07 10:00",
            (Other, Them, Negative, SmallTalk),
            Some(5),
            "",
        ),
    ] {
        store.log_interaction(draft, now).unwrap();
    }
    // A dinner with all three, which Léa started (kept from schema 8 on).
    let mut dinner = interaction(
        ada,
        "2026-09-12 19:30",
        (InPerson, Them, Positive, Personal),
        Some(150),
        "Dinner at Léa's.",
    );
    dinner.participants = vec![ada, grace, lea];
    dinner.initiator = Some(lea);
    store.log_interaction(dinner, now).unwrap();
    let _ = store
        .set_trust(
            ada,
            TrustLevel::Familiar,
            day("2026-06-11"),
            "kept a confidence",
            now,
        )
        .unwrap();
    let _ = store.set_archived(grace, true, now).unwrap();
    {
        // Follow-ups (noted with an interaction, alone, done) and dates.
        let mut entry = LogEntry::new(interaction(
            ada,
            "2026-11-02 12:00",
            (Message, Them, Neutral, SmallTalk),
            None,
            "Could you introduce me to your designer friend?",
        ));
        entry.follow_up = Some(NewFollowUp {
            what: "send the designer's number".into(),
            due: Some(day("2026-11-10")),
        });
        entry.done = Vec::new();
        store.log(entry, now).unwrap();
        let done = store
            .add_follow_up(FollowUpDraft::new(ada, "return the ladder", None), now)
            .unwrap();
        let _ = store.set_follow_up_done(done, true, now).unwrap();
        store
            .add_follow_up(
                FollowUpDraft::new(lea, "ask about the conference", Some(day("2026-12-01"))),
                now,
            )
            .unwrap();
        store
            .add_date(
                DateDraft::new(
                    ada,
                    "wedding anniversary",
                    YearlyDate::parse("2014-06-02").unwrap(),
                ),
                now,
            )
            .unwrap();
        store
            .add_date(
                DateDraft::new(
                    lea,
                    "Mia's birthday (daughter)",
                    YearlyDate::parse("--02-29").unwrap(),
                ),
                now,
            )
            .unwrap();
    }
    let _ = store
        .snooze_nudge(Some(ada), NudgeKind::Neglect, day("2026-12-01"))
        .unwrap();
    let _ = store
        .dismiss_nudge(Some(lea), NudgeKind::TooFast, at(NOW).date())
        .unwrap();
    let _ = store
        .dismiss_nudge(None, NudgeKind::OverCapacity, at(NOW).date())
        .unwrap();
    // Skip this time, on Ada's neglect nudge.
    let _ = store.skip_neglect(ada, day("2026-11-15"), now).unwrap();
    store.set_setting("reply_window_days", "5").unwrap();
    store.set_setting("souring_window", "4").unwrap();
    drop(store);
    // What an import remembers of a card, set the way the import does.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE contacts SET import_uid = 'urn:uuid:card-of-lea' WHERE id = ?1",
        [lea.0],
    )
    .unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let dumped = dump(&store, &path);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.execute_batch("VACUUM").unwrap();
    drop(conn);
    std::fs::write(
        path.with_extension("json"),
        serde_json::to_string_pretty(&dumped).unwrap() + "\n",
    )
    .unwrap();
    eprintln!("wrote {}", path.display());
}
