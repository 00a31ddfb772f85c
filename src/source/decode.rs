//! Bytes → text: BOM sniffing, encoding detection, strict decoding, line-ending normalization.
//!
//! Decoding is strict everywhere: a replacement character would silently change the text that spans
//! and findings point at, so an encoding is only accepted when every byte decodes.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, DecoderResult, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use super::{SourceError, SourceFile, docx};

/// A share of control characters above this (in per cent) marks a file without NUL bytes as binary.
/// Text exported from Word or PDF carries at most a stray form feed or two; binary formats such as
/// compressed archives are full of them.
const BINARY_CONTROL_PERCENT: usize = 10;

/// How many bytes of a file without a BOM that is not UTF-8 chardetng reads to choose between Big5
/// and GB18030: about 680 Chinese characters.
const DETECTION_SAMPLE: usize = 2 * 1024;

/// Decodes the bytes of a file named `name` into a [`SourceFile`].
///
/// Order of decisions: empty → PDF (read by the `pdf` module) → Office formats wenshen cannot read (`.doc`, `.wps`, encrypted, RTF)
/// → zip (a Word document, read by the `docx` module) → BOM (UTF-8, UTF-16LE/BE) → binary → strict
/// UTF-8 → the East Asian encoding `chardetng` guesses (Big5) → GB18030 (which also covers GBK).
/// CRLF and lone CR become LF. The recorded encoding is one of `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`,
/// `UTF-16BE`, `GB18030`, `Big5`, `DOCX`, `HTML`, `PDF`.
pub fn decode(name: &str, bytes: &[u8]) -> Result<SourceFile, SourceError> {
    if bytes.is_empty() {
        return Err(SourceError::Empty {
            name: name.to_string(),
            detail: "（0 字节）",
        });
    }

    // Signatures first: a Word document is a zip and would otherwise be refused as binary, and
    // a PDF is binary too.
    if super::pdf::is_pdf(name, bytes) {
        return super::pdf::decode(name, bytes);
    }
    if let Some(error) = docx::legacy_office(name, bytes) {
        return Err(error);
    }
    if docx::is_zip(bytes) {
        return docx::decode(name, bytes);
    }

    let (text, encoding) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => {
            let body = bytes.get(bom_length..).unwrap_or_default();
            let text = decode_strictly(encoding, body).map_err(|malformed| {
                undecodable(name, bytes, malformed.shifted(bom_length), encoding)
            })?;
            // UTF-16 text is full of NUL bytes, so for BOM files the binary check looks at the
            // decoded characters instead of the raw bytes.
            if let Some(evidence) = binary_evidence_in_text(&text) {
                return Err(binary(name, evidence));
            }
            let name_with_bom = if encoding == UTF_8 {
                "UTF-8 (BOM)"
            } else {
                encoding_name(encoding)
            };
            (text, name_with_bom)
        }
        None => {
            if let Some(evidence) = binary_evidence_in_bytes(bytes) {
                return Err(binary(name, evidence));
            }
            detect_and_decode(name, bytes)?
        }
    };

    let text = normalize_line_endings(text);
    if text.len() > super::MAX_TEXT_BYTES {
        return Err(SourceError::too_large(name, "解码后的文字"));
    }
    if text.chars().all(char::is_whitespace) {
        return Err(SourceError::Empty {
            name: name.to_string(),
            detail: "（只有空白字符）",
        });
    }
    // A web page: its text and tables, not its markup (see `html`).
    if super::html::is_html(name, &text) {
        let page = super::html::read(&text);
        if page.text.chars().all(char::is_whitespace) {
            return Err(SourceError::Empty {
                name: name.to_string(),
                detail: "（网页中没有正文）",
            });
        }
        return Ok(SourceFile {
            name: name.to_string(),
            text: page.text,
            encoding: HTML_ENCODING,
            notes: Vec::new(),
            unmerged_cells: page.unmerged_cells,
            word_places: Vec::new(),
            pages: Vec::new(),
        });
    }
    Ok(SourceFile {
        name: name.to_string(),
        text,
        encoding,
        notes: Vec::new(),
        unmerged_cells: Vec::new(),
        word_places: Vec::new(),
        pages: Vec::new(),
    })
}

/// The encoding recorded for a web page, whatever bytes its text was decoded from.
pub const HTML_ENCODING: &str = "HTML";

