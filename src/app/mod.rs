//! The desktop app: owns the store and the view model, draws the screens
//! and applies the commands they send.
//!
//! Each frame, the screens draw from the view model and push [`Command`]s;
//! after the frame the app applies them to the store, one transaction each,
//! and updates the view model, only for the contact that changed where it
//! can. SQLite is never queried while drawing. `window` opens the real
//! window (or, when the database cannot be opened, a screen that says why
//! and offers its backups).

pub mod desktop;
mod files;
mod remember;
mod restore;
mod transfer;
pub mod unlock;
pub mod window;

use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::nudge::layer_evidence;
use crate::domain::nudge::{Evaluation, capacity_nudges, contact_nudges, hides, intimate_lookback};
use crate::domain::{ContactId, Nudge};
use crate::store::{AutoBackup, LogEntry, NewContact, NewFollowUp, Store, StoreError, UndoHistory};
use crate::ui::forms::{FormCommand, FormId};
use crate::ui::view::today::PersonExtras;
use crate::ui::view::{BackupRow, PersonPage, PersonRow, ViewModel};
use crate::ui::{Command, Prefs, Screen, Toast, UiState};

pub use window::run;

/// Environment variable: close the window after this many frames (for smoke
/// tests of the real binary under Xvfb).
pub const SMOKE_FRAMES_ENV: &str = "KITH_SMOKE_FRAMES";

/// Where the app gets the local time; tests give a fixed one.
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// The real local wall-clock time, to the second.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        let now = chrono::Local::now().naive_local();
        now.with_nanosecond(0).unwrap_or(now)
    })
}

use chrono::Timelike as _;

const PREFS_KEY: &str = "kith-prefs";

/// How often the window looks for changes made by a command meanwhile, in
/// seconds.
const POLL_SECONDS: f64 = 2.0;

pub struct KithApp {
    store: Store,
    clock: Clock,
    pub view: ViewModel,
    pub state: UiState,
    /// The day nudges were last computed for; a new day recomputes them.
    nudges_day: NaiveDate,
    /// What Ctrl+Z and the toast's "Undo" take back, newest last.
    undo: UndoHistory,
    /// The automatic backup running in the background, if any.
    backup_job: Option<JoinHandle<Result<AutoBackup, StoreError>>>,
    /// When the window last asked whether a command changed the database.
    last_poll: f64,
    /// A restore (or a passphrase change) running on another thread, with
    /// the window's store (and its lock) lent to it until it is done.
    restore_job: Option<JoinHandle<(Store, Result<restore::Landed, StoreError>)>>,
    /// The form that asked for the restore, to answer when it is done.
    restore_form: Option<FormId>,
    frames: u64,
    close_after: Option<u64>,
    /// Imports and exports running in the background.
    transfer: transfer::Transfer,
    /// Where Settings puts the launcher and the reminders.
    desktop: desktop::Desktop,
}

impl KithApp {
    /// An app on `store`, showing what `prefs` remembered.
    pub fn new(store: Store, clock: Clock, prefs: Prefs) -> anyhow::Result<Self> {
        let now = clock();
        let mut app = Self {
            store,
            clock,
            view: ViewModel {
                now,
                ..ViewModel::default()
            },
            state: UiState {
                prefs,
                ..UiState::default()
            },
            nudges_day: now.date(),
            undo: UndoHistory::default(),
            backup_job: None,
            last_poll: 0.0,
            restore_job: None,
            restore_form: None,
            frames: 0,
            close_after: None,
            transfer: transfer::Transfer::default(),
            desktop: desktop::Desktop::from_env(),
        };
        app.view.db_path = app.store.path().map(ToOwned::to_owned);
        app.view.encrypted = app.store.is_encrypted();
        app.view.disk.home = files::home();
        if let Some(why) = app.store.read_only() {
            app.state.banner = Some(format!(
                "Read-only: {why}. You can read and export everything; changes cannot be saved."
            ));
        }
        app.reload_all().context("loading your people")?;
        let screen = app.state.prefs.screen;
        app.show(screen);
        Ok(app)
    }

