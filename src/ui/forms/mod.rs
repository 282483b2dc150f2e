//! The forms: every dialog of the window is a small type in a file of its
//! own, behind one trait, [`Form`], the way egui's demo gives each demo a
//! `View` and a `Demo`.
//!
//! A form keeps what was typed, draws itself, and checks everything with the
//! domain's rules before it sends a command: it returns one only when every
//! field is valid, and otherwise holds the problems in its [`FieldErrors`],
//! each next to its field or, for a field with no place on screen, in one
//! line above the buttons, so no form ever refuses in silence. A form stays
//! open until the app says the change was saved, so a refused write never
//! loses what was typed.
//!
//! The app keeps the open form in an [`OpenForm`] and never looks inside
//! it: it applies the command the form returns and answers that form (it
//! closes, or [`Form::failed`] shows why not). Background work (an import,
//! an export, a restore) is answered the same way when it is done, if the
//! form that asked is still open. Like every screen, nothing here touches the
//! store or the disk.

mod date;
mod delete_person;
mod export;
mod follow_up;
mod help;
mod import;
mod log;
mod passphrase;
mod person;
mod picker;
mod restore;
mod snooze;
mod trust;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use egui::{Key, Modifiers, RichText, Ui};

use super::view::ViewModel;
use super::{Command, shortcuts, theme, widgets};
use crate::domain::{Field, ValidationError};

pub use date::DateForm;
pub use delete_person::DeletePersonForm;
pub use export::ExportForm;
pub use follow_up::FollowUpForm;
pub use help::HelpForm;
pub use import::ImportForm;
pub use log::LogForm;
pub use passphrase::{PassphraseAction, PassphraseForm};
pub use person::PersonForm;
pub use restore::RestoreForm;
pub use snooze::SnoozeForm;
pub use trust::TrustForm;

/// A dialog: its title and size, what it draws, and how it takes the app's
/// answer.
pub trait Form {
    /// The dialog's heading ("Log interaction").
    fn title(&self) -> &str;

    /// The dialog's width, in points.
    fn width(&self) -> f32;

    /// Draws the fields and the buttons. Returns a command when the person
    /// asks for something and everything it needs is valid: the change
    /// itself, [`Command::CloseForm`] for Cancel, or a look at the disk for
    /// a file chooser.
    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command>;

    /// The app could not do what this form asked, and nothing was written:
    /// the form shows `message` above its buttons and stays open. `view` is
    /// as the app left it (an import's preview, say).
    fn failed(&mut self, message: String, view: &ViewModel);

    /// Whether the form waits for work that cannot be interrupted (an import
    /// being applied, an export being written, a restore): it cannot be
    /// closed meanwhile.
    fn busy(&self, _view: &ViewModel) -> bool {
        false
    }

    /// A form to open in place of this one, asked for this frame (the log
    /// form's "Add … as a new person…").
    fn next(&mut self) -> Option<Box<dyn Form>> {
        None
    }
}

/// Which form is open: a new number for every form opened, so that an
/// answer that comes late (work in the background) reaches the form that
/// asked, or no one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormId(u64);

/// The open form, if any: at most one at a time.
#[derive(Default)]
pub struct OpenForm {
    form: Option<Box<dyn Form>>,
    id: FormId,
}

impl OpenForm {
    /// Opens `form`, in place of any other.
    pub fn open(&mut self, form: impl Form + 'static) {
        self.id.0 += 1;
        self.form = Some(Box::new(form));
    }

    pub fn close(&mut self) {
        self.form = None;
    }

    pub fn is_open(&self) -> bool {
        self.form.is_some()
    }

    /// Which form is open.
    pub fn id(&self) -> Option<FormId> {
        self.form.as_ref().map(|_| self.id)
    }

    /// Whether the form `id` is the one open.
    pub fn is(&self, id: Option<FormId>) -> bool {
        id.is_some() && self.id() == id
    }

    /// The title of the open form (for tests, which find forms by what a
    /// person reads).
    pub fn title(&self) -> Option<&str> {
        self.form.as_deref().map(Form::title)
    }

