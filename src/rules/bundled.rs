//! The bundled rule pack (`rules/*.rule`), embedded at build time by `build.rs`.

use super::RuleSource;

/// `(file name, text)` of every bundled rule, in file-name order.
pub const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled_rules.rs"));

/// The bundled rule pack as sources for [`load`](super::load).
pub fn bundled() -> Vec<RuleSource> {
    BUNDLED
        .iter()
        .map(|(name, text)| RuleSource {
            name: format!("rules/{name}"),
            text: (*text).to_string(),
        })
        .collect()
}
