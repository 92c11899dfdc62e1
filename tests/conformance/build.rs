//! Generates a type and validator for every schema of the JSON Schema draft-07 test suite
//! (required and optional), with the real generator, into one file compiled with this
//! crate; plus a table from (suite file, group) to the generated typed path.
//!
//! The suite is read from `$FLOWGEN_SHARED_DIR/json-schema-test-suite` (default: the
//! `shared` directory beside the checkout). Without it the table is empty, except in CI
//! (`CI=true`), where that fails the build.

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn suite_dir() -> PathBuf {
    let shared = match std::env::var_os("FLOWGEN_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    shared.join("json-schema-test-suite")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn module_name(file: &str, group: usize) -> String {
    let stem: String = file
        .trim_end_matches(".json")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("s_{stem}_{group}")
}

fn main() {
    println!("cargo:rerun-if-env-changed=FLOWGEN_SHARED_DIR");
    println!("cargo:rerun-if-env-changed=CI");
    let suite = suite_dir();
    let tests = suite.join("tests/draft7");
    println!("cargo:rerun-if-changed={}", tests.display());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let mut all = Vec::new();
    files(&tests, &mut all);
    all.sort();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if all.is_empty() && ci {
        println!(
            "cargo:warning=the JSON Schema test suite is missing at {} (CI=true)",
            tests.display()
        );
        std::process::exit(1);
    }
    let mut modules = Vec::new();
    let mut table = String::new();
    let mut failures = String::new();
    for path in &all {
        let rel = path
            .strip_prefix(&tests)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let groups: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
        for (i, group) in groups.iter().enumerate() {
            let module = module_name(&rel, i);
            let config = flowgen::Config::new()
                .assert_formats(true)
                .remote("http://localhost:1234/", suite.join("remotes"))
                .schema_value(
                    &module,
                    "Root",
                    format!("draft7/{rel}#/{i}/schema"),
                    group["schema"].clone(),
                );
            match config.generate() {
                Ok(g) => {
                    modules.extend(g.modules);
                    let _ = writeln!(table, "        ({rel:?}, {i}) => Some(|v| <schemas::{module}::Root as TryFrom<serde_json::Value>>::try_from(v).is_ok()),");
                }
                Err(e) => {
                    let _ = writeln!(failures, "    ({rel:?}, {i}, {:?}),", e.to_string());
                }
            }
        }
    }
    let generated = flowgen::Generated {
        modules,
        warnings: Vec::new(),
        runtime: None,
    };
    let code = match generated.single_file() {
        Ok(c) => c,
        Err(e) => {
            println!("cargo:warning=flowgen failed to format the suite: {e}");
            std::process::exit(1);
        }
    };
    let code = if code.contains("pub mod schemas") {
        code
    } else {
        format!("{code}\npub mod schemas {{}}\n")
    };
    let table = format!(
        "/// The generated typed path for group `group` of suite file `file`: `true` when the\n/// instance converts into the generated type.\npub fn validator(file: &str, group: usize) -> Option<fn(serde_json::Value) -> bool> {{\n    match (file, group) {{\n{table}        _ => None,\n    }}\n}}\n\n/// Schemas the generator refused, with its message.\npub static GENERATION_ERRORS: &[(&str, usize, &str)] = &[\n{failures}];\n\n/// How many suite files were found.\npub const SUITE_FILES: usize = {};\n",
        all.len()
    );
    let write = |name: &str, text: &str| {
        let p = out_dir.join(name);
        if std::fs::read_to_string(&p).ok().as_deref() != Some(text) {
            if let Err(e) = std::fs::write(&p, text) {
                println!("cargo:warning=cannot write {}: {e}", p.display());
                std::process::exit(1);
            }
        }
    };
    write("suite.rs", &code);
    write("table.rs", &table);
}
