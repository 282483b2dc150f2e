//! The planner as tables: small files against a few people here, and what
//! happens to each record. No SQLite: the index and the people's fields
//! are plain values.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use uuid::Uuid;

use super::plan;
use crate::domain::exchange::{
    HistoryIndex, ImportIndex, IndexedPerson, KeptIdentity, KeptInteraction, KeptNudgeState,
    KeptPerson, KeptTrustChange,
};
use crate::domain::{
    Channel, ContactDraft, ContactId, Depth, Field, Initiator, Labeled, NudgeKind, Settings, Tone,
    TrustLevel,
};
use crate::interchange::json::{self, Origin};
use crate::interchange::{
    Action, Format, ImportOptions, ImportPlan, ImportedPerson, Landing, NameMatch, Parsed,
    RecordKind, SkipReason, Source,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(10, 0, 0).unwrap()
}

/// Someone here: Ada (1), Grace (2), two Sam Lees (3, 4), Alan (5).
fn here() -> Vec<(IndexedPerson, ContactDraft)> {
    let person = |id: i64, name: &str, emails: &[&str], uid: Option<&str>| {
        let mut fields = ContactDraft::named(name);
        fields.emails = emails.iter().map(|e| Labeled::new(None, e)).collect();
        let indexed = IndexedPerson {
            id: ContactId(id),
            uuid: Uuid::from_u128(id as u128),
            name: name.to_owned(),
            import_uid: uid.map(str::to_owned),
            emails: emails.iter().map(|e| (*e).to_owned()).collect(),
        };
        (indexed, fields)
    };
    vec![
        person(1, "Ada Lovelace", &["ada@example.org"], Some("card-ada")),
        person(2, "Grace Hopper", &["grace@navy.mil"], None),
        person(3, "Sam Lee", &[], None),
        person(4, "Sam Lee", &[], None),
        person(5, "Alan Turing", &[], None),
    ]
}

/// A card of a file, built up field by field.
struct Card(ImportedPerson);

impl Card {
    fn email(mut self, email: &str) -> Self {
        self.0.fields.emails.push(Labeled::new(None, email));
        self
    }
    fn phone(mut self, phone: &str) -> Self {
        self.0.fields.phones.push(Labeled::new(None, phone));
        self
    }
    fn notes(mut self, notes: &str) -> Self {
        self.0.fields.notes = notes.to_owned();
        self
    }
    fn uid(mut self, uid: &str) -> Self {
        self.0.uid = Some(uid.to_owned());
        self
    }
    fn date(mut self, label: &str, date: &str) -> Self {
        let date = crate::domain::YearlyDate::parse(date).unwrap();
        self.0.dates.push((label.to_owned(), date));
        self
    }
}

fn card(name: &str) -> Card {
    Card(ImportedPerson::new(
        Source {
            kind: RecordKind::Card,
            number: 0,
            line: 0,
        },
        ContactDraft::named(name),
    ))
}

fn parsed(cards: Vec<Card>) -> Parsed {
    Parsed {
        format: Format::Vcard,
        flavour: "vCard".to_owned(),
        people: cards
            .into_iter()
            .enumerate()
            .map(|(i, Card(mut person))| {
                person.source.number = i + 1;
                person.source.line = 10 * (i + 1);
                person
            })
            .collect(),
        unreadable: Vec::new(),
        notes: Vec::new(),
        archive: None,
    }
}

fn planned(file: Parsed, index: &ImportIndex, on_name_match: NameMatch) -> ImportPlan {
    let drafts: HashMap<ContactId, ContactDraft> = here()
        .into_iter()
        .map(|(p, fields)| (p.id, fields))
        .collect();
    let options = ImportOptions { on_name_match };
    // Ada (1) has an anniversary on 26 July already.
    let dates = |id: ContactId| {
        let anniversary = crate::domain::YearlyDate::parse("--07-26").unwrap();
        Ok(match id.0 {
            1 => vec![("Anniversary".to_owned(), anniversary)],
            _ => Vec::new(),
        })
    };
    plan(
        file,
        index,
        options,
        today(),
        |id| drafts.get(&id).cloned().ok_or("no such person"),
        dates,
    )
    .unwrap()
}

