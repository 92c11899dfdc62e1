//! `flow-sandbox`: a local, in-memory stand-in for Adobe Experience Platform's
//! Flow Service and Data Prep (mapping sets) APIs, plus a test IMS token endpoint.
//!
//! It serves the paths, envelopes (`items`, `_links.next.href`, `count`), ids
//! (UUIDs; 32-hex ids for mapping sets) and quoted etags that the endpoint
//! descriptions in `specs/openapi/` document, and it checks dataflows with the
//! validators `flowgen` generated into `aep-flows` from `specs/flowspecs/`.
//! Tests drive it through a [`SandboxHandle`]: a controllable [`Clock`] (runs
//! appear as it moves), per-route [`Faults`] and per-route request [`Counters`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = flow_sandbox::Sandbox::builder().frozen_at_secs(1_700_000_000).start().await?;
//! println!("{}", sandbox.flow_service_url);
//! sandbox.faults.inject_times("POST", "/flows", flow_sandbox::Fault::status(503), 1);
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod app;
pub mod auth;
pub mod catalog;
pub mod clock;
pub mod config;
pub mod connection_check;
pub mod counters;
pub mod errors;
pub mod faults;
pub mod filters;
pub mod flow_check;
pub mod gate;
pub mod paging;
pub mod patch;
pub mod routes;
pub mod runs;
pub mod schedule;
pub mod seeded;
pub mod server;
pub mod store;
pub mod tutorial;
pub mod validate;

pub use clock::Clock;
pub use config::{Credentials, SandboxConfig, SEED_BASE_CONNECTION_ID};
pub use counters::Counters;
pub use faults::{Fault, FaultRule, Faults};
pub use runs::Outcome;

use app::{App, Shared};
use catalog::{Catalog, CatalogError};
use gate::{DATA_PREP_PREFIX, FLOW_SERVICE_PREFIX, IMS_TOKEN_PATH};
use server::Server;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Why a sandbox could not start.
#[derive(Debug)]
pub enum StartError {
    /// The flowSpecs could not be loaded (or are not in the generated registry).
    Catalog(CatalogError),
    /// 127.0.0.1 could not be bound.
    Bind(std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Catalog(e) => write!(f, "cannot load the flowSpecs: {e}"),
            StartError::Bind(e) => write!(f, "cannot listen on 127.0.0.1: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Entry point: [`Sandbox::start`] or [`Sandbox::builder`].
#[derive(Debug)]
pub struct Sandbox;

impl Sandbox {
    /// Starts a sandbox with the default configuration on a free port.
    pub async fn start() -> Result<SandboxHandle, StartError> {
        Sandbox::builder().start().await
    }

    /// A builder for a sandbox with a custom configuration or clock.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }
}

/// Configures a sandbox before it starts.
#[derive(Debug, Default)]
pub struct SandboxBuilder {
    config: SandboxConfig,
    clock: Option<Clock>,
    catalog: Option<Catalog>,
}

impl SandboxBuilder {
    /// Replaces the whole configuration.
    pub fn config(mut self, config: SandboxConfig) -> Self {
        self.config = config;
        self
    }

    /// The port to bind on 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
        self
    }

    /// The folder of flowSpec files (default: the repository's `specs/flowspecs`).
    pub fn flow_specs_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.config.flow_specs_dir = dir.into();
        self
    }

    /// Serves `catalog` for `GET /flowSpecs` and `GET /connectionSpecs` (and by id)
    /// instead of the spec folders: a [`seeded::catalog`], or the specs a folder holds
    /// ([`Catalog::from_specs_dir`]). Its specs need not be in the generated registry.
    pub fn catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// Uses `clock` (shared with the caller).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Starts with a clock frozen at `epoch_secs`.
    pub fn frozen_at_secs(self, epoch_secs: i64) -> Self {
        self.clock(Clock::frozen_at_ms(epoch_secs.saturating_mul(1000)))
    }

    /// Also accepts `token` as a bearer token (it never expires).
    pub fn static_token(mut self, token: impl Into<String>) -> Self {
        self.config.static_tokens.push(token.into());
        self
    }

    /// Also accepts `name` in `x-sandbox-name`.
    pub fn extra_sandbox(mut self, name: impl Into<String>) -> Self {
        self.config.extra_sandboxes.push(name.into());
        self
    }

    /// Loads the flowSpecs, binds and starts serving.
    pub async fn start(self) -> Result<SandboxHandle, StartError> {
        let catalog = match self.catalog {
            Some(c) => c,
            None => Catalog::load_all(
                &self.config.flow_specs_dir,
                &self.config.connection_specs_dir,
                &self.config.extra_connection_specs,
            )
            .map_err(StartError::Catalog)?,
        };
        let clock = self.clock.unwrap_or_default();
        let port = self.config.port;
        let app: Shared = Arc::new(App::new(self.config, clock, catalog));
        let server = Server::spawn(routes::router(app.clone()), port)
            .await
            .map_err(StartError::Bind)?;
        let base_url = format!("http://{}", server.addr);
        Ok(SandboxHandle {
            flow_service_url: format!("{base_url}{FLOW_SERVICE_PREFIX}"),
            data_prep_url: format!("{base_url}{DATA_PREP_PREFIX}"),
            ims_token_url: format!("{base_url}{IMS_TOKEN_PATH}"),
            base_url,
            credentials: app.config.credentials.clone(),
            faults: app.faults.clone(),
            clock: app.clock.clone(),
            counters: app.counters.clone(),
            app,
            server,
        })
    }
}

/// A running sandbox. Dropping it asks the server to stop; [`SandboxHandle::shutdown`]
/// also waits (for a bounded time) until it has.
pub struct SandboxHandle {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// The Flow Service root, `<base_url>/data/foundation/flowservice`.
    pub flow_service_url: String,
    /// The Data Prep root, `<base_url>/data/foundation/conversion`.
    pub data_prep_url: String,
    /// The IMS token endpoint, `<base_url>/ims/token/v3`.
    pub ims_token_url: String,
    /// The credentials the sandbox accepts.
    pub credentials: Credentials,
    /// Per-route fault injection.
    pub faults: Faults,
    /// The sandbox clock.
    pub clock: Clock,
    /// Requests received per route.
    pub counters: Counters,
    app: Shared,
    server: Server,
}

impl fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl SandboxHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr
    }

    /// Issues a bearer token, as the token endpoint would.
    pub fn issue_token(&self) -> String {
        let lifetime = self.app.config.token_lifetime_secs;
        self.app
            .tokens
            .issue(&self.credentials.api_key, lifetime, &self.clock)
    }

    /// How many tokens were issued (by the token endpoint or [`Self::issue_token`]).
    pub fn tokens_issued(&self) -> usize {
        self.app.tokens.issued_count()
    }

    /// Makes the next runs of `flow_id` end with `outcome`.
    pub fn set_run_outcome(&self, flow_id: &str, outcome: Outcome) {
        self.app.lock().outcomes.insert(flow_id.to_owned(), outcome);
    }

    /// Stops the server: no new connections, open requests get
    /// [`server::SHUTDOWN_GRACE`], then everything is closed.
    pub async fn shutdown(mut self) {
        self.server.shutdown().await;
    }
}
