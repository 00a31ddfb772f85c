//! What every command reads and says about it: `-` is standard input for `check`, `parse` and
//! `ledger` alike; a directory walk notes the files it skipped; a run that reads no file at all is
//! an input error (`N001`, exit 2), so that a CI job pointed at the wrong folder fails.

mod common;

const PLAN: &str = "某市2023年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
    1. 做好政府信息公开年报工作。（责任单位：市政务公开办；完成时限：2023年12月底前）\n\
    2. 做好政策解读。（责任单位：市政府办公室；完成时限：2023年6月底前）\n";

#[test]
fn parse_and_ledger_read_standard_input() {
    let root = common::root();
    let parsed = common::run(
        root,
        &["parse", "-", "--format", "json"],
        Some(PLAN.as_bytes()),
    );
    assert_eq!(parsed.code, 0, "{}", parsed.stderr);
    let documents: serde_json::Value = serde_json::from_str(&parsed.stdout).unwrap();
    assert_eq!(documents[0]["file"], "<stdin>");
    assert_eq!(documents[0]["tasks"].as_array().unwrap().len(), 2);

    let ledger = common::run(
        root,
        &["ledger", "-", "--stdin-filename", "要点.txt", "--no-config"],
        Some(PLAN.as_bytes()),
    );
    assert_eq!(ledger.code, 0, "{}", ledger.stderr);
    let rows: Vec<&str> = ledger.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", ledger.stdout);
    assert!(
        rows.iter().all(|row| row.starts_with("要点.txt,")),
        "{rows:?}"
    );
}

#[test]
fn every_command_notes_skipped_files_and_reading_none_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scans")).unwrap();
    std::fs::write(dir.path().join("scans/plan.pdf"), "%PDF-1.4").unwrap();
    std::fs::write(dir.path().join("scans/plan.doc"), "\u{d0}\u{cf}").unwrap();
    for command in [
        vec!["check", "scans", "--no-config"],
        vec!["parse", "scans", "--format", "json"],
        vec!["ledger", "scans", "--no-config"],
    ] {
        let run = common::run(dir.path(), &command, None);
        assert_eq!(run.code, 2, "{command:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("目录中有 2 个文件不是 .txt、.md、.docx，已跳过"),
            "{command:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("N001"), "{command:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("没有读到任何文件"),
            "{command:?}: {}",
            run.stderr
        );
    }
    // With a plan beside them, the files are noted and the plan is read.
    std::fs::write(dir.path().join("scans/plan.txt"), PLAN).unwrap();
    for command in [
        vec!["check", "scans", "--no-config"],
        vec!["parse", "scans", "--format", "json"],
        vec!["ledger", "scans", "--no-config"],
    ] {
        let run = common::run(dir.path(), &command, None);
        assert_ne!(run.code, 2, "{command:?}: {}", run.stderr);
        assert!(run.stderr.contains("已跳过"), "{command:?}: {}", run.stderr);
        assert!(!run.stderr.contains("N001"), "{command:?}: {}", run.stderr);
    }
}
