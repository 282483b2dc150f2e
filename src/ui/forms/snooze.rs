//! Snoozing a nudge: for a few days, a week, a month, or until a day of
//! your choosing.

use chrono::{Duration, NaiveDate};
use egui::{RichText, Ui};

use super::{FieldErrors, Form, date_picker, fields_ui, save_buttons};
use crate::domain::{ContactId, Field, Nudge, NudgeKind};
use crate::ui::Command;
use crate::ui::view::ViewModel;

/// The spans offered at once, in days.
const SPANS: [(&str, i64); 3] = [("3 days", 3), ("A week", 7), ("A month", 30)];

/// The snooze choices for one nudge.
pub struct SnoozeForm {
    contact: Option<ContactId>,
    kind: NudgeKind,
    /// Whom the nudge is about; `None` for one about your circles.
    name: Option<String>,
    until: NaiveDate,
    errors: FieldErrors,
    focus_first: bool,
}

impl SnoozeForm {
    /// The choices for `nudge`, offering two weeks from `today` for a day
    /// of your own.
    pub fn for_nudge(nudge: &Nudge, today: NaiveDate) -> Self {
        Self {
            contact: nudge.contact_id,
            kind: nudge.kind,
            name: nudge.contact.clone(),
            until: today + Duration::days(14),
            errors: FieldErrors::default(),
            focus_first: true,
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

    fn until(&self, until: NaiveDate) -> Command {
        Command::Snooze {
            contact: self.contact,
            kind: self.kind,
            until,
        }
    }
}

impl Form for SnoozeForm {
    fn title(&self) -> &str {
        "Snooze"
    }

    fn width(&self) -> f32 {
        380.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        let today = view.today();
        let mut chosen = None;
        fields_ui(ui, |ui| {
            let about = self.name.as_deref().unwrap_or("your circles");
            ui.label(format!("Hide “{}” about {about} for:", self.kind.label()));
            ui.horizontal(|ui| {
                for (label, days) in SPANS {
                    let button = ui.button(label);
                    // The keyboard starts on the first span: Enter takes
                    // it, the arrow keys move to the others.
                    if std::mem::take(&mut self.focus_first) {
                        button.request_focus();
                    }
                    if button.clicked() {
                        chosen = Some(today + Duration::days(days));
                    }
                }
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new("or until").weak());
                date_picker(ui, "snooze date", &mut self.until);
            });
            self.check(today);
            self.errors.slot_ui(ui, Field::Until);
        });
        if let Some(until) = chosen {
            return Some(self.until(until));
        }
        self.errors.rest_ui(ui);
        save_buttons(ui, "Snooze until then")?
            .then(|| self.errors.is_empty().then(|| self.until(self.until)))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}
