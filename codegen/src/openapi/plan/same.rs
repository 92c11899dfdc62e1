//! Component schemas written out twice: vendor descriptions often declare the same schema
//! under two names (`CreateXRequest` and `UpdateXRequest`, `FileSummary` and
//! `FileSummaryDTO`). Each such repeat becomes a type alias of the first, so its type,
//! builder, conversions and validators are generated once.
//!
//! Two components are the same when their schema values are equal, key order included,
//! and neither says where it is (`$id`, `$anchor`, `$dynamicAnchor`: those make the place
//! matter). References to a repeat (`#/components/schemas/Name`, exactly) are pointed at
//! the first in the copy of the document the plan builds from; a reference into a repeat
//! (`.../Name/properties/x`) is left as it is and still works, since the repeat stays in
//! that copy.

use crate::openapi::Api;
use serde_json::Value;
use std::collections::HashMap;

/// A component that is another's repeat.
#[derive(Debug, Clone)]
pub(super) struct Repeat {
    /// Its index in `Api::schemas`.
    pub index: usize,
    /// The index of the first component with the same schema.
    pub first: usize,
}

/// The repeats among the components of `api`, in component order.
pub(super) fn repeats(api: &Api) -> Vec<Repeat> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (index, (_, at)) in api.schemas.iter().enumerate() {
        let Some(value) = api.doc.value.pointer(&at.pointer) else {
            continue;
        };
        if !value.is_object() || places_itself(value) {
            continue;
        }
        let key = value.to_string();
        match seen.get(&key) {
            Some(&first) => out.push(Repeat { index, first }),
            None => {
                seen.insert(key, index);
            }
        }
    }
    out
}

/// Whether `v` (a schema) holds a keyword that ties it to its place.
fn places_itself(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| {
            matches!(k.as_str(), "$id" | "id" | "$anchor" | "$dynamicAnchor") && x.is_string()
                || places_itself(x)
        }),
        Value::Array(a) => a.iter().any(places_itself),
        _ => false,
    }
}

/// `value` with every `$ref` to a repeat pointed at its first.
pub(super) fn redirect(api: &Api, repeats: &[Repeat], value: &mut Value) {
    if repeats.is_empty() {
        return;
    }
    let to: HashMap<String, String> = repeats
        .iter()
        .map(|r| {
            (
                format!("#{}", api.schemas[r.index].1.pointer),
                format!("#{}", api.schemas[r.first].1.pointer),
            )
        })
        .collect();
    rewrite(value, &to);
}

fn rewrite(v: &mut Value, to: &HashMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match (k.as_str(), &mut *x) {
                    ("$ref", Value::String(s)) => {
                        if let Some(t) = to.get(s.as_str()) {
                            s.clone_from(t);
                        }
                    }
                    // Example values are data, not schemas.
                    ("example" | "examples" | "enum" | "const" | "default", _) => {}
                    _ => rewrite(x, to),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, to)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        crate::openapi::load("t.yaml", yaml.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    const TWICE: &str = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {x: {type: string}}}\n    B: {type: object, properties: {x: {type: string}}}\n    C: {type: object, properties: {x: {type: integer}}}\n    D: {type: object, properties: {b: {$ref: '#/components/schemas/B'}, e: {example: {$ref: '#/components/schemas/B'}}}}\n    E: {$id: 'http://e', type: object, properties: {x: {type: integer}}}\n    F: {$id: 'http://e', type: object, properties: {x: {type: integer}}}\n";

    #[test]
    fn equal_components_are_repeats_of_the_first() {
        let api = api(TWICE);
        let names: Vec<&str> = api.schemas.iter().map(|(n, _)| n.as_str()).collect();
        let found: Vec<(&str, &str)> = repeats(&api)
            .iter()
            .map(|r| (names[r.index], names[r.first]))
            .collect();
        assert_eq!(found, [("B", "A")], "E and F say where they are");
    }

    #[test]
    fn references_to_a_repeat_point_at_the_first_but_not_in_examples() {
        let api = api(TWICE);
        let mut value = api.doc.value.clone();
        redirect(&api, &repeats(&api), &mut value);
        let d = &value["components"]["schemas"]["D"]["properties"];
        assert_eq!(d["b"]["$ref"], "#/components/schemas/A");
        assert_eq!(d["e"]["example"]["$ref"], "#/components/schemas/B");
    }

    #[test]
    fn the_plan_makes_a_repeat_an_alias_of_the_first_and_gives_it_no_type() {
        let api = api(TWICE);
        let plan = super::super::plan(&api, &[], false).unwrap_or_else(|e| panic!("{e}"));
        let aliases: Vec<(&str, &str, &str)> = plan
            .aliases
            .iter()
            .map(|a| {
                let def = plan.types.def(a.def);
                (a.name.as_str(), a.pointer.as_str(), def.name.as_str())
            })
            .collect();
        assert_eq!(aliases, [("B", "/components/schemas/B", "A")]);
        let names: Vec<&str> = (0..plan.types.roots.len())
            .map(|i| plan.types.def(plan.types.roots[i]).name.as_str())
            .collect();
        assert!(!names.contains(&"B"), "{names:?}");
        // D's member `b` is typed by A.
        assert!(names.contains(&"D") && names.contains(&"A"), "{names:?}");
    }
}
