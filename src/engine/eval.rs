//! Evaluates checked expressions against one document.
//!
//! Logic is three-valued: a value the document does not have (a task without a deadline asked for
//! `task.deadline.date`) is `Missing`, comparisons with it are unknown, and unknown propagates
//! through `and`/`or`/`not` the Kleene way. A `where` must be true for the rule to look further; a
//! `require` must be false for a finding — so an unknown never produces a finding.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use foldhash::HashMap;
use regex::Regex;

use super::calendar::Calendar;
use super::matcher::TextCache;
use super::tables::{self, Tables};
use super::view::{Clause, DocView};
use crate::document::{
    Bound, DateField, Deadline, DeadlineKind, DeadlineSource, Part, Quantity, QuantityKind,
    QuantityUnit, Section, Task, Unit, UnitRole,
};
use crate::rules::ir::{
    CExpr, CKind, CTemplate, Const, Field, Func, KeyTerm, Scope, TemplatePiece,
};
use crate::rules::syntax::ast::{BinaryOp, Duration, DurationUnit};
use crate::source::Span;

/// A model element as a value.
#[derive(Debug, Clone, Copy)]
pub enum ElemRef<'a> {
    Doc(&'a DocView<'a>),
    Part(&'a Part),
    Section(&'a Section),
    Task(&'a Task),
    Unit(&'a Unit, &'a Task),
    Deadline(&'a Deadline, &'a Task),
    Quantity(&'a Quantity, &'a Task),
    Clause(&'a Clause, &'a DocView<'a>),
}

impl<'a> ElemRef<'a> {
    pub fn span(&self) -> Span {
        match self {
            ElemRef::Doc(view) => view.span(),
            ElemRef::Part(part) => part.span,
            ElemRef::Section(section) => section.span,
            ElemRef::Task(task) => task.span,
            ElemRef::Unit(unit, _) => unit.span,
            ElemRef::Deadline(deadline, _) => deadline.span,
            ElemRef::Quantity(quantity, _) => quantity.span,
            ElemRef::Clause(clause, _) => clause.span,
        }
    }

    /// The text an element stands for where text is wanted.
    fn text(&self) -> &'a str {
        match self {
            ElemRef::Doc(view) => view.text,
            ElemRef::Part(part) => &part.title,
            ElemRef::Section(section) => &section.title,
            ElemRef::Task(task) => &task.text,
            ElemRef::Unit(unit, _) => &unit.name,
            ElemRef::Deadline(deadline, _) => &deadline.text,
            ElemRef::Quantity(quantity, _) => &quantity.text,
            ElemRef::Clause(clause, view) => view.clause_text(clause),
        }
    }
}

/// A runtime value. Values taken from a document carry the span they came from, so that labels
/// and captures can point at the text.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    Missing,
    Bool(bool),
    Number(f64, Option<Span>),
    Text(Cow<'a, str>, Option<Span>),
    Date(NaiveDate, Option<Span>),
    Duration(Duration, Option<Span>),
    /// Shared: a document's lists (`doc.tasks`) are built once per document, and binding or
    /// copying a list copies a pointer.
    List(Rc<[Value<'a>]>),
    Elem(ElemRef<'a>),
}

impl<'a> Value<'a> {
    pub fn span(&self) -> Option<Span> {
        match self {
            Value::Number(_, span)
            | Value::Text(_, span)
            | Value::Date(_, span)
            | Value::Duration(_, span) => *span,
            Value::Elem(elem) => Some(elem.span()),
            Value::List(items) => items.iter().find_map(Value::span),
            Value::Missing | Value::Bool(_) => None,
        }
    }

    fn truth(&self) -> Option<bool> {
        match self {
            Value::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The value as text (elements stand for their text), with whether it borrows from the run.
    pub(super) fn as_text(&self) -> Option<(&str, bool)> {
        match self {
            Value::Text(Cow::Borrowed(text), _) => Some((text, true)),
            Value::Text(Cow::Owned(text), _) => Some((text.as_str(), false)),
            Value::Elem(elem) => Some((elem.text(), true)),
            _ => None,
        }
    }

    /// How the value reads inside a message.
    pub fn display(&self) -> String {
        match self {
            Value::Missing => "（无）".into(),
            Value::Bool(value) => if *value { "是" } else { "否" }.into(),
            Value::Number(value, _) => format_number(*value),
            Value::Text(text, _) => text.to_string(),
            Value::Date(date, _) => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
            Value::Duration(duration, _) => format_duration(*duration),
            Value::List(items) => items
                .iter()
                .map(Value::display)
                .collect::<Vec<_>>()
                .join("、"),
            Value::Elem(elem) => elem.text().trim().to_string(),
        }
    }
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn format_duration(duration: Duration) -> String {
    let unit = match duration.unit {
        DurationUnit::Day => "日",
        DurationUnit::Workday => "个工作日",
        DurationUnit::Hour => "小时",
        DurationUnit::Month => "个月",
    };
    format!("{}{unit}", format_number(duration.amount))
}

/// A duration in hours, to compare periods written in different units. A working day counts as
/// 7/5 calendar days (a working week is a calendar week) and a month as 30 days: exact when the
/// units agree, an approximation otherwise.
fn hours(duration: Duration) -> f64 {
    let per_unit = match duration.unit {
        DurationUnit::Hour => 1.0,
        DurationUnit::Day => 24.0,
        DurationUnit::Workday => 24.0 * 7.0 / 5.0,
        DurationUnit::Month => 24.0 * 30.0,
    };
    duration.amount * per_unit
}

fn compare_durations(left: Duration, right: Duration) -> Option<std::cmp::Ordering> {
    if left.unit == right.unit {
        left.amount.partial_cmp(&right.amount)
    } else {
        hours(left).partial_cmp(&hours(right))
    }
}

fn const_value<'a>(value: &'a Const) -> Value<'a> {
    match value {
        Const::Bool(value) => Value::Bool(*value),
        Const::Number(value) => Value::Number(*value, None),
        Const::Text(text) => Value::Text(Cow::Borrowed(text), None),
        Const::Pattern(_) => Value::Missing,
        Const::Date(date) => Value::Date(*date, None),
        Const::Duration(duration) => Value::Duration(*duration, None),
        Const::List(items) => Value::List(items.iter().map(const_value).collect()),
    }
}

fn text_field<'a>(field: &'a Option<crate::document::Field>) -> Value<'a> {
    match field {
        Some(field) => Value::Text(Cow::Borrowed(&field.text), Some(field.span)),
        None => Value::Missing,
    }
}

fn opt_text<'a>(text: &'a Option<String>, span: Span) -> Value<'a> {
    match text {
        Some(text) => Value::Text(Cow::Borrowed(text), Some(span)),
        None => Value::Missing,
    }
}

fn snake<T: serde::Serialize>(value: T) -> Cow<'static, str> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Cow::Owned(text),
        _ => Cow::Borrowed(""),
    }
}

