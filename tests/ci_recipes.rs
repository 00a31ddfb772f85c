//! The CI recipes as users run them: the shell steps of `action.yml`, taken from the file and run
//! on a scratch git repository whose plans have Chinese names and names with spaces; the README's
//! `uses:` line and pre-commit `rev:` against the version, `CHANGELOG.md` and `.pre-commit-hooks.yaml`.
//! Skipped, with a note, where `git` or `bash` is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `run: |` blocks of a workflow or action file, by the `name:` of their step, de-indented.
fn run_blocks(yaml: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut name = String::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(step) = trimmed.strip_prefix("- name: ") {
            name = step.to_string();
        }
        if trimmed != "run: |" {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let mut body = String::new();
        while let Some(next) = lines.peek() {
            let next_indent = next.len() - next.trim_start().len();
            if !next.trim().is_empty() && next_indent <= indent {
                break;
            }
            body.push_str(next.get(indent + 2..).unwrap_or(""));
            body.push('\n');
            lines.next();
        }
        blocks.push((name.clone(), body));
    }
    blocks
}

fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok()
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(repo)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

const PLAN_WITH_ERROR: &str = "某市2023年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
    1. 重大行政决策草案公开征求意见，征求意见期限为15日。（责任单位：市司法局；完成时限：2023年12月底前）\n";
const PLAN_WITH_WARNING: &str = "某市2023年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
    1. 做好政务公开平合建设。（责任单位：市政务公开办；完成时限：2023年12月底前）\n";
const CLEAN_PLAN: &str = "某市2023年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
    1. 做好政府信息公开年报工作。（责任单位：市政务公开办；完成时限：2023年12月底前）\n";

struct Step {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A scratch repository: `main` has `plans/old.txt`; the checked-out branch changes it and adds
/// plans with a Chinese name and a name with spaces, and a file the pathspecs leave out.
fn scratch_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(repo.join("plans/县 区")).unwrap();
    std::fs::write(repo.join("plans/old.txt"), CLEAN_PLAN).unwrap();
    std::fs::write(repo.join("plans/untouched.txt"), CLEAN_PLAN).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "base"]);
    // What actions/checkout with fetch-depth 0 leaves: the base branch as a remote-tracking ref.
    git(repo, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    git(repo, &["checkout", "-q", "-b", "feature"]);
    std::fs::write(repo.join("plans/old.txt"), PLAN_WITH_WARNING).unwrap();
    std::fs::write(
        repo.join("plans/2023年政务公开工作要点.txt"),
        PLAN_WITH_ERROR,
    )
    .unwrap();
    std::fs::write(
        repo.join("plans/县 区/任务 分解\"表\".md"),
        PLAN_WITH_WARNING,
    )
    .unwrap();
    std::fs::write(repo.join("plans/notes.rtf"), "not a plan").unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "feature"]);
    dir
}

