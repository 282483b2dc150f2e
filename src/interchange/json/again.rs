//! The second reading of an archive, while the store writes what it
//! holds: on a thread of its own, handing the interactions over in batches
//! through a bounded channel (so no more than a few batches are ever in
//! memory), and making sure the file is the one first read.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use serde_json::Value;

use super::read::{ArchiveSource, Record, Section, Sections, drive, io_problem};
use super::records;
use super::text::{Tally, utf8};
use crate::domain::exchange::KeptInteraction;
use crate::interchange::ImportError;

/// How many interactions the second reading hands over at once: handing
/// them one by one would cost more in waking threads than reading them.
const BATCH: usize = 512;

/// What the second reading hands over.
enum Message {
    /// Interactions, each with its position in the file (from 0).
    Interactions(Vec<(usize, KeptInteraction)>),
    Failed(ImportError),
    /// Everything was read, and it is the file first read.
    Done,
}

impl ArchiveSource {
    /// Reads the archive again, on a thread of its own, and hands over its
    /// interactions in order, each with its position in the file (from 0),
    /// a few hundred at a time. Ends with an error if the file is not the
    /// one first read.
    pub fn interactions(&self) -> ArchiveInteractions {
        let (sender, receiver) = sync_channel(4);
        let source = self.clone();
        let worker = std::thread::spawn(move || {
            let outcome = source.stream(&sender);
            // The receiver may be gone: the import stopped.
            let _ = sender.send(match outcome {
                Ok(()) => Message::Done,
                Err(error) => Message::Failed(error),
            });
        });
        ArchiveInteractions {
            receiver: Some(receiver),
            worker: Some(worker),
            batch: Vec::new().into_iter(),
            finished: false,
        }
    }

    fn stream(&self, sender: &SyncSender<Message>) -> Result<(), ImportError> {
        let (raw, seen) = Tally::new(self.origin.open()?);
        let mut streamer = Streamer {
            sender,
            batch: Vec::with_capacity(BATCH),
        };
        drive(utf8(raw).map_err(io_problem)?, &mut streamer)?;
        streamer.send()?;
        if seen.get() != self.fingerprint {
            return Err(ImportError::Archive(
                "the file changed since it was read; nothing was imported (look at it again \
                 and import it again)"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

/// The second reading: passes the interactions on, a batch at a time.
struct Streamer<'a> {
    sender: &'a SyncSender<Message>,
    batch: Vec<(usize, KeptInteraction)>,
}

impl Streamer<'_> {
    fn send(&mut self) -> Result<(), ImportError> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.sender
            .send(Message::Interactions(batch))
            .map_err(|_| ImportError::Archive("the import stopped".to_owned()))
    }
}

impl Sections for Streamer<'_> {
    fn wants(&self, section: Section) -> bool {
        section == Section::Interactions
    }

    fn record(&mut self, record: Record, value: Value) -> Result<(), ImportError> {
        let number = record.number;
        let interaction = records::interaction(&value, record.version).map_err(|e| {
            ImportError::Archive(format!(
                "{}: {e}",
                records::interaction_label(number, &value)
            ))
        })?;
        self.batch.push((number - 1, interaction));
        if self.batch.len() == BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn settings(&mut self, _: Value) -> Result<(), ImportError> {
        Ok(())
    }
}

/// An archive's interactions as a second reading hands them over; see
/// [`ArchiveSource::interactions`]. Dropping it stops the reading.
pub struct ArchiveInteractions {
    receiver: Option<Receiver<Message>>,
    worker: Option<JoinHandle<()>>,
    /// What is left of the batch handed over last.
    batch: std::vec::IntoIter<(usize, KeptInteraction)>,
    finished: bool,
}

impl Iterator for ArchiveInteractions {
    type Item = Result<(usize, KeptInteraction), ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.batch.next() {
                return Some(Ok(item));
            }
            if self.finished {
                return None;
            }
            match self.receiver.as_ref()?.recv() {
                Ok(Message::Interactions(batch)) => self.batch = batch.into_iter(),
                Ok(Message::Done) => self.finished = true,
                Ok(Message::Failed(error)) => {
                    self.finished = true;
                    return Some(Err(error));
                }
                // The reader went away without saying it was done: it
                // panicked.
                Err(_) => {
                    self.finished = true;
                    return Some(Err(ImportError::Archive(
                        "reading it again stopped unexpectedly".to_owned(),
                    )));
                }
            }
        }
    }
}

impl Drop for ArchiveInteractions {
    fn drop(&mut self) {
        // Without a receiver the reader's next send fails and it stops.
        drop(self.receiver.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
