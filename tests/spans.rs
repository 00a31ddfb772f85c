//! Every span in the parsed JSON of every seed slices the source to its element's text.
//!
//! Page-break joins mean an element's text can be spread over several lines (or, in tables, over a
//! page's repeated header), so the check is: the slice lies on char boundaries, starts with the
//! element's first character, ends with its last, and holds all its characters in order.

use std::path::Path;

use serde_json::Value;
use wenshen::document;
use wenshen::source::SourceFile;

fn significant(text: &str) -> Vec<char> {
    text.replace("**", "")
        .replace("</p>", "")
        .replace("<p>", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn is_subsequence(needle: &[char], haystack: &[char]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|c| rest.any(|h| h == c))
}

/// Checks one element; `whole` is true when the span covers exactly the element's text.
fn check(
    source: &str,
    path: &str,
    text: &str,
    span: &Value,
    whole: bool,
    errors: &mut Vec<String>,
) {
    let (Some(start), Some(end)) = (span[0].as_u64(), span[1].as_u64()) else {
        errors.push(format!("{path}: span {span} is not [start, end]"));
        return;
    };
    let Some(slice) = source.get(start as usize..end as usize) else {
        errors.push(format!(
            "{path}: span {span} is out of bounds or not on char boundaries"
        ));
        return;
    };
    let wanted = significant(text);
    let got = significant(slice);
    let fits = is_subsequence(&wanted, &got)
        && (!whole || (wanted.first() == got.first() && wanted.last() == got.last()));
    if !fits {
        errors.push(format!(
            "{path}: text {text:?} does not fit the slice {slice:?}"
        ));
    }
}

fn walk(source: &str, path: &str, value: &Value, errors: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(span) = map.get("span") {
                let is_task = map.contains_key("units");
                for key in ["text", "name", "title"] {
                    if let Some(text) = map.get(key).and_then(Value::as_str) {
                        let whole = !is_task && key != "title";
                        check(source, &format!("{path}.{key}"), text, span, whole, errors);
                    }
                }
            }
            for (key, child) in map {
                walk(source, &format!("{path}.{key}"), child, errors);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                walk(source, &format!("{path}[{index}]"), child, errors);
            }
        }
        _ => {}
    }
}

#[test]
fn every_span_slices_the_source_to_its_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/seeds exists")
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the five seeds");
    let mut errors = Vec::new();
    let mut spans = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("the seeds are UTF-8");
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let parsed = document::parse(&SourceFile::from_text(name.clone(), text.clone()));
        let json = serde_json::to_value(&parsed).expect("the model serializes");
        spans += json.to_string().matches("\"span\"").count();
        walk(&text, &name, &json, &mut errors);
    }
    assert!(spans > 500, "only {spans} spans were checked");
    assert!(
        errors.is_empty(),
        "{} bad spans:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
