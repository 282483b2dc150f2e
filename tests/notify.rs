//! `kith notify` against a stand-in notification service: a private
//! session bus (its own `dbus-daemon`, which only this test talks to) on
//! which a small zbus server owns `org.freedesktop.Notifications` and
//! records every call. Exactly one `Notify` when something is due, none
//! when nothing is; a click opens Kith on the same database; no service,
//! a service that never answers, or no bus at all, and `kith notify`
//! fails within seconds with one line.
//!
//! Needs `dbus-daemon` (Debian: dbus-daemon, which
//! scripts/install-debian-deps installs); without it these tests say so
//! and pass.

#![cfg(all(unix, not(target_os = "macos")))]

mod desk;

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Days, Local};
use desk::Desk;
use zbus::zvariant::OwnedValue;

/// A `dbus-daemon` of our own, stopped when dropped.
struct PrivateBus {
    daemon: Child,
    address: String,
}

impl PrivateBus {
    fn start(dir: &Path) -> Option<Self> {
        let program = desk::tool("dbus-daemon", "the kith notify tests")?;
        // No service files: nothing on this bus is started on demand, so
        // "no service" means no service, whatever the machine has installed.
        let config = dir.join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new(program)
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            // It complains it may not raise its file limit, harmlessly.
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        assert!(!address.trim().is_empty(), "dbus-daemon did not start");
        Some(Self {
            daemon,
            address: address.trim().to_owned(),
        })
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// One `Notify` call as the stand-in received it.
#[derive(Clone, Debug)]
struct Call {
    app_name: String,
    icon: String,
    summary: String,
    body: String,
    actions: Vec<String>,
    desktop_entry: Option<String>,
}

/// What the stand-in does after a `Notify`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Then {
    /// The person closes the notification.
    Close,
    /// The person clicks it.
    Click,
    /// Never answers anything.
    Hang,
}

struct Notifications {
    calls: Arc<Mutex<Vec<Call>>>,
    then: Then,
}

const PATH: &str = "/org/freedesktop/Notifications";
const INTERFACE: &str = "org.freedesktop.Notifications";

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Notifications {
    async fn get_capabilities(&self) -> Vec<String> {
        if self.then == Then::Hang {
            std::future::pending::<()>().await;
        }
        ["body", "body-markup", "actions"]
            .map(String::from)
            .to_vec()
    }

    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
        #[zbus(connection)] connection: &zbus::Connection,
    ) -> u32 {
        let desktop_entry = hints
            .get("desktop-entry")
            .and_then(|v| String::try_from(v.try_clone().ok()?).ok());
        let mut calls = self.calls.lock().unwrap();
        calls.push(Call {
            app_name,
            icon: app_icon,
            summary,
            body,
            actions,
            desktop_entry,
        });
        let id = calls.len() as u32;
        // The person acts a moment later, and again until Kith has seen
        // it: Kith listens for the answer only once the notification is
        // up, and a signal sent before it listens would be lost.
        let connection = connection.clone();
        let then = self.then;
        std::thread::spawn(move || {
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                let sent = zbus::block_on(async {
                    match then {
                        Then::Click => {
                            connection
                                .emit_signal(
                                    None::<&str>,
                                    PATH,
                                    INTERFACE,
                                    "ActionInvoked",
                                    &(id, "default"),
                                )
                                .await
                        }
                        _ => {
                            connection
                                .emit_signal(
                                    None::<&str>,
                                    PATH,
                                    INTERFACE,
                                    "NotificationClosed",
                                    &(id, 2u32),
                                )
                                .await
                        }
                    }
                });
                if sent.is_err() {
                    break;
                }
            }
        });
        id
    }

    async fn close_notification(&self, _id: u32) {}

    async fn get_server_information(&self) -> (String, String, String, String) {
        (
            "stand-in".into(),
            "kith tests".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

/// The stand-in service on `bus`, recording into the returned list; it
/// serves until the connection is dropped.
fn stand_in(bus: &PrivateBus, then: Then) -> (zbus::Connection, Arc<Mutex<Vec<Call>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let service = Notifications {
        calls: calls.clone(),
        then,
    };
    let connection = zbus::block_on(async {
        zbus::connection::Builder::address(bus.address.as_str())?
            .name("org.freedesktop.Notifications")?
            .serve_at(PATH, service)?
            .build()
            .await
    })
    .unwrap();
    (connection, calls)
}

/// `kith notify` on the desk, talking to `bus` (or to no bus at all).
fn notify(desk: &Desk, bus: Option<&PrivateBus>) -> (Output, Duration) {
    let mut command = desk.kith(&["notify"]);
    if let Some(bus) = bus {
        command.env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    }
    let started = Instant::now();
    let output = command.output().unwrap();
    (output, started.elapsed())
}

/// Someone who wrote to you `days` ago and is waiting on your reply.
fn waiting(desk: &Desk, name: &str, days: u64) {
    desk.ok(&["contact", "add", name]);
    let on = Local::now().date_naive() - Days::new(days);
    desk.ok(&[
        "log",
        name,
        "--on",
        &format!("{on} 12:00"),
        "--channel",
        "message",
        "--initiated-by",
        "them",
    ]);
}

/// A desk on a private bus, with Grace Hopper waiting on your reply for
/// ten days; `None` without dbus-daemon.
fn grace_waiting() -> Option<(Desk, PrivateBus)> {
    let desk = Desk::new();
    let bus = PrivateBus::start(desk.dir.path())?;
    waiting(&desk, "Grace Hopper", 10);
    Some((desk, bus))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn something_due_posts_exactly_one_notification_naming_the_most_urgent() {
    let Some((desk, bus)) = grace_waiting() else {
        return;
    };
    waiting(&desk, "Ada Lovelace", 6);
    waiting(&desk, "Tom & Jerry", 4);
    let (_service, calls) = stand_in(&bus, Then::Close);

    let (output, _) = notify(&desk, Some(&bus));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "Posted: Grace Hopper is waiting on your reply\n"
    );
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call.summary, "Grace Hopper is waiting on your reply");
    // The service reads markup: the & is escaped.
    assert_eq!(
        call.body,
        "Ada Lovelace and Tom &amp; Jerry are waiting on you too."
    );
    assert_eq!(call.app_name, "Kith");
    assert_eq!(call.icon, "kith");
    assert_eq!(call.desktop_entry.as_deref(), Some("kith"));
    assert_eq!(call.actions, ["default", "Open Kith"]);
}

#[test]
fn nothing_due_posts_nothing() {
    let desk = Desk::new();
    let Some(bus) = PrivateBus::start(desk.dir.path()) else {
        return;
    };
    desk.ok(&["contact", "add", "Grace Hopper"]);
    let (_service, calls) = stand_in(&bus, Then::Close);

    let (output, _) = notify(&desk, Some(&bus));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "Nothing is due today; no notification.\n"
    );
    assert!(calls.lock().unwrap().is_empty());
}

