//! `wenshen rules [--rules DIR] [--test]`: list the rule set; with `--test`, run every rule's
//! embedded examples (the check a rule author runs after editing a rule).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::engine::examples::run_examples;
use crate::report::human::{self, Style};
use crate::rules::{self, ParamOverride};

/// List the rules (code, severity, scope, name, parameters) or test their examples.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A directory of .rule files to use instead of the bundled pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Override a rule parameter: `--set GK201.min=20d` (repeatable).
    #[arg(long = "set", value_name = "CODE.PARAM=VALUE")]
    pub set: Vec<String>,
    /// Run every rule's pass/fail examples and report the ones that do not hold.
    #[arg(long)]
    pub test: bool,
}

/// Runs `rules`: 0 when the rules load (and, with `--test`, every example holds), 1 when an
/// example fails, 2 when the rules do not load.
pub fn run(args: RulesArgs) -> i32 {
    let overrides: Option<Vec<ParamOverride>> = args
        .set
        .iter()
        .map(|item| ParamOverride::parse(item))
        .collect();
    let Some(overrides) = overrides else {
        eprintln!("wenshen rules: --set 的写法是 CODE.参数=值，如 GK201.min=20d");
        return 2;
    };
    let sources = match &args.rules {
        None => rules::bundled(),
        Some(dir) => match super::check::read_rule_dir(dir) {
            Ok(sources) => sources,
            Err(message) => {
                eprintln!("wenshen rules: {message}");
                return 2;
            }
        },
    };
    let rule_set = match rules::load(&sources, &overrides) {
        Ok(rule_set) => rule_set,
        Err(errors) => {
            eprint!("{}", human::render_rule_errors(&errors, Style::default()));
            return 2;
        }
    };
    let mut out = String::new();
    let mut failed = 0;
    for rule in &rule_set.rules {
        let params: Vec<String> = rule
            .params
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        out.push_str(&format!(
            "{}  {:<7}  {:<8}  {}{}\n",
            rule.code,
            rule.severity.as_str(),
            format!("{:?}", rule.scope).to_lowercase(),
            rule.name,
            if params.is_empty() {
                String::new()
            } else {
                format!("  ({})", params.join(", "))
            }
        ));
        if args.test {
            for outcome in run_examples(&rule_set, rule) {
                if let Some(failure) = outcome.failure {
                    failed += 1;
                    out.push_str(&format!("    ✗ {}: {failure}\n", outcome.name));
                }
            }
        }
    }
    out.push_str(&format!("共 {} 条规则", rule_set.rules.len()));
    if args.test {
        out.push_str(&format!("，{failed} 个示例不成立"));
    }
    out.push('\n');
    if std::io::stdout().write_all(out.as_bytes()).is_err() {
        return 2;
    }
    if failed > 0 { 1 } else { 0 }
}
