//! Adding a follow-up on a person's page: what you mean to do or ask, and
//! by when, if by any day.

use chrono::{Duration, NaiveDate};
use egui::{RichText, Ui};

use super::{FieldErrors, Form, date_picker, fields_ui, save_buttons, text_field};
use crate::domain::{ContactId, Field, FollowUpDraft};
use crate::ui::view::ViewModel;
use crate::ui::{Command, widgets};

/// When a follow-up is due: the quick picks, or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    NoDate,
    InAWeek,
    InAMonth,
    On,
}

impl Due {
    const ALL: &[Self] = &[Self::NoDate, Self::InAWeek, Self::InAMonth, Self::On];

    fn label(self) -> &'static str {
        match self {
            Self::NoDate => "No date",
            Self::InAWeek => "In a week",
            Self::InAMonth => "In a month",
            Self::On => "On a day",
        }
    }

    /// The choice, and the day picked for "On a day".
    pub fn choice_ui(&mut self, ui: &mut Ui, on: &mut NaiveDate) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("when").weak());
            widgets::choice_row(ui, self, Self::ALL, Self::label);
            if *self == Self::On {
                date_picker(ui, "follow-up due", on);
            }
        });
    }

    /// The day it is due, counted from `today`; `on` for "On a day".
    pub fn day(self, today: NaiveDate, on: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::NoDate => None,
            Self::InAWeek => Some(today + Duration::days(7)),
            Self::InAMonth => today.checked_add_months(chrono::Months::new(1)),
            Self::On => Some(on),
        }
    }
}

/// Adding a follow-up about one person.
pub struct FollowUpForm {
    contact: ContactId,
    name: String,
    what: String,
    due: Due,
    due_on: NaiveDate,
    errors: FieldErrors,
    focus_first: bool,
}

impl FollowUpForm {
    pub fn new(contact: ContactId, name: &str, today: NaiveDate) -> Self {
        Self {
            contact,
            name: name.to_owned(),
            what: String::new(),
            due: Due::NoDate,
            due_on: today + Duration::days(7),
            errors: FieldErrors::default(),
            focus_first: true,
        }
    }

    fn submit(&mut self, today: NaiveDate) -> Option<Command> {
        self.errors.clear();
        let draft = FollowUpDraft::new(self.contact, &self.what, self.due.day(today, self.due_on));
        if let Err(error) = draft.validate(today) {
            self.errors.put(&error);
            return None;
        }
        Some(Command::AddFollowUp(draft))
    }
}

impl Form for FollowUpForm {
    fn title(&self) -> &str {
        "Add follow-up"
    }

    fn width(&self) -> f32 {
        480.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| {
            ui.label(format!("What do you mean to do or ask {}?", self.name));
            let hint = "ask how the surgery went, send her the paper…";
            let field = text_field(ui, &mut self.errors, Field::FollowUp, &mut self.what, hint);
            if std::mem::take(&mut self.focus_first) {
                field.request_focus();
            }
            self.due.choice_ui(ui, &mut self.due_on);
            self.errors.slot_ui(ui, Field::Due);
        });
        self.errors.rest_ui(ui);
        save_buttons(ui, "Add follow-up")?.then(|| self.submit(view.today()))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}
