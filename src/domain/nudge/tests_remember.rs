//! The follow-up and date rules, and the context every nudge carries, on
//! facts built by hand with fixed days (today is Monday 1 June 2026).

use chrono::NaiveDate;

use super::tests::{ago, at_level, kinds, kinds_with, nudges, the, today, with};
use super::*;
use crate::domain::time::parse_date;
use crate::domain::{Field, FollowUpId, NudgeKind, Settings, TrustLevel, YearlyDate};

fn day(text: &str) -> NaiveDate {
    parse_date(Field::Today, text).unwrap()
}

fn follow_up(id: i64, what: &str, due: Option<NaiveDate>) -> FollowUpRef {
    FollowUpRef {
        id: FollowUpId(id),
        what: what.to_owned(),
        due,
    }
}

fn yearly(text: &str) -> YearlyDate {
    YearlyDate::parse_for(Field::Date, text).unwrap()
}

#[test]
fn a_follow_up_is_due_on_its_day_and_not_before_nor_without_a_day() {
    let in_days = |n: i64| today() + chrono::Duration::days(n);
    for (name, due, fires) in [
        ("due tomorrow", Some(in_days(1)), false),
        ("due today", Some(today()), true),
        ("due three days ago", Some(ago(3)), true),
        ("no due day", None, false),
    ] {
        let facts = with(|f| f.follow_ups = vec![follow_up(1, "ask about the move", due)]);
        assert_eq!(
            kinds(&facts).contains(&NudgeKind::FollowUp),
            fires,
            "{name}"
        );
    }
    let facts = with(|f| f.follow_ups = vec![follow_up(1, "ask about the move", Some(today()))]);
    let nudge = the(NudgeKind::FollowUp, &facts);
    assert_eq!(nudge.reason, "You meant to: ask about the move (due today)");
    assert_eq!(nudge.severity, 76.0);
}

#[test]
fn several_due_follow_ups_make_one_nudge_citing_each() {
    let facts = with(|f| {
        f.follow_ups = vec![
            follow_up(1, "ask how the surgery went", Some(ago(3))),
            follow_up(2, "send her the paper", Some(ago(1))),
            follow_up(
                3,
                "book the climbing gym",
                Some(today() + chrono::Duration::days(4)),
            ),
            follow_up(4, "return the ladder", None),
        ];
    });
    let found: Vec<Nudge> = nudges(&facts)
        .into_iter()
        .filter(|n| n.kind == NudgeKind::FollowUp)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].reason,
        "You meant to: ask how the surgery went (due 3 days ago); \
         send her the paper (due yesterday)"
    );
    // Between overdue neglect (at most 75) and unanswered (80 and up).
    assert_eq!(found[0].severity, 76.3);
    let long_forgotten = with(|f| f.follow_ups = vec![follow_up(1, "call", Some(ago(400)))]);
    assert_eq!(the(NudgeKind::FollowUp, &long_forgotten).severity, 79.9);
}

#[test]
fn dates_show_within_the_lead_window_for_familiar_people_and_closer() {
    // Today is Monday 1 June 2026; the window is 7 days.
    for (birthday, fires) in [
        ("--06-01", true),
        ("--06-08", true),
        ("--06-09", false),
        ("--05-31", false),
    ] {
        let facts = with(|f| f.birthday = Some(yearly(birthday)));
        assert_eq!(
            kinds(&facts).contains(&NudgeKind::Date),
            fires,
            "{birthday}"
        );
    }
    let on_the_day = with(|f| f.birthday = Some(yearly("1985-06-01")));
    let nudge = the(NudgeKind::Date, &on_the_day);
    assert_eq!(nudge.reason, "Birthday today (turning 41)");
    assert_eq!(nudge.severity, 65.0);
    let in_a_week = with(|f| f.birthday = Some(yearly("1985-06-08")));
    let nudge = the(NudgeKind::Date, &in_a_week);
    assert_eq!(nudge.reason, "Birthday on Monday 8 June (turning 41)");
    assert_eq!(nudge.severity, 45.0);
    let tomorrow = with(|f| f.dates = vec![("wedding anniversary".into(), yearly("2014-06-02"))]);
    assert_eq!(
        the(NudgeKind::Date, &tomorrow).reason,
        "Wedding anniversary tomorrow, Tuesday 2 June (12 years)"
    );

    // Below familiar (imported people start at handshake): nothing.
    for level in [TrustLevel::Handshake, TrustLevel::Acquaintance] {
        let facts = with(|f| {
            at_level(f, level);
            f.birthday = Some(yearly("--06-01"));
        });
        assert!(!kinds(&facts).contains(&NudgeKind::Date), "{level}");
    }
    // Both are settings.
    let settings = Settings {
        date_lead_days: 10,
        date_min_trust: 1,
        ..Settings::default()
    };
    let facts = with(|f| {
        at_level(f, TrustLevel::Handshake);
        f.birthday = Some(yearly("--06-11"));
    });
    assert!(kinds_with(&facts, &settings).contains(&NudgeKind::Date));
}

