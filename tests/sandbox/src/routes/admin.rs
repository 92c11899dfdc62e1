//! Admin routes under `/__sandbox`, for tests in other processes and for people
//! trying the sandbox with curl. They are neither counted nor faulted, and need
//! no headers (the sandbox listens on loopback only).
//!
//! - `GET /__sandbox/clock` → `{nowMs, frozen}`; `POST /__sandbox/clock` with any
//!   of `{"setMs": n}`, `{"setSecs": n}`, `{"advanceMs": n}`, `{"advanceSecs": n}`,
//!   `{"freeze": true}`, `{"resume": true}`.
//! - `GET /__sandbox/faults`; `POST /__sandbox/faults` with
//!   `{"method": "POST", "route": "/flows", "fault": {"kind": "status", "status": 503}, "times": 2}`
//!   (`times` absent: until cleared); `DELETE /__sandbox/faults` clears them all.
//! - `GET /__sandbox/counters` → `{"counts": {"POST /flows": 1, ...}, "total": n}`;
//!   `DELETE /__sandbox/counters` resets them.
//! - `POST /__sandbox/tokens` → a token, as the token endpoint would give.
//! - `PUT /__sandbox/flows/{flowId}/outcome` with `{"outcome": "failed"}` (or
//!   `"success"`): how that flow's next runs end.

use crate::app::Shared;
use crate::errors::ApiError;
use crate::faults::{Fault, FaultRule};
use crate::runs::Outcome;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

const CODE: &str = "SBX-1000";

fn body<T: for<'de> Deserialize<'de>>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request(CODE, format!("bad admin request: {e}")))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockChange {
    set_ms: Option<i64>,
    set_secs: Option<i64>,
    advance_ms: Option<i64>,
    advance_secs: Option<i64>,
    #[serde(default)]
    freeze: bool,
    #[serde(default)]
    resume: bool,
}

async fn clock_get(State(app): State<Shared>) -> Response {
    Json(json!({ "nowMs": app.clock.now_ms(), "frozen": app.clock.is_frozen() })).into_response()
}

async fn clock_change(
    State(app): State<Shared>,
    Json(v): Json<Value>,
) -> Result<Response, ApiError> {
    let c: ClockChange = body(v)?;
    let clock = &app.clock;
    if c.freeze {
        clock.freeze();
    }
    if let Some(ms) = c.set_ms {
        clock.set_ms(ms);
    }
    if let Some(s) = c.set_secs {
        clock.set_secs(s);
    }
    if let Some(ms) = c.advance_ms {
        clock.advance_ms(ms);
    }
    if let Some(s) = c.advance_secs {
        clock.advance_ms(s.saturating_mul(1000));
    }
    if c.resume {
        clock.resume();
    }
    Ok(clock_get(State(app)).await)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    method: String,
    route: String,
    fault: Fault,
    times: Option<u32>,
}

async fn faults_get(State(app): State<Shared>) -> Response {
    Json(json!(app.faults.snapshot())).into_response()
}

async fn faults_add(State(app): State<Shared>, Json(v): Json<Value>) -> Result<Response, ApiError> {
    let r: FaultRequest = body(v)?;
    app.faults.push(
        &r.method,
        &r.route,
        FaultRule {
            fault: r.fault,
            remaining: r.times,
        },
    );
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn faults_clear(State(app): State<Shared>) -> Response {
    app.faults.clear_all();
    StatusCode::NO_CONTENT.into_response()
}

async fn counters_get(State(app): State<Shared>) -> Response {
    Json(json!({ "counts": app.counters.snapshot(), "total": app.counters.total() }))
        .into_response()
}

async fn counters_reset(State(app): State<Shared>) -> Response {
    app.counters.reset();
    StatusCode::NO_CONTENT.into_response()
}

async fn mint_token(State(app): State<Shared>) -> Response {
    let lifetime = app.config.token_lifetime_secs;
    let token = app
        .tokens
        .issue(&app.config.credentials.api_key, lifetime, &app.clock);
    Json(json!({ "access_token": token, "token_type": "bearer", "expires_in": lifetime }))
        .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeRequest {
    outcome: Outcome,
}

async fn set_outcome(
    State(app): State<Shared>,
    Path(flow_id): Path<String>,
    Json(v): Json<Value>,
) -> Result<Response, ApiError> {
    let r: OutcomeRequest = body(v)?;
    app.lock().outcomes.insert(flow_id, r.outcome);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The admin routes (mounted under `/__sandbox`).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/clock", get(clock_get).post(clock_change))
        .route(
            "/faults",
            get(faults_get).post(faults_add).delete(faults_clear),
        )
        .route("/counters", get(counters_get).delete(counters_reset))
        .route("/tokens", post(mint_token))
        .route("/flows/{flowId}/outcome", put(set_outcome))
}
