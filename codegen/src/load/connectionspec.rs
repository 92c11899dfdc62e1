//! Finding connectionSpecs in documents: one connectionSpec object, or a
//! `{"items": [...]}` list as `GET /connectionSpecs` returns it. Published
//! connectionSpecs are loose: parts without a schema, `required` members that are not
//! declared, custom keywords. Where a reasonable reading exists it is taken, with a
//! warning naming the place ([`lint`]).

use super::Document;
use crate::diag::{Diagnostic, Location};
use flowgen_runtime::PartKey;
use serde_json::{Map, Value};

/// One part of a connectionSpec.
#[derive(Debug, Clone)]
pub struct ConnectionPart {
    /// Which part it is.
    pub key: PartKey,
    /// Where its JSON Schema stands; `None` when the part has none (any value goes).
    pub schema: Option<Location>,
}

/// A connectionSpec found in a document.
#[derive(Debug, Clone)]
pub struct ConnectionSpec {
    /// Where the connectionSpec object stands.
    pub location: Location,
    /// `id`.
    pub id: String,
    /// `name`.
    pub name: String,
    /// `version`, when given.
    pub version: Option<String>,
    /// Its parts: auth entries, source, target, explore request and responses.
    pub parts: Vec<ConnectionPart>,
}

impl ConnectionSpec {
    /// Whether it has the part `key`.
    pub fn has(&self, key: &PartKey) -> bool {
        self.parts.iter().any(|p| &p.key == key)
    }
}

/// Every connectionSpec in `doc`, and warnings about what was read leniently.
pub fn find(doc: &Document) -> Result<(Vec<ConnectionSpec>, Vec<Diagnostic>), Diagnostic> {
    let root = doc.root();
    let mut warnings = Vec::new();
    let specs = match &doc.value {
        Value::Object(o) if o.contains_key("items") && !o.contains_key("id") => {
            let items = o.get("items").and_then(Value::as_array).ok_or_else(|| {
                Diagnostic::error(
                    root.key("items"),
                    "`items` must be an array of connectionSpecs",
                )
            })?;
            items
                .iter()
                .enumerate()
                .map(|(i, v)| one(v, root.key("items").index(i), &mut warnings))
                .collect::<Result<Vec<_>, _>>()?
        }
        v => vec![one(v, root, &mut warnings)?],
    };
    Ok((specs, warnings))
}

fn one(
    v: &Value,
    loc: Location,
    warnings: &mut Vec<Diagnostic>,
) -> Result<ConnectionSpec, Diagnostic> {
    let o = v.as_object().ok_or_else(|| {
        Diagnostic::error(loc.clone(), "a connectionSpec must be a JSON object").with_hint(
            "give one connectionSpec object, or `{\"items\": [...]}` as GET /connectionSpecs returns",
        )
    })?;
    let text = |key: &str| -> Result<String, Diagnostic> {
        o.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                Diagnostic::error(
                    loc.key(key),
                    format!("a connectionSpec needs a non-empty string `{key}`"),
                )
            })
    };
    let id = text("id")?;
    let name = text("name")?;
    let version = o.get("version").and_then(Value::as_str).map(str::to_owned);
    // Source and target first, so their types keep the names `SourceParams` and
    // `TargetParams` whatever the auth entries are called.
    let mut parts = Vec::new();
    for part_key in [PartKey::Source, PartKey::Target] {
        // `sourceSpec`, `targetSpec`: the member is the key's text.
        let key = part_key.to_string();
        let key = key.as_str();
        match o.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Object(p)) => {
                let schema = spec_of(p, "spec", &loc.key(key), warnings);
                parts.push(ConnectionPart {
                    key: part_key,
                    schema,
                });
            }
            Some(_) => {
                return Err(Diagnostic::error(
                    loc.key(key),
                    format!("`{key}` must be an object"),
                ))
            }
        }
    }
    auth_parts(o, &loc, &mut parts, warnings)?;
    if let Some(e) = o.get("exploreSpec").filter(|e| !e.is_null()) {
        explore_parts(e, &loc.key("exploreSpec"), &mut parts, warnings)?;
    }
    Ok(ConnectionSpec {
        location: loc,
        id,
        name,
        version,
        parts,
    })
}

/// The schema under `key` of a part object: absent, `null` or not a schema means none
/// (with a warning).
fn spec_of(
    p: &Map<String, Value>,
    key: &str,
    at: &Location,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Location> {
    match p.get(key) {
        Some(Value::Object(_)) | Some(Value::Bool(_)) => Some(at.key(key)),
        None | Some(Value::Null) => {
            warnings.push(Diagnostic::warning(
                at.clone(),
                format!("no `{key}`: the part is untyped (any JSON value is accepted)"),
            ));
            None
        }
        Some(_) => {
            warnings.push(Diagnostic::warning(
                at.key(key),
                format!(
                    "`{key}` is not a schema: the part is untyped (any JSON value is accepted)"
                ),
            ));
            None
        }
    }
}

fn auth_parts(
    o: &Map<String, Value>,
    loc: &Location,
    parts: &mut Vec<ConnectionPart>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let at = loc.key("authSpec");
    let list = match o.get("authSpec") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(l)) => l,
        Some(_) => return Err(Diagnostic::error(at, "`authSpec` must be an array")),
    };
    let mut seen: Vec<&str> = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let at = at.index(i);
        let entry = entry
            .as_object()
            .ok_or_else(|| Diagnostic::error(at.clone(), "an authSpec entry must be an object"))?;
        let name = entry
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| {
                Diagnostic::error(
                    at.key("name"),
                    "an authSpec entry needs a non-empty string `name`",
                )
            })?;
        if seen.contains(&name) {
            warnings.push(Diagnostic::warning(
                at.key("name"),
                format!("authSpec {name:?} is listed twice: the first entry is used"),
            ));
            continue;
        }
        seen.push(name);
        let schema = spec_of(entry, "spec", &at, warnings);
        parts.push(ConnectionPart {
            key: PartKey::Auth(name.to_owned().into()),
            schema,
        });
    }
    Ok(())
}

