//! wenshen (文审): a rule-based conformance auditor for Chinese government-information-disclosure
//! plans (政务公开工作要点, 任务分解表) and the notices that issue them.
//!
//! # Architecture
//!
//! The crate is a pipeline; each stage is a module with a small public surface:
//!
//! 1. [`source`]: bytes → decoded text (UTF-8, UTF-16, GB18030; Word `.docx` documents become
//!    the text the layouts read, with list numbers written out) with CRLF normalized, plus
//!    [`source::Span`] and a line index. With [`cli`], the only module that touches the file system.
//! 2. [`document`]: text → [`document::Document`], the model. Layout detection, one parser per
//!    layout, and shared extractors (units, deadlines, quantities, doc numbers, dates). Parsing never
//!    fails: damaged input gives a partial model plus coded problems.
//! 3. [`rules`]: the rule DSL, parsed with `nom` and checked before any document is read.
//! 4. [`engine`]: evaluates a checked rule set against documents, in parallel with `rayon`.
//! 5. [`report`]: renders findings (human with `miette`, JSON, …).
//! 6. [`cli`]: `clap` arguments and one file per subcommand.
//!
//! Invariants: every model element and every finding carries the byte span of its text; output
//! order never depends on the thread count.

pub mod cli;
pub mod document;
pub mod engine;
mod per_thread;
pub mod report;
pub mod rules;
pub mod source;
