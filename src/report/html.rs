//! The HTML report, in two forms with the same overview (findings by rule, the coverage matrix
//! across documents, the list of documents): one self-contained page (inline CSS, no script, no
//! external assets) followed by every document's findings with their source excerpts and the
//! tasks that have findings ([`render`]); or, for an archive, a folder ([`Folder`]) whose index
//! holds only the overview and whose pages, one per document, hold its task table and findings.
//! Either way the size grows with the findings and the documents, not with the documents' text.
//!
//! Every piece of document, rule or file-name text goes through [`esc`]; only the markup written
//! here is emitted raw. Element ids are generated (`doc-3`, `doc-3-f-2`), never taken from text.

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use html_escape::encode_quoted_attribute;

use super::Sources;
use crate::document::{Deadline, DeadlineKind, Document, Layout, Task, UnitRole};
use crate::engine::{Checked, Coverage, CoverageRow, Finding};
use crate::rules::Severity;
use crate::source::{LineIndex, SourceFile, Span, WordElement};

/// At most this many source lines are shown for one finding; the rest is elided.
const EXCERPT_LINES: usize = 6;
/// Secondary labels quote at most this many characters of their text.
const QUOTE_CHARS: usize = 60;
/// An excerpt shows at most this many characters of a line before and after the marked text, and
/// of the marked text itself on one line: a finding's excerpt stays small however long its line
/// is (a PDF extraction without line breaks; thousands of findings on one line).
const CONTEXT_CHARS: usize = 80;
const MARKED_CHARS: usize = 200;
/// The list of documents shows at most this many characters of a title.
const TITLE_CHARS: usize = 60;

/// The report's stylesheet: inline in the single page, and in a folder report written once
/// beside its index ([`Folder::STYLESHEET`]) rather than into every page.
pub const STYLESHEET: &str = include_str!("html.css");

/// Escapes `& < > " '`: enough for element content and for quoted attribute values, the only two
/// places text goes (never into a tag name, an unquoted attribute, a URL, a script or a style).
fn esc(text: &str) -> std::borrow::Cow<'_, str> {
    encode_quoted_attribute(text)
}

/// Renders the report for checked files (in the order given) and the coverage matrix made for
/// them (one state per file, in the same order; empty when the rule set has no coverage rules) as
/// one self-contained page. Per document it shows the findings with the lines around them and
/// only the tasks that have findings, so that the page grows with the findings, not with the
/// documents' text.
pub fn render(files: &[Checked], coverage: &[CoverageRow]) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_single(&mut out, files, coverage);
    out
}

/// The report of an archive as a folder: a small index (totals, rule statistics, coverage matrix,
/// the list of documents with their counts) and one page per document. Rendering is pure: the CLI
/// asks for each file's text and writes it where it belongs.
pub struct Folder<'a> {
    files: &'a [Checked],
    coverage: &'a [CoverageRow],
    sources: Sources<'a>,
}

impl<'a> Folder<'a> {
    /// The index page, relative to the folder.
    pub const INDEX: &'static str = "index.html";
    /// The stylesheet every page links to, relative to the folder; its text is [`STYLESHEET`].
    pub const STYLESHEET: &'static str = "wenshen.css";
    /// The folder of the document pages, relative to the report folder.
    pub const PAGES: &'static str = "docs";

    pub fn new(files: &'a [Checked], coverage: &'a [CoverageRow]) -> Folder<'a> {
        Folder {
            files,
            coverage,
            sources: Sources::new(files),
        }
    }

    /// How many document pages there are: one per checked file.
    pub fn pages(&self) -> usize {
        self.files.len()
    }

    /// The path of document page `number` (1-based), relative to the report folder.
    pub fn page_path(number: usize) -> String {
        format!("{}/{number}.html", Folder::PAGES)
    }

    /// The index page: no document text, so that it stays small for thousands of documents.
    pub fn index(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = write_index(&mut out, self.files, self.coverage);
        out
    }

    /// Document page `number` (1-based); empty past the last document.
    pub fn page(&self, number: usize) -> String {
        let mut out = String::new();
        if let Some(file) = number.checked_sub(1).and_then(|at| self.files.get(at)) {
            // Writing into a String cannot fail.
            let _ = write_document_page(&mut out, number, self.files.len(), file, &self.sources);
        }
        out
    }
}

