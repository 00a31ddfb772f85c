//! The report stage's checks, shared by the `report_spans` fuzz target and its property-test twin
//! in `tests/hostile.rs`: findings at any span of any text (past the end, inside a character,
//! reversed, on a line of any length), with any message, file name and secondary labels, rendered
//! in every format. Nothing panics; terminal formats hold no control character but the line feed;
//! concise output is one line per finding; JSON and SARIF parse.

use wenshen::engine::{Checked, Finding, SecondaryLabel};
use wenshen::report;
use wenshen::report::human::Style;
use wenshen::rules::Severity;
use wenshen::source::{SourceFile, Span};

/// One finding of the case: where it is and what it says.
#[derive(Debug, Clone)]
pub struct Case {
    pub start: usize,
    pub end: usize,
    pub message: String,
    /// Secondary labels: a span each, in the same file.
    pub secondary: Vec<(usize, usize)>,
}

/// The fuzz target's input: the first 16 bytes choose the spans, the name and the width; the rest
/// is the text (lossily UTF-8, so that control characters, long lines and multi-byte characters all
/// come). Shared by the target and its regression inputs in `tests/fuzz_regressions/report_spans`.
pub fn check_bytes(data: &[u8]) {
    let Some((head, rest)) = data.split_at_checked(16) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let at = |index: usize| usize::from(head[index]) * text.len().max(1) / 255;
    let cases = vec![
        Case {
            start: at(0),
            end: at(1),
            message: text.chars().take(usize::from(head[2])).collect(),
            secondary: vec![(at(3), at(4)), (at(5), at(6))],
        },
        Case {
            start: at(7),
            end: at(8) + usize::from(head[9]),
            message: String::new(),
            secondary: Vec::new(),
        },
    ];
    let name: String = text.chars().take(usize::from(head[10] % 16)).collect();
    check(&name, &text, &cases, usize::from(head[11]));
}

/// Renders `cases` over `text` in a file called `name`, in every format, and checks the output.
pub fn check(name: &str, text: &str, cases: &[Case], width: usize) {
    let source = SourceFile::from_text(name, text);
    let findings: Vec<Finding> = cases
        .iter()
        .map(|case| Finding {
            code: "GK999".into(),
            name: "fuzz".into(),
            severity: Severity::Warning,
            message: case.message.clone(),
            file: source.name.clone(),
            span: Span::new(case.start, case.end),
            label: case.message.clone(),
            secondary: case
                .secondary
                .iter()
                .map(|&(start, end)| SecondaryLabel {
                    file: source.name.clone(),
                    span: Span::new(start, end),
                    text: "另见".into(),
                })
                .collect(),
            help: case.message.clone(),
            basis: String::new(),
            title: case.message.clone(),
        })
        .collect();
    let count = findings.len();
    let files: Vec<Checked> = Checked::group(vec![source], findings);
    let style = Style {
        color: false,
        width,
    };
    let terminal = |format: &str, out: &str| {
        assert!(
            !out.chars()
                .any(|c| (c != '\n' && c != '\t' && c.is_control())
                    || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{format} output holds a control character: {out:?}"
        );
    };
    let human = report::human::render_findings(&files, style);
    terminal("human", &human);
    let concise = report::concise::render_findings(&files);
    terminal("concise", &concise);
    assert_eq!(concise.lines().count(), count, "{concise:?}");
    let json = report::json::render_findings(&files);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON report parses");
    let sarif = report::sarif::render_findings(&[], &files);
    serde_json::from_str::<serde_json::Value>(&sarif).expect("the SARIF report parses");
    report::github::render_findings(&files);
    report::junit::render_findings(&files, Some(Severity::Error));
}
