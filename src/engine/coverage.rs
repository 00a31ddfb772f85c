//! The coverage matrix: for each coverage rule (a document-scope rule named `coverage-…`, one per
//! key item of a higher-level plan), whether each document covers the item, misses it, or is not
//! asked to have it because the rule's `where` does not hold for it.

use rayon::prelude::*;
use serde::Serialize;

use super::{Checked, Engine};
use crate::rules::ir::{Rule, Scope, TemplatePiece};

/// The name prefix that marks a rule as a coverage rule.
pub const COVERAGE_PREFIX: &str = "coverage-";

/// What one coverage rule says of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The rule applies and did not fire.
    Covered,
    /// The rule fired.
    Missing,
    /// The rule's `where` does not hold for the document (a notice, another year, too few tasks).
    NotApplicable,
    /// The file has no document (its parse panicked) or evaluating the rule's `where` failed: an
    /// internal error, reported as a GK000 finding.
    Unknown,
}

/// One coverage rule across the documents of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    pub code: String,
    pub name: String,
    /// The key item in a few words: the last `“…”` in the rule's message, as coverage rules
    /// write it (`…未部署国家要点的“工作台账”`); the rule's name when the message has none.
    pub item: String,
    /// One state per checked file, in the order of the files.
    pub states: Vec<Coverage>,
}

impl Engine {
    /// The coverage matrix of checked files: one row per coverage rule, in rule order.
    pub fn coverage(&self, files: &[Checked]) -> Vec<CoverageRow> {
        let rules: Vec<&Rule> = self
            .rules
            .rules
            .iter()
            .filter(|rule| rule.scope == Scope::Document && rule.name.starts_with(COVERAGE_PREFIX))
            .map(|rule| &**rule)
            .collect();
        let columns: Vec<Vec<Coverage>> = files
            .par_iter()
            .map(|file| self.coverage_column(&rules, file))
            .collect();
        rules
            .iter()
            .enumerate()
            .map(|(index, rule)| CoverageRow {
                code: rule.code.clone(),
                name: rule.name.clone(),
                item: key_item(rule),
                states: columns.iter().map(|column| column[index]).collect(),
            })
            .collect()
    }

    /// One file's state for each of `rules`.
    fn coverage_column(&self, rules: &[&Rule], file: &Checked) -> Vec<Coverage> {
        let Some(document) = &file.document else {
            return vec![Coverage::Unknown; rules.len()];
        };
        let applies = self.rules_apply(rules, document, &file.source.text);
        rules
            .iter()
            .zip(applies)
            .map(|(rule, applies)| {
                if file
                    .findings
                    .iter()
                    .any(|finding| finding.code == rule.code)
                {
                    Coverage::Missing
                } else {
                    match applies {
                        Some(true) => Coverage::Covered,
                        Some(false) => Coverage::NotApplicable,
                        None => Coverage::Unknown,
                    }
                }
            })
            .collect()
    }
}

fn key_item(rule: &Rule) -> String {
    let literal: String = rule
        .message
        .pieces
        .iter()
        .filter_map(|piece| match piece {
            TemplatePiece::Text(text) => Some(text.as_str()),
            TemplatePiece::Expr(_) => None,
        })
        .collect();
    literal
        .rsplit_once('“')
        .and_then(|(_, rest)| rest.split_once('”'))
        .map(|(item, _)| item.trim())
        .filter(|item| !item.is_empty())
        .map_or_else(|| rule.name.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Calendar;
    use crate::rules::{self, RuleSource};
    use crate::source::SourceFile;

    /// A one-task plan of `year`.
    fn plan(year: i32, task: &str) -> String {
        format!(
            "某县{year}年政务公开工作要点\n\n一、重点工作\n\n1. {task}（责任单位：县政府办公室；完成时限：{year}年12月底前）\n"
        )
    }

    /// A coverage rule for plans of 2022 asking for `word`, with `message`.
    fn rule(code: &str, name: &str, word: &str, message: &str) -> RuleSource {
        RuleSource {
            name: format!("{code}.rule"),
            text: format!(
                "rule {code} {name}\nseverity warning\nscope document\n\n\
                 where doc.plan_year == 2022\nrequire mentions([\"{word}\"])\n\n\
                 message \"{message}\"\nlabel doc \"此工作要点\"\nhelp \"增加相应任务\"\n\
                 basis \"国办发〔2022〕8号\"\ndoc \"\"\"\n作用：测试。\n\"\"\"\n\
                 pass \"\"\"\n{pass}\"\"\"\nfail \"\"\"\n{fail}\"\"\"\n",
                pass = plan(2022, word),
                fail = plan(2022, "无关"),
            ),
        }
    }

    #[test]
    fn states_follow_the_findings_and_the_rules_where() {
        let rule_set = rules::load(
            &[
                rule("GK901", "coverage-ledger", "台账", "未部署“工作台账”"),
                rule("GK902", "coverage-training", "培训", "未部署培训"),
                rule("GK903", "ledger-word", "台账", "未提台账"),
            ],
            &[],
        )
        .expect("the rules load");
        let engine = Engine::new(rule_set, Calendar::bundled());
        let files = engine.check(vec![
            SourceFile::from_text("a.txt", plan(2022, "梳理形成工作台账。")),
            SourceFile::from_text("b.txt", plan(2022, "开展培训。")),
            SourceFile::from_text("c.txt", plan(2023, "开展培训。")),
        ]);
        let coverage = engine.coverage(&files);
        let summary: Vec<(&str, &str, &[Coverage])> = coverage
            .iter()
            .map(|row| (row.code.as_str(), row.item.as_str(), row.states.as_slice()))
            .collect();
        use Coverage::{Covered, Missing, NotApplicable};
        assert_eq!(
            summary,
            [
                ("GK901", "工作台账", &[Covered, Missing, NotApplicable][..]),
                (
                    "GK902",
                    "coverage-training",
                    &[Missing, Covered, NotApplicable][..]
                ),
            ],
            "GK903 is no coverage rule; a message without “…” names the item by the rule's name"
        );
    }
}
