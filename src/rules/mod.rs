//! The rule language: rule files are parsed with `nom` ([`syntax`]), then checked ([`check`]) into
//! a [`RuleSet`] before any document is read. A checked rule cannot fail for a static reason at
//! run time: names, fields, types, parameters and regexes are all resolved here.
//!
//! The language is documented for rule authors in `rules/README.md`.

mod bundled;
pub mod check;
mod error;
pub mod functions;
pub mod ir;
pub mod syntax;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

use miette::NamedSource;

use crate::source::Span;
use rayon::prelude::*;

pub use bundled::{BUNDLED, bundled};
pub use error::{LocatedError, RuleCode, RuleError, RuleErrors};
pub use ir::{Rule, RuleSet, Scope, Severity};

/// One rule file's name and text. Reading files is the CLI's job; the library takes text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSource {
    pub name: String,
    pub text: String,
}

/// A configuration override of one rule parameter: `GK201.min=20d`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamOverride {
    pub code: String,
    pub param: String,
    pub value: String,
}

impl ParamOverride {
    /// Parses `CODE.param=value`.
    pub fn parse(text: &str) -> Option<ParamOverride> {
        let (key, value) = text.split_once('=')?;
        let (code, param) = key.trim().split_once('.')?;
        Some(ParamOverride {
            code: code.to_string(),
            param: param.to_string(),
            value: value.trim().to_string(),
        })
    }
}

/// The checker's error codes that a broken item elsewhere in the file cannot cause, reported
/// beside the file's syntax errors.
const INDEPENDENT_OF_SYNTAX: [RuleCode; 11] = [
    RuleCode::R002,
    RuleCode::R004,
    RuleCode::R006,
    RuleCode::R007,
    RuleCode::R008,
    RuleCode::R009,
    RuleCode::R010,
    RuleCode::R011,
    RuleCode::R014,
    RuleCode::R015,
    RuleCode::R017,
];

/// A definitions file (`*.defs`): named literals for the rules of its directory.
fn is_definitions(name: &str) -> bool {
    name.ends_with(".defs")
}

/// The definition name of a list file (`departments` for `my-rules/departments.list`).
fn list_name(name: &str) -> Option<&str> {
    let file = &name[directory(name).len()..];
    file.trim_start_matches(['/', '\\']).strip_suffix(".list")
}

