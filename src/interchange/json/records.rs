//! Each record of an archive as it is written, and read back.
//!
//! Writing goes through serde structs whose field order is the file's
//! (changing them changes every archive's bytes). Reading takes each
//! record as a JSON value and reads it field by field, so that a problem
//! names the record and the field as the file spells it ("met_on:
//! \"2026-02-30\" is not a date") instead of a byte position. Keys Kith
//! does not know are ignored.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::exchange::{
    Dismissal, KeptDate, KeptFollowUp, KeptIdentity, KeptInteraction, KeptNudgeState, KeptPerson,
    KeptTrustChange,
};
use crate::domain::{
    Birthday, Channel, Circle, ContactDraft, Depth, Initiator, Labeled, MetVia, NudgeKind,
    Settings, Tone, TrustLevel, ValidationError, YearlyDate,
};

/// A person with every field, their identity and their trust history.
#[derive(Serialize)]
pub(super) struct ArchivePerson {
    uuid: Uuid,
    #[serde(flatten)]
    fields: ContactDraft,
    archived: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    /// The UID of the card this person was imported from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    import_uid: Option<String>,
    /// Oldest first; the first is the assessment made when they were added.
    trust_history: Vec<ArchiveTrustChange>,
    /// From version 2 on: follow-ups, dates to remember and skips.
    follow_ups: Vec<ArchiveFollowUp>,
    dates: Vec<ArchiveDate>,
    skips: Vec<NaiveDate>,
}

/// A follow-up, naming the interactions it was noted in and done with by
/// UUID.
#[derive(Serialize)]
pub(super) struct ArchiveFollowUp {
    uuid: Uuid,
    what: String,
    due: Option<NaiveDate>,
    noted_in: Option<Uuid>,
    noted_on: NaiveDate,
    done_at: Option<NaiveDateTime>,
    done_with: Option<Uuid>,
    created_at: NaiveDateTime,
}

impl From<KeptFollowUp> for ArchiveFollowUp {
    fn from(f: KeptFollowUp) -> Self {
        Self {
            uuid: f.uuid,
            what: f.what,
            due: f.due,
            noted_in: f.noted_in,
            noted_on: f.noted_on,
            done_at: f.done_at,
            done_with: f.done_with,
            created_at: f.created_at,
        }
    }
}

/// A date to remember: month and day, and the year if known.
#[derive(Serialize)]
pub(super) struct ArchiveDate {
    uuid: Uuid,
    label: String,
    month: u32,
    day: u32,
    year: Option<i32>,
    created_at: NaiveDateTime,
}

impl From<KeptDate> for ArchiveDate {
    fn from(d: KeptDate) -> Self {
        Self {
            uuid: d.uuid,
            label: d.label,
            month: d.date.month,
            day: d.date.day,
            year: d.date.year,
            created_at: d.created_at,
        }
    }
}

impl From<KeptPerson> for ArchivePerson {
    fn from(person: KeptPerson) -> Self {
        let KeptPerson {
            fields,
            identity,
            import_uid,
        } = person;
        Self {
            uuid: identity.uuid,
            fields,
            archived: identity.archived,
            created_at: identity.created_at,
            updated_at: identity.updated_at,
            import_uid,
            trust_history: identity
                .trust_history
                .into_iter()
                .map(ArchiveTrustChange::from)
                .collect(),
            follow_ups: identity
                .follow_ups
                .into_iter()
                .map(ArchiveFollowUp::from)
                .collect(),
            dates: identity.dates.into_iter().map(ArchiveDate::from).collect(),
            skips: identity.skips,
        }
    }
}

/// One trust assessment.
#[derive(Serialize)]
pub(super) struct ArchiveTrustChange {
    uuid: Uuid,
    level: TrustLevel,
    on: NaiveDate,
    reason: String,
    created_at: NaiveDateTime,
    /// False for the default handshake of someone added without a level.
    /// (Archives written before it was kept lack it: see [`person`].)
    assessed: bool,
}

impl From<KeptTrustChange> for ArchiveTrustChange {
    fn from(change: KeptTrustChange) -> Self {
        Self {
            uuid: change.uuid,
            level: change.level,
            on: change.on,
            reason: change.reason,
            created_at: change.created_at,
            assessed: change.assessed,
        }
    }
}

