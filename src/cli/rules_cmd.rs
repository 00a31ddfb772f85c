//! `wenshen rules list|explain|test|check`: the rule author's commands. `list` and `explain` show
//! the rules a `check` would run (configuration applied); `test` runs the rules' embedded pass/fail
//! examples like a test runner; `check` parses and type-checks rule files without running them.
//! With no subcommand, `wenshen rules` lists.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use miette::Diagnostic;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::config::{ConfigArgs, ConfigError, Settings, did_you_mean};
use crate::engine::examples::{ExampleOutcome, run_examples};
use crate::engine::{Calendar, Engine};
use crate::rules::ir::{Rule, RuleExample};
use crate::rules::{self, RuleSet, RuleSource};

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(subcommand)]
    pub command: Option<RulesCommand>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// 列出规则：代码、级别、范围、名称、依据（已应用配置）。
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// 说明一条规则：作用、依据、参数及默认值、示例。
    Explain {
        /// 规则代码，如 GK201。
        code: String,
    },
    /// 运行规则自带的通过/不通过示例，逐条报告 ok 或 FAILED；失败时退出码为 1。
    Test {
        /// 规则文件或目录（默认：检查时使用的规则，含配置中的 rule-dirs）。
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
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

/// Runs `rules`: 0 on success, 1 when an example fails, 2 when the rules or the configuration do
/// not load or a code is unknown.
pub fn run(args: RulesArgs) -> i32 {
    let command = args.command.unwrap_or(RulesCommand::List {
        format: ListFormat::Table,
    });
    let output = match command {
        RulesCommand::Check { paths } => return check(&paths),
        RulesCommand::Test { paths } if !paths.is_empty() => {
            match read_rule_paths(&paths).map(|sources| rules::load(&sources, &[])) {
                Err(message) => return usage(&message),
                Ok(Err(errors)) => return rule_errors(&errors),
                Ok(Ok(rule_set)) => test(&rule_set),
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
                _ => test(&settings.rules),
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
            println!(
                "OK：{} 个规则文件，{} 条规则，无错误",
                sources.len(),
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
            let rows: Vec<[String; 5]> =
                std::iter::once(["代码", "级别", "范围", "名称", "依据"].map(String::from))
                    .chain(rule_set.rules.iter().map(|rule| {
                        [
                            rule.code.clone(),
                            rule.severity.as_str().to_string(),
                            scope_name(rule),
                            rule.name.clone(),
                            rule.basis.clone(),
                        ]
                    }))
                    .collect();
            let mut widths = [0; 4];
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
                out.push_str(&row[4]);
                out.push('\n');
            }
            out.push_str(&format!("共 {} 条规则\n", rule_set.rules.len()));
            out
        }
    }
}

fn explain(settings: &Settings, code: &str) -> Result<String, ConfigError> {
    let Some(rule) = settings
        .defaults
        .rules
        .iter()
        .find(|rule| rule.code == code)
    else {
        let codes: Vec<&str> = settings
            .defaults
            .rules
            .iter()
            .map(|rule| rule.code.as_str())
            .collect();
        return Err(ConfigError {
            code: "C004",
            message: format!("没有代码为 {code} 的规则"),
            span: None,
            label: String::new(),
            help: Some(did_you_mean(code, &codes).map_or_else(
                || "用 `wenshen rules list` 查看规则代码".to_string(),
                |near| format!("是否想查 {near}？用 `wenshen rules list` 查看规则代码"),
            )),
            source: None,
        });
    };
    let configured = settings.rules.rules.iter().find(|r| r.code == rule.code);
    let mut out = format!("{} {}\n", rule.code, rule.name);
    let severity = match configured {
        None => format!("{}（本配置未启用）", rule.severity.as_str()),
        Some(now) if now.severity != rule.severity => format!(
            "{}（配置改为 {}）",
            rule.severity.as_str(),
            now.severity.as_str()
        ),
        Some(_) => rule.severity.as_str().to_string(),
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

fn example_heading(example: &RuleExample) -> String {
    if example.passes {
        return "通过示例（不应有发现）：\n".to_string();
    }
    let mut expected = Vec::new();
    if let Some(span) = &example.expect_span {
        expected.push(format!("标注“{span}”"));
    }
    if let Some(message) = &example.expect_message {
        expected.push(format!("消息“{message}”"));
    }
    if expected.is_empty() {
        "不通过示例（应有发现）：\n".to_string()
    } else {
        format!("不通过示例（应有发现，{}）：\n", expected.join("，"))
    }
}

/// Runs every rule's examples; the text is a test runner's report, the code 1 when one fails.
fn test(rule_set: &RuleSet) -> (String, i32) {
    let mut out = format!("运行 {} 条规则的示例\n", rule_set.rules.len());
    let mut failures = String::new();
    let mut failed = 0;
    let engine = Engine::new(rule_set.clone(), Calendar::bundled());
    for rule in &rule_set.rules {
        let outcomes = run_examples(&engine, rule);
        let broken: Vec<(&ExampleOutcome, &RuleExample)> = outcomes
            .iter()
            .zip(&rule.examples)
            .filter(|(outcome, _)| outcome.failure.is_some())
            .collect();
        let verdict = if broken.is_empty() { "ok" } else { "FAILED" };
        out.push_str(&format!(
            "{} {} ({} 个示例) ... {verdict}\n",
            rule.code,
            rule.name,
            outcomes.len()
        ));
        if broken.is_empty() {
            continue;
        }
        failed += 1;
        for (outcome, example) in broken {
            failures.push_str(&format!(
                "\n---- {} ----\n{}\n",
                outcome.name,
                outcome.failure.as_deref().unwrap_or_default()
            ));
            let expected = expected_lines(example);
            let actual = actual_lines(outcome);
            let diff = similar::TextDiff::from_lines(&expected, &actual);
            failures.push_str(
                &diff
                    .unified_diff()
                    .header("期望的发现", "实际的发现")
                    .to_string(),
            );
        }
    }
    if !failures.is_empty() {
        out.push_str("\n失败：\n");
        out.push_str(&failures);
        out.push('\n');
    }
    out.push_str(&format!(
        "{} passed, {failed} failed\n",
        rule_set.rules.len() - failed
    ));
    (out, if failed > 0 { 1 } else { 0 })
}

/// What an example expects, one line per finding, in the form of [`actual_lines`].
fn expected_lines(example: &RuleExample) -> String {
    if example.passes {
        return String::new();
    }
    format!(
        "“{}”：{}\n",
        example.expect_span.as_deref().unwrap_or("…"),
        example.expect_message.as_deref().unwrap_or("…")
    )
}

fn actual_lines(outcome: &ExampleOutcome) -> String {
    outcome
        .findings
        .iter()
        .map(|finding| {
            let text = outcome
                .sources
                .iter()
                .find(|source| source.name == finding.file)
                .and_then(|source| source.text.get(finding.span.range()))
                .unwrap_or_default();
            format!("“{text}”：{}\n", finding.message)
        })
        .collect()
}
