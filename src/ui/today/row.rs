//! One row of Today: a nudge in two lines of one height (who, their trust
//! and why; then what to act on), with its actions on the right while the
//! row is hovered or selected.

use chrono::{Duration, NaiveDate};
use egui::{Align, Layout, Rect, RichText, Sense, Ui};

use super::{TodayState, Triaged};
use crate::domain::{Nudge, NudgeKind, TrustLevel};
use crate::ui::forms::{LogForm, SnoozeForm, TrustForm};
use crate::ui::view::ViewModel;
use crate::ui::{Command, Screen, UiState, theme, widgets};

/// The height of a row, whatever it says: rows never grow or shrink as the
/// pointer moves, so the list under the pointer stays where it is.
pub const ROW_HEIGHT: f32 = 56.0;
/// The space between rows.
pub const ROW_GAP: f32 = 4.0;
/// Each check of a too-fast nudge, shown under its row once opened.
pub const DETAIL_HEIGHT: f32 = 18.0;

/// Follow-ups a row lists, before "and N more".
const FOLLOW_UPS_SHOWN: usize = 3;

/// How tall a row is, with its checks shown when `open`.
pub fn row_height(nudge: &Nudge, open: bool) -> f32 {
    let details = if open && nudge.details.len() > 1 {
        // The checks, and room under the line whose toggle opened them.
        (nudge.details.len() - 1) as f32 * DETAIL_HEIGHT + 10.0
    } else {
        0.0
    };
    ROW_HEIGHT + details
}

/// What a row is drawn with.
pub struct RowContext<'a> {
    pub nudge: &'a Nudge,
    pub drifted: bool,
    /// Name the kind: the list mixes kinds (Waiting on you, Focus).
    pub with_kind: bool,
    pub selected: bool,
    /// Its checks are shown (too-fast nudges).
    pub open: bool,
}

/// What a click in a row asked of the list (beyond commands).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAsk {
    Select,
    /// An action was taken with the pointer.
    Acted,
    ToggleDetails,
}

/// Draws a row in `rect`.
pub fn row_ui(
    ui: &mut Ui,
    rect: Rect,
    view: &ViewModel,
    row: &RowContext<'_>,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) -> Option<RowAsk> {
    let nudge = row.nudge;
    let key = Triaged::of(nudge);
    let body = Rect::from_min_size(rect.min, egui::vec2(rect.width(), rect.height() - ROW_GAP));
    let id = egui::Id::unique(("today row", key));
    let response = ui.interact(body, id, Sense::click());
    let pointer_still = state.today.pointer_still_over(ui, body);
    let hovered = response.hovered() || ui.rect_contains_pointer(body);
    let show_actions = (row.selected || hovered) && !pointer_still;

    let visuals = ui.visuals();
    let fill = if row.selected {
        visuals.selection.bg_fill.gamma_multiply(0.25)
    } else if hovered {
        visuals.widgets.hovered.weak_bg_fill.gamma_multiply(0.5)
    } else {
        visuals.faint_bg_color
    };
    ui.painter().rect_filled(body, 6.0, fill);
    if row.selected {
        let bar = Rect::from_min_size(body.min, egui::vec2(3.0, body.height()));
        ui.painter()
            .rect_filled(bar, 2.0, theme::nudge_color(visuals, nudge.kind));
    }

    let mut ask = response.clicked().then_some(RowAsk::Select);
    let inner = body.shrink2(egui::vec2(12.0, 4.0));
    let actions_width = if show_actions {
        actions_width(row)
    } else {
        0.0
    };
    let text_rect = Rect::from_min_max(
        inner.min,
        egui::pos2(inner.max.x - actions_width, inner.max.y),
    );
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(text_rect)
            .layout(Layout::top_down(Align::Min))
            .id_salt(("row text", key)),
    );
    child.set_clip_rect(text_rect.intersect(ui.clip_rect()));
    lines_ui(&mut child, view, row, cmds, &mut ask);

    if show_actions {
        let actions_rect = Rect::from_min_max(
            egui::pos2(inner.max.x - actions_width, inner.min.y),
            egui::pos2(inner.max.x, inner.min.y + ROW_HEIGHT - ROW_GAP - 8.0),
        );
        let mut child = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(actions_rect)
                .layout(Layout::right_to_left(Align::Center))
                .id_salt(("row actions", key)),
        );
        if actions_ui(&mut child, view, row, state, cmds) {
            ask = Some(RowAsk::Acted);
        }
    }
    ask
}

