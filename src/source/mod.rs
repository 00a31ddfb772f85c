//! Bytes → text. Decoding, line endings, spans and line/column lookup.
//!
//! With [`crate::cli`], the only module that touches the file system: everything after it works on
//! [`SourceFile`] text in memory. Errors are data ([`SourceError`]); the CLI renders them.

mod decode;
mod error;
mod line_index;
mod span;

use std::path::Path;

pub use decode::decode;
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
    /// `GB18030` or `Big5`.
    pub encoding: &'static str,
}

impl SourceFile {
    /// A source made from text already in memory (tests, rule examples).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: decode::normalize_line_endings(text.into()),
            encoding: "UTF-8",
        }
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
