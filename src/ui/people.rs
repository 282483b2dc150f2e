//! People: everyone, searchable as you type, with filters and sorting. Only
//! the visible rows are drawn, and the rows shown are worked out again only
//! when the search, the filters or the data change, from what was kept: the
//! sorted orders are patched after a change to a few people, and a search
//! typed on looks only among what the last one found. So the list stays
//! smooth, and a keystroke quick, with 100,000 people.
//!
//! Ctrl+F puts the keyboard in the search; Down and Up pick a result, Enter
//! opens it (the first, if none was picked).

use egui::{Key, Modifiers, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::view::people::{Hit, filtered, ranked, search};
use super::view::{PeopleFilter, PeopleSort, ViewModel, reposition, sorted_order};
use super::{Command, Screen, UiState, widgets};
use crate::domain::search::{Query, snippet};
use crate::domain::{Circle, TrustLevel};

const ROW_HEIGHT: f32 = 30.0;

/// A sorted order of the rows, with what it was worked out from.
struct Sorted {
    rebuilt: u64,
    generation: u64,
    sort: PeopleSort,
    order: Vec<u32>,
}

impl Sorted {
    /// The rows in `sort` order, kept in `kept`: patched when a few rows
    /// changed since, sorted afresh when the list was rebuilt.
    fn of<'a>(kept: &'a mut Option<Sorted>, view: &ViewModel, sort: PeopleSort) -> &'a [u32] {
        let sorted = match kept.take() {
            Some(mut sorted) if sorted.rebuilt == view.rebuilt && sorted.sort == sort => {
                if sorted.generation != view.generation {
                    let mut changed: Vec<usize> = view
                        .changed_rows
                        .iter()
                        .filter(|(g, _)| *g > sorted.generation)
                        .map(|(_, i)| *i)
                        .collect();
                    changed.sort_unstable();
                    changed.dedup();
                    for i in changed {
                        reposition(&mut sorted.order, &view.people, i as u32, sort);
                    }
                    sorted.generation = view.generation;
                }
                sorted
            }
            _ => Sorted {
                rebuilt: view.rebuilt,
                generation: view.generation,
                sort,
                order: sorted_order(&view.people, sort),
            },
        };
        &kept.insert(sorted).order
    }
}

/// The last search: its query and what it found, while the data is as it
/// was.
struct LastSearch {
    generation: u64,
    query: Query,
    hits: Vec<Hit>,
}

/// What the people screen keeps between frames: the sorted and filtered
/// rows, with the inputs they were computed from.
#[derive(Default)]
pub struct PeopleState {
    /// The rows in the chosen order.
    sorted: Option<Sorted>,
    /// The rows most recently contacted first, to rank search results.
    recent: Option<Sorted>,
    last_search: Option<LastSearch>,
    /// (view.generation, filter, rows shown)
    filtered: Option<(u64, PeopleFilter, Vec<u32>)>,
    /// The result picked with the arrow keys: a position in the rows shown.
    pub selected: Option<usize>,
}

impl PeopleState {
    /// The rows to show for `filter`, recomputed only when something
    /// changed since the last frame.
    pub fn visible(&mut self, view: &ViewModel, filter: &PeopleFilter) -> &[u32] {
        let fresh =
            matches!(&self.filtered, Some((g, f, _)) if *g == view.generation && f == filter);
        if !fresh {
            let query = Query::new(&filter.query);
            let rows = if query.is_empty() {
                let order = Sorted::of(&mut self.sorted, view, filter.sort);
                filtered(&view.people, order, filter)
            } else {
                let among = self
                    .last_search
                    .as_ref()
                    .filter(|last| last.generation == view.generation && query.narrows(&last.query))
                    .map(|last| last.hits.as_slice());
                let hits = search(&view.people, &query, among);
                let recent = Sorted::of(&mut self.recent, view, PeopleSort::Recent);
                let rows = ranked(&view.people, recent, &hits, filter);
                self.last_search = Some(LastSearch {
                    generation: view.generation,
                    query,
                    hits,
                });
                rows
            };
            if self
                .filtered
                .as_ref()
                .is_none_or(|(_, f, _)| f.query != filter.query)
            {
                self.selected = None;
            }
            self.filtered = Some((view.generation, filter.clone(), rows));
        }
        &self.filtered.as_ref().expect("filtered above").2
    }
}

