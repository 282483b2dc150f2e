//! What the reminder notification says: the most urgent thing in Today's
//! Waiting on you and Focus as its summary ("Grace Hopper is waiting on your
//! reply"), and the rest of those two sections in a line or two ("Ada
//! Lovelace is waiting on you too. And 3 more things today."). Everything
//! else stays folded, as it does in the window: a notification that lists
//! 95 reminders is one people learn to swipe away.
//!
//! Pure: the text follows from Today's sections ([`Triage`]) alone.

use crate::domain::NudgeKind;
use crate::domain::nudge::{Nudge, Triage};

/// One notification: a summary line and a body of a line or two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    pub summary: String,
    /// Empty when the summary says everything.
    pub body: String,
}

/// What the summary says when names cannot be read (a database protected
/// by a passphrase, which a reminder running at login cannot open).
pub const LOCKED_SUMMARY: &str = "Kith has reminders for you";

/// The notification for `today`, or `None` when Waiting on you and Focus
/// are both empty (then no notification is posted). Without
/// `can_read_names`, it names no one and says only how many things there
/// are.
pub fn reminder(today: &Triage, can_read_names: bool) -> Option<Reminder> {
    let first = today.waiting.first().or(today.focus.first())?;
    if !can_read_names {
        let count = today.waiting.len() + today.focus.len();
        return Some(Reminder {
            summary: LOCKED_SUMMARY.to_owned(),
            body: format!("{} today. Open Kith to see them.", things(count)),
        });
    }
    let mut others: Vec<String> = Vec::new();
    for nudge in today.waiting.iter().skip(1) {
        if let Some(name) = nudge.contact.as_deref().map(clean)
            && Some(&name) != first.contact.as_deref().map(clean).as_ref()
            && !others.contains(&name)
        {
            others.push(name);
        }
    }
    let more = today.focus.len() - usize::from(today.waiting.is_empty());
    let mut lines = Vec::new();
    if let Some(line) = also_waiting(&others) {
        lines.push(line);
    }
    if more > 0 {
        let noun = if more == 1 { "thing" } else { "things" };
        lines.push(format!("And {more} more {noun} today."));
    }
    Some(Reminder {
        summary: summary(first),
        body: lines.join("\n"),
    })
}

/// The most urgent thing, as one short sentence without a full stop.
fn summary(nudge: &Nudge) -> String {
    let Some(name) = nudge.contact.as_deref().map(clean) else {
        return first_sentence(&nudge.reason);
    };
    match nudge.kind {
        NudgeKind::Unanswered => format!("{name} is waiting on your reply"),
        NudgeKind::FollowUp => format!("You meant to follow up with {name}"),
        NudgeKind::Neglect => format!("Time to get in touch with {name}"),
        NudgeKind::Souring => format!("Things with {name} are turning sour"),
        NudgeKind::OneSided => format!("Your contact with {name} is one-sided"),
        NudgeKind::TooFast => format!("Your trust in {name} is ahead of your history"),
        NudgeKind::Date | NudgeKind::OverCapacity => {
            format!("{name}: {}", first_sentence(&nudge.reason))
        }
    }
}

/// "Ada Lovelace is waiting on you too.", up to three names, then how many
/// others.
fn also_waiting(names: &[String]) -> Option<String> {
    let shown = match names {
        [] => return None,
        [one] => return Some(format!("{one} is waiting on you too.")),
        [a, b] => format!("{a} and {b}"),
        [a, b, c] => format!("{a}, {b} and {c}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} others", rest.len()),
    };
    Some(format!("{shown} are waiting on you too."))
}

/// "1 thing", "3 things".
fn things(count: usize) -> String {
    crate::domain::count::plural(count, "thing", "things")
}

/// The reason up to its first full stop, without it.
fn first_sentence(reason: &str) -> String {
    let end = reason.find(". ").unwrap_or(reason.len());
    clean(reason[..end].trim_end_matches('.'))
}

