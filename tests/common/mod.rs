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
