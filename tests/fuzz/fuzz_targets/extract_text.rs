//! The extractors on arbitrary text: nothing panics, every range they return slices the text on
//! char boundaries, and every date they resolve exists.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wenshen::document::extract::{date, deadline, doc_number, numeral, quantity};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let slices = |range: &std::ops::Range<usize>, what: &str| {
        assert!(
            text.get(range.clone()).is_some(),
            "{what} range {range:?} does not slice the {}-byte text",
            text.len()
        );
    };
    for (range, _) in date::find_dates(text) {
        slices(&range, "date");
    }
    let _ = date::parse_date(text);
    let _ = date::date_form_issues(text);
    if let Some(range) = deadline::find_inline_deadline(text) {
        slices(&range, "inline deadline");
        let _ = deadline::classify_deadline(&text[range], Some(2022));
    }
    for plan_year in [None, Some(2022), Some(i32::MAX), Some(i32::MIN)] {
        let _ = deadline::classify_deadline(text, plan_year);
    }
    for found in doc_number::find_doc_numbers(text) {
        slices(&found.range, "doc number");
    }
    let _ = numeral::parse_number(text);
    let _ = numeral::is_chinese_numeral_label(text);
    for found in quantity::find_quantities(text) {
        slices(&found.range, "quantity");
        slices(&found.clause, "quantity clause");
        assert!(found.value.is_finite(), "quantity value {}", found.value);
    }
});
