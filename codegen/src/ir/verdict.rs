//! A draft-07 verdict at generation time: whether a JSON value satisfies a schema node of
//! a [`Unit`], with every violation (instance path and the violated keyword's location).
//! The generator uses it to check a description's examples against their schemas before
//! any code exists; generated validators do the same job at run time.
//!
//! Covered: `type`, `enum`, `const`, numeric bounds and `multipleOf`, string lengths and
//! `pattern` (ECMA-262, through the runtime's pattern module), `items`/`additionalItems`,
//! item counts, `uniqueItems`, `contains`, `required`, `properties`,
//! `patternProperties`, `additionalProperties`, property counts, `dependencies`,
//! `propertyNames`, `allOf`/`anyOf`/`oneOf`/`not`, `if`/`then`/`else`. `format` is an
//! annotation here, as draft-07 says by default. OpenAPI's `nullable` arrives already
//! rewritten as a `null` type by the loader.

use super::{NodeId, NodeKind, Unit};
use crate::diag::Location;
use crate::schema::{Dependency, Items};
use serde_json::{Number, Value};

/// One way a value breaks a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// JSON pointer into the value.
    pub instance_path: String,
    /// The violated keyword.
    pub keyword: Location,
    /// What is wrong.
    pub message: String,
}

/// Every violation of the schema `node` by `value` (empty when it is valid).
pub fn violations(unit: &Unit, node: NodeId, value: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    check(unit, node, value, "", &mut out, 0);
    out
}

fn child(path: &str, key: &str) -> String {
    let mut p = path.to_owned();
    p.push('/');
    flowgen_runtime::path::push_escaped(&mut p, key);
    p
}

