//! Vendor defects in schemas that have a reasonable reading, repaired with a warning
//! before the IR reads the schema (the IR itself stays strict, as it is for flowSpecs).
//!
//! - `title`/`description` that is not a string (`description:` with no value) → none;
//! - a subschema that is not a schema (a string, number, array or `null` where a schema
//!   belongs) → any JSON value (`{}`); `properties` (or a like keyword) that is not an
//!   object → dropped; `allOf`/`anyOf`/`oneOf` that is one schema rather than a list →
//!   a list of it, and an empty list → dropped;
//! - `required` that is not a list of names (`required: true` on a property, the
//!   Swagger-era habit) → dropped, and non-string entries in it → dropped;
//! - an `allOf`/`anyOf`/`oneOf` entry that refers to the schema itself
//!   (`X = allOf[$ref X] + properties`) → that entry dropped;
//! - a `$ref` to something that is not a schema (an Example Object under
//!   `components/examples`, a parameter, ...) or to nothing → any JSON value.
//!
//! Each repair is one [`Diagnostic::warning`] at the pointer of the node repaired.
//! See `docs/vendor-quirks.md`.

use crate::diag::{Diagnostic, Location};
use crate::load::keywords::kind;
use crate::schema::{keywords_holding, subschemas_held_by, Holds};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// What repairs need to know about the whole document.
#[derive(Debug, Clone, Copy)]
pub struct Check<'a> {
    /// The document before any repair (to see where a `$ref` leads).
    pub doc: &'a Value,
    /// The pointers of every schema position the loader found (`components/schemas/*`,
    /// parameter, body and response schemas).
    pub roots: &'a BTreeSet<String>,
}

/// Replaces `value` (a subschema at `at`) by `{}` when it is not a schema at all.
pub fn subschema(value: &mut Value, at: &Location, warnings: &mut Vec<Diagnostic>) {
    if value.is_object() || value.is_boolean() {
        return;
    }
    warnings.push(Diagnostic::warning(
        at.clone(),
        format!(
            "a schema belongs here, but this is {}; read as any JSON value",
            kind(value)
        ),
    ));
    *value = Value::Object(Map::new());
}

/// Repairs the keywords of the schema object `map` at `at` (not its subschemas, which the
/// caller visits).
pub fn keywords(
    map: &mut Map<String, Value>,
    at: &Location,
    check: Option<Check<'_>>,
    w: &mut Vec<Diagnostic>,
) {
    for key in ["title", "description"] {
        if let Some(v) = map.get(key).filter(|v| !v.is_string()) {
            w.push(Diagnostic::warning(
                at.key(key),
                format!("`{key}` is {}, not a string; read as no {key}", kind(v)),
            ));
            map.remove(key);
        }
    }
    required(map, at, w);
    for key in keywords_holding(Holds::Map) {
        if let Some(v) = map.get(key).filter(|v| !v.is_object()) {
            w.push(Diagnostic::warning(
                at.key(key),
                format!("`{key}` is {}, not a map of schemas; ignored", kind(v)),
            ));
            map.remove(key);
        }
    }
    for key in keywords_holding(Holds::List) {
        lists(map, key, at, w);
    }
    if let Some(check) = check {
        self_references(map, at, w);
        if let Some(Value::String(r)) = map.get("$ref") {
            if let Some(why) = not_a_schema(r, check) {
                w.push(Diagnostic::warning(
                    at.key("$ref"),
                    format!("`$ref: {r}` {why}; read as any JSON value"),
                ));
                map.remove("$ref");
            }
        }
    }
}

fn required(map: &mut Map<String, Value>, at: &Location, w: &mut Vec<Diagnostic>) {
    match map.get_mut("required") {
        None => {}
        Some(Value::Array(names)) => {
            let before = names.len();
            names.retain(Value::is_string);
            if names.len() != before {
                w.push(Diagnostic::warning(
                    at.key("required"),
                    "`required` lists something that is not a property name; those entries are ignored",
                ));
            }
        }
        Some(other) => {
            w.push(Diagnostic::warning(
                at.key("required"),
                format!(
                    "`required` is {}, not a list of property names (list required members in the object's `required`); ignored",
                    kind(other)
                ),
            ));
            map.remove("required");
        }
    }
}

fn lists(map: &mut Map<String, Value>, key: &str, at: &Location, w: &mut Vec<Diagnostic>) {
    match map.get(key) {
        None => {}
        Some(Value::Array(a)) if a.is_empty() => {
            w.push(Diagnostic::warning(
                at.key(key),
                format!("`{key}` is an empty list; ignored"),
            ));
            map.remove(key);
        }
        Some(Value::Array(_)) => {}
        Some(Value::Object(_)) => {
            w.push(Diagnostic::warning(
                at.key(key),
                format!("`{key}` is one schema, not a list of schemas; read as a list of it"),
            ));
            if let Some(one) = map.remove(key) {
                map.insert(key.to_owned(), Value::Array(vec![one]));
            }
        }
        Some(other) => {
            w.push(Diagnostic::warning(
                at.key(key),
                format!("`{key}` is {}, not a list of schemas; ignored", kind(other)),
            ));
            map.remove(key);
        }
    }
}

