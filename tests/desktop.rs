//! Kith on the desktop, through the real binary on a desk of its own (a
//! temporary home, XDG folders and PATH): the launcher and its icons
//! (`kith install-desktop`), checked with `desktop-file-validate`, and the
//! reminders while Kith is closed (`kith notify --install` / `--remove`),
//! with `systemctl` faked on the PATH or absent. On macOS and Windows both
//! commands refuse.

// Elsewhere, only the test that both commands refuse is left.
#![cfg_attr(not(all(unix, not(target_os = "macos"))), allow(unused_imports))]

mod desk;

use desk::{Desk, mode, validate, verify_units};
use kith::desktop::launcher::{icon_sizes, png_size};

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn the_launcher_and_its_icons_go_under_xdg_data_home_and_pass_validation() {
    let desk = Desk::new();
    let said = desk.ok(&["install-desktop"]);
    assert!(
        said.starts_with("Added Kith to the applications menu:"),
        "{said}"
    );

    let entry_path = desk.data().join("applications/kith.desktop");
    validate(&entry_path);
    let entry = std::fs::read_to_string(&entry_path).unwrap();
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_kith")).unwrap();
    let exec = format!("Exec={} --db {}", exe.display(), desk.db.display());
    assert!(entry.lines().any(|l| l == exec), "{exec} in\n{entry}");
    for line in [
        "Icon=kith",
        "Categories=Office;ContactManagement;",
        "StartupWMClass=kith",
    ] {
        assert!(entry.lines().any(|l| l == line), "{line} in\n{entry}");
    }
    assert!(entry.lines().any(|l| l.starts_with("Keywords=")));

    let icons = desk.data().join("icons/hicolor");
    let svg = std::fs::read_to_string(icons.join("scalable/apps/kith.svg")).unwrap();
    assert!(svg.contains("<svg"));
    for size in icon_sizes() {
        let png = std::fs::read(icons.join(format!("{size}x{size}/apps/kith.png"))).unwrap();
        assert_eq!(png_size(&png), Some((size, size)));
    }
    assert_eq!(icon_sizes().collect::<Vec<_>>(), [48, 128, 256]);
    assert_eq!(mode(&entry_path), 0o600);

    // Nothing outside the XDG folders, nothing in the home folder.
    assert!(
        std::fs::read_dir(desk.path("home"))
            .unwrap()
            .next()
            .is_none()
    );
    assert!(std::fs::read_dir(desk.config()).unwrap().next().is_none());

    let said = desk.ok(&["install-desktop", "--remove"]);
    assert_eq!(
        said, "Removed Kith from the applications menu (5 files).\n",
        "{said}"
    );
    assert!(!entry_path.exists());
    assert!(!icons.join("scalable/apps/kith.svg").exists());
    let said = desk.ok(&["install-desktop", "--remove"]);
    assert_eq!(
        said,
        "Kith was not in the applications menu; nothing to remove.\n"
    );
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn a_database_with_spaces_quotes_and_percents_in_its_path_still_makes_a_valid_launcher() {
    let mut desk = Desk::new();
    let folder = desk.path(r#"My "Kith" $HOME 100% \ files"#);
    std::fs::create_dir(&folder).unwrap();
    desk.db = folder.join("people.sqlite3");
    desk.ok(&["install-desktop"]);
    let entry_path = desk.data().join("applications/kith.desktop");
    validate(&entry_path);
    let entry = std::fs::read_to_string(&entry_path).unwrap();
    let quoted = format!(
        r#""{}/My \\"Kith\\" \\$HOME 100%% \\\\ files/people.sqlite3""#,
        desk.dir.path().display()
    );
    assert!(entry.contains(&quoted), "{quoted} in\n{entry}");
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn reminders_are_an_autostart_entry_and_a_daily_timer_that_systemctl_enables() {
    let desk = Desk::new();
    let log = desk.path("systemctl.log");
    desk.program(
        "systemctl",
        &format!("echo \"$@\" >> '{}'\nexit 0", log.display()),
    );
    let said = desk.ok(&["notify", "--install", "--at", "07:30"]);
    assert!(
        said.starts_with("Kith will remind you at login and daily at 07:30"),
        "{said}"
    );

    let autostart = desk.config().join("autostart/kith-notify.desktop");
    validate(&autostart);
    let entry = std::fs::read_to_string(&autostart).unwrap();
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_kith")).unwrap();
    let command = format!("{} --db {} notify", exe.display(), desk.db.display());
    assert!(entry.contains(&format!("\nExec={command}\n")), "{entry}");

    let units = desk.config().join("systemd/user");
    let timer = std::fs::read_to_string(units.join("kith-notify.timer")).unwrap();
    assert!(timer.contains("\nOnCalendar=*-*-* 07:30:00\n"), "{timer}");
    let service = std::fs::read_to_string(units.join("kith-notify.service")).unwrap();
    assert!(
        service.contains(&format!("\nExecStart={command}\n")),
        "{service}"
    );
    verify_units(&[
        &units.join("kith-notify.service"),
        &units.join("kith-notify.timer"),
    ]);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "--user show-environment\n--user daemon-reload\n--user enable kith-notify.timer\n\
         --user restart kith-notify.timer\n"
    );
    assert!(
        std::fs::read_dir(desk.path("home"))
            .unwrap()
            .next()
            .is_none()
    );

    // Again with another time: the timer follows.
    desk.ok(&["notify", "--install", "--at", "18:00"]);
    let timer = std::fs::read_to_string(units.join("kith-notify.timer")).unwrap();
    assert!(timer.contains("\nOnCalendar=*-*-* 18:00:00\n"), "{timer}");

    std::fs::remove_file(&log).unwrap();
    let said = desk.ok(&["notify", "--remove"]);
    assert_eq!(
        said,
        "Stopped the reminders while Kith is closed (3 files removed).\n"
    );
    assert!(!autostart.exists());
    assert!(!units.join("kith-notify.timer").exists());
    assert!(!units.join("kith-notify.service").exists());
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "--user show-environment\n--user disable --now kith-notify.timer\n\
         --user daemon-reload\n"
    );
    let said = desk.ok(&["notify", "--remove"]);
    assert_eq!(said, "No reminders were set up; nothing to remove.\n");
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_systemd_the_autostart_entry_reminds_alone_and_says_so() {
    let desk = Desk::new();
    // No systemctl on the PATH at all.
    let said = desk.ok(&["notify", "--install"]);
    assert!(said.starts_with("Kith will remind you at login,"), "{said}");
    assert!(
        said.contains(
            "There is no daily reminder at 09:00: systemd is not available here \
             (systemctl is not installed)."
        ),
        "{said}"
    );
    validate(&desk.config().join("autostart/kith-notify.desktop"));
    assert!(!desk.config().join("systemd").exists());

    // A systemctl with no user manager behind it is no systemd either.
    desk.program(
        "systemctl",
        "echo 'Failed to connect to bus: No medium found' >&2\nexit 1",
    );
    let said = desk.ok(&["notify", "--install", "--at", "08:15"]);
    assert!(
        said.contains("systemd is not available here (`systemctl --user show-environment` failed: Failed to connect to bus: No medium found)"),
        "{said}"
    );
    let said = desk.ok(&["notify", "--remove"]);
    assert_eq!(
        said,
        "Stopped the reminders while Kith is closed (1 file removed).\n"
    );
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn a_timer_systemctl_cannot_enable_is_taken_back_and_reported() {
    let desk = Desk::new();
    desk.program(
        "systemctl",
        "case \"$2\" in\n  enable) echo 'Failed to enable unit: Access denied' >&2; exit 1;;\nesac\nexit 0",
    );
    let said = desk.ok(&["notify", "--install"]);
    assert!(
        said.contains(
            "There is no daily reminder at 09:00: `systemctl --user enable kith-notify.timer` \
             failed: Failed to enable unit: Access denied."
        ),
        "{said}"
    );
    assert!(desk.config().join("autostart/kith-notify.desktop").exists());
    assert!(
        !desk
            .config()
            .join("systemd/user/kith-notify.timer")
            .exists()
    );
}

#[test]
fn a_time_that_is_not_a_time_of_day_is_bad_usage() {
    let desk = Desk::new();
    let output = desk.run(&["notify", "--install", "--at", "25:00"]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("at: \"25:00\" is not a time of day"),
        "{said}"
    );
    // --at belongs to --install; --install and --remove exclude each other.
    assert_eq!(
        desk.run(&["notify", "--at", "09:00"]).status.code(),
        Some(2)
    );
    assert_eq!(
        desk.run(&["notify", "--install", "--remove"]).status.code(),
        Some(2)
    );
    assert!(!desk.config().join("autostart").exists());
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
#[test]
fn elsewhere_both_commands_refuse_and_write_nothing() {
    let desk = Desk::new();
    for args in [
        &["install-desktop"][..],
        &["notify"],
        &["notify", "--install"],
    ] {
        let output = desk.run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains("not available"), "{said}");
    }
    assert!(std::fs::read_dir(desk.data()).unwrap().next().is_none());
}
