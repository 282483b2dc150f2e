//! vCard 2.1, 3.0 and 4.0 in, vCard 4.0 out.
//!
//! Reading has two layers. Kith's own scan splits the decoded text into
//! cards (BEGIN:VCARD … END:VCARD, nested cards included), remembers where
//! each starts, and notices what a lenient parser would silently accept: a
//! file that ends inside a card, lines outside any card, lines that are not
//! properties, undecodable photos. It also rewrites the one 2.1 spelling the
//! parser does not understand (a bare `;QUOTED-PRINTABLE` parameter). Each
//! card is then parsed by `calcard`, which handles folding, escapes,
//! quoted-printable, charsets and parameters, and mapped to Kith's fields.
//!
//! Writing builds vCard 4.0 from Kith's own fields (never by re-writing a
//! parsed legacy card) with `calcard`'s writer, which escapes and folds.

use calcard::common::IanaString;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardVersion,
};
use encoding_rs::Encoding;

use super::decode::{decode_value, decode_vcard};
use super::{
    ImportError, ImportedPerson, MAX_RECORDS, Parsed, RecordKind, Source, Unreadable,
    parse_birthday,
};
use crate::domain::{Birthday, Contact, ContactDraft, Labeled};

/// Reads every card of a vCard file.
pub fn read(bytes: &[u8]) -> Result<Parsed, ImportError> {
    let count = count_cards(bytes);
    if count > MAX_RECORDS {
        return Err(ImportError::TooManyRecords {
            count,
            noun: "cards",
        });
    }
    let decoded = decode_vcard(bytes);
    let scan = scan(&decoded.text);
    let mut people = Vec::with_capacity(scan.cards.len());
    let mut unreadable = scan.stray;
    let mut versions: Vec<&'static str> = Vec::new();
    for card in scan.cards {
        let source = Source {
            kind: RecordKind::Card,
            number: card.number,
            line: card.line,
        };
        match map_card(&card, decoded.fallback) {
            Ok(mut person) => {
                person.source = source;
                if !versions.contains(&card.version) && !card.version.is_empty() {
                    versions.push(card.version);
                }
                people.push(person);
            }
            Err(reason) => unreadable.push(Unreadable { source, reason }),
        }
    }
    unreadable.sort_by_key(|u| (u.source.line, u.source.number));
    versions.sort_unstable();
    let flavour = match versions.as_slice() {
        [] => "vCard".to_owned(),
        list => format!("vCard {}", list.join(", ")),
    };
    let mut notes = Vec::new();
    if decoded.fallback != encoding_rs::WINDOWS_1252 {
        notes.push(format!(
            "text that is not UTF-8 was read as {}",
            decoded.fallback.name()
        ));
    }
    Ok(Parsed {
        format: super::Format::Vcard,
        flavour,
        people,
        unreadable,
        notes,
        archive: None,
    })
}

