//! The nudge rules on mixed one-person and group histories: a group
//! interaction is an interaction with each participant (their last contact,
//! channel and count), and "them" is them only for the one who reached out;
//! for the others it is neither side's turn. Facts are built from each
//! history as the store keeps them, through
//! [`InteractionDraft::initiated_by_for`]. Today is Monday 1 June 2026.

use super::tests::{at_ago, calm};
use super::*;
use crate::domain::{Channel, Initiator, InteractionDraft, NudgeKind, Settings, Tone};

use Initiator::{Me, Mutual, Them};
use NudgeKind::{Neglect, OneSided, Unanswered};

const ADA: ContactId = ContactId(1);
const GRACE: ContactId = ContactId(2);
const TOM: ContactId = ContactId(3);

/// A message `days` ago with `people`, started by `by` (with `Them`, the
/// first of them).
fn message(days: i64, people: &[ContactId], by: Initiator) -> InteractionDraft {
    let mut draft = InteractionDraft::with_people(people.to_vec(), at_ago(days));
    draft.channel = Channel::Message;
    draft.initiated_by = by;
    draft.initiator = (by == Them).then(|| people[0]);
    draft
}

/// `person`'s facts from `history` (oldest first), as the store derives
/// them: a settled familiar friend, with only these interactions.
fn facts_of(person: ContactId, history: &[InteractionDraft]) -> ContactFacts {
    let mut facts = calm("someone");
    facts.id = person;
    facts.cadence_days = Some(30);
    let theirs: Vec<&InteractionDraft> = history
        .iter()
        .filter(|i| i.participants.contains(&person))
        .collect();
    facts.interaction_count = theirs.len() as u32;
    facts.last_interaction_at = theirs.last().map(|i| i.when);
    facts.last_channel = theirs.last().map(|i| i.channel);
    facts.recent = theirs
        .iter()
        .rev()
        .map(|i| (i.initiated_by_for(person), Tone::Neutral))
        .collect();
    facts
}

/// Eight group threads Ada started with Grace, a week apart.
fn ada_starts_with_grace() -> Vec<InteractionDraft> {
    (0..8)
        .map(|week| message(60 - 7 * week, &[ADA, GRACE], Them))
        .collect()
}

#[test]
fn group_histories_nudge_each_participant_as_their_part_says() {
    // (what, history, whose facts, kind, whether it fires)
    let cases: Vec<(&str, Vec<InteractionDraft>, ContactId, NudgeKind, bool)> = vec![
        (
            "Ada wrote to three of us and waits",
            vec![message(10, &[ADA, GRACE, TOM], Them)],
            ADA,
            Unanswered,
            true,
        ),
        (
            "Grace was only in Ada's thread",
            vec![message(10, &[ADA, GRACE, TOM], Them)],
            GRACE,
            Unanswered,
            false,
        ),
        (
            "Tom wrote alone, then Ada's group thread came after",
            vec![message(12, &[TOM], Them), message(10, &[ADA, TOM], Them)],
            TOM,
            Unanswered,
            false,
        ),
        (
            "Tom wrote alone after the group thread",
            vec![message(12, &[ADA, TOM], Them), message(10, &[TOM], Them)],
            TOM,
            Unanswered,
            true,
        ),
        (
            "Ada started eight threads: one-sided from her side",
            ada_starts_with_grace(),
            ADA,
            OneSided,
            true,
        ),
        (
            "for Grace, in all of them, neither side started",
            ada_starts_with_grace(),
            GRACE,
            OneSided,
            false,
        ),
        (
            "I started eight with Tom, alone or with others",
            (0..8)
                .map(|n| {
                    let with: &[ContactId] = if n % 2 == 0 { &[TOM] } else { &[TOM, ADA] };
                    message(60 - 7 * n, with, Me)
                })
                .collect(),
            TOM,
            OneSided,
            true,
        ),
        (
            "a group dinner last week is contact with Grace",
            vec![
                message(100, &[GRACE], Mutual),
                message(7, &[ADA, GRACE], Me),
            ],
            GRACE,
            Neglect,
            false,
        ),
        (
            "but not with Tom, who was not there",
            vec![message(100, &[TOM], Mutual), message(7, &[ADA, GRACE], Me)],
            TOM,
            Neglect,
            true,
        ),
    ];
    for (what, history, person, kind, fires) in cases {
        let facts = facts_of(person, &history);
        let kinds: Vec<NudgeKind> =
            contact_nudges(super::tests::today(), &facts, &Settings::default())
                .iter()
                .map(|n| n.kind)
                .collect();
        assert_eq!(kinds.contains(&kind), fires, "{what}: {kinds:?}");
    }
}
