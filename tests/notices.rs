//! Notices, draft notices and interpretations: the metadata the notice-form and corpus rules read.

use std::path::Path;

use wenshen::document::{self, Document};
use wenshen::source::SourceFile;

fn parse(file: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/notices")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("a readable fixture");
    document::parse(&SourceFile::from_text(file, text))
}

fn text(field: &Option<document::Field>) -> Option<&str> {
    field.as_ref().map(|field| field.text.as_str())
}

#[test]
fn a_draft_consultation_notice_has_no_plan_and_no_problem() {
    let doc = parse("consultation_notice.txt");
    assert_eq!(
        text(&doc.doc.title),
        Some(
            "东湖区人民政府办公室关于公开征求《东湖区老旧小区改造管理办法（征求意见稿）》意见的公告"
        )
    );
    assert_eq!(
        doc.doc.issuer.as_ref().map(|f| f.text.as_str()),
        Some("东湖区人民政府办公室")
    );
    let number = doc.doc.doc_number.as_ref().expect("a doc number");
    assert_eq!(
        (number.agency.as_str(), number.year, number.serial),
        ("东政办", Some(2022), Some(21))
    );
    assert_eq!(
        doc.doc
            .issue_date
            .as_ref()
            .and_then(|d| d.date)
            .map(|d| d.to_string()),
        Some("2022-09-01".to_string())
    );
    assert!(doc.tasks.is_empty());
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
}

#[test]
fn malformed_numbers_and_dates_are_still_read_as_written() {
    let doc = parse("malformed_notice.txt");
    let number = doc.doc.doc_number.as_ref().expect("a doc number");
    assert_eq!(number.text, "西政办发[2022]05号");
    assert_eq!((number.year, number.serial), (Some(2022), Some(5)));
    let date = doc.doc.issue_date.as_ref().expect("an issue date");
    assert_eq!(date.text, "2022年08月09日");
    assert_eq!(
        date.date.map(|d| d.to_string()),
        Some("2022-08-09".to_string())
    );
    assert_eq!(
        text(&doc.doc.quoted_plan_title),
        Some("西山县2021年政务公开工作要点")
    );
    assert_eq!(
        text(&doc.doc.plan_title),
        Some("西山县2022年政务公开工作要点")
    );
    assert_eq!(doc.plan_year, Some(2022));
    assert_eq!(doc.tasks.len(), 1);
}

#[test]
fn an_interpretation_is_titled_by_what_it_interprets_and_signed_at_the_end() {
    let text_of = "《某市支持中小企业发展十条措施》政策解读\n\n一、出台背景\n为支持中小企业发展，市政府出台了十条措施。\n\n某市发展和改革委员会\n2022年10月14日\n";
    let doc = document::parse(&SourceFile::from_text("interpretation.txt", text_of));
    assert_eq!(
        text(&doc.doc.title),
        Some("《某市支持中小企业发展十条措施》政策解读")
    );
    assert_eq!(text(&doc.doc.issuer), Some("某市发展和改革委员会"));
    assert_eq!(
        doc.doc
            .issue_date
            .as_ref()
            .and_then(|d| d.date)
            .map(|d| d.to_string()),
        Some("2022-10-14".to_string())
    );
    assert!(doc.problems.is_empty());
}

#[test]
fn a_title_with_the_issuer_on_its_own_line_is_read_whole() {
    // A red-header notice: `…文件`, the number, then the issuer above `关于…的通知`.
    let doc = parse("red_header_notice.txt");
    assert_eq!(
        text(&doc.doc.title),
        Some("某某县人民政府办公室关于印发某某县2023年政务公开工作要点的通知")
    );
    assert_eq!(text(&doc.doc.issuer), Some("某某县人民政府办公室"));
    assert_eq!(
        text(&doc.doc.recipients),
        Some("各乡镇人民政府，县政府各部门")
    );
    assert_eq!(
        text(&doc.doc.plan_title),
        Some("某某县2023年政务公开工作要点")
    );
    assert_eq!(doc.tasks.len(), 1);
}
