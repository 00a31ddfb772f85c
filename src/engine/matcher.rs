//! One matcher pass per text for all rules: every `mentions`/`contains` literal of the rule set is
//! in one Aho–Corasick automaton and every regex in one `RegexSet`. The first time a text is asked
//! about, both run once over it; every later question about that text is a bit lookup, so adding
//! rules does not add scans of the document.

use std::cell::RefCell;
use std::collections::HashMap;

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

    fn scan(&self, text: &str) -> Hits {
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
        let regexes = self
            .regexes
            .as_ref()
            .map(|set| set.matches(text).into_iter().collect());
        Hits { literals, regexes }
    }
}

/// Which literals and regexes occur in one text.
#[derive(Debug, Clone)]
struct Hits {
    /// Indices of the literals that occur, sorted: sparse, since a text holds few of the
    /// literals of a large pack.
    literals: Vec<usize>,
    /// Indices of the regexes that match, when the set could be built.
    regexes: Option<Vec<usize>>,
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

    fn with_hits<T>(&self, text: &str, borrowed: bool, read: impl FnOnce(&Hits) -> T) -> T {
        if !borrowed {
            return read(&self.matcher.scan(text));
        }
        let key = (text.as_ptr() as usize, text.len());
        if let Some(hits) = self.hits.borrow().get(&key) {
            return read(hits);
        }
        let hits = self.matcher.scan(text);
        let result = read(&hits);
        self.hits.borrow_mut().insert(key, hits);
        result
    }

    /// Whether literal `index` occurs in `text`.
    pub fn has_literal(&self, text: &str, borrowed: bool, index: usize) -> bool {
        self.with_hits(text, borrowed, |hits| {
            hits.literals.binary_search(&index).is_ok()
        })
    }

    /// Calls `found` with the index of every literal that occurs in `text`, in index order.
    pub fn each_literal(&self, text: &str, borrowed: bool, found: impl FnMut(usize)) {
        self.with_hits(text, borrowed, |hits| {
            hits.literals.iter().copied().for_each(found)
        })
    }

    /// Whether regex `index` can match `text`: `Some(false)` settles it without running the
    /// regex; `None` means "run it to know".
    pub fn regex_may_match(&self, text: &str, borrowed: bool, index: usize) -> Option<bool> {
        self.with_hits(text, borrowed, |hits| {
            hits.regexes
                .as_ref()
                .map(|matched| matched.contains(&index))
        })
    }
}
