//! How a record merges into a person already here (or into an earlier
//! record of the same file): never erasing anything.

use crate::domain::{ContactDraft, Labeled};

/// The fields a merge can change, in the order it reports them.
pub const MERGED_FIELDS: &[&str] = &[
    "nickname",
    "organisation",
    "birthday",
    "emails",
    "phones",
    "tags",
    "notes",
];

/// Adds `item` to `list` unless a value equal to it (ignoring case, and for
/// phones ignoring everything but digits and `+`) is there.
pub(crate) fn push_unique(list: &mut Vec<Labeled>, item: Labeled, phone: bool) {
    let key = |value: &str| {
        if phone {
            let digits: String = value
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            if digits.is_empty() {
                value.to_lowercase()
            } else {
                digits
            }
        } else {
            value.trim().to_lowercase()
        }
    };
    let new = key(&item.value);
    if !list.iter().any(|old| key(&old.value) == new) {
        list.push(item);
    }
}

/// Merges what a file carries into an existing person without erasing
/// anything: adds new emails, phones and tags; fills the nickname,
/// birthday and organisation only where empty; keeps the name; appends the
/// file's notes below the person's own unless they already contain them.
/// Returns the fields that changed (see [`MERGED_FIELDS`]).
pub fn merge(
    existing: &ContactDraft,
    incoming: &ContactDraft,
) -> (ContactDraft, Vec<&'static str>) {
    let mut merged = existing.clone();
    let mut changed = Vec::new();
    if merged.nickname.is_none() && incoming.nickname.is_some() {
        merged.nickname.clone_from(&incoming.nickname);
        changed.push("nickname");
    }
    if merged.organisation.is_none() && incoming.organisation.is_some() {
        merged.organisation.clone_from(&incoming.organisation);
        changed.push("organisation");
    }
    if merged.birthday.is_none() && incoming.birthday.is_some() {
        merged.birthday = incoming.birthday;
        changed.push("birthday");
    }
    for (field, list, from, phone) in [
        ("emails", &mut merged.emails, &incoming.emails, false),
        ("phones", &mut merged.phones, &incoming.phones, true),
    ] {
        let before = list.len();
        for item in from {
            push_unique(list, item.clone(), phone);
        }
        if list.len() != before {
            changed.push(field);
        }
    }
    let before = merged.tags.len();
    for tag in &incoming.tags {
        if !merged.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            merged.tags.push(tag.clone());
        }
    }
    if merged.tags.len() != before {
        changed.push("tags");
    }
    let notes = incoming.notes.trim();
    if !notes.is_empty() && !merged.notes.contains(notes) {
        if merged.notes.trim().is_empty() {
            merged.notes = notes.to_owned();
        } else {
            merged.notes = format!("{}\n\n{notes}", merged.notes.trim_end());
        }
        changed.push("notes");
    }
    (merged, changed)
}

/// The fields changed by two merges one after the other, in the order of
/// [`MERGED_FIELDS`]. (A merge never takes back what another added, so
/// this is what changed in all.)
pub fn changed_in_all(first: &[&'static str], then: &[&'static str]) -> Vec<&'static str> {
    MERGED_FIELDS
        .iter()
        .copied()
        .filter(|field| first.contains(field) || then.contains(field))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_adds_and_fills_but_never_erases() {
        let mut existing = ContactDraft::named("Ada");
        existing.emails = vec![Labeled::new(Some("work"), "ada@example.org")];
        existing.phones = vec![Labeled::new(None, "+44 20 7946 0958")];
        existing.organisation = Some("Engines".into());
        existing.notes = "Vegetarian.".into();
        let mut incoming = ContactDraft::named("Ada King");
        incoming.emails = vec![
            Labeled::new(None, "ADA@example.org"),
            Labeled::new(Some("home"), "ada@home.org"),
        ];
        incoming.phones = vec![Labeled::new(Some("mobile"), "+44-20-7946-0958")];
        incoming.organisation = Some("Other".into());
        incoming.nickname = Some("A".into());
        incoming.notes = "Met at the Royal Society.".into();
        let (merged, changed) = merge(&existing, &incoming);
        assert_eq!(merged.name, "Ada");
        assert_eq!(merged.organisation.as_deref(), Some("Engines"));
        assert_eq!(merged.nickname.as_deref(), Some("A"));
        assert_eq!(merged.emails.len(), 2);
        assert_eq!(merged.phones.len(), 1, "same number, other punctuation");
        assert_eq!(merged.notes, "Vegetarian.\n\nMet at the Royal Society.");
        assert_eq!(changed, ["nickname", "emails", "notes"]);
        let (again, changed) = merge(&merged, &incoming);
        assert_eq!(again, merged);
        assert!(changed.is_empty());
    }

    #[test]
    fn two_merges_report_every_field_either_changed() {
        assert_eq!(
            changed_in_all(&["emails", "notes"], &["nickname", "emails"]),
            ["nickname", "emails", "notes"]
        );
    }
}
