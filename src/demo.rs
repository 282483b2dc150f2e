//! Generated people and history, for trying Kith out and for benchmarks.
//!
//! `generate` fills a store with people who look like a real person's
//! network: a few close friends seen every week, colleagues, people met at
//! events and online, and the untidy parts that Kith exists for: friends
//! drifting away, messages left unanswered, relationships souring or
//! one-sided, and trust granted faster than the history supports. All
//! history is anchored to `today`, and everything (names, dates, UUIDs)
//! comes from one seeded generator, so one seed on one day gives one
//! database.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use uuid::Uuid;

use crate::domain::{
    Channel, Circle, ContactDraft, Depth, Initiator, InteractionDraft, Labeled, MetVia, Tone,
    TrustLevel,
};
use crate::store::{NewContact, Result, Store};

/// What a call to [`generate`] made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Made {
    pub contacts: usize,
    pub interactions: usize,
    pub trust_changes: usize,
}

/// Fills `store` with `people` generated people and their history, in one
/// transaction.
pub fn generate(store: &mut Store, people: u32, seed: u64, today: NaiveDate) -> Result<Made> {
    let now = today.and_time(NaiveTime::from_hms_opt(23, 59, 0).expect("valid time"));
    let mut rng = fastrand::Rng::with_seed(seed);
    store.write_batch(now, |batch| {
        let mut made = Made::default();
        for index in 0..people {
            let person = Person::generate(&mut rng, index, today);
            let created_at = person.known_since.and_time(clock_time(&mut rng));
            let id = batch.add_contact(
                NewContact {
                    fields: person.fields.clone(),
                    trust: Some(person.first_level),
                    uuid: Some(uuid(&mut rng)),
                    trust_uuid: Some(uuid(&mut rng)),
                    archived: person.archived,
                },
                created_at.min(now),
            )?;
            made.contacts += 1;
            made.trust_changes += 1;
            for step in &person.trust_steps {
                batch.add_trust_change(
                    id,
                    step.level,
                    step.on,
                    step.reason,
                    Some(uuid(&mut rng)),
                )?;
                made.trust_changes += 1;
            }
            for event in person.interactions(&mut rng, id, today) {
                batch.add_interaction(&event, Some(uuid(&mut rng)), event.when.min(now))?;
                made.interactions += 1;
            }
        }
        Ok(made)
    })
}

fn uuid(rng: &mut fastrand::Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.u128(..).to_le_bytes()).into_uuid()
}

