//! Extractors shared by all layouts: pure functions from a piece of (joined) text to the model's
//! values, with byte ranges relative to the text they were given.
