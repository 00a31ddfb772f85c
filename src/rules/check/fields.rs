//! The fields a path can name on each kind of model element, with their types. This table is the
//! rule language's view of `document::model`; `rules/README.md` lists it for rule authors.

use crate::rules::ir::{Elem, Field, Ty};

/// The values of the enumerated text fields, as the model writes them (its enums' serde names;
/// a test deserializes each into the model's enum): comparing such a field with another text is
/// an error, not a rule that silently never fires.
pub fn allowed(elem: Elem, field: Field) -> Option<&'static [&'static str]> {
    match (elem, field) {
        (Elem::Doc, Field::DocLayout) => Some(&[
            "markdown_headings",
            "paragraphs",
            "numbered_items",
            "pipe_table",
            "pipe_table_cell_lines",
            "tab_cells",
        ]),
        (Elem::Unit, Field::Role) => Some(&["lead", "cooperate", "unspecified"]),
        (Elem::Deadline, Field::Source) => Some(&["field", "inline", "inherited"]),
        (Elem::Deadline, Field::Kind) => Some(&[
            "date",
            "month_end",
            "year_end",
            "all_year",
            "continuous",
            "periodic",
            "other",
        ]),
        (Elem::Quantity, Field::Kind) => Some(&["duration", "count", "percentage"]),
        (Elem::Quantity, Field::Unit) => {
            Some(&["day", "workday", "hour", "month", "times", "percent"])
        }
        (Elem::Quantity, Field::Bound) => Some(&["at_least", "within", "at_most", "exact"]),
        _ => None,
    }
}

fn list(elem: Elem) -> Ty {
    Ty::List(Box::new(Ty::Elem(elem)))
}

/// `(name, field, type)` for every field of `elem`.
fn table(elem: Elem) -> Vec<(&'static str, Field, Ty)> {
    match elem {
        Elem::Doc => vec![
            ("file", Field::DocFile, Ty::Text),
            ("text", Field::DocText, Ty::Text),
            ("layout", Field::DocLayout, Ty::Text),
            ("plan_year", Field::DocPlanYear, Ty::Number),
            ("issuer", Field::DocIssuer, Ty::Text),
            ("doc_number", Field::DocNumber, Ty::Text),
            ("doc_number_agency", Field::DocNumberAgency, Ty::Text),
            ("doc_number_year", Field::DocNumberYear, Ty::Number),
            ("doc_number_serial", Field::DocNumberSerial, Ty::Number),
            ("title", Field::DocTitle, Ty::Text),
            ("recipients", Field::DocRecipients, Ty::Text),
            ("recipients_colon", Field::DocRecipientsColon, Ty::Text),
            ("attachment", Field::DocAttachment, Ty::Text),
            ("issue_date", Field::DocIssueDate, Ty::Date),
            ("issue_date_text", Field::DocIssueDateText, Ty::Text),
            ("plan_title", Field::DocPlanTitle, Ty::Text),
            ("quoted_plan_title", Field::DocQuotedPlanTitle, Ty::Text),
            ("disclosure", Field::DocDisclosure, Ty::Text),
            ("parts", Field::DocParts, list(Elem::Part)),
            ("sections", Field::DocSections, list(Elem::Section)),
            ("tasks", Field::DocTasks, list(Elem::Task)),
            ("units", Field::DocUnits, list(Elem::Unit)),
            ("deadlines", Field::DocDeadlines, list(Elem::Deadline)),
            ("quantities", Field::DocQuantities, list(Elem::Quantity)),
            ("clauses", Field::DocClauses, list(Elem::Clause)),
            ("kind", Field::DocKind, Ty::Text),
            ("annual", Field::DocAnnual, Ty::Bool),
            ("truncated", Field::DocTruncated, Ty::Bool),
            ("consultation_start", Field::DocConsultationStart, Ty::Date),
            ("consultation_end", Field::DocConsultationEnd, Ty::Date),
            ("consultation_from", Field::DocConsultationFrom, Ty::Date),
        ],
        Elem::Part => vec![
            ("label", Field::Label, Ty::Text),
            ("title", Field::Title, Ty::Text),
        ],
        Elem::Section => vec![
            ("label", Field::Label, Ty::Text),
            ("part", Field::Part, Ty::Text),
            ("title", Field::Title, Ty::Text),
        ],
        Elem::Task => vec![
            ("label", Field::Label, Ty::Text),
            ("number", Field::Number, Ty::Number),
            ("part", Field::Part, Ty::Text),
            ("section", Field::Section, Ty::Text),
            ("text", Field::Text, Ty::Text),
            ("units", Field::Units, list(Elem::Unit)),
            ("deadline", Field::Deadline, Ty::Elem(Elem::Deadline)),
            ("quantities", Field::Quantities, list(Elem::Quantity)),
            ("clauses", Field::Clauses, list(Elem::Clause)),
            ("cut_off", Field::CutOff, Ty::Bool),
            ("cell", Field::Cell, Ty::Number),
            ("unit_unread", Field::UnitUnread, Ty::Bool),
        ],
        Elem::Unit => vec![
            ("name", Field::Name, Ty::Text),
            ("role", Field::Role, Ty::Text),
            ("inherited", Field::Inherited, Ty::Bool),
            ("task", Field::Task, Ty::Elem(Elem::Task)),
        ],
        Elem::Deadline => vec![
            ("text", Field::Text, Ty::Text),
            ("source", Field::Source, Ty::Text),
            ("kind", Field::Kind, Ty::Text),
            ("date", Field::Date, Ty::Date),
            ("last_date", Field::LastDate, Ty::Date),
            ("task", Field::Task, Ty::Elem(Elem::Task)),
        ],
        Elem::Quantity => vec![
            ("text", Field::Text, Ty::Text),
            ("kind", Field::Kind, Ty::Text),
            ("value", Field::Value, Ty::Number),
            ("unit", Field::Unit, Ty::Text),
            ("bound", Field::Bound, Ty::Text),
            ("subject", Field::Subject, Ty::Text),
            ("clause", Field::Clause, Ty::Text),
            ("duration", Field::Duration, Ty::Duration),
            ("task", Field::Task, Ty::Elem(Elem::Task)),
        ],
        Elem::Clause => vec![
            ("text", Field::Text, Ty::Text),
            ("task", Field::Task, Ty::Elem(Elem::Task)),
        ],
    }
}

