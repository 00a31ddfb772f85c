//! Document numbers (发文字号): `冶政公开发〔2022〕1号` = agency code (机关代字) + year in
//! hexagonal brackets + serial + `号`.
//!
//! GB/T 9704-2012 §7.2.4 wants 〔〕 around a full four-digit year and a serial with no leading zero
//! and no `第`. Documents also write `[2022]`, `（2022）`, `(2022)`, `【2022】`, `〔22〕`, `05号`,
//! `第5号`; all of these are read, and [`DocNumberIssue`] names what departs from the standard.
//!
//! The finder is general: it finds every number of this shape, including ones cited in prose
//! (`（国办发〔2022〕8号）`). Deciding which one is the notice's own is the caller's job (usually
//! the line under the issuer). Numbers without a bracketed year, such as `国务院令第713号`, are
//! not document numbers of this shape and are not found.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::Serialize;

use super::numeral::parse_number;
use super::script::fold_traditional;
use crate::per_thread::PerThread;

/// Agency code (up to 12 Han characters right before the bracket), bracketed year, serial, 号.
/// Spaces (not line breaks) are tolerated between the parts because PDF extraction inserts them.
static DOC_NUMBER_PATTERN: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(
        r"(?x)
        (?P<agency>\p{Han}{1,12}) [\x20\t\u{3000}]*
        (?P<open>[〔\[（(【［﹝〖]) [\x20\t\u{3000}]*
        (?P<year>[0-9０-９]{4}|[0-9０-９]{2}) [\x20\t\u{3000}]*
        (?P<close>[〕\]）)】］﹞〗]) [\x20\t\u{3000}]*
        (?P<ordinal>第[\x20\t\u{3000}]*)?
        (?P<serial>[0-9０-９]+) [\x20\t\u{3000}]*
        号
        ",
    )
});

/// How a document number departs from the standard form `冶政公开发〔2022〕1号`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "issue")]
pub enum DocNumberIssue {
    /// The year is not in hexagonal brackets 〔〕: `[2022]`, `（2022）`, `【2022】`, `﹝2022﹞`.
    WrongBrackets { open: char, close: char },
    /// A two-digit year: `〔22〕`.
    ShortYear,
    /// `第` before the serial: `第5号`.
    OrdinalSerial,
    /// A serial with a leading zero: `05号`.
    LeadingZero,
    /// Full-width digits: `〔２０２２〕１号`.
    FullWidthDigits,
    /// Spaces inside the number: `冶政公开发 〔2022〕 1号`. Often extraction damage.
    Spaces,
}

/// A document number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DocNumberMatch {
    /// The number as written, from the first character of the agency code to `号`.
    pub range: Range<usize>,
    /// 机关代字, e.g. `冶政公开发`. In prose it may carry preceding words (`根据冶政公开发`): pass
    /// the line that holds only the number when that matters.
    pub agency: String,
    /// The year; a two-digit year `〔22〕` is read as 2022 (and reported as
    /// [`DocNumberIssue::ShortYear`]).
    pub year: Option<i32>,
    pub serial: Option<u32>,
    /// Empty when the number is in the standard form.
    pub issues: Vec<DocNumberIssue>,
}

/// The first document number in `text`, standard or not.
pub fn find_doc_number(text: &str) -> Option<DocNumberMatch> {
    find_doc_numbers(text).into_iter().next()
}

/// Every document number in `text`, in order: the notice's own and those it cites.
pub fn find_doc_numbers(text: &str) -> Vec<DocNumberMatch> {
    let folded = fold_traditional(text);
    DOC_NUMBER_PATTERN
        .captures_iter(&folded)
        .filter_map(|captures| read_doc_number(text, &captures))
        .collect()
}

