//! SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers: one run whose driver lists
//! every rule (with its documentation, help and legal basis) and one result per finding.
//!
//! Columns are 1-based and count UTF-16 code units, SARIF's default `columnKind`, which the run
//! states explicitly; `endColumn` is the column just past the span. For the Chinese text of plans
//! (all in the Basic Multilingual Plane) this equals the character columns of the other formats.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rayon::prelude::*;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Tool,
    ToolComponent,
};
use sha2::{Digest, Sha256};

use super::{Sources, span_text, template_outline};
use crate::engine::{Checked, Finding};
use crate::rules::{Rule, Severity};
use crate::source::{LineIndex, SourceFile, Span};

/// Where SARIF consumers find the schema; the same schema is vendored in `tests/fixtures/sarif/`.
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The partial fingerprint's key; the number goes up if the fingerprint's recipe changes.
const FINGERPRINT_KEY: &str = "wenshen/v1";

/// Path characters kept as they are in a URI: RFC 3986 unreserved characters and `/`. Everything
/// else, Chinese file names included, is percent-encoded as UTF-8.
const PATH_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Renders the run as pretty-printed SARIF. `rules` is the rule set the files were checked with.
pub fn render_findings(rules: &[Arc<Rule>], files: &[Checked]) -> String {
    let mut log = Log::new(rules);
    let mut out = log.begin();
    out.push_str(&log.add(files, &[]));
    out.push_str(&log.end());
    out
}

/// A SARIF log written batch by batch, pretty-printed as `serde_json` prints it. Its keys are in
/// the order `serde_sarif` writes them, which puts a run's results before its tool: each batch's
/// results are written as it is checked, and the driver's rule list, which grows with findings
/// of codes outside the rule set, at the end.
#[derive(Debug)]
pub struct Log {
    descriptors: Vec<ReportingDescriptor>,
    rule_index: HashMap<String, usize>,
    /// No result written yet (the next needs no separator).
    first: bool,
}

/// Where a result starts: inside `runs[0].results`.
const RESULT_INDENT: &str = "        ";
/// Where the tool starts: inside `runs[0]`.
const TOOL_INDENT: &str = "      ";

impl Log {
    pub fn new(rules: &[Arc<Rule>]) -> Log {
        Log {
            descriptors: rules.iter().map(|rule| rule_descriptor(rule)).collect(),
            rule_index: rules
                .iter()
                .enumerate()
                .map(|(index, rule)| (rule.code.clone(), index))
                .collect(),
            first: true,
        }
    }

    /// The text before the first result.
    pub fn begin(&self) -> String {
        format!(
            "{{\n  \"$schema\": {},\n  \"runs\": [\n    {{\n      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [",
            json(&SCHEMA_URI, "")
        )
    }

    /// The results of a batch of files. `others` are sources outside the batch that secondary
    /// labels of its findings point into.
    pub fn add(&mut self, files: &[Checked], others: &[SourceFile]) -> String {
        for finding in files.iter().flat_map(|file| &file.findings) {
            self.register(finding);
        }
        let sources = Sources::with_others(files, others);
        let rule_index = &self.rule_index;
        // Rendered in parallel per file, joined in file order.
        let results: Vec<Vec<String>> = files
            .par_iter()
            .map(|file| {
                // How often each (code, text) fingerprint has been seen in this file so far.
                let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
                file.findings
                    .iter()
                    .map(|finding| {
                        let index = rule_index.get(&finding.code).copied().unwrap_or_default();
                        let text = span_text(Some(&file.source), finding.span);
                        let occurrence = seen.entry((&finding.code, text)).or_default();
                        *occurrence += 1;
                        json(
                            &result(finding, index, &sources, text, *occurrence),
                            RESULT_INDENT,
                        )
                    })
                    .collect()
            })
            .collect();
        let mut out = String::new();
        for result in results.iter().flatten() {
            if !self.first {
                out.push(',');
            }
            self.first = false;
            out.push('\n');
            out.push_str(RESULT_INDENT);
            out.push_str(result);
        }
        out
    }

    /// The text after the last result: the end of the results and the tool.
    pub fn end(self) -> String {
        let driver = ToolComponent::builder()
            .name("wenshen")
            .semantic_version(env!("CARGO_PKG_VERSION"))
            .rules(self.descriptors)
            .build();
        let tool = Tool::builder().driver(driver).build();
        let close = if self.first { "]" } else { "\n      ]" };
        format!(
            "{close},\n{TOOL_INDENT}\"tool\": {}\n    }}\n  ],\n  \"version\": \"2.1.0\"\n}}\n",
            json(&tool, TOOL_INDENT)
        )
    }

    /// Gives a finding not made by a rule of the set (an internal error) a descriptor of its own.
    fn register(&mut self, finding: &Finding) {
        if !self.rule_index.contains_key(&finding.code) {
            self.descriptors.push(finding_descriptor(finding));
            let index = self.descriptors.len() - 1;
            self.rule_index.insert(finding.code.clone(), index);
        }
    }
}

/// A value pretty-printed, its lines after the first indented by `indent`. Strings in JSON hold
/// no raw line breaks, so every line break is the printer's.
fn json<T: serde::Serialize>(value: &T, indent: &str) -> String {
    let text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| serde_json::json!({ "error": error.to_string() }).to_string());
    text.replace('\n', &format!("\n{indent}"))
}

