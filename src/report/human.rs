//! Human output: each finding rendered by miette like a compiler error — severity, code, message,
//! the document's name, the primary label on the exact span, secondary labels, help, and the
//! legal basis as a footer.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use textwrap::core::Word;
use textwrap::{WordSeparator, WordSplitter};

use super::{Sources, Totals, escape_controls, escape_controls_in_lines, needs_escape};
use crate::engine::{Checked, Finding};
use crate::rules::{RuleError, RuleErrors, Severity};
use crate::source::{LineIndex, Span};

/// Lines longer than this many bytes are shown cut around their label: miette draws a whole line
/// for every finding on it (a line of 87 KB with 3,000 findings gave 534 MB of report) and panics
/// when a label starts past display column 65,535. At most 4,096 columns even of tabs.
const LONG_LINE: usize = 4096;

/// Characters kept on each side of a label on a cut line.
const CONTEXT_CHARS: usize = 40;

/// The most lines between a diagnostic's first and last label that are read to decide whether
/// miette may draw them (see [`needs_excerpt`]): a bound on the work per finding.
const SNIPPET_LINES: usize = 200;

/// Bytes of a label shown on a cut line; a longer label is cut at a character boundary.
const LONG_LABEL: usize = 400;

/// How to render: colour only for a terminal that allows it; a fixed width for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
        }
    }
}

fn handler(style: Style, footer: Option<String>) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_word_separator(WordSeparator::Custom(phrases))
        .with_word_splitter(WordSplitter::NoHyphenation);
    match footer {
        Some(footer) => handler.with_footer(footer),
        None => handler,
    }
}

/// Splits a line of a message, help or footer where miette may wrap it: after a space, after a
/// pause or closing mark (`，` `。` `）` `》`…) unless another closing mark follows, and before an
/// opening mark (`（` `《`…). Chinese may break after any character, but breaking at phrases
/// keeps `GB/T 9704-2012`, file paths, book titles and document numbers whole, and hands
/// textwrap a few words per line instead of one per character: a fifth of a human report's cost
/// went to wrapping. A phrase longer than the line is still broken at the width.
fn phrases(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    const CLOSING: &[char] = &[
        '，', '。', '、', '；', '：', '！', '？', '）', '》', '」', '』', '”', '’', '】', '〉', '…',
    ];
    const OPENING: &[char] = &['（', '《', '「', '『', '“', '‘', '【', '〈'];
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    Box::new(std::iter::from_fn(move || {
        while let Some((at, c)) = chars.next() {
            let end = at + c.len_utf8();
            let breaks_here = chars.peek().is_none_or(|&(_, next)| {
                if CLOSING.contains(&next) || OPENING.contains(&c) {
                    false
                } else if c == ' ' {
                    next != ' '
                } else {
                    (CLOSING.contains(&c) && next != ' ') || OPENING.contains(&next)
                }
            });
            if breaks_here {
                let word = Word::from(&line[start..end]);
                start = end;
                return Some(word);
            }
        }
        None
    }))
}

/// A document's text for miette, which asks for the lines around each label. miette's reading
/// of a `str` counts lines from the start of the text on every request, which made rendering a
/// document's findings quadratic in its length; this one starts a line before the first line
/// shown, found in the line index, and gives the same answer.
struct DocumentSource<'a> {
    name: &'a str,
    text: &'a str,
    /// `None` when the text holds a CR, which miette also counts as a line break (or when no
    /// index was given): then every request reads from the start, as miette does.
    lines: Option<&'a LineIndex<'a>>,
}

impl<'a> DocumentSource<'a> {
    fn new(name: &'a str, text: &'a str, lines: Option<&'a LineIndex<'a>>) -> DocumentSource<'a> {
        DocumentSource {
            name,
            text,
            lines: lines.filter(|_| !text.contains('\r')),
        }
    }
}

impl SourceCode for DocumentSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // miette's reading, started at a line start, depends on the lines before it only through
        // their count, provided it starts before the byte ahead of the span: so start one line
        // before the first line it shows and add the lines skipped.
        // miette's own reading panics on a span past the end.
        if span.offset() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (start, skipped) = match self.lines {
            Some(lines) => {
                let line = lines.line_of(span.offset());
                let first = line.saturating_sub(context_lines_before + 1).max(1);
                let start = lines.line_range(first).map_or(0, |range| range.start);
                (start, first - 1)
            }
            None => (0, 0),
        };
        let window = &self.text.as_bytes()[start..];
        let shifted = SourceSpan::new((span.offset() - start).into(), span.len());
        let contents = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        let found = contents.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new((found.offset() + start).into(), found.len()),
            contents.line() + skipped,
            characters_before(self.text, span.offset(), contents.column()),
            contents.line_count() + skipped,
        )))
    }
}

