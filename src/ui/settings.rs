//! Settings: every nudge threshold, editable with validation, the look, and
//! where the database lives.

use crate::domain::Field;
use egui::{RichText, Ui};

use super::forms::{FieldErrors, OpenForm, PassphraseAction, PassphraseForm, RestoreForm};
use super::view::ViewModel;
use super::{Command, UiState, widgets};
use crate::domain::settings::SPECS;
use crate::domain::{NudgeKind, Settings};

/// The settings form: the values as typed, and the settings they were
/// loaded from (to notice when the stored settings change).
#[derive(Default)]
pub struct SettingsState {
    loaded: Option<Settings>,
    values: Vec<String>,
    errors: FieldErrors,
    saved: bool,
}

impl SettingsState {
    fn sync(&mut self, settings: &Settings) {
        if self.loaded.as_ref() != Some(settings) {
            self.values = SPECS
                .iter()
                .map(|s| (s.get)(settings).to_string())
                .collect();
            self.loaded = Some(settings.clone());
            self.errors.clear();
        }
    }

    /// The settings as typed, or the problems with them.
    fn parse(&mut self) -> Option<Settings> {
        self.errors.clear();
        let mut settings = self.loaded.clone().unwrap_or_default();
        for (spec, text) in SPECS.iter().zip(&self.values) {
            if let Err(e) = settings.set(spec.key, text) {
                self.errors.insert(Field::Setting(spec.key), e.message());
            }
        }
        if self.errors.is_empty()
            && let Err(e) = settings.validate()
        {
            self.errors.put(&e);
        }
        self.errors.is_empty().then_some(settings)
    }
}

pub fn settings_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    let UiState {
        settings: form,
        form: dialog,
        ..
    } = state;
    form.sync(&view.settings);
    let changed = form.loaded.as_ref().is_some_and(|loaded| {
        SPECS
            .iter()
            .zip(&form.values)
            .any(|(spec, v)| v.trim() != (spec.get)(loaded).to_string())
    });
    ui.horizontal(|ui| {
        ui.heading("Settings");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // Right to left: Save first, so it stays put when Discard
            // appears beside it.
            if ui
                .add_enabled(changed, egui::Button::new("Save settings"))
                .clicked()
                && let Some(settings) = form.parse()
            {
                cmds.push(Command::SaveSettings(settings));
                form.saved = true;
            }
            if changed && ui.button("Discard changes").clicked() {
                form.loaded = None;
                form.saved = false;
            }
            if !changed && form.saved {
                ui.label(RichText::new("Saved.").weak());
            }
        });
    });
    if !form.errors.is_empty() {
        widgets::field_error(ui, "Some values are not valid; nothing was saved:");
        // Each named by what the screen calls it, not its key.
        for spec in SPECS {
            if let Some(message) = form.errors.text(Field::Setting(spec.key)) {
                widgets::field_error(ui, &format!("{}: {message}", setting_label(spec.key)));
            }
        }
    }
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.add_space(6.0);
            ui.label(RichText::new("Look").strong());
            ui.horizontal(|ui| {
                ui.label("Theme");
                let mut preference = ui.ctx().options(|o| o.theme_preference);
                let before = preference;
                for (choice, label) in [
                    (egui::ThemePreference::System, "Follow the system"),
                    (egui::ThemePreference::Light, "Light"),
                    (egui::ThemePreference::Dark, "Dark"),
                ] {
                    ui.selectable_value(&mut preference, choice, label);
                }
                if preference != before {
                    ui.ctx().set_theme(preference);
                }
            });
            ui.add_space(6.0);
            ui.label(RichText::new("Your data").strong());
            match &view.db_path {
                Some(path) => {
                    ui.horizontal(|ui| {
                        ui.label("Database");
                        ui.label(RichText::new(path.display().to_string()).monospace());
                        if ui.small_button("Copy path").clicked() {
                            ui.ctx().copy_text(path.display().to_string());
                        }
                    });
                }
                None => {
                    ui.label("Database: in memory (nothing is saved)");
                }
            }
            if view.db_path.is_some() {
                passphrase_ui(ui, view, dialog);
                backups_ui(ui, view, dialog);
            }
            super::desktop::desktop_ui(ui, &view.desktop, cmds);
            ui.add_space(12.0);
            ui.label(RichText::new("Nudges").strong());
            ui.label(
                RichText::new("When Kith nudges you. Changes apply to Today as soon as you save.")
                    .weak(),
            );
            ui.add_space(4.0);
            let defaults = Settings::default();
            egui::Grid::new("thresholds")
                .num_columns(3)
                .spacing([12.0, 6.0])
                .striped(true)
                .show(ui, |ui| {
                    for group in GROUPS {
                        group_heading_ui(ui, form, *group);
                        for (i, spec) in SPECS.iter().enumerate() {
                            if spec.key.starts_with("show_") || group_of(spec.key) != *group {
                                continue;
                            }
                            threshold_ui(ui, form, i, &defaults);
                        }
                    }
                });
        });
}

