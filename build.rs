//! Embeds the bundled rule pack: every `rules/*.rule` file and the definitions they share
//! (`rules/*.defs`), in name order, so that the binary runs
//! without `--rules` and the list can never drift from the directory.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&manifest).join("rules");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".rule") || name.ends_with(".defs"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("&[\n");
    for name in &names {
        let path = dir.join(name);
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            name,
            path.display().to_string()
        ));
    }
    code.push(']');
    let out = env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = fs::write(Path::new(&out).join("bundled_rules.rs"), code) {
        println!("cargo:warning=cannot write the bundled rule list: {error}");
    }
}
