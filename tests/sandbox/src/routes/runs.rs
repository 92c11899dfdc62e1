//! `/runs`: scheduled runs (materialised from the clock) and on-demand runs.

use super::common::{created, one_item, refuse_invalid};
use crate::app::Shared;
use crate::auth::Caller;
use crate::errors::ApiError;
use crate::flow_check;
use crate::paging::ListQuery;
use crate::runs::RunRecord;
use crate::store::new_id;
use crate::validate::{parse_json, Check};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::Value;

const CODE: &str = "FLOW-1104";

async fn list(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let q = ListQuery::parse(q.as_deref())?;
    let (state, now) = app.synced();
    let items = state
        .runs
        .iter(&caller.sandbox)
        .map(|(_, e)| (e.seq, e.item.render(now)))
        .collect();
    Ok(Json(q.respond("/runs", items)).into_response())
}

async fn get_one(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (state, now) = app.synced();
    let e = state.runs.get(&caller.sandbox, &id).ok_or_else(|| {
        ApiError::not_found("FLOW-1202", format!("No flow run exists with id {id}."))
    })?;
    Ok(one_item(e.item.render(now)))
}

async fn create(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = parse_json(&body, CODE)?;
    let mut check = Check::new(&body);
    let flow_id = check.string("/flowId").map(str::to_owned);
    check.object("/params");
    refuse_invalid(std::mem::take(&mut check.violations), CODE, "run request")?;
    let flow_id = flow_id.unwrap_or_default();
    let (mut state, now) = app.synced();
    let flow = state
        .flows
        .get(&caller.sandbox, &flow_id)
        .map(|e| e.item.clone())
        .ok_or_else(|| {
            ApiError::not_found("FLOW-1202", format!("No flow exists with id {flow_id}."))
        })?;
    let params = body.get("params").cloned().unwrap_or(Value::Null);
    refuse_invalid(flow_check::run_params(&flow, &params), CODE, "run request")?;
    let outcome = state.outcomes.get(&flow_id).copied().unwrap_or_default();
    let mut run = RunRecord::new(&flow_id, &flow, new_id(), now, outcome);
    run.created_by = caller.user();
    run.created_client = caller.client_id.clone();
    let rendered = run.render(now);
    let etag = rendered
        .get("etag")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let id = run.id.clone();
    let seq = state.next_seq();
    state.runs.insert(seq, &caller.sandbox, &id, run);
    Ok(created(&id, &etag))
}

/// The run routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/runs", get(list).post(create))
        .route("/runs/{runId}", get(get_one))
}
