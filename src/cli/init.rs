//! `wenshen init [DIR]`: writes a commented starter `wenshen.toml`; never overwrites one.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::config::CONFIG_FILE;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 写入 wenshen.toml 的目录（默认：当前目录；不存在时创建）。
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// The starter configuration: every key, the optional ones commented out with an example.
pub const STARTER: &str = r#"# wenshen 配置文件。wenshen 从当前目录逐级向上查找 wenshen.toml；
# 也可用 `wenshen check --config FILE` 指定，用 `--no-config` 不读配置。
# 命令行参数（--select、--ignore、--set）优先于本文件。

# 启用哪些规则：规则代码或代码前缀。空表示全部启用。
# 前缀最长的一项说了算：select = ["GK5"] 加 ignore = ["GK503"] 启用 GK5 中除 GK503 外的规则。
select = []

# 停用哪些规则：规则代码或代码前缀。
ignore = []

# 另外加载的规则目录（其中的 .rule 文件），相对于本文件所在目录；内置规则包照常加载。
rule-dirs = []

# 按路径停用规则：路径模式（相对于本文件所在目录）→ 规则代码或前缀。
[per-file-ignores]
# "legacy/**" = ["GK4", "GK501"]

# 单条规则的设置：级别（error、warning、info）和参数（写法同规则文件中的字面量）。
# 用 `wenshen rules explain 代码` 查看规则的参数及默认值。
# [rules.GK103]
# severity = "info"
# [rules.GK201]
# min = "20d"

# 单位名称对照：规范名称 = [别名…]，补充内置对照表 rules/data/unit-aliases.txt，
# 供单位写法一致性规则（GK503）使用。
[units]
# "市人力资源和社会保障局" = ["市人社局", "市人力资源社会保障局"]
"#;

/// Runs `init`: 0 when written, 2 when a `wenshen.toml` is already there or cannot be written.
pub fn run(args: &InitArgs) -> i32 {
    let path = args.dir.join(CONFIG_FILE);
    // `init sub/dir` for a project not yet made: the folder is created as `mkdir -p` would.
    // `create_new` refuses an existing file atomically: no check-then-write race.
    let written = std::fs::create_dir_all(&args.dir).and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| file.write_all(STARTER.as_bytes()))
    });
    match written {
        Ok(()) => {
            eprintln!("已写出 {}", path.display());
            super::EXIT_SUCCESS
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "wenshen init: {} 已存在，未作改动；要重写，请先删除它",
                path.display()
            );
            super::EXIT_FAILURE
        }
        Err(error) => {
            eprintln!("wenshen init: 无法写出 {}：{error}", path.display());
            super::EXIT_FAILURE
        }
    }
}
