//! `kith log`: recording an interaction with one person or several at
//! once, and how `kith contact show` shows interactions (with everyone's
//! name, so a group interaction says who else was there).

use std::collections::HashMap;

use anyhow::{Result, bail};
use chrono::{NaiveDate, NaiveDateTime};
use clap::Args;
use serde::Serialize;
use uuid::Uuid;

use super::Out;
use super::terminal::one_line;
use crate::domain::time::{format_date_time, parse_date, parse_date_time};
use crate::domain::{
    Channel, ContactId, Depth, Field, Initiator, Interaction, InteractionDraft, InteractionId,
    Tone, names_in_a_row,
};
use crate::store::{ContactRef, LogEntry, NewFollowUp, Store};

#[derive(Debug, Args)]
#[command(
    override_usage = "kith log CONTACT... [--id N]... [--initiated-by me|them|mutual|NAME] [OPTIONS]"
)]
pub struct LogArgs {
    /// Who it was with: each by id or exact name (several for a group)
    #[arg(value_name = "CONTACT", required_unless_present = "ids")]
    contacts: Vec<String>,
    /// Someone by id (for a name that is a number, such as "1"); repeat for several
    #[arg(long = "id", value_name = "N")]
    ids: Vec<i64>,
    /// When (YYYY-MM-DD HH:MM, local time) [default: now]
    #[arg(long, value_name = "DATETIME", value_parser = |s: &str| parse_date_time(Field::When, s))]
    on: Option<NaiveDateTime>,
    /// in-person, call, video, message, email, social, letter or other [default: other]
    #[arg(long, value_name = "CH", value_parser = Channel::parse)]
    channel: Option<Channel>,
    /// Who reached out: me, mutual, or one of them by name or id ("them" with one person)
    /// [default: mutual]
    #[arg(long, value_name = "WHO")]
    initiated_by: Option<String>,
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
    /// Something to do or ask the first person next time ("ask how the surgery went")
    #[arg(long, value_name = "TEXT")]
    follow_up: Option<String>,
    /// When the follow-up is due (YYYY-MM-DD); it may be past only for a back-dated interaction
    #[arg(long, value_name = "DATE", requires = "follow_up",
          value_parser = |s: &str| parse_date(Field::Due, s))]
    due: Option<NaiveDate>,
}

/// The people named, in order, each once: (id, name).
fn participants(store: &Store, args: &LogArgs) -> Result<Vec<(ContactId, String)>> {
    let references = args
        .contacts
        .iter()
        .map(|text| ContactRef::parse(text))
        .chain(args.ids.iter().map(|&id| ContactRef::Id(ContactId(id))));
    let mut people: Vec<(ContactId, String)> = Vec::new();
    for reference in references {
        let id = store.resolve_contact(&reference)?;
        let name = store.contact(id)?.fields.name;
        if people.iter().any(|(known, _)| *known == id) {
            bail!("{}: {} is named twice", Field::Contact, one_line(&name));
        }
        people.push((id, name));
    }
    Ok(people)
}

/// Reads `--initiated-by`: me, mutual, them (one person only), or one of
/// the participants by name or id.
fn initiator(
    store: &Store,
    text: &str,
    people: &[(ContactId, String)],
) -> Result<(Initiator, Option<ContactId>)> {
    let names = || {
        let names: Vec<String> = people
            .iter()
            .map(|(_, n)| one_line(n).into_owned())
            .collect();
        names_in_a_row(&names).replace(" and ", " or ")
    };
    match Initiator::parse(text) {
        Ok(Initiator::Them) if people.len() > 1 => bail!(
            "{}: \"them\" is accepted only with one person; say who reached out: {}",
            Field::InitiatedBy,
            names()
        ),
        Ok(Initiator::Them) => Ok((Initiator::Them, people.first().map(|(id, _)| *id))),
        Ok(kind) => Ok((kind, None)),
        Err(_) => {
            let id = store.resolve_contact(&ContactRef::parse(text)).ok();
            match id.filter(|id| people.iter().any(|(p, _)| p == id)) {
                Some(id) => Ok((Initiator::Them, Some(id))),
                None => bail!(
                    "{}: {:?} is not me, mutual or someone it was with ({})",
                    Field::InitiatedBy,
                    one_line(text),
                    names()
                ),
            }
        }
    }
}

