//! Word documents (`.docx`) in: each test builds a `.docx` from WordprocessingML written by hand
//! (with the `zip` crate), decodes and parses it, and checks that it gives the same model as the
//! same plan written as text, spans aside (they index each file's own text). Then the files Word
//! users actually send by mistake (`.doc`, encrypted, damaged, enormous) and the command line.

use std::io::{Cursor, Write};
use std::path::Path;
use std::process::{Command, Output};

use miette::Diagnostic;
use serde_json::Value;
use wenshen::document::{self, Document, Layout};
use wenshen::source::{self, SourceError, SourceFile, Span};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

// ---------------------------------------------------------------------------------------------
// Building .docx files

const WORDPROCESSING_NAMESPACE: &str =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"#;

const PACKAGE_RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"#;

/// A zip of `parts`, each compressed with `method`.
fn zip_of(parts: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, bytes) in parts {
        writer.start_file(*name, options).expect("start a part");
        writer.write_all(bytes).expect("write a part");
    }
    writer.finish().expect("finish the zip").into_inner()
}

/// The parts of a Word document, each given as the content of its root element.
#[derive(Default)]
struct Docx<'a> {
    body: String,
    styles: Option<&'a str>,
    numbering: Option<&'a str>,
    /// Further parts (footnotes, headers …), complete XML.
    extra: Vec<(&'a str, String)>,
}

impl Docx<'_> {
    fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORDPROCESSING_NAMESPACE}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{}<w:sectPr><w:footerReference w:type="default"/></w:sectPr></w:body></w:document>"#,
            self.body
        )
    }

    fn bytes(&self) -> Vec<u8> {
        self.bytes_with(CompressionMethod::Deflated)
    }

    fn bytes_with(&self, method: CompressionMethod) -> Vec<u8> {
        let document = self.document_xml();
        let wrap = |root: &str, content: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{WORDPROCESSING_NAMESPACE}">{content}</w:{root}>"#
            )
        };
        let styles = self.styles.map(|styles| wrap("styles", styles));
        let numbering = self.numbering.map(|numbering| wrap("numbering", numbering));
        let mut parts: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", PACKAGE_RELATIONSHIPS.as_bytes()),
            ("word/document.xml", document.as_bytes()),
        ];
        if let Some(styles) = &styles {
            parts.push(("word/styles.xml", styles.as_bytes()));
        }
        if let Some(numbering) = &numbering {
            parts.push(("word/numbering.xml", numbering.as_bytes()));
        }
        for (name, xml) in &self.extra {
            parts.push((name, xml.as_bytes()));
        }
        zip_of(&parts, method)
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

/// A paragraph with `properties` (the content of `w:pPr`) and one run of `text`.
fn paragraph(properties: &str, text: &str) -> String {
    format!("<w:p><w:pPr>{properties}</w:pPr>{}</w:p>", run(text))
}

fn style(id: &str) -> String {
    format!(r#"<w:pStyle w:val="{id}"/>"#)
}

fn list(num_id: u32, level: u32) -> String {
    format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>"#)
}

/// A table cell: its paragraphs (each `(properties, text)`) and the content of its `w:tcPr`.
fn cell(properties: &str, paragraphs: &[(String, &str)]) -> String {
    let paragraphs: String = paragraphs
        .iter()
        .map(|(paragraph_properties, text)| paragraph(paragraph_properties, text))
        .collect();
    // Word never writes an empty cell without a paragraph.
    let paragraphs = if paragraphs.is_empty() {
        "<w:p/>".to_string()
    } else {
        paragraphs
    };
    format!("<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>")
}

fn plain_cell(text: &str) -> String {
    cell("", &[(String::new(), text)])
}

const MERGE_START: &str = r#"<w:vMerge w:val="restart"/>"#;
const MERGE_CONTINUE: &str = "<w:vMerge/>";

fn table(rows: &[Vec<String>]) -> String {
    let rows: String = rows
        .iter()
        .map(|cells| format!("<w:tr>{}</w:tr>", cells.concat()))
        .collect();
    format!("<w:tbl><w:tblPr/>{rows}</w:tbl>")
}

// ---------------------------------------------------------------------------------------------
// Decoding and comparing

fn decode(name: &str, bytes: &[u8]) -> SourceFile {
    source::decode(name, bytes).unwrap_or_else(|error| panic!("{name} decodes: {error}"))
}

fn decode_error(name: &str, bytes: &[u8]) -> SourceError {
    match source::decode(name, bytes) {
        Ok(source) => panic!("{name} should not decode, got:\n{}", source.text),
        Err(error) => error,
    }
}

fn code(error: &SourceError) -> String {
    error
        .code()
        .map(|code| code.to_string())
        .unwrap_or_default()
}

fn help(error: &SourceError) -> String {
    error
        .help()
        .map(|help| help.to_string())
        .unwrap_or_default()
}

/// The model as JSON without what differs between two files of the same plan: the file name, the
/// encoding and the spans.
fn model(document: &Document) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for key in ["span", "file", "encoding"] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(document).expect("the model serializes");
    strip(&mut value);
    value
}

