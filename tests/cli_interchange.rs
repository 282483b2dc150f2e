//! `kith import` and `kith export` as a person runs them: output, dry runs,
//! error messages, exit codes, and databases left untouched on error.

mod binary;
mod corpus;

use binary::Kith;

fn corpus(path: &str) -> String {
    corpus::dir().join(path).to_string_lossy().into_owned()
}

#[test]
fn import_prints_each_record_and_a_second_run_adds_no_one() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Doug White", "--notes", "From the gym"]);
    let file = corpus("vcard/ez-vcard/gmail-list.vcf");
    let out = kith.ok(&["import", &file]);
    assert!(out.contains("vCard 3.0, 3 cards"), "{out}");
    assert!(
        out.contains("created Arnold Smith, from card 1 (line 1)"),
        "{out}"
    );
    assert!(
        out.contains("skipped Doug White, from card 3 (line 13): someone named Doug White already exists (id 1)"),
        "{out}"
    );
    assert!(out.contains("Created 2, updated 0, skipped 1."), "{out}");
    let again = kith.ok(&["import", &file]);
    assert!(
        again.contains("Created 0, updated 0, skipped 3."),
        "{again}"
    );
    assert!(again.contains("same email asmithk@gmail.com"), "{again}");
    assert_eq!(kith.names(), ["Arnold Smith", "Chris Beatle", "Doug White"]);

    // Asked to, the name match merges instead.
    let out = kith.ok(&["import", &file, "--on-name-match", "update"]);
    assert!(
        out.contains("updated Doug White (id 1) from card 3 (line 13), same name: emails"),
        "{out}"
    );
    let doug: serde_json::Value =
        serde_json::from_str(&kith.ok(&["contact", "show", "Doug White", "--json"])).unwrap();
    assert_eq!(doug["emails"][0]["value"], "dwhite@gmail.com");
    assert_eq!(doug["notes"], "From the gym");
}

#[test]
fn dry_run_shows_the_plan_and_changes_nothing() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    let before = std::fs::read(&kith.db).unwrap();
    let out = kith.ok(&[
        "import",
        &corpus("csv/folkerkinzel-contacts-io/Outlook365.csv"),
        "--dry-run",
    ]);
    assert!(out.contains("Outlook CSV, 6 rows"), "{out}");
    assert!(
        out.contains("note: the file was read as windows-1252"),
        "{out}"
    );
    assert!(
        out.contains("create Anita Jorgensen, from row 1 (line 2)"),
        "{out}"
    );
    assert!(
        out.contains("phone \"Business Phone\" left out: not a phone number (no digits)"),
        "{out}"
    );
    assert!(
        out.contains("Dry run: would create 6, update 0 and skip 0. Nothing was changed."),
        "{out}"
    );
    assert_eq!(std::fs::read(&kith.db).unwrap(), before);
    assert_eq!(kith.names(), ["Ada"]);

    // Nor does a dry run create a database that is not there.
    let fresh = Kith::new();
    let out = fresh.ok(&[
        "import",
        &corpus("vcard/ez-vcard/gmail-list.vcf"),
        "--dry-run",
    ]);
    assert!(out.contains("would create 3"), "{out}");
    assert!(!fresh.db.exists());
}

