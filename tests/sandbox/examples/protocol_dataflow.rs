//! The seed tutorial, run through the generated client.
//!
//! ```text
//! cargo run -p flow-sandbox --example protocol_dataflow
//! ```
//!
//! With no flags it starts a local sandbox on a free port, signs in with OAuth
//! client credentials at the sandbox's IMS endpoint, looks up the Generic OData
//! connectionSpec, creates the base connection (its `auth` typed by
//! `aep_flows::connection_specs::generic_odata::Auth`), the source connection,
//! target connection, mapping set and dataflow, lists the runs, then moves the
//! sandbox clock 95 minutes forward and lists them again.
//!
//! With `--base-url https://platform.adobe.io` it talks to a real organization
//! instead. It reads `FLOWGEN_API_KEY`, `FLOWGEN_ORG_ID`, `FLOWGEN_SANDBOX`, and
//! either `FLOWGEN_ACCESS_TOKEN` or `FLOWGEN_CLIENT_SECRET` (optionally
//! `FLOWGEN_IMS_TOKEN_URL`), plus `FLOWGEN_DATASET_ID` and `FLOWGEN_XDM_SCHEMA_ID`
//! for the organization's own resources, and either `FLOWGEN_BASE_CONNECTION_ID`
//! (an existing base connection) or `FLOWGEN_ODATA_URL` (optionally
//! `FLOWGEN_ODATA_USERNAME` and `FLOWGEN_ODATA_PASSWORD`) to create one. Secrets
//! are never printed.

use aep_flows::client::{dataprep, flowservice, Api, ImsOAuth, StaticToken};
use flow_sandbox::gate::{DATA_PREP_PREFIX, FLOW_SERVICE_PREFIX};
use flow_sandbox::tutorial::{self, describe_run, BaseConnectionInputs, TutorialInputs};
use flow_sandbox::Sandbox;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

type Failure = Box<dyn std::error::Error + Send + Sync>;

fn env(name: &str) -> Result<String, Failure> {
    std::env::var(name).map_err(|_| format!("{name} is not set (needed with --base-url)").into())
}

fn now_secs() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
}

fn say(line: String) {
    println!("{line}");
}

async fn against_sandbox() -> Result<(), Failure> {
    let sandbox = Sandbox::start().await?;
    let c = sandbox.credentials.clone();
    println!(
        "sandbox at {} (org {}, sandbox {})",
        sandbox.base_url, c.org_id, c.sandbox_name
    );
    let api = Api::builder()
        .api_key(c.api_key.as_str())
        .org_id(c.org_id.as_str())
        .sandbox(c.sandbox_name.as_str())
        .auth(
            ImsOAuth::new(c.api_key.as_str(), c.client_secret.as_str())
                .token_url(sandbox.ims_token_url.as_str()),
        )
        .timeout(Duration::from_secs(30))
        .build()?;
    let fs = flowservice::Client::with_base_url(&api, sandbox.flow_service_url.as_str());
    let dp = dataprep::Client::with_base_url(&api, sandbox.data_prep_url.as_str());
    let inputs = TutorialInputs::seed(now_secs());
    let report = tutorial::run(&fs, &dp, &inputs, &mut say).await?;

    println!("(sandbox only) moving the sandbox clock 95 minutes forward");
    sandbox.clock.advance(Duration::from_secs(95 * 60));
    let runs = tutorial::runs_of(&fs, &report.flow_id).await?;
    println!("9. runs of the dataflow: {}", runs.len());
    for r in &runs {
        println!("     {}", describe_run(r));
    }
    sandbox.shutdown().await;
    Ok(())
}

async fn against_service(base_url: &str) -> Result<(), Failure> {
    let api_key = env("FLOWGEN_API_KEY")?;
    let builder = Api::builder()
        .api_key(api_key.as_str())
        .org_id(env("FLOWGEN_ORG_ID")?)
        .sandbox(env("FLOWGEN_SANDBOX")?);
    let builder = match std::env::var("FLOWGEN_ACCESS_TOKEN") {
        Ok(token) => builder.auth(StaticToken::new(token)),
        Err(_) => {
            let mut oauth = ImsOAuth::new(api_key.as_str(), env("FLOWGEN_CLIENT_SECRET")?);
            if let Ok(url) = std::env::var("FLOWGEN_IMS_TOKEN_URL") {
                oauth = oauth.token_url(url);
            }
            builder.auth(oauth)
        }
    };
    let api = builder.build()?;
    let base = base_url.trim_end_matches('/');
    let fs = flowservice::Client::with_base_url(&api, format!("{base}{FLOW_SERVICE_PREFIX}"));
    let dp = dataprep::Client::with_base_url(&api, format!("{base}{DATA_PREP_PREFIX}"));
    let mut inputs = TutorialInputs::seed(now_secs());
    match std::env::var("FLOWGEN_BASE_CONNECTION_ID") {
        Ok(id) => {
            inputs.base_connection = None;
            inputs.base_connection_id = id;
        }
        Err(_) => {
            inputs.base_connection = Some(BaseConnectionInputs {
                url: env("FLOWGEN_ODATA_URL")?,
                username: std::env::var("FLOWGEN_ODATA_USERNAME").ok(),
                password: std::env::var("FLOWGEN_ODATA_PASSWORD").ok().map(Into::into),
            });
        }
    }
    inputs.dataset_id = env("FLOWGEN_DATASET_ID")?;
    inputs.xdm_schema_id = env("FLOWGEN_XDM_SCHEMA_ID")?;
    tutorial::run(&fs, &dp, &inputs, &mut say).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => against_sandbox().await,
        [flag, url] if flag == "--base-url" => against_service(url).await,
        _ => {
            eprintln!("usage: protocol_dataflow [--base-url URL]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
