//! Dates to remember through contacts files, as a person runs `kith
//! import` and `kith export`: vCard's ANNIVERSARY (and Apple's X-ABDATE),
//! Google CSV's "Event N" columns and Kith's own `dates` column; each
//! added once however often the file is imported; an unreadable one is a
//! warning naming it, and its person still imports.

mod binary;
mod corpus;

use binary::Kith;

fn corpus(path: &str) -> String {
    corpus::dir().join(path).to_string_lossy().into_owned()
}

/// The lines of `kith date list NAME`.
fn dates(kith: &Kith, name: &str) -> Vec<String> {
    let list = kith.ok(&["date", "list", name]);
    list.lines().map(|l| l.trim().to_owned()).collect()
}

fn has(lines: &[String], text: &str) -> bool {
    lines.iter().any(|l| l.contains(text))
}

const CARDS: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\n\
    EMAIL:ada@example.org\r\nANNIVERSARY:19960415\r\n\
    item1.X-ABDATE:--06-02\r\nitem1.X-ABLabel:Moved in\r\nEND:VCARD\r\n\
    BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Diddley\r\nANNIVERSARY:19961345\r\nEND:VCARD\r\n";

#[test]
fn a_vcard_anniversary_imports_once_and_exports_back() {
    let kith = Kith::new();
    let file = kith.path("people.vcf");
    std::fs::write(&file, CARDS).unwrap();
    let file = file.to_str().unwrap();
    let out = kith.ok(&["import", file]);
    assert!(
        out.contains("anniversary \"19961345\" left out: not a date Kith reads"),
        "{out}"
    );
    assert_eq!(kith.names(), ["Ada Lovelace", "Bo Diddley"]);
    let ada = dates(&kith, "Ada Lovelace");
    assert_eq!(ada.len(), 2, "{ada:?}");
    assert!(has(&ada, "anniversary: 1996-04-15"), "{ada:?}");
    assert!(has(&ada, "Moved in: --06-02"), "{ada:?}");
    assert!(has(&dates(&kith, "Bo Diddley"), "No dates to remember"));

    // Twice, and once more by a card that adds an email: nothing twice.
    kith.ok(&["import", file]);
    let more = kith.path("more.vcf");
    std::fs::write(
        &more,
        CARDS.replace(
            "EMAIL:ada@example.org\r\n",
            "EMAIL:ada@example.org\r\nEMAIL:a@b.org\r\n",
        ),
    )
    .unwrap();
    kith.ok(&["import", more.to_str().unwrap()]);
    assert_eq!(dates(&kith, "Ada Lovelace"), ada);

    // A date new to her is a change, shown before it is made.
    let later = kith.path("later.vcf");
    std::fs::write(
        &later,
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nEMAIL:ada@example.org\nANNIVERSARY:--1210\nEND:VCARD\n",
    )
    .unwrap();
    let later = later.to_str().unwrap();
    let plan = kith.ok(&["import", later, "--dry-run"]);
    assert!(plan.contains("same email ada@example.org: dates"), "{plan}");
    kith.ok(&["import", later]);
    let now = dates(&kith, "Ada Lovelace");
    assert!(has(&now, "anniversary: --12-10"), "{now:?}");
    assert_eq!(now.len(), 3, "{now:?}");
    kith.ok(&["date", "delete", "3"]);

    // Out as ANNIVERSARY and X-ABDATE, and back into another database.
    let out = kith.path("out.vcf");
    kith.ok(&["export", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("ANNIVERSARY:19960415"), "{text}");
    assert!(text.contains(".X-ABDATE:--06-02"), "{text}");
    let other = Kith::new();
    other.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(dates(&other, "Ada Lovelace"), ada);
}

#[test]
fn google_csv_events_import_once_and_kiths_csv_carries_them() {
    let kith = Kith::new();
    let file = kith.path("google.csv");
    std::fs::write(
        &file,
        "Name,E-mail 1 - Value,Event 1 - Type,Event 1 - Value,Event 2 - Type,Event 2 - Value\n\
         Max,max@example.org,Anniversary,2011-06-02,,--12-06\n\
         Eva,eva@example.org,Other,soon,,\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = kith.ok(&["import", file]);
    assert!(
        out.contains("other \"soon\" left out: not a date Kith reads"),
        "{out}"
    );
    let max = dates(&kith, "Max");
    assert_eq!(max.len(), 2, "{max:?}");
    assert!(has(&max, "anniversary: 2011-06-02"), "{max:?}");
    assert!(has(&max, "date: --12-06"), "{max:?}");
    kith.ok(&["import", file]);
    assert_eq!(dates(&kith, "Max"), max);
    assert!(has(&dates(&kith, "Eva"), "No dates to remember"));

    let out = kith.path("out.csv");
    kith.ok(&["export", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("anniversary:2011-06-02; date:--12-06"),
        "{text}"
    );
    let other = Kith::new();
    other.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(dates(&other, "Max"), max);
}

#[test]
fn real_exports_bring_their_anniversaries() {
    let kith = Kith::new();
    for file in [
        "csv/folkerkinzel-contacts-io/Google.csv",
        "vcard/ez-vcard/gmail-single.vcf",
        "vcard/ez-vcard/John_Doe_MS_OUTLOOK.vcf",
    ] {
        kith.ok(&["import", &corpus(file)]);
    }
    for (name, date) in [
        (
            "Dr. Max Middle Name Mustermann jr.",
            "anniversary: 2001-01-04",
        ),
        ("Greg Dartmouth", "anniversary: 1970-06-02"),
        ("Mr. John Richter James Doe Sr.", "anniversary: 2011-01-13"),
    ] {
        let list = dates(&kith, name);
        assert!(has(&list, date), "{name}: {list:?}");
    }
}