/// `captures` come from the folded text, which has the same byte offsets as `text`.
fn read_doc_number(text: &str, captures: &Captures) -> Option<DocNumberMatch> {
    let whole = captures.get(0)?;
    // The agency code as written, traditional characters included.
    let agency = text.get(captures.name("agency")?.range())?;
    let open = captures.name("open")?.as_str().chars().next()?;
    let close = captures.name("close")?.as_str().chars().next()?;
    let year_text = captures.name("year")?.as_str();
    let serial_text = captures.name("serial")?.as_str();

    let mut issues = Vec::new();
    if (open, close) != ('〔', '〕') {
        issues.push(DocNumberIssue::WrongBrackets { open, close });
    }
    let year = parse_number(year_text).and_then(|year| i32::try_from(year).ok());
    let year = if year_text.chars().count() == 2 {
        issues.push(DocNumberIssue::ShortYear);
        // Numbered documents of this kind are 21st-century: 〔22〕 is 2022.
        year.map(|year| 2000 + year)
    } else {
        year
    };
    if captures.name("ordinal").is_some() {
        issues.push(DocNumberIssue::OrdinalSerial);
    }
    if serial_text.chars().count() > 1 && serial_text.starts_with(['0', '０']) {
        issues.push(DocNumberIssue::LeadingZero);
    }
    if [year_text, serial_text]
        .iter()
        .any(|part| part.chars().any(|c| ('０'..='９').contains(&c)))
    {
        issues.push(DocNumberIssue::FullWidthDigits);
    }
    if whole.as_str().chars().any(char::is_whitespace) {
        issues.push(DocNumberIssue::Spaces);
    }
    Some(DocNumberMatch {
        range: whole.range(),
        agency: agency.to_string(),
        year,
        serial: parse_number(serial_text),
        issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocNumberIssue::*;

    /// (input, expected: (number as written, agency, year, serial, issues)).
    type Expected<'a> = Option<(
        &'a str,
        &'a str,
        Option<i32>,
        Option<u32>,
        Vec<DocNumberIssue>,
    )>;

    fn check(input: &str, expected: Expected) {
        let found = find_doc_number(input).map(|found| {
            (
                &input[found.range.clone()],
                found.agency.clone(),
                found.year,
                found.serial,
                found.issues.clone(),
            )
        });
        let expected = expected.map(|(text, agency, year, serial, issues)| {
            (text, agency.to_string(), year, serial, issues)
        });
        assert_eq!(found, expected, "find_doc_number({input:?})");
    }

    #[test]
    fn standard_numbers() {
        for (input, expected) in [
            (
                "鄂政办发〔2023〕12号",
                Some((
                    "鄂政办发〔2023〕12号",
                    "鄂政办发",
                    Some(2023),
                    Some(12),
                    vec![],
                )),
            ),
            (
                "  京政公开函〔2021〕207号\n",
                Some((
                    "京政公开函〔2021〕207号",
                    "京政公开函",
                    Some(2021),
                    Some(207),
                    vec![],
                )),
            ),
            (
                "（浙政办〔2024〕3号）",
                Some(("浙政办〔2024〕3号", "浙政办", Some(2024), Some(3), vec![])),
            ),
            (
                "粵府辦〔2023〕9號",
                Some(("粵府辦〔2023〕9號", "粵府辦", Some(2023), Some(9), vec![])),
            ),
            ("国务院令第711号", None),
            ("京ICP备12345678号-1", None),
            ("2023年3月7日", None),
            ("", None),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn malformed_numbers() {
        for (input, expected) in [
            (
                "苏府办[2023]45号",
                Some((
                    "苏府办[2023]45号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![WrongBrackets {
                        open: '[',
                        close: ']',
                    }],
                )),
            ),
            (
                "苏府办（2023）45号",
                Some((
                    "苏府办（2023）45号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![WrongBrackets {
                        open: '（',
                        close: '）',
                    }],
                )),
            ),
            (
                "苏府办(2023)45号",
                Some((
                    "苏府办(2023)45号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![WrongBrackets {
                        open: '(',
                        close: ')',
                    }],
                )),
            ),
            (
                "苏府办【2023】45号",
                Some((
                    "苏府办【2023】45号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![WrongBrackets {
                        open: '【',
                        close: '】',
                    }],
                )),
            ),
            (
                "苏府办﹝2023﹞45号",
                Some((
                    "苏府办﹝2023﹞45号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![WrongBrackets {
                        open: '﹝',
                        close: '﹞',
                    }],
                )),
            ),
            (
                "苏府办〔23〕45号",
                Some((
                    "苏府办〔23〕45号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![ShortYear],
                )),
            ),
            (
                "苏府办〔2023〕045号",
                Some((
                    "苏府办〔2023〕045号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![LeadingZero],
                )),
            ),
            (
                "苏府办〔2023〕第45号",
                Some((
                    "苏府办〔2023〕第45号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![OrdinalSerial],
                )),
            ),
            (
                "苏府办〔２０２３〕４５号",
                Some((
                    "苏府办〔２０２３〕４５号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![FullWidthDigits],
                )),
            ),
            (
                "苏府办 〔2023〕 45 号",
                Some((
                    "苏府办 〔2023〕 45 号",
                    "苏府办",
                    Some(2023),
                    Some(45),
                    vec![Spaces],
                )),
            ),
            (
                "苏府办(23)第07号",
                Some((
                    "苏府办(23)第07号",
                    "苏府办",
                    Some(2023),
                    Some(7),
                    vec![
                        WrongBrackets {
                            open: '(',
                            close: ')',
                        },
                        ShortYear,
                        OrdinalSerial,
                        LeadingZero,
                    ],
                )),
            ),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn finds_every_number_in_prose() {
        let text =
            "根据《关于印发要点的通知》（国办发〔2023〕4号）和皖政办〔2023〕6号要求，制定本方案。";
        let found: Vec<(&str, String)> = find_doc_numbers(text)
            .into_iter()
            .map(|found| (&text[found.range], found.agency))
            .collect();
        assert_eq!(
            found,
            vec![
                ("国办发〔2023〕4号", "国办发".to_string()),
                ("和皖政办〔2023〕6号", "和皖政办".to_string()),
            ]
        );
    }
}
