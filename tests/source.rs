//! The source stage end to end: the same plan in every supported encoding and line ending decodes
//! to the same text and parses to the same model apart from `encoding`; bad inputs give coded errors
//! that name the file.
//!
//! Fixtures in `corpus/encodings/` (kept byte for byte by its `.gitattributes`): one small plan of
//! our own, as UTF-8 (`plan_utf8.txt`, the reference), GB18030, CRLF, UTF-8 with BOM and UTF-16LE
//! with BOM. The seed variants are built here with encoding_rs rather than committed.

use std::path::Path;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
use miette::Diagnostic;
use wenshen::document::{self, Document};
use wenshen::source::{self, LineColumn, SourceError, SourceFile};

const SEED: &str = "corpus/seeds/002_e2004cff787eb37b.txt";
const SMALL_PLAN: &str = "corpus/encodings/plan_utf8.txt";

fn read(path: &str) -> SourceFile {
    source::read_path(Path::new(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The model with the file name and encoding blanked: the fields allowed to differ between variants.
fn model_without_encoding(source: &SourceFile) -> Document {
    let mut document = document::parse(source);
    document.file.clear();
    document.encoding.clear();
    document
}

fn utf16_with_bom(text: &str, little_endian: bool) -> Vec<u8> {
    let (bom, units): (&[u8], Vec<u8>) = if little_endian {
        (
            b"\xFF\xFE",
            text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        )
    } else {
        (
            b"\xFE\xFF",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        )
    };
    [bom, &units].concat()
}

/// Every byte-level variant of `text` (which has LF line endings) with the encoding it must report.
fn variants(text: &str) -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let crlf = text.replace('\n', "\r\n");
    vec![
        ("utf-8", text.as_bytes().to_vec(), "UTF-8"),
        ("gb18030", GB18030.encode(text).0.into_owned(), "GB18030"),
        ("crlf", crlf.as_bytes().to_vec(), "UTF-8"),
        (
            "gb18030 crlf",
            GB18030.encode(&crlf).0.into_owned(),
            "GB18030",
        ),
        (
            "bom",
            [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
            "UTF-8 (BOM)",
        ),
        ("utf-16le", utf16_with_bom(text, true), "UTF-16LE"),
        ("utf-16be", utf16_with_bom(text, false), "UTF-16BE"),
    ]
}

fn check_variants_agree(reference_path: &str) {
    let reference = read(reference_path);
    assert!(!reference.text.contains('\r'));
    let reference_model = model_without_encoding(&reference);
    for (label, bytes, encoding) in variants(&reference.text) {
        let decoded = source::decode(reference_path, &bytes)
            .unwrap_or_else(|error| panic!("{label}: {error}"));
        assert_eq!(decoded.encoding, encoding, "{label}");
        assert!(decoded.text == reference.text, "{label}: text differs");
        assert_eq!(model_without_encoding(&decoded), reference_model, "{label}");
        assert_eq!(document::parse(&decoded).encoding, encoding, "{label}");
    }
    // The encodings encoding_rs cannot produce on its own were built by hand; make sure they were
    // real UTF-16 and not accidentally something else.
    assert_eq!(UTF_16LE.decode(&utf16_with_bom("文", true)).0, "文");
    assert_eq!(UTF_16BE.decode(&utf16_with_bom("文", false)).0, "文");
}

#[test]
fn the_seed_reads_the_same_in_every_encoding() {
    check_variants_agree(SEED);
}

#[test]
fn a_small_plan_reads_the_same_in_every_encoding() {
    check_variants_agree(SMALL_PLAN);
}

#[test]
fn the_committed_encoding_fixtures_decode_to_the_reference_text() {
    let reference = read(SMALL_PLAN);
    let reference_model = model_without_encoding(&reference);
    for (path, encoding) in [
        ("corpus/encodings/plan_gb18030.txt", "GB18030"),
        ("corpus/encodings/plan_crlf.txt", "UTF-8"),
        ("corpus/encodings/plan_bom.txt", "UTF-8 (BOM)"),
        ("corpus/encodings/plan_utf16le.txt", "UTF-16LE"),
    ] {
        let raw = std::fs::read(path).expect("fixture exists");
        let source = read(path);
        assert_eq!((source.name.as_str(), source.encoding), (path, encoding));
        assert!(source.text == reference.text, "{path}: text differs");
        assert_eq!(model_without_encoding(&source), reference_model, "{path}");
        // Guard against a checkout that converted the fixture (which would make the test vacuous).
        if path.ends_with("crlf.txt") {
            assert!(
                raw.windows(2).any(|pair| pair == b"\r\n"),
                "{path} lost its CRLF"
            );
        }
    }
}

fn code(error: &SourceError) -> String {
    error
        .code()
        .map(|code| code.to_string())
        .unwrap_or_default()
}

#[test]
fn invalid_bytes_in_the_middle_of_a_gb18030_seed_give_their_offset() {
    let good = GB18030.encode(&read(SEED).text).0.into_owned();
    // Cut in the middle, stepped back onto an ASCII byte so the bad byte follows a whole character.
    let mut middle = good.len() / 2;
    while !good[middle - 1].is_ascii() {
        middle -= 1;
    }
    // 0xFF is never valid in GB18030 (0x80 would be: WHATWG maps it to €).
    let bytes = [&good[..middle], b"\xFF", &good[middle..]].concat();
    let error = source::decode("seed-gb18030.txt", &bytes).expect_err("undecodable");
    assert_eq!(code(&error), "S004");
    let message = error.to_string();
    assert!(message.contains("seed-gb18030.txt"), "{message}");
    assert!(
        message.contains(&format!("（字节偏移 {middle}）")),
        "{message}"
    );
    assert!(message.contains("GB18030"), "{message}");
}

#[test]
fn a_missing_path_is_an_unreadable_error_naming_it() {
    let error = source::read_path(Path::new("corpus/no-such-plan.txt")).expect_err("missing");
    assert_eq!(code(&error), "S001");
    assert_eq!(error.name(), "corpus/no-such-plan.txt");
    assert!(
        error
            .to_string()
            .starts_with("无法读取文件 corpus/no-such-plan.txt：路径不存在"),
        "{error}"
    );
    assert!(error.help().is_some());
}

#[test]
fn a_directory_is_not_a_file() {
    let error = source::read_path(Path::new("corpus")).expect_err("directory");
    assert_eq!(code(&error), "S001");
    assert_eq!(error.name(), "corpus");
}

#[test]
fn every_error_has_a_code_a_message_naming_the_file_and_help() {
    let errors = [
        source::decode("x/empty.txt", b"").expect_err("empty"),
        source::decode("x/blank.txt", " \n\u{3000}".as_bytes()).expect_err("blank"),
        source::decode("x/image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect_err("binary"),
        source::decode("x/broken.txt", b"abc\xFF").expect_err("undecodable"),
    ];
    let codes: Vec<String> = errors.iter().map(code).collect();
    assert_eq!(codes, ["S002", "S002", "S003", "S004"]);
    for error in &errors {
        assert!(error.to_string().contains(error.name()), "{error}");
        assert!(error.help().is_some(), "{error}");
    }
}

#[test]
fn line_index_points_into_the_decoded_seed() {
    let seed = read(SEED);
    let index = seed.line_index();
    let offset = seed
        .text
        .find("冠政办发〔2022〕7号")
        .expect("doc number in seed");
    // The seed opens with two empty lines, then `# 冠县人民政府办公室文件`, an empty line, the number.
    assert_eq!(index.line_column(offset), LineColumn { line: 5, column: 1 });
    let last = index.line_column(seed.text.len());
    assert_eq!(last.line, index.line_count());
}
