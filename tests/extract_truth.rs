//! The shared extractors against the hand-annotated truth of the five seeds (`tests/truth/*.json`,
//! `corpus/seeds/*.txt`): quantities, inline deadlines, deadline classification, document numbers
//! and issue dates.
//!
//! Each test collects every mismatch before failing, so one run shows all that is wrong.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use wenshen::document::extract::deadline::{classify_deadline, find_inline_deadline};
use wenshen::document::extract::quantity::{QuantityMatch, find_quantities};
use wenshen::document::{Bound, DeadlineKind, QuantityKind, QuantityUnit};

#[derive(Deserialize)]
struct Truth {
    file: String,
    doc: TruthDoc,
    tasks: Vec<TruthTask>,
    quantities: Vec<TruthQuantity>,
}

#[derive(Deserialize)]
struct TruthDoc {
    plan_year: Option<i32>,
    doc_number: Option<String>,
    /// `YYYY-MM-DD`.
    issue_date: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct TruthTask {
    label: String,
    starts_with: String,
    deadline: Option<String>,
    inline_deadline: Option<String>,
}

#[derive(Deserialize)]
struct TruthQuantity {
    task: String,
    text: String,
    kind: QuantityKind,
    value: f64,
    unit: QuantityUnit,
    bound: Bound,
    /// A description of the governed activity, e.g. `组织政务公开培训（本年度）`.
    subject: String,
}

impl TruthQuantity {
    fn agrees_with(&self, found: &QuantityMatch) -> bool {
        found.kind == self.kind
            && found.value == self.value
            && found.unit == self.unit
            && found.bound == self.bound
    }

