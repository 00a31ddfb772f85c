//! Calendar dates as written in notices and plans, and whether they are written in the standard
//! form.
//!
//! GB/T 9704-2012 §7.3.5.3 wants the 成文日期 in Arabic numerals with the full year and no leading
//! zeros: `2022年8月19日`. Real documents also write `2022年08月09日`, `二〇二二年八月十九日`,
//! `22年8月19日`, `2022-08-19`, `2022.8.19`, and PDF extraction adds spaces (`2022 年 4 月 28 日`).
//! All of these are read; [`date_form_issues`] says what departs from the standard form.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
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
    let folded = fold_traditional(text);
    DATE_PATTERN
        .captures_iter(&folded)
        .filter_map(|captures| read_date(&folded, &captures))
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
