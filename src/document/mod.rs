//! Text → document model: layout detection, one parser per layout, shared extractors.

mod clause;
pub mod extract;
mod joined;
mod kind;
mod layout;
mod lines;
mod merges;
mod model;
mod notice;
mod script;
mod task;
mod vocabulary;

pub use model::*;

use crate::source::{SourceFile, Span};

/// Parses one decoded source into a document. Never fails: what cannot be read becomes a problem.
pub fn parse(source: &SourceFile) -> Document {
    let matching = script::matching_view(&source.text);
    // Page numbers (`— 3 —`) are print furniture between a page's last line and the next page's
    // first: dropped, the text on either side joins as across any page break.
    let (page_numbers, lines): (Vec<_>, Vec<_>) = lines::lines(&source.text, &matching)
        .into_iter()
        .partition(|line| lines::is_page_number(line.text));
    let header = notice::read(&lines);
    let plan_lines = &lines[header.plan_start.min(lines.len())..];
    let (layout, layout_evidence, mut outline) = layout::read(plan_lines);
    if !source.unmerged_cells.is_empty() {
        for task in &mut outline.tasks {
            merges::forget_unmerged(task, &source.text, &source.unmerged_cells);
        }
    }
    // Notes from decoding (what a Word document holds outside its body) point at no text of the
    // decoded document, so they get the empty span at its start.
    let mut problems: Vec<Problem> = source
        .notes
        .iter()
        .map(|note| Problem {
            code: "P003".to_string(),
            message: note.clone(),
            span: Span(0, 0),
            help: Some(
                "wenshen 只读取 Word 正文中的段落和表格；需要检查的内容请移入正文".to_string(),
            ),
        })
        .collect();
    // A line the notice reader took (a disclosure marking after a table: `公开方式：主动公开`) is
    // accounted for, not unplaced text.
    let notice_spans = header.notice.spans();
    problems.extend(outline.problems.into_iter().filter(|problem| {
        problem.code != "P004"
            || !notice_spans
                .iter()
                .any(|span| span.start() < problem.span.end() && problem.span.start() < span.end())
    }));
    let mut deadlines = task::Deadlines::new(header.plan_year);
    let mut tasks: Vec<Task> = outline
        .tasks
        .into_iter()
        .map(|raw| {
            let unit_cell = kind::unit_cell(&raw);
            let mut task = task::finish(raw, &mut deadlines);
            if task.units.is_empty() {
                task.unread_unit_cell = unit_cell;
            }
            task
        })
        .collect();
    problems.extend(
        tasks
            .iter()
            .filter_map(|task| task.unread_unit_cell.as_ref())
            .map(kind::unread_unit_problem),
    );
    problems.extend(
        tasks
            .iter()
            .filter_map(|task| task.deadline.as_ref())
            .filter(|deadline| kind::is_unreadable_deadline(deadline))
            .map(kind::unread_deadline_problem),
    );
    kind::mark_cells(&mut tasks, layout);
    let kind = kind::classify(&lines, &header.notice, layout, &tasks);
    if tasks.is_empty() {
        match kind {
            DocumentKind::Plan | DocumentKind::Table => {
                problems.push(kind::no_task_problem(&lines, &header.notice));
            }
            DocumentKind::Other => problems.push(kind::unknown_kind_problem(&lines)),
            DocumentKind::Notice | DocumentKind::Interpretation | DocumentKind::Regulation => {}
        }
    }
    let annual = kind::is_annual(&header.notice);
    let truncated = kind::truncation(&lines).or_else(|| kind::cut_row(&tasks, layout, &lines));
    if let Some(span) = truncated {
        problems.push(kind::truncation_problem(span));
        if let Some(last) = tasks.last_mut().filter(|task| task.span.1 >= span.0) {
            last.cut_off = true;
        }
    }
    Document {
        file: source.name.clone(),
        encoding: source.encoding.to_string(),
        layout,
        layout_evidence,
        doc: header.notice,
        plan_year: header.plan_year,
        parts: outline.parts,
        sections: outline.sections,
        tasks,
        problems,
        kind,
        annual,
        truncated,
        other_lines: page_numbers
            .iter()
            .map(|line| OtherLine {
                kind: OtherKind::PageNumber,
                span: line.span,
            })
            .chain(outline.other_lines)
            .collect(),
    }
}
