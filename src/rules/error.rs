//! Errors in rule files: coded, with the exact span in the rule file and help, rendered by miette.
//! The same shape serves every text the user writes for wenshen (the CLI's configuration file too).

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan,
    SpanContents,
};

use crate::source::Span;

/// One problem in a text the user wrote, at its place: a rule file (or a parameter override,
/// which has no file), or a configuration file.
#[derive(Debug, Clone)]
pub struct LocatedError {
    /// `R001`… for rules (see `rules/README.md`), `C001`… for configuration.
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    /// The words under the span.
    pub label: String,
    pub help: Option<String>,
    pub source: Option<Arc<NamedSource<String>>>,
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LocatedError {}

impl Diagnostic for LocatedError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        // The error itself: its source, with the column of the heading counted in characters.
        self.source.as_ref().map(|_| self as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.clone()), span),
        )))
    }
}

/// The error's source text, except that the column miette puts in the heading
/// (`X1.rule:5:47`) counts characters, as every position wenshen shows does, not bytes (which
/// made `5:59` of a Chinese line's 47th character).
impl SourceCode for LocatedError {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let Some(source) = self.source.as_deref() else {
            return Err(MietteError::OutOfBounds);
        };
        let contents = source.read_span(span, context_lines_before, context_lines_after)?;
        let text = source.inner();
        let column = if contents.column() == 0 {
            0
        } else {
            let offset = text.floor_char_boundary(span.offset().min(text.len()));
            let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
            text[line_start..offset].chars().count()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            source.name().to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// A problem in a rule file.
pub type RuleError = LocatedError;

/// All the errors of a rule set, in file order then position order.
#[derive(Debug, Clone, Default)]
pub struct RuleErrors {
    pub errors: Vec<RuleError>,
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "规则中有 {} 处错误", self.errors.len())
    }
}

impl std::error::Error for RuleErrors {}

/// The error codes of the rule language: one variant per code, so that a code is never a
/// mistyped string, and `wenshen rules explain R005` reads one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleCode {
    /// 语法错误
    R001,
    /// 条目或参数重复
    R002,
    /// 缺少必需的条目，或条目为空
    R003,
    /// 未知的严重程度或范围
    R004,
    /// 未知的名称
    R005,
    /// 未知的字段
    R006,
    /// 未知的函数
    R007,
    /// 参数个数或形式不对
    R008,
    /// 类型不符
    R009,
    /// 正则表达式无法编译
    R010,
    /// 未知的参数，或参数值不合
    R011,
    /// 示例不足
    R012,
    /// 规则代码或名称重复
    R013,
    /// mentions 缺少词表
    R014,
    /// 标注目标没有位置
    R015,
    /// 表达式过深
    R016,
    /// 示例的期望写法不对
    R017,
    /// 定义文件有误
    R018,
}

impl RuleCode {
    /// Every code, in order.
    pub const ALL: [RuleCode; 18] = [
        RuleCode::R001,
        RuleCode::R002,
        RuleCode::R003,
        RuleCode::R004,
        RuleCode::R005,
        RuleCode::R006,
        RuleCode::R007,
        RuleCode::R008,
        RuleCode::R009,
        RuleCode::R010,
        RuleCode::R011,
        RuleCode::R012,
        RuleCode::R013,
        RuleCode::R014,
        RuleCode::R015,
        RuleCode::R016,
        RuleCode::R017,
        RuleCode::R018,
    ];

