//! The task ledger (工作台账): one row per task of every document, with its part, section, units,
//! deadline and the findings that fall inside it, as CSV or XLSX bytes; the XLSX workbook has a
//! second sheet for the findings on a document as a whole. Pure: the CLI writes them.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::document::{Deadline, DeadlineKind, Document, Task, UnitRole};
use crate::engine::{Checked, Finding};
use crate::source::LineIndex;

/// The column headers, in order; every row has one cell per header.
pub const HEADERS: [&str; 13] = [
    "文件",
    "部分",
    "小节",
    "序号",
    "任务",
    "牵头单位",
    "配合单位",
    "责任单位",
    "完成时限（原文）",
    "完成时限（解析）",
    "时限类型",
    "问题代码",
    "问题",
];

/// Column widths for XLSX, in Excel's units (about one Latin character; a Chinese character takes
/// about two), sized for typical cells so that the sheet reads without resizing.
const WIDTHS: [f64; 13] = [
    24.0, 22.0, 26.0, 6.0, 60.0, 20.0, 20.0, 20.0, 18.0, 14.0, 10.0, 12.0, 60.0,
];

/// Units in a cell are separated as the plans themselves list them.
const UNIT_SEPARATOR: &str = "、";

/// One task of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    /// The document's file name as given on the command line.
    pub file: String,
    /// `一、标题`, or "" when the task is in no part.
    pub part: String,
    /// `（一）标题`, or "" when the task is in no section.
    pub section: String,
    pub label: String,
    pub text: String,
    /// Units marked as leading (牵头).
    pub lead_units: Vec<String>,
    /// Units marked as cooperating (配合).
    pub cooperating_units: Vec<String>,
    /// Units named without a role (`责任单位：…`).
    pub responsible_units: Vec<String>,
    /// The deadline as written.
    pub deadline: String,
    /// The last day the deadline allows, when the extractor could resolve one.
    pub deadline_date: Option<NaiveDate>,
    /// What kind of deadline it is, in words (`日期`, `月底`, `全年` …).
    pub deadline_kind: String,
    /// `(code, title, message)` of each finding whose primary span lies inside the task.
    pub findings: Vec<(String, String, String)>,
}

