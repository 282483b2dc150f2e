//! Small pieces of the plain-language reasons: counts, days and lists.

use crate::domain::Channel;

/// "1 day", "30 days".
pub(super) fn days(count: i64) -> String {
    counted(count, "day", "days")
}

/// "1 interaction", "3 interactions".
pub(super) fn counted(count: i64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// "today", "yesterday", "5 days ago".
pub(super) fn days_ago(count: i64) -> String {
    match count {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{} ago", days(n)),
    }
}

/// "every day", "every 30 days".
pub(super) fn every(count: i64) -> String {
    if count == 1 {
        "every day".to_owned()
    } else {
        format!("every {count} days")
    }
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How they reached out, as the start of a sentence: "They emailed you".
pub(super) fn they_reached_out(channel: Option<Channel>) -> &'static str {
    match channel {
        Some(Channel::InPerson) => "They reached out in person",
        Some(Channel::Call) => "They called you",
        Some(Channel::Video) => "They video-called you",
        Some(Channel::Message) => "They messaged you",
        Some(Channel::Email) => "They emailed you",
        Some(Channel::Social) => "They reached out on social media",
        Some(Channel::Letter) => "They wrote to you",
        Some(Channel::Other) | None => "They reached out",
    }
}

/// Hours from minutes: "40 hours", "12.5 hours", "1 hour".
pub(super) fn hours(minutes: u64) -> String {
    if minutes.is_multiple_of(60) {
        counted((minutes / 60) as i64, "hour", "hours")
    } else {
        format!("{:.1} hours", minutes as f64 / 60.0)
    }
}
