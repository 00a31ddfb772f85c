//! Checkable numbers in plan text: durations (`不少于30日`, `10个工作日内`, `5小时内`), counts
//! (`不少于1次`, `至少召开一次`) and percentages (`不低于4%`, `百分之五`).
//!
//! Only requirements are quantities. Years (`2022年`), dates (`8月19日`), ordinals and identifiers
//! (`第6版`, `第一次`, `国务院令第713号`, `12366`), descriptive counts (`8个领域`, `三项工程`,
//! `九条`) and names (`二次解读`, `一次性`) are not: their units are not quantity units or the
//! context rules them out.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Captures, Regex};

use super::numeral::{arabic_digit, parse_number};
use super::script::fold_traditional;
use crate::document::{Bound, QuantityKind, QuantityUnit};
use crate::per_thread::PerThread;

/// A quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityMatch {
    /// The bound, number and unit as written: `不少于30日`, `10个工作日内`, `至少召开一次`.
    pub range: Range<usize>,
    pub kind: QuantityKind,
    pub value: f64,
    pub unit: QuantityUnit,
    pub bound: Bound,
    /// The governed activities (`征求意见`, `解读`, `答复` …) named in the comma-delimited phrase
    /// holding the quantity, else in its clause; as written, in text order, joined with `、`.
    /// `None` when the clause names none.
    pub subject: Option<String>,
    /// The clause around the quantity: the sentence part between `。；;！？!?`, line breaks,
    /// table cell separators or HTML tags (commas do not split), without surrounding whitespace.
    /// Rules test it for context such as `规章`, `重大行政决策` or `说明理由`.
    pub clause: Range<usize>,
}

/// Bound words before the number, longest first within each family. `少于`/`低于`/`短于` alone
/// are the negative phrasing of a minimum (`少于30天的，应说明理由` states a ≥ 30-day norm) and
/// `超过`/`多于`/`高于`/`长于` alone that of a maximum (`超过20个工作日的，…`).
const AT_LEAST_WORDS: &[&str] = &[
    "不得少于",
    "不应少于",
    "不能少于",
    "不少于",
    "不得低于",
    "不应低于",
    "不低于",
    "不小于",
    "不短于",
    "少于",
    "低于",
    "短于",
    "达到",
];
const AT_MOST_WORDS: &[&str] = &[
    "不得超过",
    "不应超过",
    "不能超过",
    "不超过",
    "不多于",
    "不高于",
    "不长于",
    "超过",
    "多于",
    "高于",
    "长于",
];
/// Adverbs that may stand up to six characters before the number, ahead of a verb phrase:
/// `至少召开一次`, `最多延长20个工作日`, `至少每季度更新一次`.
const AT_LEAST_ADVERBS: &[&str] = &["至少", "最少", "最低"];
const AT_MOST_ADVERBS: &[&str] = &["最多", "最长"];

/// The activities a quantity can govern, as they are written. Leftmost-longest matching makes
/// `公开征求意见` one subject rather than `公开` + `征求意见`, and keeps the topic words
/// `政务公开` / `信息公开` apart from the act `公开`.
const SUBJECT_KEYWORDS: &[&str] = &[
    "公开征求意见",
    "征求意见",
    "意见征集",
    "政策解读",
    "解读",
    "答复",
    "舆情",
    "回应",
    "发布权威信息",
    "新闻发布会",
    "发布",
    "更新",
    "报送",
    "回复",
    "受理",
    "办结",
    "培训",
    "听取",
    "汇报",
    "领导小组会",
    "会议",
    "分值权重",
    "权重",
    "分值",
    "绩效考核",
    "考核",
    "政务公开",
    "信息公开",
    "主动公开",
    "公开",
    "补正",
    "延长",
    "反馈",
    "采纳",
    "第三方",
    "年度报告",
    "公示",
];

static SUBJECTS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(SUBJECT_KEYWORDS)
        .expect("the subject keywords build an automaton")
});

/// An Arabic number (decimals for percentages) or a Chinese numeral.
const NUMBER: &str = r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零两一二三四五六七八九十百千]+";

