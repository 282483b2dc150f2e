//! One generated person: the story their relationship follows, their
//! details, their trust history and their interactions.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::words::*;
use super::{clock_time, pick};
use crate::domain::{
    Channel, Circle, ContactDraft, Depth, Initiator, InteractionDraft, Labeled, MetVia, Tone,
    TrustLevel,
};

/// The shape a generated relationship takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Story {
    /// Close, steady, seen in person; the inner layers.
    Close,
    /// Regular, friendly, mostly balanced.
    Steady,
    /// Work: email, video and meetings.
    Colleague,
    /// Met online or at an event, a handful of exchanges.
    Loose,
    /// Used to be in touch, then went quiet.
    Drifting,
    /// They reached out last and are waiting on a reply.
    Waiting,
    /// Trust granted fast, on little history, mostly online.
    Rushed,
    /// The last exchanges went badly.
    Souring,
    /// Always the same person reaching out.
    OneSided,
}

pub(super) struct TrustStep {
    pub level: TrustLevel,
    pub on: NaiveDate,
    pub reason: &'static str,
}

pub(super) struct Person {
    pub fields: ContactDraft,
    story: Story,
    pub known_since: NaiveDate,
    pub first_level: TrustLevel,
    pub trust_steps: Vec<TrustStep>,
    pub archived: bool,
    /// How many interactions to make.
    count: u32,
    /// Days between the last interaction and today.
    quiet_days: i64,
}

