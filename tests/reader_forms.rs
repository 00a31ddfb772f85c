//! The forms of the genre, one small hand-written document each: the ways tables mark their cells,
//! the ways a task names its units, labels, and the numbered paragraphs that are not tasks. The
//! wording, places and units are invented (none is copied from the seeds or the real documents);
//! each test states what the reader must make of its text.

mod common;

use wenshen::document::{self, Document};
use wenshen::source::SourceFile;

fn read(text: &str) -> Document {
    document::parse(&SourceFile::from_text("form.txt", text.to_string()))
}

/// One line per task: `label | text start | units | deadline`, units marked `+` when lead, `~`
/// when cooperating, `^` when inherited.
fn tasks(doc: &Document) -> Vec<String> {
    doc.tasks
        .iter()
        .map(|task| {
            let units = common::marked_units(task);
            let start: String = task.text.chars().take(6).collect();
            let deadline = task.deadline.as_ref().map_or("-", |d| d.text.as_str());
            format!(
                "{} | {start} | {} | {deadline}",
                task.label,
                units.join(" ")
            )
        })
        .collect()
}

fn check(text: &str, expected: &[&str]) {
    let doc = read(text);
    assert_eq!(tasks(&doc), expected, "{text}");
}

#[test]
fn a_table_printed_one_cell_per_line_each_cell_closed_by_a_pipe() {
    check(
        "|\n序号 |\n重点任务 |\n责任科室 |\n完成时间 |\n|\n\
         一、规范公开目录 |\n1 |\n更新主动公开目录。 |\n办公室 |\n2024年3月底前 |\n|\n\
         2 |\n清理过期链接，\n修复栏目。 |\n信息科、综合股 |\n长期坚持 |\n|\n|\n\
         3 |\n编制年度报告。 |\n",
        &[
            "1 | 更新主动公开 | 办公室 | 2024年3月底前",
            "2 | 清理过期链接 | 信息科 综合股 | 长期坚持",
            // The text stops inside row 3: it inherits no unit or deadline.
            "3 | 编制年度报告 |  | -",
        ],
    );
}

#[test]
fn an_unnumbered_catalogue_printed_one_cell_per_line_with_merged_cells_after_each_row() {
    // Two category columns under one header name (its second column printed as an empty cell after
    // the names); each row prints its own cells, then an empty cell for each merged one.
    check(
        "某镇2024年政务公开事项清单\n\
         工作事项 |\n具体要求 |\n责任单位 |\n|\n\
         主动公开 |\n财政信息 |\n按季度公开财政收支情况。 |\n镇财政所牵头收支情况公开工作，各村委会配合提供材料 |\n\
         公开专项资金使用明细。 |\n|||\n\
         公开惠农补贴发放名单。 |\n镇农业服务中心 |\n||\n",
        &[
            " | 按季度公开财 | +镇财政所 ~各村委会 | -",
            " | 公开专项资金 | +镇财政所^ ~各村委会^ | -",
            " | 公开惠农补贴 | 镇农业服务中心 | -",
        ],
    );
}

#[test]
fn rows_on_their_own_lines_without_outer_pipes_beside_a_covering_notice() {
    let doc = read(
        "各科室：\n现将任务清单印发如下，请抓好落实。\n一、总体安排\n（一）各科室要高度重视。\n（二）按月报送进展。\n\
         序号 | 工作任务 | 责任处室 | 完成时限 |\n|\n\
         1 | 公开权责清单 | 法规处 | 6月底前 |\n|\n\
         2 | 更新办事指南 | 审批处 | 持续推进 |\n",
    );
    // The notice's numbered paragraphs name no unit: beside a table of tasks they are not tasks.
    assert_eq!(
        tasks(&doc),
        [
            "1 | 公开权责清单 | 法规处 | 6月底前",
            "2 | 更新办事指南 | 审批处 | 持续推进"
        ]
    );
    assert_eq!(doc.parts.len(), 1);
}