/// Optional bound word (or adverb with up to six characters of verb phrase), number and unit
/// (or `百分之` and number), optional suffix bound.
static QUANTITY_PATTERN: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    let words = |list: &[&str]| list.join("|");
    PerThread::regex(&format!(
        r"(?x)
        (?: (?P<adverb>{adverbs}) \p{{Han}}{{0,6}}? \s* | (?P<bound>{bounds}) \s* )?
        (?:
            百分之 \s* (?P<percent_number>{NUMBER})
          | (?P<number>{NUMBER}) \s*
            (?P<unit>个工作日|工作日|个自然日|自然日|个小时|小时|个月|日|天|次|%|％)
        )
        (?P<suffix>以内|之内|内|及以上|以上|以下)?",
        adverbs = words(&[AT_LEAST_ADVERBS, AT_MOST_ADVERBS].concat()),
        bounds = words(&[AT_LEAST_WORDS, AT_MOST_WORDS].concat()),
    ))
});

/// Characters that end a clause. Commas do not: `发布后10个工作日内,决策承办单位要…公开` is one
/// requirement. Table cell separators (`|`, tab) and the angle brackets of HTML tags left by
/// extraction (`</p> <p>`) also end one, so that raw table rows do not run cells together.
const CLAUSE_ENDS: &[char] = &[
    '。', '；', ';', '！', '!', '？', '?', '\n', '|', '\t', '<', '>',
];

/// Characters that end a phrase within a clause, where the subject is looked for first.
const PHRASE_ENDS: &[char] = &[
    '，', ',', '：', ':', '。', '；', ';', '！', '!', '？', '?', '\n', '|', '\t', '<', '>',
];

/// Characters that, right before a Chinese numeral, make it part of a word: 统一, 唯一, 同一天,
/// 之一, 单一, 逐一, 每一次, 进一步, 第一.
const WORD_FORMING_BEFORE_NUMERAL: &str = "统唯同之单逐专划万某任每其另进第";

/// Every quantity in `text`, in order.
pub fn find_quantities(text: &str) -> Vec<QuantityMatch> {
    find_quantities_in(text, &fold_traditional(text))
}

/// [`find_quantities`] given the text as written and its matching view (of the same byte length),
/// for a text whose view is known.
pub(crate) fn find_quantities_in(written: &str, view: &str) -> Vec<QuantityMatch> {
    QUANTITY_PATTERN
        .captures_iter(view)
        .filter_map(|captures| read_quantity(written, view, &captures))
        .collect()
}