#[test]
fn several_dates_make_one_nudge_soonest_first() {
    let facts = with(|f| {
        f.birthday = Some(yearly("--06-05"));
        f.dates = vec![
            ("Mia's birthday (daughter)".into(), yearly("2019-06-03")),
            ("moving day".into(), yearly("--07-01")),
        ];
    });
    assert_eq!(
        the(NudgeKind::Date, &facts).reason,
        "Mia's birthday (daughter) on Wednesday 3 June (turning 7); Birthday on Friday 5 June"
    );
}

#[test]
fn dates_cross_the_new_year_and_leap_days_fall_on_the_28th() {
    let settings = Settings::default();
    let facts = with(|f| f.birthday = Some(yearly("--01-02")));
    let found = contact_nudges(day("2026-12-28"), &facts, &settings);
    let date = found.iter().find(|n| n.kind == NudgeKind::Date).unwrap();
    assert_eq!(date.reason, "Birthday on Saturday 2 January");

    let leap = with(|f| f.birthday = Some(yearly("2000-02-29")));
    let found = contact_nudges(day("2027-02-25"), &leap, &settings);
    let date = found.iter().find(|n| n.kind == NudgeKind::Date).unwrap();
    assert_eq!(date.reason, "Birthday on Sunday 28 February (turning 27)");
    let found = contact_nudges(day("2028-02-29"), &leap, &settings);
    let date = found.iter().find(|n| n.kind == NudgeKind::Date).unwrap();
    assert_eq!(date.reason, "Birthday today (turning 28)");
    // In a leap year, the 28th is not the day.
    let found = contact_nudges(day("2028-02-21"), &leap, &settings);
    assert!(found.iter().all(|n| n.kind != NudgeKind::Date));
}

#[test]
fn every_nudge_carries_the_latest_interaction_and_the_open_follow_ups() {
    let facts = with(|f| {
        f.last_interaction_at = Some(ago(40).and_hms_opt(18, 30, 0).unwrap());
        f.last_channel = Some(crate::domain::Channel::Email);
        f.last_note = "Her new loom project".to_owned();
        at_level(f, TrustLevel::Trusted);
        f.follow_ups = vec![
            follow_up(1, "send her the paper", None),
            follow_up(
                2,
                "ask about the loom",
                Some(today() + chrono::Duration::days(3)),
            ),
        ];
    });
    let found = nudges(&facts);
    assert!(!found.is_empty());
    for nudge in &found {
        let last = nudge.last_interaction.as_ref().unwrap();
        assert_eq!(last.note, "Her new loom project");
        assert_eq!(last.channel, crate::domain::Channel::Email);
        assert_eq!(nudge.follow_ups.len(), 2, "{:?}", nudge.kind);
    }
    // No interaction, no context line about one.
    let new = with(|f| {
        f.last_interaction_at = None;
        f.last_channel = None;
        f.interaction_count = 0;
        f.recent.clear();
        at_level(f, TrustLevel::Trusted);
    });
    for nudge in nudges(&new) {
        assert!(nudge.last_interaction.is_none());
    }
    let capacity = super::capacity_nudges(&[0, 0, 0, 0, 6], &Settings::default());
    assert!(capacity[0].last_interaction.is_none() && capacity[0].follow_ups.is_empty());
}

#[test]
fn an_unanswered_nudge_quotes_what_they_said() {
    let facts = with(|f| {
        f.recent[0] = (crate::domain::Initiator::Them, crate::domain::Tone::Neutral);
        f.last_interaction_at = Some(super::tests::at_ago(20));
        f.last_channel = Some(crate::domain::Channel::Message);
        f.last_note = "Could you introduce me to your designer friend?".to_owned();
    });
    assert_eq!(
        the(NudgeKind::Unanswered, &facts).reason,
        "They messaged you 20 days ago: \"Could you introduce me to your designer friend?\". \
         Nothing logged since; you aim to reply within 3 days"
    );
    let silent = with(|f| {
        f.recent[0] = (crate::domain::Initiator::Them, crate::domain::Tone::Neutral);
        f.last_interaction_at = Some(super::tests::at_ago(20));
        f.last_channel = Some(crate::domain::Channel::Message);
    });
    assert_eq!(
        the(NudgeKind::Unanswered, &silent).reason,
        "They messaged you 20 days ago, with nothing logged since; you aim to reply within 3 days"
    );
}
