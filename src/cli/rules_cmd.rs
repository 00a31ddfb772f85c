//! `wenshen rules list|explain|test|check`: the rule author's commands. `list` and `explain` show
//! the rules a `check` would run (configuration applied); `test` runs the rules' embedded pass/fail
//! examples like a test runner; `check` parses and type-checks rule files without running them.
//! With no subcommand, `wenshen rules` lists.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use miette::Diagnostic;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::config::{ConfigArgs, ConfigCode, ConfigError, Settings, did_you_mean};
use crate::engine::examples::{ExampleOutcome, describe, run_examples};
use crate::engine::trace::Shown;
use crate::engine::{Calendar, Checked, Engine, Parsed};
use crate::report::human::{self, Style};
use crate::rules::ir::{Rule, RuleExample};
use crate::rules::{self, RuleSet, RuleSource};
use crate::source::Span;

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(subcommand)]
    pub command: Option<RulesCommand>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// 列出规则：代码、标题、级别、范围、名称、依据（已应用配置）。
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// 说明一条规则：作用、依据、参数及默认值、示例；或说明规则语言（R005）、配置（C007）的错误代码。
    Explain {
        /// 规则代码，如 GK201；或错误代码，如 R005、C007。
        code: String,
    },
    /// 运行规则自带的通过/不通过示例，逐条报告 ok 或 FAILED；失败时退出码为 1。
    /// 给出 PATH 且规则旁有 snapshots/ 目录（或加 --accept）时，还比对每条规则示例的发现快照。
    Test {
        /// 规则文件或目录（默认：检查时使用的规则，含配置中的 rule-dirs）。
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// 把新的或变化了的快照写入规则旁的 snapshots/CODE.snap（请先审阅差异）。
        #[arg(long)]
        accept: bool,
        /// 测试报告的格式。
        #[arg(long, value_enum, default_value = "human")]
        format: TestFormat,
    },
    /// 在一个文件上逐个元素说明规则为何报告或不报告：where 各项的值、捕获的分组、require 的值。
    Trace {
        /// 规则代码，如 GK201。
        code: String,
        /// 要检查的文件（跨文档规则：第一个文件是 doc，其余依次是 other）。
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// 解析并检查规则文件（语法、名称、类型、参数），不运行。
    Check {
        /// 规则文件或目录。
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    Human,
    Json,
}

/// Runs `rules`: 0 on success, 1 when an example fails, 2 when the rules or the configuration do
/// not load or a code is unknown.
pub fn run(args: RulesArgs) -> i32 {
    let command = args.command.unwrap_or(RulesCommand::List {
        format: ListFormat::Table,
    });
    let output = match command {
        RulesCommand::Check { paths } => return check(&paths),
        RulesCommand::Test {
            paths,
            accept,
            format,
        } if !paths.is_empty() => {
            match read_rule_paths(&paths).map(|sources| rules::load(&sources, &[])) {
                Err(message) => return usage(&message),
                Ok(Err(errors)) => return rule_errors(&errors),
                Ok(Ok(rule_set)) => test(&rule_set, Snapshots::Beside { accept }, format),
            }
        }
        command => {
            let settings = match Settings::load(&args.config) {
                Ok(settings) => settings,
                Err(failure) => return failure.report(),
            };
            match command {
                RulesCommand::List { format } => (list(&settings.rules, format), 0),
                RulesCommand::Explain { code } => match explain(&settings, &code) {
                    Ok(text) => (text, 0),
                    Err(error) => {
                        super::report_to_stderr([&error as &dyn Diagnostic]);
                        return super::EXIT_FAILURE;
                    }
                },
                RulesCommand::Test { format, .. } => test(&settings.rules, Snapshots::Off, format),
                RulesCommand::Trace { code, files } => match trace(&settings, &code, &files) {
                    Ok(text) => (text, 0),
                    Err(code) => return code,
                },
                RulesCommand::Check { paths } => return check(&paths),
            }
        }
    };
    let (text, code) = output;
    super::finish_output(std::io::stdout().write_all(text.as_bytes()), code)
}

fn usage(message: &str) -> i32 {
    eprintln!("wenshen rules: {message}");
    super::EXIT_FAILURE
}

fn rule_errors(errors: &rules::RuleErrors) -> i32 {
    super::report_to_stderr(errors.errors.iter().map(|error| error as &dyn Diagnostic));
    eprintln!("规则中有 {} 处错误", errors.errors.len());
    super::EXIT_FAILURE
}

/// The `.rule` files named, directories expanded to the `.rule` files directly in them.
fn read_rule_paths(paths: &[PathBuf]) -> Result<Vec<RuleSource>, String> {
    let mut sources = Vec::new();
    for path in paths {
        if path.is_dir() {
            sources.extend(super::check::read_rule_dir(path)?);
        } else {
            let text = crate::source::read_text(path)
                .map_err(|error| format!("无法读取规则文件 {}：{error}", path.display()))?;
            sources.push(RuleSource {
                name: path.display().to_string(),
                text,
            });
        }
    }
    Ok(sources)
}

fn check(paths: &[PathBuf]) -> i32 {
    let sources = match read_rule_paths(paths) {
        Ok(sources) => sources,
        Err(message) => return usage(&message),
    };
    match rules::load(&sources, &[]) {
        Ok(rule_set) => {
            let definitions = sources
                .iter()
                .filter(|source| source.name.ends_with(".defs") || source.name.ends_with(".list"))
                .count();
            let shared = if definitions > 0 {
                format!("（另有 {definitions} 个定义文件）")
            } else {
                String::new()
            };
            println!(
                "OK：{} 个规则文件{shared}，{} 条规则，无错误",
                sources.len() - definitions,
                rule_set.rules.len()
            );
            super::EXIT_SUCCESS
        }
        Err(errors) => rule_errors(&errors),
    }
}

#[derive(Serialize)]
struct ListedRule<'a> {
    code: &'a str,
    name: &'a str,
    title: &'a str,
    severity: &'a str,
    scope: String,
    basis: &'a str,
    file: &'a str,
    params: Vec<(String, String)>,
}

