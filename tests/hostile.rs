//! Hostile inputs through the `wenshen` binary: huge files and lines, deep nesting, broken
//! encodings, files that vanish or cannot be read, symlink loops, a directory of 100,000 files,
//! stdin closed early and stdout closed by `head`. Each run ends within a time limit, with a coded
//! error or the right result and no panic, and the other files' results are intact.
//!
//! The 200 MB file takes about 15 s to parse and 40 s to check in the debug build the tests run
//! (3 s and 7 s in a release build) and about five times its size in memory; the point here is
//! that it ends with the right result, not speed, which `tests/bench/run.sh` measures on the
//! 150 MB corpus.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use miette::Diagnostic;
use serde::Deserialize;

const WENSHEN: &str = env!("CARGO_BIN_EXE_wenshen");

struct Run {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

/// Waits for `child`, killing it and failing the test after `limit`.
fn finish(mut child: Child, limit: Duration) -> Run {
    let mut stdout_pipe = child.stdout.take();
    let mut stderr_pipe = child.stderr.take();
    let stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(pipe) = stdout_pipe.as_mut() {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    });
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = stderr_pipe.as_mut() {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited on") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("wenshen did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

fn wenshen(args: &[&str], paths: &[&Path], limit: Duration) -> Run {
    let child = Command::new(WENSHEN)
        .args(args)
        .args(paths)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wenshen starts");
    finish(child, limit)
}

/// The parts of the parse JSON these tests look at.
#[derive(Debug, Deserialize)]
struct Doc {
    file: String,
    layout: String,
    tasks: Vec<Task>,
}

#[derive(Debug, Deserialize)]
struct Task {
    label: String,
    units: Vec<Unit>,
}

#[derive(Debug, Deserialize)]
struct Unit {
    name: String,
}

fn docs(run: &Run) -> Vec<Doc> {
    serde_json::from_slice(&run.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not the parse JSON ({error}); stderr:\n{}",
            run.stderr
        )
    })
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("I001"),
        "{}",
        run.stderr
    );
}

fn units_of(task: &Task) -> Vec<&str> {
    task.units.iter().map(|unit| unit.name.as_str()).collect()
}

const GOOD_PLAN: &str = "2023年某县政务公开工作要点\n\n一、基础工作\n\n\
    1. 做好年报。（责任单位：县财政局；完成时限：全年）\n\n\
    2. 做好公开。（责任单位：县司法局；完成时限：年底前）\n";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("a writable temp dir");
    path
}

#[test]
fn a_200_megabyte_file_is_parsed_and_checked_in_bounded_time() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("big.txt");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("created"));
        let prose =
            "各地各部门要进一步提高认识，加强组织领导，完善工作机制，确保各项任务落到实处。\n";
        write!(
            file,
            "2023年某县政务公开工作要点\n\n一、基础工作\n\n1. 做好年报。（责任单位：县财政局；完成时限：全年）\n\n"
        )
        .expect("written");
        for _ in 0..200_000_000 / prose.len() {
            file.write_all(prose.as_bytes()).expect("written");
        }
        writeln!(
            file,
            "2. 做好公开。（责任单位：县司法局；完成时限：年底前）"
        )
        .expect("written");
        file.flush().expect("flushed");
    }
    let run = wenshen(
        &["parse", "--format", "json"],
        &[&path],
        Duration::from_secs(180),
    );
    assert_no_panic(&run);
    assert!(run.status.success(), "{}", run.stderr);
    let docs = docs(&run);
    let tasks: Vec<(&str, Vec<&str>)> = docs[0]
        .tasks
        .iter()
        .map(|task| (task.label.as_str(), units_of(task)))
        .collect();
    assert_eq!(tasks, [("1", vec!["县财政局"]), ("2", vec!["县司法局"])]);

    // The whole pipeline on the same file: task 1's uncheckable deadline, and one finding (not one
    // per line) for the run of prose lines between the tasks that no task takes (its first line
    // compared: the finding covers the whole run).
    #[derive(Deserialize)]
    struct Report {
        findings: Vec<Finding>,
    }
    #[derive(Deserialize)]
    struct Finding {
        code: String,
        text: String,
    }
    let run = wenshen(
        &["check", "--no-config", "--format", "json"],
        &[&path],
        Duration::from_secs(300),
    );
    assert_no_panic(&run);
    assert!(run.status.success(), "{}", run.stderr);
    let report: Report = serde_json::from_slice(&run.stdout).expect("the check JSON");
    let findings: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|finding| {
            let first_line = finding.text.lines().next().unwrap_or_default();
            (finding.code.as_str(), first_line)
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("GK103", "全年"),
            (
                "P004",
                "各地各部门要进一步提高认识，加强组织领导，完善工作机制，确保各项任务落到实处。"
            )
        ]
    );
}

