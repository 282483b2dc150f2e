//! Import…: choosing a file, the preview of what importing it would do,
//! and the progress while the app applies it.
//!
//! The form keeps only what the person chose (the file, what to do about a
//! name that is already here); the app reads, plans and applies, and
//! reports through [`ViewModel::import`] (see [`crate::ui::import`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{RichText, Ui};

use super::Form;
use crate::interchange::{ImportOptions, NameMatch};
use crate::ui::file_chooser::{self, FileChooser};
use crate::ui::import::{ImportPreview, ImportStatus, RowAction};
use crate::ui::view::ViewModel;
use crate::ui::widgets::{self, working_ui};
use crate::ui::{Command, Prefs, theme};

/// The files the chooser lists: vCard, CSV and Kith archives.
pub const EXTENSIONS: &[&str] = &["vcf", "vcard", "csv", "tsv", "json"];
/// How much of the window the import dialog takes besides the chooser's
/// list: its title and buttons, the chooser's other rows, margins.
const CHOOSER_REST: f32 = 450.0;
/// Work shorter than this shows no progress, so the dialog does not flicker.
const QUIET_SECONDS: f64 = 0.1;

/// The import dialog: the chooser, then the preview.
pub struct ImportForm {
    chooser: FileChooser,
    /// The file sent to the app to read, once chosen.
    chosen: Option<PathBuf>,
    on_name_match: NameMatch,
    error: Option<String>,
    /// When (egui time) the app began the work the dialog waits for.
    waiting_since: Option<f64>,
}

/// What the dialog shows, from what it chose and what the app reported.
enum Stage<'a> {
    Choosing,
    Reading,
    Preview(&'a Arc<ImportPreview>),
}

impl ImportForm {
    /// Starts in the folder last used (if it can be read; else in the home
    /// folder).
    pub fn new(view: &ViewModel, prefs: &Prefs) -> Self {
        let start = file_chooser::start_folder(prefs.last_folder.as_deref(), &view.disk);
        Self {
            chooser: FileChooser::open(&start, EXTENSIONS),
            chosen: None,
            on_name_match: NameMatch::default(),
            error: None,
            waiting_since: None,
        }
    }

    /// The file could not be read: back to choosing, in its folder and
    /// with its name in the field, saying why.
    fn read_failed(&mut self, message: String) {
        if let Some(path) = self.chosen.take() {
            if let Some(folder) = path.parent()
                && folder != self.chooser.folder()
            {
                self.chooser.go(folder.to_owned());
            }
            if let Some(name) = path.file_name() {
                self.chooser.set_name(&name.to_string_lossy());
            }
        }
        self.error = Some(message);
    }

