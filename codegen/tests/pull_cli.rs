//! The `flowgen pull` subcommand of the binary: without credentials it exits 2, naming
//! the variables it needs (their values are never printed), and writes nothing. Its
//! behaviour against a service is tested in `tests/tests/pull_*.rs`.

use std::process::Command;

#[test]
fn pull_without_credentials_exits_2_naming_the_variables_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flowgen"));
    cmd.args([
        "pull",
        "--check",
        "--base-url",
        "http://127.0.0.1:9",
        "--specs",
    ])
    .arg(&specs);
    for v in [
        "FLOWGEN_API_KEY",
        "FLOWGEN_ORG_ID",
        "FLOWGEN_ACCESS_TOKEN",
        "FLOWGEN_CLIENT_SECRET",
    ] {
        cmd.env_remove(v);
    }
    let out = cmd
        .env("FLOWGEN_SANDBOX", "prod-sandbox-value")
        .output()
        .expect("flowgen runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "FLOWGEN_API_KEY, FLOWGEN_ORG_ID, FLOWGEN_ACCESS_TOKEN or FLOWGEN_CLIENT_SECRET"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("prod-sandbox-value"), "{stderr}");
    assert!(!specs.exists());

    let help = Command::new(env!("CARGO_BIN_EXE_flowgen"))
        .args(["pull", "--help"])
        .output()
        .expect("flowgen runs");
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--base-url",
        "--flow-specs",
        "--connection-specs",
        "--property",
        "--check",
        "--dry-run",
    ] {
        assert!(text.contains(flag), "{flag} in:\n{text}");
    }
}
