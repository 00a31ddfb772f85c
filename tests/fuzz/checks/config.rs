//! The configuration stage's checks, shared by the `config_load` fuzz target and its
//! property-test twin in `tests/hostile.rs`: any bytes as `wenshen.toml` load or give coded errors,
//! and every error renders (through the guard that cuts long lines) without a panic.

use std::path::Path;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use wenshen::cli::config::{ConfigArgs, Failure, Settings};

/// Loads `bytes` as the configuration file `dir/wenshen.toml` and renders what goes wrong.
pub fn check(dir: &Path, bytes: &[u8]) {
    let path = dir.join("wenshen.toml");
    std::fs::write(&path, bytes).expect("a writable directory");
    let args = ConfigArgs {
        config: Some(path),
        ..ConfigArgs::default()
    };
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    let render = |diagnostic: &dyn Diagnostic| {
        let code = diagnostic.code().map(|code| code.to_string());
        assert!(code.is_some(), "an error without a code: {diagnostic}");
        let mut out = String::new();
        wenshen::report::human::render_guarded(&handler, diagnostic, &mut out)
            .expect("an error renders");
    };
    match Settings::load(&args) {
        Ok(_) => {}
        Err(Failure::Config(errors)) => errors
            .iter()
            .for_each(|error| render(error as &dyn Diagnostic)),
        Err(Failure::Rules(errors)) => errors
            .errors
            .iter()
            .for_each(|error| render(error as &dyn Diagnostic)),
    }
}
