//! Small plans written for each layout, with wording, numbering and units unlike the seeds', so
//! that nothing in the parser depends on the seeds' words. Each test states the outline by hand.

mod common;

use std::path::Path;

use wenshen::document::{self, Document, Layout};
use wenshen::source::SourceFile;

fn parse(file: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/layouts")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("a readable fixture");
    document::parse(&SourceFile::from_text(file, text))
}

/// One line per task: `label part section | text start | units | deadline (source)`, units marked
/// `+` when lead, `~` when cooperating, `^` when inherited.
fn outline(doc: &Document) -> String {
    let mut lines = Vec::new();
    for part in &doc.parts {
        lines.push(format!("part {} {}", part.label, part.title));
    }
    for section in &doc.sections {
        lines.push(format!("section {} {}", section.label, section.title));
    }
    for task in &doc.tasks {
        let units = common::marked_units(task);
        let deadline = task.deadline.as_ref().map_or("-".to_string(), |deadline| {
            let date = deadline.date.map_or("?".to_string(), |d| d.to_string());
            format!(
                "{} {:?} {:?} {date}",
                deadline.text, deadline.source, deadline.kind
            )
        });
        let start: String = task.text.chars().take(8).collect();
        lines.push(format!(
            "{} {} {} | {start} | {} | {deadline}",
            task.label,
            task.part.as_deref().unwrap_or("-"),
            task.section.as_deref().unwrap_or("-"),
            units.join(" "),
        ));
    }
    lines.join("\n")
}

fn check(file: &str, layout: Layout, expected: &str) {
    let doc = parse(file);
    assert_eq!(doc.layout, layout, "{file}: layout");
    let expected: Vec<&str> = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let got = outline(&doc);
    assert_eq!(got.lines().collect::<Vec<_>>(), expected, "{file}:\n{got}");
}

#[test]
fn markdown_headings_with_wandering_levels_and_clause_lines() {
    let doc = parse("markdown_headings.md");
    assert_eq!(
        doc.doc.doc_number.as_ref().map(|n| n.text.as_str()),
        Some("青政办发〔2023〕5号")
    );
    assert_eq!(
        doc.doc.title.as_ref().map(|t| t.text.as_str()),
        Some("青石县人民政府办公室关于印发青石县2023年政务公开工作要点的通知")
    );
    assert_eq!(
        doc.doc.recipients.as_ref().map(|t| t.text.as_str()),
        Some("各乡镇人民政府，县直有关单位")
    );
    assert_eq!(
        doc.doc.disclosure.as_ref().map(|t| t.text.as_str()),
        Some("此件公开发布")
    );
    assert_eq!(doc.plan_year, Some(2023));
    check(
        "markdown_headings.md",
        Layout::MarkdownHeadings,
        "
        part 一 围绕稳经济做好公开
        part 二 围绕惠民生做好公开
        section （一） 做好惠企政策公开
        section （二） 做好社会救助信息公开
        section （三） 加强队伍建设
        1 一 （一） | 集中公开惠企政策 | +县发展改革局 ~县财政局 ~县工信局 | 2023年6月底前 Field MonthEnd 2023-06-30
        2 一 （一） | 规范公开政府采购 | 县财政局 县公共资源交易中心 | 全年 Field AllYear ?
        3 二 （二） | 按季度公开城乡低 | 县民政局 | 每季度 Field Periodic ?
        4 二 （二） | 公开重大行政决策 | 县司法局 各乡镇〔街道〕 | 持续推进 Field Continuous ?
        5 二 （三） | 各单位年内组织政 | +县政府办 ~县直各单位 | 年内 Inline YearEnd 2023-12-31
        ",
    );
}

#[test]
fn paragraph_tasks_between_web_junk() {
    check(
        "paragraphs.txt",
        Layout::Paragraphs,
        "
        part 一 加强重点领域公开
        part 二 强化监督保障
        一 一 - | 推进财政预决算公 | 市财政局 各县〔区〕政府〔管委会〕 | 于2023年9月30日前 Inline Date 2023-09-30
        二 一 - | 推进就业信息公开 | 市人社局 各县〔区〕政府〔管委会〕 | -
        三 二 - | 加强考核评估。将 | 市政府办公室 | -
        ",
    );
}

#[test]
fn numbered_items_with_lead_and_deadline_keys() {
    check(
        "numbered_items.txt",
        Layout::NumberedItems,
        "
        part 一 基础工作
        part 二 平台建设
        1 一 - | 完善信息公开指南 | +办公室 各科室 | 2023年底前 Field YearEnd 2023-12-31
        2 一 - | 规范办理依申请公 | +办公室 ~法规科 | -
        3 二 - | 加强门户网站内容 | 信息中心 | 长期坚持 Field Continuous ?
        ",
    );
}

