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
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Day)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
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
                <$ty>::parse(value.as_str()?).map_err(|e| FromSqlError::Other(Box::new(e)))
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
