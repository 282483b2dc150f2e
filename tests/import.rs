//! Import and export against real SQLite: every file of the shared corpus,
//! the expectations of its EXPECTED.md, dedupe on re-import, round trips of
//! each format, all-or-nothing imports, formula neutralisation and scale.

mod corpus;

use kith::domain::Field;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use kith::domain::time::{parse_date, parse_date_time};
use kith::domain::{
    Contact, ContactDraft, InteractionDraft, Labeled, NudgeKind, TrustLevel, ValidationError,
};
use kith::interchange::{
    self, Action, Export, Format, ImportError, ImportOptions, ImportPlan, ImportSummary,
    ImportedPerson, NameMatch, Parsed, PlannedRecord, RecordKind, SkipReason, Source,
};
use kith::store::{NewContact, Store};
use kith::transfer;

fn now() -> NaiveDateTime {
    parse_date_time(Field::When, "2026-11-22 10:00").unwrap()
}

fn day(text: &str) -> NaiveDate {
    parse_date(Field::On, text).unwrap()
}

fn corpus(path: &str) -> PathBuf {
    corpus::dir().join(path)
}

/// The bytes of an export of `store`.
fn export_bytes(store: &Store, what: Export) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    transfer::export(store, what, &mut bytes)?;
    Ok(bytes)
}

fn format_of(path: &str) -> Format {
    if path.starts_with("csv/") {
        Format::Csv
    } else {
        Format::Vcard
    }
}

/// What importing `parsed` into `store` would do, with the default options.
fn plan_of(store: &Store, parsed: &Parsed) -> Result<ImportPlan, kith::store::StoreError> {
    transfer::plan_import(
        store,
        parsed.clone(),
        ImportOptions::default(),
        now().date(),
    )
}

/// Plans and applies an import of `bytes` into `store`.
fn import_bytes(
    store: &mut Store,
    bytes: &[u8],
    format: Option<Format>,
    options: ImportOptions,
) -> (ImportPlan, ImportSummary) {
    let parsed = interchange::read(bytes, format, now()).unwrap();
    let plan = transfer::plan_import(store, parsed.clone(), options, now().date()).unwrap();
    let summary = transfer::apply_import(store, &plan, now(), &mut |_, _| {}).unwrap();
    (plan, summary)
}

fn import_file(store: &mut Store, path: &str) -> (ImportPlan, ImportSummary) {
    let bytes = std::fs::read(corpus(path)).unwrap();
    import_bytes(
        store,
        &bytes,
        Some(format_of(path)),
        ImportOptions::default(),
    )
}

/// The people a corpus file gives in a fresh database, in file order.
fn people_of(path: &str) -> Vec<Contact> {
    let mut store = Store::open_in_memory().unwrap();
    import_file(&mut store, path);
    let mut people = store.contacts(true).unwrap();
    people.sort_by_key(|c| c.id);
    people
}

fn names(people: &[Contact]) -> Vec<&str> {
    people.iter().map(|c| c.name()).collect()
}

fn values(list: &[Labeled]) -> Vec<&str> {
    list.iter().map(|l| l.value.as_str()).collect()
}

fn labeled(list: &[Labeled]) -> Vec<(String, String)> {
    list.iter()
        .map(|l| (l.value.clone(), l.label.clone().unwrap_or_default()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect()
}

fn birthday(contact: &Contact) -> Option<String> {
    contact.fields.birthday.map(|b| b.to_string())
}

/// Everything a person could see, for "nothing changed" checks.
fn snapshot(store: &Store) -> String {
    let mut text = String::from_utf8(export_bytes(store, Export::Json).unwrap()).unwrap();
    text.push_str(&format!("{:?}", store.contacts(true).unwrap()));
    text
}

/// The status SOURCES.md gives each file (V, Q, M, E or -), by path.
fn statuses() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(corpus("SOURCES.md")).unwrap();
    let mut section = String::new();
    let mut map = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            section = rest.trim().to_owned();
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if section.ends_with('/') && cells.len() > 6 && cells[1].starts_with('`') {
            let file = cells[1].trim_matches('`');
            map.insert(format!("{section}{file}"), cells[5].to_owned());
        }
    }
    map
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, root, out);
        } else if path.extension().is_none_or(|e| e != "md") {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}

/// V and Q files whose only card has no name, organisation or email: Kith
/// reports that card instead of inventing a person.
const NAMELESS: &[&str] = &[
    "vcard/aosp-vcard/v21_im.vcf",
    "vcard/folkerkinzel-vcards/Photo Outlook v2.vcf",
    "vcard/sabre-vobject/issue64.vcf",
];

#[test]
fn every_corpus_file_goes_through_the_import_path() {
    let statuses = statuses();
    let mut files = Vec::new();
    let root = corpus::dir();
    walk(&root, &root, &mut files);
    files.sort();
    assert!(files.len() >= 170, "the corpus has {} files", files.len());
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for path in &files {
        let status = statuses
            .get(path)
            .unwrap_or_else(|| panic!("{path} is not in SOURCES.md"));
        let bytes = std::fs::read(corpus(path)).unwrap();
        let read =
            std::panic::catch_unwind(|| interchange::read(&bytes, Some(format_of(path)), now()))
                .unwrap_or_else(|_| panic!("{path}: reading panicked"));
        let entry = tally.entry(status.clone()).or_default();
        entry.0 += 1;
        match status.as_str() {
            "V" | "Q" | "M" => {
                let parsed = match read {
                    Ok(parsed) => parsed,
                    Err(e) => panic!("{path} ({status}) must import: {e}"),
                };
                let mut store = Store::open_in_memory().unwrap();
                let plan = plan_of(&store, &parsed).unwrap();
                let summary = transfer::apply_import(&mut store, &plan, now(), &mut |_, _| {})
                    .unwrap_or_else(|e| panic!("{path}: {e}"));
                if status != "M" && !NAMELESS.contains(&path.as_str()) {
                    assert!(summary.created > 0, "{path} ({status}) created no one");
                }
                if NAMELESS.contains(&path.as_str()) {
                    assert_eq!(summary.unreadable, 1, "{path}");
                }
                if summary.created > 0 {
                    entry.1 += 1;
                }
                // Importing it again adds no one.
                let again = plan_of(&store, &parsed).unwrap();
                assert_eq!(
                    again.counts().create,
                    0,
                    "{path}: a second import duplicates"
                );
            }
            "E" => {
                let reported = match read {
                    Err(_) => true,
                    Ok(parsed) => {
                        !parsed.unreadable.is_empty()
                            || parsed.people.iter().any(|p| !p.warnings.is_empty())
                    }
                };
                assert!(reported, "{path} (E) is neither refused nor reported");
                entry.1 += 1;
            }
            _ => {}
        }
    }
    eprintln!("status: (files, files that imported someone or were reported) {tally:?}");
    assert_eq!(tally["E"], (6, 6));
}

