//! Settings → On the desktop: Kith in the applications menu, and reminders
//! while it is closed. Draws what the app found on the disk
//! ([`DesktopView`]) and asks for changes with [`Command::Desktop`]; the
//! app does the work (see `crate::desktop`).

use chrono::NaiveTime;
use egui::{RichText, Ui};

use super::Command;

/// What is set up on the desktop, as the app last found it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesktopView {
    /// Why none of this works here (macOS, Windows), if so.
    pub unavailable: Option<String>,
    /// Whether the launcher is in the applications menu.
    pub in_menu: bool,
    /// The reminders while Kith is closed: `None` when they are off.
    pub reminders: Option<RemindersView>,
    /// What the last change did, or why it could not.
    pub note: Option<String>,
}

/// Reminders that are on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemindersView {
    /// The daily reminder's time; `None` when there is only the one at
    /// login (no systemd).
    pub daily_at: Option<NaiveTime>,
}

/// A change to Kith's place on the desktop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DesktopCommand {
    AddToMenu,
    RemoveFromMenu,
    StartReminders,
    StopReminders,
}

/// The section: a button for the menu, a switch for the reminders.
pub fn desktop_ui(ui: &mut Ui, view: &DesktopView, cmds: &mut Vec<Command>) {
    ui.add_space(12.0);
    ui.label(RichText::new("On the desktop").strong());
    if let Some(why) = &view.unavailable {
        ui.add(egui::Label::new(RichText::new(why).weak()).wrap());
        return;
    }
    ui.horizontal(|ui| {
        if view.in_menu {
            ui.label("Kith is in the applications menu.");
            if ui.small_button("Remove it from the menu").clicked() {
                cmds.push(Command::Desktop(DesktopCommand::RemoveFromMenu));
            }
        } else if ui.button("Add Kith to the applications menu").clicked() {
            cmds.push(Command::Desktop(DesktopCommand::AddToMenu));
        }
    });
    let mut on = view.reminders.is_some();
    if ui
        .checkbox(&mut on, "Remind me when Kith is closed")
        .changed()
    {
        cmds.push(Command::Desktop(if on {
            DesktopCommand::StartReminders
        } else {
            DesktopCommand::StopReminders
        }));
    }
    let when = match &view.reminders {
        Some(RemindersView { daily_at: Some(at) }) => {
            format!("at login and daily at {}", at.format("%H:%M"))
        }
        Some(RemindersView { daily_at: None }) => "at login".to_owned(),
        None => "at login and daily at 09:00".to_owned(),
    };
    ui.add(
        egui::Label::new(
            RichText::new(format!(
                "One notification {when} of who is waiting on you, when anyone is; a click \
                 opens Kith. It goes to your desktop and nowhere else. \
                 (kith notify --install --at HH:MM sets another time.)"
            ))
            .weak(),
        )
        .wrap(),
    );
    if let Some(note) = &view.note {
        ui.add(egui::Label::new(note.as_str()).wrap());
    }
}
