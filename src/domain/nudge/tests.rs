//! The nudge rules on facts built by hand, with fixed dates: for every rule
//! a case just inside and just outside each threshold.

use crate::domain::Field;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::*;
use crate::domain::time::{noon, parse_date};
use crate::domain::{Channel, Initiator, NudgeKind, Settings, Tone, TrustLevel};

use Initiator::{Me, Mutual, Them};
use NudgeKind::{Neglect, OneSided, OverCapacity, Souring, TooFast, Unanswered};
use TrustLevel::{Acquaintance, Familiar, Handshake, Intimate, Trusted};

pub(super) fn today() -> NaiveDate {
    parse_date(Field::Today, "2026-06-01").unwrap()
}

/// The day `n` days before today.
pub(super) fn ago(n: i64) -> NaiveDate {
    today() - Duration::days(n)
}

/// Noon `n` days before today.
pub(super) fn at_ago(n: i64) -> NaiveDateTime {
    ago(n).and_time(noon())
}

/// A settled, balanced relationship that breaks no rule: familiar for a
/// year, ten neutral mutual interactions, the last one yesterday.
pub(super) fn calm(name: &str) -> ContactFacts {
    ContactFacts {
        id: ContactId(1),
        name: name.to_owned(),
        archived: false,
        trust: Familiar,
        cadence_days: None,
        known_since: ago(400),
        met_on: Some(ago(400)),
        added_on: ago(400),
        skipped_on: None,
        skips_in_a_row: 0,
        interaction_count: 10,
        last_interaction_at: Some(at_ago(1)),
        last_channel: None,
        first_live_at: Some(at_ago(390)),
        total_minutes: None,
        recent: vec![(Mutual, Tone::Neutral); 10],
        trust_history: vec![(ago(400), Familiar)],
        recent_intimate: Vec::new(),
        evidence: 7,
        last_note: String::new(),
        follow_ups: Vec::new(),
        birthday: None,
        dates: Vec::new(),
    }
}

/// `calm` changed by `change`.
pub(super) fn with(change: impl FnOnce(&mut ContactFacts)) -> ContactFacts {
    let mut facts = calm("Ada");
    change(&mut facts);
    facts
}

/// Trust set to `level`, held since they met.
pub(super) fn at_level(facts: &mut ContactFacts, level: TrustLevel) {
    facts.trust = level;
    facts.trust_history = vec![(facts.known_since, level)];
}

pub(super) fn nudges(facts: &ContactFacts) -> Vec<Nudge> {
    contact_nudges(today(), facts, &Settings::default())
}

pub(super) fn kinds_with(facts: &ContactFacts, settings: &Settings) -> Vec<NudgeKind> {
    contact_nudges(today(), facts, settings)
        .iter()
        .map(|n| n.kind)
        .collect()
}

pub(super) fn kinds(facts: &ContactFacts) -> Vec<NudgeKind> {
    kinds_with(facts, &Settings::default())
}

/// The one nudge of `kind`, which must be there.
pub(super) fn the(kind: NudgeKind, facts: &ContactFacts) -> Nudge {
    let all = nudges(facts);
    let mut found = all.iter().filter(|n| n.kind == kind);
    let nudge = found
        .next()
        .unwrap_or_else(|| panic!("no {kind} nudge in {all:#?}"))
        .clone();
    assert!(found.next().is_none(), "two {kind} nudges");
    nudge
}

/// Runs each case: (what it is, facts, whether `kind` fires).
fn table(kind: NudgeKind, settings: &Settings, cases: Vec<(&str, ContactFacts, bool)>) {
    for (case, facts, fires) in cases {
        let found = kinds_with(&facts, settings).contains(&kind);
        assert_eq!(found, fires, "{kind}: {case}");
    }
}

#[test]
fn a_calm_relationship_gives_no_nudge() {
    assert_eq!(nudges(&calm("Ada")), []);
}

#[test]
fn neglect_fires_just_past_the_cadence_of_each_level() {
    let quiet = |level, days| {
        with(|f| {
            at_level(f, level);
            f.last_interaction_at = Some(at_ago(days));
            f.first_live_at = Some(at_ago(390));
            f.interaction_count = 10;
        })
    };
    table(
        Neglect,
        &Settings::default(),
        vec![
            ("intimate, 7 days", quiet(Intimate, 7), false),
            ("intimate, 8 days", quiet(Intimate, 8), true),
            ("trusted, 30 days", quiet(Trusted, 30), false),
            ("trusted, 31 days", quiet(Trusted, 31), true),
            ("familiar, 180 days", quiet(Familiar, 180), false),
            ("familiar, 181 days", quiet(Familiar, 181), true),
            ("acquaintance, 365 days", quiet(Acquaintance, 365), false),
            ("acquaintance, 366 days", quiet(Acquaintance, 366), true),
            ("handshake, never", quiet(Handshake, 3000), false),
            ("a last contact after today", quiet(Trusted, -3), false),
        ],
    );
}

