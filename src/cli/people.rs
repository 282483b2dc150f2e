//! `kith contact …` and `kith trust`: people and trust from the command
//! line (`kith log` is in `log.rs`).
//!
//! Changes go through the same store calls as the window's, which return
//! an [`Undo`](crate::store::Undo); a command has no session to undo in,
//! so it drops it (`let _ =`), and a backup is the way back.

use crate::domain::Field;
use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::terminal::one_line;
use super::{Out, plural, print_json, print_json_list};
use crate::domain::search::{Filters, Searchable, find, query_words, rank, snippet};
use crate::domain::time::parse_date;
use crate::domain::{
    Birthday, Circle, Contact, ContactDraft, DateToRemember, FollowUp, Labeled, MetVia,
    TrustChange, TrustLevel, ValidationError,
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
        /// Only people whose name, nickname, organisation, tags, how and where
        /// you met or notes have words starting with every word of TEXT
        /// (case and accents ignored); name matches first
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Only people with this tag
        #[arg(long, value_name = "T")]
        tag: Option<String>,
        /// Only people in this circle: personal, professional or both
        #[arg(long, value_name = "C", value_parser = Circle::parse)]
        circle: Option<Circle>,
        /// Only people at this trust level (1-5 or its name)
        #[arg(long, value_name = "L", value_parser = TrustLevel::parse_name_or_number)]
        trust: Option<TrustLevel>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show everything about a person, with their trust history and interactions
    Show {
        #[command(flatten)]
        who: Who,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a person's details (only the fields given)
    Edit {
        #[command(flatten)]
        who: Who,
        /// A new name
        #[arg(long, value_name = "NEW")]
        name: Option<String>,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Hide a person from lists and nudges, keeping everything
    Archive {
        #[command(flatten)]
        who: Who,
    },
    /// Bring an archived person back
    Unarchive {
        #[command(flatten)]
        who: Who,
    },
    /// Delete a person with all their interactions and trust history
    Delete {
        #[command(flatten)]
        who: Who,
    },
}

/// The people `filters` admit and `words` find, in the search's order, each
/// with a snippet of their notes when that is where the words were found.
fn matching(
    store: &Store,
    filters: &Filters,
    words: &[String],
    today: NaiveDate,
) -> Result<Vec<(crate::domain::ContactId, Option<String>)>> {
    let nudged: std::collections::HashSet<_> = if words.is_empty() {
        Default::default()
    } else {
        store
            .due_nudges(today)?
            .iter()
            .filter_map(|n| n.contact_id)
            .collect()
    };
    let mut found = Vec::new();
    for listing in store.listings()? {
        if !filters.admit(&listing) {
            continue;
        }
        if words.is_empty() {
            found.push((
                (false, false, std::cmp::Reverse(None)),
                listing.name.clone(),
                listing.id,
                None,
            ));
            continue;
        }
        let text = Searchable::of(&listing);
        let Some(hit) = find(words, &text.text, text.name_end) else {
            continue;
        };
        let key = rank(
            hit,
            nudged.contains(&listing.id),
            listing.last_interaction_at,
        );
        let snippet = (!hit.in_name)
            .then(|| snippet(&listing.notes, words, 60))
            .flatten();
        found.push((key, listing.name.clone(), listing.id, snippet));
    }
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.to_lowercase().cmp(&b.1.to_lowercase()))
    });
    Ok(found
        .into_iter()
        .map(|(_, _, id, snippet)| (id, snippet))
        .collect())
}

/// A person named on the command line: by id or exact name, or with
/// `--id` when the name itself is a number.
#[derive(Debug, Args)]
pub struct Who {
    /// Their id or exact name
    #[arg(value_name = "CONTACT", required_unless_present = "id")]
    contact: Option<String>,
    /// Their id (for someone whose name is a number, such as "1")
    #[arg(long = "id", value_name = "N", conflicts_with = "contact")]
    id: Option<i64>,
}

impl Who {
    pub(super) fn reference(&self) -> ContactRef {
        match (&self.contact, self.id) {
            (_, Some(id)) => ContactRef::Id(crate::domain::ContactId(id)),
            (Some(text), None) => ContactRef::parse(text),
            // clap requires one of the two.
            (None, None) => ContactRef::Name(String::new()),
        }
    }

