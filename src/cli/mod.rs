//! Command-line interface: `clap` arguments, one file per subcommand, and the glue that writes to
//! stdout and stderr. With [`crate::source`], the only module that touches the outside world.
//!
//! Exit codes: [`EXIT_SUCCESS`] when every input was read; [`EXIT_FAILURE`] when an input could not be
//! read or parsed, a path does not exist, output could not be written, or the arguments are wrong
//! (clap's own usage errors also exit with 2); `check` also exits with [`check::EXIT_FINDINGS`]
//! when findings reach `--fail-on`.
//!
//! Error codes rendered to stderr: `S001`…`S007` ([`SourceError`]: unreadable, empty, binary,
//! undecodable, legacy Office file, damaged Word document, Word document too large), `I001`
//! ([`InternalError`]: the parser panicked on one file); `C001`…`C008` ([`config`]) and `B001`,
//! `B002` (baselines); `O001` (a report or ledger could not be written to `--output`: [`check::OutputError`],
//! [`ledger::OutputError`]), `O002`…`O004` (the ledger's format not told from the file name, XLSX asked
//! for on stdout, or the workbook not built).

mod baseline;
pub mod check;
pub mod config;
mod init;
mod inputs;
pub mod ledger;
mod parse;
pub mod rules_cmd;

use std::io::{IsTerminal, Write};

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
        long,
        visible_alias = "jobs",
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
    /// 按规则检查文件、目录或标准输入，报告发现（可读、单行、JSON、SARIF、GitHub、JUnit）。
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version through this path too, with exit code 0.
            let _ = error.print();
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
