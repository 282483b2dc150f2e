//! The launcher: `kith.desktop` in `$XDG_DATA_HOME/applications`, and the
//! icon in the hicolor theme under `$XDG_DATA_HOME/icons` (the SVG, and
//! PNGs for desktops that want bitmaps), so Kith shows in the applications
//! menu, can be searched for, and its window groups under it.
//!
//! The icon's source is `assets/icon/kith.svg`; the PNGs beside it are
//! rendered from it by `scripts/make-icons` and checked in, so building
//! Kith needs no image tools. All of them are built into the binary.

use std::path::PathBuf;

use super::{APP_ID, DesktopError, Invocation, Places};

/// The icon's source, a square SVG.
const ICON_SVG: &[u8] = include_bytes!("../../assets/icon/kith.svg");

/// The icon as PNGs, by size in pixels.
const ICON_PNGS: [(u32, &[u8]); 3] = [
    (48, include_bytes!("../../assets/icon/kith-48.png")),
    (128, include_bytes!("../../assets/icon/kith-128.png")),
    (256, include_bytes!("../../assets/icon/kith-256.png")),
];

/// The icon the window shows in its title bar and task bar (desktops
/// that look the app id up in the menu use the installed one instead).
pub const WINDOW_ICON_PNG: &[u8] = ICON_PNGS[1].1;

/// Words people may search the menu for, besides the name and comment.
const KEYWORDS: &str = "contacts;people;friends;relationships;CRM;reminders;follow-up;";

/// `kith.desktop`: the launcher, which runs `kith` (the window) on the
/// database `kith` names. Fails only on a path no desktop file can hold.
///
/// It claims version 1.4 of the specification: it needs nothing newer, and
/// Debian 12's `desktop-file-validate` refuses 1.5 as unknown.
pub fn desktop_entry(kith: &Invocation) -> Result<String, DesktopError> {
    let exec = exec_line(&kith.words(&[])?);
    let try_exec = string_value(super::text_of(&kith.exe)?);
    Ok(format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Version=1.4\n\
         Name=Kith\n\
         GenericName=Relationship keeper\n\
         Comment=Keep your relationships honest: who you know, how you met, and who is waiting on you\n\
         Exec={exec}\n\
         TryExec={try_exec}\n\
         Icon={APP_ID}\n\
         Terminal=false\n\
         Categories=Office;ContactManagement;\n\
         Keywords={KEYWORDS}\n\
         StartupNotify=true\n\
         StartupWMClass={APP_ID}\n"
    ))
}

/// The launcher's files under `places`: the desktop entry, the SVG, then
/// the PNGs in [`ICON_PNGS`] order.
fn paths(places: &Places) -> Vec<PathBuf> {
    let mut paths = vec![
        desktop_file(places),
        icon_dir(places, "scalable").join(format!("{APP_ID}.svg")),
    ];
    for (size, _) in ICON_PNGS {
        paths.push(icon_dir(places, &format!("{size}x{size}")).join(format!("{APP_ID}.png")));
    }
    paths
}

/// Where the launcher goes.
pub fn desktop_file(places: &Places) -> PathBuf {
    places
        .data_home
        .join("applications")
        .join(format!("{APP_ID}.desktop"))
}

fn icon_dir(places: &Places, size: &str) -> PathBuf {
    places
        .data_home
        .join("icons/hicolor")
        .join(size)
        .join("apps")
}

/// Puts the launcher and the icon in place (replacing an older Kith's);
/// returns the files written, the launcher first.
pub fn install(places: &Places, kith: &Invocation) -> Result<Vec<PathBuf>, DesktopError> {
    let entry = desktop_entry(kith)?;
    let contents: Vec<&[u8]> = [entry.as_bytes(), ICON_SVG]
        .into_iter()
        .chain(ICON_PNGS.iter().map(|(_, png)| *png))
        .collect();
    let paths = paths(places);
    // The icons first: a menu that notices the launcher then finds its icon.
    for (path, contents) in paths.iter().zip(contents).rev() {
        super::write_file(path, contents)?;
    }
    Ok(paths)
}

