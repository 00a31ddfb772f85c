//! `wenshen check PATHS...`: read the inputs (files, directories, globs, `-` for stdin), parse and
//! check them against the rule set, render the report in the chosen format, and exit with a code
//! that says whether findings reached `--fail-on`.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use miette::Diagnostic;
use rayon::prelude::*;
use thiserror::Error;

use super::{EXIT_FAILURE, EXIT_SUCCESS};
use crate::engine::{Calendar, Checked, CoverageRow, Engine, Finding};
use crate::report::{self, Totals, human::Style};
use crate::rules::{RuleErrors, RuleSource, Severity};
use crate::source::{SourceError, SourceFile};

/// Findings reached the `--fail-on` level.
pub const EXIT_FINDINGS: i32 = 1;

/// Below this many files a run is quick and a progress bar would only flicker.
const PROGRESS_MIN_FILES: usize = 50;

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
    /// HTML 报告：-o 目录/ 时写出总览（规则统计、覆盖矩阵、文件列表）和每份文件一页，否则为一个自成一体的页面
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
    /// The least severe severity that fails the run; `None` for `never`.
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    /// Whether a finding of `severity` fails the run (severities order Error < Warning < Info).
    fn reached_by(self, severity: Severity) -> bool {
        self.threshold()
            .is_some_and(|threshold| severity <= threshold)
    }
}

/// 按规则检查工作要点和通知，报告发现。
#[derive(Debug, Args)]
#[command(after_help = "退出码：\n  \
    0  没有达到 --fail-on 级别的发现\n  \
    1  有达到 --fail-on 级别的发现（默认：错误）\n  \
    2  用法、配置、规则或输入错误（无法读取的文件、无法写出的报告）；其余文件的结果照常报告")]
pub struct CheckArgs {
    /// 要检查的文件、目录或通配符（如 'plans/**/*.md'）；`-` 读取标准输入。目录中只检查 .txt、.md、.docx、.html、.htm、.pdf 文件，跳过 .gitignore 忽略的和隐藏的文件；直接写出的文件不论扩展名都检查。
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
    /// 把报告写入此文件（先写临时文件再改名），而不是标准输出。--format html 时，以 / 结尾的路径或已有的目录写成文件夹：index.html 和每份文件一页。
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 标准输入（`-`）在报告中使用的文件名。
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// 不显示进度条和提示（错误照常显示）。
    #[arg(short, long)]
    pub quiet: bool,
    /// 补充内置日历的节假日文件（格式同 rules/data/holidays-cn.txt）。
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// 可读报告的宽度（至少 40 个字符）。
    #[arg(long, default_value_t = 100, value_parser = report_width)]
    pub width: usize,
    /// Files read, parsed and checked at a time before their part of the report is written (0:
    /// all at once). For tests of the streamed report.
    #[arg(long, default_value_t = 256, hide = true)]
    pub batch_size: usize,
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

impl OutputError {
    fn new(path: &Path, error: &std::io::Error) -> OutputError {
        OutputError {
            path: crate::source::display_path(path),
            reason: super::inputs::output_failure(error),
        }
    }
}

/// The narrowest human report: below it the excerpts and their labels no longer fit a line.
const MIN_WIDTH: usize = 40;

/// `--width`: a number of characters, at least [`MIN_WIDTH`].
fn report_width(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(width) if width >= MIN_WIDTH => Ok(width),
        Ok(_) => Err(format!("报告宽度至少为 {MIN_WIDTH} 个字符")),
        Err(_) => Err("应是表示字符数的正整数".to_string()),
    }
}

/// A `--calendar` file that could not be read or has lines that are not calendar entries.
#[derive(Debug, Error, Diagnostic)]
pub enum CalendarFileError {
    #[error("无法读取日历文件 {path}：{reason}")]
    #[diagnostic(
        code(D001),
        help("请检查 --calendar 给出的路径是否存在、是否有读取权限，文件是否为 UTF-8 文本。")
    )]
    Unreadable { path: String, reason: String },

    #[error("日历文件 {path} 第 {line} 行有误：{message}")]
    #[diagnostic(
        code(D002),
        help(
            "每行写一个日期或日期范围及其类型，如 `2024-10-01..2024-10-07 off`、`2024-09-29 work`，\
             或 `year 2024` 表示该年已完整收录；格式同内置的 rules/data/holidays-cn.txt。"
        )
    )]
    Malformed {
        path: String,
        line: usize,
        message: String,
        #[source_code]
        source_code: miette::NamedSource<String>,
        #[label("{message}")]
        span: miette::SourceSpan,
    },
}

