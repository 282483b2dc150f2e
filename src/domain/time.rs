//! Reading and writing the dates and local date-times people type.
//!
//! Kith keeps wall-clock time: an interaction "on 2026-03-01 18:30" stays at
//! 18:30 whatever time zone the machine is in later. Nothing here reads the
//! clock; callers pass `today` or `now`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{Field, ValidationError};

/// The format of a date on the command line and in files.
pub const DATE_FORMAT: &str = "%Y-%m-%d";
/// The format of a local date-time on the command line.
pub const DATE_TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

const DATE_EXPECTED: &str = "expected YYYY-MM-DD";
const DATE_TIME_EXPECTED: &str = "expected YYYY-MM-DD HH:MM";

/// The earliest year Kith accepts in any date.
pub const MIN_YEAR: i32 = 1900;

/// Parses `YYYY-MM-DD`.
pub fn parse_date(field: Field, text: &str) -> Result<NaiveDate, ValidationError> {
    let trimmed = text.trim();
    let malformed = || ValidationError::Malformed {
        field,
        value: text.to_owned(),
        expected: DATE_EXPECTED,
    };
    // chrono accepts one-digit months and days; a person typing 2026-3-1 means
    // the same thing, so that leniency is kept, but nothing trails the date.
    let date = NaiveDate::parse_from_str(trimmed, DATE_FORMAT).map_err(|_| malformed())?;
    check_year(field, date)?;
    Ok(date)
}

/// Parses `YYYY-MM-DD HH:MM` (also with `T` between, with seconds, or a
/// bare date, which means noon of that day).
pub fn parse_date_time(field: Field, text: &str) -> Result<NaiveDateTime, ValidationError> {
    let trimmed = text.trim();
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(trimmed, format) {
            check_year(field, at.date())?;
            return Ok(at);
        }
    }
    match NaiveDate::parse_from_str(trimmed, DATE_FORMAT) {
        Ok(date) => {
            check_year(field, date)?;
            Ok(date.and_time(noon()))
        }
        Err(_) => Err(ValidationError::Malformed {
            field,
            value: text.to_owned(),
            expected: DATE_TIME_EXPECTED,
        }),
    }
}

fn check_year(field: Field, date: NaiveDate) -> Result<(), ValidationError> {
    use chrono::Datelike;
    if date.year() < MIN_YEAR {
        Err(ValidationError::OutOfRange {
            field,
            value: i64::from(date.year()),
            min: i64::from(MIN_YEAR),
            max: 9999,
        })
    } else {
        Ok(())
    }
}

/// Twelve o'clock, the time given to an interaction logged with a date alone.
pub fn noon() -> NaiveTime {
    NaiveTime::from_hms_opt(12, 0, 0).expect("noon is a valid time")
}

/// Whole days from `earlier` to `later` (negative if `later` is earlier).
pub fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

/// Formats a local date-time the way the command line reads it.
pub fn format_date_time(at: NaiveDateTime) -> String {
    at.format(DATE_TIME_FORMAT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_parse_or_name_the_field() {
        assert_eq!(parse_date(Field::MetOn, "2026-03-01"), Ok(date(2026, 3, 1)));
        assert_eq!(
            parse_date(Field::MetOn, " 2026-03-01 "),
            Ok(date(2026, 3, 1))
        );
        let err = parse_date(Field::MetOn, "2026-02-30").unwrap_err();
        assert_eq!(
            err.to_string(),
            "met on: \"2026-02-30\" is not valid (expected YYYY-MM-DD)"
        );
        assert!(parse_date(Field::MetOn, "yesterday").is_err());
        assert!(matches!(
            parse_date(Field::MetOn, "1066-10-14"),
            Err(ValidationError::OutOfRange {
                field: Field::MetOn,
                ..
            })
        ));
    }

    #[test]
    fn date_times_accept_the_usual_spellings() {
        let at = date(2026, 3, 1).and_hms_opt(18, 30, 0).unwrap();
        for text in [
            "2026-03-01 18:30",
            "2026-03-01T18:30",
            "2026-03-01 18:30:00",
        ] {
            assert_eq!(parse_date_time(Field::When, text), Ok(at), "{text}");
        }
        assert_eq!(
            parse_date_time(Field::When, "2026-03-01"),
            Ok(date(2026, 3, 1).and_time(noon()))
        );
        let err = parse_date_time(Field::When, "2026-03-01 25:00").unwrap_err();
        assert_eq!(err.field(), crate::domain::Field::When);
    }
}