/// Takes the launcher and the icon away; returns the files that were
/// there. The folders stay: they are the desktop's, not Kith's.
pub fn remove(places: &Places) -> Result<Vec<PathBuf>, DesktopError> {
    let mut removed = Vec::new();
    for path in paths(places) {
        if super::remove_file(&path)? {
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Whether the launcher is in the menu.
pub fn is_installed(places: &Places) -> bool {
    desktop_file(places).is_file()
}

/// An `Exec=` value: each word quoted where it must be, as the Desktop
/// Entry Specification says. A word with a reserved character goes in
/// double quotes, with `"`, `` ` ``, `$` and `\` escaped by a backslash;
/// `%` (which starts a field code) is doubled everywhere. Exec is also a
/// string value, whose escapes are undone before the quoting, so every
/// backslash is then doubled once more: a literal `\` in a path becomes
/// four.
pub fn exec_line(words: &[&str]) -> String {
    words
        .iter()
        .map(|word| {
            let reserved = word.is_empty()
                || word.chars().any(|c| {
                    matches!(
                        c,
                        ' ' | '\t'
                            | '\n'
                            | '"'
                            | '\''
                            | '\\'
                            | '>'
                            | '<'
                            | '~'
                            | '|'
                            | '&'
                            | ';'
                            | '$'
                            | '*'
                            | '?'
                            | '#'
                            | '('
                            | ')'
                            | '`'
                    )
                });
            let mut quoted = String::new();
            if reserved {
                quoted.push('"');
            }
            for c in word.chars() {
                match c {
                    '"' | '`' | '$' if reserved => quoted.push_str("\\\\"),
                    '\\' => quoted.push_str("\\\\\\"),
                    '%' => quoted.push('%'),
                    _ => {}
                }
                quoted.push(c);
            }
            if reserved {
                quoted.push('"');
            }
            quoted
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value of type string: a backslash is written `\\`. (Line breaks and
/// other control characters never get here; see [`super::text_of`].)
fn string_value(text: &str) -> String {
    text.replace('\\', "\\\\")
}

/// The sizes, in pixels, of the PNG icons Kith installs.
pub fn icon_sizes() -> impl Iterator<Item = u32> {
    ICON_PNGS.iter().map(|(size, _)| *size)
}

/// The width and height a PNG's header gives, if it is a PNG.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let header = png.get(..24)?;
    if &header[..8] != b"\x89PNG\r\n\x1a\n" || &header[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().unwrap_or_default());
    Some((number(16), number(20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_written_as_they_are() {
        assert_eq!(
            exec_line(&["/usr/local/bin/kith", "--db", "/home/ada/kith.sqlite3"]),
            "/usr/local/bin/kith --db /home/ada/kith.sqlite3"
        );
    }

    #[test]
    fn words_with_reserved_characters_are_quoted_and_escaped_as_the_spec_says() {
        // A space: quoted.
        assert_eq!(
            exec_line(&["/home/ada/My Apps/kith"]),
            r#""/home/ada/My Apps/kith""#
        );
        // `"`, `$` and a backquote: backslash, doubled for the string escape.
        assert_eq!(exec_line(&[r#"/a"b"#]), r#""/a\\"b""#);
        assert_eq!(exec_line(&["/a$b"]), r#""/a\\$b""#);
        assert_eq!(exec_line(&["/a`b"]), r#""/a\\`b""#);
        // A backslash: four.
        assert_eq!(exec_line(&[r"/a\b"]), r#""/a\\\\b""#);
        // A percent sign is doubled, quoted or not.
        assert_eq!(exec_line(&["/100%/kith"]), "/100%%/kith");
        assert_eq!(exec_line(&["/my 100%/kith"]), r#""/my 100%%/kith""#);
        // Reserved but needing no escape.
        assert_eq!(exec_line(&["/a'b(c)"]), r#""/a'b(c)""#);
        assert_eq!(exec_line(&[""]), r#""""#);
    }

    #[test]
    fn the_launcher_names_the_binary_the_icon_and_the_window() {
        let kith = Invocation {
            exe: "/home/ada/.cargo/bin/kith".into(),
            db: None,
        };
        let entry = desktop_entry(&kith).unwrap();
        for line in [
            "Exec=/home/ada/.cargo/bin/kith",
            "TryExec=/home/ada/.cargo/bin/kith",
            "Icon=kith",
            "Categories=Office;ContactManagement;",
            "StartupWMClass=kith",
        ] {
            assert!(entry.lines().any(|l| l == line), "{line} in {entry}");
        }
        assert!(entry.lines().any(|l| l.starts_with("Keywords=")));
    }

    #[test]
    fn the_icons_built_in_are_the_sizes_they_claim() {
        for (size, png) in ICON_PNGS {
            assert_eq!(png_size(png), Some((size, size)));
        }
        assert!(std::str::from_utf8(ICON_SVG).unwrap().contains("<svg"));
        assert_eq!(png_size(b"not a png at all, not at all"), None);
    }
}
