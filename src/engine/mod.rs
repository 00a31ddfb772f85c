//! Evaluates a checked [`RuleSet`] against documents: each document in parallel with rayon, each
//! inside `catch_unwind` (a panic becomes a finding for that file), corpus rules after; findings
//! sorted by (file, position, code) so the output is the same at any thread count.

pub mod calendar;
mod coverage;
mod eval;
pub mod examples;
mod gate;
mod matcher;
mod problems;
mod tables;
pub mod trace;
mod view;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;

use crate::document::{self, Document};
use crate::per_thread::PerThread;
use crate::rules::ir::{CLabel, LabelFile, Rule, RuleSet, Scope, Severity};
use crate::source::{SourceFile, Span};
pub use calendar::Calendar;
pub use coverage::{COVERAGE_PREFIX, Coverage, CoverageRow};
use eval::{ElemRef, Evaluator, Value};
use gate::ScopePlan;
use matcher::{Matcher, TextCache};
use view::DocView;

/// A secondary label: another place that explains the finding (possibly in another file, for
/// corpus rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecondaryLabel {
    pub file: String,
    pub span: Span,
    pub text: String,
}

/// One violation of one rule at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub span: Span,
    pub label: String,
    pub secondary: Vec<SecondaryLabel>,
    pub help: String,
    pub basis: String,
    /// The rule's Chinese title, shown beside the code where a person reads a rule's name
    /// (`name` stays the stable English id of machine formats).
    pub title: String,
}

/// The most findings one corpus rule makes on one document, for the first other documents in name
/// order: GK301 compares every pair, and 2,000 copies of a document that is both a policy and its
/// interpretation gave 4 million findings (past 4 GiB).
pub const MAX_CORPUS_FINDINGS: usize = 20;

/// Adds `finding` to `findings` unless its document already has [`MAX_CORPUS_FINDINGS`] of its
/// rule, counted in `counts` (kept across the batches of a streamed check).
pub fn keep_corpus_finding(
    findings: &mut Vec<Finding>,
    counts: &mut HashMap<(String, String), usize>,
    finding: Finding,
) {
    let count = counts
        .entry((finding.file.clone(), finding.code.clone()))
        .or_default();
    if *count < MAX_CORPUS_FINDINGS {
        *count += 1;
        findings.push(finding);
    }
}

/// The code of the finding made when evaluating a file panicked.
pub const INTERNAL_ERROR_CODE: &str = "GK000";

/// A compiled rule set with everything evaluation needs, built once per run.
pub struct Engine {
    rules: RuleSet,
    matcher: Arc<Matcher>,
    calendar: Calendar,
    tables: Arc<tables::Tables>,
    /// Per element scope, which rules run on every element and which only where their literals
    /// occur.
    plans: Vec<(Scope, ScopePlan)>,
    /// Per rule: whether its `where` can run before its `let`s.
    filter_first: Vec<bool>,
    /// The rule set's regexes, searched by each thread through clones of its own.
    regexes: Arc<PerThread<Vec<Regex>>>,
}

/// Per element scope, which of `rules` run on every element and which only where their literals
/// occur; per rule, whether its `where` can run before its `let`s.
fn plan(rules: &RuleSet) -> (Vec<(Scope, ScopePlan)>, Vec<bool>) {
    let plans = ELEMENT_SCOPES
        .into_iter()
        .map(|scope| (scope, ScopePlan::new(&rules.rules, scope)))
        .collect();
    let filter_first = rules
        .rules
        .iter()
        .map(|rule| gate::filter_first(rule))
        .collect();
    (plans, filter_first)
}

/// The element scopes, in the order a document is checked (the output is sorted anyway).
const ELEMENT_SCOPES: [Scope; 8] = [
    Scope::Document,
    Scope::Part,
    Scope::Section,
    Scope::Task,
    Scope::Unit,
    Scope::Deadline,
    Scope::Quantity,
    Scope::Clause,
];

