//! Extractors shared by all layouts: pure functions from a piece of (joined) text to the model's
//! values, with byte ranges relative to the text they were given.
//!
//! None of them does I/O or panics, whatever the input; ranges always fall on char boundaries.
//!
//! - [`numeral`]: `30`, `３０`, `三十`, `二〇二二` → numbers; Chinese numeral labels.
//! - [`date`]: `2022年8月19日` and its variants → dates, and how a date departs from the standard
//!   form.
//! - [`doc_number`]: `冶政公开发〔2022〕1号` → agency, year, serial, and form issues.
//! - [`deadline`]: a 完成时限 value → kind and last day; the inline time limit in a task's text.
//! - [`quantity`]: `不少于30日`, `10个工作日内`, `不低于4%` → value, unit, bound, subject, clause.

pub mod date;
pub mod deadline;
pub mod doc_number;
pub mod numeral;
pub mod quantity;
