//! How domain values are written to and read from SQLite columns.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::{
    Birthday, Channel, Circle, Depth, Initiator, MetVia, NudgeKind, Tone, TrustLevel,
};

/// Local wall-clock time as seconds since 1970-01-01 00:00 (no time zone).
pub(super) fn secs(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp()
}

/// Reads a time written by [`secs`].
pub(super) fn from_secs(secs: i64) -> FromSqlResult<NaiveDateTime> {
    DateTime::from_timestamp(secs, 0)
        .map(|at| at.naive_utc())
        .ok_or(FromSqlError::OutOfRange(secs))
}

/// A column holding a time written by [`secs`].
pub(super) struct Secs(pub NaiveDateTime);

impl FromSql for Secs {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        from_secs(i64::column_result(value)?).map(Secs)
    }
}

/// A column holding a date as `YYYY-MM-DD`.
pub(super) struct Day(pub NaiveDate);

impl FromSql for Day {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        // Every date Kith writes is exactly YYYY-MM-DD; reading it by hand
        // is several times faster than a general parser, which matters
        // when the first screen reads hundreds of thousands of them.
        parse_iso_day(text.as_bytes())
            .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
            .map(Day)
            .ok_or_else(|| FromSqlError::Other(format!("not a date: {text:?}").into()))
    }
}

fn parse_iso_day(bytes: &[u8]) -> Option<NaiveDate> {
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

pub(super) fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

macro_rules! text_columns {
    ($($ty:ty),+) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                // The database holds canonical names: match those exactly
                // first, and only fall back to the lenient parser.
                <$ty>::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == text)
                    .map_or_else(
                        || <$ty>::parse(text).map_err(|e| FromSqlError::Other(Box::new(e))),
                        Ok,
                    )
            }
        }
    )+};
}

text_columns!(Circle, MetVia, Channel, Initiator, Tone, Depth, NudgeKind);

impl ToSql for TrustLevel {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.number())))
    }
}

impl FromSql for TrustLevel {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let number = i64::column_result(value)?;
        TrustLevel::from_number(number).map_err(|_| FromSqlError::OutOfRange(number))
    }
}

impl ToSql for Birthday {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Birthday {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Birthday::parse(value.as_str()?).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_by_hand_exactly_as_chrono_would() {
        for text in ["2026-11-22", "1900-01-01", "2024-02-29", "9999-12-31"] {
            assert_eq!(
                parse_iso_day(text.as_bytes()),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text}"
            );
        }
        for text in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "2026/11/22",
            "20261122",
            "abcd-ef-gh",
        ] {
            assert_eq!(parse_iso_day(text.as_bytes()), None, "{text}");
        }
    }
}