/// Parses the Word document and the text version and checks that they give the same model;
/// returns the Word document's source and model for further checks.
fn check_same_model(docx: &[u8], text: &str, layout: Layout) -> (SourceFile, Document) {
    let source = decode("plan.docx", docx);
    assert_eq!(source.encoding, "DOCX");
    let from_word = document::parse(&source);
    let from_text = document::parse(&SourceFile::from_text("plan.txt", text));
    assert_eq!(from_text.layout, layout, "text version layout");
    assert!(!from_text.tasks.is_empty(), "the text version has tasks");
    assert_eq!(
        model(&from_word),
        model(&from_text),
        "decoded Word text:\n{}",
        source.text
    );
    (source, from_word)
}

/// Every span of every task, unit and deadline lies on character boundaries of the decoded text.
fn assert_spans_slice(source: &SourceFile, document: &Document) {
    for task in &document.tasks {
        let mut spans = vec![task.span];
        spans.extend(task.units.iter().map(|unit| unit.span));
        spans.extend(task.deadline.iter().map(|deadline| deadline.span));
        for span in spans {
            assert!(
                source.text_at(span).is_some(),
                "task {}: span {span:?} does not slice the decoded text",
                task.label
            );
        }
    }
}

fn text_at(source: &SourceFile, span: Span) -> &str {
    source.text_at(span).unwrap_or("<bad span>")
}

// ---------------------------------------------------------------------------------------------
// 1. A heading plan: headings from styles and outline levels, task numbers typed as text

/// Heading styles as Word (English and Chinese) and other tools write them: an outline level, the
/// built-in name, a localized name, and a custom style based on a heading.
const HEADING_STYLES: &str = r#"
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
    <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>
  <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 3"/></w:style>
  <w:style w:type="paragraph" w:styleId="PartTitle"><w:name w:val="部分标题"/><w:basedOn w:val="a3"/></w:style>
  <w:style w:type="paragraph" w:styleId="10"><w:name w:val="toc 1"/></w:style>"#;

/// The corpus's Markdown-heading plan as a Word document: `#` levels 1–3 become the styles above,
/// level 4 a direct outline level; bold marks become bold runs; blank lines separate nothing. A
/// table of contents in front repeats a part heading with its page number, as Word's does.
fn word_version_of_markdown(markdown: &str) -> Docx<'static> {
    let mut body = paragraph(&style("10"), "一、围绕稳经济做好公开\t2");
    for line in markdown.lines().filter(|line| !line.trim().is_empty()) {
        let hashes = line
            .chars()
            .take_while(|&character| character == '#')
            .count();
        let text = line[hashes..].trim().replace("**", "");
        let bold = line.contains("**");
        let properties = match hashes {
            0 => String::new(),
            1 => style("Heading1"),
            2 => style("2"),
            3 => style("PartTitle"),
            _ => r#"<w:outlineLvl w:val="3"/>"#.to_string(),
        };
        let run = if bold {
            format!(
                r#"<w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r>"#,
                escape(&text)
            )
        } else {
            run(&text)
        };
        body.push_str(&format!("<w:p><w:pPr>{properties}</w:pPr>{run}</w:p>"));
    }
    Docx {
        body,
        styles: Some(HEADING_STYLES),
        ..Docx::default()
    }
}

#[test]
fn a_heading_plan_reads_like_its_markdown_version() {
    let markdown = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/layouts/markdown_headings.md"),
    )
    .expect("the Markdown layout fixture");
    let docx = word_version_of_markdown(&markdown).bytes();
    let (source, document) = check_same_model(&docx, &markdown, Layout::MarkdownHeadings);

    assert!(
        source
            .text
            .contains("\n### 一、围绕稳经济做好公开\n#### （一）做好惠企政策公开\n"),
        "{}",
        source.text
    );
    assert_eq!(document.tasks.len(), 5);
    assert_eq!(
        document
            .doc
            .doc_number
            .as_ref()
            .map(|number| number.text.as_str()),
        Some("青政办发〔2023〕5号")
    );
    // Diagnostics point into the decoded text: a unit's span is its name there.
    let unit = &document.tasks[0].units[0];
    assert_eq!(text_at(&source, unit.span), unit.name);
    assert_eq!(unit.name, "县发展改革局");
    assert_spans_slice(&source, &document);
}

// ---------------------------------------------------------------------------------------------
// 2. A numbered-list plan whose labels exist only as automatic numbering

