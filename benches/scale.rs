//! The scale benchmark: Kith at 1,000, 10,000 and 100,000 people (about ten
//! interactions each), against the budgets in the README.
//!
//! Run with `cargo bench --bench scale`. `KITH_BENCH_SIZES=1000,10000`
//! chooses the sizes and `KITH_BENCH_RUNS=7` the runs per measure. Each size
//! runs in its own process so that its peak memory is its own. Databases are
//! generated with `kith demo` (seed 1, anchored to 2026-11-22) in a temp
//! folder and deleted afterwards. `KITH_BENCH_PASSPHRASE=1` encrypts each
//! database with a passphrase once it is made: every opening then derives
//! the key again, as a new process would.
//!
//! What is timed is what a person waits for: opening the database to the
//! first screen's data, computing every nudge, a search keystroke to the
//! filtered list, opening a person's page, logging an interaction with the
//! view update, and the CPU time of one frame of the real UI (egui pass and
//! tessellation, no GPU) on People and Today (every fold open) at the top,
//! middle and end.
//!
//! Then whole processes (`process.rs`): the real `kith nudges --json`, warm
//! and with the database evicted from the page cache, with where its time
//! goes (`KITH_TIMINGS=1`) and its peak memory; and the window's first
//! screen's data with the database evicted: in this process (the same
//! `Store::open_for_window` and `KithApp::new` the window runs), and in the
//! real window under Xvfb when `xvfb-run` is installed.

use std::path::Path;
use std::process::Command as Process;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use kith::app::{Clock, KithApp};
use kith::domain::nudge::intimate_lookback;
use kith::domain::{ContactId, InteractionDraft};
use kith::domain::{Field, Passphrase};
use kith::store::{PassphraseChange, Store};
use kith::ui::people::PeopleState;
use kith::ui::view::PeopleFilter;
use kith::ui::{Command, Prefs, Screen};

#[path = "scale/process.rs"]
mod process;

const DEFAULT_SIZES: &[u32] = &[1_000, 10_000, 100_000];

// The allocator the kith binary uses, so that what is measured is what runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let people: u32 = args[at + 1].parse().expect("a size");
        child(people);
        return;
    }
    let sizes: Vec<u32> = std::env::var("KITH_BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .map(|n| n.trim().parse().expect("a size"))
                .collect()
        })
        .unwrap_or_else(|| DEFAULT_SIZES.to_vec());
    let exe = std::env::current_exe().expect("the bench binary");
    let mut columns = Vec::new();
    for &size in &sizes {
        eprintln!("scale: {size} people…");
        let output = Process::new(&exe)
            .arg("--child")
            .arg(size.to_string())
            .output()
            .expect("running a size");
        if !output.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            panic!("the {size} run failed");
        }
        let text = String::from_utf8(output.stdout).expect("utf-8");
        let rows: Vec<(String, String)> = text
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        columns.push((size, rows));
    }
    print_table(&columns);
}

/// Budgets at 100,000 people, by measure.
fn budget(measure: &str) -> &'static str {
    match measure {
        "open to first screen" => "< 500 ms",
        "all nudges" => "< 200 ms",
        "search keystroke (p95 / slowest)" => "< 16 ms",
        "search: first keystroke after a change (p95 / slowest)" => "< 16 ms",
        "open a person" => "< 5 ms",
        "log an interaction" => "< 5 ms",
        m if m.starts_with("frame") => "< 4 ms",
        "peak memory" => "< 200 MB",
        "process: nudges --json, warm" => "< 100 ms",
        "process: nudges --json, evicted" => "< 800 ms",
        m if m.starts_with("process: peak memory") => "< 200 MB",
        m if m.starts_with("window: first screen data, evicted") => "< 1 s",
        m if m.starts_with("window: peak memory") => "< 200 MB",
        _ => "",
    }
}

