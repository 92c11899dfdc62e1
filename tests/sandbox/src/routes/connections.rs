//! `/connections`, `/sourceConnections` and `/targetConnections`: list, get,
//! create, PATCH (with `If-Match`) and delete.

use super::common::{
    apply_patch, check_if_match, created, one_item, refuse_invalid, updated, writable_members,
};
use crate::app::{App, Shared};
use crate::auth::Caller;
use crate::errors::{ApiError, Violation};
use crate::paging::ListQuery;
use crate::store::{stamp_new, stamp_update, Collection, State};
use crate::validate::{self, parse_json};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{json, Value};

const CODE: &str = "FLOW-1100";

/// Which of the three connection collections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Base connections.
    Base,
    /// Source connections.
    Source,
    /// Target connections.
    Target,
}

impl Kind {
    fn route(self) -> &'static str {
        match self {
            Kind::Base => "/connections",
            Kind::Source => "/sourceConnections",
            Kind::Target => "/targetConnections",
        }
    }

    fn param(self) -> &'static str {
        match self {
            Kind::Base => "connectionId",
            Kind::Source => "sourceConnectionId",
            Kind::Target => "targetConnectionId",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Base => "base connection",
            Kind::Source => "source connection",
            Kind::Target => "target connection",
        }
    }

    fn coll(self, s: &State) -> &Collection<Value> {
        match self {
            Kind::Base => &s.connections,
            Kind::Source => &s.source_connections,
            Kind::Target => &s.target_connections,
        }
    }

    fn coll_mut(self, s: &mut State) -> &mut Collection<Value> {
        match self {
            Kind::Base => &mut s.connections,
            Kind::Source => &mut s.source_connections,
            Kind::Target => &mut s.target_connections,
        }
    }

    fn validate(self, body: &Value, app: &App, state: &State, sandbox: &str) -> Vec<Violation> {
        match self {
            Kind::Base => validate::base_connection(body, &app.catalog),
            Kind::Source => validate::source_connection(body, &app.catalog, state, sandbox),
            Kind::Target => validate::target_connection(body, &app.catalog),
        }
    }

    /// Why `id` cannot be deleted, if something still refers to it.
    fn in_use(self, state: &State, sandbox: &str, id: &str) -> Option<String> {
        let refers = |v: &Value, key: &str| match v.get(key) {
            Some(Value::String(s)) => s == id,
            Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(id)),
            _ => false,
        };
        let (users, key, what) = match self {
            Kind::Base => (
                &state.source_connections,
                "baseConnectionId",
                "source connection",
            ),
            Kind::Source => (&state.flows, "sourceConnectionIds", "dataflow"),
            Kind::Target => (&state.flows, "targetConnectionIds", "dataflow"),
        };
        users
            .iter(sandbox)
            .find(|(_, e)| refers(&e.item, key))
            .map(|(user, _)| format!("{} {id} is used by {what} {user}", self.label()))
    }

    fn not_found(self, id: &str) -> ApiError {
        ApiError::not_found(
            "FLOW-1202",
            format!("No {} exists with id {id}.", self.label()),
        )
    }
}

fn mask_secrets(v: &mut Value) {
    if let Some(params) = v.pointer_mut("/auth/params").and_then(Value::as_object_mut) {
        for (k, val) in params.iter_mut() {
            let k = k.to_ascii_lowercase();
            let secret = ["password", "secret", "token", "connectionstring"]
                .iter()
                .any(|s| k.contains(s))
                || k.ends_with("key");
            if secret {
                *val = json!("********");
            }
        }
    }
}

fn render(kind: Kind, item: &Value) -> Value {
    let mut v = item.clone();
    if kind == Kind::Base {
        mask_secrets(&mut v);
    }
    v
}

fn inherited(state: &State, sandbox: &str, body: &Value) -> Option<Value> {
    let base_id = body.get("baseConnectionId")?.as_str()?;
    let base = state.connections.get(sandbox, base_id)?;
    Some(
        json!({ "baseConnection": { "id": base_id, "connectionSpec": base.item.get("connectionSpec") } }),
    )
}

async fn list(
    app: Shared,
    caller: Caller,
    query: Option<String>,
    kind: Kind,
) -> Result<Response, ApiError> {
    let q = ListQuery::parse(query.as_deref())?;
    let state = app.lock();
    let items = kind
        .coll(&state)
        .iter(&caller.sandbox)
        .map(|(_, e)| (e.seq, render(kind, &e.item)))
        .collect();
    Ok(Json(q.respond(kind.route(), items)).into_response())
}