/// Adds the `--calendar` file at `path` to `calendar`, or says what is wrong with it: every
/// malformed line at once.
fn extend_calendar(calendar: &mut Calendar, path: &Path) -> Result<(), Vec<CalendarFileError>> {
    let shown = crate::source::display_path(path);
    let text = crate::source::read_text(path).map_err(|error| {
        vec![CalendarFileError::Unreadable {
            path: shown.clone(),
            reason: error.to_string(),
        }]
    })?;
    let errors = calendar.extend(&text).err().unwrap_or_default();
    if errors.is_empty() {
        return Ok(());
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    Err(errors
        .into_iter()
        .map(|error| {
            let start = line_starts
                .get(error.line.saturating_sub(1))
                .copied()
                .unwrap_or(text.len());
            let end = text
                .get(start..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |length| start + length);
            CalendarFileError::Malformed {
                path: shown.clone(),
                line: error.line,
                message: error.message,
                source_code: miette::NamedSource::new(shown.clone(), text.clone()),
                span: (start..end).into(),
            }
        })
        .collect())
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
    if let Some(path) = &args.calendar
        && let Err(errors) = extend_calendar(&mut calendar, path)
    {
        super::report_to_stderr(errors.iter().map(|error| error as &dyn Diagnostic));
        return EXIT_FAILURE;
    }

    let (paths, _) = super::without_stdin(&args.paths);
    let collected = super::inputs::collect(&paths);
    if let Err(error) = super::inputs::refuse_inputs_as_outputs(
        &[
            args.output.as_deref(),
            args.baseline.write_baseline.as_deref(),
        ],
        &collected.files,
    ) {
        super::report_to_stderr([&error as &dyn Diagnostic]);
        return EXIT_FAILURE;
    }
    if !args.quiet {
        super::note_skipped(collected.skipped);
    }
    let mut input_errors = collected.errors;
    // Standard input can be read only once; it joins the files in its place in name order.
    let mut entries: Vec<Entry> = collected.files.into_iter().map(Entry::Path).collect();
    if reads_stdin {
        let name = args.stdin_filename.as_deref().unwrap_or(super::STDIN_NAME);
        match super::inputs::read_stdin(name) {
            // Files are keyed by name: standard input named as a file also checked would be
            // merged with it.
            Ok(source) if entries.iter().any(|entry| entry.name() == source.name) => {
                input_errors.push(SourceError::Unreadable {
                    name: source.name,
                    reason: "标准输入的名称（--stdin-filename）与另一个输入文件相同".to_string(),
                    source: None,
                });
            }
            Ok(source) => {
                let at = entries.partition_point(|entry| entry.name() <= source.name);
                entries.insert(at, Entry::Stdin(source));
            }
            Err(error) => input_errors.push(error),
        }
    }
    report_input_errors(&input_errors, &ProgressBar::hidden());
    // Nothing to check is an input error, not a clean pass.
    let nothing_read = entries.is_empty() && input_errors.is_empty();
    if nothing_read {
        let error = super::NothingRead {
            skipped: collected.skipped,
        };
        super::report_to_stderr([&error as &dyn Diagnostic]);
    }
    let had_input_errors = !input_errors.is_empty() || nothing_read;

    let mut stream = match args.format {
        _ if args.statistics => None,
        Format::Html => None,
        Format::Human => Some(report::Stream::human(style)),
        Format::Concise => Some(report::Stream::concise()),
        Format::Json => Some(report::Stream::json()),
        Format::Github => Some(report::Stream::github()),
        Format::Sarif => Some(report::Stream::sarif(&settings.rules.rules)),
        Format::Junit => Some(report::Stream::junit(args.fail_on.threshold())),
    };
    let engine = Engine::new(settings.rules, calendar).with_unit_groups(&settings.units);
    // Read before any file, so that a missing or malformed baseline stops the run at once.
    let baseline = match super::baseline::open(&args.baseline) {
        Ok(baseline) => baseline,
        Err(code) => return code,
    };
    // Only the HTML report reads documents after checking; every other report is made from
    // batches whose documents are dropped as soon as they are checked.
    let html = args.format == Format::Html && !args.statistics;
    let batch_size = match args.batch_size {
        _ if html => entries.len().max(1),
        0 => entries.len().max(1),
        size => size,
    };
    let batched = batch_size < entries.len();
    let (mut corpus, others) = if batched {
        corpus_findings(&engine, &entries, batch_size)
    } else {
        (HashMap::new(), Vec::new())
    };

    // `-o DIR/` with HTML writes a folder at the end; nothing goes to the single output.
    let folder = args
        .output
        .as_deref()
        .filter(|path| html && super::html_folder::is_folder(path));
    let single_output = args.output.as_deref().filter(|_| folder.is_none());
    let mut output = match Output::open(single_output) {
        Ok(output) => output,
        Err(error) => {
            super::report_to_stderr([&error as &dyn Diagnostic]);
            return EXIT_FAILURE;
        }
    };
    if let Some(stream) = &mut stream {
        output.write(&stream.begin());
    }
    let mut reporter = Reporter {
        engine: &engine,
        file_ignores: &settings.file_ignores,
        fail_on: args.fail_on,
        html,
        others: &others,
        baseline,
        stream,
        output,
        kept: Vec::new(),
        totals: Totals::default(),
        fails: false,
        coverage: Vec::new(),
    };
    let progress = progress_bar(entries.len(), args.quiet);
    progress.enable_steady_tick(Duration::from_millis(120));
    let mut read_errors = false;
    let mut batches = entries.chunks(batch_size);
    let mut next = batches.next().map(|batch| read(batch, &progress));
    // A batch checked but not yet reported.
    let mut checked: Option<Vec<Checked>> = None;
    while let Some((sources, errors)) = next.take() {
        report_input_errors(&errors, &progress);
        read_errors |= !errors.is_empty();
        progress.set_message("检查中");
        // The previous batch is reported and the next one read while this one is checked: a
        // thread that runs out of this batch's documents writes or reads instead of waiting for
        // the others to finish.
        let (files, read_next) = rayon::join(
            || {
                if batched {
                    engine.check_batch(sources, &mut corpus)
                } else {
                    engine.check(sources)
                }
            },
            || {
                if let Some(files) = checked.take() {
                    reporter.take(files);
                }
                batches.next().map(|batch| read(batch, &progress))
            },
        );
        checked = Some(files);
        next = read_next;
        progress.set_message("读取中");
    }
    if let Some(files) = checked {
        reporter.take(files);
    }
    progress.finish_and_clear();
    let Reporter {
        baseline,
        stream,
        mut output,
        kept,
        totals,
        fails,
        coverage,
        ..
    } = reporter;
    if let Some(baseline) = baseline
        && let Err(code) = super::baseline::finish(baseline)
    {
        return code;
    }
    let mut folder_written = EXIT_SUCCESS;
    match (stream, folder) {
        (Some(stream), _) => output.write(&stream.end(&totals)),
        (None, Some(dir)) => folder_written = super::html_folder::write(dir, &kept, &coverage),
        (None, None) => output.write(&render(&args, &kept, &coverage)),
    }
    let written = output.finish();
    if written != EXIT_SUCCESS || folder_written != EXIT_SUCCESS || had_input_errors || read_errors
    {
        EXIT_FAILURE
    } else if fails {
        EXIT_FINDINGS
    } else {
        EXIT_SUCCESS
    }
}

/// Whether a finding of `files` reaches the `--fail-on` level.
fn reaches(fail_on: FailOn, files: &[Checked]) -> bool {
    report::findings(files).any(|finding| fail_on.reached_by(finding.severity))
}

/// What becomes of each checked batch: ignores and the baseline applied, then its part of the
/// report written, or what a report made at the end needs kept.
struct Reporter<'a> {
    engine: &'a Engine,
    file_ignores: &'a super::config::FileIgnores,
    fail_on: FailOn,
    /// The HTML report keeps every document and its coverage matrix.
    html: bool,
    /// Sources outside the batches that corpus findings point into.
    others: &'a [SourceFile],
    baseline: Option<super::baseline::Baseline>,
    /// `None` for the reports made at the end (`--statistics`, HTML).
    stream: Option<report::Stream>,
    output: Output,
    /// `--statistics` keeps the findings, HTML every document; other reports keep nothing.
    kept: Vec<Checked>,
    totals: Totals,
    /// Some finding reached `--fail-on`.
    fails: bool,
    coverage: Vec<CoverageRow>,
}

