//! Bytes → text. Decoding, line endings, spans and line/column lookup.

mod span;

pub use span::Span;

/// A decoded source file. `text` has CRLF and lone CR normalized to LF; all spans index it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    pub encoding: &'static str,
}

impl SourceFile {
    /// A source made from text already in memory (tests, rule examples).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into().replace("\r\n", "\n"),
            encoding: "UTF-8",
        }
    }
}
