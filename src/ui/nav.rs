//! The sidebar: Log and Add person, the screens, Import and Export. Full
//! width with the shortcuts; compact (short labels) when the window is
//! narrow; or, when the person collapses it, icons only, drawn here (the
//! fonts Kith ships have no icon glyphs), each named for screen readers and
//! telling its name on hover.

use egui::{Color32, KeyboardShortcut, Painter, Pos2, Rect, Stroke, Ui, pos2, vec2};

use super::{
    Command, Prefs, Screen, UiState, ViewModel, current_person, forms, shortcuts, widgets,
};

/// How the sidebar is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    Full,
    /// Short labels, for a narrow window.
    Compact,
    /// Icons only, as the person chose.
    Icons,
}

impl Width {
    pub fn of(ctx: &egui::Context, prefs: &Prefs) -> Self {
        if prefs.sidebar_collapsed {
            Self::Icons
        } else if super::is_narrow(ctx) {
            Self::Compact
        } else {
            Self::Full
        }
    }

    pub fn points(self) -> f32 {
        match self {
            Self::Full => 224.0,
            Self::Compact => 148.0,
            Self::Icons => 64.0,
        }
    }
}

/// What an entry of the sidebar is, for its icon.
#[derive(Clone, Copy)]
enum Icon {
    Log,
    Add,
    Screen(Screen),
    Import,
    Export,
    Help,
}

pub fn navigation_ui(
    ui: &mut Ui,
    view: &ViewModel,
    state: &mut UiState,
    width: Width,
    cmds: &mut Vec<Command>,
) {
    if width == Width::Icons {
        return icons_ui(ui, view, state, cmds);
    }
    let compact = width == Width::Compact;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Kith").size(26.0).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if chevron_button(ui, true).clicked() {
                state.prefs.sidebar_collapsed = true;
            }
        });
    });
    if !compact {
        ui.label(
            egui::RichText::new("keep relationships honest")
                .weak()
                .small(),
        );
    }
    ui.add_space(14.0);

    let width = ui.available_width();
    let ctx = ui.ctx().clone();
    // Compact, the shortcuts show on hover only.
    let wide = |text: &str, shortcut: &KeyboardShortcut| {
        let button = egui::Button::new(text).min_size(egui::vec2(width, 30.0));
        if compact {
            button
        } else {
            button.shortcut_text(egui::RichText::new(ctx.format_shortcut(shortcut)).weak())
        }
    };
    let log = wide(
        if compact {
            "Log…"
        } else {
            "Log interaction…"
        },
        &shortcuts::LOG,
    );
    if ui.add(log).clicked() {
        let form = forms::LogForm::new(view, current_person(state));
        state.form.open(form);
    }
    let add = ui.add(wide("Add person…", &shortcuts::ADD));
    if add.clicked() {
        state.form.open(forms::PersonForm::add());
    }
    ui.add_space(16.0);

    let due = view.due_count();
    let today_label = match (due, compact) {
        (0, _) => "Today".to_owned(),
        (_, true) => format!("Today  ({})", widgets::count(due)),
        (_, false) => format!("Today  ({} due)", widgets::count(due)),
    };
    let items = [
        (Screen::Today, today_label),
        (
            Screen::People,
            format!(
                "People  ({})",
                widgets::count(view.layer_counts.iter().sum::<u32>() as usize)
            ),
        ),
        (Screen::Circles, "Circles".to_owned()),
        (Screen::Settings, "Settings".to_owned()),
    ];
    for (screen, label) in items {
        let selected = state.prefs.screen == screen
            || (screen == Screen::People && matches!(state.prefs.screen, Screen::Person(_)));
        let button = egui::Button::selectable(selected, label)
            .min_size(egui::vec2(ui.available_width(), 28.0));
        if ui.add(button).clicked() {
            cmds.push(Command::Show(screen));
        }
    }

    ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
        ui.add_space(4.0);
        if let Some(status) = &view.status {
            // A quiet line, not a spinner: a spinner asks for a frame every
            // frame for as long as the work goes on.
            ui.label(egui::RichText::new(status).weak().small());
        }
        let help = if compact {
            "Shortcuts"
        } else {
            "Keyboard shortcuts"
        };
        if ui
            .add(egui::Button::new(help).frame(false))
            .on_hover_text(ui.ctx().format_shortcut(&shortcuts::HELP))
            .clicked()
        {
            state.form.open(forms::HelpForm);
        }
        ui.add_space(6.0);
        // Bottom up: Import… above Export….
        if ui
            .add(wide("Export…", &shortcuts::EXPORT))
            .on_hover_text("Write your people, or everything, to a file")
            .clicked()
        {
            state.form.open(forms::ExportForm::new(view, &state.prefs));
        }
        if ui
            .add(wide("Import…", &shortcuts::IMPORT))
            .on_hover_text("Add people from a vCard, CSV or Kith archive file")
            .clicked()
        {
            state.form.open(forms::ImportForm::new(view, &state.prefs));
        }
    });
}