    /// The form `id`, if it is still open.
    pub fn get(&mut self, id: Option<FormId>) -> Option<&mut (dyn Form + 'static)> {
        match id {
            Some(id) if id == self.id => self.form.as_deref_mut(),
            _ => None,
        }
    }

    /// Whether the open form waits for work that cannot be interrupted.
    pub fn busy(&self, view: &ViewModel) -> bool {
        self.form.as_ref().is_some_and(|form| form.busy(view))
    }
}

/// A command from the open form, to be answered there.
#[must_use]
pub struct FormCommand {
    pub form: FormId,
    pub command: Command,
}

/// Draws the open form, if any, as a modal dialog; returns what it asked
/// for. Escape asks to close it; a click outside does not, so a stray click
/// never throws away what was typed.
pub fn form_ui(ctx: &egui::Context, view: &ViewModel, open: &mut OpenForm) -> Option<FormCommand> {
    let id = open.id()?;
    let form = open.form.as_deref_mut()?;
    let mut command = None;
    let response = egui::Modal::new(egui::Id::unique("kith dialog")).show(ctx, |ui| {
        ui.set_width(form.width());
        ui.heading(form.title());
        ui.add_space(6.0);
        command = form.ui(ui, view);
    });
    if let Some(next) = form.next() {
        open.id.0 += 1;
        open.form = Some(next);
        return None;
    }
    let escape = response.is_top_modal
        && !response.any_popup_open
        && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
    if escape && command.is_none() {
        command = Some(Command::CloseForm);
    }
    command.map(|command| FormCommand { form: id, command })
}

/// The fields, scrolling when the window is small so that the buttons drawn
/// after them stay in view.
pub fn fields_ui<R>(ui: &mut Ui, add_fields: impl FnOnce(&mut Ui) -> R) -> R {
    let max_height = (ui.ctx().content_rect().height() - 180.0).max(160.0);
    egui::ScrollArea::vertical()
        .max_height(max_height)
        .auto_shrink([false, true])
        .show(ui, add_fields)
        .inner
}

/// The problems with what a form holds, by field, and why the app refused
/// the last command, if it did.
///
/// Each message shows next to its field when the form draws a place for it
/// ([`FieldErrors::slot_ui`]); the rest, and the refusal, show in one line
/// above the buttons ([`FieldErrors::rest_ui`]). Messages start with the
/// field's label as the window shows it ("When you met: …").
#[derive(Debug, Default)]
pub struct FieldErrors {
    by_field: BTreeMap<Field, String>,
    refused: Option<String>,
    /// The fields whose message was drawn next to them this frame.
    shown: Vec<Field>,
    /// The form was checked again: bring the first message into view.
    scroll: bool,
}

impl FieldErrors {
    /// Forgets every problem, before checking the form again.
    pub fn clear(&mut self) {
        self.by_field.clear();
        self.refused = None;
        self.scroll = true;
    }

    /// Whether every field is valid.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }

    /// Keeps `error` under its field, unless that field has one already.
    pub fn put(&mut self, error: &ValidationError) {
        self.by_field
            .entry(error.field())
            .or_insert_with(|| error.message());
    }

    /// Keeps a problem with `field`: `message` says what is wrong, without
    /// the field's name ("\"an hour\" is not a whole number").
    pub fn insert(&mut self, field: Field, message: impl Into<String>) {
        self.by_field.insert(field, message.into());
    }

    /// Forgets the problem with `field`, checked again and found right.
    pub fn remove(&mut self, field: Field) {
        self.by_field.remove(&field);
    }