async fn get_one(
    app: Shared,
    caller: Caller,
    id: String,
    kind: Kind,
) -> Result<Response, ApiError> {
    let state = app.lock();
    let e = kind
        .coll(&state)
        .get(&caller.sandbox, &id)
        .ok_or_else(|| kind.not_found(&id))?;
    Ok(one_item(render(kind, &e.item)))
}

async fn create(
    app: Shared,
    caller: Caller,
    body: Bytes,
    kind: Kind,
) -> Result<Response, ApiError> {
    let body = parse_json(&body, CODE)?;
    let now = app.clock.now_ms();
    let mut state = app.lock();
    refuse_invalid(
        kind.validate(&body, &app, &state, &caller.sandbox),
        CODE,
        kind.label(),
    )?;
    let id = crate::store::new_id();
    let etag = state.next_etag(now / 1000);
    let inherited = inherited(&state, &caller.sandbox, &body);
    let mut stored = writable_members(body);
    stamp_new(&mut stored, &id, &etag, &caller, now);
    stored.insert("state".into(), json!("enabled"));
    stored.insert("version".into(), json!(etag));
    if let Some(inh) = inherited {
        stored.insert("inheritedAttributes".into(), inh);
    }
    let seq = state.next_seq();
    kind.coll_mut(&mut state)
        .insert(seq, &caller.sandbox, &id, Value::Object(stored));
    Ok(created(&id, &etag))
}

async fn patch(
    app: Shared,
    caller: Caller,
    id: String,
    headers: HeaderMap,
    body: Bytes,
    kind: Kind,
) -> Result<Response, ApiError> {
    let patch_body = parse_json(&body, CODE)?;
    let now = app.clock.now_ms();
    let mut state = app.lock();
    let current = kind
        .coll(&state)
        .get(&caller.sandbox, &id)
        .ok_or_else(|| kind.not_found(&id))?;
    let etag_now = current
        .item
        .get("etag")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    check_if_match(&headers, &etag_now, CODE)?;
    let next = apply_patch(&current.item, &patch_body, CODE)?;
    refuse_invalid(
        kind.validate(&next, &app, &state, &caller.sandbox),
        CODE,
        kind.label(),
    )?;
    let etag = state.next_etag(now / 1000);
    let Value::Object(mut stored) = next else {
        return Err(ApiError::bad_request(
            CODE,
            "The patched resource is not an object",
        ));
    };
    stamp_update(&mut stored, &etag, &caller, now);
    if let Some(e) = kind.coll_mut(&mut state).get_mut(&caller.sandbox, &id) {
        e.item = Value::Object(stored);
    }
    Ok(updated(&id, &etag))
}

async fn delete(app: Shared, caller: Caller, id: String, kind: Kind) -> Result<Response, ApiError> {
    let mut state = app.lock();
    if kind.coll(&state).get(&caller.sandbox, &id).is_none() {
        return Err(kind.not_found(&id));
    }
    if let Some(reason) = kind.in_use(&state, &caller.sandbox, &id) {
        return Err(ApiError::conflict("FLOW-1409", reason));
    }
    kind.coll_mut(&mut state).remove(&caller.sandbox, &id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The list and item routes of one connection collection.
pub fn routes(kind: Kind) -> Router<Shared> {
    let item = format!("{}/{{{}}}", kind.route(), kind.param());
    Router::new()
        .route(
            kind.route(),
            get(
                move |AxState(a): AxState<Shared>,
                      Extension(c): Extension<Caller>,
                      RawQuery(q): RawQuery| { list(a, c, q, kind) },
            )
            .post(
                move |AxState(a): AxState<Shared>, Extension(c): Extension<Caller>, b: Bytes| {
                    create(a, c, b, kind)
                },
            ),
        )
        .route(
            &item,
            get(
                move |AxState(a): AxState<Shared>,
                      Extension(c): Extension<Caller>,
                      Path(id): Path<String>| { get_one(a, c, id, kind) },
            )
            .patch(
                move |AxState(a): AxState<Shared>,
                      Extension(c): Extension<Caller>,
                      Path(id): Path<String>,
                      h: HeaderMap,
                      b: Bytes| patch(a, c, id, h, b, kind),
            )
            .delete(
                move |AxState(a): AxState<Shared>,
                      Extension(c): Extension<Caller>,
                      Path(id): Path<String>| { delete(a, c, id, kind) },
            ),
        )
}