/// Replaces CRLF, lone CR (old Mac files, some PDF extractions) and the other line breaks some
/// converters write between lines (vertical tab, NEL, the Unicode line and paragraph separators)
/// with LF, so that every later stage sees one line ending and spans index the normalized text.
pub(crate) fn normalize_line_endings(text: String) -> String {
    // Vectorized byte searches rather than a look at every character: one for CR, vertical tab
    // and the first byte of NEL (C2, rare in Chinese text), one for each separator.
    let bytes = text.as_bytes();
    let has_break = memchr::memchr3(b'\r', b'\x0b', 0xC2, bytes)
        .is_some_and(|_| text.contains(['\r', '\u{b}', '\u{85}']))
        || memchr::memmem::find(bytes, "\u{2028}".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "\u{2029}".as_bytes()).is_some();
    if !has_break {
        return text;
    }
    text.replace("\r\n", "\n")
        .replace(['\r', '\u{b}', '\u{85}', '\u{2028}', '\u{2029}'], "\n")
}

/// Decodes a file without a BOM: strict UTF-8 first, then the legacy Chinese encodings.
fn detect_and_decode(name: &str, bytes: &[u8]) -> Result<(String, &'static str), SourceError> {
    let utf8_failure = match decode_strictly(UTF_8, bytes) {
        Ok(text) => return Ok((text, "UTF-8")),
        Err(malformed) => malformed,
    };

    // GB18030 and Big5 share byte ranges, so both often decode the same bytes cleanly; chardetng's
    // character statistics decide between them. GB18030 is tried even when chardetng guesses an
    // unsupported encoding: on short Chinese snippets it sometimes says EUC-KR or windows-125x, and a
    // clean strict GB18030 decode is strong evidence on its own (Latin or Cyrillic text fails it).
    // The statistics are only asked for when Big5 decodes the file or nothing does: they cost
    // many times a strict decode of the whole file, and a file Big5 refuses is GB18030 or
    // nothing whatever they say.
    let guess_is_big5 = || guess(bytes) == BIG5;
    let big5_failure = match decode_strictly(BIG5, bytes) {
        Ok(text) if guess_is_big5() => return Ok((text, encoding_name(BIG5))),
        decoded => decoded.err(),
    };
    let gb18030_failure = match decode_strictly(GB18030, bytes) {
        Ok(text) => return Ok((text, encoding_name(GB18030))),
        Err(malformed) => malformed,
    };
    let mut failures = vec![(utf8_failure, UTF_8)];
    if let Some(malformed) = big5_failure
        && guess_is_big5()
    {
        failures.push((malformed, BIG5));
    }
    failures.push((gb18030_failure, GB18030));

    // Report the position in the encoding the file was most likely meant to be in. Well-formed UTF-8
    // multi-byte sequences are rare by chance in legacy text, so a few of them before the error
    // mean UTF-8; otherwise the encoding that decoded the most bytes before failing is the best bet,
    // the earlier (more common) one on ties.
    let looks_like_utf8 = std::str::from_utf8(bytes.get(..utf8_failure.offset).unwrap_or_default())
        .is_ok_and(|prefix| {
            prefix
                .chars()
                .filter(|character| !character.is_ascii())
                .nth(2)
                .is_some()
        });
    let (malformed, encoding) = if looks_like_utf8 {
        (utf8_failure, UTF_8)
    } else {
        failures
            .into_iter()
            .fold((utf8_failure, UTF_8), |best, next| {
                if next.0.offset > best.0.offset {
                    next
                } else {
                    best
                }
            })
    };
    Err(undecodable(name, bytes, malformed, encoding))
}

/// chardetng's guess for a file without a BOM that is not UTF-8. The statistics settle within a
/// few thousand characters (feeding the whole file made detection cost as much as parsing it), so
/// it reads a sample that starts at the first non-ASCII byte (a lead byte, since ASCII precedes
/// it), so that a long ASCII header cannot crowd the Chinese text out of it.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let first_non_ascii = bytes.iter().position(|byte| !byte.is_ascii()).unwrap_or(0);
    let rest = bytes.get(first_non_ascii..).unwrap_or(bytes);
    let sample = rest.get(..DETECTION_SAMPLE).unwrap_or(rest);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == rest.len());
    detector.guess(None, Utf8Detection::Deny)
}

/// Where strict decoding stopped: the first invalid byte sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Malformed {
    offset: usize,
    length: usize,
}

impl Malformed {
    /// The same position counted from `prefix` bytes earlier (the BOM).
    fn shifted(self, prefix: usize) -> Malformed {
        Malformed {
            offset: self.offset + prefix,
            ..self
        }
    }
}

