//! One matcher pass per text for all rules: every `mentions`/`contains` literal of the rule set is
//! in one Aho–Corasick automaton, and so is every regex's factors (literals one of which occurs in
//! any match of it); the few regexes without factors are in one `RegexSet`. The first time a text
//! is asked about, these run once over it; every later question about that text is a lookup, so
//! adding rules does not add scans of the document.

use std::cell::RefCell;
// foldhash (randomly seeded) rather than SipHash: the cache is asked once per element and rule.
use foldhash::{HashMap, HashMapExt};

use aho_corasick::AhoCorasick;
use regex::{RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::rules::RuleSet;

/// The automata compiled once for a rule set.
#[derive(Debug)]
pub struct Matcher {
    literals: Option<AhoCorasick>,
    /// Every regex's factors. A factor automaton is much cheaper per byte than the union of the
    /// regexes themselves, whose lazy DFA grows large on CJK text with bounded repetitions
    /// (`[^。；]{0,12}?`).
    factors: Option<AhoCorasick>,
    /// For each factor, the regexes it is a factor of.
    factor_regexes: Vec<Vec<usize>>,
    /// The regexes without factors, with their indices in the rule set; `None` when there are
    /// fewer than two or the set is too large for the regex engine's limits, and then each of
    /// them may match any text.
    unfactored: Option<RegexSet>,
    unfactored_regexes: Vec<usize>,
}

/// An alternation or a class of more branches than this gives no factors.
const MAX_FACTORS: usize = 32;

impl Matcher {
    pub fn new(rules: &RuleSet) -> Matcher {
        let literals = if rules.literals.is_empty() {
            None
        } else {
            AhoCorasick::new(&rules.literals).ok()
        };
        let mut factor_index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut factor_regexes: Vec<Vec<usize>> = Vec::new();
        let mut unfactored_regexes = Vec::new();
        for (index, regex) in rules.regexes.iter().enumerate() {
            let found = regex_syntax::parse(regex.as_str())
                .ok()
                .and_then(|hir| factors(&hir));
            let Some(found) = found else {
                unfactored_regexes.push(index);
                continue;
            };
            for factor in found {
                let next = factor_index.len();
                let at = *factor_index.entry(factor).or_insert(next);
                if at == factor_regexes.len() {
                    factor_regexes.push(Vec::new());
                }
                if factor_regexes[at].last() != Some(&index) {
                    factor_regexes[at].push(index);
                }
            }
        }
        let mut patterns: Vec<(usize, Vec<u8>)> = factor_index
            .into_iter()
            .map(|(factor, at)| (at, factor))
            .collect();
        patterns.sort_unstable();
        let factors = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::new(patterns.iter().map(|(_, factor)| factor)).ok()
        };
        if factors.is_none() {
            // No automaton (none could be built): every regex is asked of the set.
            factor_regexes.clear();
            unfactored_regexes = (0..rules.regexes.len()).collect();
        }
        // One set pass scans every text asked about; a lone regex run on its own scans only the
        // texts its rule asks about, so a set of one could only add work.
        let unfactored = if unfactored_regexes.len() < 2 {
            None
        } else {
            RegexSetBuilder::new(
                unfactored_regexes
                    .iter()
                    .map(|index| rules.regexes[*index].as_str()),
            )
            .dfa_size_limit(64 << 20)
            .build()
            .ok()
        };
        Matcher {
            literals,
            factors,
            factor_regexes,
            unfactored,
            unfactored_regexes,
        }
    }

    /// Indices of the literals that occur in `text`, sorted.
    fn literals_in(&self, text: &str) -> Vec<usize> {
        occurring(self.literals.as_ref(), text)
    }

    /// Indices of the regexes that may match `text`, sorted: those one of whose factors occurs
    /// in it, and those without factors that the set matches (all of them, without a set).
    fn regexes_in(&self, text: &str) -> Vec<usize> {
        let found = occurring(self.factors.as_ref(), text);
        let mut regexes: Vec<usize> = found
            .iter()
            .flat_map(|factor| self.factor_regexes[*factor].iter().copied())
            .collect();
        match &self.unfactored {
            Some(set) => regexes.extend(
                set.matches(text)
                    .into_iter()
                    .map(|matched| self.unfactored_regexes[matched]),
            ),
            None => regexes.extend_from_slice(&self.unfactored_regexes),
        }
        regexes.sort_unstable();
        regexes.dedup();
        regexes
    }
}

