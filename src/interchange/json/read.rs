//! Reading an archive as a stream: serde visitors over its top-level
//! object and arrays hand each record, as a JSON value, to what the
//! reading is for: the first reading checks and keeps (`check.rs`), the
//! second hands the interactions to the store (`again.rs`).

use std::fmt;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDateTime;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use uuid::Uuid;

use super::check::Collector;
use super::text::{Fingerprint, Tally, utf8};
use super::{FORMAT_NAME, VERSION};
use crate::domain::Settings;
use crate::domain::exchange::KeptNudgeState;
use crate::interchange::{ImportError, Parsed};

/// Where an archive's bytes are.
#[derive(Clone, Debug)]
pub enum Origin {
    File(PathBuf),
    Bytes(Arc<[u8]>),
}

impl Origin {
    pub(super) fn open(&self) -> Result<Box<dyn Read + Send>, ImportError> {
        match self {
            Self::File(path) => {
                let io = |cause| ImportError::Io {
                    path: path.clone(),
                    cause,
                };
                // Looked at first: opening a FIFO put in its place would wait.
                let meta = std::fs::metadata(path).map_err(io)?;
                crate::interchange::input::refuse_unless_regular(path, &meta)?;
                Ok(Box::new(std::fs::File::open(path).map_err(io)?))
            }
            Self::Bytes(bytes) => Ok(Box::new(std::io::Cursor::new(Arc::clone(bytes)))),
        }
    }
}

/// An archive already read once: where it is, and what it was then.
#[derive(Clone, Debug)]
pub struct ArchiveSource {
    pub(super) origin: Origin,
    pub(super) fingerprint: Fingerprint,
}

/// Everything in an archive besides the people: what planning needs of
/// it. The interactions themselves are read again when they are imported.
#[derive(Clone, Debug)]
pub struct ArchiveRest {
    pub source: ArchiveSource,
    pub version: u32,
    /// Every interaction's UUID and person, in the file's order.
    pub interactions: Vec<InteractionKey>,
    pub nudge_states: Vec<KeptNudgeState>,
    pub settings: Settings,
}

/// What planning needs to know of one interaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InteractionKey {
    pub uuid: Uuid,
    /// The first participant's UUID.
    pub contact: Uuid,
    /// The other participants' (empty, so holding nothing, for the
    /// interactions with one person that most are; a boxed slice is a
    /// word smaller than a Vec, a million times over).
    pub others: Box<[Uuid]>,
}

impl InteractionKey {
    /// Everyone it was with, by UUID.
    pub fn participants(&self) -> impl Iterator<Item = &Uuid> {
        std::iter::once(&self.contact).chain(self.others.iter())
    }
}

/// The top-level arrays (and objects) of an archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Section {
    People,
    Interactions,
    NudgeStates,
    Settings,
}

impl Section {
    const ALL: [Self; 4] = [
        Self::People,
        Self::Interactions,
        Self::NudgeStates,
        Self::Settings,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Interactions => "interactions",
            Self::NudgeStates => "nudge_states",
            Self::Settings => "settings",
        }
    }

    /// Which of them every file of `version` has.
    fn required(self, _version: u32) -> bool {
        true
    }
}

/// Which record of a file is being read.
#[derive(Clone, Copy, Debug)]
pub(super) struct Record {
    pub section: Section,
    /// From 1.
    pub number: usize,
    /// The file's version, which decides the record's shape.
    pub version: u32,
}

/// What one reading does with each part of the archive it wants.
pub(super) trait Sections {
    fn wants(&self, section: Section) -> bool;
    /// One record of an array.
    fn record(&mut self, record: Record, value: Value) -> Result<(), ImportError>;
    fn settings(&mut self, value: Value) -> Result<(), ImportError>;
}

