//! `kith`: with a command, runs it against the database and exits; with
//! none, opens the desktop app.

use std::process::ExitCode;

// Loading 100,000 people makes millions of small allocations; mimalloc
// makes them several times cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks the kernel not to back this process's memory with transparent huge
/// pages. mimalloc asks for them on its arenas, and each first touch of a
/// 2 MB page is zeroed whole: at 100,000 people that was a quarter of the
/// window's start and 20–40 MB of its peak memory, for no gain in speed.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and reads or writes
    // no memory of ours; it only sets a flag on this process. Its result
    // does not matter: without it, the process runs as before.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

use clap::Parser as _;
use kith::cli::Cli;

fn main() -> ExitCode {
    kith::timings::begin();
    no_huge_pages();
    let cli = Cli::parse();
    if let Err(usage) = cli.check_usage() {
        usage.exit();
    }
    let db = match cli.db.or_else(kith::store::default_path) {
        Some(db) => db,
        None => {
            eprintln!("kith: cannot find your data directory (is HOME set?); pass --db PATH");
            return ExitCode::FAILURE;
        }
    };
    kith::timings::mark("arguments");
    let result = match cli.command {
        Some(command) => kith::cli::run(command, db),
        None => kith::app::run(db),
    };
    kith::timings::mark("close");
    kith::timings::report();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`kith contact list | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // The message may quote a name or a path: show, never send,
            // the control characters in it.
            let message = format!("kith: {error:#}");
            eprintln!("{}", kith::cli::escape_controls(&message, true));
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    })
}