/// `captures` come from `folded`, which has the same byte offsets as the original `text`.
fn read_quantity(original: &str, text: &str, captures: &Captures) -> Option<QuantityMatch> {
    let whole = captures.get(0)?;
    let (number, unit) = match captures.name("percent_number") {
        Some(number) => (number, QuantityUnit::Percent),
        None => {
            let unit = match captures.name("unit")?.as_str() {
                "个工作日" | "工作日" => QuantityUnit::Workday,
                "个自然日" | "自然日" | "日" | "天" => QuantityUnit::Day,
                "个小时" | "小时" => QuantityUnit::Hour,
                "个月" => QuantityUnit::Month,
                "次" => QuantityUnit::Times,
                // The pattern's only other units are `%` and `％`.
                _ => QuantityUnit::Percent,
            };
            (captures.name("number")?, unit)
        }
    };
    let number_text = number.as_str();
    let is_chinese = number_text.chars().all(|c| arabic_digit(c).is_none());
    let before_number = text[..number.start()].trim_end();
    let char_before_number = before_number.chars().next_back();
    let after = &text[whole.end()..];

    // 第6天, 第一次: ordinals.
    if before_number.ends_with('第') {
        return None;
    }
    // 8月19日: a date, not a number of days (PDF text may space it: `4 月 28 日`).
    if unit == QuantityUnit::Day
        && captures
            .name("unit")
            .is_some_and(|unit| unit.as_str() == "日")
        && before_number.ends_with('月')
    {
        return None;
    }
    // 9月1日至16日: the end of a period whose month is the start's, not a number of days.
    if unit == QuantityUnit::Day
        && captures
            .name("unit")
            .is_some_and(|unit| unit.as_str() == "日")
        && before_number
            .strip_suffix(['至', '到', '—', '–', '-', '~', '～'])
            .is_some_and(|start| start.trim_end().ends_with(['日', '号']))
    {
        return None;
    }
    // 于15日前: the 15th of the month. (提前15日 and 15日内 stay durations.)
    if unit == QuantityUnit::Day
        && before_number.ends_with(['于', '在'])
        && ["前", "之前", "以前"]
            .iter()
            .any(|word| after.starts_with(word))
    {
        return None;
    }
    // A number glued to letters or other digits is an identifier (`v2次`, `1.2.3次`).
    if char_before_number.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
        return None;
    }
    if is_chinese {
        if char_before_number.is_some_and(|c| WORD_FORMING_BEFORE_NUMERAL.contains(c))
            && captures.name("adverb").is_none()
            && captures.name("bound").is_none()
        {
            return None;
        }
        // 三五天: "three to five days", not 35. Digit-by-digit numerals are for years only.
        if number_text.chars().count() > 1 && !number_text.contains(['十', '百', '千']) {
            return None;
        }
        // 二次解读, 二次开发: "secondary". Twice is written 两次.
        if unit == QuantityUnit::Times && number_text == "二" {
            return None;
        }
    }
    // 一次性: "one-off".
    if unit == QuantityUnit::Times && after.starts_with('性') {
        return None;
    }

    let value = parse_value(number_text)?;
    let kind = match unit {
        QuantityUnit::Times => QuantityKind::Count,
        QuantityUnit::Percent => QuantityKind::Percentage,
        QuantityUnit::Day | QuantityUnit::Workday | QuantityUnit::Hour | QuantityUnit::Month => {
            QuantityKind::Duration
        }
    };
    let bound = read_bound(captures);
    let clause = span_around(text, whole.range(), CLAUSE_ENDS);
    // The nearest words first: `5小时内发布权威信息,24小时内举行新闻发布会` gives each quantity
    // its own activity. A phrase without one (`出台后的10个工作日内,…公开…采纳情况`,
    // `办结后5个工作日内,向申请人公开`) takes the clause's.
    let phrase = span_around(text, whole.range(), PHRASE_ENDS);
    let subject =
        subject_in(original, text, phrase).or_else(|| subject_in(original, text, clause.clone()));
    Some(QuantityMatch {
        range: whole.range(),
        kind,
        value,
        unit,
        bound,
        subject,
        clause,
    })
}

/// A written bound word wins over a suffix: `不超过10个工作日内` is at most 10.
fn read_bound(captures: &Captures) -> Bound {
    let word = captures
        .name("bound")
        .or_else(|| captures.name("adverb"))
        .map(|word| word.as_str());
    if let Some(word) = word {
        if AT_LEAST_WORDS.contains(&word) || AT_LEAST_ADVERBS.contains(&word) {
            return Bound::AtLeast;
        }
        return Bound::AtMost;
    }
    match captures.name("suffix").map(|suffix| suffix.as_str()) {
        Some("以内" | "之内" | "内") => Bound::Within,
        Some("以上" | "及以上") => Bound::AtLeast,
        Some(_) => Bound::AtMost,
        None => Bound::Exact,
    }
}

/// Arabic numbers may have decimals (`4.5%`); Chinese ones are integers.
fn parse_value(number_text: &str) -> Option<f64> {
    if number_text.chars().any(|c| arabic_digit(c).is_some()) {
        let ascii: String = number_text
            .chars()
            .map(|c| match arabic_digit(c) {
                Some(digit) => char::from_digit(digit, 10).unwrap_or(c),
                None if c == '．' => '.',
                None => c,
            })
            .collect();
        return ascii.parse().ok();
    }
    parse_number(number_text).map(f64::from)
}

