//! Arbitrary bytes through `source::decode` and `document::parse`: nothing panics, and every span
//! in the model slices the decoded text on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wenshen::document;
use wenshen::source::{self, Span};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = source::decode("fuzz.txt", data) else {
        return;
    };
    let parsed = document::parse(&source);
    let check = |span: Span, what: &str| {
        assert!(
            source.text.get(span.range()).is_some(),
            "{what} span {span:?} is not a slice of the {} byte text",
            source.text.len()
        );
    };
    let notice = &parsed.doc;
    for field in [
        &notice.issuer,
        &notice.title,
        &notice.recipients,
        &notice.plan_title,
        &notice.quoted_plan_title,
        &notice.disclosure,
    ]
    .into_iter()
    .flatten()
    {
        check(field.span, "notice field");
    }
    if let Some(number) = &notice.doc_number {
        check(number.span, "doc number");
    }
    if let Some(date) = &notice.issue_date {
        check(date.span, "issue date");
    }
    parsed
        .parts
        .iter()
        .for_each(|part| check(part.span, "part"));
    parsed
        .sections
        .iter()
        .for_each(|section| check(section.span, "section"));
    parsed
        .problems
        .iter()
        .for_each(|problem| check(problem.span, "problem"));
    for task in &parsed.tasks {
        check(task.span, "task");
        task.units.iter().for_each(|unit| check(unit.span, "unit"));
        if let Some(deadline) = &task.deadline {
            check(deadline.span, "deadline");
        }
        task.quantities
            .iter()
            .for_each(|quantity| check(quantity.span, "quantity"));
    }
});
