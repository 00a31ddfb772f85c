//! One plan, written in every form the reader knows, reads to the same tasks, units and deadlines:
//! numbered text with clauses, Markdown headings, pipe tables with and without outer pipes, cells
//! one per line closed by pipes or separated by pipe lines, tab cells and tab rows.

use proptest::prelude::*;
use wenshen::document::{self, Document};
use wenshen::source::SourceFile;

const TEXTS: &[&str] = &[
    "更新主动公开目录",
    "公开重大建设项目批准信息",
    "做好政策解读和回应关切",
    "规范政务新媒体运维",
    "编制政府信息公开年度报告",
    "推进基层政务公开标准化",
];
const UNITS: &[&str] = &[
    "县政府办公室",
    "县财政局",
    "各乡镇（街道）",
    "县发展改革局",
    "政策法规股",
    "县直有关部门",
];
const DEADLINES: &[&str] = &[
    "2024年6月底前",
    "持续推进",
    "年底前",
    "长期坚持",
    "10月底前",
];

#[derive(Debug, Clone)]
struct PlannedTask {
    text: &'static str,
    units: Vec<&'static str>,
    deadline: &'static str,
}

fn planned_task() -> impl Strategy<Value = PlannedTask> {
    (
        prop::sample::select(TEXTS),
        prop::sample::subsequence(UNITS, 1..=3),
        prop::sample::select(DEADLINES),
    )
        .prop_map(|(text, units, deadline)| PlannedTask {
            text,
            units,
            deadline,
        })
}

const TITLE: &str = "某县2024年政务公开工作要点任务分解表\n\n";
const HEADER: [&str; 4] = ["序号", "工作任务", "责任单位", "完成时限"];

/// The cells of each row: number, task, units, deadline.
fn rows(tasks: &[PlannedTask]) -> Vec<[String; 4]> {
    tasks
        .iter()
        .enumerate()
        .map(|(index, task)| {
            [
                (index + 1).to_string(),
                format!("{}。", task.text),
                task.units.join("、"),
                task.deadline.to_string(),
            ]
        })
        .collect()
}

fn renderings(tasks: &[PlannedTask]) -> Vec<(&'static str, String)> {
    let rows = rows(tasks);
    let table = |header: &dyn Fn(&[&str; 4]) -> String, row: &dyn Fn(&[String; 4]) -> String| {
        let mut text = format!("{TITLE}{}", header(&HEADER));
        for cells in &rows {
            text.push_str(&row(cells));
        }
        text
    };
    let clause_text = |markdown: bool| {
        let mut text = format!(
            "{TITLE}{}一、重点任务\n\n",
            if markdown { "## " } else { "" }
        );
        for [number, task, units, deadline] in &rows {
            text.push_str(&format!(
                "{number}. {task}（责任单位：{units}；完成时限：{deadline}）\n\n"
            ));
        }
        text
    };
    vec![
        ("numbered text", clause_text(false)),
        ("markdown headings", clause_text(true)),
        (
            "pipe table",
            table(
                &|h| format!("| {} |\n|---|---|---|---|\n", h.join(" | ")),
                &|c| format!("| {} |\n", c.join(" | ")),
            ),
        ),
        (
            "rows without outer pipes",
            table(&|h| format!("{} |\n|\n", h.join(" | ")), &|c| {
                format!("{} |\n|\n", c.join(" | "))
            }),
        ),
        (
            "cells closed by pipes",
            table(&|h| format!("{} |\n|\n", h.join(" |\n")), &|c| {
                format!("{} |\n|\n", c.join(" |\n"))
            }),
        ),
        (
            "cells between pipe lines",
            table(&|h| format!("{}\n\n", h.join("\n|\n")), &|c| {
                format!("{}\n\n", c.join("\n|\n"))
            }),
        ),
        (
            "tab cells",
            table(
                &|h| h.iter().map(|cell| format!("\t{cell}\n")).collect(),
                &|c| c.iter().map(|cell| format!("\t{cell}\n")).collect(),
            ),
        ),
        (
            "tab rows",
            table(&|h| format!("{}\n", h.join("\t")), &|c| {
                format!("{}\n", c.join("\t"))
            }),
        ),
    ]
}

/// What a reading says of each task: label, text, units, deadline.
fn read(doc: &Document) -> Vec<(String, String, Vec<String>, Option<String>)> {
    doc.tasks
        .iter()
        .map(|task| {
            (
                task.label.clone(),
                task.text.trim_end_matches('。').to_string(),
                task.units.iter().map(|unit| unit.name.clone()).collect(),
                task.deadline.as_ref().map(|deadline| deadline.text.clone()),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn one_plan_reads_the_same_in_every_layout(tasks in prop::collection::vec(planned_task(), 1..7)) {
        let expected: Vec<_> = tasks
            .iter()
            .enumerate()
            .map(|(index, task)| {
                (
                    (index + 1).to_string(),
                    task.text.to_string(),
                    task.units.iter().map(|unit| unit.to_string()).collect::<Vec<_>>(),
                    Some(task.deadline.to_string()),
                )
            })
            .collect();
        for (form, text) in renderings(&tasks) {
            let doc = document::parse(&SourceFile::from_text("plan.txt", text.clone()));
            prop_assert_eq!(read(&doc), expected.clone(), "{}:\n{}", form, text);
        }
    }
}
