//! Snoozing a nudge until a day of your choosing.

use chrono::{Duration, NaiveDate};
use egui::Ui;

use super::{FieldErrors, Form, date_picker, fields_ui, save_buttons};
use crate::domain::{ContactId, Field, NudgeKind};
use crate::ui::Command;
use crate::ui::view::ViewModel;

/// Snoozing a nudge until a chosen day.
pub struct SnoozeForm {
    contact: Option<ContactId>,
    kind: NudgeKind,
    /// Whom the nudge is about; `None` for one about your circles.
    name: Option<String>,
    until: NaiveDate,
    errors: FieldErrors,
}

impl SnoozeForm {
    /// The form for the nudge of `kind` about `contact` (named `name`),
    /// offering two weeks from `today`.
    pub fn new(
        contact: Option<ContactId>,
        kind: NudgeKind,
        name: Option<String>,
        today: NaiveDate,
    ) -> Self {
        Self {
            contact,
            kind,
            name,
            until: today + Duration::days(14),
            errors: FieldErrors::default(),
        }
    }

    /// The day is checked as it is chosen, so the message shows at once.
    fn check(&mut self, today: NaiveDate) {
        if self.until <= today {
            self.errors.insert(Field::Until, "choose a day after today");
        } else {
            self.errors.remove(Field::Until);
        }
    }
}

impl Form for SnoozeForm {
    fn title(&self) -> &str {
        "Snooze until"
    }

    fn width(&self) -> f32 {
        360.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| {
            let about = self.name.as_deref().unwrap_or("your circles");
            ui.label(format!("Hide “{}” about {about} until:", self.kind.label()));
            date_picker(ui, "snooze date", &mut self.until);
            self.check(view.today());
            self.errors.slot_ui(ui, Field::Until);
        });
        self.errors.rest_ui(ui);
        save_buttons(ui, "Snooze")?.then(|| {
            self.errors.is_empty().then_some(Command::Snooze {
                contact: self.contact,
                kind: self.kind,
                until: self.until,
            })
        })
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}
