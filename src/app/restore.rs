//! Restoring the database from a backup in the window. Checking and
//! copying a large backup takes seconds, so a restore of the database file
//! runs on a worker thread, with the window's store (and its lock) lent to
//! it, while the restore form says what is happening; the restored data is
//! loaded, nudges and all, when it lands.

use std::path::PathBuf;
use std::thread::JoinHandle;

use chrono::NaiveDateTime;

use super::KithApp;
use crate::store::{Store, StoreError};
use crate::ui::Toast;
use crate::ui::forms::FormId;

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
        match Store::open_in_memory() {
            Ok(placeholder) => {
                let mut store = std::mem::replace(&mut self.store, placeholder);
                self.view.restoring = true;
                self.restore_form = form;
                self.restore_job = Some(std::thread::spawn(move || {
                    let result = store.restore_from(&backup, now);
                    (store, result)
                }));
            }
            Err(e) => self.report(form, Err(e)),
        }
    }

    /// After a restore: everything reloaded, or the error.
    pub(super) fn restored(
        &mut self,
        result: Result<crate::store::Restored, StoreError>,
    ) -> Result<(), StoreError> {
        let restored = result?;
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
                self.restored(result)
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
