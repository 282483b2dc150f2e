//! vCard 2.1, 3.0 and 4.0 in, vCard 4.0 out.
//!
//! Reading has two layers. Kith's own scan (`scan.rs`) splits the decoded
//! text into cards and notices what a lenient parser would silently
//! accept. Each card is then parsed by `calcard`, which handles folding,
//! escapes, quoted-printable, charsets and parameters, and mapped to
//! Kith's fields here.
//!
//! Dates to remember come in from `ANNIVERSARY` (also `X-ANNIVERSARY`,
//! Evolution's, Outlook's and KAddressBook's own) as "anniversary", and from
//! Apple's `X-ABDATE` under its `X-ABLabel`.
//!
//! Writing (`write.rs`) builds vCard 4.0 from Kith's own fields.

mod scan;
mod write;

use calcard::common::IanaString;
use calcard::vcard::{
    VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};
use encoding_rs::Encoding;

use super::decode::{decode_value, decode_vcard};
use super::{
    ImportError, ImportedPerson, MAX_RECORDS, Parsed, RecordKind, Source, Unreadable, date_label,
    parse_birthday,
};
use crate::domain::{ContactDraft, Labeled, YearlyDate};
use scan::{RawCard, count_cards, scan};

pub use write::write;

/// Reads every card of a vCard file.
pub fn read(bytes: &[u8]) -> Result<Parsed, ImportError> {
    let count = count_cards(bytes);
    if count > MAX_RECORDS {
        return Err(ImportError::TooManyRecords {
            count,
            noun: "cards",
            max: MAX_RECORDS,
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
    let mut dates = Vec::new();
    // How many of the card's dates to remember came before (see
    // `RawCard::raw_dates`).
    let mut dates_seen = 0;
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
                    fields.birthday = yearly_date(entry, fallback);
                }
                birthday_text.push(first_text(entry, fallback));
            }
            property if is_date_property(&property.as_str().to_ascii_uppercase()) => {
                let label = match property {
                    VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-ABDATE") => {
                        date_label(custom_label(entry).as_deref().unwrap_or(""))
                    }
                    _ => ANNIVERSARY.to_owned(),
                };
                let raw = card.raw_dates.get(dates_seen).map(String::as_str);
                dates_seen += 1;
                match yearly_date(entry, fallback).or_else(|| raw.and_then(parse_birthday)) {
                    Some(date) => dates.push((label, date)),
                    None => warnings.push(format!(
                        "{label} {:?} left out: not a date Kith reads",
                        raw.unwrap_or_default()
                    )),
                }
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
    person.dates = dates;
    Ok(person)
}

/// The label of the dates vCard calls `ANNIVERSARY`.
const ANNIVERSARY: &str = "anniversary";

/// The day of a `BDAY`, `ANNIVERSARY` or `X-ABDATE`, in any spelling
/// [`parse_birthday`] reads; `None` if it is none of them.
fn yearly_date(entry: &VCardEntry, fallback: &'static Encoding) -> Option<YearlyDate> {
    entry.values.iter().find_map(|value| match value {
        VCardValue::PartialDateTime(dt) => {
            let date = YearlyDate {
                year: dt.year.map(i32::from),
                month: u32::from(dt.month?),
                day: u32::from(dt.day?),
            };
            YearlyDate::parse(&date.to_string()).ok()
        }
        other => parse_birthday(&text_of(other, fallback)?),
    })
}

/// Whether a property (upper case, without its group) is a date to
/// remember Kith reads.
fn is_date_property(name: &str) -> bool {
    matches!(
        name,
        "ANNIVERSARY"
            | "X-ANNIVERSARY"
            | "X-EVOLUTION-ANNIVERSARY"
            | "X-MS-ANNIVERSARY"
            | "X-KADDRESSBOOK-X-ANNIVERSARY"
            | "X-ABDATE"
    )
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

    #[test]
    fn anniversaries_in_every_spelling_become_dates() {
        let parsed = people(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nANNIVERSARY:19960415\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo\r\nANNIVERSARY:--0229\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\r\nX-ANNIVERSARY:2001-06-02\r\n\
             X-EVOLUTION-ANNIVERSARY:2001-06-03\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Di\r\nitem1.X-ABDATE:2010-09-09\r\n\
             item1.X-ABLabel:_$!<Anniversary>!$_\r\nitem2.X-ABDATE;type=pref:2012-01-02\r\n\
             item2.X-ABLabel:Moved in\r\nEND:VCARD\r\n",
        );
        let all: Vec<Vec<String>> = parsed
            .people
            .iter()
            .map(ImportedPerson::date_lines)
            .collect();
        assert_eq!(
            all,
            [
                vec!["anniversary 1996-04-15"],
                vec!["anniversary --02-29"],
                vec!["anniversary 2001-06-02", "anniversary 2001-06-03"],
                vec!["anniversary 2010-09-09", "Moved in 2012-01-02"],
            ]
        );
        assert!(parsed.people.iter().all(|p| p.warnings.is_empty()));
    }

    #[test]
    fn an_unreadable_anniversary_is_a_warning_and_the_card_imports() {
        let parsed = people(
            "BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nANNIVERSARY;VALUE=text:the spring of 96\n\
             BDAY:1980-03-22\nEND:VCARD\n",
        );
        let ada = &parsed.people[0];
        assert!(ada.dates.is_empty());
        assert_eq!(
            ada.warnings,
            ["anniversary \"the spring of 96\" left out: not a date Kith reads"]
        );
        assert_eq!(ada.fields.birthday.unwrap().to_string(), "1980-03-22");
        let parsed = people("BEGIN:VCARD\nVERSION:4.0\nFN:Bo\nANNIVERSARY:19961345\nEND:VCARD\n");
        assert_eq!(
            parsed.people[0].warnings,
            ["anniversary \"19961345\" left out: not a date Kith reads"]
        );
    }
}
