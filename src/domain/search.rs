//! Finding people as a person types: one matcher for the people list, the
//! log form's picker and `kith contact list --search`.
//!
//! Text is *folded* before it is compared: lowercased, decomposed (Unicode
//! NFKD) with the accents dropped, and the few letters that do not
//! decompose spelled out (ø → o, æ → ae, ß → ss, ł → l …), so "martinez"
//! finds Martínez and "lea" finds Léa. A query matches when every one of its
//! words starts some word of the person's text (name, nickname,
//! organisation, tags, how and where you met, notes): "hiro mu" finds
//! Hiroshi Murphy, "ada" does not find Canada.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Circle, ContactListing, TrustLevel};

/// `text` folded for matching (see the module docs).
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// Appends `text`, folded, to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    // Most text people type is ASCII: fold it without decomposing.
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => out.push('o'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ß' | 'ẞ' => out.push_str("ss"),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// The words of a query, folded; none for a blank query.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query).split_whitespace().map(str::to_owned).collect()
}

/// A person's searchable text, folded: the name (with the nickname) first,
/// then organisation, how and where you met, tags and notes, on one line.
/// The name's length tells a name match from any other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Searchable {
    pub text: String,
    /// Where the name (and nickname) ends in `text`.
    pub name_end: usize,
    /// The first characters of the words of `text` ([`initial_bit`]), and
    /// of the name's: a query word whose first character is not among them
    /// cannot match, so most people are ruled out without reading their
    /// text, and a one-letter word is answered by these alone.
    pub initials: u64,
    pub name_initials: u64,
}

impl Searchable {
    pub fn of(listing: &ContactListing) -> Self {
        let mut text = String::new();
        fold_into(&listing.name, &mut text);
        if let Some(nickname) = &listing.nickname {
            text.push(' ');
            fold_into(nickname, &mut text);
        }
        let name_end = text.len();
        let others = [
            listing.organisation.as_deref(),
            listing.met_via.map(|via| via.label()),
            listing.met_where.as_deref(),
        ];
        for part in others.into_iter().flatten() {
            text.push('\n');
            fold_into(part, &mut text);
        }
        for tag in &listing.tags {
            text.push('\n');
            fold_into(tag, &mut text);
        }
        text.push('\n');
        fold_into(&listing.notes, &mut text);
        // One line: notes may hold line breaks, which no query word holds.
        let text = if text.contains(['\n', '\r']) {
            text.replace(['\n', '\r'], " ")
        } else {
            text
        };
        let (initials, name_initials) = initials(&text, name_end);
        Self {
            text,
            name_end,
            initials,
            name_initials,
        }
    }

    /// The name (and nickname), folded.
    pub fn name(&self) -> &str {
        &self.text[..self.name_end]
    }
}

/// The bit standing for a word starting with `c` in [`Searchable::initials`]:
/// one per ASCII letter and digit, one shared by every other character.
pub fn initial_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 1 << 63,
    }
}

/// The initials of the words of `text`, and of those starting before
/// `name_end`: where [`is_word_start`] holds, without looking back.
fn initials(text: &str, name_end: usize) -> (u64, u64) {
    let (mut all, mut name) = (0, 0);
    let mut before: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts = match before {
            None => true,
            Some(b) if b.is_ascii() && c.is_ascii() => !b.is_ascii_alphanumeric(),
            Some(b) => !b.is_alphanumeric() || is_unspaced(b) || is_unspaced(c),
        };
        if starts && !c.is_whitespace() {
            let bit = initial_bit(c);
            all |= bit;
            if at < name_end {
                name |= bit;
            }
        }
        before = Some(c);
    }
    (all, name)
}

