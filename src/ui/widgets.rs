//! Small widgets the screens share: trust badges, nudge marks, labelled
//! form fields, choice rows, and friendly numbers and dates.

use chrono::{NaiveDate, NaiveDateTime};
use egui::{Color32, CornerRadius, Response, RichText, Ui};

use super::theme;
use crate::domain::{NudgeKind, TrustLevel};

/// Counts read the same in the window as on the command line.
pub use crate::domain::count::{count, plural};

/// A small rounded badge showing a trust level.
pub fn trust_badge(ui: &mut Ui, level: TrustLevel) -> Response {
    pill(ui, level.label(), theme::trust_color(ui.visuals(), level))
        .on_hover_text(trust_meaning(level))
}

/// What a trust level means, in a person's words.
pub fn trust_meaning(level: TrustLevel) -> &'static str {
    match level {
        TrustLevel::Handshake => "1 · introduced, following each other",
        TrustLevel::Acquaintance => "2 · a few conversations",
        TrustLevel::Familiar => "3 · regular friendly contact",
        TrustLevel::Trusted => "4 · you would share personal matters",
        TrustLevel::Intimate => "5 · your closest circle",
    }
}

/// A rounded label with a tinted background.
pub fn pill(ui: &mut Ui, text: &str, color: Color32) -> Response {
    let text = RichText::new(text).small().color(color);
    egui::Frame::new()
        .fill(color.gamma_multiply(0.14))
        .corner_radius(CornerRadius::same(9))
        .inner_margin(egui::Margin::symmetric(7, 1))
        .show(ui, |ui| ui.label(text))
        .inner
}

/// A coloured dot marking a due nudge.
pub fn nudge_dot(ui: &mut Ui, kind: NudgeKind) -> Response {
    let size = egui::vec2(10.0, 10.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), 4.0, theme::nudge_color(ui.visuals(), kind));
    response.on_hover_text(kind.label())
}

/// "today", "yesterday", "12 days ago", "3 months ago", "2 years ago".
pub fn ago(today: NaiveDate, day: NaiveDate) -> String {
    let days = (today - day).num_days();
    match days {
        i64::MIN..=-1 => format!("on {day}"),
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        2..=60 => format!("{days} days ago"),
        61..=729 => format!("{} months ago", days / 30),
        _ => format!("{} years ago", days / 365),
    }
}

/// The last-contact column: "never" or how long ago.
pub fn last_contact(today: NaiveDate, last: Option<NaiveDateTime>) -> String {
    match last {
        Some(at) => ago(today, at.date()),
        None => "never".to_owned(),
    }
}

/// A one-line text field with a label in front, tied to it for screen
/// readers (and for tests that find fields by their label).
pub fn text_field(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}

/// A multi-line text field with a label above.
pub fn text_area(ui: &mut Ui, label: &str, text: &mut String, hint: &str, rows: usize) -> Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::multiline(text)
            .hint_text(hint)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}

/// A row of chips choosing one of `options`: one Tab stop for the whole
/// row, whose choice Left and Right move while it has the keyboard; a
/// click picks a chip. Returns whether the choice changed.
pub fn choice_row<T: Copy + PartialEq, S: Into<String>>(
    ui: &mut Ui,
    value: &mut T,
    options: &[T],
    label: impl Fn(T) -> S,
) -> bool {
    let row = ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let mut clicked = None;
        for &option in options {
            // Clicked, never focused: the row is the Tab stop.
            let chip = egui::Button::selectable(*value == option, label(option).into())
                .sense(egui::Sense::CLICK);
            if ui.add(chip).clicked() {
                clicked = Some(option);
            }
        }
        clicked
    });
    let rect = row.response.rect;
    let group = ui.interact(rect, row.response.id.with("chips"), egui::Sense::FOCUSABLE);
    let current = *value;
    group.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::RadioGroup, true, true, label(current).into())
    });
    let mut chosen = row.inner;
    if group.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                group.id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    ..Default::default()
                },
            );
        });
        let at = options.iter().position(|o| *o == current).unwrap_or(0);
        let (left, right) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight),
            )
        });
        if right {
            chosen = options.get(at + 1).copied();
        } else if left && at > 0 {
            chosen = options.get(at - 1).copied();
        }
        let stroke = ui.visuals().selection.stroke;
        ui.painter()
            .rect_stroke(rect.expand(2.0), 4.0, stroke, egui::StrokeKind::Outside);
    }
    match chosen {
        Some(option) if option != *value => {
            *value = option;
            true
        }
        _ => false,
    }
}

