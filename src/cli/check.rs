//! `wenshen check PATHS...`: read the inputs (files, directories, globs, `-` for stdin), parse and
//! check them against the rule set, render the report in the chosen format, and exit with a code
//! that says whether findings reached `--fail-on`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use miette::Diagnostic;
use thiserror::Error;

use super::{EXIT_FAILURE, EXIT_SUCCESS};
use crate::engine::{Calendar, Checked, CoverageRow, Engine};
use crate::report::{self, human::Style};
use crate::rules::{self, RuleErrors, RuleSource, Severity};
use crate::source::SourceFile;

/// Findings reached the `--fail-on` level.
pub const EXIT_FINDINGS: i32 = 1;

/// Below this many files a run is quick and a progress bar would only flicker.
const PROGRESS_MIN_FILES: usize = 50;

/// What `-` reads is called this in reports unless `--stdin-filename` names it.
const STDIN_NAME: &str = "<stdin>";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 带原文摘录的可读报告
    Human,
    /// 每条发现一行：路径:行:列: 代码 说明
    Concise,
    /// 带版本号的 JSON（"version": 1）
    Json,
    /// SARIF 2.1.0，供 GitHub 代码扫描等工具读取
    Sarif,
    /// GitHub Actions 工作流命令，在拉取请求中显示为注释
    Github,
    /// JUnit XML，每个文件一个测试用例
    Junit,
    /// 自成一体的 HTML 页面：概要、覆盖矩阵、任务表与发现
    Html,
}

