//! Renders findings and rule errors: one file per output format. Rendering is pure (the checked
//! files in, text out); the CLI decides where it goes and whether colour is wanted.

pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod ledger;
pub mod sarif;
pub mod statistics;
mod stream;
pub mod tree;

pub use stream::Stream;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

use rayon::prelude::*;

use crate::engine::{Checked, Finding};
use crate::rules::Severity;
use crate::rules::ir::{CTemplate, TemplatePiece};
use crate::source::{LineColumn, LineIndex, SourceFile, Span, WordElement, WordPosition};

/// Every checked file's source by name, with its line index, built once per report: looking up
/// the file of a secondary label, or a line and column, then scans neither the other files nor
/// the text.
pub struct Sources<'a> {
    by_name: HashMap<&'a str, (&'a SourceFile, LineIndex<'a>)>,
}

impl<'a> Sources<'a> {
    pub fn new(files: &'a [Checked]) -> Sources<'a> {
        Sources::with_others(files, &[])
    }

    /// The sources of `files`, and `others` that secondary labels of their findings may point
    /// into (a streamed report's files of other batches).
    pub fn with_others(files: &'a [Checked], others: &'a [SourceFile]) -> Sources<'a> {
        let sources: Vec<&SourceFile> = files
            .iter()
            .map(|file| &file.source)
            .chain(others)
            .collect();
        // Indexing lines reads every text: done in parallel (a streamed report does it per batch).
        let indexed: Vec<(&SourceFile, LineIndex<'a>)> = sources
            .into_par_iter()
            .map(|source| (source, source.line_index()))
            .collect();
        let mut by_name = HashMap::with_capacity(indexed.len());
        for (source, index) in indexed {
            // The first file of a name wins, as findings are attached to it.
            by_name
                .entry(source.name.as_str())
                .or_insert((source, index));
        }
        Sources { by_name }
    }

    /// The source a finding's file name refers to.
    pub fn get(&self, name: &str) -> Option<&'a SourceFile> {
        self.by_name.get(name).map(|(source, _)| *source)
    }

    /// The named file's source and line index.
    pub fn indexed(&self, name: &str) -> Option<(&'a SourceFile, &LineIndex<'a>)> {
        self.by_name
            .get(name)
            .map(|(source, index)| (*source, index))
    }

    /// 1-based line and column (in characters) of a byte offset in the named file.
    pub fn line_column(&self, name: &str, offset: usize) -> Option<LineColumn> {
        self.by_name
            .get(name)
            .map(|(_, index)| index.line_column(offset))
    }
}

/// A position as a person looks for it: in a Word document the paragraph or table cell Word shows
/// (`第12段 第5字`, `表2 第4行 第3列 第1字`: paragraphs with text and top-level tables counted from
/// 1 in document order, characters of the element's own text), in a PDF the page and the line
/// on it (`第2页 第 3 行第 5 列`), elsewhere the line and column (`第 3 行第 5 列`). For any report
/// that names places for people.
pub fn place_in_words(source: &SourceFile, lines: &LineIndex<'_>, offset: usize) -> String {
    match source.word_position(offset) {
        Some(WordPosition {
            element,
            characters_before,
        }) => {
            let character = characters_before + 1;
            match element {
                WordElement::Paragraph(paragraph) => format!("第{paragraph}段 第{character}字"),
                WordElement::Cell { table, row, column } => {
                    format!("表{table} 第{row}行 第{column}列 第{character}字")
                }
            }
        }
        None => {
            let LineColumn { line, column } = lines.line_column(offset);
            match source.page_at(offset) {
                // A PDF: the page, and the line counted from the page's first line of text.
                Some(page) => {
                    let first = source.pages.get(page - 1).copied().unwrap_or(0);
                    let line = line + 1 - lines.line_column(first).line;
                    format!("第{page}页 第 {line} 行第 {column} 列")
                }
                None => format!("第 {line} 行第 {column} 列"),
            }
        }
    }
}

/// A span as lines and 1-based character columns. `end` is the position just after the last
/// character (exclusive), the convention of SARIF regions and GitHub annotations alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: LineColumn,
    pub end: LineColumn,
}

