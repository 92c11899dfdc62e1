//! Reading one schema object's keywords out of JSON, checking each keyword's form.
//!
//! Subschemas are not read here: they are returned as the [`Location`]s where they stand,
//! and the IR stage reads each of them once, when it assigns it an id.

use crate::diag::{Diagnostic, Location};
use crate::schema::{Dependency, Items, Keywords};
use flowgen_runtime::json::JsonType;
use serde_json::{Map, Number, Value};

/// A schema node as read from JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum RawSchema {
    /// `true` or `false`.
    Bool(bool),
    /// A schema object.
    Object(Box<Keywords<Location>>),
}

/// Keywords that real flowSpecs and OpenAPI documents carry and that mean nothing for
/// validation; they are ignored silently.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$comment",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "uiAttributes",
    "conditional",
    "deprecated",
    "nullable",
    "discriminator",
    "xml",
    "externalDocs",
];

/// Reads the schema at `loc`. Warnings (unknown keywords) go to `warnings`.
pub fn read(
    value: &Value,
    loc: &Location,
    warnings: &mut Vec<Diagnostic>,
) -> Result<RawSchema, Diagnostic> {
    let obj = match value {
        Value::Bool(b) => return Ok(RawSchema::Bool(*b)),
        Value::Object(o) => o,
        other => {
            return Err(Diagnostic::error(
                loc.clone(),
                format!(
                    "a schema must be an object or a boolean, found {}",
                    kind(other)
                ),
            )
            .with_hint("write `{}` for \"anything\" or `false` for \"nothing\""))
        }
    };
    let mut k = Keywords::default();
    for (name, v) in obj {
        let at = || loc.key(name);
        match name.as_str() {
            "$id" => k.id = Some(string(v, &at())?),
            "$ref" => k.reference = Some(reference(v, &at())?),
            "title" => k.title = Some(string(v, &at())?),
            "description" => k.description = Some(string(v, &at())?),
            "default" => k.default = Some(v.clone()),
            "type" => k.types = Some(types(v, &at())?),
            "enum" => k.enumeration = Some(array(v, &at())?.clone()),
            "const" => k.constant = Some(v.clone()),
            "multipleOf" => {
                let n = number(v, &at())?;
                if n.as_f64().is_some_and(|f| f <= 0.0) {
                    return Err(Diagnostic::error(
                        at(),
                        "`multipleOf` must be greater than 0",
                    ));
                }
                k.multiple_of = Some(n);
            }
            "maximum" => k.maximum = Some(number(v, &at())?),
            "exclusiveMaximum" => k.exclusive_maximum = Some(exclusive(v, &at())?),
            "minimum" => k.minimum = Some(number(v, &at())?),
            "exclusiveMinimum" => k.exclusive_minimum = Some(exclusive(v, &at())?),
            "maxLength" => k.max_length = Some(count(v, &at())?),
            "minLength" => k.min_length = Some(count(v, &at())?),
            "pattern" => k.pattern = Some(string(v, &at())?),
            "format" => k.format = Some(string(v, &at())?),
            "contentEncoding" => k.content_encoding = Some(string(v, &at())?),
            "contentMediaType" => k.content_media_type = Some(string(v, &at())?),
            "items" => {
                k.items = Some(match v {
                    Value::Array(a) => Items::Tuple((0..a.len()).map(|i| at().index(i)).collect()),
                    _ => Items::All(at()),
                })
            }
            "additionalItems" => k.additional_items = Some(at()),
            "maxItems" => k.max_items = Some(count(v, &at())?),
            "minItems" => k.min_items = Some(count(v, &at())?),
            "uniqueItems" => k.unique_items = boolean(v, &at())?,
            "contains" => k.contains = Some(at()),
            "maxProperties" => k.max_properties = Some(count(v, &at())?),
            "minProperties" => k.min_properties = Some(count(v, &at())?),
            "required" => k.required = strings(v, &at())?,
            "properties" => k.properties = members(v, &at())?,
            "patternProperties" => k.pattern_properties = members(v, &at())?,
            "additionalProperties" => k.additional_properties = Some(at()),
            "dependencies" => k.dependencies = dependencies(v, &at())?,
            "propertyNames" => k.property_names = Some(at()),
            "if" => k.if_ = Some(at()),
            "then" => k.then = Some(at()),
            "else" => k.else_ = Some(at()),
            "allOf" => k.all_of = subschemas(v, &at())?,
            "anyOf" => k.any_of = Some(subschemas(v, &at())?),
            "oneOf" => k.one_of = Some(subschemas(v, &at())?),
            "not" => k.not = Some(at()),
            "definitions" => k.definitions = members(v, &at())?,
            other
                if ANNOTATIONS.contains(&other)
                    || other.starts_with("x-")
                    || other.starts_with("meta:") => {}
            other => warnings.push(
                Diagnostic::warning(
                    at(),
                    format!("keyword `{other}` is not part of JSON Schema draft-07; ignored"),
                )
                .with_hint("remove it, or keep it if it is an annotation for another tool"),
            ),
        }
    }
    Ok(RawSchema::Object(Box::new(k)))
}

