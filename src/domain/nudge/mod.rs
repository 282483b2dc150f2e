//! Nudges: what Kith tells you about your relationships, the facts they are
//! computed from, and what you said about them (snooze, dismiss).
//!
//! # How a nudge is made
//!
//! The store keeps one [`ContactFacts`] per contact up to date in the same
//! transaction as every write that changes it (never scanning every
//! interaction to find them), and hands them over a batch at a time
//! ([`Evaluation`] judges them as they come). The rules here are
//! pure functions of those facts, the [`Settings`] and `today`: no SQL, no
//! clock, so the same data and day always give the same nudges in the same
//! order. [`contact_nudges`] judges one contact, [`capacity_nudges`] the
//! layers, and [`evaluate`] puts everything together, drops what a snooze or
//! dismissal hides ([`hides`]) and sorts ([`sort_nudges`]). Each contact gets
//! at most one nudge per kind; archived contacts get none and do not count
//! toward any layer.
//!
//! # The rules, and the choices the product contract leaves open
//!
//! Days are whole calendar days between dates (the time of day is ignored),
//! and "within N days" and "in the last N days" include day N.
//!
//! - `neglect`: days since the last interaction, or since "known since" if
//!   there is none, are more than the effective cadence ([`effective_cadence`]:
//!   the contact's own cadence, else the default for their trust level; 0
//!   means never). It is *due* past the cadence and *overdue* from
//!   `overdue_percent` of it (150%: day 45 of a 30-day cadence). A cadence of
//!   0 turns off only this rule: someone waiting on your reply is still shown.
//! - `unanswered`: the latest interaction (the last one logged at the latest
//!   time) was initiated by them and is at least `reply_window_days` old.
//!   Anything logged after it, by either side, clears it.
//! - `too_fast`, four checks; a contact that fails several gets one nudge
//!   whose reason covers each, most severe first:
//!   (a) trust is trusted or higher while they are known for fewer than
//!   `too_fast_known_days`, or with fewer than `too_fast_min_interactions`
//!   interactions, or never in person, by call or by video;
//!   (b) a trust assessment in the last `trust_jump_recent_days` stands
//!   `trust_jump_levels` or more above the lowest level held in the
//!   `trust_jump_window_days` before it. The earliest assessment is a
//!   starting point, never a rise, so someone added at trusted has not risen;
//!   (c) an intimate-depth interaction in the last `intimacy_recent_days`
//!   happened while trust was at or below `intimacy_max_trust` on that day,
//!   or within `intimacy_known_days` of "known since";
//!   (d) only when at least one interaction has a duration: the logged hours
//!   are fewer than the hours that support the current level (familiar,
//!   trusted, intimate).
//! - `souring`: at least `souring_negatives` of the last `souring_window`
//!   interactions are negative. With fewer interactions than the window,
//!   those there are count, so it needs at least `souring_negatives`.
//! - `one_sided`: of the last `one_sided_window` interactions (and only once
//!   there are that many), one side started at least `one_sided_same_side`
//!   and more than the other side did; `mutual` counts for neither.
//! - `over_capacity`: more than `capacity_intimate` people are intimate, more
//!   than `capacity_trusted` trusted or closer, more than `capacity_familiar`
//!   familiar or closer, or more than `capacity_acquaintance` acquaintances
//!   or closer: one nudge per layer that is over, about no one contact.
//!
//! Facts describe the data as it is; judging them for a `today` before some
//! of it happened (a date in the past) never fails, it just finds nothing
//! for the interactions still to come.
//!
//! # Severity
//!
//! Higher is more urgent. Silence is the worst failure, so an unanswered
//! contact always ranks first, and neglect ranks by how far past the cadence
//! it is. Severities are rounded to one decimal, and ties are broken by
//! contact name (ignoring case; nudges about no one come after people), then
//! contact id, kind and reason, so the order never depends on floating-point
//! noise.
//!
//! | kind | situation | severity |
//! |---|---|---|
//! | `unanswered` | waiting at least the reply window | 80 at the window, +1 per further day, at most 100 |
//! | `neglect` | overdue (from `overdue_percent` of the cadence) | 60 at the overdue point, rising to 75 at twice that |
//! | `souring` | k of the last n interactions negative | 40 + 30 × k / n (60 for 2 of 3, 70 when all are) |
//! | `too_fast` | (c) intimacy too early | 60 |
//! | `too_fast` | (a) trusted on a thin history | 55 |
//! | `too_fast` | (b) trust rose too fast | 50, +5 per level beyond the threshold, at most 60 |
//! | `too_fast` | (d) too few hours together | 45 to 55, by the share of the hours missing |
//! | `neglect` | due (past the cadence, not yet overdue) | 40 just past the cadence, rising towards 60 (at most 59.9) |
//! | `one_sided` | they start | 35 to 45 (do you reply in kind?) |
//! | `one_sided` | you start | 30 to 40, by how far past the threshold |
//! | `over_capacity` | a layer holds more than its capacity | 20 just over, rising to 35 at twice the capacity |
//!
//! A `too_fast` nudge takes the severity of its worst check.
//!
//! # Snoozes and dismissals
//!
//! A snooze until day D hides a nudge while `today` is before D; on D it
//! shows again. A dismissal hides it while the contact's `evidence` counter
//! (bumped by every new, edited or removed interaction and every trust
//! change) is unchanged, or for `over_capacity` while the number of people
//! at each level ([`layer_evidence`]) is.

