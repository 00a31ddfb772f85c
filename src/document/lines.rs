//! Lines of a document, stripped of Markdown markup, and what each line starts with.

use std::sync::LazyLock;

use regex::Regex;

use super::joined::Joined;
use crate::per_thread::PerThread;
use crate::source::Span;

/// One line of the source, without its line break.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// As written.
    pub text: &'a str,
    /// The matching view of the same bytes (see [`super::script`]).
    pub matching: &'a str,
    pub span: Span,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The lines of `text`; `matching` is its matching view, of the same byte length.
pub fn lines<'a>(text: &'a str, matching: &'a str) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split('\n') {
        let span = Span(start, start + piece.len());
        out.push(Line {
            text: piece,
            matching: matching.get(span.range()).unwrap_or(piece),
            span,
        });
        start += piece.len() + 1;
    }
    out
}

/// The line's content: without Markdown heading marks, bold marks, HTML paragraph tags and
/// surrounding whitespace, mapped back to the source.
pub fn content(line: &Line) -> Joined {
    let text = line.text;
    let mut start = 0;
    let trimmed = text.trim_start_matches([' ', '\t', '\u{3000}']);
    start += text.len() - trimmed.len();
    let after_hashes = trimmed.trim_start_matches('#');
    if after_hashes.len() != trimmed.len() && after_hashes.starts_with([' ', '\t']) {
        start += trimmed.len() - after_hashes.len();
    }
    let body = &text[start..];
    let matching = line.matching.get(start..).unwrap_or(body);
    let mut kept = Vec::new();
    let mut rest_start = 0;
    // Every marker starts with one of these bytes; most lines hold none and skip the search.
    if memchr::memchr3(b'*', b'_', b'<', body.as_bytes()).is_some() {
        for marker in MARKUP.find_iter(body) {
            kept.push(rest_start..marker.start());
            rest_start = marker.end();
        }
    }
    kept.push(rest_start..body.len());
    // Trimmed here rather than with `Joined::trimmed`, which would copy every line once more.
    let view = |range: &std::ops::Range<usize>| matching.get(range.clone()).unwrap_or_default();
    for range in kept.iter_mut() {
        let piece = view(range);
        range.start += piece.len() - piece.trim_start().len();
        if range.start < range.end {
            break;
        }
    }
    for range in kept.iter_mut().rev() {
        range.end = range.start + view(range).trim_end().len();
        if range.start < range.end {
            break;
        }
    }
    let mut joined = Joined::with_capacity(body.len());
    for range in kept {
        if let (Some(written), Some(matching)) =
            (body.get(range.clone()), matching.get(range.clone()))
        {
            joined.push_pair(written, matching, line.span.start() + start + range.start);
        }
    }
    joined
}

static MARKUP: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| PerThread::regex(r"\*\*|__|</?p>|<br\s*/?>"));

/// The structural label a piece of text starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// `一、`: a part.
    Part(String),
    /// `（一）` / `(一)`: a section (or, in paragraph plans, a task).
    Section(String),
    /// `1.` `1、` `1．`: a numbered item.
    Item(String),
    /// `第二条`: an article of a regulation, as written.
    Article(String),
}

impl Label {
    pub fn text(&self) -> &str {
        match self {
            Label::Part(text) | Label::Section(text) | Label::Item(text) | Label::Article(text) => {
                text
            }
        }
    }
}

/// The characters of part and section numbers (`一、`, `（十二）`).
const HAN_NUMERALS: &str = "一二三四五六七八九十百";

/// A cursor over the start of a label. Labels are short and of a fixed grammar; reading them by
/// hand costs a fraction of an anchored regex search with captures, and every line is asked.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    /// Takes one character of `set`.
    fn one_of(&mut self, set: &str) -> bool {
        match self.peek() {
            Some(c) if set.contains(c) => {
                self.at += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn spaces(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.at += c.len_utf8();
        }
    }

    /// Takes `min..=max` characters that pass `test`, as many as there are: the text taken, or
    /// `None` (and nothing taken) when fewer than `min` or more than `max` stand there.
    fn run(&mut self, min: usize, max: usize, test: impl Fn(char) -> bool) -> Option<&'a str> {
        let start = self.at;
        let mut end = start;
        let mut count = 0;
        for c in self.text[start..].chars().take_while(|&c| test(c)) {
            end += c.len_utf8();
            count += 1;
        }
        if count < min || count > max {
            return None;
        }
        self.at = end;
        Some(&self.text[start..end])
    }
}

