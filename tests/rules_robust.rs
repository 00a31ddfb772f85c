//! The engine and the reports never panic, even on a model whose spans do not fit its text (a
//! parser bug must cost a wrong label, not the run).

use wenshen::document::{self, Document};
use wenshen::engine::{Calendar, Checked, Engine, Parsed};
use wenshen::report::{human, json};
use wenshen::rules;
use wenshen::source::{SourceFile, Span};

fn damage(document: &mut Document, shift: impl Fn(Span) -> Span) {
    for task in &mut document.tasks {
        task.span = shift(task.span);
        for unit in &mut task.units {
            unit.span = shift(unit.span);
        }
        if let Some(deadline) = &mut task.deadline {
            deadline.span = shift(deadline.span);
        }
        for quantity in &mut task.quantities {
            quantity.span = shift(quantity.span);
        }
    }
    for part in &mut document.parts {
        part.span = shift(part.span);
    }
    if let Some(title) = &mut document.doc.title {
        title.span = shift(title.span);
    }
    if let Some(date) = &mut document.doc.issue_date {
        date.span = shift(date.span);
    }
}

#[test]
fn damaged_models_never_panic() {
    let rule_set = rules::load(&rules::bundled(), &[]).unwrap();
    let engine = Engine::new(rule_set, Calendar::bundled());
    let mut sources = Vec::new();
    for entry in std::fs::read_dir("corpus/seeds").unwrap() {
        sources.push(wenshen::source::read_path(&entry.unwrap().path()).unwrap());
    }
    sources.push(SourceFile::from_text("empty.txt", ""));
    let shifts: [fn(Span) -> Span; 3] = [
        |span| Span::new(span.start() + 1_000_000, span.end() + 1_000_000),
        |span| Span::new(span.end(), span.start()),
        |span| Span::new(span.start() + 1, span.end() + 1),
    ];
    for shift in shifts {
        let parsed: Vec<Parsed> = sources
            .iter()
            .map(|source| {
                let mut document = document::parse(source);
                damage(&mut document, shift);
                Parsed {
                    source: source.clone(),
                    document,
                }
            })
            .collect();
        let files = Checked::group(sources.clone(), engine.check_parsed(&parsed));
        human::render_findings(&files, human::Style::default());
        json::render_findings(&files);
    }
}