fn print_table(columns: &[(u32, Vec<(String, String)>)]) {
    let mut header = "| measure (median / worst) |".to_owned();
    let mut rule = "|---|".to_owned();
    for (size, _) in columns {
        header.push_str(&format!(" {} people |", thousands(*size as usize)));
        rule.push_str("---|");
    }
    header.push_str(" budget at 100,000 |");
    rule.push_str("---|");
    println!("{header}\n{rule}");
    let measures: Vec<String> = columns
        .first()
        .map(|(_, rows)| rows.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    for measure in measures {
        let mut line = format!("| {measure} |");
        for (_, rows) in columns {
            let value = rows
                .iter()
                .find(|(k, _)| *k == measure)
                .map_or("", |(_, v)| v.as_str());
            line.push_str(&format!(" {value} |"));
        }
        line.push_str(&format!(" {} |", budget(&measure)));
        println!("{line}");
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(10, 0, 0).expect("a time")
}

fn clock() -> Clock {
    Arc::new(now)
}

fn runs() -> usize {
    std::env::var("KITH_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
}

/// Times `f` `n` times; returns the durations.
fn time_n(n: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            let started = Instant::now();
            f(i);
            started.elapsed()
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median_worst(mut times: Vec<Duration>) -> String {
    times.sort();
    let median = times[times.len() / 2];
    let worst = *times.last().expect("at least one run");
    format!("{:.2} / {:.2} ms", ms(median), ms(worst))
}

fn percentile(mut times: Vec<Duration>, p: f64) -> Duration {
    times.sort();
    let at = ((times.len() as f64 - 1.0) * p).round() as usize;
    times[at]
}

fn report(measure: &str, value: String) {
    println!("{measure}\t{value}");
}

fn child(people: u32) {
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join("kith.sqlite3");
    let runs = runs();

    // The database, made once.
    let started = Instant::now();
    let made = {
        let mut store = Store::open(&path).expect("a new database");
        kith::demo::generate(&mut store, people, 1, today()).expect("demo data")
    };
    report(
        "interactions",
        format!(
            "{} (made in {:.1} s)",
            thousands(made.interactions),
            started.elapsed().as_secs_f64()
        ),
    );
    report("participations", thousands(made.participations));

    let passphrase = std::env::var("KITH_BENCH_PASSPHRASE")
        .is_ok_and(|v| v == "1")
        .then(|| {
            Passphrase::new(Field::Passphrase, "correct horse battery".to_owned())
                .expect("a passphrase")
        });
    if let Some(passphrase) = &passphrase {
        let change = PassphraseChange::Set(passphrase.clone());
        kith::store::change_passphrase(&path, &change, now()).expect("encrypted");
    }
    // Opening the database (with its passphrase, if it has one: the key
    // derived again each time) and loading what Today shows.
    let open = || {
        if let Some(passphrase) = &passphrase {
            kith::store::forget_key(&path);
            kith::store::unlock(&path, passphrase).expect("the passphrase");
        }
        let store = Store::open(&path).expect("the database");
        KithApp::new(store, clock(), Prefs::default()).expect("the app")
    };
    drop(open()); // warm the OS cache once, as a relaunch would find it
    let times = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let app = open();
            let took = started.elapsed();
            drop(app); // freeing what was loaded is not part of opening
            took
        })
        .collect();
    report("open to first screen", median_worst(times));

    // Every nudge, as `kith nudges` and Today compute them: everyone's
    // facts read from the store and judged a batch at a time. Then, apart,
    // reading and decoding everyone's facts into one list.
    let store = Store::open(&path).expect("the database");
    let settings = store.settings().expect("settings");
    let mut due = 0;
    let total = time_n(runs, |_| {
        due = store.due_nudges(today()).expect("nudges").len();
    });
    let facts_times = time_n(runs, |_| {
        let facts = store
            .nudge_facts(today(), intimate_lookback(today(), &settings))
            .expect("facts");
        std::hint::black_box(facts.len());
    });
    report("all nudges", median_worst(total));
    report(
        "  reading everyone's facts alone",
        median_worst(facts_times),
    );
    report("nudges due", thousands(due));
    drop(store);

    whole_processes(&path, dir.path(), passphrase.as_ref(), runs);

    let mut app = open();

    // A search keystroke: the list filtered again for a longer query.
    let words = [
        "ma", "ana", "sil", "jo", "tan", "ro", "ha", "li", "mu", "kim",
    ];
    let mut list = PeopleState::default();
    let mut filter = PeopleFilter::default();
    let _ = list.visible(&app.view, &filter);
    let mut keystrokes = Vec::new();
    for _ in 0..runs.max(3) {
        for word in words {
            filter.query.clear();
            for c in word.chars() {
                filter.query.push(c);
                let started = Instant::now();
                let shown = list.visible(&app.view, &filter).len();
                keystrokes.push(started.elapsed());
                std::hint::black_box(shown);
            }
        }
    }
    report(
        "search keystroke (p95 / slowest)",
        format!(
            "{:.2} / {:.2} ms",
            ms(percentile(keystrokes.clone(), 0.95)),
            ms(percentile(keystrokes, 1.0))
        ),
    );

    // The first keystroke after a change: someone's row changed (an
    // interaction logged), so what the list kept must be brought up to date
    // before it searches.
    let ids: Vec<ContactId> = app.view.people.iter().map(|r| r.id()).collect();
    let mut first = Vec::new();
    for run in 0..runs.max(3) * 4 {
        let id = ids[(run * 6007 + 11) % ids.len()];
        let mut draft = InteractionDraft::new(id, now());
        draft.note = "Benchmark message".into();
        app.apply(Command::log(draft));
        // Two letters: a full search that reads text (one letter is answered
        // by the initials alone).
        filter.query = words[run % words.len()][..2].to_owned();
        let started = Instant::now();
        let shown = list.visible(&app.view, &filter).len();
        first.push(started.elapsed());
        std::hint::black_box(shown);
    }
    report(
        "search: first keystroke after a change (p95 / slowest)",
        format!(
            "{:.2} / {:.2} ms",
            ms(percentile(first.clone(), 0.95)),
            ms(percentile(first, 1.0))
        ),
    );

    // Opening a person's page: profile, trust history, timeline.
    let step = (ids.len() / (runs + 1)).max(1);
    report(
        "open a person",
        median_worst(time_n(runs, |i| {
            app.apply(Command::Show(Screen::Person(
                ids[(i + 1) * step % ids.len()],
            )));
        })),
    );

    // Logging an interaction, committed, with the view updated.
    report(
        "log an interaction",
        median_worst(time_n(runs, |i| {
            let id = ids[(i * 7919 + 3) % ids.len()];
            let mut draft = InteractionDraft::new(id, now());
            draft.note = "Benchmark call".into();
            app.apply(Command::log(draft));
        })),
    );
    assert!(app.state.banner.is_none(), "{:?}", app.state.banner);

    // One frame of the real UI, without the GPU.
    for (screen, name) in [(Screen::People, "People"), (Screen::Today, "Today")] {
        app.apply(Command::Show(screen));
        // Today with every fold open: the longest list it can draw.
        app.state.today.open_all();
        for (place, fraction) in [("top", 0.0), ("middle", 0.5), ("end", 1.0)] {
            let times = frames(&mut app, fraction, runs.max(5));
            report(&format!("frame: {name}, {place}"), median_worst(times));
        }
    }

    report(
        "peak memory",
        format!("{} MB", kith::timings::peak_memory_mb().unwrap_or(0)),
    );
    drop(app);
}

/// Draws frames scrolled to `fraction` of the list; returns the CPU time of
/// each measured frame (the egui pass and tessellation).
fn frames(app: &mut KithApp, fraction: f32, n: usize) -> Vec<Duration> {
    let ctx = egui::Context::default();
    ctx.all_styles_mut(|style| style.scroll_animation = egui::style::ScrollAnimation::none());
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let input = |events: Vec<egui::Event>| egui::RawInput {
        screen_rect: Some(screen),
        events,
        ..Default::default()
    };
    let content = 40.0 * app.view.people.len().max(app.view.nudges.len()) as f32;
    let mut frame = |events: Vec<egui::Event>| {
        let output = ctx.run_ui(input(events), |ui| app.frame_ui(ui));
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives.len());
    };
    // Settle the layout, then scroll the list under the pointer.
    for _ in 0..3 {
        frame(Vec::new());
    }
    let list = egui::pos2(700.0, 500.0);
    frame(vec![egui::Event::PointerMoved(list)]);
    if fraction > 0.0 {
        let delta = -content * fraction;
        frame(vec![egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, delta),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        }]);
        for _ in 0..3 {
            frame(Vec::new());
        }
    }
    time_n(n, |_| frame(vec![egui::Event::PointerMoved(list)]))
}