fn rule_descriptor(rule: &Rule) -> ReportingDescriptor {
    let help = template_outline(&rule.help);
    let doc = rule.doc.trim();
    let mut help_text = help.clone();
    // Each line of the doc is a paragraph of its own (作用/原因/怎样改); Markdown would join them.
    let paragraphs = doc.lines().collect::<Vec<_>>().join("\n\n");
    let mut help_markdown = format!("{paragraphs}\n\n**怎样改**：{help}");
    if !rule.basis.is_empty() {
        help_text.push_str(&format!("\n依据：{}", rule.basis));
        help_markdown.push_str(&format!("\n\n**依据**：{}", rule.basis));
    }
    let mut properties = BTreeMap::new();
    properties.insert("basis".to_string(), rule.basis.clone().into());
    let scope = format!("{:?}", rule.scope).to_lowercase();
    properties.insert("scope".to_string(), scope.clone().into());
    let mut descriptor = ReportingDescriptor::builder()
        .id(rule.code.clone())
        .name(rule.name.clone())
        .short_description(message_string(rule.shown_title().to_string()))
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_markdown)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(level_name(rule.severity))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec!["wenshen".to_string(), scope])
                .additional_properties(properties)
                .build(),
        )
        .build();
    if !doc.is_empty() {
        descriptor.full_description = Some(message_string(doc.to_string()));
    }
    descriptor
}

/// A descriptor for a finding whose code is not a rule of the set, from what the finding says.
fn finding_descriptor(finding: &Finding) -> ReportingDescriptor {
    let mut descriptor = ReportingDescriptor::builder()
        .id(finding.code.clone())
        .name(finding.name.clone())
        .short_description(message_string(finding.title.clone()))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(level_name(finding.severity))
                .build(),
        )
        .build();
    if !finding.help.is_empty() {
        descriptor.help = Some(message_string(finding.help.clone()));
    }
    // A parse problem's finding says on what it stands, as a rule's basis does.
    if !finding.basis.is_empty() {
        let mut properties = BTreeMap::new();
        properties.insert("basis".to_string(), finding.basis.clone().into());
        descriptor.properties = Some(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    }
    descriptor
}

fn result(
    finding: &Finding,
    rule_index: usize,
    sources: &Sources<'_>,
    text: &str,
    occurrence: usize,
) -> SarifResult {
    let related: Vec<Location> = finding
        .secondary
        .iter()
        .enumerate()
        .map(|(id, label)| {
            let mut location = location(&label.file, label.span, sources);
            location.id = i64::try_from(id).ok();
            location.message = Some(Message::builder().text(label.text.clone()).build());
            location
        })
        .collect();
    let mut primary = location(&finding.file, finding.span, sources);
    if !finding.label.is_empty() {
        primary.message = Some(Message::builder().text(finding.label.clone()).build());
    }
    let mut result = SarifResult::builder()
        .rule_id(finding.code.clone())
        .rule_index(i64::try_from(rule_index).unwrap_or(i64::MAX))
        .level(result_level(finding.severity))
        .message(Message::builder().text(finding.message.clone()).build())
        .locations(vec![primary])
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_string(),
            fingerprint(finding, text, occurrence),
        )]))
        .build();
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    result
}

/// A location in `file`: its URI and, when the file was checked, the span's region.
fn location(file: &str, span: Span, sources: &Sources<'_>) -> Location {
    let artifact = ArtifactLocation::builder().uri(uri(file)).build();
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact)
        .build();
    if let Some((_, index)) = sources.indexed(file) {
        physical.region = Some(region(index, span));
    }
    Location::builder().physical_location(physical).build()
}

fn region(index: &LineIndex<'_>, span: Span) -> Region {
    let (start_line, start_column) = utf16_position(index, span.start());
    let (end_line, end_column) = utf16_position(index, span.end());
    Region::builder()
        .start_line(start_line)
        .start_column(start_column)
        .end_line(end_line)
        .end_column(end_column)
        .build()
}

/// 1-based line and 1-based column in UTF-16 code units of a byte offset.
fn utf16_position(index: &LineIndex<'_>, offset: usize) -> (i64, i64) {
    let position = index.line_column(offset);
    (to_i64(position.line), to_i64(index.utf16_column(offset)))
}

fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A relative URI with forward slashes (`./` dropped), percent-encoded; an absolute path becomes
/// a `file://` URI.
fn uri(file: &str) -> String {
    let mut path = file;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let encoded = utf8_percent_encode(path, PATH_KEEP).to_string();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// Stable across runs and across edits elsewhere in the file: the rule, the file, the text under
/// the span and which occurrence of that text this is, but not the line number.
fn fingerprint(finding: &Finding, text: &str, occurrence: usize) -> String {
    let mut hasher = Sha256::new();
    for part in [finding.code.as_str(), finding.file.as_str(), text] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.update(occurrence.to_le_bytes());
    let digest = hasher.finalize();
    digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn message_string(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result_level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_forward_slashed_and_percent_encoded() {
        assert_eq!(
            uri("./plans/2022 要点.txt"),
            "plans/2022%20%E8%A6%81%E7%82%B9.txt"
        );
        assert_eq!(uri("/srv/a#b.md"), "file:///srv/a%23b.md");
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // `𠀋` is outside the Basic Multilingual Plane: one character, two UTF-16 code units.
        let text = "第一行\n𠀋甲乙";
        let index = LineIndex::new(text);
        let offset = text.find('乙').unwrap();
        assert_eq!(utf16_position(&index, offset), (2, 4));
        assert_eq!(index.line_column(offset).column, 3);
    }
}
