//! An interrupted run (Ctrl-C, `kill`, a closed terminal) leaves no temporary output behind.
//!
//! Reports and baselines named by `-o`/`--write-baseline` are written to a hidden temporary file
//! beside the target and renamed over it at the end ([`super::inputs::temporary_beside`]). A
//! signal ends the process without running destructors, so the files still pending are listed
//! here, and a thread that waits for SIGINT, SIGTERM and SIGHUP removes them before the process
//! ends by the signal, as it would have without the handler (a shell sees exit status 130 or 143).
//! The target itself is never touched: it keeps its old content, or stays absent.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary output files that may still exist; a path whose file was renamed into place stays
/// listed, and removing it later finds nothing.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Runs `create`, which makes a temporary file, and lists the path it returns as pending, with no
/// moment between the two at which a signal could leave the file unlisted.
pub fn track<T>(
    create: impl FnOnce() -> std::io::Result<T>,
    path_of: impl FnOnce(&T) -> &Path,
) -> std::io::Result<T> {
    let mut pending = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let created = create()?;
    pending.push(path_of(&created).to_path_buf());
    Ok(created)
}

/// Removes the pending temporary files.
fn remove_pending() {
    let pending = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for path in pending.iter() {
        // Already renamed into place, or never written: nothing to remove.
        let _ = std::fs::remove_file(path);
    }
}

/// Installs the handler, on Unix; elsewhere the operating system's default stays. Without it
/// (the handler thread could not be started) a signal ends the run as it always did.
pub fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("signals".to_string())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    remove_pending();
                    // Ends the process by the signal itself; should that fail, by its exit status.
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        drop(spawned);
    }
}