fn scope_name(rule: &Rule) -> String {
    format!("{:?}", rule.scope).to_lowercase()
}

fn list(rule_set: &RuleSet, format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let listed: Vec<ListedRule<'_>> = rule_set
                .rules
                .iter()
                .map(|rule| ListedRule {
                    code: &rule.code,
                    name: &rule.name,
                    title: &rule.title,
                    severity: rule.severity.as_str(),
                    scope: scope_name(rule),
                    basis: &rule.basis,
                    file: &rule.file,
                    params: rule
                        .params
                        .iter()
                        .map(|(name, value)| (name.clone(), value.to_string()))
                        .collect(),
                })
                .collect();
            // Serializing strings and numbers cannot fail.
            let mut text = serde_json::to_string_pretty(&listed).unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Table => {
            // The title beside the code and the severity in words, as the reports show them; the
            // scope and the English name are what a rule file and a configuration write.
            let rows: Vec<[String; 6]> =
                std::iter::once(["代码", "标题", "级别", "范围", "名称", "依据"].map(String::from))
                    .chain(rule_set.rules.iter().map(|rule| {
                        [
                            rule.code.clone(),
                            rule.shown_title().to_string(),
                            rule.severity.in_words().to_string(),
                            scope_name(rule),
                            rule.name.clone(),
                            rule.basis.clone(),
                        ]
                    }))
                    .collect();
            let mut widths = [0; 5];
            for row in &rows {
                for (width, cell) in widths.iter_mut().zip(row) {
                    *width = (*width).max(cell.width());
                }
            }
            let mut out = String::new();
            for row in &rows {
                for (cell, width) in row.iter().zip(widths) {
                    // Padding by display width: Chinese headings take two columns a character.
                    out.push_str(cell);
                    out.push_str(&" ".repeat(width - cell.width() + 2));
                }
                out.push_str(&row[5]);
                out.push('\n');
            }
            out.push_str(&format!("共 {} 条规则\n", rule_set.rules.len()));
            out
        }
    }
}

