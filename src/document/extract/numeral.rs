//! Numbers as plans write them: Arabic digits (ASCII or full-width) and Chinese numerals.
//!
//! Chinese numerals come in two forms: positional (`十一`, `二十`, `一百零五`, `两千`) for counts
//! and labels, and digit by digit (`二〇二二`) for years. [`parse_number`] reads both.

/// Characters that can appear in a Chinese numeral, for building regular expressions: the digits
/// (with the look-alikes `○`/`Ｏ` that typists use for `〇`, and `两`) and the multipliers.
pub(crate) const CHINESE_NUMERAL_CHARS: &str = "〇零○Ｏ一二两兩三四五六七八九十百千万萬";

/// The value of an Arabic digit, ASCII `0`–`9` or full-width `０`–`９`.
pub(crate) fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese digit character. `○` (U+25CB) and `Ｏ` are accepted for `〇` because
/// typed years (`二○二二年`) use them far more often than the proper character.
fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' | '○' | 'Ｏ' => Some(0),
        '一' => Some(1),
        // 兩: the traditional character, in mirrors of plans.
        '二' | '两' | '兩' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn chinese_multiplier(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        '万' | '萬' => Some(10_000),
        _ => None,
    }
}

/// Parses a whole string (surrounding whitespace ignored) as a non-negative integer.
///
/// Accepts Arabic digits (`30`, full-width `３０`), positional Chinese numerals (`三十`, `十一`,
/// `一百零五`, `两万`) and digit-by-digit Chinese numerals (`二〇二二`). Returns `None` for anything
/// else, including mixed scripts (`3十`), malformed numerals (`十十`) and values above `u32::MAX`.
pub fn parse_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| arabic_digit(c).is_some()) {
        return s.chars().try_fold(0u32, |value, c| {
            value.checked_mul(10)?.checked_add(arabic_digit(c)?)
        });
    }
    if s.chars().any(|c| chinese_multiplier(c).is_some()) {
        parse_positional(s)
    } else {
        parse_digit_by_digit(s)
    }
}

/// `二〇二二` → 2022, `五` → 5. `两` only stands alone: it is never a digit inside a year.
fn parse_digit_by_digit(s: &str) -> Option<u32> {
    if s == "两" || s == "兩" {
        return Some(2);
    }
    s.chars().try_fold(0u32, |value, c| {
        if c == '两' || c == '兩' {
            return None;
        }
        value.checked_mul(10)?.checked_add(chinese_digit(c)?)
    })
}

/// `十一` → 11, `二十` → 20, `一百零五` → 105, `三万五千` → 35000.
///
/// Multipliers must fall within a 万 group (`五百三十`), a digit may not follow a digit except
/// after `零` (`一百零五`), and a bare leading `十` means ten (`十五`).
fn parse_positional(s: &str) -> Option<u32> {
    let mut total: u32 = 0;
    let mut group: u32 = 0;
    let mut pending_digit: Option<u32> = None;
    let mut last_multiplier = u32::MAX;
    let mut seen_wan = false;
    for c in s.chars() {
        if let Some(digit) = chinese_digit(c) {
            if digit == 0 {
                // 零 only holds a place (一百零五); the next digit may follow it directly.
                if pending_digit.is_some() {
                    return None;
                }
                continue;
            }
            if pending_digit.is_some() {
                return None;
            }
            pending_digit = Some(digit);
        } else if let Some(multiplier) = chinese_multiplier(c) {
            if multiplier == 10_000 {
                group = group.checked_add(pending_digit.take().unwrap_or(0))?;
                if seen_wan || group == 0 {
                    return None;
                }
                total = group.checked_mul(10_000)?;
                group = 0;
                last_multiplier = u32::MAX;
                seen_wan = true;
                continue;
            }
            if multiplier >= last_multiplier {
                return None;
            }
            let digit = match pending_digit.take() {
                Some(digit) => digit,
                // 十五 = 15; but 百五 is not a numeral.
                None if multiplier == 10 => 1,
                None => return None,
            };
            group = group.checked_add(digit.checked_mul(multiplier)?)?;
            last_multiplier = multiplier;
        } else {
            return None;
        }
    }
    group = group.checked_add(pending_digit.unwrap_or(0))?;
    total.checked_add(group)
}

/// Whether `s` is a Chinese numeral as used in labels (`一`, `十七`, `二十三`): non-empty, only
/// Chinese numeral characters, and well formed.
pub fn is_chinese_numeral_label(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| CHINESE_NUMERAL_CHARS.contains(c))
        && parse_number(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<u32>) {
        assert_eq!(parse_number(input), expected, "parse_number({input:?})");
    }

    #[test]
    fn arabic_numbers() {
        for (input, expected) in [
            ("0", Some(0)),
            ("7", Some(7)),
            ("15", Some(15)),
            ("048", Some(48)),
            ("２０", Some(20)),
            ("１5", Some(15)),
            (" 60 ", Some(60)),
            ("4294967295", Some(u32::MAX)),
            ("4294967296", None),
            ("", None),
            ("  ", None),
            ("1.5", None),
            ("-3", None),
            ("3十", None),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn positional_chinese_numbers() {
        for (input, expected) in [
            ("一", Some(1)),
            ("两", Some(2)),
            ("九", Some(9)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("十九", Some(19)),
            ("二十", Some(20)),
            ("四十八", Some(48)),
            ("九十九", Some(99)),
            ("一百", Some(100)),
            ("一百零八", Some(108)),
            ("三百二十", Some(320)),
            ("两百", Some(200)),
            ("兩萬", Some(20_000)),
            ("一千零一", Some(1001)),
            ("三万五千", Some(35_000)),
            ("十万", Some(100_000)),
            ("十十", None),
            ("百", None),
            ("一二十", None),
            ("十百", None),
            ("万万", None),
            ("三个", None),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn digit_by_digit_years() {
        for (input, expected) in [
            ("二〇二三", Some(2023)),
            ("二○一九", Some(2019)),
            ("二零二四", Some(2024)),
            ("一九九八", Some(1998)),
            ("〇", Some(0)),
            ("两两", None),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn labels() {
        for (input, expected) in [
            ("三", true),
            ("十四", true),
            ("二十一", true),
            ("", false),
            ("3", false),
            ("十十", false),
            ("（三）", false),
            ("三、", false),
        ] {
            assert_eq!(is_chinese_numeral_label(input), expected, "{input:?}");
        }
    }
}
