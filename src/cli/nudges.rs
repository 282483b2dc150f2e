//! `kith nudges`: what is due, grouped by kind, and snoozing, dismissing or
//! restoring one nudge. The rules live in `domain::nudge`; this file only
//! names contacts, calls the store and prints.

use crate::domain::Field;
use std::fmt::Write as _;

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};

use super::terminal::one_line;
use super::{Out, plural, print_json};
use crate::domain::nudge::{
    capacity_nudges, contact_nudges, dates_dismissed_until, intimate_lookback, validate_snooze,
};
use crate::domain::time::parse_date;
use crate::domain::{ContactId, Nudge, NudgeKind};
use crate::store::{ContactRef, Store};

/// `kith nudges` lists what is due; its subcommands act on one nudge.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NudgesArgs {
    #[command(subcommand)]
    command: Option<NudgesCommand>,
    /// Compute the nudges as of this day (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(Field::Today, s))]
    today: Option<NaiveDate>,
    /// Print JSON: an array of {kind, contact_id, contact, severity, reason}
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum NudgesCommand {
    /// Hide a nudge until a day; it shows again on that day
    #[command(
        override_usage = "kith nudges snooze CONTACT KIND --until DATE\n       \
                                kith nudges snooze over_capacity --until DATE"
    )]
    Snooze {
        #[command(flatten)]
        target: Target,
        /// The day it shows again (YYYY-MM-DD), after today
        #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(Field::Until, s))]
        until: NaiveDate,
    },
    /// Hide a nudge until something changes: a new interaction or trust
    /// change for that person (for over_capacity, the number of people at
    /// some level)
    #[command(override_usage = "kith nudges dismiss CONTACT KIND\n       \
                                kith nudges dismiss over_capacity")]
    Dismiss {
        #[command(flatten)]
        target: Target,
    },
    /// Show a snoozed or dismissed nudge again whenever it is due
    #[command(override_usage = "kith nudges restore CONTACT KIND\n       \
                                kith nudges restore over_capacity")]
    Restore {
        #[command(flatten)]
        target: Target,
    },
}

/// The nudge to act on: a contact and a kind, or `over_capacity` alone.
#[derive(Debug, Args)]
pub struct Target {
    /// Their id or exact name (or over_capacity alone, which is about no one)
    #[arg(value_name = "CONTACT", required_unless_present = "id")]
    contact: Option<String>,
    /// Their id (for someone whose name is a number); then KIND follows alone
    #[arg(long = "id", value_name = "N")]
    id: Option<i64>,
    /// neglect, unanswered, too_fast, souring, one_sided, follow_up or date
    #[arg(value_name = "KIND", value_parser = NudgeKind::parse)]
    kind: Option<NudgeKind>,
}

/// A resolved target: the contact (with its name) or none, and the kind.
struct Resolved {
    contact: Option<(ContactId, String)>,
    kind: NudgeKind,
}

impl Resolved {
    /// "neglect for Ada Lovelace", "over_capacity".
    fn describe(&self) -> String {
        match &self.contact {
            Some((_, name)) => format!("{} for {name}", self.kind),
            None => self.kind.to_string(),
        }
    }
}

/// What a target names, before anyone is looked up.
enum Shape {
    /// A contact (by id or name) and a kind about one person.
    Person(ContactRef, NudgeKind),
    /// `over_capacity`, which is about no one.
    Nobody,
}

impl Target {
    /// Checks the words alone: a kind about one person needs a contact, and
    /// `over_capacity` must stand alone. An error here is bad usage.
    fn shape(&self, verb: &str) -> Result<Shape, String> {
        let missing_kind = || {
            "kind: missing; give the contact and the kind \
             (neglect, unanswered, too_fast, souring, one_sided, follow_up or date), \
             or over_capacity alone"
                .to_owned()
        };
        if let Some(id) = self.id {
            // With --id, the one word given is the kind.
            let kind = match (&self.contact, self.kind) {
                (Some(word), None) => NudgeKind::parse(word).map_err(|e| e.to_string())?,
                (None, Some(kind)) => kind,
                (None, None) => return Err(missing_kind()),
                (Some(_), Some(_)) => {
                    return Err(format!(
                        "contact: given twice (by --id and by name); \
                         kith nudges {verb} --id {id} KIND"
                    ));
                }
            };
            return match kind {
                NudgeKind::OverCapacity => Err(format!(
                    "kind: over_capacity is about no one contact; give it alone: \
                     kith nudges {verb} over_capacity"
                )),
                kind => Ok(Shape::Person(ContactRef::Id(ContactId(id)), kind)),
            };
        }
        let contact = self.contact.as_deref().unwrap_or_default();
        match self.kind {
            Some(NudgeKind::OverCapacity) => Err(format!(
                "kind: over_capacity is about no one contact; give it alone: \
                 kith nudges {verb} over_capacity"
            )),
            Some(kind) => Ok(Shape::Person(ContactRef::parse(contact), kind)),
            None => match NudgeKind::parse(contact) {
                Ok(NudgeKind::OverCapacity) => Ok(Shape::Nobody),
                Ok(kind) => Err(format!(
                    "contact: a {kind} nudge is about one person; name them first: \
                     kith nudges {verb} CONTACT {kind}"
                )),
                Err(_) => Err(missing_kind()),
            },
        }
    }

