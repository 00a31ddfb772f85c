//! Pipe tables (`| 工作要求 | 具体任务 | 具体要求 | 牵头落实单位 |`), as web pages and PDF converters
//! print task-breakdown tables.
//!
//! A table split over pages repeats its header on every page; a row cut by a page break goes on in
//! the next page's first row (each cell holding the rest of its text); empty cells are merged cells
//! continuing from above; one cell may hold several numbered tasks separated by `<p>` tags or
//! spaces, which then share the row's unit cell.

use std::sync::LazyLock;

use regex::Regex;

use super::{Cell, Outline, RawTask, title_after, unplaced_text};
use crate::document::clause::is_unit_name;
use crate::document::joined::Joined;
use crate::document::lines::{Label, Line, content, is_date_line, is_junk, label_at_start};
use crate::document::model::{OtherKind, Part, Problem, Section, UnitRole};
use crate::document::vocabulary::{HeaderRole, header_role};
use crate::per_thread::PerThread;
use crate::source::Span;

/// What a column holds, from its header name or its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// Part and section labels (`一、…`, `（一）…`).
    Labels,
    /// Task numbers alone (序号).
    Number,
    /// The tasks' text.
    Task,
    /// Units, with the role the header gives every unit in the column.
    Units(Option<UnitRole>),
    Deadline,
    /// Anything else (notes, extra requirement text).
    Other,
}

/// A column's role from its header name, when the name says it (the reader's vocabulary).
pub(crate) fn column_from_header(name: &str) -> Option<Column> {
    Some(match header_role(name)? {
        HeaderRole::Number => Column::Number,
        HeaderRole::Deadline => Column::Deadline,
        HeaderRole::Units(role) => Column::Units(role),
        HeaderRole::Task => Column::Task,
        HeaderRole::Category => Column::Labels,
        HeaderRole::Other => Column::Other,
    })
}

/// A table row on one line: `| a | b |`, or without outer pipes `1 | 任务 | 责任处室 | 完成时限 |`
/// (three cells at least, so that a sentence holding one pipe is not a row).
pub(crate) fn is_pipe_row(text: &str) -> bool {
    let text = text.trim();
    text.matches('|').count() >= 2
        && (text.starts_with('|')
            || text
                .split('|')
                .filter(|cell| !cell.trim().is_empty())
                .count()
                >= 3)
}

fn is_separator_row(cells: &[Joined]) -> bool {
    cells.iter().any(|cell| cell.as_str().contains('-'))
        && cells
            .iter()
            .all(|cell| cell.as_str().chars().all(|c| matches!(c, '-' | ':' | ' ')))
}

/// The cells of a pipe row, each stripped of markup and mapped to the source.
fn cells_of(line: &Line) -> Vec<Joined> {
    let text = line.text;
    let trimmed = text.trim();
    let pipes: Vec<usize> = text.match_indices('|').map(|(at, _)| at).collect();
    // Cell bounds between pipes; the ends of the line stand for outer pipes where the row has none.
    let mut bounds: Vec<(usize, usize)> = pipes
        .windows(2)
        .map(|pair| (pair[0] + 1, pair[1]))
        .collect();
    if let (Some(&first), Some(&last)) = (pipes.first(), pipes.last()) {
        if !trimmed.starts_with('|') {
            bounds.insert(0, (0, first));
        }
        if !trimmed.ends_with('|') {
            bounds.push((last + 1, text.len()));
        }
    }
    bounds
        .into_iter()
        .map(|(start, end)| {
            content(&Line {
                text: &text[start..end],
                matching: line.matching.get(start..end).unwrap_or(&text[start..end]),
                span: Span(line.span.start() + start, line.span.start() + end),
            })
        })
        .collect()
}

/// One table as printed on one page: its first row (usually the repeated header) and the rest.
pub(crate) struct Block {
    pub header: Vec<Joined>,
    pub rows: Vec<Vec<Joined>>,
    /// Markdown rule rows (`|---|---|`) under the header.
    pub rules: Vec<Span>,
}

