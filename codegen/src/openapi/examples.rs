//! Examples checked against their schemas at generation: a vendor description whose
//! examples break its own schemas shows the inconsistency before a user meets it at run
//! time. Each mismatch is a warning at the example, naming the schema and each violated
//! keyword.
//!
//! Checked: `example` and `examples` (a list) inside schemas; `example` and
//! `examples.*.value` (following `$ref`s to `components/examples`) of media types,
//! parameters and headers, against their `schema`. Only schemas the client reads are
//! checked (bodies, answers, parameters and the components).

use super::Api;
use crate::diag::{Diagnostic, Location};
use crate::ir::{verdict, NodeId, Unit};
use serde_json::Value;
use std::collections::BTreeMap;

/// How many violations one warning spells out.
const SHOWN: usize = 3;

/// Every example of `api` that breaks its schema (as read into `unit`), one warning each.
pub fn check(api: &Api, unit: &Unit) -> Vec<Diagnostic> {
    let nodes: BTreeMap<&str, NodeId> = unit
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.location.file == api.doc.file)
        .map(|(i, n)| (n.location.pointer.as_str(), NodeId(i as u32)))
        .collect();
    let mut out = Vec::new();
    let doc = &api.doc.value;
    let at = |pointer: String| Location {
        file: api.doc.file.clone(),
        pointer,
    };
    // Examples inside schemas.
    for (pointer, id) in &nodes {
        let Some(schema) = doc.pointer(pointer) else {
            continue;
        };
        if let Some(example) = schema.get("example") {
            warn(
                unit,
                *id,
                example,
                at(format!("{pointer}/example")),
                &mut out,
            );
        }
        if let Some(Value::Array(list)) = schema.get("examples") {
            for (i, example) in list.iter().enumerate() {
                warn(
                    unit,
                    *id,
                    example,
                    at(format!("{pointer}/examples/{i}")),
                    &mut out,
                );
            }
        }
    }
    // Examples beside a `schema`: media types, parameters, headers.
    let mut holders = Vec::new();
    for root in ["/paths", "/components"] {
        if let Some(v) = doc.pointer(root) {
            holders_in(v, root.to_owned(), &mut holders, 0);
        }
    }
    for holder in holders {
        let Some(id) = schema_node(doc, &format!("{holder}/schema"), &nodes) else {
            continue;
        };
        let Some(h) = doc.pointer(&holder) else {
            continue;
        };
        if let Some(example) = h.get("example") {
            warn(unit, id, example, at(format!("{holder}/example")), &mut out);
        }
        if let Some(Value::Object(named)) = h.get("examples") {
            for (name, e) in named {
                let mut pointer = format!("{holder}/examples/");
                flowgen_runtime::path::push_escaped(&mut pointer, name);
                let Some((e, pointer)) = follow(doc, e, pointer) else {
                    continue;
                };
                if let Some(value) = e.get("value") {
                    warn(unit, id, value, at(format!("{pointer}/value")), &mut out);
                }
            }
        }
    }
    out
}

fn warn(unit: &Unit, id: NodeId, example: &Value, at: Location, out: &mut Vec<Diagnostic>) {
    let violations = verdict::violations(unit, id, example);
    if violations.is_empty() {
        return;
    }
    let schema = &unit.node(id).location;
    let mut message = format!(
        "this example does not match its schema (#{}): ",
        schema.pointer
    );
    let shown: Vec<String> = violations
        .iter()
        .take(SHOWN)
        .map(|v| {
            let path = if v.instance_path.is_empty() {
                "(root)"
            } else {
                &v.instance_path
            };
            format!("{path}: {} (#{})", v.message, v.keyword.pointer)
        })
        .collect();
    message.push_str(&shown.join("; "));
    if violations.len() > SHOWN {
        message.push_str(&format!("; and {} more", violations.len() - SHOWN));
    }
    out.push(Diagnostic::warning(at, message).with_hint(
        "the description disagrees with itself; an overlay can fix whichever side is wrong",
    ));
}

/// Follows a `$ref` (to `components/examples`, say): the value and its pointer.
fn follow<'a>(
    doc: &'a Value,
    mut v: &'a Value,
    mut pointer: String,
) -> Option<(&'a Value, String)> {
    for _ in 0..32 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                pointer = r.strip_prefix('#')?.to_owned();
                v = doc.pointer(&pointer)?;
            }
            None => return Some((v, pointer)),
        }
    }
    None
}

/// The node of the schema at `pointer`, or of what its `$ref`s lead to.
fn schema_node(doc: &Value, pointer: &str, nodes: &BTreeMap<&str, NodeId>) -> Option<NodeId> {
    let mut pointer = pointer.to_owned();
    for _ in 0..32 {
        if let Some(id) = nodes.get(pointer.as_str()) {
            return Some(*id);
        }
        let r = doc.pointer(&pointer)?.get("$ref")?.as_str()?;
        pointer = r.strip_prefix('#')?.to_owned();
    }
    None
}

/// Pointers of the objects holding a `schema` beside `example` or `examples` (media types,
/// parameters, headers); schemas themselves are not descended into.
fn holders_in(v: &Value, at: String, out: &mut Vec<String>, depth: usize) {
    if depth > 32 {
        return;
    }
    let Value::Object(m) = v else {
        if let Value::Array(a) = v {
            for (i, sub) in a.iter().enumerate() {
                holders_in(sub, format!("{at}/{i}"), out, depth + 1);
            }
        }
        return;
    };
    if m.get("schema").is_some_and(Value::is_object)
        && (m.contains_key("example") || m.contains_key("examples"))
    {
        out.push(at.clone());
    }
    for (k, sub) in m {
        if matches!(k.as_str(), "schema" | "schemas" | "example" | "examples") {
            continue;
        }
        let mut next = at.clone();
        next.push('/');
        flowgen_runtime::path::push_escaped(&mut next, k);
        holders_in(sub, next, out, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use std::io::Write;

    #[test]
    fn examples_that_break_their_schemas_are_warnings_naming_both_pointers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("api.yaml");
        let mut f = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
        let text = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /sets:
    post:
      operationId: createSet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Set'}
            examples:
              good: {value: {id: a, createdDate: x}}
              bad: {$ref: '#/components/examples/Bad'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Set'}
              example: {id: a, createdDate: 1614901254724}
components:
  examples:
    Bad: {value: {id: null}}
  schemas:
    Set:
      type: object
      properties:
        id: {type: string, example: 7}
        createdDate: {type: string}
        status: {type: string, enum: [A, B], example: A}
"##;
        f.write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let generated = Config::new()
            .openapi_file(&path)
            .names_relative_to(dir.path())
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut found: Vec<(String, String)> = generated
            .warnings
            .iter()
            .filter(|w| w.message.starts_with("this example"))
            .map(|w| (w.location.pointer.clone(), w.message.clone()))
            .collect();
        found.sort();
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/examples/Bad/value",
                "/components/schemas/Set/properties/id/example",
                "/paths/~1sets/post/responses/200/content/application~1json/example",
            ],
            "{found:#?}"
        );
        let response = &found[2].1;
        assert!(
            response.contains("#/components/schemas/Set")
                && response.contains("/createdDate: expected string (#/components/schemas/Set/properties/createdDate/type)"),
            "{response}"
        );
    }
}