#[test]
fn no_database_yet_posts_nothing_and_creates_none() {
    let desk = Desk::new();
    let (output, _) = notify(&desk, None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("nothing is due"));
    assert!(!desk.db.exists());
}

#[test]
fn a_click_opens_kith_on_the_same_database() {
    let Some((desk, bus)) = grace_waiting() else {
        return;
    };
    let (_service, calls) = stand_in(&bus, Then::Click);
    // Commands may have used the database's lock file for their first
    // writes; a window writes its process id into it when it opens.
    let lock = desk.path("kith.sqlite3.lock");
    let modified = || std::fs::metadata(&lock).and_then(|m| m.modified()).ok();
    let before = modified();

    let (output, _) = notify(&desk, Some(&bus));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "Posted: Grace Hopper is waiting on your reply\nOpened Kith.\n"
    );
    assert_eq!(calls.lock().unwrap().len(), 1);
    // The window it started took this database's lock (then, with no
    // display here, gave up), and made its folder for window preferences.
    let started = Instant::now();
    while modified() == before && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_ne!(
        modified(),
        before,
        "no window was opened on {}",
        desk.db.display()
    );
    assert!(desk.data().join("kith").is_dir());
}

#[test]
fn with_no_notification_service_it_fails_at_once_with_one_line() {
    let Some((desk, bus)) = grace_waiting() else {
        return;
    };

    let (output, took) = notify(&desk, Some(&bus));
    assert_eq!(output.status.code(), Some(1));
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(
        text(&output.stderr),
        "kith: no notification was posted: no notification service is running on this \
         desktop (nothing owns org.freedesktop.Notifications on the session bus)\n"
    );
}

#[test]
fn a_service_that_never_answers_is_given_up_on_within_seconds() {
    let Some((desk, bus)) = grace_waiting() else {
        return;
    };
    let (_service, calls) = stand_in(&bus, Then::Hang);

    let (output, took) = notify(&desk, Some(&bus));
    assert_eq!(output.status.code(), Some(1));
    assert!(took < Duration::from_secs(15), "{took:?}");
    assert_eq!(
        text(&output.stderr),
        "kith: no notification was posted: the notification service did not answer within \
         5 seconds\n"
    );
    assert!(calls.lock().unwrap().is_empty());
}

#[test]
fn without_a_session_bus_it_fails_with_one_line() {
    let desk = Desk::new();
    waiting(&desk, "Grace Hopper", 10);

    let (output, took) = notify(&desk, None);
    assert_eq!(output.status.code(), Some(1));
    assert!(took < Duration::from_secs(5), "{took:?}");
    let said = text(&output.stderr);
    assert!(
        said.starts_with("kith: no notification was posted: cannot reach the session bus"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
}

#[test]
fn an_encrypted_database_is_announced_without_names_and_not_at_all_without_its_passphrase() {
    let Some((desk, bus)) = grace_waiting() else {
        return;
    };
    let set = desk
        .kith(&["passphrase", "set"])
        .env("KITH_NEW_PASSPHRASE", "tide pools")
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", text(&set.stderr));
    let (_service, calls) = stand_in(&bus, Then::Close);

    // At login there is no one to ask: nothing is read, nothing posted.
    let (output, _) = notify(&desk, Some(&bus));
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("protected by a passphrase"),
        "{}",
        text(&output.stdout)
    );
    assert!(calls.lock().unwrap().is_empty());

    // Given the passphrase, it counts what is due, and names no one.
    let output = desk
        .kith(&["notify"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("KITH_PASSPHRASE", "tide pools")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].summary, kith::desktop::reminder::LOCKED_SUMMARY);
    assert!(!calls[0].body.contains("Grace"), "{}", calls[0].body);
}
