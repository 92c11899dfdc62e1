//! `/flows`: dataflows, checked against their flowSpec by the generated validators.

use super::common::{
    apply_patch, check_if_match, created, one_item, refuse_invalid, updated, writable_members,
};
use crate::app::{last_runs, sync_runs, Shared};
use crate::auth::Caller;
use crate::errors::{ApiError, Violation};
use crate::flow_check;
use crate::paging::ListQuery;
use crate::runs::FlowRuns;
use crate::schedule::Schedule;
use crate::store::{new_id, stamp_new, stamp_update, State};
use crate::validate::parse_json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{json, Map, Value};

const CODE: &str = "FLOW-1103";

fn not_found(id: &str) -> ApiError {
    ApiError::not_found("FLOW-1202", format!("No flow exists with id {id}."))
}

fn connection_refs(state: &State, sandbox: &str, body: &Value, key: &str, source: bool) -> Value {
    let ids = body
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    ids.iter()
        .filter_map(Value::as_str)
        .map(|id| {
            let coll = if source {
                &state.source_connections
            } else {
                &state.target_connections
            };
            let conn = coll.get(sandbox, id).map(|e| &e.item);
            let mut r =
                json!({ "id": id, "connectionSpec": conn.and_then(|c| c.get("connectionSpec")) });
            let base = conn
                .and_then(|c| c.get("baseConnectionId"))
                .and_then(Value::as_str)
                .and_then(|b| state.connections.get(sandbox, b).map(|e| (b, e)));
            if let Some((b, e)) = base {
                r["baseConnection"] =
                    json!({ "id": b, "connectionSpec": e.item.get("connectionSpec") });
            }
            r
        })
        .collect()
}

fn render(item: &Value, last: Option<&Value>) -> Value {
    let mut v = item.clone();
    if let (Some(obj), Some(last)) = (v.as_object_mut(), last) {
        obj.insert("lastRunDetails".into(), last.clone());
    }
    v
}

fn schedule_of(flow: &Map<String, Value>) -> Option<Schedule> {
    flow.get("scheduleParams").and_then(Schedule::from_params)
}

fn enabled_of(flow: &Map<String, Value>) -> bool {
    flow.get("state").and_then(Value::as_str) != Some("disabled")
}

async fn list(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let q = ListQuery::parse(q.as_deref())?;
    let (state, now) = app.synced();
    let last = last_runs(&state, &caller.sandbox, now);
    let items = state
        .flows
        .iter(&caller.sandbox)
        .map(|(id, e)| (e.seq, render(&e.item, last.get(id))))
        .collect();
    Ok(Json(q.respond("/flows", items)).into_response())
}

async fn get_one(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (state, now) = app.synced();
    let e = state
        .flows
        .get(&caller.sandbox, &id)
        .ok_or_else(|| not_found(&id))?;
    let last = last_runs(&state, &caller.sandbox, now);
    Ok(one_item(render(&e.item, last.get(&id))))
}

async fn create(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = parse_json(&body, CODE)?;
    let (mut state, now) = app.synced();
    let sandbox = caller.sandbox.as_str();
    refuse_invalid(
        flow_check::flow(&body, &app.catalog, &state, sandbox),
        CODE,
        "dataflow",
    )?;
    let id = new_id();
    let etag = state.next_etag(now / 1000);
    let inherited = json!({
        "sourceConnections": connection_refs(&state, sandbox, &body, "sourceConnectionIds", true),
        "targetConnections": connection_refs(&state, sandbox, &body, "targetConnectionIds", false),
    });
    let mut stored = writable_members(body);
    stamp_new(&mut stored, &id, &etag, &caller, now);
    stored.insert("state".into(), json!("enabled"));
    stored.insert("version".into(), json!(etag));
    stored.insert("inheritedAttributes".into(), inherited);
    stored.insert("runs".into(), json!(format!("/runs?property=flowId=={id}")));
    stored.insert(
        "lastOperation".into(),
        json!({ "started": now, "updated": 0, "operation": "create" }),
    );
    let runs = FlowRuns::new(schedule_of(&stored), now.div_euclid(1000));
    state.flow_runs.insert(id.clone(), runs);
    let seq = state.next_seq();
    state.flows.insert(seq, sandbox, &id, Value::Object(stored));
    sync_runs(&mut state, now);
    Ok(created(&id, &etag))
}

async fn patch(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let patch_body = parse_json(&body, CODE)?;
    let (mut state, now) = app.synced();
    let sandbox = caller.sandbox.as_str();
    let current = state
        .flows
        .get(sandbox, &id)
        .ok_or_else(|| not_found(&id))?;
    let current_etag = current
        .item
        .get("etag")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let old_schedule = current.item.get("scheduleParams").cloned();
    check_if_match(&headers, &current_etag, CODE)?;
    let next = apply_patch(&current.item, &patch_body, CODE)?;
    let mut violations = flow_check::flow(&next, &app.catalog, &state, sandbox);
    if !matches!(
        next.get("state").and_then(Value::as_str),
        Some("enabled" | "disabled")
    ) {
        violations.push(Violation::new(
            "/state",
            "must be \"enabled\" or \"disabled\"",
        ));
    }
    refuse_invalid(violations, CODE, "dataflow")?;
    let Value::Object(mut stored) = next else {
        return Err(ApiError::bad_request(
            CODE,
            "The patched dataflow is not an object",
        ));
    };
    let etag = state.next_etag(now / 1000);
    stamp_update(&mut stored, &etag, &caller, now);
    stored.insert(
        "lastOperation".into(),
        json!({ "started": now, "updated": now, "operation": "update" }),
    );
    let now_secs = now.div_euclid(1000);
    if let Some(fr) = state.flow_runs.get_mut(&id) {
        if old_schedule.as_ref() != stored.get("scheduleParams") {
            fr.reschedule(schedule_of(&stored), now_secs);
        }
        fr.set_enabled(enabled_of(&stored), now_secs);
    }
    if let Some(e) = state.flows.get_mut(sandbox, &id) {
        e.item = Value::Object(stored);
    }
    Ok(updated(&id, &etag))
}

async fn delete(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (mut state, _) = app.synced();
    if !state.flows.remove(&caller.sandbox, &id) {
        return Err(not_found(&id));
    }
    state.flow_runs.remove(&id);
    state.outcomes.remove(&id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The dataflow routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/flows", get(list).post(create))
        .route("/flows/{flowId}", get(get_one).patch(patch).delete(delete))
}
