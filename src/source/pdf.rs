//! PDF documents with a text layer, turned into the text the layouts read: the `pdf-extract`
//! crate lays each page's characters out in lines in the order the page draws them (a new line
//! where the text moves down), and the pages follow one another, each starting on a new line.
//! Where each page starts is kept in [`SourceFile::pages`](super::SourceFile::pages), so that
//! reports can name the page of a position.
//!
//! A PDF is untrusted input for a library that panics on damage it does not expect: each page is
//! read inside `catch_unwind`, without the panic's message on stderr (a page that cannot be read
//! is left out with a note, and a document none of whose pages can be read is an error), at most
//! [`MAX_PAGES`] pages are read, and the compressed streams are measured before the library inflates them, so that a compression bomb
//! is refused instead of filling memory. A PDF whose pages hold no text at all (a scan) is refused
//! with [`SourceError::NoTextLayer`], which asks for OCR.

use std::cell::{Cell, RefCell};
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Once;

use pdf_extract::{ConvertToFmt, Document, Object, PlainTextOutput};
use unicode_normalization::UnicodeNormalization;

use super::{MAX_DECOMPRESSED_BYTES, SourceError, SourceFile};

/// The encoding recorded for a PDF's text layer.
pub const PDF_ENCODING: &str = "PDF";

/// The most pages read from one PDF. Plans run to tens of pages; a document claiming many
/// thousands is damage or an attack, and the library looks up every page in the whole page tree.
const MAX_PAGES: usize = 2_000;

/// A PDF starts with this, though the standard lets up to 1,024 bytes of junk come before it.
const MAGIC: &[u8] = b"%PDF-";
const MAGIC_WITHIN: usize = 1024;

/// Whether a file is a PDF: by its start (standard input, misnamed files), or by its name, so that
/// a damaged `.pdf` gets a PDF error rather than "not text".
pub(super) fn is_pdf(name: &str, bytes: &[u8]) -> bool {
    let head = bytes.get(..MAGIC_WITHIN).unwrap_or(bytes);
    memchr::memmem::find(head, MAGIC).is_some() || name.to_ascii_lowercase().ends_with(".pdf")
}

/// The text layer of the PDF `bytes`, as described in the module documentation.
pub(super) fn decode(name: &str, bytes: &[u8]) -> Result<SourceFile, SourceError> {
    let not_pdf = |reason: String| SourceError::NotPdf {
        name: name.to_string(),
        reason,
    };
    if inflated_size(bytes) > MAX_DECOMPRESSED_BYTES {
        return Err(not_pdf(format!(
            "压缩数据解压后超过 {} MiB，为防范压缩炸弹已停止读取",
            MAX_DECOMPRESSED_BYTES / (1024 * 1024)
        )));
    }
    let mut document = match quietly(|| Document::load_mem(bytes)) {
        Ok(Ok(document)) => document,
        Ok(Err(error)) => return Err(not_pdf(format!("文件已损坏或不是 PDF（{error}）"))),
        Err(_) => return Err(not_pdf("文件已损坏，无法解析其结构".to_string())),
    };
    // Many PDFs are encrypted with an empty user password only to restrict printing or copying:
    // they open without a password, and so does their text.
    if document.is_encrypted() && !matches!(quietly(|| document.decrypt("")), Ok(Ok(()))) {
        return Err(not_pdf("设有打开密码（已加密）".to_string()));
    }

    // Image data is no part of the text, and the library would read an image drawn on a page (a
    // seal, a scanned page) as drawing instructions and panic on it: images are emptied first.
    for object in document.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|subtype| subtype == b"Image")
        {
            stream.set_plain_content(Vec::new());
        }
    }

    let page_numbers: Vec<u32> = document.get_pages().into_keys().collect();
    if page_numbers.is_empty() {
        return Err(not_pdf("文件中没有页面".to_string()));
    }
    let pages = Rc::new(RefCell::new(Vec::new()));
    let mut output = PlainTextOutput::new(PageWriter(Rc::clone(&pages)));
    let mut unreadable = Vec::new();
    for &page_number in page_numbers.iter().take(MAX_PAGES) {
        pages.borrow_mut().push(String::new());
        let read = quietly(|| pdf_extract::output_doc_page(&document, &mut output, page_number));
        if !matches!(read, Ok(Ok(()))) {
            unreadable.push(page_number);
            if let Some(page) = pages.borrow_mut().last_mut() {
                page.clear();
            }
        }
    }
    drop(output);
    let pages = Rc::try_unwrap(pages)
        .map(RefCell::into_inner)
        .unwrap_or_default();
    if unreadable.len() == pages.len() {
        return Err(not_pdf("所有页面都无法解析".to_string()));
    }

    let mut text = String::new();
    let mut starts = Vec::with_capacity(pages.len());
    for page in &pages {
        starts.push(text.len());
        push_page(&mut text, page);
    }
    if text.len() > super::MAX_TEXT_BYTES {
        return Err(SourceError::too_large(name, "解码后的文字"));
    }
    if text.chars().all(char::is_whitespace) {
        return Err(SourceError::NoTextLayer {
            name: name.to_string(),
            pages: pages.len(),
        });
    }
    let mut notes = Vec::new();
    if !unreadable.is_empty() {
        let listed: Vec<String> = unreadable
            .iter()
            .map(|page| format!("第{page}页"))
            .collect();
        notes.push(format!("PDF 中{}无法解析，未读取", listed.join("、")));
    }
    if page_numbers.len() > MAX_PAGES {
        notes.push(format!(
            "PDF 共 {} 页，只读取了前 {MAX_PAGES} 页",
            page_numbers.len()
        ));
    }
    Ok(SourceFile {
        name: name.to_string(),
        text,
        encoding: PDF_ENCODING,
        notes,
        unmerged_cells: Vec::new(),
        word_places: Vec::new(),
        pages: starts,
    })
}

