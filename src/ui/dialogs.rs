//! The dialogs: logging or editing an interaction, adding or editing a
//! person, setting trust, snoozing until a date, confirming a delete, and
//! the keyboard shortcuts. One is open at a time.
//!
//! Forms check everything with the domain's rules before sending a command
//! and show each problem next to its field; nothing is written until the
//! whole form is valid. A form stays open until the app confirms the change
//! was saved, so a refused write never loses what was typed.

use crate::domain::Field;
use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use egui::{Key, Modifiers, RichText, Ui};

use super::view::{BackupRow, PersonPage, ViewModel};
use super::{Command, UiState, shortcuts, widgets};
use crate::domain::time::parse_date;
use crate::domain::{
    Birthday, Channel, Circle, Contact, ContactDraft, ContactId, Depth, Initiator, Interaction,
    InteractionDraft, InteractionId, Labeled, MetVia, NudgeKind, Tone, TrustLevel, ValidationError,
};

/// Problems with a form, by field name.
pub type FieldErrors = BTreeMap<Field, String>;

fn put(errors: &mut FieldErrors, error: &ValidationError) {
    errors
        .entry(error.field())
        .or_insert_with(|| error.to_string());
}

/// The open dialog.
pub enum Dialog {
    Log(Box<LogForm>),
    Person(Box<PersonForm>),
    Trust(TrustForm),
    SnoozeUntil(SnoozeForm),
    DeletePerson {
        id: ContactId,
        name: String,
        interactions: usize,
        trust_changes: usize,
        error: Option<String>,
    },
    Restore {
        backup: BackupRow,
        error: Option<String>,
    },
    Help,
    Import(Box<super::import::ImportDialog>),
    Export(Box<super::export::ExportDialog>),
}

impl Dialog {
    /// The log form, for `contact` if given, dated now.
    pub fn log(view: &ViewModel, contact: Option<ContactId>) -> Self {
        let person_query = contact
            .and_then(|id| view.name_of(id))
            .unwrap_or_default()
            .to_owned();
        Self::Log(Box::new(LogForm {
            editing: None,
            person: contact,
            person_query,
            matches: None,
            highlighted: 0,
            date: view.now.date(),
            time: format_time(view.now.time()),
            channel: Channel::default(),
            initiated_by: Initiator::default(),
            tone: Tone::default(),
            depth: Depth::default(),
            minutes: String::new(),
            note: String::new(),
            errors: FieldErrors::new(),
            error: None,
            focus_first: true,
        }))
    }

    pub fn edit_interaction(interaction: &Interaction) -> Self {
        let i = &interaction.fields;
        Self::Log(Box::new(LogForm {
            editing: Some(interaction.id),
            person: Some(i.contact_id),
            person_query: String::new(),
            matches: None,
            highlighted: 0,
            date: i.when.date(),
            time: format_time(i.when.time()),
            channel: i.channel,
            initiated_by: i.initiated_by,
            tone: i.tone,
            depth: i.depth,
            minutes: i.minutes.map(|m| m.to_string()).unwrap_or_default(),
            note: i.note.clone(),
            errors: FieldErrors::new(),
            error: None,
            focus_first: false,
        }))
    }

    pub fn add_person() -> Self {
        Self::Person(Box::new(PersonForm::new(
            None,
            &ContactDraft::default(),
            TrustLevel::Handshake,
        )))
    }

    pub fn edit_person(contact: &Contact) -> Self {
        Self::Person(Box::new(PersonForm::new(
            Some(contact.id),
            &contact.fields,
            contact.trust,
        )))
    }

    pub fn set_trust(contact: &Contact, today: NaiveDate) -> Self {
        Self::Trust(TrustForm {
            id: contact.id,
            name: contact.name().to_owned(),
            current: contact.trust,
            level: contact.trust,
            on: today,
            reason: String::new(),
            errors: FieldErrors::new(),
            error: None,
        })
    }

