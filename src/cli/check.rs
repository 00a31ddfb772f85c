//! `wenshen check PATHS... [--rules DIR] [--format human|json] [--jobs N]`: parse, check, report.
//!
//! Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage, rule or input errors.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::engine::{Calendar, Engine};
use crate::report::{self, human::Style};
use crate::rules::{RuleErrors, RuleSource, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Check plans and notices against the rule pack.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (directories are searched for .txt and .md files).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Worker threads (default: all cores). The output is identical for any value.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// A holiday file extending the bundled calendar (format of rules/data/holidays-cn.txt).
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// Render width of the human report.
    #[arg(long, default_value_t = 100)]
    pub width: usize,
    #[command(flatten)]
    pub config: super::config::ConfigArgs,
    #[command(flatten)]
    pub baseline: super::baseline::BaselineArgs,
}

/// Runs `check` and returns the exit code.
pub fn run(args: CheckArgs) -> i32 {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let style = Style {
        color,
        width: args.width,
    };
    let settings = match super::config::Settings::load(&args.config) {
        Ok(settings) => settings,
        Err(super::config::Failure::Rules(errors)) => {
            return rule_errors(&errors, args.format, style);
        }
        Err(failure) => return failure.report(),
    };
    let mut calendar = Calendar::bundled();
    if let Some(path) = &args.calendar {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => return usage(&format!("无法读取日历文件 {}：{error}", path.display())),
        };
        if let Err(errors) = calendar.extend(&text) {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("{}:{}: {}", path.display(), e.line, e.message))
                .collect();
            return usage(&lines.join("\n"));
        }
    }
    let collected = super::inputs::collect(&args.paths);
    let mut input_errors = collected.errors;
    let mut inputs = Vec::new();
    for read in super::inputs::read_all(&collected.files) {
        match read {
            Ok(source) => inputs.push(source),
            Err(error) => input_errors.push(error),
        }
    }
    if !input_errors.is_empty() {
        super::report_to_stderr(
            input_errors
                .iter()
                .map(|error| error as &dyn miette::Diagnostic),
        );
    }
    let engine = Engine::new(settings.rules, calendar).with_unit_groups(&settings.units);
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        builder = builder.num_threads(jobs.max(1));
    }
    let mut files = match builder.build() {
        Ok(pool) => pool.install(|| engine.check(inputs)),
        Err(_) => engine.check(inputs),
    };
    settings.file_ignores.apply(&mut files);
    if let Err(code) = super::baseline::run(&args.baseline, &mut files) {
        return code;
    }
    let output = match args.format {
        Format::Human => report::human::render_findings(&files, style),
        Format::Json => report::json::render_findings(&files),
    };
    let code = if !input_errors.is_empty() {
        2
    } else if report::findings(&files).any(|finding| finding.severity == Severity::Error) {
        1
    } else {
        0
    };
    // `wenshen check … | head`: a closed pipe ends the output quietly, with the same exit code.
    super::finish_output(std::io::stdout().write_all(output.as_bytes()), code)
}

fn usage(message: &str) -> i32 {
    eprintln!("wenshen check: {message}");
    2
}

fn rule_errors(errors: &RuleErrors, format: Format, style: Style) -> i32 {
    let output = match format {
        Format::Human => report::human::render_rule_errors(
            errors,
            Style {
                color: false,
                ..style
            },
        ),
        Format::Json => report::json::render_rule_errors(errors),
    };
    eprint!("{output}");
    2
}

/// Every `.rule` file directly in `dir`, in name order.
pub(super) fn read_rule_dir(dir: &Path) -> Result<Vec<RuleSource>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("无法读取规则目录 {}：{error}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rule"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("规则目录 {} 中没有 .rule 文件", dir.display()));
    }
    paths
        .into_iter()
        .map(|path| {
            std::fs::read_to_string(&path)
                .map(|text| RuleSource {
                    name: path.display().to_string(),
                    text,
                })
                .map_err(|error| format!("无法读取规则文件 {}：{error}", path.display()))
        })
        .collect()
}
