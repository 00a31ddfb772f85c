//! `check` reads, checks and (for human, concise, JSON and GitHub output) writes its report batch
//! by batch (`--batch-size`, hidden; 256 by default) so that an archive run holds one batch of
//! documents at a time. The report must be the one built from all files at once
//! (`--batch-size 0`), byte for byte, in every format, also when a corpus rule pairs documents of
//! different batches and when a file of a middle batch cannot be read.

use std::fs;
use std::path::Path;

mod common;

/// A policy, and its interpretation published 12 working days later (GK301 fires on the
/// interpretation, with a secondary label on the policy's title).
const POLICY: &str = "某市人民政府关于印发《某市支持中小企业发展十条措施》的通知\n\n\
    某政发〔2022〕12号\n\n各县（市、区）人民政府，市政府各部门：\n\n\
    现将《某市支持中小企业发展十条措施》印发给你们，请认真贯彻执行。\n\n某市人民政府\n2022年9月29日\n";
const INTERPRETATION: &str = "《某市支持中小企业发展十条措施》政策解读\n\n一、出台背景\n\
    为支持中小企业发展，市政府出台了十条措施。\n\n某市发展和改革委员会\n2022年10月20日\n";

/// `plans/` in `dir`, with the seeds, the policy in the first batch and its interpretation in a later one
/// (names sort `a_…` first and `z_…` last), and an empty file in the middle.
fn archive(dir: &Path) {
    let dir = dir.join("plans");
    fs::create_dir(&dir).expect("plans/");
    for entry in fs::read_dir(common::root().join("corpus/seeds")).expect("seeds") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        fs::copy(&path, dir.join(name)).expect("copied");
    }
    fs::write(dir.join("a_policy.txt"), POLICY).expect("written");
    fs::write(dir.join("m_empty.txt"), "  \n").expect("written");
    fs::write(dir.join("z_interpretation.txt"), INTERPRETATION).expect("written");
}

fn check(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["check", "--no-config", "plans"];
    all.extend_from_slice(args);
    common::run(dir, &all, None)
}

/// Each batch is freed on the threads that parsed it (`Checked::free`), from inside the pipeline's
/// `join`: with more threads than files per batch and with one thread alike, every batch is
/// reported and freed, and the report is the whole one.
#[test]
fn streamed_reports_equal_the_whole_report_at_any_thread_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path());
    let whole = check(dir.path(), &["--format", "json", "--batch-size", "0"]);
    for jobs in ["1", "3", "5"] {
        for batch in ["1", "2"] {
            let streamed = check(
                dir.path(),
                &["--format", "json", "--batch-size", batch, "--jobs", jobs],
            );
            assert_eq!(
                streamed.stdout, whole.stdout,
                "-j {jobs}, batches of {batch}"
            );
            assert_eq!(streamed.code, whole.code, "-j {jobs}, batches of {batch}");
        }
    }
}

#[test]
fn streamed_reports_equal_the_whole_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path());
    for format in ["json", "human", "concise", "github", "sarif", "junit"] {
        let whole = check(dir.path(), &["--format", format, "--batch-size", "0"]);
        assert_eq!(whole.code, 2, "the empty file is an input error");
        assert!(whole.stderr.contains("S002"), "{}", whole.stderr);
        for batch in ["1", "2", "3"] {
            let streamed = check(dir.path(), &["--format", format, "--batch-size", batch]);
            assert_eq!(
                streamed.stdout, whole.stdout,
                "{format}, batches of {batch}"
            );
            assert_eq!(streamed.code, whole.code, "{format}, batches of {batch}");
            assert_eq!(
                streamed.stderr, whole.stderr,
                "{format}, batches of {batch}"
            );
        }
    }
    let whole = check(dir.path(), &["--statistics", "--batch-size", "0"]);
    let streamed = check(dir.path(), &["--statistics", "--batch-size", "2"]);
    assert_eq!(streamed.stdout, whole.stdout);
}

#[test]
fn baselines_are_the_same_in_batches() {
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path());
    let whole = check(
        dir.path(),
        &["--batch-size", "0", "--write-baseline", "whole.json"],
    );
    let batched = check(
        dir.path(),
        &["--batch-size", "2", "--write-baseline", "batched.json"],
    );
    assert_eq!(batched.stdout, whole.stdout);
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).expect("baseline written");
    assert_eq!(read("batched.json"), read("whole.json"));
    assert!(read("whole.json").contains("GK301"));
    let again = check(
        dir.path(),
        &[
            "--batch-size",
            "2",
            "--baseline",
            "batched.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(again.stdout, "", "every finding is in the baseline");
}

#[test]
fn a_corpus_finding_across_batches_points_into_both_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path());
    let run = check(dir.path(), &["--format", "json", "--batch-size", "1"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let late: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["code"] == "GK301")
        .collect();
    assert_eq!(late.len(), 1, "{late:?}");
    let finding = late[0];
    assert_eq!(finding["file"], "plans/z_interpretation.txt");
    assert_eq!(finding["text"], "2022年10月20日");
    assert_eq!(finding["start"]["line"], 7);
    let policy = &finding["secondary"][0];
    assert_eq!(policy["file"], "plans/a_policy.txt");
    // The policy's source was in another batch: its line and text still come through.
    assert_eq!(policy["start"]["line"], 1);
    assert!(
        policy["text"]
            .as_str()
            .is_some_and(|text| text.contains("十条措施")),
        "{policy}"
    );
    assert_eq!(report["summary"]["files"], 7);
}

#[test]
fn output_to_a_file_is_streamed_and_renamed_into_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    archive(dir.path());
    let whole = check(dir.path(), &["--format", "json", "--batch-size", "0"]);
    let written = check(
        dir.path(),
        &["--format", "json", "--batch-size", "2", "-o", "report.json"],
    );
    assert_eq!(written.stdout, "");
    assert_eq!(written.code, whole.code);
    let report = fs::read_to_string(dir.path().join("report.json")).expect("report written");
    assert_eq!(report, whole.stdout);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("listing")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn the_corpus_pass_keeps_only_documents_a_corpus_rule_can_report_on() {
    use wenshen::engine::{Calendar, Engine};
    use wenshen::source::SourceFile;
    let rules = wenshen::rules::load(&wenshen::rules::bundled(), &[]).expect("bundled pack");
    let engine = Engine::new(rules, Calendar::bundled());
    assert!(engine.has_corpus_rules());
    let seed = fs::read_dir(common::root().join("corpus/seeds"))
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|entry| fs::read_to_string(entry.path()).expect("seed"))
        .next()
        .expect("a seed");
    let sources = vec![
        SourceFile::from_text("policy.txt", POLICY),
        SourceFile::from_text("interpretation.txt", INTERPRETATION),
        SourceFile::from_text("plan.txt", &seed),
    ];
    let candidates = engine.corpus_candidates(sources.clone());
    assert_eq!(candidates.len(), 1, "only the interpretation");
    let (findings, pointed_into) = engine.corpus_findings(&candidates, sources);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, "GK301");
    assert_eq!(findings[0].file, "interpretation.txt");
    let names: Vec<&str> = pointed_into.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["policy.txt"]);
}