/// What happens to a record, in few words.
fn outcome(action: &Action) -> String {
    match action {
        Action::Create => "create".to_owned(),
        Action::Update {
            id,
            matched_by,
            changed,
            ..
        } => format!("update {id} by {matched_by}: {}", changed.join(", ")),
        Action::Skip(SkipReason::Unchanged { id, matched_by, .. }) => {
            format!("unchanged {id} by {matched_by}")
        }
        Action::Skip(SkipReason::NameExists { ids, .. }) => {
            let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
            format!("name taken by {}", ids.join(" and "))
        }
        Action::Skip(SkipReason::SameAsEarlier { earlier }) => format!("same as {earlier}"),
        Action::Skip(SkipReason::Refused(error)) => format!("refused: {}", error.field()),
    }
}

#[test]
fn records_are_matched_by_uid_uuid_email_then_name() {
    let grace_uuid = format!("urn:uuid:{}", Uuid::from_u128(2));
    let many: Vec<String> = (0..100).map(|i| format!("a{i}@example.org")).collect();
    let with_many = many
        .iter()
        .fold(card("Ada").uid("card-ada"), |card, email| card.email(email));
    let cases: Vec<(&str, Vec<Card>, NameMatch, Vec<&str>)> = vec![
        (
            "someone new is created",
            vec![card("Marie Curie").email("marie@example.org")],
            NameMatch::Skip,
            vec!["create"],
        ),
        (
            "a card UID remembered from an earlier import",
            vec![card("A. L.").uid("card-ada").phone("+44 1")],
            NameMatch::Skip,
            vec!["update 1 by same card UID: phones"],
        ),
        (
            "a Kith UUID in the UID",
            vec![card("G. Hopper").uid(&grace_uuid).notes("Admiral.")],
            NameMatch::Skip,
            vec!["update 2 by same Kith UUID: notes"],
        ),
        (
            "an email, ignoring case",
            vec![
                card("A. Lovelace")
                    .email("ADA@example.org")
                    .notes("Countess."),
            ],
            NameMatch::Skip,
            vec!["update 1 by same email ADA@example.org: notes"],
        ),
        (
            "nothing new",
            vec![card("Grace Hopper").email("grace@navy.mil")],
            NameMatch::Skip,
            vec!["unchanged 2 by same email grace@navy.mil"],
        ),
        (
            "a name alone is not proof: skipped",
            vec![card("Alan Turing").phone("+44 2")],
            NameMatch::Skip,
            vec!["name taken by 5"],
        ),
        (
            "a name alone, merged when asked",
            vec![card("Alan Turing").phone("+44 2")],
            NameMatch::Update,
            vec!["update 5 by same name: phones"],
        ),
        (
            "a name alone, added when asked",
            vec![card("Alan Turing").phone("+44 2")],
            NameMatch::Create,
            vec!["create"],
        ),
        (
            "a name two people share is never merged",
            vec![card("Sam Lee")],
            NameMatch::Update,
            vec!["name taken by 3 and 4"],
        ),
        (
            "records of one file sharing an email are one person",
            vec![
                card("Marie").email("marie@example.org"),
                card("Marie Curie")
                    .email("MARIE@example.org")
                    .phone("+33 1"),
            ],
            NameMatch::Skip,
            vec!["create", "same as card 1 (line 10)"],
        ),
        (
            "a second record for someone being updated joins the update",
            vec![
                card("Ada").email("ada@example.org").phone("+44 1"),
                card("Ada King").uid("card-ada").notes("Countess."),
            ],
            NameMatch::Skip,
            vec![
                "update 1 by same email ada@example.org: phones, notes",
                "same as card 1 (line 10)",
            ],
        ),
        (
            "a name holding control characters is refused, naming it",
            vec![card("Evil\u{1b}]0;PWNED\u{7}")],
            NameMatch::Skip,
            vec!["refused: name"],
        ),
        (
            "a merge past Kith's limits is refused",
            vec![with_many],
            NameMatch::Skip,
            vec!["refused: email"],
        ),
    ];
    let index = ImportIndex {
        people: here().into_iter().map(|(p, _)| p).collect(),
        history: None,
    };
    for (name, cards, on_name_match, expected) in cases {
        let plan = planned(parsed(cards), &index, on_name_match);
        let outcomes: Vec<String> = plan.records.iter().map(|r| outcome(&r.action)).collect();
        assert_eq!(outcomes, expected, "{name}");
    }
}

