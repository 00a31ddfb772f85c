//! The matching view of a text: traditional characters read as simplified ones.
//!
//! Some plans arrive as traditional-character mirrors (責任單位, 完成時限). The parsers match one
//! vocabulary, so they search a view of the text in which each traditional character is replaced
//! by its simplified form. The replacement is character for character and keeps every byte
//! offset, so spans found in the view are spans of the original, and the model reports the text as
//! written.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Characters common in plans and in the extractors' phrases (`於`, `個`, `內`, `時限`) that exist
/// only in traditional writing; one of them is enough to make the conversion worth its cost.
const TRADITIONAL_MARKERS: &str = "責單時開關於務國區縣會發為與個級實進應當對體問題機構經濟們門計劃點內號過長達徵見讀復輿佈權聞訓聽匯報議補饋採領導績續堅態週決專萬兩數幾統後辦結";

/// One bit per character of the Basic Multilingual Plane, set for the markers.
static MARKER_BITS: LazyLock<[u64; 1024]> = LazyLock::new(|| {
    let mut bits = [0u64; 1024];
    for c in TRADITIONAL_MARKERS.chars() {
        let code = c as usize;
        bits[code / 64] |= 1 << (code % 64);
    }
    bits
});

/// Whether `text` holds a marker. Every marker is a three-byte character, so the bytes are read
/// directly rather than decoded character by character: every document's text is asked.
fn has_marker(text: &str) -> bool {
    let bits = &*MARKER_BITS;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at + 2 < bytes.len() {
        let lead = bytes[at];
        if lead < 0xE0 {
            at += 1;
        } else if lead >= 0xF0 {
            at += 4;
        } else {
            let code = (usize::from(lead & 0x0F) << 12)
                | (usize::from(bytes[at + 1] & 0x3F) << 6)
                | usize::from(bytes[at + 2] & 0x3F);
            if bits[(code >> 6) & 1023] & (1 << (code & 63)) != 0 {
                return true;
            }
            at += 3;
        }
    }
    false
}

/// The matching view of `text`: borrowed when it has no traditional characters.
pub fn matching_view(text: &str) -> Cow<'_, str> {
    if !has_marker(text) {
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

    proptest::proptest! {
        /// Reading the bytes finds a marker wherever decoding the characters would.
        #[test]
        fn markers_are_found_in_any_text(text in "[a-z1。，責任单位時限ü😀\\u{3000}-\\u{9fff}]{0,12}") {
            let by_characters = text.chars().any(|c| TRADITIONAL_MARKERS.contains(c));
            proptest::prop_assert_eq!(has_marker(&text), by_characters);
        }
    }

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