/// The directory part of a source's name (`rules` for `rules/GK104-….rule`).
fn directory(name: &str) -> &str {
    name.rfind(['/', '\\']).map_or("", |at| &name[..at])
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// Parses and checks rule files into a rule set, reporting every error of every file at once.
pub fn load(sources: &[RuleSource], overrides: &[ParamOverride]) -> Result<RuleSet, RuleErrors> {
    let mut shared = check::SharedMatchers::default();
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    let mut used_overrides = vec![false; overrides.len()];
    // Codes and names of the rules so far, each to its rule's index.
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    // Files parse independently, so in parallel (a generated pack has thousands); they are
    // checked in order below, which keeps codes, names and errors deterministic.
    let parsed: Vec<_> = sources
        .par_iter()
        .map(|source| syntax::parse_rule_file(&source.text))
        .collect();
    // Definitions files first: every rule of their directory may use them, whatever the order.
    let mut definitions: HashMap<&str, check::Definitions> = HashMap::new();
    for (source, (ast, syntax_errors)) in sources.iter().zip(&parsed) {
        if let Some(name) = list_name(&source.name) {
            let list_errors = definitions
                .entry(directory(&source.name))
                .or_default()
                .add_list(name, &source.text);
            if !list_errors.is_empty() {
                let named = Arc::new(NamedSource::new(source.name.clone(), source.text.clone()));
                errors.extend(list_errors.into_iter().map(|e| RuleError {
                    code: e.code.as_str(),
                    message: e.message,
                    span: Some(e.span),
                    label: e.label,
                    help: e.help,
                    source: Some(Arc::clone(&named)),
                }));
            }
            continue;
        }
        if !is_definitions(&source.name) {
            continue;
        }
        let named = Arc::new(NamedSource::new(source.name.clone(), source.text.clone()));
        let found: Vec<(RuleCode, String, Span, String, Option<String>)> =
            if syntax_errors.is_empty() {
                match check::Definitions::check(ast, &mut shared) {
                    Ok(checked) => definitions
                        .entry(directory(&source.name))
                        .or_default()
                        .extend(checked),
                    Err(check_errors) => check_errors,
                }
                .into_iter()
                .map(|e| (e.code, e.message, e.span, e.label, e.help))
                .collect()
            } else {
                syntax_errors
                    .iter()
                    .map(|e| {
                        (
                            e.code,
                            e.message.clone(),
                            e.span,
                            "语法错误".to_string(),
                            e.help.clone(),
                        )
                    })
                    .collect()
            };
        for (code, message, span, label, help) in found {
            errors.push(RuleError {
                code: code.as_str(),
                message,
                span: Some(span),
                label,
                help,
                source: Some(Arc::clone(&named)),
            });
        }
    }
    let no_definitions = check::Definitions::default();
    for (source, (ast, syntax_errors)) in sources.iter().zip(parsed) {
        if is_definitions(&source.name) || list_name(&source.name).is_some() {
            continue;
        }
        let shared_definitions = definitions
            .get(directory(&source.name))
            .unwrap_or(&no_definitions);
        // A copy of the file's text for the errors' snippets, made only for a file with errors.
        let named = OnceCell::new();
        let to_error = |code: RuleCode, message, span, label, help| RuleError {
            code: code.as_str(),
            message,
            span: Some(span),
            label,
            help,
            source: Some(Arc::clone(named.get_or_init(|| {
                Arc::new(NamedSource::new(source.name.clone(), source.text.clone()))
            }))),
        };
        if !syntax_errors.is_empty() {
            let mut found: Vec<RuleError> = syntax_errors
                .into_iter()
                .map(|error| {
                    to_error(
                        error.code,
                        error.message,
                        error.span,
                        "语法错误".to_string(),
                        error.help,
                    )
                })
                .collect();
            // The items that did parse are checked too, so that one run shows every error; only
            // the kinds of error an item that failed to parse cannot cause are kept (not a
            // missing item, nor an unknown name that item would have bound).
            let mut scratch = check::SharedMatchers::default();
            if let Err(check_errors) =
                check::check_rule(&source.name, &ast, &[], shared_definitions, &mut scratch)
            {
                found.extend(
                    check_errors
                        .into_iter()
                        .filter(|error| INDEPENDENT_OF_SYNTAX.contains(&error.code))
                        .map(|e| to_error(e.code, e.message, e.span, e.label, e.help)),
                );
            }
            found.sort_by_key(|error| error.span.map(|span| span.start()));
            errors.extend(found);
            continue;
        }
        let mut parsed_overrides = Vec::new();
        if let Some(code) = &ast.code {
            for (index, item) in overrides.iter().enumerate() {
                if item.code != code.name {
                    continue;
                }
                used_overrides[index] = true;
                match syntax::parse_override(&item.value) {
                    Ok(expr) => parsed_overrides.push((item.param.clone(), expr)),
                    Err(error) => errors.push(RuleError {
                        code: RuleCode::R011.as_str(),
                        message: format!(
                            "参数覆盖 `{}.{}={}` 无法解析：{}",
                            item.code, item.param, item.value, error.message
                        ),
                        span: None,
                        label: String::new(),
                        help: Some(
                            "值的写法同规则文件中的字面量，如 30d、10wd、4%、\"文本\"".into(),
                        ),
                        source: None,
                    }),
                }
            }
        }
        match check::check_rule(
            &source.name,
            &ast,
            &parsed_overrides,
            shared_definitions,
            &mut shared,
        ) {
            Ok(mut rule) => {
                for (example, written) in rule.examples.iter_mut().zip(&ast.examples) {
                    example.line = line_of(&source.text, written.span.start());
                }
                // By index, not by a scan of the rules so far: packs of thousands of generated
                // rules made that scan quadratic (42% of loading 5,858 rules).
                let earlier = codes
                    .get(&rule.code)
                    .or_else(|| names.get(&rule.name))
                    .map(|&index| &rules[index]);
                if let Some(earlier) = earlier {
                    let span = ast.header;
                    errors.push(to_error(
                        RuleCode::R013,
                        format!(
                            "规则代码或名称与 {} 中的 {} {} 重复",
                            earlier.file, earlier.code, earlier.name
                        ),
                        span,
                        "重复".to_string(),
                        Some("每条规则的代码和名称在规则集中须唯一".into()),
                    ));
                } else {
                    codes.insert(rule.code.clone(), rules.len());
                    names.insert(rule.name.clone(), rules.len());
                    rules.push(rule);
                }
            }
            Err(check_errors) => {
                for error in check_errors {
                    errors.push(to_error(
                        error.code,
                        error.message,
                        error.span,
                        error.label,
                        error.help,
                    ));
                }
            }
        }
    }
    for (item, used) in overrides.iter().zip(used_overrides) {
        if !used {
            errors.push(RuleError {
                code: RuleCode::R011.as_str(),
                message: format!(
                    "参数覆盖 `{}.{}` 指向不存在的规则 {}",
                    item.code, item.param, item.code
                ),
                span: None,
                label: String::new(),
                help: Some("用 `wenshen rules` 列出规则代码".into()),
                source: None,
            });
        }
    }
    if errors.is_empty() {
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(RuleSet {
            rules: rules.into_iter().map(Arc::new).collect(),
            regexes: shared.regexes.into(),
            literals: shared.literals.into(),
        })
    } else {
        Err(RuleErrors { errors })
    }
}
