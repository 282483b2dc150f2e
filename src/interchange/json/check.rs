//! The first reading of an archive: every record checked as the import
//! would check it, and what planning needs kept (the people, the nudge
//! states, the settings, and each interaction's UUID and person).

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDateTime;
use serde_json::Value;
use uuid::Uuid;

use super::read::{ArchiveRest, ArchiveSource, InteractionKey, Record, Section, Sections};
use super::records;
use crate::domain::exchange::KeptNudgeState;
use crate::domain::{NudgeKind, Settings};
use crate::interchange::{
    Format, ImportError, ImportedPerson, MAX_ARCHIVE_PEOPLE, Parsed, RecordKind, Source,
};

/// The first reading: checks everything, keeps what planning needs.
pub(super) struct Collector {
    now: NaiveDateTime,
    people: Vec<ImportedPerson>,
    /// Each person's number, by UUID.
    numbers: HashMap<Uuid, usize>,
    trust_changes: HashSet<Uuid>,
    interactions: Vec<InteractionKey>,
    interaction_uuids: HashSet<Uuid>,
    nudge_states: Vec<KeptNudgeState>,
    nudge_keys: HashSet<(Option<Uuid>, NudgeKind)>,
    settings: Option<Settings>,
}

impl Collector {
    pub(super) fn new(now: NaiveDateTime) -> Self {
        Self {
            now,
            people: Vec::new(),
            numbers: HashMap::new(),
            trust_changes: HashSet::new(),
            interactions: Vec::new(),
            interaction_uuids: HashSet::new(),
            nudge_states: Vec::new(),
            nudge_keys: HashSet::new(),
            settings: None,
        }
    }

    fn person(&mut self, number: usize, version: u32, value: &Value) -> Result<(), String> {
        if number > MAX_ARCHIVE_PEOPLE {
            return Err(format!(
                "it holds more than {MAX_ARCHIVE_PEOPLE} people; Kith imports at most that many \
                 from one archive"
            ));
        }
        let label = records::person_label(number, value);
        let problem = |e: &dyn fmt::Display| format!("{label}: {e}");
        let person = records::person(value, version).map_err(|e| problem(&e))?;
        let today = self.now.date();
        // Checked as the store will write it.
        let mut fields = person.fields.clone();
        fields.normalise();
        fields.validate(today).map_err(|e| problem(&e))?;
        person.identity.validate().map_err(|e| problem(&e))?;
        let uuid = person.identity.uuid;
        if let Some(first) = self.numbers.insert(uuid, number) {
            return Err(problem(&format!(
                "the uuid {uuid} appears twice (also person {first})"
            )));
        }
        for (i, change) in person.identity.trust_history.iter().enumerate() {
            let change_label = format!("trust change {} (uuid {})", i + 1, change.uuid);
            change
                .validate(today)
                .map_err(|e| problem(&format!("{change_label}: {e}")))?;
            if !self.trust_changes.insert(change.uuid) {
                return Err(problem(&format!("{change_label}: the uuid appears twice")));
            }
        }
        let mut imported = ImportedPerson::new(
            Source {
                kind: RecordKind::Person,
                number,
                line: 0,
            },
            person.fields,
        );
        imported.uid = person.import_uid;
        imported.kept = Some(Box::new(person.identity));
        self.people.push(imported);
        Ok(())
    }

    fn interaction(&mut self, number: usize, version: u32, value: &Value) -> Result<(), String> {
        let label = records::interaction_label(number, value);
        let problem = |e: &dyn fmt::Display| format!("{label}: {e}");
        let interaction = records::interaction(value, version).map_err(|e| problem(&e))?;
        interaction.validate(self.now).map_err(|e| problem(&e))?;
        if !self.interaction_uuids.insert(interaction.uuid) {
            return Err(problem(&"the uuid appears twice"));
        }
        let mut people = interaction.participants.into_iter();
        // validate() refused an interaction with no one.
        let contact = people.next().unwrap_or_default();
        self.interactions.push(InteractionKey {
            uuid: interaction.uuid,
            contact,
            others: people.collect(),
        });
        Ok(())
    }

    fn nudge_state(&mut self, number: usize, version: u32, value: &Value) -> Result<(), String> {
        let problem = |e: &dyn fmt::Display| format!("nudge state {number}: {e}");
        let state = records::nudge_state(value, version).map_err(|e| problem(&e))?;
        state.validate().map_err(|e| problem(&e))?;
        if !self.nudge_keys.insert((state.contact, state.kind)) {
            return Err(problem(&format!(
                "a second snooze or dismissal of {} for {}",
                state.kind,
                state
                    .contact
                    .map_or("no one person".to_owned(), |c| format!("person {c}"))
            )));
        }
        self.nudge_states.push(state);
        Ok(())
    }

    /// Checks what can only be checked once everything is read: that every
    /// record names a person of the archive.
    pub(super) fn finish(self, source: ArchiveSource, version: u32) -> Result<Parsed, ImportError> {
        for (i, key) in self.interactions.iter().enumerate() {
            if let Some(unknown) = key
                .participants()
                .find(|person| !self.numbers.contains_key(person))
            {
                return Err(ImportError::Archive(format!(
                    "interaction {} (uuid {}): names person {}, who is not in the archive",
                    i + 1,
                    key.uuid,
                    unknown
                )));
            }
        }
        for (i, state) in self.nudge_states.iter().enumerate() {
            if let Some(contact) = state.contact
                && !self.numbers.contains_key(&contact)
            {
                return Err(ImportError::Archive(format!(
                    "nudge state {}: names person {contact}, who is not in the archive",
                    i + 1
                )));
            }
        }
        Ok(Parsed {
            format: Format::Json,
            flavour: format!("Kith archive, version {version}"),
            people: self.people,
            unreadable: Vec::new(),
            notes: Vec::new(),
            archive: Some(Box::new(ArchiveRest {
                source,
                version,
                interactions: self.interactions,
                nudge_states: self.nudge_states,
                settings: self.settings.unwrap_or_default(),
            })),
        })
    }
}

impl Sections for Collector {
    fn wants(&self, _: Section) -> bool {
        true
    }

    fn record(&mut self, record: Record, value: Value) -> Result<(), ImportError> {
        let Record {
            section,
            number,
            version,
        } = record;
        match section {
            Section::People => self.person(number, version, &value),
            Section::Interactions => self.interaction(number, version, &value),
            Section::NudgeStates => self.nudge_state(number, version, &value),
            Section::Settings => Ok(()),
        }
        .map_err(ImportError::Archive)
    }

    fn settings(&mut self, value: Value) -> Result<(), ImportError> {
        let settings =
            records::settings(value).map_err(|e| ImportError::Archive(format!("settings: {e}")))?;
        self.settings = Some(settings);
        Ok(())
    }
}