#[test]
fn neglect_turns_overdue_at_the_overdue_share_and_grows() {
    let trusted_quiet = |days| {
        with(|f| {
            at_level(f, Trusted);
            f.last_interaction_at = Some(at_ago(days));
        })
    };
    let due = the(Neglect, &trusted_quiet(31));
    assert_eq!(
        due.reason,
        "Last contact 31 days ago; you aim for every 30 days (trusted)"
    );
    let last_due = the(Neglect, &trusted_quiet(44));
    assert_eq!(
        last_due.reason,
        "Last contact 44 days ago; you aim for every 30 days (trusted)"
    );
    let overdue = the(Neglect, &trusted_quiet(45));
    assert_eq!(
        overdue.reason,
        "Last contact 45 days ago; you aim for every 30 days (trusted); overdue from 45 days"
    );
    let long_overdue = the(Neglect, &trusted_quiet(200));
    assert!((40.0..60.0).contains(&due.severity), "{due:?}");
    assert!(due.severity < last_due.severity);
    assert!(last_due.severity < 60.0, "{last_due:?}");
    assert_eq!(overdue.severity, 60.0);
    assert_eq!(long_overdue.severity, 75.0);
    assert_eq!(the(Neglect, &trusted_quiet(90)).severity, 75.0);
    assert!(the(Neglect, &trusted_quiet(60)).severity > 60.0);

    // Intimate, cadence 7: 150% is 10.5 days, so day 11 is overdue.
    let intimate_quiet = |days| {
        with(|f| {
            at_level(f, Intimate);
            f.last_interaction_at = Some(at_ago(days));
        })
    };
    assert!(the(Neglect, &intimate_quiet(10)).severity < 60.0);
    assert!(
        the(Neglect, &intimate_quiet(11))
            .reason
            .ends_with("overdue from 11 days")
    );
}

#[test]
fn a_contact_with_no_interactions_is_measured_from_known_since() {
    let never = |days| {
        with(|f| {
            at_level(f, Trusted);
            f.known_since = ago(days);
            f.trust_history = vec![(ago(days), Trusted)];
            f.interaction_count = 0;
            f.last_interaction_at = None;
            f.first_live_at = None;
            f.recent.clear();
        })
    };
    assert!(!kinds(&never(30)).contains(&Neglect));
    let nudge = the(Neglect, &never(400));
    assert_eq!(
        nudge.reason,
        "No contact since you met 400 days ago; you aim for every 30 days (trusted); \
         overdue from 45 days"
    );
}

#[test]
fn a_contact_cadence_overrides_the_level_and_zero_means_never() {
    let own = |cadence, days| {
        with(|f| {
            f.cadence_days = Some(cadence);
            f.last_interaction_at = Some(at_ago(days));
        })
    };
    table(
        Neglect,
        &Settings::default(),
        vec![
            ("own 10, 10 days", own(10, 10), false),
            ("own 10, 11 days", own(10, 11), true),
            ("own 0, 3000 days", own(0, 3000), false),
        ],
    );
    assert_eq!(
        the(Neglect, &own(10, 11)).reason,
        "Last contact 11 days ago; you aim for every 10 days (your setting for them)"
    );
    assert_eq!(
        the(Neglect, &own(1, 2)).reason,
        "Last contact 2 days ago; you aim for every day (your setting for them); overdue from 2 days"
    );
    let settings = Settings::default();
    assert_eq!(effective_cadence(&own(0, 1), &settings), None);
    assert_eq!(effective_cadence(&own(12, 1), &settings), Some(12));
    assert_eq!(effective_cadence(&calm("Ada"), &settings), Some(180));
    assert_eq!(
        effective_cadence(&with(|f| at_level(f, Handshake)), &settings),
        None
    );
}

#[test]
fn changing_a_setting_moves_the_threshold() {
    let trusted_quiet = |days| {
        with(|f| {
            at_level(f, Trusted);
            f.last_interaction_at = Some(at_ago(days));
        })
    };
    let mut settings = Settings::default();
    settings.set("cadence_trusted", "45").unwrap();
    table(
        Neglect,
        &settings,
        vec![
            ("45-day cadence, 31 days", trusted_quiet(31), false),
            ("45-day cadence, 45 days", trusted_quiet(45), false),
            ("45-day cadence, 46 days", trusted_quiet(46), true),
        ],
    );
    settings.set("cadence_handshake", "100").unwrap();
    let handshake = with(|f| {
        at_level(f, Handshake);
        f.last_interaction_at = Some(at_ago(101));
    });
    assert!(kinds_with(&handshake, &settings).contains(&Neglect));

    let mut settings = Settings::default();
    settings.set("overdue_percent", "200").unwrap();
    let reason = |days| contact_nudges(today(), &trusted_quiet(days), &settings)[0].clone();
    assert!(reason(59).severity < 60.0);
    assert!(reason(60).reason.ends_with("overdue from 60 days"));

    let mut settings = Settings::default();
    settings.set("reply_window_days", "7").unwrap();
    let waiting = waiting(6, None);
    assert!(kinds(&waiting).contains(&Unanswered));
    assert!(!kinds_with(&waiting, &settings).contains(&Unanswered));
}

