//! Restoring the database from a backup in the window, and setting,
//! changing or removing its passphrase. Checking and copying a large
//! database takes seconds, so both run on a worker thread, with the
//! window's store (and its lock) lent to it, while the form says what is
//! happening; the data is loaded again, nudges and all, when it lands.

use std::path::PathBuf;
use std::thread::JoinHandle;

use chrono::NaiveDateTime;

use super::KithApp;
use crate::store::{PassphraseChange, Rekeyed, Restored, Store, StoreError};
use crate::ui::Toast;
use crate::ui::forms::FormId;

/// What a job on the lent store did.
pub(super) enum Landed {
    Restored(Restored),
    Rekeyed(Rekeyed),
}

impl KithApp {
    /// Replaces the database with `backup`, for the form `form`, which is
    /// answered when it is done.
    pub(super) fn restore(&mut self, form: Option<FormId>, backup: PathBuf, now: NaiveDateTime) {
        if self.store.path().is_none() {
            // In memory there is nothing to restore over; this reports
            // that, at once.
            let result = self.store.restore_from(&backup, now);
            let result = self.restored(result);
            return self.report(form, result);
        }
        self.lend_store(form, move |store| {
            store.restore_from(&backup, now).map(Landed::Restored)
        });
    }

    /// Sets, changes or removes the passphrase, for the form `form`.
    pub(super) fn rekey(
        &mut self,
        form: Option<FormId>,
        change: PassphraseChange,
        now: NaiveDateTime,
    ) {
        self.lend_store(form, move |store| {
            store.change_passphrase(&change, now).map(Landed::Rekeyed)
        });
    }

    /// Runs `job` on a worker thread with the window's store, for `form`.
    fn lend_store(
        &mut self,
        form: Option<FormId>,
        job: impl FnOnce(&mut Store) -> Result<Landed, StoreError> + Send + 'static,
    ) {
        match Store::open_in_memory() {
            Ok(placeholder) => {
                let mut store = std::mem::replace(&mut self.store, placeholder);
                self.view.restoring = true;
                self.restore_form = form;
                self.restore_job = Some(std::thread::spawn(move || {
                    let result = job(&mut store);
                    (store, result)
                }));
            }
            Err(e) => self.report(form, Err(e)),
        }
    }

    /// After a passphrase change: says what it did.
    fn rekeyed(&mut self, rekeyed: Rekeyed) -> Result<(), StoreError> {
        self.view.encrypted = rekeyed.encrypted;
        let mut message = if rekeyed.encrypted {
            format!(
                "The database and {} are now encrypted with the passphrase.",
                crate::domain::count::plural(rekeyed.rewritten.len(), "backup", "backups")
            )
        } else {
            "The database is no longer encrypted.".to_owned()
        };
        if !rekeyed.still_encrypted.is_empty() {
            message.push_str(&format!(
                " {} stay encrypted: restoring one asks for the passphrase it was made with.",
                crate::domain::count::plural(rekeyed.still_encrypted.len(), "backup", "backups")
            ));
        }
        if !rekeyed.left.is_empty() {
            message.push_str(&format!(
                " {} could not be rewritten and were left as they were (kith backup --list).",
                crate::domain::count::plural(rekeyed.left.len(), "backup", "backups")
            ));
        }
        self.state.toast = Some(Toast::new(message, false));
        self.reload_backups();
        Ok(())
    }

    /// After a restore: everything reloaded, or the error.
    pub(super) fn restored(
        &mut self,
        result: Result<Restored, StoreError>,
    ) -> Result<(), StoreError> {
        let restored = result?;
        // A backup restored brings its own encryption, or none.
        self.view.encrypted = self.store.is_encrypted();
        // The actions of this session refer to data that is gone, and
        // Today opens afresh on the restored data, at the top.
        self.undo.clear();
        self.state.today = Default::default();
        self.state.toast = Some(Toast::new(
            format!(
                "Restored {} from the backup. What was here before is kept in the backups too.",
                crate::domain::count::plural(restored.people as usize, "person", "people")
            ),
            false,
        ));
        self.reload_all()?;
        self.reload_backups();
        let screen = self.state.prefs.screen;
        self.show(screen);
        Ok(())
    }

    /// Takes the store back from a finished restore.
    pub(super) fn poll_restore(&mut self) {
        if !self
            .restore_job
            .as_ref()
            .is_some_and(JoinHandle::is_finished)
        {
            return;
        }
        let Some(job) = self.restore_job.take() else {
            return;
        };
        self.view.restoring = false;
        let result = match job.join() {
            Ok((store, result)) => {
                self.store = store;
                match result {
                    Ok(Landed::Rekeyed(rekeyed)) => self.rekeyed(rekeyed),
                    Ok(Landed::Restored(restored)) => self.restored(Ok(restored)),
                    Err(e) => Err(e),
                }
            }
            Err(_) => {
                self.state.banner = Some(
                    "The restore stopped unexpectedly; start Kith again to see your data."
                        .to_owned(),
                );
                return;
            }
        };
        let form = self.restore_form.take();
        self.report(form, result);
        // Our own write is not a change made elsewhere.
        let _ = self.store.changed_elsewhere();
    }

    /// Whether a restore is running.
    pub fn restoring(&self) -> bool {
        self.restore_job.is_some()
    }
}