/// The sidebar as icons, in the same order.
fn icons_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    ui.vertical_centered(|ui| {
        ui.add_space(8.0);
        if chevron_button(ui, false).clicked() {
            state.prefs.sidebar_collapsed = false;
        }
        ui.add_space(14.0);
        if icon_button(
            ui,
            Icon::Log,
            "Log interaction…",
            Some(&shortcuts::LOG),
            false,
        )
        .clicked()
        {
            state
                .form
                .open(forms::LogForm::new(view, current_person(state)));
        }
        if icon_button(ui, Icon::Add, "Add person…", Some(&shortcuts::ADD), false).clicked() {
            state.form.open(forms::PersonForm::add());
        }
        ui.add_space(16.0);
        let due = view.due_count();
        for (screen, name, key) in [
            (Screen::Today, "Today", &shortcuts::TODAY),
            (Screen::People, "People", &shortcuts::PEOPLE),
            (Screen::Circles, "Circles", &shortcuts::CIRCLES),
            (Screen::Settings, "Settings", &shortcuts::SETTINGS),
        ] {
            let selected = state.prefs.screen == screen
                || (screen == Screen::People && matches!(state.prefs.screen, Screen::Person(_)));
            let name = match (screen, due) {
                (Screen::Today, 1..) => format!("Today ({} due)", widgets::count(due)),
                _ => name.to_owned(),
            };
            if icon_button(ui, Icon::Screen(screen), &name, Some(key), selected).clicked() {
                cmds.push(Command::Show(screen));
            }
        }
    });
    ui.with_layout(egui::Layout::bottom_up(egui::Align::Center), |ui| {
        ui.add_space(4.0);
        if icon_button(
            ui,
            Icon::Help,
            "Keyboard shortcuts",
            Some(&shortcuts::HELP),
            false,
        )
        .clicked()
        {
            state.form.open(forms::HelpForm);
        }
        if icon_button(ui, Icon::Export, "Export…", Some(&shortcuts::EXPORT), false).clicked() {
            state.form.open(forms::ExportForm::new(view, &state.prefs));
        }
        if icon_button(ui, Icon::Import, "Import…", Some(&shortcuts::IMPORT), false).clicked() {
            state.form.open(forms::ImportForm::new(view, &state.prefs));
        }
    });
}

/// A square button drawing `icon`, named `name`.
fn icon_button(
    ui: &mut Ui,
    icon: Icon,
    name: &str,
    shortcut: Option<&KeyboardShortcut>,
    selected: bool,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(40.0, 34.0), egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, name));
    let visuals = if selected {
        ui.visuals().selection.bg_fill
    } else if response.hovered() {
        ui.visuals().widgets.hovered.weak_bg_fill
    } else {
        Color32::TRANSPARENT
    };
    ui.painter().rect_filled(rect, 6.0, visuals);
    let color = if selected {
        ui.visuals().selection.stroke.color
    } else {
        ui.visuals().text_color()
    };
    draw(ui.painter(), rect.shrink2(vec2(11.0, 8.0)), icon, color);
    let hover = match shortcut {
        Some(key) => format!("{name} ({})", ui.ctx().format_shortcut(key)),
        None => name.to_owned(),
    };
    response.on_hover_text(hover)
}

