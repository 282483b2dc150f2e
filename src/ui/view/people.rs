//! The people list's rows: sorted as chosen, narrowed by the filters and,
//! while a search is typed, found by the one matcher
//! ([`crate::domain::search`]) and ranked by it: name matches first, then
//! people with nudges open, then the most recently contacted.
//!
//! Everything here is pure: the screen keeps what it worked out between
//! frames (`ui::people::PeopleState`) and patches it after a change.

use crate::domain::search::{Query, fold};
use crate::domain::{Circle, TrustLevel};

use super::PersonRow;

/// How the people list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PeopleSort {
    #[default]
    Name,
    LastContact,
    /// The most recently contacted first, never contacted last: also how
    /// search results are ranked within their group.
    Recent,
    Trust,
    MostOverdue,
}

impl PeopleSort {
    pub const ALL: [Self; 5] = [
        Self::Name,
        Self::Recent,
        Self::LastContact,
        Self::Trust,
        Self::MostOverdue,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Recent => "Most recent contact first",
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
    pub circle: Option<Circle>,
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

    /// Whether `row` passes every filter but the search. `tag` is the
    /// filter's tag, folded once by the caller.
    fn admits(&self, row: &PersonRow, tag: Option<&str>) -> bool {
        let listing = &row.listing;
        (self.show_archived || !listing.archived)
            && self.circle.is_none_or(|c| listing.circle == c)
            && self.trust.is_none_or(|t| listing.trust == t)
            && (!self.only_with_nudges || !row.due.is_empty())
            && tag.is_none_or(|tag| listing.tags.iter().any(|t| fold(t) == tag))
    }
}

/// Compares two rows in `sort` order (ids break ties, so the order is
/// total and stable).
pub fn compare_rows(a: &PersonRow, b: &PersonRow, sort: PeopleSort) -> std::cmp::Ordering {
    let (la, lb) = (&a.listing, &b.listing);
    match sort {
        PeopleSort::Name => name_key(a).cmp(name_key(b)),
        // Never contacted first, then the longest ago.
        PeopleSort::LastContact => la.last_interaction_at.cmp(&lb.last_interaction_at),
        // `None` sorts first: reversed, never contacted comes last.
        PeopleSort::Recent => lb
            .last_interaction_at
            .cmp(&la.last_interaction_at)
            .then_with(|| name_key(a).cmp(name_key(b))),
        PeopleSort::Trust => lb
            .trust
            .cmp(&la.trust)
            .then_with(|| name_key(a).cmp(name_key(b))),
        PeopleSort::MostOverdue => b
            .urgency
            .total_cmp(&a.urgency)
            .then(la.last_interaction_at.cmp(&lb.last_interaction_at)),
    }
    .then(a.id().cmp(&b.id()))
}

/// The name as it sorts: folded, so Émile sorts with the E's.
fn name_key(row: &PersonRow) -> &str {
    row.search.name()
}

/// The rows of `people` in `sort` order.
pub fn sorted_order(people: &[PersonRow], sort: PeopleSort) -> Vec<u32> {
    let mut order: Vec<u32> = (0..people.len() as u32).collect();
    order.sort_unstable_by(|a, b| compare_rows(&people[*a as usize], &people[*b as usize], sort));
    order
}

/// Moves row `changed` to its place in `order` (or adds it), after its
/// contents changed; the rest of `order` must already be sorted.
pub fn reposition(order: &mut Vec<u32>, people: &[PersonRow], changed: u32, sort: PeopleSort) {
    if let Some(at) = order.iter().position(|&i| i == changed) {
        order.remove(at);
    }
    let row = &people[changed as usize];
    let at = order.partition_point(|&i| {
        compare_rows(&people[i as usize], row, sort) == std::cmp::Ordering::Less
    });
    order.insert(at, changed);
}

/// A row a search found, and whether every word was found in the name.
pub type Hit = (u32, bool);

/// The rows `query` finds, in row order: among everyone, or among the
/// hits of an earlier query that this one narrows (typing on).
pub fn search(people: &[PersonRow], query: &Query, among: Option<&[Hit]>) -> Vec<Hit> {
    let found = |i: u32| {
        query
            .find(&people[i as usize].search)
            .map(|f| (i, f.in_name))
    };
    match among {
        Some(hits) => hits.iter().filter_map(|&(i, _)| found(i)).collect(),
        None => (0..people.len() as u32).filter_map(found).collect(),
    }
}

/// The rows of `order` that pass `filter`'s filters (its search aside), in
/// order.
pub fn filtered(people: &[PersonRow], order: &[u32], filter: &PeopleFilter) -> Vec<u32> {
    let tag = filter.tag.as_deref().map(fold);
    order
        .iter()
        .copied()
        .filter(|&i| filter.admits(&people[i as usize], tag.as_deref()))
        .collect()
}

/// The `hits` that pass `filter`, ranked: name matches first, then people
/// with nudges due, each group in `recent` order (the most recently
/// contacted first). One pass over `recent`, no sorting: a keystroke costs
/// the same however many people match.
pub fn ranked(
    people: &[PersonRow],
    recent: &[u32],
    hits: &[Hit],
    filter: &PeopleFilter,
) -> Vec<u32> {
    // 0: not found, 1: found, 2: found in the name.
    let mut found = vec![0u8; people.len()];
    for &(i, in_name) in hits {
        found[i as usize] = 1 + u8::from(in_name);
    }
    let tag = filter.tag.as_deref().map(fold);
    let mut groups: [Vec<u32>; 4] = Default::default();
    for &i in recent {
        let how = found[i as usize];
        let row = &people[i as usize];
        if how == 0 || !filter.admits(row, tag.as_deref()) {
            continue;
        }
        let group = 2 * usize::from(how == 1) + usize::from(row.due.is_empty());
        groups[group].push(i);
    }
    groups.concat()
}

/// The rows to show for `filter`, worked out from scratch: `order` is the
/// rows in `filter.sort` order, used when nothing is searched. (The screen
/// gets the same answer by patching what it kept.)
pub fn filter_rows(people: &[PersonRow], order: &[u32], filter: &PeopleFilter) -> Vec<u32> {
    let query = Query::new(&filter.query);
    if query.is_empty() {
        return filtered(people, order, filter);
    }
    let hits = search(people, &query, None);
    ranked(
        people,
        &sorted_order(people, PeopleSort::Recent),
        &hits,
        filter,
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{ContactId, ContactListing, NudgeKind};

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

    fn names(people: &[PersonRow], filter: &PeopleFilter) -> Vec<String> {
        let order = sorted_order(people, filter.sort);
        filter_rows(people, &order, filter)
            .into_iter()
            .map(|i| people[i as usize].listing.name.clone())
            .collect()
    }

    #[test]
    fn search_folds_accents_and_matches_word_starts_everywhere() {
        let people = vec![
            row(1, "Ada Lovelace", "Loves engines", &["maths"]),
            row(2, "Grace Hopper", "Navy; compilers", &["Computing"]),
            row(3, "Alan Turing", "", &["maths", "codes"]),
            row(4, "Léa Martínez", "Lives in Canada", &[]),
        ];
        let mut filter = PeopleFilter::default();
        assert_eq!(names(&people, &filter).len(), 4);
        let mut find = |query: &str| {
            filter.query = query.into();
            names(&people, &filter)
        };
        assert_eq!(find("MATHS"), ["Ada Lovelace", "Alan Turing"]);
        assert_eq!(find("maths engines"), ["Ada Lovelace"]);
        assert_eq!(find("sxsw").len(), 4, "how you met is searched");
        assert_eq!(find("compil"), ["Grace Hopper"], "notes are searched");
        assert_eq!(find("martinez"), ["Léa Martínez"], "accents folded");
        assert_eq!(find("lea"), ["Léa Martínez"]);
        assert_eq!(find("ada"), ["Ada Lovelace"], "not inside Canada");
        assert_eq!(find("opper"), Vec::<String>::new(), "word starts only");
        filter.query.clear();
        filter.tag = Some("computing".into());
        assert_eq!(names(&people, &filter), ["Grace Hopper"]);
    }

    #[test]
    fn results_rank_names_first_then_nudged_then_recent() {
        let at = |d: &str| crate::domain::time::parse_date_time(crate::domain::Field::When, d);
        let mut people = vec![
            row(1, "Zoe Hill", "", &[]),
            row(2, "Bea Long", "hill walker", &[]),
            row(3, "Cy Moss", "hill runner", &[]),
            row(4, "Di Park", "hill climber", &[]),
            row(5, "Ed Hills", "", &[]),
        ];
        people[2].listing.last_interaction_at = at("2026-11-01 10:00").ok();
        people[3].listing.last_interaction_at = at("2026-10-01 10:00").ok();
        people[1].due = vec![NudgeKind::Neglect];
        people[4].listing.last_interaction_at = at("2026-09-01 10:00").ok();
        let filter = PeopleFilter {
            query: "hill".into(),
            ..PeopleFilter::default()
        };
        assert_eq!(
            names(&people, &filter),
            ["Ed Hills", "Zoe Hill", "Bea Long", "Cy Moss", "Di Park"]
        );
    }

    #[test]
    fn a_narrower_query_searches_only_what_the_last_one_found() {
        let people = vec![
            row(1, "Maria Silva", "", &[]),
            row(2, "Mark Jones", "", &[]),
            row(3, "Tom Mars", "", &[]),
        ];
        let ma = search(&people, &Query::new("ma"), None);
        assert_eq!(ma, [(0, true), (1, true), (2, true)]);
        let mar = search(&people, &Query::new("mar"), Some(&ma));
        assert_eq!(mar, search(&people, &Query::new("mar"), None));
        let mar_j = search(&people, &Query::new("mar j"), Some(&mar));
        assert_eq!(mar_j, [(1, true)]);
    }

    #[test]
    fn filters_and_sorts_combine() {
        let mut people = vec![
            row(1, "Ada Lovelace", "", &[]),
            row(2, "Grace Hopper", "", &[]),
            row(3, "Alan Turing", "", &[]),
        ];
        let at =
            |d: &str| crate::domain::time::parse_date_time(crate::domain::Field::When, d).unwrap();
        people[0].listing.trust = TrustLevel::Trusted;
        people[0].listing.last_interaction_at = Some(at("2026-11-01 10:00"));
        people[1].listing.circle = Circle::Professional;
        people[1].listing.last_interaction_at = Some(at("2025-01-01 10:00"));
        people[1].due = vec![NudgeKind::Neglect];
        people[1].urgency = 60.0;
        people[2].listing.archived = true;
        let mut filter = PeopleFilter::default();
        assert_eq!(
            names(&people, &filter),
            ["Ada Lovelace", "Grace Hopper"],
            "archived hidden"
        );
        filter.show_archived = true;
        assert_eq!(
            names(&people, &filter),
            ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
        );
        let sorted = |filter: &PeopleFilter, sort: PeopleSort| {
            names(
                &people,
                &PeopleFilter {
                    sort,
                    ..filter.clone()
                },
            )
        };
        assert_eq!(
            sorted(&filter, PeopleSort::LastContact),
            ["Alan Turing", "Grace Hopper", "Ada Lovelace"]
        );
        assert_eq!(
            sorted(&filter, PeopleSort::Recent),
            ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
        );
        assert_eq!(sorted(&filter, PeopleSort::Trust)[0], "Ada Lovelace");
        assert_eq!(sorted(&filter, PeopleSort::MostOverdue)[0], "Grace Hopper");
        filter.only_with_nudges = true;
        assert_eq!(names(&people, &filter), ["Grace Hopper"]);
        filter.only_with_nudges = false;
        filter.circle = Some(Circle::Professional);
        assert_eq!(names(&people, &filter), ["Grace Hopper"]);
        filter.circle = None;
        filter.trust = Some(TrustLevel::Trusted);
        assert_eq!(names(&people, &filter), ["Ada Lovelace"]);
    }
}
