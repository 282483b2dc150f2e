//! Logging an interaction, or editing one: who it was with (picked by
//! typing part of a name), when, how, and a note; when logging, a follow-up
//! to note with it, and the person's open follow-ups to tick off.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use egui::{Key, Modifiers, RichText, Ui};

use super::follow_up::Due;
use super::{FieldErrors, Form, date_picker, fields_ui, save_buttons};
use crate::domain::{
    Channel, ContactId, Depth, Field, FollowUpDraft, FollowUpId, Initiator, Interaction,
    InteractionDraft, InteractionId, Nudge, NudgeKind, Tone,
};
use crate::ui::view::ViewModel;
use crate::ui::{Command, widgets};

/// Logging a new interaction or editing one.
pub struct LogForm {
    editing: Option<InteractionId>,
    person: Option<ContactId>,
    /// When editing a group interaction, everyone else it was with (the
    /// form shows one person; the others stay), and who reached out.
    others: Vec<ContactId>,
    initiator: Option<ContactId>,
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
    /// A follow-up to note with it, and when it is due.
    follow_up: String,
    due: Due,
    due_on: NaiveDate,
    /// Open follow-ups of the person ticked off by this interaction.
    ticked: Vec<FollowUpId>,
    errors: FieldErrors,
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
    /// The form for a new interaction with `contact`, if given, dated now.
    pub fn new(view: &ViewModel, contact: Option<ContactId>) -> Self {
        let person_query = contact
            .and_then(|id| view.name_of(id))
            .unwrap_or_default()
            .to_owned();
        Self {
            editing: None,
            person: contact,
            others: Vec::new(),
            initiator: None,
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
            follow_up: String::new(),
            due: Due::NoDate,
            due_on: view.now.date() + Duration::days(7),
            ticked: Vec::new(),
            errors: FieldErrors::default(),
            focus_first: true,
        }
    }

    /// The form opened from a nudge: a reply to someone waiting on you is
    /// yours, on the channel they used; getting back in touch, or doing
    /// what you promised, is yours too.
    pub fn for_nudge(view: &ViewModel, nudge: &Nudge) -> Self {
        let mut form = Self::new(view, nudge.contact_id);
        match nudge.kind {
            NudgeKind::Unanswered => {
                form.initiated_by = Initiator::Me;
                if let Some(last) = &nudge.last_interaction {
                    form.channel = last.channel;
                }
            }
            NudgeKind::Neglect | NudgeKind::FollowUp => form.initiated_by = Initiator::Me,
            _ => {}
        }
        form
    }

    /// The form holding `interaction`, to change it.
    pub fn edit(interaction: &Interaction) -> Self {
        let i = &interaction.fields;
        Self {
            editing: Some(interaction.id),
            person: i.first_person(),
            others: i.participants.iter().skip(1).copied().collect(),
            initiator: i.initiator,
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
            follow_up: String::new(),
            due: Due::NoDate,
            due_on: i.when.date(),
            ticked: Vec::new(),
            errors: FieldErrors::default(),
            focus_first: false,
        }
    }
}

impl Form for LogForm {
    fn title(&self) -> &str {
        if self.editing.is_some() {
            "Edit interaction"
        } else {
            "Log interaction"
        }
    }

    fn width(&self) -> f32 {
        660.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| self.fields_ui(ui, view));
        self.errors.rest_ui(ui);
        let label = if self.editing.is_some() {
            "Save"
        } else {
            "Log it"
        };
        save_buttons(ui, label)?.then(|| self.submit(view))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }
}

