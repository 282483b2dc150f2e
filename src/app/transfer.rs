//! Import and export in the window, on background threads.
//!
//! Reading and planning a 50,000-card file, applying the plan, and writing
//! an export of 100,000 people each take seconds, so each runs on a thread
//! of its own with its own connection to the database, while the window
//! goes on drawing (and shows progress). Planning and exporting only read:
//! they use [`Store::reader`]. Applying writes: it opens the file with
//! [`Store::open`], which does not take the window's lock file (that only
//! keeps a second window out); SQLite's own locking keeps the import's
//! transaction and the window's apart, as with a command run in a terminal.
//!
//! A database in memory (tests) has no file to open twice: there the work
//! runs on the window's own connection, at once.
//!
//! The file read for the open import dialog is kept, so choosing another
//! answer to "same name as someone here" plans again without reading it
//! again; closing the dialog forgets it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use super::KithApp;
use crate::domain::count::{count, plural};
use crate::interchange::{
    self, Export, ImportError, ImportOptions, ImportPlan, ImportSummary, Parsed,
};
use crate::store::Store;
use crate::ui::forms::FormId;
use crate::ui::import::{ImportPreview, ImportStatus};
use crate::ui::view::ExportStatus;
use crate::ui::{Screen, Toast};

/// How often the window looks at a running job: often enough for a
/// smooth progress bar, seldom enough to leave the worker the processor.
const POLL: Duration = Duration::from_millis(100);

/// The import and export work of the window.
#[derive(Default)]
pub(super) struct Transfer {
    job: Option<Job>,
    /// The file read for the open import dialog, and its plan.
    session: Option<Session>,
    /// The form the work is for: it is answered when the work is done, if
    /// it is still open.
    pub(super) form: Option<FormId>,
}

struct Session {
    path: PathBuf,
    parsed: Arc<Parsed>,
    plan: Arc<ImportPlan>,
    preview: Arc<ImportPreview>,
}

/// A plan made on a worker: the file as read, and what importing it does.
type Planned = Result<(Arc<Parsed>, ImportPlan), String>;

enum Job {
    Plan {
        path: PathBuf,
        options: ImportOptions,
        handle: JoinHandle<Planned>,
    },
    Apply {
        path: PathBuf,
        progress: Arc<Progress>,
        handle: JoinHandle<Result<ImportSummary, String>>,
    },
    Export {
        path: PathBuf,
        what: Export,
        handle: JoinHandle<Result<Exported, String>>,
    },
}

impl Job {
    fn is_finished(&self) -> bool {
        match self {
            Self::Plan { handle, .. } => handle.is_finished(),
            Self::Apply { handle, .. } => handle.is_finished(),
            Self::Export { handle, .. } => handle.is_finished(),
        }
    }
}

/// Records done and in all, as an import goes.
#[derive(Default)]
struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

/// How many people and interactions an export holds.
struct Exported {
    people: usize,
    interactions: usize,
}

impl Transfer {
    /// Whether an import is being written to the database.
    pub(super) fn applying(&self) -> bool {
        matches!(self.job, Some(Job::Apply { .. }))
    }
}

/// Why `path` cannot be imported, in the window's words (the command
/// line's name its options).
fn read_message(path: &Path, error: &ImportError) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match error {
        ImportError::Io { path, cause } => format!(
            "Cannot read {}: {}.",
            path.display(),
            super::files::reason(cause)
        ),
        ImportError::UnknownFormat => format!(
            "Kith cannot tell what kind of file {name} is: it reads vCard (.vcf), CSV (.csv) \
             and Kith archives (.json)."
        ),
        other => format!("Cannot import {name}: {other}."),
    }
}

fn panicked(what: &str) -> String {
    format!("The {what} stopped unexpectedly; nothing was changed.")
}

impl KithApp {
    /// Reads `path` and plans its import on a worker thread.
    pub(super) fn plan_import(&mut self, path: PathBuf, options: ImportOptions) {
        if self.transfer.applying() {
            return;
        }
        self.transfer.session = None;
        self.view.import = ImportStatus::Reading { path: path.clone() };
        self.start_plan(path, options, None);
    }

    /// Plans the file already read again, with other options.
    pub(super) fn replan_import(&mut self, path: PathBuf, options: ImportOptions) {
        if self.transfer.applying() {
            return;
        }
        let parsed = match &self.transfer.session {
            Some(session) if session.path == path => {
                self.view.import = ImportStatus::Replanning(Arc::clone(&session.preview));
                Arc::clone(&session.parsed)
            }
            // Nothing kept for that file: read it again.
            _ => return self.plan_import(path, options),
        };
        self.start_plan(path, options, Some(parsed));
    }