/// They reached out `days` ago (by message unless `channel` says), and
/// nothing since.
fn waiting(days: i64, channel: Option<Channel>) -> ContactFacts {
    with(|f| {
        f.recent[0] = (Them, Tone::Positive);
        f.last_interaction_at = Some(at_ago(days));
        f.last_channel = Some(channel.unwrap_or(Channel::Message));
    })
}

#[test]
fn unanswered_fires_once_the_reply_window_has_passed() {
    table(
        Unanswered,
        &Settings::default(),
        vec![
            ("them, 2 days", waiting(2, None), false),
            ("them, 3 days", waiting(3, None), true),
            ("them, after today", waiting(-1, None), false),
            (
                "me, 30 days",
                with(|f| {
                    f.recent[0] = (Me, Tone::Neutral);
                    f.last_interaction_at = Some(at_ago(30));
                }),
                false,
            ),
            (
                "mutual, 30 days",
                with(|f| f.last_interaction_at = Some(at_ago(30))),
                false,
            ),
        ],
    );
    let nudge = the(Unanswered, &waiting(3, Some(Channel::Email)));
    assert_eq!(
        nudge.reason,
        "They emailed you 3 days ago, with nothing logged since; you aim to reply within 3 days"
    );
    assert_eq!(nudge.severity, 80.0);
    assert_eq!(the(Unanswered, &waiting(10, None)).severity, 87.0);
    assert_eq!(the(Unanswered, &waiting(90, None)).severity, 100.0);
    // A reply is owed on the channels that wait for one; a conversation in
    // person, by call or by video was already an answer.
    for (channel, owed, start) in [
        (Channel::Message, true, "They messaged you 5 days ago"),
        (Channel::Email, true, "They emailed you 5 days ago"),
        (
            Channel::Social,
            true,
            "They reached out on social media 5 days ago",
        ),
        (Channel::Letter, true, "They wrote to you 5 days ago"),
        (Channel::InPerson, false, ""),
        (Channel::Call, false, ""),
        (Channel::Video, false, ""),
        (Channel::Other, false, ""),
    ] {
        let facts = waiting(5, Some(channel));
        assert_eq!(kinds(&facts).contains(&Unanswered), owed, "{channel}");
        if owed {
            assert!(
                the(Unanswered, &facts).reason.starts_with(start),
                "{channel}"
            );
        }
    }

    let mut same_day = Settings::default();
    same_day.set("reply_window_days", "0").unwrap();
    let today_nudge = &contact_nudges(today(), &waiting(0, None), &same_day)[0];
    assert_eq!(
        today_nudge.reason,
        "They messaged you today, with nothing logged since; you aim to reply the same day"
    );
}

#[test]
fn unanswered_is_cleared_by_any_later_interaction() {
    for later in [Me, Mutual] {
        let answered = with(|f| {
            f.recent.insert(0, (later, Tone::Neutral));
            f.recent[1] = (Them, Tone::Neutral);
            f.last_interaction_at = Some(at_ago(10));
        });
        assert!(!kinds(&answered).contains(&Unanswered), "{later}");
    }
    // Even a newer message from them is a new wait, counted from it.
    let newer = with(|f| {
        f.recent.insert(0, (Them, Tone::Neutral));
        f.recent[1] = (Them, Tone::Neutral);
        f.last_interaction_at = Some(at_ago(1));
    });
    assert!(!kinds(&newer).contains(&Unanswered));
}

/// Trusted on a full history: known long, many interactions, seen live.
fn trusted_well() -> ContactFacts {
    with(|f| at_level(f, Trusted))
}