pub(super) fn log(store: &mut Store, args: LogArgs, now: NaiveDateTime, out: Out) -> Result<()> {
    let people = participants(store, &args)?;
    let mut draft = InteractionDraft::with_people(
        people.iter().map(|(id, _)| *id).collect(),
        args.on.unwrap_or(now),
    );
    if let Some(text) = &args.initiated_by {
        (draft.initiated_by, draft.initiator) = initiator(store, text, &people)?;
    }
    draft.channel = args.channel.unwrap_or_default();
    draft.tone = args.tone.unwrap_or_default();
    draft.depth = args.depth.unwrap_or_default();
    draft.minutes = args.minutes;
    draft.note = args.note.unwrap_or_default();
    let when = draft.when;
    let channel = draft.channel;
    let mut entry = LogEntry::new(draft);
    entry.follow_up = args.follow_up.map(|what| NewFollowUp {
        what,
        due: args.due,
    });
    let noted = entry.follow_up.clone();
    let interaction = store.log(entry, now)?;
    let names: Vec<String> = people
        .iter()
        .map(|(_, n)| one_line(n).into_owned())
        .collect();
    writeln!(
        out,
        "Logged {} with {} on {} (interaction {}).",
        channel.label().to_lowercase(),
        names_in_a_row(&names),
        format_date_time(when),
        interaction
    )?;
    if let Some(NewFollowUp { what, due }) = noted {
        let due = due.map(|d| format!(", due {d}")).unwrap_or_default();
        writeln!(out, "Follow up: {}{due}.", one_line(what.trim()))?;
    }
    Ok(())
}

/// Someone an interaction was with, as `--json` names them.
#[derive(Clone, Debug, Serialize)]
pub(super) struct Participant {
    pub id: ContactId,
    pub name: String,
}

/// An interaction as `kith contact show` prints it: with everyone's name.
#[derive(Clone, Debug, Serialize)]
pub(super) struct ShownInteraction {
    pub id: InteractionId,
    pub uuid: Uuid,
    pub participants: Vec<Participant>,
    pub when: NaiveDateTime,
    pub channel: Channel,
    /// me, them (then `initiator` says who) or mutual.
    pub initiated_by: Initiator,
    pub initiator: Option<Participant>,
    pub tone: Tone,
    pub depth: Depth,
    pub minutes: Option<u32>,
    pub note: String,
    pub created_at: NaiveDateTime,
}

impl ShownInteraction {
    /// Everyone but `person`, by name: who else was there.
    pub fn others(&self, person: ContactId) -> Vec<&str> {
        self.participants
            .iter()
            .filter(|p| p.id != person)
            .map(|p| p.name.as_str())
            .collect()
    }
}

/// Interactions with their participants' names.
pub(super) fn shown(
    store: &Store,
    interactions: Vec<Interaction>,
) -> Result<Vec<ShownInteraction>> {
    let mut ids: Vec<ContactId> = interactions
        .iter()
        .flat_map(|i| i.fields.participants.iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<ContactId, String> = store.contact_names(&ids)?;
    let participant = |id: ContactId| Participant {
        id,
        name: names.get(&id).cloned().unwrap_or_default(),
    };
    Ok(interactions
        .into_iter()
        .map(|i| ShownInteraction {
            id: i.id,
            uuid: i.uuid,
            participants: i
                .fields
                .participants
                .iter()
                .map(|&p| participant(p))
                .collect(),
            when: i.fields.when,
            channel: i.fields.channel,
            initiated_by: i.fields.initiated_by,
            initiator: i.fields.initiator.map(participant),
            tone: i.fields.tone,
            depth: i.fields.depth,
            minutes: i.fields.minutes,
            note: i.fields.note,
            created_at: i.created_at,
        })
        .collect())
}
