//! Where a run's time goes: a process-wide recorder of phases, off unless
//! the environment variable `KITH_TIMINGS=1` is set.
//!
//! [`mark`] ends a phase: the time since the previous mark (or since the
//! first line of `main`, see [`begin`]) is added to the phase's label, so a
//! label marked twice (the file checks before and after the connection
//! opens) adds up. [`report`] prints the phases once, in the order they were
//! first met, on standard error, then the total and the process's peak
//! memory so far (where /proc says it):
//!
//! ```text
//! kith timings: arguments 0.3 ms · file checks 1.2 ms · nudges 180.0 ms · total 223.1 ms · peak memory 138 MB
//! ```
//!
//! The time before `main` (loading the binary) cannot be known from inside
//! at better than the kernel's 10 ms clock tick, so it is not in the line:
//! whoever starts the process measures it (`benches/scale.rs` does).
//!
//! The variable is read once. When it is off, a mark costs one atomic load.
//! Touches nothing but the clock and standard error.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Environment variable: `1` prints where the time went on standard error.
pub const TIMINGS_ENV: &str = "KITH_TIMINGS";

struct Recorder {
    origin: Instant,
    last: Instant,
    /// Time per label, in the order the labels were first marked.
    phases: Vec<(&'static str, Duration)>,
    reported: bool,
}

/// `None` when timings are off.
fn recorder() -> Option<&'static Mutex<Recorder>> {
    static RECORDER: OnceLock<Option<Mutex<Recorder>>> = OnceLock::new();
    RECORDER
        .get_or_init(|| {
            let on = std::env::var(TIMINGS_ENV).is_ok_and(|v| v == "1");
            on.then(|| {
                let now = Instant::now();
                Mutex::new(Recorder {
                    origin: now,
                    last: now,
                    phases: Vec::new(),
                    reported: false,
                })
            })
        })
        .as_ref()
}

/// Starts the clock (the first line of `main`); reads the variable.
pub fn begin() {
    let _ = recorder();
}

/// Ends the phase `label`: the time since the previous mark is added to it.
pub fn mark(label: &'static str) {
    let Some(recorder) = recorder() else {
        return;
    };
    let now = Instant::now();
    let mut r = recorder.lock().unwrap_or_else(|e| e.into_inner());
    let took = now - r.last;
    r.last = now;
    match r.phases.iter_mut().find(|(l, _)| *l == label) {
        Some((_, total)) => *total += took,
        None => r.phases.push((label, took)),
    }
}

/// Prints the phases and the total since [`begin`] on standard error, the
/// first time it is called (the window prints at its first frame, a command
/// when it ends).
pub fn report() {
    finish_with(None);
}

/// Ends the phase `label` and reports, unless a report was already
/// printed: for what happens again and again (every frame), of which only
/// the first counts.
pub fn finish(label: &'static str) {
    finish_with(Some(label));
}

fn finish_with(label: Option<&'static str>) {
    let Some(recorder) = recorder() else {
        return;
    };
    if recorder.lock().unwrap_or_else(|e| e.into_inner()).reported {
        return;
    }
    if let Some(label) = label {
        mark(label);
    }
    let mut r = recorder.lock().unwrap_or_else(|e| e.into_inner());
    r.reported = true;
    let total = r.origin.elapsed();
    eprintln!("{}", line(&r.phases, total, peak_memory_mb()));
}

fn line(phases: &[(&'static str, Duration)], total: Duration, peak_mb: Option<u64>) -> String {
    let mut parts: Vec<String> = phases
        .iter()
        .map(|(label, took)| format!("{label} {:.1} ms", ms(*took)))
        .collect();
    parts.push(format!("total {:.1} ms", ms(total)));
    if let Some(mb) = peak_mb {
        parts.push(format!("peak memory {mb} MB"));
    }
    format!("kith timings: {}", parts.join(" · "))
}

/// The process's peak resident memory so far, from /proc (`None` where
/// there is none). Its own: unlike `wait4`'s figure, it does not count the
/// memory of the process that started it.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A `kith timings:` line read back (by the bench).
#[derive(Debug, PartialEq)]
pub struct Timings {
    /// Each phase and its milliseconds, in order.
    pub phases: Vec<(String, f64)>,
    pub total_ms: f64,
    pub peak_mb: Option<u64>,
}

/// Reads a `kith timings:` line; `None` for any other line.
pub fn parse(line: &str) -> Option<Timings> {
    let rest = line.strip_prefix("kith timings: ")?;
    let mut phases = Vec::new();
    let mut peak_mb = None;
    for part in rest.split(" · ") {
        if let Some(mb) = part.strip_prefix("peak memory ") {
            peak_mb = Some(mb.strip_suffix(" MB")?.parse().ok()?);
            continue;
        }
        let (label, number) = part.strip_suffix(" ms")?.rsplit_once(' ')?;
        phases.push((label.to_owned(), number.parse().ok()?));
    }
    let (last, total_ms) = phases.pop()?;
    (last == "total").then_some(Timings {
        phases,
        total_ms,
        peak_mb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back_as_its_phases() {
        let phases = [
            ("file checks", Duration::from_micros(1_250)),
            ("first screen data", Duration::from_millis(180)),
        ];
        let text = line(&phases, Duration::from_micros(223_140), Some(138));
        assert_eq!(
            text,
            "kith timings: file checks 1.2 ms · first screen data 180.0 ms · total 223.1 ms \
             · peak memory 138 MB"
        );
        assert_eq!(
            parse(&text),
            Some(Timings {
                phases: vec![
                    ("file checks".to_owned(), 1.2),
                    ("first screen data".to_owned(), 180.0),
                ],
                total_ms: 223.1,
                peak_mb: Some(138),
            })
        );
        let without_memory = line(&phases, Duration::from_millis(200), None);
        assert_eq!(parse(&without_memory).unwrap().peak_mb, None);
        assert_eq!(parse("kith: something else"), None);
    }
}
