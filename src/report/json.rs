//! JSON output: the same fields as the human report, as data, plus line and column.

use serde::Serialize;

use super::{counts, find_source, findings, line_column, span_text};
use crate::engine::Checked;
use crate::rules::{RuleErrors, Severity};
use crate::source::{SourceFile, Span};

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
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

#[derive(Serialize)]
struct Report<'f> {
    findings: Vec<JsonFinding<'f>>,
    summary: Summary,
}

fn position(source: Option<&SourceFile>, offset: usize) -> Position {
    let (line, column) = source.map_or((0, 0), |source| line_column(&source.text, offset));
    Position { line, column }
}

/// Renders findings as one pretty-printed JSON object `{findings, summary}`.
pub fn render_findings(files: &[Checked]) -> String {
    let items = findings(files)
        .map(|finding| {
            let source = find_source(files, &finding.file);
            JsonFinding {
                code: &finding.code,
                name: &finding.name,
                severity: finding.severity,
                message: &finding.message,
                file: &finding.file,
                span: finding.span,
                start: position(source, finding.span.start()),
                end: position(source, finding.span.end()),
                text: span_text(source, finding.span),
                label: &finding.label,
                secondary: finding
                    .secondary
                    .iter()
                    .map(|label| {
                        let source = find_source(files, &label.file);
                        JsonLabel {
                            file: &label.file,
                            span: label.span,
                            start: position(source, label.span.start()),
                            text: span_text(source, label.span),
                            label: &label.text,
                        }
                    })
                    .collect(),
                help: &finding.help,
                basis: &finding.basis,
            }
        })
        .collect();
    let (errors, warnings, infos) = counts(files);
    let report = Report {
        findings: items,
        summary: Summary {
            files: files.len(),
            errors,
            warnings,
            infos,
        },
    };
    let mut out = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    out.push('\n');
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
