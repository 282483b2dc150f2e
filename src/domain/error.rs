//! Validation errors: what is wrong with a value a person typed or a file
//! carried, always naming the field.

use std::fmt;

use super::Field;

/// A value that Kith refuses, with the field it belongs to.
///
/// The `Display` text starts with the field's key so that it reads well on
/// the command line (`kith: met on: 2031-01-01 is in the future`); the
/// window puts [`ValidationError::message`] after the field's label
/// instead ("When you met: 2031-01-01 is in the future").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationError {
    Empty {
        field: Field,
    },
    TooLong {
        field: Field,
        len: usize,
        max: usize,
    },
    UnknownValue {
        field: Field,
        value: String,
        expected: String,
    },
    OutOfRange {
        field: Field,
        value: i64,
        min: i64,
        max: i64,
    },
    InFuture {
        field: Field,
        value: String,
    },
    Malformed {
        field: Field,
        value: String,
        expected: &'static str,
    },
    ControlCharacter {
        field: Field,
        found: char,
        /// 1-based, in characters.
        position: usize,
        /// Whether the field takes line breaks and tabs (notes do).
        lines_allowed: bool,
    },
    TooMany {
        field: Field,
        count: usize,
        max: usize,
    },
    /// A rule about the field that its value does not meet, said as a
    /// person reads it ("is not the same as the passphrase above").
    Unmet {
        field: Field,
        rule: &'static str,
    },
}

impl ValidationError {
    /// The field the error is about, for placing a message next to it.
    pub fn field(&self) -> Field {
        match self {
            Self::Empty { field }
            | Self::TooLong { field, .. }
            | Self::UnknownValue { field, .. }
            | Self::OutOfRange { field, .. }
            | Self::InFuture { field, .. }
            | Self::Malformed { field, .. }
            | Self::ControlCharacter { field, .. }
            | Self::TooMany { field, .. }
            | Self::Unmet { field, .. } => *field,
        }
    }

    /// What is wrong, without the field's name: "2031-01-01 is in the
    /// future".
    pub fn message(&self) -> String {
        match self {
            Self::Empty { .. } => "must not be empty".to_owned(),
            Self::TooLong { len, max, .. } => {
                format!("{len} characters is too long (at most {max})")
            }
            Self::UnknownValue {
                value, expected, ..
            } => format!("unknown value {value:?} (expected one of: {expected})"),
            Self::OutOfRange {
                value, min, max, ..
            } => {
                format!("{value} is out of range ({min} to {max})")
            }
            Self::InFuture { value, .. } => format!("{value} is in the future"),
            Self::Malformed {
                value, expected, ..
            } => format!("{value:?} is not valid ({expected})"),
            Self::ControlCharacter {
                found,
                position,
                lines_allowed,
                ..
            } => format!(
                "holds the control character {} at character {position}; {}",
                char_name(*found),
                if *lines_allowed {
                    "text may hold line breaks and tabs, nothing else of that kind"
                } else {
                    "it must be plain text on one line"
                }
            ),
            Self::TooMany { count, max, .. } => format!("{count} is too many (at most {max})"),
            Self::Unmet { rule, .. } => (*rule).to_owned(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field(), self.message())
    }
}

impl std::error::Error for ValidationError {}

/// Checks that `text` holds at most `max` characters.
pub(crate) fn check_len(field: Field, text: &str, max: usize) -> Result<(), ValidationError> {
    let len = text.chars().count();
    if len > max {
        Err(ValidationError::TooLong { field, len, max })
    } else {
        Ok(())
    }
}

/// Whether `c` is a character no text Kith keeps may hold: a C0 or C1
/// control character (escape sequences rewrite a terminal's title or
/// clipboard), DEL, or a bidirectional embedding, override or isolate
/// (which reorders what is shown after it, so "Dave" can read as "evaD").
pub fn is_forbidden_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks that `text` holds no forbidden character (see
/// [`is_forbidden_char`]); with `lines_allowed`, line breaks and tabs are
/// accepted, as in notes.
pub(crate) fn check_text(
    field: Field,
    text: &str,
    lines_allowed: bool,
) -> Result<(), ValidationError> {
    let allowed = |c: char| lines_allowed && matches!(c, '\n' | '\t');
    match text
        .chars()
        .enumerate()
        .find(|&(_, c)| is_forbidden_char(c) && !allowed(c))
    {
        Some((index, found)) => Err(ValidationError::ControlCharacter {
            field,
            found,
            position: index + 1,
            lines_allowed,
        }),
        None => Ok(()),
    }
}

/// Turns Windows (`\r\n`) and old Mac (`\r`) line breaks into `\n`, so
/// that notes pasted or imported from anywhere hold only what
/// [`check_text`] accepts.
pub fn normalise_line_breaks(text: &mut String) {
    if text.contains('\r') {
        *text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
}

/// A control character as a person can read it: `U+001B (escape)`.
fn char_name(c: char) -> String {
    let name = match c {
        '\n' => " (line break)",
        '\r' => " (carriage return)",
        '\t' => " (tab)",
        '\u{1b}' => " (escape)",
        '\u{7}' => " (bell)",
        '\u{0}' => " (NUL)",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => " (a text-direction override)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// Checks that `value` lies in `min..=max`.
pub(crate) fn check_range(
    field: Field,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_reads_after_the_key_on_the_command_line_and_after_the_label_in_the_window() {
        let error = ValidationError::InFuture {
            field: Field::MetOn,
            value: "2031-01-01".to_owned(),
        };
        assert_eq!(error.to_string(), "met on: 2031-01-01 is in the future");
        assert_eq!(error.message(), "2031-01-01 is in the future");
        let control = check_text(Field::Name, "Ada\u{1b}[2J", false).unwrap_err();
        assert_eq!(
            control.to_string(),
            "name: holds the control character U+001B (escape) at character 4; it must be plain \
             text on one line"
        );
    }
}
