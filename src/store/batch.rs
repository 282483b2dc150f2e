//! Writing many records in one transaction: generating demo data and
//! importing files. Either the whole batch lands or none of it does.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Transaction;
use uuid::Uuid;

use super::interactions::{
    insert_interaction, insert_trust_change, refresh_summary, refresh_trust,
};
use super::{NewContact, Result, Store};
use crate::domain::{
    ContactId, InteractionDraft, InteractionId, TrustChangeId, TrustLevel, validate_trust_change,
};

/// An open batch: statements are prepared once and reused for every row.
pub struct Batch<'conn> {
    pub(super) tx: Transaction<'conn>,
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
        let id = insert_interaction(&self.tx, draft, uuid, created_at, self.now)?;
        self.touched.insert(draft.contact_id);
        Ok(id)
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
