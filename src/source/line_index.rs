//! Byte offset → line and column, for diagnostics that speak to people.

use serde::Serialize;

/// A position for people: 1-based line, 1-based column counted in characters (not bytes), so that
/// `第 3 行第 5 列` lands on the fifth Chinese character of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// The line starts of one text, built once and then queried per span.
///
/// Lines end at LF only: [`SourceFile`](super::SourceFile) text is already normalized.
#[derive(Debug, Clone)]
pub struct LineIndex<'text> {
    text: &'text str,
    /// Byte offset of the first byte of each line; always starts with 0.
    line_starts: Vec<usize>,
}

impl<'text> LineIndex<'text> {
    pub fn new(text: &'text str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(index, _)| index + 1))
            .collect();
        LineIndex { text, line_starts }
    }

    /// The number of lines; a trailing LF opens one more, empty, line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line and column of a byte offset. Never panics: an offset past the end is clamped to the
    /// end, and one inside a multi-byte character counts as that character.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        // `partition_point` finds the first line starting after `offset`; the line before it holds
        // the offset. The first line starts at 0, so the count is at least 1.
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |prefix| prefix.chars().count())
            + 1;
        LineColumn { line, column }
    }

    /// The 1-based line of a byte offset (an offset past the end is on the last line; a line's LF
    /// is on that line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// The byte range of a 1-based line, without its LF; `None` past the last line.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next_start| next_start - 1);
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(text: &str, offset: usize) -> (usize, usize) {
        let LineColumn { line, column } = LineIndex::new(text).line_column(offset);
        (line, column)
    }

    #[test]
    fn first_byte_is_line_one_column_one() {
        assert_eq!(position("abc", 0), (1, 1));
        assert_eq!(position("", 0), (1, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "一、总体要求\n（一）公开";
        assert_eq!(position(text, "一、总".len()), (1, 4));
        assert_eq!(position(text, "一、总体要求\n".len()), (2, 1));
        assert_eq!(position(text, "一、总体要求\n（一）".len()), (2, 4));
    }

    #[test]
    fn line_feed_belongs_to_the_line_it_ends() {
        assert_eq!(position("ab\ncd", 2), (1, 3));
        assert_eq!(position("ab\ncd", 3), (2, 1));
        assert_eq!(position("ab\n", 3), (2, 1));
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_do_not_panic() {
        // Byte 1 is inside `一` (3 bytes): it counts as that character.
        assert_eq!(position("一二", 1), (1, 1));
        assert_eq!(position("一二", 4), (1, 2));
        assert_eq!(position("一二", 100), (1, 3));
    }

    #[test]
    fn line_ranges_exclude_the_line_feed() {
        let text = "甲\n乙丙\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_range(1).map(|range| &text[range]), Some("甲"));
        assert_eq!(index.line_range(2).map(|range| &text[range]), Some("乙丙"));
        assert_eq!(index.line_range(3).map(|range| &text[range]), Some(""));
        assert_eq!(index.line_range(0), None);
        assert_eq!(index.line_range(4), None);
    }
}
