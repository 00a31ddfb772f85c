//! The reader's vocabulary (`rules/data/reader-vocabulary.txt`): column header words, the
//! organisational suffixes and prefixes of unit names, words that mark prose. Data, not code, so
//! that a new header or suffix is one line in one file.

use std::sync::LazyLock;

use super::model::UnitRole;

const BUNDLED: &str = include_str!("../../rules/data/reader-vocabulary.txt");

/// What a table column holds, as its header names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderRole {
    Number,
    Deadline,
    Units(Option<UnitRole>),
    Task,
    Category,
    Other,
}

struct Vocabulary {
    /// Header words per role, in the order they are tried.
    columns: Vec<(HeaderRole, Vec<&'static str>)>,
    unit_suffixes: Vec<&'static str>,
    unit_prefixes: Vec<&'static str>,
    not_unit: Vec<&'static str>,
    not_plan: Vec<&'static str>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in BUNDLED.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            Some(name) => sections.push((name, Vec::new())),
            None => {
                if let Some((_, words)) = sections.last_mut() {
                    words.push(line);
                }
            }
        }
    }
    let words = |name: &str| {
        sections
            .iter()
            .find(|(section, _)| *section == name)
            .map(|(_, words)| words.clone())
            .unwrap_or_default()
    };
    let mut unit_suffixes = words("unit.suffix");
    // Longest first, so that 办公室 is taken before 室.
    unit_suffixes.sort_by_key(|suffix| std::cmp::Reverse(suffix.len()));
    Vocabulary {
        columns: vec![
            (HeaderRole::Number, words("column.number")),
            (HeaderRole::Deadline, words("column.deadline")),
            (
                HeaderRole::Units(Some(UnitRole::Lead)),
                words("column.lead"),
            ),
            (
                HeaderRole::Units(Some(UnitRole::Cooperate)),
                words("column.cooperate"),
            ),
            (HeaderRole::Units(None), words("column.units")),
            (HeaderRole::Category, words("column.category")),
            (HeaderRole::Other, words("column.other")),
            (HeaderRole::Task, words("column.task")),
        ],
        unit_suffixes,
        unit_prefixes: words("unit.prefix"),
        not_unit: words("unit.not"),
        not_plan: words("kind.not_plan"),
    }
});

/// The role a column header names: the whole name first, then a word the name holds.
pub fn header_role(name: &str) -> Option<HeaderRole> {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if name.is_empty() {
        return None;
    }
    let columns = &VOCABULARY.columns;
    columns
        .iter()
        .find(|(_, words)| words.contains(&name.as_str()))
        .or_else(|| {
            columns
                .iter()
                .find(|(_, words)| words.iter().any(|word| name.contains(word)))
        })
        .map(|(role, _)| *role)
}

/// The organisational suffix a name ends with, if any (longest first).
pub fn unit_suffix(name: &str) -> Option<&'static str> {
    VOCABULARY
        .unit_suffixes
        .iter()
        .find(|suffix| name.ends_with(*suffix))
        .copied()
}

/// Whether a name starts with a collective prefix (各, 有关, 相关 …).
pub fn has_unit_prefix(name: &str) -> bool {
    VOCABULARY
        .unit_prefixes
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// Whether a text holds a word that marks prose rather than a name.
pub fn has_prose_word(text: &str) -> bool {
    VOCABULARY.not_unit.iter().any(|word| text.contains(word))
}

/// Whether a document's preamble says that it is a consultation or solicitation notice.
pub fn says_not_a_plan(preamble: &str) -> bool {
    VOCABULARY
        .not_plan
        .iter()
        .any(|word| preamble.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_named_in_many_ways() {
        assert_eq!(header_role("序号"), Some(HeaderRole::Number));
        assert_eq!(header_role("完成 时限"), Some(HeaderRole::Deadline));
        assert_eq!(header_role("计划完成时 间"), Some(HeaderRole::Deadline));
        assert_eq!(header_role("责任处室"), Some(HeaderRole::Units(None)));
        assert_eq!(header_role("承办科室"), Some(HeaderRole::Units(None)));
        assert_eq!(
            header_role("牵头单位"),
            Some(HeaderRole::Units(Some(UnitRole::Lead)))
        );
        assert_eq!(
            header_role("协办单位"),
            Some(HeaderRole::Units(Some(UnitRole::Cooperate)))
        );
        assert_eq!(header_role("细化分工"), Some(HeaderRole::Task));
        assert_eq!(header_role("工作进度"), Some(HeaderRole::Other));
        assert_eq!(header_role("备注"), Some(HeaderRole::Other));
        assert_eq!(header_role("文号"), None);
    }

    #[test]
    fn suffixes_are_matched_longest_first() {
        assert_eq!(unit_suffix("县政府办公室"), Some("办公室"));
        assert_eq!(unit_suffix("政策法规股"), Some("股"));
        assert_eq!(unit_suffix("加快建设"), None);
    }
}
