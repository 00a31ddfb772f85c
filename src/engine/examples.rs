//! Runs a rule's embedded examples: a pass example must give no finding of the rule, a fail
//! example at least one — at the expected span text and with the expected message when given.

use super::{Calendar, Engine, Finding, Parsed};
use crate::document;
use crate::rules::RuleSet;
use crate::rules::ir::Rule;
use crate::source::SourceFile;

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleOutcome {
    /// `GK101 pass #1`.
    pub name: String,
    pub source: SourceFile,
    pub findings: Vec<Finding>,
    /// Why the example does not hold, if it does not.
    pub failure: Option<String>,
}

/// The example documents of `rule` as sources named `CODE-pass-N.txt` / `CODE-fail-N.txt`.
pub fn example_sources(rule: &Rule) -> Vec<(bool, SourceFile, Option<String>, Option<String>)> {
    let mut pass = 0;
    let mut fail = 0;
    rule.examples
        .iter()
        .map(|example| {
            let counter = if example.passes { &mut pass } else { &mut fail };
            *counter += 1;
            let kind = if example.passes { "pass" } else { "fail" };
            let name = format!("{}-{kind}-{counter}.txt", rule.code);
            (
                example.passes,
                SourceFile::from_text(name, example.text.clone()),
                example.expect_span.clone(),
                example.expect_message.clone(),
            )
        })
        .collect()
}

/// Runs every example of `rule` (alone, with the rule set's shared matchers).
pub fn run_examples(rules: &RuleSet, rule: &Rule) -> Vec<ExampleOutcome> {
    let engine = Engine::new(rules.only(&[rule.code.as_str()]), Calendar::bundled());
    example_sources(rule)
        .into_iter()
        .map(|(passes, source, expect_span, expect_message)| {
            let document = document::parse(&source);
            let name = source.name.trim_end_matches(".txt").to_string();
            let parsed = [Parsed { source, document }];
            let findings: Vec<Finding> = engine
                .check_parsed(&parsed)
                .into_iter()
                .filter(|finding| finding.code == rule.code)
                .collect();
            let [Parsed { source, .. }] = parsed;
            let failure = judge(
                passes,
                &source,
                &findings,
                expect_span.as_deref(),
                expect_message.as_deref(),
            );
            ExampleOutcome {
                name,
                source,
                findings,
                failure,
            }
        })
        .collect()
}

fn judge(
    passes: bool,
    source: &SourceFile,
    findings: &[Finding],
    span: Option<&str>,
    message: Option<&str>,
) -> Option<String> {
    if passes {
        return (!findings.is_empty()).then(|| {
            format!(
                "通过示例产生了 {} 条发现：{}",
                findings.len(),
                findings[0].message
            )
        });
    }
    if findings.is_empty() {
        return Some("不通过示例没有产生发现".into());
    }
    let texts: Vec<&str> = findings
        .iter()
        .map(|f| source.text.get(f.span.range()).unwrap_or_default())
        .collect();
    if let Some(span) = span
        && !texts.contains(&span)
    {
        return Some(format!("期望标注“{span}”，实际标注 {texts:?}"));
    }
    if let Some(message) = message
        && !findings.iter().any(|finding| finding.message == message)
    {
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        return Some(format!("期望消息“{message}”，实际 {messages:?}"));
    }
    None
}
