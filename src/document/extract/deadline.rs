//! Deadlines: classifying a 完成时限 value, and finding a time limit written inside a task's text.
//!
//! A deadline field holds anything from a calendar day (`2022年7月20日前`) to `全年`, `持续推进` or
//! `每季度`. [`classify_deadline`] names the kind and resolves calendar kinds to the last day they
//! allow, using the plan year when the text has no year (`10月底前`).
//!
//! Inside a task's text only calendar limits count (BRIEF.md §3, the strict reading the truth files
//! follow): `于2022年7月20日前`, `2022年9月底前`, `年底前`, `年内`, `本年度`.
//! [`find_inline_deadline`] finds the first one. Periods (`每年`, `每年度`, `全年` as the window of a
//! count), relative durations (`10个工作日内`, `3年内`) and mentions of years (`上一年度`,
//! `年度报告`, `2022年政务公开工作`) are not deadlines.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

use super::numeral::{CHINESE_NUMERAL_CHARS, arabic_digit, parse_number};
use super::script::fold_traditional;
use crate::document::DeadlineKind;
use crate::per_thread::PerThread;

/// The shapes of deadline phrase this module knows. The first four count inside task text; the
/// rest only as a deadline field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `于2022年7月20日前`, `7月20日之前`.
    DateBefore,
    /// `2022年9月底前`, `10月底前`, `9月中旬前`.
    MonthPartBefore,
    /// `年底前`, `2022年底前`, `于2022年年底前`, `今年年末前`.
    YearEndBefore,
    /// `年内`, `本年度`, `2022年内`, `年度内`.
    WithinYear,
    /// `2022年7月20日` in a field, without `前`.
    DateBare,
    /// `2022年9月`, `10月底`, `12月份`.
    MonthBare,
    /// `一季度`, `第三季度末`.
    Quarter,
    /// `上半年`, `下半年`.
    Half,
    /// `2022年`, `2022年度`, `年底`, `当年`: the year as a whole, due at its end.
    YearBare,
}

impl Shape {
    /// Characters every phrase of the shape holds, in each of its variants: a text without one of
    /// them cannot hold the shape, so its regex is not run (deadline phrases are the parser's
    /// costliest search).
    fn needs(self) -> &'static [char] {
        match self {
            Shape::DateBefore | Shape::MonthPartBefore => &['月', '前'],
            Shape::YearEndBefore => &['年', '前'],
            Shape::WithinYear | Shape::YearBare => &['年'],
            Shape::DateBare | Shape::MonthBare => &['月'],
            Shape::Quarter => &['季', '度'],
            Shape::Half => &['半', '年'],
        }
    }

    fn counts_inline(self) -> bool {
        matches!(
            self,
            Shape::DateBefore | Shape::MonthPartBefore | Shape::YearEndBefore | Shape::WithinYear
        )
    }
}

const YEAR: &str = r"(?P<year>[0-9０-９]{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*";
const MONTH: &str = r"(?P<month>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*";
const DAY: &str =
    r"(?P<day>[0-9０-９]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]";
/// `前`, `之前`, `以前`.
const BEFORE: &str = r"\s*[之以]?前";
/// The words for "this year" (当年, 今年, 本年度), for [`Shape::YearBare`].
const YEAR_ALT: &str = r"(?:[当今本]\s*年\s*度?)";

#[derive(Clone)]
struct ShapePattern {
    shape: Shape,
    regex: Regex,
}

static PATTERNS: LazyLock<PerThread<Vec<ShapePattern>>> =
    LazyLock::new(|| PerThread::new(shape_patterns()));

