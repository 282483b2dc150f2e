//! Where the shared corpus of real vCard and CSV exports is: read in place,
//! never copied into the repository (see its SOURCES.md for the licences).

use std::path::{Path, PathBuf};

/// The corpus folder: `$KITH_CORPUS` if set, else the nearest
/// `shared/corpus` beside this checkout or one of its parent folders, else
/// `/work/shared/corpus`. Panics, naming every place it looked, if there is
/// none: a test that silently skipped its files would prove nothing.
pub fn dir() -> PathBuf {
    let mut tried = Vec::new();
    if let Some(dir) = std::env::var_os("KITH_CORPUS") {
        tried.push(PathBuf::from(dir));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    tried.extend(
        manifest
            .ancestors()
            .map(|dir| dir.join("shared").join("corpus")),
    );
    tried.push(PathBuf::from("/work/shared/corpus"));
    tried
        .iter()
        .find(|dir| dir.join("SOURCES.md").is_file())
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "the import corpus was not found; set KITH_CORPUS. Looked in:\n{}",
                tried
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
}
