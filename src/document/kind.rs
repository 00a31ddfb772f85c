//! What kind of document a text is (plan, task table, notice, interpretation, regulation), whether
//! it is an annual plan, and whether it breaks off mid-sentence; and, for a plan that yields no
//! task, the evidence of why.
//!
//! The decision reads the genre's own signs — the title's last words, column headers, article
//! headings, a consultation's wording — from the vocabulary in `rules/data/document-kinds.txt`,
//! never one document's words.

use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt};
use regex::Regex;

use super::joined::Joined;
use super::layout::RawTask;
use super::lines::{Line, content, is_junk, label_at_start, without_spaces};
use super::model::{
    Deadline, DeadlineKind, DeadlineSource, DocumentKind, Field, Layout, Notice, Problem, Task,
};
use super::script::matching_view;
use crate::per_thread::PerThread;
use crate::source::Span;

const VOCABULARY: &str = include_str!("../../rules/data/document-kinds.txt");

/// The words of each role of `document-kinds.txt`.
static WORDS: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut words = HashMap::new();
    for line in VOCABULARY.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((role, list)) = line.split_once(':') {
            words.insert(role.trim(), list.split_whitespace().collect());
        }
    }
    words
});

fn words(role: &str) -> &'static [&'static str] {
    WORDS.get(role).map_or(&[], Vec::as_slice)
}

fn ends_with_any(text: &str, role: &str) -> bool {
    words(role).iter().any(|word| text.ends_with(word))
}

fn contains_any(text: &str, role: &str) -> bool {
    words(role).iter().any(|word| text.contains(word))
}

/// A name quoted in a title: `《…》`.
static QUOTED_NAME: LazyLock<PerThread<Regex>> = LazyLock::new(|| PerThread::regex("《[^《》]*》"));

/// The roles a header cell can name; a cell is read for the unit and deadline roles first, so that
/// `决策承办单位` is a unit column although it holds `事项`-like words.
const HEADER_ROLES: [&str; 5] = [
    "header-unit",
    "header-deadline",
    "header-number",
    "header-task",
    "header-note",
];

/// Header cells are short: a longer cell is content.
const HEADER_CELL_CHARS: usize = 12;

/// The column role a header cell names: a short cell that holds a header word.
fn header_role(cell: &str) -> Option<usize> {
    let cell = without_spaces(cell);
    let cell = cell.trim_matches(|c: char| c == '|' || c == '｜');
    if cell.is_empty() || cell.chars().count() > HEADER_CELL_CHARS {
        return None;
    }
    HEADER_ROLES
        .iter()
        .position(|role| words(role).iter().any(|word| cell.contains(word)))
}

/// Whether header roles name a task table: two roles at least, one of them a unit or a deadline.
fn is_decisive(roles: &[usize]) -> bool {
    let mut distinct = roles.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() >= 2 && distinct.iter().any(|&role| role <= 1)
}

/// A table header: one line whose cells (split on `|` or tabs) are mostly header words of a task
/// table; or a run of short lines of one cell each (a table printed one cell per line) holding
/// three header words or more, the `|`-only lines between them skipped.
fn table_header(lines: &[Line]) -> Option<Span> {
    let mut run: Vec<usize> = Vec::new();
    let mut run_span: Option<Span> = None;
    for line in lines {
        let text = line.matching.trim();
        if text.is_empty() || text.chars().all(|c| c == '|') {
            continue;
        }
        let cells: Vec<&str> = text
            .split(['|', '\t'])
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .collect();
        let roles: Vec<usize> = cells.iter().filter_map(|cell| header_role(cell)).collect();
        if cells.len() >= 2 && roles.len() * 2 >= cells.len() && is_decisive(&roles) {
            return Some(line.span);
        }
        let short =
            cells.len() == 1 && without_spaces(cells[0]).chars().count() <= HEADER_CELL_CHARS;
        if !short {
            run.clear();
            run_span = None;
            continue;
        }
        // The header's span starts at its first header cell.
        if !roles.is_empty() || run_span.is_some() {
            run_span = Some(run_span.map_or(line.span, |span| Span::new(span.0, line.span.1)));
        }
        run.extend(roles);
        if run.len() >= 3 && is_decisive(&run) {
            return run_span;
        }
    }
    None
}

/// `第一条` at the start of a line: an article of a regulation.
fn is_article(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('第') else {
        return false;
    };
    let numeral: String = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百零〇".contains(*c) || c.is_ascii_digit())
        .collect();
    !numeral.is_empty() && rest[numeral.len()..].starts_with('条')
}

