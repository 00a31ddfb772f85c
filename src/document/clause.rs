//! The responsibility clause of a task and the units in it.
//!
//! Plans end a task with a clause such as `（责任单位：市人社局、市商务局；完成时限：全年）`, written
//! with any mix of full- and half-width brackets, colons and separators, sometimes in square brackets
//! or without brackets at all, and with keys like 牵头单位 / 配合单位 / 责任时限. Unit lists are split
//! on 、，；and spaces but never inside brackets: `各县〔市、区〕政府〔管委会〕` is one unit.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::joined::Joined;
use super::model::{Unit, UnitRole};
use super::vocabulary;
use crate::per_thread::PerThread;

/// What a clause field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    /// 责任单位 and the like: units whose role comes from markers in the list.
    Units,
    /// 牵头单位: every unit listed is a lead unit.
    LeadUnits,
    /// 配合单位 / 协办单位.
    CooperatingUnits,
    /// 完成时限 / 时限 / 责任时限.
    Deadline,
    /// 牵头负责领导 / 责任领导: a person, never a unit.
    Person,
}

/// A responsibility clause found in a task's text.
#[derive(Debug, Clone)]
pub struct ResponsibilityClause {
    /// The whole clause in the joined text, brackets included.
    pub range: Range<usize>,
    /// Each field's key and its value (trimmed, without separators).
    pub fields: Vec<(FieldKey, Range<usize>)>,
}

static FIELD_KEY: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(concat!(
        r"((?:牵头|责任|配合|协办|协同|协助|主办|承办|落实|实施|参与|主责)(?:责任|落实)?",
        r"(?:单位|部门|科室|处室|股室|主体|机关)|(?:牵头负责|责任|分管)领导|",
        r"完成时限|责任时限|完成时间|时限要求|时间要求|办结时限|时限)\s*[:：]",
    ))
});

/// `办公室牵头，各科室配合。` as the task's last sentence: units named by their roles, without a key.
static ROLE_SENTENCE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(
        r"(?:^|[。；;])\s*((?:由)?[^，,。；;：:（）()\s]{2,30}牵头(?:负责)?[，,、；;][^。；;：:]{2,80}?(?:按职责分工落实|按职责分工负责|配合落实|分工负责|配合|参与|协助))[。.]?\s*$",
    )
});

fn key_of(word: &str) -> FieldKey {
    if word.ends_with("领导") {
        FieldKey::Person
    } else if word.contains('时') {
        FieldKey::Deadline
    } else if word.starts_with("牵头") || word.starts_with("主办") || word.starts_with("主责")
    {
        FieldKey::LeadUnits
    } else if ["配合", "协办", "协同", "协助", "参与"]
        .iter()
        .any(|role| word.starts_with(role))
    {
        FieldKey::CooperatingUnits
    } else {
        FieldKey::Units
    }
}

fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '[' | '【' | '〔' | '［')
}

fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | ']' | '】' | '〕' | '］')
}

/// Finds the last responsibility clause in `text`.
///
/// A clause is an opening bracket directly followed by a field key and a colon, running to its
/// matching closing bracket (of any width; to the end of the text when a page cut lost it). Without
/// brackets, a field key at the start of the text or after a sentence end runs to the end.
pub fn find_clause(text: &str) -> Option<ResponsibilityClause> {
    let (range, content, _) = locate_clause(text)?;
    Some(ResponsibilityClause {
        range,
        fields: fields_in(text, content),
    })
}

/// A last sentence that names the units by role alone (`办公室牵头，各科室配合。`), as a clause with
/// one unit field. Only a whole trailing sentence counts: `形成政府牵头、部门配合的机制` does not.
pub fn find_role_sentence(text: &str) -> Option<ResponsibilityClause> {
    let units = ROLE_SENTENCE.captures(text)?.get(1)?.range();
    Some(ResponsibilityClause {
        range: units.start..text.len(),
        fields: vec![(FieldKey::Units, units)],
    })
}

