//! `kith import` given what it must not import, or must not import as it
//! is: binaries, databases, devices and FIFOs, archives with records the
//! rules refuse, names with control characters. Each is refused with a
//! message naming the file, the record or the field, quickly and without
//! growing memory, and the database is left as it was; the dry run finds
//! whatever the import would refuse.

mod binary;

use std::time::{Duration, Instant};

use binary::Kith;
use serde_json::{Value, json};

/// The peak memory of `kith args` in MB and its standard error, measured
/// with `/usr/bin/time` where there is one.
fn peak_mb(kith: &Kith, args: &[&str]) -> Option<(u64, String)> {
    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let output = std::process::Command::new(time)
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_kith"))
        .arg("--db")
        .arg(&kith.db)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let kb: u64 = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })?
        .parse()
        .ok()?;
    Some((kb / 1024, stderr))
}

#[test]
fn binaries_and_databases_are_no_contacts_files() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    // A program, under its own name and under a contacts file's.
    let program = std::fs::read(env!("CARGO_BIN_EXE_kith")).unwrap();
    for name in ["ls", "ls.csv", "ls.vcf", "ls.json"] {
        let path = kith.path(name);
        std::fs::write(&path, &program[..program.len().min(4 << 20)]).unwrap();
        let err = kith.fails(1, &["import", path.to_str().unwrap()]);
        assert!(
            err.contains(name) && err.contains("the file is binary"),
            "{name}: {err}"
        );
    }
    // Noise without a single NUL byte.
    let noise: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251 + 1) as u8).collect();
    let path = kith.path("noise.csv");
    std::fs::write(&path, noise).unwrap();
    let err = kith.fails(1, &["import", path.to_str().unwrap()]);
    assert!(err.contains("control characters"), "{err}");
    // Kith's own database, and another application's.
    let err = kith.fails(1, &["import", kith.db.to_str().unwrap()]);
    assert!(
        err.contains("is a Kith database, not a contacts file"),
        "{err}"
    );
    let mut other = b"SQLite format 3\0".to_vec();
    other.resize(4096, 0);
    let path = kith.path("other.sqlite");
    std::fs::write(&path, other).unwrap();
    let err = kith.fails(1, &["import", path.to_str().unwrap(), "--format", "csv"]);
    assert!(
        err.contains("is an SQLite database, not a contacts file"),
        "{err}"
    );
    assert_eq!(kith.names(), ["Ada"]);
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_endless_files_are_refused_at_once() {
    use std::io::Write;
    let kith = Kith::new();
    let quick = |args: &[&str], expected: &str| {
        let started = Instant::now();
        let err = kith.fails(1, args);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(started.elapsed() < Duration::from_secs(10), "{args:?}");
    };
    quick(
        &["import", "/dev/zero"],
        "/dev/zero: is a device, not a regular file",
    );
    quick(
        &["import", "/dev/urandom", "--format", "vcard"],
        "is a device, not a regular file",
    );
    // A FIFO with a writer feeding it.
    let fifo = kith.path("contacts.vcf");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    // Read and write, so opening it waits for no one.
    let mut feed = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    feed.write_all(&b"BEGIN:VCARD\nFN:Fifo\nEND:VCARD\n".repeat(100))
        .unwrap();
    quick(
        &["import", fifo.to_str().unwrap()],
        "is a FIFO (named pipe), not a regular file",
    );
    drop(feed);
    // Sparse files of a gigabyte of zeros, as an archive (read as a stream)
    // and as an archive whose records run into zeros: refused from what
    // is read first, without reading the rest.
    for (name, start) in [
        ("zeros.json", &b""[..]),
        (
            "endless.json",
            &br#"{"format": "kith-archive", "version": 1, "people": ["#[..],
        ),
    ] {
        let path = kith.path(name);
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(start).unwrap();
        file.set_len(1 << 30).unwrap();
        drop(file);
        let path = path.to_str().unwrap();
        quick(&["import", path], "not a contacts file");
        if let Some((mb, stderr)) = peak_mb(&kith, &["import", path]) {
            assert!(mb < 100, "{name}: {mb} MB\n{stderr}");
        }
        std::fs::remove_file(path).unwrap();
    }
    assert!(!kith.db.exists(), "nothing was opened or created");
}

