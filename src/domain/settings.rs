//! The thresholds behind every nudge, with their defaults from the product
//! contract. Each is a whole number with a key, a range and a help text, so
//! the command line and the settings screen can list and edit them
//! generically.

use serde::{Deserialize, Serialize};

use super::{Field, NudgeKind, TrustLevel, ValidationError};

/// How many of a contact's latest interactions the store keeps summarised;
/// the souring and one-sided windows cannot be longer.
pub const RECENT_KEPT: u32 = 32;

/// Every nudge threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Default keep-in-touch cadence in days by trust level (index 0 is
    /// handshake); 0 means never nudge.
    pub cadence_handshake: u32,
    pub cadence_acquaintance: u32,
    pub cadence_familiar: u32,
    pub cadence_trusted: u32,
    pub cadence_intimate: u32,
    /// Past due by this percentage of the cadence, a neglect nudge becomes
    /// "overdue".
    pub overdue_percent: u32,
    pub reply_window_days: u32,
    pub too_fast_known_days: u32,
    pub too_fast_min_interactions: u32,
    pub trust_jump_levels: u32,
    pub trust_jump_window_days: u32,
    pub trust_jump_recent_days: u32,
    pub intimacy_recent_days: u32,
    /// Intimate disclosure while trust is at or below this level (1–5) is
    /// too fast.
    pub intimacy_max_trust: u32,
    pub intimacy_known_days: u32,
    pub hours_familiar: u32,
    pub hours_trusted: u32,
    pub hours_intimate: u32,
    pub souring_window: u32,
    pub souring_negatives: u32,
    pub one_sided_window: u32,
    pub one_sided_same_side: u32,
    pub capacity_intimate: u32,
    pub capacity_trusted: u32,
    pub capacity_familiar: u32,
    pub capacity_acquaintance: u32,
    /// Dates to remember show this many days ahead.
    pub date_lead_days: u32,
    /// Dates to remember are shown for people at this trust level (1–5)
    /// or closer.
    pub date_min_trust: u32,
    /// How many nudges Today's Focus holds, after everything waiting on you.
    pub focus_size: u32,
    /// Each kind of nudge can be turned off (0) or on (1).
    pub show_unanswered: u32,
    pub show_follow_up: u32,
    pub show_neglect: u32,
    pub show_too_fast: u32,
    pub show_souring: u32,
    pub show_one_sided: u32,
    pub show_over_capacity: u32,
    pub show_date: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            cadence_handshake: 0,
            cadence_acquaintance: 365,
            cadence_familiar: 180,
            cadence_trusted: 30,
            cadence_intimate: 7,
            overdue_percent: 150,
            reply_window_days: 3,
            too_fast_known_days: 90,
            too_fast_min_interactions: 6,
            trust_jump_levels: 2,
            trust_jump_window_days: 30,
            trust_jump_recent_days: 90,
            intimacy_recent_days: 90,
            intimacy_max_trust: 2,
            intimacy_known_days: 30,
            hours_familiar: 50,
            hours_trusted: 90,
            hours_intimate: 200,
            souring_window: 3,
            souring_negatives: 2,
            one_sided_window: 8,
            one_sided_same_side: 7,
            capacity_intimate: 5,
            capacity_trusted: 15,
            capacity_familiar: 50,
            capacity_acquaintance: 150,
            date_lead_days: 7,
            date_min_trust: 3,
            focus_size: 5,
            show_unanswered: 1,
            show_follow_up: 1,
            show_neglect: 1,
            show_too_fast: 1,
            show_souring: 1,
            show_one_sided: 1,
            show_over_capacity: 1,
            show_date: 1,
        }
    }
}

/// One editable threshold: its key, meaning, unit and allowed range.
pub struct SettingSpec {
    pub key: &'static str,
    pub help: &'static str,
    pub unit: &'static str,
    pub min: u32,
    pub max: u32,
    pub get: fn(&Settings) -> u32,
    pub set: fn(&mut Settings, u32),
}

impl SettingSpec {
    /// Reads `value` for this setting: a whole number in its range (not
    /// yet checked against the other settings).
    pub fn parse(&self, value: &str) -> Result<u32, ValidationError> {
        let field = Field::Setting(self.key);
        let number: i64 = value
            .trim()
            .parse()
            .map_err(|_| ValidationError::Malformed {
                field,
                value: value.to_owned(),
                expected: "expected a whole number",
            })?;
        super::error::check_range(field, number, i64::from(self.min), i64::from(self.max))?;
        Ok(number as u32)
    }
}

macro_rules! specs {
    ($($field:ident: $unit:literal, $min:expr, $max:expr, $help:literal;)+) => {
        /// Every setting, in the order the settings screen shows them.
        pub const SPECS: &[SettingSpec] = &[
            $(SettingSpec {
                key: stringify!($field),
                help: $help,
                unit: $unit,
                min: $min,
                max: $max,
                get: |s| s.$field,
                set: |s, v| s.$field = v,
            },)+
        ];
    };
}