#[test]
fn must_fail_files_are_refused_or_reported_per_card() {
    // The BEGIN:VCARD line is missing: nothing imports, the lines are named.
    let parsed = interchange::read(
        &std::fs::read(corpus("vcard/audriga-jmap/rc-vcard-invalid-card.vcf")).unwrap(),
        Some(Format::Vcard),
        now(),
    )
    .unwrap();
    assert!(parsed.people.is_empty());
    assert_eq!(parsed.unreadable[0].source.kind, RecordKind::Lines);
    assert!(parsed.unreadable[0].reason.contains("BEGIN:VCARD"));
    // A file that ends inside a nameless card.
    let parsed = interchange::read(
        &std::fs::read(corpus("vcard/calcard/056.vcf")).unwrap(),
        Some(Format::Vcard),
        now(),
    )
    .unwrap();
    assert!(parsed.people.is_empty());
    assert!(parsed.unreadable[0].reason.contains("no END:VCARD"));
    // A garbage line, a broken photo, spaces after BEGIN/END: the card
    // imports and says what was wrong.
    for (path, expected) in [
        (
            "vcard/audriga-jmap/rc-vcard-invalid-line.vcf",
            "\"blablabla\" is not a vCard property",
        ),
        (
            "vcard/aosp-vcard/v21_malformed_photo.vcf",
            "not valid base64",
        ),
        (
            "vcard/ical4j-vcard/invalid/vcard-dirk-whitespaceafterbegin.vcf",
            "space after BEGIN:VCARD",
        ),
        (
            "vcard/ical4j-vcard/invalid/vcard-incompletenproperty.vcf",
            "space after END:VCARD",
        ),
    ] {
        let parsed = interchange::read(
            &std::fs::read(corpus(path)).unwrap(),
            Some(Format::Vcard),
            now(),
        )
        .unwrap();
        let warnings = parsed.people[0].warnings.join("\n");
        assert!(warnings.contains(expected), "{path}: {warnings}");
    }
}

#[test]
fn expected_vcards_gmail_iphone_outlook() {
    let people = people_of("vcard/ez-vcard/gmail-list.vcf");
    assert_eq!(
        names(&people),
        ["Arnold Smith", "Chris Beatle", "Doug White"]
    );
    let emails: Vec<Vec<&str>> = people.iter().map(|c| values(&c.fields.emails)).collect();
    assert_eq!(
        emails,
        [
            ["asmithk@gmail.com"],
            ["chrisy55d@yahoo.com"],
            ["dwhite@gmail.com"]
        ]
    );

    let greg = &people_of("vcard/ez-vcard/gmail-single.vcf")[0];
    assert_eq!(greg.name(), "Greg Dartmouth");
    assert_eq!(greg.fields.nickname.as_deref(), Some("Gman"));
    assert_eq!(values(&greg.fields.emails), ["gdartmouth@hotmail.com"]);
    assert_eq!(
        labeled(&greg.fields.phones),
        pairs(&[
            ("555 555 1111", "mobile"),
            ("555 555 2222", "GRAND_CENTRAL")
        ])
    );
    assert_eq!(birthday(greg).as_deref(), Some("1960-09-10"));
    assert_eq!(greg.fields.organisation.as_deref(), Some("TheCompany"));
    assert_eq!(
        greg.fields.notes,
        "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField"
    );

    let john = &people_of("vcard/ez-vcard/John_Doe_IPHONE.vcf")[0];
    assert_eq!(john.name(), "Mr. John Richter James Doe Sr.");
    assert_eq!(john.fields.nickname.as_deref(), Some("Johny"));
    assert_eq!(john.fields.organisation.as_deref(), Some("IBM"));
    assert_eq!(values(&john.fields.emails), ["john.doe@ibm.com"]);
    assert_eq!(
        labeled(&john.fields.phones),
        pairs(&[
            ("905-555-1234", "mobile"),
            ("905-666-1234", "home"),
            ("905-777-1234", "work"),
            ("905-888-1234", "home fax"),
            ("905-999-1234", "work fax"),
            ("905-111-1234", "pager"),
            ("905-222-1234", "AssistantPhone"),
        ])
    );
    assert_eq!(birthday(john).as_deref(), Some("2012-06-06"));
    let everything = format!("{john:?}");
    assert!(!everything.contains('\r'), "a stray CR: {everything}");

    let john = &people_of("vcard/ez-vcard/John_Doe_MS_OUTLOOK.vcf")[0];
    assert_eq!(john.name(), "Mr. John Richter James Doe Sr.");
    assert_eq!(values(&john.fields.emails), ["john.doe@ibm.cm"]);
    assert_eq!(
        labeled(&john.fields.phones),
        pairs(&[("(905) 555-1234", "work"), ("(905) 666-1234", "home")])
    );
    assert_eq!(birthday(john).as_deref(), Some("1980-03-22"));
}