mod engine;
mod remember;
mod rules;
mod text;
mod triage;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_groups;
#[cfg(test)]
mod tests_remember;
#[cfg(test)]
mod tests_today;
#[cfg(test)]
mod tests_truth;

use crate::domain::Field;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Channel, ContactId, FollowUpId, Initiator, NudgeKind, Tone, TrustLevel, YearlyDate};

#[cfg(doc)]
use super::Settings;

pub use engine::{Evaluation, capacity_nudges, compare_nudges, evaluate, hides, sort_nudges};
pub use rules::{contact_nudges, effective_cadence, intimate_lookback};
pub use triage::{
    DRIFTED_RATIO, SKIPS_BEFORE_LONGER_CADENCE, Sections, Triage, is_waiting, longer_cadence,
    sections, triage,
};

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
    /// The day you met, if you said.
    pub met_on: Option<NaiveDate>,
    /// The day you added them to Kith.
    pub added_on: NaiveDate,
    /// The last time you chose "skip this time" on their neglect nudge,
    /// and how many times in a row since the last interaction.
    pub skipped_on: Option<NaiveDate>,
    pub skips_in_a_row: u32,
    pub interaction_count: u32,
    pub last_interaction_at: Option<NaiveDateTime>,
    /// The channel of the latest interaction, for the unanswered reason
    /// ("They emailed you 5 days ago").
    pub last_channel: Option<Channel>,
    /// The first in-person, call or video interaction, if any.
    pub first_live_at: Option<NaiveDateTime>,
    /// Total minutes over the interactions that carry a duration; `None`
    /// when none does.
    pub total_minutes: Option<u64>,
    /// Who initiated and how it felt, for the latest interactions, newest
    /// first (at most [`super::settings::RECENT_KEPT`]).
    pub recent: Vec<(Initiator, Tone)>,
    /// Every trust assessment, oldest first, as (day, level). The
    /// handshake someone added without a level gets is a default, not an
    /// assessment, and is not here.
    pub trust_history: Vec<(NaiveDate, TrustLevel)>,
    /// Intimate-depth interactions recent enough to matter to the rules
    /// (from [`intimate_lookback`] on).
    pub recent_intimate: Vec<NaiveDateTime>,
    /// Changes whenever an interaction or trust change of this contact is
    /// added, edited or removed: what a dismissal is tied to.
    pub evidence: i64,
    /// The first line of the latest interaction's note (cut at about 100
    /// characters), empty when it has none.
    pub last_note: String,
    /// The open follow-ups, soonest due first, undated ones last.
    pub follow_ups: Vec<FollowUpRef>,
    /// Their birthday, and the other yearly dates to remember about them,
    /// with their labels.
    pub birthday: Option<YearlyDate>,
    pub dates: Vec<(String, YearlyDate)>,
}

