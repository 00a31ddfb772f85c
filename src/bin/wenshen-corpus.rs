//! `wenshen-corpus --count N --seed S --out DIR`: writes N synthetic plans for benchmarks and
//! parser generalisation tests.
//!
//! The plans recombine the structure of the five seed layouts (and the other layouts the parser
//! reads) with wording, numbers, dates and units drawn from a seeded generator, so the output is
//! byte-identical for the same seed. Each plan is in one of the six structured layouts, some
//! encoded as GB18030 or written with CRLF line ends, with page breaks, merged cells and continued
//! rows, and with injected violations (a task without units or deadline, a short consultation, a
//! typo, a unit written two ways, a mobile number, a malformed doc number, a deadline outside the
//! plan year).
//!
//! With `--manifest`, `manifest.jsonl` next to the plans says, one line per plan, what the parser should find: the
//! layout, and for each task its label, units and deadline, and the quantities written into it.
//! Plan `i` depends only on the seed and `i`, never on `--count`.
//!
//! With `--pattern-rules N`, it writes a rule directory instead: the bundled pack plus N generated
//! pattern rules (typo pairs and forbidden phrases, alternately), for measuring how the cost of
//! `check --rules DIR` grows with the number of rules.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Parser;
use serde::Serialize;

/// 生成用于基准测试和解析器测试的合成工作要点语料。
#[derive(Debug, Parser)]
#[command(name = "wenshen-corpus")]
struct Args {
    /// 生成的计划数。
    #[arg(long, required_unless_present = "pattern_rules")]
    count: Option<usize>,
    /// 随机种子：相同的种子生成逐字节相同的文件。
    #[arg(long, default_value_t = 2022)]
    seed: u64,
    /// 输出目录（不存在时创建）。
    #[arg(long)]
    out: PathBuf,
    /// 同时写出 manifest.jsonl：每个计划应解析出的版式、任务、单位、时限和数量。
    #[arg(long)]
    manifest: bool,
    /// 改为写出规则目录：内置规则包加 N 条生成的模式规则（错别字对和禁用词），用于测量规则数量对检查耗时的影响。
    #[arg(long, value_name = "N", conflicts_with_all = ["count", "manifest"])]
    pattern_rules: Option<usize>,
}

fn main() {
    let args = Args::parse();
    let written = match args.pattern_rules {
        Some(count) => write_pattern_rules(&args.out, count),
        None => write_corpus(&args),
    };
    if let Err(error) = written {
        eprintln!("错误：无法写出语料：{error}");
        std::process::exit(2);
    }
}