/// miette's column of a span (the header's `计划.txt:20:39`) counts bytes from the line start, which
/// on a Chinese line is three times the column every other report gives: count characters.
fn characters_before(text: &str, offset: usize, byte_column: usize) -> usize {
    offset
        .checked_sub(byte_column)
        .and_then(|line_start| text.get(line_start..offset))
        .map_or(byte_column, |before| before.chars().count())
}

/// A diagnostic as miette is given it: its texts with control characters shown by stand-ins
/// ([`escape_controls`]), and, when a line it would draw is too long or holds such characters,
/// an [`Excerpt`] of the primary label's line in place of its source and labels.
struct Guarded<'d> {
    inner: &'d dyn Diagnostic,
    excerpt: Option<Excerpt>,
}

impl<'d> Guarded<'d> {
    /// Guards a diagnostic whose source is `text`, with its line index.
    fn over(inner: &'d dyn Diagnostic, name: &str, text: &str, lines: &LineIndex<'_>) -> Self {
        let labels: Vec<LabeledSpan> = inner.labels().map(Iterator::collect).unwrap_or_default();
        let excerpt = needs_excerpt(text, lines, &labels)
            .then(|| Excerpt::new(name, text, lines, &labels))
            .flatten();
        Guarded { inner, excerpt }
    }

    /// Guards any diagnostic: its source, if it has one, is read whole to find its lines.
    fn new(inner: &'d dyn Diagnostic) -> Self {
        let whole = inner.source_code().and_then(|source| {
            let contents = source
                .read_span(&SourceSpan::new(0.into(), 0), 0, usize::MAX)
                .ok()?;
            let name = contents.name().map(str::to_string);
            let text = std::str::from_utf8(contents.data()).ok()?.to_string();
            Some((name, text))
        });
        match whole {
            Some((name, text)) => {
                let lines = LineIndex::new(&text);
                Guarded::over(inner, name.as_deref().unwrap_or_default(), &text, &lines)
            }
            None => Guarded {
                inner,
                excerpt: None,
            },
        }
    }
}

/// Whether a line miette would draw is too long to draw whole or holds a character a terminal
/// would obey. miette may draw every line from the first label to the last in one snippet (two
/// labels a few lines apart and the lines between them), so all of those lines are looked at, and
/// labels further apart than [`SNIPPET_LINES`] are shown as an excerpt rather than read through.
fn needs_excerpt(text: &str, lines: &LineIndex<'_>, labels: &[LabeledSpan]) -> bool {
    let first = labels
        .iter()
        .map(|label| lines.line_of(label.offset()))
        .min();
    let last = labels
        .iter()
        .map(|label| lines.line_of(label.offset() + label.len().saturating_sub(1)))
        .max();
    let (Some(first), Some(last)) = (first, last) else {
        return false;
    };
    if last - first > SNIPPET_LINES {
        return true;
    }
    // miette draws a line of context around the labels, and a label ending at a line break one
    // more after it: two lines either side are looked at.
    let first = first.saturating_sub(2).max(1);
    (first..=(last + 2).min(lines.line_count())).any(|line| {
        lines.line_range(line).is_some_and(|range| {
            range.len() > LONG_LINE
                || text
                    .get(range)
                    .is_some_and(|line| line.chars().any(needs_escape))
        })
    })
}

/// The primary label's line cut to the label and [`CONTEXT_CHARS`] around it (`…` where cut),
/// with control characters shown by stand-ins; the labels on it that fit, moved onto it; and the
/// others, to be named in the help.
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line and character column of the primary label in the document.
    line: usize,
    column: usize,
    labels: Vec<LabeledSpan>,
    elsewhere: Vec<String>,
}

