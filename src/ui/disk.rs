//! What the window knows of the disk: the answers the app gives when the
//! file chooser asks (a folder's contents, what is at a path), and the pure
//! rules about paths and names the chooser applies to them, down to what a
//! typed path comes to ([`resolve`]).
//!
//! Nothing here reads the disk: the app does, in `app::files`, when a
//! [`Command::ListFolder`](super::Command) or
//! [`Command::LookAt`](super::Command) asks, and puts the answer in
//! [`ViewModel::disk`](super::view::ViewModel) as a [`DiskView`].

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

/// What the app found on the disk for the open file chooser.
#[derive(Clone, Debug, Default)]
pub struct DiskView {
    /// The home folder, if there is one (`~` in a typed path).
    pub home: Option<PathBuf>,
    /// The places offered beside the folder, those that exist: home,
    /// downloads, documents, the database's folder.
    pub places: Vec<Place>,
    /// The folder listed last.
    pub listing: Option<Listing>,
    /// How many listings were made: a new number for each, so a chooser
    /// notices a fresh listing of the same folder.
    pub listed: u64,
    /// What is at the paths asked about last.
    pub looked: Vec<Look>,
}

impl DiskView {
    /// What is at `path`, if it was looked at last.
    pub fn look(&self, path: &Path) -> Option<&Look> {
        self.looked.iter().find(|look| look.path == path)
    }
}

/// A folder's contents, as the app read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The folder asked for.
    pub asked: PathBuf,
    /// The folder shown: the one asked for as the disk names it (without
    /// `..`), or, for a chooser opening on a folder that is gone, the first
    /// place.
    pub folder: PathBuf,
    /// Everything in it, sorted, or why it cannot be read.
    pub entries: Result<Vec<Entry>, String>,
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

/// What is at a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Nothing,
    File,
    Folder,
    /// It cannot be looked at, and why (in a person's words).
    Unreadable(String),
}

/// What the app found at a path it was asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Look {
    pub path: PathBuf,
    pub found: Found,
    /// Whether it is Kith's own database, or a file SQLite or Kith keeps
    /// beside it.
    pub database: bool,
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

/// What is at each path on a made-up disk, for tests: `/data` with the
/// folders `sub` and `folder.json`, and the files `a.vcf`, `kith.json` and
/// `locked.vcf` (which cannot be looked at).
#[cfg(test)]
pub(crate) fn made_up_disk(path: &Path) -> Found {
    let path: PathBuf = path.components().collect();
    match path.to_str().unwrap() {
        "/" | "/data" | "/data/sub" | "/data/folder.json" => Found::Folder,
        "/data/a.vcf" | "/data/kith.json" => Found::File,
        "/data/locked.vcf" => Found::Unreadable("you do not have permission to read it".into()),
        _ => Found::Nothing,
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

    const OPEN: Purpose = Purpose::Open {
        extensions: &["vcf"],
    };
    const SAVE: Purpose = Purpose::Save { extension: "json" };

    fn resolved(purpose: Purpose, text: &str) -> Resolved {
        let path = expand(text, Some(Path::new("/home/ada")), Path::new("/data"));
        let looked = to_look_at(purpose, &path);
        // Only what was asked about is known.
        resolve(purpose, text, &path, |p| {
            assert!(looked.iter().any(|l| l == p), "{p:?} was not looked at");
            made_up_disk(p)
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
}
