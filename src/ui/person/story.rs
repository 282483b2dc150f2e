//! The relationship's story: trust as a step line over time, each
//! interaction as a mark near it, shaped by channel and coloured by tone.
//!
//! The day axis is labelled at every span, from a person added today to one
//! known for decades: the marks fall on calendar boundaries (days, Mondays,
//! the first of a month, the first of January) chosen so that the labels,
//! measured in the font they are drawn in, never touch. Hovering a mark
//! tells the interaction; clicking it asks the timeline to scroll there.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use egui::{Pos2, RichText, Ui};
use egui_plot::{
    AxisHints, GridInput, GridMark, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points,
};

use super::PersonState;
use crate::domain::{Channel, InteractionId, Tone, TrustLevel, level_on};
use crate::ui::theme;
use crate::ui::view::{PersonPage, ViewModel};

/// The plot's least grid spacing in points, which egui_plot turns into a
/// day count ([`GridInput::base_step_size`]); set on the plot so the two
/// agree.
const GRID_MIN: f32 = 8.0;

/// Room left between two labels of the day axis, in points.
const LABEL_GAP: f32 = 18.0;

/// The least room between two labels, when the usual room leaves one.
const LABEL_GAP_LEAST: f32 = 4.0;

/// How far from a mark the pointer may be to point at it, in points.
const HOVER_RADIUS: f32 = 9.0;

/// Calendar steps for the day axis, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Days(i64),
    Months(u32),
    Years(i32),
}

const STEPS: [Step; 19] = [
    Step::Days(1),
    Step::Days(2),
    Step::Days(3),
    Step::Days(7),
    Step::Days(14),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(1000),
    Step::Years(10_000),
    Step::Years(100_000),
];

impl Step {
    /// The fewest days between two marks of this step.
    fn least_days(self) -> f64 {
        match self {
            Self::Days(n) => n as f64,
            Self::Months(n) => [0.0, 28.0, 59.0, 89.0, 0.0, 0.0, 181.0][n as usize],
            Self::Years(n) => 365.0 * f64::from(n),
        }
    }

    /// The step size a mark carries: the formatter reads the label's
    /// precision from it.
    fn step_size(self) -> f64 {
        match self {
            Self::Days(n) => n as f64,
            Self::Months(n) => 30.0 * f64::from(n),
            Self::Years(n) => 365.0 * f64::from(n),
        }
    }
}

/// How wide the widest label of each precision is, in points.
#[derive(Clone, Copy, Debug)]
pub struct LabelWidths {
    pub day: f32,
    pub month: f32,
    pub year: f32,
}

impl LabelWidths {
    /// Measured in the font the axis draws its labels in.
    fn measure(ui: &Ui) -> Self {
        let font = egui::TextStyle::Body.resolve(ui.style());
        let widest = |samples: &[&str]| {
            samples
                .iter()
                .map(|s| {
                    ui.painter()
                        .layout_no_wrap((*s).to_owned(), font.clone(), egui::Color32::WHITE)
                        .size()
                        .x
                })
                .fold(0.0, f32::max)
        };
        Self {
            day: widest(&["28 May", "30 Sep", "22 Nov", "24 Aug"]),
            month: widest(&["May 2026", "Sep 2028", "Nov 2030", "Aug 2024"]),
            year: widest(&["2026", "2000", "1988"]),
        }
    }

    fn of(self, step: Step) -> f32 {
        match step {
            Step::Days(_) => self.day,
            Step::Months(_) => self.month,
            Step::Years(_) => self.year,
        }
    }
}

/// Marks for the day axis between `bounds` (days since 1970-01-01) when a
/// day is `px_per_day` points wide: the finest calendar step whose labels
/// fit with room between them.
pub fn day_marks(bounds: (f64, f64), px_per_day: f64, widths: LabelWidths) -> Vec<GridMark> {
    let (min, max) = bounds;
    let (Some(first), Some(last)) = (date_at(min.ceil()), date_at(max.floor())) else {
        return Vec::new();
    };
    if !(px_per_day.is_finite() && px_per_day > 0.0) {
        return Vec::new();
    }
    let fits =
        |step: &Step, gap: f32| step.least_days() * px_per_day >= f64::from(widths.of(*step) + gap);
    let Some(step) = STEPS.into_iter().find(|step| fits(step, LABEL_GAP)) else {
        return Vec::new();
    };
    let marks = marks_of(step, first, last);
    if marks.len() >= 2 {
        return marks;
    }
    // One label is no scale: closer labels, if they fit at all, are better.
    match STEPS.into_iter().find(|step| fits(step, LABEL_GAP_LEAST)) {
        Some(closer) if closer != step => marks_of(closer, first, last),
        _ => marks,
    }
}

