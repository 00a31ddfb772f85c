//! Finishing a task: its responsibility clause or cells become units and a deadline, and its text
//! gives inline deadlines and quantities.

use super::clause::{FieldKey, find_clause, split_units};
use super::extract::deadline::{classify_deadline, find_inline_deadline};
use super::extract::quantity::find_quantities;
use super::joined::Joined;
use super::layout::{Cell, RawTask};
use super::model::{Deadline, DeadlineSource, Quantity, Task, UnitRole};

pub fn finish(raw: RawTask, plan_year: Option<i32>) -> Task {
    let mut units = Vec::new();
    let mut deadline = None;
    let text = match find_clause(raw.body.as_str()).filter(|_| raw.units.is_none()) {
        Some(clause) => {
            for (key, range) in &clause.fields {
                let value = raw.body.slice(range.clone());
                match key {
                    FieldKey::Units => units.extend(split_units(&value, None, false)),
                    FieldKey::LeadUnits => {
                        units.extend(split_units(&value, Some(UnitRole::Lead), false))
                    }
                    FieldKey::CooperatingUnits => {
                        units.extend(split_units(&value, Some(UnitRole::Cooperate), false))
                    }
                    FieldKey::Deadline if deadline.is_none() => {
                        deadline = Some(deadline_from(&value, DeadlineSource::Field, plan_year))
                    }
                    FieldKey::Deadline => {}
                }
            }
            let mut text = raw.body.slice(0..clause.range.start).trimmed();
            text.append(
                &raw.body
                    .slice(clause.range.end..raw.body.as_str().len())
                    .trimmed(),
            );
            text
        }
        None => raw.body.clone(),
    };
    if let Some(Cell { text, inherited }) = &raw.units {
        units = split_units(text, None, *inherited);
    }
    if let Some(Cell { text, inherited }) = &raw.deadline {
        let source = if *inherited {
            DeadlineSource::Inherited
        } else {
            DeadlineSource::Field
        };
        deadline = Some(deadline_from(text, source, plan_year));
    }
    if deadline.is_none() {
        deadline = find_inline_deadline(text.as_str())
            .map(|range| deadline_from(&text.slice(range), DeadlineSource::Inline, plan_year));
    }
    let quantities = find_quantities(text.as_str())
        .into_iter()
        .map(|found| Quantity {
            text: text.as_str()[found.range.clone()].to_string(),
            kind: found.kind,
            value: found.value,
            unit: found.unit,
            bound: found.bound,
            subject: found.subject,
            clause: text.as_str()[found.clause.clone()].to_string(),
            span: text.source_span(found.range),
        })
        .collect();
    Task {
        label: raw.label,
        part: raw.part,
        section: raw.section,
        text: text.as_str().to_string(),
        span: raw.span,
        units,
        deadline,
        quantities,
    }
}

fn deadline_from(value: &Joined, source: DeadlineSource, plan_year: Option<i32>) -> Deadline {
    let (kind, date) = classify_deadline(value.as_str(), plan_year);
    Deadline {
        text: value.as_str().to_string(),
        source,
        kind,
        date,
        span: value.span(),
    }
}
