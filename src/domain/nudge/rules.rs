//! The rules about one contact: neglect, unanswered, too fast, souring and
//! one-sided. Each returns at most one finding, with its severity and a
//! reason that cites the evidence and the threshold (see the module docs of
//! [`super`] for the rules and the severity scale).

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::text::{counted, days, days_ago, every, hours, join_list, they_reached_out};
use super::{ContactFacts, LastInteraction, Nudge, remember};
use crate::domain::time::days_between;
use crate::domain::{Initiator, NudgeKind, Settings, Tone, TrustLevel, level_on};

/// What one rule found: how urgent, and why.
pub(super) struct Finding {
    pub severity: f64,
    pub reason: String,
    /// Every piece of evidence, when the reason gives only the main one.
    pub details: Vec<String>,
    /// See [`Nudge::urgency`]; `None` means the severity.
    pub urgency: Option<f64>,
}

impl Finding {
    pub(super) fn new(severity: f64, reason: String) -> Self {
        Self {
            severity,
            reason,
            details: Vec::new(),
            urgency: None,
        }
    }
}

/// Nudges about one contact (never over_capacity), ignoring snoozes and
/// dismissals. An archived contact gets none.
pub fn contact_nudges(today: NaiveDate, facts: &ContactFacts, settings: &Settings) -> Vec<Nudge> {
    if facts.archived {
        return Vec::new();
    }
    let findings = [
        (NudgeKind::Neglect, neglect(today, facts, settings)),
        (NudgeKind::Unanswered, unanswered(today, facts, settings)),
        (NudgeKind::TooFast, too_fast(today, facts, settings)),
        (NudgeKind::Souring, souring(facts, settings)),
        (NudgeKind::OneSided, one_sided(facts, settings)),
        (NudgeKind::FollowUp, remember::follow_up(today, facts)),
        (NudgeKind::Date, remember::dates(today, facts, settings)),
    ];
    let last_interaction =
        facts
            .last_interaction_at
            .zip(facts.last_channel)
            .map(|(when, channel)| LastInteraction {
                when,
                channel,
                note: facts.last_note.clone(),
            });
    findings
        .into_iter()
        .filter_map(|(kind, finding)| {
            finding.map(
                |Finding {
                     severity,
                     reason,
                     details,
                     urgency,
                 }| Nudge {
                    kind,
                    contact_id: Some(facts.id),
                    contact: Some(facts.name.clone()),
                    severity: round(severity),
                    reason,
                    last_interaction: last_interaction.clone(),
                    follow_ups: facts.follow_ups.clone(),
                    details,
                    urgency: urgency.unwrap_or(severity),
                },
            )
        })
        .collect()
}

/// The cadence that applies to a contact: its own override (`Some(0)` =
/// never, giving `None`) or the default for its trust level; `None` when it
/// is never nudged for neglect.
pub fn effective_cadence(facts: &ContactFacts, settings: &Settings) -> Option<u32> {
    match facts.cadence_days {
        Some(0) => None,
        Some(days) => Some(days),
        None => settings.cadence_for(facts.trust),
    }
}

/// How far back intimate-depth interactions must be loaded (the argument of
/// `Store::nudge_facts`): the start of the first day the intimacy check
/// looks at.
pub fn intimate_lookback(today: NaiveDate, settings: &Settings) -> NaiveDateTime {
    days_before(today, settings.intimacy_recent_days).and_time(NaiveTime::MIN)
}

/// `day` minus `count` days, stopping at the earliest date chrono knows.
fn days_before(day: NaiveDate, count: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(count)))
        .unwrap_or(NaiveDate::MIN)
}

/// Rounds a severity to one decimal, so that orders never hinge on
/// floating-point noise and JSON shows tidy numbers.
pub(super) fn round(severity: f64) -> f64 {
    (severity * 10.0).round() / 10.0
}

/// Where `x` lies between `from` and `to`, from 0 to 1 (0 when the two
/// meet: a threshold that is also the limit has nowhere to grow).
fn progress(x: f64, from: f64, to: f64) -> f64 {
    if to <= from {
        0.0
    } else {
        ((x - from) / (to - from)).clamp(0.0, 1.0)
    }
}

