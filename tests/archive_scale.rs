//! The archive at the scale Kith claims: 100,000 people and about a
//! million interactions exported, imported into an empty database and
//! exported again give the same bytes, within the budgets of the README
//! (export under 300 MB of memory, import under 400 MB, each under 90 s).
//! It takes minutes, so it only runs when asked, on a release build:
//!
//! ```sh
//! cargo test --release --test archive_scale -- --ignored --nocapture
//! KITH_SCALE_PEOPLE=10000 cargo test --release --test archive_scale -- --ignored --nocapture
//! ```
//!
//! Peak memory is measured with `/usr/bin/time -v` where it exists.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// How long a command took and the most memory it held.
struct Measured {
    seconds: f64,
    peak_mb: Option<u64>,
}

/// Runs `kith --db db args…`, which must succeed.
fn kith(db: &Path, args: &[&str]) -> Measured {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut command = Command::new(time);
        command.arg("-v").arg(env!("CARGO_BIN_EXE_kith"));
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_kith"))
    };
    let started = Instant::now();
    let output = command
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "kith {args:?}: {stderr}");
    let peak_mb = common::peak_mb(&stderr);
    Measured { seconds, peak_mb }
}

/// Whether two files hold the same bytes, read a megabyte at a time.
fn same_bytes(a: &Path, b: &Path) -> bool {
    let open =
        |p: &Path| std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(p).unwrap());
    let (mut a, mut b) = (open(a), open(b));
    let (mut x, mut y) = (vec![0; 1 << 20], vec![0; 1 << 20]);
    loop {
        let n = read_full(&mut a, &mut x);
        let m = read_full(&mut b, &mut y);
        if n != m || x[..n] != y[..m] {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}

fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]).unwrap() {
            0 => break,
            n => filled += n,
        }
    }
    filled
}

fn report(what: &str, measured: &Measured) {
    let peak = measured
        .peak_mb
        .map_or("?".to_owned(), |mb| format!("{mb} MB"));
    eprintln!("{what}: {:.1} s, peak memory {peak}", measured.seconds);
}

#[test]
#[ignore = "minutes of work: run it on a release build (see the README)"]
fn a_hundred_thousand_people_go_through_the_archive_and_back_byte_for_byte() {
    let people: usize = std::env::var("KITH_SCALE_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite3");
    let copy = dir.path().join("copy.sqlite3");
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    let count = people.to_string();
    report(
        &format!("demo of {people} people"),
        &kith(&source, &["demo", "--people", &count, "--seed", "1"]),
    );
    let export = kith(&source, &["export", first.to_str().unwrap()]);
    let size_mb = std::fs::metadata(&first).unwrap().len() / 1_000_000;
    report(&format!("export ({size_mb} MB)"), &export);
    let import = kith(&copy, &["import", first.to_str().unwrap()]);
    report("import into an empty database", &import);
    let again = kith(&copy, &["export", second.to_str().unwrap()]);
    report("export of the copy", &again);
    assert!(
        same_bytes(&first, &second),
        "the copy's archive differs from the original's"
    );
    if cfg!(debug_assertions) || people < 100_000 {
        return;
    }
    for (what, measured, budget_mb) in [("export", &export, 300), ("import", &import, 400)] {
        assert!(
            measured.seconds < 90.0,
            "{what} took {:.1} s",
            measured.seconds
        );
        if let Some(mb) = measured.peak_mb {
            assert!(mb < budget_mb, "{what} peaked at {mb} MB");
        }
    }
}
