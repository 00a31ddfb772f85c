//! `wenshen.toml`, `wenshen init` and baselines end to end: each test writes a small project into a
//! temporary directory and runs the binary in it.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::Run;
use tempfile::TempDir;

/// A plan with one error (GK201: a 15-day consultation), one unit written two ways (GK503 warning),
/// a unit pair the bundled alias table does not know (市数据局 / 市数局), and the coverage warnings
/// (GK6xx) of a plan this short.
const PLAN: &str = "某市2022年政务公开工作要点

一、深化重点领域信息公开

1. 做好疫情防控信息发布。（责任单位：市卫生健康局；完成时限：2022年12月底前）
2. 做好医疗机构信息公开。（责任单位：市卫健委；完成时限：2022年12月底前）
3. 重大行政决策草案公开征求意见，征求意见期限为15日。（责任单位：市司法局；完成时限：2022年12月底前）
4. 做好数据开放工作。（责任单位：市数据局；完成时限：2022年12月底前）
5. 做好数据共享工作。（责任单位：市数局；完成时限：2022年12月底前）
";

fn wenshen(dir: &Path, args: &[&str]) -> Run {
    common::run(dir, args, None)
}

/// A temporary project: `files` as (relative path, contents).
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
        fs::write(path, text).expect("written");
    }
    dir
}

/// `(file, code, severity)` of every finding of `check --format json` run in `dir`.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, String, String)> {
    let mut full = vec!["check", "--format", "json"];
    full.extend_from_slice(args);
    let run = wenshen(dir, &full);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .map(|finding| {
            let field = |name: &str| finding[name].as_str().unwrap_or_default().to_string();
            (field("file"), field("code"), field("severity"))
        })
        .collect()
}

fn codes(dir: &Path, args: &[&str]) -> BTreeSet<String> {
    findings(dir, args)
        .into_iter()
        .map(|(_, code, _)| code)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| item.to_string()).collect()
}

#[test]
fn without_a_config_every_rule_runs() {
    let dir = project(&[("plan.txt", PLAN)]);
    let found = codes(dir.path(), &["plan.txt"]);
    assert!(
        found.contains("GK201") && found.contains("GK503"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|code| code.starts_with("GK6")),
        "{found:?}"
    );
}

#[test]
fn the_config_is_found_upwards_from_the_current_directory() {
    let dir = project(&[
        ("wenshen.toml", "ignore = [\"GK6\"]\n"),
        ("plans/2022/plan.txt", PLAN),
    ]);
    let deep = dir.path().join("plans/2022");
    assert_eq!(codes(&deep, &["plan.txt"]), set(&["GK201", "GK503"]));
    // --no-config skips it.
    let found = codes(&deep, &["plan.txt", "--no-config"]);
    assert!(
        found.iter().any(|code| code.starts_with("GK6")),
        "{found:?}"
    );
}

#[test]
fn config_names_a_file_anywhere() {
    let dir = project(&[
        ("wenshen.toml", "ignore = [\"GK201\"]\n"),
        ("configs/strict.toml", "select = [\"GK201\"]\n"),
        ("plan.txt", PLAN),
    ]);
    assert_eq!(
        codes(dir.path(), &["plan.txt", "--config", "configs/strict.toml"]),
        set(&["GK201"])
    );
}

#[test]
fn select_and_ignore_take_codes_and_prefixes_and_the_longest_prefix_wins() {
    let cases = [
        ("select = [\"GK2\", \"GK503\"]\n", set(&["GK201", "GK503"])),
        ("select = [\"GK5\"]\nignore = [\"GK503\"]\n", set(&[])),
        (
            "select = [\"GK503\"]\nignore = [\"GK5\"]\n",
            set(&["GK503"]),
        ),
        ("ignore = [\"GK6\", \"GK2\"]\n", set(&["GK503"])),
    ];
    for (config, expected) in cases {
        let dir = project(&[("wenshen.toml", config), ("plan.txt", PLAN)]);
        assert_eq!(codes(dir.path(), &["plan.txt"]), expected, "{config}");
    }
}

