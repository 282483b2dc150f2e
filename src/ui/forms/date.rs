//! Adding or editing a date to remember about someone: a label and a day
//! of the year, with the year when you know it.

use egui::Ui;

use super::{FieldErrors, Form, fields_ui, save_buttons, text_field};
use crate::domain::{ContactId, DateDraft, DateId, DateToRemember, Field, YearlyDate};
use crate::ui::Command;
use crate::ui::view::ViewModel;

/// Adding a date to remember, or editing one.
pub struct DateForm {
    editing: Option<DateId>,
    contact: ContactId,
    label: String,
    date: String,
    errors: FieldErrors,
    focus_first: bool,
}

impl DateForm {
    /// A new date for `contact`.
    pub fn add(contact: ContactId) -> Self {
        Self {
            editing: None,
            contact,
            label: String::new(),
            date: String::new(),
            errors: FieldErrors::default(),
            focus_first: true,
        }
    }

    /// `date`, to change it.
    pub fn edit(date: &DateToRemember) -> Self {
        Self {
            editing: Some(date.id),
            contact: date.fields.contact_id,
            label: date.fields.label.clone(),
            date: date.fields.date.to_string(),
            errors: FieldErrors::default(),
            focus_first: true,
        }
    }

    fn submit(&mut self, view: &ViewModel) -> Option<Command> {
        self.errors.clear();
        let date = match YearlyDate::parse_for(Field::Date, &self.date) {
            Ok(date) => date,
            Err(error) => {
                self.errors.put(&error);
                return None;
            }
        };
        let fields = DateDraft::new(self.contact, &self.label, date);
        if let Err(error) = fields.validate(view.today()) {
            self.errors.put(&error);
            return None;
        }
        Some(match self.editing {
            Some(id) => Command::UpdateDate { id, fields },
            None => Command::AddDate(fields),
        })
    }
}

impl Form for DateForm {
    fn title(&self) -> &str {
        if self.editing.is_some() {
            "Edit date"
        } else {
            "Add date"
        }
    }

    fn width(&self) -> f32 {
        440.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| {
            let hint = "wedding anniversary, Mia's birthday (daughter)…";
            let label = text_field(ui, &mut self.errors, Field::Label, &mut self.label, hint);
            if std::mem::take(&mut self.focus_first) {
                label.request_focus();
            }
            let hint = "--MM-DD, or YYYY-MM-DD when you know the year";
            text_field(ui, &mut self.errors, Field::Date, &mut self.date, hint);
        });
        self.errors.rest_ui(ui);
        let label = if self.editing.is_some() {
            "Save"
        } else {
            "Add date"
        };
        save_buttons(ui, label)?.then(|| self.submit(view))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}
