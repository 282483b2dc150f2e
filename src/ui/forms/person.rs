//! Adding a person, or editing one: the name and how you met first, the
//! rest under "More details".

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::{FieldErrors, Form, date_picker, fields_ui, save_buttons, text_area, text_field};
use crate::domain::time::parse_date;
use crate::domain::{
    Birthday, Circle, Contact, ContactDraft, ContactId, Field, Labeled, MetVia, TrustLevel,
};
use crate::ui::view::ViewModel;
use crate::ui::{Command, widgets};

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
    /// The first assessment, when adding; `None` until a level is chosen
    /// (someone just met is not assessed yet).
    trust: Option<TrustLevel>,
    cadence: String,
    tags: String,
    emails: String,
    phones: String,
    birthday: String,
    organisation: String,
    notes: String,
    errors: FieldErrors,
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
    /// The form for someone new.
    pub fn add() -> Self {
        Self::new(None, &ContactDraft::default(), None)
    }

    /// The form for a new person called `name`.
    pub fn named(name: &str) -> Self {
        Self::new(None, &ContactDraft::named(name), None)
    }

    /// The form holding `contact`'s details, to change them.
    pub fn edit(contact: &Contact) -> Self {
        Self::new(Some(contact.id), &contact.fields, Some(contact.trust))
    }

    fn new(id: Option<ContactId>, fields: &ContactDraft, trust: Option<TrustLevel>) -> Self {
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
            errors: FieldErrors::default(),
            focus_first: true,
        }
    }

    fn fields_ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        let adding = self.id.is_none();
        let errors = &mut self.errors;
        let name = text_field(ui, errors, Field::Name, &mut self.name, "required");
        if std::mem::take(&mut self.focus_first) {
            name.request_focus();
        }
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
        let errors = &mut self.errors;
        let hint = "SXSW 2026, @garyvee thread…";
        text_field(ui, errors, Field::MetWhere, &mut self.met_where, hint);
        // When you met: typed, or picked on the calendar as every date is.
        let label = ui.label(Field::MetOn.label());
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.met_on)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(120.0),
            )
            .labelled_by(label.id);
            let typed = parse_date(Field::MetOn, self.met_on.trim()).ok();
            let mut day = typed.unwrap_or_else(|| view.today());
            date_picker(ui, "met on", &mut day);
            if typed.is_some_and(|t| t != day) || (typed.is_none() && day != view.today()) {
                self.met_on = day.to_string();
            }
        });
        errors.slot_ui(ui, Field::MetOn);
        if adding {
            ui.add_space(4.0);
            ui.label("Trust");
            let levels: Vec<Option<TrustLevel>> = std::iter::once(None)
                .chain(TrustLevel::ALL.iter().copied().map(Some))
                .collect();
            widgets::choice_row(ui, &mut self.trust, &levels, |level| {
                level.map_or("Not assessed yet", TrustLevel::label)
            });
            let meaning = self.trust.map_or(
                "Choose a level once you know how far you trust them: a level you set is \
                 where their story starts, never a rise.",
                widgets::trust_meaning,
            );
            ui.add(egui::Label::new(RichText::new(meaning).weak().small()).wrap());
        }
        ui.add_space(4.0);
        egui::CollapsingHeader::new("More details")
            .default_open(!adding)
            .show(ui, |ui| self.details_ui(ui, view));
    }

    fn details_ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        let errors = &mut self.errors;
        text_field(ui, errors, Field::Nickname, &mut self.nickname, "");
        text_field(ui, errors, Field::Organisation, &mut self.organisation, "");
        let hint = "one per line; work: ada@example.org";
        text_area(ui, errors, Field::Email, &mut self.emails, hint, 2);
        let hint = "one per line; mobile: +44 20 7946 0958";
        text_area(ui, errors, Field::Phone, &mut self.phones, hint, 2);
        let hint = "YYYY-MM-DD, or --MM-DD without the year";
        text_field(ui, errors, Field::Birthday, &mut self.birthday, hint);
        text_field(ui, errors, Field::Tag, &mut self.tags, "comma separated");
        let default = view
            .settings
            .cadence_for(self.trust.unwrap_or_default())
            .map_or("no reminders".to_owned(), |d| format!("every {d} days"));
        let hint = format!("default for their trust: {default}; 0 = never");
        text_field(ui, errors, Field::Cadence, &mut self.cadence, &hint);
        let hint = "What matters to them";
        text_area(ui, errors, Field::Notes, &mut self.notes, hint, 4);
    }

    /// Builds the draft, checking every field; `None` if anything is wrong.
    fn draft(&mut self, today: NaiveDate) -> Option<ContactDraft> {
        self.errors.clear();
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
                Err(e) => self.errors.put(&e),
            }
        }
        if let Some(text) = optional(&self.birthday) {
            match Birthday::parse(text) {
                Ok(birthday) => draft.birthday = Some(birthday),
                Err(e) => self.errors.put(&e),
            }
        }
        if let Some(text) = optional(&self.cadence) {
            match text.parse::<u32>() {
                Ok(days) => draft.cadence_days = Some(days),
                Err(_) => {
                    self.errors
                        .insert(Field::Cadence, format!("{text:?} is not a number of days"));
                }
            }
        }
        draft.tags = self.tags.split(',').map(str::to_owned).collect();
        draft.emails = self.emails.lines().map(Labeled::parse).collect();
        draft.phones = self.phones.lines().map(Labeled::parse).collect();
        draft.normalise();
        if let Err(e) = draft.validate(today) {
            self.errors.put(&e);
        }
        self.errors.is_empty().then_some(draft)
    }

    /// Checks the form; the command to save it, if it is valid.
    fn submit(&mut self, view: &ViewModel) -> Option<Command> {
        let fields = self.draft(view.today())?;
        Some(match self.id {
            Some(id) => Command::UpdatePerson {
                id,
                fields,
                loaded: Box::new(self.loaded.clone()),
            },
            None => Command::AddPerson {
                fields,
                trust: self.trust,
            },
        })
    }
}

impl Form for PersonForm {
    fn title(&self) -> &str {
        if self.id.is_some() {
            "Edit person"
        } else {
            "Add person"
        }
    }

    fn width(&self) -> f32 {
        if self.id.is_some() { 560.0 } else { 520.0 }
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| self.fields_ui(ui, view));
        self.errors.rest_ui(ui);
        let label = if self.id.is_some() {
            "Save"
        } else {
            "Add person"
        };
        save_buttons(ui, label)?.then(|| self.submit(view))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}