/// The room the actions take on the right.
fn actions_width(row: &RowContext<'_>) -> f32 {
    match (row.drifted, row.nudge.kind) {
        (true, _) => 320.0,
        (false, NudgeKind::Neglect) => 330.0,
        (false, NudgeKind::OverCapacity) => 260.0,
        _ => 220.0,
    }
}

/// The two lines (and the checks, when open).
fn lines_ui(
    ui: &mut Ui,
    view: &ViewModel,
    row: &RowContext<'_>,
    cmds: &mut Vec<Command>,
    ask: &mut Option<RowAsk>,
) {
    let nudge = row.nudge;
    let today = view.today();
    ui.spacing_mut().item_spacing.y = 0.0;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        widgets::nudge_dot(ui, nudge.kind);
        match (nudge.contact_id, &nudge.contact) {
            (Some(id), Some(name)) => {
                let open = ui.add(
                    egui::Button::new(RichText::new(name).strong().size(15.0))
                        .frame(false)
                        .truncate(),
                );
                if open.on_hover_text("Open their page (Enter)").clicked() {
                    cmds.push(Command::Show(Screen::Person(id)));
                }
                if let Some(row) = view.row(id) {
                    widgets::trust_badge(ui, row.listing.trust);
                }
            }
            _ => {
                ui.label(RichText::new("Your circles").strong().size(15.0));
            }
        }
        if row.with_kind {
            let kind = RichText::new(nudge.kind.label())
                .small()
                .color(theme::nudge_color(ui.visuals(), nudge.kind));
            ui.label(kind);
        }
        // One line: a long reason is cut short, and shows whole on hover.
        ui.add(egui::Label::new(&nudge.reason).truncate());
    });
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        if nudge.details.len() > 1 {
            let label = if row.open {
                "hide the other checks".to_owned()
            } else {
                format!("show every check ({})", nudge.details.len())
            };
            if ui
                .add(egui::Button::new(RichText::new(label).small()).frame(false))
                .clicked()
            {
                *ask = Some(RowAsk::ToggleDetails);
            }
        }
        if let (Some(id), NudgeKind::Neglect) = (nudge.contact_id, nudge.kind)
            && let Some(&days) = view.longer_cadence.get(&id)
        {
            let offer = egui::Button::new(
                RichText::new(format!("Keep in touch every {days} days"))
                    .small()
                    .color(theme::nudge_color(ui.visuals(), nudge.kind)),
            );
            if ui
                .add(offer)
                .on_hover_text("You skipped this several times in a row: a longer rhythm may suit")
                .clicked()
            {
                cmds.push(Command::SetCadence { id, days });
                *ask = Some(RowAsk::Acted);
            }
        }
        let context = context_line(nudge, today);
        let text = if context.is_empty() && nudge.last_interaction.is_none() {
            RichText::new("nothing logged yet").small().weak().italics()
        } else {
            RichText::new(context).small().weak()
        };
        ui.add(egui::Label::new(text).truncate());
    });
    if row.open {
        let width = ui.available_width();
        for detail in nudge.details.iter().skip(1) {
            let line = Layout::left_to_right(Align::Center);
            ui.allocate_ui_with_layout(egui::vec2(width, DETAIL_HEIGHT), line, |ui| {
                let text = RichText::new(format!("· {detail}")).small();
                ui.add(egui::Label::new(text).truncate());
            });
        }
    }
}

/// The buttons of a row, drawn right to left; returns whether one was
/// used.
fn actions_ui(
    ui: &mut Ui,
    view: &ViewModel,
    row: &RowContext<'_>,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) -> bool {
    let nudge = row.nudge;
    let mut acted = false;
    if row.drifted {
        if let (Some(id), Some(name)) = (nudge.contact_id, &nudge.contact) {
            if dismiss_button(ui, nudge, cmds) {
                acted = true;
            }
            if ui
                .button("Reach out")
                .on_hover_text("Open their page: how to reach them, and Log interaction…")
                .clicked()
            {
                cmds.push(Command::Show(Screen::Person(id)));
                acted = true;
            }
            let trust = view
                .row(id)
                .map_or(TrustLevel::Handshake, |r| r.listing.trust);
            if ui.button("Lower their trust…").clicked() {
                state
                    .form
                    .open(TrustForm::lower(id, name, trust, view.today()));
                acted = true;
            }
        }
        return acted;
    }
    if nudge.kind == NudgeKind::Neglect
        && let Some(id) = nudge.contact_id
        && ui
            .button("Skip this time")
            .on_hover_text("Not now: start their keep-in-touch clock again today (N)")
            .clicked()
    {
        cmds.push(Command::Skip(id));
        acted = true;
    }
    if dismiss_button(ui, nudge, cmds) {
        acted = true;
    }
    if snooze_menu_ui(ui, view.today(), nudge, state, cmds) {
        acted = true;
    }
    match nudge.contact_id {
        Some(_) => {
            if ui
                .button("Log…")
                .on_hover_text("Log an interaction with them (L)")
                .clicked()
            {
                state.form.open(LogForm::for_nudge(view, nudge));
                acted = true;
            }
        }
        None => {
            if ui.button("Open circles").clicked() {
                cmds.push(Command::Show(Screen::Circles));
                acted = true;
            }
        }
    }
    acted
}