#[test]
fn command_line_select_replaces_and_ignore_extends_the_configs() {
    let dir = project(&[
        ("wenshen.toml", "select = [\"GK201\"]\nignore = [\"GK6\"]\n"),
        ("plan.txt", PLAN),
    ]);
    assert_eq!(
        codes(dir.path(), &["plan.txt", "--select", "GK503,GK201"]),
        set(&["GK201", "GK503"])
    );
    assert_eq!(
        codes(
            dir.path(),
            &["plan.txt", "--select", "GK2,GK5", "--ignore", "GK503"]
        ),
        set(&["GK201"])
    );
}

#[test]
fn a_severity_override_changes_the_finding_and_the_exit_code() {
    let dir = project(&[
        (
            "wenshen.toml",
            "select = [\"GK201\"]\n[rules.GK201]\nseverity = \"info\"\n",
        ),
        ("plan.txt", PLAN),
    ]);
    let found = findings(dir.path(), &["plan.txt"]);
    assert_eq!(
        found
            .into_iter()
            .map(|(_, _, severity)| severity)
            .collect::<Vec<_>>(),
        ["info"]
    );
    assert_eq!(wenshen(dir.path(), &["check", "plan.txt"]).code, 0);
}

#[test]
fn parameters_come_from_the_config_and_the_command_line_wins() {
    let dir = project(&[
        ("wenshen.toml", "[rules.GK201]\nmin = \"10d\"\n"),
        ("plan.txt", PLAN),
    ]);
    // 15 days is not shorter than 10.
    assert!(!codes(dir.path(), &["plan.txt"]).contains("GK201"));
    assert!(codes(dir.path(), &["plan.txt", "--set", "GK201.min=20d"]).contains("GK201"));
}

#[test]
fn rule_dirs_add_rules_to_the_bundled_pack() {
    let rule = fs::read_to_string("tests/fixtures/config/my-rules/GK901-placeholder-left-in.rule")
        .expect("fixture rule");
    let plan = PLAN.replace("市数局", "XX单位");
    let dir = project(&[
        ("wenshen.toml", "rule-dirs = [\"my-rules\"]\n"),
        ("my-rules/GK901-placeholder-left-in.rule", &rule),
        ("plan.txt", &plan),
    ]);
    let found = codes(dir.path(), &["plan.txt"]);
    assert!(
        found.contains("GK901") && found.contains("GK201"),
        "{found:?}"
    );
    // The directory is relative to the config file, not to the current directory.
    let sub = dir.path().join("sub");
    fs::create_dir_all(&sub).expect("directory");
    assert!(codes(&sub, &["../plan.txt"]).contains("GK901"));
}

#[test]
fn per_file_ignores_apply_to_matching_paths_relative_to_the_config() {
    let dir = project(&[
        (
            "wenshen.toml",
            "[per-file-ignores]\n\"legacy/**\" = [\"GK2\", \"GK6\"]\n",
        ),
        ("legacy/old.txt", PLAN),
        ("current/new.txt", PLAN),
    ]);
    let found = findings(dir.path(), &["legacy", "current"]);
    let in_file = |file: &str| -> BTreeSet<String> {
        found
            .iter()
            .filter(|(name, _, _)| name.contains(file))
            .map(|(_, code, _)| code.clone())
            .collect()
    };
    assert_eq!(in_file("old.txt"), set(&["GK503"]));
    assert!(in_file("new.txt").contains("GK201"));
    // Run from inside legacy/ the file is `old.txt`, still legacy/old.txt to the config.
    let inside = codes(&dir.path().join("legacy"), &["old.txt"]);
    assert_eq!(inside, set(&["GK503"]));
}

#[test]
fn the_units_registry_extends_the_alias_table_of_the_unit_rule() {
    let plain = project(&[("plan.txt", PLAN)]);
    let count = |dir: &Path| findings(dir, &["plan.txt", "--select", "GK503"]).len();
    // Only 市卫生健康局 / 市卫健委 are in the bundled table.
    assert_eq!(count(plain.path()), 1);
    let registry = project(&[
        ("wenshen.toml", "[units]\n\"市数据局\" = [\"市数局\"]\n"),
        ("plan.txt", PLAN),
    ]);
    assert_eq!(count(registry.path()), 2);
    let run = wenshen(
        registry.path(),
        &["check", "plan.txt", "--select", "GK503", "--width", "110"],
    );
    assert!(
        run.stdout
            .contains("同一单位有两种写法：“市数据局”和“市数局”"),
        "{}",
        run.stdout
    );
}

