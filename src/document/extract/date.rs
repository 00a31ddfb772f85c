//! Calendar dates as written in notices and plans, and whether they are written in the standard
//! form.
//!
//! GB/T 9704-2012 §7.3.5.3 wants the 成文日期 in Arabic numerals with the full year and no leading
//! zeros: `2022年8月19日`. Real documents also write `2022年08月09日`, `二〇二二年八月十九日`,
//! `22年8月19日`, `2022-08-19`, `2022.8.19`, and PDF extraction adds spaces (`2022 年 4 月 28 日`).
//! All of these are read; [`date_form_issues`] says what departs from the standard form.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};
use serde::Serialize;

use super::numeral::{arabic_digit, parse_number};
use super::script::fold_traditional;
use crate::per_thread::PerThread;

/// A date with 年月日, in Arabic or Chinese numerals, or a numeric date with `-`, `.` or `/`.
static DATE_PATTERN: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(
        r"(?x)
        (?P<year>[0-9０-９]{4}|[0-9０-９]{2}|[〇零○Ｏ一二三四五六七八九]{4}) \s* 年 \s*
        (?P<month>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九]) \s* 月 \s*
        (?P<day>[0-9０-９]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]) \s*
        (?P<day_suffix>[日号])
        |
        (?P<numeric_year>[0-9０-９]{4}) (?P<separator>[-./]) (?P<numeric_month>[0-9０-９]{1,2})
        (?P<second_separator>[-./]) (?P<numeric_day>[0-9０-９]{1,2})
        ",
    )
});

/// What may follow a full date to make it the start of a period (`至`, `到`, `起至`, a dash or a
/// tilde) and the end when it omits its year, or its year and month: `至9月16日`, `至16日`.
/// A full end date (`至2022年9月16日`) is a date of its own, found by [`DATE_PATTERN`].
static YEARLESS_END: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(
        r"(?x)
        ^ \s* (?: 起至 | [-—－–~～至到] ) \s*
        (?P<end>
            (?: (?P<month>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九]) \s* 月 \s* )?
            (?P<day>[0-9０-９]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]) \s* [日号]
        )
        ",
    )
});

/// What joins the two dates of a period written in full: `2022年9月1日至2022年9月30日`.
static FULL_END_JOINER: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| PerThread::regex(r"^\s*(?:起至|[-—－–~～至到])\s*$"));

/// A period written as two dates, `2022年9月1日至9月16日`: its first and last days, each with the
/// byte range of its text. An end that omits its year takes the start's year (and month, when it
/// omits that too), the year after when it would otherwise come before the start
/// (`2022年12月20日至1月10日`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    pub start: (Range<usize>, NaiveDate),
    pub end: (Range<usize>, NaiveDate),
}

/// Every period written in `text` (`2022年9月1日至9月16日`, `2022年9月1日至16日`,
/// `2022年9月1日—2022年9月30日`), in order. The start must be a full date; an end that does not
/// exist (`2022年2月1日至2月30日`) makes no period.
pub fn find_date_ranges(text: &str) -> Vec<DateRange> {
    find_date_ranges_in_view(&fold_traditional(text))
}

/// [`find_date_ranges`] in a text already in its matching view.
pub(crate) fn find_date_ranges_in_view(folded: &str) -> Vec<DateRange> {
    let dates = scan_dates_in_view(folded);
    let mut ranges = Vec::new();
    for (index, start) in dates.iter().enumerate() {
        let after = &folded[start.range.end..];
        // A full end date: the next date, joined to this one by nothing but a range mark.
        if let Some(next) = dates.get(index + 1)
            && FULL_END_JOINER.is_match(&folded[start.range.end..next.range.start])
        {
            ranges.push(DateRange {
                start: (start.range.clone(), start.date),
                end: (next.range.clone(), next.date),
            });
            continue;
        }
        let Some(captures) = YEARLESS_END.captures(after) else {
            continue;
        };
        let Some(end) = yearless_end(start.date, &captures) else {
            continue;
        };
        let Some(whole) = captures.name("end") else {
            continue;
        };
        let offset = start.range.end;
        ranges.push(DateRange {
            start: (start.range.clone(), start.date),
            end: (offset + whole.start()..offset + whole.end(), end),
        });
    }
    ranges
}

/// The date of an end written without its year (and perhaps its month), from the start's.
fn yearless_end(start: NaiveDate, captures: &Captures) -> Option<NaiveDate> {
    let day = parse_number(captures.name("day")?.as_str())?;
    let month = match captures.name("month") {
        Some(month) => parse_number(month.as_str())?,
        None => start.month(),
    };
    let same_year = NaiveDate::from_ymd_opt(start.year(), month, day)?;
    if same_year >= start {
        Some(same_year)
    } else {
        // `12月20日至1月10日`: the end is in the next year.
        NaiveDate::from_ymd_opt(start.year().checked_add(1)?, month, day)
    }
}