fn dismiss_button(ui: &mut Ui, nudge: &Nudge, cmds: &mut Vec<Command>) -> bool {
    let clicked = ui
        .button("Dismiss")
        .on_hover_text("Hide this until something changes: a new interaction or trust change (D)")
        .clicked();
    if clicked {
        cmds.push(dismiss(nudge));
    }
    clicked
}

/// Snoozing: a week, or other spans.
fn snooze_menu_ui(
    ui: &mut Ui,
    today: NaiveDate,
    nudge: &Nudge,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) -> bool {
    let mut acted = false;
    ui.menu_button("Snooze", |ui| {
        for (label, days) in SNOOZES {
            if ui.button(label).clicked() {
                cmds.push(snooze(nudge, today + Duration::days(days)));
                acted = true;
                ui.close();
            }
        }
        if ui.button("Until a date…").clicked() {
            state.form.open(SnoozeForm::for_nudge(nudge, today));
            acted = true;
            ui.close();
        }
    })
    .response
    .on_hover_text("Hide this for a while (S: a week; Shift+S: choose)");
    acted
}

/// The snooze spans offered, in days.
pub const SNOOZES: [(&str, i64); 3] = [("3 days", 3), ("A week", 7), ("A month", 30)];

pub fn snooze(nudge: &Nudge, until: NaiveDate) -> Command {
    Command::Snooze {
        contact: nudge.contact_id,
        kind: nudge.kind,
        until,
    }
}

pub fn dismiss(nudge: &Nudge) -> Command {
    Command::Dismiss {
        contact: nudge.contact_id,
        kind: nudge.kind,
    }
}

/// What to act on, in one line: the latest interaction (when, how, the
/// first line of its note) and the open follow-ups not in the reason
/// already, three at most.
pub fn context_line(nudge: &Nudge, today: NaiveDate) -> String {
    let mut parts = Vec::new();
    // An unanswered nudge is about the latest interaction: its reason
    // quotes it already.
    if let Some(last) = nudge
        .last_interaction
        .as_ref()
        .filter(|_| nudge.kind != NudgeKind::Unanswered)
    {
        let mut said = format!(
            "Last: {}, {}",
            widgets::ago(today, last.when.date()),
            last.channel.label().to_lowercase()
        );
        if !last.note.is_empty() {
            said.push_str(&format!(": “{}”", last.note));
        }
        parts.push(said);
    }
    let to_do: Vec<String> = nudge
        .follow_ups
        .iter()
        // A follow-up nudge's reason cites the due ones.
        .filter(|f| nudge.kind != NudgeKind::FollowUp || !nudge.reason.contains(&f.what))
        .map(|f| match f.due {
            Some(due) if due < today => format!("{} (due {})", f.what, widgets::ago(today, due)),
            Some(due) if due == today => format!("{} (due today)", f.what),
            Some(due) => format!("{} (due {})", f.what, due.format("%-d %b")),
            None => f.what.clone(),
        })
        .collect();
    if !to_do.is_empty() {
        let mut line = format!(
            "To do: {}",
            to_do
                .iter()
                .take(FOLLOW_UPS_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
        if to_do.len() > FOLLOW_UPS_SHOWN {
            line.push_str(&format!(" and {} more", to_do.len() - FOLLOW_UPS_SHOWN));
        }
        parts.push(line);
    }
    parts.join("  ·  ")
}

impl TodayState {
    /// Whether the pointer has not moved since an action was taken with it
    /// and is over `rect`: the row that moved up under it shows no buttons
    /// until it moves, so a second click never acts on the next nudge.
    fn pointer_still_over(&self, ui: &Ui, rect: Rect) -> bool {
        let Some(at) = self.acted_at else {
            return false;
        };
        ui.input(|i| i.pointer.hover_pos())
            .is_some_and(|pos| pos == at && rect.contains(pos))
    }
}
