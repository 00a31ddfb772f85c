//! Extractors shared by all layouts: pure functions from a piece of (joined) text to the model's
//! values, with byte ranges relative to the text they were given.
//!
//! None of them does I/O or panics, whatever the input; ranges always fall on char boundaries.
//! Traditional-character mirrors of plans are read too (`於…前`, `不少於`, `個工作日內`).
//!
//! - [`numeral`]: `30`, `３０`, `三十`, `二〇二二` → numbers; Chinese numeral labels.
//! - [`date`]: `2022年8月19日` and its variants → dates, and how a date departs from the standard
//!   form.
//! - [`doc_number`]: `冶政公开发〔2022〕1号` → agency, year, serial, and form issues.
//! - [`deadline`]: a 完成时限 value → kind and last day; the inline time limit in a task's text.
//! - [`quantity`]: `不少于30日`, `10个工作日内`, `不低于4%` → value, unit, bound, subject, clause.

pub mod date;
pub mod deadline;
pub mod doc_number;
pub mod numeral;
pub mod quantity;
mod script;

#[cfg(test)]
mod tests {
    use super::*;

    /// Odd and truncated input: every extractor returns without panicking, and every range
    /// slices its input.
    #[test]
    fn odd_input_never_panics() {
        let long_run = "年底前".repeat(500);
        for input in [
            "",
            "年",
            "于",
            "前",
            "百分之",
            "至少",
            "〔",
            "〔2022",
            "第号",
            "👍2022年👍8月👍",
            "\u{301}年内\u{301}",
            "２０２２年１月",
            "9999年12月31日前",
            "0000年0月0日",
            "99999999999999999999999次",
            "不少于99999999999999999999999999999999999999日",
            "十十十次",
            "百分之九十九万万",
            "苏府办〔9999〕99999999999999999999号",
            "2022-13-45",
            long_run.as_str(),
        ] {
            let mut ranges = Vec::new();
            for found in quantity::find_quantities(input) {
                ranges.push(found.range);
                ranges.push(found.clause);
            }
            ranges.extend(deadline::find_inline_deadline(input));
            ranges.extend(date::find_dates(input).into_iter().map(|(range, _)| range));
            ranges.extend(
                doc_number::find_doc_numbers(input)
                    .into_iter()
                    .map(|found| found.range),
            );
            deadline::classify_deadline(input, Some(2022));
            deadline::classify_deadline(input, Some(i32::MAX));
            date::parse_date(input);
            date::date_form_issues(input);
            numeral::parse_number(input);
            numeral::is_chinese_numeral_label(input);
            for range in ranges {
                assert!(input.get(range.clone()).is_some(), "{range:?} in {input:?}");
            }
        }
    }
}
