//! A person's page: who they are and how you met, their nudges, their
//! follow-ups and dates to remember ([`remember`]), their details, the trust
//! history, a chart of the relationship's story, and every interaction,
//! newest first, each editable and deletable.

mod remember;
mod story;

use egui::{RichText, Ui};

use super::forms::{DeletePersonForm, LogForm, PersonForm, TrustForm};
use super::view::{PersonPage, ViewModel};
use super::{Command, Screen, UiState, theme, widgets};
use crate::domain::{ContactId, Initiator, Interaction, InteractionId};

const TIMELINE_ROW: f32 = 58.0;

/// The timeline's height when the page is one column.
const STACKED_TIMELINE: f32 = 420.0;

/// What the person page keeps between frames.
#[derive(Default)]
pub struct PersonState {
    /// Narrows the timeline to interactions whose note contains this.
    pub note_query: String,
    /// Where the story chart drew each interaction last frame.
    marks: Vec<(egui::Pos2, InteractionId)>,
    /// An interaction clicked in the chart, for the timeline to scroll to.
    scroll_to: Option<InteractionId>,
}

impl PersonState {
    /// Where the story chart drew each interaction last frame (in window
    /// points), for tests that point at a mark.
    pub fn marks(&self) -> &[(egui::Pos2, InteractionId)] {
        &self.marks
    }
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
    if super::is_narrow(ui.ctx()) {
        // One column: everything scrolls together, the timeline last with
        // a height of its own.
        egui::ScrollArea::vertical()
            .id_salt("person page")
            .auto_shrink(false)
            .show(ui, |ui| {
                story::story_ui(ui, view, page, &mut state.person);
                ui.add_space(10.0);
                details_column_ui(ui, view, page, state, cmds);
                ui.add_space(10.0);
                ui.allocate_ui(egui::vec2(ui.available_width(), STACKED_TIMELINE), |ui| {
                    timeline_ui(ui, view, page, state, cmds);
                });
            });
        return;
    }
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
                    .show(ui, |ui| details_column_ui(ui, view, page, state, cmds));
            },
        );
        ui.add_space(12.0);
        ui.allocate_ui_with_layout(
            egui::vec2(ui.available_width(), size.y),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                story::story_ui(ui, view, page, &mut state.person);
                ui.add_space(6.0);
                timeline_ui(ui, view, page, state, cmds);
            },
        );
    });
}

/// Follow-ups, dates to remember, details and trust.
fn details_column_ui(
    ui: &mut Ui,
    view: &ViewModel,
    page: &PersonPage,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    remember::follow_ups_ui(ui, view, page, state, cmds);
    ui.add_space(10.0);
    remember::dates_ui(ui, view, page, state, cmds);
    ui.add_space(10.0);
    details_ui(ui, view, page);
    ui.add_space(10.0);
    trust_ui(ui, view, page, state);
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
        if widgets::back_button(ui)
            .on_hover_text(format!(
                "Back ({} or Esc)",
                ui.ctx().format_shortcut(&super::shortcuts::BACK)
            ))
            .clicked()
        {
            state.back(cmds);
        }
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
                state.form.open(LogForm::for_person(view, page));
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
                    // An address breaks nowhere: cut short, whole on hover.
                    ui.label(RichText::new("email").weak());
                    ui.add(egui::Label::new(email.to_string()).truncate());
                    ui.end_row();
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
            state.form.open(LogForm::for_person(view, page));
        }
        return;
    }
    // As People searches: accents folded, every word starting a word.
    let query = crate::domain::search::query_words(&state.person.note_query);
    let shown: Vec<&Interaction> = if query.is_empty() {
        page.interactions.iter().collect()
    } else {
        page.interactions
            .iter()
            .filter(|i| {
                let note = crate::domain::search::fold(&i.fields.note);
                query
                    .iter()
                    .all(|w| crate::domain::search::starts_word_in(&note, w))
            })
            .collect()
    };
    let mut area = egui::ScrollArea::vertical()
        .id_salt("timeline")
        .auto_shrink(false);
    if let Some(id) = state.person.scroll_to.take()
        && let Some(at) = shown.iter().position(|i| i.id == id)
    {
        // `show_rows` spaces rows by their height and the item spacing.
        let row = TIMELINE_ROW + ui.spacing().item_spacing.y;
        area = area.vertical_scroll_offset(at as f32 * row);
    }
    area.show_rows(ui, TIMELINE_ROW, shown.len(), |ui, range| {
        for interaction in &shown[range] {
            interaction_row_ui(ui, view, page.contact.id, interaction, state, cmds);
        }
    });
}

/// "with Ada, Grace and Tom", each name opening that person's page. The
/// names take at most about two thirds of the row (the rest says how it
/// went): those that do not fit are counted, "and 3 more", and named on
/// hover.
fn with_ui(ui: &mut Ui, view: &ViewModel, others: &[ContactId], cmds: &mut Vec<Command>) {
    let names: Vec<(ContactId, &str)> = others
        .iter()
        .map(|&id| (id, view.name_of(id).unwrap_or("someone who is gone")))
        .collect();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = |text: &str| {
        ui.painter()
            .layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::WHITE)
            .size()
            .x
    };
    let budget = ui.available_width() * 0.7;
    let mut used = width("with ");
    let more = width(" and 99 more");
    let mut shown = names.len();
    for (at, (_, name)) in names.iter().enumerate() {
        used += width(name) + width(", ");
        let rest = if at + 1 < names.len() { more } else { 0.0 };
        if used + rest > budget {
            shown = at.max(1);
            break;
        }
    }
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        ui.label(RichText::new("with ").weak());
        for (at, &(id, name)) in names[..shown].iter().enumerate() {
            if at > 0 {
                let last = shown == names.len() && at == shown - 1;
                ui.label(RichText::new(if last { " and " } else { ", " }).weak());
            }
            if view.name_of(id).is_none() {
                ui.label(RichText::new(name).weak());
            } else if ui.link(name).clicked() {
                cmds.push(Command::Show(Screen::Person(id)));
            }
        }
        if shown < names.len() {
            let rest: Vec<&str> = names[shown..].iter().map(|(_, name)| *name).collect();
            ui.label(RichText::new(format!(" and {} more", rest.len())).weak())
                .on_hover_text(crate::domain::names_in_a_row(&rest));
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
    let others: Vec<ContactId> = i
        .participants
        .iter()
        .copied()
        .filter(|&p| p != person)
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
            if !others.is_empty() {
                with_ui(ui, view, &others, cmds);
            }
            let mut facts = vec![initiated];
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
