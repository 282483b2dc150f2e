//! Writing an archive as a stream: the records are serialised one by one
//! as the snapshot's iterators hand them over, into one pretty-printed
//! JSON document (the same bytes as serialising it whole).

use std::cell::RefCell;
use std::io::{self, Write};

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

use super::records::{ArchiveInteraction, ArchiveNudgeState, ArchivePerson};
use super::{FORMAT_NAME, VERSION};
use crate::domain::Settings;
use crate::domain::exchange::{KeptInteraction, KeptNudgeState, KeptPerson};

type SourceError = Box<dyn std::error::Error + Send + Sync>;

/// Writes an archive of `people` (in the order given), `interactions`
/// (likewise), `nudge_states` and `settings` to `out`, with a final
/// newline. An error of either iterator stops the writing and is returned
/// (inside the `io::Error`).
pub fn write<P, I, E>(
    out: &mut dyn Write,
    people: P,
    interactions: I,
    nudge_states: &[KeptNudgeState],
    settings: &Settings,
) -> io::Result<()>
where
    P: Iterator<Item = Result<KeptPerson, E>>,
    I: Iterator<Item = Result<KeptInteraction, E>>,
    E: Into<SourceError>,
{
    let failure = RefCell::new(None);
    let archive = Archive {
        format: FORMAT_NAME,
        version: VERSION,
        people: Lazy::<_, ArchivePerson>::new(people, &failure),
        interactions: Lazy::<_, ArchiveInteraction>::new(interactions, &failure),
        nudge_states: nudge_states.iter().map(ArchiveNudgeState::from).collect(),
        settings,
    };
    let written = serde_json::to_writer_pretty(&mut *out, &archive);
    if let Some(error) = failure.into_inner() {
        return Err(io::Error::other(error));
    }
    written.map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// A whole archive, as written: the order of the fields is the file's.
#[derive(Serialize)]
struct Archive<'a, P, I> {
    format: &'a str,
    version: u32,
    people: P,
    interactions: I,
    nudge_states: Vec<ArchiveNudgeState>,
    settings: &'a Settings,
}

/// A JSON array written from an iterator, each item converted to `T` as it
/// is written. It can be written once.
struct Lazy<'f, It, T> {
    items: RefCell<Option<It>>,
    failure: &'f RefCell<Option<SourceError>>,
    as_written: std::marker::PhantomData<T>,
}

impl<'f, It, T> Lazy<'f, It, T> {
    fn new(items: It, failure: &'f RefCell<Option<SourceError>>) -> Self {
        Self {
            items: RefCell::new(Some(items)),
            failure,
            as_written: std::marker::PhantomData,
        }
    }
}

impl<It, K, E, T> Serialize for Lazy<'_, It, T>
where
    It: Iterator<Item = Result<K, E>>,
    E: Into<SourceError>,
    T: From<K> + Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self
            .items
            .borrow_mut()
            .take()
            .ok_or_else(|| S::Error::custom("written twice"))?;
        let mut seq = serializer.serialize_seq(None)?;
        for item in items {
            match item {
                Ok(item) => seq.serialize_element(&T::from(item))?,
                Err(error) => {
                    *self.failure.borrow_mut() = Some(error.into());
                    return Err(S::Error::custom("the records to write could not be read"));
                }
            }
        }
        seq.end()
    }
}