impl LedgerRow {
    /// The row as text cells, in the order of [`HEADERS`].
    pub fn cells(&self) -> [Cow<'_, str>; 13] {
        let codes: Vec<&str> = self
            .findings
            .iter()
            .map(|(code, _, _)| code.as_str())
            .collect();
        let messages: Vec<String> = self
            .findings
            .iter()
            .map(|(code, title, message)| format!("{code} {title}：{message}"))
            .collect();
        [
            Cow::Borrowed(&self.file),
            Cow::Borrowed(&self.part),
            Cow::Borrowed(&self.section),
            Cow::Borrowed(&self.label),
            Cow::Borrowed(&self.text),
            Cow::Owned(self.lead_units.join(UNIT_SEPARATOR)),
            Cow::Owned(self.cooperating_units.join(UNIT_SEPARATOR)),
            Cow::Owned(self.responsible_units.join(UNIT_SEPARATOR)),
            Cow::Borrowed(&self.deadline),
            Cow::Owned(
                self.deadline_date
                    .map(|date| date.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            Cow::Borrowed(&self.deadline_kind),
            Cow::Owned(codes.join(" ")),
            Cow::Owned(messages.join("\n")),
        ]
    }
}

/// The ledger rows of checked files, in file then task order; each row has the file's findings
/// whose primary span lies inside the task. A file without a document has no rows.
pub fn rows(files: &[Checked]) -> Vec<LedgerRow> {
    files
        .iter()
        .filter_map(|file| Some((file.document.as_ref()?, &file.findings)))
        .flat_map(|(document, findings)| {
            document
                .tasks
                .iter()
                .map(move |task| row(document, task, findings))
        })
        .collect()
}

fn row(document: &Document, task: &Task, findings: &[Finding]) -> LedgerRow {
    let part = task.part.as_deref().map_or_else(String::new, |label| {
        document
            .parts
            .iter()
            .find(|part| part.label == label)
            .map_or_else(
                || format!("{label}、"),
                |part| format!("{label}、{}", part.title),
            )
    });
    let section = task.section.as_deref().map_or_else(String::new, |label| {
        document
            .sections
            .iter()
            .find(|section| section.label == label && section.part == task.part)
            .map_or_else(
                || label.to_string(),
                |section| format!("{label}{}", section.title),
            )
    });
    let units = |role| {
        task.units
            .iter()
            .filter(|unit| unit.role == role)
            .map(|unit| unit.name.clone())
            .collect()
    };
    let (deadline, deadline_date, deadline_kind) = match &task.deadline {
        Some(deadline) => deadline_cells(deadline),
        None => (String::new(), None, String::new()),
    };
    LedgerRow {
        file: document.file.clone(),
        part,
        section,
        label: task.label.clone(),
        text: task.text.clone(),
        lead_units: units(UnitRole::Lead),
        cooperating_units: units(UnitRole::Cooperate),
        responsible_units: units(UnitRole::Unspecified),
        deadline,
        deadline_date,
        deadline_kind,
        findings: findings
            .iter()
            .filter(|finding| {
                finding.span.start() >= task.span.start() && finding.span.end() <= task.span.end()
            })
            .map(|finding| {
                (
                    finding.code.clone(),
                    finding.title.clone(),
                    finding.message.clone(),
                )
            })
            .collect(),
    }
}

fn deadline_cells(deadline: &Deadline) -> (String, Option<NaiveDate>, String) {
    let kind = deadline_kind_name(deadline.kind);
    (deadline.text.clone(), deadline.date, kind.to_string())
}

/// What kind of deadline it is, in words (the ledger's 时限类型, the outline of `parse`).
pub(crate) fn deadline_kind_name(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Date => "日期",
        DeadlineKind::MonthEnd => "月底",
        DeadlineKind::YearEnd => "年底",
        DeadlineKind::AllYear => "全年",
        DeadlineKind::Continuous => "持续",
        DeadlineKind::Periodic => "定期",
        DeadlineKind::Other => "其他",
    }
}

/// A finding on a document as a whole (coverage, 文号, dates): its primary span lies in none of the
/// document's tasks, so no ledger row holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFinding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: String,
    /// The rule's Chinese title.
    pub title: String,
    /// `错误`, `警告` or `提示`.
    pub severity: &'static str,
    pub message: String,
}

/// The headers of the sheet of document findings, in the order of [`DocumentFinding::cells`].
pub const DOCUMENT_HEADERS: [&str; 7] = ["文件", "行", "列", "问题代码", "规则", "级别", "问题"];

const DOCUMENT_WIDTHS: [f64; 7] = [24.0, 6.0, 6.0, 10.0, 24.0, 6.0, 80.0];

