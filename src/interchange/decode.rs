//! Turning the bytes of an imported file into text.
//!
//! Contact exports come in every encoding their era used: UTF-8 with or
//! without a byte-order mark, UTF-16 from Windows tools, and legacy code
//! pages (Windows-1252, Windows-1251, Shift_JIS ...) from old phones and
//! Outlook. The rules, in order:
//!
//! 1. A byte-order mark (UTF-8, UTF-16LE/BE) decides for the whole file; so
//!    does UTF-16 without a mark, recognised by its zero bytes.
//! 2. Text that is valid UTF-8 is UTF-8.
//! 3. Otherwise the file is in a legacy code page: the one a vCard names in
//!    a `CHARSET=` parameter when that is a known single- or multi-byte
//!    encoding, else the one `chardetng` guesses from the bytes, which falls
//!    back to Windows-1252 (the superset of ISO-8859-1 that Western exports
//!    really use).
//!
//! vCards are decoded line by line, so a UTF-8 file with one stray
//! Windows-1252 line keeps its UTF-8 intact. Nothing here fails: every byte
//! sequence becomes some text (undecodable bytes become U+FFFD).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decoded text and the legacy encoding that values without a usable
/// charset of their own should be read with.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding the file's non-UTF-8 parts were read as; Windows-1252
    /// when the whole file was UTF-8.
    pub fallback: &'static Encoding,
    /// The encoding most of the file was read as.
    pub encoding: &'static Encoding,
}

/// Decodes a whole file (CSV, JSON): BOM, UTF-16, UTF-8, then a guess.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some((encoding, skip)) = bom_or_utf16(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[skip..]);
        return Decoded {
            text: text.into_owned(),
            fallback: WINDOWS_1252,
            encoding,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_owned(),
            fallback: WINDOWS_1252,
            encoding: UTF_8,
        },
        Err(_) => {
            let encoding = guess_legacy(bytes);
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            Decoded {
                text: text.into_owned(),
                fallback: encoding,
                encoding,
            }
        }
    }
}

/// Decodes a vCard file: BOM and UTF-16 for the whole file, else line by
/// line, reading lines that are not UTF-8 in the charset the file names
/// (or a guess).
pub fn decode_vcard(bytes: &[u8]) -> Decoded {
    if bom_or_utf16(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        return decode_text(bytes);
    }
    let fallback = declared_legacy_charset(bytes).unwrap_or_else(|| guess_legacy(bytes));
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(line) => text.push_str(line),
            Err(_) => {
                let encoding = line_charset(line).unwrap_or(fallback);
                let (decoded, _) = encoding.decode_without_bom_handling(line);
                text.push_str(&decoded);
            }
        }
    }
    Decoded {
        text,
        fallback,
        encoding: fallback,
    }
}

/// The encoding named by a byte-order mark, or UTF-16 recognised by its
/// zero bytes, with the number of bytes to skip.
pub(crate) fn bom_or_utf16(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    if let Some((encoding, len)) = Encoding::for_bom(bytes) {
        return Some((encoding, len));
    }
    // UTF-16 without a mark: ASCII-heavy text has a zero in every other byte.
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() >= 4 {
        let zeros_at = |parity: usize| {
            sample
                .iter()
                .skip(parity)
                .step_by(2)
                .filter(|&&b| b == 0)
                .count()
        };
        let pairs = sample.len() / 2;
        if zeros_at(1) * 10 >= pairs * 8 && zeros_at(0) == 0 {
            return Some((UTF_16LE, 0));
        }
        if zeros_at(0) * 10 >= pairs * 8 && zeros_at(1) == 0 {
            return Some((UTF_16BE, 0));
        }
    }
    None
}

/// A legacy encoding guessed from the bytes; Windows-1252 when unsure.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == UTF_8 { WINDOWS_1252 } else { guess }
}

/// The first `CHARSET=` in the file that names a known encoding other than
/// UTF-8 (and other than ASCII, which says nothing about the other bytes).
fn declared_legacy_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    bytes
        .split(|&b| b == b'\n')
        .filter_map(line_charset)
        .find(|&encoding| encoding != UTF_8)
}

/// The encoding named by a `CHARSET=` parameter on this property line, if
/// known and not UTF-8 or ASCII.
fn line_charset(line: &[u8]) -> Option<&'static Encoding> {
    // Parameters come before the first colon.
    let head = &line[..line.iter().position(|&b| b == b':').unwrap_or(line.len())];
    let lower = head.to_ascii_lowercase();
    let start = find(&lower, b"charset=")? + b"charset=".len();
    let rest = &head[start..];
    let end = rest
        .iter()
        .position(|&b| matches!(b, b';' | b':' | b',' | b'\r' | b'\n'))
        .unwrap_or(rest.len());
    let label = trim_quotes(&rest[..end]);
    let encoding = Encoding::for_label(label)?;
    let ascii = label.eq_ignore_ascii_case(b"us-ascii") || label.eq_ignore_ascii_case(b"ascii");
    (encoding != UTF_8 && !ascii).then_some(encoding)
}

fn trim_quotes(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\"").unwrap_or(bytes);
    bytes.strip_suffix(b"\"").unwrap_or(bytes)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Reads bytes that a value carried in an unknown or missing charset: UTF-8
/// if they are, else the file's fallback encoding.
pub fn decode_value(bytes: &[u8], fallback: &'static Encoding) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            // Mostly-valid UTF-8 with a broken character (a truncated file)
            // is still UTF-8: legacy bytes almost never form valid
            // multi-byte sequences.
            let lossy = String::from_utf8_lossy(bytes);
            let broken = lossy.chars().filter(|&c| c == '\u{fffd}').count();
            let good = lossy
                .chars()
                .filter(|&c| !c.is_ascii() && c != '\u{fffd}')
                .count();
            if good >= 2 * broken {
                lossy.into_owned()
            } else {
                fallback.decode_without_bom_handling(bytes).0.into_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_utf16_decide_for_the_whole_file() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFname").text, "name");
        let utf16: Vec<u8> = "\u{feff}Jürgen"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode_text(&utf16).text, "Jürgen");
        let no_bom: Vec<u8> = "BEGIN:VCARD\r\nFN:Jürgen\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode_text(&no_bom).text, "BEGIN:VCARD\r\nFN:Jürgen\r\n");
    }

    #[test]
    fn legacy_lines_use_the_declared_charset_or_a_guess() {
        // "Київ" in Windows-1251, declared on another line.
        let bytes = b"FN:\xCA\xE8\xBF\xE2\nLABEL;CHARSET=Windows-1251:x\n";
        let decoded = decode_vcard(bytes);
        assert!(decoded.text.starts_with("FN:Київ\n"), "{}", decoded.text);
        // A UTF-8 line stays UTF-8 next to a Windows-1252 one.
        let mixed = "FN:Jürgen\nADR:L\u{e4}mmerweg\n".replace('\u{e4}', "\u{0}");
        let mut bytes = mixed.into_bytes();
        let zero = bytes.iter().position(|&b| b == 0).unwrap();
        bytes[zero] = 0xE4;
        let decoded = decode_vcard(&bytes);
        assert_eq!(decoded.text, "FN:Jürgen\nADR:Lämmerweg\n");
        assert_eq!(decode_value(&[0x92], WINDOWS_1252), "\u{2019}");
    }
}