/// One source after checking: its document (`None` when parsing it panicked) and its findings.
#[derive(Debug, Clone)]
pub struct Checked {
    pub source: SourceFile,
    pub document: Option<Document>,
    /// Sorted by (position, code).
    pub findings: Vec<Finding>,
    /// The index of the pool thread that parsed the document, where [`Checked::free`] frees it.
    pub parsed_on: Option<usize>,
}

impl Checked {
    /// Pairs sources with the findings made on them (rule examples, tests): one entry per source in
    /// the order given; findings on files not among `sources` are dropped.
    pub fn group(sources: Vec<SourceFile>, findings: Vec<Finding>) -> Vec<Checked> {
        let mut files: Vec<Checked> = sources
            .into_iter()
            .map(|source| Checked {
                source,
                document: None,
                findings: Vec::new(),
                parsed_on: None,
            })
            .collect();
        Checked::distribute(&mut files, findings);
        files
    }

    /// Frees checked files, each on the pool thread that parsed it, the others' work going on
    /// meanwhile. glibc frees a block under the lock of the arena it came from, the allocating
    /// thread's: a batch freed on one thread took the other thread's lock for each block of its
    /// documents while that thread was allocating for the next batch, and each waited on the
    /// other.
    pub fn free(files: Vec<Checked>) {
        let threads = rayon::current_num_threads();
        let mut by_thread: Vec<Mutex<Vec<Checked>>> =
            (0..threads).map(|_| Mutex::default()).collect();
        for file in files {
            let thread = file.parsed_on.unwrap_or(0) % threads;
            by_thread[thread]
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .push(file);
        }
        rayon::broadcast(|context| {
            if let Some(mine) = by_thread.get(context.index()) {
                drop(std::mem::take(
                    &mut *mine.lock().unwrap_or_else(PoisonError::into_inner),
                ));
            }
        });
    }

    /// Moves each finding to the file it names (the first of that name) and sorts each file's list.
    fn distribute(files: &mut [Checked], findings: Vec<Finding>) {
        let index: HashMap<String, usize> = files
            .iter()
            .enumerate()
            .rev()
            .map(|(index, file)| (file.source.name.clone(), index))
            .collect();
        for finding in findings {
            if let Some(&at) = index.get(&finding.file) {
                files[at].findings.push(finding);
            }
        }
        files
            .par_iter_mut()
            .for_each(|file| sort(&mut file.findings));
    }
}

/// A document some corpus rule can report on, kept through a streamed check (see
/// [`Engine::corpus_candidates`]).
pub struct Candidate {
    parsed: Parsed,
    /// The corpus rules that can report on it.
    rules: Vec<usize>,
}

/// A document with the text it was parsed from.
pub struct Parsed {
    pub source: SourceFile,
    pub document: Document,
}

impl Engine {
    pub fn new(rules: RuleSet, calendar: Calendar) -> Engine {
        let matcher = Arc::new(Matcher::new(&rules));
        let (plans, filter_first) = plan(&rules);
        let regexes = Arc::new(PerThread::new(rules.regexes.to_vec()));
        Engine {
            rules,
            matcher,
            calendar,
            tables: Arc::new(tables::Tables::bundled()),
            plans,
            filter_first,
            regexes,
        }
    }

    /// An engine of the rules of this one whose code is in `codes` (a rule's examples run with
    /// that rule alone), sharing this one's matcher, regexes and tables: building them again for
    /// each rule of a large pack made `rules test` quadratic in the pack's size.
    pub fn only(&self, codes: &[&str]) -> Engine {
        self.over(self.rules.only(codes))
    }

    /// An engine of `rule` alone, a rule checked together with this engine's set but not in it
    /// (an example's variant with other parameter values), sharing the set's matchers.
    pub fn with_rule(&self, rule: Arc<Rule>) -> Engine {
        self.over(RuleSet {
            rules: vec![rule],
            regexes: Arc::clone(&self.rules.regexes),
            literals: Arc::clone(&self.rules.literals),
        })
    }

    /// An engine of `rules`, whose matchers are this engine's, with its own plans.
    fn over(&self, rules: RuleSet) -> Engine {
        let (plans, filter_first) = plan(&rules);
        Engine {
            rules,
            matcher: Arc::clone(&self.matcher),
            calendar: self.calendar.clone(),
            tables: Arc::clone(&self.tables),
            plans,
            filter_first,
            regexes: Arc::clone(&self.regexes),
        }
    }

