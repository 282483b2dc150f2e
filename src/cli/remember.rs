//! `kith followup …` and `kith date …`: what you meant to do, and the
//! days that matter to someone, from the command line.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use clap::Subcommand;
use serde::Serialize;

use super::people::Who;
use super::terminal::one_line;
use super::{Out, plural, print_json};
use crate::domain::time::parse_date;
use crate::domain::{ContactId, DateDraft, DateId, Field, FollowUpDraft, FollowUpId, YearlyDate};
use crate::store::{ContactRef, Store};

#[derive(Debug, Subcommand)]
pub enum FollowupCommand {
    /// Note something to do or ask: kith followup add CONTACT TEXT [--due DATE]
    #[command(
        override_usage = "kith followup add CONTACT TEXT [--due DATE]\n       \
                                kith followup add --id N TEXT [--due DATE]"
    )]
    Add {
        /// Their id or exact name, then what to do (with --id, the text alone)
        #[arg(value_name = "CONTACT TEXT", num_args = 1..=2, required = true)]
        words: Vec<String>,
        /// Their id (for someone whose name is a number, such as "1")
        #[arg(long = "id", value_name = "N")]
        id: Option<i64>,
        /// When it is due (YYYY-MM-DD, today or later)
        #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(Field::Due, s))]
        due: Option<NaiveDate>,
    },
    /// Everyone's open follow-ups, soonest due first
    List {
        /// Include the ones done
        #[arg(long)]
        all: bool,
        /// Print JSON: an array of {id, contact_id, contact, what, due, done}
        #[arg(long)]
        json: bool,
    },
    /// Mark a follow-up done
    Done {
        /// The follow-up's id (shown by list and by contact show)
        id: i64,
    },
    /// Delete a follow-up
    Delete {
        /// The follow-up's id
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum DateCommand {
    /// Add a yearly date to remember: kith date add CONTACT LABEL --on MM-DD|YYYY-MM-DD
    #[command(
        override_usage = "kith date add CONTACT LABEL --on MM-DD|YYYY-MM-DD\n       \
                                kith date add --id N LABEL --on MM-DD|YYYY-MM-DD"
    )]
    Add {
        /// Their id or exact name, then the label ("wedding anniversary")
        #[arg(value_name = "CONTACT LABEL", num_args = 1..=2, required = true)]
        words: Vec<String>,
        /// Their id (for someone whose name is a number, such as "1")
        #[arg(long = "id", value_name = "N")]
        id: Option<i64>,
        /// The day: MM-DD (or --MM-DD) without a year, YYYY-MM-DD with one
        #[arg(long, value_name = "DATE", allow_hyphen_values = true,
              value_parser = |s: &str| YearlyDate::parse_for(Field::Date, s))]
        on: YearlyDate,
    },
    /// A person's dates to remember (their birthday included)
    List {
        #[command(flatten)]
        who: Who,
    },
    /// Delete a date to remember
    Delete {
        /// The date's id (shown by list)
        id: i64,
    },
}

/// Reads `CONTACT TEXT`, or `TEXT` alone after `--id`; an error here is bad
/// usage (exit status 2).
pub(super) fn person_and_text(
    id: Option<i64>,
    words: &[String],
    what: &str,
) -> Result<(ContactRef, String), String> {
    match (id, words) {
        (Some(id), [text]) => Ok((ContactRef::Id(ContactId(id)), text.clone())),
        (None, [contact, text]) => Ok((ContactRef::parse(contact), text.clone())),
        (Some(_), _) => Err(format!("with --id N, give the {what} alone")),
        (None, _) => Err(format!(
            "give the person and the {what}: CONTACT {}",
            what.to_uppercase()
        )),
    }
}

impl FollowupCommand {
    pub(super) fn usage_error(&self) -> Option<(&'static str, String)> {
        match self {
            Self::Add { words, id, .. } => person_and_text(*id, words, "text")
                .err()
                .map(|message| ("add", message)),
            _ => None,
        }
    }
}

impl DateCommand {
    pub(super) fn usage_error(&self) -> Option<(&'static str, String)> {
        match self {
            Self::Add { words, id, .. } => person_and_text(*id, words, "label")
                .err()
                .map(|message| ("add", message)),
            _ => None,
        }
    }
}

/// One follow-up as `followup list --json` prints it.
#[derive(Serialize)]
struct FollowUpView {
    id: FollowUpId,
    contact_id: ContactId,
    contact: String,
    what: String,
    due: Option<NaiveDate>,
    done: Option<NaiveDateTime>,
}

