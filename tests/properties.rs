//! Property tests: the parser keeps its span invariants on any plan-like text, and the extractors
//! read back what was written from random dates, values, units and bounds.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use wenshen::document::extract::deadline::{classify_deadline, find_inline_deadline};
use wenshen::document::extract::quantity::find_quantities;
use wenshen::document::{self, Bound, DeadlineKind, QuantityUnit};
use wenshen::source::{SourceFile, Span};

/// Pieces plans are made of: labels, clause keys, brackets of every width, units, dates,
/// quantities, table and Markdown syntax, line breaks, and plain words.
const FRAGMENTS: &[&str] = &[
    "一、",
    "二、",
    "十七、",
    "（一）",
    "(二)",
    "（十）",
    "1.",
    "2、",
    "3．",
    "12、",
    "1.5倍",
    "责任单位：",
    "责任单位:",
    "牵头单位：",
    "配合单位：",
    "完成时限：",
    "时限:",
    "责任时限：",
    "（",
    "）",
    "(",
    ")",
    "[",
    "]",
    "〔",
    "〕",
    "【",
    "】",
    "；",
    ";",
    "，",
    ",",
    "、",
    "。",
    "：",
    "县财政局",
    "各县〔市、区〕政府〔管委会〕",
    "各乡镇（街道）",
    "牵头",
    "配合",
    "按职责分工落实",
    "2022年",
    "10月底前",
    "年底前",
    "年内",
    "本年度",
    "于2022年7月20日前",
    "2022年9月",
    "全年",
    "持续推进",
    "每季度",
    "不少于30日",
    "10个工作日内",
    "24小时",
    "不低于4%",
    "至少召开一次",
    "三十日",
    "| ",
    " |",
    "|---|---|",
    "\t",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "**",
    "<p>",
    "</p>",
    " ",
    "\u{3000}",
    "做好",
    "政务公开",
    "信息",
    "征求意见",
    "解读",
    "回应",
    "工作要点",
    "关于印发",
    "的通知",
    "冶政公开发〔2022〕1号",
    "[2022]05号",
    "— 3 —",
    "責任單位",
    "時限",
    "é",
    "𠀀",
];

fn plan_like_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..120)
        .prop_map(|pieces| pieces.concat())
}

/// Every `span` in the model's JSON slices the text on char boundaries.
fn assert_spans_slice(text: &str) {
    let parsed = document::parse(&SourceFile::from_text("prop.txt", text));
    let value = serde_json::to_value(&parsed).expect("the model serializes");
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(span) = map.get("span") {
                    let span: Span = serde_json::from_value(span.clone()).expect("a span");
                    assert!(
                        text.get(span.range()).is_some(),
                        "span {span:?} does not slice the {}-byte text {text:?}",
                        text.len()
                    );
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn spans_are_in_bounds_and_on_char_boundaries(text in plan_like_text()) {
        assert_spans_slice(&text);
    }

    #[test]
    fn spans_hold_for_tables_and_cells_of_fragments(
        rows in prop::collection::vec(prop::collection::vec(plan_like_text(), 1..5), 1..12),
        separator in prop::sample::select(&["|", "\t", "\n|\n", "\n\t"][..]),
    ) {
        let text: String = rows
            .iter()
            .map(|cells| format!("{separator}{}{separator}\n", cells.join(separator)))
            .collect();
        assert_spans_slice(&text);
    }
}

/// Digits as written in plans: ASCII or full width.
fn digits(value: u32, full_width: bool) -> String {
    let ascii = value.to_string();
    if !full_width {
        return ascii;
    }
    ascii
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap_or(c))
        .collect()
}

