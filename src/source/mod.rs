//! Bytes → text. Decoding, line endings, spans and line/column lookup.
//!
//! With [`crate::cli`], the only module that touches the file system: everything after it works on
//! [`SourceFile`] text in memory. Errors are data ([`SourceError`]); the CLI renders them.

mod decode;
mod docx;
mod error;
mod html;
mod line_index;
mod pdf;
mod span;

use std::io::Read;
use std::path::Path;

pub use decode::decode;
pub use docx::{DOCX_ENCODING, MAX_DECOMPRESSED_BYTES};
pub use error::SourceError;
pub use line_index::{LineColumn, LineIndex};
pub use pdf::PDF_ENCODING;
pub use span::Span;

/// A decoded source file. `text` has CRLF and lone CR normalized to LF; all spans index it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given, with `/` separators.
    pub name: String,
    pub text: String,
    /// The encoding the bytes were decoded from: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`,
    /// `GB18030`, `Big5`, `DOCX` for a Word document (whose text is built from its XML), `HTML`
    /// for a web page (whose text is built from its elements), or `PDF` for a PDF's text layer.
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
    /// For a Word document, where the text of each paragraph and table cell starts, in text
    /// order, so that a position can be named as Word shows it ([`SourceFile::word_position`]);
    /// empty for other formats.
    pub word_places: Vec<WordPlace>,
    /// Byte offsets in `text`, sorted, where each page of a PDF starts (the first is 0), so that
    /// positions can name their page ([`page_at`](Self::page_at)); empty for other formats.
    pub pages: Vec<usize>,
}

/// A Word element the text of a `.docx` was made from. Numbers are 1-based, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordElement {
    /// A paragraph of the body outside tables, counting those with text, as a reader counts them
    /// (empty paragraphs are spacing).
    Paragraph(usize),
    /// A cell of a top-level table: the table, its row (the header row is row 1) and its grid
    /// column (a cell merged across columns has the number of its first column).
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// Where a Word element's part of the decoded text begins: `region` at the start of what was
/// written for it (a heading's `#`, a list label, a cell's `| `), `text` at its own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordPlace {
    pub region: usize,
    pub text: usize,
    pub element: WordElement,
}

/// A position in a Word document: the element, and the characters of its own text before the
/// position (0 at its first character, and for positions in what was written before its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordPosition {
    pub element: WordElement,
    pub characters_before: usize,
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
            word_places: Vec::new(),
            pages: Vec::new(),
        }
    }

    /// The Word element a byte offset of the text falls in, `None` for other formats and for
    /// offsets before the first element.
    pub fn word_position(&self, offset: usize) -> Option<WordPosition> {
        let after = self
            .word_places
            .partition_point(|place| place.region <= offset);
        let place = self.word_places.get(after.checked_sub(1)?)?;
        let characters_before = self
            .text
            .get(place.text..offset)
            .map_or(0, |before| before.chars().count());
        Some(WordPosition {
            element: place.element,
            characters_before,
        })
    }

    /// The 1-based page of a PDF that the byte `offset` of `text` is on; `None` for other formats.
    pub fn page_at(&self, offset: usize) -> Option<usize> {
        if self.pages.is_empty() {
            return None;
        }
        Some(self.pages.partition_point(|&start| start <= offset).max(1))
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

/// The most bytes read from one input (a file, standard input, a configuration, calendar or
/// baseline file), and the most bytes of text decoded from one document (a Word document's text
/// can be far larger than its XML). Past it, the input is refused with `S008`.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// [`MAX_INPUT_BYTES`] as a length of text.
pub const MAX_TEXT_BYTES: usize = MAX_INPUT_BYTES as usize;

/// Reads and decodes one file. The name is the path as given, displayed with `/`.
pub fn read_path(path: &Path) -> Result<SourceFile, SourceError> {
    let name = display_path(path);
    let bytes = read_bytes(path).map_err(|error| error.named(&name))?;
    decode(&name, &bytes)
}

/// Why [`read_bytes`] read nothing.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    NotRegular,
    TooLarge,
}

impl ReadError {
    /// The error as a [`SourceError`] about `name`.
    pub fn named(self, name: &str) -> SourceError {
        match self {
            ReadError::Io(error) => SourceError::unreadable(name, error),
            ReadError::NotRegular => SourceError::not_regular(name),
            ReadError::TooLarge => SourceError::too_large(name, "大小"),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(error) => write!(f, "{error}"),
            ReadError::NotRegular => f.write_str("不是普通文件（是设备、管道或套接字）"),
            ReadError::TooLarge => write!(f, "超过 {} MiB 的上限", MAX_INPUT_BYTES / (1024 * 1024)),
        }
    }
}

