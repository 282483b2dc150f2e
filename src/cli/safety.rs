//! `kith backup`, `kith restore` and `kith check`: keeping the data safe
//! from a terminal. Also the hidden `kith __test` commands, which the tests
//! use to drive real processes (a window holding the database, a writer to
//! kill); they are left out of `--help`.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::{Local, NaiveDateTime};
use clap::{Args, Subcommand};

use super::{Out, plural, print_json};
use crate::domain::{ContactDraft, InteractionDraft};
use crate::store::{self, ContactRef, NewContact, Store, StoreError};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the backup to FILE instead of the backups folder beside the database
    #[arg(long, value_name = "FILE", conflicts_with = "list")]
    to: Option<PathBuf>,
    /// List the backups in the backups folder, newest first, instead of taking one
    #[arg(long)]
    list: bool,
    /// With --list: print JSON
    #[arg(long, requires = "list")]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup: a file, or the name of one in the backups folder (see `kith backup --list`)
    #[arg(value_name = "BACKUP")]
    backup: PathBuf,
}

/// Hidden commands for the tests.
#[derive(Debug, Subcommand)]
pub enum TestingCommand {
    /// Opens the database as the window does, prints "holding PID", and
    /// keeps it open until a line (or the end) arrives on standard input.
    Hold,
    /// Logs interactions with one person in a loop, printing "done N" once
    /// interaction N is committed.
    WriteLoop {
        /// The number of the first interaction
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// Interactions per transaction
        #[arg(long, default_value_t = 1)]
        batch: u64,
        /// Stop after this many interactions
        #[arg(long)]
        count: Option<u64>,
    },
}

fn must_exist(db: &Path) -> Result<()> {
    if !db.exists() {
        bail!("{}: no database here", db.display());
    }
    Ok(())
}

pub(super) fn backup(db: &Path, args: BackupArgs, now: NaiveDateTime, out: Out) -> Result<()> {
    if args.list {
        let backups = store::list_backups(db)?;
        if args.json {
            return print_json(out, &backups);
        }
        if backups.is_empty() {
            writeln!(
                out,
                "No backups in {} yet. Take one with: kith backup",
                store::backups_dir(db).display()
            )?;
        }
        for backup in &backups {
            writeln!(
                out,
                "{}  {:>9}  {:>12}  {:21}  {}",
                backup.taken_at.format("%Y-%m-%d %H:%M:%S"),
                human_size(backup.size_bytes),
                people_text(backup.people),
                backup.kind.label(),
                backup.path.display()
            )?;
        }
        return Ok(());
    }
    must_exist(db)?;
    let store = Store::open(db)?;
    let backup = match &args.to {
        Some(dest) => store.backup_to(dest, now)?,
        None => store.backup(now)?,
    };
    writeln!(
        out,
        "Backed up {} to {} ({}).",
        people_text(backup.people),
        backup.path.display(),
        human_size(backup.size_bytes)
    )?;
    Ok(())
}

pub(super) fn restore(db: &Path, args: RestoreArgs, now: NaiveDateTime, out: Out) -> Result<()> {
    let in_folder = store::backups_dir(db).join(&args.backup);
    let backup =
        if !args.backup.exists() && args.backup.components().count() == 1 && in_folder.exists() {
            in_folder
        } else {
            args.backup
        };
    // A backup made with an earlier passphrase asks for that one.
    super::passphrase::unlock_if_needed(&backup)?;
    let restored = store::restore(db, &backup, now)?;
    writeln!(
        out,
        "Restored {} from {}.",
        plural(restored.people as usize, "person"),
        restored.from.display()
    )?;
    if let Some(kept) = &restored.kept {
        writeln!(
            out,
            "The database it replaced is kept as {}.",
            kept.display()
        )?;
    }
    Ok(())
}

pub(super) fn check(db: &Path, out: Out) -> Result<()> {
    must_exist(db)?;
    let mut store = Store::open(db)?;
    store.check_integrity()?;
    writeln!(
        out,
        "{}: ok ({}; every page read and checked).",
        db.display(),
        plural(store.contact_count()?.max(0) as usize, "person")
    )?;
    let facts = store.check_nudge_facts()?;
    if facts.drifted.is_empty() {
        writeln!(
            out,
            "Nudge facts: ok (kept up to date for {}).",
            plural(facts.people, "person")
        )?;
        return Ok(());
    }
    let shown: Vec<String> = facts
        .drifted
        .iter()
        .take(20)
        .map(|id| id.to_string())
        .collect();
    let more = facts.drifted.len().saturating_sub(shown.len());
    let ids = match more {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    };
    let outcome = if facts.rebuilt {
        "rebuilt them from it; nothing else changed"
    } else {
        "not rebuilt, as the database is open read-only; nudges for them are computed \
         from their history meanwhile"
    };
    anyhow::bail!(
        "nudge facts of {} had drifted from their history (ids {ids}); {outcome}. \
         This is a bug in Kith: please report it.",
        plural(facts.drifted.len(), "person")
    )
}

pub(super) fn testing(db: &Path, command: TestingCommand, out: Out) -> Result<()> {
    match command {
        TestingCommand::Hold => {
            let _store = Store::open_for_window(db)?;
            writeln!(out, "holding {}", std::process::id())?;
            out.flush()?;
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            Ok(())
        }
        TestingCommand::WriteLoop {
            start,
            batch,
            count,
        } => write_loop(db, start, batch.max(1), count, out),
    }
}

/// The writer the crash test kills: each transaction logs `batch`
/// interactions, noted "write N", and only after it commits says "done N"
/// for each.
fn write_loop(db: &Path, start: u64, batch: u64, count: Option<u64>, out: Out) -> Result<()> {
    let mut store = Store::open(db)?;
    let now = || Local::now().naive_local();
    let name = ContactRef::Name("Crash Test".to_owned());
    let contact = match store.resolve_contact(&name) {
        Ok(id) => id,
        Err(StoreError::ContactNotFound(_)) => {
            store.add_contact(NewContact::new(ContactDraft::named("Crash Test")), now())?
        }
        Err(other) => return Err(other.into()),
    };
    writeln!(out, "ready")?;
    out.flush()?;
    let end = count.map_or(u64::MAX, |count| start.saturating_add(count));
    let mut next = start;
    while next < end {
        let last = (next + batch).min(end);
        let at = now();
        store.write_batch(at, |writes| {
            for n in next..last {
                let mut draft = InteractionDraft::new(contact, at);
                draft.note = format!("write {n}");
                writes.add_interaction(&draft, None, at)?;
            }
            Ok(())
        })?;
        for n in next..last {
            writeln!(out, "done {n}")?;
        }
        out.flush()?;
        next = last;
    }
    Ok(())
}

fn people_text(people: Option<u64>) -> String {
    match people {
        Some(count) => plural(count as usize, "person"),
        None => "unreadable".to_owned(),
    }
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit + 1 < UNITS.len() {
        size /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}