#[test]
fn expected_vcards_rfc_android_and_japanese() {
    let people = people_of("vcard/calcard/004.vcf");
    assert_eq!(
        names(&people),
        ["Derik Stenerson", "Anik Ganguly", "Robert Moskowitz"]
    );
    assert_eq!(values(&people[0].fields.emails), ["deriks@Microsoft.com"]);
    assert_eq!(
        labeled(&people[0].fields.phones),
        pairs(&[("+1-425-936-5522", "work"), ("+1-425-936-7329", "work fax")])
    );
    assert_eq!(birthday(&people[0]).as_deref(), Some("1963-09-21"));
    assert_eq!(values(&people[1].fields.emails), ["ganguly@acm.org"]);
    assert_eq!(values(&people[1].fields.phones), ["+1-734-542-5955"]);
    assert_eq!(birthday(&people[1]), None);
    assert_eq!(
        values(&people[2].fields.emails),
        ["rgm-ietf@htt-consult.com"]
    );
    assert!(people[2].fields.phones.is_empty());
    let orgs: Vec<Option<&str>> = people
        .iter()
        .map(|c| c.fields.organisation.as_deref())
        .collect();
    assert_eq!(
        orgs,
        [Some("Microsoft Corporation"), Some("Open Text Inc."), None]
    );

    let joe = &people_of("vcard/aosp-vcard/v21_complicated.vcf")[0];
    assert_eq!(joe.name(), "Joe Due");
    assert_eq!(joe.fields.organisation.as_deref(), Some("Gump Shrimp Co."));
    assert_eq!(
        labeled(&joe.fields.emails),
        pairs(&[
            ("forrestgump@walladalla.com", ""),
            ("cell@example.com", "mobile")
        ])
    );
    assert_eq!(
        values(&joe.fields.phones),
        [
            "(111) 555-1212",
            "(404) 555-1212",
            "0311111111",
            "0322222222",
            "0333333333"
        ]
    );
    assert_eq!(birthday(joe).as_deref(), Some("1980-01-01"));
    assert_eq!(
        joe.fields.notes,
        "The following note is the example from RFC 2045.\n\
         Now's the time for all folk to come to the aid of their country."
    );

    let ando = &people_of("vcard/aosp-vcard/v21_japanese_2.vcf")[0];
    assert_eq!(ando.name(), "安藤 ロイド 1");
    assert_eq!(ando.fields.notes, "メモ");
    assert!(ando.fields.emails.is_empty() && ando.fields.phones.is_empty());

    let backslash = &people_of("vcard/aosp-vcard/v21_backslash.vcf")[0];
    assert_eq!(backslash.name(), r"A;B\C\;D:E\\");
}

#[test]
fn expected_vcards_legacy_encodings_are_never_garbled() {
    let klitschko = &people_of("vcard/folkerkinzel-vcards/MultiAnsiFilterTests/Ukrainian.vcf")[0];
    assert_eq!(klitschko.name(), "Віталій Володимирович Кличко");

    let utf8 = people_of("vcard/folkerkinzel-vcards/v3.vcf");
    assert_eq!(names(&utf8), ["Folker Kinzel", "KMS Außenstelle"]);
    assert_eq!(
        values(&utf8[0].fields.emails),
        ["email1@wumms.de", "email2@folker-kinzel.de"]
    );
    assert_eq!(values(&utf8[0].fields.phones), ["0123-45678"]);
    assert_eq!(birthday(&utf8[0]).as_deref(), Some("1978-03-11"));
    assert_eq!(values(&utf8[1].fields.emails), ["blablö@blub.com"]);
    assert_eq!(
        labeled(&utf8[1].fields.phones),
        pairs(&[("01234-303776", "home"), ("03443-333440", "homeFax")])
    );
    assert_eq!(
        utf8[1].fields.organisation.as_deref(),
        Some("KMS Außenstelle")
    );
    for legacy in [
        "vcard/folkerkinzel-vcards/MultiAnsiFilterTests/v3Ansi.vcf",
        "vcard/folkerkinzel-vcards/MultiAnsiFilterTests/v3Utf16Bom.vcf",
    ] {
        let people = people_of(legacy);
        assert_eq!(names(&people), names(&utf8), "{legacy}");
        assert_eq!(people[0].fields.emails, utf8[0].fields.emails, "{legacy}");
        assert_eq!(
            people[0].fields.birthday, utf8[0].fields.birthday,
            "{legacy}"
        );
        assert_eq!(people[1].fields.emails, utf8[1].fields.emails, "{legacy}");
        assert_eq!(
            labeled(&people[1].fields.phones),
            pairs(&[("03443-303776", "home"), ("03443-333440", "homeFax")]),
            "{legacy}: the home phone differs in this file, as EXPECTED.md says"
        );
        assert_eq!(people[1].fields.organisation, utf8[1].fields.organisation);
    }
    for (path, name) in [
        (
            "vcard/folkerkinzel-vcards/MultiAnsiFilterTests/German.vcf",
            "Sören Täve Nüßlebaum",
        ),
        (
            "vcard/folkerkinzel-vcards/MultiAnsiFilterTests/Murks.vcf",
            "Sören Täve Nüßlebaum",
        ),
        (
            "vcard/folkerkinzel-vcards/MultiAnsiFilterTests/Greek.vcf",
            "Βαγγέλης",
        ),
        (
            "vcard/folkerkinzel-vcards/MultiAnsiFilterTests/Hebrew.vcf",
            "אפרים קישון",
        ),
        ("vcard/aosp-vcard/v30_japanese.vcf", "伊能 圭一 伊予"),
    ] {
        assert_eq!(people_of(path)[0].name(), name, "{path}");
    }
    let sap = people_of("vcard/ical4j-vcard/vcard-vCards-SAP.vcf");
    assert_eq!(sap.len(), 30);
    assert!(names(&sap).contains(&"Ingrid Spaßlund"));
    let cropped = &people_of("vcard/folkerkinzel-vcards/Cropped_2_1.vcf")[0];
    assert!(cropped.fields.notes.starts_with("Kommentar ÄÄÄÄÄÄ ääääää"));
}