fn shape_patterns() -> Vec<ShapePattern> {
    let sources = [
        (
            Shape::DateBefore,
            format!(r"(?:于\s*)?(?:{YEAR})?{MONTH}{DAY}{BEFORE}"),
        ),
        (
            Shape::MonthPartBefore,
            format!(
                r"(?:于\s*)?(?:{YEAR})?{MONTH}(?:份\s*)?(?P<part>底|末|上旬|中旬|下旬){BEFORE}"
            ),
        ),
        (
            Shape::YearEndBefore,
            format!(r"(?:于\s*)?(?:(?:{YEAR}|[今本]\s*年\s*)(?:年\s*)?|年\s*)[底末]{BEFORE}"),
        ),
        (
            Shape::WithinYear,
            format!(
                r"(?:于\s*)?(?:{YEAR}度?\s*内|本\s*年\s*度(?:\s*内)?|[今本]\s*年\s*内|年\s*度?\s*内)"
            ),
        ),
        (Shape::DateBare, format!(r"(?:{YEAR})?{MONTH}{DAY}")),
        (
            Shape::MonthBare,
            format!(r"(?:{YEAR})?{MONTH}(?:份\s*)?(?P<part>底|末|上旬|中旬|下旬)?"),
        ),
        (
            Shape::Quarter,
            format!(r"(?:{YEAR})?第?\s*(?P<quarter>[一二三四1-4１-４])\s*季度\s*[末底]?"),
        ),
        (Shape::Half, format!(r"(?:{YEAR})?(?P<half>[上下])半年")),
        (
            Shape::YearBare,
            format!(r"(?:{YEAR}(?:[年度]\s*)?[底末]?|{YEAR_ALT}[底末]?|年\s*[底末])"),
        ),
    ];
    sources
        .into_iter()
        .map(|(shape, source)| ShapePattern {
            shape,
            regex: Regex::new(&source).expect("deadline patterns are valid regular expressions"),
        })
        .collect()
}

/// A phrase found and resolved: the last day it allows, given a year.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    kind: DeadlineKind,
    year: Option<i32>,
    month: u32,
    /// `None`: the last day of the month.
    day: Option<u32>,
}

impl Resolved {
    fn date(self, plan_year: Option<i32>) -> Option<NaiveDate> {
        let year = self.year.or(plan_year)?;
        match self.day {
            Some(day) => NaiveDate::from_ymd_opt(year, self.month, day),
            None if self.month == 12 => NaiveDate::from_ymd_opt(year, 12, 31),
            None => NaiveDate::from_ymd_opt(year, self.month + 1, 1)?.pred_opt(),
        }
    }
}

/// Classifies a deadline as written (a 完成时限 field, or a phrase [`find_inline_deadline`]
/// found) and resolves it to the last day it allows. A year missing from the text is taken from
/// `plan_year`; without either, calendar kinds come back with no date.
///
/// - `于2022年7月20日前`, `7月20日前`, `2022年7月20日` → [`DeadlineKind::Date`];
/// - `10月底前`, `2022年9月`, `2022年12月`, `上半年` (June 30), `一季度` (March 31) →
///   [`DeadlineKind::MonthEnd`];
/// - `年底前`, `年内`, `本年度`, `2022年底前`, `2022年年底前`, `2022年`, `下半年` →
///   [`DeadlineKind::YearEnd`];
/// - `全年` → [`DeadlineKind::AllYear`]; `持续推进`, `长期坚持`, `常态化` →
///   [`DeadlineKind::Continuous`]; `每年`, `每季度`, `定期` → [`DeadlineKind::Periodic`];
///   anything else → [`DeadlineKind::Other`], all without a date.
///
/// When several calendar phrases appear, the first written wins (`6月底前完成初稿，年底前完成`),
/// except that a span (`2022年3月—12月`) is due at its end. A calendar phrase under `每` is
/// periodic (`每年12月底前`); one followed by `起` or `以来` is a start, not a deadline
/// (`2022年4月起持续推进` is continuous).
pub fn classify_deadline(text: &str, plan_year: Option<i32>) -> (DeadlineKind, Option<NaiveDate>) {
    let read = read_deadline(&fold_traditional(text), plan_year);
    (read.kind, read.date)
}

/// A deadline value read: its kind, the last day it allows, and the days of a compound deadline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReadDeadline {
    pub kind: DeadlineKind,
    pub date: Option<NaiveDate>,
    /// See [`compound_dates`].
    pub dates: Vec<NaiveDate>,
}

