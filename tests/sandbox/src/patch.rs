//! JSON Patch (RFC 6902), applied atomically: all operations or none.
//!
//! Errors name the operation by its pointer in the patch document
//! (`/0/path`, `/1/value`, ...), so they go straight into a 400's violations.

use crate::errors::Violation;
use serde_json::Value;

/// Splits a JSON pointer into unescaped tokens; `None` if it is not a pointer.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

fn index(token: &str, len: usize, allow_end: bool) -> Option<usize> {
    if token == "-" {
        return allow_end.then_some(len);
    }
    if token.len() > 1 && token.starts_with('0') {
        return None;
    }
    let i: usize = token.parse().ok()?;
    let max = if allow_end {
        len
    } else {
        len.saturating_sub(1)
    };
    (i <= max && (allow_end || len > 0)).then_some(i)
}

fn get_mut<'a>(doc: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |cur, t| match cur {
        Value::Object(m) => m.get_mut(t),
        Value::Array(a) => {
            let i = index(t, a.len(), false)?;
            a.get_mut(i)
        }
        _ => None,
    })
}

fn get<'a>(doc: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |cur, t| match cur {
        Value::Object(m) => m.get(t),
        Value::Array(a) => a.get(index(t, a.len(), false)?),
        _ => None,
    })
}

fn add(doc: &mut Value, path: &[String], value: Value) -> Result<(), String> {
    let Some((last, parent)) = path.split_last() else {
        *doc = value;
        return Ok(());
    };
    match get_mut(doc, parent) {
        Some(Value::Object(m)) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        Some(Value::Array(a)) => {
            let i = index(last, a.len(), true).ok_or("array index out of range")?;
            a.insert(i, value);
            Ok(())
        }
        Some(_) => Err("the parent is neither an object nor an array".into()),
        None => Err("the parent does not exist".into()),
    }
}

fn remove(doc: &mut Value, path: &[String]) -> Result<Value, String> {
    let (last, parent) = path
        .split_last()
        .ok_or("the whole document cannot be removed")?;
    match get_mut(doc, parent) {
        Some(Value::Object(m)) => m.remove(last).ok_or_else(|| "no such member".into()),
        Some(Value::Array(a)) => {
            let i = index(last, a.len(), false).ok_or("array index out of range")?;
            Ok(a.remove(i))
        }
        _ => Err("no such member".into()),
    }
}

fn pointer_of(op: &Value, key: &str, at: usize) -> Result<Vec<String>, Violation> {
    let text = op
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| Violation::new(format!("/{at}/{key}"), "must be a JSON pointer string"))?;
    tokens(text).ok_or_else(|| Violation::new(format!("/{at}/{key}"), "must start with '/'"))
}

fn apply_one(doc: &mut Value, op: &Value, at: usize) -> Result<(), Violation> {
    let name = op
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| Violation::new(format!("/{at}/op"), "is required"))?;
    let path = pointer_of(op, "path", at)?;
    let value = || {
        op.get("value")
            .cloned()
            .ok_or_else(|| Violation::new(format!("/{at}/value"), "is required"))
    };
    let fail = |m: String| Violation::new(format!("/{at}/path"), m);
    match name {
        "add" => add(doc, &path, value()?).map_err(fail),
        "remove" => remove(doc, &path).map(|_| ()).map_err(fail),
        "replace" => {
            let v = value()?;
            let slot = get_mut(doc, &path).ok_or_else(|| fail("no such member".into()))?;
            *slot = v;
            Ok(())
        }
        "move" | "copy" => {
            let from = pointer_of(op, "from", at)?;
            if name == "move" && path.len() > from.len() && path.starts_with(&from) {
                return Err(Violation::new(
                    format!("/{at}/from"),
                    "cannot move a value into itself",
                ));
            }
            let v = if name == "move" {
                remove(doc, &from)
            } else {
                get(doc, &from)
                    .cloned()
                    .ok_or_else(|| "no such member".into())
            }
            .map_err(|m| Violation::new(format!("/{at}/from"), m))?;
            add(doc, &path, v).map_err(fail)
        }
        "test" => {
            let v = value()?;
            match get(doc, &path) {
                Some(found) if *found == v => Ok(()),
                _ => Err(fail("test failed: the value differs".into())),
            }
        }
        other => Err(Violation::new(
            format!("/{at}/op"),
            format!("unknown operation {other:?}"),
        )),
    }
}