#[test]
fn ten_megabyte_single_lines_parse_in_bounded_time() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let size = 10_000_000;
    // Plain prose; clauses over and over; unclosed clause brackets over and over (this one used
    // to take minutes: every key measured its bracket group to the end of the line).
    let lines = [
        ("prose.txt", "做好政务公开工作，"),
        ("clauses.txt", "做好公开（责任单位：县财政局）"),
        ("unclosed.txt", "（责任单位：县财政局"),
        ("bare_keys.txt", "做好公开。责任单位：县财政局"),
    ];
    let paths: Vec<PathBuf> = lines
        .iter()
        .map(|(name, piece)| {
            let line = format!("1. {}", piece.repeat(size / piece.len()));
            write(dir.path(), name, line)
        })
        .collect();
    for path in &paths {
        let run = wenshen(
            &["parse", "--format", "json"],
            &[path],
            Duration::from_secs(90),
        );
        assert_no_panic(&run);
        assert!(run.status.success(), "{}: {}", path.display(), run.stderr);
        let docs = docs(&run);
        assert_eq!(docs[0].tasks.len(), 1, "{}", path.display());
    }
}

#[test]
fn deep_bracket_nesting_gives_a_result() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let deep = "（".repeat(100_000);
    let text = write(
        dir.path(),
        "text.txt",
        format!("{GOOD_PLAN}3. 做好{deep}公开。（责任单位：县审计局）\n"),
    );
    let table = write(
        dir.path(),
        "table.md",
        format!(
            "2023年某县任务分解表\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n\
             | 1 | 做好公开。 | 县财政局 | 全年 |\n| 2 | 做好{deep}年报。 | 县{deep}局 | 年底前 |\n\
             | 3 | 做好解读。 | 县司法局 | 全年 |\n"
        ),
    );
    let closing = write(dir.path(), "closing.txt", "）".repeat(100_000));
    let run = wenshen(
        &["parse", "--format", "json"],
        &[&text, &table, &closing],
        Duration::from_secs(60),
    );
    assert_no_panic(&run);
    assert!(run.status.success(), "{}", run.stderr);
    let docs = docs(&run);
    let doc = |name: &str| {
        docs.iter()
            .find(|doc| doc.file.ends_with(name))
            .unwrap_or_else(|| panic!("{name} has no document"))
    };
    let labels = |doc: &Doc| {
        doc.tasks
            .iter()
            .map(|task| task.label.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(doc("text.txt")), ["1", "2", "3"]);
    assert_eq!(units_of(&doc("text.txt").tasks[2]), ["县审计局"]);
    assert_eq!(labels(doc("table.md")), ["1", "2", "3"]);
    assert_eq!(units_of(&doc("table.md").tasks[2]), ["县司法局"]);
    assert!(doc("closing.txt").tasks.is_empty());
}

#[test]
fn invalid_bytes_in_the_middle_of_a_gb18030_file_fail_that_file_only() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (encoded, _, _) = encoding_rs::GB18030.encode(GOOD_PLAN);
    let middle = encoded.len() / 2;
    let broken = [&encoded[..middle], b"\xFF\xFF", &encoded[middle..]].concat();
    write(dir.path(), "a_good.txt", &*encoded);
    write(dir.path(), "b_broken.txt", broken);
    let run = wenshen(
        &["parse", "--format", "json"],
        &[dir.path()],
        Duration::from_secs(30),
    );
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        run.stderr.contains("S004") && run.stderr.contains("b_broken.txt"),
        "{}",
        run.stderr
    );
    let docs = docs(&run);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].file.ends_with("a_good.txt"));
    assert_eq!(docs[0].tasks.len(), 2);
}

/// Whether this process reads files whatever their permissions (root does).
fn reads_despite_permissions(path: &Path) -> bool {
    std::fs::read(path).is_ok()
}