impl Person {
    pub fn generate(rng: &mut fastrand::Rng, index: u32, today: NaiveDate) -> Self {
        let story = match rng.u32(0..100) {
            0..=3 => Story::Close,
            4..=23 => Story::Steady,
            24..=43 => Story::Colleague,
            44..=71 => Story::Loose,
            72..=81 => Story::Drifting,
            82..=87 => Story::Waiting,
            88..=91 => Story::Rushed,
            92..=95 => Story::Souring,
            _ => Story::OneSided,
        };
        let first = pick(rng, FIRST_NAMES);
        let last = pick(rng, LAST_NAMES);
        let name = format!("{first} {last}");
        let years_known: i64 = match story {
            Story::Close => rng.i64(2 * 365..12 * 365),
            Story::Rushed => rng.i64(10..80),
            Story::Drifting => rng.i64(2 * 365..8 * 365),
            _ => rng.i64(60..6 * 365),
        };
        let known_since = today - Duration::days(years_known);
        let (circle, met_via, met_where) = match story {
            Story::Colleague => (
                if rng.u8(0..4) == 0 {
                    Circle::Both
                } else {
                    Circle::Professional
                },
                MetVia::Work,
                pick(rng, WORKPLACES).to_owned(),
            ),
            Story::Loose | Story::Rushed => {
                if rng.bool() {
                    (
                        Circle::Personal,
                        MetVia::SocialMedia,
                        pick(rng, ONLINE_PLACES).to_owned(),
                    )
                } else {
                    let via = if rng.bool() {
                        MetVia::Event
                    } else {
                        MetVia::OnlineCommunity
                    };
                    (Circle::Both, via, pick(rng, EVENTS).to_owned())
                }
            }
            _ => {
                let via = [
                    MetVia::InPerson,
                    MetVia::Introduction,
                    MetVia::Event,
                    MetVia::Other,
                ][rng.usize(..4)];
                (Circle::Personal, via, pick(rng, PLACES).to_owned())
            }
        };
        let final_level = match story {
            Story::Close => {
                if rng.u8(0..3) == 0 {
                    TrustLevel::Intimate
                } else {
                    TrustLevel::Trusted
                }
            }
            Story::Steady => match rng.u8(0..8) {
                0 => TrustLevel::Trusted,
                1..=5 => TrustLevel::Familiar,
                _ => TrustLevel::Acquaintance,
            },
            Story::Colleague | Story::Souring | Story::OneSided => {
                if rng.u8(0..4) == 0 {
                    TrustLevel::Familiar
                } else {
                    TrustLevel::Acquaintance
                }
            }
            Story::Loose => [TrustLevel::Handshake, TrustLevel::Acquaintance][rng.usize(..2)],
            Story::Drifting | Story::Waiting => match rng.u8(0..10) {
                0 => TrustLevel::Trusted,
                1..=4 => TrustLevel::Familiar,
                _ => TrustLevel::Acquaintance,
            },
            Story::Rushed => TrustLevel::Trusted,
        };
        // Trust grows a level at a time over the years, except when rushed.
        let first_level = if story == Story::Rushed {
            TrustLevel::Handshake
        } else {
            TrustLevel::Handshake.max(level_below(final_level, rng.u8(0..3)))
        };
        let mut trust_steps = Vec::new();
        let mut level = first_level;
        let span = (today - known_since).num_days().max(2);
        while level < final_level {
            let next = if story == Story::Rushed {
                final_level
            } else {
                level_below(final_level, 0).min(level_above(level))
            };
            let on = if story == Story::Rushed {
                today - Duration::days(rng.i64(0..(span / 2).max(1)))
            } else {
                let done = trust_steps.len() as i64 + 1;
                known_since + Duration::days(span * done / 4 + rng.i64(0..span / 8 + 1))
            };
            trust_steps.push(TrustStep {
                level: next,
                on: on.min(today).max(known_since),
                reason: pick(rng, TRUST_REASONS),
            });
            level = next;
        }
        let count = match story {
            Story::Close => rng.u32(25..60),
            Story::Steady | Story::Colleague => rng.u32(8..20),
            Story::Loose => rng.u32(1..5),
            Story::Drifting => rng.u32(5..12),
            Story::Waiting | Story::Souring => rng.u32(4..12),
            Story::Rushed => rng.u32(2..5),
            Story::OneSided => rng.u32(8..14),
        };
        let quiet_days = match story {
            Story::Close => rng.i64(0..10),
            Story::Drifting => rng.i64(200..900),
            Story::Waiting => rng.i64(3..21),
            Story::Loose => rng.i64(30..420),
            Story::Rushed => rng.i64(0..5),
            _ => rng.i64(1..120),
        }
        .min(span - 1);

        let mut fields = ContactDraft {
            name,
            circle,
            met_via: Some(met_via),
            met_where: Some(met_where),
            met_on: (rng.u8(0..3) > 0).then_some(known_since),
            ..ContactDraft::default()
        };
        let domain = pick(rng, EMAIL_DOMAINS);
        let handle = format!("{}.{}", first.to_lowercase(), last.to_lowercase())
            .replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "");
        if rng.u8(0..4) > 0 {
            fields.emails.push(Labeled::new(
                Some(if circle == Circle::Professional {
                    "work"
                } else {
                    "home"
                }),
                &format!("{handle}{index}@{domain}"),
            ));
        }
        if rng.bool() {
            fields.phones.push(Labeled::new(
                Some("mobile"),
                &format!(
                    "+44 7{:03} {:06}",
                    rng.u32(100..1000),
                    rng.u32(0..1_000_000)
                ),
            ));
        }
        if rng.u8(0..3) == 0 {
            let year = rng.i32(1950..2004);
            let birthday = format!("{year}-{:02}-{:02}", rng.u32(1..13), rng.u32(1..29));
            fields.birthday = crate::domain::Birthday::parse(&birthday).ok();
        }
        if matches!(circle, Circle::Professional | Circle::Both) || rng.u8(0..3) == 0 {
            fields.organisation = Some(pick(rng, ORGANISATIONS).to_owned());
        }
        if rng.u8(0..5) == 0 {
            fields.nickname = Some(first.chars().take(3).collect());
        }
        for _ in 0..rng.usize(0..3) {
            fields.tags.push(pick(rng, TAGS).to_owned());
        }
        if rng.bool() {
            fields.notes = format!("{} {}", pick(rng, PERSON_NOTES), pick(rng, PERSON_NOTES));
        }
        if story == Story::Close && rng.u8(0..4) == 0 {
            fields.cadence_days = Some(14);
        }
        Self {
            fields,
            story,
            known_since,
            first_level,
            trust_steps,
            archived: story == Story::Drifting && rng.u8(0..10) == 0,
            count,
            quiet_days,
        }
    }

    /// The interactions, oldest first.
    /// The level after every trust step.
    pub fn final_level(&self) -> TrustLevel {
        self.trust_steps
            .last()
            .map_or(self.first_level, |step| step.level)
    }

    pub fn interactions(
        &self,
        rng: &mut fastrand::Rng,
        contact: crate::domain::ContactId,
        today: NaiveDate,
    ) -> Vec<InteractionDraft> {
        let last_day = today - Duration::days(self.quiet_days);
        let span = (last_day - self.known_since).num_days().max(0);
        let mut days: Vec<i64> = (0..self.count).map(|_| rng.i64(0..=span)).collect();
        days.sort_unstable();
        if let Some(last) = days.last_mut() {
            *last = span; // the last one sets how long it has been quiet
        }
        // Times are drawn per day, then sorted, so that "the latest" below
        // is the latest even when two interactions share a day.
        let mut whens: Vec<NaiveDateTime> = days
            .into_iter()
            .map(|day| (self.known_since + Duration::days(day)).and_time(clock_time(rng)))
            .collect();
        whens.sort_unstable();
        let total = whens.len();
        let mut drafts: Vec<InteractionDraft> = whens
            .into_iter()
            .enumerate()
            .map(|(i, when)| {
                let from_end = total - 1 - i; // 0 for the latest
                let mut draft = InteractionDraft::new(contact, when);
                draft.channel = self.channel(rng);
                draft.initiated_by = match self.story {
                    Story::OneSided => {
                        if from_end < 8 || rng.u8(0..6) > 0 {
                            Initiator::Me
                        } else {
                            Initiator::Them
                        }
                    }
                    Story::Waiting if from_end == 0 => Initiator::Them,
                    // When they reach out, you answer: only the waiting
                    // story ends on their message.
                    _ if from_end == 0 => [Initiator::Me, Initiator::Mutual][rng.usize(..2)],
                    _ => [Initiator::Me, Initiator::Them, Initiator::Mutual][rng.usize(..3)],
                };
                if self.story == Story::Waiting && from_end == 0 {
                    draft.channel =
                        [Channel::Message, Channel::Email, Channel::Social][rng.usize(..3)];
                }
                draft.tone = match self.story {
                    Story::Souring if from_end < 3 && from_end != 1 => Tone::Negative,
                    _ => match rng.u8(0..20) {
                        0 => Tone::Negative,
                        1..=8 => Tone::Neutral,
                        _ => Tone::Positive,
                    },
                };
                draft.depth = match (self.story, rng.u8(0..10)) {
                    (Story::Rushed, 0..=4) => Depth::Intimate,
                    (Story::Close, 0..=1) => Depth::Intimate,
                    (Story::Close | Story::Steady, 2..=5) => Depth::Personal,
                    (_, 0) => Depth::Personal,
                    _ => Depth::SmallTalk,
                };
                draft.minutes = match draft.channel {
                    Channel::InPerson => Some(rng.u32(2..16) * 15),
                    Channel::Call | Channel::Video => Some(rng.u32(1..8) * 10),
                    _ => None,
                };
                if rng.u8(0..10) < 6 {
                    draft.note = note(rng, draft.depth);
                }
                draft
            })
            .collect();
        self.keep_durations_honest(&mut drafts);
        drafts
    }

    /// Only some people log how long they spend together. Those whose
    /// logged hours would not support the trust they have (the too-fast
    /// rule's hours check) are treated as not logging durations at all,
    /// except in the rushed story, where the shortfall is the point.
    fn keep_durations_honest(&self, drafts: &mut [InteractionDraft]) {
        if self.story == Story::Rushed {
            return;
        }
        let level = self
            .trust_steps
            .last()
            .map_or(self.first_level, |step| step.level);
        let needed_hours = match level {
            TrustLevel::Intimate => 200,
            TrustLevel::Trusted => 90,
            TrustLevel::Familiar => 50,
            _ => 0,
        };
        let minutes: u32 = drafts.iter().filter_map(|d| d.minutes).sum();
        if minutes < needed_hours * 60 {
            for draft in drafts.iter_mut() {
                draft.minutes = None;
            }
        }
    }

    fn channel(&self, rng: &mut fastrand::Rng) -> Channel {
        let roll = rng.u8(0..20);
        match self.story {
            Story::Close | Story::Steady | Story::Drifting | Story::Souring => match roll {
                0..=7 => Channel::InPerson,
                8..=10 => Channel::Call,
                11..=12 => Channel::Video,
                13..=17 => Channel::Message,
                18 => Channel::Letter,
                _ => Channel::Other,
            },
            Story::Colleague => match roll {
                0..=4 => Channel::Email,
                5..=9 => Channel::Video,
                10..=14 => Channel::InPerson,
                15..=17 => Channel::Message,
                _ => Channel::Call,
            },
            Story::Loose | Story::Rushed | Story::Waiting | Story::OneSided => match roll {
                0..=8 => Channel::Social,
                9..=15 => Channel::Message,
                16..=17 => Channel::Email,
                _ => Channel::InPerson,
            },
        }
    }
}

fn level_below(level: TrustLevel, steps: u8) -> TrustLevel {
    let number = i64::from(level.number()) - i64::from(steps);
    TrustLevel::from_number(number.max(1)).unwrap_or_default()
}

fn level_above(level: TrustLevel) -> TrustLevel {
    TrustLevel::from_number(i64::from(level.number()) + 1).unwrap_or(TrustLevel::Intimate)
}

fn note(rng: &mut fastrand::Rng, depth: Depth) -> String {
    let topics: &[&str] = match depth {
        Depth::SmallTalk => SMALL_TALK,
        Depth::Personal => PERSONAL,
        Depth::Intimate => INTIMATE,
    };
    let mut text = pick(rng, topics).to_owned();
    if rng.u8(0..3) == 0 {
        text.push_str(". ");
        text.push_str(pick(rng, FOLLOW_UPS));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_steps_stay_within_bounds() {
        assert_eq!(level_below(TrustLevel::Familiar, 5), TrustLevel::Handshake);
        assert_eq!(level_above(TrustLevel::Intimate), TrustLevel::Intimate);
        assert_eq!(level_above(TrustLevel::Handshake), TrustLevel::Acquaintance);
    }
}
