//! The HTML report of an archive: `check --format html -o DIR/` writes an index and a page per
//! document whose links resolve; the index grows linearly with the documents and holds none of
//! their text; the single page grows with the findings, not with the documents' text; and, where
//! Chromium is installed, the index of many plans loads quickly and does not scroll sideways at
//! phone width.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use wenshen::engine::{Calendar, Checked, CoverageRow, Engine};
use wenshen::report::html::{self, Folder};
use wenshen::rules;
use wenshen::source::SourceFile;

/// A 2022 county plan whose tasks carry `marker` (so that a test can look for its text), with
/// `clean` further tasks that draw no finding.
fn plan(marker: &str, clean: usize) -> String {
    let mut text = format!(
        "某县2022年政务公开工作要点\n\n一、重点领域信息公开\n\n\
         1. 集中公开{marker}惠企政策，做好政策解读。（牵头单位：县发展改革局；完成时限：2022年9月底前）\n\
         2. 重大行政决策草案公开征求意见，征求意见期限为15日。（责任单位：县司法局；完成时限：全年）\n\
         3. 加强政府网站管理。\n"
    );
    for number in 0..clean {
        text.push_str(&format!(
            "{}. 第{number}批{marker}政务公开事项目录编制完成并向社会公布。（责任单位：县政府办公室；完成时限：2022年12月31日前）\n",
            number + 4
        ));
    }
    text
}

fn engine() -> Engine {
    let rule_set = rules::load(&rules::bundled(), &[]).expect("the bundled rules load");
    Engine::new(rule_set, Calendar::bundled())
}

fn check(engine: &Engine, sources: Vec<SourceFile>) -> (Vec<Checked>, Vec<CoverageRow>) {
    let files = engine.check(sources);
    let coverage = engine.coverage(&files);
    (files, coverage)
}

/// `count` generated plans, each in its own folder under the same file name.
fn plans(count: usize) -> Vec<SourceFile> {
    (0..count)
        .map(|number| {
            SourceFile::from_text(
                format!("县{number:04}/要点.txt"),
                plan(&format!("标记{number:04}号"), 2),
            )
        })
        .collect()
}

#[test]
fn the_index_grows_linearly_with_the_documents_and_holds_none_of_their_text() {
    let engine = engine();
    let sizes: Vec<usize> = [10, 20, 40]
        .into_iter()
        .map(|count| {
            let (files, coverage) = check(&engine, plans(count));
            assert!(files.iter().all(|file| !file.findings.is_empty()));
            let folder = Folder::new(&files, &coverage);
            let index = folder.index();
            assert!(!index.contains("标记"), "no document text in the index");
            assert!(
                !index.contains("政务公开事项目录"),
                "no task text in the index"
            );
            assert_eq!(folder.pages(), count);
            for (number, file) in files.iter().enumerate() {
                let page = folder.page(number + 1);
                assert!(page.contains(&format!("标记{number:04}号")), "its tasks");
                assert!(index.contains(&format!(r#"href="docs/{}.html""#, number + 1)));
                assert!(index.contains(&file.source.name));
            }
            index.len()
        })
        .collect();
    let (per_document_small, per_document_large) =
        ((sizes[1] - sizes[0]) / 10, (sizes[2] - sizes[1]) / 20);
    // Linear: each document adds the same bytes (a row of the list and of the matrix), and few.
    assert!(
        per_document_small.abs_diff(per_document_large) <= per_document_small / 20,
        "{sizes:?}"
    );
    assert!(
        per_document_large < 1_500,
        "{per_document_large} bytes a document"
    );
}

#[test]
fn the_single_page_grows_with_the_findings_not_with_the_text() {
    let engine = engine();
    let size = |clean: usize| {
        let (files, coverage) = check(
            &engine,
            vec![SourceFile::from_text("要点.txt", plan("某", clean))],
        );
        let tasks = files[0]
            .document
            .as_ref()
            .map_or(0, |document| document.tasks.len());
        assert_eq!(tasks, clean + 3);
        (files[0].findings.len(), html::render(&files, &coverage))
    };
    let (few_findings, few) = size(5);
    let (many_findings, many) = size(500);
    assert_eq!(
        few_findings, many_findings,
        "the added tasks draw no finding"
    );
    assert!(
        !many.contains("政务公开事项目录"),
        "tasks without findings are left out"
    );
    assert!(
        many.contains("征求意见期限为15日"),
        "the excerpt of a finding"
    );
    assert!(
        many.len() < few.len() + 2_000,
        "{} bytes for 5 clean tasks, {} for 500",
        few.len(),
        many.len()
    );
}

/// Every `href` in a page, resolved against the page's folder: the file and the fragment.
fn links(page: &Path) -> Vec<(PathBuf, Option<String>)> {
    let text = std::fs::read_to_string(page).unwrap();
    let folder = page.parent().unwrap();
    text.split(r#"href=""#)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .map(|href| {
            let (file, fragment) = match href.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment.to_string())),
                None => (href, None),
            };
            let target = if file.is_empty() {
                page.to_path_buf()
            } else {
                folder.join(file)
            };
            (target, fragment)
        })
        .collect()
}