/// The findings of `files` outside every task, in file then position order. A file without a
/// document (its parse failed) has no tasks: all its findings are here.
pub fn document_findings(files: &[Checked]) -> Vec<DocumentFinding> {
    files
        .iter()
        .flat_map(|file| {
            let tasks = file
                .document
                .as_ref()
                .map_or(&[][..], |document| &document.tasks[..]);
            let index = LineIndex::new(&file.source.text);
            file.findings
                .iter()
                .filter(|finding| !tasks.iter().any(|task| inside(finding, task)))
                .map(|finding| {
                    let position = index.line_column(finding.span.start());
                    DocumentFinding {
                        file: finding.file.clone(),
                        line: position.line,
                        column: position.column,
                        code: finding.code.clone(),
                        title: finding.title.clone(),
                        severity: finding.severity.in_words(),
                        message: finding.message.clone(),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn inside(finding: &Finding, task: &Task) -> bool {
    finding.span.start() >= task.span.start() && finding.span.end() <= task.span.end()
}

/// The ledger as CSV: UTF-8 with a byte-order mark, a header row, then one record per task. Cells
/// a spreadsheet would run as a formula are neutralised (see [`neutralise`]).
pub fn render_csv(rows: &[LedgerRow]) -> Vec<u8> {
    // Excel reads a CSV file without a byte-order mark in the system's legacy code page (GBK on
    // Chinese Windows), which garbles UTF-8 Chinese; the BOM makes it read UTF-8.
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        // Writing to a Vec cannot fail, and every record has the header's length.
        let _ = writer.write_record(HEADERS);
        for row in rows {
            let cells = row.cells();
            let _ = writer.write_record(cells.iter().map(|cell| neutralise(cell).into_owned()));
        }
        let _ = writer.flush();
    }
    bytes
}

/// A CSV cell that Excel, WPS or LibreOffice would read as a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises against CSV injection:
/// plan text such as `=HYPERLINK(…)` or `+cmd|' /C calc'!A0` must stay text.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// An XLSX ledger and the cells cut to fit Excel's limit.
#[derive(Debug)]
pub struct Workbook {
    pub bytes: Vec<u8>,
    pub truncated: Vec<TruncatedCell>,
}

/// A cell longer than Excel allows, written cut with a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruncatedCell {
    /// The sheet's name.
    pub sheet: &'static str,
    /// 1-based, as Excel numbers rows (the header is row 1).
    pub row: u32,
    pub header: &'static str,
    /// The cell's length in characters before it was cut.
    pub characters: usize,
}

/// Excel's limit on the text of one cell, in UTF-16 code units.
const CELL_LIMIT: usize = 32_767;

/// Excel's largest row height, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The height of one line of wrapped 11-point text, in points.
const LINE_HEIGHT: f64 = 15.0;

const TASK_SHEET: &str = "工作台账";
const DOCUMENT_SHEET: &str = "文件问题";

/// The ledger as an XLSX workbook. Sheet `工作台账`: one row per task, the header bold, frozen and
/// repeated on every printed page, an autofilter over every column, widths fitted to Chinese
/// text, long cells wrapped with row heights to match, 序号 a number where it is one and the
/// resolved deadline a date; printed A4 landscape, fitted to the page width. Sheet `文件问题`: the
/// findings that lie in no task. A cell over Excel's 32,767 characters is cut with a marker and
/// listed in [`Workbook::truncated`], so that one long cell does not lose the workbook.
pub fn render_xlsx(
    rows: &[LedgerRow],
    documents: &[DocumentFinding],
) -> Result<Workbook, XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut truncated = Vec::new();
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    let number = Format::new().set_align(FormatAlign::Top);

    let sheet = workbook.add_worksheet();
    sheet.set_name(TASK_SHEET)?;
    start_sheet(sheet, &HEADERS, &WIDTHS)?;
    for (row_number, row) in (1u32..).zip(rows) {
        let mut lines = 1;
        for (column, ((cell, header), width)) in
            (0u16..).zip(row.cells().iter().zip(HEADERS).zip(WIDTHS))
        {
            if cell.is_empty() {
                continue;
            }
            match (header, row.deadline_date) {
                ("完成时限（解析）", Some(resolved)) => {
                    sheet.write_datetime_with_format(
                        row_number,
                        column,
                        excel_date(resolved)?,
                        &date,
                    )?;
                    continue;
                }
                ("序号", _) => {
                    if let Ok(label) = cell.parse::<u32>() {
                        sheet.write_number_with_format(row_number, column, label, &number)?;
                        continue;
                    }
                }
                _ => {}
            }
            let text = fit(cell, TASK_SHEET, row_number, header, &mut truncated);
            lines = lines.max(wrapped_lines(&text, width));
            sheet.write_string_with_format(row_number, column, text.as_ref(), &wrapped)?;
        }
        sheet.set_row_height(row_number, row_height(lines))?;
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, last_column(HEADERS.len()))?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(DOCUMENT_SHEET)?;
    start_sheet(sheet, &DOCUMENT_HEADERS, &DOCUMENT_WIDTHS)?;
    for (row_number, finding) in (1u32..).zip(documents) {
        let file = fit(
            &finding.file,
            DOCUMENT_SHEET,
            row_number,
            DOCUMENT_HEADERS[0],
            &mut truncated,
        );
        let message = fit(
            &finding.message,
            DOCUMENT_SHEET,
            row_number,
            DOCUMENT_HEADERS[6],
            &mut truncated,
        );
        sheet.write_string_with_format(row_number, 0, file.as_ref(), &wrapped)?;
        sheet.write_number_with_format(
            row_number,
            1,
            u32::try_from(finding.line).unwrap_or(u32::MAX),
            &number,
        )?;
        sheet.write_number_with_format(
            row_number,
            2,
            u32::try_from(finding.column).unwrap_or(u32::MAX),
            &number,
        )?;
        sheet.write_string_with_format(row_number, 3, &finding.code, &wrapped)?;
        sheet.write_string_with_format(row_number, 4, &finding.title, &wrapped)?;
        sheet.write_string_with_format(row_number, 5, finding.severity, &wrapped)?;
        sheet.write_string_with_format(row_number, 6, message.as_ref(), &wrapped)?;
        let lines = wrapped_lines(&file, DOCUMENT_WIDTHS[0])
            .max(wrapped_lines(&finding.title, DOCUMENT_WIDTHS[4]))
            .max(wrapped_lines(&message, DOCUMENT_WIDTHS[6]));
        sheet.set_row_height(row_number, row_height(lines))?;
    }
    let last_row = u32::try_from(documents.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, last_column(DOCUMENT_HEADERS.len()))?;

    Ok(Workbook {
        bytes: workbook.save_to_buffer()?,
        truncated,
    })
}

/// The header row (bold, frozen, repeated on printed pages), the widths and the print setup.
fn start_sheet(sheet: &mut Worksheet, headers: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    let header = Format::new().set_bold().set_text_wrap();
    for (column, (title, width)) in (0u16..).zip(headers.iter().zip(widths)) {
        sheet.set_column_width(column, *width)?;
        sheet.write_string_with_format(0, column, *title, &header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    // A4 (paper size 9), landscape, every column on one page's width and as many pages down as
    // the rows need (0: no limit).
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn last_column(columns: usize) -> u16 {
    u16::try_from(columns.saturating_sub(1)).unwrap_or(u16::MAX)
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // Months and days always fit in a u8; a year outside Excel's range is its error.
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// The cell as Excel can hold it: cut to [`CELL_LIMIT`] UTF-16 units with a marker saying how long
/// it was, the cut recorded in `truncated`.
fn fit<'a>(
    cell: &'a str,
    sheet: &'static str,
    row: u32,
    header: &'static str,
    truncated: &mut Vec<TruncatedCell>,
) -> Cow<'a, str> {
    if cell.encode_utf16().count() <= CELL_LIMIT {
        return Cow::Borrowed(cell);
    }
    let characters = cell.chars().count();
    let marker = format!("…〔已截断：原文 {characters} 字，完整内容见 CSV 台账〕");
    let room = CELL_LIMIT - marker.encode_utf16().count();
    let mut used = 0;
    let end = cell
        .char_indices()
        .find(|(_, character)| {
            used += character.len_utf16();
            used > room
        })
        .map_or(cell.len(), |(at, _)| at);
    truncated.push(TruncatedCell {
        sheet,
        row: row + 1,
        header,
        characters,
    });
    Cow::Owned(format!("{}{marker}", &cell[..end]))
}

/// How many lines a wrapped cell of `width` (Excel's units: about one Latin character, a Chinese
/// character taking two) shows.
fn wrapped_lines(text: &str, width: f64) -> usize {
    // Excel's column width counts characters of the default font; a little is lost to padding.
    let room = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| ((line.width() as f64) / room).ceil().max(1.0) as usize)
        .sum()
}

fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
}
