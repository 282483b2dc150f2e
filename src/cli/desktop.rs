//! `kith install-desktop` (the launcher and icon in the applications menu)
//! and `kith notify` (one notification of what is due; with `--install`
//! or `--remove`, reminders while Kith is closed). The work is in
//! [`crate::desktop`]; this file reads the database, says what was done,
//! and on macOS and Windows refuses with the reason.

use std::io::IsTerminal as _;
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::{NaiveDateTime, NaiveTime};
use clap::Args;

use super::{Out, plural};
use crate::desktop::notify::{self, Fate};
use crate::desktop::reminder::reminder;
use crate::desktop::reminders::{self, Systemctl};
use crate::desktop::{Invocation, Places, launcher};
use crate::domain::nudge::triage;
use crate::store::{self, Store};

/// `kith install-desktop [--remove]`.
#[derive(Debug, Args)]
pub struct InstallDesktopArgs {
    /// Take the launcher and the icon away again
    #[arg(long)]
    remove: bool,
}

/// `kith notify [--install [--at HH:MM] | --remove]`.
#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Remind me while Kith is closed: at login, and daily at --at
    #[arg(long, conflicts_with = "remove")]
    install: bool,
    /// The time of the daily reminder, HH:MM [default: 09:00]
    #[arg(long, value_name = "HH:MM", requires = "install", value_parser = reminders::parse_at)]
    at: Option<NaiveTime>,
    /// Stop the reminders: remove the login entry and the daily timer
    #[arg(long)]
    remove: bool,
}

pub(super) fn install_desktop(args: InstallDesktopArgs, db: &Path, out: Out) -> Result<()> {
    let places = Places::from_env()?;
    if args.remove {
        let removed = launcher::remove(&places)?;
        if removed.is_empty() {
            writeln!(
                out,
                "Kith was not in the applications menu; nothing to remove."
            )?;
        } else {
            writeln!(
                out,
                "Removed Kith from the applications menu ({}).",
                plural(removed.len(), "file")
            )?;
        }
        return Ok(());
    }
    let kith = Invocation::current(db)?;
    let written = launcher::install(&places, &kith)?;
    writeln!(out, "Added Kith to the applications menu:")?;
    for path in &written {
        writeln!(out, "  {}", path.display())?;
    }
    writeln!(
        out,
        "It starts {}. `kith install-desktop --remove` takes it away.",
        match &kith.db {
            Some(db) => format!("{} on {}", kith.exe.display(), db.display()),
            None => kith.exe.display().to_string(),
        }
    )?;
    Ok(())
}

pub(super) fn notify(args: NotifyArgs, db: &Path, now: NaiveDateTime, out: Out) -> Result<()> {
    crate::desktop::check_supported()?;
    if args.install {
        return install_reminders(db, args.at.unwrap_or(reminders::DEFAULT_AT), out);
    }
    if args.remove {
        return remove_reminders(out);
    }
    // A reminder must not create a database where there was none.
    if !db.exists() {
        writeln!(out, "No database at {} yet; nothing is due.", db.display())?;
        return Ok(());
    }
    // An encrypted database is read only with its passphrase, and even
    // then no name goes on the screen (a notification is kept in the
    // desktop's history, in the clear).
    let can_read_names = !store::is_encrypted(db);
    if !can_read_names && !super::passphrase::can_get_one() {
        writeln!(
            out,
            "The database is protected by a passphrase, which this reminder was not given \
             ({}); no notification.",
            super::PASSPHRASE_VAR
        )?;
        return Ok(());
    }
    super::passphrase::unlock_if_needed(db)?;
    let due = {
        let store = Store::open(db)?;
        let today = now.date();
        triage(&store.due_nudges(today)?, &store.settings()?)
    };
    let Some(text) = reminder(&due, can_read_names) else {
        if due.all().next().is_none() {
            writeln!(out, "Nothing is due today; no notification.")?;
        } else {
            // Only what Today folds away, which is no reason to interrupt.
            writeln!(
                out,
                "Nothing is waiting on you or in focus today; no notification."
            )?;
        }
        return Ok(());
    };
    let posted = notify::post(&text).context("no notification was posted")?;
    writeln!(out, "Posted: {}", text.summary)?;
    if posted.waits_for_click && std::io::stdout().is_terminal() {
        writeln!(
            out,
            "A click on it opens Kith; waiting until it is clicked or closed."
        )?;
    }
    out.flush()?;
    if posted.wait_for_click(notify::CLICK_WAIT) == Fate::Clicked {
        let kith = Invocation::current(db)?;
        notify::open_kith(&kith).with_context(|| format!("opening {}", kith.exe.display()))?;
        writeln!(out, "Opened Kith.")?;
    }
    Ok(())
}

fn install_reminders(db: &Path, at: NaiveTime, out: Out) -> Result<()> {
    let places = Places::from_env()?;
    let kith = Invocation::current(db)?;
    let installed = reminders::install(&places, &kith, at, &Systemctl::default())?;
    let time = at.format("%H:%M");
    match &installed.timer {
        Ok(timer) => writeln!(
            out,
            "Kith will remind you at login and daily at {time}, with one notification of \
             what is due (nothing when nothing is).\n  {}\n  {}",
            installed.autostart.display(),
            timer.display()
        )?,
        Err(why) => writeln!(
            out,
            "Kith will remind you at login, with one notification of what is due.\n  {}\n\
             There is no daily reminder at {time}: {why}.",
            installed.autostart.display()
        )?,
    }
    writeln!(out, "`kith notify --remove` stops the reminders.")?;
    Ok(())
}

fn remove_reminders(out: Out) -> Result<()> {
    let places = Places::from_env()?;
    let removed = reminders::remove(&places, &Systemctl::default())?;
    if removed.files.is_empty() {
        writeln!(out, "No reminders were set up; nothing to remove.")?;
    } else {
        writeln!(
            out,
            "Stopped the reminders while Kith is closed ({} removed).",
            plural(removed.files.len(), "file")
        )?;
    }
    if let Some(problem) = removed.problem {
        writeln!(out, "Note: {problem}.")?;
    }
    Ok(())
}