/// The lowest severity that makes the run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// 有错误时以 1 退出
    Error,
    /// 有错误或警告时以 1 退出
    Warning,
    /// 有任何发现时以 1 退出
    Info,
    /// 发现不影响退出码
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` fails the run (severities order Error < Warning < Info).
    fn reached_by(self, severity: Severity) -> bool {
        let threshold = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Never => return false,
        };
        severity <= threshold
    }
}

/// 按规则检查工作要点和通知，报告发现。
#[derive(Debug, Args)]
#[command(after_help = "退出码：\n  \
    0  没有达到 --fail-on 级别的发现\n  \
    1  有达到 --fail-on 级别的发现（默认：错误）\n  \
    2  用法、配置、规则或输入错误（无法读取的文件、无法写出的报告）；其余文件的结果照常报告")]
pub struct CheckArgs {
    /// 要检查的文件、目录或通配符（如 'plans/**/*.md'）；`-` 读取标准输入。目录中只检查 .txt、.md、.docx 文件，跳过 .gitignore 忽略的和隐藏的文件；直接写出的文件不论扩展名都检查。
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 报告格式。
    #[arg(
        long,
        visible_alias = "output-format",
        value_enum,
        default_value = "human"
    )]
    pub format: Format,
    /// 达到此级别的发现使退出码为 1。
    #[arg(long, value_enum, default_value = "error", value_name = "LEVEL")]
    pub fail_on: FailOn,
    /// 只输出每条规则的发现数（代码、名称、数量，按数量排序），不输出各条发现；--format json 时为 JSON。
    #[arg(long)]
    pub statistics: bool,
    /// 把报告写入此文件（先写临时文件再改名），而不是标准输出。
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 标准输入（`-`）在报告中使用的文件名。
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// 不显示进度条和提示（错误照常显示）。
    #[arg(short, long)]
    pub quiet: bool,
    /// 工作线程数（默认：CPU 核数）。输出与线程数无关。
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// 补充内置日历的节假日文件（格式同 rules/data/holidays-cn.txt）。
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// 可读报告的宽度。
    #[arg(long, default_value_t = 100)]
    pub width: usize,
    #[command(flatten)]
    pub config: super::config::ConfigArgs,
    #[command(flatten)]
    pub baseline: super::baseline::BaselineArgs,
}

/// The report could not be written to `--output`.
#[derive(Debug, Error, Diagnostic)]
#[error("无法把报告写入 {path}：{reason}")]
#[diagnostic(
    code(O001),
    help("请检查输出目录是否存在、是否有写入权限；原有的同名文件保持不变。")
)]
pub struct OutputError {
    pub path: String,
    pub reason: String,
}

/// Runs `check` and returns the exit code.
pub fn run(args: CheckArgs) -> i32 {
    let color = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
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
    let stdin = Path::new("-");
    let reads_stdin = args.paths.iter().any(|path| path == stdin);
    if args.stdin_filename.is_some() && !reads_stdin {
        return usage("--stdin-filename 只在输入中有 `-`（读取标准输入）时使用");
    }
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

    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|path| *path != stdin)
        .cloned()
        .collect();
    let collected = super::inputs::collect(&paths);
    if collected.skipped > 0 && !args.quiet {
        eprintln!(
            "提示：目录中有 {} 个文件不是 .txt、.md、.docx，已跳过；要检查它们，请直接写出文件名",
            collected.skipped
        );
    }
    let progress = progress_bar(collected.files.len(), args.quiet);
    let mut input_errors = collected.errors;
    let mut inputs: Vec<SourceFile> = Vec::new();
    let mut read = super::inputs::read_all_counted(&collected.files, &progress);
    if reads_stdin {
        let name = args.stdin_filename.as_deref().unwrap_or(STDIN_NAME);
        read.push(super::inputs::read_stdin(name));
    }
    for result in read {
        match result {
            Ok(source) => inputs.push(source),
            Err(error) => input_errors.push(error),
        }
    }
    // Files come sorted by name; standard input joins them in its place.
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    if !input_errors.is_empty() {
        progress.suspend(|| {
            super::report_to_stderr(
                input_errors
                    .iter()
                    .map(|error| error as &dyn miette::Diagnostic),
            );
        });
    }

    let sarif_rules = (args.format == Format::Sarif).then(|| settings.rules.rules.clone());
    let engine = Engine::new(settings.rules, calendar).with_unit_groups(&settings.units);
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        builder = builder.num_threads(jobs.max(1));
    }
    progress.set_message("检查中");
    progress.enable_steady_tick(Duration::from_millis(120));
    let mut files = match builder.build() {
        Ok(pool) => pool.install(|| engine.check(inputs)),
        Err(_) => engine.check(inputs),
    };
    progress.finish_and_clear();
    // Taken before ignores and baselines: the matrix says what each plan covers, whatever
    // findings the configuration or a baseline hides.
    let coverage = if args.format == Format::Html {
        engine.coverage(&files)
    } else {
        Vec::new()
    };
    settings.file_ignores.apply(&mut files);
    if let Err(code) = super::baseline::run(&args.baseline, &mut files) {
        return code;
    }

    let output = render(&args, &files, &coverage, sarif_rules.as_deref(), style);
    let written = match &args.output {
        None => super::finish_output(std::io::stdout().write_all(output.as_bytes()), EXIT_SUCCESS),
        Some(path) => match write_atomically(path, output.as_bytes()) {
            Ok(()) => EXIT_SUCCESS,
            Err(error) => {
                super::report_to_stderr([&error as &dyn Diagnostic]);
                EXIT_FAILURE
            }
        },
    };
    if written != EXIT_SUCCESS || !input_errors.is_empty() {
        EXIT_FAILURE
    } else if report::findings(&files).any(|finding| args.fail_on.reached_by(finding.severity)) {
        EXIT_FINDINGS
    } else {
        EXIT_SUCCESS
    }
}

fn render(
    args: &CheckArgs,
    files: &[Checked],
    coverage: &[CoverageRow],
    sarif_rules: Option<&[rules::Rule]>,
    style: Style,
) -> String {
    if args.statistics {
        return match args.format {
            Format::Json => report::statistics::render_json(files),
            _ => report::statistics::render_text(files),
        };
    }
    match args.format {
        Format::Human => report::human::render_findings(files, style),
        Format::Concise => report::concise::render_findings(files),
        Format::Json => report::json::render_findings(files),
        Format::Sarif => report::sarif::render_findings(sarif_rules.unwrap_or_default(), files),
        Format::Github => report::github::render_findings(files),
        Format::Junit => report::junit::render_findings(files),
        Format::Html => report::html::render(files, coverage),
    }
}

/// A bar on stderr while files are read, then a spinner while they are checked; only for runs of
/// many files, never with `--quiet`, and drawn only when stderr is a terminal.
fn progress_bar(files: usize, quiet: bool) -> ProgressBar {
    if quiet || files < PROGRESS_MIN_FILES {
        return ProgressBar::hidden();
    }
    let length = u64::try_from(files).unwrap_or(u64::MAX);
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} 个文件")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("读取中");
    bar
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so that a reader
/// never sees half a report and a failed run leaves an existing report as it was.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let error = |reason: String| OutputError {
        path: crate::source::display_path(path),
        reason,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary =
        tempfile::NamedTempFile::new_in(directory).map_err(|e| error(e.to_string()))?;
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.flush())
        .map_err(|e| error(e.to_string()))?;
    // A temporary file is private (0600); a report is an ordinary file that others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temporary
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| error(e.to_string()))?;
    }
    temporary
        .persist(path)
        .map_err(|e| error(e.error.to_string()))?;
    Ok(())
}

fn usage(message: &str) -> i32 {
    eprintln!("wenshen check: {message}");
    EXIT_FAILURE
}

fn rule_errors(errors: &RuleErrors, format: Format, style: Style) -> i32 {
    let output = match format {
        Format::Json => report::json::render_rule_errors(errors),
        _ => report::human::render_rule_errors(
            errors,
            Style {
                color: false,
                ..style
            },
        ),
    };
    eprint!("{output}");
    EXIT_FAILURE
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
