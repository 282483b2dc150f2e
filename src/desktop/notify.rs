//! Posting the reminder: one notification through the desktop's own
//! notification service (`org.freedesktop.Notifications` on the session
//! D-Bus, with notify-rust over zbus, pure Rust), and opening Kith when it
//! is clicked. The notification goes from this process to the desktop on
//! the same machine, and nowhere else.
//!
//! Nothing here may hang a login or a timer: the service has
//! [`ANSWER_WITHIN`] to take the notification, or `kith notify` gives up
//! with one line; and the wait for a click ends when the notification is
//! closed, or after [`CLICK_WAIT`] (before the next day's reminder).

use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use super::reminder::Reminder;
use super::{DesktopError, Invocation};

/// How long the notification service has to answer.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(5);

/// How long `kith notify` waits for a click on its notification.
pub const CLICK_WAIT: Duration = Duration::from_secs(12 * 60 * 60);

/// The action a click on the notification's body invokes.
const DEFAULT_ACTION: &str = "default";

/// Why no notification was posted.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(transparent)]
    Desktop(#[from] DesktopError),
    #[error(
        "no notification service is running on this desktop \
         (nothing owns org.freedesktop.Notifications on the session bus)"
    )]
    NoService,
    #[error("cannot reach the session bus ({0}); is a desktop session running?")]
    NoBus(String),
    #[error(
        "the notification service did not answer within {} seconds",
        ANSWER_WITHIN.as_secs()
    )]
    NoAnswer,
    #[error("the notification service refused the notification: {0}")]
    Refused(String),
}

impl NotifyError {
    /// Sorts a failure of the D-Bus conversation by what the person can do
    /// about it, from zbus's message.
    #[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
    fn from_bus(message: String) -> Self {
        let message = message.replace(['\n', '\r'], " ");
        if message.contains("ServiceUnknown") || message.contains("NameHasNoOwner") {
            Self::NoService
        } else if [
            "address error",
            "I/O error",
            "Failed to connect",
            "D-Bus handshake",
        ]
        .iter()
        .any(|start| message.starts_with(start))
        {
            Self::NoBus(message)
        } else {
            Self::Refused(message)
        }
    }
}

/// What the worker talking to the bus reports.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
enum Event {
    Posted {
        waits_for_click: bool,
    },
    Failed(NotifyError),
    /// The notification was clicked (`default`), used otherwise, or closed
    /// (`__closed`).
    Action(String),
}

/// A notification on the screen.
pub struct Posted {
    events: Receiver<Event>,
    /// Whether the service reports clicks (the `actions` capability).
    pub waits_for_click: bool,
}

/// What became of a posted notification.
#[derive(Debug, PartialEq, Eq)]
pub enum Fate {
    Clicked,
    /// Closed, or the service cannot report clicks.
    Closed,
    /// Nothing happened within the wait.
    Unanswered,
}

impl Posted {
    /// Waits, at most `wait`, for a click on the notification.
    pub fn wait_for_click(self, wait: Duration) -> Fate {
        if !self.waits_for_click {
            return Fate::Closed;
        }
        match self.events.recv_timeout(wait) {
            Ok(Event::Action(action)) if action == DEFAULT_ACTION => Fate::Clicked,
            Ok(_) | Err(RecvTimeoutError::Disconnected) => Fate::Closed,
            Err(RecvTimeoutError::Timeout) => Fate::Unanswered,
        }
    }
}

/// Posts `reminder` as one notification; fails with one line if no
/// service takes it within [`ANSWER_WITHIN`].
pub fn post(reminder: &Reminder) -> Result<Posted, NotifyError> {
    super::check_supported()?;
    let (sender, events) = std::sync::mpsc::channel();
    let reminder = reminder.clone();
    // On a thread of its own, so that a service that never answers cannot
    // hold this one; it ends with the process.
    std::thread::spawn(move || bus::post_and_listen(&reminder, &sender));
    match events.recv_timeout(ANSWER_WITHIN) {
        Ok(Event::Posted { waits_for_click }) => Ok(Posted {
            events,
            waits_for_click,
        }),
        Ok(Event::Failed(error)) => Err(error),
        Ok(Event::Action(_)) | Err(RecvTimeoutError::Disconnected) => Err(NotifyError::Refused(
            "it stopped before it answered".to_owned(),
        )),
        Err(RecvTimeoutError::Timeout) => Err(NotifyError::NoAnswer),
    }
}

