//! `wenshen.toml`: found upwards from the current directory (or named with `--config`), parsed with
//! spans, checked against the rule set, and resolved with the command line into the [`Settings`]
//! of one run: the rule set (selected, severities and parameters applied), the units registry and
//! the per-file ignores.
//!
//! Error codes ([`ConfigCode`]): `C001` unreadable config file or rule directory, `C002` unknown key, `C003` malformed
//! TOML or a value of the wrong type, `C004` no rule has this code or prefix, `C005` unknown
//! severity, `C006` unknown rule parameter, `C007` a parameter value that is not a literal of the
//! default's type, `C008` malformed glob. Every problem of the file and of the flags (`--select`,
//! `--ignore`, `--set`) is reported in one run, at its TOML line or at its flag.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use globset::{Glob, GlobSet};
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

/// The file as written. Keys are kebab-case, like ruff's. Unknown keys are found before (see
/// [`parse`]), so that every one of them is reported, not only the first.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
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

/// The configuration's error codes (`wenshen.toml`, `--select`, `--ignore`, `--set`, `rules
/// explain`), as the rule language's are a [`crate::rules::RuleCode`]: every code is written from
/// here, and `wenshen rules explain C004` explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigCode {
    C001,
    C002,
    C003,
    C004,
    C005,
    C006,
    C007,
    C008,
}

impl ConfigCode {
    /// Every code, in order.
    pub const ALL: [ConfigCode; 8] = [
        ConfigCode::C001,
        ConfigCode::C002,
        ConfigCode::C003,
        ConfigCode::C004,
        ConfigCode::C005,
        ConfigCode::C006,
        ConfigCode::C007,
        ConfigCode::C008,
    ];

