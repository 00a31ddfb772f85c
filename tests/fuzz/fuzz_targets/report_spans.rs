//! Findings at any span of any text through every report format: see `checks/report.rs`.
#![no_main]

#[path = "../checks/report.rs"]
mod report;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| report::check_bytes(data));
