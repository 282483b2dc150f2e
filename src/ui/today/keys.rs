//! Triage by keyboard: a selected row, moved with j/k or the arrows, and a
//! key for each thing to do with it. The selection is a nudge, not a
//! place: when its row leaves the list (snoozed, dismissed, logged), the
//! row that takes its place is selected, so the next key acts on the next
//! nudge.

use chrono::Duration;
use egui::{Key, Modifiers};

use super::row::{dismiss, snooze};
use super::{TodayState, Triaged};
use crate::domain::NudgeKind;
use crate::ui::forms::{LogForm, SnoozeForm};
use crate::ui::view::ViewModel;
use crate::ui::{Command, Screen, UiState};

/// The keys, for the shortcuts help: (keys, what they do).
pub const TABLE: &[(&str, &str)] = &[
    ("J / K, or Down / Up", "Move between Today's rows"),
    ("L", "Log an interaction with them"),
    ("S", "Snooze for a week"),
    ("Shift+S", "Snooze: choose how long"),
    ("D", "Dismiss until something changes"),
    ("N", "Not now: skip this time (keep in touch)"),
    ("Enter", "Open their page"),
];

/// How long S snoozes, in days.
const SNOOZE_DAYS: i64 = 7;

/// Keeps the selection on a row of `order` (positions in the view's list):
/// the same nudge if it is still there, else the row now in its place, else
/// the first.
pub(super) fn resolve_selection(today: &mut TodayState, view: &ViewModel, order: &[usize]) {
    let Some(last) = order.len().checked_sub(1) else {
        today.selected = None;
        today.selected_at = 0;
        return;
    };
    let is_selected = |i: usize| Some(Triaged::of(&view.nudges[i])) == today.selected;
    // Where it was, most frames; else a search.
    let found = match order.get(today.selected_at) {
        Some(&i) if is_selected(i) => Some(today.selected_at),
        _ => order.iter().position(|&i| is_selected(i)),
    };
    let at = found.unwrap_or(today.selected_at.min(last));
    today.selected_at = at;
    today.selected = Some(Triaged::of(&view.nudges[order[at]]));
}

/// Reads the triage keys, unless a dialog, a menu or a text field has the
/// keyboard.
pub(super) fn keys_ui(
    ctx: &egui::Context,
    view: &ViewModel,
    state: &mut UiState,
    order: &[usize],
    cmds: &mut Vec<Command>,
) {
    if order.is_empty()
        || state.form.is_open()
        || ctx.text_edit_focused()
        || egui::Popup::is_any_open(ctx)
    {
        return;
    }
    let pressed = |key: Key| ctx.input_mut(|i| i.count_and_consume_key(Modifiers::NONE, key)) > 0;
    let down = pressed(Key::J) | pressed(Key::ArrowDown);
    let up = pressed(Key::K) | pressed(Key::ArrowUp);
    let today = &mut state.today;
    if down != up {
        let at = if down {
            (today.selected_at + 1).min(order.len() - 1)
        } else {
            today.selected_at.saturating_sub(1)
        };
        today.selected_at = at;
        today.selected = Some(Triaged::of(&view.nudges[order[at]]));
        today.scroll_to_selected = true;
        today.acted_at = None;
    }
    let nudge = &view.nudges[order[today.selected_at.min(order.len() - 1)]];
    let choose = ctx.input_mut(|i| i.consume_key(Modifiers::SHIFT, Key::S));
    // Enter belongs to a button that has the keyboard (after Tab).
    let open = ctx.memory(|m| m.focused().is_none()) && pressed(Key::Enter);
    if choose {
        state.form.open(SnoozeForm::for_nudge(nudge, view.today()));
    } else if pressed(Key::S) {
        cmds.push(snooze(nudge, view.today() + Duration::days(SNOOZE_DAYS)));
    } else if pressed(Key::D) {
        cmds.push(dismiss(nudge));
    } else if pressed(Key::N) {
        if let (Some(id), NudgeKind::Neglect) = (nudge.contact_id, nudge.kind) {
            cmds.push(Command::Skip(id));
        }
    } else if pressed(Key::L) {
        if nudge.contact_id.is_some() {
            state.form.open(LogForm::for_nudge(view, nudge));
        }
    } else if open {
        cmds.push(Command::Show(match nudge.contact_id {
            Some(id) => Screen::Person(id),
            None => Screen::Circles,
        }));
    }
}
