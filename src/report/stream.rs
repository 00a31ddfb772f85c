//! Reports written batch by batch: the start, then each batch of checked files in order, then the
//! end with the totals. `check` renders a batch and drops its sources and documents before it
//! reads the next, so a run over an archive holds one batch at a time. Rendering a batch is
//! parallel per file; the pieces are joined in file order. SARIF writes its rule list after the
//! results. JUnit puts totals first: a batch becomes its test cases (which read the texts), and
//! the report is written at the end, so it holds the findings but no text.

use std::sync::Arc;

use rayon::prelude::*;

use super::human::Style;
use super::{Sources, Totals};
use crate::engine::Checked;
use crate::rules::Rule;
use crate::source::SourceFile;

/// The formats written in pieces (the text per file does not depend on the other files, and the
/// totals come at the end), and the ones made in pieces and written at the end.
#[derive(Debug)]
enum Kind {
    Human(Style),
    Concise,
    Github,
    Json,
    Sarif(super::sarif::Log),
    Junit(super::junit::Cases),
}

/// A report being written batch by batch.
#[derive(Debug)]
pub struct Stream {
    kind: Kind,
    /// JSON: no finding written yet (the next item needs no separator).
    first: bool,
}

impl Stream {
    pub fn human(style: Style) -> Stream {
        Stream::of(Kind::Human(style))
    }

    pub fn concise() -> Stream {
        Stream::of(Kind::Concise)
    }

    pub fn github() -> Stream {
        Stream::of(Kind::Github)
    }

    pub fn json() -> Stream {
        Stream::of(Kind::Json)
    }

    /// `rules` is the rule set the files are checked with.
    pub fn sarif(rules: &[Arc<Rule>]) -> Stream {
        Stream::of(Kind::Sarif(super::sarif::Log::new(rules)))
    }

    /// Findings at `fail_at` or more severe fail their file's test case (`None`: none does).
    pub fn junit(fail_at: Option<crate::rules::Severity>) -> Stream {
        Stream::of(Kind::Junit(super::junit::Cases::new(fail_at)))
    }

    fn of(kind: Kind) -> Stream {
        Stream { kind, first: true }
    }

    /// The text before the first file.
    pub fn begin(&mut self) -> String {
        match &self.kind {
            Kind::Json => super::json::begin(),
            Kind::Sarif(log) => log.begin(),
            _ => String::new(),
        }
    }

    /// The text of one batch of files, handed to `write` in pieces (a batch's report can be tens
    /// of megabytes: one copy of it all would be made on one thread). `others` are sources outside
    /// the batch that secondary labels of its findings point into.
    pub fn batch(
        &mut self,
        files: &[Checked],
        others: &[SourceFile],
        write: &mut impl FnMut(&str),
    ) {
        let kind = match &mut self.kind {
            Kind::Sarif(log) => return write(&log.add(files, others)),
            Kind::Junit(cases) => return cases.add(files),
            kind => &*kind,
        };
        let sources = Sources::with_others(files, others);
        let pieces: Vec<String> = files
            .par_iter()
            .map(|file| match kind {
                Kind::Human(style) => super::human::render_file(file, &sources, *style),
                Kind::Concise => super::concise::render_file(file),
                Kind::Github => super::github::render_file(file),
                // Whether an item is the report's first is known only in order: see below.
                Kind::Json => super::json::render_items(file, &sources),
                Kind::Sarif(_) | Kind::Junit(_) => String::new(),
            })
            .collect();
        for piece in pieces.iter().filter(|piece| !piece.is_empty()) {
            // A JSON piece starts with its first item's "\n"; all but the report's first need a
            // comma before it.
            if let Kind::Json = kind
                && !self.first
            {
                write(",");
            }
            self.first = false;
            write(piece);
        }
    }

    /// The text after the last file.
    pub fn end(self, totals: &Totals) -> String {
        match self.kind {
            Kind::Human(_) => format!("{}\n", super::human::summary(totals)),
            Kind::Json => super::json::end(totals, self.first),
            Kind::Concise | Kind::Github => String::new(),
            Kind::Sarif(log) => log.end(),
            Kind::Junit(cases) => cases.render(),
        }
    }

    /// The whole report of `files` at once.
    pub fn whole(mut self, files: &[Checked]) -> String {
        let mut out = self.begin();
        self.batch(files, &[], &mut |text| out.push_str(text));
        out.push_str(&self.end(&Totals::of(files)));
        out
    }
}
