//! The view model: everything the screens draw, loaded by the app from the
//! store after each change. Views borrow it read-only; it holds plain domain
//! values, never a database handle, so drawing a frame never touches SQLite.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::{
    Contact, ContactId, ContactListing, Interaction, Nudge, NudgeKind, NudgeState, Settings,
    TrustChange, TrustLevel,
};

/// A row of the people list: the listing plus what searching and the nudge
/// marks need.
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub listing: ContactListing,
    /// Lowercased name, nickname, organisation, tags, how met and notes,
    /// for search as you type.
    pub haystack: String,
    /// Kinds of nudge due for this person, most urgent first.
    pub due: Vec<NudgeKind>,
    /// The most severe due nudge's severity (0 when none), for sorting.
    pub urgency: f64,
}

impl PersonRow {
    pub fn new(listing: ContactListing) -> Self {
        let haystack = haystack(&listing);
        Self {
            listing,
            haystack,
            due: Vec::new(),
            urgency: 0.0,
        }
    }

    pub fn id(&self) -> ContactId {
        self.listing.id
    }
}

fn haystack(listing: &ContactListing) -> String {
    let mut text = String::with_capacity(
        listing.name.len() + listing.notes.len() + 16 * (listing.tags.len() + 3),
    );
    let mut add = |part: &str| {
        text.push_str(part);
        text.push('\n');
    };
    add(&listing.name);
    for part in [&listing.nickname, &listing.organisation, &listing.met_where]
        .into_iter()
        .flatten()
    {
        add(part);
    }
    if let Some(via) = listing.met_via {
        add(via.label());
    }
    for tag in &listing.tags {
        add(tag);
    }
    add(&listing.notes);
    text.to_lowercase()
}

/// Everything about the person whose page is open.
#[derive(Clone, Debug)]
pub struct PersonPage {
    pub contact: Contact,
    /// Oldest first.
    pub trust_history: Vec<TrustChange>,
    /// Newest first.
    pub interactions: Vec<Interaction>,
}

/// What the screens draw.
#[derive(Clone, Debug, Default)]
pub struct ViewModel {
    /// The local date and time the view was computed for.
    pub now: NaiveDateTime,
    /// Every person, archived included, in id order.
    pub people: Vec<PersonRow>,
    /// Row index of each person.
    pub index: HashMap<ContactId, usize>,
    /// Every tag in use, sorted, for the tag filter.
    pub tags: Vec<String>,
    /// Due nudges, most urgent first.
    pub nudges: Vec<Nudge>,
    pub nudge_states: Vec<NudgeState>,
    pub settings: Settings,
    /// People not archived at each trust level (index 0 = handshake).
    pub layer_counts: [u32; 5],
    /// People not archived in each circle, in `Circle::ALL` order.
    pub circle_counts: [u32; 3],
    pub person: Option<PersonPage>,
    pub db_path: Option<PathBuf>,
    /// Bumped whenever `people` changes, so screens can cache what they
    /// derive from it (filters, sort orders).
    pub generation: u64,
}

impl ViewModel {
    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    pub fn row(&self, id: ContactId) -> Option<&PersonRow> {
        self.index.get(&id).map(|&i| &self.people[i])
    }

    pub fn name_of(&self, id: ContactId) -> Option<&str> {
        self.row(id).map(|row| row.listing.name.as_str())
    }

    /// Nudges due, not counting those about no one in particular.
    pub fn due_count(&self) -> usize {
        self.nudges.len()
    }

    /// The due nudges about one person.
    pub fn nudges_of(&self, id: ContactId) -> impl Iterator<Item = &Nudge> {
        self.nudges
            .iter()
            .filter(move |nudge| nudge.contact_id == Some(id))
    }

    /// Rebuilds the index, tag list and nudge marks after `people` or
    /// `nudges` changed, and bumps the generation.
    pub fn reindex(&mut self) {
        self.index = self
            .people
            .iter()
            .enumerate()
            .map(|(i, row)| (row.id(), i))
            .collect();
        let mut tags: Vec<String> = self
            .people
            .iter()
            .flat_map(|row| row.listing.tags.iter().cloned())
            .collect();
        tags.sort_by_key(|tag| tag.to_lowercase());
        tags.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        self.tags = tags;
        self.mark_nudges();
        self.recount_layers();
        self.generation += 1;
    }