/// The marks of `step` from `first` to `last`.
fn marks_of(step: Step, first: NaiveDate, last: NaiveDate) -> Vec<GridMark> {
    let mut marks = Vec::new();
    let mut push = |date: NaiveDate| {
        marks.push(GridMark {
            value: day_number(date),
            step_size: step.step_size(),
        });
    };
    match step {
        Step::Days(n) => {
            // Weeks start on Mondays (1970-01-05 was one); days count from
            // the epoch, so the marks stay put while the chart is dragged.
            let offset = if n >= 7 { 4 } else { 0 };
            let from = day_number(first) as i64;
            let start = from + (n - (from - offset).rem_euclid(n)) % n;
            let mut day = NaiveDate::default() + Duration::days(start);
            while day <= last {
                push(day);
                day += Duration::days(n);
            }
        }
        Step::Months(n) => {
            let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1);
            while let Some(start) = month.filter(|m| *m <= last) {
                if start >= first && start.month0() % n == 0 {
                    push(start);
                }
                month = start.checked_add_months(chrono::Months::new(1));
            }
        }
        Step::Years(n) => {
            let from = first.year().div_euclid(n) * n;
            for year in (from..=last.year()).step_by(n as usize) {
                if let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1).filter(|d| *d >= first) {
                    push(start);
                }
            }
        }
    }
    marks
}

/// A mark's label, as precise as its step: "22 Nov", "Nov 2026", "2026".
pub fn day_label(mark: GridMark) -> String {
    let format = if mark.step_size < 28.0 {
        "%-d %b"
    } else if mark.step_size < 365.0 {
        "%b %Y"
    } else {
        "%Y"
    };
    date_at(mark.value.round())
        .map(|d| d.format(format).to_string())
        .unwrap_or_default()
}

/// The date `days` days after 1970-01-01, if there is one: a chart zoomed
/// far out reaches values no date can hold.
fn date_at(days: f64) -> Option<NaiveDate> {
    if !days.is_finite() {
        return None;
    }
    // `as` saturates; `try_days` refuses what a duration cannot hold.
    Duration::try_days(days as i64)
        .and_then(|offset| NaiveDate::default().checked_add_signed(offset))
}

/// Days since 1970-01-01, the chart's x axis.
fn day_number(day: NaiveDate) -> f64 {
    (day - NaiveDate::default()).num_days() as f64
}

fn at_number(at: NaiveDateTime) -> f64 {
    day_number(at.date())
        + f64::from(chrono::Timelike::num_seconds_from_midnight(&at.time())) / 86_400.0
}

pub fn channel_shape(channel: Channel) -> MarkerShape {
    match channel {
        Channel::InPerson => MarkerShape::Circle,
        Channel::Call => MarkerShape::Diamond,
        Channel::Video => MarkerShape::Square,
        Channel::Message => MarkerShape::Up,
        Channel::Email => MarkerShape::Right,
        Channel::Social => MarkerShape::Asterisk,
        Channel::Letter => MarkerShape::Plus,
        Channel::Other => MarkerShape::Cross,
    }
}

pub fn tone_color(visuals: &egui::Visuals, tone: Tone) -> egui::Color32 {
    match tone {
        Tone::Positive => theme::trust_color(visuals, TrustLevel::Trusted),
        Tone::Neutral => visuals.weak_text_color(),
        Tone::Negative => theme::error(visuals),
    }
}

const TONES: [Tone; 3] = [Tone::Positive, Tone::Neutral, Tone::Negative];

