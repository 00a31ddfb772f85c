//! `wenshen.toml`: found upwards from the current directory (or named with `--config`), parsed with
//! spans, checked against the rule set, and resolved with the command line into the [`Settings`]
//! of one run: the rule set (selected, severities and parameters applied), the units registry and
//! the per-file ignores.
//!
//! Error codes: `C001` unreadable config file or rule directory, `C002` unknown key, `C003` malformed
//! TOML or a value of the wrong type, `C004` no rule has this code or prefix, `C005` unknown
//! severity, `C006` unknown rule parameter, `C007` malformed parameter value, `C008` malformed glob.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use globset::{Glob, GlobMatcher};
use miette::{Diagnostic, NamedSource};
use serde::Deserialize;
use toml::Spanned;

use crate::engine::Checked;
use crate::rules::{self, ParamOverride, RuleErrors, RuleSet, Severity};
use crate::source::Span;

pub use crate::rules::check::did_you_mean;

/// The configuration file's name, looked for in the current directory and its ancestors.
pub const CONFIG_FILE: &str = "wenshen.toml";

/// Where the rules and their configuration come from; shared by `check` and `rules`.
#[derive(Debug, Default, Args)]
pub struct ConfigArgs {
    /// 配置文件（默认：从当前目录逐级向上查找 wenshen.toml）。
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 不读取任何配置文件。
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
    /// 只启用这些规则：代码或前缀，逗号分隔（如 GK5,GK201）；取代配置中的 select。
    #[arg(long, global = true, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// 停用这些规则：代码或前缀，逗号分隔；加在配置中的 ignore 之后。
    #[arg(long, global = true, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// 用此目录中的 .rule 文件取代内置规则包。
    #[arg(long, global = true, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// 覆盖规则参数：`--set GK201.min=20d`（可重复）；优先于配置文件。
    #[arg(long = "set", global = true, value_name = "CODE.PARAM=VALUE")]
    pub set: Vec<String>,
}

/// The file as written. Keys are kebab-case, like ruff's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    rule_dirs: Vec<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(default)]
    units: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

/// The top-level keys, for "did you mean" hints.
const KEYS: [&str; 6] = [
    "select",
    "ignore",
    "rule-dirs",
    "per-file-ignores",
    "rules",
    "units",
];

/// One problem in the configuration: coded, with the span in the config file when there is one.
pub type ConfigError = crate::rules::LocatedError;

/// Why no settings could be made.
#[derive(Debug)]
pub enum Failure {
    /// The rule files themselves do not load; the caller renders them in its output format.
    Rules(RuleErrors),
    Config(Vec<ConfigError>),
}

impl Failure {
    /// Renders configuration errors to stderr (rule errors in the human form) and returns the exit
    /// code, 2.
    pub fn report(&self) -> i32 {
        match self {
            Failure::Rules(errors) => {
                eprint!(
                    "{}",
                    crate::report::human::render_rule_errors(
                        errors,
                        crate::report::human::Style {
                            color: false,
                            width: 100,
                        },
                    )
                );
            }
            Failure::Config(errors) => {
                super::report_to_stderr(errors.iter().map(|error| error as &dyn Diagnostic));
                eprintln!("配置中有 {} 处错误，未检查任何文件", errors.len());
            }
        }
        super::EXIT_FAILURE
    }
}

/// The resolved configuration of one run.
#[derive(Debug)]
pub struct Settings {
    /// The config file read, if any.
    pub path: Option<PathBuf>,
    /// The selected rules, with severities and parameters applied.
    pub rules: RuleSet,
    /// Every loaded rule with its default parameters and severity, before selection.
    pub defaults: RuleSet,
    /// Unit alias groups, canonical name first.
    pub units: Vec<Vec<String>>,
    pub file_ignores: FileIgnores,
}

/// The `per-file-ignores` table, compiled.
#[derive(Debug)]
pub struct FileIgnores {
    entries: Vec<FileIgnore>,
    /// The globs are relative to this directory (the config file's).
    root: PathBuf,
}

#[derive(Debug)]
struct FileIgnore {
    glob: GlobMatcher,
    codes: Vec<String>,
}

