//! JSON output: the same fields as the human report, as data, plus line and column.
//!
//! The schema is versioned: `version` is [`VERSION`] and goes up when a field is renamed or removed
//! or its meaning changes (adding a field does not). Version 1:
//!
//! ```text
//! { "version": 1,
//!   "findings": [ { "code", "name", "title" (the rule's Chinese title),
//!                   "severity" ("error"|"warning"|"info"), "message", "file",
//!                   "span" [start, end] (byte offsets, end exclusive),
//!                   "start" {line, column}, "end" {line, column} (1-based; columns in characters,
//!                   end just past the span; a PDF's positions add its 1-based "page"),
//!                   "text" (under the span), "label",
//!                   "secondary" [ {file, span, start, text, label} ], "help", "basis" } ],
//!   "summary": { "files", "errors", "warnings", "infos" } }
//! ```
//!
//! Findings come in file-name order, then by position and code within a file.

use serde::Serialize;

use super::{Sources, Totals, span_text};
use crate::engine::Checked;
use crate::rules::{RuleErrors, Severity};
use crate::source::Span;

/// The version of the JSON report's schema.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
    /// The 1-based page of a PDF; absent for other files.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
}

#[derive(Serialize)]
struct JsonLabel<'f> {
    file: &'f str,
    span: Span,
    start: Position,
    text: &'f str,
    label: &'f str,
}

#[derive(Serialize)]
struct JsonFinding<'f> {
    code: &'f str,
    name: &'f str,
    title: &'f str,
    severity: Severity,
    message: &'f str,
    file: &'f str,
    span: Span,
    start: Position,
    end: Position,
    /// The text under the primary span.
    text: &'f str,
    label: &'f str,
    secondary: Vec<JsonLabel<'f>>,
    help: &'f str,
    basis: &'f str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn position(sources: &Sources<'_>, file: &str, offset: usize) -> Position {
    let page = sources.get(file).and_then(|source| source.page_at(offset));
    sources.line_column(file, offset).map_or(
        Position {
            line: 0,
            column: 0,
            page,
        },
        |at| Position {
            line: at.line,
            column: at.column,
            page,
        },
    )
}

/// Renders findings as one pretty-printed JSON object `{version, findings, summary}`.
pub fn render_findings(files: &[Checked]) -> String {
    super::Stream::json().whole(files)
}

/// The report up to the findings array's opening bracket. The report is written in pieces (this,
/// [`render_items`] per file, [`end`]) so that `check` need not hold all findings; the pieces
/// make the same text as `serde_json::to_string_pretty` of the whole object.
pub(super) fn begin() -> String {
    format!("{{\n  \"version\": {VERSION},\n  \"findings\": [")
}

/// One file's findings as array items, each on a new line, separated by commas; the caller puts
/// a comma between two files' items.
pub(super) fn render_items(file: &Checked, sources: &Sources<'_>) -> String {
    let mut out = String::new();
    for (index, finding) in file.findings.iter().enumerate() {
        let source = sources.get(&finding.file);
        let item = JsonFinding {
            code: &finding.code,
            name: &finding.name,
            title: &finding.title,
            severity: finding.severity,
            message: &finding.message,
            file: &finding.file,
            span: finding.span,
            start: position(sources, &finding.file, finding.span.start()),
            end: position(sources, &finding.file, finding.span.end()),
            text: span_text(source, finding.span),
            label: &finding.label,
            secondary: finding
                .secondary
                .iter()
                .map(|label| JsonLabel {
                    file: &label.file,
                    span: label.span,
                    start: position(sources, &label.file, label.span.start()),
                    text: span_text(sources.get(&label.file), label.span),
                    label: &label.text,
                })
                .collect(),
            help: &finding.help,
            basis: &finding.basis,
        };
        out.push_str(if index == 0 { "\n" } else { ",\n" });
        out.push_str(&indented(&pretty(&item), "    "));
    }
    out
}

/// The rest of the report after the last item: the array's end and the summary.
pub(super) fn end(totals: &Totals, first: bool) -> String {
    let summary = Summary {
        files: totals.files,
        errors: totals.errors,
        warnings: totals.warnings,
        infos: totals.infos,
    };
    let close = if first { "]" } else { "\n  ]" };
    // The summary's first line follows its key; the lines after it are indented one level.
    let summary = indented(&pretty(&summary), "  ");
    format!("{close},\n  \"summary\": {}\n}}\n", summary.trim_start())
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}

/// `text` with `indent` before each line. JSON strings escape line breaks, so every line break
/// in serde's output is between tokens.
fn indented(text: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(line);
    }
    out
}

#[derive(Serialize)]
struct JsonRuleError<'e> {
    code: &'e str,
    message: &'e str,
    file: Option<&'e str>,
    span: Option<Span>,
    label: &'e str,
    help: Option<&'e str>,
}

/// Renders rule-file errors as `{"rule_errors": [...]}`.
pub fn render_rule_errors(errors: &RuleErrors) -> String {
    let items: Vec<JsonRuleError<'_>> = errors
        .errors
        .iter()
        .map(|error| JsonRuleError {
            code: error.code,
            message: &error.message,
            file: error.source.as_ref().map(|source| source.name()),
            span: error.span,
            label: &error.label,
            help: error.help.as_deref(),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&serde_json::json!({ "rule_errors": items }))
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    out.push('\n');
    out
}