/// A query, ready to be matched against many people: its words folded, each
/// with its finder built once.
pub struct Query {
    words: Vec<String>,
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// Each word's first character, as an [`initial_bit`].
    bits: Vec<u64>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        let words = query_words(text);
        let finders = words
            .iter()
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()).into_owned())
            .collect();
        let bits = words
            .iter()
            .map(|w| w.chars().next().map_or(0, initial_bit))
            .collect();
        Self {
            words,
            finders,
            bits,
        }
    }

    /// The words, folded; none for a blank query.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether this query narrows `before`: every word of `before` starts
    /// the word in the same place here, so whoever this finds, `before`
    /// found too ("mar" after "ma", "ma j" after "ma").
    pub fn narrows(&self, before: &Query) -> bool {
        !before.is_empty()
            && before.words.len() <= self.words.len()
            && before
                .words
                .iter()
                .zip(&self.words)
                .all(|(old, new)| new.starts_with(old.as_str()))
    }

    /// How `person` matches, if every word starts one of their words: the
    /// same answer as [`find`], faster.
    pub fn find(&self, person: &Searchable) -> Option<Found> {
        if self.words.is_empty() {
            return None;
        }
        let mut in_name = true;
        for ((word, finder), &bit) in self.words.iter().zip(&self.finders).zip(&self.bits) {
            if person.initials & bit == 0 {
                return None;
            }
            if word.len() == 1 && bit != 1 << 63 {
                // One letter or digit: the initials are the whole answer.
                in_name &= person.name_initials & bit != 0;
                continue;
            }
            let first = word_start_with(&person.text, finder)?;
            in_name &= first < person.name_end;
        }
        Some(Found { in_name })
    }
}

/// How a person matched a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Every word started a word of the name (or nickname).
    pub in_name: bool,
}

/// Whether every word of `words` starts some word of `text`; with
/// `name_end`, whether they all did within the name.
pub fn find(words: &[String], text: &str, name_end: usize) -> Option<Found> {
    if words.is_empty() {
        return None;
    }
    let mut in_name = true;
    for word in words {
        let first = word_start(text, word)?;
        if first >= name_end && !starts_word_in(&text[..name_end], word) {
            in_name = false;
        }
    }
    Some(Found { in_name })
}

/// Whether `word` starts a word of `text`.
pub fn starts_word_in(text: &str, word: &str) -> bool {
    word_start(text, word).is_some()
}

/// Where `word` first starts a word of `text`.
fn word_start(text: &str, word: &str) -> Option<usize> {
    word_start_with(text, &memchr::memmem::Finder::new(word.as_bytes()))
}

/// Where the word `finder` looks for first starts a word of `text`.
fn word_start_with(text: &str, finder: &memchr::memmem::Finder<'_>) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = finder.find(&text.as_bytes()[from..]) {
        let at = from + at;
        if is_word_start(text, at) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether a word starts at byte `at` of `text`: at the start, after
/// anything but a letter or digit, or in a script written without spaces
/// (Chinese, Japanese), where every character may start a word.
pub fn is_word_start(text: &str, at: usize) -> bool {
    if !text.is_char_boundary(at) {
        return false;
    }
    // Mostly ASCII: one byte back tells.
    if let (Some(&b), Some(&c)) = (
        at.checked_sub(1).and_then(|i| text.as_bytes().get(i)),
        text.as_bytes().get(at),
    ) && b.is_ascii()
        && c.is_ascii()
    {
        return !b.is_ascii_alphanumeric();
    }
    let before = text[..at].chars().next_back();
    let here = text[at..].chars().next();
    match (before, here) {
        (None, _) => true,
        (Some(before), _) if !before.is_alphanumeric() => true,
        (Some(before), Some(here)) => is_unspaced(before) || is_unspaced(here),
        (Some(_), None) => false,
    }
}

/// Characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{0E00}'..='\u{0E7F}' // Thai
    )
}

/// The filters of the people list beside the search: circle, trust level
/// and tag (a tag matches whole, ignoring case and accents).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub circle: Option<Circle>,
    pub trust: Option<TrustLevel>,
    pub tag: Option<String>,
}

impl Filters {
    pub fn admit(&self, listing: &ContactListing) -> bool {
        let tag = self.tag.as_deref().map(fold);
        self.circle.is_none_or(|c| listing.circle == c)
            && self.trust.is_none_or(|t| listing.trust == t)
            && tag
                .as_deref()
                .is_none_or(|tag| listing.tags.iter().any(|t| fold(t) == tag))
    }
}

/// The order of search results, smallest first: name matches, then people
/// with nudges open, then the most recently contacted (never last).
pub fn rank(
    found: Found,
    has_nudges: bool,
    last_contact: Option<chrono::NaiveDateTime>,
) -> (bool, bool, std::cmp::Reverse<Option<chrono::NaiveDateTime>>) {
    (!found.in_name, !has_nudges, std::cmp::Reverse(last_contact))
}