pub fn people_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    ui.heading("People");
    ui.add_space(4.0);

    let filter = &mut state.prefs.people;
    let search = ui
        .horizontal(|ui| {
            let label = ui.label("Search");
            let search = ui.add(
                egui::TextEdit::singleline(&mut filter.query)
                    .hint_text("names, tags, how you met, notes…")
                    .desired_width(ui.available_width().min(360.0) - 60.0),
            );
            let search = search.labelled_by(label.id);
            if std::mem::take(&mut state.focus_search) {
                search.request_focus();
            }
            if !filter.query.is_empty() && ui.button("Clear").clicked() {
                filter.query.clear();
            }
            search
        })
        .inner;
    ui.horizontal_wrapped(|ui| {
        filters_ui(ui, view, filter);
    });
    ui.add_space(4.0);

    let filter = state.prefs.people.clone();
    let rows = state.people.visible(view, &filter).to_vec();
    let total = view.layer_counts.iter().sum::<u32>() as usize;
    ui.label(
        RichText::new(if filter.is_narrowed() || filter.show_archived {
            format!(
                "{} of {} people",
                widgets::count(rows.len()),
                widgets::count(total)
            )
        } else {
            format!("{} people", widgets::count(rows.len()))
        })
        .weak(),
    );

    let open = pick_ui(ui, &search, &rows, state);
    if let Some(at) = open {
        cmds.push(Command::Show(Screen::Person(
            view.people[rows[at] as usize].id(),
        )));
    }

    if rows.is_empty() {
        ui.add_space(30.0);
        ui.vertical_centered(|ui| {
            if view.people.is_empty() {
                ui.label("No one here yet.");
                if ui.button("Add person…").clicked() {
                    state.form.open(super::forms::PersonForm::add());
                }
                if ui.button("Import contacts…").clicked() {
                    state
                        .form
                        .open(super::forms::ImportForm::new(view, &state.prefs));
                }
            } else {
                ui.label("No one matches.");
                if ui.button("Clear search and filters").clicked() {
                    state.prefs.people = PeopleFilter {
                        sort: filter.sort,
                        ..PeopleFilter::default()
                    };
                }
            }
        });
        return;
    }
    table_ui(ui, view, &rows, &filter, state, cmds);
}

/// Down and Up pick a result while the search has the keyboard (or
/// nothing has), Enter opens it: the one picked, else the first. Returns
/// the position to open.
fn pick_ui(ui: &Ui, search: &egui::Response, rows: &[u32], state: &mut UiState) -> Option<usize> {
    let ctx = ui.ctx();
    let pressed = |key: Key| ctx.input_mut(|i| i.count_and_consume_key(Modifiers::NONE, key)) > 0;
    // Enter in a one-line field takes the keyboard away from it at once.
    let entered = search.lost_focus() && ctx.input(|i| i.key_pressed(Key::Enter));
    let free = ctx.memory(|m| m.focused().is_none());
    let last = rows.len().checked_sub(1)?;
    if state.form.is_open() || !(search.has_focus() || entered || free) {
        return None;
    }
    let people = &mut state.people;
    if pressed(Key::ArrowDown) {
        people.selected = Some(people.selected.map_or(0, |at| (at + 1).min(last)));
    }
    if pressed(Key::ArrowUp) {
        people.selected = people.selected.map(|at| at.saturating_sub(1));
    }
    // Enter in the search opens the first result when none was picked;
    // elsewhere, only one picked.
    let open = entered || (free && people.selected.is_some() && pressed(Key::Enter));
    open.then(|| people.selected.unwrap_or(0).min(last))
}

/// The columns, most important first: the name always shows; the others
/// give way, from the last, when the screen is narrow.
const COLUMNS: [(&str, f32); 5] = [
    ("Due", 64.0),
    ("Last contact", 120.0),
    ("Trust", 110.0),
    ("Tags", 160.0),
    ("Circle", 100.0),
];

/// The least width the name column keeps.
const NAME_WIDTH: f32 = 200.0;

/// How many of [`COLUMNS`] fit beside the name in `width`.
pub fn columns_that_fit(width: f32) -> usize {
    let mut used = NAME_WIDTH;
    COLUMNS
        .iter()
        .take_while(|(_, w)| {
            used += w + 8.0;
            used <= width
        })
        .count()
}