#[test]
fn too_fast_thin_history_each_condition_alone() {
    table(
        TooFast,
        &Settings::default(),
        vec![
            ("trusted on a full history", trusted_well(), false),
            (
                "known 90 days",
                with(|f| {
                    at_level(f, Trusted);
                    f.known_since = ago(90);
                    f.trust_history = vec![(ago(90), Trusted)];
                }),
                false,
            ),
            (
                "known 89 days",
                with(|f| {
                    at_level(f, Trusted);
                    f.known_since = ago(89);
                    f.trust_history = vec![(ago(89), Trusted)];
                }),
                true,
            ),
            (
                "6 interactions",
                with(|f| {
                    at_level(f, Trusted);
                    f.interaction_count = 6;
                }),
                false,
            ),
            (
                "5 interactions",
                with(|f| {
                    at_level(f, Trusted);
                    f.interaction_count = 5;
                }),
                true,
            ),
            (
                "never live",
                with(|f| {
                    at_level(f, Trusted);
                    f.first_live_at = None;
                }),
                true,
            ),
            (
                "intimate, never live",
                with(|f| {
                    at_level(f, Intimate);
                    f.first_live_at = None;
                }),
                true,
            ),
            (
                "familiar, never live, 2 interactions, 10 days",
                with(|f| {
                    f.known_since = ago(10);
                    f.trust_history = vec![(ago(10), Familiar)];
                    f.interaction_count = 2;
                    f.first_live_at = None;
                }),
                false,
            ),
        ],
    );
    let rushed = with(|f| {
        at_level(f, Trusted);
        f.known_since = ago(12);
        f.trust_history = vec![(ago(12), Trusted)];
        f.interaction_count = 3;
        f.first_live_at = None;
    });
    let nudge = the(TooFast, &rushed);
    assert_eq!(
        nudge.reason,
        "Rated trusted after 3 interactions over 12 days, none in person or by call or video; \
         trust like this usually takes at least 90 days, 6 interactions and a meeting in person \
         or by call or video"
    );
    assert_eq!(nudge.severity, 55.0);
    let only_online = the(
        TooFast,
        &with(|f| {
            at_level(f, Trusted);
            f.first_live_at = None;
        }),
    );
    assert!(
        only_online
            .reason
            .ends_with("usually takes a meeting in person or by call or video"),
        "{only_online:?}"
    );
}

/// A contact whose trust history is `steps`, as (days ago, level); the
/// current level is the last step's.
fn rising(steps: &[(i64, TrustLevel)]) -> ContactFacts {
    with(|f| {
        f.trust_history = steps
            .iter()
            .map(|&(days, level)| (ago(days), level))
            .collect();
        f.trust = steps.last().unwrap().1;
    })
}

#[test]
fn too_fast_trust_rise_alone() {
    table(
        TooFast,
        &Settings::default(),
        vec![
            (
                "added at familiar, never changed",
                rising(&[(400, Familiar)]),
                false,
            ),
            (
                "added at trusted: a starting point, not a rise",
                with(|f| at_level(f, Trusted)),
                false,
            ),
            (
                "one level",
                rising(&[(400, Acquaintance), (10, Familiar)]),
                false,
            ),
            (
                "two levels in one step",
                rising(&[(400, Handshake), (10, Familiar)]),
                true,
            ),
            (
                "two levels over 30 days",
                rising(&[(400, Handshake), (39, Acquaintance), (10, Familiar)]),
                true,
            ),
            (
                "two levels over 31 days",
                rising(&[(400, Handshake), (40, Acquaintance), (10, Familiar)]),
                false,
            ),
            (
                "two levels over 32 days",
                rising(&[(400, Handshake), (41, Acquaintance), (10, Familiar)]),
                false,
            ),
            (
                "two levels, 90 days ago",
                rising(&[(400, Handshake), (90, Familiar)]),
                true,
            ),
            (
                "two levels, 91 days ago",
                rising(&[(400, Handshake), (91, Familiar)]),
                false,
            ),
            (
                "down then up again by two",
                rising(&[(400, Familiar), (60, Handshake), (20, Familiar)]),
                true,
            ),
        ],
    );
    let one_step = the(TooFast, &rising(&[(400, Handshake), (10, Familiar)]));
    assert_eq!(
        one_step.reason,
        "Trust rose from handshake to familiar on 2026-05-22; \
         a rise of 2 levels or more within 30 days is fast"
    );
    assert_eq!(one_step.severity, 50.0);
    let steps = the(
        TooFast,
        &rising(&[(400, Handshake), (39, Acquaintance), (10, Familiar)]),
    );
    assert_eq!(
        steps.reason,
        "Trust rose from handshake to familiar in 29 days, from 2026-04-23 to 2026-05-22; \
         a rise of 2 levels or more within 30 days is fast"
    );
    // A steeper rise is more severe, and the setting moves the threshold.
    let steep = rising(&[(400, Handshake), (10, Intimate)]);
    assert_eq!(the(TooFast, &steep).severity, 60.0);
    let mut settings = Settings::default();
    settings.set("trust_jump_levels", "4").unwrap();
    assert!(kinds_with(&steep, &settings).contains(&TooFast));
    assert!(
        settings.set("trust_jump_levels", "5").is_err(),
        "out of range"
    );
    assert_eq!(settings.trust_jump_levels, 4);
    let familiar = rising(&[(400, Handshake), (10, Familiar)]);
    assert!(!kinds_with(&familiar, &settings).contains(&TooFast));
}

