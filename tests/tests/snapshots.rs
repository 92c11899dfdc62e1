//! Snapshots of the generated code: one small fixture per feature (`tests/fixtures`, also
//! compiled by `build.rs`) and every flowSpec in `specs/`. Review changes with
//! `cargo insta review`.

use flowgen::{Config, CrateSettings, ModuleKind};
use flowgen_tests::workspace;
use std::path::PathBuf;

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(workspace().join("tests/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

fn fixtures() -> Vec<PathBuf> {
    let dir = workspace().join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.sort();
    files
}

#[test]
fn every_feature_fixture() {
    let files = fixtures();
    assert!(files.len() >= 12, "fixtures missing: {files:?}");
    for f in files {
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let generated = Config::new()
            .names_relative_to(workspace().join("tests"))
            .schema_file(&stem, "Root", &f)
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = flowgen::module_file(&generated.modules[0]).unwrap_or_else(|e| panic!("{e}"));
        settings().bind(|| insta::assert_snapshot!(format!("fixture_{stem}"), text));
    }
}

#[test]
fn every_flow_spec_in_specs() {
    let specs = workspace().join("specs");
    let generated = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .names_relative_to(&specs)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let crate_settings = CrateSettings::for_dir("aep-flows", &workspace().join("generated"))
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generated
        .crate_files(&crate_settings)
        .unwrap_or_else(|e| panic!("{e}"));
    let modules: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.starts_with("src/flow_specs") && !p.ends_with("mod.rs"))
        .collect();
    assert_eq!(modules.len(), of_kind(&generated, ModuleKind::FlowSpec));
    for (path, text) in modules {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        settings().bind(|| insta::assert_snapshot!(format!("flow_spec_{stem}"), text));
    }
    shared_snapshots("flow_spec", &generated, &files);
}

fn of_kind(generated: &flowgen::Generated, kind: ModuleKind) -> usize {
    generated.modules.iter().filter(|m| m.kind == kind).count()
}

/// The shared type modules (and their `mod.rs`) of a crate, as `{prefix}_shared_{stem}`.
fn shared_snapshots(prefix: &str, generated: &flowgen::Generated, files: &[(PathBuf, String)]) {
    let shared: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.starts_with("src/shared"))
        .collect();
    assert_eq!(
        shared.len(),
        of_kind(generated, ModuleKind::Shared) + 1,
        "modules and mod.rs"
    );
    for (path, text) in shared {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        settings().bind(|| insta::assert_snapshot!(format!("{prefix}_shared_{stem}"), text));
    }
}

/// Every connectionSpec in `specs/connectionspecs`, and the registry over them.
#[test]
fn every_connection_spec_in_specs() {
    let specs = workspace().join("specs");
    let generated = Config::new()
        .connection_specs_in(specs.join("connectionspecs"))
        .names_relative_to(&specs)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let crate_settings = CrateSettings::for_dir("aep-flows", &workspace().join("generated"))
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generated
        .crate_files(&crate_settings)
        .unwrap_or_else(|e| panic!("{e}"));
    let modules: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.starts_with("src/connection_specs"))
        .collect();
    assert_eq!(
        modules.len(),
        of_kind(&generated, ModuleKind::ConnectionSpec) + 1,
        "modules and mod.rs"
    );
    for (path, text) in modules {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        settings().bind(|| insta::assert_snapshot!(format!("connection_spec_{stem}"), text));
    }
    shared_snapshots("connection_spec", &generated, &files);
    // The oddities are read with warnings that name the file and pointer, not errors.
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    for expected in [
        "connectionspecs/rest-sdk.json#/authSpec/0/spec/required/2",
        "connectionspecs/cloud-storage.json#/items/0/authSpec/0/spec/$schema",
        "connectionspecs/rest-sdk.json#/sourceSpec/spec/conditional",
        "connectionspecs/streaming.json#/sourceSpec",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(expected)),
            "no warning at {expected}: {warnings:#?}"
        );
    }
}

#[test]
fn output_is_deterministic() {
    let specs = workspace().join("specs");
    let run = || {
        Config::new()
            .flow_specs_in(specs.join("flowspecs"))
            .connection_specs_in(specs.join("connectionspecs"))
            .openapi_in(specs.join("openapi"))
            .names_relative_to(&specs)
            .generate()
            .and_then(|g| g.single_file())
    };
    let first = run().unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..3 {
        assert_eq!(run().ok().as_deref(), Some(first.as_str()));
    }
}

/// The checked-in `generated/` crate is exactly what `cargo run -p flowgen` would write.
#[test]
fn generated_crate_is_up_to_date() {
    let specs = workspace().join("specs");
    let out = workspace().join("generated");
    let generated = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .connection_specs_in(specs.join("connectionspecs"))
        .openapi_in(specs.join("openapi"))
        .names_relative_to(&specs)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generated
        .crate_files(&CrateSettings::for_dir("aep-flows", &out).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let report = flowgen::check::compare(&out, &files);
    assert!(report.is_up_to_date(), "{report}");
}

/// The generated client of every endpoint description in `specs/openapi` (with the
/// flowSpecs, which type flow bodies), and of the vendor-quirk fixtures.
#[test]
fn every_client() {
    let specs = workspace().join("specs");
    let generated = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .openapi_in(specs.join("openapi"))
        .names_relative_to(&specs)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let crate_settings = CrateSettings::for_dir("aep-flows", &workspace().join("generated"))
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generated
        .crate_files(&crate_settings)
        .unwrap_or_else(|e| panic!("{e}"));
    let clients: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.starts_with("src/client"))
        .collect();
    // `mod.rs`, and five files in each service's folder.
    assert_eq!(clients.len(), 11, "{clients:?}");
    for (path, text) in clients {
        // `src/client/flowservice/types.rs` is `client_flowservice_types`.
        let name: Vec<String> = path
            .strip_prefix("src")
            .unwrap_or(path)
            .with_extension("")
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        let name = name.join("_");
        settings().bind(|| insta::assert_snapshot!(name, text));
    }
    let tests = workspace().join("tests");
    for name in [
        "vendor-quirks-30",
        "vendor-quirks-31",
        "reserved-names",
        "vendor-defects",
        "swagger-2",
    ] {
        let generated = Config::new()
            .names_relative_to(&tests)
            .openapi_file(tests.join(format!("fixtures/openapi/{name}.yaml")))
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = flowgen::module_file(&generated.modules[0]).unwrap_or_else(|e| panic!("{e}"));
        let stem = name.replace('-', "_");
        settings().bind(|| insta::assert_snapshot!(format!("client_fixture_{stem}"), text));
    }
}
