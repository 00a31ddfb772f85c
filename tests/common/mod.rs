//! Running the `wenshen` binary in the CLI tests: how it exited and what it printed.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

#[allow(dead_code)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs wenshen with `args` in `dir`, colour off, with `stdin` written to it (closed when `None`).
#[allow(dead_code)]
pub fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(bytes)
            .expect("stdin written");
    }
    let output = child.wait_with_output().expect("the binary ends");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// The repository root, where the corpus and fixtures live.
// Each test binary compiles this module on its own, and not every one runs in the root.
#[allow(dead_code)]
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A task's units as the layout tests write them: `+` lead, `~` cooperating, `^` inherited.
#[allow(dead_code)]
pub fn marked_units(task: &wenshen::document::Task) -> Vec<String> {
    use wenshen::document::UnitRole;
    task.units
        .iter()
        .map(|unit| {
            let role = match unit.role {
                UnitRole::Lead => "+",
                UnitRole::Cooperate => "~",
                UnitRole::Unspecified => "",
            };
            let inherited = if unit.inherited { "^" } else { "" };
            format!("{role}{}{inherited}", unit.name)
        })
        .collect()
}

/// The headless Chromium the HTML report tests use: the first of `chromium`, `chromium-browser`,
/// `google-chrome` on PATH, or `None` after printing how to get one.
#[allow(dead_code)]
pub fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|output| output.status.success())
        });
    if found.is_none() {
        eprintln!("skipped: no chromium on PATH (apt-get install chromium fonts-noto-cjk)");
    }
    found
}

/// `browser` run headless and offline with a fresh profile in `profile`; the caller adds the
/// window size, what to do and the page.
#[allow(dead_code)]
pub fn headless(browser: &str, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// `(label, units, deadline)` of each task of the first document `parse --format json` printed.
#[allow(dead_code)]
pub fn tasks(json: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let documents: serde_json::Value = serde_json::from_str(json).unwrap();
    documents[0]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|task| {
            let units = task["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|unit| unit["name"].as_str().unwrap().to_string())
                .collect();
            let deadline = task["deadline"]["text"].as_str().map(str::to_string);
            (task["label"].as_str().unwrap().to_string(), units, deadline)
        })
        .collect()
}