    pub(super) fn resolve(&self, store: &Store) -> Result<crate::domain::ContactId> {
        Ok(store.resolve_contact(&self.reference())?)
    }
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
    /// An email, optionally labelled: work:ada@example.org (repeat for several; "" clears)
    #[arg(long = "email", value_name = "E", value_parser = |s: &str| labeled(Field::Email, s))]
    emails: Vec<OrClear<Labeled>>,
    /// A phone number, optionally labelled: mobile:+44 20 7946 0958 (repeat for several; "" clears)
    #[arg(long = "phone", value_name = "P", value_parser = |s: &str| labeled(Field::Phone, s))]
    phones: Vec<OrClear<Labeled>>,
    /// Birthday: YYYY-MM-DD, or --MM-DD without the year
    #[arg(long, value_name = "DATE", allow_hyphen_values = true, value_parser = optional(Birthday::parse))]
    birthday: Option<OrClear<Birthday>>,
    /// Organisation
    #[arg(long = "org", value_name = "O")]
    organisation: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    override_usage = "kith trust CONTACT LEVEL [--on DATE] [--reason TEXT]\n       \
                            kith trust --id N LEVEL [--on DATE] [--reason TEXT]"
)]
pub struct TrustArgs {
    /// Their id or exact name, then the level: 1-5 or handshake, acquaintance, familiar,
    /// trusted, intimate (with --id, the level alone)
    #[arg(value_name = "CONTACT LEVEL", num_args = 1..=2, required = true)]
    words: Vec<String>,
    /// Their id (for someone whose name is a number, such as "1")
    #[arg(long = "id", value_name = "N")]
    id: Option<i64>,
    /// The day this assessment applies from (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(Field::On, s))]
    on: Option<NaiveDate>,
    /// Why
    #[arg(long, value_name = "TEXT", default_value = "")]
    reason: String,
}

