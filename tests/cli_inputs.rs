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
    std::fs::write(dir.path().join("scans/plan.tif"), "II*\0").unwrap();
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
                .contains("目录中有 2 个文件不是 .txt、.md、.docx、.html、.htm、.pdf，已跳过"),
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

/// A plan table as a government website publishes it: a `rowspan` unit shared by two tasks, a
/// task whose deadline cell is empty.
const PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>网站</title>\
    <script>var x = 1;</script></head><body><div class=\"nav\">首页 &gt; 政务公开</div>\
    <h1>某县2023年政务公开工作任务分解表</h1>\
    <table border=\"1\"><tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr>\
    <tr><td>1</td><td>做好政府信息公开年报工作</td><td rowspan=\"2\">县政府办公室</td><td>2023年1月底前</td></tr>\
    <tr><td>2</td><td>开展政务公开培训</td><td>2023年6月底前</td></tr>\
    <tr><td>3</td><td>更新政策解读栏目</td><td>县司法局</td><td></td></tr></table></body></html>";

#[test]
fn web_pages_are_read_with_their_tables_and_merged_cells() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("网页")).unwrap();
    std::fs::write(dir.path().join("网页/任务.html"), PAGE).unwrap();
    let run = common::run(dir.path(), &["parse", "网页", "--format", "json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let documents: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(documents[0]["encoding"], "HTML");
    assert_eq!(documents[0]["layout"], "pipe_table");
    let expected = vec![
        (
            "1".to_string(),
            vec!["县政府办公室".to_string()],
            Some("2023年1月底前".to_string()),
        ),
        (
            "2".to_string(),
            vec!["县政府办公室".to_string()],
            Some("2023年6月底前".to_string()),
        ),
        ("3".to_string(), vec!["县司法局".to_string()], None),
    ];
    assert_eq!(common::tasks(&run.stdout), expected);
    assert!(!run.stdout.contains("var x"), "scripts are not text");
    // Standard input is told a page by its start; check and ledger read it too.
    let piped = common::run(
        dir.path(),
        &["parse", "-", "--format", "json"],
        Some(PAGE.as_bytes()),
    );
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert_eq!(common::tasks(&piped.stdout), expected);
    let checked = common::run(
        dir.path(),
        &["check", "网页", "--no-config", "--format", "concise"],
        None,
    );
    assert_ne!(checked.code, 2, "{}", checked.stderr);
    assert!(
        checked.stdout.contains("网页/任务.html:"),
        "{}",
        checked.stdout
    );
    assert!(
        checked.stdout.contains("GK102"),
        "task 3 has no deadline: {}",
        checked.stdout
    );
    let ledger = common::run(dir.path(), &["ledger", "网页", "--no-config"], None);
    assert_eq!(ledger.code, 0, "{}", ledger.stderr);
    assert_eq!(ledger.stdout.lines().count(), 4, "{}", ledger.stdout);
}