#[test]
fn too_fast_early_intimacy_alone() {
    let intimate_at = |days: i64, history: &[(i64, TrustLevel)], known: i64| {
        with(|f| {
            f.known_since = ago(known);
            f.met_on = Some(ago(known));
            f.added_on = ago(known);
            f.trust_history = history.iter().map(|&(d, l)| (ago(d), l)).collect();
            f.trust = history.last().unwrap().1;
            f.recent_intimate = vec![at_ago(days)];
        })
    };
    table(
        TooFast,
        &Settings::default(),
        vec![
            (
                "familiar, long known",
                intimate_at(10, &[(400, Familiar)], 400),
                false,
            ),
            (
                "acquaintance at the time",
                intimate_at(10, &[(400, Acquaintance)], 400),
                true,
            ),
            (
                "acquaintance, 90 days ago",
                intimate_at(90, &[(400, Acquaintance)], 400),
                true,
            ),
            (
                "acquaintance, 91 days ago",
                intimate_at(91, &[(400, Acquaintance)], 400),
                false,
            ),
            (
                "acquaintance then, familiar now",
                intimate_at(10, &[(400, Acquaintance), (5, Familiar)], 400),
                true,
            ),
            (
                "familiar then",
                intimate_at(3, &[(400, Acquaintance), (5, Familiar)], 400),
                false,
            ),
            (
                "30 days after meeting",
                intimate_at(10, &[(40, Familiar)], 40),
                true,
            ),
            (
                "31 days after meeting",
                intimate_at(9, &[(40, Familiar)], 40),
                false,
            ),
        ],
    );
    let nudge = the(
        TooFast,
        &intimate_at(10, &[(400, Acquaintance), (5, Familiar)], 400),
    );
    assert_eq!(
        nudge.reason,
        "An intimate exchange on 2026-05-22 while trust was acquaintance; \
         intimacy at acquaintance trust or lower is early"
    );
    assert_eq!(nudge.severity, 60.0);
    let both = with(|f| {
        f.known_since = ago(20);
        f.met_on = Some(ago(20));
        f.added_on = ago(20);
        f.trust_history = vec![(ago(20), Handshake)];
        f.trust = Handshake;
        f.recent_intimate = vec![at_ago(19), at_ago(20)];
    });
    assert_eq!(
        the(TooFast, &both).reason,
        "An intimate exchange on 2026-05-13, 1 day after you met, while trust was handshake \
         (the latest of 2 in the last 90 days); intimacy at acquaintance trust or lower, \
         or within 30 days of meeting, is early"
    );
    let mut settings = Settings::default();
    settings.set("intimacy_max_trust", "3").unwrap();
    let familiar = intimate_at(10, &[(400, Familiar)], 400);
    assert!(kinds_with(&familiar, &settings).contains(&TooFast));
}

#[test]
fn too_fast_hours_alone_and_only_with_durations() {
    let hours = |level, minutes: Option<u64>| {
        with(|f| {
            at_level(f, level);
            f.total_minutes = minutes;
        })
    };
    table(
        TooFast,
        &Settings::default(),
        vec![
            ("familiar, no durations", hours(Familiar, None), false),
            ("familiar, 49 h", hours(Familiar, Some(49 * 60)), true),
            ("familiar, 50 h", hours(Familiar, Some(50 * 60)), false),
            ("trusted, 89.9 h", hours(Trusted, Some(90 * 60 - 6)), true),
            ("trusted, 90 h", hours(Trusted, Some(90 * 60)), false),
            ("intimate, 199 h", hours(Intimate, Some(199 * 60)), true),
            ("intimate, 200 h", hours(Intimate, Some(200 * 60)), false),
            ("acquaintance, 0 h", hours(Acquaintance, Some(0)), false),
        ],
    );
    let nudge = the(TooFast, &hours(Trusted, Some(45 * 60)));
    assert_eq!(
        nudge.reason,
        "Rated trusted after 45 hours together (as logged); friendship usually takes about 90 hours"
    );
    assert_eq!(nudge.severity, 50.0);
    assert_eq!(
        the(TooFast, &hours(Familiar, Some(90))).reason,
        "Rated familiar after 1.5 hours together (as logged); \
         casual friendship usually takes about 50 hours"
    );
}

#[test]
fn too_fast_with_several_checks_is_one_nudge_worst_first() {
    let rushed = with(|f| {
        f.known_since = ago(12);
        f.met_on = Some(ago(12));
        f.added_on = ago(12);
        f.trust_history = vec![(ago(12), Handshake), (ago(2), Trusted)];
        f.trust = Trusted;
        f.interaction_count = 3;
        f.first_live_at = None;
        f.total_minutes = Some(30);
        f.recent_intimate = vec![at_ago(5)];
    });
    let nudge = the(TooFast, &rushed);
    assert_eq!(nudge.severity, 60.0);
    // The reason gives the worst check and counts the others, in two
    // sentences at most; the details hold each, worst first.
    assert!(
        nudge
            .reason
            .starts_with("An intimate exchange on 2026-05-27, 7 days after"),
        "{}",
        nudge.reason
    );
    assert!(
        nudge.reason.ends_with(". 3 other checks fail also"),
        "{}",
        nudge.reason
    );
    let details = &nudge.details;
    assert_eq!(details.len(), 4, "{details:?}");
    assert!(details[0].starts_with("An intimate exchange on 2026-05-27, 7 days after"));
    assert!(details[1].starts_with("Rated trusted after 3 interactions"));
    assert!(details[2].starts_with("Trust rose from handshake to trusted on 2026-05-30"));
    assert!(details[3].starts_with("Rated trusted after 0.5 hours together"));
}

