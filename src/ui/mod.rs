//! The screens and widgets of the desktop app.
//!
//! Every screen is a function `*_ui(ui, &view, &mut state, &mut commands)`:
//! it draws from the borrowed [`ViewModel`], keeps its own transient state
//! (search text, the open form) in [`UiState`], and asks for changes by
//! pushing [`Command`]s, which the app applies after the frame. The dialogs
//! are [`forms`], one to a file. Nothing here touches the store or the disk,
//! or reads the clock (the view carries `now`).

pub mod circles;
pub mod desktop;
pub mod disk;
pub mod file_chooser;
pub mod forms;
pub mod import;
mod nav;
pub mod people;
pub mod person;
pub mod settings;
pub mod theme;
pub mod today;
pub mod view;
pub mod widgets;

use chrono::NaiveDate;
use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};

use crate::domain::{
    ContactDraft, ContactId, DateDraft, DateId, FollowUpDraft, FollowUpId, InteractionDraft,
    InteractionId, NudgeKind, Settings, TrustLevel,
};
pub use view::ViewModel;

/// A change the person asked for, applied by the app after the frame.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Go to a screen (loading a person's page if needed).
    Show(Screen),
    AddPerson {
        fields: ContactDraft,
        /// The level chosen, if one was: someone added without one is not
        /// assessed yet.
        trust: Option<TrustLevel>,
    },
    UpdatePerson {
        id: ContactId,
        fields: ContactDraft,
        /// The fields as the form loaded them: if the stored ones differ,
        /// someone else changed them meanwhile and the edit is refused.
        loaded: Box<ContactDraft>,
    },
    SetTrust {
        id: ContactId,
        level: TrustLevel,
        on: NaiveDate,
        reason: String,
    },
    SetArchived {
        id: ContactId,
        archived: bool,
    },
    DeletePerson(ContactId),
    /// Keep in touch with someone every this many days.
    SetCadence {
        id: ContactId,
        days: u32,
    },
    LogInteraction {
        interaction: InteractionDraft,
        /// A follow-up noted with it: what, and by when.
        follow_up: Option<(String, Option<NaiveDate>)>,
        /// Open follow-ups it ticks off.
        done: Vec<FollowUpId>,
    },
    UpdateInteraction {
        id: InteractionId,
        fields: InteractionDraft,
    },
    DeleteInteraction(InteractionId),
    Snooze {
        contact: Option<ContactId>,
        kind: NudgeKind,
        until: NaiveDate,
    },
    Dismiss {
        contact: Option<ContactId>,
        kind: NudgeKind,
    },
    /// "Skip this time": restart someone's keep-in-touch clock today.
    Skip(ContactId),
    /// Show a snoozed or dismissed nudge again.
    RestoreNudge {
        contact: Option<ContactId>,
        kind: NudgeKind,
    },
    AddFollowUp(FollowUpDraft),
    /// Tick a follow-up off (or open it again).
    SetFollowUpDone {
        id: FollowUpId,
        done: bool,
    },
    DeleteFollowUp(FollowUpId),
    AddDate(DateDraft),
    UpdateDate {
        id: DateId,
        fields: DateDraft,
    },
    DeleteDate(DateId),
    SaveSettings(Settings),
    /// Take back the last action that can be (see the shortcuts help).
    Undo,
    /// Replace the database with this backup.
    Restore(std::path::PathBuf),
    /// Set, change or remove the database's passphrase.
    ChangePassphrase(crate::store::PassphraseChange),
    /// Read a file and work out what importing it would do, in the
    /// background; the preview shows in the import dialog.
    PlanImport {
        path: std::path::PathBuf,
        options: crate::interchange::ImportOptions,
    },
    /// Work out the import of the file already read again, with other
    /// options.
    ReplanImport {
        path: std::path::PathBuf,
        options: crate::interchange::ImportOptions,
    },
    /// Import the file previewed, as previewed, in the background.
    ApplyImport {
        path: std::path::PathBuf,
        options: crate::interchange::ImportOptions,
    },
    /// Write an export to a file, in the background.
    Export {
        what: crate::interchange::Export,
        path: std::path::PathBuf,
    },
    /// Close the form that sent this (Cancel, Escape), unless it waits for
    /// work that cannot be interrupted.
    CloseForm,
    /// List a folder for the file chooser, into the view's
    /// [`disk`](view::ViewModel::disk); with `start` (a chooser opening), a
    /// folder that is not there gives the first place instead.
    ListFolder {
        folder: std::path::PathBuf,
        start: bool,
    },
    /// Say what is at these paths, for the file chooser.
    LookAt(Vec<std::path::PathBuf>),
    /// Put Kith in the applications menu, take it out, start or stop the
    /// reminders while it is closed.
    Desktop(desktop::DesktopCommand),
}

impl Command {
    /// Logging an interaction alone, with no follow-up noted or ticked off.
    pub fn log(interaction: InteractionDraft) -> Self {
        Self::LogInteraction {
            interaction,
            follow_up: None,
            done: Vec::new(),
        }
    }
}

