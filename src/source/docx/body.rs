//! `word/document.xml` → the decoded text: one line per paragraph, `#` lines for headings, list
//! labels written out, and tables as pipe tables, so that the text layouts read a Word document
//! exactly as they read the same plan exported to text.

use quick_xml::events::BytesStart;

use super::numbering::{Counters, Numbering};
use super::styles::{ParagraphProperties, Styles, outline_to_heading};
use super::xml::{self, Visitor};
use crate::source::{WordElement, WordPlace};

/// Elements whose content is not part of the body text: text boxes (`w:txbxContent`, noted),
/// deleted and moved-away revisions, old properties kept by revision tracking, section properties
/// (header and footer references), and `mc:Fallback`, the older copy of content Word also writes in
/// `mc:Choice`, which would otherwise be read twice.
const SKIPPED: [&str; 10] = [
    "txbxContent",
    "del",
    "moveFrom",
    "pPrChange",
    "rPrChange",
    "tcPrChange",
    "trPrChange",
    "tblPrChange",
    "sectPr",
    "Fallback",
];

/// What the body holds that wenshen does not read, for the notes on the document.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unread {
    pub text_boxes: bool,
    pub notes: bool,
    pub comments: bool,
}

/// The body as decoded text, and what was left unread.
#[derive(Debug)]
pub(super) struct Body {
    pub text: String,
    /// The opening `|` of each empty cell that does not continue a vertical merge, in order.
    pub unmerged_cells: Vec<usize>,
    /// Where each paragraph's and table cell's text begins, in text order.
    pub places: Vec<WordPlace>,
    pub unread: Unread,
    /// The text would pass [`MAX_TEXT_BYTES`](crate::source::MAX_TEXT_BYTES): reading stopped.
    pub too_large: bool,
}

pub(super) fn read(
    xml: &str,
    styles: &Styles,
    numbering: &Numbering,
) -> Result<Body, quick_xml::Error> {
    let mut reader = BodyReader {
        styles,
        counters: Counters::new(numbering),
        text: String::new(),
        unmerged_cells: Vec::new(),
        places: Vec::new(),
        paragraphs: 0,
        tables: 0,
        unread: Unread::default(),
        budget: crate::source::MAX_TEXT_BYTES,
        too_large: false,
        skip_depth: 0,
        skipping_text_box: false,
        paragraph: None,
        in_paragraph_properties: false,
        in_run: false,
        in_text: false,
        table_depth: 0,
        rows: Vec::new(),
        row: None,
        cell: None,
        in_row_properties: false,
        in_cell_properties: false,
        cells_after_row: 0,
    };
    xml::walk(xml, &mut reader)?;
    Ok(Body {
        text: reader.text,
        unmerged_cells: reader.unmerged_cells,
        places: reader.places,
        unread: reader.unread,
        too_large: reader.too_large,
    })
}

#[derive(Debug, Default)]
struct Paragraph {
    properties: ParagraphProperties,
    text: String,
}

#[derive(Debug)]
struct OpenCell {
    /// The cell's paragraphs, each with its list label.
    paragraphs: Vec<String>,
    /// `w:gridSpan`: how many grid columns the cell covers.
    grid_span: usize,
    /// `w:vMerge` without `restart`: the cell continues the merged cell above.
    continues_merge: bool,
}

/// A finished cell of the outermost table.
#[derive(Debug)]
struct TableCell {
    text: String,
    /// Continues the vertically merged cell above (`w:vMerge` without `restart`).
    continues_merge: bool,
}

impl TableCell {
    /// A grid column without a cell of its own: before or after the row's cells, or covered by a
    /// cell spanning from its left. It is empty, and not merged with the cell above.
    fn uncovered() -> Self {
        TableCell {
            text: String::new(),
            continues_merge: false,
        }
    }
}

struct BodyReader<'a> {
    styles: &'a Styles,
    counters: Counters<'a>,
    text: String,
    unmerged_cells: Vec<usize>,
    places: Vec<WordPlace>,
    /// Body paragraphs with text outside tables, and top-level tables, so far: the numbers Word
    /// positions are named by.
    paragraphs: usize,
    tables: usize,
    unread: Unread,
    /// Bytes of text (and of table cells held for it) still allowed: the zip-bomb cap limits the
    /// XML, but the text made from it can be far larger (every row padded to the widest, a list
    /// label copied into every paragraph), so the text has a cap of its own.
    budget: usize,
    too_large: bool,
    /// Depth inside a [`SKIPPED`] element; 0 when reading.
    skip_depth: usize,
    skipping_text_box: bool,
    paragraph: Option<Paragraph>,
    in_paragraph_properties: bool,
    in_run: bool,
    in_text: bool,
    /// Tables nest in cells; only the outermost table gives rows, and a nested table's paragraphs
    /// join the outer cell's text.
    table_depth: usize,
    rows: Vec<Vec<TableCell>>,
    row: Option<Vec<TableCell>>,
    cell: Option<OpenCell>,
    in_row_properties: bool,
    in_cell_properties: bool,
    /// `w:gridAfter`: empty grid columns after the row's last cell.
    cells_after_row: usize,
}

