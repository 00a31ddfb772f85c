//! Layout detection and one parser per layout. Each parser turns lines into an [`Outline`]: parts,
//! sections and raw tasks whose units and deadline are still text; `document::task` finishes them.

pub mod cells;
pub mod pipe_table;
pub mod text;

use super::clause;
use super::joined::Joined;
use super::lines::{Line, content, label_at_start};
use super::model::{Layout, OtherKind, OtherLine, Part, Problem, ProblemCode, Section, UnitRole};
use super::vocabulary::{self, says_not_a_plan};
use crate::source::Span;

/// What a layout parser found.
#[derive(Debug, Default)]
pub struct Outline {
    pub parts: Vec<Part>,
    pub sections: Vec<Section>,
    pub tasks: Vec<RawTask>,
    pub problems: Vec<Problem>,
    pub other_lines: Vec<OtherLine>,
}

impl Outline {
    pub(crate) fn other_line(&mut self, kind: OtherKind, span: Span) {
        self.other_lines.push(OtherLine { kind, span });
    }

    /// Drops the tasks that `keep` rejects, accounting for them as a list that is not tasks.
    fn keep_tasks(&mut self, keep: impl Fn(&RawTask) -> bool) {
        let (kept, dropped): (Vec<RawTask>, Vec<RawTask>) = std::mem::take(&mut self.tasks)
            .into_iter()
            .partition(|task| keep(task));
        self.tasks = kept;
        for task in dropped {
            self.other_line(OtherKind::List, task.span);
        }
    }

