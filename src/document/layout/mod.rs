//! Layout detection and one parser per layout. Each parser turns lines into an [`Outline`]: parts,
//! sections and raw tasks whose units and deadline are still text; `document::task` finishes them.

pub mod cells;
pub mod pipe_table;
pub mod text;

use super::joined::Joined;
use super::lines::{Line, content};
use super::model::{Layout, Part, Problem, Section, UnitRole};
use crate::source::Span;

/// What a layout parser found.
#[derive(Debug, Default)]
pub struct Outline {
    pub parts: Vec<Part>,
    pub sections: Vec<Section>,
    pub tasks: Vec<RawTask>,
    pub problems: Vec<Problem>,
}

/// A task as a layout found it: text still holding any responsibility clause, and the unit and
/// deadline cells of table layouts.
#[derive(Debug)]
pub struct RawTask {
    pub label: String,
    pub part: Option<String>,
    pub section: Option<String>,
    /// The text after the label; in text layouts it still holds the responsibility clause.
    pub body: Joined,
    /// The whole task in the source, label and clause included.
    pub span: Span,
    /// Unit cells of table layouts, each with the role its column gives (牵头单位 / 配合单位).
    pub units: Vec<(Cell, Option<UnitRole>)>,
    pub deadline: Option<Cell>,
}

/// A table cell's text, and whether it was taken from a merged cell above.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: Joined,
    pub inherited: bool,
}

/// Recognises the layout from the structure of the plan's lines (never from wording).
pub fn detect(lines: &[Line]) -> Layout {
    let non_blank: Vec<&Line> = lines.iter().filter(|line| !line.is_blank()).collect();
    let count = |predicate: &dyn Fn(&str) -> bool| {
        non_blank.iter().filter(|line| predicate(line.text)).count()
    };
    let pipe_rows = count(&|text| {
        let text = text.trim();
        text.starts_with('|') && text.ends_with('|') && text.matches('|').count() >= 3
    });
    let lone_pipes = count(&|text| text.trim() == "|");
    let tab_cells = count(&|text| text.starts_with('\t'));
    let tab_rows = count(&|text| !text.starts_with('\t') && text.trim().matches('\t').count() >= 2);
    if pipe_rows >= 3 && pipe_rows * 5 >= non_blank.len() {
        Layout::PipeTable
    } else if lone_pipes >= 3 && lone_pipes * 5 >= non_blank.len() {
        Layout::PipeTableCellLines
    } else if tab_cells >= 4 && tab_cells * 3 >= non_blank.len() {
        Layout::TabCells
    } else if tab_rows >= 3 && tab_rows * 3 >= non_blank.len() {
        Layout::TabRows
    } else {
        text::detect(lines)
    }
}

/// Parses the plan's lines with the parser for `layout`.
pub fn parse(lines: &[Line], layout: Layout) -> Outline {
    match layout {
        Layout::PipeTable => pipe_table::parse(lines),
        Layout::TabCells | Layout::TabRows | Layout::PipeTableCellLines => {
            cells::parse(lines, layout)
        }
        _ => text::parse(lines),
    }
}

/// A heading's title: the content after its label, without extraction spaces.
pub(crate) fn title_after(content: &Joined, label_len: usize) -> Joined {
    content.slice(label_len..content.as_str().len()).trimmed()
}

/// The content of a line, for parsers that work line by line.
pub(crate) fn line_content(line: &Line) -> Joined {
    content(line)
}
