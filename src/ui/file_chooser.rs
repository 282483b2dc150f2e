//! Choosing a file to read or a place to write one, drawn with egui itself.
//!
//! egui has no file dialog, and the native ones need a desktop portal that
//! is not always there (Xvfb has none), so Kith draws its own: the folder's
//! contents (folders first, then the files in the formats that apply), a
//! few places to jump to, "Up", and one field that takes a name in the
//! folder or a whole path (`~` is your home folder).
//!
//! Reading a folder is file I/O, done only when the folder changes, never
//! while drawing a frame. The pure parts (expanding what was typed,
//! filtering and sorting the entries) are functions tested on their own.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use egui::{RichText, Ui};

use super::widgets;

/// What the chooser is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Choosing a file to read: lists the files with these extensions.
    Open { extensions: &'static [&'static str] },
    /// Choosing where to write a file with this extension.
    Save { extension: &'static str },
}

/// One thing in a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
    /// Size in bytes (0 for folders).
    pub size: u64,
    /// When it was last changed, local time, if known.
    pub modified: Option<NaiveDateTime>,
}

/// A place to jump to: a name and a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub name: &'static str,
    pub folder: PathBuf,
}

/// The places offered beside the folder: home, downloads, documents and
/// the folder the database lives in, those that exist. Looks at the disk:
/// call it when a chooser opens, not every frame.
pub fn places(db: Option<&Path>) -> Vec<Place> {
    let mut places = Vec::new();
    let mut add = |name, folder: Option<PathBuf>| {
        if let Some(folder) = folder.filter(|f| f.is_dir())
            && !places.iter().any(|p: &Place| p.folder == folder)
        {
            places.push(Place { name, folder });
        }
    };
    add("Home", home());
    if let Some(user) = directories::UserDirs::new() {
        add("Downloads", user.download_dir().map(ToOwned::to_owned));
        add("Documents", user.document_dir().map(ToOwned::to_owned));
    }
    add(
        "Database folder",
        db.and_then(Path::parent).map(ToOwned::to_owned),
    );
    places
}

/// The home folder, if there is one.
pub fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_owned())
}

/// The path that `text`, as typed, names: `~` and `~/…` are in `home`, a
/// `file://` address (pasted from a file manager) is its path, and a
/// relative path is relative to `folder`. Surrounding spaces and quotes are
/// ignored.
pub fn expand(text: &str, home: Option<&Path>, folder: &Path) -> PathBuf {
    let mut text = text.trim();
    for quote in ['"', '\''] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            text = &text[1..text.len() - 1];
        }
    }
    let decoded;
    if let Some(rest) = text.strip_prefix("file://") {
        decoded = percent_decode(rest);
        text = &decoded;
    }
    if let Some(home) = home {
        if text == "~" {
            return home.to_owned();
        }
        if let Some(rest) = text
            .strip_prefix("~/")
            .or_else(|| text.strip_prefix(&format!("~{}", std::path::MAIN_SEPARATOR)))
        {
            return home.join(rest);
        }
    }
    folder.join(text)
}

/// `%20` and the like, as file managers write them in `file://` addresses.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether an entry is listed: folders always, files only with one of
/// `extensions` (ignoring case; all files when it is empty), and nothing
/// hidden (a name starting with `.`) unless `everything`.
pub fn is_listed(entry: &Entry, extensions: &[&str], everything: bool) -> bool {
    if everything {
        return true;
    }
    if entry.name.starts_with('.') {
        return false;
    }
    if entry.is_dir || extensions.is_empty() {
        return true;
    }
    Path::new(&entry.name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Folders first, then files, each by name ignoring case.
pub fn sort_entries(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| compare_names(&a.name, &b.name))
    });
}

fn compare_names(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// `name` with `.extension` added when it has none.
pub fn with_extension(name: &str, extension: &str) -> String {
    if Path::new(name).extension().is_some() {
        name.to_owned()
    } else {
        format!("{name}.{extension}")
    }
}

/// `name` with its extension `from` replaced by `to`; unchanged if it ends
/// otherwise (the person chose that name).
pub fn swap_extension(name: &str, from: &str, to: &str) -> String {
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case(from) => {
            format!("{}.{to}", &name[..name.len() - e.len() - 1])
        }
        None => with_extension(name, to),
        Some(_) => name.to_owned(),
    }
}

