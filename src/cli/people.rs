//! `kith contact …`, `kith log` and `kith trust`: people, interactions and
//! trust from the command line.

use crate::domain::Field;
use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Out, plural, print_json};
use crate::domain::time::{format_date_time, parse_date, parse_date_time};
use crate::domain::{
    Birthday, Channel, Circle, Contact, ContactDraft, Depth, Initiator, Interaction,
    InteractionDraft, Labeled, MetVia, Tone, TrustChange, TrustLevel, ValidationError,
};
use crate::store::{ContactRef, NewContact, Store};

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a person
    Add {
        /// Their name
        name: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// List people, by name
    List {
        /// Include archived people
        #[arg(long)]
        all: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show everything about a person, with their trust history and interactions
    Show {
        /// Their id or exact name
        contact: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a person's details (only the fields given)
    Edit {
        /// Their id or exact name
        contact: String,
        /// A new name
        #[arg(long, value_name = "NEW")]
        name: Option<String>,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Hide a person from lists and nudges, keeping everything
    Archive {
        /// Their id or exact name
        contact: String,
    },
    /// Bring an archived person back
    Unarchive {
        /// Their id or exact name
        contact: String,
    },
    /// Delete a person with all their interactions and trust history
    Delete {
        /// Their id or exact name
        contact: String,
    },
}

/// The fields `contact add` and `contact edit` share. On `edit`, an empty
/// value clears a field, and a repeated list flag replaces the whole list.
#[derive(Debug, Args)]
pub struct ContactFields {
    /// personal, professional or both
    #[arg(long, value_name = "C", value_parser = Circle::parse)]
    circle: Option<Circle>,
    /// in-person, event, work, introduction, social-media, online-community or other
    #[arg(long, value_name = "M", value_parser = optional(MetVia::parse))]
    met_via: Option<OrClear<MetVia>>,
    /// Where you met ("SXSW 2026", "@garyvee thread")
    #[arg(long, value_name = "TEXT")]
    met_where: Option<String>,
    /// When you met (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = optional(|s| parse_date(Field::MetOn, s)))]
    met_on: Option<OrClear<NaiveDate>>,
    /// How far you trust them: 1-5 or handshake, acquaintance, familiar, trusted, intimate
    #[arg(long, value_name = "LEVEL", value_parser = TrustLevel::parse_name_or_number)]
    trust: Option<TrustLevel>,
    /// Keep in touch every DAYS days (0 = never nudge); overrides the default for their trust level
    #[arg(long, value_name = "DAYS", allow_hyphen_values = true, value_parser = optional(parse_cadence))]
    cadence: Option<OrClear<u32>>,
    /// A tag (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Notes about them
    #[arg(long, value_name = "TEXT")]
    notes: Option<String>,
    /// A nickname
    #[arg(long, value_name = "N")]
    nickname: Option<String>,
    /// An email, optionally labelled: work:ada@example.org (repeat for several)
    #[arg(long = "email", value_name = "E")]
    emails: Vec<String>,
    /// A phone number, optionally labelled: mobile:+44 20 7946 0958 (repeat for several)
    #[arg(long = "phone", value_name = "P")]
    phones: Vec<String>,
    /// Birthday: YYYY-MM-DD, or --MM-DD without the year
    #[arg(long, value_name = "DATE", allow_hyphen_values = true, value_parser = optional(Birthday::parse))]
    birthday: Option<OrClear<Birthday>>,
    /// Organisation
    #[arg(long = "org", value_name = "O")]
    organisation: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Their id or exact name
    contact: String,
    /// When (YYYY-MM-DD HH:MM, local time) [default: now]
    #[arg(long, value_name = "DATETIME", value_parser = |s: &str| parse_date_time(Field::When, s))]
    on: Option<NaiveDateTime>,
    /// in-person, call, video, message, email, social, letter or other [default: other]
    #[arg(long, value_name = "CH", value_parser = Channel::parse)]
    channel: Option<Channel>,
    /// Who reached out: me, them or mutual [default: mutual]
    #[arg(long, value_name = "WHO", value_parser = Initiator::parse)]
    initiated_by: Option<Initiator>,
    /// positive, neutral or negative [default: neutral]
    #[arg(long, value_name = "T", value_parser = Tone::parse)]
    tone: Option<Tone>,
    /// small-talk, personal or intimate [default: small-talk]
    #[arg(long, value_name = "D", value_parser = Depth::parse)]
    depth: Option<Depth>,
    /// How long it lasted, in minutes
    #[arg(long, value_name = "N")]
    minutes: Option<u32>,
    /// What you talked about, what matters to them
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

#[derive(Debug, Args)]
pub struct TrustArgs {
    /// Their id or exact name
    contact: String,
    /// 1-5 or handshake, acquaintance, familiar, trusted, intimate
    #[arg(value_parser = TrustLevel::parse_name_or_number)]
    level: TrustLevel,
    /// The day this assessment applies from (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(Field::On, s))]
    on: Option<NaiveDate>,
    /// Why
    #[arg(long, value_name = "TEXT", default_value = "")]
    reason: String,
}

/// A flag value on `contact edit` where an empty value clears the field.
#[derive(Clone, Debug)]
pub struct OrClear<T>(Option<T>);

/// Wraps a parser so that an empty value means "clear this field".
fn optional<T>(
    parse: impl Fn(&str) -> Result<T, ValidationError> + Clone + Send + Sync + 'static,
) -> impl Fn(&str) -> Result<OrClear<T>, ValidationError> + Clone + Send + Sync + 'static {
    move |text: &str| {
        if text.trim().is_empty() {
            Ok(OrClear(None))
        } else {
            parse(text).map(|value| OrClear(Some(value)))
        }
    }
}

fn parse_cadence(text: &str) -> Result<u32, ValidationError> {
    let days: i64 = text
        .trim()
        .parse()
        .map_err(|_| ValidationError::Malformed {
            field: Field::Cadence,
            value: text.to_owned(),
            expected: "expected a number of days",
        })?;
    let max = crate::domain::MAX_CADENCE_DAYS;
    u32::try_from(days)
        .ok()
        .filter(|days| *days <= max)
        .ok_or(ValidationError::OutOfRange {
            field: Field::Cadence,
            value: days,
            min: 0,
            max: i64::from(max),
        })
}

impl ContactFields {
    /// Applies the given flags to `draft`; an empty text clears a field.
    fn apply(self, draft: &mut ContactDraft) {
        fn text(value: Option<String>, field: &mut Option<String>) {
            if let Some(value) = value {
                *field = Some(value).filter(|v| !v.trim().is_empty());
            }
        }
        fn list(values: Vec<String>, field: &mut Vec<Labeled>) {
            if !values.is_empty() {
                *field = values
                    .iter()
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| Labeled::parse(v))
                    .collect();
            }
        }
        if let Some(circle) = self.circle {
            draft.circle = circle;
        }
        if let Some(OrClear(met_via)) = self.met_via {
            draft.met_via = met_via;
        }
        text(self.met_where, &mut draft.met_where);
        if let Some(OrClear(met_on)) = self.met_on {
            draft.met_on = met_on;
        }
        if let Some(OrClear(cadence)) = self.cadence {
            draft.cadence_days = cadence;
        }
        if !self.tags.is_empty() {
            draft.tags = self.tags;
        }
        if let Some(notes) = self.notes {
            draft.notes = notes;
        }
        text(self.nickname, &mut draft.nickname);
        list(self.emails, &mut draft.emails);
        list(self.phones, &mut draft.phones);
        if let Some(OrClear(birthday)) = self.birthday {
            draft.birthday = birthday;
        }
        text(self.organisation, &mut draft.organisation);
    }
}

pub(super) fn contact(
    store: &mut Store,
    command: ContactCommand,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    match command {
        ContactCommand::Add { name, mut fields } => {
            let trust = fields.trust.take();
            let mut draft = ContactDraft::named(&name);
            fields.apply(&mut draft);
            let new = NewContact {
                trust,
                ..NewContact::new(draft)
            };
            let id = store.add_contact(new, now)?;
            let contact = store.contact(id)?;
            writeln!(
                out,
                "Added {} (id {}), trust {}.",
                contact.name(),
                id,
                contact.trust
            )?;
        }
        ContactCommand::List { all, json } => {
            let contacts = store.contacts(all)?;
            if json {
                print_json(out, &contacts)?;
            } else {
                write!(out, "{}", super::text::contact_table(&contacts, now.date()))?;
            }
        }
        ContactCommand::Show { contact, json } => {
            let id = store.resolve_contact(&ContactRef::parse(&contact))?;
            let profile = Profile {
                contact: store.contact(id)?,
                trust_history: store.trust_history(id)?,
                interactions: store.interactions_of(id)?,
            };
            if json {
                print_json(out, &profile)?;
            } else {
                write!(out, "{}", super::text::profile_text(&profile, now.date()))?;
            }
        }
        ContactCommand::Edit {
            contact,
            name,
            mut fields,
        } => {
            let id = store.resolve_contact(&ContactRef::parse(&contact))?;
            let before = store.contact(id)?;
            let mut draft = before.fields.clone();
            if let Some(name) = name {
                draft.name = name;
            }
            let trust = fields.trust.take();
            fields.apply(&mut draft);
            // Check the whole edit before writing any of it.
            let mut checked = draft.clone();
            checked.normalise();
            checked.validate(now.date())?;
            if checked != before.fields {
                store.update_contact(id, draft, now)?;
            }
            if let Some(level) = trust
                && level != before.trust
            {
                store.set_trust(id, level, now.date(), "", now)?;
            }
            let after = store.contact(id)?;
            writeln!(out, "Updated {} (id {}).", after.name(), id)?;
        }
        ContactCommand::Archive { contact } => set_archived(store, &contact, true, now, out)?,
        ContactCommand::Unarchive { contact } => set_archived(store, &contact, false, now, out)?,
        ContactCommand::Delete { contact } => {
            let id = store.resolve_contact(&ContactRef::parse(&contact))?;
            let doomed = store.contact(id)?;
            let trust_changes = store.trust_history(id)?.len();
            store.delete_contact(id)?;
            writeln!(
                out,
                "Deleted {} (id {}) with {} and {}.",
                doomed.name(),
                id,
                plural(doomed.summary.interaction_count as usize, "interaction"),
                plural(trust_changes, "trust change")
            )?;
        }
    }
    Ok(())
}

fn set_archived(
    store: &mut Store,
    contact: &str,
    archived: bool,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    let id = store.resolve_contact(&ContactRef::parse(contact))?;
    store.set_archived(id, archived, now)?;
    let contact = store.contact(id)?;
    if archived {
        writeln!(
            out,
            "Archived {} (id {id}): hidden from lists and nudges, nothing deleted.",
            contact.name()
        )?;
    } else {
        writeln!(out, "Unarchived {} (id {id}).", contact.name())?;
    }
    Ok(())
}

pub(super) fn log(store: &mut Store, args: LogArgs, now: NaiveDateTime, out: Out) -> Result<()> {
    let id = store.resolve_contact(&ContactRef::parse(&args.contact))?;
    let mut draft = InteractionDraft::new(id, args.on.unwrap_or(now));
    draft.channel = args.channel.unwrap_or_default();
    draft.initiated_by = args.initiated_by.unwrap_or_default();
    draft.tone = args.tone.unwrap_or_default();
    draft.depth = args.depth.unwrap_or_default();
    draft.minutes = args.minutes;
    draft.note = args.note.unwrap_or_default();
    let when = draft.when;
    let channel = draft.channel;
    let interaction = store.log_interaction(draft, now)?;
    let contact = store.contact(id)?;
    writeln!(
        out,
        "Logged {} with {} on {} (interaction {}).",
        channel.label().to_lowercase(),
        contact.name(),
        format_date_time(when),
        interaction
    )?;
    Ok(())
}

pub(super) fn trust(
    store: &mut Store,
    args: TrustArgs,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    let id = store.resolve_contact(&ContactRef::parse(&args.contact))?;
    let before = store.contact(id)?.trust;
    let on = args.on.unwrap_or(now.date());
    store.set_trust(id, args.level, on, &args.reason, now)?;
    let contact = store.contact(id)?;
    if contact.trust == args.level {
        writeln!(
            out,
            "{}: trust is now {} (was {}), from {on}.",
            contact.name(),
            contact.trust,
            before
        )?;
    } else {
        writeln!(
            out,
            "{}: recorded {} on {on}; a later assessment keeps trust at {}.",
            contact.name(),
            args.level,
            contact.trust
        )?;
    }
    Ok(())
}

/// A person with their whole history, as `contact show` prints it.
#[derive(Serialize)]
pub(super) struct Profile {
    #[serde(flatten)]
    pub contact: Contact,
    pub trust_history: Vec<TrustChange>,
    pub interactions: Vec<Interaction>,
}