/// Reads an archive: checks every record as the import would (the people
/// against the rules of `now.date()`, the interactions against `now`),
/// keeps the people, the nudge states and the settings, and indexes the
/// interactions. An archive with any problem is refused whole, naming the
/// record: an archive is all or nothing.
pub fn read(origin: Origin, now: NaiveDateTime) -> Result<Parsed, ImportError> {
    let (raw, seen) = Tally::new(origin.open()?);
    let mut collector = Collector::new(now);
    let version = drive(utf8(raw).map_err(io_problem)?, &mut collector).map_err(|e| {
        if seen.get().blank {
            ImportError::Archive("the file is empty".to_owned())
        } else {
            e
        }
    })?;
    collector.finish(
        ArchiveSource {
            origin,
            fingerprint: seen.get(),
        },
        version,
    )
}

pub(super) fn io_problem(error: std::io::Error) -> ImportError {
    ImportError::Archive(format!("it could not be read ({error})"))
}

/// Runs the reader over an archive, calling `sections` for each part;
/// returns the archive's version.
pub(super) fn drive(text: impl Read, sections: &mut dyn Sections) -> Result<u32, ImportError> {
    let mut failure = None;
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 20, text));
    let top = Top {
        sections,
        failure: &mut failure,
    };
    let result = top.deserialize(&mut de).and_then(|version| {
        de.end()?;
        Ok(version)
    });
    result.map_err(|e| {
        failure.unwrap_or_else(|| match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                ImportError::Archive(format!("not valid JSON ({e})"))
            }
            serde_json::error::Category::Io => {
                ImportError::Archive(format!("it could not be read ({e})"))
            }
            serde_json::error::Category::Data => ImportError::Archive(e.to_string()),
        })
    })
}

/// Keeps the first error of `sections` (the reader's own error then only
/// says where it stopped).
fn keep<T, E: serde::de::Error>(
    failure: &mut Option<ImportError>,
    result: Result<T, ImportError>,
) -> Result<T, E> {
    result.map_err(|error| {
        *failure = Some(error);
        E::custom("stopped")
    })
}

/// Checks `"format"` and `"version"`, met before the first record.
fn header(
    format: Option<&Value>,
    version: Option<&Value>,
    first: &str,
) -> Result<u32, ImportError> {
    if format.and_then(Value::as_str) != Some(FORMAT_NAME) {
        return Err(ImportError::Archive(match format {
            Some(_) => {
                format!("\"format\" is not \"{FORMAT_NAME}\" (this is some other JSON file)")
            }
            None => format!(
                "there is no \"format\": \"{FORMAT_NAME}\" before {first:?} (this is some other JSON file)"
            ),
        }));
    }
    match version.and_then(Value::as_u64) {
        Some(v) if (1..=u64::from(VERSION)).contains(&v) => Ok(v as u32),
        Some(v) if v > u64::from(VERSION) => Err(ImportError::Archive(format!(
            "it is version {v}, made by a newer Kith; this Kith reads version {VERSION} (update Kith)"
        ))),
        _ => Err(ImportError::Archive(
            "\"version\" is missing or not a version number".to_owned(),
        )),
    }
}

