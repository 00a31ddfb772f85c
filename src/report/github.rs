//! GitHub Actions output: one workflow command per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which GitHub shows as
//! an annotation on the file and line, also on a pull request's changed files.
//!
//! Escaping follows the Actions toolkit (`@actions/core`, `command.ts`): in the message `%`, CR and
//! LF are percent-encoded; in property values also `:` and `,`, which separate properties.

use std::fmt::Write;

use super::Region;
use crate::engine::Checked;
use crate::rules::Severity;

/// Renders every finding as a workflow command: errors as `::error`, warnings as `::warning`,
/// infos as `::notice`. Columns count characters, 1-based; `endColumn` is just past the span.
pub fn render_findings(files: &[Checked]) -> String {
    super::Stream::github().whole(files)
}

/// One file's findings, a workflow command each.
pub(super) fn render_file(file: &Checked) -> String {
    let mut out = String::new();
    let index = file.source.line_index();
    for finding in &file.findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let region = Region::of(&index, finding.span);
        let mut message = finding.message.clone();
        if !finding.help.is_empty() {
            message.push_str(&format!("\n帮助：{}", finding.help));
        }
        if !finding.basis.is_empty() {
            message.push_str(&format!("\n依据：{}", finding.basis));
        }
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&finding.file),
            region.start.line,
            region.start.column,
            region.end.line,
            region.end.column,
            escape_property(&format!("{} {}", finding.code, finding.title)),
            escape_data(&super::escape_controls_in_lines(&message))
        );
    }
    out
}

/// A command's message: `%`, CR and LF percent-encoded (`%` first, so the others stay single).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as [`escape_data`], and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50%\r\n完成: a,b"), "50%25%0D%0A完成: a,b");
        assert_eq!(
            escape_property("d:/计划,2022%.txt\n"),
            "d%3A/计划%2C2022%25.txt%0A"
        );
        // Already-encoded text is encoded again, not passed through.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
