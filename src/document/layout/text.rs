//! Text layouts: Markdown-heading plans, plain paragraph plans whose tasks are `(一)` paragraphs,
//! and numbered-item plans (`1.` `1、` `1．`).
//!
//! Parts and sections are told apart by their labels (`一、`, `（一）`), never by heading level,
//! because converted documents use wandering levels. A line continues the open task when the task's
//! text so far stops mid-sentence (a page break split it) or when the task has not yet reached its
//! responsibility clause (which may stand alone on the next line or after a blank line).

use std::sync::LazyLock;

use memchr::memmem;

use super::{Outline, RawTask, line_content, title_after, unplaced_text};
use crate::document::clause::{ClauseState, ClauseTracker, is_unit_name, starts_with_key};
use crate::document::joined::Joined;
use crate::document::lines::{Label, Line, ends_complete, is_date_line, is_junk, label_at_start};
use crate::document::model::{Layout, OtherKind, Part, ProblemCode, Section};

/// Which label marks a task in this plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskLevel {
    /// `1.` items; `（一）` are sections.
    Item,
    /// `（一）` paragraphs are the tasks; there are no sections.
    Section,
    /// `第二条` articles of a regulation are the tasks; lists inside them are their text.
    Article,
}

fn task_level(lines: &[Line]) -> Option<TaskLevel> {
    // Articles are rare: only lines starting with 第 are read for one, and two settle it.
    let articles = lines
        .iter()
        .filter(|line| {
            line.text
                .trim_start()
                .trim_start_matches(['#', '*', ' '])
                .starts_with('第')
        })
        .filter(|line| {
            matches!(
                label_at_start(line_content(line).as_str()),
                Some((Label::Article(_), _))
            )
        })
        .take(2)
        .count();
    if articles >= 2 {
        return Some(TaskLevel::Article);
    }
    let mut sections = false;
    // The first item settles it, usually within the plan's first lines.
    for line in lines.iter().filter(|line| may_start_with_label(line.text)) {
        match label_at_start(line_content(line).as_str()) {
            Some((Label::Item(_), _)) => return Some(TaskLevel::Item),
            Some((Label::Section(_), _)) => sections = true,
            _ => {}
        }
    }
    // Headings run into a paragraph (a page that lost its line breaks) count as well; looked for
    // only where no line starts with a label.
    sections = sections
        || lines.iter().any(|line| {
            let content = line_content(line);
            let text = content.as_str();
            let mut start = 0;
            while let Some(at) = run_heading(text, start) {
                if matches!(label_at_start(&text[at..]), Some((Label::Section(_), _))) {
                    return true;
                }
                start = at;
            }
            false
        });
    sections.then_some(TaskLevel::Section)
}

/// Whether a line, its markup aside, may start with a label: a cheap look that spares most prose
/// lines building their content.
fn may_start_with_label(text: &str) -> bool {
    text.trim_start_matches([' ', '\t', '\u{3000}', '#', '*', '_'])
        .chars()
        .next()
        .is_some_and(|first| first.is_numeric() || "一二三四五六七八九十百（(第<*".contains(first))
}

/// The text layout of a plan: Markdown headings, paragraphs, or numbered items.
pub fn detect(lines: &[Line]) -> Layout {
    let headings = lines
        .iter()
        .filter(|line| {
            let text = line.text.trim_start();
            text.starts_with('#') && label_at_start(line_content(line).as_str()).is_some()
        })
        .count();
    match task_level(lines) {
        _ if headings >= 2 => Layout::MarkdownHeadings,
        Some(TaskLevel::Item) => Layout::NumberedItems,
        Some(TaskLevel::Section | TaskLevel::Article) => Layout::Paragraphs,
        None => Layout::Unstructured,
    }
}

struct OpenTask {
    label: String,
    part: Option<String>,
    section: Option<String>,
    whole: Joined,
    body: Joined,
    /// Whether `body` holds a clause yet, kept up to date line by line.
    clause: ClauseTracker,
}

