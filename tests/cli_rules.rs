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
        run.stdout.contains("级别：错误（本配置未启用）"),
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
        format!("OK：{count} 个规则文件（另有 1 个定义文件），{count} 条规则，无错误\n")
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

/// A rule kept outside the repository, as a new author writes it: several expected findings, a
/// count, an example with another parameter value, and a definition shared by its directory.
const OWN_RULE: &str = r#"rule LX101 many-units-no-lead
title "多个单位未明确牵头"
severity warning
scope task

param max_units = 3

where count(task.units) > $max_units
require any(u in task.units, u.role == "lead" or u.name matches lead_mark)

message "任务{task.label}列了{count(task.units)}个责任单位，但没有写明牵头单位"
label task.units "责任单位多于{$max_units}个"
help "写明一个牵头单位"
basis "国办发〔2022〕8号《2022年政务公开工作要点》五"

doc """
作用：找出责任单位多于 max_units 个却没有牵头单位的任务。
"""

pass """
某市2022年政务公开工作要点

一、深化重点领域信息公开

1. 做好惠企政策公开。（责任单位：市发展改革委、市财政局；完成时限：2022年9月底前）
2. 推进政务新媒体建设。（责任单位：市政府办公室（牵头）、市委网信办、市公安局、市文广旅局；完成时限：2022年12月底前）
"""

fail """
某市2022年政务公开工作要点

一、深化重点领域信息公开

1. 做好惠企政策公开。（责任单位：市发展改革委、市财政局、市税务局、市市场监管局；完成时限：2022年9月底前）
2. 做好规范性文件公开。（责任单位：市司法局、市财政局、市税务局、市统计局、市审计局；完成时限：2022年12月底前）
""" count 2
  at "市发展改革委" saying "任务1列了4个责任单位，但没有写明牵头单位"
  at "市司法局" saying "任务2列了5个责任单位，但没有写明牵头单位"

fail """
某市2022年政务公开工作要点

一、深化重点领域信息公开

1. 做好惠企政策公开。（责任单位：市发展改革委、市财政局、市税务局；完成时限：2022年9月底前）
""" with max_units = 2 at "市发展改革委" saying "任务1列了3个责任单位，但没有写明牵头单位"
"#;

const OWN_DEFINITIONS: &str = "# 本目录规则共用的定义\nlet lead_mark = /牵头/\n";

/// A fresh directory under cargo's scratch space holding `my-rules/` with the rule above.
fn own_rules(name: &str) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("my-rules")).expect("a scratch directory");
    std::fs::write(
        root.join("my-rules/LX101-many-units-no-lead.rule"),
        OWN_RULE,
    )
    .expect("written");
    std::fs::write(root.join("my-rules/shared.defs"), OWN_DEFINITIONS).expect("written");
    root
}

fn rules_in(root: &std::path::Path, args: &[&str]) -> Run {
    let mut all = vec!["rules"];
    all.extend_from_slice(args);
    all.push("--no-config");
    common::run(root, &all, None)
}