fn explain(settings: &Settings, code: &str) -> Result<String, ConfigError> {
    if let Some(known) = rules::RuleCode::parse(code) {
        return Ok(format!(
            "{} {}\n\n{}\n",
            known.as_str(),
            known.title(),
            known.explanation()
        ));
    }
    if let Some(known) = ConfigCode::parse(code) {
        return Ok(format!(
            "{} {}\n\n{}\n",
            known.as_str(),
            known.title(),
            known.explanation()
        ));
    }
    let Some(rule) = settings
        .defaults
        .rules
        .iter()
        .find(|rule| rule.code == code)
    else {
        return Err(unknown_code(code, &settings.defaults, ""));
    };
    let configured = settings.rules.rules.iter().find(|r| r.code == rule.code);
    let mut out = format!("{} {}\n", rule.code, rule.shown_title());
    out.push_str(&format!("名称：{}\n", rule.name));
    let severity = match configured {
        None => format!("{}（本配置未启用）", rule.severity.in_words()),
        Some(now) if now.severity != rule.severity => format!(
            "{}（配置改为{}）",
            rule.severity.in_words(),
            now.severity.in_words()
        ),
        Some(_) => rule.severity.in_words().to_string(),
    };
    out.push_str(&format!("级别：{severity}\n"));
    out.push_str(&format!("范围：{}\n", scope_name(rule)));
    out.push_str(&format!("文件：{}\n", rule.file));
    out.push_str(&format!("依据：{}\n", rule.basis));
    out.push('\n');
    for line in rule.doc.trim().lines() {
        out.push_str(&format!("{}\n", line.trim_end()));
    }
    out.push_str("\n参数：");
    if rule.params.is_empty() {
        out.push_str("无\n");
    } else {
        out.push('\n');
        for (name, default) in &rule.params {
            let current = configured
                .and_then(|now| now.params.iter().find(|(n, _)| n == name))
                .map(|(_, value)| value.to_string());
            match current {
                Some(value) if value != default.to_string() => {
                    out.push_str(&format!("  {name} = {value}（默认 {default}）\n"));
                }
                _ => out.push_str(&format!("  {name} = {default}（默认）\n")),
            }
        }
    }
    for example in &rule.examples {
        out.push('\n');
        out.push_str(&example_heading(example));
        for line in example.text.trim_end().lines() {
            out.push_str(&format!("  │ {line}\n"));
        }
    }
    Ok(out)
}

/// The error for a code that names no rule of `rule_set`, with the nearest code.
fn unknown_code(code: &str, rule_set: &RuleSet, note: &str) -> ConfigError {
    let codes: Vec<&str> = rule_set
        .rules
        .iter()
        .map(|rule| rule.code.as_str())
        .chain(rules::RuleCode::ALL.iter().map(|code| code.as_str()))
        .chain(ConfigCode::ALL.iter().map(|code| code.as_str()))
        .collect();
    ConfigError {
        code: ConfigCode::C004.as_str(),
        message: format!("没有代码为 {code} 的规则{note}"),
        span: None,
        label: String::new(),
        help: Some(did_you_mean(code, &codes).map_or_else(
            || "用 `wenshen rules list` 查看规则代码".to_string(),
            |near| format!("是否想查 {near}？用 `wenshen rules list` 查看规则代码"),
        )),
        source: None,
    }
}

fn example_heading(example: &RuleExample) -> String {
    let settings: Vec<String> = example
        .settings
        .iter()
        .map(|(name, value)| format!("{name} = {value}"))
        .collect();
    let with = if settings.is_empty() {
        String::new()
    } else {
        format!("，参数 {}", settings.join("，"))
    };
    if example.passes {
        return format!("通过示例（第 {} 行，不应有发现{with}）：\n", example.line);
    }
    let mut expected: Vec<String> = example
        .expected
        .iter()
        .map(|expected| {
            let mut parts = Vec::new();
            if let Some(at) = &expected.at {
                parts.push(format!("标注“{at}”"));
            }
            if let Some(saying) = &expected.saying {
                parts.push(format!("消息“{saying}”"));
            }
            parts.join("、")
        })
        .collect();
    if let Some(count) = example.count {
        expected.insert(0, format!("{count} 条"));
    }
    let expected = if expected.is_empty() {
        String::new()
    } else {
        format!("：{}", expected.join("；"))
    };
    format!(
        "不通过示例（第 {} 行，应有发现{expected}{with}）：\n",
        example.line
    )
}

