//! Finishing a task: its responsibility clause or cells become units and a deadline, and its text
//! gives inline deadlines and quantities.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};

use super::clause::{
    FieldKey, fields_of, find_assignments, find_clause, find_keyless_clause, find_role_sentence,
    split_units,
};
use super::extract::deadline::{ReadDeadline, find_inline_deadline_in_view, read_deadline};
use super::extract::quantity::find_quantities_in;
use super::joined::Joined;
use super::layout::{Cell, RawTask};
use super::model::{Deadline, DeadlineSource, Quantity, Task, Unit, UnitRole};

pub fn finish(raw: RawTask, deadlines: &mut Deadlines) -> Task {
    let mut units = Vec::new();
    let mut deadline = None;
    let body = raw.body.as_str();
    // Tables name units in their own cells; only text layouts carry a clause in the task text.
    let keyed = raw.units.is_empty().then(|| find_clause(body)).flatten();
    let in_text = raw.units.is_empty() && keyed.is_none();
    let clause = keyed.or_else(|| {
        in_text
            .then(|| find_role_sentence(body).or_else(|| find_keyless_clause(body)))
            .flatten()
    });
    // Without a keyed clause, units may also be assigned inside the text (`…由X负责`): those
    // before a keyless clause are added to it.
    if in_text {
        let before = clause
            .as_ref()
            .map_or(body.len(), |clause| clause.range.start);
        for range in find_assignments(&body[..before]) {
            units.extend(split_units(&raw.body.slice(range), None, false));
        }
    }
    let text = match clause {
        Some(clause) => {
            take_fields(
                &raw.body,
                &clause.fields,
                false,
                deadlines,
                &mut units,
                &mut deadline,
            );
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
    for (Cell { text, inherited }, role) in &raw.units {
        match fields_of(text.as_str()) {
            Some(fields) => take_fields(
                text,
                &fields,
                *inherited,
                deadlines,
                &mut units,
                &mut deadline,
            ),
            None => units.extend(split_units(text, *role, *inherited)),
        }
    }
    // An empty cell read as merged from above must not name a unit the row names itself (in another
    // role): the row's own cells win.
    let own: Vec<String> = units
        .iter()
        .filter(|unit| !unit.inherited)
        .map(|unit| unit.name.clone())
        .collect();
    units.retain(|unit| !unit.inherited || !own.contains(&unit.name));
    if let Some(Cell { text, inherited }) = &raw.deadline {
        let source = if *inherited {
            DeadlineSource::Inherited
        } else {
            DeadlineSource::Field
        };
        deadline = Some(deadlines.read(text, source));
    }
    if deadline.is_none() {
        deadline = find_inline_deadline_in_view(text.as_str())
            .map(|range| deadlines.read(&text.slice(range), DeadlineSource::Inline));
    }
    let quantities = find_quantities_in(text.written(), text.as_str())
        .into_iter()
        .map(|found| Quantity {
            text: text.written()[found.range.clone()].to_string(),
            kind: found.kind,
            value: found.value,
            unit: found.unit,
            bound: found.bound,
            subject: found.subject,
            clause: text.written()[found.clause.clone()].to_string(),
            span: text.source_span(found.range),
        })
        .collect();
    Task {
        label: raw.label,
        part: raw.part,
        section: raw.section,
        text: text.written().to_string(),
        span: raw.span,
        units,
        deadline,
        quantities,
        cut_off: false,
        unread_unit_cell: None,
        cell: None,
    }
}

/// Units and the first deadline from the fields of a responsibility clause or field-list cell.
fn take_fields(
    joined: &Joined,
    fields: &[(FieldKey, Range<usize>)],
    inherited: bool,
    deadlines: &mut Deadlines,
    units: &mut Vec<Unit>,
    deadline: &mut Option<Deadline>,
) {
    for (key, range) in fields {
        let mut value = joined.slice(range.clone());
        let role = match key {
            FieldKey::Person => continue,
            FieldKey::Units => None,
            FieldKey::LeadUnits => Some(UnitRole::Lead),
            FieldKey::CooperatingUnits => Some(UnitRole::Cooperate),
            FieldKey::Deadline => {
                // A named field wins over a time limit found in the unit list.
                if deadline
                    .as_ref()
                    .is_none_or(|found| found.source == DeadlineSource::Inline)
                {
                    *deadline = Some(deadlines.read(&value, DeadlineSource::Field));
                }
                continue;
            }
        };
        // `（责任单位：A、B，2022年12月底前完成）`: a time limit written as the last item of the unit
        // list is the task's deadline, not a unit.
        if let Some(found) = find_inline_deadline_in_view(value.as_str())
            && value.as_str()[..found.start]
                .trim_end()
                .ends_with(['，', ',', '；', ';'])
        {
            if deadline.is_none() {
                *deadline =
                    Some(deadlines.read(&value.slice(found.clone()), DeadlineSource::Inline));
            }
            value = value.slice(0..found.start);
        }
        units.extend(split_units(&value, role, inherited));
    }
}

/// Reads the deadlines of one document's tasks. Plans repeat the same few deadlines
/// (`2022年12月底前`, `持续推进`) over most of their tasks, so each text is classified once.
pub struct Deadlines {
    plan_year: Option<i32>,
    classified: HashMap<Box<str>, ReadDeadline>,
}

impl Deadlines {
    /// For a document whose plan year, where the text names none, is `plan_year`.
    pub fn new(plan_year: Option<i32>) -> Deadlines {
        Deadlines {
            plan_year,
            classified: HashMap::new(),
        }
    }

    fn read(&mut self, value: &Joined, source: DeadlineSource) -> Deadline {
        let ReadDeadline { kind, date, dates } = match self.classified.get(value.as_str()) {
            Some(known) => known.clone(),
            None => {
                let read = read_deadline(value.as_str(), self.plan_year);
                self.classified.insert(value.as_str().into(), read.clone());
                read
            }
        };
        Deadline {
            text: value.written().to_string(),
            source,
            kind,
            date,
            span: value.span(),
            dates,
        }
    }
}
