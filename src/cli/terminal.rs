//! Printing to a terminal without letting the data drive it.
//!
//! A name or a note can hold escape sequences that change the terminal's
//! title, write to its clipboard or hide text (`ESC ] 52 ; …`), and
//! bidirectional overrides that make text read backwards. Kith refuses
//! them on every input path, but a database written before that rule, or by
//! another program, may still hold them. So everything the commands print
//! goes through [`SafeOut`], which shows such characters escaped (`\u{1b}`)
//! instead of sending them, and `--json` escapes them the JSON way
//! ([`JsonFormatter`]), which keeps the output exact JSON.
//!
//! JSON is safe as it is written, so [`print_json`] hands it to the stream
//! beneath [`SafeOut`] ([`Output::unscanned`]): scanning 20 MB of nudges a
//! second time cost a fifth of the whole command. Only this module can take
//! that way, and only with bytes [`JsonFormatter`] wrote.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::domain::is_forbidden_char;

/// Where a command prints: text through [`Write`], which [`SafeOut`]
/// escapes, and JSON through [`print_json`].
pub trait Output: Write {
    /// The stream beneath the escaping, for bytes that cannot hold a
    /// forbidden character. Nothing outside this module can make an
    /// [`Unscanned`], so [`print_json`] and [`print_json_list`] are the
    /// only callers.
    fn unscanned(&mut self, _: Unscanned) -> io::Result<&mut dyn Write>;
}

/// The key to [`Output::unscanned`]: made only in this module.
pub struct Unscanned(());

/// Prints `value` as pretty JSON and a line break, with every forbidden
/// character escaped by [`JsonFormatter`], straight to the stream beneath
/// the escaping of `out`.
pub(crate) fn print_json(out: &mut dyn Output, value: &impl Serialize) -> anyhow::Result<()> {
    let mut buffered = json_stream(out)?;
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut buffered,
        JsonFormatter::new(),
    ))?;
    end_json(buffered)
}

/// From this many items on, [`print_json_list`] uses a second thread.
const TWO_HALVES_FROM: usize = 2048;

/// [`print_json`] of a list, the same bytes. A long list is written in two
/// halves at once: the first straight to `out`, the second into memory on
/// a thread of its own, then after it. 40,000 nudges (21 MB) took about
/// 65 ms on one core, 43 ms with the second core free (and no gain when
/// other work holds it).
pub(crate) fn print_json_list<T: Serialize + Sync>(
    out: &mut dyn Output,
    items: &[T],
) -> anyhow::Result<()> {
    use serde::ser::{SerializeSeq as _, Serializer as _};
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if items.len() < TWO_HALVES_FROM || cores < 2 {
        return print_json(out, &items);
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| -> serde_json::Result<Pieces> {
            let mut pieces = Pieces::default();
            second.serialize(&mut serde_json::Serializer::with_formatter(
                &mut pieces,
                JsonFormatter::new(),
            ))?;
            Ok(pieces)
        });
        let mut buffered = json_stream(out)?;
        {
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut buffered, JsonFormatter::new());
            let mut list = serializer.serialize_seq(Some(items.len()))?;
            for item in first {
                list.serialize_element(item)?;
            }
            // Not ended: the second half goes on with the same list.
        }
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        // `[\n  b0,\n  b1\n]` is the same items at the same indent: its
        // opening bracket gives way to the comma after the first half.
        buffered.write_all(b",")?;
        let mut skip = 1;
        for piece in &second.0 {
            buffered.write_all(piece.get(skip..).unwrap_or_default())?;
            skip = 0;
        }
        end_json(buffered)
    })
}

/// Bytes kept in pieces of about 1 MiB: one buffer grown to 10 MB would be
/// copied as it grows and hold twice that while it is.
#[derive(Default)]
struct Pieces(Vec<Vec<u8>>);

