//! What Today shows beyond the list of nudges: its sections, worked out
//! once per change (at 100,000 people a frame cannot afford to sort tens of
//! thousands of nudges), and the nudges hidden by a snooze or a dismissal.

use chrono::NaiveDate;

use super::ViewModel;
use crate::domain::nudge::{FollowUpRef, sections};
use crate::domain::{ContactId, NudgeKind};

/// A snoozed or dismissed nudge, as Hidden lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenRow {
    /// The person and their name, or `None` for over capacity.
    pub contact: Option<(ContactId, String)>,
    pub kind: NudgeKind,
    /// Hidden until this day (it shows again on it).
    pub snoozed_until: Option<NaiveDate>,
    /// Hidden until something changes.
    pub dismissed: bool,
}

impl HiddenRow {
    pub fn contact_id(&self) -> Option<ContactId> {
        self.contact.as_ref().map(|(id, _)| *id)
    }

    /// "snoozed until 4 December", "dismissed until something changes".
    pub fn state(&self) -> String {
        match self.snoozed_until {
            Some(day) if !self.dismissed => format!("snoozed until {}", day.format("%-d %B")),
            _ => "dismissed until something changes".to_owned(),
        }
    }
}

/// What the nudge rules found out about one person beyond their nudges,
/// kept for the screens.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonExtras {
    /// Their open follow-ups, soonest due first.
    pub open_follow_ups: Vec<FollowUpRef>,
    /// The longer cadence to offer after several skips in a row.
    pub longer_cadence: Option<u32>,
}

impl ViewModel {
    /// Works Today's sections out again, after the nudges changed.
    pub(super) fn retriage(&mut self) {
        self.sections = sections(&self.nudges, &self.settings);
    }

    /// Puts one person's extras in place (people with none take no room).
    pub fn set_extras(&mut self, id: ContactId, extras: PersonExtras) {
        if extras.open_follow_ups.is_empty() {
            self.open_follow_ups.remove(&id);
        } else {
            self.open_follow_ups.insert(id, extras.open_follow_ups);
        }
        match extras.longer_cadence {
            Some(days) => self.longer_cadence.insert(id, days),
            None => self.longer_cadence.remove(&id),
        };
    }

    /// The hidden nudges about one person.
    pub fn hidden_of(&self, id: ContactId) -> impl Iterator<Item = &HiddenRow> {
        self.hidden
            .iter()
            .filter(move |row| row.contact_id() == Some(id))
    }
}
