//! Choosing a file to read or a place to write one, drawn with egui itself.
//!
//! egui has no file dialog, and the native ones need a desktop portal that
//! is not always there (Xvfb has none), so Kith draws its own: the folder's
//! contents (folders first, then the files in the formats that apply), a
//! few places to jump to, "Up", and one field that takes a name in the
//! folder or a whole path (`~` is your home folder).
//!
//! The chooser never touches the disk. It asks the app to list a folder, or
//! to look at what a typed path names, with a command (see
//! [`FileChooser::take_request`]); the answer comes back in the view model's
//! [`DiskView`] by the next frame, and [`resolve`] turns it into a file, a
//! folder to open, or a message.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use super::disk::{
    DiskView, Entry, Found, Purpose, Resolved, expand, human_size, is_listed, resolve,
    swap_extension, to_look_at,
};
use super::{Command, widgets};

/// What the chooser shows and what was typed into it.
pub struct FileChooser {
    purpose: Purpose,
    /// The folder asked for, and the folder shown (as the listing names it).
    asked: PathBuf,
    folder: PathBuf,
    /// The listing shown (its number in [`DiskView::listed`]), and the
    /// indexes of its entries listed.
    shown: Option<u64>,
    listed: Vec<usize>,
    /// Show hidden files and files of any kind.
    everything: bool,
    /// The field: a name in the folder, or a path.
    name: String,
    /// For saving: the name the field starts with.
    default_name: String,
    /// A problem with what was typed or chosen.
    message: Option<String>,
    /// Scroll the message into view next frame (it is new).
    reveal: bool,
    /// Take the keyboard focus next frame.
    focus: bool,
    /// What was typed and the paths asked about, until the app answers.
    resolving: Option<(String, PathBuf, Vec<PathBuf>)>,
    /// A look at the disk for the app to make.
    request: Option<Command>,
}

/// The label of the name field, for tests and screen readers.
pub const NAME_LABEL: &str = "File name";

