//! Nudges: what Kith tells you about your relationships, the facts they are
//! computed from, and what you said about them (snooze, dismiss).
//!
//! The rules themselves are pure functions of [`ContactFacts`], [`Settings`]
//! and `today`; the store derives the facts and never decides a nudge.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{ContactId, Initiator, NudgeKind, Tone, TrustLevel};

/// Everything the nudge rules need to know about one contact, as of the
/// moment it was loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactFacts {
    pub id: ContactId,
    pub name: String,
    pub archived: bool,
    pub trust: TrustLevel,
    /// The contact's own cadence override in days (`Some(0)`: never nudge).
    pub cadence_days: Option<u32>,
    pub known_since: NaiveDate,
    pub interaction_count: u32,
    pub last_interaction_at: Option<NaiveDateTime>,
    /// The first in-person, call or video interaction, if any.
    pub first_live_at: Option<NaiveDateTime>,
    /// Total minutes over the interactions that carry a duration; `None`
    /// when none does.
    pub total_minutes: Option<u64>,
    /// Who initiated and how it felt, for the latest interactions, newest
    /// first (at most [`super::settings::RECENT_KEPT`]).
    pub recent: Vec<(Initiator, Tone)>,
    /// Every trust assessment, oldest first, as (day, level).
    pub trust_history: Vec<(NaiveDate, TrustLevel)>,
    /// Intimate-depth interactions recent enough to matter to the rules.
    pub recent_intimate: Vec<NaiveDateTime>,
    /// Changes whenever an interaction or trust change of this contact is
    /// added, edited or removed: what a dismissal is tied to.
    pub evidence: i64,
}

/// A snooze or dismissal of one nudge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NudgeState {
    /// `None` for nudges about no one contact (`over_capacity`).
    pub contact_id: Option<ContactId>,
    pub kind: NudgeKind,
    /// Hidden until (and including the day before) this date.
    pub snoozed_until: Option<NaiveDate>,
    /// Hidden while the contact's evidence counter still has this value.
    pub dismissed_at_evidence: Option<i64>,
}

/// One nudge: what is wrong, about whom, how urgent, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Nudge {
    pub kind: NudgeKind,
    pub contact_id: Option<ContactId>,
    /// The contact's name, or `None` for `over_capacity`.
    pub contact: Option<String>,
    /// Higher is more urgent.
    pub severity: f64,
    /// Plain language, citing the evidence and the threshold.
    pub reason: String,
}

/// A fingerprint of how many people are at each trust level: what a
/// dismissed over-capacity nudge is tied to.
pub fn layer_evidence(counts: &[u32; 5]) -> i64 {
    // FNV-1a over the counts: stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for count in counts {
        for byte in count.to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash as i64
}
