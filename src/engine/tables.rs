//! Data the rule functions consult: the unit alias table and the typo list (both in
//! `rules/data/`), plus the helpers behind `duration()`, `number()`, `date()` (which call the
//! parser's extractors in `document::extract`, so that a rule reads a text as the parser does)
//! and `id_checksum()`.

use foldhash::{HashMap, HashMapExt};

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;

use crate::document::QuantityUnit;
use crate::document::extract::{date, numeral, quantity};
use crate::rules::syntax::ast::{Duration, DurationUnit};

const ALIASES: &str = include_str!("../../rules/data/unit-aliases.txt");
const TYPOS: &str = include_str!("../../rules/data/typos.txt");

/// The alias groups and the typo automaton, built once per run.
#[derive(Debug, Clone)]
pub struct Tables {
    canonical: HashMap<String, String>,
    typo_wrong: Vec<String>,
    typo_right: Vec<String>,
    /// Per pair, the correct words that contain its wrong form (`公平合理` for `平合`).
    typo_exceptions: Vec<Vec<String>>,
    typo_matcher: Option<AhoCorasick>,
}

/// A unit's name without a tail that adds unnamed others: `等部门`, `等有关单位`, `等`.
fn without_others(name: &str) -> &str {
    const TAILS: [&str; 7] = [
        "等有关部门",
        "等有关单位",
        "等相关部门",
        "等相关单位",
        "等部门",
        "等单位",
        "等",
    ];
    TAILS
        .iter()
        .find_map(|tail| name.strip_suffix(tail))
        .unwrap_or(name)
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

impl Tables {
    pub fn bundled() -> Tables {
        let mut canonical = HashMap::new();
        for line in data_lines(ALIASES) {
            let names: Vec<&str> = line
                .split('=')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            if let Some(first) = names.first() {
                for name in &names {
                    canonical.insert((*name).to_string(), (*first).to_string());
                }
            }
        }
        let mut typo_wrong = Vec::new();
        let mut typo_right = Vec::new();
        let mut typo_exceptions = Vec::new();
        for line in data_lines(TYPOS) {
            let (pair, exceptions) = line.split_once('!').unwrap_or((line, ""));
            if let Some((wrong, right)) = pair.trim().split_once(char::is_whitespace) {
                typo_wrong.push(wrong.trim().to_string());
                typo_right.push(right.trim().to_string());
                typo_exceptions.push(exceptions.split_whitespace().map(str::to_string).collect());
            }
        }
        let typo_matcher = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&typo_wrong)
            .ok();
        Tables {
            canonical,
            typo_wrong,
            typo_right,
            typo_exceptions,
            typo_matcher,
        }
    }

    /// Adds one alias group (canonical name first, as in `unit-aliases.txt`). A group that shares a
    /// name with a known group joins it, so a registry can add aliases to a bundled unit.
    pub fn add_unit_group(&mut self, names: &[String]) {
        let Some(first) = names.first() else {
            return;
        };
        let canonical = names
            .iter()
            .find_map(|name| self.canonical.get(name))
            .cloned()
            .unwrap_or_else(|| first.clone());
        for name in names {
            self.canonical.insert(name.clone(), canonical.clone());
        }
    }

    /// The full name of a unit's alias group, when it has one. A name ending in a tail that
    /// stands for further units (`市自然资源和规划局等部门`) names its first unit.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.canonical
            .get(name)
            .or_else(|| self.canonical.get(without_others(name)))
            .map(String::as_str)
    }

    /// The known typos in `text`: (byte range, wrong form).
    pub fn typos(&self, text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
        let Some(matcher) = &self.typo_matcher else {
            return Vec::new();
        };
        matcher
            .find_iter(text)
            .filter(|found| {
                let wrong = &self.typo_wrong[found.pattern().as_usize()];
                !self.typo_exceptions[found.pattern().as_usize()]
                    .iter()
                    .any(|word| covers(text, found.start(), word, wrong))
            })
            .map(|found| {
                (
                    found.range(),
                    self.typo_wrong[found.pattern().as_usize()].as_str(),
                )
            })
            .collect()
    }

    /// The right form of a known typo.
    pub fn correction(&self, wrong: &str) -> Option<&str> {
        self.typo_wrong
            .iter()
            .position(|w| w == wrong)
            .map(|index| self.typo_right[index].as_str())
    }
}