/// The clause's range, the range of its fields, and whether it opened a bracket that the text
/// never closes (a page break cut it; the rest, `（责任单位：` + `县审计局）`, is still to come).
fn locate_clause(text: &str) -> Option<(Range<usize>, Range<usize>, bool)> {
    // The last bracketed clause wins; failing one, the first bracket-less one. Looking from the end
    // measures one bracket group instead of one per key, which on a long line full of keys would be
    // quadratic.
    let keys: Vec<_> = FIELD_KEY.find_iter(text).collect();
    let before = |key: &regex::Match| text[..key.start()].trim_end_matches([' ', '\u{3000}', '\t']);
    let bracketed = keys.iter().rev().find_map(|key| {
        let before = before(key);
        let open = before.chars().next_back().filter(|&c| is_open(c))?;
        let open_at = before.len() - open.len_utf8();
        Some(match matching_close(text, open_at) {
            Some(end) => (
                open_at..end,
                key.start()..end - last_char_len(&text[..end]),
                false,
            ),
            None => (open_at..text.len(), key.start()..text.len(), true),
        })
    });
    bracketed.or_else(|| {
        keys.iter().find_map(|key| {
            let before = before(key);
            let after_sentence =
                before.is_empty() || before.ends_with(['。', '\n', '；', ';', ' ']);
            let content = key.start()..text.trim_end_matches(['。', ' ', '\n']).len();
            (after_sentence && content.start < content.end)
                .then(|| (key.start()..text.len(), content, false))
        })
    })
}

/// What [`find_clause`] would say about a text, without the clause itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClauseState {
    /// No clause.
    #[default]
    None,
    /// A bracketed clause whose bracket the text never closes.
    Unclosed,
    /// A closed bracketed clause, or a bracket-less one.
    Closed,
}

/// The longest a field key with its colon can reach back over a piece boundary, in bytes.
const KEY_REACH: usize = 64;

/// [`ClauseState`] for a text that only grows, updated in time proportional to what was added.
///
/// A task continued over many lines asks after every line whether its clause has been seen;
/// running [`find_clause`] on the whole text each time would be quadratic in the task's length.
#[derive(Debug, Clone, Default)]
pub struct ClauseTracker {
    state: ClauseState,
    /// Bytes of the text already looked at.
    scanned: usize,
    /// The clause's bracket depth at `scanned`, counted from its opening bracket, while unclosed.
    depth: usize,
    /// The first key standing where a bracket-less clause may start; it becomes one once text
    /// follows it.
    bracketless_key: Option<usize>,
}

impl ClauseTracker {
    pub fn state(&self) -> ClauseState {
        self.state
    }

    /// Takes in `text`, which must start with the text given before.
    pub fn update(&mut self, text: &str) {
        let mut from = self.scanned.saturating_sub(KEY_REACH).min(text.len());
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let new_keys: Vec<_> = FIELD_KEY
            .find_iter(&text[from..])
            .map(|key| from + key.start()..from + key.end())
            .filter(|key| key.end > self.scanned)
            .collect();
        let opening = |key: &Range<usize>| {
            let before = text[..key.start].trim_end_matches([' ', '\u{3000}', '\t']);
            let open = before.chars().next_back().filter(|&c| is_open(c))?;
            Some(before.len() - open.len_utf8())
        };
        if let Some(open_at) = new_keys.iter().rev().find_map(opening) {
            // The last bracketed key decides, as in `find_clause`.
            self.depth = 0;
            self.scan_brackets(&text[open_at..]);
        } else {
            if self.state == ClauseState::Unclosed {
                self.scan_brackets(&text[self.scanned.min(text.len())..]);
            }
            if self.bracketless_key.is_none() {
                self.bracketless_key = new_keys
                    .iter()
                    .find(|key| {
                        let before = text[..key.start].trim_end_matches([' ', '\u{3000}', '\t']);
                        before.is_empty() || before.ends_with(['。', '\n', '；', ';', ' '])
                    })
                    .map(|key| key.start);
            }
            let content_end = text.trim_end_matches(['。', ' ', '\n']).len();
            if self.state == ClauseState::None
                && self
                    .bracketless_key
                    .is_some_and(|start| start < content_end)
            {
                self.state = ClauseState::Closed;
            }
        }
        self.scanned = text.len();
    }

    /// Counts brackets through `text`, from an opening bracket or from where the last scan ended.
    fn scan_brackets(&mut self, text: &str) {
        self.state = ClauseState::Unclosed;
        for c in text.chars() {
            if is_open(c) {
                self.depth += 1;
            } else if is_close(c) {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.state = ClauseState::Closed;
                    return;
                }
            }
        }
    }
}

/// Whether a line starts with a clause key (`牵头科室：X`, `【牵头单位：X；配合单位：Y】`): the
/// responsibility of the task above it, written on a line of its own.
pub fn starts_with_key(text: &str) -> bool {
    let text = text.trim_start_matches(is_open).trim_start();
    FIELD_KEY.find(text).is_some_and(|key| key.start() == 0)
}