impl Settings {
    /// Finds, reads and checks the configuration and loads the rules it names.
    pub fn load(args: &ConfigArgs) -> Result<Settings, Failure> {
        let path = if args.no_config {
            None
        } else if let Some(path) = &args.config {
            Some(path.clone())
        } else {
            std::env::current_dir().ok().and_then(|dir| discover(&dir))
        };
        let (config, named) = match &path {
            None => (ConfigFile::default(), None),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| {
                    Failure::Config(vec![ConfigError {
                        code: "C001",
                        message: format!("无法读取配置文件 {}：{error}", path.display()),
                        span: None,
                        label: String::new(),
                        help: Some("检查 --config 给出的路径".into()),
                        source: None,
                    }])
                })?;
                let named = Arc::new(NamedSource::new(path.display().to_string(), text.clone()));
                let config = parse(&text, &named).map_err(|error| Failure::Config(vec![error]))?;
                (config, Some(named))
            }
        };
        let root = path
            .as_deref()
            .and_then(Path::parent)
            .map(|dir| {
                if dir.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    dir.to_path_buf()
                }
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let mut errors = Vec::new();
        let at = |code, message: String, span: Range<usize>, label: &str, help: Option<String>| {
            ConfigError {
                code,
                message,
                span: Some(span.into()),
                label: label.to_string(),
                help,
                source: named.clone(),
            }
        };

        let mut sources = match &args.rules {
            None => rules::bundled(),
            Some(dir) => super::check::read_rule_dir(dir).map_err(|message| {
                Failure::Config(vec![ConfigError {
                    code: "C001",
                    message,
                    span: None,
                    label: String::new(),
                    help: Some("--rules 须指向含 .rule 文件的目录".into()),
                    source: None,
                }])
            })?,
        };
        for dir in &config.rule_dirs {
            match super::check::read_rule_dir(&root.join(dir.get_ref())) {
                Ok(found) => sources.extend(found),
                Err(message) => errors.push(at(
                    "C001",
                    message,
                    dir.span(),
                    "此目录",
                    Some("rule-dirs 中的目录相对于配置文件所在目录".into()),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(Failure::Config(errors));
        }
        let defaults = rules::load(&sources, &[]).map_err(Failure::Rules)?;
        let codes: Vec<&str> = defaults
            .rules
            .iter()
            .map(|rule| rule.code.as_str())
            .collect();

        let check_code = |code: &Spanned<String>, errors: &mut Vec<ConfigError>| {
            if !codes
                .iter()
                .any(|known| known.starts_with(code.get_ref().as_str()))
            {
                errors.push(at(
                    "C004",
                    format!("没有代码为 {} 或以其开头的规则", code.get_ref()),
                    code.span(),
                    "无此规则",
                    Some(did_you_mean(code.get_ref(), &codes).map_or_else(
                        || "用 `wenshen rules list` 查看规则代码".to_string(),
                        |near| format!("是否想写 {near}？用 `wenshen rules list` 查看规则代码"),
                    )),
                ));
            }
        };
        for code in config.select.iter().chain(&config.ignore) {
            check_code(code, &mut errors);
        }
        for (pattern, ignored) in &config.per_file_ignores {
            for code in ignored {
                check_code(code, &mut errors);
            }
            if let Err(error) = Glob::new(pattern.get_ref()) {
                errors.push(at(
                    "C008",
                    format!(
                        "路径模式 `{}` 无法解析：{}",
                        pattern.get_ref(),
                        error.kind()
                    ),
                    pattern.span(),
                    "路径模式",
                    Some("写法如 \"legacy/**\"、\"*.md\"，相对于配置文件所在目录".into()),
                ));
            }
        }
        for cli_code in args.select.iter().flatten().chain(&args.ignore) {
            if !codes
                .iter()
                .any(|known| known.starts_with(cli_code.as_str()))
            {
                errors.push(ConfigError {
                    code: "C004",
                    message: format!("命令行中的 {cli_code} 不是任何规则的代码或前缀"),
                    span: None,
                    label: String::new(),
                    help: Some(did_you_mean(cli_code, &codes).map_or_else(
                        || "用 `wenshen rules list` 查看规则代码".to_string(),
                        |near| format!("是否想写 {near}？"),
                    )),
                    source: None,
                });
            }
        }

        let mut overrides = Vec::new();
        for item in &args.set {
            match ParamOverride::parse(item) {
                Some(parsed) => overrides.push(parsed),
                None => {
                    return Err(Failure::Config(vec![ConfigError {
                        code: "C007",
                        message: format!("--set 的写法是 CODE.参数=值，而不是 `{item}`"),
                        span: None,
                        label: String::new(),
                        help: Some("如 --set GK201.min=20d".into()),
                        source: None,
                    }]));
                }
            }
        }
        let mut severities = BTreeMap::new();
        for (code, table) in &config.rules {
            let Some(rule) = defaults
                .rules
                .iter()
                .find(|rule| rule.code == *code.get_ref())
            else {
                let help = did_you_mean(code.get_ref(), &codes).map_or_else(
                    || "[rules.代码] 须是完整的规则代码".to_string(),
                    |near| format!("是否想写 {near}？"),
                );
                errors.push(at(
                    "C004",
                    format!("没有代码为 {} 的规则", code.get_ref()),
                    code.span(),
                    "无此规则",
                    Some(help),
                ));
                continue;
            };
            for (key, value) in table {
                if key.get_ref() == "severity" {
                    match value.get_ref().as_str().and_then(parse_severity) {
                        Some(severity) => {
                            severities.insert(rule.code.clone(), severity);
                        }
                        None => errors.push(at(
                            "C005",
                            format!("{} 的级别须是 error、warning 或 info", rule.code),
                            value.span(),
                            "未知级别",
                            Some("如 severity = \"info\"".into()),
                        )),
                    }
                    continue;
                }
                let names: Vec<&str> = rule.params.iter().map(|(name, _)| name.as_str()).collect();
                if !names.contains(&key.get_ref().as_str()) {
                    let mut help = if names.is_empty() {
                        format!("{} 没有参数；可设的键只有 severity", rule.code)
                    } else {
                        format!("{} 的参数有：severity、{}", rule.code, names.join("、"))
                    };
                    if let Some(near) = did_you_mean(key.get_ref(), &names) {
                        help = format!("是否想写 {near}？{help}");
                    }
                    errors.push(at(
                        "C006",
                        format!("规则 {} 没有参数 {}", rule.code, key.get_ref()),
                        key.span(),
                        "未知参数",
                        Some(help),
                    ));
                    continue;
                }
                let text = match value.get_ref() {
                    toml::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                if let Err(error) = rules::syntax::parse_override(&text) {
                    errors.push(at(
                        "C007",
                        format!("参数值 `{text}` 无法解析：{}", error.message),
                        value.span(),
                        "参数值",
                        Some(
                            "值的写法同规则文件中的字面量，如 \"30d\"、\"10wd\"、\"4%\"；文本参数再加一层引号：'\"文本\"'"
                                .into(),
                        ),
                    ));
                    continue;
                }
                // The command line wins over the file.
                let on_command_line = overrides
                    .iter()
                    .any(|item| item.code == rule.code && item.param == *key.get_ref());
                if !on_command_line {
                    overrides.push(ParamOverride {
                        code: rule.code.clone(),
                        param: key.get_ref().clone(),
                        value: text,
                    });
                }
            }
        }
        if !errors.is_empty() {
            // In the order of the file, whatever order the tables were checked in.
            errors.sort_by_key(|error| error.span.map(|span| span.start()));
            return Err(Failure::Config(errors));
        }

        let mut rules = if overrides.is_empty() {
            defaults.clone()
        } else {
            rules::load(&sources, &overrides).map_err(Failure::Rules)?
        };
        let select: Vec<String> = match &args.select {
            Some(codes) => codes.clone(),
            None => config
                .select
                .iter()
                .map(|code| code.get_ref().clone())
                .collect(),
        };
        let ignore: Vec<String> = config
            .ignore
            .iter()
            .map(|code| code.get_ref().clone())
            .chain(args.ignore.iter().cloned())
            .collect();
        rules
            .rules
            .retain(|rule| selected(&rule.code, &select, &ignore));
        for rule in &mut rules.rules {
            if let Some(severity) = severities.get(&rule.code) {
                Arc::make_mut(rule).severity = *severity;
            }
        }
        let entries = config
            .per_file_ignores
            .iter()
            .filter_map(|(pattern, codes)| {
                Some(FileIgnore {
                    glob: Glob::new(pattern.get_ref()).ok()?.compile_matcher(),
                    codes: codes.iter().map(|code| code.get_ref().clone()).collect(),
                })
            })
            .collect();
        let units = config
            .units
            .iter()
            .map(|(canonical, aliases)| {
                std::iter::once(canonical.get_ref().clone())
                    .chain(aliases.iter().map(|alias| alias.get_ref().clone()))
                    .collect()
            })
            .collect();
        Ok(Settings {
            path,
            rules,
            defaults,
            units,
            file_ignores: FileIgnores { entries, root },
        })
    }
}

impl FileIgnores {
    /// Drops the findings that a `per-file-ignores` entry covers; returns how many.
    pub fn apply(&self, files: &mut [Checked]) -> usize {
        if self.entries.is_empty() {
            return 0;
        }
        let root = std::fs::canonicalize(&self.root).ok();
        let mut dropped = 0;
        for file in files {
            let given = Path::new(&file.source.name);
            // Globs are relative to the config file; a path given relative to another directory
            // is made so through its absolute form.
            let relative = root.as_ref().and_then(|root| {
                std::fs::canonicalize(given)
                    .ok()?
                    .strip_prefix(root)
                    .ok()
                    .map(Path::to_path_buf)
            });
            let ignored: Vec<&str> = self
                .entries
                .iter()
                .filter(|entry| {
                    entry.glob.is_match(given)
                        || relative
                            .as_ref()
                            .is_some_and(|path| entry.glob.is_match(path))
                })
                .flat_map(|entry| entry.codes.iter().map(String::as_str))
                .collect();
            if ignored.is_empty() {
                continue;
            }
            let before = file.findings.len();
            file.findings
                .retain(|finding| !ignored.iter().any(|code| finding.code.starts_with(code)));
            dropped += before - file.findings.len();
        }
        dropped
    }
}

/// The nearest `wenshen.toml` in `dir` or its ancestors.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// Whether a rule is on: the longest code prefix that names it decides (an `ignore` wins a tie);
/// with none, it is on unless `select` lists anything — ruff's habit.
pub fn selected(code: &str, select: &[String], ignore: &[String]) -> bool {
    let longest = |codes: &[String]| {
        codes
            .iter()
            .filter(|prefix| code.starts_with(prefix.as_str()))
            .map(String::len)
            .max()
    };
    match (longest(select), longest(ignore)) {
        (Some(on), Some(off)) => on > off,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => select.is_empty(),
    }
}

fn parse_severity(text: &str) -> Option<Severity> {
    match text {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// Parses the TOML text, turning serde's English errors into coded Chinese ones with the span.
fn parse(text: &str, named: &Arc<NamedSource<String>>) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|error| {
        let detail = error.message().trim().to_string();
        let span = error.span().map(Span::from);
        match unknown_field(&detail) {
            Some(key) => {
                let mut help = format!("可用的键：{}", KEYS.join("、"));
                if let Some(near) = did_you_mean(&key, &KEYS) {
                    help = format!("是否想写 {near}？{help}");
                }
                ConfigError {
                    code: "C002",
                    message: format!("配置文件中有未知的键 `{key}`"),
                    span,
                    label: "未知的键".into(),
                    help: Some(help),
                    source: Some(Arc::clone(named)),
                }
            }
            None => ConfigError {
                code: "C003",
                message: wrong_type(&detail)
                    .unwrap_or_else(|| format!("配置文件格式错误：{detail}")),
                span,
                label: "此处".into(),
                help: Some("配置文件是 TOML；`wenshen init` 写出一份带注释的样例".into()),
                source: Some(Arc::clone(named)),
            },
        }
    })
}

/// serde's ``invalid type: string "GK5", expected a sequence`` in Chinese.
fn wrong_type(message: &str) -> Option<String> {
    let (found, expected) = message
        .strip_prefix("invalid type: ")?
        .split_once(", expected ")?;
    let kind = |text: &str| {
        let text = text.trim_start_matches("a ").trim_start_matches("an ");
        [
            ("string", "字符串"),
            ("integer", "整数"),
            ("float", "小数"),
            ("boolean", "布尔值"),
            ("sequence", "列表（[…]）"),
            ("map", "表（[表名] 或 {…}）"),
        ]
        .iter()
        .find(|(english, _)| text.starts_with(english))
        .map(|(_, chinese)| *chinese)
    };
    Some(format!(
        "值的类型不对：应为{}，实际是{}",
        kind(expected)?,
        kind(found)?
    ))
}

/// The key in serde's ``unknown field `KEY`, expected …`` message.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(key, _)| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|code| code.to_string()).collect()
    }

    #[test]
    fn the_longest_prefix_decides() {
        let none = codes(&[]);
        assert!(selected("GK503", &none, &none));
        assert!(selected("GK503", &codes(&["GK5"]), &none));
        assert!(!selected("GK201", &codes(&["GK5"]), &none));
        assert!(!selected("GK503", &codes(&["GK5"]), &codes(&["GK503"])));
        assert!(selected("GK503", &codes(&["GK503"]), &codes(&["GK5"])));
        assert!(!selected("GK503", &codes(&["GK5"]), &codes(&["GK5"])));
        assert!(!selected("GK503", &none, &codes(&["GK50"])));
    }

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(did_you_mean("selct", &KEYS), Some("select"));
        assert_eq!(did_you_mean("rule_dirs", &KEYS), Some("rule-dirs"));
        assert_eq!(did_you_mean("colour", &KEYS), None);
        assert_eq!(did_you_mean("mni", &["min", "max"]), Some("min"));
        assert_eq!(did_you_mean("GK2011", &["GK201", "GK301"]), Some("GK201"));
    }

    #[test]
    fn serde_unknown_field_messages_are_read() {
        assert_eq!(
            unknown_field("unknown field `selct`, expected one of `select`"),
            Some("selct".to_string())
        );
        assert_eq!(unknown_field("invalid type: integer"), None);
        assert_eq!(
            wrong_type("invalid type: string \"GK5\", expected a sequence"),
            Some("值的类型不对：应为列表（[…]），实际是字符串".to_string())
        );
    }
}