/// `rules trace CODE FILE…`: the rule's evaluation on each element of its scope.
fn trace(settings: &Settings, code: &str, files: &[PathBuf]) -> Result<String, i32> {
    let Some(rule) = settings.rules.rules.iter().find(|rule| rule.code == code) else {
        let error = unknown_code(code, &settings.rules, "（或本配置未启用）");
        super::report_to_stderr([&error as &dyn Diagnostic]);
        return Err(super::EXIT_FAILURE);
    };
    let mut parsed = Vec::new();
    for file in files {
        match crate::source::read_path(file) {
            Ok(source) => parsed.push(Parsed {
                document: crate::document::parse(&source),
                source,
            }),
            Err(error) => {
                super::report_to_stderr([&error as &dyn Diagnostic]);
                return Err(super::EXIT_FAILURE);
            }
        }
    }
    let engine = Engine::new(settings.rules.clone(), Calendar::bundled());
    let steps = engine.trace(rule, &parsed);
    let rule_text = rule_source_text(rule);
    let in_rule = |span: Span| -> String {
        let text = rule_text
            .as_deref()
            .and_then(|text| text.get(span.range()))
            .unwrap_or("…");
        shorten(&text.split_whitespace().collect::<Vec<_>>().join(" "), 60)
    };
    let source = &parsed[0].source;
    let lines = source.line_index();
    let place = |shown: &Shown| -> String {
        shown.span.map_or_else(String::new, |span| {
            let at = lines.line_column(span.start());
            format!("{}:{}:{} ", source.name, at.line, at.column)
        })
    };
    let mut out = format!(
        "{} {}（{}）在 {} 上：scope {}，{} 个元素\n",
        rule.code,
        rule.name,
        rule.title,
        source.name,
        scope_name(rule),
        steps.len()
    );
    let mut fired = 0;
    for (index, step) in steps.iter().enumerate() {
        out.push_str(&format!(
            "\n#{} {}“{}”\n",
            index + 1,
            place(&step.element),
            shorten(&step.element.text, 40)
        ));
        for value in &step.lets {
            out.push_str(&format!(
                "  let     {} = {}\n",
                in_rule(value.rule_span),
                value.value.text
            ));
        }
        for term in &step.filter {
            let decided = if term.value.text == "true" {
                ""
            } else {
                "  ← 不适用"
            };
            out.push_str(&format!(
                "  where   {} → {}{decided}\n",
                in_rule(term.rule_span),
                term.value.text
            ));
        }
        for value in &step.late_lets {
            out.push_str(&format!(
                "  let     {} = {}\n",
                in_rule(value.rule_span),
                value.value.text
            ));
        }
        for (name, value) in &step.captures {
            out.push_str(&format!(
                "  捕获    {name} = “{}” {}\n",
                value.text,
                place(value).trim_end()
            ));
        }
        if let Some(require) = &step.require {
            out.push_str(&format!(
                "  require {} → {}\n",
                in_rule(rule.require.span),
                require.text
            ));
        }
        match &step.finding {
            Some(message) => {
                fired += 1;
                out.push_str(&format!("  → 发现：{message}\n"));
            }
            None if step.applies => out.push_str("  → 无发现（require 成立或未知）\n"),
            None => out.push_str("  → 无发现（where 不成立）\n"),
        }
    }
    out.push_str(&format!("\n共 {} 个元素，{fired} 条发现\n", steps.len()));
    Ok(out)
}

/// The text of the file a rule was loaded from, read again (a trace only quotes it); the
/// bundled pack's from the binary where its file is not at hand.
fn rule_source_text(rule: &Rule) -> Option<String> {
    std::fs::read_to_string(&rule.file).ok().or_else(|| {
        rules::BUNDLED
            .iter()
            .find(|(name, _)| rule.file == format!("rules/{name}"))
            .map(|(_, text)| (*text).to_string())
    })
}

/// At most `max` characters, with `…` where cut.
fn shorten(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() <= max && line.len() == text.len() {
        return line.to_string();
    }
    let kept: String = line.chars().take(max).collect();
    format!("{kept}…")
}

/// Whether `rules test` compares snapshots: off for the configured rules, beside the rule files
/// for rules named on the command line.
#[derive(Debug, Clone, Copy)]
enum Snapshots {
    Off,
    Beside { accept: bool },
}

/// What became of one rule's snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum SnapshotState {
    /// The rendered examples equal the snapshot.
    Unchanged,
    /// No snapshot yet (a failure until accepted).
    New,
    /// The rendered examples differ from the snapshot (a failure until accepted).
    Changed,
    /// Written by `--accept`.
    Accepted,
}

