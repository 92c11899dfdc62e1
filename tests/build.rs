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
    // Everything in `specs/` (flowSpecs, connectionSpecs and clients) as one file, for `include!` below the
    // crate root (`tests/generated_single_file.rs`).
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let all = flowgen::Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .connection_specs_in(specs.join("connectionspecs"))
        .openapi_in(specs.join("openapi"))
        .names_relative_to(&specs);
    if let Err(e) = all
        .generate()
        .and_then(|g| g.write_single_file(&out_dir.join("specs.rs")))
    {
        fail("specs/", &e);
    }
    vendor(&out_dir);
}

/// Clients generated from Adobe's own descriptions in the shared directory (never copied
/// into the repository): flow-service with `specs/flowspecs` (the flowSpec governs flow
/// parts), data-prep as published and with `specs/overlays/vendor`. Each file that is
/// present sets a `cfg` the vendor tests compile against; a missing one is the tests'
/// business (`flowgen_tests::shared_file` fails them in CI).
fn vendor(out_dir: &Path) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = match std::env::var_os("FLOWGEN_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => manifest.join("../../shared"),
    };
    println!("cargo:rerun-if-env-changed=FLOWGEN_SHARED_DIR");
    println!("cargo:rustc-check-cfg=cfg(vendor_flow_service)");
    println!("cargo:rustc-check-cfg=cfg(vendor_data_prep)");
    let api = shared.join("adobe-openapi");
    let specs = manifest.join("../specs");
    let overlays = specs.join("overlays/vendor");
    println!("cargo:rerun-if-changed={}", overlays.display());
    let flow_service = api.join("flow-service.yaml");
    println!("cargo:rerun-if-changed={}", flow_service.display());
    if flow_service.is_file() {
        let config = flowgen::Config::new()
            .flow_specs_in(specs.join("flowspecs"))
            .openapi_file(&flow_service)
            .names_relative_to(&shared);
        match config
            .generate()
            .and_then(|g| g.write_single_file(&out_dir.join("vendor_flow_service.rs")))
        {
            Ok(()) => println!("cargo:rustc-cfg=vendor_flow_service"),
            Err(e) => fail("the vendor flow-service.yaml", &e),
        }
    }
    let data_prep = api.join("data-prep.yaml");
    println!("cargo:rerun-if-changed={}", data_prep.display());
    if data_prep.is_file() {
        for (file, overlaid) in [
            ("vendor_data_prep.rs", false),
            ("vendor_data_prep_overlaid.rs", true),
        ] {
            let mut config = flowgen::Config::new()
                .openapi_file(&data_prep)
                .names_relative_to(&shared);
            if overlaid {
                config = config.overlays_in(&overlays);
            }
            if let Err(e) = config
                .generate()
                .and_then(|g| g.write_single_file(&out_dir.join(file)))
            {
                fail("the vendor data-prep.yaml", &e);
            }
        }
        println!("cargo:rustc-cfg=vendor_data_prep");
    }
}

fn fail(what: &str, e: &flowgen::Error) -> ! {
    println!("cargo:warning=flowgen failed on {what}");
    for line in e.to_string().lines() {
        println!("cargo:warning={line}");
    }
    std::process::exit(1);
}