fn write_corpus(args: &Args) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let mut manifest = String::new();
    for index in 0..args.count.unwrap_or_default() {
        let plan = generate(args.seed, index);
        std::fs::write(args.out.join(&plan.expected.file), &plan.bytes)?;
        let line = serde_json::to_string(&plan.expected).map_err(std::io::Error::other)?;
        manifest.push_str(&line);
        manifest.push('\n');
    }
    if args.manifest {
        std::fs::write(args.out.join("manifest.jsonl"), manifest)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generated pattern rules.

/// Characters of official writing: generated phrases are drawn from them so that some occur in
/// the plans (and give findings) while most do not, as with a real typo or forbidden-word list.
const PHRASE_CHARS: &[char] = &[
    '公', '开', '政', '务', '信', '息', '平', '台', '建', '设', '推', '进', '加', '强', '规', '范',
    '工', '作', '责', '任', '单', '位', '市', '府', '办', '室', '发', '展', '改', '革', '委', '局',
    '重', '点', '领', '域', '解', '读', '回', '应', '关', '切', '网', '站', '新', '媒', '体', '制',
    '度', '落', '实', '监', '督', '考', '核', '评', '议', '决', '策', '民', '生', '服',
];

/// The bundled pack and `count` pattern rules, `PX00001` … in files `PX00001.rule` ….
fn write_pattern_rules(out: &std::path::Path, count: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    for (name, text) in wenshen::rules::BUNDLED {
        std::fs::write(out.join(name), text)?;
    }
    for index in 0..count {
        std::fs::write(
            out.join(format!("PX{:05}.rule", index + 1)),
            pattern_rule(index),
        )?;
    }
    Ok(())
}

/// Phrase `index` of three pooled characters (distinct for every index below 64³).
fn phrase(index: usize) -> String {
    let n = PHRASE_CHARS.len();
    [index % n, (index / n) % n, (index / n / n) % n]
        .into_iter()
        .map(|i| PHRASE_CHARS[i])
        .collect()
}

/// Even indices: a typo pair (`contains`, one clause); odd: a forbidden-phrase list of three
/// (`mentions`). Both are clause rules gated on literals, like GK502.
fn pattern_rule(index: usize) -> String {
    let code = format!("PX{:05}", index + 1);
    let word = phrase(index * 3);
    let (name, filter, message) = if index.is_multiple_of(2) {
        (
            format!("typo-{:05}", index + 1),
            format!("clause.text contains \"{word}\""),
            format!("“{word}”疑为错别字"),
        )
    } else {
        let others = [phrase(index * 3 + 1), phrase(index * 3 + 2)];
        (
            format!("forbidden-phrase-{:05}", index + 1),
            format!(
                "mentions(clause.text, [\"{word}\", \"{}\", \"{}\"])",
                others[0], others[1]
            ),
            "出现了禁用词".to_string(),
        )
    };
    format!(
        r#"rule {code} {name}
severity info
scope clause

where {filter}
require false

message "{message}"
label clause "此句"
help "改写此句"
basis "基准测试生成的规则"

doc """
作用：基准测试生成的模式规则。
"""

pass """
此处没有问题。
"""

fail """
此处有{word}。
"""
"#
    )
}

// ---------------------------------------------------------------------------------------------
// What a plan should parse to (the manifest).

#[derive(Debug, Serialize)]
struct Expected {
    file: String,
    layout: &'static str,
    encoding: &'static str,
    crlf: bool,
    plan_year: i32,
    notice: ExpectedNotice,
    tasks: Vec<ExpectedTask>,
    violations: Vec<&'static str>,
}

/// The notice fields as the parse JSON gives their text (`null` where no notice was written).
#[derive(Debug, Clone, Serialize)]
struct ExpectedNotice {
    doc_number: Option<String>,
    title: Option<String>,
    issue_date: Option<String>,
    plan_title: String,
}

#[derive(Debug, Clone, Serialize)]
struct ExpectedTask {
    label: String,
    units: Vec<ExpectedUnit>,
    deadline: Option<ExpectedDeadline>,
    quantities: Vec<ExpectedQuantity>,
}

#[derive(Debug, Clone, Serialize)]
struct ExpectedUnit {
    name: String,
    role: &'static str,
    inherited: bool,
}

#[derive(Debug, Clone, Serialize)]
struct ExpectedDeadline {
    text: String,
    /// `field`, `inline` or `inherited`, as in the parse JSON.
    source: &'static str,
    date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
struct ExpectedQuantity {
    value: f64,
    unit: &'static str,
    bound: &'static str,
}

struct GeneratedPlan {
    bytes: Vec<u8>,
    expected: Expected,
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. None of it holds a date, a task label or a responsibility key, so that everything
// the manifest expects is put in on purpose.

const PLACES: &[&str] = &[
    "青石", "临川", "安平", "东阳", "北湖", "云溪", "白河", "清源", "长宁", "石门", "松江", "柳林",
    "桐城", "汾阳", "南屏", "凤台", "秀水", "黎川", "玉山", "永和",
];
const DEPARTMENTS: &[&str] = &[
    "发展改革局",
    "财政局",
    "人力资源社会保障局",
    "司法局",
    "生态环境局",
    "住房城乡建设局",
    "市场监管局",
    "教育局",
    "政务服务数据管理局",
    "政府办公室",
    "统计局",
    "应急管理局",
    "交通运输局",
    "农业农村局",
    "文化广电旅游局",
    "商务局",
    "税务局",
    "民政局",
    "自然资源局",
    "信访局",
    "医疗保障局",
    "审计局",
];
/// Group units; `{L}` is the plan's level (市, 县, 区). Brackets hold separators on purpose.
const GROUP_UNITS: &[&str] = &[
    "各乡镇（街道）",
    "{L}直各部门（单位）",
    "各镇（街）",
    "{L}直各单位",
    "各县〔市、区〕政府〔管委会〕",
    "各乡镇〔街道〕",
    "各有关部门",
    "各开发区管委会",
];
const VERBS: &[&str] = &[
    "加强",
    "深化",
    "推进",
    "完善",
    "规范",
    "健全",
    "优化",
    "强化",
    "做好",
    "落实",
    "持续推进",
    "扎实推进",
    "全面梳理",
    "及时公开",
    "集中公开",
    "动态更新",
    "着力提升",
    "稳步推进",
];
const TOPICS: &[&str] = &[
    "财政预决算",
    "重大建设项目",
    "公共资源配置",
    "社会救助",
    "义务教育",
    "医疗卫生",
    "生态环境",
    "食品药品安全",
    "就业创业",
    "养老服务",
    "住房保障",
    "乡村振兴",
    "减税降费",
    "涉企政策",
    "行政执法",
    "安全生产",
    "疫情防控",
    "政府采购",
    "城市管理",
    "民生实事",
    "营商环境",
    "应急管理",
];
const OBJECTS: &[&str] = &[
    "信息公开",
    "政策解读",
    "公开专栏建设",
    "数据开放",
    "信息发布机制",
    "办事指南",
    "公开目录",
    "回应关切工作",
    "公开平台运维",
    "标准目录",
    "结果公开",
    "公开质量",
];
const PURPOSES: &[&str] = &[
    "提升政策透明度",
    "方便群众查询",
    "增强公众获得感",
    "保障群众知情权",
    "回应社会关切",
    "推动工作落实",
    "优化营商环境",
    "接受社会监督",
    "提高行政效能",
    "稳定市场预期",
];
const ACTORS: &[&str] = &[
    "各地各部门",
    "有关部门",
    "各责任单位",
    "行政机关",
    "各级政务公开主管部门",
    "各相关单位",
];
const MANNERS: &[&str] = &[
    "通过政府门户网站",
    "依托政务新媒体",
    "利用政务服务大厅",
    "结合基层公开专区",
    "借助新闻发布会",
    "采取图解视频等形式",
];
const PART_TITLES: &[&str] = &[
    "以公开助力经济平稳健康发展",
    "以公开助力保持社会和谐稳定",
    "深化重点领域信息公开",
    "优化政务公开基础工作",
    "加强政策解读回应",
    "强化平台建设",
    "提升依申请公开质量",
    "夯实组织保障",
    "推进基层政务公开",
    "加强决策公开",
    "规范政府信息管理",
    "提升政务新媒体水平",
    "深化政务服务公开",
    "推进政府数据开放",
    "加强监督考核",
    "以公开助力优化营商环境",
    "做好公共企事业单位信息公开",
    "强化政策咨询服务",
    "推进基层标准化规范化",
    "加强工作人员培训",
];

// ---------------------------------------------------------------------------------------------
// The plan as generated, before it is written in a layout.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    MarkdownHeadings,
    Paragraphs,
    NumberedItems,
    PipeTable,
    PipeTableCellLines,
    TabCells,
    TabRows,
}

const LAYOUTS: [Layout; 7] = [
    Layout::MarkdownHeadings,
    Layout::Paragraphs,
    Layout::NumberedItems,
    Layout::PipeTable,
    Layout::PipeTableCellLines,
    Layout::TabCells,
    Layout::TabRows,
];

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::MarkdownHeadings => "markdown_headings",
            Layout::Paragraphs => "paragraphs",
            Layout::NumberedItems => "numbered_items",
            Layout::PipeTable => "pipe_table",
            Layout::PipeTableCellLines => "pipe_table_cell_lines",
            Layout::TabCells => "tab_cells",
            Layout::TabRows => "tab_rows",
        }
    }

    fn is_text(self) -> bool {
        matches!(
            self,
            Layout::MarkdownHeadings | Layout::Paragraphs | Layout::NumberedItems
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Cooperate,
    Unspecified,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Cooperate => "cooperate",
            Role::Unspecified => "unspecified",
        }
    }
}

/// A unit list as written and the units it names.
#[derive(Debug, Clone, PartialEq)]
struct Units {
    /// For text layouts: the clause fields before the deadline, `责任单位：…` or
    /// `牵头单位：…；配合单位：…`. For tables: the cell.
    written: String,
    /// The cell text (tables) or the text after `责任单位：` (text layouts).
    cell: String,
    names: Vec<(String, Role)>,
    /// Written with separate 牵头单位 / 配合单位 fields.
    split_fields: bool,
}

#[derive(Debug, Clone)]
struct Task {
    /// The number (`1`) or, in paragraph plans, the Chinese numeral (`十七`).
    label: String,
    /// Sentences, with any inline deadline and quantity already inside.
    text: String,
    units: Option<Units>,
    /// A deadline field or column value, with its last day.
    deadline: Option<(String, Option<NaiveDate>)>,
    /// An inline deadline phrase written into the text, with its last day.
    inline: Option<(String, Option<NaiveDate>)>,
    quantities: Vec<ExpectedQuantity>,
}

struct Part {
    label: String,
    title: String,
    sections: Vec<Section>,
}

struct Section {
    label: String,
    title: String,
    tasks: Vec<Task>,
}

struct Context<'a> {
    rng: &'a mut fastrand::Rng,
    year: i32,
    level: &'static str,
    layout: Layout,
    /// Whether tasks carry a deadline field or column (paragraph plans and 003-style tables
    /// do not; their deadlines are written inline).
    deadline_fields: bool,
    /// A table with separate lead-unit and cooperating-unit columns: every task has both.
    role_columns: bool,
    violations: Vec<&'static str>,
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".to_string(),
        1..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", DIGITS[n % 10]),
        _ => format!("{}十{}", DIGITS[(n / 10) % 10], DIGITS[n % 10]),
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