#[derive(Serialize)]
struct ExampleReport {
    name: String,
    location: String,
    passes: bool,
    ok: bool,
    failure: Option<String>,
    findings: Vec<String>,
}

#[derive(Serialize)]
struct SnapshotReport {
    path: String,
    state: SnapshotState,
    diff: Option<String>,
}

#[derive(Serialize)]
struct RuleReport {
    code: String,
    name: String,
    file: String,
    ok: bool,
    examples: Vec<ExampleReport>,
    snapshot: Option<SnapshotReport>,
}

#[derive(Serialize)]
struct TestReport {
    rules: Vec<RuleReport>,
    passed: usize,
    failed: usize,
}

/// The snapshot of a rule's examples: for each, its name, the parameters it sets and its
/// findings rendered as `check` renders them (human, no colour, 100 columns). The example
/// documents are named after the examples, so the text does not depend on where the rules lie.
pub fn snapshot_text(rule: &Rule, outcomes: &[ExampleOutcome]) -> String {
    let mut out = format!(
        "# {} {} 的示例快照：`wenshen rules test DIR` 比对，`--accept` 更新；提交前请审阅。\n",
        rule.code, rule.name
    );
    for (outcome, example) in outcomes.iter().zip(&rule.examples) {
        out.push_str(&format!("\n=== {}", outcome.name));
        for (name, value) in &example.settings {
            out.push_str(&format!(" with {name} = {value}"));
        }
        out.push('\n');
        if outcome.findings.is_empty() {
            out.push_str("（无发现）\n");
            continue;
        }
        let files = Checked::group(outcome.sources.clone(), outcome.findings.clone());
        out.push_str(&human::render_findings(&files, Style::default()));
    }
    out
}

/// Where the snapshot of a rule loaded from `rule.file` lies: `snapshots/CODE.snap` beside it.
pub fn snapshot_path(rule: &Rule) -> PathBuf {
    let dir = Path::new(&rule.file).parent().unwrap_or(Path::new(""));
    dir.join("snapshots").join(format!("{}.snap", rule.code))
}

/// A unified diff from the recorded snapshot to the rendered one.
pub fn snapshot_diff(recorded: &str, rendered: &str) -> String {
    similar::TextDiff::from_lines(recorded, rendered)
        .unified_diff()
        .header("快照", "本次")
        .to_string()
}

/// Compares (or with `accept` writes) one rule's snapshot; `Ok(None)` when snapshots are off.
fn snapshot(
    rule: &Rule,
    outcomes: &[ExampleOutcome],
    mode: Snapshots,
) -> Result<Option<SnapshotReport>, String> {
    let Snapshots::Beside { accept } = mode else {
        return Ok(None);
    };
    let path = snapshot_path(rule);
    let Some(dir) = path.parent() else {
        return Ok(None);
    };
    if !accept && !dir.is_dir() {
        return Ok(None);
    }
    let rendered = snapshot_text(rule, outcomes);
    let recorded = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(format!("无法读取快照 {}：{error}", path.display())),
    };
    let (state, diff) = match &recorded {
        Some(text) if *text == rendered => (SnapshotState::Unchanged, None),
        _ if accept => {
            std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&path, &rendered))
                .map_err(|error| format!("无法写入快照 {}：{error}", path.display()))?;
            (SnapshotState::Accepted, None)
        }
        Some(text) => (SnapshotState::Changed, Some(snapshot_diff(text, &rendered))),
        None => (SnapshotState::New, Some(snapshot_diff("", &rendered))),
    };
    Ok(Some(SnapshotReport {
        path: path.display().to_string(),
        state,
        diff,
    }))
}