fn assert_links_resolve(page: &Path) -> usize {
    let found = links(page);
    for (target, fragment) in &found {
        assert!(
            target.is_file(),
            "{}: {} is missing",
            page.display(),
            target.display()
        );
        if let Some(id) = fragment {
            let text = std::fs::read_to_string(target).unwrap();
            assert!(
                text.contains(&format!(r#"id="{id}""#)),
                "{}: #{id} not in {}",
                page.display(),
                target.display()
            );
        }
    }
    found.len()
}

fn pages_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir.join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[test]
fn check_writes_a_folder_with_an_index_and_a_page_per_document_whose_links_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for county in ["甲县", "乙县", "丙县"] {
        std::fs::create_dir(dir.path().join(county)).unwrap();
        std::fs::write(dir.path().join(county).join("要点.txt"), plan(county, 1)).unwrap();
        inputs.push(format!("{county}/要点.txt"));
    }
    let mut args = vec!["check", "--format", "html", "-o", "报告/"];
    args.extend(inputs.iter().map(String::as_str));
    let run = common::run(dir.path(), &args, None);
    assert_eq!(run.code, 1, "error-level findings: {}", run.stderr);
    assert_eq!(run.stdout, "", "nothing on stdout");
    let report = dir.path().join("报告");
    let index = report.join("index.html");
    let expected: BTreeSet<String> = ["1.html", "2.html", "3.html"].map(String::from).into();
    assert_eq!(pages_in(&report), expected);
    assert!(report.join("wenshen.css").is_file());
    assert!(assert_links_resolve(&index) > 3);
    for page in &expected {
        assert!(assert_links_resolve(&report.join("docs").join(page)) > 0);
    }
    let text = std::fs::read_to_string(&index).unwrap();
    // The matrix names each row by its full path: the three 要点.txt stay apart.
    assert_eq!(
        text.matches(r#"<th class="doc" scope="row"><a href="docs/"#)
            .count(),
        3
    );
    let mut shown = BTreeSet::new();
    for county in ["甲县", "乙县", "丙县"] {
        assert!(
            text.contains(&format!(".html\">{county}/要点.txt</a></th>")),
            "{county}"
        );
        assert!(
            !text.contains(&format!("公开{county}惠企")),
            "no document text"
        );
        // Each page is one document's, with its findings marked in their excerpts.
        for page in &expected {
            let page = std::fs::read_to_string(report.join("docs").join(page)).unwrap();
            if page.contains(&format!("{county}/要点.txt")) {
                assert!(page.contains(&format!("公开{county}惠企")) && page.contains("<mark>"));
                shown.insert(county);
            }
        }
    }
    assert_eq!(shown.len(), 3, "a page for each document");

    // Again into the existing folder, named without a trailing slash, with two documents: the
    // third page of the earlier report goes.
    let run = common::run(
        dir.path(),
        &[
            "check", "--format", "html", "-o", "报告", &inputs[0], &inputs[1],
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected: BTreeSet<String> = ["1.html", "2.html"].map(String::from).into();
    assert_eq!(pages_in(&report), expected);
    assert_links_resolve(&index);
}

#[test]
fn a_folder_that_cannot_be_made_is_an_output_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("要点.txt"), plan("甲", 1)).unwrap();
    std::fs::write(dir.path().join("file"), "").unwrap();
    let run = common::run(
        dir.path(),
        &[
            "check",
            "--format",
            "html",
            "-o",
            "file/report/",
            "要点.txt",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("O001"), "{}", run.stderr);
}

/// A probe added to a copy of the page (the report itself has no script): once the whole page is
/// parsed it forces layout and records, on the top window's body, when the first screen was
/// painted, when the page was parsed and laid out (milliseconds since navigation started), and
/// the width of the page's content.
const PROBE: &str = "<script>const width = document.documentElement.scrollWidth;\
    const top_body = parent.document.body.dataset;\
    const painted = performance.getEntriesByName('first-contentful-paint')[0];\
    top_body.painted = painted ? painted.startTime : 1e9;\
    top_body.parsed = performance.now(); top_body.width = width;</script></body>";

/// What [`PROBE`] recorded.
struct Measured {
    painted: f64,
    parsed: f64,
    width: u32,
}

/// Loads `page` in headless Chromium with a window 1400 px wide and returns what [`PROBE`]
/// recorded.
fn measure(browser: &str, page: &Path) -> Measured {
    let profile = tempfile::tempdir().unwrap();
    let output = common::headless(browser, profile.path())
        .arg("--dump-dom")
        .arg("--window-size=1400,900")
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let value = |name: &str| {
        let start = dom.find(&format!(r#"data-{name}=""#)).unwrap_or_else(|| {
            panic!(
                "{name} not measured: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        }) + name.len()
            + 7;
        dom[start..start + dom[start..].find('"').unwrap()].to_string()
    };
    Measured {
        painted: value("painted").parse().unwrap(),
        parsed: value("parsed").parse().unwrap(),
        width: value("width").parse().unwrap(),
    }
}

/// A page holding `probed` in an iframe as wide as a phone (390 px), written in `dir` so that the
/// page's relative links resolve as they would from there.
fn phone_frame(dir: &Path, probed: &str) -> PathBuf {
    let frame = dir.join("phone.html");
    std::fs::write(
        &frame,
        format!(
            r#"<!DOCTYPE html><body style="margin:0"><iframe style="border:0;width:390px;height:844px" srcdoc="{}"></iframe></body>"#,
            html_escape::encode_double_quoted_attribute(probed)
        ),
    )
    .unwrap();
    frame
}

/// The index of 2,000 generated plans in headless Chromium: the first screen is painted in under
/// 3 s, the whole page parsed and laid out in well under 10 s (the single page of 2,000 plans never
/// finished loading), and neither it nor a document's page is wider than a 390 px phone screen.
/// Headless Chromium's window is at least 500 px wide, so the phone is an iframe of 390 px holding
/// the page.
#[test]
fn the_index_of_an_archive_loads_quickly_and_fits_a_phone_in_a_browser() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let engine = engine();
    let (files, coverage) = check(&engine, plans(2_000));
    let folder = Folder::new(&files, &coverage);
    let index = folder.index();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(Folder::PAGES)).unwrap();
    std::fs::write(dir.path().join(Folder::STYLESHEET), html::STYLESHEET).unwrap();
    let probed = index.replace("</body>", PROBE);
    let page = dir.path().join(Folder::INDEX);
    std::fs::write(&page, &probed).unwrap();
    let desktop = measure(browser, &page);
    let phone = measure(browser, &phone_frame(dir.path(), &probed));
    // A document's page too: its task table and findings stay inside the phone's width.
    let document = folder.page(1).replace("</body>", PROBE);
    let document = measure(
        browser,
        &phone_frame(&dir.path().join(Folder::PAGES), &document),
    );
    assert!(
        document.width <= 390,
        "a document page: {} px",
        document.width
    );
    eprintln!(
        "index of 2,000 plans: {} bytes; first screen painted after {:.0} ms, parsed and laid out \
         after {:.0} ms; {} px wide in a 1400 px window, {} px in a 390 px frame",
        index.len(),
        desktop.painted,
        desktop.parsed,
        desktop.width,
        phone.width
    );
    assert!(
        desktop.painted < 3_000.0,
        "first paint {} ms",
        desktop.painted
    );
    assert!(desktop.parsed < 10_000.0, "parsed {} ms", desktop.parsed);
    assert!(desktop.width <= 1400, "{} px", desktop.width);
    assert!(phone.width <= 390, "{} px in a 390 px frame", phone.width);
}