/// "512 bytes", "12 KB", "3.4 MB".
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    match bytes {
        0..KB => format!("{bytes} bytes"),
        KB..MB => format!("{} KB", bytes.div_ceil(KB)),
        _ => format!("{:.1} MB", bytes as f64 / MB as f64),
    }
}

/// Everything in `folder`, sorted, or why it cannot be read. Entries that
/// vanish or cannot be looked at while it is read are left out.
pub fn read_folder(folder: &Path) -> Result<Vec<Entry>, String> {
    let entries = std::fs::read_dir(folder).map_err(|e| reason(&e))?;
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // A link is shown as what it points to.
        let meta = if kind.is_symlink() {
            std::fs::metadata(entry.path())
        } else {
            entry.metadata()
        };
        let Ok(meta) = meta else { continue };
        out.push(Entry {
            name: entry.file_name().to_string_lossy().into_owned(),
            is_dir: meta.is_dir(),
            size: if meta.is_dir() { 0 } else { meta.len() },
            modified: meta
                .modified()
                .ok()
                .map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local()),
        });
    }
    sort_entries(&mut out);
    Ok(out)
}

/// An I/O error in a person's words.
pub fn reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "you do not have permission to read it".to_owned(),
        _ => error.to_string(),
    }
}

/// What the chooser shows and what was typed into it.
pub struct FileChooser {
    purpose: Purpose,
    folder: PathBuf,
    /// Everything in the folder, or why it could not be read.
    entries: Result<Vec<Entry>, String>,
    /// Indexes into `entries` of those listed.
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
    places: Vec<Place>,
    home: Option<PathBuf>,
    /// Take the keyboard focus next frame.
    focus: bool,
}

/// The label of the name field, for tests and screen readers.
pub const NAME_LABEL: &str = "File name";