impl Visitor for BodyReader<'_> {
    fn open(&mut self, name: &str, element: &BytesStart) {
        if self.skip_depth > 0 {
            self.skip_depth += 1;
            if self.skipping_text_box && name == "t" {
                self.unread.text_boxes = true;
            }
            return;
        }
        if SKIPPED.contains(&name) {
            self.skip_depth = 1;
            self.skipping_text_box = name == "txbxContent";
            return;
        }
        let outermost_table = self.table_depth == 1;
        match name {
            "p" => self.paragraph = Some(Paragraph::default()),
            "pPr" => self.in_paragraph_properties = self.paragraph.is_some(),
            "r" => self.in_run = true,
            "t" => self.in_text = self.in_run,
            "tab" | "ptab" if self.in_run => self.push_text("\t"),
            "br" | "cr" if self.in_run => self.push_text("\n"),
            "noBreakHyphen" if self.in_run => self.push_text("-"),
            "footnoteReference" | "endnoteReference" => self.unread.notes = true,
            "commentReference" => self.unread.comments = true,
            "tbl" => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.tables += 1;
                }
            }
            "tr" if outermost_table => self.row = Some(Vec::new()),
            "trPr" if outermost_table => self.in_row_properties = true,
            "gridBefore" if self.in_row_properties => {
                let count = grid_count(element);
                if let Some(row) = self.row.as_mut() {
                    row.extend(std::iter::repeat_with(TableCell::uncovered).take(count));
                }
            }
            "gridAfter" if self.in_row_properties => self.cells_after_row = grid_count(element),
            "tc" if outermost_table => {
                self.cell = Some(OpenCell {
                    paragraphs: Vec::new(),
                    grid_span: 1,
                    continues_merge: false,
                });
            }
            "tcPr" if outermost_table => self.in_cell_properties = true,
            "gridSpan" if self.in_cell_properties => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.grid_span = grid_count(element).max(1);
                }
            }
            "vMerge" if self.in_cell_properties => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.continues_merge =
                        xml::attribute(element, "val").as_deref() != Some("restart");
                }
            }
            _ if self.in_paragraph_properties => {
                if let Some(paragraph) = self.paragraph.as_mut() {
                    paragraph.properties.read(name, element);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return;
        }
        let outermost_table = self.table_depth == 1;
        match name {
            "p" => self.finish_paragraph(),
            "pPr" => self.in_paragraph_properties = false,
            "r" => self.in_run = false,
            "t" => self.in_text = false,
            "trPr" => self.in_row_properties = false,
            "tcPr" => self.in_cell_properties = false,
            "tc" if outermost_table => self.finish_cell(),
            "tr" if outermost_table => {
                if let Some(mut row) = self.row.take() {
                    row.extend(
                        std::iter::repeat_with(TableCell::uncovered).take(self.cells_after_row),
                    );
                    self.rows.push(row);
                }
                self.cells_after_row = 0;
            }
            "tbl" => {
                self.table_depth = self.table_depth.saturating_sub(1);
                if self.table_depth == 0 {
                    self.write_table();
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_text && self.skip_depth == 0 {
            self.push_text(text);
        }
    }
}

impl BodyReader<'_> {
    fn push_text(&mut self, text: &str) {
        if let Some(paragraph) = self.paragraph.as_mut() {
            // A carriage return can only come from a character reference (XML turns literal ones
            // into line feeds); it becomes a line feed here, so that the text needs no later
            // normalization that would move the offsets recorded for table cells.
            paragraph
                .text
                .extend(text.chars().map(|character| match character {
                    '\r' => '\n',
                    other => other,
                }));
        }
    }

    /// Takes `bytes` from the budget; `false` (and reading stops) when they are not there.
    fn spend(&mut self, bytes: usize) -> bool {
        match self.budget.checked_sub(bytes) {
            Some(left) if !self.too_large => {
                self.budget = left;
                true
            }
            _ => {
                self.too_large = true;
                false
            }
        }
    }

    /// Writes the paragraph as a line (or adds it to the open cell) with its list label in front.
    fn finish_paragraph(&mut self) {
        let Some(paragraph) = self.paragraph.take() else {
            return;
        };
        if self.too_large {
            return;
        }
        self.in_paragraph_properties = false;
        let properties = &paragraph.properties;
        let style_id = properties.style_id.as_deref();
        // Counted before a table of contents is skipped: Word shows its paragraphs.
        let counts = self.table_depth == 0 && !paragraph.text.trim().is_empty();
        self.paragraphs += usize::from(counts);
        if style_id.is_some_and(|id| self.styles.is_table_of_contents(id)) {
            return;
        }
        let from_style = style_id
            .map(|id| self.styles.numbering(id))
            .unwrap_or_default();
        let num_id = properties.numbering.num_id.or(from_style.num_id);
        let level = properties.numbering.level.or(from_style.level).unwrap_or(0);
        let label = num_id
            .filter(|id| *id != 0)
            .and_then(|id| self.counters.next_label(id, level))
            .unwrap_or_default();
        // Indentation (tabs, spaces, 全角空格) is layout, not content; a leading tab would also make
        // the line look like a cell of the tab-separated layout.
        let body = paragraph
            .text
            .trim_start_matches([' ', '\t', '\u{3000}'])
            .trim_end();
        if !self.spend(label.len() + body.len() + 1 + std::mem::size_of::<WordPlace>()) {
            return;
        }
        let line = format!("{label}{body}");

        if let Some(cell) = self.cell.as_mut() {
            // A cell stays on one pipe-table line: breaks become spaces and a `|` in the text must not
            // end the cell.
            let flat: String = line
                .chars()
                .map(|character| match character {
                    '\n' | '\t' => ' ',
                    '|' => '｜',
                    other => other,
                })
                .collect();
            let flat = flat.trim();
            if !flat.is_empty() {
                cell.paragraphs.push(flat.to_string());
            }
            return;
        }

        let heading_level = match properties.outline_level {
            Some(level) => outline_to_heading(level),
            None => style_id.and_then(|id| self.styles.heading_level(id)),
        };
        let region = self.text.len();
        if let Some(level) = heading_level.filter(|_| !line.is_empty()) {
            self.text.push_str(&"#".repeat(level as usize));
            self.text.push(' ');
        }
        if counts {
            self.places.push(WordPlace {
                region,
                text: self.text.len() + label.len(),
                element: WordElement::Paragraph(self.paragraphs),
            });
        }
        self.text.push_str(&line);
        self.text.push('\n');
    }

    fn finish_cell(&mut self) {
        let Some(cell) = self.cell.take() else {
            return;
        };
        // A horizontally merged cell covers several grid columns; the columns it covers stay
        // empty (and unmerged from above) so that the cells after it keep their column.
        let covered = cell.grid_span.saturating_sub(1);
        if self.row.is_none() || !self.spend(covered * std::mem::size_of::<TableCell>()) {
            return;
        }
        let Some(row) = self.row.as_mut() else {
            return;
        };
        // An empty cell is what the pipe-table layout reads as "merged from above"; a continuation
        // cell of a vertical merge is exactly that.
        let text = if cell.continues_merge {
            String::new()
        } else {
            cell.paragraphs.join(" ")
        };
        row.push(TableCell {
            text,
            continues_merge: cell.continues_merge,
        });
        row.extend(std::iter::repeat_with(TableCell::uncovered).take(covered));
    }

    /// Writes the finished outermost table as a pipe table between blank lines, with a header
    /// separator after its first row, and records where its empty unmerged cells are.
    fn write_table(&mut self) {
        let rows = std::mem::take(&mut self.rows);
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        // Every row is padded to the widest: `| ` and ` ` per cell (and an offset for each empty
        // one), `|\n` per row, and the header separator.
        let cells = width.saturating_mul(rows.len() + 1);
        let padding = cells
            .saturating_mul(3 + std::mem::size_of::<usize>() + std::mem::size_of::<WordPlace>());
        if !self.spend(padding.saturating_add(rows.len().saturating_mul(2))) {
            return;
        }
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
        for (index, row) in rows.iter().enumerate() {
            for column in 0..width {
                let cell = row.get(column);
                let text = cell.map_or("", |cell| cell.text.as_str());
                if text.is_empty() && !cell.is_some_and(|cell| cell.continues_merge) {
                    self.unmerged_cells.push(self.text.len());
                }
                self.places.push(WordPlace {
                    region: self.text.len(),
                    text: self.text.len() + "| ".len(),
                    element: WordElement::Cell {
                        table: self.tables,
                        row: index + 1,
                        column: column + 1,
                    },
                });
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

/// A `w:gridSpan` / `w:gridBefore` / `w:gridAfter` count. Word's grid has at most 63 columns;
/// a larger number is damage and is capped so that it cannot blow up the row.
fn grid_count(element: &BytesStart) -> usize {
    const MAX_GRID_COLUMNS: u32 = 63;
    xml::number_value(element).map_or(0, |count| count.min(MAX_GRID_COLUMNS) as usize)
}