/// How a written date departs from the standard form `2022年8月19日`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormIssue {
    /// A month or day with a leading zero: `2022年08月09日`.
    LeadingZero,
    /// Chinese numerals instead of Arabic ones: `二〇二二年八月十九日`.
    ChineseNumerals,
    /// Only two digits of the year: `22年8月19日`.
    TwoDigitYear,
    /// Full-width digits: `２０２２年８月１９日`.
    FullWidthDigits,
    /// Numeric separators instead of 年月日: `2022-08-19`, `2022.8.19`.
    NumericSeparators,
    /// `号` for the day instead of `日`: `2022年8月19号`.
    HaoForDay,
    /// Whitespace inside the date: `2022 年 4 月 28 日`. Often extraction damage rather than the
    /// drafter's, so a rule may choose to ignore it.
    Spaces,
}

/// One date found in a text.
struct WrittenDate {
    range: Range<usize>,
    date: NaiveDate,
    issues: Vec<DateFormIssue>,
}

/// Parses a string that is exactly one date (surrounding whitespace ignored), in any of the forms
/// the module reads. `None` when the string holds anything else or the date does not exist
/// (`2022年2月30日`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let trimmed = s.trim();
    let first = scan_dates(trimmed).into_iter().next()?;
    (first.range == (0..trimmed.len())).then_some(first.date)
}

/// Every date written in `text`, in order, with its byte range. Strings that look like dates but
/// are not calendar days (`2022年13月1日`) are skipped.
pub fn find_dates(text: &str) -> Vec<(Range<usize>, NaiveDate)> {
    scan_dates(text)
        .into_iter()
        .map(|found| (found.range, found.date))
        .collect()
}

/// How the first date written in `s` departs from the standard form (Arabic numerals, four-digit
/// year, no leading zeros, 年月日). Empty when the date is standard, and when `s` holds no date.
pub fn date_form_issues(s: &str) -> Vec<DateFormIssue> {
    scan_dates(s)
        .into_iter()
        .next()
        .map(|found| found.issues)
        .unwrap_or_default()
}

fn scan_dates(text: &str) -> Vec<WrittenDate> {
    scan_dates_in_view(&fold_traditional(text))
}

fn scan_dates_in_view(folded: &str) -> Vec<WrittenDate> {
    DATE_PATTERN
        .captures_iter(folded)
        .filter_map(|captures| read_date(folded, &captures))
        .collect()
}