/// A date field's date, with its span.
fn date_value(field: &Option<DateField>) -> Value<'_> {
    field
        .as_ref()
        .and_then(|field| field.date.map(|date| Value::Date(date, Some(field.span))))
        .unwrap_or(Value::Missing)
}

/// A task label as a number: `3`, `十七`.
fn label_number(label: &str) -> Option<f64> {
    let trimmed = label.trim();
    // Rules like GK107 ask for every pair of tasks: the common label, ASCII digits, is read
    // without allocating.
    if !trimmed.is_empty() && trimmed.len() <= 15 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let number = trimmed
            .bytes()
            .fold(0u64, |number, digit| number * 10 + u64::from(digit - b'0'));
        return Some(number as f64);
    }
    if trimmed.chars().all(|c| c.is_ascii_digit())
        || trimmed
            .chars()
            .all(|c| "零〇一二两三四五六七八九十百".contains(c))
    {
        tables::parse_number(trimmed)
    } else {
        None
    }
}

/// A quantifier's condition with what is known of it before the items: see
/// [`CKind::Quantifier`].
#[derive(Clone, Copy)]
struct Cond<'a> {
    expr: &'a CExpr,
    before: Option<&'a CExpr>,
    key: Option<&'a KeyTerm>,
}

/// A key of the values that `==` tells apart without trimming or conversion: a number (not NaN;
/// -0 as 0) or a text, trimmed.
enum Key<'v> {
    Number(u64),
    Text(&'v str),
}

impl<'v> Key<'v> {
    fn of(value: &'v Value<'_>) -> Option<Key<'v>> {
        match value {
            Value::Number(number, _) if !number.is_nan() => {
                Some(Key::Number((number + 0.0).to_bits()))
            }
            Value::Text(text, _) => Some(Key::Text(text.trim())),
            _ => None,
        }
    }
}

/// A document list's positions by their items' keys (see [`KeyTerm`]), each list ascending.
#[derive(Default)]
pub struct KeyIndex {
    /// Where in `positions` the positions of each key are.
    numbers: HashMap<u64, usize>,
    texts: HashMap<Box<str>, usize>,
    positions: Vec<Vec<usize>>,
    /// Items whose key is missing or of another kind: `==` may be unknown rather than false, so
    /// they are always evaluated.
    unkeyed: Vec<usize>,
}

impl KeyIndex {
    fn add(&mut self, position: usize, key: &Value<'_>) {
        let next = self.positions.len();
        let at = match Key::of(key) {
            Some(Key::Number(bits)) => *self.numbers.entry(bits).or_insert(next),
            Some(Key::Text(text)) => *self.texts.entry(text.into()).or_insert(next),
            None => return self.unkeyed.push(position),
        };
        if at == next {
            self.positions.push(Vec::new());
        }
        self.positions[at].push(position);
    }
}

/// The positions of a list whose items a quantifier evaluates: those with the probe's key (at
/// `keyed` in the index) and those without a key.
struct Candidates {
    index: Rc<KeyIndex>,
    keyed: Option<usize>,
}

impl Candidates {
    /// The positions, ascending.
    fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        let keyed: &[usize] = self.keyed.map_or(&[], |at| &self.index.positions[at]);
        let mut keyed = keyed.iter().copied().peekable();
        let mut unkeyed = self.index.unkeyed.iter().copied().peekable();
        std::iter::from_fn(move || match (keyed.peek(), unkeyed.peek()) {
            (Some(a), Some(b)) if a > b => unkeyed.next(),
            (Some(_), _) => keyed.next(),
            (None, _) => unkeyed.next(),
        })
    }

    fn len(&self) -> usize {
        self.keyed.map_or(0, |at| self.index.positions[at].len()) + self.index.unkeyed.len()
    }
}

/// A document's lists by the document's address and the field.
pub type DocLists<'a> = RefCell<Vec<(usize, Field, Rc<[Value<'a>]>)>>;

/// Everything one evaluation needs besides the environment.
pub struct Evaluator<'a> {
    /// This thread's copies of the rule set's regexes.
    pub regexes: &'a [Regex],
    pub cache: &'a TextCache<'a>,
    pub calendar: &'a Calendar,
    pub tables: &'a Tables,
    /// The document of the current evaluation (for capture spans and `task.clauses`).
    pub view: &'a DocView<'a>,
    /// A document's lists (`doc.tasks`, `doc.units` …), by the document's address and the field,
    /// built the first time they are asked for: rules like GK107 ask for them once per task.
    pub lists: DocLists<'a>,
    /// Indexes of those lists by a quantifier's key (see [`KeyTerm`]), by the key's and the
    /// list's addresses, built the first time they are asked for.
    pub indexes: KeyIndexes,
    /// Which match a `matches each` binds (0 for the first): the engine asks for each in turn.
    pub occurrence: std::cell::Cell<usize>,
    /// Set when a `matches each` found the match it was asked for: the engine then asks for the
    /// next one.
    pub more_matches: std::cell::Cell<bool>,
}

