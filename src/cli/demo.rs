//! `kith demo`: fill an empty database with generated people and history.

use crate::domain::Field;
use anyhow::{Context as _, Result};
use chrono::{NaiveDate, NaiveDateTime};
use clap::Args;

use super::{Out, plural};
use crate::domain::time::parse_date;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many people to make
    #[arg(long, value_name = "N", default_value_t = 150)]
    people: u32,
    /// The random seed: one seed on one day gives one database
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Anchor the history to this day instead of today (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = |s: &str| parse_date(Field::Today, s))]
    today: Option<NaiveDate>,
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
        "Made {} with {} and {} in {:.1} s (seed {}, anchored to {today}).",
        plural(made.contacts, "person"),
        plural(made.interactions, "interaction"),
        plural(made.trust_changes, "trust change"),
        started.elapsed().as_secs_f64(),
        args.seed
    )?;
    Ok(())
}