/// The first non-blank, non-furniture lines' contents, spaces removed.
fn opening(lines: &[Line], count: usize) -> Vec<String> {
    lines
        .iter()
        .map(content)
        .filter(|line| !line.is_empty() && !is_junk(line.as_str()))
        .take(count)
        .map(|line| without_spaces(line.as_str()))
        .collect()
}

/// Decides the kind of the document from its lines (the matching view), its notice header,
/// layout and tasks.
pub fn classify(lines: &[Line], notice: &Notice, layout: Layout, tasks: &[Task]) -> DocumentKind {
    let articles = lines
        .iter()
        .filter(|line| is_article(line.matching.trim_start()))
        .count();
    let title = notice
        .title
        .as_ref()
        .map(|title| without_spaces(&title.text));
    let opening = opening(lines, 8);
    let titled_regulation = opening
        .iter()
        .any(|line| line.chars().count() <= 40 && ends_with_any(line, "regulation-title"));
    if articles >= 3 || (articles >= 2 && titled_regulation) {
        return DocumentKind::Regulation;
    }
    // A title-like line (short, not numbered, not a table row) that ends in an interpretation
    // word, or the genre's opening `现将…解读如下`.
    let interpretation = opening.iter().any(|line| {
        label_at_start(line).is_none()
            && !line.contains('|')
            && ((line.chars().count() <= 40 && ends_with_any(line, "interpretation"))
                || (contains_any(line, "interpretation") && line.contains("如下")))
    });
    if interpretation {
        return DocumentKind::Interpretation;
    }
    let is_table_layout = matches!(
        layout,
        Layout::PipeTable | Layout::PipeTableCellLines | Layout::TabCells | Layout::TabRows
    );
    if let Some(plan_title) = &notice.plan_title {
        let plan_title = without_spaces(&plan_title.text);
        return if is_table_layout || ends_with_any(&plan_title, "table-title") {
            DocumentKind::Table
        } else {
            DocumentKind::Plan
        };
    }
    if is_table_layout || table_header(lines).is_some() {
        return DocumentKind::Table;
    }
    if let Some(title) = &title {
        // `关于印发…实施方案的通知` followed by the plan's tasks is the plan; a plan only named in
        // 《》 (`关于召开《…方案》征求意见会的通知`) is not.
        let unquoted = QUOTED_NAME.replace_all(title, "");
        let issues_plan =
            contains_any(title, "issue-verb") || contains_any(&unquoted, "plan-in-title");
        return if issues_plan && !tasks.is_empty() {
            DocumentKind::Plan
        } else {
            DocumentKind::Notice
        };
    }
    let notice_body = opening.iter().any(|line| {
        contains_any(line, "notice-body")
            || (line.starts_with('各') && line.ends_with([':', '：']) && line.chars().count() <= 60)
    });
    if notice_body {
        return DocumentKind::Notice;
    }
    let assigns = tasks
        .iter()
        .any(|task| !task.units.is_empty() || task.deadline.is_some());
    if assigns {
        return DocumentKind::Plan;
    }
    let consultation = words("consultation")
        .iter()
        .filter(|word| opening.iter().any(|line| line.contains(*word)))
        .count();
    let first_is_label = opening
        .first()
        .is_some_and(|line| label_at_start(line).is_some());
    if consultation >= 2 && !first_is_label {
        return DocumentKind::Notice;
    }
    if tasks.is_empty() {
        DocumentKind::Other
    } else {
        DocumentKind::Plan
    }
}

/// Whether the plan's title (else the notice's) names one calendar year's plan.
pub fn is_annual(notice: &Notice) -> bool {
    let Some(title) = notice.plan_title.as_ref().or(notice.title.as_ref()) else {
        return false;
    };
    let title = without_spaces(&title.text);
    let years = title
        .match_indices('年')
        .filter(|(at, _)| {
            let before = &title[..*at];
            let digits = before
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            digits == 4
        })
        .count();
    let range = title.contains(['-', '—', '－', '至', '~']);
    years == 1 && !range && !contains_any(&title, "sub-year")
}

/// The characters a finished document can end with besides sentence ends: the end of a bracket,
/// a quotation, a table cell.
fn ends_document(text: &str) -> bool {
    let Some(last) = text.trim_end().chars().next_back() else {
        return true;
    };
    // A Latin letter or a digit ends an address, a phone number or a code as often as a cut.
    !((last.is_alphanumeric() && !last.is_ascii())
        || matches!(last, '，' | ',' | '、' | '（' | '(' | '“' | '《' | '：'))
}

