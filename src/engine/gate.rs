//! Literal gates: which rules can fire on an element at all. A rule whose `where` needs one of a
//! few literals in a root's text (`clause.text contains "平合"`, `mentions([...])`) or a match of
//! a regex (`clause.text matches /…/`), or whose `require` can only be false when one occurs, is
//! looked up from the literals and regexes the matcher pass found in that text instead of being
//! evaluated on every element. Generated typo and forbidden-phrase packs of thousands of rules
//! then cost one automaton pass per text plus the rules that actually hit, and the bundled clause
//! rules (GK2xx, each a regex) are evaluated only on the clauses holding one of their factors.

use std::collections::HashMap;
use std::sync::Arc;

use crate::rules::ir::{CExpr, CKind, Field, Rule, Scope};
use crate::rules::syntax::ast::BinaryOp;

/// A text read from the roots only (`doc`, the scope element), and literals and regexes of which
/// one must occur in it (a regex: may match, by the matcher's factors) for the rule to give a
/// finding.
struct Need<'r> {
    key: String,
    text: &'r CExpr,
    literals: Vec<usize>,
    regexes: Vec<usize>,
}

/// Rules of one scope sharing one gate text, indexed by literal and by regex.
pub struct GateGroup {
    pub text: CExpr,
    pub by_literal: HashMap<usize, Vec<usize>>,
    pub by_regex: HashMap<usize, Vec<usize>>,
}

/// The rules of one scope: those evaluated on every element, and the gated ones.
#[derive(Default)]
pub struct ScopePlan {
    pub always: Vec<usize>,
    pub groups: Vec<GateGroup>,
}

impl ScopePlan {
    /// The plan for the rules of `scope`, by index into `rules`.
    pub fn new(rules: &[Arc<Rule>], scope: Scope) -> ScopePlan {
        let mut plan = ScopePlan::default();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for (index, rule) in rules.iter().enumerate() {
            if rule.scope != scope {
                continue;
            }
            let need = rule
                .filter
                .as_ref()
                .and_then(needs_true)
                .or_else(|| needs_false(&rule.require));
            let Some(need) = need else {
                plan.always.push(index);
                continue;
            };
            let group = *group_of.entry(need.key).or_insert_with(|| {
                plan.groups.push(GateGroup {
                    text: need.text.clone(),
                    by_literal: HashMap::new(),
                    by_regex: HashMap::new(),
                });
                plan.groups.len() - 1
            });
            let group = &mut plan.groups[group];
            for literal in need.literals {
                group.by_literal.entry(literal).or_default().push(index);
            }
            for regex in need.regexes {
                group.by_regex.entry(regex).or_default().push(index);
            }
        }
        plan
    }
}

/// A name for an expression that reads only the roots (slots 0 and 1) and their fields: the same
/// name is the same text for one element.
fn root_key(expr: &CExpr) -> Option<String> {
    match &expr.kind {
        CKind::Slot(slot) if *slot < 2 => Some(format!("s{slot}")),
        CKind::Field(base, field) => Some(format!("{}.{field:?}", root_key(base)?)),
        _ => None,
    }
}

fn leaf(text: &CExpr, literals: Vec<usize>, regexes: Vec<usize>) -> Option<Need<'_>> {
    Some(Need {
        key: root_key(text)?,
        text,
        literals,
        regexes,
    })
}

/// Two needs on the same text where either may hold: one of all their literals must occur.
fn union<'r>(a: Option<Need<'r>>, b: Option<Need<'r>>) -> Option<Need<'r>> {
    let (mut a, b) = (a?, b?);
    if a.key != b.key {
        return None;
    }
    a.literals.extend(b.literals);
    a.regexes.extend(b.regexes);
    Some(a)
}

/// Literals or regexes one of which must occur for `expr` to be true. Sound under the Kleene
/// logic of the evaluator: `a and b` is true only if both are, `a or b` only if one is, and
/// `matches` only if the regex matches.
fn needs_true(expr: &CExpr) -> Option<Need<'_>> {
    match &expr.kind {
        CKind::ContainsLiteral { text, literal } => leaf(text, vec![*literal], Vec::new()),
        CKind::Mentions { text, literals } => leaf(text, literals.clone(), Vec::new()),
        CKind::Matches { text, regex, .. } => leaf(text, Vec::new(), vec![*regex]),
        CKind::Binary(BinaryOp::And, a, b) => needs_true(a).or_else(|| needs_true(b)),
        CKind::Binary(BinaryOp::Or, a, b) => union(needs_true(a), needs_true(b)),
        _ => None,
    }
}

/// Literals or regexes one of which must occur for `expr` to be false.
fn needs_false(expr: &CExpr) -> Option<Need<'_>> {
    match &expr.kind {
        CKind::Not(inner) => needs_true(inner),
        CKind::Binary(BinaryOp::Or, a, b) => needs_false(a).or_else(|| needs_false(b)),
        CKind::Binary(BinaryOp::And, a, b) => union(needs_false(a), needs_false(b)),
        _ => None,
    }
}

/// Whether `filter` can be evaluated before the rule's `let`s: it reads none of their slots.
/// Lets are pure, so a `where` that is not true then saves them (GK503's `let` scans every unit
/// of the document for every unit).
pub fn filter_first(rule: &Rule) -> bool {
    let Some(filter) = &rule.filter else {
        return false;
    };
    !rule.lets.iter().any(|(slot, _)| filter.reads(*slot))
}

