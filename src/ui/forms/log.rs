//! Logging an interaction, or editing one: who it was with (one person or
//! several, each picked by typing part of a name, [`super::picker`]), when,
//! how, and a note; when logging, a follow-up to note with it (for the first
//! person), and the open follow-ups of those chosen to tick off.
//!
//! Each row of chips (channel, who reached out, tone, depth) is one Tab
//! stop, moved with the arrow keys, and the form opens filled in as the
//! occasion suggests (a nudge's reply, a person's usual channel), so that
//! logging from Today takes a key, the note, and Ctrl+Enter.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use egui::{RichText, Ui};

use super::PersonForm;
use super::follow_up::Due;
use super::picker::{PersonPicker, people_matching};
use super::{FieldErrors, Form, date_picker, fields_ui, save_buttons};
use crate::domain::{
    Channel, ContactId, Depth, Field, FollowUpDraft, FollowUpId, Initiator, Interaction,
    InteractionDraft, InteractionId, MAX_PARTICIPANTS, Nudge, NudgeKind, Tone,
};
use crate::ui::view::{PersonPage, ViewModel};
use crate::ui::{Command, widgets};

/// Logging a new interaction or editing one.
pub struct LogForm {
    editing: Option<InteractionId>,
    picker: PersonPicker,
    /// Who of the people chosen reached out, when `initiated_by` is
    /// `Them` (none while no one is chosen).
    initiator: Option<ContactId>,
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
    /// Ask the note for the keyboard next frame.
    focus_note: bool,
    /// "Add … as a new person…" was chosen: the form to open instead.
    next: Option<PersonForm>,
}

/// The channel used most with someone (the latest of those used as often),
/// if any: `channels` newest first.
pub fn most_frequent(channels: impl Iterator<Item = Channel>) -> Option<Channel> {
    let mut counts: Vec<(Channel, usize)> = Vec::new();
    for channel in channels {
        match counts.iter_mut().find(|(c, _)| *c == channel) {
            Some((_, n)) => *n += 1,
            None => counts.push((channel, 1)),
        }
    }
    // `max_by_key` keeps the last of equals: reversed, the newest.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c)
}

impl LogForm {
    /// The form for a new interaction with `contact`, if given, dated now.
    pub fn new(view: &ViewModel, contact: Option<ContactId>) -> Self {
        let mut picker = PersonPicker::new(contact);
        // With no one chosen yet, typing starts with the name.
        picker.focus = contact.is_none();
        Self {
            editing: None,
            picker,
            initiator: None,
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
            focus_note: contact.is_some(),
            next: None,
        }
    }

