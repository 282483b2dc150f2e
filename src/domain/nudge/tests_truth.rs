//! Nudges that tell the truth: people known before Kith, "skip this
//! time", the starting level, and reasons that read as a person speaks.
//! Today is Monday 1 June 2026.

use super::tests::{ago, at_ago, at_level, kinds, the, with};
use super::*;
use crate::domain::{Channel, NudgeKind, TrustLevel};

use NudgeKind::{Neglect, TooFast};
use TrustLevel::{Acquaintance, Familiar, Trusted};

/// Someone you met `met` days ago and added `added` days ago, at `level`,
/// with nothing logged.
fn entered(met: Option<i64>, added: i64, level: TrustLevel) -> ContactFacts {
    with(|f| {
        f.met_on = met.map(ago);
        f.added_on = ago(added);
        f.known_since = ago(met.unwrap_or(added));
        f.interaction_count = 0;
        f.last_interaction_at = None;
        f.last_channel = None;
        f.first_live_at = None;
        f.total_minutes = None;
        f.recent.clear();
        f.trust = level;
        f.trust_history = vec![(ago(met.unwrap_or(added)), level)];
    })
}

#[test]
fn an_old_friend_entered_today_brings_no_nudge_at_all() {
    // Met 258 days before you added them (today), trusted: Kith holds none
    // of that history, so neither "fewer than 6 interactions" nor "no
    // contact since you met 258 days ago".
    let old_friend = entered(Some(258), 0, Trusted);
    assert!(old_friend.known_before_kith());
    assert_eq!(kinds(&old_friend), []);
    // Met within 30 days of adding them, the history is Kith's to hold.
    let new_friend = entered(Some(20), 0, Trusted);
    assert!(!new_friend.known_before_kith());
    assert_eq!(kinds(&new_friend), [TooFast]);
}

#[test]
fn an_old_friend_is_neglected_from_the_day_you_added_them() {
    let added_40_days_ago = entered(Some(900), 40, Trusted);
    assert_eq!(
        the(Neglect, &added_40_days_ago).reason,
        "No contact logged since you added them 40 days ago; you aim for every 30 days (trusted)"
    );
    let added_20_days_ago = entered(Some(900), 20, Trusted);
    assert!(!kinds(&added_20_days_ago).contains(&Neglect));
    // Known for a short time before being added, the clock starts at the
    // day you met.
    let met_first = entered(Some(45), 25, Trusted);
    assert_eq!(
        the(Neglect, &met_first).reason,
        "No contact since you met 45 days ago; you aim for every 30 days (trusted); \
         overdue from 45 days"
    );
    // Without a met-on date, "since you added them", never "since you met".
    let no_date = entered(None, 40, Trusted);
    assert!(
        the(Neglect, &no_date)
            .reason
            .starts_with("No contact logged since you added them 40 days ago"),
    );
}

#[test]
fn rises_and_intimacy_still_count_for_people_known_before_kith() {
    let mut rushed = entered(Some(300), 20, Trusted);
    rushed.trust_history = vec![(ago(20), Acquaintance), (ago(10), Trusted)];
    let nudge = the(TooFast, &rushed);
    assert!(
        nudge
            .reason
            .starts_with("Trust rose from acquaintance to trusted"),
        "{}",
        nudge.reason
    );
    // The hours check needs the history Kith does not have.
    let mut hours = entered(Some(300), 20, Familiar);
    hours.total_minutes = Some(60);
    hours.interaction_count = 1;
    hours.last_interaction_at = Some(at_ago(1));
    hours.recent = vec![(
        crate::domain::Initiator::Mutual,
        crate::domain::Tone::Neutral,
    )];
    assert!(!kinds(&hours).contains(&TooFast));
}