impl Reporter<'_> {
    fn take(&mut self, mut files: Vec<Checked>) {
        // Taken before ignores and baselines: the matrix says what each plan covers, whatever
        // findings the configuration or a baseline hides.
        if self.html {
            self.coverage = self.engine.coverage(&files);
        }
        self.file_ignores.apply(&mut files);
        if let Some(baseline) = &mut self.baseline {
            baseline.apply(&mut files);
        }
        self.fails |= reaches(self.fail_on, &files);
        match &mut self.stream {
            Some(stream) => {
                self.totals.add(Totals::of(&files));
                let output = &mut self.output;
                stream.batch(&files, self.others, &mut |text| output.write(text));
                Checked::free(files);
            }
            None if self.html => self.kept = files,
            None => self.kept.extend(files.into_iter().map(findings_only)),
        }
    }
}

/// One input in name order: a file to read when its batch comes, or standard input, read at the
/// start.
enum Entry {
    Path(PathBuf),
    Stdin(SourceFile),
}

impl Entry {
    fn name(&self) -> String {
        match self {
            Entry::Path(path) => crate::source::display_path(path),
            Entry::Stdin(source) => source.name.clone(),
        }
    }
}

/// Reads a batch of inputs in parallel, in order; the sources read and the errors.
fn read(batch: &[Entry], progress: &ProgressBar) -> (Vec<SourceFile>, Vec<SourceError>) {
    let read: Vec<Result<SourceFile, SourceError>> = batch
        .par_iter()
        .map(|entry| {
            let read = match entry {
                Entry::Path(path) => crate::source::read_path(path),
                Entry::Stdin(source) => Ok(source.clone()),
            };
            progress.inc(1);
            read
        })
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    let mut errors = Vec::new();
    for result in read {
        match result {
            Ok(source) => sources.push(source),
            Err(error) => errors.push(error),
        }
    }
    (sources, errors)
}