/// A short piece of `text` (in its own spelling) around the first word
/// that `words` start, for a row found by its notes: about `width`
/// characters, with "…" where it was cut.
pub fn snippet(text: &str, words: &[String], width: usize) -> Option<String> {
    let mut offset = 0;
    let mut hit = None;
    for piece in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let folded = fold(piece);
        if words.iter().any(|w| folded.starts_with(w.as_str())) {
            hit = Some(offset);
            break;
        }
        offset += piece.len();
    }
    let hit = hit?;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = chars.iter().position(|(i, _)| *i == hit).unwrap_or(0);
    let start = at.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let mut piece: String = chars[start..end]
        .iter()
        .map(|(_, c)| if c.is_control() { ' ' } else { *c })
        .collect();
    piece = piece.trim().to_owned();
    if start > 0 {
        piece.insert(0, '…');
    }
    if end < chars.len() {
        piece.push('…');
    }
    Some(piece)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents_and_spells_out_what_does_not_decompose() {
        for (text, folded) in [
            ("Martínez", "martinez"),
            ("Léa", "lea"),
            ("Søren Ærø", "soren aero"),
            ("Straße", "strasse"),
            ("Łukasz Wałęsa", "lukasz walesa"),
            ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
            ("Đorđe", "dorde"),
            ("Zoë Ødegård", "zoe odegard"),
            ("ada", "ada"),
            ("Иван", "иван"),
        ] {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

    #[test]
    fn every_word_must_start_a_word() {
        let text = fold("Hiroshi Murphy, Canada; notes: climbs with Ada");
        let words = |q: &str| query_words(q);
        assert!(find(&words("hiro mu"), &text, 14).is_some());
        assert!(find(&words("mu hiro"), &text, 14).is_some());
        assert!(
            find(&words("roshi"), &text, 14).is_none(),
            "not inside a word"
        );
        assert!(find(&words("ada"), &text, 14).is_some(), "Ada in the notes");
        assert!(find(&words("anada"), &text, 14).is_none());
        assert!(find(&words("hiro zz"), &text, 14).is_none(), "every word");
        assert_eq!(
            find(&words("hiro mu"), &text, 14),
            Some(Found { in_name: true })
        );
        assert_eq!(
            find(&words("hiro ada"), &text, 14),
            Some(Found { in_name: false })
        );
        assert!(find(&[], &text, 14).is_none());
        // Scripts without spaces: any character may start a word.
        let chinese = fold("王小明");
        assert!(find(&words("小明"), &chinese, chinese.len()).is_some());
    }

    #[test]
    fn a_prepared_query_answers_as_find_does() {
        let listing = |name: &str, notes: &str| ContactListing {
            id: crate::domain::ContactId(1),
            name: name.into(),
            nickname: Some("Hiro".into()),
            organisation: Some("O'Brien & Søn".into()),
            circle: Circle::Personal,
            met_via: None,
            met_where: Some("@garyvee thread".into()),
            trust: TrustLevel::Handshake,
            archived: false,
            tags: vec!["Climbing".into()],
            notes: notes.into(),
            known_since: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            last_interaction_at: None,
            interaction_count: 0,
        };
        let people = [
            listing("Hiroshi Murphy", "Lives in Canada.\nHer sister Léonie"),
            listing("Lucía Martínez", "王小明 met at 2026 SXSW"),
            listing("Ada", ""),
        ];
        let queries = [
            "h", "hi", "hiro mu", "mu", "m", "a", "ada", "anada", "c", "climb", "l", "leo",
            "lucia", "martinez", "o", "brien", "s", "son", "@", "@gary", "gary", "2", "2026", "小",
            "小明", "王", "x", "hiro zz", "sister h", "",
        ];
        for person in &people {
            let text = Searchable::of(person);
            for q in queries {
                let query = Query::new(q);
                assert_eq!(
                    query.find(&text),
                    find(query.words(), &text.text, text.name_end),
                    "{q:?} in {:?}",
                    text.text
                );
            }
        }
        assert!(Query::new("mar").narrows(&Query::new("ma")));
        assert!(Query::new("ma j").narrows(&Query::new("ma")));
        assert!(!Query::new("m").narrows(&Query::new("ma")));
        assert!(!Query::new("j ma").narrows(&Query::new("ma")));
        assert!(!Query::new("ma").narrows(&Query::new("")));
    }

    #[test]
    fn a_snippet_shows_the_match_in_its_own_spelling() {
        let notes = "Met at the climbing gym. Her sister Léonie runs a bakery in Lyon.";
        let found = snippet(notes, &query_words("leo"), 30).unwrap();
        assert!(found.contains("Léonie"), "{found}");
        assert!(found.starts_with('…') && found.ends_with('…'), "{found}");
        assert_eq!(snippet(notes, &query_words("zzz"), 30), None);
    }
}
