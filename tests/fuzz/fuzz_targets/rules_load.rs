//! Arbitrary text as a rule file through `rules::load`: nothing panics, every error has a code and
//! a span that slices the rule text on char boundaries, and a rule that loads runs its own examples
//! (parse, evaluate, render) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wenshen::engine::examples::run_examples;
use wenshen::engine::{Calendar, Engine};
use wenshen::rules::{self, RuleSource};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let source = RuleSource {
        name: "fuzz.rule".into(),
        text: text.clone(),
    };
    match rules::load(&[source], &[]) {
        Ok(rule_set) => {
            let engine = Engine::new(rule_set.clone(), Calendar::bundled());
            for rule in &rule_set.rules {
                run_examples(&engine, rule);
            }
        }
        Err(errors) => {
            assert!(!errors.errors.is_empty(), "an error result with no error");
            for error in &errors.errors {
                assert!(error.code.starts_with('R'), "code {}", error.code);
                if let Some(span) = error.span {
                    assert!(
                        text.get(span.range()).is_some(),
                        "{} span {span:?} does not slice the {}-byte rule text",
                        error.code,
                        text.len()
                    );
                }
            }
        }
    }
});
