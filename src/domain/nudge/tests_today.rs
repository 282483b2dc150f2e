//! Today as a triage queue: the sections, the focus ranking by urgency,
//! the drifted fold, and kinds turned off. Today is Monday 1 June 2026.

use super::tests::{ago, at_ago, at_level, today, with};
use super::*;
use crate::domain::{
    Channel, ContactId, FollowUpId, Initiator, NudgeKind, Settings, Tone, TrustLevel,
};

use NudgeKind::{FollowUp, Neglect, Souring, Unanswered};

/// `count` people, each built by `make(i)`, with ids and names.
fn crowd(count: usize, make: impl Fn(usize) -> ContactFacts) -> Vec<ContactFacts> {
    (0..count)
        .map(|i| ContactFacts {
            id: ContactId(i as i64 + 1),
            name: format!("Person {i:02}"),
            ..make(i)
        })
        .collect()
}

fn quiet(days: i64, level: TrustLevel) -> ContactFacts {
    with(|f| {
        at_level(f, level);
        f.last_interaction_at = Some(at_ago(days));
    })
}

#[test]
fn waiting_on_you_is_always_in_full_and_focus_holds_at_most_five() {
    let settings = Settings::default();
    let mut facts = crowd(12, |_| {
        with(|f| {
            f.recent[0] = (Initiator::Them, Tone::Neutral);
            f.last_interaction_at = Some(at_ago(5));
            f.last_channel = Some(Channel::Email);
        })
    });
    facts.extend(crowd(3, |i| {
        with(|f| {
            f.follow_ups = vec![FollowUpRef {
                id: FollowUpId(i as i64),
                what: "call".into(),
                due: Some(ago(1)),
            }]
        })
    }));
    facts.extend(crowd(20, |i| quiet(31 + i as i64, TrustLevel::Trusted)));
    for (i, f) in facts.iter_mut().enumerate() {
        f.id = ContactId(i as i64 + 1);
    }
    let today_ = triage(&evaluate(today(), &facts, &settings, &[]), &settings);
    assert_eq!(today_.waiting.len(), 15);
    assert!(
        today_
            .waiting
            .iter()
            .all(|n| matches!(n.kind, Unanswered | FollowUp))
    );
    assert_eq!(today_.focus.len(), 5);
    assert!(today_.focus.iter().all(|n| n.kind == Neglect));
    // 15 more neglect, and over capacity (20 trusted, 15 sustainable).
    assert_eq!(today_.folded(), 16);
    // The most overdue neglect first.
    assert!(
        today_.focus[0]
            .reason
            .starts_with("Last contact 50 days ago"),
        "{}",
        today_.focus[0].reason
    );

    let three = Settings {
        focus_size: 3,
        ..Settings::default()
    };
    assert_eq!(
        triage(&evaluate(today(), &facts, &three, &[]), &three)
            .focus
            .len(),
        3
    );
}

#[test]
fn urgency_not_the_name_breaks_ties_and_a_shorter_cadence_overdue_ranks_first() {
    let settings = Settings::default();
    // 45 days on a 30-day cadence (1.5 cadences) against 500 days on a
    // 365-day one (1.37 cadences).
    let facts = vec![
        ContactFacts {
            id: ContactId(1),
            name: "Aaron".into(),
            ..quiet(500, TrustLevel::Acquaintance)
        },
        ContactFacts {
            id: ContactId(2),
            name: "Zoe".into(),
            ..quiet(45, TrustLevel::Trusted)
        },
    ];
    let found = evaluate(today(), &facts, &settings, &[]);
    let names: Vec<&str> = found.iter().filter_map(|n| n.contact.as_deref()).collect();
    assert_eq!(names, ["Zoe", "Aaron"]);

    // Same rounded severity, different urgency: the more urgent first,
    // whatever the names say.
    let mut a = found[0].clone();
    a.contact = Some("Aaron".into());
    a.urgency = 1.50;
    let mut b = found[0].clone();
    b.contact = Some("Zed".into());
    b.urgency = 1.51;
    let mut pair = vec![a, b];
    sort_nudges(&mut pair);
    assert_eq!(pair[0].contact.as_deref(), Some("Zed"));
}

