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
    /// 要解析的文件或目录（目录递归读取其中的 .txt、.md、.docx、.html、.htm 和 .pdf 文件）；`-` 读取标准输入。
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 标准输入（`-`）在输出中使用的文件名。
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

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

    let (paths, reads_stdin) = super::without_stdin(&args.paths);
    let inputs = inputs::collect(&paths);
    super::note_skipped(inputs.skipped);
    // Standard input can be read only once: it comes first, as a batch of its own.
    let from_stdin = reads_stdin
        .then(|| inputs::read_stdin(args.stdin_filename.as_deref().unwrap_or(super::STDIN_NAME)));
    let nothing_read = inputs.files.is_empty() && from_stdin.is_none() && inputs.errors.is_empty();
    if nothing_read {
        let error = super::NothingRead {
            skipped: inputs.skipped,
        };
        super::report_to_stderr([&error as &dyn miette::Diagnostic]);
        return EXIT_FAILURE;
    }
    let mut output = DocumentWriter::new(std::io::BufWriter::new(std::io::stdout().lock()), format);
    let mut failures = Vec::new();
    let mut written = Ok(());
    let batches = from_stdin
        .map(|read| vec![read])
        .into_iter()
        .chain(inputs.files.chunks(BATCH).map(inputs::read_all));
    for batch in batches {
        let outcomes: Vec<Result<Document, FileError>> = batch
            .into_par_iter()
            .map(|read| {
                let source = read?;
                Ok(guard_panics(&source.name, || document::parse(&source))?)
            })
            .collect();
        let mut documents = Vec::new();
        for outcome in outcomes {
            match outcome {
                Ok(document) => documents.push(document),
                Err(error) => failures.push(error),
            }
        }
        written = output.write(&documents);
        if written.is_err() {
            // Nobody reads the rest (`wenshen parse … | head`): stop.
            break;
        }
    }
    if written.is_ok() {
        written = output.finish();
    }

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

/// Files are read, parsed and written this many at a time: memory holds one batch of documents, not
/// the whole corpus (a 150 MB corpus took 560 MB when every document was kept until the end), and
/// a closed pipe stops the work early.
const BATCH: usize = 256;

/// Writes documents batch by batch as one JSON array (what `serde_json::to_writer_pretty` writes
/// for the whole list) or as outlines separated by blank lines.
struct DocumentWriter<W: Write> {
    out: W,
    format: ParseFormat,
    written: usize,
}

impl<W: Write> DocumentWriter<W> {
    fn new(out: W, format: ParseFormat) -> Self {
        DocumentWriter {
            out,
            format,
            written: 0,
        }
    }

    fn write(&mut self, documents: &[Document]) -> std::io::Result<()> {
        match self.format {
            ParseFormat::Json => {
                for item in pretty_json_items(documents)? {
                    let separator: &[u8] = if self.written == 0 { b"[\n" } else { b",\n" };
                    self.out.write_all(separator)?;
                    self.out.write_all(&item)?;
                    self.written += 1;
                }
            }
            ParseFormat::Tree => {
                for document in documents {
                    if self.written > 0 {
                        writeln!(self.out)?;
                    }
                    write!(self.out, "{}", render_tree(document))?;
                    self.written += 1;
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if self.format == ParseFormat::Json {
            let end: &[u8] = if self.written == 0 { b"[]\n" } else { b"\n]\n" };
            self.out.write_all(end)?;
        }
        self.out.flush()
    }
}

/// Each document as an element of a pretty-printed JSON array (indented one level), serialized in
/// parallel: written by one thread, the output took a tenth of a run and kept `-j 2` from scaling.
fn pretty_json_items(documents: &[Document]) -> std::io::Result<Vec<Vec<u8>>> {
    let items = documents
        .par_iter()
        .map(|document| {
            let item = serde_json::to_vec_pretty(document)?;
            // JSON strings hold no raw line breaks, so splitting at them is safe.
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
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn batched_output_is_serde_jsons_pretty_array_byte_for_byte() {
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
            let mut expected = serde_json::to_vec_pretty(&documents[..count]).unwrap_or_default();
            expected.push(b'\n');
            for batch in 1..=2 {
                let mut writer = DocumentWriter::new(Vec::new(), ParseFormat::Json);
                for chunk in documents[..count].chunks(batch) {
                    writer.write(chunk).expect("written to memory");
                }
                writer.finish().expect("written to memory");
                assert_eq!(
                    writer.out, expected,
                    "{count} documents in batches of {batch}"
                );
            }
        }
    }
}
