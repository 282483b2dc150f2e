//! A desktop of its own for the tests of `kith install-desktop` and `kith
//! notify`: a temp folder standing in for the home folder, with its own
//! `XDG_DATA_HOME`, `XDG_CONFIG_HOME` and runtime folder, a `PATH` with
//! only what a test puts there (so the real `systemctl` is never run), and
//! no display, so nothing here touches the real home folder or screen.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Desk {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Desk {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["home", "data", "config", "bin", "runtime"] {
            std::fs::create_dir(dir.path().join(folder)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let runtime = dir.path().join("runtime");
            std::fs::set_permissions(runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let db = dir.path().join("kith.sqlite3");
        Self { dir, db }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `$XDG_DATA_HOME`.
    pub fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// `$XDG_CONFIG_HOME`.
    pub fn config(&self) -> PathBuf {
        self.path("config")
    }

    /// `kith --db DB ARGS` on this desk.
    pub fn kith(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
        command
            .env_clear()
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.data())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_RUNTIME_DIR", self.path("runtime"))
            .env("PATH", self.path("bin"))
            .env("LANG", "C.UTF-8")
            .arg("--db")
            .arg(&self.db)
            .args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.kith(args).output().unwrap()
    }

    /// Runs a command that must succeed; returns what it printed.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "kith {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Puts a program in this desk's `PATH`: a shell script.
    pub fn program(&self, name: &str, script: &str) {
        let path = self.path("bin").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
}

/// A tool from the system (`desktop-file-validate`, `dbus-daemon`), or
/// `None` after saying on stderr that the test skips what needs it.
pub fn tool(name: &str, needed_for: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        eprintln!(
            "SKIPPED {needed_for}: {name} is not installed (scripts/install-debian-deps installs it)"
        );
    }
    found
}

/// Checks a desktop entry with `desktop-file-validate`, when it is there.
pub fn validate(entry: &Path) {
    if let Some(validate) = tool("desktop-file-validate", "validating desktop entries") {
        says_nothing(Command::new(validate).arg(entry), entry);
    }
}

/// Checks systemd unit files with `systemd-analyze verify`, when it is there.
pub fn verify_units(units: &[&Path]) {
    if let Some(analyze) = tool("systemd-analyze", "verifying systemd units") {
        says_nothing(
            Command::new(analyze)
                .args(["verify", "--man=no"])
                .args(units),
            units[0],
        );
    }
}

/// Runs a checker, which must succeed without a word about `file`.
fn says_nothing(checker: &mut Command, file: &Path) {
    let output = checker.output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && said.trim().is_empty(),
        "{checker:?}: {said}\n{}",
        std::fs::read_to_string(file).unwrap()
    );
}

/// The permission bits of a file.
pub fn mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0o600
    }
}
