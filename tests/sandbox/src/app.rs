//! The state shared by every request handler.

use crate::auth::{Caller, Tokens};
use crate::catalog::{Catalog, ODATA_SPEC_ID};
use crate::clock::Clock;
use crate::config::{SandboxConfig, SEED_BASE_CONNECTION_ID};
use crate::counters::Counters;
use crate::faults::Faults;
use crate::runs::RunRecord;
use crate::store::{stamp_new, State};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Configuration, catalogue, controls and the store of one sandbox.
#[derive(Debug)]
pub struct App {
    /// What the sandbox was started with.
    pub config: SandboxConfig,
    /// The sandbox clock.
    pub clock: Clock,
    /// Requests received per route.
    pub counters: Counters,
    /// Faults to inject per route.
    pub faults: Faults,
    /// Tokens issued by the token endpoint.
    pub tokens: Tokens,
    /// Connection and flow specifications.
    pub catalog: Catalog,
    state: Mutex<State>,
}

/// The handle handlers receive.
pub type Shared = Arc<App>;

impl App {
    /// A sandbox with an empty store (plus the seed's base connection, if configured).
    pub fn new(config: SandboxConfig, clock: Clock, catalog: Catalog) -> App {
        let app = App {
            config,
            clock,
            counters: Counters::default(),
            faults: Faults::default(),
            tokens: Tokens::default(),
            catalog,
            state: Mutex::new(State::default()),
        };
        if app.config.seed_base_connection {
            app.seed_base_connection();
        }
        app
    }

    fn seed_base_connection(&self) {
        let creds = &self.config.credentials;
        let caller = Caller {
            client_id: creds.api_key.clone(),
            org_id: creds.org_id.clone(),
            sandbox: creds.sandbox_name.clone(),
        };
        let now = self.clock.now_ms();
        let mut state = self.lock();
        let etag = state.next_etag(now / 1000);
        let mut body = json!({
            "name": "Generic OData base connection",
            "description": "The base connection the protocol-source tutorial starts from",
            "auth": {
                "specName": "Basic Authentication for Generic OData",
                "params": { "url": "https://services.odata.org/V4/Northwind/Northwind.svc" }
            },
            "connectionSpec": { "id": ODATA_SPEC_ID, "version": "1.0" },
            "state": "enabled",
        });
        if let Some(obj) = body.as_object_mut() {
            stamp_new(obj, SEED_BASE_CONNECTION_ID, &etag, &caller, now);
            obj.insert("version".into(), json!(etag));
        }
        let seq = state.next_seq();
        state
            .connections
            .insert(seq, &caller.sandbox, SEED_BASE_CONNECTION_ID, body);
    }

    /// The store, locked.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The store, locked, after materialising every run due by now; and now (ms).
    pub fn synced(&self) -> (MutexGuard<'_, State>, i64) {
        let now_ms = self.clock.now_ms();
        let mut state = self.lock();
        sync_runs(&mut state, now_ms);
        (state, now_ms)
    }
}

/// Creates the scheduled runs that are due at `now_ms`.
pub fn sync_runs(state: &mut State, now_ms: i64) {
    let now_secs = now_ms.div_euclid(1000);
    let mut new_runs: Vec<RunRecord> = Vec::new();
    {
        let State {
            flow_runs,
            flows,
            outcomes,
            ..
        } = &mut *state;
        for (flow_id, fr) in flow_runs.iter_mut() {
            let due = fr.due(now_secs);
            if due.is_empty() {
                continue;
            }
            let Some(flow) = flows.get_any(flow_id) else {
                continue;
            };
            let outcome = outcomes.get(flow_id).copied().unwrap_or_default();
            for (k, t) in due {
                let id = RunRecord::scheduled_id(flow_id, k);
                let start_ms = t.saturating_mul(1000);
                new_runs.push(RunRecord::new(flow_id, &flow.item, id, start_ms, outcome));
            }
        }
    }
    new_runs.sort_by(|a, b| a.start_ms.cmp(&b.start_ms).then_with(|| a.id.cmp(&b.id)));
    for run in new_runs {
        let seq = state.next_seq();
        let sandbox = run.sandbox.clone();
        let id = run.id.clone();
        state.runs.insert(seq, &sandbox, &id, run);
    }
}

/// The `lastRunDetails` of each flow that has runs, by flow id.
pub fn last_runs(
    state: &State,
    sandbox: &str,
    now_ms: i64,
) -> std::collections::HashMap<String, Value> {
    let mut latest: std::collections::HashMap<&str, &RunRecord> = std::collections::HashMap::new();
    for (_, e) in state.runs.iter(sandbox) {
        let r = &e.item;
        let newer = !matches!(latest.get(r.flow_id.as_str()), Some(l) if r.start_ms < l.start_ms);
        if newer {
            latest.insert(&r.flow_id, r);
        }
    }
    latest
        .into_iter()
        .map(|(k, r)| (k.to_owned(), r.last_run_details(now_ms)))
        .collect()
}
