//! The `nom` parser for rule files: one function per production, the production in its doc comment.
//!
//! Parsing never fails as a whole: an item that does not parse becomes a [`SyntaxError`] and the
//! parser skips to the next line that starts with an item keyword, so that one run reports every
//! error of a file.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use chrono::NaiveDate;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{opt, recognize};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser as _};

use super::ast::*;
use crate::rules::RuleCode;
use crate::source::Span;

/// Expressions nested deeper than this are rejected rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// The deepest expression tree accepted, counting each link of an `or`/`and`/`+`/`-` chain as a
/// level: the checker and the evaluator recurse over the tree, so a 3,000-term chain that parses
/// in a loop would otherwise overflow their stacks.
const MAX_TREE_DEPTH: usize = 128;

/// An operator written as one character (`+`, `*`): the text after it and the operator.
fn symbol<'s>(
    ops: &'static [(char, BinaryOp)],
) -> impl Fn(&Parser<'s>, &'s str) -> Option<(&'s str, BinaryOp)> {
    move |_, at| {
        let first = at.chars().next()?;
        ops.iter()
            .find(|(written, _)| *written == first)
            .map(|(written, op)| (&at[written.len_utf8()..], *op))
    }
}

/// The error for an expression tree deeper than [`MAX_TREE_DEPTH`] (R016).
fn too_deep<'s, T>(at: &'s str) -> PResult<'s, T> {
    Err(nom::Err::Failure(PErr {
        code: RuleCode::R016,
        at,
        expected: format!("表达式过深：运算链与嵌套合计超过 {MAX_TREE_DEPTH} 层").into(),
        help: Some("把长的 or/and/+ 链拆成几个 let 绑定，或改用列表与 in、mentions([...])"),
    }))
}

/// The keywords that start an item; error recovery resynchronizes on them.
pub const ITEM_KEYWORDS: &[&str] = &[
    "rule",
    "severity",
    "scope",
    "param",
    "let",
    "where",
    "require",
    "message",
    "label",
    "secondary",
    "help",
    "basis",
    "doc",
    "title",
    "pass",
    "fail",
];

/// Words that cannot be used as names because they are operators or literals.
const RESERVED: &[&str] = &[
    "and", "or", "not", "matches", "contains", "in", "true", "false",
];

/// A syntax error at a span of the rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub code: RuleCode,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// The parser's internal error: where it stopped and what it expected there.
#[derive(Debug)]
pub struct PErr<'s> {
    code: RuleCode,
    at: &'s str,
    expected: Cow<'static, str>,
    help: Option<&'static str>,
}

impl<'s> ParseError<&'s str> for PErr<'s> {
    fn from_error_kind(input: &'s str, kind: ErrorKind) -> Self {
        PErr {
            code: RuleCode::R001,
            at: input,
            expected: Cow::Owned(kind.description().to_string()),
            help: None,
        }
    }

    fn append(_input: &'s str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'s, T> = IResult<&'s str, T, PErr<'s>>;

fn fail<'s, T>(at: &'s str, expected: impl Into<Cow<'static, str>>) -> PResult<'s, T> {
    Err(nom::Err::Failure(PErr {
        code: RuleCode::R001,
        at,
        expected: expected.into(),
        help: None,
    }))
}

fn fail_help<'s, T>(
    at: &'s str,
    expected: impl Into<Cow<'static, str>>,
    help: &'static str,
) -> PResult<'s, T> {
    Err(nom::Err::Failure(PErr {
        code: RuleCode::R001,
        at,
        expected: expected.into(),
        help: Some(help),
    }))
}

