//! Word documents (`.docx`) → decoded text, one more encoding of a plan.
//!
//! A `.docx` file is a zip of XML parts. The body (`word/document.xml`) becomes text the layouts
//! already read: each paragraph one line, heading paragraphs (by style or outline level) `#` lines,
//! automatic list numbers written in front of their paragraphs (computed from
//! `word/numbering.xml`, since Word does not store them), and tables pipe tables with one line per
//! row, in which the continuation of a vertically merged cell is an empty cell (what the pipe-table
//! layout reads as merged from above) and a horizontally merged cell is followed by empty cells for
//! the columns it covers. Spans then index this text, which [`SourceFile::text`] holds. Which empty
//! cells are *not* merged (simply empty, or covered from the left) is known exactly and recorded in
//! [`SourceFile::unmerged_cells`], so that the parser does not take their value from above.
//!
//! Text boxes, footnotes, endnotes, comments, headers and footers are not read; when a document has
//! any, [`SourceFile::notes`] says so and the parser reports it.
//!
//! Old binary Word files (`.doc`), WPS files (`.wps`) and password-protected Office files are OLE
//! compound files, which wenshen does not read; they get [`SourceError::LegacyOffice`], which asks
//! for a `.docx`. Decompression is capped, so a zip bomb costs at most [`MAX_DECOMPRESSED_BYTES`].

mod body;
mod numbering;
mod styles;
mod xml;

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::{SourceError, SourceFile};
use numbering::Numbering;
use styles::Styles;

/// The most bytes read out of one document's zip, all parts together. Real plans have bodies of a
/// few hundred KiB; 64 MiB leaves room for anything genuine and stops a zip bomb early.
pub const MAX_DECOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// OLE compound files (`.doc`, `.wps`, `.xls`, and encrypted `.docx`) start with this signature.
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A zip starts with a local file header, or (when empty) with the end-of-directory record.
const ZIP_SIGNATURES: [&[u8]; 2] = [b"PK\x03\x04", b"PK\x05\x06"];

/// The recorded encoding of a Word document.
pub const DOCX_ENCODING: &str = "DOCX";

/// Whether `bytes` are a zip archive, and so possibly a Word document.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    ZIP_SIGNATURES
        .iter()
        .any(|signature| bytes.starts_with(signature))
}

/// The error for an Office file wenshen cannot read (OLE compound files, RTF), `None` for others.
pub(super) fn legacy_office(name: &str, bytes: &[u8]) -> Option<SourceError> {
    let kind = if bytes.starts_with(&OLE_SIGNATURE) {
        // Encrypting a `.docx` wraps it in an OLE file whose streams are named `EncryptionInfo`
        // and `EncryptedPackage`; OLE directory names are UTF-16LE.
        if contains_utf16_name(bytes, "EncryptionInfo")
            || contains_utf16_name(bytes, "EncryptedPackage")
        {
            "设有打开密码（已加密）的 Office 文件"
        } else if name.to_lowercase().ends_with(".wps") {
            "WPS 文字的旧版二进制文件（.wps）"
        } else {
            "旧版 Word 二进制文件（.doc）或其他 OLE 格式的 Office 文件"
        }
    } else if bytes.starts_with(b"{\\rtf") {
        // Many systems hand out RTF under a `.doc` name; it is text, but not text wenshen can read.
        "RTF 格式文件"
    } else {
        return None;
    };
    Some(SourceError::LegacyOffice {
        name: name.to_string(),
        kind,
    })
}

fn contains_utf16_name(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|window| window == needle)
}

