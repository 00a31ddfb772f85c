//! `word/numbering.xml`: the list numbers Word draws in front of numbered paragraphs.
//!
//! The `1.`, `（一）` and `一、` of an automatically numbered list are not in the document's text;
//! Word computes them when it lays the page out. wenshen needs them as text, because they are the
//! tasks' labels, so this module computes them the same way: a paragraph names a list instance
//! (`w:numId`) and a level (`w:ilvl`); the instance points at an abstract definition whose level
//! gives the start value, the number format (`w:numFmt`) and the label pattern (`w:lvlText`, where
//! `%1`…`%9` stand for the current counters of levels 1–9).
//!
//! Counters belong to the abstract definition, as in Word: list instances that share one continue
//! each other's numbering. An instance with a start override (`w:lvlOverride/w:startOverride`, what
//! Word writes for "restart numbering") resets that level the first time one of its paragraphs
//! appears. Using a level resets the levels below it, unless a level's `w:lvlRestart` says otherwise.

use std::collections::{HashMap, HashSet};

use quick_xml::events::BytesStart;

use super::xml::{self, Visitor};

/// Word has nine list levels, `w:ilvl` 0–8.
const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    format: Option<String>,
    /// The label pattern, e.g. `%1.` or `（%2）`.
    text: Option<String>,
    /// `w:lvlRestart`: the level is reset only when a level above this 1-based level is used;
    /// 0 means never. Absent: reset whenever any level above it is used.
    restart: Option<u32>,
    /// `w:isLgl`: every counter in the label is shown in decimal (`1.1`, not `一.1`).
    legal: bool,
    /// `w:suff`: what follows the label: `tab` (the default), `space` or `nothing`.
    suffix: Option<String>,
}

impl Level {
    fn start(&self) -> u32 {
        self.start.unwrap_or(1)
    }
}

#[derive(Debug, Clone, Default)]
struct ListInstance {
    abstract_id: Option<u32>,
    start_overrides: Vec<(usize, u32)>,
}

/// The list definitions of one document.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<u32, Vec<Level>>,
    instances: HashMap<u32, ListInstance>,
}

impl Numbering {
    pub(super) fn parse(xml: &str) -> Result<Numbering, quick_xml::Error> {
        let mut reader = NumberingReader::default();
        xml::walk(xml, &mut reader)?;
        Ok(reader.numbering)
    }
}

/// The running counters while the document is read from top to bottom.
#[derive(Debug)]
pub(super) struct Counters<'a> {
    numbering: &'a Numbering,
    /// Per abstract definition: the last value used at each level (`None`: not used since reset).
    counts: HashMap<u32, [Option<u32>; LEVELS]>,
    /// Per abstract definition: start values set by an instance's start override.
    overridden_starts: HashMap<u32, [Option<u32>; LEVELS]>,
    /// List instances already seen, so that a start override applies once, at the first paragraph.
    seen_instances: HashSet<u32>,
}

impl<'a> Counters<'a> {
    pub(super) fn new(numbering: &'a Numbering) -> Self {
        Counters {
            numbering,
            counts: HashMap::new(),
            overridden_starts: HashMap::new(),
            seen_instances: HashSet::new(),
        }
    }

    /// The label Word shows in front of the next paragraph of list instance `num_id` at `level`,
    /// with the space that separates it from the text; `None` for bullets, unknown lists and the
    /// `numId` 0 that switches numbering off.
    pub(super) fn next_label(&mut self, num_id: u32, level: u32) -> Option<String> {
        let instance = self.numbering.instances.get(&num_id)?;
        let abstract_id = instance.abstract_id?;
        let levels = self.numbering.abstracts.get(&abstract_id)?;
        let level = usize::try_from(level)
            .ok()
            .filter(|level| *level < LEVELS)?;
        let definition = levels.get(level)?;

        let counts = self.counts.entry(abstract_id).or_insert([None; LEVELS]);
        let starts = self
            .overridden_starts
            .entry(abstract_id)
            .or_insert([None; LEVELS]);
        if self.seen_instances.insert(num_id) {
            for &(overridden, start) in &instance.start_overrides {
                if let (Some(count), Some(slot)) =
                    (counts.get_mut(overridden), starts.get_mut(overridden))
                {
                    *count = None;
                    *slot = Some(start);
                }
            }
        }
        let start_of = |index: usize| {
            starts
                .get(index)
                .copied()
                .flatten()
                .or_else(|| levels.get(index).map(Level::start))
                .unwrap_or(1)
        };
        let value = counts
            .get(level)
            .copied()
            .flatten()
            .map_or_else(|| start_of(level), |count| count.saturating_add(1));
        if let Some(slot) = counts.get_mut(level) {
            *slot = Some(value);
        }
        for (deeper, count) in counts.iter_mut().enumerate().skip(level + 1) {
            let restarts = match levels.get(deeper).and_then(|lower| lower.restart) {
                None => true,
                Some(restart_after) => (level as u32) < restart_after,
            };
            if restarts {
                *count = None;
            }
        }

        let format = definition.format.as_deref().unwrap_or("decimal");
        if format == "bullet" {
            // A bullet carries no label; drawing it would only add a character to match around.
            return None;
        }
        let pattern = definition.text.as_deref().unwrap_or_default();
        let mut label = String::new();
        let mut characters = pattern.chars().peekable();
        while let Some(character) = characters.next() {
            let referenced = characters
                .peek()
                .and_then(|next| next.to_digit(10))
                .filter(|digit| (1..=LEVELS as u32).contains(digit));
            match (character, referenced) {
                ('%', Some(digit)) => {
                    characters.next();
                    let index = digit as usize - 1;
                    let count = counts.get(index).copied().flatten();
                    let shown = count.unwrap_or_else(|| start_of(index));
                    let level_format = levels
                        .get(index)
                        .and_then(|referenced| referenced.format.as_deref())
                        .unwrap_or("decimal");
                    let level_format = if definition.legal {
                        "decimal"
                    } else {
                        level_format
                    };
                    label.push_str(&format_number(shown, level_format));
                }
                _ => label.push(character),
            }
        }
        if label.trim().is_empty() {
            return None;
        }
        // Word lays a tab out as white space up to the next stop; one space reads the same.
        if definition.suffix.as_deref() != Some("nothing") {
            label.push(' ');
        }
        Some(label)
    }
}

