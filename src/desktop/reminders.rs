//! Reminders while Kith is closed (opt-in, `kith notify --install`): two
//! ways of running `kith notify`, which posts one notification of what is
//! due.
//!
//! - At login: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/
//!   kith-notify.desktop`, which every freedesktop.org session runs.
//! - Daily at a chosen time (09:00 unless told): a systemd user timer and
//!   its service, `kith-notify.timer` and `.service` in
//!   `$XDG_CONFIG_HOME/systemd/user/`, enabled with `systemctl --user`.
//!   Where there is no systemd user manager, there is no timer: the
//!   autostart entry alone reminds at login, and the person is told so.
//!
//! `remove` takes all of it away. Nothing here runs as root or sends
//! anything off the machine.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{NaiveTime, Timelike as _};

use super::{APP_ID, DesktopError, Invocation, Places};

/// The daily reminder's time unless told otherwise.
pub const DEFAULT_AT: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

const SERVICE: &str = "kith-notify.service";
const TIMER: &str = "kith-notify.timer";

/// The first line of every file written here, so that someone who finds
/// one knows where it came from and how to take it away.
const WRITTEN_BY: &str =
    "Written by `kith notify --install`; `kith notify --remove` takes it away.";

/// Reads a time of day for the daily reminder: `HH:MM` (or `H:MM`).
pub fn parse_at(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        format!("at: {text:?} is not a time of day; use HH:MM, from 00:00 to 23:59 (e.g. 09:00)")
    })
}

/// The autostart entry, which runs `kith notify` once at login.
pub fn autostart_entry(kith: &Invocation) -> Result<String, DesktopError> {
    let exec = super::launcher::exec_line(&kith.words(&["notify"])?);
    let try_exec = super::text_of(&kith.exe)?.replace('\\', "\\\\");
    Ok(format!(
        "# {WRITTEN_BY}\n\
         [Desktop Entry]\n\
         Type=Application\n\
         Version=1.4\n\
         Name=Kith reminders\n\
         Comment=At login, one notification of who is waiting on you\n\
         Exec={exec}\n\
         TryExec={try_exec}\n\
         Icon={APP_ID}\n\
         Terminal=false\n\
         NoDisplay=true\n\
         X-GNOME-Autostart-enabled=true\n"
    ))
}

/// The service the timer starts: `kith notify`, once.
pub fn service_unit(kith: &Invocation) -> Result<String, DesktopError> {
    let exec = unit_command_line(&kith.words(&["notify"])?);
    Ok(format!(
        "# {WRITTEN_BY}\n\
         [Unit]\n\
         Description=Kith: one notification of who is waiting on you\n\
         \n\
         [Service]\n\
         Type=simple\n\
         ExecStart={exec}\n\
         # A click on the notification opens Kith's window, which must outlive\n\
         # this service: it ends when `kith notify` does.\n\
         KillMode=process\n"
    ))
}

/// The timer: daily at `at`. Not persistent: a day missed while logged
/// out is made up by the autostart entry at the next login, not by a
/// second notification.
pub fn timer_unit(at: NaiveTime) -> String {
    format!(
        "# {WRITTEN_BY}\n\
         [Unit]\n\
         Description=Kith: a daily reminder at {hh:02}:{mm:02}\n\
         \n\
         [Timer]\n\
         OnCalendar=*-*-* {hh:02}:{mm:02}:00\n\
         Persistent=false\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        hh = at.hour(),
        mm = at.minute(),
    )
}

