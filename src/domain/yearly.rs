//! Days that come back every year: a birthday, a wedding anniversary, a
//! child's birthday. The year is optional (many people know a friend's
//! birthday but not their age), and 29 February falls on 28 February in
//! the years without one.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Field, ValidationError};

/// A day of the year, with or without the year it first happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct YearlyDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

/// A contact's birthday is a yearly date.
pub type Birthday = YearlyDate;

impl YearlyDate {
    /// Reads `YYYY-MM-DD`, or `--MM-DD` (also `MM-DD`) for a date whose year
    /// is not known, as vCard writes it; a birthday's error names the
    /// birthday.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        Self::parse_for(Field::Birthday, text)
    }

    /// [`YearlyDate::parse`], naming `field` in an error.
    pub fn parse_for(field: Field, text: &str) -> Result<Self, ValidationError> {
        let trimmed = text.trim();
        let malformed = || ValidationError::Malformed {
            field,
            value: text.to_owned(),
            expected: "expected YYYY-MM-DD or --MM-DD",
        };
        let rest = trimmed.strip_prefix("--").unwrap_or(trimmed);
        let parts: Vec<&str> = rest.split('-').collect();
        let number = |s: &str| -> Result<u32, ValidationError> {
            if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            s.parse().map_err(|_| malformed())
        };
        let date = match parts.as_slice() {
            [year, month, day] if !trimmed.starts_with("--") && year.len() == 4 => Self {
                year: Some(number(year)? as i32),
                month: number(month)?,
                day: number(day)?,
            },
            [month, day] => Self {
                year: None,
                month: number(month)?,
                day: number(day)?,
            },
            _ => return Err(malformed()),
        };
        if !date.is_real() {
            return Err(malformed());
        }
        Ok(date)
    }

    /// Whether the day exists (29 February is accepted without a year).
    pub fn is_real(&self) -> bool {
        let year = self.year.unwrap_or(2000); // a leap year
        NaiveDate::from_ymd_opt(year, self.month, self.day).is_some()
    }

    /// The full date, if the year is known.
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }

    /// Checks that the day exists and, with a year, that it is neither
    /// before 1900 nor after `today`.
    pub fn validate(&self, field: Field, today: NaiveDate) -> Result<(), ValidationError> {
        if !self.is_real() {
            return Err(ValidationError::Malformed {
                field,
                value: self.to_string(),
                expected: "expected a real day of the year",
            });
        }
        if let Some(year) = self.year {
            if year < super::time::MIN_YEAR {
                return Err(ValidationError::OutOfRange {
                    field,
                    value: i64::from(year),
                    min: i64::from(super::time::MIN_YEAR),
                    max: i64::from(today.year()),
                });
            }
            if self.date().is_some_and(|date| date > today) {
                return Err(ValidationError::InFuture {
                    field,
                    value: self.to_string(),
                });
            }
        }
        Ok(())
    }

    /// This date in `year`: 29 February is 28 February in a year without
    /// one.
    pub fn in_year(&self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day).or_else(|| {
            (self.month == 2 && self.day == 29)
                .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
                .flatten()
        })
    }

    /// The first time it falls on or after `day`.
    pub fn next_on_or_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        match self.in_year(day.year()) {
            Some(this_year) if this_year >= day => Some(this_year),
            _ => self.in_year(day.year() + 1),
        }
    }

    /// How many years it will be on `occurrence`, if the year is known
    /// ("turning 41").
    pub fn years_on(&self, occurrence: NaiveDate) -> Option<i32> {
        self.year
            .map(|year| occurrence.year() - year)
            .filter(|years| *years > 0)
    }
}

impl fmt::Display for YearlyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) => write!(f, "{year:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

impl Serialize for YearlyDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearlyDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_next_occurrence_wraps_the_year_and_keeps_leap_days_on_the_28th() {
        let new_year = YearlyDate::parse("--01-02").unwrap();
        assert_eq!(
            new_year.next_on_or_after(day("2026-12-30")),
            Some(day("2027-01-02"))
        );
        assert_eq!(
            new_year.next_on_or_after(day("2027-01-02")),
            Some(day("2027-01-02"))
        );
        let leap = YearlyDate::parse("2000-02-29").unwrap();
        assert_eq!(
            leap.next_on_or_after(day("2026-02-01")),
            Some(day("2026-02-28"))
        );
        assert_eq!(
            leap.next_on_or_after(day("2028-02-01")),
            Some(day("2028-02-29"))
        );
        assert_eq!(
            leap.next_on_or_after(day("2026-03-01")),
            Some(day("2027-02-28"))
        );
        assert_eq!(leap.years_on(day("2026-02-28")), Some(26));
        assert_eq!(
            YearlyDate::parse("--02-29")
                .unwrap()
                .years_on(day("2026-02-28")),
            None
        );
    }

    #[test]
    fn dates_are_checked_and_name_their_field() {
        let today = day("2026-11-27");
        assert!(YearlyDate::parse_for(Field::Date, "--02-30").is_err());
        assert_eq!(
            YearlyDate::parse_for(Field::Date, "--13-01")
                .unwrap_err()
                .field(),
            Field::Date
        );
        let future = YearlyDate::parse("2027-01-01").unwrap();
        assert!(matches!(
            future.validate(Field::Date, today),
            Err(ValidationError::InFuture {
                field: Field::Date,
                ..
            })
        ));
        let old = YearlyDate::parse("1850-01-01").unwrap();
        assert!(matches!(
            old.validate(Field::Date, today),
            Err(ValidationError::OutOfRange {
                field: Field::Date,
                ..
            })
        ));
        assert_eq!(
            YearlyDate::parse("--02-29")
                .unwrap()
                .validate(Field::Date, today),
            Ok(())
        );
    }
}
