//! One matcher pass per text for all rules: every `mentions`/`contains` literal of the rule set is
//! in one Aho–Corasick automaton and every regex in one `RegexSet`. The first time a text is asked
//! about, both run once over it; every later question about that text is a bit lookup, so adding
//! rules does not add scans of the document.

use std::cell::RefCell;
// foldhash (randomly seeded) rather than SipHash: the cache is asked once per element and rule.
use foldhash::{HashMap, HashMapExt};

use aho_corasick::AhoCorasick;
use regex::{RegexSet, RegexSetBuilder};

use crate::rules::RuleSet;

/// The automata compiled once for a rule set.
#[derive(Debug)]
pub struct Matcher {
    literals: Option<AhoCorasick>,
    regexes: Option<RegexSet>,
}

impl Matcher {
    pub fn new(rules: &RuleSet) -> Matcher {
        let literals = if rules.literals.is_empty() {
            None
        } else {
            AhoCorasick::new(&rules.literals).ok()
        };
        // A set too large for the regex engine's limits is not an error: each regex then runs on
        // its own (`Hits::regex` returns `None`).
        let regexes = if rules.regexes.is_empty() {
            None
        } else {
            RegexSetBuilder::new(rules.regexes.iter().map(|regex| regex.as_str()))
                .dfa_size_limit(64 << 20)
                .build()
                .ok()
        };
        Matcher { literals, regexes }
    }

    /// Indices of the literals that occur in `text`, sorted.
    fn literals_in(&self, text: &str) -> Vec<usize> {
        let mut literals = Vec::new();
        if let Some(automaton) = &self.literals {
            literals.extend(
                automaton
                    .find_overlapping_iter(text)
                    .map(|found| found.pattern().as_usize()),
            );
            literals.sort_unstable();
            literals.dedup();
        }
        literals
    }

    /// Indices of the regexes that match `text`, sorted; `None` when the set could not be built.
    fn regexes_in(&self, text: &str) -> Option<Vec<usize>> {
        self.regexes
            .as_ref()
            .map(|set| set.matches(text).into_iter().collect())
    }
}

/// Which literals and regexes occur in one text, each found the first time it is asked about: a
/// text asked only about literals (a gate) is never run through the regex set.
#[derive(Debug, Default)]
struct Hits {
    /// Indices of the literals that occur, sorted: sparse, since a text holds few of the
    /// literals of a large pack.
    literals: Option<Vec<usize>>,
    /// Indices of the regexes that match; the inner `None` when the set could not be built.
    regexes: Option<Option<Vec<usize>>>,
}

/// Per-document cache of scans, keyed by the text's address and length. Only texts borrowed from
/// the document (alive for the whole evaluation) are cached, so an address is never reused.
#[derive(Debug)]
pub struct TextCache<'m> {
    matcher: &'m Matcher,
    hits: RefCell<HashMap<(usize, usize), Hits>>,
}

impl<'m> TextCache<'m> {
    pub fn new(matcher: &'m Matcher) -> TextCache<'m> {
        TextCache {
            matcher,
            hits: RefCell::new(HashMap::new()),
        }
    }

    /// Calls `read` with the hits of `text`, after finding the literals (`regexes` false) or the
    /// regexes in it if they are not known yet.
    fn with_hits<T>(
        &self,
        text: &str,
        borrowed: bool,
        regexes: bool,
        read: impl FnOnce(&Hits) -> T,
    ) -> T {
        let fill = |hits: &mut Hits| {
            if regexes {
                if hits.regexes.is_none() {
                    hits.regexes = Some(self.matcher.regexes_in(text));
                }
            } else if hits.literals.is_none() {
                hits.literals = Some(self.matcher.literals_in(text));
            }
        };
        if !borrowed {
            let mut hits = Hits::default();
            fill(&mut hits);
            return read(&hits);
        }
        let key = (text.as_ptr() as usize, text.len());
        let mut cached = self.hits.borrow_mut();
        let hits = cached.entry(key).or_default();
        fill(hits);
        read(hits)
    }

    /// Whether literal `index` occurs in `text`.
    pub fn has_literal(&self, text: &str, borrowed: bool, index: usize) -> bool {
        self.with_hits(text, borrowed, false, |hits| {
            hits.literals
                .as_ref()
                .is_some_and(|found| found.binary_search(&index).is_ok())
        })
    }

    /// Calls `found` with the index of every literal that occurs in `text`, in index order.
    pub fn each_literal(&self, text: &str, borrowed: bool, found: impl FnMut(usize)) {
        self.with_hits(text, borrowed, false, |hits| {
            hits.literals.iter().flatten().copied().for_each(found)
        })
    }

    /// Whether regex `index` can match `text`: `Some(false)` settles it without running the
    /// regex; `None` means "run it to know".
    pub fn regex_may_match(&self, text: &str, borrowed: bool, index: usize) -> Option<bool> {
        self.with_hits(text, borrowed, true, |hits| {
            hits.regexes
                .as_ref()
                .and_then(Option::as_ref)
                .map(|matched| matched.binary_search(&index).is_ok())
        })
    }
}