/// Whether `word`, a correct word containing `wrong`, is written in `text` around the `wrong` found
/// at byte `at`.
fn covers(text: &str, at: usize, word: &str, wrong: &str) -> bool {
    word.match_indices(wrong).any(|(offset, _)| {
        at.checked_sub(offset)
            .and_then(|start| text.get(start..))
            .is_some_and(|rest| rest.starts_with(word))
    })
}

/// Reads the first number in `text`, written with Arabic digits (`30`, `４`, `4.5`) or Chinese
/// numerals (`三十`, `两`, `一百二十`, `二〇二二`), through the parser's numeral reader, so that a rule
/// and the parser read the same text as the same number: the longest numeral from the first
/// character that reads as one.
pub fn parse_number(text: &str) -> Option<f64> {
    let reads = |piece: &str| numeral::parse_number(piece).is_some();
    let (start, _) = text
        .char_indices()
        .find(|(at, c)| reads(&text[*at..*at + c.len_utf8()]))?;
    let rest = &text[start..];
    // The longest prefix that reads (`一百零五` reads though `一百零` does not); numbers are short.
    let longest = rest
        .char_indices()
        .map(|(at, c)| at + c.len_utf8())
        .take(24)
        .filter(|end| reads(&rest[..*end]))
        .last()?;
    let whole = numeral::parse_number(&rest[..longest]).map(f64::from)?;
    // A decimal part in Arabic digits (`4.5`, `0.5`), which the numeral reader leaves to the caller.
    let after = &rest[longest..];
    let fraction: String = after
        .strip_prefix('.')
        .map(|digits| digits.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    if fraction.is_empty() {
        return Some(whole);
    }
    format!("{}.{fraction}", &rest[..longest])
        .parse()
        .ok()
        .or(Some(whole))
}

/// Reads a period as written in Chinese text (`30日`, `30天`, `10个工作日`, `5小时`, `3个月`,
/// `两个月`) through the parser's quantity extractor: the first duration in `text`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    quantity::find_quantities(text)
        .into_iter()
        .find_map(|found| {
            let unit = match found.unit {
                QuantityUnit::Day => DurationUnit::Day,
                QuantityUnit::Workday => DurationUnit::Workday,
                QuantityUnit::Hour => DurationUnit::Hour,
                QuantityUnit::Month => DurationUnit::Month,
                QuantityUnit::Times | QuantityUnit::Percent => return None,
            };
            Some(Duration {
                amount: found.value,
                unit,
            })
        })
}

/// Reads the first calendar date in `text` (`2022年8月19日`, `2022-08-19`, `2022.8.19`,
/// `二〇二二年八月十九日`) through the parser's date reader; `None` when there is none (a date
/// without a year included).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    date::find_dates(text)
        .into_iter()
        .next()
        .map(|(_, found)| found)
}

/// Reads the last day of the first period in `text` (`2022年9月1日至9月16日` → 2022-09-16, the
/// year and month of an end that omits them taken from the start) through the parser's date
/// reader; `None` when the text holds no period.
pub fn parse_end_date(text: &str) -> Option<NaiveDate> {
    date::find_date_ranges(text)
        .into_iter()
        .next()
        .map(|range| range.end.1)
}

