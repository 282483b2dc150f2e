//! A passphrase, as a person types it: the secret a database protected at
//! rest is opened with.
//!
//! The text is held in memory that is zeroed when the value is dropped,
//! and is never printed (`Debug` shows `Passphrase(…)`). The store derives
//! the database's key from it once and forgets it (see `store::cipher`);
//! nothing keeps a passphrase longer than the form or prompt it came from.

use std::fmt;

use zeroize::Zeroizing;

use super::error::check_text;
use super::{Field, ValidationError};

/// The most characters a passphrase may have.
pub const MAX_PASSPHRASE_CHARS: usize = 1_000;

/// A passphrase: not empty, at most [`MAX_PASSPHRASE_CHARS`] characters,
/// one line of plain text (no control characters, which a terminal and a
/// text field would not type alike). Spaces count, wherever they are.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Checks `text` as the value of `field` (which passphrase it is, for
    /// the message). The text is zeroed whether or not it is accepted.
    pub fn new(field: Field, text: String) -> Result<Self, ValidationError> {
        let text = Zeroizing::new(text);
        if text.is_empty() {
            return Err(ValidationError::Empty { field });
        }
        let len = text.chars().count();
        if len > MAX_PASSPHRASE_CHARS {
            return Err(ValidationError::TooLong {
                field,
                len,
                max: MAX_PASSPHRASE_CHARS,
            });
        }
        // Where the character is, never what the passphrase holds.
        check_text(field, &text, false)?;
        Ok(Self(text))
    }

    /// A new passphrase typed twice, as every way of setting one asks:
    /// both must be the same.
    pub fn twice(first: String, again: String) -> Result<Self, ValidationError> {
        let again = Zeroizing::new(again);
        let new = Self::new(Field::NewPassphrase, first)?;
        if new.0.as_str() != again.as_str() {
            return Err(ValidationError::Unmet {
                field: Field::RepeatPassphrase,
                rule: "is not the same as the first; type the same passphrase twice",
            });
        }
        Ok(new)
    }

    /// The text, for deriving a key from it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// What a person must acknowledge before a passphrase is set: there is no
/// way back in without it.
pub const CANNOT_BE_RECOVERED: &str = "A forgotten passphrase cannot be recovered: Kith cannot \
     open this database without it, and neither can anyone else.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_is_one_line_of_text_and_never_printed() {
        let pass = Passphrase::new(Field::Passphrase, " correct horse ".into()).unwrap();
        assert_eq!(pass.expose(), " correct horse ");
        assert_eq!(format!("{pass:?}"), "Passphrase(…)");
        assert_eq!(
            Passphrase::new(Field::Passphrase, String::new()).unwrap_err(),
            ValidationError::Empty {
                field: Field::Passphrase
            }
        );
        let escape = Passphrase::new(Field::NewPassphrase, "swordfish\u{1b}".into()).unwrap_err();
        assert_eq!(escape.field(), Field::NewPassphrase);
        assert!(
            !escape.to_string().contains("swordfish"),
            "the message does not quote the passphrase: {escape}"
        );
        assert!(matches!(
            Passphrase::new(Field::Passphrase, "x".repeat(1_001)),
            Err(ValidationError::TooLong { max: 1_000, .. })
        ));
    }

    #[test]
    fn a_new_passphrase_is_typed_twice_alike() {
        assert!(Passphrase::twice("tide pools".into(), "tide pools".into()).is_ok());
        let differs = Passphrase::twice("tide pools".into(), "tide pool".into()).unwrap_err();
        assert_eq!(differs.field(), Field::RepeatPassphrase);
        assert_eq!(
            differs.to_string(),
            "repeated passphrase: is not the same as the first; type the same passphrase twice"
        );
        assert_eq!(
            Passphrase::twice(String::new(), String::new())
                .unwrap_err()
                .field(),
            Field::NewPassphrase
        );
    }
}