    /// Adds unit alias groups (canonical name first) to the bundled table that `canonical()` reads:
    /// a configuration's units registry.
    pub fn with_unit_groups(mut self, groups: &[Vec<String>]) -> Engine {
        let tables = Arc::make_mut(&mut self.tables);
        for group in groups {
            tables.add_unit_group(group);
        }
        self
    }

    /// Parses and checks every source; returns one [`Checked`] per source, in the order given, each
    /// with its findings sorted by (position, code). Runs on the current rayon pool: the caller picks
    /// the thread count with `ThreadPool::install`.
    pub fn check(&self, sources: Vec<SourceFile>) -> Vec<Checked> {
        self.check_sources(sources, None)
    }

    /// Parses and checks one batch of a streamed check with the document rules; the corpus rules'
    /// findings come from [`Engine::corpus_findings`], and those on files of this batch are moved
    /// out of `corpus` into the result. Otherwise as [`Engine::check`].
    pub fn check_batch(
        &self,
        sources: Vec<SourceFile>,
        corpus: &mut HashMap<String, Vec<Finding>>,
    ) -> Vec<Checked> {
        self.check_sources(sources, Some(corpus))
    }

    /// `corpus`: `None` runs the corpus rules across `sources`; `Some` takes their findings from it.
    fn check_sources(
        &self,
        sources: Vec<SourceFile>,
        corpus: Option<&mut HashMap<String, Vec<Finding>>>,
    ) -> Vec<Checked> {
        let mut files: Vec<Checked> = sources
            .into_par_iter()
            .map(|source| {
                let document = catch_unwind(AssertUnwindSafe(|| document::parse(&source))).ok();
                Checked {
                    source,
                    document,
                    findings: Vec::new(),
                    parsed_on: rayon::current_thread_index(),
                }
            })
            .collect();
        let views: Vec<DocView<'_>> = files
            .par_iter()
            .filter_map(|file| Some(DocView::new(file.document.as_ref()?, &file.source.text)))
            .collect();
        let mut findings = self.document_findings(&views);
        findings.extend(
            files
                .iter()
                .filter_map(|file| file.document.as_ref())
                .flat_map(problems::findings),
        );
        match corpus {
            None => findings.extend(self.corpus_across(&views)),
            Some(corpus) => {
                for file in &files {
                    findings.extend(corpus.remove(&file.source.name).unwrap_or_default());
                }
            }
        }
        drop(views);
        for file in &files {
            if file.document.is_none() {
                findings.push(internal_finding(&file.source.name, "解析"));
            }
        }
        Checked::distribute(&mut files, findings);
        files
    }

    /// Whether the rule set has corpus rules, which a streamed check serves with a first pass
    /// ([`Engine::corpus_candidates`], then [`Engine::corpus_findings`]).
    pub fn has_corpus_rules(&self) -> bool {
        self.rules
            .rules
            .iter()
            .any(|rule| rule.scope == Scope::Corpus)
    }

    /// Parses a batch and keeps the documents some corpus rule can report on: those on which the
    /// rule's `where` terms about `doc` alone hold (for GK301, policy interpretations). Few in
    /// practice, so a streamed check keeps these and no other document.
    pub fn corpus_candidates(&self, sources: Vec<SourceFile>) -> Vec<Candidate> {
        sources
            .into_par_iter()
            .filter(|source| self.text_may_be_candidate(&source.text))
            .filter_map(|source| {
                let rules = catch_unwind(AssertUnwindSafe(|| {
                    let document = document::parse(&source);
                    let rules = {
                        let view = DocView::new(&document, &source.text);
                        let cache = TextCache::new(&self.matcher, view.text);
                        self.corpus_rules_for(&self.evaluator(&cache, &view), &view)
                    };
                    (document, rules)
                }));
                // A document whose parse panicked gets its GK000 in the checking pass.
                let (document, rules) = rules.ok()?;
                (!rules.is_empty()).then_some(Candidate {
                    parsed: Parsed { source, document },
                    rules,
                })
            })
            .collect()
    }