fn neglect(today: NaiveDate, facts: &ContactFacts, settings: &Settings) -> Option<Finding> {
    let cadence = i64::from(effective_cadence(facts, settings)?);
    // For someone known before Kith, with nothing logged, the clock starts
    // on the day you added them: Kith cannot know about the time before.
    let baseline = if facts.known_before_kith() {
        facts.added_on
    } else {
        facts.known_since
    };
    let contact = facts.last_interaction_at.map(|at| at.date());
    // "Skip this time" restarts the clock without an interaction.
    let from = contact.unwrap_or(baseline);
    let skipped = facts.skipped_on.filter(|skip| *skip > from);
    let since = skipped.unwrap_or(from);
    let quiet = days_between(since, today);
    if quiet <= cadence {
        return None;
    }
    let percent = i64::from(settings.overdue_percent);
    let overdue = quiet * 100 >= cadence * percent;
    let ratio = quiet as f64 / cadence as f64;
    let overdue_ratio = percent as f64 / 100.0;
    let severity = if overdue {
        60.0 + 15.0 * progress(ratio, overdue_ratio, 2.0 * overdue_ratio)
    } else {
        // Kept below the overdue band even after rounding.
        (40.0 + 20.0 * progress(ratio, 1.0, overdue_ratio)).min(59.9)
    };
    let source = match facts.cadence_days {
        Some(_) => "your setting for them",
        None => facts.trust.as_str(),
    };
    let evidence = match (skipped, contact) {
        (Some(_), Some(last)) => format!(
            "Skipped {}, last contact {}",
            days_ago(quiet),
            days_ago(days_between(last, today))
        ),
        (Some(_), None) => format!("Skipped {}, with no contact logged", days_ago(quiet)),
        (None, Some(_)) => format!("Last contact {}", days_ago(quiet)),
        (None, None) if facts.known_before_kith() || facts.met_on.is_none() => {
            format!("No contact logged since you added them {}", days_ago(quiet))
        }
        (None, None) => format!("No contact since you met {}", days_ago(quiet)),
    };
    let mut reason = format!("{evidence}; you aim for {} ({source})", every(cadence));
    if overdue {
        // The first whole day at or past the overdue share of the cadence.
        let overdue_from = (cadence * percent + 99) / 100;
        reason.push_str(&format!("; overdue from {}", days(overdue_from)));
    }
    Some(Finding {
        urgency: Some(ratio),
        ..Finding::new(severity, reason)
    })
}

fn unanswered(today: NaiveDate, facts: &ContactFacts, settings: &Settings) -> Option<Finding> {
    let &(initiator, _) = facts.recent.first()?;
    let last = facts.last_interaction_at?;
    // A conversation in person, by call or by video was already an answer.
    if initiator != Initiator::Them || !facts.last_channel.is_some_and(|c| c.owes_reply()) {
        return None;
    }
    let waited = days_between(last.date(), today);
    let window = i64::from(settings.reply_window_days);
    if waited < 0 || waited < window {
        return None;
    }
    let aim = match window {
        0 => "you aim to reply the same day".to_owned(),
        n => format!("you aim to reply within {}", days(n)),
    };
    let reached_out = format!(
        "{} {}",
        they_reached_out(facts.last_channel),
        days_ago(waited)
    );
    // What they said, when it was noted: the question still open.
    let reason = if facts.last_note.is_empty() {
        format!("{reached_out}, with nothing logged since; {aim}")
    } else {
        format!(
            "{reached_out}: \"{}\". Nothing logged since; {aim}",
            facts.last_note
        )
    };
    Some(Finding {
        // Past the cap of the severity, a longer wait still comes first.
        urgency: Some((80 + waited - window) as f64),
        ..Finding::new((80 + (waited - window).min(20)) as f64, reason)
    })
}

fn too_fast(today: NaiveDate, facts: &ContactFacts, settings: &Settings) -> Option<Finding> {
    // Each check: (severity, its place in the product's list, its reason).
    let mut checks: Vec<(f64, u8, String)> = [
        thin_history(today, facts, settings).map(|(s, r)| (s, 0, r)),
        fast_rise(today, facts, settings).map(|(s, r)| (s, 1, r)),
        early_intimacy(today, facts, settings).map(|(s, r)| (s, 2, r)),
        few_hours(facts, settings).map(|(s, r)| (s, 3, r)),
    ]
    .into_iter()
    .flatten()
    .collect();
    checks.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let severity = checks.first()?.0;
    let details: Vec<String> = checks.into_iter().map(|(_, _, reason)| reason).collect();
    // One sentence for the worst check; the others wait in the details.
    let reason = match details.len() {
        1 => details[0].clone(),
        n => format!(
            "{}. {} also",
            details[0],
            counted(n as i64 - 1, "other check fails", "other checks fail")
        ),
    };
    Some(Finding {
        details,
        ..Finding::new(severity, reason)
    })
}

