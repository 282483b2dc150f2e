//! `KITH_TIMINGS=1`: the built binary says where a command's time went, on
//! standard error only, and only when asked.

use std::process::{Command, Output};

fn nudges(db: &std::path::Path, timings: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    command
        .arg("--db")
        .arg(db)
        .args(["nudges", "--json", "--today", "2026-11-22"])
        .env_remove(kith::timings::TIMINGS_ENV);
    if let Some(value) = timings {
        command.env(kith::timings::TIMINGS_ENV, value);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn the_phases_of_a_command_are_printed_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    let made = Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("--db")
        .arg(&db)
        .args(["demo", "--people", "30", "--today", "2026-11-22"])
        .output()
        .unwrap();
    assert!(made.status.success());

    let plain = nudges(&db, None);
    assert_eq!(String::from_utf8_lossy(&plain.stderr), "");
    assert_eq!(nudges(&db, Some("0")).stderr, b"");

    let timed = nudges(&db, Some("1"));
    assert_eq!(timed.stdout, plain.stdout, "the output is the same");
    let stderr = String::from_utf8(timed.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let timings = kith::timings::parse(lines[0]).unwrap_or_else(|| panic!("{stderr}"));
    let phases = &timings.phases;
    let labels: Vec<&str> = phases.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "arguments",
            "file checks",
            "lock",
            "connection",
            "pragmas",
            "migrations",
            "nudge facts",
            "nudges",
            "output",
            "close",
        ],
        "{stderr}"
    );
    let sum: f64 = phases.iter().map(|(_, ms)| ms).sum();
    // Each figure is rounded to 0.1 ms; the total also holds the time
    // between the last mark and the report.
    assert!(
        sum <= timings.total_ms + 0.1 * phases.len() as f64,
        "{stderr}"
    );
    if cfg!(target_os = "linux") {
        assert!(timings.peak_mb.is_some_and(|mb| mb > 0), "{stderr}");
    }
}
