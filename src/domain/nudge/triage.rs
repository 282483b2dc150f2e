//! Today as a triage queue: what is waiting on you, in full; the few most
//! urgent of the rest; and everything else, folded, with the people you
//! have drifted apart from in a fold of their own. A list of 95 reminders
//! is a list people learn to ignore.

use super::{ContactFacts, Nudge, effective_cadence};
use crate::domain::{NudgeKind, Settings};

/// Past this many times their cadence without contact, people have
/// drifted apart: not 80 neglect cards above everything, but one fold with
/// one question each (lower their trust, or reach out).
pub const DRIFTED_RATIO: f64 = 3.0;

/// After this many skips of their neglect nudge in a row, a longer cadence
/// is offered: the rhythm set does not suit the relationship.
pub const SKIPS_BEFORE_LONGER_CADENCE: u32 = 3;

/// The longer cadence to offer someone whose neglect nudge was skipped
/// [`SKIPS_BEFORE_LONGER_CADENCE`] times in a row: twice the current one.
pub fn longer_cadence(facts: &ContactFacts, settings: &Settings) -> Option<u32> {
    if facts.skips_in_a_row < SKIPS_BEFORE_LONGER_CADENCE {
        return None;
    }
    effective_cadence(facts, settings).map(|days| days.saturating_mul(2))
}

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
}

/// Whether a nudge is waiting on you: someone's unanswered message, or a
/// promise due.
pub fn is_waiting(kind: NudgeKind) -> bool {
    matches!(kind, NudgeKind::Unanswered | NudgeKind::FollowUp)
}

/// Today's sections as positions in a list of nudges, for a screen that
/// keeps the list and must not copy it on every change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sections {
    pub waiting: Vec<usize>,
    pub focus: Vec<usize>,
    pub rest: Vec<usize>,
    pub drifted: Vec<usize>,
}

impl Sections {
    /// How many nudges are in Waiting on you and Focus: what is due today.
    pub fn due(&self) -> usize {
        self.waiting.len() + self.focus.len()
    }

    /// How many nudges are folded away.
    pub fn folded(&self) -> usize {
        self.rest.len() + self.drifted.len()
    }
}

/// Sorts `nudges` (in the engine's order, most urgent first) into Today's
/// sections.
pub fn triage(nudges: &[Nudge], settings: &Settings) -> Triage {
    let sections = sections(nudges, settings);
    let pick = |at: &[usize]| at.iter().map(|&i| nudges[i].clone()).collect();
    Triage {
        waiting: pick(&sections.waiting),
        focus: pick(&sections.focus),
        rest: pick(&sections.rest),
        drifted: pick(&sections.drifted),
    }
}

/// [`triage`] by position: which of `nudges` go in each section, in the
/// order each shows them.
pub fn sections(nudges: &[Nudge], settings: &Settings) -> Sections {
    let mut sections = Sections::default();
    let mut others = Vec::new();
    for (i, nudge) in nudges.iter().enumerate() {
        if is_waiting(nudge.kind) {
            sections.waiting.push(i);
        } else if nudge.kind == NudgeKind::Neglect && nudge.urgency > DRIFTED_RATIO {
            sections.drifted.push(i);
        } else {
            others.push(i);
        }
    }
    let focus = (settings.focus_size as usize).min(others.len());
    let rest = others.split_off(focus);
    sections.focus = others;
    // The rest by kind, each kind in the engine's order; kinds in the
    // order of their most urgent. A bucket per kind, not a sort: this runs
    // after every change, over tens of thousands of nudges.
    let mut buckets: Vec<(NudgeKind, Vec<usize>)> = Vec::new();
    for i in rest {
        let kind = nudges[i].kind;
        match buckets.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, bucket)) => bucket.push(i),
            None => buckets.push((kind, vec![i])),
        }
    }
    sections.rest = buckets.into_iter().flat_map(|(_, bucket)| bucket).collect();
    sections
}
