//! Web pages (`.html`, `.htm`) saved from government websites, turned into the text the layouts
//! read: headings become `#` lines, paragraphs, list items and line breaks become lines, and tables
//! become pipe tables, one row per line, whose `rowspan` and `colspan` cells are marked as a Word
//! document's merged cells are (see [`SourceFile::unmerged_cells`](super::SourceFile)): the
//! continuation of a `rowspan` is an empty cell read as merged from above, while a column covered
//! by a `colspan` from its left, or a cell that is simply empty, is listed as not merged. Scripts,
//! styles and the page's `<head>` are left out. Spans index the text made here.

use scraper::{ElementRef, Html, Node};

/// The text of a page and the empty table cells that do not continue a merged cell above.
pub(super) struct Page {
    pub text: String,
    pub unmerged_cells: Vec<usize>,
}

/// Elements whose content is no part of the page's text.
const SKIPPED: [&str; 9] = [
    "head", "script", "style", "noscript", "template", "iframe", "svg", "button", "select",
];

/// Elements that stand on lines of their own.
const BLOCKS: [&str; 21] = [
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "form",
    "center",
    "hr",
    "caption",
    "figure",
];

/// Word's grid has at most 63 columns; wider spans are damage (or an attack) and are capped, as
/// the Word reader caps `gridSpan`. A `rowspan` reaches at most the rows the table has.
const MAX_COLSPAN: usize = 63;

/// Elements nested deeper than this are read as plain text, without recursion: a hostile page of
/// thousands of nested elements must not overflow a worker thread's stack.
const MAX_DEPTH: usize = 200;

