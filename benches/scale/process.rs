//! Whole processes, as a person meets them: the real `kith` binary, warm
//! and with the database's pages evicted from the page cache (as after a
//! reboot), with `KITH_TIMINGS=1` read back so the table shows where the
//! time goes, and the process's own peak memory, which it prints with its
//! timings (`wait4`'s figure would count this process's memory too: `exec`
//! keeps the high-water mark of the memory it replaces, and a spawned child
//! starts on this process's).
//!
//! Evicting needs no root: `posix_fadvise(DONTNEED)` on the database and
//! its `-wal`, after `fsync` (dirty pages are not dropped). The binary
//! itself stays cached, as it would after the first launch of the day.

use std::fs::File;
use std::io::{BufRead as _, BufReader};
use std::os::fd::AsRawFd as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ms;

/// One run of the binary.
pub struct Run {
    /// From spawning it to reaping it.
    pub wall: Duration,
    /// The phases of its `kith timings:` line, in milliseconds, with
    /// `start` (exec to main) first and `exit` (from the line to reaped)
    /// last, both measured from here.
    pub phases: Vec<(String, f64)>,
    /// Its peak resident memory, up to its timings line.
    pub peak_mb: u64,
}

impl Run {
    /// Milliseconds from the first line of `main` to the end of `phase`.
    pub fn until(&self, phase: &str) -> Option<f64> {
        let at = self.phases.iter().position(|(label, _)| label == phase)?;
        let phases = self.phases[..=at]
            .iter()
            .filter(|(label, _)| label != "start");
        Some(phases.map(|(_, ms)| ms).sum())
    }
}

/// Runs `command` with `KITH_TIMINGS=1`, its output thrown away, and waits
/// for it. Panics with its standard error if it fails.
pub fn run(mut command: Command) -> Run {
    command
        .env(kith::timings::TIMINGS_ENV, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("running kith");
    let stderr = child.stderr.take().expect("standard error, piped");
    // Read as it comes, so that the line's arrival tells start from exit.
    let reader = std::thread::spawn(move || {
        let mut timings = None;
        let mut other = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.expect("standard error");
            match kith::timings::parse(&line) {
                Some(phases) if timings.is_none() => timings = Some((Instant::now(), phases)),
                _ => other.push_str(&format!("{line}\n")),
            }
        }
        (timings, other)
    });
    let status = child.wait().expect("waiting for kith");
    let ended = Instant::now();
    let (timings, other) = reader.join().expect("reading standard error");
    assert!(status.success(), "kith failed ({status}): {other}");
    let (line_at, timings) = timings.unwrap_or_else(|| panic!("no timings line: {other}"));
    let mut phases = timings.phases;
    let start = ms(line_at - started) - timings.total_ms;
    phases.insert(0, ("start".to_owned(), start.max(0.0)));
    phases.push(("exit".to_owned(), ms(ended - line_at)));
    Run {
        wall: ended - started,
        phases,
        peak_mb: timings.peak_mb.unwrap_or(0),
    }
}

fn with_suffix(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Drops the database's pages (and its log's) from the page cache.
pub fn evict(db: &Path) {
    for path in [db.to_owned(), with_suffix(db, "-wal")] {
        let Ok(file) = File::open(&path) else {
            continue; // no log
        };
        file.sync_all().expect("written out");
        // SAFETY: a valid open descriptor; the call only advises the kernel.
        let error =
            unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        assert_eq!(error, 0, "posix_fadvise on {}", path.display());
    }
}

/// The share of the file's pages in the page cache (0 to 1), from
/// `mincore`: to check that evicting evicted.
pub fn cached_share(path: &Path) -> f64 {
    let file = File::open(path).expect("the database");
    let len = file.metadata().expect("its size").len() as usize;
    if len == 0 {
        return 0.0;
    }
    // SAFETY: a read-only shared mapping of an open file, unmapped below;
    // its memory is never read, only asked about.
    unsafe {
        let map = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ,
            libc::MAP_SHARED,
            file.as_raw_fd(),
            0,
        );
        assert_ne!(map, libc::MAP_FAILED, "mmap {}", path.display());
        let page = libc::sysconf(libc::_SC_PAGESIZE) as usize;
        let mut cached = vec![0u8; len.div_ceil(page)];
        let error = libc::mincore(map, len, cached.as_mut_ptr());
        libc::munmap(map, len);
        assert_eq!(error, 0, "mincore {}", path.display());
        cached.iter().filter(|&&c| c & 1 == 1).count() as f64 / cached.len() as f64
    }
}

/// The median of each phase over `runs`, in the order of the first run.
pub fn median_phases(runs: &[Run]) -> Vec<(String, f64)> {
    let Some(first) = runs.first() else {
        return Vec::new();
    };
    first
        .phases
        .iter()
        .map(|(label, _)| {
            let mut values: Vec<f64> = runs
                .iter()
                .filter_map(|r| r.phases.iter().find(|(l, _)| l == label).map(|p| p.1))
                .collect();
            values.sort_by(f64::total_cmp);
            (label.clone(), values[values.len() / 2])
        })
        .collect()
}

/// The real window under Xvfb, when `xvfb-run` is installed: it closes
/// itself after its first frame (`KITH_SMOKE_FRAMES=1`). HOME and the
/// runtime folder are `scratch`, so nothing of the person running the
/// bench is read or written.
pub fn window_command(kith: &Path, db: &Path, scratch: &Path) -> Option<Command> {
    let xvfb_run = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("xvfb-run"))
            .find(|path| path.is_file())
    })?;
    let runtime = scratch.join("runtime");
    kith::private_files::create_dir_all(&runtime).expect("a runtime folder");
    let mut command = Command::new(xvfb_run);
    command
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(kith)
        .arg("--db")
        .arg(db)
        .env("HOME", scratch)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env(kith::app::SMOKE_FRAMES_ENV, "1");
    Some(command)
}
