//! Which backups to keep: the newest of each recent day, then of each
//! recent week, then of each recent month. A pure function of the backups'
//! dates and `today`, so that it can be tested with fixed dates.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// How many backups thinning keeps, besides every backup taken today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    /// The newest backup of each of this many most recent days that have
    /// backups (today among them).
    pub daily: usize,
    /// The newest of each of this many most recent weeks (Monday to
    /// Sunday) that have backups.
    pub weekly: usize,
    /// The newest of each of this many most recent months that have
    /// backups.
    pub monthly: usize,
}

impl Default for Keep {
    /// A week of daily backups, a month of weekly ones and a year of
    /// monthly ones: about 20 files.
    fn default() -> Self {
        Self {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// Which of `backups` (each a date-time and a name) thinning deletes, in
/// the order given.
///
/// A backup is kept if it was taken today (or later: the clock may have
/// been set back), or if it is the newest backup of one of the
/// `keep.daily` most recent days that have backups, or of one of the
/// `keep.weekly` most recent weeks, or of one of the `keep.monthly` most
/// recent months. Everything else is deleted.
///
/// The days, weeks and months are those that have backups, not calendar
/// ones, so a person who did not open Kith for half a year still has the
/// backups from before the break. And since the newest backup of a past
/// day, week or month stays the newest, thinning every day keeps exactly
/// what thinning once at the end would: the month's last backup survives
/// the days in which it was only one of the week's.
pub fn backups_to_delete<T: Clone>(
    backups: &[(NaiveDateTime, T)],
    today: NaiveDate,
    keep: Keep,
) -> Vec<T> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    // Newest first; of two taken at the same moment, the later listed.
    order.sort_by(|&a, &b| backups[b].0.cmp(&backups[a].0).then(b.cmp(&a)));
    let mut kept: Vec<bool> = backups.iter().map(|(at, _)| at.date() >= today).collect();
    let past: Vec<usize> = order
        .into_iter()
        .filter(|&i| backups[i].0.date() <= today)
        .collect();
    let rules: [(Bucket, usize); 3] = [
        (day_bucket, keep.daily),
        (week_bucket, keep.weekly),
        (month_bucket, keep.monthly),
    ];
    for (bucket, count) in rules {
        // Newest first, so each bucket's backups come together, its newest
        // first.
        let mut buckets = 0;
        let mut current = None;
        for &i in &past {
            let this = bucket(backups[i].0.date());
            if current != Some(this) {
                if buckets == count {
                    break;
                }
                buckets += 1;
                current = Some(this);
                kept[i] = true;
            }
        }
    }
    backups
        .iter()
        .zip(kept)
        .filter(|(_, kept)| !kept)
        .map(|((_, name), _)| name.clone())
        .collect()
}

/// Which day, week or month a date falls in, as a sortable pair.
type Bucket = fn(NaiveDate) -> (i32, u32);

fn day_bucket(day: NaiveDate) -> (i32, u32) {
    (day.year(), day.ordinal())
}

fn week_bucket(day: NaiveDate) -> (i32, u32) {
    let week = day.iso_week();
    (week.year(), week.week())
}

fn month_bucket(day: NaiveDate) -> (i32, u32) {
    (day.year(), day.month())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_date_time;

    fn at(text: &str) -> NaiveDateTime {
        parse_date_time(crate::domain::Field::When, text).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        crate::domain::time::parse_date(crate::domain::Field::On, text).unwrap()
    }

    /// Runs the rule over `(date-time, deleted?)` and checks every answer.
    fn check(today: &str, keep: Keep, backups: &[(&str, bool)]) {
        let list: Vec<(NaiveDateTime, String)> = backups
            .iter()
            .map(|(when, _)| (at(when), when.to_string()))
            .collect();
        let deleted = backups_to_delete(&list, day(today), keep);
        let expected: Vec<String> = backups
            .iter()
            .filter(|(_, deleted)| *deleted)
            .map(|(when, _)| when.to_string())
            .collect();
        assert_eq!(deleted, expected);
    }

    #[test]
    fn keeps_the_newest_of_each_recent_day_week_and_month() {
        // Sunday 2026-11-22; weeks start on Mondays (16, 9, 2 November...).
        let keep = Keep {
            daily: 3,
            weekly: 3,
            monthly: 3,
        };
        check(
            "2026-11-22",
            keep,
            &[
                // today: all kept (and the first of the three days)
                ("2026-11-22 18:00", false),
                ("2026-11-22 08:00", false),
                // the newest of each of the two days before that have backups
                ("2026-11-21 20:00", false),
                ("2026-11-21 09:00", true),
                ("2026-11-19 12:00", false),
                // a fourth day, in a week already kept (by today's)
                ("2026-11-17 12:00", true),
                // the newest of the weeks of 9 and 2 November
                ("2026-11-12 12:00", false),
                ("2026-11-10 12:00", true),
                ("2026-11-06 12:00", false),
                ("2026-11-03 12:00", true),
                // the newest of October and of September
                ("2026-10-29 12:00", false),
                ("2026-10-02 12:00", true),
                ("2026-09-30 12:00", false),
                ("2026-09-01 12:00", true),
                // a fourth month: gone
                ("2026-07-15 12:00", true),
                ("2025-01-01 12:00", true),
            ],
        );
    }

    /// A backup every day at nine from `first` to `last`.
    fn every_day(first: NaiveDate, last: NaiveDate) -> Vec<(NaiveDateTime, NaiveDate)> {
        first
            .iter_days()
            .take_while(|on| *on <= last)
            .map(|on| (on.and_hms_opt(9, 0, 0).unwrap(), on))
            .collect()
    }

    fn kept_days(list: &[(NaiveDateTime, NaiveDate)], today: NaiveDate) -> Vec<NaiveDate> {
        let deleted = backups_to_delete(list, today, Keep::default());
        let mut kept: Vec<NaiveDate> = list
            .iter()
            .map(|(_, on)| *on)
            .filter(|on| !deleted.contains(on))
            .collect();
        kept.sort_by(|a, b| b.cmp(a));
        kept
    }

    #[test]
    fn the_default_keeps_a_week_a_month_and_a_year() {
        // A backup every day for two years, up to yesterday.
        let today = day("2026-11-22");
        let list = every_day(day("2024-11-22"), day("2026-11-21"));
        let kept = kept_days(&list, today);
        let mut expected: Vec<NaiveDate> = (1..=7)
            .map(|back| today - chrono::Duration::days(back))
            .collect();
        // The newest of the weeks of 2 November and 26 October (the two
        // weeks after them are kept already)...
        expected.extend([day("2026-11-08"), day("2026-11-01")]);
        // ...and the last day of each month back to December 2025.
        expected.extend(
            [
                "2026-10-31",
                "2026-09-30",
                "2026-08-31",
                "2026-07-31",
                "2026-06-30",
                "2026-05-31",
                "2026-04-30",
                "2026-03-31",
                "2026-02-28",
                "2026-01-31",
                "2025-12-31",
            ]
            .map(day),
        );
        assert_eq!(kept, expected);
    }

    #[test]
    fn thinning_every_day_keeps_what_thinning_once_would() {
        let first = day("2025-06-01");
        let mut held: Vec<(NaiveDateTime, NaiveDate)> = Vec::new();
        for (at, on) in every_day(first, day("2026-11-22")) {
            held.push((at, on));
            let deleted = backups_to_delete(&held, on, Keep::default());
            held.retain(|(_, d)| !deleted.contains(d));
        }
        let mut after_each_day: Vec<NaiveDate> = held.iter().map(|(_, on)| *on).collect();
        after_each_day.sort_by(|a, b| b.cmp(a));
        let all = every_day(first, day("2026-11-22"));
        assert_eq!(after_each_day, kept_days(&all, day("2026-11-22")));
        // Seven days, three more weeks, eleven more months.
        assert_eq!(after_each_day.len(), 7 + 3 + 11);
    }

    #[test]
    fn a_long_break_keeps_what_came_before_it() {
        check(
            "2026-11-22",
            Keep::default(),
            &[
                ("2025-03-02 10:00", false),
                ("2025-03-01 10:00", false),
                ("2025-03-01 09:00", true),
            ],
        );
    }

    #[test]
    fn backups_dated_after_today_are_kept_and_do_not_count() {
        let keep = Keep {
            daily: 1,
            weekly: 0,
            monthly: 0,
        };
        check(
            "2026-11-22",
            keep,
            &[
                ("2026-12-01 10:00", false),
                ("2026-11-20 10:00", false),
                ("2026-11-19 10:00", true),
            ],
        );
        assert!(backups_to_delete::<u8>(&[], day("2026-11-22"), keep).is_empty());
    }
}