/// Applies `patch` to a copy of `doc`; returns the result or the first error.
pub fn apply(doc: &Value, patch: &Value) -> Result<Value, Violation> {
    let ops = patch
        .as_array()
        .filter(|ops| !ops.is_empty())
        .ok_or_else(|| Violation::new("", "a JSON Patch is a non-empty array of operations"))?;
    let mut out = doc.clone();
    for (at, op) in ops.iter().enumerate() {
        apply_one(&mut out, op, at)?;
    }
    Ok(out)
}

/// The first member (`/name` → `name`) each operation of `patch` writes to.
pub fn touched_members(patch: &Value) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, op) in patch.as_array().into_iter().flatten().enumerate() {
        for key in ["path", "from"] {
            let moving = key == "path" || op.get("op").and_then(Value::as_str) == Some("move");
            if let (true, Some(t)) = (moving, op.get(key).and_then(Value::as_str).and_then(tokens))
            {
                out.push((at, t.first().cloned().unwrap_or_default()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(doc: Value, patch: Value) -> Value {
        apply(&doc, &patch).unwrap_or_else(|v| panic!("{v:?}"))
    }

    #[test]
    fn the_six_operations() {
        let doc = json!({"a": {"b": [1, 2]}, "c": "x"});
        assert_eq!(
            ok(
                doc.clone(),
                json!([{"op": "add", "path": "/a/b/-", "value": 3}])
            ),
            json!({"a": {"b": [1, 2, 3]}, "c": "x"})
        );
        assert_eq!(
            ok(doc.clone(), json!([{"op": "remove", "path": "/a/b/0"}])),
            json!({"a": {"b": [2]}, "c": "x"})
        );
        assert_eq!(
            ok(
                doc.clone(),
                json!([{"op": "replace", "path": "/c", "value": 5}])
            ),
            json!({"a": {"b": [1, 2]}, "c": 5})
        );
        assert_eq!(
            ok(
                doc.clone(),
                json!([{"op": "move", "from": "/c", "path": "/d"}])
            ),
            json!({"a": {"b": [1, 2]}, "d": "x"})
        );
        assert_eq!(
            ok(
                doc.clone(),
                json!([{"op": "copy", "from": "/a/b/1", "path": "/a/b/0"}])
            ),
            json!({"a": {"b": [2, 1, 2]}, "c": "x"})
        );
        assert_eq!(
            ok(
                doc.clone(),
                json!([{"op": "test", "path": "/c", "value": "x"}])
            ),
            doc
        );
        assert_eq!(
            ok(
                json!({"a~b": {"c/d": 1}}),
                json!([{"op": "replace", "path": "/a~0b/c~1d", "value": 2}])
            ),
            json!({"a~b": {"c/d": 2}})
        );
    }

    #[test]
    fn failures_name_the_operation_and_change_nothing() {
        let doc = json!({"a": [1]});
        let cases = [
            (json!([]), ""),
            (json!({"op": "add"}), ""),
            (
                json!([{"op": "add", "path": "/a/5", "value": 1}]),
                "/0/path",
            ),
            (
                json!([{"op": "replace", "path": "/x", "value": 1}]),
                "/0/path",
            ),
            (
                json!([{"op": "add", "path": "/b", "value": 1}, {"op": "remove", "path": "/zz"}]),
                "/1/path",
            ),
            (
                json!([{"op": "test", "path": "/a/0", "value": 2}]),
                "/0/path",
            ),
            (json!([{"op": "frob", "path": "/a"}]), "/0/op"),
            (json!([{"op": "add", "path": "a", "value": 1}]), "/0/path"),
            (json!([{"op": "add", "path": "/b"}]), "/0/value"),
            (
                json!([{"op": "move", "from": "/a", "path": "/a/0"}]),
                "/0/from",
            ),
            (json!([{"op": "remove", "path": "/a/01"}]), "/0/path"),
        ];
        for (patch, at) in cases {
            let e = apply(&doc, &patch).err().map(|v| v.path);
            assert_eq!(e.as_deref(), Some(at), "{patch}");
        }
    }

    #[test]
    fn reports_touched_members() {
        let p = json!([{"op": "replace", "path": "/name", "value": 1},
                       {"op": "move", "from": "/id", "path": "/x"}]);
        assert_eq!(
            touched_members(&p),
            vec![(0, "name".into()), (1, "x".into()), (1, "id".into())]
        );
    }
}