/// [`classify_deadline`] and [`compound_dates`] at once, of a text already in its matching view
/// (see [`crate::document::script`]).
pub(crate) fn read_deadline(text: &str, plan_year: Option<i32>) -> ReadDeadline {
    let mut phrases = calendar_phrases(text);
    if let Some(first) = phrases.next() {
        // A later phrase without its year is in the year of the one before (`2023年3月…,9月…`).
        let mut year = first.year;
        let mut dates: Vec<NaiveDate> = first.date(plan_year).into_iter().collect();
        for mut next in phrases {
            next.year = next.year.or(year);
            year = next.year;
            dates.extend(next.date(plan_year));
        }
        if dates.len() < 2 {
            dates.clear();
        }
        return ReadDeadline {
            kind: first.kind,
            date: first.date(plan_year),
            dates,
        };
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let contains_any = |words: &[&str]| words.iter().any(|word| compact.contains(word));
    let kind = if compact.contains("全年") {
        DeadlineKind::AllYear
    } else if contains_any(&["持续", "长期", "常态化", "长效", "经常性"]) {
        DeadlineKind::Continuous
    } else if contains_any(&["每", "定期", "按年", "按季", "按月"]) {
        DeadlineKind::Periodic
    } else {
        DeadlineKind::Other
    };
    ReadDeadline {
        kind,
        date: None,
        dates: Vec::new(),
    }
}

/// Every day a compound deadline names, in the order written (`2023年3月公开预算,2023年9月公开决算`
/// → March 31 and September 30; `6月底前完成初稿，年底前完成` → June 30 and December 31); empty
/// when it names fewer than two. [`classify_deadline`] resolves the deadline to the first of them.
pub fn compound_dates(text: &str, plan_year: Option<i32>) -> Vec<NaiveDate> {
    read_deadline(&fold_traditional(text), plan_year).dates
}

/// The calendar phrases of a deadline value in order, each resolved. A span (`3月至6月`,
/// `2022年3月—12月`) is one phrase, due at its end, in the start's year unless the end names its own.
fn calendar_phrases(text: &str) -> impl Iterator<Item = Resolved> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let (first_range, mut resolved) = first_phrase(text, from, |_| true)?;
        let mut end = first_range.end;
        // A connector must come first after the phrase; looking for it before searching again
        // spares the usual deadline, which is not a span, a second search with every pattern.
        while text[end..]
            .trim_start()
            .starts_with(|c| SPAN_CONNECTORS.contains(c))
            && let Some((next_range, mut next)) = first_phrase(text, end, |_| true)
        {
            let between = text[end..next_range.start].trim();
            if between.is_empty() || !between.chars().all(|c| SPAN_CONNECTORS.contains(c)) {
                break;
            }
            next.year = next.year.or(resolved.year);
            resolved = next;
            end = next_range.end;
        }
        from = end;
        Some(resolved)
    })
}

/// What joins the two ends of a span of time: `至`, `到`, dashes, tildes.
const SPAN_CONNECTORS: &str = "至到—–-~～";

/// The first calendar time limit written inside a task's text, as a byte range of `text`
/// (with a leading `于` when written): `于2022年7月20日前`, `2022年9月底前`, `10月底前`,
/// `于2022年年底前`, `年底前`, `年内`, `本年度`. Pass the range's text to [`classify_deadline`]
/// to resolve it.
///
/// Not deadlines: periods (`每年`, `每年度`, `每年年底前`, `全年`), relative durations
/// (`10个工作日内`, `3年内`, `半年内`), other years (`上一年度`, `上年底前`) and mentions of a year
/// (`年度报告`, `本年度工作要点`, `2022年政务公开工作`, `年内容`).
pub fn find_inline_deadline(text: &str) -> Option<Range<usize>> {
    find_inline_deadline_in_view(&fold_traditional(text))
}

/// [`find_inline_deadline`] in a text already in its matching view.
pub(crate) fn find_inline_deadline_in_view(text: &str) -> Option<Range<usize>> {
    first_phrase(text, 0, Shape::counts_inline).map(|(range, _)| range)
}

