//! The flowSpec governs flow parts. A flow's `scheduleParams`, `options` and each
//! transformation's `params` are checked by the service against the flow's flowSpec, so
//! what an endpoint description says of those members is only a sketch of them. A vendor
//! description may even contradict every flowSpec (Adobe's `ScheduleSpecDTO` declares
//! `interval` a string, every `scheduleSpec` an integer).
//!
//! Where a description's member disagrees with a flowSpec on a property's type, the
//! generator warns once (naming both pointers) and reads the member as any JSON value, so
//! flows the flowSpec accepts can be sent and read back; the flowSpec's own types
//! (`TypedFlow<S>`) and checks (`check_flow`) apply to it. At run time a `TypedFlow` body
//! is never checked against the description's schema for those members.

use super::Api;
use crate::diag::{Diagnostic, Location};
use crate::load::Document;
use flowgen_runtime::PartKey;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One part schema of a flowSpec, as the client generator compares it.
#[derive(Debug, Clone)]
pub struct FlowPartSchema {
    /// The flowSpec's name.
    pub spec: String,
    /// Which part.
    pub kind: PartKey,
    /// The flowSpec's document.
    pub doc: Arc<Document>,
    /// Where the part's schema stands in it.
    pub location: Location,
}

/// The types a schema's properties declare: property name → the types (as written,
/// `integer` and `number` distinct) and the pointer of the first `type` declaring them.
type PropertyTypes = BTreeMap<String, (BTreeSet<String>, String)>;

/// A flow member of the description the flowSpecs govern.
struct Member {
    /// The member's schema position (`…/properties/scheduleParams`).
    pointer: String,
    /// Which flowSpec parts it holds.
    part: fn(&PartKey) -> bool,
    /// Its name in messages.
    name: &'static str,
}

/// Compares the flow members of `api` with `parts`; where they disagree, warns once per
/// disagreeing property and makes the member any JSON value.
pub fn govern(api: &mut Api, parts: &[FlowPartSchema]) -> Vec<Diagnostic> {
    if parts.is_empty() {
        return Vec::new();
    }
    let members = flow_members(&api.doc.value);
    let mut warnings = Vec::new();
    let mut warned = BTreeSet::new();
    let mut relax = BTreeSet::new();
    for member in &members {
        let Some((schema, at)) = resolve(&api.doc.value, &member.pointer) else {
            continue;
        };
        let mut ours = PropertyTypes::new();
        property_types(&api.doc.value, schema, &at, "", &mut ours, 0);
        for part in parts.iter().filter(|p| (member.part)(&p.kind)) {
            let Some(root) = part.doc.value.pointer(&part.location.pointer) else {
                continue;
            };
            let mut theirs = PropertyTypes::new();
            property_types(root, root, "", &part.location.pointer, &mut theirs, 0);
            for (name, (types, pointer)) in &ours {
                let Some((spec_types, spec_pointer)) = theirs.get(name) else {
                    continue;
                };
                if types == spec_types {
                    continue;
                }
                relax.insert(member.pointer.clone());
                if !warned.insert(pointer.clone()) {
                    continue;
                }
                let here = Location {
                    file: api.doc.file.clone(),
                    pointer: pointer.clone(),
                };
                let there = Location {
                    file: part.location.file.clone(),
                    pointer: spec_pointer.clone(),
                };
                warnings.push(
                    Diagnostic::warning(
                        here,
                        format!(
                            "`{}` of a flow: this description declares `{name}` {}, the flowSpec `{}` declares {} (at {there}); the flowSpec governs flow parts, so `{}` of flows ({}) is read as any JSON value here and checked against the flow's flowSpec",
                            member.name,
                            list(types),
                            part.spec,
                            list(spec_types),
                            member.name,
                            member.pointer,
                        ),
                    )
                    .with_hint("send and read such flows as `TypedFlow<S>`; an overlay can fix the description if you want its types"),
                );
            }
        }
    }
    for pointer in relax {
        if let Some(v) = api.doc.value.pointer_mut(&pointer) {
            let mut any = Map::new();
            any.insert(
                "description".into(),
                Value::String(
                    "Typed and checked by the flow's flowSpec (see `TypedFlow`): this description's schema for it disagrees with the flowSpecs.".into(),
                ),
            );
            *v = Value::Object(any);
        }
    }
    warnings
}

