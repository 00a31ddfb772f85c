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