/// See [`Evaluator::indexes`].
pub type KeyIndexes = RefCell<Vec<((usize, usize), Rc<KeyIndex>)>>;

impl<'a> Evaluator<'a> {
    pub fn eval(&self, expr: &'a CExpr, env: &mut Vec<Value<'a>>) -> Value<'a> {
        match &expr.kind {
            CKind::Const(value) => const_value(value),
            CKind::Regex(_) => Value::Missing,
            CKind::Slot(slot) => env.get(*slot).cloned().unwrap_or(Value::Missing),
            // A field of a bound name (`task.units`, `t.number`) is read in place: cloning the
            // value first was the costliest part of most field reads.
            CKind::Field(base, field) => match base.kind {
                CKind::Slot(slot) => env
                    .get(slot)
                    .map_or(Value::Missing, |base| self.field(base, *field)),
                _ => {
                    let base = self.eval(base, env);
                    self.field(&base, *field)
                }
            },
            CKind::Not(inner) => match self.eval(inner, env).truth() {
                Some(value) => Value::Bool(!value),
                None => Value::Missing,
            },
            CKind::Binary(op, left, right) => self.binary(*op, left, right, env),
            CKind::Matches {
                text,
                regex,
                captures,
                each,
            } => {
                let text = self.eval(text, env);
                if !*each {
                    return self.matches(&text, *regex, captures, 0, env);
                }
                let found = self.matches(&text, *regex, captures, self.occurrence.get(), env);
                if matches!(found, Value::Bool(true)) {
                    self.more_matches.set(true);
                }
                found
            }
            CKind::ContainsLiteral { text, literal } => {
                let value = self.eval(text, env);
                match value.as_text() {
                    Some((text, borrowed)) => {
                        Value::Bool(self.cache.has_literal(text, borrowed, *literal))
                    }
                    None => Value::Missing,
                }
            }
            CKind::Mentions { text, literals } => {
                let value = self.eval(text, env);
                match value.as_text() {
                    Some((text, borrowed)) => Value::Bool(
                        literals
                            .iter()
                            .any(|index| self.cache.has_literal(text, borrowed, *index)),
                    ),
                    None => Value::Missing,
                }
            }
            CKind::Quantifier {
                func,
                slot,
                list,
                cond,
                before,
                hoisted,
                key,
            } => {
                for (slot, expr) in hoisted {
                    let value = self.eval(expr, env);
                    if let Some(place) = env.get_mut(*slot) {
                        *place = value;
                    }
                }
                let cond = cond.as_deref().map(|cond| Cond {
                    expr: cond,
                    before: before.as_deref(),
                    key: key.as_deref(),
                });
                self.quantifier(*func, *slot, list, cond, env)
            }
            CKind::Call(func, args) => {
                // The checker holds every function to at most three arguments: they are evaluated
                // in place rather than into a list per call (GK108 calls `before` for every pair
                // of tasks).
                let mut arg = |index: usize| {
                    args.get(index)
                        .map_or(Value::Missing, |arg| self.eval(arg, env))
                };
                let first = arg(0);
                let second = arg(1);
                let third = arg(2);
                self.call(*func, first, second, third)
            }
        }
    }

    pub fn render(&self, template: &'a CTemplate, env: &mut Vec<Value<'a>>) -> String {
        let mut out = String::new();
        for piece in &template.pieces {
            match piece {
                TemplatePiece::Text(text) => out.push_str(text),
                TemplatePiece::Expr(expr) => out.push_str(&self.eval(expr, env).display()),
            }
        }
        out
    }

    /// Whether `value` matches the regex, binding the named groups of its `occurrence`-th match
    /// (the first: 0) to their slots.
    fn matches(
        &self,
        value: &Value<'a>,
        regex: usize,
        captures: &[(usize, usize)],
        occurrence: usize,
        env: &mut Vec<Value<'a>>,
    ) -> Value<'a> {
        let Some((text, borrowed)) = value.as_text() else {
            return Value::Missing;
        };
        if !self.cache.regex_may_match(text, borrowed, regex) {
            return Value::Bool(false);
        }
        let Some(pattern) = self.regexes.get(regex) else {
            return Value::Missing;
        };
        if captures.is_empty() && occurrence == 0 {
            return Value::Bool(pattern.is_match(text));
        }
        let Some(found) = pattern.captures_iter(text).nth(occurrence) else {
            return Value::Bool(false);
        };
        // A capture's span is exact when the text is found among the document's own bytes at the
        // value's span; for text joined from several places the capture points at the whole value.
        let base = self.exact_span(value, text);
        for (group, slot) in captures {
            let captured = match found.get(*group) {
                Some(group_match) => {
                    let span = match base {
                        Some(base) => Some(Span::new(
                            base.start() + group_match.start(),
                            base.start() + group_match.end(),
                        )),
                        None => value.span(),
                    };
                    let text: Cow<'a, str> = match value {
                        Value::Text(Cow::Borrowed(borrowed), _) => {
                            Cow::Borrowed(&borrowed[group_match.range()])
                        }
                        Value::Elem(elem) => Cow::Borrowed(&elem.text()[group_match.range()]),
                        _ => Cow::Owned(group_match.as_str().to_string()),
                    };
                    Value::Text(text, span)
                }
                None => Value::Missing,
            };
            if let Some(place) = env.get_mut(*slot) {
                *place = captured;
            }
        }
        Value::Bool(true)
    }

    fn binary(
        &self,
        op: BinaryOp,
        left: &'a CExpr,
        right: &'a CExpr,
        env: &mut Vec<Value<'a>>,
    ) -> Value<'a> {
        match op {
            BinaryOp::And => {
                let l = self.eval(left, env).truth();
                if l == Some(false) {
                    return Value::Bool(false);
                }
                match (l, self.eval(right, env).truth()) {
                    (_, Some(false)) => Value::Bool(false),
                    (Some(true), Some(true)) => Value::Bool(true),
                    _ => Value::Missing,
                }
            }
            BinaryOp::Or => {
                let l = self.eval(left, env).truth();
                if l == Some(true) {
                    return Value::Bool(true);
                }
                match (l, self.eval(right, env).truth()) {
                    (_, Some(true)) => Value::Bool(true),
                    (Some(false), Some(false)) => Value::Bool(false),
                    _ => Value::Missing,
                }
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                arithmetic(op, self.eval(left, env), self.eval(right, env))
            }
            _ => {
                let l = self.eval(left, env);
                let r = self.eval(right, env);
                match compare(op, &l, &r) {
                    Some(result) => Value::Bool(result),
                    None => Value::Missing,
                }
            }
        }
    }

    fn quantifier(
        &self,
        func: Func,
        slot: usize,
        list: &'a CExpr,
        cond: Option<Cond<'a>>,
        env: &mut Vec<Value<'a>>,
    ) -> Value<'a> {
        let Value::List(items) = self.eval(list, env) else {
            return Value::Missing;
        };
        // `cond` is false for items at or after this position (`before(x, …)` is one of its
        // `and` terms), and for the items whose key is not the probe's: they need not be
        // evaluated. Captures are bound only by a top-level `where`, so evaluating `cond` has no
        // effect to keep.
        let bound = cond
            .and_then(|cond| cond.before)
            .and_then(|bound| self.eval(bound, env).span());
        let candidates = cond
            .and_then(|cond| cond.key)
            .and_then(|key| self.candidates(key, slot, &items, env));
        // Only the candidates are visited: the others' verdict is false, which decides `all` at
        // once and changes no other quantifier. Visiting every item to skip it made a rule like
        // GK108 quadratic in the number of tasks.
        if func == Func::All
            && candidates
                .as_ref()
                .is_some_and(|candidates| candidates.len() < items.len())
        {
            return Value::Bool(false);
        }
        let mut looked_up = candidates.as_ref().map(Candidates::positions);
        let mut every = 0..items.len();
        let positions: &mut dyn Iterator<Item = usize> = match looked_up.as_mut() {
            Some(looked_up) => looked_up,
            None => &mut every,
        };
        let mut unknown = false;
        let mut count = 0.0;
        for item in positions.filter_map(|position| items.get(position)) {
            let too_late = match (bound, item.span()) {
                (Some(bound), Some(at)) => at.start() >= bound.start(),
                _ => false,
            };
            let verdict = match cond {
                None => Some(true),
                Some(_) if too_late => Some(false),
                Some(cond) => {
                    if let Some(place) = env.get_mut(slot) {
                        *place = item.clone();
                    }
                    self.eval(cond.expr, env).truth()
                }
            };
            match (func, verdict) {
                (Func::Any, Some(true)) => return Value::Bool(true),
                (Func::All, Some(false)) => return Value::Bool(false),
                (Func::First, Some(true)) => return item.clone(),
                (Func::Count, Some(true)) => count += 1.0,
                (_, None) => unknown = true,
                _ => {}
            }
        }
        match func {
            Func::Count => Value::Number(count, None),
            Func::First => Value::Missing,
            _ if unknown => Value::Missing,
            Func::Any => Value::Bool(false),
            _ => Value::Bool(true),
        }
    }

    /// The positions in `items` where `cond` may hold, looked up by `key`'s probe, when `items`
    /// is one of the document's lists (the same list for every element, so its index is built
    /// once) and every item's key is of the probe's kind or of none.
    fn candidates(
        &self,
        key: &'a KeyTerm,
        slot: usize,
        items: &Rc<[Value<'a>]>,
        env: &mut Vec<Value<'a>>,
    ) -> Option<Candidates> {
        if !self
            .lists
            .borrow()
            .iter()
            .any(|(_, _, list)| Rc::ptr_eq(list, items))
        {
            return None;
        }
        let probe = self.eval(&key.probe, env);
        let probe = Key::of(&probe)?;
        let at = (std::ptr::from_ref(key) as usize, items.as_ptr() as usize);
        let found = self
            .indexes
            .borrow()
            .iter()
            .find(|(of, _)| *of == at)
            .map(|(_, index)| Rc::clone(index));
        let index = match found {
            Some(index) => index,
            None => {
                let mut index = KeyIndex::default();
                for (position, item) in items.iter().enumerate() {
                    if let Some(place) = env.get_mut(slot) {
                        *place = item.clone();
                    }
                    index.add(position, &self.eval(&key.key, env));
                }
                let index = Rc::new(index);
                self.indexes.borrow_mut().push((at, Rc::clone(&index)));
                index
            }
        };
        let keyed = match probe {
            Key::Number(bits) if index.texts.is_empty() => index.numbers.get(&bits),
            Key::Text(text) if index.numbers.is_empty() => index.texts.get(text),
            _ => return None,
        };
        let keyed = keyed.copied();
        Some(Candidates { index, keyed })
    }

    fn call(&self, func: Func, first: Value<'a>, second: Value<'a>, third: Value<'a>) -> Value<'a> {
        let span = first.span();
        match func {
            Func::Exists => Value::Bool(match &first {
                Value::Missing => false,
                Value::List(items) => !items.is_empty(),
                Value::Text(text, _) => !text.trim().is_empty(),
                _ => true,
            }),
            Func::Len => match &first {
                Value::List(items) => Value::Number(items.len() as f64, None),
                other => match other.as_text() {
                    Some((text, _)) => Value::Number(text.chars().count() as f64, None),
                    None => Value::Missing,
                },
            },
            Func::Days | Func::Workdays => {
                let (Value::Date(from, from_span), Value::Date(to, to_span)) = (&first, &second)
                else {
                    return Value::Missing;
                };
                let span = match (from_span, to_span) {
                    (Some(a), Some(b)) => Some(a.cover(*b)),
                    (a, b) => a.or(*b),
                };
                if func == Func::Days {
                    Value::Duration(
                        Duration {
                            amount: Calendar::days(*from, *to) as f64,
                            unit: DurationUnit::Day,
                        },
                        span,
                    )
                } else {
                    match self.calendar.workdays(*from, *to) {
                        Some(count) => Value::Duration(
                            Duration {
                                amount: count as f64,
                                unit: DurationUnit::Workday,
                            },
                            span,
                        ),
                        None => Value::Missing,
                    }
                }
            }
            Func::Same => match (&first, &second) {
                (Value::Missing, Value::Missing) => Value::Bool(true),
                (Value::Missing, _) | (_, Value::Missing) => Value::Bool(false),
                _ => compare(BinaryOp::Eq, &first, &second).map_or(Value::Missing, Value::Bool),
            },
            Func::Year => match first {
                Value::Date(date, span) => Value::Number(f64::from(date.year()), span),
                _ => Value::Missing,
            },
            Func::Month => match first {
                Value::Date(date, span) => Value::Number(f64::from(date.month()), span),
                _ => Value::Missing,
            },
            Func::Day => match first {
                Value::Date(date, span) => Value::Number(f64::from(date.day()), span),
                _ => Value::Missing,
            },
            // Whole numbers that make a real date, else unknown (`date(2022, 2, 30)`).
            Func::DateFrom => match (&first, &second, &third) {
                (Value::Number(y, _), Value::Number(m, _), Value::Number(d, _))
                    if [y, m, d]
                        .iter()
                        .all(|part| part.fract() == 0.0 && part.abs() < 1e6) =>
                {
                    // Whole and small (checked above), so the casts are exact.
                    NaiveDate::from_ymd_opt(*y as i32, *m as u32, *d as u32)
                        .map_or(Value::Missing, |date| Value::Date(date, None))
                }
                _ => Value::Missing,
            },
            Func::Before => match (first.span(), second.span()) {
                (Some(a), Some(b)) => Value::Bool(a.start() < b.start()),
                _ => Value::Missing,
            },
            _ => {
                let Some((text, _)) = first.as_text() else {
                    return Value::Missing;
                };
                match func {
                    Func::DurationOf => tables::parse_duration(text)
                        .map_or(Value::Missing, |d| Value::Duration(d, span)),
                    Func::NumberOf => tables::parse_number(text)
                        .map_or(Value::Missing, |n| Value::Number(n, span)),
                    Func::DateOf => {
                        tables::parse_date(text).map_or(Value::Missing, |d| Value::Date(d, span))
                    }
                    Func::EndDateOf => tables::parse_end_date(text)
                        .map_or(Value::Missing, |d| Value::Date(d, span)),
                    Func::IdChecksum => Value::Bool(tables::id_checksum(text)),
                    Func::Occurrences => match second.as_text() {
                        Some((needle, _)) if !needle.is_empty() => {
                            Value::Number(text.matches(needle).count() as f64, None)
                        }
                        _ => Value::Missing,
                    },
                    // Borrowed from the tables, which outlive the run: no allocation per call
                    // (GK503 asks this of every pair of units).
                    Func::Canonical => match self.tables.canonical(text.trim()) {
                        Some(name) => Value::Text(Cow::Borrowed(name), span),
                        None => Value::Missing,
                    },
                    Func::Correction => match self.tables.correction(text.trim()) {
                        Some(right) => Value::Text(Cow::Borrowed(right), span),
                        None => Value::Missing,
                    },
                    Func::Quoted => Value::List(self.pieces(&first, quoted_ranges(text)).into()),
                    Func::Unbalanced => {
                        Value::List(self.pieces(&first, unbalanced_ranges(text)).into())
                    }
                    Func::Typos => {
                        let ranges = self
                            .tables
                            .typos(text)
                            .into_iter()
                            .map(|(range, _)| range)
                            .collect();
                        Value::List(self.pieces(&first, ranges).into())
                    }
                    _ => Value::Missing,
                }
            }
        }
    }

    /// Where `text`, the text of `value`, lies in the document: the value's span when the document
    /// holds exactly `text` there, or the place of `text` inside that span (a task's `text` is its
    /// line without the number and the units, so a match in it underlines the matched words, not
    /// the line); `None` for text joined from several places.
    fn exact_span(&self, value: &Value<'a>, text: &str) -> Option<Span> {
        let span = value.span()?;
        let written = self.view.text.get(span.range())?;
        if written == text {
            return Some(span);
        }
        let at = (!text.is_empty()).then(|| written.find(text)).flatten()?;
        Some(Span::new(span.start() + at, span.start() + at + text.len()))
    }

    /// Sub-texts of a value at byte ranges, with exact spans where [`Self::exact_span`] finds them.
    fn pieces(&self, value: &Value<'a>, ranges: Vec<std::ops::Range<usize>>) -> Vec<Value<'a>> {
        let Some((text, _)) = value.as_text() else {
            return Vec::new();
        };
        let base = self.exact_span(value, text);
        ranges
            .into_iter()
            .filter_map(|range| {
                let piece = text.get(range.clone())?;
                let span = match base {
                    Some(base) => Some(Span::new(
                        base.start() + range.start,
                        base.start() + range.end,
                    )),
                    None => value.span(),
                };
                let owned: Cow<'a, str> = match value {
                    Value::Text(Cow::Borrowed(borrowed), _) => Cow::Borrowed(&borrowed[range]),
                    Value::Elem(elem) => Cow::Borrowed(&elem.text()[range]),
                    _ => Cow::Owned(piece.to_string()),
                };
                Some(Value::Text(owned, span))
            })
            .collect()
    }

    fn field(&self, base: &Value<'a>, field: Field) -> Value<'a> {
        let Value::Elem(elem) = base else {
            return Value::Missing;
        };
        match *elem {
            ElemRef::Doc(view) => self.doc_field(view, field),
            ElemRef::Part(part) => match field {
                Field::Label => Value::Text(Cow::Borrowed(&part.label), Some(part.span)),
                Field::Title => Value::Text(Cow::Borrowed(&part.title), Some(part.span)),
                _ => Value::Missing,
            },
            ElemRef::Section(section) => match field {
                Field::Label => Value::Text(Cow::Borrowed(&section.label), Some(section.span)),
                Field::Part => opt_text(&section.part, section.span),
                Field::Title => Value::Text(Cow::Borrowed(&section.title), Some(section.span)),
                _ => Value::Missing,
            },
            ElemRef::Task(task) => self.task_field(task, field),
            ElemRef::Unit(unit, task) => match field {
                Field::Name => Value::Text(Cow::Borrowed(&unit.name), Some(unit.span)),
                Field::Role => Value::Text(
                    Cow::Borrowed(match unit.role {
                        UnitRole::Lead => "lead",
                        UnitRole::Cooperate => "cooperate",
                        UnitRole::Unspecified => "unspecified",
                    }),
                    Some(unit.span),
                ),
                Field::Inherited => Value::Bool(unit.inherited),
                Field::Task => Value::Elem(ElemRef::Task(task)),
                _ => Value::Missing,
            },
            ElemRef::Deadline(deadline, task) => match field {
                Field::Text => Value::Text(Cow::Borrowed(&deadline.text), Some(deadline.span)),
                Field::Source => Value::Text(
                    snake::<DeadlineSource>(deadline.source),
                    Some(deadline.span),
                ),
                Field::Kind => {
                    Value::Text(snake::<DeadlineKind>(deadline.kind), Some(deadline.span))
                }
                Field::Date => deadline.date.map_or(Value::Missing, |date| {
                    Value::Date(date, Some(deadline.span))
                }),
                Field::LastDate => deadline
                    .dates
                    .last()
                    .copied()
                    .or(deadline.date)
                    .map_or(Value::Missing, |date| {
                        Value::Date(date, Some(deadline.span))
                    }),
                Field::Task => Value::Elem(ElemRef::Task(task)),
                _ => Value::Missing,
            },
            ElemRef::Quantity(quantity, task) => {
                let span = Some(quantity.span);
                match field {
                    Field::Text => Value::Text(Cow::Borrowed(&quantity.text), span),
                    Field::Kind => Value::Text(snake::<QuantityKind>(quantity.kind), span),
                    Field::Value => Value::Number(quantity.value, span),
                    Field::Unit => Value::Text(snake::<QuantityUnit>(quantity.unit), span),
                    Field::Bound => Value::Text(snake::<Bound>(quantity.bound), span),
                    Field::Subject => opt_text(&quantity.subject, quantity.span),
                    Field::Clause => Value::Text(Cow::Borrowed(&quantity.clause), span),
                    Field::Duration => {
                        let unit = match quantity.unit {
                            QuantityUnit::Day => DurationUnit::Day,
                            QuantityUnit::Workday => DurationUnit::Workday,
                            QuantityUnit::Hour => DurationUnit::Hour,
                            QuantityUnit::Month => DurationUnit::Month,
                            QuantityUnit::Times | QuantityUnit::Percent => return Value::Missing,
                        };
                        Value::Duration(
                            Duration {
                                amount: quantity.value,
                                unit,
                            },
                            span,
                        )
                    }
                    Field::Task => Value::Elem(ElemRef::Task(task)),
                    _ => Value::Missing,
                }
            }
            ElemRef::Clause(clause, view) => match field {
                Field::Text => {
                    Value::Text(Cow::Borrowed(view.clause_text(clause)), Some(clause.span))
                }
                Field::Task => match clause.task.and_then(|index| view.document.tasks.get(index)) {
                    Some(task) => Value::Elem(ElemRef::Task(task)),
                    None => Value::Missing,
                },
                _ => Value::Missing,
            },
        }
    }

    fn task_field(&self, task: &'a Task, field: Field) -> Value<'a> {
        let span = Some(task.span);
        match field {
            Field::Label => Value::Text(Cow::Borrowed(&task.label), span),
            Field::Number => {
                label_number(&task.label).map_or(Value::Missing, |n| Value::Number(n, span))
            }
            Field::Part => opt_text(&task.part, task.span),
            Field::Section => opt_text(&task.section, task.span),
            Field::Text => Value::Text(Cow::Borrowed(&task.text), span),
            Field::CutOff => Value::Bool(task.cut_off),
            Field::Cell => task
                .cell
                .map_or(Value::Missing, |cell| Value::Number(f64::from(cell), span)),
            Field::UnitUnread => Value::Bool(task.unread_unit_cell.is_some()),
            Field::Units => Value::List(
                task.units
                    .iter()
                    .map(|unit| Value::Elem(ElemRef::Unit(unit, task)))
                    .collect(),
            ),
            Field::Deadline => match &task.deadline {
                Some(deadline) => Value::Elem(ElemRef::Deadline(deadline, task)),
                None => Value::Missing,
            },
            Field::Quantities => Value::List(
                task.quantities
                    .iter()
                    .map(|quantity| Value::Elem(ElemRef::Quantity(quantity, task)))
                    .collect(),
            ),
            Field::Clauses => {
                let view = self.view;
                Value::List(
                    view.clauses
                        .iter()
                        .filter(|clause| {
                            task.span.start() <= clause.span.start()
                                && clause.span.end() <= task.span.end()
                        })
                        .map(|clause| Value::Elem(ElemRef::Clause(clause, view)))
                        .collect(),
                )
            }
            _ => Value::Missing,
        }
    }

    /// One of a document's lists, built once per document and evaluator.
    fn doc_list(&self, view: &'a DocView<'a>, field: Field) -> Rc<[Value<'a>]> {
        let key = std::ptr::from_ref(view) as usize;
        if let Some((_, _, list)) = self
            .lists
            .borrow()
            .iter()
            .find(|(at, of, _)| *at == key && *of == field)
        {
            return Rc::clone(list);
        }
        let scope = match field {
            Field::DocParts => Scope::Part,
            Field::DocSections => Scope::Section,
            Field::DocTasks => Scope::Task,
            Field::DocUnits => Scope::Unit,
            Field::DocDeadlines => Scope::Deadline,
            Field::DocQuantities => Scope::Quantity,
            Field::DocClauses => Scope::Clause,
            _ => Scope::Corpus,
        };
        let list: Rc<[Value<'a>]> = elements(scope, view).into();
        self.lists.borrow_mut().push((key, field, Rc::clone(&list)));
        list
    }

    fn doc_field(&self, view: &'a DocView<'a>, field: Field) -> Value<'a> {
        let document = view.document;
        let notice = &document.doc;
        let number = notice.doc_number.as_ref();
        match field {
            Field::DocFile => Value::Text(Cow::Borrowed(&document.file), None),
            Field::DocText => Value::Text(
                Cow::Borrowed(view.text),
                Some(Span::new(0, view.text.len())),
            ),
            Field::DocLayout => Value::Text(snake(document.layout), None),
            Field::DocKind => Value::Text(snake(document.kind), None),
            Field::DocAnnual => Value::Bool(document.annual),
            Field::DocTruncated => Value::Bool(document.truncated.is_some()),
            Field::DocConsultationStart => date_value(&notice.consultation_start),
            Field::DocConsultationEnd => date_value(&notice.consultation_end),
            // The day a consultation's days are counted after (《民法典》第二百零一条: the first
            // day not counted): its written first day, else the notice's date.
            Field::DocConsultationFrom => match &notice.consultation_start {
                Some(_) => date_value(&notice.consultation_start),
                None => date_value(&notice.issue_date),
            },
            Field::DocPlanYear => document
                .plan_year
                .map_or(Value::Missing, |year| Value::Number(f64::from(year), None)),
            Field::DocIssuer => text_field(&notice.issuer),
            Field::DocNumber => number.map_or(Value::Missing, |n| {
                Value::Text(Cow::Borrowed(&n.text), Some(n.span))
            }),
            Field::DocNumberAgency => number.map_or(Value::Missing, |n| {
                Value::Text(Cow::Borrowed(&n.agency), Some(n.span))
            }),
            Field::DocNumberYear => number
                .and_then(|n| {
                    n.year
                        .map(|year| Value::Number(f64::from(year), Some(n.span)))
                })
                .unwrap_or(Value::Missing),
            Field::DocNumberSerial => number
                .and_then(|n| {
                    n.serial
                        .map(|serial| Value::Number(f64::from(serial), Some(n.span)))
                })
                .unwrap_or(Value::Missing),
            Field::DocTitle => text_field(&notice.title),
            Field::DocRecipients => text_field(&notice.recipients),
            Field::DocRecipientsColon => text_field(&notice.recipients_colon),
            Field::DocAttachment => text_field(&notice.attachment),
            Field::DocIssueDate => notice
                .issue_date
                .as_ref()
                .and_then(|d| d.date.map(|date| Value::Date(date, Some(d.span))))
                .unwrap_or(Value::Missing),
            Field::DocIssueDateText => notice.issue_date.as_ref().map_or(Value::Missing, |d| {
                Value::Text(Cow::Borrowed(&d.text), Some(d.span))
            }),
            Field::DocPlanTitle => text_field(&notice.plan_title),
            Field::DocQuotedPlanTitle => text_field(&notice.quoted_plan_title),
            Field::DocDisclosure => text_field(&notice.disclosure),
            Field::DocParts
            | Field::DocSections
            | Field::DocTasks
            | Field::DocUnits
            | Field::DocDeadlines
            | Field::DocQuantities
            | Field::DocClauses => Value::List(self.doc_list(view, field)),
            _ => Value::Missing,
        }
    }
}

/// `==`, `<`, `in`, `contains` … on two values; `None` when either is missing.
fn compare(op: BinaryOp, left: &Value<'_>, right: &Value<'_>) -> Option<bool> {
    use std::cmp::Ordering;
    if matches!(left, Value::Missing) || matches!(right, Value::Missing) {
        return None;
    }
    if op == BinaryOp::In {
        let Value::List(items) = right else {
            return None;
        };
        let mut unknown = false;
        for item in items.iter() {
            match compare(BinaryOp::Eq, left, item) {
                Some(true) => return Some(true),
                None => unknown = true,
                Some(false) => {}
            }
        }
        return if unknown { None } else { Some(false) };
    }
    if op == BinaryOp::Contains {
        let (haystack, _) = left.as_text()?;
        let (needle, _) = right.as_text()?;
        return Some(haystack.contains(needle));
    }
    let ordering: Option<Ordering> = match (left, right) {
        (Value::Number(a, _), Value::Number(b, _)) => a.partial_cmp(b),
        (Value::Date(a, _), Value::Date(b, _)) => Some(a.cmp(b)),
        (Value::Duration(a, _), Value::Duration(b, _)) => compare_durations(*a, *b),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Elem(a), Value::Elem(b)) if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => Some(
            if a.span() == b.span() && std::mem::discriminant(a) == std::mem::discriminant(b) {
                Ordering::Equal
            } else {
                Ordering::Less
            },
        ),
        _ => match (left.as_text(), right.as_text()) {
            // Most texts compared are already trimmed; equal bytes need no trimming.
            (Some((a, _)), Some((b, _))) if a == b => Some(Ordering::Equal),
            (Some((a, _)), Some((b, _))) => Some(a.trim().cmp(b.trim())),
            _ => None,
        },
    };
    let ordering = ordering?;
    Some(match op {
        BinaryOp::Eq => ordering == Ordering::Equal,
        BinaryOp::Ne => ordering != Ordering::Equal,
        BinaryOp::Lt => ordering == Ordering::Less,
        BinaryOp::Le => ordering != Ordering::Greater,
        BinaryOp::Gt => ordering == Ordering::Greater,
        BinaryOp::Ge => ordering != Ordering::Less,
        _ => return None,
    })
}

/// Byte ranges of the texts inside 《…》 (the quoted titles), outermost pairs only.
fn quoted_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (index, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    start = index + c.len_utf8();
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    ranges.push(start..index);
                }
            }
            _ => {}
        }
    }
    ranges
}

