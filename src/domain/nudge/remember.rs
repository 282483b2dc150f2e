//! The rules about what you meant to remember: follow-ups that are due,
//! and dates to remember coming up (see the module docs of [`super`]).

use chrono::NaiveDate;

use super::ContactFacts;
use super::rules::Finding;
use super::text::days_ago;
use crate::domain::Settings;
use crate::domain::time::days_between;

/// `follow_up`: every open follow-up due on or before `today`, in one
/// nudge. Severity 76 to 79.9, growing with the most overdue one: below
/// someone waiting on your reply (80 and up), above overdue neglect (at
/// most 75), since a promise forgotten is nearly as bad as silence.
pub(super) fn follow_up(today: NaiveDate, facts: &ContactFacts) -> Option<Finding> {
    let due: Vec<(i64, &str)> = facts
        .follow_ups
        .iter()
        .filter_map(|f| {
            let due = f.due.filter(|due| *due <= today)?;
            Some((days_between(due, today), f.what.as_str()))
        })
        .collect();
    let most_overdue = due.iter().map(|(late, _)| *late).max()?;
    let items: Vec<String> = due
        .iter()
        .map(|(late, what)| format!("{what} (due {})", days_ago(*late)))
        .collect();
    Some(Finding {
        urgency: Some(76.0 + most_overdue.max(0) as f64 / 10.0),
        ..Finding::new(
            76.0 + most_overdue.clamp(0, 39) as f64 / 10.0,
            format!("You meant to: {}", items.join("; ")),
        )
    })
}

/// `date`: their birthday and dates to remember falling within
/// `date_lead_days`, for people at `date_min_trust` or closer. Severity 45
/// for one at the edge of the window, rising to 65 on the day.
pub(super) fn dates(
    today: NaiveDate,
    facts: &ContactFacts,
    settings: &Settings,
) -> Option<Finding> {
    if facts.trust < settings.date_min_level() {
        return None;
    }
    let lead = i64::from(settings.date_lead_days);
    let birthday = facts.birthday.map(|date| ("birthday", date));
    let others = facts
        .dates
        .iter()
        .map(|(label, date)| (label.as_str(), *date));
    let mut coming: Vec<(i64, &str, String)> = birthday
        .into_iter()
        .chain(others)
        .filter_map(|(label, date)| {
            let on = date.next_on_or_after(today)?;
            let away = days_between(today, on);
            (away <= lead).then(|| (away, label, describe(label, on, away, date.years_on(on))))
        })
        .collect();
    coming.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let soonest = coming.first()?.0;
    let closeness = if lead == 0 {
        1.0
    } else {
        1.0 - soonest as f64 / lead as f64
    };
    let parts: Vec<String> = coming.into_iter().map(|(_, _, text)| text).collect();
    Some(Finding::new(45.0 + 20.0 * closeness, parts.join("; ")))
}

/// "Birthday on Sunday 30 November (turning 41)", "Wedding anniversary
/// today (12 years)", "Mia's birthday (daughter) tomorrow, Friday 28
/// November".
fn describe(label: &str, on: NaiveDate, away: i64, years: Option<i32>) -> String {
    let mut label_chars = label.chars();
    let label: String = match label_chars.next() {
        Some(first) => first.to_uppercase().chain(label_chars).collect(),
        None => String::new(),
    };
    let day = on.format("%A %-d %B");
    let when = match away {
        0 => "today".to_owned(),
        1 => format!("tomorrow, {day}"),
        _ => format!("on {day}"),
    };
    let years = match years {
        Some(n) if label.to_lowercase().contains("birthday") => format!(" (turning {n})"),
        Some(1) => " (1 year)".to_owned(),
        Some(n) => format!(" ({n} years)"),
        None => String::new(),
    };
    format!("{label} {when}{years}")
}