/// A decimal digit as labels write them, ASCII or full-width (`１．`).
fn is_label_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_han_numeral(c: char) -> bool {
    HAN_NUMERALS.contains(c)
}

/// `一、`, `* 、`: the number of a part.
fn part_label(cursor: &mut Cursor) -> Option<String> {
    let number = if cursor.one_of("*") {
        "*"
    } else {
        cursor.run(1, 4, is_han_numeral)?
    };
    cursor.spaces();
    cursor.one_of("、，,．.").then(|| number.to_string())
}

/// `（一）`, `(一)、`, `( * )`: the number of a section.
fn section_label(cursor: &mut Cursor) -> Option<String> {
    if !cursor.one_of("（(") {
        return None;
    }
    cursor.spaces();
    let number = if cursor.one_of("*") {
        "*"
    } else {
        cursor.run(1, 4, is_han_numeral)?
    };
    cursor.spaces();
    if !cursor.one_of(")）") {
        return None;
    }
    cursor.spaces();
    cursor.one_of("、，,.．");
    Some(number.to_string())
}

/// `第二条`, `第 12 条`: an article, without its spaces.
fn article_label(cursor: &mut Cursor) -> Option<String> {
    let start = cursor.at;
    if !cursor.one_of("第") {
        return None;
    }
    cursor.spaces();
    cursor.run(1, 6, |c| {
        is_han_numeral(c) || "零〇".contains(c) || is_label_digit(c)
    })?;
    cursor.spaces();
    if !cursor.one_of("条") {
        return None;
    }
    let label = without_spaces(&cursor.text[start..cursor.at]);
    cursor.spaces();
    cursor.one_of("、，,.．:：");
    Some(label)
}

/// `1.`, `12、`, `3）`: the number of an item.
fn item_label(cursor: &mut Cursor) -> Option<String> {
    let number = cursor.run(1, 4, is_label_digit)?;
    cursor.spaces();
    cursor.one_of(".．、)）").then(|| number.to_string())
}

/// The label at the start of `text` and the byte length it takes (with trailing spaces).
pub fn label_at_start(text: &str) -> Option<(Label, usize)> {
    let first = text.chars().next()?;
    let mut cursor = Cursor { text, at: 0 };
    // Published copies mask numbers as ` * ` (`* 、`, `( * )`): still a label.
    let label = if is_han_numeral(first) || first == '*' {
        Label::Part(part_label(&mut cursor)?)
    } else if first == '第' {
        Label::Article(article_label(&mut cursor)?)
    } else if matches!(first, '（' | '(') {
        Label::Section(section_label(&mut cursor)?)
    } else {
        let number = item_label(&mut cursor)?;
        // `1.5倍` is a number, not an item; `2.2023年底前…` is an item whose text starts with a
        // date.
        let rest = &text[cursor.at..];
        if rest.starts_with(|c: char| c.is_ascii_digit()) && !starts_with_date(rest) {
            return None;
        }
        cursor.spaces();
        return Some((Label::Item(number), cursor.at));
    };
    cursor.spaces();
    Some((label, cursor.at))
}

/// Whether a line is a date alone (`2022年4月28日`, with extraction spaces): a signature's date.
pub fn is_date_line(text: &str) -> bool {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(rest) = text.strip_suffix('日') else {
        return false;
    };
    rest.split(['年', '月']).count() == 3
        && rest
            .split(['年', '月'])
            .all(|number| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a text starts with a year (`2023年`) or a month (`10月`).
fn starts_with_date(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let after = &text[digits..];
    (digits == 4 && after.starts_with('年'))
        || ((1..=2).contains(&digits) && after.starts_with('月'))
}

static JUNK: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(concat!(
        r"ICP备|公网安备|^[^，。；,;]{0,12}(https?://|www\.)\S*$|^(联系)?电话\s*[:：]|^联系(地址|我们)|^地址\s*[:：]|",
        r"^网站标识码|^版权所有|^主办\s*[:：]|^(打印|关闭)(本页|窗口)|^【\s*字体|^字号\s*[:：]|",
        r"^分享到|^扫一扫|^-{3,}$|^\*{3,}$|^_{3,}$|^(抄送|印送|送)\s*[:：]|",
        r"^[（(]\s*共印\s*\d+\s*份\s*[)）]$|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$|",
        r"^.{0,40}(办公室|办公厅|政府|局|委员会)\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
    ))
});

