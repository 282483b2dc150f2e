//! Reading a file to import, never more of it than it may hold.
//!
//! A path is looked at before it is opened: anything that is not a
//! regular file (a folder, a device such as `/dev/zero`, a FIFO) is refused
//! at once, without reading a byte. The first 64 KB then tell an SQLite
//! database (Kith's own or another's) and binary content from text, and
//! the format, when neither the caller nor the name says. A vCard or CSV
//! file is read whole through a cap of [`MAX_FILE_BYTES`], which holds
//! even if the file grows while it is read; a Kith archive is read as a
//! stream, as big as it is (see [`super::json`]).

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::json::{self, Origin};
use super::{Format, ImportError, MAX_FILE_BYTES, Parsed, csv, decode, vcard};

/// How much of a file tells what it is.
const HEAD: usize = 64 * 1024;

/// Reads the file at `path` in `format` (else the format its name says,
/// else the one its content shows). `now` is the local date and time, for
/// checking an archive's records as they are read.
pub fn read_path(
    path: &Path,
    format: Option<Format>,
    now: NaiveDateTime,
) -> Result<Parsed, ImportError> {
    let io = |cause| ImportError::Io {
        path: path.to_owned(),
        cause,
    };
    // Looked at before opening: opening a FIFO would wait for a writer.
    refuse_unless_regular(path, &std::fs::metadata(path).map_err(io)?)?;
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    refuse_unless_regular(path, &meta)?;
    let format = format.or_else(|| Format::from_path(path));
    if format.is_some_and(|format| format != Format::Json) {
        check_size(meta.len())?;
    }
    let mut head = Vec::new();
    (&file)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if is_archive(format, &head)? {
        return json::read(Origin::File(path.to_owned()), now);
    }
    check_size(meta.len())?;
    let mut bytes = head;
    (&file)
        .take(MAX_FILE_BYTES + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    check_size(bytes.len() as u64)?;
    read_contacts(&bytes, format)
}

/// Reads the bytes of a file in `format` (guessed from the content when
/// `None`), as [`read_path`] reads a file.
pub fn read(
    bytes: &[u8],
    format: Option<Format>,
    now: NaiveDateTime,
) -> Result<Parsed, ImportError> {
    if is_archive(format, &bytes[..bytes.len().min(HEAD)])? {
        return json::read(Origin::Bytes(Arc::from(bytes)), now);
    }
    check_size(bytes.len() as u64)?;
    read_contacts(bytes, format)
}

/// Refuses a vCard or CSV file over [`MAX_FILE_BYTES`].
pub fn check_size(bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_FILE_BYTES {
        Err(ImportError::TooBig { bytes })
    } else {
        Ok(())
    }
}

pub(super) fn refuse_unless_regular(
    path: &Path,
    meta: &std::fs::Metadata,
) -> Result<(), ImportError> {
    let file_type = meta.file_type();
    if file_type.is_file() {
        return Ok(());
    }
    let what = if file_type.is_dir() {
        "a folder"
    } else {
        special_kind(&file_type)
    };
    Err(ImportError::NotAFile {
        path: path.to_owned(),
        what,
    })
}

#[cfg(unix)]
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "something else"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "something else"
}

/// Refuses what is no contacts file at all, judging by `head` (the start
/// of the file), then says whether it is a Kith archive: named so, or, when
/// nothing names a format, a JSON object.
fn is_archive(format: Option<Format>, head: &[u8]) -> Result<bool, ImportError> {
    refuse_databases_and_binaries(head)?;
    Ok(match format {
        Some(format) => format == Format::Json,
        None => Format::detect(head) == Some(Format::Json),
    })
}

