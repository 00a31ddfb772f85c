//! Findings a person can trust: the kind of a document decides which rules judge it, a plan that
//! yields no task fails `check`, a cut-off text is reported once and its last task is not faulted,
//! and document-level counts replace one finding per task. Small documents written for the tests.

mod common;

use wenshen::document::{self, Document, DocumentKind};
use wenshen::source::SourceFile;

fn parse(text: &str) -> Document {
    document::parse(&SourceFile::from_text("t.txt", text.to_string()))
}

/// `check` on `text` from stdin: the exit code and the codes of the findings, in order.
fn check(text: &str) -> (i32, Vec<String>, String) {
    let run = common::run(
        common::root(),
        &["check", "-", "--format", "concise"],
        Some(text.as_bytes()),
    );
    let codes = run
        .stdout
        .lines()
        .filter_map(|line| {
            line.split_whitespace()
                .find(|word| word.starts_with("GK") || word.starts_with('P'))
                .map(|code| code.trim_end_matches(':').to_string())
        })
        .collect();
    (run.code, codes, run.stdout + &run.stderr)
}

const CONSULTATION: &str = "\
为提高立法质量，现将《某市养犬管理办法（征求意见稿）》全文公布，征求社会各界意见。公众可通过以下方式提出意见建议：
（一）电子邮件：请将意见发送至某某邮箱。
（二）信函：请将意见寄至某市司法局。
反馈意见日期为2024年9月12日-2024年10月12日
某市司法局
2024年9月11日";

#[test]
fn a_consultation_notice_is_a_notice_and_its_channels_are_not_faulted() {
    let doc = parse(CONSULTATION);
    assert_eq!(doc.kind, DocumentKind::Notice);
    let (_, codes, stdout) = check(CONSULTATION);
    assert!(
        !codes.iter().any(|code| code.starts_with("GK1")),
        "{stdout}"
    );
}

#[test]
fn consultation_periods_are_read_in_every_form() {
    let cases = [
        (
            "征求意见时间为2024年9月12日-2024年10月12日。",
            Some("2024-09-12"),
            "2024-10-12",
        ),
        (
            "征集日期：2022年11月3日至2022年11月20日止。",
            Some("2022-11-03"),
            "2022-11-20",
        ),
        (
            "公开征求意见的截止时间为2021年10月15日；",
            None,
            "2021-10-15",
        ),
        ("请于11月20日前反馈意见。", None, "2022-11-20"),
        (
            "征求意见时间为2022年9月1日至9月16日。",
            Some("2022-09-01"),
            "2022-09-16",
        ),
    ];
    for (line, start, end) in cases {
        let text =
            format!("某县人民政府关于公开征求意见的公告\n\n{line}\n\n某县人民政府\n2022年9月1日");
        let doc = parse(&text);
        let date = |field: &Option<document::DateField>| {
            field
                .as_ref()
                .and_then(|field| field.date)
                .map(|date| date.to_string())
        };
        assert_eq!(
            date(&doc.doc.consultation_start).as_deref(),
            start,
            "{line}"
        );
        assert_eq!(
            date(&doc.doc.consultation_end).as_deref(),
            Some(end),
            "{line}"
        );
    }
}

#[test]
fn kinds_come_from_the_genre() {
    let cases = [
        (
            "某县2023年政务公开工作要点\n\n一、重点工作\n\n1. 做好政策解读。（责任单位：县政府办；完成时限：2023年6月底前）",
            DocumentKind::Plan,
        ),
        (
            "某县2023年政务公开任务分解表\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n| 1 | 做好政策解读 | 县政府办 | 2023年6月底前 |\n| 2 | 做好预算公开 | 县财政局 | 2023年9月底前 |\n| 3 | 做好决策公开 | 县司法局 | 2023年12月底前 |",
            DocumentKind::Table,
        ),
        (
            "某省政府信息公开规定\n\n第一条 为了规范政府信息公开，制定本规定。\n\n第二条 本规定适用于本省。\n\n第三条 本规定自发布之日起施行。",
            DocumentKind::Regulation,
        ),
        (
            "《关于加强政务新媒体管理的通知》政策解读\n\n近日，县政府办公室印发了通知。\n\n一、工作目标\n\n年底前完成整合。",
            DocumentKind::Interpretation,
        ),
        (
            "国务院关于加强市县政府依法行政的决定\n\n各省、自治区、直辖市人民政府：\n\n一、充分认识加强市县政府依法行政的重要性\n\n（一）市县政府在我国政权体系中具有重要地位。",
            DocumentKind::Notice,
        ),
    ];
    for (text, kind) in cases {
        assert_eq!(parse(text).kind, kind, "{text}");
    }
}