/// Indices of the patterns of `automaton` that occur in `text`, sorted.
fn occurring(automaton: Option<&AhoCorasick>, text: &str) -> Vec<usize> {
    let mut found: Vec<usize> = automaton
        .into_iter()
        .flat_map(|automaton| automaton.find_overlapping_iter(text))
        .map(|found| found.pattern().as_usize())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Literals one of which occurs in every match of `hir`, or `None` when there is no small such
/// set: a literal is its own factor; a concatenation takes the best of its parts' factors; an
/// alternation needs factors from every branch; a small class is its characters.
fn factors(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let found = match hir.kind() {
        HirKind::Literal(literal) => vec![literal.0.to_vec()],
        HirKind::Capture(capture) => factors(&capture.sub)?,
        HirKind::Repetition(repetition) if repetition.min > 0 => factors(&repetition.sub)?,
        HirKind::Concat(parts) => parts.iter().filter_map(factors).max_by_key(|found| {
            let shortest = found.iter().map(Vec::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(found.len()))
        })?,
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(factors(branch)?);
            }
            all
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut all = Vec::new();
            for range in class.ranges() {
                for code in u32::from(range.start())..=u32::from(range.end()) {
                    all.push(char::from_u32(code)?.to_string().into_bytes());
                    if all.len() > MAX_FACTORS {
                        return None;
                    }
                }
            }
            all
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut all = Vec::new();
            for range in class.ranges() {
                for byte in range.start()..=range.end() {
                    all.push(vec![byte]);
                    if all.len() > MAX_FACTORS {
                        return None;
                    }
                }
            }
            all
        }
        _ => return None,
    };
    let usable = !found.is_empty()
        && found.len() <= MAX_FACTORS
        && found.iter().all(|factor| !factor.is_empty());
    usable.then_some(found)
}

/// Which literals and regexes occur in one text, each found the first time it is asked about: a
/// text asked only about literals (a gate) is never run through the regex set.
#[derive(Debug, Default)]
struct Hits {
    /// Indices of the literals that occur, sorted: sparse, since a text holds few of the
    /// literals of a large pack.
    literals: Option<Vec<usize>>,
    /// Indices of the regexes that may match, sorted.
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

    /// Whether regex `index` may match `text`: `false` settles it without running the regex.
    pub fn regex_may_match(&self, text: &str, borrowed: bool, index: usize) -> bool {
        self.with_hits(text, borrowed, true, |hits| {
            hits.regexes
                .as_ref()
                .is_none_or(|may_match| may_match.binary_search(&index).is_ok())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn factors_of(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(pattern).expect("a valid regex");
        factors(&hir).map(|found| {
            found
                .into_iter()
                .map(|factor| String::from_utf8(factor).expect("UTF-8"))
                .collect()
        })
    }

    #[test]
    fn factors_are_literals_every_match_contains() {
        assert_eq!(factors_of("主动公开"), Some(vec!["主动公开".into()]));
        assert_eq!(
            factors_of("反馈|采纳"),
            Some(vec!["反馈".into(), "采纳".into()])
        );
        // The longest of a concatenation's required parts; optional parts give nothing.
        assert_eq!(
            factors_of(r"(?:20\d{2}\s*年)?征求意见[^。]{0,40}?截止"),
            Some(vec!["征求意见".into()])
        );
        // Every branch of an alternation must give factors.
        assert_eq!(
            factors_of(r"征求意见|\d+天"),
            Some(vec!["征求意见".into(), "天".into()])
        );
        assert_eq!(factors_of(r"征求意见|\d+"), None);
        assert_eq!(factors_of("[内以]"), Some(vec!["以".into(), "内".into()]));
        assert_eq!(factors_of(r"\d{17}[\dXx]"), None);
        assert_eq!(factors_of(r"^\s*$"), None);
        assert_eq!(factors_of("(?:公开)*"), None);
        assert_eq!(factors_of("(?:公开)+"), Some(vec!["公开".into()]));
    }

    const PATTERNS: &[&str] = &[
        r"征求意见[^。；]*?[^\d月年.](?P<period>(?:\d+|[一二三四五六七八九十两]+)\s*个?(?:工作日|日|天))",
        r"(?P<period>(?:\d+|[一二三四五六七八九十两]+)\s*个?小时)[内以]?[^。；，,]{0,8}?回应",
        r"^(各|全[市县区]|市直各|县直各|区直各|有关)",
        r"(?i)ab+c|x[yz]",
        r"(?:^|[^\d])(?P<phone>1[3-9]\d{9})(?:[^\d]|$)",
        r"(?:出台|印发)后?的?(?P<period>\d+\s*个?(?:工作日|日))[内以]",
        r"(?:征求意见稿)?[二十]+天",
        r"(?:工作)*日|各[市县]{2,}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// A text without any of a regex's factors is never matched by it.
        #[test]
        fn a_regex_matches_only_texts_with_one_of_its_factors(
            text in "[征求意见小时内以回应各全市县有关出台印发后的个工作日天二十AaBbCcxyz1357。；，, ]{0,24}"
        ) {
            for pattern in PATTERNS {
                let regex = regex::Regex::new(pattern).expect("a valid regex");
                let Some(found) = factors_of(pattern) else { continue };
                if regex.is_match(&text) {
                    prop_assert!(
                        found.iter().any(|factor| text.contains(factor.as_str())),
                        "{pattern} matched {text:?}, which has none of {found:?}"
                    );
                }
            }
        }
    }
}