/// Byte ranges of the brackets and quotes （）〔〕《》“” that have no partner, in text order: a
/// closing mark with no opening one before it, and opening marks still open at the end.
fn unbalanced_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    const PAIRS: [(char, char); 4] = [('（', '）'), ('〔', '〕'), ('《', '》'), ('“', '”')];
    let mut open: Vec<(char, std::ops::Range<usize>)> = Vec::new();
    let mut lonely = Vec::new();
    for (index, c) in text.char_indices() {
        let range = index..index + c.len_utf8();
        if PAIRS.iter().any(|(opening, _)| *opening == c) {
            open.push((c, range));
        } else if let Some((opening, _)) = PAIRS.iter().find(|(_, closing)| *closing == c) {
            // Close the innermost matching mark; marks opened inside it and never closed stay
            // reported, a closing mark with nothing to close is reported itself.
            match open.iter().rposition(|(mark, _)| mark == opening) {
                Some(position) => {
                    let unclosed: Vec<_> = open.drain(position..).skip(1).map(|(_, r)| r).collect();
                    lonely.extend(unclosed);
                }
                None => lonely.push(range),
            }
        }
    }
    lonely.extend(open.into_iter().map(|(_, range)| range));
    lonely.sort_by_key(|range| range.start);
    lonely
}