/// The groups of thresholds, each under the kind of nudge it shapes
/// (`None`: Today itself).
const GROUPS: &[Option<NudgeKind>] = &[
    Some(NudgeKind::Unanswered),
    Some(NudgeKind::FollowUp),
    Some(NudgeKind::Neglect),
    Some(NudgeKind::TooFast),
    Some(NudgeKind::Souring),
    Some(NudgeKind::OneSided),
    Some(NudgeKind::OverCapacity),
    Some(NudgeKind::Date),
    None,
];

/// The nudge a setting shapes, by its key.
fn group_of(key: &str) -> Option<NudgeKind> {
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| key.starts_with(p));
    if starts(&["cadence_", "overdue_"]) {
        Some(NudgeKind::Neglect)
    } else if starts(&["reply_"]) {
        Some(NudgeKind::Unanswered)
    } else if starts(&["too_fast_", "trust_jump_", "intimacy_", "hours_"]) {
        Some(NudgeKind::TooFast)
    } else if starts(&["souring_"]) {
        Some(NudgeKind::Souring)
    } else if starts(&["one_sided_"]) {
        Some(NudgeKind::OneSided)
    } else if starts(&["capacity_"]) {
        Some(NudgeKind::OverCapacity)
    } else if starts(&["date_"]) {
        Some(NudgeKind::Date)
    } else {
        None
    }
}

/// A group's heading: the kind, ticked while it is shown (its `show_<kind>`
/// setting), or Today.
fn group_heading_ui(ui: &mut Ui, form: &mut SettingsState, group: Option<NudgeKind>) {
    let Some(kind) = group else {
        ui.label(RichText::new("Today").strong());
        ui.end_row();
        return;
    };
    let key = format!("show_{kind}");
    if let Some(at) = SPECS.iter().position(|spec| spec.key == key) {
        let value = &mut form.values[at];
        let mut shown = value.trim() != "0";
        let label = RichText::new(kind.label()).strong();
        if ui
            .checkbox(&mut shown, label)
            .on_hover_text("Untick to turn these nudges off")
            .changed()
        {
            *value = if shown { "1" } else { "0" }.to_owned();
        }
        setting_error_ui(ui, &form.errors, SPECS[at].key);
    }
    ui.end_row();
}

/// What the screen calls a setting: its kind of nudge for a `show_` one,
/// else its explanation.
fn setting_label(key: &str) -> String {
    let shown = GROUPS
        .iter()
        .flatten()
        .find(|kind| format!("show_{kind}") == key);
    match shown {
        Some(kind) => format!("Show {}", kind.label().to_lowercase()),
        None => SPECS
            .iter()
            .find(|spec| spec.key == key)
            .map_or(key, |spec| spec.help)
            .to_owned(),
    }
}

/// The problem with a setting, beside it: what is wrong, wrapped (its
/// name is on the same row).
fn setting_error_ui(ui: &mut Ui, errors: &FieldErrors, key: &'static str) {
    if let Some(message) = errors.text(Field::Setting(key)) {
        ui.scope(|ui| {
            ui.set_max_width(240.0);
            widgets::field_error(ui, message);
        });
    }
}

