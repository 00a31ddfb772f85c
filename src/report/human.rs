//! Human output: each finding rendered by miette like a compiler error — severity, code, message,
//! the document's name, the primary label on the exact span, secondary labels, help, and the
//! legal basis as a footer.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::{Sources, Totals};
use crate::engine::{Checked, Finding};
use crate::rules::{RuleError, RuleErrors, Severity};
use crate::source::Span;

/// How to render: colour only for a terminal that allows it; a fixed width for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
        }
    }
}

fn handler(style: Style, footer: Option<String>) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    match footer {
        Some(footer) => handler.with_footer(footer),
        None => handler,
    }
}

/// A finding as a miette diagnostic over its document's text.
struct FindingDiagnostic<'f> {
    finding: &'f Finding,
    source: Option<Arc<NamedSource<String>>>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic")
            .field("code", &self.finding.code)
            .finish()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // `warning[GK103] deadline-not-checkable`: the severity in words, since the no-colour
        // theme shows it only as a symbol.
        Some(Box::new(format!(
            "{}[{}] {}",
            self.finding.severity.as_str(),
            self.finding.code,
            self.finding.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.finding.help.is_empty())
            .then(|| Box::new(&self.finding.help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source
            .as_deref()
            .map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let length = self.source.as_ref()?.inner().len();
        // A span from a damaged model must not break rendering: clamp it into the text.
        let clamp = move |span: Span| {
            let start = span.start().min(length);
            Span::new(start, span.end().clamp(start, length))
        };
        let primary = LabeledSpan::new_primary_with_span(
            Some(self.finding.label.clone()),
            clamp(self.finding.span),
        );
        let secondary = self
            .finding
            .secondary
            .iter()
            .filter(|label| label.file == self.finding.file)
            .map(move |label| {
                LabeledSpan::new_with_span(Some(label.text.clone()), clamp(label.span))
            });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// Renders one finding over `source`, its file's text.
fn render_finding(
    finding: &Finding,
    source: Option<Arc<NamedSource<String>>>,
    sources: &Sources<'_>,
    style: Style,
) -> String {
    let mut footer = Vec::new();
    for label in finding
        .secondary
        .iter()
        .filter(|label| label.file != finding.file)
    {
        let position = sources
            .line_column(&label.file, label.span.start())
            .map_or_else(
                || label.file.clone(),
                |at| format!("{}:{}:{}", label.file, at.line, at.column),
            );
        footer.push(format!("另见 {position}：{}", label.text));
    }
    if !finding.basis.is_empty() {
        footer.push(format!("依据：{}", finding.basis));
    }
    let footer = (!footer.is_empty()).then(|| footer.join("\n"));
    let diagnostic = FindingDiagnostic { finding, source };
    let mut out = String::new();
    if handler(style, footer)
        .render_report(&mut out, &diagnostic)
        .is_err()
    {
        out = format!(
            "{}[{}] {}: {}\n",
            finding.severity.as_str(),
            finding.code,
            finding.file,
            finding.message
        );
    }
    out
}

/// Renders all findings, then a summary line.
pub fn render_findings(files: &[Checked], style: Style) -> String {
    super::Stream::human(style).whole(files)
}

/// One file's findings, each followed by a blank line.
pub(super) fn render_file(file: &Checked, sources: &Sources<'_>, style: Style) -> String {
    let mut out = String::new();
    // One copy of the text per file, shared by its findings' diagnostics.
    let source = (!file.findings.is_empty()).then(|| {
        Arc::new(NamedSource::new(
            file.source.name.clone(),
            file.source.text.clone(),
        ))
    });
    for finding in &file.findings {
        out.push_str(&render_finding(finding, source.clone(), sources, style));
        out.push('\n');
    }
    out
}

/// `检查了 5 个文件：3 个错误，2 个警告，0 条提示`.
pub fn summary(totals: &Totals) -> String {
    let Totals {
        files,
        errors,
        warnings,
        infos,
    } = totals;
    format!("检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 条提示")
}

/// Renders one rule-file error.
pub fn render_rule_error(error: &RuleError, style: Style) -> String {
    let mut out = String::new();
    if handler(style, None).render_report(&mut out, error).is_err() {
        out = format!("error[{}]: {}\n", error.code, error.message);
    }
    out
}

/// Renders every rule error, then a count.
pub fn render_rule_errors(errors: &RuleErrors, style: Style) -> String {
    let mut out = String::new();
    for error in &errors.errors {
        out.push_str(&render_rule_error(error, style));
        out.push('\n');
    }
    out.push_str(&format!(
        "规则中有 {} 处错误，未检查任何文件\n",
        errors.errors.len()
    ));
    out
}