/// (a) Trusted or closer, on a short, thin or online-only history.
fn thin_history(
    today: NaiveDate,
    facts: &ContactFacts,
    settings: &Settings,
) -> Option<(f64, String)> {
    if facts.trust < TrustLevel::Trusted {
        return None;
    }
    let known = days_between(facts.known_since, today).max(0);
    let count = facts.interaction_count;
    // Someone known before Kith has a history Kith never saw: only how
    // long you have known them counts.
    let before_kith = facts.known_before_kith();
    let short = known < i64::from(settings.too_fast_known_days);
    let few = !before_kith && count < settings.too_fast_min_interactions;
    let never_live = !before_kith && facts.first_live_at.is_none();
    if !(short || few || never_live) {
        return None;
    }
    let over = match known {
        0 => ", all today".to_owned(),
        n => format!(" over {}", days(n)),
    };
    let evidence = if before_kith {
        format!("Rated {} after knowing them {}", facts.trust, days(known))
    } else if count == 0 {
        match known {
            0 => format!("Rated {} with no interactions logged yet", facts.trust),
            n => format!(
                "Rated {} with no interactions logged in {}",
                facts.trust,
                days(n)
            ),
        }
    } else {
        format!(
            "Rated {} after {}{over}{}",
            facts.trust,
            counted(i64::from(count), "interaction", "interactions"),
            if never_live {
                ", none in person or by call or video"
            } else {
                ""
            }
        )
    };
    let mut needs = Vec::new();
    if short {
        needs.push(days(i64::from(settings.too_fast_known_days)));
    }
    if few {
        needs.push(counted(
            i64::from(settings.too_fast_min_interactions),
            "interaction",
            "interactions",
        ));
    }
    if never_live {
        needs.push("a meeting in person or by call or video".to_owned());
    }
    let at_least = if short || few { "at least " } else { "" };
    Some((
        55.0,
        format!(
            "{evidence}; trust like this usually takes {at_least}{}",
            join_list(&needs)
        ),
    ))
}

/// (b) A rise of `trust_jump_levels` or more within `trust_jump_window_days`,
/// recently.
fn fast_rise(today: NaiveDate, facts: &ContactFacts, settings: &Settings) -> Option<(f64, String)> {
    struct Rise {
        from: TrustLevel,
        to: TrustLevel,
        began: NaiveDate,
        on: NaiveDate,
        levels: i64,
    }
    let history = &facts.trust_history;
    let needed = i64::from(settings.trust_jump_levels);
    let mut steepest: Option<Rise> = None;
    // The earliest assessment is where the relationship started, not a rise.
    for (j, &(on, to)) in history.iter().enumerate().skip(1) {
        let ago = days_between(on, today);
        if ago < 0 || ago > i64::from(settings.trust_jump_recent_days) {
            continue;
        }
        let start = days_before(on, settings.trust_jump_window_days);
        // The levels held during the window: the one in force on its first
        // day (as `level_on` reads it), and every one assessed after that.
        let first_after = history[..j]
            .iter()
            .position(|(day, _)| *day > start)
            .unwrap_or(j);
        let Some((lowest, from)) = (first_after.saturating_sub(1)..j)
            .map(|i| (i, history[i].1))
            .min_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        else {
            continue;
        };
        let levels = i64::from(to.number()) - i64::from(from.number());
        if levels < needed {
            continue;
        }
        let rise = Rise {
            from,
            to,
            // The lowest level held until the next assessment.
            began: history[lowest + 1].0,
            on,
            levels,
        };
        // The steepest rise; of equal ones, the latest.
        if steepest.as_ref().is_none_or(|s| rise.levels >= s.levels) {
            steepest = Some(rise);
        }
    }
    let rise = steepest?;
    let how = if rise.began == rise.on {
        format!("on {}", rise.on)
    } else {
        format!(
            "in {}, from {} to {}",
            days(days_between(rise.began, rise.on)),
            rise.began,
            rise.on
        )
    };
    Some((
        (50 + 5 * (rise.levels - needed)).min(60) as f64,
        format!(
            "Trust rose from {} to {} {how}; a rise of {} or more within {} is fast",
            rise.from,
            rise.to,
            counted(needed, "level", "levels"),
            days(i64::from(settings.trust_jump_window_days))
        ),
    ))
}

