//! Opening the real window: on the database when it can be opened, else on
//! a screen that says what is wrong with the file, leaves it untouched, and
//! offers to restore a backup when the file is damaged.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use anyhow::Context as _;
use egui::RichText;

use super::unlock::Unlock;
use super::{Clock, KithApp, system_clock};
use crate::store::{BackupInfo, Store, StoreError};
use crate::ui::{Prefs, theme, widgets};

/// Opens the window on the database at `db`.
pub fn run(db: PathBuf) -> anyhow::Result<()> {
    let opened = Store::open_for_window(&db);
    // UI preferences (window size, last screen) live beside the default
    // database, in the folder only the owner can read.
    let prefs_file =
        crate::store::default_path().and_then(|db| db.parent().map(|dir| dir.join("window.ron")));
    if let Some(dir) = prefs_file.as_deref().and_then(Path::parent) {
        crate::private_files::create_dir_all(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    // The icon is built in; it cannot fail to decode, but a window without
    // it is better than no window.
    let icon = eframe::icon_data::from_png_bytes(crate::desktop::launcher::WINDOW_ICON_PNG);
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Kith")
        // The launcher's name (`kith.desktop`, StartupWMClass=kith), so
        // docks put the window under it.
        .with_app_id(crate::desktop::APP_ID)
        .with_inner_size([1180.0, 760.0])
        .with_min_inner_size(crate::ui::MIN_WINDOW);
    if let Ok(icon) = icon {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        persistence_path: prefs_file,
        ..Default::default()
    };
    let clock = system_clock();
    eframe::run_native(
        "Kith",
        options,
        Box::new(move |cc| {
            crate::timings::mark("window");
            theme::install(&cc.egui_ctx);
            let window = match opened {
                Ok(store) => {
                    Window::Running(Box::new(KithApp::for_window(store, clock, cc).map_err(
                        |e| -> Box<dyn std::error::Error + Send + Sync> { format!("{e:#}").into() },
                    )?))
                }
                Err(StoreError::File {
                    problem: crate::store::FileProblem::Encrypted,
                    ..
                }) => Window::Locked(Unlock::new(db), clock),
                Err(error) => Window::Problem(Problem::new(db, &error, clock)),
            };
            crate::timings::mark("first screen data");
            Ok(Box::new(window))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
    .context("opening the window")
}

/// What the window shows: the app, or why it could not open.
enum Window {
    Running(Box<KithApp>),
    Locked(Unlock, Clock),
    Problem(Problem),
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        match self {
            Self::Running(app) => {
                app.ui(ui, frame);
                crate::timings::finish("first frame");
            }
            Self::Locked(unlock, clock) => {
                if let Some(store) = unlock.ui(ui) {
                    *self = match KithApp::windowed(store, clock.clone(), Prefs::default()) {
                        Ok(app) => Self::Running(Box::new(app)),
                        Err(e) => Self::Problem(Problem::new(
                            unlock.db().to_owned(),
                            &StoreError::Refused {
                                path: unlock.db().to_owned(),
                                reason: format!("{e:#}"),
                            },
                            clock.clone(),
                        )),
                    };
                }
            }
            Self::Problem(problem) => {
                if let Some(app) = problem.ui(ui) {
                    *self = Self::Running(Box::new(app));
                }
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Self::Running(app) = self {
            app.save(storage);
        }
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        if let Self::Running(app) = self {
            app.on_exit(gl);
        }
    }
}

/// The screen shown when the database cannot be opened: what is wrong, and,
/// when the file is damaged, its backups to restore from.
pub struct Problem {
    db: PathBuf,
    clock: Clock,
    message: String,
    advice: &'static str,
    /// Backups to offer, when the file is damaged.
    backups: Vec<BackupInfo>,
    error: Option<String>,
    /// A restore running on another thread: checking and copying a large
    /// backup takes seconds, and the window keeps drawing meanwhile.
    restoring: Option<JoinHandle<Result<Store, StoreError>>>,
}

impl Problem {
    pub fn new(db: PathBuf, error: &StoreError, clock: Clock) -> Self {
        let damaged = matches!(error, StoreError::File { problem, .. } if problem.is_damage());
        let advice = match error {
            StoreError::AlreadyOpen { .. } => {
                "Kith is already open on this database in another window. Use that window, or \
                 close it and start Kith again."
            }
            StoreError::File { problem, .. } if problem.is_damage() => {
                "The file was left exactly as it is. You can restore one of its backups below: \
                 the damaged file is kept beside them, in case you want it later."
            }
            StoreError::File {
                problem: crate::store::FileProblem::TooNew { .. },
                ..
            } => "The file was left exactly as it is. Update Kith to open it.",
            StoreError::File { .. } => {
                "The file was left exactly as it is. To use Kith with another file, start it \
                 with --db PATH."
            }
            _ => "Nothing was changed.",
        };
        let backups = if damaged {
            crate::store::list_backups(&db)
                .unwrap_or_default()
                .into_iter()
                .filter(|b| b.people.is_some())
                .collect()
        } else {
            Vec::new()
        };
        Self {
            db,
            clock,
            message: error.to_string(),
            advice,
            backups,
            error: None,
            restoring: None,
        }
    }

    /// Draws the screen; returns the app once a restore let the database
    /// open.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<KithApp> {
        let opened = self.poll_restore();
        let busy = self.restoring.is_some();
        egui::CentralPanel::default()
            .frame(theme::page_frame(ui.style()))
            .show(ui, |ui| {
                ui.set_max_width(720.0);
                ui.heading("Kith cannot open your database");
                ui.add_space(8.0);
                ui.add(egui::Label::new(RichText::new(&self.message).strong()).wrap());
                ui.add_space(4.0);
                ui.label(self.advice);
                if let Some(error) = &self.error {
                    widgets::field_error(ui, error);
                }
                if !self.backups.is_empty() {
                    ui.add_space(12.0);
                    ui.label(RichText::new("Backups").strong());
                    let mut chosen = None;
                    for backup in &self.backups {
                        ui.horizontal(|ui| {
                            ui.label(backup.taken_at.format("%Y-%m-%d %H:%M").to_string());
                            ui.label(
                                RichText::new(format!(
                                    "{}, {}",
                                    widgets::plural(
                                        backup.people.unwrap_or(0) as usize,
                                        "person",
                                        "people"
                                    ),
                                    backup.kind.label()
                                ))
                                .weak(),
                            );
                            let restore = egui::Button::new("Restore this backup");
                            if ui.add_enabled(!busy, restore).clicked() {
                                chosen = Some(backup.path.clone());
                            }
                        });
                    }
                    if let Some(path) = chosen {
                        self.start_restore(path);
                    }
                }
                ui.add_space(16.0);
                if self.restoring.is_some() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Restoring… a large database takes a few seconds.");
                    });
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                } else if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        opened
    }

    /// Whether a restore is running.
    pub fn restoring(&self) -> bool {
        self.restoring.is_some()
    }

    fn start_restore(&mut self, backup: PathBuf) {
        let now = (self.clock)();
        let db = self.db.clone();
        self.error = None;
        self.restoring = Some(std::thread::spawn(move || {
            crate::store::restore(&db, &backup, now).and_then(|_| Store::open_for_window(&db))
        }));
    }

    /// The app on the restored database once the restore is done.
    fn poll_restore(&mut self) -> Option<KithApp> {
        if !self.restoring.as_ref().is_some_and(JoinHandle::is_finished) {
            return None;
        }
        let result = match self.restoring.take()?.join() {
            Ok(result) => result.map_err(|e| e.to_string()).and_then(|store| {
                KithApp::windowed(store, self.clock.clone(), Prefs::default())
                    .map_err(|e| format!("{e:#}"))
            }),
            Err(_) => Err("it stopped unexpectedly".to_owned()),
        };
        match result {
            Ok(app) => Some(app),
            Err(message) => {
                self.error = Some(format!("The restore did not work: {message}"));
                None
            }
        }
    }
}
