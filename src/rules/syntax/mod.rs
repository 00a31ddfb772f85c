//! Rule files as text → [`ast::RuleAst`]: the surface syntax, parsed with `nom`.

pub mod ast;
mod parse;

pub use parse::{ITEM_KEYWORDS, SyntaxError, parse_override, parse_rule_file, parse_template};
