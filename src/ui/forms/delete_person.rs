//! Deleting a person, after saying what goes with them.

use egui::{RichText, Ui};

use super::{FieldErrors, Form, confirm_buttons, fields_ui};
use crate::domain::ContactId;
use crate::domain::count::plural;
use crate::ui::Command;
use crate::ui::view::{PersonPage, ViewModel};

/// Asking before a person is deleted.
pub struct DeletePersonForm {
    id: ContactId,
    name: String,
    interactions: usize,
    trust_changes: usize,
    errors: FieldErrors,
}

impl DeletePersonForm {
    /// The form for the person whose page is `page`.
    pub fn new(page: &PersonPage) -> Self {
        Self {
            id: page.contact.id,
            name: page.contact.name().to_owned(),
            interactions: page.interactions.len(),
            trust_changes: page.trust_history.len(),
            errors: FieldErrors::default(),
        }
    }
}

impl Form for DeletePersonForm {
    fn title(&self) -> &str {
        "Delete person"
    }

    fn width(&self) -> f32 {
        420.0
    }

    fn ui(&mut self, ui: &mut Ui, _view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| {
            ui.label(format!(
                "Delete {} with {} and {}?",
                self.name,
                plural(self.interactions, "interaction", "interactions"),
                plural(self.trust_changes, "trust change", "trust changes")
            ));
            ui.label(
                RichText::new(
                    "Everything you wrote about them goes too. To keep it but hide them, \
                     archive them instead.",
                )
                .weak(),
            );
        });
        self.errors.rest_ui(ui);
        confirm_buttons(ui, "Delete person")?.then(|| Some(Command::DeletePerson(self.id)))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}
