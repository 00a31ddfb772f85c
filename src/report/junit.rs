//! JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one
//! test case per checked file. A file with findings at the `--fail-on` level is a failed case, its
//! one `<failure>` holding those findings; findings below that level are the case's `<system-out>`,
//! so that a file with warnings only passes when the job passes. `failures` counts failed cases,
//! as JUnit readers expect. The elements and attributes are those of the Jenkins `junit-10.xsd`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use rayon::prelude::*;

use crate::engine::{Checked, Finding};
use crate::rules::Severity;
use crate::source::LineIndex;

/// Renders the checked files as one `<testsuites>` document with one `<testsuite name="wenshen">`;
/// findings at `fail_at` or more severe fail their file's case (`None`: no finding does).
pub fn render_findings(files: &[Checked], fail_at: Option<Severity>) -> String {
    let mut cases = Cases::new(fail_at);
    cases.add(files);
    cases.render()
}

/// The test cases of a report made batch by batch. A batch's files become their test cases' XML
/// as soon as they are checked, since positions read the file's text; the texts can then be
/// dropped. The document is written at the end: the totals come first.
#[derive(Debug)]
pub struct Cases {
    /// The least severe severity that fails a case (`None`: none does).
    fail_at: Option<Severity>,
    tests: usize,
    failures: usize,
    /// The test cases so far, as they stand in the document.
    xml: Vec<u8>,
}

impl Cases {
    pub fn new(fail_at: Option<Severity>) -> Cases {
        Cases {
            fail_at,
            tests: 0,
            failures: 0,
            xml: Vec::new(),
        }
    }

    pub fn add(&mut self, files: &[Checked]) {
        let fail_at = self.fail_at;
        let cases: Vec<Vec<u8>> = files
            .par_iter()
            .map(|file| case_xml(file, fail_at))
            .collect();
        self.tests += files.len();
        self.failures += files
            .iter()
            .filter(|file| file.findings.iter().any(|finding| fails(finding, fail_at)))
            .count();
        for case in cases {
            self.xml.extend_from_slice(&case);
        }
    }

    /// The whole document: the test cases put between the totals' elements in place, since they
    /// are most of it.
    pub fn render(self) -> String {
        let (head, tail) = envelope(self.tests, self.failures);
        let mut xml = self.xml;
        xml.splice(0..0, head);
        xml.extend_from_slice(&tail);
        xml.push(b'\n');
        String::from_utf8(xml)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

/// The document before and after the test cases: the declaration and the two elements with the
/// totals.
fn envelope(tests: usize, failures: usize) -> (Vec<u8>, Vec<u8>) {
    let tests = tests.to_string();
    let failures = failures.to_string();
    let totals = [
        ("name", "wenshen"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
    ];
    let element = |name| BytesStart::new(name).with_attributes(totals);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; the only errors quick-xml returns here are I/O errors.
    let _ = writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| writer.write_event(Event::Start(element("testsuites"))))
        .and_then(|()| writer.write_event(Event::Start(element("testsuite"))));
    let head = std::mem::take(writer.get_mut());
    let _ = writer
        .write_event(Event::End(BytesEnd::new("testsuite")))
        .and_then(|()| writer.write_event(Event::End(BytesEnd::new("testsuites"))));
    (head, writer.into_inner())
}

/// One file's test case as it stands in the document: written inside the two elements that hold
/// it there, so that it is indented as it will be, and cut out.
fn case_xml(file: &Checked, fail_at: Option<Severity>) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let opened = writer
        .write_event(Event::Start(BytesStart::new("testsuites")))
        .and_then(|()| writer.write_event(Event::Start(BytesStart::new("testsuite"))));
    let start = writer.get_ref().len();
    // Writing into a Vec cannot fail; the only errors quick-xml returns here are I/O errors.
    let _ = opened.and_then(|()| write_case(&mut writer, file, fail_at));
    let mut xml = writer.into_inner();
    xml.drain(..start);
    xml
}

fn fails(finding: &Finding, fail_at: Option<Severity>) -> bool {
    fail_at.is_some_and(|threshold| finding.severity <= threshold)
}

fn write_case(
    writer: &mut Writer<Vec<u8>>,
    file: &Checked,
    fail_at: Option<Severity>,
) -> std::io::Result<()> {
    let name = &*xml_chars(&file.source.name);
    let case = writer
        .create_element("testcase")
        .with_attributes([("name", name), ("classname", "wenshen")]);
    if file.findings.is_empty() {
        case.write_empty()?;
        return Ok(());
    }
    let index = file.source.line_index();
    let (failing, passing): (Vec<&Finding>, Vec<&Finding>) = file
        .findings
        .iter()
        .partition(|finding| fails(finding, fail_at));
    let text = |findings: &[&Finding]| {
        let texts: Vec<String> = findings
            .iter()
            .map(|finding| failure_text(finding, &index))
            .collect();
        xml_chars(&texts.join("\n\n")).into_owned()
    };
    case.write_inner_content(|writer| {
        if !failing.is_empty() {
            // `2 个发现：GK101 任务没有责任单位；GK102 任务没有完成时限`, each rule once.
            let mut rules: Vec<(&str, &str)> = Vec::new();
            for finding in &failing {
                if !rules.iter().any(|(code, _)| *code == finding.code) {
                    rules.push((&finding.code, &finding.title));
                }
            }
            let rules: Vec<String> = rules
                .iter()
                .map(|(code, title)| format!("{code} {title}"))
                .collect();
            let message = format!("{} 个发现：{}", failing.len(), rules.join("；"));
            writer
                .create_element("failure")
                .with_attributes([("message", &*xml_chars(&message)), ("type", "wenshen")])
                .write_text_content(BytesText::new(&text(&failing)))?;
        }
        if !passing.is_empty() {
            writer
                .create_element("system-out")
                .write_text_content(BytesText::new(&text(&passing)))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `file:line:col: 级别[CODE] 标题`, the message, help and basis, one per line.
fn failure_text(finding: &Finding, index: &LineIndex<'_>) -> String {
    let start = index.line_column(finding.span.start());
    let mut text = format!(
        "{}:{}:{}: {}[{}] {}\n{}",
        finding.file,
        start.line,
        start.column,
        finding.severity.in_words(),
        finding.code,
        finding.title,
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

/// `text` with every character XML 1.0 cannot hold (C0 controls but tab and line breaks, the
/// non-characters U+FFFE and U+FFFF) written as `\u{…}`: quick-xml escapes markup, not these,
/// and one of them in a file name or a plan's text makes the whole report unreadable to CI tools.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |character: char| {
        matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || character >= '\u{10000}'
    };
    if text.chars().all(allowed) {
        return text.into();
    }
    text.chars()
        .map(|character| {
            if allowed(character) {
                character.to_string()
            } else {
                format!("\\u{{{:x}}}", u32::from(character))
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_cannot_hold_are_written_out() {
        assert_eq!(
            xml_chars("全年\u{1}推进\u{1b}[31m\t\n"),
            "全年\\u{1}推进\\u{1b}[31m\t\n"
        );
        assert_eq!(xml_chars("\u{FFFE}"), "\\u{fffe}");
        assert!(matches!(
            xml_chars("完成时限"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
