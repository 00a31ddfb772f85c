//! Bytes → text. Decoding, line endings, spans and line/column lookup.
//!
//! With [`crate::cli`], the only module that touches the file system: everything after it works on
//! [`SourceFile`] text in memory. Errors are data ([`SourceError`]); the CLI renders them.

mod decode;
mod docx;
mod error;
mod html;
mod line_index;
mod span;

use std::path::Path;

pub use decode::decode;
pub use docx::{DOCX_ENCODING, MAX_DECOMPRESSED_BYTES};
pub use error::SourceError;
pub use line_index::{LineColumn, LineIndex};
pub use span::Span;

/// A decoded source file. `text` has CRLF and lone CR normalized to LF; all spans index it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given, with `/` separators.
    pub name: String,
    pub text: String,
    /// The encoding the bytes were decoded from: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`,
    /// `GB18030`, `Big5`, `DOCX` for a Word document (whose text is built from its XML), or `HTML`
    /// for a web page (whose text is built from its elements).
    pub encoding: &'static str,
    /// What decoding left out, in Chinese, for the parser to report (`P003`): text boxes,
    /// footnotes, comments, headers and footers of a Word document, or its damaged styles or
    /// numbering. The source stage cannot make
    /// document problems itself, because problems belong to the parsed document.
    pub notes: Vec<String>,
    /// Byte offsets in `text`, sorted, of the opening `|` of every empty table cell known not to
    /// continue a merged cell above: a Word cell that is simply empty, or a grid column covered by
    /// a cell spanning from its left. Text formats cannot tell, so for them this is empty and every
    /// empty cell is read as merged from above.
    pub unmerged_cells: Vec<usize>,
}

impl SourceFile {
    /// A source made from text already in memory (tests, rule examples).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: decode::normalize_line_endings(text.into()),
            encoding: "UTF-8",
            notes: Vec::new(),
            unmerged_cells: Vec::new(),
        }
    }

    /// The text a span covers; `None` when the span is out of range or not on character boundaries
    /// (a bug in whoever made the span, which callers can report instead of panicking).
    pub fn text_at(&self, span: Span) -> Option<&str> {
        self.text.get(span.range())
    }

    /// A line/column index over this file's text.
    pub fn line_index(&self) -> LineIndex<'_> {
        LineIndex::new(&self.text)
    }
}

/// Reads and decodes one file. The name is the path as given, displayed with `/`.
pub fn read_path(path: &Path) -> Result<SourceFile, SourceError> {
    let name = display_path(path);
    let bytes = std::fs::read(path).map_err(|error| SourceError::unreadable(&name, error))?;
    decode(&name, &bytes)
}

/// A path as the user wrote it, with `/` separators on every platform so that names in reports and
/// snapshots do not depend on the OS.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        shown.into_owned()
    } else {
        shown.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_text_normalizes_line_endings_like_decode() {
        let source = SourceFile::from_text("a.txt", "一\r\n二\r三");
        assert_eq!(
            (source.text.as_str(), source.encoding),
            ("一\n二\n三", "UTF-8")
        );
    }

    #[test]
    fn spans_slice_the_text_or_say_they_cannot() {
        let source = SourceFile::from_text("a.txt", "责任单位：县政府");
        let colon = "责任单位".len();
        assert_eq!(source.text_at(Span::new(0, colon)), Some("责任单位"));
        assert_eq!(source.text_at(Span::new(1, colon)), None);
        assert_eq!(source.text_at(Span::new(0, 1000)), None);
    }

    #[test]
    fn names_use_forward_slashes() {
        assert_eq!(
            display_path(Path::new("corpus/seeds/a.txt")),
            "corpus/seeds/a.txt"
        );
    }
}