impl OpenTask {
    fn new(
        label: String,
        part: Option<String>,
        section: Option<String>,
        whole: Joined,
        body: Joined,
    ) -> Self {
        let mut clause = ClauseTracker::default();
        clause.update(body.as_str());
        OpenTask {
            label,
            part,
            section,
            whole,
            body,
            clause,
        }
    }

    fn append(&mut self, piece: &Joined) {
        self.whole.append(piece);
        self.body.append(piece);
        self.clause.update(self.body.as_str());
    }

    /// Whether the next plain line belongs to this task: the text stops mid-sentence, or its
    /// responsibility clause is still to come or was cut by a page break before its bracket closed
    /// (`（责任单位：` + `县审计局）`, `（责任单位：各乡镇（街道）` + `牵头，…）`).
    fn takes(&self) -> bool {
        !ends_complete(self.body.as_str()) || self.clause.state() != ClauseState::Closed
    }

    fn close(self, outline: &mut Outline) {
        if self.label.starts_with('第') && is_framing_article(self.body.as_str()) {
            outline.other_line(OtherKind::List, self.whole.span());
            return;
        }
        outline.tasks.push(RawTask {
            label: self.label,
            part: self.part,
            section: self.section,
            span: self.whole.span(),
            body: self.body.trimmed(),
            units: Vec::new(),
            deadline: None,
        });
    }
}

/// A section heading of an item plan, and how many tasks the outline held when it opened: a
/// section that no item follows is itself a task (`(二)全面推行…` between numbered sections).
struct OpenSection {
    label: String,
    part: Option<String>,
    title: Joined,
    tasks_before: usize,
}

impl OpenSection {
    fn close(self, outline: &mut Outline) {
        // A bare heading (`(一)指导思想`) is not a work item; a titled sentence is.
        let worded = self.title.as_str().chars().count() > 8;
        if outline.tasks.len() == self.tasks_before && worded {
            outline.tasks.push(RawTask {
                label: self.label,
                part: self.part,
                section: None,
                span: self.title.span(),
                body: self.title,
                units: Vec::new(),
                deadline: None,
            });
        }
    }
}

/// The non-blank lines' contents, with items run together on one line (`1、…。2、…。3、…`, as a
/// page that lost its line breaks prints them) split where the next number in sequence follows a
/// sentence end.
fn pieces(lines: &[Line]) -> Vec<Joined> {
    let mut pieces = Vec::new();
    let mut next: Option<u32> = None;
    for line in lines.iter().filter(|line| !line.is_blank()) {
        let content = line_content(line);
        let starts_with_digit = content.as_str().starts_with(|c: char| c.is_numeric());
        if let Some((Label::Item(number), _)) = starts_with_digit
            .then(|| label_at_start(content.as_str()))
            .flatten()
        {
            next = number.parse::<u32>().ok().map(|number| number + 1);
        }
        let mut start = 0;
        while let Some(expected) = next
            && let Some(at) = run_label(&content.as_str()[start..], expected)
        {
            pieces.push(content.slice(start..start + at).trimmed());
            start += at;
            next = Some(expected + 1);
        }
        let rest = match start {
            0 => content,
            _ => content.slice(start..content.as_str().len()),
        };
        split_run_headings(rest, &mut pieces);
    }
    pieces
}

/// Pushes `piece`, split before each part or section heading run into it after a space: a page
/// that lost its line breaks prints `…作用。 一、加强政策解读 (一)深入解读…`. A heading starts there
/// after a sentence end, or after a part heading (which ends without one).
fn split_run_headings(piece: Joined, pieces: &mut Vec<Joined>) {
    // A heading is run in only after a sentence end and a space, or after a part heading: most
    // lines have neither, and a look at their sentence ends spares reading every character.
    if !may_run_in_a_heading(piece.as_str()) {
        pieces.push(piece);
        return;
    }
    let mut start = 0;
    while let Some(at) = run_heading(piece.as_str(), start) {
        pieces.push(piece.slice(start..at).trimmed());
        start = at;
    }
    pieces.push(match start {
        0 => piece,
        _ => piece.slice(start..piece.as_str().len()),
    });
}

