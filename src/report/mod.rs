//! Renders findings and rule errors: one file per output format. Rendering is pure (text in, text
//! out); the CLI decides where it goes and whether colour is wanted.

pub mod html;
pub mod human;
pub mod json;
pub mod ledger;
pub mod tree;

use crate::engine::Finding;
use crate::rules::Severity;
use crate::source::{LineIndex, SourceFile, Span};

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let position = LineIndex::new(text).line_column(offset);
    (position.line, position.column)
}

/// The source a finding's file name refers to.
pub fn find_source<'s>(sources: &'s [SourceFile], file: &str) -> Option<&'s SourceFile> {
    sources.iter().find(|source| source.name == file)
}

/// The text under a span, or "" when the span is outside the text.
pub fn span_text(source: Option<&SourceFile>, span: Span) -> &str {
    source
        .and_then(|source| source.text.get(span.range()))
        .unwrap_or_default()
}

/// Counts of findings by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let count = |severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    )
}