#[test]
fn own_rules_are_snapshotted_accepted_and_fail_with_a_diff_when_they_change() {
    let root = own_rules("own-snapshots");
    // No snapshots directory yet: the examples alone decide.
    let run = rules_in(&root, &["test", "my-rules"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!root.join("my-rules/snapshots").exists());

    let run = rules_in(&root, &["test", "my-rules", "--accept"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("ok（快照已写入）"), "{}", run.stdout);
    let snapshot = std::fs::read_to_string(root.join("my-rules/snapshots/LX101.snap"))
        .expect("the snapshot was written");
    insta::assert_snapshot!("own_rule_snapshot", snapshot);

    let run = rules_in(&root, &["test", "my-rules"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("LX101 many-units-no-lead (3 个示例) ... ok\n"),
        "{}",
        run.stdout
    );

    // A changed help text changes no example's verdict, only the rendering: the snapshot fails.
    let changed = OWN_RULE.replace(
        "help \"写明一个牵头单位\"",
        "help \"写明一个牵头单位，其余为配合单位\"",
    );
    std::fs::write(root.join("my-rules/LX101-many-units-no-lead.rule"), changed).expect("written");
    let run = rules_in(&root, &["test", "my-rules"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("own_rule_snapshot_changed", run.stdout);

    let run = rules_in(&root, &["test", "my-rules", "--accept"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = rules_in(&root, &["test", "my-rules"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_missing_snapshot_fails_once_the_directory_keeps_snapshots() {
    let root = own_rules("own-missing-snapshot");
    std::fs::create_dir_all(root.join("my-rules/snapshots")).expect("created");
    let run = rules_in(&root, &["test", "my-rules"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("FAILED（没有快照）"), "{}", run.stdout);
    assert!(!root.join("my-rules/snapshots/LX101.snap").exists());
}

#[test]
fn test_reports_as_json() {
    let root = own_rules("own-json");
    let run = rules_in(&root, &["test", "my-rules", "--accept", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["passed"], 1);
    assert_eq!(report["failed"], 0);
    let rule = &report["rules"][0];
    assert_eq!(rule["code"], "LX101");
    assert_eq!(rule["snapshot"]["state"], "accepted");
    let examples = rule["examples"].as_array().expect("examples");
    assert_eq!(examples.len(), 3);
    assert_eq!(
        examples[1]["location"],
        "my-rules/LX101-many-units-no-lead.rule:29"
    );
    assert_eq!(examples[1]["findings"].as_array().map(Vec::len), Some(2));
}

#[test]
fn failing_examples_are_named_by_their_line_with_extra_and_missing_findings() {
    let root = own_rules("own-failing");
    // The first fail example now lists one of its two findings and no count: the other is extra.
    // The second runs with max_units = 3, under which its task has no finding.
    let broken = OWN_RULE
        .replace("\"\"\" count 2\n", "\"\"\"\n")
        .replace(
            "  at \"市司法局\" saying \"任务2列了5个责任单位，但没有写明牵头单位\"\n",
            "",
        )
        .replace("with max_units = 2", "with max_units = 3");
    std::fs::write(root.join("my-rules/LX101-many-units-no-lead.rule"), broken).expect("written");
    let run = rules_in(&root, &["test", "my-rules"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn titles_show_in_list_and_explain() {
    let run = rules(&["explain", "GK104"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("GK104 责任单位只有笼统的“各部门”\n名称：catch-all-units-only\n"),
        "{}",
        run.stdout
    );
    let run = rules(&["list", "--format", "json"]);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(
        listed
            .iter()
            .all(|rule| rule["title"].as_str().is_some_and(|t| !t.is_empty()))
    );
}

/// A plan with a task whose only units are catch-all (GK104 fires) and one with a lead unit
/// (it does not).
const TRACED_PLAN: &str = "某市2022年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
1. 做好惠企政策公开。（责任单位：市政府各部门；完成时限：2022年9月底前）\n\
2. 推进政务新媒体建设。（责任单位：市政府办公室，各部门；完成时限：2022年12月底前）\n";

#[test]
fn trace_says_why_a_rule_fires_on_one_task_and_not_on_another() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("trace");
    std::fs::create_dir_all(&root).expect("a scratch directory");
    std::fs::write(root.join("plan.txt"), TRACED_PLAN).expect("written");
    let run = rules_in(&root, &["trace", "GK104", "plan.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    // A rule with a `where` and captures: GK201 on a sentence with a 15-day period.
    std::fs::write(
        root.join("short.txt"),
        "某市2022年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
         1. 重大行政决策草案公开征求意见，征求意见期限为15日。（责任单位：市司法局；完成时限：2022年12月底前）\n",
    )
    .expect("written");
    let run = rules_in(&root, &["trace", "GK201", "short.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("trace_with_captures", run.stdout);
    // A `let` reading a named group is shown once `where` has bound it.
    std::fs::create_dir_all(root.join("late")).expect("created");
    let late = r#"rule LX201 short-period
severity error
scope clause
let days = duration(period)
where clause.text matches /期限为(?P<period>\d+日)/
require days >= 30d
message "期限{days}"
label period "期限"
help "h"
basis "b"
doc "d"
pass "p"
fail "f"
"#;
    std::fs::write(root.join("late/LX201-short-period.rule"), late).expect("written");
    let run = rules_in(&root, &["trace", "LX201", "short.txt", "--rules", "late"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "→ true\n  let     duration(period) = 15日\n  捕获    period = “15日” short.txt:5:26\n"
        ),
        "{}",
        run.stdout
    );
    let run = rules_in(&root, &["trace", "GK2011", "short.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("GK201"), "{}", run.stderr);
}

#[test]
fn explain_explains_rule_language_error_codes() {
    for code in ["R001", "R005", "R016", "R017", "R018"] {
        let run = rules(&["explain", code]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.starts_with(code), "{}", run.stdout);
    }
    insta::assert_snapshot!(rules(&["explain", "R005"]).stdout);
}

/// The README's table of configuration codes lists every code of `ConfigCode` and no other, and
/// `rules explain` explains each.
#[test]
fn every_configuration_code_is_documented_and_explained() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| C"))
        .filter_map(|rest| rest.get(..3))
        .collect();
    let known: Vec<String> = wenshen::cli::config::ConfigCode::ALL
        .iter()
        .map(|code| code.as_str()[1..].to_string())
        .collect();
    assert_eq!(listed, known);
    for code in wenshen::cli::config::ConfigCode::ALL {
        let run = rules(&["explain", code.as_str()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout,
            format!(
                "{} {}\n\n{}\n",
                code.as_str(),
                code.title(),
                code.explanation()
            )
        );
    }
}