/// Where the report's links to a document go: an anchor on the same page, or its own page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Single,
    Folder,
}

impl Mode {
    fn document_link(self, number: usize) -> String {
        match self {
            Mode::Single => format!("#doc-{number}"),
            Mode::Folder => Folder::page_path(number),
        }
    }
}

/// The page's head; the style inline, or linked from `stylesheet` (a folder report's pages).
fn write_head(out: &mut String, title: &str, stylesheet: Option<&str>) -> fmt::Result {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="zh-CN">"#)?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(out, "<title>{}</title>", esc(title))?;
    match stylesheet {
        Some(href) => writeln!(out, r#"<link rel="stylesheet" href="{}">"#, esc(href))?,
        None => writeln!(out, "<style>\n{STYLESHEET}</style>")?,
    }
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")
}

fn write_foot(out: &mut String) -> fmt::Result {
    writeln!(out, "</main>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

fn write_header(out: &mut String, files: &[Checked]) -> fmt::Result {
    let super::Totals {
        errors,
        warnings,
        infos,
        ..
    } = super::Totals::of(files);
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>文审报告</h1>")?;
    writeln!(
        out,
        r#"<p class="totals">检查了 {} 份文件：<span class="sev error">{errors} 个错误</span> <span class="sev warning">{warnings} 个警告</span> <span class="sev info">{infos} 个提示</span></p>"#,
        files.len()
    )?;
    writeln!(out, "</header>")
}

/// The overview both forms share: navigation, findings by rule, the coverage matrix and the list
/// of documents, each linked to its section or page.
fn write_overview(
    out: &mut String,
    files: &[Checked],
    coverage: &[CoverageRow],
    mode: Mode,
) -> fmt::Result {
    write_header(out, files)?;
    writeln!(out, "<nav>")?;
    writeln!(out, r##"<a href="#rules">按规则统计</a>"##)?;
    if !coverage.is_empty() {
        writeln!(out, r##"<a href="#coverage">覆盖矩阵</a>"##)?;
    }
    writeln!(out, r##"<a href="#summary">文件列表</a>"##)?;
    writeln!(out, "</nav>")?;
    writeln!(out, "<main>")?;
    write_rule_statistics(out, files)?;
    if !coverage.is_empty() {
        write_coverage(out, files, coverage, mode)?;
    }
    write_summary(out, files, mode)
}

fn write_single(out: &mut String, files: &[Checked], coverage: &[CoverageRow]) -> fmt::Result {
    write_head(out, "文审报告", None)?;
    write_overview(out, files, coverage, Mode::Single)?;
    let sources = Sources::new(files);
    for (index, file) in files.iter().enumerate() {
        write_document(out, index + 1, file, &sources, Mode::Single)?;
    }
    write_foot(out)
}

fn write_index(out: &mut String, files: &[Checked], coverage: &[CoverageRow]) -> fmt::Result {
    write_head(out, "文审报告", Some(Folder::STYLESHEET))?;
    write_overview(out, files, coverage, Mode::Folder)?;
    write_foot(out)
}

fn write_document_page(
    out: &mut String,
    number: usize,
    count: usize,
    file: &Checked,
    sources: &Sources<'_>,
) -> fmt::Result {
    let stylesheet = format!("../{}", Folder::STYLESHEET);
    write_head(
        out,
        &format!("{} — 文审报告", file.source.name),
        Some(&stylesheet),
    )?;
    writeln!(out, r#"<nav class="pager">"#)?;
    writeln!(out, r#"<a href="../{}">← 总览</a>"#, Folder::INDEX)?;
    if number > 1 {
        writeln!(out, r#"<a href="{}.html">上一份</a>"#, number - 1)?;
    }
    if number < count {
        writeln!(out, r#"<a href="{}.html">下一份</a>"#, number + 1)?;
    }
    writeln!(out, "</nav>")?;
    writeln!(out, "<main>")?;
    write_document(out, number, file, sources, Mode::Folder)?;
    write_foot(out)
}

/// The list of documents: per file its full path (linked to its section or page), title, layout,
/// year, tasks and findings by severity.
fn write_summary(out: &mut String, files: &[Checked], mode: Mode) -> fmt::Result {
    writeln!(out, r#"<section id="summary">"#)?;
    writeln!(out, "<h2>文件列表</h2>")?;
    writeln!(out, r#"<div class="scroll"><table class="files">"#)?;
    writeln!(
        out,
        r#"<thead><tr><th>文件</th><th>标题</th><th>版式</th><th>年度</th><th class="num">任务</th><th class="num">错误</th><th class="num">警告</th><th class="num">提示</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    for (index, file) in files.iter().enumerate() {
        let count = |severity| {
            file.findings
                .iter()
                .filter(|finding| finding.severity == severity)
                .count()
        };
        let (title, layout, year, tasks) = match &file.document {
            Some(document) => (
                document_title(document),
                layout_name(document.layout),
                document.plan_year.map(|year| year.to_string()),
                document.tasks.len().to_string(),
            ),
            None => ("", "未能解析", None, "—".to_string()),
        };
        writeln!(
            out,
            r#"<tr><td class="path"><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td>{}{}{}</tr>"#,
            mode.document_link(index + 1),
            esc(&file.source.name),
            esc(&first_chars(title, TITLE_CHARS)),
            layout,
            year.as_deref().unwrap_or("—"),
            tasks,
            count_cell(count(Severity::Error), "error"),
            count_cell(count(Severity::Warning), "warning"),
            count_cell(count(Severity::Info), "info"),
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(out, "</section>")
}

/// The findings counted by rule, most frequent first.
fn write_rule_statistics(out: &mut String, files: &[Checked]) -> fmt::Result {
    let mut by_rule: BTreeMap<(&str, &str, Severity), usize> = BTreeMap::new();
    for finding in super::findings(files) {
        *by_rule
            .entry((&finding.code, &finding.name, finding.severity))
            .or_default() += 1;
    }
    let mut by_rule: Vec<_> = by_rule.into_iter().collect();
    by_rule.sort_by(|(a_key, a_count), (b_key, b_count)| {
        b_count.cmp(a_count).then_with(|| a_key.cmp(b_key))
    });
    writeln!(out, r#"<section id="rules">"#)?;
    writeln!(out, "<h2>按规则统计</h2>")?;
    if by_rule.is_empty() {
        writeln!(out, r#"<p class="none">没有发现问题。</p>"#)?;
        return writeln!(out, "</section>");
    }
    writeln!(out, r#"<div class="scroll"><table>"#)?;
    writeln!(
        out,
        r#"<thead><tr><th>规则</th><th>名称</th><th>级别</th><th class="num">发现</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    for ((code, name, severity), count) in by_rule {
        writeln!(
            out,
            r#"<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td class="num">{count}</td></tr>"#,
            esc(code),
            esc(name),
            severity_badge(severity),
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(out, "</section>")
}

fn count_cell(count: usize, class: &str) -> String {
    if count == 0 {
        r#"<td class="num zero">0</td>"#.to_string()
    } else {
        format!(r#"<td class="num {class}">{count}</td>"#)
    }
}

/// The coverage matrix: one row per document (its full path, sticky on the left, so that files of
/// the same name in different folders stay apart), one column per coverage item (headers sticky on
/// top): readable for hundreds of documents, which grow downwards. Cells carry no per-cell title,
/// so that the matrix of thousands of documents stays small; the sticky headers name them.
fn write_coverage(
    out: &mut String,
    files: &[Checked],
    coverage: &[CoverageRow],
    mode: Mode,
) -> fmt::Result {
    writeln!(out, r#"<section id="coverage">"#)?;
    writeln!(out, "<h2>覆盖矩阵</h2>")?;
    writeln!(
        out,
        r#"<p class="legend">每行是一份文件，每列是上级要点的一个重点事项（覆盖规则）。<span class="cell covered">✓</span> 已部署　<span class="cell missing">✗</span> 未部署　<span class="cell na">—</span> 不适用（规则的适用条件不成立，如通知、其他年度或任务过少的文件）　<span class="cell unknown">?</span> 检查出错</p>"#
    )?;
    writeln!(out, r#"<div class="scroll matrix-frame">"#)?;
    writeln!(out, r#"<table class="matrix">"#)?;
    write!(out, r#"<thead><tr><th class="doc">文件</th>"#)?;
    for row in coverage {
        write!(
            out,
            r#"<th class="item" title="{} {}"><code>{}</code><br>{}</th>"#,
            esc(&row.code),
            esc(&row.item),
            esc(&row.code),
            esc(&row.item)
        )?;
    }
    writeln!(out, r#"<th class="num">未部署</th></tr></thead>"#)?;
    writeln!(out, "<tbody>")?;
    for (column, file) in files.iter().enumerate() {
        write!(
            out,
            r#"<tr><th class="doc" scope="row"><a href="{}">{}</a></th>"#,
            mode.document_link(column + 1),
            esc(&file.source.name)
        )?;
        let mut missing = 0;
        for row in coverage {
            let state = row.states.get(column).copied().unwrap_or(Coverage::Unknown);
            let (class, mark) = match state {
                Coverage::Covered => ("covered", "✓"),
                Coverage::Missing => ("missing", "✗"),
                Coverage::NotApplicable => ("na", "—"),
                Coverage::Unknown => ("unknown", "?"),
            };
            missing += usize::from(state == Coverage::Missing);
            write!(out, r#"<td class="cell {class}">{mark}</td>"#)?;
        }
        writeln!(out, r#"<td class="num">{missing}</td></tr>"#)?;
    }
    writeln!(out, "</tbody>")?;
    write!(out, r#"<tfoot><tr><th class="doc">未部署的文件数</th>"#)?;
    for row in coverage {
        let missing = row
            .states
            .iter()
            .filter(|state| **state == Coverage::Missing)
            .count();
        write!(out, r#"<td class="num">{missing}</td>"#)?;
    }
    writeln!(out, "<td></td></tr></tfoot>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "</section>")
}

/// One document: its metadata, parse problems, tasks and findings. On a single page only the
/// tasks with findings are listed (the page must not grow with the documents' text); a document's
/// own page lists them all.
fn write_document(
    out: &mut String,
    number: usize,
    file: &Checked,
    sources: &Sources<'_>,
    mode: Mode,
) -> fmt::Result {
    writeln!(out, r#"<section class="document" id="doc-{number}">"#)?;
    writeln!(out, r#"<h2 class="path">{}</h2>"#, esc(&file.source.name))?;
    // Built once per file: every place and excerpt below looks lines up in it.
    let lines = LineIndex::new(&file.source.text);
    let places = Places::new(&file.source, &lines);
    if let Some(document) = &file.document {
        write_document_meta(out, document)?;
        write_problems(out, document, &places)?;
        write_tasks(out, number, document, &file.findings, mode)?;
    } else {
        writeln!(
            out,
            r#"<p class="meta">解析此文件时发生内部错误，只列出其发现。</p>"#
        )?;
    }
    writeln!(out, "<h3>发现（{}）</h3>", file.findings.len())?;
    if file.findings.is_empty() {
        writeln!(out, r#"<p class="none">没有发现问题。</p>"#)?;
    }
    for (index, finding) in file.findings.iter().enumerate() {
        write_finding(out, number, index + 1, finding, &places, sources)?;
    }
    writeln!(out, "</section>")
}

fn write_document_meta(out: &mut String, document: &Document) -> fmt::Result {
    let notice = &document.doc;
    let mut facts = Vec::new();
    for (name, field) in [
        ("通知标题", notice.title.as_ref()),
        ("要点标题", notice.plan_title.as_ref()),
        ("发文机关", notice.issuer.as_ref()),
    ] {
        if let Some(field) = field {
            facts.push((name, esc(&field.text).into_owned()));
        }
    }
    if let Some(number) = &notice.doc_number {
        facts.push(("发文字号", esc(&number.text).into_owned()));
    }
    if let Some(date) = &notice.issue_date {
        facts.push(("成文日期", esc(&date.text).into_owned()));
    }
    facts.push(("版式", layout_name(document.layout).to_string()));
    if let Some(year) = document.plan_year {
        facts.push(("年度", year.to_string()));
    }
    facts.push(("编码", esc(&document.encoding).into_owned()));
    writeln!(out, r#"<dl class="meta">"#)?;
    for (name, value) in facts {
        writeln!(out, "<div><dt>{name}</dt><dd>{value}</dd></div>")?;
    }
    writeln!(out, "</dl>")
}

fn write_problems(out: &mut String, document: &Document, places: &Places<'_>) -> fmt::Result {
    if document.problems.is_empty() {
        return Ok(());
    }
    writeln!(out, r#"<div class="problems">"#)?;
    writeln!(out, "<h3>解析提示</h3>")?;
    writeln!(out, "<ul>")?;
    for problem in &document.problems {
        let place = format!("{}：", places.describe(problem.span.start()));
        write!(
            out,
            "<li><code>{}</code> {place}{}",
            esc(&problem.code),
            esc(&problem.message)
        )?;
        if let Some(help) = &problem.help {
            write!(out, r#"<div class="help">{}</div>"#, esc(help))?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</div>")
}

fn write_tasks(
    out: &mut String,
    number: usize,
    document: &Document,
    findings: &[Finding],
    mode: Mode,
) -> fmt::Result {
    let flagged = |task: &Task| {
        findings
            .iter()
            .any(|finding| within(finding.span, task.span))
    };
    let shown: Vec<&Task> = match mode {
        Mode::Folder => document.tasks.iter().collect(),
        Mode::Single => document.tasks.iter().filter(|task| flagged(task)).collect(),
    };
    if shown.len() == document.tasks.len() {
        writeln!(out, "<h3>任务（{}）</h3>", document.tasks.len())?;
    } else {
        writeln!(
            out,
            "<h3>任务（{}，下表只列出有发现的 {} 个）</h3>",
            document.tasks.len(),
            shown.len()
        )?;
    }
    if document.tasks.is_empty() {
        return writeln!(out, r#"<p class="none">未识别出任务。</p>"#);
    }
    if shown.is_empty() {
        return Ok(());
    }
    writeln!(out, r#"<div class="scroll"><table class="tasks">"#)?;
    writeln!(
        out,
        r#"<thead><tr><th>序号</th><th>任务</th><th>责任单位</th><th>完成时限</th><th>问题</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    let mut group: Option<(Option<&str>, Option<&str>)> = None;
    for task in shown {
        let this_group = (task.part.as_deref(), task.section.as_deref());
        if group != Some(this_group) && (this_group.0.is_some() || this_group.1.is_some()) {
            writeln!(
                out,
                r#"<tr class="group"><th colspan="5">{}</th></tr>"#,
                esc(&group_title(document, task))
            )?;
        }
        group = Some(this_group);
        let inside: Vec<(usize, &Finding)> = findings
            .iter()
            .enumerate()
            .filter(|(_, finding)| within(finding.span, task.span))
            .collect();
        let links: Vec<String> = inside
            .iter()
            .map(|(index, finding)| {
                format!(
                    r##"<a class="badge {}" href="#doc-{number}-f-{}" title="{}">{}</a>"##,
                    finding.severity.as_str(),
                    index + 1,
                    esc(&finding.message),
                    esc(&finding.code)
                )
            })
            .collect();
        writeln!(
            out,
            r#"<tr{}><td class="label">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            if inside.is_empty() {
                ""
            } else {
                r#" class="flagged""#
            },
            esc(&task.label),
            esc(&task.text),
            units_cell(task),
            task.deadline.as_ref().map_or(String::new(), deadline_cell),
            links.join(" ")
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")
}

fn group_title(document: &Document, task: &Task) -> String {
    let mut title = String::new();
    if let Some(label) = &task.part {
        title.push_str(label);
        title.push('、');
        if let Some(part) = document.parts.iter().find(|part| &part.label == label) {
            title.push_str(&part.title);
        }
    }
    if let Some(label) = &task.section {
        if !title.is_empty() {
            title.push_str(" / ");
        }
        title.push_str(label);
        if let Some(section) = document
            .sections
            .iter()
            .find(|section| &section.label == label && section.part == task.part)
        {
            title.push_str(&section.title);
        }
    }
    title
}

fn units_cell(task: &Task) -> String {
    task.units
        .iter()
        .map(|unit| {
            let role = match unit.role {
                UnitRole::Lead => r#"<span class="role">牵头</span>"#,
                UnitRole::Cooperate => r#"<span class="role">配合</span>"#,
                UnitRole::Unspecified => "",
            };
            format!(r#"<span class="unit">{}{role}</span>"#, esc(&unit.name))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn deadline_cell(deadline: &Deadline) -> String {
    // What the extractor resolved, where it adds to the text: the last day allowed, or that a
    // dated-looking deadline could not be read as a date. 全年, 持续 and 每年 are no dates by nature.
    let resolved = match (deadline.date, deadline.kind) {
        (Some(date), _) => format!("截至 {}", date.format("%Y-%m-%d")),
        (None, DeadlineKind::AllYear | DeadlineKind::Continuous | DeadlineKind::Periodic) => {
            String::new()
        }
        (None, _) => "未能解析为日期".to_string(),
    };
    if resolved.is_empty() {
        esc(&deadline.text).into_owned()
    } else {
        format!(
            r#"{}<div class="resolved">{resolved}</div>"#,
            esc(&deadline.text)
        )
    }
}

fn write_finding(
    out: &mut String,
    number: usize,
    index: usize,
    finding: &Finding,
    places: &Places<'_>,
    sources: &Sources<'_>,
) -> fmt::Result {
    let severity = finding.severity.as_str();
    writeln!(
        out,
        r#"<article class="finding {severity}" id="doc-{number}-f-{index}">"#
    )?;
    let place = format!(
        r#"<span class="place">{}</span>"#,
        places.describe(finding.span.start())
    );
    writeln!(
        out,
        r#"<h4>{} <code>{}</code> <code class="name">{}</code> {place}</h4>"#,
        severity_badge(finding.severity),
        esc(&finding.code),
        esc(&finding.name)
    )?;
    writeln!(out, r#"<p class="message">{}</p>"#, esc(&finding.message))?;
    write_excerpt(out, places, finding.span, &finding.label)?;
    if !finding.secondary.is_empty() {
        writeln!(out, r#"<ul class="secondary">"#)?;
        for label in &finding.secondary {
            let other = sources.get(&label.file);
            let (place, quoted) = other.map_or((String::new(), String::new()), |other| {
                let place = if label.file == finding.file {
                    places.describe(label.span.start())
                } else {
                    sources
                        .indexed(&label.file)
                        .map_or_else(String::new, |(other, index)| {
                            Places::new(other, index).describe(label.span.start())
                        })
                };
                let text = super::span_text(Some(other), label.span);
                let mut quoted: String = text.chars().take(QUOTE_CHARS).collect();
                if text.chars().count() > QUOTE_CHARS {
                    quoted.push('…');
                }
                (place, quoted)
            });
            let file = if label.file == finding.file {
                String::new()
            } else {
                format!("{} ", esc(&label.file))
            };
            writeln!(
                out,
                r#"<li>{file}{place}：<q>{}</q> — {}</li>"#,
                esc(&quoted),
                esc(&label.text)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "<dl>")?;
    if !finding.help.is_empty() {
        writeln!(out, "<dt>建议</dt><dd>{}</dd>", esc(&finding.help))?;
    }
    if !finding.basis.is_empty() {
        writeln!(out, "<dt>依据</dt><dd>{}</dd>", esc(&finding.basis))?;
    }
    writeln!(out, "</dl>")?;
    writeln!(out, "</article>")
}

/// The lines the span covers (at most [`EXCERPT_LINES`]), numbered, the span's text marked.
fn write_excerpt(out: &mut String, places: &Places<'_>, span: Span, label: &str) -> fmt::Result {
    let (text, index) = (&places.source.text, places.lines);
    let first = index.line_column(span.start()).line;
    // The line of the last byte inside the span (an empty span stays on its own line).
    let last = index
        .line_column(span.end().max(span.start() + 1) - 1)
        .line
        .max(first);
    let shown = last.min(first + EXCERPT_LINES - 1);
    writeln!(out, r#"<pre class="excerpt">"#)?;
    for line in first..=shown {
        let Some(range) = index.line_range(line) else {
            break;
        };
        let start = range.start.max(span.start()).min(range.end);
        let end = range.end.min(span.end()).max(start);
        let (Some(before), Some(marked), Some(after)) = (
            text.get(range.start..start),
            text.get(start..end),
            text.get(end..range.end),
        ) else {
            break;
        };
        write!(
            out,
            r#"<span class="gutter">{}</span>"#,
            places.line_label(line, range.start)
        )?;
        write!(out, "{}", esc(&last_chars(before, CONTEXT_CHARS)))?;
        if !marked.is_empty() {
            write!(
                out,
                "<mark>{}</mark>",
                esc(&middle_elided(marked, MARKED_CHARS))
            )?;
        }
        writeln!(out, "{}", esc(&first_chars(after, CONTEXT_CHARS)))?;
    }
    if shown < last {
        writeln!(
            out,
            r#"<span class="gutter">    </span><span class="elided">……（另有 {} 行）</span>"#,
            last - shown
        )?;
    }
    writeln!(out, "</pre>")?;
    if !label.is_empty() {
        writeln!(out, r#"<p class="label">↑ {}</p>"#, esc(label))?;
    }
    Ok(())
}

/// The first `count` characters of `text`, with `…` when some are left out.
fn first_chars(text: &str, count: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(count) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

/// The last `count` characters of `text`, with `…` when some are left out.
fn last_chars(text: &str, count: usize) -> std::borrow::Cow<'_, str> {
    match count
        .checked_sub(1)
        .and_then(|skip| text.char_indices().rev().nth(skip))
    {
        Some((start, _)) if start > 0 => format!("…{}", &text[start..]).into(),
        _ => text.into(),
    }
}

/// `text` whole when it has at most `count` characters, else its start and end around `…`.
fn middle_elided(text: &str, count: usize) -> std::borrow::Cow<'_, str> {
    let head = count * 3 / 4;
    let Some((head_end, _)) = text.char_indices().nth(count) else {
        return text.into();
    };
    let head_end = text.char_indices().nth(head).map_or(head_end, |(at, _)| at);
    let tail = last_chars(&text[head_end..], count - head);
    format!("{}{tail}", &text[..head_end]).into()
}

/// How the report names positions in one document: Word's paragraph or cell for a Word document,
/// else the line and column ([`super::place_in_words`]).
struct Places<'a> {
    source: &'a SourceFile,
    lines: &'a LineIndex<'a>,
}

impl<'a> Places<'a> {
    fn new(source: &'a SourceFile, lines: &'a LineIndex<'a>) -> Places<'a> {
        Places { source, lines }
    }

    fn describe(&self, offset: usize) -> String {
        super::place_in_words(self.source, self.lines, offset)
    }

    /// The gutter of an excerpt's line starting at `start`: the line number, or in a Word
    /// document the paragraph or table row the line was made from (a table row is one line).
    fn line_label(&self, line: usize, start: usize) -> String {
        match self.source.word_position(start).map(|at| at.element) {
            Some(WordElement::Paragraph(paragraph)) => format!("第{paragraph}段"),
            Some(WordElement::Cell { table, row, .. }) => format!("表{table} 第{row}行"),
            None => format!("{line:>4}"),
        }
    }
}

fn within(inner: Span, outer: Span) -> bool {
    outer.start() <= inner.start() && inner.end() <= outer.end()
}

fn severity_badge(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => r#"<span class="badge error">错误</span>"#,
        Severity::Warning => r#"<span class="badge warning">警告</span>"#,
        Severity::Info => r#"<span class="badge info">提示</span>"#,
    }
}

/// The plan title, else the notice title, else "".
fn document_title(document: &Document) -> &str {
    document
        .doc
        .plan_title
        .as_ref()
        .or(document.doc.title.as_ref())
        .map_or("", |field| field.text.as_str())
}

/// The layout in words (the HTML summary, the outline of `parse`).
pub(crate) fn layout_name(layout: Layout) -> &'static str {
    match layout {
        Layout::MarkdownHeadings => "Markdown 标题",
        Layout::Paragraphs => "段落",
        Layout::NumberedItems => "编号条目",
        Layout::PipeTable => "表格",
        Layout::PipeTableCellLines => "表格（逐格分行）",
        Layout::TabCells => "制表符分隔（逐格分行）",
        Layout::TabRows => "制表符分隔（逐行）",
        Layout::Unstructured => "无任务结构",
    }
}
