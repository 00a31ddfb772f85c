//! The document model: what wenshen knows about one plan or notice.
//!
//! Every element carries the [`Span`] of the bytes it came from, so that diagnostics can point at
//! the exact text. The model is serialized as the `parse` JSON schema (documented in README.md);
//! field names here are that schema.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::source::Span;

/// One parsed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The path as given on the command line (or the name given for stdin).
    pub file: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `GB18030`, `UTF-16LE` …).
    pub encoding: String,
    pub layout: Layout,
    /// What the layout was recognised by, for a person (`parse --format tree`).
    pub layout_evidence: String,
    pub doc: Notice,
    /// The year the plan is for, from the plan title (else the notice title, else the doc number).
    pub plan_year: Option<i32>,
    pub parts: Vec<Part>,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    /// Parse warnings: parsing never fails, it reports what it could not read.
    pub problems: Vec<Problem>,
    /// What kind of document this is, from its title, headings, column headers and structure.
    pub kind: DocumentKind,
    /// The title names one calendar year's plan (`2022年政务公开工作要点`), not a shorter period
    /// (`1-2月`) or several years.
    pub annual: bool,
    /// Where the text breaks off in the middle of a sentence (a page cut off): its last line.
    pub truncated: Option<Span>,
    /// Lines that are neither the notice nor an element of the plan, and why: every non-blank line
    /// of the plan is in an element, a problem or here, never dropped unaccounted.
    pub other_lines: Vec<OtherLine>,
}

/// The kind of a document, which decides the rules that apply to it: plan rules (GK1xx) judge only
/// plans and task tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A work plan (工作要点, 实施方案): numbered tasks in text.
    Plan,
    /// A task table (任务分解表, 台账): tasks in rows with unit and deadline columns.
    Table,
    /// A notice, announcement or consultation (通知, 公告, 征求意见).
    Notice,
    /// A policy interpretation (解读).
    Interpretation,
    /// A regulation or measures in articles (第一条 …).
    Regulation,
    Other,
}

/// A line that belongs to no element of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherLine {
    pub kind: OtherKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherKind {
    /// A printed page number (`— 3 —`).
    PageNumber,
    /// Web-page or print furniture: a link line, ICP and phone lines, `…印发`, `(共印20份)`.
    Furniture,
    /// A signature: an issuer's name or a date alone on its line.
    Signature,
    /// A table header, repeated on every page, or a Markdown rule row.
    TableHeader,
    /// A list that is not tasks: attachments, references (`1.《…》`), a covering notice's or a
    /// consultation notice's numbered paragraphs, a regulation's framing article.
    List,
    /// Text before the first task of a part or section: its introduction.
    Preamble,
}

/// The layout a document was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Markdown headings (`#`…`#####`, bold or not) for parts and sections, numbered tasks.
    MarkdownHeadings,
    /// Plain paragraphs: `一、` parts, `(一)` paragraphs as the tasks.
    Paragraphs,
    /// Plain or Markdown text whose tasks are numbered items `1.` `1、` `1．`.
    NumberedItems,
    /// Pipe tables (possibly split over pages with a repeated header).
    PipeTable,
    /// A pipe table printed one cell per line, `|` on its own line between cells.
    PipeTableCellLines,
    /// Tab-separated cells, one cell per line.
    TabCells,
    /// Tab-separated rows, one row per line (a table copied out of Word or a spreadsheet).
    TabRows,
    /// No plan structure recognised (a notice without tasks, or free text).
    Unstructured,
}

/// A text field of the notice with its span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The text, with extraction whitespace removed where the element is a title or name.
    pub text: String,
    pub span: Span,
}

/// `冶政公开发〔2022〕1号`: agency code, year, serial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocNumber {
    pub text: String,
    pub span: Span,
    /// 机关代字, e.g. `冶政公开发`.
    pub agency: String,
    pub year: Option<i32>,
    pub serial: Option<u32>,
}

/// A date as written (`2022年8月19日`) and as a calendar date when it is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateField {
    pub text: String,
    pub span: Span,
    pub date: Option<NaiveDate>,
}