/// The tables of `lines`, page by page, and the lines of text outside them.
fn blocks<'a>(lines: &[Line<'a>]) -> (Vec<Block>, Vec<Line<'a>>) {
    let mut outside = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_block = false;
    // A row broken over lines (a cell whose line break printed its text on a line of its own,
    // closed by a pipe alone) is gathered until it has the header's width.
    let mut partial: Option<Vec<Joined>> = None;
    let mut pending: Option<Joined> = None;
    for line in lines {
        let width = blocks.last().map_or(0, |block| block.header.len());
        if let Some(row) = partial.as_mut() {
            let text = line.text.trim();
            if text == "|" {
                row.push(pending.take().unwrap_or_default());
                continue;
            }
            if !line.is_blank() && !is_pipe_row(line.text) {
                let content = content(line);
                match pending.as_mut() {
                    Some(cell) => cell.append(&content),
                    None => pending = Some(content),
                }
                continue;
            }
        }
        if !is_pipe_row(line.text) {
            if let (Some(row), Some(block)) = (partial.take(), blocks.last_mut()) {
                block.rows.push(row);
            }
            if !line.is_blank() {
                outside.push(*line);
            }
            in_block = false;
            continue;
        }
        let cells = cells_of(line);
        if is_separator_row(&cells) {
            if let Some(block) = blocks.last_mut() {
                block.rules.push(line.span);
            }
            continue;
        }
        if let Some(mut row) = partial.take() {
            row.extend(pending.take());
            row.extend(cells);
            if row.len() < width {
                partial = Some(row);
            } else if let Some(block) = blocks.last_mut() {
                block.rows.push(row);
            }
            continue;
        }
        match blocks.last_mut() {
            Some(_)
                if in_block
                    && width >= 3
                    && cells.len() < width
                    && line.text.trim().starts_with('|') =>
            {
                partial = Some(cells);
            }
            Some(block) if in_block => block.rows.push(cells),
            _ => blocks.push(Block {
                header: cells,
                rows: Vec::new(),
                rules: Vec::new(),
            }),
        }
        in_block = true;
    }
    if let (Some(row), Some(block)) = (partial, blocks.last_mut()) {
        block.rows.push(row);
    }
    (blocks, outside)
}

static ITEM_IN_CELL: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| PerThread::regex(r"(\d{1,3})\s*[.．、]"));

