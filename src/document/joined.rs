//! Text joined from several pieces of the source, with a map back to the source bytes.
//!
//! Extraction damage splits words over page breaks (`生态环\n\n境`) and table cells over pages. The
//! parsers join the pieces so that extractors see `生态环境`, while every range in the joined text
//! still maps back to the exact source bytes.

use crate::source::Span;

/// A string built from source pieces. `pieces` holds `(joined_offset, source_offset, len)` in order.
///
/// It keeps two texts of equal byte length: the matching view the parsers search (traditional
/// characters read as simplified) and the text as written, which the model reports.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    text: String,
    written: String,
    pieces: Vec<(usize, usize, usize)>,
}

impl Joined {
    pub fn new() -> Self {
        Joined::default()
    }

    /// An empty text with room for `bytes` bytes of text.
    pub fn with_capacity(bytes: usize) -> Self {
        Joined {
            text: String::with_capacity(bytes),
            written: String::with_capacity(bytes),
            pieces: Vec::new(),
        }
    }

    /// Appends a piece of the source starting at `source_start` (tests build texts this way).
    #[cfg(test)]
    pub fn push(&mut self, piece: &str, source_start: usize) {
        self.push_pair(piece, piece, source_start);
    }

    /// Appends a piece as written and its matching view, which must have the same byte length.
    pub fn push_pair(&mut self, written: &str, matching: &str, source_start: usize) {
        if written.is_empty() || written.len() != matching.len() {
            return;
        }
        self.pieces
            .push((self.text.len(), source_start, written.len()));
        self.text.push_str(matching);
        self.written.push_str(written);
    }

    /// Appends another joined text.
    pub fn append(&mut self, other: &Joined) {
        for &(joined_start, source_start, len) in &other.pieces {
            let range = joined_start..joined_start + len;
            self.push_pair(
                &other.written[range.clone()],
                &other.text[range],
                source_start,
            );
        }
    }

    /// The matching view, for searching.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text as written, for the model.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// Where the last piece appended starts: a cell gathered over several lines has its own last
    /// line there.
    pub fn last_piece_start(&self) -> usize {
        self.pieces.last().map_or(0, |&(start, _, _)| start)
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The source span covering the whole text (empty span at 0 when there is no text).
    pub fn span(&self) -> Span {
        self.source_span(0..self.text.len())
    }

    /// Maps a range of the joined text to the source span from its first to its last byte.
    pub fn source_span(&self, range: std::ops::Range<usize>) -> Span {
        if self.pieces.is_empty() {
            return Span(0, 0);
        }
        let start = self.source_offset(range.start, false);
        let end = if range.end > range.start {
            self.source_offset(range.end, true)
        } else {
            start
        };
        Span(start, end.max(start))
    }

    /// The source offset of a joined offset. At a piece boundary, `at_end` picks the end of the
    /// earlier piece (for range ends) rather than the start of the later one.
    fn source_offset(&self, offset: usize, at_end: bool) -> usize {
        let index = self
            .pieces
            .partition_point(|&(joined_start, _, len)| {
                if at_end {
                    joined_start + len < offset
                } else {
                    joined_start + len <= offset
                }
            })
            .min(self.pieces.len() - 1);
        let (joined_start, source_start, len) = self.pieces[index];
        source_start + offset.saturating_sub(joined_start).min(len)
    }

    /// A new joined text of the given range.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Joined {
        let mut out = Joined::new();
        for &(joined_start, source_start, len) in &self.pieces {
            let piece_end = joined_start + len;
            let start = range.start.max(joined_start);
            let end = range.end.min(piece_end);
            if start < end {
                out.push_pair(
                    &self.written[start..end],
                    &self.text[start..end],
                    source_start + (start - joined_start),
                );
            }
        }
        out
    }

    /// The same text without leading and trailing whitespace.
    pub fn trimmed(&self) -> Joined {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len().max(start);
        self.slice(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ranges_across_pieces() {
        let source = "生态环\n\n境、公共";
        let mut joined = Joined::new();
        joined.push("生态环", 0);
        joined.push("境、公共", 11);
        assert_eq!(joined.as_str(), "生态环境、公共");
        let word = joined.as_str().find("环境").map(|at| at..at + "环境".len());
        let span = joined.source_span(word.unwrap_or(0..0));
        assert_eq!(&source[span.range()], "环\n\n境");
        assert_eq!(joined.span(), Span(0, source.len()));
    }

    #[test]
    fn slices_and_trims_keep_the_map() {
        let source = "  abc\ndef  ";
        let mut joined = Joined::new();
        joined.push("  abc", 0);
        joined.push("def  ", 6);
        let trimmed = joined.trimmed();
        assert_eq!(trimmed.as_str(), "abcdef");
        assert_eq!(&source[trimmed.span().range()], "abc\ndef");
        let tail = trimmed.slice(3..6);
        assert_eq!(tail.as_str(), "def");
        assert_eq!(tail.span(), Span(6, 9));
    }
}
