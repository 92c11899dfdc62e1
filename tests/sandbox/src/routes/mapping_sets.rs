//! Data Prep `/mappingSets`: create, get (any version), replace, list with
//! offset paging (`limit`, `start`, answered as `{data, _page, _links}`), and
//! the mappings of a set.

use super::common::refuse_invalid;
use crate::app::Shared;
use crate::auth::Caller;
use crate::errors::ApiError;
use crate::filters::{compare_values, Order};
use crate::store::{MappingSetRecord, State};
use crate::validate::{mapping_set, parse_json};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{json, Map, Value};

const CODE: &str = "DPS-1000";

fn hex_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found("DPS-1404", format!("No mapping set exists with id {id}."))
}

/// Builds stored version `version` of a mapping set from a request body.
fn build(
    id: &str,
    version: usize,
    body: &Value,
    caller: &Caller,
    now: i64,
    created: Option<(&Value, &Value)>,
) -> Value {
    let user = caller.user();
    let (created_date, created_by) = match created {
        Some((d, b)) => (d.clone(), b.clone()),
        None => (json!(now), json!(user)),
    };
    let mappings: Vec<Value> = body
        .get("mappings")
        .and_then(Value::as_array)
        .map(|ms| {
            ms.iter()
                .map(|m| {
                    let mut out: Map<String, Value> = m.as_object().cloned().unwrap_or_default();
                    let src = out.get("sourceAttribute").cloned().unwrap_or(Value::Null);
                    let dst = out
                        .get("destinationXdmPath")
                        .cloned()
                        .unwrap_or(Value::Null);
                    out.insert("id".into(), json!(hex_id()));
                    out.insert("version".into(), json!(version));
                    out.insert("createdDate".into(), created_date.clone());
                    out.insert("modifiedDate".into(), json!(now));
                    out.insert("createdBy".into(), created_by.clone());
                    out.insert("modifiedBy".into(), json!(user));
                    out.entry("sourceType").or_insert(json!("ATTRIBUTE"));
                    out.entry("source").or_insert(src);
                    out.entry("destination").or_insert(dst);
                    Value::Object(out)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut set = json!({
        "id": id,
        "version": version,
        "createdDate": created_date,
        "modifiedDate": now,
        "createdBy": created_by,
        "modifiedBy": user,
        "status": "PUBLISHED",
        "supportVersion": "1.1",
        "strictMapping": false,
        "allowNullValues": false,
        "mappings": mappings,
    });
    for key in ["name", "xdmSchema", "xdmVersion", "outputSchema"] {
        if let Some(v) = body.get(key).filter(|v| !v.is_null()) {
            set[key] = v.clone();
        }
    }
    if let Some(schema) = body.get("xdmSchema").and_then(Value::as_str) {
        set["schemaRef"] =
            json!({ "id": schema, "contentType": "application/vnd.adobe.xed-full+json;version=1" });
    }
    set
}

fn summary(set: &Value) -> Value {
    let mut out = Map::new();
    for key in [
        "id",
        "version",
        "createdDate",
        "modifiedDate",
        "createdBy",
        "modifiedBy",
    ] {
        out.insert(key.into(), set.get(key).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

fn latest(state: &State, sandbox: &str, id: &str) -> Result<Value, ApiError> {
    state
        .mapping_sets
        .get(sandbox, id)
        .and_then(|e| e.item.versions.last().cloned())
        .ok_or_else(|| not_found(id))
}

async fn create(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = parse_json(&body, CODE)?;
    refuse_invalid(mapping_set(&body, true), CODE, "mapping set")?;
    let now = app.clock.now_ms();
    let id = hex_id();
    let set = build(&id, 0, &body, &caller, now, None);
    let answer = summary(&set);
    let mut state = app.lock();
    let seq = state.next_seq();
    state.mapping_sets.insert(
        seq,
        &caller.sandbox,
        &id,
        MappingSetRecord {
            versions: vec![set],
        },
    );
    Ok(Json(answer).into_response())
}

fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn int_param(pairs: &[(String, String)], name: &str, min: i64) -> Result<Option<i64>, ApiError> {
    match pairs.iter().find(|(k, _)| k == name) {
        None => Ok(None),
        Some((_, v)) => v
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= min)
            .map(Some)
            .ok_or_else(|| {
                ApiError::bad_request(
                    CODE,
                    format!("{name} must be an integer >= {min}, got {v:?}"),
                )
            }),
    }
}

async fn get_one(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(q.as_deref());
    let version = int_param(&pairs, "version", 0)?;
    let state = app.lock();
    let rec = state
        .mapping_sets
        .get(&caller.sandbox, &id)
        .ok_or_else(|| not_found(&id))?;
    let set = match version {
        None => rec.item.versions.last(),
        Some(v) => usize::try_from(v)
            .ok()
            .and_then(|v| rec.item.versions.get(v)),
    }
    .ok_or_else(|| {
        ApiError::not_found(
            "DPS-1404",
            format!("Mapping set {id} has no version {version:?}."),
        )
    })?;
    Ok(Json(set.clone()).into_response())
}

async fn update(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = parse_json(&body, CODE)?;
    refuse_invalid(mapping_set(&body, false), CODE, "mapping set")?;
    let now = app.clock.now_ms();
    let mut state = app.lock();
    let prev = latest(&state, &caller.sandbox, &id)?;
    let rec = state
        .mapping_sets
        .get_mut(&caller.sandbox, &id)
        .ok_or_else(|| not_found(&id))?;
    let created = (
        prev.get("createdDate").unwrap_or(&Value::Null),
        prev.get("createdBy").unwrap_or(&Value::Null),
    );
    let set = build(
        &id,
        rec.item.versions.len(),
        &body,
        &caller,
        now,
        Some(created),
    );
    rec.item.versions.push(set.clone());
    Ok(Json(set).into_response())
}

async fn mappings(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let state = app.lock();
    let set = latest(&state, &caller.sandbox, &id)?;
    Ok(Json(set.get("mappings").cloned().unwrap_or_else(|| json!([]))).into_response())
}

async fn list(
    AxState(app): AxState<Shared>,
    Extension(caller): Extension<Caller>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(q.as_deref());
    let limit = int_param(&pairs, "limit", 1)?
        .ok_or_else(|| ApiError::bad_request(CODE, "limit is required"))?;
    let start = int_param(&pairs, "start", 0)?
        .ok_or_else(|| ApiError::bad_request(CODE, "start is required"))?;
    let name = pairs
        .iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.as_str());
    let order = match pairs.iter().find(|(k, _)| k == "orderBy") {
        Some((_, v)) => {
            let o = Order::parse(&v.replace("updatedDate", "modifiedDate"))
                .map_err(|e| ApiError::bad_request(CODE, e))?;
            Some(o)
        }
        None => None,
    };
    let state = app.lock();
    let mut sets: Vec<(u64, Value)> = state
        .mapping_sets
        .iter(&caller.sandbox)
        .filter_map(|(_, e)| e.item.versions.last().map(|v| (e.seq, v.clone())))
        .filter(|(_, v)| match name {
            None => true,
            Some(n) => v.get("name").and_then(Value::as_str) == Some(n),
        })
        .collect();
    if let Some(o) = &order {
        sets.sort_by(|a, b| {
            let c = compare_values(&o.key_of(&a.1), &o.key_of(&b.1)).then(a.0.cmp(&b.0));
            if o.descending {
                c.reverse()
            } else {
                c
            }
        });
    }
    let (start_u, limit_u) = (
        usize::try_from(start).unwrap_or(usize::MAX),
        usize::try_from(limit).unwrap_or(usize::MAX),
    );
    let total = sets.len();
    let data: Vec<Value> = sets
        .into_iter()
        .skip(start_u)
        .take(limit_u)
        .map(|(_, v)| v)
        .collect();
    let mut links = Map::new();
    if start_u.saturating_add(limit_u) < total {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs.iter().filter(|(k, _)| k != "start") {
            ser.append_pair(k, v);
        }
        ser.append_pair("start", &start_u.saturating_add(limit_u).to_string());
        links.insert(
            "next".into(),
            json!({ "href": format!("/mappingSets?{}", ser.finish()) }),
        );
    }
    Ok(Json(json!({
        "data": data,
        "_page": { "count": total, "limit": limit },
        "_links": links,
    }))
    .into_response())
}

/// The Data Prep routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/mappingSets", get(list).post(create))
        .route("/mappingSets/{mappingSetId}", get(get_one).put(update))
        .route("/mappingSets/{mappingSetId}/mappings", get(mappings))
}
