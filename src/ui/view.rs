//! The view model: everything the screens draw, loaded by the app from the
//! store after each change. Views borrow it read-only; it holds plain domain
//! values, never a database handle, so drawing a frame never touches SQLite.
//! What Today derives from the nudges (its sections) is worked out here when
//! they change, never while drawing ([`today`]).

pub mod people;
pub mod today;

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::nudge::{FollowUpRef, Sections};
use crate::domain::search::Searchable;
use crate::domain::{
    Contact, ContactId, ContactListing, DateToRemember, FollowUp, Interaction, Nudge, NudgeKind,
    NudgeState, Settings, TrustChange, TrustLevel,
};
pub use people::{PeopleFilter, PeopleSort, compare_rows, filter_rows, reposition, sorted_order};
pub use today::HiddenRow;

/// A row of the people list: the listing plus what searching and the nudge
/// marks need.
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub listing: ContactListing,
    /// Their name, nickname, organisation, how and where you met, tags and
    /// notes, folded for search as you type; worked out when the row is
    /// made, so a search reads it and never folds anyone's text again.
    pub search: Searchable,
    /// Kinds of nudge due for this person, most urgent first.
    pub due: Vec<NudgeKind>,
    /// The most severe due nudge's severity (0 when none), for sorting.
    pub urgency: f64,
}

impl PersonRow {
    pub fn new(listing: ContactListing) -> Self {
        let search = Searchable::of(&listing);
        Self {
            listing,
            search,
            due: Vec::new(),
            urgency: 0.0,
        }
    }

    pub fn id(&self) -> ContactId {
        self.listing.id
    }
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
            seen.entry(crate::domain::search::fold(tag)).or_insert(tag);
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
