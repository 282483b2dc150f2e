//! `kith import` and `kith export`.
//!
//! Import reads the file first (nothing is opened or written if it cannot
//! be read), plans against the database, prints every record with what
//! happens to it, and then, unless `--dry-run`, applies the plan in one
//! transaction (see [`crate::transfer`]). Export writes the file
//! atomically, owner-only.

use crate::domain::Field;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDateTime;
use clap::Args;

use super::{Out, plural};
use crate::domain::ValidationError;
use crate::interchange::{
    self, Action, Export, Format, ImportError, ImportOptions, ImportPlan, NameMatch, RecordKind,
};
use crate::store::Store;
use crate::transfer;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: vCard (.vcf), CSV, or a Kith archive (.json)
    file: PathBuf,
    /// vcard, csv or json [default: guessed from the content]
    #[arg(long, value_name = "FORMAT", value_parser = Format::parse)]
    format: Option<Format>,
    /// Show what would be created, updated and skipped, and change nothing
    #[arg(long)]
    dry_run: bool,
    /// When someone with exactly this name exists and no UID or email
    /// matched: skip the record, update that person, or create another
    #[arg(long, value_name = "WHAT", default_value = "skip", value_parser = NameMatch::parse)]
    on_name_match: NameMatch,
}

/// Which table a CSV export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvTable {
    People,
    Interactions,
}

fn parse_table(text: &str) -> Result<CsvTable, ValidationError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "people" => Ok(CsvTable::People),
        "interactions" => Ok(CsvTable::Interactions),
        _ => Err(ValidationError::UnknownValue {
            field: Field::What,
            value: text.to_owned(),
            expected: "people, interactions".to_owned(),
        }),
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write (replaced if it exists; readable by you only)
    file: PathBuf,
    /// json (everything), csv or vcard [default: from the file's extension]
    #[arg(long, value_name = "FORMAT", value_parser = Format::parse)]
    format: Option<Format>,
    /// For CSV: one row per person (people) or per interaction (interactions)
    #[arg(long, value_name = "WHAT", value_parser = parse_table)]
    what: Option<CsvTable>,
}

pub(super) fn import(args: ImportArgs, db: PathBuf, now: NaiveDateTime, out: Out) -> Result<()> {
    return_freed_memory_at_once();
    // Read (and refuse) the file before the database is touched.
    let parsed = interchange::read_path(&args.file, args.format, now).map_err(|e| match e {
        ImportError::Io { .. } | ImportError::NotAFile { .. } => anyhow::Error::from(e),
        other => anyhow!("{}: {other}", args.file.display()),
    })?;
    // A dry run against a database that does not exist yet plans against
    // an empty one rather than creating the file.
    let mut store = if args.dry_run && !db.exists() {
        Store::open_in_memory()?
    } else {
        Store::open(&db)?
    };
    let options = ImportOptions {
        on_name_match: args.on_name_match,
    };
    let plan = transfer::plan_import(&store, parsed, options, now.date())?;
    let noun = match plan.records.first().map(|r| r.person.source.kind) {
        Some(kind) => kind.noun(),
        None if plan.format == Format::Csv => RecordKind::Row.noun(),
        None => RecordKind::Card.noun(),
    };
    writeln!(
        out,
        "{}: {}, {}.",
        args.file.display(),
        plan.flavour,
        plural(plan.records.len() + plan.unreadable.len(), noun)
    )?;
    for note in &plan.notes {
        writeln!(out, "  note: {note}")?;
    }
    print_plan(&plan, args.dry_run, out)?;
    let counts = plan.counts();
    let unreadable = match counts.unreadable {
        0 => String::new(),
        n => format!(
            "; {} could not be read",
            plural(n, if noun == "person" { "record" } else { noun })
        ),
    };
    if args.dry_run {
        writeln!(
            out,
            "Dry run: would create {}, update {} and skip {}{unreadable}. Nothing was changed.",
            counts.create, counts.update, counts.skip
        )?;
        if let Some(rest) = &plan.archive {
            writeln!(
                out,
                "Would also add {}, {} and {}{}.",
                plural(rest.interactions.len(), "interaction"),
                plural(rest.trust_changes.len(), "trust change"),
                plural(rest.nudge_states.len(), "nudge state"),
                if rest.settings.is_some() {
                    ", and apply the archive's settings"
                } else {
                    ""
                }
            )?;
        }
    } else {
        let summary = transfer::apply_import(&mut store, &plan, now, &mut |_, _| {})?;
        writeln!(
            out,
            "Created {}, updated {}, skipped {}{unreadable}.",
            summary.created, summary.updated, summary.skipped
        )?;
        if plan.archive.is_some() {
            writeln!(
                out,
                "Added {}, {} and {}{}.",
                plural(summary.interactions, "interaction"),
                plural(summary.trust_changes, "trust change"),
                plural(summary.nudge_states, "nudge state"),
                if summary.settings {
                    "; applied the archive's settings"
                } else {
                    ""
                }
            )?;
        }
    }
    if plan.records.is_empty() && !plan.unreadable.is_empty() {
        bail!("nothing in {} could be read", args.file.display());
    }
    Ok(())
}