impl FileChooser {
    /// A chooser for a file to read, showing `folder` (or the first place
    /// when it cannot be read).
    pub fn open(folder: &Path, extensions: &'static [&'static str], places: Vec<Place>) -> Self {
        Self::new(Purpose::Open { extensions }, folder, String::new(), places)
    }

    /// A chooser for where to write a file, starting in `folder` with the
    /// name `name`.
    pub fn save(folder: &Path, extension: &'static str, name: &str, places: Vec<Place>) -> Self {
        Self::new(Purpose::Save { extension }, folder, name.to_owned(), places)
    }

    fn new(purpose: Purpose, folder: &Path, name: String, places: Vec<Place>) -> Self {
        let mut chooser = Self {
            purpose,
            folder: PathBuf::new(),
            entries: Ok(Vec::new()),
            listed: Vec::new(),
            everything: false,
            default_name: name.clone(),
            name,
            message: None,
            reveal: false,
            home: home(),
            places,
            focus: true,
        };
        let start = if folder.is_dir() {
            folder.to_owned()
        } else {
            chooser
                .places
                .first()
                .map_or_else(|| PathBuf::from("/"), |p| p.folder.clone())
        };
        chooser.go(start);
        chooser.message = None;
        chooser
    }

    /// The folder shown.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// What is typed in the name field.
    pub fn name(&self) -> &str {
        &self.name
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

    /// Shows `folder`, reading what is in it.
    pub fn go(&mut self, folder: PathBuf) {
        // Shown without `..` and the like, when the disk says what it is.
        self.folder = std::fs::canonicalize(&folder).unwrap_or(folder);
        self.entries = read_folder(&self.folder);
        self.relist();
        self.message = None;
        if let Purpose::Open { .. } = self.purpose {
            self.name.clear();
        }
    }

    fn relist(&mut self) {
        let extensions = match self.purpose {
            Purpose::Open { extensions } => extensions,
            Purpose::Save { .. } => &[],
        };
        self.listed = match &self.entries {
            Ok(entries) => (0..entries.len())
                .filter(|&i| is_listed(&entries[i], extensions, self.everything))
                .collect(),
            Err(_) => Vec::new(),
        };
    }

    /// The file the field names, or `None` with a message saying why not
    /// (a folder typed there is opened instead). Looks at the disk: call
    /// it when the person asks to go on, not every frame.
    pub fn chosen(&mut self) -> Option<PathBuf> {
        self.message = None;
        let text = self.name.trim().to_owned();
        if text.is_empty() {
            self.set_message(match self.purpose {
                Purpose::Open { .. } => "Choose a file, or type its name or path.".to_owned(),
                Purpose::Save { .. } => "Type a name for the file.".to_owned(),
            });
            return None;
        }
        let path = expand(&text, self.home.as_deref(), &self.folder);
        match self.purpose {
            Purpose::Open { .. } => match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    self.go(path);
                    self.set_message("That is a folder: choose a file in it.".to_owned());
                    None
                }
                Ok(_) => Some(path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.set_message(format!("There is no file at {}.", path.display()));
                    None
                }
                Err(e) => {
                    self.set_message(format!("Cannot open {}: {}.", path.display(), reason(&e)));
                    None
                }
            },
            Purpose::Save { extension } => {
                if path.is_dir() {
                    if text.contains(['/', std::path::MAIN_SEPARATOR]) || text.starts_with('~') {
                        // A folder typed to go there.
                        self.go(path);
                        self.name = self.default_name.clone();
                    } else {
                        self.set_message(format!(
                            "{} is a folder: type a name for the file.",
                            path.display()
                        ));
                    }
                    return None;
                }
                let Some(parent) = path.parent().filter(|p| p.is_dir()) else {
                    let parent = path.parent().unwrap_or(&path);
                    self.set_message(format!("There is no folder {}.", parent.display()));
                    return None;
                };
                let name = path.file_name().map_or_else(String::new, |n| {
                    with_extension(&n.to_string_lossy(), extension)
                });
                let path = parent.join(name);
                if path.is_dir() {
                    self.set_message(format!(
                        "{} is a folder: type a name for the file.",
                        path.display()
                    ));
                    return None;
                }
                Some(path)
            }
        }
    }

    /// Draws the chooser, its list `list_height` tall (see
    /// [`list_height`]). Returns the file when the person picked one by
    /// double-clicking it or pressing Enter in the field.
    pub fn ui(&mut self, ui: &mut Ui, list_height: f32) -> Option<PathBuf> {
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
            for place in &self.places {
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
        let listed = egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(4))
            .show(ui, |ui| self.list_ui(ui, list_height))
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
            self.relist();
        }
        if !saving {
            ui.add_space(2.0);
            enter = self.name_ui(ui);
        }
        let acted = go_to.is_some() || picked || enter;
        if let Some(folder) = go_to {
            self.go(folder);
        }
        let chosen = if picked || enter { self.chosen() } else { None };
        if acted {
            // What changed shows at once, not at the next mouse move.
            ui.ctx().request_repaint();
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
    fn list_ui(&mut self, ui: &mut Ui, height: f32) -> Option<(Option<PathBuf>, bool)> {
        let entries = match &self.entries {
            Ok(entries) => entries,
            Err(reason) => {
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

    fn entry(name: &str, is_dir: bool) -> Entry {
        Entry {
            name: name.to_owned(),
            is_dir,
            size: 0,
            modified: None,
        }
    }

    #[test]
    fn typed_paths_expand_home_quotes_addresses_and_relative_names() {
        let home = Path::new("/home/ada");
        let here = Path::new("/data/exports");
        let at = |text| expand(text, Some(home), here);
        assert_eq!(at("~"), PathBuf::from("/home/ada"));
        assert_eq!(
            at("~/contacts.vcf"),
            PathBuf::from("/home/ada/contacts.vcf")
        );
        assert_eq!(at("  ~/a b.csv  "), PathBuf::from("/home/ada/a b.csv"));
        assert_eq!(at("/tmp/x.json"), PathBuf::from("/tmp/x.json"));
        assert_eq!(at("people.vcf"), PathBuf::from("/data/exports/people.vcf"));
        assert_eq!(at("../other"), PathBuf::from("/data/exports/../other"));
        assert_eq!(
            at("'/tmp/with space.vcf'"),
            PathBuf::from("/tmp/with space.vcf")
        );
        assert_eq!(at("\"~/q.vcf\""), PathBuf::from("/home/ada/q.vcf"));
        assert_eq!(
            at("file:///tmp/My%20Contacts.vcf"),
            PathBuf::from("/tmp/My Contacts.vcf")
        );
        // `~name` is someone else's home: not expanded, just a name here.
        assert_eq!(at("~bob/x"), PathBuf::from("/data/exports/~bob/x"));
        // Without a home, `~` is an ordinary name.
        assert_eq!(
            expand("~/x", None, here),
            PathBuf::from("/data/exports/~/x")
        );
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
    }

    #[test]
    fn only_folders_and_files_of_the_formats_are_listed() {
        let formats = &["vcf", "vcard", "csv", "json"];
        let listed = |name, is_dir| is_listed(&entry(name, is_dir), formats, false);
        assert!(listed("Downloads", true));
        assert!(listed("contacts.vcf", false));
        assert!(listed("Contacts.VCF", false));
        assert!(listed("google.csv", false));
        assert!(listed("kith.json", false));
        assert!(listed("old.vcard", false));
        assert!(!listed("photo.jpg", false));
        assert!(!listed("README", false));
        assert!(!listed(".hidden.vcf", false), "hidden files are hidden");
        assert!(!listed(".config", true), "and hidden folders");
        assert!(is_listed(&entry(".config", true), formats, true));
        assert!(is_listed(&entry("photo.jpg", false), formats, true));
        // Saving lists every file, so a name in use is visible.
        assert!(is_listed(&entry("photo.jpg", false), &[], false));
    }

    #[test]
    fn folders_come_first_then_names_ignoring_case() {
        let mut entries = vec![
            entry("zeta.vcf", false),
            entry("Beta", true),
            entry("alpha.csv", false),
            entry("alpha", true),
            entry("Alpha.csv", false),
            entry("b.json", false),
        ];
        sort_entries(&mut entries);
        let names: Vec<(&str, bool)> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.is_dir))
            .collect();
        assert_eq!(
            names,
            [
                ("alpha", true),
                ("Beta", true),
                ("Alpha.csv", false),
                ("alpha.csv", false),
                ("b.json", false),
                ("zeta.vcf", false),
            ]
        );
    }

    #[test]
    fn extensions_are_added_and_swapped_but_a_chosen_one_is_kept() {
        assert_eq!(with_extension("kith", "json"), "kith.json");
        assert_eq!(with_extension("kith.json", "json"), "kith.json");
        assert_eq!(
            swap_extension("kith-2026-11-22.json", "json", "vcf"),
            "kith-2026-11-22.vcf"
        );
        assert_eq!(swap_extension("people.JSON", "json", "csv"), "people.csv");
        assert_eq!(swap_extension("people", "json", "csv"), "people.csv");
        assert_eq!(swap_extension("people.txt", "json", "csv"), "people.txt");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(12 * 1024 + 1), "13 KB");
        assert_eq!(human_size(3_565_158), "3.4 MB");
    }

    #[test]
    fn a_folder_is_read_sorted_and_an_unreadable_one_says_why() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.vcf"), "BEGIN:VCARD").unwrap();
        std::fs::write(dir.path().join("A.csv"), "name\nAda").unwrap();
        let entries = read_folder(dir.path()).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["sub", "A.csv", "b.vcf"]);
        assert_eq!(entries[2].size, 11);
        assert!(entries[1].modified.is_some());
        let missing = read_folder(&dir.path().join("nope")).unwrap_err();
        assert_eq!(missing, "it does not exist");
    }

    #[test]
    fn the_field_resolves_to_a_file_a_folder_or_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.vcf"), "BEGIN:VCARD").unwrap();
        let mut open = FileChooser::open(dir.path(), &["vcf"], Vec::new());
        assert_eq!(open.listed.len(), 2);
        open.name = "a.vcf".into();
        assert_eq!(
            open.chosen(),
            Some(dir.path().canonicalize().unwrap().join("a.vcf"))
        );
        open.name = "missing.vcf".into();
        assert_eq!(open.chosen(), None);
        assert!(
            open.message
                .as_deref()
                .unwrap()
                .starts_with("There is no file at")
        );
        open.name = "sub".into();
        assert_eq!(open.chosen(), None, "a folder is opened, not chosen");
        assert!(open.folder().ends_with("sub"));
        assert!(open.message.as_deref().unwrap().contains("is a folder"));

        let mut save = FileChooser::save(dir.path(), "json", "kith.json", Vec::new());
        let here = dir.path().canonicalize().unwrap();
        assert_eq!(save.chosen(), Some(here.join("kith.json")));
        save.name = "people".into();
        assert_eq!(
            save.chosen(),
            Some(here.join("people.json")),
            "extension added"
        );
        save.name = "sub".into();
        assert_eq!(save.chosen(), None);
        assert!(save.message.as_deref().unwrap().contains("is a folder"));
        save.name = "nowhere/x.json".into();
        assert_eq!(save.chosen(), None);
        assert!(
            save.message
                .as_deref()
                .unwrap()
                .starts_with("There is no folder")
        );
        save.set_extension("vcf");
        assert_eq!(save.default_name, "kith.vcf");
    }
}