/// The fields of a text that is itself a list of fields (`牵头单位：A；配合单位：B`), as table
/// cells sometimes are.
pub fn fields_of(text: &str) -> Option<Vec<(FieldKey, Range<usize>)>> {
    let first = FIELD_KEY.find(text)?;
    if !text[..first.start()].trim().is_empty() {
        return None;
    }
    Some(fields_in(text, 0..text.len()))
}

fn last_char_len(text: &str) -> usize {
    text.chars().next_back().map_or(0, char::len_utf8)
}

/// The end (exclusive) of the bracket group opening at `open_at`; `None` when the text ends first.
fn matching_close(text: &str, open_at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text[open_at..].char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(open_at + at + c.len_utf8());
            }
        }
    }
    None
}

fn fields_in(text: &str, content: Range<usize>) -> Vec<(FieldKey, Range<usize>)> {
    let region = &text[content.clone()];
    // Keys inside brackets belong to a nested note, not to this clause. The bracket depth is
    // carried from key to key in one pass over the region.
    let mut depth = 0usize;
    let mut scanned = 0;
    let mut keys = Vec::new();
    for caps in FIELD_KEY.captures_iter(region) {
        let (Some(whole), Some(word)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        for c in region[scanned..whole.start()].chars() {
            if is_open(c) {
                depth += 1;
            } else if is_close(c) {
                depth = depth.saturating_sub(1);
            }
        }
        scanned = whole.start();
        if depth == 0 {
            keys.push((key_of(word.as_str()), whole.start(), whole.end()));
        }
    }
    let mut fields = Vec::new();
    for (index, &(key, _, value_start)) in keys.iter().enumerate() {
        let value_end = keys.get(index + 1).map_or(region.len(), |next| next.1);
        let value = trim_separators(region, value_start..value_end);
        fields.push((key, content.start + value.start..content.start + value.end));
    }
    fields
}

fn is_separator(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';' | '。' | '．') || c.is_whitespace()
}

fn trim_separators(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start_matches(is_separator).len());
    let end = range.start + piece.trim_end_matches(is_separator).len();
    start..end.max(start)
}

/// Role phrases written after a unit or a group of units, longest first.
const ROLE_SUFFIXES: &[(&str, UnitRole)] = &[
    ("按职责分工落实", UnitRole::Cooperate),
    ("按职责分工负责", UnitRole::Cooperate),
    ("按职能分工落实", UnitRole::Cooperate),
    ("按职责落实", UnitRole::Cooperate),
    ("分工负责", UnitRole::Cooperate),
    ("共同负责", UnitRole::Cooperate),
    ("配合落实", UnitRole::Cooperate),
    ("具体落实", UnitRole::Cooperate),
    ("负责落实", UnitRole::Unspecified),
    ("配合", UnitRole::Cooperate),
    ("协助", UnitRole::Cooperate),
    ("参与", UnitRole::Cooperate),
    ("牵头负责", UnitRole::Lead),
    ("牵头落实", UnitRole::Lead),
    ("牵头", UnitRole::Lead),
    ("负责", UnitRole::Unspecified),
];

