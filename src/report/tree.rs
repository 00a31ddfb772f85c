//! `parse --format tree`: an outline of one document that a person can read and check by eye.
//!
//! Deterministic and uncoloured, so that it can be snapshotted. Enum values are written with their
//! JSON names (`month_end`, `at_least`), so the outline and the JSON speak the same words.

use std::fmt::Write;

use crate::document::{
    Bound, DeadlineSource, Document, Quantity, QuantityKind, QuantityUnit, Task, Unit, UnitRole,
};

/// How many characters of a task's text the outline shows before `…`.
const TASK_TEXT_CHARS: usize = 30;

/// Renders the outline: file, encoding, layout and the notice fields present, then parts →
/// sections → tasks (each with its units, deadline and quantities) in source order, then problems.
pub fn render_tree(document: &Document) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail, so the `fmt::Result`s below are discarded.
    let _ = render_into(&mut out, document);
    out
}

fn render_into(out: &mut String, document: &Document) -> std::fmt::Result {
    writeln!(out, "{}", document.file)?;
    writeln!(out, "  编码：{}", document.encoding)?;
    writeln!(
        out,
        "  版式：{}（依据：{}）",
        super::html::layout_name(document.layout),
        document.layout_evidence
    )?;
    render_notice(out, document)?;
    writeln!(out, "  任务：{} 项", document.tasks.len())?;

    for entry in outline_entries(document) {
        match entry {
            OutlineEntry::Part(part) => {
                writeln!(out, "  {}、{}", part.label, one_line(&part.title))?
            }
            OutlineEntry::Section(section) => {
                let depth = 1 + usize::from(section.part.is_some());
                writeln!(
                    out,
                    "{}{}{}",
                    indent(depth),
                    section.label,
                    one_line(&section.title)
                )?;
            }
            OutlineEntry::Task(task) => render_task(out, task)?,
        }
    }

    if !document.problems.is_empty() {
        writeln!(out, "  问题：")?;
        for problem in &document.problems {
            let span = problem.span;
            writeln!(
                out,
                "    {} [{}, {}] {}",
                problem.code,
                span.start(),
                span.end(),
                problem.message
            )?;
            if let Some(help) = &problem.help {
                writeln!(out, "      提示：{help}")?;
            }
        }
    }
    Ok(())
}

fn render_notice(out: &mut String, document: &Document) -> std::fmt::Result {
    let notice = &document.doc;
    if let Some(issuer) = &notice.issuer {
        writeln!(out, "  发文机关：{}", one_line(&issuer.text))?;
    }
    if let Some(doc_number) = &notice.doc_number {
        let year = doc_number
            .year
            .map_or("?".to_string(), |year| year.to_string());
        let serial = doc_number
            .serial
            .map_or("?".to_string(), |serial| serial.to_string());
        writeln!(
            out,
            "  文号：{}（机关代字 {}，年份 {year}，序号 {serial}）",
            doc_number.text, doc_number.agency
        )?;
    }
    if let Some(title) = &notice.title {
        writeln!(out, "  标题：{}", one_line(&title.text))?;
    }
    if let Some(recipients) = &notice.recipients {
        writeln!(out, "  主送：{}", one_line(&recipients.text))?;
    }
    if let Some(attachment) = &notice.attachment {
        writeln!(out, "  附件：{}", one_line(&attachment.text))?;
    }
    if let Some(issue_date) = &notice.issue_date {
        write!(out, "  成文日期：{}", one_line(&issue_date.text))?;
        match issue_date.date {
            Some(date) => writeln!(out, "（{date}）")?,
            None => writeln!(out)?,
        }
    }
    if let Some(plan_title) = &notice.plan_title {
        writeln!(out, "  要点标题：{}", one_line(&plan_title.text))?;
    }
    if let Some(quoted) = &notice.quoted_plan_title {
        writeln!(out, "  通知引用标题：{}", one_line(&quoted.text))?;
    }
    if let Some(disclosure) = &notice.disclosure {
        writeln!(out, "  公开方式：{}", one_line(&disclosure.text))?;
    }
    if let Some(plan_year) = document.plan_year {
        writeln!(out, "  年度：{plan_year}")?;
    }
    Ok(())
}

fn render_task(out: &mut String, task: &Task) -> std::fmt::Result {
    let depth = 1 + usize::from(task.part.is_some()) + usize::from(task.section.is_some());
    writeln!(
        out,
        "{}{}. {}",
        indent(depth),
        task.label,
        abbreviate(&task.text)
    )?;
    let detail = indent(depth + 1);
    if !task.units.is_empty() {
        let units: Vec<String> = task.units.iter().map(unit_with_marks).collect();
        writeln!(out, "{detail}单位：{}", units.join("、"))?;
    }
    if let Some(deadline) = &task.deadline {
        write!(
            out,
            "{detail}时限：{}（{}，{}",
            one_line(&deadline.text),
            source_name(deadline.source),
            super::ledger::deadline_kind_name(deadline.kind)
        )?;
        if deadline.dates.is_empty() {
            if let Some(date) = deadline.date {
                write!(out, "，{date}")?;
            }
        } else {
            let dates: Vec<String> = deadline.dates.iter().map(ToString::to_string).collect();
            write!(out, "，{}", dates.join("、"))?;
        }
        writeln!(out, "）")?;
    }
    for quantity in &task.quantities {
        writeln!(out, "{detail}数量：{}", describe_quantity(quantity))?;
    }
    Ok(())
}