/// The elements a rule of `scope` is evaluated on, in document order (`Missing` once for document
/// rules), which are also the document's lists (`doc.tasks`).
pub fn elements<'a>(scope: Scope, view: &'a DocView<'a>) -> Vec<Value<'a>> {
    match scope {
        Scope::Corpus => Vec::new(),
        Scope::Document => vec![Value::Missing],
        Scope::Part => view
            .parts()
            .iter()
            .map(|p| Value::Elem(ElemRef::Part(p)))
            .collect(),
        Scope::Section => view
            .sections()
            .iter()
            .map(|s| Value::Elem(ElemRef::Section(s)))
            .collect(),
        Scope::Task => view
            .document
            .tasks
            .iter()
            .map(|t| Value::Elem(ElemRef::Task(t)))
            .collect(),
        Scope::Unit => view
            .units()
            .map(|(u, t)| Value::Elem(ElemRef::Unit(u, t)))
            .collect(),
        Scope::Deadline => view
            .deadlines()
            .map(|(d, t)| Value::Elem(ElemRef::Deadline(d, t)))
            .collect(),
        Scope::Quantity => view
            .quantities()
            .map(|(q, t)| Value::Elem(ElemRef::Quantity(q, t)))
            .collect(),
        Scope::Clause => view
            .clauses
            .iter()
            .map(|c| Value::Elem(ElemRef::Clause(c, view)))
            .collect(),
    }
}

