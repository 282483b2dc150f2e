//! Looking at the disk for the window's file chooser: listing a folder, and
//! saying what is at a path. The chooser (in `ui/`, which never touches the
//! disk) asks with [`Command::ListFolder`] or [`Command::LookAt`]; the app
//! answers here, between frames, into the view model's [`DiskView`].
//!
//! It only reads: names, kinds, sizes and times, never a file's contents.
//!
//! [`Command::ListFolder`]: crate::ui::Command::ListFolder
//! [`Command::LookAt`]: crate::ui::Command::LookAt

use std::path::{Path, PathBuf};

use crate::ui::disk::{DiskView, Entry, Found, Listing, Look, Place, sort_entries};

/// Lists `folder` into `disk`. With `start` (a chooser opening), a folder
/// that is not there gives the first place instead, and the places are
/// looked for again.
pub(super) fn list(disk: &mut DiskView, folder: PathBuf, start: bool, db: Option<&Path>) {
    if start {
        disk.places = places(db);
    }
    let shown = if start && !folder.is_dir() {
        disk.places
            .first()
            .map_or_else(|| PathBuf::from("/"), |p| p.folder.clone())
    } else {
        folder.clone()
    };
    // Shown without `..` and the like, when the disk says what it is.
    let shown = std::fs::canonicalize(&shown).unwrap_or(shown);
    disk.listed += 1;
    disk.listing = Some(Listing {
        asked: folder,
        entries: read_folder(&shown),
        folder: shown,
    });
}

/// What is at each of `paths`.
pub(super) fn look(paths: Vec<PathBuf>, db: Option<&Path>) -> Vec<Look> {
    paths
        .into_iter()
        .map(|path| {
            let found = match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => Found::Folder,
                Ok(_) => Found::File,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Found::Nothing,
                Err(e) => Found::Unreadable(reason(&e)),
            };
            let database = db.is_some_and(|db| is_database(&path, db));
            Look {
                path,
                found,
                database,
            }
        })
        .collect()
}

/// The places offered beside the folder: home, downloads, documents and
/// the folder the database lives in, those that exist.
fn places(db: Option<&Path>) -> Vec<Place> {
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
pub(super) fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_owned())
}

/// Everything in `folder`, sorted, or why it cannot be read. Entries that
/// vanish or cannot be looked at while it is read are left out.
fn read_folder(folder: &Path) -> Result<Vec<Entry>, String> {
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

/// Whether writing `target` would overwrite the database at `db` or one
/// of the files SQLite and Kith keep beside it, by any name: the chooser
/// says so at once. It is the store's rule (see [`crate::store::check_target`]),
/// which the export applies in full before writing.
pub fn is_database(target: &Path, db: &Path) -> bool {
    use crate::store::{StoreError, TargetProblem};
    matches!(
        crate::store::check_target(Some(db), target),
        Err(StoreError::Target {
            problem: TargetProblem::Database | TargetProblem::Companion(_),
            ..
        })
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_listing_names_the_folder_as_the_disk_does_and_a_chooser_opening_on_a_gone_one_falls_back()
    {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let mut disk = DiskView::default();
        let asked = dir.path().join("sub/..");
        list(&mut disk, asked.clone(), false, None);
        let listing = disk.listing.clone().unwrap();
        assert_eq!(listing.asked, asked);
        assert_eq!(listing.folder, dir.path().canonicalize().unwrap());
        assert_eq!(listing.entries.unwrap()[0].name, "sub");
        assert_eq!(disk.listed, 1);

        let gone = dir.path().join("gone");
        list(&mut disk, gone.clone(), false, None);
        let listing = disk.listing.clone().unwrap();
        assert_eq!(listing.folder, gone, "browsing: says it is gone");
        assert_eq!(listing.entries, Err("it does not exist".to_owned()));
        let db = dir.path().join("kith.sqlite3");
        list(&mut disk, gone, true, Some(&db));
        let listing = disk.listing.unwrap();
        assert!(listing.entries.is_ok(), "opening: the first place instead");
        assert!(
            disk.places
                .iter()
                .any(|p| p.name == "Database folder" && p.folder == dir.path())
        );
        assert_eq!(disk.listed, 3);
    }

    #[test]
    fn looking_says_file_folder_or_nothing_and_spots_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.sqlite3");
        std::fs::write(&db, b"").unwrap();
        let looks = look(
            vec![
                dir.path().to_owned(),
                db.clone(),
                dir.path().join("nope.vcf"),
                dir.path().join("kith.sqlite3-wal"),
            ],
            Some(&db),
        );
        let found: Vec<(&Found, bool)> = looks.iter().map(|l| (&l.found, l.database)).collect();
        assert_eq!(
            found,
            [
                (&Found::Folder, false),
                (&Found::File, true),
                (&Found::Nothing, false),
                (&Found::Nothing, true),
            ]
        );
    }

    #[test]
    fn the_database_and_its_side_files_are_recognised_however_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let db = dir.path().join("kith.sqlite3");
        std::fs::write(&db, b"").unwrap();
        assert!(is_database(&db, &db));
        assert!(is_database(&dir.path().join("sub/../kith.sqlite3"), &db));
        assert!(is_database(&dir.path().join("kith.sqlite3-wal"), &db));
        assert!(is_database(&dir.path().join("kith.sqlite3.lock"), &db));
        assert!(!is_database(&dir.path().join("kith.json"), &db));
        assert!(!is_database(&dir.path().join("sub/kith.sqlite3"), &db));
    }
}
