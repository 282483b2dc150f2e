//! Kith keeps relationships honest.
//!
//! You record the people you know, how you met them, every interaction and
//! how far you trust each of them; Kith then nudges you about people you
//! neglect, people waiting on your reply, relationships going sour or
//! one-sided, and trust that is outrunning the history behind it.
//!
//! The crate is layered so that each part can be tested on its own:
//!
//! - [`domain`]: the vocabulary and the rules. Pure: no SQL, no egui, no clock.
//! - [`store`]: everything SQLite. Turns domain values into rows and back,
//!   one transaction per user action, and never reads the clock.
//! - [`interchange`]: import and export formats (vCard, CSV, the JSON
//!   archive): files to domain values and back, and the planner that
//!   decides what an import does. No SQL, and no use of the store.
//! - [`transfer`]: import and export end to end, the one place that
//!   wires the store and the formats together.
//! - [`private_files`]: creating owner-only folders and files, and
//!   replacing files atomically.
//! - [`demo`]: generates realistic people and history for trying Kith out
//!   and for benchmarks.
//! - [`desktop`]: Kith on a Linux desktop: the launcher and icon in the
//!   applications menu, and reminders (one notification) while it is closed.
//! - [`cli`]: the headless commands.
//! - [`timings`]: where a run's time goes, when `KITH_TIMINGS=1` asks.
//! - [`app`] and [`ui`]: the desktop window. The UI draws from a view model
//!   and sends commands; only the app touches the store and the disk.
//!
//! Dependencies point one way: `ui -> domain`, `store -> domain`,
//! `interchange -> domain`, `transfer -> store + interchange`,
//! `app/cli -> everything`.

pub mod app;
pub mod cli;
pub mod demo;
pub mod desktop;
pub mod domain;
pub mod interchange;
pub mod private_files;
pub mod store;
pub mod timings;
pub mod transfer;
pub mod ui;
