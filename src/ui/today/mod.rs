//! Today: a triage queue, not a flood. Three parts, in this order:
//!
//! - **Waiting on you**: someone's unanswered message, a promise due; in
//!   full, always.
//! - **Focus**: the few most urgent of the rest.
//! - **Everything else (N)**, folded, grouped by kind, with **Drifted
//!   apart** as a fold of its own; then **Hidden (N)**: what a snooze or a
//!   dismissal hides, to restore.
//!
//! Waiting on you and Focus share the top of the window, each scrolling on
//! its own when it is long, so both show without scrolling the page; the
//! folds take the rest. Every list draws only the rows in view, and the
//! sections come from the view model (worked out when the nudges change),
//! so a frame costs the same at 100 people as at 100,000.
//!
//! Rows are compact and of one height, and show their actions while
//! hovered or selected. The keyboard triages ([`keys`]): j/k or the arrows
//! move, L logs, S snoozes a week (Shift+S chooses), D dismisses, N skips
//! this time, Enter opens the person. The screen opens at the top.

mod folds;
mod keys;
mod row;

use egui::{Rect, RichText, Ui};

use super::forms::PersonForm;
use super::view::ViewModel;
use super::{Command, UiState, widgets};
use crate::domain::{ContactId, Nudge, NudgeKind};
use folds::FoldLayout;
use row::{ROW_GAP, ROW_HEIGHT, RowAsk, RowContext, row_height, row_ui};

pub use keys::TABLE as KEYS;

/// The heading of Waiting on you and Focus.
const SECTION_HEIGHT: f32 = 30.0;

/// Which nudge a row shows: one per (person, kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Triaged {
    pub contact: Option<ContactId>,
    pub kind: NudgeKind,
}

impl Triaged {
    pub fn of(nudge: &Nudge) -> Self {
        Self {
            contact: nudge.contact_id,
            kind: nudge.kind,
        }
    }
}

/// What Today keeps between frames: the folds, the selection, and the rows
/// whose checks are shown.
#[derive(Default)]
pub struct TodayState {
    /// Everything else is open.
    pub rest_open: bool,
    /// Drifted apart (inside Everything else) is open.
    pub drifted_open: bool,
    /// Hidden is open.
    pub hidden_open: bool,
    /// The too-fast rows showing every check.
    open_details: Vec<Triaged>,
    /// The selected row, and its place in the keyboard order: when it
    /// leaves the list, the row that takes its place is selected.
    selected: Option<Triaged>,
    selected_at: usize,
    /// Bring the selection into view next frame.
    scroll_to_selected: bool,
    /// Where the pointer was when it last took an action on a row.
    acted_at: Option<egui::Pos2>,
    /// Drawn once this session: until then every list opens at the top.
    shown: bool,
    folds: FoldLayout,
}

impl TodayState {
    /// The selected row's nudge, if any.
    pub fn selected(&self) -> Option<Triaged> {
        self.selected
    }

    /// Opens every fold (Everything else, Drifted apart, Hidden).
    pub fn open_all(&mut self) {
        self.rest_open = true;
        self.drifted_open = true;
        self.hidden_open = true;
    }

    fn is_open(&self, key: Triaged) -> bool {
        self.open_details.contains(&key)
    }

    fn toggle_details(&mut self, key: Triaged) {
        match self.open_details.iter().position(|k| *k == key) {
            Some(at) => {
                self.open_details.remove(at);
            }
            None => self.open_details.push(key),
        }
    }
}

pub fn today_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading("Today");
        ui.label(RichText::new(view.today().format("%A %-d %B %Y").to_string()).weak());
    });
    state.today.relayout(view);
    // Every row in keyboard order, lent out for the keys.
    let order = std::mem::take(&mut state.today.folds.order);
    keys::resolve_selection(&mut state.today, view, &order);
    keys::keys_ui(ui.ctx(), view, state, &order, cmds);
    state.today.folds.order = order;

    if view.nudges.is_empty() {
        empty_ui(ui, view, state);
    } else {
        summary_ui(ui, view);
        sections_ui(ui, view, state, cmds);
    }
    folds::folds_ui(ui, view, state, cmds);
    state.today.shown = true;
    state.today.scroll_to_selected = false;
}

