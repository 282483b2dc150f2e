//! The view model: everything the screens draw, loaded by the app from the
//! store after each change. Views borrow it read-only; it holds plain domain
//! values, never a database handle, so drawing a frame never touches SQLite.
//! What Today derives from the nudges (its sections) is worked out here when
//! they change, never while drawing ([`today`]).

pub mod today;

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::nudge::{FollowUpRef, Sections};
use crate::domain::{
    Contact, ContactId, ContactListing, DateToRemember, FollowUp, Interaction, Nudge, NudgeKind,
    NudgeState, Settings, TrustChange, TrustLevel,
};
pub use today::HiddenRow;

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
    /// Open ones first, soonest due first; then done ones, latest first.
    pub follow_ups: Vec<FollowUp>,
    /// Their dates to remember (the birthday is on the contact), in
    /// calendar order.
    pub dates: Vec<DateToRemember>,
    /// The days their neglect nudge was skipped, newest first.
    pub skips: Vec<NaiveDate>,
}

/// One backup, as the restore list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupRow {
    pub path: PathBuf,
    pub taken_at: NaiveDateTime,
    /// Why it was taken: "automatic", "made by you", "before an upgrade"…
    pub kind: &'static str,
    pub size_bytes: u64,
    /// How many people it holds, if it could be read.
    pub people: Option<u64>,
}

/// Whether the app is writing an export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ExportStatus {
    #[default]
    Idle,
    Writing {
        path: PathBuf,
    },
}

/// What the screens draw.
#[derive(Clone, Debug, Default)]
pub struct ViewModel {
    /// The local date and time the view was computed for.
    pub now: NaiveDateTime,
    /// Every person, archived included.
    pub people: Vec<PersonRow>,
    /// Row index of each person.
    pub index: HashMap<ContactId, usize>,
    /// Every tag in use, sorted, for the tag filter.
    pub tags: Vec<String>,
    /// Due nudges, most urgent first.
    pub nudges: Vec<Nudge>,
    /// Today's sections of `nudges`, worked out whenever they change.
    pub sections: Sections,
    pub nudge_states: Vec<NudgeState>,
    /// Every snoozed or dismissed nudge, to restore.
    pub hidden: Vec<HiddenRow>,
    /// Everyone's open follow-ups (people with none are left out), for
    /// ticking off while logging.
    pub open_follow_ups: HashMap<ContactId, Vec<FollowUpRef>>,
    /// People who skipped their neglect nudge several times in a row, with
    /// the longer cadence (days) to offer them.
    pub longer_cadence: HashMap<ContactId, u32>,
    pub settings: Settings,
    /// People not archived at each trust level (index 0 = handshake).
    pub layer_counts: [u32; 5],
    /// People not archived in each circle, in `Circle::ALL` order.
    pub circle_counts: [u32; 3],
    pub person: Option<PersonPage>,
    pub db_path: Option<PathBuf>,
    /// The database is protected by a passphrase.
    pub encrypted: bool,
    /// The backups of the database, newest first (loaded for Settings).
    pub backups: Vec<BackupRow>,
    /// Work going on in the background, to show quietly ("Backing up…").
    pub status: Option<String>,
    /// A restore from a backup is running: the data is about to change.
    pub restoring: bool,
    /// Bumped whenever `people` or `nudges` change, so screens can cache
    /// what they derive from them.
    pub generation: u64,
    /// Bumped when `people` is rebuilt or rows move; caches of row order
    /// must then be rebuilt from scratch rather than patched.
    pub rebuilt: u64,
    /// The rows changed in place or added since `rebuilt`, each with the
    /// generation it happened at, so a cached order can be patched.
    pub changed_rows: Vec<(u64, usize)>,
    /// Where an import is: reading, previewing, applying.
    pub import: super::import::ImportStatus,
    /// Whether an export is being written.
    pub export: ExportStatus,
    /// What the app found on the disk for the open file chooser.
    pub disk: super::disk::DiskView,
    /// Kith's launcher and reminders on the desktop (for Settings).
    pub desktop: super::desktop::DesktopView,
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

    /// How many nudges are due: Waiting on you and Focus (what is folded
    /// away is not counted).
    pub fn due_count(&self) -> usize {
        self.sections.due()
    }

    /// The due nudges about one person.
    pub fn nudges_of(&self, id: ContactId) -> impl Iterator<Item = &Nudge> {
        self.nudges
            .iter()
            .filter(move |nudge| nudge.contact_id == Some(id))
    }

    /// Takes a whole new list of people and nudges, rebuilding everything
    /// derived from them.
    pub fn rebuild(&mut self, people: Vec<PersonRow>, nudges: Vec<Nudge>) {
        self.people = people;
        self.nudges = nudges;
        self.index = HashMap::with_capacity(self.people.len());
        self.index
            .extend(self.people.iter().enumerate().map(|(i, row)| (row.id(), i)));
        self.recollect_tags();
        self.layer_counts = [0; 5];
        self.circle_counts = [0; 3];
        for i in 0..self.people.len() {
            self.count(i, 1);
        }
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
        self.changed_rows.clear();
        self.retriage();
        self.generation += 1;
        self.rebuilt += 1;
    }