impl Context<'_> {
    fn unit_name(&mut self) -> String {
        if self.rng.u8(..100) < 25 {
            pick(self.rng, GROUP_UNITS).replace("{L}", self.level)
        } else {
            format!("{}{}", self.level, pick(self.rng, DEPARTMENTS))
        }
    }

    fn unit_names(&mut self, count: usize) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        while names.len() < count {
            let name = self.unit_name();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    fn units(&mut self) -> Units {
        let count = if self.role_columns {
            2 + self.rng.usize(..3)
        } else {
            1 + self.rng.usize(..4)
        };
        let names = self.unit_names(count);
        let style = self.rng.u8(..100);
        if count >= 2 && (style < 25 || self.role_columns) {
            // `A牵头，B、C按职责分工落实`
            let (lead, rest) = names.split_at(1);
            let suffix = pick(self.rng, &["按职责分工落实", "配合", "按职责分工负责"]);
            let cell = format!("{}牵头，{}{}", lead[0], rest.join("、"), suffix);
            let mut units = vec![(lead[0].clone(), Role::Lead)];
            units.extend(rest.iter().map(|name| (name.clone(), Role::Cooperate)));
            return Units {
                written: format!("责任单位：{cell}"),
                cell,
                names: units,
                split_fields: false,
            };
        }
        if count >= 2 && style < 40 && self.layout.is_text() {
            let (lead, rest) = names.split_at(1);
            let written = format!("牵头单位：{}；配合单位：{}", lead[0], rest.join("、"));
            let mut units = vec![(lead[0].clone(), Role::Lead)];
            units.extend(rest.iter().map(|name| (name.clone(), Role::Cooperate)));
            return Units {
                written,
                cell: String::new(),
                names: units,
                split_fields: true,
            };
        }
        let separator = if self.rng.u8(..100) < 20 {
            "，"
        } else {
            "、"
        };
        let cell = names.join(separator);
        Units {
            written: format!("责任单位：{cell}"),
            cell,
            names: names
                .into_iter()
                .map(|name| (name, Role::Unspecified))
                .collect(),
            split_fields: false,
        }
    }

    /// A deadline field value and its last day.
    fn deadline_field(&mut self) -> (String, Option<NaiveDate>) {
        let year = self.year;
        let month = 1 + self.rng.u32(..12);
        let day = 1 + self.rng.u32(..28);
        match self.rng.u8(..100) {
            0..=19 => ("全年".to_string(), None),
            20..=29 => ("持续推进".to_string(), None),
            30..=34 => ("长期坚持".to_string(), None),
            35..=39 => ("每季度".to_string(), None),
            40..=54 => (format!("{month}月底前"), last_day_of_month(year, month)),
            55..=64 => ("年底前".to_string(), NaiveDate::from_ymd_opt(year, 12, 31)),
            65..=79 => (
                format!("{year}年{month}月底前"),
                last_day_of_month(year, month),
            ),
            80..=89 => (
                format!("{year}年{month}月{day}日前"),
                NaiveDate::from_ymd_opt(year, month, day),
            ),
            _ => (
                format!("{year}年底前"),
                NaiveDate::from_ymd_opt(year, 12, 31),
            ),
        }
    }

    /// A deadline outside the plan year: the violation.
    fn deadline_outside_year(&mut self) -> (String, Option<NaiveDate>) {
        self.violations.push("deadline_outside_year");
        let month = 1 + self.rng.u32(..12);
        let year = self.year + 1;
        (
            format!("{year}年{month}月底前"),
            last_day_of_month(year, month),
        )
    }

    /// An inline deadline phrase and its last day.
    fn inline_deadline(&mut self) -> (String, Option<NaiveDate>) {
        let year = self.year;
        let month = 1 + self.rng.u32(..12);
        let day = 1 + self.rng.u32(..28);
        match self.rng.u8(..4) {
            0 => (
                format!("于{year}年{month}月{day}日前"),
                NaiveDate::from_ymd_opt(year, month, day),
            ),
            1 => (
                format!("{year}年{month}月底前"),
                last_day_of_month(year, month),
            ),
            2 => (format!("{month}月底前"), last_day_of_month(year, month)),
            _ => ("年底前".to_string(), NaiveDate::from_ymd_opt(year, 12, 31)),
        }
    }

    fn sentence(&mut self) -> String {
        let rng = &mut *self.rng;
        match rng.u8(..4) {
            0 => format!(
                "{}{}{}，{}。",
                pick(rng, VERBS),
                pick(rng, TOPICS),
                pick(rng, OBJECTS),
                pick(rng, PURPOSES)
            ),
            1 => format!(
                "{}要{}{}{}{}，{}。",
                pick(rng, ACTORS),
                pick(rng, MANNERS),
                pick(rng, VERBS),
                pick(rng, TOPICS),
                pick(rng, OBJECTS),
                pick(rng, PURPOSES)
            ),
            2 => format!(
                "围绕{}和{}等方面，{}相关{}，{}。",
                pick(rng, TOPICS),
                pick(rng, TOPICS),
                pick(rng, VERBS),
                pick(rng, OBJECTS),
                pick(rng, PURPOSES)
            ),
            _ => format!(
                "{}{}{}，{}{}。",
                pick(rng, MANNERS),
                pick(rng, VERBS),
                pick(rng, OBJECTS),
                pick(rng, VERBS),
                pick(rng, PURPOSES)
            ),
        }
    }

    /// A sentence with a checkable quantity, and the quantity.
    fn quantity_sentence(&mut self, short_consultation: bool) -> (String, ExpectedQuantity) {
        let quantity = |value: u32, unit, bound| ExpectedQuantity {
            value: f64::from(value),
            unit,
            bound,
        };
        if short_consultation {
            self.violations.push("short_consultation");
            return (
                "涉及群众切身利益的政策文件公开征求意见的期限不少于15日。".to_string(),
                quantity(15, "day", "at_least"),
            );
        }
        match self.rng.u8(..5) {
            0 => {
                let days = 30 + self.rng.u32(..16);
                (
                    format!("重大行政决策草案公开征求意见的期限不少于{days}日。"),
                    quantity(days, "day", "at_least"),
                )
            }
            1 => {
                let days = [5, 10, 15, 20][self.rng.usize(..4)];
                (
                    format!("对依申请公开事项在{days}个工作日内予以答复。"),
                    quantity(days, "workday", "within"),
                )
            }
            2 => {
                let hours = [5, 12, 24, 48][self.rng.usize(..4)];
                (
                    format!("对重大突发事件舆情在{hours}小时内发布权威信息。"),
                    quantity(hours, "hour", "within"),
                )
            }
            3 => {
                let times = 1 + self.rng.u32(..3);
                (
                    format!("每季度至少更新{times}次公开内容。"),
                    quantity(times, "times", "at_least"),
                )
            }
            _ => {
                let percent = 3 + self.rng.u32(..8);
                (
                    format!("政务公开工作在绩效考核中的分值权重不低于{percent}%。"),
                    quantity(percent, "percent", "at_least"),
                )
            }
        }
    }
}

/// Violations each plan gets, chosen once per plan: which task index carries each.
struct Injections {
    no_units: Option<usize>,
    no_deadline: Option<usize>,
    short_consultation: Option<usize>,
    typo: Option<usize>,
    mobile: Option<usize>,
    outside_year: Option<usize>,
    two_ways: Option<(usize, usize)>,
}