#[test]
fn a_one_column_csv_of_names_imports() {
    let kith = Kith::new();
    let path = kith.path("names.csv");
    std::fs::write(&path, "name\nReg Person\n").unwrap();
    let out = kith.ok(&["import", path.to_str().unwrap()]);
    assert!(
        out.contains("created Reg Person, from row 1 (line 2)"),
        "{out}"
    );
    // Without the extension too.
    let path = kith.path("names.txt");
    std::fs::write(&path, "Name\r\nAnna Other\r\n").unwrap();
    kith.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(kith.names(), ["Anna Other", "Reg Person"]);
}

#[test]
fn an_empty_vcard_and_an_empty_csv_both_import_no_one() {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Ada"]);
    for name in ["empty.vcf", "empty.csv"] {
        let path = kith.path(name);
        std::fs::write(&path, "").unwrap();
        let out = kith.ok(&["import", path.to_str().unwrap()]);
        assert!(
            out.contains("the file is empty: there is nothing to import"),
            "{name}: {out}"
        );
        assert!(out.contains("Created 0, updated 0, skipped 0."), "{out}");
    }
    // What a name does not say, the content cannot either.
    let path = kith.path("empty");
    std::fs::write(&path, "").unwrap();
    let err = kith.fails(1, &["import", path.to_str().unwrap()]);
    assert!(err.contains("the file is empty"), "{err}");
    // Kith's own vCard export of no one imports back.
    let none = Kith::new();
    let vcf = none.path("none.vcf");
    none.ok(&["export", vcf.to_str().unwrap()]);
    none.ok(&["import", vcf.to_str().unwrap()]);
    assert_eq!(kith.names(), ["Ada"]);
}

/// An archive of a small demo database, as JSON.
fn demo_archive() -> (Kith, Value) {
    let kith = Kith::new();
    kith.ok(&["demo", "--people", "12", "--seed", "5"]);
    let path = kith.path("demo.json");
    kith.ok(&["export", path.to_str().unwrap()]);
    let archive = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    (kith, archive)
}

