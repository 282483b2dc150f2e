//! Any bytes through the CSV import path: decoding, delimiter and header
//! detection, column mapping and tidying. Nothing may panic.
#![no_main]

use kith::interchange::{Format, read, tidy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    if let Ok(mut parsed) = read(data, Some(Format::Csv), today.and_hms_opt(12, 0, 0).unwrap()) {
        for person in &mut parsed.people {
            tidy(person, today);
            let _ = person.fields.validate(today);
        }
    }
});