/// One interaction, naming its people by UUID (version 1 had one
/// `contact`; version 2 has `participants`, and `initiator`, the one who
/// reached out when `initiated_by` is `them`).
#[derive(Serialize)]
pub(super) struct ArchiveInteraction {
    uuid: Uuid,
    participants: Vec<Uuid>,
    when: NaiveDateTime,
    channel: Channel,
    initiated_by: Initiator,
    #[serde(skip_serializing_if = "Option::is_none")]
    initiator: Option<Uuid>,
    tone: Tone,
    depth: Depth,
    minutes: Option<u32>,
    note: String,
    created_at: NaiveDateTime,
}

impl From<KeptInteraction> for ArchiveInteraction {
    fn from(i: KeptInteraction) -> Self {
        Self {
            uuid: i.uuid,
            participants: i.participants,
            when: i.when,
            channel: i.channel,
            initiated_by: i.initiated_by,
            initiator: i.initiator,
            tone: i.tone,
            depth: i.depth,
            minutes: i.minutes,
            note: i.note,
            created_at: i.created_at,
        }
    }
}

/// A snooze or dismissal of one nudge.
#[derive(Serialize)]
pub(super) struct ArchiveNudgeState {
    /// The person's UUID; `null` for over-capacity.
    contact: Option<Uuid>,
    kind: NudgeKind,
    snoozed_until: Option<NaiveDate>,
    dismissed: Option<&'static str>,
}

impl From<&KeptNudgeState> for ArchiveNudgeState {
    fn from(state: &KeptNudgeState) -> Self {
        Self {
            contact: state.contact,
            kind: state.kind,
            snoozed_until: state.snoozed_until,
            dismissed: state.dismissed.map(|d| match d {
                Dismissal::Current => "current",
                Dismissal::Outdated => "outdated",
            }),
        }
    }
}

/// A problem with one field, as `key: problem`.
type FieldResult<T> = Result<T, String>;

/// One record's JSON object, read field by field.
struct Object<'v>(&'v Map<String, Value>);

impl<'v> Object<'v> {
    fn new(value: &'v Value) -> FieldResult<Self> {
        match value {
            Value::Object(map) => Ok(Self(map)),
            other => Err(format!("expected an object, found {}", kind(other))),
        }
    }

    /// A field that is there and not `null`.
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn required<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'v Value) -> FieldResult<T>,
    ) -> FieldResult<T> {
        match self.get(key) {
            Some(value) => read(value).map_err(|e| format!("{key}: {e}")),
            None => Err(format!("{key}: is missing")),
        }
    }

    fn optional<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'v Value) -> FieldResult<T>,
    ) -> FieldResult<Option<T>> {
        self.get(key)
            .map(|value| read(value).map_err(|e| format!("{key}: {e}")))
            .transpose()
    }
}

/// What a JSON value is, for "expected …, found …".
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn text(value: &Value) -> FieldResult<String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        other => Err(format!("expected text, found {}", kind(other))),
    }
}

fn parsed<T: FromStr>(value: &Value, what: &str) -> FieldResult<T> {
    let text = text(value)?;
    text.parse().map_err(|_| format!("{text:?} is not {what}"))
}

fn uuid(value: &Value) -> FieldResult<Uuid> {
    parsed(value, "a UUID")
}

fn date(value: &Value) -> FieldResult<NaiveDate> {
    parsed(value, "a date (expected YYYY-MM-DD)")
}

fn date_time(value: &Value) -> FieldResult<NaiveDateTime> {
    parsed(value, "a date and time (expected YYYY-MM-DDTHH:MM:SS)")
}

/// A word of one of the domain's vocabularies.
fn word<T>(read: fn(&str) -> Result<T, ValidationError>) -> impl Fn(&Value) -> FieldResult<T> {
    move |value| {
        read(&text(value)?).map_err(|error| match error {
            ValidationError::UnknownValue {
                value, expected, ..
            } => format!("unknown value {value:?} (expected one of: {expected})"),
            other => other.to_string(),
        })
    }
}

fn whole_number(value: &Value) -> FieldResult<u32> {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("expected a whole number, found {value}"))
}

fn boolean(value: &Value) -> FieldResult<bool> {
    value
        .as_bool()
        .ok_or_else(|| format!("expected true or false, found {}", kind(value)))
}

fn list<T>(value: &Value, item: impl Fn(&Value) -> FieldResult<T>) -> FieldResult<Vec<T>> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| item(v).map_err(|e| format!("item {}: {e}", i + 1)))
            .collect(),
        other => Err(format!("expected a list, found {}", kind(other))),
    }
}