    fn extend(&mut self, other: Outline, keep: impl Fn(&RawTask) -> bool) {
        let mut other = other;
        other.keep_tasks(keep);
        self.parts.extend(other.parts);
        self.sections.extend(other.sections);
        self.tasks.extend(other.tasks);
        self.problems.extend(other.problems);
        self.other_lines.extend(other.other_lines);
    }
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

/// Reads the plan's lines. A table that does not fill the document (printed one cell per line, or
/// rows on their own lines under a header that names its columns) is read as a table wherever it
/// stands; the text around it (a covering notice, numbered tasks) is read with the text layouts,
/// and its numbered paragraphs count as tasks beside a table of tasks only when they name units.
pub fn read(lines: &[Line]) -> (Layout, String, Outline) {
    let (region, layout) = match cell_line_region(lines) {
        Some(region) => (region, Layout::PipeTableCellLines),
        None => {
            let (layout, evidence) = detect(lines);
            match row_region(lines).filter(|_| !is_table(layout)) {
                Some(region) => region,
                None => {
                    let mut outline = parse(lines, layout);
                    // A consultation notice's submission channels are numbered too; they are
                    // tasks only when they name units.
                    if says_not_a_plan(&preamble(lines)) {
                        outline.keep_tasks(names_units);
                    }
                    return (layout, evidence, outline);
                }
            }
        }
    };
    let table_lines = lines[region.clone()]
        .iter()
        .filter(|line| !line.is_blank())
        .count();
    let table = match layout {
        Layout::PipeTableCellLines => {
            let (stream, cut) = cells::pipe_cell_stream(&lines[region.clone()]);
            cells::table_of_cells(&stream, cut)
        }
        Layout::TabRows => cells::parse(&lines[region.clone()], layout),
        _ => pipe_table::parse(&lines[region.clone()]),
    };
    let form = match layout {
        Layout::PipeTableCellLines => "单元格逐行排列、以“|”结尾的表格",
        _ => "表头列名可识别、每行一行的表格",
    };
    let mut evidence = format!("{table_lines} 行是{form}（{} 项任务）", table.tasks.len());
    let mut outline = text::parse(&lines[..region.start]);
    let after = text::parse(&lines[region.end..]);
    if region.start > 0 || region.end < lines.len() {
        evidence.push_str("；表格前后的正文按文字版式读取");
    }
    if !table.tasks.is_empty() {
        outline.keep_tasks(names_units);
    }
    outline.extend(table, |_| true);
    outline.extend(after, names_units);
    (layout, evidence, outline)
}

fn is_table(layout: Layout) -> bool {
    matches!(
        layout,
        Layout::PipeTable | Layout::PipeTableCellLines | Layout::TabCells | Layout::TabRows
    )
}

/// A table whose rows stand one per line (cells between pipes, with or without outer pipes, or
/// separated by tabs) under a header row that names at least two columns the reader knows
/// (序号 | 重点任务 | 责任单位 | 完成时限), running to the last row line (blank lines and lines of
/// pipes alone may stand between rows, and lines of a cell broken over lines within them).
fn row_region(lines: &[Line]) -> Option<(std::ops::Range<usize>, Layout)> {
    let is_tab_row = |text: &str| !text.starts_with('\t') && text.trim().matches('\t').count() >= 1;
    let (header, layout) = lines.iter().enumerate().find_map(|(index, line)| {
        let known = |delimiter: char| {
            line.text
                .split(delimiter)
                .filter(|name| vocabulary::header_role(name).is_some())
                .count()
                >= 2
        };
        if pipe_table::is_pipe_row(line.text) && known('|') {
            Some((index, Layout::PipeTable))
        } else if is_tab_row(line.text) && known('\t') {
            Some((index, Layout::TabRows))
        } else {
            None
        }
    })?;
    let is_row = |text: &str| match layout {
        Layout::TabRows => is_tab_row(text),
        _ => pipe_table::is_pipe_row(text),
    };
    let mut end = header + 1;
    // Lines of text between rows are cells broken over lines (`领导信息` between `| 类别 |` and
    // `|`); more than two in a row end the table.
    let mut text_lines = 0;
    for (index, line) in lines.iter().enumerate().skip(header + 1) {
        let text = line.text.trim();
        if is_row(line.text) {
            end = index + 1;
            text_lines = 0;
        } else if !(text.is_empty() || text.chars().all(|c| c == '|')) {
            text_lines += 1;
            if text_lines > 2 {
                break;
            }
        }
    }
    (end > header + 1).then_some((header..end, layout))
}

/// `P004`: a line of text that no task takes, kept as a problem rather than dropped.
pub(crate) fn unplaced_text(span: Span) -> Problem {
    Problem {
        code: ProblemCode::P004,
        message: "任务之间有一行正文未归入任何任务".to_string(),
        span,
        help: Some(
            "上一任务已以句末标点结束，这一行又没有编号；若它属于上一任务，请检查换行和标点，若它是新任务，请加编号"
                .to_string(),
        ),
    }
}

/// The matching text of the first lines, up to the first labelled line or table row.
fn preamble(lines: &[Line]) -> String {
    lines
        .iter()
        .filter(|line| !line.is_blank())
        .take(8)
        .map(|line| content(line))
        .take_while(|content| {
            label_at_start(content.as_str()).is_none() && !content.as_str().contains('|')
        })
        .map(|content| content.as_str().to_string())
        .collect()
}

fn names_units(task: &RawTask) -> bool {
    let body = task.body.as_str();
    clause::find_clause(body).is_some() || clause::find_keyless_clause(body).is_some()
}

/// The lines of a table printed one cell per line (`序号 |`, `1 |`, `|`): at least six such lines,
/// most of the lines from the first to the last, and the unclosed cell of a page cut after them.
fn cell_line_region(lines: &[Line]) -> Option<std::ops::Range<usize>> {
    let cell_lines: Vec<usize> = (0..lines.len())
        .filter(|&index| !lines[index].is_blank() && cells::is_cell_line(lines[index].text))
        .collect();
    let (&first, &last) = (cell_lines.first()?, cell_lines.last()?);
    let between = lines[first..=last]
        .iter()
        .filter(|line| !line.is_blank())
        .count();
    // Lines of text closed by a pipe mark this form; pipes alone between cells are another
    // (`工作任务\n|\n具体要求`), read with its blank-line rows by the cell-line layout.
    let closed_cells = cell_lines
        .iter()
        .filter(|&&index| {
            !lines[index]
                .text
                .trim()
                .trim_end_matches('|')
                .trim()
                .is_empty()
        })
        .count();
    if cell_lines.len() < 6 || cell_lines.len() * 2 < between || closed_cells < 3 {
        return None;
    }
    // A text cut off inside its last cell leaves that cell without its closing pipe.
    let mut end = last + 1;
    while end < lines.len() && end <= last + 2 && !lines[end].is_blank() {
        end += 1;
    }
    Some(first..end)
}

/// Recognises the layout from the structure of the plan's lines (never from wording), and says on
/// what evidence.
pub fn detect(lines: &[Line]) -> (Layout, String) {
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
    let lines_count = non_blank.len();
    if pipe_rows >= 3 && pipe_rows * 5 >= lines_count {
        let evidence = format!("{lines_count} 行中有 {pipe_rows} 行是以“|”起止的表格行");
        (Layout::PipeTable, evidence)
    } else if lone_pipes >= 3 && lone_pipes * 5 >= lines_count {
        let evidence = format!("{lines_count} 行中有 {lone_pipes} 行只有“|”，单元格逐行排列");
        (Layout::PipeTableCellLines, evidence)
    } else if tab_cells >= 4 && tab_cells * 3 >= lines_count {
        let evidence = format!("{lines_count} 行中有 {tab_cells} 行以制表符开头，单元格逐行排列");
        (Layout::TabCells, evidence)
    } else if tab_rows >= 3 && tab_rows * 3 >= lines_count {
        let evidence = format!("{lines_count} 行中有 {tab_rows} 行以制表符分隔单元格");
        (Layout::TabRows, evidence)
    } else {
        let layout = text::detect(lines);
        let evidence = match layout {
            Layout::MarkdownHeadings => "Markdown 标题带有“一、”“（一）”编号",
            Layout::NumberedItems => "正文中有“1.”“1、”类编号条目",
            Layout::Paragraphs => "正文以“（一）”段落或“第N条”条文为任务",
            _ => "未见编号条目、章节编号或表格行",
        };
        (layout, evidence.to_string())
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