fn tones(newest_first: &[Tone]) -> ContactFacts {
    with(|f| {
        f.recent = newest_first.iter().map(|&t| (Mutual, t)).collect();
        f.interaction_count = newest_first.len() as u32;
    })
}

#[test]
fn souring_counts_negatives_among_the_latest() {
    use Tone::{Negative as N, Neutral as O, Positive as P};
    table(
        Souring,
        &Settings::default(),
        vec![
            ("2 of the last 3", tones(&[N, N, P, P]), true),
            ("oldest of 3 and newest", tones(&[N, P, N, P]), true),
            ("the newest is positive", tones(&[P, N, N, P]), true),
            ("1 of the last 3", tones(&[N, P, O, N]), false),
            ("2 of 2", tones(&[N, N]), true),
            ("1 of 1", tones(&[N]), false),
            ("none", tones(&[]), false),
        ],
    );
    let nudge = the(Souring, &tones(&[N, N, P]));
    assert_eq!(
        nudge.reason,
        "2 of the last 3 interactions were negative (souring from 2 of 3)"
    );
    assert_eq!(nudge.severity, 60.0);
    assert_eq!(the(Souring, &tones(&[N, N, N])).severity, 70.0);
    let mut settings = Settings::default();
    settings.set("souring_negatives", "1").unwrap();
    let once = contact_nudges(today(), &tones(&[N]), &settings);
    assert_eq!(
        once[0].reason,
        "The last interaction was negative (souring from 1 of 3)"
    );
}

fn started(newest_first: &[Initiator]) -> ContactFacts {
    with(|f| {
        f.recent = newest_first
            .iter()
            .map(|&who| (who, Tone::Neutral))
            .collect();
        f.interaction_count = newest_first.len() as u32;
    })
}

#[test]
fn one_sided_names_the_side_and_ignores_mutual() {
    table(
        OneSided,
        &Settings::default(),
        vec![
            (
                "me 7 of 8",
                started(&[Me, Me, Them, Me, Me, Me, Me, Me]),
                true,
            ),
            (
                "me 6 of 8",
                started(&[Me, Me, Them, Me, Me, Them, Me, Me]),
                false,
            ),
            (
                "me 7, mutual 1",
                started(&[Me, Me, Mutual, Me, Me, Me, Me, Me]),
                true,
            ),
            (
                "me 6, mutual 2",
                started(&[Me, Me, Mutual, Me, Me, Mutual, Me, Me]),
                false,
            ),
            (
                "them 7 of 8",
                started(&[Them, Me, Them, Them, Them, Them, Them, Them]),
                true,
            ),
            ("only 7 interactions", started(&[Me; 7]), false),
            (
                "the ninth does not count",
                started(&[Me, Me, Mutual, Me, Me, Mutual, Me, Me, Me]),
                false,
            ),
        ],
    );
    let mine = the(OneSided, &started(&[Me, Me, Them, Me, Me, Me, Me, Me]));
    assert_eq!(
        mine.reason,
        "You started 7 of the last 8 conversations (one-sided from 7 of 8)"
    );
    assert_eq!(mine.severity, 30.0);
    let theirs = the(OneSided, &started(&[Them; 8]));
    assert_eq!(
        theirs.reason,
        "They started 8 of the last 8 conversations (one-sided from 7 of 8); do you reply in kind?"
    );
    assert_eq!(theirs.severity, 45.0);
    // Even halves are not one-sided, however low the threshold.
    let mut settings = Settings::default();
    settings.set("one_sided_same_side", "4").unwrap();
    let even = started(&[Me, Them, Me, Them, Me, Them, Me, Them]);
    assert!(!kinds_with(&even, &settings).contains(&OneSided));
}

#[test]
fn over_capacity_per_layer_just_over_and_at_capacity() {
    let settings = Settings::default();
    let reasons = |counts: [u32; 5]| -> Vec<String> {
        capacity_nudges(&counts, &settings)
            .into_iter()
            .map(|n| n.reason)
            .collect()
    };
    assert!(reasons([1000, 100, 30, 10, 5]).is_empty());
    assert_eq!(
        reasons([0, 0, 0, 0, 6]),
        ["More than people can sustain: 6 people are intimate (about 5 can be sustained)"]
    );
    // Every layer that is over, in one nudge.
    assert_eq!(
        reasons([0, 0, 0, 10, 6]),
        [
            "More than people can sustain: 6 people are intimate (about 5 can be sustained); \
          16 people are trusted or closer (about 15 can be sustained)"
        ]
    );
    assert_eq!(
        reasons([0, 0, 36, 10, 5]),
        [
            "More than people can sustain: 51 people are familiar or closer (about 50 can be sustained)"
        ]
    );
    assert!(reasons([0, 100, 36, 10, 4]).is_empty());
    assert_eq!(
        reasons([0, 101, 36, 10, 4]),
        ["More than people can sustain: \
          151 people are acquaintances or closer (about 150 can be sustained)"]
    );
    let nudge = &capacity_nudges(&[0, 0, 0, 18, 0], &settings)[0];
    assert_eq!(nudge.contact_id, None);
    assert_eq!(nudge.contact, None);
    assert_eq!(nudge.severity, 23.0);
    assert_eq!(
        capacity_nudges(&[0, 0, 0, 30, 0], &settings)[0].severity,
        35.0
    );
    // The worst layer sets the severity.
    assert_eq!(
        capacity_nudges(&[0, 0, 0, 11, 10], &settings)[0].severity,
        35.0
    );
    let mut tight = Settings::default();
    tight.set("capacity_intimate", "0").unwrap();
    assert_eq!(
        capacity_nudges(&[0, 0, 0, 0, 1], &tight)[0].reason,
        "More than people can sustain: 1 person is intimate (about 0 can be sustained)"
    );
}