/// The real binary, warm and evicted, and the window's first screen's data
/// evicted (see `process.rs`).
fn whole_processes(path: &Path, scratch: &Path, passphrase: Option<&Passphrase>, runs: usize) {
    let kith = Path::new(env!("CARGO_BIN_EXE_kith"));
    let nudges = || {
        let mut command = Process::new(kith);
        command.arg("--db").arg(path).args(["nudges", "--json"]);
        command.args(["--today", &today().to_string()]);
        if let Some(passphrase) = passphrase {
            command.env(kith::cli::PASSPHRASE_VAR, passphrase.expose());
        }
        process::run(command)
    };
    drop(nudges()); // warm the OS cache once
    let warm: Vec<process::Run> = (0..runs).map(|_| nudges()).collect();
    process::evict(path);
    let cached = process::cached_share(path);
    let evicted: Vec<process::Run> = (0..runs)
        .map(|_| {
            process::evict(path);
            nudges()
        })
        .collect();
    let walls = |runs: &[process::Run]| runs.iter().map(|r| r.wall).collect::<Vec<_>>();
    report("process: nudges --json, warm", median_worst(walls(&warm)));
    report(
        "process: nudges --json, evicted",
        median_worst(walls(&evicted)),
    );
    report(
        "  database in the page cache after evicting",
        format!("{:.0}%", 100.0 * cached),
    );
    // Where the time goes: each phase's median, warm and evicted.
    let cold = process::median_phases(&evicted);
    for (phase, warm_ms) in process::median_phases(&warm) {
        let cold_ms = cold.iter().find(|(p, _)| *p == phase).map_or(0.0, |p| p.1);
        report(
            &format!("  {phase} (warm / evicted)"),
            format!("{warm_ms:.1} / {cold_ms:.1} ms"),
        );
    }
    let peak = warm.iter().chain(&evicted).map(|r| r.peak_mb).max();
    report(
        "process: peak memory (nudges --json)",
        format!("{} MB", peak.unwrap_or(0)),
    );

    // The window's loader, in this process: what `window::run` does before
    // the first frame, minus creating the window itself.
    let times = (0..runs)
        .map(|_| {
            if let Some(passphrase) = passphrase {
                kith::store::forget_key(path);
                kith::store::unlock(path, passphrase).expect("the passphrase");
            }
            process::evict(path);
            let started = Instant::now();
            let store = Store::open_for_window(path).expect("the database");
            let app = KithApp::new(store, clock(), Prefs::default()).expect("the app");
            let took = started.elapsed();
            drop(app);
            took
        })
        .collect();
    report(
        "window: first screen data, evicted (in-process loader)",
        median_worst(times),
    );

    // The real window, from the first line of main (exec to main is the
    // `start` row above); an encrypted database would wait for its
    // passphrase to be typed.
    let window = || process::window_command(kith, path, scratch);
    if passphrase.is_some() || window().is_none() {
        report(
            "window: first screen data, evicted (real window, Xvfb)",
            "not run".into(),
        );
        return;
    }
    let runs: Vec<process::Run> = (0..runs)
        .filter_map(|_| {
            process::evict(path);
            window().map(process::run)
        })
        .collect();
    let data = |phase: &str| {
        let times = runs
            .iter()
            .map(|r| Duration::from_secs_f64(r.until(phase).unwrap_or(0.0) / 1000.0));
        median_worst(times.collect())
    };
    report(
        "window: first screen data, evicted (real window, Xvfb)",
        data("first screen data"),
    );
    report(
        "  main to the window made (database opened first)",
        data("window"),
    );
    report("  main to the first frame", data("first frame"));
    report(
        "window: peak memory to the first frame",
        format!("{} MB", runs.iter().map(|r| r.peak_mb).max().unwrap_or(0)),
    );
}
