//! Bad rule files (`tests/fixtures/dsl/err_*.rule`) are rejected with coded errors, every error of
//! a file in one run, never a panic; each file's rendered errors are snapshotted.

use wenshen::report::human::{self, Style};
use wenshen::rules::{self, RuleSource};

fn load(name: &str, text: &str) -> String {
    let source = RuleSource {
        name: name.to_string(),
        text: text.to_string(),
    };
    match rules::load(&[source], &[]) {
        Ok(_) => panic!("{name} should not load"),
        Err(errors) => human::render_rule_errors(&errors, Style::default()),
    }
}

#[test]
fn bad_rule_files_are_reported() {
    insta::glob!("fixtures/dsl/err_*.rule", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = format!(
            "tests/fixtures/dsl/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        insta::assert_snapshot!(load(&name, &text));
    });
}

#[test]
fn every_error_of_a_file_is_reported_at_once() {
    let text = std::fs::read_to_string("tests/fixtures/dsl/err_syntax_recovery.rule").unwrap();
    let rendered = load("err_syntax_recovery.rule", &text);
    assert!(rendered.contains("规则中有 3 处错误"), "{rendered}");
}

#[test]
fn parameter_overrides_are_checked() {
    let bundled = rules::bundled();
    let wrong_type = rules::ParamOverride::parse("GK201.min=7").unwrap();
    let unknown_rule = rules::ParamOverride::parse("GK999.min=7d").unwrap();
    let errors = rules::load(&bundled, &[wrong_type, unknown_rule]).unwrap_err();
    let codes: Vec<&str> = errors.errors.iter().map(|error| error.code).collect();
    assert_eq!(codes, ["R011", "R011"]);
    let right = rules::ParamOverride::parse("GK201.min=15d").unwrap();
    let rule_set = rules::load(&bundled, &[right]).unwrap();
    let rule = rule_set
        .rules
        .iter()
        .find(|rule| rule.code == "GK201")
        .unwrap();
    assert_eq!(
        format!("{:?}", rule.params),
        "[(\"min\", Duration(Duration { amount: 15.0, unit: Day }))]"
    );
}

#[test]
fn arbitrary_text_never_panics() {
    // Every prefix of every bundled rule and fixture: truncation exercises every error path.
    let mut texts: Vec<String> = rules::BUNDLED
        .iter()
        .map(|(_, text)| text.to_string())
        .collect();
    for entry in std::fs::read_dir("tests/fixtures/dsl").unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for text in texts {
        for (index, _) in text.char_indices().step_by(7) {
            let source = RuleSource {
                name: "prefix.rule".into(),
                text: text[..index].to_string(),
            };
            let _ = rules::load(&[source], &[]);
        }
    }
}

#[test]
fn the_readme_lists_every_error_code_and_no_other() {
    let readme = std::fs::read_to_string("rules/README.md").unwrap();
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| R"))
        .filter_map(|rest| rest.get(..3))
        .collect();
    let known: Vec<String> = rules::RuleCode::ALL
        .iter()
        .map(|code| code.as_str()[1..].to_string())
        .collect();
    assert_eq!(listed, known);
}

/// Every function of the language's table has a row in the README's "Functions" table, in the
/// table's order, and the README names no function the language lacks.
#[test]
fn the_readme_documents_every_function_and_no_other() {
    let readme = std::fs::read_to_string("rules/README.md").unwrap();
    let section = readme
        .split("## Functions\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a Functions section");
    // The first cell of each row: `` `days(a, b)` `` or several forms, `` `count(list)`, `count(x in list, cond)` ``.
    let mut documented: Vec<String> = Vec::new();
    for row in section.lines().filter(|line| line.starts_with("| `")) {
        let first_cell = row.split(" | ").next().unwrap_or_default();
        for form in first_cell.split('`').skip(1).step_by(2) {
            let name = form.split('(').next().unwrap_or_default().to_string();
            if !documented.contains(&name) {
                documented.push(name);
            }
        }
    }
    let known: Vec<&str> = rules::functions::names();
    assert_eq!(documented, known);
}
