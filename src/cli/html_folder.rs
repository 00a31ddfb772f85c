//! `check --format html -o DIR/`: the HTML report of an archive as a folder — `index.html` (totals,
//! rule statistics, coverage matrix, the list of documents), `wenshen.css`, and one page per
//! document under `docs/`. Rendering is [`report::html::Folder`]'s; this writes the files.

use std::path::Path;

use miette::Diagnostic;
use rayon::prelude::*;

use super::check::OutputError;
use crate::engine::{Checked, CoverageRow};
use crate::report::html::{Folder, STYLESHEET};

/// Whether `-o PATH` asks for a folder: the path ends with a separator, or names a directory.
pub fn is_folder(path: &Path) -> bool {
    let written = path.as_os_str().to_string_lossy();
    written.ends_with('/') || written.ends_with(std::path::MAIN_SEPARATOR) || path.is_dir()
}

/// Writes the folder report into `dir` (created if missing); the exit code so far: `EXIT_SUCCESS`,
/// or `EXIT_FAILURE` after reporting what could not be written. The pages and the stylesheet are
/// written first and the index last, each by a rename, so that an index never links to pages that
/// are not there yet; pages of an earlier, larger report are removed.
pub fn write(dir: &Path, files: &[Checked], coverage: &[CoverageRow]) -> i32 {
    match write_all(dir, files, coverage) {
        Ok(()) => super::EXIT_SUCCESS,
        Err(error) => {
            super::report_to_stderr([&error as &dyn Diagnostic]);
            super::EXIT_FAILURE
        }
    }
}

fn write_all(dir: &Path, files: &[Checked], coverage: &[CoverageRow]) -> Result<(), OutputError> {
    let folder = Folder::new(files, coverage);
    let pages = dir.join(Folder::PAGES);
    std::fs::create_dir_all(&pages).map_err(|error| failed(&pages, &error))?;
    write_file(&dir.join(Folder::STYLESHEET), STYLESHEET)?;
    (1..=folder.pages())
        .into_par_iter()
        .try_for_each(|number| {
            write_file(&dir.join(Folder::page_path(number)), &folder.page(number))
        })?;
    remove_stale_pages(&pages, folder.pages());
    write_file(&dir.join(Folder::INDEX), &folder.index())
}

/// Writes `text` to a temporary file beside `path` and renames it over `path`.
fn write_file(path: &Path, text: &str) -> Result<(), OutputError> {
    use std::io::Write;
    let mut temporary =
        super::inputs::temporary_beside(path).map_err(|error| failed(path, &error))?;
    temporary
        .write_all(text.as_bytes())
        .map_err(|error| failed(path, &error))?;
    // A temporary file is private (0600); a report is an ordinary file that others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temporary
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|error| failed(path, &error))?;
    }
    temporary
        .persist(path)
        .map_err(|error| failed(path, &error.error))?;
    Ok(())
}

/// Removes `N.html` pages numbered past `count`, left by an earlier report of more documents; other
/// files are the user's and stay.
fn remove_stale_pages(pages: &Path, count: usize) {
    let Ok(entries) = std::fs::read_dir(pages) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let stale = name
            .to_str()
            .and_then(|name| name.strip_suffix(".html"))
            .and_then(|number| number.parse::<usize>().ok())
            .is_some_and(|number| number > count);
        if stale {
            // A page left behind is only clutter: the index does not link to it.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn failed(path: &Path, error: &std::io::Error) -> OutputError {
    OutputError {
        path: crate::source::display_path(path),
        reason: super::inputs::output_failure(error),
    }
}
