//! What a person's page keeps of the thread: their nudges (with what can be
//! done about each, and those hidden, to restore), the follow-ups (open
//! ones first), the dates to remember, and the skips.

use chrono::{Duration, NaiveDate};
use egui::{Align, Layout, RichText, Ui};

use crate::domain::{FollowUp, NudgeKind};
use crate::ui::forms::{DateForm, FollowUpForm, SnoozeForm};
use crate::ui::view::{PersonPage, ViewModel};
use crate::ui::{Command, UiState, theme, widgets};

/// Their nudges, each with its actions, and the hidden ones with Restore.
pub fn nudges_ui(
    ui: &mut Ui,
    view: &ViewModel,
    page: &PersonPage,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let id = page.contact.id;
    let today = view.today();
    for nudge in view.nudges_of(id) {
        ui.horizontal(|ui| {
            widgets::nudge_dot(ui, nudge.kind);
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if nudge.kind == NudgeKind::Neglect && ui.small_button("Skip this time").clicked() {
                    cmds.push(Command::Skip(id));
                }
                if ui.small_button("Dismiss").clicked() {
                    cmds.push(Command::Dismiss {
                        contact: Some(id),
                        kind: nudge.kind,
                    });
                }
                if ui.small_button("Snooze…").clicked() {
                    state.form.open(SnoozeForm::for_nudge(nudge, today));
                }
                ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                    let text = RichText::new(&nudge.reason)
                        .color(theme::nudge_color(ui.visuals(), nudge.kind));
                    ui.add(egui::Label::new(text).wrap());
                });
            });
        });
    }
    for hidden in view.hidden_of(id) {
        ui.horizontal(|ui| {
            widgets::nudge_dot(ui, hidden.kind);
            ui.label(RichText::new(format!("{}: {}", hidden.kind.label(), hidden.state())).weak());
            if ui
                .small_button("Restore")
                .on_hover_text("Show it on Today again")
                .clicked()
            {
                cmds.push(Command::RestoreNudge {
                    contact: Some(id),
                    kind: hidden.kind,
                });
            }
        });
    }
}

/// The follow-ups: open ones first, soonest due first, with Done and
/// Delete; the done ones folded below.
pub fn follow_ups_ui(
    ui: &mut Ui,
    view: &ViewModel,
    page: &PersonPage,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let today = view.today();
    let (open, done): (Vec<&FollowUp>, Vec<&FollowUp>) =
        page.follow_ups.iter().partition(|f| !f.is_done());
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("Follow-ups ({} open)", widgets::count(open.len()))).strong(),
            );
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui.small_button("Add follow-up…").clicked() {
                    let form = FollowUpForm::new(page.contact.id, page.contact.name(), today);
                    state.form.open(form);
                }
            });
        });
        if open.is_empty() {
            ui.label(RichText::new("Nothing you meant to do or ask.").weak());
        }
        for follow_up in open {
            ui.horizontal(|ui| {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    delete_button(ui, Command::DeleteFollowUp(follow_up.id), cmds);
                    if ui
                        .small_button("Done")
                        .on_hover_text("Tick it off; Undo takes it back")
                        .clicked()
                    {
                        cmds.push(Command::SetFollowUpDone {
                            id: follow_up.id,
                            done: true,
                        });
                    }
                    let due = follow_up.fields.due.map(|due| {
                        let text = RichText::new(due_text(today, due)).small();
                        if due <= today {
                            text.color(theme::nudge_color(ui.visuals(), NudgeKind::FollowUp))
                        } else {
                            text.weak()
                        }
                    });
                    text_ui(ui, RichText::new(&follow_up.fields.what), due);
                });
            });
        }
        if !done.is_empty() {
            egui::CollapsingHeader::new(format!("Done ({})", widgets::count(done.len())))
                .id_salt(("done follow-ups", page.contact.id))
                .show(ui, |ui| {
                    for follow_up in done {
                        ui.horizontal(|ui| {
                            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                                delete_button(ui, Command::DeleteFollowUp(follow_up.id), cmds);
                                if ui.small_button("Reopen").clicked() {
                                    cmds.push(Command::SetFollowUpDone {
                                        id: follow_up.id,
                                        done: false,
                                    });
                                }
                                let when = follow_up.done_at.map(|at| {
                                    let when = format!("done {}", widgets::ago(today, at.date()));
                                    RichText::new(when).small().weak()
                                });
                                text_ui(ui, RichText::new(&follow_up.fields.what).weak(), when);
                            });
                        });
                    }
                });
        }
    });
}