    /// `C004`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigCode::C001 => "C001",
            ConfigCode::C002 => "C002",
            ConfigCode::C003 => "C003",
            ConfigCode::C004 => "C004",
            ConfigCode::C005 => "C005",
            ConfigCode::C006 => "C006",
            ConfigCode::C007 => "C007",
            ConfigCode::C008 => "C008",
        }
    }

    /// What the code names, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            ConfigCode::C001 => "配置文件或规则目录无法读取",
            ConfigCode::C002 => "未知的配置键",
            ConfigCode::C003 => "配置文件不是合法的 TOML，或值的类型不对",
            ConfigCode::C004 => "没有此代码或前缀的规则",
            ConfigCode::C005 => "未知的级别",
            ConfigCode::C006 => "规则没有此参数",
            ConfigCode::C007 => "参数值不合",
            ConfigCode::C008 => "per-file-ignores 的通配符写法有误",
        }
    }

    /// What the code means and how to fix it.
    pub fn explanation(self) -> &'static str {
        match self {
            ConfigCode::C001 => {
                "--config 指定的文件、或 rule-dirs 中的目录（相对于配置文件所在目录）不存在或无法读取。检查路径与权限。"
            }
            ConfigCode::C002 => {
                "wenshen.toml 的顶层键只有 select、ignore、rule-dirs、per-file-ignores、rules、units；[rules.代码] 中只有 severity 和该规则的参数。拼错的键会给出最接近的写法。"
            }
            ConfigCode::C003 => {
                "配置文件须是合法的 TOML：select、ignore、rule-dirs 是文本数组，per-file-ignores 和 units 是“文本 = 文本数组”的表，rules 是每条规则一个表。"
            }
            ConfigCode::C004 => {
                "select、ignore、per-file-ignores、[rules.代码]、--select、--ignore、--set 和 rules explain 中的代码须是已加载规则的代码或其前缀（如 GK5）。用 wenshen rules list 查看规则代码。"
            }
            ConfigCode::C005 => "severity 取 error、warning 或 info。",
            ConfigCode::C006 => {
                "[rules.代码] 和 --set 代码.参数=值 只能设规则已有的参数；wenshen rules explain 代码 列出它的参数及默认值。"
            }
            ConfigCode::C007 => {
                "参数值按规则文件的字面量书写，且与默认值同类型：\"30d\"、\"10wd\"、\"4%\"、\"2022-12-31\"，文本再加一层引号 '\"市政府\"'；--set 的写法是 代码.参数=值。"
            }
            ConfigCode::C008 => {
                "per-file-ignores 的键是相对于配置文件所在目录的通配符（* 不跨目录，** 跨目录）；括号 { } [ ] 须成对。"
            }
        }
    }

    /// The code written `C004`, if it is one.
    pub fn parse(text: &str) -> Option<ConfigCode> {
        ConfigCode::ALL
            .into_iter()
            .find(|code| code.as_str() == text)
    }
}

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
    glob: GlobSet,
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
                let text = crate::source::read_text(path).map_err(|error| {
                    Failure::Config(vec![ConfigError {
                        code: ConfigCode::C001.as_str(),
                        message: format!("无法读取配置文件 {}：{error}", path.display()),
                        span: None,
                        label: String::new(),
                        help: Some("检查 --config 给出的路径".into()),
                        source: None,
                    }])
                })?;
                let named = Arc::new(NamedSource::new(path.display().to_string(), text.clone()));
                let (config, unknown_keys) = parse(&text, &named).map_err(Failure::Config)?;
                (config, Some((named, unknown_keys)))
            }
        };
        let (named, mut errors) = match named {
            Some((named, unknown_keys)) => (Some(named), unknown_keys),
            None => (None, Vec::new()),
        };
        let command_line = CommandLine::new(args);
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
        let at = |code: ConfigCode,
                  message: String,
                  span: Range<usize>,
                  label: &str,
                  help: Option<String>| {
            ConfigError {
                code: code.as_str(),
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
                    code: ConfigCode::C001.as_str(),
                    message,
                    span: None,
                    label: String::new(),
                    help: Some("--rules 须指向含 .rule 文件的目录".into()),
                    source: None,
                }])
            })?,
        };
        let mut unreadable_dirs = false;
        for dir in &config.rule_dirs {
            match super::check::read_rule_dir(&root.join(dir.get_ref())) {
                Ok(found) => sources.extend(found),
                Err(message) => {
                    unreadable_dirs = true;
                    errors.push(at(
                        ConfigCode::C001,
                        message,
                        dir.span(),
                        "此目录",
                        Some("rule-dirs 中的目录相对于配置文件所在目录".into()),
                    ))
                }
            }
        }
        // Without a rule directory's rules, its codes would read as unknown.
        if unreadable_dirs {
            return Err(Failure::Config(errors));
        }
        let defaults = rules::load(&sources, &[]).map_err(Failure::Rules)?;
        let codes: Vec<&str> = defaults
            .rules
            .iter()
            .map(|rule| rule.code.as_str())
            .collect();

        // An empty code is a prefix of every code: it would turn every rule off.
        let check_code = |code: &Spanned<String>, errors: &mut Vec<ConfigError>| {
            if code.get_ref().is_empty()
                || !codes
                    .iter()
                    .any(|known| known.starts_with(code.get_ref().as_str()))
            {
                errors.push(at(
                    ConfigCode::C004,
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
            if let Err(error) = Glob::new(pattern.get_ref()).and_then(super::inputs::compile_glob) {
                errors.push(at(
                    ConfigCode::C008,
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
        for (cli_code, span) in args
            .select
            .iter()
            .flatten()
            .zip(&command_line.select)
            .chain(args.ignore.iter().zip(&command_line.ignore))
        {
            if cli_code.is_empty()
                || !codes
                    .iter()
                    .any(|known| known.starts_with(cli_code.as_str()))
            {
                errors.push(command_line.error(
                    ConfigCode::C004,
                    format!("命令行中的 {cli_code} 不是任何规则的代码或前缀"),
                    span,
                    "无此规则",
                    did_you_mean(cli_code, &codes).map_or_else(
                        || "用 `wenshen rules list` 查看规则代码".to_string(),
                        |near| format!("是否想写 {near}？"),
                    ),
                ));
            }
        }

        let mut overrides = Vec::new();
        for (item, span) in args.set.iter().zip(&command_line.set) {
            let Some(parsed) = ParamOverride::parse(item) else {
                errors.push(command_line.error(
                    ConfigCode::C007,
                    format!("--set 的写法是 CODE.参数=值，而不是 `{item}`"),
                    span,
                    "--set 的值",
                    "如 --set GK201.min=20d".into(),
                ));
                continue;
            };
            match check_override(&defaults, &sources, &codes, &parsed) {
                Ok(()) => overrides.push(parsed),
                Err(problem) => errors.push(command_line.error(
                    problem.code,
                    format!("--set {item}：{}", problem.message),
                    span,
                    problem.label,
                    problem.help,
                )),
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
                    ConfigCode::C004,
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
                            ConfigCode::C005,
                            format!("{} 的级别须是 error、warning 或 info", rule.code),
                            value.span(),
                            "未知级别",
                            Some("如 severity = \"info\"".into()),
                        )),
                    }
                    continue;
                }
                let text = match value.get_ref() {
                    toml::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                let item = ParamOverride {
                    code: rule.code.clone(),
                    param: key.get_ref().clone(),
                    value: text,
                };
                if let Err(problem) = check_override(&defaults, &sources, &codes, &item) {
                    // An unknown parameter is the key's fault, a bad value the value's.
                    let span = if problem.code == ConfigCode::C006 {
                        key.span()
                    } else {
                        value.span()
                    };
                    errors.push(at(
                        problem.code,
                        problem.message,
                        span,
                        problem.label,
                        Some(problem.help),
                    ));
                    continue;
                }
                // The command line wins over the file.
                let on_command_line = args
                    .set
                    .iter()
                    .filter_map(|set| ParamOverride::parse(set))
                    .any(|set| set.code == item.code && set.param == item.param);
                if !on_command_line {
                    overrides.push(item);
                }
            }
        }
        if !errors.is_empty() {
            // The file's errors in its order, whatever order the tables were checked in, then
            // the command line's in its order.
            errors.sort_by_key(|error| {
                let on_command_line = error
                    .source
                    .as_ref()
                    .is_some_and(|source| Arc::ptr_eq(source, &command_line.named));
                (on_command_line, error.span.map(|span| span.start()))
            });
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
                    glob: Glob::new(pattern.get_ref())
                        .and_then(super::inputs::compile_glob)
                        .ok()?,
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
            // Globs are relative to the config file, and only that path is matched: the path as
            // given is relative to the current directory, and matching it too dropped findings of
            // files outside the configured folder. A name that is no file (standard input's) is
            // placed in the current directory.
            let relative = root.as_ref().and_then(|root| {
                std::fs::canonicalize(given)
                    .or_else(|_| std::path::absolute(given))
                    .ok()?
                    .strip_prefix(root)
                    .ok()
                    .map(Path::to_path_buf)
            });
            let Some(relative) = relative else {
                continue;
            };
            let ignored: Vec<&str> = self
                .entries
                .iter()
                .filter(|entry| entry.glob.is_match(&relative))
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
/// The file's settings and its unknown top-level keys (`C002`, every one of them). A file that is
/// not TOML, or a value of the wrong type, is an error (`C003`) that stops the reading there.
fn parse(
    text: &str,
    named: &Arc<NamedSource<String>>,
) -> Result<(ConfigFile, Vec<ConfigError>), Vec<ConfigError>> {
    let keys: BTreeMap<Spanned<String>, serde::de::IgnoredAny> =
        toml::from_str(text).map_err(|error| vec![toml_error(&error, named)])?;
    let unknown: Vec<ConfigError> = keys
        .keys()
        .filter(|key| !KEYS.contains(&key.get_ref().as_str()))
        .map(|key| {
            let mut help = format!("可用的键：{}", KEYS.join("、"));
            if let Some(near) = did_you_mean(key.get_ref(), &KEYS) {
                help = format!("是否想写 {near}？{help}");
            }
            ConfigError {
                code: ConfigCode::C002.as_str(),
                message: format!("配置文件中有未知的键 `{}`", key.get_ref()),
                span: Some(key.span().into()),
                label: "未知的键".into(),
                help: Some(help),
                source: Some(Arc::clone(named)),
            }
        })
        .collect();
    match toml::from_str::<ConfigFile>(text) {
        Ok(config) => Ok((config, unknown)),
        Err(error) => {
            let mut errors = unknown;
            errors.push(toml_error(&error, named));
            errors.sort_by_key(|error| error.span.map(|span| span.start()));
            Err(errors)
        }
    }
}

/// A TOML syntax error or a value of the wrong type, at its place in the file.
fn toml_error(error: &toml::de::Error, named: &Arc<NamedSource<String>>) -> ConfigError {
    let detail = error.message().trim().to_string();
    ConfigError {
        code: ConfigCode::C003.as_str(),
        message: wrong_type(&detail).unwrap_or_else(|| format!("配置文件格式错误：{detail}")),
        span: error.span().map(Span::from),
        label: "此处".into(),
        help: Some("配置文件是 TOML；`wenshen init` 写出一份带注释的样例".into()),
        source: Some(Arc::clone(named)),
    }
}

/// What is wrong with one parameter override, before its place (a TOML line or a `--set` flag)
/// is known.
struct OverrideProblem {
    code: ConfigCode,
    message: String,
    label: &'static str,
    help: String,
}

/// Checks one override against the rule it names: the rule exists (`C004`), has the parameter
/// (`C006`), and takes the value (`C007`: a literal of the default's type). The value is checked by
/// loading the rule's own file with it alone, so every override gets its own error, at its own
/// place, rather than rule errors pointing into a rule file the user may not have.
fn check_override(
    defaults: &RuleSet,
    sources: &[rules::RuleSource],
    codes: &[&str],
    item: &ParamOverride,
) -> Result<(), OverrideProblem> {
    let Some(rule) = defaults.rules.iter().find(|rule| rule.code == item.code) else {
        return Err(OverrideProblem {
            code: ConfigCode::C004,
            message: format!("没有代码为 {} 的规则", item.code),
            label: "无此规则",
            help: did_you_mean(&item.code, codes).map_or_else(
                || "参数只能设给完整的规则代码；用 `wenshen rules list` 查看".to_string(),
                |near| format!("是否想写 {near}？"),
            ),
        });
    };
    let names: Vec<&str> = rule.params.iter().map(|(name, _)| name.as_str()).collect();
    if !names.contains(&item.param.as_str()) {
        let mut help = if names.is_empty() {
            format!("{} 没有参数；可设的键只有 severity", rule.code)
        } else {
            format!("{} 的参数有：severity、{}", rule.code, names.join("、"))
        };
        if let Some(near) = did_you_mean(&item.param, &names) {
            help = format!("是否想写 {near}？{help}");
        }
        return Err(OverrideProblem {
            code: ConfigCode::C006,
            message: format!("规则 {} 没有参数 {}", rule.code, item.param),
            label: "未知参数",
            help,
        });
    }
    let value_help = format!(
        "值的写法同规则文件中的字面量，且与默认值同类型；`wenshen rules explain {}` 列出参数的默认值。如 \"30d\"、\"10wd\"、\"4%\"；文本参数再加一层引号：'\"文本\"'",
        rule.code
    );
    if let Err(error) = rules::syntax::parse_override(&item.value) {
        return Err(OverrideProblem {
            code: ConfigCode::C007,
            message: format!("参数值 `{}` 无法解析：{}", item.value, error.message),
            label: "参数值",
            help: value_help,
        });
    }
    let file = sources.iter().find(|source| source.name == rule.file);
    if let Some(Err(errors)) =
        file.map(|file| rules::load(std::slice::from_ref(file), std::slice::from_ref(item)))
    {
        let reasons: Vec<String> = errors
            .errors
            .iter()
            .map(|error| error.message.clone())
            .collect();
        return Err(OverrideProblem {
            code: ConfigCode::C007,
            message: format!(
                "{} 的参数 {} 不能取值 `{}`：{}",
                rule.code,
                item.param,
                item.value,
                reasons.join("；")
            ),
            label: "参数值",
            help: value_help,
        });
    }
    Ok(())
}

/// The configuration flags written out as one text (`--select GK5 --set GK201.min=15`), so that an
/// error in a flag points at it as an error in the file points at its line.
struct CommandLine {
    named: Arc<NamedSource<String>>,
    select: Vec<Range<usize>>,
    ignore: Vec<Range<usize>>,
    set: Vec<Range<usize>>,
}

impl CommandLine {
    fn new(args: &ConfigArgs) -> CommandLine {
        let mut text = String::new();
        let mut push = |flag: &str, value: &str| {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(flag);
            text.push(' ');
            let start = text.len();
            text.push_str(value);
            start..text.len()
        };
        let select = args
            .select
            .iter()
            .flatten()
            .map(|code| push("--select", code))
            .collect();
        let ignore = args
            .ignore
            .iter()
            .map(|code| push("--ignore", code))
            .collect();
        let set = args.set.iter().map(|item| push("--set", item)).collect();
        CommandLine {
            named: Arc::new(NamedSource::new("命令行", text)),
            select,
            ignore,
            set,
        }
    }

    fn error(
        &self,
        code: ConfigCode,
        message: String,
        span: &Range<usize>,
        label: &str,
        help: String,
    ) -> ConfigError {
        ConfigError {
            code: code.as_str(),
            message,
            span: Some(span.clone().into()),
            label: label.to_string(),
            help: Some(help),
            source: Some(Arc::clone(&self.named)),
        }
    }
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
}
