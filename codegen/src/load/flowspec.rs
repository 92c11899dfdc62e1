//! Finding flowSpecs in documents: one flowSpec object, or a `{"items": [...]}` list as
//! `GET /flowSpecs` returns it.

use super::Document;
use crate::diag::{Diagnostic, Location};
use flowgen_runtime::PartKey;
use serde_json::{Map, Value};

/// One part of a flowSpec: its key and where its schema stands.
#[derive(Debug, Clone)]
pub struct FlowPart {
    /// Which part it is.
    pub key: PartKey,
    /// Where its JSON Schema (`spec`) stands.
    pub schema: Location,
}

/// A flowSpec found in a document.
#[derive(Debug, Clone)]
pub struct FlowSpec {
    /// Where the flowSpec object stands.
    pub location: Location,
    /// `id`.
    pub id: String,
    /// `name`.
    pub name: String,
    /// `version`, when given.
    pub version: Option<String>,
    /// Its schemas, in the order options, schedule, transformations, run.
    pub parts: Vec<FlowPart>,
}

/// Every flowSpec in `doc`.
pub fn find(doc: &Document) -> Result<Vec<FlowSpec>, Diagnostic> {
    let root = doc.root();
    match &doc.value {
        Value::Object(o) if o.contains_key("items") && !o.contains_key("id") => {
            let items = o.get("items").and_then(Value::as_array).ok_or_else(|| {
                Diagnostic::error(root.key("items"), "`items` must be an array of flowSpecs")
            })?;
            items
                .iter()
                .enumerate()
                .map(|(i, v)| one(v, root.key("items").index(i)))
                .collect()
        }
        v => Ok(vec![one(v, root)?]),
    }
}

fn one(v: &Value, loc: Location) -> Result<FlowSpec, Diagnostic> {
    let o = v.as_object().ok_or_else(|| {
        Diagnostic::error(loc.clone(), "a flowSpec must be a JSON object").with_hint(
            "give one flowSpec object, or `{\"items\": [...]}` as GET /flowSpecs returns",
        )
    })?;
    let text = |key: &str| -> Result<String, Diagnostic> {
        o.get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                Diagnostic::error(loc.key(key), format!("a flowSpec needs a string `{key}`"))
            })
    };
    let id = text("id")?;
    let name = text("name")?;
    if name.trim().is_empty() {
        return Err(Diagnostic::error(
            loc.key("name"),
            "the flowSpec's name is empty",
        ));
    }
    let version = o.get("version").and_then(Value::as_str).map(str::to_owned);
    let mut parts = Vec::new();
    for key in [PartKey::Options, PartKey::Schedule] {
        if let Some(p) = part(o, key, &loc)? {
            parts.push(p);
        }
    }
    let transformation_keys = ["transformationSpec", "transformationSpecs"];
    let present: Vec<&str> = transformation_keys
        .into_iter()
        .filter(|k| o.contains_key(*k))
        .collect();
    if present.len() > 1 {
        return Err(Diagnostic::error(
            loc.key("transformationSpecs"),
            "both `transformationSpec` and `transformationSpecs` are present",
        )
        .with_hint("keep one of the two spellings"));
    }
    for key in present {
        let at = loc.key(key);
        let list = o
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| Diagnostic::error(at.clone(), format!("`{key}` must be an array")))?;
        let mut seen: Vec<String> = Vec::new();
        for (i, t) in list.iter().enumerate() {
            let at = at.index(i);
            let t = t.as_object().ok_or_else(|| {
                Diagnostic::error(at.clone(), "a transformation spec must be an object")
            })?;
            let name = t.get("name").and_then(Value::as_str).ok_or_else(|| {
                Diagnostic::error(
                    at.key("name"),
                    "a transformation spec needs a string `name`",
                )
            })?;
            if seen.iter().any(|s| s == name) {
                return Err(Diagnostic::error(
                    at.key("name"),
                    format!("transformation {name:?} is listed twice"),
                ));
            }
            seen.push(name.to_owned());
            if !t.contains_key("spec") {
                return Err(Diagnostic::error(
                    at.clone(),
                    format!("transformation {name:?} has no `spec`"),
                ));
            }
            parts.push(FlowPart {
                key: PartKey::Transformation(name.to_owned().into()),
                schema: at.key("spec"),
            });
        }
    }
    if let Some(p) = part(o, PartKey::Run, &loc)? {
        parts.push(p);
    }
    Ok(FlowSpec {
        location: loc,
        id,
        name,
        version,
        parts,
    })
}

/// The part `key` (one the flowSpec has at most once, under the member its text names).
fn part(
    o: &Map<String, Value>,
    key: PartKey,
    loc: &Location,
) -> Result<Option<FlowPart>, Diagnostic> {
    // `optionSpec`, `scheduleSpec`, `runSpec`: the member is the key's text.
    let member = key.to_string();
    let Some(v) = o.get(&member) else {
        return Ok(None);
    };
    if v.is_null() {
        return Ok(None);
    }
    let at = loc.key(&member);
    let p = v.as_object().ok_or_else(|| {
        Diagnostic::error(
            at.clone(),
            format!("`{member}` must be an object with a `spec`"),
        )
    })?;
    if !p.contains_key("spec") {
        return Err(Diagnostic::error(at, format!("`{member}` has no `spec`"))
            .with_hint("the JSON Schema goes under `spec`"));
    }
    Ok(Some(FlowPart {
        key,
        schema: at.key("spec"),
    }))
}
