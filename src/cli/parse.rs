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

/// The documents as one pretty-printed JSON array, byte for byte what
/// `serde_json::to_writer_pretty` writes, with the documents serialized in parallel: written by one
/// thread, the output took a tenth of a run and kept `-j 2` from scaling.
fn pretty_json_array(documents: &[Document]) -> std::io::Result<Vec<u8>> {
    if documents.is_empty() {
        return Ok(b"[]".to_vec());
    }
    let items: Vec<Vec<u8>> = documents
        .par_iter()
        .map(|document| {
            let item = serde_json::to_vec_pretty(document)?;
            // Inside the array every line is indented one level (JSON strings hold no raw line
            // breaks, so splitting at them is safe).
            let mut indented = Vec::with_capacity(item.len() + item.len() / 16);
            for line in item.split(|&byte| byte == b'\n') {
                if !indented.is_empty() {
                    indented.push(b'\n');
                }
                indented.extend_from_slice(b"  ");
                indented.extend_from_slice(line);
            }
            Ok(indented)
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let mut out = Vec::with_capacity(items.iter().map(|item| item.len() + 2).sum::<usize>() + 4);
    out.extend_from_slice(b"[\n");
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(item);
    }
    out.extend_from_slice(b"\n]");
    Ok(out)
}

fn write_documents(documents: &[Document], format: ParseFormat) -> std::io::Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        ParseFormat::Json => {
            stdout.write_all(&pretty_json_array(documents)?)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn the_parallel_json_is_serde_jsons_pretty_array_byte_for_byte() {
        let plans = [
            "2023年某县政务公开工作要点\n一、基础工作\n1. 做好\"年报\"。\n（责任单位：县财政局；完成时限：全年）\n",
            "| 序号 | 工作任务 | 责任单位 |\n|---|---|---|\n| 1 | 公开\\n预算。 | 县财政局 |\n",
            "",
        ];
        let documents: Vec<Document> = plans
            .iter()
            .map(|text| document::parse(&SourceFile::from_text("plan.txt", *text)))
            .collect();
        for count in 0..=documents.len() {
            let expected = serde_json::to_vec_pretty(&documents[..count]).ok();
            assert_eq!(
                pretty_json_array(&documents[..count]).ok(),
                expected,
                "{count} documents"
            );
        }
    }
}