/// "3 waiting on you, 5 in focus, 76 more folded away."
fn summary_ui(ui: &mut Ui, view: &ViewModel) {
    let sections = &view.sections;
    let mut parts = Vec::new();
    if !sections.waiting.is_empty() {
        parts.push(format!(
            "{} waiting on you",
            widgets::count(sections.waiting.len())
        ));
    }
    if !sections.focus.is_empty() {
        parts.push(format!("{} in focus", widgets::count(sections.focus.len())));
    }
    if sections.folded() > 0 {
        parts.push(format!(
            "{} more folded away",
            widgets::count(sections.folded())
        ));
    }
    ui.label(
        RichText::new(format!(
            "{}. j/k to move, F1 for the keys.",
            parts.join(", ")
        ))
        .weak(),
    );
    ui.add_space(4.0);
}

/// Waiting on you, then Focus, sharing the room above the folds.
fn sections_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    let sections = &view.sections;
    // Laid out when the nudges changed; lent out for the frame.
    let waiting_tops = std::mem::take(&mut state.today.folds.waiting_tops);
    let focus_tops = std::mem::take(&mut state.today.folds.focus_tops);
    let need = |tops: &[f32]| match tops.last() {
        Some(&total) if tops.len() > 1 => SECTION_HEIGHT + total,
        _ => 0.0,
    };
    let (waiting_need, focus_need) = (need(&waiting_tops), need(&focus_tops));
    let avail = ui.available_height();
    let folds = if state.today.rest_open || state.today.hidden_open {
        avail * 0.45
    } else {
        folds::closed_height(view)
    };
    let room = (avail - folds).max(0.0);
    let pitch = ROW_HEIGHT + ROW_GAP;
    let (waiting_height, focus_height) = if waiting_need + focus_need <= room {
        (waiting_need, focus_need)
    } else {
        let waiting_least = waiting_need.min(SECTION_HEIGHT + 2.5 * pitch);
        let focus_least = focus_need.min(SECTION_HEIGHT + 1.5 * pitch);
        let focus = focus_need.min((room - waiting_least).max(focus_least));
        (waiting_need.min((room - focus).max(waiting_least)), focus)
    };
    if waiting_need > 0.0 {
        section_heading_ui(
            ui,
            &format!(
                "Waiting on you ({})",
                widgets::count(sections.waiting.len())
            ),
            "replies you owe and promises due, in full",
        );
        let rows = Rows {
            nudges: &sections.waiting,
            tops: &waiting_tops,
        };
        rows_ui(
            ui,
            "today waiting",
            waiting_height - SECTION_HEIGHT,
            view,
            &rows,
            state,
            cmds,
        );
    }
    if focus_need > 0.0 {
        section_heading_ui(ui, "Focus", "the next most urgent");
        let rows = Rows {
            nudges: &sections.focus,
            tops: &focus_tops,
        };
        rows_ui(
            ui,
            "today focus",
            focus_height - SECTION_HEIGHT,
            view,
            &rows,
            state,
            cmds,
        );
    }
    state.today.folds.waiting_tops = waiting_tops;
    state.today.folds.focus_tops = focus_tops;
    if waiting_need + focus_need == 0.0 {
        ui.add_space(6.0);
        ui.label(RichText::new("Nothing pressing today.").size(16.0));
        ui.add_space(6.0);
    }
}

fn section_heading_ui(ui: &mut Ui, title: &str, about: &str) {
    ui.allocate_ui(egui::vec2(ui.available_width(), SECTION_HEIGHT), |ui| {
        ui.set_min_height(SECTION_HEIGHT);
        ui.horizontal_centered(|ui| {
            ui.label(RichText::new(title).size(16.0).strong());
            ui.label(RichText::new(about).weak().small());
        });
    });
}

impl TodayState {
    /// The top of each row of `nudges` (positions in the view's list), and
    /// the total height at the end.
    fn tops(&self, view: &ViewModel, nudges: &[usize]) -> Vec<f32> {
        let mut tops = Vec::with_capacity(nudges.len() + 1);
        let mut y = 0.0;
        for &i in nudges {
            tops.push(y);
            let nudge = &view.nudges[i];
            y += row_height(nudge, self.is_open(Triaged::of(nudge))) + ROW_GAP;
        }
        tops.push(y);
        tops
    }
}

