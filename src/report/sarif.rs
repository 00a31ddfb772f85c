//! SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers: one run whose driver lists
//! every rule (with its documentation, help and legal basis) and one result per finding.
//!
//! Columns are 1-based and count UTF-16 code units, SARIF's default `columnKind`, which the run
//! states explicitly; `endColumn` is the column just past the span. For the Chinese text of plans
//! (all in the Basic Multilingual Plane) this equals the character columns of the other formats.

use std::collections::{BTreeMap, HashMap};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};
use sha2::{Digest, Sha256};

use super::{span_text, template_outline};
use crate::engine::{Checked, Finding};
use crate::rules::{Rule, Severity};
use crate::source::{LineIndex, Span};

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
pub fn render_findings(rules: &[Rule], files: &[Checked]) -> String {
    let indexes: HashMap<&str, LineIndex<'_>> = files
        .iter()
        .map(|file| (file.source.name.as_str(), file.source.line_index()))
        .collect();
    let texts: HashMap<&str, &str> = files
        .iter()
        .map(|file| (file.source.name.as_str(), file.source.text.as_str()))
        .collect();
    let located = Located {
        indexes: &indexes,
        texts: &texts,
    };
    let mut descriptors: Vec<ReportingDescriptor> = rules.iter().map(rule_descriptor).collect();
    let mut rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(index, rule)| (rule.code.as_str(), index))
        .collect();
    let mut results = Vec::new();
    for file in files {
        // How often each (code, text) fingerprint has been seen in this file so far.
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for finding in &file.findings {
            // Findings not made by a rule of the set (internal errors) get a descriptor of their own.
            let index = *rule_index.entry(&finding.code).or_insert_with(|| {
                descriptors.push(finding_descriptor(finding));
                descriptors.len() - 1
            });
            let text = span_text(Some(&file.source), finding.span);
            let occurrence = seen.entry((&finding.code, text)).or_default();
            *occurrence += 1;
            results.push(result(finding, index, &located, text, *occurrence));
        }
    }
    let driver = ToolComponent::builder()
        .name("wenshen")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind("utf16CodeUnits")
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA_URI)
        .version("2.1.0")
        .runs(vec![run])
        .build();
    let mut out = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    out.push('\n');
    out
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
        .short_description(message_string(template_outline(&rule.message)))
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
        .short_description(message_string(finding.name.clone()))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(level_name(finding.severity))
                .build(),
        )
        .build();
    if !finding.help.is_empty() {
        descriptor.help = Some(message_string(finding.help.clone()));
    }
    descriptor
}

/// Line indexes and texts of the checked files, by name, for regions.
struct Located<'a> {
    indexes: &'a HashMap<&'a str, LineIndex<'a>>,
    texts: &'a HashMap<&'a str, &'a str>,
}

fn result(
    finding: &Finding,
    rule_index: usize,
    located: &Located<'_>,
    text: &str,
    occurrence: usize,
) -> SarifResult {
    let related: Vec<Location> = finding
        .secondary
        .iter()
        .enumerate()
        .map(|(id, label)| {
            let mut location = location(&label.file, label.span, located);
            location.id = i64::try_from(id).ok();
            location.message = Some(Message::builder().text(label.text.clone()).build());
            location
        })
        .collect();
    let mut primary = location(&finding.file, finding.span, located);
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
fn location(file: &str, span: Span, located: &Located<'_>) -> Location {
    let artifact = ArtifactLocation::builder().uri(uri(file)).build();
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact)
        .build();
    if let (Some(index), Some(text)) = (located.indexes.get(file), located.texts.get(file)) {
        physical.region = Some(region(text, index, span));
    }
    Location::builder().physical_location(physical).build()
}

fn region(text: &str, index: &LineIndex<'_>, span: Span) -> Region {
    let (start_line, start_column) = utf16_position(text, index, span.start());
    let (end_line, end_column) = utf16_position(text, index, span.end());
    Region::builder()
        .start_line(start_line)
        .start_column(start_column)
        .end_line(end_line)
        .end_column(end_column)
        .build()
}

/// 1-based line and 1-based column in UTF-16 code units of a byte offset.
fn utf16_position(text: &str, index: &LineIndex<'_>, offset: usize) -> (i64, i64) {
    let position = index.line_column(offset);
    let line_start = index
        .line_range(position.line)
        .map_or(0, |range| range.start);
    let column = text
        .get(line_start..offset.max(line_start))
        .map_or(position.column, |prefix| prefix.encode_utf16().count() + 1);
    (to_i64(position.line), to_i64(column))
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
        assert_eq!(utf16_position(text, &index, offset), (2, 4));
        assert_eq!(index.line_column(offset).column, 3);
    }
}