/// What kind of JSON value `v` is, with its article (`"a string"`), for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(loc: &Location, what: &str, found: &Value) -> Diagnostic {
    Diagnostic::error(
        loc.clone(),
        format!("expected {what}, found {}", kind(found)),
    )
}

fn string(v: &Value, loc: &Location) -> Result<String, Diagnostic> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| expected(loc, "a string", v))
}

fn boolean(v: &Value, loc: &Location) -> Result<bool, Diagnostic> {
    v.as_bool().ok_or_else(|| expected(loc, "a boolean", v))
}

fn number(v: &Value, loc: &Location) -> Result<Number, Diagnostic> {
    match v {
        Value::Number(n) => Ok(n.clone()),
        _ => Err(expected(loc, "a number", v)),
    }
}

fn exclusive(v: &Value, loc: &Location) -> Result<Number, Diagnostic> {
    match v {
        Value::Bool(_) => Err(Diagnostic::error(loc.clone(), "a boolean exclusive bound is draft-04 syntax")
            .with_hint("in draft-07 write the bound itself, e.g. `\"exclusiveMinimum\": 0` instead of `\"minimum\": 0, \"exclusiveMinimum\": true`")),
        _ => number(v, loc),
    }
}

fn count(v: &Value, loc: &Location) -> Result<u64, Diagnostic> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return Ok(u);
            }
            match n.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 => Ok(f as u64),
                _ => Err(Diagnostic::error(
                    loc.clone(),
                    format!("expected a non-negative integer, found {n}"),
                )),
            }
        }
        _ => Err(expected(loc, "a non-negative integer", v)),
    }
}

fn array<'v>(v: &'v Value, loc: &Location) -> Result<&'v Vec<Value>, Diagnostic> {
    v.as_array().ok_or_else(|| expected(loc, "an array", v))
}

fn object<'v>(v: &'v Value, loc: &Location) -> Result<&'v Map<String, Value>, Diagnostic> {
    v.as_object().ok_or_else(|| expected(loc, "an object", v))
}

fn strings(v: &Value, loc: &Location) -> Result<Vec<String>, Diagnostic> {
    let mut out: Vec<String> = Vec::new();
    for (i, item) in array(v, loc)?.iter().enumerate() {
        let s = string(item, &loc.index(i))?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

fn members(v: &Value, loc: &Location) -> Result<Vec<(String, Location)>, Diagnostic> {
    Ok(object(v, loc)?
        .keys()
        .map(|k| (k.clone(), loc.key(k)))
        .collect())
}

fn subschemas(v: &Value, loc: &Location) -> Result<Vec<Location>, Diagnostic> {
    let a = array(v, loc)?;
    if a.is_empty() {
        return Err(
            Diagnostic::error(loc.clone(), "an empty list of subschemas")
                .with_hint("list at least one schema, or remove the keyword"),
        );
    }
    Ok((0..a.len()).map(|i| loc.index(i)).collect())
}

fn dependencies(
    v: &Value,
    loc: &Location,
) -> Result<Vec<(String, Dependency<Location>)>, Diagnostic> {
    object(v, loc)?
        .iter()
        .map(|(k, d)| {
            let at = loc.key(k);
            Ok((
                k.clone(),
                if d.is_array() {
                    Dependency::Properties(strings(d, &at)?)
                } else {
                    Dependency::Schema(at)
                },
            ))
        })
        .collect()
}

fn types(v: &Value, loc: &Location) -> Result<Vec<JsonType>, Diagnostic> {
    let one = |s: &Value, at: &Location| -> Result<JsonType, Diagnostic> {
        let name = string(s, at)?;
        Ok(match name.as_str() {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "number" => JsonType::Number,
            "string" => JsonType::String,
            "integer" => JsonType::Integer,
            _ => {
                return Err(
                    Diagnostic::error(at.clone(), format!("unknown type {name:?}")).with_hint(
                        "use one of null, boolean, object, array, number, string, integer",
                    ),
                )
            }
        })
    };
    match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, s)| one(s, &loc.index(i)))
            .collect(),
        _ => Ok(vec![one(v, loc)?]),
    }
}

/// A `$ref` is kept as the raw text (resolved later against the base URI); its location
/// is the schema object that holds it.
fn reference(v: &Value, at: &Location) -> Result<Location, Diagnostic> {
    string(v, at)?;
    Ok(at.clone())
}
