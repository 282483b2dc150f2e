//! `kith demo`: fill an empty database with generated people and history.

use anyhow::{Context as _, Result};
use chrono::{NaiveDate, NaiveDateTime};
use clap::Args;

use super::{Out, plural};
use crate::domain::time::parse_date;
use crate::domain::{Field, ValidationError};
use crate::store::Store;

/// The most people one demo makes: ten times the scale Kith is built
/// for, and about 2.5 GB of database.
pub const MAX_DEMO_PEOPLE: u32 = 1_000_000;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many people to make (at most 1,000,000)
    #[arg(long, value_name = "N", default_value_t = 150,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_DEMO_PEOPLE)))]
    people: u32,
    /// The random seed: one seed on one day gives one database
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Anchor the history to this day instead of today (YYYY-MM-DD, not after today)
    #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(Field::Today, s))]
    today: Option<NaiveDate>,
}

impl DemoArgs {
    /// Checks the arguments against the clock, before the database is
    /// opened: history anchored after today would be dated in the future,
    /// which Kith refuses everywhere else (and could not import back).
    pub(super) fn check(&self, now: NaiveDateTime) -> Result<(), ValidationError> {
        match self.today {
            Some(today) if today > now.date() => Err(ValidationError::InFuture {
                field: Field::Today,
                value: today.to_string(),
            }),
            _ => Ok(()),
        }
    }
}

pub(super) fn demo(store: &mut Store, args: DemoArgs, now: NaiveDateTime, out: Out) -> Result<()> {
    let existing = store.contact_count()?;
    if existing > 0 {
        anyhow::bail!(
            "the database already holds {}; demo only fills an empty database (choose another with --db)",
            plural(existing as usize, "contact")
        );
    }
    let today = args.today.unwrap_or(now.date());
    let started = std::time::Instant::now();
    let made = crate::demo::generate(store, args.people, args.seed, today)
        .context("generating demo data")?;
    writeln!(
        out,
        "Made {} with {}, {}, {} and {} to remember in {:.1} s (seed {}, anchored to {today}).",
        plural(made.contacts, "person"),
        plural(made.interactions, "interaction"),
        plural(made.trust_changes, "trust change"),
        plural(made.follow_ups, "follow-up"),
        plural(made.dates, "date"),
        started.elapsed().as_secs_f64(),
        args.seed
    )?;
    Ok(())
}