/// Runs every rule's examples; the text is a test runner's report, the code 1 when one fails.
fn test(rule_set: &RuleSet, mode: Snapshots, format: TestFormat) -> (String, i32) {
    let engine = Engine::new(rule_set.clone(), Calendar::bundled());
    let mut reports = Vec::new();
    for rule in &rule_set.rules {
        let outcomes = run_examples(&engine, rule);
        let snapshot = match snapshot(rule, &outcomes, mode) {
            Ok(snapshot) => snapshot,
            Err(message) => {
                eprintln!("wenshen rules: {message}");
                return (String::new(), super::EXIT_FAILURE);
            }
        };
        let examples: Vec<ExampleReport> = outcomes
            .iter()
            .map(|outcome| ExampleReport {
                name: outcome.name.clone(),
                location: outcome.location.clone(),
                passes: outcome.passes,
                ok: outcome.failure.is_none(),
                failure: outcome.failure.clone(),
                findings: actual_lines(outcome),
            })
            .collect();
        let snapshot_ok = snapshot.as_ref().is_none_or(|snapshot| {
            matches!(
                snapshot.state,
                SnapshotState::Unchanged | SnapshotState::Accepted
            )
        });
        reports.push(RuleReport {
            code: rule.code.clone(),
            name: rule.name.clone(),
            file: rule.file.clone(),
            ok: snapshot_ok && examples.iter().all(|example| example.ok),
            examples,
            snapshot,
        });
    }
    let failed = reports.iter().filter(|report| !report.ok).count();
    let report = TestReport {
        passed: reports.len() - failed,
        failed,
        rules: reports,
    };
    let code = if failed > 0 { 1 } else { 0 };
    match format {
        TestFormat::Json => {
            // Serializing strings, numbers and booleans cannot fail.
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            (text, code)
        }
        TestFormat::Human => (render_test_report(rule_set, &report), code),
    }
}

fn render_test_report(rule_set: &RuleSet, report: &TestReport) -> String {
    let mut out = format!("运行 {} 条规则的示例\n", rule_set.rules.len());
    let mut failures = String::new();
    for (rule, rule_report) in rule_set.rules.iter().zip(&report.rules) {
        let verdict = if rule_report.ok { "ok" } else { "FAILED" };
        let snapshot_note = match rule_report.snapshot.as_ref().map(|s| s.state) {
            Some(SnapshotState::Accepted) => "（快照已写入）",
            Some(SnapshotState::New) => "（没有快照）",
            Some(SnapshotState::Changed) => "（快照有变化）",
            Some(SnapshotState::Unchanged) | None => "",
        };
        out.push_str(&format!(
            "{} {} ({} 个示例) ... {verdict}{snapshot_note}\n",
            rule.code,
            rule.name,
            rule_report.examples.len()
        ));
        for (example, written) in rule_report.examples.iter().zip(&rule.examples) {
            let Some(failure) = &example.failure else {
                continue;
            };
            failures.push_str(&format!(
                "\n---- {}（{}）----\n{failure}\n",
                example.name, example.location
            ));
            let expected = expected_lines(written);
            let actual: String = example
                .findings
                .iter()
                .map(|line| format!("{line}\n"))
                .collect();
            let diff = similar::TextDiff::from_lines(&expected, &actual);
            failures.push_str(
                &diff
                    .unified_diff()
                    .header("期望的发现", "实际的发现")
                    .to_string(),
            );
        }
        if let Some(snapshot) = &rule_report.snapshot
            && let Some(diff) = &snapshot.diff
        {
            let what = if snapshot.state == SnapshotState::New {
                "没有快照"
            } else {
                "快照有变化"
            };
            failures.push_str(&format!(
                "\n---- {} {what}：{} ----\n审阅下面的差异；无误时用 `wenshen rules test --accept` 写入\n{diff}",
                rule.code, snapshot.path
            ));
        }
    }
    if !failures.is_empty() {
        out.push_str("\n失败：\n");
        out.push_str(&failures);
        out.push('\n');
    }
    out.push_str(&format!(
        "{} passed, {} failed\n",
        report.passed, report.failed
    ));
    out
}

/// What an example expects, one line per finding, in the form of [`actual_lines`].
fn expected_lines(example: &RuleExample) -> String {
    if example.passes {
        return String::new();
    }
    if example.expected.is_empty() {
        return "“…”：…\n".to_string();
    }
    example
        .expected
        .iter()
        .map(|expected| format!("{}\n", describe(expected)))
        .collect()
}

fn actual_lines(outcome: &ExampleOutcome) -> Vec<String> {
    outcome
        .labelled_texts()
        .iter()
        .zip(&outcome.findings)
        .map(|(text, finding)| format!("“{text}”：{}", finding.message))
        .collect()
}
