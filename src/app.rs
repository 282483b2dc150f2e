//! The desktop app: owns the store and the view model, draws the screens
//! and applies the commands they send.
//!
//! Each frame, the screens draw from the view model and push [`Command`]s;
//! after the frame the app applies them to the store, one transaction each,
//! and updates the view model, only for the contact that changed where it
//! can. SQLite is never queried while drawing.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::nudge::layer_evidence;
use crate::domain::nudge::{capacity_nudges, contact_nudges, evaluate, hides, intimate_lookback};
use crate::domain::{ContactId, Nudge};
use crate::store::{NewContact, Store, StoreError};
use crate::ui::dialogs::Dialog;
use crate::ui::view::{PersonPage, PersonRow, ViewModel};
use crate::ui::{Command, Prefs, Screen, UiState};

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

pub struct KithApp {
    store: Store,
    clock: Clock,
    pub view: ViewModel,
    pub state: UiState,
    /// The day nudges were last computed for; a new day recomputes them.
    nudges_day: NaiveDate,
    frames: u64,
    close_after: Option<u64>,
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
            frames: 0,
            close_after: None,
        };
        app.view.db_path = app.store.path().map(ToOwned::to_owned);
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
        let mut app = Self::new(store, clock, prefs)?;
        app.close_after = std::env::var(SMOKE_FRAMES_ENV)
            .ok()
            .and_then(|v| v.parse().ok());
        Ok(app)
    }

    /// Everything from the store: people, nudges, settings.
    fn reload_all(&mut self) -> Result<(), StoreError> {
        let listings = self.store.listings()?;
        self.view.settings = self.store.settings()?;
        let nudges = self.all_nudges()?;
        self.view
            .rebuild(listings.into_iter().map(PersonRow::new).collect(), nudges);
        Ok(())
    }

    /// Every nudge due today, from the facts about every contact.
    fn all_nudges(&mut self) -> Result<Vec<Nudge>, StoreError> {
        let today = self.view.today();
        let settings = &self.view.settings;
        let facts = self.store.nudge_facts(intimate_lookback(today, settings))?;
        self.view.nudge_states = self.store.nudge_states()?;
        self.nudges_day = today;
        Ok(evaluate(today, &facts, settings, &self.view.nudge_states))
    }

    /// Recomputes every nudge (a new day, new settings).
    fn recompute_nudges(&mut self) -> Result<(), StoreError> {
        let nudges = self.all_nudges()?;
        let people = std::mem::take(&mut self.view.people);
        self.view.rebuild(people, nudges);
        Ok(())
    }

    /// The nudges due about one contact, minus snoozed or dismissed ones.
    fn nudges_of(&self, id: ContactId) -> Result<Vec<Nudge>, StoreError> {
        let today = self.view.today();
        let settings = &self.view.settings;
        let Some(facts) = self
            .store
            .nudge_facts_of(id, intimate_lookback(today, settings))?
            .filter(|f| !f.archived)
        else {
            return Ok(Vec::new());
        };
        let states = &self.view.nudge_states;
        Ok(contact_nudges(today, &facts, settings)
            .into_iter()
            .filter(|n| {
                !states.iter().any(|s| {
                    s.contact_id == Some(id) && s.kind == n.kind && hides(s, today, facts.evidence)
                })
            })
            .collect())
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
                let nudges = self.nudges_of(id)?;
                self.view.update_person(PersonRow::new(listing), nudges);
            }
            None => self.view.remove_person(id),
        }
        self.refresh_capacity_nudges();
        self.reload_person_page()
    }

    /// After a snooze or dismissal: the nudges of that contact (or the
    /// over-capacity ones).
    fn refresh_nudge_states(&mut self, contact: Option<ContactId>) -> Result<(), StoreError> {
        self.view.nudge_states = self.store.nudge_states()?;
        match contact {
            Some(id) => {
                let nudges = self.nudges_of(id)?;
                self.view.replace_nudges(Some(id), nudges);
            }
            None => self.refresh_capacity_nudges(),
        }
        Ok(())
    }

    fn reload_person_page(&mut self) -> Result<(), StoreError> {
        if let Screen::Person(id) = self.state.prefs.screen {
            self.view.person = match self.store.contact(id) {
                Ok(contact) => Some(PersonPage {
                    contact,
                    trust_history: self.store.trust_history(id)?,
                    interactions: self.store.interactions_of(id)?,
                }),
                Err(StoreError::ContactNotFound(_)) => None,
                Err(e) => return Err(e),
            };
        }
        Ok(())
    }

    fn show(&mut self, screen: Screen) {
        self.state.prefs.screen = screen;
        if let Screen::Person(_) = screen {
            if let Err(e) = self.reload_person_page() {
                self.state.banner = Some(format!("Could not open their page: {e}"));
            }
        } else {
            self.view.person = None;
        }
    }

    /// Applies one command. On success the dialog that sent it closes; on
    /// failure the message shows in that dialog (or in the banner), and
    /// nothing was written.
    pub fn apply(&mut self, command: Command) {
        let now = (self.clock)();
        let result: Result<(), StoreError> = match command {
            Command::Show(screen) => {
                self.show(screen);
                return;
            }
            Command::AddPerson { fields, trust } => {
                let new = NewContact {
                    trust: Some(trust),
                    ..NewContact::new(fields)
                };
                self.store.add_contact(new, now).and_then(|id| {
                    self.state.prefs.screen = Screen::Person(id);
                    self.refresh_contact(id)
                })
            }
            Command::UpdatePerson { id, fields } => self
                .store
                .update_contact(id, fields, now)
                .and_then(|()| self.refresh_contact(id)),
            Command::SetTrust {
                id,
                level,
                on,
                reason,
            } => self
                .store
                .set_trust(id, level, on, &reason, now)
                .and_then(|_| self.refresh_contact(id)),
            Command::SetArchived { id, archived } => self
                .store
                .set_archived(id, archived, now)
                .and_then(|()| self.refresh_contact(id)),
            Command::DeletePerson(id) => self.store.delete_contact(id).and_then(|()| {
                self.state.prefs.screen = Screen::People;
                self.view.person = None;
                self.refresh_contact(id)
            }),
            Command::LogInteraction(draft) => {
                let id = draft.contact_id;
                self.store
                    .log_interaction(draft, now)
                    .and_then(|_| self.refresh_contact(id))
            }
            Command::UpdateInteraction { id, fields } => {
                let contact = fields.contact_id;
                let before = self.store.interaction(id).map(|i| i.fields.contact_id);
                self.store
                    .update_interaction(id, fields, now)
                    .and_then(|()| self.refresh_contact(contact))
                    .and_then(|()| match before {
                        Ok(old) if old != contact => self.refresh_contact(old),
                        _ => Ok(()),
                    })
            }
            Command::DeleteInteraction(id) => match self.store.interaction(id) {
                Ok(interaction) => self
                    .store
                    .delete_interaction(id)
                    .and_then(|()| self.refresh_contact(interaction.fields.contact_id)),
                Err(e) => Err(e),
            },
            Command::Snooze {
                contact,
                kind,
                until,
            } => self
                .store
                .snooze_nudge(contact, kind, until)
                .and_then(|()| self.refresh_nudge_states(contact)),
            Command::Dismiss { contact, kind } => self
                .store
                .dismiss_nudge(contact, kind)
                .and_then(|()| self.refresh_nudge_states(contact)),
            Command::SaveSettings(settings) => self.store.save_settings(&settings).and_then(|()| {
                self.view.settings = self.store.settings()?;
                self.recompute_nudges()
            }),
        };
        match result {
            Ok(()) => self.state.dialog = None,
            Err(error) => {
                let message = error.to_string();
                match self.state.dialog.as_mut() {
                    Some(dialog) if !matches!(dialog, Dialog::Help) => dialog.set_error(message),
                    _ => self.state.banner = Some(message),
                }
            }
        }
    }

    /// Draws one frame and applies what it asked for.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.view.now = (self.clock)();
        if self.view.today() != self.nudges_day
            && let Err(e) = self.recompute_nudges()
        {
            self.state.banner = Some(format!("Could not update today's nudges: {e}"));
        }
        let mut commands = Vec::new();
        crate::ui::root_ui(ui, &self.view, &mut self.state, &mut commands);
        if !commands.is_empty() {
            for command in commands {
                self.apply(command);
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
}

/// Opens the window on the database at `db`.
pub fn run(db: PathBuf) -> anyhow::Result<()> {
    let store = Store::open(&db)?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Kith")
            .with_app_id("kith")
            .with_inner_size([1180.0, 760.0])
            .with_min_inner_size([820.0, 520.0]),
        ..Default::default()
    };
    // UI preferences (window size, last screen) live beside the default
    // database, in the folder only the owner can read.
    let prefs_file =
        crate::store::default_path().and_then(|db| db.parent().map(|dir| dir.join("window.ron")));
    if let Some(dir) = prefs_file.as_deref().and_then(std::path::Path::parent) {
        crate::private_files::create_dir_all(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    let options = eframe::NativeOptions {
        persistence_path: prefs_file,
        ..options
    };
    let clock = system_clock();
    eframe::run_native(
        "Kith",
        options,
        Box::new(move |cc| {
            let app = KithApp::for_window(store, clock, cc).map_err(
                |e| -> Box<dyn std::error::Error + Send + Sync> { format!("{e:#}").into() },
            )?;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
    .context("opening the window")
}