    /// The form opened on someone's page: on the channel used most with
    /// them.
    pub fn for_person(view: &ViewModel, page: &PersonPage) -> Self {
        let mut form = Self::new(view, Some(page.contact.id));
        let channels = page.interactions.iter().map(|i| i.fields.channel);
        if let Some(channel) = most_frequent(channels) {
            form.channel = channel;
        }
        form
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
        let mut picker = PersonPicker::new(i.participants.iter().copied());
        picker.offer_new = false;
        Self {
            editing: Some(interaction.id),
            picker,
            initiator: i.initiator,
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
            focus_note: false,
            next: None,
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

    fn next(&mut self) -> Option<Box<dyn Form>> {
        self.next.take().map(|form| Box::new(form) as Box<dyn Form>)
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
        if self.picker.ui(ui, view) {
            self.focus_note = true;
        }
        if let Some(name) = self.picker.add_new.take() {
            self.next = Some(PersonForm::named(&name));
        }
        (self.initiated_by, self.initiator) =
            settle_initiator(self.initiated_by, self.initiator, &self.picker.chosen);
        self.errors.slot_ui(ui, Field::Contact);
        self.errors.slot_ui(ui, Field::People);
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
                self.reached_out_ui(ui, view);
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
        // With the person chosen, typing goes on with the note.
        if std::mem::take(&mut self.focus_note) {
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
        let open: Vec<_> = self
            .picker
            .chosen
            .iter()
            .filter_map(|id| view.open_follow_ups.get(id))
            .flatten()
            .collect();
        if open.is_empty() {
            return;
        }
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

    /// "I did", "They did" (with several people, each by name) and
    /// "Mutual", as one row of chips.
    fn reached_out_ui(&mut self, ui: &mut Ui, view: &ViewModel) {
        let people = &self.picker.chosen;
        let one = people.len() <= 1;
        let mut options = vec![(Initiator::Me, None)];
        if one {
            options.push((Initiator::Them, people.first().copied()));
        } else {
            options.extend(people.iter().map(|&id| (Initiator::Them, Some(id))));
        }
        options.push((Initiator::Mutual, None));
        let mut value = (self.initiated_by, self.initiator);
        widgets::choice_row(ui, &mut value, &options, |(by, who)| match (by, who) {
            (Initiator::Me, _) => "I did".to_owned(),
            (Initiator::Mutual, _) => "Mutual".to_owned(),
            (Initiator::Them, Some(id)) if !one => view.name_of(id).unwrap_or("?").to_owned(),
            (Initiator::Them, _) => "They did".to_owned(),
        });
        (self.initiated_by, self.initiator) = value;
    }

    /// Everyone it was with: the chips, and a name typed in full that is
    /// someone's alone.
    fn people(&self, view: &ViewModel) -> Vec<ContactId> {
        let mut people = self.picker.chosen.clone();
        let typed = self.picker.query.trim();
        let exact: Vec<ContactId> = people_matching(view, typed)
            .into_iter()
            .filter(|id| {
                view.name_of(*id)
                    .is_some_and(|n| n.eq_ignore_ascii_case(typed))
            })
            .collect();
        if let [only] = exact[..]
            && !people.contains(&only)
        {
            people.push(only);
        }
        people
    }

    /// Checks the form; the command to save it, if it is valid.
    fn submit(&mut self, view: &ViewModel) -> Option<Command> {
        self.errors.clear();
        let people = self.people(view);
        if people.is_empty() {
            self.errors
                .insert(Field::Contact, "choose who this was with");
        } else if people.len() > MAX_PARTICIPANTS {
            self.errors.insert(
                Field::People,
                format!(
                    "{} are too many for one interaction (at most {MAX_PARTICIPANTS})",
                    people.len()
                ),
            );
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
        let (Some(&first), Some(time)) = (people.first(), time) else {
            return None;
        };
        let (initiated_by, initiator) =
            settle_initiator(self.initiated_by, self.initiator, &people);
        let mut draft = InteractionDraft::with_people(people, NaiveDateTime::new(self.date, time));
        draft.channel = self.channel;
        draft.initiated_by = initiated_by;
        draft.initiator = initiator;
        draft.tone = self.tone;
        draft.depth = self.depth;
        draft.minutes = minutes;
        draft.note = self.note.clone();
        if let Err(error) = draft.validate(view.now) {
            self.errors.put(&error);
        }
        let follow_up = self.checked_follow_up(first, view.today());
        if !self.errors.is_empty() {
            return None;
        }
        let done: Vec<FollowUpId> = self
            .ticked
            .iter()
            .copied()
            .filter(|id| {
                draft.participants.iter().any(|person| {
                    view.open_follow_ups
                        .get(person)
                        .is_some_and(|open| open.iter().any(|f| f.id == *id))
                })
            })
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

/// Who reached out, once the people chosen changed: someone still among
/// them stays; "they did" before anyone was chosen is the first chosen;
/// and when the one who reached out is taken off while others stay, it is
/// no longer known: mutual, the default.
fn settle_initiator(
    initiated_by: Initiator,
    initiator: Option<ContactId>,
    people: &[ContactId],
) -> (Initiator, Option<ContactId>) {
    match (initiated_by, initiator) {
        (Initiator::Them, Some(who)) if people.contains(&who) => (Initiator::Them, Some(who)),
        (Initiator::Them, Some(_)) if !people.is_empty() => (Initiator::default(), None),
        (Initiator::Them, _) => (Initiator::Them, people.first().copied()),
        (other, _) => (other, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_channel_used_most_wins_and_the_newest_breaks_ties() {
        use Channel::{Call, Email, Message};
        assert_eq!(most_frequent([Call, Email, Email].into_iter()), Some(Email));
        assert_eq!(
            most_frequent([Message, Call, Call, Message].into_iter()),
            Some(Message)
        );
        assert_eq!(most_frequent(std::iter::empty()), None);
    }

    #[test]
    fn who_reached_out_follows_the_people_chosen() {
        use Initiator::{Me, Mutual, Them};
        let (ada, grace) = (ContactId(1), ContactId(2));
        let cases = [
            // (before, people, after)
            ((Them, Some(grace)), &[ada, grace][..], (Them, Some(grace))),
            ((Them, Some(grace)), &[ada][..], (Mutual, None)),
            ((Them, Some(ada)), &[][..], (Them, None)),
            ((Them, None), &[grace][..], (Them, Some(grace))),
            ((Them, None), &[][..], (Them, None)),
            ((Me, Some(ada)), &[ada][..], (Me, None)),
            ((Mutual, None), &[ada, grace][..], (Mutual, None)),
        ];
        for ((by, who), people, after) in cases {
            assert_eq!(
                settle_initiator(by, who, people),
                after,
                "{by:?} {who:?} {people:?}"
            );
        }
    }
}
