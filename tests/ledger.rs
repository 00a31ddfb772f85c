//! `wenshen ledger` end to end: the files are read back (CSV with the `csv` crate, XLSX with
//! `calamine`) and compared with a hand-written fixture, and for the seeds with the parsed model
//! and the findings `wenshen check --format json` reports.

use std::path::Path;
use std::process::Command;

use calamine::{DataType, Reader, Xlsx};
use wenshen::document::{self, UnitRole};

const FIXTURE: &str = "tests/fixtures/ledger/plan.txt";

fn ledger(args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .arg("ledger")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The records of a CSV ledger, header included, after checking the byte-order mark.
fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("the CSV starts with a UTF-8 byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The cells of a sheet of an XLSX ledger, header included, as text: empty cells read as "",
/// dates as `YYYY-MM-DD`, numbers as written.
fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        vec!["工作台账".to_string(), "文件问题".to_string()]
    );
    let range = workbook.worksheet_range(sheet).unwrap();
    let width = range.width();
    range
        .rows()
        .map(|row| {
            let mut cells: Vec<String> = row
                .iter()
                .map(|cell| match cell.as_date() {
                    Some(date) if cell.is_datetime() => date.format("%Y-%m-%d").to_string(),
                    _ => cell.to_string(),
                })
                .collect();
            cells.resize(width, String::new());
            cells
        })
        .collect()
}

/// The cells of the task sheet.
fn read_xlsx(path: &Path) -> Vec<Vec<String>> {
    read_sheet(path, "工作台账")
}