impl TrustArgs {
    /// Who and which level; an error here is bad usage (exit status 2).
    pub(super) fn target(&self) -> Result<(ContactRef, TrustLevel), String> {
        let (contact, level) = match (self.id, self.words.as_slice()) {
            (Some(id), [level]) => (ContactRef::Id(crate::domain::ContactId(id)), level),
            (None, [contact, level]) => (ContactRef::parse(contact), level),
            (Some(_), _) => return Err("with --id N, give the level alone".to_owned()),
            (None, _) => return Err("give the person and the level: CONTACT LEVEL".to_owned()),
        };
        let level = TrustLevel::parse_name_or_number(level).map_err(|e| e.to_string())?;
        Ok((contact, level))
    }
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

/// Reads `LABEL:VALUE` or `VALUE`; an empty text clears the list, but a
/// label with nothing after it is a mistake, not a way to clear it.
fn labeled(field: Field, text: &str) -> Result<OrClear<Labeled>, ValidationError> {
    if text.trim().is_empty() {
        return Ok(OrClear(None));
    }
    let item = Labeled::parse(text);
    if item.value.is_empty() {
        return Err(ValidationError::Malformed {
            field,
            value: text.to_owned(),
            expected: "the label has no value after it; give LABEL:VALUE, or \"\" to clear the list",
        });
    }
    Ok(OrClear(Some(item)))
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
        fn list(values: Vec<OrClear<Labeled>>, field: &mut Vec<Labeled>) {
            if !values.is_empty() {
                *field = values.into_iter().filter_map(|OrClear(v)| v).collect();
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
                one_line(contact.name()),
                id,
                contact.trust
            )?;
        }
        ContactCommand::List {
            all,
            search,
            tag,
            circle,
            trust,
            json,
        } => {
            let filters = Filters { circle, trust, tag };
            let words = search.as_deref().map(query_words).unwrap_or_default();
            let narrowed = filters != Filters::default() || !words.is_empty();
            // Searched before everyone is loaded: the search's listings
            // and nudges are gone by then, so the two are never in
            // memory together.
            let found = narrowed
                .then(|| matching(store, &filters, &words, now.date()))
                .transpose()?;
            let mut contacts = store.contacts(all)?;
            let mut snippets = std::collections::HashMap::new();
            if let Some(found) = found {
                let rank: std::collections::HashMap<_, _> = found
                    .iter()
                    .enumerate()
                    .map(|(i, (id, _))| (*id, i))
                    .collect();
                contacts.retain(|c| rank.contains_key(&c.id));
                contacts.sort_by_key(|c| rank[&c.id]);
                snippets = found
                    .into_iter()
                    .filter_map(|(id, s)| Some((id, s?)))
                    .collect();
            }
            if json {
                print_json_list(out, &contacts)?;
            } else if narrowed && contacts.is_empty() {
                writeln!(out, "No one matches.")?;
            } else {
                write!(
                    out,
                    "{}",
                    super::text::contact_table(&contacts, &snippets, now.date())
                )?;
            }
        }
        ContactCommand::Show { who, json } => {
            let id = who.resolve(store)?;
            let profile = Profile {
                contact: store.contact(id)?,
                trust_history: store.trust_history(id)?,
                interactions: super::log::shown(store, store.interactions_of(id)?)?,
                follow_ups: store.follow_ups_of(id)?,
                dates: store.dates_of(id)?,
            };
            if json {
                print_json(out, &profile)?;
            } else {
                write!(out, "{}", super::text::profile_text(&profile, now.date()))?;
            }
        }
        ContactCommand::Edit {
            who,
            name,
            mut fields,
        } => {
            let id = who.resolve(store)?;
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
                let _ = store.set_trust(id, level, now.date(), "", now)?;
            }
            let after = store.contact(id)?;
            writeln!(out, "Updated {} (id {}).", one_line(after.name()), id)?;
        }
        ContactCommand::Archive { who } => set_archived(store, &who, true, now, out)?,
        ContactCommand::Unarchive { who } => set_archived(store, &who, false, now, out)?,
        ContactCommand::Delete { who } => {
            let id = who.resolve(store)?;
            let doomed = store.contact(id)?;
            let trust_changes = store.trust_history(id)?.len();
            // Interactions with others too stay, without them.
            let groups = store
                .interactions_of(id)?
                .iter()
                .filter(|i| i.fields.is_group())
                .count();
            let alone = (doomed.summary.interaction_count as usize).saturating_sub(groups);
            let _ = store.delete_contact(id)?;
            let left = match groups {
                0 => String::new(),
                n => format!("; left {}", plural(n, "group interaction")),
            };
            writeln!(
                out,
                "Deleted {} (id {}) with {} and {}{left}.",
                one_line(doomed.name()),
                id,
                plural(alone, "interaction"),
                plural(trust_changes, "trust change")
            )?;
        }
    }
    Ok(())
}

fn set_archived(
    store: &mut Store,
    who: &Who,
    archived: bool,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    let id = who.resolve(store)?;
    let _ = store.set_archived(id, archived, now)?;
    let contact = store.contact(id)?;
    if archived {
        writeln!(
            out,
            "Archived {} (id {id}): hidden from lists and nudges, nothing deleted.",
            one_line(contact.name())
        )?;
    } else {
        writeln!(out, "Unarchived {} (id {id}).", one_line(contact.name()))?;
    }
    Ok(())
}

pub(super) fn trust(
    store: &mut Store,
    args: TrustArgs,
    now: NaiveDateTime,
    out: Out,
) -> Result<()> {
    let (contact, level) = args.target().map_err(anyhow::Error::msg)?;
    let id = store.resolve_contact(&contact)?;
    let before = store.contact(id)?.trust;
    let on = args.on.unwrap_or(now.date());
    let _ = store.set_trust(id, level, on, &args.reason, now)?;
    let contact = store.contact(id)?;
    if contact.trust == level {
        writeln!(
            out,
            "{}: trust is now {} (was {}), from {on}.",
            one_line(contact.name()),
            contact.trust,
            before
        )?;
    } else {
        writeln!(
            out,
            "{}: recorded {level} on {on}; a later assessment keeps trust at {}.",
            one_line(contact.name()),
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
    pub interactions: Vec<super::log::ShownInteraction>,
    /// Open ones first, then done ones.
    pub follow_ups: Vec<FollowUp>,
    pub dates: Vec<DateToRemember>,
}