/// Letter labels repeat the letter (`AA` is 27), Roman numerals grow with the value: past these
/// values a damaged or hostile start value would make a label of megabytes, so it is written in
/// decimal instead. No real list comes near them.
const MAX_LETTER_VALUE: u32 = 26 * 4;
const MAX_ROMAN_VALUE: u32 = 3999;

/// `value` written in the `w:numFmt` number format `format`. Formats wenshen does not know are
/// written in decimal, which keeps the label a label.
pub(super) fn format_number(value: u32, format: &str) -> String {
    match format {
        "none" => String::new(),
        "decimalZero" => format!("{value:02}"),
        "decimalFullWidth" | "decimalFullWidth2" => value
            .to_string()
            .chars()
            .filter_map(|digit| char::from_u32(u32::from(digit) - u32::from('0') + 0xFF10))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&value) => {
            char::from_u32(0x2460 + value - 1).map_or_else(|| value.to_string(), String::from)
        }
        "upperLetter" | "lowerLetter" if (1..=MAX_LETTER_VALUE).contains(&value) => {
            let repeat = ((value - 1) / 26 + 1) as usize;
            let letter = char::from(b'A' + ((value - 1) % 26) as u8);
            let letters = letter.to_string().repeat(repeat);
            if format == "lowerLetter" {
                letters.to_lowercase()
            } else {
                letters
            }
        }
        "upperRoman" | "lowerRoman" if (1..=MAX_ROMAN_VALUE).contains(&value) => {
            let roman = roman(value);
            if format == "lowerRoman" {
                roman.to_lowercase()
            } else {
                roman
            }
        }
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => chinese_counting(value),
        "ideographTraditional" => cyclic(
            value,
            &["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"],
        ),
        "ideographZodiac" => cyclic(
            value,
            &[
                "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
            ],
        ),
        _ => value.to_string(),
    }
}

/// `一`…`九十九`, `一百零一`, `一千二百`: the numerals plans use for parts and sections. Values past
/// 9999 do not occur as list numbers and are written in decimal.
fn chinese_counting(value: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [(u32, &str); 4] = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    if value == 0 {
        return DIGITS[0].to_string();
    }
    if value > 9999 {
        return value.to_string();
    }
    let mut written = String::new();
    let mut zero_pending = false;
    for (unit, unit_name) in UNITS {
        let digit = (value / unit % 10) as usize;
        if digit == 0 {
            zero_pending = !written.is_empty();
            continue;
        }
        if zero_pending {
            written.push('零');
            zero_pending = false;
        }
        // 十一, not 一十一: the tens digit 1 is not written at the start of a number.
        if !(unit == 10 && digit == 1 && written.is_empty()) {
            written.push_str(DIGITS[digit]);
        }
        written.push_str(unit_name);
    }
    written
}

fn roman(value: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = value;
    let mut written = String::new();
    for (numeral_value, numeral) in NUMERALS {
        while rest >= numeral_value {
            written.push_str(numeral);
            rest -= numeral_value;
        }
    }
    written
}

/// Cyclic signs (天干 甲乙丙…, 地支 子丑寅…) start over after the last one, as Word writes them.
fn cyclic(value: u32, signs: &[&str]) -> String {
    let index = (value.max(1) - 1) as usize % signs.len().max(1);
    signs
        .get(index)
        .map_or_else(|| value.to_string(), |sign| sign.to_string())
}

#[derive(Default)]
struct NumberingReader {
    numbering: Numbering,
    /// The abstract definition being read: its id and levels so far.
    abstract_definition: Option<(u32, Vec<Level>)>,
    /// The level of the abstract definition being read.
    level: Option<usize>,
    /// The list instance being read.
    instance: Option<(u32, ListInstance)>,
    /// The level of the instance's `w:lvlOverride` being read.
    override_level: Option<usize>,
}

