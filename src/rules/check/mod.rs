//! AST → checked [`Rule`]: names, paths, types, parameters, regexes and required metadata are all
//! verified here, before any document is read, and every problem of a file is reported at once.

mod fields;

use std::collections::HashMap;

use regex::Regex;

use super::ir::*;
use super::syntax::ast::{self, BinaryOp, ExprKind, Literal, TemplatePart};
use crate::rules::RuleCode;
use crate::rules::functions::{self, Params};
use crate::source::Span;

pub use fields::field;

/// A problem found by the checker, before it is attached to its file.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckError {
    pub code: RuleCode,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

/// Regexes and literals shared by all rules of a set, so the engine matches them in one pass.
#[derive(Debug, Default)]
pub struct SharedMatchers {
    pub regexes: Vec<Regex>,
    regex_index: HashMap<String, usize>,
    pub literals: Vec<String>,
    literal_index: HashMap<String, usize>,
}

impl SharedMatchers {
    fn regex(&mut self, pattern: &str) -> Result<usize, regex::Error> {
        if let Some(&index) = self.regex_index.get(pattern) {
            return Ok(index);
        }
        let regex = Regex::new(pattern)?;
        self.regexes.push(regex);
        self.regex_index
            .insert(pattern.to_string(), self.regexes.len() - 1);
        Ok(self.regexes.len() - 1)
    }

    fn literal(&mut self, text: &str) -> usize {
        if let Some(&index) = self.literal_index.get(text) {
            return index;
        }
        self.literals.push(text.to_string());
        self.literal_index
            .insert(text.to_string(), self.literals.len() - 1);
        self.literals.len() - 1
    }
}

/// Checks one parsed rule. `overrides` maps parameter names to replacement values (already parsed).
pub fn check_rule(
    file: &str,
    ast: &ast::RuleAst,
    overrides: &[(String, ast::Expr)],
    definitions: &Definitions,
    shared: &mut SharedMatchers,
) -> Result<Rule, Vec<CheckError>> {
    let mut rule = Checker::new(shared, definitions).rule(file, ast, overrides, false)?;
    let mut errors = Vec::new();
    for (example, written) in rule.examples.iter_mut().zip(&ast.examples) {
        if written.with.is_empty() {
            continue;
        }
        let names: Vec<&str> = ast.params.iter().map(|p| p.name.name.as_str()).collect();
        let mut settings = Vec::new();
        for (name, value) in &written.with {
            if names.contains(&name.name.as_str()) {
                settings.push((name.name.clone(), value.clone()));
                continue;
            }
            let help = match did_you_mean(&name.name, &names) {
                Some(near) => format!("是否想写 {near}？此规则的参数有：{}", names.join("、")),
                None if names.is_empty() => "此规则没有参数；参数用 param 定义".to_string(),
                None => format!("此规则的参数有：{}", names.join("、")),
            };
            errors.push(CheckError {
                code: RuleCode::R011,
                message: format!("示例设置了不存在的参数 `{}`", name.name),
                span: name.span,
                label: "未知的参数".into(),
                help: Some(help),
            });
        }
        match Checker::new(shared, definitions).rule(file, ast, &settings, true) {
            Ok(variant) => {
                example.settings = variant
                    .params
                    .iter()
                    .filter(|(name, _)| settings.iter().any(|(set, _)| set == name))
                    .map(|(name, value)| (name.clone(), value.to_string()))
                    .collect();
                example.variant = Some(std::sync::Arc::new(variant));
            }
            Err(variant_errors) => errors.extend(variant_errors),
        }
    }
    if errors.is_empty() {
        Ok(rule)
    } else {
        errors.sort_by_key(|error| error.span);
        errors.dedup();
        Err(errors)
    }
}

/// The named groups of the regexes a `where` binds: those of its top-level `and` terms.
fn capture_names(filter: &ast::Expr) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending = vec![filter];
    while let Some(next) = pending.pop() {
        match &next.kind {
            ExprKind::Binary(BinaryOp::And, left, right) => {
                pending.push(left);
                pending.push(right);
            }
            ExprKind::Binary(BinaryOp::Matches | BinaryOp::MatchesEach, _, right) => {
                if let ExprKind::Literal(Literal::Regex(pattern)) = &right.kind
                    && let Ok(regex) = regex_syntax::parse(pattern)
                {
                    collect_group_names(&regex, &mut names);
                }
            }
            _ => {}
        }
    }
    names
}

fn collect_group_names(hir: &regex_syntax::hir::Hir, names: &mut Vec<String>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(capture) => {
            if let Some(name) = &capture.name {
                names.push(name.to_string());
            }
            collect_group_names(&capture.sub, names);
        }
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            for part in parts {
                collect_group_names(part, names);
            }
        }
        HirKind::Repetition(repetition) => collect_group_names(&repetition.sub, names),
        _ => {}
    }
}

/// The root names an expression reads (`period` in `duration(period)`, `task` in `task.text`).
fn free_roots(expr: &ast::Expr, roots: &mut Vec<String>) {
    match &expr.kind {
        ExprKind::Path(names) => roots.extend(names.first().map(|name| name.name.clone())),
        ExprKind::List(items) | ExprKind::Call(_, items) => {
            for item in items {
                free_roots(item, roots);
            }
        }
        ExprKind::Not(inner) => free_roots(inner, roots),
        ExprKind::Binary(_, left, right) => {
            free_roots(left, roots);
            free_roots(right, roots);
        }
        ExprKind::Literal(_) | ExprKind::Param(_) => {}
    }
}

/// Named literals shared by the rules of a directory (`let catch_all_unit = /^各/` in a `.defs`
/// file): a name not bound in a rule stands for its definition, wherever a literal may stand,
/// the right of `matches` included.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    values: HashMap<String, ast::Expr>,
}

impl Definitions {
    /// Checks a definitions file's `let`s: each must be a literal or a list of literals (so that a
    /// definition has no error of its own where a rule uses it).
    pub fn check(
        file: &ast::RuleAst,
        shared: &mut SharedMatchers,
    ) -> Result<Definitions, Vec<CheckError>> {
        let empty = Definitions::default();
        let mut checker = Checker::new(shared, &empty);
        let only_lets = ast::RuleAst {
            lets: Vec::new(),
            ..file.clone()
        };
        if only_lets != ast::RuleAst::default() {
            let span = file.lets.first().map_or(file.header, |first| first.span);
            checker.error(
                RuleCode::R018,
                span,
                "定义文件（.defs）只能有 let 定义",
                "此文件",
                Some("定义文件每行一个 `let 名称 = 字面量`（正则、文本、数、列表）；规则写在 .rule 文件中"),
            );
        }
        let mut values = HashMap::new();
        for binding in &file.lets {
            let literal = matches!(binding.value.kind, ExprKind::Literal(_) | ExprKind::List(_));
            if !literal {
                checker.error(
                    RuleCode::R018,
                    binding.value.span,
                    format!("定义 `{}` 的值不是字面量", binding.name.name),
                    "不是字面量",
                    Some("定义只能是正则 /…/、文本、数、日期、时长或字面量列表"),
                );
                continue;
            }
            if checker.expr(&binding.value, false).is_some()
                && values
                    .insert(binding.name.name.clone(), binding.value.clone())
                    .is_some()
            {
                checker.error(
                    RuleCode::R002,
                    binding.name.span,
                    format!("定义 `{}` 重复", binding.name.name),
                    "第二次定义",
                    None,
                );
            }
        }
        if checker.errors.is_empty() {
            Ok(Definitions { values })
        } else {
            Err(checker.errors)
        }
    }