fn task_text(
    context: &mut Context,
    index: usize,
    injections: &Injections,
    inline: Option<&str>,
) -> (String, Vec<ExpectedQuantity>) {
    let mut sentences: Vec<String> = (0..1 + context.rng.usize(..3))
        .map(|_| context.sentence())
        .collect();
    let mut quantities = Vec::new();
    let short = injections.short_consultation == Some(index);
    if short || context.rng.u8(..100) < 30 {
        let (sentence, quantity) = context.quantity_sentence(short);
        sentences.push(sentence);
        quantities.push(quantity);
    }
    if injections.typo == Some(index) {
        context.violations.push("typo");
        sentences.push("统一使用政务公开平合发布信息。".to_string());
    }
    if injections.mobile == Some(index) {
        context.violations.push("mobile_number");
        sentences.push("公开咨询电话13907150286，方便群众咨询。".to_string());
    }
    if let Some(phrase) = inline {
        // Never first: `3.2023年…` would read as the number 3.2023.
        let at = 1 + context.rng.usize(..sentences.len());
        let verb = pick(context.rng, &["完成", "公开到位", "上线运行", "全面完成"]);
        sentences.insert(
            at,
            format!("{phrase}{verb}相关{}。", pick(context.rng, OBJECTS)),
        );
    }
    (sentences.concat(), quantities)
}

fn generate_parts(context: &mut Context, target_bytes: usize) -> Vec<Part> {
    let task_count_guess = target_bytes / 420;
    let injections = {
        let rng = &mut *context.rng;
        let mut spot =
            |percent: u8| (rng.u8(..100) < percent).then(|| rng.usize(..task_count_guess.max(1)));
        Injections {
            no_units: spot(60),
            no_deadline: spot(60),
            short_consultation: spot(50),
            typo: spot(40),
            mobile: spot(30),
            outside_year: spot(40),
            two_ways: (rng.u8(..100) < 40).then(|| {
                let first = rng.usize(..task_count_guess.max(2) / 2);
                (first, first + 1 + rng.usize(..task_count_guess.max(2) / 2))
            }),
        }
    };
    let with_fields = context.deadline_fields;
    let mut parts = Vec::new();
    let mut written = 0;
    let mut task_index = 0;
    let mut titles: Vec<&str> = PART_TITLES.to_vec();
    context.rng.shuffle(&mut titles);
    let mut section_number = 0;
    let mut previous_units: Option<Units> = None;
    while (written < target_bytes || parts.len() < 2) && parts.len() < titles.len() {
        let part_label = chinese_number(parts.len() + 1);
        let mut sections = Vec::new();
        for _ in 0..1 + context.rng.usize(..3) {
            section_number += 1;
            let title = format!(
                "{}{}{}",
                pick(context.rng, VERBS),
                pick(context.rng, TOPICS),
                pick(context.rng, OBJECTS)
            );
            let mut tasks = Vec::new();
            for _ in 0..1 + context.rng.usize(..4) {
                // Consecutive tasks often share their units (merged cells in tables).
                let reuse_percent = if context.layout.is_text() { 15 } else { 40 };
                let reuse = context.rng.u8(..100) < reuse_percent;
                let mut units = (injections.no_units != Some(task_index)
                    || !context.layout.is_text())
                .then(|| {
                    previous_units
                        .clone()
                        .filter(|_| reuse)
                        .unwrap_or_else(|| context.units())
                });
                if injections.no_units == Some(task_index) && context.layout.is_text() {
                    context.violations.push("no_units");
                }
                if let (Some(units), Some((first, second))) = (units.as_mut(), injections.two_ways)
                    && (task_index == first || task_index == second)
                {
                    if task_index == first {
                        context.violations.push("unit_two_ways");
                    }
                    let name = if task_index == first {
                        format!("{}卫生健康局", context.level)
                    } else {
                        format!("{}卫健委", context.level)
                    };
                    if !units.names.iter().any(|(existing, _)| *existing == name) {
                        units.names[0].0 = name;
                    }
                    *units = rewrite_units(&units.names, units.split_fields);
                }
                let deadline = if !with_fields
                    || (injections.no_deadline == Some(task_index) && context.layout.is_text())
                {
                    if with_fields {
                        context.violations.push("no_deadline");
                    }
                    None
                } else if injections.outside_year == Some(task_index) {
                    Some(context.deadline_outside_year())
                } else {
                    Some(context.deadline_field())
                };
                let inline = (deadline.is_none()
                    && injections.no_deadline != Some(task_index)
                    && context.rng.u8(..100) < 40)
                    .then(|| context.inline_deadline());
                let (text, quantities) = task_text(
                    context,
                    task_index,
                    &injections,
                    inline.as_ref().map(|(phrase, _)| phrase.as_str()),
                );
                task_index += 1;
                previous_units.clone_from(&units);
                let label = if context.layout == Layout::Paragraphs {
                    chinese_number(task_index)
                } else {
                    task_index.to_string()
                };
                written += text.len()
                    + units.as_ref().map_or(0, |units| units.written.len())
                    + deadline.as_ref().map_or(0, |(text, _)| text.len() + 20)
                    + 20;
                tasks.push(Task {
                    label,
                    text,
                    units,
                    deadline,
                    inline,
                    quantities,
                });
            }
            sections.push(Section {
                label: chinese_number(section_number),
                title,
                tasks,
            });
        }
        parts.push(Part {
            label: part_label,
            title: titles[parts.len()].to_string(),
            sections,
        });
    }
    parts
}

/// The same units written again after a name changed.
fn rewrite_units(names: &[(String, Role)], split_fields: bool) -> Units {
    let leads: Vec<&str> = names
        .iter()
        .filter(|(_, role)| *role == Role::Lead)
        .map(|(name, _)| name.as_str())
        .collect();
    let others: Vec<&str> = names
        .iter()
        .filter(|(_, role)| *role != Role::Lead)
        .map(|(name, _)| name.as_str())
        .collect();
    if leads.is_empty() {
        let cell = others.join("、");
        return Units {
            written: format!("责任单位：{cell}"),
            cell,
            names: names.to_vec(),
            split_fields,
        };
    }
    if split_fields {
        return Units {
            written: format!(
                "牵头单位：{}；配合单位：{}",
                leads.join("、"),
                others.join("、")
            ),
            cell: String::new(),
            names: names.to_vec(),
            split_fields,
        };
    }
    let cell = format!("{}牵头，{}配合", leads.join("、"), others.join("、"));
    Units {
        written: format!("责任单位：{cell}"),
        cell,
        names: names.to_vec(),
        split_fields,
    }
}

// ---------------------------------------------------------------------------------------------
// Generation of one plan.