/// Contacts with ids 1.. and the given names and changes.
fn people(list: Vec<(&str, ContactFacts)>) -> Vec<ContactFacts> {
    list.into_iter()
        .enumerate()
        .map(|(i, (name, mut facts))| {
            facts.id = ContactId(i as i64 + 1);
            facts.name = name.to_owned();
            facts
        })
        .collect()
}

#[test]
fn archived_contacts_give_no_nudges_and_do_not_count() {
    let settings = Settings::default();
    let intimate = |archived| {
        with(|f| {
            at_level(f, Intimate);
            f.last_interaction_at = Some(at_ago(100));
            f.archived = archived;
        })
    };
    let mut six: Vec<(&str, ContactFacts)> = (0..5).map(|_| ("Friend", intimate(false))).collect();
    six.push(("Gone", intimate(true)));
    let facts = people(six);
    let found = evaluate(today(), &facts, &settings, &[]);
    assert!(found.iter().all(|n| n.contact.as_deref() != Some("Gone")));
    assert!(found.iter().all(|n| n.kind != OverCapacity), "{found:#?}");
    assert_eq!(found.iter().filter(|n| n.kind == Neglect).count(), 5);
    assert!(contact_nudges(today(), &facts[5], &settings).is_empty());

    let mut seven = facts.clone();
    seven.push(ContactFacts {
        id: ContactId(7),
        ..intimate(false)
    });
    let found = evaluate(today(), &seven, &settings, &[]);
    assert_eq!(found.iter().filter(|n| n.kind == OverCapacity).count(), 1);
}

#[test]
fn evaluate_orders_by_severity_then_name_then_kind() {
    let settings = Settings::default();
    let facts = people(vec![
        ("bob", waiting(3, None)),
        ("Alice", waiting(3, None)),
        (
            "Cy",
            with(|f| {
                f.recent = vec![
                    (Them, Tone::Negative),
                    (Me, Tone::Negative),
                    (Me, Tone::Neutral),
                ];
                f.last_interaction_at = Some(at_ago(20));
                f.last_channel = Some(Channel::Email);
            }),
        ),
        (
            "Dee",
            with(|f| {
                at_level(f, Trusted);
                f.last_interaction_at = Some(at_ago(31));
            }),
        ),
    ]);
    let found = evaluate(today(), &facts, &settings, &[]);
    let order: Vec<(&str, NudgeKind)> = found
        .iter()
        .map(|n| (n.contact.as_deref().unwrap_or("-"), n.kind))
        .collect();
    assert_eq!(
        order,
        [
            ("Cy", Unanswered),    // 97: waiting 20 days
            ("Alice", Unanswered), // 80, A before b
            ("bob", Unanswered),   // 80
            ("Cy", Souring),       // 60
            ("Dee", Neglect),      // 41.3
        ]
    );
    // Same severity for one person: by kind.
    let mut tie = found.clone();
    tie.push(Nudge {
        kind: Neglect,
        ..found[1].clone()
    });
    sort_nudges(&mut tie);
    assert_eq!(tie[1].kind, Neglect);
    assert_eq!(tie[2].kind, Unanswered);
    assert_eq!(tie[1].contact.as_deref(), Some("Alice"));

    // The same data in another order gives the same nudges in the same order.
    let mut reversed = facts.clone();
    reversed.reverse();
    assert_eq!(evaluate(today(), &reversed, &settings, &[]), found);
}

