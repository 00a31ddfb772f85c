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
    /// `text matches each /re/`: the rule runs once per match, not only on the first.
    MatchesEach,
    /// `text contains "s"`.
    Contains,
    /// `a + b`, `a - b` on numbers; a date plus or minus a duration in days or months.
    Add,
    Sub,
    /// `a * b`, `a / b` on numbers.
    Mul,
    Div,
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
            BinaryOp::MatchesEach => "matches each",
            BinaryOp::Contains => "contains",
            BinaryOp::In => "in",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
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

/// One finding a fail example expects: the text its primary label covers (`at "15日"`) and its
/// message (`saying "…"`), either or both.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub at: Option<StrLit>,
    pub saying: Option<StrLit>,
}

/// An embedded example document, with the parameter values it runs with (`with min = 15d`).
/// A fail example may list the findings it expects (several `at … saying …`) and how many
/// there are (`count 2`).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub kind: ExampleKind,
    pub text: StrLit,
    pub with: Vec<(Ident, Expr)>,
    pub count: Option<(usize, Span)>,
    pub expected: Vec<Expectation>,
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
    /// The rule's Chinese title (`title "任务未明确完成时限"`), shown beside its code.
    pub title: Option<StrLit>,
    pub examples: Vec<Example>,
    /// Items given twice: (item keyword, span of the second one).
    pub duplicates: Vec<(String, Span)>,
}