#[test]
#[cfg(unix)]
fn unreadable_files_and_directories_are_coded_errors_or_read_when_privileged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temp dir");
    write(dir.path(), "a_good.txt", GOOD_PLAN);
    let locked = write(dir.path(), "b_locked.txt", GOOD_PLAN);
    let locked_dir = dir.path().join("c_locked");
    std::fs::create_dir(&locked_dir).expect("created");
    write(&locked_dir, "inner.txt", GOOD_PLAN);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(&locked_dir, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let privileged = reads_despite_permissions(&locked);
    let run = wenshen(
        &["parse", "--format", "json"],
        &[dir.path()],
        Duration::from_secs(30),
    );
    // Give the directory back so that the temp dir can be removed.
    std::fs::set_permissions(&locked_dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_no_panic(&run);
    let docs = docs(&run);
    let names: Vec<&str> = docs
        .iter()
        .filter_map(|doc| Path::new(&doc.file).file_name()?.to_str())
        .collect();
    if privileged {
        // Running as root: permissions do not stop reading, so everything is parsed.
        assert!(run.status.success(), "{}", run.stderr);
        assert_eq!(names, ["a_good.txt", "b_locked.txt", "inner.txt"]);
    } else {
        assert_eq!(run.status.code(), Some(2));
        assert_eq!(names, ["a_good.txt"]);
        assert!(run.stderr.contains("S001"), "{}", run.stderr);
        assert!(run.stderr.contains("b_locked.txt"), "{}", run.stderr);
        assert!(run.stderr.contains("c_locked"), "{}", run.stderr);
    }
    assert!(docs.iter().all(|doc| doc.tasks.len() == 2));
}

#[test]
fn files_that_disappear_during_the_walk_lose_only_themselves() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let count = 4000;
    let paths: Vec<PathBuf> = (0..count)
        .map(|index| write(dir.path(), &format!("{index:05}.txt"), GOOD_PLAN))
        .collect();
    let child = Command::new(WENSHEN)
        .args(["parse", "--format", "json"])
        .arg(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wenshen starts");
    // Delete every odd file while wenshen walks and reads: some go before the walk sees them, some
    // between the walk and the read, some after.
    for path in paths.iter().skip(1).step_by(2) {
        let _ = std::fs::remove_file(path);
    }
    let run = finish(child, Duration::from_secs(60));
    assert_no_panic(&run);
    let docs = docs(&run);
    let parsed: std::collections::BTreeSet<String> = docs
        .iter()
        .map(|doc| {
            Path::new(&doc.file)
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    for (index, path) in paths.iter().enumerate() {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if index % 2 == 0 {
            assert!(parsed.contains(&name), "{name} was kept but is missing");
        } else if !parsed.contains(&name) && run.stderr.contains(&name) {
            assert!(run.stderr.contains("S001"), "{}", run.stderr);
        }
    }
    assert!(docs.iter().all(|doc| doc.tasks.len() == 2));
    let failed = run.stderr.matches("S001").count();
    assert_eq!(
        run.status.code(),
        Some(if failed > 0 { 2 } else { 0 }),
        "{}",
        run.stderr
    );
}

/// A folder with one plan, a link from a subfolder back to the top, and a link to itself.
#[cfg(unix)]
fn dir_with_symlink_loops(name: &str, plan: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(dir.path(), name, plan);
    let nested = dir.path().join("nested");
    std::fs::create_dir(&nested).expect("created");
    std::os::unix::fs::symlink(dir.path(), nested.join("back_to_top")).expect("symlink");
    let self_loop = dir.path().join("self.txt");
    std::os::unix::fs::symlink(&self_loop, &self_loop).expect("symlink");
    dir
}

/// Runs `command` over a folder with symlink loops, then over `name` and the self-referencing link
/// named explicitly; `results` counts the files the output has results for.
#[cfg(unix)]
fn ends_on_symlink_loops(
    command: &str,
    name: &str,
    plan: &str,
    code: i32,
    results: fn(&Run) -> usize,
) {
    let dir = dir_with_symlink_loops(name, plan);
    // Walking: links are not followed, so neither loop is entered.
    let run = wenshen(
        &[command, "--format", "json"],
        &[dir.path()],
        Duration::from_secs(30),
    );
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(code), "{}", run.stderr);
    assert_eq!(results(&run), 1);
    // Named explicitly, the self-referencing link is an unreadable file.
    let run = wenshen(
        &[command, "--format", "json"],
        &[&dir.path().join(name), &dir.path().join("self.txt")],
        Duration::from_secs(30),
    );
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        run.stderr.contains("S001") && run.stderr.contains("self.txt"),
        "{}",
        run.stderr
    );
    assert_eq!(results(&run), 1);
}

#[test]
#[cfg(unix)]
fn symlink_loops_end() {
    ends_on_symlink_loops("parse", "a_good.txt", GOOD_PLAN, 0, |run| docs(run).len());
}

#[test]
fn a_directory_of_100000_small_files() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let count = 100_000;
    let start = Instant::now();
    for index in 0..count {
        let label = index % 999 + 1;
        write(
            dir.path(),
            &format!("{index:06}.txt"),
            format!("{label}. 做好公开。（责任单位：县财政局）\n"),
        );
    }
    let written = start.elapsed();
    let run = wenshen(
        &["parse", "--format", "json"],
        &[dir.path()],
        Duration::from_secs(240),
    );
    let parsed = start.elapsed() - written;
    assert_no_panic(&run);
    assert!(run.status.success(), "{}", run.stderr);
    let docs = docs(&run);
    assert_eq!(docs.len(), count);
    // In path order, each with its own task.
    for (index, doc) in docs.iter().enumerate().step_by(997) {
        assert!(
            doc.file.ends_with(&format!("{index:06}.txt")),
            "{}",
            doc.file
        );
        assert_eq!(doc.tasks[0].label, (index % 999 + 1).to_string());
    }
    eprintln!("100,000 files: written in {written:?}, parsed in {parsed:?}");
}

#[test]
fn stdin_closed_early_changes_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = write(dir.path(), "plan.txt", GOOD_PLAN);
    let mut child = Command::new(WENSHEN)
        .args(["parse", "--format", "json"])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wenshen starts");
    drop(child.stdin.take());
    let run = finish(child, Duration::from_secs(30));
    assert_no_panic(&run);
    assert!(run.status.success(), "{}", run.stderr);
    assert_eq!(docs(&run)[0].tasks.len(), 2);
}

