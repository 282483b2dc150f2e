//! The bytes of an archive as the JSON reader wants them: UTF-8, whatever
//! the file was written in, read in large blocks, and fingerprinted on the
//! way so that a second reading can tell whether the file changed.

use std::cell::Cell;
use std::hash::Hasher;
use std::io::{self, Read};
use std::rc::Rc;

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE};

/// How many bytes a file had and a hash of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub bytes: u64,
    pub hash: u64,
    /// Whether everything so far was white space (or a byte-order mark).
    pub blank: bool,
}

/// Passes bytes through, keeping the fingerprint of what passed in a cell
/// the reader's owner can look at afterwards.
pub struct Tally<R> {
    inner: R,
    hasher: std::hash::DefaultHasher,
    seen: Rc<Cell<Fingerprint>>,
}

impl<R: Read> Tally<R> {
    pub fn new(inner: R) -> (Self, Rc<Cell<Fingerprint>>) {
        let seen = Rc::new(Cell::new(Fingerprint {
            blank: true,
            ..Fingerprint::default()
        }));
        let tally = Self {
            inner,
            hasher: std::hash::DefaultHasher::new(),
            seen: Rc::clone(&seen),
        };
        (tally, seen)
    }
}

impl<R: Read> Read for Tally<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // SipHash reads a stream: the same bytes give the same hash however
        // they are split between calls.
        self.hasher.write(&buf[..n]);
        let before = self.seen.get();
        let blank = before.blank
            && buf[..n].iter().all(|b| {
                b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF | 0xFE | 0xFF | 0)
            });
        self.seen.set(Fingerprint {
            bytes: before.bytes + n as u64,
            hash: self.hasher.finish(),
            blank,
        });
        Ok(n)
    }
}

/// Reads the start of `raw` to find its encoding, and returns a reader of
/// its text as UTF-8 without a byte-order mark: UTF-8 as it is, UTF-16
/// (marked, or recognised by the zero bytes of ASCII characters) decoded
/// as it is read.
pub fn utf8<'r>(mut raw: impl Read + 'r) -> io::Result<Box<dyn Read + 'r>> {
    let mut head = [0u8; 4];
    let mut filled = 0;
    while filled < head.len() {
        match raw.read(&mut head[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    let head = &head[..filled];
    let (encoding, skip): (Option<&'static Encoding>, usize) = match head {
        [0xEF, 0xBB, 0xBF, ..] => (None, 3),
        [0xFF, 0xFE, ..] => (Some(UTF_16LE), 2),
        [0xFE, 0xFF, ..] => (Some(UTF_16BE), 2),
        [a, 0, b, 0] if *a != 0 && *b != 0 => (Some(UTF_16LE), 0),
        [a, 0] if *a != 0 => (Some(UTF_16LE), 0),
        [0, a, 0, b] if *a != 0 && *b != 0 => (Some(UTF_16BE), 0),
        [0, a] if *a != 0 => (Some(UTF_16BE), 0),
        _ => (None, 0),
    };
    let rest = io::Cursor::new(head[skip..].to_vec()).chain(raw);
    Ok(match encoding {
        None => Box::new(rest),
        Some(encoding) => Box::new(Transcoder {
            inner: rest,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            pending: 0,
            output: Vec::with_capacity(192 * 1024),
            served: 0,
            ended: false,
        }),
    })
}

/// UTF-16 in, UTF-8 out.
struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    /// Bytes of `input` not decoded yet.
    pending: usize,
    output: Vec<u8>,
    /// Bytes of `output` handed out already.
    served: usize,
    ended: bool,
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.served == self.output.len() {
            if self.ended && self.pending == 0 {
                return Ok(0);
            }
            if !self.ended {
                let n = self.inner.read(&mut self.input[self.pending..])?;
                self.pending += n;
                self.ended = n == 0;
            }
            self.output.clear();
            self.served = 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(self.pending)
                .unwrap_or(self.pending * 3 + 16);
            self.output.resize(room, 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[..self.pending],
                &mut self.output,
                self.ended,
            );
            self.output.truncate(written);
            self.input.copy_within(read..self.pending, 0);
            self.pending -= read;
            if self.ended {
                // Whatever was left has been flushed.
                self.pending = 0;
            }
        }
        let n = buf.len().min(self.output.len() - self.served);
        buf[..n].copy_from_slice(&self.output[self.served..self.served + n]);
        self.served += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> String {
        let mut text = String::new();
        utf8(bytes).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn utf16_with_or_without_a_mark_and_utf8_with_a_mark_read_as_utf8() {
        let text = "{\"name\": \"Jürgen 😀\"}";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decoded(&le), text);
        assert_eq!(decoded(&be), text);
        assert_eq!(decoded(&[&[0xFF, 0xFE][..], &le].concat()), text);
        assert_eq!(decoded(&[&[0xFE, 0xFF][..], &be].concat()), text);
        assert_eq!(decoded(&[b"\xEF\xBB\xBF", text.as_bytes()].concat()), text);
        assert_eq!(decoded(text.as_bytes()), text);
        assert_eq!(decoded(b"{}"), "{}");
        assert_eq!(decoded(b""), "");
        // Long enough to cross the decoder's blocks, surrogates included.
        let long = "ab😀".repeat(50_000);
        let le: Vec<u8> = long.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decoded(&le), long);
    }

    #[test]
    fn the_fingerprint_does_not_depend_on_how_the_bytes_were_read() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let whole = {
            let (mut tally, seen) = Tally::new(&bytes[..]);
            std::io::copy(&mut tally, &mut std::io::sink()).unwrap();
            seen.get()
        };
        let (tally, seen) = Tally::new(&bytes[..]);
        let mut small = std::io::BufReader::with_capacity(7, tally);
        std::io::copy(&mut small, &mut std::io::sink()).unwrap();
        assert_eq!(seen.get(), whole);
        assert_eq!(whole.bytes, 100_000);
        assert!(!whole.blank);
    }
}