/// Splits a unit list into units with their roles and spans.
///
/// Groups are separated by ，；and spaces; a role phrase at the end of a group (`A、B牵头`) applies
/// to every unit of that group. `field_role` is the role implied by the field key, if any.
pub fn split_units(list: &Joined, field_role: Option<UnitRole>, inherited: bool) -> Vec<Unit> {
    let full = list.as_str();
    // A sentence after the list (`…、单位。以下任务均需…`) is not part of it.
    let text = split_at_depth_zero(full, |c| c == '。')
        .first()
        .map_or("", |first| &full[..first.end]);
    let mut units = Vec::new();
    // Each group with where its units end before a role verb, if they do.
    let groups: Vec<(Range<usize>, Option<UnitsBeforeVerb>)> = split_at_depth_zero(text, |c| {
        matches!(c, '，' | ',' | '；' | ';') || c.is_whitespace()
    })
    .into_iter()
    .map(|group| {
        let verb = units_before_role_verb(&text[group.clone()]);
        (group, verb)
    })
    .collect();
    // A cell written as sentences (`X牵头…工作，Y负责…`) names its units at the start of each;
    // a piece that is neither such a sentence nor a list of units (a fragment cut off at the end
    // of the page) names none.
    let written_as_sentences = groups
        .iter()
        .any(|(group, verb)| verb.is_some() && !is_unit_list(&text[group.clone()]));
    for (group, verb) in groups {
        let group_text = &text[group.clone()];
        if written_as_sentences && verb.is_none() && !is_unit_list(group_text) {
            continue;
        }
        let (group_role, group_end) = match ROLE_SUFFIXES
            .iter()
            .find(|(suffix, _)| group_text.ends_with(suffix))
        {
            Some((suffix, role)) => (Some(*role), group.end - suffix.len()),
            None => (None, group.end),
        };
        // `区司法局牵头区级…工作`, `各成员单位负责做好…`: the units, then their role and work.
        let (group_role, group_end) = match group_role {
            None => verb.map_or((None, group_end), |(end, role)| {
                (Some(role), group.start + end)
            }),
            _ => (group_role, group_end),
        };
        let role = field_role.or(group_role).unwrap_or(UnitRole::Unspecified);
        for item in glue_single_characters(&text[group.start..group_end]) {
            let mut range = group.start + item.start..group.start + item.end;
            // `由市财政局牵头` names the unit after 由.
            if text[range.clone()].starts_with('由') && range.len() > '由'.len_utf8() * 2 {
                range.start += '由'.len_utf8();
            }
            // `…管委会等，各县政府`: a 等 closing an item before the next group says "and others".
            if text[range.clone()].ends_with('等') && range.len() > '等'.len_utf8() * 2 {
                range.end -= '等'.len_utf8();
            }
            let name = list.written()[range.clone()].trim();
            if name.is_empty() {
                continue;
            }
            units.push(Unit {
                name: name.to_string(),
                role,
                span: list.source_span(range),
                inherited,
            });
        }
    }
    units
}

/// Verbs that follow a unit in a sentence naming what it does, with the role they give it.
const ROLE_VERBS: &[(&str, UnitRole)] = &[
    ("牵头", UnitRole::Lead),
    ("具体落实", UnitRole::Cooperate),
    ("配合", UnitRole::Cooperate),
    ("协助", UnitRole::Cooperate),
    ("参与", UnitRole::Cooperate),
    ("负责", UnitRole::Unspecified),
    ("落实", UnitRole::Unspecified),
];

/// Where a clause's units end before their role verb, and the role it gives them.
type UnitsBeforeVerb = (usize, UnitRole);

/// Whether a character starts one of [`ROLE_VERBS`] (a test keeps them in step); asked of every
/// character of every unit list.
fn is_role_verb_start(c: char) -> bool {
    matches!(c, '牵' | '具' | '配' | '协' | '参' | '负' | '落')
}

/// A clause that starts with units (one, or a `、` list) and goes on with their role verb and the
/// work (`区司法局牵头区级规范性文件集中公开工作`): where the units end, and their role. The first verb
/// after which every item before it has the shape of a unit name wins; a verb that ends the clause
/// is a role suffix (`市财政局牵头`), read as such elsewhere, and one in brackets (`（牵头）`) a
/// role mark.
fn units_before_role_verb(clause: &str) -> Option<UnitsBeforeVerb> {
    // One pass over the characters: most unit lists hold no verb, and no name is judged for them.
    clause
        .char_indices()
        .filter(|&(at, c)| is_role_verb_start(c) && at > 0)
        .find_map(|(at, _)| {
            let &(verb, role) = ROLE_VERBS
                .iter()
                .find(|(verb, _)| clause[at..].starts_with(verb))?;
            (at + verb.len() < clause.len()
                && !clause[..at].ends_with(is_open)
                && split_at_depth_zero(&clause[..at], |c| c == '、')
                    .into_iter()
                    .all(|item| is_unit_name(&clause[item])))
            .then_some((at, role))
        })
}

/// The items of a `、` list; a one-character level word (`各县、市、区政府`) is shared with its
/// neighbours, not a unit, and joins them into one.
fn glue_single_characters(text: &str) -> Vec<Range<usize>> {
    let items = split_at_depth_zero(text, |c| c == '、');
    let single = |range: &Range<usize>| {
        let item = &text[range.clone()];
        item.chars().count() == 1 && "省市县区乡镇".contains(item)
    };
    let mut glued: Vec<Range<usize>> = Vec::new();
    let mut join_next = false;
    for item in items {
        match glued.last_mut() {
            Some(last) if join_next || single(&item) => last.end = item.end,
            _ => glued.push(item.clone()),
        }
        join_next = single(&item);
    }
    glued
}

