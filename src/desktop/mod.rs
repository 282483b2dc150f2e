//! Kith on the desktop, where the freedesktop.org standards hold (Linux and
//! the BSDs): a launcher and icon in the applications menu ([`launcher`]),
//! reminders while the window is closed ([`reminders`]: an autostart entry
//! and a daily systemd user timer, each running `kith notify`), and that
//! one notification ([`reminder`] says what it says, [`notify`] posts it
//! over the session D-Bus).
//!
//! Everything here stays on the machine and needs no root: it writes only
//! under the person's own `$XDG_DATA_HOME` and `$XDG_CONFIG_HOME` (see
//! [`Places`]), runs `systemctl --user`, and talks to the desktop's own
//! notification service. The texts of the files are pure functions, tested
//! without a disk; where they go is a [`Places`], so tests aim them at a
//! temporary folder.
//!
//! macOS and Windows have neither these folders nor that service: there,
//! every entry point refuses with [`DesktopError::Unsupported`] rather than
//! pretend (see [`check_supported`]), and the code still compiles.

pub mod launcher;
pub mod notify;
pub mod reminder;
pub mod reminders;

use std::path::{Path, PathBuf};

/// The name the launcher, the icon and the window share: the desktop file
/// is `kith.desktop`, the icon `kith`, and the window's app id (Wayland)
/// and class (X11) `kith`, so docks and task bars put the window under the
/// launcher.
pub const APP_ID: &str = "kith";

/// What can go wrong putting Kith on the desktop.
#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    #[error("{0}")]
    Unsupported(&'static str),
    #[error(
        "cannot find your home folder (HOME is not set); set XDG_DATA_HOME and XDG_CONFIG_HOME"
    )]
    NoHome,
    #[error("{}: {why}", path.display())]
    Unwritable { path: PathBuf, why: &'static str },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Whether the platform is one where this module works.
pub const SUPPORTED: bool = cfg!(all(unix, not(target_os = "macos")));

/// Refuses on platforms without the freedesktop.org menu, autostart and
/// notification standards, saying what to do instead.
pub fn check_supported() -> Result<(), DesktopError> {
    if SUPPORTED {
        Ok(())
    } else if cfg!(target_os = "macos") {
        Err(DesktopError::Unsupported(
            "not available on macOS yet: Kith has no app bundle or notifications there; \
             start it with `kith` (or put the binary in your Dock)",
        ))
    } else {
        Err(DesktopError::Unsupported(
            "not available on this system yet: Kith's launcher and reminders use the \
             freedesktop.org standards of Linux desktops; start it with `kith`",
        ))
    }
}

/// Where the desktop's own files live: the launcher and icon under
/// `data_home`, the autostart entry and the systemd units under
/// `config_home`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Places {
    /// `$XDG_DATA_HOME`, by default `~/.local/share`.
    pub data_home: PathBuf,
    /// `$XDG_CONFIG_HOME`, by default `~/.config`.
    pub config_home: PathBuf,
}

impl Places {
    /// The places the environment names, after the XDG Base Directory
    /// specification: a variable that is unset, empty or not an absolute
    /// path is ignored, for the default under `$HOME`.
    pub fn from_env() -> Result<Self, DesktopError> {
        check_supported()?;
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|home| home.is_absolute());
        let place = |variable: &str, default: &str| {
            std::env::var_os(variable)
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
                .or_else(|| home.as_ref().map(|home| home.join(default)))
                .ok_or(DesktopError::NoHome)
        };
        Ok(Self {
            data_home: place("XDG_DATA_HOME", ".local/share")?,
            config_home: place("XDG_CONFIG_HOME", ".config")?,
        })
    }
}

/// How the desktop starts Kith: the binary, by its absolute path, and the
/// database when it is not the default one (so a launcher made with
/// `kith --db work.sqlite3 install-desktop` opens that file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    pub exe: PathBuf,
    pub db: Option<PathBuf>,
}

impl Invocation {
    /// The running binary on the database at `db`.
    pub fn current(db: &Path) -> Result<Self, DesktopError> {
        let exe = std::env::current_exe().map_err(|source| DesktopError::Io {
            path: PathBuf::from("the running kith binary"),
            source,
        })?;
        let db = std::path::absolute(db).map_err(|source| DesktopError::Io {
            path: db.to_owned(),
            source,
        })?;
        let is_default = crate::store::default_path().is_some_and(|default| default == db);
        Ok(Self {
            exe,
            db: (!is_default).then_some(db),
        })
    }

    /// The words of the command line: the binary, `--db PATH` if any, then
    /// `args`, each as UTF-8 text with no control characters (which no
    /// desktop file or unit file can hold), or why not.
    fn words<'a>(&'a self, args: &[&'a str]) -> Result<Vec<&'a str>, DesktopError> {
        let mut words = vec![text_of(&self.exe)?];
        if let Some(db) = &self.db {
            words.push("--db");
            words.push(text_of(db)?);
        }
        words.extend_from_slice(args);
        Ok(words)
    }
}

/// A path as text a desktop or unit file can hold.
fn text_of(path: &Path) -> Result<&str, DesktopError> {
    let unwritable = |why| DesktopError::Unwritable {
        path: path.to_owned(),
        why,
    };
    let text = path.to_str().ok_or_else(|| {
        unwritable("this path is not UTF-8 text, which desktop files must be; move Kith or the database to a folder with a plainer name")
    })?;
    if text.chars().any(char::is_control) {
        return Err(unwritable(
            "this path has a line break or another control character, which desktop files cannot hold",
        ));
    }
    Ok(text)
}

/// Writes one file of ours atomically, readable by its owner only, in
/// folders made as needed (also owner-only).
fn write_file(path: &Path, contents: &[u8]) -> Result<(), DesktopError> {
    let io_error = |source| DesktopError::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        crate::private_files::create_dir_all(dir).map_err(io_error)?;
    }
    crate::private_files::write_atomically(path, |out| std::io::Write::write_all(out, contents))
        .map_err(io_error)
}

/// Removes one file of ours; says whether it was there.
fn remove_file(path: &Path) -> Result<bool, DesktopError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(DesktopError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invocation_on_another_database_names_it() {
        let call = Invocation {
            exe: "/opt/kith/kith".into(),
            db: Some("/home/ada/work.sqlite3".into()),
        };
        assert_eq!(
            call.words(&["notify"]).unwrap(),
            ["/opt/kith/kith", "--db", "/home/ada/work.sqlite3", "notify"]
        );
        let default = Invocation { db: None, ..call };
        assert_eq!(default.words(&[]).unwrap(), ["/opt/kith/kith"]);
    }

    #[test]
    fn a_path_no_desktop_file_can_hold_is_refused_with_the_reason() {
        let call = Invocation {
            exe: "/opt/ki\nth/kith".into(),
            db: None,
        };
        let error = call.words(&[]).unwrap_err().to_string();
        assert!(error.contains("line break"), "{error}");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let call = Invocation {
                exe: std::ffi::OsStr::from_bytes(b"/opt/\xffkith").into(),
                db: None,
            };
            let error = call.words(&[]).unwrap_err().to_string();
            assert!(error.contains("not UTF-8"), "{error}");
        }
    }
}