fn list(types: &BTreeSet<String>) -> String {
    types.iter().cloned().collect::<Vec<_>>().join(" or ")
}

/// Every flow member of the document: in each schema with the members `flowSpec`,
/// `transformations` and `scheduleParams`, those two and `options`, and the `params` of
/// its transformations' item schema.
fn flow_members(doc: &Value) -> Vec<Member> {
    let mut flows = Vec::new();
    find_flows(doc, String::new(), &mut flows, 0);
    let mut members = Vec::new();
    let mut seen = BTreeSet::new();
    for flow in flows {
        let props = format!("{flow}/properties");
        let schedule = format!("{props}/scheduleParams");
        let options = format!("{props}/options");
        for (pointer, part, name) in [
            (
                schedule,
                (|k: &PartKey| *k == PartKey::Schedule) as fn(&PartKey) -> bool,
                "scheduleParams",
            ),
            (options, |k| *k == PartKey::Options, "options"),
        ] {
            if doc.pointer(&pointer).is_some() && seen.insert(pointer.clone()) {
                members.push(Member {
                    pointer,
                    part,
                    name,
                });
            }
        }
        let items = resolve(doc, &format!("{props}/transformations"))
            .and_then(|(_, at)| resolve(doc, &format!("{at}/items")));
        if let Some((_, at)) = items {
            let pointer = format!("{at}/properties/params");
            if doc.pointer(&pointer).is_some() && seen.insert(pointer.clone()) {
                members.push(Member {
                    pointer,
                    part: |k| matches!(k, PartKey::Transformation(_)),
                    name: "transformations[].params",
                });
            }
        }
    }
    members
}

