//! Export…: what to export, where to write it, and asking before a file is
//! replaced. The app writes the file (atomically, readable by the owner
//! only) on a background thread and reports through
//! [`ViewModel::export`](crate::ui::view::ViewModel) as an
//! [`ExportStatus`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::Form;
use super::import::cancel_button;
use crate::interchange::Export;
use crate::ui::disk::Found;
use crate::ui::file_chooser::{self, FileChooser};
use crate::ui::view::{ExportStatus, ViewModel};
use crate::ui::widgets::{self, working_ui};
use crate::ui::{Command, Prefs, theme};

/// The exports offered: what, what it holds, and more about it.
pub const CHOICES: [(Export, &str, &str, &str); 4] = [
    (
        Export::Json,
        "Everything (JSON, imports back losslessly)",
        "people, history, trust, snoozes, settings",
        "A Kith archive: every person with every field, their interactions and \
         trust history, snoozes and dismissals, and your settings. Importing it \
         into an empty Kith gives back exactly what is here.",
    ),
    (
        Export::Vcard,
        "People as vCard",
        "for phones and address books",
        "vCard 4.0, one card per person (archived ones too) with names, emails, \
         phones, birthday, organisation, tags and notes. Circles, trust and \
         interactions have no place in a vCard.",
    ),
    (
        Export::CsvPeople,
        "People as CSV",
        "one row per person",
        "For spreadsheets: one row per person, archived ones too.",
    ),
    (
        Export::CsvInteractions,
        "Interactions as CSV",
        "one row per interaction",
        "For spreadsheets: one row per interaction, naming the person.",
    ),
];

/// How much of the window the export dialog takes besides the chooser's
/// list.
const CHOOSER_REST: f32 = 555.0;

/// The file name an export gets unless the person types another:
/// `kith-2026-11-22.json`, `kith-people-2026-11-22.vcf`…
pub fn default_name(what: Export, today: NaiveDate) -> String {
    let stem = match what {
        Export::Json => "kith",
        Export::Vcard | Export::CsvPeople => "kith-people",
        Export::CsvInteractions => "kith-interactions",
    };
    format!("{stem}-{today}.{}", what.format().extension())
}

/// The export dialog.
pub struct ExportForm {
    what: Export,
    chooser: FileChooser,
    today: NaiveDate,
    /// An existing file the person is asked about replacing.
    replacing: Option<PathBuf>,
    error: Option<String>,
}

impl ExportForm {
    /// Starts in the folder last used (else the home folder), with the
    /// archive chosen.
    pub fn new(view: &ViewModel, prefs: &Prefs) -> Self {
        let start = file_chooser::start_folder(prefs.last_folder.as_deref(), &view.disk);
        let what = Export::Json;
        let today = view.today();
        let extension = what.format().extension();
        Self {
            what,
            chooser: FileChooser::save(&start, extension, &default_name(what, today)),
            today,
            replacing: None,
            error: None,
        }
    }

    fn body_ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        let busy = self.busy(view);
        ui.add_enabled_ui(!busy && self.replacing.is_none(), |ui| {
            ui.label(RichText::new("What").strong());
            let before = self.what;
            for (what, label, detail, more) in CHOICES {
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.what, what, label)
                        .on_hover_text(more);
                    ui.label(RichText::new(detail).weak().small());
                });
            }
            if self.what != before {
                self.chose(before);
            }
            if view.encrypted {
                ui.label(
                    RichText::new(
                        "The database is encrypted, but an export is a plain file: whoever can \
                         read it reads what it holds.",
                    )
                    .weak(),
                );
            }
            ui.add_space(8.0);
            ui.label(RichText::new("Where").strong());
            let list = file_chooser::list_height(ui.ctx(), CHOOSER_REST);
            let path = self.chooser.ui(ui, &view.disk, list)?;
            ui.ctx().request_repaint();
            self.submit(path, view)
        })
        .inner
    }

    /// Another kind of export was chosen: its name, or at least its
    /// extension, for the file.
    fn chose(&mut self, before: Export) {
        if self.chooser.name() == default_name(before, self.today) {
            self.chooser.set_name(&default_name(self.what, self.today));
        } else {
            self.chooser.set_extension(self.what.format().extension());
        }
        self.error = None;
    }

    /// The command to write `path`, unless it must be asked about first.
    fn submit(&mut self, path: PathBuf, view: &ViewModel) -> Option<Command> {
        self.error = None;
        // The chooser had the app look at the file.
        let look = view.disk.look(&path);
        if look.is_some_and(|look| look.database) {
            self.chooser
                .set_message("That is your Kith database: choose another name for the export.");
            return None;
        }
        if look.is_some_and(|look| look.found != Found::Nothing) {
            self.replacing = Some(path);
            return None;
        }
        Some(self.send(path))
    }

    fn send(&mut self, path: PathBuf) -> Command {
        self.replacing = None;
        Command::Export {
            what: self.what,
            path,
        }
    }

    fn footer_ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        if let Some(error) = &self.error {
            widgets::field_error(ui, error);
        }
        ui.add_space(10.0);
        if let ExportStatus::Writing { path } = &view.export {
            working_ui(ui, &format!("Writing {}…", path.display()), None);
            return None;
        }
        let mut command = None;
        if let Some(path) = self.replacing.clone() {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let folder = path.parent().unwrap_or(Path::new("")).display().to_string();
            ui.label(
                RichText::new(format!("{name} already exists in {folder}. Replace it?"))
                    .color(theme::warning(ui.visuals())),
            );
            ui.horizontal(|ui| {
                let replace =
                    egui::Button::new(RichText::new("Replace").color(egui::Color32::WHITE))
                        .fill(theme::error(ui.visuals()));
                if ui.add(replace).clicked() {
                    command = Some(self.send(path));
                }
                if ui.button("Back").clicked() {
                    self.replacing = None;
                    ui.ctx().request_repaint();
                }
            });
            return command;
        }
        ui.horizontal(|ui| {
            if ui
                .add(egui::Button::new(RichText::new("Export").strong()))
                .clicked()
            {
                self.chooser.choose(&view.disk);
                ui.ctx().request_repaint();
            }
            if cancel_button(ui) {
                command = Some(Command::CloseForm);
            }
        });
        command
    }
}

impl Form for ExportForm {
    fn title(&self) -> &str {
        "Export"
    }

    fn width(&self) -> f32 {
        620.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        let body = super::fields_ui(ui, |ui| self.body_ui(ui, view));
        let footer = self.footer_ui(ui, view);
        body.or(footer).or_else(|| self.chooser.take_request())
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.error = Some(message);
        self.replacing = None;
    }

    /// While the file is written, it stays open.
    fn busy(&self, view: &ViewModel) -> bool {
        matches!(view.export, ExportStatus::Writing { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_carry_the_day_and_the_right_extension() {
        let today =
            crate::domain::time::parse_date(crate::domain::Field::Today, "2026-11-22").unwrap();
        assert_eq!(default_name(Export::Json, today), "kith-2026-11-22.json");
        assert_eq!(
            default_name(Export::Vcard, today),
            "kith-people-2026-11-22.vcf"
        );
        assert_eq!(
            default_name(Export::CsvPeople, today),
            "kith-people-2026-11-22.csv"
        );
        assert_eq!(
            default_name(Export::CsvInteractions, today),
            "kith-interactions-2026-11-22.csv"
        );
    }
}