fn number(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// JSON equality where numbers compare by value (`1` equals `1.0`).
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number(x) == number(y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

fn check(unit: &Unit, id: NodeId, value: &Value, at: &str, out: &mut Vec<Violation>, depth: usize) {
    if depth > 256 {
        return;
    }
    let node = unit.node(id);
    let k = match &node.kind {
        NodeKind::Bool(true) => return,
        NodeKind::Bool(false) => {
            out.push(Violation {
                instance_path: at.to_owned(),
                keyword: node.location.clone(),
                message: "no value is allowed here".into(),
            });
            return;
        }
        NodeKind::Schema(k) => k,
    };
    let mut fail = |keyword: &str, message: String, out: &mut Vec<Violation>| {
        out.push(Violation {
            instance_path: at.to_owned(),
            keyword: node.location.key(keyword),
            message,
        })
    };
    if let Some(r) = k.reference {
        check(unit, r, value, at, out, depth + 1);
        return;
    }
    if let Some(types) = &k.types {
        if !types.iter().any(|t| t.matches(value)) {
            let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
            fail("type", format!("expected {}", names.join(" or ")), out);
        }
    }
    if let Some(list) = &k.enumeration {
        if !list.iter().any(|v| equal(v, value)) {
            fail(
                "enum",
                format!("{value} is not one of the allowed values"),
                out,
            );
        }
    }
    if let Some(c) = &k.constant {
        if !equal(c, value) {
            fail("const", format!("expected {c}"), out);
        }
    }
    match value {
        Value::Number(n) => numeric(k, number(n), &mut fail, out),
        Value::String(s) => string(k, s, &mut fail, out),
        Value::Array(items) => array(unit, k, items, at, out, depth, &mut fail),
        Value::Object(m) => object(unit, k, m, value, at, out, depth, &mut fail),
        _ => {}
    }
    for &s in &k.all_of {
        check(unit, s, value, at, out, depth + 1);
    }
    if let Some(any) = &k.any_of {
        if !any.iter().any(|&s| is_valid_at(unit, s, value, depth)) {
            fail("anyOf", "matches none of the alternatives".into(), out);
        }
    }
    if let Some(one) = &k.one_of {
        let n = one
            .iter()
            .filter(|&&s| is_valid_at(unit, s, value, depth))
            .count();
        if n != 1 {
            fail(
                "oneOf",
                format!("matches {n} of the alternatives instead of exactly one"),
                out,
            );
        }
    }
    if let Some(not) = k.not {
        if is_valid_at(unit, not, value, depth) {
            fail("not", "matches the schema it must not match".into(), out);
        }
    }
    if let Some(test) = k.if_ {
        let branch = if is_valid_at(unit, test, value, depth) {
            k.then
        } else {
            k.else_
        };
        if let Some(b) = branch {
            check(unit, b, value, at, out, depth + 1);
        }
    }
}

fn is_valid_at(unit: &Unit, id: NodeId, value: &Value, depth: usize) -> bool {
    let mut out = Vec::new();
    check(unit, id, value, "", &mut out, depth + 1);
    out.is_empty()
}

type Fail<'a> = dyn FnMut(&str, String, &mut Vec<Violation>) + 'a;

fn numeric(
    k: &crate::schema::Keywords<NodeId>,
    n: f64,
    fail: &mut Fail<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(m) = &k.minimum {
        if n < number(m) {
            fail("minimum", format!("{n} is less than {m}"), out);
        }
    }
    if let Some(m) = &k.maximum {
        if n > number(m) {
            fail("maximum", format!("{n} is greater than {m}"), out);
        }
    }
    if let Some(m) = &k.exclusive_minimum {
        if n <= number(m) {
            fail(
                "exclusiveMinimum",
                format!("{n} is not greater than {m}"),
                out,
            );
        }
    }
    if let Some(m) = &k.exclusive_maximum {
        if n >= number(m) {
            fail("exclusiveMaximum", format!("{n} is not less than {m}"), out);
        }
    }
    if let Some(m) = &k.multiple_of {
        let q = n / number(m);
        if !q.is_finite() || (q - q.round()).abs() > 1e-9 {
            fail("multipleOf", format!("{n} is not a multiple of {m}"), out);
        }
    }
}

fn string(
    k: &crate::schema::Keywords<NodeId>,
    s: &str,
    fail: &mut Fail<'_>,
    out: &mut Vec<Violation>,
) {
    let len = s.chars().count() as u64;
    if k.min_length.is_some_and(|m| len < m) {
        fail(
            "minLength",
            format!(
                "shorter than {} characters",
                k.min_length.unwrap_or_default()
            ),
            out,
        );
    }
    if k.max_length.is_some_and(|m| len > m) {
        fail(
            "maxLength",
            format!(
                "longer than {} characters",
                k.max_length.unwrap_or_default()
            ),
            out,
        );
    }
    if let Some(p) = &k.pattern {
        // A pattern that does not compile was reported when the schema was read.
        if let Ok(re) = flowgen_runtime::pattern::compile(p) {
            if !re.is_match(s).unwrap_or(true) {
                fail("pattern", format!("does not match the pattern {p:?}"), out);
            }
        }
    }
}

fn array(
    unit: &Unit,
    k: &crate::schema::Keywords<NodeId>,
    items: &[Value],
    at: &str,
    out: &mut Vec<Violation>,
    depth: usize,
    fail: &mut Fail<'_>,
) {
    let n = items.len() as u64;
    if k.min_items.is_some_and(|m| n < m) {
        fail(
            "minItems",
            format!("fewer than {} items", k.min_items.unwrap_or_default()),
            out,
        );
    }
    if k.max_items.is_some_and(|m| n > m) {
        fail(
            "maxItems",
            format!("more than {} items", k.max_items.unwrap_or_default()),
            out,
        );
    }
    if k.unique_items {
        let dup = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[i + 1..].iter().any(|b| equal(a, b)));
        if dup {
            fail("uniqueItems", "items are not unique".into(), out);
        }
    }
    match &k.items {
        Some(Items::All(s)) => {
            for (i, v) in items.iter().enumerate() {
                check(unit, *s, v, &format!("{at}/{i}"), out, depth + 1);
            }
        }
        Some(Items::Tuple(list)) => {
            for (i, v) in items.iter().enumerate() {
                let schema = list.get(i).copied().or(k.additional_items);
                if let Some(s) = schema {
                    check(unit, s, v, &format!("{at}/{i}"), out, depth + 1);
                }
            }
        }
        None => {}
    }
    if let Some(c) = k.contains {
        if !items.iter().any(|v| is_valid_at(unit, c, v, depth)) {
            fail("contains", "no item matches `contains`".into(), out);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn object(
    unit: &Unit,
    k: &crate::schema::Keywords<NodeId>,
    m: &serde_json::Map<String, Value>,
    value: &Value,
    at: &str,
    out: &mut Vec<Violation>,
    depth: usize,
    fail: &mut Fail<'_>,
) {
    for r in &k.required {
        if !m.contains_key(r) {
            fail(
                "required",
                format!("the required member {r:?} is missing"),
                out,
            );
        }
    }
    let n = m.len() as u64;
    if k.min_properties.is_some_and(|x| n < x) {
        fail("minProperties", "too few members".into(), out);
    }
    if k.max_properties.is_some_and(|x| n > x) {
        fail("maxProperties", "too many members".into(), out);
    }
    let patterns: Vec<_> = k
        .pattern_properties
        .iter()
        .map(|(p, s)| (flowgen_runtime::pattern::compile(p).ok(), *s))
        .collect();
    for (key, v) in m {
        let here = child(at, key);
        let mut matched = false;
        if let Some((_, s)) = k.properties.iter().find(|(name, _)| name == key) {
            matched = true;
            check(unit, *s, v, &here, out, depth + 1);
        }
        for (re, s) in &patterns {
            if re
                .as_ref()
                .is_some_and(|re| re.is_match(key).unwrap_or(false))
            {
                matched = true;
                check(unit, *s, v, &here, out, depth + 1);
            }
        }
        if !matched {
            if let Some(a) = k.additional_properties {
                check(unit, a, v, &here, out, depth + 1);
            }
        }
        if let Some(names) = k.property_names {
            let name = Value::String(key.clone());
            if !is_valid_at(unit, names, &name, depth) {
                fail(
                    "propertyNames",
                    format!("the member name {key:?} is not allowed"),
                    out,
                );
            }
        }
    }
    for (name, dep) in &k.dependencies {
        if !m.contains_key(name) {
            continue;
        }
        match dep {
            Dependency::Properties(list) => {
                for d in list.iter().filter(|d| !m.contains_key(*d)) {
                    fail(
                        "dependencies",
                        format!("{name:?} needs the member {d:?}"),
                        out,
                    );
                }
            }
            Dependency::Schema(s) => check(unit, *s, value, at, out, depth + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::refs::{Remotes, Spot, Store};
    use crate::load::Document;
    use serde_json::json;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn unit(schema: Value) -> Unit {
        let mut store = Store::new(Remotes::default());
        let index = store.add_doc(Document {
            file: Arc::new(PathBuf::from("s.json")),
            value: schema,
        });
        let spot = Spot {
            doc: index,
            pointer: String::new(),
        };
        let base = url::Url::parse("flowgen:///verdict").unwrap_or_else(|e| panic!("{e}"));
        store.add_resource(spot.clone(), base);
        crate::ir::build(&mut store, &[(spot, "Root".into())]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn paths(schema: Value, value: Value) -> Vec<(String, String)> {
        let u = unit(schema);
        violations(&u, u.roots[0].node, &value)
            .into_iter()
            .map(|v| (v.instance_path, v.keyword.pointer))
            .collect()
    }

    #[test]
    fn types_enums_and_members() {
        let schema = json!({
            "type": "object",
            "required": ["id", "when"],
            "properties": {
                "id": {"type": ["string", "null"]},
                "when": {"type": "string"},
                "kind": {"enum": ["a", "b"]},
                "n": {"type": "integer", "minimum": 1, "maximum": 9},
                "list": {"type": "array", "items": {"$ref": "#/definitions/item"}}
            },
            "additionalProperties": false,
            "definitions": {"item": {"type": "object", "properties": {"errors": {"type": "array"}}}}
        });
        assert!(paths(
            schema.clone(),
            json!({"id": null, "when": "x", "kind": "a", "n": 3})
        )
        .is_empty());
        assert_eq!(
            paths(
                schema,
                json!({"when": 5, "kind": "c", "n": 10, "list": [{"errors": null}], "x": 1})
            ),
            [
                ("".into(), "/required".into()),
                ("/when".into(), "/properties/when/type".into()),
                ("/kind".into(), "/properties/kind/enum".into()),
                ("/n".into(), "/properties/n/maximum".into()),
                (
                    "/list/0/errors".into(),
                    "/definitions/item/properties/errors/type".into()
                ),
                ("/x".into(), "/additionalProperties".into()),
            ]
        );
    }

    #[test]
    fn integers_numbers_and_equal_values() {
        assert!(paths(json!({"type": "integer"}), json!(1.0)).is_empty());
        assert_eq!(paths(json!({"type": "integer"}), json!(1.5)).len(), 1);
        assert!(paths(json!({"const": 1}), json!(1.0)).is_empty());
        assert_eq!(paths(json!({"multipleOf": 0.5}), json!(1.25)).len(), 1);
        assert!(paths(json!({"uniqueItems": true}), json!([1, 2])).is_empty());
        assert_eq!(
            paths(json!({"uniqueItems": true}), json!([1, 1.0])).len(),
            1
        );
    }

    #[test]
    fn combinators_conditionals_and_patterns() {
        let one = json!({"oneOf": [{"type": "string"}, {"minLength": 2}]});
        assert!(paths(one.clone(), json!("a")).is_empty());
        assert_eq!(paths(one, json!("ab")), [("".into(), "/oneOf".into())]);
        let any = json!({"anyOf": [{"type": "string"}, {"type": "integer"}]});
        assert_eq!(paths(any, json!(true)), [("".into(), "/anyOf".into())]);
        let cond = json!({"if": {"properties": {"f": {"const": "once"}}},
            "then": {"not": {"required": ["interval"]}},
            "else": {"required": ["interval"]}});
        assert!(paths(cond.clone(), json!({"f": "once"})).is_empty());
        assert_eq!(
            paths(cond.clone(), json!({"f": "once", "interval": 1})),
            [("".into(), "/then/not".into())]
        );
        assert_eq!(
            paths(cond, json!({"f": "minute"})),
            [("".into(), "/else/required".into())]
        );
        // ECMA-262 `\d` is ASCII only.
        assert_eq!(paths(json!({"pattern": "^\\d+$"}), json!("١٢")).len(), 1);
        assert!(paths(json!({"pattern": "^\\d+$"}), json!("12")).is_empty());
        assert_eq!(paths(json!(false), json!(1)), [("".into(), "".into())]);
    }
}
