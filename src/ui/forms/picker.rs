//! Choosing who an interaction was with: part of a name (or a tag, where
//! you met, a word of the notes) typed, found by the one matcher
//! ([`crate::domain::search`]) and ranked as People ranks a search: name
//! matches first, then people with nudges open, then the most recently
//! contacted. Every match can be reached, by scrolling or with the arrow
//! keys, and the last entry adds the typed name as a new person.
//!
//! Whoever is chosen shows as a chip, removed with its × or, on the empty
//! field, with Backspace; an interaction can be with several people, so
//! the field stays after the chips for the next name, and Enter on it
//! empty moves on.

use egui::{Key, Modifiers, RichText, Ui};

use crate::domain::ContactId;
use crate::domain::search::Query;
use crate::ui::view::{PeopleSort, ViewModel, compare_rows};
use crate::ui::widgets;

/// How many suggestions show at once; the rest scroll.
const ROWS: usize = 6;

/// The person picker of the log form.
#[derive(Default)]
pub struct PersonPicker {
    /// The people chosen, each shown as a chip.
    pub chosen: Vec<ContactId>,
    /// What is typed in the field.
    pub query: String,
    /// The people the query finds, kept until it or the data changes:
    /// (query, view generation, matches).
    matches: Option<(String, u64, Vec<ContactId>)>,
    /// The suggestion picked with the arrow keys; one past the matches is
    /// "Add … as a new person…".
    highlighted: usize,
    /// The first suggestion shown last frame, to keep the one picked with
    /// the keys in view.
    first_shown: usize,
    /// Ask the field for the keyboard next frame.
    pub focus: bool,
    /// Asked for this frame: a new person of this name.
    pub add_new: Option<String>,
    /// Whether "Add … as a new person…" may be offered: adding someone
    /// leaves the form, so only while nothing would be lost (not when
    /// editing, nor once someone is chosen).
    pub offer_new: bool,
}

/// Everyone `query` finds, archived people left out, best first.
pub fn people_matching(view: &ViewModel, query: &str) -> Vec<ContactId> {
    let query = Query::new(query);
    if query.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<_> = view
        .people
        .iter()
        .filter(|row| !row.listing.archived)
        .filter_map(|row| query.find(&row.search).map(|f| (row, f.in_name)))
        .collect();
    found.sort_by(|(a, a_name), (b, b_name)| {
        b_name
            .cmp(a_name)
            .then(a.due.is_empty().cmp(&b.due.is_empty()))
            .then_with(|| compare_rows(a, b, PeopleSort::Recent))
    });
    found.into_iter().map(|(row, _)| row.id()).collect()
}

impl PersonPicker {
    /// The picker with `chosen` chosen (no one, one or several).
    pub fn new(chosen: impl IntoIterator<Item = ContactId>) -> Self {
        Self {
            chosen: chosen.into_iter().collect(),
            offer_new: true,
            ..Self::default()
        }
    }

