//! `--json` output is written straight to the terminal's stream, without
//! the second scan that text output gets: these tests hold it to the same
//! guarantee. Whatever hostile text the database holds (written by an older
//! Kith or another program), every command's JSON carries no control
//! character, C1 control, DEL or direction override raw, and parses back to
//! exactly the stored strings.

mod binary;

use binary::Kith;
use serde_json::Value;

/// Every kind of character a terminal could obey, and some innocent
/// neighbours that share their first UTF-8 byte (`°`, `’`, `…`).
const HOSTILE: &str = "Esc\u{1b}]0;PWNED\u{7} csi\u{9b}31m nel\u{85} del\u{7f} \
     bidi\u{202e}evaD iso\u{2066}x\u{2069} ls\u{2028}ps\u{2029} cr\r lf\n tab\t \
     café 20° it’s… 🌱 שלום";

fn poke(kith: &Kith, sql: &str) {
    let conn = rusqlite::Connection::open(&kith.db).unwrap();
    conn.execute(sql, [HOSTILE]).unwrap();
}

/// A forbidden character sent raw; the line breaks of the pretty layout
/// are the output's own.
fn raw_forbidden(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| kith::domain::is_forbidden_char(c) && c != '\n')
}

fn holds_hostile(value: &Value) -> bool {
    match value {
        Value::String(text) => text == HOSTILE,
        Value::Array(items) => items.iter().any(holds_hostile),
        Value::Object(fields) => fields.values().any(holds_hostile),
        _ => false,
    }
}

/// A database whose every stored text is [`HOSTILE`], with a nudge due for
/// its one person and a hidden nudge.
fn hostile_kith() -> Kith {
    let kith = Kith::new();
    kith.ok(&["contact", "add", "Placeholder", "--trust", "trusted"]);
    kith.ok(&["contact", "add", "Other", "--trust", "trusted"]);
    for who in ["Placeholder", "Other"] {
        kith.ok(&[
            "log",
            who,
            "--on",
            "2026-01-01 10:00",
            "--note",
            "n",
            "--follow-up",
            "f",
            "--due",
            "2026-01-02",
        ]);
    }
    kith.ok(&[
        "nudges",
        "snooze",
        "Other",
        "neglect",
        "--until",
        "2099-01-01",
    ]);
    poke(
        &kith,
        "UPDATE contacts SET name = ?1, nickname = ?1, notes = ?1",
    );
    poke(&kith, "UPDATE interactions SET note = ?1");
    poke(&kith, "UPDATE follow_ups SET what = ?1");
    kith
}

#[test]
fn json_of_every_command_sends_nothing_a_terminal_obeys_and_stays_exact() {
    let kith = hostile_kith();
    for args in [
        vec!["contact", "list", "--json"],
        vec!["contact", "list", "--all", "--json"],
        vec!["contact", "show", "1", "--json"],
        vec!["nudges", "--json"],
        vec!["nudges", "hidden", "--json"],
        vec!["followup", "list", "--all", "--json"],
    ] {
        let out = kith.ok(&args);
        assert_eq!(raw_forbidden(&out), None, "{args:?}: {out:?}");
        // The JSON way: the same string to any reader.
        for escape in [
            "\\u001b", "\\u009b", "\\u0085", "\\u007f", "\\u202e", "\\u2066",
        ] {
            assert!(out.contains(escape), "{args:?}: no {escape} in {out}");
        }
        let value: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert!(holds_hostile(&value), "{args:?}: {out}");
    }
}

#[test]
fn text_and_json_in_one_process_keep_their_own_escaping() {
    // Text is escaped for reading, JSON for parsing; neither leaks into
    // the other.
    let kith = hostile_kith();
    let text = kith.ok(&["contact", "list"]);
    assert_eq!(raw_forbidden(&text.replace('\t', " ")), None, "{text:?}");
    assert!(text.contains("Esc\\u{1b}]0;PWNED\\u{7}"), "{text}");
    let json = kith.ok(&["contact", "list", "--json"]);
    assert!(!json.contains("\\u{"), "{json}");
    assert!(json.contains("Esc\\u001b]0;PWNED\\u0007"), "{json}");
}