impl Region {
    pub fn of(index: &LineIndex<'_>, span: Span) -> Region {
        Region {
            start: index.line_column(span.start()),
            end: index.line_column(span.end()),
        }
    }
}

/// A rule's message or help template as text for rule listings (SARIF rule metadata), where there
/// is no finding to fill the expressions from: each expression shows as `…`.
pub fn template_outline(template: &CTemplate) -> String {
    template
        .pieces
        .iter()
        .map(|piece| match piece {
            TemplatePiece::Text(text) => text.as_str(),
            TemplatePiece::Expr(_) => "…",
        })
        .collect()
}

/// Every finding of every file, in output order.
pub fn findings(files: &[Checked]) -> impl Iterator<Item = &Finding> {
    files.iter().flat_map(|file| &file.findings)
}

/// The text under a span, or "" when the span is outside the text.
pub fn span_text(source: Option<&SourceFile>, span: Span) -> &str {
    source
        .and_then(|source| source.text.get(span.range()))
        .unwrap_or_default()
}

/// Text from a document, or a file name, as it may be shown on a terminal or in a line-based
/// report: control characters (which a terminal obeys: a window title, hidden text, erased lines),
/// bidirectional overrides (which reorder what is shown) and line breaks become visible stand-ins,
/// so that what is shown is what the text holds and one finding stays one line. Tabs are kept.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// As [`escape_controls`], keeping line feeds: for messages and help that are meant to span lines.
pub fn escape_controls_in_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_line_feeds: bool) -> Cow<'_, str> {
    let escaped =
        |character: char| needs_escape(character) && !(keep_line_feeds && character == '\n');
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if escaped(character) {
            push_stand_in(character, &mut out);
        } else {
            out.push(character);
        }
    }
    Cow::Owned(out)
}

/// Whether a character is shown by a stand-in: C0 and C1 controls but the tab, DEL, bidirectional
/// embeddings, overrides and isolates, and the Unicode line and paragraph separators.
pub(crate) fn needs_escape(character: char) -> bool {
    matches!(character,
        '\0'..='\u{8}'
        | '\u{a}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// A C0 control as its Control Pictures symbol (`␛` for ESC, `␊` for LF), DEL as `␡`, anything else
/// as `<U+202E>`.
fn push_stand_in(character: char, out: &mut String) {
    let code = u32::from(character);
    match code {
        0..=0x1f => out.extend(char::from_u32(0x2400 + code)),
        0x7f => out.push('␡'),
        // Writing to a String cannot fail.
        _ => {
            let _ = write!(out, "<U+{code:04X}>");
        }
    }
}

/// How many files were checked and how many findings of each severity they have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    pub fn of(files: &[Checked]) -> Totals {
        let count = |severity| {
            findings(files)
                .filter(|finding| finding.severity == severity)
                .count()
        };
        Totals {
            files: files.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }

    /// Adds another batch's totals.
    pub fn add(&mut self, other: Totals) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_position_names_its_page_and_the_line_on_it() {
        let mut source = SourceFile::from_text("a.pdf", "第一页\n第二行\n次页首行\n");
        source.pages = vec![0, "第一页\n第二行\n".len()];
        let lines = source.line_index();
        let second_page = "第一页\n第二行\n次页".len();
        assert_eq!(
            [0, "第一页\n第".len(), second_page]
                .map(|offset| place_in_words(&source, &lines, offset)),
            [
                "第1页 第 1 行第 1 列",
                "第1页 第 2 行第 2 列",
                "第2页 第 1 行第 3 列"
            ]
        );
    }

    #[test]
    fn controls_bidi_and_line_breaks_get_visible_stand_ins() {
        assert_eq!(
            escape_controls("a\u{1b}]0;标题\u{7}b\tc\nd\u{202e}e\u{85}"),
            "a␛]0;标题␇b\tc␊d<U+202E>e<U+0085>"
        );
        assert_eq!(escape_controls_in_lines("一\n二\u{1b}"), "一\n二␛");
        assert!(matches!(
            escape_controls("责任单位：县政府"),
            Cow::Borrowed(_)
        ));
    }
}
