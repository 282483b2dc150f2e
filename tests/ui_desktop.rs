//! Settings → On the desktop, driven as a person would with egui_kittest:
//! **Add Kith to the applications menu** and the switch **Remind me when
//! Kith is closed**, writing into a temporary XDG data and config folder
//! (never the real home), with a stand-in `systemctl`.

#![cfg(all(unix, not(target_os = "macos")))]

mod common;
mod window;

use kith::app::desktop::Desktop;
use kith::desktop::Places;
use kith::desktop::reminders::Systemctl;
use kith::store::Store;
use kith::ui::Screen;

use window::{click, harness, shows};

#[test]
fn settings_puts_kith_in_the_menu_and_turns_reminders_on_and_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.sqlite3");
    let places = Places {
        data_home: dir.path().join("data"),
        config_home: dir.path().join("config"),
    };
    let systemctl = dir.path().join("systemctl");
    std::fs::write(&systemctl, "#!/bin/sh\nexit 0\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&systemctl, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut harness = harness(Store::open_for_window(&db).unwrap(), Screen::Settings);
    harness.state_mut().set_desktop(Desktop::at(
        places.clone(),
        Systemctl::from(systemctl.as_path()),
    ));
    harness.run();

    click(&mut harness, "Add Kith to the applications menu");
    let entry = places.data_home.join("applications/kith.desktop");
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("--db"), "{text}");
    assert!(shows(&harness, "Kith is in the applications menu."));

    click(&mut harness, "Remind me when Kith is closed");
    assert!(
        places
            .config_home
            .join("autostart/kith-notify.desktop")
            .exists()
    );
    assert!(
        places
            .config_home
            .join("systemd/user/kith-notify.timer")
            .exists()
    );
    assert!(shows(
        &harness,
        "Reminders on: at login and daily at 09:00."
    ));

    click(&mut harness, "Remind me when Kith is closed");
    assert!(
        !places
            .config_home
            .join("autostart/kith-notify.desktop")
            .exists()
    );
    assert!(shows(&harness, "Reminders off."));

    click(&mut harness, "Remove it from the menu");
    assert!(!entry.exists());
    assert!(shows(&harness, "Add Kith to the applications menu"));
}
