//! Concise output: one line per finding, `path:line:col: CODE 标题：message`, the form editors,
//! `grep` and pre-commit read.

use std::fmt::Write;

use crate::engine::Checked;

/// Renders every finding on a line of its own; nothing else, so that no findings means no output.
pub fn render_findings(files: &[Checked]) -> String {
    super::Stream::concise().whole(files)
}

/// One file's findings, a line each.
pub(super) fn render_file(file: &Checked) -> String {
    let mut out = String::new();
    let index = file.source.line_index();
    for finding in &file.findings {
        let start = index.line_column(finding.span.start());
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {}：{}",
            super::escape_controls(&finding.file),
            start.line,
            start.column,
            finding.code,
            super::escape_controls(&one_line(&finding.title)),
            super::escape_controls(&one_line(&finding.message))
        );
    }
    out
}

/// A message on one line: a line break would start what reads as another finding. (Other breaks
/// and control characters in names and messages are escaped, see [`super::escape_controls`].)
fn one_line(text: &str) -> String {
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Finding;
    use crate::rules::Severity;
    use crate::source::{SourceFile, Span};

    #[test]
    fn a_finding_is_one_line_at_its_character_column() {
        let source = SourceFile::from_text("plans/要点.txt", "一、总则\n1. 做好公开。\n");
        let finding = Finding {
            code: "GK101".into(),
            name: "task-without-unit".into(),
            severity: Severity::Error,
            message: "任务1未明确\n责任单位".into(),
            file: source.name.clone(),
            // `做` is the fourth character of line 2.
            span: Span::new("一、总则\n1. ".len(), "一、总则\n1. 做好".len()),
            label: String::new(),
            secondary: Vec::new(),
            help: String::new(),
            basis: String::new(),
            title: "任务没有责任单位".into(),
        };
        let files = Checked::group(vec![source], vec![finding]);
        assert_eq!(
            render_findings(&files),
            "plans/要点.txt:2:4: GK101 任务没有责任单位：任务1未明确 责任单位\n"
        );
    }

    #[test]
    fn a_line_break_or_escape_in_a_name_cannot_forge_a_line() {
        let source = SourceFile::from_text(
            "a\nb.txt:1:1: GK999 伪造\u{1b}[2K",
            "任务\u{1b}]0;标题\u{7}",
        );
        let finding = Finding {
            code: "GK101".into(),
            name: "task-without-unit".into(),
            severity: Severity::Error,
            message: "任务\u{1b}]0;标题\u{7}未明确".into(),
            file: source.name.clone(),
            span: Span::new(0, 3),
            label: String::new(),
            secondary: Vec::new(),
            help: String::new(),
            basis: String::new(),
            title: "任务没有责任单位".into(),
        };
        let files = Checked::group(vec![source], vec![finding]);
        assert_eq!(
            render_findings(&files),
            "a␊b.txt:1:1: GK999 伪造␛[2K:1:1: GK101 任务没有责任单位：任务␛]0;标题␇未明确\n"
        );
    }
}
