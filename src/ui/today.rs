//! Today: the nudges due, as cards grouped by kind, most urgent first, each
//! with what to do about it. The screen the app opens on.

use chrono::Duration;
use egui::{RichText, Ui};

use super::forms::{LogForm, PersonForm, SnoozeForm};
use super::view::ViewModel;
use super::{Command, Screen, UiState, theme, widgets};
use crate::domain::{Nudge, NudgeKind};

const HEADER_HEIGHT: f32 = 44.0;
const CARD_HEIGHT: f32 = 104.0;
const CARD_GAP: f32 = 10.0;

/// One line of the virtualised list: a kind's heading or a card.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Item {
    Heading(NudgeKind, usize),
    Card(usize),
}

/// The list's layout, cached until the nudges change.
#[derive(Default)]
pub struct TodayLayout {
    generation: u64,
    items: Vec<Item>,
    /// The top of each item, and the total height at the end.
    tops: Vec<f32>,
}

impl TodayLayout {
    fn update(&mut self, view: &ViewModel) {
        if self.generation == view.generation && !self.tops.is_empty() {
            return;
        }
        self.generation = view.generation;
        // Kinds in the order of their most urgent nudge; cards keep the
        // view's order (most urgent first) inside each kind.
        let mut kinds: Vec<NudgeKind> = Vec::new();
        for nudge in &view.nudges {
            if !kinds.contains(&nudge.kind) {
                kinds.push(nudge.kind);
            }
        }
        self.items.clear();
        for kind in kinds {
            let cards: Vec<usize> = (0..view.nudges.len())
                .filter(|&i| view.nudges[i].kind == kind)
                .collect();
            self.items.push(Item::Heading(kind, cards.len()));
            self.items.extend(cards.into_iter().map(Item::Card));
        }
        self.tops.clear();
        let mut y = 0.0;
        for item in &self.items {
            self.tops.push(y);
            y += match item {
                Item::Heading(..) => HEADER_HEIGHT,
                Item::Card(_) => CARD_HEIGHT + CARD_GAP,
            };
        }
        self.tops.push(y);
    }
}

pub fn today_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading("Today");
        ui.label(RichText::new(view.today().format("%A %-d %B %Y").to_string()).weak());
    });
    if view.nudges.is_empty() {
        empty_ui(ui, view, state);
        return;
    }
    let count = view.nudges.len();
    ui.label(
        RichText::new(format!(
            "{} {} your attention. Most urgent first.",
            widgets::count(count),
            if count == 1 {
                "thing needs"
            } else {
                "things need"
            }
        ))
        .weak(),
    );
    ui.add_space(8.0);

    // Taken out of the state for the frame, so cards can borrow the state.
    let mut layout = std::mem::take(&mut state.today);
    layout.update(view);
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show_viewport(ui, |ui, viewport| {
            let total = *layout.tops.last().unwrap_or(&0.0);
            ui.set_height(total);
            // Only the items that intersect the viewport are laid out.
            let first = layout
                .tops
                .partition_point(|&top| top < viewport.min.y)
                .saturating_sub(1);
            let origin = ui.min_rect().min;
            for (i, item) in layout.items.iter().enumerate().skip(first) {
                let top = layout.tops[i];
                if top > viewport.max.y {
                    break;
                }
                let height = layout.tops[i + 1] - top;
                let width = ui.available_width();
                let rect = egui::Rect::from_min_size(
                    origin + egui::vec2(0.0, top),
                    egui::vec2(width, height),
                );
                let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).id_salt(i));
                match *item {
                    Item::Heading(kind, n) => heading_ui(&mut child, kind, n),
                    Item::Card(index) => {
                        card_ui(&mut child, view, &view.nudges[index], state, cmds);
                    }
                }
            }
        });
    state.today = layout;
}

fn heading_ui(ui: &mut Ui, kind: NudgeKind, n: usize) {
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(kind.label())
                .size(16.0)
                .strong()
                .color(theme::nudge_color(ui.visuals(), kind)),
        );
        ui.label(RichText::new(widgets::count(n)).weak());
    });
}

fn card_ui(
    ui: &mut Ui,
    view: &ViewModel,
    nudge: &Nudge,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let today = view.today();
    theme::card_frame(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.set_height(CARD_HEIGHT - 20.0);
        ui.horizontal(|ui| {
            widgets::nudge_dot(ui, nudge.kind);
            match (nudge.contact_id, &nudge.contact) {
                (Some(id), Some(name)) => {
                    let open = ui.add(
                        egui::Button::new(RichText::new(name).strong().size(15.5)).frame(false),
                    );
                    if open.on_hover_text("Open their page").clicked() {
                        cmds.push(Command::Show(Screen::Person(id)));
                    }
                    if let Some(row) = view.row(id) {
                        widgets::trust_badge(ui, row.listing.trust);
                        ui.label(
                            RichText::new(format!(
                                "last contact {}",
                                widgets::last_contact(today, row.listing.last_interaction_at)
                            ))
                            .weak()
                            .small(),
                        );
                    }
                }
                _ => {
                    ui.label(RichText::new("Your circles").strong().size(15.5));
                }
            }
        });
        // Cards have one height, so a long reason is cut short; egui shows
        // the whole of it on hover then.
        ui.add(egui::Label::new(&nudge.reason).truncate());
        ui.horizontal(|ui| {
            match nudge.contact_id {
                Some(id) => {
                    if ui.button("Log interaction…").clicked() {
                        state.form.open(LogForm::new(view, Some(id)));
                    }
                }
                None => {
                    if ui.button("Open circles").clicked() {
                        cmds.push(Command::Show(Screen::Circles));
                    }
                }
            }
            ui.menu_button("Snooze", |ui| {
                for (label, days) in [("3 days", 3), ("A week", 7), ("A month", 30)] {
                    if ui.button(label).clicked() {
                        cmds.push(Command::Snooze {
                            contact: nudge.contact_id,
                            kind: nudge.kind,
                            until: today + Duration::days(days),
                        });
                        ui.close();
                    }
                }
                if ui.button("Until a date…").clicked() {
                    state.form.open(SnoozeForm::new(
                        nudge.contact_id,
                        nudge.kind,
                        nudge.contact.clone(),
                        today,
                    ));
                    ui.close();
                }
            });
            if ui
                .button("Dismiss")
                .on_hover_text(
                    "Hide this until something changes: a new interaction or trust change",
                )
                .clicked()
            {
                cmds.push(Command::Dismiss {
                    contact: nudge.contact_id,
                    kind: nudge.kind,
                });
            }
        });
    });
}

fn empty_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState) {
    ui.add_space(60.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new("Nothing due today").size(20.0));
        ui.add_space(6.0);
        if view.people.is_empty() {
            ui.label(
                RichText::new(
                    "Start by adding the people you know. Kith will nudge you here when someone \
                     is waiting on a reply, when it is time to get back in touch, or when a \
                     relationship needs a second look.",
                )
                .weak(),
            );
            ui.add_space(12.0);
            if ui.button("Add person…").clicked() {
                state.form.open(PersonForm::add());
            }
        } else {
            ui.label(
                RichText::new(
                    "You are keeping up with everyone. Kith will nudge you here when someone is \
                     waiting on a reply, when it is time to get back in touch, or when a \
                     relationship needs a second look.",
                )
                .weak(),
            );
        }
    });
}
