//! Exact merged cells for tables whose source says which empty cells are merged.
//!
//! The table layouts read every empty unit or deadline cell as merged from the cell above, because
//! text exported from a table cannot tell an empty cell from a merged one. A Word table can: the
//! source stage lists the empty cells that do not continue a vertical merge
//! ([`SourceFile::unmerged_cells`](crate::source::SourceFile::unmerged_cells)), and here a value a
//! task inherited through such a cell is dropped, so that a task with an empty deadline cell has no
//! deadline from its cell (its text may still give one) rather than the deadline of the task above.

use super::layout::{Cell, RawTask};

/// Drops the unit and deadline cells `task` inherited through an empty cell of its own row that is
/// listed in `unmerged_cells` (the offsets of such cells' opening `|` in `text`, sorted).
pub(super) fn forget_unmerged(task: &mut RawTask, text: &str, unmerged_cells: &[usize]) {
    let row_start = line_start(text, task.span.start());
    let through_unmerged = |cell: &Cell| {
        cell.inherited
            && own_cell_start(text, row_start, cell)
                .is_some_and(|offset| unmerged_cells.binary_search(&offset).is_ok())
    };
    task.units.retain(|(cell, _)| !through_unmerged(cell));
    if task.deadline.as_ref().is_some_and(through_unmerged) {
        task.deadline = None;
    }
}

/// The opening `|` of the cell in the row starting at `row_start` that stands in the column the
/// inherited `cell` came from. Decoded Word tables have no `|` inside cells, so the column is the
/// number of `|` before the inherited text on its line.
fn own_cell_start(text: &str, row_start: usize, cell: &Cell) -> Option<usize> {
    let from = cell.text.span().start();
    let pipes_before = text.get(line_start(text, from)..from)?.matches('|').count();
    let row = text.get(row_start..)?;
    let row = &row[..row.find('\n').unwrap_or(row.len())];
    row.match_indices('|')
        .nth(pipes_before.checked_sub(1)?)
        .map(|(offset, _)| row_start + offset)
}

fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1)
}