#[test]
fn pipe_table_with_number_column_merged_cells_and_a_continued_row() {
    check(
        "pipe_table.md",
        Layout::PipeTable,
        "
        part 一 优化公开平台
        part 二 推进决策公开
        1 一 - | 推进政府网站集约 | 区数据局 | 2023年10月底前 Field MonthEnd 2023-10-31
        2 一 - | 规范政务新媒体运 | 区数据局^ | 2023年10月底前 Inherited MonthEnd 2023-10-31
        3 二 - | 公开重大行政决策 | 区司法局 区发改局 | 全年 Field AllYear ?
        4 二 - | 落实政策解读与文 | 区政府办 各街道 | 年底前 Field YearEnd 2023-12-31
        5 二 - | 公开年度报告。 | 各街道 | 2024年1月31日前 Field Date 2024-01-31
        ",
    );
}

#[test]
fn tab_cells_with_detached_part_cells_and_continued_unit_cells() {
    check(
        "tab_cells.txt",
        Layout::TabCells,
        "
        part 一 强化政策解读
        part 二 回应社会关切
        1 一 - | 做好政策解读，文 | 区司法局等区直有关部门 | 9月底前 Field MonthEnd 2023-09-30
        2 一 - | 开展政策吹风会。 | 区司法局等区直有关部门^ | 年底前 Field YearEnd 2023-12-31
        3 二 - | 对重大舆情在24 | 区委宣传部 区政府办 | 持续推进 Field Continuous ?
        ",
    );
}

#[test]
fn pipe_table_printed_one_cell_per_line() {
    check(
        "pipe_cell_lines.txt",
        Layout::PipeTableCellLines,
        "
        part 一 基层公开
        1 一 - | 公开惠民惠农补贴 | 镇财政所 | 年底前 Field YearEnd 2023-12-31
        2 一 - | 更新村务公开栏， | 各村（社区） | 持续推进 Field Continuous ?
        ",
    );
}

#[test]
fn traditional_characters_are_read_and_reported_as_written() {
    let doc = parse("traditional_numbered.txt");
    assert_eq!(doc.plan_year, Some(2023));
    check(
        "traditional_numbered.txt",
        Layout::NumberedItems,
        "
        part 一 深化重點領域公開
        1 一 - | 做好財政資金信息 | 區財政局 各鄉鎮〔街道〕 | 2023年8月31日前 Field Date 2023-08-31
        2 一 - | 規範辦理依申請公 | +區政府辦 ~區司法局 | 持續推進 Field Continuous ?
        ",
    );
}

#[test]
fn a_page_break_inside_the_responsibility_clause_joins_it_back() {
    // Found by the corpus generator: the clause cut right after its key, or after a unit that
    // ends in a bracket, lost the rest of the clause on the next page.
    let text = "2023年某县政务公开工作要点\n\n一、基础工作\n\n\
        1．做好年报。(责任单位:\n\n县审计局;完成时限:2023年11月16日前)\n\n\
        2．做好公开。（责任单位：各乡镇（街道）\n\n牵头，县民政局配合；完成时限：年底前）\n";
    let doc = document::parse(&SourceFile::from_text("cut_clause.txt", text));
    assert_eq!(doc.layout, Layout::NumberedItems);
    assert_eq!(
        outline(&doc).lines().collect::<Vec<_>>(),
        [
            "part 一 基础工作",
            "1 一 - | 做好年报。 | 县审计局 | 2023年11月16日前 Field Date 2023-11-16",
            "2 一 - | 做好公开。 | +各乡镇（街道） ~县民政局 | 年底前 Field YearEnd 2023-12-31",
        ]
    );
}

#[test]
fn pipe_table_with_lead_and_cooperating_unit_columns_and_a_wrapped_title() {
    let doc = parse("pipe_table_role_columns.md");
    assert_eq!(
        doc.doc.title.as_ref().map(|t| t.text.as_str()),
        Some("南川县人民政府办公室关于印发南川县2023年政务公开工作要点任务分解表的通知")
    );
    assert_eq!(doc.doc.doc_number.as_ref().map(|n| n.serial), Some(Some(9)));
    assert_eq!(
        doc.doc.issuer.as_ref().map(|t| t.text.as_str()),
        Some("南川县人民政府办公室")
    );
    check(
        "pipe_table_role_columns.md",
        Layout::PipeTable,
        "
        part 一 推进政策公开
        1 一 - | 做好规范性文件公 | +县司法局 ~县政府办 ~各乡镇 | 2023年6月 Field MonthEnd 2023-06-30
        2 一 - | 做好政策解读文件 | +县政府办 ~各乡镇^ | 持续推进 Field Continuous ?
        ",
    );
    let second = &doc.tasks[1];
    assert_eq!(
        second.quantities.len(),
        1,
        "the measure column is part of the task text"
    );
}

#[test]
fn tab_rows_with_a_line_break_inside_a_cell_and_field_list_cells() {
    check(
        "tab_rows.txt",
        Layout::TabRows,
        "
        part 一 基础工作
        1 一 - | 更新主动公开目录 | 党政办 | 6月底前 Field MonthEnd 2023-06-30
        2 一 - | 公开财政预决算， | 财政所 | 6月底前 Inherited MonthEnd 2023-06-30
        3 一 - | 开展政务公开培训 | +党政办 ~各村 | 年底前 Field YearEnd 2023-12-31
        ",
    );
}