/// Whether a file is a web page: by its name, or, for standard input and misnamed files, by its
/// start.
pub(super) fn is_html(name: &str, text: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.ends_with(".html") || name.ends_with(".htm") {
        return true;
    }
    let start: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

/// The page's text, as described in the module documentation.
pub(super) fn read(html: &str) -> Page {
    let document = Html::parse_document(html);
    let mut writer = Writer::default();
    writer.children(document.root_element());
    writer.end_line();
    Page {
        text: writer.text,
        unmerged_cells: writer.unmerged_cells,
    }
}

#[derive(Default)]
struct Writer {
    text: String,
    /// The line being written.
    line: String,
    /// Whitespace came since the last character: a space goes before the next one, unless both
    /// are Chinese (a line break in the page's source between two characters is layout).
    space: bool,
    unmerged_cells: Vec<usize>,
    /// How many elements the one being read is inside.
    depth: usize,
}

/// One cell of a table's grid.
enum Slot {
    Text(String),
    /// A cell with no text, not merged with the one above.
    Empty,
    /// Covered by a `rowspan` from above.
    FromAbove,
    /// Covered by a `colspan` from the left.
    FromLeft,
}

impl Writer {
    fn children(&mut self, element: ElementRef<'_>) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.inline(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, element: ElementRef<'_>) {
        let name = element.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        if self.depth >= MAX_DEPTH {
            for text in element.text() {
                self.inline(text);
            }
            return;
        }
        self.depth += 1;
        self.element_within(element, name);
        self.depth -= 1;
    }

    fn element_within(&mut self, element: ElementRef<'_>, name: &str) {
        let heading = match name {
            "h1" => Some(1),
            "h2" => Some(2),
            "h3" => Some(3),
            "h4" => Some(4),
            "h5" => Some(5),
            "h6" => Some(6),
            _ => None,
        };
        if name == "table" {
            self.end_line();
            self.table(element);
        } else if name == "br" {
            self.end_line();
        } else if let Some(level) = heading {
            self.end_line();
            self.children(element);
            if !self.line.trim().is_empty() {
                self.line = format!("{} {}", "#".repeat(level), self.line.trim());
            }
            self.end_line();
        } else if BLOCKS.contains(&name) {
            self.end_line();
            self.children(element);
            self.end_line();
        } else {
            self.children(element);
        }
    }

    fn inline(&mut self, text: &str) {
        for character in text.chars() {
            if character.is_whitespace() {
                self.space = true;
                continue;
            }
            if self.space
                && let Some(last) = self.line.chars().last()
                && (last.is_ascii() || character.is_ascii())
            {
                self.line.push(' ');
            }
            self.space = false;
            self.line.push(character);
        }
    }

    fn end_line(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            self.text.push_str(line);
            self.text.push('\n');
        }
        self.line.clear();
        self.space = false;
    }

    /// A cell's text on one line: its lines joined with spaces, `|` (which would split the cell)
    /// written full-width.
    fn cell_text(&self, cell: ElementRef<'_>) -> String {
        let mut writer = Writer {
            depth: self.depth,
            ..Writer::default()
        };
        writer.children(cell);
        writer.end_line();
        writer
            .text
            .lines()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('|', "｜")
    }

    fn table(&mut self, table: ElementRef<'_>) {
        let rows: Vec<ElementRef<'_>> = table
            .children()
            .filter_map(ElementRef::wrap)
            .flat_map(|child| match child.value().name() {
                "thead" | "tbody" | "tfoot" => {
                    child.children().filter_map(ElementRef::wrap).collect()
                }
                _ => vec![child],
            })
            .filter(|row| row.value().name() == "tr")
            .collect();
        // Per grid column, how many more rows a `rowspan` above still covers.
        let mut covered: Vec<usize> = Vec::new();
        let mut grid: Vec<Vec<Slot>> = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let rows_left = rows.len() - index;
            let mut slots = Vec::new();
            let mut column = 0;
            let take_covered =
                |slots: &mut Vec<Slot>, column: &mut usize, covered: &mut Vec<usize>| {
                    while covered.get(*column).is_some_and(|&left| left > 0) {
                        covered[*column] -= 1;
                        slots.push(Slot::FromAbove);
                        *column += 1;
                    }
                };
            for cell in row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|cell| matches!(cell.value().name(), "td" | "th"))
            {
                take_covered(&mut slots, &mut column, &mut covered);
                let span = |attribute: &str, most: usize| {
                    cell.value()
                        .attr(attribute)
                        .and_then(|value| value.trim().parse::<usize>().ok())
                        .map_or(1, |count| count.clamp(1, most))
                };
                let colspan = span("colspan", MAX_COLSPAN);
                let rowspan = span("rowspan", rows_left);
                let text = self.cell_text(cell);
                slots.push(if text.is_empty() {
                    Slot::Empty
                } else {
                    Slot::Text(text)
                });
                slots.extend(std::iter::repeat_with(|| Slot::FromLeft).take(colspan - 1));
                if covered.len() < column + colspan {
                    covered.resize(column + colspan, 0);
                }
                for left in &mut covered[column..column + colspan] {
                    *left = rowspan - 1;
                }
                column += colspan;
            }
            // Columns past the row's last cell that a rowspan still covers.
            while column < covered.len() {
                if covered[column] > 0 {
                    covered[column] -= 1;
                    slots.push(Slot::FromAbove);
                } else {
                    slots.push(Slot::Empty);
                }
                column += 1;
            }
            grid.push(slots);
        }
        self.write_table(&grid);
    }

    /// Writes the grid as a pipe table between blank lines, a header separator after its first
    /// row, as the Word reader does.
    fn write_table(&mut self, grid: &[Vec<Slot>]) {
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
        for (index, row) in grid.iter().enumerate() {
            for column in 0..width {
                let text = match row.get(column) {
                    Some(Slot::Text(text)) => text.as_str(),
                    Some(Slot::FromAbove) => "",
                    Some(Slot::Empty | Slot::FromLeft) | None => {
                        self.unmerged_cells.push(self.text.len());
                        ""
                    }
                };
                self.text.push_str("| ");
                self.text.push_str(text);
                self.text.push(' ');
            }
            self.text.push_str("|\n");
            if index == 0 {
                self.text.push_str(&"|---".repeat(width));
                self.text.push_str("|\n");
            }
        }
        self.text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_pages_are_read_without_recursing_into_every_level() {
        let depth = 2_000;
        let page = format!(
            "<html><body>{}年报{}</body></html>",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        // Run on a thread with a small stack, as a worker's: a recursion per level would overflow.
        let text = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || read(&page).text)
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(text, "年报\n");
    }

    #[test]
    fn pages_are_told_by_name_or_start() {
        assert!(is_html("要点.HTM", "某市"));
        assert!(is_html("<stdin>", "\u{feff}  <!DOCTYPE html><html>"));
        assert!(is_html("page", "<html lang=\"zh\">"));
        assert!(!is_html("要点.txt", "某市2023年政务公开工作要点"));
    }

    #[test]
    fn headings_paragraphs_and_breaks_become_lines() {
        let page = read(
            "<html><head><title>不读</title><style>p{}</style></head><body>\
             <h1>某市2023年\n  政务公开工作要点</h1><p>一、深化<b>重点</b>领域公开<br>1. 做好 2023 年报</p>\
             <script>alert(1)</script></body></html>",
        );
        assert_eq!(
            page.text,
            "# 某市2023年政务公开工作要点\n一、深化重点领域公开\n1. 做好 2023 年报\n"
        );
    }

    #[test]
    fn rowspan_continues_from_above_and_colspan_and_empty_cells_do_not() {
        let page = read(
            "<table><tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr>\
             <tr><td>1</td><td>公开年报</td><td rowspan=\"2\">县政府办</td><td></td></tr>\
             <tr><td>2</td><td>培训|考核</td><td>全年</td></tr>\
             <tr><td>3</td><td colspan=\"2\">政务公开培训</td><td>年内</td></tr></table>",
        );
        assert_eq!(
            page.text,
            "| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n\
             | 1 | 公开年报 | 县政府办 |  |\n| 2 | 培训｜考核 |  | 全年 |\n\
             | 3 | 政务公开培训 |  | 年内 |\n\n"
        );
        // The empty deadline of row 2 and the column the colspan covers in row 4 are not merged;
        // the rowspan's continuation (row 3, column 3) is.
        let cells: Vec<&str> = page
            .unmerged_cells
            .iter()
            .map(|&at| {
                let line_start = page.text[..at].rfind('\n').map_or(0, |end| end + 1);
                &page.text[line_start..at]
            })
            .collect();
        assert_eq!(cells, ["| 1 | 公开年报 | 县政府办 ", "| 3 | 政务公开培训 "]);
    }
}