fn labeled(value: &Value) -> FieldResult<Labeled> {
    let object = Object::new(value)?;
    Ok(Labeled {
        label: object.optional("label", text)?,
        value: object.required("value", text)?,
    })
}

fn trust_level(value: &Value) -> FieldResult<TrustLevel> {
    let level = match value {
        Value::Number(n) => TrustLevel::from_number(n.as_i64().unwrap_or(0)),
        other => TrustLevel::parse_name_or_number(&text(other)?),
    };
    level.map_err(|e| match e {
        ValidationError::UnknownValue {
            value, expected, ..
        } => format!("unknown value {value:?} (expected one of: {expected})"),
        other => other.to_string(),
    })
}

fn birthday(value: &Value) -> FieldResult<Birthday> {
    let text = text(value)?;
    Birthday::parse(&text)
        .map_err(|_| format!("{text:?} is not a birthday (expected YYYY-MM-DD or --MM-DD)"))
}

/// A person as "person 12 (Ada Lovelace)", for messages.
pub(super) fn person_label(number: usize, value: &Value) -> String {
    match value.get("name").and_then(Value::as_str) {
        Some(name) => format!("person {number} ({name})"),
        None => format!("person {number}"),
    }
}

/// Reads a person of an archive of `version`: their fields, identity and
/// history (from version 2 on, with follow-ups, dates and skips).
pub(super) fn person(value: &Value, version: u32) -> FieldResult<KeptPerson> {
    let object = Object::new(value)?;
    let fields = ContactDraft {
        name: object.optional("name", text)?.unwrap_or_default(),
        nickname: object.optional("nickname", text)?,
        emails: object
            .optional("emails", |v| list(v, labeled))?
            .unwrap_or_default(),
        phones: object
            .optional("phones", |v| list(v, labeled))?
            .unwrap_or_default(),
        birthday: object.optional("birthday", birthday)?,
        organisation: object.optional("organisation", text)?,
        circle: object
            .optional("circle", word(Circle::parse))?
            .unwrap_or_default(),
        met_via: object.optional("met_via", word(MetVia::parse))?,
        met_where: object.optional("met_where", text)?,
        met_on: object.optional("met_on", date)?,
        cadence_days: object.optional("cadence_days", whole_number)?,
        tags: object
            .optional("tags", |v| list(v, text))?
            .unwrap_or_default(),
        notes: object.optional("notes", text)?.unwrap_or_default(),
    };
    let identity = KeptIdentity {
        uuid: object.required("uuid", uuid)?,
        archived: object.required("archived", boolean)?,
        created_at: object.required("created_at", date_time)?,
        updated_at: object.required("updated_at", date_time)?,
        trust_history: object.required("trust_history", |v| {
            let mut history = list(v, trust_change)?;
            mark_old_default(&mut history);
            Ok(history.into_iter().map(|(change, _)| change).collect())
        })?,
        follow_ups: Vec::new(),
        dates: Vec::new(),
        skips: Vec::new(),
    };
    let mut identity = identity;
    if version >= 2 {
        identity.follow_ups = object
            .optional("follow_ups", |v| list(v, follow_up))?
            .unwrap_or_default();
        identity.dates = object
            .optional("dates", |v| list(v, remembered_date))?
            .unwrap_or_default();
        identity.skips = object
            .optional("skips", |v| list(v, date))?
            .unwrap_or_default();
    }
    Ok(KeptPerson {
        fields,
        identity,
        import_uid: object.optional("import_uid", text)?,
    })
}

fn follow_up(value: &Value) -> FieldResult<KeptFollowUp> {
    let object = Object::new(value)?;
    Ok(KeptFollowUp {
        uuid: object.required("uuid", uuid)?,
        what: object.required("what", text)?,
        due: object.optional("due", date)?,
        noted_in: object.optional("noted_in", uuid)?,
        noted_on: object.required("noted_on", date)?,
        done_at: object.optional("done_at", date_time)?,
        done_with: object.optional("done_with", uuid)?,
        created_at: object.required("created_at", date_time)?,
    })
}

