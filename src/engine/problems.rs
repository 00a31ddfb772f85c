//! Parse problems as findings: what the reader could not read is reported by `check` like a rule's
//! finding, so that a plan wenshen could not read fails a CI gate instead of passing it.

use super::Finding;
use crate::document::{Document, Problem};
use crate::rules::ir::Severity;

/// The findings of a document's parse problems: the first problem of each code, its message
/// counting the others, so that a text with a million unread lines gives one finding, not a million.
pub fn findings(document: &Document) -> Vec<Finding> {
    let mut firsts: Vec<(&Problem, usize)> = Vec::new();
    for problem in &document.problems {
        match firsts
            .iter_mut()
            .find(|(first, _)| first.code == problem.code)
        {
            Some((_, count)) => *count += 1,
            None => firsts.push((problem, 1)),
        }
    }
    firsts
        .into_iter()
        .map(|(problem, count)| {
            let severity = if problem.code.is_error() {
                Severity::Error
            } else {
                Severity::Warning
            };
            let message = if count > 1 {
                format!("{}（全文共{count}处，见 wenshen parse --format tree）", problem.message)
            } else {
                problem.message.clone()
            };
            Finding {
                code: problem.code.to_string(),
                name: "unread-content".to_string(),
                severity,
                message,
                file: document.file.clone(),
                span: problem.span,
                label: problem.code.label().to_string(),
                secondary: Vec::new(),
                help: problem.help.clone().unwrap_or_default(),
                basis: "wenshen 读取文件时的问题（不是公文规范的要求）：未读出的内容没有经过任何规则核查"
                    .to_string(),
                title: "未能读出的内容".to_string(),
            }
        })
        .collect()
}