#[test]
fn expected_vcards_bulk_and_multi_version_files() {
    let people = people_of("vcard/jeroendesloovere-vcard/examples/assets/contacts.vcf");
    assert_eq!(
        names(&people),
        [
            "Thies-Tillman Jacobsen",
            "Lenn Biernoth",
            "Ludwig-Götz Graßl",
            "Marita Kreutzer",
            "Kathi Hoelzl"
        ]
    );
    let emails: Vec<Vec<&str>> = people.iter().map(|c| values(&c.fields.emails)).collect();
    assert_eq!(
        emails,
        [
            vec![],
            vec!["lenn@lbi.net"],
            vec!["ludwig-goetz@ludwig-goetz-grassl.org"],
            vec![],
            vec!["kathi.hoelzl@alhilal.net"]
        ]
    );
    let birthdays: Vec<String> = people.iter().filter_map(birthday).collect();
    assert_eq!(
        birthdays,
        [
            "1908-10-25",
            "1951-11-22",
            "1943-02-07",
            "1943-07-26",
            "2002-07-11"
        ]
    );
    assert_eq!(people[3].fields.nickname.as_deref(), Some("mkr"));
    assert!(people.iter().all(|c| c.fields.phones.is_empty()));

    // One person written as 4.0, 2.1 and 3.0: one contact, merged.
    let mut store = Store::open_in_memory().unwrap();
    let (plan, summary) = import_file(&mut store, "vcard/node-vcf/multiple.vcf");
    assert_eq!(plan.records.len(), 3);
    assert_eq!(summary.created, 1);
    assert!(matches!(
        plan.records[2].action,
        Action::Skip(SkipReason::SameAsEarlier { .. })
    ));
    let erika = &store.contacts(true).unwrap()[0];
    assert_eq!(erika.name(), "Dr. Erika Mustermann");
    assert_eq!(values(&erika.fields.emails), ["erika@mustermann.de"]);
    assert_eq!(
        values(&erika.fields.phones),
        [
            "+49-221-9999123",
            "+49-221-1234567",
            "(0221) 9999123",
            "(0221) 1234567",
        ],
        "the 3.0 card's numbers are the 4.0 card's, punctuated differently"
    );

    let dos = &people_of("vcard/thunderbird/dos_vcard_addressbook.vcf")[0];
    assert_eq!(dos.name(), "Name Surname");
    assert_eq!(
        labeled(&dos.fields.emails),
        pairs(&[("example@gmail.com", "home")])
    );

    let large = people_of("vcard/folkerkinzel-vcards/LargeFile.vcf");
    assert_eq!(large.len(), 1000);
    assert_eq!(large[0].name(), "Kasey Schmitt");
    assert_eq!(large[999].name(), "Florine Liana Stehr");

    let rc = &people_of("vcard/audriga-jmap/rc-vcard.vcf")[0];
    assert_eq!(rc.name(), "testemailaddress@example.com");
    assert_eq!(
        labeled(&rc.fields.emails),
        pairs(&[
            ("testemailaddress@example.com", "home"),
            ("miscmail@miscmail.com", "other")
        ])
    );
    // Repeated identical numbers are kept once (Kith's lists hold no
    // duplicates).
    assert_eq!(
        labeled(&rc.fields.phones),
        pairs(&[
            ("555123789", "home"),
            ("0123 456 789", "mobile"),
            ("00 98765", "workfax"),
            ("00 111 222 333", "pager")
        ])
    );
    assert_eq!(birthday(rc).as_deref(), Some("1990-02-12"));
}

#[test]
fn expected_csv_files() {
    for path in [
        "csv/thunderbird/basic_csv_addressbook.csv",
        "csv/thunderbird/csv_semicolon.csv",
        "csv/thunderbird/csv_no_header.csv",
    ] {
        let people = people_of(path);
        assert_eq!(names(&people), ["John Doe", "Jane Doe"], "{path}");
        assert_eq!(values(&people[0].fields.emails), ["john@doe.invalid"]);
        assert_eq!(values(&people[1].fields.emails), ["jane@doe.invalid"]);
        assert!(people.iter().all(|c| c.fields.phones.is_empty()));
        assert!(people.iter().all(|c| c.fields.birthday.is_none()));
    }

    let outlook = people_of("csv/folkerkinzel-contacts-io/Outlook365.csv");
    assert_eq!(
        names(&outlook),
        [
            "Anita Jorgensen",
            "Anne-Mette Olesen",
            "Dorena Paschke",
            "Kemal Celik",
            "Shiori Inoue",
            "Dr. Max Peter Mustermann Jr."
        ]
    );
    let emails: Vec<&str> = outlook
        .iter()
        .map(|c| c.fields.emails[0].value.as_str())
        .collect();
    assert_eq!(
        emails,
        [
            "Anita@contoso.com",
            "Anne-Mette@contoso.com",
            "DorenaP@contoso.com",
            "Kemal@contoso.com",
            "Shiori@contoso.com",
            "email@address.com"
        ]
    );
    assert_eq!(birthday(&outlook[0]).as_deref(), Some("1981-01-20"));
    assert_eq!(birthday(&outlook[5]).as_deref(), Some("1984-06-05"));
    // Anita's business and mobile numbers are the same number: kept once.
    assert_eq!(
        labeled(&outlook[0].fields.phones),
        pairs(&[("555-555-1212", "work")])
    );
    assert_eq!(outlook[5].fields.organisation.as_deref(), Some("Google"));
    // EXPECTED.md lists 3 emails for contact 6, but the file holds them in
    // "E-mail 2 Address" etc.: all three import.
    assert_eq!(
        values(&outlook[5].fields.emails),
        [
            "email@address.com",
            "email2@address.com",
            "email3@address.com"
        ]
    );

    let max = &people_of("csv/folkerkinzel-contacts-io/Google.csv")[0];
    assert_eq!(max.name(), "Dr. Max Middle Name Mustermann jr.");
    assert_eq!(max.fields.nickname.as_deref(), Some("Maxl"));
    assert_eq!(birthday(max).as_deref(), Some("1972-01-31"));
    assert_eq!(max.fields.organisation.as_deref(), Some("Firma"));
    // 10 of the 11 emails: "business 3@golker.de" holds a space and is not
    // an address Kith accepts.
    assert_eq!(
        labeled(&max.fields.emails),
        pairs(&[
            ("ohneLabel@folker.de", ""),
            ("ohneLabel2@folker.de", ""),
            ("privat@folker-kinzel.de", "home"),
            ("andere@folker-kinzel.de", "Andere"),
            ("business@folker-kinzel.de", "work"),
            ("business2@folker.de", "work"),
            ("privat2@folker-kinzel.de", "home"),
            ("privat2@folker.de", "home"),
            ("privat3@folker.de", "home"),
            ("andere2@folker.de", "other"),
        ])
    );
    // The phone cells hold words; only those with digits are numbers.
    assert_eq!(
        labeled(&max.fields.phones),
        pairs(&[("Tel10", "Google Voice"), ("Tel9", "Andere")])
    );
    assert_eq!(max.fields.tags, ["Importiert am 29.3.", "myContacts"]);

    let tb = &people_of("csv/folkerkinzel-contacts-io/ThunderbirdAnsi.csv")[0];
    assert_eq!(tb.fields.notes, "Kommentar für Maxl");
    assert_eq!(birthday(tb).as_deref(), Some("1972-01-31"));
    let shift_jis = &people_of("csv/thunderbird/shiftjis_addressbook.csv")[0];
    assert_eq!(shift_jis.name(), "名無しの権兵衛");
    let utf16 = &people_of("csv/thunderbird/utf16_addressbook.csv")[0];
    assert_eq!(utf16.name(), "John Doe");
}

fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    kith::demo::generate(&mut store, 300, 7, day("2026-06-01")).unwrap();
    store
}

#[test]
fn the_json_archive_round_trips_byte_for_byte() {
    let mut source = demo_store();
    let people = source.contacts(true).unwrap();
    let _ = source
        .snooze_nudge(Some(people[0].id), NudgeKind::Neglect, day("2026-12-01"))
        .unwrap();
    let _ = source
        .dismiss_nudge(Some(people[1].id), NudgeKind::TooFast, now().date())
        .unwrap();
    let _ = source
        .dismiss_nudge(Some(people[2].id), NudgeKind::Souring, now().date())
        .unwrap();
    // New evidence after the dismissal: it no longer hides anything.
    source
        .log_interaction(InteractionDraft::new(people[2].id, now()), now())
        .unwrap();
    source.set_setting("cadence_trusted", "45").unwrap();
    let mut plain = ContactDraft::named("Card Person");
    plain.emails = vec![Labeled::new(Some("work"), "card@example.org")];
    let parsed = interchange::read(
        b"BEGIN:VCARD\nVERSION:3.0\nFN:From A Card\nUID:card-uid-1\nEND:VCARD\n",
        None,
        now(),
    )
    .unwrap();
    let plan = plan_of(&source, &parsed).unwrap();
    transfer::apply_import(&mut source, &plan, now(), &mut |_, _| {}).unwrap();
    source.add_contact(NewContact::new(plain), now()).unwrap();
    let _ = source
        .dismiss_nudge(None, NudgeKind::OverCapacity, now().date())
        .unwrap();

    let first = export_bytes(&source, Export::Json).unwrap();
    let mut copy = Store::open_in_memory().unwrap();
    let mut calls = Vec::new();
    let parsed = interchange::read(&first, None, now()).unwrap();
    assert_eq!(parsed.format, Format::Json);
    let plan = plan_of(&copy, &parsed).unwrap();
    let summary = transfer::apply_import(&mut copy, &plan, now(), &mut |done, total| {
        calls.push((done, total))
    })
    .unwrap();
    assert_eq!(summary.created, 302);
    assert!(summary.interactions > 600, "{summary:?}");
    assert!(summary.settings);
    assert_eq!(summary.nudge_states, 4);
    let total = calls.last().unwrap().1;
    assert_eq!(
        calls.last(),
        Some(&(total, total)),
        "progress reaches the end"
    );
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0));

    let second = export_bytes(&copy, Export::Json).unwrap();
    if first != second {
        let (a, b) = (
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second),
        );
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        panic!("archives differ at line {line:?}");
    }
    // The archive is versioned and names people by UUID.
    let json: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(json["format"], "kith-archive");
    assert_eq!(json["version"], 2);
    assert!(
        json["interactions"][0]["participants"][0]
            .as_str()
            .unwrap()
            .len()
            == 36
    );
    assert!(json["people"][0].get("id").is_none());

    // Dismissals mean the same thing in the copy: the current one still
    // hides its nudge (tied to the copy's evidence), the outdated one not.
    let facts = |store: &Store, uuid| {
        let id = store
            .contacts(true)
            .unwrap()
            .into_iter()
            .find(|c| c.uuid == uuid)
            .unwrap()
            .id;
        store
            .nudge_facts_of(id, now().date(), now() - chrono::Duration::days(400))
            .unwrap()
            .unwrap()
            .evidence
    };
    let states = copy.nudge_states().unwrap();
    let current = states
        .iter()
        .find(|s| s.kind == NudgeKind::TooFast)
        .unwrap();
    assert_eq!(
        current.dismissed_at_evidence,
        Some(facts(&copy, people[1].uuid))
    );
    let outdated = states
        .iter()
        .find(|s| s.kind == NudgeKind::Souring)
        .unwrap();
    assert_ne!(
        outdated.dismissed_at_evidence,
        Some(facts(&copy, people[2].uuid))
    );
    let capacity = states
        .iter()
        .find(|s| s.kind == NudgeKind::OverCapacity)
        .unwrap();
    assert_eq!(
        capacity.dismissed_at_evidence,
        Some(kith::domain::nudge::layer_evidence(
            &copy.layer_counts().unwrap()
        ))
    );

    // The same archive again into a database that has it: nothing new.
    let before = snapshot(&copy);
    let plan = plan_of(&copy, &parsed).unwrap();
    let summary = transfer::apply_import(&mut copy, &plan, now(), &mut |_, _| {}).unwrap();
    assert_eq!(
        (summary.created, summary.updated, summary.interactions),
        (0, 0, 0)
    );
    assert_eq!(summary.nudge_states, 0);
    assert_eq!(snapshot(&copy), before);
}