/// A button showing a ← (drawn: not every font has the arrow), named
/// "Back" for screen readers.
pub fn back_button(ui: &mut Ui) -> Response {
    let size = egui::vec2(
        ui.spacing().interact_size.y + 8.0,
        ui.spacing().interact_size.y,
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Back"));
    let visuals = ui.style().interact(&response);
    ui.painter().rect(
        rect,
        visuals.corner_radius,
        visuals.weak_bg_fill,
        visuals.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let stroke = egui::Stroke::new(1.5, visuals.fg_stroke.color);
    let c = rect.center();
    let (w, h) = (rect.height() * 0.3, rect.height() * 0.22);
    let tip = egui::pos2(c.x - w, c.y);
    ui.painter()
        .line_segment([tip, egui::pos2(c.x + w, c.y)], stroke);
    ui.painter()
        .line_segment([tip, egui::pos2(tip.x + h, c.y - h)], stroke);
    ui.painter()
        .line_segment([tip, egui::pos2(tip.x + h, c.y + h)], stroke);
    response
}

/// An inline validation message under a form field.
pub fn field_error(ui: &mut Ui, message: &str) -> Response {
    // Wrapped: a long message stays inside the window.
    ui.add(
        egui::Label::new(
            RichText::new(message)
                .small()
                .color(theme::error(ui.visuals())),
        )
        .wrap(),
    )
}

/// Work going on: a bar filled to `fraction` when it is known, else a
/// highlight sweeping along it, with `text` on it. Asks to be drawn again
/// in 50 ms (a spinner would ask for every frame).
pub fn working_ui(ui: &mut Ui, text: &str, fraction: Option<f32>) {
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    if let Some(fraction) = fraction {
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(text)
                .desired_height(22.0),
        );
        return;
    }
    let size = egui::vec2(ui.available_width(), 22.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let visuals = ui.visuals();
    let painter = ui.painter().with_clip_rect(rect);
    let radius = rect.height() / 2.0;
    painter.rect_filled(rect, radius, visuals.extreme_bg_color);
    let width = rect.width() / 4.0;
    let phase = (ui.input(|i| i.time) * 0.5).fract() as f32;
    let left = rect.left() - width + phase * (rect.width() + width);
    let sweep = egui::Rect::from_min_size(
        egui::pos2(left, rect.top()),
        egui::vec2(width, rect.height()),
    );
    painter.rect_filled(sweep, radius, visuals.selection.bg_fill.gamma_multiply(0.6));
    painter.text(
        rect.left_center() + egui::vec2(10.0, 0.0),
        egui::Align2::LEFT_CENTER,
        text,
        egui::TextStyle::Body.resolve(ui.style()),
        visuals.text_color(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::ProgressIndicator, true, text)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        let d = |s: &str| crate::domain::time::parse_date(crate::domain::Field::When, s).unwrap();
        let today = d("2026-11-22");
        assert_eq!(ago(today, d("2026-11-22")), "today");
        assert_eq!(ago(today, d("2026-11-21")), "yesterday");
        assert_eq!(ago(today, d("2026-11-10")), "12 days ago");
        assert_eq!(ago(today, d("2026-06-01")), "5 months ago");
        assert_eq!(ago(today, d("2023-11-01")), "3 years ago");
    }
}
