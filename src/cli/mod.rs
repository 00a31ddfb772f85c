//! Command-line interface: `clap` arguments, one file per subcommand, and the glue that writes to
//! stdout and stderr. With [`crate::source`], the only module that touches the outside world.
//!
//! Exit codes: [`EXIT_SUCCESS`] when every input was read; [`EXIT_FAILURE`] when an input could not be
//! read or parsed, a path does not exist, output could not be written, or the arguments are wrong
//! (clap's own usage errors also exit with 2); `check` also exits with [`check::EXIT_FINDINGS`]
//! when findings reach `--fail-on`.
//!
//! Error codes rendered to stderr: `S001`…`S010` ([`SourceError`]: unreadable, empty, binary,
//! undecodable, legacy Office file, damaged Word document, Word document too large, input too
//! large, unreadable PDF, PDF without a text layer), `I001`
//! ([`InternalError`]: the parser panicked on one file), `N001` ([`NothingRead`]: the inputs named
//! no file to read); `C001`…`C008` ([`config`]) and `B001`,
//! `B002` (baselines); `O001` (a report or ledger could not be written to `--output`: [`check::OutputError`],
//! [`ledger::OutputError`]), `O002`…`O004` (the ledger's format not told from the file name, XLSX asked
//! for on stdout, or the workbook not built).

mod baseline;
pub mod check;
pub mod config;
mod html_folder;
mod init;
mod inputs;
pub mod ledger;
mod parse;
pub mod rules_cmd;
mod signals;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use thiserror::Error;

use crate::source::SourceError;

/// Every input was read and the output written.
pub const EXIT_SUCCESS: i32 = 0;
/// Some input failed, the output could not be written, or the command line was wrong.
pub const EXIT_FAILURE: i32 = 2;

/// 文审：政务公开工作要点的规则审查工具。
#[derive(Debug, Parser)]
#[command(name = "wenshen", version, long_about = None)]
pub struct Cli {
    /// 并行线程数（默认：CPU 核数），用于读取、解析、检查和输出的每一步。输出与线程数无关。
    #[arg(
        short = 'j',
        long = "jobs",
        visible_alias = "threads",
        global = true,
        value_name = "N"
    )]
    pub threads: Option<usize>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 解析文件或目录，输出文档模型（JSON 或可读大纲）。
    Parse(parse::ParseArgs),
    /// 按规则检查文件、目录或标准输入，报告发现（可读、单行、JSON、SARIF、GitHub、JUnit、HTML）。
    Check(check::CheckArgs),
    /// 规则：列出（list）、说明（explain）、运行示例（test）、检查规则文件（check）。
    Rules(rules_cmd::RulesArgs),
    /// 在当前目录（或给出的目录）写出带注释的 wenshen.toml 样例。
    Init(init::InitArgs),
    /// 导出工作台账（每项任务一行：单位、时限及其问题），CSV 或 XLSX。
    Ledger(ledger::LedgerArgs),
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    signals::install();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version through this path too, with exit code 0. Its own
            // words (headings, "Possible values", usage errors) are English: they are put into
            // Chinese, as everything else the user reads.
            let mut text = in_chinese(&error.render().to_string());
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let _ = if error.use_stderr() {
                write!(std::io::stderr(), "{text}")
            } else {
                write!(std::io::stdout(), "{text}")
            };
            return error.exit_code();
        }
    };
    if let Some(asked) = cli.threads {
        let threads = thread_count(asked);
        if threads < asked {
            eprintln!(
                "提示：-j {asked} 超过上限（CPU 核数的 {THREADS_PER_CPU} 倍），按 {threads} 个线程运行"
            );
        }
        // Fails only if the global pool already exists, which cannot happen before this point; the
        // default pool is an acceptable fallback either way.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    match cli.command {
        Command::Parse(args) => parse::run(&args),
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules_cmd::run(args),
        Command::Init(args) => init::run(&args),
        Command::Ledger(args) => ledger::run(&args),
    }
}