/// Refuses SQLite databases (naming Kith's own) and binary content: text
/// that holds NUL bytes, or dozens of control characters making up more
/// than one character in twenty.
fn refuse_databases_and_binaries(head: &[u8]) -> Result<(), ImportError> {
    if head.starts_with(b"SQLite format 3\0") {
        // Kith's application_id, "Kith" in ASCII, sits at offset 68.
        return Err(if head.get(68..72) == Some(b"Kith") {
            ImportError::KithDatabase
        } else {
            ImportError::SqliteDatabase
        });
    }
    let sample = &head[..head.len().min(HEAD)];
    let text: std::borrow::Cow<'_, str> = match decode::bom_or_utf16(sample) {
        Some((encoding, skip)) => encoding.decode_without_bom_handling(&sample[skip..]).0,
        None if sample.contains(&0) => return Err(ImportError::Binary("it holds NUL bytes")),
        None => String::from_utf8_lossy(sample),
    };
    let mut controls = 0;
    let mut chars = 0;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return Err(ImportError::Binary("it holds NUL characters"));
        }
        // Line breaks, tabs, form feeds and escapes (colour codes) appear in
        // text; the rest of C0 hardly ever does.
        if c.is_ascii_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x1b') {
            controls += 1;
        }
    }
    // A few are what a crafted card holds (refused per record, naming the
    // field); many are what noise holds.
    if controls >= 32 && controls * 20 > chars {
        return Err(ImportError::Binary("it holds control characters"));
    }
    Ok(())
}

/// Reads a vCard or CSV file (read whole), or tells what else it is.
/// Its first [`HEAD`] bytes have been checked already.
fn read_contacts(bytes: &[u8], format: Option<Format>) -> Result<Parsed, ImportError> {
    if bytes.len() > HEAD && decode::bom_or_utf16(bytes).is_none() && bytes.contains(&0) {
        return Err(ImportError::Binary("it holds NUL bytes"));
    }
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if content.iter().all(u8::is_ascii_whitespace) {
        // A file of no contacts: what exporting an empty address book
        // writes. Importing it changes nothing, whatever its format.
        return match format {
            Some(Format::Vcard) => Ok(Parsed::empty(Format::Vcard, "vCard")),
            Some(Format::Csv) => Ok(Parsed::empty(Format::Csv, "CSV")),
            _ => Err(ImportError::Empty),
        };
    }
    match format.or_else(|| Format::detect(bytes)) {
        Some(Format::Vcard) => vcard::read(bytes),
        Some(Format::Csv) => csv::read(bytes),
        Some(Format::Json) | None => Err(ImportError::UnknownFormat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        "2026-11-22T10:00:00".parse().unwrap()
    }

    fn refused(bytes: &[u8], format: Option<Format>) -> String {
        read(bytes, format, now()).unwrap_err().to_string()
    }

    #[test]
    fn databases_and_binaries_are_refused_whatever_the_format_says() {
        let mut kith = b"SQLite format 3\0".to_vec();
        kith.resize(100, 0);
        let mut other = kith.clone();
        kith[68..72].copy_from_slice(b"Kith");
        for format in [None, Some(Format::Csv), Some(Format::Json)] {
            assert!(refused(&kith, format).contains("is a Kith database"));
            assert!(refused(&other, format).contains("is an SQLite database"));
        }
        other[0] = 0x7f;
        assert!(refused(&other, Some(Format::Vcard)).contains("binary"));
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251 + 1) as u8).collect();
        assert!(refused(&noise, Some(Format::Csv)).contains("control characters"));
        let mut late = "name\nAda\n".repeat(10_000).into_bytes();
        late.push(0);
        assert!(refused(&late, Some(Format::Csv)).contains("NUL"));
    }

    #[test]
    fn text_with_an_escape_or_two_is_still_text() {
        let card = "BEGIN:VCARD\nVERSION:3.0\nFN:Evil\u{1b}]0;PWNED\u{7}\nEND:VCARD\n";
        let parsed = read(card.as_bytes(), None, now()).unwrap();
        assert_eq!(parsed.people.len(), 1);
        let utf16: Vec<u8> = "name\r\nJürgen\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let parsed = read(&utf16, None, now()).unwrap();
        assert_eq!(parsed.people[0].fields.name, "Jürgen");
    }

    #[test]
    fn an_empty_vcard_or_csv_file_has_nothing_to_import() {
        for format in [Format::Vcard, Format::Csv] {
            let parsed = read(b"\xEF\xBB\xBF \r\n", Some(format), now()).unwrap();
            assert_eq!(parsed.format, format);
            assert!(parsed.people.is_empty() && parsed.unreadable.is_empty());
            assert!(parsed.notes[0].contains("empty"), "{:?}", parsed.notes);
        }
        assert!(matches!(read(b"", None, now()), Err(ImportError::Empty)));
    }
}