/// (c) Intimate disclosure at low trust, or soon after meeting.
fn early_intimacy(
    today: NaiveDate,
    facts: &ContactFacts,
    settings: &Settings,
) -> Option<(f64, String)> {
    struct Early {
        at: NaiveDateTime,
        low_trust: Option<TrustLevel>,
        after_meeting: Option<i64>,
    }
    let max_trust = settings.intimacy_max_level();
    let mut count = 0;
    let mut latest: Option<Early> = None;
    for &at in &facts.recent_intimate {
        let ago = days_between(at.date(), today);
        if ago < 0 || ago > i64::from(settings.intimacy_recent_days) {
            continue;
        }
        let level = level_on(&facts.trust_history, at.date()).unwrap_or(facts.trust);
        let after_meeting = days_between(facts.known_since, at.date());
        let early = Early {
            at,
            low_trust: (level <= max_trust).then_some(level),
            after_meeting: (after_meeting <= i64::from(settings.intimacy_known_days))
                .then_some(after_meeting),
        };
        if early.low_trust.is_none() && early.after_meeting.is_none() {
            continue;
        }
        count += 1;
        if latest.as_ref().is_none_or(|l| early.at >= l.at) {
            latest = Some(early);
        }
    }
    let early = latest?;
    let mut evidence = format!("An intimate exchange on {}", early.at.date());
    if let Some(after) = early.after_meeting {
        // Measured from the day you met when you said; else from your
        // first exchange.
        let met = facts.met_on.map(|met| days_between(met, early.at.date()));
        match (met, after) {
            (Some(n), _) if n < 0 => evidence.push_str(", before the day you met"),
            (Some(0), _) => evidence.push_str(", the day you met"),
            (Some(n), _) => evidence.push_str(&format!(", {} after you met", days(n))),
            (None, 0) => evidence.push_str(", on your first exchange"),
            (None, n) => evidence.push_str(&format!(", {} after your first exchange", days(n))),
        }
    }
    if let Some(level) = early.low_trust {
        if early.after_meeting.is_some() {
            evidence.push(',');
        }
        evidence.push_str(&format!(" while trust was {level}"));
    }
    if count > 1 {
        evidence.push_str(&format!(
            " (the latest of {count} in the last {})",
            days(i64::from(settings.intimacy_recent_days))
        ));
    }
    let low = format!("at {max_trust} trust or lower");
    let soon = format!(
        "within {} of meeting",
        days(i64::from(settings.intimacy_known_days))
    );
    let limit = match (early.low_trust.is_some(), early.after_meeting.is_some()) {
        (true, true) => format!("{low}, or {soon},"),
        (true, false) => low,
        _ => soon,
    };
    Some((60.0, format!("{evidence}; intimacy {limit} is early")))
}

/// (d) Fewer hours together than the current level needs.
fn few_hours(facts: &ContactFacts, settings: &Settings) -> Option<(f64, String)> {
    if facts.known_before_kith() {
        return None;
    }
    let minutes = facts.total_minutes?;
    let needed = u64::from(settings.hours_for(facts.trust)?);
    if minutes >= needed * 60 {
        return None;
    }
    let missing = 1.0 - minutes as f64 / (needed * 60) as f64;
    let bond = match facts.trust {
        TrustLevel::Familiar => "casual friendship",
        TrustLevel::Trusted => "friendship",
        _ => "close friendship",
    };
    Some((
        45.0 + 10.0 * missing,
        format!(
            "Rated {} after {} together (as logged); {bond} usually takes about {}",
            facts.trust,
            hours(minutes),
            hours(needed * 60)
        ),
    ))
}

fn souring(facts: &ContactFacts, settings: &Settings) -> Option<Finding> {
    let window = settings.souring_window as usize;
    let latest = &facts.recent[..facts.recent.len().min(window)];
    let negative = latest
        .iter()
        .filter(|(_, tone)| *tone == Tone::Negative)
        .count();
    if negative == 0 || negative < settings.souring_negatives as usize {
        return None;
    }
    let evidence = match latest.len() {
        1 => "The last interaction was negative".to_owned(),
        n => format!("{negative} of the last {n} interactions were negative"),
    };
    Some(Finding::new(
        40.0 + 30.0 * negative as f64 / latest.len() as f64,
        format!(
            "{evidence} (souring from {} of {})",
            settings.souring_negatives, settings.souring_window
        ),
    ))
}

fn one_sided(facts: &ContactFacts, settings: &Settings) -> Option<Finding> {
    let window = settings.one_sided_window as usize;
    if facts.recent.len() < window {
        return None;
    }
    let latest = &facts.recent[..window];
    let started_by = |side| latest.iter().filter(|(who, _)| *who == side).count();
    let (me, them) = (started_by(Initiator::Me), started_by(Initiator::Them));
    let needed = settings.one_sided_same_side as usize;
    let (side, count) = match me.cmp(&them) {
        std::cmp::Ordering::Greater => (Initiator::Me, me),
        std::cmp::Ordering::Less => (Initiator::Them, them),
        // Evenly balanced is not one-sided, whatever the threshold.
        std::cmp::Ordering::Equal => return None,
    };
    if count < needed {
        return None;
    }
    let beyond = progress(count as f64, needed as f64, window as f64);
    let threshold = format!("one-sided from {needed} of {window}");
    let (severity, reason) = if side == Initiator::Me {
        (
            30.0 + 10.0 * beyond,
            format!("You started {count} of the last {window} conversations ({threshold})"),
        )
    } else {
        (
            35.0 + 10.0 * beyond,
            format!(
                "They started {count} of the last {window} conversations ({threshold}); \
                 do you reply in kind?"
            ),
        )
    };
    Some(Finding::new(severity, reason))
}
