//! `wenshen check` end to end: exit codes, byte-identical output at any thread count, the seeds'
//! rendered findings, and small draft notices written for the rules.

mod common;

fn check(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let run = common::run(common::root(), &all, None);
    (run.code, run.stdout, run.stderr)
}

#[test]
fn output_is_identical_at_any_thread_count() {
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let one = check(&[
            "corpus",
            "tests/fixtures/check",
            "--format",
            format,
            "--jobs",
            "1",
        ]);
        let four = check(&[
            "corpus",
            "tests/fixtures/check",
            "--format",
            format,
            "--jobs",
            "4",
        ]);
        assert_eq!(one, four, "format {format}");
        assert_eq!(one.0, 1);
    }
}

#[test]
fn seeds_render_their_findings() {
    insta::glob!("../corpus/seeds", "*.txt", |path| {
        let name = format!(
            "corpus/seeds/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let (code, stdout, _) = check(&[&name, "--width", "110"]);
        insta::assert_snapshot!(format!("exit code {code}\n{stdout}"));
    });
}

#[test]
fn a_consultation_notice_with_a_15_day_window_is_an_error() {
    let (code, stdout, _) = check(&["tests/fixtures/check/consultation", "--width", "110"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("GK203"), "{stdout}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn an_interpretation_12_working_days_after_its_policy_is_an_error() {
    // 2022-09-29 to 2022-10-20 spans the National Day holiday and its two make-up Saturdays/Sundays:
    // 12 working days, where a Monday–Friday count would say 15 and a calendar count 21.
    let (code, stdout, _) = check(&["tests/fixtures/check/interpretation", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let late: Vec<&serde_json::Value> = findings.iter().filter(|f| f["code"] == "GK301").collect();
    assert_eq!(late.len(), 1, "{stdout}");
    assert_eq!(
        late[0]["file"],
        "tests/fixtures/check/interpretation/policy_interpretation.txt"
    );
    assert_eq!(late[0]["text"], "2022年10月20日");
    assert_eq!(
        late[0]["message"],
        "政策解读在政策文件印发12个工作日后才发布，超过10个工作日"
    );
    assert_eq!(
        late[0]["secondary"][0]["file"],
        "tests/fixtures/check/interpretation/policy.txt"
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_clean_plan_exits_zero() {
    let (code, stdout, _) = check(&["tests/fixtures/check/clean"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn bad_rules_and_bad_paths_exit_two() {
    let (code, _, stderr) = check(&["corpus/seeds", "--rules", "tests/fixtures/dsl"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("R001"), "{stderr}");
    let (code, _, _) = check(&["no/such/path"]);
    assert_eq!(code, 2);
    let (code, _, _) = check(&["corpus/seeds", "--set", "GK201.min"]);
    assert_eq!(code, 2);
}

#[test]
fn parameters_can_be_overridden() {
    // With a 10-day minimum the 15-day window passes GK203.
    let (_, stdout, _) = check(&[
        "tests/fixtures/check/consultation",
        "--set",
        "GK203.min=10d",
        "--format",
        "json",
    ]);
    assert!(!stdout.contains("GK203"), "{stdout}");
}

#[test]
fn the_calendar_extends_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("2027.txt");
    std::fs::write(&good, "year 2027  某年节假日安排\n2027-01-01 off 元旦\n").unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "2027-13-01 off\n").unwrap();
    let (code, _, _) = check(&[
        "tests/fixtures/check/clean",
        "--calendar",
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let (code, _, stderr) = check(&[
        "tests/fixtures/check/clean",
        "--calendar",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad.txt:1"), "{stderr}");
}