/// Whether `name` (in the matching view) has the shape of a unit name: an optional place, level or
/// collective prefix, a body, and an organisational suffix (`县财政局`, `政策法规股`, `各业务科（室）`,
/// `高新技术产业开发区`), or a collective prefix alone (`各乡镇`, `有关单位`). Trailing bracket groups
/// (aliases, `（室）`) and a tail from 等 on (`等相关区直部门`) say nothing of the shape and are set
/// aside; prose words and sentence punctuation rule a name out. Recognising units by shape, not by a
/// list, is what lets a keyless clause (`（区住建局负责落实）`) be told from a prose bracket.
pub fn is_unit_name(name: &str) -> bool {
    let mut core = name.trim();
    if let Some(at) = core.find('等').filter(|&at| at > 0) {
        core = core[..at].trim_end();
    }
    while core.ends_with(is_close) {
        match last_group_start(core) {
            Some(open_at) if open_at > 0 => core = core[..open_at].trim_end(),
            _ => break,
        }
    }
    let length = core.chars().count();
    (2..=40).contains(&length)
        && !core.contains([
            '。', '；', ';', '：', ':', '，', ',', '！', '？', '“', '”', '《', '》', '|',
        ])
        && !vocabulary::has_prose_word(core)
        && (vocabulary::unit_suffix(core).is_some() || vocabulary::has_unit_prefix(core))
}

/// Where the bracket group that ends `text` opens.
fn last_group_start(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices().rev() {
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(at);
            }
        }
    }
    None
}

/// Whether a text names who does the work, clause by clause: each clause a list of units with
/// role words ([`is_unit_list`]) or units followed by their role and the work
/// (`区司法局牵头区级规范性文件集中公开工作，各成员单位负责做好本单位…`). Looser than
/// [`is_unit_list`], for a cell known to be a units cell, not for brackets in prose.
pub fn is_attribution(text: &str) -> bool {
    let groups = split_at_depth_zero(text, |c| matches!(c, '，' | ',' | '；' | ';'));
    let named = groups
        .iter()
        .filter(|group| {
            let group_text = text[(*group).clone()].trim_end_matches(['。', '.']);
            is_unit_list(group_text) || units_before_role_verb(group_text).is_some()
        })
        .count();
    named > 0 && named * 2 >= groups.len()
}

/// Whether a text is nothing but a list of units with role words (`A、B牵头，C及D按职责分工负责`,
/// `由县政府办牵头，各乡镇配合`, `区住建局负责落实`), and names at least one unit.
pub fn is_unit_list(text: &str) -> bool {
    let mut units = 0;
    for group in split_at_depth_zero(text, |c| matches!(c, '，' | ',' | '；' | ';')) {
        let mut group_text = text[group].trim_end_matches(['。', '.']);
        group_text = group_text.strip_prefix('由').unwrap_or(group_text);
        if let Some((suffix, _)) = ROLE_SUFFIXES
            .iter()
            .find(|(suffix, _)| group_text.ends_with(suffix))
        {
            group_text = &group_text[..group_text.len() - suffix.len()];
        }
        for item in split_at_depth_zero(group_text, |c| c == '、') {
            if !is_unit_name(&group_text[item]) {
                return false;
            }
            units += 1;
        }
    }
    units > 0
}

/// A responsibility clause without keys: a bracket group closing the task whose content is a unit
/// list (`（区住建局负责落实）`, `(A、B牽頭,C及D按職責分工負責)`), or a last sentence that is one
/// (`此项工作由X负责,Y配合。`, `由县政府办牵头，各乡镇配合。`).
pub fn find_keyless_clause(text: &str) -> Option<ResponsibilityClause> {
    let end = text.trim_end_matches(['。', '.', ' ', '；', ';']).len();
    let body = &text[..end];
    if body.ends_with(is_close)
        && let Some(open_at) = last_group_start(body)
    {
        let inner = open_at + body[open_at..].chars().next()?.len_utf8()..end - last_char_len(body);
        if is_unit_list(&text[inner.clone()]) {
            return Some(ResponsibilityClause {
                range: open_at..text.len(),
                fields: vec![(FieldKey::Units, inner)],
            });
        }
    }
    let sentence_start = body.rfind(['。', '；', ';']).map_or(0, |at| {
        at + body[at..].chars().next().map_or(1, char::len_utf8)
    });
    let mut start = sentence_start;
    let sentence = body[start..].trim_start();
    start = end - sentence.len();
    // `此项工作由X负责，Y配合`, `各县年度报告组织工作由X负责`: the units follow 由.
    if let Some(at) = text[start..end].rfind('由') {
        start += at + '由'.len_utf8();
    }
    let has_role = ROLE_SUFFIXES
        .iter()
        .any(|(suffix, _)| text[start..end].contains(suffix));
    (start > 0 && has_role && is_unit_list(&text[start..end])).then(|| ResponsibilityClause {
        range: sentence_start..text.len(),
        fields: vec![(FieldKey::Units, start..end)],
    })
}

