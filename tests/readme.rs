//! What the README tells a newcomer, checked against what wenshen does: the set-up command's exit
//! status and quoted summary, the `--statistics` example, the formats table against `check --help`,
//! and the Rust version against `Cargo.toml` and the dependencies' own minimums.

mod common;

use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(common::root().join("README.md")).unwrap()
}

/// The README's text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("README has {start:?}"))
        + start.len();
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn the_set_up_command_exits_1_with_the_quoted_summary() {
    let readme = readme();
    let set_up = between(&readme, "## Set-up", "## 快速上手");
    assert!(set_up.contains("cargo run --release -- check corpus/\ncargo test\n"));
    assert!(set_up.contains("exits with status 1"));
    let quoted = between(set_up, "ends with the count\n`", "`");
    let run = common::run(common::root(), &["check", "corpus/"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout.lines().last(), Some(quoted));
    // The same count is quoted where the human report is described.
    assert!(readme.contains(&format!("`{quoted}` for `wenshen check corpus/`")));
}

#[test]
fn the_statistics_example_is_what_check_prints() {
    let readme = readme();
    let example = between(&readme, "$ wenshen check corpus/ --statistics\n", "```");
    let run = common::run(common::root(), &["check", "corpus/", "--statistics"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let actual: Vec<&str> = run.stdout.lines().collect();
    let shown: Vec<&str> = example.lines().collect();
    // The example shows the first rows and the total, with `…` for the rows between.
    let elided = shown.iter().position(|line| *line == "…").unwrap();
    assert_eq!(shown[..elided], actual[..elided]);
    assert_eq!(shown.last(), actual.last());
}

#[test]
fn the_formats_table_lists_every_format_of_check_help() {
    let readme = readme();
    let table = between(
        &readme,
        "| format | what it is for | shape |\n|---|---|---|\n",
        "\n\n",
    );
    let documented: Vec<&str> = table.lines().map(|row| between(row, "| `", "`")).collect();
    let help = common::run(common::root(), &["check", "--help"], None);
    assert_eq!(help.code, 0);
    let values = between(&help.stdout, "--format <FORMAT>", "[默认：human]");
    let offered: Vec<&str> = values
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- "))
        .map(|line| line.split(':').next().unwrap_or(line).trim())
        .collect();
    assert_eq!(documented, offered);
    let about = common::run(common::root(), &["--help"], None);
    assert!(about.stdout.contains("JUnit、HTML）"), "{}", about.stdout);
}

#[derive(serde::Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(serde::Deserialize)]
struct Package {
    name: String,
    version: String,
    rust_version: Option<String>,
}

/// `major.minor` of a version such as `1.89` or `1.85.1`, for comparing.
fn minor(version: &str) -> (u32, u32) {
    let mut parts = version.split('.').map(|part| part.parse::<u32>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap_or(0))
}

/// The README states the `rust-version` of `Cargo.toml`, and no dependency in `Cargo.lock` needs
/// a newer Rust (clippy's `incompatible_msrv` checks the standard library APIs wenshen itself uses
/// against the same field).
#[test]
fn the_stated_rust_version_is_the_manifest_s_and_covers_the_dependencies() {
    let manifest = std::fs::read_to_string(common::root().join("Cargo.toml")).unwrap();
    let stated = between(&manifest, "rust-version = \"", "\"");
    assert!(readme().contains(&format!("Rust {stated} or newer")));
    // The packages built on this machine: the others (Windows-only crates) may not be downloaded.
    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    let rustc = String::from_utf8(rustc.stdout).unwrap();
    let host = between(&rustc, "host: ", "\n");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", host])
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Metadata = serde_json::from_slice(&output.stdout).unwrap();
    let needs: Vec<String> = metadata
        .packages
        .iter()
        .filter_map(|package| {
            let wanted = package.rust_version.as_deref()?;
            (minor(wanted) > minor(stated))
                .then(|| format!("{} {} needs {wanted}", package.name, package.version))
        })
        .collect();
    assert_eq!(
        needs,
        Vec::<String>::new(),
        "rust-version {stated} is too old"
    );
}

#[test]
fn every_parse_problem_code_is_explained_in_the_readme() {
    let readme = readme();
    let problems = between(&readme, "Parse problems:", "`kind` decides");
    for code in wenshen::document::ProblemCode::ALL {
        assert!(
            problems.contains(&format!("`{code}`")),
            "{code} is not explained under “Parse problems”"
        );
    }
}