/// The top-level `and` terms of a rule's `where` that read nothing but `doc` (slot 0): each must
/// be true for the rule to give a finding, whatever the scope element or `other` is.
pub fn doc_only_terms(rule: &Rule) -> impl Iterator<Item = &CExpr> {
    let terms = rule
        .filter
        .as_ref()
        .map(CExpr::and_terms)
        .unwrap_or_default();
    terms
        .into_iter()
        .filter(|term| term.slots().iter().all(|slot| *slot == 0))
}

/// A test of a document's raw text that a `where` term about `doc` makes: one that can run before
/// the document is parsed.
pub enum TextTest<'r> {
    /// `doc.text matches /…/`: the regex's index.
    Regex(usize),
    /// `doc.text contains "…"` or `mentions(doc.text, [...])`: one of these literals occurs.
    Literals(&'r [usize]),
}

/// The tests on `doc.text` alone among a rule's [`doc_only_terms`]: when one fails on the raw
/// text, the rule cannot report on the document, and a corpus pass need not parse it for that
/// rule.
pub fn doc_text_tests(rule: &Rule) -> impl Iterator<Item = TextTest<'_>> {
    let is_doc_text = |expr: &CExpr| matches!(&expr.kind, CKind::Field(base, Field::DocText) if matches!(base.kind, CKind::Slot(0)));
    doc_only_terms(rule).filter_map(move |term| match &term.kind {
        CKind::Matches { text, regex, .. } if is_doc_text(text) => Some(TextTest::Regex(*regex)),
        CKind::ContainsLiteral { text, literal } if is_doc_text(text) => {
            Some(TextTest::Literals(std::slice::from_ref(literal)))
        }
        CKind::Mentions { text, literals } if is_doc_text(text) => {
            Some(TextTest::Literals(literals))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{self, RuleSource};

    /// A clause rule with the given `where` and `require`, loaded into a one-rule set.
    fn rule(filter: &str, require: &str) -> Arc<Rule> {
        let text = format!(
            "rule XT1 gate-test\nseverity info\nscope clause\n\nwhere {filter}\nrequire {require}\n\n\
             message \"m\"\nlabel clause \"l\"\nhelp \"h\"\nbasis \"b\"\n\ndoc \"\"\"\nd\n\"\"\"\n\n\
             pass \"\"\"\n此处没有问题。\n\"\"\"\n\nfail \"\"\"\n此处有平合。\n\"\"\"\n"
        );
        let source = RuleSource {
            name: "XT1.rule".into(),
            text,
        };
        let mut set = rules::load(&[source], &[]).expect("the test rule loads");
        set.rules.remove(0)
    }

    fn gated(filter: &str, require: &str) -> bool {
        let plan = ScopePlan::new(&[rule(filter, require)], Scope::Clause);
        assert_eq!(plan.always.len() + plan.groups.len(), 1);
        !plan.groups.is_empty()
    }

    #[test]
    fn a_where_that_needs_a_literal_is_gated() {
        assert!(gated(r#"clause.text contains "平合""#, "false"));
        assert!(gated(r#"mentions(["平合", "按装"])"#, "false"));
        assert!(gated(
            r#"clause.text contains "平合" and len(clause.text) > 3"#,
            "false"
        ));
        assert!(gated(
            r#"clause.text contains "平合" or clause.text contains "按装""#,
            "false"
        ));
    }

    #[test]
    fn a_where_that_needs_a_regex_is_gated() {
        assert!(gated(r"clause.text matches /平合|按装/", "false"));
        assert!(gated(
            r#"clause.text matches /平合/ and not (clause.text contains "按装")"#,
            "false"
        ));
        assert!(gated(
            r#"clause.text matches /平合/ or clause.text contains "按装""#,
            "false"
        ));
        assert!(gated("true", r"not (clause.text matches /平合/)"));
        assert!(!gated(r"not (clause.text matches /平合/)", "false"));
        assert!(!gated(r"clause.text matches /平合/ or true", "false"));
    }

    #[test]
    fn a_require_that_can_fail_only_on_a_literal_is_gated() {
        assert!(gated("true", r#"not (clause.text contains "平合")"#));
    }

    #[test]
    fn conditions_that_can_hold_without_the_literal_are_not_gated() {
        assert!(!gated(r#"not (clause.text contains "平合")"#, "false"));
        assert!(!gated(
            r#"clause.text contains "平合" or len(clause.text) > 3"#,
            "false"
        ));
        assert!(!gated("true", r#"clause.text contains "平合""#));
        // Different texts cannot share one lookup.
        assert!(!gated(
            r#"clause.text contains "平合" or doc.text contains "按装""#,
            "false"
        ));
    }

    #[test]
    fn a_where_reading_a_let_runs_after_it() {
        assert!(filter_first(&rule(
            r#"clause.text contains "平合""#,
            "false"
        )));
        let with_let = rule(
            r#"clause.text contains "平合""#,
            "false\nlet t = clause.text\nlet u = len(doc.text)",
        );
        assert!(filter_first(&with_let), "the where reads neither let");
        let reads_let = rule(r#"t contains "平合""#, "false\nlet t = clause.text");
        assert!(!filter_first(&reads_let));
    }
}