#[test]
fn a_markdown_row_broken_over_lines_and_rows_without_numbers() {
    check(
        "| 事项类别 | 事项名称 | 公开内容 | 公开时限 | 公开责任 |\n|---|---|---|---|---|\n\
         | 机构信息 |\n领导分工\n|\n领导姓名和分工。 | 信息形成之日起20个工作日内 | 人事科 |\n\
         | 机构信息 |\n办公地址\n|\n办公地址和电话。 | 信息形成之日起20个工作日内 | 办公室 |\n",
        &[
            " | 领导分工 | 人事科 | 信息形成之日起20个工作日内",
            " | 办公地址 | 办公室 | 信息形成之日起20个工作日内",
        ],
    );
}

#[test]
fn numbered_text_then_a_table_reads_both() {
    check(
        "一、制度建设\n1.修订公开指南。（责任单位：县政府办；完成时限：5月底前）\n\
         二、平台建设\n序号 |\n工作任务 |\n责任单位 |\n完成时限 |\n|\n\
         2 |\n升级网站检索。 |\n县数据局 |\n9月底前 |\n|\n3 |\n开通留言专栏。 |\n县信访局 |\n年底前 |\n",
        &[
            "1 | 修订公开指南 | 县政府办 | 5月底前",
            "2 | 升级网站检索 | 县数据局 | 9月底前",
            "3 | 开通留言专栏 | 县信访局 | 年底前",
        ],
    );
}

#[test]
fn a_two_level_header_is_aligned_by_what_the_cells_hold() {
    check(
        "序号 |\n公开事项 |\n公开内容 |\n公开时限 |\n公开主体 |\n公开渠道 |\n一级事项 |\n二级事项 |\n\
         1 |\n财政信息 |\n预算 |\n部门预算全文。 |\n批复后20个工作日内 |\n乡财政所 |\n政府网站 |\n|\n\
         2 |\n财政信息 |\n决算 |\n部门决算全文。 |\n批复后20个工作日内 |\n乡财政所 |\n政府网站 |\n|\n",
        &[
            // The second-level item column is extra text of the task, as a measures column is.
            "1 | 财政信息预算 | 乡财政所 | 批复后20个工作日内",
            "2 | 财政信息决算 | 乡财政所 | 批复后20个工作日内",
        ],
    );
}

#[test]
fn responsibility_written_inside_the_text() {
    check(
        "一、重点工作\n\
         1.推进项目审批公开。（区住建局负责落实）\n\
         2.公开惠企政策清单。(县发展改革局牵头,县财政局、县税务局配合)\n\
         3.规范政务新媒体。\n牵头科室：宣传科\n配合科室：各业务科（室）\n\
         4.做好依申请公开。\n【牵头单位：法制股；配合单位：有关股（室）】\n\
         5.开展第三方评估。此项工作由县府办〔县政务服务中心〕负责，县统计局配合。\n\
         6.完善公开制度，年度考核由县委编办（县审改办）负责组织。\n\
         7.学习《条例》全文。（国务院令第711号）\n\
         8.落实重大决策预公开。\n牵头负责领导：王明\n责任单位：高新技术产业开发区管委会\n",
        &[
            "1 | 推进项目审批 | 区住建局 | -",
            "2 | 公开惠企政策 | +县发展改革局 ~县财政局 ~县税务局 | -",
            "3 | 规范政务新媒 | +宣传科 ~各业务科（室） | -",
            "4 | 做好依申请公 | +法制股 ~有关股（室） | -",
            "5 | 开展第三方评 | 县府办〔县政务服务中心〕 ~县统计局 | -",
            "6 | 完善公开制度 | 县委编办（县审改办） | -",
            // A prose bracket names no unit: not a clause.
            "7 | 学习《条例》 |  | -",
            // A person is never a unit.
            "8 | 落实重大决策 | 高新技术产业开发区管委会 | -",
        ],
    );
}

#[test]
fn unit_lists_keep_brackets_tails_and_shared_level_words() {
    check(
        "1.整合办事大厅。（责任单位：各镇（办）、市发改委等相关市直部门，各县、市、区政府等，开发区）\n",
        &["1 | 整合办事大厅 | 各镇（办） 市发改委等相关市直部门 各县、市、区政府 开发区 | -"],
    );
}

