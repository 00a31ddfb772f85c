//! Any bytes as `wenshen.toml`: see `checks/config.rs`.
#![no_main]

#[path = "../checks/config.rs"]
mod config;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("a temp dir"));
    config::check(dir.path(), data);
});