/// The earliest phrase of an accepted shape starting at or after byte `from` that passes its
/// context checks; at equal starts the longest (`2022年9月` over `2022年`).
fn first_phrase(
    text: &str,
    from: usize,
    accept: impl Fn(Shape) -> bool,
) -> Option<(Range<usize>, Resolved)> {
    let rest = text.get(from..).unwrap_or_default();
    let patterns: Vec<&ShapePattern> = PATTERNS
        .iter()
        .filter(|pattern| {
            accept(pattern.shape) && pattern.shape.needs().iter().all(|&c| rest.contains(c))
        })
        .collect();
    // Each shape's first phrase is found without captures; only the phrase that wins is read
    // with them, which costs several times a plain search.
    let mut found: Vec<Option<Range<usize>>> = patterns
        .iter()
        .map(|pattern| next_phrase(text, from, pattern))
        .collect();
    loop {
        let (index, range) = found
            .iter()
            .enumerate()
            .filter_map(|(index, range)| Some((index, range.clone()?)))
            .min_by_key(|(_, range)| (range.start, usize::MAX - range.end))?;
        let pattern = patterns[index];
        // `captures_at` rather than slicing, so that the context checks see the whole text; from
        // the phrase's start it finds the same phrase.
        if let Some(resolved) = pattern
            .regex
            .captures_at(text, range.start)
            .and_then(|captures| resolve(pattern.shape, &captures))
        {
            return Some((range, resolved));
        }
        found[index] = next_phrase(text, after(text, &range), pattern);
    }
}

/// The first phrase of `pattern` at or after byte `from` that passes its context checks.
fn next_phrase(text: &str, from: usize, pattern: &ShapePattern) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(found) = pattern.regex.find_at(text, at) {
        let range = found.range();
        if context_allows(text, &range, pattern.shape) {
            return Some(range);
        }
        at = after(text, &range);
    }
    None
}