/// A Chinese numeral for 1..=99: `七`, `十`, `十二`, `三十一`.
fn chinese(value: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = ((value / 10) as usize, (value % 10) as usize);
    match tens {
        0 => DIGITS[ones].to_string(),
        1 => format!("十{}", DIGITS[ones]),
        _ => format!("{}十{}", DIGITS[tens], DIGITS[ones]),
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (2000i32..2100, 1u32..=12, 1u32..=31).prop_filter_map("a calendar day", |(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    (28..=31)
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(date.year(), date.month(), day))
        .unwrap_or(date)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_deadline_written_from_a_date_reads_back_as_that_date(
        date in any_date(),
        with_yu in any::<bool>(),
        full_width in any::<bool>(),
        chinese_month in any::<bool>(),
        before in prop::sample::select(&["前", "之前", "以前"][..]),
        plan_year in 2000i32..2100,
    ) {
        let month = if chinese_month { chinese(date.month()) } else { digits(date.month(), full_width) };
        let phrase = format!(
            "{}{}年{month}月{}日{before}",
            if with_yu { "于" } else { "" },
            digits(date.year() as u32, full_width),
            digits(date.day(), full_width),
        );
        prop_assert_eq!(classify_deadline(&phrase, Some(plan_year)), (DeadlineKind::Date, Some(date)));
        let sentence = format!("各单位要{phrase}在门户网站公开相关信息。");
        let found = find_inline_deadline(&sentence).map(|range| &sentence[range]);
        prop_assert_eq!(found, Some(phrase.as_str()));
    }

    #[test]
    fn a_month_end_deadline_reads_back_as_the_last_day_of_the_month(
        date in any_date(),
        written_year in any::<bool>(),
        part in prop::sample::select(&["底", "末"][..]),
    ) {
        let phrase = if written_year {
            format!("{}年{}月{part}前", date.year(), date.month())
        } else {
            format!("{}月{part}前", date.month())
        };
        prop_assert_eq!(
            classify_deadline(&phrase, Some(date.year())),
            (DeadlineKind::MonthEnd, Some(last_day_of_month(date)))
        );
        let sentence = format!("做好年度报告编制工作，{phrase}完成。");
        let found = find_inline_deadline(&sentence).map(|range| &sentence[range]);
        prop_assert_eq!(found, Some(phrase.as_str()));
    }
}

/// Units as written and what they read as.
const QUANTITY_UNITS: &[(&str, QuantityUnit)] = &[
    ("日", QuantityUnit::Day),
    ("天", QuantityUnit::Day),
    ("个工作日", QuantityUnit::Workday),
    ("工作日", QuantityUnit::Workday),
    ("小时", QuantityUnit::Hour),
    ("个小时", QuantityUnit::Hour),
    ("个月", QuantityUnit::Month),
    ("次", QuantityUnit::Times),
    ("%", QuantityUnit::Percent),
];

/// Bounds as written: a word before the number, or a suffix after the unit.
const BOUNDS: &[(&str, &str, Bound)] = &[
    ("不少于", "", Bound::AtLeast),
    ("不低于", "", Bound::AtLeast),
    ("不得少于", "", Bound::AtLeast),
    ("", "以上", Bound::AtLeast),
    ("不超过", "", Bound::AtMost),
    ("不得超过", "", Bound::AtMost),
    ("", "内", Bound::Within),
    ("", "以内", Bound::Within),
    ("", "", Bound::Exact),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_quantity_written_from_value_unit_and_bound_reads_back(
        value in 1u32..=999,
        unit in prop::sample::select(QUANTITY_UNITS),
        bound in prop::sample::select(BOUNDS),
        as_chinese in any::<bool>(),
        full_width in any::<bool>(),
    ) {
        let (unit_text, unit) = unit;
        let (before, after, bound) = bound;
        // `内` belongs to durations; `二次` means "secondary", not twice.
        prop_assume!(!(bound == Bound::Within && matches!(unit, QuantityUnit::Times | QuantityUnit::Percent)));
        let number = if as_chinese && value < 100 && unit != QuantityUnit::Percent {
            chinese(value)
        } else {
            digits(value, full_width)
        };
        prop_assume!(!(number == "二" && unit == QuantityUnit::Times));
        let quantity = format!("{before}{number}{unit_text}{after}");
        let sentence = format!("政策文件公开征求意见的期限{quantity}，并及时反馈。");
        let found = find_quantities(&sentence);
        prop_assert_eq!(found.len(), 1, "{} gave {:?}", sentence, found);
        let found = &found[0];
        prop_assert_eq!(&sentence[found.range.clone()], quantity.as_str());
        prop_assert_eq!(
            (found.value, found.unit, found.bound),
            (f64::from(value), unit, bound)
        );
    }
}