/// `…工作由省政府办公厅负责。`, `本制度由X负责解释`: units assigned inside the text by 由 … 负责 /
/// 牵头, wherever the sentence stands. Each phrase whose units have the shape of unit names is one
/// unit field; for tasks with no clause of their own.
pub fn find_assignments(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('由') {
        let start = at + '由'.len_utf8();
        // The units run to the first role word, within one clause and sixty characters.
        let clause_end = text[start..]
            .char_indices()
            .take(60)
            .find(|(_, c)| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '由'))
            .map_or_else(
                || {
                    text[start..]
                        .char_indices()
                        .nth(60)
                        .map_or(text.len(), |(i, _)| start + i)
                },
                |(i, _)| start + i,
            );
        let clause = &text[start..clause_end];
        let role = ["牵头负责", "负责", "牵头"]
            .iter()
            .filter_map(|word| clause.find(word))
            .min();
        if let Some(end) = role
            && clause[..end].chars().count() >= 2
            && is_unit_list(&clause[..end])
        {
            found.push(start..start + end);
        }
    }
    found
}

/// Splits `text` at separator characters that are outside brackets; pieces are trimmed and
/// non-empty.
fn split_at_depth_zero(text: &str, is_separator: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && is_separator(c) {
            push_trimmed(text, start..at, &mut pieces);
            start = at + c.len_utf8();
        }
    }
    push_trimmed(text, start..text.len(), &mut pieces);
    pieces
}

