//! Tables printed one cell per line: tab-separated cells from Word or PDF (each cell a line with a
//! leading tab), and pipe tables printed one cell per line (`工作任务\n|\n具体要求\n|…`).
//!
//! In tab cells, a line with only a tab is an empty (merged) cell, and a line without a leading tab
//! continues the previous cell across a page break, even after a blank line. Row boundaries are
//! unreliable (a part cell can be detached from its row), so rows are found from the task numbers:
//! a number cell starts a task, the cells after it fill the columns named in the header from the
//! right, and cells between rows are part cells.

use super::pipe_table::{
    Block, Column, column_from_header, inherit, outline_from_blocks, unit_cells,
};
use super::{Outline, RawTask, line_content, title_after};
use crate::document::joined::Joined;
use crate::document::lines::{Label, Line, label_at_start};
use crate::document::model::{Layout, Part};

pub fn parse(lines: &[Line], layout: Layout) -> Outline {
    match layout {
        Layout::PipeTableCellLines => outline_from_blocks(cell_line_blocks(lines)),
        Layout::TabRows => outline_from_blocks(tab_row_blocks(lines)),
        _ => tab_cells(lines),
    }
}

/// Rows of a pipe table printed one cell per line: `|` lines separate cells, blank lines rows, and
/// each repetition of the header starts a new page.
fn cell_line_blocks(lines: &[Line]) -> Vec<Block> {
    let mut rows: Vec<Vec<Joined>> = Vec::new();
    let mut row: Vec<Joined> = Vec::new();
    let mut cell: Option<Joined> = None;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            if let Some(cell) = cell.take() {
                row.push(cell);
            }
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
        } else if text == "|" {
            // Each pipe closes the cell before it; a pipe with none before it closes an empty cell.
            row.push(cell.take().unwrap_or_default());
        } else {
            match cell.as_mut() {
                Some(cell) => cell.append(&line_content(line)),
                None => cell = Some(line_content(line)),
            }
        }
    }
    if let Some(cell) = cell.take() {
        row.push(cell);
    }
    if !row.is_empty() {
        rows.push(row);
    }
    blocks_by_header(rows.into_iter().filter(|row| row.len() >= 2).collect())
}

/// Rows of tab-separated cells, one row per line; a line without tabs continues the last cell of
/// the row before it, and each repetition of the header starts a new page.
fn tab_row_blocks(lines: &[Line]) -> Vec<Block> {
    let mut rows: Vec<Vec<Joined>> = Vec::new();
    for line in lines {
        if line.is_blank() {
            continue;
        }
        if !line.text.contains('\t') {
            if let Some(cell) = rows.last_mut().and_then(|row| row.last_mut()) {
                cell.append(&line_content(line));
            }
            continue;
        }
        let mut cells = Vec::new();
        let mut start = 0;
        for piece in line.text.split('\t') {
            let end = start + piece.len();
            cells.push(line_content(&Line {
                text: piece,
                matching: line.matching.get(start..end).unwrap_or(piece),
                span: crate::source::Span(line.span.start() + start, line.span.start() + end),
            }));
            start = end + 1;
        }
        // A cell with a line break in it: the rest of the row comes on the next line.
        let width = rows.first().map_or(0, Vec::len);
        match rows.last_mut() {
            Some(row) if row.len() < width => {
                let mut cells = cells.into_iter();
                if let (Some(last), Some(first)) = (row.last_mut(), cells.next()) {
                    last.append(&first);
                }
                row.extend(cells);
            }
            _ => rows.push(cells),
        }
    }
    blocks_by_header(rows)
}

/// Splits rows into pages at each repetition of the first row (the header).
fn blocks_by_header(rows: Vec<Vec<Joined>>) -> Vec<Block> {
    let Some(header) = rows.first().cloned() else {
        return Vec::new();
    };
    let is_header = |row: &Vec<Joined>| {
        row.iter()
            .map(Joined::as_str)
            .eq(header.iter().map(Joined::as_str))
    };
    let mut blocks: Vec<Block> = Vec::new();
    for row in rows {
        if is_header(&row) {
            blocks.push(Block {
                header: row,
                rows: Vec::new(),
            });
        } else if let Some(block) = blocks.last_mut() {
            block.rows.push(row);
        }
    }
    blocks
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.len() <= 3 && text.chars().all(|c| c.is_ascii_digit())
}

