//! The first layer of reading a vCard file: Kith's own scan of the
//! decoded text into cards.
//!
//! It splits the text into cards (BEGIN:VCARD … END:VCARD, nested cards
//! included), remembers where each starts, and notices what a lenient
//! parser would silently accept: a file that ends inside a card, lines
//! outside any card, lines that are not properties, undecodable photos. It
//! also rewrites the one 2.1 spelling the parser does not understand (a
//! bare `;QUOTED-PRINTABLE` parameter).

use crate::interchange::{RecordKind, Source, Unreadable};

/// Counts `BEGIN:VCARD` lines without decoding, for the record limit.
pub(super) fn count_cards(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n' || b == 0)
        .filter(|line| {
            let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            line.len() >= 11 && line[..11].eq_ignore_ascii_case(b"BEGIN:VCARD")
        })
        .count()
}

/// One card as found by the scan.
#[derive(Debug, Default)]
pub(super) struct RawCard {
    pub(super) number: usize,
    pub(super) line: usize,
    /// The card's own lines (nested cards taken out), BEGIN and END included.
    pub(super) text: String,
    pub(super) version: &'static str,
    /// Problems the scan noticed that do not stop the card from importing.
    pub(super) warnings: Vec<String>,
    /// The file ended before END:VCARD.
    pub(super) unterminated: bool,
    /// The FN value exactly as written, for 2.1 (where `\` is not an escape).
    pub(super) raw_fn: Option<String>,
    /// The first BDAY value as written, for when the parser read it as
    /// something other than a date (a 3.0 date placed before VERSION).
    pub(super) raw_bday: Option<String>,
    /// The values of its dates to remember (`ANNIVERSARY`, `X-ABDATE` ...)
    /// as written, in order, for the same reason and for warnings naming
    /// one the parser could not read at all.
    pub(super) raw_dates: Vec<String>,
}

pub(super) struct Scan {
    pub(super) cards: Vec<RawCard>,
    pub(super) stray: Vec<Unreadable>,
}

fn is_marker(line: &str, marker: &str) -> Option<bool> {
    let line = line.trim_start_matches('\u{feff}');
    let trimmed = line.trim_end();
    trimmed
        .eq_ignore_ascii_case(marker)
        .then_some(trimmed.len() != line.len())
}

