//! Sample values for documentation: a value a schema accepts and one it refuses, found by
//! trying a few candidates built from the schema's own words (`const`, `enum`, `default`,
//! `examples`, `minimum`, `type`, `required`) and keeping those the draft-07 evaluator
//! ([`super::verdict`]) agrees with. Deterministic: the candidates come in a fixed order.

use super::{verdict, NodeId, Unit};
use serde_json::{json, Map, Value};

/// At most this many candidates are built for one schema.
const MAX_CANDIDATES: usize = 32;
/// Candidates are built this deep into nested objects.
const MAX_DEPTH: usize = 4;

/// A value `schema` accepts and one it refuses, both checked against the node `node` of
/// `unit` (the same schema, resolved); `None` when no candidate is accepted.
pub(crate) fn accepted_and_refused(
    unit: &Unit,
    node: NodeId,
    schema: &Value,
) -> Option<(Value, Value)> {
    let accepts = |v: &Value| verdict::violations(unit, node, v).is_empty();
    let valid = candidates(schema, 0).into_iter().find(|v| accepts(v))?;
    let mut refused = Vec::new();
    // Without its first required member: the refusal users most often meet.
    if let (Value::Object(members), Some(first)) = (&valid, first_required(schema)) {
        let mut without = members.clone();
        without.remove(first);
        refused.push(Value::Object(without));
    }
    refused.extend([Value::Null, json!("text"), json!(42), json!({})]);
    let invalid = refused.into_iter().find(|v| !accepts(v))?;
    Some((valid, invalid))
}

fn first_required(schema: &Value) -> Option<&str> {
    schema.get("required")?.as_array()?.first()?.as_str()
}

/// Candidate values for `schema`, the likeliest first.
fn candidates(schema: &Value, depth: usize) -> Vec<Value> {
    let Some(o) = schema.as_object() else {
        return vec![json!({})];
    };
    if let Some(c) = o.get("const") {
        return vec![c.clone()];
    }
    let mut out: Vec<Value> = Vec::new();
    if let Some(Value::Array(values)) = o.get("enum") {
        out.extend(values.iter().take(6).cloned());
        return out;
    }
    out.extend(o.get("default").cloned());
    out.extend(o.get("example").cloned());
    if let Some(Value::Array(examples)) = o.get("examples") {
        out.extend(examples.iter().take(2).cloned());
    }
    let kind = match o.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts.first().and_then(Value::as_str).unwrap_or(""),
        _ if o.contains_key("properties") || o.contains_key("required") => "object",
        _ => "",
    };
    match kind {
        "object" if depth < MAX_DEPTH => out.extend(objects(o, depth)),
        "integer" | "number" => {
            // The smallest allowed, and 15 (a common lower bound for an interval).
            let low = o.get("minimum").and_then(Value::as_i64).unwrap_or(1);
            out.push(json!(low));
            if low < 15 {
                out.push(json!(15));
            }
        }
        "string" => out.push(json!("text")),
        "boolean" => out.push(json!(true)),
        "array" => out.push(json!([])),
        "null" => out.push(Value::Null),
        _ => {}
    }
    out.truncate(MAX_CANDIDATES);
    out
}

/// Objects with every required member, trying each member's candidates in turn (the
/// last member varies fastest).
fn objects(o: &Map<String, Value>, depth: usize) -> Vec<Value> {
    let properties = o.get("properties").and_then(Value::as_object);
    let required: Vec<&str> = o
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut combos = vec![Map::new()];
    for name in required {
        let schema = properties
            .and_then(|p| p.get(name))
            .unwrap_or(&Value::Bool(true));
        let options = candidates(schema, depth + 1);
        let mut next = Vec::new();
        for combo in &combos {
            for option in &options {
                let mut with = combo.clone();
                with.insert(name.to_owned(), option.clone());
                next.push(with);
                if next.len() >= MAX_CANDIDATES {
                    break;
                }
            }
        }
        combos = next;
    }
    combos.into_iter().map(Value::Object).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::refs::{Remotes, Spot, Store};
    use crate::load::Document;

    fn sample(schema: Value) -> Option<(Value, Value)> {
        let text = serde_json::to_vec(&schema).unwrap_or_default();
        let doc = Document::parse("s.json", &text).unwrap_or_else(|e| panic!("{e}"));
        let mut store = Store::new(Remotes::default());
        let index = store.add_doc(doc);
        let spot = Spot {
            doc: index,
            pointer: String::new(),
        };
        let unit = crate::ir::build(&mut store, &[(spot, "Root".into())])
            .unwrap_or_else(|e| panic!("{e}"));
        accepted_and_refused(&unit, unit.roots[0].node, &schema)
    }

    #[test]
    fn a_conditional_schedule_gets_a_value_that_passes_its_conditions() {
        let schema = json!({
            "type": "object",
            "required": ["startTime", "frequency", "interval"],
            "properties": {
                "startTime": {"type": "integer"},
                "frequency": {"enum": ["minute", "hour"]},
                "interval": {"type": "integer"}
            },
            "if": {"properties": {"frequency": {"const": "minute"}}},
            "then": {"properties": {"interval": {"minimum": 15}}}
        });
        let (valid, invalid) = sample(schema).unwrap_or_else(|| panic!("no sample"));
        assert_eq!(
            valid,
            json!({"startTime": 1, "frequency": "minute", "interval": 15})
        );
        assert_eq!(invalid, json!({"frequency": "minute", "interval": 15}));
    }

    #[test]
    fn a_schema_nothing_simple_satisfies_gets_no_sample() {
        assert_eq!(
            sample(json!({"type": "string", "pattern": "^[0-9]{5}$"})),
            None
        );
    }
}