    pub fn snooze_until(
        contact: Option<ContactId>,
        kind: NudgeKind,
        name: Option<String>,
        today: NaiveDate,
    ) -> Self {
        Self::SnoozeUntil(SnoozeForm {
            contact,
            kind,
            name,
            until: today + Duration::days(14),
            error: None,
        })
    }

    pub fn confirm_delete_person(page: &PersonPage) -> Self {
        Self::DeletePerson {
            id: page.contact.id,
            name: page.contact.name().to_owned(),
            interactions: page.interactions.len(),
            trust_changes: page.trust_history.len(),
            error: None,
        }
    }

    /// Import…, starting in the folder last used.
    pub fn import(view: &ViewModel, prefs: &super::Prefs) -> Self {
        Self::Import(Box::new(super::import::ImportDialog::new(
            view,
            prefs.last_folder.as_deref(),
        )))
    }

    /// Export…, starting in the folder last used.
    pub fn export(view: &ViewModel, prefs: &super::Prefs) -> Self {
        Self::Export(Box::new(super::export::ExportDialog::new(
            view,
            prefs.last_folder.as_deref(),
        )))
    }

    /// Whether the dialog waits for work that cannot be interrupted (an
    /// import being applied, an export being written): it cannot be closed
    /// meanwhile.
    pub fn busy(&self, view: &ViewModel) -> bool {
        match self {
            Self::Import(dialog) => dialog.busy(view),
            Self::Export(dialog) => dialog.busy(view),
            Self::Restore { .. } => view.restoring,
            _ => false,
        }
    }

    pub fn confirm_restore(backup: &BackupRow) -> Self {
        Self::Restore {
            backup: backup.clone(),
            error: None,
        }
    }

    /// Shows an error from the store inside the dialog, which stays open.
    pub fn set_error(&mut self, message: String) {
        let slot = match self {
            Self::Log(form) => &mut form.error,
            Self::Person(form) => &mut form.error,
            Self::Trust(form) => &mut form.error,
            Self::SnoozeUntil(form) => &mut form.error,
            Self::DeletePerson { error, .. } | Self::Restore { error, .. } => error,
            Self::Help => return,
            Self::Import(dialog) => return dialog.set_error(message),
            Self::Export(dialog) => return dialog.set_error(message),
        };
        *slot = Some(message);
    }
}

impl Dialog {
    fn body_ui(&mut self, ui: &mut Ui, view: &ViewModel, cmds: &mut Vec<Command>) {
        match self {
            Self::Import(dialog) => dialog.body_ui(ui, view, cmds),
            Self::Export(dialog) => dialog.body_ui(ui, view, cmds),
            Self::Log(form) => form.ui(ui, view),
            Self::Person(form) => form.ui(ui, view),
            Self::Trust(form) => form.ui(ui, view),
            Self::SnoozeUntil(form) => form.ui(ui, view),
            Self::DeletePerson {
                name,
                interactions,
                trust_changes,
                ..
            } => {
                ui.label(format!(
                    "Delete {name} with {} and {}?",
                    widgets::plural(*interactions, "interaction", "interactions"),
                    widgets::plural(*trust_changes, "trust change", "trust changes")
                ));
                ui.label(
                    RichText::new(
                        "Everything you wrote about them goes too. To keep it but hide them, \
                         archive them instead.",
                    )
                    .weak(),
                );
            }
            Self::Restore { backup, .. } => {
                let people = backup.people.map_or_else(String::new, |n| {
                    format!(" ({})", widgets::plural(n as usize, "person", "people"))
                });
                ui.label(format!(
                    "Replace everything in Kith with the backup from {}{people}?",
                    backup.taken_at.format("%Y-%m-%d %H:%M")
                ));
                ui.label(
                    RichText::new(
                        "What is there now is kept as a backup first, so this can be reversed \
                         by restoring that one.",
                    )
                    .weak(),
                );
            }
            Self::Help => {
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
            }
        }
    }