#[test]
fn a_plan_that_yields_no_task_fails_check_and_names_its_header() {
    // A table whose body cells are all empty, as extraction sometimes leaves them: a header, then
    // rows of bare pipes.
    let text =
        "某县2023年政务公开任务分解表\n\n序号 | 工作任务 | 责任单位 | 完成时限\n|\n|||\n|\n|||";
    let doc = parse(text);
    assert_eq!(doc.kind, DocumentKind::Table);
    assert!(doc.tasks.is_empty());
    let problem = doc
        .problems
        .iter()
        .find(|problem| problem.code == "P001")
        .expect("a P001 problem");
    assert_eq!(
        &text[problem.span.range()],
        "序号 | 工作任务 | 责任单位 | 完成时限"
    );
    let (code, codes, stdout) = check(text);
    assert_eq!(code, 1, "{stdout}");
    assert!(codes.contains(&"P001".to_string()), "{stdout}");
}

#[test]
fn a_cut_off_text_is_reported_once_and_its_last_task_is_not_faulted() {
    let text = "某市2022年政务公开工作要点\n\n一、重点工作\n\n1. 做好惠企政策公开。（责任单位：市发展改革委；完成时限：2022年9月底前）\n2. 推进政务新媒体建设。（责任单位：市政府办公室；完成时限：2022年12月底前）\n3. 加强政策解读，围绕市场主体关切，及时发布解读材料并";
    let doc = parse(text);
    assert!(doc.truncated.is_some());
    assert_eq!(
        doc.tasks
            .iter()
            .map(|task| task.cut_off)
            .collect::<Vec<_>>(),
        [false, false, true]
    );
    reported_once_and_last_task_not_faulted(text);
}

/// `check` on a cut-off text: one P007, and no task faulted for a missing unit or deadline.
fn reported_once_and_last_task_not_faulted(text: &str) {
    let (_, codes, stdout) = check(text);
    assert_eq!(
        codes.iter().filter(|code| *code == "P007").count(),
        1,
        "{stdout}"
    );
    assert!(
        !codes.iter().any(|code| code == "GK101" || code == "GK102"),
        "{stdout}"
    );
}

#[test]
fn a_finished_text_is_not_truncated() {
    for text in [
        "某市2022年政务公开工作要点\n\n1. 做好惠企政策公开。（责任单位：市发展改革委）",
        CONSULTATION,
    ] {
        assert_eq!(parse(text).truncated, None, "{text}");
    }
}

#[test]
fn a_plan_without_any_unit_gets_one_counted_finding() {
    let text = "2022年政务公开工作要点\n\n一、重点工作\n\n1. 做好惠企政策公开，2022年9月底前完成。\n2. 推进政务新媒体建设，年底前完成。\n3. 加强政策解读，年底前完成。\n4. 做好政府网站年度报表发布，年底前完成。";
    let (_, codes, stdout) = check(text);
    assert_eq!(
        codes.iter().filter(|code| *code == "GK110").count(),
        1,
        "{stdout}"
    );
    assert!(!codes.iter().any(|code| code == "GK101"), "{stdout}");
    assert!(stdout.contains("全文4项任务均未明确责任单位"), "{stdout}");
}

#[test]
fn coverage_is_judged_only_for_a_whole_annual_plan() {
    let tasks = "\n\n一、重点工作\n\n1. 做好档案整理。（责任单位：市政府办公室；完成时限：2022年12月底前）\n2. 推进政府网站建设。（责任单位：市政府办公室；完成时限：2022年12月底前）\n3. 加强政务公开培训。（责任单位：市政府办公室；完成时限：2022年12月底前）";
    let annual = format!("某市2022年政务公开工作要点{tasks}");
    let two_months = format!("某市2022年1-2月政务公开工作任务清单{tasks}");
    assert!(parse(&annual).annual);
    assert!(!parse(&two_months).annual);
    let coverage = |text: &str| {
        check(text)
            .1
            .iter()
            .filter(|code| code.starts_with("GK6"))
            .count()
    };
    assert!(coverage(&annual) > 0);
    assert_eq!(coverage(&two_months), 0);
}