    /// Finds the contact; `verb` is the subcommand, for the messages.
    fn resolve(self, store: &Store, verb: &str) -> Result<Resolved> {
        match self.shape(verb).map_err(anyhow::Error::msg)? {
            Shape::Nobody => Ok(Resolved {
                contact: None,
                kind: NudgeKind::OverCapacity,
            }),
            Shape::Person(contact, kind) => {
                let id = store.resolve_contact(&contact)?;
                let name = one_line(&store.contact(id)?.fields.name).into_owned();
                Ok(Resolved {
                    contact: Some((id, name)),
                    kind,
                })
            }
        }
    }
}

impl NudgesArgs {
    /// Bad usage that clap's parser cannot see, reported before the
    /// database is opened (exit status 2).
    /// The subcommand's name comes with the message.
    pub(super) fn usage_error(&self) -> Option<(&'static str, String)> {
        let (target, verb) = match self.command.as_ref()? {
            NudgesCommand::Snooze { target, .. } => (target, "snooze"),
            NudgesCommand::Dismiss { target } => (target, "dismiss"),
            NudgesCommand::Restore { target } => (target, "restore"),
        };
        target.shape(verb).err().map(|message| (verb, message))
    }
}

pub(super) fn nudges(
    store: &mut Store,
    args: NudgesArgs,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    let today = now.date();
    let Some(command) = args.command else {
        let day = args.today.unwrap_or(today);
        let due = store.due_nudges(day)?;
        if args.json {
            return print_json(out, &due);
        }
        let when = (day != today).then_some(day);
        return Ok(write!(out, "{}", nudges_text(&due, when))?);
    };
    match command {
        NudgesCommand::Snooze { target, until } => {
            let target = target.resolve(store, "snooze")?;
            validate_snooze(until, today)?;
            // Snoozes and dismissals that hide nothing any more go first,
            // so the table only ever holds live ones.
            store.prune_nudge_states(today)?;
            store.snooze_nudge(target.contact.as_ref().map(|c| c.0), target.kind, until)?;
            writeln!(
                out,
                "Snoozed {} until {until}; it shows again that day.",
                target.describe()
            )?;
            not_due_note(store, &target, today, out)?;
        }
        NudgesCommand::Dismiss { target } => {
            let target = target.resolve(store, "dismiss")?;
            store.prune_nudge_states(today)?;
            store.dismiss_nudge(target.contact.as_ref().map(|c| c.0), target.kind, today)?;
            let until = match &target.contact {
                Some(_) if target.kind == NudgeKind::Date => format!(
                    "until the dates it shows have passed (it can show again on {})",
                    dates_dismissed_until(today, &store.settings()?)
                ),
                Some((_, name)) => {
                    format!("until you log an interaction with {name} or change their trust")
                }
                None => "until the number of people at some trust level changes".to_owned(),
            };
            writeln!(out, "Dismissed {} {until}.", target.describe())?;
            not_due_note(store, &target, today, out)?;
        }
        NudgesCommand::Restore { target } => {
            let target = target.resolve(store, "restore")?;
            let had = store.clear_nudge_state(target.contact.as_ref().map(|c| c.0), target.kind)?;
            if had {
                writeln!(
                    out,
                    "Restored {}: it shows whenever it is due.",
                    target.describe()
                )?;
            } else {
                writeln!(
                    out,
                    "{} was not snoozed or dismissed; nothing to restore.",
                    capitalised(&target.describe())
                )?;
            }
        }
    }
    Ok(())
}

