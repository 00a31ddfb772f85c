//! `wenshen parse PATHS... [--format json|tree]`: the document model of each input.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::{EXIT_FAILURE, EXIT_SUCCESS, FileError, guard_panics, inputs};
use crate::document::{self, Document};
use crate::report::tree::render_tree;

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// 要解析的文件或目录（目录递归读取其中的 .txt 和 .md 文件）。
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 输出格式（默认：标准输出是终端时为 tree，否则为 json）。
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ParseFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// 文档模型的 JSON 数组（格式见 README）。
    Json,
    /// 供人阅读的大纲：部分、小节、任务及其单位和时限。
    Tree,
}

pub fn run(args: &ParseArgs) -> i32 {
    let format = args.format.unwrap_or_else(|| {
        // People at a terminal read the outline; pipes and files get the machine-readable model.
        if std::io::stdout().is_terminal() {
            ParseFormat::Tree
        } else {
            ParseFormat::Json
        }
    });

    let inputs = inputs::collect(&args.paths);
    let outcomes: Vec<Result<Document, FileError>> = inputs::read_all(&inputs.files)
        .into_par_iter()
        .map(|read| {
            let source = read?;
            Ok(guard_panics(&source.name, || document::parse(&source))?)
        })
        .collect();

    let mut documents = Vec::new();
    let mut failures = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(document) => documents.push(document),
            Err(error) => failures.push(error),
        }
    }

    let written = write_documents(&documents, format);
    super::report_to_stderr(
        inputs
            .errors
            .iter()
            .map(|error| error as &dyn miette::Diagnostic)
            .chain(
                failures
                    .iter()
                    .map(|error| error as &dyn miette::Diagnostic),
            ),
    );
    let exit_code = if inputs.errors.is_empty() && failures.is_empty() {
        EXIT_SUCCESS
    } else {
        EXIT_FAILURE
    };
    super::finish_output(written, exit_code)
}

fn write_documents(documents: &[Document], format: ParseFormat) -> std::io::Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        ParseFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, documents)?;
            writeln!(stdout)?;
        }
        ParseFormat::Tree => {
            for (index, document) in documents.iter().enumerate() {
                if index > 0 {
                    writeln!(stdout)?;
                }
                write!(stdout, "{}", render_tree(document))?;
            }
        }
    }
    stdout.flush()
}
