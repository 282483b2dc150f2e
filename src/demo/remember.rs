//! What the demo's people come with beyond the log: follow-ups (some due,
//! some done, some undated) and dates to remember, so the screens that
//! show them have something to show.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::pick;
use crate::domain::{ContactId, DateDraft, FollowUpDraft, InteractionId, TrustLevel, YearlyDate};

/// A follow-up to add: what, noted in which interaction on which day, and
/// when it was done (if it was).
pub(super) struct PlannedFollowUp {
    pub draft: FollowUpDraft,
    pub noted_in: InteractionId,
    pub noted_on: NaiveDate,
    pub done_at: Option<NaiveDateTime>,
}

/// Follow-ups for one person, noted in their interactions (`logged`,
/// oldest first): about one person in four has one from their latest
/// interaction, dated or not, sometimes done already; a few have an older,
/// done one too.
pub(super) fn follow_ups(
    rng: &mut fastrand::Rng,
    contact: ContactId,
    logged: &[(InteractionId, NaiveDateTime)],
    today: NaiveDate,
) -> Vec<PlannedFollowUp> {
    let mut planned = Vec::new();
    let Some(&(latest, at)) = logged.last() else {
        return planned;
    };
    if rng.u8(0..4) != 0 {
        return planned;
    }
    let due = (rng.u8(0..5) < 3).then(|| at.date() + Duration::days(rng.i64(3..40)));
    // Most of what fell due weeks ago was done; some was forgotten, which
    // is what the follow_up nudge is for.
    let long_due = due.is_some_and(|due| due < today - Duration::days(14));
    let done = if long_due {
        rng.u8(0..4) != 0
    } else {
        rng.u8(0..5) == 0
    };
    let done_at = done.then(|| {
        let day = due.unwrap_or(at.date() + Duration::days(5)).min(today);
        day.and_time(NaiveTime::from_hms_opt(18, 0, 0).expect("valid time"))
            .max(at)
    });
    planned.push(PlannedFollowUp {
        draft: FollowUpDraft::new(contact, pick(rng, TASKS), due),
        noted_in: latest,
        noted_on: at.date(),
        done_at,
    });
    if logged.len() > 2 && rng.u8(0..3) == 0 {
        let (earlier, at) = logged[rng.usize(..logged.len() - 1)];
        let due = at.date() + Duration::days(rng.i64(2..20));
        planned.push(PlannedFollowUp {
            draft: FollowUpDraft::new(contact, pick(rng, TASKS), Some(due)),
            noted_in: earlier,
            noted_on: at.date(),
            done_at: Some(
                due.min(today)
                    .and_time(NaiveTime::from_hms_opt(9, 30, 0).expect("valid time"))
                    .max(at),
            ),
        });
    }
    planned
}

/// A date to remember for about one in five people at familiar or closer.
pub(super) fn dates(
    rng: &mut fastrand::Rng,
    contact: ContactId,
    trust: TrustLevel,
    today: NaiveDate,
) -> Vec<DateDraft> {
    if trust < TrustLevel::Familiar || rng.u8(0..5) != 0 {
        return Vec::new();
    }
    let (label, first_year) = match rng.u8(0..4) {
        0 | 1 => ("wedding anniversary".to_owned(), Some(rng.i32(1995..2024))),
        2 => (
            format!(
                "{}'s birthday ({})",
                pick(rng, CHILDREN),
                pick(rng, &["daughter", "son"])
            ),
            Some(rng.i32(2005..2023)),
        ),
        _ => (pick(rng, OTHER_DAYS).to_owned(), None),
    };
    let date = YearlyDate {
        year: first_year.filter(|year| *year < chrono::Datelike::year(&today)),
        month: rng.u32(1..13),
        day: rng.u32(1..29),
    };
    vec![DateDraft::new(contact, &label, date)]
}

const TASKS: &[&str] = &[
    "ask how the interview went",
    "send them that book",
    "introduce them to Sam",
    "ask about the new flat",
    "return the ladder",
    "check in after the surgery",
    "share the photos from the trip",
    "recommend a good dentist",
    "ask how the move went",
    "send the article we talked about",
    "book the climbing gym together",
    "ask whether the visa came through",
];

const CHILDREN: &[&str] = &["Mia", "Leo", "Noa", "Ada", "Finn", "Zoe", "Ravi", "Lena"];

const OTHER_DAYS: &[&str] = &["the day we met", "name day", "sobriety anniversary"];
