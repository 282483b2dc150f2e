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

/// From how many contacts at once [`Evaluation::add`] shares the work
/// between threads. Batches smaller than this (the store hands over 4,096
/// at a time) are judged on the calling thread: new threads for every batch
/// cost more than they save, each starting a heap of fresh memory that the
/// kernel must zero first.
const PARALLEL_FROM: usize = 16_384;

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
    let mut evaluation = Evaluation::new(today, settings, states);
    evaluation.add(facts);
    evaluation.finish()
}

/// [`evaluate`] a batch of contacts at a time, so that a caller reading
/// 100,000 people's facts never holds them all at once: the result is the
/// same however the contacts are batched and in whatever order they come.
pub struct Evaluation<'a> {
    today: NaiveDate,
    settings: &'a Settings,
    states: HashMap<(Option<ContactId>, NudgeKind), &'a NudgeState>,
    /// Non-archived contacts at each level, index 0 = handshake.
    counts: [u32; 5],
    nudges: Vec<Nudge>,
}

impl<'a> Evaluation<'a> {
    pub fn new(today: NaiveDate, settings: &'a Settings, states: &'a [NudgeState]) -> Self {
        Self {
            today,
            settings,
            states: states
                .iter()
                .map(|state| ((state.contact_id, state.kind), state))
                .collect(),
            counts: [0; 5],
            nudges: Vec::new(),
        }
    }

    fn hidden(&self, contact: Option<ContactId>, kind: NudgeKind, evidence: i64) -> bool {
        !self.settings.shows(kind)
            || self
                .states
                .get(&(contact, kind))
                .is_some_and(|state| hides(state, self.today, evidence))
    }

    /// Judges `facts`, a batch of contacts none of which came before.
    pub fn add(&mut self, facts: &[ContactFacts]) {
        for contact in facts.iter().filter(|facts| !facts.archived) {
            self.counts[usize::from(contact.trust.number() - 1)] += 1;
        }
        let this = &*self;
        let of_contacts = |chunk: &[ContactFacts]| -> Vec<Nudge> {
            chunk
                .iter()
                .filter(|facts| !facts.archived)
                .flat_map(|contact| {
                    contact_nudges(this.today, contact, this.settings)
                        .into_iter()
                        .filter(|nudge| {
                            !this.hidden(Some(contact.id), nudge.kind, contact.evidence)
                        })
                })
                .collect()
        };
        // Each contact's rules are independent of everyone else's, so a
        // long list is shared out between the cores; the result is sorted
        // at the end, so it does not depend on how it was shared.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let parts = if threads > 1 && facts.len() >= PARALLEL_FROM {
            let chunk = facts.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let parts: Vec<_> = facts
                    .chunks(chunk)
                    .map(|part| scope.spawn(|| of_contacts(part)))
                    .collect();
                parts
                    .into_iter()
                    .map(|part| part.join().expect("the nudge rules do not panic"))
                    .collect()
            })
        } else {
            vec![of_contacts(facts)]
        };
        self.nudges
            .reserve(parts.iter().map(Vec::len).sum::<usize>());
        for part in parts {
            self.nudges.extend(part);
        }
    }

    /// The capacity nudge, then everything in order.
    pub fn finish(mut self) -> Vec<Nudge> {
        if !self.hidden(None, NudgeKind::OverCapacity, layer_evidence(&self.counts)) {
            let capacity = capacity_nudges(&self.counts, self.settings);
            self.nudges.extend(capacity);
        }
        sort_nudges(&mut self.nudges);
        self.nudges
    }
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
    // The keys are made once and sorted with the nudges' places, and the
    // nudges then moved to their places once: comparing folded names at
    // every step, or moving whole nudges at every step, dominated the cost
    // of a list of 40,000.
    let mut keys: Vec<(OrderKey, usize)> = nudges
        .iter()
        .enumerate()
        .map(|(at, n)| (order_key(n), at))
        .collect();
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| rest_of_order(&nudges[a.1], &nudges[b.1]))
    });
    let mut from: Vec<usize> = keys.into_iter().map(|(_, at)| at).collect();
    // Each place `k` takes the nudge from place `from[k]`: follow each
    // cycle of the permutation, one swap per nudge.
    for start in 0..from.len() {
        let mut k = start;
        while from[k] != start {
            let next = from[k];
            nudges.swap(k, next);
            from[k] = k;
            k = next;
        }
        from[k] = k;
    }
}

/// The order of [`sort_nudges`] for two nudges, for inserting one nudge
/// into a sorted list with a binary search. A total order: two nudges
/// compare equal only when everything it looks at is equal, so sorting
/// unstably gives the same order as sorting stably.
pub fn compare_nudges(a: &Nudge, b: &Nudge) -> std::cmp::Ordering {
    order_key(a)
        .cmp(&order_key(b))
        .then_with(|| rest_of_order(a, b))
}

/// What the order looks at first: severity and urgency (most first),
/// people before nudges about no one, then the name folded to lowercase
/// a character at a time.
type OrderKey = (Reverse<i64>, Reverse<i64>, bool, String);

fn order_key(nudge: &Nudge) -> OrderKey {
    let folded = nudge
        .contact
        .as_deref()
        .into_iter()
        .flat_map(str::chars)
        .flat_map(char::to_lowercase)
        .collect();
    (
        Reverse(severity_order(nudge.severity)),
        Reverse(severity_order(nudge.urgency)),
        nudge.contact.is_none(),
        folded,
    )
}

/// The order of two nudges alike in severity, urgency and folded name.
fn rest_of_order(a: &Nudge, b: &Nudge) -> std::cmp::Ordering {
    (&a.contact, a.contact_id, a.kind, &a.reason).cmp(&(
        &b.contact,
        b.contact_id,
        b.kind,
        &b.reason,
    ))
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
