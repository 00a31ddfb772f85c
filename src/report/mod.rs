//! Renders findings and rule errors: one file per output format. Rendering is pure (the checked
//! files in, text out); the CLI decides where it goes and whether colour is wanted.

pub mod human;
pub mod json;
pub mod tree;

use crate::engine::{Checked, Finding};
use crate::rules::Severity;
use crate::source::{LineIndex, SourceFile, Span};

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let position = LineIndex::new(text).line_column(offset);
    (position.line, position.column)
}

/// The source a finding's file name refers to.
pub fn find_source<'s>(files: &'s [Checked], file: &str) -> Option<&'s SourceFile> {
    files
        .iter()
        .map(|checked| &checked.source)
        .find(|source| source.name == file)
}

/// Every finding of every file, in output order.
pub fn findings(files: &[Checked]) -> impl Iterator<Item = &Finding> {
    files.iter().flat_map(|file| &file.findings)
}

/// The text under a span, or "" when the span is outside the text.
pub fn span_text(source: Option<&SourceFile>, span: Span) -> &str {
    source
        .and_then(|source| source.text.get(span.range()))
        .unwrap_or_default()
}

/// Counts of findings by severity: (errors, warnings, infos).
pub fn counts(files: &[Checked]) -> (usize, usize, usize) {
    let count = |severity| {
        findings(files)
            .filter(|finding| finding.severity == severity)
            .count()
    };
    (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    )
}
