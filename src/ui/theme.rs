//! Kith's look: text sizes, spacing, frames and the few colours that carry
//! meaning (trust levels and nudge kinds). Follows the system's light or
//! dark preference; every colour here has a light and a dark variant.

use egui::{Color32, CornerRadius, FontId, Frame, Margin, Stroke, Style, TextStyle, Visuals};

use crate::domain::{NudgeKind, TrustLevel};

/// Sets text sizes and spacing once, for both light and dark styles.
pub fn install(ctx: &egui::Context) {
    ctx.options_mut(|o| o.theme_preference = egui::ThemePreference::System);
    ctx.all_styles_mut(|style| {
        use egui::FontFamily::{Monospace, Proportional};
        style.text_styles = [
            (TextStyle::Small, FontId::new(12.0, Proportional)),
            (TextStyle::Body, FontId::new(14.5, Proportional)),
            (TextStyle::Button, FontId::new(14.5, Proportional)),
            (TextStyle::Heading, FontId::new(22.0, Proportional)),
            (TextStyle::Monospace, FontId::new(13.5, Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 26.0;
        // Scroll bars beside the content, not over it: text and cards are
        // never hidden under a bar.
        style.spacing.scroll = egui::style::ScrollStyle::solid();
        style.visuals.widgets.noninteractive.corner_radius = CornerRadius::same(6);
        style.visuals.widgets.inactive.corner_radius = CornerRadius::same(6);
        style.visuals.widgets.hovered.corner_radius = CornerRadius::same(6);
        style.visuals.widgets.active.corner_radius = CornerRadius::same(6);
    });
}

fn pick(visuals: &Visuals, light: Color32, dark: Color32) -> Color32 {
    if visuals.dark_mode { dark } else { light }
}

pub fn nav_frame(style: &Style) -> Frame {
    Frame::new()
        .fill(pick(
            &style.visuals,
            Color32::from_rgb(0xf1, 0xf0, 0xec),
            Color32::from_rgb(0x1f, 0x20, 0x22),
        ))
        .inner_margin(Margin::same(14))
}

pub fn page_frame(style: &Style) -> Frame {
    Frame::new()
        .fill(style.visuals.panel_fill)
        .inner_margin(Margin::symmetric(24, 18))
}

pub fn banner_frame(style: &Style) -> Frame {
    Frame::new()
        .fill(pick(
            &style.visuals,
            Color32::from_rgb(0xfd, 0xec, 0xd2),
            Color32::from_rgb(0x4a, 0x36, 0x1c),
        ))
        .inner_margin(Margin::symmetric(16, 8))
}

/// A card: a softly outlined box for one nudge or one section.
pub fn card_frame(visuals: &Visuals) -> Frame {
    Frame::new()
        .fill(pick(
            visuals,
            Color32::from_rgb(0xff, 0xff, 0xff),
            Color32::from_rgb(0x2a, 0x2b, 0x2e),
        ))
        .stroke(Stroke::new(
            1.0,
            pick(
                visuals,
                Color32::from_rgb(0xdd, 0xda, 0xd3),
                Color32::from_rgb(0x3c, 0x3d, 0x42),
            ),
        ))
        .corner_radius(CornerRadius::same(8))
        .inner_margin(Margin::symmetric(14, 10))
}

pub fn warning(visuals: &Visuals) -> Color32 {
    pick(
        visuals,
        Color32::from_rgb(0xb4, 0x5f, 0x06),
        Color32::from_rgb(0xf0, 0xb4, 0x5a),
    )
}

pub fn error(visuals: &Visuals) -> Color32 {
    pick(
        visuals,
        Color32::from_rgb(0xb4, 0x23, 0x18),
        Color32::from_rgb(0xff, 0x8a, 0x7a),
    )
}

/// The colour of a trust level's badge: cool greys for the outer layers,
/// warming towards the inner circle.
pub fn trust_color(visuals: &Visuals, level: TrustLevel) -> Color32 {
    let (light, dark) = match level {
        TrustLevel::Handshake => ((0x8a, 0x8f, 0x98), (0x8a, 0x8f, 0x98)),
        TrustLevel::Acquaintance => ((0x4f, 0x7c, 0xac), (0x7f, 0xa8, 0xd6)),
        TrustLevel::Familiar => ((0x2a, 0x8c, 0x82), (0x5c, 0xc2, 0xb5)),
        TrustLevel::Trusted => ((0x4e, 0x8c, 0x2f), (0x8c, 0xc8, 0x6a)),
        TrustLevel::Intimate => ((0xb0, 0x4a, 0x7a), (0xe3, 0x86, 0xb2)),
    };
    pick(
        visuals,
        Color32::from_rgb(light.0, light.1, light.2),
        Color32::from_rgb(dark.0, dark.1, dark.2),
    )
}

/// The colour of a nudge kind's mark.
pub fn nudge_color(visuals: &Visuals, kind: NudgeKind) -> Color32 {
    let (light, dark) = match kind {
        NudgeKind::Unanswered => ((0xc2, 0x41, 0x0c), (0xff, 0x9f, 0x5a)),
        NudgeKind::Neglect => ((0xb4, 0x8a, 0x06), (0xf2, 0xc9, 0x4c)),
        NudgeKind::TooFast => ((0x7c, 0x3a, 0xc2), (0xc0, 0x9a, 0xf5)),
        NudgeKind::Souring => ((0xb4, 0x23, 0x18), (0xff, 0x8a, 0x7a)),
        NudgeKind::OneSided => ((0x2f, 0x6f, 0xb4), (0x7f, 0xb2, 0xf0)),
        NudgeKind::OverCapacity => ((0x6b, 0x72, 0x80), (0xa8, 0xae, 0xb8)),
        NudgeKind::FollowUp => ((0xa1, 0x4d, 0x0f), (0xf5, 0xa5, 0x6b)),
        NudgeKind::Date => ((0x0f, 0x76, 0x6e), (0x5e, 0xd3, 0xc3)),
    };
    pick(
        visuals,
        Color32::from_rgb(light.0, light.1, light.2),
        Color32::from_rgb(dark.0, dark.1, dark.2),
    )
}
