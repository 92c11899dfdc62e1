//! Path items and operations: parameters split into simple ones and the request body,
//! responses per `produces`.

use super::{content, esc, media_list, response, simple_param, Context, Origins};
use serde_json::{json, Map, Value};

pub(super) fn path_item(item: &Value, at: &str, ctx: &Context<'_>, origins: &mut Origins) -> Value {
    let Value::Object(item) = item else {
        return item.clone();
    };
    let mut out = Map::new();
    // Path-level body and form parameters go to every operation.
    let shared: Vec<(usize, Value)> = list(item.get("parameters"));
    let (shared_body, shared_simple) = split_params(&shared, at, ctx);
    if !shared_simple.is_empty() {
        let mut ps = Vec::new();
        for (j, (i, p)) in shared_simple.iter().enumerate() {
            let new = format!("{at}/parameters/{j}");
            ps.push(simple_param(
                p,
                &new,
                &format!("{at}/parameters/{i}"),
                origins,
            ));
        }
        out.insert("parameters".into(), Value::Array(ps));
    }
    for (key, v) in item {
        if key == "parameters" {
            continue;
        }
        if crate::openapi::Method::from_key(key).is_none() {
            out.insert(key.clone(), v.clone());
            continue;
        }
        let op_at = format!("{at}/{}", esc(key));
        out.insert(
            key.clone(),
            operation(v, &op_at, &shared_body, ctx, origins),
        );
    }
    Value::Object(out)
}

/// The parameters of a list with their index.
fn list(v: Option<&Value>) -> Vec<(usize, Value)> {
    match v {
        Some(Value::Array(a)) => a.iter().cloned().enumerate().collect(),
        _ => Vec::new(),
    }
}

/// A parameter's own object: a `$ref` to a top-level parameter is looked up (a body or
/// form parameter must be inlined), with the pointer of where it stands.
fn looked_up(p: &Value, ctx: &Context<'_>) -> Option<(Value, String)> {
    let name = p
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/parameters/")?;
    let name = crate::openapi::decode_fragment(name);
    let target = ctx.params?.get(&name)?;
    Some((target.clone(), format!("/parameters/{}", esc(&name))))
}

type Split = (Vec<(String, Value)>, Vec<(usize, Value)>);

/// Body and form parameters (with their original pointer, looked up through `$ref`)
/// apart from the others (with their index).
fn split_params(params: &[(usize, Value)], at: &str, ctx: &Context<'_>) -> Split {
    let mut body = Vec::new();
    let mut simple = Vec::new();
    for (i, p) in params {
        let (value, from) = match looked_up(p, ctx) {
            Some((v, from)) => (v, Some(from)),
            None => (p.clone(), None),
        };
        match value.get("in").and_then(Value::as_str) {
            Some("body" | "formData") => body.push((
                from.unwrap_or_else(|| format!("{at}/parameters/{i}")),
                value,
            )),
            _ => simple.push((*i, p.clone())),
        }
    }
    (body, simple)
}

fn operation(
    op: &Value,
    at: &str,
    shared_body: &[(String, Value)],
    ctx: &Context<'_>,
    origins: &mut Origins,
) -> Value {
    let Value::Object(op) = op else {
        return op.clone();
    };
    let consumes = match op.get("consumes") {
        Some(c) => media_list(Some(c), "application/json"),
        None => ctx.consumes.to_vec(),
    };
    let produces = match op.get("produces") {
        Some(p) => media_list(Some(p), "application/json"),
        None => ctx.produces.to_vec(),
    };
    let mut out = Map::new();
    let own = list(op.get("parameters"));
    let (mut body, simple) = split_params(&own, at, ctx);
    if body.is_empty() {
        body = shared_body.to_vec();
    }
    for (key, v) in op {
        match key.as_str() {
            "consumes" | "produces" | "schemes" => {}
            "parameters" => {
                let ps: Vec<Value> = simple
                    .iter()
                    .enumerate()
                    .map(|(j, (i, p))| {
                        let new = format!("{at}/parameters/{j}");
                        simple_param(p, &new, &format!("{at}/parameters/{i}"), origins)
                    })
                    .collect();
                out.insert(key.clone(), Value::Array(ps));
            }
            "responses" => {
                let mut rs = Map::new();
                if let Value::Object(responses) = v {
                    for (code, r) in responses {
                        let p = format!("{at}/responses/{}", esc(code));
                        rs.insert(code.clone(), response(r, &produces, &p, &p, origins));
                    }
                }
                out.insert(key.clone(), Value::Object(rs));
            }
            _ => {
                out.insert(key.clone(), v.clone());
            }
        }
    }
    if let Some(b) = request_body(&body, &consumes, at, origins) {
        out.insert("requestBody".into(), b);
    }
    Value::Object(out)
}

/// The `requestBody` of a `body` parameter, or of the `formData` parameters.
fn request_body(
    params: &[(String, Value)],
    consumes: &[String],
    at: &str,
    origins: &mut Origins,
) -> Option<Value> {
    let new = format!("{at}/requestBody");
    if let Some((from, b)) = params
        .iter()
        .find(|(_, p)| p.get("in").and_then(Value::as_str) == Some("body"))
    {
        origins.add(new.clone(), from.clone());
        for m in consumes {
            origins.add(
                format!("{new}/content/{}/schema", esc(m)),
                format!("{from}/schema"),
            );
        }
        let mut out = Map::new();
        for key in ["description", "required"] {
            if let Some(v) = b.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
        let schema = b.get("schema").cloned().unwrap_or_else(|| json!({}));
        out.insert("content".into(), content(Some(&schema), consumes, None));
        return Some(Value::Object(out));
    }
    let (first, _) = params.first()?;
    origins.add(new.clone(), first.clone());
    let has_file = params
        .iter()
        .any(|(_, p)| p.get("type").and_then(Value::as_str) == Some("file"));
    let media = consumes
        .iter()
        .find(|m| {
            m.starts_with("multipart/form-data")
                || m.starts_with("application/x-www-form-urlencoded")
        })
        .cloned()
        .unwrap_or_else(|| {
            if has_file {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            }
            .to_owned()
        });
    let schema_at = format!("{new}/content/{}/schema", esc(&media));
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (from, p) in params {
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        let prop_at = format!("{schema_at}/properties/{}", esc(name));
        let converted = simple_param(p, &prop_at, from, origins);
        origins.add(prop_at, from.clone());
        properties.insert(
            name.to_owned(),
            converted
                .get("schema")
                .cloned()
                .unwrap_or_else(|| json!({})),
        );
        if p.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(name.to_owned()));
        }
    }
    let schema = json!({"type": "object", "properties": properties, "required": required});
    let mut c = Map::new();
    c.insert(media, json!({ "schema": schema }));
    Some(json!({ "required": !required.is_empty(), "content": c }))
}
