//! Circles: how many people you hold at each layer of closeness, against
//! the roughly 5, 15, 50 and 150 people anyone can sustain, so the
//! over-capacity nudge has a picture.

use egui::{RichText, Stroke, Ui};

use super::view::ViewModel;
use super::{Command, UiState, theme, widgets};
use crate::domain::TrustLevel;

/// A layer: everyone at `level` or closer, against a capacity.
struct Layer {
    level: TrustLevel,
    name: &'static str,
    count: u32,
    capacity: u32,
}

fn layers(view: &ViewModel) -> [Layer; 4] {
    let s = &view.settings;
    [
        Layer {
            level: TrustLevel::Intimate,
            name: "Closest",
            count: view.at_or_above(TrustLevel::Intimate),
            capacity: s.capacity_intimate,
        },
        Layer {
            level: TrustLevel::Trusted,
            name: "Trusted",
            count: view.at_or_above(TrustLevel::Trusted),
            capacity: s.capacity_trusted,
        },
        Layer {
            level: TrustLevel::Familiar,
            name: "Friends",
            count: view.at_or_above(TrustLevel::Familiar),
            capacity: s.capacity_familiar,
        },
        Layer {
            level: TrustLevel::Acquaintance,
            name: "Acquaintances",
            count: view.at_or_above(TrustLevel::Acquaintance),
            capacity: s.capacity_acquaintance,
        },
    ]
}

pub fn circles_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    let _ = (state, cmds);
    ui.heading("Circles");
    ui.label(
        RichText::new(
            "Closeness comes in layers. Each holds everyone at its trust level or closer, and \
             each can only hold so many people before some of them get neglected.",
        )
        .weak(),
    );
    ui.add_space(12.0);
    let layers = layers(view);
    ui.horizontal_top(|ui| {
        rings_ui(ui, &layers);
        ui.add_space(24.0);
        ui.vertical(|ui| {
            ui.set_max_width(460.0);
            for layer in &layers {
                layer_row_ui(ui, layer);
                ui.add_space(10.0);
            }
            let handshakes = view.layer_counts[0];
            ui.label(
                RichText::new(format!(
                    "Outside the layers: {} at handshake (no limit, no reminders).",
                    widgets::count(handshakes as usize)
                ))
                .weak(),
            );
            ui.add_space(10.0);
            circle_split_ui(ui, view);
        });
    });
}

/// Concentric rings, innermost the closest layer, each drawn in its
/// level's colour and thicker when over capacity.
fn rings_ui(ui: &mut Ui, layers: &[Layer; 4]) {
    let size = 300.0;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let center = rect.center();
    let visuals = ui.visuals();
    for (i, layer) in layers.iter().enumerate().rev() {
        let radius = 34.0 + 36.0 * i as f32;
        let color = theme::trust_color(visuals, layer.level);
        let over = layer.count > layer.capacity;
        painter.circle(
            center,
            radius,
            color.gamma_multiply(if over { 0.30 } else { 0.12 }),
            Stroke::new(if over { 3.0 } else { 1.5 }, color),
        );
        let label_pos = center - egui::vec2(0.0, radius - 14.0);
        painter.text(
            label_pos,
            egui::Align2::CENTER_CENTER,
            format!("{}/{}", layer.count, layer.capacity),
            egui::FontId::proportional(13.0),
            if over {
                theme::error(visuals)
            } else {
                visuals.text_color()
            },
        );
    }
    painter.circle_filled(center, 4.0, visuals.text_color());
    painter.text(
        center + egui::vec2(0.0, 14.0),
        egui::Align2::CENTER_CENTER,
        "you",
        egui::FontId::proportional(12.0),
        visuals.weak_text_color(),
    );
}

/// Who a layer holds: "familiar or closer"; the closest, alone.
fn layer_pill(level: crate::domain::TrustLevel) -> String {
    let name = level.label().to_lowercase();
    if level == crate::domain::TrustLevel::Intimate {
        name
    } else {
        format!("{name} or closer")
    }
}

fn layer_row_ui(ui: &mut Ui, layer: &Layer) {
    let over = layer.count > layer.capacity;
    ui.horizontal(|ui| {
        ui.label(RichText::new(layer.name).strong());
        widgets::pill(
            ui,
            &layer_pill(layer.level),
            theme::trust_color(ui.visuals(), layer.level),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let text = format!(
                "{} of about {}",
                widgets::count(layer.count as usize),
                widgets::count(layer.capacity as usize)
            );
            ui.label(if over {
                RichText::new(text)
                    .color(theme::error(ui.visuals()))
                    .strong()
            } else {
                RichText::new(text)
            });
        });
    });
    let fraction = if layer.capacity == 0 {
        1.0
    } else {
        (layer.count as f32 / layer.capacity as f32).min(1.0)
    };
    let color = if over {
        theme::error(ui.visuals())
    } else {
        theme::trust_color(ui.visuals(), layer.level)
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .fill(color)
            .desired_height(8.0),
    );
    if over {
        ui.label(
            RichText::new(format!(
                "{} more than people can usually sustain: some of these relationships will get less than they need.",
                layer.count - layer.capacity
            ))
            .small()
            .color(theme::error(ui.visuals())),
        );
    }
}

fn circle_split_ui(ui: &mut Ui, view: &ViewModel) {
    let [personal, professional, both] = view.circle_counts;
    ui.label(
        RichText::new(format!(
            "By circle: {} personal, {} professional, {} both.",
            widgets::count(personal as usize),
            widgets::count(professional as usize),
            widgets::count(both as usize)
        ))
        .weak(),
    );
}
