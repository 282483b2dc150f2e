//! The window's side of Kith on the desktop (Settings → On the desktop):
//! applies [`DesktopCommand`]s with `crate::desktop`, and reads what is
//! set up into the view. The places it writes to come from the
//! environment, or from a test ([`KithApp::set_desktop`]), so no test
//! touches the real home folder.

use crate::desktop::reminders::{self, Systemctl};
use crate::desktop::{DesktopError, Invocation, Places, launcher};
use crate::ui::desktop::{DesktopCommand, DesktopView, RemindersView};

use super::KithApp;

/// Where the desktop's files go, and the `systemctl` to enable a timer.
pub struct Desktop {
    places: Result<Places, String>,
    systemctl: Systemctl,
}

impl Desktop {
    /// The person's own folders, from the environment.
    pub fn from_env() -> Self {
        Self {
            places: Places::from_env().map_err(|e| capitalised(&e.to_string())),
            systemctl: Systemctl::default(),
        }
    }

    /// Other folders and another `systemctl`, for tests.
    pub fn at(places: Places, systemctl: Systemctl) -> Self {
        Self {
            places: Ok(places),
            systemctl,
        }
    }
}

impl KithApp {
    /// Aims the desktop section at other places (tests).
    pub fn set_desktop(&mut self, desktop: Desktop) {
        self.desktop = desktop;
        self.reload_desktop();
    }

    /// Reads what is set up on the desktop into the view, keeping its note.
    pub(super) fn reload_desktop(&mut self) {
        let note = self.view.desktop.note.take();
        self.view.desktop = match &self.desktop.places {
            Err(why) => DesktopView {
                unavailable: Some(why.clone()),
                ..DesktopView::default()
            },
            Ok(places) => DesktopView {
                unavailable: None,
                in_menu: launcher::is_installed(places),
                reminders: reminders::status(places).map(|status| RemindersView {
                    daily_at: status.daily_at,
                }),
                note,
            },
        };
    }

    /// Does what the section asked; says how it went under it.
    pub(super) fn apply_desktop(&mut self, command: DesktopCommand) {
        let note = match self.desktop_change(command) {
            Ok(note) => note,
            Err(e) => format!("That did not work: {e}."),
        };
        self.view.desktop.note = Some(note);
        self.reload_desktop();
    }

    fn desktop_change(&self, command: DesktopCommand) -> Result<String, DesktopError> {
        let places = match &self.desktop.places {
            Ok(places) => places,
            // The section offers nothing then; say why all the same.
            Err(why) => return Ok(why.clone()),
        };
        let kith = || match self.store.path() {
            Some(db) => Invocation::current(db),
            None => Err(DesktopError::Unwritable {
                path: "this database".into(),
                why: "it is in memory, not in a file a launcher could open",
            }),
        };
        Ok(match command {
            DesktopCommand::AddToMenu => {
                launcher::install(places, &kith()?)?;
                "Added: look for Kith in your applications menu.".to_owned()
            }
            DesktopCommand::RemoveFromMenu => {
                launcher::remove(places)?;
                "Removed Kith from the applications menu.".to_owned()
            }
            DesktopCommand::StartReminders => {
                let installed = reminders::install(
                    places,
                    &kith()?,
                    reminders::DEFAULT_AT,
                    &self.desktop.systemctl,
                )?;
                match installed.timer {
                    Ok(_) => "Reminders on: at login and daily at 09:00.".to_owned(),
                    Err(why) => format!("Reminders on, at login only: {why}."),
                }
            }
            DesktopCommand::StopReminders => {
                let removed = reminders::remove(places, &self.desktop.systemctl)?;
                match removed.problem {
                    None => "Reminders off.".to_owned(),
                    Some(problem) => format!("Reminders off ({problem})."),
                }
            }
        })
    }
}

/// "Not available…" from "not available…".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