/// `+ - * /` on numbers, and a date plus or minus a whole number of days or months; anything
/// else (a division by zero, working days or hours added to a date) is unknown.
fn arithmetic<'a>(op: BinaryOp, left: Value<'a>, right: Value<'a>) -> Value<'a> {
    match (left, right) {
        (Value::Number(a, span), Value::Number(b, _)) => {
            let value = match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a * b,
                _ if b == 0.0 => return Value::Missing,
                _ => a / b,
            };
            Value::Number(value, span)
        }
        (Value::Date(date, _), Value::Duration(duration, _)) if duration.amount.fract() == 0.0 => {
            let amount = if op == BinaryOp::Sub {
                -duration.amount
            } else {
                duration.amount
            };
            // Whole amounts only (checked above), so the cast is exact.
            let amount = amount as i64;
            let shifted = match duration.unit {
                DurationUnit::Day => date.checked_add_signed(chrono::TimeDelta::days(amount)),
                DurationUnit::Month if amount >= 0 => {
                    date.checked_add_months(chrono::Months::new(amount.unsigned_abs() as u32))
                }
                DurationUnit::Month => {
                    date.checked_sub_months(chrono::Months::new(amount.unsigned_abs() as u32))
                }
                DurationUnit::Workday | DurationUnit::Hour => None,
            };
            shifted.map_or(Value::Missing, |date| Value::Date(date, None))
        }
        _ => Value::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::unbalanced_ranges;

    #[test]
    fn unbalanced_marks_are_found_where_they_are() {
        assert!(unbalanced_ranges("（甲（乙）〔2022〕《丙》“丁”）").is_empty());
        assert_eq!(unbalanced_ranges("（甲"), vec![0..3]);
        assert_eq!(unbalanced_ranges("甲）"), vec![3..6]);
        assert_eq!(unbalanced_ranges("（甲《乙）"), vec![6..9]);
    }
}