/// The covering notice's metadata. Every field is optional: a bare plan has none of it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Notice {
    pub issuer: Option<Field>,
    pub doc_number: Option<DocNumber>,
    pub title: Option<Field>,
    pub recipients: Option<Field>,
    /// The mark that ends the recipients line, as written (`：`, or a half-width `:`).
    pub recipients_colon: Option<Field>,
    /// The attachment line's first name, after `附件：`, as written.
    pub attachment: Option<Field>,
    pub issue_date: Option<DateField>,
    pub plan_title: Option<Field>,
    /// The plan title as quoted in the notice body (`《…》`), to compare with `plan_title`.
    pub quoted_plan_title: Option<Field>,
    /// The disclosure marking: `此件公开发布`, `主动公开` …
    pub disclosure: Option<Field>,
    /// A consultation's first day, when the notice writes it (`2024年9月12日-2024年10月12日`).
    pub consultation_start: Option<DateField>,
    /// A consultation's last day (`…至…止`, `截止时间为…`, `于…前`), its year taken from the
    /// start or the notice's date when the text leaves it out.
    pub consultation_end: Option<DateField>,
}

impl Notice {
    /// The spans of the fields the notice holds.
    pub fn spans(&self) -> Vec<Span> {
        [
            &self.issuer,
            &self.title,
            &self.recipients,
            &self.recipients_colon,
            &self.attachment,
            &self.plan_title,
            &self.quoted_plan_title,
            &self.disclosure,
        ]
        .into_iter()
        .flatten()
        .map(|field| field.span)
        .chain(self.doc_number.iter().map(|number| number.span))
        .chain(self.issue_date.iter().map(|date| date.span))
        .collect()
    }
}

/// A top-level heading `一、…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Without punctuation: `一`.
    pub label: String,
    pub title: String,
    pub span: Span,
}

/// A second-level heading `（一）…` that groups tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// With full-width parentheses: `（一）`.
    pub label: String,
    pub part: Option<String>,
    pub title: String,
    pub span: Span,
}

/// A numbered unit of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Without punctuation: `1`, `46`, `十七`.
    pub label: String,
    pub part: Option<String>,
    pub section: Option<String>,
    /// The task's text, page-break splits joined, without the label and the unit/deadline clause.
    pub text: String,
    /// Covers the whole task in the source, label and clauses included.
    pub span: Span,
    pub units: Vec<Unit>,
    pub deadline: Option<Deadline>,
    pub quantities: Vec<Quantity>,
    /// The text ends inside this task (a page cut off): what it lacks may be on the lost page.
    pub cut_off: bool,
    /// A unit cell that holds text from which no unit could be read: unreadable, not missing.
    pub unread_unit_cell: Option<Field>,
    /// Tasks numbered inside one table cell (`1.…2.…` in a row's task cell) share this number, the
    /// index of the group's first task: their numbering is the cell's, not the table's.
    pub cell: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    Lead,
    Cooperate,
    Unspecified,
}

/// A responsible unit named for a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    pub role: UnitRole,
    pub span: Span,
    /// Taken from a merged cell or a continued row rather than written for this task.
    pub inherited: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineSource {
    /// A 完成时限 / 时限 field or column.
    Field,
    /// Written inside the task text (`于2022年7月20日前`, `年底前`).
    Inline,
    /// Taken from a merged cell above.
    Inherited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A calendar day: `2022年7月20日前`.
    Date,
    /// The end of a month: `10月底前`, `2022年9月`.
    MonthEnd,
    /// The end of the year: `年底前`, `年内`, `本年度`.
    YearEnd,
    /// `全年`: the whole year, not checkable as a date.
    AllYear,
    /// `持续推进`, `长期`, `长期坚持`.
    Continuous,
    /// `每年`, `每季度`: a recurring duty.
    Periodic,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub text: String,
    pub source: DeadlineSource,
    pub kind: DeadlineKind,
    /// The last day the deadline allows, resolved against the plan year where needed; for a
    /// compound deadline, its first date.
    pub date: Option<NaiveDate>,
    pub span: Span,
    /// Every date of a compound deadline (`2023年3月公开预算,2023年9月公开决算`), in the order
    /// written; empty when it names fewer than two.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Duration,
    Count,
    Percentage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    Day,
    Workday,
    Hour,
    Month,
    Times,
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// 不少于, 不低于, 至少, 以上.
    AtLeast,
    /// …内, 以内.
    Within,
    /// 不超过, 最多.
    AtMost,
    /// A number with no bound word.
    Exact,
}

/// A checkable number in the text: `不少于30日`, `10个工作日内`, `不低于4%`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The bound and the number as written: `不少于30日`.
    pub text: String,
    pub kind: QuantityKind,
    pub value: f64,
    pub unit: QuantityUnit,
    pub bound: Bound,
    /// The words the quantity governs (`征求意见`, `解读`, `答复` …), from the clause around it.
    pub subject: Option<String>,
    /// The clause (sentence part) the quantity sits in, joined.
    pub clause: String,
    pub span: Span,
}

/// A parse warning: something the parser could not read as it expected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// A stable code, `P001`…
    pub code: String,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}