    /// Whether some corpus rule passes its tests of the raw `doc.text` (GK301: the first line
    /// names an interpretation) on `text`: a document that fails them all need not be parsed
    /// or scanned for them.
    fn text_may_be_candidate(&self, text: &str) -> bool {
        self.rules
            .rules
            .iter()
            .filter(|rule| rule.scope == Scope::Corpus)
            .any(|rule| {
                gate::doc_text_tests(rule).all(|test| match test {
                    gate::TextTest::Regex(index) => self
                        .regexes
                        .get(index)
                        .is_none_or(|regex| regex.is_match(text)),
                    gate::TextTest::Literals(literals) => literals.iter().any(|index| {
                        self.rules
                            .literals
                            .get(*index)
                            .is_none_or(|literal| text.contains(literal.as_str()))
                    }),
                })
            })
    }

    /// The corpus rules' findings with `doc` = each candidate and `other` = each document of
    /// `sources` (not the candidate itself), keyed by the candidate's file; and the sources of
    /// `sources` that those findings' secondary labels point into, for rendering them.
    pub fn corpus_findings(
        &self,
        candidates: &[Candidate],
        sources: Vec<SourceFile>,
    ) -> (Vec<Finding>, Vec<SourceFile>) {
        let views: Vec<DocView<'_>> = candidates
            .iter()
            .map(|candidate| {
                DocView::new(&candidate.parsed.document, &candidate.parsed.source.text)
            })
            .collect();
        let found: Vec<(Vec<Finding>, Option<SourceFile>)> = sources
            .into_par_iter()
            .map(|source| {
                let Ok(document) = catch_unwind(AssertUnwindSafe(|| document::parse(&source)))
                else {
                    return (Vec::new(), None);
                };
                let other = DocView::new(&document, &source.text);
                let mut findings = Vec::new();
                for (candidate, view) in candidates.iter().zip(&views) {
                    if candidate.parsed.source.name == source.name {
                        continue;
                    }
                    let pair = catch_unwind(AssertUnwindSafe(|| {
                        let cache = TextCache::new(&self.matcher, view.text);
                        let evaluator = self.evaluator(&cache, view);
                        self.corpus_pair(&candidate.rules, &evaluator, view, &other)
                    }));
                    match pair {
                        Ok(found) => findings.extend(found),
                        Err(_) => {
                            findings.push(internal_finding(&view.document.file, "跨文档检查"))
                        }
                    }
                }
                let pointed_into = findings.iter().any(|finding| {
                    finding
                        .secondary
                        .iter()
                        .any(|label| label.file == source.name)
                });
                (findings, pointed_into.then_some(source))
            })
            .collect();
        let mut findings = Vec::new();
        let mut pointed_into = Vec::new();
        for (found, source) in found {
            findings.extend(found);
            pointed_into.extend(source);
        }
        (findings, pointed_into)
    }

    /// Checks documents already parsed (rule examples, tests).
    pub fn check_parsed(&self, documents: &[Parsed]) -> Vec<Finding> {
        let views: Vec<DocView<'_>> = documents
            .iter()
            .map(|parsed| DocView::new(&parsed.document, &parsed.source.text))
            .collect();
        let mut findings = self.check_views(&views);
        sort(&mut findings);
        findings
    }