/// Tells the person when the nudge they hid is not due today, since they
/// may have meant another kind or person.
fn not_due_note(store: &Store, target: &Resolved, today: NaiveDate, out: Out) -> Result<()> {
    let settings = store.settings()?;
    let due = match &target.contact {
        Some((id, _)) => store
            .nudge_facts_of(*id, intimate_lookback(today, &settings))?
            .is_some_and(|facts| {
                contact_nudges(today, &facts, &settings)
                    .iter()
                    .any(|nudge| nudge.kind == target.kind)
            }),
        None => !capacity_nudges(&store.layer_counts()?, &settings).is_empty(),
    };
    if !due {
        writeln!(
            out,
            "(No such nudge is due today; this hides it if it comes up.)"
        )?;
    }
    Ok(())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What to act on, under a nudge: the latest interaction (its note, unless
/// the reason quotes it already) and up to three open follow-ups not named
/// in the reason. `None` when there is nothing to add.
fn context_line(nudge: &Nudge) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(last) = &nudge.last_interaction {
        let mut said = format!(
            "last: {}, {}",
            last.when.date(),
            last.channel.label().to_lowercase()
        );
        if !last.note.is_empty() && nudge.kind != NudgeKind::Unanswered {
            said.push_str(&format!(": \"{}\"", one_line(&last.note)));
        }
        parts.push(said);
    }
    let to_do: Vec<_> = nudge
        .follow_ups
        .iter()
        // A follow_up nudge's reason cites the due ones already.
        .filter(|f| {
            nudge.kind != NudgeKind::FollowUp
                || !nudge.reason.contains(&format!("{} (due ", f.what))
        })
        .collect();
    if !to_do.is_empty() {
        let shown: Vec<String> = to_do
            .iter()
            .take(3)
            .map(|f| match f.due {
                Some(due) => format!("{} (due {due})", one_line(&f.what)),
                None => one_line(&f.what).into_owned(),
            })
            .collect();
        let mut line = format!("to do: {}", shown.join("; "));
        if to_do.len() > 3 {
            line.push_str(&format!(" and {} more", to_do.len() - 3));
        }
        parts.push(line);
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// How the summary line counts nudges of a kind: "2 waiting on your reply".
fn counted(kind: NudgeKind, count: usize) -> String {
    match kind {
        NudgeKind::Unanswered => format!("{count} waiting on your reply"),
        NudgeKind::Neglect => format!("{count} to keep in touch"),
        NudgeKind::TooFast => format!("{count} moving too fast"),
        NudgeKind::Souring => format!("{count} souring"),
        NudgeKind::OneSided => format!("{count} one-sided"),
        NudgeKind::OverCapacity => format!("{} over capacity", plural(count, "layer")),
        NudgeKind::FollowUp => format!("{} with a follow-up due", plural(count, "person")),
        NudgeKind::Date => format!("{} with a date coming up", plural(count, "person")),
    }
}

/// The nudges grouped by kind, the group with the most urgent nudge first,
/// each in the engine's order, then a one-line summary. `on` is the day
/// when it is not today.
pub(super) fn nudges_text(nudges: &[Nudge], on: Option<NaiveDate>) -> String {
    let day = match on {
        Some(day) => format!("on {day}"),
        None => "today".to_owned(),
    };
    if nudges.is_empty() {
        return format!("Nothing due {day}.\n");
    }
    // Kinds in order of their first (most severe) nudge.
    let mut kinds: Vec<NudgeKind> = Vec::new();
    for nudge in nudges {
        if !kinds.contains(&nudge.kind) {
            kinds.push(nudge.kind);
        }
    }
    let mut text = String::new();
    if on.is_some() {
        let _ = writeln!(text, "Due {day}:\n");
    }
    let mut summary = Vec::new();
    for &kind in &kinds {
        let group: Vec<&Nudge> = nudges.iter().filter(|n| n.kind == kind).collect();
        let _ = writeln!(text, "{} ({kind})", kind.label());
        for nudge in &group {
            match (&nudge.contact, nudge.contact_id) {
                (Some(name), Some(id)) => {
                    let _ = writeln!(text, "  {} ({id}): {}", one_line(name), nudge.reason);
                }
                _ => {
                    let _ = writeln!(text, "  {}", nudge.reason);
                }
            }
            if let Some(context) = context_line(nudge) {
                let _ = writeln!(text, "      {context}");
            }
        }
        text.push('\n');
        summary.push(counted(kind, group.len()));
    }
    let _ = writeln!(
        text,
        "{}: {}.",
        plural(nudges.len(), "nudge"),
        summary.join(", ")
    );
    text
}
