//! The HTML report: a snapshot of a small fixture set, escaping of document text and file names,
//! self-containment, and the coverage matrix against the engine's findings.

mod common;

use std::path::Path;

use wenshen::engine::{Calendar, Checked, Coverage, CoverageRow, Engine};
use wenshen::report::html;
use wenshen::rules;

const FIXTURES: [&str; 3] = [
    "tests/fixtures/html/notice.txt",
    "tests/fixtures/html/plan-2022.txt",
    "tests/fixtures/html/plan-2023.md",
];

struct Report {
    files: Vec<Checked>,
    coverage: Vec<CoverageRow>,
}

/// Checks `paths` with the bundled rules, as `wenshen check` does.
fn checked(paths: &[&Path]) -> Report {
    let rule_set = rules::load(&rules::bundled(), &[]).expect("the bundled rules load");
    let engine = Engine::new(rule_set, Calendar::bundled());
    let sources = paths
        .iter()
        .map(|path| wenshen::source::read_path(path).expect("the fixture reads"))
        .collect();
    let files = engine.check(sources);
    let coverage = engine.coverage(&files);
    Report { files, coverage }
}

fn fixtures() -> Report {
    let paths: Vec<&Path> = FIXTURES.iter().map(Path::new).collect();
    checked(&paths)
}

fn render(report: &Report) -> String {
    html::render(&report.files, &report.coverage)
}

#[test]
fn the_report_of_the_fixtures() {
    insta::assert_snapshot!(render(&fixtures()));
}

/// Every page the report can be: the single page, and the folder's index and document pages.
fn every_page(report: &Report) -> String {
    let folder = html::Folder::new(&report.files, &report.coverage);
    let mut pages = render(report) + &folder.index();
    for number in 1..=folder.pages() {
        pages.push_str(&folder.page(number));
    }
    pages
}

#[test]
fn document_text_is_escaped() {
    let report = every_page(&fixtures());
    assert!(
        report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the task text's markup is shown as text"
    );
    assert!(report.contains("减税&amp;降费"));
    assert!(report.contains("&lt;b&gt;hearing@example.gov.cn&lt;/b&gt;"));
    assert!(!report.to_lowercase().contains("<script"));
    assert!(!report.contains("<b>"));
    assert!(!report.contains("&降"));
}

