//! `flowgen pull`'s command line (`flowgen::pull::cli::run`, what the binary calls):
//! credentials from the environment, exit codes of `--check` and `--dry-run`, and no
//! secret in what it reports. One test in this file: it sets environment variables.

mod pull_support;

use flow_sandbox::seeded;
use flowgen::pull::cli::{run, PullArgs};
use flowgen::pull::{pull, Auth};
use pull_support::{tree, Served};

fn args(base_url: &str, specs: &std::path::Path) -> PullArgs {
    PullArgs {
        base_url: base_url.to_owned(),
        flow_specs: false,
        connection_specs: false,
        properties: Vec::new(),
        check: false,
        dry_run: false,
        specs: Some(specs.to_path_buf()),
        limit: 3,
    }
}

const VARS: [&str; 6] = [
    "FLOWGEN_API_KEY",
    "FLOWGEN_ORG_ID",
    "FLOWGEN_SANDBOX",
    "FLOWGEN_ACCESS_TOKEN",
    "FLOWGEN_CLIENT_SECRET",
    "FLOWGEN_IMS_TOKEN_URL",
];

#[test]
fn check_exits_1_on_differences_dry_run_0_and_nothing_is_written_until_a_pull() {
    let served = Served::start(seeded::catalog(2, 5, 7));
    let s = served.handle();
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    let base = s.base_url.clone();
    for v in VARS {
        std::env::remove_var(v);
    }
    assert_eq!(run(args(&base, &specs), specs.clone()), 2, "no credentials");

    let c = &s.credentials;
    std::env::set_var("FLOWGEN_API_KEY", &c.api_key);
    std::env::set_var("FLOWGEN_ORG_ID", &c.org_id);
    std::env::set_var("FLOWGEN_SANDBOX", &c.sandbox_name);
    std::env::set_var("FLOWGEN_CLIENT_SECRET", &c.client_secret);
    std::env::set_var("FLOWGEN_IMS_TOKEN_URL", &s.ims_token_url);
    let check = PullArgs {
        check: true,
        ..args(&base, &specs)
    };
    let dry_run = PullArgs {
        dry_run: true,
        ..args(&base, &specs)
    };
    assert_eq!(
        run(check.clone(), specs.clone()),
        1,
        "an empty specs/ differs"
    );
    assert_eq!(run(dry_run.clone(), specs.clone()), 0);
    assert!(tree(&specs).is_empty(), "check and dry-run write nothing");
    assert_eq!(run(args(&base, &specs), specs.clone()), 0);
    assert_eq!(tree(&specs).len(), 5 + 7 + 1);
    assert_eq!(run(check.clone(), specs.clone()), 0, "up to date");

    // Only the flowSpecs, filtered: the connectionSpecs stay, the other flowSpecs go.
    let first = seeded::catalog(2, 5, 7).flow_specs[0]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let filtered = PullArgs {
        flow_specs: true,
        properties: vec![format!("name==\"{first}\"")],
        ..args(&base, &specs)
    };
    assert_eq!(run(filtered, specs.clone()), 0);
    let files = tree(&specs);
    let flows = files.keys().filter(|p| p.starts_with("flowspecs")).count();
    let connections = files
        .keys()
        .filter(|p| p.starts_with("connectionspecs"))
        .count();
    assert_eq!((flows, connections), (1, 7));
    assert_eq!(run(check, specs.clone()), 1, "four flowSpecs to add back");

    // A refused secret: the error names what failed, never the secret or the key.
    std::env::set_var("FLOWGEN_CLIENT_SECRET", "not-the-secret-1234");
    assert_eq!(run(args(&base, &specs), specs.clone()), 2);
    let mut options = served.options(&specs, 3);
    options.credentials.auth = Auth::ClientSecret {
        secret: "not-the-secret-1234".into(),
        token_url: Some(s.ims_token_url.clone()),
    };
    let e = pull(&options)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(!e.is_empty() && !e.contains("not-the-secret-1234"), "{e}");
    assert!(!format!("{options:?}").contains("not-the-secret-1234"));
    for v in VARS {
        std::env::remove_var(v);
    }
    served.stop();
}