#[test]
fn an_archive_in_utf16_without_a_byte_order_mark_imports() {
    let (source, archive) = demo_archive();
    let text = serde_json::to_string_pretty(&archive).unwrap();
    for (name, bytes) in [
        (
            "le.json",
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            "be.json",
            [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        ),
    ] {
        let copy = Kith::new();
        let path = copy.path(name);
        std::fs::write(&path, bytes).unwrap();
        let out = copy.ok(&["import", path.to_str().unwrap()]);
        assert!(out.contains("Created 12, updated 0, skipped 0."), "{out}");
        assert_eq!(copy.names(), source.names());
    }
}

/// Imports `archive` into a copy of `kith`'s database: the dry run and
/// the import itself must both refuse it with `expected`, and change
/// nothing.
fn refused(kith: &Kith, archive: &Value, expected: &str) {
    let path = kith.path("changed.json");
    std::fs::write(&path, serde_json::to_vec_pretty(archive).unwrap()).unwrap();
    let before = std::fs::read(&kith.db).unwrap();
    for dry in [true, false] {
        let mut args = vec!["import", path.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let err = kith.fails(1, &args);
        assert!(err.contains(expected), "dry run {dry}: {err}");
    }
    assert_eq!(std::fs::read(&kith.db).unwrap(), before);
}

#[test]
fn the_dry_run_finds_everything_the_import_would_refuse_and_names_the_record() {
    let (_, archive) = demo_archive();
    let target = Kith::new();
    target.ok(&["contact", "add", "Someone Here"]);
    let change = |edit: &dyn Fn(&mut Value)| {
        let mut archive = archive.clone();
        edit(&mut archive);
        archive
    };
    let first = archive["interactions"][0].clone();
    let uuid = first["uuid"].as_str().unwrap().to_owned();
    let count = archive["interactions"].as_array().unwrap().len();
    refused(
        &target,
        &change(&|a| {
            a["interactions"]
                .as_array_mut()
                .unwrap()
                .push(first.clone())
        }),
        &format!(
            "interaction {} (uuid {uuid}): the uuid appears twice",
            count + 1
        ),
    );
    let change_uuid = archive["people"][0]["trust_history"][0]["uuid"].clone();
    refused(
        &target,
        &change(&|a| a["people"][1]["trust_history"][0]["uuid"] = change_uuid.clone()),
        ": the uuid appears twice",
    );
    refused(
        &target,
        &change(&|a| a["interactions"][3]["when"] = json!("9999-12-31T00:00:00")),
        "interaction 4 (uuid ",
    );
    refused(
        &target,
        &change(&|a| a["interactions"][3]["when"] = json!("9999-12-31T00:00:00")),
        "when: 9999-12-31 00:00 is in the future",
    );
    refused(
        &target,
        &change(&|a| {
            for value in a["settings"].as_object_mut().unwrap().values_mut() {
                *value = json!(0);
            }
        }),
        "not a readable Kith archive: settings: ",
    );
    let name = archive["people"][2]["name"].as_str().unwrap().to_owned();
    for (met_on, expected) in [
        (
            "-0001-01-01",
            "met on: -1 is out of range (1900 to 2026)".to_owned(),
        ),
        (
            "1899-12-31",
            "met on: 1899 is out of range (1900 to 2026)".to_owned(),
        ),
        (
            "2026-02-30",
            format!("person 3 ({name}): met_on: \"2026-02-30\" is not a date"),
        ),
    ] {
        refused(
            &target,
            &change(&|a| a["people"][2]["met_on"] = json!(met_on)),
            &expected,
        );
    }
    refused(
        &target,
        &change(&|a| a["people"][2]["name"] = json!("Evil\u{1b}]0;PWNED\u{7}")),
        "person 3 (Evil",
    );
    refused(
        &target,
        &change(&|a| a["people"][2]["name"] = json!("Evil\u{1b}]0;PWNED\u{7}")),
        "name: holds the control character U+001B (escape) at character 5",
    );
    assert_eq!(target.names(), ["Someone Here"]);
}

#[test]
fn names_with_control_characters_are_refused_from_cards_and_rows_and_notes_cleaned() {
    let kith = Kith::new();
    let vcf = kith.path("evil.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Evil\u{1b}]0;PWNED\u{7}\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Nora Note\nNOTE:Copy\u{1b}]52;c;aGk=\u{7} this\nEND:VCARD\n",
    )
    .unwrap();
    let out = kith.ok(&["import", vcf.to_str().unwrap()]);
    assert!(
        out.contains(
            "from card 1 (line 1): refused: name: holds the control character U+001B (escape)"
        ),
        "{out}"
    );
    assert!(out.contains("notes: 2 control characters removed"), "{out}");
    let csv = kith.path("evil.csv");
    std::fs::write(
        &csv,
        "name,email\n\"Dave\u{8}\u{8}\u{8}\u{8}Eve\",eve@example.org\n",
    )
    .unwrap();
    let out = kith.ok(&["import", csv.to_str().unwrap()]);
    assert!(
        out.contains("from row 1 (line 2): refused: name: holds the control character U+0008"),
        "{out}"
    );
    assert_eq!(kith.names(), ["Nora Note"]);
    let nora = kith.json(&["contact", "show", "Nora Note", "--json"]);
    assert_eq!(nora["notes"], "Copy]52;c;aGk= this");
}
