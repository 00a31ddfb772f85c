//! Byte offset → line and column, for diagnostics that speak to people.

use serde::Serialize;

/// A position for people: 1-based line, 1-based column counted in characters (not bytes), so that
/// `第 3 行第 5 列` lands on the fifth Chinese character of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two column checkpoints of a long line: a column is counted from the nearest
/// checkpoint before it, so a lookup reads at most this many bytes however long its line is.
const CHECKPOINT_STRIDE: usize = 4096;

/// A place in a long line and its columns, 0-based.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

/// The line starts of one text, built once and then queried per span.
///
/// Lines end at LF only: [`SourceFile`](super::SourceFile) text is already normalized.
#[derive(Debug, Clone)]
pub struct LineIndex<'text> {
    text: &'text str,
    /// Byte offset of the first byte of each line; always starts with 0.
    line_starts: Vec<usize>,
    /// Within lines longer than [`CHECKPOINT_STRIDE`], every stride's byte offset (on a character
    /// boundary) with its 0-based column in characters and in UTF-16 code units (SARIF's):
    /// counting from the line start for every finding made a line with many findings quadratic
    /// (a 10 MB line took a minute).
    checkpoints: Vec<Checkpoint>,
}

impl<'text> LineIndex<'text> {
    pub fn new(text: &'text str) -> Self {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(index, _)| index + 1))
            .collect();
        let mut checkpoints = Vec::new();
        let line_ends = line_starts.iter().skip(1).copied().chain([text.len()]);
        for (start, end) in line_starts.iter().copied().zip(line_ends) {
            if end - start <= CHECKPOINT_STRIDE {
                continue;
            }
            let mut last = Checkpoint {
                offset: start,
                chars: 0,
                utf16: 0,
            };
            loop {
                let next = text.floor_char_boundary(last.offset + CHECKPOINT_STRIDE);
                if next >= end || next <= last.offset {
                    break;
                }
                let part = text.get(last.offset..next).unwrap_or_default();
                last = Checkpoint {
                    offset: next,
                    chars: last.chars + part.chars().count(),
                    utf16: last.utf16 + part.encode_utf16().count(),
                };
                checkpoints.push(last);
            }
        }
        LineIndex {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// The number of lines; a trailing LF opens one more, empty, line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line and column of a byte offset. Never panics: an offset past the end is clamped to the
    /// end, and one inside a multi-byte character counts as that character.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let (line, column) = self.column(
            offset,
            |checkpoint| checkpoint.chars,
            |part| part.chars().count(),
        );
        LineColumn { line, column }
    }

    /// The 1-based column of a byte offset in UTF-16 code units (SARIF's columns), clamped as
    /// [`LineIndex::line_column`] is.
    pub fn utf16_column(&self, offset: usize) -> usize {
        self.column(
            offset,
            |checkpoint| checkpoint.utf16,
            |part| part.encode_utf16().count(),
        )
        .1
    }

    /// The 1-based line and column of a byte offset (clamped into the text, onto a character
    /// boundary), the column counted with `count` from the last checkpoint before it on its line
    /// (`known` the checkpoint's column), or from the line start.
    fn column(
        &self,
        offset: usize,
        known: impl Fn(&Checkpoint) -> usize,
        count: impl Fn(&str) -> usize,
    ) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        // `partition_point` finds the first line starting after `offset`; the line before it holds
        // the offset. The first line starts at 0, so the count is at least 1.
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let (from, counted) = match self
            .checkpoints
            .partition_point(|checkpoint| checkpoint.offset <= offset)
            .checked_sub(1)
            .and_then(|index| self.checkpoints.get(index))
        {
            Some(checkpoint) if checkpoint.offset > line_start => {
                (checkpoint.offset, known(checkpoint))
            }
            _ => (line_start, 0),
        };
        (
            line,
            counted + self.text.get(from..offset).map_or(0, count) + 1,
        )
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

    proptest::proptest! {
        /// Columns on long lines, read from the checkpoints, are the characters counted from the
        /// line start.
        #[test]
        fn long_lines_count_the_same_from_checkpoints(
            pieces in proptest::collection::vec("[a一😀\n]{0,3}|a{4000}|一{1500}|😀{1100}", 1..12),
            fraction in 0.0f64..=1.0,
        ) {
            let text = pieces.concat();
            let offset = (text.len() as f64 * fraction) as usize;
            let index = LineIndex::new(&text);
            let at = text.floor_char_boundary(offset);
            let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
            let expected = text[line_start..at].chars().count() + 1;
            proptest::prop_assert_eq!(index.line_column(offset).column, expected);
            let utf16 = text[line_start..at].encode_utf16().count() + 1;
            proptest::prop_assert_eq!(index.utf16_column(offset), utf16);
        }
    }

    #[test]
    fn a_long_line_has_checkpoints_and_a_short_one_none() {
        let long = format!("短\n{}", "一".repeat(10_000));
        assert!(LineIndex::new("一\n二").checkpoints.is_empty());
        let index = LineIndex::new(&long);
        assert_eq!(index.checkpoints.len(), 30_000 / CHECKPOINT_STRIDE);
        assert_eq!(index.line_column(long.len()).column, 10_001);
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