/// The cells of a tab-cell table, in order.
fn tab_cell_stream(lines: &[Line]) -> Vec<Joined> {
    let mut cells: Vec<Joined> = Vec::new();
    for line in lines {
        if line.text.starts_with('\t') {
            cells.push(line_content(line));
        } else if !line.is_blank()
            && let Some(cell) = cells.last_mut()
        {
            cell.append(&line_content(line));
        }
    }
    cells
}

fn tab_cells(lines: &[Line]) -> Outline {
    let cells = tab_cell_stream(lines);
    let first_data = cells
        .iter()
        .position(|cell| is_number(cell.as_str()) || label_at_start(cell.as_str()).is_some())
        .unwrap_or(cells.len());
    let header = &cells[..first_data];
    // The columns after the number: those named after 序号, or, where the number column is unnamed
    // (many tables name only the part column before it), every name after the first.
    let after_number: Vec<Column> = {
        let names: Vec<Option<Column>> = header
            .iter()
            .map(|name| column_from_header(name.as_str()))
            .collect();
        let first_after = names
            .iter()
            .position(|role| *role == Some(Column::Number))
            .map_or(1, |number| number + 1);
        let mut roles: Vec<Column> = names
            .iter()
            .skip(first_after.min(names.len()))
            .map(|role| role.unwrap_or(Column::Other))
            .collect();
        if let Some(first_other) = roles.iter().position(|role| *role == Column::Other) {
            roles[first_other] = Column::Task;
        }
        roles
    };
    let mut outline = Outline::default();
    let mut part: Option<String> = None;
    let mut units: Vec<Option<Joined>> = vec![None; after_number.len()];
    let mut deadline = None;
    let mut index = first_data;
    while index < cells.len() {
        let cell = &cells[index];
        let text = cell.as_str();
        if let Some((Label::Part(label), label_len)) = label_at_start(text) {
            outline.parts.push(Part {
                label: label.clone(),
                title: title_after(cell, label_len).written().to_string(),
                span: cell.span(),
            });
            part = Some(label);
            index += 1;
            continue;
        }
        let item = label_at_start(text).filter(|(label, _)| matches!(label, Label::Item(_)));
        let (label, fields_start, own_body) = if is_number(text) {
            (text.to_string(), index + 1, None)
        } else if let Some((label, _)) = item.clone().filter(|(_, len)| *len >= text.len()) {
            // `1.` alone in its cell is a number cell.
            (label.text().to_string(), index + 1, None)
        } else if let Some((Label::Item(label), label_len)) = item {
            (
                label,
                index + 1,
                Some(cell.slice(label_len..text.len()).trimmed()),
            )
        } else {
            // An empty part cell, or text outside any row.
            index += 1;
            continue;
        };
        let mut fields: Vec<(Column, Joined)> = Vec::new();
        let roles = if own_body.is_some() {
            &after_number[after_number.len().min(1)..]
        } else {
            &after_number[..]
        };
        let mut next = fields_start;
        for role in roles {
            let Some(field) = cells.get(next) else { break };
            if matches!(label_at_start(field.as_str()), Some((Label::Part(_), _)))
                || is_number(field.as_str())
            {
                break;
            }
            fields.push((*role, field.clone()));
            next += 1;
        }
        let field = |wanted: Column| {
            fields
                .iter()
                .find(|(role, _)| *role == wanted)
                .map(|(_, cell)| cell)
        };
        let mut body = own_body
            .or_else(|| field(Column::Task).cloned())
            .unwrap_or_default();
        // Columns such as 工作措施 beside the task belong to its text, as in pipe tables.
        for (role, cell) in &fields {
            if *role == Column::Other {
                body.append(cell);
            }
        }
        let end_span = fields.last().map_or(cell.span(), |(_, last)| last.span());
        // The row's cells in column order (fields were taken in that order), for the unit cells.
        let row: Vec<Joined> = (0..roles.len())
            .map(|column| {
                fields
                    .get(column)
                    .map(|(_, cell)| cell.clone())
                    .unwrap_or_default()
            })
            .collect();
        outline.tasks.push(RawTask {
            label,
            part: part.clone(),
            section: None,
            span: cell.span().cover(end_span),
            body,
            units: unit_cells(&row, roles, &mut units[after_number.len() - roles.len()..]),
            deadline: inherit(field(Column::Deadline), &mut deadline),
        });
        index = next;
    }
    outline
}