    /// The error from the store, if any, and the buttons.
    fn footer_ui(
        &mut self,
        ui: &mut Ui,
        view: &ViewModel,
        cmds: &mut Vec<Command>,
        close: &mut bool,
    ) {
        let error = match self {
            Self::Log(form) => form.error.as_deref(),
            Self::Person(form) => form.error.as_deref(),
            Self::Trust(form) => form.error.as_deref(),
            Self::SnoozeUntil(form) => form.error.as_deref(),
            Self::DeletePerson { error, .. } | Self::Restore { error, .. } => error.as_deref(),
            Self::Help => None,
            Self::Import(dialog) => return dialog.footer_ui(ui, view, cmds, close),
            Self::Export(dialog) => return dialog.footer_ui(ui, view, cmds, close),
        };
        error_line(ui, error);
        match self {
            Self::Import(_) | Self::Export(_) => {}
            Self::Log(form) => {
                let label = if form.editing.is_some() {
                    "Save"
                } else {
                    "Log it"
                };
                if save_buttons(ui, label, close) {
                    form.submit(view, cmds);
                    ui.ctx().request_repaint();
                }
            }
            Self::Person(form) => {
                let label = if form.id.is_some() {
                    "Save"
                } else {
                    "Add person"
                };
                if save_buttons(ui, label, close) {
                    form.submit(view, cmds);
                    ui.ctx().request_repaint();
                }
            }
            Self::Trust(form) => {
                if save_buttons(ui, "Set trust", close) {
                    form.submit(view, cmds);
                    ui.ctx().request_repaint();
                }
            }
            Self::SnoozeUntil(form) => {
                if save_buttons(ui, "Snooze", close) {
                    form.submit(view, cmds);
                }
            }
            Self::DeletePerson { id, .. } => {
                let id = *id;
                confirm_buttons(ui, "Delete person", close, || {
                    cmds.push(Command::DeletePerson(id));
                });
            }
            Self::Restore { backup, .. } => {
                if view.restoring {
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.add(
                            egui::Label::new(
                                RichText::new(
                                    "Restoring… a large database takes a few seconds: the \
                                     backup is checked page by page first.",
                                )
                                .weak(),
                            )
                            .wrap(),
                        );
                    });
                    // Look again shortly for the end of the restore.
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                } else {
                    let path = backup.path.clone();
                    confirm_buttons(ui, "Restore", close, || cmds.push(Command::Restore(path)));
                }
            }
            Self::Help => {
                ui.add_space(8.0);
                if ui.button("Close").clicked() {
                    *close = true;
                }
            }
        }
    }
}

fn format_time(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// Draws the open dialog, if any.
pub fn dialog_ui(
    ctx: &egui::Context,
    view: &ViewModel,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let Some(dialog) = state.dialog.as_mut() else {
        return;
    };
    let (title, width) = match dialog {
        Dialog::Log(form) if form.editing.is_some() => ("Edit interaction", 660.0),
        Dialog::Log(_) => ("Log interaction", 660.0),
        Dialog::Person(form) if form.id.is_some() => ("Edit person", 560.0),
        Dialog::Person(_) => ("Add person", 520.0),
        Dialog::Trust(_) => ("Set trust", 480.0),
        Dialog::SnoozeUntil(_) => ("Snooze until", 360.0),
        Dialog::DeletePerson { .. } => ("Delete person", 420.0),
        Dialog::Restore { .. } => ("Restore from backup", 460.0),
        Dialog::Help => ("Keyboard shortcuts", 420.0),
        Dialog::Import(_) => ("Import contacts", 660.0),
        Dialog::Export(_) => ("Export", 620.0),
    };
    let mut close = false;
    let response = egui::Modal::new(egui::Id::unique("kith dialog")).show(ctx, |ui| {
        ui.set_width(width);
        ui.heading(title);
        ui.add_space(6.0);
        // The fields scroll when the window is small; the buttons below them
        // stay in view.
        let max_height = (ctx.content_rect().height() - 180.0).max(160.0);
        egui::ScrollArea::vertical()
            .max_height(max_height)
            .auto_shrink([false, true])
            .show(ui, |ui| dialog.body_ui(ui, view, cmds));
        dialog.footer_ui(ui, view, cmds, &mut close);
    });
    // Escape cancels; a click outside does not, so a stray click never
    // throws away what was typed.
    let escape = response.is_top_modal
        && !response.any_popup_open
        && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
    if (close || escape) && !dialog.busy(view) {
        state.dialog = None;
    }
}

fn error_line(ui: &mut Ui, error: Option<&str>) {
    if let Some(error) = error {
        widgets::field_error(ui, error);
    }
}

fn confirm_buttons(ui: &mut Ui, action: &str, close: &mut bool, confirm: impl FnOnce()) {
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        let danger = egui::Button::new(RichText::new(action).color(egui::Color32::WHITE))
            .fill(super::theme::error(ui.visuals()));
        if ui.add(danger).clicked() {
            confirm();
        }
        if ui.button("Cancel").clicked() {
            *close = true;
        }
    });
}