/// `main`, then ` · note` if any, as one text that wraps in the room
/// left of the buttons (drawn first, right to left).
fn text_ui(ui: &mut Ui, main: RichText, note: Option<RichText>) {
    let style = ui.style().clone();
    let mut job = egui::text::LayoutJob::default();
    let mut add = |text: RichText| {
        text.append_to(
            &mut job,
            &style,
            egui::FontSelection::Default,
            Align::Center,
        );
    };
    add(main);
    if let Some(note) = note {
        add(RichText::new(" · ").weak());
        add(note);
    }
    ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
        ui.add(egui::Label::new(job).wrap());
    });
}

/// Delete, at once: Undo brings it back.
fn delete_button(ui: &mut Ui, delete: Command, cmds: &mut Vec<Command>) {
    if ui
        .small_button("Delete")
        .on_hover_text("Deletes it at once; Undo brings it back")
        .clicked()
    {
        cmds.push(delete);
    }
}

/// "due today", "due in 3 days", "due 2 days ago".
fn due_text(today: NaiveDate, due: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => "due today".to_owned(),
        1 => "due tomorrow".to_owned(),
        days @ 2..=60 => format!("due in {days} days"),
        days if days > 60 => format!("due {}", due.format("%-d %B %Y")),
        _ => format!("due {}", widgets::ago(today, due)),
    }
}

/// The birthday (from their details) and the other dates to remember,
/// with Add, Edit and Delete.
pub fn dates_ui(
    ui: &mut Ui,
    view: &ViewModel,
    page: &PersonPage,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let today = view.today();
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new("Dates to remember").strong());
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui.small_button("Add date…").clicked() {
                    state.form.open(DateForm::add(page.contact.id));
                }
            });
        });
        let birthday = page.contact.fields.birthday;
        if birthday.is_none() && page.dates.is_empty() {
            ui.label(RichText::new("No birthday or other dates yet.").weak());
        }
        if let Some(birthday) = birthday {
            ui.horizontal(|ui| {
                ui.label("Birthday");
                ui.label(RichText::new(yearly_text(today, birthday)).weak());
            })
            .response
            .on_hover_text("Change it with Edit details…");
        }
        for date in &page.dates {
            ui.horizontal(|ui| {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    delete_button(ui, Command::DeleteDate(date.id), cmds);
                    if ui.small_button("Edit…").clicked() {
                        state.form.open(DateForm::edit(date));
                    }
                    let when = RichText::new(yearly_text(today, date.fields.date)).weak();
                    text_ui(ui, RichText::new(&date.fields.label), Some(when));
                });
            });
        }
    });
}

/// "30 November 1985 · in 3 days, turning 41".
fn yearly_text(today: NaiveDate, date: crate::domain::YearlyDate) -> String {
    let mut text = match date.year {
        Some(year) => format!("{} {} {year}", date.day, month_name(date.month)),
        None => format!("{} {}", date.day, month_name(date.month)),
    };
    if let Some(next) = date.next_on_or_after(today) {
        let days = (next - today).num_days();
        let when = match days {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            _ if next <= today + Duration::days(60) => format!("in {days} days"),
            _ => String::new(),
        };
        let turning = date
            .years_on(next)
            .filter(|_| !when.is_empty())
            .map(|years| format!(", turning {years}"))
            .unwrap_or_default();
        if !when.is_empty() {
            text.push_str(&format!(" · {when}{turning}"));
        }
    }
    text
}

fn month_name(month: u32) -> String {
    NaiveDate::from_ymd_opt(2000, month, 1)
        .map(|d| d.format("%B").to_string())
        .unwrap_or_default()
}

/// "Skipped this time on 3 June", for each skip, newest first.
pub fn skips_ui(ui: &mut Ui, page: &PersonPage) {
    let Some(latest) = page.skips.first() else {
        return;
    };
    let more = page.skips.len() - 1;
    let mut text = format!("Skipped this time on {}", day_text(*latest));
    if more > 0 {
        let earlier: Vec<String> = page.skips[1..]
            .iter()
            .take(4)
            .map(|d| day_text(*d))
            .collect();
        text.push_str(&format!(" (before: {})", earlier.join(", ")));
        if more > 4 {
            text.push_str(&format!(" and {} more", more - 4));
        }
    }
    ui.label(RichText::new(text).weak().small());
}

/// "3 June 2026".
fn day_text(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}