/// Runs wenshen on `dir` like `wenshen … | head -c 100`: reads a little, then closes the pipe.
fn read_head_then_close(args: &[&str], dir: &Path) -> Run {
    let mut child = Command::new(WENSHEN)
        .args(args)
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wenshen starts");
    let mut head = [0u8; 100];
    child
        .stdout
        .as_mut()
        .expect("piped stdout")
        .read_exact(&mut head)
        .expect("the first bytes");
    drop(child.stdout.take());
    finish(child, Duration::from_secs(60))
}

#[test]
fn output_closed_by_head_ends_quietly() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for index in 0..300 {
        write(dir.path(), &format!("{index:03}.txt"), GOOD_PLAN);
    }
    for format in ["json", "tree"] {
        let run = read_head_then_close(&["parse", "--format", format], dir.path());
        assert_eq!(run.stderr, "", "{format}: a closed pipe is not an error");
        assert_eq!(run.status.code(), Some(0), "{format}");
    }
}

/// `count` plans from the corpus generator, in a temporary folder.
fn generated_corpus(count: usize, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    let status = Command::new(env!("CARGO_BIN_EXE_wenshen-corpus"))
        .args([
            "--count",
            &count.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(dir.path())
        .status()
        .expect("the generator runs");
    assert!(status.success());
    dir
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let dir = generated_corpus(21, 11);
    let runs: Vec<Run> = ["1", "2", "3", "8"]
        .iter()
        .map(|threads| {
            let run = wenshen(
                &["-j", threads, "parse", "--format", "json"],
                &[dir.path()],
                Duration::from_secs(60),
            );
            assert!(run.status.success(), "{}", run.stderr);
            run
        })
        .collect();
    assert!(runs.iter().all(|run| run.stdout == runs[0].stdout));
    let docs = docs(&runs[0]);
    assert_eq!(docs.len(), 21);
    let layouts: std::collections::BTreeSet<String> =
        docs.into_iter().map(|doc| doc.layout).collect();
    assert_eq!(layouts.len(), 7, "{layouts:?}");
}

// ---------------------------------------------------------------------------------------------
// The same hostile conditions for `check`, which reads, parses and checks with the bundled pack.

/// One finding per file: the typo 平合 (GK502).
const TYPO_PLAN: &str = "2023年某县政务公开工作要点\n\n一、基础工作\n\n\
    1. 加强政务公开平合建设。（责任单位：县财政局；完成时限：2023年12月底前）\n";

/// The file names that `check --format json` reported findings in.
fn finding_files(run: &Run) -> std::collections::BTreeSet<String> {
    #[derive(Deserialize)]
    struct Report {
        findings: Vec<Finding>,
    }
    #[derive(Deserialize)]
    struct Finding {
        file: String,
    }
    let report: Report = serde_json::from_slice(&run.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not the check JSON ({error}); stderr:\n{}",
            run.stderr
        )
    });
    report
        .findings
        .into_iter()
        .map(|finding| {
            Path::new(&finding.file)
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn check_loses_only_the_files_that_disappear_during_the_walk() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let paths: Vec<PathBuf> = (0..1000)
        .map(|index| write(dir.path(), &format!("{index:05}.txt"), TYPO_PLAN))
        .collect();
    let child = Command::new(WENSHEN)
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wenshen starts");
    for path in paths.iter().skip(1).step_by(2) {
        let _ = std::fs::remove_file(path);
    }
    let run = finish(child, Duration::from_secs(120));
    assert_no_panic(&run);
    let files = finding_files(&run);
    for (index, path) in paths.iter().enumerate().step_by(2) {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        assert!(
            files.contains(&name.unwrap_or_default()),
            "file {index} was kept but has no finding"
        );
    }
    let failed = run.stderr.matches("S001").count();
    assert_eq!(
        run.status.code(),
        Some(if failed > 0 { 2 } else { 0 }),
        "{}",
        run.stderr
    );
}

#[test]
#[cfg(unix)]
fn check_ends_on_symlink_loops() {
    ends_on_symlink_loops("check", "a_typo.txt", TYPO_PLAN, 0, |run| {
        finding_files(run).len()
    });
}

#[test]
fn check_with_stdin_closed_early_changes_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = write(dir.path(), "plan.txt", TYPO_PLAN);
    let mut child = Command::new(WENSHEN)
        .args(["check", "--format", "json"])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wenshen starts");
    drop(child.stdin.take());
    let run = finish(child, Duration::from_secs(30));
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);
    assert_eq!(finding_files(&run).len(), 1);
}

#[test]
fn check_output_closed_by_head_ends_quietly() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for index in 0..300 {
        write(dir.path(), &format!("{index:03}.txt"), TYPO_PLAN);
    }
    for format in ["json", "human"] {
        let run = read_head_then_close(&["check", "--format", format], dir.path());
        assert_eq!(run.stderr, "", "{format}: a closed pipe is not an error");
        // GK502 is a warning: no error-level finding, so 0 as if the output had been read.
        assert_eq!(run.status.code(), Some(0), "{format}");
    }
}