/// Whether a trimmed line may match [`JUNK`]: every alternative of it starts with one of
/// `JUNK_STARTS`, or holds one of `JUNK_WORDS`, or ends in 印发. The regex has no literal prefix for
/// its engine to scan for, and every line of a document is asked; a test keeps the two in step.
fn may_be_junk(line: &str) -> bool {
    JUNK_STARTS.iter().any(|start| line.starts_with(start))
        || JUNK_WORDS.iter().any(|word| line.contains(word))
        || line.ends_with("印发")
}

const JUNK_STARTS: [&str; 18] = [
    "电话",
    "联系",
    "地址",
    "网站标识码",
    "版权所有",
    "主办",
    "打印",
    "关闭",
    "【",
    "字号",
    "分享到",
    "扫一扫",
    "---",
    "***",
    "___",
    "送",
    "抄送",
    "印送",
];
const JUNK_WORDS: [&str; 5] = ["ICP备", "公网安备", "http", "www.", "共印"];

/// Web-page furniture (ICP numbers, phone and link lines) and print footers (`…印发`,
/// `(共印20份)`, 抄送): lines that are never part of a plan's content.
pub fn is_junk(content: &str) -> bool {
    let content = content.trim();
    may_be_junk(content) && JUNK.is_match(content)
}

static PAGE_NUMBER: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(
        r"^[-－—–]\s*\d{1,4}\s*[-－—–]$|^第\s*\d{1,4}\s*页(\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$",
    )
});

/// A printed page number standing alone on its line: `— 3 —` (GB/T 9704-2012 §7.5), `- 3 -`,
/// `第3页`, `第3页 共10页`. Page furniture, not content: it must neither end a task nor join a
/// table cell, so the parser drops these lines before anything else reads them.
pub fn is_page_number(text: &str) -> bool {
    PAGE_NUMBER.is_match(text.trim())
}

/// Whether a piece of text ends a sentence or a bracketed clause, so that what follows on the next
/// line starts something new rather than continuing a word split by a page break.
pub fn ends_complete(text: &str) -> bool {
    text.trim_end().ends_with([
        '。', '！', '？', '；', ';', '）', ')', '】', ']', '”', '」', '：', ':', '!', '?', '〕',
    ])
}

