//! The unlock screen: what the window shows first on a database protected
//! by a passphrase. The passphrase is typed (hidden), **Unlock** derives
//! the key and opens the database on a worker thread (deriving takes a
//! fraction of a second, opening a large database a little more), and a
//! wrong passphrase says so and writes nothing.

use std::path::PathBuf;
use std::thread::JoinHandle;

use egui::RichText;
use zeroize::Zeroizing;

use crate::domain::{Field, Passphrase};
use crate::store::{Store, StoreError};
use crate::ui::{theme, widgets};

/// The unlock screen of the database at `db`.
pub struct Unlock {
    db: PathBuf,
    /// What is typed, zeroed when replaced or dropped.
    typed: Zeroizing<String>,
    error: Option<String>,
    /// The field asks for the keyboard on the next frame it is enabled:
    /// on opening, and after a wrong passphrase.
    focus_field: bool,
    opening: Option<JoinHandle<Result<Store, StoreError>>>,
}

impl Unlock {
    pub fn new(db: PathBuf) -> Self {
        Self {
            db,
            typed: Zeroizing::new(String::new()),
            error: None,
            focus_field: true,
            opening: None,
        }
    }

    /// Draws the screen; returns the store once the passphrase opened it.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<Store> {
        let opened = self.poll();
        egui::CentralPanel::default()
            .frame(theme::page_frame(ui.style()))
            .show(ui, |ui| {
                ui.set_max_width(520.0);
                ui.heading("This database is protected by a passphrase");
                ui.add_space(4.0);
                ui.label(
                    RichText::new(self.db.display().to_string())
                        .monospace()
                        .weak(),
                );
                ui.add_space(12.0);
                let label = ui.label(Field::Passphrase.label());
                let field = ui
                    .add_enabled(
                        self.opening.is_none(),
                        egui::TextEdit::singleline(&mut *self.typed)
                            .password(true)
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                // The keyboard belongs in the field: on opening, and again
                // after a wrong passphrase (the field was disabled while it
                // was tried, which took its focus).
                if self.opening.is_none() && std::mem::take(&mut self.focus_field) {
                    field.request_focus();
                }
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if let Some(error) = &self.error {
                    widgets::field_error(ui, error);
                }
                ui.add_space(8.0);
                if self.opening.is_some() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Unlocking…");
                    });
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(50));
                } else {
                    ui.horizontal(|ui| {
                        let unlock = ui.button(RichText::new("Unlock").strong()).clicked();
                        if unlock || entered {
                            self.start();
                        }
                        if ui.button("Quit").clicked() {
                            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                        }
                    });
                }
                ui.add_space(12.0);
                ui.add(
                    egui::Label::new(
                        RichText::new(
                            "A forgotten passphrase cannot be recovered: Kith cannot open this \
                             database without it.",
                        )
                        .weak(),
                    )
                    .wrap(),
                );
            });
        opened
    }

    /// The database it unlocks.
    pub fn db(&self) -> &std::path::Path {
        &self.db
    }

    /// Whether the passphrase is being tried.
    pub fn unlocking(&self) -> bool {
        self.opening.is_some()
    }

    fn start(&mut self) {
        let typed = std::mem::take(&mut *self.typed);
        let passphrase = match Passphrase::new(Field::Passphrase, typed) {
            Ok(passphrase) => passphrase,
            Err(e) => {
                self.refuse(e.to_string());
                return;
            }
        };
        self.error = None;
        let db = self.db.clone();
        self.opening = Some(std::thread::spawn(move || {
            crate::store::unlock(&db, &passphrase)?;
            drop(passphrase);
            Store::open_for_window(&db)
        }));
    }

    /// Shows why the passphrase did not open the database, and gives the
    /// field the keyboard again for the next try.
    fn refuse(&mut self, message: String) {
        self.error = Some(message);
        self.focus_field = true;
    }

    fn poll(&mut self) -> Option<Store> {
        if !self.opening.as_ref().is_some_and(JoinHandle::is_finished) {
            return None;
        }
        match self.opening.take()?.join() {
            Ok(Ok(store)) => Some(store),
            Ok(Err(error)) => {
                self.refuse(error.to_string());
                None
            }
            Err(_) => {
                self.refuse("Unlocking stopped unexpectedly; try again.".to_owned());
                None
            }
        }
    }
}