#[test]
fn skipping_this_time_restarts_the_neglect_clock() {
    let quiet = with(|f| {
        at_level(f, Trusted);
        f.last_interaction_at = Some(at_ago(80));
    });
    assert!(kinds(&quiet).contains(&Neglect));
    let skipped = ContactFacts {
        skipped_on: Some(ago(10)),
        skips_in_a_row: 1,
        ..quiet.clone()
    };
    assert!(!kinds(&skipped).contains(&Neglect));
    let skipped_long_ago = ContactFacts {
        skipped_on: Some(ago(35)),
        skips_in_a_row: 1,
        ..quiet.clone()
    };
    assert_eq!(
        the(Neglect, &skipped_long_ago).reason,
        "Skipped 35 days ago, last contact 80 days ago; you aim for every 30 days (trusted)"
    );
    // Skipped on the day an old friend was added (with an interaction
    // long ago): the skip counts.
    let mut old_friend = entered(Some(900), 0, Trusted);
    old_friend.last_interaction_at = Some(at_ago(500));
    old_friend.interaction_count = 1;
    assert!(kinds(&old_friend).contains(&Neglect));
    old_friend.skipped_on = Some(ago(0));
    assert!(!kinds(&old_friend).contains(&Neglect));
    // An interaction after the skip is what counts.
    let talked_since = ContactFacts {
        skipped_on: Some(ago(100)),
        ..quiet
    };
    assert!(
        the(Neglect, &talked_since)
            .reason
            .starts_with("Last contact 80 days ago")
    );
}

#[test]
fn reasons_never_say_zero_days() {
    let rated_today = entered(Some(0), 0, Trusted);
    let reason = the(TooFast, &rated_today).reason;
    assert!(
        reason.starts_with("Rated trusted with no interactions logged yet"),
        "{reason}"
    );
    let all_today = with(|f| {
        f.met_on = Some(ago(0));
        f.added_on = ago(0);
        f.known_since = ago(0);
        f.interaction_count = 2;
        f.first_live_at = None;
        f.trust = Trusted;
        f.trust_history = vec![(ago(0), Trusted)];
    });
    let reason = the(TooFast, &all_today).reason;
    assert!(
        reason.starts_with("Rated trusted after 2 interactions, all today"),
        "{reason}"
    );
    for nudge in super::contact_nudges(super::tests::today(), &all_today, &Default::default()) {
        assert!(!nudge.reason.contains(" 0 days"), "{}", nudge.reason);
        for detail in &nudge.details {
            assert!(!detail.contains(" 0 days"), "{detail}");
        }
    }
}

#[test]
fn an_intimate_exchange_before_the_day_you_met_says_so() {
    let facts = with(|f| {
        f.met_on = Some(ago(5));
        f.added_on = ago(5);
        // The exchange came first: known since then.
        f.known_since = ago(10);
        f.trust = Familiar;
        f.trust_history = vec![(ago(5), Familiar)];
        f.recent_intimate = vec![at_ago(10)];
        f.last_channel = Some(Channel::Message);
    });
    let reason = the(TooFast, &facts).reason;
    assert!(
        reason.starts_with("An intimate exchange on 2026-05-22, before the day you met;"),
        "{reason}"
    );
    let unknown_day = with(|f| {
        f.met_on = None;
        f.known_since = ago(10);
        f.trust_history = vec![(ago(10), Familiar)];
        f.recent_intimate = vec![at_ago(8)];
    });
    let reason = the(TooFast, &unknown_day).reason;
    assert!(
        reason.starts_with("An intimate exchange on 2026-05-24, 2 days after your first exchange;"),
        "{reason}"
    );
}

#[test]
fn the_first_level_set_is_a_starting_point_not_a_rise() {
    // Added without a level (a default handshake, which is no assessment
    // and not in the history), then set to trusted: not a rise.
    let set_later = with(|f| {
        f.trust = Trusted;
        f.trust_history = vec![(ago(3), Trusted)];
        f.first_live_at = Some(at_ago(300));
        f.interaction_count = 40;
    });
    assert!(
        !kinds(&set_later).contains(&TooFast),
        "{:?}",
        kinds(&set_later)
    );
}
