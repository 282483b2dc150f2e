//! Today as text: what `kith nudges` prints. The same three parts as the
//! window's Today: Waiting on you (in full), Focus (the few most urgent),
//! and Everything else, folded to a count per kind unless `--all`.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::plural;
use super::terminal::one_line;
use crate::domain::nudge::Triage;
use crate::domain::{Nudge, NudgeKind};

/// A nudge as `--json` prints it: every field, and whether Today shows it
/// in Waiting on you or Focus.
#[derive(Serialize)]
pub(super) struct Marked<'a> {
    #[serde(flatten)]
    pub nudge: &'a Nudge,
    pub focus: bool,
}

/// The three parts; `on` is the day when it is not today; `all` unfolds
/// Everything else.
pub(super) fn today_text(today: &Triage, on: Option<NaiveDate>, all: bool) -> String {
    let day = match on {
        Some(day) => format!("on {day}"),
        None => "today".to_owned(),
    };
    let mut text = String::new();
    if today.all().next().is_none() {
        return format!("Nothing due {day}.\n");
    }
    if on.is_some() {
        let _ = writeln!(text, "Due {day}:\n");
    }
    if !today.waiting.is_empty() {
        let _ = writeln!(text, "Waiting on you ({})", today.waiting.len());
        for nudge in &today.waiting {
            nudge_lines(&mut text, nudge, true);
        }
        text.push('\n');
    }
    if !today.focus.is_empty() {
        let _ = writeln!(text, "Focus");
        for nudge in &today.focus {
            nudge_lines(&mut text, nudge, true);
        }
        text.push('\n');
    }
    let folded = today.folded();
    if folded > 0 {
        let mut counts: Vec<String> = kinds_in(&today.rest)
            .into_iter()
            .map(|kind| counted(kind, today.rest.iter().filter(|n| n.kind == kind).count()))
            .collect();
        if !today.drifted.is_empty() {
            counts.push(format!("{} drifted apart", today.drifted.len()));
        }
        let _ = writeln!(text, "Everything else ({folded}): {}", counts.join(", "));
        if all {
            for kind in kinds_in(&today.rest) {
                let _ = writeln!(text, "\n  {} ({kind})", kind.label());
                for nudge in today.rest.iter().filter(|n| n.kind == kind) {
                    nudge_lines(&mut text, nudge, false);
                }
            }
            if !today.drifted.is_empty() {
                let _ = writeln!(
                    text,
                    "\n  Drifted apart (no contact for over three times their cadence: \
                     lower their trust, or reach out)"
                );
                for nudge in &today.drifted {
                    nudge_lines(&mut text, nudge, false);
                }
            }
        } else {
            let _ = writeln!(text, "(kith nudges --all lists them)");
        }
    }
    text
}

/// One nudge: who, what kind (where kinds mix) and why, then what to act
/// on.
fn nudge_lines(text: &mut String, nudge: &Nudge, with_kind: bool) {
    let indent = if with_kind { "  " } else { "    " };
    let kind = if with_kind {
        format!("{}: ", nudge.kind.label())
    } else {
        String::new()
    };
    match (&nudge.contact, nudge.contact_id) {
        (Some(name), Some(id)) => {
            let _ = writeln!(
                text,
                "{indent}{} ({id}) · {kind}{}",
                one_line(name),
                nudge.reason
            );
        }
        _ => {
            let _ = writeln!(text, "{indent}{kind}{}", nudge.reason);
        }
    }
    if let Some(context) = context_line(nudge) {
        let _ = writeln!(text, "{indent}    {context}");
    }
}

fn kinds_in(nudges: &[Nudge]) -> Vec<NudgeKind> {
    let mut kinds = Vec::new();
    for nudge in nudges {
        if !kinds.contains(&nudge.kind) {
            kinds.push(nudge.kind);
        }
    }
    kinds
}
/// What to act on, under a nudge: the latest interaction (its note, unless
/// the reason quotes it already) and up to three open follow-ups not named
/// in the reason. `None` when there is nothing to add.
fn context_line(nudge: &Nudge) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(last) = &nudge.last_interaction {
        let mut said = format!(
            "last: {}, {}",
            last.when.date(),
            last.channel.label().to_lowercase()
        );
        if !last.note.is_empty() && nudge.kind != NudgeKind::Unanswered {
            said.push_str(&format!(": \"{}\"", one_line(&last.note)));
        }
        parts.push(said);
    }
    let to_do: Vec<_> = nudge
        .follow_ups
        .iter()
        // A follow_up nudge's reason cites the due ones already.
        .filter(|f| {
            nudge.kind != NudgeKind::FollowUp
                || !nudge.reason.contains(&format!("{} (due ", f.what))
        })
        .collect();
    if !to_do.is_empty() {
        let shown: Vec<String> = to_do
            .iter()
            .take(3)
            .map(|f| match f.due {
                Some(due) => format!("{} (due {due})", one_line(&f.what)),
                None => one_line(&f.what).into_owned(),
            })
            .collect();
        let mut line = format!("to do: {}", shown.join("; "));
        if to_do.len() > 3 {
            line.push_str(&format!(" and {} more", to_do.len() - 3));
        }
        parts.push(line);
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// How the summary line counts nudges of a kind: "2 waiting on your reply".
fn counted(kind: NudgeKind, count: usize) -> String {
    match kind {
        NudgeKind::Unanswered => format!("{count} waiting on your reply"),
        NudgeKind::Neglect => format!("{count} to keep in touch"),
        NudgeKind::TooFast => format!("{count} moving too fast"),
        NudgeKind::Souring => format!("{count} souring"),
        NudgeKind::OneSided => format!("{count} one-sided"),
        NudgeKind::OverCapacity => format!("{} over capacity", plural(count, "layer")),
        NudgeKind::FollowUp => format!("{} with a follow-up due", plural(count, "person")),
        NudgeKind::Date => format!("{} with a date coming up", plural(count, "person")),
    }
}
