//! What importing a file would do, as the import dialog shows it, and
//! where the app is with it.
//!
//! Reading and planning the file, and applying the plan, are the app's
//! work, done on a background thread; the app reports where it is, and the
//! preview, through [`ViewModel::import`](super::view::ViewModel) as an
//! [`ImportStatus`]. The dialog itself is
//! [`ImportForm`](super::forms::ImportForm).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::widgets;
use crate::domain::ContactDraft;
use crate::interchange::{
    Action, ImportOptions, ImportPlan, MatchedBy, PlanCounts, RecordKind, SkipReason,
};

/// How many records the preview lists.
pub const PREVIEW_ROWS: usize = 200;
/// How many unreadable records the preview names.
pub const PREVIEW_UNREADABLE: usize = 100;

/// Where the app is with the file the import dialog chose.
#[derive(Clone, Debug, Default)]
pub enum ImportStatus {
    #[default]
    Idle,
    /// Reading the file and matching it against everyone.
    Reading { path: PathBuf },
    /// What importing it would do.
    Ready(Arc<ImportPreview>),
    /// Matching again with other options; the old preview is still shown.
    Replanning(Arc<ImportPreview>),
    /// Applying the plan: `done` of `total` records.
    Applying {
        preview: Arc<ImportPreview>,
        done: usize,
        total: usize,
    },
}

/// What importing a file would do, as the dialog shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    pub path: PathBuf,
    /// The options the plan was made with.
    pub options: ImportOptions,
    /// "vCard 3.0 · 120 cards".
    pub summary: String,
    pub counts: PlanCounts,
    /// The first [`PREVIEW_ROWS`] records.
    pub rows: Vec<PreviewRow>,
    /// How many records are not in `rows`.
    pub more_rows: usize,
    /// "card 3 (line 40): no name", the first [`PREVIEW_UNREADABLE`].
    pub unreadable: Vec<String>,
    /// Notes about the whole file (the encoding guessed, the columns used).
    pub notes: Vec<String>,
    /// For a Kith archive: what it adds besides people.
    pub archive: Option<String>,
    /// Records whose only match is the name of someone here.
    pub name_matches: usize,
}

/// What happens to one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAction {
    Create,
    Update,
    Skip,
}

impl RowAction {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Create => "new",
            Self::Update => "update",
            Self::Skip => "skip",
        }
    }
}

/// One record of the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    pub action: RowAction,
    /// Who: the name in the file, or of the person it updates.
    pub name: String,
    /// Where it is in the file: "card 3 (line 40)".
    pub source: String,
    /// What is created, which fields an update fills, or why it is skipped.
    pub detail: String,
    /// What was left out of the record.
    pub warnings: Vec<String>,
}

