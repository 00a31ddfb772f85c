//! Traditional-character text (`於2022年7月20日前`, `不少於30日`, `10個工作日內`) read with the
//! simplified patterns: the extractors fold text with the parser's one conversion
//! ([`crate::document::script`]), which keeps every byte offset.

pub(crate) use crate::document::script::matching_view as fold_traditional;