impl Excerpt {
    fn new(name: &str, text: &str, lines: &LineIndex<'_>, labels: &[LabeledSpan]) -> Option<Self> {
        let primary = labels
            .iter()
            .find(|label| label.primary())
            .or_else(|| labels.first())?;
        let line = lines.line_of(primary.offset());
        let range = lines.line_range(line)?;
        let start = text.floor_char_boundary(primary.offset().clamp(range.start, range.end));
        let end = text.floor_char_boundary(
            (primary.offset() + primary.len())
                .clamp(start, range.end)
                .min(start + LONG_LABEL),
        );
        let window_start = text
            .get(range.start..start)?
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(range.start, |(at, _)| range.start + at);
        let window_end = text
            .get(end..range.end)?
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(range.end, |(at, _)| end + at);
        let mut excerpt = String::new();
        if window_start > range.start {
            excerpt.push('…');
        }
        let prefix = excerpt.len();
        excerpt.push_str(&escape_controls(text.get(window_start..window_end)?));
        if window_end < range.end {
            excerpt.push('…');
        }
        // Where a document offset inside the window lands in the excerpt.
        let moved = |offset: usize| {
            let offset = text.floor_char_boundary(offset);
            prefix
                + text
                    .get(window_start..offset)
                    .map_or(0, |before| escape_controls(before).len())
        };
        let mut kept = Vec::new();
        let mut elsewhere = Vec::new();
        for label in labels {
            let (from, to) = if std::ptr::eq(label, primary) {
                (start, end)
            } else {
                (label.offset(), label.offset() + label.len())
            };
            if window_start <= from && to <= window_end {
                let span = SourceSpan::new(moved(from).into(), moved(to) - moved(from));
                let text = label.label().map(|text| escape_controls(text).into_owned());
                kept.push(if label.primary() {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                });
            } else {
                let at = lines.line_column(from);
                elsewhere.push(format!(
                    "另见 {}:{}:{}：{}",
                    escape_controls(name),
                    at.line,
                    at.column,
                    escape_controls(label.label().unwrap_or_default())
                ));
            }
        }
        Some(Excerpt {
            name: escape_controls(name).into_owned(),
            text: excerpt,
            line: line - 1,
            column: lines.line_column(start).column - 1,
            labels: kept,
            elsewhere,
        })
    }
}

impl SourceCode for Excerpt {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        if span.offset() + span.len() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(0.into(), self.text.len()),
            self.line,
            self.column,
            1,
        )))
    }
}

impl fmt::Debug for Guarded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.inner, f)
    }
}

impl fmt::Display for Guarded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_controls_in_lines(&self.inner.to_string()))
    }
}

impl std::error::Error for Guarded<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

