//! The foot of Today: Everything else (N), folded and grouped by kind, with
//! Drifted apart as a fold of its own, and Hidden (N), every snoozed or
//! dismissed nudge with Restore. One list of items of known heights, laid
//! out when the nudges or the folds change and drawn only where in view.

use egui::{Align, Layout, Rect, RichText, Ui};

use super::row::{ROW_GAP, row_height};
use super::{TodayState, Triaged, list_ui, nudge_row_ui};
use crate::domain::NudgeKind;
use crate::ui::view::ViewModel;
use crate::ui::{Command, UiState, theme, widgets};

const FOLD_HEIGHT: f32 = 34.0;
const KIND_HEIGHT: f32 = 30.0;
const HIDDEN_HEIGHT: f32 = 32.0;

/// One line of the folds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Item {
    /// The Everything else (N) fold.
    Rest,
    /// A kind's heading inside it, with how many.
    Kind(NudgeKind, usize),
    /// A nudge (its position in the view's list), drifted apart or not.
    Row(usize, bool),
    /// The Drifted apart (N) fold.
    Drifted,
    /// The Hidden (N) fold.
    Hidden,
    /// A hidden nudge (its position in the view's hidden list).
    HiddenRow(usize),
}

/// What the layout was made for: it is made again when any of it changes.
#[derive(Clone, Debug, Default, PartialEq)]
struct Made {
    generation: u64,
    folds: (bool, bool, bool),
    hidden: usize,
    open_details: Vec<Triaged>,
}

/// The folds, laid out.
#[derive(Default)]
pub(super) struct FoldLayout {
    made: Option<Made>,
    items: Vec<Item>,
    /// The top of each item, and the total height at the end.
    tops: Vec<f32>,
    /// Every row on screen in keyboard order (positions in the view's
    /// list): Waiting on you, Focus, then what the folds show.
    pub(super) order: Vec<usize>,
    /// "20 to keep in touch, 11 souring, 11 drifted apart".
    summary: String,
    /// The top of each row of Waiting on you and of Focus, and the total
    /// height at the end.
    pub(super) waiting_tops: Vec<f32>,
    pub(super) focus_tops: Vec<f32>,
}

impl TodayState {
    /// Lays the folds out again if the nudges, the folds or the rows shown
    /// open changed since the last time.
    pub(super) fn relayout(&mut self, view: &ViewModel) {
        let made = Made {
            generation: view.generation,
            folds: (self.rest_open, self.drifted_open, self.hidden_open),
            hidden: view.hidden.len(),
            open_details: self.open_details.clone(),
        };
        if self.folds.made.as_ref() == Some(&made) {
            return;
        }
        let sections = &view.sections;
        let mut items = Vec::new();
        let mut order: Vec<usize> = sections.waiting.clone();
        order.extend(&sections.focus);
        let kinds = kinds_in(view, &sections.rest);
        if sections.folded() > 0 {
            items.push(Item::Rest);
            if self.rest_open {
                for &(kind, count) in &kinds {
                    items.push(Item::Kind(kind, count));
                    for &i in sections
                        .rest
                        .iter()
                        .filter(|&&i| view.nudges[i].kind == kind)
                    {
                        items.push(Item::Row(i, false));
                        order.push(i);
                    }
                }
                if !sections.drifted.is_empty() {
                    items.push(Item::Drifted);
                    if self.drifted_open {
                        items.extend(sections.drifted.iter().map(|&i| Item::Row(i, true)));
                        order.extend(&sections.drifted);
                    }
                }
            }
        }
        if !view.hidden.is_empty() {
            items.push(Item::Hidden);
            if self.hidden_open {
                items.extend((0..view.hidden.len()).map(Item::HiddenRow));
            }
        }
        let mut tops = Vec::with_capacity(items.len() + 1);
        let mut y = 0.0;
        for item in &items {
            tops.push(y);
            y += match *item {
                Item::Rest | Item::Drifted | Item::Hidden => FOLD_HEIGHT,
                Item::Kind(..) => KIND_HEIGHT,
                Item::Row(i, _) => {
                    let nudge = &view.nudges[i];
                    row_height(nudge, self.is_open(Triaged::of(nudge))) + ROW_GAP
                }
                Item::HiddenRow(_) => HIDDEN_HEIGHT,
            };
        }
        tops.push(y);
        let mut summary: Vec<String> = kinds
            .iter()
            .map(|&(kind, count)| counted(kind, count))
            .collect();
        if !sections.drifted.is_empty() {
            summary.push(format!(
                "{} drifted apart",
                widgets::count(sections.drifted.len())
            ));
        }
        self.folds = FoldLayout {
            made: Some(made),
            items,
            tops,
            order,
            summary: summary.join(", "),
            waiting_tops: self.tops(view, &sections.waiting),
            focus_tops: self.tops(view, &sections.focus),
        };
    }
}

/// The kinds among `nudges` in order, each with how many.
fn kinds_in(view: &ViewModel, nudges: &[usize]) -> Vec<(NudgeKind, usize)> {
    let mut kinds: Vec<(NudgeKind, usize)> = Vec::new();
    for &i in nudges {
        let kind = view.nudges[i].kind;
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count += 1,
            None => kinds.push((kind, 1)),
        }
    }
    kinds
}