/// Pointers of the objects whose `properties` hold `flowSpec`, `transformations` and
/// `scheduleParams` (examples are not schemas and are skipped).
fn find_flows(v: &Value, at: String, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(p)) = m.get("properties") {
                if ["flowSpec", "transformations", "scheduleParams"]
                    .iter()
                    .all(|k| p.contains_key(*k))
                {
                    out.push(at.clone());
                }
            }
            for (k, sub) in m {
                if matches!(
                    k.as_str(),
                    "example" | "examples" | "default" | "enum" | "const"
                ) {
                    continue;
                }
                let mut next = at.clone();
                next.push('/');
                flowgen_runtime::path::push_escaped(&mut next, k);
                find_flows(sub, next, out, depth + 1);
            }
        }
        Value::Array(a) => {
            for (i, sub) in a.iter().enumerate() {
                find_flows(sub, format!("{at}/{i}"), out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The value at `pointer` of `doc`, following local `$ref`s; the value and its pointer.
fn resolve<'a>(doc: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
    let mut at = pointer.to_owned();
    for _ in 0..32 {
        let v = doc.pointer(&at)?;
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => at = r.strip_prefix('#')?.to_owned(),
            None => return Some((v, at)),
        }
    }
    None
}

/// Collects the declared types of the properties of `schema` (at `at` relative to `root`,
/// reported with `prefix` before it), through `allOf`/`anyOf`/`oneOf`/`if`/`then`/`else`
/// and local `$ref`s (relative to `root`).
fn property_types(
    root: &Value,
    schema: &Value,
    at: &str,
    prefix: &str,
    out: &mut PropertyTypes,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let (schema, at) = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => match r.strip_prefix('#').and_then(|p| resolve(root, p)) {
            Some(found) => found,
            None => return,
        },
        None => (schema, at.to_owned()),
    };
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (name, sub) in props {
            let mut sub_at = format!("{at}/properties/");
            flowgen_runtime::path::push_escaped(&mut sub_at, name);
            let (sub, sub_at) = match sub.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| resolve(root, p)) {
                    Some(found) => found,
                    None => continue,
                },
                None => (sub, sub_at),
            };
            let types: BTreeSet<String> = match sub.get("type") {
                Some(Value::String(t)) => [t.clone()].into(),
                Some(Value::Array(l)) => l
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => continue,
            };
            let entry = out
                .entry(name.clone())
                .or_insert_with(|| (BTreeSet::new(), format!("{prefix}{sub_at}/type")));
            entry.0.extend(types);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = schema.get(key) {
            for (i, sub) in list.iter().enumerate() {
                property_types(
                    root,
                    sub,
                    &format!("{at}/{key}/{i}"),
                    prefix,
                    out,
                    depth + 1,
                );
            }
        }
    }
    for key in ["if", "then", "else"] {
        if let Some(sub) = schema.get(key) {
            property_types(root, sub, &format!("{at}/{key}"), prefix, out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    fn part(kind: PartKey, schema: Value) -> FlowPartSchema {
        let file = Arc::new(PathBuf::from("spec.json"));
        FlowPartSchema {
            spec: "Demo".into(),
            kind,
            doc: Arc::new(Document {
                file: file.clone(),
                value: json!({ "scheduleSpec": { "spec": schema } }),
            }),
            location: Location {
                file,
                pointer: "/scheduleSpec/spec".into(),
            },
        }
    }

    fn api(doc: Value) -> Api {
        let text = serde_json::to_vec(&doc).unwrap_or_default();
        match super::super::load("api.yaml", &text) {
            Ok(api) => api,
            Err(e) => panic!("{e:?}"),
        }
    }

    fn description(interval: &str) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/flows": {"post": {
                "operationId": "createFlow",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flow"}}}},
                "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flow"}}}}}
            }}},
            "components": {"schemas": {
                "Flow": {"type": "object", "properties": {
                    "flowSpec": {"type": "object"},
                    "transformations": {"type": "array", "items": {"type": "object"}},
                    "scheduleParams": {"$ref": "#/components/schemas/Schedule"}
                }},
                "Other": {"type": "object", "properties": {
                    "schedule": {"$ref": "#/components/schemas/Schedule"}
                }},
                "Schedule": {"type": "object", "properties": {
                    "interval": {"type": interval, "example": "15"},
                    "frequency": {"type": "string"}
                }}
            }}
        })
    }

    fn schedule_spec() -> Value {
        json!({"type": "object", "properties": {"frequency": {"type": "string"}},
            "if": {"properties": {"frequency": {"const": "once"}}},
            "else": {"properties": {"interval": {"type": "integer", "minimum": 1}}}})
    }

    #[test]
    fn a_disagreeing_member_warns_once_naming_both_pointers_and_becomes_any_value() {
        let mut api = api(description("string"));
        let parts = [
            part(PartKey::Schedule, schedule_spec()),
            part(PartKey::Schedule, schedule_spec()),
        ];
        let warnings = govern(&mut api, &parts);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!(
            w.location.pointer,
            "/components/schemas/Schedule/properties/interval/type"
        );
        assert!(
            w.message
                .contains("spec.json#/scheduleSpec/spec/else/properties/interval/type"),
            "{}",
            w.message
        );
        assert!(w.message.contains("string"), "{}", w.message);
        assert!(w.message.contains("integer"), "{}", w.message);
        let member =
            &api.doc.value["components"]["schemas"]["Flow"]["properties"]["scheduleParams"];
        assert!(member.get("$ref").is_none(), "{member}");
        // The schema itself stays for its other users.
        assert_eq!(
            api.doc.value["components"]["schemas"]["Other"]["properties"]["schedule"]["$ref"],
            "#/components/schemas/Schedule"
        );
    }

    #[test]
    fn an_agreeing_member_is_left_alone() {
        let mut api = api(description("integer"));
        let before = api.doc.value.clone();
        let warnings = govern(&mut api, &[part(PartKey::Schedule, schedule_spec())]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(api.doc.value, before);
    }

    #[test]
    fn without_flow_specs_nothing_changes() {
        let mut api = api(description("string"));
        let before = api.doc.value.clone();
        assert!(govern(&mut api, &[]).is_empty());
        assert_eq!(api.doc.value, before);
    }
}