    /// Puts one person's new row in place (or adds it), and their nudges,
    /// keeping everything derived up to date without a pass over everyone.
    /// Over-capacity nudges depend on the new layer counts: replace them
    /// afterwards with [`Self::replace_nudges`]`(None, ..)`.
    pub fn update_person(&mut self, mut row: PersonRow, nudges: Vec<Nudge>) {
        let id = row.id();
        let i = match self.index.get(&id) {
            Some(&i) => {
                self.count(i, -1);
                let tags_changed = self.people[i].listing.tags != row.listing.tags;
                std::mem::swap(&mut self.people[i], &mut row);
                if tags_changed {
                    self.recollect_tags();
                }
                i
            }
            None => {
                self.people.push(row);
                let i = self.people.len() - 1;
                self.index.insert(id, i);
                if !self.people[i].listing.tags.is_empty() {
                    self.recollect_tags();
                }
                i
            }
        };
        self.count(i, 1);
        self.replace_nudges(Some(id), nudges);
        self.generation += 1;
        self.note_changed(i);
    }

    /// Records that row `i` changed; past a few hundred changes, caches are
    /// better rebuilt than patched.
    fn note_changed(&mut self, i: usize) {
        if self.changed_rows.len() >= 512 {
            self.changed_rows.clear();
            self.rebuilt += 1;
        } else {
            self.changed_rows.push((self.generation, i));
        }
    }

    /// Removes one person and their nudges. Over-capacity nudges depend on
    /// the new layer counts: replace them afterwards.
    pub fn remove_person(&mut self, id: ContactId) {
        if let Some(i) = self.index.remove(&id) {
            self.count(i, -1);
            let removed = self.people.swap_remove(i);
            if let Some(moved) = self.people.get(i) {
                self.index.insert(moved.id(), i);
            }
            if !removed.listing.tags.is_empty() {
                self.recollect_tags();
            }
        }
        self.nudges.retain(|n| n.contact_id != Some(id));
        self.open_follow_ups.remove(&id);
        self.longer_cadence.remove(&id);
        self.changed_rows.clear();
        self.retriage();
        self.generation += 1;
        self.rebuilt += 1;
    }

    /// Replaces the nudges about `contact` (or, for `None`, about no one:
    /// over capacity) with `nudges`, keeping the list in order, and that
    /// person's marks.
    pub fn replace_nudges(&mut self, contact: Option<ContactId>, nudges: Vec<Nudge>) {
        self.nudges.retain(|n| n.contact_id != contact);
        for nudge in nudges {
            let at = self.nudges.partition_point(|n| {
                crate::domain::nudge::compare_nudges(n, &nudge) == std::cmp::Ordering::Less
            });
            self.nudges.insert(at, nudge);
        }
        self.retriage();
        if let Some(&i) = contact.and_then(|id| self.index.get(&id)) {
            let id = self.people[i].id();
            let mut due = Vec::new();
            let mut urgency: f64 = 0.0;
            for nudge in self.nudges.iter().filter(|n| n.contact_id == Some(id)) {
                due.push(nudge.kind);
                urgency = urgency.max(nudge.severity);
            }
            let row = &mut self.people[i];
            row.due = due;
            row.urgency = urgency;
            self.generation += 1;
            self.note_changed(i);
        } else {
            self.generation += 1;
        }
    }

    /// Adds (`sign` 1) or removes (-1) row `i` from the layer and circle
    /// counts.
    fn count(&mut self, i: usize, sign: i32) {
        let listing = &self.people[i].listing;
        if listing.archived {
            return;
        }
        let level = usize::from(listing.trust.number() - 1);
        let circle = crate::domain::Circle::ALL
            .iter()
            .position(|c| *c == listing.circle)
            .unwrap_or(0);
        self.layer_counts[level] = self.layer_counts[level].saturating_add_signed(sign);
        self.circle_counts[circle] = self.circle_counts[circle].saturating_add_signed(sign);
    }