/// Decodes the Word document `bytes` (a zip) named `name`.
pub(super) fn decode(name: &str, bytes: &[u8]) -> Result<SourceFile, SourceError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| not_docx(name, format!("压缩包已损坏（{error}）")))?;
    let mut budget = MAX_DECOMPRESSED_BYTES;
    let document =
        read_part(&mut archive, name, "word/document.xml", &mut budget)?.ok_or_else(|| {
            not_docx(
                name,
                "压缩包中没有 word/document.xml，不是 Word 文档".to_string(),
            )
        })?;

    let mut notes = Vec::new();
    // Damaged styles or numbering lose headings and list labels, not the text: read on and say so.
    let styles = match read_part(&mut archive, name, "word/styles.xml", &mut budget)? {
        Some(xml) => Styles::parse(&xml).unwrap_or_else(|_| {
            notes.push("样式表（word/styles.xml）已损坏，无法据样式识别标题".to_string());
            Styles::default()
        }),
        None => Styles::default(),
    };
    let numbering = match read_part(&mut archive, name, "word/numbering.xml", &mut budget)? {
        Some(xml) => Numbering::parse(&xml).unwrap_or_else(|_| {
            notes.push("编号定义（word/numbering.xml）已损坏，自动编号未能还原".to_string());
            Numbering::default()
        }),
        None => Numbering::default(),
    };
    let body = body::read(&document, &styles, &numbering).map_err(|error| {
        not_docx(
            name,
            format!("正文（word/document.xml）不是格式正确的 XML（{error}）"),
        )
    })?;
    if body.too_large {
        return Err(SourceError::too_large(name, "解码后的文字"));
    }

    if body.unread.text_boxes {
        notes.push("文档中有文本框，其中的文字未读取".to_string());
    }
    if body.unread.notes {
        notes.push("文档中有脚注或尾注，其中的文字未读取".to_string());
    }
    if body.unread.comments {
        notes.push("文档中有批注，批注内容未读取".to_string());
    }
    if headers_or_footers_have_text(&mut archive, name, &mut budget)? {
        notes.push("文档的页眉或页脚中有文字，未读取".to_string());
    }

    let text = body.text;
    if text.chars().all(char::is_whitespace) {
        return Err(SourceError::Empty {
            name: name.to_string(),
            detail: "（Word 文档的正文中没有文字）",
        });
    }
    Ok(SourceFile {
        name: name.to_string(),
        text,
        encoding: DOCX_ENCODING,
        notes,
        unmerged_cells: body.unmerged_cells,
        word_places: body.places,
        pages: Vec::new(),
    })
}

/// Reads one part of the zip as UTF-8 text, `None` when the zip has no such part. Every part read
/// draws on `budget`, the bytes still allowed to be decompressed for this document.
fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    part: &str,
    budget: &mut u64,
) -> Result<Option<String>, SourceError> {
    let entry = match archive.by_name(part) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(error) => return Err(not_docx(name, format!("无法读取 {part}（{error}）"))),
    };
    let too_large = || SourceError::TooLarge {
        name: name.to_string(),
        limit_mib: MAX_DECOMPRESSED_BYTES / (1024 * 1024),
    };
    // The declared size can lie; it only lets an honest bomb fail before any work.
    if entry.size() > *budget {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    entry
        .take(budget.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| not_docx(name, format!("无法解压 {part}（{error}）")))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > *budget {
        return Err(too_large());
    }
    *budget -= read;
    let text = String::from_utf8(bytes)
        .map_err(|_| not_docx(name, format!("{part} 不是 UTF-8 编码的 XML")))?;
    Ok(Some(match text.strip_prefix('\u{FEFF}') {
        Some(without_bom) => without_bom.to_string(),
        None => text,
    }))
}

/// Whether any header or footer part holds text other than page numbering. Page numbers are
/// field results (`PAGE`, `NUMPAGES`) around the words of `第 1 页 共 3 页`; almost every document
/// has them and they are never plan content, so they do not earn a note.
fn headers_or_footers_have_text(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<bool, SourceError> {
    let parts: Vec<String> = archive
        .file_names()
        .flatten()
        .map(|part| part.into_owned())
        .filter(|part| {
            part.strip_prefix("word/").is_some_and(|file| {
                (file.starts_with("header") || file.starts_with("footer")) && file.ends_with(".xml")
            })
        })
        .collect();
    for part in parts {
        let Some(xml) = read_part(archive, name, &part, budget)? else {
            continue;
        };
        let mut finder = TextFinder::default();
        if xml::walk(&xml, &mut finder).is_ok() && finder.found {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Finds `w:t` text that is not a field result nor page-numbering words.
#[derive(Default)]
struct TextFinder {
    in_text: bool,
    /// Between a complex field's `separate` and `end` marks: the field's computed result.
    in_field_result: bool,
    /// Depth inside `w:fldSimple`, whose runs are the field's result.
    simple_field_depth: usize,
    found: bool,
}

impl xml::Visitor for TextFinder {
    fn open(&mut self, name: &str, element: &quick_xml::events::BytesStart) {
        match name {
            "t" => self.in_text = true,
            "fldSimple" => self.simple_field_depth += 1,
            "fldChar" => match xml::attribute(element, "fldCharType").as_deref() {
                Some("separate") => self.in_field_result = true,
                Some("end") => self.in_field_result = false,
                _ => {}
            },
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "fldSimple" => self.simple_field_depth = self.simple_field_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if !self.in_text || self.in_field_result || self.simple_field_depth > 0 {
            return;
        }
        self.found |= text.chars().any(|character| {
            !(character.is_whitespace()
                || character.is_ascii_punctuation()
                || character.is_ascii_digit()
                || "第页共－—".contains(character))
        });
    }
}

fn not_docx(name: &str, reason: String) -> SourceError {
    SourceError::NotDocx {
        name: name.to_string(),
        reason,
    }
}