impl Diagnostic for Guarded<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let code = self.inner.code()?.to_string();
        Some(Box::new(escape_controls(&code).into_owned()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let mut help: Vec<String> = self
            .inner
            .help()
            .map(|help| escape_controls_in_lines(&help.to_string()).into_owned())
            .into_iter()
            .collect();
        if let Some(excerpt) = &self.excerpt {
            help.extend(excerpt.elsewhere.iter().cloned());
        }
        (!help.is_empty()).then(|| Box::new(help.join("\n")) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.url()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match &self.excerpt {
            Some(excerpt) => Some(excerpt),
            None => self.inner.source_code(),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        match &self.excerpt {
            Some(excerpt) => Some(Box::new(excerpt.labels.iter().cloned())),
            None => Some(Box::new(self.inner.labels()?.map(|mut label| {
                let text = label.label().map(|text| escape_controls(text).into_owned());
                label.set_label(text);
                label
            }))),
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        self.inner.related()
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.inner.diagnostic_source()
    }
}

/// Renders any diagnostic (an input, rule or configuration error) with `handler`, guarded as a
/// finding is: a long line is cut and control characters are shown by stand-ins.
pub fn render_guarded(
    handler: &GraphicalReportHandler,
    diagnostic: &dyn Diagnostic,
    out: &mut impl fmt::Write,
) -> fmt::Result {
    handler.render_report(out, &Guarded::new(diagnostic))
}

/// A finding as a miette diagnostic over its document's text.
struct FindingDiagnostic<'f> {
    finding: &'f Finding,
    source: Option<&'f DocumentSource<'f>>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic")
            .field("code", &self.finding.code)
            .finish()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // `警告[GK103] 完成时限无法核查`: the severity in words, since the no-colour theme shows it
        // only as a symbol, and the rule's Chinese title rather than its English id.
        Some(Box::new(format!(
            "{}[{}] {}",
            self.finding.severity.in_words(),
            self.finding.code,
            self.finding.title
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.finding.help.is_empty())
            .then(|| Box::new(&self.finding.help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let length = self.source?.text.len();
        // A span from a damaged model must not break rendering: clamp it into the text.
        let clamp = move |span: Span| {
            let start = span.start().min(length);
            Span::new(start, span.end().clamp(start, length))
        };
        let primary = LabeledSpan::new_primary_with_span(
            Some(self.finding.label.clone()),
            clamp(self.finding.span),
        );
        let secondary = self
            .finding
            .secondary
            .iter()
            .filter(|label| label.file == self.finding.file)
            .map(move |label| {
                LabeledSpan::new_with_span(Some(label.text.clone()), clamp(label.span))
            });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// Renders one finding over `source`, its file's text, indexed by `lines`.
fn render_finding(
    finding: &Finding,
    source: &DocumentSource<'_>,
    lines: &LineIndex<'_>,
    sources: &Sources<'_>,
    style: Style,
) -> String {
    let mut footer = Vec::new();
    // A PDF's text has no lines of its own for the reader to find: the page says where to look.
    if let Some(file) = sources
        .get(&finding.file)
        .filter(|file| file.page_at(finding.span.start()).is_some())
    {
        let place = super::place_in_words(file, lines, finding.span.start());
        footer.push(format!("位置：{place}"));
    }
    for label in finding
        .secondary
        .iter()
        .filter(|label| label.file != finding.file)
    {
        let position = sources
            .line_column(&label.file, label.span.start())
            .map_or_else(
                || label.file.clone(),
                |at| format!("{}:{}:{}", label.file, at.line, at.column),
            );
        footer.push(format!("另见 {position}：{}", label.text));
    }
    if !finding.basis.is_empty() {
        footer.push(format!("依据：{}", finding.basis));
    }
    let footer =
        (!footer.is_empty()).then(|| escape_controls_in_lines(&footer.join("\n")).into_owned());
    let diagnostic = FindingDiagnostic {
        finding,
        source: Some(source),
    };
    let guarded = Guarded::over(&diagnostic, source.name, source.text, lines);
    let mut out = String::new();
    if handler(style, footer)
        .render_report(&mut out, &guarded)
        .is_err()
    {
        out = format!(
            "{}[{}] {}: {}\n",
            finding.severity.as_str(),
            finding.code,
            escape_controls(&finding.file),
            escape_controls_in_lines(&finding.message)
        );
    }
    out
}

/// Renders all findings, then a summary line.
pub fn render_findings(files: &[Checked], style: Style) -> String {
    super::Stream::human(style).whole(files)
}

/// One file's findings, each followed by a blank line.
pub(super) fn render_file(file: &Checked, sources: &Sources<'_>, style: Style) -> String {
    let mut out = String::new();
    if file.findings.is_empty() {
        return out;
    }
    // The line index the report made of this file (not of another file of its name).
    let indexed = sources
        .indexed(&file.source.name)
        .filter(|(indexed, _)| std::ptr::eq(*indexed, &file.source))
        .map(|(_, lines)| lines);
    let own;
    let lines = match indexed {
        Some(lines) => lines,
        None => {
            own = file.source.line_index();
            &own
        }
    };
    let name = escape_controls(&file.source.name);
    let source = DocumentSource::new(&name, &file.source.text, Some(lines));
    for finding in &file.findings {
        out.push_str(&render_finding(finding, &source, lines, sources, style));
        out.push('\n');
    }
    out
}

/// `检查了 5 个文件：3 个错误，2 个警告，0 条提示`.
pub fn summary(totals: &Totals) -> String {
    let Totals {
        files,
        errors,
        warnings,
        infos,
    } = totals;
    format!("检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 条提示")
}

/// Renders one rule-file error.
pub fn render_rule_error(error: &RuleError, style: Style) -> String {
    let mut out = String::new();
    if render_guarded(&handler(style, None), error, &mut out).is_err() {
        out = format!(
            "error[{}]: {}\n",
            error.code,
            escape_controls_in_lines(&error.message)
        );
    }
    out
}

/// Renders every rule error, then a count.
pub fn render_rule_errors(errors: &RuleErrors, style: Style) -> String {
    let mut out = String::new();
    for error in &errors.errors {
        out.push_str(&render_rule_error(error, style));
        out.push('\n');
    }
    out.push_str(&format!(
        "规则中有 {} 处错误，未检查任何文件\n",
        errors.errors.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a reading of `source` gives, in comparable form: data, span, line, column, line
    /// count, name.
    /// `text`, when given, is the text miette's byte column is counted in, to be read in
    /// characters.
    fn read(
        source: &dyn SourceCode,
        span: SourceSpan,
        before: usize,
        after: usize,
        text: Option<&str>,
    ) -> Option<String> {
        let contents = source.read_span(&span, before, after).ok()?;
        let column = text.map_or(contents.column(), |text| {
            characters_before(text, span.offset(), contents.column())
        });
        Some(format!(
            "{:?} {:?} {} {} {} {:?}",
            contents.data(),
            contents.span(),
            contents.line(),
            column,
            contents.line_count(),
            contents.name()
        ))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The windowed reading answers as miette's own reading of the whole text, for any span
        /// (empty ones, ones on a line break, ones past the end) and any number of context lines,
        /// with the column in characters where miette counts bytes.
        #[test]
        fn reads_as_miette_does(
            text in "[a\n任务。]{0,40}|[a\n任务。\r]{0,40}",
            start in 0usize..45,
            length in 0usize..12,
            before in 0usize..4,
            after in 0usize..4,
        ) {
            let start = start.min(text.len());
            let span = SourceSpan::new(start.into(), length);
            let lines = LineIndex::new(&text);
            let ours = DocumentSource::new("计划.md", &text, Some(&lines));
            let theirs = miette::NamedSource::new("计划.md", text.clone());
            prop_assert_eq!(
                read(&ours, span, before, after, None),
                read(&theirs, span, before, after, Some(&text))
            );
        }
    }

    /// Each word as textwrap will place it: content and trailing whitespace.
    fn words(line: &str) -> Vec<String> {
        phrases(line)
            .map(|word| format!("{}{}", word.word, word.whitespace))
            .collect()
    }

    #[test]
    fn lines_break_at_phrases_and_keep_numbers_and_titles_whole() {
        assert_eq!(
            words("依据：GB/T 9704-2012《党政机关公文格式》7.2.4：年份用〔〕括入。”见 rules/data"),
            [
                "依据：",
                "GB/T ",
                "9704-2012",
                "《党政机关公文格式》",
                "7.2.4：",
                "年份用〔〕括入。”",
                "见 ",
                "rules/data"
            ]
        );
        assert_eq!(words(""), Vec::<String>::new());
        assert_eq!(words("  ，（"), ["  ，", "（"]);
    }

    #[test]
    fn a_long_help_wraps_within_the_width_at_phrases() {
        let help = "写明可核查的时间节点，如“2022年6月底前完成，年底前总结”；常年性工作写明阶段性节点，\
                    并在《政务公开工作要点》（国办发〔2022〕8号）规定的期限内逐项推动落实";
        let mut lines = Vec::new();
        let options = textwrap::Options::new(40)
            .word_separator(WordSeparator::Custom(phrases))
            .word_splitter(WordSplitter::NoHyphenation);
        for line in textwrap::wrap(help, options) {
            assert!(
                unicode_width::UnicodeWidthStr::width(line.as_ref()) <= 40,
                "{line}"
            );
            lines.push(line.into_owned());
        }
        assert_eq!(lines.concat(), help);
        assert!(lines.len() > 2);
        for line in &lines[1..] {
            assert!(!line.starts_with(['，', '；', '”', '）']), "{line}");
        }
        for line in &lines[..lines.len() - 1] {
            assert!(!line.ends_with(['“', '《', '（']), "{line}");
        }
    }

    proptest! {
        /// The words put back together give the line; none but the first starts with a closing
        /// mark, and none but the last ends with an opening one.
        #[test]
        fn words_cover_the_line(line in "[a 任，。”“《》（）]{0,30}") {
            let words = words(&line);
            prop_assert_eq!(words.concat(), line);
            for word in words.iter().skip(1) {
                prop_assert!(!word.starts_with(['，', '。', '”', '》', '）']), "{:?}", words);
            }
            for word in words.iter().rev().skip(1) {
                prop_assert!(!word.ends_with(['“', '《', '（']), "{:?}", words);
            }
        }
    }

    #[test]
    fn a_span_past_the_end_is_an_error() {
        let lines = LineIndex::new("任务\n");
        let source = DocumentSource::new("计划.md", "任务\n", Some(&lines));
        assert!(read(&source, SourceSpan::new(8.into(), 0), 1, 1, None).is_none());
    }
}
