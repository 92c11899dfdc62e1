//! Checks the typed parts of connection bodies against their connectionSpec with the
//! GENERATED validators (`aep_flows::connection_specs::find(..)` and
//! `entry.validate(part, &value)`): a base connection's `auth.params` against its
//! authSpec entry (`auth:<specName>`), a source connection's `params` against
//! `sourceSpec`, a target connection's against `targetSpec`.
//!
//! Violations carry the pointer into the request body (`/auth/params/url`) and the
//! part and keyword (`auth:Basic Authentication for Generic OData#/required`).

use crate::errors::Violation;
use aep_flows::connection_specs::{self, ConnectionSpecEntry};
use serde_json::Value;

/// The connectionSpec a connection body names, if the generated registry knows it.
pub fn entry_of(body: &Value) -> Option<&'static ConnectionSpecEntry> {
    let id = body.pointer("/connectionSpec/id").and_then(Value::as_str)?;
    connection_specs::find(id).filter(|e| e.id == id)
}

fn violations(
    entry: &ConnectionSpecEntry,
    part: &str,
    value: &Value,
    prefix: &str,
) -> Vec<Violation> {
    Violation::of_part(part, prefix, entry.validate(part, value))
}

/// The violations of a base connection's `auth.params` (an unknown `specName` is
/// reported by the shape check).
pub fn auth(body: &Value) -> Vec<Violation> {
    let Some(entry) = entry_of(body) else {
        return Vec::new();
    };
    let Some(name) = body.pointer("/auth/specName").and_then(Value::as_str) else {
        return Vec::new();
    };
    let part = format!("auth:{name}");
    if !entry.has_part(&part) {
        return Vec::new();
    }
    let empty = Value::Object(Default::default());
    let params = body.pointer("/auth/params").unwrap_or(&empty);
    violations(entry, &part, params, "/auth/params")
}

/// The violations of a source (`sourceSpec`) or target (`targetSpec`) connection's
/// `params`.
pub fn params(body: &Value, part: &str) -> Vec<Violation> {
    let Some(entry) = entry_of(body) else {
        return Vec::new();
    };
    let what = if part == "sourceSpec" {
        "source"
    } else {
        "target"
    };
    if !entry.has_part(part) {
        return vec![Violation::new(
            "/connectionSpec/id",
            format!(
                "connection specification {} has no {part}: it cannot make a {what} connection",
                entry.name
            ),
        )];
    }
    match body.get("params") {
        None | Some(Value::Null) => {
            violations(entry, part, &Value::Object(Default::default()), "/params")
        }
        Some(p) => violations(entry, part, p, "/params"),
    }
}

/// Whether the connectionSpec of `body` authenticates (has authSpec entries), so a
/// source connection using it needs a base connection.
pub fn needs_base(body: &Value) -> bool {
    entry_of(body).is_some_and(|e| e.auth_names().next().is_some())
}