    /// The app eframe runs: installs the look and restores UI prefs.
    pub fn for_window(
        store: Store,
        clock: Clock,
        cc: &eframe::CreationContext<'_>,
    ) -> anyhow::Result<Self> {
        crate::ui::theme::install(&cc.egui_ctx);
        let prefs = cc
            .storage
            .and_then(|storage| eframe::get_value::<Prefs>(storage, PREFS_KEY))
            .unwrap_or_default();
        Self::windowed(store, clock, prefs)
    }

    /// An app in a real window: it also takes the day's backup and, for
    /// smoke tests, may close itself after a few frames.
    fn windowed(store: Store, clock: Clock, prefs: Prefs) -> anyhow::Result<Self> {
        let mut app = Self::new(store, clock, prefs)?;
        app.close_after = std::env::var(SMOKE_FRAMES_ENV)
            .ok()
            .and_then(|v| v.parse().ok());
        app.start_auto_backup();
        Ok(app)
    }

    /// Takes the day's automatic backup on another thread (it reads the
    /// whole database: seconds with 100,000 people), if one is due.
    fn start_auto_backup(&mut self) {
        let Some(db) = self.backup_path() else {
            return;
        };
        let now = (self.clock)();
        self.view.status = Some("Backing up…".to_owned());
        self.backup_job = Some(std::thread::spawn(move || {
            crate::store::auto_backup(&db, now)
        }));
    }

    /// The database to take automatic backups of: none in memory, and
    /// none when it cannot be written (the backups folder is beside it).
    fn backup_path(&self) -> Option<std::path::PathBuf> {
        match self.store.read_only() {
            Some(_) => None,
            None => self.store.path().map(ToOwned::to_owned),
        }
    }

    /// Collects the background backup once it is done.
    fn poll_backup(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.backup_job else {
            return;
        };
        if !job.is_finished() {
            // Look again shortly, even if nothing else happens.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
            return;
        }
        if let Some(job) = self.backup_job.take() {
            self.finish_backup(job);
        }
    }

    fn finish_backup(&mut self, job: JoinHandle<Result<AutoBackup, StoreError>>) {
        self.view.status = None;
        match job.join() {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => self.state.banner = Some(format!("The automatic backup failed: {e}")),
            Err(_) => self.state.banner = Some("The automatic backup failed.".to_owned()),
        }
    }

    /// On closing: waits for a backup still running, then takes the day's
    /// backup if the data changed since the last one.
    pub fn close(&mut self) {
        self.finish_transfer_before_closing();
        if let Some(job) = self.backup_job.take() {
            self.finish_backup(job);
        }
        if let Some(job) = self.restore_job.take()
            && let Ok((store, _)) = job.join()
        {
            self.store = store;
        }
        if let Some(db) = self.backup_path()
            && let Err(e) = crate::store::auto_backup(&db, (self.clock)())
        {
            eprintln!("kith: the automatic backup on closing failed: {e}");
        }
    }