    /// Draws the chips and the field after them, with the suggestions
    /// while something is typed (or no one is chosen yet). Returns whether
    /// choosing is done: Enter on the empty field, with someone chosen.
    pub fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> bool {
        let generation = view.generation;
        let fresh =
            matches!(&self.matches, Some((q, g, _)) if *q == self.query && *g == generation);
        if !fresh {
            let found = people_matching(view, &self.query);
            self.matches = Some((self.query.clone(), generation, found));
            self.highlighted = 0;
            self.first_shown = 0;
        }
        // Someone chosen already is not offered again.
        let matches: Vec<ContactId> = self
            .matches
            .as_ref()
            .map(|m| m.2.iter().copied())
            .into_iter()
            .flatten()
            .filter(|id| !self.chosen.contains(id))
            .collect();
        let typed = !self.query.trim().is_empty();
        // The matches, then "Add … as a new person…".
        let new = usize::from(self.offer_new && self.chosen.is_empty());
        let entries = if typed { matches.len() + new } else { 0 };
        self.highlighted = self.highlighted.min(entries.saturating_sub(1));
        let field_id = ui.make_persistent_id("log person");
        let mut moved = false;
        let mut pick = None;
        let mut done = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("With");
            let mut removed = None;
            for &id in &self.chosen {
                let name = view.name_of(id).unwrap_or("?");
                let chip = ui
                    .add(egui::Button::new(format!("{name}  ×")).selected(true))
                    .on_hover_text("Remove");
                if chip.clicked() {
                    removed = Some(id);
                }
                // With several chips, a badge each would crowd the row.
                if let (1, Some(row)) = (self.chosen.len(), view.row(id)) {
                    widgets::trust_badge(ui, row.listing.trust);
                }
            }
            let focused = ui.memory(|m| m.has_focus(field_id));
            // Backspace on the empty field takes the last chip off, as in
            // a mail client's address field.
            if focused
                && self.query.is_empty()
                && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Backspace))
            {
                removed = self.chosen.last().copied();
            }
            if let Some(id) = removed {
                self.chosen.retain(|c| *c != id);
                self.focus = true;
            }
            if entries > 0 && focused {
                // The arrow keys move through the suggestions while typing.
                ui.input_mut(|i| {
                    if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                        self.highlighted = (self.highlighted + 1).min(entries - 1);
                        moved = true;
                    }
                    if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                        self.highlighted = self.highlighted.saturating_sub(1);
                        moved = true;
                    }
                });
            }
            let hint = if self.chosen.is_empty() {
                "a name, a tag, where you met"
            } else {
                "and who else?"
            };
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .id(field_id)
                        .hint_text(hint)
                        .desired_width(240.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                if entries > 0 {
                    pick = Some(self.highlighted);
                } else {
                    done = !self.chosen.is_empty();
                }
            }
        });
        if self.chosen.is_empty() || typed {
            self.suggestions_ui(ui, view, &matches, new, moved, &mut pick);
        }
        match pick {
            Some(at) if at < matches.len() => {
                // The field keeps the keyboard, for the next name.
                self.chosen.push(matches[at]);
                self.query.clear();
                self.focus = true;
            }
            Some(_) => self.add_new = Some(self.query.trim().to_owned()),
            None => {}
        }
        done
    }

    /// The suggestions, in a box of the same height whatever it holds, so
    /// the dialog does not jump as they come and go.
    fn suggestions_ui(
        &mut self,
        ui: &mut Ui,
        view: &ViewModel,
        matches: &[ContactId],
        new: usize,
        moved: bool,
        pick: &mut Option<usize>,
    ) {
        let row = ui.spacing().interact_size.y;
        let height = ROWS as f32 * (row + ui.spacing().item_spacing.y);
        let query = self.query.trim().to_owned();
        ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
            ui.set_min_size(egui::vec2(ui.available_width(), height));
            if query.is_empty() {
                ui.label(RichText::new("Type part of a name, a tag, or where you met.").weak());
                return;
            }
            if matches.is_empty() {
                ui.label(RichText::new("No one by that name.").weak());
            }
            let entries = matches.len() + new;
            if moved {
                // Keep the one picked in view.
                if self.highlighted < self.first_shown {
                    self.first_shown = self.highlighted;
                } else if self.highlighted >= self.first_shown + ROWS {
                    self.first_shown = self.highlighted + 1 - ROWS;
                }
            }
            let mut area = egui::ScrollArea::vertical()
                .id_salt("log suggestions")
                .auto_shrink([false, true]);
            if moved {
                let step = row + ui.spacing().item_spacing.y;
                area = area.vertical_scroll_offset(self.first_shown as f32 * step);
            }
            let output = area.show_rows(ui, row, entries, |ui, range| {
                for at in range {
                    let text = match matches.get(at).and_then(|id| view.row(*id)) {
                        Some(person) => format!(
                            "{}  ·  {}",
                            person.listing.name,
                            widgets::last_contact(view.today(), person.listing.last_interaction_at)
                        ),
                        None => format!("Add '{query}' as a new person…"),
                    };
                    if ui
                        .add(egui::Button::selectable(at == self.highlighted, text))
                        .clicked()
                    {
                        *pick = Some(at);
                    }
                }
            });
            let step = row + ui.spacing().item_spacing.y;
            self.first_shown = (output.state.clamped_offset().y / step).round() as usize;
        });
    }
}
