//! A person's page: who they are and how you met, their nudges, their
//! follow-ups and dates to remember ([`remember`]), their details, the trust
//! history, a chart of the relationship's story, and every interaction,
//! newest first, each editable and deletable.

mod remember;

use chrono::{NaiveDate, NaiveDateTime};
use egui::{RichText, Ui};
use egui_plot::{Line, MarkerShape, Plot, PlotPoints, Points};

use super::forms::{DeletePersonForm, LogForm, PersonForm, TrustForm};
use super::view::{PersonPage, ViewModel};
use super::{Command, Screen, UiState, theme, widgets};
use crate::domain::{
    Channel, ContactId, Initiator, Interaction, Tone, TrustLevel, level_on, names_in_a_row,
};

const TIMELINE_ROW: f32 = 58.0;

/// What the person page keeps between frames.
#[derive(Default)]
pub struct PersonState {
    /// Narrows the timeline to interactions whose note contains this.
    pub note_query: String,
}

pub fn person_ui(
    ui: &mut Ui,
    view: &ViewModel,
    id: ContactId,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let Some(page) = view.person.as_ref().filter(|p| p.contact.id == id) else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.label("This person is no longer here.");
            if ui.button("Back to people").clicked() {
                cmds.push(Command::Show(Screen::People));
            }
        });
        return;
    };
    header_ui(ui, view, page, state, cmds);
    ui.add_space(8.0);
    // Details and trust on the left, the story and timeline on the right,
    // each scrolling on its own.
    let size = ui.available_size();
    let left_width = (size.x * 0.36).clamp(280.0, 420.0);
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(left_width, size.y),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("person details")
                    .auto_shrink(false)
                    .show(ui, |ui| {
                        remember::follow_ups_ui(ui, view, page, state, cmds);
                        ui.add_space(10.0);
                        remember::dates_ui(ui, view, page, state, cmds);
                        ui.add_space(10.0);
                        details_ui(ui, view, page);
                        ui.add_space(10.0);
                        trust_ui(ui, view, page, state);
                    });
            },
        );
        ui.add_space(12.0);
        ui.allocate_ui_with_layout(
            egui::vec2(ui.available_width(), size.y),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                story_ui(ui, view, page);
                ui.add_space(6.0);
                timeline_ui(ui, view, page, state, cmds);
            },
        );
    });
}

fn header_ui(
    ui: &mut Ui,
    view: &ViewModel,
    page: &PersonPage,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let contact = &page.contact;
    let fields = &contact.fields;
    let today = view.today();
    ui.horizontal(|ui| {
        ui.heading(contact.name());
        if let Some(nickname) = &fields.nickname {
            ui.label(RichText::new(format!("“{nickname}”")).weak());
        }
        if contact.archived {
            widgets::pill(ui, "archived", ui.visuals().weak_text_color());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.menu_button("More", |ui| {
                let (label, archived) = if contact.archived {
                    ("Unarchive", false)
                } else {
                    ("Archive", true)
                };
                if ui
                    .button(label)
                    .on_hover_text("Archived people are hidden from lists and get no nudges")
                    .clicked()
                {
                    cmds.push(Command::SetArchived {
                        id: contact.id,
                        archived,
                    });
                    ui.close();
                }
                if ui.button("Delete person…").clicked() {
                    state.form.open(DeletePersonForm::new(page));
                    ui.close();
                }
            });
            if ui.button("Edit details…").clicked() {
                state.form.open(PersonForm::edit(contact));
            }
            if ui.button("Set trust…").clicked() {
                state.form.open(TrustForm::new(contact, today));
            }
            if ui.button("Log interaction…").clicked() {
                state.form.open(LogForm::new(view, Some(contact.id)));
            }
        });
    });
    ui.horizontal_wrapped(|ui| {
        widgets::trust_badge(ui, contact.trust);
        ui.label(fields.circle.label());
        ui.label(RichText::new("·").weak());
        let known = contact.known_since();
        ui.label(format!(
            "known since {known} ({})",
            widgets::ago(today, known).replace(" ago", "")
        ));
        let met: Vec<String> = [
            fields.met_via.map(|via| via.label().to_lowercase()),
            fields.met_where.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !met.is_empty() {
            ui.label(RichText::new("·").weak());
            ui.label(format!("met: {}", met.join(", ")));
        }
    });
    remember::nudges_ui(ui, view, page, state, cmds);
    remember::skips_ui(ui, page);
}