/// Runs one step's shell as GitHub runs it (`bash -eo pipefail`), with the binary under test on
/// the PATH and the runner's variables set.
fn run_step(repo: &Path, runner: &Path, script: &str, env: &[(&str, &str)]) -> Step {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_wenshen"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(repo)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("RUNNER_TEMP", runner)
        .env("GITHUB_OUTPUT", runner.join("output"))
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Step {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn the_action_checks_changed_plans_whatever_their_names() {
    if !installed("git") || !installed("bash") {
        eprintln!("note: git or bash is not installed; the action's steps were not run");
        return;
    }
    let action = std::fs::read_to_string("action.yml").unwrap();
    let steps = run_blocks(&action);
    let names: Vec<&str> = steps.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Install wenshen",
            "List the changed documents",
            "Annotate the pull request",
            "SARIF report",
            "Fail on findings",
        ]
    );
    let step = |name: &str| &steps.iter().find(|(step, _)| step == name).unwrap().1;

    let repository = scratch_repository();
    let repo = repository.path();
    let runner = tempfile::tempdir().unwrap();
    let inputs = [
        ("BASE", "origin/main"),
        ("PATHSPECS", "*.md *.txt *.docx *.html *.htm *.pdf"),
        ("ARGS", "--no-config"),
        ("FAIL_ON", "error"),
    ];

    let listed = run_step(
        repo,
        runner.path(),
        step("List the changed documents"),
        &inputs,
    );
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let output = std::fs::read_to_string(runner.path().join("output")).unwrap();
    assert_eq!(output, "count=3\n");

    let annotated = run_step(
        repo,
        runner.path(),
        step("Annotate the pull request"),
        &inputs,
    );
    assert_eq!(annotated.code, 0, "{}", annotated.stderr);
    assert!(
        annotated
            .stdout
            .contains("::error file=plans/2023年政务公开工作要点.txt,line=5,"),
        "{}",
        annotated.stdout
    );
    for warned in ["plans/old.txt", "plans/县 区/任务 分解\"表\".md"] {
        assert!(
            annotated
                .stdout
                .contains(&format!("::warning file={warned},line=5,")),
            "{}",
            annotated.stdout
        );
    }
    assert!(annotated.stderr.is_empty(), "{}", annotated.stderr);

    let sarif = run_step(repo, runner.path(), step("SARIF report"), &inputs);
    assert_eq!(sarif.code, 0, "{}", sarif.stderr);
    let log: serde_json::Value =
        serde_json::from_slice(&std::fs::read(runner.path().join("wenshen.sarif")).unwrap())
            .unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 3);
    let artifacts = log.to_string();
    assert!(artifacts.contains("plans/2023%E5%B9%B4"), "{artifacts}");

    let failed = run_step(repo, runner.path(), step("Fail on findings"), &inputs);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(failed.stderr.is_empty(), "{}", failed.stderr);
    assert_eq!(failed.stdout.lines().count(), 3, "{}", failed.stdout);

    // Warnings pass by default and fail with `fail-on: warning`.
    let strict = [inputs[0], inputs[1], inputs[2], ("FAIL_ON", "warning")];
    std::fs::write(repo.join("plans/2023年政务公开工作要点.txt"), CLEAN_PLAN).unwrap();
    git(repo, &["commit", "-q", "-am", "fixed"]);
    let passed = run_step(repo, runner.path(), step("Fail on findings"), &inputs);
    assert_eq!(passed.code, 0, "{}{}", passed.stdout, passed.stderr);
    let warned = run_step(repo, runner.path(), step("Fail on findings"), &strict);
    assert_eq!(warned.code, 1, "{}{}", warned.stdout, warned.stderr);

    // Outside a pull request (no base), every matching file of the repository is listed.
    let everything = run_step(
        repo,
        runner.path(),
        step("List the changed documents"),
        &[("BASE", ""), ("PATHSPECS", "*.md *.txt")],
    );
    assert_eq!(everything.code, 0, "{}", everything.stderr);
    let output = std::fs::read_to_string(runner.path().join("output")).unwrap();
    assert!(output.ends_with("count=4\n"), "{output}");
}

/// The README's workflow and hook pin the version being released, which `CHANGELOG.md`
/// describes; the hook shows warnings even when it passes.
#[test]
fn the_readme_pins_this_version_of_the_action_and_the_hook() {
    let version = env!("CARGO_PKG_VERSION");
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(&format!("uses: OWNER/wenshen@v{version}")),
        "the workflow's uses: line"
    );
    assert!(
        readme.contains(&format!("rev: v{version}")),
        "the pre-commit rev"
    );
    let changelog = std::fs::read_to_string("CHANGELOG.md").unwrap();
    assert!(
        changelog.contains(&format!("## [{version}]")),
        "CHANGELOG.md"
    );
    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    assert!(hooks.contains("verbose: true"), "{hooks}");
    // Every input the README passes with `with:` is one the action declares.
    let action = std::fs::read_to_string("action.yml").unwrap();
    let workflow = readme
        .split("```yaml")
        .find(|block| block.contains("uses: OWNER/wenshen@"))
        .and_then(|block| block.split("```").next())
        .unwrap();
    let with = workflow.split("with:").last().unwrap();
    for line in with.lines().skip(1) {
        let Some((key, _)) = line.trim().split_once(':') else {
            continue;
        };
        if key.starts_with('#') {
            continue;
        }
        assert!(
            action.contains(&format!("\n  {key}:\n")),
            "input {key} is not in action.yml"
        );
    }
}
