//! Writing people as vCard 4.0, from Kith's own fields (never by
//! re-writing a parsed legacy card), with `calcard`'s writer, which escapes
//! and folds.

use std::io::{self, Write};

use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardVersion,
};

use crate::domain::YearlyDate;
use crate::domain::exchange::KeptPerson;

/// Writes people as vCard 4.0: FN, NICKNAME, EMAIL, TEL, BDAY, ORG, NOTE,
/// CATEGORIES and a `UID:urn:uuid:` that a later import matches on, card
/// by card as `people` hands them over. Their dates to remember go as
/// ANNIVERSARY (the first labelled "anniversary") and as Apple's
/// `itemN.X-ABDATE` with an `itemN.X-ABLabel` naming the label (the rest;
/// a day without a year as `--MM-DD`). An error of `people` stops the
/// writing and is returned (inside the `io::Error`).
pub fn write<E>(
    out: &mut dyn Write,
    people: impl Iterator<Item = Result<KeptPerson, E>>,
) -> io::Result<()>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut card_text = String::new();
    for person in people {
        let person = person.map_err(io::Error::other)?;
        card_text.clear();
        // Writing to a String cannot fail.
        let _ = to_vcard(&person).write_to(&mut card_text, VCardVersion::V4_0);
        out.write_all(card_text.as_bytes())?;
    }
    Ok(())
}

fn text_entry(name: VCardProperty, text: &str) -> VCardEntry {
    VCardEntry {
        group: None,
        name,
        params: Vec::new(),
        values: vec![VCardValue::Text(text.to_owned())],
    }
}

/// A day as vCard 4.0 writes one: `19960415`, or `--0415` without a year.
fn compact(date: YearlyDate) -> String {
    match date.year {
        Some(year) => format!("{year:04}{:02}{:02}", date.month, date.day),
        None => format!("--{:02}{:02}", date.month, date.day),
    }
}

fn to_vcard(person: &KeptPerson) -> VCard {
    let fields = &person.fields;
    let mut entries = vec![
        text_entry(
            VCardProperty::Uid,
            &format!("urn:uuid:{}", person.identity.uuid),
        ),
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
        entries.push(text_entry(VCardProperty::Bday, &compact(birthday)));
    }
    // vCard has room for one anniversary; the other dates (and a second
    // anniversary) go as Apple's labelled X-ABDATE, which Kith reads back.
    let mut anniversary = false;
    for kept in &person.identity.dates {
        let date = kept.date;
        if !anniversary && kept.label.eq_ignore_ascii_case("anniversary") {
            anniversary = true;
            entries.push(text_entry(VCardProperty::Anniversary, &compact(date)));
            continue;
        }
        group += 1;
        let name = format!("item{group}");
        let value = match date.year {
            Some(_) => date.to_string(),
            None => format!("--{:02}-{:02}", date.month, date.day),
        };
        let mut entry = text_entry(VCardProperty::Other("X-ABDATE".to_owned()), &value);
        entry.group = Some(name.clone());
        entries.push(entry);
        let mut label = text_entry(VCardProperty::Other("X-ABLabel".to_owned()), &kept.label);
        label.group = Some(name);
        entries.push(label);
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
