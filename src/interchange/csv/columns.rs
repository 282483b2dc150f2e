//! Which column of a CSV file holds what, judging by its header, in
//! English and German, whichever program wrote it.

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Role {
    FullName,
    Prefix,
    First,
    Middle,
    Last,
    Suffix,
    Nickname,
    /// An email, with the label its header implies.
    Email(Option<&'static str>),
    /// Google's numbered "E-mail N - Value" with its "- Type" column.
    EmailValue(usize),
    EmailType(usize),
    Phone(Option<String>),
    PhoneValue(usize),
    PhoneType(usize),
    /// Google's "Event N - Value" (a date to remember) and its "- Type".
    EventValue(usize),
    EventType(usize),
    Birthday,
    BirthYear,
    BirthMonth,
    BirthDay,
    Organisation,
    Notes,
    Tags,
    Uid,
    /// Kith's own export: `label:value; label:value`.
    EmailList,
    PhoneList,
    /// Outlook's "Anniversary" column.
    Anniversary,
    /// Kith's own export: `label:date; label:date`.
    DateList,
}

pub(super) fn fold(header: &str) -> String {
    header
        .trim()
        .trim_matches('"')
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The role of a column from its header, if Kith knows it.
pub(super) fn role(header: &str) -> Option<Role> {
    let h = fold(header);
    // Google: "E-mail 1 - Value", "Phone 2 - Type" (also "- Label"),
    // "Event 1 - Value".
    for prefix in ["e mail ", "email ", "phone ", "event "] {
        if let Some(rest) = h.strip_prefix(prefix) {
            let mut words = rest.split(' ');
            if let (Some(n), Some(kind)) = (words.next(), words.next_back())
                && let Ok(n) = n.parse::<usize>()
            {
                match (prefix, kind) {
                    ("phone ", "value") => return Some(Role::PhoneValue(n)),
                    ("phone ", "type" | "label") => return Some(Role::PhoneType(n)),
                    ("event ", "value") => return Some(Role::EventValue(n)),
                    ("event ", "type" | "label") => return Some(Role::EventType(n)),
                    (_, "value") => return Some(Role::EmailValue(n)),
                    (_, "type" | "label") => return Some(Role::EmailType(n)),
                    // Outlook's "E-mail 2 Address" is a plain email column.
                    _ => {}
                }
            }
        }
    }
    let role = match h.as_str() {
        "name" | "display name" | "full name" | "anzeigename" | "formatted name" | "fn" => {
            Role::FullName
        }
        "title" | "name prefix" | "prefix" | "anrede" => Role::Prefix,
        "first name" | "given name" | "first" | "vorname" => Role::First,
        "middle name" | "additional name" | "2. vorname" | "weitere vornamen" => Role::Middle,
        "last name" | "family name" | "surname" | "last" | "nachname" => Role::Last,
        "suffix" | "name suffix" | "namenszusatz" => Role::Suffix,
        "nickname" | "spitzname" => Role::Nickname,
        "e mail address"
        | "email address"
        | "primary email"
        | "email"
        | "e mail"
        | "primäre e mail adresse"
        | "e mail adresse" => Role::Email(None),
        "e mail 2 address"
        | "e mail 3 address"
        | "secondary email"
        | "sekundäre e mail adresse" => Role::Email(None),
        "emails" => Role::EmailList,
        "phones" => Role::PhoneList,
        "dates" => Role::DateList,
        "anniversary" | "jahrestag" => Role::Anniversary,
        "phone" | "telephone" | "telefon" => Role::Phone(None),
        "birthday" | "geburtstag" | "bday" | "date of birth" => Role::Birthday,
        "birth year" | "geburtsjahr" => Role::BirthYear,
        "birth month" | "geburtsmonat" => Role::BirthMonth,
        "birth day" => Role::BirthDay,
        "company"
        | "organization"
        | "organisation"
        | "org"
        | "organization 1 name"
        | "organization name"
        | "firma" => Role::Organisation,
        "notes" | "note" | "notizen" | "anmerkungen" => Role::Notes,
        "categories" | "group membership" | "labels" | "tags" | "kategorien" => Role::Tags,
        "uuid" | "uid" => Role::Uid,
        _ => return phone_role(&h),
    };
    Some(role)
}

/// Outlook, Thunderbird and Live Mail name a column per phone kind.
fn phone_role(h: &str) -> Option<Role> {
    let label = match h {
        "mobile phone" | "mobile number" | "mobil tel. nr." | "mobiltelefon" | "handy"
        | "mobile" => "mobile",
        "business phone"
        | "business phone 2"
        | "work phone"
        | "tel. dienstlich"
        | "telefon (geschäftlich)" => "work",
        "home phone" | "home phone 2" | "tel. privat" | "telefon (privat)" => "home",
        "business fax" | "fax (geschäftlich)" => "work fax",
        "home fax" | "fax (privat)" => "home fax",
        "fax number" | "fax nummer" | "other fax" | "fax" => "fax",
        "pager" | "pager number" | "pager nummer" => "pager",
        "primary phone" | "company main phone" => "main",
        "other phone" => "other",
        "car phone" => "car",
        "assistant's phone" => "assistant",
        "callback" | "radio phone" | "telex" | "tty/tdd phone" | "isdn" => {
            return Some(Role::Phone(Some(h.to_owned())));
        }
        _ => return None,
    };
    Some(Role::Phone(Some(label.to_owned())))
}

pub(super) fn names_someone(role: &Role) -> bool {
    matches!(
        role,
        Role::FullName | Role::First | Role::Last | Role::Organisation
    ) || matches!(role, Role::Email(_) | Role::EmailValue(_) | Role::EmailList)
}

/// Which program wrote the file, judging by its header.
pub(super) fn flavour(header: &[String]) -> String {
    let has = |name: &str| header.iter().any(|h| fold(h) == name);
    if has("e mail 1 value") || has("given name") {
        "Google Contacts CSV".to_owned()
    } else if has("e mail address") && (has("business phone") || has("mobile phone")) {
        "Outlook CSV".to_owned()
    } else if has("primary email") || has("primäre e mail adresse") {
        "Thunderbird CSV".to_owned()
    } else if has("uuid") && has("trust") {
        "Kith CSV".to_owned()
    } else {
        "CSV".to_owned()
    }
}

/// Whether a line of text is one column header Kith knows (`name`,
/// `Full Name`, `E-mail Address` …), as a CSV file of one column starts.
pub fn is_known_column(line: &str) -> bool {
    role(line).is_some()
}
