//! The keyboard shortcuts, listed.

use egui::{RichText, Ui};

use super::{Form, fields_ui};
use crate::ui::view::ViewModel;
use crate::ui::{Command, shortcuts};

/// The list of keyboard shortcuts (F1).
pub struct HelpForm;

impl Form for HelpForm {
    fn title(&self) -> &str {
        "Keyboard shortcuts"
    }

    fn width(&self) -> f32 {
        480.0
    }

    fn ui(&mut self, ui: &mut Ui, _view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    for (keys, what) in shortcuts::table(ui.ctx()) {
                        ui.label(RichText::new(keys).monospace().strong());
                        ui.label(what);
                        ui.end_row();
                    }
                });
            ui.add_space(10.0);
            ui.label(RichText::new("On Today, for the selected row").strong());
            egui::Grid::new("today keys")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    for (keys, what) in crate::ui::today::KEYS {
                        ui.label(RichText::new(*keys).monospace().strong());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
        });
        ui.add_space(8.0);
        ui.button("Close").clicked().then_some(Command::CloseForm)
    }

    /// It asks for nothing, so nothing can fail.
    fn failed(&mut self, _message: String, _view: &ViewModel) {}
}
