//! Which schemas of an endpoint description become root types, and under which names:
//! the components (each after those it refers to, so each keeps its own name), then the
//! inline request bodies and success responses not already among them (a bare `$ref` is
//! chased to its component), then the parameter schemas, which get validators but no types.

use super::same::Repeat;
use crate::ir::refs::Spot;
use crate::openapi::{Api, Success};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The roots of a client's unit, in order, and which of them each operation uses.
pub(super) struct Roots {
    /// Every root: where its schema is, and its type name.
    pub list: Vec<(Spot, String)>,
    /// How many of `list` get types (the rest are parameter schemas).
    pub typed: usize,
    /// The request body root of each operation.
    pub body: Vec<Option<usize>>,
    /// The success response root of each operation.
    pub response: Vec<Option<usize>>,
    /// The root of each parameter schema, by its pointer.
    pub params: BTreeMap<String, usize>,
    /// The root of each component, by its index in `Api::schemas` (`None` for a repeat).
    pub components: Vec<Option<usize>>,
}

impl Roots {
    /// The root of the component `index` of `Api::schemas`.
    pub fn component(&self, index: usize) -> Option<usize> {
        self.components.get(index).copied().flatten()
    }
}

/// The roots of `api` (whose document, `value` with its references to `repeats`
/// redirected, is `doc` in the store), given the builder name of each operation. The
/// repeats get no roots.
pub(super) fn assign(
    api: &Api,
    value: &Value,
    doc: usize,
    builders: &[String],
    repeats: &[Repeat],
) -> Roots {
    let spot = |pointer: &str| Spot {
        doc,
        pointer: pointer.to_owned(),
    };
    let mut list: Vec<(Spot, String)> = Vec::new();
    let mut root_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut components = vec![None; api.schemas.len()];
    for i in component_order(api, value) {
        if repeats.iter().any(|r| r.index == i) {
            continue;
        }
        let (name, at) = &api.schemas[i];
        components[i] = Some(list.len());
        root_of.insert(at.pointer.clone(), list.len());
        list.push((spot(&at.pointer), crate::ir::names::type_name(name)));
    }
    let mut inline = |pointer: &str, name: String, list: &mut Vec<(Spot, String)>| {
        let target = ref_target(api, value, pointer).unwrap_or_else(|| pointer.to_owned());
        if !root_of.contains_key(&target) {
            root_of.insert(target.clone(), list.len());
            list.push((spot(&target), name));
        }
        root_of.get(&target).copied()
    };
    let mut body = Vec::new();
    let mut response = Vec::new();
    for (op, builder) in api.operations.iter().zip(builders) {
        let schema = op.body.as_ref().and_then(|b| b.schema.as_ref());
        body.push(schema.and_then(|s| inline(&s.pointer, format!("{builder}Body"), &mut list)));
        response.push(match &op.success {
            Success::Json {
                schema: Some(s), ..
            } => inline(&s.pointer, format!("{builder}Response"), &mut list),
            _ => None,
        });
    }
    let typed = list.len();
    let mut params: BTreeMap<String, usize> = BTreeMap::new();
    for op in &api.operations {
        for p in op.own_params().filter(|p| !p.if_match) {
            if let Some(s) = &p.schema {
                params.entry(s.pointer.clone()).or_insert_with(|| {
                    list.push((spot(&s.pointer), String::from("Param")));
                    list.len() - 1
                });
            }
        }
    }
    Roots {
        list,
        typed,
        body,
        response,
        params,
        components,
    }
}

/// The schema pointer a `$ref` chain starting at `pointer` ends on, if the node there is a
/// bare `$ref` (annotations aside).
fn ref_target(api: &Api, value: &Value, pointer: &str) -> Option<String> {
    let mut pointer = pointer.to_owned();
    let mut hops = 0;
    loop {
        let v = value.pointer(&pointer)?;
        let obj = v.as_object()?;
        let r = obj.get("$ref").and_then(Value::as_str)?;
        let only_ref = obj.keys().all(|k| {
            matches!(
                k.as_str(),
                "$ref" | "description" | "summary" | "example" | "examples"
            )
        });
        if !only_ref {
            return None;
        }
        pointer = r.strip_prefix('#')?.to_owned();
        hops += 1;
        if hops > 32 {
            return None;
        }
        if api.schemas.iter().any(|(_, l)| l.pointer == pointer) {
            return Some(pointer);
        }
    }
}

/// Component schemas in an order where a schema comes after those it references, so each
/// gets its own name rather than one derived from where it is first used.
fn component_order(api: &Api, value: &Value) -> Vec<usize> {
    let index: HashMap<&str, usize> = api
        .schemas
        .iter()
        .enumerate()
        .map(|(i, (_, l))| (l.pointer.as_str(), i))
        .collect();
    let deps: Vec<Vec<usize>> = api
        .schemas
        .iter()
        .map(|(_, l)| {
            let mut out = Vec::new();
            if let Some(v) = value.pointer(&l.pointer) {
                collect_refs(v, &mut |r| {
                    if let Some(i) = r.strip_prefix('#').and_then(|p| index.get(p)) {
                        out.push(*i);
                    }
                });
            }
            out
        })
        .collect();
    post_order(&deps)
}

/// The nodes of the graph `deps` in iterative depth-first post-order.
fn post_order(deps: &[Vec<usize>]) -> Vec<usize> {
    let mut done = vec![false; deps.len()];
    let mut order = Vec::new();
    for start in 0..deps.len() {
        let mut stack = vec![(start, 0usize)];
        while let Some((n, next)) = stack.pop() {
            if next == 0 && done[n] {
                continue;
            }
            done[n] = true;
            if let Some(&d) = deps[n].get(next) {
                stack.push((n, next + 1));
                if !done[d] {
                    stack.push((d, 0));
                }
            } else {
                order.push(n);
            }
        }
    }
    order
}

fn collect_refs(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(s)) => f(s),
                    ("example" | "examples", _) => {}
                    _ => collect_refs(x, f),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, f)),
        _ => {}
    }
}