fn read_date(text: &str, captures: &Captures) -> Option<WrittenDate> {
    let whole = captures.get(0)?;
    // The regex crate has no look-behind: a year glued to a preceding digit (`12022年`) is part
    // of some longer number, not a date.
    if text[..whole.start()]
        .chars()
        .next_back()
        .is_some_and(|c| arabic_digit(c).is_some() || "〇零○Ｏ一二三四五六七八九".contains(c))
    {
        return None;
    }
    let mut issues = Vec::new();
    let (year_text, month_text, day_text) = if let Some(year) = captures.name("year") {
        let month = captures.name("month")?.as_str();
        let day = captures.name("day")?.as_str();
        if captures.name("day_suffix")?.as_str() == "号" {
            issues.push(DateFormIssue::HaoForDay);
        }
        (year.as_str(), month, day)
    } else {
        let separator = captures.name("separator")?.as_str();
        if captures.name("second_separator")?.as_str() != separator {
            return None;
        }
        // `2022.8.19.3` or `2022-08-190` is some other kind of number.
        if text[whole.end()..]
            .chars()
            .next()
            .is_some_and(|c| arabic_digit(c).is_some())
        {
            return None;
        }
        issues.push(DateFormIssue::NumericSeparators);
        (
            captures.name("numeric_year")?.as_str(),
            captures.name("numeric_month")?.as_str(),
            captures.name("numeric_day")?.as_str(),
        )
    };
    let year = parse_number(year_text)?;
    let month = parse_number(month_text)?;
    let day = parse_number(day_text)?;
    let year = if year_text.chars().count() == 2 {
        issues.push(DateFormIssue::TwoDigitYear);
        // Plans are 21st-century documents; `22年` means 2022.
        2000 + year
    } else {
        year
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;

    let numerals = [year_text, month_text, day_text];
    if numerals
        .iter()
        .any(|part| part.chars().any(|c| arabic_digit(c).is_none()))
    {
        issues.push(DateFormIssue::ChineseNumerals);
    }
    if [month_text, day_text]
        .iter()
        .any(|part| part.chars().count() > 1 && part.starts_with(['0', '０']))
    {
        issues.push(DateFormIssue::LeadingZero);
    }
    if numerals
        .iter()
        .any(|part| part.chars().any(|c| ('０'..='９').contains(&c)))
    {
        issues.push(DateFormIssue::FullWidthDigits);
    }
    if whole.as_str().chars().any(char::is_whitespace) {
        issues.push(DateFormIssue::Spaces);
    }
    Some(WrittenDate {
        range: whole.range(),
        date,
        issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateFormIssue::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("test dates are valid")
    }

    fn check(input: &str, expected: Option<NaiveDate>) {
        assert_eq!(parse_date(input), expected, "parse_date({input:?})");
    }

    #[test]
    fn parses_whole_dates() {
        for (input, expected) in [
            ("2023年3月7日", Some(ymd(2023, 3, 7))),
            ("2021年12月31日", Some(ymd(2021, 12, 31))),
            ("2024 年 2 月 29 日", Some(ymd(2024, 2, 29))),
            ("2023年02月05日", Some(ymd(2023, 2, 5))),
            ("二〇二三年十一月三十日", Some(ymd(2023, 11, 30))),
            ("二○二一年一月九日", Some(ymd(2021, 1, 9))),
            ("二零二四年十月二十一日", Some(ymd(2024, 10, 21))),
            ("23年6月1日", Some(ymd(2023, 6, 1))),
            ("２０２３年５月４日", Some(ymd(2023, 5, 4))),
            ("2023年5月4号", Some(ymd(2023, 5, 4))),
            ("2023年5月4號", Some(ymd(2023, 5, 4))),
            ("2023-05-04", Some(ymd(2023, 5, 4))),
            ("2023.5.4", Some(ymd(2023, 5, 4))),
            ("2023/5/4", Some(ymd(2023, 5, 4))),
            ("  2023年5月4日\n", Some(ymd(2023, 5, 4))),
            ("2023年2月29日", None),
            ("2023年13月1日", None),
            ("2023-05/04", None),
            ("2023年5月", None),
            ("2023年5月4日印发", None),
            ("于2023年5月4日", None),
            ("", None),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn finds_dates_in_text() {
        let text = "经研究，于2023年3月1日至2023年3月31日征求意见，版本1.2.3.4不是日期，12023年1月1日也不是。";
        let found: Vec<(&str, NaiveDate)> = find_dates(text)
            .into_iter()
            .map(|(range, date)| (&text[range], date))
            .collect();
        assert_eq!(
            found,
            vec![
                ("2023年3月1日", ymd(2023, 3, 1)),
                ("2023年3月31日", ymd(2023, 3, 31)),
            ]
        );
    }

    #[test]
    fn periods_take_an_omitted_year_and_month_from_their_start() {
        for (text, start, end) in [
            (
                "征求意见时间为2022年9月1日至9月16日。",
                "2022年9月1日",
                ("9月16日", ymd(2022, 9, 16)),
            ),
            (
                "2022年9月1日至16日",
                "2022年9月1日",
                ("16日", ymd(2022, 9, 16)),
            ),
            (
                "2022年9月1日—2022年9月30日止",
                "2022年9月1日",
                ("2022年9月30日", ymd(2022, 9, 30)),
            ),
            (
                "二〇二二年九月一日至九月十六日",
                "二〇二二年九月一日",
                ("九月十六日", ymd(2022, 9, 16)),
            ),
            (
                "２０２２年９月１日～９月１６日",
                "２０２２年９月１日",
                ("９月１６日", ymd(2022, 9, 16)),
            ),
            (
                "2022年9月1日起至9月16日",
                "2022年9月1日",
                ("9月16日", ymd(2022, 9, 16)),
            ),
            (
                "於2022年9月1日至9月16日",
                "2022年9月1日",
                ("9月16日", ymd(2022, 9, 16)),
            ),
            // Across the new year: the end is in the next one.
            (
                "2022年12月20日至1月10日",
                "2022年12月20日",
                ("1月10日", ymd(2023, 1, 10)),
            ),
        ] {
            let found = find_date_ranges(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            let DateRange {
                start: (start_range, _),
                end: (end_range, end_date),
            } = &found[0];
            assert_eq!(&text[start_range.clone()], start, "{text}");
            assert_eq!((&text[end_range.clone()], *end_date), end, "{text}");
        }
        for text in [
            "2022年9月1日",
            "2022年9月1日至10个工作日",
            "9月1日至9月16日",
            "2022年2月1日至2月30日",
            "2022年9月1日，9月16日",
        ] {
            assert_eq!(find_date_ranges(text), [], "{text}");
        }
    }

    #[test]
    fn form_issues() {
        for (input, expected) in [
            ("2023年3月7日", vec![]),
            ("2023年03月7日", vec![LeadingZero]),
            ("2023年3月07日", vec![LeadingZero]),
            ("二〇二三年三月七日", vec![ChineseNumerals]),
            ("23年3月7日", vec![TwoDigitYear]),
            ("２０２３年３月７日", vec![FullWidthDigits]),
            ("2023-03-07", vec![NumericSeparators, LeadingZero]),
            ("2023.3.7", vec![NumericSeparators]),
            ("2023年3月7号", vec![HaoForDay]),
            ("2023 年 3 月 7 日", vec![Spaces]),
            ("落款：2023年10月10日", vec![]),
            ("没有日期", vec![]),
        ] {
            assert_eq!(
                date_form_issues(input),
                expected,
                "date_form_issues({input:?})"
            );
        }
    }
}
