//! JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one
//! test case per checked file, one `<failure>` per finding; a file without findings passes.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::engine::{Checked, Finding};
use crate::source::LineIndex;

/// Renders the checked files as one `<testsuites>` document with one `<testsuite name="wenshen">`.
pub fn render_findings(files: &[Checked]) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; the only errors quick-xml returns here are I/O errors.
    let _ = write_report(&mut writer, files);
    let mut out = String::from_utf8_lossy(&writer.into_inner()).into_owned();
    out.push('\n');
    out
}

fn write_report(writer: &mut Writer<Vec<u8>>, files: &[Checked]) -> std::io::Result<()> {
    let tests = files.len().to_string();
    let failures = super::findings(files).count().to_string();
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let totals = [
        ("name", "wenshen"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
    ];
    writer
        .create_element("testsuites")
        .with_attributes(totals)
        .write_inner_content(|writer| {
            writer
                .create_element("testsuite")
                .with_attributes(totals)
                .write_inner_content(|writer| {
                    for file in files {
                        write_case(writer, file)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn write_case(writer: &mut Writer<Vec<u8>>, file: &Checked) -> std::io::Result<()> {
    let name = file.source.name.as_str();
    let case = writer.create_element("testcase").with_attributes([
        ("name", name),
        ("classname", "wenshen"),
        ("file", name),
    ]);
    if file.findings.is_empty() {
        case.write_empty()?;
        return Ok(());
    }
    let index = file.source.line_index();
    case.write_inner_content(|writer| {
        for finding in &file.findings {
            writer
                .create_element("failure")
                .with_attributes([
                    (
                        "message",
                        format!("{} {}", finding.code, finding.message).as_str(),
                    ),
                    ("type", finding.code.as_str()),
                ])
                .write_text_content(BytesText::new(&failure_text(finding, &index)))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `file:line:col: severity[CODE] name`, the message, help and basis, one per line.
fn failure_text(finding: &Finding, index: &LineIndex<'_>) -> String {
    let start = index.line_column(finding.span.start());
    let mut text = format!(
        "{}:{}:{}: {}[{}] {}\n{}",
        finding.file,
        start.line,
        start.column,
        finding.severity.as_str(),
        finding.code,
        finding.name,
        finding.message
    );
    if !finding.help.is_empty() {
        text.push_str(&format!("\n帮助：{}", finding.help));
    }
    if !finding.basis.is_empty() {
        text.push_str(&format!("\n依据：{}", finding.basis));
    }
    text
}