    fn start_plan(&mut self, path: PathBuf, options: ImportOptions, parsed: Option<Arc<Parsed>>) {
        let now = (self.clock)();
        let work = move |store: &Store, path: &Path| -> Planned {
            let parsed = match parsed {
                Some(parsed) => parsed,
                None => Arc::new(
                    interchange::read_path(path, None).map_err(|e| read_message(path, &e))?,
                ),
            };
            let plan = store
                .plan_import(&parsed, options, now)
                .map_err(|e| format!("Could not match the file against your people: {e}"))?;
            Ok((parsed, plan))
        };
        match self.store.reader() {
            Ok(Some(reader)) => {
                let worker_path = path.clone();
                let handle = std::thread::spawn(move || work(&reader, &worker_path));
                // A plan still running for another file is left to finish
                // on its own; its result is not wanted.
                self.transfer.job = Some(Job::Plan {
                    path,
                    options,
                    handle,
                });
            }
            Ok(None) => {
                let planned = work(&self.store, &path);
                self.finish_plan(path, options, planned);
            }
            Err(e) => self.finish_plan(path, options, Err(e.to_string())),
        }
    }

    fn finish_plan(&mut self, path: PathBuf, options: ImportOptions, planned: Planned) {
        if !self.transfer_form_open() {
            // The dialog was closed meanwhile.
            self.transfer.session = None;
            self.view.import = ImportStatus::Idle;
            return;
        }
        match planned {
            Ok((parsed, plan)) => {
                let preview = Arc::new(ImportPreview::new(&path, &plan, options));
                self.view.import = ImportStatus::Ready(Arc::clone(&preview));
                self.transfer.session = Some(Session {
                    path,
                    parsed,
                    plan: Arc::new(plan),
                    preview,
                });
            }
            Err(message) => match &self.view.import {
                ImportStatus::Replanning(preview) => {
                    self.view.import = ImportStatus::Ready(Arc::clone(preview));
                    self.transfer_failed(message);
                }
                _ => {
                    self.view.import = ImportStatus::Idle;
                    self.transfer.session = None;
                    self.transfer_failed(message);
                }
            },
        }
    }

    /// Applies the plan previewed for `path` with `options`, on a worker
    /// thread with its own connection: one transaction, whole or nothing.
    pub(super) fn apply_import(&mut self, path: PathBuf, options: ImportOptions) {
        let session = match &self.transfer.session {
            Some(s)
                if s.path == path
                    && s.preview.options == options
                    && self.transfer.job.is_none() =>
            {
                s
            }
            _ => {
                self.transfer_failed(
                    "The preview is out of date; wait for it, then import again.".to_owned(),
                );
                return;
            }
        };
        let plan = Arc::clone(&session.plan);
        let preview = Arc::clone(&session.preview);
        let total = plan.records.len();
        self.view.import = ImportStatus::Applying {
            preview,
            done: 0,
            total,
        };
        let now = (self.clock)();
        match self.store.path().map(ToOwned::to_owned) {
            Some(db) => {
                let progress = Arc::new(Progress::default());
                let shared = Arc::clone(&progress);
                let handle = std::thread::spawn(move || {
                    let mut store = Store::open(&db).map_err(|e| e.to_string())?;
                    store
                        .apply_import(&plan, now, &mut |done, total| {
                            shared.total.store(total, Ordering::Relaxed);
                            shared.done.store(done, Ordering::Relaxed);
                        })
                        .map_err(|e| e.to_string())
                });
                self.transfer.job = Some(Job::Apply {
                    path,
                    progress,
                    handle,
                });
            }
            None => {
                let result = self
                    .store
                    .apply_import(&plan, now, &mut |_, _| {})
                    .map_err(|e| e.to_string());
                self.finish_apply(path, result);
            }
        }
    }

    /// Whether the form the work is for is still open.
    fn transfer_form_open(&self) -> bool {
        self.state.form.is(self.transfer.form)
    }

    /// Shows why the work failed in the form it is for, or in the banner.
    fn transfer_failed(&mut self, message: String) {
        self.refused(self.transfer.form, message);
    }

    /// The work is done: its form closes.
    fn transfer_done(&mut self) {
        if self.transfer_form_open() {
            self.state.form.close();
        }
    }

    fn finish_apply(&mut self, path: PathBuf, result: Result<ImportSummary, String>) {
        match result {
            Ok(summary) => {
                self.transfer.session = None;
                self.view.import = ImportStatus::Idle;
                self.transfer_done();
                self.state.prefs.last_folder = path.parent().map(ToOwned::to_owned);
                let mut message = format!(
                    "Imported {}, updated {}, skipped {}",
                    plural(summary.created, "person", "people"),
                    count(summary.updated),
                    count(summary.skipped)
                );
                if summary.interactions > 0 {
                    message.push_str(&format!(
                        ", with {}",
                        plural(summary.interactions, "interaction", "interactions")
                    ));
                }
                message.push('.');
                self.state.toast = Some(Toast::new(message, false));
                let reloaded = self.reload_all().and_then(|()| {
                    // What this window wrote through another connection is
                    // loaded now; the next look for outside changes need
                    // not load it again.
                    self.store.changed_elsewhere()?;
                    self.reload_person_page()
                });
                if let Err(e) = reloaded {
                    self.state.banner = Some(format!(
                        "The import is saved, but the window could not show it: {e}"
                    ));
                }
                if summary.created + summary.updated > 0
                    && !matches!(self.state.prefs.screen, Screen::Person(_))
                {
                    self.show(Screen::People);
                }
            }
            Err(message) => {
                if let Some(session) = &self.transfer.session {
                    self.view.import = ImportStatus::Ready(Arc::clone(&session.preview));
                }
                self.transfer_failed(format!("Nothing was imported: {message}"));
            }
        }
    }

