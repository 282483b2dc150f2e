//! The people, interactions, trust and nudge rules of Kith.
//!
//! This module is the product's vocabulary and its rules, and nothing else:
//! no egui, no SQL and no clock. Everything that depends on the date takes
//! `today` or `now` as an argument, so the same inputs always give the same
//! answer and every rule can be tested with fixed dates.

mod contact;
pub mod count;
mod enums;
mod error;
pub mod exchange;
mod field;
mod interaction;
pub mod nudge;
mod passphrase;
mod remember;
pub mod search;
pub mod settings;
pub mod time;
mod yearly;

pub use contact::{
    Contact, ContactDraft, ContactId, ContactListing, HistorySummary, Labeled, MAX_CADENCE_DAYS,
    MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_SHORT_CHARS, known_since,
};
pub use enums::{Channel, Circle, Depth, Initiator, MetVia, NudgeKind, Tone, TrustLevel};
pub use error::{ValidationError, is_forbidden_char, normalise_line_breaks};
pub use field::Field;
pub use interaction::{
    Interaction, InteractionDraft, InteractionId, MAX_MINUTES, MAX_PARTICIPANTS, TrustChange,
    TrustChangeId, level_on, names_in_a_row, validate_trust_change,
};
pub use nudge::{ContactFacts, Nudge, NudgeState};
pub use passphrase::{CANNOT_BE_RECOVERED, MAX_PASSPHRASE_CHARS, Passphrase};
pub use remember::{
    DateDraft, DateId, DateToRemember, FollowUp, FollowUpDraft, FollowUpId, MAX_DATE_LABEL_CHARS,
    MAX_FOLLOW_UP_CHARS,
};
pub use settings::Settings;
pub use yearly::{Birthday, YearlyDate};