    /// `R005`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleCode::R001 => "R001",
            RuleCode::R002 => "R002",
            RuleCode::R003 => "R003",
            RuleCode::R004 => "R004",
            RuleCode::R005 => "R005",
            RuleCode::R006 => "R006",
            RuleCode::R007 => "R007",
            RuleCode::R008 => "R008",
            RuleCode::R009 => "R009",
            RuleCode::R010 => "R010",
            RuleCode::R011 => "R011",
            RuleCode::R012 => "R012",
            RuleCode::R013 => "R013",
            RuleCode::R014 => "R014",
            RuleCode::R015 => "R015",
            RuleCode::R016 => "R016",
            RuleCode::R017 => "R017",
            RuleCode::R018 => "R018",
        }
    }

    /// What the code names, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            RuleCode::R001 => "语法错误",
            RuleCode::R002 => "条目或参数重复",
            RuleCode::R003 => "缺少必需的条目，或条目为空",
            RuleCode::R004 => "未知的严重程度或范围",
            RuleCode::R005 => "未知的名称",
            RuleCode::R006 => "未知的字段",
            RuleCode::R007 => "未知的函数",
            RuleCode::R008 => "参数个数或形式不对",
            RuleCode::R009 => "类型不符",
            RuleCode::R010 => "正则表达式无法编译",
            RuleCode::R011 => "未知的参数，或参数值不合",
            RuleCode::R012 => "示例不足",
            RuleCode::R013 => "规则代码或名称重复",
            RuleCode::R014 => "mentions 缺少词表",
            RuleCode::R015 => "标注目标没有位置",
            RuleCode::R016 => "表达式过深",
            RuleCode::R017 => "示例的期望写法不对",
            RuleCode::R018 => "定义文件有误",
        }
    }

    /// What the code means and how to fix it.
    pub fn explanation(self) -> &'static str {
        match self {
            RuleCode::R001 => {
                "规则文件不合语法：缺了引号、括号，条目关键字拼错，或写了语言没有的运算符。解析器跳到下一个以条目关键字开头的行继续，所以一次报告全部语法错误，连同能解析的条目中与语法无关的错误。"
            }
            RuleCode::R002 => {
                "rule、severity、scope、where、require、message、label、help、basis、doc、title 每条规则只能写一次；同名的 param 或定义只能定义一次。删去多余的一处。"
            }
            RuleCode::R003 => {
                "每条规则都要有 rule、severity、scope、require、message、label、help、basis、doc；help、basis、doc 不能是空文字。按错误提示补上一行。"
            }
            RuleCode::R004 => {
                "severity 取 error、warning 或 info；scope 取 document、part、section、task、unit、deadline、quantity、clause 或 corpus。"
            }
            RuleCode::R005 => {
                "名称要先绑定才能用：doc 总是可用；范围的元素（task、unit……）随 scope 可用；let 绑定在它之后可用；where 中作为顶层 and 项的 matches 的命名分组在 where 之后可用（require、message、label、help）；同目录 .defs 文件中的定义处处可用。"
            }
            RuleCode::R006 => {
                "元素没有这个字段。错误的帮助列出该元素的全部字段；字段表见 rules/README.md 的“Paths”。"
            }
            RuleCode::R007 => "语言没有这个函数。函数表见 rules/README.md 的“Functions”。",
            RuleCode::R008 => {
                "函数的参数个数或写法不对，例如 any 的第一个参数须是 `x in 列表` 的绑定形式。"
            }
            RuleCode::R009 => {
                "运算或比较的两边类型不合：比较须同类型（数与数、日期与日期、时长与时长、文本与文本）；+ - * / 用于数，日期可以加减以日或月计的时长；matches 的右边须是正则表达式。"
            }
            RuleCode::R010 => {
                "正则表达式按 Rust regex 语法书写（https://docs.rs/regex/latest/regex/#syntax），不支持反向引用和环视。"
            }
            RuleCode::R011 => {
                "$名称 须先用 param 定义；配置或示例（with）设置的值须与默认值同类型，参数名须存在。"
            }
            RuleCode::R012 => {
                "每条规则至少要有一个 pass 示例（不应有发现）和一个 fail 示例（应有发现）。"
            }
            RuleCode::R013 => "一个规则集中每条规则的代码和名称须唯一；与内置规则重名也算。",
            RuleCode::R014 => {
                "mentions 的最后一个参数须是文本的列表字面量，如 mentions([\"征求意见\", \"听证\"])。"
            }
            RuleCode::R015 => {
                "label 和 secondary 的目标须是来自文档的值（元素、字段、命名分组），不能是常量或条件。"
            }
            RuleCode::R016 => {
                "表达式树（or/and/+ 链的长度与括号嵌套合计）超过 128 层。把长链拆成几个 let，或用 in 列表、mentions([...]) 代替一长串 or。"
            }
            RuleCode::R017 => {
                "pass 示例不能写 count、at、saying；fail 示例列出 at/saying 时，count 须等于列出的条数。"
            }
            RuleCode::R018 => {
                "定义文件（.defs）只能有 `let 名称 = 字面量`：正则、文本、数、日期、时长或字面量列表，供同目录的规则按名称使用。"
            }
        }
    }

    /// The code written `R005`, if it is one.
    pub fn parse(text: &str) -> Option<RuleCode> {
        RuleCode::ALL.into_iter().find(|code| code.as_str() == text)
    }
}