    /// Writes an export on a worker thread; refuses to write where Kith
    /// never writes (the database, its companions and backups, any
    /// database, what is not a regular file).
    pub(super) fn export(&mut self, what: Export, path: PathBuf) {
        if self.transfer.job.is_some() {
            return;
        }
        if let Err(e) = self.store.check_write_target(&path) {
            self.transfer_failed(e.to_string());
            return;
        }
        let work = move |store: &Store, path: &Path| -> Result<Exported, String> {
            store.write_export(path, what).map_err(|e| e.to_string())?;
            let people = store.contact_count().map_err(|e| e.to_string())? as usize;
            let interactions = match what {
                Export::Json | Export::CsvInteractions => {
                    store.interaction_count().map_err(|e| e.to_string())?
                }
                Export::Vcard | Export::CsvPeople => 0,
            };
            Ok(Exported {
                people,
                interactions,
            })
        };
        match self.store.reader() {
            Ok(Some(reader)) => {
                self.view.export = ExportStatus::Writing { path: path.clone() };
                let worker_path = path.clone();
                let handle = std::thread::spawn(move || work(&reader, &worker_path));
                self.transfer.job = Some(Job::Export { path, what, handle });
            }
            Ok(None) => {
                let result = work(&self.store, &path);
                self.finish_export(what, path, result);
            }
            Err(e) => self.finish_export(what, path, Err(e.to_string())),
        }
    }

    fn finish_export(&mut self, what: Export, path: PathBuf, result: Result<Exported, String>) {
        self.view.export = ExportStatus::Idle;
        match result {
            Ok(exported) => {
                let people = plural(exported.people, "person", "people");
                let interactions = plural(exported.interactions, "interaction", "interactions");
                let contents = match what {
                    Export::Json => format!("{people} and {interactions}"),
                    Export::Vcard | Export::CsvPeople => people,
                    Export::CsvInteractions => interactions,
                };
                self.state.toast = Some(Toast::new(
                    format!("Exported {contents} to {}.", path.display()),
                    false,
                ));
                self.state.prefs.last_folder = path.parent().map(ToOwned::to_owned);
                self.transfer_done();
            }
            Err(message) => self.transfer_failed(format!("Nothing was written: {message}")),
        }
    }

    /// Collects what a worker finished, passes on an import's progress, and
    /// forgets the file read once its dialog is closed. Called every frame.
    pub(super) fn poll_transfer(&mut self, ctx: &egui::Context) {
        if let Some(Job::Apply { progress, .. }) = &self.transfer.job
            && let ImportStatus::Applying { done, total, .. } = &mut self.view.import
        {
            *done = progress.done.load(Ordering::Relaxed);
            *total = progress.total.load(Ordering::Relaxed).max(*total);
        }
        match self.transfer.job.take() {
            Some(job) if job.is_finished() => {
                self.finish_job(job);
                // The dialog changes (a preview, a message, closed): draw
                // it again until it has found its size.
                ctx.request_repaint();
            }
            Some(job) => {
                self.transfer.job = Some(job);
                ctx.request_repaint_after(POLL);
            }
            None => {}
        }
        if !self.transfer_form_open() && !self.transfer.applying() {
            if matches!(self.transfer.job, Some(Job::Plan { .. })) {
                // Its result is not wanted; the thread ends on its own.
                self.transfer.job = None;
            }
            self.transfer.session = None;
            self.view.import = ImportStatus::Idle;
        }
    }

    /// On closing the window: waits for an import being applied or an
    /// export being written (seconds at most), so that closing does not
    /// throw either away halfway; a plan being made is not wanted.
    pub(super) fn finish_transfer_before_closing(&mut self) {
        match self.transfer.job.take() {
            Some(Job::Apply { handle, .. }) => {
                if let Ok(Err(e)) = handle.join() {
                    eprintln!("kith: the import did not land: {e}");
                }
            }
            Some(Job::Export { handle, .. }) => {
                if let Ok(Err(e)) = handle.join() {
                    eprintln!("kith: the export was not written: {e}");
                }
            }
            Some(Job::Plan { .. }) | None => {}
        }
    }

    fn finish_job(&mut self, job: Job) {
        match job {
            Job::Plan {
                path,
                options,
                handle,
            } => {
                let planned = handle.join().unwrap_or_else(|_| Err(panicked("reading")));
                self.finish_plan(path, options, planned);
            }
            Job::Apply { path, handle, .. } => {
                let result = handle.join().unwrap_or_else(|_| Err(panicked("import")));
                self.finish_apply(path, result);
            }
            Job::Export { path, what, handle } => {
                let result = handle.join().unwrap_or_else(|_| Err(panicked("export")));
                self.finish_export(what, path, result);
            }
        }
    }
}
