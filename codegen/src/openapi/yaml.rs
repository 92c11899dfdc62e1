//! Reading an endpoint description (YAML or JSON) into a JSON value.
//!
//! OpenAPI documents are usually YAML, where mapping keys need not be strings: response
//! codes are often written `200:` (an integer). JSON has string keys only, so every
//! scalar key becomes its string form. Tags (`!foo`) are dropped, merge keys (`<<`) are
//! applied, and a float JSON cannot hold (`.inf`, `.nan`) becomes `null` with a warning.

use crate::diag::{Diagnostic, Location};
use serde_json::{Map, Number, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// Parses `text` as YAML (which also reads JSON) into JSON.
pub fn parse(
    file: &Arc<PathBuf>,
    text: &[u8],
    warnings: &mut Vec<Diagnostic>,
) -> Result<Value, Diagnostic> {
    let root = Location::root(file.clone());
    let text = std::str::from_utf8(text).map_err(|e| {
        Diagnostic::error(
            root.clone(),
            format!("not valid UTF-8 (byte {})", e.valid_up_to()),
        )
    })?;
    let mut yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
        let position = e
            .location()
            .map(|l| format!(" at line {} column {}", l.line(), l.column()))
            .unwrap_or_default();
        Diagnostic::error(root.clone(), format!("malformed YAML{position}: {e}"))
            .with_hint("fix the YAML syntax; the position above is where the parser stopped")
    })?;
    yaml.apply_merge().map_err(|e| {
        Diagnostic::error(
            root.clone(),
            format!("a YAML merge key (`<<`) cannot be applied: {e}"),
        )
    })?;
    convert(yaml, &root, warnings)
}

/// The string form of a YAML mapping key.
fn key_string(key: &serde_norway::Value, at: &Location) -> Result<String, Diagnostic> {
    use serde_norway::Value as Y;
    match key {
        Y::String(s) => Ok(s.clone()),
        Y::Number(n) => Ok(n.to_string()),
        Y::Bool(b) => Ok(b.to_string()),
        Y::Null => Ok("null".to_owned()),
        Y::Tagged(t) => key_string(&t.value, at),
        Y::Sequence(_) | Y::Mapping(_) => Err(Diagnostic::error(
            at.clone(),
            "a mapping key is itself a sequence or mapping, which JSON cannot hold",
        )
        .with_hint("use a plain scalar as the key")),
    }
}

fn convert(
    value: serde_norway::Value,
    at: &Location,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Value, Diagnostic> {
    use serde_norway::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                match n.as_f64().and_then(Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => {
                        warnings.push(Diagnostic::warning(
                            at.clone(),
                            format!("the number `{n}` has no JSON form; read as null"),
                        ));
                        Value::Null
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| convert(v, &at.index(i), warnings))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = key_string(&k, at)?;
                let value = convert(v, &at.key(&key), warnings)?;
                if out.insert(key.clone(), value).is_some() {
                    warnings.push(Diagnostic::warning(
                        at.key(&key),
                        format!("the key `{key}` occurs twice (e.g. once as `{key}` and once quoted); the last one wins"),
                    ));
                }
            }
            Value::Object(out)
        }
        Y::Tagged(t) => convert(t.value, at, warnings)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Result<Value, Diagnostic>, Vec<Diagnostic>) {
        let mut w = Vec::new();
        let file = Arc::new(PathBuf::from("t.yaml"));
        (parse(&file, text.as_bytes(), &mut w), w)
    }

    #[test]
    fn integer_and_boolean_keys_become_strings() {
        let (v, w) = read("responses:\n  200:\n    description: ok\n  true: 1\n");
        let v = v.unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
        assert_eq!(v["responses"]["true"], 1);
        assert!(w.is_empty());
    }

    #[test]
    fn non_finite_numbers_warn() {
        let (v, w) = read("a: .inf\n");
        assert_eq!(v.unwrap()["a"], Value::Null);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].location.pointer, "/a");
    }

    #[test]
    fn malformed_yaml_names_the_position() {
        let (v, _) = read("a: [1, 2\n");
        let d = v.unwrap_err();
        assert!(d.message.contains("line"), "{}", d.message);
    }

    #[test]
    fn merge_keys_apply() {
        let (v, _) = read("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n");
        let v = v.unwrap();
        assert_eq!(v["derived"]["x"], 1);
        assert_eq!(v["derived"]["y"], 2);
    }
}