fn unit_with_marks(unit: &Unit) -> String {
    let mut shown = one_line(&unit.name);
    match unit.role {
        UnitRole::Lead => shown.push_str("[牵头]"),
        UnitRole::Cooperate => shown.push_str("[配合]"),
        UnitRole::Unspecified => {}
    }
    if unit.inherited {
        shown.push_str("[继承]");
    }
    shown
}

fn describe_quantity(quantity: &Quantity) -> String {
    let mut shown = format!(
        "{}（{}，{} {} {}",
        one_line(&quantity.text),
        quantity_kind_name(quantity.kind),
        bound_name(quantity.bound),
        quantity.value,
        quantity_unit_name(quantity.unit)
    );
    if let Some(subject) = &quantity.subject {
        let _ = write!(shown, "，主题：{subject}");
    }
    shown.push('）');
    shown
}

enum OutlineEntry<'document> {
    Part(&'document crate::document::Part),
    Section(&'document crate::document::Section),
    Task(&'document Task),
}

/// Parts, sections and tasks in source order. Ordering by span rather than by the labels a task
/// refers to keeps empty parts and sections, and survives duplicate labels (numbering restarts).
/// The sort is stable and ties put a part before a section before a task, so the outline is
/// deterministic even for elements that start at the same byte.
fn outline_entries(document: &Document) -> Vec<OutlineEntry<'_>> {
    let mut entries: Vec<(usize, u8, OutlineEntry<'_>)> = Vec::new();
    entries.extend(
        document
            .parts
            .iter()
            .map(|part| (part.span.start(), 0, OutlineEntry::Part(part))),
    );
    entries.extend(
        document
            .sections
            .iter()
            .map(|section| (section.span.start(), 1, OutlineEntry::Section(section))),
    );
    entries.extend(
        document
            .tasks
            .iter()
            .map(|task| (task.span.start(), 2, OutlineEntry::Task(task))),
    );
    entries.sort_by_key(|(start, rank, _)| (*start, *rank));
    entries.into_iter().map(|(_, _, entry)| entry).collect()
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

/// Puts an element on one line. Whitespace runs (page breaks and spacing left by extraction) are
/// dropped, since Chinese is written without spaces; only between two ASCII letters or digits,
/// where dropping it would merge two words or numbers, one space stays.
fn one_line(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for piece in text.split_whitespace() {
        let ends_ascii_word = joined
            .chars()
            .last()
            .is_some_and(|last| last.is_ascii_alphanumeric());
        let starts_ascii_word = piece
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_alphanumeric());
        if ends_ascii_word && starts_ascii_word {
            joined.push(' ');
        }
        joined.push_str(piece);
    }
    joined
}

fn abbreviate(text: &str) -> String {
    let flat = one_line(text);
    if flat.chars().count() <= TASK_TEXT_CHARS {
        return flat;
    }
    let mut shown: String = flat.chars().take(TASK_TEXT_CHARS).collect();
    shown.push('…');
    shown
}

/// The name serde gives an enum value (`month_end`), the same word the JSON output uses.
/// Where a deadline was read from, in the words of the outline.
fn source_name(source: DeadlineSource) -> &'static str {
    match source {
        DeadlineSource::Field => "时限栏",
        DeadlineSource::Inline => "正文",
        DeadlineSource::Inherited => "继承",
    }
}

fn quantity_kind_name(kind: QuantityKind) -> &'static str {
    match kind {
        QuantityKind::Duration => "时长",
        QuantityKind::Count => "次数",
        QuantityKind::Percentage => "比例",
    }
}

fn bound_name(bound: Bound) -> &'static str {
    match bound {
        Bound::AtLeast => "不少于",
        Bound::Within => "以内",
        Bound::AtMost => "不超过",
        Bound::Exact => "恰为",
    }
}