fn details_ui(ui: &mut Ui, view: &ViewModel, page: &PersonPage) {
    let contact = &page.contact;
    let fields = &contact.fields;
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Details").strong());
        egui::Grid::new("details")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                let row = |ui: &mut Ui, label: &str, value: String| {
                    ui.label(RichText::new(label).weak());
                    ui.add(egui::Label::new(value).wrap());
                    ui.end_row();
                };
                for email in &fields.emails {
                    row(ui, "email", email.to_string());
                }
                for phone in &fields.phones {
                    row(ui, "phone", phone.to_string());
                }
                if let Some(org) = &fields.organisation {
                    row(ui, "organisation", org.clone());
                }
                if let Some(on) = fields.met_on {
                    row(ui, "met on", on.to_string());
                }
                if !fields.tags.is_empty() {
                    row(ui, "tags", fields.tags.join(", "));
                }
                let cadence = match fields.cadence_days {
                    Some(0) => "never nudge".to_owned(),
                    Some(days) => format!("every {days} days (your setting)"),
                    None => match view.settings.cadence_for(contact.trust) {
                        Some(days) => format!("every {days} days ({})", contact.trust),
                        None => format!("no reminders ({})", contact.trust),
                    },
                };
                row(ui, "keep in touch", cadence);
                row(
                    ui,
                    "last contact",
                    widgets::last_contact(view.today(), contact.summary.last_interaction_at),
                );
            });
        if !fields.notes.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Notes").weak());
            ui.add(egui::Label::new(&fields.notes).wrap());
        }
    });
}

fn trust_ui(ui: &mut Ui, view: &ViewModel, page: &PersonPage, state: &mut UiState) {
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new("Trust").strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button("Set trust…").clicked() {
                    state.form.open(TrustForm::new(&page.contact, view.today()));
                }
            });
        });
        for change in page.trust_history.iter().rev() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(change.on.to_string()).weak().monospace());
                widgets::trust_badge(ui, change.level);
                if !change.reason.is_empty() {
                    ui.add(egui::Label::new(&change.reason).wrap());
                }
            });
        }
    });
}

/// Grid marks on calendar boundaries for the chart's day axis: the first
/// of each month, or of each year over long spans, or Mondays over short
/// ones, so that every label is a real date.
fn calendar_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    use chrono::{Datelike, Duration};
    let (min, max) = input.bounds;
    let (Some(first), Some(last)) = (date_at(min.floor()), date_at(max.floor())) else {
        return Vec::new();
    };
    let span = max - min;
    let mut marks = Vec::new();
    let mut push = |date: NaiveDate, step: f64| {
        marks.push(egui_plot::GridMark {
            value: day_number(date),
            step_size: step,
        });
    };
    if span <= 45.0 {
        let mut monday =
            first + Duration::days(i64::from((7 - first.weekday().num_days_from_monday()) % 7));
        while monday <= last {
            push(monday, 7.0);
            monday += Duration::days(7);
        }
    } else if span <= 4.0 * 365.0 {
        let every = if span <= 2.0 * 365.0 { 1 } else { 3 };
        let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1);
        while let Some(start) = month.filter(|m| *m <= last) {
            if start >= first && (start.month0() % every == 0) {
                push(start, 30.0 * f64::from(every));
            }
            month = start.checked_add_months(chrono::Months::new(1));
        }
    } else {
        // Round years, about twenty at most however far out it is zoomed.
        let every = [
            1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000,
        ]
        .into_iter()
        .find(|every| span / (365.0 * f64::from(*every)) <= 20.0)
        .unwrap_or(1_000_000);
        let from = first.year().div_euclid(every) * every;
        for year in (from..=last.year()).step_by(every as usize) {
            if let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1).filter(|d| *d >= first) {
                push(start, 365.0 * f64::from(every));
            }
        }
    }
    marks
}

/// The date `days` days after 1970-01-01, if there is one: a chart zoomed
/// far out reaches values no date can hold.
fn date_at(days: f64) -> Option<NaiveDate> {
    // `as` saturates; `try_days` refuses what a duration cannot hold.
    chrono::Duration::try_days(days as i64)
        .and_then(|offset| NaiveDate::default().checked_add_signed(offset))
}

/// The label of a mark on the day axis, as precise as the span shown.
fn x_label(value: f64, span: f64) -> String {
    let format = if span <= 45.0 {
        "%-d %b"
    } else if span <= 4.0 * 365.0 {
        "%b %Y"
    } else {
        "%Y"
    };
    date_at(value.round())
        .map(|d| d.format(format).to_string())
        .unwrap_or_default()
}