    fn recollect_tags(&mut self) {
        // Few distinct tags among many uses: dedupe first, then sort.
        let mut seen: HashMap<String, &str> = HashMap::new();
        for tag in self.people.iter().flat_map(|row| &row.listing.tags) {
            seen.entry(tag.to_lowercase()).or_insert(tag);
        }
        let mut tags: Vec<(String, String)> = seen
            .into_iter()
            .map(|(folded, tag)| (folded, tag.to_owned()))
            .collect();
        tags.sort();
        self.tags = tags.into_iter().map(|(_, tag)| tag).collect();
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

/// Compares two rows in `sort` order (ids break ties, so the order is
/// total and stable).
pub fn compare_rows(a: &PersonRow, b: &PersonRow, sort: PeopleSort) -> std::cmp::Ordering {
    let (la, lb) = (&a.listing, &b.listing);
    match sort {
        PeopleSort::Name => name_key(a).cmp(name_key(b)),
        // Never contacted first, then the longest ago.
        PeopleSort::LastContact => la.last_interaction_at.cmp(&lb.last_interaction_at),
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

/// The name as it sorts: the haystack starts with the lowercased name.
fn name_key(row: &PersonRow) -> &str {
    row.haystack.split('\n').next().unwrap_or_default()
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

/// Everyone's searchable text in one buffer, one row after another, so
/// that a search is a single fast scan rather than 100,000 small ones.
#[derive(Clone, Debug, Default)]
pub struct SearchText {
    text: String,
    /// Where each row's text starts; one more entry than rows.
    starts: Vec<usize>,
}

impl SearchText {
    pub fn new(people: &[PersonRow]) -> Self {
        let mut text = String::with_capacity(people.iter().map(|r| r.haystack.len() + 1).sum());
        let mut starts = Vec::with_capacity(people.len() + 1);
        for row in people {
            starts.push(text.len());
            text.push_str(&row.haystack);
            // Rows end with a newline, which no search word contains, so no
            // match spans two rows.
            text.push('\n');
        }
        starts.push(text.len());
        Self { text, starts }
    }

    /// Which rows contain every word (`None`: no words, every row does).
    pub fn matching(&self, people: &[PersonRow], words: &[String]) -> Option<Vec<bool>> {
        let longest = words.iter().max_by_key(|w| w.len())?;
        let finder = memchr::memmem::Finder::new(longest.as_bytes());
        let text = self.text.as_bytes();
        let mut matched = vec![false; people.len()];
        let (mut from, mut row) = (0, 0);
        while let Some(found) = finder.find(&text[from..]) {
            let at = from + found;
            // Rows come in order: move the row cursor forward, mark the
            // row, and go on from the next row (one match per row is enough,
            // so a one-letter search does not visit every letter).
            while self.starts[row + 1] <= at {
                row += 1;
            }
            matched[row] = true;
            row += 1;
            from = self.starts[row];
        }
        if words.len() > 1 {
            for (i, hit) in matched.iter_mut().enumerate() {
                if *hit {
                    let haystack = &people[i].haystack;
                    *hit = words.iter().all(|w| haystack.contains(w.as_str()));
                }
            }
        }
        Some(matched)
    }
}

/// The words of a search, lowercased.
pub fn search_words(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_lowercase).collect()
}

/// The rows of `order` that pass `filter`, in order. `search` must hold
/// the current rows' text whenever the filter has a query.
pub fn filter_rows(
    people: &[PersonRow],
    order: &[u32],
    filter: &PeopleFilter,
    search: &SearchText,
) -> Vec<u32> {
    let matched = search.matching(people, &search_words(&filter.query));
    let tag = filter.tag.as_deref().map(str::to_lowercase);
    order
        .iter()
        .copied()
        .filter(|&i| {
            let row = &people[i as usize];
            let listing = &row.listing;
            matched.as_ref().is_none_or(|m| m[i as usize])
                && (filter.show_archived || !listing.archived)
                && filter.circle.is_none_or(|c| listing.circle == c)
                && filter.trust.is_none_or(|t| listing.trust == t)
                && (!filter.only_with_nudges || !row.due.is_empty())
                && tag
                    .as_deref()
                    .is_none_or(|tag| listing.tags.iter().any(|t| t.to_lowercase() == tag))
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
            filter_rows(&people, &order, filter, &SearchText::new(&people))
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
    fn a_search_word_never_spans_two_people() {
        let people = vec![row(1, "Ada Love", "", &[]), row(2, "Lace Maker", "", &[])];
        let search = SearchText::new(&people);
        // "lovelace" would only match across the end of one row and the
        // start of the next.
        assert_eq!(
            search.matching(&people, &search_words("lovelace")),
            Some(vec![false, false])
        );
        assert_eq!(
            search.matching(&people, &search_words("LACE")),
            Some(vec![false, true])
        );
        assert_eq!(
            search.matching(&people, &search_words("a")),
            Some(vec![true, true])
        );
        assert_eq!(
            search.matching(&people, &search_words("ada maker")),
            Some(vec![false, false])
        );
        assert_eq!(search.matching(&people, &search_words("  ")), None);
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
        people[1].due = vec![crate::domain::NudgeKind::Neglect];
        people[1].urgency = 60.0;
        people[2].listing.archived = true;
        let names = |order: &[u32], filter: &PeopleFilter| -> Vec<String> {
            filter_rows(&people, order, filter, &SearchText::new(&people))
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