fn report_input_errors(errors: &[SourceError], progress: &ProgressBar) {
    if errors.is_empty() {
        return;
    }
    progress.suspend(|| {
        super::report_to_stderr(errors.iter().map(|error| error as &dyn miette::Diagnostic));
    });
}

/// The corpus rules' findings of a streamed run, by file, and the sources their secondary labels
/// point into. Two passes over the inputs before the checking pass: the first keeps the documents
/// a corpus rule can report on (few), the second pairs each of them with every document. Read
/// errors are reported by the checking pass.
fn corpus_findings(
    engine: &Engine,
    entries: &[Entry],
    batch_size: usize,
) -> (HashMap<String, Vec<Finding>>, Vec<SourceFile>) {
    let mut by_file: HashMap<String, Vec<Finding>> = HashMap::new();
    let mut others = Vec::new();
    if !engine.has_corpus_rules() {
        return (by_file, others);
    }
    let hidden = ProgressBar::hidden();
    let mut candidates = Vec::new();
    for batch in entries.chunks(batch_size) {
        candidates.extend(engine.corpus_candidates(read(batch, &hidden).0));
    }
    if candidates.is_empty() {
        return (by_file, others);
    }
    let mut counts = HashMap::new();
    for batch in entries.chunks(batch_size) {
        let (findings, pointed_into) = engine.corpus_findings(&candidates, read(batch, &hidden).0);
        for finding in findings {
            let kept = by_file.entry(finding.file.clone()).or_default();
            crate::engine::keep_corpus_finding(kept, &mut counts, finding);
        }
        others.extend(pointed_into);
    }
    (by_file, others)
}

/// A checked file with its findings only: what `--statistics` reads.
fn findings_only(file: Checked) -> Checked {
    Checked {
        source: SourceFile {
            text: String::new(),
            notes: Vec::new(),
            unmerged_cells: Vec::new(),
            pages: Vec::new(),
            ..file.source
        },
        document: None,
        findings: file.findings,
        parsed_on: None,
    }
}

/// Where the report goes: standard output, written as it comes, or a temporary file beside
/// `--output` that is renamed over it at the end, so that a reader never sees half a report and a
/// failed run leaves an existing report as it was.
struct Output {
    target: Target,
    /// The first write error; later writes are skipped.
    failed: Option<std::io::Error>,
}