/// Removes whitespace from a title or name (extraction inserts spaces: `通 知`, `2022 年`).
pub fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line<'_> {
        Line {
            text,
            matching: text,
            span: Span(0, text.len()),
        }
    }

    #[test]
    fn content_strips_markup() {
        assert_eq!(content(&line("#### **四、补短板**")).as_str(), "四、补短板");
        assert_eq!(
            content(&line("  ### （二）加强公开 ")).as_str(),
            "（二）加强公开"
        );
        assert_eq!(content(&line("#标签不是标题")).as_str(), "#标签不是标题");
    }

    #[test]
    fn labels() {
        assert_eq!(
            label_at_start("十二、强化保障"),
            Some((Label::Part("十二".into()), "十二、".len()))
        );
        assert_eq!(
            label_at_start("(十五) 强化监督"),
            Some((Label::Section("十五".into()), "(十五) ".len()))
        );
        assert_eq!(
            label_at_start("7．推进公开"),
            Some((Label::Item("7".into()), "7．".len()))
        );
        assert_eq!(
            label_at_start("(三)、推进公开"),
            Some((Label::Section("三".into()), "(三)、".len()))
        );
        assert_eq!(
            label_at_start("12）推进公开"),
            Some((Label::Item("12".into()), "12）".len()))
        );
        assert_eq!(label_at_start("1.5倍以上"), None);
        assert_eq!(label_at_start("2022年"), None);
    }

    proptest::proptest! {
        /// The hand-written label reader reads what the label grammar's regular expressions match.
        #[test]
        fn labels_read_as_their_grammar_says(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "一", "十", "二", "百", "*", "（", "(", "）", ")", "、", "，", ",", "．", ".",
                    " ", "\u{3000}", "第", "零", "〇", "条", "：", ":", "1", "2", "１", "2023", "年",
                    "5", "月", "推进", "倍",
                ][..]),
                0..9,
            )
        ) {
            let text = pieces.concat();
            let han = HAN_NUMERALS;
            let grammar = [
                format!(r"^(?P<part>[{han}]{{1,4}}|\*)\s*[、，,．.]\s*"),
                format!(r"^[（(]\s*(?P<section>[{han}]{{1,4}}|\*)\s*[)）]\s*[、，,.．]?\s*"),
                format!(r"^(?P<article>第\s*[{han}零〇0-9０-９]{{1,6}}\s*条)\s*[、，,.．:：]?\s*"),
                r"^(?P<item>[0-9０-９]{1,4})\s*[.．、)）]\s*".to_string(),
            ];
            let expected = grammar.iter().find_map(|pattern| {
                let captures = Regex::new(pattern).unwrap().captures(&text)?;
                let end = captures.get(0)?.end();
                let label = if let Some(part) = captures.name("part") {
                    Label::Part(part.as_str().to_string())
                } else if let Some(section) = captures.name("section") {
                    Label::Section(section.as_str().to_string())
                } else if let Some(article) = captures.name("article") {
                    Label::Article(without_spaces(article.as_str()))
                } else {
                    let rest = &text[end..];
                    let number = captures.name("item")?.as_str();
                    let punctuation_end = captures.get(0)?.as_str().trim_end().len();
                    if text[punctuation_end..].starts_with(|c: char| c.is_ascii_digit())
                        && !starts_with_date(rest)
                    {
                        return None;
                    }
                    Label::Item(number.to_string())
                };
                Some((label, end))
            });
            proptest::prop_assert_eq!(label_at_start(&text), expected, "{}", text);
        }
    }

    #[test]
    fn page_numbers() {
        for text in [
            "— 3 —",
            "- 12 -",
            "－7－",
            "第3页",
            "第 3 页 共 10 页",
            " —  2  — ",
        ] {
            assert!(is_page_number(text), "{text}");
        }
        for text in ["—", "3", "第3条", "2022年", "——3项——任务", "- 3 - 完成"] {
            assert!(!is_page_number(text), "{text}");
        }
    }

    proptest::proptest! {
        /// The prefilter may only skip lines the regex would not match: texts made of the
        /// regex's own pieces find a word missing from [`JUNK_WORDS`].
        #[test]
        fn junk_lines_hold_a_prefilter_word(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "ICP备", "公网安备", "http://", "https://", "www.", "联系", "电话", "地址", "我们",
                    "：", ":", " ", "网站标识码", "版权所有", "主办", "打印", "关闭", "本页", "窗口",
                    "【", "字体", "字号", "分享到", "扫一扫", "-", "*", "_", "抄送", "印送", "送",
                    "（", "(", "共印", "3", "份", "）", ")", "2023", "年", "月", "日", "印发",
                    "办公室", "政府", "局", "委员会", "某县", "a", "，",
                ][..]),
                0..8,
            )
        ) {
            let text = pieces.concat();
            if JUNK.is_match(text.trim()) {
                proptest::prop_assert!(may_be_junk(text.trim()), "{text}");
            }
        }
    }

    #[test]
    fn junk_and_footers() {
        assert!(is_junk("京ICP备12345678号-1"));
        assert!(is_junk("政策解读链接:http://example.gov.cn/a.html"));
        assert!(is_junk("2023年3月1日印发"));
        assert!(is_junk("某县人民政府办公室 2023年3月1日印发"));
        assert!(is_junk("（共印15份）"));
        assert!(!is_junk("1. 推进政务公开。"));
    }
}