    /// Recomputes each row's nudge marks from `nudges`.
    pub fn mark_nudges(&mut self) {
        for row in &mut self.people {
            row.due.clear();
            row.urgency = 0.0;
        }
        for nudge in &self.nudges {
            if let Some(&i) = nudge.contact_id.and_then(|id| self.index.get(&id)) {
                let row = &mut self.people[i];
                row.due.push(nudge.kind);
                row.urgency = row.urgency.max(nudge.severity);
            }
        }
        self.generation += 1;
    }

    fn recount_layers(&mut self) {
        let mut layers = [0u32; 5];
        let mut circles = [0u32; 3];
        for row in self.people.iter().filter(|row| !row.listing.archived) {
            layers[usize::from(row.listing.trust.number() - 1)] += 1;
            let circle = crate::domain::Circle::ALL
                .iter()
                .position(|c| *c == row.listing.circle)
                .unwrap_or(0);
            circles[circle] += 1;
        }
        self.layer_counts = layers;
        self.circle_counts = circles;
    }

    /// How many people (not archived) are at `level` or closer.
    pub fn at_or_above(&self, level: TrustLevel) -> u32 {
        self.layer_counts[usize::from(level.number() - 1)..]
            .iter()
            .sum()
    }
}

/// How the people list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PeopleSort {
    #[default]
    Name,
    LastContact,
    Trust,
    MostOverdue,
}

impl PeopleSort {
    pub const ALL: [Self; 4] = [
        Self::Name,
        Self::LastContact,
        Self::Trust,
        Self::MostOverdue,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::LastContact => "Longest since contact",
            Self::Trust => "Closest first",
            Self::MostOverdue => "Most urgent first",
        }
    }
}

/// What the people list shows: a search and filters.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PeopleFilter {
    pub query: String,
    pub circle: Option<crate::domain::Circle>,
    pub trust: Option<TrustLevel>,
    pub tag: Option<String>,
    pub show_archived: bool,
    pub only_with_nudges: bool,
    pub sort: PeopleSort,
}

impl PeopleFilter {
    /// Whether anything narrows the list beyond hiding archived people.
    pub fn is_narrowed(&self) -> bool {
        !self.query.trim().is_empty()
            || self.circle.is_some()
            || self.trust.is_some()
            || self.tag.is_some()
            || self.only_with_nudges
    }
}

/// The rows of `people` in `sort` order (ids break ties, so the order is
/// stable). Computed once per data change, not per keystroke.
pub fn sorted_order(people: &[PersonRow], sort: PeopleSort) -> Vec<u32> {
    let mut order: Vec<u32> = (0..people.len() as u32).collect();
    let key = |i: &u32| &people[*i as usize];
    match sort {
        PeopleSort::Name => {
            let folded: Vec<String> = people
                .iter()
                .map(|r| r.listing.name.to_lowercase())
                .collect();
            order.sort_by(|a, b| {
                folded[*a as usize]
                    .cmp(&folded[*b as usize])
                    .then(key(a).id().cmp(&key(b).id()))
            });
        }
        PeopleSort::LastContact => order.sort_by(|a, b| {
            // Never contacted first, then the longest ago.
            key(a)
                .listing
                .last_interaction_at
                .cmp(&key(b).listing.last_interaction_at)
                .then(key(a).id().cmp(&key(b).id()))
        }),
        PeopleSort::Trust => order.sort_by(|a, b| {
            key(b)
                .listing
                .trust
                .cmp(&key(a).listing.trust)
                .then(key(a).listing.name.cmp(&key(b).listing.name))
                .then(key(a).id().cmp(&key(b).id()))
        }),
        PeopleSort::MostOverdue => order.sort_by(|a, b| {
            key(b)
                .urgency
                .total_cmp(&key(a).urgency)
                .then(
                    key(a)
                        .listing
                        .last_interaction_at
                        .cmp(&key(b).listing.last_interaction_at),
                )
                .then(key(a).id().cmp(&key(b).id()))
        }),
    }
    order
}

