//! Applying what Today and a person's page ask beyond the basics: skipping
//! a nudge this time, restoring a hidden one, a longer cadence, and the
//! follow-ups and dates to remember. Each write is one transaction; those
//! that can be taken back join the undo history and say so in a toast.

use chrono::NaiveDateTime;

use super::KithApp;
use crate::domain::nudge::longer_cadence;
use crate::domain::{ContactFacts, ContactId, Settings};
use crate::store::StoreError;
use crate::ui::view::HiddenRow;
use crate::ui::view::today::PersonExtras;
use crate::ui::{Command, Toast};

/// What the screens keep of someone's facts beyond their nudges.
pub(super) fn extras(facts: &ContactFacts, settings: &Settings) -> PersonExtras {
    PersonExtras {
        open_follow_ups: facts.follow_ups.clone(),
        longer_cadence: longer_cadence(facts, settings),
    }
}

impl KithApp {
    /// After a write about several people (a group interaction): each of
    /// them, as after a write about one.
    pub(super) fn refresh_people(&mut self, people: &[ContactId]) -> Result<(), StoreError> {
        people.iter().try_for_each(|&id| self.refresh_contact(id))
    }

    /// Every snoozed or dismissed nudge, for Hidden and the person pages.
    pub(super) fn load_hidden(&mut self) -> Result<(), StoreError> {
        self.view.hidden = self
            .store
            .hidden_nudges(self.view.today())?
            .into_iter()
            .map(|hidden| HiddenRow {
                contact: hidden.contact,
                kind: hidden.kind,
                snoozed_until: hidden.snoozed_until,
                dismissed: hidden.dismissed,
            })
            .collect();
        Ok(())
    }

    /// Applies one of the commands this file is about.
    pub(super) fn apply_remember(
        &mut self,
        command: Command,
        now: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let today = self.view.today();
        match command {
            Command::SetCadence { id, days } => {
                let mut fields = self.store.contact(id)?.fields;
                fields.cadence_days = Some(days);
                let name = fields.name.clone();
                self.store.update_contact(id, fields, now)?;
                self.state.toast = Some(Toast::new(
                    format!("Keeping in touch with {name} every {days} days."),
                    false,
                ));
                self.refresh_contact(id)
            }
            Command::Skip(id) => {
                let undo = self.store.skip_neglect(id, today, now)?;
                let id = self.done(undo)?;
                self.refresh_after(id)
            }
            Command::RestoreNudge { contact, kind } => {
                self.store.clear_nudge_state(contact, kind)?;
                let about = contact
                    .and_then(|id| self.view.name_of(id))
                    .map(|name| format!(" ({name})"))
                    .unwrap_or_default();
                self.state.toast = Some(Toast::new(
                    format!("Restored: {}{about}.", kind.label()),
                    false,
                ));
                self.refresh_nudge_states(contact)
            }
            Command::AddFollowUp(draft) => {
                let id = draft.contact_id;
                self.store.add_follow_up(draft, now)?;
                self.refresh_contact(id)
            }
            Command::SetFollowUpDone { id, done } => {
                let undo = self.store.set_follow_up_done(id, done, now)?;
                let id = self.done(undo)?;
                self.refresh_after(id)
            }
            Command::DeleteFollowUp(id) => {
                let undo = self.store.delete_follow_up(id)?;
                let id = self.done(undo)?;
                self.refresh_after(id)
            }
            Command::AddDate(draft) => {
                let id = draft.contact_id;
                self.store.add_date(draft, now)?;
                self.refresh_contact(id)
            }
            Command::UpdateDate { id, fields } => {
                let contact = fields.contact_id;
                self.store.update_date(id, fields, now)?;
                self.refresh_contact(contact)
            }
            Command::DeleteDate(id) => {
                let undo = self.store.delete_date(id)?;
                let id = self.done(undo)?;
                self.refresh_after(id)
            }
            other => unreachable!("not a command about remembering: {other:?}"),
        }
    }
}