#[test]
fn check_output_is_byte_identical_for_20_runs_at_any_thread_count() {
    let dir = generated_corpus(8, 5);
    let runs: Vec<Run> = (0..20)
        .map(|index| {
            let jobs = (index % 8 + 1).to_string();
            wenshen(
                &["check", "--format", "json", "--jobs", &jobs],
                &[dir.path()],
                Duration::from_secs(60),
            )
        })
        .collect();
    assert!(!finding_files(&runs[0]).is_empty());
    for (index, run) in runs.iter().enumerate() {
        assert_no_panic(run);
        assert_eq!(run.status, runs[0].status);
        assert!(run.stdout == runs[0].stdout, "run {index} differs");
    }
}

// Issue 18: what a user may feed wenshen must not crash it, hang it, exhaust its memory, lose a
// finding or overwrite a file.

/// One line of `count` consultations that are too short (GK201 each): a plan whose line breaks
/// were lost.
fn one_line_of_findings(count: usize) -> String {
    format!("{}\n", "征求意见期限为15日；".repeat(count))
}

fn stdout_text(run: &Run) -> String {
    String::from_utf8_lossy(&run.stdout).into_owned()
}

#[test]
fn findings_past_display_column_65535_are_drawn_cut_and_other_files_kept() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // 4,000 findings on one line of 80,000 display columns: miette panicked past 65,535, and drew
    // the whole line for every finding.
    let long = write(dir.path(), "a_long.txt", one_line_of_findings(4_000));
    let good = write(dir.path(), "b_good.txt", GOOD_PLAN);
    let ascii = write(
        dir.path(),
        "c_ascii.txt",
        format!("{} 联系电话13800000000。\n", "a".repeat(70_000)),
    );
    let run = wenshen(
        &["check", "--no-config", "--fail-on", "never"],
        &[&long, &good, &ascii],
        Duration::from_secs(120),
    );
    assert_no_panic(&run);
    assert!(run.status.success(), "{}", run.stderr);
    let out = stdout_text(&run);
    assert!(
        out.contains("a_long.txt:1:39"),
        "{}",
        &out[..out.len().min(3000)]
    );
    assert!(
        out.contains("c_ascii.txt:1:"),
        "the ASCII line's finding is shown"
    );
    assert!(
        out.contains("检查了 3 个文件"),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    assert!(out.contains('…'), "cut lines are marked");
    // About a kilobyte a finding, where the whole line made it 240 KB.
    assert!(out.len() < 4_000 * 3_000, "{} bytes of report", out.len());
}

#[test]
fn many_findings_on_one_line_are_located_in_linear_time() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let long = write(dir.path(), "long.txt", one_line_of_findings(20_000));
    // SARIF took 9 minutes here, counting UTF-16 units from the line start for every finding.
    for format in ["concise", "json", "sarif", "human"] {
        let start = Instant::now();
        let run = wenshen(
            &["check", "--no-config", "--format", format],
            &[&long],
            Duration::from_secs(120),
        );
        assert_no_panic(&run);
        assert_eq!(run.status.code(), Some(1), "{format}: {}", run.stderr);
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{format} took {:?}",
            start.elapsed()
        );
        if format == "concise" {
            // Clauses of 11 characters: the last finding is 19,999 clauses after the first.
            // The GK201 findings; the document also gets one for its unknown kind.
            let columns: Vec<usize> = stdout_text(&run)
                .lines()
                .filter(|line| line.contains("GK201"))
                .filter_map(|line| line.split(':').nth(2)?.parse().ok())
                .collect();
            assert_eq!(columns.len(), 20_000);
            assert_eq!(columns[19_999] - columns[0], 19_999 * 11);
        }
    }
}

