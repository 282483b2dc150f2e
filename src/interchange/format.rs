//! The file formats Kith reads and writes, and telling them apart by
//! their content when the name does not say.

use std::fmt;
use std::path::Path;

use super::decode;
use crate::domain::{Field, ValidationError};

/// A file format Kith reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// vCard 2.1, 3.0 and 4.0 (`.vcf`); Kith writes 4.0.
    Vcard,
    /// Comma-, semicolon- or tab-separated values (`.csv`).
    Csv,
    /// Kith's own archive (`.json`): everything, losslessly.
    Json,
}

impl Format {
    pub const ALL: &'static [Self] = &[Self::Vcard, Self::Csv, Self::Json];

    /// The name used on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Vcard => "vcard",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// A short human label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Vcard => "vCard",
            Self::Csv => "CSV",
            Self::Json => "Kith archive (JSON)",
        }
    }

    /// The usual file extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Vcard => "vcf",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// Reads `vcard` (also `vcf`), `csv` or `json`, ignoring case.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vcard" | "vcf" => Ok(Self::Vcard),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            _ => Err(ValidationError::UnknownValue {
                field: Field::Format,
                value: text.to_owned(),
                expected: "vcard, csv, json".to_owned(),
            }),
        }
    }

    /// The format a file name's extension suggests, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "vcf" | "vcard" => Some(Self::Vcard),
            "csv" | "tsv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// Guesses the format from the start of the content: a JSON object, a
    /// file with vCard lines, or text whose first line has a delimiter or
    /// is a column Kith knows (a one-column file of names is a CSV file).
    pub fn detect(head: &[u8]) -> Option<Self> {
        let head = &head[..head.len().min(64 * 1024)];
        let text = decode::decode_text(head).text;
        let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        if trimmed.starts_with('{') {
            return Some(Self::Json);
        }
        let upper = text.to_ascii_uppercase();
        if upper.contains("BEGIN:VCARD") || upper.contains("END:VCARD") {
            return Some(Self::Vcard);
        }
        let first = trimmed.lines().next().unwrap_or("");
        if [',', ';', '\t'].iter().any(|d| first.contains(*d)) || super::csv::is_known_column(first)
        {
            return Some(Self::Csv);
        }
        None
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_and_detected() {
        assert_eq!(Format::parse("VCF"), Ok(Format::Vcard));
        assert!(Format::parse("xml").is_err());
        assert_eq!(Format::detect(b"{\"format\":1}"), Some(Format::Json));
        assert_eq!(
            Format::detect(b"\r\nbegin:vcard\nFN:A\nend:vcard"),
            Some(Format::Vcard)
        );
        assert_eq!(Format::detect(b"name,email\nAda,a@b"), Some(Format::Csv));
        assert_eq!(Format::detect(b"hello"), None);
    }

    #[test]
    fn a_file_of_one_named_column_is_csv() {
        assert_eq!(Format::detect(b"name\nReg Person\n"), Some(Format::Csv));
        assert_eq!(
            Format::detect(b"\"Full Name\"\r\nAda\r\n"),
            Some(Format::Csv)
        );
        assert_eq!(Format::detect(b"Reg Person\nname\n"), None);
    }
}