/// Whether `v` reads as one schema rather than a map of schemas keyed by object type.
fn is_schema(v: &Map<String, Value>) -> bool {
    const KEYWORDS: &[&str] = &[
        "type",
        "properties",
        "$ref",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "enum",
        "const",
        "additionalProperties",
        "required",
        "not",
        "if",
        "definitions",
        "patternProperties",
    ];
    v.is_empty() || KEYWORDS.iter().any(|k| v.contains_key(*k))
}

fn explore_parts(
    e: &Value,
    at: &Location,
    parts: &mut Vec<ConnectionPart>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let e = e
        .as_object()
        .ok_or_else(|| Diagnostic::error(at.clone(), "`exploreSpec` must be an object"))?;
    if let Some(Value::Object(_)) = e.get("requestSpec") {
        parts.push(ConnectionPart {
            key: PartKey::ExploreRequest,
            schema: Some(at.key("requestSpec")),
        });
    }
    let Some(response) = e.get("responseSpec").filter(|r| !r.is_null()) else {
        return Ok(());
    };
    let at = at.key("responseSpec");
    let Some(map) = response.as_object() else {
        warnings.push(Diagnostic::warning(
            at,
            "`responseSpec` is not an object: ignored",
        ));
        return Ok(());
    };
    if is_schema(map) {
        warnings.push(Diagnostic::warning(
            at.clone(),
            "`responseSpec` is one schema, not a map by object type: read as the `root` response",
        ));
        parts.push(ConnectionPart {
            key: PartKey::explore_response("root"),
            schema: Some(at),
        });
        return Ok(());
    }
    for (object_type, v) in map.iter().filter(|(k, _)| !k.starts_with('$')) {
        let at = at.key(object_type);
        match v {
            Value::Object(inner) if !is_schema(inner) => {
                for (file_type, s) in inner.iter().filter(|(k, _)| !k.starts_with('$')) {
                    if s.is_object() {
                        parts.push(ConnectionPart {
                            key: PartKey::ExploreResponse(
                                format!("{object_type}/{file_type}").into(),
                            ),
                            schema: Some(at.key(file_type)),
                        });
                    } else {
                        warnings.push(Diagnostic::warning(
                            at.key(file_type),
                            "not a schema: ignored",
                        ));
                    }
                }
            }
            Value::Object(_) | Value::Bool(_) => parts.push(ConnectionPart {
                key: PartKey::ExploreResponse(object_type.clone().into()),
                schema: Some(at),
            }),
            _ => warnings.push(Diagnostic::warning(at, "not a schema: ignored")),
        }
    }
    Ok(())
}

/// Warnings about what a part's schema says oddly but readably: `required` members that
/// are not declared (typed as any JSON value), a `$schema` that is not a draft-07 URI
/// (read as draft-07), and custom keywords (`conditional`, `uiAttributes`) that mean
/// nothing to validation.
pub fn lint(doc: &Document, spec: &ConnectionSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for part in &spec.parts {
        if let Some(loc) = &part.schema {
            if let Some(v) = doc.at(&loc.pointer) {
                lint_node(v, loc, &mut out, 0);
            }
        }
    }
    out
}

/// Nesting beyond which [`lint`] stops looking (the IR stage bounds the rest).
const LINT_DEPTH: usize = 64;

fn lint_node(v: &Value, at: &Location, out: &mut Vec<Diagnostic>, depth: usize) {
    if depth > LINT_DEPTH {
        return;
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                lint_node(item, &at.index(i), out, depth + 1);
            }
        }
        Value::Object(o) => {
            lint_object(o, at, out);
            for (k, child) in o {
                // Values of these keywords are data, not schemas.
                if matches!(
                    k.as_str(),
                    "enum"
                        | "const"
                        | "default"
                        | "example"
                        | "examples"
                        | "uiAttributes"
                        | "conditional"
                        | "required"
                ) {
                    continue;
                }
                lint_node(child, &at.key(k), out, depth + 1);
            }
        }
        _ => {}
    }
}

fn lint_object(o: &Map<String, Value>, at: &Location, out: &mut Vec<Diagnostic>) {
    if let Some(s) = o.get("$schema").and_then(Value::as_str) {
        let known = [
            "http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-07/schema",
            "https://json-schema.org/draft-07/schema#",
            "https://json-schema.org/draft-07/schema",
        ];
        if !known.contains(&s) {
            out.push(Diagnostic::warning(
                at.key("$schema"),
                format!("`$schema` {s:?} is not a draft-07 URI: read as draft-07"),
            ));
        }
    }
    for k in ["conditional", "uiAttributes"] {
        if o.contains_key(k) {
            out.push(Diagnostic::warning(
                at.key(k),
                format!("custom keyword `{k}` is ignored: it does not constrain the value"),
            ));
        }
    }
    let declared = o.get("properties").and_then(Value::as_object);
    if let Some(Value::Array(required)) = o.get("required") {
        for (i, r) in required.iter().enumerate() {
            let Some(name) = r.as_str() else { continue };
            let has_ref = o.contains_key("$ref") || o.contains_key("allOf");
            if !has_ref && !declared.is_some_and(|d| d.contains_key(name)) {
                out.push(Diagnostic::warning(
                    at.key("required").index(i),
                    format!("required member {name:?} is not declared in `properties`: it is typed as any JSON value"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
