//! Renders findings and rule errors: one file per output format. Rendering is pure (text in, text
//! out); the CLI decides where it goes and whether colour is wanted.

pub mod human;
pub mod json;

use crate::engine::Finding;
use crate::rules::Severity;
use crate::source::{SourceFile, Span};

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before.get(line_start..).map_or(0, |rest| rest.chars().count()) + 1;
    (line, column)
}

/// The source a finding's file name refers to.
pub fn find_source<'s>(sources: &'s [SourceFile], file: &str) -> Option<&'s SourceFile> {
    sources.iter().find(|source| source.name == file)
}

/// The text under a span, or "" when the span is outside the text.
pub fn span_text(source: Option<&SourceFile>, span: Span) -> &str {
    source.and_then(|source| source.text.get(span.range())).unwrap_or_default()
}

/// Counts of findings by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let count = |severity| findings.iter().filter(|finding| finding.severity == severity).count();
    (count(Severity::Error), count(Severity::Warning), count(Severity::Info))
}