impl Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.0.last_mut() {
            Some(last) if last.capacity() - last.len() >= buf.len() => {
                last.extend_from_slice(buf);
            }
            _ => {
                let mut piece = Vec::with_capacity(buf.len().max(1 << 20));
                piece.extend_from_slice(buf);
                self.0.push(piece);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The stream beneath `out`'s escaping, buffered: the serializer writes a
/// token at a time, and the terminal's stream is line-buffered, so without
/// a buffer of its own a large answer costs a system call per line.
fn json_stream(out: &mut dyn Output) -> io::Result<io::BufWriter<&mut dyn Write>> {
    let raw = out.unscanned(Unscanned(()))?;
    Ok(io::BufWriter::with_capacity(1 << 16, raw))
}

fn end_json(mut buffered: io::BufWriter<&mut dyn Write>) -> anyhow::Result<()> {
    writeln!(buffered)?;
    buffered.flush()?;
    crate::timings::mark("output");
    Ok(())
}

/// `text` with every control character and direction override written as
/// a visible escape (`\u{1b}`, `\n`); with `keep_lines`, line breaks and
/// tabs are left as they are.
pub fn escape_controls(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && matches!(c, '\n' | '\t');
    if !text.chars().any(|c| is_forbidden_char(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_forbidden_char(c) || kept(c) {
            escaped.push(c);
            continue;
        }
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            _ => escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    Cow::Owned(escaped)
}

/// A name or other one-line value as a list prints it: a line break in it
/// (which only data from before Kith refused them can hold) cannot start a
/// forged row.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape_controls(text, false)
}

/// A writer that passes text through with control characters escaped (see
/// [`escape_controls`]; line breaks and tabs pass, as the output's own
/// layout uses them). Bytes that are not UTF-8 are written as `\x..`.
pub struct SafeOut<W: Write> {
    inner: W,
    /// The start of a character split between two writes.
    pending: Vec<u8>,
}

impl<W: Write> SafeOut<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for SafeOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let mut bytes = if self.pending.is_empty() {
            buf
        } else {
            joined = [std::mem::take(&mut self.pending).as_slice(), buf].concat();
            joined.as_slice()
        };
        while !bytes.is_empty() {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.inner
                        .write_all(escape_controls(text, true).as_bytes())?;
                    break;
                }
                Err(error) => {
                    let (good, rest) = bytes.split_at(error.valid_up_to());
                    // Checked by `from_utf8` above.
                    let text = std::str::from_utf8(good).unwrap_or_default();
                    self.inner
                        .write_all(escape_controls(text, true).as_bytes())?;
                    match error.error_len() {
                        // Cut short: the rest of the character comes next.
                        None => {
                            self.pending.extend_from_slice(rest);
                            break;
                        }
                        Some(len) => {
                            for byte in &rest[..len] {
                                write!(self.inner, "\\x{byte:02x}")?;
                            }
                            bytes = &rest[len..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        for byte in std::mem::take(&mut self.pending) {
            write!(self.inner, "\\x{byte:02x}")?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Output for SafeOut<W> {
    fn unscanned(&mut self, _: Unscanned) -> io::Result<&mut dyn Write> {
        // Text written before may have ended inside a character: show its
        // start now, as `flush` does, rather than after the JSON.
        for byte in std::mem::take(&mut self.pending) {
            write!(self.inner, "\\x{byte:02x}")?;
        }
        Ok(&mut self.inner)
    }
}

impl<W: Write> Drop for SafeOut<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// serde_json's pretty layout, with the characters JSON may carry raw but
/// a terminal should not receive (DEL, C1 controls, direction overrides)
/// written as `\uXXXX`: the same string to any JSON reader.
pub struct JsonFormatter(serde_json::ser::PrettyFormatter<'static>);

impl JsonFormatter {
    pub fn new() -> Self {
        Self(serde_json::ser::PrettyFormatter::new())
    }
}

impl Default for JsonFormatter {
    fn default() -> Self {
        Self::new()
    }
}

impl serde_json::ser::Formatter for JsonFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_escaped(writer, fragment)
    }

    /// Only with serde_json's `raw_value` feature, which Kith does not
    /// enable; should it ever be, a raw fragment gets the same escapes. In
    /// valid JSON a forbidden character outside a string can only be
    /// white space: a tab and a line break pass, a carriage return is a space.
    fn write_raw_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for c in fragment.chars() {
            match c {
                '\n' | '\t' => writer.write_all(&[c as u8])?,
                '\r' => writer.write_all(b" ")?,
                c if is_forbidden_char(c) => write!(writer, "\\u{:04x}", u32::from(c))?,
                c => writer.write_all(c.encode_utf8(&mut [0; 4]).as_bytes())?,
            }
        }
        Ok(())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }
    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }
    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// Writes `fragment`, a run of a JSON string that serde_json has already
/// escaped the JSON way (quotes, backslashes, U+0000 to U+001F), with every
/// other forbidden character as `\uXXXX`; clean text in one write.
fn write_escaped<W: ?Sized + Write>(writer: &mut W, fragment: &str) -> io::Result<()> {
    // What is left to find is DEL (0x7F), the C1 controls (U+0080 to
    // U+009F, which UTF-8 starts with 0xC2) and the direction overrides
    // (U+202A to U+202E and U+2066 to U+2069, which start with 0xE2).
    // None of these bytes continues a character, so each found one starts
    // one; most are innocent (`é` is not, but `°` and `’` are 0xC2 and 0xE2).
    let bytes = fragment.as_bytes();
    let mut written = 0;
    let mut searched = 0;
    while let Some(found) = memchr::memchr3(0x7f, 0xc2, 0xe2, &bytes[searched..]) {
        let at = searched + found;
        let Some(c) = fragment[at..].chars().next() else {
            break;
        };
        searched = at + c.len_utf8();
        if is_forbidden_char(c) {
            writer.write_all(&bytes[written..at])?;
            // Every forbidden character is in the Basic Multilingual
            // Plane, so one \u escape spells it.
            write!(writer, "\\u{:04x}", u32::from(c))?;
            written = searched;
        }
    }
    writer.write_all(&bytes[written..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_safe_out(chunks: &[&[u8]]) -> String {
        let mut bytes = Vec::new();
        {
            let mut out = SafeOut::new(&mut bytes);
            for chunk in chunks {
                out.write_all(chunk).unwrap();
            }
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(
            through_safe_out(&[b"Evil\x1b]0;PWNED\x07 (id 3)\n"]),
            "Evil\\u{1b}]0;PWNED\\u{7} (id 3)\n"
        );
        assert_eq!(
            through_safe_out(&["evaD\u{202e} \u{9b}31m\u{7f}\ttab\n".as_bytes()]),
            "evaD\\u{202e} \\u{9b}31m\\u{7f}\ttab\n"
        );
        // Plain text, accents and right-to-left scripts pass untouched.
        let plain = "Léa Martínez 🌱 שלום\n";
        assert_eq!(through_safe_out(&[plain.as_bytes()]), plain);
    }

    #[test]
    fn a_character_split_between_writes_survives_and_bad_bytes_are_shown() {
        let e_acute = "é".as_bytes();
        assert_eq!(
            through_safe_out(&[b"L", &e_acute[..1], &e_acute[1..], b"a"]),
            "Léa"
        );
        assert_eq!(through_safe_out(&[b"a\xffb"]), "a\\xffb");
        assert_eq!(through_safe_out(&[b"cut\xc3"]), "cut\\xc3");
    }

    #[test]
    fn one_line_values_cannot_forge_a_row() {
        assert_eq!(one_line("Dave\nFake line"), "Dave\\nFake line");
        assert_eq!(one_line("Ada"), "Ada");
    }

    #[test]
    fn json_stays_exact_json_with_nothing_raw_for_the_terminal() {
        let value = serde_json::json!({ "name": "Evil\u{1b}]0;x\u{7} \u{202e}evaD \u{9b} é" });
        let mut bytes = Vec::new();
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut bytes, JsonFormatter::new());
        serde::Serialize::serialize(&value, &mut serializer).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.chars().any(|c| is_forbidden_char(c) && c != '\n'),
            "{text}"
        );
        assert!(text.contains("\\u202e"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    /// Every character there is, in one string, as each of the old
    /// char-by-char escaping and the byte-level search writes it.
    #[test]
    fn json_escapes_exactly_the_forbidden_characters_of_all_of_unicode() {
        let all: String = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .collect();
        let mut bytes = Vec::new();
        print_json(&mut SafeOut::new(&mut bytes), &all).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text.chars().find(|&c| is_forbidden_char(c) && c != '\n'),
            None
        );
        assert_eq!(serde_json::from_str::<String>(&text).unwrap(), all);

        let mut expected = String::new();
        for c in serde_json::to_string(&all).unwrap().chars() {
            match c {
                c if is_forbidden_char(c) => expected.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => expected.push(c),
            }
        }
        assert_eq!(text, expected + "\n");
    }

    #[test]
    fn json_after_text_cut_inside_a_character_keeps_its_place() {
        let mut bytes = Vec::new();
        {
            let mut out = SafeOut::new(&mut bytes);
            out.write_all(b"cut\xc3").unwrap();
            print_json(&mut out, &"\u{202e}é").unwrap();
            out.write_all(b"after\n").unwrap();
        }
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "cut\\xc3\"\\u202eé\"\nafter\n"
        );
    }

    #[test]
    fn a_raw_json_fragment_gets_the_same_escapes() {
        use serde_json::ser::Formatter as _;
        let mut bytes = Vec::new();
        JsonFormatter::new()
            .write_raw_fragment(&mut bytes, "{\r\n\t\"a\u{7f}\u{85}\u{2069}\": 1}")
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "{ \n\t\"a\\u007f\\u0085\\u2069\": 1}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, serde_json::json!({ "a\u{7f}\u{85}\u{2069}": 1 }));
    }

    #[test]
    fn a_list_written_in_two_halves_is_the_same_bytes() {
        // A name long enough that a half fills more than one piece.
        let item = |i: usize| {
            let name = format!("N\u{1b}\u{202e}{i}{}", "é".repeat(600));
            serde_json::json!({ "id": i, "name": name, "tags": [i, {}], "none": [] })
        };
        for len in [
            0,
            1,
            2,
            3,
            TWO_HALVES_FROM - 1,
            TWO_HALVES_FROM,
            TWO_HALVES_FROM + 1,
        ] {
            let items: Vec<_> = (0..len).map(item).collect();
            let (mut whole, mut halves) = (Vec::new(), Vec::new());
            print_json(&mut SafeOut::new(&mut whole), &items).unwrap();
            print_json_list(&mut SafeOut::new(&mut halves), &items).unwrap();
            assert!(whole == halves, "{len} items");
            assert!(
                len < TWO_HALVES_FROM || whole.len() > 2 << 20,
                "{}",
                whole.len()
            );
        }
    }
}