/// One threshold: its meaning, its value, and Reset.
fn threshold_ui(ui: &mut Ui, form: &mut SettingsState, i: usize, defaults: &Settings) {
    let spec = &SPECS[i];
    let value = &mut form.values[i];
    let label = ui.label(spec.help);
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(value).desired_width(70.0))
            .labelled_by(label.id);
        ui.label(RichText::new(spec.unit).weak());
    });
    let default = (spec.get)(defaults);
    ui.horizontal(|ui| {
        if value.trim() != default.to_string() {
            if ui
                .small_button("Reset")
                .on_hover_text(format!("Back to the default, {default}"))
                .clicked()
            {
                *value = default.to_string();
            }
        } else {
            ui.label(RichText::new("default").weak().small());
        }
        setting_error_ui(ui, &form.errors, spec.key);
    });
    ui.end_row();
}

/// Whether the database is encrypted, and the buttons that change that.
fn passphrase_ui(ui: &mut Ui, view: &ViewModel, dialog: &mut OpenForm) {
    ui.add_space(8.0);
    ui.label(RichText::new("Passphrase").strong());
    if view.encrypted {
        ui.label(
            "The database, its log and its backups are encrypted: Kith asks for the \
             passphrase when it opens.",
        );
        ui.horizontal(|ui| {
            if ui.button("Change the passphrase…").clicked() {
                dialog.open(PassphraseForm::new(PassphraseAction::Change));
            }
            if ui.button("Remove the passphrase…").clicked() {
                dialog.open(PassphraseForm::new(PassphraseAction::Remove));
            }
        });
    } else {
        ui.add(
            egui::Label::new(
                RichText::new(
                    "The database is readable by your user account only, but not encrypted: \
                     a copy of the file, or of a backup, can be read anywhere.",
                )
                .weak(),
            )
            .wrap(),
        );
        if ui.button("Protect with a passphrase…").clicked() {
            dialog.open(PassphraseForm::new(PassphraseAction::Set));
        }
    }
}

/// How many backups the list shows.
const BACKUPS_SHOWN: usize = 8;

/// The backups, newest first, each with "Restore…".
fn backups_ui(ui: &mut Ui, view: &ViewModel, dialog: &mut OpenForm) {
    ui.add_space(8.0);
    ui.label(RichText::new("Restore from backup").strong());
    ui.add(
        egui::Label::new(
            RichText::new(
                "Kith backs up your database once a day when it changed, into the backups \
                 folder beside it, and keeps the last 7 days, 4 weeks and 12 months.",
            )
            .weak(),
        )
        .wrap(),
    );
    if view.backups.is_empty() {
        ui.label(RichText::new("No backups yet: the first is taken today.").weak());
        return;
    }
    egui::Grid::new("backups")
        .num_columns(4)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for backup in view.backups.iter().take(BACKUPS_SHOWN) {
                ui.label(backup.taken_at.format("%Y-%m-%d %H:%M").to_string());
                ui.label(RichText::new(backup.kind).weak());
                ui.label(match backup.people {
                    Some(n) => format!(
                        "{}, {}",
                        widgets::plural(n as usize, "person", "people"),
                        size(backup.size_bytes)
                    ),
                    None => format!("cannot be read, {}", size(backup.size_bytes)),
                });
                if backup.people.is_some()
                    && ui
                        .small_button("Restore…")
                        .on_hover_text(backup.path.display().to_string())
                        .clicked()
                {
                    dialog.open(RestoreForm::new(backup));
                }
                ui.end_row();
            }
        });
    if view.backups.len() > BACKUPS_SHOWN {
        ui.label(
            RichText::new(format!(
                "and {} older (kith backup --list shows them all)",
                view.backups.len() - BACKUPS_SHOWN
            ))
            .weak(),
        );
    }
}

/// A file size in friendly units.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{} kB", bytes.div_ceil(1000)),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}