    /// Adds the definitions of another file of the same directory; a name defined in both is an
    /// error at the second definition.
    pub fn extend(&mut self, other: Definitions) -> Vec<CheckError> {
        let mut errors = Vec::new();
        for (name, value) in other.values {
            match self.values.entry(name) {
                std::collections::hash_map::Entry::Occupied(known) => errors.push(CheckError {
                    code: RuleCode::R002,
                    message: format!("定义 `{}` 重复：同目录中已有同名的定义", known.key()),
                    span: value.span,
                    label: "第二次定义".into(),
                    help: None,
                }),
                std::collections::hash_map::Entry::Vacant(place) => {
                    place.insert(value);
                }
            }
        }
        errors
    }

    /// Adds the list of a `NAME.list` file (one text a line; blank lines and `#` comments
    /// skipped) as the definition `NAME`: a list kept beside the rules, such as the local
    /// government's own departments. A name given twice is an error at its second line.
    pub fn add_list(&mut self, name: &str, text: &str) -> Vec<CheckError> {
        let mut errors = Vec::new();
        let mut items: Vec<ast::Expr> = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let entry = line.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            let at = start + (line.len() - line.trim_start().len());
            let span = Span::new(at, at + entry.len());
            let seen = items.iter().any(|item| {
                matches!(&item.kind, ExprKind::Literal(Literal::Str(known)) if known.value == entry)
            });
            if seen {
                errors.push(CheckError {
                    code: RuleCode::R018,
                    message: format!("列表中“{entry}”出现了两次"),
                    span,
                    label: "第二次出现".into(),
                    help: Some("每个名称只写一行".into()),
                });
                continue;
            }
            items.push(ast::Expr {
                kind: ExprKind::Literal(Literal::Str(ast::StrLit {
                    value: entry.to_string(),
                    span,
                    verbatim: true,
                    raw_start: span.start(),
                })),
                span,
            });
        }
        if self.values.contains_key(name) {
            errors.push(CheckError {
                code: RuleCode::R002,
                message: format!("定义 `{name}` 重复：同目录中已有同名的定义"),
                span: Span::new(0, 0),
                label: "此列表".into(),
                help: Some(
                    "列表文件的名称（去掉 .list）就是定义的名称，须与 .defs 中的定义不同".into(),
                ),
            });
        }
        if errors.is_empty() {
            self.values.insert(
                name.to_string(),
                ast::Expr {
                    kind: ExprKind::List(items),
                    span: Span::new(0, text.len()),
                },
            );
        }
        errors
    }

    /// The definition of `expr` when it is a bare name defined here, at `expr`'s place.
    fn resolve(&self, expr: &ast::Expr) -> Option<ast::Expr> {
        let ExprKind::Path(names) = &expr.kind else {
            return None;
        };
        let [name] = names.as_slice() else {
            return None;
        };
        self.values.get(&name.name).map(|value| ast::Expr {
            kind: value.kind.clone(),
            span: expr.span,
        })
    }
}

/// The candidate nearest to `word`, if one is near enough to be a slip of the keyboard: at most one
/// edit (a transposition counts as one) per three characters.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

struct Checker<'m> {
    errors: Vec<CheckError>,
    shared: &'m mut SharedMatchers,
    definitions: &'m Definitions,
    /// Names whose binding failed with an error already reported (a `let` that did not check,
    /// the element of an unknown scope): their uses are not reported again.
    failed: Vec<String>,
    /// Names in scope, innermost last: (name, slot, type).
    names: Vec<(String, usize, Ty)>,
    slots: usize,
    params: HashMap<String, (Const, Ty)>,
    /// Pattern parameters (`param vague = /…/`): name → regex, usable right of `matches`.
    patterns: HashMap<String, String>,
    /// Whether the rule has its one `matches each`.
    each: bool,
}

const SEVERITIES: [(&str, Severity); 3] = [
    ("error", Severity::Error),
    ("warning", Severity::Warning),
    ("info", Severity::Info),
];

impl<'m> Checker<'m> {
    fn new(shared: &'m mut SharedMatchers, definitions: &'m Definitions) -> Self {
        Checker {
            errors: Vec::new(),
            shared,
            definitions,
            failed: Vec::new(),
            names: Vec::new(),
            slots: 0,
            params: HashMap::new(),
            patterns: HashMap::new(),
            each: false,
        }
    }

    fn error(
        &mut self,
        code: RuleCode,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<&str>,
    ) {
        self.errors.push(CheckError {
            code,
            message: message.into(),
            span,
            label: label.into(),
            help: help.map(str::to_string),
        });
    }

    fn bind(&mut self, name: &str, ty: Ty) -> usize {
        let slot = self.slots;
        self.slots += 1;
        self.names.push((name.to_string(), slot, ty));
        slot
    }

