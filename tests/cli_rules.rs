//! `wenshen rules list|explain|test|check` end to end: what a rule author sees, and the exit codes.

mod common;

use common::Run;

/// Runs `wenshen rules ARGS` in the repository root, without any configuration.
fn rules(args: &[&str]) -> Run {
    let mut all = vec!["rules"];
    all.extend_from_slice(args);
    all.push("--no-config");
    common::run(common::root(), &all, None)
}

fn bundled_rule_files() -> usize {
    std::fs::read_dir("rules")
        .expect("the rules directory")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|entry| entry.path().extension().is_some_and(|ext| ext == "rule"))
        })
        .count()
}

#[test]
fn list_is_a_table_of_code_severity_scope_name_and_basis() {
    let run = rules(&["list", "--select", "GK10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rules_without_a_subcommand_lists_them_all() {
    let run = rules(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, rules(&["list"]).stdout);
    assert!(
        run.stdout
            .ends_with(&format!("共 {} 条规则\n", bundled_rule_files())),
        "{}",
        run.stdout
    );
}

#[test]
fn list_as_json_has_every_rule_with_its_parameters() {
    let run = rules(&["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(listed.len(), bundled_rule_files());
    for rule in &listed {
        for field in ["code", "name", "severity", "scope", "basis", "file"] {
            assert!(
                rule[field].as_str().is_some_and(|value| !value.is_empty()),
                "{field} of {rule}"
            );
        }
    }
    let gk201 = listed
        .iter()
        .find(|rule| rule["code"] == "GK201")
        .expect("GK201 is listed");
    assert_eq!(gk201["params"], serde_json::json!([["min", "30d"]]));
}

#[test]
fn explain_renders_a_rule_for_a_person() {
    let run = rules(&["explain", "GK201"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn explain_shows_configured_values_beside_the_defaults() {
    let run = rules(&["explain", "GK201", "--set", "GK201.min=20d"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("min = 20d（默认 30d）"),
        "{}",
        run.stdout
    );
    let run = rules(&["explain", "GK201", "--ignore", "GK2"]);
    assert!(
        run.stdout.contains("级别：error（本配置未启用）"),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_an_unknown_code_is_a_coded_error_with_a_suggestion() {
    let run = rules(&["explain", "GK2011"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn test_runs_every_bundled_example_and_they_all_hold() {
    let run = rules(&["test"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let count = bundled_rule_files();
    assert_eq!(
        run.stdout
            .lines()
            .filter(|line| line.ends_with(" ... ok"))
            .count(),
        count
    );
    assert!(
        run.stdout.ends_with(&format!("{count} passed, 0 failed\n")),
        "{}",
        run.stdout
    );
}

#[test]
fn test_reports_failing_examples_with_a_diff_and_exits_1() {
    let run = rules(&[
        "test",
        "tests/fixtures/config/my-rules",
        "tests/fixtures/config/failing-examples/GK902-placeholder-examples-wrong.rule",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn check_accepts_good_rule_files() {
    let run = rules(&["check", "rules", "tests/fixtures/config/my-rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let count = bundled_rule_files() + 1;
    assert_eq!(
        run.stdout,
        format!("OK：{count} 个规则文件，{count} 条规则，无错误\n")
    );
}

#[test]
fn check_reports_a_bad_rule_file_with_spans_and_exits_2() {
    let run = rules(&[
        "check",
        "tests/fixtures/config/my-rules",
        "tests/fixtures/dsl/err_type_mismatch.rule",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn check_of_a_missing_path_is_a_usage_error() {
    let run = rules(&["check", "no/such/rules"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/rules"), "{}", run.stderr);
}
