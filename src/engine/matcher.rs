//! One matcher pass per text for all rules: every `mentions`/`contains` literal of the rule set is
//! in one Aho–Corasick automaton, and so is every regex's factors (literals one of which occurs in
//! any match of it); the few regexes without factors are in one `RegexSet`. The first time a text
//! is asked about, these run once over it; every later question about that text is a lookup, so
//! adding rules does not add scans of the document.

use std::cell::{OnceCell, RefCell};
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
            AhoCorasick::new(rules.literals.iter()).ok()
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

    /// The automaton of the literals (`Patterns::Literals`) or of the regexes' factors.
    fn automaton(&self, patterns: Patterns) -> Option<&AhoCorasick> {
        match patterns {
            Patterns::Literals => self.literals.as_ref(),
            Patterns::Factors => self.factors.as_ref(),
        }
    }

    /// Indices of the regexes that may match `text`, sorted, given the factors that occur in it:
    /// those one of whose factors occurs, and those without factors that the set matches (all of
    /// them, without a set).
    fn regexes_in(&self, text: &str, factors: &[usize]) -> Vec<usize> {
        let mut regexes: Vec<usize> = factors
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

/// The two automata of a [`Matcher`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Patterns {
    Literals,
    Factors,
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

/// Every occurrence of an automaton's patterns in a document's text, by end offset: which
/// patterns occur in a slice of the text (a clause, the whole text) is then a lookup, not a scan
/// of bytes the document scan has already read. Texts built from the source (a task's joined
/// text, a unit's name) are not slices and are scanned on their own.
///
/// A text made of one factor (10 MB of `,` for GK501's `[,;:?!]`) has an occurrence at every byte,
/// 24 bytes each: past [`MAX_OCCURRENCES_PER_BYTE`], none are kept and slices are scanned.
#[derive(Debug)]
struct Occurrences {
    /// `(end, start, pattern)`, sorted; `None` when there were too many to keep.
    all: Option<Vec<(usize, usize, usize)>>,
}

/// Occurrences kept per byte of text at most (one per 8 bytes: 3 bytes of memory per byte of
/// text), with room for short texts.
const MAX_OCCURRENCES_PER_BYTE: usize = 8;

impl Occurrences {
    fn new(automaton: Option<&AhoCorasick>, text: &str) -> Occurrences {
        let most = text.len() / MAX_OCCURRENCES_PER_BYTE + 64;
        let mut all = Vec::new();
        for found in automaton
            .into_iter()
            .flat_map(|automaton| automaton.find_overlapping_iter(text))
        {
            if all.len() == most {
                return Occurrences { all: None };
            }
            all.push((found.end(), found.start(), found.pattern().as_usize()));
        }
        all.sort_unstable();
        Occurrences { all: Some(all) }
    }

    /// Indices of the patterns that occur within `range` of the text, sorted; `None` when the
    /// occurrences were too many to keep.
    fn within(&self, range: std::ops::Range<usize>) -> Option<Vec<usize>> {
        let all = self.all.as_ref()?;
        let first = all.partition_point(|&(end, _, _)| end <= range.start);
        let mut found: Vec<usize> = all[first..]
            .iter()
            .take_while(|&&(end, _, _)| end <= range.end)
            .filter(|&&(_, start, _)| start >= range.start)
            .map(|&(_, _, pattern)| pattern)
            .collect();
        found.sort_unstable();
        found.dedup();
        Some(found)
    }
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
/// Texts that are slices of the document's text (clauses, the text itself) are looked up in one
/// scan of it per automaton rather than scanned again.
#[derive(Debug)]
pub struct TextCache<'m> {
    matcher: &'m Matcher,
    document: &'m str,
    hits: RefCell<HashMap<(usize, usize), Hits>>,
    /// For the literals and the factors, their occurrences in `document`, found the first time a
    /// slice of it is asked about.
    occurrences: [OnceCell<Occurrences>; 2],
}

impl<'m> TextCache<'m> {
    /// A cache for the texts of the document whose text is `document`.
    pub fn new(matcher: &'m Matcher, document: &'m str) -> TextCache<'m> {
        TextCache {
            matcher,
            document,
            hits: RefCell::new(HashMap::new()),
            occurrences: Default::default(),
        }
    }

    /// Indices of the patterns of one automaton that occur in `text`, sorted.
    fn occurring(&self, patterns: Patterns, text: &str) -> Vec<usize> {
        let automaton = self.matcher.automaton(patterns);
        // Where `text` lies inside the document's text, if it does.
        let offset = (text.as_ptr() as usize).wrapping_sub(self.document.as_ptr() as usize);
        if offset > self.document.len() || text.len() > self.document.len() - offset {
            return occurring(automaton, text);
        }
        self.occurrences[patterns as usize]
            .get_or_init(|| Occurrences::new(automaton, self.document))
            .within(offset..offset + text.len())
            .unwrap_or_else(|| occurring(automaton, text))
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
                    let factors = self.occurring(Patterns::Factors, text);
                    hits.regexes = Some(self.matcher.regexes_in(text, &factors));
                }
            } else if hits.literals.is_none() {
                hits.literals = Some(self.occurring(Patterns::Literals, text));
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

    /// Calls `found` with the index of every regex that may match `text`, in index order.
    pub fn each_regex(&self, text: &str, borrowed: bool, found: impl FnMut(usize)) {
        self.with_hits(text, borrowed, true, |hits| {
            hits.regexes.iter().flatten().copied().for_each(found)
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

        /// Looking a slice of a text up in the text's occurrences finds the same patterns as
        /// scanning the slice, wherever the slice starts and ends (inside a pattern included).
        #[test]
        fn occurrences_of_a_slice_are_those_a_scan_of_it_finds(
            text in "[公开征求意见天工作日内年月前后，。ab]{0,40}",
            from in 0usize..45,
            length in 0usize..45,
        ) {
            let automaton = AhoCorasick::new(["公开", "征求意见", "工作日", "日内", "内", "a", "ab", "天工"])
                .expect("an automaton");
            let boundary = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(at, _)| at);
            let (start, end) = (boundary(from), boundary(from + length));
            prop_assert_eq!(
                Occurrences::new(Some(&automaton), &text).within(start..end),
                Some(occurring(Some(&automaton), &text[start..end]))
            );
        }
    }

    #[test]
    fn a_text_of_one_factor_keeps_no_occurrences_and_is_scanned() {
        let automaton = AhoCorasick::new([",", "1"]).expect("an automaton");
        let commas = ",".repeat(100_000);
        assert!(Occurrences::new(Some(&automaton), &commas).all.is_none());
        let prose = "一，二,三".repeat(1000);
        assert!(Occurrences::new(Some(&automaton), &prose).all.is_some());
    }
}
