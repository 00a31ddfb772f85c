//! Checked rules: the form the engine runs. Names are resolved to slots and fields, types are
//! known, regexes are compiled, parameters are constants — nothing here can fail for a static
//! reason at run time.

use std::sync::Arc;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use super::syntax::ast::{BinaryOp, Duration};
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The severity in the words a person reads (reports, the ledger, `rules list`); machine
    /// formats keep [`Severity::as_str`].
    pub fn in_words(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// What one evaluation of a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Document,
    Part,
    Section,
    Task,
    Unit,
    Deadline,
    Quantity,
    /// A sentence of the text: split on 。；！？ and line breaks.
    Clause,
    /// Ordered pairs of distinct documents of one run: `doc` and `other`.
    Corpus,
}

impl Scope {
    pub const ALL: [(&'static str, Scope); 9] = [
        ("document", Scope::Document),
        ("part", Scope::Part),
        ("section", Scope::Section),
        ("task", Scope::Task),
        ("unit", Scope::Unit),
        ("deadline", Scope::Deadline),
        ("quantity", Scope::Quantity),
        ("clause", Scope::Clause),
        ("corpus", Scope::Corpus),
    ];

    /// The element kind bound to the scope's own name (`task`, `unit` …), if any.
    pub fn element(self) -> Option<Elem> {
        match self {
            Scope::Document | Scope::Corpus => None,
            Scope::Part => Some(Elem::Part),
            Scope::Section => Some(Elem::Section),
            Scope::Task => Some(Elem::Task),
            Scope::Unit => Some(Elem::Unit),
            Scope::Deadline => Some(Elem::Deadline),
            Scope::Quantity => Some(Elem::Quantity),
            Scope::Clause => Some(Elem::Clause),
        }
    }
}

/// The kinds of model element an expression can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Elem {
    Doc,
    Part,
    Section,
    Task,
    Unit,
    Deadline,
    Quantity,
    Clause,
}

impl Elem {
    pub fn name(self) -> &'static str {
        match self {
            Elem::Doc => "doc",
            Elem::Part => "part",
            Elem::Section => "section",
            Elem::Task => "task",
            Elem::Unit => "unit",
            Elem::Deadline => "deadline",
            Elem::Quantity => "quantity",
            Elem::Clause => "clause",
        }
    }
}

/// Static types of the rule language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Bool,
    Number,
    Text,
    Date,
    Duration,
    Regex,
    List(Box<Ty>),
    Elem(Elem),
}

impl Ty {
    /// The type's name in error messages (Chinese, as the rule author reads them).
    pub fn describe(&self) -> String {
        match self {
            Ty::Bool => "布尔值".into(),
            Ty::Number => "数".into(),
            Ty::Text => "文本".into(),
            Ty::Date => "日期".into(),
            Ty::Duration => "时长".into(),
            Ty::Regex => "正则表达式".into(),
            Ty::List(inner) => format!("{}列表", inner.describe()),
            Ty::Elem(elem) => format!("元素 {}", elem.name()),
        }
    }

    /// Whether a value of this type can be used where text is wanted: elements stand for their
    /// text (a task for its text, a unit for its name).
    pub fn is_textual(&self) -> bool {
        matches!(self, Ty::Text | Ty::Elem(_))
    }
}

/// A field of a model element, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    // doc
    DocFile,
    DocText,
    DocLayout,
    DocPlanYear,
    DocIssuer,
    DocNumber,
    DocNumberAgency,
    DocNumberYear,
    DocNumberSerial,
    DocTitle,
    DocRecipients,
    DocRecipientsColon,
    DocAttachment,
    DocIssueDate,
    DocIssueDateText,
    DocPlanTitle,
    DocQuotedPlanTitle,
    DocDisclosure,
    DocParts,
    DocSections,
    DocTasks,
    DocUnits,
    DocDeadlines,
    DocQuantities,
    DocClauses,
    DocKind,
    DocAnnual,
    DocTruncated,
    DocConsultationStart,
    DocConsultationEnd,
    DocConsultationFrom,
    // part and section
    Label,
    Title,
    Part,
    Section,
    // task
    Text,
    Number,
    Units,
    Deadline,
    Quantities,
    Clauses,
    Task,
    CutOff,
    Cell,
    UnitUnread,
    // unit
    Name,
    Role,
    Inherited,
    // deadline
    Source,
    Kind,
    Date,
    LastDate,
    // quantity
    Value,
    Unit,
    Bound,
    Subject,
    Clause,
    Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Func {
    Exists,
    Count,
    Any,
    All,
    First,
    Mentions,
    Days,
    Workdays,
    DurationOf,
    NumberOf,
    DateOf,
    /// `date(y, m, d)`: a date from its parts.
    DateFrom,
    /// `end_date(text)`: the last day of the first period written in the text.
    EndDateOf,
    Year,
    Month,
    Day,
    Quoted,
    Canonical,
    IdChecksum,
    Typos,
    Unbalanced,
    Correction,
    Len,
    Before,
    Occurrences,
    /// Equality where two missing values are the same (`==` says unknown).
    Same,
}