#[test]
fn unreadable_cards_are_named_and_a_file_with_none_readable_fails() {
    let kith = Kith::new();
    let mixed = kith.path("mixed.vcf");
    std::fs::write(
        &mixed,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\nBEGIN:VCARD\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555\nEND:VCARD\n",
    )
    .unwrap();
    let out = kith.ok(&["import", mixed.to_str().unwrap()]);
    assert!(
        out.contains("cannot read card 2 (line 5): the card is empty"),
        "{out}"
    );
    assert!(
        out.contains("cannot read card 3 (line 7): the card has no name, organisation or email"),
        "{out}"
    );
    assert!(
        out.contains("Created 1, updated 0, skipped 0; 2 cards could not be read."),
        "{out}"
    );
    let output = kith.run(&[
        "import",
        &corpus("vcard/audriga-jmap/rc-vcard-invalid-card.vcf"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.contains("cannot read lines 1–33: not inside any BEGIN:VCARD … END:VCARD card"),
        "{out}"
    );
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("kith: nothing in"), "{err}");
}

#[test]
fn export_writes_each_format_owner_only_and_json_reimports() {
    let kith = Kith::new();
    kith.ok(&[
        "demo",
        "--people",
        "40",
        "--seed",
        "3",
        "--today",
        "2026-06-01",
    ]);
    let json = kith.path("everything.json");
    let out = kith.ok(&["export", json.to_str().unwrap()]);
    assert!(
        out.contains("Exported 40 people with their whole history"),
        "{out}"
    );
    let vcf = kith.path("people.vcf");
    kith.ok(&["export", vcf.to_str().unwrap()]);
    let csv = kith.path("people.txt");
    kith.ok(&["export", csv.to_str().unwrap(), "--format", "csv"]);
    let log = kith.path("log.csv");
    let out = kith.ok(&["export", log.to_str().unwrap(), "--what", "interactions"]);
    assert!(out.contains("interactions to"), "{out}");
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("participant uuids")
    );
    #[cfg(unix)]
    for file in [&json, &vcf, &csv, &log] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    assert!(
        std::fs::read_to_string(&vcf)
            .unwrap()
            .starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    );

    // The archive into an empty database, and out again: the same bytes.
    let copy = Kith::new();
    let out = copy.ok(&["import", json.to_str().unwrap()]);
    assert!(out.contains("Kith archive, version 2"), "{out}");
    assert!(out.contains("Created 40, updated 0, skipped 0."), "{out}");
    let again = copy.path("again.json");
    copy.ok(&["export", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&json).unwrap(),
        std::fs::read(&again).unwrap()
    );
    // Every format of the export re-imports onto the same people.
    for file in [&json, &vcf, &csv] {
        let out = copy.ok(&["import", file.to_str().unwrap()]);
        assert!(out.contains("Created 0, updated 0, skipped 40."), "{out}");
    }
}

#[test]
fn bad_requests_are_refused_and_change_nothing() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    let before = std::fs::read(&kith.db).unwrap();
    let gmail = corpus("vcard/ez-vcard/gmail-list.vcf");

    // Usage errors: exit 2, naming the field and the choices.
    let err = kith.fails(2, &["import", &gmail, "--format", "xml"]);
    assert!(
        err.contains("format: unknown value \"xml\" (expected one of: vcard, csv, json)"),
        "{err}"
    );
    let err = kith.fails(2, &["import", &gmail, "--on-name-match", "ask"]);
    assert!(err.contains("on name match"), "{err}");
    let err = kith.fails(2, &["export", "x.csv", "--what", "everything"]);
    assert!(err.contains("what: unknown value"), "{err}");

    // Refused: exit 1 with the reason.
    let missing = kith.path("nowhere.vcf");
    let err = kith.fails(1, &["import", missing.to_str().unwrap()]);
    assert!(
        err.contains("nowhere.vcf: No such file or directory"),
        "{err}"
    );

    let big = kith.path("huge.vcf");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(100 * 1024 * 1024 + 1).unwrap();
    let err = kith.fails(1, &["import", big.to_str().unwrap()]);
    assert!(
        err.contains("the file is 101 MB; Kith imports files up to 100 MB"),
        "{err}"
    );

    let unknown = kith.path("notes.txt");
    std::fs::write(&unknown, "just some words\n").unwrap();
    let err = kith.fails(1, &["import", unknown.to_str().unwrap()]);
    assert!(
        err.contains("cannot tell what kind of file this is"),
        "{err}"
    );

    let other_json = kith.path("other.json");
    std::fs::write(&other_json, r#"{"people": []}"#).unwrap();
    let err = kith.fails(1, &["import", other_json.to_str().unwrap()]);
    assert!(err.contains("not a readable Kith archive"), "{err}");

    let err = kith.fails(1, &["import", &gmail, "--format", "json"]);
    assert!(err.contains("not valid JSON"), "{err}");

    let err = kith.fails(1, &["export", kith.path("out.data").to_str().unwrap()]);
    assert!(
        err.contains("cannot tell the format from the name"),
        "{err}"
    );
    let err = kith.fails(
        1,
        &[
            "export",
            kith.path("out.json").to_str().unwrap(),
            "--what",
            "people",
        ],
    );
    assert!(err.contains("--what applies to CSV only"), "{err}");
    let err = kith.fails(
        1,
        &[
            "export",
            kith.path("no/such/dir/out.json").to_str().unwrap(),
        ],
    );
    assert!(err.contains("out.json"), "{err}");

    assert_eq!(std::fs::read(&kith.db).unwrap(), before);
    assert!(!kith.path("out.json").exists());
    let help = kith.ok(&["--help"]);
    assert!(help.contains("import") && help.contains("export"), "{help}");
}
