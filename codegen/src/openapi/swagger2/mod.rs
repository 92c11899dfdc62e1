//! Swagger 2.0 documents rewritten into the OpenAPI 3.0 shape the loader reads.
//!
//! - `host`, `basePath` and `schemes` become one `servers` entry (`https` preferred);
//! - `definitions`, `parameters` and `responses` move under `components` (every `$ref`
//!   to them is rewritten);
//! - a non-body parameter's `type`, `format`, `items`, `enum` and bounds become its
//!   `schema`; `collectionFormat: multi` is `explode: true`, the others comma-joined;
//! - a `body` parameter becomes the `requestBody` (one media type per `consumes`),
//!   `formData` parameters one object schema (`type: file` is a binary string) sent as
//!   `multipart/form-data` or `application/x-www-form-urlencoded`;
//! - a response's `schema` is its content for every `produces` media type;
//! - `x-nullable` is read by [`super::normalize`] like `nullable`.
//!
//! Every moved node is recorded in an [`Origins`] map, so diagnostics name the pointer
//! (and line) where the node stands in the Swagger text.

use crate::diag::{Diagnostic, Location};
use serde_json::{json, Map, Value};

mod operations;
#[cfg(test)]
mod tests;

use operations::path_item;

/// From the pointers of the rewritten document back to the Swagger document's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// (new prefix, old prefix), longest new prefix first after [`Origins::finish`].
    moves: Vec<(String, String)>,
}

impl Origins {
    fn add(&mut self, new: String, old: String) {
        if new != old {
            self.moves.push((new, old));
        }
    }

    fn finish(&mut self) {
        self.moves
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    }

    /// Where the node at `pointer` (in the rewritten document) stands in the original.
    pub fn original(&self, pointer: &str) -> String {
        for (new, old) in &self.moves {
            if let Some(rest) = pointer.strip_prefix(new.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    return format!("{old}{rest}");
                }
            }
        }
        pointer.to_owned()
    }
}

/// Keywords of a non-body parameter (and of a header) that belong to its schema.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

fn esc(s: &str) -> String {
    let mut out = String::new();
    flowgen_runtime::path::push_escaped(&mut out, s);
    out
}

/// Whether `doc` is a Swagger 2.0 document.
pub fn is_swagger(doc: &Value) -> bool {
    doc.get("swagger").is_some() && doc.get("openapi").is_none()
}

/// Rewrites the Swagger 2.0 document `doc` (at `root`) as OpenAPI 3.0.
pub fn convert(
    mut doc: Value,
    root: &Location,
    warnings: &mut Vec<Diagnostic>,
) -> (Value, Origins) {
    rewrite_refs(&mut doc);
    let Value::Object(old) = doc else {
        return (doc, Origins::default());
    };
    let version = old.get("swagger").cloned().unwrap_or(Value::Null);
    if version.as_str() != Some("2.0") {
        warnings.push(Diagnostic::warning(
            root.key("swagger"),
            format!("Swagger version {version} is read as 2.0"),
        ));
    }
    let mut origins = Origins::default();
    let global_consumes = media_list(old.get("consumes"), "application/json");
    let global_produces = media_list(old.get("produces"), "application/json");
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    origins.add("/openapi".into(), "/swagger".into());
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(v) = old.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    out.insert("servers".into(), servers(&old, &mut origins));
    let mut components = Map::new();
    if let Some(defs) = old.get("definitions") {
        components.insert("schemas".into(), defs.clone());
        origins.add("/components/schemas".into(), "/definitions".into());
    }
    if let Some(Value::Object(params)) = old.get("parameters") {
        let mut converted = Map::new();
        for (name, p) in params {
            let at = format!("/parameters/{}", esc(name));
            let new = format!("/components/parameters/{}", esc(name));
            converted.insert(name.clone(), simple_param(p, &new, &at, &mut origins));
        }
        components.insert("parameters".into(), Value::Object(converted));
    }
    if let Some(Value::Object(responses)) = old.get("responses") {
        let mut converted = Map::new();
        for (name, r) in responses {
            let at = format!("/responses/{}", esc(name));
            let new = format!("/components/responses/{}", esc(name));
            converted.insert(
                name.clone(),
                response(r, &global_produces, &new, &at, &mut origins),
            );
        }
        components.insert("responses".into(), Value::Object(converted));
    }
    out.insert("components".into(), Value::Object(components));
    let ctx = Context {
        params: old.get("parameters"),
        consumes: &global_consumes,
        produces: &global_produces,
    };
    if let Some(Value::Object(paths)) = old.get("paths") {
        let mut converted = Map::new();
        for (path, item) in paths {
            let at = format!("/paths/{}", esc(path));
            converted.insert(path.clone(), path_item(item, &at, &ctx, &mut origins));
        }
        out.insert("paths".into(), Value::Object(converted));
    }
    for (k, v) in &old {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    origins.finish();
    (Value::Object(out), origins)
}

struct Context<'a> {
    params: Option<&'a Value>,
    consumes: &'a [String],
    produces: &'a [String],
}

