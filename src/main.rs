//! `kith`: with a command, runs it against the database and exits; with
//! none, opens the desktop app.

use std::process::ExitCode;

// Loading 100,000 people makes millions of small allocations; mimalloc
// makes them several times cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser as _;
use kith::cli::Cli;

fn main() -> ExitCode {
    kith::timings::begin();
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