pub(super) fn followup(
    store: &mut Store,
    command: FollowupCommand,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    match command {
        FollowupCommand::Add { words, id, due } => {
            let (contact, what) =
                person_and_text(id, &words, "text").map_err(anyhow::Error::msg)?;
            let contact = store.resolve_contact(&contact)?;
            let id = store.add_follow_up(FollowUpDraft::new(contact, &what, due), now)?;
            let name = store.contact(contact)?.fields.name;
            let due = due.map(|d| format!(", due {d}")).unwrap_or_default();
            writeln!(
                out,
                "Follow up with {}: {}{due} (id {id}).",
                one_line(&name),
                one_line(what.trim())
            )?;
        }
        FollowupCommand::List { all, json } => {
            let list = store.all_follow_ups(all)?;
            if json {
                let views: Vec<FollowUpView> = list
                    .into_iter()
                    .map(|(f, contact)| FollowUpView {
                        id: f.id,
                        contact_id: f.fields.contact_id,
                        contact,
                        what: f.fields.what,
                        due: f.fields.due,
                        done: f.done_at,
                    })
                    .collect();
                return print_json(out, &views);
            }
            if list.is_empty() {
                let none = if all {
                    "No follow-ups."
                } else {
                    "No open follow-ups."
                };
                writeln!(out, "{none}")?;
                return Ok(());
            }
            let open = list.iter().filter(|(f, _)| !f.is_done()).count();
            for (follow_up, name) in &list {
                let when = match (follow_up.done_at, follow_up.fields.due) {
                    (Some(done), _) => format!("done {}", done.date()),
                    (None, Some(due)) if due < now.date() => format!("due {due}, overdue"),
                    (None, Some(due)) => format!("due {due}"),
                    (None, None) => "no due day".to_owned(),
                };
                writeln!(
                    out,
                    "{:>5}  {}: {} ({when})",
                    follow_up.id,
                    one_line(name),
                    one_line(&follow_up.fields.what)
                )?;
            }
            writeln!(out, "{} open.", plural(open, "follow-up"))?;
        }
        FollowupCommand::Done { id } => {
            let id = FollowUpId(id);
            let follow_up = store.follow_up(id)?;
            if follow_up.is_done() {
                writeln!(
                    out,
                    "Already done: {} (id {id}).",
                    one_line(&follow_up.fields.what)
                )?;
                return Ok(());
            }
            let _ = store.set_follow_up_done(id, true, now)?;
            writeln!(out, "Done: {} (id {id}).", one_line(&follow_up.fields.what))?;
        }
        FollowupCommand::Delete { id } => {
            let id = FollowUpId(id);
            let follow_up = store.follow_up(id)?;
            let _ = store.delete_follow_up(id)?;
            writeln!(
                out,
                "Deleted the follow-up: {} (id {id}).",
                one_line(&follow_up.fields.what)
            )?;
        }
    }
    Ok(())
}

pub(super) fn date(
    store: &mut Store,
    command: DateCommand,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    match command {
        DateCommand::Add { words, id, on } => {
            let (contact, label) =
                person_and_text(id, &words, "label").map_err(anyhow::Error::msg)?;
            let contact = store.resolve_contact(&contact)?;
            let id = store.add_date(DateDraft::new(contact, &label, on), now)?;
            let name = store.contact(contact)?.fields.name;
            writeln!(
                out,
                "{}: {} on {on} (id {id}).",
                one_line(&name),
                one_line(label.trim())
            )?;
        }
        DateCommand::List { who } => {
            let contact = who.resolve(store)?;
            let person = store.contact(contact)?;
            if let Some(birthday) = person.fields.birthday {
                writeln!(out, "       birthday: {birthday}")?;
            }
            let dates = store.dates_of(contact)?;
            for date in &dates {
                writeln!(
                    out,
                    "{:>5}  {}: {}",
                    date.id,
                    one_line(&date.fields.label),
                    date.fields.date
                )?;
            }
            if dates.is_empty() && person.fields.birthday.is_none() {
                writeln!(
                    out,
                    "No dates to remember for {}; add one with: kith date add {} LABEL --on MM-DD",
                    one_line(person.name()),
                    contact
                )?;
            }
        }
        DateCommand::Delete { id } => {
            let id = DateId(id);
            let _ = store.delete_date(id)?;
            writeln!(out, "Deleted the date to remember (id {id}).")?;
        }
    }
    Ok(())
}