/// Days since 1970-01-01, the chart's x axis.
fn day_number(day: NaiveDate) -> f64 {
    (day - NaiveDate::default()).num_days() as f64
}

fn at_number(at: NaiveDateTime) -> f64 {
    day_number(at.date())
        + f64::from(chrono::Timelike::num_seconds_from_midnight(&at.time())) / 86_400.0
}

fn channel_shape(channel: Channel) -> MarkerShape {
    match channel {
        Channel::InPerson => MarkerShape::Circle,
        Channel::Call => MarkerShape::Diamond,
        Channel::Video => MarkerShape::Square,
        Channel::Message => MarkerShape::Up,
        Channel::Email => MarkerShape::Right,
        Channel::Social => MarkerShape::Asterisk,
        Channel::Letter => MarkerShape::Plus,
        Channel::Other => MarkerShape::Cross,
    }
}

fn tone_color(visuals: &egui::Visuals, tone: Tone) -> egui::Color32 {
    match tone {
        Tone::Positive => theme::trust_color(visuals, TrustLevel::Trusted),
        Tone::Neutral => visuals.weak_text_color(),
        Tone::Negative => theme::error(visuals),
    }
}

/// The relationship's story: trust as a step line, each interaction as a
/// mark near it, shaped by channel and coloured by tone.
fn story_ui(ui: &mut Ui, view: &ViewModel, page: &PersonPage) {
    let today = view.today();
    let history: Vec<(NaiveDate, TrustLevel)> =
        page.trust_history.iter().map(|c| (c.on, c.level)).collect();
    let start = page
        .contact
        .known_since()
        .min(history.first().map_or(today, |h| h.0));
    let mut steps: Vec<[f64; 2]> = Vec::new();
    for (on, level) in &history {
        let y = f64::from(level.number());
        if let Some(last) = steps.last().copied() {
            steps.push([day_number(*on), last[1]]);
        }
        steps.push([day_number(*on), y]);
    }
    if let Some(last) = steps.last().copied() {
        steps.push([day_number(today), last[1]]);
    }
    let visuals = ui.visuals().clone();
    ui.label(RichText::new("Story").strong());
    Plot::new(("story", page.contact.id.0))
        .height(180.0)
        .include_y(0.5)
        .include_y(5.5)
        .include_x(day_number(start) - 5.0)
        .include_x(day_number(today) + 5.0)
        .allow_scroll(false)
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .show_grid([false, true])
        .y_grid_spacer(|_| {
            (1..=5)
                .map(|y| egui_plot::GridMark {
                    value: f64::from(y),
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(|mark, _| {
            TrustLevel::from_number(mark.value.round() as i64)
                .map(|l| l.label().to_owned())
                .unwrap_or_default()
        })
        .x_grid_spacer(calendar_marks)
        .x_axis_formatter(|mark, range| x_label(mark.value, range.end() - range.start()))
        .label_formatter(|_| None)
        .show(ui, |plot| {
            plot.line(
                Line::new("trust", PlotPoints::from(steps))
                    .color(theme::trust_color(&visuals, TrustLevel::Familiar))
                    .width(2.0)
                    // Steps have vertical segments; keep them as drawn.
                    .allow_band(false),
            );
            // One series per (channel, tone), so each keeps its shape and colour.
            for &channel in Channel::ALL {
                for tone in [Tone::Positive, Tone::Neutral, Tone::Negative] {
                    let offset = match tone {
                        Tone::Positive => 0.18,
                        Tone::Neutral => 0.0,
                        Tone::Negative => -0.18,
                    };
                    let points: Vec<[f64; 2]> = page
                        .interactions
                        .iter()
                        .map(|i| &i.fields)
                        .filter(|i| i.channel == channel && i.tone == tone)
                        .map(|i| {
                            let level =
                                level_on(&history, i.when.date()).unwrap_or(TrustLevel::Handshake);
                            [at_number(i.when), f64::from(level.number()) + offset]
                        })
                        .collect();
                    if !points.is_empty() {
                        plot.points(
                            Points::new(channel.label(), points)
                                .shape(channel_shape(channel))
                                .color(tone_color(&visuals, tone))
                                .radius(5.0)
                                .filled(true),
                        );
                    }
                }
            }
        });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let weak = ui.visuals().weak_text_color();
        for &channel in Channel::ALL {
            marker_ui(ui, channel_shape(channel), weak);
            ui.label(RichText::new(channel.label().to_lowercase()).small().weak());
            ui.add_space(6.0);
        }
        for tone in [Tone::Positive, Tone::Neutral, Tone::Negative] {
            marker_ui(ui, MarkerShape::Circle, tone_color(&visuals, tone));
            ui.label(RichText::new(tone.label().to_lowercase()).small().weak());
            ui.add_space(6.0);
        }
    });
}

/// A small marker like the chart's, for its legend.
fn marker_ui(ui: &mut Ui, shape: MarkerShape, color: egui::Color32) {
    use egui::{Pos2, Shape, Stroke, pos2, vec2};
    let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), egui::Sense::hover());
    let c = rect.center();
    let r = 4.0;
    let stroke = Stroke::new(1.5, color);
    let polygon = |points: Vec<Pos2>| Shape::convex_polygon(points, color, Stroke::NONE);
    let painter = ui.painter();
    match shape {
        MarkerShape::Circle => {
            painter.circle_filled(c, r, color);
        }
        MarkerShape::Diamond => {
            painter.add(polygon(vec![
                pos2(c.x, c.y - r),
                pos2(c.x + r, c.y),
                pos2(c.x, c.y + r),
                pos2(c.x - r, c.y),
            ]));
        }
        MarkerShape::Square => {
            painter.rect_filled(
                egui::Rect::from_center_size(c, vec2(2.0 * r, 2.0 * r) * 0.8),
                0.0,
                color,
            );
        }
        MarkerShape::Up => {
            painter.add(polygon(vec![
                pos2(c.x, c.y - r),
                pos2(c.x + r, c.y + r),
                pos2(c.x - r, c.y + r),
            ]));
        }
        MarkerShape::Right => {
            painter.add(polygon(vec![
                pos2(c.x + r, c.y),
                pos2(c.x - r, c.y + r),
                pos2(c.x - r, c.y - r),
            ]));
        }
        MarkerShape::Plus => {
            painter.line_segment([pos2(c.x - r, c.y), pos2(c.x + r, c.y)], stroke);
            painter.line_segment([pos2(c.x, c.y - r), pos2(c.x, c.y + r)], stroke);
        }
        MarkerShape::Cross => {
            painter.line_segment([pos2(c.x - r, c.y - r), pos2(c.x + r, c.y + r)], stroke);
            painter.line_segment([pos2(c.x - r, c.y + r), pos2(c.x + r, c.y - r)], stroke);
        }
        _ => {
            // Asterisk: a plus and a cross.
            for (dx, dy) in [(r, 0.0), (0.0, r), (0.7 * r, 0.7 * r), (0.7 * r, -0.7 * r)] {
                painter.line_segment([pos2(c.x - dx, c.y - dy), pos2(c.x + dx, c.y + dy)], stroke);
            }
        }
    }
}

