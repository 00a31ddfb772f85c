//! `wenshen ledger PATHS... [--output FILE] [--format csv|xlsx] [--rules DIR …]`: the task ledger
//! (工作台账), one row per task with its units, deadline and findings. The rules are chosen as for
//! `check` (wenshen.toml, `--rules`, `--select`, `--ignore`, `--set`, per-file ignores).
//!
//! Exit codes: 0 when every input was read and the ledger written, 2 otherwise (usage, rule,
//! input or output errors). Findings do not change the exit code: the ledger is an export, not a
//! gate. A file that cannot be read is reported and the other files' rows are still written.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use miette::Diagnostic;
use thiserror::Error;

use super::{EXIT_FAILURE, EXIT_SUCCESS, FileError, InternalError, inputs};
use crate::engine::{Calendar, Engine};
use crate::report::ledger;

#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// 要导出的文件或目录（目录递归读取其中的 .txt、.md、.docx、.html、.htm 和 .pdf 文件）；`-` 读取标准输入。
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 标准输入（`-`）在台账中使用的文件名。
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// 写入此文件（.xlsx 或 .csv，按扩展名选择格式）；省略时把 CSV 写到标准输出。
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// 台账格式，优先于输出文件的扩展名。
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<LedgerFormat>,

    #[command(flatten)]
    pub config: super::config::ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LedgerFormat {
    /// UTF-8（带 BOM）的 CSV，Excel 可直接打开。
    Csv,
    /// Excel 工作簿：表头加粗冻结，带筛选。
    Xlsx,
}

/// The ledger could not be produced or written where it was asked for.
#[derive(Debug, Error, Diagnostic)]
pub enum OutputError {
    #[error("无法写出台账文件 {path}：{reason}")]
    #[diagnostic(
        code(O001),
        help(
            "请检查输出文件所在的目录是否存在、是否可写，以及文件是否正被其他程序（如 Excel）打开"
        )
    )]
    Write { path: String, reason: String },
    #[error("无法从输出文件名 {path} 判断台账格式")]
    #[diagnostic(
        code(O002),
        help("输出文件名以 .xlsx 或 .csv 结尾，或用 --format xlsx|csv 指定格式")
    )]
    UnknownExtension { path: String },
    #[error("XLSX 台账不能写到标准输出")]
    #[diagnostic(
        code(O003),
        help("用 --output 台账.xlsx 指定文件，或改用 --format csv")
    )]
    BinaryToStdout,
    #[error("生成 XLSX 台账失败：{reason}")]
    #[diagnostic(code(O004), help("Excel 工作表最多 1048576 行；可分批导出或改用 CSV"))]
    Xlsx { reason: String },
}

/// A cell over Excel's limit was cut; the workbook is still written.
#[derive(Debug, Error, Diagnostic)]
#[error(
    "XLSX 台账“{sheet}”工作表第 {row} 行的“{header}”有 {characters} 个字，超过 Excel 单元格 32767 个字符的上限，已截断并标注"
)]
#[diagnostic(
    code(O005),
    severity(Warning),
    help("完整内容可用 --format csv 导出；其余单元格照常写出")
)]
pub struct TruncatedCell {
    sheet: &'static str,
    row: u32,
    header: &'static str,
    characters: usize,
}

