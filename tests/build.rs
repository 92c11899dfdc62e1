//! Generates the per-feature fixtures with flowgen as a build script would, so every
//! snapshot's code is also compiled (under `#[deny(warnings)]`, see `src/lib.rs`).

use std::path::{Path, PathBuf};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.sort();
    let mut config =
        flowgen::Config::new().names_relative_to(Path::new(env!("CARGO_MANIFEST_DIR")));
    for f in &files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        config = config.schema_file(stem, "Root", f);
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let out = out_dir.join("fixtures.rs");
    if let Err(e) = config.generate().and_then(|g| g.write_single_file(&out)) {
        fail("the fixtures", &e);
    }
    // The vendor-quirk endpoint descriptions (the ones that load) as clients.
    let openapi = dir.join("openapi");
    println!("cargo:rerun-if-changed={}", openapi.display());
    let clients = flowgen::Config::new()
        .names_relative_to(Path::new(env!("CARGO_MANIFEST_DIR")))
        .openapi_file(openapi.join("vendor-quirks-30.yaml"))
        .openapi_file(openapi.join("vendor-quirks-31.yaml"))
        .openapi_file(openapi.join("reserved-names.yaml"))
        .openapi_file(openapi.join("vendor-defects.yaml"))
        .openapi_file(openapi.join("swagger-2.yaml"));
    if let Err(e) = clients
        .generate()
        .and_then(|g| g.write_single_file(&out_dir.join("openapi_fixtures.rs")))
    {
        fail("the OpenAPI fixtures", &e);
    }
    // Everything in `specs/` (flowSpecs and clients) as one file, for `include!` below the
    // crate root (`tests/generated_single_file.rs`).
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let all = flowgen::Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .openapi_in(specs.join("openapi"))
        .names_relative_to(&specs);
    if let Err(e) = all
        .generate()
        .and_then(|g| g.write_single_file(&out_dir.join("specs.rs")))
    {
        fail("specs/", &e);
    }
}

fn fail(what: &str, e: &flowgen::Error) -> ! {
    println!("cargo:warning=flowgen failed on {what}");
    for line in e.to_string().lines() {
        println!("cargo:warning={line}");
    }
    std::process::exit(1);
}