    /// The message about `field` alone, without its label: for a screen
    /// that names the field itself.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.by_field.get(&field).map(String::as_str)
    }

    /// The message about `field`, after its label.
    pub fn message(&self, field: Field) -> Option<String> {
        self.by_field
            .get(&field)
            .map(|message| format!("{}: {message}", field.label()))
    }

    /// Why the app refused the form's command (nothing was written).
    pub fn refuse(&mut self, message: String) {
        self.refused = Some(message);
    }

    /// The message about `field`, if any, drawn where it is called: next to
    /// the field.
    pub fn slot_ui(&mut self, ui: &mut Ui, field: Field) {
        if let Some(message) = self.message(field) {
            let shown = widgets::field_error(ui, &message);
            // The first drawn is the first on the form: it may be above
            // or below what the dialog shows.
            if std::mem::take(&mut self.scroll) {
                shown.scroll_to_me(Some(egui::Align::Center));
            }
            self.shown.push(field);
        }
    }

    /// Every message not drawn next to its field this frame (a field with
    /// no place on screen, or one folded away), and the app's refusal, in
    /// one line: call it after the fields, above the buttons.
    pub fn rest_ui(&mut self, ui: &mut Ui) {
        let shown = std::mem::take(&mut self.shown);
        self.scroll = false;
        let mut rest: Vec<String> = self
            .by_field
            .keys()
            .filter(|field| !shown.contains(field))
            .filter_map(|&field| self.message(field))
            .collect();
        rest.extend(self.refused.clone());
        if !rest.is_empty() {
            ui.add_space(4.0);
            ui.add(
                egui::Label::new(
                    RichText::new(rest.join("  ·  "))
                        .small()
                        .color(theme::error(ui.visuals())),
                )
                .wrap(),
            );
        }
    }
}

/// A one-line text field labelled as the window names `field`, with its
/// message under it: the label and the message's first words are the same.
pub fn text_field(
    ui: &mut Ui,
    errors: &mut FieldErrors,
    field: Field,
    text: &mut String,
    hint: &str,
) -> egui::Response {
    let response = widgets::text_field(ui, field.label(), text, hint);
    errors.slot_ui(ui, field);
    response
}

/// A text field of `rows` lines, labelled as the window names `field`,
/// with its message under it.
pub fn text_area(
    ui: &mut Ui,
    errors: &mut FieldErrors,
    field: Field,
    text: &mut String,
    hint: &str,
    rows: usize,
) -> egui::Response {
    let response = widgets::text_area(ui, field.label(), text, hint, rows);
    errors.slot_ui(ui, field);
    response
}

/// What the buttons under a form were asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clicked {
    Save,
    Cancel,
}

impl Clicked {
    /// The command for Save (`save` checks the form and builds it), or
    /// closing the form for Cancel.
    pub fn then(self, save: impl FnOnce() -> Option<Command>) -> Option<Command> {
        match self {
            Self::Save => save(),
            Self::Cancel => Some(Command::CloseForm),
        }
    }
}

/// Save (with the save shortcut) and Cancel.
pub fn save_buttons(ui: &mut Ui, label: &str) -> Option<Clicked> {
    ui.add_space(10.0);
    let mut save = ui.input_mut(|i| i.consume_shortcut(&shortcuts::SAVE));
    let mut cancel = false;
    ui.horizontal(|ui| {
        let button = egui::Button::new(RichText::new(label).strong())
            .shortcut_text(ui.ctx().format_shortcut(&shortcuts::SAVE));
        save |= ui.add(button).clicked();
        cancel = ui.button("Cancel").on_hover_text("Esc").clicked();
    });
    clicked(ui, save, cancel)
}

/// A button for an action that cannot be taken back (red), and Cancel.
pub fn confirm_buttons(ui: &mut Ui, action: &str) -> Option<Clicked> {
    ui.add_space(10.0);
    let (mut confirm, mut cancel) = (false, false);
    ui.horizontal(|ui| {
        let danger = egui::Button::new(RichText::new(action).color(egui::Color32::WHITE))
            .fill(theme::error(ui.visuals()));
        confirm = ui.add(danger).clicked();
        cancel = ui.button("Cancel").clicked();
    });
    clicked(ui, confirm, cancel)
}

fn clicked(ui: &Ui, save: bool, cancel: bool) -> Option<Clicked> {
    let clicked = if cancel {
        Some(Clicked::Cancel)
    } else {
        save.then_some(Clicked::Save)
    };
    if clicked.is_some() {
        // What the click changed (a message, say) shows at once.
        ui.ctx().request_repaint();
    }
    clicked
}

/// A date with a calendar button, converted at this edge between chrono
/// (the rest of Kith) and jiff (egui_extras' date picker).
pub fn date_picker(ui: &mut Ui, id: &str, date: &mut NaiveDate) {
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
            // Weekends are days like any other here: no red blocks.
            .highlight_weekends(false)
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
