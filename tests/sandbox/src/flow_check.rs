//! Checks a dataflow body against its flowSpec with the GENERATED validators
//! (`aep_flows::flow_specs::find(..)` and `entry.validate(part, &value)`), and
//! checks that what it refers to exists.
//!
//! Violations carry the pointer into the request body (`/scheduleParams/interval`,
//! `/transformations/1/params/mappingVersion`) and, for schema violations, the
//! part and keyword (`scheduleSpec#/else/then/properties/interval/minimum`).

use crate::catalog::{allows, Catalog};
use crate::errors::Violation;
use crate::store::State;
use crate::validate::Check;
use aep_flows::flow_specs::{self, FlowSpecEntry};
use aep_flows::PartKey;
use serde_json::Value;

fn schema_violations(
    entry: &FlowSpecEntry,
    part: &str,
    value: &Value,
    prefix: &str,
) -> Vec<Violation> {
    Violation::of_part(part, prefix, entry.validate(part, value))
}

fn transformation_names(entry: &FlowSpecEntry) -> Vec<&'static str> {
    let parts: &'static [PartKey] = entry.parts;
    parts
        .iter()
        .filter_map(|p| match p {
            PartKey::Transformation(name) => Some(name.as_ref()),
            _ => None,
        })
        .collect()
}

/// The flowSpec a flow body names, if it is known.
pub fn entry_of(body: &Value) -> Option<&'static FlowSpecEntry> {
    let id = body.pointer("/flowSpec/id").and_then(Value::as_str)?;
    flow_specs::find(id).filter(|e| e.id == id)
}

/// Every violation of a flow body (`POST /flows`, or a flow after a PATCH).
pub fn flow(body: &Value, catalog: &Catalog, state: &State, sandbox: &str) -> Vec<Violation> {
    let mut c = Check::new(body);
    c.string("/name");
    c.opt_string("/description");
    let spec_id = c.object("/flowSpec").and_then(|_| c.string("/flowSpec/id"));
    let entry = spec_id.and_then(|id| {
        let e = flow_specs::find(id).filter(|e| e.id == id);
        if e.is_none() {
            c.fail("/flowSpec/id", format!("no flowSpec has id {id}"));
        }
        e
    });
    if let (Some(e), Some(v)) = (entry, c.opt_string("/flowSpec/version")) {
        if e.version.is_some_and(|ev| ev != v) {
            c.fail(
                "/flowSpec/version",
                format!("flowSpec {} has version {:?}", e.name, e.version),
            );
        }
    }
    let spec_json = spec_id.and_then(|id| catalog.flow_spec(id));
    let sides = [
        (
            "/sourceConnectionIds",
            "sourceConnectionSpecIds",
            &state.source_connections,
            "source",
        ),
        (
            "/targetConnectionIds",
            "targetConnectionSpecIds",
            &state.target_connections,
            "target",
        ),
    ];
    for (ptr, key, store, what) in sides {
        for (i, id) in c.array(ptr, 1).unwrap_or_default().iter().enumerate() {
            let at = format!("{ptr}/{i}");
            let Some(id) = id.as_str() else {
                c.fail(at, "expected string");
                continue;
            };
            match store.get(sandbox, id) {
                None => c.fail(at, format!("no {what} connection has id {id}")),
                Some(conn) => {
                    let conn_spec = conn
                        .item
                        .pointer("/connectionSpec/id")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    if spec_json.is_some_and(|s| !allows(s, key, conn_spec)) {
                        c.fail(at, format!("connection specification {conn_spec} is not in the flowSpec's {key}"));
                    }
                }
            }
        }
    }
    let mut found = std::mem::take(&mut c.violations);
    let Some(entry) = entry else {
        return found;
    };
    if let Some(schedule) = body.get("scheduleParams").filter(|v| !v.is_null()) {
        if entry.has_part("scheduleSpec") {
            found.extend(schema_violations(
                entry,
                "scheduleSpec",
                schedule,
                "/scheduleParams",
            ));
        } else {
            found.push(Violation::new(
                "/scheduleParams",
                format!("flowSpec {} has no scheduleSpec", entry.name),
            ));
        }
    }
    if let Some(options) = body.get("options").filter(|v| !v.is_null()) {
        if entry.has_part("optionSpec") {
            found.extend(schema_violations(entry, "optionSpec", options, "/options"));
        }
    }
    match body.get("transformations") {
        None | Some(Value::Null) => {}
        Some(Value::Array(ts)) => {
            for (i, t) in ts.iter().enumerate() {
                found.extend(transformation(entry, t, i, state, sandbox));
            }
        }
        Some(_) => found.push(Violation::new("/transformations", "expected array")),
    }
    found
}

fn transformation(
    entry: &FlowSpecEntry,
    t: &Value,
    i: usize,
    state: &State,
    sandbox: &str,
) -> Vec<Violation> {
    let at = format!("/transformations/{i}");
    let Some(name) = t.get("name").and_then(Value::as_str) else {
        return vec![Violation::new(
            format!("{at}/name"),
            "is required and must be a string",
        )];
    };
    let part = format!("transformation:{name}");
    if !entry.has_part(&part) {
        return vec![Violation::new(
            format!("{at}/name"),
            format!(
                "flowSpec {} has no transformation {name:?} (it has {:?})",
                entry.name,
                transformation_names(entry)
            ),
        )];
    }
    let params = t.get("params").cloned().unwrap_or(Value::Null);
    let mut found = schema_violations(entry, &part, &params, &format!("{at}/params"));
    if let Some(mapping_id) = params.get("mappingId").and_then(Value::as_str) {
        match state.mapping_sets.get(sandbox, mapping_id) {
            None => found.push(Violation::new(
                format!("{at}/params/mappingId"),
                format!("no mapping set has id {mapping_id}"),
            )),
            Some(set) => {
                let version = params.get("mappingVersion").and_then(Value::as_str);
                let known = set.item.versions.len();
                if let Some(v) = version.filter(|v| v.parse::<usize>().map_or(true, |n| n >= known))
                {
                    found.push(Violation::new(
                        format!("{at}/params/mappingVersion"),
                        format!(
                            "mapping set {mapping_id} has no version {v:?} (latest is {})",
                            known.saturating_sub(1)
                        ),
                    ));
                }
            }
        }
    }
    found
}

/// The violations of an on-demand run's `params` against the flowSpec's `runSpec`.
pub fn run_params(flow: &Value, params: &Value) -> Vec<Violation> {
    match entry_of(flow) {
        Some(entry) if entry.has_part("runSpec") => {
            schema_violations(entry, "runSpec", params, "/params")
        }
        _ => Vec::new(),
    }
}