/// Rows to draw in a list, with the top of each.
struct Rows<'a> {
    nudges: &'a [usize],
    tops: &'a [f32],
}

/// A scrolling list of rows at most `height` tall, drawing only those in
/// view.
fn rows_ui(
    ui: &mut Ui,
    id: &str,
    height: f32,
    view: &ViewModel,
    rows: &Rows<'_>,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let area = egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(height.max(ROW_HEIGHT))
        .auto_shrink([false, true]);
    let scroll_to = state
        .today
        .scroll_target(view, rows.nudges.iter().map(|&i| Some(i)));
    list_ui(
        ui,
        area,
        rows.tops,
        state,
        scroll_to,
        |ui, at, rect, state| {
            nudge_row_ui(ui, rect, view, rows.nudges[at], false, true, state, cmds);
        },
    );
}

/// A scrolling list of items whose tops are `tops` (and the total height
/// at the end), drawing only those in view with `draw(ui, item, rect,
/// state)`; brought to `scroll_to` if given. On the first frame of the
/// session it opens at the top, whatever egui remembered of the last one.
fn list_ui(
    ui: &mut Ui,
    mut area: egui::ScrollArea,
    tops: &[f32],
    state: &mut UiState,
    scroll_to: Option<usize>,
    mut draw: impl FnMut(&mut Ui, usize, Rect, &mut UiState),
) {
    if !state.today.shown {
        area = area.vertical_scroll_offset(0.0);
    }
    area.show_viewport(ui, |ui, viewport| {
        let total = tops.last().copied().unwrap_or(0.0);
        ui.set_height(total);
        let origin = ui.min_rect().min;
        let width = ui.available_width();
        let rect_of = |i: usize| {
            Rect::from_min_size(
                origin + egui::vec2(0.0, tops[i]),
                egui::vec2(width, tops[i + 1] - tops[i]),
            )
        };
        if let Some(at) = scroll_to {
            ui.scroll_to_rect(rect_of(at), None);
        }
        let first = tops
            .partition_point(|&top| top <= viewport.min.y)
            .saturating_sub(1);
        let rows = tops.len().saturating_sub(1);
        for (at, &top) in tops.iter().enumerate().take(rows).skip(first) {
            if top > viewport.max.y {
                break;
            }
            draw(ui, at, rect_of(at), state);
        }
    });
}

impl TodayState {
    /// Which of `items` (positions in the view's list, `None` for what is
    /// not a nudge) to bring into view: the selected one, after a key moved
    /// the selection.
    fn scroll_target(
        &self,
        view: &ViewModel,
        mut items: impl Iterator<Item = Option<usize>>,
    ) -> Option<usize> {
        let selected = self.selected.filter(|_| self.scroll_to_selected)?;
        items.position(|i| i.is_some_and(|i| Triaged::of(&view.nudges[i]) == selected))
    }
}

/// Draws the nudge at `index` (in the view's list) as a row in `rect`, and
/// answers its clicks.
#[allow(clippy::too_many_arguments)]
fn nudge_row_ui(
    ui: &mut Ui,
    rect: Rect,
    view: &ViewModel,
    index: usize,
    drifted: bool,
    with_kind: bool,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let nudge = &view.nudges[index];
    let key = Triaged::of(nudge);
    let row = RowContext {
        nudge,
        drifted,
        with_kind,
        selected: state.today.selected == Some(key),
        open: state.today.is_open(key),
    };
    let asked = row_ui(ui, rect, view, &row, state, cmds);
    answer(ui, state, key, asked);
}

/// What a row's click means for the list.
fn answer(ui: &Ui, state: &mut UiState, key: Triaged, asked: Option<RowAsk>) {
    match asked {
        Some(RowAsk::Select) => state.today.selected = Some(key),
        Some(RowAsk::ToggleDetails) => {
            state.today.selected = Some(key);
            state.today.toggle_details(key);
        }
        Some(RowAsk::Acted) => {
            state.today.selected = Some(key);
            state.today.acted_at = ui.input(|i| i.pointer.hover_pos());
        }
        None => {}
    }
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
    ui.add_space(24.0);
}