/// Draws the story chart and its legend. A click on a mark asks the
/// timeline to scroll to that interaction.
pub fn story_ui(ui: &mut Ui, view: &ViewModel, page: &PersonPage, state: &mut PersonState) {
    let today = view.today();
    let history: Vec<(NaiveDate, TrustLevel)> =
        page.trust_history.iter().map(|c| (c.on, c.level)).collect();
    let start = page
        .contact
        .known_since()
        .min(history.first().map_or(today, |h| h.0));
    let mut steps: Vec<[f64; 2]> = Vec::new();
    for (on, level) in &history {
        let y = f64::from(level.number());
        if let Some(last) = steps.last().copied() {
            steps.push([day_number(*on), last[1]]);
        }
        steps.push([day_number(*on), y]);
    }
    if let Some(last) = steps.last().copied() {
        steps.push([day_number(today), last[1]]);
    }
    // Every interaction's place on the chart, with its index in the page.
    let marks: Vec<([f64; 2], usize)> = page
        .interactions
        .iter()
        .enumerate()
        .map(|(at, i)| {
            let i = &i.fields;
            let level = level_on(&history, i.when.date()).unwrap_or(TrustLevel::Handshake);
            let offset = match i.tone {
                Tone::Positive => 0.18,
                Tone::Neutral => 0.0,
                Tone::Negative => -0.18,
            };
            ([at_number(i.when), f64::from(level.number()) + offset], at)
        })
        .collect();
    let visuals = ui.visuals().clone();
    let widths = LabelWidths::measure(ui);
    ui.label(RichText::new("Story").strong());
    let x_axis = AxisHints::new_x()
        // The marks are spaced for their labels already: draw every one.
        .label_spacing(1.0..=2.0)
        .formatter(|mark, _| day_label(mark));
    let shown = Plot::new(("story", page.contact.id.0))
        .height(180.0)
        .include_y(0.5)
        .include_y(5.5)
        .include_x(day_number(start) - 5.0)
        .include_x(day_number(today) + 5.0)
        .allow_scroll(false)
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .show_grid([false, true])
        .grid_spacing(GRID_MIN..=300.0)
        .y_grid_spacer(|_| {
            (1..=5)
                .map(|y| GridMark {
                    value: f64::from(y),
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(|mark, _| {
            TrustLevel::from_number(mark.value.round() as i64)
                .map(|l| l.label().to_owned())
                .unwrap_or_default()
        })
        .custom_x_axes(vec![x_axis])
        .x_grid_spacer(move |input: GridInput| {
            let px_per_day = f64::from(GRID_MIN) / input.base_step_size;
            day_marks(input.bounds, px_per_day, widths)
        })
        .label_formatter(|_| None)
        .show(ui, |plot| {
            plot.line(
                Line::new("trust", PlotPoints::from(steps))
                    .color(theme::trust_color(&visuals, TrustLevel::Familiar))
                    .width(2.0)
                    // Steps have vertical segments; keep them as drawn.
                    .allow_band(false),
            );
            // One series per (channel, tone), so each keeps its shape and colour.
            for &channel in Channel::ALL {
                for tone in TONES {
                    let points: Vec<[f64; 2]> = marks
                        .iter()
                        .filter(|(_, at)| {
                            let i = &page.interactions[*at].fields;
                            i.channel == channel && i.tone == tone
                        })
                        .map(|(point, _)| *point)
                        .collect();
                    if !points.is_empty() {
                        plot.points(
                            Points::new(channel.label(), points)
                                .shape(channel_shape(channel))
                                .color(tone_color(&visuals, tone))
                                .radius(5.0)
                                .filled(true),
                        );
                    }
                }
            }
        });
    state.marks = marks
        .iter()
        .map(|(point, at)| {
            let pos = shown
                .transform
                .position_from_point(&PlotPoint::new(point[0], point[1]));
            (pos, page.interactions[*at].id)
        })
        .filter(|(pos, _)| shown.response.rect.contains(*pos))
        .collect();
    let response = &shown.response;
    let pointed = response
        .hover_pos()
        .and_then(|pointer| mark_at(&state.marks, pointer));
    if let Some(id) = pointed
        && let Some(interaction) = page.interactions.iter().find(|i| i.id == id)
    {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        egui::Tooltip::for_widget(response)
            .at_pointer()
            .gap(12.0)
            .show(|ui| mark_tooltip_ui(ui, interaction));
        if response.clicked() {
            // A note search could hide it from the timeline.
            state.note_query.clear();
            state.scroll_to = Some(id);
        }
    }
    legend_ui(ui, &visuals);
}

/// The interaction whose mark is nearest `pointer`, if one is near enough.
pub fn mark_at(marks: &[(Pos2, InteractionId)], pointer: Pos2) -> Option<InteractionId> {
    marks
        .iter()
        .map(|(pos, id)| (pos.distance(pointer), *id))
        .filter(|(distance, _)| *distance <= HOVER_RADIUS)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

/// What a mark stands for: when, how, the tone, the note's first line.
fn mark_tooltip_ui(ui: &mut Ui, interaction: &crate::domain::Interaction) {
    let i = &interaction.fields;
    ui.label(
        RichText::new(format!(
            "{} · {} · {}",
            i.when.format("%-d %b %Y, %H:%M"),
            i.channel.label().to_lowercase(),
            i.tone.label().to_lowercase()
        ))
        .strong(),
    );
    let note = i.note.lines().next().unwrap_or("");
    if note.is_empty() {
        ui.label(RichText::new("no note").weak().italics());
    } else {
        ui.label(note);
    }
    ui.label(
        RichText::new("Click to find it in the timeline")
            .weak()
            .small(),
    );
}

fn legend_ui(ui: &mut Ui, visuals: &egui::Visuals) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let weak = ui.visuals().weak_text_color();
        for &channel in Channel::ALL {
            marker_ui(ui, channel_shape(channel), weak);
            ui.label(RichText::new(channel.label().to_lowercase()).small().weak());
            ui.add_space(6.0);
        }
        for tone in TONES {
            marker_ui(ui, MarkerShape::Circle, tone_color(visuals, tone));
            ui.label(RichText::new(tone.label().to_lowercase()).small().weak());
            ui.add_space(6.0);
        }
    });
}
/// A small marker like the chart's, for its legend.
fn marker_ui(ui: &mut Ui, shape: MarkerShape, color: egui::Color32) {
    use egui::{Pos2, Shape, Stroke, pos2, vec2};
    let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), egui::Sense::hover());
    let c = rect.center();
    let r = 4.0;
    let stroke = Stroke::new(1.5, color);
    let polygon = |points: Vec<Pos2>| Shape::convex_polygon(points, color, Stroke::NONE);
    let painter = ui.painter();
    match shape {
        MarkerShape::Circle => {
            painter.circle_filled(c, r, color);
        }
        MarkerShape::Diamond => {
            painter.add(polygon(vec![
                pos2(c.x, c.y - r),
                pos2(c.x + r, c.y),
                pos2(c.x, c.y + r),
                pos2(c.x - r, c.y),
            ]));
        }
        MarkerShape::Square => {
            painter.rect_filled(
                egui::Rect::from_center_size(c, vec2(2.0 * r, 2.0 * r) * 0.8),
                0.0,
                color,
            );
        }
        MarkerShape::Up => {
            painter.add(polygon(vec![
                pos2(c.x, c.y - r),
                pos2(c.x + r, c.y + r),
                pos2(c.x - r, c.y + r),
            ]));
        }
        MarkerShape::Right => {
            painter.add(polygon(vec![
                pos2(c.x + r, c.y),
                pos2(c.x - r, c.y + r),
                pos2(c.x - r, c.y - r),
            ]));
        }
        MarkerShape::Plus => {
            painter.line_segment([pos2(c.x - r, c.y), pos2(c.x + r, c.y)], stroke);
            painter.line_segment([pos2(c.x, c.y - r), pos2(c.x, c.y + r)], stroke);
        }
        MarkerShape::Cross => {
            painter.line_segment([pos2(c.x - r, c.y - r), pos2(c.x + r, c.y + r)], stroke);
            painter.line_segment([pos2(c.x - r, c.y + r), pos2(c.x + r, c.y - r)], stroke);
        }
        _ => {
            // Asterisk: a plus and a cross.
            for (dx, dy) in [(r, 0.0), (0.0, r), (0.7 * r, 0.7 * r), (0.7 * r, -0.7 * r)] {
                painter.line_segment([pos2(c.x - dx, c.y - dy), pos2(c.x + dx, c.y + dy)], stroke);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::time::parse_date(crate::domain::Field::When, s).unwrap()
    }

    /// Widths as the default font draws them, near enough.
    const WIDTHS: LabelWidths = LabelWidths {
        day: 46.0,
        month: 64.0,
        year: 34.0,
    };

    /// The labels of the axis for a person known since `from`, as the page
    /// shows them (five days either side) on a chart `width` points wide,
    /// checking that none touches the next.
    fn labels(from: &str, today: &str, width: f64) -> Vec<String> {
        let bounds = (day_number(d(from)) - 5.0, day_number(d(today)) + 5.0);
        let px_per_day = width / (bounds.1 - bounds.0);
        let marks = day_marks(bounds, px_per_day, WIDTHS);
        for pair in marks.windows(2) {
            let apart = (pair[1].value - pair[0].value) * px_per_day;
            let step = pair[0].step_size;
            let width = if step < 28.0 {
                WIDTHS.day
            } else if step < 365.0 {
                WIDTHS.month
            } else {
                WIDTHS.year
            };
            assert!(
                apart >= f64::from(width + LABEL_GAP_LEAST),
                "{from}: labels {apart} points apart"
            );
        }
        marks.into_iter().map(day_label).collect()
    }

    #[test]
    fn the_axis_has_dates_at_every_span_and_they_never_touch() {
        let today = "2026-11-22";
        for (from, width, expected) in [
            // Someone new: days.
            (
                "2026-11-22",
                600.0,
                vec!["17 Nov", "19 Nov", "21 Nov", "23 Nov", "25 Nov", "27 Nov"],
            ),
            // Seven months: every other month.
            (
                "2026-04-22",
                600.0,
                vec!["May 2026", "Jul 2026", "Sep 2026", "Nov 2026"],
            ),
            // Ten months.
            (
                "2026-01-22",
                600.0,
                vec!["Mar 2026", "May 2026", "Jul 2026", "Sep 2026", "Nov 2026"],
            ),
            // Twenty months: quarters.
            (
                "2025-03-22",
                600.0,
                vec![
                    "Apr 2025", "Jul 2025", "Oct 2025", "Jan 2026", "Apr 2026", "Jul 2026",
                    "Oct 2026",
                ],
            ),
            // Eight years: years.
            (
                "2018-11-22",
                600.0,
                vec![
                    "2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026",
                ],
            ),
        ] {
            assert_eq!(labels(from, today, width), expected, "known since {from}");
        }
        // Narrower charts keep fewer labels, never none.
        for from in [
            "2026-11-22",
            "2026-04-22",
            "2026-01-22",
            "2025-03-22",
            "2018-11-22",
        ] {
            let narrow = labels(from, today, 260.0);
            assert!(narrow.len() >= 2, "{from}: {narrow:?}");
        }
    }

    #[test]
    fn weeks_start_on_mondays_and_months_on_the_first() {
        let dates = |from: &str, to: &str, px: f64| -> Vec<NaiveDate> {
            day_marks((day_number(d(from)), day_number(d(to))), px, WIDTHS)
                .into_iter()
                .map(|m| date_at(m.value).unwrap())
                .collect()
        };
        assert_eq!(
            dates("2026-11-01", "2026-11-20", 10.0),
            [d("2026-11-02"), d("2026-11-09"), d("2026-11-16")]
        );
        assert_eq!(
            dates("2026-08-15", "2026-11-20", 3.0),
            [d("2026-09-01"), d("2026-10-01"), d("2026-11-01")]
        );
    }

    #[test]
    fn the_chart_zoomed_far_out_marks_few_years_and_never_panics() {
        for bounds in [(-1e300, 1e300), (-1e18, 1e18), (f64::MIN, f64::MAX)] {
            assert!(day_marks(bounds, 1e-12, WIDTHS).is_empty(), "{bounds:?}");
        }
        assert!(day_marks((0.0, 100.0), 0.0, WIDTHS).is_empty());
        assert!(day_marks((0.0, 100.0), f64::NAN, WIDTHS).is_empty());
        // A hundred thousand years across 600 points: a few round years.
        let marks = day_marks((-18_000_000.0, 18_000_000.0), 600.0 / 36e6, WIDTHS);
        assert!(!marks.is_empty() && marks.len() <= 20, "{}", marks.len());
        let year = GridMark {
            value: 0.0,
            step_size: 365.0,
        };
        assert_eq!(day_label(year), "1970");
        assert_eq!(
            day_label(GridMark {
                value: 1e300,
                ..year
            }),
            ""
        );
    }

    #[test]
    fn the_pointer_finds_the_nearest_mark_within_reach() {
        let marks = [
            (Pos2::new(10.0, 10.0), InteractionId(1)),
            (Pos2::new(20.0, 10.0), InteractionId(2)),
        ];
        assert_eq!(
            mark_at(&marks, Pos2::new(13.0, 11.0)),
            Some(InteractionId(1))
        );
        assert_eq!(
            mark_at(&marks, Pos2::new(18.0, 10.0)),
            Some(InteractionId(2))
        );
        assert_eq!(mark_at(&marks, Pos2::new(15.0, 40.0)), None);
    }
}
