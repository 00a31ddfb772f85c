//! Byte spans: every model element and finding points back at its exact bytes.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a document's decoded text.
///
/// Serialized as a two-element array `[start, end]`, the form the JSON schema documents.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span(pub usize, pub usize);

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span(start, end)
    }

    pub fn start(self) -> usize {
        self.0
    }

    pub fn end(self) -> usize {
        self.1
    }

    pub fn len(self) -> usize {
        self.1 - self.0
    }

    pub fn is_empty(self) -> bool {
        self.1 == self.0
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span(self.0.min(other.0), self.1.max(other.1))
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.0..self.1
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span(range.start, range.end)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.0, span.len()).into()
    }
}
