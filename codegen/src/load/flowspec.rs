//! Finding flowSpecs in documents: one flowSpec object, or a `{"items": [...]}` list as
//! `GET /flowSpecs` returns it.

use super::Document;
use crate::diag::{Diagnostic, Location};
use serde_json::{Map, Value};

/// Which schema of a flowSpec a part is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartKind {
    /// `optionSpec`: the flow's `options`.
    Options,
    /// `scheduleSpec`: the flow's `scheduleParams`.
    Schedule,
    /// `runSpec`: a run's `providerParams`.
    Run,
    /// One of `transformationSpec[]`: a transformation's `params`.
    Transformation(String),
}

impl PartKind {
    /// The name the registry knows the part by: `optionSpec`, `scheduleSpec`, `runSpec`
    /// or `transformation:<Name>`.
    pub fn registry_key(&self) -> String {
        match self {
            PartKind::Options => "optionSpec".into(),
            PartKind::Schedule => "scheduleSpec".into(),
            PartKind::Run => "runSpec".into(),
            PartKind::Transformation(n) => format!("transformation:{n}"),
        }
    }
}

/// One schema of a flowSpec.
#[derive(Debug, Clone)]
pub struct Part {
    /// What it is.
    pub kind: PartKind,
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
    pub parts: Vec<Part>,
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
    for (key, kind) in [
        ("optionSpec", PartKind::Options),
        ("scheduleSpec", PartKind::Schedule),
    ] {
        if let Some(p) = part(o, key, kind, &loc)? {
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
            parts.push(Part {
                kind: PartKind::Transformation(name.to_owned()),
                schema: at.key("spec"),
            });
        }
    }
    if let Some(p) = part(o, "runSpec", PartKind::Run, &loc)? {
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

fn part(
    o: &Map<String, Value>,
    key: &str,
    kind: PartKind,
    loc: &Location,
) -> Result<Option<Part>, Diagnostic> {
    let Some(v) = o.get(key) else { return Ok(None) };
    if v.is_null() {
        return Ok(None);
    }
    let at = loc.key(key);
    let p = v.as_object().ok_or_else(|| {
        Diagnostic::error(
            at.clone(),
            format!("`{key}` must be an object with a `spec`"),
        )
    })?;
    if !p.contains_key("spec") {
        return Err(Diagnostic::error(at, format!("`{key}` has no `spec`"))
            .with_hint("the JSON Schema goes under `spec`"));
    }
    Ok(Some(Part {
        kind,
        schema: at.key("spec"),
    }))
}