/// The stretch of `text` around `range` up to the nearest `ends` on either side, trimmed.
fn span_around(text: &str, range: Range<usize>, ends: &[char]) -> Range<usize> {
    let start = text[..range.start]
        .rfind(ends)
        .and_then(|position| {
            text[position..]
                .chars()
                .next()
                .map(|c| position + c.len_utf8())
        })
        .unwrap_or(0);
    let end = text[range.end..]
        .find(ends)
        .map_or(text.len(), |position| range.end + position);
    let clause = &text[start..end];
    let leading = clause.len() - clause.trim_start().len();
    let trailing = clause.len() - clause.trim_end().len();
    start + leading..end - trailing
}

/// The subject keywords in `folded[range]`, written as in `original` (same byte offsets).
///
/// A keyword followed by `后` or `之日` names the event a period starts from (`发布后10个工作日内`,
/// `办结之日起`), not the activity it governs, and is left out.
fn subject_in(original: &str, folded: &str, range: Range<usize>) -> Option<String> {
    let mut found: Vec<&str> = Vec::new();
    for keyword in SUBJECTS.find_iter(&folded[range.clone()]) {
        let (start, end) = (range.start + keyword.start(), range.start + keyword.end());
        if ["后", "之后", "之日"]
            .iter()
            .any(|word| folded[end..].starts_with(word))
        {
            continue;
        }
        if let Some(keyword) = original.get(start..end)
            && !found.contains(&keyword)
        {
            found.push(keyword);
        }
    }
    (!found.is_empty()).then(|| found.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Bound::*;
    use QuantityUnit::*;

    /// (text as found, value, unit, bound).
    type Expected<'a> = Vec<(&'a str, f64, QuantityUnit, Bound)>;

    fn check(input: &str, expected: Expected) {
        let found: Expected = find_quantities(input)
            .into_iter()
            .map(|found| (&input[found.range], found.value, found.unit, found.bound))
            .collect();
        assert_eq!(found, expected, "find_quantities({input:?})");
    }

    #[test]
    fn durations() {
        for (input, expected) in [
            (
                "规章草案征求意见期限不得少于三十日",
                vec![("不得少于三十日", 30.0, Day, AtLeast)],
            ),
            (
                "征求意见时间不少于7个工作日",
                vec![("不少于7个工作日", 7.0, Workday, AtLeast)],
            ),
            (
                "收到申请后20个工作日内予以答复",
                vec![("20个工作日内", 20.0, Workday, Within)],
            ),
            (
                "应当在十五个工作日以内补正",
                vec![("十五个工作日以内", 15.0, Workday, Within)],
            ),
            (
                "延长期限最长不得超过20个工作日",
                vec![("最长不得超过20个工作日", 20.0, Workday, AtMost)],
            ),
            (
                "延期不得超过20个工作日",
                vec![("不得超过20个工作日", 20.0, Workday, AtMost)],
            ),
            (
                "最多延长20个工作日",
                vec![("最多延长20个工作日", 20.0, Workday, AtMost)],
            ),
            ("48小时内予以回应", vec![("48小时内", 48.0, Hour, Within)]),
            (
                "二十四个小时之内召开发布会",
                vec![("二十四个小时之内", 24.0, Hour, Within)],
            ),
            ("公示期为7天", vec![("7天", 7.0, Day, Exact)]),
            ("会议召开前提前15日公告", vec![("15日", 15.0, Day, Exact)]),
            ("公示时间不短于5天", vec![("不短于5天", 5.0, Day, AtLeast)]),
            ("公开期满3个月后归档", vec![("3个月", 3.0, Month, Exact)]),
            (
                "六个月以上的项目",
                vec![("六个月以上", 6.0, Month, AtLeast)],
            ),
            (
                "征求意见少于15日的，应当说明理由",
                vec![("少于15日", 15.0, Day, AtLeast)],
            ),
            (
                "超过30个工作日未答复的，予以通报",
                vec![("超过30个工作日", 30.0, Workday, AtMost)],
            ),
            ("两天内办结", vec![("两天内", 2.0, Day, Within)]),
            (
                "不少於15個工作日",
                vec![("不少於15個工作日", 15.0, Workday, AtLeast)],
            ),
            ("24小時內", vec![("24小時內", 24.0, Hour, Within)]),
            ("不超過兩次", vec![("不超過兩次", 2.0, Times, AtMost)]),
            ("一个月内完成整改", vec![("一个月内", 1.0, Month, Within)]),
            (
                "于 3 个工作日内",
                vec![("3 个工作日内", 3.0, Workday, Within)],
            ),
            ("１０个工作日", vec![("１０个工作日", 10.0, Workday, Exact)]),
            (
                "自收到申请之日起7个工作日内一次性告知",
                vec![("7个工作日内", 7.0, Workday, Within)],
            ),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn counts_and_percentages() {
        for (input, expected) in [
            (
                "每季度至少开展1次专题培训",
                vec![("至少开展1次", 1.0, Times, AtLeast)],
            ),
            (
                "每年至少组织两次会议",
                vec![("至少组织两次", 2.0, Times, AtLeast)],
            ),
            (
                "全年发布解读不少于三次",
                vec![("不少于三次", 3.0, Times, AtLeast)],
            ),
            ("每半年听取一次汇报", vec![("一次", 1.0, Times, Exact)]),
            (
                "考核权重不低于5%",
                vec![("不低于5%", 5.0, Percent, AtLeast)],
            ),
            (
                "分值占比不低于4.5％",
                vec![("不低于4.5％", 4.5, Percent, AtLeast)],
            ),
            (
                "占比达到百分之十",
                vec![("达到百分之十", 10.0, Percent, AtLeast)],
            ),
            ("回复率100%", vec![("100%", 100.0, Percent, Exact)]),
            (
                "满意度达到95%以上",
                vec![("达到95%以上", 95.0, Percent, AtLeast)],
            ),
            (
                "错误率不超过百分之二",
                vec![("不超过百分之二", 2.0, Percent, AtMost)],
            ),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn not_quantities() {
        for input in [
            "2023年3月15日印发",
            "2023 年 3 月 15 日",
            "征求意见时间为2022年9月1日至16日",
            "二〇二二年九月一日至九月十六日",
            "9月1日—15日",
            "于6月30日前完成",
            "请于20日前报送",
            "建立2023年度工作台账",
            "第一次全体会议",
            "第5天起计算",
            "互联网协议第6版",
            "国务院令第711号",
            "拨打12345热线",
            "教育、医疗等6个领域",
            "推动“四项工程”和“十条措施”落实",
            "开展二次解读",
            "一次性告知",
            "统一日常管理",
            "三五天就能办完",
            "在同一天发布",
            "每一次会议",
            "（共印30份）",
            "联系电话：0371-1234567",
            "",
        ] {
            check(input, vec![]);
        }
    }

    #[test]
    fn clause_and_subject() {
        let text = "面向社会公开征求意见的，征求意见期限不少于30日，确需缩短的应说明理由；答复期限为15个工作日。";
        let found = find_quantities(text);
        let described: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|found| (&text[found.clause.clone()], found.subject.as_deref()))
            .collect();
        assert_eq!(
            described,
            vec![
                (
                    "面向社会公开征求意见的，征求意见期限不少于30日，确需缩短的应说明理由",
                    Some("征求意见"),
                ),
                ("答复期限为15个工作日", Some("答复")),
            ]
        );
        let text = "发生重大舆情的，3小时内发布权威信息,12小时内召开新闻发布会；办结后5个工作日内,向申请人公开结果。";
        let subjects: Vec<Option<String>> = find_quantities(text)
            .into_iter()
            .map(|found| found.subject)
            .collect();
        assert_eq!(
            subjects,
            vec![
                Some("发布权威信息".to_string()),
                Some("新闻发布会".to_string()),
                Some("公开".to_string()),
            ]
        );
        let traditional = find_quantities("徵求意見期限不少於30日");
        assert_eq!(
            traditional.first().and_then(|found| found.subject.clone()),
            Some("徵求意見".to_string()),
            "subjects are returned as written"
        );
        let plain = find_quantities("  共7天\n");
        assert_eq!(plain.first().map(|found| found.clause.clone()), Some(2..9));
        assert_eq!(plain.first().and_then(|found| found.subject.clone()), None);
    }
}
