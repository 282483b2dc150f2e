//! The headless commands: everything a person can do from a terminal.
//!
//! Arguments are parsed with clap and turned into domain values at once, so
//! a bad value is reported with its field (exit status 2) before the
//! database is opened. Each command then calls the store (one transaction
//! per change), and prints for people or, with `--json`, for programs. The
//! clock is read once per command and passed down.

mod demo;
mod desktop;
mod interchange;
mod log;
mod nudges;
mod passphrase;
mod people;
mod remember;
mod safety;
mod settings;
mod terminal;
mod text;
mod today;

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::Local;
use clap::{Parser, Subcommand};

use crate::store::Store;

pub use demo::DemoArgs;
pub use desktop::{InstallDesktopArgs, NotifyArgs};
pub use interchange::{ExportArgs, ImportArgs};
pub use log::LogArgs;
pub use nudges::{NudgesArgs, NudgesCommand};
pub use passphrase::{NEW_PASSPHRASE_VAR, PASSPHRASE_VAR, PassphraseCommand};
pub use people::{ContactCommand, TrustArgs};
pub use remember::{DateCommand, FollowupCommand};
pub use safety::{BackupArgs, RestoreArgs, TestingCommand};
pub use settings::SettingsArgs;
pub use terminal::escape_controls;

/// Kith keeps relationships honest. With no command, it opens the window.
#[derive(Debug, Parser)]
#[command(name = "kith", version, about, long_about = None)]
pub struct Cli {
    /// The database file [default: kith.sqlite3 in your data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, edit, archive or delete people
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Record an interaction with someone
    Log(LogArgs),
    /// Record how far you trust someone now
    Trust(TrustArgs),
    /// Note, list, tick off or delete follow-ups: what you meant to do or ask
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// Add, list or delete dates to remember: yearly days that matter to someone
    #[command(subcommand)]
    Date(DateCommand),
    /// Fill an empty database with realistic generated people and history
    Demo(DemoArgs),
    /// What needs your attention, most urgent first; snooze or dismiss one
    Nudges(NudgesArgs),
    /// List, show, change or reset the thresholds behind the nudges
    Settings(SettingsArgs),
    /// Back up the database (into the backups folder beside it), or list the backups
    Backup(BackupArgs),
    /// Replace the database with a backup, keeping a copy of what it replaces
    Restore(RestoreArgs),
    /// Read every page of the database and check it
    Check,
    /// Encrypt the database and its backups with a passphrase, change it or remove it
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Commands the tests use to drive real processes
    #[command(name = "__test", hide = true, subcommand)]
    Testing(TestingCommand),
    /// Import people from a vCard or CSV file, or a Kith archive
    Import(ImportArgs),
    /// Export everything (json), or people as vcard or csv
    Export(ExportArgs),
    /// Put Kith in your applications menu (a launcher and its icon), or take it out
    InstallDesktop(InstallDesktopArgs),
    /// Post one desktop notification of what is due; or set up (--install)
    /// or stop (--remove) reminders while Kith is closed
    Notify(NotifyArgs),
}

impl Cli {
    /// Checks what clap's parser cannot: combinations of arguments that are
    /// bad usage. The error prints and exits like clap's own (status 2).
    pub fn check_usage(&self) -> Result<(), clap::Error> {
        use clap::CommandFactory as _;
        let (path, message) = match &self.command {
            Some(Command::Nudges(args)) => match args.usage_error() {
                Some((verb, message)) => (vec!["nudges", verb], message),
                None => return Ok(()),
            },
            Some(Command::Trust(args)) => match args.target() {
                Err(message) => (vec!["trust"], message),
                Ok(_) => return Ok(()),
            },
            Some(Command::Followup(command)) => match command.usage_error() {
                Some((verb, message)) => (vec!["followup", verb], message),
                None => return Ok(()),
            },
            Some(Command::Date(command)) => match command.usage_error() {
                Some((verb, message)) => (vec!["date", verb], message),
                None => return Ok(()),
            },
            Some(Command::Settings(args)) => match args.usage_error() {
                Some(message) => (vec!["settings"], message),
                None => return Ok(()),
            },
            _ => return Ok(()),
        };
        let mut kith = Cli::command();
        kith.build();
        Err(usage_error_in(&mut kith, &path, message))
    }
}