/// Save and Cancel, with the save shortcut; returns whether to save.
fn save_buttons(ui: &mut Ui, label: &str, close: &mut bool) -> bool {
    ui.add_space(10.0);
    let mut save = ui.input_mut(|i| i.consume_shortcut(&shortcuts::SAVE));
    ui.horizontal(|ui| {
        let button = egui::Button::new(RichText::new(label).strong())
            .shortcut_text(ui.ctx().format_shortcut(&shortcuts::SAVE));
        save |= ui.add(button).clicked();
        if ui.button("Cancel").on_hover_text("Esc").clicked() {
            *close = true;
        }
    });
    save
}

fn show_field_error(ui: &mut Ui, errors: &FieldErrors, field: Field) {
    if let Some(message) = errors.get(&field) {
        widgets::field_error(ui, message);
    }
}

/// A date with a calendar button, converted at this edge between chrono
/// (the rest of Kith) and jiff (egui_extras' date picker).
fn date_picker(ui: &mut Ui, id: &str, date: &mut NaiveDate) {
    use chrono::Datelike;
    let Ok(mut picked) =
        jiff::civil::Date::new(date.year() as i16, date.month() as i8, date.day() as i8)
    else {
        return;
    };
    ui.add(
        egui_extras::DatePickerButton::new(&mut picked)
            .id_salt(id)
            .calendar_week(false)
            .show_icon(false),
    );
    if let Some(back) = NaiveDate::from_ymd_opt(
        i32::from(picked.year()),
        picked.month() as u32,
        picked.day() as u32,
    ) {
        *date = back;
    }
}

/// Logging a new interaction or editing one.
pub struct LogForm {
    editing: Option<InteractionId>,
    person: Option<ContactId>,
    person_query: String,
    /// People matching the query, cached until it changes.
    matches: Option<(String, Vec<ContactId>)>,
    highlighted: usize,
    date: NaiveDate,
    time: String,
    channel: Channel,
    initiated_by: Initiator,
    tone: Tone,
    depth: Depth,
    minutes: String,
    note: String,
    errors: FieldErrors,
    error: Option<String>,
    focus_first: bool,
}

const MAX_MATCHES: usize = 6;

/// The people whose name starts with `query` (first) or contains it,
/// archived people left out.
fn people_matching(view: &ViewModel, query: &str) -> Vec<ContactId> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let mut starts = Vec::new();
    let mut contains = Vec::new();
    for row in view.people.iter().filter(|r| !r.listing.archived) {
        // The haystack starts with the lowercased name.
        let name = row.haystack.split('\n').next().unwrap_or_default();
        if name.starts_with(&query) || name.split(' ').any(|word| word.starts_with(&query)) {
            starts.push(row.id());
        } else if name.contains(&query) {
            contains.push(row.id());
        }
        if starts.len() >= MAX_MATCHES {
            break;
        }
    }
    starts.extend(contains);
    starts.truncate(MAX_MATCHES);
    starts
}

impl LogForm {
    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        // Who.
        if self.editing.is_some() {
            let name = self.person.and_then(|id| view.name_of(id)).unwrap_or("?");
            ui.label(format!("With {name}"));
        } else {
            self.person_picker_ui(ui, view);
        }
        show_field_error(ui, &self.errors, Field::Contact);
        ui.add_space(6.0);

