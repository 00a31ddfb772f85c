//! Errors in rule files: coded, with the exact span in the rule file and help, rendered by miette.
//! The same shape serves every text the user writes for wenshen (the CLI's configuration file too).

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use crate::source::Span;

/// One problem in a text the user wrote, at its place: a rule file (or a parameter override,
/// which has no file), or a configuration file.
#[derive(Debug, Clone)]
pub struct LocatedError {
    /// `R001`… for rules (see `rules/README.md`), `C001`… for configuration.
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    /// The words under the span.
    pub label: String,
    pub help: Option<String>,
    pub source: Option<Arc<NamedSource<String>>>,
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LocatedError {}

impl Diagnostic for LocatedError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source
            .as_deref()
            .map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.clone()), span),
        )))
    }
}

/// A problem in a rule file.
pub type RuleError = LocatedError;

/// All the errors of a rule set, in file order then position order.
#[derive(Debug, Clone, Default)]
pub struct RuleErrors {
    pub errors: Vec<RuleError>,
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "规则中有 {} 处错误", self.errors.len())
    }
}

impl std::error::Error for RuleErrors {}