/// "20 to keep in touch", "1 layer over capacity".
fn counted(kind: NudgeKind, count: usize) -> String {
    let n = widgets::count(count);
    match kind {
        NudgeKind::Unanswered => format!("{n} waiting on your reply"),
        NudgeKind::Neglect => format!("{n} to keep in touch"),
        NudgeKind::TooFast => format!("{n} moving too fast"),
        NudgeKind::Souring => format!("{n} souring"),
        NudgeKind::OneSided => format!("{n} one-sided"),
        NudgeKind::OverCapacity => "your circles over capacity".to_owned(),
        NudgeKind::FollowUp => format!("{n} with a follow-up due"),
        NudgeKind::Date => format!("{n} with a date coming up"),
    }
}

/// The room the folds take while closed.
pub(super) fn closed_height(view: &ViewModel) -> f32 {
    let folds = usize::from(view.sections.folded() > 0) + usize::from(!view.hidden.is_empty());
    folds as f32 * FOLD_HEIGHT + 12.0
}

/// Draws the folds in the room left.
pub(super) fn folds_ui(
    ui: &mut Ui,
    view: &ViewModel,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    state.today.relayout(view);
    if state.today.folds.items.is_empty() {
        return;
    }
    ui.add_space(6.0);
    // Taken out for the frame, so rows can borrow the state.
    let layout = std::mem::take(&mut state.today.folds);
    let area = egui::ScrollArea::vertical()
        .id_salt("today folds")
        .auto_shrink(false);
    let rows = layout.items.iter().map(|item| match *item {
        Item::Row(i, _) => Some(i),
        _ => None,
    });
    let scroll_to = state.today.scroll_target(view, rows);
    list_ui(
        ui,
        area,
        &layout.tops,
        state,
        scroll_to,
        |ui, at, rect, state| match layout.items[at] {
            Item::Row(index, drifted) => {
                nudge_row_ui(ui, rect, view, index, drifted, false, state, cmds);
            }
            Item::HiddenRow(i) => hidden_row_ui(ui, rect, view, i, cmds),
            item => {
                let mut child = ui.new_child(
                    egui::UiBuilder::new()
                        .max_rect(rect)
                        .layout(Layout::left_to_right(Align::Center))
                        .id_salt(("today fold", at)),
                );
                heading_ui(&mut child, view, &layout, item, &mut state.today);
            }
        },
    );
    state.today.folds = layout;
}

/// A fold's heading (click to open or close) or a kind's.
fn heading_ui(
    ui: &mut Ui,
    view: &ViewModel,
    layout: &FoldLayout,
    item: Item,
    today: &mut TodayState,
) {
    let (open, title, about) = match item {
        Item::Rest => (
            &mut today.rest_open,
            format!(
                "Everything else ({})",
                widgets::count(view.sections.folded())
            ),
            layout.summary.clone(),
        ),
        Item::Drifted => (
            &mut today.drifted_open,
            format!(
                "Drifted apart ({})",
                widgets::count(view.sections.drifted.len())
            ),
            "no contact for over three times their cadence: lower their trust, or reach out"
                .to_owned(),
        ),
        Item::Hidden => (
            &mut today.hidden_open,
            format!("Hidden ({})", widgets::count(view.hidden.len())),
            "snoozed or dismissed: restore any of them".to_owned(),
        ),
        Item::Kind(kind, count) => {
            ui.add_space(14.0);
            ui.label(
                RichText::new(kind.label())
                    .strong()
                    .color(theme::nudge_color(ui.visuals(), kind)),
            );
            ui.label(RichText::new(widgets::count(count)).weak());
            return;
        }
        Item::Row(..) | Item::HiddenRow(_) => return,
    };
    if item == Item::Drifted {
        ui.add_space(14.0);
    }
    let (icon, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    let heading = egui::Button::new(RichText::new(title).size(15.0).strong()).frame(false);
    let clicked = ui.add(heading);
    let openness = if *open { 1.0 } else { 0.0 };
    egui::collapsing_header::paint_default_icon(ui, openness, &clicked.clone().with_new_rect(icon));
    if clicked.clicked() {
        *open = !*open;
    }
    ui.add(egui::Label::new(RichText::new(about).weak().small()).truncate());
}

/// A hidden nudge: whom, what, until when, and Restore.
fn hidden_row_ui(ui: &mut Ui, rect: Rect, view: &ViewModel, i: usize, cmds: &mut Vec<Command>) {
    let Some(hidden) = view.hidden.get(i) else {
        return;
    };
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink2(egui::vec2(12.0, 0.0)))
            .layout(Layout::left_to_right(Align::Center))
            .id_salt(("hidden row", i)),
    );
    let ui = &mut child;
    widgets::nudge_dot(ui, hidden.kind);
    let who = hidden
        .contact
        .as_ref()
        .map_or("Your circles", |(_, name)| name.as_str());
    ui.label(RichText::new(who).strong());
    ui.label(RichText::new(hidden.kind.label()).weak());
    ui.label(RichText::new(hidden.state()).weak().small());
    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
        if ui
            .small_button("Restore")
            .on_hover_text("Show it on Today again")
            .clicked()
        {
            cmds.push(Command::RestoreNudge {
                contact: hidden.contact_id(),
                kind: hidden.kind,
            });
        }
    });
}