fn quantity_unit_name(unit: QuantityUnit) -> &'static str {
    match unit {
        QuantityUnit::Day => "日",
        QuantityUnit::Workday => "工作日",
        QuantityUnit::Hour => "小时",
        QuantityUnit::Month => "月",
        QuantityUnit::Times => "次",
        QuantityUnit::Percent => "%",
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::document::{
        Bound, DateField, Deadline, DeadlineKind, DeadlineSource, DocNumber, DocumentKind, Field,
        Layout, Notice, Part, Problem, QuantityKind, QuantityUnit, Section,
    };
    use crate::source::Span;

    fn field(text: &str) -> Option<Field> {
        Some(Field {
            text: text.to_string(),
            span: Span::default(),
        })
    }

    fn unit(name: &str, role: UnitRole, inherited: bool) -> Unit {
        Unit {
            name: name.to_string(),
            role,
            span: Span::default(),
            inherited,
        }
    }

    fn task(label: &str, section: Option<&str>, start: usize, text: &str) -> Task {
        Task {
            label: label.to_string(),
            part: Some("一".to_string()),
            section: section.map(str::to_string),
            text: text.to_string(),
            span: Span::new(start, start + 10),
            units: Vec::new(),
            deadline: None,
            quantities: Vec::new(),
            cut_off: false,
            unread_unit_cell: None,
            cell: None,
        }
    }

    /// A small plan with every kind of element the outline shows, written by hand so the snapshot
    /// does not move while the parser is being built.
    fn sample() -> Document {
        let mut first = task(
            "1",
            Some("（一）"),
            40,
            "严格落实重大行政决策公开征求意见制度，\n\n涉及群众切身利益的决策草案向社会公开征求意见，期限一般不少于30日。",
        );
        first.units = vec![
            unit("县司法局", UnitRole::Lead, false),
            unit("县直各部门（单位）", UnitRole::Cooperate, true),
        ];
        first.deadline = Some(Deadline {
            text: "10月底前".to_string(),
            source: DeadlineSource::Field,
            kind: DeadlineKind::MonthEnd,
            date: NaiveDate::from_ymd_opt(2022, 10, 31),
            span: Span::default(),
            dates: Vec::new(),
        });
        first.quantities = vec![Quantity {
            text: "不少于30日".to_string(),
            kind: QuantityKind::Duration,
            value: 30.0,
            unit: QuantityUnit::Day,
            bound: Bound::AtLeast,
            subject: Some("征求意见".to_string()),
            clause: "期限一般不少于30日".to_string(),
            span: Span::default(),
        }];
        let mut second = task("2", None, 20, "做好政府信息公开年度报告工作。");
        second.units = vec![unit("各乡镇（街道）", UnitRole::Unspecified, false)];
        second.deadline = Some(Deadline {
            text: "全年".to_string(),
            source: DeadlineSource::Inherited,
            kind: DeadlineKind::AllYear,
            date: None,
            span: Span::default(),
            dates: Vec::new(),
        });

        Document {
            file: "corpus/sample.txt".to_string(),
            encoding: "GB18030".to_string(),
            layout: Layout::NumberedItems,
            layout_evidence: "正文中有“1.”“1、”类编号条目".to_string(),
            doc: Notice {
                issuer: field("某县人民政府办公室"),
                doc_number: Some(DocNumber {
                    text: "某政办发〔2022〕3号".to_string(),
                    span: Span::default(),
                    agency: "某政办发".to_string(),
                    year: Some(2022),
                    serial: Some(3),
                }),
                title: field("某县人民政府办公室关于印发2022年某县政务公开工作要点的通知"),
                issue_date: Some(DateField {
                    text: "2022 年 4 月 28 日".to_string(),
                    span: Span::default(),
                    date: NaiveDate::from_ymd_opt(2022, 4, 28),
                }),
                plan_title: field("2022年某县政务公开工作要点"),
                ..Notice::default()
            },
            plan_year: Some(2022),
            parts: vec![Part {
                label: "一".to_string(),
                title: "推进决策公开".to_string(),
                span: Span::new(10, 20),
            }],
            sections: vec![Section {
                label: "（一）".to_string(),
                part: Some("一".to_string()),
                title: "深化决策公开。".to_string(),
                span: Span::new(30, 40),
            }],
            // Out of source order on purpose: the outline orders by span.
            tasks: vec![first, second],
            problems: vec![Problem {
                code: "P001".to_string(),
                message: "任务编号不连续".to_string(),
                span: Span::new(40, 50),
                help: Some("检查是否漏编".to_string()),
            }],
            kind: DocumentKind::Plan,
            annual: true,
            truncated: None,
            other_lines: Vec::new(),
        }
    }

    #[test]
    fn outline_of_a_sample_plan() {
        insta::assert_snapshot!(render_tree(&sample()));
    }

    #[test]
    fn extraction_whitespace_is_dropped_between_chinese_characters_only() {
        assert_eq!(one_line("生态环\n\n境 保护"), "生态环境保护");
        assert_eq!(one_line("2022 年 4 月 28 日"), "2022年4月28日");
        assert_eq!(
            one_line("  Markdown  heading\n12 345 "),
            "Markdown heading 12 345"
        );
    }

    #[test]
    fn a_bare_document_shows_only_file_encoding_and_layout() {
        let bare = Document {
            file: "a.txt".to_string(),
            encoding: "UTF-8".to_string(),
            layout: Layout::Unstructured,
            layout_evidence: "未见编号条目、章节编号或表格行".to_string(),
            doc: Notice::default(),
            plan_year: None,
            parts: Vec::new(),
            sections: Vec::new(),
            tasks: Vec::new(),
            problems: Vec::new(),
            kind: DocumentKind::Other,
            annual: false,
            truncated: None,
            other_lines: Vec::new(),
        };
        assert_eq!(
            render_tree(&bare),
            "a.txt
  编码：UTF-8
  版式：无任务结构（依据：未见编号条目、章节编号或表格行）
  任务：0 项
"
        );
    }
}