/// Resolves `elem.name` to a field and its type.
pub fn field(elem: Elem, name: &str) -> Option<(Field, Ty)> {
    table(elem)
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, field, ty)| (field, ty))
}

/// The name of `field` on `elem`, as a path writes it.
pub fn name_of(elem: Elem, field: Field) -> &'static str {
    table(elem)
        .into_iter()
        .find(|(_, known, _)| *known == field)
        .map_or("", |(name, _, _)| name)
}

/// The field names of `elem`, for help texts.
pub fn names(elem: Elem) -> Vec<&'static str> {
    table(elem).into_iter().map(|(name, _, _)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{
        Bound, DeadlineKind, DeadlineSource, Layout, QuantityKind, QuantityUnit, UnitRole,
    };

    fn all_read_as<T: serde::de::DeserializeOwned>(elem: Elem, field: Field) {
        for value in allowed(elem, field).unwrap_or_default() {
            let read: Result<T, _> = serde_json::from_value(serde_json::json!(value));
            assert!(read.is_ok(), "{value} is not a value of {elem:?}.{field:?}");
        }
    }

    #[test]
    fn enumerated_values_are_the_models() {
        all_read_as::<Layout>(Elem::Doc, Field::DocLayout);
        all_read_as::<UnitRole>(Elem::Unit, Field::Role);
        all_read_as::<DeadlineSource>(Elem::Deadline, Field::Source);
        all_read_as::<DeadlineKind>(Elem::Deadline, Field::Kind);
        all_read_as::<QuantityKind>(Elem::Quantity, Field::Kind);
        all_read_as::<QuantityUnit>(Elem::Quantity, Field::Unit);
        all_read_as::<Bound>(Elem::Quantity, Field::Bound);
    }
}
