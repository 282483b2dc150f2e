//! Validation errors: what is wrong with a value a person typed or a file
//! carried, always naming the field.

/// A value that Kith refuses, with the field it belongs to.
///
/// The `Display` text starts with the field name so that it reads well on
/// the command line (`kith: met on: 2031-01-01 is in the future`) and next to
/// a form field in the window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("{field}: must not be empty")]
    Empty { field: &'static str },

    #[error("{field}: {len} characters is too long (at most {max})")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },

    #[error("{field}: unknown value {value:?} (expected one of: {expected})")]
    UnknownValue {
        field: &'static str,
        value: String,
        expected: String,
    },

    #[error("{field}: {value} is out of range ({min} to {max})")]
    OutOfRange {
        field: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },

    #[error("{field}: {value} is in the future")]
    InFuture { field: &'static str, value: String },

    #[error("{field}: {value:?} is not valid ({expected})")]
    Malformed {
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    #[error("{field}: {count} is too many (at most {max})")]
    TooMany {
        field: &'static str,
        count: usize,
        max: usize,
    },
}

impl ValidationError {
    /// The field the error is about, for placing a message next to it.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty { field }
            | Self::TooLong { field, .. }
            | Self::UnknownValue { field, .. }
            | Self::OutOfRange { field, .. }
            | Self::InFuture { field, .. }
            | Self::Malformed { field, .. }
            | Self::TooMany { field, .. } => field,
        }
    }
}

/// Checks that `text` holds at most `max` characters.
pub(crate) fn check_len(
    field: &'static str,
    text: &str,
    max: usize,
) -> Result<(), ValidationError> {
    let len = text.chars().count();
    if len > max {
        Err(ValidationError::TooLong { field, len, max })
    } else {
        Ok(())
    }
}

/// Checks that `value` lies in `min..=max`.
pub(crate) fn check_range(
    field: &'static str,
    value: i64,
    min: i64,
    max: i64,
) -> Result<(), ValidationError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ValidationError::OutOfRange {
            field,
            value,
            min,
            max,
        })
    }
}