    /// Document rules on each view in parallel, then corpus rules across them; unsorted.
    fn check_views(&self, views: &[DocView<'_>]) -> Vec<Finding> {
        let mut findings = self.document_findings(views);
        findings.extend(self.corpus_across(views));
        findings
    }

    /// Document rules on each view in parallel; unsorted.
    fn document_findings(&self, views: &[DocView<'_>]) -> Vec<Finding> {
        views
            .par_iter()
            .flat_map_iter(|view| {
                match catch_unwind(AssertUnwindSafe(|| self.check_document(view))) {
                    Ok(found) => found,
                    Err(_) => vec![internal_finding(&view.document.file, "检查")],
                }
            })
            .collect()
    }

    /// Corpus rules with `doc` and `other` ranging over `views`; unsorted.
    fn corpus_across(&self, views: &[DocView<'_>]) -> Vec<Finding> {
        if !self.has_corpus_rules() {
            return Vec::new();
        }
        (0..views.len())
            .into_par_iter()
            .flat_map_iter(|index| {
                let file = views[index].document.file.clone();
                match catch_unwind(AssertUnwindSafe(|| self.check_corpus(views, index))) {
                    Ok(found) => found,
                    Err(_) => vec![internal_finding(&file, "跨文档检查")],
                }
            })
            .collect()
    }

    /// An evaluator of this engine's rules over one document, sharing one matcher-pass cache.
    fn evaluator<'a>(&'a self, cache: &'a TextCache<'a>, view: &'a DocView<'a>) -> Evaluator<'a> {
        Evaluator {
            regexes: &self.regexes,
            cache,
            calendar: &self.calendar,
            tables: &self.tables,
            view,
            lists: Default::default(),
            indexes: Default::default(),
            occurrence: Default::default(),
            more_matches: Default::default(),
        }
    }

    fn check_document<'a>(&'a self, view: &'a DocView<'a>) -> Vec<Finding> {
        let cache = TextCache::new(&self.matcher, view.text);
        let evaluator = self.evaluator(&cache, view);
        let mut findings = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        let mut env = Vec::new();
        for (scope, plan) in &self.plans {
            if plan.always.is_empty() && plan.groups.is_empty() {
                continue;
            }
            for element in eval::elements(*scope, view) {
                candidates.clear();
                candidates.extend_from_slice(&plan.always);
                // The two roots as an environment: the gate texts read nothing else.
                let mut roots = vec![Value::Elem(ElemRef::Doc(view)), element];
                for group in &plan.groups {
                    if let Some((text, borrowed)) =
                        evaluator.eval(&group.text, &mut roots).as_text()
                    {
                        let mut add = |rules: Option<&Vec<usize>>| {
                            candidates.extend(rules.into_iter().flatten());
                        };
                        // Each lookup only where the group has rules for it: finding the regexes
                        // that may match a text runs the regex set over it.
                        if !group.by_literal.is_empty() {
                            cache.each_literal(text, borrowed, |at| add(group.by_literal.get(&at)));
                        }
                        if !group.by_regex.is_empty() {
                            cache.each_regex(text, borrowed, |at| add(group.by_regex.get(&at)));
                        }
                    }
                }
                candidates.sort_unstable();
                candidates.dedup();
                for &index in &candidates {
                    let roots = [roots[0].clone(), roots[1].clone()];
                    findings
                        .extend(self.evaluate_all(index, &evaluator, roots, view, None, &mut env));
                }
            }
        }
        findings
    }

