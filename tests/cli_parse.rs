//! `wenshen parse` as a user runs it: the real binary, real files, exit codes, stdout and stderr.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use encoding_rs::GB18030;
use serde_json::Value;

const SEED: &str = "corpus/seeds/002_e2004cff787eb37b.txt";

fn wenshen(arguments: &[&str], directory: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Runs in the repository root, where the corpus lives.
fn wenshen_here(arguments: &[&str]) -> Output {
    wenshen(arguments, Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn stdout_json(output: &Output) -> Vec<Value> {
    let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    value.as_array().expect("a JSON array").clone()
}

fn files_in(output: &Output) -> Vec<String> {
    stdout_json(output)
        .iter()
        .map(|document| {
            document["file"]
                .as_str()
                .expect("file is a string")
                .to_string()
        })
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(directory: &Path, name: &str, bytes: &[u8]) {
    let path = directory.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, bytes).expect("write file");
}

fn good_plan() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).expect("seed exists")
}

#[test]
fn a_seed_parses_to_a_json_array_by_default_when_piped() {
    let output = wenshen_here(&["parse", SEED]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let documents = stdout_json(&output);
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["file"], SEED);
    assert_eq!(documents[0]["encoding"], "UTF-8");
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn binary_and_empty_files_fail_with_coded_errors_while_a_good_file_still_parses() {
    let directory = tempfile::tempdir().expect("temporary directory");
    write(directory.path(), "good.txt", &good_plan());
    write(
        directory.path(),
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    );
    write(directory.path(), "empty.txt", b"");
    let output = wenshen(
        &["parse", "good.txt", "image.txt", "empty.txt"],
        directory.path(),
    );

    assert_eq!(output.status.code(), Some(2));
    assert_eq!(files_in(&output), ["good.txt"]);
    let errors = stderr(&output);
    assert!(errors.contains("S003"), "{errors}");
    assert!(errors.contains("文件 image.txt 不是文本文件"), "{errors}");
    assert!(errors.contains("S002"), "{errors}");
    assert!(errors.contains("文件 empty.txt 是空的"), "{errors}");
    assert!(
        !errors.contains('\u{1b}'),
        "no colour without a terminal: {errors}"
    );
}

#[test]
fn invalid_bytes_in_a_gb18030_file_name_the_offset() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let text = String::from_utf8(good_plan()).expect("seed is UTF-8");
    let encoded = GB18030.encode(&text).0.into_owned();
    // After the first line that holds Chinese text, so that GB18030 is clearly the file's encoding.
    let first_chinese = encoded
        .iter()
        .position(|byte| !byte.is_ascii())
        .expect("Chinese text");
    let cut = first_chinese
        + encoded[first_chinese..]
            .iter()
            .position(|&byte| byte == b'\n')
            .expect("a line break")
        + 1;
    let line = encoded[..cut].iter().filter(|&&byte| byte == b'\n').count() + 1;
    let broken = [&encoded[..cut], b"\xFF", &encoded[cut..]].concat();
    write(directory.path(), "broken.txt", &broken);
    write(directory.path(), "fine.txt", &encoded);
    let output = wenshen(&["parse", "broken.txt", "fine.txt"], directory.path());

    assert_eq!(output.status.code(), Some(2));
    let documents = stdout_json(&output);
    assert_eq!(documents.len(), 1);
    assert_eq!(
        (&documents[0]["file"], &documents[0]["encoding"]),
        (&"fine.txt".into(), &"GB18030".into())
    );
    let errors = stderr(&output);
    assert!(errors.contains("S004"), "{errors}");
    assert!(
        errors.contains(&format!(
            "无法解码文件 broken.txt：按 GB18030 解码时，第 {line} 行（字节偏移 {cut}）"
        )),
        "{errors}"
    );
}

#[test]
fn a_missing_path_is_named_and_the_other_files_are_still_parsed() {
    let output = wenshen_here(&["parse", "corpus/missing.txt", SEED]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(files_in(&output), [SEED]);
    let errors = stderr(&output);
    assert!(errors.contains("S001"), "{errors}");
    assert!(
        errors.contains("无法读取文件 corpus/missing.txt：路径不存在"),
        "{errors}"
    );
}

#[test]
fn directories_are_walked_for_txt_and_md_files_in_sorted_order() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let plan = good_plan();
    for name in [
        "plans/b.txt",
        "plans/a.md",
        "plans/C.TXT",
        "plans/sub/d.txt",
        "plans/notes.rtf",
        "plans/table.csv",
        "plans/.hidden.txt",
        "plans/.drafts/e.txt",
        "plans/ignored.txt",
        "plans/build/f.txt",
    ] {
        write(directory.path(), name, &plan);
    }
    write(
        directory.path(),
        "plans/.gitignore",
        b"ignored.txt\nbuild/\n",
    );
    write(directory.path(), "extra.csv", &plan);

    // A file named explicitly is read whatever its extension, and a file reached twice is read once.
    let output = wenshen(
        &["parse", "plans", "extra.csv", "plans/b.txt"],
        directory.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        files_in(&output),
        [
            "extra.csv",
            "plans/C.TXT",
            "plans/a.md",
            "plans/b.txt",
            "plans/sub/d.txt"
        ]
    );
}

#[test]
fn the_tree_format_prints_an_outline() {
    let output = wenshen_here(&[
        "parse",
        "--format",
        "tree",
        SEED,
        "corpus/encodings/plan_gb18030.txt",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let tree = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(
        tree.starts_with("corpus/encodings/plan_gb18030.txt\n  编码：GB18030\n"),
        "{tree}"
    );
    assert!(
        tree.contains(&format!("\n\n{SEED}\n  编码：UTF-8\n")),
        "{tree}"
    );
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let one = wenshen_here(&["parse", "-j", "1", "corpus/"]);
    let many = wenshen_here(&["parse", "--threads", "8", "corpus/"]);
    assert_eq!(one.status.code(), many.status.code());
    assert!(one.stdout == many.stdout);
    assert_eq!(stderr(&one), stderr(&many));
    assert!(files_in(&one).len() >= 10);
}

#[test]
fn usage_errors_exit_with_2() {
    for arguments in [
        &["parse"][..],
        &["parse", "--format", "xml", SEED],
        &["frobnicate"],
    ] {
        let output = wenshen_here(arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        assert!(output.stdout.is_empty(), "{arguments:?}");
    }
    let help = wenshen_here(&["parse", "--help"]);
    assert_eq!(help.status.code(), Some(0));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // Enough documents that the JSON outgrows any pipe buffer, so the writes really hit EPIPE.
    let directory = tempfile::tempdir().expect("temporary directory");
    for index in 0..400 {
        write(
            directory.path(),
            &format!("plan{index:03}.txt"),
            "一、总体要求\n".as_bytes(),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .args(["parse", "--format", "json", "."])
        .current_dir(directory.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("the binary ends");
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
}

#[test]
fn input_errors_render_as_the_user_sees_them() {
    let directory = tempfile::tempdir().expect("temporary directory");
    write(directory.path(), "a-empty.txt", b"");
    write(directory.path(), "b-blank.txt", " \r\n\u{3000}".as_bytes());
    write(
        directory.path(),
        "c-binary.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    );
    write(
        directory.path(),
        "d-broken.txt",
        b"line one\r\nline two \xFF\xFE\r\n",
    );
    let output = wenshen(&["parse", "missing.txt", "."], directory.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "[]\n");
    insta::assert_snapshot!(stderr(&output));
}
