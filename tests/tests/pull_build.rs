//! End to end: `flowgen pull` from the sandbox serving a seeded catalog, `flowgen
//! generate` on the pulled `specs/`, `cargo check` of the generated crate. A spec the
//! generator cannot read is still pulled, and `generate` names its file.

mod pull_support;

use flow_sandbox::seeded;
use flowgen::check::write_tree;
use flowgen::pull::pull;
use flowgen::{Config, Error, RuntimeSource, Severity};
use flowgen_tests::workspace;
use pull_support::Served;
use serde_json::json;
use std::path::Path;
use std::process::Command;

/// `flowgen generate --specs <specs> --out <out>` with the workspace's runtime; the
/// number of spec modules (shared type modules aside).
fn generate(specs: &Path, out: &Path) -> Result<usize, Error> {
    let generated = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .connection_specs_in(specs.join("connectionspecs"))
        .names_relative_to(specs)
        .runtime(RuntimeSource::Path(workspace().join("codegen/runtime")))
        .generate()?;
    let settings = generated.crate_settings("pulled-flows", out)?;
    let files = generated.crate_files(&settings)?;
    write_tree(out, &files)?;
    Ok(generated
        .modules
        .iter()
        .filter(|m| m.kind != flowgen::ModuleKind::Shared)
        .count())
}

#[test]
fn pulled_specs_generate_a_crate_that_checks() {
    let mut catalog = seeded::catalog(42, 4, 6);
    catalog.flow_specs.push(json!({
        "id": "broken-flow-spec",
        "name": "BrokenToAEP",
        "scheduleSpec": {"spec": {"type": "object", "properties": {"at": {"$ref": "#/nowhere"}}}}
    }));
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    let out = dir.path().join("out");

    // The unreadable spec is mirrored all the same, and generate names its file.
    let served = Served::start(catalog.clone());
    pull(&served.options(&specs, 3)).unwrap_or_else(|e| panic!("{e}"));
    served.stop();
    assert!(specs.join("flowspecs/broken-to-aep.json").is_file());
    match generate(&specs, &out) {
        Err(Error::Input(diagnostics)) => {
            let errors: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.location.file.display().to_string())
                .collect();
            assert!(
                !errors.is_empty() && errors.iter().all(|f| f == "flowspecs/broken-to-aep.json"),
                "{errors:?}"
            );
        }
        other => panic!(
            "generate should refuse the broken spec: {:?}",
            other.map(|_| ())
        ),
    }

    // The service fixes it (drops it); pull again, generate, check the crate.
    catalog.flow_specs.pop();
    let served = Served::start(catalog);
    let report = pull(&served.options(&specs, 3)).unwrap_or_else(|e| panic!("{e}"));
    served.stop();
    assert_eq!(report.changes.len(), 1, "{report}");
    assert!(!specs.join("flowspecs/broken-to-aep.json").exists());
    let modules = generate(&specs, &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(modules, 4 + 6);

    // The workspace's lock file pins the same versions, so the check reuses its downloads.
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", workspace().join("target/pull-e2e"))
        .output()
        .expect("cargo runs");
    assert!(
        check.status.success(),
        "the generated crate does not check:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