#[test]
fn globs_that_parse_but_cannot_compile_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(dir.path(), "plan.txt", GOOD_PLAN);
    let stars = dir.path().join(format!("{}.txt", "*".repeat(100_000)));
    let run = wenshen(
        &["check", "--no-config"],
        &[&stars],
        Duration::from_secs(60),
    );
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("S001"), "{}", run.stderr);

    let nested = format!("{}b{}", "{a,".repeat(130), "}".repeat(130));
    let config = write(
        dir.path(),
        "wenshen.toml",
        format!("[per-file-ignores]\n\"{nested}\" = [\"GK1\"]\n"),
    );
    let plan = dir.path().join("plan.txt");
    let run = wenshen(
        &["check", "--config", &config.to_string_lossy()],
        &[&plan],
        Duration::from_secs(60),
    );
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("C008"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_before_reading_and_the_other_files_are_checked() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let good = write(dir.path(), "good.txt", GOOD_PLAN);
    let fifo = dir.path().join("p.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let zero = Path::new("/dev/zero");
    let run = wenshen(
        &["check", "--no-config", "--format", "concise"],
        &[&fifo, zero, &good],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("不是普通文件").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(stdout_text(&run).contains("good.txt"));
    // The files the options name are held to the same.
    for option in ["--calendar", "--baseline", "--config"] {
        let run = wenshen(
            &["check", option, "/dev/zero", "--format", "concise"],
            &[&good],
            Duration::from_secs(30),
        );
        assert_no_panic(&run);
        assert_eq!(run.status.code(), Some(2), "{option}: {}", run.stderr);
        assert!(
            run.stderr.contains("不是普通文件"),
            "{option}: {}",
            run.stderr
        );
    }
    let run = wenshen(&["parse"], &[zero], Duration::from_secs(30));
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
}

#[test]
fn a_huge_thread_count_is_capped() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let good = write(dir.path(), "good.txt", GOOD_PLAN);
    let run = wenshen(
        &["-j", "100000", "check", "--no-config", "--format", "json"],
        &[&good],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("超过上限"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn files_whose_names_are_not_utf8_keep_their_own_findings() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = "2023年政务公开工作要点\n一、工作\n1. 做好公开。\n";
    // 县要点.txt, 市要点.txt, 区要点.txt in GBK, as unzipping a Windows archive leaves them.
    let names: [&[u8]; 3] = [
        b"\xcf\xd8\xd2\xaa\xb5\xe3.txt",
        b"\xca\xd0\xd2\xaa\xb5\xe3.txt",
        b"\xc7\xf8\xd2\xaa\xb5\xe3.txt",
    ];
    for name in names {
        std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(name)), plan).expect("written");
    }
    let alone = wenshen(
        &["check", "--no-config", "--format", "concise"],
        &[&dir.path().join(std::ffi::OsStr::from_bytes(names[0]))],
        Duration::from_secs(30),
    );
    let each = stdout_text(&alone).lines().count();
    assert!(each > 0);
    let run = wenshen(
        &["check", "--no-config", "--format", "concise"],
        &[dir.path()],
        Duration::from_secs(30),
    );
    let out = stdout_text(&run);
    assert_eq!(out.lines().count(), 3 * each, "{out}");
    assert!(out.contains("\\xCF\\xD8Ҫ\\xB5\\xE3.txt:"), "{out}");
    assert!(!out.contains('\u{fffd}'), "{out}");
}

#[test]
fn an_output_that_names_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = write(dir.path(), "self.txt", GOOD_PLAN);
    let same = plan.to_string_lossy().into_owned();
    let spelled = dir.path().join(".").join("self.txt");
    let spelled = spelled.to_string_lossy().into_owned();
    for args in [
        vec!["check", "--no-config", "-o", same.as_str()],
        vec!["check", "--no-config", "--write-baseline", spelled.as_str()],
        vec![
            "ledger",
            "--no-config",
            "--format",
            "csv",
            "-o",
            same.as_str(),
        ],
    ] {
        let run = wenshen(&args, &[&plan], Duration::from_secs(30));
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("O005"), "{args:?}: {}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(&plan).expect("still there"),
            GOOD_PLAN
        );
    }
}

#[cfg(unix)]
#[test]
fn outputs_that_are_devices_or_links_are_written_through() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = write(dir.path(), "plan.txt", GOOD_PLAN);
    let run = wenshen(
        &["check", "--no-config", "-o", "/dev/null"],
        &[&plan],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);
    assert!(!std::fs::metadata("/dev/null").expect("/dev/null").is_file());

    let target = write(dir.path(), "real.json", "old");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).expect("a link");
    let run = wenshen(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-o",
            &link.to_string_lossy(),
        ],
        &[&plan],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("the link")
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .expect("the target")
            .contains("\"findings\"")
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listed")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn an_empty_code_to_ignore_is_an_error_not_every_rule_off() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = write(
        dir.path(),
        "plan.txt",
        "2023年政务公开工作要点\n一、工作\n1. 做好公开。\n",
    );
    for ignore in ["--ignore=", "--ignore=GK201,"] {
        let run = wenshen(
            &["check", "--no-config", ignore],
            &[&plan],
            Duration::from_secs(30),
        );
        assert_eq!(run.status.code(), Some(2), "{ignore}: {}", run.stderr);
        assert!(run.stderr.contains("C004"), "{ignore}: {}", run.stderr);
    }
    let config = write(dir.path(), "wenshen.toml", "ignore = [\"\"]\n");
    let run = wenshen(
        &["check", "--config", &config.to_string_lossy()],
        &[&plan],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("C004"), "{}", run.stderr);
}

#[test]
fn per_file_ignores_match_only_the_path_from_the_config_folder() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(
        dir.path(),
        "wenshen.toml",
        "[per-file-ignores]\n\"legacy/**\" = [\"GK1\"]\n",
    );
    let sub = dir.path().join("sub");
    std::fs::create_dir_all(sub.join("legacy")).expect("made");
    std::fs::create_dir_all(dir.path().join("legacy")).expect("made");
    let plan = "2023年政务公开工作要点\n一、工作\n1. 做好公开。\n";
    write(&sub.join("legacy"), "new.txt", plan);
    write(&dir.path().join("legacy"), "old.txt", plan);
    let run_in = |args: &[&str]| {
        let child = Command::new(WENSHEN)
            .args(args)
            .current_dir(&sub)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("wenshen starts");
        finish(child, Duration::from_secs(30))
    };
    // The plan's one task names no unit: GK110, which the GK1 prefix ignores in legacy/.
    let outside = run_in(&["check", "--format", "concise", "legacy/new.txt"]);
    assert!(
        stdout_text(&outside).contains("GK110"),
        "{}",
        outside.stderr
    );
    let inside = run_in(&["check", "--format", "concise", "../legacy/old.txt"]);
    assert!(
        !stdout_text(&inside).contains("GK110"),
        "{}",
        stdout_text(&inside)
    );
}