/// A command line for `ExecStart=`: words with anything but plain path
/// characters go in double quotes with `\` and `"` escaped; `%` (a
/// specifier) and `$` (a variable) are doubled everywhere.
pub fn unit_command_line(words: &[&str]) -> String {
    words
        .iter()
        .map(|word| {
            let plain = !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/._+,=:@-".contains(c));
            let mut out = String::new();
            if !plain {
                out.push('"');
            }
            for c in word.chars() {
                match c {
                    '\\' | '"' => out.push('\\'),
                    '%' | '$' => out.push(c),
                    _ => {}
                }
                out.push(c);
            }
            if !plain {
                out.push('"');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the autostart entry goes.
pub fn autostart_file(places: &Places) -> PathBuf {
    places.config_home.join("autostart/kith-notify.desktop")
}

/// Where the systemd user units go.
pub fn unit_dir(places: &Places) -> PathBuf {
    places.config_home.join("systemd/user")
}

/// `systemctl --user`: the program by name (found on `PATH`), or another.
#[derive(Clone, Debug)]
pub struct Systemctl {
    program: OsString,
}

impl Default for Systemctl {
    fn default() -> Self {
        Self {
            program: "systemctl".into(),
        }
    }
}

impl Systemctl {
    /// Whether a systemd user manager answers; if not, why.
    fn available(&self) -> Result<(), String> {
        self.run(&["show-environment"])
    }

    /// Runs `systemctl --user ARGS`; on failure, the first line it printed
    /// (or why it could not run).
    fn run(&self, args: &[&str]) -> Result<(), String> {
        let output = Command::new(&self.program)
            .arg("--user")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => "systemctl is not installed".to_owned(),
                _ => format!("systemctl could not run: {e}"),
            })?;
        if output.status.success() {
            return Ok(());
        }
        let said = String::from_utf8_lossy(&output.stderr);
        let first = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        Err(format!(
            "`systemctl --user {}` failed: {}",
            args.join(" "),
            if first.is_empty() {
                output.status.to_string()
            } else {
                first.trim().to_owned()
            }
        ))
    }
}

/// What `install` set up.
#[derive(Debug)]
pub struct Installed {
    pub autostart: PathBuf,
    /// The daily timer's unit file, or why there is no timer.
    pub timer: Result<PathBuf, String>,
}

/// Sets up the reminders (again, with a new time, if they were): the
/// autostart entry, and the daily timer at `at` where systemd is there.
pub fn install(
    places: &Places,
    kith: &Invocation,
    at: NaiveTime,
    systemctl: &Systemctl,
) -> Result<Installed, DesktopError> {
    let autostart = autostart_file(places);
    let entry = autostart_entry(kith)?;
    let service = service_unit(kith)?;
    super::write_file(&autostart, entry.as_bytes())?;
    if let Err(why) = systemctl.available() {
        // A timer left from an install when systemd was there would only
        // confuse: the autostart entry now does the reminding.
        remove_units(places, None)?;
        return Ok(Installed {
            autostart,
            timer: Err(format!("systemd is not available here ({why})")),
        });
    }
    let dir = unit_dir(places);
    super::write_file(&dir.join(SERVICE), service.as_bytes())?;
    super::write_file(&dir.join(TIMER), timer_unit(at).as_bytes())?;
    let enabled = systemctl
        .run(&["daemon-reload"])
        .and_then(|()| systemctl.run(&["enable", TIMER]))
        // Restarting applies a new time to a timer that was running.
        .and_then(|()| systemctl.run(&["restart", TIMER]));
    let timer = match enabled {
        Ok(()) => Ok(dir.join(TIMER)),
        Err(why) => {
            remove_units(places, Some(systemctl))?;
            Err(why)
        }
    };
    Ok(Installed { autostart, timer })
}

/// What `remove` took away, and a problem `systemctl` had, if any (the
/// files are gone all the same).
#[derive(Debug, Default)]
pub struct Removed {
    pub files: Vec<PathBuf>,
    pub problem: Option<String>,
}

/// Takes the reminders away: the timer (stopped and disabled first, where
/// systemd is there), its service, and the autostart entry.
pub fn remove(places: &Places, systemctl: &Systemctl) -> Result<Removed, DesktopError> {
    let mut removed = Removed::default();
    let had_timer = unit_dir(places).join(TIMER).exists();
    let systemctl = if had_timer {
        match systemctl.available() {
            Ok(()) => {
                removed.problem = systemctl.run(&["disable", "--now", TIMER]).err();
                Some(systemctl)
            }
            Err(_) => None,
        }
    } else {
        None
    };
    removed.files = remove_units(places, systemctl)?;
    if super::remove_file(&autostart_file(places))? {
        removed.files.push(autostart_file(places));
    }
    Ok(removed)
}

/// Removes the unit files (and the link `systemctl enable` made, if it is
/// still there), then has systemd forget them; returns what was removed.
fn remove_units(
    places: &Places,
    systemctl: Option<&Systemctl>,
) -> Result<Vec<PathBuf>, DesktopError> {
    let dir = unit_dir(places);
    let mut removed = Vec::new();
    for path in [
        dir.join("timers.target.wants").join(TIMER),
        dir.join(TIMER),
        dir.join(SERVICE),
    ] {
        if super::remove_file(&path)? {
            removed.push(path);
        }
    }
    if let Some(systemctl) = systemctl
        && !removed.is_empty()
    {
        // Forgetting a unit that is gone cannot matter enough to report.
        let _ = systemctl.run(&["daemon-reload"]);
    }
    Ok(removed)
}

/// What is set up now: `None` when nothing is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub at_login: bool,
    /// The daily timer's time, if there is a timer.
    pub daily_at: Option<NaiveTime>,
}

/// Reads what is set up from the files (not from systemd: a timer someone
/// disabled by hand still counts as set up, and `--remove` clears it).
pub fn status(places: &Places) -> Option<Status> {
    let at_login = autostart_file(places).is_file();
    let daily_at = std::fs::read_to_string(unit_dir(places).join(TIMER))
        .ok()
        .and_then(|text| timer_time(&text));
    (at_login || daily_at.is_some()).then_some(Status { at_login, daily_at })
}

/// The time in a timer's `OnCalendar=*-*-* HH:MM:00` line.
fn timer_time(unit: &str) -> Option<NaiveTime> {
    let value = unit.lines().find_map(|l| l.strip_prefix("OnCalendar="))?;
    let time = value.split_whitespace().last()?;
    NaiveTime::parse_from_str(time, "%H:%M:%S").ok()
}

/// The `systemctl` at `program`, for tests that stand one in.
impl From<&Path> for Systemctl {
    fn from(program: &Path) -> Self {
        Self {
            program: program.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveTime {
        parse_at(text).unwrap()
    }

    #[test]
    fn times_of_day_are_hours_and_minutes() {
        assert_eq!(at("09:00"), DEFAULT_AT);
        assert_eq!(at("7:30"), NaiveTime::from_hms_opt(7, 30, 0).unwrap());
        for bad in ["24:00", "9", "09:60", "nine", "09:00:00", ""] {
            let error = parse_at(bad).unwrap_err();
            assert!(error.starts_with("at: "), "{error}");
        }
    }

    #[test]
    fn the_timer_fires_daily_at_the_time_and_says_it() {
        let unit = timer_unit(at("18:05"));
        assert!(unit.contains("\nOnCalendar=*-*-* 18:05:00\n"), "{unit}");
        assert!(unit.contains("WantedBy=timers.target"));
        assert_eq!(timer_time(&unit), Some(at("18:05")));
    }

    #[test]
    fn the_service_runs_kith_notify_on_the_same_database() {
        let kith = Invocation {
            exe: "/home/ada/bin/kith".into(),
            db: Some("/home/ada/My Files/100% kith.sqlite3".into()),
        };
        let unit = service_unit(&kith).unwrap();
        assert!(
            unit.contains(
                "\nExecStart=/home/ada/bin/kith --db \"/home/ada/My Files/100%% kith.sqlite3\" notify\n"
            ),
            "{unit}"
        );
        assert!(unit.contains("\nKillMode=process\n"));
        let entry = autostart_entry(&kith).unwrap();
        assert!(
            entry.contains(
                "\nExec=/home/ada/bin/kith --db \"/home/ada/My Files/100%% kith.sqlite3\" notify\n"
            ),
            "{entry}"
        );
    }

    #[test]
    fn unit_command_lines_escape_quotes_backslashes_and_dollars() {
        assert_eq!(
            unit_command_line(&["/a b/k\"i\\th", "$HOME"]),
            r#""/a b/k\"i\\th" "$$HOME""#
        );
    }
}