fn generate(seed: u64, index: usize) -> GeneratedPlan {
    let mut rng = fastrand::Rng::with_seed(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(index as u64),
    );
    let layout = LAYOUTS[index % LAYOUTS.len()];
    let year = 2019 + rng.i32(0..7);
    let level = pick(&mut rng, &["市", "县", "区"]);
    let place = format!("{}{level}", pick(&mut rng, PLACES));
    let target_bytes = 11_000 + rng.usize(..8_000);
    let table_kind = rng.u8(..3);
    let requirements_table = layout == Layout::PipeTable && table_kind == 0;
    let role_columns = layout == Layout::PipeTable && table_kind == 1;
    let mut context = Context {
        rng: &mut rng,
        year,
        level,
        layout,
        deadline_fields: layout != Layout::Paragraphs && !requirements_table,
        role_columns,
        violations: Vec::new(),
    };
    let parts = generate_parts(&mut context, target_bytes);
    let mut out = Writer {
        text: String::new(),
        tasks: Vec::new(),
    };
    let (header, notice) = header(&mut context, &place, layout);
    out.text.push_str(&header);
    match layout {
        Layout::MarkdownHeadings => markdown(&mut context, &parts, &mut out),
        Layout::Paragraphs => paragraphs(&mut context, &parts, &mut out),
        Layout::NumberedItems => numbered(&mut context, &parts, &mut out),
        Layout::PipeTable if role_columns => {
            pipe_table_role_columns(&mut context, &parts, &mut out)
        }
        Layout::PipeTable if requirements_table => {
            pipe_table_requirements(&mut context, &parts, &mut out)
        }
        Layout::PipeTable => pipe_table_numbered(&mut context, &parts, &mut out),
        Layout::PipeTableCellLines => cell_lines(&mut context, &parts, &mut out),
        Layout::TabCells => tab_cells(&mut context, &parts, &mut out),
        Layout::TabRows => tab_rows(&mut context, &parts, &mut out),
    }
    let variant = context.rng.u8(..10);
    let violations = std::mem::take(&mut context.violations);
    let (encoding, crlf) = match variant {
        0 | 1 => ("GB18030", false),
        2 | 3 => ("UTF-8", true),
        _ => ("UTF-8", false),
    };
    let text = if crlf {
        out.text.replace('\n', "\r\n")
    } else {
        out.text
    };
    let bytes = if encoding == "GB18030" {
        encoding_rs::GB18030.encode(&text).0.into_owned()
    } else {
        text.into_bytes()
    };
    let extension = if matches!(layout, Layout::MarkdownHeadings | Layout::PipeTable) {
        "md"
    } else {
        "txt"
    };
    let mut violations = violations;
    violations.sort_unstable();
    violations.dedup();
    GeneratedPlan {
        bytes,
        expected: Expected {
            file: format!("{index:06}_{}.{extension}", layout.name()),
            layout: layout.name(),
            encoding,
            crlf,
            plan_year: year,
            notice,
            tasks: out.tasks,
            violations,
        },
    }
}

/// The covering notice and plan title before the plan, and what the parser should read from them.
fn header(context: &mut Context, place: &str, layout: Layout) -> (String, ExpectedNotice) {
    let year = context.year;
    let plan_title = match layout {
        Layout::PipeTable | Layout::PipeTableCellLines | Layout::TabCells | Layout::TabRows => {
            match context.rng.u8(..3) {
                0 => format!("{place}{year}年政务公开工作要点分工方案"),
                1 => format!("{year}年{place}政务公开重点任务分解表"),
                _ => format!("{place}{year}年政务公开工作任务清单"),
            }
        }
        _ => format!("{place}{year}年政务公开工作要点"),
    };
    let issuer = format!(
        "{place}{}",
        pick(
            context.rng,
            &["人民政府办公室", "政务公开领导小组办公室", "人民政府办公厅"]
        )
    );
    let code: String = place.chars().take(1).collect();
    let serial = 1 + context.rng.u32(..40);
    let form = context.rng.u8(..10);
    let doc_number = match form {
        0 => format!("{code}政办〔{year}〕0{serial}号"),
        1 => format!("{code}政办[{year}]{serial}号"),
        _ => format!("{code}政办〔{year}〕{serial}号"),
    };
    let issued = format!(
        "{year}年{}月{}日",
        1 + context.rng.u32(..12),
        1 + context.rng.u32(..28)
    );
    let recipients = format!(
        "各乡镇人民政府、街道办事处，{}直各有关部门（单位）：",
        context.level
    );
    let body = format!(
        "《{plan_title}》已经{}政府同意，现印发给你们，请认真贯彻落实。",
        context.level
    );
    let intro = format!(
        "为做好{year}年全{}政务公开工作，{}，制定本要点。",
        context.level,
        pick(context.rng, PURPOSES)
    );
    let style = context.rng.u8(..4);
    let mut text = String::new();
    let mut notice = ExpectedNotice {
        doc_number: Some(doc_number.clone()),
        title: None,
        issue_date: Some(issued.clone()),
        plan_title: plan_title.clone(),
    };
    match (layout, style) {
        (Layout::MarkdownHeadings, 0..=2) => {
            let _ = write!(
                text,
                "\n\n# {issuer}文件\n\n{doc_number}\n\n---\n\n## {issuer} 关于印发{place}{year}年政务公开工作要点的 通 知\n\n{recipients}\n\n{body}\n\n{issuer}\n\n{issued}\n\n（此件公开发布）\n\n# {plan_title}\n\n{intro}\n\n"
            );
            notice.title = Some(format!(
                "{issuer}关于印发{place}{year}年政务公开工作要点的通知"
            ));
        }
        (Layout::MarkdownHeadings, _) => {
            let _ = write!(text, "# {plan_title}\n\n{intro}\n\n");
        }
        (Layout::Paragraphs | Layout::NumberedItems, 0..=2) => {
            let _ = write!(
                text,
                "联系电话:0{}-{} 联系地址:{place}人民路{}号\n{}ICP备{}号-1\n{issuer}关于印发{year}年{place}政务公开工作要点的通知\n{doc_number}\n{recipients}\n{body}\n{issued}\n{plan_title}\n{intro}\n",
                300 + context.rng.u32(..600),
                2_000_000 + context.rng.u32(..7_000_000),
                1 + context.rng.u32(..200),
                pick(context.rng, &["晋", "豫", "鄂", "鲁", "粤"]),
                10_000_000 + context.rng.u32(..80_000_000),
            );
            notice.title = Some(format!(
                "{issuer}关于印发{year}年{place}政务公开工作要点的通知"
            ));
        }
        (Layout::Paragraphs | Layout::NumberedItems, _) => {
            let _ = write!(text, "{plan_title}\n\n");
        }
        (Layout::PipeTable, 0..=1) => {
            let _ = write!(
                text,
                "\n\n{issuer}\n\n{doc_number}\n\n{issuer}关于印发{plan_title}的通知\n\n{recipients}\n\n经{}人民政府同意，现将《{plan_title}》印发给你们，认真抓好贯彻落实。\n\n附件：{plan_title}\n\n{issuer}\n\n{issued}\n\n附件\n\n{plan_title}\n\n",
                context.level
            );
            notice.title = Some(format!("{issuer}关于印发{plan_title}的通知"));
        }
        _ => {
            let _ = write!(text, "{plan_title}\n\n");
        }
    }
    if notice.title.is_none() {
        notice.doc_number = None;
        notice.issue_date = None;
    } else if form < 2 {
        context.violations.push("bad_doc_number");
    }
    (text, notice)
}