impl ImportPreview {
    /// The preview of `plan`, made from the file at `path` with `options`.
    pub fn new(path: &Path, plan: &ImportPlan, options: ImportOptions) -> Self {
        let counts = plan.counts();
        let noun = match plan.records.first().map(|r| r.person.source.kind) {
            Some(kind) => kind.noun(),
            None => plan
                .unreadable
                .first()
                .map_or(RecordKind::Card.noun(), |u| match u.source.kind {
                    RecordKind::Lines => RecordKind::Card.noun(),
                    kind => kind.noun(),
                }),
        };
        let records = plan.records.len() + plan.unreadable.len();
        let rows = plan
            .records
            .iter()
            .take(PREVIEW_ROWS)
            .map(|record| {
                let person = &record.person;
                let (action, name, detail) = match &record.action {
                    Action::Create => (
                        RowAction::Create,
                        person.fields.name.clone(),
                        carries(&person.fields),
                    ),
                    Action::Update {
                        name,
                        matched_by,
                        changed,
                        set_uid,
                        ..
                    } => (
                        RowAction::Update,
                        name.clone(),
                        format!(
                            "{}: {}",
                            matched(matched_by),
                            fills(changed, set_uid.is_some())
                        ),
                    ),
                    Action::Skip(reason) => {
                        (RowAction::Skip, person.fields.name.clone(), why(reason))
                    }
                };
                PreviewRow {
                    action,
                    name,
                    source: person.source.to_string(),
                    detail,
                    warnings: person.warnings.clone(),
                }
            })
            .collect();
        let name_matches = plan
            .records
            .iter()
            .filter(|r| {
                matches!(
                    &r.action,
                    Action::Skip(SkipReason::NameExists { .. })
                        | Action::Update {
                            matched_by: MatchedBy::Name,
                            ..
                        }
                )
            })
            .count();
        let archive = plan.archive.as_ref().map(|rest| {
            let mut parts = vec![
                widgets::plural(rest.interactions.len(), "interaction", "interactions"),
                widgets::plural(rest.trust_changes.len(), "trust change", "trust changes"),
                widgets::plural(
                    rest.nudge_states.len(),
                    "snooze or dismissal",
                    "snoozes or dismissals",
                ),
            ];
            if rest.settings.is_some() {
                parts.push("the archive's settings".to_owned());
            }
            format!("Also adds {}.", join_and(&parts))
        });
        Self {
            path: path.to_owned(),
            options,
            summary: format!(
                "{} · {}",
                plan.flavour,
                match noun {
                    "person" => widgets::plural(records, noun, "people"),
                    _ => widgets::plural(records, noun, &format!("{noun}s")),
                }
            ),
            counts,
            rows,
            more_rows: plan.records.len().saturating_sub(PREVIEW_ROWS),
            unreadable: plan
                .unreadable
                .iter()
                .take(PREVIEW_UNREADABLE)
                .map(ToString::to_string)
                .collect(),
            notes: plan.notes.clone(),
            archive,
            name_matches,
        }
    }

