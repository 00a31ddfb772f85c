//! One language for the user: the help of every command and clap's usage errors are in Chinese,
//! clap's own English headings and phrases included.

mod common;

/// clap's English words that a Chinese help or error must not show.
const ENGLISH: [&str; 9] = [
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Possible values",
    "[default:",
    "[alias",
    "Print help",
    "For more information",
];

#[test]
fn every_help_is_in_chinese() {
    let helps: [&[&str]; 12] = [
        &["--help"],
        &["-h"],
        &["check", "--help"],
        &["check", "-h"],
        &["parse", "--help"],
        &["ledger", "--help"],
        &["init", "--help"],
        &["rules", "--help"],
        &["rules", "list", "--help"],
        &["rules", "explain", "--help"],
        &["help", "check"],
        &["rules", "test", "--help"],
    ];
    for args in helps {
        let run = common::run(common::root(), args, None);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("用法："), "{args:?}: {}", run.stdout);
        // `error` stays a value's name (`--fail-on error`), not an error.
        assert!(!run.stdout.contains("错误："), "{args:?}: {}", run.stdout);
        for english in ENGLISH {
            assert!(
                !run.stdout.contains(english),
                "{args:?} shows {english}: {}",
                run.stdout
            );
        }
    }
}

#[test]
fn usage_errors_are_in_chinese_and_name_the_flag_as_typed() {
    let run = common::run(common::root(), &["check", "corpus", "--jobs", "abc"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("错误：无效的值 'abc'，用于 '--jobs <N>'"),
        "{}",
        run.stderr
    );
    for args in [
        &["check"][..],
        &["check", "corpus", "--bogus"],
        &["check", "corpus", "--format", "pdf"],
    ] {
        let run = common::run(common::root(), args, None);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.starts_with("错误："), "{args:?}: {}", run.stderr);
        for english in ["error:", "Usage:", "For more information"] {
            assert!(!run.stderr.contains(english), "{args:?}: {}", run.stderr);
        }
    }
}