pub fn run(args: &LedgerArgs) -> i32 {
    let format = match choose_format(args.format, args.output.as_deref()) {
        Ok(format) => format,
        Err(error) => {
            super::report_to_stderr([&error as &dyn Diagnostic]);
            return EXIT_FAILURE;
        }
    };
    // The same rules as `check` with the same arguments: wenshen.toml, --rules, --select,
    // --ignore, --set; rule errors are rendered in the human form.
    let settings = match super::config::Settings::load(&args.config) {
        Ok(settings) => settings,
        Err(failure) => return failure.report(),
    };

    let (paths, reads_stdin) = super::without_stdin(&args.paths);
    let collected = inputs::collect(&paths);
    if let Err(error) =
        inputs::refuse_inputs_as_outputs(&[args.output.as_deref()], &collected.files)
    {
        super::report_to_stderr([&error as &dyn Diagnostic]);
        return EXIT_FAILURE;
    }
    super::note_skipped(collected.skipped);
    let mut failures: Vec<FileError> = Vec::new();
    let mut sources = Vec::new();
    for read in inputs::read_all(&collected.files) {
        match read {
            Ok(source) => sources.push(source),
            Err(error) => failures.push(error.into()),
        }
    }
    if reads_stdin {
        // In name order among the files, as `check` has it.
        match inputs::read_stdin(args.stdin_filename.as_deref().unwrap_or(super::STDIN_NAME)) {
            Ok(source) => {
                let at = sources.partition_point(|file| file.name <= source.name);
                sources.insert(at, source);
            }
            Err(error) => failures.push(error.into()),
        }
    }
    if collected.files.is_empty() && !reads_stdin && collected.errors.is_empty() {
        let error = super::NothingRead {
            skipped: collected.skipped,
        };
        super::report_to_stderr([&error as &dyn Diagnostic]);
        return EXIT_FAILURE;
    }
    let engine = Engine::new(settings.rules, Calendar::bundled()).with_unit_groups(&settings.units);
    let mut files = engine.check(sources);
    settings.file_ignores.apply(&mut files);
    // A file whose parse panicked has no document and so no rows: an error for that file.
    failures.extend(
        files
            .iter()
            .filter(|file| file.document.is_none())
            .map(|file| {
                FileError::from(InternalError {
                    name: file.source.name.clone(),
                    message: "此文件没有台账行".to_string(),
                })
            }),
    );
    let rows = ledger::rows(&files);

    let mut truncated = Vec::new();
    let written = match format {
        LedgerFormat::Csv => write(args.output.as_deref(), &ledger::render_csv(&rows)),
        LedgerFormat::Xlsx => {
            match ledger::render_xlsx(&rows, &ledger::document_findings(&files)) {
                Ok(workbook) => {
                    truncated = workbook
                        .truncated
                        .into_iter()
                        .map(|cell| TruncatedCell {
                            sheet: cell.sheet,
                            row: cell.row,
                            header: cell.header,
                            characters: cell.characters,
                        })
                        .collect();
                    write(args.output.as_deref(), &workbook.bytes)
                }
                Err(error) => Err(OutputError::Xlsx {
                    reason: error.to_string(),
                }),
            }
        }
    };

    super::report_to_stderr(
        collected
            .errors
            .iter()
            .map(|error| error as &dyn Diagnostic)
            .chain(failures.iter().map(|error| error as &dyn Diagnostic))
            .chain(truncated.iter().map(|warning| warning as &dyn Diagnostic))
            .chain(written.as_ref().err().map(|error| error as &dyn Diagnostic)),
    );
    if collected.errors.is_empty() && failures.is_empty() && written.is_ok() {
        EXIT_SUCCESS
    } else {
        EXIT_FAILURE
    }
}

/// `--format` wins; else the output file's extension decides; without a file, CSV to stdout.
fn choose_format(
    format: Option<LedgerFormat>,
    output: Option<&Path>,
) -> Result<LedgerFormat, OutputError> {
    let chosen = match (format, output) {
        (Some(format), _) => format,
        (None, None) => LedgerFormat::Csv,
        (None, Some(path)) => {
            let extension = path
                .extension()
                .and_then(|extension| extension.to_str())
                .map(str::to_ascii_lowercase);
            match extension.as_deref() {
                Some("xlsx") => LedgerFormat::Xlsx,
                Some("csv") => LedgerFormat::Csv,
                _ => {
                    return Err(OutputError::UnknownExtension {
                        path: path.display().to_string(),
                    });
                }
            }
        }
    };
    if chosen == LedgerFormat::Xlsx && output.is_none() {
        return Err(OutputError::BinaryToStdout);
    }
    Ok(chosen)
}

fn write(output: Option<&Path>, bytes: &[u8]) -> Result<(), OutputError> {
    match output {
        Some(path) => std::fs::write(path, bytes).map_err(|error| OutputError::Write {
            path: path.display().to_string(),
            reason: error.to_string(),
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                // Nobody reads the rest (`wenshen ledger … | head`): not an error.
                Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(OutputError::Write {
                        path: "标准输出".to_string(),
                        reason: error.to_string(),
                    })
                }
                _ => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_flag_then_the_extension() {
        let xlsx = Path::new("台账.XLSX");
        let csv = Path::new("out/台账.csv");
        assert_eq!(choose_format(None, None).ok(), Some(LedgerFormat::Csv));
        assert_eq!(
            choose_format(None, Some(xlsx)).ok(),
            Some(LedgerFormat::Xlsx)
        );
        assert_eq!(choose_format(None, Some(csv)).ok(), Some(LedgerFormat::Csv));
        assert_eq!(
            choose_format(Some(LedgerFormat::Csv), Some(xlsx)).ok(),
            Some(LedgerFormat::Csv)
        );
        assert!(matches!(
            choose_format(None, Some(Path::new("台账.txt"))),
            Err(OutputError::UnknownExtension { .. })
        ));
        assert!(matches!(
            choose_format(Some(LedgerFormat::Xlsx), None),
            Err(OutputError::BinaryToStdout)
        ));
    }
}
