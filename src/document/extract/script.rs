//! Traditional-character text (`於2022年7月20日前`, `不少於30日`, `10個工作日內`) read with the
//! simplified patterns.
//!
//! Plans are republished as traditional-character mirrors. Rather than doubling every pattern,
//! the extractors fold the few traditional characters their patterns and word lists use to
//! simplified ones. Every pair is a three-byte CJK character on both sides, so the folded text has
//! the same byte offsets as the original and ranges found in it slice the original.

use std::borrow::Cow;

/// (traditional, simplified): the characters of the extractors' patterns and word lists that
/// differ between the scripts.
const TRADITIONAL_TO_SIMPLIFIED: &[(char, char)] = &[
    ('於', '于'),
    ('內', '内'),
    ('個', '个'),
    ('時', '时'),
    ('號', '号'),
    ('過', '过'),
    ('長', '长'),
    ('達', '达'),
    ('應', '应'),
    ('徵', '征'),
    ('見', '见'),
    ('讀', '读'),
    ('覆', '复'),
    ('復', '复'),
    ('輿', '舆'),
    ('發', '发'),
    ('佈', '布'),
    ('權', '权'),
    ('聞', '闻'),
    ('會', '会'),
    ('訓', '训'),
    ('聽', '听'),
    ('匯', '汇'),
    ('報', '报'),
    ('議', '议'),
    ('務', '务'),
    ('開', '开'),
    ('補', '补'),
    ('饋', '馈'),
    ('採', '采'),
    ('領', '领'),
    ('導', '导'),
    ('績', '绩'),
    ('續', '续'),
    ('進', '进'),
    ('堅', '坚'),
    ('態', '态'),
    ('經', '经'),
    ('週', '周'),
    ('決', '决'),
    ('劃', '划'),
    ('單', '单'),
    ('專', '专'),
    ('萬', '万'),
    ('兩', '两'),
    ('當', '当'),
    ('數', '数'),
    ('幾', '几'),
    ('統', '统'),
    ('後', '后'),
    ('辦', '办'),
    ('結', '结'),
];

fn simplified(c: char) -> char {
    TRADITIONAL_TO_SIMPLIFIED
        .iter()
        .find(|(traditional, _)| *traditional == c)
        .map_or(c, |(_, simplified)| *simplified)
}

/// `text` with the traditional characters the extractors know folded to simplified ones; byte
/// offsets are unchanged. Borrows when there is nothing to fold.
pub(crate) fn fold_traditional(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| simplified(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(simplified).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_keeps_byte_offsets() {
        for (traditional, simplified) in TRADITIONAL_TO_SIMPLIFIED {
            assert_eq!(
                traditional.len_utf8(),
                simplified.len_utf8(),
                "{traditional} → {simplified}"
            );
        }
    }

    #[test]
    fn folds_only_known_characters() {
        for (input, expected) in [
            ("於2023年5月1日前", "于2023年5月1日前"),
            ("不少於15個工作日", "不少于15个工作日"),
            ("48小時內回應輿情", "48小时内回应舆情"),
            ("already simplified 年内", "already simplified 年内"),
            ("", ""),
        ] {
            let folded = fold_traditional(input);
            assert_eq!(folded, expected, "{input:?}");
            assert_eq!(folded.len(), input.len());
        }
    }
}