/// The rendered error of a bad config, as the user sees it on stderr; stdout stays empty.
fn config_error(config: &str) -> String {
    let dir = project(&[("wenshen.toml", config), ("plan.txt", PLAN)]);
    let run = wenshen(
        dir.path(),
        &["check", "plan.txt", "--config", "wenshen.toml"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    run.stderr
}

#[test]
fn an_unknown_key_is_an_error_with_its_span_and_a_suggestion() {
    insta::assert_snapshot!(config_error("selct = [\"GK5\"]\nignore = []\n"));
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_with_its_span() {
    insta::assert_snapshot!(config_error("select = \"GK5\"\n"));
}

#[test]
fn codes_severities_and_parameters_are_checked_against_the_rules() {
    insta::assert_snapshot!(config_error(
        "select = [\"GK9\", \"GK5\"]\n\n[rules.GK2011]\nseverity = \"info\"\n\n[rules.GK201]\nmni = \"20d\"\nseverity = \"fatal\"\n\n[per-file-ignores]\n\"legacy/**\" = [\"GK50l\"]\n"
    ));
}

#[test]
fn a_bad_code_on_the_command_line_is_an_error() {
    let dir = project(&[("plan.txt", PLAN)]);
    let run = wenshen(dir.path(), &["check", "plan.txt", "--select", "GK2011"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn init_writes_a_starter_that_parses_back_and_never_overwrites() {
    let dir = project(&[("plan.txt", PLAN)]);
    let run = wenshen(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let starter = fs::read_to_string(dir.path().join("wenshen.toml")).expect("written");
    // The starter parses, checks, and changes nothing: the same findings as no config at all.
    assert_eq!(
        findings(dir.path(), &["plan.txt"]),
        findings(dir.path(), &["plan.txt", "--no-config"])
    );
    // Its commented examples parse too, once uncommented: the commented lines that are TOML.
    let example = regex::Regex::new(
        r#"^# (\[[a-z-]+(\.GK\d+)?\]|"[^"]+" = \[.*\]|[a-z-]+ = ("[^"]*"|\[.*\]))$"#,
    )
    .expect("a valid regex");
    let uncommented: String = starter
        .lines()
        .map(|line| match example.is_match(line) {
            true => format!("{}\n", &line[2..]),
            false => format!("{line}\n"),
        })
        .collect();
    assert_ne!(uncommented, starter);
    fs::write(dir.path().join("examples.toml"), &uncommented).expect("written");
    let run = wenshen(
        dir.path(),
        &["check", "plan.txt", "--config", "examples.toml"],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);

    let again = wenshen(dir.path(), &["init"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("wenshen.toml")).expect("still there"),
        starter
    );
}

#[test]
fn init_creates_the_folder_it_is_given() {
    let dir = project(&[("plan.txt", PLAN)]);
    let run = wenshen(dir.path(), &["init", "县区/2023 要点"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = fs::read_to_string(dir.path().join("县区/2023 要点/wenshen.toml")).unwrap();
    assert!(written.starts_with("# wenshen 配置文件"));
}

#[test]
fn a_baseline_suppresses_known_findings_and_survives_edits_elsewhere() {
    let dir = project(&[("plan.txt", PLAN)]);
    let before = findings(dir.path(), &["plan.txt", "--no-config"]);
    assert!(!before.is_empty());

    let write = wenshen(
        dir.path(),
        &[
            "check",
            "plan.txt",
            "--no-config",
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert!(
        write
            .stderr
            .contains(&format!("已将 {} 条发现记入基线", before.len())),
        "{}",
        write.stderr
    );
    let baseline = fs::read_to_string(dir.path().join("baseline.json")).expect("written");
    let parsed: serde_json::Value = serde_json::from_str(&baseline).expect("JSON");
    assert_eq!(parsed["version"], 1);
    let keys = parsed["findings"].as_array().expect("findings");
    assert_eq!(keys.len(), before.len());
    let order: Vec<(String, String, String, String, u64)> = keys
        .iter()
        .map(|key| {
            let text = |name: &str| key[name].as_str().unwrap_or_default().to_string();
            let occurrence = key["occurrence"].as_u64().unwrap_or_default();
            (
                text("file"),
                text("code"),
                text("text"),
                text("context"),
                occurrence,
            )
        })
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{order:?}");

    // Written again from the same findings, the file is byte for byte the same.
    wenshen(
        dir.path(),
        &[
            "check",
            "plan.txt",
            "--no-config",
            "--write-baseline",
            "again.json",
        ],
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("again.json")).expect("written"),
        baseline
    );

    // A paragraph inserted at the top moves every offset and line; a new violation is added.
    let edited = PLAN
        .replacen(
            "一、深化重点领域信息公开\n",
            "为做好本年度政务公开工作，制定本要点。\n\n一、深化重点领域信息公开\n",
            1,
        )
        .replace(
            "5. 做好数据共享工作。（责任单位：市数局；完成时限：2022年12月底前）\n",
            "5. 做好数据共享工作。（责任单位：市数局；完成时限：2022年12月底前）\n6. 重大行政决策草案公开征求意见，征求意见期限为20日。（责任单位：市司法局；完成时限：2022年12月底前）\n",
        );
    fs::write(dir.path().join("plan.txt"), edited).expect("edited");
    let args = ["plan.txt", "--no-config", "--baseline", "baseline.json"];
    let after = findings(dir.path(), &args);
    assert_eq!(
        after
            .iter()
            .map(|(_, code, _)| code.as_str())
            .collect::<Vec<_>>(),
        ["GK201"]
    );
    let run = wenshen(
        dir.path(),
        &[
            "check",
            "plan.txt",
            "--no-config",
            "--baseline",
            "baseline.json",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("征求意见期限20日"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains(&format!("基线已抑制 {} 条已知发现", before.len())),
        "{}",
        run.stderr
    );

    // Paths are recorded relative to the baseline file: it holds from any working directory.
    let sub = dir.path().join("sub");
    fs::create_dir_all(&sub).expect("directory");
    let from_sub = findings(
        &sub,
        &[
            "../plan.txt",
            "--no-config",
            "--baseline",
            "../baseline.json",
        ],
    );
    assert_eq!(
        from_sub
            .iter()
            .map(|(_, code, _)| code.as_str())
            .collect::<Vec<_>>(),
        ["GK201"]
    );
}

#[test]
fn a_malformed_baseline_is_a_coded_error() {
    let dir = project(&[
        ("plan.txt", PLAN),
        ("baseline.json", "{\"version\": 9, \"findings\": []}"),
    ]);
    let run = wenshen(
        dir.path(),
        &["check", "plan.txt", "--baseline", "baseline.json"],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_baseline_that_cannot_be_written_stops_the_run_before_it_starts() {
    let dir = project(&[("plan.txt", PLAN)]);
    let run = wenshen(
        dir.path(),
        &[
            "check",
            "plan.txt",
            "--no-config",
            "--write-baseline",
            "no-such-directory/baseline.json",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("B001"), "{}", run.stderr);
    assert!(
        run.stderr.contains("no-such-directory/baseline.json"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "nothing is checked or reported");
}

#[test]
fn a_written_baseline_is_readable_by_others() {
    let dir = project(&[("plan.txt", PLAN)]);
    let run = wenshen(
        dir.path(),
        &[
            "check",
            "plan.txt",
            "--no-config",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.path().join("b.json"))
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("listed")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "plan.txt" && name != "b.json")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Every mistake of the file and of the flags in one run, each a C-code at its TOML line or its
/// flag: none is blamed on a bundled rule file (`R011` pointing into `rules/…`), which a user of
/// an installed wenshen does not have.
#[test]
fn every_configuration_mistake_is_reported_at_once_where_it_was_made() {
    let config = "selct = [\"GK5\"]\nignre = [\"GK503\"]\n\n[rules.GK202]\nmin = \"abc\"\n\n[rules.GK201]\nmin = 15\n";
    let dir = project(&[("wenshen.toml", config), ("plan.txt", PLAN)]);
    let run = wenshen(
        dir.path(),
        &[
            "check",
            "plan.txt",
            "--config",
            "wenshen.toml",
            "--select",
            "GK2011",
            "--set",
            "GK201.min=15",
            "--set",
            "GK201.mn=15d",
            "--set",
            "GK999.min=15d",
            "--set",
            "GK201",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let codes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with('C') && line.len() == 4)
        .collect();
    assert_eq!(
        codes,
        [
            "C002", "C002", "C007", "C007", "C004", "C007", "C006", "C004", "C007"
        ],
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("R011"), "{}", run.stderr);
    assert!(!run.stderr.contains(".rule"), "{}", run.stderr);
    assert!(run.stderr.contains("配置中有 9 处错误"), "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}
