//! From command-line paths to the list of files a run reads, shared by every subcommand.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use indicatif::ProgressBar;
use miette::Diagnostic;
use rayon::prelude::*;
use thiserror::Error;

use crate::source::{self, SourceError, SourceFile};

/// File extensions read when walking a directory (compared without case: `.TXT` from Windows too).
/// Old `.doc` and `.wps` files are not picked up from directories: a folder often keeps them beside
/// the `.docx` they were saved as, and named explicitly they get an error that asks for `.docx`.
const PLAN_EXTENSIONS: [&str; 6] = ["txt", "md", "docx", "html", "htm", "pdf"];

/// The files named by the command line.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Sorted by displayed name, each file once, so that output order never depends on argument
    /// order, directory order or thread count.
    pub files: Vec<PathBuf>,
    /// Paths that do not exist, globs that match nothing and directories that could not be walked,
    /// in argument order.
    pub errors: Vec<SourceError>,
    /// Files met while walking a directory or expanding a glob that were left out for their
    /// extension, so that the user can be told how many.
    pub skipped: usize,
}

/// Collects the files to read from `paths`.
///
/// A directory is walked recursively with the `ignore` crate: `.gitignore` and `.ignore` are honoured
/// (also outside a git repository: a folder of plans with a `.gitignore` means it), hidden entries are
/// skipped, and only `.txt`, `.md`, `.docx`, `.html`, `.htm` and `.pdf` files are kept. A file named explicitly is always read, whatever
/// its extension, because the user asked for it.
///
/// A path that does not exist but holds glob characters (`*?[{`) is a glob, for shells that did
/// not expand it (`'plans/**/*.md'`, Windows): the walk starts at its longest literal directory,
/// `*` stays within one path component and `**` crosses them, and it keeps what matches.
pub fn collect(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(_) if is_glob(path) => expand_glob(path, &mut files, &mut inputs),
            Err(error) => inputs
                .errors
                .push(SourceError::unreadable(source::display_path(path), error)),
            Ok(metadata) if metadata.is_dir() => walk(path, &mut files, &mut inputs),
            Ok(_) => files.push(path.clone()),
        }
    }

    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| (source::display_path(&path), path))
        .collect();
    named.sort();
    // `a.txt`, `./a.txt` and `dir/../a.txt` are one file: deduplicate on the canonical path and keep
    // the first name in sorted order. Canonical paths are a system call each: made in parallel.
    let canonical: Vec<PathBuf> = named
        .par_iter()
        .map(|(_, path)| std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        .collect();
    let mut seen = HashSet::new();
    let mut canonical = canonical.into_iter();
    named.retain(|_| canonical.next().is_some_and(|path| seen.insert(path)));
    inputs.files = named.into_iter().map(|(_, path)| path).collect();
    inputs
}

/// Reads and decodes `files` in parallel; the results keep the order of `files`.
pub fn read_all(files: &[PathBuf]) -> Vec<Result<SourceFile, SourceError>> {
    read_all_counted(files, &ProgressBar::hidden())
}

/// As [`read_all`], advancing `progress` by one per file read.
pub fn read_all_counted(
    files: &[PathBuf],
    progress: &ProgressBar,
) -> Vec<Result<SourceFile, SourceError>> {
    files
        .par_iter()
        .map(|path| {
            let read = source::read_path(path);
            progress.inc(1);
            read
        })
        .collect()
}

/// Reads standard input to its end (at most [`source::MAX_INPUT_BYTES`]) and decodes it like a
/// file called `name`.
pub fn read_stdin(name: &str) -> Result<SourceFile, SourceError> {
    let bytes =
        source::read_limited(std::io::stdin().lock(), 0).map_err(|error| error.named(name))?;
    source::decode(name, &bytes)
}

fn walk(directory: &Path, files: &mut Vec<PathBuf>, inputs: &mut Inputs) {
    let walker = walker(directory).build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !is_regular_file(&entry) {
                    continue;
                }
                if has_plan_extension(entry.path()) {
                    files.push(entry.into_path());
                } else {
                    inputs.skipped += 1;
                }
            }
            Err(error) => inputs.errors.push(walk_error(directory, error)),
        }
    }
}

/// A walked entry that is a regular file, or a symbolic link to one (a plan kept elsewhere and
/// linked into the folder; links to directories are not followed, so the walk cannot loop).
fn is_regular_file(entry: &ignore::DirEntry) -> bool {
    match entry.file_type() {
        Some(file_type) if file_type.is_symlink() => {
            std::fs::metadata(entry.path()).is_ok_and(|metadata| metadata.is_file())
        }
        Some(file_type) => file_type.is_file(),
        None => false,
    }
}

/// Directory walks skip hidden entries and honour ignore files, in a git repository or not.
fn walker(directory: &Path) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(directory);
    builder.hidden(true).require_git(false);
    builder
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '[', '{'])
}

