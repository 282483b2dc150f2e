//! The fields a person fills in, named once: every [`ValidationError`]
//! carries one, so a form can place the message next to the right input
//! (or, for a field it has no input for, above its buttons) and the command
//! line can name the flag.
//!
//! [`ValidationError`]: super::ValidationError

use std::fmt;

/// A field of a contact, an interaction, a trust change, a nudge action, a
/// setting or an import, as errors name it.
///
/// [`Field::key`] is the name the command line and files use ("met on"),
/// and what an error message starts with; [`Field::label`] is the label of
/// the field in the window ("When you met").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    // A contact.
    Name,
    Nickname,
    Email,
    Phone,
    Birthday,
    Organisation,
    Circle,
    MetVia,
    MetWhere,
    MetOn,
    Trust,
    Cadence,
    Tag,
    Notes,
    // An interaction.
    Contact,
    When,
    Channel,
    InitiatedBy,
    Tone,
    Depth,
    Minutes,
    Note,
    // A trust change.
    On,
    Reason,
    // Follow-ups and dates to remember.
    FollowUp,
    Due,
    Label,
    Date,
    // Nudges.
    Kind,
    Until,
    Today,
    /// A nudge threshold, by its key (`souring_negatives`).
    Setting(&'static str),
    /// Which setting, when the key itself is unknown.
    SettingKey,
    // Import and export.
    Format,
    What,
    OnNameMatch,
    People,
    // A passphrase.
    Passphrase,
    NewPassphrase,
    RepeatPassphrase,
    /// "A forgotten passphrase cannot be recovered", acknowledged.
    Understood,
    /// When a record was added (an archive's `created_at`).
    CreatedAt,
    /// When a record last changed (an archive's `updated_at`).
    UpdatedAt,
}

impl Field {
    /// The name the command line, files and error messages use.
    pub const fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Nickname => "nickname",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Birthday => "birthday",
            Self::Organisation => "organisation",
            Self::Circle => "circle",
            Self::MetVia => "met via",
            Self::MetWhere => "met where",
            Self::MetOn => "met on",
            Self::Trust => "trust",
            Self::Cadence => "cadence",
            Self::Tag => "tag",
            Self::Notes => "notes",
            Self::Contact => "contact",
            Self::When => "when",
            Self::Channel => "channel",
            Self::InitiatedBy => "initiated by",
            Self::Tone => "tone",
            Self::Depth => "depth",
            Self::Minutes => "minutes",
            Self::Note => "note",
            Self::On => "on",
            Self::Reason => "reason",
            Self::FollowUp => "follow-up",
            Self::Due => "due",
            Self::Label => "label",
            Self::Date => "date",
            Self::Kind => "kind",
            Self::Until => "until",
            Self::Today => "today",
            Self::Setting(key) => key,
            Self::SettingKey => "setting",
            Self::Format => "format",
            Self::What => "what",
            Self::OnNameMatch => "on name match",
            Self::People => "people",
            Self::Passphrase => "passphrase",
            Self::NewPassphrase => "new passphrase",
            Self::RepeatPassphrase => "repeated passphrase",
            Self::Understood => "understood",
            Self::CreatedAt => "created at",
            Self::UpdatedAt => "updated at",
        }
    }

    /// The field's label in the window, as a person reads it next to the
    /// input ("When you met", not "met on").
    pub const fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Nickname => "Nickname",
            Self::Email => "Emails",
            Self::Phone => "Phones",
            Self::Birthday => "Birthday",
            Self::Organisation => "Organisation",
            Self::Circle => "Circle",
            Self::MetVia => "How you met",
            Self::MetWhere => "Where",
            Self::MetOn => "When you met",
            Self::Trust => "Trust",
            Self::Cadence => "Keep in touch every (days)",
            Self::Tag => "Tags",
            Self::Notes => "Notes",
            Self::Contact => "Person",
            Self::When => "When",
            Self::Channel => "Channel",
            Self::InitiatedBy => "Who reached out",
            Self::Tone => "Tone",
            Self::Depth => "Depth",
            Self::Minutes => "Minutes",
            Self::Note => "Note",
            Self::On => "From",
            Self::Reason => "Why",
            Self::FollowUp => "Follow up",
            Self::Due => "Due",
            Self::Label => "Label",
            Self::Date => "Date",
            Self::Kind => "Kind",
            Self::Until => "Until",
            Self::Today => "Today",
            Self::Setting(key) => key,
            Self::SettingKey => "Setting",
            Self::Format => "Format",
            Self::What => "What",
            Self::OnNameMatch => "Someone with the same name",
            Self::People => "People",
            Self::Passphrase => "Passphrase",
            Self::NewPassphrase => "New passphrase",
            Self::RepeatPassphrase => "Type it again",
            Self::Understood => "I understand",
            Self::CreatedAt => "Added",
            Self::UpdatedAt => "Last changed",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn keys_are_what_the_command_line_says_and_labels_what_the_window_says() {
        assert_eq!(Field::MetOn.to_string(), "met on");
        assert_eq!(Field::MetOn.label(), "When you met");
        assert_eq!(Field::Setting("souring_window").key(), "souring_window");
    }
}
