//! `wenshen check` inputs, output formats and exit codes: every format on the same small plans,
//! the SARIF validated against the official 2.1.0 schema, stdin, globs, `--output`, `--fail-on`,
//! `--statistics`.
//!
//! The plans in tests/fixtures/outputs/plans: `typo.txt` has one warning (GK502), `nested/
//! missing_unit.md` one error (GK101), and `scan.tif` is skipped when the directory is walked.

mod common;

use std::process::Command;

use common::Run;

const PLANS: &str = "tests/fixtures/outputs/plans";
const TYPO: &str = "tests/fixtures/outputs/plans/typo.txt";
const MISSING_UNIT: &str = "tests/fixtures/outputs/plans/nested/missing_unit.md";

/// Runs wenshen in the repository root, with `stdin` written to it.
fn wenshen(args: &[&str], stdin: Option<&[u8]>) -> Run {
    common::run(common::root(), args, stdin)
}

fn check(args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    wenshen(&all, None)
}

/// The fixture plans and the two-file interpretation case, whose finding has a secondary label
/// in the other file.
const RICH: [&str; 2] = [PLANS, "tests/fixtures/check/interpretation"];

#[test]
fn concise_is_one_line_per_finding() {
    let run = check(&[PLANS, "--format", "concise"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "tests/fixtures/outputs/plans/nested/missing_unit.md:5:1: GK101 任务没有责任单位：任务1未明确责任单位\n\
         tests/fixtures/outputs/plans/typo.txt:5:12: GK502 常见错别字：“平合”疑为“平台”之误\n"
    );
}

#[test]
fn github_annotations() {
    let run = check(&[RICH[0], RICH[1], "--format", "github"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .lines()
            .all(|line| line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice file=")),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn junit_has_a_test_case_per_file_and_fails_those_with_findings_at_fail_on() {
    // missing_unit.md has an error, typo.txt a warning: by default one case fails and the
    // warning is the other case's output.
    let run = check(&[PLANS, "--format", "junit"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.matches("<testcase ").count(), 2);
    assert_eq!(run.stdout.matches("<failure ").count(), 1);
    assert_eq!(run.stdout.matches("<system-out>").count(), 1);
    assert!(
        run.stdout
            .contains(r#"<testsuites name="wenshen" tests="2" failures="1""#)
    );
    insta::assert_snapshot!(run.stdout);
    let strict = check(&[PLANS, "--format", "junit", "--fail-on", "warning"]);
    assert_eq!(strict.stdout.matches("<failure ").count(), 2);
    assert!(!strict.stdout.contains("<system-out>"));
    assert!(strict.stdout.contains(r#"tests="2" failures="2""#));
    let never = check(&[PLANS, "--format", "junit", "--fail-on", "never"]);
    assert_eq!(never.code, 0);
    assert!(!never.stdout.contains("<failure "));
    assert!(never.stdout.contains(r#"tests="2" failures="0""#));
}

/// One element of the schema: its name, the elements it may hold, its attributes and the required
/// ones among them.
type SchemaElement = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// The elements, children and attributes the Jenkins xUnit plugin's `junit-10.xsd` allows, where
/// its versions agree (the copy pytest ships has no `file` on `testcase`).
const JUNIT_10: [SchemaElement; 7] = [
    (
        "testsuites",
        &["testsuite", "properties"],
        &["name", "time", "tests", "failures", "disabled", "errors"],
        &[],
    ),
    (
        "testsuite",
        &["testcase", "properties", "system-out", "system-err"],
        &[
            "name",
            "tests",
            "failures",
            "errors",
            "time",
            "disabled",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
        ],
        &["tests"],
    ),
    (
        "testcase",
        &["skipped", "error", "failure", "system-out", "system-err"],
        &["name", "assertions", "time", "classname", "status"],
        &["name"],
    ),
    ("failure", &[], &["type", "message"], &[]),
    ("error", &[], &["type", "message"], &[]),
    ("system-out", &[], &[], &[]),
    ("system-err", &[], &[], &[]),
];

/// Problems of a JUnit document against [`JUNIT_10`]; empty when it conforms.
fn junit_10_problems(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut problems = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (element, empty) = match &event {
            Event::Start(element) => (element, false),
            Event::Empty(element) => (element, true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = element.name().0.to_string();
        let Some((_, _, attributes, required)) = JUNIT_10.iter().find(|rule| rule.0 == name) else {
            problems.push(format!("element {name} is not in the schema"));
            continue;
        };
        match stack.last() {
            None if name != "testsuites" => problems.push(format!("root {name}")),
            Some(parent) => {
                let children = JUNIT_10.iter().find(|rule| rule.0 == parent).unwrap().1;
                if !children.contains(&name.as_str()) {
                    problems.push(format!("{name} inside {parent}"));
                }
            }
            None => {}
        }
        let present: Vec<String> = element
            .attributes()
            .map(|attribute| attribute.unwrap().key.0.to_string())
            .collect();
        for attribute in &present {
            if !attributes.contains(&attribute.as_str()) {
                problems.push(format!("attribute {attribute} on {name}"));
            }
        }
        for attribute in *required {
            if !present.iter().any(|present| present == attribute) {
                problems.push(format!("{name} without {attribute}"));
            }
        }
        if !empty {
            stack.push(name);
        }
    }
    problems
}

#[test]
fn junit_has_only_what_the_jenkins_schema_allows() {
    // The checker can say no: the report before this schema was followed.
    let old = r#"<testsuites><testsuite name="w" tests="1"><testcase name="a" classname="w" file="a"><failure message="m" type="t">x</failure></testcase></testsuite></testsuites>"#;
    assert_eq!(junit_10_problems(old), ["attribute file on testcase"]);
    for fail_on in ["error", "warning", "never"] {
        let run = check(&[RICH[0], RICH[1], "--format", "junit", "--fail-on", fail_on]);
        assert_ne!(run.code, 2, "{}", run.stderr);
        assert_eq!(junit_10_problems(&run.stdout), Vec::<String>::new());
    }
}

/// Whether `character` is a `Char` of XML 1.0 (<https://www.w3.org/TR/xml/#charsets>).
fn xml_char(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || character >= '\u{10000}'
}

#[test]
fn junit_is_well_formed_when_names_and_text_hold_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ctl\u{1b}[31m\u{7}.txt"),
        "某市2023年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
         1. 做好年报工作。（责任单位：市政务公开办；完成时限：全年\u{1}推进）\n",
    )
    .unwrap();
    let run = common::run(dir.path(), &["check", ".", "--format", "junit"], None);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.contains("<testcase "), "{}", run.stdout);
    let bad: Vec<char> = run.stdout.chars().filter(|c| !xml_char(*c)).collect();
    assert_eq!(bad, Vec::<char>::new(), "characters XML 1.0 forbids");
    assert!(
        run.stdout.contains("ctl\\u{1b}[31m\\u{7}.txt"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("全年\\u{1}推进"), "{}", run.stdout);
    let mut reader = quick_xml::Reader::from_str(&run.stdout);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("not well-formed: {error}"),
        }
    }
}

#[test]
fn json_is_versioned() {
    let run = check(&[TYPO, "--format", "json"]);
    assert_eq!(run.code, 0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "GK502");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["start"]["line"], 5);
    assert_eq!(finding["start"]["column"], 12);
    assert_eq!(finding["text"], "平合");
    assert_eq!(report["summary"]["warnings"], 1);
}

fn sarif(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "sarif"]);
    let run = check(&all);
    assert_ne!(run.code, 2, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn sarif_validates_against_the_official_2_1_0_schema() {
    // The vendored file is the official schema as published. A pattern of it (the `language` of a
    // run and of a tool component) relies on ECMAScript reading a lone `]` as a literal, which the Rust regex dialect rejects;
    // escaping it here keeps its meaning, and wenshen's runs do not set `language` anyway.
    let published =
        std::fs::read_to_string("tests/fixtures/sarif/sarif-schema-2.1.0.json").unwrap();
    let lone_bracket = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(published.contains(lone_bracket));
    let schema: serde_json::Value = serde_json::from_str(&published.replace(
        lone_bracket,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    ))
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    // The whole corpus as well: many rules, notices, every encoding.
    for args in [&RICH[..], &["corpus", "tests/fixtures/check"][..]] {
        let log = sarif(args);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
        // The validator does reject what the schema forbids.
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = "fatal".into();
        assert!(!validator.is_valid(&broken));
    }
}

#[test]
fn sarif_results_point_at_their_rules_with_stable_fingerprints() {
    let log = sarif(&["corpus", "tests/fixtures/check"]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let mut fingerprints = std::collections::HashSet::new();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"-._~/%".contains(&byte)),
            "{uri}"
        );
        assert!(!uri.starts_with('/') && !uri.starts_with("./"), "{uri}");
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        let fingerprint = result["partialFingerprints"]["wenshen/v1"]
            .as_str()
            .unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "{fingerprint}"
        );
    }
    // Every rule carries its help and legal basis.
    for rule in rules {
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty(), "{rule}");
        assert!(rule["properties"]["basis"].is_string(), "{rule}");
    }
}

#[test]
fn sarif_fingerprints_survive_lines_added_above() {
    let text = std::fs::read_to_string(TYPO).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before.txt");
    std::fs::write(&before, &text).unwrap();
    let shifted = text.replacen('\n', "\n\n\n", 1);
    let mut fingerprints = Vec::new();
    for content in [&text, &shifted] {
        std::fs::write(&before, content).unwrap();
        let log = sarif(&[before.to_str().unwrap()]);
        let result = &log["runs"][0]["results"][0];
        fingerprints.push(result["partialFingerprints"].clone());
    }
    assert_eq!(fingerprints[0], fingerprints[1]);
}

#[test]
fn sarif_snapshot() {
    let mut log = sarif(&[RICH[0], RICH[1]]);
    let run = &mut log["runs"][0];
    // A result's `ruleIndex` moves whenever a rule is added to the pack; the test above checks it
    // points at the result's rule.
    for result in run["results"].as_array_mut().unwrap() {
        result.as_object_mut().unwrap().remove("ruleIndex");
    }
    insta::assert_json_snapshot!("sarif_results", run["results"]);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let typo_rule = rules.iter().find(|rule| rule["id"] == "GK502").unwrap();
    insta::assert_json_snapshot!("sarif_rule", typo_rule);
}

#[test]
fn exit_codes_follow_fail_on() {
    // An error finding fails by default; a warning alone does not.
    assert_eq!(check(&[MISSING_UNIT]).code, 1);
    assert_eq!(check(&[TYPO]).code, 0);
    assert_eq!(check(&[TYPO, "--fail-on", "warning"]).code, 1);
    assert_eq!(check(&[TYPO, "--fail-on", "info"]).code, 1);
    assert_eq!(check(&[MISSING_UNIT, "--fail-on", "never"]).code, 0);
    assert_eq!(check(&[MISSING_UNIT, "--fail-on", "sometimes"]).code, 2);
}

#[test]
fn bad_rules_exit_two() {
    let run = check(&[TYPO, "--rules", "tests/fixtures/dsl"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("R001"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn an_unreadable_input_exits_two_and_the_others_are_still_reported() {
    let run = check(&[PLANS, "no/such/plan.txt", "--format", "concise"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("S001"), "{}", run.stderr);
    assert!(run.stderr.contains("no/such/plan.txt"), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

#[test]
fn stdin_is_read_with_or_without_a_name() {
    let text = std::fs::read(TYPO).unwrap();
    let run = wenshen(&["check", "-", "--format", "concise"], Some(&text));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "<stdin>:5:12: GK502 常见错别字：“平合”疑为“平台”之误\n"
    );
    let run = wenshen(
        &[
            "check",
            "-",
            "--stdin-filename",
            "plans/要点.txt",
            "--format",
            "concise",
        ],
        Some(&text),
    );
    assert_eq!(
        run.stdout,
        "plans/要点.txt:5:12: GK502 常见错别字：“平合”疑为“平台”之误\n"
    );
    // Standard input takes its place in name order among the files.
    let run = wenshen(
        &[
            "check",
            "-",
            MISSING_UNIT,
            "--stdin-filename",
            "a.txt",
            "--format",
            "concise",
        ],
        Some(&text),
    );
    assert!(
        run.stdout.starts_with("a.txt:5:12: GK502"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
}

#[test]
fn stdin_goes_through_the_same_decoding() {
    // GB18030 bytes on stdin are decoded like a file.
    let text = std::fs::read_to_string(TYPO).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let run = wenshen(&["check", "-", "--format", "json"], Some(&bytes));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["findings"][0]["text"], "平合");
    let run = wenshen(&["check", "-"], Some(b""));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("S002"), "{}", run.stderr);
    let run = check(&[TYPO, "--stdin-filename", "a.txt"]);
    assert_eq!(run.code, 2);
}

#[test]
fn globs_are_expanded_when_the_shell_did_not() {
    let run = check(&["tests/fixtures/outputs/**/*.md", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "tests/fixtures/outputs/plans/nested/missing_unit.md:5:1: GK101 任务没有责任单位：任务1未明确责任单位\n"
    );
    // `*` does not cross directories.
    let run = check(&["tests/fixtures/outputs/plans/*.md", "--format", "concise"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("没有文件与此通配符匹配"),
        "{}",
        run.stderr
    );
    // A glob names its files explicitly: the `.tif` it matches is read, where a walk skips it.
    let run = check(&["tests/fixtures/outputs/plans/*.tif", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 1, "{}", run.stderr);
}

#[test]
fn skipped_files_get_a_note_unless_quiet() {
    let run = check(&[PLANS, "--format", "concise"]);
    assert!(
        run.stderr
            .contains("目录中有 1 个文件不是 .txt、.md、.docx、.html、.htm、.pdf，已跳过"),
        "{}",
        run.stderr
    );
    let run = check(&[PLANS, "--format", "concise", "--quiet"]);
    assert_eq!(run.stderr, "");
}

#[test]
fn output_goes_to_a_file_or_fails_with_two() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.sarif");
    let to_stdout = check(&[PLANS, "--format", "sarif"]);
    let to_file = check(&[
        PLANS,
        "--format",
        "sarif",
        "--output",
        report.to_str().unwrap(),
    ]);
    assert_eq!(to_file.code, 1);
    assert_eq!(to_file.stdout, "");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), to_stdout.stdout);
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let unwritable = dir.path().join("no/such/dir/report.sarif");
    let run = check(&[PLANS, "--output", unwritable.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("O001"), "{}", run.stderr);
}

#[test]
fn statistics_count_findings_per_rule() {
    let run = check(&[PLANS, "--statistics"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "1  GK101  错误  任务没有责任单位\n\
         1  GK502  警告  常见错别字\n\
         共 2 个发现，涉及 2 条规则，检查了 2 个文件\n"
    );
    let run = check(&[PLANS, "--statistics", "--format", "json"]);
    let statistics: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(statistics["version"], 1);
    assert_eq!(statistics["statistics"][0]["code"], "GK101");
    assert_eq!(statistics["statistics"][0]["count"], 1);
    // The English name stays the stable id; the Chinese title is an extra field.
    assert_eq!(statistics["statistics"][0]["name"], "task-without-unit");
    assert_eq!(statistics["statistics"][0]["title"], "任务没有责任单位");
}

#[test]
fn no_colour_without_a_terminal_or_with_no_color() {
    // Colour needs a terminal on stdout; these runs write to a pipe, with NO_COLOR set (as every
    // run here) and without it.
    let run = check(&[PLANS]);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    let output = Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .args(["check", PLANS])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!String::from_utf8(output.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn help_documents_formats_and_exit_codes() {
    let run = wenshen(&["check", "--help"], None);
    assert_eq!(run.code, 0);
    for text in [
        "退出码",
        "--fail-on",
        "--output-format",
        "sarif",
        "github",
        "junit",
        "concise",
        "--stdin-filename",
    ] {
        assert!(run.stdout.contains(text), "{text}: {}", run.stdout);
    }
}

/// SIGINT or SIGTERM while a report is being made for `-o` removes the temporary file beside the
/// target, leaves no report, and ends the process by that signal.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let task =
        "1. 做好政府信息公开年报工作。（责任单位：县政务公开办；完成时限：2023年12月底前）\n";
    let plan = format!(
        "某县2023年政务公开工作要点\n一、重点工作\n{}",
        task.repeat(100_000)
    );
    std::fs::write(dir.path().join("big.txt"), plan).unwrap();
    for (signal, number) in [("TERM", 15), ("INT", 2)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wenshen"))
            .args([
                "check",
                "big.txt",
                "--no-config",
                "--format",
                "json",
                "-o",
                "out.json",
            ])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let temporary = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|entry| entry.unwrap().file_name().into_string().ok())
                .filter(|name| name.ends_with(".tmp"))
                .collect::<Vec<String>>()
        };
        // The temporary file is made before any input is read, so the run is still going.
        let waited = Instant::now();
        while temporary().is_empty() {
            assert!(
                waited.elapsed() < Duration::from_secs(30),
                "no temporary file appeared"
            );
            assert!(child.try_wait().unwrap().is_none(), "the run ended first");
            std::thread::sleep(Duration::from_millis(2));
        }
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(number), "SIG{signal}: {status:?}");
        assert_eq!(temporary(), Vec::<String>::new(), "SIG{signal}");
        assert!(!dir.path().join("out.json").exists(), "SIG{signal}");
    }
}

#[test]
fn a_report_narrower_than_its_excerpts_is_refused() {
    for width in ["0", "39"] {
        let run = check(&[TYPO, "--width", width]);
        assert_eq!(run.code, 2, "--width {width}: {}", run.stdout);
        assert!(
            run.stderr.contains("报告宽度至少为 40 个字符"),
            "--width {width}: {}",
            run.stderr
        );
    }
    let run = check(&[TYPO, "--width", "40"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("GK502"), "{}", run.stdout);
}

#[test]
fn calendar_file_errors_are_coded_and_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    let calendar = dir.path().join("日历.txt");
    std::fs::write(
        &calendar,
        "year 2027\n2027-01-01 holiday\n# 注释\n2027-13-01 off\n",
    )
    .unwrap();
    let run = check(&[TYPO, "--calendar", calendar.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.matches("D002").count(), 2, "{}", run.stderr);
    for (line, excerpt) in [(2, "2027-01-01 holiday"), (4, "2027-13-01 off")] {
        assert!(
            run.stderr.contains(&format!("日历.txt 第 {line} 行有误"))
                && run.stderr.contains(&format!("日历.txt:{line}:1]"))
                && run.stderr.contains(excerpt),
            "line {line}: {}",
            run.stderr
        );
    }
    let missing = dir.path().join("无此文件.txt");
    let run = check(&[TYPO, "--calendar", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("D001") && run.stderr.contains("无法读取日历文件"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unwritable_output_is_named_not_its_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("no/such/report.json");
    let baseline = dir.path().join("no/such/baseline.json");
    for (option, target, code) in [
        ("--output", &report, "O001"),
        ("--write-baseline", &baseline, "B001"),
    ] {
        let run = check(&[TYPO, option, target.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{option}: {}", run.stderr);
        assert!(
            run.stderr.contains(code)
                && run.stderr.contains(target.to_str().unwrap())
                && run.stderr.contains("所在目录不存在"),
            "{option}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains(".wenshen-"),
            "{option}: {}",
            run.stderr
        );
    }
}