impl Visitor for NumberingReader {
    fn open(&mut self, name: &str, element: &BytesStart) {
        let level_attribute = || {
            xml::attribute(element, "ilvl")
                .and_then(|level| level.trim().parse::<usize>().ok())
                .filter(|level| *level < LEVELS)
        };
        match name {
            "abstractNum" => {
                self.abstract_definition = xml::attribute(element, "abstractNumId")
                    .and_then(|id| id.trim().parse().ok())
                    .map(|id| (id, vec![Level::default(); LEVELS]));
            }
            "num" => {
                self.instance = xml::attribute(element, "numId")
                    .and_then(|id| id.trim().parse().ok())
                    .map(|id| (id, ListInstance::default()));
            }
            // A `w:lvl` inside an instance's override replaces the whole level; rare enough that
            // only the start override is read, and the abstract definition's level is kept.
            "lvl" if self.abstract_definition.is_some() => self.level = level_attribute(),
            "lvlOverride" => self.override_level = level_attribute(),
            _ => {}
        }
        if let Some((_, instance)) = self.instance.as_mut() {
            match name {
                "abstractNumId" => instance.abstract_id = xml::number_value(element),
                "startOverride" => {
                    if let (Some(level), Some(start)) =
                        (self.override_level, xml::number_value(element))
                    {
                        instance.start_overrides.push((level, start));
                    }
                }
                _ => {}
            }
        }
        let Some(level) = self
            .abstract_definition
            .as_mut()
            .zip(self.level)
            .and_then(|((_, levels), level)| levels.get_mut(level))
        else {
            return;
        };
        match name {
            "start" => level.start = xml::number_value(element),
            // Newer files give a `custom` format with a decimal fallback beside it
            // (`mc:AlternateContent`); the fallback is the one wenshen can write.
            "numFmt"
                if level
                    .format
                    .as_deref()
                    .is_none_or(|format| format == "custom") =>
            {
                level.format = xml::attribute(element, "val");
            }
            "lvlText" => level.text = xml::attribute(element, "val"),
            "lvlRestart" => level.restart = xml::number_value(element),
            "isLgl" => level.legal = xml::is_on(element),
            "suff" => level.suffix = xml::attribute(element, "val"),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "abstractNum" => {
                if let Some((id, levels)) = self.abstract_definition.take() {
                    self.numbering.abstracts.insert(id, levels);
                }
                self.level = None;
            }
            "lvl" => self.level = None,
            "lvlOverride" => self.override_level = None,
            "num" => {
                if let Some((id, instance)) = self.instance.take() {
                    self.numbering.instances.insert(id, instance);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let cases = [
            (3, "decimal", "3"),
            (3, "decimalZero", "03"),
            (12, "decimalFullWidth", "１２"),
            (2, "decimalEnclosedCircle", "②"),
            (28, "upperLetter", "BB"),
            (4_000_000_000, "upperLetter", "4000000000"),
            (4_000_000_000, "upperRoman", "4000000000"),
            (4, "lowerRoman", "iv"),
            (1, "chineseCounting", "一"),
            (10, "chineseCounting", "十"),
            (17, "chineseCounting", "十七"),
            (20, "chineseCountingThousand", "二十"),
            (21, "chineseCountingThousand", "二十一"),
            (101, "chineseCountingThousand", "一百零一"),
            (110, "chineseCountingThousand", "一百一十"),
            (1005, "chineseCountingThousand", "一千零五"),
            (11, "ideographTraditional", "甲"),
            (5, "someNewFormat", "5"),
        ];
        for (value, format, expected) in cases {
            assert_eq!(format_number(value, format), expected, "{value} {format}");
        }
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlRestart w:val="0"/></w:lvl>
        <w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
        <w:lvl w:ilvl="4"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%5"/><w:isLgl/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="7"/>
        <w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    fn labels(sequence: &[(u32, u32)]) -> Vec<Option<String>> {
        let numbering = Numbering::parse(NUMBERING).expect("valid XML");
        let mut counters = Counters::new(&numbering);
        sequence
            .iter()
            .map(|&(num_id, level)| counters.next_label(num_id, level))
            .collect()
    }

    #[test]
    fn levels_count_reset_and_continue_like_word() {
        let got = labels(&[
            (1, 0),
            (1, 1),
            (1, 2),
            (1, 2),
            (1, 1),
            // Level 3 has lvlRestart 0: a new section does not restart it.
            (1, 2),
            // Instance 2 shares the abstract definition: it continues the list.
            (2, 0),
            (2, 1),
            // Instance 3 restarts level 3 at its first paragraph.
            (3, 2),
            (3, 2),
            (1, 3),
            (1, 4),
            (0, 0),
            (9, 0),
        ]);
        let expected = [
            Some("一、"),
            Some("（一） "),
            Some("1. "),
            Some("2. "),
            Some("（二） "),
            Some("3. "),
            Some("二、"),
            Some("（一） "),
            Some("1. "),
            Some("2. "),
            None,
            Some("2.1 "),
            None,
            None,
        ];
        assert_eq!(
            got,
            expected.map(|label| label.map(str::to_string)).to_vec()
        );
    }
}