/// The sentence ends after which a heading may be run in, searched for as bytes.
static SENTENCE_ENDS: LazyLock<[memmem::Finder<'static>; 2]> =
    LazyLock::new(|| ["。", "；"].map(|end| memmem::Finder::new(end.as_bytes())));

/// The ideographic space, searched for as bytes.
static IDEOGRAPHIC_SPACE: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("\u{3000}".as_bytes()));

/// Whether `text` holds a space, ASCII or ideographic (byte searches: most lines hold none),
/// and starts with a part heading or has a sentence end followed by a space.
fn may_run_in_a_heading(text: &str) -> bool {
    let bytes = text.as_bytes();
    let spaced =
        memchr::memchr2(b' ', b'\t', bytes).is_some() || IDEOGRAPHIC_SPACE.find(bytes).is_some();
    spaced
        && (matches!(label_at_start(text), Some((Label::Part(_), _)))
            || SENTENCE_ENDS.iter().any(|end| {
                end.find_iter(bytes)
                    .any(|at| text[at + end.needle().len()..].starts_with(char::is_whitespace))
            }))
}

/// Where the next heading run into `text` after byte `start` begins (see [`split_run_headings`]).
fn run_heading(text: &str, start: usize) -> Option<usize> {
    text[start..]
        .char_indices()
        .filter(|&(_, c)| c.is_whitespace())
        .map(|(at, c)| start + at + c.len_utf8())
        .find(|&at| {
            // The label first: it rules out nearly every space at a glance.
            matches!(
                label_at_start(&text[at..]),
                Some((Label::Part(_) | Label::Section(_), _))
            ) && {
                let so_far = text[start..at].trim();
                let after_part_heading =
                    matches!(label_at_start(so_far), Some((Label::Part(_), _)))
                        && !so_far.contains(['。', '；']);
                !so_far.is_empty() && (so_far.ends_with(['。', '；']) || after_part_heading)
            }
        })
}