/// Decodes all of `bytes` as `encoding` (no BOM handling) or reports the first malformed sequence.
fn decode_strictly(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, Malformed> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let mut consumed = 0;
    loop {
        let remaining = bytes.get(consumed..).unwrap_or_default();
        let (result, read) =
            decoder.decode_to_string_without_replacement(remaining, &mut text, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            // Only reachable if the capacity estimate overflowed; grow and go on.
            DecoderResult::OutputFull => text.reserve(remaining.len().max(16)),
            DecoderResult::Malformed(bad_length, consumed_after_bad) => {
                let end = consumed.saturating_sub(usize::from(consumed_after_bad));
                let length = usize::from(bad_length);
                return Err(Malformed {
                    offset: end.saturating_sub(length),
                    length,
                });
            }
        }
    }
}

fn undecodable(
    name: &str,
    bytes: &[u8],
    malformed: Malformed,
    encoding: &'static Encoding,
) -> SourceError {
    // At least one byte is shown, also for a sequence cut off by the end of the file.
    let shown_end = (malformed.offset + malformed.length.max(1)).min(bytes.len());
    let bad_bytes = bytes
        .get(malformed.offset..shown_end)
        .unwrap_or_default()
        .iter()
        .map(|byte| format!("0x{byte:02X}"))
        .collect::<Vec<_>>()
        .join(" ");
    SourceError::Undecodable {
        name: name.to_string(),
        line: line_of_offset(bytes, malformed.offset, encoding),
        offset: malformed.offset,
        bad_bytes,
        tried: encoding_name(encoding),
    }
}

/// The 1-based line holding byte `offset` of the raw file, so that a person can find the bad bytes
/// in an editor. LF, CRLF and lone CR each end a line, as after normalization.
fn line_of_offset(bytes: &[u8], offset: usize, encoding: &'static Encoding) -> usize {
    let prefix = bytes.get(..offset).unwrap_or(bytes);
    // In UTF-16 a line break is a 16-bit unit; in the other encodings an ASCII byte, which never
    // occurs inside a multi-byte character (GB18030 and Big5 trail bytes start at 0x30 and 0x40).
    let units: Vec<u16> = if encoding == UTF_16LE {
        prefix
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect()
    } else if encoding == UTF_16BE {
        prefix
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect()
    } else {
        prefix.iter().map(|&byte| u16::from(byte)).collect()
    };
    let (line_feed, carriage_return) = (u16::from(b'\n'), u16::from(b'\r'));
    let mut breaks = 0;
    let mut previous = None;
    for &unit in &units {
        let ends_line =
            unit == carriage_return || (unit == line_feed && previous != Some(carriage_return));
        breaks += usize::from(ends_line);
        previous = Some(unit);
    }
    breaks + 1
}

/// The name recorded in [`SourceFile::encoding`] for text decoded with `encoding` (without a BOM).
fn encoding_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else if encoding == BIG5 {
        "Big5"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else {
        "UTF-8"
    }
}

fn binary(name: &str, evidence: String) -> SourceError {
    SourceError::Binary {
        name: name.to_string(),
        evidence,
    }
}

/// A C0 control or DEL that plain text does not carry. Tab, line feed, vertical tab, form feed (page
/// breaks in exported text), carriage return and escape (colour codes in logs) are text.
fn is_binary_control(byte: u8) -> bool {
    (byte < 0x20 || byte == 0x7F) && !matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1B)
}

fn binary_evidence_in_bytes(bytes: &[u8]) -> Option<String> {
    // `contains` searches with memchr; nearly every file has no NUL byte.
    if bytes.contains(&0)
        && let Some(offset) = bytes.iter().position(|&byte| byte == 0)
    {
        let hint = if looks_like_utf16_without_bom(bytes) {
            "，看起来是不带 BOM 的 UTF-16，请另存为 UTF-8"
        } else {
            ""
        };
        return Some(format!("字节偏移 {offset} 处有 NUL 字节{hint}"));
    }
    let controls = bytes
        .iter()
        .filter(|&&byte| is_binary_control(byte))
        .count();
    control_share_evidence(controls, bytes.len())
}

/// UTF-16 without a BOM is not decoded (nothing says which byte order it has), but it deserves a
/// better message than "binary": its NUL bytes, the high halves of ASCII characters such as line
/// breaks and digits, sit on the same side of each byte pair, where binary formats scatter them. A few
/// CJK characters (U+4E00 `一`) put a NUL on the other side, so three quarters is the bar, not all.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let (mut even, mut odd) = (0usize, 0usize);
    for (index, _) in bytes.iter().enumerate().filter(|(_, byte)| **byte == 0) {
        if index % 2 == 0 {
            even += 1;
        } else {
            odd += 1;
        }
    }
    bytes.len().is_multiple_of(2) && even + odd >= 2 && even.max(odd) * 4 >= (even + odd) * 3
}