/// clap's fixed English phrases and their Chinese, longest first where one contains another. clap
/// has no translations; its help and errors are otherwise built from our Chinese doc comments.
const CLAP_PHRASES: &[(&str, &str)] = &[
    (
        "Print help (see a summary with '-h')",
        "显示帮助（-h 显示摘要）",
    ),
    (
        "Print help (see more with '--help')",
        "显示帮助（--help 显示详情）",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本帮助或所给子命令的帮助",
    ),
    ("Print help", "显示帮助"),
    ("Print version", "显示版本"),
    ("Usage: ", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("[COMMAND]", "[命令]"),
    ("<COMMAND>", "<命令>"),
    ("Arguments:", "参数："),
    ("Options:", "选项："),
    ("Commands:", "命令："),
    ("Possible values:", "可选值："),
    ("[default: ", "[默认："),
    ("[aliases: ", "[别名："),
    ("[alias: ", "[别名："),
    ("[possible values: ", "[可选值："),
    ("  tip: ", "  提示："),
    (
        "For more information, try '--help'.",
        "更多信息见 '--help'。",
    ),
    (
        "the following required arguments were not provided:",
        "缺少以下必需的参数：",
    ),
    ("invalid value ", "无效的值 "),
    ("' for '", "'，用于 '"),
    ("invalid digit found in string", "不是数字"),
    ("to pass '", "要把 '"),
    ("' as a value, use '", "' 作为值，请写 '"),
    ("unexpected argument ", "无法识别的参数 "),
    (" found", ""),
    ("a value is required for ", "需要给出值："),
];

/// clap's rendered help or error with its English phrases in Chinese. `error: ` only begins an
/// error: elsewhere it is a value's name in a list (`- error: 有错误时以 1 退出`).
fn in_chinese(text: &str) -> String {
    let text = match text.strip_prefix("error: ") {
        Some(rest) => format!("错误：{rest}"),
        None => text.to_string(),
    };
    CLAP_PHRASES.iter().fold(text, |text, (english, chinese)| {
        text.replace(english, chinese)
    })
}

/// The most threads `-j` starts per CPU: more gain nothing, and `-j 20000` started 20,000 threads
/// (the machine's process limit was 32,768).
const THREADS_PER_CPU: usize = 4;

/// The threads to start for `-j asked`: at most [`THREADS_PER_CPU`] per CPU; `0` is rayon's
/// default (one per CPU).
fn thread_count(asked: usize) -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    asked.min(cpus.saturating_mul(THREADS_PER_CPU))
}

/// The parser panicked on one file. The run goes on with the other files.
#[derive(Debug, Error, Diagnostic)]
#[error("解析文件 {name} 时发生内部错误：{message}")]
#[diagnostic(
    code(I001),
    help("这是 wenshen 的缺陷，请附上该文件报告问题。其他文件不受影响。")
)]
pub struct InternalError {
    pub name: String,
    pub message: String,
}

/// The inputs named no file to read: a folder holding no plan, or only files of other types. An
/// input error, so that a CI job pointed at the wrong folder does not pass having checked nothing.
#[derive(Debug, Error, Diagnostic)]
#[error("没有读到任何文件{}", skipped_note(*skipped))]
#[diagnostic(
    code(N001),
    help(
        "目录中只读取 .txt、.md、.docx、.html、.htm、.pdf 文件；.doc、.wps 请在 Word 或 WPS 中另存为 .docx 后再读取"
    )
)]
pub struct NothingRead {
    pub skipped: usize,
}

fn skipped_note(skipped: usize) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!("（目录中的 {skipped} 个文件因类型不符被跳过）")
    }
}

/// The note on stderr when a directory walk left files out.
fn note_skipped(skipped: usize) {
    if skipped > 0 {
        eprintln!(
            "提示：目录中有 {skipped} 个文件不是 .txt、.md、.docx、.html、.htm、.pdf，已跳过（.doc、.wps 请另存为 .docx）"
        );
    }
}

/// What `-` reads is called this in reports unless `--stdin-filename` names it.
const STDIN_NAME: &str = "<stdin>";

/// The paths to read as files, and whether `-` (standard input) is among the inputs.
fn without_stdin(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let stdin = Path::new("-");
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|path| *path != stdin)
        .cloned()
        .collect();
    let reads_stdin = files.len() < paths.len();
    (files, reads_stdin)
}

/// Why one input produced no document.
#[derive(Debug, Error, Diagnostic)]
pub enum FileError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Internal(#[from] InternalError),
}

/// Runs `work` on one file, turning a panic into an [`InternalError`] for that file only.
fn guard_panics<T>(name: &str, work: impl FnOnce() -> T) -> Result<T, InternalError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "未知错误".to_string());
        InternalError {
            name: name.to_string(),
            message,
        }
    })
}

/// Renders diagnostics to stderr with miette's graphical handler; colour only when stderr is a
/// terminal and `NO_COLOR` is unset or empty (<https://no-color.org>).
fn report_to_stderr<'a>(diagnostics: impl IntoIterator<Item = &'a dyn Diagnostic>) {
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme);
    let mut stderr = std::io::stderr().lock();
    for diagnostic in diagnostics {
        let mut rendered = String::new();
        // Rendering into a String only fails if a Display impl fails; fall back to the plain message.
        if crate::report::human::render_guarded(&handler, diagnostic, &mut rendered).is_err() {
            rendered = format!("{diagnostic}\n");
        }
        // Nothing sensible is left to do when stderr itself is gone.
        let _ = write!(stderr, "{rendered}");
    }
}

/// Finishes writing `result` to stdout: a closed pipe (`wenshen parse … | head`) ends the output
/// quietly and keeps `exit_code`; any other write error is reported and fails the run.
fn finish_output(result: std::io::Result<()>, exit_code: i32) -> i32 {
    match result {
        Ok(()) => exit_code,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => exit_code,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "错误：无法写出结果：{error}");
            EXIT_FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_file_becomes_an_internal_error_for_that_file() {
        let error = guard_panics("plans/a.txt", || -> u32 { panic!("index out of bounds") })
            .expect_err("the panic is caught");
        assert_eq!(
            error.to_string(),
            "解析文件 plans/a.txt 时发生内部错误：index out of bounds"
        );
        assert_eq!(
            error.code().map(|code| code.to_string()),
            Some("I001".to_string())
        );
        assert_eq!(guard_panics("plans/b.txt", || 7).ok(), Some(7));
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