#[test]
fn merged_records_carry_everything_and_nameless_ones_are_unreadable() {
    let index = ImportIndex::default();
    let plan = planned(
        parsed(vec![
            card("Marie").email("marie@example.org"),
            card("  "),
            card("Marie Curie")
                .email("MARIE@example.org")
                .phone("+33 1"),
        ]),
        &index,
        NameMatch::Skip,
    );
    assert_eq!(plan.records.len(), 2);
    let marie = &plan.records[0].person.fields;
    assert_eq!(marie.name, "Marie");
    assert_eq!(marie.phones, [Labeled::new(None, "+33 1")]);
    assert_eq!(plan.unreadable.len(), 1);
    assert_eq!(plan.unreadable[0].to_string(), "card 2 (line 20): no name");
    assert_eq!(plan.writes(), 1);
}

#[test]
fn the_same_person_twice_in_a_file_brings_each_date_once() {
    let index = ImportIndex::default();
    let plan = planned(
        parsed(vec![
            card("Marie")
                .email("marie@example.org")
                .date("anniversary", "1995-07-26"),
            card("Marie Curie")
                .email("marie@example.org")
                .date("Anniversary", "--07-26")
                .date("Nobel", "1903-12-10")
                .date("too late", "2030-01-01"),
        ]),
        &index,
        NameMatch::Skip,
    );
    assert_eq!(
        plan.records[0].person.date_lines(),
        ["anniversary 1995-07-26", "Nobel 1903-12-10"]
    );
    assert!(
        plan.records[1].person.warnings[0].starts_with("date \"too late\" 2030-01-01 left out"),
        "{:?}",
        plan.records[1].person.warnings
    );
}

#[test]
fn a_date_new_to_someone_here_updates_them_and_one_they_have_does_not() {
    let index = ImportIndex {
        people: here().into_iter().map(|(p, _)| p).collect(),
        history: None,
    };
    let plan = planned(
        parsed(vec![
            card("Ada Lovelace")
                .email("ada@example.org")
                .date("anniversary", "2001-07-26"),
            card("Grace Hopper")
                .email("grace@navy.mil")
                .date("anniversary", "1930-06-15"),
        ]),
        &index,
        NameMatch::Skip,
    );
    let outcomes: Vec<String> = plan.records.iter().map(|r| outcome(&r.action)).collect();
    assert_eq!(
        outcomes,
        [
            "unchanged 1 by same email ada@example.org",
            "update 2 by same email grace@navy.mil: dates"
        ]
    );
}

fn at(text: &str) -> NaiveDateTime {
    text.parse().unwrap()
}

fn kept_person(n: u128, name: &str, changes: &[u128]) -> KeptPerson {
    KeptPerson {
        fields: ContactDraft::named(name),
        identity: KeptIdentity {
            uuid: Uuid::from_u128(n),
            archived: false,
            created_at: at("2026-01-01T12:00:00"),
            updated_at: at("2026-01-01T12:00:00"),
            trust_history: changes
                .iter()
                .map(|&c| KeptTrustChange {
                    uuid: Uuid::from_u128(c),
                    level: TrustLevel::Acquaintance,
                    on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                    reason: String::new(),
                    created_at: at("2026-01-01T12:00:00"),
                    assessed: true,
                })
                .collect(),
            follow_ups: Vec::new(),
            dates: Vec::new(),
            skips: Vec::new(),
        },
        import_uid: None,
    }
}

fn kept_interaction(n: u128, contact: u128) -> KeptInteraction {
    KeptInteraction {
        uuid: Uuid::from_u128(n),
        participants: vec![Uuid::from_u128(contact)],
        when: at("2026-02-01T18:00:00"),
        channel: Channel::Call,
        initiated_by: Initiator::Me,
        initiator: None,
        tone: Tone::Positive,
        depth: Depth::Personal,
        minutes: Some(30),
        note: String::new(),
        created_at: at("2026-02-01T18:00:00"),
    }
}