/// Drops `allOf`/`anyOf`/`oneOf` entries that are a `$ref` to the schema itself.
fn self_references(map: &mut Map<String, Value>, at: &Location, w: &mut Vec<Diagnostic>) {
    for key in ["allOf", "anyOf", "oneOf"] {
        let Some(Value::Array(list)) = map.get_mut(key) else {
            continue;
        };
        let mut i = 0;
        let mut original = 0;
        while i < list.len() {
            let target = list[i]
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .map(super::decode_fragment);
            if target.as_deref() == Some(at.pointer.as_str()) {
                w.push(Diagnostic::warning(
                    at.key(key).index(original),
                    format!("`{key}` refers to the schema it belongs to; that entry is dropped"),
                ));
                list.remove(i);
            } else {
                i += 1;
            }
            original += 1;
        }
        if list.is_empty() {
            map.remove(key);
        }
    }
}

/// Why the local reference `r` does not lead to a schema, if it does not.
fn not_a_schema(r: &str, check: Check<'_>) -> Option<String> {
    let fragment = r.strip_prefix('#')?;
    let pointer = super::decode_fragment(fragment);
    if check.doc.pointer(&pointer).is_none() {
        return Some("points at nothing".to_owned());
    }
    if is_schema_pointer(&pointer, check.roots) {
        return None;
    }
    let what = match pointer.split('/').nth(2) {
        Some("examples") if pointer.starts_with("/components/") => "an Example Object",
        Some("parameters") if pointer.starts_with("/components/") => "a Parameter Object",
        Some("responses") if pointer.starts_with("/components/") => "a Response Object",
        Some("requestBodies") if pointer.starts_with("/components/") => "a Request Body Object",
        Some("headers") if pointer.starts_with("/components/") => "a Header Object",
        _ => "something that is not a schema",
    };
    Some(format!("points at {what}, not a schema"))
}

/// Whether `pointer` is a schema root or a subschema below one (reached through schema
/// keywords only).
pub fn is_schema_pointer(pointer: &str, roots: &BTreeSet<String>) -> bool {
    roots.iter().any(|root| {
        if pointer == root {
            return true;
        }
        match pointer.strip_prefix(root.as_str()) {
            Some(rest) if rest.starts_with('/') => below_schema(rest[1..].split('/')),
            _ => false,
        }
    })
}

fn below_schema<'s>(segments: impl Iterator<Item = &'s str>) -> bool {
    let segments: Vec<&str> = segments.collect();
    let is_index = |i: usize| segments.get(i).is_some_and(|s| s.parse::<usize>().is_ok());
    let mut i = 0;
    while let Some(key) = segments.get(i).copied() {
        let holds = subschemas_held_by(key, true);
        if matches!(holds, Some(Holds::Map | Holds::MapOfSchemasOrNames)) {
            if i + 1 >= segments.len() {
                return false;
            }
            i += 2;
        } else if holds == Some(Holds::List) {
            if !is_index(i + 1) {
                return false;
            }
            i += 2;
        } else if holds == Some(Holds::OneOrList) {
            // `items/0` is a tuple entry; `items/properties/..` the one item schema.
            i += if is_index(i + 1) { 2 } else { 1 };
        } else if holds == Some(Holds::One) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn roots() -> BTreeSet<String> {
        ["/components/schemas/X".to_owned()].into()
    }

    #[test]
    fn schema_pointers_follow_schema_keywords() {
        let r = roots();
        assert!(is_schema_pointer("/components/schemas/X", &r));
        assert!(is_schema_pointer(
            "/components/schemas/X/properties/a/items",
            &r
        ));
        assert!(is_schema_pointer(
            "/components/schemas/X/allOf/1/properties/b",
            &r
        ));
        assert!(is_schema_pointer("/components/schemas/X/items/0", &r));
        assert!(!is_schema_pointer("/components/schemas/X/example", &r));
        assert!(!is_schema_pointer("/components/schemas/XY", &r));
        assert!(!is_schema_pointer("/components/examples/X/value", &r));
    }

    #[test]
    fn repairs_warn_at_the_node() {
        let doc = json!({"components": {"schemas": {"X": {}}, "examples": {"E": {"value": 1}}}});
        let r = roots();
        let check = Check {
            doc: &doc,
            roots: &r,
        };
        let at = Location::root(Arc::new(PathBuf::from("t.yaml")))
            .key("components")
            .key("schemas")
            .key("X");
        let mut v = json!({
            "description": null, "title": 3, "required": true,
            "allOf": [{"$ref": "#/components/schemas/X"}, {"type": "object"}],
            "anyOf": {"type": "string"}, "properties": "no",
        });
        let mut w = Vec::new();
        keywords(v.as_object_mut().unwrap(), &at, Some(check), &mut w);
        assert_eq!(
            v,
            json!({"allOf": [{"type": "object"}], "anyOf": [{"type": "string"}]})
        );
        let pointers: Vec<&str> = w.iter().map(|d| d.location.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/X/title",
                "/components/schemas/X/description",
                "/components/schemas/X/required",
                "/components/schemas/X/properties",
                "/components/schemas/X/anyOf",
                "/components/schemas/X/allOf/0",
            ]
        );
        let mut e = json!({"$ref": "#/components/examples/E", "description": "d"});
        let mut w = Vec::new();
        keywords(e.as_object_mut().unwrap(), &at, Some(check), &mut w);
        assert_eq!(e, json!({"description": "d"}));
        assert!(w[0].message.contains("Example Object"), "{}", w[0].message);
        let mut s = json!("a string");
        subschema(&mut s, &at, &mut w);
        assert_eq!(s, json!({}));
    }
}
