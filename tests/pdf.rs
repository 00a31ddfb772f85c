//! PDF inputs: a text layer is read page by page through every command (files, directory walks,
//! standard input), a scan without text asks for OCR (`S010`), and a damaged or password-protected
//! PDF gets a coded error (`S009`) that names it, without costing other files their results.
//!
//! The PDFs are written here: a Type0 font with `Identity-H` codes and a `ToUnicode` map, as
//! office suites export Chinese text, and a page that only draws an image, as a scanner makes.

mod common;

use std::fmt::Write;

use pdf_extract::{Document, EncryptionState, EncryptionVersion, Permissions};

/// A PDF whose pages show `pages`' lines, one under the other, in a font that maps two-byte codes
/// to the characters through a `ToUnicode` CMap.
fn text_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let mut characters: Vec<char> = Vec::new();
    for character in pages
        .iter()
        .flat_map(|lines| lines.iter())
        .flat_map(|line| line.chars())
    {
        if !characters.contains(&character) {
            characters.push(character);
        }
    }
    let code = |character: char| characters.iter().position(|&c| c == character).unwrap() + 1;
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in characters.chunks(100) {
        writeln!(cmap, "{} beginbfchar", chunk.len()).unwrap();
        for &character in chunk {
            writeln!(cmap, "<{:04X}> <{:04X}>", code(character), character as u32).unwrap();
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");

    let contents = pages.iter().map(|lines| {
        let mut content = String::new();
        for (index, line) in lines.iter().enumerate() {
            let hex: String = line.chars().map(|c| format!("{:04X}", code(c))).collect();
            let y = 780 - 20 * index;
            writeln!(content, "BT /F1 12 Tf 1 0 0 1 40 {y} Tm <{hex}> Tj ET").unwrap();
        }
        content
    });
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
                /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
        .to_string();
    let descendant = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun \
                      /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                      /FontDescriptor 6 0 R /DW 1000 >>"
        .to_string();
    let descriptor = "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 \
                      /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 \
                      /CapHeight 859 /StemV 80 >>"
        .to_string();
    let resources = "/Resources << /Font << /F1 3 0 R >> >>";
    let mut objects = vec![
        String::new(),
        font,
        descendant,
        stream("", &cmap),
        descriptor,
    ];
    write_pages(&mut objects, resources, contents.collect())
}

/// A PDF of `count` pages that only draw an image each: a scan without a text layer.
fn scanned_pdf(count: usize) -> Vec<u8> {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray \
         /BitsPerComponent 8",
        "\u{0}\u{7f}\u{7f}\u{0}",
    );
    let mut objects = vec![
        String::new(),
        image,
        String::new(),
        String::new(),
        String::new(),
    ];
    let resources = "/Resources << /XObject << /Im1 3 0 R >> >>";
    let contents = vec!["q 500 0 0 700 40 60 cm /Im1 Do Q\n".to_string(); count];
    write_pages(&mut objects, resources, contents)
}

fn stream(dictionary: &str, data: &str) -> String {
    format!(
        "<< {dictionary} /Length {} >>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// Writes objects 3… (`objects[1..]`, placeholders left empty), a catalog (1), a page tree (2) and
/// one page and content stream per entry of `contents`, with a cross-reference table.
fn write_pages(objects: &mut Vec<String>, resources: &str, contents: Vec<String>) -> Vec<u8> {
    let first_page = objects.len() + 2;
    let kids: Vec<String> = (0..contents.len())
        .map(|index| format!("{} 0 R", first_page + 2 * index))
        .collect();
    objects[0] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        contents.len()
    );
    objects.insert(0, "<< /Type /Catalog /Pages 2 0 R >>".to_string());
    for content in contents {
        let page = objects.len() + 1;
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {resources} /Contents {} 0 R >>",
            page + 1
        ));
        objects.push(stream("", &content));
    }
    let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        writeln!(table, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> \
         <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    pdf.extend(table.as_bytes());
    pdf
}

/// `pdf` encrypted with RC4 and `user_password` (empty: it opens without one).
fn encrypted(pdf: &[u8], user_password: &str) -> Vec<u8> {
    let mut document = Document::load_mem(pdf).unwrap();
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &document,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: Permissions::PRINTABLE,
    })
    .unwrap();
    document.encrypt(&state).unwrap();
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    bytes
}

/// A small plan over two pages, as a county office exports it from Word.
const PAGE_ONE: &[&str] = &[
    "某县2023年政务公开工作要点",
    "一、深化重点领域信息公开",
    "1. 做好政府信息公开年报工作。（责任单位：县政务公开办；完成时限：2023年12月底前）",
];
const PAGE_TWO: &[&str] = &[
    "2. 做好政策解读。（责任单位：县政府办公室；完成时限：2023年6月底前）",
    "二、加强平台建设",
    "3. 更新政府网站栏目。（责任单位：县大数据中心；完成时限：2023年9月底前）",
];