    /// Corpus rules with `doc` = documents[index] and `other` = each other document.
    fn check_corpus<'a>(&'a self, views: &'a [DocView<'a>], index: usize) -> Vec<Finding> {
        let view = &views[index];
        if !self.text_may_be_candidate(view.text) {
            return Vec::new();
        }
        let cache = TextCache::new(&self.matcher, view.text);
        let evaluator = self.evaluator(&cache, view);
        let rules = self.corpus_rules_for(&evaluator, view);
        if rules.is_empty() {
            return Vec::new();
        }
        let mut findings = Vec::new();
        let mut counts = HashMap::new();
        for (_, other) in views
            .iter()
            .enumerate()
            .filter(|(other_index, _)| *other_index != index)
        {
            for finding in self.corpus_pair(&rules, &evaluator, view, other) {
                keep_corpus_finding(&mut findings, &mut counts, finding);
            }
        }
        findings
    }

    /// The corpus rules (indices) that can report on `view` as `doc`. The `where` terms about
    /// `doc` alone are the same for every `other`: when one is not true, no pair with this
    /// document can give a finding (GK301 asks of every pair whether `doc` is an interpretation;
    /// over 10,000 plans that is 10^8 pairs).
    fn corpus_rules_for<'a>(
        &'a self,
        evaluator: &Evaluator<'a>,
        view: &'a DocView<'a>,
    ) -> Vec<usize> {
        self.rules
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.scope == Scope::Corpus)
            .filter(|(_, rule)| {
                let mut env = vec![Value::Missing; rule.slots];
                if let Some(place) = env.get_mut(0) {
                    *place = Value::Elem(ElemRef::Doc(view));
                }
                gate::doc_only_terms(rule)
                    .all(|term| matches!(evaluator.eval(term, &mut env), Value::Bool(true)))
            })
            .map(|(index, _)| index)
            .collect()
    }

    /// The corpus rules `rules` with `doc` = `view` and `other` = `other`.
    fn corpus_pair<'a>(
        &'a self,
        rules: &[usize],
        evaluator: &Evaluator<'a>,
        view: &'a DocView<'a>,
        other: &'a DocView<'a>,
    ) -> Vec<Finding> {
        rules
            .iter()
            .flat_map(|&rule_index| {
                let roots = [
                    Value::Elem(ElemRef::Doc(view)),
                    Value::Elem(ElemRef::Doc(other)),
                ];
                self.evaluate_all(
                    rule_index,
                    evaluator,
                    roots,
                    view,
                    Some(other),
                    &mut Vec::new(),
                )
            })
            .collect()
    }

    /// Every finding of a rule on one element: at most one, or, with `matches each` in its
    /// `where`, at most one per match, asking for the next match until there is none.
    fn evaluate_all<'a>(
        &'a self,
        rule_index: usize,
        evaluator: &Evaluator<'a>,
        roots: [Value<'a>; 2],
        view: &'a DocView<'a>,
        other: Option<&'a DocView<'a>>,
        env: &mut Vec<Value<'a>>,
    ) -> Vec<Finding> {
        if !self.rules.rules[rule_index].each {
            return self
                .evaluate(rule_index, evaluator, roots, view, other, env)
                .into_iter()
                .collect();
        }
        let mut findings = Vec::new();
        for occurrence in 0.. {
            evaluator.more_matches.set(false);
            evaluator.occurrence.set(occurrence);
            let roots = [roots[0].clone(), roots[1].clone()];
            findings.extend(self.evaluate(rule_index, evaluator, roots, view, other, env));
            if !evaluator.more_matches.get() {
                break;
            }
        }
        evaluator.occurrence.set(0);
        findings
    }

    /// The rule's finding on one element, if any (with `matches each`, for the match that
    /// [`Evaluator::occurrence`] names).
    fn evaluate<'a>(
        &'a self,
        rule_index: usize,
        evaluator: &Evaluator<'a>,
        roots: [Value<'a>; 2],
        view: &'a DocView<'a>,
        other: Option<&'a DocView<'a>>,
        env: &mut Vec<Value<'a>>,
    ) -> Option<Finding> {
        let rule = &self.rules.rules[rule_index];
        // Kept to point at when the label has no span; its span is computed only for a finding.
        let element = roots[1].clone();
        let filter_first = self.filter_first.get(rule_index).copied().unwrap_or(false);
        if !Self::bind_if_applies(rule, evaluator, roots, filter_first, env) {
            return None;
        }
        if !matches!(evaluator.eval(&rule.require, env), Value::Bool(false)) {
            return None;
        }
        let message = evaluator.render(&rule.message, env);
        let fallback = element.span().unwrap_or_else(|| view.span());
        let primary = evaluator
            .eval(&rule.label.target, env)
            .span()
            .unwrap_or(fallback);
        let label = evaluator.render(&rule.label.text, env);
        let mut secondary = Vec::new();
        for extra in &rule.secondary {
            if let Some(found) = self.secondary(extra, evaluator, env, view, other) {
                secondary.push(found);
            }
        }
        Some(Finding {
            code: rule.code.clone(),
            name: rule.name.clone(),
            severity: rule.severity,
            message,
            file: view.document.file.clone(),
            span: primary,
            label,
            secondary,
            help: evaluator.render(&rule.help, env),
            basis: rule.basis.clone(),
            title: rule.shown_title().to_string(),
        })
    }

    /// Whether a rule's `where` holds (a rule without one always applies), with `env` made the
    /// rule's environment for the evaluation: the roots and the `let` bindings. With
    /// `filter_first` (the `where` reads no `let`) the `where` is asked before the `let`s are
    /// computed, which saves them where it fails. `env` is reused across evaluations: one
    /// allocation per document rather than one per rule and element.
    fn bind_if_applies<'a>(
        rule: &'a Rule,
        evaluator: &Evaluator<'a>,
        roots: [Value<'a>; 2],
        filter_first: bool,
        env: &mut Vec<Value<'a>>,
    ) -> bool {
        env.clear();
        // Made in place: `resize` would clone a `Missing` per slot.
        env.extend(std::iter::repeat_with(|| Value::Missing).take(rule.slots));
        // Slots 0 and 1 are the roots (`doc`, then the scope element or `other`); the checker
        // always allocates both.
        for (slot, root) in roots.into_iter().enumerate() {
            if let Some(place) = env.get_mut(slot) {
                *place = root;
            }
        }
        let applies = |env: &mut Vec<Value<'a>>| {
            rule.filter
                .as_ref()
                .is_none_or(|filter| matches!(evaluator.eval(filter, env), Value::Bool(true)))
        };
        if filter_first && !applies(env) {
            return false;
        }
        for (slot, value) in &rule.lets {
            let computed = evaluator.eval(value, env);
            if let Some(place) = env.get_mut(*slot) {
                *place = computed;
            }
        }
        if !filter_first && !applies(env) {
            return false;
        }
        for (slot, value) in &rule.late_lets {
            let computed = evaluator.eval(value, env);
            if let Some(place) = env.get_mut(*slot) {
                *place = computed;
            }
        }
        true
    }

    /// For each of `rules`, whether its `where` holds on the document (a rule without one always
    /// applies), with one view and one matcher cache for all of them; `None` where evaluating it
    /// panicked.
    fn rules_apply(&self, rules: &[&Rule], document: &Document, text: &str) -> Vec<Option<bool>> {
        let view = DocView::new(document, text);
        let cache = TextCache::new(&self.matcher, view.text);
        let evaluator = self.evaluator(&cache, &view);
        rules
            .iter()
            .map(|rule| {
                catch_unwind(AssertUnwindSafe(|| {
                    let roots = [Value::Elem(ElemRef::Doc(&view)), Value::Missing];
                    let mut env = Vec::new();
                    Self::bind_if_applies(
                        rule,
                        &evaluator,
                        roots,
                        gate::filter_first(rule),
                        &mut env,
                    )
                }))
                .ok()
            })
            .collect()
    }

    fn secondary<'a>(
        &'a self,
        label: &'a CLabel,
        evaluator: &Evaluator<'a>,
        env: &mut Vec<Value<'a>>,
        view: &'a DocView<'a>,
        other: Option<&'a DocView<'a>>,
    ) -> Option<SecondaryLabel> {
        let span = evaluator.eval(&label.target, env).span()?;
        let file = match (label.file, other) {
            (LabelFile::Other, Some(other)) => other.document.file.clone(),
            _ => view.document.file.clone(),
        };
        Some(SecondaryLabel {
            file,
            span,
            text: evaluator.render(&label.text, env),
        })
    }
}

fn internal_finding(file: &str, stage: &str) -> Finding {
    Finding {
        code: INTERNAL_ERROR_CODE.into(),
        name: "internal-error".into(),
        severity: Severity::Error,
        message: format!("{stage}此文件时发生内部错误，此文件的结果不完整"),
        file: file.to_string(),
        span: Span::new(0, 0),
        label: "此文件".into(),
        secondary: Vec::new(),
        help: "请将此文件报告给 wenshen 的维护者；其他文件的结果不受影响".into(),
        basis: String::new(),
        title: "内部错误".into(),
    }
}

/// Sorts by (file, span start, code, span end, message) and drops exact duplicates, so output is
/// independent of the order the threads finished in.
fn sort(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (&a.file, a.span.start(), &a.code, a.span.end(), &a.message).cmp(&(
            &b.file,
            b.span.start(),
            &b.code,
            b.span.end(),
            &b.message,
        ))
    });
    findings.dedup();
}