#[test]
fn an_archive_adds_only_the_history_that_is_not_here() {
    // The archive: Grace (here already, by UUID 2) and Marie (new, 100).
    let people = vec![
        kept_person(2, "Grace Hopper", &[20, 21]),
        kept_person(100, "Marie", &[101]),
    ];
    let interactions = vec![
        kept_interaction(200, 2),
        kept_interaction(201, 2),
        kept_interaction(202, 100),
    ];
    let states = vec![
        KeptNudgeState {
            contact: Some(Uuid::from_u128(2)),
            kind: NudgeKind::Neglect,
            snoozed_until: Some(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            dismissed: None,
        },
        KeptNudgeState {
            contact: Some(Uuid::from_u128(100)),
            kind: NudgeKind::Neglect,
            snoozed_until: Some(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            dismissed: None,
        },
    ];
    let settings = Settings {
        cadence_trusted: 45,
        ..Settings::default()
    };
    let mut bytes = Vec::new();
    json::write(
        &mut bytes,
        people.into_iter().map(Ok::<_, std::io::Error>),
        interactions.into_iter().map(Ok),
        &states,
        &settings,
    )
    .unwrap();
    let file = json::read(Origin::Bytes(bytes.into()), now()).unwrap();
    // Here: Grace with trust change 20, interaction 200 and a snooze of
    // neglect; settings of their own or not.
    for (settings_changed, expect_settings) in [(false, true), (true, false)] {
        let index = ImportIndex {
            people: here().into_iter().map(|(p, _)| p).collect(),
            history: Some(HistoryIndex {
                interactions: [Uuid::from_u128(200)].into(),
                trust_changes: [Uuid::from_u128(20)].into(),
                nudge_states: [(Some(ContactId(2)), NudgeKind::Neglect)].into(),
                settings_changed,
            }),
        };
        let plan = planned(file.clone(), &index, NameMatch::Skip);
        let outcomes: Vec<String> = plan.records.iter().map(|r| outcome(&r.action)).collect();
        assert_eq!(outcomes, ["unchanged 2 by same Kith UUID", "create"]);
        let archive = plan.archive.as_ref().unwrap();
        assert_eq!(
            archive.people[&Uuid::from_u128(2)],
            Landing::Here(ContactId(2))
        );
        assert_eq!(archive.people[&Uuid::from_u128(100)], Landing::Created(1));
        assert_eq!(archive.trust_changes, [(0, 1)]);
        assert_eq!(archive.new_histories, [(1, 0)]);
        let chosen: Vec<bool> = (0..3).map(|n| archive.interactions.contains(n)).collect();
        assert_eq!(chosen, [false, true, true]);
        assert_eq!(archive.already_there, 2);
        assert_eq!(archive.nudge_states.len(), 1);
        assert_eq!(archive.nudge_states[0].contact, Some(Uuid::from_u128(100)));
        assert_eq!(archive.settings.is_some(), expect_settings);
        assert_eq!(plan.writes(), 1 + 2 + 2);
    }
}

#[test]
fn an_archive_person_refused_by_a_merge_brings_none_of_their_history() {
    let mut marie = kept_person(2, "Grace Hopper", &[20]);
    marie.fields.emails = (0..100)
        .map(|i| Labeled::new(None, &format!("g{i}@navy.mil")))
        .collect();
    let mut bytes = Vec::new();
    json::write(
        &mut bytes,
        [Ok::<_, std::io::Error>(marie)].into_iter(),
        [Ok(kept_interaction(200, 2))].into_iter(),
        &[],
        &Settings::default(),
    )
    .unwrap();
    let file = json::read(Origin::Bytes(bytes.into()), now()).unwrap();
    let index = ImportIndex {
        people: here().into_iter().map(|(p, _)| p).collect(),
        history: Some(HistoryIndex::default()),
    };
    let plan = planned(file, &index, NameMatch::Skip);
    let Action::Skip(SkipReason::Refused(error)) = &plan.records[0].action else {
        panic!("{:?}", plan.records[0].action);
    };
    assert_eq!(error.field(), Field::Email);
    let archive = plan.archive.as_ref().unwrap();
    assert!(archive.interactions.is_empty() && archive.trust_changes.is_empty());
    assert_eq!(archive.already_there, 2);
}
