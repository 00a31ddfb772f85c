//! The parser never panics: seeds cut at many places, with lines dropped or doubled, and odd
//! inputs all give a document (with problems where nothing could be read).

use std::path::Path;

use wenshen::document;
use wenshen::source::{SourceFile, Span};

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/seeds exists")
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("UTF-8 seeds"))
        .collect()
}

fn spans_in_bounds(text: &str) {
    let parsed = document::parse(&SourceFile::from_text("cut.txt", text));
    let json = serde_json::to_string(&parsed).expect("serializes");
    let value: serde_json::Value = serde_json::from_str(&json).expect("parses back");
    fn walk(value: &serde_json::Value, text: &str) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(span) = map.get("span") {
                    let span: Span = serde_json::from_value(span.clone()).expect("a span");
                    assert!(
                        text.get(span.range()).is_some(),
                        "span {span:?} out of bounds or off a char boundary"
                    );
                }
                map.values().for_each(|child| walk(child, text));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|child| walk(child, text)),
            _ => {}
        }
    }
    walk(&value, text);
}

#[test]
fn cut_seeds_parse_with_spans_in_bounds() {
    for seed in seeds() {
        let boundaries: Vec<usize> = seed.char_indices().map(|(at, _)| at).step_by(53).collect();
        for &cut in &boundaries {
            spans_in_bounds(&seed[..cut]);
            spans_in_bounds(&seed[cut..]);
        }
    }
}

#[test]
fn seeds_with_lines_dropped_or_doubled_parse() {
    for seed in seeds() {
        let lines: Vec<&str> = seed.lines().collect();
        for skip in (0..lines.len()).step_by(4) {
            let dropped: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 7 != skip % 7)
                .map(|(_, l)| *l)
                .collect();
            spans_in_bounds(&dropped.join("\n"));
            let mut doubled = lines.clone();
            doubled.insert(skip, lines[skip]);
            spans_in_bounds(&doubled.join("\n"));
        }
    }
}

#[test]
fn odd_inputs_give_a_document_with_a_problem() {
    for text in [
        "",
        "\n\n\n",
        "|",
        "| |\n|---|\n| |",
        "\t\n\t1\n\t",
        "（",
        "1.",
        "一、",
        "((((((((((",
        "〔〔〔〔",
    ] {
        let parsed = document::parse(&SourceFile::from_text("odd.txt", text));
        assert!(
            !parsed.problems.is_empty() || !parsed.tasks.is_empty(),
            "{text:?}: no tasks and no problem"
        );
    }
}
