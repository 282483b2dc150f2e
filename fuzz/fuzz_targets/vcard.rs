//! Any bytes through the vCard import path: decoding, the card scan,
//! calcard, mapping and tidying. Nothing may panic.
#![no_main]

use kith::interchange::{Format, read, tidy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for format in [Some(Format::Vcard), None] {
        if let Ok(mut parsed) = read(data, format, today.and_hms_opt(12, 0, 0).unwrap()) {
            for person in &mut parsed.people {
                tidy(person, today);
                let _ = person.fields.validate(today);
            }
        }
    }
});
