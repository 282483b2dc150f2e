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
    DiskView, Entry, Found, expand, human_size, is_listed, swap_extension, with_extension,
};
use super::{Command, widgets};

/// What the chooser is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Choosing a file to read: lists the files with these extensions.
    Open { extensions: &'static [&'static str] },
    /// Choosing where to write a file with this extension.
    Save { extension: &'static str },
}

/// What the name field comes to, once the disk was looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The file to read, or to write.
    File(PathBuf),
    /// A folder, to show instead, saying why when it was not asked for;
    /// for saving, the field gets its first name back.
    Folder {
        folder: PathBuf,
        message: Option<String>,
    },
    /// Why it is neither.
    Problem(String),
}

/// The paths to look at to resolve `path`: itself, and for saving its
/// folder and the file with the extension added.
pub fn to_look_at(purpose: Purpose, path: &Path) -> Vec<PathBuf> {
    let mut paths = vec![path.to_owned()];
    if let Purpose::Save { extension } = purpose
        && let Some(parent) = path.parent()
    {
        paths.push(parent.to_owned());
        if let Some(name) = path.file_name() {
            paths.push(parent.join(with_extension(&name.to_string_lossy(), extension)));
        }
    }
    paths
}

/// What `path` (typed as `text`) comes to for `purpose`, given what is at
/// each of [`to_look_at`]'s paths (`found`).
pub fn resolve(
    purpose: Purpose,
    text: &str,
    path: &Path,
    found: impl Fn(&Path) -> Found,
) -> Resolved {
    let shown = path.display();
    match purpose {
        Purpose::Open { .. } => match found(path) {
            Found::Folder => Resolved::Folder {
                folder: path.to_owned(),
                message: Some("That is a folder: choose a file in it.".to_owned()),
            },
            Found::File => Resolved::File(path.to_owned()),
            Found::Nothing => Resolved::Problem(format!("There is no file at {shown}.")),
            Found::Unreadable(reason) => {
                Resolved::Problem(format!("Cannot open {shown}: {reason}."))
            }
        },
        Purpose::Save { extension } => {
            let is_folder = |path: &Path| found(path) == Found::Folder;
            if is_folder(path) {
                return if text.contains(['/', std::path::MAIN_SEPARATOR]) || text.starts_with('~') {
                    // A folder typed to go there.
                    Resolved::Folder {
                        folder: path.to_owned(),
                        message: None,
                    }
                } else {
                    Resolved::Problem(format!("{shown} is a folder: type a name for the file."))
                };
            }
            let Some(parent) = path.parent().filter(|p| is_folder(p)) else {
                let parent = path.parent().unwrap_or(path);
                return Resolved::Problem(format!("There is no folder {}.", parent.display()));
            };
            let name = path.file_name().map_or_else(String::new, |n| {
                with_extension(&n.to_string_lossy(), extension)
            });
            let target = parent.join(name);
            if is_folder(&target) {
                return Resolved::Problem(format!(
                    "{} is a folder: type a name for the file.",
                    target.display()
                ));
            }
            Resolved::File(target)
        }
    }
}

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

    const OPEN: Purpose = Purpose::Open {
        extensions: &["vcf"],
    };
    const SAVE: Purpose = Purpose::Save { extension: "json" };

    /// What is at each path on a made-up disk: `/data` with `sub/` and
    /// `a.vcf` in it.
    fn disk(path: &Path) -> Found {
        let path: PathBuf = path.components().collect();
        match path.to_str().unwrap() {
            "/" | "/data" | "/data/sub" | "/data/folder.json" => Found::Folder,
            "/data/a.vcf" | "/data/kith.json" => Found::File,
            "/data/locked.vcf" => Found::Unreadable("you do not have permission to read it".into()),
            _ => Found::Nothing,
        }
    }

    fn resolved(purpose: Purpose, text: &str) -> Resolved {
        let path = expand(text, Some(Path::new("/home/ada")), Path::new("/data"));
        let looked = to_look_at(purpose, &path);
        // Only what was asked about is known.
        resolve(purpose, text, &path, |p| {
            assert!(looked.iter().any(|l| l == p), "{p:?} was not looked at");
            disk(p)
        })
    }

    fn problem(purpose: Purpose, text: &str) -> String {
        match resolved(purpose, text) {
            Resolved::Problem(message) => message,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn a_file_to_read_is_a_file_a_folder_to_open_or_a_clear_message() {
        let file = |p: &str| Resolved::File(PathBuf::from(p));
        assert_eq!(resolved(OPEN, "a.vcf"), file("/data/a.vcf"));
        assert_eq!(resolved(OPEN, "/data/a.vcf"), file("/data/a.vcf"));
        assert_eq!(
            resolved(OPEN, "sub"),
            Resolved::Folder {
                folder: PathBuf::from("/data/sub"),
                message: Some("That is a folder: choose a file in it.".into()),
            },
            "a folder is opened, not chosen"
        );
        assert_eq!(
            problem(OPEN, "missing.vcf"),
            "There is no file at /data/missing.vcf."
        );
        assert_eq!(
            problem(OPEN, "locked.vcf"),
            "Cannot open /data/locked.vcf: you do not have permission to read it."
        );
    }

    #[test]
    fn a_place_to_write_gets_its_extension_and_never_is_a_folder() {
        let file = |p: &str| Resolved::File(PathBuf::from(p));
        assert_eq!(resolved(SAVE, "kith.json"), file("/data/kith.json"));
        assert_eq!(resolved(SAVE, "people"), file("/data/people.json"));
        assert_eq!(
            resolved(SAVE, "/data/sub/"),
            Resolved::Folder {
                folder: PathBuf::from("/data/sub/"),
                message: None,
            },
            "a folder typed as a path goes there"
        );
        assert_eq!(
            problem(SAVE, "sub"),
            "/data/sub is a folder: type a name for the file."
        );
        assert_eq!(
            problem(SAVE, "folder"),
            "/data/folder.json is a folder: type a name for the file."
        );
        assert_eq!(
            problem(SAVE, "nowhere/x.json"),
            "There is no folder /data/nowhere."
        );
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
        let Some(Command::LookAt(paths)) = chooser.take_request() else {
            panic!("asks what is there");
        };
        assert_eq!(chooser.take_answers(&view), None, "not answered yet");
        view.looked = paths
            .iter()
            .map(|path| crate::ui::disk::Look {
                path: path.clone(),
                found: disk(path),
                database: false,
            })
            .collect();
        assert_eq!(
            chooser.take_answers(&view),
            Some(PathBuf::from("/data/a.vcf"))
        );
        assert_eq!(chooser.take_answers(&view), None, "answered once");

        chooser.name = "sub".into();
        chooser.choose(&view);
        let Some(Command::LookAt(paths)) = chooser.take_request() else {
            panic!("asks what is there");
        };
        view.looked = paths
            .iter()
            .map(|path| crate::ui::disk::Look {
                path: path.clone(),
                found: disk(path),
                database: false,
            })
            .collect();
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