/// Whether an 18-character resident ID number has a valid GB 11643-1999 check character.
pub fn id_checksum(text: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let chars: Vec<char> = text.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, weight) in chars.iter().zip(WEIGHTS) {
        match c.to_digit(10) {
            Some(digit) => sum += digit * weight,
            None => return false,
        }
    }
    CHECK[(sum % 11) as usize] == chars[17].to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    #[test]
    fn numbers_in_both_scripts() {
        assert_eq!(parse_number("不少于30日"), Some(30.0));
        assert_eq!(parse_number("三十日"), Some(30.0));
        assert_eq!(parse_number("十五个工作日"), Some(15.0));
        assert_eq!(parse_number("二十"), Some(20.0));
        assert_eq!(parse_number("一百二十"), Some(120.0));
        assert_eq!(parse_number("４%"), Some(4.0));
        assert_eq!(parse_number("无"), None);
        // Read as the parser reads them: digit by digit, a decimal part, a zero inside.
        assert_eq!(parse_number("二〇二二年"), Some(2022.0));
        assert_eq!(parse_number("权重4.5%"), Some(4.5));
        assert_eq!(parse_number("一百零五"), Some(105.0));
    }

    /// A number as the text of a plan may write it: Arabic, full-width, or Chinese digit by
    /// digit (`二〇二二`).
    fn written(value: u32, form: u8) -> String {
        let digits = value.to_string();
        match form % 3 {
            0 => digits,
            1 => digits
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
            _ => digits
                .chars()
                .map(|c| {
                    "〇一二三四五六七八九"
                        .chars()
                        .nth(c as usize - '0' as usize)
                        .unwrap_or(c)
                })
                .collect(),
        }
    }

    proptest::proptest! {
        /// The rule functions and the parser read the same text as the same value.
        #[test]
        fn the_rule_functions_agree_with_the_parser(
            value in 1u32..100_000,
            form in 0u8..3,
            unit in proptest::sample::select(vec!["日", "天", "个工作日", "小时", "个月"]),
            year in 2000i32..2040,
            month in 1u32..13,
            day in 1u32..29,
        ) {
            let number = written(value, form);
            proptest::prop_assert_eq!(
                parse_number(&format!("不少于{number}")),
                numeral::parse_number(&number).map(f64::from)
            );
            let period = format!("{number}{unit}");
            let parsed = quantity::find_quantities(&period).first().map(|found| found.value);
            proptest::prop_assert_eq!(parse_duration(&period).map(|d| d.amount), parsed);
            let text = format!("于{}年{}月{}日前", written(year as u32, form), month, day);
            let parsed = date::find_dates(&text).first().map(|(_, found)| *found);
            proptest::prop_assert_eq!(parse_date(&text), parsed);
            let plain = format!("于{year}年{month}月{day}日前");
            proptest::prop_assert_eq!(parse_date(&plain), NaiveDate::from_ymd_opt(year, month, day));
        }

        /// A consultation period's last day is the same through the notice parser
        /// (`doc.consultation_end`) and `end_date()`, whether the end writes its year, only its
        /// month and day, or only its day.
        #[test]
        fn a_periods_end_is_the_same_for_the_parser_and_end_date(
            year in 2000i32..2040,
            month in 1u32..13,
            day in 1u32..29,
            length in 1i64..60,
            omitted in 0u8..3,
            form in 0u8..3,
        ) {
            let start = NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
            let end = start + chrono::Duration::days(length);
            // Years digit by digit in any form; months and days in Arabic or full-width digits
            // (`二〇二二年`, but `12月`, not `一二月`).
            let write_year = |value: i32| written(value.unsigned_abs(), form);
            let write = |value: u32| written(value, form % 2);
            let month_day = format!("{}月{}日", write(end.month()), write(end.day()));
            let end_text = match omitted {
                0 => format!("{}年{month_day}", write_year(end.year())),
                1 => month_day,
                _ if end.month() == start.month() => format!("{}日", write(end.day())),
                _ => month_day,
            };
            let period = format!(
                "{}年{}月{}日至{end_text}",
                write_year(year),
                write(month),
                write(day)
            );
            let notice = format!(
                "某市人民政府办公室关于公开征求意见的通知\n\n各有关单位：\n\n征求意见时间为{period}。\n\n某市人民政府办公室\n{year}年{month}月{day}日\n"
            );
            let document = crate::document::parse(&crate::source::SourceFile::from_text("n.txt", notice));
            let parsed = document.doc.consultation_end.and_then(|field| field.date);
            proptest::prop_assert_eq!(parse_end_date(&period), Some(end));
            proptest::prop_assert_eq!(parsed, Some(end));
        }
    }

    #[test]
    fn durations_as_written() {
        let workdays = parse_duration("10个工作日");
        assert_eq!(
            workdays.map(|d| (d.amount, d.unit)),
            Some((10.0, DurationUnit::Workday))
        );
        assert_eq!(
            parse_duration("5小时").map(|d| d.unit),
            Some(DurationUnit::Hour)
        );
        assert_eq!(
            parse_duration("30天").map(|d| d.unit),
            Some(DurationUnit::Day)
        );
        assert_eq!(
            parse_duration("3个月").map(|d| d.unit),
            Some(DurationUnit::Month)
        );
    }

    #[test]
    fn dates_as_written() {
        assert_eq!(
            parse_date("2022年8月19日"),
            NaiveDate::from_ymd_opt(2022, 8, 19)
        );
        assert_eq!(
            parse_date("2022 年 4 月 28 日"),
            NaiveDate::from_ymd_opt(2022, 4, 28)
        );
        assert_eq!(
            parse_date("2022-10-14"),
            NaiveDate::from_ymd_opt(2022, 10, 14)
        );
        assert_eq!(parse_date("8月19日"), None);
        assert_eq!(
            parse_date("二〇二二年八月十九日"),
            NaiveDate::from_ymd_opt(2022, 8, 19)
        );
        assert_eq!(parse_date("2022年2月30日"), None);
    }

    #[test]
    fn id_numbers_checksum() {
        assert!(id_checksum("11010519491231002X"));
        assert!(!id_checksum("110105194912310021"));
        assert!(!id_checksum("1101051949123100"));
    }

    #[test]
    fn tables_load() {
        let tables = Tables::bundled();
        assert_eq!(tables.canonical("市卫健委"), Some("市卫生健康委员会"));
        assert_eq!(
            tables.canonical("市卫生健康局"),
            tables.canonical("市卫健委")
        );
        assert_eq!(tables.typos("统一平合建设"), vec![(6..12, "平合")]);
        assert_eq!(tables.correction("平合"), Some("平台"));
    }

    /// Correct official sentences that contain a pair's wrong form inside a word.
    #[test]
    fn typo_pairs_never_fire_inside_correct_words() {
        let tables = Tables::bundled();
        for sentence in [
            "坚持公平合理、公开透明的原则，保障各类市场主体公平竞争。",
            "全面提升政务服务水平合理配置公共资源。",
            "对特种设备按照规定进行定期检验。",
            "各单位要做好准备按时报送材料。",
            "对违法行为依法进行查处。",
            "市政府全部著录信息已归档。",
        ] {
            assert_eq!(tables.typos(sentence), Vec::new(), "{sentence}");
        }
        assert_eq!(
            tables.typos("加强公平合理的政务平合建设，规范性文件及时报送备按。"),
            vec![(27..33, "平合"), (69..75, "备按")]
        );
    }

    #[test]
    fn unit_groups_extend_the_bundled_table() {
        let mut tables = Tables::bundled();
        tables.add_unit_group(&["市数据局".to_string(), "市数局".to_string()]);
        assert_eq!(tables.canonical("市数局"), Some("市数据局"));
        assert_eq!(
            tables.canonical("市自然资源和规划局等部门"),
            tables.canonical("市资规局")
        );
        assert!(tables.canonical("市资规局").is_some());
        assert_eq!(tables.canonical("等部门"), None);
        // A name of a bundled group joins that group under its bundled canonical name.
        tables.add_unit_group(&["市人力资源和社会保障局".to_string(), "市人保局".to_string()]);
        assert_eq!(tables.canonical("市人保局"), tables.canonical("市人社局"));
    }
}
