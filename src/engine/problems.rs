//! Parse problems as findings: what the reader could not read is reported by `check` like a rule's
//! finding, so that a plan wenshen could not read fails a CI gate instead of passing it.

use super::Finding;
use crate::document::{Document, Problem};
use crate::rules::ir::Severity;

/// Problems that mean the document was not checked at all (a plan with no task read): errors.
/// Every other problem loses part of the content and is a warning.
const ERRORS: [&str; 1] = ["P001"];

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
            let severity = if ERRORS.contains(&problem.code.as_str()) {
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
                code: problem.code.clone(),
                name: "unread-content".to_string(),
                severity,
                message,
                file: document.file.clone(),
                span: problem.span,
                label: label(&problem.code).to_string(),
                secondary: Vec::new(),
                help: problem.help.clone().unwrap_or_default(),
                basis: "wenshen 读取文件时的问题（不是公文规范的要求）：未读出的内容没有经过任何规则核查"
                    .to_string(),
                title: "未能读出的内容".to_string(),
            }
        })
        .collect()
}

/// The primary label's text for a problem code.
fn label(code: &str) -> &'static str {
    match code {
        "P001" => "据此判断为工作要点或任务表",
        "P004" => "未归入任何任务的正文（第一处）",
        "P007" => "文本在此中断",
        "P008" => "未能读出单位的单元格",
        "P009" => "文件开头",
        "P010" => "未能读出时限的单元格",
        _ => "此处未能读取",
    }
}
