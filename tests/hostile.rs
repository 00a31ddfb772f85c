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
