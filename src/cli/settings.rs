//! `kith settings`: list, show, change or reset the nudge thresholds. The
//! keys, ranges and help come from `domain::settings::SPECS`; the store
//! checks every change.

use std::fmt::Write as _;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::{Out, print_json};
use crate::domain::settings::{SPECS, SettingSpec};
use crate::domain::{Settings, TrustLevel};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// A setting's key; without one, every setting is listed
    #[arg(value_name = "KEY", value_parser = parse_key)]
    key: Option<String>,
    /// A new value for KEY (a whole number)
    #[arg(value_name = "VALUE", allow_hyphen_values = true, requires = "key")]
    value: Option<String>,
    /// Put KEY back to its default
    #[arg(long, requires = "key", conflicts_with = "value")]
    reset: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

impl SettingsArgs {
    /// A value that is not a whole number in the setting's range is bad
    /// usage, like a malformed date: reported before the database is
    /// opened (exit status 2).
    pub(super) fn usage_error(&self) -> Option<String> {
        let (key, value) = (self.key.as_deref()?, self.value.as_deref()?);
        let spec = Settings::spec(key).ok()?;
        spec.parse(value).err().map(|error| error.to_string())
    }
}

/// Accepts only known keys, so a typo is a usage error naming the choices.
fn parse_key(text: &str) -> Result<String, crate::domain::ValidationError> {
    Settings::spec(text).map(|spec| spec.key.to_owned())
}

/// One setting as `--json` prints it.
#[derive(Serialize)]
struct SettingView {
    key: &'static str,
    value: u32,
    default: u32,
    unit: &'static str,
    min: u32,
    max: u32,
    help: &'static str,
}

impl SettingView {
    fn new(spec: &'static SettingSpec, settings: &Settings) -> Self {
        Self {
            key: spec.key,
            value: (spec.get)(settings),
            default: (spec.get)(&Settings::default()),
            unit: spec.unit,
            min: spec.min,
            max: spec.max,
            help: spec.help,
        }
    }
}

pub(super) fn settings(store: &mut Store, args: SettingsArgs, out: Out) -> Result<()> {
    let Some(key) = args.key else {
        let settings = store.settings()?;
        if args.json {
            let all: Vec<SettingView> = SPECS
                .iter()
                .map(|spec| SettingView::new(spec, &settings))
                .collect();
            return print_json(out, &all);
        }
        return Ok(write!(out, "{}", settings_table(&settings))?);
    };
    let spec = Settings::spec(&key)?;
    let before = (spec.get)(&store.settings()?);
    let settings = if args.reset {
        store.reset_setting(spec.key)?
    } else if let Some(value) = &args.value {
        store.set_setting(spec.key, value)?
    } else {
        store.settings()?
    };
    let view = SettingView::new(spec, &settings);
    if args.json {
        return print_json(out, &view);
    }
    let now = with_unit(spec, view.value);
    let default = with_unit(spec, view.default);
    if args.reset {
        writeln!(
            out,
            "{}: back to its default, {now} (was {}).",
            spec.key,
            with_unit(spec, before)
        )?;
    } else if args.value.is_some() {
        writeln!(
            out,
            "{}: {now} (was {}; default {default}).",
            spec.key,
            with_unit(spec, before)
        )?;
    } else {
        writeln!(
            out,
            "{} = {now} (default {default}; {} to {})\n{}",
            spec.key, spec.min, spec.max, spec.help
        )?;
    }
    Ok(())
}

/// A value with its unit: "30 days", "150%", "2 (acquaintance)", "1 person".
fn with_unit(spec: &SettingSpec, value: u32) -> String {
    match (spec.unit, value) {
        ("%", _) => format!("{value}%"),
        ("level", _) => match TrustLevel::from_number(i64::from(value)) {
            Ok(level) => format!("{value} ({level})"),
            Err(_) => value.to_string(),
        },
        ("people", 1) => "1 person".to_owned(),
        (unit, 1) => format!("1 {}", unit.strip_suffix('s').unwrap_or(unit)),
        (unit, _) => format!("{value} {unit}"),
    }
}

fn settings_table(settings: &Settings) -> String {
    let key_width = SPECS.iter().map(|s| s.key.len()).max().unwrap_or(3);
    let rows: Vec<(String, String)> = SPECS
        .iter()
        .map(|spec| {
            (
                with_unit(spec, (spec.get)(settings)),
                with_unit(spec, (spec.get)(&Settings::default())),
            )
        })
        .collect();
    let value_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(5).max(5);
    let default_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(7).max(7);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:key_width$}  {:value_width$}  {:default_width$}  MEANING",
        "KEY", "VALUE", "DEFAULT"
    );
    for (spec, (value, default)) in SPECS.iter().zip(&rows) {
        // A star marks a value changed from its default.
        let changed = if value == default { ' ' } else { '*' };
        let _ = writeln!(
            text,
            "{:key_width$}  {value:value_width$}  {default:default_width$} {changed}{}",
            spec.key, spec.help
        );
    }
    let _ = writeln!(
        text,
        "\nChange one with: kith settings KEY VALUE; back to its default with: kith settings KEY --reset"
    );
    text
}