/// Where item `number` starts in `text` right after a sentence end (`。2、`), if it does.
fn run_label(text: &str, number: u32) -> Option<usize> {
    let digits = number.to_string();
    text.match_indices(&digits).map(|(at, _)| at).find(|&at| {
        let before = text[..at].trim_end();
        let after = &text[at + digits.len()..];
        at > 0
            && before.ends_with(['。', '；', ';'])
            && after.starts_with(['、', '.', '．'])
            && !after[after.chars().next().map_or(0, char::len_utf8)..]
                .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// An article that frames a regulation rather than assigning work: its purpose (`为…，制定本办法。`)
/// or a list of required contents (`年度报告应当包括下列内容：（一）…`).
fn is_framing_article(body: &str) -> bool {
    let first_sentence = body.split(['。', '；']).next().unwrap_or_default();
    (body.starts_with('为') && first_sentence.contains("制定本"))
        || body
            .split_once(['：', ':'])
            .is_some_and(|(intro, _)| !intro.contains('。') && intro.contains("下列"))
}

/// `附件：`, `附:`, `附件1`: the line that opens a list of attachments.
fn is_attachment_heading(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with("附件") || text.starts_with("附：") || text.starts_with("附:"))
        && (text.chars().count() <= 5 || text.ends_with([':', '：']))
}

/// An item that only names a document (`《关于…的通知》（国办发〔2018〕123号）`): a reference.
fn is_reference(body: &str) -> bool {
    let body = body.trim().trim_end_matches(['。', '；', ';', '，', ',']);
    body.starts_with('《')
        && body.rfind('》').is_some_and(|close| {
            let tail = &body[close + '》'.len_utf8()..];
            tail.chars().count() <= 24 && !tail.contains(['，', ',', '。'])
        })
}

pub fn parse(lines: &[Line]) -> Outline {
    let level = task_level(lines);
    let mut outline = Outline::default();
    let mut open_section: Option<OpenSection> = None;
    let mut after_task = false;
    let mut in_attachments = false;
    let mut part: Option<String> = None;
    let mut section: Option<String> = None;
    let mut open: Option<OpenTask> = None;
    let mut in_run = false;
    for content in pieces(lines) {
        let continues_run = std::mem::take(&mut in_run);
        let text = content.as_str();
        if is_junk(text) {
            if let Some(task) = open.take() {
                task.close(&mut outline);
            }
            outline.other_line(OtherKind::Furniture, content.span());
            continue;
        }
        if is_attachment_heading(text) {
            if let Some(task) = open.take() {
                task.close(&mut outline);
            }
            in_attachments = true;
            after_task = false;
            outline.other_line(OtherKind::List, content.span());
            continue;
        }
        let label = label_at_start(text).filter(|(label, _)| {
            level != Some(TaskLevel::Article) || matches!(label, Label::Article(_) | Label::Part(_))
        });
        // Numbered attachments and references (`1.《…办法》`) are lists, not work items.
        if let Some((Label::Item(_), label_len)) = &label
            && (in_attachments || is_reference(&text[*label_len..]))
        {
            if let Some(task) = open.take() {
                task.close(&mut outline);
            }
            after_task = false;
            outline.other_line(OtherKind::List, content.span());
            continue;
        }
        let is_task = matches!(
            (&label, level),
            (Some((Label::Item(_), _)), Some(TaskLevel::Item))
                | (Some((Label::Section(_), _)), Some(TaskLevel::Section))
                | (Some((Label::Article(_), _)), Some(TaskLevel::Article))
        );
        match label {
            Some((label, label_len)) if is_task => {
                if let Some(task) = open.take() {
                    task.close(&mut outline);
                }
                after_task = true;
                open = Some(OpenTask::new(
                    label.text().to_string(),
                    part.clone(),
                    section.clone(),
                    content.clone(),
                    content.slice(label_len..text.len()),
                ));
            }
            Some((Label::Part(label), label_len)) => {
                if let Some(task) = open.take() {
                    task.close(&mut outline);
                }
                if let Some(section) = open_section.take() {
                    section.close(&mut outline);
                }
                after_task = false;
                in_attachments = false;
                outline.parts.push(Part {
                    title: title_after(&content, label_len).written().to_string(),
                    label: label.clone(),
                    span: content.span(),
                });
                part = Some(label);
                section = None;
            }
            Some((Label::Section(label), label_len)) => {
                if let Some(task) = open.take() {
                    task.close(&mut outline);
                }
                if let Some(section) = open_section.take() {
                    section.close(&mut outline);
                }
                after_task = false;
                in_attachments = false;
                if level == Some(TaskLevel::Item) {
                    open_section = Some(OpenSection {
                        label: label.clone(),
                        part: part.clone(),
                        title: title_after(&content, label_len),
                        tasks_before: outline.tasks.len(),
                    });
                }
                let label = format!("（{label}）");
                outline.sections.push(Section {
                    label: label.clone(),
                    part: part.clone(),
                    title: title_after(&content, label_len).written().to_string(),
                    span: content.span(),
                });
                section = Some(label);
            }
            _ => match open.as_mut() {
                Some(task)
                    if level == Some(TaskLevel::Article)
                        || task.takes()
                        || starts_with_key(text) =>
                {
                    task.append(&content)
                }
                _ => {
                    if let Some(task) = open.take() {
                        task.close(&mut outline);
                    }
                    // Text between tasks that no task takes is kept as a problem, never dropped
                    // unaccounted; text before the first task of a part is its preamble, and a
                    // name or a date alone on its line is a signature.
                    // A run of such lines is one preamble or one problem.
                    let span = content.span();
                    if !after_task {
                        match outline.other_lines.last_mut() {
                            Some(last) if continues_run && last.kind == OtherKind::Preamble => {
                                last.span = last.span.cover(span);
                            }
                            _ => outline.other_line(OtherKind::Preamble, span),
                        }
                        in_run = true;
                    } else if is_unit_name(text) || is_date_line(text) {
                        outline.other_line(OtherKind::Signature, span);
                    } else {
                        match outline.problems.last_mut() {
                            Some(last) if continues_run && last.code == ProblemCode::P004 => {
                                last.span = last.span.cover(span);
                            }
                            _ => outline.problems.push(unplaced_text(span)),
                        }
                        in_run = true;
                    }
                }
            },
        }
    }
    if let Some(task) = open.take() {
        task.close(&mut outline);
    }
    if let Some(section) = open_section.take() {
        section.close(&mut outline);
    }
    outline
}