/// The archive's top-level object.
struct Top<'a> {
    sections: &'a mut dyn Sections,
    failure: &'a mut Option<ImportError>,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = u32;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kith archive (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u32, A::Error> {
        let (mut format, mut version) = (None::<Value>, None::<Value>);
        let (mut checked, mut assumed) = (None, false);
        let mut seen = [false; Section::ALL.len()];
        while let Some(key) = map.next_key::<String>()? {
            let section = match key.as_str() {
                "format" => {
                    format = Some(map.next_value()?);
                    continue;
                }
                "version" => {
                    version = Some(map.next_value()?);
                    continue;
                }
                other => match Section::ALL.into_iter().find(|s| s.key() == other) {
                    Some(section) => section,
                    None => {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                },
            };
            // The records are read as they come, in the shape of the
            // file's version: Kith writes the version first. A file whose
            // keys were sorted has it last; its records are read as this
            // version's, and the version checked at the end.
            if checked.is_none() {
                assumed = version.is_none();
                let newest = Value::from(VERSION);
                checked = Some(keep(
                    self.failure,
                    header(format.as_ref(), version.as_ref().or(Some(&newest)), &key),
                )?);
            }
            if std::mem::replace(&mut seen[section as usize], true) {
                return keep(
                    self.failure,
                    Err(ImportError::Archive(format!("{key:?} appears twice"))),
                );
            }
            let wanted = self.sections.wants(section);
            match section {
                Section::Settings if wanted => {
                    let value: Value = map.next_value()?;
                    keep(self.failure, self.sections.settings(value))?;
                }
                Section::Settings => {
                    map.next_value::<IgnoredAny>()?;
                }
                _ => map.next_value_seed(Records {
                    section,
                    version: checked.unwrap_or(VERSION),
                    wanted,
                    sections: &mut *self.sections,
                    failure: &mut *self.failure,
                })?,
            }
        }
        let version = match checked {
            Some(read_as) if !assumed => read_as,
            read_as => {
                let version = keep(
                    self.failure,
                    header(format.as_ref(), version.as_ref(), "the end"),
                )?;
                if read_as.is_some_and(|read_as| read_as != version) {
                    return keep(
                        self.failure,
                        Err(ImportError::Archive(format!(
                            "\"version\": {version} comes after the records; put it first"
                        ))),
                    );
                }
                version
            }
        };
        if let Some(missing) = Section::ALL
            .into_iter()
            .find(|s| s.required(version) && !seen[*s as usize])
        {
            return keep(
                self.failure,
                Err(ImportError::Archive(format!(
                    "{:?} is missing",
                    missing.key()
                ))),
            );
        }
        Ok(version)
    }
}

/// One top-level array, record by record.
struct Records<'a> {
    section: Section,
    version: u32,
    wanted: bool,
    sections: &'a mut dyn Sections,
    failure: &'a mut Option<ImportError>,
}

