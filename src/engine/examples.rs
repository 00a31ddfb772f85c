//! Runs a rule's embedded examples: a pass example must give no finding of the rule; a fail
//! example at least one, and exactly the findings it lists (`at "…" saying "…"`, several allowed)
//! and as many as its `count` when it gives them. An example that sets parameters
//! (`with min = 15d`) runs with the rule checked under those values.
//!
//! An example may hold several documents (for corpus rules): each starts with a line
//! `--- file: NAME ---`.

use super::{Engine, Finding, Parsed};
use crate::document;
use crate::rules::ir::{Expected, Rule, RuleExample};
use crate::source::SourceFile;

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleOutcome {
    /// `GK101-pass-1`.
    pub name: String,
    /// Where the example is written: `rules/GK101-task-without-unit.rule:40`.
    pub location: String,
    pub passes: bool,
    pub sources: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    /// Why the example does not hold, if it does not.
    pub failure: Option<String>,
}

impl ExampleOutcome {
    /// The text under each finding's primary label, in the order of the findings.
    pub fn labelled_texts(&self) -> Vec<&str> {
        self.findings
            .iter()
            .map(|finding| {
                self.sources
                    .iter()
                    .find(|source| source.name == finding.file)
                    .and_then(|source| source.text.get(finding.span.range()))
                    .unwrap_or_default()
            })
            .collect()
    }
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
    let alone = engine.only(&[rule.code.as_str()]);
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
            let variant = example
                .variant
                .as_ref()
                .map(|variant| engine.with_rule(variant.clone()));
            let findings: Vec<Finding> = variant
                .as_ref()
                .unwrap_or(&alone)
                .check_parsed(&parsed)
                .into_iter()
                .filter(|finding| finding.code == rule.code)
                .collect();
            let mut outcome = ExampleOutcome {
                name,
                location: format!("{}:{}", rule.file, example.line),
                passes: example.passes,
                sources,
                findings,
                failure: None,
            };
            outcome.failure = judge(example, &outcome);
            outcome
        })
        .collect()
}

fn judge(example: &RuleExample, outcome: &ExampleOutcome) -> Option<String> {
    let findings = &outcome.findings;
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
    if let Some(count) = example.count
        && count != findings.len()
    {
        return Some(format!("期望 {count} 条发现，实际 {} 条", findings.len()));
    }
    if example.expected.is_empty() {
        return None;
    }
    let texts = outcome.labelled_texts();
    let fits = |expected: &Expected, index: usize| {
        expected.at.as_deref().is_none_or(|at| texts[index] == at)
            && expected
                .saying
                .as_deref()
                .is_none_or(|saying| findings[index].message == saying)
    };
    // The most specific expectations choose first, so that one pinning only a label cannot
    // take the finding a fully pinned one needs.
    let mut order: Vec<&Expected> = example.expected.iter().collect();
    order.sort_by_key(|expected| {
        usize::from(expected.at.is_none()) + usize::from(expected.saying.is_none())
    });
    let mut taken = vec![false; findings.len()];
    let mut missing = Vec::new();
    for expected in order {
        match (0..findings.len()).find(|&index| !taken[index] && fits(expected, index)) {
            Some(index) => taken[index] = true,
            None => missing.push(describe(expected)),
        }
    }
    let extra = taken.iter().filter(|taken| !**taken).count();
    let mut reasons = Vec::new();
    if !missing.is_empty() {
        reasons.push(format!("缺少期望的发现 {}", missing.join("、")));
    }
    if extra > 0 {
        reasons.push(format!("多出 {extra} 条未列出的发现"));
    }
    (!reasons.is_empty()).then(|| reasons.join("；"))
}

/// An expected finding in the form of a test report's lines: `“text”：message`, `…` for what
/// the example does not pin.
pub fn describe(expected: &Expected) -> String {
    format!(
        "“{}”：{}",
        expected.at.as_deref().unwrap_or("…"),
        expected.saying.as_deref().unwrap_or("…")
    )
}
