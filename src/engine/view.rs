//! What rules see of one document: the parsed model, its text, and the clauses derived from the
//! text (the model has no clause list; rules with `scope clause` need one, with spans).

use crate::document::{Deadline, Document, Part, Quantity, Section, Task, Unit};
use crate::source::Span;

/// A sentence of the text: split on 。；！？ and line breaks, trimmed, never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub span: Span,
    /// The index of the task whose span contains the clause.
    pub task: Option<usize>,
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
        for (index, c) in text.char_indices() {
            if matches!(c, '。' | '；' | '！' | '？' | '\n') {
                push_clause(text, start, index + c.len_utf8(), &mut clauses);
                start = index + c.len_utf8();
            }
        }
        push_clause(text, start, text.len(), &mut clauses);
        for clause in &mut clauses {
            clause.task = document.tasks.iter().position(|task| {
                task.span.start() <= clause.span.start() && clause.span.end() <= task.span.end()
            });
        }
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
