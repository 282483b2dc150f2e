//! Writing many records in one transaction: generating demo data and
//! importing files. Either the whole batch lands or none of it does.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use uuid::Uuid;

use super::interactions::{
    insert_interaction, insert_trust_change, refresh_summary, refresh_trust,
};
use super::remember::{insert_date, insert_follow_up};
use super::{NewContact, Result, Store};
use crate::domain::{
    ContactId, DateDraft, DateId, FollowUpDraft, FollowUpId, InteractionDraft, InteractionId,
    TrustChangeId, TrustLevel, validate_trust_change,
};

/// An open batch: statements are prepared once and reused for every row.
pub struct Batch<'conn> {
    pub(super) tx: super::Write<'conn>,
    pub(super) now: NaiveDateTime,
    pub(super) touched: BTreeSet<ContactId>,
}

impl Store {
    /// Runs `fill` inside one transaction and commits only if it succeeds.
    /// Contacts' summaries and trust levels are brought up to date once, at
    /// the end.
    pub fn write_batch<T>(
        &mut self,
        now: NaiveDateTime,
        fill: impl FnOnce(&mut Batch<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut batch = Batch {
            tx: self.transaction()?,
            now,
            touched: BTreeSet::new(),
        };
        let result = fill(&mut batch)?;
        batch.settle()?;
        batch.tx.commit()?;
        Ok(result)
    }
}

impl Batch<'_> {
    /// Brings the summaries and trust levels of the contacts touched so
    /// far up to date now rather than at the end (for what must see them,
    /// such as a dismissal tied to a contact's evidence counter).
    pub fn settle(&mut self) -> Result<()> {
        for &contact in &self.touched {
            refresh_summary(&self.tx, contact)?;
            refresh_trust(&self.tx, contact)?;
        }
        self.touched.clear();
        Ok(())
    }

    /// Adds a contact that was added to Kith at `created_at`.
    pub fn add_contact(&mut self, new: NewContact, created_at: NaiveDateTime) -> Result<ContactId> {
        super::contacts::insert_contact(&self.tx, new, created_at, self.now)
    }

    /// Adds an interaction, recorded at `created_at`.
    pub fn add_interaction(
        &mut self,
        draft: &InteractionDraft,
        uuid: Option<Uuid>,
        created_at: NaiveDateTime,
    ) -> Result<InteractionId> {
        // A contact touched already was looked up (or written) already.
        let id = insert_interaction(&self.tx, draft, uuid, created_at, self.now, &self.touched)?;
        self.touched.extend(draft.participants.iter().copied());
        Ok(id)
    }

    /// Adds a follow-up noted on `noted_on` (with the interaction it came
    /// with, if any), done at `done_at` if it is.
    pub fn add_follow_up(
        &mut self,
        draft: &FollowUpDraft,
        noted_in: Option<InteractionId>,
        noted_on: NaiveDate,
        done_at: Option<NaiveDateTime>,
        uuid: Option<Uuid>,
    ) -> Result<FollowUpId> {
        let created_at = noted_on.and_time(crate::domain::time::noon()).min(self.now);
        let id = insert_follow_up(&self.tx, draft, noted_in, noted_on, uuid, created_at)?;
        if let Some(done_at) = done_at {
            self.tx
                .prepare_cached("UPDATE follow_ups SET done_at = ?2 WHERE id = ?1")?
                .execute(rusqlite::params![id.0, super::sql::secs(done_at)])?;
        }
        Ok(id)
    }

    /// Adds a date to remember.
    pub fn add_date(&mut self, draft: &DateDraft, uuid: Option<Uuid>) -> Result<DateId> {
        draft.validate(self.now.date())?;
        insert_date(&self.tx, draft, uuid, self.now)
    }

    /// Adds a trust assessment.
    pub fn add_trust_change(
        &mut self,
        contact: ContactId,
        level: TrustLevel,
        on: NaiveDate,
        reason: &str,
        uuid: Option<Uuid>,
    ) -> Result<TrustChangeId> {
        validate_trust_change(on, reason, self.now.date())?;
        let id = insert_trust_change(
            &self.tx,
            contact,
            level,
            on,
            reason,
            uuid,
            on.and_time(crate::domain::time::noon()),
        )?;
        self.touched.insert(contact);
        Ok(id)
    }
}