fn media_list(v: Option<&Value>, default: &str) -> Vec<String> {
    let list: Vec<String> = match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|m| m.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    if list.is_empty() {
        vec![default.to_owned()]
    } else {
        list
    }
}

fn servers(old: &Map<String, Value>, origins: &mut Origins) -> Value {
    let base = old.get("basePath").and_then(Value::as_str).unwrap_or("");
    let Some(host) = old.get("host").and_then(Value::as_str) else {
        if old.contains_key("basePath") {
            origins.add("/servers/0".into(), "/basePath".into());
        }
        return json!([{ "url": if base.is_empty() { "/" } else { base } }]);
    };
    let schemes: Vec<&str> = match old.get("schemes") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let scheme = if schemes.is_empty() || schemes.contains(&"https") {
        "https"
    } else {
        schemes[0]
    };
    origins.add("/servers/0".into(), "/host".into());
    json!([{ "url": format!("{scheme}://{host}{base}") }])
}

/// Rewrites `$ref`s to `#/definitions/`, `#/parameters/`, `#/responses/` everywhere.
fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = r.strip_prefix(from) {
                        *r = format!("{to}{rest}");
                        break;
                    }
                }
            }
            m.values_mut().for_each(rewrite_refs);
        }
        Value::Array(a) => a.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// A non-body parameter (or header) with its schema keywords moved into `schema`.
fn simple_param(p: &Value, new: &str, old: &str, origins: &mut Origins) -> Value {
    let Value::Object(p) = p else {
        return p.clone();
    };
    if p.contains_key("$ref") || p.get("in").and_then(Value::as_str) == Some("body") {
        origins.add(new.to_owned(), old.to_owned());
        return Value::Object(p.clone());
    }
    let mut out = Map::new();
    let mut schema = Map::new();
    for (k, v) in p {
        if SCHEMA_KEYS.contains(&k.as_str()) {
            schema.insert(k.clone(), without_collection_format(v));
        } else if k == "collectionFormat" {
            out.insert("explode".into(), Value::Bool(v == "multi"));
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") && !out.contains_key("explode") {
        out.insert("explode".into(), Value::Bool(false));
    }
    out.insert("schema".into(), Value::Object(schema));
    origins.add(format!("{new}/schema"), old.to_owned());
    origins.add(new.to_owned(), old.to_owned());
    Value::Object(out)
}

fn without_collection_format(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| *k != "collectionFormat")
                .map(|(k, v)| (k.clone(), without_collection_format(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn content(schema: Option<&Value>, media: &[String], examples: Option<&Value>) -> Value {
    let mut c = Map::new();
    for m in media {
        let mut entry = Map::new();
        if let Some(s) = schema {
            entry.insert("schema".into(), s.clone());
        }
        if let Some(e) = examples.and_then(|e| e.get(m)) {
            entry.insert("example".into(), e.clone());
        }
        c.insert(m.clone(), Value::Object(entry));
    }
    Value::Object(c)
}

fn response(r: &Value, produces: &[String], new: &str, old: &str, origins: &mut Origins) -> Value {
    let Value::Object(r) = r else {
        return r.clone();
    };
    origins.add(new.to_owned(), old.to_owned());
    if r.contains_key("$ref") {
        return Value::Object(r.clone());
    }
    let mut out = Map::new();
    for (k, v) in r {
        match k.as_str() {
            "schema" | "examples" => {}
            "headers" => {
                let mut headers = Map::new();
                if let Value::Object(hs) = v {
                    for (name, h) in hs {
                        let n = format!("{new}/headers/{}", esc(name));
                        let o = format!("{old}/headers/{}", esc(name));
                        headers.insert(name.clone(), simple_param(h, &n, &o, origins));
                    }
                }
                out.insert(k.clone(), Value::Object(headers));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(schema) = r.get("schema") {
        out.insert(
            "content".into(),
            content(Some(schema), produces, r.get("examples")),
        );
        for m in produces {
            origins.add(
                format!("{new}/content/{}/schema", esc(m)),
                format!("{old}/schema"),
            );
        }
    }
    Value::Object(out)
}
