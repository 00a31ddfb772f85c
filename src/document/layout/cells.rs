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
use crate::document::clause::{is_attribution, is_unit_list};
use crate::document::extract::deadline::classify_deadline;
use crate::document::joined::Joined;
use crate::document::lines::{Label, Line, label_at_start};
use crate::document::model::{DeadlineKind, Layout, OtherKind, Part};

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

/// Whether a line is a cell of a table printed one cell per line with a pipe closing each cell
/// (`工作任务 |`, `1 |`), or a line of pipes alone (empty or merged cells).
pub(crate) fn is_cell_line(text: &str) -> bool {
    let text = text.trim();
    text.ends_with('|')
        && (!text.starts_with('|') || text.chars().all(|c| c == '|' || c == ' '))
        && text.matches('|').count() <= 4
}

/// The part of a line between two byte offsets, as a line of its own.
fn piece<'a>(line: &Line<'a>, range: std::ops::Range<usize>) -> Line<'a> {
    Line {
        text: &line.text[range.clone()],
        matching: line
            .matching
            .get(range.clone())
            .unwrap_or(&line.text[range.clone()]),
        span: crate::source::Span(
            line.span.start() + range.start,
            line.span.start() + range.end,
        ),
    }
}

/// The cells of a table printed one cell per line, each closed by a pipe: a pipe closes the text
/// before it (over several lines when a page or spam break split the cell), or, with no text
/// before it, stands for an empty (merged) cell. Also says whether the text stops inside a cell.
pub(crate) fn pipe_cell_stream(lines: &[Line]) -> (Vec<Joined>, bool) {
    let mut cells = Vec::new();
    let mut pending: Option<Joined> = None;
    let take = |part: &Line, pending: &mut Option<Joined>| {
        let content = line_content(part);
        if !content.is_empty() {
            match pending.as_mut() {
                Some(cell) => cell.append(&content),
                None => *pending = Some(content),
            }
        }
    };
    for line in lines.iter().filter(|line| !line.is_blank()) {
        let mut start = 0;
        for (at, _) in line.text.match_indices('|') {
            take(&piece(line, start..at), &mut pending);
            cells.push(pending.take().unwrap_or_default());
            start = at + 1;
        }
        take(&piece(line, start..line.text.len()), &mut pending);
    }
    let cut = pending.is_some();
    cells.extend(pending);
    (cells, cut)
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
                rules: Vec::new(),
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

/// The roles of the columns after the number: those named after 序号, or, where the number column
/// is unnamed (many tables name only the part column before it, `工作任务` over `一、…` and `1`),
/// the names after the first, when the rows hold one cell fewer than the header names. Only units
/// and deadline columns are taken from their names; the first other column holds the task.
fn field_roles(names: &[&Joined], row_width: usize) -> Vec<Column> {
    let named: Vec<Option<Column>> = names
        .iter()
        .map(|name| match column_from_header(name.as_str()) {
            Some(role @ (Column::Number | Column::Units(_) | Column::Deadline)) => Some(role),
            _ => None,
        })
        .collect();
    let first_after = match named.iter().position(|role| *role == Some(Column::Number)) {
        Some(number) => number + 1,
        None if row_width + 1 == named.len() => 1,
        None => 0,
    };
    let mut roles: Vec<Column> = named
        .iter()
        .skip(first_after.min(named.len()))
        .map(|role| role.unwrap_or(Column::Other))
        .collect();
    if let Some(first_other) = roles.iter().position(|role| *role == Column::Other) {
        roles[first_other] = Column::Task;
    }
    roles
}

/// The cells after each row-starting number, up to the next row start.
fn number_rows(cells: &[Joined]) -> Vec<&[Joined]> {
    let starts: Vec<usize> = (0..cells.len())
        .filter(|&index| starts_row(&cells[index]))
        .collect();
    starts
        .iter()
        .enumerate()
        .filter(|(_, start)| is_number(cells[**start].as_str()))
        .map(|(at, &start)| &cells[start + 1..starts.get(at + 1).copied().unwrap_or(cells.len())])
        .collect()
}

/// Moves a units or deadline role to a column a little to the right when its own cells do not hold
/// units or deadlines and that column's do: a two-level header (`公开事项` over `一级事项 | 二级事项`)
/// names fewer columns than the rows hold.
fn correct_by_content(roles: &mut [Column], rows: &[&[Joined]]) {
    // The first rows show what a column holds; reading every cell of a long table adds nothing.
    let rows = &rows[..rows.len().min(12)];
    let share = |column: usize, predicate: &dyn Fn(&str) -> bool| {
        let cells: Vec<&str> = rows
            .iter()
            .filter_map(|row| row.get(column))
            .map(Joined::as_str)
            .filter(|text| !text.is_empty())
            .collect();
        match cells.len() {
            0 => 0.0,
            count => cells.iter().filter(|text| predicate(text)).count() as f64 / count as f64,
        }
    };
    let holds = |role: Column| -> fn(&str) -> bool {
        match role {
            Column::Deadline => looks_like_deadline,
            _ => is_unit_list,
        }
    };
    for column in (0..roles.len()).rev() {
        let role = roles[column];
        if !matches!(role, Column::Units(_) | Column::Deadline)
            || share(column, &holds(role)) >= 0.5
        {
            continue;
        }
        let better = (column + 1..roles.len().min(column + 4)).find(|&other| {
            matches!(roles[other], Column::Other) && share(other, &holds(role)) >= 0.6
        });
        if let Some(other) = better {
            roles.swap(column, other);
        }
    }
}

/// A deadline cell's shape: a date, month, year end or standing phrase, or a limit in days.
fn looks_like_deadline(text: &str) -> bool {
    classify_deadline(text, None).0 != DeadlineKind::Other
        || text.contains("日内")
        || text.contains("工作日")
}

/// The most common number of cells a row holds up to its last non-empty one (empty cells after it
/// are row separators), counted from each row-starting number.
fn typical_width(cells: &[Joined]) -> usize {
    let mut widths = std::collections::BTreeMap::<usize, usize>::new();
    let mut index = 0;
    while index < cells.len() {
        if !is_number(cells[index].as_str()) {
            index += 1;
            continue;
        }
        let end = (index + 1..cells.len())
            .find(|&next| starts_row(&cells[next]))
            .unwrap_or(cells.len());
        let width = (index + 1..end)
            .rev()
            .find(|&at| !cells[at].is_empty())
            .map_or(0, |last| last - index);
        *widths.entry(width).or_default() += 1;
        index = end;
    }
    widths
        .into_iter()
        .max_by_key(|&(width, count)| (count, width))
        .map_or(0, |(width, _)| width)
}

fn tab_cells(lines: &[Line]) -> Outline {
    table_of_cells(&tab_cell_stream(lines), false)
}

/// A table of cells without task numbers (a catalogue of duties under category columns). The
/// header names its columns, and a header cell spanning several columns prints an empty cell for
/// each column it spans after the last name, so the names and the empty cells give the row width.
/// Each row prints its own cells first and an empty cell for each merged one after them; a row is
/// placed in its columns by what its last cell holds: units go in the units column (the last),
/// anything else in the task column before it, and the cells before it in the columns before
/// those. The text before the header (a covering notice gathered into the first cells) comes back
/// as the second value. `None` where no header is followed by cells that fall into rows so.
fn unnumbered_block(cells: &[Joined]) -> Option<(Block, Vec<Joined>)> {
    (0..cells.len()).find_map(|at| {
        // The header's first cell may hold the text above the table, gathered with it.
        let first = &cells[at];
        let (before, first_name) = {
            let split = first.last_piece_start();
            let text = first.as_str();
            (
                first.slice(0..split),
                first.slice(split..text.len()).trimmed(),
            )
        };
        column_from_header(first_name.as_str())?;
        let mut names = vec![first_name];
        names.extend(
            cells[at + 1..]
                .iter()
                .take_while(|cell| column_from_header(cell.as_str()).is_some())
                .cloned(),
        );
        let block = rows_under(&names, &cells[at + names.len()..])?;
        let mut preamble: Vec<Joined> = cells[..at].to_vec();
        preamble.push(before);
        Some((block, preamble))
    })
}

/// The rows under a header of `names`, given the cells after it (see [`unnumbered_block`]).
fn rows_under(names: &[Joined], cells: &[Joined]) -> Option<Block> {
    let last_is_units = names
        .last()
        .and_then(|name| column_from_header(name.as_str()))
        .is_some_and(|role| matches!(role, Column::Units(_)));
    if names.len() < 3 || !last_is_units {
        return None;
    }
    let spanned = cells.iter().take_while(|cell| cell.is_empty()).count();
    let width = names.len() + spanned;
    // The first name spans the columns the empty cells stand for (the category levels).
    let mut header = vec![names[0].clone()];
    header.extend(std::iter::repeat_n(Joined::new(), spanned));
    header.extend(names[1..].iter().cloned());
    let mut rows = Vec::new();
    for chunk in cells[spanned..].chunks(width) {
        let written = chunk.iter().take_while(|cell| !cell.is_empty()).count();
        if written == 0 || chunk[written..].iter().any(|cell| !cell.is_empty()) {
            return None;
        }
        let own = &chunk[..written];
        let last_column = if written >= 2 && is_attribution(own[written - 1].as_str()) {
            width - 1
        } else {
            width - 2
        };
        let first_column = (last_column + 1).checked_sub(written)?;
        let mut row = vec![Joined::new(); width];
        row[first_column..=last_column].clone_from_slice(own);
        rows.push(row);
    }
    (!rows.is_empty()).then_some(Block {
        header,
        rows,
        rules: Vec::new(),
    })
}

/// Whether a cell starts a row: a bare number, or a part or item label.
fn starts_row(cell: &Joined) -> bool {
    is_number(cell.as_str()) || label_at_start(cell.as_str()).is_some()
}

/// Reads a table given as a stream of cells, without reliable row boundaries: rows are found from
/// the task numbers (a number cell starts a task, the cells after it fill the columns named in the
/// header after the number column), and cells between rows are part cells. `ends_cut` says that
/// the last cell lost its end (the text stops inside it).
pub(crate) fn table_of_cells(cells: &[Joined], ends_cut: bool) -> Outline {
    let Some(first_data) = cells.iter().position(starts_row) else {
        let Some((block, preamble)) = unnumbered_block(cells) else {
            return Outline::default();
        };
        let mut outline = outline_from_blocks(vec![block]);
        for cell in preamble.iter().filter(|cell| !cell.is_empty()) {
            outline.other_line(OtherKind::Preamble, cell.span());
        }
        return outline;
    };
    let names: Vec<&Joined> = cells[..first_data]
        .iter()
        .filter(|name| !name.is_empty())
        .collect();
    let width = typical_width(&cells[first_data..]);
    let mut after_number = field_roles(&names, width);
    if after_number.is_empty() {
        return Outline::default();
    }
    correct_by_content(&mut after_number, &number_rows(&cells[first_data..]));
    let mut outline = Outline::default();
    for name in &names {
        outline.other_line(OtherKind::TableHeader, name.span());
    }
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
        // A table without a task column (序号 | 承办单位 | 时间) names its task by its first cell.
        let mut body = own_body
            .or_else(|| field(Column::Task).cloned())
            .or_else(|| fields.first().map(|(_, cell)| cell.clone()))
            .unwrap_or_default();
        // Columns such as 工作措施 beside the task belong to its text, as in pipe tables.
        for (role, cell) in &fields {
            if *role == Column::Other {
                body.append(cell);
            }
        }
        // Empty (merged) cells have no place in the source: the row ends at its last written cell.
        let end_span = fields
            .iter()
            .rev()
            .find(|(_, field)| !field.is_empty())
            .map_or(cell.span(), |(_, last)| last.span());
        // The row's cells in column order (fields were taken in that order), for the unit cells.
        let row: Vec<Joined> = (0..roles.len())
            .map(|column| {
                fields
                    .get(column)
                    .map(|(_, cell)| cell.clone())
                    .unwrap_or_default()
            })
            .collect();
        // A row cut off by the end of the text neither inherits the cells it lost nor takes the
        // cut-off cell for more than text.
        let cut_off = next >= cells.len() && (fields.len() < width.min(roles.len()) || ends_cut);
        outline.tasks.push(RawTask {
            label,
            part: part.clone(),
            section: None,
            span: cell.span().cover(end_span),
            body,
            units: if cut_off {
                Vec::new()
            } else {
                unit_cells(&row, roles, &mut units[after_number.len() - roles.len()..])
            },
            deadline: if cut_off {
                None
            } else {
                inherit(field(Column::Deadline), &mut deadline)
            },
        });
        index = next;
    }
    outline
}