#[test]
fn the_archive_keeps_a_default_handshake_apart_from_an_assessment() {
    let mut source = Store::open_in_memory().unwrap();
    let defaulted = source
        .add_contact(NewContact::new(ContactDraft::named("No Level")), now())
        .unwrap();
    let assessed = source
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Handshake),
                ..NewContact::new(ContactDraft::named("Handshake Set"))
            },
            now(),
        )
        .unwrap();
    let flags = |store: &Store, name: &str| -> Vec<bool> {
        let id = store
            .contacts(true)
            .unwrap()
            .into_iter()
            .find(|c| c.name() == name)
            .unwrap()
            .id;
        let history = store.trust_history(id).unwrap();
        history.iter().map(|c| c.assessed).collect()
    };
    assert!(!source.trust_history(defaulted).unwrap()[0].assessed);
    assert!(source.trust_history(assessed).unwrap()[0].assessed);
    let archive = export_bytes(&source, Export::Json).unwrap();
    let mut copy = Store::open_in_memory().unwrap();
    import_bytes(&mut copy, &archive, None, ImportOptions::default());
    assert_eq!(flags(&copy, "No Level"), [false]);
    assert_eq!(flags(&copy, "Handshake Set"), [true]);
}

#[test]
fn an_archive_merges_into_a_database_by_uuid() {
    let source = demo_store();
    let archive = export_bytes(&source, Export::Json).unwrap();
    let mut target = Store::open_in_memory().unwrap();
    // Someone already here by the same UUID, with less history.
    let ada = &source.contacts(true).unwrap()[0];
    target
        .add_contact(
            NewContact {
                uuid: Some(ada.uuid),
                ..NewContact::new(ContactDraft::named(ada.name()))
            },
            now(),
        )
        .unwrap();
    let (_, summary) = import_bytes(&mut target, &archive, None, ImportOptions::default());
    assert_eq!(summary.created, 299);
    assert_eq!(target.contact_count().unwrap(), 300);
    let here = target
        .contacts(true)
        .unwrap()
        .into_iter()
        .find(|c| c.uuid == ada.uuid)
        .unwrap();
    assert_eq!(
        target.interactions_of(here.id).unwrap().len(),
        source.interactions_of(ada.id).unwrap().len(),
        "their interactions joined the person already here"
    );
    assert_eq!(here.fields.emails, ada.fields.emails);
}

/// The fields vCard carries, for comparing people across a round trip.
fn card_fields(contact: &Contact) -> ContactDraft {
    let f = &contact.fields;
    ContactDraft {
        name: f.name.clone(),
        nickname: f.nickname.clone(),
        emails: f.emails.clone(),
        phones: f.phones.clone(),
        birthday: f.birthday,
        organisation: f.organisation.clone(),
        notes: f.notes.clone(),
        tags: f.tags.clone(),
        ..ContactDraft::default()
    }
}

#[test]
fn vcard_export_imports_back_to_the_same_people() {
    let mut source = demo_store();
    let mut odd = ContactDraft::named("Zoë, \"the\" Ünusual; Name");
    odd.nickname = Some("Z".into());
    odd.emails = vec![Labeled::new(Some("Lab, custom"), "zoe@example.org")];
    odd.phones = vec![
        Labeled::new(Some("home fax"), "+44 1"),
        Labeled::new(None, "+44 2"),
    ];
    odd.birthday = Some(kith::domain::Birthday::parse("--02-29").unwrap());
    odd.notes = "Line one\nLine two; with, punctuation \\ and a backslash".into();
    odd.tags = vec!["a,b".into(), "c".into()];
    source.add_contact(NewContact::new(odd), now()).unwrap();
    let vcf = export_bytes(&source, Export::Vcard).unwrap();
    let mut copy = Store::open_in_memory().unwrap();
    let (_, summary) = import_bytes(&mut copy, &vcf, None, ImportOptions::default());
    assert_eq!(summary.created, 301);
    assert_eq!(summary.unreadable, 0);
    let mut before: Vec<_> = source
        .contacts(true)
        .unwrap()
        .iter()
        .map(card_fields)
        .collect();
    let mut after: Vec<_> = copy
        .contacts(true)
        .unwrap()
        .iter()
        .map(card_fields)
        .collect();
    before.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    after.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a, b);
    }

    // Importing its own export into the source matches everyone by UUID.
    let (plan, summary) = import_bytes(&mut source, &vcf, None, ImportOptions::default());
    assert_eq!((summary.created, summary.updated), (0, 0));
    assert!(plan.records.iter().all(|r| matches!(
        &r.action,
        Action::Skip(SkipReason::Unchanged {
            matched_by: interchange::MatchedBy::Uuid,
            ..
        })
    )));
}

#[test]
fn reimporting_a_file_creates_no_duplicates() {
    for path in [
        "vcard/ez-vcard/gmail-list.vcf",
        "vcard/folkerkinzel-vcards/LargeFile.vcf",
        "vcard/audriga-jmap/nextcloud_vcard.vcf",
        "csv/folkerkinzel-contacts-io/Outlook365.csv",
        "csv/folkerkinzel-contacts-io/Google.csv",
    ] {
        let mut store = Store::open_in_memory().unwrap();
        let (_, first) = import_file(&mut store, path);
        let count = store.contact_count().unwrap();
        let before = snapshot(&store);
        let (_, second) = import_file(&mut store, path);
        assert_eq!(second.created, 0, "{path}");
        assert_eq!(second.updated, 0, "{path}");
        assert_eq!(store.contact_count().unwrap(), count, "{path}");
        assert_eq!(snapshot(&store), before, "{path}");
        assert!(first.created > 0);
    }
    // A card with a UID is found by it even after its email changed.
    let mut store = Store::open_in_memory().unwrap();
    let card = |email: &str| {
        format!("BEGIN:VCARD\nVERSION:3.0\nFN:Uma\nEMAIL:{email}\nUID:x-42\nEND:VCARD\n")
    };
    import_bytes(
        &mut store,
        card("uma@old.org").as_bytes(),
        None,
        ImportOptions::default(),
    );
    let (plan, summary) = import_bytes(
        &mut store,
        card("uma@new.org").as_bytes(),
        None,
        ImportOptions::default(),
    );
    assert_eq!(summary.updated, 1);
    assert!(matches!(
        &plan.records[0].action,
        Action::Update { matched_by: interchange::MatchedBy::Uid, changed, .. } if changed == &["emails"]
    ));
    assert_eq!(store.contact_count().unwrap(), 1);

    // CSV export of Kith people re-imports onto the same people.
    let mut store = demo_store();
    let csv = export_bytes(&store, Export::CsvPeople).unwrap();
    let (_, summary) = import_bytes(&mut store, &csv, None, ImportOptions::default());
    assert_eq!((summary.created, summary.updated), (0, 0));
}

