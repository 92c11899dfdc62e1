//! Generates a client for every vendor endpoint description in
//! `$FLOWGEN_SHARED_DIR/adobe-openapi` (default `../shared/adobe-openapi` beside the
//! checkout), one file per description, which `src/lib.rs` includes under
//! `#![deny(warnings)]`.
//!
//! When the shared directory is missing the crate is empty and cargo prints a warning;
//! with `CI=true` that is a build failure instead (as `flowgen_tests::shared_file` does).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=FLOWGEN_SHARED_DIR");
    println!("cargo:rerun-if-env-changed=CI");
    let shared = match std::env::var_os("FLOWGEN_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let dir = shared.join("adobe-openapi");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(d) => d.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            println!(
                "cargo:warning={}: {e}; no vendor clients compiled (set FLOWGEN_SHARED_DIR)",
                dir.display()
            );
            if ci {
                println!("cargo:warning=CI=true: shared material must be present");
                std::process::exit(1);
            }
            Vec::new()
        }
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    files.retain(|p| {
        p.extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
    });
    files.sort();
    let mut index = String::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let module = flowgen::module_name(stem);
        let out = out_dir.join(format!("{module}.rs"));
        let generated = flowgen::Config::new()
            .names_relative_to(&shared)
            .openapi_file(file)
            .generate()
            .and_then(|g| g.write_single_file(&out));
        if let Err(e) = generated {
            println!("cargo:warning=flowgen failed on {}", file.display());
            for line in e.to_string().lines() {
                println!("cargo:warning={line}");
            }
            std::process::exit(1);
        }
        let _ = writeln!(
            index,
            "/// Generated from `adobe-openapi/{name}`.\npub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}",
            name = file.file_name().and_then(|s| s.to_str()).unwrap_or_default(),
        );
    }
    if let Err(e) = std::fs::write(out_dir.join("vendor.rs"), index) {
        println!("cargo:warning=cannot write vendor.rs: {e}");
        std::process::exit(1);
    }
}