/// Starts Kith's window on the same database, on its own: it outlives
/// `kith notify`, and a Ctrl+C in the terminal that started that does not
/// reach it.
pub fn open_kith(kith: &Invocation) -> std::io::Result<()> {
    let mut command = Command::new(&kith.exe);
    if let Some(db) = &kith.db {
        command.arg("--db").arg(db);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command.spawn().map(drop)
}

/// Markup-safe text, for services that read the body as markup (the
/// `body-markup` capability): `&`, `<` and `>` in a name show as they are.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(all(unix, not(target_os = "macos")))]
mod bus {
    use std::sync::mpsc::Sender;

    use notify_rust::{Hint, Notification};

    use super::{DEFAULT_ACTION, Event, NotifyError, Reminder, escape_markup};
    use crate::desktop::APP_ID;

    /// Posts the notification and reports it; then, if the service
    /// reports clicks, reports the first action or the closing.
    pub(super) fn post_and_listen(reminder: &Reminder, events: &Sender<Event>) {
        let failed =
            |e: notify_rust::error::Error| Event::Failed(NotifyError::from_bus(e.to_string()));
        let capabilities = match notify_rust::get_capabilities() {
            Ok(capabilities) => capabilities,
            Err(e) => {
                let _ = events.send(failed(e));
                return;
            }
        };
        let has = |capability: &str| capabilities.iter().any(|c| c == capability);
        let body = if has("body-markup") {
            escape_markup(&reminder.body)
        } else {
            reminder.body.clone()
        };
        let waits_for_click = has("actions");
        let mut notification = Notification::new();
        notification
            .appname("Kith")
            .summary(&reminder.summary)
            .body(&body)
            .icon(APP_ID)
            .hint(Hint::DesktopEntry(APP_ID.to_owned()));
        if waits_for_click {
            notification.action(DEFAULT_ACTION, "Open Kith");
        }
        let handle = match notification.show() {
            Ok(handle) => handle,
            Err(e) => {
                let _ = events.send(failed(e));
                return;
            }
        };
        if events.send(Event::Posted { waits_for_click }).is_err() || !waits_for_click {
            return;
        }
        handle.wait_for_action(|action| {
            let _ = events.send(Event::Action(action.to_owned()));
        });
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
mod bus {
    use std::sync::mpsc::Sender;

    use super::{Event, Reminder};

    /// Never called: [`super::post`] refuses on this platform first.
    pub(super) fn post_and_listen(_: &Reminder, events: &Sender<Event>) {
        let _ = events.send(Event::Failed(
            crate::desktop::check_supported().err().map_or(
                super::NotifyError::Refused("not available here".to_owned()),
                Into::into,
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bus_failures_are_told_apart_by_what_to_do() {
        let no_service = NotifyError::from_bus(
            "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.Notifications \
             was not provided by any .service files"
                .to_owned(),
        );
        assert!(matches!(no_service, NotifyError::NoService));
        let no_bus = NotifyError::from_bus("I/O error: No such file or directory".to_owned());
        assert!(matches!(no_bus, NotifyError::NoBus(_)));
        let refused = NotifyError::from_bus("org.example.Error: no\nthanks".to_owned());
        assert_eq!(
            refused.to_string(),
            "the notification service refused the notification: org.example.Error: no thanks"
        );
    }

    #[test]
    fn markup_characters_in_names_are_escaped() {
        assert_eq!(escape_markup("Tom & <Jerry>"), "Tom &amp; &lt;Jerry&gt;");
    }
}
