//! JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one
//! test case per checked file, one `<failure>` per finding; a file without findings passes.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::engine::{Checked, Finding};
use crate::source::LineIndex;

/// Renders the checked files as one `<testsuites>` document with one `<testsuite name="wenshen">`.
pub fn render_findings(files: &[Checked]) -> String {
    let mut cases = Cases::default();
    cases.add(files);
    cases.render()
}

/// The test cases of a report made batch by batch. A batch's findings become failure texts as
/// soon as it is checked, since positions read the file's text; the texts can then be dropped.
/// The document is written at the end: the totals come first.
#[derive(Debug, Default)]
pub struct Cases {
    cases: Vec<Case>,
}

/// One checked file: its name and one failure per finding.
#[derive(Debug)]
struct Case {
    name: String,
    failures: Vec<Failure>,
}

#[derive(Debug)]
struct Failure {
    message: String,
    code: String,
    text: String,
}

impl Cases {
    pub fn add(&mut self, files: &[Checked]) {
        self.cases.extend(files.iter().map(|file| {
            let index = file.source.line_index();
            Case {
                name: file.source.name.clone(),
                failures: file
                    .findings
                    .iter()
                    .map(|finding| Failure {
                        message: format!("{} {}", finding.code, finding.message),
                        code: finding.code.clone(),
                        text: failure_text(finding, &index),
                    })
                    .collect(),
            }
        }));
    }

    /// The whole document.
    pub fn render(self) -> String {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        // Writing into a Vec cannot fail; the only errors quick-xml returns here are I/O errors.
        let _ = write_report(&mut writer, &self.cases);
        let mut out = String::from_utf8_lossy(&writer.into_inner()).into_owned();
        out.push('\n');
        out
    }
}

fn write_report(writer: &mut Writer<Vec<u8>>, cases: &[Case]) -> std::io::Result<()> {
    let tests = cases.len().to_string();
    let failures = cases
        .iter()
        .map(|case| case.failures.len())
        .sum::<usize>()
        .to_string();
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
                    for case in cases {
                        write_case(writer, case)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn write_case(writer: &mut Writer<Vec<u8>>, case: &Case) -> std::io::Result<()> {
    let name = case.name.as_str();
    let element = writer.create_element("testcase").with_attributes([
        ("name", name),
        ("classname", "wenshen"),
        ("file", name),
    ]);
    if case.failures.is_empty() {
        element.write_empty()?;
        return Ok(());
    }
    element.write_inner_content(|writer| {
        for failure in &case.failures {
            writer
                .create_element("failure")
                .with_attributes([
                    ("message", failure.message.as_str()),
                    ("type", failure.code.as_str()),
                ])
                .write_text_content(BytesText::new(&failure.text))?;
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