fn push_trimmed(text: &str, range: Range<usize>, pieces: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.start + piece.trim_end().len();
    if start < end {
        pieces.push(start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_verb_starts_with_one_of_the_characters_looked_for() {
        for (verb, _) in ROLE_VERBS {
            assert!(verb.starts_with(is_role_verb_start), "{verb}");
        }
    }

    fn joined(text: &str) -> Joined {
        let mut joined = Joined::new();
        joined.push(text, 0);
        joined
    }

    fn units(text: &str) -> Vec<(String, UnitRole)> {
        split_units(&joined(text), None, false)
            .into_iter()
            .map(|unit| (unit.name, unit.role))
            .collect()
    }

    fn clause(text: &str) -> Vec<(FieldKey, String)> {
        find_clause(text)
            .map(|clause| {
                clause
                    .fields
                    .into_iter()
                    .map(|(key, range)| (key, text[range].to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    use UnitRole::{Cooperate, Lead, Unspecified};

    #[test]
    fn brackets_never_split_a_unit() {
        assert_eq!(
            units("市民政局,各市〔县、区〕政府〔管委会〕"),
            [
                ("市民政局".into(), Unspecified),
                ("各市〔县、区〕政府〔管委会〕".into(), Unspecified)
            ]
        );
        assert_eq!(units("区直各部门（单位）").len(), 1);
    }

    #[test]
    fn role_phrases_apply_to_their_group() {
        assert_eq!(
            units("区财政局、区审计局牵头，各街道按职责分工落实"),
            [
                ("区财政局".into(), Lead),
                ("区审计局".into(), Lead),
                ("各街道".into(), Cooperate)
            ]
        );
        assert_eq!(
            units("办公室牵头,各科室配合"),
            [("办公室".into(), Lead), ("各科室".into(), Cooperate)]
        );
        assert_eq!(units("由县教育局负责")[0], ("县教育局".into(), Unspecified));
    }

    #[test]
    fn spaces_separate_cell_lines() {
        assert_eq!(units("各镇；区直各单位 区税务局").len(), 3);
    }

    #[test]
    fn finds_clauses_in_every_width() {
        assert_eq!(
            clause("推进公开。（责任单位：县文旅局、县商务局；完成时限：6月底前）"),
            [
                (FieldKey::Units, "县文旅局、县商务局".into()),
                (FieldKey::Deadline, "6月底前".into())
            ]
        );
        assert_eq!(
            clause("推进公开。(责任单位:各部门(单位),各乡镇;完成时限:全年)"),
            [
                (FieldKey::Units, "各部门(单位),各乡镇".into()),
                (FieldKey::Deadline, "全年".into())
            ]
        );
        assert_eq!(
            clause("做好年报。[责任单位：区政府办等部门；完成时限：全年]"),
            [
                (FieldKey::Units, "区政府办等部门".into()),
                (FieldKey::Deadline, "全年".into())
            ]
        );
        assert_eq!(
            clause("做好公开。（责任时限：2023年底前，牵头单位：办公室，责任单位：各科室）"),
            [
                (FieldKey::Deadline, "2023年底前".into()),
                (FieldKey::LeadUnits, "办公室".into()),
                (FieldKey::Units, "各科室".into())
            ]
        );
    }

    #[test]
    fn a_clause_cut_by_a_page_runs_to_the_end() {
        assert_eq!(
            clause("做好年报。（责任单位：各部门；完成时限：全年"),
            [
                (FieldKey::Units, "各部门".into()),
                (FieldKey::Deadline, "全年".into())
            ]
        );
    }

    #[test]
    fn a_clause_cut_inside_a_unit_keeps_the_unit_whole_and_says_it_is_unclosed() {
        let text = "做好年报。（责任单位：各乡镇（街道）";
        assert_eq!(clause(text), [(FieldKey::Units, "各乡镇（街道）".into())]);
        assert_eq!(state_of(text), ClauseState::Unclosed);
        assert_eq!(state_of("做好年报。（责任单位："), ClauseState::Unclosed);
        assert_eq!(
            state_of("做好年报。（责任单位：各乡镇（街道））"),
            ClauseState::Closed
        );
    }

    #[test]
    fn cells_can_be_field_lists() {
        let text = "牵头单位：区民政局；配合单位：各街道";
        let fields = fields_of(text).unwrap_or_default();
        assert_eq!(
            fields
                .into_iter()
                .map(|(key, range)| (key, &text[range]))
                .collect::<Vec<_>>(),
            [
                (FieldKey::LeadUnits, "区民政局"),
                (FieldKey::CooperatingUnits, "各街道")
            ]
        );
        assert!(fields_of("区民政局、各街道").is_none());
    }

    fn state_of(text: &str) -> ClauseState {
        match locate_clause(text) {
            None => ClauseState::None,
            Some((_, _, true)) => ClauseState::Unclosed,
            Some(_) => ClauseState::Closed,
        }
    }

    proptest::proptest! {
        #[test]
        fn the_tracker_agrees_with_find_clause_as_text_grows(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "做好公开", "。", "；", " ", "\n", "（", "）", "(", ")", "〔", "〕", "[", "]",
                    "责任单位：", "责任", "单位：", "完成时限:", "时限：", "牵头单位：", "县财政局",
                    "各乡镇（街道）", "、", "全年",
                ][..]),
                0..40,
            ),
        ) {
            let mut text = String::new();
            let mut tracker = ClauseTracker::default();
            for piece in pieces {
                text.push_str(piece);
                tracker.update(&text);
                proptest::prop_assert_eq!(tracker.state(), state_of(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn a_trailing_role_sentence_names_the_units() {
        let text = "深化政策解读，3个工作日内发布解读。办公室牵头,各科室配合。";
        let clause = find_role_sentence(text).expect("a role sentence");
        assert_eq!(&text[clause.range.clone()], "办公室牵头,各科室配合。");
        assert_eq!(
            units(&text[clause.fields[0].1.clone()]),
            [
                ("办公室".to_string(), UnitRole::Lead),
                ("各科室".to_string(), UnitRole::Cooperate)
            ]
        );
        for prose in [
            "建立健全机制，形成办公室牵头、各科室配合。",
            "办公室牵头,各科室配合，做好解读工作。",
            "做好解读工作。",
        ] {
            assert!(find_role_sentence(prose).is_none(), "{prose}");
        }
    }

    #[test]
    fn brackets_in_prose_are_not_clauses() {
        assert!(find_clause("按照《条例》（国务院令第711号）执行。").is_none());
    }
}