    /// The people the import creates or updates.
    pub fn people(&self) -> usize {
        self.counts.create + self.counts.update
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a new person brings: "2 emails, 1 phone, birthday".
fn carries(fields: &ContactDraft) -> String {
    let mut parts = Vec::new();
    if !fields.emails.is_empty() {
        parts.push(widgets::plural(fields.emails.len(), "email", "emails"));
    }
    if !fields.phones.is_empty() {
        parts.push(widgets::plural(fields.phones.len(), "phone", "phones"));
    }
    if fields.birthday.is_some() {
        parts.push("birthday".to_owned());
    }
    if fields.organisation.is_some() {
        parts.push("organisation".to_owned());
    }
    if !fields.tags.is_empty() {
        parts.push(widgets::plural(fields.tags.len(), "tag", "tags"));
    }
    if !fields.notes.is_empty() {
        parts.push("notes".to_owned());
    }
    if parts.is_empty() {
        "a name only".to_owned()
    } else {
        parts.join(", ")
    }
}

fn matched(by: &MatchedBy) -> String {
    match by {
        MatchedBy::Uid => "same card ID".to_owned(),
        MatchedBy::Uuid => "same Kith ID".to_owned(),
        MatchedBy::Email(email) => format!("same email {email}"),
        MatchedBy::Name => "same name".to_owned(),
    }
}

/// Which fields an update fills or adds to: "fills in birthday, adds
/// emails and notes".
fn fills(changed: &[&'static str], set_uid: bool) -> String {
    let single = ["nickname", "organisation", "birthday"];
    let filled: Vec<String> = changed
        .iter()
        .filter(|f| single.contains(f))
        .map(|f| (*f).to_owned())
        .collect();
    let added: Vec<String> = changed
        .iter()
        .filter(|f| !single.contains(f))
        .map(|f| (*f).to_owned())
        .collect();
    let mut parts = Vec::new();
    if !filled.is_empty() {
        parts.push(format!("fills in {}", join_and(&filled)));
    }
    if !added.is_empty() {
        parts.push(format!("adds {}", join_and(&added)));
    }
    if parts.is_empty() && set_uid {
        parts.push("remembers the card's ID".to_owned());
    }
    parts.join(", ")
}

/// Why a record is skipped, in the app's words (the command line's name
/// its options).
fn why(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Unchanged {
            name, matched_by, ..
        } => format!(
            "already here as {name} ({}), nothing new",
            matched(matched_by)
        ),
        SkipReason::NameExists { name, ids } if ids.len() == 1 => {
            format!("someone named {name} is already here")
        }
        SkipReason::NameExists { name, ids } => {
            format!(
                "{} people named {name} are already here",
                widgets::count(ids.len())
            )
        }
        SkipReason::SameAsEarlier { earlier } => {
            format!("same person as {earlier} in this file, merged into it")
        }
        SkipReason::Refused(error) => format!("refused: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactId, Labeled};
    use crate::interchange::{
        Format, ImportedPerson, PlannedRecord, RecordKind, Source, Unreadable,
    };

    fn source(number: usize) -> Source {
        Source {
            kind: RecordKind::Card,
            number,
            line: number * 10,
        }
    }

    fn record(name: &str, number: usize, action: Action) -> PlannedRecord {
        let mut fields = ContactDraft::named(name);
        fields.emails = vec![Labeled::parse("ada@example.org")];
        fields.birthday = Some(crate::domain::Birthday::parse("1815-12-10").unwrap());
        PlannedRecord {
            person: ImportedPerson::new(source(number), fields),
            action,
        }
    }

    #[test]
    fn the_preview_says_what_happens_to_each_record_and_why() {
        let plan = ImportPlan {
            format: Format::Vcard,
            flavour: "vCard 3.0".into(),
            records: vec![
                record("Ada Lovelace", 1, Action::Create),
                record(
                    "Grace",
                    2,
                    Action::Update {
                        id: ContactId(7),
                        name: "Grace Hopper".into(),
                        matched_by: MatchedBy::Email("grace@navy.mil".into()),
                        changed: vec!["birthday", "emails", "notes"],
                        merged: Box::new(ContactDraft::named("Grace Hopper")),
                        set_uid: None,
                    },
                ),
                record(
                    "Alan Turing",
                    3,
                    Action::Skip(SkipReason::NameExists {
                        name: "Alan Turing".into(),
                        ids: vec![ContactId(3)],
                    }),
                ),
            ],
            unreadable: vec![Unreadable {
                source: source(4),
                reason: "no END:VCARD".into(),
            }],
            notes: vec!["read as windows-1252".into()],
            archive: None,
        };
        let options = ImportOptions::default();
        let preview = ImportPreview::new(Path::new("/tmp/c.vcf"), &plan, options);
        assert_eq!(preview.summary, "vCard 3.0 · 4 cards");
        assert_eq!(
            (
                preview.counts.create,
                preview.counts.update,
                preview.counts.skip
            ),
            (1, 1, 1)
        );
        assert_eq!(preview.people(), 2);
        assert_eq!(preview.name_matches, 1);
        assert_eq!(preview.rows[0].action, RowAction::Create);
        assert_eq!(preview.rows[0].detail, "1 email, birthday");
        assert_eq!(
            preview.rows[1].name, "Grace Hopper",
            "the person it updates"
        );
        assert_eq!(
            preview.rows[1].detail,
            "same email grace@navy.mil: fills in birthday, adds emails and notes"
        );
        assert_eq!(
            preview.rows[2].detail,
            "someone named Alan Turing is already here"
        );
        assert!(
            !preview.rows[2].detail.contains("--"),
            "no command-line options"
        );
        assert_eq!(preview.rows[2].source, "card 3 (line 30)");
        assert_eq!(preview.unreadable, ["card 4 (line 40): no END:VCARD"]);
        assert_eq!(preview.more_rows, 0);
    }

    #[test]
    fn a_long_file_lists_its_first_records_and_counts_the_rest() {
        let plan = ImportPlan {
            format: Format::Csv,
            flavour: "CSV".into(),
            records: (1..=PREVIEW_ROWS + 5)
                .map(|i| record(&format!("Person {i}"), i, Action::Create))
                .collect(),
            unreadable: Vec::new(),
            notes: Vec::new(),
            archive: None,
        };
        let preview = ImportPreview::new(Path::new("big.csv"), &plan, ImportOptions::default());
        assert_eq!(preview.rows.len(), PREVIEW_ROWS);
        assert_eq!(preview.more_rows, 5);
        assert_eq!(preview.counts.create, PREVIEW_ROWS + 5);
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