fn table_ui(
    ui: &mut Ui,
    view: &ViewModel,
    rows: &[u32],
    filter: &PeopleFilter,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    let today = view.today();
    let query = Query::new(&filter.query);
    let shown = columns_that_fit(ui.available_width());
    // In the order they read, left to right.
    let order = ["Trust", "Circle", "Last contact", "Tags", "Due"];
    let columns: Vec<&str> = order
        .into_iter()
        .filter(|name| COLUMNS[..shown].iter().any(|(c, _)| c == name))
        .collect();
    let selected = state.people.selected;
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::remainder().at_least(NAME_WIDTH - 20.0).clip(true));
    for name in &columns {
        let width = COLUMNS
            .iter()
            .find(|(c, _)| c == name)
            .map_or(80.0, |c| c.1);
        table = table.column(if *name == "Tags" {
            Column::initial(width).at_least(60.0).clip(true)
        } else {
            Column::exact(width)
        });
    }
    if let Some(at) = selected {
        table = table.scroll_to_row(at, None);
    }
    table
        .header(24.0, |mut header| {
            for title in std::iter::once("Name").chain(columns.iter().copied()) {
                header.col(|ui| {
                    ui.label(RichText::new(title).small().strong());
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let at = row.index();
                let person = &view.people[rows[at] as usize];
                let listing = &person.listing;
                row.set_selected(selected == Some(at));
                let mut open = false;
                row.col(|ui| {
                    let mut name = RichText::new(&listing.name).strong();
                    if listing.archived {
                        name = name.weak();
                    }
                    open |= ui.add(egui::Button::new(name).frame(false)).clicked();
                    if let Some(nickname) = &listing.nickname {
                        ui.label(RichText::new(nickname).weak());
                    }
                    if listing.archived {
                        ui.label(RichText::new("archived").weak().small());
                    }
                    // Found by their notes: show where.
                    if let Some(found) = query.find(&person.search)
                        && !found.in_name
                        && let Some(piece) = snippet(&listing.notes, query.words(), 60)
                    {
                        ui.add(egui::Label::new(RichText::new(piece).weak().italics()).truncate());
                    }
                });
                for name in &columns {
                    row.col(|ui| match *name {
                        "Trust" => {
                            widgets::trust_badge(ui, listing.trust);
                        }
                        "Circle" => {
                            ui.label(listing.circle.label());
                        }
                        "Last contact" => {
                            ui.label(widgets::last_contact(today, listing.last_interaction_at));
                        }
                        "Tags" => {
                            ui.add(
                                egui::Label::new(RichText::new(listing.tags.join(", ")).weak())
                                    .truncate(),
                            );
                        }
                        _ => {
                            for &kind in person.due.iter().take(4) {
                                widgets::nudge_dot(ui, kind);
                            }
                        }
                    });
                }
                if open || row.response().clicked() {
                    cmds.push(Command::Show(Screen::Person(listing.id)));
                }
            });
        });
}

fn filters_ui(ui: &mut Ui, view: &ViewModel, filter: &mut PeopleFilter) {
    let circle_text = filter.circle.map_or("Any circle", |c| c.label());
    egui::ComboBox::from_id_salt("circle filter")
        .selected_text(circle_text)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.circle, None, "Any circle");
            for &circle in Circle::ALL {
                ui.selectable_value(&mut filter.circle, Some(circle), circle.label());
            }
        })
        .response
        .on_hover_text("Circle");
    let trust_text = filter.trust.map_or("Any trust", |t| t.label());
    egui::ComboBox::from_id_salt("trust filter")
        .selected_text(trust_text)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.trust, None, "Any trust");
            for &level in TrustLevel::ALL.iter().rev() {
                ui.selectable_value(&mut filter.trust, Some(level), level.label());
            }
        })
        .response
        .on_hover_text("Trust level");
    let tag_text = filter.tag.clone().unwrap_or_else(|| "Any tag".to_owned());
    egui::ComboBox::from_id_salt("tag filter")
        .selected_text(tag_text)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.tag, None, "Any tag");
            for tag in &view.tags {
                ui.selectable_value(&mut filter.tag, Some(tag.clone()), tag);
            }
        })
        .response
        .on_hover_text("Tag");
    ui.checkbox(&mut filter.only_with_nudges, "With nudges");
    ui.checkbox(&mut filter.show_archived, "Archived too");
    ui.separator();
    if filter.query.trim().is_empty() {
        egui::ComboBox::from_id_salt("sort")
            .selected_text(format!("Sort: {}", filter.sort.label()))
            .show_ui(ui, |ui| {
                for sort in PeopleSort::ALL {
                    ui.selectable_value(&mut filter.sort, sort, sort.label());
                }
            })
            .response
            .on_hover_text("Sort order");
    } else {
        // Whole, on the next line if need be.
        ui.add(egui::Label::new(RichText::new("Best matches first").weak()).extend())
            .on_hover_text(
                "Names first, then people with nudges, then the most recently contacted",
            );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_give_way_from_the_least_important() {
        assert_eq!(columns_that_fit(1100.0), 5);
        assert_eq!(columns_that_fit(560.0), 3, "no tags nor circle");
        assert_eq!(columns_that_fit(280.0), 1, "the due marks stay longest");
        assert_eq!(columns_that_fit(150.0), 0);
    }
}