/// The last line's span when the text breaks off mid-sentence: its last content line (web
/// furniture skipped) ends in a word, a comma or an opening bracket, and is not a short line (an
/// issuer's name, a date, a disclosure marking, `特此通知`).
pub fn truncation(lines: &[Line]) -> Option<Span> {
    let last: Joined = lines
        .iter()
        .rev()
        .map(content)
        .find(|line| !line.is_empty() && !is_junk(line.as_str()))?;
    let text = last.as_str().trim_end_matches([' ', '|']).trim_end();
    if text.is_empty() || ends_document(text) {
        return None;
    }
    let compact = without_spaces(text);
    // A table row or cell ends in its last cell's words whether or not the row is whole.
    let is_cell = last.as_str().contains(['|', '\t']);
    // A short line (a signature, a date, a disclosure marking, a closing formula) ends a notice
    // without a stop; a numbered line (a task, a heading) never ends a document.
    let is_short = compact.chars().count() <= 20
        && !compact.contains(['，', ',', '、'])
        && label_at_start(&compact).is_none();
    (!is_cell && !is_short).then(|| last.span())
}

/// The problem of a plan or table that yields no task: the error names the header whose columns
/// could not be mapped, or the lines that looked like tasks, or else the title that makes it a plan.
pub fn no_task_problem(lines: &[Line], notice: &Notice) -> Problem {
    let help =
        "请确认任务编号（“1.”“1、”“（一）”）或表头（序号、工作任务、责任单位、完成时限）的写法；\
                用 `wenshen parse --format tree` 查看读出的结构"
            .to_string();
    if let Some(span) = table_header(lines) {
        return Problem {
            code: "P001".to_string(),
            message: "有表头但未读出任何任务：表头各栏未能对应到任务行".to_string(),
            span,
            help: Some(help),
        };
    }
    let looking: Vec<Span> = lines
        .iter()
        .filter(|line| {
            let text = content(line);
            matches!(
                label_at_start(text.as_str()),
                Some((super::lines::Label::Item(_), _))
            )
        })
        .map(|line| line.span)
        .collect();
    if let Some(first) = looking.first() {
        return Problem {
            code: "P001".to_string(),
            message: format!("有{}行像编号任务，但未读出任何任务", looking.len()),
            span: *first,
            help: Some(help),
        };
    }
    let (span, what) = match notice.plan_title.as_ref().or(notice.title.as_ref()) {
        Some(Field { span, text }) => (*span, format!("标题“{text}”表明这是工作要点或任务表")),
        None => (
            lines.first().map_or(Span(0, 0), |line| line.span),
            "表头或标题表明这是工作要点或任务表".to_string(),
        ),
    };
    Problem {
        code: "P001".to_string(),
        message: format!("{what}，但未读出任何任务"),
        span,
        help: Some(help),
    }
}

/// The problem of a text that is neither a plan nor a notice of a known kind and yields no task:
/// a warning, so that nothing passes unread without a word.
pub fn unknown_kind_problem(lines: &[Line]) -> Problem {
    let span = lines
        .iter()
        .find(|line| !line.is_blank())
        .or(lines.first())
        .map_or(Span(0, 0), |line| line.span);
    Problem {
        code: "P009".to_string(),
        message: "未识别出任何任务，也无法判断文件类型（工作要点、任务表、通知、解读或规定）".to_string(),
        span,
        help: Some(
            "若这是工作要点或任务表，请确认标题（如“2023年政务公开工作要点”）、任务编号或表头的写法；\
             用 `wenshen parse --format tree` 查看读出的结构"
                .to_string(),
        ),
    }
}

/// The last task of a table when it is the text's last row and has neither a unit nor a deadline
/// cell while other rows have them: a row cut off with its page.
pub fn cut_row(tasks: &[Task], layout: Layout, lines: &[Line]) -> Option<Span> {
    let is_table = matches!(
        layout,
        Layout::PipeTable | Layout::PipeTableCellLines | Layout::TabCells | Layout::TabRows
    );
    let (last, others) = tasks.split_last()?;
    let bare = |task: &Task| {
        task.units.is_empty() && task.deadline.is_none() && task.unread_unit_cell.is_none()
    };
    let nothing_follows = lines
        .iter()
        .filter(|line| line.span.0 >= last.span.1)
        .all(|line| {
            line.text
                .trim()
                .chars()
                .all(|c| c == '|' || c.is_whitespace())
        });
    (is_table && bare(last) && !others.iter().all(bare) && nothing_follows).then_some(last.span)
}