/// A constant: a literal or a parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Bool(bool),
    Number(f64),
    Text(String),
    Date(NaiveDate),
    Duration(Duration),
    List(Vec<Const>),
    /// A pattern parameter's regex (`param vague = /酌情|视情/`), listed as written; it is
    /// never a value: the checker admits `$vague` only right of `matches`.
    Pattern(String),
}

impl std::fmt::Display for Const {
    /// Writes the constant as a rule-file literal (`30d`, `10wd`, `"文本"`, `2022-12-31`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use super::syntax::ast::DurationUnit;
        match self {
            Const::Bool(value) => write!(f, "{value}"),
            Const::Number(value) => write!(f, "{value}"),
            Const::Text(text) => write!(f, "{text:?}"),
            Const::Pattern(pattern) => write!(f, "/{pattern}/"),
            Const::Date(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Const::Duration(duration) => {
                let unit = match duration.unit {
                    DurationUnit::Day => "d",
                    DurationUnit::Workday => "wd",
                    DurationUnit::Hour => "h",
                    DurationUnit::Month => "mo",
                };
                write!(f, "{}{unit}", duration.amount)
            }
            Const::List(items) => {
                let items: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct CExpr {
    pub kind: CKind,
    pub ty: Ty,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum CKind {
    Const(Const),
    /// A regex literal: index into [`RuleSet::regexes`](super::RuleSet).
    Regex(usize),
    /// A slot of the evaluation environment: roots, `let`s, binders, captures.
    Slot(usize),
    Field(Box<CExpr>, Field),
    Not(Box<CExpr>),
    Binary(BinaryOp, Box<CExpr>, Box<CExpr>),
    /// `text matches /re/`; `captures` binds named groups to slots (top-level `where` only).
    Matches {
        text: Box<CExpr>,
        regex: usize,
        captures: Vec<(usize, usize)>,
        /// `matches each`: bind the match the evaluation asks for, not the first.
        each: bool,
    },
    /// `text contains "literal"`: `literal` indexes the shared literal automaton.
    ContainsLiteral {
        text: Box<CExpr>,
        literal: usize,
    },
    /// `mentions(text, [...])`: indices into the shared literal automaton.
    Mentions {
        text: Box<CExpr>,
        literals: Vec<usize>,
    },
    /// `any/all/count/first(x in list, cond)`; `cond` is `None` for `count(list)`/`first(list)`.
    Quantifier {
        func: Func,
        slot: usize,
        list: Box<CExpr>,
        cond: Option<Box<CExpr>>,
        /// `e` when an `and` term of `cond` is `before(x, e)` and `e` does not read `x`: `cond`
        /// is false for an item that does not start before `e`, without evaluating it. Rules
        /// that compare each task with the ones before it (GK107, GK108, GK503) skip half the
        /// pairs.
        before: Option<Box<CExpr>>,
        /// The parts of `cond` that are the same for every item (they read neither `x` nor
        /// anything bound inside `cond`: `task.number - 1`, `canonical(unit.name)`), each moved
        /// to a slot of its own and evaluated into it once, before the items.
        hoisted: Vec<(usize, CExpr)>,
        /// An `and` term of `cond` that is `k == p`, `k` reading only `x` and `p` reading
        /// nothing bound inside `cond` (`t.number == task.number`): `cond` is false for an item
        /// whose `k` is a number or text other than `p`'s, so over a document's list the items
        /// are looked up by `k` instead of each being evaluated.
        key: Option<Box<KeyTerm>>,
    },
    Call(Func, Vec<CExpr>),
}

/// See `key` in [`CKind::Quantifier`].
#[derive(Debug, Clone)]
pub struct KeyTerm {
    /// The side that reads only the quantifier's variable.
    pub key: CExpr,
    /// The side that is the same for every item.
    pub probe: CExpr,
}

impl CExpr {
    /// The slots the expression reads, with repeats.
    pub fn slots_read(&self, read: &mut Vec<usize>) {
        match &self.kind {
            CKind::Const(_) | CKind::Regex(_) => {}
            CKind::Slot(slot) => read.push(*slot),
            CKind::Field(base, _) | CKind::Not(base) => base.slots_read(read),
            CKind::Binary(_, a, b) => {
                a.slots_read(read);
                b.slots_read(read);
            }
            CKind::Matches { text, .. }
            | CKind::ContainsLiteral { text, .. }
            | CKind::Mentions { text, .. } => text.slots_read(read),
            // `before` is a copy of part of `cond`.
            CKind::Quantifier {
                list,
                cond,
                hoisted,
                ..
            } => {
                list.slots_read(read);
                if let Some(cond) = cond {
                    cond.slots_read(read);
                }
                for (_, expr) in hoisted {
                    expr.slots_read(read);
                }
            }
            CKind::Call(_, args) => args.iter().for_each(|arg| arg.slots_read(read)),
        }
    }

    /// Whether the expression reads `slot`.
    pub fn reads(&self, slot: usize) -> bool {
        self.slots().contains(&slot)
    }

    /// Whether the expression reads any of `slots`.
    pub fn reads_any(&self, slots: &std::ops::Range<usize>) -> bool {
        self.slots().iter().any(|slot| slots.contains(slot))
    }

    /// The slots the expression reads, with repeats.
    pub fn slots(&self) -> Vec<usize> {
        let mut read = Vec::new();
        self.slots_read(&mut read);
        read
    }

    /// The top-level `and` terms: each must be true for the expression to be.
    pub fn and_terms(&self) -> Vec<&CExpr> {
        let mut terms = Vec::new();
        let mut pending = vec![self];
        while let Some(expr) = pending.pop() {
            match &expr.kind {
                CKind::Binary(BinaryOp::And, a, b) => {
                    pending.push(b);
                    pending.push(a);
                }
                _ => terms.push(expr),
            }
        }
        terms
    }
}

#[derive(Debug, Clone)]
pub enum TemplatePiece {
    Text(String),
    Expr(CExpr),
}

#[derive(Debug, Clone)]
pub struct CTemplate {
    pub pieces: Vec<TemplatePiece>,
}

/// Whose file a label points into: the document of the finding, or (corpus rules) the other one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelFile {
    This,
    Other,
}

#[derive(Debug, Clone)]
pub struct CLabel {
    pub target: CExpr,
    pub text: CTemplate,
    pub file: LabelFile,
}

/// One finding a fail example expects: the text under its primary label, its message, or both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expected {
    pub at: Option<String>,
    pub saying: Option<String>,
}

/// An embedded example document, with what a failing one must produce.
#[derive(Debug, Clone, Serialize)]
pub struct RuleExample {
    pub passes: bool,
    pub text: String,
    /// The line of the rule file where the example starts (1-based).
    pub line: usize,
    /// The findings a fail example expects; when any are listed, they are all the findings.
    pub expected: Vec<Expected>,
    /// How many findings a fail example must give (`count 2`).
    pub count: Option<usize>,
    /// The parameters the example sets (`with min = 15d`), as `(name, value)`.
    pub settings: Vec<(String, String)>,
    /// The rule checked with those parameters, when the example sets any.
    #[serde(skip)]
    pub variant: Option<Arc<Rule>>,
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub scope: Scope,
    /// The rule file's name, for listing and error messages.
    pub file: String,
    /// `(name, value)` after configuration overrides, for `rules` listings.
    pub params: Vec<(String, Const)>,
    /// `let` bindings, evaluated in order into their slots before `where`.
    pub lets: Vec<(usize, CExpr)>,
    /// `let` bindings that read `where`'s named groups, evaluated in order after `where` holds.
    pub late_lets: Vec<(usize, CExpr)>,
    /// With `matches each` in `where`: the rule is evaluated once per match of that regex.
    pub each: bool,
    pub filter: Option<CExpr>,
    pub require: CExpr,
    pub message: CTemplate,
    pub label: CLabel,
    pub secondary: Vec<CLabel>,
    pub help: CTemplate,
    pub basis: String,
    pub doc: String,
    /// The Chinese title shown beside the code (the English name stays the stable id).
    pub title: String,
    pub examples: Vec<RuleExample>,
    /// How many environment slots one evaluation needs.
    pub slots: usize,
}

impl Rule {
    /// The title a person reads beside the code: the rule's Chinese `title`, or its name when the
    /// rule file gives none (a rule written outside the bundled pack may not).
    pub fn shown_title(&self) -> &str {
        if self.title.is_empty() {
            &self.name
        } else {
            &self.title
        }
    }
}

/// The checked rules of one run plus the shared matchers compiled across all of them.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Shared, so that a copy of the set (the configured rules beside the defaults, a subset)
    /// copies no rule.
    pub rules: Vec<Arc<Rule>>,
    /// Every regex literal of every rule; `CKind::Regex`/`Matches` index it. Shared, so that a
    /// set of some of the rules ([`RuleSet::only`]) costs no copy of a large pack's matchers.
    pub regexes: Arc<[Regex]>,
    /// Every literal string of `mentions`/`contains`, deduplicated.
    pub literals: Arc<[String]>,
}

impl RuleSet {
    /// A rule set with only the rules whose code is in `codes` (the shared matchers stay whole, so
    /// the rules' indices stay valid).
    pub fn only(&self, codes: &[&str]) -> RuleSet {
        RuleSet {
            rules: self
                .rules
                .iter()
                .filter(|rule| codes.contains(&rule.code.as_str()))
                .map(Arc::clone)
                .collect(),
            regexes: Arc::clone(&self.regexes),
            literals: Arc::clone(&self.literals),
        }
    }
}
