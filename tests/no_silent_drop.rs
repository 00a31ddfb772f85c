//! No silent drop: every line of text from a plan's first element on ends up in the model — in a
//! part, section or task, in a recorded problem, or among the other lines with the reason it is no
//! element (page number, furniture, signature, table header, a list that is not tasks, a preamble).
//! Held on the seeds, the layout fixtures, the real documents and generated plans.

use std::path::{Path, PathBuf};
use std::process::Command;

use wenshen::document::{self, Document};
use wenshen::source::{self, Span};

/// The lines holding text that no element, problem or other line of `doc` covers.
fn unaccounted(text: &str, doc: &Document) -> Vec<String> {
    let mut covered: Vec<Span> = doc.parts.iter().map(|part| part.span).collect();
    covered.extend(doc.sections.iter().map(|section| section.span));
    covered.extend(doc.tasks.iter().map(|task| task.span));
    let Some(first) = covered.iter().map(|span| span.start()).min() else {
        return Vec::new();
    };
    covered.extend(doc.problems.iter().map(|problem| problem.span));
    covered.extend(doc.other_lines.iter().map(|line| line.span));
    // A table row's unit and deadline cells are elements of their task wherever they stand.
    for task in &doc.tasks {
        covered.extend(task.units.iter().map(|unit| unit.span));
        covered.extend(task.deadline.iter().map(|deadline| deadline.span));
    }
    covered.extend(doc.doc.spans());
    let mut missing = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let span = Span(start, start + line.len());
        start += line.len() + 1;
        // Lines of pipes alone only mark table cells; they hold no text.
        if span.start() < first || line.chars().all(|c| c.is_whitespace() || c == '|') {
            continue;
        }
        let inside = covered
            .iter()
            .any(|element| element.start() < span.end() && span.start() < element.end());
        if !inside {
            missing.push(line.to_string());
        }
    }
    missing
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable directory")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn check_files(files: &[PathBuf]) -> Vec<String> {
    let mut report = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).expect("a readable file");
        let name = path.display().to_string();
        let Ok(source) = source::decode(&name, &bytes) else {
            continue;
        };
        let doc = document::parse(&source);
        for line in unaccounted(&source.text, &doc) {
            report.push(format!("{name}: «{line}»"));
        }
    }
    report
}

#[test]
fn every_line_of_a_plan_is_in_the_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in ["corpus/seeds", "corpus/layouts", "tests/real/docs"] {
        all.extend(files(&root.join(dir)));
    }
    let report = check_files(&all);
    assert!(
        report.is_empty(),
        "{} lines unaccounted:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn every_line_of_a_generated_plan_is_in_the_model() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let status = Command::new(env!("CARGO_BIN_EXE_wenshen-corpus"))
        .args(["--count", "70", "--seed", "16", "--out"])
        .arg(dir.path())
        .status()
        .expect("the generator runs");
    assert!(status.success());
    let report = check_files(&files(dir.path()));
    assert!(
        report.is_empty(),
        "{} lines unaccounted:\n{}",
        report.len(),
        report.join("\n")
    );
}