/// Has the allocator give the memory it frees back to the system at once,
/// not after a delay. An import lets go of a file's rows or cards as it
/// makes people of them, and of the file's text; with the delay, that
/// memory was still held when the people and the database's pages took
/// its place (at 100,000 people, a vCard import held 203 to 241 MB, 168 MB
/// with this; a CSV 199 MB, 166 MB). Only for this process, which ends
/// with the import.
fn return_freed_memory_at_once() {
    // mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, the same in
    // its versions 2 and 3).
    const PURGE_DELAY: std::ffi::c_int = 15;
    unsafe extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    // Names the crate, so that mimalloc is linked wherever this is.
    let _ = mimalloc::MiMalloc;
    // SAFETY: sets one of mimalloc's options, which it reads each time it
    // would give memory back; no pointers are involved.
    unsafe { mi_option_set(PURGE_DELAY, 0) };
}

fn print_plan(plan: &ImportPlan, dry_run: bool, out: Out) -> Result<()> {
    let verb = |now: &'static str, done: &'static str| if dry_run { now } else { done };
    for record in &plan.records {
        let person = &record.person;
        let name = &person.fields.name;
        let source = person.source;
        match &record.action {
            Action::Create => {
                writeln!(out, "  {} {name}, from {source}", verb("create", "created"))?;
            }
            Action::Update {
                id,
                name: existing,
                matched_by,
                changed,
                set_uid,
                ..
            } => {
                let mut what = changed.join(", ");
                if set_uid.is_some() {
                    if !what.is_empty() {
                        what.push_str(", ");
                    }
                    what.push_str("the card's UID");
                }
                writeln!(
                    out,
                    "  {} {existing} (id {id}) from {source}, {matched_by}: {what}",
                    verb("update", "updated")
                )?;
            }
            Action::Skip(reason) => {
                writeln!(
                    out,
                    "  {} {name}, from {source}: {reason}",
                    verb("skip", "skipped")
                )?;
            }
        }
        for warning in &person.warnings {
            writeln!(out, "      {warning}")?;
        }
    }
    for unreadable in &plan.unreadable {
        writeln!(out, "  cannot read {unreadable}")?;
    }
    Ok(())
}

pub(super) fn export(args: ExportArgs, store: &Store, out: Out) -> Result<()> {
    let format = match args.format.or_else(|| Format::from_path(&args.file)) {
        Some(format) => format,
        None => bail!(
            "cannot tell the format from the name {}; add --format json, csv or vcard",
            args.file.display()
        ),
    };
    let what = match (format, args.what) {
        (Format::Json, None) => Export::Json,
        (Format::Vcard, None) => Export::Vcard,
        (Format::Csv, None | Some(CsvTable::People)) => Export::CsvPeople,
        (Format::Csv, Some(CsvTable::Interactions)) => Export::CsvInteractions,
        (_, Some(_)) => {
            bail!("--what applies to CSV only (json holds everything; vcard holds people)")
        }
    };
    store.check_write_target(&args.file)?;
    let exported = transfer::write_export(store, &args.file, what)?;
    let people = exported.people;
    let contents = match what {
        Export::Json => format!("{} with their whole history", plural(people, "person")),
        Export::Vcard | Export::CsvPeople => plural(people, "person"),
        Export::CsvInteractions => plural(exported.interactions, "interaction"),
    };
    writeln!(
        out,
        "Exported {contents} to {} ({}, {} KB).",
        args.file.display(),
        format.label(),
        exported.bytes.div_ceil(1024)
    )?;
    Ok(())
}