enum Target {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File {
        path: PathBuf,
        file: std::io::BufWriter<tempfile::NamedTempFile>,
    },
    /// A target that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO): written in place,
    /// as a shell redirection does; renaming a file over it would replace the device itself.
    InPlace {
        path: PathBuf,
        file: std::io::BufWriter<std::fs::File>,
    },
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Output, OutputError> {
        let target = match path {
            None => Target::Stdout(std::io::BufWriter::new(std::io::stdout())),
            Some(path) => match super::inputs::output_target(path) {
                super::inputs::OutputTarget::Special => {
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .open(path)
                        .map_err(|error| OutputError::new(path, &error))?;
                    Target::InPlace {
                        path: path.to_path_buf(),
                        file: std::io::BufWriter::new(file),
                    }
                }
                super::inputs::OutputTarget::File(path) => {
                    let file = super::inputs::temporary_beside(&path)
                        .map_err(|error| OutputError::new(&path, &error))?;
                    Target::File {
                        path,
                        file: std::io::BufWriter::new(file),
                    }
                }
            },
        };
        Ok(Output {
            target,
            failed: None,
        })
    }

    fn write(&mut self, text: &str) {
        if self.failed.is_some() {
            return;
        }
        let written = match &mut self.target {
            Target::Stdout(out) => out.write_all(text.as_bytes()),
            Target::File { file, .. } => file.write_all(text.as_bytes()),
            Target::InPlace { file, .. } => file.write_all(text.as_bytes()),
        };
        self.failed = written.err();
    }

    /// Flushes the report (and renames the file into place); the exit code so far:
    /// `EXIT_SUCCESS`, or `EXIT_FAILURE` after reporting a write error. A closed pipe
    /// (`wenshen check … | head`) is not an error.
    fn finish(self) -> i32 {
        match self.target {
            Target::Stdout(mut out) => {
                let result = match self.failed {
                    Some(error) => Err(error),
                    None => out.flush(),
                };
                super::finish_output(result, EXIT_SUCCESS)
            }
            Target::File { path, file } => match persist(&path, self.failed, file) {
                Ok(()) => EXIT_SUCCESS,
                Err(error) => {
                    super::report_to_stderr([&error as &dyn Diagnostic]);
                    EXIT_FAILURE
                }
            },
            Target::InPlace { path, mut file } => {
                match self.failed.map_or_else(|| file.flush(), Err) {
                    Ok(()) => EXIT_SUCCESS,
                    Err(error) => {
                        let error = OutputError::new(&path, &error);
                        super::report_to_stderr([&error as &dyn Diagnostic]);
                        EXIT_FAILURE
                    }
                }
            }
        }
    }
}

fn persist(
    path: &Path,
    failed: Option<std::io::Error>,
    file: std::io::BufWriter<tempfile::NamedTempFile>,
) -> Result<(), OutputError> {
    if let Some(error) = failed {
        return Err(OutputError::new(path, &error));
    }
    let temporary = file
        .into_inner()
        .map_err(|error| OutputError::new(path, error.error()))?;
    // A temporary file is private (0600); a report is an ordinary file that others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temporary
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|error| OutputError::new(path, &error))?;
    }
    temporary
        .persist(path)
        .map_err(|error| OutputError::new(path, &error.error))?;
    Ok(())
}

/// The reports made from all files at the end: `--statistics` and HTML.
fn render(args: &CheckArgs, files: &[Checked], coverage: &[CoverageRow]) -> String {
    match args.format {
        Format::Json if args.statistics => report::statistics::render_json(files),
        _ if args.statistics => report::statistics::render_text(files),
        _ => report::html::render(files, coverage),
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

/// Every `.rule` file directly in `dir` and the `.defs` and `.list` files they share, in name
/// order.
pub(super) fn read_rule_dir(dir: &Path) -> Result<Vec<RuleSource>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("无法读取规则目录 {}：{error}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "rule" || ext == "defs" || ext == "list")
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("规则目录 {} 中没有 .rule 文件", dir.display()));
    }
    // Read in parallel (a generated pack has thousands of files), then the first error in name
    // order, whatever the thread count.
    let read: Vec<Result<RuleSource, String>> = paths
        .into_par_iter()
        .map(|path| {
            crate::source::read_text(&path)
                .map(|text| RuleSource {
                    name: path.display().to_string(),
                    text,
                })
                .map_err(|error| format!("无法读取规则文件 {}：{error}", path.display()))
        })
        .collect();
    read.into_iter().collect()
}
