//! Every input in `tests/fuzz_regressions/<target>/` goes through the checks of its fuzz target
//! (`tests/fuzz/fuzz_targets/<target>.rs`) within a time limit, so that a crash, hang or quadratic
//! slowdown once found stays fixed without running the fuzzer.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use wenshen::document::{self, Document};
use wenshen::source::{self, Span};

/// Generous for a debug build; the slow inputs took minutes before their fixes.
const LIMIT: Duration = Duration::from_secs(10);

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    files.sort();
    files
}

/// Every span in the model slices the text on char boundaries.
fn spans_of(document: &Document) -> Vec<(&'static str, Span)> {
    let notice = &document.doc;
    let mut spans: Vec<(&'static str, Span)> = [
        &notice.issuer,
        &notice.title,
        &notice.recipients,
        &notice.plan_title,
        &notice.quoted_plan_title,
        &notice.disclosure,
    ]
    .into_iter()
    .flatten()
    .map(|field| ("notice field", field.span))
    .collect();
    spans.extend(
        notice
            .doc_number
            .as_ref()
            .map(|number| ("doc number", number.span)),
    );
    spans.extend(
        notice
            .issue_date
            .as_ref()
            .map(|date| ("issue date", date.span)),
    );
    spans.extend(document.parts.iter().map(|part| ("part", part.span)));
    spans.extend(
        document
            .sections
            .iter()
            .map(|section| ("section", section.span)),
    );
    spans.extend(
        document
            .problems
            .iter()
            .map(|problem| ("problem", problem.span)),
    );
    for task in &document.tasks {
        spans.push(("task", task.span));
        spans.extend(task.units.iter().map(|unit| ("unit", unit.span)));
        spans.extend(
            task.deadline
                .as_ref()
                .map(|deadline| ("deadline", deadline.span)),
        );
        spans.extend(
            task.quantities
                .iter()
                .map(|quantity| ("quantity", quantity.span)),
        );
    }
    spans
}

#[test]
fn parse_bytes_regressions() {
    let files = inputs("parse_bytes");
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).expect("a readable input");
        let start = Instant::now();
        let Ok(source) = source::decode("regression.txt", &bytes) else {
            continue;
        };
        let parsed = document::parse(&source);
        let elapsed = start.elapsed();
        assert!(elapsed < LIMIT, "{}: {elapsed:?}", path.display());
        for (what, span) in spans_of(&parsed) {
            assert!(
                source.text.get(span.range()).is_some(),
                "{}: {what} span {span:?} does not slice the text",
                path.display()
            );
        }
        // Inputs that are plans (all but the fuzzer's `crash_*` noise) still read as plans.
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        if name.is_some_and(|name| !name.starts_with("crash_")) {
            assert!(!parsed.tasks.is_empty(), "{}: no task", path.display());
        }
    }
}

#[path = "fuzz/checks/report.rs"]
mod report_checks;

#[test]
fn report_spans_regressions() {
    let files = inputs("report_spans");
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).expect("a readable input");
        let start = Instant::now();
        report_checks::check_bytes(&bytes);
        let elapsed = start.elapsed();
        assert!(elapsed < LIMIT, "{}: {elapsed:?}", path.display());
    }
}
