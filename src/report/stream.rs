//! Reports written batch by batch: the start, then each batch of checked files in order, then the
//! end with the totals. `check` renders a batch and drops its sources and documents before it
//! reads the next, so a run over an archive holds one batch at a time. Rendering a batch is
//! parallel per file; the pieces are joined in file order.

use rayon::prelude::*;

use super::human::Style;
use super::{Sources, Totals};
use crate::engine::Checked;
use crate::source::SourceFile;

/// The formats that can be written in pieces: the ones whose text per file does not depend on the
/// other files, and whose totals come at the end.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Human(Style),
    Concise,
    Github,
    Json,
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

    fn of(kind: Kind) -> Stream {
        Stream { kind, first: true }
    }

    /// The text before the first file.
    pub fn begin(&mut self) -> String {
        match self.kind {
            Kind::Json => super::json::begin(),
            Kind::Human(_) | Kind::Concise | Kind::Github => String::new(),
        }
    }

    /// The text of one batch of files. `others` are sources outside the batch that secondary
    /// labels of its findings point into.
    pub fn batch(&mut self, files: &[Checked], others: &[SourceFile]) -> String {
        let sources = Sources::with_others(files, others);
        let kind = self.kind;
        let pieces: Vec<String> = files
            .par_iter()
            .map(|file| match kind {
                Kind::Human(style) => super::human::render_file(file, &sources, style),
                Kind::Concise => super::concise::render_file(file),
                Kind::Github => super::github::render_file(file),
                // Whether an item is the report's first is known only in order: see below.
                Kind::Json => super::json::render_items(file, &sources),
            })
            .collect();
        if let Kind::Json = kind {
            let mut out = String::new();
            for piece in pieces.iter().filter(|piece| !piece.is_empty()) {
                // Every piece starts with the first item's "\n"; later ones need a comma before it.
                if !self.first {
                    out.push(',');
                }
                self.first = false;
                out.push_str(piece);
            }
            return out;
        }
        pieces.concat()
    }

    /// The text after the last file.
    pub fn end(&mut self, totals: &Totals) -> String {
        match self.kind {
            Kind::Human(_) => format!("{}\n", super::human::summary(totals)),
            Kind::Json => super::json::end(totals, self.first),
            Kind::Concise | Kind::Github => String::new(),
        }
    }

    /// The whole report of `files` at once.
    pub fn whole(mut self, files: &[Checked]) -> String {
        let mut out = self.begin();
        out.push_str(&self.batch(files, &[]));
        out.push_str(&self.end(&Totals::of(files)));
        out
    }
}