/// The screens of the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Screen {
    #[default]
    Today,
    People,
    Person(ContactId),
    Circles,
    Settings,
}

/// UI preferences remembered between launches (never data: that lives in
/// SQLite).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub screen: Screen,
    pub people: view::PeopleFilter,
    /// The folder a file was last imported from or exported to.
    pub last_folder: Option<std::path::PathBuf>,
    /// The sidebar shows icons only.
    pub sidebar_collapsed: bool,
}

/// Everything the UI keeps between frames.
#[derive(Default)]
pub struct UiState {
    pub prefs: Prefs,
    pub today: today::TodayState,
    pub people: people::PeopleState,
    pub person: person::PersonState,
    pub settings: settings::SettingsState,
    /// The open dialog, if any. At most one at a time.
    pub form: forms::OpenForm,
    /// An error to show once, in a banner, until dismissed.
    pub banner: Option<String>,
    /// Ask the search field to take the keyboard focus next frame.
    pub focus_search: bool,
    /// A short message at the bottom of the window, with "Undo" when the
    /// action can be taken back.
    pub toast: Option<Toast>,
    /// Where Back goes: the screens shown before this one, the last last.
    pub history: Vec<Screen>,
    /// The screen shown last frame, and whether a text field had the
    /// keyboard then (Escape there leaves the field, not the page).
    pub(crate) shown: Option<Screen>,
    pub(crate) typing: bool,
}

/// How many screens Back remembers.
const HISTORY: usize = 50;

impl UiState {
    /// Notes the screen shown this frame: when it changed, the one before
    /// is where Back goes.
    fn note_screen(&mut self) {
        let screen = self.prefs.screen;
        if let Some(before) = self.shown.replace(screen)
            && before != screen
        {
            self.history.push(before);
            if self.history.len() > HISTORY {
                self.history.remove(0);
            }
        }
    }

    /// Goes back to the screen shown before this one (People, if none).
    pub fn back(&mut self, cmds: &mut Vec<Command>) {
        let here = self.prefs.screen;
        let mut to = Screen::People;
        while let Some(screen) = self.history.pop() {
            if screen != here {
                to = screen;
                break;
            }
        }
        // Not to be remembered as a step forward.
        self.shown = Some(to);
        cmds.push(Command::Show(to));
    }
}

/// A message that shows for a few seconds at the bottom of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub message: String,
    /// Whether the action can be undone (Ctrl+Z, or the button).
    pub undo: bool,
    /// When it was first shown (egui time), set when it is first drawn.
    pub shown_at: Option<f64>,
}

impl Toast {
    /// How long a toast stays, in seconds.
    pub const SECONDS: f64 = 10.0;

    pub fn new(message: impl Into<String>, undo: bool) -> Self {
        Self {
            message: message.into(),
            undo,
            shown_at: None,
        }
    }
}

/// Keyboard shortcuts, listed in the help overlay.
pub mod shortcuts {
    use super::*;

    pub const LOG: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
    pub const ADD: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
    pub const SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
    pub const TODAY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1);
    pub const PEOPLE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2);
    pub const CIRCLES: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3);
    pub const SETTINGS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num4);
    pub const HELP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);
    pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
    pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
    pub const IMPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
    pub const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
    pub const BACK: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft);

    /// (keys, what they do) for the help overlay.
    pub fn table(ctx: &egui::Context) -> Vec<(String, &'static str)> {
        let text = |s: &KeyboardShortcut| ctx.format_shortcut(s);
        vec![
            (text(&LOG), "Log an interaction"),
            (text(&ADD), "Add a person"),
            (text(&SEARCH), "Search people"),
            (text(&TODAY), "Today"),
            (text(&PEOPLE), "People"),
            (text(&CIRCLES), "Circles"),
            (text(&SETTINGS), "Settings"),
            (text(&IMPORT), "Import contacts from a file"),
            (text(&EXPORT), "Export to a file"),
            (text(&SAVE), "Save the open form"),
            (
                text(&UNDO),
                "Undo the last log, delete, archive, trust change, snooze, dismissal or skip",
            ),
            (
                text(&BACK),
                "Back to where you came from (Esc on a person's page)",
            ),
            ("Esc".to_owned(), "Close the open form without saving"),
            (text(&HELP), "Show these shortcuts"),
        ]
    }
}