fn clock_time(rng: &mut fastrand::Rng) -> NaiveTime {
    NaiveTime::from_hms_opt(rng.u32(8..22), rng.u32(0..60), 0).expect("valid time")
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

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

struct TrustStep {
    level: TrustLevel,
    on: NaiveDate,
    reason: &'static str,
}

struct Person {
    fields: ContactDraft,
    story: Story,
    known_since: NaiveDate,
    first_level: TrustLevel,
    trust_steps: Vec<TrustStep>,
    archived: bool,
    /// How many interactions to make.
    count: u32,
    /// Days between the last interaction and today.
    quiet_days: i64,
}

impl Person {
    fn generate(rng: &mut fastrand::Rng, index: u32, today: NaiveDate) -> Self {
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
    fn interactions(
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

const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Amara",
    "Aisha",
    "Alejandro",
    "Amir",
    "Ana",
    "Anders",
    "Aroha",
    "Astrid",
    "Ayesha",
    "Beatriz",
    "Ben",
    "Bilal",
    "Camille",
    "Carlos",
    "Chen",
    "Chloé",
    "Chidi",
    "Dalia",
    "Daniel",
    "Dmitri",
    "Elena",
    "Emeka",
    "Emma",
    "Erik",
    "Fatima",
    "Felix",
    "Freya",
    "Gabriel",
    "Hana",
    "Hamza",
    "Hiroshi",
    "Ines",
    "Ingrid",
    "Isaac",
    "Jamal",
    "Javier",
    "Jin",
    "Joanna",
    "Jonas",
    "Kai",
    "Kamala",
    "Kavya",
    "Kenji",
    "Lars",
    "Leila",
    "Léa",
    "Liam",
    "Lucía",
    "Mateo",
    "Maya",
    "Mei",
    "Mohammed",
    "Nadia",
    "Naledi",
    "Niamh",
    "Nikolai",
    "Noor",
    "Olu",
    "Omar",
    "Oscar",
    "Priya",
    "Rafael",
    "Rania",
    "Ravi",
    "Rosa",
    "Ruth",
    "Sakura",
    "Samir",
    "Sara",
    "Sebastián",
    "Siobhan",
    "Sofia",
    "Søren",
    "Tariq",
    "Thandiwe",
    "Tomás",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zainab",
    "Zoe",
    "Łukasz",
    "Björn",
    "Marta",
    "Grace",
    "Hugo",
    "Iris",
    "Jack",
];

const LAST_NAMES: &[&str] = &[
    "Abara",
    "Adeyemi",
    "Ahmed",
    "Almeida",
    "Andersen",
    "Bauer",
    "Becker",
    "Bianchi",
    "Chen",
    "Costa",
    "Dubois",
    "Dvořák",
    "Eriksson",
    "Fernández",
    "Fischer",
    "García",
    "Gonzalez",
    "Gupta",
    "Haddad",
    "Hansen",
    "Hernández",
    "Hoffmann",
    "Ibrahim",
    "Ivanova",
    "Jansen",
    "Kim",
    "Kowalski",
    "Kumar",
    "Laurent",
    "Lee",
    "Li",
    "Lindqvist",
    "Lopez",
    "Martin",
    "Martínez",
    "Mendes",
    "Moreau",
    "Müller",
    "Nakamura",
    "Nguyen",
    "Novak",
    "O'Brien",
    "Okafor",
    "Okonkwo",
    "Olsen",
    "Park",
    "Patel",
    "Pereira",
    "Petrov",
    "Rossi",
    "Rahman",
    "Reyes",
    "Rodríguez",
    "Romano",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Torres",
    "Van der Berg",
    "Wagner",
    "Walsh",
    "Wang",
    "Watanabe",
    "Williams",
    "Wójcik",
    "Yamamoto",
    "Yilmaz",
    "Zhang",
    "Zhou",
    "Achebe",
    "Mensah",
    "Kaur",
    "Nilsen",
    "Ferreira",
    "Murphy",
];

const WORKPLACES: &[&str] = &[
    "the platform team",
    "the Berlin office",
    "client onboarding",
    "the Q3 offsite",
    "the design review",
    "the hiring panel",
    "the data guild",
    "the Lisbon project",
];

const ONLINE_PLACES: &[&str] = &[
    "@garyvee thread",
    "a Mastodon reply",
    "LinkedIn comment",
    "her newsletter",
    "his blog post on Rust",
    "a Discord server",
    "an r/rust thread",
    "a Bluesky thread",
    "the Hacker News comments",
    "a YouTube livestream chat",
];

const EVENTS: &[&str] = &[
    "SXSW 2026",
    "RustConf 2025",
    "Web Summit",
    "PyCon 2024",
    "FOSDEM",
    "a local meetup",
    "the Strange Loop afterparty",
    "a startup weekend",
    "the book club",
    "a climbing gym open day",
];

const PLACES: &[&str] = &[
    "university",
    "the running club",
    "our old flat",
    "a friend's wedding",
    "the neighbourhood",
    "school",
    "a dinner at Sam's",
    "the choir",
    "summer camp",
    "the allotment",
];

const ORGANISATIONS: &[&str] = &[
    "Acme Robotics",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Studio",
    "Wayne Foundation",
    "Hooli",
    "Pied Piper",
    "Vandelay Industries",
    "Tyrell Labs",
    "Oscorp",
];

const EMAIL_DOMAINS: &[&str] = &["example.org", "example.com", "example.net", "mail.example"];

const TAGS: &[&str] = &[
    "climbing",
    "rust",
    "founders",
    "design",
    "neighbours",
    "family friend",
    "mentor",
    "book club",
    "running",
    "music",
    "investor",
    "writing",
    "photography",
    "parents",
];

const TRUST_REASONS: &[&str] = &[
    "kept a confidence",
    "showed up when it mattered",
    "honest feedback on my work",
    "helped me move",
    "long talk after the conference",
    "we've been through a lot together",
    "introduced me to their family",
];

const PERSON_NOTES: &[&str] = &[
    "Vegetarian; loves Ethiopian food.",
    "Two kids, Maya and Leo.",
    "Training for a marathon.",
    "Allergic to cats.",
    "Prefers voice notes to texts.",
    "Moved here from Lagos in 2019.",
    "Plays cello in an amateur orchestra.",
    "Thinking about starting a company.",
    "Birthday dinner is a tradition.",
    "Don't bring up the old job.",
    "Recommends great sci-fi.",
    "Morning person; call before 10.",
];

const SMALL_TALK: &[&str] = &[
    "Caught up about the weekend",
    "Chatted about the new office coffee machine",
    "Swapped podcast recommendations",
    "Quick hello after the talk",
    "Commented on their photos from Lisbon",
    "Talked about the match",
    "Shared a funny article",
    "Weather, trains and holiday plans",
];

const PERSONAL: &[&str] = &[
    "Talked about their new job and the long commute",
    "They told me about the house move",
    "Discussed their plans to go back to studying",
    "Heard about their daughter's first steps",
    "Talked through their startup idea",
    "They asked for advice on a difficult manager",
    "Caught up properly over dinner",
];

const INTIMATE: &[&str] = &[
    "They opened up about their father's illness",
    "Talked about the divorce for the first time",
    "Shared how anxious they have been lately",
    "Long walk; talked about grief and starting over",
    "They told me about the money worries",
];

const FOLLOW_UPS: &[&str] = &[
    "Send them that book",
    "Ask how the interview went",
    "Remember their birthday next month",
    "Introduce them to Sam",
    "Follow up in two weeks",
];

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