        // When.
        ui.horizontal(|ui| {
            ui.label("When");
            date_picker(ui, "log date", &mut self.date);
            let label = ui.label("at");
            ui.add(
                egui::TextEdit::singleline(&mut self.time)
                    .hint_text("HH:MM")
                    .desired_width(56.0),
            )
            .labelled_by(label.id);
            if ui.button("Now").clicked() {
                self.date = view.now.date();
                self.time = format_time(view.now.time());
            }
            if ui.button("Yesterday").clicked() {
                self.date = view.now.date() - Duration::days(1);
            }
        });
        show_field_error(ui, &self.errors, Field::When);
        ui.add_space(4.0);

        egui::Grid::new("log choices")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label("Channel");
                widgets::choice_row(ui, &mut self.channel, Channel::ALL, Channel::label);
                ui.end_row();
                ui.label("Who reached out");
                widgets::choice_row(ui, &mut self.initiated_by, Initiator::ALL, |i| match i {
                    Initiator::Me => "I did",
                    Initiator::Them => "They did",
                    Initiator::Mutual => "Mutual",
                });
                ui.end_row();
                ui.label("Tone");
                widgets::choice_row(ui, &mut self.tone, Tone::ALL, Tone::label);
                ui.end_row();
                ui.label("Depth");
                widgets::choice_row(ui, &mut self.depth, Depth::ALL, Depth::label);
                ui.end_row();
                let label = ui.label("Minutes");
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.minutes)
                            .hint_text("optional")
                            .desired_width(80.0),
                    )
                    .labelled_by(label.id);
                    show_field_error(ui, &self.errors, Field::Minutes);
                });
                ui.end_row();
            });
        ui.add_space(4.0);
        let label = ui.label("Note");
        let note = ui.add(
            egui::TextEdit::multiline(&mut self.note)
                .hint_text("What did you talk about? What matters to them?")
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        );
        let note = note.labelled_by(label.id);
        // With the person already chosen, typing starts with the note.
        if std::mem::take(&mut self.focus_first) {
            note.request_focus();
        }
        show_field_error(ui, &self.errors, Field::Note);
    }

    fn person_picker_ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        let fresh = matches!(&self.matches, Some((q, _)) if *q == self.person_query);
        if !fresh {
            let found = people_matching(view, &self.person_query);
            self.matches = Some((self.person_query.clone(), found));
            self.highlighted = 0;
        }
        let matches = self
            .matches
            .as_ref()
            .map(|m| m.1.clone())
            .unwrap_or_default();
        let chosen_name = self.person.and_then(|id| view.name_of(id));
        let picking = chosen_name != Some(self.person_query.as_str()) && !matches.is_empty();

        let mut pick = None;
        ui.horizontal(|ui| {
            let label = ui.label("With");
            if picking {
                // Arrow keys move through the suggestions while typing.
                ui.input_mut(|i| {
                    if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                        self.highlighted = (self.highlighted + 1).min(matches.len() - 1);
                    }
                    if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                        self.highlighted = self.highlighted.saturating_sub(1);
                    }
                });
            }
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.person_query)
                        .hint_text("type a name")
                        .desired_width(320.0),
                )
                .labelled_by(label.id);
            // With no one chosen yet, typing starts with the name.
            if self.person.is_none() && std::mem::take(&mut self.focus_first) {
                field.request_focus();
            }
            if field.changed() && chosen_name != Some(self.person_query.as_str()) {
                self.person = None;
            }
            if picking && field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                pick = matches.get(self.highlighted).copied();
            }
            if let Some(id) = self.person
                && let Some(row) = view.row(id)
            {
                widgets::trust_badge(ui, row.listing.trust);
            }
        });
        if picking {
            ui.indent("suggestions", |ui| {
                for (i, &id) in matches.iter().enumerate() {
                    let Some(row) = view.row(id) else { continue };
                    let text = format!(
                        "{}  ·  {}",
                        row.listing.name,
                        widgets::last_contact(view.today(), row.listing.last_interaction_at)
                    );
                    if ui
                        .add(egui::Button::selectable(i == self.highlighted, text))
                        .clicked()
                    {
                        pick = Some(id);
                    }
                }
            });
        } else if self.person.is_none() && !self.person_query.trim().is_empty() {
            ui.label(RichText::new("No one by that name. Add them first with Add person….").weak());
        }
        if let Some(id) = pick {
            self.person = Some(id);
            self.person_query = view.name_of(id).unwrap_or_default().to_owned();
        }
    }

    /// Checks the form; if it is valid, asks the app to save it.
    fn submit(&mut self, view: &ViewModel, cmds: &mut Vec<Command>) {
        self.errors.clear();
        self.error = None;
        let person = match self.person {
            Some(id) => Some(id),
            None => {
                // A name typed in full counts, when it is unique.
                let matches = people_matching(view, &self.person_query);
                let exact: Vec<ContactId> = matches
                    .into_iter()
                    .filter(|id| {
                        view.name_of(*id)
                            .is_some_and(|n| n.eq_ignore_ascii_case(self.person_query.trim()))
                    })
                    .collect();
                (exact.len() == 1).then(|| exact[0])
            }
        };
        if person.is_none() {
            self.errors.insert(
                Field::Contact,
                "person: choose who this was with".to_owned(),
            );
        }
        let time = parse_time(&self.time);
        if time.is_none() {
            self.errors.insert(
                Field::When,
                format!("when: {:?} is not a time (expected HH:MM)", self.time),
            );
        }
        let minutes = match self.minutes.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(m) => Some(m),
                Err(_) => {
                    self.errors.insert(
                        Field::Minutes,
                        format!("minutes: {text:?} is not a whole number"),
                    );
                    None
                }
            },
        };
        let (Some(person), Some(time)) = (person, time) else {
            return;
        };
        let mut draft = InteractionDraft::new(person, NaiveDateTime::new(self.date, time));
        draft.channel = self.channel;
        draft.initiated_by = self.initiated_by;
        draft.tone = self.tone;
        draft.depth = self.depth;
        draft.minutes = minutes;
        draft.note = self.note.clone();
        if let Err(error) = draft.validate(view.now) {
            put(&mut self.errors, &error);
        }
        if !self.errors.is_empty() {
            return;
        }
        cmds.push(match self.editing {
            Some(id) => Command::UpdateInteraction { id, fields: draft },
            None => Command::LogInteraction(draft),
        });
    }
}