/// Splits the text into cards and notes what is wrong with the structure.
pub(super) fn scan(text: &str) -> Scan {
    let mut cards = Vec::new();
    let mut stray = Vec::new();
    let mut open: Vec<RawCard> = Vec::new();
    let mut stray_run: Option<(usize, usize)> = None;
    let mut number = 0;
    // Whether the previous property line continues onto unindented lines:
    // base64 (2.1 writes it unindented) or a quoted-printable soft break.
    let mut in_base64 = false;
    let mut qp_continues = false;
    let flush_stray = |run: &mut Option<(usize, usize)>, stray: &mut Vec<Unreadable>| {
        if let Some((first, last)) = run.take() {
            stray.push(Unreadable {
                source: Source {
                    kind: RecordKind::Lines,
                    number: first,
                    line: last,
                },
                reason:
                    "not inside any BEGIN:VCARD … END:VCARD card (is the BEGIN:VCARD line missing?)"
                        .to_owned(),
            });
        }
    };
    // CR CR LF (iOS) and CR LF both end here; a stray CR never reaches a value.
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    for (index, &line) in lines.iter().enumerate() {
        let line_no = index + 1;
        if let Some(trailing) = is_marker(line, "BEGIN:VCARD") {
            flush_stray(&mut stray_run, &mut stray);
            number += 1;
            let mut card = RawCard {
                number,
                line: line_no,
                ..RawCard::default()
            };
            if trailing {
                card.warnings.push(format!(
                    "line {line_no}: space after BEGIN:VCARD (accepted)"
                ));
            }
            card.text.push_str("BEGIN:VCARD\n");
            open.push(card);
            in_base64 = false;
            qp_continues = false;
            continue;
        }
        if let Some(trailing) = is_marker(line, "END:VCARD") {
            match open.pop() {
                Some(mut card) => {
                    if trailing {
                        card.warnings
                            .push(format!("line {line_no}: space after END:VCARD (accepted)"));
                    }
                    card.text.push_str("END:VCARD\n");
                    cards.push(card);
                }
                None => {
                    let run = stray_run.get_or_insert((line_no, line_no));
                    run.1 = line_no;
                }
            }
            in_base64 = false;
            qp_continues = false;
            continue;
        }
        let Some(card) = open.last_mut() else {
            if !line.trim().is_empty() {
                let run = stray_run.get_or_insert((line_no, line_no));
                run.1 = line_no;
            } else if let Some(run) = &mut stray_run {
                run.1 = run.1.max(line_no - 1);
            }
            continue;
        };
        if line.trim().is_empty() {
            if qp_continues {
                // Some phones break quoted-printable soft line breaks with
                // blank lines; the value goes on after them.
                continue;
            }
            // A blank line ends a 2.1 base64 block.
            in_base64 = false;
            card.text.push('\n');
            continue;
        }
        let continuation = line.starts_with([' ', '\t']);
        if continuation || in_base64 || qp_continues {
            if !continuation && in_base64 && line.contains(':') {
                // An unindented base64 block ended without its blank line
                // and this is the next property.
                in_base64 = false;
            } else {
                qp_continues = qp_continues && line.ends_with('=');
                card.text.push_str(line);
                card.text.push('\n');
                continue;
            }
        }
        // Parameters may be folded (LABEL="…" over several lines): find the
        // colon on the unfolded line.
        let mut logical = std::borrow::Cow::Borrowed(line);
        let mut quoted = false;
        let mut colon = colon_from(line, 0, &mut quoted);
        let mut next = index + 1;
        while colon.is_none() && lines.get(next).is_some_and(|l| l.starts_with([' ', '\t'])) {
            let scanned = logical.len();
            logical.to_mut().push_str(&lines[next][1..]);
            next += 1;
            colon = colon_from(&logical, scanned, &mut quoted);
        }
        let folded_head = next > index + 1;
        let Some(colon) = colon.filter(|&i| i > 0) else {
            if line.starts_with('#') {
                // Some phones write comment lines; nothing is lost.
                continue;
            }
            let shown: String = line.chars().take(40).collect();
            card.warnings.push(format!(
                "line {line_no}: {shown:?} is not a vCard property (ignored)"
            ));
            continue;
        };
        let (head, value) = logical.split_at(colon);
        let mut head = head.to_owned();
        let upper = head.to_ascii_uppercase();
        let name = upper
            .split(';')
            .next()
            .unwrap_or("")
            .rsplit('.')
            .next()
            .unwrap_or("");
        let params: Vec<&str> = upper.split(';').skip(1).collect();
        let is_qp = params
            .iter()
            .any(|p| *p == "QUOTED-PRINTABLE" || *p == "ENCODING=QUOTED-PRINTABLE");
        let is_b64 = params.iter().any(|p| {
            matches!(
                *p,
                "BASE64" | "ENCODING=BASE64" | "ENCODING=B" | "ENCODING=\"B\""
            )
        });
        if is_qp {
            // calcard reads `ENCODING=QUOTED-PRINTABLE`, not the bare 2.1 token.
            head = rewrite_bare_qp(&head);
            if !params.iter().any(|p| p.starts_with("CHARSET=")) {
                // Without a charset calcard would read the bytes as
                // ISO-8859-1; an unknown one hands them back undecoded, to be
                // read as UTF-8 or the file's own encoding (see `text_of`).
                head.push_str(";CHARSET=X-UNLABELLED");
            }
            qp_continues = value.ends_with('=');
        } else {
            qp_continues = false;
        }
        in_base64 = is_b64;
        if is_b64 && is_media(name) {
            let data = value[1..].trim();
            if !data.is_empty()
                && !data
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            {
                card.warnings.push(format!(
                    "line {line_no}: the {} is not valid base64 (ignored; Kith does not keep photos)",
                    name.to_ascii_lowercase()
                ));
            }
        }
        match name {
            "VERSION" => {
                card.version = match value[1..].trim() {
                    "2.1" => "2.1",
                    "3.0" => "3.0",
                    "4.0" | "4" => "4.0",
                    _ => "",
                }
            }
            "FN" if !is_qp && card.raw_fn.is_none() => {
                card.raw_fn = Some(value[1..].to_owned());
            }
            "BDAY" if card.raw_bday.is_none() => {
                card.raw_bday = Some(value[1..].trim().to_owned());
            }
            name if super::is_date_property(name) => {
                card.raw_dates.push(value[1..].trim().to_owned());
            }
            _ => {}
        }
        if folded_head {
            // The continuation lines follow as they are.
            card.text.push_str(line);
        } else {
            card.text.push_str(&head);
            card.text.push_str(value);
        }
        card.text.push('\n');
    }
    flush_stray(&mut stray_run, &mut stray);
    while let Some(mut card) = open.pop() {
        card.unterminated = true;
        // A quoted-printable value cut off after its soft line break must
        // not swallow the END line added here.
        if card.text.ends_with("=\n") {
            card.text.truncate(card.text.len() - 2);
            card.text.push('\n');
        }
        card.text.push_str("END:VCARD\n");
        cards.push(card);
    }
    Scan { cards, stray }
}

/// The colon that ends a property's name and parameters (colons inside
/// quoted parameter values do not count); `None` for a line that is not a
/// property.
///
/// Scans `text` from byte `start` (a char boundary) for that colon,
/// carrying whether a quote is open across calls so that a folded line is
/// scanned once, not again for every continuation.
fn colon_from(text: &str, start: usize, quoted: &mut bool) -> Option<usize> {
    for (i, c) in text[start..].char_indices() {
        match c {
            '"' => *quoted = !*quoted,
            ':' if !*quoted => return Some(start + i),
            _ => {}
        }
    }
    None
}

fn rewrite_bare_qp(head: &str) -> String {
    head.split(';')
        .map(|part| {
            if part.eq_ignore_ascii_case("QUOTED-PRINTABLE") {
                "ENCODING=QUOTED-PRINTABLE"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn is_media(name: &str) -> bool {
    matches!(
        name,
        "PHOTO" | "LOGO" | "SOUND" | "KEY" | "X-MS-CARDPICTURE"
    )
}
