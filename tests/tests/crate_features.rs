//! The generated crate's cargo features (issue 16 item 3): a crate generated from a
//! seeded catalog and the workspace's endpoint descriptions checks with no feature and
//! with one flowSpec's feature alone, warning-free, and its manifest and registries gate
//! every spec and client module on its own feature.

use flow_sandbox::seeded;
use flowgen::check::write_tree;
use flowgen::{Config, RuntimeSource};
use flowgen_tests::workspace;
use std::path::Path;
use std::process::Command;

/// Generates the crate `features-flows` from `specs` and the workspace's endpoint
/// descriptions into `out`; its files as (path, text).
fn generate(specs: &Path, out: &Path) -> Vec<(std::path::PathBuf, String)> {
    let generated = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .connection_specs_in(specs.join("connectionspecs"))
        .openapi_file(workspace().join("specs/openapi/flowservice.yaml"))
        .names_relative_to(specs)
        .runtime(RuntimeSource::Path(workspace().join("codegen/runtime")))
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let settings = generated
        .crate_settings("features-flows", out)
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generated
        .crate_files(&settings)
        .unwrap_or_else(|e| panic!("{e}"));
    write_tree(out, &files).unwrap_or_else(|e| panic!("{e}"));
    files
}

fn text<'a>(files: &'a [(std::path::PathBuf, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == Path::new(path))
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

/// `cargo check` of the crate at `out` with `--no-default-features` and `features`,
/// warnings denied.
fn check(out: &Path, features: &str) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["check", "--offline", "--quiet", "--no-default-features"])
        .arg("--manifest-path")
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", workspace().join("target/features-e2e"))
        .env("RUSTFLAGS", "-D warnings");
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let run = command.output().expect("cargo runs");
    assert!(
        run.status.success(),
        "the generated crate does not check with features [{features}]:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn the_generated_crate_checks_with_one_feature_and_with_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    let out = dir.path().join("out");
    seeded::catalog(7, 3, 3)
        .write_to(&specs)
        .expect("catalog written");
    let files = generate(&specs, &out);

    // Every module has its feature, all on by default; a client turns on the runtime's.
    let manifest = text(&files, "Cargo.toml");
    let flow_mods = text(&files, "src/flow_specs/mod.rs");
    let first = flow_mods
        .lines()
        .find_map(|l| l.strip_prefix("pub mod "))
        .and_then(|l| l.strip_suffix(';'))
        .expect("a flowSpec module");
    let feature = first.replace('_', "-");
    assert!(manifest.contains("\n[features]\ndefault = ["), "{manifest}");
    assert!(
        manifest.contains(&format!("\n{feature} = []\n")),
        "{manifest}"
    );
    assert!(manifest.contains("\nflowservice = [\"flowgen-runtime/client\"]\n"));
    // The registry lists a spec only with its feature.
    assert!(flow_mods.contains(&format!(
        "#[cfg(feature = \"{feature}\")]\n    &{first}::ENTRY,"
    )));
    let conn_mods = text(&files, "src/connection_specs/mod.rs");
    assert_eq!(
        conn_mods.matches("#[cfg(feature = ").count(),
        2 * 3,
        "{conn_mods}"
    );
    // The client's flow marker of each flowSpec is gated on that flowSpec.
    let client = text(&files, "src/client/flowservice/types.rs");
    assert!(client.contains(&format!(
        "#[cfg(feature = \"{feature}\")]\nimpl rt::http::FlowSpecTypes for"
    )));

    // A shared type module compiles when any spec that names it does: the first
    // flowSpec's modules are gated on (at least) its feature, and every shared module on
    // the features of its users.
    let spec = text(&files, &format!("src/flow_specs/{first}.rs"));
    let shared_mods = text(&files, "src/shared/mod.rs");
    let used: Vec<&str> = spec
        .split("shared::")
        .skip(1)
        .filter_map(|t| t.split("::").next())
        .collect();
    assert!(!used.is_empty(), "{spec}");
    for module in used {
        let at = shared_mods
            .find(&format!("pub mod {module};"))
            .unwrap_or_else(|| panic!("no shared module {module}"));
        let cfg = shared_mods[..at]
            .rsplit("#[cfg(")
            .next()
            .unwrap_or_default();
        assert!(
            cfg.contains(&format!("feature = \"{feature}\"")),
            "{module} is not compiled with {feature}: {cfg}"
        );
    }
    assert_eq!(
        shared_mods.matches("pub mod ").count(),
        shared_mods.matches("#[cfg(").count(),
        "every shared module is gated: {shared_mods}"
    );

    // The workspace's lock file pins the same versions, so the check reuses its downloads.
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");
    check(&out, "");
    check(&out, &feature);
}
