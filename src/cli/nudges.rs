//! `kith nudges`: what is due (as Today's three parts, see `today`), and
//! snoozing, dismissing, restoring or skipping one nudge, and what is hidden. The rules live in `domain::nudge`; this file only
//! names contacts, calls the store and prints.

use crate::domain::Field;

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};

use super::terminal::one_line;
use super::{Out, plural, print_json, print_json_list};
use crate::domain::nudge::{
    SKIPS_BEFORE_LONGER_CADENCE, capacity_nudges, contact_nudges, dates_dismissed_until,
    intimate_lookback, sections, triage, validate_snooze,
};
use crate::domain::time::parse_date;
use crate::domain::{ContactId, NudgeKind};
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
    /// Print JSON: every nudge, {kind, contact_id, contact, severity, reason,
    /// last_interaction, follow_ups, focus}
    #[arg(long)]
    json: bool,
    /// Print everything, unfolded
    #[arg(long)]
    all: bool,
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
    /// Skip this time: restart someone's keep-in-touch clock today, without an interaction
    Skip {
        #[command(flatten)]
        who: super::people::Who,
    },
    /// What is snoozed or dismissed, to restore
    Hidden {
        /// Print JSON: an array of {kind, contact_id, contact, snoozed_until, dismissed}
        #[arg(long)]
        json: bool,
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
            NudgesCommand::Skip { .. } | NudgesCommand::Hidden { .. } => return None,
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
        crate::timings::mark("nudges");
        let settings = store.settings()?;
        if args.json {
            let mut focus = vec![false; due.len()];
            let shown = sections(&due, &settings);
            for &i in shown.waiting.iter().chain(&shown.focus) {
                focus[i] = true;
            }
            let marked: Vec<_> = due
                .iter()
                .zip(focus)
                .map(|(nudge, focus)| super::today::Marked { nudge, focus })
                .collect();
            return print_json_list(out, &marked);
        }
        let sections = triage(&due, &settings);
        let when = (day != today).then_some(day);
        return Ok(write!(
            out,
            "{}",
            super::today::today_text(&sections, when, args.all)
        )?);
    };
    match command {
        NudgesCommand::Snooze { target, until } => {
            let target = target.resolve(store, "snooze")?;
            validate_snooze(until, today)?;
            // Snoozes and dismissals that hide nothing any more go first,
            // so the table only ever holds live ones.
            store.prune_nudge_states(today)?;
            let _ = store.snooze_nudge(target.contact.as_ref().map(|c| c.0), target.kind, until)?;
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
            let _ =
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
        NudgesCommand::Skip { who } => {
            let id = who.resolve(store)?;
            let _ = store.skip_neglect(id, today, now)?;
            let facts =
                store.nudge_facts_of(id, today, intimate_lookback(today, &store.settings()?))?;
            let name = one_line(&store.contact(id)?.fields.name).into_owned();
            writeln!(
                out,
                "Skipped {name} this time: their keep-in-touch clock starts again today."
            )?;
            if let Some(facts) = facts.filter(|f| f.skips_in_a_row >= SKIPS_BEFORE_LONGER_CADENCE) {
                writeln!(
                    out,
                    "That is {} skips in a row; a longer cadence may suit you both: \
                     kith contact edit {id} --cadence DAYS",
                    facts.skips_in_a_row
                )?;
            }
        }
        NudgesCommand::Hidden { json } => {
            let hidden = store.hidden_nudges(today)?;
            if json {
                let views: Vec<HiddenView> = hidden.iter().map(HiddenView::new).collect();
                return print_json(out, &views);
            }
            if hidden.is_empty() {
                writeln!(out, "Nothing is snoozed or dismissed.")?;
                return Ok(());
            }
            for item in &hidden {
                let (who, target) = match &item.contact {
                    Some((id, name)) => (
                        format!("{} ({id})", one_line(name)),
                        format!("{id} {}", item.kind),
                    ),
                    None => ("Everyone".to_owned(), item.kind.to_string()),
                };
                let until = match item.snoozed_until {
                    Some(day) => format!("snoozed until {day}"),
                    None => "dismissed until something changes".to_owned(),
                };
                writeln!(
                    out,
                    "  {who} · {}: {until} (kith nudges restore {target})",
                    item.kind.label().to_lowercase()
                )?;
            }
            writeln!(out, "{} hidden.", plural(hidden.len(), "nudge"))?;
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

/// One hidden nudge as `nudges hidden --json` prints it.
#[derive(serde::Serialize)]
struct HiddenView<'a> {
    kind: NudgeKind,
    contact_id: Option<ContactId>,
    contact: Option<&'a str>,
    snoozed_until: Option<NaiveDate>,
    dismissed: bool,
}

impl<'a> HiddenView<'a> {
    fn new(hidden: &'a crate::store::HiddenNudge) -> Self {
        Self {
            kind: hidden.kind,
            contact_id: hidden.contact.as_ref().map(|(id, _)| *id),
            contact: hidden.contact.as_ref().map(|(_, name)| name.as_str()),
            snoozed_until: hidden.snoozed_until,
            dismissed: hidden.dismissed,
        }
    }
}

/// Tells the person when the nudge they hid is not due today, since they
/// may have meant another kind or person.
fn not_due_note(store: &Store, target: &Resolved, today: NaiveDate, out: Out) -> Result<()> {
    let settings = store.settings()?;
    let due = match &target.contact {
        Some((id, _)) => store
            .nudge_facts_of(*id, today, intimate_lookback(today, &settings))?
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
