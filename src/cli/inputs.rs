//! From command-line paths to the list of files a run reads, shared by every subcommand.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::source::{self, SourceError, SourceFile};

/// File extensions read when walking a directory (compared without case: `.TXT` from Windows too).
const PLAN_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// The files named by the command line.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Sorted by displayed name, each file once, so that output order never depends on argument
    /// order, directory order or thread count.
    pub files: Vec<PathBuf>,
    /// Paths that do not exist and directories that could not be walked, in argument order.
    pub errors: Vec<SourceError>,
}

/// Collects the files to read from `paths`.
///
/// A directory is walked recursively with the `ignore` crate: `.gitignore` and `.ignore` are honoured
/// (also outside a git repository: a folder of plans with a `.gitignore` means it), hidden entries are
/// skipped, and only `.txt` and `.md` files are kept. A file named explicitly is always read, whatever
/// its extension, because the user asked for it.
pub fn collect(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(error) => inputs
                .errors
                .push(SourceError::unreadable(source::display_path(path), error)),
            Ok(metadata) if metadata.is_dir() => walk(path, &mut files, &mut inputs.errors),
            Ok(_) => files.push(path.clone()),
        }
    }

    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| (source::display_path(&path), path))
        .collect();
    named.sort();
    // `a.txt`, `./a.txt` and `dir/../a.txt` are one file: deduplicate on the canonical path and keep
    // the first name in sorted order.
    let mut seen = HashSet::new();
    named.retain(|(_, path)| {
        seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
    });
    inputs.files = named.into_iter().map(|(_, path)| path).collect();
    inputs
}

/// Reads and decodes `files` in parallel; the results keep the order of `files`.
pub fn read_all(files: &[PathBuf]) -> Vec<Result<SourceFile, SourceError>> {
    files
        .par_iter()
        .map(|path| source::read_path(path))
        .collect()
}

fn walk(directory: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<SourceError>) {
    let walker = ignore::WalkBuilder::new(directory)
        .hidden(true)
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry
                    .file_type()
                    .is_some_and(|file_type| file_type.is_file());
                if is_file && has_plan_extension(entry.path()) {
                    files.push(entry.into_path());
                }
            }
            Err(error) => errors.push(walk_error(directory, error)),
        }
    }
}

fn has_plan_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            PLAN_EXTENSIONS
                .iter()
                .any(|plan_extension| extension.eq_ignore_ascii_case(plan_extension))
        })
}

/// An error met while walking `directory`, named after the entry it is about when `ignore` says.
fn walk_error(directory: &Path, error: ignore::Error) -> SourceError {
    let path = error_path(&error).unwrap_or(directory).to_path_buf();
    let name = source::display_path(&path);
    // Ignore-file syntax errors carry no I/O error; keep `ignore`'s own description for them.
    let description = error.to_string();
    match error.into_io_error() {
        Some(io_error) => SourceError::unreadable(name, io_error),
        None => SourceError::Unreadable {
            name,
            reason: format!("遍历目录时出错（{description}）"),
            source: None,
        },
    }
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithLineNumber { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}