#[test]
fn page_numbers_between_pages_are_not_content() {
    // Found by the corpus generator: `— 2 —` on its own line joined the deadline cell of the row
    // before it in tab rows, and in text plans split a task from its clause.
    let rows = "2023年某镇政务公开任务清单\n\n序号\t任务内容\t责任单位\t完成时限\n\
        一、基础工作\t\t\t\n1\t更新主动公开目录。\t党政办\t6月底前\n\n— 2 —\n\n\
        序号\t任务内容\t责任单位\t完成时限\n2\t公开财政预决算。\t财政所\t年底前\n";
    let doc = document::parse(&SourceFile::from_text("rows.txt", rows));
    assert_eq!(doc.layout, Layout::TabRows);
    assert_eq!(
        outline(&doc).lines().collect::<Vec<_>>(),
        [
            "part 一 基础工作",
            "1 一 - | 更新主动公开目录 | 党政办 | 6月底前 Field MonthEnd 2023-06-30",
            "2 一 - | 公开财政预决算。 | 财政所 | 年底前 Field YearEnd 2023-12-31",
        ]
    );
    let text = "2023年某县政务公开工作要点\n\n一、基础工作\n\n1．做好年报。\n\n- 7 -\n\n\
        （责任单位：县审计局；完成时限：全年）\n";
    let doc = document::parse(&SourceFile::from_text("text.txt", text));
    assert_eq!(
        outline(&doc).lines().collect::<Vec<_>>(),
        [
            "part 一 基础工作",
            "1 一 - | 做好年报。 | 县审计局 | 全年 Field AllYear ?",
        ]
    );
}

#[test]
fn a_time_limit_at_the_end_of_the_unit_list_is_the_deadline() {
    let text = "# 某县2023年政务公开工作要点\n\n## 一、重点领域公开\n\n\
        1．推进重大建设项目信息公开。（责任单位：县发展改革局、县住房城乡建设局，2023年12月底前完成）\n\n\
        2．公开惠企政策清单。（牵头单位：县税务局；配合单位：县财政局；完成时间：2023年6月底前）\n\n\
        3．做好财政预决算公开。（责任单位：县财政局，年底前完成；完成时限：2023年9月底前）\n";
    let doc = document::parse(&SourceFile::from_text("unit_list_deadline.md", text));
    assert_eq!(
        outline(&doc).lines().collect::<Vec<_>>(),
        [
            "part 一 重点领域公开",
            "1 一 - | 推进重大建设项目 | 县发展改革局 县住房城乡建设局 | 2023年12月底前 Inline MonthEnd 2023-12-31",
            "2 一 - | 公开惠企政策清单 | +县税务局 ~县财政局 | 2023年6月底前 Field MonthEnd 2023-06-30",
            "3 一 - | 做好财政预决算公 | 县财政局 | 2023年9月底前 Field MonthEnd 2023-09-30",
        ]
    );
}

#[test]
fn tab_cells_with_a_measures_column_keep_it_in_the_task_text() {
    // 序号 | 重点任务 | 工作措施 | 责任单位 | 完成时限, part rows between, an empty part cell before a
    // row continuing the part, and an empty (merged) deadline cell.
    let text = "某区2023年政务公开重点工作任务分解表\n\n\
        \t序号\n\t重点任务\n\t工作措施\n\t责任单位\n\t完成时限\n\
        \t一、强化政策解读\n\
        \t1\n\t政策解读\n\t重要政策文件出台后3个工作日内发布解读材料\n\t区政府办公室\n\t全年\n\
        \t2\n\t回应关切\n\t对网民留言在10个工作日内答复\n\t区政务服务数据管理局、\n各街道办事处\n\t11月底前\n\
        \t\n\t3\n\t主动公开\n\t公开财政预决算\n\t区财政局\n\t\n\
        \t二、优化平台\n\
        \t4\n\t政府网站\n\t每季度开展一次自查\n\t区政府办公室\n\t年底前\n";
    let doc = document::parse(&SourceFile::from_text("measures_column.txt", text));
    assert_eq!(doc.layout, Layout::TabCells);
    let texts: Vec<&str> = doc.tasks.iter().map(|task| task.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "政策解读重要政策文件出台后3个工作日内发布解读材料",
            "回应关切对网民留言在10个工作日内答复",
            "主动公开公开财政预决算",
            "政府网站每季度开展一次自查",
        ]
    );
    assert_eq!(
        outline(&doc).lines().collect::<Vec<_>>(),
        [
            "part 一 强化政策解读",
            "part 二 优化平台",
            "1 一 - | 政策解读重要政策 | 区政府办公室 | 全年 Field AllYear ?",
            "2 一 - | 回应关切对网民留 | 区政务服务数据管理局 各街道办事处 | 11月底前 Field MonthEnd 2023-11-30",
            "3 一 - | 主动公开公开财政 | 区财政局 | 11月底前 Inherited MonthEnd 2023-11-30",
            "4 二 - | 政府网站每季度开 | 区政府办公室 | 年底前 Field YearEnd 2023-12-31",
        ]
    );
    assert_eq!(doc.tasks[0].quantities[0].text, "3个工作日内");
}