/// Splits a cell holding one or more numbered tasks. A number starts a task at the cell's start,
/// or after whitespace when it continues the numbering.
fn split_tasks(cell: &Joined, last_label: &mut Option<u32>) -> Vec<(String, Joined, Span)> {
    let text = cell.as_str();
    let mut starts: Vec<(usize, usize, String)> = Vec::new();
    for caps in ITEM_IN_CELL.captures_iter(text) {
        let (Some(whole), Some(number)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if text[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let at_start = whole.start() == 0;
        // Tags between tasks became spaces; a page-cut cell joined back leaves none after `。`.
        let after_space = text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_whitespace() || matches!(c, '。' | '；' | ';' | '！' | '？'));
        let value: Option<u32> = number.as_str().parse().ok();
        let continues =
            matches!((value, *last_label), (Some(value), Some(last)) if value == last + 1);
        if at_start || (after_space && continues) {
            *last_label = value;
            starts.push((whole.start(), whole.end(), number.as_str().to_string()));
        }
    }
    let mut tasks = Vec::new();
    for (index, (start, body_start, label)) in starts.iter().enumerate() {
        let end = starts.get(index + 1).map_or(text.len(), |next| next.0);
        let whole = cell.slice(*start..end).trimmed();
        tasks.push((
            label.clone(),
            cell.slice(*body_start..end).trimmed(),
            whole.span(),
        ));
    }
    tasks
}

/// Chooses each column's role: header names first, then content (the column whose cells start
/// with numbered items holds the tasks; columns left of it hold part and section labels).
fn column_roles(header: &[Joined], rows: &[&[Joined]]) -> Vec<Column> {
    let width = header.len();
    let mut roles: Vec<Option<Column>> = header
        .iter()
        .map(|name| column_from_header(name.as_str()))
        .collect();
    let share = |column: usize, predicate: &dyn Fn(&str) -> bool| {
        let cells: Vec<&str> = rows
            .iter()
            .filter_map(|row| row.get(column))
            .map(Joined::as_str)
            .filter(|text| !text.is_empty())
            .collect();
        if cells.is_empty() {
            0.0
        } else {
            cells.iter().filter(|text| predicate(text)).count() as f64 / cells.len() as f64
        }
    };
    // Header words for task and category columns are ambiguous (工作要求 names the category in one
    // table and the task text in another): their content decides, like an unnamed column's. Only
    // units, deadline, number and extra-text names are taken as they are.
    let mut named_tasks = vec![false; width];
    for (column, role) in roles.iter_mut().enumerate() {
        if matches!(role, Some(Column::Task | Column::Labels)) {
            named_tasks[column] = *role == Some(Column::Task);
            *role = None;
        }
    }
    for (column, role) in roles.iter_mut().enumerate() {
        if role.is_none() && share(column, &|text| text.chars().all(|c| c.is_ascii_digit())) > 0.8 {
            *role = Some(Column::Number);
        }
    }
    let items = |column| {
        share(column, &|text| {
            matches!(label_at_start(text), Some((Label::Item(_), _)))
        })
    };
    let labels = |column| share(column, &|text| label_at_start(text).is_some());
    let mean_length = |column: usize| {
        let lengths: Vec<usize> = rows
            .iter()
            .filter_map(|row| row.get(column))
            .map(|cell| cell.as_str().chars().count())
            .filter(|&length| length > 0)
            .collect();
        lengths.iter().sum::<usize>() as f64 / lengths.len().max(1) as f64
    };
    let candidates: Vec<usize> = (0..width)
        .filter(|&column| roles[column].is_none())
        .collect();
    let number_column = roles.iter().position(|role| *role == Some(Column::Number));
    // The column holding numbered items is the task column, whatever its name; failing one, the
    // first candidate after the number column; failing that, the first the header calls a task
    // column whose cells are not headings, then the first candidate.
    let task_column = candidates
        .iter()
        .copied()
        .filter(|&column| items(column) > 0.0)
        .max_by(|&a, &b| items(a).total_cmp(&items(b)).then(b.cmp(&a)))
        .or_else(|| {
            number_column.and_then(|number| candidates.iter().copied().find(|&c| c > number))
        })
        .or_else(|| {
            // Of two columns the header calls task columns (工作任务 | 具体要求), the category holds
            // short names and the task its text: the longer cells win.
            candidates
                .iter()
                .copied()
                .filter(|&column| named_tasks[column] && labels(column) < 0.5)
                .max_by(|&a, &b| mean_length(a).total_cmp(&mean_length(b)).then(b.cmp(&a)))
        })
        .or_else(|| candidates.first().copied());
    roles
        .into_iter()
        .enumerate()
        .map(|(column, role)| match role {
            Some(role) => role,
            None if Some(column) == task_column => Column::Task,
            None if task_column.is_some_and(|task| column < task) => Column::Labels,
            None => Column::Other,
        })
        .collect()
}

/// A continued row (the rest of a row cut by a page break) starts a page with label cells that
/// hold text but no label, a task cell that does not start with a number, or, in tables with a
/// number column, text in a row without a number.
fn is_continuation(row: &[Joined], roles: &[Column]) -> bool {
    let cell = |wanted: Column| {
        roles
            .iter()
            .position(|role| *role == wanted)
            .and_then(|column| row.get(column))
    };
    if let Some(number) = cell(Column::Number) {
        return number.is_empty() && row.iter().any(|cell| !cell.is_empty());
    }
    row.iter().zip(roles).any(|(cell, role)| {
        let text = cell.as_str();
        !text.is_empty()
            && match role {
                Column::Labels => label_at_start(text).is_none(),
                Column::Task => !matches!(label_at_start(text), Some((Label::Item(_), _))),
                _ => false,
            }
    })
}

/// Reads the tables of `lines`; text outside them is furniture, a signature, the preamble before
/// the first table, or, after it, a problem: never dropped unaccounted.
pub fn parse(lines: &[Line]) -> Outline {
    let (blocks, outside) = blocks(lines);
    let first_table = blocks
        .first()
        .and_then(|block| row_span(&block.header))
        .map_or(usize::MAX, |span| span.start());
    let mut outline = outline_from_blocks(blocks);
    for line in outside {
        let content = content(&line);
        let text = content.as_str();
        if is_junk(text) {
            outline.other_line(OtherKind::Furniture, line.span);
        } else if line.span.start() < first_table {
            outline.other_line(OtherKind::Preamble, line.span);
        } else if is_unit_name(text) || is_date_line(text) {
            outline.other_line(OtherKind::Signature, line.span);
        } else {
            outline.problems.push(unplaced_text(line.span));
        }
    }
    outline
}

/// The outline of a table given page by page.
pub(crate) fn outline_from_blocks(blocks: Vec<Block>) -> Outline {
    let Some(first) = blocks.first() else {
        return Outline::default();
    };
    let header_key: Vec<String> = first
        .header
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    let all_rows: Vec<&[Joined]> = blocks
        .iter()
        .flat_map(|block| block.rows.iter().map(Vec::as_slice))
        .collect();
    let roles = column_roles(&first.header, &all_rows);
    // A catalogue or list whose rows carry no number at all (事项名称 | 公开内容 | …): each row is a
    // task, named by its task cell.
    let unnumbered = !roles.contains(&Column::Number)
        && roles
            .iter()
            .position(|role| *role == Column::Task)
            .is_some_and(|task| {
                all_rows.iter().all(|row| {
                    row.get(task).is_none_or(|cell| {
                        !matches!(label_at_start(cell.as_str()), Some((Label::Item(_), _)))
                    })
                })
            });
    let mut header_spans = Vec::new();
    // Logical rows: page-cut rows are merged back into the row they continue.
    let mut rows: Vec<Vec<Joined>> = Vec::new();
    for (index, block) in blocks.into_iter().enumerate() {
        let repeats_header = block
            .header
            .iter()
            .map(|c| c.as_str())
            .eq(header_key.iter().map(String::as_str));
        header_spans.extend(block.rules);
        let mut block_rows = block.rows;
        if index > 0 && !repeats_header {
            block_rows.insert(0, block.header);
        } else if let Some(span) = row_span(&block.header) {
            header_spans.push(span);
        }
        for (row_index, mut row) in block_rows.into_iter().enumerate() {
            row.resize_with(roles.len(), Joined::new);
            match rows.last_mut() {
                Some(previous) if index > 0 && row_index == 0 && is_continuation(&row, &roles) => {
                    for (into, cell) in previous.iter_mut().zip(&row) {
                        into.append(cell);
                    }
                }
                _ => rows.push(row),
            }
        }
    }
    let mut outline = Outline::default();
    for span in header_spans {
        outline.other_line(OtherKind::TableHeader, span);
    }
    let mut part: Option<String> = None;
    let mut section: Option<String> = None;
    let mut units: Vec<Option<Joined>> = vec![None; roles.len()];
    let mut deadline: Option<Joined> = None;
    let mut last_label = None;
    for row in &rows {
        for (cell, role) in row.iter().zip(&roles) {
            // Part and section rows can stand in any column but the task, unit and deadline ones.
            if matches!(role, Column::Task | Column::Units(_) | Column::Deadline) || cell.is_empty()
            {
                continue;
            }
            match label_at_start(cell.as_str()) {
                Some((Label::Part(label), label_len)) => {
                    outline.parts.push(Part {
                        label: label.clone(),
                        title: title_after(cell, label_len).written().to_string(),
                        span: cell.span(),
                    });
                    part = Some(label);
                    section = None;
                }
                Some((Label::Section(label), label_len)) => {
                    let label = format!("（{label}）");
                    outline.sections.push(Section {
                        label: label.clone(),
                        part: part.clone(),
                        title: title_after(cell, label_len).written().to_string(),
                        span: cell.span(),
                    });
                    section = Some(label);
                }
                _ => {}
            }
        }
        let cell_of = |wanted: Column| {
            roles
                .iter()
                .position(|role| *role == wanted)
                .and_then(|column| row.get(column))
        };
        let unit_cells = unit_cells(row, &roles, &mut units);
        let deadline_cell = inherit(cell_of(Column::Deadline), &mut deadline);
        let Some(task_cell) = cell_of(Column::Task).filter(|cell| !cell.is_empty()) else {
            continue;
        };
        let tasks = match cell_of(Column::Number).filter(|cell| !cell.is_empty()) {
            Some(number) => {
                // Columns such as 具体措施 beside the task belong to its text.
                let mut body = task_cell.clone();
                for (cell, role) in row.iter().zip(&roles) {
                    if *role == Column::Other {
                        body.append(cell);
                    }
                }
                let span = row
                    .iter()
                    .filter(|cell| !cell.is_empty())
                    .fold(number.span(), |span, cell| span.cover(cell.span()));
                let label = match label_at_start(number.as_str()) {
                    Some((Label::Item(label), _)) => label,
                    _ => number.written().to_string(),
                };
                vec![(label, body, span)]
            }
            None if unnumbered => {
                let span = row
                    .iter()
                    .filter(|cell| !cell.is_empty())
                    .fold(task_cell.span(), |span, cell| span.cover(cell.span()));
                vec![(String::new(), task_cell.clone(), span)]
            }
            None => split_tasks(task_cell, &mut last_label),
        };
        if tasks.is_empty() {
            outline.problems.push(Problem {
                code: "P002".to_string(),
                message: "表格单元格中有文字，但没有找到任务编号".to_string(),
                span: task_cell.span(),
                help: Some("任务应以编号开头（如“1.”），否则无法作为任务核查".to_string()),
            });
        }
        for (label, body, span) in tasks {
            outline.tasks.push(RawTask {
                label,
                part: part.clone(),
                section: section.clone(),
                body,
                span,
                units: unit_cells.clone(),
                deadline: deadline_cell.clone(),
            });
        }
    }
    outline
}

/// The source span from a row's first non-empty cell to its last.
fn row_span(row: &[Joined]) -> Option<Span> {
    row.iter()
        .filter(|cell| !cell.is_empty())
        .map(Joined::span)
        .reduce(|span, next| span.cover(next))
}

/// The unit cells of a row, one per unit column, each inheriting from above when empty.
pub(crate) fn unit_cells(
    row: &[Joined],
    roles: &[Column],
    last: &mut [Option<Joined>],
) -> Vec<(Cell, Option<UnitRole>)> {
    roles
        .iter()
        .enumerate()
        .filter_map(|(column, role)| match role {
            Column::Units(unit_role) => {
                let cell = inherit(row.get(column), last.get_mut(column)?)?;
                Some((cell, *unit_role))
            }
            _ => None,
        })
        .collect()
}

/// A cell's value, or the last non-empty value above it (a merged cell).
pub(crate) fn inherit(cell: Option<&Joined>, last: &mut Option<Joined>) -> Option<Cell> {
    match cell {
        Some(cell) if !cell.is_empty() => {
            *last = Some(cell.clone());
            Some(Cell {
                text: cell.clone(),
                inherited: false,
            })
        }
        Some(_) => last.clone().map(|text| Cell {
            text,
            inherited: true,
        }),
        None => None,
    }
}
