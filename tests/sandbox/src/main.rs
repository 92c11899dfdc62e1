//! `flow-sandbox`: runs the sandbox until Ctrl-C.
//!
//! ```text
//! cargo run -p flow-sandbox -- [--port N] [--specs DIR] [--frozen-at EPOCH_SECS]
//!                               [--serve-specs DIR | --seeded SEED,FLOWS,CONNECTIONS]
//! ```
//!
//! `--serve-specs DIR` serves the specs of `DIR/flowspecs` and `DIR/connectionspecs` as
//! they are (registered or not); `--seeded` a seeded catalog of that many flowSpecs and
//! connectionSpecs (`flow_sandbox::seeded`).
//!
//! The first line printed is the base URL; the lines after it give the service
//! roots, the credentials the sandbox accepts and a ready bearer token.

use flow_sandbox::catalog::Catalog;
use flow_sandbox::{seeded, Sandbox, SandboxBuilder};
use std::process::ExitCode;

const USAGE: &str = "usage: flow-sandbox [--port N] [--specs DIR] [--frozen-at EPOCH_SECS] \
                     [--serve-specs DIR | --seeded SEED,FLOWS,CONNECTIONS]";

/// `SEED,FLOWS,CONNECTIONS` as a seeded catalog.
fn seeded_catalog(v: &str) -> Result<Catalog, String> {
    let n: Vec<u64> = v
        .split(',')
        .map(|p| p.trim().parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("--seeded: {v:?} is not SEED,FLOWS,CONNECTIONS"))?;
    match n.as_slice() {
        [seed, flows, connections] if *flows <= 100_000 && *connections <= 100_000 => Ok(
            seeded::catalog(*seed, *flows as usize, *connections as usize),
        ),
        _ => Err(format!(
            "--seeded: {v:?} is not SEED,FLOWS,CONNECTIONS (each count at most 100000)"
        )),
    }
}

fn parse_args(args: &[String]) -> Result<SandboxBuilder, String> {
    let mut builder = Sandbox::builder();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        builder = match arg.as_str() {
            "--port" => {
                let v = value("--port")?;
                let port = v
                    .parse::<u16>()
                    .map_err(|_| format!("--port: {v:?} is not a port number"))?;
                builder.port(port)
            }
            "--specs" => builder.flow_specs_dir(value("--specs")?),
            "--serve-specs" => {
                let dir = value("--serve-specs")?;
                let catalog = Catalog::from_specs_dir(std::path::Path::new(&dir))
                    .map_err(|e| format!("--serve-specs: {e}"))?;
                builder.catalog(catalog)
            }
            "--seeded" => builder.catalog(seeded_catalog(&value("--seeded")?)?),
            "--frozen-at" => {
                let v = value("--frozen-at")?;
                let secs = v
                    .parse::<i64>()
                    .map_err(|_| format!("--frozen-at: {v:?} is not epoch seconds"))?;
                builder.frozen_at_secs(secs)
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        };
    }
    Ok(builder)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let builder = match parse_args(&args) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match builder.start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let c = &sandbox.credentials;
    println!("{}", sandbox.base_url);
    println!("  Flow Service      {}", sandbox.flow_service_url);
    println!("  Data Prep         {}", sandbox.data_prep_url);
    println!("  IMS token (POST)  {}", sandbox.ims_token_url);
    println!("  x-api-key / client_id  {}", c.api_key);
    println!("  client_secret          {}", c.client_secret);
    println!("  x-gw-ims-org-id        {}", c.org_id);
    println!("  x-sandbox-name         {}", c.sandbox_name);
    println!("  Authorization          Bearer {}", sandbox.issue_token());
    println!(
        "  admin             {}/__sandbox/{{clock,faults,counters,tokens}}",
        sandbox.base_url
    );
    println!("Press Ctrl-C to stop.");
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {e}");
    }
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