    /// Checks the rule; `in_file` when `overrides` are an example's `with` settings, written in
    /// the rule file (their errors point at them), rather than configuration values.
    fn rule(
        &mut self,
        file: &str,
        ast: &ast::RuleAst,
        overrides: &[(String, ast::Expr)],
        in_file: bool,
    ) -> Result<Rule, Vec<CheckError>> {
        for (item, span) in &ast.duplicates {
            self.error(
                RuleCode::R002,
                *span,
                format!("条目 `{item}` 重复"),
                "第二次出现",
                Some("每条规则的此条目只能写一次"),
            );
        }
        let header = ast.header;
        let missing = |checker: &mut Self, item: &str, example: &str| {
            checker.error(
                RuleCode::R003,
                header,
                format!("规则缺少必需的条目 `{item}`"),
                "此规则",
                Some(&format!("加上一行，例如：{example}")),
            );
        };
        if ast.code.is_none() {
            missing(self, "rule", "rule GK101 task-without-deadline");
        }
        let severity = match &ast.severity {
            None => {
                missing(self, "severity", "severity error");
                None
            }
            Some(ident) => match SEVERITIES.iter().find(|(name, _)| *name == ident.name) {
                Some((_, severity)) => Some(*severity),
                None => {
                    let names = SEVERITIES.map(|(name, _)| name);
                    let help = match did_you_mean(&ident.name, &names) {
                        Some(near) => {
                            format!("是否想写 {near}？severity 取 error、warning 或 info")
                        }
                        None => "severity 取 error、warning 或 info".to_string(),
                    };
                    self.error(
                        RuleCode::R004,
                        ident.span,
                        format!("未知的严重程度 `{}`", ident.name),
                        "不是 error、warning 或 info",
                        Some(&help),
                    );
                    None
                }
            },
        };
        let scope = match &ast.scope {
            None => {
                missing(self, "scope", "scope task");
                None
            }
            Some(ident) => match Scope::ALL.iter().find(|(name, _)| *name == ident.name) {
                Some((_, scope)) => Some(*scope),
                None => {
                    let names: Vec<&str> = Scope::ALL.iter().map(|(name, _)| *name).collect();
                    let listed = "scope 取 document、part、section、task、unit、deadline、quantity、clause 或 corpus";
                    let help = match did_you_mean(&ident.name, &names) {
                        Some(near) => format!("是否想写 {near}？{listed}"),
                        None => listed.to_string(),
                    };
                    self.error(
                        RuleCode::R004,
                        ident.span,
                        format!("未知的范围 `{}`", ident.name),
                        "未知的范围",
                        Some(&help),
                    );
                    None
                }
            },
        };
        for (item, present, example) in [
            (
                "require",
                ast.require.is_some(),
                "require exists(task.deadline)",
            ),
            (
                "message",
                ast.message.is_some(),
                "message \"任务{task.label}未明确完成时限\"",
            ),
            ("label", ast.label.is_some(), "label task \"此任务\""),
            ("help", ast.help.is_some(), "help \"…\""),
            ("basis", ast.basis.is_some(), "basis \"《…》第…条\""),
            ("doc", ast.doc.is_some(), "doc \"\"\"…\"\"\""),
        ] {
            if !present {
                missing(self, item, example);
            }
        }
        for (item, present) in [
            ("help", &ast.help),
            ("basis", &ast.basis),
            ("doc", &ast.doc),
        ] {
            if let Some(literal) = present
                && literal.value.trim().is_empty()
            {
                self.error(
                    RuleCode::R003,
                    literal.span,
                    format!("条目 `{item}` 是空的"),
                    "空文字",
                    Some("写出实际内容"),
                );
            }
        }
        let passes = ast
            .examples
            .iter()
            .filter(|e| e.kind == ast::ExampleKind::Pass)
            .count();
        let fails = ast.examples.len() - passes;
        if passes == 0 || fails == 0 {
            self.error(
                RuleCode::R012,
                header,
                format!("规则需要至少一个通过示例和一个不通过示例（现有 pass {passes} 个、fail {fails} 个）"),
                "此规则",
                Some("用 pass \"\"\"…\"\"\" 和 fail \"\"\"…\"\"\" 写出示例文档"),
            );
        }

        // Roots: `doc` always; then the scope's element (or `other` for corpus rules).
        self.bind("doc", Ty::Elem(Elem::Doc));
        match scope {
            Some(Scope::Corpus) => {
                self.bind("other", Ty::Elem(Elem::Doc));
            }
            Some(scope) => match scope.element() {
                Some(elem) => {
                    self.bind(elem.name(), Ty::Elem(elem));
                }
                None => {
                    self.slots += 1;
                }
            },
            None => {
                // Whatever the scope was meant to be, its element is not reported as unknown.
                self.failed.extend(
                    Scope::ALL
                        .iter()
                        .filter_map(|(_, scope)| scope.element())
                        .map(|elem| elem.name().to_string())
                        .chain(["other".to_string()]),
                );
                self.slots += 1;
            }
        }

        let mut params_out = Vec::new();
        for param in &ast.params {
            if self.params.contains_key(&param.name.name)
                || self.patterns.contains_key(&param.name.name)
            {
                self.error(
                    RuleCode::R002,
                    param.name.span,
                    format!("参数 `{}` 重复", param.name.name),
                    "第二次定义",
                    None,
                );
                continue;
            }
            let chosen = overrides
                .iter()
                .find(|(name, _)| *name == param.name.name)
                .map(|(_, expr)| expr);
            if let ExprKind::Literal(Literal::Regex(default)) = &param.default.kind {
                if let Some(pattern) = self.pattern_param(param, default, chosen, in_file) {
                    params_out.push((param.name.name.clone(), Const::Pattern(pattern.clone())));
                    self.patterns.insert(param.name.name.clone(), pattern);
                }
                continue;
            }
            let Some((default, ty)) = self.constant(&param.default) else {
                continue;
            };
            let value = match chosen {
                None => default,
                Some(expr) => match self.constant(expr) {
                    Some((value, override_ty)) if override_ty == ty => value,
                    Some((_, override_ty)) => {
                        let (span, whose) = if in_file {
                            (expr.span, "示例设置的值")
                        } else {
                            (param.name.span, "配置值")
                        };
                        self.error(
                            RuleCode::R011,
                            span,
                            format!(
                                "参数 `{}` 的{whose}是{}，但默认值是{}",
                                param.name.name,
                                override_ty.describe(),
                                ty.describe()
                            ),
                            "此参数",
                            Some(&format!("值须与默认值 {default} 同类型")),
                        );
                        default
                    }
                    None => default,
                },
            };
            params_out.push((param.name.name.clone(), value.clone()));
            self.params.insert(param.name.name.clone(), (value, ty));
        }
        for (name, _) in overrides {
            if !ast.params.iter().any(|param| param.name.name == *name) {
                self.error(
                    RuleCode::R011,
                    header,
                    format!("配置覆盖了不存在的参数 `{name}`"),
                    "此规则",
                    Some("检查参数名；规则的参数用 param 定义"),
                );
            }
        }

        // A `let` that reads a named group of `where` is computed after `where`, which binds it;
        // the others before, so that `where` may read them.
        let groups = ast.filter.as_ref().map(capture_names).unwrap_or_default();
        let (late, early): (Vec<&ast::Let>, Vec<&ast::Let>) =
            ast.lets.iter().partition(|binding| {
                let mut roots = Vec::new();
                free_roots(&binding.value, &mut roots);
                roots.iter().any(|root| groups.contains(root))
            });
        let lets = self.lets(early);
        let filter = ast
            .filter
            .as_ref()
            .and_then(|expr| self.condition(expr, true));
        let late_lets = self.lets(late);
        let require = ast
            .require
            .as_ref()
            .and_then(|expr| self.condition(expr, false));
        let message = ast
            .message
            .as_ref()
            .and_then(|template| self.template(template));
        let label = ast.label.as_ref().and_then(|label| self.label(label));
        let secondary: Vec<CLabel> = ast
            .secondary
            .iter()
            .filter_map(|label| self.label(label))
            .collect();

        // Help may interpolate like the message (`改为“{correction(word)}”`).
        let help = match &ast.help {
            Some(literal) => match super::syntax::parse_template(literal) {
                Ok(template) => self.template(&template),
                Err(error) => {
                    self.error(
                        RuleCode::R001,
                        error.span,
                        error.message,
                        "语法错误",
                        error.help.as_deref(),
                    );
                    None
                }
            },
            None => None,
        };
        let examples = if in_file {
            Vec::new()
        } else {
            ast.examples.iter().map(|e| self.example(e)).collect()
        };

        if !self.errors.is_empty() {
            self.errors.sort_by_key(|error| error.span);
            return Err(std::mem::take(&mut self.errors));
        }
        match (
            &ast.code, &ast.name, severity, scope, require, message, label, help,
        ) {
            (
                Some(code),
                Some(name),
                Some(severity),
                Some(scope),
                Some(require),
                Some(message),
                Some(label),
                Some(help),
            ) => Ok(Rule {
                code: code.name.clone(),
                name: name.name.clone(),
                severity,
                scope,
                file: file.to_string(),
                params: params_out,
                lets,
                late_lets,
                each: self.each,
                filter,
                require,
                message,
                label,
                secondary,
                help,
                basis: ast
                    .basis
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
                doc: ast
                    .doc
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
                title: ast
                    .title
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
                examples,
                slots: self.slots,
            }),
            // Every missing piece above has already produced an error.
            _ => Err(Vec::new()),
        }
    }

