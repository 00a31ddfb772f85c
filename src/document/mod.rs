//! Text → document model: layout detection, one parser per layout, shared extractors.

pub mod extract;
mod model;

pub use model::*;

use crate::source::SourceFile;

/// Parses one decoded source into a document. Never fails: what cannot be read becomes a problem.
pub fn parse(source: &SourceFile) -> Document {
    Document {
        file: source.name.clone(),
        encoding: source.encoding.to_string(),
        layout: Layout::Unstructured,
        doc: Notice::default(),
        plan_year: None,
        parts: Vec::new(),
        sections: Vec::new(),
        tasks: Vec::new(),
        problems: Vec::new(),
    }
}