fn timeline_ui(
    ui: &mut Ui,
    view: &ViewModel,
    page: &PersonPage,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "Interactions ({})",
                widgets::count(page.interactions.len())
            ))
            .strong(),
        );
        if page.interactions.len() > 3 {
            let label = ui.label(RichText::new("search notes").weak().small());
            ui.add(
                egui::TextEdit::singleline(&mut state.person.note_query)
                    .hint_text("a word from a note")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
        }
    });
    if page.interactions.is_empty() {
        ui.label(RichText::new("Nothing logged yet.").weak());
        if ui.button("Log the first interaction…").clicked() {
            state.form.open(LogForm::new(view, Some(page.contact.id)));
        }
        return;
    }
    let query = state.person.note_query.trim().to_lowercase();
    let shown: Vec<&Interaction> = if query.is_empty() {
        page.interactions.iter().collect()
    } else {
        page.interactions
            .iter()
            .filter(|i| i.fields.note.to_lowercase().contains(&query))
            .collect()
    };
    egui::ScrollArea::vertical()
        .id_salt("timeline")
        .auto_shrink(false)
        .show_rows(ui, TIMELINE_ROW, shown.len(), |ui, range| {
            for interaction in &shown[range] {
                interaction_row_ui(ui, view, page.contact.id, interaction, state, cmds);
            }
        });
}

fn initiator_text(initiator: Initiator) -> &'static str {
    match initiator {
        Initiator::Me => "you reached out",
        Initiator::Them => "they reached out",
        Initiator::Mutual => "mutual",
    }
}