    /// A pattern parameter's regex: the override's when there is one (itself a `/…/`), else the
    /// default; either must compile.
    fn pattern_param(
        &mut self,
        param: &ast::Param,
        default: &str,
        chosen: Option<&ast::Expr>,
        in_file: bool,
    ) -> Option<String> {
        let (pattern, span) = match chosen {
            None => (default.to_string(), param.default.span),
            Some(ast::Expr {
                kind: ExprKind::Literal(Literal::Regex(pattern)),
                span,
            }) => (pattern.clone(), *span),
            Some(other) => {
                let (span, whose) = if in_file {
                    (other.span, "示例设置的值")
                } else {
                    (param.name.span, "配置值")
                };
                self.error(
                    RuleCode::R011,
                    span,
                    format!("参数 `{}` 的{whose}不是正则表达式", param.name.name),
                    "此参数",
                    Some(&format!("模式参数的值写作 /…/，如默认值 /{default}/")),
                );
                return None;
            }
        };
        if self.shared.regex(&pattern).is_err() {
            // Reported, with the reason, as any regex literal that does not compile.
            self.expr(
                &ast::Expr {
                    kind: ExprKind::Literal(Literal::Regex(pattern)),
                    span,
                },
                false,
            );
            return None;
        }
        Some(pattern)
    }

    /// Checks `let`s in order, binding each; one that fails is remembered, so that its uses are
    /// not reported again.
    fn lets(&mut self, bindings: Vec<&ast::Let>) -> Vec<(usize, CExpr)> {
        let mut checked = Vec::new();
        for binding in bindings {
            match self.expr(&binding.value, false) {
                Some(value) => {
                    let slot = self.bind(&binding.name.name, value.ty.clone());
                    checked.push((slot, value));
                }
                None => self.failed.push(binding.name.name.clone()),
            }
        }
        checked
    }

    /// An example as written; its line is filled in by the loader, which has the file's text,
    /// and its variant by [`check_rule`].
    fn example(&mut self, example: &ast::Example) -> RuleExample {
        let passes = example.kind == ast::ExampleKind::Pass;
        if passes && (example.count.is_some() || !example.expected.is_empty()) {
            self.error(
                RuleCode::R017,
                example.span,
                "通过示例不能写 count、at 或 saying",
                "通过示例",
                Some("通过示例不应有发现；期望的发现写在 fail 示例后"),
            );
        }
        if let Some((count, span)) = example.count
            && !example.expected.is_empty()
            && count != example.expected.len()
        {
            self.error(
                RuleCode::R017,
                span,
                format!(
                    "count {count} 与列出的 {} 条期望发现不一致",
                    example.expected.len()
                ),
                "条数不一致",
                Some("列出了 at/saying 时，发现的条数就是列出的条数；删去 count 或补全列表"),
            );
        }
        RuleExample {
            passes,
            text: example.text.value.clone(),
            line: 0,
            expected: example
                .expected
                .iter()
                .map(|e| Expected {
                    at: e.at.as_ref().map(|s| s.value.clone()),
                    saying: e.saying.as_ref().map(|s| s.value.clone()),
                })
                .collect(),
            count: example.count.map(|(count, _)| count),
            settings: Vec::new(),
            variant: None,
        }
    }

    /// A parameter default or override: a literal or a list of literals.
    fn constant(&mut self, expr: &ast::Expr) -> Option<(Const, Ty)> {
        match &expr.kind {
            ExprKind::Literal(_) | ExprKind::List(_) => {
                let checked = self.expr(expr, false)?;
                match checked.kind {
                    CKind::Const(value) => Some((value, checked.ty)),
                    // A regex literal: only `matches` takes regexes.
                    _ => {
                        self.error(
                            RuleCode::R011,
                            expr.span,
                            "参数值须是数、文本、日期、时长、百分比或它们的列表",
                            "不能作参数值",
                            None,
                        );
                        None
                    }
                }
            }
            _ => {
                self.error(
                    RuleCode::R011,
                    expr.span,
                    "参数值须是字面量",
                    "不是字面量",
                    Some("如 `param min = 30d` 或 `param words = [\"征求意见\"]`"),
                );
                None
            }
        }
    }

    /// A `where`/`require` condition: boolean; `where` may bind the named groups of its top-level
    /// `matches` conjuncts.
    fn condition(&mut self, expr: &ast::Expr, binds: bool) -> Option<CExpr> {
        let checked = if binds {
            self.conjuncts(expr)?
        } else {
            self.expr(expr, false)?
        };
        self.expect(&checked, &Ty::Bool, "条件")?;
        Some(checked)
    }

    fn conjuncts(&mut self, expr: &ast::Expr) -> Option<CExpr> {
        if let ExprKind::Binary(BinaryOp::And, left, right) = &expr.kind {
            let left = self.conjuncts(left);
            let right = self.conjuncts(right);
            let (left, right) = (left?, right?);
            self.expect(&left, &Ty::Bool, "and 的左边")?;
            self.expect(&right, &Ty::Bool, "and 的右边")?;
            return Some(CExpr {
                kind: CKind::Binary(BinaryOp::And, Box::new(left), Box::new(right)),
                ty: Ty::Bool,
                span: expr.span,
            });
        }
        self.expr(expr, true)
    }