/// Turns a recoverable error into a failure: used after a keyword has committed to a production.
fn cut_err<'s, T>(result: PResult<'s, T>) -> PResult<'s, T> {
    match result {
        Err(nom::Err::Error(error)) => Err(nom::Err::Failure(error)),
        other => other,
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Parses a whole rule file into an AST plus the syntax errors found on the way.
pub fn parse_rule_file(text: &str) -> (RuleAst, Vec<SyntaxError>) {
    let parser = Parser {
        src: text,
        base: 0,
        clamp: None,
        depth: Cell::new(0),
        tree: Cell::new(0),
        extra: RefCell::new(Vec::new()),
    };
    parser.file()
}

/// Parses the `{expr}` holes of a message template. `text` is the string's value; when the string
/// was written without escapes, `base` maps its offsets into the rule file, else every span is
/// clamped to the whole string literal.
pub fn parse_template(literal: &StrLit) -> Result<Template, SyntaxError> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let value = literal.value.as_str();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        let here = value.len() - rest.len();
        if rest.starts_with("{{") {
            text.push('{');
            rest = &rest[2..];
        } else if rest.starts_with("}}") {
            text.push('}');
            rest = &rest[2..];
        } else if c == '{' {
            let Some(close) = rest.find('}') else {
                return Err(SyntaxError {
                    code: RuleCode::R001,
                    span: template_span(literal, here, value.len()),
                    message: "模板中的 `{` 没有对应的 `}`".into(),
                    help: Some("要写字面的花括号，请写 `{{` 或 `}}`".into()),
                });
            };
            if !text.is_empty() {
                parts.push(TemplatePart::Text(std::mem::take(&mut text)));
            }
            let inner = &rest[1..close];
            let parser = Parser {
                src: inner,
                base: literal.raw_start + here + 1,
                clamp: (!literal.verbatim).then_some(literal.span),
                depth: Cell::new(0),
                tree: Cell::new(0),
                extra: RefCell::new(Vec::new()),
            };
            parts.push(TemplatePart::Expr(parser.whole_expr()?));
            rest = &rest[close + 1..];
        } else if c == '}' {
            return Err(SyntaxError {
                code: RuleCode::R001,
                span: template_span(literal, here, here + 1),
                message: "模板中多了一个 `}`".into(),
                help: Some("要写字面的花括号，请写 `{{` 或 `}}`".into()),
            });
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !text.is_empty() {
        parts.push(TemplatePart::Text(text));
    }
    Ok(Template {
        parts,
        span: literal.span,
    })
}

fn template_span(literal: &StrLit, start: usize, end: usize) -> Span {
    if literal.verbatim {
        Span::new(literal.raw_start + start, literal.raw_start + end)
    } else {
        literal.span
    }
}

/// Parses a standalone literal (a parameter override given on the command line).
pub fn parse_override(text: &str) -> Result<Expr, SyntaxError> {
    let parser = Parser {
        src: text,
        base: 0,
        clamp: None,
        depth: Cell::new(0),
        tree: Cell::new(0),
        extra: RefCell::new(Vec::new()),
    };
    parser.whole_expr()
}

struct Parser<'s> {
    src: &'s str,
    base: usize,
    clamp: Option<Span>,
    depth: Cell<usize>,
    /// Depth of the expression tree being built, chains included (see [`MAX_TREE_DEPTH`]).
    tree: Cell<usize>,
    /// Errors found inside an item that parsed (a bad message template): reported without
    /// abandoning the item.
    extra: RefCell<Vec<SyntaxError>>,
}

impl<'s> Parser<'s> {
    fn offset(&self, rest: &str) -> usize {
        self.src.len() - rest.len()
    }

    fn span(&self, from: &'s str, to: &'s str) -> Span {
        match self.clamp {
            Some(span) => span,
            None => Span::new(self.base + self.offset(from), self.base + self.offset(to)),
        }
    }

    fn error(&self, error: PErr<'s>) -> SyntaxError {
        let start = self.offset(error.at);
        let width = error.at.chars().next().map_or(0, char::len_utf8);
        let span = match self.clamp {
            Some(span) => span,
            None => Span::new(self.base + start, self.base + start + width),
        };
        let found = match error.at.chars().next() {
            None => "文件结尾".to_string(),
            Some('\n') => "行尾".to_string(),
            Some(_) => {
                let word: String = error
                    .at
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .take(12)
                    .collect();
                format!("`{word}`")
            }
        };
        let message = if error.code == RuleCode::R001 {
            format!("此处应为{}，实际是{found}", error.expected)
        } else {
            error.expected.to_string()
        };
        SyntaxError {
            code: error.code,
            span,
            message,
            help: error.help.map(str::to_string),
        }
    }

    /// `whole_expr = ws expr ws EOF`
    fn whole_expr(&self) -> Result<Expr, SyntaxError> {
        let run = |i: &'s str| -> PResult<'s, Expr> {
            let (i, _) = self.ws(i)?;
            let (i, e) = cut_err(self.expr(i))?;
            let (i, _) = self.ws(i)?;
            if !i.is_empty() {
                return fail(i, "表达式的结尾");
            }
            Ok((i, e))
        };
        match run(self.src) {
            Ok((_, expr)) => Ok(expr),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(self.error(e)),
            Err(nom::Err::Incomplete(_)) => Err(SyntaxError {
                code: RuleCode::R001,
                span: self
                    .clamp
                    .unwrap_or(Span::new(self.base, self.base + self.src.len())),
                message: "表达式不完整".into(),
                help: None,
            }),
        }
    }

