//! The task ledger (工作台账): one row per task of every document, with its part, section, units,
//! deadline and the findings that fall inside it, as CSV or XLSX bytes. Pure: the CLI writes them.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::document::{Deadline, DeadlineKind, Document, Task, UnitRole};
use crate::engine::{Checked, Finding};

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
    /// The last day the deadline allows, `YYYY-MM-DD`, when the extractor could resolve one.
    pub deadline_date: String,
    /// What kind of deadline it is, in words (`日期`, `月底`, `全年` …).
    pub deadline_kind: String,
    /// `(code, message)` of each finding whose primary span lies inside the task.
    pub findings: Vec<(String, String)>,
}

impl LedgerRow {
    /// The row as text cells, in the order of [`HEADERS`].
    pub fn cells(&self) -> [Cow<'_, str>; 13] {
        let codes: Vec<&str> = self
            .findings
            .iter()
            .map(|(code, _)| code.as_str())
            .collect();
        let messages: Vec<String> = self
            .findings
            .iter()
            .map(|(code, message)| format!("{code} {message}"))
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
            Cow::Borrowed(&self.deadline_date),
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
        None => (String::new(), String::new(), String::new()),
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
            .map(|finding| (finding.code.clone(), finding.message.clone()))
            .collect(),
    }
}

fn deadline_cells(deadline: &Deadline) -> (String, String, String) {
    let kind = match deadline.kind {
        DeadlineKind::Date => "日期",
        DeadlineKind::MonthEnd => "月底",
        DeadlineKind::YearEnd => "年底",
        DeadlineKind::AllYear => "全年",
        DeadlineKind::Continuous => "持续",
        DeadlineKind::Periodic => "定期",
        DeadlineKind::Other => "其他",
    };
    let date = deadline
        .date
        .map(|date| date.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    (deadline.text.clone(), date, kind.to_string())
}

/// The ledger as CSV: UTF-8 with a byte-order mark, a header row, then one record per task.
pub fn render_csv(rows: &[LedgerRow]) -> Vec<u8> {
    // Excel reads a CSV file without a byte-order mark in the system's legacy code page (GBK on
    // Chinese Windows), which garbles UTF-8 Chinese; the BOM makes it read UTF-8.
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        // Writing to a Vec cannot fail, and every record has the header's length.
        let _ = writer.write_record(HEADERS);
        for row in rows {
            let _ = writer.write_record(row.cells().iter().map(|cell| cell.as_ref()));
        }
        let _ = writer.flush();
    }
    bytes
}

/// The ledger as an XLSX workbook: one sheet, the header row bold and frozen, an autofilter over
/// every column, widths fitted to Chinese text and long cells wrapped.
pub fn render_xlsx(rows: &[LedgerRow]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("工作台账")?;
    let header = Format::new().set_bold().set_text_wrap();
    let wrapped = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    for (column, (title, width)) in (0u16..).zip(HEADERS.iter().zip(WIDTHS)) {
        sheet.set_column_width(column, width)?;
        sheet.write_string_with_format(0, column, *title, &header)?;
    }
    for (row_number, row) in (1u32..).zip(rows) {
        for (column, cell) in (0u16..).zip(row.cells()) {
            if !cell.is_empty() {
                sheet.write_string_with_format(row_number, column, cell.as_ref(), &wrapped)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let last_column = u16::try_from(HEADERS.len() - 1).unwrap_or(u16::MAX);
    sheet.autofilter(0, 0, last_row, last_column)?;
    workbook.save_to_buffer()
}