#[test]
fn people_not_contacted_for_three_cadences_have_drifted_apart() {
    let settings = Settings::default();
    let facts = crowd(4, |i| quiet([60, 90, 91, 400][i], TrustLevel::Trusted));
    let today_ = triage(&evaluate(today(), &facts, &settings, &[]), &settings);
    let drifted: Vec<&str> = today_
        .drifted
        .iter()
        .filter_map(|n| n.contact.as_deref())
        .collect();
    assert_eq!(drifted, ["Person 03", "Person 02"]);
    assert_eq!(today_.focus.len(), 2);
    assert!(today_.focus.iter().all(|n| n.urgency <= DRIFTED_RATIO));
}

#[test]
fn everything_else_is_grouped_by_kind() {
    let settings = Settings {
        focus_size: 1,
        ..Settings::default()
    };
    let mut facts = crowd(3, |i| quiet(40 + i as i64, TrustLevel::Trusted));
    facts.extend(crowd(2, |_| {
        with(|f| {
            f.recent = vec![(Initiator::Mutual, Tone::Negative); 3];
            f.last_interaction_at = Some(at_ago(1));
        })
    }));
    for (i, f) in facts.iter_mut().enumerate() {
        f.id = ContactId(i as i64 + 1);
    }
    let today_ = triage(&evaluate(today(), &facts, &settings, &[]), &settings);
    let kinds: Vec<NudgeKind> = today_.rest.iter().map(|n| n.kind).collect();
    // Souring (70) leads; the rest keep together by kind.
    assert_eq!(today_.focus[0].kind, Souring);
    assert_eq!(kinds, [Souring, Neglect, Neglect, Neglect]);
}

#[test]
fn a_kind_turned_off_is_not_shown() {
    let facts = crowd(2, |i| quiet(40 + i as i64, TrustLevel::Trusted));
    let mut settings = Settings::default();
    assert_eq!(evaluate(today(), &facts, &settings, &[]).len(), 2);
    settings.set("show_neglect", "0").unwrap();
    assert!(evaluate(today(), &facts, &settings, &[]).is_empty());
    assert!(settings.set("show_souring", "2").is_err());
}

#[test]
fn three_skips_in_a_row_offer_twice_the_cadence() {
    let settings = Settings::default();
    let skipped = |times: u32, cadence: Option<u32>| {
        let mut facts = quiet(40, TrustLevel::Trusted);
        facts.skips_in_a_row = times;
        facts.cadence_days = cadence;
        longer_cadence(&facts, &settings)
    };
    assert_eq!(skipped(2, None), None);
    assert_eq!(skipped(3, None), Some(60), "trusted: 30 days, doubled");
    assert_eq!(skipped(5, Some(45)), Some(90), "their own cadence, doubled");
    assert_eq!(skipped(3, Some(0)), None, "never nudged: nothing to offer");
}

#[test]
fn sections_by_position_match_the_sections_by_value() {
    let settings = Settings {
        focus_size: 2,
        ..Settings::default()
    };
    let mut facts = crowd(6, |i| {
        quiet([40, 45, 50, 100, 120, 200][i], TrustLevel::Trusted)
    });
    facts.extend(crowd(2, |_| {
        with(|f| {
            f.recent[0] = (Initiator::Them, Tone::Negative);
            f.last_interaction_at = Some(at_ago(5));
            f.last_channel = Some(Channel::Email);
        })
    }));
    for (i, f) in facts.iter_mut().enumerate() {
        f.id = ContactId(i as i64 + 1);
    }
    let nudges = evaluate(today(), &facts, &settings, &[]);
    let by_value = triage(&nudges, &settings);
    let at = sections(&nudges, &settings);
    let pick = |at: &[usize]| -> Vec<Nudge> { at.iter().map(|&i| nudges[i].clone()).collect() };
    assert_eq!(pick(&at.waiting), by_value.waiting);
    assert_eq!(pick(&at.focus), by_value.focus);
    assert_eq!(pick(&at.rest), by_value.rest);
    assert_eq!(pick(&at.drifted), by_value.drifted);
    assert_eq!(at.due(), 2 + 2);
    assert_eq!(at.folded(), by_value.folded());
}