fn interaction_row_ui(
    ui: &mut Ui,
    view: &ViewModel,
    person: ContactId,
    interaction: &Interaction,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let i = &interaction.fields;
    let name = |id: ContactId| view.name_of(id).unwrap_or("someone who is gone");
    // A group interaction says who else was there, and who of them
    // reached out.
    let others: Vec<&str> = i
        .participants
        .iter()
        .filter(|&&p| p != person)
        .map(|&p| name(p))
        .collect();
    let initiated = match i.initiator {
        Some(who) if i.is_group() && who != person => format!("{} reached out", name(who)),
        _ => initiator_text(i.initiated_by).to_owned(),
    };
    ui.allocate_ui(egui::vec2(ui.available_width(), TIMELINE_ROW), |ui| {
        ui.set_min_height(TIMELINE_ROW);
        ui.horizontal(|ui| {
            ui.label(RichText::new(i.when.format("%Y-%m-%d %H:%M").to_string()).monospace());
            ui.label(RichText::new(i.channel.label()).strong());
            let mut facts = Vec::new();
            if !others.is_empty() {
                facts.push(format!("with {}", names_in_a_row(&others)));
            }
            facts.push(initiated);
            facts.push(i.tone.label().to_lowercase());
            facts.push(i.depth.label().to_lowercase());
            if let Some(minutes) = i.minutes {
                facts.push(format!("{minutes} min"));
            }
            ui.add(egui::Label::new(RichText::new(facts.join(" · ")).weak()).truncate());
        });
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button("Delete")
                    .on_hover_text("Deletes it at once; Undo brings it back")
                    .clicked()
                {
                    cmds.push(Command::DeleteInteraction(interaction.id));
                }
                if ui.small_button("Edit…").clicked() {
                    state.form.open(LogForm::edit(interaction));
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let note = if i.note.is_empty() {
                        "no note"
                    } else {
                        i.note.lines().next().unwrap_or("")
                    };
                    let text = if i.note.is_empty() {
                        RichText::new(note).weak().italics()
                    } else {
                        RichText::new(note)
                    };
                    // egui shows a cut-short line whole on hover; a note of
                    // several lines shows whole on hover too.
                    let label = ui.add(egui::Label::new(text).truncate());
                    if i.note.contains('\n') {
                        label.on_hover_text(&i.note);
                    }
                });
            });
        });
        ui.separator();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(from: &str, to: &str) -> Vec<NaiveDate> {
        let d = |s: &str| crate::domain::time::parse_date(crate::domain::Field::When, s).unwrap();
        let input = egui_plot::GridInput {
            bounds: (day_number(d(from)), day_number(d(to))),
            base_step_size: 1.0,
        };
        calendar_marks(input)
            .into_iter()
            .map(|m| NaiveDate::default() + chrono::Duration::days(m.value as i64))
            .collect()
    }

    #[test]
    fn the_chart_marks_calendar_boundaries_for_its_span() {
        let d = |s: &str| crate::domain::time::parse_date(crate::domain::Field::When, s).unwrap();
        // Weeks: Mondays.
        assert_eq!(
            marks("2026-11-01", "2026-11-20"),
            [d("2026-11-02"), d("2026-11-09"), d("2026-11-16")]
        );
        // Months: the first of each.
        assert_eq!(
            marks("2026-08-15", "2026-11-20"),
            [d("2026-09-01"), d("2026-10-01"), d("2026-11-01")]
        );
        // Years: the first of January.
        assert_eq!(
            marks("2019-06-01", "2026-11-20"),
            (2020..=2026)
                .map(|y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_chart_zoomed_far_out_marks_few_years_and_never_panics() {
        // Beyond what a date can hold: no marks, no panic.
        for bounds in [(-1e300, 1e300), (-1e18, 1e18), (f64::MIN, f64::MAX)] {
            let input = egui_plot::GridInput {
                bounds,
                base_step_size: 1.0,
            };
            assert!(calendar_marks(input).is_empty(), "{bounds:?}");
        }
        // A hundred thousand years: a few round years, not one per year.
        let input = egui_plot::GridInput {
            bounds: (-18_000_000.0, 18_000_000.0),
            base_step_size: 1.0,
        };
        let marks = calendar_marks(input);
        assert!(!marks.is_empty() && marks.len() <= 40, "{}", marks.len());
        assert_eq!(x_label(0.0, 20_000.0), "1970");
        assert_eq!(x_label(1e300, 20_000.0), "");
    }
}
