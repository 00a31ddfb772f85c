//! The rule language's semantics, as data: a rule fragment, a document, the findings it gives
//! (message and the text under the primary label).

use wenshen::engine::{Calendar, Engine};
use wenshen::rules::{self, RuleSource};
use wenshen::source::SourceFile;

const PLAN: &str = "某市2022年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
1. 做好惠企政策公开，征求意见期限为15日。（责任单位：市发展改革委；完成时限：2022年9月底前）\n\
2. 推进政务新媒体建设。（责任单位：市政府办公室，各部门；完成时限：2023年3月底前）\n\
3. 做好政策解读。（责任单位：市卫健委）\n";

/// Loads one rule made of `scope` and `body` (its where/require/message/label lines), runs it on
/// `documents`, and returns "message | labelled text" per finding.
fn run(scope: &str, body: &str, documents: &[&str]) -> Vec<String> {
    let text = format!(
        "rule GK900 test-rule\nseverity error\nscope {scope}\n{body}\n\
         help \"h\"\nbasis \"b\"\ndoc \"d\"\npass \"p\"\nfail \"f\"\n"
    );
    let rule_set = match rules::load(
        &[RuleSource {
            name: "test.rule".into(),
            text,
        }],
        &[],
    ) {
        Ok(rule_set) => rule_set,
        Err(errors) => panic!(
            "{:?}",
            errors.errors.iter().map(|e| &e.message).collect::<Vec<_>>()
        ),
    };
    let sources: Vec<SourceFile> = documents
        .iter()
        .enumerate()
        .map(|(index, text)| SourceFile::from_text(format!("doc{index}.txt"), *text))
        .collect();
    let engine = Engine::new(rule_set, Calendar::bundled());
    engine
        .check(sources)
        .into_iter()
        .flat_map(|file| {
            file.findings
                .iter()
                .map(|finding| {
                    format!(
                        "{} | {}",
                        finding.message,
                        &file.source.text[finding.span.range()]
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn missing_values_never_make_findings() {
    // Task 3 has no deadline: `task.deadline.date` is unknown, so only task 2 (2023) is reported.
    let found = run(
        "task",
        "require task.deadline.date <= 2022-12-31\nmessage \"{task.label}\"\nlabel task.deadline \"x\"",
        &[PLAN],
    );
    assert_eq!(found, ["2 | 2023年3月底前"]);
}

#[test]
fn where_captures_carry_their_exact_span() {
    let found = run(
        "clause",
        "where clause.text matches /期限为(?P<period>\\d+日)/\nrequire duration(period) >= 30d\n\
         message \"{period}不足\"\nlabel period \"x\"",
        &[PLAN],
    );
    assert_eq!(found, ["15日不足 | 15日"]);
}

#[test]
fn quantifiers_and_binders() {
    let found = run(
        "task",
        "where count(task.units) >= 1\n\
         require all(u in task.units, not (u.name matches /^各/)) and any(u in task.units, u.role == \"unspecified\")\n\
         message \"{task.label}: {first(u in task.units, u.name matches /^各/)}\"\nlabel task \"x\"",
        &[PLAN],
    );
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("2: 各部门 | 2. 推进"), "{found:?}");
}

#[test]
fn durations_compare_across_units_and_render_in_chinese() {
    let found = run(
        "document",
        "require 7wd > 9d and 5h < 1d and 3mo >= 90d and 30d == 30d\nmessage \"{10wd} {5h} {3mo} {2022-10-01} {[1, 2]} {doc.issue_date}\"\nlabel doc \"x\"",
        &[PLAN],
    );
    // 7wd counts as 9.8 days, so the requirement holds: no finding.
    assert!(found.is_empty(), "{found:?}");
    let found = run(
        "document",
        "require false\nmessage \"{10wd} {5h} {3mo} {2022-10-01} {[1, 2]} {doc.issue_date}\"\nlabel doc \"x\"",
        &[PLAN],
    );
    assert_eq!(
        found,
        ["10个工作日 5小时 3个月 2022年10月1日 1、2 （无） | 某市2022年政务公开工作要点"]
    );
}

#[test]
fn days_and_workdays_count_as_the_law_counts() {
    // 民法典第二百零一条: the first day is not counted. 2022-09-29 → 2022-10-14 spans National
    // Day (10-01..07 off) and its make-up weekend (10-08, 10-09 worked): 8 working days.
    let found = run(
        "document",
        "require false\nmessage \"{days(2022-09-29, 2022-10-14)} {workdays(2022-09-29, 2022-10-14)} {workdays(2030-01-01, 2030-02-01)}\"\nlabel doc \"x\"",
        &[PLAN],
    );
    assert_eq!(
        found,
        ["15日 8个工作日 （无） | 某市2022年政务公开工作要点"]
    );
}

#[test]
fn mentions_defaults_to_the_scope_text() {
    let found = run(
        "task",
        "require not mentions([\"新媒体\", \"解读\"])\nmessage \"{task.label}\"\nlabel task \"x\"",
        &[PLAN],
    );
    assert_eq!(found.len(), 2);
    assert!(
        found[0].starts_with("2 |") && found[1].starts_with("3 |"),
        "{found:?}"
    );
}

#[test]
fn arithmetic_same_and_before() {
    let found = run(
        "task",
        "require not (task.number - 1 == 1 and same(task.section, task.section) and any(t in doc.tasks, before(t, task)))\n\
         message \"{task.number + 10}\"\nlabel task \"x\"",
        &[PLAN],
    );
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("12 |"), "{found:?}");
}

/// A quantifier whose condition has a `before(x, …)` term skips the items that are not before
/// without evaluating the rest, and evaluates the parts of its condition that do not depend on
/// the item once (`count(u in task.units, …)` below, inside a quantifier over tasks); what each
/// quantifier gives must be what evaluating every item in full gives.
#[test]
fn quantifiers_over_earlier_items() {
    let found = run(
        "task",
        "let earlier = first(t in doc.tasks, t.number > 0 and before(t, task))\n\
         require false\n\
         message \"{count(t in doc.tasks, before(t, task))} {count(t in doc.tasks, exists(t.label) and before(t, task))} \
         {any(t in doc.tasks, before(t, task) and t.number == 1)} {all(t in doc.tasks, before(t, task))} \
         {earlier.label} {count(t in doc.tasks, before(task, t))} \
         {count(t in doc.tasks, count(u in t.units, exists(u.name)) > count(u in task.units, exists(u.name)))}\"\n\
         label task \"x\"",
        &[PLAN],
    );
    let messages: Vec<&str> = found
        .iter()
        .filter_map(|finding| finding.split(" | ").next())
        .collect();
    assert_eq!(
        messages,
        ["0 0 否 否 （无） 2 1", "1 1 是 否 1 1 0", "2 2 是 否 1 0 1",]
    );
}

/// A quantifier whose condition has an `==` term between the item and something the same for
/// every item (`t.number == task.number`) looks the items up by that key over a document's list
/// instead of evaluating each. `not (a != b)` means the same in three-valued logic but is not
/// looked up, so each quantifier is written both ways and must give the same value: with
/// repeated keys, missing keys (task 3 has no deadline, so `== 2024` is unknown, not false),
/// number and text keys, and every quantifier.
#[test]
fn quantifiers_looked_up_by_key_agree_with_evaluating_every_item() {
    let duplicates = "某市2022年政务公开工作要点\n\n一、深化重点领域信息公开\n\n\
1. 做好惠企政策公开。（责任单位：市财政局；完成时限：2022年6月底前）\n\
2. 推进政务新媒体建设。（责任单位：市财政局；完成时限：2022年9月底前）\n\
2. 做好政策解读。（责任单位：市司法局；完成时限：2022年9月底前）\n\
4. 做好年报。（责任单位：市财政局，市司法局；完成时限：2022年12月底前）\n";
    let by_task = looked_up_and_evaluated(
        "task",
        &[
            "count(t in doc.tasks, t.number == task.number)",
            "any(t in doc.tasks, before(t, task) and t.number == task.number - 1)",
            "all(t in doc.tasks, t.number == task.number)",
            "first(t in doc.tasks, t.number == task.number and before(t, task))",
            "count(u in doc.units, u.name == \"市财政局\")",
            "any(t in doc.tasks, year(t.deadline.date) == 2023)",
            "any(t in doc.tasks, year(t.deadline.date) == 2024)",
            "all(t in doc.tasks, exists(t.label) and 2022 == year(t.deadline.date))",
        ],
        &[PLAN, duplicates],
    );
    assert_eq!(
        by_task,
        [
            "1 否 否 （无） 0 是 （无） 否",
            "1 是 否 （无） 0 是 （无） 否",
            "1 是 否 （无） 0 是 （无） 否",
            "1 否 否 （无） 3 否 否 是",
            "2 是 否 （无） 3 否 否 是",
            "2 是 否 2 3 否 否 是",
            "1 否 否 （无） 3 否 否 是",
        ]
    );
    let by_unit = looked_up_and_evaluated(
        "unit",
        &[
            "count(v in doc.units, v.name == unit.name)",
            "first(v in doc.units, before(v, unit) and v.name == unit.name)",
        ],
        &[duplicates],
    );
    assert_eq!(
        by_unit,
        [
            "3 （无）",
            "3 市财政局",
            "2 （无）",
            "3 市财政局",
            "2 市司法局",
        ]
    );
}

/// Runs a rule in `scope` whose message gives each of `quantifiers` both as written and with its
/// `==` terms written `not (… != …)`; checks that the two agree in every finding and returns the
/// values as written, one line per finding.
fn looked_up_and_evaluated(scope: &str, quantifiers: &[&str], documents: &[&str]) -> Vec<String> {
    let mut lets = String::new();
    let mut message = Vec::new();
    for (index, looked_up) in quantifiers.iter().enumerate() {
        lets.push_str(&format!(
            "let looked_up{index} = {looked_up}\nlet evaluated{index} = {}\n",
            not_equal(looked_up)
        ));
        let field = if looked_up.starts_with("first") {
            ".name"
        } else {
            ""
        };
        let field = if field.is_empty() || scope == "unit" {
            field
        } else {
            ".label"
        };
        message.push(format!(
            "{{looked_up{index}{field}}}/{{evaluated{index}{field}}}"
        ));
    }
    let found = run(
        scope,
        &format!(
            "{lets}require false\nmessage \"{}\"\nlabel {scope} \"x\"",
            message.join(" ")
        ),
        documents,
    );
    found
        .iter()
        .map(|finding| {
            let message = finding.split(" | ").next().unwrap_or_default();
            message
                .split(' ')
                .map(|pair| {
                    let (looked_up, evaluated) = pair.split_once('/').expect("a pair");
                    assert_eq!(looked_up, evaluated, "{message}");
                    looked_up
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// A quantifier with each `a == b` term of its condition written `not (a != b)`.
fn not_equal(looked_up: &str) -> String {
    let (head, rest) = looked_up.split_once(", ").expect("a quantifier");
    let end = rest.rfind(')').expect("a closing parenthesis");
    let (cond, tail) = rest.split_at(end);
    let terms: Vec<String> = cond
        .split(" and ")
        .map(|term| match term.split_once(" == ") {
            Some((a, b)) => format!("not ({a} != {b})"),
            None => term.to_string(),
        })
        .collect();
    format!("{head}, {}{tail}", terms.join(" and "))
}

#[test]
fn corpus_rules_relate_documents() {
    let notice = "某市人民政府关于印发《甲办法》的通知\n\n某政发〔2022〕1号\n\n各部门：\n\n现将《甲办法》印发给你们。\n\n某市人民政府\n2022年3月1日\n";
    let found = run(
        "corpus",
        "where exists(other.issue_date) and doc.text contains \"乙\"\nrequire false\n\
         message \"{other.title}\"\nlabel doc \"x\"\nsecondary other.issue_date \"y\"",
        &[notice, "乙的解读\n"],
    );
    assert_eq!(found, ["某市人民政府关于印发《甲办法》的通知 | 乙的解读"]);
}

#[test]
fn a_code_or_name_used_twice_is_an_error_at_the_second_rule() {
    let bundled = rules::bundled();
    let first = &bundled[0];
    let code = first.text.split_whitespace().nth(1).expect("a code");
    let name = first.text.split_whitespace().nth(2).expect("a name");
    let with = |text: String| {
        let mut sources = bundled.clone();
        sources.push(RuleSource {
            name: "again.rule".into(),
            text,
        });
        rules::load(&sources, &[])
    };
    for copy in [
        first.text.replacen(name, "another-name", 1),
        first.text.replacen(code, "GK999", 1),
    ] {
        let errors = with(copy).expect_err("a duplicate");
        assert_eq!(errors.errors.len(), 1);
        assert_eq!(errors.errors[0].code, "R013");
        assert!(
            errors.errors[0].message.contains(code),
            "{}",
            errors.errors[0].message
        );
    }
    let distinct = first
        .text
        .replacen(code, "GK999", 1)
        .replacen(name, "another-name", 1);
    assert!(with(distinct).is_ok());
}

#[test]
fn multiplication_division_and_date_arithmetic() {
    // 1 of the 3 tasks is about 政策解读: a third, 33.3…%, over a 30% share.
    let found = run(
        "document",
        "let share = count(t in doc.tasks, t.text contains \"政策解读\") * 100 / count(doc.tasks)\n\
         require share <= 30\nmessage \"{share > 33 and share < 34}\"\nlabel doc \"x\"",
        &[PLAN],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("是 | "), "{found:?}");
    // 2022-09-30 + 1d is 2022-10-01; one month after 2022-01-31 is the last day of February.
    let found = run(
        "task",
        "where task.label == \"1\"\nrequire not (2022-09-30 + 1d == 2022-10-01 and 2022-01-31 + 1mo == 2022-02-28 \
         and 2022-03-01 - 1d == 2022-02-28 and count(doc.tasks) / 0 == 1)\n\
         message \"{2022-09-30 + 1d}\"\nlabel task \"x\"",
        &[PLAN],
    );
    // The division by zero is unknown, so `and` is unknown and `not` of it too: no finding.
    assert_eq!(found, Vec::<String>::new());
    let found = run(
        "task",
        "where task.label == \"1\"\nrequire not (2022-09-30 + 1d == 2022-10-01 and 2022-01-31 + 1mo == 2022-02-28 \
         and 2022-03-01 - 1d == 2022-02-28)\n\
         message \"{2022-09-30 + 1d}\"\nlabel task \"x\"",
        &[PLAN],
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("2022年10月1日 | "), "{found:?}");
}

/// Loads rule files, returning the codes and messages of their errors.
fn errors_of(sources: &[(&str, &str)]) -> Vec<(String, String)> {
    let sources: Vec<RuleSource> = sources
        .iter()
        .map(|(name, text)| RuleSource {
            name: (*name).into(),
            text: (*text).into(),
        })
        .collect();
    match rules::load(&sources, &[]) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .errors
            .iter()
            .map(|error| (error.code.to_string(), error.message.clone()))
            .collect(),
    }
}

const MINIMAL: &str = "rule GK900 test-rule\nseverity error\nscope task\nrequire REQUIRE\nmessage \"m\"\n\
label task \"x\"\nhelp \"h\"\nbasis \"b\"\ndoc \"d\"\npass \"p\"\nfail \"f\"\n";

#[test]
fn a_3000_term_chain_is_a_coded_error_not_a_stack_overflow() {
    for op in ["or", "and", "+"] {
        let terms: Vec<&str> = if op == "+" {
            vec!["1"; 3000]
        } else {
            vec!["task.number > 1"; 3000]
        };
        let mut chain = terms.join(&format!(" {op} "));
        if op == "+" {
            chain.push_str(" > 0");
        }
        let text = MINIMAL.replace("REQUIRE", &chain);
        let errors = errors_of(&[("deep.rule", &text)]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "R016", "{errors:?}");
    }
    // 126 terms, about the deepest chain accepted, load and run (on the engine's threads).
    let chain = vec!["task.number > 1"; 126].join(" or ");
    let found = run(
        "task",
        &format!("require not ({chain})\nmessage \"{{task.label}}\"\nlabel task \"x\""),
        &[PLAN],
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn definitions_are_shared_by_the_rules_of_their_directory() {
    let rule = MINIMAL.replace(
        "REQUIRE",
        "not (task.text matches vague) and task.number in small",
    );
    let definitions = "let vague = /做好/\nlet small = [1, 2]\n";
    assert_eq!(
        errors_of(&[("mine/shared.defs", definitions), ("mine/a.rule", &rule)]),
        Vec::<(String, String)>::new()
    );
    // Another directory does not see them.
    let errors = errors_of(&[("mine/shared.defs", definitions), ("other/a.rule", &rule)]);
    assert!(
        errors
            .iter()
            .all(|(code, _)| code == "R009" || code == "R005"),
        "{errors:?}"
    );
    assert!(!errors.is_empty());
    // A list kept beside the rules, one name a line, is a definition named after its file.
    let rule = MINIMAL.replace(
        "REQUIRE",
        "not (task.text matches vague) and all(u in task.units, u.name in departments)",
    );
    let list = "# 本地的部门\n市发展改革委\n\n市财政局\n";
    assert_eq!(
        errors_of(&[
            ("mine/shared.defs", definitions),
            ("mine/departments.list", list),
            ("mine/a.rule", &rule)
        ]),
        Vec::<(String, String)>::new()
    );
    let errors = errors_of(&[("mine/departments.list", "市财政局\n市财政局\n")]);
    assert_eq!(
        errors,
        [("R018".to_string(), "列表中“市财政局”出现了两次".to_string())]
    );
    // A definition must be a literal, and a definitions file holds only definitions.
    let errors = errors_of(&[("mine/shared.defs", "let x = task.text\nseverity error\n")]);
    let codes: Vec<&str> = errors.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["R018", "R018"], "{errors:?}");
}

#[test]
fn example_settings_and_expectations_are_checked() {
    let text = "rule GK900 test-rule\nseverity error\nscope task\nparam min = 30d\n\
                require task.number > 0\nmessage \"m\"\nlabel task \"x\"\nhelp \"h\"\nbasis \"b\"\ndoc \"d\"\n\
                pass \"p\" with mni = 3d\nfail \"f\" with min = 3\n";
    let errors = errors_of(&[("x.rule", text)]);
    let codes: Vec<&str> = errors.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["R011", "R011"], "{errors:?}");
    assert!(errors[0].1.contains("mni"), "{errors:?}");
    assert!(
        errors[1].1.contains("示例设置的值是数，但默认值是时长"),
        "{errors:?}"
    );
    let text = text.replace(
        "pass \"p\" with mni = 3d\nfail \"f\" with min = 3\n",
        "pass \"p\"\nfail \"f\" count 2 at \"a\"\npass \"p\" at \"a\"\n",
    );
    let errors = errors_of(&[("x.rule", &text)]);
    let codes: Vec<&str> = errors.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["R017", "R017"], "{errors:?}");
}

#[test]
fn a_let_reads_the_named_groups_of_where() {
    let found = run(
        "clause",
        "let short = duration(period) < 30d\n\
         where clause.text matches /期限为(?P<period>\\d+日)/\nrequire not short\n\
         message \"{period}：{short}\"\nlabel period \"x\"",
        &[PLAN],
    );
    assert_eq!(found, ["15日：是 | 15日"]);
}

#[test]
fn a_list_beside_the_rules_is_read_one_name_a_line() {
    let rule = "rule GK900 test-rule\nseverity error\nscope unit\nrequire unit.name in departments\n\
                message \"{unit.name}\"\nlabel unit \"x\"\nhelp \"h\"\nbasis \"b\"\ndoc \"d\"\npass \"p\"\nfail \"f\"\n";
    let sources = [
        RuleSource {
            name: "mine/departments.list".into(),
            text: "# 本地的部门\n市发展改革委\n  市卫健委  \n".into(),
        },
        RuleSource {
            name: "mine/GK900-test-rule.rule".into(),
            text: rule.into(),
        },
    ];
    let rule_set = rules::load(&sources, &[]).expect("loads");
    let engine = Engine::new(rule_set, Calendar::bundled());
    let checked = engine.check(vec![SourceFile::from_text("plan.txt", PLAN)]);
    let messages: Vec<&str> = checked[0]
        .findings
        .iter()
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(messages, ["市政府办公室", "各部门"]);
}

#[test]
fn a_pattern_is_a_parameter_overridable_like_any_other() {
    let rule = "rule GK900 test-rule\nseverity error\nscope clause\nparam vague = /政策解读|惠企/\n\
                where clause.text matches $vague\nrequire false\nmessage \"{clause.text}\"\nlabel clause \"x\"\n\
                help \"h\"\nbasis \"b\"\ndoc \"d\"\npass \"p\"\nfail \"f\"\n";
    let sources = [RuleSource {
        name: "GK900-test-rule.rule".into(),
        text: rule.into(),
    }];
    let findings = |overrides: &[rules::ParamOverride]| -> Vec<String> {
        let rule_set = rules::load(&sources, overrides).expect("loads");
        let engine = Engine::new(rule_set, Calendar::bundled());
        engine.check(vec![SourceFile::from_text("plan.txt", PLAN)])[0]
            .findings
            .iter()
            .map(|finding| finding.message.clone())
            .collect()
    };
    assert_eq!(findings(&[]).len(), 2);
    let only = rules::ParamOverride::parse("GK900.vague=/政策解读/").expect("an override");
    assert_eq!(findings(&[only]), ["3. 做好政策解读。"]);
    // A value that is not a pattern, and a pattern parameter used as a value, are errors.
    let wrong = rules::ParamOverride::parse("GK900.vague=\"政策\"").expect("an override");
    let errors = rules::load(&sources, &[wrong]).expect_err("does not load");
    assert_eq!(errors.errors[0].code, "R011");
    let misuse = rule.replace("require false", "require $vague == \"x\"");
    let errors = errors_of(&[("GK900-test-rule.rule", &misuse)]);
    assert_eq!(errors[0].0, "R009", "{errors:?}");
}

#[test]
fn a_capture_in_a_task_text_underlines_the_matched_words() {
    let found = run(
        "task",
        "where task.text matches /(?P<word>惠企政策)/\nrequire false\nmessage \"{word}\"\nlabel word \"x\"",
        &[PLAN],
    );
    assert_eq!(found, ["惠企政策 | 惠企政策"]);
}

#[test]
fn matches_each_reports_every_match_of_a_clause() {
    let body = |op: &str| {
        format!(
            "where clause.text {op} /(?P<word>政策|征求)/\nrequire false\nmessage \"{{word}}\"\nlabel word \"x\""
        )
    };
    assert_eq!(
        run("clause", &body("matches"), &[PLAN]),
        ["政策 | 政策", "政策 | 政策"]
    );
    assert_eq!(
        run("clause", &body("matches each"), &[PLAN]),
        ["政策 | 政策", "征求 | 征求", "政策 | 政策"]
    );
    // Only as a top-level term of `where`: the rule runs once per match.
    let misplaced = MINIMAL.replace("REQUIRE", "not (task.text matches each /政策/)");
    let errors = errors_of(&[("GK900-test-rule.rule", &misplaced)]);
    assert_eq!(errors[0].0, "R009", "{errors:?}");
}

#[test]
fn end_date_reads_a_period_whose_end_omits_its_year() {
    let notice = |period: &str| {
        format!(
            "某市人民政府办公室关于公开征求意见的通知\n\n征求意见时间为{period}。\n\n某市人民政府办公室\n2022年9月1日\n"
        )
    };
    let documents = [
        notice("2022年9月1日至9月16日"),
        notice("二〇二二年九月一日至十六日"),
        notice("2022年12月20日至1月10日"),
        notice("2022年9月1日至2022年10月1日"),
    ];
    let found = run(
        "clause",
        "where clause.text matches /征求意见时间为(?P<period>[^。]+)/\n\
         let n = days(date(period), end_date(period))\nrequire n >= 30d\n\
         message \"{end_date(period)}：{n}\"\nlabel period \"x\"",
        &documents.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(
        found,
        [
            "2022年9月16日：15日 | 2022年9月1日至9月16日",
            "2022年9月16日：15日 | 二〇二二年九月一日至十六日",
            "2023年1月10日：21日 | 2022年12月20日至1月10日",
        ]
    );
}

#[test]
fn a_function_with_two_forms_is_resolved_by_its_argument_count() {
    let rule = |require: &str| errors_of(&[("a.rule", &MINIMAL.replace("REQUIRE", require))]);
    assert_eq!(rule("date(2022, 9, 1) < date(task.text)"), []);
    assert_eq!(
        rule("date(2022, 9) < date(task.text)"),
        [(
            "R008".to_string(),
            "函数 `date` 的参数个数不对：应为 1 或 3".to_string()
        )]
    );
    assert_eq!(
        rule("exists(task.text, task.text)"),
        [(
            "R008".to_string(),
            "函数 `exists` 的参数个数不对：应为 1".to_string()
        )]
    );
}