specs! {
    cadence_intimate: "days", 0, 3650, "Keep-in-touch cadence for intimate contacts (0 = never nudge)";
    cadence_trusted: "days", 0, 3650, "Keep-in-touch cadence for trusted contacts (0 = never nudge)";
    cadence_familiar: "days", 0, 3650, "Keep-in-touch cadence for familiar contacts (0 = never nudge)";
    cadence_acquaintance: "days", 0, 3650, "Keep-in-touch cadence for acquaintances (0 = never nudge)";
    cadence_handshake: "days", 0, 3650, "Keep-in-touch cadence for handshake contacts (0 = never nudge)";
    overdue_percent: "%", 101, 1000, "A neglect nudge turns overdue at this share of the cadence";
    reply_window_days: "days", 0, 365, "Days after they reach out before an unanswered nudge";
    too_fast_known_days: "days", 0, 3650, "Trusted or closer needs knowing them at least this long";
    too_fast_min_interactions: "interactions", 0, 1000, "Trusted or closer needs at least this many interactions";
    trust_jump_levels: "levels", 1, 4, "Trust rising this many levels or more within the jump window is too fast";
    trust_jump_window_days: "days", 1, 3650, "The jump window: a too-fast rise happens within this many days";
    trust_jump_recent_days: "days", 1, 3650, "A too-fast rise is flagged for this many days after it";
    intimacy_recent_days: "days", 1, 3650, "Intimate disclosure is flagged for this many days after it";
    intimacy_max_trust: "level", 1, 5, "Intimate disclosure at or below this trust level (1–5) is too fast";
    intimacy_known_days: "days", 0, 3650, "Intimate disclosure within this many days of meeting is too fast";
    hours_familiar: "hours", 0, 10000, "Hours together that support familiar trust (when durations are logged)";
    hours_trusted: "hours", 0, 10000, "Hours together that support trusted (when durations are logged)";
    hours_intimate: "hours", 0, 10000, "Hours together that support intimate (when durations are logged)";
    souring_window: "interactions", 1, RECENT_KEPT, "Souring looks at this many latest interactions";
    souring_negatives: "interactions", 1, RECENT_KEPT, "Souring fires when at least this many of those were negative";
    one_sided_window: "interactions", 1, RECENT_KEPT, "One-sided looks at this many latest interactions";
    one_sided_same_side: "interactions", 1, RECENT_KEPT, "One-sided fires when at least this many of those came from one side";
    capacity_intimate: "people", 0, 100000, "Most people who can be intimate";
    capacity_trusted: "people", 0, 100000, "Most people who can be trusted or closer";
    capacity_familiar: "people", 0, 100000, "Most people who can be familiar or closer";
    capacity_acquaintance: "people", 0, 100000, "Most people who can be acquaintances or closer";
    date_lead_days: "days", 0, 60, "Dates to remember (birthdays included) show this many days ahead";
    date_min_trust: "level", 1, 5, "Dates to remember show for people at this trust level (1–5) or closer";
    focus_size: "nudges", 0, 50, "Today's Focus holds at most this many nudges, after everything waiting on you";
    show_unanswered: "on/off", 0, 1, "Show unanswered nudges (1) or not (0)";
    show_follow_up: "on/off", 0, 1, "Show follow-up nudges (1) or not (0)";
    show_neglect: "on/off", 0, 1, "Show neglect nudges (1) or not (0)";
    show_too_fast: "on/off", 0, 1, "Show too-fast nudges (1) or not (0)";
    show_souring: "on/off", 0, 1, "Show souring nudges (1) or not (0)";
    show_one_sided: "on/off", 0, 1, "Show one-sided nudges (1) or not (0)";
    show_over_capacity: "on/off", 0, 1, "Show the over-capacity nudge (1) or not (0)";
    show_date: "on/off", 0, 1, "Show dates coming up (1) or not (0)";
}

impl Settings {
    /// The spec for `key`, or an error listing the known keys.
    pub fn spec(key: &str) -> Result<&'static SettingSpec, ValidationError> {
        SPECS
            .iter()
            .find(|spec| spec.key == key.trim())
            .ok_or_else(|| ValidationError::UnknownValue {
                field: Field::SettingKey,
                value: key.to_owned(),
                expected: SPECS.iter().map(|s| s.key).collect::<Vec<_>>().join(", "),
            })
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Result<u32, ValidationError> {
        Ok((Self::spec(key)?.get)(self))
    }

