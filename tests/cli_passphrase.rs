//! `kith passphrase set|change|remove`, and every command on an encrypted
//! database, through the built binary: the passphrases come from
//! `KITH_PASSPHRASE` and `KITH_NEW_PASSPHRASE` (standard input is not a
//! terminal here, so nothing prompts).

mod binary;

use std::process::{Command, Output, Stdio};

use binary::Kith;

/// Runs `kith --db DB args` with these environment variables.
fn run(kith: &Kith, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    command
        .arg("--db")
        .arg(&kith.db)
        .args(args)
        .env_remove("KITH_PASSPHRASE")
        .env_remove("KITH_NEW_PASSPHRASE")
        .stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn ok(kith: &Kith, env: &[(&str, &str)], args: &[&str]) -> String {
    let output = run(kith, env, args);
    assert!(
        output.status.success(),
        "kith {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn fails(kith: &Kith, env: &[(&str, &str)], args: &[&str]) -> String {
    let output = run(kith, env, args);
    assert_eq!(output.status.code(), Some(1), "kith {args:?}");
    String::from_utf8(output.stderr).unwrap()
}

const OLD: (&str, &str) = ("KITH_PASSPHRASE", "tide pools");
const NEW: (&str, &str) = ("KITH_NEW_PASSPHRASE", "tide pools");

/// A database with someone whose notes say something private, protected
/// with "tide pools".
fn protected() -> Kith {
    let kith = Kith::new();
    kith.ok(&[
        "contact",
        "add",
        "Grace Hopper",
        "--notes",
        "confided the diagnosis",
    ]);
    kith.ok(&["backup"]);
    let out = ok(&kith, &[NEW], &["passphrase", "set"]);
    assert!(out.contains("now encrypted"), "{out}");
    assert!(out.contains("cannot be recovered"), "{out}");
    assert!(out.contains("Rewrote 2 backups"), "{out}");
    kith
}

#[test]
fn a_command_on_an_encrypted_database_needs_its_passphrase_and_a_wrong_one_writes_nothing() {
    let kith = protected();
    let before = std::fs::read(&kith.db).unwrap();
    let missing = fails(&kith, &[], &["contact", "list"]);
    assert!(
        missing.contains("is protected by a passphrase") && missing.contains("KITH_PASSPHRASE"),
        "{missing}"
    );
    let wrong = fails(
        &kith,
        &[("KITH_PASSPHRASE", "tide pool")],
        &["contact", "add", "Someone New"],
    );
    assert!(
        wrong.contains("That passphrase does not open this database"),
        "{wrong}"
    );
    assert_eq!(std::fs::read(&kith.db).unwrap(), before);
    let beside: Vec<_> = std::fs::read_dir(kith.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        beside
            .iter()
            .all(|name| !name.ends_with("-wal") && !name.ends_with("-shm")),
        "{beside:?}"
    );
    let list = ok(&kith, &[OLD], &["contact", "list"]);
    assert!(list.contains("Grace Hopper"), "{list}");
}

#[test]
fn check_backup_export_and_restore_work_on_an_encrypted_database() {
    let kith = protected();
    let check = ok(&kith, &[OLD], &["check"]);
    assert!(check.contains(": ok"), "{check}");
    let backup = ok(&kith, &[OLD], &["backup"]);
    assert!(backup.contains("Backed up 1 person"), "{backup}");
    let file = kith.path("everything.json");
    let export = run(&kith, &[OLD], &["export", file.to_str().unwrap()]);
    assert!(export.status.success());
    let note = String::from_utf8_lossy(&export.stderr);
    assert!(note.contains("an export is a plain file"), "{note}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("confided the diagnosis")
    );

    // The passphrase goes; the backups keep it, and a restore asks for it.
    let removed = ok(&kith, &[OLD], &["passphrase", "remove"]);
    assert!(removed.contains("no longer encrypted"), "{removed}");
    assert!(removed.contains("stay encrypted"), "{removed}");
    ok(&kith, &[], &["contact", "add", "Katherine Johnson"]);
    let list = ok(&kith, &[], &["backup", "--list", "--json"]);
    let backups: serde_json::Value = serde_json::from_str(&list).unwrap();
    let oldest = backups.as_array().unwrap().last().unwrap()["path"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = fails(&kith, &[], &["restore", &oldest]);
    assert!(
        refused.contains("is protected by a passphrase"),
        "{refused}"
    );
    let restored = ok(&kith, &[OLD], &["restore", &oldest]);
    assert!(restored.contains("Restored 1 person"), "{restored}");
    let names = ok(&kith, &[OLD], &["contact", "list"]);
    assert!(!names.contains("Katherine Johnson"), "{names}");
}

#[test]
fn change_asks_for_the_old_passphrase_and_takes_the_new_one() {
    let kith = protected();
    let changed = ok(
        &kith,
        &[OLD, ("KITH_NEW_PASSPHRASE", "rock pools")],
        &["passphrase", "change"],
    );
    assert!(changed.contains("Rewrote 3 backups"), "{changed}");
    fails(&kith, &[OLD], &["contact", "list"]);
    ok(
        &kith,
        &[("KITH_PASSPHRASE", "rock pools")],
        &["contact", "list"],
    );
    let no_new = fails(
        &kith,
        &[("KITH_PASSPHRASE", "rock pools")],
        &["passphrase", "change"],
    );
    assert!(no_new.contains("KITH_NEW_PASSPHRASE"), "{no_new}");
    let twice = fails(
        &kith,
        &[("KITH_PASSPHRASE", "rock pools"), NEW],
        &["passphrase", "set"],
    );
    assert!(twice.contains("already protected"), "{twice}");
}
