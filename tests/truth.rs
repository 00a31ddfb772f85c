//! The parser against the hand-annotated ground truth of the five seed plans (`tests/truth/`).
//!
//! Every field of every truth entry is compared and every mismatch is reported, so that one run
//! shows the whole distance between the parser and the truth.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;
use wenshen::document::{self, DeadlineSource, Document, Task, UnitRole};
use wenshen::source::SourceFile;

fn no_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn parse_seed(file: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/seeds")
        .join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let text = String::from_utf8(bytes).expect("the seeds are UTF-8");
    document::parse(&SourceFile::from_text(file, text))
}

fn truth_files() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/truth");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/truth exists")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a readable truth file");
            let value: Value = serde_json::from_str(&text).expect("valid truth JSON");
            let file = value["file"]
                .as_str()
                .expect("truth names its file")
                .to_string();
            (file, value)
        })
        .collect()
}

fn opt_str(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

struct Report {
    file: String,
    lines: String,
    count: usize,
}

impl Report {
    fn mismatch(
        &mut self,
        what: impl std::fmt::Display,
        truth: impl std::fmt::Debug,
        ours: impl std::fmt::Debug,
    ) {
        self.count += 1;
        let _ = writeln!(
            self.lines,
            "{}: {what}: truth {truth:?}, parsed {ours:?}",
            self.file
        );
    }

    fn compare<T: PartialEq + std::fmt::Debug>(
        &mut self,
        what: impl std::fmt::Display,
        truth: T,
        ours: T,
    ) {
        if truth != ours {
            self.mismatch(what, truth, ours);
        }
    }
}

fn check_doc(report: &mut Report, truth: &Value, parsed: &Document) {
    let doc = &parsed.doc;
    let text = |field: &Option<document::Field>| field.as_ref().map(|f| f.text.clone());
    report.compare("doc.issuer", opt_str(&truth["issuer"]), text(&doc.issuer));
    report.compare(
        "doc.doc_number",
        opt_str(&truth["doc_number"]),
        doc.doc_number.as_ref().map(|n| n.text.clone()),
    );
    report.compare("doc.title", opt_str(&truth["title"]), text(&doc.title));
    report.compare(
        "doc.recipients",
        opt_str(&truth["recipients"]),
        text(&doc.recipients),
    );
    report.compare(
        "doc.issue_date",
        opt_str(&truth["issue_date"]),
        doc.issue_date
            .as_ref()
            .and_then(|d| d.date)
            .map(|d| d.format("%Y-%m-%d").to_string()),
    );
    report.compare(
        "doc.plan_title",
        opt_str(&truth["plan_title"]),
        text(&doc.plan_title),
    );
    report.compare(
        "plan_year",
        truth["plan_year"].as_i64(),
        parsed.plan_year.map(i64::from),
    );
    report.compare(
        "doc.disclosure",
        opt_str(&truth["disclosure"]),
        text(&doc.disclosure),
    );
}

fn check_task(report: &mut Report, truth: &Value, task: &Task) {
    let label = &task.label;
    report.compare(
        format!("task {label} part"),
        opt_str(&truth["part"]),
        task.part.clone(),
    );
    report.compare(
        format!("task {label} section"),
        opt_str(&truth["section"]),
        task.section.clone(),
    );
    let starts = no_spaces(truth["starts_with"].as_str().unwrap_or_default());
    if !no_spaces(&task.text).starts_with(&starts) {
        report.mismatch(
            format!("task {label} text start"),
            &starts,
            task.text.chars().take(20).collect::<String>(),
        );
    }
    let names = |values: &Value| -> Vec<String> {
        values
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(opt_str)
            .collect()
    };
    report.compare(
        format!("task {label} units"),
        names(&truth["units"]),
        task.units.iter().map(|u| u.name.clone()).collect(),
    );
    report.compare(
        format!("task {label} lead units"),
        names(&truth["lead_units"]),
        task.units
            .iter()
            .filter(|u| u.role == UnitRole::Lead)
            .map(|u| u.name.clone())
            .collect(),
    );
    report.compare(
        format!("task {label} units inherited"),
        truth["units_inherited"].as_bool(),
        Some(!task.units.is_empty() && task.units.iter().all(|u| u.inherited)),
    );
    let deadline = |wanted: &[DeadlineSource]| {
        task.deadline
            .as_ref()
            .filter(|d| wanted.contains(&d.source))
            .map(|d| d.text.clone())
    };
    report.compare(
        format!("task {label} deadline"),
        opt_str(&truth["deadline"]),
        deadline(&[DeadlineSource::Field, DeadlineSource::Inherited]),
    );
    report.compare(
        format!("task {label} inline deadline"),
        opt_str(&truth["inline_deadline"]),
        deadline(&[DeadlineSource::Inline]),
    );
}

fn as_json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

fn check_quantities(report: &mut Report, truth: &Value, parsed: &Document) {
    let truth_quantities = truth.as_array().cloned().unwrap_or_default();
    let mut expected_per_task = std::collections::BTreeMap::<String, usize>::new();
    for quantity in &truth_quantities {
        let label = quantity["task"].as_str().unwrap_or_default();
        *expected_per_task.entry(label.to_string()).or_default() += 1;
        let Some(task) = parsed.tasks.iter().find(|t| t.label == label) else {
            report.mismatch(
                format!("quantity in task {label}"),
                quantity["text"].as_str(),
                "no such task",
            );
            continue;
        };
        let truth_text = no_spaces(quantity["text"].as_str().unwrap_or_default());
        let found = task.quantities.iter().any(|q| {
            as_json(q.kind) == quantity["kind"]
                && as_json(q.unit) == quantity["unit"]
                && as_json(q.bound) == quantity["bound"]
                && quantity["value"].as_f64() == Some(q.value)
                && truth_text.contains(&no_spaces(&q.text))
        });
        if !found {
            report.mismatch(
                format!("quantity in task {label}"),
                quantity,
                task.quantities.iter().map(|q| &q.text).collect::<Vec<_>>(),
            );
        }
    }
    for task in &parsed.tasks {
        let expected = expected_per_task.get(&task.label).copied().unwrap_or(0);
        if task.quantities.len() > expected {
            report.mismatch(
                format!("task {} quantity count", task.label),
                expected,
                task.quantities.iter().map(|q| &q.text).collect::<Vec<_>>(),
            );
        }
    }
}

#[test]
fn the_parser_matches_the_truth_on_every_seed() {
    let mut all = String::new();
    let mut total = 0;
    for (file, truth) in truth_files() {
        let parsed = parse_seed(&file);
        let mut report = Report {
            file: file.clone(),
            lines: String::new(),
            count: 0,
        };
        check_doc(&mut report, &truth["doc"], &parsed);
        let parts = |values: Vec<(String, String)>| values;
        report.compare(
            "parts",
            parts(
                truth["parts"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        (
                            opt_str(&p["label"]).unwrap_or_default(),
                            opt_str(&p["title"]).unwrap_or_default(),
                        )
                    })
                    .collect(),
            ),
            parsed
                .parts
                .iter()
                .map(|p| (p.label.clone(), no_spaces(&p.title)))
                .collect(),
        );
        let truth_tasks = truth["tasks"].as_array().cloned().unwrap_or_default();
        report.compare(
            "task labels",
            truth_tasks
                .iter()
                .filter_map(|t| opt_str(&t["label"]))
                .collect::<Vec<_>>(),
            parsed.tasks.iter().map(|t| t.label.clone()).collect(),
        );
        for truth_task in &truth_tasks {
            let label = truth_task["label"].as_str().unwrap_or_default();
            match parsed.tasks.iter().find(|t| t.label == label) {
                Some(task) => check_task(&mut report, truth_task, task),
                None => report.mismatch(format!("task {label}"), "present", "missing"),
            }
        }
        check_quantities(&mut report, &truth["quantities"], &parsed);
        total += report.count;
        all.push_str(&report.lines);
    }
    assert!(total == 0, "{total} mismatches with the truth:\n{all}");
}