    fn stage<'a>(&self, view: &'a ViewModel) -> Stage<'a> {
        let Some(chosen) = &self.chosen else {
            return Stage::Choosing;
        };
        match &view.import {
            ImportStatus::Reading { path } if path == chosen => Stage::Reading,
            ImportStatus::Ready(preview)
            | ImportStatus::Replanning(preview)
            | ImportStatus::Applying { preview, .. }
                if &preview.path == chosen =>
            {
                Stage::Preview(preview)
            }
            // Sent, and not taken up yet.
            _ => Stage::Reading,
        }
    }

    fn start(&mut self, path: PathBuf) -> Command {
        self.error = None;
        self.chosen = Some(path.clone());
        Command::PlanImport {
            path,
            options: self.options(),
        }
    }

    fn options(&self) -> ImportOptions {
        ImportOptions {
            on_name_match: self.on_name_match,
        }
    }

    /// How long the app has been at it, in seconds; 0 when it is not.
    fn waited(&mut self, ui: &Ui, working: bool) -> f64 {
        let now = ui.input(|i| i.time);
        if !working {
            self.waiting_since = None;
            return 0.0;
        }
        // Look again soon: the app reports progress between frames.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
        now - *self.waiting_since.get_or_insert(now)
    }

    fn body_ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        match self.stage(view) {
            Stage::Choosing => {
                self.waited(ui, false);
                ui.label("Choose a vCard (.vcf), CSV or Kith archive (.json) file.");
                ui.add_space(4.0);
                let list = file_chooser::list_height(ui.ctx(), CHOOSER_REST);
                let path = self.chooser.ui(ui, &view.disk, list)?;
                Some(self.start(path))
            }
            Stage::Reading => {
                let waited = self.waited(ui, true);
                let name = self.chosen.as_deref().map(file_name).unwrap_or_default();
                ui.label(format!(
                    "Reading {name} and matching it against your people…"
                ));
                if waited > QUIET_SECONDS {
                    working_ui(ui, &format!("Reading… {waited:.0} s"), None);
                }
                None
            }
            Stage::Preview(preview) => {
                let preview = Arc::clone(preview);
                self.preview_ui(ui, view, &preview)
            }
        }
    }

    fn preview_ui(
        &mut self,
        ui: &mut Ui,
        view: &ViewModel,
        preview: &ImportPreview,
    ) -> Option<Command> {
        let replanning = matches!(view.import, ImportStatus::Replanning(_));
        let applying = self.busy(view);
        let mut command = None;
        ui.horizontal(|ui| {
            ui.label(RichText::new(file_name(&preview.path)).strong())
                .on_hover_text(preview.path.display().to_string());
            ui.label(RichText::new(&preview.summary).weak());
        });
        for note in &preview.notes {
            ui.label(RichText::new(note).weak().small());
        }
        ui.add_space(6.0);
        let counts = preview.counts;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 28.0;
            stat(ui, counts.create, "new people");
            stat(ui, counts.update, "to update");
            stat(ui, counts.skip, "to skip");
            if counts.unreadable > 0 {
                stat(ui, counts.unreadable, "cannot be read");
            }
        });
        if let Some(archive) = &preview.archive {
            ui.label(archive);
        }
        if preview.name_matches > 0 || self.on_name_match != NameMatch::Skip {
            ui.add_space(6.0);
            ui.label(if preview.name_matches == 1 {
                "1 record has the name of someone here, and no email or card ID to tell whether it is them:".to_owned()
            } else if preview.name_matches > 1 {
                format!(
                    "{} records have the name of someone here, and no email or card ID to tell whether it is them:",
                    widgets::count(preview.name_matches)
                )
            } else {
                "When a record has only the name of someone here:".to_owned()
            });
            ui.add_enabled_ui(!applying && !replanning, |ui| {
                ui.horizontal(|ui| {
                    let changed = widgets::choice_row(
                        ui,
                        &mut self.on_name_match,
                        &[NameMatch::Skip, NameMatch::Update, NameMatch::Create],
                        name_match_label,
                    );
                    if replanning {
                        ui.label(RichText::new("Matching again…").weak());
                    }
                    if changed {
                        self.error = None;
                        command = Some(Command::ReplanImport {
                            path: preview.path.clone(),
                            options: self.options(),
                        });
                    }
                });
            });
        }
        ui.add_space(6.0);
        records_ui(ui, preview);
        if !preview.unreadable.is_empty() {
            ui.add_space(4.0);
            egui::CollapsingHeader::new(format!(
                "Could not be read ({})",
                widgets::count(counts.unreadable)
            ))
            .default_open(counts.unreadable <= 5)
            .show(ui, |ui| {
                for line in &preview.unreadable {
                    ui.label(RichText::new(line).small());
                }
                if counts.unreadable > preview.unreadable.len() {
                    ui.label(
                        RichText::new(format!(
                            "and {} more",
                            widgets::count(counts.unreadable - preview.unreadable.len())
                        ))
                        .weak()
                        .small(),
                    );
                }
            });
        }
        command
    }

    fn footer_ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        if let Some(error) = &self.error {
            widgets::field_error(ui, error);
        }
        ui.add_space(10.0);
        let mut command = None;
        match self.stage(view) {
            Stage::Choosing => {
                ui.horizontal(|ui| {
                    if ui
                        .add(egui::Button::new(RichText::new("Preview import").strong()))
                        .clicked()
                    {
                        self.chooser.choose(&view.disk);
                        ui.ctx().request_repaint();
                    }
                    if cancel_button(ui) {
                        command = Some(Command::CloseForm);
                    }
                });
            }
            Stage::Reading => {
                if cancel_button(ui) {
                    command = Some(Command::CloseForm);
                }
            }
            Stage::Preview(preview) => {
                if let ImportStatus::Applying { done, total, .. } = view.import {
                    let waited = self.waited(ui, true);
                    if waited > QUIET_SECONDS {
                        let fraction = if total == 0 {
                            0.0
                        } else {
                            done as f32 / total as f32
                        };
                        let text = if done < total {
                            format!(
                                "Importing… {} of {}",
                                widgets::count(done),
                                widgets::count(total)
                            )
                        } else {
                            format!("Saving {}…", widgets::plural(total, "record", "records"))
                        };
                        working_ui(ui, &text, Some(fraction));
                    } else {
                        ui.label("Importing…");
                    }
                    return None;
                }
                let replanning = matches!(view.import, ImportStatus::Replanning(_));
                self.waited(ui, replanning);
                let people = preview.people();
                let options = preview.options;
                let path = preview.path.clone();
                ui.horizontal(|ui| {
                    let label = format!("Import {}", widgets::plural(people, "person", "people"));
                    let import = ui
                        .add_enabled(
                            people > 0 && !replanning,
                            egui::Button::new(RichText::new(label).strong()),
                        )
                        .on_disabled_hover_text("Everyone in this file is already here.");
                    if import.clicked() {
                        self.error = None;
                        command = Some(Command::ApplyImport { path, options });
                    }
                    if ui.button("Choose another file…").clicked() {
                        self.chosen = None;
                        self.error = None;
                        ui.ctx().request_repaint();
                    }
                    if cancel_button(ui) {
                        command = Some(Command::CloseForm);
                    }
                });
                if people == 0 {
                    let counts = preview.counts;
                    ui.label(
                        RichText::new(if counts.skip == 0 && counts.unreadable > 0 {
                            "Nothing in this file could be read."
                        } else {
                            "Nothing to import: everyone in this file is already here, or skipped."
                        })
                        .weak(),
                    );
                }
            }
        }
        command
    }
}

