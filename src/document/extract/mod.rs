//! Extractors shared by all layouts: pure functions from a piece of (joined) text to the model's
//! values, with byte ranges relative to the text they were given.
//!
//! None of them does I/O or panics, whatever the input; ranges always fall on char boundaries.

pub mod date;
pub mod deadline;
pub mod numeral;
