//! The closed vocabularies of Kith: circles, how people met, trust levels,
//! channels, who initiated, tone and depth.
//!
//! Every enum has one canonical lowercase name (used on the command line, in
//! JSON and in the database) and a human label for the window. Parsing is
//! forgiving about case and about `_` versus `-`, and an unknown value is a
//! [`ValidationError::UnknownValue`] naming the field and the accepted values.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Field, ValidationError};

/// Declares a fieldless enum together with its canonical names, labels,
/// `ALL`, `Display`, serde as the canonical name, and a parser that names
/// the field on failure.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $field:expr => {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal, $label:literal;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order the product lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The name used on the command line, in JSON and in the database.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// A short human label for the window.
            pub const fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }

            /// The name of the field this vocabulary fills, for error messages.
            pub const FIELD: Field = $field;

            /// Parses a canonical name, ignoring case, surrounding space and
            /// the difference between `-`, `_` and a space.
            pub fn parse(text: &str) -> Result<Self, ValidationError> {
                $(
                    if same_word(text, $text) {
                        return Ok(Self::$variant);
                    }
                )+
                Err(ValidationError::UnknownValue {
                    field: $field,
                    value: text.to_owned(),
                    expected: [$($text),+].join(", "),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Whether `typed` spells `canonical`, ignoring surrounding space, ASCII
/// case and the difference between `-`, `_` and a space.
fn same_word(typed: &str, canonical: &str) -> bool {
    let fold = |c: char| match c {
        '_' | ' ' => '-',
        c => c.to_ascii_lowercase(),
    };
    typed
        .trim()
        .chars()
        .map(fold)
        .eq(canonical.chars().map(fold))
}

vocabulary! {
    /// Which part of life a contact belongs to.
    #[derive(Default)]
    pub enum Circle for Field::Circle => {
        #[default]
        Personal = "personal", "Personal";
        Professional = "professional", "Professional";
        Both = "both", "Both";
    }
}

vocabulary! {
    /// How two people first met.
    pub enum MetVia for Field::MetVia => {
        InPerson = "in-person", "In person";
        Event = "event", "At an event";
        Work = "work", "Through work";
        Introduction = "introduction", "Introduced";
        SocialMedia = "social-media", "Social media";
        OnlineCommunity = "online-community", "Online community";
        Other = "other", "Other";
    }
}

vocabulary! {
    /// The medium of one interaction.
    #[derive(Default)]
    pub enum Channel for Field::Channel => {
        InPerson = "in-person", "In person";
        Call = "call", "Call";
        Video = "video", "Video";
        Message = "message", "Message";
        Email = "email", "Email";
        Social = "social", "Social";
        Letter = "letter", "Letter";
        #[default]
        Other = "other", "Other";
    }
}

vocabulary! {
    /// Who started an interaction.
    #[derive(Default)]
    pub enum Initiator for Field::InitiatedBy => {
        Me = "me", "Me";
        Them = "them", "Them";
        /// The honest default when the person does not say: it counts for neither
        /// side of the one-sided rule.
        #[default]
        Mutual = "mutual", "Mutual";
    }
}

vocabulary! {
    /// How an interaction felt.
    #[derive(Default)]
    pub enum Tone for Field::Tone => {
        Positive = "positive", "Positive";
        #[default]
        Neutral = "neutral", "Neutral";
        Negative = "negative", "Negative";
    }
}

vocabulary! {
    /// How much of themselves the two people shared.
    #[derive(Default)]
    pub enum Depth for Field::Depth => {
        #[default]
        SmallTalk = "small-talk", "Small talk";
        Personal = "personal", "Personal";
        Intimate = "intimate", "Intimate";
    }
}

vocabulary! {
    /// How far you trust someone, lowest to highest (1–5).
    #[derive(Default)]
    pub enum TrustLevel for Field::Trust => {
        /// Introduced, following each other. A contact added without a level starts here.
        #[default]
        Handshake = "handshake", "Handshake";
        /// A few conversations.
        Acquaintance = "acquaintance", "Acquaintance";
        /// Regular friendly contact.
        Familiar = "familiar", "Familiar";
        /// You would share personal matters.
        Trusted = "trusted", "Trusted";
        /// Your closest circle.
        Intimate = "intimate", "Intimate";
    }
}

impl TrustLevel {
    /// The level's number, 1 (handshake) to 5 (intimate).
    pub const fn number(self) -> u8 {
        match self {
            Self::Handshake => 1,
            Self::Acquaintance => 2,
            Self::Familiar => 3,
            Self::Trusted => 4,
            Self::Intimate => 5,
        }
    }

    /// The level with the given number, if it is 1–5.
    pub fn from_number(number: i64) -> Result<Self, ValidationError> {
        match number {
            1 => Ok(Self::Handshake),
            2 => Ok(Self::Acquaintance),
            3 => Ok(Self::Familiar),
            4 => Ok(Self::Trusted),
            5 => Ok(Self::Intimate),
            _ => Err(ValidationError::OutOfRange {
                field: Field::Trust,
                value: number,
                min: 1,
                max: 5,
            }),
        }
    }

    /// Accepts a level by name (`trusted`) or by number (`4`).
    pub fn parse_name_or_number(text: &str) -> Result<Self, ValidationError> {
        match text.trim().parse::<i64>() {
            Ok(number) => Self::from_number(number),
            Err(_) => Self::parse(text),
        }
    }
}

vocabulary! {
    /// The kinds of nudge Kith gives.
    pub enum NudgeKind for Field::Kind => {
        Neglect = "neglect", "Keep in touch";
        Unanswered = "unanswered", "Waiting on your reply";
        TooFast = "too_fast", "Trust outrunning history";
        Souring = "souring", "Souring";
        OneSided = "one_sided", "One-sided";
        OverCapacity = "over_capacity", "Over capacity";
        FollowUp = "follow_up", "Follow-ups due";
        Date = "date", "Dates coming up";
    }
}

impl Channel {
    /// Whether someone who reached out this way is waiting on a reply: a
    /// message, an email, a post or a letter is; a conversation in person,
    /// by call or by video was already an answer (and "other" says too
    /// little to tell).
    pub const fn owes_reply(self) -> bool {
        matches!(
            self,
            Self::Message | Self::Email | Self::Social | Self::Letter
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_parse_leniently() {
        for &level in TrustLevel::ALL {
            assert_eq!(TrustLevel::parse(level.as_str()), Ok(level));
            assert_eq!(
                TrustLevel::parse_name_or_number(&level.number().to_string()),
                Ok(level)
            );
        }
        assert_eq!(Channel::parse(" In_Person "), Ok(Channel::InPerson));
        assert_eq!(Depth::parse("small talk"), Ok(Depth::SmallTalk));
        assert_eq!(NudgeKind::parse("too-fast"), Ok(NudgeKind::TooFast));
        assert_eq!(NudgeKind::parse("ONE_SIDED"), Ok(NudgeKind::OneSided));
        assert_eq!(
            MetVia::parse("online_community"),
            Ok(MetVia::OnlineCommunity)
        );
    }

    #[test]
    fn unknown_values_name_the_field_and_the_choices() {
        let err = Tone::parse("furious").unwrap_err();
        assert_eq!(
            err.to_string(),
            "tone: unknown value \"furious\" (expected one of: positive, neutral, negative)"
        );
        let err = TrustLevel::parse_name_or_number("6").unwrap_err();
        assert_eq!(err.to_string(), "trust: 6 is out of range (1 to 5)");
        let err = TrustLevel::parse_name_or_number("0").unwrap_err();
        assert!(matches!(
            err,
            ValidationError::OutOfRange {
                field: Field::Trust,
                ..
            }
        ));
    }

    #[test]
    fn defaults_follow_the_product() {
        assert_eq!(Circle::default(), Circle::Personal);
        assert_eq!(TrustLevel::default(), TrustLevel::Handshake);
        assert!(TrustLevel::Handshake < TrustLevel::Intimate);
    }
}