/// Adding or editing a person.
pub struct PersonForm {
    id: Option<ContactId>,
    /// The fields as loaded, to notice an edit made elsewhere meanwhile.
    loaded: ContactDraft,
    name: String,
    nickname: String,
    circle: Circle,
    met_via: Option<MetVia>,
    met_where: String,
    met_on: String,
    trust: TrustLevel,
    cadence: String,
    tags: String,
    emails: String,
    phones: String,
    birthday: String,
    organisation: String,
    notes: String,
    errors: FieldErrors,
    error: Option<String>,
    focus_first: bool,
}

/// The trimmed text, or `None` when nothing was typed.
fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn labeled_lines(items: &[Labeled]) -> String {
    items
        .iter()
        .map(|item| match &item.label {
            Some(label) => format!("{label}: {}", item.value),
            None => item.value.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl PersonForm {
    fn new(id: Option<ContactId>, fields: &ContactDraft, trust: TrustLevel) -> Self {
        Self {
            id,
            loaded: fields.clone(),
            name: fields.name.clone(),
            nickname: fields.nickname.clone().unwrap_or_default(),
            circle: fields.circle,
            met_via: fields.met_via,
            met_where: fields.met_where.clone().unwrap_or_default(),
            met_on: fields.met_on.map(|d| d.to_string()).unwrap_or_default(),
            trust,
            cadence: fields
                .cadence_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            tags: fields.tags.join(", "),
            emails: labeled_lines(&fields.emails),
            phones: labeled_lines(&fields.phones),
            birthday: fields.birthday.map(|b| b.to_string()).unwrap_or_default(),
            organisation: fields.organisation.clone().unwrap_or_default(),
            notes: fields.notes.clone(),
            errors: FieldErrors::new(),
            error: None,
            focus_first: true,
        }
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        let adding = self.id.is_none();
        let name = widgets::text_field(ui, "Name", &mut self.name, "required");
        if std::mem::take(&mut self.focus_first) {
            name.request_focus();
        }
        show_field_error(ui, &self.errors, Field::Name);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label("Circle");
            widgets::choice_row(ui, &mut self.circle, Circle::ALL, Circle::label);
        });
        ui.horizontal(|ui| {
            ui.label("How you met");
            egui::ComboBox::from_id_salt("met via")
                .selected_text(self.met_via.map_or("—", |v| v.label()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.met_via, None, "—");
                    for &via in MetVia::ALL {
                        ui.selectable_value(&mut self.met_via, Some(via), via.label());
                    }
                })
                .response
                .on_hover_text("How you met");
        });
        widgets::text_field(
            ui,
            "Where",
            &mut self.met_where,
            "SXSW 2026, @garyvee thread…",
        );
        widgets::text_field(ui, "When you met", &mut self.met_on, "YYYY-MM-DD");
        show_field_error(ui, &self.errors, Field::MetOn);
        if adding {
            ui.add_space(4.0);
            ui.label("Trust");
            widgets::choice_row(ui, &mut self.trust, TrustLevel::ALL, TrustLevel::label);
            ui.label(
                RichText::new(widgets::trust_meaning(self.trust))
                    .weak()
                    .small(),
            );
        }
        ui.add_space(4.0);
        egui::CollapsingHeader::new("More details")
            .default_open(!adding)
            .show(ui, |ui| self.details_ui(ui, view));
    }

    fn details_ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        widgets::text_field(ui, "Nickname", &mut self.nickname, "");
        show_field_error(ui, &self.errors, Field::Nickname);
        widgets::text_field(ui, "Organisation", &mut self.organisation, "");
        show_field_error(ui, &self.errors, Field::Organisation);
        widgets::text_area(
            ui,
            "Emails",
            &mut self.emails,
            "one per line; work: ada@example.org",
            2,
        );
        show_field_error(ui, &self.errors, Field::Email);
        widgets::text_area(
            ui,
            "Phones",
            &mut self.phones,
            "one per line; mobile: +44 20 7946 0958",
            2,
        );
        show_field_error(ui, &self.errors, Field::Phone);
        widgets::text_field(
            ui,
            "Birthday",
            &mut self.birthday,
            "YYYY-MM-DD, or --MM-DD without the year",
        );
        show_field_error(ui, &self.errors, Field::Birthday);
        widgets::text_field(ui, "Tags", &mut self.tags, "comma separated");
        show_field_error(ui, &self.errors, Field::Tag);
        let default = view
            .settings
            .cadence_for(self.trust)
            .map_or("no reminders".to_owned(), |d| format!("every {d} days"));
        widgets::text_field(
            ui,
            "Keep in touch every (days)",
            &mut self.cadence,
            &format!("default for their trust: {default}; 0 = never"),
        );
        show_field_error(ui, &self.errors, Field::Cadence);
        widgets::text_area(ui, "Notes", &mut self.notes, "What matters to them", 4);
        show_field_error(ui, &self.errors, Field::Notes);
    }

    /// Builds the draft, checking every field; `None` if anything is wrong.
    fn draft(&mut self, today: NaiveDate) -> Option<ContactDraft> {
        self.errors.clear();
        self.error = None;
        let mut draft = ContactDraft {
            name: self.name.clone(),
            nickname: Some(self.nickname.clone()),
            circle: self.circle,
            met_via: self.met_via,
            met_where: Some(self.met_where.clone()),
            organisation: Some(self.organisation.clone()),
            notes: self.notes.clone(),
            ..ContactDraft::default()
        };
        if let Some(text) = optional(&self.met_on) {
            match parse_date(Field::MetOn, text) {
                Ok(date) => draft.met_on = Some(date),
                Err(e) => put(&mut self.errors, &e),
            }
        }
        if let Some(text) = optional(&self.birthday) {
            match Birthday::parse(text) {
                Ok(birthday) => draft.birthday = Some(birthday),
                Err(e) => put(&mut self.errors, &e),
            }
        }
        if let Some(text) = optional(&self.cadence) {
            match text.parse::<u32>() {
                Ok(days) => draft.cadence_days = Some(days),
                Err(_) => {
                    self.errors.insert(
                        Field::Cadence,
                        format!("cadence: {text:?} is not a number of days"),
                    );
                }
            }
        }
        draft.tags = self.tags.split(',').map(str::to_owned).collect();
        draft.emails = self.emails.lines().map(Labeled::parse).collect();
        draft.phones = self.phones.lines().map(Labeled::parse).collect();
        draft.normalise();
        if let Err(e) = draft.validate(today) {
            put(&mut self.errors, &e);
        }
        self.errors.is_empty().then_some(draft)
    }

    fn submit(&mut self, view: &ViewModel, cmds: &mut Vec<Command>) {
        let Some(fields) = self.draft(view.today()) else {
            return;
        };
        cmds.push(match self.id {
            Some(id) => Command::UpdatePerson {
                id,
                fields,
                loaded: Box::new(self.loaded.clone()),
            },
            None => Command::AddPerson {
                fields,
                trust: self.trust,
            },
        });
    }
}