/// Counts `BEGIN:VCARD` lines without decoding, for the record limit.
fn count_cards(bytes: &[u8]) -> usize {
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
struct RawCard {
    number: usize,
    line: usize,
    /// The card's own lines (nested cards taken out), BEGIN and END included.
    text: String,
    version: &'static str,
    /// Problems the scan noticed that do not stop the card from importing.
    warnings: Vec<String>,
    /// The file ended before END:VCARD.
    unterminated: bool,
    /// The FN value exactly as written, for 2.1 (where `\` is not an escape).
    raw_fn: Option<String>,
    /// The first BDAY value as written, for when the parser read it as
    /// something other than a date (a 3.0 date placed before VERSION).
    raw_bday: Option<String>,
}

struct Scan {
    cards: Vec<RawCard>,
    stray: Vec<Unreadable>,
}

fn is_marker(line: &str, marker: &str) -> Option<bool> {
    let line = line.trim_start_matches('\u{feff}');
    let trimmed = line.trim_end();
    trimmed
        .eq_ignore_ascii_case(marker)
        .then_some(trimmed.len() != line.len())
}

/// Splits the text into cards and notes what is wrong with the structure.
fn scan(text: &str) -> Scan {
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

/// The text of a value: text as parsed, or bytes in an unknown charset read
/// as UTF-8 or the file's encoding.
fn text_of(value: &VCardValue, fallback: &'static Encoding) -> Option<String> {
    match value {
        VCardValue::Text(text) => Some(text.clone()),
        VCardValue::Component(parts) => Some(parts.join(" ")),
        VCardValue::Binary(data) => Some(decode_value(&data.data, fallback)),
        VCardValue::Integer(n) => Some(n.to_string()),
        VCardValue::Float(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The components of a structured value (N, ORG), each list joined by a
/// space.
fn components(entry: &VCardEntry, fallback: &'static Encoding) -> Vec<String> {
    entry
        .values
        .iter()
        .map(|value| text_of(value, fallback).unwrap_or_default())
        .collect()
}

fn first_text(entry: &VCardEntry, fallback: &'static Encoding) -> String {
    entry
        .values
        .iter()
        .filter_map(|value| text_of(value, fallback))
        .map(|text| text.trim().to_owned())
        .find(|text| !text.is_empty())
        .unwrap_or_default()
}

/// Parses one card with calcard and maps it to Kith's fields.
fn map_card(card: &RawCard, fallback: &'static Encoding) -> Result<ImportedPerson, String> {
    let mut parser = calcard::Parser::new(&card.text);
    let vcard = match parser.entry() {
        calcard::Entry::VCard(vcard) => vcard,
        calcard::Entry::InvalidLine(line) => {
            return Err(format!("cannot be read (at {line:?})"));
        }
        _ => return Err("cannot be read as a vCard".to_owned()),
    };
    let meaningful = vcard.entries.iter().any(|e| {
        !matches!(
            e.name,
            VCardProperty::Begin | VCardProperty::End | VCardProperty::Version
        )
    });
    if !meaningful {
        return Err("the card is empty".to_owned());
    }

    // Apple and Google put custom labels on a group: item1.X-ABLabel.
    let mut group_labels: Vec<(String, String)> = Vec::new();
    for entry in &vcard.entries {
        if let (Some(group), VCardProperty::Other(name)) = (&entry.group, &entry.name)
            && name.eq_ignore_ascii_case("X-ABLabel")
        {
            let label = apple_label(&first_text(entry, fallback));
            if !label.is_empty() {
                group_labels.push((group.to_ascii_lowercase(), label));
            }
        }
    }
    let custom_label = |entry: &VCardEntry| -> Option<String> {
        let group = entry.group.as_ref()?.to_ascii_lowercase();
        group_labels
            .iter()
            .find(|(g, _)| *g == group)
            .map(|(_, label)| label.clone())
    };

    let mut fields = ContactDraft::default();
    let mut warnings = card.warnings.clone();
    let mut full_name = String::new();
    let mut structured_name = String::new();
    let mut uid = None;
    let mut notes: Vec<String> = Vec::new();
    let mut birthday_text = Vec::new();
    for entry in &vcard.entries {
        match &entry.name {
            VCardProperty::Fn if full_name.is_empty() => {
                full_name = match (&card.raw_fn, card.version) {
                    // In 2.1 a backslash is only an escape before `;`, and FN
                    // has no components: what is written is the name.
                    (Some(raw), "2.1") if raw.contains('\\') => raw.trim().to_owned(),
                    _ => first_text(entry, fallback),
                };
            }
            VCardProperty::N if structured_name.is_empty() => {
                let parts = components(entry, fallback);
                let part = |i: usize| parts.get(i).map(|s| s.trim()).unwrap_or("");
                // prefix, given, additional, family, suffix
                structured_name = [part(3), part(1), part(2), part(0), part(4)]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            VCardProperty::Nickname if fields.nickname.is_none() => {
                fields.nickname = entry
                    .values
                    .iter()
                    .filter_map(|v| text_of(v, fallback))
                    .map(|t| t.trim().to_owned())
                    .find(|t| !t.is_empty());
            }
            VCardProperty::Email => {
                let value = first_text(entry, fallback);
                let value = value.strip_prefix("mailto:").unwrap_or(&value).trim();
                // `"Omega" <omega@example.com>`: the address is in the brackets.
                let value = match (value.rfind('<'), value.rfind('>')) {
                    (Some(open), Some(close)) if open < close => value[open + 1..close].trim(),
                    _ => value,
                };
                if !value.is_empty() {
                    let label = custom_label(entry).or_else(|| type_label(entry, false));
                    fields.emails.push(Labeled::new(label.as_deref(), value));
                }
            }
            VCardProperty::Tel => {
                let value = first_text(entry, fallback);
                let value = value.strip_prefix("tel:").unwrap_or(&value).trim();
                if !value.is_empty() {
                    let label = custom_label(entry).or_else(|| type_label(entry, true));
                    fields.phones.push(Labeled::new(label.as_deref(), value));
                }
            }
            VCardProperty::Bday => {
                if fields.birthday.is_none() {
                    fields.birthday = entry.values.iter().find_map(|value| match value {
                        VCardValue::PartialDateTime(dt) => {
                            let birthday = Birthday {
                                year: dt.year.map(i32::from),
                                month: u32::from(dt.month?),
                                day: u32::from(dt.day?),
                            };
                            Birthday::parse(&birthday.to_string()).ok()
                        }
                        other => parse_birthday(&text_of(other, fallback)?),
                    });
                }
                birthday_text.push(first_text(entry, fallback));
            }
            VCardProperty::Org if fields.organisation.is_none() => {
                let parts = components(entry, fallback);
                fields.organisation = parts
                    .iter()
                    .map(|p| p.trim())
                    .find(|p| !p.is_empty())
                    .map(str::to_owned);
            }
            VCardProperty::Note => {
                let note = entry
                    .values
                    .iter()
                    .filter_map(|v| text_of(v, fallback))
                    .collect::<Vec<_>>()
                    .join(";");
                if !note.trim().is_empty() {
                    notes.push(note.trim().to_owned());
                }
            }
            VCardProperty::Categories => {
                // calcard has split the list on its unescaped commas.
                fields.tags.extend(
                    entry
                        .values
                        .iter()
                        .filter_map(|v| text_of(v, fallback))
                        .map(|t| t.trim().to_owned())
                        .filter(|t| !t.is_empty()),
                );
            }
            VCardProperty::Uid if uid.is_none() => {
                let text = first_text(entry, fallback);
                if !text.is_empty() {
                    uid = Some(text);
                }
            }
            _ => {}
        }
    }
    if fields.birthday.is_none() {
        fields.birthday = card.raw_bday.as_deref().and_then(parse_birthday);
    }
    if fields.birthday.is_none()
        && let Some(text) = birthday_text
            .iter()
            .chain(&card.raw_bday)
            .find(|t| !t.is_empty())
    {
        warnings.push(format!("birthday {text:?} left out: not a date Kith reads"));
    }
    fields.notes = notes.join("\n");
    let name = [
        full_name.as_str(),
        structured_name.as_str(),
        fields.organisation.as_deref().unwrap_or(""),
    ]
    .into_iter()
    .map(str::trim)
    .find(|n| !n.is_empty())
    .map(str::to_owned)
    .or_else(|| fields.emails.first().map(|e| e.value.clone()));
    if card.unterminated && full_name.trim().is_empty() && structured_name.is_empty() {
        return Err(
            "the file ends inside this card (no END:VCARD) and it has no FN or N name".to_owned(),
        );
    }
    let Some(name) = name else {
        return Err(if card.unterminated {
            "the file ends inside this card (no END:VCARD) and it has no name".to_owned()
        } else {
            "the card has no name, organisation or email".to_owned()
        });
    };
    if card.unterminated {
        warnings.push(
            "the file ends inside this card (no END:VCARD); imported what was there".to_owned(),
        );
    }
    fields.name = name;
    let mut person = ImportedPerson::new(
        Source {
            kind: RecordKind::Card,
            number: card.number,
            line: card.line,
        },
        fields,
    );
    person.uid = uid;
    person.warnings = warnings;
    Ok(person)
}

/// An Apple label without its `_$!<…>!$_` wrapping.
fn apple_label(text: &str) -> String {
    let text = text.trim();
    let inner = text
        .strip_prefix("_$!<")
        .or_else(|| text.strip_prefix("$!<"))
        .and_then(|t| t.strip_suffix(">!$_").or_else(|| t.strip_suffix(">!$")))
        .unwrap_or(text);
    inner.trim().to_owned()
}

/// A label from the TYPE parameters: `mobile` for cell, `home fax` …; an
/// unknown type is kept as written. Types that say nothing to a person
/// (voice, internet, pref) give no label.
fn type_label(entry: &VCardEntry, phone: bool) -> Option<String> {
    let mut types: Vec<String> = Vec::new();
    for param in &entry.params {
        let texts: Vec<String> = match (&param.name, &param.value) {
            (VCardParameterName::Type, VCardParameterValue::Type(t)) => {
                vec![t.as_str().to_ascii_lowercase()]
            }
            (VCardParameterName::Type, VCardParameterValue::Text(t)) => {
                t.split(',').map(|s| s.trim().to_lowercase()).collect()
            }
            // 2.1 writes bare types: TEL;HOME;X-NEC-SECRET:
            (VCardParameterName::Other(name), VCardParameterValue::Null) => {
                vec![name.to_lowercase()]
            }
            _ => Vec::new(),
        };
        for text in texts {
            let text = text.strip_prefix("x-").unwrap_or(&text).to_owned();
            if !text.is_empty() && !types.contains(&text) {
                types.push(text);
            }
        }
    }
    let has = |t: &str| types.iter().any(|x| x == t);
    let place = if has("work") {
        Some("work")
    } else if has("home") {
        Some("home")
    } else {
        None
    };
    if has("cell") || has("mobile") || has("iphone") || has("mobil") {
        return Some("mobile".to_owned());
    }
    if has("fax") {
        return Some(match place {
            Some(place) => format!("{place} fax"),
            None => "fax".to_owned(),
        });
    }
    for known in ["pager", "main", "video", "car", "other"] {
        if has(known) {
            return Some(if known == "main" && !phone {
                place.unwrap_or("main").to_owned()
            } else {
                known.to_owned()
            });
        }
    }
    if let Some(place) = place {
        return Some(place.to_owned());
    }
    const SILENT: &[&str] = &[
        "pref",
        "voice",
        "internet",
        "x400",
        "msg",
        "text",
        "charset",
        "encoding",
        "language",
        "quoted-printable",
        "inline",
        "unlabelled",
    ];
    types
        .into_iter()
        .find(|t| !SILENT.contains(&t.as_str()) && !t.contains('=') && t.len() <= 40)
}

/// Writes people as vCard 4.0: FN, NICKNAME, EMAIL, TEL, BDAY, ORG, NOTE,
/// CATEGORIES and a `UID:urn:uuid:` that a later import matches on.
pub fn write(contacts: &[Contact]) -> String {
    let mut out = String::new();
    for contact in contacts {
        let card = to_vcard(contact);
        // Writing to a String cannot fail.
        let _ = card.write_to(&mut out, VCardVersion::V4_0);
    }
    out
}

fn text_entry(name: VCardProperty, text: &str) -> VCardEntry {
    VCardEntry {
        group: None,
        name,
        params: Vec::new(),
        values: vec![VCardValue::Text(text.to_owned())],
    }
}

fn to_vcard(contact: &Contact) -> VCard {
    let fields = &contact.fields;
    let mut entries = vec![
        text_entry(VCardProperty::Uid, &format!("urn:uuid:{}", contact.uuid)),
        text_entry(VCardProperty::Fn, &fields.name),
    ];
    if let Some(nickname) = &fields.nickname {
        entries.push(text_entry(VCardProperty::Nickname, nickname));
    }
    let mut group = 0;
    for (property, list) in [
        (VCardProperty::Email, &fields.emails),
        (VCardProperty::Tel, &fields.phones),
    ] {
        for item in list {
            let mut entry = text_entry(property.clone(), &item.value);
            if property == VCardProperty::Tel {
                entry.params.push(VCardParameter::new(
                    VCardParameterName::Value,
                    VCardParameterValue::Text("text".to_owned()),
                ));
            }
            let mut custom = None;
            if let Some(label) = &item.label {
                let types: &[&str] = match label.to_lowercase().as_str() {
                    "work" => &["work"],
                    "home" => &["home"],
                    "mobile" | "cell" => &["cell"],
                    "fax" => &["fax"],
                    "home fax" => &["home", "fax"],
                    "work fax" => &["work", "fax"],
                    "pager" => &["pager"],
                    "video" => &["video"],
                    _ => &[],
                };
                if types.is_empty() {
                    custom = Some(label.clone());
                }
                for t in types {
                    entry.params.push(VCardParameter::new(
                        VCardParameterName::Type,
                        VCardParameterValue::Text((*t).to_owned()),
                    ));
                }
            }
            if let Some(label) = custom {
                // Apple's convention for a label vCard has no type for.
                group += 1;
                let name = format!("item{group}");
                entry.group = Some(name.clone());
                entries.push(entry);
                let mut label_entry =
                    text_entry(VCardProperty::Other("X-ABLabel".to_owned()), &label);
                label_entry.group = Some(name);
                entries.push(label_entry);
            } else {
                entries.push(entry);
            }
        }
    }
    if let Some(birthday) = fields.birthday {
        let value = match birthday.year {
            Some(year) => format!("{year:04}{:02}{:02}", birthday.month, birthday.day),
            None => format!("--{:02}{:02}", birthday.month, birthday.day),
        };
        entries.push(text_entry(VCardProperty::Bday, &value));
    }
    if let Some(org) = &fields.organisation {
        entries.push(text_entry(VCardProperty::Org, org));
    }
    if !fields.notes.is_empty() {
        entries.push(text_entry(VCardProperty::Note, &fields.notes));
    }
    if !fields.tags.is_empty() {
        entries.push(VCardEntry {
            group: None,
            name: VCardProperty::Categories,
            params: Vec::new(),
            values: fields
                .tags
                .iter()
                .map(|t| VCardValue::Text(t.clone()))
                .collect(),
        });
    }
    VCard { entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(text: &str) -> Parsed {
        read(text.as_bytes()).unwrap()
    }

    #[test]
    fn cards_map_to_people_with_labels() {
        let parsed = people(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Greg Dartmouth\r\nNICKNAME:Gman\r\n\
             TEL;TYPE=CELL:555 555 1111\r\nitem1.TEL:555 555 2222\r\n\
             item1.X-ABLabel:_$!<GRAND_CENTRAL>!$_\r\nEMAIL;TYPE=INTERNET,HOME:g@example.org\r\n\
             BDAY:1960-09-10\r\nORG:TheCompany;Dept\r\nCATEGORIES:a,b\r\nUID:abc-1\r\nEND:VCARD\r\n",
        );
        assert!(parsed.unreadable.is_empty(), "{:?}", parsed.unreadable);
        let greg = &parsed.people[0];
        assert_eq!(greg.fields.name, "Greg Dartmouth");
        assert_eq!(greg.fields.nickname.as_deref(), Some("Gman"));
        assert_eq!(
            greg.fields.phones,
            [
                Labeled::new(Some("mobile"), "555 555 1111"),
                Labeled::new(Some("GRAND_CENTRAL"), "555 555 2222"),
            ]
        );
        assert_eq!(
            greg.fields.emails,
            [Labeled::new(Some("home"), "g@example.org")]
        );
        assert_eq!(greg.fields.birthday.unwrap().to_string(), "1960-09-10");
        assert_eq!(greg.fields.organisation.as_deref(), Some("TheCompany"));
        assert_eq!(greg.fields.tags, ["a", "b"]);
        assert_eq!(greg.uid.as_deref(), Some("abc-1"));
    }

    #[test]
    fn broken_structure_is_reported() {
        let parsed = people("FN:Lost\nEND:VCARD\nBEGIN:VCARD\nFN:Kept\nblabla\nEND:VCARD\n");
        assert_eq!(parsed.people.len(), 1);
        assert_eq!(parsed.unreadable.len(), 1);
        assert_eq!(parsed.unreadable[0].source.to_string(), "lines 1–2");
        assert!(parsed.people[0].warnings[0].contains("not a vCard property"));
        let cut = people("BEGIN:VCARD\nFN:Cut Short\nEMAIL:only@example.org\n");
        assert_eq!(cut.people[0].fields.name, "Cut Short");
        assert!(cut.people[0].warnings[0].contains("ends inside"));
        let nameless = people("BEGIN:VCARD\nEMAIL:only@example.org\n");
        assert!(nameless.people.is_empty());
        assert!(nameless.unreadable[0].reason.contains("no FN or N name"));
    }

    #[test]
    fn parameters_folded_before_the_colon_stay_in_their_property() {
        let parsed = people(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Erika\r\nTEL;VALUE=uri:tel:+49-1\r\n\
             ADR;LABEL=\"Street 1\\nK\u{f6}ln\"\r\n :;;Street 1;K\u{f6}ln\r\n\
             ADR;LABEL=\"open\r\n quote\":;;x\r\nEND:VCARD\r\n",
        );
        let erika = &parsed.people[0];
        assert_eq!(values(&erika.fields.phones), ["+49-1"]);
        assert!(erika.warnings.is_empty(), "{:?}", erika.warnings);
    }

    fn values(list: &[Labeled]) -> Vec<&str> {
        list.iter().map(|l| l.value.as_str()).collect()
    }

    #[test]
    fn bare_quoted_printable_and_unlabelled_bytes_decode() {
        let parsed = people(
            "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;QUOTED-PRINTABLE:M=C3=BCller;J=\n=C3=BCrgen\n\
             NOTE;ENCODING=QUOTED-PRINTABLE:It=92s\nEND:VCARD\n",
        );
        let person = &parsed.people[0];
        assert_eq!(person.fields.name, "Jürgen Müller");
        assert_eq!(person.fields.notes, "It\u{2019}s");
    }
}
