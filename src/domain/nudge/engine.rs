//! Putting the rules together: the layers, snoozes and dismissals, and the
//! one order every list of nudges is shown in.

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::rules::{contact_nudges, round};
use super::text::counted;
use super::{ContactFacts, Nudge, NudgeState, layer_evidence};
use crate::domain::{ContactId, NudgeKind, Settings};

/// The `over_capacity` nudge from the number of non-archived contacts at
/// each level, index 0 = handshake .. 4 = intimate: one nudge, naming every
/// layer that holds more people than its capacity (none if no layer does).
pub fn capacity_nudges(counts: &[u32; 5], settings: &Settings) -> Vec<Nudge> {
    // (lowest level index in the layer, capacity, who is in it: one, many)
    let layers = [
        (4, settings.capacity_intimate, "is intimate", "are intimate"),
        (
            3,
            settings.capacity_trusted,
            "is trusted or closer",
            "are trusted or closer",
        ),
        (
            2,
            settings.capacity_familiar,
            "is familiar or closer",
            "are familiar or closer",
        ),
        (
            1,
            settings.capacity_acquaintance,
            "is an acquaintance or closer",
            "are acquaintances or closer",
        ),
    ];
    let over: Vec<(f64, String)> = layers
        .into_iter()
        .filter_map(|(lowest, capacity, one, many)| {
            let people: u64 = counts[lowest..].iter().copied().map(u64::from).sum();
            let capacity = u64::from(capacity);
            if people <= capacity {
                return None;
            }
            let share = (people - capacity) as f64 / capacity.max(1) as f64;
            let who = counted(people as i64, "person", "people");
            let verb = if people == 1 { one } else { many };
            Some((
                share,
                format!("{who} {verb} (about {capacity} can be sustained)"),
            ))
        })
        .collect();
    let Some(worst) = over.iter().map(|(share, _)| *share).reduce(f64::max) else {
        return Vec::new();
    };
    let layers: Vec<String> = over.into_iter().map(|(_, text)| text).collect();
    vec![Nudge {
        kind: NudgeKind::OverCapacity,
        contact_id: None,
        contact: None,
        severity: round(20.0 + 15.0 * worst.min(1.0)),
        reason: format!("More than people can sustain: {}", layers.join("; ")),
        last_interaction: None,
        follow_ups: Vec::new(),
        details: Vec::new(),
        urgency: 20.0 + 15.0 * worst.min(1.0),
    }]
}

/// From how many contacts [`evaluate`] shares the work between threads.
const PARALLEL_FROM: usize = 4096;

/// Everything due: every contact's nudges plus capacity, minus those hidden
/// by `states` (snoozed until a day after `today`, or dismissed while the
/// contact's `evidence` (or, for over_capacity, `layer_evidence(counts)`) is
/// unchanged), ordered most severe first, then by contact name, then kind.
/// Archived contacts give no nudges and do not count toward capacity.
pub fn evaluate(
    today: NaiveDate,
    facts: &[ContactFacts],
    settings: &Settings,
    states: &[NudgeState],
) -> Vec<Nudge> {
    let states: HashMap<(Option<ContactId>, NudgeKind), &NudgeState> = states
        .iter()
        .map(|state| ((state.contact_id, state.kind), state))
        .collect();
    let hidden = |contact, kind, evidence| {
        !settings.shows(kind)
            || states
                .get(&(contact, kind))
                .is_some_and(|state| hides(state, today, evidence))
    };
    let mut counts = [0u32; 5];
    for contact in facts.iter().filter(|facts| !facts.archived) {
        counts[usize::from(contact.trust.number() - 1)] += 1;
    }
    let of_contacts = |chunk: &[ContactFacts]| -> Vec<Nudge> {
        chunk
            .iter()
            .filter(|facts| !facts.archived)
            .flat_map(|contact| {
                contact_nudges(today, contact, settings)
                    .into_iter()
                    .filter(|nudge| !hidden(Some(contact.id), nudge.kind, contact.evidence))
            })
            .collect()
    };
    // Each contact's rules are independent of everyone else's, so a long
    // list is shared out between the cores; the result is sorted below, so
    // it does not depend on how it was shared.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut nudges = if threads > 1 && facts.len() >= PARALLEL_FROM {
        let chunk = facts.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = facts
                .chunks(chunk)
                .map(|part| scope.spawn(|| of_contacts(part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|part| part.join().expect("the nudge rules do not panic"))
                .collect::<Vec<Nudge>>()
        })
    } else {
        of_contacts(facts)
    };
    if !hidden(None, NudgeKind::OverCapacity, layer_evidence(&counts)) {
        nudges.extend(capacity_nudges(&counts, settings));
    }
    sort_nudges(&mut nudges);
    nudges
}

/// Whether `state` hides a nudge of its kind, on `today`, for a contact (or
/// the layers) with this `evidence`.
pub fn hides(state: &NudgeState, today: NaiveDate, evidence: i64) -> bool {
    state.snoozed_until.is_some_and(|until| today < until)
        || state.dismissed_at_evidence == Some(evidence)
}

/// The order [`evaluate`] uses, so an app can keep a list sorted after
/// recomputing one contact: most severe first, then most urgent (see
/// [`Nudge::urgency`]), then by contact name (ignoring case; nudges about
/// no one last), contact id, kind and reason.
pub fn sort_nudges(nudges: &mut [Nudge]) {
    // Each key is built once, not at every comparison: folding names to
    // lowercase on every comparison dominated the cost of a long list.
    nudges.sort_by_cached_key(sort_key);
}

/// The order of [`sort_nudges`] for two nudges, for inserting one nudge
/// into a sorted list with a binary search.
pub fn compare_nudges(a: &Nudge, b: &Nudge) -> std::cmp::Ordering {
    sort_key(a).cmp(&sort_key(b))
}

type SortKey = (
    Reverse<i64>,
    Reverse<i64>,
    bool,
    Option<String>,
    Option<String>,
    Option<ContactId>,
    NudgeKind,
    String,
);

fn sort_key(nudge: &Nudge) -> SortKey {
    (
        Reverse(severity_order(nudge.severity)),
        Reverse(severity_order(nudge.urgency)),
        nudge.contact.is_none(),
        nudge.contact.as_deref().map(str::to_lowercase),
        nudge.contact.clone(),
        nudge.contact_id,
        nudge.kind,
        nudge.reason.clone(),
    )
}

/// An integer that orders like `f64::total_cmp` (the same transformation
/// the standard library uses), so severities can be part of a sort key.
fn severity_order(severity: f64) -> i64 {
    let bits = severity.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::severity_order;

    #[test]
    fn severity_order_agrees_with_total_cmp() {
        let values = [
            -10.5,
            -0.0,
            0.0,
            0.1,
            20.0,
            59.9,
            60.0,
            100.0,
            f64::INFINITY,
        ];
        for a in values {
            for b in values {
                assert_eq!(
                    severity_order(a).cmp(&severity_order(b)),
                    a.total_cmp(&b),
                    "{a} vs {b}"
                );
            }
        }
    }
}