/// A name or reason as one line of plain text: control characters (which
/// only data from before Kith refused them can hold) become spaces, and a
/// very long one is cut short.
fn clean(text: &str) -> String {
    const LONGEST: usize = 80;
    let mut line: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(LONGEST + 1)
        .collect();
    if line.chars().count() > LONGEST {
        line = line.chars().take(LONGEST - 1).collect();
        line.push('…');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ContactId;

    fn nudge(kind: NudgeKind, name: &str) -> Nudge {
        Nudge {
            kind,
            contact_id: Some(ContactId(name.len() as i64)),
            contact: Some(name.to_owned()),
            severity: 50.0,
            reason: "Birthday on Sunday 30 November (turning 41). It is soon.".to_owned(),
            last_interaction: None,
            follow_ups: Vec::new(),
            details: Vec::new(),
            urgency: 50.0,
        }
    }

    fn today(waiting: &[(NudgeKind, &str)], focus: &[(NudgeKind, &str)]) -> Triage {
        let make = |list: &[(NudgeKind, &str)]| list.iter().map(|(k, n)| nudge(*k, n)).collect();
        Triage {
            waiting: make(waiting),
            focus: make(focus),
            ..Triage::default()
        }
    }

    #[test]
    fn nothing_in_waiting_or_focus_posts_nothing() {
        let mut folded = today(&[], &[]);
        folded.drifted.push(nudge(NudgeKind::Neglect, "Old Friend"));
        assert_eq!(reminder(&folded, true), None);
        assert_eq!(reminder(&folded, false), None);
    }

    #[test]
    fn the_summary_names_the_most_urgent_and_the_body_the_rest() {
        let sections = today(
            &[
                (NudgeKind::Unanswered, "Grace Hopper"),
                (NudgeKind::FollowUp, "Grace Hopper"),
                (NudgeKind::FollowUp, "Ada Lovelace"),
            ],
            &[
                (NudgeKind::Neglect, "Alan Turing"),
                (NudgeKind::Souring, "Tom"),
                (NudgeKind::Neglect, "Mia"),
            ],
        );
        assert_eq!(
            reminder(&sections, true).unwrap(),
            Reminder {
                summary: "Grace Hopper is waiting on your reply".to_owned(),
                body: "Ada Lovelace is waiting on you too.\nAnd 3 more things today.".to_owned(),
            }
        );
    }

    #[test]
    fn with_only_focus_the_first_of_it_is_the_summary() {
        let sections = today(&[], &[(NudgeKind::Neglect, "Alan Turing")]);
        assert_eq!(
            reminder(&sections, true).unwrap(),
            Reminder {
                summary: "Time to get in touch with Alan Turing".to_owned(),
                body: String::new(),
            }
        );
        let two = today(
            &[],
            &[(NudgeKind::Date, "Mia"), (NudgeKind::OneSided, "Tom")],
        );
        let text = reminder(&two, true).unwrap();
        assert_eq!(
            text.summary,
            "Mia: Birthday on Sunday 30 November (turning 41)"
        );
        assert_eq!(text.body, "And 1 more thing today.");
    }

    #[test]
    fn many_waiting_are_named_up_to_three() {
        let names = ["A", "B", "C", "D", "E"];
        let waiting: Vec<_> = names.iter().map(|n| (NudgeKind::Unanswered, *n)).collect();
        let text = reminder(&today(&waiting[..4], &[]), true).unwrap();
        assert_eq!(text.body, "B, C and D are waiting on you too.");
        let text = reminder(&today(&waiting, &[]), true).unwrap();
        assert_eq!(text.body, "B, C and 2 others are waiting on you too.");
    }

    #[test]
    fn a_locked_database_names_no_one() {
        let sections = today(
            &[(NudgeKind::Unanswered, "Grace Hopper")],
            &[(NudgeKind::Neglect, "Alan Turing")],
        );
        let text = reminder(&sections, false).unwrap();
        assert_eq!(text.summary, "Kith has reminders for you");
        assert_eq!(text.body, "2 things today. Open Kith to see them.");
        assert!(!format!("{text:?}").contains("Grace"));
    }

    #[test]
    fn names_become_one_short_line() {
        let sections = today(&[(NudgeKind::Unanswered, "Grace\nHopper")], &[]);
        assert_eq!(
            reminder(&sections, true).unwrap().summary,
            "Grace Hopper is waiting on your reply"
        );
        let long = "x".repeat(200);
        let sections = today(&[(NudgeKind::Unanswered, &long)], &[]);
        let summary = reminder(&sections, true).unwrap().summary;
        assert!(
            summary.starts_with(&format!("{}…", "x".repeat(79))),
            "{summary}"
        );
    }
}
