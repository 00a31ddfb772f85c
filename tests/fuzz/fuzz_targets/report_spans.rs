//! Findings at any span of any text through every report format: see `checks/report.rs`.
#![no_main]

#[path = "../checks/report.rs"]
mod report;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first bytes choose spans and the width, the rest is the text (lossily UTF-8, so that
    // control characters, long lines and multi-byte characters all come).
    let Some((head, rest)) = data.split_at_checked(16) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let at = |index: usize| usize::from(head[index]) * text.len().max(1) / 255;
    let cases = vec![
        report::Case {
            start: at(0),
            end: at(1),
            message: text.chars().take(usize::from(head[2])).collect(),
            secondary: vec![(at(3), at(4)), (at(5), at(6))],
        },
        report::Case {
            start: at(7),
            end: at(8) + usize::from(head[9]),
            message: String::new(),
            secondary: Vec::new(),
        },
    ];
    let name: String = text.chars().take(usize::from(head[10] % 16)).collect();
    report::check(&name, &text, &cases, usize::from(head[11]));
});