/// A usage error (exit status 2) that prints the usage of the subcommand
/// at `path` (`["nudges", "snooze"]`).
fn usage_error_in(command: &mut clap::Command, path: &[&str], message: String) -> clap::Error {
    if let Some((name, rest)) = path.split_first()
        && let Some(sub) = command.find_subcommand_mut(name)
    {
        return usage_error_in(sub, rest, message);
    }
    command.error(clap::error::ErrorKind::ValueValidation, message)
}

/// Runs one command against the database at `db` and prints its output.
pub fn run(command: Command, db: PathBuf) -> Result<()> {
    let now = Local::now().naive_local();
    // Whatever the data holds, the terminal gets text, not commands.
    let out = &mut terminal::SafeOut::new(std::io::stdout().lock());
    // Every command that reads the database asks for its passphrase first,
    // if it has one; a reminder decides for itself (it may have no
    // terminal to ask on).
    if !matches!(command, Command::InstallDesktop(_) | Command::Notify(_)) {
        passphrase::unlock_if_needed(&db)?;
    }
    crate::timings::mark("file checks");
    match command {
        Command::Demo(args) => {
            args.check(now)?;
            let mut store = open(&db)?;
            demo::demo(&mut store, args, now, out)
        }
        Command::Contact(command) => {
            let mut store = open(&db)?;
            people::contact(&mut store, command, now, out)
        }
        Command::Log(args) => {
            let mut store = open(&db)?;
            log::log(&mut store, args, now, out)
        }
        Command::Trust(args) => {
            let mut store = open(&db)?;
            people::trust(&mut store, args, now, out)
        }
        Command::Followup(command) => {
            let mut store = open(&db)?;
            remember::followup(&mut store, command, now, out)
        }
        Command::Date(command) => {
            let mut store = open(&db)?;
            remember::date(&mut store, command, now, out)
        }
        Command::Nudges(args) => {
            let mut store = open(&db)?;
            nudges::nudges(&mut store, args, now, out)
        }
        Command::Settings(args) => {
            let mut store = open(&db)?;
            settings::settings(&mut store, args, out)
        }
        Command::Backup(args) => safety::backup(&db, args, now, out),
        Command::Restore(args) => safety::restore(&db, args, now, out),
        Command::Check => safety::check(&db, out),
        Command::Testing(command) => safety::testing(&db, command, out),
        Command::Import(args) => interchange::import(args, db, now, out),
        Command::Passphrase(command) => passphrase::passphrase(&db, command, now, out),
        Command::Export(args) => {
            let store = open(&db)?;
            if store.is_encrypted() {
                eprintln!(
                    "Note: the database is encrypted, but an export is a plain file: \
                     whoever can read it reads what it holds."
                );
            }
            interchange::export(args, &store, out)
        }
        Command::InstallDesktop(args) => desktop::install_desktop(args, &db, out),
        Command::Notify(args) => desktop::notify(args, &db, now, out),
    }
}

fn open(db: &Path) -> Result<Store> {
    Ok(Store::open(db)?)
}

/// Where a command prints: text is escaped on its way to the terminal
/// ([`terminal::SafeOut`]), JSON is written safe ([`print_json`]).
pub(crate) type Out<'a> = &'a mut dyn terminal::Output;

pub(crate) use terminal::{print_json, print_json_list};

/// "1 person", "40,000 people", "3 nudges": the shared count formatter,
/// with the plural of `noun` made here.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    let many = match noun {
        "person" => "people".to_owned(),
        _ => format!("{noun}s"),
    };
    crate::domain::count::plural(count, noun, &many)
}