/// Setting a new trust level.
pub struct TrustForm {
    id: ContactId,
    name: String,
    current: TrustLevel,
    level: TrustLevel,
    on: NaiveDate,
    reason: String,
    errors: FieldErrors,
    error: Option<String>,
}

impl TrustForm {
    fn ui(&mut self, ui: &mut Ui, _view: &ViewModel) {
        ui.label(format!("How far do you trust {} now?", self.name));
        ui.label(RichText::new(format!("Currently {}.", self.current)).weak());
        ui.add_space(4.0);
        widgets::choice_row(ui, &mut self.level, TrustLevel::ALL, TrustLevel::label);
        ui.label(
            RichText::new(widgets::trust_meaning(self.level))
                .weak()
                .small(),
        );
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label("From");
            date_picker(ui, "trust date", &mut self.on);
        });
        show_field_error(ui, &self.errors, Field::On);
        widgets::text_field(
            ui,
            "Why",
            &mut self.reason,
            "optional: what earned it, or what changed",
        );
        show_field_error(ui, &self.errors, Field::Reason);
    }

    fn submit(&mut self, view: &ViewModel, cmds: &mut Vec<Command>) {
        self.errors.clear();
        self.error = None;
        if let Err(e) = crate::domain::validate_trust_change(self.on, &self.reason, view.today()) {
            put(&mut self.errors, &e);
            return;
        }
        cmds.push(Command::SetTrust {
            id: self.id,
            level: self.level,
            on: self.on,
            reason: self.reason.trim().to_owned(),
        });
    }
}

/// Snoozing a nudge until a chosen day.
pub struct SnoozeForm {
    contact: Option<ContactId>,
    kind: NudgeKind,
    name: Option<String>,
    until: NaiveDate,
    error: Option<String>,
}

impl SnoozeForm {
    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        let about = self.name.as_deref().unwrap_or("your circles");
        ui.label(format!("Hide “{}” about {about} until:", self.kind.label()));
        date_picker(ui, "snooze date", &mut self.until);
        if self.until <= view.today() {
            widgets::field_error(ui, "until: choose a day after today");
        }
    }

    fn submit(&mut self, view: &ViewModel, cmds: &mut Vec<Command>) {
        if self.until > view.today() {
            cmds.push(Command::Snooze {
                contact: self.contact,
                kind: self.kind,
                until: self.until,
            });
        }
    }
}
