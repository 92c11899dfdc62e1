//! What the client tests share: a loopback mock server, a client configured for it, a
//! virtual clock that records retry delays instead of waiting, and captured logs.

#![allow(dead_code)]

use aep_flows::client::{dataprep, flowservice, Api, RetryPolicy, StaticToken};
use flowgen_runtime::http::{BoxFuture, Clock};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::MockServer;

/// The access token the tests use (must never be logged).
pub const TOKEN: &str = "tok-3e1b0c9d-do-not-log";
/// The API key the tests use (must never be logged).
pub const API_KEY: &str = "key-77a1f0-do-not-log";
/// The organization.
pub const ORG: &str = "5C1328435BF324E90A49402A@AdobeOrg";
/// The sandbox.
pub const SANDBOX: &str = "prod";
/// Where the Flow Service lives on the mock server.
pub const FLOW_PATH: &str = "/data/foundation/flowservice";
/// Where Data Prep lives on the mock server.
pub const PREP_PATH: &str = "/data/foundation/conversion";

/// A clock whose `sleep` returns at once, advancing virtual time and recording the delay.
#[derive(Debug)]
pub struct VirtualClock {
    start: Instant,
    offset: Mutex<Duration>,
    sleeps: Mutex<Vec<Duration>>,
}

impl VirtualClock {
    /// A clock at an arbitrary start.
    pub fn new() -> Arc<Self> {
        Arc::new(VirtualClock {
            start: Instant::now(),
            offset: Mutex::new(Duration::ZERO),
            sleeps: Mutex::new(Vec::new()),
        })
    }

    /// The delays slept so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Moves time forward without a sleep.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut o) = self.offset.lock() {
            *o += by;
        }
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Instant {
        self.start + self.offset.lock().map(|o| *o).unwrap_or_default()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        if let Ok(mut s) = self.sleeps.lock() {
            s.push(duration);
        }
        self.advance(duration);
        Box::pin(async {})
    }
}

/// The configuration the tests use: a static token, the virtual clock, `retry`.
pub fn api(clock: &Arc<VirtualClock>, retry: RetryPolicy) -> Api {
    Api::builder()
        .api_key(API_KEY)
        .org_id(ORG)
        .sandbox(SANDBOX)
        .auth(StaticToken::new(TOKEN))
        .retry(retry)
        .clock(clock.clone())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A Flow Service client of `server`.
pub fn flows(api: &Api, server: &MockServer) -> flowservice::Client {
    flowservice::Client::with_base_url(api, format!("{}{FLOW_PATH}", server.uri()))
}

/// A Data Prep client of `server`.
pub fn prep(api: &Api, server: &MockServer) -> dataprep::Client {
    dataprep::Client::with_base_url(api, format!("{}{PREP_PATH}", server.uri()))
}

/// The requests `server` received.
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

/// A header of a received request, as text.
pub fn header(r: &wiremock::Request, name: &str) -> Option<String> {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Asserts the four Adobe headers the client adds to every call.
pub fn assert_common_headers(r: &wiremock::Request) {
    assert_eq!(
        header(r, "authorization").as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(r, "x-api-key").as_deref(), Some(API_KEY));
    assert_eq!(header(r, "x-gw-ims-org-id").as_deref(), Some(ORG));
    assert_eq!(header(r, "x-sandbox-name").as_deref(), Some(SANDBOX));
}

/// A log sink for `tracing_subscriber`.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A subscriber logging everything (all levels, all crates) into `sink`.
pub fn subscriber(sink: &Captured) -> impl tracing::Subscriber + Send + Sync {
    let sink = sink.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish()
}

/// A dataflow as the Flow Service answers it: a CRMToAEP flow with id `id`.
pub fn flow_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "etag": format!("\"etag-{id}\""),
        "name": format!("flow {id}"),
        "flowSpec": {"id": "14518937-270c-4525-bdec-c2ba7cce3860", "version": "1.0"},
        "sourceConnectionIds": ["s"],
        "targetConnectionIds": ["t"],
        "transformations": [
            {"name": "Copy", "params": {"deltaColumn": {"name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}}},
            {"name": "Mapping", "params": {"mappingId": "m", "mappingVersion": "0"}}
        ],
        "scheduleParams": {"startTime": 1567411548, "frequency": "minute", "interval": 30},
        "state": "enabled"
    })
}