fn expected_tasks() -> Vec<(String, Vec<String>, Option<String>)> {
    [
        ("1", "县政务公开办", "2023年12月底前"),
        ("2", "县政府办公室", "2023年6月底前"),
        ("3", "县大数据中心", "2023年9月底前"),
    ]
    .into_iter()
    .map(|(label, unit, deadline)| {
        (
            label.to_string(),
            vec![unit.to_string()],
            Some(deadline.to_string()),
        )
    })
    .collect()
}

#[test]
fn a_plan_in_a_pdf_gives_its_tasks_units_and_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    let pdf = text_pdf(&[PAGE_ONE, PAGE_TWO]);
    std::fs::write(dir.path().join("plans/要点.pdf"), &pdf).unwrap();

    // A directory walk picks the PDF up.
    let parsed = common::run(dir.path(), &["parse", "plans", "--format", "json"], None);
    assert_eq!(parsed.code, 0, "{}", parsed.stderr);
    assert!(!parsed.stderr.contains("已跳过"), "{}", parsed.stderr);
    let documents: serde_json::Value = serde_json::from_str(&parsed.stdout).unwrap();
    assert_eq!(documents[0]["file"], "plans/要点.pdf");
    assert_eq!(documents[0]["encoding"], "PDF");
    assert_eq!(common::tasks(&parsed.stdout), expected_tasks());

    // Standard input is told a PDF by its `%PDF-` start.
    let piped = common::run(dir.path(), &["parse", "-", "--format", "json"], Some(&pdf));
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert_eq!(common::tasks(&piped.stdout), expected_tasks());

    let checked = common::run(
        dir.path(),
        &["check", "-", "--format", "json", "--no-config"],
        Some(&pdf),
    );
    assert_ne!(checked.code, 2, "{}", checked.stderr);
    assert!(!checked.stderr.contains("S0"), "{}", checked.stderr);

    let ledger = common::run(
        dir.path(),
        &["ledger", "plans/要点.pdf", "--no-config"],
        None,
    );
    assert_eq!(ledger.code, 0, "{}", ledger.stderr);
    let rows: Vec<&str> = ledger.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{}", ledger.stdout);
    assert!(rows[2].contains("县大数据中心"), "{}", ledger.stdout);
}

#[test]
fn a_pdf_opened_without_a_password_is_read_and_one_with_a_password_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = text_pdf(&[PAGE_ONE, PAGE_TWO]);
    std::fs::write(dir.path().join("可复制.pdf"), encrypted(&pdf, "")).unwrap();
    std::fs::write(dir.path().join("加密.pdf"), encrypted(&pdf, "secret")).unwrap();

    let open = common::run(
        dir.path(),
        &["parse", "可复制.pdf", "--format", "json"],
        None,
    );
    assert_eq!(open.code, 0, "{}", open.stderr);
    assert_eq!(common::tasks(&open.stdout), expected_tasks());

    let locked = common::run(dir.path(), &["parse", "加密.pdf", "--format", "json"], None);
    assert_eq!(locked.code, 2, "{}", locked.stderr);
    assert!(
        locked.stderr.contains("S009")
            && locked
                .stderr
                .contains("无法读取 PDF 文件 加密.pdf：设有打开密码（已加密）"),
        "{}",
        locked.stderr
    );
}