impl Form for ImportForm {
    fn title(&self) -> &str {
        "Import contacts"
    }

    fn width(&self) -> f32 {
        660.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        let body = super::fields_ui(ui, |ui| self.body_ui(ui, view));
        let footer = self.footer_ui(ui, view);
        body.or(footer).or_else(|| self.chooser.take_request())
    }

    /// A file that could not be read sends the form back to choosing; a
    /// refused plan or import leaves the preview, with the message.
    fn failed(&mut self, message: String, view: &ViewModel) {
        match self.stage(view) {
            Stage::Preview(_) => self.error = Some(message),
            Stage::Choosing | Stage::Reading => self.read_failed(message),
        }
    }

    /// While the import is applied, it cannot be closed: it lands whole or
    /// not at all.
    fn busy(&self, view: &ViewModel) -> bool {
        matches!(view.import, ImportStatus::Applying { .. })
    }
}

/// Cancel, which Escape does too.
pub(super) fn cancel_button(ui: &mut Ui) -> bool {
    ui.button("Cancel").on_hover_text("Esc").clicked()
}

fn name_match_label(choice: NameMatch) -> &'static str {
    match choice {
        NameMatch::Skip => "Skip them",
        NameMatch::Update => "Merge into that person",
        NameMatch::Create => "Add as someone new",
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A count, large, over what it counts.
fn stat(ui: &mut Ui, n: usize, what: &str) {
    ui.vertical(|ui| {
        ui.label(RichText::new(widgets::count(n)).size(24.0).strong());
        ui.label(RichText::new(what).weak().small());
    });
}

/// The first records, one line each: what happens, who, and why.
fn records_ui(ui: &mut Ui, preview: &ImportPreview) {
    if preview.rows.is_empty() {
        return;
    }
    let row_height = 24.0;
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(4))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("import preview rows")
                .max_height(240.0)
                .auto_shrink([false, true])
                .show_rows(ui, row_height, preview.rows.len(), |ui, range| {
                    for row in &preview.rows[range] {
                        ui.horizontal(|ui| {
                            ui.set_height(row_height);
                            ui.add_sized([58.0, 18.0], |ui: &mut Ui| {
                                widgets::pill(ui, row.action.label(), action_color(ui, row.action))
                            });
                            ui.add(egui::Label::new(RichText::new(&row.name).strong()).truncate())
                                .on_hover_text(&row.source);
                            let mut detail = row.detail.clone();
                            if !row.warnings.is_empty() {
                                detail.push_str(&format!(
                                    " · {} left out",
                                    widgets::plural(row.warnings.len(), "thing", "things")
                                ));
                            }
                            let label =
                                ui.add(egui::Label::new(RichText::new(detail).weak()).truncate());
                            let mut hover = format!("{}: {}", row.source, row.detail);
                            for warning in &row.warnings {
                                hover.push_str(&format!("\n{warning}"));
                            }
                            label.on_hover_text(hover);
                        });
                    }
                });
            if preview.more_rows > 0 {
                ui.label(
                    RichText::new(format!("and {} more", widgets::count(preview.more_rows)))
                        .weak()
                        .small(),
                );
            }
        });
}

fn action_color(ui: &Ui, action: RowAction) -> egui::Color32 {
    use crate::domain::TrustLevel;
    // The trust palette's green, blue and grey: new, changed, untouched.
    let level = match action {
        RowAction::Create => TrustLevel::Trusted,
        RowAction::Update => TrustLevel::Acquaintance,
        RowAction::Skip => TrustLevel::Handshake,
    };
    theme::trust_color(ui.visuals(), level)
}