/// The problem of a text that breaks off mid-sentence.
pub fn truncation_problem(span: Span) -> Problem {
    Problem {
        code: "P007".to_string(),
        message: "文本在句中或表格的一行中结束，疑似不完整（页面被截断）".to_string(),
        span,
        help: Some(
            "请检查原文是否完整；最后一项任务缺少的责任单位或时限可能在截断的部分，不作为缺项报告"
                .to_string(),
        ),
    }
}

/// The task's unit cells as one field, when they hold text: kept to tell an unreadable cell from a
/// missing one once the task is finished.
pub fn unit_cell(raw: &RawTask) -> Option<Field> {
    let mut cells = raw
        .units
        .iter()
        .map(|(cell, _)| cell.text.trimmed())
        .filter(|text| !text.is_empty());
    let mut joined = cells.next()?;
    for cell in cells {
        joined.append(&cell);
    }
    Some(Field {
        text: without_spaces(joined.written()),
        span: joined.span(),
    })
}

/// The problem of a unit cell that holds text no unit was read from.
pub fn unread_unit_problem(cell: &Field) -> Problem {
    Problem {
        code: "P008".to_string(),
        message: format!("责任单位栏“{}”未能读出单位", cell.text),
        span: cell.span,
        help: Some(
            "单位名称应以机构后缀结尾（局、委、办、中心、政府等），多个单位用“、”分隔".to_string(),
        ),
    }
}

/// Characters some deadline holds in every form, vague ones included (`年底前`, `及时`, `长期`,
/// `每季度`, `20个工作日内`, `限期`): a deadline field with none of them and no digit holds no time
/// at all (`县财政局` in a deadline column, `见附件`).
const TIME_CHARACTERS: &str = "年月日号季周天旬时期前内底末后起限届次刻长常持续定每随即";

/// A deadline written in a field or cell of its own from which no time could be read.
pub fn is_unreadable_deadline(deadline: &Deadline) -> bool {
    deadline.source == DeadlineSource::Field
        && deadline.kind == DeadlineKind::Other
        && !matching_view(&deadline.text)
            .chars()
            .any(|c| c.is_numeric() || TIME_CHARACTERS.contains(c) || is_numeral_char(c))
}

fn is_numeral_char(c: char) -> bool {
    "〇零一二三四五六七八九十两".contains(c)
}

/// The problem of a deadline field that holds text no time could be read from.
pub fn unread_deadline_problem(deadline: &Deadline) -> Problem {
    Problem {
        code: "P010".to_string(),
        message: format!("完成时限栏“{}”未能读出时限", without_spaces(&deadline.text)),
        span: deadline.span,
        help: Some(
            "完成时限应写明时间，如“2023年6月底前”“年底前”“持续推进”；若是表格列错位，请核对表头"
                .to_string(),
        ),
    }
}

/// The spans of a task's own (not inherited) cells: tasks of one table row share them.
fn row_cells(task: &Task) -> Option<(Option<Span>, Option<Span>)> {
    let deadline = task
        .deadline
        .as_ref()
        .filter(|deadline| deadline.source == DeadlineSource::Field)
        .map(|deadline| deadline.span);
    let unit = task
        .units
        .iter()
        .find(|unit| !unit.inherited)
        .map(|unit| unit.span);
    (deadline.is_some() || unit.is_some()).then_some((deadline, unit))
}

/// Marks the tasks numbered inside one cell of a table: consecutive tasks with the same own unit
/// and deadline cells came from one row.
pub fn mark_cells(tasks: &mut [Task], layout: Layout) {
    if !matches!(
        layout,
        Layout::PipeTable | Layout::PipeTableCellLines | Layout::TabCells | Layout::TabRows
    ) {
        return;
    }
    let mut start = 0;
    while start < tasks.len() {
        let key = row_cells(&tasks[start]);
        let end = (start + 1..tasks.len())
            .find(|&next| key.is_none() || row_cells(&tasks[next]) != key)
            .unwrap_or(tasks.len());
        if end - start >= 2 {
            let id = u32::try_from(start).ok();
            for task in &mut tasks[start..end] {
                task.cell = id;
            }
        }
        start = end;
    }
}
