//! Import…: choosing a file, the preview of what importing it would do,
//! and the progress while the app applies it.
//!
//! The dialog keeps only what the person chose (the file, what to do about
//! a name that is already here). Reading and planning the file, and
//! applying the plan, are the app's work, done on a background thread; the
//! app reports where it is, and the preview, through
//! [`ViewModel::import`](super::view::ViewModel) as an [`ImportStatus`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{RichText, Ui};

use super::file_chooser::{self, FileChooser};
use super::view::ViewModel;
use super::{Command, theme, widgets};
use crate::domain::ContactDraft;
use crate::interchange::{
    Action, ImportOptions, ImportPlan, MatchedBy, NameMatch, PlanCounts, RecordKind, SkipReason,
};

/// The files the chooser lists: vCard, CSV and Kith archives.
pub const EXTENSIONS: &[&str] = &["vcf", "vcard", "csv", "tsv", "json"];
/// How many records the preview lists.
pub const PREVIEW_ROWS: usize = 200;
/// How many unreadable records the preview names.
pub const PREVIEW_UNREADABLE: usize = 100;
/// How much of the window the import dialog takes besides the chooser's
/// list: its title and buttons, the chooser's other rows, margins.
const CHOOSER_REST: f32 = 450.0;
/// Work shorter than this shows no progress, so the dialog does not flicker.
const QUIET_SECONDS: f64 = 0.1;

/// Where the app is with the file the import dialog chose.
#[derive(Clone, Debug, Default)]
pub enum ImportStatus {
    #[default]
    Idle,
    /// Reading the file and matching it against everyone.
    Reading { path: PathBuf },
    /// What importing it would do.
    Ready(Arc<ImportPreview>),
    /// Matching again with other options; the old preview is still shown.
    Replanning(Arc<ImportPreview>),
    /// Applying the plan: `done` of `total` records.
    Applying {
        preview: Arc<ImportPreview>,
        done: usize,
        total: usize,
    },
}

/// What importing a file would do, as the dialog shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    pub path: PathBuf,
    /// The options the plan was made with.
    pub options: ImportOptions,
    /// "vCard 3.0 · 120 cards".
    pub summary: String,
    pub counts: PlanCounts,
    /// The first [`PREVIEW_ROWS`] records.
    pub rows: Vec<PreviewRow>,
    /// How many records are not in `rows`.
    pub more_rows: usize,
    /// "card 3 (line 40): no name", the first [`PREVIEW_UNREADABLE`].
    pub unreadable: Vec<String>,
    /// Notes about the whole file (the encoding guessed, the columns used).
    pub notes: Vec<String>,
    /// For a Kith archive: what it adds besides people.
    pub archive: Option<String>,
    /// Records whose only match is the name of someone here.
    pub name_matches: usize,
}

/// What happens to one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAction {
    Create,
    Update,
    Skip,
}

impl RowAction {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Create => "new",
            Self::Update => "update",
            Self::Skip => "skip",
        }
    }
}

/// One record of the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    pub action: RowAction,
    /// Who: the name in the file, or of the person it updates.
    pub name: String,
    /// Where it is in the file: "card 3 (line 40)".
    pub source: String,
    /// What is created, which fields an update fills, or why it is skipped.
    pub detail: String,
    /// What was left out of the record.
    pub warnings: Vec<String>,
}