#[cfg(unix)]
#[test]
fn linked_plans_in_a_folder_are_checked_and_an_empty_run_fails() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let elsewhere = dir.path().join("elsewhere");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&elsewhere).expect("made");
    std::fs::create_dir_all(&plans).expect("made");
    let real = write(
        &elsewhere,
        "real.txt",
        "2023年政务公开工作要点\n一、工作\n1. 做好公开。\n",
    );
    std::os::unix::fs::symlink(&real, plans.join("linked.txt")).expect("a link");
    let run = wenshen(
        &["check", "--no-config", "--format", "concise"],
        &[&plans],
        Duration::from_secs(30),
    );
    assert!(stdout_text(&run).contains("linked.txt:"), "{}", run.stderr);

    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("made");
    let run = wenshen(
        &["check", "--no-config"],
        &[&empty],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("N001"), "{}", run.stderr);
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = write(
        dir.path(),
        "ansi\u{1b}[31m.txt",
        "2023年政务公开工作要点\n一、工作\n1. 做好\u{1b}]0;PWNED\u{7}\u{1b}[8m公开\u{202e}。\n",
    );
    for format in ["human", "concise"] {
        let run = wenshen(
            &["check", "--no-config", "--format", format],
            &[&plan],
            Duration::from_secs(30),
        );
        let out = stdout_text(&run);
        // The plan's one task names no unit: one finding for the plan.
        assert!(out.contains("GK110"), "{format}: {out}");
        assert!(
            !out.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{format}: {out:?}"
        );
        assert!(out.contains("␛"), "{format}: {out}");
    }
}

#[test]
fn human_columns_count_characters() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = write(
        dir.path(),
        "plan.txt",
        "2023年政务公开工作要点\n一、工作\n1. 做好公开，联系电话13800000000。（责任单位：县政府；完成时限：全年）\n",
    );
    let columns = |format: &str| {
        let run = wenshen(
            &[
                "check",
                "--no-config",
                "--format",
                format,
                "--select",
                "GK505",
            ],
            &[&plan],
            Duration::from_secs(30),
        );
        stdout_text(&run)
    };
    let concise = columns("concise");
    let at = concise.split(": ").next().expect("a finding").to_string();
    assert!(columns("human").contains(&format!("[{at}]")), "{concise}");
}

#[test]
fn baselines_and_rule_files_with_a_bom_are_read() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = write(
        dir.path(),
        "plan.txt",
        "2023年政务公开工作要点\n一、工作\n1. 做好公开。\n",
    );
    let baseline = dir.path().join("base.json");
    let run = wenshen(
        &[
            "check",
            "--no-config",
            "--write-baseline",
            &baseline.to_string_lossy(),
        ],
        &[&plan],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(std::fs::read(&baseline).expect("written"));
    std::fs::write(&baseline, with_bom).expect("written");
    let run = wenshen(
        &[
            "check",
            "--no-config",
            "--baseline",
            &baseline.to_string_lossy(),
        ],
        &[&plan],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);

    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).expect("made");
    let bundled = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/GK101-task-without-unit.rule"),
    )
    .expect("a bundled rule");
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(bundled);
    std::fs::write(rules.join("x.rule"), with_bom).expect("written");
    let run = wenshen(
        &["rules", "check", &rules.to_string_lossy()],
        &[],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);
}

/// A Word document of `body` (and `numbering`, the content of `w:numbering`), zipped.
fn small_docx(body: &str, numbering: Option<&str>) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    );
    let mut parts = vec![("word/document.xml", document)];
    if let Some(numbering) = numbering {
        parts.push((
            "word/numbering.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#),
        ));
    }
    for (name, text) in parts {
        writer.start_file(name, options).expect("a part");
        writer.write_all(text.as_bytes()).expect("written");
    }
    writer.finish().expect("a zip").into_inner()
}