/// Where to search again after a phrase: past its end, and at least one character on.
fn after(text: &str, range: &Range<usize>) -> usize {
    // Every pattern consumes at least one character, so this always advances.
    let mut at = range.end.max(range.start + 1);
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Words after a bare date that make it the start of a period.
const START_MARKERS: &[&str] = &["起", "开始", "以来", "以后", "之后", "后"];

/// Words after `本年度` that make it a mention of this year's documents, not a time limit.
const YEAR_MENTION_FOLLOWERS: &[&str] = &[
    "的",
    "报告",
    "工作要点",
    "要点",
    "计划",
    "预算",
    "决算",
    "目录",
    "任务",
    "政务公开工作",
];

/// The regex crate has no look-around, so the words around a match are checked here.
fn context_allows(text: &str, range: &Range<usize>, shape: Shape) -> bool {
    let before = text[..range.start].trim_end();
    let after = &text[range.end..];
    let previous = before.chars().next_back();
    let next = after.chars().next();
    let is_digit = |c: char| arabic_digit(c).is_some();
    let is_bare = matches!(
        shape,
        Shape::DateBare | Shape::MonthBare | Shape::Quarter | Shape::Half | Shape::YearBare
    );
    // A number glued to the phrase belongs to something else (`12022年`; `2022年9月30日` read
    // from its `9月`, which only a bare shape can end on).
    if previous.is_some_and(is_digit)
        || (is_bare && next.is_some_and(|c| is_digit(c) || "日号".contains(c)))
    {
        return false;
    }
    // 每年年底前, 每月底前, 每季度: a recurring duty. The regex starts `年底前` at the second 年.
    let without_year = before.strip_suffix('年').unwrap_or(before);
    if without_year.ends_with('每') || before.ends_with("每个") {
        return false;
    }
    match shape {
        Shape::YearEndBefore | Shape::WithinYear | Shape::YearBare => {
            // 上年底前, 去年内: another year. 3年内, 五年内, 半年内, 近年内: a relative span.
            if previous.is_some_and(|c| {
                "上去全近多数几半".contains(c) || CHINESE_NUMERAL_CHARS.contains(c)
            }) {
                return false;
            }
        }
        Shape::DateBefore | Shape::MonthPartBefore => {}
        Shape::DateBare | Shape::MonthBare | Shape::Quarter | Shape::Half => {
            if previous.is_some_and(|c| CHINESE_NUMERAL_CHARS.contains(c)) {
                return false;
            }
        }
    }
    let phrase = &text[range.clone()];
    // 统一月度, 唯一月份: a Chinese numeral that ends a word is no month. A month standing
    // alone follows punctuation or a preposition (`于十月`, `八月至十月`).
    if is_bare
        && phrase
            .chars()
            .next()
            .is_some_and(|c| CHINESE_NUMERAL_CHARS.contains(c))
        && previous.is_some_and(|c| is_han(c) && !"于在至到和及年".contains(c))
    {
        return false;
    }
    if phrase.ends_with('内')
        && (after.starts_with(['容', '涵'])
            || (after.starts_with('部') && !after.starts_with("部署")))
    {
        // 年内容, 年内部: the words 内容 and 内部 (but 年内部署 is "deploy within the year").
        return false;
    }
    if phrase.ends_with('前') && next == Some('后') {
        // 年底前后: "around the year end", no limit.
        return false;
    }
    if phrase.ends_with('度')
        && YEAR_MENTION_FOLLOWERS
            .iter()
            .any(|word| after.trim_start().starts_with(word))
    {
        return false;
    }
    if is_bare
        && START_MARKERS
            .iter()
            .any(|word| after.trim_start().starts_with(word))
    {
        // 2022年4月起, 2022年以来: where something starts, not when it is due.
        return false;
    }
    if shape == Shape::YearBare {
        // `2022年` stands as a deadline only on its own (`2022年`, `2022年完成`); `2022年全年`
        // and `2022年政务公开工作` are something else.
        return next
            .is_none_or(|c| c == '完' || c.is_ascii_punctuation() || "，。；、）".contains(c));
    }
    true
}

/// A CJK unified ideograph (the basic block, where all the words here live).
fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn resolve(shape: Shape, captures: &Captures) -> Option<Resolved> {
    let year = match captures.name("year") {
        Some(year) => Some(i32::try_from(parse_number(year.as_str())?).ok()?),
        None => None,
    };
    let month = match captures.name("month") {
        Some(month) => {
            let month = parse_number(month.as_str())?;
            (1..=12).contains(&month).then_some(month)?
        }
        None => 12,
    };
    let resolved = match shape {
        Shape::DateBefore | Shape::DateBare => {
            let day = parse_number(captures.name("day")?.as_str())?;
            // Reject 2月30日 here so that the phrase is not reported at all.
            NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)?;
            Resolved {
                kind: DeadlineKind::Date,
                year,
                month,
                day: Some(day),
            }
        }
        Shape::MonthPartBefore | Shape::MonthBare => {
            let day = match captures.name("part").map(|part| part.as_str()) {
                Some("上旬") => Some(10),
                Some("中旬") => Some(20),
                _ => None,
            };
            let kind = if day.is_some() {
                DeadlineKind::Date
            } else {
                DeadlineKind::MonthEnd
            };
            Resolved {
                kind,
                year,
                month,
                day,
            }
        }
        Shape::YearEndBefore | Shape::WithinYear | Shape::YearBare => Resolved {
            kind: DeadlineKind::YearEnd,
            year,
            month: 12,
            day: None,
        },
        Shape::Quarter => {
            let quarter = parse_number(captures.name("quarter")?.as_str())?;
            Resolved {
                kind: DeadlineKind::MonthEnd,
                year,
                month: quarter * 3,
                day: None,
            }
        }
        Shape::Half => {
            if captures.name("half")?.as_str() == "上" {
                Resolved {
                    kind: DeadlineKind::MonthEnd,
                    year,
                    month: 6,
                    day: None,
                }
            } else {
                Resolved {
                    kind: DeadlineKind::YearEnd,
                    year,
                    month: 12,
                    day: None,
                }
            }
        }
    };
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind::*;
    use proptest::prelude::*;

    proptest! {
        /// `Shape::needs` may only name characters that every match of the shape's regex holds,
        /// or phrases would be missed; texts from the patterns' own characters find out.
        #[test]
        fn every_match_holds_the_characters_its_shape_needs(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "于", "2022", "二〇二二", "年", "3", "十二", "月", "份", "20", "日", "号",
                    "前", "之", "以", "底", "末", "上旬", "下", "季度", "第", "半年", "内", "度",
                    "本", "今", "当", " ", "完成",
                ][..]),
                0..10,
            )
        ) {
            let text = pieces.concat();
            for pattern in PATTERNS.iter() {
                for found in pattern.regex.find_iter(&text) {
                    for &needed in pattern.shape.needs() {
                        prop_assert!(
                            found.as_str().contains(needed),
                            "{:?} matched {:?} without {needed}", pattern.shape, found.as_str()
                        );
                    }
                }
            }
        }
    }

    fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day)
    }

    fn check_classify(
        input: &str,
        plan_year: Option<i32>,
        expected: (DeadlineKind, Option<NaiveDate>),
    ) {
        assert_eq!(
            classify_deadline(input, plan_year),
            expected,
            "classify_deadline({input:?}, {plan_year:?})"
        );
    }

    #[test]
    fn classifies_calendar_deadlines() {
        let plan = Some(2023);
        for (input, expected) in [
            ("于2023年5月15日前", (Date, ymd(2023, 5, 15))),
            ("6月30日之前", (Date, ymd(2023, 6, 30))),
            ("2024年1月10日", (Date, ymd(2024, 1, 10))),
            ("二〇二三年十一月三十日前", (Date, ymd(2023, 11, 30))),
            ("11月中旬前", (Date, ymd(2023, 11, 20))),
            ("8月上旬", (Date, ymd(2023, 8, 10))),
            ("11月底前", (MonthEnd, ymd(2023, 11, 30))),
            ("2月底前", (MonthEnd, ymd(2023, 2, 28))),
            ("2024年2月底前", (MonthEnd, ymd(2024, 2, 29))),
            ("2023年6月", (MonthEnd, ymd(2023, 6, 30))),
            ("2023 年 7 月", (MonthEnd, ymd(2023, 7, 31))),
            ("2023年12月", (MonthEnd, ymd(2023, 12, 31))),
            ("8月份", (MonthEnd, ymd(2023, 8, 31))),
            ("十月底", (MonthEnd, ymd(2023, 10, 31))),
            ("力争于十月完成", (MonthEnd, ymd(2023, 10, 31))),
            ("9月下旬前", (MonthEnd, ymd(2023, 9, 30))),
            ("上半年", (MonthEnd, ymd(2023, 6, 30))),
            ("2023年上半年完成", (MonthEnd, ymd(2023, 6, 30))),
            ("一季度", (MonthEnd, ymd(2023, 3, 31))),
            ("第三季度末", (MonthEnd, ymd(2023, 9, 30))),
            ("2季度", (MonthEnd, ymd(2023, 6, 30))),
            ("下半年", (YearEnd, ymd(2023, 12, 31))),
            ("年底前", (YearEnd, ymd(2023, 12, 31))),
            ("年底", (YearEnd, ymd(2023, 12, 31))),
            ("年末", (YearEnd, ymd(2023, 12, 31))),
            ("年内", (YearEnd, ymd(2023, 12, 31))),
            ("年内完成", (YearEnd, ymd(2023, 12, 31))),
            ("本年度", (YearEnd, ymd(2023, 12, 31))),
            ("当年", (YearEnd, ymd(2023, 12, 31))),
            ("2024年底前", (YearEnd, ymd(2024, 12, 31))),
            ("于2023年年底前", (YearEnd, ymd(2023, 12, 31))),
            ("2023年", (YearEnd, ymd(2023, 12, 31))),
            ("2023年度", (YearEnd, ymd(2023, 12, 31))),
            ("2023年完成", (YearEnd, ymd(2023, 12, 31))),
            (
                "3月底前完成初稿，年底前全面完成",
                (MonthEnd, ymd(2023, 3, 31)),
            ),
        ] {
            check_classify(input, plan, expected);
        }
    }

    #[test]
    fn classifies_without_a_plan_year() {
        for (input, expected) in [
            ("11月底前", (MonthEnd, None)),
            ("年内", (YearEnd, None)),
            ("7月1日前", (Date, None)),
            ("2021年8月底前", (MonthEnd, ymd(2021, 8, 31))),
        ] {
            check_classify(input, None, expected);
        }
    }

    #[test]
    fn classifies_non_calendar_deadlines() {
        for (input, expected) in [
            ("全年", (AllYear, None)),
            ("全 年", (AllYear, None)),
            ("2023年全年", (AllYear, None)),
            ("持续推进", (Continuous, None)),
            ("长期坚持", (Continuous, None)),
            ("长期", (Continuous, None)),
            ("持續推進", (Continuous, None)),
            ("常态化开展", (Continuous, None)),
            ("每年", (Periodic, None)),
            ("每季度", (Periodic, None)),
            ("每月", (Periodic, None)),
            ("每年12月底前", (Periodic, None)),
            ("每半年", (Periodic, None)),
            ("定期", (Periodic, None)),
            ("每年1月31日前", (Periodic, None)),
            ("2023年4月起持续推进", (Continuous, None)),
            ("2023年以来长期坚持", (Continuous, None)),
            ("统一月度报送", (Other, None)),
            ("及时", (Other, None)),
            ("根据上级要求", (Other, None)),
            ("", (Other, None)),
            ("2023年13月", (Other, None)),
        ] {
            check_classify(input, Some(2023), expected);
        }
    }

    fn check_inline(input: &str, expected: Option<&str>) {
        let found = find_inline_deadline(input).map(|range| &input[range]);
        assert_eq!(found, expected, "find_inline_deadline({input:?})");
    }

    #[test]
    fn finds_inline_deadlines() {
        for (input, expected) in [
            (
                "各单位务必于2023年6月15日前报送台账。",
                Some("于2023年6月15日前"),
            ),
            ("请在3月31日之前完成清理工作", Some("3月31日之前")),
            ("2024年11月底前建成统一平台", Some("2024年11月底前")),
            ("各区县8月底前完成自查", Some("8月底前")),
            ("十二月底前完成", Some("十二月底前")),
            ("力争于2023年年底前全面完成", Some("于2023年年底前")),
            ("2024年底前，实现全覆盖", Some("2024年底前")),
            ("各乡镇年底前完成公示", Some("年底前")),
            ("今年年底前完成", Some("今年年底前")),
            ("各部门年内至少开展一次检查", Some("年内")),
            ("本年度要完成目录编制", Some("本年度")),
            ("本年度内完成", Some("本年度内")),
            ("務必於2023年6月15日前報送", Some("於2023年6月15日前")),
            ("年內完成評估", Some("年內")),
            ("年内部署到位", Some("年内")),
            (
                "务必于 2023 年 6 月 15 日前报送",
                Some("于 2023 年 6 月 15 日前"),
            ),
            ("每季度汇总一次，年内完成评估", Some("年内")),
            ("按月更新，9月中旬前报送", Some("9月中旬前")),
            ("先于5月10日前报送方案，再于年底前完成", Some("于5月10日前")),
        ] {
            check_inline(input, expected);
        }
    }

    #[test]
    fn ignores_periods_durations_and_mentions() {
        for input in [
            "每年组织一次培训",
            "每年度开展考核评估",
            "每年年底前报送年度报告",
            "每月底前更新数据",
            "全年发布不少于5篇解读",
            "在收到申请后15个工作日内答复",
            "3年内完成改造",
            "五年内实现全覆盖",
            "半年内完成整改",
            "对上一年度工作开展回头看",
            "上年底前未完成的任务",
            "纳入政府信息公开工作年度报告",
            "按照本年度工作要点要求",
            "建立2023年政务公开工作台账",
            "确定年度重大行政决策事项目录",
            "更新全年内容和栏目",
            "完善2023年内部控制制度",
            "汇总当年面向农村的补贴发放结果",
            "年底前后集中开展",
            "",
        ] {
            check_inline(input, None);
        }
    }

    #[test]
    fn compound_deadlines_give_every_date() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            compound_dates("2023年3月公开预算,2023年9月公开决算", None),
            [day(2023, 3, 31), day(2023, 9, 30)]
        );
        assert_eq!(
            compound_dates("2023年3月公开预算，9月公开决算", Some(2022)),
            [day(2023, 3, 31), day(2023, 9, 30)]
        );
        assert_eq!(
            compound_dates("6月底前完成初稿，年底前完成", Some(2022)),
            [day(2022, 6, 30), day(2022, 12, 31)]
        );
        assert_eq!(
            classify_deadline("2023年3月公开预算,2023年9月公开决算", None),
            (MonthEnd, Some(day(2023, 3, 31)))
        );
        for single in [
            "2022年3月—12月",
            "2022年12月底前",
            "持续推进",
            "每年3月、9月",
            "",
        ] {
            assert!(compound_dates(single, Some(2022)).is_empty(), "{single}");
        }
    }
}