impl ImportPreview {
    /// The preview of `plan`, made from the file at `path` with `options`.
    pub fn new(path: &Path, plan: &ImportPlan, options: ImportOptions) -> Self {
        let counts = plan.counts();
        let noun = match plan.records.first().map(|r| r.person.source.kind) {
            Some(kind) => kind.noun(),
            None => plan
                .unreadable
                .first()
                .map_or(RecordKind::Card.noun(), |u| match u.source.kind {
                    RecordKind::Lines => RecordKind::Card.noun(),
                    kind => kind.noun(),
                }),
        };
        let records = plan.records.len() + plan.unreadable.len();
        let rows = plan
            .records
            .iter()
            .take(PREVIEW_ROWS)
            .map(|record| {
                let person = &record.person;
                let (action, name, detail) = match &record.action {
                    Action::Create => (
                        RowAction::Create,
                        person.fields.name.clone(),
                        carries(&person.fields),
                    ),
                    Action::Update {
                        name,
                        matched_by,
                        changed,
                        set_uid,
                        ..
                    } => (
                        RowAction::Update,
                        name.clone(),
                        format!(
                            "{}: {}",
                            matched(matched_by),
                            fills(changed, set_uid.is_some())
                        ),
                    ),
                    Action::Skip(reason) => {
                        (RowAction::Skip, person.fields.name.clone(), why(reason))
                    }
                };
                PreviewRow {
                    action,
                    name,
                    source: person.source.to_string(),
                    detail,
                    warnings: person.warnings.clone(),
                }
            })
            .collect();
        let name_matches = plan
            .records
            .iter()
            .filter(|r| {
                matches!(
                    &r.action,
                    Action::Skip(SkipReason::NameExists { .. })
                        | Action::Update {
                            matched_by: MatchedBy::Name,
                            ..
                        }
                )
            })
            .count();
        let archive = plan.archive.as_ref().map(|rest| {
            let mut parts = vec![
                widgets::plural(rest.interactions.len(), "interaction", "interactions"),
                widgets::plural(rest.trust_changes.len(), "trust change", "trust changes"),
                widgets::plural(
                    rest.nudge_states.len(),
                    "snooze or dismissal",
                    "snoozes or dismissals",
                ),
            ];
            if rest.settings.is_some() {
                parts.push("the archive's settings".to_owned());
            }
            format!("Also adds {}.", join_and(&parts))
        });
        Self {
            path: path.to_owned(),
            options,
            summary: format!(
                "{} · {}",
                plan.flavour,
                match noun {
                    "person" => widgets::plural(records, noun, "people"),
                    _ => widgets::plural(records, noun, &format!("{noun}s")),
                }
            ),
            counts,
            rows,
            more_rows: plan.records.len().saturating_sub(PREVIEW_ROWS),
            unreadable: plan
                .unreadable
                .iter()
                .take(PREVIEW_UNREADABLE)
                .map(ToString::to_string)
                .collect(),
            notes: plan.notes.clone(),
            archive,
            name_matches,
        }
    }