#[test]
fn labels_of_the_genre() {
    check(
        "二、进度安排\n1.2024年5月底前完成摸底。\n2.2024年10月底前完成整改\n\
         三、工作要求\n1、加强组织领导。2、抓好队伍建设。3、强化督查考核。\n",
        &[
            "1 | 2024年5 |  | 2024年5月底前",
            "2 | 2024年1 |  | 2024年10月底前",
            "1 | 加强组织领导 |  | -",
            "2 | 抓好队伍建设 |  | -",
            "3 | 强化督查考核 |  | -",
        ],
    );
    // Numbers of four digits are labels too.
    check(
        "1000.做好第一千项工作。（责任单位：县档案馆）\n1001.做好下一项工作。（责任单位：县档案馆）\n",
        &[
            "1000 | 做好第一千项 | 县档案馆 | -",
            "1001 | 做好下一项工 | 县档案馆 | -",
        ],
    );
}

#[test]
fn a_section_that_no_item_follows_is_a_task_and_a_bare_heading_is_not() {
    check(
        "一、总体要求\n（一）指导思想\n（二）基本原则\n二、主要任务\n（一）深化决策公开\n\
         1.公开决策目录。\n2.公开听证结果。\n（二）全面推行办事公开，编制服务指南。\n",
        &[
            "1 | 公开决策目录 |  | -",
            "2 | 公开听证结果 |  | -",
            "二 | 全面推行办事 |  | -",
        ],
    );
}

#[test]
fn articles_of_a_regulation_are_its_tasks() {
    check(
        "某县政务公开考核办法\n第一条 为规范考核工作，制定本办法。\n\
         第二条 各乡镇于2024年1月底前报送自评报告。\n\
         第三条 考核内容包括下列事项：\n（一）主动公开；\n（二）依申请公开。\n\
         第四条 考核工作由县政务公开办负责组织。\n",
        &[
            "第二条 | 各乡镇于20 |  | 于2024年1月底前",
            "第四条 | 考核工作由县 | 县政务公开办 | -",
        ],
    );
}

#[test]
fn numbered_paragraphs_that_are_not_tasks() {
    // A consultation notice's channels for opinions.
    check(
        "关于某某办法公开征求意见的通知\n为提高立法质量，现公开征求社会各界意见，有关事项如下：\n\
         （一）通过电子邮件发送至指定邮箱。\n（二）通过信函寄至县司法局。\n",
        &[],
    );
    // Attachments and references.
    check(
        "一、工作依据\n1.《关于全面推进政务公开工作的意见》（中办发〔2016〕8号）\n\
         2.《政府信息公开条例》\n二、工作任务\n1.更新公开目录。（责任单位：县政府办）\n附件：\n1.任务分工表\n2.联系人名单\n",
        &["1 | 更新公开目录 | 县政府办 | -"],
    );
}

#[test]
fn traditional_characters_read_like_simplified_text() {
    check(
        "一、深化政務公開\n1.全面實施清單管理。(市政府辦公室牽頭,各縣市區政府按職責分工負責)\n\
         2.公開審批結果。(責任單位:市數據局;完成時限:2022年10月底前)\n",
        &[
            "1 | 全面實施清單 | +市政府辦公室 ~各縣市區政府 | -",
            "2 | 公開審批結果 | 市數據局 | 2022年10月底前",
        ],
    );
}

#[test]
fn text_between_tasks_that_no_task_takes_is_a_problem_not_lost() {
    let text = "一、重点任务\n1.公开预算。（责任单位：县财政局）\n此行是不属于任何任务的说明文字\n\
                2.公开决算。（责任单位：县财政局）\n县人民政府办公室\n2024年3月1日\n\
                其后两行说明文字，\n\n是一段，记为一个问题。\n";
    let doc = read(text);
    assert_eq!(doc.tasks.len(), 2);
    let unplaced: Vec<&str> = doc
        .problems
        .iter()
        .filter(|problem| problem.code == "P004")
        .map(|problem| &text[problem.span.range()])
        .collect();
    // The signature lines (a unit name, a date) are not unplaced text.
    assert_eq!(
        unplaced,
        [
            "此行是不属于任何任务的说明文字",
            "其后两行说明文字，\n\n是一段，记为一个问题。"
        ]
    );
}
