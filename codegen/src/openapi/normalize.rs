//! OpenAPI schema dialects rewritten into the draft-07 the IR understands.
//!
//! - 3.0 `nullable: true` beside a `type` adds `"null"` to the types (and to an `enum`);
//! - 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` (draft-04 style) become numbers;
//! - 3.1 (JSON Schema 2020-12): `prefixItems` becomes tuple `items` (and `items` beside
//!   it `additionalItems`), `dependentRequired` becomes `dependencies`, and a `$ref`
//!   with constraining siblings is wrapped in `allOf` (in draft-07 siblings of `$ref`
//!   are ignored, in 2020-12 they apply).
//!
//! Everything else passes through; the IR warns about keywords it does not know.

use super::repair::{self, Check};
use crate::diag::{Diagnostic, Location};
use crate::schema::{subschemas_held_by, Holds};
use serde_json::{Map, Value};

/// Members beside a `$ref` that only annotate, so need no `allOf` wrapping.
const REF_ANNOTATIONS: &[&str] = &[
    "$ref",
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "$comment",
];

/// Which OpenAPI version wrote the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0.x: an extended subset of JSON Schema draft-05.
    V30,
    /// OpenAPI 3.1.x: JSON Schema 2020-12.
    V31,
}

/// Rewrites the schema `value` (at `at`) and every subschema in it, also repairing vendor defects that need the whole document to see (a
/// `$ref` to something that is not a schema, an `allOf` naming the schema itself); see
/// [`repair`].
pub fn schema_checked(
    value: &mut Value,
    at: &Location,
    dialect: Dialect,
    check: Check<'_>,
    warnings: &mut Vec<Diagnostic>,
) {
    walk(value, at, dialect, Some(check), warnings);
}

fn walk(
    value: &mut Value,
    at: &Location,
    dialect: Dialect,
    check: Option<Check<'_>>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Value::Object(map) = value else {
        return;
    };
    repair::keywords(map, at, check, warnings);
    match dialect {
        Dialect::V30 => {
            nullable(map);
            for (bound, limit) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                exclusive_bound(map, bound, limit, at, warnings);
            }
        }
        Dialect::V31 => {
            if let Some(prefix) = map.remove("prefixItems") {
                if let Some(items) = map.remove("items") {
                    map.insert("additionalItems".into(), items);
                }
                map.insert("items".into(), prefix);
            }
            if let Some(dr) = map.remove("dependentRequired") {
                map.insert("dependencies".into(), dr);
            }
            wrap_ref(map);
        }
    }
    recurse(map, at, dialect, check, warnings);
}

