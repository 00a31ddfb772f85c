//! The matching view of a text: traditional characters read as simplified ones.
//!
//! Some plans arrive as traditional-character mirrors (責任單位, 完成時限). The parsers match one
//! vocabulary, so they search a view of the text in which each traditional character is replaced
//! by its simplified form. The replacement is character for character and keeps every byte
//! offset, so spans found in the view are spans of the original, and the model reports the text as
//! written.

use std::borrow::Cow;

/// Characters common in plans and in the extractors' phrases (`於`, `個`, `內`, `時限`) that exist
/// only in traditional writing; one of them is enough to make the conversion worth its cost. A
/// `match` rather than a string search: the parser asks this of every character it reads.
fn is_traditional_marker(c: char) -> bool {
    matches!(
        c,
        '責' | '單'
            | '時'
            | '開'
            | '關'
            | '於'
            | '務'
            | '國'
            | '區'
            | '縣'
            | '會'
            | '發'
            | '為'
            | '與'
            | '個'
            | '級'
            | '實'
            | '進'
            | '應'
            | '當'
            | '對'
            | '體'
            | '問'
            | '題'
            | '機'
            | '構'
            | '經'
            | '濟'
            | '們'
            | '門'
            | '計'
            | '劃'
            | '點'
            | '內'
            | '號'
            | '過'
            | '長'
            | '達'
            | '徵'
            | '見'
            | '讀'
            | '復'
            | '輿'
            | '佈'
            | '權'
            | '聞'
            | '訓'
            | '聽'
            | '匯'
            | '報'
            | '議'
            | '補'
            | '饋'
            | '採'
            | '領'
            | '導'
            | '績'
            | '續'
            | '堅'
            | '態'
            | '週'
            | '決'
            | '專'
            | '萬'
            | '兩'
            | '數'
            | '幾'
            | '統'
            | '後'
            | '辦'
            | '結'
    )
}

/// The matching view of `text`: borrowed when it has no traditional characters.
pub fn matching_view(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_traditional_marker) {
        return Cow::Borrowed(text);
    }
    let converted = simplet2s::convert(text);
    if converted.len() == text.len() && converted.chars().count() == text.chars().count() {
        return Cow::Owned(converted);
    }
    // Keep a character where its simplified form would change the byte length.
    let mut view = String::with_capacity(text.len());
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        let simplified = simplet2s::convert(c.encode_utf8(&mut buffer));
        if simplified.len() == c.len_utf8() && simplified.chars().count() == 1 {
            view.push_str(&simplified);
        } else {
            view.push(c);
        }
    }
    Cow::Owned(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_text_is_borrowed() {
        assert!(matches!(
            matching_view("责任单位：市财政局"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn words_written_alike_in_both_scripts_stay() {
        // 覆 is simplified too (覆盖); only 復 reads as 复.
        assert_eq!(matching_view("全覆蓋，答復"), "全覆盖，答复");
        assert_eq!(matching_view("10個工作日內"), "10个工作日内");
    }

    #[test]
    fn traditional_text_keeps_its_offsets() {
        let text = "（責任單位：市財政局；完成時限：年底前）";
        let view = matching_view(text);
        assert_eq!(view, "（责任单位：市财政局；完成时限：年底前）");
        assert_eq!(view.len(), text.len());
    }
}
