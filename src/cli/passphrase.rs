//! `kith passphrase set|change|remove`, and asking for the passphrase of
//! an encrypted database (or backup) before any command reads it.
//!
//! A passphrase comes from the environment, else from the terminal:
//!
//! - `KITH_PASSPHRASE` is the passphrase of the database (and of a backup
//!   being restored); `KITH_NEW_PASSPHRASE` the new one for `set` and
//!   `change`. An environment variable, rather than `--passphrase-stdin`,
//!   because one command may need two passphrases (the current and the
//!   new one), which two variables give without a protocol on standard
//!   input, and because standard input already carries data for some
//!   commands (`import -`). Tests and scripts use them; a person types.
//! - Otherwise, when standard input is a terminal, Kith prompts on the
//!   terminal without echo (a new passphrase twice).
//! - With neither, the command fails, saying how to give it.
//!
//! The text read is held in a [`Passphrase`] (zeroed on drop) only until
//! the store has derived the key from it.

use std::io::IsTerminal as _;
use std::path::Path;

use anyhow::{Result, bail};
use chrono::NaiveDateTime;
use clap::Subcommand;

use super::{Out, plural};
use crate::domain::{CANNOT_BE_RECOVERED, Field, Passphrase};
use crate::store::{self, PassphraseChange, Rekeyed};

/// The variable that holds the database's passphrase.
pub const PASSPHRASE_VAR: &str = "KITH_PASSPHRASE";
/// The variable that holds the new passphrase for `set` and `change`.
pub const NEW_PASSPHRASE_VAR: &str = "KITH_NEW_PASSPHRASE";

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Encrypt the database and its backups with a passphrase (asked twice,
    /// or KITH_NEW_PASSPHRASE)
    Set,
    /// Change the passphrase (the current one: asked, or KITH_PASSPHRASE;
    /// the new one: asked twice, or KITH_NEW_PASSPHRASE)
    Change,
    /// Make the database plain again (its backups stay encrypted)
    Remove,
}

/// Gives the store the key of the file at `path` if it is encrypted (see
/// the module docs). A wrong passphrase fails with "That passphrase does
/// not open this database", having written nothing.
pub(crate) fn unlock_if_needed(path: &Path) -> Result<()> {
    if !store::is_encrypted(path) {
        return Ok(());
    }
    let passphrase = current(path)?;
    store::unlock(path, &passphrase)?;
    Ok(())
}

/// Whether a passphrase can be had without failing: from the environment,
/// or typed on a terminal.
pub(crate) fn can_get_one() -> bool {
    from_env(PASSPHRASE_VAR).is_some() || std::io::stdin().is_terminal()
}

/// The passphrase of the encrypted file at `path`.
fn current(path: &Path) -> Result<Passphrase> {
    if let Some(text) = from_env(PASSPHRASE_VAR) {
        return Ok(Passphrase::new(Field::Passphrase, text)?);
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "{}: is protected by a passphrase; type it when asked (run this in a terminal), \
             or give it in {PASSPHRASE_VAR}",
            path.display()
        );
    }
    let text = rpassword::prompt_password(format!("Passphrase for {}: ", path.display()))?;
    Ok(Passphrase::new(Field::Passphrase, text)?)
}

/// The new passphrase, typed twice.
fn new_passphrase() -> Result<Passphrase> {
    if let Some(text) = from_env(NEW_PASSPHRASE_VAR) {
        return Ok(Passphrase::new(Field::NewPassphrase, text)?);
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "no new passphrase: type it when asked (run this in a terminal), \
             or give it in {NEW_PASSPHRASE_VAR}"
        );
    }
    eprintln!("{CANNOT_BE_RECOVERED}");
    let first = rpassword::prompt_password("New passphrase: ")?;
    let again = rpassword::prompt_password("Type it again: ")?;
    Ok(Passphrase::twice(first, again)?)
}

fn from_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

pub(super) fn passphrase(
    db: &Path,
    command: PassphraseCommand,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    if !db.exists() {
        bail!("{}: no database here", db.display());
    }
    let change = match command {
        PassphraseCommand::Set => PassphraseChange::Set(new_passphrase()?),
        PassphraseCommand::Change => PassphraseChange::Change(new_passphrase()?),
        PassphraseCommand::Remove => PassphraseChange::Remove,
    };
    let rekeyed = store::change_passphrase(db, &change, now)?;
    report(&rekeyed, out)
}

fn report(rekeyed: &Rekeyed, out: Out) -> Result<()> {
    if rekeyed.encrypted {
        writeln!(
            out,
            "The database, its log and its backups are now encrypted with the passphrase."
        )?;
        writeln!(out, "{CANNOT_BE_RECOVERED}")?;
    } else {
        writeln!(out, "The database is no longer encrypted.")?;
    }
    writeln!(
        out,
        "A backup was taken first: {}.",
        rekeyed.backup.path.display()
    )?;
    if !rekeyed.rewritten.is_empty() {
        writeln!(
            out,
            "Rewrote {} with the new passphrase.",
            plural(rekeyed.rewritten.len(), "backup")
        )?;
    }
    if !rekeyed.still_encrypted.is_empty() {
        writeln!(
            out,
            "{} stay encrypted: restoring one asks for the passphrase it was made with.",
            plural(rekeyed.still_encrypted.len(), "backup")
        )?;
    }
    for (path, why) in &rekeyed.left {
        writeln!(out, "Left as it was: {} ({why}).", path.display())?;
    }
    Ok(())
}
