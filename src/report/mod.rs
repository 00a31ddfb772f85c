//! Renders findings and rule errors: one file per output format. Rendering is pure (the checked
//! files in, text out); the CLI decides where it goes and whether colour is wanted.

pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod ledger;
pub mod sarif;
pub mod statistics;
pub mod tree;

use crate::engine::{Checked, Finding};
use crate::rules::Severity;
use crate::rules::ir::{CTemplate, TemplatePiece};
use crate::source::{LineColumn, LineIndex, SourceFile, Span};

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let position = LineIndex::new(text).line_column(offset);
    (position.line, position.column)
}

/// A span as lines and 1-based character columns. `end` is the position just after the last
/// character (exclusive), the convention of SARIF regions and GitHub annotations alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: LineColumn,
    pub end: LineColumn,
}

impl Region {
    pub fn of(index: &LineIndex<'_>, span: Span) -> Region {
        Region {
            start: index.line_column(span.start()),
            end: index.line_column(span.end()),
        }
    }
}

/// A rule's message or help template as text for rule listings (SARIF rule metadata), where there
/// is no finding to fill the expressions from: each expression shows as `…`.
pub fn template_outline(template: &CTemplate) -> String {
    template
        .pieces
        .iter()
        .map(|piece| match piece {
            TemplatePiece::Text(text) => text.as_str(),
            TemplatePiece::Expr(_) => "…",
        })
        .collect()
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