thread_local! {
    /// Whether this thread is inside [`quietly`].
    static READING: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `work`, one call into the PDF library, catching a panic. A panic there is damage in the
/// file, reported as such: the panic hook, which would print the library's message and location on
/// stderr, keeps quiet for it, and for it only.
fn quietly<T>(work: impl FnOnce() -> T) -> std::thread::Result<T> {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    READING.with(|reading| reading.set(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    READING.with(|reading| reading.set(false));
    result
}

/// Appends one page's text, on lines of its own, to `text`. Lines lose their trailing blanks and
/// control characters (unmapped glyphs come out as NUL), line endings become LF, and the Kangxi
/// radicals and compatibility ideographs that many Chinese fonts map their glyphs to (`⼯` for
/// `工`) become the ordinary characters, which the layouts and rules look for.
fn push_page(text: &mut String, page: &str) {
    let page = super::decode::normalize_line_endings(page.to_string());
    for line in page.trim_matches('\n').split('\n') {
        for character in line.trim_end().chars() {
            if is_compatibility_ideograph(character) {
                text.extend(character.nfkc());
            } else if !character.is_control() || character == '\t' {
                text.push(character);
            }
        }
        text.push('\n');
    }
}

/// Kangxi radicals, CJK radicals supplement and CJK compatibility ideographs: characters that
/// look like ordinary ideographs and have one as their compatibility decomposition.
fn is_compatibility_ideograph(character: char) -> bool {
    matches!(
        character,
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}'
    )
}

/// How many bytes the zlib-compressed (`FlateDecode`) streams of a PDF inflate to, counted up to
/// just past [`MAX_DECOMPRESSED_BYTES`] without keeping them. Image streams are left out: the text
/// is read without them, and a scan's pages may well be larger.
fn inflated_size(bytes: &[u8]) -> u64 {
    let mut total = 0;
    for keyword in memchr::memmem::find_iter(bytes, b"stream") {
        let before = bytes.get(..keyword).unwrap_or_default();
        if before.ends_with(b"end") {
            continue;
        }
        let Some(data) = stream_data(bytes, keyword + b"stream".len()) else {
            continue;
        };
        // The stream's dictionary lies between its object's ` obj` and the `stream` keyword,
        // looked for only so far back that a file of many keywords is not read over and over.
        let window = bytes
            .get(keyword.saturating_sub(DICTIONARY_WINDOW)..keyword)
            .unwrap_or_default();
        let dictionary = memchr::memmem::rfind(window, b" obj")
            .and_then(|start| window.get(start..))
            .unwrap_or(window);
        if memchr::memmem::find(dictionary, b"/Image").is_some() {
            continue;
        }
        let budget = MAX_DECOMPRESSED_BYTES + 1 - total;
        let mut decoder = flate2::read::ZlibDecoder::new(data).take(budget);
        // A stream that is not zlib data (or is damaged) counts for what inflated before the error.
        total += std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0);
        if total > MAX_DECOMPRESSED_BYTES {
            break;
        }
    }
    total
}

/// How far before a `stream` keyword its dictionary is looked for.
const DICTIONARY_WINDOW: usize = 4096;

/// A stream's data begins after the end of line that follows its `stream` keyword.
fn stream_data(bytes: &[u8], after_keyword: usize) -> Option<&[u8]> {
    let rest = bytes.get(after_keyword..)?;
    rest.strip_prefix(b"\r\n")
        .or_else(|| rest.strip_prefix(b"\n"))
        .or_else(|| rest.strip_prefix(b"\r"))
}

/// Where `PlainTextOutput` writes: the last of the pages read so far, shared with [`decode`],
/// which starts a new page before reading each.
struct PageWriter(Rc<RefCell<Vec<String>>>);

impl std::fmt::Write for PageWriter {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        if let Some(page) = self.0.borrow_mut().last_mut() {
            page.push_str(text);
        }
        Ok(())
    }
}

