//! The corpus generator (`wenshen-corpus`) is deterministic, and every plan it writes parses to
//! what it wrote: layout, encoding, plan year, the notice's doc number, title, date and plan title,
//! and for each task its label, units, deadline and quantities. The generator recombines the seeds'
//! structures with other wording and breaks pages anywhere a converter would (before digits and
//! numerals too); the real-document measure (`tests/real_documents.rs`) is the test of forms the
//! generator does not write.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use wenshen::document::{self, Document};
use wenshen::source;

fn generate(count: usize, seed: u64, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_wenshen-corpus"))
        .args([
            "--manifest",
            "--count",
            &count.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(out)
        .status()
        .expect("the generator runs");
    assert!(status.success(), "wenshen-corpus failed: {status}");
}

/// Every file of a directory, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("a readable directory")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("a readable file"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_same_seed_gives_identical_files_and_another_seed_does_not() {
    let dirs: Vec<tempfile::TempDir> = (0..3)
        .map(|_| tempfile::tempdir().expect("a temp dir"))
        .collect();
    generate(12, 7, dirs[0].path());
    generate(12, 7, dirs[1].path());
    generate(12, 8, dirs[2].path());
    let first = files(dirs[0].path());
    assert_eq!(first.len(), 13, "12 plans and the manifest");
    assert!(
        first == files(dirs[1].path()),
        "seed 7 twice gave different files"
    );
    let other = files(dirs[2].path());
    let same = first.iter().zip(&other).filter(|(a, b)| a.1 == b.1).count();
    assert_eq!(same, 0, "seed 8 repeated {same} of seed 7's files");

    // Plan i depends on the seed and i only, not on how many plans are asked for.
    let fewer = tempfile::tempdir().expect("a temp dir");
    generate(3, 7, fewer.path());
    for (name, bytes) in files(fewer.path())
        .iter()
        .filter(|(name, _)| name != "manifest.jsonl")
    {
        let same_plan = first
            .iter()
            .find(|(other, _)| other == name)
            .map(|(_, bytes)| bytes);
        assert_eq!(same_plan, Some(bytes), "{name} changed with --count");
    }
}

#[test]
fn plans_average_about_fifteen_kilobytes() {
    let dir = tempfile::tempdir().expect("a temp dir");
    generate(30, 2022, dir.path());
    let plans: Vec<(String, Vec<u8>)> = files(dir.path())
        .into_iter()
        .filter(|(name, _)| name != "manifest.jsonl")
        .collect();
    let average = plans.iter().map(|(_, bytes)| bytes.len()).sum::<usize>() / plans.len();
    assert!(
        (13_000..=18_000).contains(&average),
        "average plan size {average} bytes"
    );
}

fn name_of(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// What differs between a parsed plan and the manifest's line for it, one message per difference.
fn differences(document: &Document, expected: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut differ = |what: String| found.push(format!("{}: {what}", document.file));
    if name_of(&document.layout) != expected["layout"] {
        differ(format!(
            "layout {:?}, expected {}",
            document.layout, expected["layout"]
        ));
    }
    let encoding = if expected["encoding"] == "GB18030" {
        "GB18030"
    } else {
        "UTF-8"
    };
    if document.encoding != encoding {
        differ(format!(
            "encoding {}, expected {encoding}",
            document.encoding
        ));
    }
    if document.plan_year.map(i64::from) != expected["plan_year"].as_i64() {
        differ(format!(
            "plan year {:?}, expected {}",
            document.plan_year, expected["plan_year"]
        ));
    }
    let notice = &document.doc;
    let fields = [
        (
            "doc_number",
            notice.doc_number.as_ref().map(|number| number.text.clone()),
        ),
        (
            "title",
            notice.title.as_ref().map(|title| title.text.clone()),
        ),
        (
            "issue_date",
            notice.issue_date.as_ref().map(|date| date.text.clone()),
        ),
        (
            "plan_title",
            notice.plan_title.as_ref().map(|title| title.text.clone()),
        ),
    ];
    for (field, found) in fields {
        let want = expected["notice"][field].as_str();
        if found.as_deref() != want {
            differ(format!("{field} {found:?}, expected {want:?}"));
        }
    }
    let tasks = expected["tasks"].as_array().cloned().unwrap_or_default();
    if document.tasks.len() != tasks.len() {
        differ(format!(
            "{} tasks, expected {}",
            document.tasks.len(),
            tasks.len()
        ));
        return found;
    }
    for (task, want) in document.tasks.iter().zip(&tasks) {
        let label = &task.label;
        if want["label"] != *label {
            differ(format!("task {label}: expected label {}", want["label"]));
        }
        let units: Vec<Value> = task
            .units
            .iter()
            .map(|unit| {
                serde_json::json!({"name": unit.name, "role": name_of(&unit.role), "inherited": unit.inherited})
            })
            .collect();
        if Value::Array(units.clone()) != want["units"] {
            differ(format!(
                "task {label}: units {units:?}, expected {}",
                want["units"]
            ));
        }
        let deadline = task.deadline.as_ref().map(|deadline| {
            serde_json::json!({
                "text": deadline.text,
                "source": name_of(&deadline.source),
                "date": deadline.date.map(|date| date.to_string()),
            })
        });
        if deadline.clone().unwrap_or(Value::Null) != want["deadline"] {
            differ(format!(
                "task {label}: deadline {deadline:?}, expected {}",
                want["deadline"]
            ));
        }
        for quantity in want["quantities"].as_array().cloned().unwrap_or_default() {
            let present = task.quantities.iter().any(|found| {
                Some(found.value) == quantity["value"].as_f64()
                    && name_of(&found.unit) == quantity["unit"]
                    && name_of(&found.bound) == quantity["bound"]
            });
            if !present {
                differ(format!(
                    "task {label}: quantity {quantity} not found in {:?}",
                    task.quantities.iter().map(|q| &q.text).collect::<Vec<_>>()
                ));
            }
        }
    }
    found
}

#[test]
fn every_generated_plan_parses_to_what_was_written() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // Twenty plans of each of the seven layouts.
    generate(140, 2022, dir.path());
    let manifest = std::fs::read_to_string(dir.path().join("manifest.jsonl")).expect("a manifest");
    let mut all = Vec::new();
    let mut layouts = std::collections::BTreeSet::new();
    let mut variants = std::collections::BTreeSet::new();
    for line in manifest.lines() {
        let expected: Value = serde_json::from_str(line).expect("a JSON line");
        let file = expected["file"].as_str().expect("a file name");
        let bytes = std::fs::read(dir.path().join(file)).expect("a plan");
        let source = match source::decode(file, &bytes) {
            Ok(source) => source,
            Err(error) => {
                all.push(format!("{file}: does not decode: {error}"));
                continue;
            }
        };
        let document = document::parse(&source);
        layouts.insert(name_of(&document.layout));
        variants.insert((
            expected["encoding"].to_string(),
            expected["crlf"].to_string(),
        ));
        all.extend(differences(&document, &expected));
    }
    assert!(
        all.is_empty(),
        "{} differences:\n{}",
        all.len(),
        all.join("\n")
    );
    let every_layout = [
        "markdown_headings",
        "numbered_items",
        "paragraphs",
        "pipe_table",
        "pipe_table_cell_lines",
        "tab_cells",
        "tab_rows",
    ];
    assert_eq!(layouts.into_iter().collect::<Vec<_>>(), every_layout);
    assert_eq!(variants.len(), 3, "UTF-8, GB18030 and CRLF: {variants:?}");
}
