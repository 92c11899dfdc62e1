//! The checked-in `generated/` crate forbids unsafe code and compiles with every warning
//! denied. (The batch of random schemas is compiled the same way: `src/lib.rs` carries
//! `#![deny(warnings)]` and `#![forbid(unsafe_code)]` over all of it.)

use std::path::Path;
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("tests/robustness has a workspace two levels up"))
}

#[test]
fn generated_crate_forbids_unsafe_code() {
    let lib = std::fs::read_to_string(workspace().join("generated/src/lib.rs"))
        .unwrap_or_else(|e| panic!("generated/src/lib.rs: {e}"));
    assert!(lib.contains("#![forbid(unsafe_code)]"), "{lib}");
}

#[test]
fn generated_crate_compiles_with_warnings_denied() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // A target directory of its own: other flags than the workspace build, and no wait
    // on the lock of the `cargo test` that runs this.
    let output = Command::new(cargo)
        .args([
            "check",
            "--offline",
            "--lib",
            "-p",
            "aep-flows",
            "--manifest-path",
        ])
        .arg(workspace().join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/robustness-deny"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap_or_else(|e| panic!("cargo runs: {e}"));
    assert!(
        output.status.success(),
        "generated/ does not compile with warnings denied:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
