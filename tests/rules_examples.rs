//! Every bundled rule's embedded examples hold (pass → no finding of the rule; fail → exactly the
//! findings it lists), and each rule's rendered examples equal its snapshot in `rules/snapshots/`
//! — the files `wenshen rules test rules` compares, through the same functions.

use wenshen::cli::rules_cmd::{snapshot_diff, snapshot_path, snapshot_text};
use wenshen::engine::examples::run_examples;
use wenshen::engine::{Calendar, Engine};
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
                failures.push(format!(
                    "{} ({}): {failure}",
                    outcome.name, outcome.location
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_matches_its_snapshot() {
    let rule_set = bundled();
    let engine = Engine::new(rule_set.clone(), Calendar::bundled());
    let mut changed = Vec::new();
    for rule in &rule_set.rules {
        let rendered = snapshot_text(rule, &run_examples(&engine, rule));
        let path = snapshot_path(rule);
        let recorded = std::fs::read_to_string(&path).unwrap_or_default();
        if recorded != rendered {
            changed.push(format!(
                "{}:\n{}",
                path.display(),
                snapshot_diff(&recorded, &rendered)
            ));
        }
    }
    assert!(
        changed.is_empty(),
        "snapshots differ; review, then `cargo run -- rules test rules --accept`:\n{}",
        changed.join("\n")
    );
}

#[test]
fn every_snapshot_belongs_to_a_rule() {
    let rule_set = bundled();
    for entry in std::fs::read_dir("rules/snapshots").expect("rules/snapshots") {
        let name = entry.expect("an entry").file_name();
        let name = name.to_string_lossy();
        let code = name.strip_suffix(".snap").expect("only .snap files");
        assert!(
            rule_set.rules.iter().any(|rule| rule.code == code),
            "rules/snapshots/{name} has no rule"
        );
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
fn each_rule_file_is_named_after_its_rule_and_has_a_title() {
    let rule_set = bundled();
    for rule in &rule_set.rules {
        assert_eq!(rule.file, format!("rules/{}-{}.rule", rule.code, rule.name));
        assert!(!rule.doc.trim().is_empty() && !rule.basis.trim().is_empty());
        assert!(
            rule.title
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} has no Chinese title",
            rule.code
        );
    }
    let rule_files = rules::BUNDLED
        .iter()
        .filter(|(name, _)| name.ends_with(".rule"))
        .count();
    assert_eq!(rule_files, rule_set.rules.len());
}
