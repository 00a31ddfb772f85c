//! Arbitrary (mutated plan) bytes through the whole pipeline with the bundled pack: decode, parse,
//! check, and the human, JSON, SARIF and JUnit renderers. Nothing panics (the engine's own panic
//! guard would turn a panic into a GK000 finding, which fails here too), and every label slices
//! the decoded text. The text under two names, checked in one batch and streamed in two (corpus
//! rules across batches), gives the same findings.
#![no_main]

use std::collections::HashMap;
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
    report::sarif::render_findings(&[], &files);
    report::junit::render_findings(&files, Some(rules::Severity::Error));
    let [first, second] = ["a.txt", "b.txt"].map(|name| wenshen::source::SourceFile {
        name: name.to_string(),
        ..files[0].source.clone()
    });
    streamed_equals_whole(first, second);
});

/// Two files checked together, and streamed one per batch with the corpus pass first.
fn streamed_equals_whole(first: source::SourceFile, second: source::SourceFile) {
    let engine = engine();
    let whole = engine.check(vec![first.clone(), second.clone()]);
    let mut candidates = engine.corpus_candidates(vec![first.clone()]);
    candidates.extend(engine.corpus_candidates(vec![second.clone()]));
    let mut corpus: HashMap<String, Vec<_>> = HashMap::new();
    for batch in [&first, &second] {
        let (findings, _) = engine.corpus_findings(&candidates, vec![batch.clone()]);
        for finding in findings {
            corpus.entry(finding.file.clone()).or_default().push(finding);
        }
    }
    let mut streamed = engine.check_batch(vec![first], &mut corpus);
    streamed.extend(engine.check_batch(vec![second], &mut corpus));
    for (whole, streamed) in whole.iter().zip(&streamed) {
        assert_eq!(whole.findings, streamed.findings);
    }
}

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