#[test]
fn word_documents_whose_text_would_pass_the_limit_are_refused_early() {
    let cell = "<w:tc><w:p/></w:tc>";
    let one_cell_row = format!("<w:tr>{cell}</w:tr>");
    // One row of 10,000 cells and 10,000 rows of one: every row padded to the widest.
    let sparse = format!(
        "<w:tbl><w:tr>{}</w:tr>{}</w:tbl>",
        cell.repeat(10_000),
        one_cell_row.repeat(10_000)
    );
    // Cells spanning 63 grid columns each.
    let spanning = format!(
        "<w:tbl><w:tr>{}</w:tr>{}</w:tbl>",
        r#"<w:tc><w:tcPr><w:gridSpan w:val="63"/></w:tcPr><w:p/></w:tc>"#.repeat(2_000),
        one_cell_row.repeat(2_000)
    );
    // A list label of 1 MB copied into every numbered paragraph.
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="{}%1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        "条".repeat(350_000)
    );
    let labelled = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>做好公开</w:t></w:r></w:p>"#
        .repeat(300);
    for (name, bytes) in [
        ("sparse.docx", small_docx(&sparse, None)),
        ("spanning.docx", small_docx(&spanning, None)),
        ("labels.docx", small_docx(&labelled, Some(&numbering))),
    ] {
        assert!(bytes.len() < 200_000, "{name}: {} bytes", bytes.len());
        let start = Instant::now();
        let error = wenshen::source::decode(name, &bytes).expect_err("past the limit");
        assert_eq!(
            error.code().map(|code| code.to_string()).as_deref(),
            Some("S008"),
            "{name}: {error}"
        );
        assert!(start.elapsed() < Duration::from_secs(30), "{name}");
    }
}

// The fuzz targets `report_spans` and `config_load` (tests/fuzz) as property tests, for machines
// without `cargo fuzz`: the same checks on generated inputs.

#[path = "fuzz/checks/report.rs"]
mod report_checks;

#[path = "fuzz/checks/config.rs"]
mod config_checks;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn findings_at_any_span_render_in_every_format(
        pieces in proptest::collection::vec(
            "[任务a\n\t\u{1b}\u{7}\u{202e}\u{85}\u{2028}]{0,8}|a{70000}|征{1000}",
            1..6,
        ),
        spans in proptest::collection::vec((0usize..200_000, 0usize..200_000), 1..4),
        name in "[a计\n\u{1b}]{0,6}",
        message in "[任\n\u{1b}\u{9b}]{0,5}",
        width in 0usize..200,
    ) {
        let text = pieces.concat();
        let cases: Vec<report_checks::Case> = spans
            .iter()
            .map(|&(start, end)| report_checks::Case {
                start,
                end,
                message: message.clone(),
                secondary: vec![(end, start), (start / 2, start / 2 + 3)],
            })
            .collect();
        report_checks::check(&name, &text, &cases, width);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

    /// The fuzz target's own input decoding, on arbitrary bytes.
    #[test]
    fn the_report_targets_bytes_render_in_every_format(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
    ) {
        report_checks::check_bytes(&bytes);
    }
}

proptest::proptest! {
    // Each case loads the bundled pack: few cases.
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]

    #[test]
    fn any_configuration_loads_or_gives_coded_errors(
        text in "(select|ignore|per-file-ignores|\\[|\\]|=|\"|\\{|,|GK|\n| |a{70000}|\u{feff}|\\*\\*|[0-9]){0,40}",
    ) {
        let dir = tempfile::tempdir().expect("a temp dir");
        config_checks::check(dir.path(), text.as_bytes());
    }
}

#[test]
fn a_corpus_rule_reports_a_bounded_number_of_pairs_whatever_the_batches() {
    const POLICY: &str = "某市人民政府关于印发《某市支持中小企业发展十条措施》的通知\n\n\
        某政发〔2022〕12号\n\n各县（市、区）人民政府，市政府各部门：\n\n\
        现将《某市支持中小企业发展十条措施》印发给你们，请认真贯彻执行。\n\n某市人民政府\n2022年9月29日\n";
    const INTERPRETATION: &str = "《某市支持中小企业发展十条措施》政策解读\n\n一、出台背景\n\
        为支持中小企业发展，市政府出台了十条措施。\n\n某市发展和改革委员会\n2022年10月20日\n";
    let dir = tempfile::tempdir().expect("a temp dir");
    // 30 copies of the policy: the interpretation pairs with each (GK301).
    for index in 0..30 {
        write(dir.path(), &format!("policy{index:02}.txt"), POLICY);
    }
    write(dir.path(), "z_interpretation.txt", INTERPRETATION);
    let late = |batch: &str| {
        let run = wenshen(
            &[
                "check",
                "--no-config",
                "--format",
                "json",
                "--select",
                "GK301",
                "--batch-size",
                batch,
            ],
            &[dir.path()],
            Duration::from_secs(60),
        );
        assert_no_panic(&run);
        stdout_text(&run)
    };
    let whole = late("0");
    assert_eq!(whole.matches("\"GK301\"").count(), 20, "{whole}");
    assert_eq!(late("4"), whole);
}

#[test]
fn configuration_errors_past_column_65535_are_drawn_cut() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plan = write(dir.path(), "plan.txt", GOOD_PLAN);
    let codes = vec!["\"GK101\""; 12_000].join(",");
    let config = write(
        dir.path(),
        "wenshen.toml",
        format!("select = [{codes},\"ZZZ\"]\n"),
    );
    let run = wenshen(
        &["check", "--config", &config.to_string_lossy()],
        &[&plan],
        Duration::from_secs(30),
    );
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("wenshen.toml:1:96011"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.len() < 2_000, "{}", run.stderr);
}