#[test]
fn an_unreadable_unit_cell_is_reported_on_the_cell_not_as_a_missing_unit() {
    let text = "某县2023年政务公开任务分解表\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n| 1 | 做好政策解读 | 县政府办 | 2023年6月底前 |\n| 2 | 做好决策公开 | 、、 | 2023年12月底前 |\n";
    let doc = parse(text);
    let problem = doc
        .problems
        .iter()
        .find(|problem| problem.code == "P008")
        .expect("a P008 problem");
    assert_eq!(&text[problem.span.range()], "、、");
    let (_, codes, stdout) = check(text);
    assert!(codes.contains(&"P008".to_string()), "{stdout}");
    assert!(!codes.iter().any(|code| code == "GK101"), "{stdout}");
}

#[test]
fn numbers_inside_table_cells_are_not_table_numbering() {
    let text = "某县2023年政务公开任务分解表\n\n| 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|\n| 1.做好政策解读。2.做好解读回应。 | 县政府办 | 2023年6月底前 |\n| 1.做好预算公开。2.做好决算公开。 | 县财政局 | 2023年9月底前 |\n";
    let (_, codes, stdout) = check(text);
    assert!(
        !codes.iter().any(|code| code == "GK107" || code == "GK108"),
        "{stdout}"
    );
}

#[test]
fn a_table_whose_last_row_is_cut_off_is_reported_once_and_the_row_is_not_faulted() {
    // A table printed one cell per line, each cell ending in ` |`: the page ends after the third
    // row's task cell, before its unit and deadline cells.
    let text = "某县2023年政务公开任务分解表\n序号 |\n工作任务 |\n责任单位 |\n完成时限 |\n|\n1 |\n做好政策解读 |\n县政府办 |\n2023年6月底前 |\n|\n2 |\n做好预算公开 |\n县财政局 |\n2023年9月底前 |\n|\n3 |\n做好决策公开 |";
    let doc = parse(text);
    assert!(doc.truncated.is_some());
    assert!(doc.tasks.last().is_some_and(|task| task.cut_off));
    reported_once_and_last_task_not_faulted(text);
}

#[test]
fn problems_of_one_code_give_one_counted_finding() {
    let text = "某县2023年政务公开任务分解表\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n| 1 | 做好政策解读 | 县政府办 | 2023年6月底前 |\n| 2 | 做好决策公开 | 、、 | 2023年12月底前 |\n| 3 | 做好预算公开 | 、、 | 2023年12月底前 |\n";
    assert_eq!(
        parse(text)
            .problems
            .iter()
            .filter(|problem| problem.code == "P008")
            .count(),
        2
    );
    let (_, codes, stdout) = check(text);
    assert_eq!(
        codes.iter().filter(|code| *code == "P008").count(),
        1,
        "{stdout}"
    );
    assert!(stdout.contains("全文共2处"), "{stdout}");
}

#[test]
fn an_unreadable_deadline_cell_is_reported_on_the_cell_not_as_a_missing_deadline() {
    let text = "某县2023年政务公开任务分解表\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n| 1 | 做好政策解读 | 县政府办 | 2023年6月底前 |\n| 2 | 做好决策公开 | 县司法局 | 见附件 |\n| 3 | 做好预算公开 | 县财政局 | 及时 |\n";
    let doc = parse(text);
    let unread: Vec<&str> = doc
        .problems
        .iter()
        .filter(|problem| problem.code == "P010")
        .map(|problem| &text[problem.span.range()])
        .collect();
    // `及时` is vague, not unreadable: it holds a time word.
    assert_eq!(unread, ["见附件"]);
    let (_, codes, stdout) = check(text);
    assert!(codes.contains(&"P010".to_string()), "{stdout}");
    assert!(!codes.iter().any(|code| code == "GK102"), "{stdout}");
}

#[test]
fn a_compound_deadline_gives_every_date() {
    let text = "某县2023年政务公开任务分解表\n\n| 序号 | 工作任务 | 责任单位 | 完成时限 |\n|---|---|---|---|\n| 1 | 做好预决算公开 | 县财政局 | 2023年3月公开预算,2023年9月公开决算 |\n";
    let doc = parse(text);
    let deadline = doc.tasks[0].deadline.as_ref().expect("a deadline");
    let dates: Vec<String> = deadline.dates.iter().map(ToString::to_string).collect();
    assert_eq!(dates, ["2023-03-31", "2023-09-30"]);
    assert_eq!(
        deadline.date.map(|date| date.to_string()).as_deref(),
        Some("2023-03-31")
    );
}
