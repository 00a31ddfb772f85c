//! Every bundled rule's embedded examples hold (pass → no finding of the rule; fail → a finding,
//! at the expected span and with the expected message when given), and each rule's rendered fail
//! examples are snapshotted: one snapshot per rule.

use wenshen::engine::examples::run_examples;
use wenshen::engine::{Calendar, Checked, Engine};
use wenshen::report::human::{self, Style};
use wenshen::rules::{self, RuleSet};

fn bundled() -> RuleSet {
    match rules::load(&rules::bundled(), &[]) {
        Ok(rule_set) => rule_set,
        Err(errors) => panic!("{}", human::render_rule_errors(&errors, Style::default())),
    }
}

#[test]
fn every_rule_example_holds() {
    let rule_set = bundled();
    let engine = Engine::new(rule_set.clone(), Calendar::bundled());
    let mut failures = Vec::new();
    for rule in &rule_set.rules {
        for outcome in run_examples(&engine, rule) {
            if let Some(failure) = outcome.failure {
                failures.push(format!("{}: {failure}", outcome.name));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_fail_example_renders() {
    let rule_set = bundled();
    let engine = Engine::new(rule_set.clone(), Calendar::bundled());
    for rule in &rule_set.rules {
        let mut rendered = String::new();
        for outcome in run_examples(&engine, rule) {
            if !outcome.passes {
                rendered.push_str(&format!("=== {}\n", outcome.name));
                let files = Checked::group(outcome.sources, outcome.findings);
                rendered.push_str(&human::render_findings(&files, Style::default()));
            }
        }
        insta::assert_snapshot!(format!("{}-{}", rule.code, rule.name), rendered);
    }
}

#[test]
fn the_pack_is_not_empty_and_codes_are_unique() {
    let rule_set = bundled();
    assert!(rule_set.rules.len() >= 20, "{} rules", rule_set.rules.len());
    let mut codes: Vec<&str> = rule_set
        .rules
        .iter()
        .map(|rule| rule.code.as_str())
        .collect();
    codes.dedup();
    assert_eq!(codes.len(), rule_set.rules.len());
}

#[test]
fn each_rule_file_is_named_after_its_rule() {
    let rule_set = bundled();
    for rule in &rule_set.rules {
        assert_eq!(rule.file, format!("rules/{}-{}.rule", rule.code, rule.name));
        assert!(!rule.doc.trim().is_empty() && !rule.basis.trim().is_empty());
    }
    assert_eq!(rules::BUNDLED.len(), rule_set.rules.len());
}