    fn expect(&mut self, expr: &CExpr, want: &Ty, role: &str) -> Option<()> {
        let fits = match want {
            Ty::Text => expr.ty.is_textual(),
            other => expr.ty == *other,
        };
        if fits {
            Some(())
        } else {
            self.error(
                RuleCode::R009,
                expr.span,
                format!(
                    "{role}应是{}，这里是{}",
                    want.describe(),
                    expr.ty.describe()
                ),
                expr.ty.describe(),
                None,
            );
            None
        }
    }

    fn template(&mut self, template: &ast::Template) -> Option<CTemplate> {
        let mut pieces = Vec::new();
        let mut ok = true;
        for part in &template.parts {
            match part {
                TemplatePart::Text(text) => pieces.push(TemplatePiece::Text(text.clone())),
                TemplatePart::Expr(expr) => match self.expr(expr, false) {
                    Some(checked) => pieces.push(TemplatePiece::Expr(checked)),
                    None => ok = false,
                },
            }
        }
        ok.then_some(CTemplate { pieces })
    }

    fn label(&mut self, label: &ast::Label) -> Option<CLabel> {
        let target = self.expr(&label.target, false)?;
        if matches!(target.kind, CKind::Const(_)) || target.ty == Ty::Bool || target.ty == Ty::Regex
        {
            self.error(
                RuleCode::R015,
                label.target.span,
                "标注的目标须是文档中的元素或值（有位置），不能是常量或条件",
                "没有位置",
                Some("写一个路径，如 `task`、`task.deadline`、`doc.doc_number` 或正则捕获名"),
            );
            return None;
        }
        let file = match &label.target.kind {
            ExprKind::Path(names) if names.first().is_some_and(|n| n.name == "other") => {
                LabelFile::Other
            }
            _ => LabelFile::This,
        };
        let text = self.template(&label.text)?;
        Some(CLabel { target, text, file })
    }

    fn lookup(&self, name: &str) -> Option<(usize, Ty)> {
        self.names
            .iter()
            .rev()
            .find(|(n, _, _)| n == name)
            .map(|(_, slot, ty)| (*slot, ty.clone()))
    }