impl<'de> DeserializeSeed<'de> for Records<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of records for {:?}", self.section.key())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.wanted {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let mut number = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            number += 1;
            let record = Record {
                section: self.section,
                number,
                version: self.version,
            };
            keep(&mut *self.failure, self.sections.record(record, value))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        "2026-11-22T10:00:00".parse().unwrap()
    }

    fn refusal(text: &str) -> String {
        read(Origin::Bytes(text.as_bytes().into()), now())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_version_1_interaction_in_a_sorted_file_says_to_put_the_version_first() {
        let sorted = r#"{"format": "kith-archive", "interactions": [{"uuid":
            "00000000-0000-4000-8000-000000000002", "contact":
            "00000000-0000-4000-8000-000000000001", "when": "2026-01-01T10:00:00",
            "channel": "call", "initiated_by": "me", "tone": "neutral",
            "depth": "small-talk", "created_at": "2026-01-01T10:00:00"}],
            "nudge_states": [], "people": [], "settings": {}, "version": 1}"#;
        let message = refusal(sorted);
        assert!(message.contains("put \"version\" first"), "{message}");
    }

    #[test]
    fn other_json_newer_versions_and_broken_files_are_refused() {
        assert!(refusal(r#"{"people": []}"#).contains("some other JSON file"));
        assert!(refusal(r#"{"format": "kith-archive", "version": 3}"#).contains("newer Kith"));
        assert!(refusal("{not json").contains("not valid JSON"));
        assert!(refusal("  \n").contains("the file is empty"));
        assert!(refusal("[1, 2]").contains("expected a Kith archive"));
        let header = r#"{"format": "kith-archive", "version": 1, "#;
        assert!(refusal(&format!(r#"{header}"people": [], "people": []}}"#)).contains("twice"));
        assert!(
            refusal(&format!(r#"{header}"people": 5}}"#))
                .contains("expected a list of records for \"people\"")
        );
        assert!(
            refusal(&format!(r#"{header}"people": []}}"#)).contains("\"interactions\" is missing")
        );
    }

    #[test]
    fn sorted_keys_read_as_this_version_and_are_checked_at_the_end() {
        let sorted = r#"{"format": "kith-archive", "interactions": [], "nudge_states": [],
            "people": [], "settings": {}, "version": 2}"#;
        let parsed = read(Origin::Bytes(sorted.as_bytes().into()), now()).unwrap();
        assert_eq!(parsed.flavour, "Kith archive, version 2");
        // An older version must come first: its records read differently.
        assert!(
            refusal(&sorted.replace("\"version\": 2", "\"version\": 1")).contains("put it first")
        );
        assert!(
            refusal(&sorted.replace("\"version\": 2", "\"version\": 0"))
                .contains("\"version\" is missing")
        );
    }

    #[test]
    fn a_default_handshake_is_told_from_an_assessment_in_old_archives_too() {
        let change = |uuid: u8, reason: &str, created: &str, assessed: &str| {
            format!(
                r#"{{"uuid": "00000000-0000-0000-0000-0000000000{uuid:02}", "level": "handshake",
                    "on": "2026-01-01", "reason": "{reason}", "created_at": "{created}"{assessed}}}"#
            )
        };
        let person = |uuid: u8, history: &[String]| {
            format!(
                r#"{{"uuid": "00000000-0000-0000-0000-0000000001{uuid:02}", "name": "P{uuid}",
                    "archived": false, "created_at": "2026-01-01T12:00:00",
                    "updated_at": "2026-01-01T12:00:00", "trust_history": [{}]}}"#,
                history.join(",")
            )
        };
        let people = [
            // Written before the flag: the handshake first recorded is the
            // default, a later one an assessment.
            person(
                1,
                &[
                    change(2, "first assessment", "2026-01-02T12:00:00", ""),
                    change(1, "first assessment", "2026-01-01T12:00:00", ""),
                ],
            ),
            // Written with it: as it says.
            person(
                2,
                &[change(
                    3,
                    "first assessment",
                    "2026-01-01T12:00:00",
                    r#", "assessed": true"#,
                )],
            ),
            person(
                3,
                &[change(
                    4,
                    "added without a level",
                    "2026-01-01T12:00:00",
                    r#", "assessed": false"#,
                )],
            ),
        ];
        let archive = format!(
            r#"{{"format": "kith-archive", "version": 1, "people": [{}], "interactions": [],
                "nudge_states": [], "settings": {{}}}}"#,
            people.join(",")
        );
        let parsed = read(Origin::Bytes(archive.as_bytes().into()), now()).unwrap();
        let assessed: Vec<Vec<bool>> = parsed
            .people
            .iter()
            .map(|p| {
                let history = &p.kept.as_ref().unwrap().trust_history;
                history.iter().map(|c| c.assessed).collect()
            })
            .collect();
        assert_eq!(assessed, [vec![true, false], vec![true], vec![false]]);
    }

    #[test]
    fn a_record_refused_names_itself_and_its_field() {
        let header = r#"{"format": "kith-archive", "version": 1, "#;
        let person = r#"{"uuid": "00000000-0000-0000-0000-000000000001", "name": "Ada Lovelace",
            "archived": false, "created_at": "2026-01-01T12:00:00",
            "updated_at": "2026-01-01T12:00:00", "trust_history": [], "met_on": "2026-02-30"}"#;
        let archive = format!(
            r#"{header}"people": [{person}], "interactions": [], "nudge_states": [], "settings": {{}}}}"#
        );
        assert_eq!(
            refusal(&archive),
            "not a readable Kith archive: person 1 (Ada Lovelace): met_on: \"2026-02-30\" is not \
             a date (expected YYYY-MM-DD)"
        );
        let missing = archive
            .replace(r#""archived": false,"#, "")
            .replace("2026-02-30", "2026-02-28");
        assert!(refusal(&missing).ends_with("person 1 (Ada Lovelace): archived: is missing"));
    }
}