/// Reads a whole file that is a regular file of at most [`MAX_INPUT_BYTES`], checked before
/// reading (a FIFO would block for ever, `/dev/zero` never ends) and while reading (a file that
/// grows, or one of `/proc` that says it is empty).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let regular = |metadata: std::fs::Metadata| {
        if !metadata.is_file() {
            Err(ReadError::NotRegular)
        } else if metadata.len() > MAX_INPUT_BYTES {
            Err(ReadError::TooLarge)
        } else {
            Ok(metadata.len())
        }
    };
    // Opening a FIFO blocks until a writer comes: look before opening.
    regular(std::fs::metadata(path).map_err(ReadError::Io)?)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let length = regular(file.metadata().map_err(ReadError::Io)?)?;
    read_limited(file, usize::try_from(length).unwrap_or_default())
}

/// Reads `reader` to its end, or fails past [`MAX_INPUT_BYTES`]; `expected` is a capacity hint.
pub fn read_limited(reader: impl Read, expected: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(expected);
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// As [`read_bytes`], as UTF-8 text (a UTF-8 BOM is dropped: Windows editors write one).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let mut bytes = read_bytes(path)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes)
        .map_err(|error| ReadError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, error)))
}

/// A path as the user wrote it, with `/` separators on every platform so that names in reports and
/// snapshots do not depend on the OS.
///
/// Files are keyed, sorted, deduplicated and baselined by this name, so two paths must never give
/// the same one: a byte that is not UTF-8 (a GBK name from a Windows zip archive) is written as
/// `\xD2`, not as the replacement character that made every such name one name.
pub fn display_path(path: &Path) -> String {
    let shown = lossless(path.as_os_str());
    if std::path::MAIN_SEPARATOR == '/' {
        shown
    } else {
        shown.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(unix)]
fn lossless(name: &std::ffi::OsStr) -> String {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let mut shown = String::with_capacity(name.len());
    for chunk in name.as_bytes().utf8_chunks() {
        shown.push_str(chunk.valid());
        for byte in chunk.invalid() {
            // Writing to a String cannot fail.
            let _ = write!(shown, "\\x{byte:02X}");
        }
    }
    shown
}

/// Elsewhere a name that is not Unicode is UTF-16 with unpaired surrogates: shown as they are
/// replaced, the only case left where two names may meet.
#[cfg(not(unix))]
fn lossless(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
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
    fn offsets_fall_in_the_word_element_whose_region_holds_them() {
        let mut source = SourceFile::from_text("a.docx", "# 一、标题\n| 甲 | 乙 |\n");
        let cell = "# 一、标题\n".len();
        source.word_places = vec![
            WordPlace {
                region: 0,
                text: "# ".len(),
                element: WordElement::Paragraph(1),
            },
            WordPlace {
                region: cell,
                text: cell + "| ".len(),
                element: WordElement::Cell {
                    table: 1,
                    row: 1,
                    column: 1,
                },
            },
        ];
        let at = |offset| {
            source
                .word_position(offset)
                .map(|at| (at.element, at.characters_before))
        };
        assert_eq!(at(0), Some((WordElement::Paragraph(1), 0)));
        assert_eq!(at("# 一、".len()), Some((WordElement::Paragraph(1), 2)));
        assert_eq!(
            at(cell + "| 甲".len()),
            Some((
                WordElement::Cell {
                    table: 1,
                    row: 1,
                    column: 1
                },
                1
            ))
        );
        assert_eq!(SourceFile::from_text("a.txt", "一").word_position(0), None);
    }

    #[test]
    fn spans_slice_the_text_or_say_they_cannot() {
        let source = SourceFile::from_text("a.txt", "责任单位：县政府");
        let colon = "责任单位".len();
        assert_eq!(source.text_at(Span::new(0, colon)), Some("责任单位"));
        assert_eq!(source.text_at(Span::new(1, colon)), None);
        assert_eq!(source.text_at(Span::new(0, 1000)), None);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let gbk = |bytes: &[u8]| display_path(Path::new(std::ffi::OsStr::from_bytes(bytes)));
        // 县要点 and 市要点 in GBK.
        let county = gbk(b"plans/\xcf\xd8\xd2\xaa\xb5\xe3.txt");
        let city = gbk(b"plans/\xca\xd0\xd2\xaa\xb5\xe3.txt");
        // `\xD2\xAA` happens to be UTF-8 (`Ҫ`): kept, the other bytes escaped.
        assert_eq!(county, "plans/\\xCF\\xD8Ҫ\\xB5\\xE3.txt");
        assert_ne!(county, city);
    }

    #[test]
    fn offsets_name_their_pdf_page() {
        let mut source = SourceFile::from_text("a.pdf", "一\n二\n三\n");
        assert_eq!(source.page_at(0), None);
        source.pages = vec![0, 4, 8];
        let pages: Vec<Option<usize>> = [0, 3, 4, 7, 8, 11]
            .into_iter()
            .map(|offset| source.page_at(offset))
            .collect();
        assert_eq!(
            pages,
            [Some(1), Some(1), Some(2), Some(2), Some(3), Some(3)]
        );
    }

    #[test]
    fn names_use_forward_slashes() {
        assert_eq!(
            display_path(Path::new("corpus/seeds/a.txt")),
            "corpus/seeds/a.txt"
        );
    }
}
