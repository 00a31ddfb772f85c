//! `--statistics`: how many findings each rule made, most first, as a table or as JSON.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::findings;
use crate::engine::Checked;
use crate::rules::Severity;

/// One rule's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount<'f> {
    pub code: &'f str,
    pub name: &'f str,
    pub severity: Severity,
    pub count: usize,
    /// The rule's Chinese title, the table's last column.
    pub title: &'f str,
}

/// Counts per rule code, sorted by count (highest first), then code.
pub fn count(files: &[Checked]) -> Vec<RuleCount<'_>> {
    let mut by_code: BTreeMap<&str, RuleCount<'_>> = BTreeMap::new();
    for finding in findings(files) {
        by_code
            .entry(&finding.code)
            .or_insert(RuleCount {
                code: &finding.code,
                name: &finding.name,
                severity: finding.severity,
                count: 0,
                title: &finding.title,
            })
            .count += 1;
    }
    let mut counts: Vec<RuleCount<'_>> = by_code.into_values().collect();
    // The map already ordered them by code, and the sort is stable.
    counts.sort_by_key(|rule| std::cmp::Reverse(rule.count));
    counts
}

/// `  12  GK101  错误  任务没有责任单位` per rule, then the total. Severities and titles are in
/// Chinese, as everything a person reads; `--format json` keeps the English keys and names.
pub fn render_text(files: &[Checked]) -> String {
    let counts = count(files);
    let width = counts
        .first()
        .map_or(1, |first| first.count.to_string().len());
    let mut out = String::new();
    for rule in &counts {
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{:>width$}  {}  {}  {}",
            rule.count,
            rule.code,
            rule.severity.in_words(),
            rule.title
        );
    }
    let total: usize = counts.iter().map(|rule| rule.count).sum();
    let _ = writeln!(
        out,
        "共 {total} 个发现，涉及 {} 条规则，检查了 {} 个文件",
        counts.len(),
        files.len()
    );
    out
}

#[derive(Serialize)]
struct JsonStatistics<'f> {
    version: u32,
    statistics: Vec<RuleCount<'f>>,
}

/// `{"version": 1, "statistics": [{code, name, severity, count, title}, ...]}`, in the same order.
pub fn render_json(files: &[Checked]) -> String {
    let report = JsonStatistics {
        version: super::json::VERSION,
        statistics: count(files),
    };
    let mut out = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Finding;
    use crate::source::{SourceFile, Span};

    fn finding(code: &str, file: &str) -> Finding {
        Finding {
            code: code.into(),
            name: format!("name-of-{code}"),
            severity: Severity::Warning,
            message: String::new(),
            file: file.into(),
            span: Span::new(0, 0),
            label: String::new(),
            secondary: Vec::new(),
            help: String::new(),
            basis: String::new(),
            title: format!("{code}的标题"),
        }
    }

    #[test]
    fn counts_are_sorted_by_count_then_code() {
        let sources = vec![
            SourceFile::from_text("a.txt", "甲"),
            SourceFile::from_text("b.txt", "乙"),
        ];
        let findings = vec![
            finding("GK300", "a.txt"),
            finding("GK200", "a.txt"),
            finding("GK100", "b.txt"),
            finding("GK200", "b.txt"),
        ];
        let files = Checked::group(sources, findings);
        let order: Vec<(&str, usize)> = count(&files)
            .iter()
            .map(|rule| (rule.code, rule.count))
            .collect();
        assert_eq!(order, [("GK200", 2), ("GK100", 1), ("GK300", 1)]);
        assert_eq!(
            render_text(&files),
            "2  GK200  警告  GK200的标题\n\
             1  GK100  警告  GK100的标题\n\
             1  GK300  警告  GK300的标题\n\
             共 4 个发现，涉及 3 条规则，检查了 2 个文件\n"
        );
    }
}