fn nullable(map: &mut Map<String, Value>) {
    let on = [map.get("nullable"), map.get("x-nullable")]
        .into_iter()
        .any(|v| v == Some(&Value::Bool(true)));
    if !on || map.contains_key("$ref") {
        return;
    }
    match map.get_mut("type") {
        Some(Value::String(t)) if t != "null" => {
            let t = std::mem::take(t);
            map.insert("type".into(), Value::Array(vec![t.into(), "null".into()]));
        }
        Some(Value::Array(ts)) if !ts.iter().any(|t| t == "null") => ts.push("null".into()),
        _ => {}
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
}

fn exclusive_bound(
    map: &mut Map<String, Value>,
    bound: &str,
    limit: &str,
    at: &Location,
    warnings: &mut Vec<Diagnostic>,
) {
    match map.get(bound) {
        Some(Value::Bool(true)) => match map.remove(limit) {
            Some(n @ Value::Number(_)) => {
                map.insert(bound.into(), n);
            }
            other => {
                if let Some(o) = other {
                    map.insert(limit.into(), o);
                }
                map.remove(bound);
                warnings.push(Diagnostic::warning(
                    at.key(bound),
                    format!("`{bound}: true` without a numeric `{limit}`; ignored"),
                ));
            }
        },
        Some(Value::Bool(false)) => {
            map.remove(bound);
        }
        _ => {}
    }
}

fn wrap_ref(map: &mut Map<String, Value>) {
    if !map.contains_key("$ref") || map.keys().all(|k| REF_ANNOTATIONS.contains(&k.as_str())) {
        return;
    }
    if let Some(r) = map.remove("$ref") {
        let mut inner = Map::new();
        inner.insert("$ref".into(), r);
        let all = match map.remove("allOf") {
            Some(Value::Array(mut a)) => {
                a.insert(0, Value::Object(inner));
                a
            }
            _ => vec![Value::Object(inner)],
        };
        map.insert("allOf".into(), Value::Array(all));
    }
}

fn recurse(
    map: &mut Map<String, Value>,
    at: &Location,
    dialect: Dialect,
    check: Option<Check<'_>>,
    w: &mut Vec<Diagnostic>,
) {
    let sub_schema = |s: &mut Value, here: &Location, w: &mut Vec<Diagnostic>| {
        repair::subschema(s, here, w);
        walk(s, here, dialect, check, w);
    };
    for (key, sub) in map.iter_mut() {
        let here = at.key(key);
        match subschemas_held_by(key, true) {
            Some(Holds::Map) => {
                if let Value::Object(members) = sub {
                    for (name, s) in members.iter_mut() {
                        sub_schema(s, &here.key(name), w);
                    }
                }
            }
            Some(Holds::MapOfSchemasOrNames) => {
                if let Value::Object(members) = sub {
                    for (name, s) in members.iter_mut() {
                        if !s.is_array() {
                            sub_schema(s, &here.key(name), w);
                        }
                    }
                }
            }
            Some(Holds::List | Holds::OneOrList) => match sub {
                Value::Array(list) => {
                    for (i, s) in list.iter_mut().enumerate() {
                        sub_schema(s, &here.index(i), w);
                    }
                }
                other => sub_schema(other, &here, w),
            },
            Some(Holds::One) => sub_schema(sub, &here, w),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn run(mut v: Value, d: Dialect) -> (Value, Vec<Diagnostic>) {
        let mut w = Vec::new();
        let at = Location::root(Arc::new(PathBuf::from("t.yaml")));
        walk(&mut v, &at, d, None, &mut w);
        (v, w)
    }

    #[test]
    fn nullable_adds_null_to_type_and_enum() {
        let (v, _) = run(
            json!({"properties": {"a": {"type": "string", "nullable": true, "enum": ["x"]}}}),
            Dialect::V30,
        );
        assert_eq!(v["properties"]["a"]["type"], json!(["string", "null"]));
        assert_eq!(v["properties"]["a"]["enum"], json!(["x", null]));
    }

    #[test]
    fn nullable_is_nothing_in_31_and_without_true() {
        let (v, _) = run(json!({"type": "string", "nullable": false}), Dialect::V30);
        assert_eq!(v["type"], "string");
        let (v, _) = run(json!({"type": "string", "nullable": true}), Dialect::V31);
        assert_eq!(v["type"], "string");
    }

    #[test]
    fn boolean_exclusive_bounds_become_numbers() {
        let (v, w) = run(
            json!({"items": {"minimum": 0, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false}}),
            Dialect::V30,
        );
        assert_eq!(v["items"], json!({"exclusiveMinimum": 0, "maximum": 9}));
        assert!(w.is_empty());
        let (v, w) = run(json!({"exclusiveMinimum": true}), Dialect::V30);
        assert_eq!(v, json!({}));
        assert_eq!(w[0].location.pointer, "/exclusiveMinimum");
    }

    #[test]
    fn v31_keywords_become_draft_07() {
        let (v, _) = run(
            json!({"prefixItems": [{"type": "string"}], "items": false, "dependentRequired": {"a": ["b"]}}),
            Dialect::V31,
        );
        assert_eq!(
            v,
            json!({"items": [{"type": "string"}], "additionalItems": false, "dependencies": {"a": ["b"]}})
        );
        let (v, _) = run(
            json!({"$ref": "#/x", "minLength": 2, "description": "d"}),
            Dialect::V31,
        );
        assert_eq!(
            v,
            json!({"minLength": 2, "description": "d", "allOf": [{"$ref": "#/x"}]})
        );
        let (v, _) = run(json!({"$ref": "#/x", "description": "d"}), Dialect::V31);
        assert_eq!(v, json!({"$ref": "#/x", "description": "d"}));
    }
}