#[test]
fn file_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(r#"a&b<i>"x".txt"#);
    std::fs::copy(FIXTURES[1], &path).unwrap();
    let report = every_page(&checked(&[&path]));
    assert!(report.contains("a&amp;b&lt;i&gt;&quot;x&quot;.txt"));
    assert!(!report.contains("<i>"));
    assert!(!report.contains(r#""x""#));
}

#[test]
fn the_report_is_self_contained() {
    let report = render(&fixtures());
    for external in ["http:", "https:", "src=", "<link", "@import", "url("] {
        assert!(!report.contains(external), "{external}");
    }
    assert!(report.starts_with("<!DOCTYPE html>"));
    assert!(report.contains(r#"<meta charset="utf-8">"#));
}

#[test]
fn every_finding_is_shown_with_its_text_marked_and_its_basis() {
    let checked = fixtures();
    let report = render(&checked);
    let findings: Vec<_> = checked
        .files
        .iter()
        .flat_map(|file| {
            file.findings
                .iter()
                .map(move |finding| (&file.source, finding))
        })
        .collect();
    assert!(findings.len() > 5);
    for (source, finding) in findings {
        assert!(
            report.contains(&escape(&finding.message)),
            "{}",
            finding.message
        );
        assert!(
            report.contains(&escape(&finding.basis)),
            "{}",
            finding.basis
        );
        let marked = &source.text[finding.span.range()];
        let first_line = marked.lines().next().unwrap_or_default();
        assert!(
            report.contains(&format!("<mark>{}", escape(first_line))),
            "{}: {first_line}",
            finding.code
        );
    }
}

fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

#[test]
fn the_coverage_matrix_follows_the_findings_and_the_rules_where() {
    let checked = fixtures();
    assert_eq!(checked.coverage.len(), 15, "GK601…GK615");
    for row in &checked.coverage {
        assert!(row.code.starts_with("GK6"), "{}", row.code);
        assert_eq!(row.states.len(), FIXTURES.len());
        // The notice and the 2023 plan are not 2022 plans: the coverage rules do not apply.
        assert_eq!(row.states[0], Coverage::NotApplicable, "{}", row.code);
        assert_eq!(row.states[2], Coverage::NotApplicable, "{}", row.code);
        let fired = checked.files[1]
            .findings
            .iter()
            .any(|finding| finding.code == row.code);
        let expected = if fired {
            Coverage::Missing
        } else {
            Coverage::Covered
        };
        assert_eq!(row.states[1], expected, "{}", row.code);
    }
    let plan = &checked.coverage;
    assert!(plan.iter().any(|row| row.states[1] == Coverage::Covered));
    assert!(plan.iter().any(|row| row.states[1] == Coverage::Missing));
    let item = |code: &str| {
        plan.iter()
            .find(|row| row.code == code)
            .map(|row| row.item.clone())
    };
    assert_eq!(item("GK615").as_deref(), Some("工作台账"));

    let report = render(&checked);
    let missing = plan
        .iter()
        .flat_map(|row| &row.states)
        .filter(|state| **state == Coverage::Missing)
        .count();
    assert_eq!(
        report.matches(r#"<td class="cell missing""#).count(),
        missing
    );
    assert_eq!(
        report.matches(r#"<td class="cell na""#).count(),
        2 * plan.len()
    );
}

#[test]
fn a_rule_set_without_coverage_rules_has_no_matrix() {
    let sources = rules::bundled()
        .into_iter()
        .filter(|source| source.name.contains("GK103"))
        .collect::<Vec<_>>();
    let engine = Engine::new(rules::load(&sources, &[]).unwrap(), Calendar::bundled());
    let sources = FIXTURES
        .iter()
        .map(|path| wenshen::source::read_path(Path::new(path)).unwrap())
        .collect();
    let files = engine.check(sources);
    assert!(engine.coverage(&files).is_empty());
    let report = html::render(&files, &[]);
    assert!(!report.contains(r#"id="coverage""#));
    assert!(report.contains("GK103"));
}

fn check_html(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--format", "html"];
    all.extend_from_slice(args);
    let run = common::run(common::root(), &all, None);
    (run.code, run.stdout, run.stderr)
}

#[test]
fn check_format_html_renders_the_checked_files_and_their_coverage() {
    let (code, stdout, stderr) = check_html(&FIXTURES);
    assert_eq!(code, 1, "error-level findings: {stderr}");
    assert_eq!(stdout, render(&fixtures()));
}

#[test]
fn an_unreadable_input_is_reported_and_the_others_are_in_the_report() {
    let (code, stdout, stderr) = check_html(&[FIXTURES[1], "tests/fixtures/html/missing.txt"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("S001") && stderr.contains("missing.txt"),
        "{stderr}"
    );
    assert_eq!(stdout, render(&checked(&[Path::new(FIXTURES[1])])));
}

/// Opens the report in headless Chromium and takes a screenshot, so that a person can look at it
/// (the path is printed). Skipped, with a message, where Chromium is not installed.
#[test]
fn the_report_renders_in_a_browser() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html_report");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    let screenshot = dir.join("report.png");
    let _ = std::fs::remove_file(&screenshot);
    std::fs::write(&page, render(&fixtures())).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let output = common::headless(browser, profile.path())
        .arg("--window-size=1400,2000")
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let png = std::fs::read(&screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // IHDR holds the width and height, big-endian, at bytes 16..24.
    assert_eq!(png[16..20], 1400u32.to_be_bytes());
    assert_eq!(png[20..24], 2000u32.to_be_bytes());
    // A blank page of this size compresses to about 13 KB; the report's text, tables and colours
    // take far more.
    assert!(png.len() > 100_000, "{} bytes: blank page?", png.len());
    eprintln!("screenshot: {}", screenshot.display());
}

#[test]
fn a_baseline_hides_findings_but_not_what_the_matrix_says_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let plan = FIXTURES[1];
    let (code, _, stderr) = check_html(&[plan, "--no-config", "--write-baseline", baseline]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = check_html(&[plan, "--no-config", "--baseline", baseline]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stdout.contains("<article"),
        "every finding is in the baseline"
    );
    let missing = fixtures()
        .coverage
        .iter()
        .filter(|row| row.states[1] == Coverage::Missing)
        .count();
    assert!(missing > 0);
    assert_eq!(
        stdout.matches(r#"<td class="cell missing""#).count(),
        missing
    );
}

#[test]
fn a_long_line_with_many_findings_is_not_repeated_for_each_of_them() {
    // One task line holding 600 consultation periods that are too short: 600 GK201 findings on
    // one line of about 60 KB. Each excerpt shows the text around its mark, not the whole line.
    let clauses = "重大行政决策草案公开征求意见，征求意见期限为15日。".repeat(600);
    let text = format!(
        "某市2022年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
         1. {clauses}（责任单位：市司法局；完成时限：2022年12月底前）\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-line.txt");
    std::fs::write(&path, &text).unwrap();
    let report = checked(&[&path]);
    let findings = report.files[0]
        .findings
        .iter()
        .filter(|finding| finding.code == "GK201")
        .count();
    assert_eq!(findings, 600);
    let html = render(&report);
    // Linear in the findings, with room for each one's message, help, basis and excerpt.
    assert!(
        html.len() < 100_000 + 4_000 * findings,
        "{} bytes for {findings} findings",
        html.len()
    );
    assert!(html.contains("…"), "the excerpts are elided");
}

#[test]
fn the_matrix_has_a_row_per_document_named_by_its_full_path() {
    // Two plans of the same file name in different folders, as county submissions often are.
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(FIXTURES[1]).unwrap();
    let mut paths = Vec::new();
    for county in ["甲县", "乙县"] {
        std::fs::create_dir(dir.path().join(county)).unwrap();
        let path = dir.path().join(county).join("要点.txt");
        std::fs::write(&path, &plan).unwrap();
        paths.push(path);
    }
    let paths: Vec<&Path> = paths.iter().map(|path| path.as_path()).collect();
    let report = checked(&paths);
    let html = render(&report);
    let rows: Vec<&str> = html
        .split(r#"<th class="doc" scope="row">"#)
        .skip(1)
        .map(|row| &row[..row.find("</th>").unwrap()])
        .collect();
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0], rows[1], "the two rows are told apart");
    assert!(rows[0].contains("甲县/要点.txt"), "{}", rows[0]);
    assert!(rows[1].contains("乙县/要点.txt"), "{}", rows[1]);
    // One column per coverage item.
    assert_eq!(
        html.matches(r#"<th class="item""#).count(),
        report.coverage.len()
    );
}

#[test]
fn the_folder_report_of_the_fixtures() {
    let report = fixtures();
    let folder = html::Folder::new(&report.files, &report.coverage);
    insta::assert_snapshot!("folder_index", folder.index());
    insta::assert_snapshot!("folder_page_2", folder.page(2));
}