/// Draws the whole window: navigation, the current screen, the open dialog
/// and the error banner. The screens push their commands into `cmds`; what
/// the open form asked for is returned, to be answered there.
pub fn root_ui(
    ui: &mut egui::Ui,
    view: &ViewModel,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) -> Option<forms::FormCommand> {
    state.note_screen();
    global_shortcuts(ui.ctx(), view, state, cmds);
    // Behind an open dialog, the screen is only a backdrop: nothing there
    // reacts, not even with a tooltip.
    if state.form.is_open() {
        ui.disable();
    }

    let width = nav::Width::of(ui.ctx(), &state.prefs);
    egui::Panel::left("navigation")
        .resizable(false)
        .exact_size(width.points())
        .frame(theme::nav_frame(ui.style()))
        .show(ui, |ui| nav::navigation_ui(ui, view, state, width, cmds));

    if let Some(message) = state.banner.clone() {
        egui::Panel::top("banner")
            .frame(theme::banner_frame(ui.style()))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new("Something went wrong:")
                            .strong()
                            .color(theme::warning(ui.visuals())),
                    );
                    ui.add(egui::Label::new(message).wrap());
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button("Dismiss").clicked() {
                            state.banner = None;
                        }
                    });
                });
            });
    }

    egui::CentralPanel::default()
        .frame(theme::page_frame(ui.style()))
        .show(ui, |ui| match state.prefs.screen {
            Screen::Today => today::today_ui(ui, view, state, cmds),
            Screen::People => people::people_ui(ui, view, state, cmds),
            Screen::Person(id) => person::person_ui(ui, view, id, state, cmds),
            Screen::Circles => circles::circles_ui(ui, view, state, cmds),
            Screen::Settings => settings::settings_ui(ui, view, state, cmds),
        });

    let asked = forms::form_ui(ui.ctx(), view, &mut state.form);
    toast_ui(ui.ctx(), state, cmds);
    state.typing = ui.ctx().text_edit_focused();
    asked
}

/// The toast, bottom centre, until it times out or is closed.
fn toast_ui(ctx: &egui::Context, state: &mut UiState, cmds: &mut Vec<Command>) {
    let Some(toast) = state.toast.as_mut() else {
        return;
    };
    let now = ctx.input(|i| i.time);
    let shown_at = *toast.shown_at.get_or_insert(now);
    let left = Toast::SECONDS - (now - shown_at);
    if left <= 0.0 {
        state.toast = None;
        return;
    }
    ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
    let mut close = false;
    egui::Area::new(egui::Id::unique("kith toast"))
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(&toast.message);
                    if toast.undo {
                        let undo = egui::Button::new(egui::RichText::new("Undo").strong())
                            .shortcut_text(ctx.format_shortcut(&shortcuts::UNDO));
                        if ui.add(undo).clicked() {
                            cmds.push(Command::Undo);
                            close = true;
                        }
                    }
                    if ui.small_button("Close").clicked() {
                        close = true;
                    }
                });
            });
        });
    if close {
        state.toast = None;
    }
}

fn global_shortcuts(
    ctx: &egui::Context,
    view: &ViewModel,
    state: &mut UiState,
    cmds: &mut Vec<Command>,
) {
    if ctx.input_mut(|i| i.consume_shortcut(&shortcuts::HELP)) {
        state.form.open(forms::HelpForm);
    }
    if state.form.is_open() {
        return; // the dialog has the keyboard
    }
    let pressed = |s: &KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(s));
    // Escape leaves a person's page, unless it leaves a text field or a menu.
    let escape = matches!(state.prefs.screen, Screen::Person(_))
        && !state.typing
        && !egui::Popup::is_any_open(ctx)
        && pressed(&KeyboardShortcut::new(Modifiers::NONE, Key::Escape));
    // Ctrl+Z in a text field undoes typing; here it takes back an action.
    if pressed(&shortcuts::BACK) || escape {
        state.back(cmds);
    } else if ctx.memory(|m| m.focused().is_none()) && pressed(&shortcuts::UNDO) {
        cmds.push(Command::Undo);
        state.toast = None;
    } else if pressed(&shortcuts::LOG) {
        let form = forms::LogForm::new(view, current_person(state));
        state.form.open(form);
    } else if pressed(&shortcuts::ADD) {
        state.form.open(forms::PersonForm::add());
    } else if pressed(&shortcuts::IMPORT) {
        state.form.open(forms::ImportForm::new(view, &state.prefs));
    } else if pressed(&shortcuts::EXPORT) {
        state.form.open(forms::ExportForm::new(view, &state.prefs));
    } else if pressed(&shortcuts::SEARCH) {
        cmds.push(Command::Show(Screen::People));
        state.focus_search = true;
    } else if pressed(&shortcuts::TODAY) {
        cmds.push(Command::Show(Screen::Today));
    } else if pressed(&shortcuts::PEOPLE) {
        cmds.push(Command::Show(Screen::People));
    } else if pressed(&shortcuts::CIRCLES) {
        cmds.push(Command::Show(Screen::Circles));
    } else if pressed(&shortcuts::SETTINGS) {
        cmds.push(Command::Show(Screen::Settings));
    }
}

/// The least size of the window, in points.
pub const MIN_WINDOW: [f32; 2] = [760.0, 520.0];

/// Below this width the window is narrow: the sidebar is compact (short
/// labels, no shortcuts) and a person's page is one column.
pub const NARROW: f32 = 1000.0;

/// Whether the window is narrow (see [`NARROW`]).
pub fn is_narrow(ctx: &egui::Context) -> bool {
    ctx.content_rect().width() < NARROW
}

/// The person whose page is open, if any.
pub fn current_person(state: &UiState) -> Option<ContactId> {
    match state.prefs.screen {
        Screen::Person(id) => Some(id),
        _ => None,
    }
}