impl FileChooser {
    /// A chooser for a file to read, showing `folder` (or the first place
    /// when it cannot be read).
    pub fn open(folder: &Path, extensions: &'static [&'static str]) -> Self {
        Self::new(Purpose::Open { extensions }, folder, String::new())
    }

    /// A chooser for where to write a file, starting in `folder` with the
    /// name `name`.
    pub fn save(folder: &Path, extension: &'static str, name: &str) -> Self {
        Self::new(Purpose::Save { extension }, folder, name.to_owned())
    }

    fn new(purpose: Purpose, folder: &Path, name: String) -> Self {
        Self {
            purpose,
            asked: folder.to_owned(),
            folder: folder.to_owned(),
            shown: None,
            listed: Vec::new(),
            everything: false,
            default_name: name.clone(),
            name,
            message: None,
            reveal: false,
            focus: true,
            resolving: None,
            request: Some(Command::ListFolder {
                folder: folder.to_owned(),
                start: true,
            }),
        }
    }

    /// The folder shown.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// What is typed in the name field.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The look at the disk the chooser needs, to send to the app.
    pub fn take_request(&mut self) -> Option<Command> {
        self.request.take()
    }

    /// Shows a problem under the field (from whoever uses the chooser).
    pub fn set_message(&mut self, message: impl Into<String>) {
        self.reveal = true;
        self.message = Some(message.into());
    }

    /// For saving: changes the file's extension, unless the person typed
    /// a name with another one.
    pub fn set_extension(&mut self, extension: &'static str) {
        if let Purpose::Save { extension: old } = self.purpose {
            self.name = swap_extension(&self.name, old, extension);
            self.default_name = swap_extension(&self.default_name, old, extension);
            self.purpose = Purpose::Save { extension };
        }
    }

    /// For saving: replaces the name in the field.
    pub fn set_name(&mut self, name: &str) {
        self.name = name.to_owned();
        self.default_name = name.to_owned();
    }

    /// Shows `folder`, asking the app what is in it.
    pub fn go(&mut self, folder: PathBuf) {
        self.asked = folder.clone();
        self.folder = folder.clone();
        self.shown = None;
        self.request = Some(Command::ListFolder {
            folder,
            start: false,
        });
        self.message = None;
        if let Purpose::Open { .. } = self.purpose {
            self.name.clear();
        }
    }

    /// The person asked to go on with what the field names: the app is
    /// asked what is there, and [`FileChooser::ui`] returns the file once
    /// it answers (or shows why not).
    pub fn choose(&mut self, disk: &DiskView) {
        self.message = None;
        let text = self.name.trim().to_owned();
        if text.is_empty() {
            self.set_message(match self.purpose {
                Purpose::Open { .. } => "Choose a file, or type its name or path.",
                Purpose::Save { .. } => "Type a name for the file.",
            });
            return;
        }
        let path = expand(&text, disk.home.as_deref(), &self.folder);
        let paths = to_look_at(self.purpose, &path);
        self.request = Some(Command::LookAt(paths.clone()));
        self.resolving = Some((text, path, paths));
    }

    /// Takes in what the app answered: a new listing, or what is at the
    /// path typed. Returns the file chosen, if that is what it came to.
    fn take_answers(&mut self, disk: &DiskView) -> Option<PathBuf> {
        if let Some(listing) = &disk.listing
            && listing.asked == self.asked
            && self.shown != Some(disk.listed)
        {
            self.folder = listing.folder.clone();
            self.shown = Some(disk.listed);
            self.relist(disk);
        }
        let answered = self.resolving.as_ref().is_some_and(|(_, _, paths)| {
            disk.looked.len() == paths.len()
                && disk
                    .looked
                    .iter()
                    .zip(paths)
                    .all(|(look, path)| look.path == *path)
        });
        if !answered || self.request.is_some() {
            return None;
        }
        let (text, path, _) = self.resolving.take()?;
        let found = |path: &Path| {
            disk.look(path)
                .map_or(Found::Nothing, |look| look.found.clone())
        };
        match resolve(self.purpose, &text, &path, found) {
            Resolved::File(path) => return Some(path),
            Resolved::Folder { folder, message } => {
                self.go(folder);
                if let Purpose::Save { .. } = self.purpose {
                    self.name = self.default_name.clone();
                }
                if let Some(message) = message {
                    self.set_message(message);
                }
            }
            Resolved::Problem(message) => self.set_message(message),
        }
        None
    }

    fn relist(&mut self, disk: &DiskView) {
        let extensions = match self.purpose {
            Purpose::Open { extensions } => extensions,
            Purpose::Save { .. } => &[],
        };
        self.listed = match disk.listing.as_ref().map(|l| &l.entries) {
            Some(Ok(entries)) => (0..entries.len())
                .filter(|&i| is_listed(&entries[i], extensions, self.everything))
                .collect(),
            _ => Vec::new(),
        };
    }

    /// Draws the chooser, its list `list_height` tall (see
    /// [`list_height`]). Returns the file when the person picked one (by
    /// double-clicking it, pressing Enter in the field, or
    /// [`FileChooser::choose`]) and the app said it is there.
    pub fn ui(&mut self, ui: &mut Ui, disk: &DiskView, list_height: f32) -> Option<PathBuf> {
        let chosen = self.take_answers(disk);
        if chosen.is_some() || self.request.is_some() {
            // What changed shows at once, not at the next mouse move.
            ui.ctx().request_repaint();
        }
        let saving = matches!(self.purpose, Purpose::Save { .. });
        // Saving, the name comes first (as in most save dialogs): it is what
        // a person changes, and it stays in view in a small window.
        let mut enter = saving && self.name_ui(ui);
        let mut go_to = None;
        let mut picked = false;
        ui.horizontal(|ui| {
            let up = self.folder.parent().map(ToOwned::to_owned);
            if ui
                .add_enabled(up.is_some(), egui::Button::new("Up"))
                .on_hover_text("The folder this one is in")
                .clicked()
            {
                go_to = up;
            }
            ui.add(
                egui::Label::new(RichText::new(self.folder.display().to_string()).strong())
                    .truncate(),
            )
            .on_hover_text(self.folder.display().to_string());
        });
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for place in &disk.places {
                let here = place.folder == self.folder;
                if ui
                    .add(egui::Button::selectable(here, place.name))
                    .on_hover_text(place.folder.display().to_string())
                    .clicked()
                {
                    go_to = Some(place.folder.clone());
                }
            }
        });
        ui.add_space(2.0);
        let entries = disk
            .listing
            .as_ref()
            .filter(|_| self.shown.is_some())
            .map(|l| &l.entries);
        let listed = egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(4))
            .show(ui, |ui| self.list_ui(ui, entries, list_height))
            .inner;
        if let Some((folder, pick)) = listed {
            go_to = go_to.or(folder);
            picked |= pick;
        }
        let everything = if saving {
            "Show hidden files"
        } else {
            "Show all files"
        };
        if ui.checkbox(&mut self.everything, everything).changed() {
            self.relist(disk);
        }
        if !saving {
            ui.add_space(2.0);
            enter = self.name_ui(ui);
        }
        if let Some(folder) = go_to {
            self.go(folder);
        }
        if picked || enter {
            self.choose(disk);
        }
        chosen
    }

    /// The name field and the message under it; returns whether Enter was
    /// pressed in it.
    fn name_ui(&mut self, ui: &mut Ui) -> bool {
        let hint = match self.purpose {
            Purpose::Open { .. } => "a file in this folder, or a path such as ~/contacts.vcf",
            Purpose::Save { .. } => "a name in the folder below, or a path",
        };
        let field = widgets::text_field(ui, NAME_LABEL, &mut self.name, hint);
        if std::mem::take(&mut self.focus) {
            field.request_focus();
            if let Purpose::Save { .. } = self.purpose {
                select_stem(ui.ctx(), field.id, &self.name);
            }
        }
        if field.changed() {
            self.message = None;
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(message) = &self.message {
            let shown = ui.label(
                RichText::new(message)
                    .small()
                    .color(super::theme::error(ui.visuals())),
            );
            // The dialog may scroll; a new message must not land out of sight.
            if std::mem::take(&mut self.reveal) {
                shown.scroll_to_me(None);
            }
        }
        enter
    }

    /// The folder's contents; returns a folder to open and whether a file
    /// was picked (double-clicked).
    fn list_ui(
        &mut self,
        ui: &mut Ui,
        entries: Option<&Result<Vec<Entry>, String>>,
        height: f32,
    ) -> Option<(Option<PathBuf>, bool)> {
        let entries = match entries {
            // Not listed yet: the answer comes with the next frame.
            None => {
                ui.set_min_height(height);
                ui.set_width(ui.available_width());
                return None;
            }
            Some(Ok(entries)) => entries,
            Some(Err(reason)) => {
                ui.set_min_height(height);
                ui.set_width(ui.available_width());
                widgets::field_error(ui, &format!("Cannot read this folder: {reason}."));
                return None;
            }
        };
        if self.listed.is_empty() {
            ui.set_min_height(height);
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(match self.purpose {
                    Purpose::Open { .. } if !entries.is_empty() => {
                        "No folders or contact files here. Tick “Show all files” to see the rest."
                    }
                    _ => "This folder is empty.",
                })
                .weak(),
            );
            return None;
        }
        let mut result = None;
        let row_height = ui.spacing().interact_size.y;
        let selected_name = self.name.trim().to_owned();
        egui::ScrollArea::vertical()
            .id_salt("file chooser list")
            .min_scrolled_height(height)
            .max_height(height)
            .auto_shrink([false, false])
            .show_rows(ui, row_height, self.listed.len(), |ui, rows| {
                ui.spacing_mut().item_spacing.y = 0.0;
                for &i in &self.listed[rows] {
                    let entry = &entries[i];
                    let details = if entry.is_dir {
                        "folder".to_owned()
                    } else {
                        let mut text = human_size(entry.size);
                        if let Some(at) = entry.modified {
                            text.push_str(&format!("   {}", at.format("%Y-%m-%d %H:%M")));
                        }
                        text
                    };
                    let selected = !entry.is_dir && entry.name == selected_name;
                    let response = ui.horizontal(|ui| {
                        folder_or_file_icon(ui, entry.is_dir);
                        ui.add(
                            egui::Button::selectable(selected, entry.name.as_str())
                                .right_text(RichText::new(details).weak().small())
                                .truncate()
                                .min_size(egui::vec2(ui.available_width(), row_height)),
                        )
                    });
                    let response = response.inner;
                    if entry.is_dir && response.clicked() {
                        result = Some((Some(self.folder.join(&entry.name)), false));
                    } else if response.double_clicked() {
                        self.name = entry.name.clone();
                        result = Some((None, true));
                    } else if response.clicked() {
                        self.name = entry.name.clone();
                        self.message = None;
                    }
                }
            });
        result
    }
}

