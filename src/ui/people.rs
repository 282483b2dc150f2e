//! People: everyone, searchable as you type, with filters and sorting. Only
//! the visible rows are drawn, and the filtered order is recomputed only
//! when the search, the filters or the data change, so the list stays
//! smooth with 100,000 people.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::view::{
    PeopleFilter, PeopleSort, SearchText, ViewModel, filter_rows, reposition, sorted_order,
};
use super::{Command, Screen, UiState, widgets};
use crate::domain::{Circle, TrustLevel};

const ROW_HEIGHT: f32 = 30.0;

/// What the people screen keeps between frames: the sorted and filtered
/// rows, with the inputs they were computed from.
#[derive(Default)]
pub struct PeopleState {
    /// (view.rebuilt, view.generation, sort, rows in sort order)
    sorted: Option<(u64, u64, PeopleSort, Vec<u32>)>,
    /// (view.generation, filter, rows shown)
    filtered: Option<(u64, PeopleFilter, Vec<u32>)>,
    /// (view.generation, everyone's text), rebuilt at the first search
    /// after a change.
    search: Option<(u64, SearchText)>,
}

impl PeopleState {
    /// The rows to show for `filter`, recomputed only when something
    /// changed since the last frame. After a change to a few people, the
    /// sorted order is patched rather than sorted again.
    pub fn visible(&mut self, view: &ViewModel, filter: &PeopleFilter) -> &[u32] {
        let sorted = match self.sorted.take() {
            Some((rebuilt, generation, sort, mut order))
                if rebuilt == view.rebuilt && sort == filter.sort =>
            {
                if generation != view.generation {
                    let mut changed: Vec<usize> = view
                        .changed_rows
                        .iter()
                        .filter(|(g, _)| *g > generation)
                        .map(|(_, i)| *i)
                        .collect();
                    changed.sort_unstable();
                    changed.dedup();
                    for i in changed {
                        reposition(&mut order, &view.people, i as u32, sort);
                    }
                }
                (rebuilt, view.generation, sort, order)
            }
            _ => (
                view.rebuilt,
                view.generation,
                filter.sort,
                sorted_order(&view.people, filter.sort),
            ),
        };
        let order = &self.sorted.insert(sorted).3;
        let filtered_is_fresh =
            matches!(&self.filtered, Some((g, f, _)) if *g == view.generation && f == filter);
        if !filtered_is_fresh {
            let search = match self.search.take() {
                Some((generation, text)) if generation == view.generation => (generation, text),
                _ if filter.query.trim().is_empty() => (0, SearchText::default()),
                _ => (view.generation, SearchText::new(&view.people)),
            };
            let rows = filter_rows(&view.people, order, filter, &search.1);
            self.search = Some(search);
            self.filtered = Some((view.generation, filter.clone(), rows));
        }
        &self.filtered.as_ref().expect("filtered above").2
    }
}

pub fn people_ui(ui: &mut Ui, view: &ViewModel, state: &mut UiState, cmds: &mut Vec<Command>) {
    ui.heading("People");
    ui.add_space(4.0);

    let filter = &mut state.prefs.people;
    ui.horizontal(|ui| {
        let label = ui.label("Search");
        let search = ui.add(
            egui::TextEdit::singleline(&mut filter.query)
                .hint_text("names, tags, how you met, notes…")
                .desired_width(360.0),
        );
        let search = search.labelled_by(label.id);
        if std::mem::take(&mut state.focus_search) {
            search.request_focus();
        }
        if !filter.query.is_empty() && ui.button("Clear").clicked() {
            filter.query.clear();
        }
    });
    ui.horizontal_wrapped(|ui| {
        filters_ui(ui, view, filter);
    });
    ui.add_space(4.0);

    let filter = state.prefs.people.clone();
    let rows = state.people.visible(view, &filter);
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

    let today = view.today();
    let rows = rows.to_vec();
    TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::remainder().at_least(180.0).clip(true))
        .column(Column::exact(110.0))
        .column(Column::exact(100.0))
        .column(Column::exact(120.0))
        .column(Column::initial(160.0).at_least(60.0).clip(true))
        .column(Column::exact(64.0))
        .header(24.0, |mut header| {
            for title in ["Name", "Trust", "Circle", "Last contact", "Tags", "Due"] {
                header.col(|ui| {
                    ui.label(RichText::new(title).small().strong());
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let person = &view.people[rows[row.index()] as usize];
                let listing = &person.listing;
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
                });
                row.col(|ui| {
                    widgets::trust_badge(ui, listing.trust);
                });
                row.col(|ui| {
                    ui.label(listing.circle.label());
                });
                row.col(|ui| {
                    ui.label(widgets::last_contact(today, listing.last_interaction_at));
                });
                row.col(|ui| {
                    ui.label(RichText::new(listing.tags.join(", ")).weak());
                });
                row.col(|ui| {
                    for &kind in person.due.iter().take(4) {
                        widgets::nudge_dot(ui, kind);
                    }
                });
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
    egui::ComboBox::from_id_salt("sort")
        .selected_text(format!("Sort: {}", filter.sort.label()))
        .show_ui(ui, |ui| {
            for sort in PeopleSort::ALL {
                ui.selectable_value(&mut filter.sort, sort, sort.label());
            }
        })
        .response
        .on_hover_text("Sort order");
}
