//! The nudge thresholds a person changed. Keys that are missing have their
//! default; keys this version does not know are ignored, so an older Kith
//! can open a file whose settings a newer one extended.

use rusqlite::{Connection, params};

use super::{Result, Store};
use crate::domain::Settings;
use crate::domain::settings::SPECS;

impl Store {
    /// The current settings.
    pub fn settings(&self) -> Result<Settings> {
        read_settings(&self.conn)
    }

    /// Changes one setting from text, checking it; returns the new settings.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<Settings> {
        let spec = Settings::spec(key)?;
        // Read, check and write in one transaction, so a change made
        // meanwhile by another process is checked against, not lost.
        let tx = self.transaction()?;
        let mut settings = read_settings(&tx)?;
        settings.set(key, value)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![spec.key, (spec.get)(&settings)],
        )?;
        tx.commit()?;
        Ok(settings)
    }

    /// Puts one setting back to its default (forgetting the change, so it
    /// follows the default of later versions); returns the new settings.
    /// Refused, changing nothing, if the default contradicts another
    /// setting the person changed.
    pub fn reset_setting(&mut self, key: &str) -> Result<Settings> {
        let spec = Settings::spec(key)?;
        let tx = self.transaction()?;
        let mut settings = read_settings(&tx)?;
        (spec.set)(&mut settings, (spec.get)(&Settings::default()));
        settings.validate()?;
        tx.execute("DELETE FROM settings WHERE key = ?1", [spec.key])?;
        tx.commit()?;
        Ok(settings)
    }

    /// Replaces all settings at once (as a settings screen saves them).
    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        settings.validate()?;
        let tx = self.transaction()?;
        tx.execute("DELETE FROM settings", [])?;
        let defaults = Settings::default();
        for spec in SPECS {
            let value = (spec.get)(settings);
            if value != (spec.get)(&defaults) {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    params![spec.key, value],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

fn read_settings(conn: &Connection) -> Result<Settings> {
    let mut settings = Settings::default();
    let mut statement = conn.prepare_cached("SELECT key, value FROM settings")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let value: i64 = row.get(1)?;
        if let Some(spec) = SPECS.iter().find(|spec| spec.key == key)
            && let Ok(value) = u32::try_from(value)
            && (spec.min..=spec.max).contains(&value)
        {
            (spec.set)(&mut settings, value);
        }
    }
    if settings.validate().is_err() {
        // Values that are each in range but contradict each other (only
        // possible if the file was edited by hand) fall back to defaults
        // rather than making every nudge wrong.
        return Ok(Settings::default());
    }
    Ok(settings)
}