#[test]
fn name_matches_skip_by_default_or_follow_the_option() {
    let card = b"BEGIN:VCARD\nVERSION:3.0\nFN:Sam Lee\nTEL:+1 555 0100\nEND:VCARD\n";
    let setup = || {
        let mut store = Store::open_in_memory().unwrap();
        let mut sam = ContactDraft::named("Sam Lee");
        sam.notes = "Met at the climbing gym.".into();
        let id = store.add_contact(NewContact::new(sam), now()).unwrap();
        (store, id)
    };
    let (mut store, id) = setup();
    let (plan, summary) = import_bytes(&mut store, card, None, ImportOptions::default());
    assert_eq!(summary.skipped, 1);
    let reason = match &plan.records[0].action {
        Action::Skip(reason) => reason.to_string(),
        other => panic!("{other:?}"),
    };
    assert!(
        reason.starts_with(&format!("someone named Sam Lee already exists (id {id})")),
        "{reason}"
    );
    let options = |on_name_match| ImportOptions { on_name_match };
    let (mut store, id) = setup();
    let (_, summary) = import_bytes(&mut store, card, None, options(NameMatch::Update));
    assert_eq!(summary.updated, 1);
    let sam = store.contact(id).unwrap();
    assert_eq!(values(&sam.fields.phones), ["+1 555 0100"]);
    assert_eq!(sam.fields.notes, "Met at the climbing gym.");
    let (mut store, _) = setup();
    let (_, summary) = import_bytes(&mut store, card, None, options(NameMatch::Create));
    assert_eq!(summary.created, 1);
    assert_eq!(store.contact_count().unwrap(), 2);
}

#[test]
fn an_update_never_erases_what_the_file_does_not_carry() {
    let mut store = Store::open_in_memory().unwrap();
    let mut ada = ContactDraft::named("Ada Lovelace");
    ada.emails = vec![Labeled::new(Some("work"), "ada@example.org")];
    ada.organisation = Some("Analytical Engines".into());
    ada.notes = "Vegetarian.".into();
    ada.tags = vec!["maths".into()];
    let id = store
        .add_contact(
            NewContact {
                trust: Some(TrustLevel::Familiar),
                ..NewContact::new(ada)
            },
            now(),
        )
        .unwrap();
    let card = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada King\nEMAIL:ADA@example.org\n\
                TEL;TYPE=CELL:+44 20 7946 0958\nORG:Somewhere Else\nNOTE:Countess.\n\
                CATEGORIES:poetry,Maths\nBDAY:1815-12-10\nEND:VCARD\n";
    let (plan, summary) = import_bytes(&mut store, card.as_bytes(), None, ImportOptions::default());
    assert_eq!(summary.updated, 1);
    match &plan.records[0].action {
        Action::Update { changed, .. } => {
            assert_eq!(changed, &["phones", "tags", "notes"]);
        }
        other => panic!("{other:?}"),
    }
    let after = store.contact(id).unwrap();
    assert_eq!(after.name(), "Ada Lovelace", "the name is kept");
    assert_eq!(
        after.fields.organisation.as_deref(),
        Some("Analytical Engines")
    );
    assert_eq!(after.fields.notes, "Vegetarian.\n\nCountess.");
    assert_eq!(after.fields.tags, ["maths", "poetry"]);
    assert_eq!(after.fields.birthday, None, "1815 is before 1900: left out");
    assert_eq!(after.trust, TrustLevel::Familiar);
    assert_eq!(
        labeled(&after.fields.emails),
        pairs(&[("ada@example.org", "work")])
    );
    let (_, again) = import_bytes(&mut store, card.as_bytes(), None, ImportOptions::default());
    assert_eq!((again.updated, again.skipped), (0, 1));
}

#[test]
fn an_import_that_fails_midway_changes_nothing() {
    let mut store = demo_store();
    let before = snapshot(&store);
    let parsed = interchange::read(
        &std::fs::read(corpus("vcard/folkerkinzel-vcards/LargeFile.vcf")).unwrap(),
        None,
        now(),
    )
    .unwrap();
    let mut plan = plan_of(&store, &parsed).unwrap();
    assert_eq!(plan.counts().create, 1000);
    // A record no one could have read, slipped in at the end.
    let source = Source {
        kind: RecordKind::Card,
        number: 1001,
        line: 0,
    };
    plan.records.push(PlannedRecord {
        person: ImportedPerson::new(source, ContactDraft::named("  ")),
        action: Action::Create,
    });
    let mut calls = 0;
    let error =
        transfer::apply_import(&mut store, &plan, now(), &mut |_, _| calls += 1).unwrap_err();
    assert!(matches!(
        error,
        kith::store::StoreError::Invalid(ValidationError::Empty { field: Field::Name })
    ));
    assert!(calls > 0, "it got going before it failed");
    assert_eq!(snapshot(&store), before);

    // A person deleted between the plan and the apply: also all or nothing.
    let victim = store.contacts(true).unwrap()[0].clone();
    let card = format!(
        "BEGIN:VCARD\nVERSION:3.0\nFN:New One\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:{}\nUID:urn:uuid:{}\nNOTE:more\nEND:VCARD\n",
        victim.name(),
        victim.uuid
    );
    let parsed = interchange::read(card.as_bytes(), None, now()).unwrap();
    let plan = plan_of(&store, &parsed).unwrap();
    assert_eq!(plan.counts().update, 1);
    let _ = store.delete_contact(victim.id).unwrap();
    let before = snapshot(&store);
    assert!(transfer::apply_import(&mut store, &plan, now(), &mut |_, _| {}).is_err());
    assert_eq!(snapshot(&store), before);
}

