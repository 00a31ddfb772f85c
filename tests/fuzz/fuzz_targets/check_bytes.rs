//! Arbitrary (mutated plan) bytes through the whole pipeline with the bundled pack: decode, parse,
//! check, and both renderers. Nothing panics (the engine's own panic guard would turn a panic into
//! a GK000 finding, which fails here too), and every label slices the decoded text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wenshen::engine::{Calendar, Checked, Engine, INTERNAL_ERROR_CODE};
use wenshen::report;
use wenshen::report::human::Style;
use wenshen::rules;
use wenshen::source;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rule_set = rules::load(&rules::bundled(), &[]).expect("the bundled pack loads");
        Engine::new(rule_set, Calendar::bundled())
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = source::decode("fuzz.txt", data) else {
        return;
    };
    let files = engine().check(vec![source]);
    for file in &files {
        check_labels(file);
    }
    let style = Style {
        color: false,
        width: 100,
    };
    report::human::render_findings(&files, style);
    report::json::render_findings(&files);
});

/// Every finding is a rule's (not the panic guard's), and every label slices the decoded text.
fn check_labels(file: &Checked) {
    let text = &file.source.text;
    assert!(file.document.is_some(), "parsing panicked");
    for finding in &file.findings {
        assert_ne!(finding.code, INTERNAL_ERROR_CODE, "{finding:?}");
        assert!(
            text.get(finding.span.range()).is_some(),
            "{} span {:?} does not slice the {}-byte text",
            finding.code,
            finding.span,
            text.len()
        );
        for secondary in &finding.secondary {
            assert!(text.get(secondary.span.range()).is_some(), "{secondary:?}");
        }
    }
}
