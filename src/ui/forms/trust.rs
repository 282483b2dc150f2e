//! Setting how far you trust someone now, from a day, and why.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::{FieldErrors, Form, date_picker, fields_ui, save_buttons, text_field};
use crate::domain::{Contact, ContactId, Field, TrustLevel, validate_trust_change};
use crate::ui::view::ViewModel;
use crate::ui::{Command, widgets};

/// Setting a new trust level.
pub struct TrustForm {
    id: ContactId,
    name: String,
    current: TrustLevel,
    level: TrustLevel,
    on: NaiveDate,
    reason: String,
    errors: FieldErrors,
}

impl TrustForm {
    /// The form for `contact`, from `today`.
    pub fn new(contact: &Contact, today: NaiveDate) -> Self {
        Self::starting_at(
            contact.id,
            contact.name(),
            contact.trust,
            contact.trust,
            today,
        )
    }

    /// The form for someone you have drifted apart from, at `current`,
    /// offering the level below.
    pub fn lower(id: ContactId, name: &str, current: TrustLevel, today: NaiveDate) -> Self {
        let below = TrustLevel::from_number(i64::from(current.number()) - 1).unwrap_or(current);
        let mut form = Self::starting_at(id, name, current, below, today);
        form.reason = "we drifted apart".to_owned();
        form
    }

    fn starting_at(
        id: ContactId,
        name: &str,
        current: TrustLevel,
        level: TrustLevel,
        today: NaiveDate,
    ) -> Self {
        Self {
            id,
            name: name.to_owned(),
            current,
            level,
            on: today,
            reason: String::new(),
            errors: FieldErrors::default(),
        }
    }

    fn fields_ui(&mut self, ui: &mut Ui, today: NaiveDate) {
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
            ui.label(Field::On.label());
            date_picker(ui, "trust date", &mut self.on);
        });
        // A day to come is refused as soon as it is picked.
        match validate_trust_change(self.on, "", today) {
            Err(e) if e.field() == Field::On => self.errors.put(&e),
            _ => self.errors.remove(Field::On),
        }
        self.errors.slot_ui(ui, Field::On);
        let hint = "optional: what earned it, or what changed";
        text_field(ui, &mut self.errors, Field::Reason, &mut self.reason, hint);
    }

    /// Checks the form; the command to save it, if it is valid.
    fn submit(&mut self, view: &ViewModel) -> Option<Command> {
        self.errors.clear();
        if let Err(e) = validate_trust_change(self.on, &self.reason, view.today()) {
            self.errors.put(&e);
            return None;
        }
        Some(Command::SetTrust {
            id: self.id,
            level: self.level,
            on: self.on,
            reason: self.reason.trim().to_owned(),
        })
    }
}

impl Form for TrustForm {
    fn title(&self) -> &str {
        "Set trust"
    }

    fn width(&self) -> f32 {
        480.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| self.fields_ui(ui, view.today()));
        self.errors.rest_ui(ui);
        save_buttons(ui, "Set trust")?.then(|| self.submit(view))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}