/// Parts `一、`, sections `（一）`, tasks `1.` that run on across sections (`w:lvlRestart` 0).
const PLAN_NUMBERING: &str = r#"
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="0"/>
      <mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
        <mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="1, 2, 3, ..."/></mc:Choice>
        <mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>
      <w:lvlText w:val="%3."/><w:pPr><w:tabs><w:tab w:val="num" w:pos="420"/></w:tabs></w:pPr></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="0"/>
    <w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#;

const NUMBERED_PLAN_TEXT: &str = "某市2024年政务公开工作要点
一、推进决策公开
（一）规范决策程序
1、公开重大行政决策事项目录。（责任单位：市司法局；完成时限：2024年3月底前）
2、重大决策草案公开征求意见不少于30日。（责任单位：市政府办公室牵头，各区政府配合）
（二）加强政策解读
3、政策文件与解读材料同步公开。（责任单位：市政府办公室；完成时限：全年）
二、优化公开平台
（一）办好政府网站
4、每季度开展网站抽查，发现问题及时整改。（责任单位：市数据局；完成时限：每季度）
三、强化监督保障
1、组织政务公开培训不少于2次。（责任单位：市政府办公室；完成时限：2024年11月底前）
2、年底前公开政府信息公开工作年度报告。（责任单位：各区政府）
";

#[test]
fn automatic_numbering_gives_the_tasks_their_labels() {
    // Each line of the text version without its label, with the list level it has in Word: the
    // labels above exist only in numbering.xml. Parts take their list from their paragraph style
    // (level 0 unless the style says), as heading styles linked to a list do. Part 三 restarts the
    // task numbers (a second list instance with a start override), as Word's "restart at 1" does.
    let paragraphs: [(Option<(u32, u32)>, &str); 13] = [
        (None, "某市2024年政务公开工作要点"),
        (Some((1, 0)), "推进决策公开"),
        (Some((1, 1)), "规范决策程序"),
        (
            Some((1, 2)),
            "公开重大行政决策事项目录。（责任单位：市司法局；完成时限：2024年3月底前）",
        ),
        (
            Some((1, 2)),
            "重大决策草案公开征求意见不少于30日。（责任单位：市政府办公室牵头，各区政府配合）",
        ),
        (Some((1, 1)), "加强政策解读"),
        (
            Some((1, 2)),
            "政策文件与解读材料同步公开。（责任单位：市政府办公室；完成时限：全年）",
        ),
        (Some((1, 0)), "优化公开平台"),
        (Some((1, 1)), "办好政府网站"),
        (
            Some((1, 2)),
            "每季度开展网站抽查，发现问题及时整改。（责任单位：市数据局；完成时限：每季度）",
        ),
        (Some((1, 0)), "强化监督保障"),
        (
            Some((2, 2)),
            "组织政务公开培训不少于2次。（责任单位：市政府办公室；完成时限：2024年11月底前）",
        ),
        (
            Some((2, 2)),
            "年底前公开政府信息公开工作年度报告。（责任单位：各区政府）",
        ),
    ];
    let body: String = paragraphs
        .iter()
        .map(|(numbering, text)| {
            let properties = match numbering {
                Some((1, 0)) => style("PartList"),
                Some((num_id, level)) => list(*num_id, *level),
                None => String::new(),
            };
            paragraph(&properties, text)
        })
        .collect();
    let styles = r#"<w:style w:type="paragraph" w:styleId="PartList"><w:name w:val="部分"/>
        <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;
    let docx = Docx {
        body,
        styles: Some(styles),
        numbering: Some(PLAN_NUMBERING),
        ..Docx::default()
    }
    .bytes();
    let (source, document) = check_same_model(&docx, NUMBERED_PLAN_TEXT, Layout::NumberedItems);

    let lines: Vec<&str> = source.text.lines().collect();
    assert_eq!(
        lines[1..4],
        [
            "一、推进决策公开",
            "（一）规范决策程序",
            "1. 公开重大行政决策事项目录。（责任单位：市司法局；完成时限：2024年3月底前）"
        ]
    );
    assert_eq!(
        lines[8], "（一）办好政府网站",
        "sections restart under a new part"
    );
    assert!(lines[9].starts_with("4. "), "tasks run on across sections");
    assert!(
        lines[11].starts_with("1. "),
        "the start override restarts tasks"
    );
    let labels: Vec<&str> = document
        .tasks
        .iter()
        .map(|task| task.label.as_str())
        .collect();
    assert_eq!(labels, ["1", "2", "3", "4", "1", "2"]);
    // A task's span starts at its generated label.
    assert!(text_at(&source, document.tasks[3].span).starts_with("4. 每季度"));
    assert_spans_slice(&source, &document);
}

// ---------------------------------------------------------------------------------------------
// 3. Table plans: merged cells known from vMerge and gridSpan, several tasks in one cell

const TABLE_PLAN_TEXT: &str = "某区2024年政务公开重点任务分解表