/// An open follow-up, as the rules and a nudge's context see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRef {
    pub id: FollowUpId,
    pub what: String,
    pub due: Option<NaiveDate>,
}

/// The latest interaction with someone, as a nudge's context shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastInteraction {
    pub when: NaiveDateTime,
    pub channel: Channel,
    /// The first line of its note, cut at about 100 characters.
    pub note: String,
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
    /// Higher is more urgent; see the table in the module docs.
    pub severity: f64,
    /// Plain language, citing the evidence and the threshold.
    pub reason: String,
    /// What to act on: the latest interaction with them (`None` for
    /// over_capacity and for someone with no interaction).
    #[serde(default)]
    pub last_interaction: Option<LastInteraction>,
    /// Their open follow-ups, soonest due first.
    #[serde(default)]
    pub follow_ups: Vec<FollowUpRef>,
    /// Every piece of evidence, when the reason gives the main one (the
    /// checks of a too_fast nudge, worst first); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// How pressing it is within its severity, unrounded: for neglect, the
    /// days since contact divided by the cadence (1.5 is half a cadence
    /// overdue); for the other kinds, the severity. Breaks ties of
    /// severity, so that 45 days on a 30-day cadence comes before 200 days
    /// on a 365-day one, and the order never falls back to names alone.
    #[serde(skip)]
    pub urgency: f64,
}

impl ContactFacts {
    /// Someone you met more than 30 days before you added them: Kith does
    /// not hold the history from before (see "People you knew before Kith"
    /// in the module docs).
    pub fn known_before_kith(&self) -> bool {
        self.met_on
            .is_some_and(|met| super::time::days_between(met, self.added_on) > KNOWN_BEFORE_DAYS)
    }
}

/// Met more than this many days before being added: known before Kith.
pub const KNOWN_BEFORE_DAYS: i64 = 30;

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

/// When a dismissed `date` nudge may show again: the day after every date
/// it can show on `today` (those within `date_lead_days`) has passed.
pub fn dates_dismissed_until(today: NaiveDate, settings: &super::Settings) -> NaiveDate {
    today
        .checked_add_days(chrono::Days::new(u64::from(settings.date_lead_days) + 1))
        .unwrap_or(NaiveDate::MAX)
}

/// Checks the end of a snooze: a day after `today`, since a snooze that
/// ends today or earlier would hide nothing.
pub fn validate_snooze(until: NaiveDate, today: NaiveDate) -> Result<(), super::ValidationError> {
    if until > today {
        Ok(())
    } else {
        Err(super::ValidationError::Malformed {
            field: Field::Until,
            value: until.to_string(),
            expected: "expected a day after today",
        })
    }
}

/// Checks that a snooze or dismissal names a contact exactly when its kind
/// is about one: every kind but `over_capacity`, which is about no one.
pub fn validate_target(
    contact: Option<ContactId>,
    kind: NudgeKind,
) -> Result<(), super::ValidationError> {
    match (contact, kind) {
        (Some(_), NudgeKind::OverCapacity) => Err(super::ValidationError::Malformed {
            field: Field::Kind,
            value: kind.to_string(),
            expected: "over_capacity is about no one contact: give the kind alone",
        }),
        (None, kind) if kind != NudgeKind::OverCapacity => Err(super::ValidationError::Empty {
            field: Field::Contact,
        }),
        _ => Ok(()),
    }
}
