//! The rule language's functions: the one table of their names, signatures and descriptions. The
//! checker resolves calls, checks their arguments and suggests names from it; `rules/README.md`
//! documents every function in it (a test holds the README to it); the engine evaluates each
//! [`Func`] in one exhaustive `match` (the stages forbid `rules` to name the engine's values, so
//! the compiler, not this table, makes sure a new function is evaluated).
//!
//! Adding a function: a [`Func`] variant, a row here, its arm in the engine's `call`, and its row
//! in the README's table.

use super::ir::{Func, Ty};

/// A type in a function's signature (a constant form of [`Ty`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigTy {
    Bool,
    Number,
    Text,
    Date,
    Duration,
    TextList,
}

impl SigTy {
    pub fn ty(self) -> Ty {
        match self {
            SigTy::Bool => Ty::Bool,
            SigTy::Number => Ty::Number,
            SigTy::Text => Ty::Text,
            SigTy::Date => Ty::Date,
            SigTy::Duration => Ty::Duration,
            SigTy::TextList => Ty::List(Box::new(Ty::Text)),
        }
    }
}

/// What a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Params {
    /// Arguments of exactly these types (an element stands for its text).
    Typed(&'static [SigTy]),
    /// This many arguments of any type; the checker adds the function's own condition (`len`: a
    /// text or a list; `same`: two of one type).
    Any(usize),
    /// A binder or word-list form the checker reads itself (`count(x in list, cond)`,
    /// `mentions(["词"])`); its result type depends on the form.
    Form,
}

/// One function of the rule language.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    pub name: &'static str,
    pub func: Func,
    pub params: Params,
    /// The result's type; for a [`Params::Form`] function the checker decides it.
    pub result: SigTy,
    /// How a call is written, for error messages (`days(日期a, 日期b)`).
    pub usage: &'static str,
    /// What it gives, in a few words, for error messages.
    pub doc: &'static str,
}

const fn function(
    name: &'static str,
    func: Func,
    params: Params,
    result: SigTy,
    usage: &'static str,
    doc: &'static str,
) -> Function {
    Function {
        name,
        func,
        params,
        result,
        usage,
        doc,
    }
}

use Params::{Any, Form, Typed};
use SigTy::{Bool, Date, Duration, Number, Text, TextList};

/// Every function, by name; a name with two rows (`date`) is told apart by its argument count.
#[rustfmt::skip]
pub const FUNCTIONS: [Function; 26] = [
    function("exists", Func::Exists, Any(1), Bool, "exists(x)", "x 存在（非空列表、非空白文本）"),
    function("count", Func::Count, Form, Number, "count(列表) 或 count(x in 列表, 条件)", "（满足条件的）元素个数"),
    function("any", Func::Any, Form, Bool, "any(x in 列表, 条件)", "有元素满足条件"),
    function("all", Func::All, Form, Bool, "all(x in 列表, 条件)", "所有元素满足条件"),
    function("first", Func::First, Form, Bool, "first(列表) 或 first(x in 列表, 条件)", "第一个（满足条件的）元素"),
    function("mentions", Func::Mentions, Form, Bool, "mentions([\"词\"]) 或 mentions(文本, [\"词\"])", "文本含有其中一个词"),
    function("days", Func::Days, Typed(&[Date, Date]), Duration, "days(日期a, 日期b)", "a 到 b 的日历日数（首日不计）"),
    function("workdays", Func::Workdays, Typed(&[Date, Date]), Duration, "workdays(日期a, 日期b)", "a 之后到 b 的工作日数"),
    function("duration", Func::DurationOf, Typed(&[Text]), Duration, "duration(文本)", "文本中的第一个时长"),
    function("number", Func::NumberOf, Typed(&[Text]), Number, "number(文本)", "文本中的第一个数"),
    function("date", Func::DateOf, Typed(&[Text]), Date, "date(文本)", "文本中的第一个日期"),
    function("date", Func::DateFrom, Typed(&[Number, Number, Number]), Date, "date(年, 月, 日)", "由年、月、日构成的日期"),
    function("end_date", Func::EndDateOf, Typed(&[Text]), Date, "end_date(文本)", "文本中第一个期间的末日，省略的年、月取自起始日期"),
    function("year", Func::Year, Typed(&[Date]), Number, "year(日期)", "年"),
    function("month", Func::Month, Typed(&[Date]), Number, "month(日期)", "月"),
    function("day", Func::Day, Typed(&[Date]), Number, "day(日期)", "日"),
    function("quoted", Func::Quoted, Typed(&[Text]), TextList, "quoted(文本)", "《》中的文本"),
    function("canonical", Func::Canonical, Typed(&[Text]), Text, "canonical(单位)", "单位别名组的全称"),
    function("typos", Func::Typos, Typed(&[Text]), TextList, "typos(文本)", "文本中的已知错别字"),
    function("unbalanced", Func::Unbalanced, Typed(&[Text]), TextList, "unbalanced(文本)", "不成对的括号和引号"),
    function("correction", Func::Correction, Typed(&[Text]), Text, "correction(错别字)", "错别字的正确写法"),
    function("id_checksum", Func::IdChecksum, Typed(&[Text]), Bool, "id_checksum(文本)", "18位身份证号码的校验位正确"),
    function("occurrences", Func::Occurrences, Typed(&[Text, Text]), Number, "occurrences(文本, \"s\")", "s 出现的次数"),
    function("len", Func::Len, Any(1), Number, "len(文本或列表)", "字数或元素个数"),
    function("before", Func::Before, Any(2), Bool, "before(a, b)", "a 的位置在 b 之前"),
    function("same", Func::Same, Any(2), Bool, "same(a, b)", "相等，两个未知也算相等"),
];

impl Params {
    /// How many arguments a call takes, where that is fixed.
    pub fn count(self) -> Option<usize> {
        match self {
            Params::Typed(types) => Some(types.len()),
            Params::Any(count) => Some(count),
            Params::Form => None,
        }
    }
}

/// The distinct function names, in the table's order (for "did you mean" and listings).
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for function in &FUNCTIONS {
        if !names.contains(&function.name) {
            names.push(function.name);
        }
    }
    names
}

/// The rows named `name` (one, or one per argument count).
pub fn named(name: &str) -> Vec<&'static Function> {
    FUNCTIONS
        .iter()
        .filter(|function| function.name == name)
        .collect()
}