#[test]
fn csv_exports_neutralise_formulas() {
    let mut store = Store::open_in_memory().unwrap();
    let mut evil = ContactDraft::named("=HYPERLINK(\"http://evil\",\"x\")");
    evil.notes = "@SUM(A1:A9)".into();
    evil.tags = vec!["-2+3".into()];
    evil.phones = vec![Labeled::new(None, "+44 20 7946 0958")];
    let id = store.add_contact(NewContact::new(evil), now()).unwrap();
    let mut draft = InteractionDraft::new(id, now());
    draft.note = "\tcmd|' /C calc'!A0".into();
    store.log_interaction(draft, now()).unwrap();
    for (what, header) in [
        (Export::CsvPeople, interchange::csv::PEOPLE_HEADER),
        (
            Export::CsvInteractions,
            interchange::csv::INTERACTIONS_HEADER,
        ),
    ] {
        let bytes = export_bytes(&store, what).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for spreadsheets");
        let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), header);
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{what:?}: {cell:?}"
                );
                cells += usize::from(cell.starts_with('\''));
            }
        }
        assert!(cells >= 1, "{what:?}");
    }
    // Importing the export gives the values back without the quotes.
    let bytes = export_bytes(&store, Export::CsvPeople).unwrap();
    let mut copy = Store::open_in_memory().unwrap();
    import_bytes(&mut copy, &bytes, None, ImportOptions::default());
    let back = &copy.contacts(true).unwrap()[0];
    assert_eq!(back.name(), "=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(back.fields.notes, "@SUM(A1:A9)");
    assert_eq!(back.fields.tags, ["-2+3"]);
    assert_eq!(values(&back.fields.phones), ["+44 20 7946 0958"]);
}

#[cfg(unix)]
#[test]
fn exports_are_written_atomically_and_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let store = demo_store();
    let dir = tempfile::tempdir().unwrap();
    for (name, what) in [
        ("all.json", Export::Json),
        ("people.vcf", Export::Vcard),
        ("people.csv", Export::CsvPeople),
        ("interactions.csv", Export::CsvInteractions),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, b"old").unwrap();
        let written = transfer::write_export(&store, &path, what).unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{name}");
        assert_eq!(meta.len(), written.bytes);
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        4,
        "no temporary files left"
    );
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let err = interchange::check_size(interchange::MAX_FILE_BYTES + 1).unwrap_err();
    assert!(matches!(err, ImportError::TooBig { .. }));
    assert!(err.to_string().contains("up to 100 MB"), "{err}");
    let many = "BEGIN:VCARD\n".repeat(interchange::MAX_RECORDS + 1);
    let err = interchange::read(many.as_bytes(), None, now()).unwrap_err();
    assert!(
        err.to_string()
            .contains("200001 cards; Kith imports at most 200000"),
        "{err}"
    );
    let rows = "a\n".repeat(interchange::MAX_RECORDS + 5);
    let err = interchange::read(rows.as_bytes(), Some(Format::Csv), now()).unwrap_err();
    assert!(matches!(
        err,
        ImportError::TooManyRecords { noun: "rows", .. }
    ));
}

#[test]
fn fifty_thousand_cards_import_in_seconds() {
    let mut file = String::new();
    for i in 0..50_000 {
        file.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bulk-{i}\r\nFN:Person {i}\r\nN:{i};Person;;;\r\n\
             EMAIL;TYPE=INTERNET,HOME:person{i}@example.org\r\nTEL;TYPE=CELL:+44 7700 {i:06}\r\n\
             ORG:Company {}\r\nBDAY:1980-01-{:02}\r\nNOTE:Card number {i}\\, generated.\r\n\
             CATEGORIES:bulk,test\r\nEND:VCARD\r\n",
            i % 97,
            i % 28 + 1
        ));
    }
    let mut store = Store::open_in_memory().unwrap();
    let started = std::time::Instant::now();
    let parsed = interchange::read(file.as_bytes(), None, now()).unwrap();
    let read = started.elapsed();
    let plan = plan_of(&store, &parsed).unwrap();
    let planned = started.elapsed();
    let summary = transfer::apply_import(&mut store, &plan, now(), &mut |_, _| {}).unwrap();
    let applied = started.elapsed();
    eprintln!(
        "50,000 cards ({} MB): read {:.2} s, planned {:.2} s, applied {:.2} s",
        file.len() / 1_000_000,
        read.as_secs_f64(),
        (planned - read).as_secs_f64(),
        (applied - planned).as_secs_f64()
    );
    assert_eq!(summary.created, 50_000);
    assert!(applied.as_secs() < 120, "took {applied:?}");
    // And again: all matched by UID, through the in-memory index.
    let started = std::time::Instant::now();
    let plan = plan_of(&store, &parsed).unwrap();
    assert_eq!(plan.counts().skip, 50_000);
    eprintln!(
        "re-planning 50,000: {:.2} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn everything_the_app_hands_to_a_background_thread_is_send() {
    fn send<T: Send + 'static>() {}
    send::<interchange::Parsed>();
    send::<ImportPlan>();
    send::<ImportSummary>();
    send::<ImportError>();
    send::<kith::store::StoreError>();
    // And an import really can run on another thread, reporting progress.
    let bytes = std::fs::read(corpus("vcard/ez-vcard/gmail-list.vcf")).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let mut store = Store::open_in_memory().unwrap();
        let parsed = interchange::read(&bytes, None, now()).unwrap();
        let plan = plan_of(&store, &parsed).unwrap();
        transfer::apply_import(&mut store, &plan, now(), &mut |done, total| {
            tx.send((done, total)).unwrap();
        })
        .unwrap()
    });
    let summary = worker.join().unwrap();
    assert_eq!(summary.created, 3);
    assert_eq!(rx.iter().last(), Some((3, 3)));
}
