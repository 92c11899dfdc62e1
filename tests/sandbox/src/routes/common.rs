//! Pieces every Flow Service resource route shares.

use crate::errors::{ApiError, Violation};
use crate::patch;
use crate::store::READ_ONLY;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

/// `201 {id, etag}`.
pub fn created(id: &str, etag: &str) -> Response {
    (StatusCode::CREATED, Json(json!({ "id": id, "etag": etag }))).into_response()
}

/// `200 {id, etag}` after an update.
pub fn updated(id: &str, etag: &str) -> Response {
    (StatusCode::OK, Json(json!({ "id": id, "etag": etag }))).into_response()
}

/// `200 {items: [one]}`: reading by id answers with the list envelope.
pub fn one_item(item: Value) -> Response {
    Json(json!({ "items": [item] })).into_response()
}

/// The request body as an object without the members the service sets itself.
pub fn writable_members(body: Value) -> Map<String, Value> {
    match body {
        Value::Object(mut m) => {
            for key in READ_ONLY {
                if *key != "connectionSpec" && *key != "flowSpec" {
                    m.remove(*key);
                }
            }
            m
        }
        _ => Map::new(),
    }
}

/// Checks `If-Match` against the stored etag: absent is 400, different is 412.
pub fn check_if_match(
    headers: &HeaderMap,
    current: &str,
    code: &'static str,
) -> Result<(), ApiError> {
    let given = headers
        .get("if-match")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::bad_request(code, "The If-Match header is required to update a resource")
        })?;
    if given == current {
        Ok(())
    } else {
        Err(ApiError::precondition_failed(
            code,
            format!("If-Match {given} does not match the current etag {current}; read the resource again"),
        ))
    }
}

/// Applies a JSON Patch to `doc`, refusing changes to members the service sets.
pub fn apply_patch(doc: &Value, patch_body: &Value, code: &'static str) -> Result<Value, ApiError> {
    let refused: Vec<Violation> = patch::touched_members(patch_body)
        .into_iter()
        .filter(|(_, m)| READ_ONLY.contains(&m.as_str()) || m.is_empty())
        .map(|(at, m)| {
            let what = if m.is_empty() {
                "the whole resource".to_owned()
            } else {
                format!("/{m}")
            };
            Violation::new(format!("/{at}/path"), format!("{what} cannot be changed"))
        })
        .collect();
    if !refused.is_empty() {
        return Err(ApiError::invalid(
            code,
            "The patch changes read-only members",
            refused,
        ));
    }
    patch::apply(doc, patch_body)
        .map_err(|v| ApiError::invalid(code, "The patch cannot be applied", vec![v]))
}

/// 400 listing `violations`, or `Ok` when there are none.
pub fn refuse_invalid(
    violations: Vec<Violation>,
    code: &'static str,
    what: &str,
) -> Result<(), ApiError> {
    if violations.is_empty() {
        Ok(())
    } else {
        let n = violations.len();
        Err(ApiError::invalid(
            code,
            format!("The {what} is not valid: {n} violation(s), see report.violations"),
            violations,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn if_match_is_exact() {
        let mut h = HeaderMap::new();
        let e = check_if_match(&h, "\"a\"", "X")
            .err()
            .map(|e| e.status().as_u16());
        assert_eq!(e, Some(400));
        h.insert("If-Match", HeaderValue::from_static("\"a\""));
        assert!(check_if_match(&h, "\"a\"", "X").is_ok());
        h.insert("If-Match", HeaderValue::from_static("a"));
        let e = check_if_match(&h, "\"a\"", "X")
            .err()
            .map(|e| e.status().as_u16());
        assert_eq!(e, Some(412));
    }

    #[test]
    fn patches_may_not_touch_service_members() {
        let doc = json!({"id": "x", "name": "n"});
        let bad = json!([{"op": "replace", "path": "/id", "value": "y"}]);
        let e = apply_patch(&doc, &bad, "X").err().map(|e| e.body_json());
        assert_eq!(
            e.map(|b| b["report"]["violations"][0]["path"].clone()),
            Some(json!("/0/path"))
        );
        let good = json!([{"op": "replace", "path": "/name", "value": "m"}]);
        assert_eq!(
            apply_patch(&doc, &good, "X").ok(),
            Some(json!({"id": "x", "name": "m"}))
        );
    }
}
