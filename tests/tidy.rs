//! Architecture rules as tests: the pipeline's shape is checked, not just described.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

fn source_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("source file is UTF-8");
            let relative = path
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (relative, text)
        })
        .collect()
}

/// Only `source/` and `cli/` (and the binaries) touch the file system, the environment, stdin,
/// stdout and stderr; the core is pure, so it can be tested with data and reused as a library.
#[test]
fn only_source_and_cli_touch_the_outside_world() {
    const OUTSIDE_WORLD: [&str; 10] = [
        "std::fs",
        "File::open",
        "std::env",
        "std::process",
        "stdin()",
        "stdout()",
        "stderr()",
        "println!",
        "eprintln!",
        "eprint!",
    ];
    let mut violations = Vec::new();
    for (path, text) in source_files() {
        let allowed = path.starts_with("source/")
            || path.starts_with("cli/")
            || path.starts_with("bin/")
            || path == "main.rs";
        if allowed {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for needle in OUTSIDE_WORLD {
                if code.contains(needle) {
                    violations.push(format!("src/{path}:{}: {needle}", number + 1));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "I/O outside source/ and cli/:\n{}",
        violations.join("\n")
    );
}

/// Every module says what it is for in a `//!` comment on its first line.
#[test]
fn every_module_has_a_doc_comment() {
    let missing: Vec<String> = source_files()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(path, _)| format!("src/{path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! doc comment:\n{}",
        missing.join("\n")
    );
}

/// The pipeline's stages depend only on earlier stages: source ← document ← rules ← engine ← report
/// ← cli. A later stage reaching back up the pipeline would tangle the public surfaces.
#[test]
fn stages_depend_only_on_earlier_stages() {
    const STAGES: [&str; 6] = ["source", "document", "rules", "engine", "report", "cli"];
    let mut violations = Vec::new();
    for (path, text) in source_files() {
        let Some(stage) = STAGES.iter().position(|stage| {
            path.starts_with(&format!("{stage}/")) || path == format!("{stage}.rs")
        }) else {
            continue;
        };
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for later in &STAGES[stage + 1..] {
                if code.contains(&format!("crate::{later}")) {
                    violations.push(format!("src/{path}:{}: uses crate::{later}", number + 1));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "a stage uses a later stage:\n{}",
        violations.join("\n")
    );
}
