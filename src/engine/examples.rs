//! Runs a rule's embedded examples: a pass example must give no finding of the rule, a fail
//! example at least one — at the expected span text and with the expected message when given.
//!
//! An example may hold several documents (for corpus rules): each starts with a line
//! `--- file: NAME ---`.

use super::{Engine, Finding, Parsed};
use crate::document;
use crate::rules::ir::{Rule, RuleExample};
use crate::source::SourceFile;

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleOutcome {
    /// `GK101-pass-1`.
    pub name: String,
    pub passes: bool,
    pub sources: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    /// Why the example does not hold, if it does not.
    pub failure: Option<String>,
}

/// The documents of one example: one, or several separated by `--- file: NAME ---` lines.
pub fn example_documents(name: &str, example: &RuleExample) -> Vec<SourceFile> {
    let mut documents: Vec<(String, String)> = Vec::new();
    for line in example.text.split_inclusive('\n') {
        let marker = line
            .trim()
            .strip_prefix("--- file:")
            .and_then(|rest| rest.strip_suffix("---"));
        match (marker, documents.last_mut()) {
            (Some(file), _) => documents.push((file.trim().to_string(), String::new())),
            (None, Some((_, text))) => text.push_str(line),
            (None, None) => documents.push((format!("{name}.txt"), line.to_string())),
        }
    }
    documents
        .into_iter()
        .map(|(file, text)| SourceFile::from_text(file, text))
        .collect()
}

/// Runs every example of `rule` alone, with the matchers of `engine`, the engine of the rule's
/// whole set: build it once ([`Engine::new`] with [`Calendar::bundled`](super::Calendar::bundled)) for all of its rules.
pub fn run_examples(engine: &Engine, rule: &Rule) -> Vec<ExampleOutcome> {
    let engine = engine.only(&[rule.code.as_str()]);
    let mut counters = (0, 0);
    rule.examples
        .iter()
        .map(|example| {
            let counter = if example.passes {
                &mut counters.0
            } else {
                &mut counters.1
            };
            *counter += 1;
            let kind = if example.passes { "pass" } else { "fail" };
            let name = format!("{}-{kind}-{counter}", rule.code);
            let sources = example_documents(&name, example);
            let parsed: Vec<Parsed> = sources
                .iter()
                .map(|source| Parsed {
                    source: source.clone(),
                    document: document::parse(source),
                })
                .collect();
            let findings: Vec<Finding> = engine
                .check_parsed(&parsed)
                .into_iter()
                .filter(|finding| finding.code == rule.code)
                .collect();
            let failure = judge(example, &sources, &findings);
            ExampleOutcome {
                name,
                passes: example.passes,
                sources,
                findings,
                failure,
            }
        })
        .collect()
}

fn judge(example: &RuleExample, sources: &[SourceFile], findings: &[Finding]) -> Option<String> {
    if example.passes {
        return findings.first().map(|first| {
            format!(
                "通过示例产生了 {} 条发现：{}",
                findings.len(),
                first.message
            )
        });
    }
    if findings.is_empty() {
        return Some("不通过示例没有产生发现".into());
    }
    let texts: Vec<&str> = findings
        .iter()
        .map(|finding| {
            sources
                .iter()
                .find(|source| source.name == finding.file)
                .and_then(|source| source.text.get(finding.span.range()))
                .unwrap_or_default()
        })
        .collect();
    if let Some(span) = &example.expect_span
        && !texts.contains(&span.as_str())
    {
        return Some(format!("期望标注“{span}”，实际标注 {texts:?}"));
    }
    if let Some(message) = &example.expect_message
        && !findings.iter().any(|finding| finding.message == *message)
    {
        let messages: Vec<&str> = findings
            .iter()
            .map(|finding| finding.message.as_str())
            .collect();
        return Some(format!("期望消息“{message}”，实际 {messages:?}"));
    }
    None
}