fn header() -> Vec<String> {
    [
        "文件",
        "部分",
        "小节",
        "序号",
        "任务",
        "牵头单位",
        "配合单位",
        "责任单位",
        "完成时限（原文）",
        "完成时限（解析）",
        "时限类型",
        "问题代码",
        "问题",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn the_fixture_ledger_has_one_row_per_task_with_units_deadlines_and_findings() {
    let (code, stdout, stderr) = ledger(&[FIXTURE]);
    assert_eq!(code, 0, "{stderr}");
    let records = read_csv(&stdout);
    assert_eq!(records[0], header());
    let row = |cells: [&str; 13]| cells.map(String::from).to_vec();
    assert_eq!(
        records[1..],
        [
            row([
                FIXTURE,
                "一、重点领域信息公开",
                "（一）惠企政策",
                "1",
                "集中公开惠企政策，助力市场主体纾困，做好“减税&降费”解读。",
                "县发展改革局",
                "县财政局、县税务局",
                "",
                "2022年9月底前",
                "2022-09-30",
                "月底",
                "",
                "",
            ]),
            row([
                FIXTURE,
                "一、重点领域信息公开",
                "（一）惠企政策",
                "2",
                "规范公开政府采购信息，网页不得嵌入<script>alert(1)</script>等外部脚本。",
                "",
                "",
                "县财政局",
                "全年",
                "",
                "全年",
                "GK103",
                "GK103 完成时限无法核查：任务2的完成时限“全年”无法核查",
            ]),
            row([
                FIXTURE,
                "一、重点领域信息公开",
                "（二）政务公开平台",
                "3",
                "加强政府网站和政务新媒体管理，更新政府公报栏目。",
                "",
                "",
                "县政府办公室",
                "2022年12月31日前",
                "2022-12-31",
                "日期",
                "",
                "",
            ]),
            row([
                FIXTURE,
                "二、保障措施",
                "",
                "4",
                "梳理形成工作台账，开展政务公开培训，联系电话13812345678。",
                "",
                "",
                "县政府办公室、各乡镇（街道）",
                "持续推进",
                "",
                "持续",
                "GK505 GK103",
                "GK505 文中有手机号码：公开文件中含有手机号码13812345678\nGK103 完成时限无法核查：任务4的完成时限“持续推进”无法核查",
            ]),
        ]
    );
}

#[test]
fn xlsx_and_csv_hold_the_same_cells() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("台账.xlsx");
    let csv = dir.path().join("台账.csv");
    let (code, _, stderr) = ledger(&["corpus/seeds", FIXTURE, "--output", xlsx.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = ledger(&["corpus/seeds", FIXTURE, "-o", csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let from_csv = read_csv(&std::fs::read(&csv).unwrap());
    assert!(from_csv.len() > 100, "the seeds have many tasks");
    assert_eq!(read_xlsx(&xlsx), from_csv);
    // `--format` overrides the extension.
    let forced = dir.path().join("forced.csv");
    let (code, _, _) = ledger(&[FIXTURE, "--format", "xlsx", "-o", forced.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(read_xlsx(&forced), read_csv(&ledger(&[FIXTURE]).1));
}

#[derive(serde::Deserialize)]
struct CheckReport {
    findings: Vec<CheckFinding>,
}

#[derive(serde::Deserialize)]
struct CheckFinding {
    code: String,
    title: String,
    message: String,
    file: String,
    span: (usize, usize),
}

#[test]
fn seed_rows_match_the_parsed_model_and_the_check_findings() {
    let seeds: Vec<_> = std::fs::read_dir("corpus/seeds")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    let check = Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .args(["check", "corpus/seeds", "--format", "json"])
        .output()
        .unwrap();
    let report: CheckReport = serde_json::from_slice(&check.stdout).unwrap();
    let (code, stdout, stderr) = ledger(&["corpus/seeds"]);
    assert_eq!(code, 0, "{stderr}");
    let records = read_csv(&stdout);

    let mut expected = Vec::new();
    let mut names: Vec<String> = seeds
        .iter()
        .map(|path| wenshen::source::display_path(path))
        .collect();
    names.sort();
    for name in &names {
        let source = wenshen::source::read_path(Path::new(name)).unwrap();
        let parsed = document::parse(&source);
        for task in &parsed.tasks {
            let units = |role| {
                task.units
                    .iter()
                    .filter(|unit| unit.role == role)
                    .map(|unit| unit.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let inside: Vec<&CheckFinding> = report
                .findings
                .iter()
                .filter(|finding| {
                    &finding.file == name
                        && task.span.start() <= finding.span.0
                        && finding.span.1 <= task.span.end()
                })
                .collect();
            expected.push((
                name.clone(),
                task.label.clone(),
                task.text.clone(),
                [
                    units(UnitRole::Lead),
                    units(UnitRole::Cooperate),
                    units(UnitRole::Unspecified),
                ],
                task.deadline
                    .as_ref()
                    .map(|deadline| deadline.text.clone())
                    .unwrap_or_default(),
                task.deadline
                    .as_ref()
                    .and_then(|deadline| deadline.date)
                    .map(|date| date.to_string())
                    .unwrap_or_default(),
                inside
                    .iter()
                    .map(|finding| finding.code.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                inside
                    .iter()
                    .map(|finding| {
                        format!("{} {}：{}", finding.code, finding.title, finding.message)
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
    }
    let actual: Vec<_> = records[1..]
        .iter()
        .map(|cells| {
            (
                cells[0].clone(),
                cells[3].clone(),
                cells[4].clone(),
                [cells[5].clone(), cells[6].clone(), cells[7].clone()],
                cells[8].clone(),
                cells[9].clone(),
                cells[11].clone(),
                cells[12].clone(),
            )
        })
        .collect();
    assert_eq!(actual, expected);
    assert!(
        actual.iter().any(|row| !row.6.is_empty()),
        "some seed task has a finding"
    );
}

#[test]
fn an_unreadable_input_is_reported_and_the_other_rows_are_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("scan.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let output = dir.path().join("台账.csv");
    let (code, _, stderr) = ledger(&[
        FIXTURE,
        "missing/plan.txt",
        binary.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("S001") && stderr.contains("missing/plan.txt"),
        "{stderr}"
    );
    assert!(
        stderr.contains("S003") && stderr.contains("scan.txt"),
        "{stderr}"
    );
    let records = read_csv(&std::fs::read(&output).unwrap());
    assert_eq!(records.len(), 5, "the fixture's header and four tasks");
    assert!(records[1..].iter().all(|cells| cells[0] == FIXTURE));
}

#[test]
fn output_errors_have_codes_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let unwritable = dir.path().join("no/such/dir/台账.xlsx");
    let cases: [(Vec<&str>, &str); 3] = [
        (vec![FIXTURE, "-o", unwritable.to_str().unwrap()], "O001"),
        (vec![FIXTURE, "-o", "台账.txt"], "O002"),
        (vec![FIXTURE, "--format", "xlsx"], "O003"),
    ];
    for (args, code) in cases {
        let (exit, stdout, stderr) = ledger(&args);
        assert_eq!(exit, 2, "{args:?}");
        assert!(stderr.contains(code), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
    }
    assert!(!Path::new("台账.txt").exists());
}

#[test]
fn a_broken_rule_directory_is_a_rule_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.rule"),
        "rule GK999 broken\nseverity loud\n",
    )
    .unwrap();
    let (code, stdout, stderr) = ledger(&[FIXTURE, "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("bad.rule"), "{stderr}");
}

#[test]
fn a_custom_rule_directory_decides_the_findings() {
    let (code, stdout, stderr) = ledger(&[FIXTURE, "--rules", "tests/fixtures/ledger/rules"]);
    assert_eq!(code, 0, "{stderr}");
    let codes: Vec<String> = read_csv(&stdout)[1..]
        .iter()
        .map(|cells| cells[11].clone())
        .collect();
    assert_eq!(codes, ["", "GK103", "", "GK103"]);
}

/// The parts of the workbook calamine does not read: the frozen header, the autofilter over every
/// row and column, the column widths and the bold header style.
#[test]
fn the_xlsx_header_is_bold_and_frozen_with_an_autofilter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    let (code, _, stderr) = ledger(&[FIXTURE, "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#));
    assert!(sheet.contains(r#"<autoFilter ref="A1:M5"/>"#), "{sheet}");
    // The task text column is wide enough for a line of about 30 Chinese characters.
    assert!(
        sheet.contains(r#"<col min="5" max="5" width="60."#),
        "{sheet}"
    );
    assert!(part("xl/styles.xml").contains("<b/>"));
}

#[test]
fn rule_selection_is_that_of_check() {
    let (code, stdout, stderr) = ledger(&[FIXTURE, "--no-config", "--ignore", "GK103"]);
    assert_eq!(code, 0, "{stderr}");
    let codes: Vec<String> = read_csv(&stdout)[1..]
        .iter()
        .map(|cells| cells[11].clone())
        .collect();
    assert_eq!(codes, ["", "", "", "GK505"]);
}

/// A plan whose text, units and deadline start with what a spreadsheet runs as a formula.
const FORMULA_PLAN: &str = "某县2023年政务公开工作要点\n\n一、重点领域信息公开\n\n\
    1. =1+2*3做好年报。（牵头单位：=县财政局；配合单位：+县司法局；完成时限：2023年12月底前）\n\
    2. -2+3+cmd|' /C calc'!A0。（责任单位：@SUM(1+1)；完成时限：全年）\n";

#[test]
fn csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("=HYPERLINK(1).txt");
    std::fs::write(&plan, FORMULA_PLAN).unwrap();
    let (code, stdout, stderr) = ledger(&["--no-config", plan.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let records = read_csv(&stdout);
    assert_eq!(records.len(), 3, "{records:?}");
    for cell in records.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet would run: {cell:?}"
        );
    }
    let cells: Vec<&str> = records.iter().flatten().map(String::as_str).collect();
    for neutralised in [
        "'=1+2*3做好年报。",
        "'=县财政局",
        "'+县司法局",
        "'@SUM(1+1)",
    ] {
        assert!(cells.contains(&neutralised), "{neutralised}: {cells:?}");
    }
    // The XLSX ledger writes every cell as text already: its cells stay as written.
    let xlsx = dir.path().join("台账.xlsx");
    let (code, _, stderr) = ledger(&[
        "--no-config",
        plan.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        read_xlsx(&xlsx)
            .iter()
            .flatten()
            .any(|cell| cell == "=县财政局")
    );
}

#[test]
fn xlsx_dates_and_numbers_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    let (code, _, stderr) = ledger(&[FIXTURE, "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let mut workbook: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = workbook.worksheet_range("工作台账").unwrap();
    let rows: Vec<_> = range.rows().skip(1).collect();
    assert_eq!(rows.len(), 4);
    // 序号 (column D) is a number a filter can sort: 1 to 4.
    let labels: Vec<f64> = rows.iter().map(|row| row[3].get_float().unwrap()).collect();
    assert_eq!(labels, [1.0, 2.0, 3.0, 4.0]);
    // 完成时限（解析） (column J) is a date where the deadline resolved (the CSV's text), empty
    // elsewhere.
    let dates: Vec<String> = rows
        .iter()
        .map(|row| {
            assert!(row[9].is_empty() || row[9].is_datetime(), "{:?}", row[9]);
            row[9]
                .as_date()
                .map(|date| date.to_string())
                .unwrap_or_default()
        })
        .collect();
    let csv: Vec<String> = read_csv(&ledger(&[FIXTURE]).1)[1..]
        .iter()
        .map(|cells| cells[9].clone())
        .collect();
    assert_eq!(dates, csv);
    assert_eq!(dates[0], "2022-09-30");
}

#[test]
fn findings_outside_every_task_are_on_a_second_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    let (code, _, stderr) = ledger(&["corpus/seeds", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let check = Command::new(env!("CARGO_BIN_EXE_wenshen"))
        .args(["check", "corpus/seeds", "--format", "json"])
        .output()
        .unwrap();
    let report: CheckReport = serde_json::from_slice(&check.stdout).unwrap();
    let in_tasks: usize = read_xlsx(&path)[1..]
        .iter()
        .map(|row| row[11].split_whitespace().count())
        .sum();
    let documents = read_sheet(&path, "文件问题");
    assert_eq!(
        documents[0],
        ["文件", "行", "列", "问题代码", "规则", "级别", "问题"]
    );
    assert!(
        documents.len() > 1,
        "the seeds have findings on the whole document"
    );
    // Every finding is in exactly one place: a task's row or the sheet of the documents.
    assert_eq!(in_tasks + documents.len() - 1, report.findings.len());
    for row in &documents[1..] {
        let finding = report
            .findings
            .iter()
            .find(|finding| {
                finding.file == row[0]
                    && finding.code == row[3]
                    && finding.title == row[4]
                    && finding.message == row[6]
            })
            .unwrap_or_else(|| panic!("{row:?} is a finding of check"));
        assert!(!finding.code.is_empty());
    }
}

/// What calamine does not read: print setup and row heights.
#[test]
fn the_xlsx_ledger_prints_on_a4_landscape_with_the_header_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    let (code, _, stderr) = ledger(&["corpus/seeds", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    let page_setup = sheet.split("<pageSetup ").nth(1).unwrap();
    let page_setup = &page_setup[..page_setup.find("/>").unwrap()];
    for attribute in [
        r#"paperSize="9""#,
        r#"orientation="landscape""#,
        r#"fitToHeight="0""#,
    ] {
        assert!(page_setup.contains(attribute), "{page_setup}");
    }
    // A task of several lines gets a row tall enough for them (Excel's default is 15 points).
    let heights: Vec<f64> = sheet
        .split(r#" ht=""#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!(heights.len() > 100, "every task row has a height");
    assert!(heights.iter().any(|height| *height >= 45.0), "{heights:?}");
    assert!(part("xl/workbook.xml").contains(
        r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">工作台账!$1:$1</definedName>"#
    ));
}

#[test]
fn a_cell_over_excel_s_limit_is_cut_with_a_marker_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("long.txt");
    let long_task = "公开".repeat(20_000);
    std::fs::write(
        &plan,
        format!(
            "某县2023年政务公开工作要点\n\n一、重点领域信息公开\n\n\
             1. {long_task}。（责任单位：县政府办公室；完成时限：全年）\n\
             2. 做好年报。（责任单位：县政府办公室；完成时限：全年）\n"
        ),
    )
    .unwrap();
    let path = dir.path().join("台账.xlsx");
    let (code, _, stderr) = ledger(&[
        "--no-config",
        plan.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("O005") && stderr.contains("第 2 行"),
        "{stderr}"
    );
    let rows = read_xlsx(&path);
    assert_eq!(rows.len(), 3, "both tasks are written");
    let cut = &rows[1][4];
    assert!(cut.encode_utf16().count() <= 32_767);
    assert!(cut.starts_with("公开公开"));
    assert!(
        cut.ends_with("…〔已截断：原文 40001 字，完整内容见 CSV 台账〕"),
        "{}",
        &cut[cut.len() - 200..]
    );
    assert_eq!(rows[2][4], "做好年报。");
}