    /// Checks an expression. `binds`: this is a top-level conjunct of `where`, so a `matches` here
    /// binds its named groups.
    fn expr(&mut self, expr: &ast::Expr, binds: bool) -> Option<CExpr> {
        let span = expr.span;
        let made = |kind, ty| Some(CExpr { kind, ty, span });
        match &expr.kind {
            ExprKind::Literal(literal) => match literal {
                Literal::Bool(value) => made(CKind::Const(Const::Bool(*value)), Ty::Bool),
                Literal::Number(value) | Literal::Percent(value) => {
                    made(CKind::Const(Const::Number(*value)), Ty::Number)
                }
                Literal::Str(text) => made(CKind::Const(Const::Text(text.value.clone())), Ty::Text),
                Literal::Date(date) => made(CKind::Const(Const::Date(*date)), Ty::Date),
                Literal::Duration(duration) => {
                    made(CKind::Const(Const::Duration(*duration)), Ty::Duration)
                }
                Literal::Regex(pattern) => match self.shared.regex(pattern) {
                    Ok(index) => made(CKind::Regex(index), Ty::Regex),
                    Err(error) => {
                        let detail = match error {
                            regex::Error::Syntax(text) => {
                                text.lines().last().unwrap_or_default().trim().to_string()
                            }
                            other => other.to_string(),
                        };
                        self.error(
                            RuleCode::R010,
                            span,
                            format!("正则表达式无法编译：{detail}"),
                            "此正则表达式",
                            Some("语法见 https://docs.rs/regex/latest/regex/#syntax"),
                        );
                        None
                    }
                },
            },
            ExprKind::List(items) => {
                let mut checked = Vec::new();
                for item in items {
                    checked.push(self.expr(item, false));
                }
                let checked: Vec<CExpr> = checked.into_iter().collect::<Option<_>>()?;
                let element_ty = checked.first().map_or(Ty::Text, |first| first.ty.clone());
                for item in &checked {
                    if item.ty != element_ty {
                        self.error(
                            RuleCode::R009,
                            item.span,
                            format!(
                                "列表的元素类型不一致：应是{}，这里是{}",
                                element_ty.describe(),
                                item.ty.describe()
                            ),
                            item.ty.describe(),
                            None,
                        );
                        return None;
                    }
                }
                let constants: Option<Vec<Const>> = checked
                    .iter()
                    .map(|item| match &item.kind {
                        CKind::Const(value) => Some(value.clone()),
                        _ => None,
                    })
                    .collect();
                match constants {
                    Some(values) => made(
                        CKind::Const(Const::List(values)),
                        Ty::List(Box::new(element_ty)),
                    ),
                    None => {
                        self.error(
                            RuleCode::R009,
                            span,
                            "列表只能由字面量组成",
                            "含非字面量",
                            Some("在条件中组合列表请用 or"),
                        );
                        None
                    }
                }
            }
            ExprKind::Param(name) => match self.params.get(&name.name) {
                Some((value, ty)) => made(CKind::Const(value.clone()), ty.clone()),
                None if self.patterns.contains_key(&name.name) => {
                    self.error(
                        RuleCode::R009,
                        span,
                        format!("模式参数 `${}` 只能用在 matches 的右边", name.name),
                        "不是 matches 的右边",
                        Some("例如 `clause.text matches $vague`"),
                    );
                    None
                }
                None => {
                    let known: Vec<String> = self.params.keys().map(|k| format!("${k}")).collect();
                    let help = if known.is_empty() {
                        "用 `param 名称 = 默认值` 定义参数".to_string()
                    } else {
                        format!("已定义的参数：{}", known.join("、"))
                    };
                    self.error(
                        RuleCode::R011,
                        name.span,
                        format!("未知的参数 `${}`", name.name),
                        "未定义",
                        Some(&help),
                    );
                    None
                }
            },
            ExprKind::Path(names) if names.len() == 1 && self.lookup(&names[0].name).is_none() => {
                match self.definitions.resolve(expr) {
                    Some(definition) => self.expr(&definition, binds),
                    None => self.path(names, span),
                }
            }
            ExprKind::Path(names) => self.path(names, span),
            ExprKind::Not(inner) => {
                let inner = self.expr(inner, false)?;
                self.expect(&inner, &Ty::Bool, "not 的操作数")?;
                made(CKind::Not(Box::new(inner)), Ty::Bool)
            }
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right, span, binds),
            ExprKind::Call(name, args) => self.call(name, args, span),
        }
    }

    fn path(&mut self, names: &[ast::Ident], span: Span) -> Option<CExpr> {
        let first = names.first()?;
        if self.lookup(&first.name).is_none() && self.failed.contains(&first.name) {
            return None;
        }
        let Some((slot, mut ty)) = self.lookup(&first.name) else {
            let known: Vec<String> = self.names.iter().map(|(n, _, _)| n.clone()).collect();
            self.error(
                RuleCode::R005,
                first.span,
                format!("未知的名称 `{}`", first.name),
                "此处不可用",
                Some(&format!("此处可用的名称：{}", known.join("、"))),
            );
            return None;
        };
        let mut current = CExpr {
            kind: CKind::Slot(slot),
            ty: ty.clone(),
            span: first.span,
        };
        for name in &names[1..] {
            let Ty::Elem(elem) = ty else {
                self.error(
                    RuleCode::R006,
                    name.span,
                    format!("{}没有字段 `{}`", ty.describe(), name.name),
                    "没有此字段",
                    None,
                );
                return None;
            };
            let Some((field, field_ty)) = field(elem, &name.name) else {
                let names = fields::names(elem);
                let known = names.join("、");
                let help = match did_you_mean(&name.name, &names) {
                    Some(near) => format!("是否想写 {near}？{} 的字段：{known}", elem.name()),
                    None => format!("{} 的字段：{known}", elem.name()),
                };
                self.error(
                    RuleCode::R006,
                    name.span,
                    format!("元素 {} 没有字段 `{}`", elem.name(), name.name),
                    "未知字段",
                    Some(&help),
                );
                return None;
            };
            ty = field_ty.clone();
            current = CExpr {
                kind: CKind::Field(Box::new(current), field),
                ty: field_ty,
                span: first.span.cover(name.span),
            };
        }
        current.span = span;
        Some(current)
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        left: &ast::Expr,
        right: &ast::Expr,
        span: Span,
        binds: bool,
    ) -> Option<CExpr> {
        let l = self.expr(left, false);
        if matches!(op, BinaryOp::Matches | BinaryOp::MatchesEach) {
            let l = l?;
            self.expect(&l, &Ty::Text, "matches 的左边")?;
            let defined = match &right.kind {
                ExprKind::Path(names)
                    if names.len() == 1 && self.lookup(&names[0].name).is_none() =>
                {
                    self.definitions.resolve(right)
                }
                ExprKind::Param(name) => self.patterns.get(&name.name).map(|pattern| ast::Expr {
                    kind: ExprKind::Literal(Literal::Regex(pattern.clone())),
                    span: right.span,
                }),
                _ => None,
            };
            let right = defined.as_ref().unwrap_or(right);
            let ExprKind::Literal(Literal::Regex(pattern)) = &right.kind else {
                self.error(
                    RuleCode::R009,
                    right.span,
                    "matches 的右边须是正则表达式字面量 /…/",
                    "不是 /…/",
                    Some("例如 `clause.text matches /征求意见/`；子串匹配用 contains"),
                );
                return None;
            };
            let regex_index = match self.shared.regex(pattern) {
                Ok(index) => index,
                Err(_) => {
                    self.expr(right, false);
                    return None;
                }
            };
            let each = match op {
                BinaryOp::MatchesEach if !binds || self.each => {
                    self.error(
                        RuleCode::R009,
                        span,
                        "matches each 只能用作 where 的一个顶层 and 项，每条规则一处",
                        "不能在此处",
                        Some("规则对每个匹配各运行一次，所以它须在 where 的顶层，如 `where clause.text matches each /酌情|视情/`"),
                    );
                    return None;
                }
                BinaryOp::MatchesEach => {
                    self.each = true;
                    true
                }
                _ => false,
            };
            let mut captures = Vec::new();
            if binds {
                let names: Vec<(usize, String)> = self.shared.regexes[regex_index]
                    .capture_names()
                    .enumerate()
                    .filter_map(|(index, name)| name.map(|n| (index, n.to_string())))
                    .collect();
                for (group, name) in names {
                    let slot = self.bind(&name, Ty::Text);
                    captures.push((group, slot));
                }
            }
            return Some(CExpr {
                kind: CKind::Matches {
                    text: Box::new(l),
                    regex: regex_index,
                    captures,
                    each,
                },
                ty: Ty::Bool,
                span,
            });
        }
        let r = self.expr(right, false);
        let (l, r) = (l?, r?);
        let mismatch = |checker: &mut Self, l: &CExpr, r: &CExpr| {
            checker.error(
                RuleCode::R009,
                span,
                format!("`{}` 不能用于{}和{}", op.symbol(), l.ty.describe(), r.ty.describe()),
                format!("{} {} {}", l.ty.describe(), op.symbol(), r.ty.describe()),
                Some("比较两边须同类型：数与数、日期与日期、时长与时长（如 days(a, b) >= 30d）、文本与文本"),
            );
        };
        match op {
            BinaryOp::And | BinaryOp::Or => {
                self.expect(&l, &Ty::Bool, &format!("{} 的左边", op.symbol()))?;
                self.expect(&r, &Ty::Bool, &format!("{} 的右边", op.symbol()))?;
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                let same = l.ty == r.ty || (l.ty.is_textual() && r.ty.is_textual());
                if !same || matches!(l.ty, Ty::List(_) | Ty::Regex) {
                    mismatch(self, &l, &r);
                    return None;
                }
                self.enumerated(&l, &r)?;
                self.enumerated(&r, &l)?;
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                if l.ty != r.ty || !matches!(l.ty, Ty::Number | Ty::Date | Ty::Duration) {
                    mismatch(self, &l, &r);
                    return None;
                }
            }
            BinaryOp::Contains => {
                self.expect(&l, &Ty::Text, "contains 的左边")?;
                self.expect(&r, &Ty::Text, "contains 的右边")?;
                if let CKind::Const(Const::Text(needle)) = &r.kind {
                    let literal = self.shared.literal(needle);
                    return Some(CExpr {
                        kind: CKind::ContainsLiteral {
                            text: Box::new(l),
                            literal,
                        },
                        ty: Ty::Bool,
                        span,
                    });
                }
            }
            BinaryOp::In => {
                self.enumerated(&l, &r)?;
                let fits = match &r.ty {
                    Ty::List(inner) => **inner == l.ty || (inner.is_textual() && l.ty.is_textual()),
                    _ => false,
                };
                if !fits {
                    mismatch(self, &l, &r);
                    return None;
                }
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                let ty = match (&l.ty, &r.ty) {
                    (Ty::Number, Ty::Number) => Ty::Number,
                    (Ty::Date, Ty::Duration) if matches!(op, BinaryOp::Add | BinaryOp::Sub) => {
                        Ty::Date
                    }
                    _ => {
                        self.error(
                            RuleCode::R009,
                            span,
                            format!(
                                "`{}` 不能用于{}和{}",
                                op.symbol(),
                                l.ty.describe(),
                                r.ty.describe()
                            ),
                            "类型不符",
                            Some("`+ - * /` 用于数；日期可以加减以日或月计的时长（`doc.issue_date + 30d`）"),
                        );
                        return None;
                    }
                };
                return Some(CExpr {
                    kind: CKind::Binary(op, Box::new(l), Box::new(r)),
                    ty,
                    span,
                });
            }
            BinaryOp::Matches | BinaryOp::MatchesEach => {}
        }
        Some(CExpr {
            kind: CKind::Binary(op, Box::new(l), Box::new(r)),
            ty: Ty::Bool,
            span,
        })
    }

    /// When `field` is an enumerated field (`unit.role`) and `value` a text constant (or a list
    /// of them) that is not one of its values, an error listing them: such a comparison could
    /// never hold.
    fn enumerated(&mut self, field: &CExpr, value: &CExpr) -> Option<()> {
        let CKind::Field(base, which) = &field.kind else {
            return Some(());
        };
        let Ty::Elem(elem) = base.ty else {
            return Some(());
        };
        let Some(values) = fields::allowed(elem, *which) else {
            return Some(());
        };
        let texts: Vec<&str> = match &value.kind {
            CKind::Const(Const::Text(text)) => vec![text.as_str()],
            CKind::Const(Const::List(items)) => items
                .iter()
                .filter_map(|item| match item {
                    Const::Text(text) => Some(text.as_str()),
                    _ => None,
                })
                .collect(),
            _ => return Some(()),
        };
        let Some(wrong) = texts.into_iter().find(|text| !values.contains(text)) else {
            return Some(());
        };
        let listed = values.join("、");
        let help = match did_you_mean(wrong, values) {
            Some(near) => format!("是否想写 \"{near}\"？可取的值：{listed}"),
            None => format!("可取的值：{listed}"),
        };
        self.error(
            RuleCode::R009,
            value.span,
            format!(
                "{}.{} 的值不会是 \"{wrong}\"：这个比较永远不成立",
                elem.name(),
                fields::name_of(elem, *which)
            ),
            "不是此字段的取值",
            Some(&help),
        );
        None
    }

    fn call(&mut self, name: &ast::Ident, args: &[ast::Expr], span: Span) -> Option<CExpr> {
        let rows = functions::named(&name.name);
        if rows.is_empty() {
            let names = functions::names();
            let listed = names.join(" ");
            let help = match did_you_mean(&name.name, &names) {
                Some(near) => format!("是否想写 {near}？可用的函数：{listed}"),
                None => format!("可用的函数：{listed}"),
            };
            self.error(
                RuleCode::R007,
                name.span,
                format!("未知的函数 `{}`", name.name),
                "未知函数",
                Some(&help),
            );
            return None;
        }
        // `date(text)` reads a date, `date(y, m, d)` makes one: the row is the one whose
        // argument count fits, else the first (whose arity error lists every form).
        let row = rows
            .iter()
            .find(|row| row.params.count().is_none_or(|count| count == args.len()))
            .copied()
            .unwrap_or(rows[0]);
        let func = row.func;
        let arity = |checker: &mut Self, wanted: &str| {
            let usages: Vec<String> = rows
                .iter()
                .map(|row| format!("{}：{}", row.usage, row.doc))
                .collect();
            checker.error(
                RuleCode::R008,
                span,
                format!("函数 `{}` 的参数个数不对：应为 {wanted}", name.name),
                format!("{} 个参数", args.len()),
                Some(&usages.join("；")),
            );
        };
        match func {
            Func::Count | Func::Any | Func::All | Func::First => {
                return self.quantifier(func, name, args, span);
            }
            Func::Mentions => {
                let (text, list) = match args {
                    [list] => (None, list),
                    [text, list] => (Some(text), list),
                    _ => {
                        arity(
                            self,
                            "1 或 2（mentions([\"词\"]) 或 mentions(文本, [\"词\"])）",
                        );
                        return None;
                    }
                };
                let text = match text {
                    Some(text) => {
                        let checked = self.expr(text, false)?;
                        self.expect(&checked, &Ty::Text, "mentions 的文本")?;
                        checked
                    }
                    None => self.scope_text(span)?,
                };
                let list = self.expr(list, false)?;
                let CKind::Const(Const::List(words)) = &list.kind else {
                    self.error(
                        RuleCode::R014,
                        list.span,
                        "mentions 的词表须是文本字面量列表",
                        "不是列表",
                        Some("例如 mentions([\"征求意见\", \"公开征求\"])"),
                    );
                    return None;
                };
                let mut literals = Vec::new();
                for word in words {
                    match word {
                        Const::Text(word) if !word.is_empty() => {
                            literals.push(self.shared.literal(word))
                        }
                        _ => {
                            self.error(
                                RuleCode::R014,
                                list.span,
                                "mentions 的词表只能含非空文本",
                                "含非文本",
                                None,
                            );
                            return None;
                        }
                    }
                }
                return Some(CExpr {
                    kind: CKind::Mentions {
                        text: Box::new(text),
                        literals,
                    },
                    ty: Ty::Bool,
                    span,
                });
            }
            _ => {}
        }
        let mut checked = Vec::new();
        for arg in args {
            checked.push(self.expr(arg, false));
        }
        let checked: Vec<CExpr> = checked.into_iter().collect::<Option<_>>()?;
        let wanted_count = row.params.count().unwrap_or(0);
        if checked.len() != wanted_count {
            let wanted = rows
                .iter()
                .filter_map(|row| row.params.count())
                .map(|count| count.to_string())
                .collect::<Vec<_>>()
                .join(" 或 ");
            arity(self, &wanted);
            return None;
        }
        if let Params::Typed(types) = row.params {
            for (arg, want) in checked.iter().zip(types) {
                self.expect(arg, &want.ty(), &format!("{} 的参数", name.name))?;
            }
        }
        if func == Func::Same
            && checked[0].ty != checked[1].ty
            && !(checked[0].ty.is_textual() && checked[1].ty.is_textual())
        {
            self.error(
                RuleCode::R009,
                span,
                format!(
                    "same 的两个参数须同类型，这里是{}和{}",
                    checked[0].ty.describe(),
                    checked[1].ty.describe()
                ),
                "类型不同",
                None,
            );
            return None;
        }
        if func == Func::Len
            && !(checked[0].ty.is_textual() || matches!(checked[0].ty, Ty::List(_)))
        {
            self.error(
                RuleCode::R009,
                checked[0].span,
                format!(
                    "len 的参数应是文本或列表，这里是{}",
                    checked[0].ty.describe()
                ),
                checked[0].ty.describe(),
                None,
            );
            return None;
        }
        Some(CExpr {
            kind: CKind::Call(func, checked),
            ty: row.result.ty(),
            span,
        })
    }

    /// The text `mentions([...])` looks at when no text is given: the scope element's own text.
    fn scope_text(&mut self, span: Span) -> Option<CExpr> {
        let (slot, ty) = match self.names.get(1) {
            Some((_, slot, ty)) if matches!(ty, Ty::Elem(elem) if *elem != Elem::Doc) => {
                (*slot, ty.clone())
            }
            _ => self.lookup("doc")?,
        };
        Some(CExpr {
            kind: CKind::Slot(slot),
            ty,
            span,
        })
    }

    fn quantifier(
        &mut self,
        func: Func,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<CExpr> {
        let binder_form = match args {
            [binder, cond] => match &binder.kind {
                ExprKind::Binary(BinaryOp::In, variable, list) => match &variable.kind {
                    ExprKind::Path(names) if names.len() == 1 => {
                        Some((&names[0], list.as_ref(), Some(cond)))
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let (variable, list, cond) = match (binder_form, args) {
            (Some(form), _) => form,
            (None, [list]) if matches!(func, Func::Count | Func::First) => {
                let list = self.expr(list, false)?;
                let Ty::List(inner) = list.ty.clone() else {
                    self.error(
                        RuleCode::R009,
                        list.span,
                        format!("{} 的参数应是列表，这里是{}", name.name, list.ty.describe()),
                        list.ty.describe(),
                        None,
                    );
                    return None;
                };
                let ty = if func == Func::Count {
                    Ty::Number
                } else {
                    *inner
                };
                let slot = self.slots;
                self.slots += 1;
                return Some(CExpr {
                    kind: CKind::Quantifier {
                        func,
                        slot,
                        list: Box::new(list),
                        cond: None,
                        before: None,
                        hoisted: Vec::new(),
                        key: None,
                    },
                    ty,
                    span,
                });
            }
            _ => {
                self.error(RuleCode::R008, span, format!("`{}` 的写法是 {}(x in 列表, 条件)", name.name, name.name), "参数不对", Some("例如 any(u in task.units, u.role == \"lead\")；count 与 first 也可只给列表"));
                return None;
            }
        };
        let list = self.expr(list, false)?;
        let Ty::List(inner) = list.ty.clone() else {
            self.error(
                RuleCode::R009,
                list.span,
                format!("`in` 的右边应是列表，这里是{}", list.ty.describe()),
                list.ty.describe(),
                None,
            );
            return None;
        };
        let depth = self.names.len();
        let slot = self.bind(&variable.name, (*inner).clone());
        let cond = cond.and_then(|cond| self.expr(cond, false));
        self.names.truncate(depth);
        let cond = cond?;
        self.expect(&cond, &Ty::Bool, &format!("{} 的条件", name.name))?;
        let ty = match func {
            Func::Count => Ty::Number,
            Func::First => *inner,
            _ => Ty::Bool,
        };
        let before = bound_before(&cond, slot).map(Box::new);
        // Slots from `slot` on were bound inside the quantifier: what reads none of them is the
        // same for every item.
        let mut cond = cond;
        let mut hoisted = Vec::new();
        let bound = slot..self.slots;
        hoist(&mut cond, bound.clone(), &mut self.slots, &mut hoisted);
        let key = key_term(&cond, slot, bound).map(Box::new);
        Some(CExpr {
            kind: CKind::Quantifier {
                func,
                slot,
                list: Box::new(list),
                cond: Some(Box::new(cond)),
                before,
                hoisted,
                key,
            },
            ty,
            span,
        })
    }
}

/// `e` when an `and` term of `cond` is `before(x, e)`, `x` the quantifier's variable in `slot`,
/// and `e` does not read it: see [`CKind::Quantifier`].
fn bound_before(cond: &CExpr, slot: usize) -> Option<CExpr> {
    cond.and_terms()
        .into_iter()
        .find_map(|term| match &term.kind {
            CKind::Call(Func::Before, args) => match args.as_slice() {
                [item, bound]
                    if matches!(item.kind, CKind::Slot(s) if s == slot) && !bound.reads(slot) =>
                {
                    Some(bound.clone())
                }
                _ => None,
            },
            _ => None,
        })
}

/// The first `and` term of `cond` that is `k == p`, `k` reading `slot` and nothing else, and `p`
/// reading no slot of `bound` (those bound inside the quantifier): see [`CKind::Quantifier`].
fn key_term(cond: &CExpr, slot: usize, bound: std::ops::Range<usize>) -> Option<KeyTerm> {
    cond.and_terms().into_iter().find_map(|term| {
        let CKind::Binary(BinaryOp::Eq, a, b) = &term.kind else {
            return None;
        };
        [(a, b), (b, a)].into_iter().find_map(|(key, probe)| {
            let key_reads = key.slots();
            let only_item = !key_reads.is_empty() && key_reads.iter().all(|read| *read == slot);
            let same_for_all = !probe.reads_any(&bound);
            (only_item && same_for_all).then(|| KeyTerm {
                key: (**key).clone(),
                probe: (**probe).clone(),
            })
        })
    })
}

/// Moves the largest parts of `expr` that read no slot of `bound` into fresh slots (from
/// `next_slot` on), each with the expression that fills it, and leaves a read of the slot in its
/// place. Expressions are pure, so evaluating a part once before the items instead of once per
/// item changes nothing but the cost.
fn hoist(
    expr: &mut CExpr,
    bound: std::ops::Range<usize>,
    next_slot: &mut usize,
    hoisted: &mut Vec<(usize, CExpr)>,
) {
    if !expr.reads_any(&bound) {
        // A constant or a slot is no cheaper read from another slot.
        if !matches!(
            expr.kind,
            CKind::Const(_) | CKind::Slot(_) | CKind::Regex(_)
        ) {
            let slot = *next_slot;
            *next_slot += 1;
            let read = CExpr {
                kind: CKind::Slot(slot),
                ty: expr.ty.clone(),
                span: expr.span,
            };
            hoisted.push((slot, std::mem::replace(expr, read)));
        }
        return;
    }
    let mut inner = |expr: &mut CExpr| hoist(expr, bound.clone(), next_slot, hoisted);
    match &mut expr.kind {
        CKind::Const(_) | CKind::Regex(_) | CKind::Slot(_) => {}
        CKind::Field(base, _) | CKind::Not(base) => inner(base),
        CKind::Binary(_, a, b) => {
            inner(a);
            inner(b);
        }
        CKind::Matches { text, .. }
        | CKind::ContainsLiteral { text, .. }
        | CKind::Mentions { text, .. } => inner(text),
        // An inner quantifier's `before` is evaluated apart from its `cond` and is left whole.
        CKind::Quantifier {
            list,
            cond,
            hoisted: inner_hoisted,
            ..
        } => {
            inner(list);
            if let Some(cond) = cond {
                inner(cond);
            }
            for (_, expr) in inner_hoisted {
                inner(expr);
            }
        }
        CKind::Call(_, args) => args.iter_mut().for_each(inner),
    }
}
