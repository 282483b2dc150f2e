//! Protecting the database with a passphrase, changing it and removing it:
//! a new passphrase is typed twice, and setting one asks first that the
//! person acknowledge it cannot be recovered. The work (deriving the key,
//! re-writing the database and its backups) runs in the background while
//! the form says so.

use egui::{RichText, Ui};
use zeroize::Zeroizing;

use super::{FieldErrors, Form, confirm_buttons, fields_ui, save_buttons};
use crate::domain::{CANNOT_BE_RECOVERED, Field, Passphrase, ValidationError};
use crate::store::PassphraseChange;
use crate::ui::Command;
use crate::ui::view::ViewModel;

/// Which change the form makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassphraseAction {
    Set,
    Change,
    Remove,
}

/// The passphrase dialog. What is typed is zeroed when the form closes.
pub struct PassphraseForm {
    action: PassphraseAction,
    first: Zeroizing<String>,
    again: Zeroizing<String>,
    understood: bool,
    errors: FieldErrors,
}

impl PassphraseForm {
    pub fn new(action: PassphraseAction) -> Self {
        Self {
            action,
            first: Zeroizing::new(String::new()),
            again: Zeroizing::new(String::new()),
            understood: false,
            errors: FieldErrors::default(),
        }
    }

    /// The change asked for, or the problems with what was typed.
    fn change(&mut self) -> Option<PassphraseChange> {
        self.errors.clear();
        if self.action == PassphraseAction::Remove {
            return Some(PassphraseChange::Remove);
        }
        let pass = Passphrase::twice(self.first.to_string(), self.again.to_string());
        if self.action == PassphraseAction::Set && !self.understood {
            self.errors.put(&ValidationError::Unmet {
                field: Field::Understood,
                rule: "tick it to go on (there is no way back in without the passphrase)",
            });
        }
        match pass {
            Err(e) => {
                self.errors.put(&e);
                None
            }
            Ok(_) if !self.errors.is_empty() => None,
            Ok(pass) => Some(match self.action {
                PassphraseAction::Set => PassphraseChange::Set(pass),
                _ => PassphraseChange::Change(pass),
            }),
        }
    }
}

/// A one-line field whose text is hidden as it is typed.
fn secret_field(ui: &mut Ui, errors: &mut FieldErrors, field: Field, text: &mut String) {
    let label = ui.label(field.label());
    ui.add(
        egui::TextEdit::singleline(text)
            .password(true)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    errors.slot_ui(ui, field);
}

impl Form for PassphraseForm {
    fn title(&self) -> &str {
        match self.action {
            PassphraseAction::Set => "Protect with a passphrase",
            PassphraseAction::Change => "Change the passphrase",
            PassphraseAction::Remove => "Remove the passphrase",
        }
    }

    fn width(&self) -> f32 {
        480.0
    }

    fn ui(&mut self, ui: &mut Ui, view: &ViewModel) -> Option<Command> {
        fields_ui(ui, |ui| {
            let intro = match self.action {
                PassphraseAction::Set => {
                    "The database, its log and its backups will be encrypted: without the \
                     passphrase, the files are unreadable. Kith asks for it each time it opens. \
                     Exports stay plain files."
                }
                PassphraseAction::Change => {
                    "The database and its backups will be encrypted with the new passphrase."
                }
                PassphraseAction::Remove => {
                    "The database and its log will be stored unencrypted again. Its backups stay \
                     encrypted: restoring one asks for the current passphrase."
                }
            };
            ui.add(egui::Label::new(intro).wrap());
            if self.action != PassphraseAction::Remove {
                ui.add_space(6.0);
                secret_field(ui, &mut self.errors, Field::NewPassphrase, &mut self.first);
                secret_field(
                    ui,
                    &mut self.errors,
                    Field::RepeatPassphrase,
                    &mut self.again,
                );
            }
            if self.action == PassphraseAction::Set {
                ui.add_space(6.0);
                ui.add(egui::Label::new(RichText::new(CANNOT_BE_RECOVERED).strong()).wrap());
                ui.checkbox(&mut self.understood, Field::Understood.label());
                self.errors.slot_ui(ui, Field::Understood);
            }
        });
        self.errors.rest_ui(ui);
        if view.restoring {
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(
                    RichText::new("Working… the database and its backups are being rewritten.")
                        .weak(),
                );
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
            return None;
        }
        let clicked = match self.action {
            PassphraseAction::Set => save_buttons(ui, "Encrypt"),
            PassphraseAction::Change => save_buttons(ui, "Change passphrase"),
            PassphraseAction::Remove => confirm_buttons(ui, "Remove passphrase"),
        }?;
        clicked.then(|| self.change().map(Command::ChangePassphrase))
    }

    fn failed(&mut self, message: String, _view: &ViewModel) {
        self.errors.refuse(message);
    }

    fn busy(&self, view: &ViewModel) -> bool {
        view.restoring
    }
}