/// « to collapse the sidebar to icons, » to bring its labels back.
fn chevron_button(ui: &mut Ui, collapse: bool) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(24.0, 24.0), egui::Sense::click());
    let name = if collapse {
        "Collapse the sidebar"
    } else {
        "Expand the sidebar"
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    let color = if response.hovered() {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().weak_text_color()
    };
    let stroke = Stroke::new(1.5, color);
    let c = rect.center();
    let d = if collapse { -1.0 } else { 1.0 };
    for dx in [-3.0, 3.0] {
        let tip = pos2(c.x + dx + 3.0 * d, c.y);
        let back = c.x + dx - 3.0 * d;
        ui.painter()
            .line_segment([pos2(back, c.y - 5.0), tip], stroke);
        ui.painter()
            .line_segment([pos2(back, c.y + 5.0), tip], stroke);
    }
    response.on_hover_text(name)
}

/// Draws `icon` in `r` with lines of `color`.
fn draw(painter: &Painter, r: Rect, icon: Icon, color: Color32) {
    let s = Stroke::new(1.6, color);
    let c = r.center();
    let line = |a: Pos2, b: Pos2| {
        painter.line_segment([a, b], s);
    };
    match icon {
        Icon::Log => {
            // A speech bubble.
            let bubble = Rect::from_min_max(r.min, pos2(r.max.x, r.max.y - 4.0));
            painter.rect_stroke(bubble, 3.0, s, egui::StrokeKind::Inside);
            line(
                pos2(r.min.x + 5.0, bubble.max.y),
                pos2(r.min.x + 3.0, r.max.y),
            );
        }
        Icon::Add => {
            painter.circle_stroke(pos2(r.min.x + 6.0, r.min.y + 5.0), 4.0, s);
            line(pos2(r.min.x, r.max.y), pos2(r.min.x + 12.0, r.max.y));
            line(
                pos2(r.max.x - 4.0, c.y - 4.0),
                pos2(r.max.x - 4.0, c.y + 4.0),
            );
            line(pos2(r.max.x - 8.0, c.y), pos2(r.max.x, c.y));
        }
        Icon::Screen(Screen::Today) => {
            // A calendar page.
            painter.rect_stroke(r, 2.0, s, egui::StrokeKind::Inside);
            line(pos2(r.min.x, r.min.y + 5.0), pos2(r.max.x, r.min.y + 5.0));
            painter.circle_filled(pos2(c.x, c.y + 3.0), 2.0, color);
        }
        Icon::Screen(Screen::People | Screen::Person(_)) => {
            for x in [c.x - 4.0, c.x + 5.0] {
                painter.circle_stroke(pos2(x, r.min.y + 5.0), 3.5, s);
                line(pos2(x - 5.0, r.max.y), pos2(x - 3.0, r.max.y - 6.0));
                line(pos2(x - 3.0, r.max.y - 6.0), pos2(x + 3.0, r.max.y - 6.0));
                line(pos2(x + 3.0, r.max.y - 6.0), pos2(x + 5.0, r.max.y));
            }
        }
        Icon::Screen(Screen::Circles) => {
            for radius in [3.0, 6.5, 9.0] {
                painter.circle_stroke(c, radius, s);
            }
        }
        Icon::Screen(Screen::Settings) => {
            // A gear: a ring and its teeth.
            painter.circle_stroke(c, 5.0, s);
            for i in 0..8 {
                let a = i as f32 * std::f32::consts::TAU / 8.0;
                let dir = vec2(a.cos(), a.sin());
                line(c + dir * 6.5, c + dir * 9.0);
            }
        }
        Icon::Import | Icon::Export => {
            // A tray, and an arrow into it or out of it.
            line(pos2(r.min.x, c.y + 2.0), pos2(r.min.x, r.max.y));
            line(pos2(r.min.x, r.max.y), pos2(r.max.x, r.max.y));
            line(pos2(r.max.x, r.max.y), pos2(r.max.x, c.y + 2.0));
            let (from, to) = if matches!(icon, Icon::Import) {
                (r.min.y, c.y + 3.0)
            } else {
                (c.y + 3.0, r.min.y)
            };
            line(pos2(c.x, from), pos2(c.x, to));
            let head = if to > from { -4.0 } else { 4.0 };
            line(pos2(c.x - 4.0, to + head), pos2(c.x, to));
            line(pos2(c.x + 4.0, to + head), pos2(c.x, to));
        }
        Icon::Help => {
            painter.circle_stroke(c, 8.0, s);
            painter.text(
                c,
                egui::Align2::CENTER_CENTER,
                "?",
                egui::FontId::proportional(12.0),
                color,
            );
        }
    }
}
