//! The outline a person reads (`parse --format tree`), snapshotted for every seed and every
//! hand-written layout fixture. Review changes with `cargo insta review`; never accept blindly.

use wenshen::document;
use wenshen::report::tree::render_tree;
use wenshen::source::SourceFile;

fn render(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 fixture");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    render_tree(&document::parse(&SourceFile::from_text(name, text)))
}

#[test]
fn seed_outlines() {
    insta::glob!("../corpus/seeds", "*.txt", |path| {
        insta::assert_snapshot!(render(path));
    });
}

#[test]
fn layout_fixture_outlines() {
    insta::glob!("../corpus/layouts", "*.*", |path| {
        insta::assert_snapshot!(render(path));
    });
}

/// Three real documents no parser here was written for: a table printed one cell per line
/// (001), a traditional-character plan with keyless clauses (014), and a plan whose units stand on
/// field lines after each task, one of them a person (018).
#[test]
fn real_document_outlines() {
    insta::glob!("../tests/real/docs", "{001,014,018}.txt", |path| {
        insta::assert_snapshot!(render(path));
    });
}