/// The rows of `order` that pass `filter`, in order.
pub fn filter_rows(people: &[PersonRow], order: &[u32], filter: &PeopleFilter) -> Vec<u32> {
    let words: Vec<String> = filter
        .query
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let tag = filter.tag.as_deref().map(str::to_lowercase);
    order
        .iter()
        .copied()
        .filter(|&i| {
            let row = &people[i as usize];
            let listing = &row.listing;
            (filter.show_archived || !listing.archived)
                && filter.circle.is_none_or(|c| listing.circle == c)
                && filter.trust.is_none_or(|t| listing.trust == t)
                && (!filter.only_with_nudges || !row.due.is_empty())
                && tag
                    .as_deref()
                    .is_none_or(|tag| listing.tags.iter().any(|t| t.to_lowercase() == tag))
                && words
                    .iter()
                    .all(|word| row.haystack.contains(word.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Circle;

    fn row(id: i64, name: &str, notes: &str, tags: &[&str]) -> PersonRow {
        PersonRow::new(ContactListing {
            id: ContactId(id),
            name: name.into(),
            nickname: None,
            organisation: None,
            circle: Circle::Personal,
            met_via: None,
            met_where: Some("SXSW 2026".into()),
            trust: TrustLevel::Handshake,
            archived: false,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            notes: notes.into(),
            known_since: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            last_interaction_at: None,
            interaction_count: 0,
        })
    }

    #[test]
    fn search_matches_every_word_anywhere_ignoring_case() {
        let people = vec![
            row(1, "Ada Lovelace", "Loves engines", &["maths"]),
            row(2, "Grace Hopper", "Navy; compilers", &["Computing"]),
            row(3, "Alan Turing", "", &["maths", "codes"]),
        ];
        let order = sorted_order(&people, PeopleSort::Name);
        let names = |filter: &PeopleFilter| -> Vec<&str> {
            filter_rows(&people, &order, filter)
                .into_iter()
                .map(|i| people[i as usize].listing.name.as_str())
                .collect()
        };
        let mut filter = PeopleFilter::default();
        assert_eq!(
            names(&filter),
            ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
        );
        filter.query = "MATHS".into();
        assert_eq!(names(&filter), ["Ada Lovelace", "Alan Turing"]);
        filter.query = "maths engines".into();
        assert_eq!(names(&filter), ["Ada Lovelace"]);
        filter.query = "sxsw".into();
        assert_eq!(names(&filter).len(), 3, "how you met is searched");
        filter.query = "compil".into();
        assert_eq!(names(&filter), ["Grace Hopper"], "notes are searched");
        filter.query.clear();
        filter.tag = Some("computing".into());
        assert_eq!(names(&filter), ["Grace Hopper"]);
    }

    #[test]
    fn filters_and_sorts_combine() {
        let mut people = vec![
            row(1, "Ada Lovelace", "", &[]),
            row(2, "Grace Hopper", "", &[]),
            row(3, "Alan Turing", "", &[]),
        ];
        let at = |d: &str| crate::domain::time::parse_date_time("when", d).unwrap();
        people[0].listing.trust = TrustLevel::Trusted;
        people[0].listing.last_interaction_at = Some(at("2026-11-01 10:00"));
        people[1].listing.circle = Circle::Professional;
        people[1].listing.last_interaction_at = Some(at("2025-01-01 10:00"));
        people[1].due = vec![crate::domain::NudgeKind::Neglect];
        people[1].urgency = 60.0;
        people[2].listing.archived = true;
        let names = |order: &[u32], filter: &PeopleFilter| -> Vec<String> {
            filter_rows(&people, order, filter)
                .into_iter()
                .map(|i| people[i as usize].listing.name.clone())
                .collect()
        };
        let mut filter = PeopleFilter::default();
        let by_name = sorted_order(&people, PeopleSort::Name);
        assert_eq!(
            names(&by_name, &filter),
            ["Ada Lovelace", "Grace Hopper"],
            "archived hidden"
        );
        filter.show_archived = true;
        assert_eq!(
            names(&by_name, &filter),
            ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
        );
        let longest = sorted_order(&people, PeopleSort::LastContact);
        assert_eq!(
            names(&longest, &filter),
            ["Alan Turing", "Grace Hopper", "Ada Lovelace"]
        );
        let closest = sorted_order(&people, PeopleSort::Trust);
        assert_eq!(names(&closest, &filter)[0], "Ada Lovelace");
        let urgent = sorted_order(&people, PeopleSort::MostOverdue);
        assert_eq!(names(&urgent, &filter)[0], "Grace Hopper");
        filter.only_with_nudges = true;
        assert_eq!(names(&by_name, &filter), ["Grace Hopper"]);
        filter.only_with_nudges = false;
        filter.circle = Some(Circle::Professional);
        assert_eq!(names(&by_name, &filter), ["Grace Hopper"]);
        filter.circle = None;
        filter.trust = Some(TrustLevel::Trusted);
        assert_eq!(names(&by_name, &filter), ["Ada Lovelace"]);
    }
}