fn remembered_date(value: &Value) -> FieldResult<KeptDate> {
    let object = Object::new(value)?;
    Ok(KeptDate {
        uuid: object.required("uuid", uuid)?,
        label: object.required("label", text)?,
        date: YearlyDate {
            month: object.required("month", whole_number)?,
            day: object.required("day", whole_number)?,
            year: object.optional("year", |v| {
                let year: u32 = whole_number(v)?;
                i32::try_from(year).map_err(|_| format!("{year} is not a year"))
            })?,
        },
        created_at: object.required("created_at", date_time)?,
    })
}

/// A trust change, and whether the file said if it was assessed.
fn trust_change(value: &Value) -> FieldResult<(KeptTrustChange, bool)> {
    let object = Object::new(value)?;
    let assessed = object.optional("assessed", boolean)?;
    let change = KeptTrustChange {
        uuid: object.required("uuid", uuid)?,
        level: object.required("level", trust_level)?,
        on: object.required("on", date)?,
        reason: object.optional("reason", text)?.unwrap_or_default(),
        created_at: object.required("created_at", date_time)?,
        assessed: assessed.unwrap_or(true),
    };
    Ok((change, assessed.is_some()))
}

/// In an archive written before Kith told a default handshake from an
/// assessment, the default is the handshake "first assessment" recorded
/// first: marked as the database upgrade marks it (schema 7).
fn mark_old_default(history: &mut [(KeptTrustChange, bool)]) {
    let first = history
        .iter_mut()
        .enumerate()
        .min_by_key(|(i, (change, _))| (change.created_at, *i))
        .map(|(_, entry)| entry);
    if let Some((change, false)) = first
        && change.level == TrustLevel::Handshake
        && change.reason == "first assessment"
    {
        change.assessed = false;
    }
}

/// An interaction as "interaction 4812 (uuid …)", for messages.
pub(super) fn interaction_label(number: usize, value: &Value) -> String {
    match value.get("uuid").and_then(Value::as_str) {
        Some(uuid) => format!("interaction {number} (uuid {uuid})"),
        None => format!("interaction {number}"),
    }
}

/// Reads an interaction of an archive of `version`: version 1 names one
/// `contact`, version 2 its `participants` and `initiator`.
pub(super) fn interaction(value: &Value, version: u32) -> FieldResult<KeptInteraction> {
    let object = Object::new(value)?;
    let (participants, initiator) = if version < 2 {
        (vec![object.required("contact", uuid)?], None)
    } else if object.get("participants").is_none() && object.get("contact").is_some() {
        // A version 1 file whose keys were sorted: its version came last.
        return Err(
            "participants: is missing; this is a version 1 interaction (one \"contact\"): \
             put \"version\" first in the file"
                .to_owned(),
        );
    } else {
        (
            object.required("participants", |v| list(v, uuid))?,
            object.optional("initiator", uuid)?,
        )
    };
    Ok(KeptInteraction {
        uuid: object.required("uuid", uuid)?,
        participants,
        when: object.required("when", date_time)?,
        channel: object.required("channel", word(Channel::parse))?,
        initiated_by: object.required("initiated_by", word(Initiator::parse))?,
        initiator,
        tone: object.required("tone", word(Tone::parse))?,
        depth: object.required("depth", word(Depth::parse))?,
        minutes: object.optional("minutes", whole_number)?,
        note: object.optional("note", text)?.unwrap_or_default(),
        created_at: object.required("created_at", date_time)?,
    })
}

/// Reads a snooze or dismissal of an archive of `_version` (every version
/// so far writes them alike).
pub(super) fn nudge_state(value: &Value, _version: u32) -> FieldResult<KeptNudgeState> {
    let object = Object::new(value)?;
    Ok(KeptNudgeState {
        contact: object.optional("contact", uuid)?,
        kind: object.required("kind", word(NudgeKind::parse))?,
        snoozed_until: object.optional("snoozed_until", date)?,
        dismissed: object.optional("dismissed", |v| match text(v)?.as_str() {
            "current" => Ok(Dismissal::Current),
            "outdated" => Ok(Dismissal::Outdated),
            other => Err(format!(
                "unknown value {other:?} (expected one of: current, outdated)"
            )),
        })?,
    })
}

/// Reads the archive's settings: any it leaves out have their default.
pub(super) fn settings(value: Value) -> FieldResult<Settings> {
    let settings: Settings = serde_json::from_value(value).map_err(|e| e.to_string())?;
    settings.validate().map_err(|e| e.to_string())?;
    Ok(settings)
}
