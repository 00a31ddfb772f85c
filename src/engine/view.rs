//! What rules see of one document: the parsed model, its text, and the clauses derived from the
//! text (the model has no clause list; rules with `scope clause` need one, with spans).

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use crate::document::{Deadline, Document, Part, Quantity, Section, Task, Unit};
use crate::source::Span;

/// A sentence of the text: split on 。；！？ and line breaks, trimmed, never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub span: Span,
    /// The index of the task whose span contains the clause.
    pub task: Option<usize>,
}

/// Where each clause ends: after a line break or one of 。；！？ (E3 80 82, EF BC 9B, EF BC 81,
/// EF BC 9F in UTF-8). Their UTF-8 forms start with the
/// bytes E3 (。) and EF (；！？), rare in Chinese text, whose characters start with E4–E9; a SIMD
/// search for those bytes spares decoding every character, which every document pays before any
/// rule runs.
fn clause_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'\n', 0xE3, 0xEF, bytes).filter_map(move |at| match bytes[at] {
        b'\n' => Some(at + 1),
        _ => matches!(
            bytes.get(at..at + 3),
            Some(b"\xE3\x80\x82" | b"\xEF\xBC\x9B" | b"\xEF\xBC\x81" | b"\xEF\xBC\x9F")
        )
        .then_some(at + 3),
    })
}

/// A document as the engine evaluates it.
#[derive(Debug)]
pub struct DocView<'a> {
    pub document: &'a Document,
    pub text: &'a str,
    pub clauses: Vec<Clause>,
}

impl<'a> DocView<'a> {
    pub fn new(document: &'a Document, text: &'a str) -> DocView<'a> {
        let mut clauses = Vec::new();
        let mut start = 0;
        for end in clause_ends(text) {
            push_clause(text, start, end, &mut clauses);
            start = end;
        }
        push_clause(text, start, text.len(), &mut clauses);
        assign_tasks(&mut clauses, &document.tasks);
        DocView {
            document,
            text,
            clauses,
        }
    }

    pub fn clause_text(&self, clause: &Clause) -> &'a str {
        self.text.get(clause.span.range()).unwrap_or_default()
    }

    /// Where a document-level finding points: the title, else the first non-blank line.
    pub fn span(&self) -> Span {
        if let Some(title) = self.document.doc.title.as_ref().or(self
            .document
            .doc
            .plan_title
            .as_ref())
        {
            return title.span;
        }
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let lead = line.len() - line.trim_start().len();
                return Span::new(offset + lead, offset + lead + trimmed.len());
            }
            offset += line.len();
        }
        Span::new(0, 0)
    }

    pub fn units(&self) -> impl Iterator<Item = (&'a Unit, &'a Task)> + '_ {
        self.document
            .tasks
            .iter()
            .flat_map(|task| task.units.iter().map(move |unit| (unit, task)))
    }

    pub fn deadlines(&self) -> impl Iterator<Item = (&'a Deadline, &'a Task)> + '_ {
        self.document
            .tasks
            .iter()
            .filter_map(|task| task.deadline.as_ref().map(|deadline| (deadline, task)))
    }

    pub fn quantities(&self) -> impl Iterator<Item = (&'a Quantity, &'a Task)> + '_ {
        self.document
            .tasks
            .iter()
            .flat_map(|task| task.quantities.iter().map(move |q| (q, task)))
    }

    pub fn parts(&self) -> &'a [Part] {
        &self.document.parts
    }

    pub fn sections(&self) -> &'a [Section] {
        &self.document.sections
    }
}

/// Gives each clause the first task (in the document's order) whose span contains it, in one
/// sweep rather than a search of every task per clause, which a large file with many tasks made
/// quadratic. Clauses are disjoint and in text order, so their ends only grow: a task that ends
/// before one clause ends contains no later clause either.
fn assign_tasks(clauses: &mut [Clause], tasks: &[Task]) {
    let mut by_start: Vec<usize> = (0..tasks.len()).collect();
    by_start.sort_by_key(|&index| tasks[index].span.start());
    let mut to_open = by_start.into_iter().peekable();
    // Tasks that started at or before the current clause and have not ended before it.
    let mut open = BTreeSet::new();
    let mut by_end = BinaryHeap::new();
    for clause in clauses {
        while let Some(index) =
            to_open.next_if(|&index| tasks[index].span.start() <= clause.span.start())
        {
            open.insert(index);
            by_end.push(Reverse((tasks[index].span.end(), index)));
        }
        while let Some(&Reverse((end, index))) = by_end.peek() {
            if end >= clause.span.end() {
                break;
            }
            by_end.pop();
            open.remove(&index);
        }
        clause.task = open.first().copied();
    }
}

/// Trims a clause to its text (whitespace and the closing mark stay outside the span's ends) and
/// keeps it when anything is left.
fn push_clause(text: &str, start: usize, end: usize, clauses: &mut Vec<Clause>) {
    let Some(raw) = text.get(start..end) else {
        return;
    };
    let lead = raw.len() - raw.trim_start().len();
    let body = raw.trim();
    if body.is_empty() || body.chars().all(|c| matches!(c, '。' | '；' | '！' | '？')) {
        return;
    }
    clauses.push(Clause {
        span: Span::new(start + lead, start + lead + body.len()),
        task: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn task(start: usize, end: usize) -> Task {
        Task {
            label: String::new(),
            part: None,
            section: None,
            text: String::new(),
            span: Span::new(start, end),
            units: Vec::new(),
            deadline: None,
            quantities: Vec::new(),
            cut_off: false,
            unread_unit_cell: None,
            cell: None,
        }
    }

    proptest! {
        /// Clauses end where a reading of every character says they do.
        #[test]
        fn clause_ends_are_found_byte_by_byte(text in "[a-z。；！？，、\n「」ａ中文]{0,20}") {
            let by_characters: Vec<usize> = text
                .char_indices()
                .filter(|&(_, c)| matches!(c, '。' | '；' | '！' | '？' | '\n'))
                .map(|(at, c)| at + c.len_utf8())
                .collect();
            prop_assert_eq!(clause_ends(&text).collect::<Vec<_>>(), by_characters);
        }

        /// The sweep gives every clause the first task containing it, as a search of every task
        /// would, with tasks overlapping, nested, out of order or empty.
        #[test]
        fn each_clause_gets_the_first_task_containing_it(
            tasks in proptest::collection::vec((0usize..60, 0usize..30), 0..12),
            cuts in proptest::collection::btree_set(0usize..80, 0..20),
        ) {
            let tasks: Vec<Task> = tasks.iter().map(|&(start, length)| task(start, start + length)).collect();
            let cuts: Vec<usize> = cuts.into_iter().collect();
            let mut clauses: Vec<Clause> = cuts
                .windows(2)
                .map(|pair| Clause { span: Span::new(pair[0], pair[1]), task: None })
                .collect();
            assign_tasks(&mut clauses, &tasks);
            for clause in &clauses {
                let first = tasks.iter().position(|task| {
                    task.span.start() <= clause.span.start() && clause.span.end() <= task.span.end()
                });
                prop_assert_eq!(clause.task, first, "{:?}", clause.span);
            }
        }
    }
}