fn expand_glob(pattern: &Path, files: &mut Vec<PathBuf>, inputs: &mut Inputs) {
    let shown = source::display_path(pattern);
    let glob_error = |reason: String| SourceError::Unreadable {
        name: shown.clone(),
        reason,
        source: None,
    };
    let matcher = match GlobBuilder::new(&shown)
        .literal_separator(true)
        .build()
        .and_then(compile_glob)
    {
        Ok(matcher) => matcher,
        Err(error) => {
            inputs
                .errors
                .push(glob_error(format!("通配符写法有误（{}）", error.kind())));
            return;
        }
    };
    // The walk starts at the components before the first one with a glob character.
    let mut base = PathBuf::new();
    let mut rest = 0;
    for component in pattern.components() {
        if rest > 0 || is_glob(Path::new(component.as_os_str())) {
            rest += 1;
        } else {
            base.push(component);
        }
    }
    let crosses_directories = shown.contains("**");
    let walk_from = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base.as_path()
    };
    let mut walk = walker(walk_from);
    if !crosses_directories {
        walk.max_depth(Some(rest));
    }
    let found_before = files.len();
    for entry in walk.build() {
        match entry {
            Ok(entry) => {
                let is_file = is_regular_file(&entry);
                // A relative pattern walked from `.` sees `./a.md`: match and keep `a.md`.
                let path = if base.as_os_str().is_empty() {
                    strip_current_dir(entry.path())
                } else {
                    entry.path().to_path_buf()
                };
                if is_file && matcher.is_match(source::display_path(&path)) {
                    files.push(path);
                }
            }
            Err(error) => inputs.errors.push(walk_error(walk_from, error)),
        }
    }
    if files.len() == found_before {
        inputs
            .errors
            .push(glob_error("没有文件与此通配符匹配".to_string()));
    }
}

/// Where a report or baseline named on the command line is written.
pub enum OutputTarget {
    /// Something that is not a regular file (a device, a FIFO): written in place.
    Special,
    /// A regular file, or none yet, at this path (a symbolic link resolved, so that the link
    /// stays and its target gets the report): written beside it and renamed over it.
    File(PathBuf),
}

/// What `path` names as an output.
pub fn output_target(path: &Path) -> OutputTarget {
    match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() && !metadata.is_dir() => OutputTarget::Special,
        Ok(_) => OutputTarget::File(std::fs::canonicalize(path).unwrap_or_else(|_| path.into())),
        Err(_) => OutputTarget::File(path.to_path_buf()),
    }
}

/// A temporary file in `path`'s directory, to be renamed over it once complete. Its name says
/// whose it is, should a killed run leave it behind; a run ended by SIGINT, SIGTERM or SIGHUP
/// removes it first (see [`super::signals`]).
pub fn temporary_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    super::signals::track(
        || {
            tempfile::Builder::new()
                .prefix(".wenshen-")
                .suffix(".tmp")
                .tempfile_in(directory)
        },
        tempfile::NamedTempFile::path,
    )
}

/// Why writing an output failed, in words about the output the user named. `tempfile` adds the
/// path of its temporary file to its errors, a hidden name the user never gave and will not find:
/// the common failures are said in Chinese, and the others lose that path.
pub fn output_failure(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "所在目录不存在".to_string(),
        ErrorKind::PermissionDenied => "没有写入权限".to_string(),
        ErrorKind::ReadOnlyFilesystem => "所在文件系统是只读的".to_string(),
        ErrorKind::StorageFull => "磁盘空间已满".to_string(),
        ErrorKind::IsADirectory => "这是一个目录".to_string(),
        _ => {
            let text = error.to_string();
            match (error.get_ref(), text.rfind(" at path ")) {
                (Some(_), Some(at)) => text.get(..at).unwrap_or(&text).to_string(),
                _ => text,
            }
        }
    }
}

/// An output (`-o`, `--write-baseline`) names one of the inputs.
#[derive(Debug, Error, Diagnostic)]
#[error("输出文件 {output} 就是输入文件 {input}，为免覆盖输入，未作检查")]
#[diagnostic(code(O005), help("请把报告、基线或台账写到另一个文件。"))]
pub struct OutputIsInput {
    pub output: String,
    pub input: String,
}

/// Refuses outputs that name one of `inputs` (the same file, by whatever path): writing there
/// would replace the input.
pub fn refuse_inputs_as_outputs(
    outputs: &[Option<&Path>],
    inputs: &[PathBuf],
) -> Result<(), OutputIsInput> {
    for output in outputs.iter().flatten() {
        let Ok(resolved) = std::fs::canonicalize(output) else {
            continue;
        };
        if let Some(input) = inputs
            .iter()
            .find(|input| std::fs::canonicalize(input).is_ok_and(|input| input == resolved))
        {
            return Err(OutputIsInput {
                output: source::display_path(output),
                input: source::display_path(input),
            });
        }
    }
    Ok(())
}

/// Compiles a glob into a matcher, or says why it cannot be: `Glob::compile_matcher` panics on a
/// glob that parses but whose regex is too large (`{a,` nested 130 deep, 100,000 `*`).
pub fn compile_glob(glob: Glob) -> Result<GlobSet, globset::Error> {
    GlobSetBuilder::new().add(glob).build()
}

fn strip_current_dir(path: &Path) -> PathBuf {
    let mut components = path.components();
    if path.components().next() == Some(Component::CurDir) {
        components.next();
    }
    components.as_path().to_path_buf()
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