| 工作要求 | 具体任务 | 牵头单位 | 完成时限 |
|---|---|---|---|
| 一、推进决策公开 | | | |
| （一）规范决策程序 | 1. 公开重大行政决策事项目录。<p>2. 决策草案公开征求意见不少于30日。 | 区司法局 | 2024年6月底前 |
| | 3. 做好决策执行情况公开。 | | |
| （二）加强政策解读 | 4. 政策文件与解读材料同步公开。 | 区政府办公室牵头，各街道配合 | 全年 |
| 二、优化政务服务 | | | |
| （三）公开办事指南 | 5. 逐项公开政务服务事项办事指南。 | 区政务服务中心 | 2024年9月底前 |
";

#[test]
fn a_table_plan_with_merged_cells_reads_like_its_pipe_table_version() {
    let numbering = r#"
      <w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/>
        <w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>"#;
    // The task numbers are automatic too, running on from cell to cell.
    let task = |text: &'static str| (list(5, 0), text);
    let part_row = |text: &str| vec![cell(r#"<w:gridSpan w:val="4"/>"#, &[(String::new(), text)])];
    let rows = vec![
        vec![
            plain_cell("工作要求"),
            plain_cell("具体任务"),
            plain_cell("牵头单位"),
            plain_cell("完成时限"),
        ],
        part_row("一、推进决策公开"),
        vec![
            cell(MERGE_START, &[(String::new(), "（一）规范决策程序")]),
            cell(
                "",
                &[
                    task("公开重大行政决策事项目录。"),
                    task("决策草案公开征求意见不少于30日。"),
                ],
            ),
            cell(MERGE_START, &[(String::new(), "区司法局")]),
            cell(MERGE_START, &[(String::new(), "2024年6月底前")]),
        ],
        vec![
            cell(MERGE_CONTINUE, &[]),
            cell("", &[task("做好决策执行情况公开。")]),
            cell(MERGE_CONTINUE, &[]),
            cell(MERGE_CONTINUE, &[]),
        ],
        vec![
            plain_cell("（二）加强政策解读"),
            cell("", &[task("政策文件与解读材料同步公开。")]),
            plain_cell("区政府办公室牵头，各街道配合"),
            plain_cell("全年"),
        ],
        part_row("二、优化政务服务"),
        vec![
            plain_cell("（三）公开办事指南"),
            cell("", &[task("逐项公开政务服务事项办事指南。")]),
            plain_cell("区政务服务中心"),
            plain_cell("2024年9月底前"),
        ],
    ];
    let docx = Docx {
        body: paragraph("", "某区2024年政务公开重点任务分解表") + &table(&rows),
        numbering: Some(numbering),
        ..Docx::default()
    }
    .bytes();
    let (source, document) = check_same_model(&docx, TABLE_PLAN_TEXT, Layout::PipeTable);

    assert!(
        source.text.contains(
            "| 一、推进决策公开 |  |  |  |\n| （一）规范决策程序 | 1. 公开重大行政决策事项目录。 2. 决策草案公开征求意见不少于30日。 | 区司法局 | 2024年6月底前 |\n|  | 3. 做好决策执行情况公开。 |  |  |\n"
        ),
        "{}",
        source.text
    );
    let third = &document.tasks[2];
    assert_eq!(third.label, "3");
    assert!(third.units.iter().all(|unit| unit.inherited), "{third:?}");
    // The unit of the second task, which shares the first task's row, points at the unit cell.
    let unit = &document.tasks[1].units[0];
    assert_eq!(
        (text_at(&source, unit.span), unit.inherited),
        ("区司法局", false)
    );
    assert!(text_at(&source, document.tasks[1].span).starts_with("2. 决策草案"));
    assert_spans_slice(&source, &document);
}

/// The tab-separated seed (a Word table exported one cell per line) rebuilt as the Word table it
/// came from: its header's first cell spans the part and number columns, and every empty cell is
/// the continuation of a vertical merge.
#[test]
fn the_tab_cell_seed_as_a_word_table_gives_the_same_tasks() {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds/004_93f9a653648119be.txt"),
    )
    .expect("the seed");
    let mut lines = seed.lines();
    let title = lines.next().expect("a title line");
    // A line with a leading tab starts a cell; a line without one continues the cell before it
    // (a page break cut it); blank lines only separate rows, which have a fixed width.
    let mut cells: Vec<String> = Vec::new();
    for line in lines {
        if let Some(cell_text) = line.strip_prefix('\t') {
            cells.push(cell_text.trim().to_string());
        } else if !line.trim().is_empty()
            && let Some(last) = cells.last_mut()
        {
            last.push_str(line.trim());
        }
    }
    let (header, body) = cells.split_at(4);
    assert_eq!(body.len() % 5, 0, "the seed's rows have five cells");
    let mut rows = vec![
        std::iter::once(cell(
            r#"<w:gridSpan w:val="2"/>"#,
            &[(String::new(), &header[0])],
        ))
        .chain(header[1..].iter().map(|name| plain_cell(name)))
        .collect::<Vec<_>>(),
    ];
    for row in body.chunks(5) {
        rows.push(
            row.iter()
                .map(|text| {
                    if text.is_empty() {
                        cell(MERGE_CONTINUE, &[])
                    } else {
                        cell(MERGE_START, &[(String::new(), text)])
                    }
                })
                .collect(),
        );
    }
    let docx = Docx {
        body: paragraph("", title) + &table(&rows),
        ..Docx::default()
    }
    .bytes();
    let source = decode("seed.docx", &docx);
    let from_word = document::parse(&source);
    let from_text = document::parse(&SourceFile::from_text("seed.txt", seed.as_str()));
    assert_eq!(
        (from_word.layout, from_text.layout),
        (Layout::PipeTable, Layout::TabCells)
    );

    // The layouts differ, so the comparison is of what an auditor tracks per task.
    let tasks = |document: &Document| -> Vec<String> {
        document
            .tasks
            .iter()
            .map(|task| {
                let units: Vec<String> = task
                    .units
                    .iter()
                    .map(|unit| format!("{}:{:?}:{}", unit.name, unit.role, unit.inherited))
                    .collect();
                let deadline = task.deadline.as_ref().map(|deadline| {
                    format!(
                        "{} {:?} {:?} {:?}",
                        deadline.text, deadline.source, deadline.kind, deadline.date
                    )
                });
                format!(
                    "{} {:?} {:?} | {} | {} | {deadline:?}",
                    task.label,
                    task.part,
                    task.section,
                    task.text,
                    units.join(" ")
                )
            })
            .collect()
    };
    assert_eq!(tasks(&from_word), tasks(&from_text), "{}", source.text);
    assert_eq!(from_word.tasks.len(), 25);
    assert_eq!(from_word.plan_year, from_text.plan_year);
    assert_spans_slice(&source, &from_word);
}

/// What text cannot say and Word can: an empty cell that is not merged has no value, and the grid
/// columns a cell spans over are not merged from above either.
#[test]
fn empty_and_spanned_cells_in_word_are_not_taken_from_above() {
    let rows = vec![
        vec![
            plain_cell("具体任务"),
            plain_cell("责任单位"),
            plain_cell("完成时限"),
        ],
        vec![
            plain_cell("1. 公开政府信息公开工作年度报告。"),
            cell(MERGE_START, &[(String::new(), "县政府办公室")]),
            plain_cell("2024年1月31日前"),
        ],
        vec![
            plain_cell("2. 年底前公开部门预决算。"),
            cell(MERGE_CONTINUE, &[]),
            cell("", &[]),
        ],
        vec![
            plain_cell("3. 公开国民经济和社会发展规划。"),
            cell(r#"<w:gridSpan w:val="2"/>"#, &[(String::new(), "县发改局")]),
        ],
    ];
    let docx = Docx {
        body: paragraph("", "某县2024年政务公开重点任务表") + &table(&rows),
        ..Docx::default()
    }
    .bytes();
    let source = decode("cells.docx", &docx);
    let document = document::parse(&source);
    let summary: Vec<String> = document
        .tasks
        .iter()
        .map(|task| {
            let units: Vec<String> = task
                .units
                .iter()
                .map(|unit| format!("{}{}", unit.name, if unit.inherited { "^" } else { "" }))
                .collect();
            let deadline = task.deadline.as_ref().map_or("-".to_string(), |deadline| {
                format!(
                    "{} {:?} {:?}",
                    deadline.text, deadline.source, deadline.date
                )
            });
            format!("{} | {} | {deadline}", task.label, units.join(" "))
        })
        .collect();
    assert_eq!(
        summary,
        [
            "1 | 县政府办公室 | 2024年1月31日前 Field Some(2024-01-31)",
            // Units merged from above; the deadline cell is empty, so the text's own deadline.
            "2 | 县政府办公室^ | 年底前 Inline Some(2024-12-31)",
            // The unit cell spans the deadline column: no deadline at all.
            "3 | 县发改局 | -",
        ],
        "{}",
        source.text
    );

    // The same table as text cannot tell: its empty cells are read as merged from above.
    let as_text = document::parse(&SourceFile::from_text("cells.txt", source.text.as_str()));
    let deadlines: Vec<Option<&str>> = as_text
        .tasks
        .iter()
        .map(|task| {
            task.deadline
                .as_ref()
                .map(|deadline| deadline.text.as_str())
        })
        .collect();
    assert_eq!(
        deadlines,
        [
            Some("2024年1月31日前"),
            Some("2024年1月31日前"),
            Some("2024年1月31日前")
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// What is not read is noted

#[test]
fn text_boxes_notes_comments_and_headers_are_noted_not_read() {
    let body = [
        paragraph("", "一、总体要求"),
        // A text box anchored in a paragraph, with Word's fallback copy.
        format!(
            r#"<w:p><w:r><w:t>1. 公开年度报告。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>{}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>（责任单位：县政府办公室）</w:t></w:r></w:p>"#,
            paragraph("", "2. 文本框里的任务。"),
            paragraph("", "2. 文本框里的任务。")
        ),
        r#"<w:p><w:r><w:t>3. 公开预决算。</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>（责任单位：县财政局）</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>"#.to_string(),
        // A tracked deletion is not text.
        r#"<w:p><w:del w:id="9"><w:r><w:delText>4. 已删除的任务。</w:delText></w:r></w:del></w:p>"#.to_string(),
    ]
    .concat();
    let page_number_footer = format!(
        r#"<w:ftr xmlns:w="{WORDPROCESSING_NAMESPACE}"><w:p><w:r><w:t>第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> 页</w:t></w:r></w:p></w:ftr>"#
    );
    let header = format!(
        r#"<w:hdr xmlns:w="{WORDPROCESSING_NAMESPACE}"><w:p><w:r><w:t>内部征求意见稿</w:t></w:r></w:p></w:hdr>"#
    );
    let with_header = Docx {
        body: body.clone(),
        extra: vec![
            ("word/footer1.xml", page_number_footer.clone()),
            ("word/header1.xml", header),
        ],
        ..Docx::default()
    };
    let source = decode("notes.docx", &with_header.bytes());
    assert_eq!(
        source.text,
        "一、总体要求\n1. 公开年度报告。（责任单位：县政府办公室）\n3. 公开预决算。（责任单位：县财政局）\n\n"
    );
    assert_eq!(
        source.notes,
        [
            "文档中有文本框，其中的文字未读取",
            "文档中有脚注或尾注，其中的文字未读取",
            "文档中有批注，批注内容未读取",
            "文档的页眉或页脚中有文字，未读取",
        ]
    );
    let document = document::parse(&source);
    let notes: Vec<(&str, Span)> = document
        .problems
        .iter()
        .map(|problem| (problem.code.as_str(), problem.span))
        .collect();
    assert_eq!(notes, [("P003", Span(0, 0)); 4]);
    assert_eq!(document.tasks.len(), 2);

    // Page numbers alone in a footer are not worth a note.
    let page_numbers_only = Docx {
        body: paragraph("", "1. 公开年度报告。（责任单位：县政府办公室）"),
        extra: vec![("word/footer1.xml", page_number_footer)],
        ..Docx::default()
    };
    assert!(
        decode("plain.docx", &page_numbers_only.bytes())
            .notes
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Files that are not (readable) Word documents

const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn ole_file(stream_names: &[&str]) -> Vec<u8> {
    let mut bytes = OLE_SIGNATURE.to_vec();
    bytes.resize(512, 0);
    for name in stream_names {
        bytes.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
        bytes.resize(bytes.len() + 64, 0);
    }
    bytes
}

#[test]
fn old_word_wps_encrypted_and_rtf_files_ask_for_docx() {
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "通知.doc",
            ole_file(&["WordDocument", "1Table"]),
            "旧版 Word 二进制文件（.doc）或其他 OLE 格式的 Office 文件",
        ),
        (
            "通知.WPS",
            ole_file(&["WordDocument"]),
            "WPS 文字的旧版二进制文件（.wps）",
        ),
        (
            "加密.docx",
            ole_file(&["EncryptionInfo", "EncryptedPackage"]),
            "设有打开密码（已加密）的 Office 文件",
        ),
        (
            "网页导出.doc",
            b"{\\rtf1\\ansi 1. text}".to_vec(),
            "RTF 格式文件",
        ),
    ];
    for (name, bytes, kind) in cases {
        let error = decode_error(name, &bytes);
        assert_eq!(code(&error), "S005", "{name}");
        assert_eq!(
            error.to_string(),
            format!("文件 {name} 是{kind}，wenshen 无法读取")
        );
        assert!(help(&error).contains("另存为 .docx"), "{}", help(&error));
        assert_eq!(error.name(), name);
    }
}

#[test]
fn damaged_and_foreign_zips_are_coded_errors() {
    let workbook = zip_of(
        &[("xl/workbook.xml", b"<workbook/>".as_slice())],
        CompressionMethod::Deflated,
    );
    let good = Docx {
        body: paragraph("", "1. 公开年度报告。"),
        ..Docx::default()
    }
    .bytes();
    let truncated = good[..good.len() / 2].to_vec();
    let bad_xml = zip_of(
        &[(
            "word/document.xml",
            b"<w:document><w:body><w:p></w:body>".as_slice(),
        )],
        CompressionMethod::Deflated,
    );
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "表格.docx",
            workbook,
            "压缩包中没有 word/document.xml，不是 Word 文档",
        ),
        ("截断.docx", truncated, "压缩包已损坏"),
        (
            "乱码.docx",
            b"PK\x03\x04 not really a zip".to_vec(),
            "压缩包已损坏",
        ),
        (
            "坏.docx",
            bad_xml,
            "正文（word/document.xml）不是格式正确的 XML",
        ),
    ];
    for (name, bytes, reason) in cases {
        let error = decode_error(name, &bytes);
        assert_eq!(code(&error), "S006", "{name}: {error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("无法读取 Word 文档 {name}：{reason}")),
            "{error}"
        );
    }

    // Damaged styles or numbering cost headings and labels, not the document.
    let damaged_definitions = Docx {
        body: paragraph(&list(1, 0), "公开年度报告。"),
        styles: Some("<w:style>"),
        numbering: Some("<w:num></w:abstractNum>"),
        ..Docx::default()
    };
    let source = decode("样式坏.docx", &damaged_definitions.bytes());
    assert_eq!(source.text, "公开年度报告。\n");
    assert_eq!(
        source.notes,
        [
            "样式表（word/styles.xml）已损坏，无法据样式识别标题",
            "编号定义（word/numbering.xml）已损坏，自动编号未能还原"
        ]
    );

    let empty_body = Docx::default().bytes();
    assert_eq!(code(&decode_error("空.docx", &empty_body)), "S002");
}

#[test]
fn a_document_xml_past_the_cap_is_refused_before_it_is_read_whole() {
    // Stored, not deflated, so that building the test file is quick; the cap is on decompressed
    // bytes either way.
    let limit = usize::try_from(source::MAX_DECOMPRESSED_BYTES).expect("fits in memory");
    let mut huge = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    huge.resize(limit + 1024, b'x');
    let bytes = zip_of(
        &[("word/document.xml", huge.as_slice())],
        CompressionMethod::Stored,
    );
    drop(huge);
    let error = decode_error("炸弹.docx", &bytes);
    assert_eq!(code(&error), "S007", "{error}");
    assert_eq!(
        error.to_string(),
        "Word 文档 炸弹.docx 解压后超过 64 MiB，为防范压缩炸弹已停止读取"
    );
}

/// Damage anywhere in a Word document gives a document or a coded error, never a panic. Stored
/// (uncompressed) parts let the damage reach the XML, numbering and styles readers, not only the
/// zip reader's checksums.
#[test]
fn damaged_bytes_never_panic() {
    let plan = Docx {
        body: [
            paragraph(&style("Heading1"), "一、总体要求"),
            paragraph(&list(1, 2), "公开年度报告。（责任单位：县政府办公室）"),
            table(&[
                vec![plain_cell("具体任务"), plain_cell("责任单位")],
                vec![
                    plain_cell("1. 公开预决算。"),
                    cell(r#"<w:gridSpan w:val="2"/><w:vMerge/>"#, &[]),
                ],
            ]),
        ]
        .concat(),
        styles: Some(HEADING_STYLES),
        numbering: Some(PLAN_NUMBERING),
        ..Docx::default()
    };
    for bytes in [plan.bytes_with(CompressionMethod::Stored), plan.bytes()] {
        let mut damaged_versions = Vec::new();
        for position in (0..bytes.len()).step_by(7) {
            for value in [0x00, 0xFF] {
                let mut damaged = bytes.clone();
                damaged[position] = value;
                damaged_versions.push(damaged);
            }
            damaged_versions.push(bytes[..position].to_vec());
        }
        for damaged in damaged_versions {
            let outcome = std::panic::catch_unwind(|| {
                if let Ok(source) = source::decode("damaged.docx", &damaged) {
                    let document = document::parse(&source);
                    assert_spans_slice(&source, &document);
                }
            });
            assert!(outcome.is_ok(), "panicked on {} bytes", damaged.len());
        }
    }

    // Deep nesting is read without recursion.
    let deep = Docx {
        body: "<w:tbl><w:tr><w:tc>".repeat(20_000) + &"</w:tc></w:tr></w:tbl>".repeat(20_000),
        ..Docx::default()
    };
    // Only the outermost table makes rows; the nested ones hold no text.
    let source = decode("deep.docx", &deep.bytes());
    assert_eq!(source.text, "|  |\n|---|\n\n");
    document::parse(&source);
}

// ---------------------------------------------------------------------------------------------
// The command line

fn wenshen(arguments: &[&str], directory: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn small_plan() -> Vec<u8> {
    Docx {
        body: [
            paragraph(&style("Heading1"), "一、总体要求"),
            paragraph(
                "",
                "1. 公开年度报告。（责任单位：县政府办公室；完成时限：2024年1月31日前）",
            ),
        ]
        .concat(),
        styles: Some(HEADING_STYLES),
        ..Docx::default()
    }
    .bytes()
}

#[test]
fn wenshen_parse_reads_a_docx_and_finds_docx_files_in_directories() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let plans = directory.path().join("plans");
    std::fs::create_dir_all(&plans).expect("create directory");
    std::fs::write(plans.join("plan.docx"), small_plan()).expect("write");
    std::fs::write(plans.join("old.doc"), ole_file(&["WordDocument"])).expect("write");

    let output = wenshen(&["parse", "plans/plan.docx"], directory.path());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let documents: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(documents[0]["encoding"], "DOCX");
    assert_eq!(documents[0]["tasks"][0]["label"], "1");
    assert_eq!(documents[0]["tasks"][0]["units"][0]["name"], "县政府办公室");

    // A directory: the .docx is read, the .doc is not picked up.
    let output = wenshen(&["parse", "plans"], directory.path());
    assert_eq!(output.status.code(), Some(0));
    let documents: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let files: Vec<&str> = documents
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|document| document["file"].as_str())
        .collect();
    assert_eq!(files, ["plans/plan.docx"]);

    // Named explicitly, the .doc gets the error that says what to do.
    let output = wenshen(&["parse", "plans/old.doc"], directory.path());
    assert_eq!(output.status.code(), Some(2));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("S005"), "{errors}");
    assert!(errors.contains("另存为 .docx"), "{errors}");
}

// ---------------------------------------------------------------------------------------------
// Positions named as Word shows them

/// A plan with a heading, an empty paragraph, a part and a task table: positions in the text made
/// from it fall in Word's paragraphs (counting those with text) and in table, row and grid column,
/// and the report names them so (`第2段`, `表1 第3行 第2列`), not by lines of the pipe table.
#[test]
fn positions_name_words_paragraphs_and_table_cells() {
    let task = "重大行政决策草案公开征求意见，征求意见期限为15日。";
    let body = [
        paragraph(&style("Heading1"), "某县2022年政务公开工作要点"),
        "<w:p/>".to_string(),
        paragraph("", "一、重点领域信息公开"),
        table(&[
            ["序号", "工作任务", "责任单位", "完成时限"]
                .map(plain_cell)
                .to_vec(),
            ["1", "公开政府采购信息。", "县财政局", "2022年12月底前"]
                .map(plain_cell)
                .to_vec(),
            ["2", task, "县司法局", "2022年12月底前"]
                .map(plain_cell)
                .to_vec(),
        ]),
        paragraph("", "二、保障措施"),
    ]
    .concat();
    let docx = Docx {
        body,
        styles: Some(HEADING_STYLES),
        ..Docx::default()
    };
    let source = decode("表格要点.docx", &docx.bytes());
    let at = |needle: &str| {
        let offset = source.text.find(needle).expect("the text is there");
        source
            .word_position(offset)
            .map(|position| (position.element, position.characters_before))
    };
    use wenshen::source::WordElement::{Cell, Paragraph};
    assert_eq!(at("某县"), Some((Paragraph(1), 0)));
    assert_eq!(at("重点领域"), Some((Paragraph(2), 2)));
    assert_eq!(
        at("征求意见期限"),
        Some((
            Cell {
                table: 1,
                row: 3,
                column: 2
            },
            15
        ))
    );
    assert_eq!(
        at("县财政局"),
        Some((
            Cell {
                table: 1,
                row: 2,
                column: 3
            },
            0
        ))
    );
    assert_eq!(at("保障措施"), Some((Paragraph(3), 2)));
    let lines = source.line_index();
    let offset = source.text.find("征求意见期限").unwrap();
    assert_eq!(
        wenshen::report::place_in_words(&source, &lines, offset),
        "表1 第3行 第2列 第16字"
    );

    // The consultation period is too short (GK201): its page names the cell.
    let rule_set = wenshen::rules::load(&wenshen::rules::bundled(), &[]).unwrap();
    let engine = wenshen::engine::Engine::new(rule_set, wenshen::engine::Calendar::bundled());
    let files = engine.check(vec![source]);
    let finding = files[0]
        .findings
        .iter()
        .find(|finding| finding.code == "GK201")
        .expect("GK201 on the 15-day period");
    let place = wenshen::report::place_in_words(
        &files[0].source,
        &files[0].source.line_index(),
        finding.span.start(),
    );
    assert!(place.starts_with("表1 第3行 第2列"), "{place}");
    let coverage = engine.coverage(&files);
    let page = wenshen::report::html::Folder::new(&files, &coverage).page(1);
    assert!(
        page.contains(&format!(r#"<span class="place">{place}</span>"#)),
        "{place}"
    );
    assert!(
        !page.contains(r#"<span class="place">第 "#),
        "no line numbers"
    );
    // The excerpt's gutter names the table row its line was made from.
    assert!(page.contains(r#"<span class="gutter">表1 第3行</span>"#));
}