// ---------------------------------------------------------------------------------------------
// Layouts.

struct Writer {
    text: String,
    tasks: Vec<ExpectedTask>,
}

impl Writer {
    fn expect(&mut self, task: &Task, units_inherited: bool, deadline_inherited: bool) {
        self.expect_by_role(task, units_inherited, units_inherited, deadline_inherited);
    }

    /// As [`Writer::expect`], where lead and cooperating units come from separate columns, each
    /// merged or not.
    fn expect_by_role(
        &mut self,
        task: &Task,
        lead_inherited: bool,
        others_inherited: bool,
        deadline_inherited: bool,
    ) {
        let units_inherited = |role: Role| {
            if role == Role::Lead {
                lead_inherited
            } else {
                others_inherited
            }
        };
        let units = task
            .units
            .as_ref()
            .map(|units| {
                units
                    .names
                    .iter()
                    .map(|(name, role)| ExpectedUnit {
                        name: name.clone(),
                        role: role.name(),
                        inherited: units_inherited(*role),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let deadline = match (&task.deadline, &task.inline) {
            (Some((text, date)), _) => Some(ExpectedDeadline {
                text: text.clone(),
                source: if deadline_inherited {
                    "inherited"
                } else {
                    "field"
                },
                date: *date,
            }),
            (None, Some((text, date))) => Some(ExpectedDeadline {
                text: text.clone(),
                source: "inline",
                date: *date,
            }),
            (None, None) => None,
        };
        self.tasks.push(ExpectedTask {
            label: task.label.clone(),
            units,
            deadline,
            quantities: task.quantities.clone(),
        });
    }
}

/// A char boundary of `text` roughly in its middle third, where a page break may cut it: not
/// where the rest would start with something a parser reads as a label.
fn cut_point(rng: &mut fastrand::Rng, text: &str) -> Option<usize> {
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).skip(1).collect();
    if boundaries.len() < 6 {
        return None;
    }
    for _ in 0..8 {
        let at = boundaries[boundaries.len() / 3 + rng.usize(..boundaries.len() / 3)];
        let mut rest = &text[at..];
        while let Some(tag_end) = rest.strip_prefix('<').and_then(|tag| tag.find('>')) {
            rest = &rest[tag_end + 2..];
        }
        // A page may break before a digit, a numeral or a bracket (`…于` + `2023年底前`, `增长` +
        // `1.5倍`): the parser must not take such a continuation for a label. Markup characters
        // and spaces are not cut before: a converter never prints them at a page's top.
        let starts_like_label = rest.starts_with(|c: char| "|#*-".contains(c) || c.is_whitespace());
        let before_is_space = text[..at].ends_with(char::is_whitespace);
        // Markup comes from web pages, page breaks from print: one never cuts the other.
        let inside_tag = text[..at].rfind('<') > text[..at].rfind('>');
        if !starts_like_label && !before_is_space && !inside_tag {
            return Some(at);
        }
    }
    None
}

/// What a page break leaves between two pages besides blank lines: half the time a page number.
fn page_number(context: &mut Context) -> String {
    if context.rng.bool() {
        let number = 2 + context.rng.u8(..60);
        match context.rng.u8(..3) {
            0 => format!("— {number} —\n\n"),
            1 => format!("- {number} -\n\n"),
            _ => format!("第{number}页\n\n"),
        }
    } else {
        String::new()
    }
}

/// The responsibility clause of a text-layout task, in full or half width.
fn clause(context: &mut Context, task: &Task) -> String {
    let mut fields = Vec::new();
    if let Some(units) = &task.units {
        fields.push(units.written.clone());
    }
    if let Some((deadline, _)) = &task.deadline {
        fields.push(format!("完成时限：{deadline}"));
    }
    if fields.is_empty() {
        return String::new();
    }
    let body = fields.join("；");
    match context.rng.u8(..10) {
        0 => format!("[{}]", body.replace('：', ":").replace('；', ";")),
        1 | 2 => format!("({})", body.replace('：', ":").replace('；', ";")),
        _ => format!("（{body}）"),
    }
}

/// Writes a task's line(s) for text layouts: `label` then text, then the clause, with page breaks.
fn text_task(context: &mut Context, out: &mut Writer, label: &str, task: &Task) {
    let clause = clause(context, task);
    let mut body = format!("{label}{}", task.text);
    let clause_alone = !clause.is_empty() && context.rng.u8(..100) < 12;
    if !clause_alone {
        body.push_str(&clause);
    }
    if context.rng.u8(..100) < 15
        && let Some(at) = cut_point(context.rng, &body[label.len()..])
    {
        let at = label.len() + at;
        let page_number = page_number(context);
        let _ = write!(out.text, "{}\n\n{page_number}{}", &body[..at], &body[at..]);
    } else {
        out.text.push_str(&body);
    }
    if clause_alone {
        let gap = if context.rng.bool() { "\n\n" } else { "\n" };
        let _ = write!(out.text, "{gap}{clause}");
    }
    out.text.push_str("\n\n");
    out.expect(task, false, false);
}

fn markdown(context: &mut Context, parts: &[Part], out: &mut Writer) {
    for part in parts {
        let heading = match context.rng.u8(..4) {
            0 => format!("## {}、{}", part.label, part.title),
            1 => format!("### {}、{}", part.label, part.title),
            2 => format!("#### **{}、{}**", part.label, part.title),
            _ => format!("## **{}、{}**", part.label, part.title),
        };
        let _ = write!(out.text, "{heading}\n\n");
        for section in &part.sections {
            let heading = match context.rng.u8(..5) {
                0 => format!("### （{}）{}", section.label, section.title),
                1 => format!("#### （{}）{}", section.label, section.title),
                2 => format!("**（{}）{}**", section.label, section.title),
                3 => format!("（{}）{}", section.label, section.title),
                _ => format!("### (\u{20}{}) {}", section.label, section.title),
            };
            let _ = write!(out.text, "{heading}\n\n");
            for task in &section.tasks {
                let separator = pick(context.rng, &[". ", "．", "、", ".", " ."]);
                text_task(context, out, &format!("{}{separator}", task.label), task);
            }
        }
    }
}

fn numbered(context: &mut Context, parts: &[Part], out: &mut Writer) {
    let with_sections = context.rng.bool();
    for part in parts {
        let _ = write!(out.text, "{}、{}\n\n", part.label, part.title);
        for section in &part.sections {
            if with_sections {
                let _ = write!(out.text, "（{}）{}\n\n", section.label, section.title);
            }
            for task in &section.tasks {
                let separator = pick(context.rng, &["、", ".", "．", ". "]);
                text_task(context, out, &format!("{}{separator}", task.label), task);
            }
        }
    }
}

fn paragraphs(context: &mut Context, parts: &[Part], out: &mut Writer) {
    for part in parts {
        let _ = writeln!(out.text, "{}、{}", part.label, part.title);
        for section in &part.sections {
            for task in &section.tasks {
                let units = task
                    .units
                    .as_ref()
                    .map(|units| {
                        if context.rng.u8(..100) < 30 {
                            return format!("（{}）", units.written);
                        }
                        let fields = units
                            .written
                            .replace('：', ":")
                            .replace('；', ";")
                            .replace('，', ",");
                        format!("({fields})")
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    out.text,
                    "({}){}。{}{units}",
                    task.label, section.title, task.text
                );
                out.expect(task, false, false);
            }
        }
    }
    out.text
        .push_str("政策解读链接:http://www.example.gov.cn/zcjd/1.html\n");
}

/// One logical table row as cells, before page breaks: part label, section label, task cell,
/// units, deadline.
struct Row {
    cells: Vec<String>,
}

/// Writes table rows as pipe tables split over pages, repeating the header, sometimes cutting a
/// row so that its rest opens the next page. `key_column` is the column that must be empty in a
/// continuation (the number column, or the label columns).
fn pipe_pages(
    context: &mut Context,
    header: &[&str],
    rows: &[Row],
    out: &mut Writer,
    cut_columns: &[usize],
) {
    let header_line = format!("| {} |", header.join(" | "));
    let separator = format!(
        "|{}|",
        header.iter().map(|_| "----").collect::<Vec<_>>().join("|")
    );
    let mut page_rows = 0;
    let page_size = 4 + context.rng.usize(..6);
    let _ = write!(out.text, "{header_line}\n{separator}\n");
    let mut page = 1;
    for (index, row) in rows.iter().enumerate() {
        let last = index + 1 == rows.len();
        page_rows += 1;
        if page_rows >= page_size && !last {
            // A page break after this row; half the time the row is cut and goes on.
            let cut = context.rng.bool();
            let mut first: Vec<String> = row.cells.clone();
            let mut rest: Vec<String> = vec![String::new(); row.cells.len()];
            // Without a cut in the task column (the first listed), the rest would not read as a
            // continuation, so the other columns are cut only when it is.
            let cuts: Vec<Option<usize>> = if cut {
                cut_columns
                    .iter()
                    .map(|&column| cut_point(context.rng, &row.cells[column]))
                    .collect()
            } else {
                Vec::new()
            };
            if cuts.first().is_some_and(Option::is_some) {
                for (&column, at) in cut_columns.iter().zip(&cuts) {
                    if let Some(at) = *at {
                        let cell = &row.cells[column];
                        first[column] = cell[..at].to_string();
                        rest[column] = cell[at..].to_string();
                    }
                }
            }
            let _ = writeln!(out.text, "| {} |", first.join(" | "));
            page += 1;
            let _ = write!(out.text, "\n— {page} —\n\n{header_line}\n{separator}\n");
            if cut && rest.iter().any(|cell| !cell.is_empty()) {
                let _ = writeln!(out.text, "| {} |", rest.join(" | "));
            }
            page_rows = 0;
        } else {
            let _ = writeln!(out.text, "| {} |", row.cells.join(" | "));
        }
    }
    out.text.push('\n');
}

/// Whether to leave a cell empty as merged with the one above.
fn merge(context: &mut Context, this: Option<&str>, above: Option<&str>) -> bool {
    this.is_some() && this == above && context.rng.u8(..100) < 70
}

/// `| 序号 | 工作任务 | 责任单位 | 完成时限 |` with part rows.
fn pipe_table_numbered(context: &mut Context, parts: &[Part], out: &mut Writer) {
    let header = ["序号", "工作任务", "责任单位", "完成时限"];
    let mut rows = Vec::new();
    let mut above_units: Option<String> = None;
    let mut above_deadline: Option<String> = None;
    for part in parts {
        rows.push(Row {
            cells: vec![
                format!("{}、{}", part.label, part.title),
                String::new(),
                String::new(),
                String::new(),
            ],
        });
        for task in part.sections.iter().flat_map(|section| &section.tasks) {
            let units = task.units.as_ref().map(|units| units.cell.clone());
            let deadline = task.deadline.as_ref().map(|(text, _)| text.clone());
            let merge_units = merge(context, units.as_deref(), above_units.as_deref());
            let merge_deadline = merge(context, deadline.as_deref(), above_deadline.as_deref());
            rows.push(Row {
                cells: vec![
                    task.label.clone(),
                    task.text.clone(),
                    if merge_units {
                        String::new()
                    } else {
                        units.clone().unwrap_or_default()
                    },
                    if merge_deadline {
                        String::new()
                    } else {
                        deadline.clone().unwrap_or_default()
                    },
                ],
            });
            out.expect(task, merge_units, merge_deadline);
            above_units = units;
            above_deadline = deadline;
        }
    }
    pipe_pages(context, &header, &rows, out, &[1, 2, 3]);
}

/// `| 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时间 |`: lead and cooperating units in
/// columns of their own, each merged on its own.
fn pipe_table_role_columns(context: &mut Context, parts: &[Part], out: &mut Writer) {
    let header = [
        "序号",
        "重点任务",
        "具体措施",
        "牵头单位",
        "配合单位",
        "完成时间",
    ];
    let mut rows = Vec::new();
    let mut above: [Option<String>; 3] = [None, None, None];
    for part in parts {
        rows.push(Row {
            cells: vec![
                format!("{}、{}", part.label, part.title),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        });
        for section in &part.sections {
            for task in &section.tasks {
                let names = |wanted_lead: bool| {
                    task.units.as_ref().map(|units| {
                        units
                            .names
                            .iter()
                            .filter(|(_, role)| (*role == Role::Lead) == wanted_lead)
                            .map(|(name, _)| name.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    })
                };
                let values = [
                    names(true),
                    names(false),
                    task.deadline.as_ref().map(|(text, _)| text.clone()),
                ];
                let merged: Vec<bool> = values
                    .iter()
                    .zip(&above)
                    .map(|(value, above)| merge(context, value.as_deref(), above.as_deref()))
                    .collect();
                let shown = |index: usize| {
                    if merged[index] {
                        String::new()
                    } else {
                        values[index].clone().unwrap_or_default()
                    }
                };
                let number = if context.rng.bool() {
                    format!("{}.", task.label)
                } else {
                    task.label.clone()
                };
                rows.push(Row {
                    cells: vec![
                        number,
                        section.title.clone(),
                        task.text.clone(),
                        shown(0),
                        shown(1),
                        shown(2),
                    ],
                });
                out.expect_by_role(task, merged[0], merged[1], merged[2]);
                above = values;
            }
        }
    }
    pipe_pages(context, &header, &rows, out, &[2, 3, 4, 5]);
}

/// The 003 style: `| 工作要求 | 具体任务 | 具体要求 | 牵头落实单位 |`, parts and sections in the
/// first columns, several numbered tasks sharing a cell and its units, no deadline column.
fn pipe_table_requirements(context: &mut Context, parts: &[Part], out: &mut Writer) {
    let header = ["工作要求", "具体任务", "具体要求", "牵头落实单位"];
    let mut rows = Vec::new();
    let mut above_units: Option<String> = None;
    for part in parts {
        let mut part_cell = format!("{}、{}", part.label, part.title);
        for section in &part.sections {
            let mut section_cell = format!("({}) {}。", section.label, section.title);
            let mut tasks = section.tasks.iter().peekable();
            while let Some(task) = tasks.next() {
                let mut cell = format!("{}. {}", task.label, task.text);
                let mut group = vec![task];
                // A following task with the same units may share the cell.
                while let Some(next) = tasks.peek() {
                    if next.units == task.units && context.rng.bool() {
                        let joiner = if context.rng.bool() { "</p><p>" } else { " " };
                        let _ = write!(cell, "{joiner}{}. {}", next.label, next.text);
                        group.push(next);
                        tasks.next();
                    } else {
                        break;
                    }
                }
                let units = task.units.as_ref().map(|units| units.cell.clone());
                let merge_units = merge(context, units.as_deref(), above_units.as_deref());
                rows.push(Row {
                    cells: vec![
                        std::mem::take(&mut part_cell),
                        std::mem::take(&mut section_cell),
                        cell,
                        if merge_units {
                            String::new()
                        } else {
                            units.clone().unwrap_or_default()
                        },
                    ],
                });
                for task in group {
                    out.expect(task, merge_units, false);
                }
                above_units = units;
            }
        }
    }
    pipe_pages(context, &header, &rows, out, &[2, 3]);
}

/// A pipe table printed one cell per line.
fn cell_lines(context: &mut Context, parts: &[Part], out: &mut Writer) {
    let header = "工作任务\n|\n具体要求\n|\n责任单位\n|\n时限\n\n";
    out.text.push_str(header);
    let page_size = 5 + context.rng.usize(..6);
    let mut on_page = 0;
    let mut above_units: Option<String> = None;
    let mut above_deadline: Option<String> = None;
    for part in parts {
        let mut part_cell = format!("{}、{}", part.label, part.title);
        for task in part.sections.iter().flat_map(|section| &section.tasks) {
            if on_page == page_size {
                out.text.push_str(header);
                on_page = 0;
            }
            on_page += 1;
            let units = task.units.as_ref().map(|units| units.cell.clone());
            let deadline = task.deadline.as_ref().map(|(text, _)| text.clone());
            let merge_units = merge(context, units.as_deref(), above_units.as_deref());
            let merge_deadline = merge(context, deadline.as_deref(), above_deadline.as_deref());
            let mut text = format!("{}. {}", task.label, task.text);
            // A long cell wraps onto a second line.
            if context.rng.u8(..100) < 30
                && let Some(at) = cut_point(context.rng, &text)
            {
                text.insert(at, '\n');
            }
            let part_line = std::mem::take(&mut part_cell);
            if !part_line.is_empty() {
                let _ = writeln!(out.text, "{part_line}");
            }
            let _ = writeln!(out.text, "|\n{text}\n|");
            if !merge_units {
                let _ = writeln!(out.text, "{}", units.clone().unwrap_or_default());
            }
            out.text.push_str("|\n");
            if !merge_deadline {
                let _ = writeln!(out.text, "{}", deadline.clone().unwrap_or_default());
            }
            out.text.push('\n');
            out.expect(task, merge_units, merge_deadline);
            above_units = units;
            above_deadline = deadline;
        }
    }
}

/// The 004 style: one cell per line with a leading tab, an empty tab line a merged cell, a line
/// without a tab the rest of the cell before it.
fn tab_cells(context: &mut Context, parts: &[Part], out: &mut Writer) {
    let header = if context.rng.bool() {
        ["工作任务", "工作要求", "责任单位", "时限"]
    } else {
        ["序号", "重点任务", "责任单位", "完成时限"]
    };
    for name in header {
        let _ = writeln!(out.text, "\t{name}");
    }
    out.text.push('\n');
    let mut above_units: Option<String> = None;
    let mut above_deadline: Option<String> = None;
    for part in parts {
        let mut part_cell = format!("{}、{}", part.label, part.title);
        for task in part.sections.iter().flat_map(|section| &section.tasks) {
            let units = task.units.as_ref().map(|units| units.cell.clone());
            let deadline = task.deadline.as_ref().map(|(text, _)| text.clone());
            let merge_units = merge(context, units.as_deref(), above_units.as_deref());
            let merge_deadline = merge(context, deadline.as_deref(), above_deadline.as_deref());
            let _ = writeln!(out.text, "\t{}", std::mem::take(&mut part_cell));
            let _ = writeln!(out.text, "\t{}", task.label);
            let mut cells = vec![
                task.text.clone(),
                if merge_units {
                    String::new()
                } else {
                    units.clone().unwrap_or_default()
                },
                if merge_deadline {
                    String::new()
                } else {
                    deadline.clone().unwrap_or_default()
                },
            ];
            for cell in &mut cells {
                // A page break inside a cell: the rest on a line without a tab, after a blank.
                if context.rng.u8(..100) < 8
                    && let Some(at) = cut_point(context.rng, cell)
                {
                    let page_break = format!("\n\n{}", page_number(context));
                    cell.insert_str(at, &page_break);
                }
            }
            let indent = if context.rng.u8(..100) < 20 { "  " } else { "" };
            for cell in cells {
                let _ = writeln!(out.text, "\t{indent}{cell}");
            }
            out.text.push('\n');
            out.expect(task, merge_units, merge_deadline);
            above_units = units;
            above_deadline = deadline;
        }
    }
}

/// Tab-separated rows, one table row per line, as copied from a spreadsheet: a line break inside a
/// cell puts the rest of the row on the next line; the header repeats on every page.
fn tab_rows(context: &mut Context, parts: &[Part], out: &mut Writer) {
    let header = "序号\t任务内容\t责任单位\t完成时限\n";
    out.text.push_str(header);
    let page_size = 8 + context.rng.usize(..10);
    let mut on_page = 0;
    let mut above_units: Option<String> = None;
    let mut above_deadline: Option<String> = None;
    for part in parts {
        let _ = writeln!(out.text, "{}、{}\t\t\t", part.label, part.title);
        for task in part.sections.iter().flat_map(|section| &section.tasks) {
            if on_page == page_size {
                let _ = write!(out.text, "\n— {} —\n\n{header}", context.rng.u8(2..99));
                on_page = 0;
            }
            on_page += 1;
            let units = task.units.as_ref().map(|units| units.cell.clone());
            let deadline = task.deadline.as_ref().map(|(text, _)| text.clone());
            let merge_units = merge(context, units.as_deref(), above_units.as_deref());
            let merge_deadline = merge(context, deadline.as_deref(), above_deadline.as_deref());
            let mut text = task.text.clone();
            if context.rng.u8(..100) < 20
                && let Some(at) = cut_point(context.rng, &text)
            {
                text.insert(at, '\n');
            }
            let _ = writeln!(
                out.text,
                "{}\t{text}\t{}\t{}",
                task.label,
                if merge_units {
                    ""
                } else {
                    units.as_deref().unwrap_or_default()
                },
                if merge_deadline {
                    ""
                } else {
                    deadline.as_deref().unwrap_or_default()
                },
            );
            out.expect(task, merge_units, merge_deadline);
            above_units = units;
            above_deadline = deadline;
        }
    }
}
