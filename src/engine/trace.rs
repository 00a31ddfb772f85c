//! `rules trace`: why a rule did or did not fire. For each element of the rule's scope in a
//! document, the value of each top-level `and` term of `where` up to the one that decided, the
//! named groups captured, the `let` values, and the value of `require`.

use super::eval::{self, ElemRef, Evaluator, Value};
use super::matcher::TextCache;
use super::view::DocView;
use super::{Engine, Parsed};
use crate::rules::ir::{CExpr, CKind, Rule, Scope};
use crate::rules::syntax::ast::BinaryOp;
use crate::source::Span;

/// A value as a trace shows it: `true`, `false`, `unknown`, or the value as a message renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    /// Where the value lies in the document, when it comes from it.
    pub span: Option<Span>,
}

/// One `where` term: its place in the rule file and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracedTerm {
    pub rule_span: Span,
    pub value: Shown,
}

/// The evaluation of a rule on one element of its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceStep {
    /// The element (its text) and its place in the document.
    pub element: Shown,
    /// The `let` values computed before `where`, in order: (the place of the `let`'s value in the
    /// rule file, value).
    pub lets: Vec<TracedTerm>,
    /// The `let` values that read `where`'s named groups, computed once it holds.
    pub late_lets: Vec<TracedTerm>,
    /// The top-level `and` terms of `where`, up to and including the first that is not true.
    pub filter: Vec<TracedTerm>,
    /// Whether `where` held (`true` without a `where`).
    pub applies: bool,
    /// The named groups captured by `where`: (name, text and span).
    pub captures: Vec<(String, Shown)>,
    /// The value of `require`, when `where` held.
    pub require: Option<Shown>,
    /// The finding's message, when `require` was false.
    pub finding: Option<String>,
}

fn shown(value: &Value<'_>) -> Shown {
    let text = match value {
        Value::Missing => "unknown".to_string(),
        Value::Bool(true) => "true".to_string(),
        Value::Bool(false) => "false".to_string(),
        other => other.display(),
    };
    Shown {
        text,
        span: value.span(),
    }
}

/// Computes `let`s into their slots, as the engine does, keeping each value for the trace.
fn bind<'a>(
    evaluator: &Evaluator<'a>,
    lets: &'a [(usize, CExpr)],
    env: &mut Vec<Value<'a>>,
) -> Vec<TracedTerm> {
    lets.iter()
        .map(|(slot, value)| {
            let computed = evaluator.eval(value, env);
            let traced = TracedTerm {
                rule_span: value.span,
                value: shown(&computed),
            };
            if let Some(place) = env.get_mut(*slot) {
                *place = computed;
            }
            traced
        })
        .collect()
}

/// The top-level `and` terms of an expression, left to right.
fn and_terms(expr: &CExpr) -> Vec<&CExpr> {
    let mut terms = Vec::new();
    let mut pending = vec![expr];
    while let Some(next) = pending.pop() {
        match &next.kind {
            CKind::Binary(BinaryOp::And, left, right) => {
                pending.push(right);
                pending.push(left);
            }
            _ => terms.push(next),
        }
    }
    terms
}

impl Engine {
    /// Traces `rule` (checked with this engine's set) on each element of its scope in `parsed`.
    /// Corpus rules are traced with `doc` = the first document and `other` = each of the others.
    pub fn trace(&self, rule: &Rule, parsed: &[Parsed]) -> Vec<TraceStep> {
        let views: Vec<DocView<'_>> = parsed
            .iter()
            .map(|parsed| DocView::new(&parsed.document, &parsed.source.text))
            .collect();
        let Some(view) = views.first() else {
            return Vec::new();
        };
        let cache = TextCache::new(&self.matcher, view.text);
        let evaluator = self.evaluator(&cache, view);
        let elements: Vec<Value<'_>> = if rule.scope == Scope::Corpus {
            views[1..]
                .iter()
                .map(|other| Value::Elem(ElemRef::Doc(other)))
                .collect()
        } else {
            eval::elements(rule.scope, view)
        };
        let terms = rule.filter.as_ref().map(and_terms).unwrap_or_default();
        elements
            .into_iter()
            .map(|element| {
                let mut env: Vec<Value<'_>> = std::iter::repeat_with(|| Value::Missing)
                    .take(rule.slots)
                    .collect();
                let element_shown = match &element {
                    Value::Elem(ElemRef::Doc(doc)) => Shown {
                        text: doc.document.file.clone(),
                        span: None,
                    },
                    other => shown(other),
                };
                if let Some(place) = env.get_mut(0) {
                    *place = Value::Elem(ElemRef::Doc(view));
                }
                if let Some(place) = env.get_mut(1) {
                    *place = element;
                }
                let lets = bind(&evaluator, &rule.lets, &mut env);
                let mut filter = Vec::new();
                let mut applies = true;
                let mut captures = Vec::new();
                for term in &terms {
                    let value = evaluator.eval(term, &mut env);
                    let holds = matches!(value, Value::Bool(true));
                    filter.push(TracedTerm {
                        rule_span: term.span,
                        value: shown(&value),
                    });
                    if !holds {
                        applies = false;
                        break;
                    }
                    if let CKind::Matches {
                        regex,
                        captures: groups,
                        ..
                    } = &term.kind
                    {
                        let names: Vec<Option<&str>> = self
                            .rules
                            .regexes
                            .get(*regex)
                            .map(|found| found.capture_names().collect())
                            .unwrap_or_default();
                        for (group, slot) in groups {
                            let name = names.get(*group).copied().flatten().unwrap_or_default();
                            let value = env.get(*slot).map(shown);
                            if let Some(value) = value {
                                captures.push((name.to_string(), value));
                            }
                        }
                    }
                }
                let late_lets = if applies {
                    bind(&evaluator, &rule.late_lets, &mut env)
                } else {
                    Vec::new()
                };
                let require = applies.then(|| evaluator.eval(&rule.require, &mut env));
                let finding = matches!(require, Some(Value::Bool(false)))
                    .then(|| evaluator.render(&rule.message, &mut env));
                TraceStep {
                    element: element_shown,
                    lets,
                    late_lets,
                    filter,
                    applies,
                    captures,
                    require: require.as_ref().map(shown),
                    finding,
                }
            })
            .collect()
    }
}