/// Where a chooser starts: the folder last used, else the home folder.
pub fn start_folder(last: Option<&Path>, disk: &DiskView) -> PathBuf {
    last.map(ToOwned::to_owned)
        .or_else(|| disk.home.clone())
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// How tall the list of a folder's contents can be in a window of this
/// size, when the rest of the dialog takes `rest` points: as tall as fits,
/// between 120 and 260, so that the name field and the buttons stay in
/// view without scrolling in all but the smallest windows.
pub fn list_height(ctx: &egui::Context, rest: f32) -> f32 {
    (ctx.content_rect().height() - rest).clamp(120.0, 260.0)
}

/// Selects the name without its extension, so that typing replaces it and
/// keeps the extension.
fn select_stem(ctx: &egui::Context, id: egui::Id, name: &str) {
    use egui::text::{CCursor, CCursorRange};
    let stem = Path::new(name)
        .file_stem()
        .map_or(0, |stem| stem.to_string_lossy().chars().count());
    if let Some(mut state) = egui::text_edit::TextEditState::load(ctx, id) {
        state
            .cursor
            .set_char_range(Some(CCursorRange::two(CCursor::new(0), CCursor::new(stem))));
        state.store(ctx, id);
    }
}

/// A small folder or page drawn beside a name.
fn folder_or_file_icon(ui: &mut Ui, is_dir: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
    let color = ui.visuals().weak_text_color();
    let stroke = egui::Stroke::new(1.2, color);
    let painter = ui.painter();
    if is_dir {
        let body = egui::Rect::from_min_max(
            rect.left_top() + egui::vec2(1.0, 4.5),
            rect.right_bottom() - egui::vec2(1.0, 2.5),
        );
        painter.rect_filled(body, 2.0, color.gamma_multiply(0.45));
        let tab =
            egui::Rect::from_min_size(rect.left_top() + egui::vec2(1.0, 2.5), egui::vec2(6.0, 3.0));
        painter.rect_filled(tab, 1.0, color.gamma_multiply(0.45));
    } else {
        let page = egui::Rect::from_min_max(
            rect.left_top() + egui::vec2(3.5, 1.5),
            rect.right_bottom() - egui::vec2(3.5, 1.5),
        );
        painter.rect_stroke(page, 1.5, stroke, egui::StrokeKind::Inside);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the app answers to a look at the made-up disk.
    fn answer(view: &mut DiskView, request: Option<Command>) {
        let Some(Command::LookAt(paths)) = request else {
            panic!("asks what is there: {request:?}");
        };
        view.looked = paths
            .into_iter()
            .map(|path| crate::ui::disk::Look {
                found: crate::ui::disk::made_up_disk(&path),
                path,
                database: false,
            })
            .collect();
    }

    #[test]
    fn the_chooser_asks_the_app_and_goes_on_with_its_answer() {
        let mut chooser = FileChooser::open(Path::new("/data"), &["vcf"]);
        assert_eq!(
            chooser.take_request(),
            Some(Command::ListFolder {
                folder: PathBuf::from("/data"),
                start: true
            })
        );
        let mut view = DiskView::default();
        chooser.name = "a.vcf".into();
        chooser.choose(&view);
        let asked = chooser.take_request();
        assert_eq!(chooser.take_answers(&view), None, "not answered yet");
        answer(&mut view, asked);
        assert_eq!(
            chooser.take_answers(&view),
            Some(PathBuf::from("/data/a.vcf"))
        );
        assert_eq!(chooser.take_answers(&view), None, "answered once");

        chooser.name = "sub".into();
        chooser.choose(&view);
        answer(&mut view, chooser.take_request());
        assert_eq!(chooser.take_answers(&view), None);
        assert_eq!(chooser.folder(), Path::new("/data/sub"));
        assert!(chooser.message.as_deref().unwrap().contains("is a folder"));
        assert!(matches!(
            chooser.take_request(),
            Some(Command::ListFolder { start: false, .. })
        ));

        let mut save = FileChooser::save(Path::new("/data"), "json", "kith.json");
        save.set_extension("vcf");
        assert_eq!(save.default_name, "kith.vcf");
        assert_eq!(save.name(), "kith.vcf");
    }
}