    /// Sets `key` from text, checking its range and that the whole set still
    /// makes sense; on error `self` is unchanged.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ValidationError> {
        let spec = Self::spec(key)?;
        let number = spec.parse(value)?;
        let mut next = self.clone();
        (spec.set)(&mut next, number);
        next.validate()?;
        *self = next;
        Ok(())
    }

    /// Checks every range and the rules that tie settings together.
    pub fn validate(&self) -> Result<(), ValidationError> {
        for spec in SPECS {
            super::error::check_range(
                Field::Setting(spec.key),
                i64::from((spec.get)(self)),
                i64::from(spec.min),
                i64::from(spec.max),
            )?;
        }
        for (count, window, count_key) in [
            (
                self.souring_negatives,
                self.souring_window,
                "souring_negatives",
            ),
            (
                self.one_sided_same_side,
                self.one_sided_window,
                "one_sided_same_side",
            ),
        ] {
            if count > window {
                return Err(ValidationError::OutOfRange {
                    field: Field::Setting(count_key),
                    value: i64::from(count),
                    min: 1,
                    max: i64::from(window),
                });
            }
        }
        Ok(())
    }

    /// The default cadence for a trust level, `None` when it never nudges.
    pub fn cadence_for(&self, level: TrustLevel) -> Option<u32> {
        let days = match level {
            TrustLevel::Handshake => self.cadence_handshake,
            TrustLevel::Acquaintance => self.cadence_acquaintance,
            TrustLevel::Familiar => self.cadence_familiar,
            TrustLevel::Trusted => self.cadence_trusted,
            TrustLevel::Intimate => self.cadence_intimate,
        };
        (days > 0).then_some(days)
    }

    /// Hours spent together that support a trust level (none for the two
    /// lowest levels).
    pub fn hours_for(&self, level: TrustLevel) -> Option<u32> {
        match level {
            TrustLevel::Handshake | TrustLevel::Acquaintance => None,
            TrustLevel::Familiar => Some(self.hours_familiar),
            TrustLevel::Trusted => Some(self.hours_trusted),
            TrustLevel::Intimate => Some(self.hours_intimate),
        }
    }

    /// Whether nudges of `kind` are shown at all.
    pub fn shows(&self, kind: NudgeKind) -> bool {
        let on = match kind {
            NudgeKind::Unanswered => self.show_unanswered,
            NudgeKind::FollowUp => self.show_follow_up,
            NudgeKind::Neglect => self.show_neglect,
            NudgeKind::TooFast => self.show_too_fast,
            NudgeKind::Souring => self.show_souring,
            NudgeKind::OneSided => self.show_one_sided,
            NudgeKind::OverCapacity => self.show_over_capacity,
            NudgeKind::Date => self.show_date,
        };
        on != 0
    }

    /// The lowest trust level whose dates to remember are shown.
    pub fn date_min_level(&self) -> TrustLevel {
        TrustLevel::from_number(i64::from(self.date_min_trust)).unwrap_or(TrustLevel::Familiar)
    }

    /// The trust level at or below which intimate disclosure is too fast.
    pub fn intimacy_max_level(&self) -> TrustLevel {
        TrustLevel::from_number(i64::from(self.intimacy_max_trust))
            .unwrap_or(TrustLevel::Acquaintance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_product_contract() {
        let s = Settings::default();
        assert_eq!(s.cadence_for(TrustLevel::Intimate), Some(7));
        assert_eq!(s.cadence_for(TrustLevel::Trusted), Some(30));
        assert_eq!(s.cadence_for(TrustLevel::Familiar), Some(180));
        assert_eq!(s.cadence_for(TrustLevel::Acquaintance), Some(365));
        assert_eq!(s.cadence_for(TrustLevel::Handshake), None);
        assert_eq!(s.validate(), Ok(()));
        assert_eq!(SPECS.len(), 37);
    }

    #[test]
    fn setting_a_value_checks_range_and_consistency() {
        let mut s = Settings::default();
        s.set("cadence_trusted", "45").unwrap();
        assert_eq!(s.get("cadence_trusted"), Ok(45));
        assert!(matches!(
            s.set("cadence_trusted", "-1"),
            Err(ValidationError::OutOfRange {
                field: Field::Setting("cadence_trusted"),
                ..
            })
        ));
        assert!(matches!(
            s.set("cadence_trusted", "soon"),
            Err(ValidationError::Malformed {
                field: Field::Setting("cadence_trusted"),
                ..
            })
        ));
        assert!(matches!(
            s.set("souring_negatives", "4"),
            Err(ValidationError::OutOfRange {
                field: Field::Setting("souring_negatives"),
                ..
            })
        ));
        assert!(matches!(
            s.set("no_such_key", "4"),
            Err(ValidationError::UnknownValue {
                field: Field::SettingKey,
                ..
            })
        ));
        assert_eq!(s.get("cadence_trusted"), Ok(45));
        assert_eq!(s.souring_negatives, 2);
    }
}