fn binary_evidence_in_text(text: &str) -> Option<String> {
    if let Some(index) = text.find('\0') {
        return Some(format!("解码后的字节偏移 {index} 处有 NUL 字符"));
    }
    let controls = text
        .chars()
        .filter(|&character| u8::try_from(character).is_ok_and(is_binary_control))
        .count();
    let total = text.chars().count();
    control_share_evidence(controls, total)
}

fn control_share_evidence(controls: usize, total: usize) -> Option<String> {
    (controls * 100 > total * BINARY_CONTROL_PERCENT).then(|| {
        let percent = controls * 100 / total.max(1);
        format!("控制字符占 {percent}%（{controls}/{total}）")
    })
}

#[cfg(test)]
mod tests {
    use miette::Diagnostic;

    use super::*;

    const PLAN: &str =
        "一、总体要求\r\n（一）加强政策解读。\r\n1. 不少于30日（责任单位：县政府办公室）\r\n";
    const PLAN_LF: &str =
        "一、总体要求\n（一）加强政策解读。\n1. 不少于30日（责任单位：县政府办公室）\n";

    fn decoded(bytes: &[u8]) -> (String, &'static str) {
        let source = decode("plan.txt", bytes).expect("decodes");
        (source.text, source.encoding)
    }

    fn error(bytes: &[u8]) -> SourceError {
        decode("dir/plan.txt", bytes).expect_err("fails")
    }

    fn code(error: &SourceError) -> String {
        error
            .code()
            .map(|code| code.to_string())
            .unwrap_or_default()
    }