#[test]
fn a_scanned_pdf_asks_for_ocr_and_a_damaged_one_is_named_while_other_files_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("收文")).unwrap();
    std::fs::write(dir.path().join("收文/扫描件.pdf"), scanned_pdf(3)).unwrap();
    let mut damaged = text_pdf(&[PAGE_ONE]);
    damaged.truncate(damaged.len() / 3);
    std::fs::write(dir.path().join("收文/损坏.pdf"), &damaged).unwrap();
    let no_unit: &[&str] = &["2. 开展政务公开培训。（完成时限：2023年10月底前）"];
    std::fs::write(
        dir.path().join("收文/要点.pdf"),
        text_pdf(&[PAGE_ONE, no_unit]),
    )
    .unwrap();

    let run = common::run(
        dir.path(),
        &["check", "收文", "--format", "json", "--no-config"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("S010")
            && run.stderr.contains(
                "PDF 文件 收文/扫描件.pdf 的 3 页中都没有文字层（可能是扫描件或图片），无法读取其中的文字"
            )
            && run.stderr.contains("文字识别（OCR）"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("S009") && run.stderr.contains("无法读取 PDF 文件 收文/损坏.pdf："),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // The readable plan beside them is still checked: its task without a unit is found.
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["file"].as_str().unwrap(),
                finding["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(findings, [("收文/要点.pdf", "GK101")], "{}", run.stdout);
    // Its position names the page, in JSON and in the human report.
    assert_eq!(report["findings"][0]["start"]["page"], 2, "{}", run.stdout);
    let human = common::run(dir.path(), &["check", "收文/要点.pdf", "--no-config"], None);
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(
        human.stdout.contains("位置：第2页 第 1 行第 1 列"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_page_the_library_cannot_read_is_left_out_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = text_pdf(&[PAGE_ONE, PAGE_TWO]);
    // The second page loses its media box (blanked in place, so that the offsets stay right):
    // the PDF library panics on such a page.
    let media_box = b"/MediaBox [0 0 595 842]";
    let second = pdf
        .windows(media_box.len())
        .enumerate()
        .filter(|(_, window)| window == media_box)
        .nth(1)
        .unwrap()
        .0;
    let mut damaged = pdf.clone();
    damaged[second..second + media_box.len()].fill(b' ');
    std::fs::write(dir.path().join("缺页.pdf"), damaged).unwrap();
    let run = common::run(dir.path(), &["parse", "缺页.pdf", "--format", "json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(common::tasks(&run.stdout), expected_tasks()[..1]);
    assert!(
        run.stdout.contains("PDF 中第2页无法解析，未读取"),
        "{}",
        run.stdout
    );
    // The library's panic is the file's damage, reported as such, not a message on stderr.
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// Truncated PDFs, PDFs with random bytes changed, and one with 100,000 nested arrays inserted
/// before its text give a text or a coded error naming the file, never a panic.
#[test]
fn damaged_pdfs_give_coded_errors_never_panics() {
    let pdf = text_pdf(&[PAGE_ONE, PAGE_TWO]);
    let mut damaged: Vec<Vec<u8>> = (1..40)
        .map(|part| pdf[..pdf.len() * part / 40].to_vec())
        .collect();
    let mut random = fastrand::Rng::with_seed(19);
    for _ in 0..60 {
        let mut flipped = pdf.clone();
        for _ in 0..random.usize(1..8) {
            let at = random.usize(..flipped.len());
            flipped[at] = random.u8(..);
        }
        damaged.push(flipped);
    }
    let deep = format!("{}{} Tj", "[".repeat(100_000), "]".repeat(100_000));
    let nested = String::from_utf8_lossy(&text_pdf(&[PAGE_ONE])).replacen(
        "BT /F1 12 Tf",
        &format!("{deep}\nBT /F1 12 Tf"),
        1,
    );
    damaged.push(nested.into_bytes());
    for (index, bytes) in damaged.iter().enumerate() {
        let read = std::panic::catch_unwind(|| wenshen::source::decode("损坏.pdf", bytes));
        match read {
            Ok(Ok(source)) => assert_eq!(source.encoding, "PDF", "case {index}"),
            Ok(Err(error)) => {
                let code = miette::Diagnostic::code(&error).map(|code| code.to_string());
                assert!(
                    matches!(code.as_deref(), Some("S009" | "S010")),
                    "case {index}: {code:?} {error}"
                );
                assert!(
                    error.to_string().contains("损坏.pdf"),
                    "case {index}: {error}"
                );
            }
            Err(_) => panic!("case {index} panicked"),
        }
    }
}

/// A task whose text runs over a page break, under the page's printed number, is one task: the
/// pages follow one another in the text, and the number is furniture the reader knows.
#[test]
fn a_task_running_over_a_page_break_stays_one_task() {
    let dir = tempfile::tempdir().unwrap();
    let first: &[&str] = &[
        "某县2023年政务公开工作要点",
        "一、深化重点领域信息公开",
        "1. 做好政府信息公开年报工作。（责任单位：县政务公开办；完成时限：2023年12月底前）",
        "2. 做好政策解读，围绕群众关切的重点政策",
        "— 1 —",
    ];
    let second: &[&str] = &[
        "开展解读。（责任单位：县政府办公室；完成时限：2023年6月底前）",
        "3. 更新政府网站栏目。（责任单位：县大数据中心；完成时限：2023年9月底前）",
        "— 2 —",
    ];
    std::fs::write(dir.path().join("要点.pdf"), text_pdf(&[first, second])).unwrap();
    let run = common::run(dir.path(), &["parse", "要点.pdf", "--format", "json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(common::tasks(&run.stdout), expected_tasks());
}
