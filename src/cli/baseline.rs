//! Baselines for legacy documents: `--write-baseline FILE` records today's findings and
//! `--baseline FILE` reports only the ones not recorded.
//!
//! A finding is keyed by what it is about, not where: (file, code, the text under its span, the
//! text around it on its line, which occurrence of that same pair it is). Inserting or deleting a
//! paragraph elsewhere in the file moves byte offsets and line numbers but changes no key.
//!
//! File paths are recorded relative to the baseline file's directory, so the baseline holds
//! whichever directory `check` runs from.
//!
//! Error codes: `B001` the baseline file cannot be read or written, `B002` it is not a baseline.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use miette::Diagnostic;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::engine::Checked;

/// The baseline file format's version; a file of another version is rejected.
pub const VERSION: u32 = 1;

/// Characters of context kept on each side of a finding's span: enough to tell two findings of one
/// line apart, little enough that an edit further along a long line does not change the key.
const CONTEXT_CHARS: usize = 40;

#[derive(Debug, Default, Args)]
pub struct BaselineArgs {
    /// 把本次的全部发现记入基线文件（JSON），之后用 --baseline 只报告新的发现。
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// 只报告基线文件中没有记录的发现。
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub file: String,
    pub code: String,
    /// The text under the span, whitespace collapsed.
    pub text: String,
    /// The span's line around it (at most [`CONTEXT_CHARS`] each side), whitespace collapsed.
    pub context: String,
    /// 0 for the first finding with this (file, code, text, context) in the file, 1 for the next…
    pub occurrence: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    /// Sorted, so the file is the same for the same findings.
    findings: Vec<Key>,
}

#[derive(Debug, Error, Diagnostic)]
pub enum BaselineError {
    #[error("无法{action}基线文件 {path}：{reason}")]
    #[diagnostic(code(B001), help("检查路径与权限；基线文件由 --write-baseline 写出"))]
    Io {
        action: &'static str,
        path: String,
        reason: String,
    },
    #[error("{path} 不是 wenshen 基线文件：{reason}")]
    #[diagnostic(
        code(B002),
        help("基线文件须由本版本的 `wenshen check --write-baseline` 写出；重新写一份即可")
    )]
    Malformed { path: String, reason: String },
}

/// The keys of one file's findings, in the findings' order. `name` is the file's path as recorded:
/// see [`recorded_name`].
pub fn keys(file: &Checked, name: &str) -> Vec<Key> {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    file.findings
        .iter()
        .map(|finding| {
            let text = collapse(
                file.source
                    .text
                    .get(finding.span.range())
                    .unwrap_or_default(),
            );
            let context = collapse(&context(&file.source.text, finding.span.range()));
            let counter = seen
                .entry((finding.code.clone(), text.clone(), context.clone()))
                .or_default();
            let occurrence = *counter;
            *counter += 1;
            Key {
                file: name.to_string(),
                code: finding.code.clone(),
                text,
                context,
                occurrence,
            }
        })
        .collect()
}

/// A baseline in use for one run, applied batch by batch: a batch's findings are keyed as soon as
/// it is checked (keys read the texts) and those the baseline records are dropped.
pub struct Baseline {
    path: PathBuf,
    use_: Use,
    /// Findings dropped so far.
    dropped: usize,
}

enum Use {
    /// `--write-baseline`: every finding is recorded, and so dropped. The file is written to a
    /// temporary file beside it at the end, made at the start so that an unwritable place is
    /// reported before the run.
    Write {
        keys: BTreeSet<Key>,
        /// `None` for a target that is not a regular file (`/dev/null`), written in place.
        file: Option<tempfile::NamedTempFile>,
    },
    /// `--baseline`: the findings recorded.
    Read(BTreeSet<Key>),
}

impl Baseline {
    /// The baseline `args` ask for, if any: read, or made ready to be written.
    pub fn open(args: &BaselineArgs) -> Result<Option<Baseline>, BaselineError> {
        let (path, use_) = match (&args.write_baseline, &args.baseline) {
            (Some(path), _) => {
                let file = match super::inputs::output_target(path) {
                    super::inputs::OutputTarget::Special => None,
                    super::inputs::OutputTarget::File(target) => {
                        Some(super::inputs::temporary_beside(&target).map_err(|error| {
                            io_error("写出", path, &super::inputs::output_failure(&error))
                        })?)
                    }
                };
                let keys = BTreeSet::new();
                (path, Use::Write { keys, file })
            }
            (None, Some(path)) => (path, Use::Read(read(path)?)),
            (None, None) => return Ok(None),
        };
        Ok(Some(Baseline {
            path: path.clone(),
            use_,
            dropped: 0,
        }))
    }

    /// Records a batch's findings, or drops those recorded.
    pub fn apply(&mut self, files: &mut [Checked]) {
        for file in files {
            let keys = keys(file, &recorded_name(&file.source.name, &self.path));
            let mut keep = match &mut self.use_ {
                Use::Write { keys: recorded, .. } => {
                    recorded.extend(keys);
                    Vec::new()
                }
                Use::Read(recorded) => keys.iter().map(|key| !recorded.contains(key)).collect(),
            }
            .into_iter();
            let before = file.findings.len();
            file.findings.retain(|_| keep.next().unwrap_or(false));
            self.dropped += before - file.findings.len();
        }
    }