    fn with_bom(bom: &[u8], body: &[u8]) -> Vec<u8> {
        [bom, body].concat()
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| {
                if little_endian {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn every_supported_encoding_gives_the_same_text() {
        let gb18030 = GB18030.encode(PLAN).0.into_owned();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (PLAN.as_bytes().to_vec(), "UTF-8"),
            (with_bom(b"\xEF\xBB\xBF", PLAN.as_bytes()), "UTF-8 (BOM)"),
            (with_bom(b"\xFF\xFE", &utf16(PLAN, true)), "UTF-16LE"),
            (with_bom(b"\xFE\xFF", &utf16(PLAN, false)), "UTF-16BE"),
            (gb18030, "GB18030"),
        ];
        for (bytes, encoding) in cases {
            assert_eq!(decoded(&bytes), (PLAN_LF.to_string(), encoding));
        }
    }

    #[test]
    fn big5_is_chosen_when_chardetng_sees_traditional_characters() {
        let text =
            "二、深化重點領域資訊公開。各縣市政府應於每年十月底前完成，並加強政策解讀與回應關切。";
        let bytes = BIG5.encode(text).0.into_owned();
        assert_eq!(decoded(&bytes), (text.to_string(), "Big5"));
    }

    #[test]
    fn big5_after_a_long_ascii_header_is_still_big5() {
        let text =
            "二、深化重點領域資訊公開。各縣市政府應於每年十月底前完成，並加強政策解讀與回應關切。";
        let header = "Content-Type: text/plain; source=http://www.example.gov.tw/\n".repeat(100);
        let bytes = [header.as_bytes(), &BIG5.encode(text).0].concat();
        assert_eq!(decoded(&bytes), (format!("{header}{text}"), "Big5"));
    }

    #[test]
    fn short_chinese_text_is_gb18030_even_when_the_guess_is_unsure() {
        // Two characters are too few for chardetng's statistics; the strict GB18030 decode decides.
        let bytes = GB18030.encode("公开").0.into_owned();
        assert_eq!(decoded(&bytes), ("公开".to_string(), "GB18030"));
    }

    #[test]
    fn vertical_tabs_nel_and_unicode_separators_are_line_breaks() {
        for separator in ["\u{b}", "\u{85}", "\u{2028}", "\u{2029}"] {
            let text = format!("一、总体要求{separator}1. 做好公开。{separator}");
            assert_eq!(decoded(text.as_bytes()).0, "一、总体要求\n1. 做好公开。\n");
        }
    }

    #[test]
    fn line_endings_become_line_feeds() {
        assert_eq!(decoded(b"a\r\nb\rc\n\r\n").0, "a\nb\nc\n\n");
    }

    #[test]
    fn empty_and_whitespace_only_files_are_empty() {
        for bytes in [
            &b""[..],
            b" \r\n\t",
            b"\xEF\xBB\xBF",
            "\u{3000}\n".as_bytes(),
        ] {
            let error = error(bytes);
            assert_eq!(code(&error), "S002", "{bytes:?}");
            assert!(error.to_string().contains("dir/plan.txt"), "{error}");
        }
    }

    #[test]
    fn nul_bytes_and_control_characters_are_binary() {
        let nul = error(b"abc\0def");
        assert_eq!(code(&nul), "S003");
        assert_eq!(
            nul.to_string(),
            "文件 dir/plan.txt 不是文本文件：字节偏移 3 处有 NUL 字节"
        );

        let controls = error(b"\x01\x02\x03abcdefgh");
        assert_eq!(code(&controls), "S003");
        assert!(
            controls.to_string().contains("控制字符占 27%"),
            "{controls}"
        );
    }

    #[test]
    fn utf16_without_bom_is_refused_with_a_hint() {
        let error = error(&utf16(
            "一、总体要求\n1. 2022年10月底前公开。\n2. 不少于30日。\n",
            true,
        ));
        assert_eq!(code(&error), "S003");
        assert!(error.to_string().contains("不带 BOM 的 UTF-16"), "{error}");
        let png = decode("x.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect_err("binary");
        assert!(!png.to_string().contains("UTF-16"), "{png}");
    }

    #[test]
    fn a_few_form_feeds_and_escapes_are_still_text() {
        assert_eq!(
            decoded(b"page one\x0cpage two\x1b[0m").0,
            "page one\x0cpage two\x1b[0m"
        );
    }

    #[test]
    fn utf16_with_bom_is_not_binary_but_nul_characters_inside_it_are() {
        assert_eq!(
            decoded(&with_bom(b"\xFF\xFE", &utf16("文审", true))).1,
            "UTF-16LE"
        );
        let error = error(&with_bom(b"\xFF\xFE", &utf16("文\0审", true)));
        assert_eq!(code(&error), "S003");
    }

    #[test]
    fn invalid_bytes_inside_gb18030_give_their_offset() {
        let good = GB18030.encode(PLAN).0.into_owned();
        let middle = good.len() / 2;
        // 0xFF is never valid in GB18030 (nor in UTF-8 or Big5).
        let bytes = [&good[..middle], b"\xFF", &good[middle..]].concat();
        let error = error(&bytes);
        assert_eq!(code(&error), "S004");
        match &error {
            SourceError::Undecodable {
                offset,
                bad_bytes,
                tried,
                ..
            } => {
                assert_eq!(
                    (*offset, bad_bytes.as_str(), *tried),
                    (middle, "0xFF", "GB18030")
                );
            }
            other => panic!("expected undecodable, got {other:?}"),
        }
        assert!(
            error
                .to_string()
                .contains(&format!("（字节偏移 {middle}）")),
            "{error}"
        );
    }

    #[test]
    fn invalid_utf8_after_chinese_text_reports_the_utf8_offset() {
        // `中文` in UTF-8, then a truncated sequence at the very end.
        let bytes = "中文中文中文中文".as_bytes();
        let truncated = &bytes[..bytes.len() - 1];
        match error(truncated) {
            SourceError::Undecodable { offset, tried, .. } => {
                assert_eq!((offset, tried), (bytes.len() - 3, "UTF-8"));
            }
            other => panic!("expected undecodable, got {other:?}"),
        }
    }

    #[test]
    fn a_broken_utf16_file_counts_the_bom_in_its_offset() {
        // An unpaired high surrogate (D800) after `文`.
        let bytes = with_bom(b"\xFF\xFE", &[0x87, 0x65, 0x00, 0xD8, 0x41, 0x00]);
        match error(&bytes) {
            SourceError::Undecodable { offset, tried, .. } => {
                assert_eq!((offset, tried), (4, "UTF-16LE"))
            }
            other => panic!("expected undecodable, got {other:?}"),
        }
    }

    #[test]
    fn undecodable_errors_give_the_line_as_an_editor_counts_it() {
        let line = |bytes: &[u8]| match error(bytes) {
            SourceError::Undecodable { line, .. } => line,
            other => panic!("expected undecodable, got {other:?}"),
        };
        assert_eq!(line(b"\xFF"), 1);
        assert_eq!(line(b"a\r\nb\r\n\xFF"), 3);
        assert_eq!(line(b"a\rb\n\nc\xFF"), 4);
        // UTF-16LE: `a`, LF, `b`, LF, then an unpaired low surrogate (DC00).
        assert_eq!(line(&with_bom(b"\xFF\xFE", b"a\0\n\0b\0\n\0\x00\xDC")), 3);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A cheap deterministic byte soup: every length up to 64 of a pseudo-random sequence.
        let mut state: u32 = 0x2022_0428;
        let soup: Vec<u8> = (0..64)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        for end in 0..=soup.len() {
            for start in 0..end.min(4) {
                let _ = decode("soup", &soup[start..end]);
            }
        }
    }
}