impl ConvertToFmt for PageWriter {
    type Writer = PageWriter;
    fn convert(self) -> PageWriter {
        self
    }
}

#[cfg(test)]
mod tests {
    use miette::Diagnostic;

    use super::*;

    #[test]
    fn pdfs_are_told_by_their_start_or_their_name() {
        assert!(is_pdf("<stdin>", b"%PDF-1.7\n"));
        assert!(is_pdf("a.bin", b"\xEF\xBB\xBF  %PDF-1.4\n"));
        assert!(is_pdf("扫描件.PDF", b"garbage"));
        assert!(!is_pdf("a.txt", "%PDF 是一种格式".as_bytes()));
    }

    #[test]
    fn compatibility_ideographs_become_ordinary_ones_and_controls_go() {
        let mut text = String::new();
        push_page(&mut text, "\n\u{2F2F}作要点\u{0}  \r\n（⼀）县政府\n\n");
        assert_eq!(text, "工作要点\n（一）县政府\n");
    }

    #[test]
    fn a_compression_bomb_is_refused_unless_it_is_an_image() {
        use std::io::Write;
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0; 1024 * 1024];
        for _ in 0..=(MAX_DECOMPRESSED_BYTES / (1024 * 1024)) {
            encoder.write_all(&zeros).expect("writing to memory");
        }
        let compressed = encoder.finish().expect("writing to memory");
        let pdf_with = |dictionary: &[u8]| {
            let mut pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
            pdf.extend(dictionary);
            pdf.extend(b"\nstream\n");
            pdf.extend(&compressed);
            pdf.extend(b"\nendstream\nendobj\n");
            pdf
        };
        let bomb = pdf_with(b"<< /Length 1 /Filter /FlateDecode >>");
        assert!(inflated_size(&bomb) > MAX_DECOMPRESSED_BYTES);
        let error = decode("炸弹.pdf", &bomb).expect_err("refused");
        assert_eq!(
            (error.code().map(|code| code.to_string()), error.to_string()),
            (
                Some("S009".to_string()),
                "无法读取 PDF 文件 炸弹.pdf：压缩数据解压后超过 64 MiB，为防范压缩炸弹已停止读取"
                    .to_string()
            )
        );
        let image = pdf_with(b"<< /Type /XObject /Subtype /Image /Filter /FlateDecode >>");
        assert_eq!(inflated_size(&image), 0);
    }
}