    /// The subject keywords found name the activity the truth describes: one of them occurs in
    /// the description, or contains it (`公开征求意见` for `征求意见`).
    fn subject_agrees_with(&self, found: &QuantityMatch) -> bool {
        found.subject.as_deref().is_some_and(|subject| {
            subject
                .split('、')
                .any(|keyword| self.subject.contains(keyword) || keyword.contains(&self.subject))
        })
    }
}

struct Seed {
    truth: Truth,
    text: String,
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut truth_paths: Vec<PathBuf> = fs::read_dir(root.join("tests/truth"))
        .expect("tests/truth is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    truth_paths.sort();
    assert!(!truth_paths.is_empty(), "no truth files found");
    truth_paths
        .into_iter()
        .map(|path| {
            let truth: Truth =
                serde_json::from_str(&fs::read_to_string(&path).expect("a truth file is readable"))
                    .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let text = fs::read_to_string(root.join("corpus/seeds").join(&truth.file))
                .unwrap_or_else(|error| panic!("{}: {error}", truth.file))
                .replace("\r\n", "\n");
            Seed { truth, text }
        })
        .collect()
}

fn fail_on(mismatches: Vec<String>) {
    assert!(
        mismatches.is_empty(),
        "{} mismatch(es):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// (a) Every truth quantity is found in its own truth text with the same kind, value, unit and
/// bound.
#[test]
fn truth_quantities_are_found_in_their_text() {
    let mut mismatches = Vec::new();
    for seed in seeds() {
        for quantity in &seed.truth.quantities {
            let found = find_quantities(&quantity.text);
            let agreeing = found.iter().find(|found| quantity.agrees_with(found));
            match agreeing {
                Some(found) if quantity.text.get(found.range.clone()).is_some() => {}
                _ => mismatches.push(format!(
                    "{} task {}: {:?} expected {:?} {} {:?} {:?}, found {:?}",
                    seed.truth.file,
                    quantity.task,
                    quantity.text,
                    quantity.kind,
                    quantity.value,
                    quantity.unit,
                    quantity.bound,
                    found
                        .iter()
                        .map(|found| (&quantity.text[found.range.clone()], found.bound))
                        .collect::<Vec<_>>(),
                )),
            }
        }
    }
    fail_on(mismatches);
}

/// (d) Scanning each whole seed file (notice, plan, footers) finds exactly the quantities the
/// truth lists: nothing it does not list, each listed one once, each with a subject that names
/// the activity the truth describes.
#[test]
fn seeds_hold_exactly_the_listed_quantities() {
    let mut mismatches = Vec::new();
    for seed in seeds() {
        let found = find_quantities(&seed.text);
        let mut times_found = vec![0usize; seed.truth.quantities.len()];
        // Where each truth text is written in the seed; a truth text that page breaks split
        // is matched by its wording instead.
        let occurrences: Vec<Vec<(usize, usize)>> = seed
            .truth
            .quantities
            .iter()
            .map(|truth| {
                seed.text
                    .match_indices(&truth.text)
                    .map(|(start, text)| (start, start + text.len()))
                    .collect()
            })
            .collect();
        for quantity in &found {
            let written = &seed.text[quantity.range.clone()];
            let listed =
                seed.truth
                    .quantities
                    .iter()
                    .zip(&occurrences)
                    .position(|(truth, occurrences)| {
                        let in_place = if occurrences.is_empty() {
                            truth.text.contains(written)
                        } else {
                            occurrences.iter().any(|&(start, end)| {
                                start <= quantity.range.start && quantity.range.end <= end
                            })
                        };
                        truth.agrees_with(quantity) && in_place
                    });
            match listed {
                Some(index) => {
                    times_found[index] += 1;
                    let truth = &seed.truth.quantities[index];
                    if !truth.subject_agrees_with(quantity) {
                        mismatches.push(format!(
                            "{} task {}: {written:?} has subject {:?}, truth describes {:?}",
                            seed.truth.file, truth.task, quantity.subject, truth.subject
                        ));
                    }
                }
                None => mismatches.push(format!(
                    "{}: unlisted quantity {written:?} ({:?} {} {:?} {:?}) in clause {:?}",
                    seed.truth.file,
                    quantity.kind,
                    quantity.value,
                    quantity.unit,
                    quantity.bound,
                    &seed.text[quantity.clause.clone()],
                )),
            }
        }
        for (truth, count) in seed.truth.quantities.iter().zip(times_found) {
            if count != 1 {
                mismatches.push(format!(
                    "{} task {}: listed quantity {:?} found {count} times in the seed",
                    seed.truth.file, truth.task, truth.text
                ));
            }
        }
    }
    fail_on(mismatches);
}

/// The seed text with whitespace removed, and for each of its bytes the offset in the seed, so
/// that `starts_with` values (which drop extraction spaces) can be located.
struct CompactText {
    compact: String,
    offsets: Vec<usize>,
}

impl CompactText {
    fn new(text: &str) -> Self {
        let mut compact = String::new();
        let mut offsets = Vec::new();
        for (offset, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
            compact.push(c);
            offsets.extend(std::iter::repeat_n(offset, c.len_utf8()));
        }
        CompactText { compact, offsets }
    }

    /// The seed offset of the first occurrence of `needle` (whitespace ignored) at or after seed
    /// offset `from`.
    fn find_from(&self, needle: &str, from: usize) -> Option<usize> {
        let needle: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        let compact_from = self.offsets.partition_point(|&offset| offset < from);
        let position = self.compact.get(compact_from..)?.find(&needle)?;
        self.offsets.get(compact_from + position).copied()
    }
}

/// Each truth task's text in the seed: from its `starts_with` to the next task's start (the
/// last task runs to the end of the file). `None` where the start is not found.
fn task_segments(seed: &Seed) -> Vec<Option<&str>> {
    let compact = CompactText::new(&seed.text);
    let mut starts = Vec::new();
    let mut from = 0;
    for task in &seed.truth.tasks {
        let start = compact.find_from(&task.starts_with, from);
        if let Some(start) = start {
            from = start + 1;
        }
        starts.push(start);
    }
    starts
        .iter()
        .map(|start| {
            let start = (*start)?;
            let end = starts
                .iter()
                .flatten()
                .copied()
                .filter(|&other| other > start)
                .min()
                .unwrap_or(seed.text.len());
            seed.text.get(start..end)
        })
        .collect()
}

/// (b) For tasks with a truth `inline_deadline`, the finder returns exactly that phrase; for
/// tasks with neither a deadline field nor an inline deadline, it finds nothing. (Where a field
/// exists the truth does not record inline phrases, so those tasks are not checked.)
#[test]
fn inline_deadlines_match_the_truth() {
    let mut mismatches = Vec::new();
    for seed in seeds() {
        for (task, segment) in seed.truth.tasks.iter().zip(task_segments(&seed)) {
            let Some(segment) = segment else {
                mismatches.push(format!(
                    "{} task {}: start {:?} not found in the seed",
                    seed.truth.file, task.label, task.starts_with
                ));
                continue;
            };
            if task.deadline.is_some() {
                continue;
            }
            let found = find_inline_deadline(segment).map(|range| &segment[range]);
            if found != task.inline_deadline.as_deref() {
                mismatches.push(format!(
                    "{} task {}: expected inline deadline {:?}, found {found:?}",
                    seed.truth.file, task.label, task.inline_deadline
                ));
            }
        }
    }
    fail_on(mismatches);
}

/// A deadline as written, its kind, and the (month, day) of the plan year it resolves to.
type DeadlineMeaning = (&'static str, DeadlineKind, Option<(u32, u32)>);

/// What each deadline written in the truth means: the kind, and the (month, day) of the plan
/// year it resolves to. A phrase missing here is reported, so new truth gets an expectation.
const DEADLINE_MEANINGS: &[DeadlineMeaning] = &[
    ("全年", DeadlineKind::AllYear, None),
    ("持续推进", DeadlineKind::Continuous, None),
    ("2022年9月", DeadlineKind::MonthEnd, Some((9, 30))),
    ("2022年10月", DeadlineKind::MonthEnd, Some((10, 31))),
    ("2022年11月", DeadlineKind::MonthEnd, Some((11, 30))),
    ("2022年12月", DeadlineKind::MonthEnd, Some((12, 31))),
    ("9月底前", DeadlineKind::MonthEnd, Some((9, 30))),
    ("10月底前", DeadlineKind::MonthEnd, Some((10, 31))),
    ("2022年9月底前", DeadlineKind::MonthEnd, Some((9, 30))),
    ("于2022年7月20日前", DeadlineKind::Date, Some((7, 20))),
    ("年底前", DeadlineKind::YearEnd, Some((12, 31))),
    ("2022年底前", DeadlineKind::YearEnd, Some((12, 31))),
    ("于2022年年底前", DeadlineKind::YearEnd, Some((12, 31))),
    ("年内", DeadlineKind::YearEnd, Some((12, 31))),
    ("本年度", DeadlineKind::YearEnd, Some((12, 31))),
];

/// (c) Every deadline in the truth, field or inline, classifies to its meaning.
#[test]
fn truth_deadlines_classify_sensibly() {
    let mut mismatches = Vec::new();
    for seed in seeds() {
        let plan_year = seed.truth.doc.plan_year;
        for task in &seed.truth.tasks {
            for written in [&task.deadline, &task.inline_deadline]
                .into_iter()
                .flatten()
            {
                let Some((_, kind, month_day)) = DEADLINE_MEANINGS
                    .iter()
                    .find(|(phrase, _, _)| phrase == written)
                else {
                    mismatches.push(format!(
                        "{} task {}: no expected meaning for {written:?}; add it to DEADLINE_MEANINGS",
                        seed.truth.file, task.label
                    ));
                    continue;
                };
                let expected_date = month_day
                    .and_then(|(month, day)| NaiveDate::from_ymd_opt(plan_year?, month, day));
                let found = classify_deadline(written, plan_year);
                if found != (*kind, expected_date) {
                    mismatches.push(format!(
                        "{} task {}: {written:?} expected {:?}, found {found:?}",
                        seed.truth.file,
                        task.label,
                        (kind, expected_date)
                    ));
                }
            }
        }
    }
    fail_on(mismatches);
}

/// Fragments of real text cut at every character (half a date, a bound word without its number,
/// a bracket without its year) must not panic any extractor, and every range must slice the
/// fragment it came from.
#[test]
fn extractors_survive_every_fragment_of_the_seeds() {
    use wenshen::document::extract::date::{date_form_issues, find_dates, parse_date};
    use wenshen::document::extract::doc_number::find_doc_numbers;
    use wenshen::document::extract::numeral::parse_number;

    let mut mismatches = Vec::new();
    for seed in seeds() {
        let boundaries: Vec<usize> = seed.text.char_indices().map(|(index, _)| index).collect();
        for (position, &start) in boundaries.iter().enumerate() {
            for length in [3, 9, 40] {
                let end = boundaries
                    .get(position + length)
                    .copied()
                    .unwrap_or(seed.text.len());
                let fragment = &seed.text[start..end];
                let mut ranges = Vec::new();
                ranges.extend(
                    find_quantities(fragment)
                        .into_iter()
                        .flat_map(|found| [found.range, found.clause]),
                );
                ranges.extend(find_inline_deadline(fragment));
                ranges.extend(find_dates(fragment).into_iter().map(|(range, _)| range));
                ranges.extend(
                    find_doc_numbers(fragment)
                        .into_iter()
                        .map(|found| found.range),
                );
                classify_deadline(fragment, Some(2022));
                date_form_issues(fragment);
                parse_date(fragment);
                parse_number(fragment);
                if let Some(range) = ranges
                    .iter()
                    .find(|range| fragment.get((*range).clone()).is_none())
                {
                    mismatches.push(format!(
                        "{}: range {range:?} does not slice {fragment:?}",
                        seed.truth.file
                    ));
                }
            }
        }
    }
    fail_on(mismatches);
}

/// The notice's document number is the first one in the seed (the others are cited in the body),
/// and it is in the standard form; the issue date is among the dates found.
#[test]
fn doc_numbers_and_issue_dates_are_found() {
    use wenshen::document::extract::date::find_dates;
    use wenshen::document::extract::doc_number::find_doc_number;

    let mut mismatches = Vec::new();
    for seed in seeds() {
        let found = find_doc_number(&seed.text);
        let found_text = found.as_ref().map(|found| &seed.text[found.range.clone()]);
        if found_text != seed.truth.doc.doc_number.as_deref() {
            mismatches.push(format!(
                "{}: doc number expected {:?}, found {found_text:?}",
                seed.truth.file, seed.truth.doc.doc_number
            ));
        }
        if let Some(issues) = found
            .map(|found| found.issues)
            .filter(|issues| !issues.is_empty())
        {
            mismatches.push(format!("{}: doc number issues {issues:?}", seed.truth.file));
        }
        if let Some(issue_date) = seed.truth.doc.issue_date
            && !find_dates(&seed.text)
                .iter()
                .any(|(_, date)| *date == issue_date)
        {
            mismatches.push(format!(
                "{}: issue date {issue_date} not found",
                seed.truth.file
            ));
        }
    }
    fail_on(mismatches);
}