    /// The people the import creates or updates.
    pub fn people(&self) -> usize {
        self.counts.create + self.counts.update
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a new person brings: "2 emails, 1 phone, birthday".
fn carries(fields: &ContactDraft) -> String {
    let mut parts = Vec::new();
    if !fields.emails.is_empty() {
        parts.push(widgets::plural(fields.emails.len(), "email", "emails"));
    }
    if !fields.phones.is_empty() {
        parts.push(widgets::plural(fields.phones.len(), "phone", "phones"));
    }
    if fields.birthday.is_some() {
        parts.push("birthday".to_owned());
    }
    if fields.organisation.is_some() {
        parts.push("organisation".to_owned());
    }
    if !fields.tags.is_empty() {
        parts.push(widgets::plural(fields.tags.len(), "tag", "tags"));
    }
    if !fields.notes.is_empty() {
        parts.push("notes".to_owned());
    }
    if parts.is_empty() {
        "a name only".to_owned()
    } else {
        parts.join(", ")
    }
}

fn matched(by: &MatchedBy) -> String {
    match by {
        MatchedBy::Uid => "same card ID".to_owned(),
        MatchedBy::Uuid => "same Kith ID".to_owned(),
        MatchedBy::Email(email) => format!("same email {email}"),
        MatchedBy::Name => "same name".to_owned(),
    }
}

/// Which fields an update fills or adds to: "fills in birthday, adds
/// emails and notes".
fn fills(changed: &[&'static str], set_uid: bool) -> String {
    let single = ["nickname", "organisation", "birthday"];
    let filled: Vec<String> = changed
        .iter()
        .filter(|f| single.contains(f))
        .map(|f| (*f).to_owned())
        .collect();
    let added: Vec<String> = changed
        .iter()
        .filter(|f| !single.contains(f))
        .map(|f| (*f).to_owned())
        .collect();
    let mut parts = Vec::new();
    if !filled.is_empty() {
        parts.push(format!("fills in {}", join_and(&filled)));
    }
    if !added.is_empty() {
        parts.push(format!("adds {}", join_and(&added)));
    }
    if parts.is_empty() && set_uid {
        parts.push("remembers the card's ID".to_owned());
    }
    parts.join(", ")
}

/// Why a record is skipped, in the app's words (the command line's name
/// its options).
fn why(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Unchanged {
            name, matched_by, ..
        } => format!(
            "already here as {name} ({}), nothing new",
            matched(matched_by)
        ),
        SkipReason::NameExists { name, ids } if ids.len() == 1 => {
            format!("someone named {name} is already here")
        }
        SkipReason::NameExists { name, ids } => {
            format!("{} people named {name} are already here", ids.len())
        }
        SkipReason::SameAsEarlier { earlier } => {
            format!("same person as {earlier} in this file, merged into it")
        }
        SkipReason::Refused(error) => format!("refused: {error}"),
    }
}

/// The import dialog: the chooser, then the preview.
pub struct ImportDialog {
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

impl ImportDialog {
    /// Starts in `folder` (if it can be read; else in the home folder).
    pub fn new(view: &ViewModel, folder: Option<&Path>) -> Self {
        let places = file_chooser::places(view.db_path.as_deref());
        let start = folder
            .map(ToOwned::to_owned)
            .or_else(file_chooser::home)
            .unwrap_or_else(|| PathBuf::from("/"));
        Self {
            chooser: FileChooser::open(&start, EXTENSIONS, places),
            chosen: None,
            on_name_match: NameMatch::default(),
            error: None,
            waiting_since: None,
        }
    }

    /// The file could not be read: back to choosing, in its folder and
    /// with its name in the field, saying why.
    pub fn read_failed(&mut self, message: String) {
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

    /// An error from the app, shown above the buttons.
    pub fn set_error(&mut self, message: String) {
        self.error = Some(message);
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Whether the import is being applied: the dialog cannot be closed
    /// until it has landed or failed.
    pub fn busy(&self, view: &ViewModel) -> bool {
        matches!(view.import, ImportStatus::Applying { .. })
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

    fn start(&mut self, path: PathBuf, cmds: &mut Vec<Command>) {
        self.error = None;
        self.chosen = Some(path.clone());
        cmds.push(Command::PlanImport {
            path,
            options: self.options(),
        });
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

    pub fn body_ui(&mut self, ui: &mut Ui, view: &ViewModel, cmds: &mut Vec<Command>) {
        match self.stage(view) {
            Stage::Choosing => {
                self.waited(ui, false);
                ui.label("Choose a vCard (.vcf), CSV or Kith archive (.json) file.");
                ui.add_space(4.0);
                let list = file_chooser::list_height(ui.ctx(), CHOOSER_REST);
                if let Some(path) = self.chooser.ui(ui, list) {
                    self.start(path, cmds);
                }
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
            }
            Stage::Preview(preview) => {
                let preview = Arc::clone(preview);
                self.preview_ui(ui, view, &preview, cmds);
            }
        }
    }

    fn preview_ui(
        &mut self,
        ui: &mut Ui,
        view: &ViewModel,
        preview: &ImportPreview,
        cmds: &mut Vec<Command>,
    ) {
        let replanning = matches!(view.import, ImportStatus::Replanning(_));
        let applying = self.busy(view);
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
                        cmds.push(Command::ReplanImport {
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
    }

    pub fn footer_ui(
        &mut self,
        ui: &mut Ui,
        view: &ViewModel,
        cmds: &mut Vec<Command>,
        close: &mut bool,
    ) {
        if let Some(error) = &self.error {
            widgets::field_error(ui, error);
        }
        ui.add_space(10.0);
        match self.stage(view) {
            Stage::Choosing => {
                ui.horizontal(|ui| {
                    if ui
                        .add(egui::Button::new(RichText::new("Preview import").strong()))
                        .clicked()
                    {
                        if let Some(path) = self.chooser.chosen() {
                            self.start(path, cmds);
                        }
                        ui.ctx().request_repaint();
                    }
                    if ui.button("Cancel").on_hover_text("Esc").clicked() {
                        *close = true;
                    }
                });
            }
            Stage::Reading => {
                if ui.button("Cancel").on_hover_text("Esc").clicked() {
                    *close = true;
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
                    return;
                }
                let replanning = matches!(view.import, ImportStatus::Replanning(_));
                self.waited(ui, replanning);
                let people = preview.people();
                let options = preview.options;
                let path = preview.path.clone();
                ui.horizontal(|ui| {
                    let label = match people {
                        1 => "Import 1 person".to_owned(),
                        n => format!("Import {} people", widgets::count(n)),
                    };
                    let import = ui
                        .add_enabled(
                            people > 0 && !replanning,
                            egui::Button::new(RichText::new(label).strong()),
                        )
                        .on_disabled_hover_text("Everyone in this file is already here.");
                    if import.clicked() {
                        self.error = None;
                        cmds.push(Command::ApplyImport { path, options });
                    }
                    if ui.button("Choose another file…").clicked() {
                        self.chosen = None;
                        self.error = None;
                        ui.ctx().request_repaint();
                    }
                    if ui.button("Cancel").on_hover_text("Esc").clicked() {
                        *close = true;
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
    }
}

/// Work going on: a bar filled to `fraction` when it is known, else a
/// highlight sweeping along it, with `text` on it. Asks to be drawn again
/// in 50 ms (a spinner would ask for every frame).
pub(super) fn working_ui(ui: &mut Ui, text: &str, fraction: Option<f32>) {
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    if let Some(fraction) = fraction {
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(text)
                .desired_height(22.0),
        );
        return;
    }
    let size = egui::vec2(ui.available_width(), 22.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let visuals = ui.visuals();
    let painter = ui.painter().with_clip_rect(rect);
    let radius = rect.height() / 2.0;
    painter.rect_filled(rect, radius, visuals.extreme_bg_color);
    let width = rect.width() / 4.0;
    let phase = (ui.input(|i| i.time) * 0.5).fract() as f32;
    let left = rect.left() - width + phase * (rect.width() + width);
    let sweep = egui::Rect::from_min_size(
        egui::pos2(left, rect.top()),
        egui::vec2(width, rect.height()),
    );
    painter.rect_filled(sweep, radius, visuals.selection.bg_fill.gamma_multiply(0.6));
    painter.text(
        rect.left_center() + egui::vec2(10.0, 0.0),
        egui::Align2::LEFT_CENTER,
        text,
        egui::TextStyle::Body.resolve(ui.style()),
        visuals.text_color(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::ProgressIndicator, true, text)
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactId, Labeled};
    use crate::interchange::{
        Format, ImportedPerson, PlannedRecord, RecordKind, Source, Unreadable,
    };

    fn source(number: usize) -> Source {
        Source {
            kind: RecordKind::Card,
            number,
            line: number * 10,
        }
    }

    fn record(name: &str, number: usize, action: Action) -> PlannedRecord {
        let mut fields = ContactDraft::named(name);
        fields.emails = vec![Labeled::parse("ada@example.org")];
        fields.birthday = Some(crate::domain::Birthday::parse("1815-12-10").unwrap());
        PlannedRecord {
            person: ImportedPerson::new(source(number), fields),
            action,
        }
    }

    #[test]
    fn the_preview_says_what_happens_to_each_record_and_why() {
        let plan = ImportPlan {
            format: Format::Vcard,
            flavour: "vCard 3.0".into(),
            records: vec![
                record("Ada Lovelace", 1, Action::Create),
                record(
                    "Grace",
                    2,
                    Action::Update {
                        id: ContactId(7),
                        name: "Grace Hopper".into(),
                        matched_by: MatchedBy::Email("grace@navy.mil".into()),
                        changed: vec!["birthday", "emails", "notes"],
                        merged: Box::new(ContactDraft::named("Grace Hopper")),
                        set_uid: None,
                    },
                ),
                record(
                    "Alan Turing",
                    3,
                    Action::Skip(SkipReason::NameExists {
                        name: "Alan Turing".into(),
                        ids: vec![ContactId(3)],
                    }),
                ),
            ],
            unreadable: vec![Unreadable {
                source: source(4),
                reason: "no END:VCARD".into(),
            }],
            notes: vec!["read as windows-1252".into()],
            archive: None,
        };
        let options = ImportOptions::default();
        let preview = ImportPreview::new(Path::new("/tmp/c.vcf"), &plan, options);
        assert_eq!(preview.summary, "vCard 3.0 · 4 cards");
        assert_eq!(
            (
                preview.counts.create,
                preview.counts.update,
                preview.counts.skip
            ),
            (1, 1, 1)
        );
        assert_eq!(preview.people(), 2);
        assert_eq!(preview.name_matches, 1);
        assert_eq!(preview.rows[0].action, RowAction::Create);
        assert_eq!(preview.rows[0].detail, "1 email, birthday");
        assert_eq!(
            preview.rows[1].name, "Grace Hopper",
            "the person it updates"
        );
        assert_eq!(
            preview.rows[1].detail,
            "same email grace@navy.mil: fills in birthday, adds emails and notes"
        );
        assert_eq!(
            preview.rows[2].detail,
            "someone named Alan Turing is already here"
        );
        assert!(
            !preview.rows[2].detail.contains("--"),
            "no command-line options"
        );
        assert_eq!(preview.rows[2].source, "card 3 (line 30)");
        assert_eq!(preview.unreadable, ["card 4 (line 40): no END:VCARD"]);
        assert_eq!(preview.more_rows, 0);
    }

    #[test]
    fn a_long_file_lists_its_first_records_and_counts_the_rest() {
        let plan = ImportPlan {
            format: Format::Csv,
            flavour: "CSV".into(),
            records: (1..=PREVIEW_ROWS + 5)
                .map(|i| record(&format!("Person {i}"), i, Action::Create))
                .collect(),
            unreadable: Vec::new(),
            notes: Vec::new(),
            archive: None,
        };
        let preview = ImportPreview::new(Path::new("big.csv"), &plan, ImportOptions::default());
        assert_eq!(preview.rows.len(), PREVIEW_ROWS);
        assert_eq!(preview.more_rows, 5);
        assert_eq!(preview.counts.create, PREVIEW_ROWS + 5);
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