    /// Reloads everything if a command changed the database meanwhile;
    /// asks at most every [`POLL_SECONDS`].
    fn poll_changes(&mut self, ctx: &egui::Context) {
        let time = ctx.input(|i| i.time);
        if time - self.last_poll < POLL_SECONDS && self.last_poll > 0.0 {
            return;
        }
        self.last_poll = time;
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(POLL_SECONDS));
        match self.store.changed_elsewhere() {
            Ok(false) => {}
            Ok(true) => {
                if let Err(e) = self.reload_all().and_then(|()| self.reload_person_page()) {
                    self.state.banner = Some(format!("Could not load the latest changes: {e}"));
                }
            }
            Err(e) => self.state.banner = Some(format!("Could not check for changes: {e}")),
        }
    }

    /// The backups of this database, newest first, for the restore list.
    fn reload_backups(&mut self) {
        let Some(db) = self.store.path() else {
            return;
        };
        match crate::store::list_backups(db) {
            Ok(backups) => {
                self.view.backups = backups
                    .into_iter()
                    .map(|b| BackupRow {
                        path: b.path,
                        taken_at: b.taken_at,
                        kind: b.kind.label(),
                        size_bytes: b.size_bytes,
                        people: b.people,
                    })
                    .collect();
            }
            Err(e) => self.state.banner = Some(format!("Could not list the backups: {e}")),
        }
    }

    /// Everything from the store: people, nudges, settings.
    fn reload_all(&mut self) -> Result<(), StoreError> {
        self.view.settings = self.store.settings()?;
        let load_people = |store: &Store| -> Result<Vec<PersonRow>, StoreError> {
            Ok(store.listings()?.into_iter().map(PersonRow::new).collect())
        };
        // The people list and the facts behind the nudges are read at the
        // same time, on two connections: with 100,000 people each takes a
        // good part of the first screen's budget.
        let (people, nudges) = match self.store.reader()? {
            Some(reader) => std::thread::scope(|scope| {
                let people = scope.spawn(move || load_people(&reader));
                let nudges = self.all_nudges();
                (
                    people.join().expect("loading people does not panic"),
                    nudges,
                )
            }),
            None => (load_people(&self.store), self.all_nudges()),
        };
        self.view.rebuild(people?, nudges?);
        Ok(())
    }

    /// Every nudge due today, from the facts about every contact (and
    /// what else the screens keep of those facts).
    fn all_nudges(&mut self) -> Result<Vec<Nudge>, StoreError> {
        let today = self.view.today();
        let settings = self.view.settings.clone();
        let states = self.store.nudge_states()?;
        self.nudges_day = today;
        self.view.open_follow_ups.clear();
        self.view.longer_cadence.clear();
        // Judged a batch at a time as they are read, never all 100,000
        // people's facts at once.
        let mut evaluation = Evaluation::new(today, &settings, &states);
        let view = &mut self.view;
        self.store.nudge_facts_in_batches(
            today,
            intimate_lookback(today, &settings),
            &mut |batch| {
                evaluation.add(&batch);
                for fact in &batch {
                    view.set_extras(fact.id, remember::extras(fact, &settings));
                }
            },
        )?;
        let nudges = evaluation.finish();
        self.view.nudge_states = states;
        self.load_hidden()?;
        Ok(nudges)
    }

    /// Recomputes every nudge (a new day, new settings).
    fn recompute_nudges(&mut self) -> Result<(), StoreError> {
        let nudges = self.all_nudges()?;
        let people = std::mem::take(&mut self.view.people);
        self.view.rebuild(people, nudges);
        Ok(())
    }

    /// The nudges due about one contact, minus snoozed or dismissed ones,
    /// and what else the screens keep of their facts.
    fn nudges_of(&self, id: ContactId) -> Result<(Vec<Nudge>, PersonExtras), StoreError> {
        let today = self.view.today();
        let settings = &self.view.settings;
        let Some(facts) = self
            .store
            .nudge_facts_of(id, today, intimate_lookback(today, settings))?
            .filter(|f| !f.archived)
        else {
            return Ok((Vec::new(), PersonExtras::default()));
        };
        let states = &self.view.nudge_states;
        let nudges = contact_nudges(today, &facts, settings)
            .into_iter()
            .filter(|n| {
                !states.iter().any(|s| {
                    s.contact_id == Some(id) && s.kind == n.kind && hides(s, today, facts.evidence)
                })
            })
            .collect();
        Ok((nudges, remember::extras(&facts, settings)))
    }

    /// Over-capacity nudges for the current layer counts.
    fn refresh_capacity_nudges(&mut self) {
        let today = self.view.today();
        let counts = self.view.layer_counts;
        let states = &self.view.nudge_states;
        let nudges: Vec<Nudge> = capacity_nudges(&counts, &self.view.settings)
            .into_iter()
            .filter(|n| {
                !states.iter().any(|s| {
                    s.contact_id.is_none()
                        && s.kind == n.kind
                        && hides(s, today, layer_evidence(&counts))
                })
            })
            .collect();
        self.view.replace_nudges(None, nudges);
    }

    /// Brings one contact's row, nudges and open page up to date after a
    /// change to them, without reloading everyone: the cost does not grow
    /// with the number of people.
    fn refresh_contact(&mut self, id: ContactId) -> Result<(), StoreError> {
        match self.store.listing(id)? {
            Some(listing) => {
                let (nudges, extras) = self.nudges_of(id)?;
                self.view.set_extras(id, extras);
                self.view.update_person(PersonRow::new(listing), nudges);
            }
            None => self.view.remove_person(id),
        }
        self.refresh_capacity_nudges();
        self.reload_person_page()
    }

    /// After an action or its undo: everything about that person (or, for
    /// one about no one, the over-capacity nudge), snoozes included.
    fn refresh_after(&mut self, contact: Option<ContactId>) -> Result<(), StoreError> {
        self.view.nudge_states = self.store.nudge_states()?;
        self.load_hidden()?;
        match contact {
            Some(id) => self.refresh_contact(id),
            None => {
                self.refresh_capacity_nudges();
                Ok(())
            }
        }
    }

    /// After a snooze or dismissal: the nudges of that contact (or the
    /// over-capacity ones).
    fn refresh_nudge_states(&mut self, contact: Option<ContactId>) -> Result<(), StoreError> {
        self.view.nudge_states = self.store.nudge_states()?;
        self.load_hidden()?;
        match contact {
            Some(id) => {
                let (nudges, _) = self.nudges_of(id)?;
                self.view.replace_nudges(Some(id), nudges);
            }
            None => self.refresh_capacity_nudges(),
        }
        self.reload_person_page()
    }

    fn reload_person_page(&mut self) -> Result<(), StoreError> {
        if let Screen::Person(id) = self.state.prefs.screen {
            self.view.person = match self.store.contact(id) {
                Ok(contact) => Some(PersonPage {
                    contact,
                    trust_history: self.store.trust_history(id)?,
                    interactions: self.store.interactions_of(id)?,
                    follow_ups: self.store.follow_ups_of(id)?,
                    dates: self.store.dates_of(id)?,
                    skips: self.store.skips_of(id)?,
                }),
                Err(StoreError::ContactNotFound(_)) => None,
                Err(e) => return Err(e),
            };
        }
        Ok(())
    }

    fn show(&mut self, screen: Screen) {
        self.state.prefs.screen = screen;
        if screen == Screen::Settings {
            self.reload_backups();
            self.reload_desktop();
        }
        if let Screen::Person(_) = screen {
            if let Err(e) = self.reload_person_page() {
                self.state.banner = Some(format!("Could not open their page: {e}"));
            }
        } else {
            self.view.person = None;
        }
    }

    /// Remembers an action that can be taken back, and says so; returns
    /// the person it was about, if any.
    fn done(&mut self, undo: crate::store::Undo) -> Result<Option<ContactId>, StoreError> {
        let contact = undo.contact();
        self.state.toast = Some(Toast::new(format!("{}.", undo.description()), true));
        self.undo.push(undo);
        Ok(contact)
    }

    /// Applies one command from a screen (or a test). On failure the
    /// message shows in the banner, and nothing was written.
    pub fn apply(&mut self, command: Command) {
        self.apply_for(None, command);
    }

    /// Applies one command for the form `form`, if a form sent it: on
    /// success that form closes; on failure the message shows there (or,
    /// from a screen, in the banner), and nothing was written.
    fn apply_for(&mut self, form: Option<FormId>, command: Command) {
        // Closing a form changes nothing stored; a busy form stays open.
        if self.restore_job.is_some() && command != Command::CloseForm {
            self.state.banner = Some("Wait a moment: a restore is running.".to_owned());
            return;
        }
        let now = (self.clock)();
        if matches!(
            command,
            Command::PlanImport { .. }
                | Command::ReplanImport { .. }
                | Command::ApplyImport { .. }
                | Command::Export { .. }
        ) {
            // Work in the background answers the form that asked, later.
            self.transfer.form = form;
        }
        let result: Result<(), StoreError> = match command {
            Command::Show(screen) => {
                self.show(screen);
                return;
            }
            // These start work in the background; the dialog stays open
            // until it is done.
            Command::PlanImport { path, options } => return self.plan_import(path, options),
            Command::ReplanImport { path, options } => return self.replan_import(path, options),
            Command::ApplyImport { path, options } => return self.apply_import(path, options),
            Command::Export { what, path } => return self.export(what, path),
            Command::ListFolder { folder, start } => {
                files::list(&mut self.view.disk, folder, start, self.store.path());
                return;
            }
            Command::LookAt(paths) => {
                self.view.disk.looked = files::look(paths, self.store.path());
                return;
            }
            Command::Desktop(command) => {
                self.apply_desktop(command);
                return;
            }
            Command::CloseForm => {
                if self.state.form.is(form) && !self.state.form.busy(&self.view) {
                    self.state.form.close();
                }
                return;
            }
            Command::AddPerson { fields, trust } => {
                let new = NewContact {
                    trust,
                    ..NewContact::new(fields)
                };
                self.store.add_contact(new, now).and_then(|id| {
                    self.state.prefs.screen = Screen::Person(id);
                    self.refresh_contact(id)
                })
            }
            Command::UpdatePerson { id, fields, loaded } => self
                .store
                .update_contact_checked(id, fields, &loaded, now)
                .and_then(|()| self.refresh_contact(id)),
            Command::SetTrust {
                id,
                level,
                on,
                reason,
            } => self
                .store
                .set_trust(id, level, on, &reason, now)
                .and_then(|undo| self.done(undo))
                .and_then(|id| self.refresh_after(id)),
            Command::SetArchived { id, archived } => self
                .store
                .set_archived(id, archived, now)
                .and_then(|undo| self.done(undo))
                .and_then(|id| self.refresh_after(id)),
            Command::DeletePerson(id) => self
                .store
                .delete_contact(id)
                .and_then(|undo| self.done(undo))
                .and_then(|id| {
                    self.state.prefs.screen = Screen::People;
                    self.view.person = None;
                    self.refresh_after(id)
                }),
            Command::LogInteraction {
                interaction,
                follow_up,
                done,
            } => {
                let people = interaction.participants.clone();
                let entry = LogEntry {
                    interaction,
                    follow_up: follow_up.map(|(what, due)| NewFollowUp { what, due }),
                    done,
                };
                self.store
                    .log_undoable(entry, now)
                    .and_then(|(_, undo)| self.done(undo))
                    .and_then(|_| self.refresh_people(&people))
            }
            Command::UpdateInteraction { id, fields } => {
                // Everyone in it before and after: some may have left.
                let before = self.store.interaction(id).map(|i| i.fields.participants);
                let people = [fields.participants.clone(), before.unwrap_or_default()].concat();
                self.store
                    .update_interaction(id, fields, now)
                    .and_then(|()| self.refresh_people(&people))
            }
            Command::DeleteInteraction(id) => self.store.delete_interaction(id).and_then(|undo| {
                let people = undo.people();
                let id = self.done(undo)?;
                self.refresh_after(id)?;
                self.refresh_people(&people)
            }),
            Command::Snooze {
                contact,
                kind,
                until,
            } => self
                .store
                .snooze_nudge(contact, kind, until)
                .and_then(|undo| self.done(undo))
                .and_then(|_| self.refresh_nudge_states(contact)),
            Command::Dismiss { contact, kind } => self
                .store
                .dismiss_nudge(contact, kind, self.view.now.date())
                .and_then(|undo| self.done(undo))
                .and_then(|_| self.refresh_nudge_states(contact)),
            Command::SaveSettings(settings) => self.store.save_settings(&settings).and_then(|()| {
                self.view.settings = self.store.settings()?;
                self.recompute_nudges()
            }),
            Command::Undo => match self.undo.pop() {
                Some(undo) => {
                    let what = undo.description().to_owned();
                    let people = undo.people();
                    self.store.undo(undo).and_then(|id| {
                        self.state.toast = Some(Toast::new(format!("Undone: {what}."), false));
                        if let (Screen::Person(open), Some(id)) = (self.state.prefs.screen, id)
                            && open != id
                        {
                            self.state.prefs.screen = Screen::Person(id);
                        }
                        self.refresh_after(id)?;
                        self.refresh_people(&people)
                    })
                }
                None => {
                    self.state.toast = Some(Toast::new("Nothing to undo.", false));
                    Ok(())
                }
            },
            Command::Restore(backup) => return self.restore(form, backup, now),
            Command::ChangePassphrase(change) => return self.rekey(form, change, now),
            command @ (Command::SetCadence { .. }
            | Command::Skip(_)
            | Command::RestoreNudge { .. }
            | Command::AddFollowUp(_)
            | Command::SetFollowUpDone { .. }
            | Command::DeleteFollowUp(_)
            | Command::AddDate(_)
            | Command::UpdateDate { .. }
            | Command::DeleteDate(_)) => self.apply_remember(command, now),
        };
        self.report(form, result);
    }

    /// What a command came to: the form that sent it closes, or the error
    /// shows there (or in the banner when no form asked, or it was closed
    /// meanwhile).
    fn report(&mut self, form: Option<FormId>, result: Result<(), StoreError>) {
        match result {
            Ok(()) => {
                if self.state.form.is(form) {
                    self.state.form.close();
                }
            }
            Err(error) => self.refused(form, error.to_string()),
        }
    }

    /// Shows why a command was refused in the form that sent it, if it is
    /// still open, else in the banner.
    fn refused(&mut self, form: Option<FormId>, message: String) {
        match self.state.form.get(form) {
            Some(open) => open.failed(message, &self.view),
            None => self.state.banner = Some(message),
        }
    }

    /// Draws one frame and applies what it asked for.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.view.now = (self.clock)();
        self.poll_backup(ui.ctx());
        self.poll_transfer(ui.ctx());
        self.poll_restore();
        // An import being written, or a restore, changes the database from
        // this process; it is loaded when it lands.
        if !self.transfer.applying() && self.restore_job.is_none() {
            self.poll_changes(ui.ctx());
        }
        // While a restore runs the store is a placeholder; the restored
        // one is loaded (nudges included) when it lands.
        if self.restore_job.is_none()
            && self.view.today() != self.nudges_day
            && let Err(e) = self.recompute_nudges()
        {
            self.state.banner = Some(format!("Could not update today's nudges: {e}"));
        }
        let mut commands = Vec::new();
        let asked = crate::ui::root_ui(ui, &self.view, &mut self.state, &mut commands);
        if !commands.is_empty() || asked.is_some() {
            for command in commands {
                self.apply(command);
            }
            if let Some(FormCommand { form, command }) = asked {
                self.apply_for(Some(form), command);
            }
            ui.ctx().request_repaint();
        }
    }

    /// The store, for tests that check what the window wrote.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

impl eframe::App for KithApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
        self.frames += 1;
        if let Some(limit) = self.close_after {
            if self.frames >= limit {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                // egui repaints only on input; keep frames coming until the limit.
                ui.ctx().request_repaint();
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let mut prefs = self.state.prefs.clone();
        prefs.people.query.clear(); // a search is for now, not for next time
        eframe::set_value(storage, PREFS_KEY, &prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.close();
    }
}
