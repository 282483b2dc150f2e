//! The desktop app: owns the store and opens the window.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::store::Store;

/// Environment variable: close the window after this many frames (for smoke
/// tests of the real binary under Xvfb).
pub const SMOKE_FRAMES_ENV: &str = "KITH_SMOKE_FRAMES";

struct KithApp {
    store: Store,
    people: i64,
    frames: u64,
    close_after: Option<u64>,
}

impl eframe::App for KithApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Kith");
            ui.label(format!("{} people", self.people));
            if let Some(path) = self.store.path() {
                ui.weak(format!("Database: {}", path.display()));
            }
        });
        self.frames += 1;
        if let Some(limit) = self.close_after {
            if self.frames >= limit {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                // egui repaints only on input; keep frames coming until the limit.
                ui.ctx().request_repaint();
            }
        }
    }
}

/// Opens the window on the database at `db`.
pub fn run(db: PathBuf) -> anyhow::Result<()> {
    let store = Store::open(&db)?;
    let people = store.contact_count()?;
    let close_after = std::env::var(SMOKE_FRAMES_ENV)
        .ok()
        .and_then(|v| v.parse().ok());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Kith")
            .with_inner_size([1100.0, 720.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Kith",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(KithApp {
                store,
                people,
                frames: 0,
                close_after,
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
    .context("opening the window")
}
