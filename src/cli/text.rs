//! Human-readable output: the contact table and a person's profile.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::people::Profile;
use super::plural;
use super::terminal::one_line;
use crate::domain::time::format_date_time;
use std::collections::HashMap;

use crate::domain::{Contact, ContactId, Labeled};

fn last_contact_text(contact: &Contact, today: NaiveDate) -> String {
    match contact.summary.last_interaction_at {
        Some(at) => match (today - at.date()).num_days() {
            0 => "today".to_owned(),
            1 => "yesterday".to_owned(),
            days if days < 0 => at.date().to_string(),
            days => format!("{days} days ago"),
        },
        None => "never".to_owned(),
    }
}

/// The people list, with a snippet under those found by their notes.
pub(super) fn contact_table(
    contacts: &[Contact],
    snippets: &HashMap<ContactId, String>,
    today: NaiveDate,
) -> String {
    if contacts.is_empty() {
        return "No one yet. Add someone with: kith contact add \"Ada Lovelace\"\n".to_owned();
    }
    let names: Vec<String> = contacts
        .iter()
        .map(|c| {
            let name: String = one_line(c.name()).chars().take(40).collect();
            if c.archived {
                format!("{name} (archived)")
            } else {
                name
            }
        })
        .collect();
    let id_width = contacts
        .iter()
        .map(|c| c.id.to_string().len())
        .max()
        .unwrap_or(2)
        .max(2);
    let name_width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:>id_width$}  {:name_width$}  {:12}  {:12}  {:14}  TAGS",
        "ID", "NAME", "TRUST", "CIRCLE", "LAST CONTACT"
    );
    for (contact, name) in contacts.iter().zip(&names) {
        let _ = writeln!(
            text,
            "{:>id_width$}  {:name_width$}  {:12}  {:12}  {:14}  {}",
            contact.id,
            name,
            contact.trust.as_str(),
            contact.fields.circle.as_str(),
            last_contact_text(contact, today),
            one_line(&contact.fields.tags.join(", "))
        );
        if let Some(found) = snippets.get(&contact.id) {
            let _ = writeln!(text, "{:>id_width$}  found: {}", "", one_line(found));
        }
    }
    let _ = writeln!(text, "{}", plural(contacts.len(), "person"));
    text
}

pub(super) fn profile_text(profile: &Profile, today: NaiveDate) -> String {
    let contact = &profile.contact;
    let fields = &contact.fields;
    let mut text = String::new();
    let _ = writeln!(text, "{} (id {})", one_line(contact.name()), contact.id);
    let mut row = |label: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(text, "  {label:<13}{}", one_line(&value));
        }
    };
    row("nickname", fields.nickname.clone().unwrap_or_default());
    row(
        "archived",
        if contact.archived {
            "yes".into()
        } else {
            String::new()
        },
    );
    row(
        "trust",
        format!("{} ({})", contact.trust, contact.trust.number()),
    );
    row("circle", fields.circle.to_string());
    row("known since", contact.known_since().to_string());
    let mut met = Vec::new();
    if let Some(via) = fields.met_via {
        met.push(via.label().to_lowercase());
    }
    if let Some(place) = &fields.met_where {
        met.push(place.clone());
    }
    if let Some(on) = fields.met_on {
        met.push(format!("on {on}"));
    }
    row("met", met.join(", "));
    row(
        "organisation",
        fields.organisation.clone().unwrap_or_default(),
    );
    row(
        "birthday",
        fields.birthday.map(|b| b.to_string()).unwrap_or_default(),
    );
    row("emails", join(&fields.emails));
    row("phones", join(&fields.phones));
    row("tags", fields.tags.join(", "));
    row(
        "cadence",
        match fields.cadence_days {
            Some(0) => "never nudge".into(),
            Some(days) => format!("every {days} days"),
            None => String::new(),
        },
    );
    row("last contact", last_contact_text(contact, today));
    if !fields.notes.is_empty() {
        let _ = writeln!(text, "  notes");
        for line in fields.notes.lines() {
            let _ = writeln!(text, "    {line}");
        }
    }
    let open = profile.follow_ups.iter().filter(|f| !f.is_done()).count();
    if !profile.follow_ups.is_empty() {
        let _ = writeln!(text, "\nFollow-ups ({open} open)");
        for follow_up in &profile.follow_ups {
            let what = one_line(&follow_up.fields.what);
            let id = follow_up.id;
            match (follow_up.done_at, follow_up.fields.due) {
                (Some(done), _) => {
                    let _ = writeln!(text, "  done {}: {what} (id {id})", done.date());
                }
                (None, Some(due)) => {
                    let _ = writeln!(text, "  {what}, due {due} (id {id})");
                }
                (None, None) => {
                    let _ = writeln!(text, "  {what} (id {id})");
                }
            }
        }
    }
    if !profile.dates.is_empty() {
        let _ = writeln!(text, "\nDates to remember");
        for date in &profile.dates {
            let _ = writeln!(
                text,
                "  {}: {} (id {})",
                one_line(&date.fields.label),
                date.fields.date,
                date.id
            );
        }
    }
    let _ = writeln!(text, "\nTrust history");
    for change in &profile.trust_history {
        let reason = if change.assessed {
            one_line(&change.reason)
        } else {
            "(added without a level: a default, not an assessment)".into()
        };
        let _ = writeln!(
            text,
            "  {}  {:<12}  {}",
            change.on,
            change.level.as_str(),
            reason
        );
    }
    let _ = writeln!(
        text,
        "\nInteractions ({}), newest first",
        profile.interactions.len()
    );
    if profile.interactions.is_empty() {
        let _ = writeln!(
            text,
            "  none yet; log one with: kith log {} --note \"...\"",
            contact.id
        );
    }
    for i in &profile.interactions {
        let minutes = i.minutes.map(|m| format!(", {m} min")).unwrap_or_default();
        // In a group, "them" is one of the people: named.
        let initiated_by = match (&i.initiator, i.participants.len()) {
            (Some(who), 2..) => one_line(&who.name).into_owned(),
            _ => i.initiated_by.to_string(),
        };
        let _ = writeln!(
            text,
            "  {}  {}, initiated by {initiated_by}, {}, {}{minutes}",
            format_date_time(i.when),
            i.channel,
            i.tone,
            i.depth
        );
        let others = i.others(contact.id);
        if !others.is_empty() {
            let others: Vec<_> = others.into_iter().map(one_line).collect();
            let _ = writeln!(
                text,
                "      with {}",
                crate::domain::names_in_a_row(&others)
            );
        }
        for line in i.note.lines() {
            let _ = writeln!(text, "      {line}");
        }
    }
    text
}

fn join(items: &[Labeled]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