    /// Writes the baseline file, when one is being written; how many findings were dropped.
    pub fn finish(self) -> Result<usize, BaselineError> {
        if let Use::Write { keys, file } = self.use_ {
            write(&self.path, &keys, file)?;
        }
        Ok(self.dropped)
    }
}

/// [`Baseline::open`] for the check command: an error is reported on stderr, and `Err` holds the
/// exit code.
pub fn open(args: &BaselineArgs) -> Result<Option<Baseline>, i32> {
    Baseline::open(args).map_err(|error| {
        super::report_to_stderr([&error as &dyn Diagnostic]);
        super::EXIT_FAILURE
    })
}

/// [`Baseline::finish`] for the check command: the count, or an error, on stderr; `Err` holds the
/// exit code.
pub fn finish(baseline: Baseline) -> Result<(), i32> {
    let path = baseline.path.clone();
    let writing = matches!(baseline.use_, Use::Write { .. });
    match baseline.finish() {
        Ok(dropped) if writing => {
            eprintln!(
                "已将 {dropped} 条发现记入基线 {}，以后只报告新的发现",
                path.display()
            );
            Ok(())
        }
        Ok(dropped) => {
            eprintln!("基线已抑制 {dropped} 条已知发现");
            Ok(())
        }
        Err(error) => {
            super::report_to_stderr([&error as &dyn Diagnostic]);
            Err(super::EXIT_FAILURE)
        }
    }
}

fn io_error(action: &'static str, path: &Path, error: &dyn std::fmt::Display) -> BaselineError {
    BaselineError::Io {
        action,
        path: path.display().to_string(),
        reason: error.to_string(),
    }
}

fn write(
    path: &Path,
    keys: &BTreeSet<Key>,
    file: Option<tempfile::NamedTempFile>,
) -> Result<(), BaselineError> {
    let baseline = BaselineFile {
        version: VERSION,
        findings: keys.iter().cloned().collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&baseline).map_err(|error| io_error("写出", path, &error))?;
    text.push('\n');
    let Some(mut file) = file else {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut target| target.write_all(text.as_bytes()))
            .map_err(|error| io_error("写出", path, &error));
    };
    file.write_all(text.as_bytes())
        .map_err(|error| io_error("写出", path, &error))?;
    // A temporary file is private (0600); a baseline is an ordinary file, committed and shared.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|error| io_error("写出", path, &error))?;
    }
    let target = match super::inputs::output_target(path) {
        super::inputs::OutputTarget::File(target) => target,
        super::inputs::OutputTarget::Special => path.to_path_buf(),
    };
    file.persist(target)
        .map_err(|error| io_error("写出", path, &super::inputs::output_failure(&error.error)))?;
    Ok(())
}

fn read(path: &Path) -> Result<BTreeSet<Key>, BaselineError> {
    let text = crate::source::read_text(path).map_err(|error| io_error("读取", path, &error))?;
    let file: BaselineFile =
        serde_json::from_str(&text).map_err(|error| BaselineError::Malformed {
            path: path.display().to_string(),
            reason: error.to_string(),
        })?;
    if file.version != VERSION {
        return Err(BaselineError::Malformed {
            path: path.display().to_string(),
            reason: format!("版本 {}，本版本读取版本 {VERSION}", file.version),
        });
    }
    Ok(file.findings.into_iter().collect())
}

/// A checked file's path relative to the baseline file's directory, with `/` separators, so that
/// a baseline is read the same from any working directory; the path as given when it is not
/// under that directory (or is not a file on disk).
fn recorded_name(name: &str, baseline: &Path) -> String {
    let relative = || {
        let file = std::fs::canonicalize(name).ok()?;
        let dir = baseline.parent().filter(|dir| !dir.as_os_str().is_empty());
        let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
        let relative = file.strip_prefix(dir).ok()?;
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    };
    relative().unwrap_or_else(|| name.to_string())
}

/// The lines holding `range`, cut to [`CONTEXT_CHARS`] characters on each side of it.
fn context(text: &str, range: std::ops::Range<usize>) -> String {
    let (Some(before), Some(under), Some(after)) = (
        text.get(..range.start),
        text.get(range.clone()),
        text.get(range.end..),
    ) else {
        return String::new();
    };
    let before = before.rsplit('\n').next().unwrap_or_default();
    let after = after.split('\n').next().unwrap_or_default();
    let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
    let before: String = before.chars().skip(skip).collect();
    let after: String = after.chars().take(CONTEXT_CHARS).collect();
    format!("{before}{under}{after}")
}

/// Runs of whitespace become one space; the ends are trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_line_cut_around_the_span() {
        let text = "标题\n前文，做好公开工作。后文\n下一行";
        let start = text.find("公开").unwrap_or_default();
        assert_eq!(context(text, start..start + 6), "前文，做好公开工作。后文");
        let long = format!("{}X{}", "甲".repeat(100), "乙".repeat(100));
        let at = long.find('X').unwrap_or_default();
        assert_eq!(
            context(&long, at..at + 1),
            format!("{}X{}", "甲".repeat(40), "乙".repeat(40))
        );
        assert_eq!(collapse("  做好 \t公开\n工作 "), "做好 公开 工作");
    }
}
