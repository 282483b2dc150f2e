//! Today as a triage queue: what is waiting on you, in full; the few most
//! urgent of the rest; and everything else, folded, with the people you
//! have drifted apart from in a fold of their own. A list of 95 reminders
//! is a list people learn to ignore.

use super::Nudge;
use crate::domain::{NudgeKind, Settings};

/// Past this many times their cadence without contact, people have
/// drifted apart: not 80 neglect cards above everything, but one fold with
/// one question each (lower their trust, or reach out).
pub const DRIFTED_RATIO: f64 = 3.0;

/// Today's nudges in their sections, each in the order they are shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Triage {
    /// Someone waiting on your reply, and follow-ups you promised: always
    /// in full.
    pub waiting: Vec<Nudge>,
    /// The next most urgent, at most `focus_size`.
    pub focus: Vec<Nudge>,
    /// Everything else but the drifted, grouped by kind (kinds in the order
    /// of their most urgent nudge).
    pub rest: Vec<Nudge>,
    /// Neglect past [`DRIFTED_RATIO`] times the cadence.
    pub drifted: Vec<Nudge>,
}

impl Triage {
    /// How many nudges are folded away.
    pub fn folded(&self) -> usize {
        self.rest.len() + self.drifted.len()
    }

    /// Every nudge, in the order the sections show them.
    pub fn all(&self) -> impl Iterator<Item = &Nudge> {
        self.waiting
            .iter()
            .chain(&self.focus)
            .chain(&self.rest)
            .chain(&self.drifted)
    }

    /// Whether `nudge` is in Waiting on you or Focus.
    pub fn in_focus(&self, nudge: &Nudge) -> bool {
        self.waiting.contains(nudge) || self.focus.contains(nudge)
    }
}

/// Whether a nudge is waiting on you: someone's unanswered message, or a
/// promise due.
pub fn is_waiting(kind: NudgeKind) -> bool {
    matches!(kind, NudgeKind::Unanswered | NudgeKind::FollowUp)
}

/// Sorts `nudges` (in the engine's order, most urgent first) into Today's
/// sections.
pub fn triage(nudges: &[Nudge], settings: &Settings) -> Triage {
    let mut triage = Triage::default();
    let mut others = Vec::new();
    for nudge in nudges {
        if is_waiting(nudge.kind) {
            triage.waiting.push(nudge.clone());
        } else if nudge.kind == NudgeKind::Neglect && nudge.urgency > DRIFTED_RATIO {
            triage.drifted.push(nudge.clone());
        } else {
            others.push(nudge.clone());
        }
    }
    let focus = (settings.focus_size as usize).min(others.len());
    triage.rest = others.split_off(focus);
    triage.focus = others;
    // The rest by kind, each kind in the engine's order; kinds in the
    // order of their most urgent.
    let mut kinds: Vec<NudgeKind> = Vec::new();
    for nudge in &triage.rest {
        if !kinds.contains(&nudge.kind) {
            kinds.push(nudge.kind);
        }
    }
    triage
        .rest
        .sort_by_key(|nudge| kinds.iter().position(|kind| *kind == nudge.kind));
    triage
}