    /// `file = ws (item ws)*` — with recovery: a failed item is recorded and skipped.
    fn file(&self) -> (RuleAst, Vec<SyntaxError>) {
        let mut ast = RuleAst::default();
        let mut errors = Vec::new();
        let mut rest = self.src;
        loop {
            rest = match self.ws(rest) {
                Ok((rest, _)) => rest,
                Err(_) => rest,
            };
            if rest.is_empty() {
                break;
            }
            match self.item(rest, &mut ast) {
                Ok((after, ())) => rest = after,
                Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                    errors.push(self.error(e));
                    rest = self.skip_to_next_item(rest);
                }
                Err(nom::Err::Incomplete(_)) => break,
            }
        }
        errors.extend(self.extra.take());
        errors.sort_by_key(|error| error.span);
        (ast, errors)
    }

    /// Skips past the current line, then to the next line that begins with an item keyword.
    fn skip_to_next_item(&self, from: &'s str) -> &'s str {
        let mut rest = from;
        loop {
            match rest.find('\n') {
                None => return "",
                Some(newline) => rest = &rest[newline + 1..],
            }
            let word: &str = rest.split(|c: char| !is_ident_char(c)).next().unwrap_or("");
            if ITEM_KEYWORDS.contains(&word) {
                return rest;
            }
        }
    }

    /// `ws = (whitespace | "#" comment-to-end-of-line)*`
    fn ws(&self, input: &'s str) -> PResult<'s, ()> {
        let mut rest = input;
        loop {
            let trimmed = rest.trim_start();
            if let Some(comment) = trimmed.strip_prefix('#') {
                rest = comment.find('\n').map_or("", |n| &comment[n..]);
            } else {
                return Ok((trimmed, ()));
            }
        }
    }

    /// `hspace = (" " | "\t")*` — items keep their arguments on the keyword's line.
    fn hspace(&self, input: &'s str) -> PResult<'s, ()> {
        let (rest, _) = take_while(|c| c == ' ' || c == '\t').parse(input)?;
        Ok((rest, ()))
    }

    /// `keyword(word) = word !ident-char`
    fn keyword(&self, word: &'static str, input: &'s str) -> PResult<'s, &'s str> {
        let (rest, matched) = tag(word).parse(input)?;
        if rest.chars().next().is_some_and(is_ident_char) {
            return Err(nom::Err::Error(PErr::from_error_kind(
                input,
                ErrorKind::Tag,
            )));
        }
        Ok((rest, matched))
    }

    /// `item = "rule" code name | "severity" ident | "scope" ident | "param" ident "=" expr
    ///       | "let" ident "=" expr | "where" expr | "require" expr | "message" string
    ///       | "label" primary string | "secondary" primary string | "help" string | "basis" string
    ///       | "doc" string | "title" string | example`
    fn item(&self, input: &'s str, ast: &mut RuleAst) -> PResult<'s, ()> {
        let (after_word, word) = take_while(is_ident_char).parse(input)?;
        let word_span = self.span(input, after_word);
        let keyword = ITEM_KEYWORDS.iter().find(|k| **k == word).copied();
        let Some(keyword) = keyword else {
            return fail_help(
                input,
                "条目关键字",
                "条目以 rule、severity、scope、param、let、where、require、message、label、secondary、help、basis、doc、title、pass 或 fail 开头",
            );
        };
        let (i, _) = self.hspace(after_word)?;
        let duplicate = |present: bool, ast: &mut RuleAst| {
            if present {
                ast.duplicates.push((keyword.to_string(), word_span));
            }
        };
        match keyword {
            "rule" => {
                let (i, code) = cut_err(self.code(i))?;
                let (i, _) = self.hspace(i)?;
                let (i, name) = cut_err(self.rule_name(i))?;
                duplicate(ast.code.is_some(), ast);
                ast.header = self.span(input, i);
                ast.code = Some(code);
                ast.name = Some(name);
                Ok((i, ()))
            }
            "severity" | "scope" => {
                let (i, value) = cut_err(self.ident(i))?;
                if keyword == "severity" {
                    duplicate(ast.severity.is_some(), ast);
                    ast.severity = Some(value);
                } else {
                    duplicate(ast.scope.is_some(), ast);
                    ast.scope = Some(value);
                }
                Ok((i, ()))
            }
            "param" | "let" => {
                let (i, name) = cut_err(self.ident(i))?;
                let (i, _) = self.hspace(i)?;
                let (i, _) =
                    cut_err(char('=').parse(i)).or_else(|_: nom::Err<PErr>| fail(i, "`=`"))?;
                let (i, _) = self.ws(i)?;
                let (i, value) = cut_err(self.expr(i))?;
                let span = self.span(input, i);
                if keyword == "param" {
                    ast.params.push(Param {
                        name,
                        default: value,
                        span,
                    });
                } else {
                    ast.lets.push(Let { name, value, span });
                }
                Ok((i, ()))
            }
            "where" | "require" => {
                let (i, _) = self.ws(i)?;
                let (i, value) = cut_err(self.expr(i))?;
                if keyword == "where" {
                    duplicate(ast.filter.is_some(), ast);
                    ast.filter = Some(value);
                } else {
                    duplicate(ast.require.is_some(), ast);
                    ast.require = Some(value);
                }
                Ok((i, ()))
            }
            "message" => {
                let (i, literal) = cut_err(self.string(i))?;
                duplicate(ast.message.is_some(), ast);
                if let Some(template) = self.template(&literal) {
                    ast.message = Some(template);
                }
                Ok((i, ()))
            }
            "label" | "secondary" => {
                let (i, target) = cut_err(self.primary(i))?;
                let (i, _) = self.hspace(i)?;
                let (i, literal) = cut_err(self.string(i))?;
                let Some(text) = self.template(&literal) else {
                    return Ok((i, ()));
                };
                let label = Label {
                    target,
                    text,
                    span: self.span(input, i),
                };
                if keyword == "label" {
                    duplicate(ast.label.is_some(), ast);
                    ast.label = Some(label);
                } else {
                    ast.secondary.push(label);
                }
                Ok((i, ()))
            }
            "help" | "basis" | "doc" | "title" => {
                let (i, _) = self.ws(i)?;
                let (i, literal) = cut_err(self.string(i))?;
                let slot = match keyword {
                    "help" => &mut ast.help,
                    "basis" => &mut ast.basis,
                    "title" => &mut ast.title,
                    _ => &mut ast.doc,
                };
                let present = slot.is_some();
                *slot = Some(literal);
                duplicate(present, ast);
                Ok((i, ()))
            }
            _ => self.example(input, i, keyword, ast),
        }
    }

    /// Parses a message template, recording its error (with its exact span) on failure.
    fn template(&self, literal: &StrLit) -> Option<Template> {
        match parse_template(literal) {
            Ok(template) => Some(template),
            Err(error) => {
                self.extra.borrow_mut().push(error);
                None
            }
        }
    }

    /// `example = ("pass" | "fail") ws string (ws "with" setting ("," setting)*)?
    ///             (ws "count" number)? (ws "at" string (ws "saying" string)? | ws "saying" string)*`
    /// with `setting = ident "=" expr`
    fn example(
        &self,
        input: &'s str,
        i: &'s str,
        keyword: &'static str,
        ast: &mut RuleAst,
    ) -> PResult<'s, ()> {
        let (i, _) = self.ws(i)?;
        let (mut i, text) = cut_err(self.string(i))?;
        let kind = if keyword == "pass" {
            ExampleKind::Pass
        } else {
            ExampleKind::Fail
        };
        let mut with = Vec::new();
        let (after_ws, _) = self.ws(i)?;
        if let Ok((mut rest, _)) = self.keyword("with", after_ws) {
            loop {
                let (r, _) = self.hspace(rest)?;
                let (r, name) = cut_err(self.ident(r))?;
                let (r, _) = self.hspace(r)?;
                let (r, _) =
                    cut_err(char('=').parse(r)).or_else(|_: nom::Err<PErr>| fail(r, "`=`"))?;
                let (r, _) = self.hspace(r)?;
                let (r, value) = cut_err(self.expr(r))?;
                with.push((name, value));
                let (after, _) = self.hspace(r)?;
                match after.strip_prefix(',') {
                    Some(next) => rest = next,
                    None => {
                        i = r;
                        break;
                    }
                }
            }
        }
        let mut count = None;
        let (after_ws, _) = self.ws(i)?;
        if let Ok((rest, _)) = self.keyword("count", after_ws) {
            let (rest, _) = self.hspace(rest)?;
            let (rest, digits) = cut_err(digit1.parse(rest)).or_else(|_: nom::Err<PErr>| {
                fail_help(rest, "数", "count 后写期望的发现条数，如 count 2")
            })?;
            let value = digits.parse().unwrap_or(usize::MAX);
            count = Some((value, self.span(after_ws, rest)));
            i = rest;
        }
        let mut expected = Vec::new();
        loop {
            let (after_ws, _) = self.ws(i)?;
            let mut expectation = Expectation {
                at: None,
                saying: None,
            };
            let mut rest = after_ws;
            if let Ok((r, _)) = self.keyword("at", rest) {
                let (r, _) = self.hspace(r)?;
                let (r, literal) = cut_err(self.string(r))?;
                expectation.at = Some(literal);
                rest = r;
            }
            let (after, _) = self.ws(rest)?;
            if let Ok((r, _)) = self.keyword("saying", after) {
                let (r, _) = self.hspace(r)?;
                let (r, literal) = cut_err(self.string(r))?;
                expectation.saying = Some(literal);
                rest = r;
            }
            if expectation.at.is_none() && expectation.saying.is_none() {
                break;
            }
            expected.push(expectation);
            i = rest;
        }
        let span = self.span(input, i);
        ast.examples.push(Example {
            kind,
            text,
            with,
            count,
            expected,
            span,
        });
        Ok((i, ()))
    }

    /// `code = [A-Z]+ [0-9]+` (e.g. `GK101`)
    fn code(&self, input: &'s str) -> PResult<'s, Ident> {
        let letters = take_while1(|c: char| c.is_ascii_uppercase());
        let (rest, text) =
            recognize((letters, digit1))
                .parse(input)
                .or_else(|_: nom::Err<PErr>| {
                    fail_help(input, "规则代码", "规则代码是大写字母加数字，如 `GK101`")
                })?;
        if rest.chars().next().is_some_and(is_ident_char) {
            return fail_help(input, "规则代码", "规则代码是大写字母加数字，如 `GK101`");
        }
        Ok((
            rest,
            Ident {
                name: text.to_string(),
                span: self.span(input, rest),
            },
        ))
    }

    /// `rule_name = [a-z0-9]+ ("-" [a-z0-9]+)*` (e.g. `task-without-deadline`)
    fn rule_name(&self, input: &'s str) -> PResult<'s, Ident> {
        let (rest, text) =
            take_while1(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                .parse(input)
                .or_else(|_: nom::Err<PErr>| {
                    fail_help(
                        input,
                        "规则名",
                        "规则名用小写英文单词和连字符说出问题，如 `task-without-deadline`",
                    )
                })?;
        if text.starts_with('-') || text.ends_with('-') || text.contains("--") {
            return fail_help(
                input,
                "规则名",
                "规则名用小写英文单词和连字符说出问题，如 `task-without-deadline`",
            );
        }
        Ok((
            rest,
            Ident {
                name: text.to_string(),
                span: self.span(input, rest),
            },
        ))
    }

    /// `ident = [A-Za-z_] [A-Za-z0-9_]*`, not a reserved word
    fn ident(&self, input: &'s str) -> PResult<'s, Ident> {
        let (rest, text) = recognize((take_while1(is_ident_start), take_while(is_ident_char)))
            .parse(input)
            .map_err(|_: nom::Err<PErr>| {
                nom::Err::Error(PErr {
                    code: RuleCode::R001,
                    at: input,
                    expected: "名称".into(),
                    help: None,
                })
            })?;
        if RESERVED.contains(&text) {
            return Err(nom::Err::Error(PErr {
                code: RuleCode::R001,
                at: input,
                expected: "名称（不能用保留字）".into(),
                help: None,
            }));
        }
        Ok((
            rest,
            Ident {
                name: text.to_string(),
                span: self.span(input, rest),
            },
        ))
    }

    /// `string = '"""' raw '"""' | '"' (char | escape)* '"'`
    fn string(&self, input: &'s str) -> PResult<'s, StrLit> {
        if let Some(body) = input.strip_prefix("\"\"\"") {
            let Some(end) = body.find("\"\"\"") else {
                return fail_help(input, "字符串", "三引号字符串缺少结尾的 `\"\"\"`");
            };
            let rest = &body[end + 3..];
            let raw = &body[..end];
            return Ok((
                rest,
                StrLit {
                    value: dedent(raw),
                    span: self.span(input, rest),
                    verbatim: false,
                    raw_start: self.base + self.offset(body),
                },
            ));
        }
        let Some(body) = input.strip_prefix('"') else {
            return Err(nom::Err::Error(PErr {
                code: RuleCode::R001,
                at: input,
                expected: "字符串".into(),
                help: None,
            }));
        };
        let mut value = String::new();
        let mut verbatim = true;
        let mut chars = body.char_indices();
        while let Some((index, c)) = chars.next() {
            match c {
                '"' => {
                    let rest = &body[index + 1..];
                    return Ok((
                        rest,
                        StrLit {
                            value,
                            span: self.span(input, rest),
                            verbatim,
                            raw_start: self.base + self.offset(body),
                        },
                    ));
                }
                '\\' => {
                    verbatim = false;
                    match chars.next() {
                        Some((_, 'n')) => value.push('\n'),
                        Some((_, 't')) => value.push('\t'),
                        Some((_, '"')) => value.push('"'),
                        Some((_, '\\')) => value.push('\\'),
                        _ => {
                            return fail_help(
                                &body[index..],
                                "转义序列",
                                "字符串中可用的转义是 \\n \\t \\\" \\\\",
                            );
                        }
                    }
                }
                '\n' => {
                    return fail_help(
                        &body[index..],
                        "`\"`",
                        "单行字符串不能跨行；多行文字请用三引号 \"\"\"…\"\"\"",
                    );
                }
                _ => value.push(c),
            }
        }
        fail_help(input, "字符串", "字符串缺少结尾的 `\"`")
    }

    /// `expr = or_expr` — guarded against runaway nesting.
    fn expr(&self, input: &'s str) -> PResult<'s, Expr> {
        let depth = self.depth.get() + 1;
        if depth > MAX_DEPTH {
            return fail_help(
                input,
                "更浅的表达式",
                "表达式嵌套过深（超过 64 层）；请拆成 let 绑定",
            );
        }
        self.depth.set(depth);
        let result = self.deeper(input, Self::or_expr);
        self.depth.set(depth - 1);
        let (rest, expr) = result?;
        self.no_foreign_operator(rest)?;
        Ok((rest, expr))
    }

    /// An operator of another language right after an expression (`&&`, `||`, `=`, `!x`, `%`)
    /// is named as such, with the word this language uses, rather than reported as a missing
    /// item keyword.
    fn no_foreign_operator(&self, input: &'s str) -> PResult<'s, ()> {
        const FOREIGN: [(&str, &str); 7] = [
            ("&&", "没有运算符 `&&`：并且请写 and"),
            ("||", "没有运算符 `||`：或者请写 or"),
            ("!=", ""),
            ("==", ""),
            ("=", "没有运算符 `=`：相等请写 =="),
            ("!", "没有运算符 `!`：否定请写 not"),
            ("%", "没有运算符 `%`：百分比写在数后，如 40%"),
        ];
        let (at, _) = self.hspace(input)?;
        for (symbol, help) in FOREIGN {
            if at.starts_with(symbol) {
                if help.is_empty() {
                    return Ok((input, ()));
                }
                return fail_help(at, "本语言的运算符", help);
            }
        }
        Ok((input, ()))
    }

    /// Runs `next` one level deeper in the expression tree, failing with R016 past
    /// [`MAX_TREE_DEPTH`].
    fn deeper(
        &self,
        input: &'s str,
        next: impl FnOnce(&Self, &'s str) -> PResult<'s, Expr>,
    ) -> PResult<'s, Expr> {
        let tree = self.tree.get() + 1;
        if tree > MAX_TREE_DEPTH {
            return too_deep(input);
        }
        self.tree.set(tree);
        let result = next(self, input);
        self.tree.set(tree - 1);
        result
    }

    /// `or_expr = and_expr ("or" and_expr)*`
    fn or_expr(&self, input: &'s str) -> PResult<'s, Expr> {
        self.left_assoc(input, &[("or", BinaryOp::Or)], Self::and_expr)
    }

    /// `and_expr = not_expr ("and" not_expr)*`
    fn and_expr(&self, input: &'s str) -> PResult<'s, Expr> {
        self.left_assoc(input, &[("and", BinaryOp::And)], Self::not_expr)
    }

    fn left_assoc(
        &self,
        input: &'s str,
        ops: &[(&'static str, BinaryOp)],
        next: fn(&Self, &'s str) -> PResult<'s, Expr>,
    ) -> PResult<'s, Expr> {
        let operator = |parser: &Self, at: &'s str| {
            ops.iter()
                .find_map(|(word, op)| parser.keyword(word, at).ok().map(|(rest, _)| (rest, *op)))
        };
        self.chain(input, operator, next)
    }

    /// `next (operator next)*`, left-leaning; the tree depth it adds ends with it.
    fn chain(
        &self,
        input: &'s str,
        operator: impl Fn(&Self, &'s str) -> Option<(&'s str, BinaryOp)>,
        next: fn(&Self, &'s str) -> PResult<'s, Expr>,
    ) -> PResult<'s, Expr> {
        let start = self.tree.get();
        let result = self.links(input, operator, next);
        self.tree.set(start);
        result
    }

    /// The loop of [`Self::chain`]; each link deepens the left-leaning tree by one level.
    fn links(
        &self,
        input: &'s str,
        operator: impl Fn(&Self, &'s str) -> Option<(&'s str, BinaryOp)>,
        next: fn(&Self, &'s str) -> PResult<'s, Expr>,
    ) -> PResult<'s, Expr> {
        let (mut rest, mut left) = next(self, input)?;
        loop {
            let (after_ws, _) = self.ws(rest)?;
            let Some((after_op, op)) = operator(self, after_ws) else {
                return Ok((rest, left));
            };
            let (after_op, _) = self.ws(after_op)?;
            self.tree.set(self.tree.get() + 1);
            if self.tree.get() > MAX_TREE_DEPTH {
                return too_deep(after_ws);
            }
            let (after_right, right) = cut_err(next(self, after_op))?;
            left = Expr {
                span: self.span(input, after_right),
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
            };
            rest = after_right;
        }
    }

    /// `not_expr = "not" not_expr | comparison`
    fn not_expr(&self, input: &'s str) -> PResult<'s, Expr> {
        if let Ok((rest, _)) = self.keyword("not", input) {
            let (rest, _) = self.ws(rest)?;
            let depth = self.depth.get() + 1;
            if depth > MAX_DEPTH {
                return fail_help(
                    input,
                    "更浅的表达式",
                    "表达式嵌套过深（超过 64 层）；请拆成 let 绑定",
                );
            }
            self.depth.set(depth);
            let result = cut_err(self.not_expr(rest));
            self.depth.set(depth - 1);
            let (rest, inner) = result?;
            return Ok((
                rest,
                Expr {
                    span: self.span(input, rest),
                    kind: ExprKind::Not(Box::new(inner)),
                },
            ));
        }
        self.comparison(input)
    }

    /// `comparison = additive (("==" | "!=" | "<=" | ">=" | "<" | ">" | "matches" "each"? | "contains" | "in") additive)?`
    fn comparison(&self, input: &'s str) -> PResult<'s, Expr> {
        let (rest, left) = self.additive(input)?;
        let (after_ws, _) = self.ws(rest)?;
        let symbol: PResult<'s, BinaryOp> = alt((
            tag("==").map(|_| BinaryOp::Eq),
            tag("!=").map(|_| BinaryOp::Ne),
            tag("<=").map(|_| BinaryOp::Le),
            tag(">=").map(|_| BinaryOp::Ge),
            tag("<").map(|_| BinaryOp::Lt),
            tag(">").map(|_| BinaryOp::Gt),
        ))
        .parse(after_ws);
        let (after_op, op) = match symbol {
            Ok(found) => found,
            Err(_) => {
                let words = [
                    ("matches", BinaryOp::Matches),
                    ("contains", BinaryOp::Contains),
                    ("in", BinaryOp::In),
                ];
                match words
                    .iter()
                    .find_map(|(word, op)| self.keyword(word, after_ws).ok().map(|(r, _)| (r, *op)))
                {
                    Some(found) => found,
                    None => return Ok((rest, left)),
                }
            }
        };
        let (after_op, _) = self.ws(after_op)?;
        // `matches each /re/`: every match, not only the first.
        let (after_op, op) = match self.keyword("each", after_op) {
            Ok((rest, _)) if op == BinaryOp::Matches => (self.ws(rest)?.0, BinaryOp::MatchesEach),
            _ => (after_op, op),
        };
        let (after_right, right) = cut_err(self.additive(after_op))?;
        let (next, _) = self.hspace(after_right)?;
        if ["==", "!=", "<", ">"]
            .iter()
            .any(|symbol| next.starts_with(symbol))
        {
            return fail_help(
                next,
                "比较的结尾",
                "比较不能连写：`a < b < c` 请写成 `a < b and b < c`",
            );
        }
        Ok((
            after_right,
            Expr {
                span: self.span(input, after_right),
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
            },
        ))
    }

    /// `additive = multiplicative (("+" | "-") multiplicative)*`
    fn additive(&self, input: &'s str) -> PResult<'s, Expr> {
        const OPS: [(char, BinaryOp); 2] = [('+', BinaryOp::Add), ('-', BinaryOp::Sub)];
        self.chain(input, symbol(&OPS), Self::multiplicative)
    }

    /// `multiplicative = primary (("*" | "/") primary)*`
    fn multiplicative(&self, input: &'s str) -> PResult<'s, Expr> {
        const OPS: [(char, BinaryOp); 2] = [('*', BinaryOp::Mul), ('/', BinaryOp::Div)];
        self.chain(input, symbol(&OPS), Self::primary)
    }

    /// `primary = "(" expr ")" | list | literal | param | call | path`
    fn primary(&self, input: &'s str) -> PResult<'s, Expr> {
        if let Some(inner) = input.strip_prefix('(') {
            let (rest, _) = self.ws(inner)?;
            let (rest, expr) = cut_err(self.expr(rest))?;
            let (rest, _) = self.ws(rest)?;
            let Some(rest) = rest.strip_prefix(')') else {
                return fail(rest, "`)`");
            };
            return Ok((
                rest,
                Expr {
                    span: self.span(input, rest),
                    kind: expr.kind,
                },
            ));
        }
        if input.starts_with('[') {
            return self.list(input);
        }
        if input.starts_with('$') {
            return self.param(input);
        }
        match self.literal(input) {
            Ok(found) => return Ok(found),
            // A literal that started but is malformed (`2022-02-30`, `30days`, an unclosed `/`)
            // is reported as such, not as "expected an expression".
            Err(nom::Err::Failure(error)) => return Err(nom::Err::Failure(error)),
            Err(_) => {}
        }
        if input.chars().next().is_some_and(is_ident_start) {
            let (after_name, name) = self.ident(input)?;
            if let Some(args) = after_name.strip_prefix('(') {
                return self.call_args(input, name, args);
            }
            return self.path(input);
        }
        Err(nom::Err::Error(PErr {
            code: RuleCode::R001,
            at: input,
            expected: "表达式".into(),
            help: None,
        }))
    }

    /// `list = "[" (expr ("," expr)* ","?)? "]"`
    fn list(&self, input: &'s str) -> PResult<'s, Expr> {
        let (rest, _) = char('[').parse(input)?;
        let (after, items) = self.items_until(rest, ']', "`,` 或 `]`")?;
        let span = self.span(input, after);
        Ok((
            after,
            Expr {
                span,
                kind: ExprKind::List(items),
            },
        ))
    }

    /// `call = ident "(" (expr ("," expr)*)? ")"`
    fn call_args(&self, input: &'s str, name: Ident, args: &'s str) -> PResult<'s, Expr> {
        let (after, items) = self.items_until(args, ')', "`,` 或 `)`")?;
        let span = self.span(input, after);
        Ok((
            after,
            Expr {
                span,
                kind: ExprKind::Call(name, items),
            },
        ))
    }

    /// `items = (expr ("," expr)* ","?)? close`: the comma-separated expressions of a list or a
    /// call, up to and past the closing character.
    fn items_until(
        &self,
        input: &'s str,
        close: char,
        expected: &'static str,
    ) -> PResult<'s, Vec<Expr>> {
        let mut rest = input;
        let mut items = Vec::new();
        loop {
            let (after_ws, _) = self.ws(rest)?;
            if let Some(after) = after_ws.strip_prefix(close) {
                return Ok((after, items));
            }
            let (after_item, item) = cut_err(self.expr(after_ws))?;
            items.push(item);
            let (after_ws, _) = self.ws(after_item)?;
            if let Some(after) = after_ws.strip_prefix(',') {
                rest = after;
            } else if let Some(after) = after_ws.strip_prefix(close) {
                return Ok((after, items));
            } else {
                return fail(after_ws, expected);
            }
        }
    }

    /// `param = "$" ident`
    fn param(&self, input: &'s str) -> PResult<'s, Expr> {
        let (rest, _) = char('$').parse(input)?;
        let (rest, name) = cut_err(self.ident(rest))?;
        Ok((
            rest,
            Expr {
                span: self.span(input, rest),
                kind: ExprKind::Param(name),
            },
        ))
    }

    /// `path = ident ("." ident)*`
    fn path(&self, input: &'s str) -> PResult<'s, Expr> {
        let (mut rest, first) = self.ident(input)?;
        let mut names = vec![first];
        while let Some(after_dot) = rest.strip_prefix('.') {
            let (after, name) = cut_err(self.ident(after_dot))?;
            names.push(name);
            rest = after;
        }
        Ok((
            rest,
            Expr {
                span: self.span(input, rest),
                kind: ExprKind::Path(names),
            },
        ))
    }

    /// `literal = string | regex | date | duration | percent | number | "true" | "false"`
    fn literal(&self, input: &'s str) -> PResult<'s, Expr> {
        let (rest, literal) = if input.starts_with('"') {
            let (rest, literal) = self.string(input)?;
            (rest, Literal::Str(literal))
        } else if input.starts_with('/') {
            self.regex(input)?
        } else if let Ok((rest, _)) = self.keyword("true", input) {
            (rest, Literal::Bool(true))
        } else if let Ok((rest, _)) = self.keyword("false", input) {
            (rest, Literal::Bool(false))
        } else if input.starts_with(|c: char| c.is_ascii_digit()) {
            self.number_like(input)?
        } else {
            return Err(nom::Err::Error(PErr {
                code: RuleCode::R001,
                at: input,
                expected: "字面量".into(),
                help: None,
            }));
        };
        Ok((
            rest,
            Expr {
                span: self.span(input, rest),
                kind: ExprKind::Literal(literal),
            },
        ))
    }

    /// `regex = "/" (char | "\/")* "/"`
    fn regex(&self, input: &'s str) -> PResult<'s, Literal> {
        let body = &input[1..];
        let mut pattern = String::new();
        let mut chars = body.char_indices();
        while let Some((index, c)) = chars.next() {
            match c {
                '/' => return Ok((&body[index + 1..], Literal::Regex(pattern))),
                '\\' => match chars.next() {
                    Some((_, '/')) => pattern.push('/'),
                    Some((_, other)) => {
                        pattern.push('\\');
                        pattern.push(other);
                    }
                    None => break,
                },
                '\n' => break,
                _ => pattern.push(c),
            }
        }
        fail_help(
            input,
            "正则表达式",
            "正则表达式写在一行的两个 `/` 之间，其中的 `/` 写作 `\\/`",
        )
    }

    /// `date = digit{4} "-" digit{2} "-" digit{2}`;
    /// `duration = number ("wd" | "mo" | "d" | "h")`; `percent = number "%"`;
    /// `number = digit+ ("." digit+)?`
    fn number_like(&self, input: &'s str) -> PResult<'s, Literal> {
        let date_shape: PResult<'s, &'s str> =
            recognize((digit1, char('-'), digit1, char('-'), digit1)).parse(input);
        if let Ok((rest, text)) = date_shape {
            return match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(date) if text.len() == 10 => Ok((rest, Literal::Date(date))),
                _ => fail_help(
                    input,
                    "日期",
                    "日期写作 `2022-12-31`（四位年、两位月、两位日，且是真实的日期）",
                ),
            };
        }
        let (rest, text) = recognize((digit1, opt((char('.'), digit1)))).parse(input)?;
        let value: f64 = match text.parse() {
            Ok(value) => value,
            Err(_) => return fail(input, "数字"),
        };
        let suffixes: [(&str, Option<DurationUnit>); 5] = [
            ("wd", Some(DurationUnit::Workday)),
            ("mo", Some(DurationUnit::Month)),
            ("d", Some(DurationUnit::Day)),
            ("h", Some(DurationUnit::Hour)),
            ("%", None),
        ];
        for (suffix, unit) in suffixes {
            if let Some(after) = rest.strip_prefix(suffix) {
                if after.chars().next().is_some_and(is_ident_char) {
                    continue;
                }
                let literal = match unit {
                    Some(unit) => Literal::Duration(Duration {
                        amount: value,
                        unit,
                    }),
                    None => Literal::Percent(value),
                };
                return Ok((after, literal));
            }
        }
        if rest.chars().next().is_some_and(is_ident_char) {
            return fail_help(
                rest,
                "时长单位",
                "时长写作 `30d`（日）、`10wd`（工作日）、`5h`（小时）或 `3mo`（月）",
            );
        }
        Ok((rest, Literal::Number(value)))
    }
}

/// Removes the newline after an opening `"""`, the indentation common to all non-blank lines, and
/// a last line holding only the closing quotes' indentation — so examples can be indented.
fn dedent(raw: &str) -> String {
    let raw = raw.strip_prefix('\n').unwrap_or(raw);
    let raw = match raw.rfind('\n') {
        Some(last) if raw[last + 1..].trim().is_empty() => &raw[..last],
        _ => raw,
    };
    let indent = raw
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(raw.len());
    for (index, line) in raw.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let cut = line.len().min(indent);
        // `indent` counts ASCII whitespace bytes only, so this cut is on a char boundary.
        out.push_str(line.get(cut..).unwrap_or(line.trim_start()));
    }
    out
}