#[test]
fn snoozes_and_dismissals_hide_until_their_end() {
    let state = |until: Option<NaiveDate>, evidence: Option<i64>| NudgeState {
        contact_id: Some(ContactId(1)),
        kind: Unanswered,
        snoozed_until: until,
        dismissed_at_evidence: evidence,
    };
    assert!(hides(&state(Some(ago(-1)), None), today(), 7));
    assert!(!hides(&state(Some(today()), None), today(), 7));
    assert!(!hides(&state(Some(ago(1)), None), today(), 7));
    assert!(hides(&state(None, Some(7)), today(), 7));
    assert!(!hides(&state(None, Some(6)), today(), 7));
    assert!(!hides(&state(None, None), today(), 7));

    let settings = Settings::default();
    let facts = people(vec![("Ada", waiting(5, None))]);
    let shown = |states: &[NudgeState]| evaluate(today(), &facts, &settings, states).len();
    assert_eq!(shown(&[]), 1);
    assert_eq!(shown(&[state(Some(ago(-1)), None)]), 0);
    assert_eq!(shown(&[state(Some(today()), None)]), 1);
    assert_eq!(shown(&[state(None, Some(facts[0].evidence))]), 0);
    assert_eq!(shown(&[state(None, Some(facts[0].evidence - 1))]), 1);
    // Another kind, or another contact, is not hidden.
    let other_kind = NudgeState {
        kind: Neglect,
        ..state(Some(ago(-10)), None)
    };
    let other_contact = NudgeState {
        contact_id: Some(ContactId(2)),
        ..state(Some(ago(-10)), None)
    };
    assert_eq!(shown(&[other_kind, other_contact]), 1);

    // Over capacity is tied to the count at each level.
    let crowd: Vec<ContactFacts> = (1..=6)
        .map(|i| ContactFacts {
            id: ContactId(i),
            ..with(|f| at_level(f, Intimate))
        })
        .collect();
    let capacity_state = |evidence| NudgeState {
        contact_id: None,
        kind: OverCapacity,
        snoozed_until: None,
        dismissed_at_evidence: Some(evidence),
    };
    let over = |states: &[NudgeState]| {
        evaluate(today(), &crowd, &settings, states)
            .iter()
            .filter(|n| n.kind == OverCapacity)
            .count()
    };
    assert_eq!(over(&[]), 1);
    assert_eq!(over(&[capacity_state(layer_evidence(&[0, 0, 0, 0, 6]))]), 0);
    assert_eq!(over(&[capacity_state(layer_evidence(&[0, 0, 0, 0, 7]))]), 1);
}

#[test]
fn the_intimate_lookback_covers_the_recent_window() {
    let settings = Settings::default();
    assert_eq!(
        intimate_lookback(today(), &settings),
        parse_date(Field::When, "2026-03-03")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    );
    // The earliest interaction the rule counts (90 days ago) is inside it.
    assert!(at_ago(90) >= intimate_lookback(today(), &settings));
}

#[test]
fn snooze_ends_and_targets_are_checked() {
    assert!(validate_snooze(ago(-1), today()).is_ok());
    let err = validate_snooze(today(), today()).unwrap_err();
    assert_eq!(err.field(), Field::Until);
    assert!(validate_target(Some(ContactId(1)), Neglect).is_ok());
    assert!(validate_target(None, OverCapacity).is_ok());
    assert_eq!(
        validate_target(Some(ContactId(1)), OverCapacity)
            .unwrap_err()
            .field(),
        Field::Kind
    );
    assert_eq!(
        validate_target(None, Souring).unwrap_err().field(),
        Field::Contact
    );
}

#[test]
fn a_long_list_shared_between_threads_gives_the_same_nudges_in_the_same_order() {
    // Many contacts, varied enough to trip most rules, some archived and
    // some with a state that hides one of their nudges.
    let facts: Vec<ContactFacts> = (0..6000)
        .map(|i| {
            let mut f = calm(&format!("Person {}", i % 997));
            f.id = ContactId(i);
            f.archived = i % 13 == 0;
            match i % 5 {
                0 => f.last_interaction_at = Some(at_ago(200 + i % 300)),
                1 => f.recent = vec![(Them, Tone::Negative); 8],
                2 => at_level(&mut f, Trusted),
                3 => f.recent = vec![(Me, Tone::Neutral); 8],
                _ => {}
            }
            f
        })
        .collect();
    let settings = Settings::default();
    let states: Vec<NudgeState> = (0..6000)
        .step_by(7)
        .map(|i| NudgeState {
            contact_id: Some(ContactId(i)),
            kind: Souring,
            snoozed_until: Some(ago(-3)),
            dismissed_at_evidence: None,
        })
        .collect();
    let parallel = evaluate(today(), &facts, &settings, &states);

    // The same, one contact at a time.
    let mut counts = [0u32; 5];
    let mut expected = Vec::new();
    for f in facts.iter().filter(|f| !f.archived) {
        counts[usize::from(f.trust.number() - 1)] += 1;
        expected.extend(
            contact_nudges(today(), f, &settings)
                .into_iter()
                .filter(|n| {
                    !states.iter().any(|s| {
                        s.contact_id == Some(f.id)
                            && s.kind == n.kind
                            && hides(s, today(), f.evidence)
                    })
                }),
        );
    }
    expected.extend(capacity_nudges(&counts, &settings));
    sort_nudges(&mut expected);
    assert!(parallel.len() > 3000, "{}", parallel.len());
    assert!(parallel == expected, "the parallel result differs");
}
