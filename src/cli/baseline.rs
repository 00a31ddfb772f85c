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

/// Writes the baseline (when asked), then drops every finding the baseline records. Returns how
/// many findings were dropped, or `None` when no baseline is in use.
pub fn apply(args: &BaselineArgs, files: &mut [Checked]) -> Result<Option<usize>, BaselineError> {
    let Some(path) = args.write_baseline.as_ref().or(args.baseline.as_ref()) else {
        return Ok(None);
    };
    let names: Vec<String> = files
        .iter()
        .map(|file| recorded_name(&file.source.name, path))
        .collect();
    let recorded: BTreeSet<Key> = if args.write_baseline.is_some() {
        let keys: BTreeSet<Key> = files
            .iter()
            .zip(&names)
            .flat_map(|(file, name)| keys(file, name))
            .collect();
        write(path, &keys)?;
        keys
    } else {
        read(path)?
    };
    let mut dropped = 0;
    for (file, name) in files.iter_mut().zip(&names) {
        let mut keep = keys(file, name)
            .into_iter()
            .map(|key| !recorded.contains(&key));
        let before = file.findings.len();
        file.findings.retain(|_| keep.next().unwrap_or(true));
        dropped += before - file.findings.len();
    }
    Ok(Some(dropped))
}

/// `apply` for the check command: reports errors and the count on stderr; `Err` holds the exit code.
pub fn run(args: &BaselineArgs, files: &mut [Checked]) -> Result<(), i32> {
    match apply(args, files) {
        Ok(None) => Ok(()),
        Ok(Some(dropped)) => {
            if let Some(path) = &args.write_baseline {
                eprintln!(
                    "已将 {dropped} 条发现记入基线 {}，以后只报告新的发现",
                    path.display()
                );
            } else {
                eprintln!("基线已抑制 {dropped} 条已知发现");
            }
            Ok(())
        }
        Err(error) => {
            super::report_to_stderr([&error as &dyn Diagnostic]);
            Err(super::EXIT_FAILURE)
        }
    }
}

fn write(path: &Path, keys: &BTreeSet<Key>) -> Result<(), BaselineError> {
    let file = BaselineFile {
        version: VERSION,
        findings: keys.iter().cloned().collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|error| BaselineError::Io {
        action: "写出",
        path: path.display().to_string(),
        reason: error.to_string(),
    })?;
    text.push('\n');
    std::fs::write(path, text).map_err(|error| BaselineError::Io {
        action: "写出",
        path: path.display().to_string(),
        reason: error.to_string(),
    })
}

fn read(path: &Path) -> Result<BTreeSet<Key>, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|error| BaselineError::Io {
        action: "读取",
        path: path.display().to_string(),
        reason: error.to_string(),
    })?;
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