fn format_time(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

impl LogForm {
    fn fields_ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        // Who.
        if self.editing.is_some() {
            let name = self.person.and_then(|id| view.name_of(id)).unwrap_or("?");
            ui.label(format!("With {name}"));
        } else {
            self.person_picker_ui(ui, view);
        }
        self.errors.slot_ui(ui, Field::Contact);
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
        self.errors.slot_ui(ui, Field::When);
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
                    self.errors.slot_ui(ui, Field::Minutes);
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
        self.errors.slot_ui(ui, Field::Note);
        if self.editing.is_none() {
            self.follow_up_ui(ui, view);
        }
    }

    /// The follow-up to note, and the open ones to tick off.
    fn follow_up_ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        ui.add_space(6.0);
        let hint = "optional: what you mean to do or ask next";
        super::text_field(
            ui,
            &mut self.errors,
            Field::FollowUp,
            &mut self.follow_up,
            hint,
        );
        if !self.follow_up.trim().is_empty() {
            self.due.choice_ui(ui, &mut self.due_on);
            self.errors.slot_ui(ui, Field::Due);
        }
        let Some(open) = self
            .person
            .and_then(|id| view.open_follow_ups.get(&id))
            .filter(|open| !open.is_empty())
        else {
            return;
        };
        ui.add_space(6.0);
        ui.label(RichText::new("Open follow-ups: tick what this took care of").weak());
        for follow_up in open {
            let mut ticked = self.ticked.contains(&follow_up.id);
            let text = match follow_up.due {
                Some(due) => format!("{} (due {})", follow_up.what, due.format("%-d %b")),
                None => follow_up.what.clone(),
            };
            if ui.checkbox(&mut ticked, text).changed() {
                if ticked {
                    self.ticked.push(follow_up.id);
                } else {
                    self.ticked.retain(|id| *id != follow_up.id);
                }
            }
        }
    }

    /// The follow-up to note, checked: `None` when there is none (or it
    /// is wrong: the problem is kept then).
    fn checked_follow_up(
        &mut self,
        person: ContactId,
        today: NaiveDate,
    ) -> Option<(String, Option<NaiveDate>)> {
        let what = self.follow_up.trim();
        if what.is_empty() {
            return None;
        }
        let due = self.due.day(today, self.due_on);
        // Due on the interaction's day at the earliest: a back-dated one
        // may note what was due since.
        let draft = FollowUpDraft::new(person, what, due);
        match draft.validate(self.date.min(today)) {
            Ok(()) => Some((draft.what, draft.due)),
            Err(error) => {
                self.errors.put(&error);
                None
            }
        }
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

    /// Checks the form; the command to save it, if it is valid.
    fn submit(&mut self, view: &ViewModel) -> Option<Command> {
        self.errors.clear();
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
            self.errors
                .insert(Field::Contact, "choose who this was with");
        }
        let time = parse_time(&self.time);
        if time.is_none() {
            self.errors.insert(
                Field::When,
                format!("{:?} is not a time (expected HH:MM)", self.time),
            );
        }
        let minutes = match self.minutes.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(m) => Some(m),
                Err(_) => {
                    self.errors
                        .insert(Field::Minutes, format!("{text:?} is not a whole number"));
                    None
                }
            },
        };
        let (Some(person), Some(time)) = (person, time) else {
            return None;
        };
        let mut people = vec![person];
        people.extend(self.others.iter().copied().filter(|&other| other != person));
        let mut draft = InteractionDraft::with_people(people, NaiveDateTime::new(self.date, time));
        draft.channel = self.channel;
        draft.initiated_by = self.initiated_by;
        // "Them" is whoever reached out before, if still in it; else the
        // person the form shows.
        draft.initiator = (self.initiated_by == Initiator::Them).then(|| {
            self.initiator
                .filter(|who| draft.participants.contains(who))
                .unwrap_or(person)
        });
        draft.tone = self.tone;
        draft.depth = self.depth;
        draft.minutes = minutes;
        draft.note = self.note.clone();
        if let Err(error) = draft.validate(view.now) {
            self.errors.put(&error);
        }
        let follow_up = self.checked_follow_up(person, view.today());
        if !self.errors.is_empty() {
            return None;
        }
        let open = view.open_follow_ups.get(&person);
        let done: Vec<FollowUpId> = self
            .ticked
            .iter()
            .copied()
            .filter(|id| open.is_some_and(|open| open.iter().any(|f| f.id == *id)))
            .collect();
        Some(match self.editing {
            Some(id) => Command::UpdateInteraction { id, fields: draft },
            None => Command::LogInteraction {
                interaction: draft,
                follow_up,
                done,
            },
        })
    }
}
