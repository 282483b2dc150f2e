//! Restoring the database from a backup, after asking, and waiting while
//! the backup is checked and copied.

use egui::{RichText, Ui};

use super::{FieldErrors, Form, confirm_buttons, fields_ui};
use crate::domain::count::plural;
use crate::ui::Command;
use crate::ui::view::{BackupRow, ViewModel};

/// Asking before everything is replaced by a backup.
pub struct RestoreForm {
    backup: BackupRow,
    errors: FieldErrors,
}

impl RestoreForm {
    pub fn new(backup: &BackupRow) -> Self {
        Self {
            backup: backup.clone(),
            errors: FieldErrors::default(),
        }
    }
}

impl Form for RestoreForm {
    fn title(&self) -> &str {
        "Restore from backup"
    }

    fn width(&self) -> f32 {
        460.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| {
            let people = self.backup.people.map_or_else(String::new, |n| {
                format!(" ({})", plural(n as usize, "person", "people"))
            });
            ui.label(format!(
                "Replace everything in Kith with the backup from {}{people}?",
                self.backup.taken_at.format("%Y-%m-%d %H:%M")
            ));
            ui.label(
                RichText::new(
                    "What is there now is kept as a backup first, so this can be reversed by \
                     restoring that one.",
                )
                .weak(),
            );
        });
        self.errors.rest_ui(ui);
        if view.restoring {
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.add(
                    egui::Label::new(
                        RichText::new(
                            "Restoring… a large database takes a few seconds: the backup is \
                             checked page by page first.",
                        )
                        .weak(),
                    )
                    .wrap(),
                );
            });
            // Look again shortly for the end of the restore.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
            return None;
        }
        let path = self.backup.path.clone();
        confirm_buttons(ui, "Restore")?.then(|| Some(Command::Restore(path)))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }

    fn busy(&self, view: &ViewModel) -> bool {
        view.restoring
    }
}
