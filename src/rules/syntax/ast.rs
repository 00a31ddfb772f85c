//! The syntax tree of a rule file. Every node carries the [`Span`] of its text in the rule file, so
//! that the checker can point at the exact construct it rejects.

use chrono::NaiveDate;

use crate::source::Span;

/// A name with its span: a field, a function, a parameter, a binder.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal after escapes are resolved. `raw_start` is the byte offset (in the rule file) of
/// the first character after the opening quote(s), used to place errors inside message templates.
#[derive(Debug, Clone, PartialEq)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
    /// True when the literal had no escapes, so that byte offsets in `value` map 1:1 to the file.
    pub verbatim: bool,
    pub raw_start: usize,
}

/// A period with its unit, as written in a literal (`30d`, `10wd`, `5h`, `3mo`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duration {
    pub amount: f64,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// Calendar days (`d`, `日`, `天`).
    Day,
    /// Working days under the statutory calendar (`wd`, `个工作日`).
    Workday,
    /// Hours (`h`, `小时`).
    Hour,
    /// Months (`mo`, `个月`).
    Month,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Bool(bool),
    Number(f64),
    /// `4%`: kept as the number 4, the way the model stores percentages.
    Percent(f64),
    Str(StrLit),
    Date(NaiveDate),
    Duration(Duration),
    /// `/…/`: the pattern between the slashes, with `\/` unescaped.
    Regex(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `text matches /re/`.
    Matches,
    /// `text contains "s"`.
    Contains,
    /// `a + b`, `a - b` on numbers.
    Add,
    Sub,
    /// `x in [..]` (also the binder form `u in task.units` inside `any`/`all`/`count`/`first`).
    In,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Matches => "matches",
            BinaryOp::Contains => "contains",
            BinaryOp::In => "in",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    List(Vec<Expr>),
    /// `task.deadline.date`: a root name and the fields after it.
    Path(Vec<Ident>),
    /// `$min`: a rule parameter.
    Param(Ident),
    Not(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call(Ident, Vec<Expr>),
}

/// One piece of a message template: text, or `{expr}` to interpolate.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
    pub span: Span,
}

/// `label PATH "text"` / `secondary PATH "text"`: which element's span to underline, and the words.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub target: Expr,
    pub text: Template,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub default: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Let {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    Pass,
    Fail,
}

/// An embedded example document. Fail examples may say which text the primary label must cover
/// (`at "15日"`) and which message the finding must carry (`saying "…"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub kind: ExampleKind,
    pub text: StrLit,
    pub expect_span: Option<StrLit>,
    pub expect_message: Option<StrLit>,
    pub span: Span,
}

/// A rule file as parsed: every item optional here; the checker says what is missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleAst {
    pub code: Option<Ident>,
    pub name: Option<Ident>,
    /// The span of the `rule CODE NAME` header, where "missing item" errors point.
    pub header: Span,
    pub severity: Option<Ident>,
    pub scope: Option<Ident>,
    pub params: Vec<Param>,
    pub lets: Vec<Let>,
    pub filter: Option<Expr>,
    pub require: Option<Expr>,
    pub message: Option<Template>,
    pub label: Option<Label>,
    pub secondary: Vec<Label>,
    pub help: Option<StrLit>,
    pub basis: Option<StrLit>,
    pub doc: Option<StrLit>,
    pub examples: Vec<Example>,
    /// Items given twice: (item keyword, span of the second one).
    pub duplicates: Vec<(String, Span)>,
}
