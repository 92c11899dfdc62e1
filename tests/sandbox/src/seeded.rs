//! A seeded catalog shaped like an organization's: many flowSpecs and connectionSpecs,
//! the same seed giving the same catalog, byte for byte.
//!
//! As in real catalogs, most flowSpecs reuse one of a few schedule variants and option
//! sets (some with their own description), a `Mapping` transformation, sometimes a
//! `Copy` one and a `runSpec`; connectionSpecs carry one to three auth types, and some a
//! `sourceSpec`, an `exploreSpec`, both or neither. Benchmarks generate from it, and the
//! sandbox serves it ([`crate::SandboxBuilder::catalog`]) to test `flowgen pull`.

use crate::catalog::Catalog;
use serde_json::{json, Value};
use uuid::Uuid;

/// A small deterministic generator (SplitMix64): no dependency, same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `true` with probability `percent`/100.
    fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SOURCES: [&str; 10] = [
    "Crm",
    "CloudStorage",
    "Database",
    "Ecommerce",
    "Marketing",
    "Analytics",
    "Payments",
    "Advertising",
    "Protocols",
    "Support",
];

fn id(seed: u64, what: &str, i: usize) -> String {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("flowgen-seeded-{seed}-{what}-{i}").as_bytes(),
    )
    .to_string()
}

const DRAFT7: &str = "http://json-schema.org/draft-07/schema#";

/// The three schedule variants: periodic with the minute rule, plain periodic, once.
fn schedule(variant: usize) -> Value {
    let frequency = json!({"type": "string", "enum": ["once", "minute", "hour", "day", "week"]});
    match variant {
        0 => json!({"name": "PeriodicSchedule", "type": "Periodic", "spec": {
            "$schema": DRAFT7, "type": "object",
            "properties": {
                "startTime": {"type": "integer", "description": "epoch seconds"},
                "frequency": frequency,
                "interval": {"type": "integer"},
                "backfill": {"type": "boolean", "default": true}
            },
            "required": ["startTime", "frequency"],
            "if": {"properties": {"frequency": {"const": "minute"}}},
            "then": {"properties": {"interval": {"minimum": 15}}},
            "else": {"properties": {"interval": {"minimum": 1}}}
        }}),
        1 => json!({"name": "PeriodicSchedule", "type": "Periodic", "spec": {
            "$schema": DRAFT7, "type": "object",
            "properties": {
                "startTime": {"type": "integer"},
                "frequency": frequency,
                "interval": {"type": "integer", "minimum": 1}
            },
            "required": ["startTime", "frequency", "interval"]
        }}),
        _ => json!({"name": "OnceSchedule", "type": "Once", "spec": {
            "$schema": DRAFT7, "type": "object",
            "properties": {"startTime": {"type": "integer"}},
            "required": ["startTime"]
        }}),
    }
}

/// The three option sets; `description` (when given) is the spec's own.
fn options(variant: usize, description: Option<String>) -> Value {
    let mut spec = match variant {
        0 => json!({"$schema": DRAFT7, "type": "object", "properties": {
            "errorDiagnosticsEnabled": {"type": "boolean", "default": false},
            "partialIngestionPercent": {"type": "number", "exclusiveMinimum": 0}
        }}),
        1 => json!({"$schema": DRAFT7, "type": "object", "properties": {
            "errorDiagnosticsEnabled": {"type": "boolean", "default": false},
            "partialIngestionPercent": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
            "compressionType": {"type": "string", "enum": ["none", "gzip", "zip"]}
        }}),
        _ => json!({"$schema": DRAFT7, "type": "object", "properties": {
            "dataType": {"type": "string", "enum": ["xdm", "raw"], "default": "raw"},
            "authenticationRequired": {"type": "boolean", "default": false}
        }}),
    };
    if let (Some(d), Some(obj)) = (description, spec.as_object_mut()) {
        obj.insert("description".into(), Value::String(d));
    }
    json!({"name": "OptionSpec", "spec": spec})
}

fn transformations(with_copy: bool) -> Value {
    let mapping = json!({"name": "Mapping", "spec": {"$schema": DRAFT7, "type": "object",
        "properties": {"mappingId": {"type": "string"}, "mappingVersion": {"type": "string"}}}});
    let copy = json!({"name": "Copy", "spec": {"$schema": DRAFT7, "type": "object",
        "properties": {"deltaColumn": {"type": "object",
            "properties": {"name": {"type": "string"}, "dateFormat": {"type": "string"}},
            "required": ["name"]}}}});
    if with_copy {
        json!([copy, mapping])
    } else {
        json!([mapping])
    }
}

fn run_spec() -> Value {
    json!({"name": "ProviderParams", "spec": {"$schema": DRAFT7, "type": "object",
        "properties": {"startTime": {"type": "integer"}, "windowStartTime": {"type": "integer"},
            "windowEndTime": {"type": "integer"}},
        "required": ["startTime"]}})
}

/// One flowSpec: `sources` are ids its flows may read from, `target` where they write.
fn flow_spec(rng: &mut Rng, seed: u64, i: usize, sources: &[String], target: &str) -> Value {
    let name = format!("{}{i:03}ToAEP", SOURCES[rng.below(SOURCES.len())]);
    let picked: Vec<&String> = (0..1 + rng.below(4))
        .filter_map(|_| sources.get(rng.below(sources.len())))
        .collect();
    let mut source_ids: Vec<&String> = Vec::new();
    for s in picked {
        if !source_ids.contains(&s) {
            source_ids.push(s);
        }
    }
    let mut spec = json!({
        "id": id(seed, "flowSpec", i),
        "name": name,
        "providerId": id(seed, "provider", i % 7),
        "version": "1.0",
        "attributes": {"isSourceFlow": true, "frequency": "batch"},
        "sourceConnectionSpecIds": source_ids,
        "targetConnectionSpecIds": [target],
    });
    let Some(obj) = spec.as_object_mut() else {
        return spec;
    };
    let schedule_variant = match rng.below(100) {
        0..=49 => Some(0),
        50..=84 => Some(1),
        85..=94 => Some(2),
        _ => None,
    };
    let option_variant = match rng.below(100) {
        0..=59 => 0,
        60..=89 => 1,
        _ => 2,
    };
    let own = rng.percent(30).then(|| format!("Options of {name}."));
    obj.insert("optionSpec".into(), options(option_variant, own));
    if let Some(v) = schedule_variant {
        obj.insert("scheduleSpec".into(), schedule(v));
    }
    obj.insert(
        "transformationSpec".into(),
        transformations(rng.percent(40)),
    );
    if rng.percent(30) {
        obj.insert("runSpec".into(), run_spec());
    }
    spec
}

/// The auth types a connectionSpec draws one to three of.
fn auth(kind: usize, spec_name: &str) -> Value {
    let string = json!({"type": "string"});
    let secret = json!({"type": "string", "format": "password"});
    let (ty, label, properties, required) = match kind {
        0 => (
            "BasicAuthentication",
            "Basic Authentication",
            json!({"url": {"type": "string", "format": "uri"}, "username": string, "password": secret}),
            json!(["url", "username"]),
        ),
        1 => (
            "OAuth2RefreshCode",
            "OAuth 2 Refresh Code",
            json!({"accessToken": secret, "refreshToken": secret, "clientId": string, "clientSecret": secret}),
            json!(["accessToken"]),
        ),
        2 => (
            "KeyBased",
            "Key Based Authentication",
            json!({"host": string, "apiKey": secret}),
            json!(["host", "apiKey"]),
        ),
        3 => (
            "ServicePrincipal",
            "Service Principal Authentication",
            json!({"tenantId": string, "clientId": string, "clientSecret": secret}),
            json!(["tenantId", "clientId", "clientSecret"]),
        ),
        _ => (
            "ConnectionString",
            "Connection String Authentication",
            json!({"connectionString": secret}),
            json!(["connectionString"]),
        ),
    };
    json!({"name": format!("{label} for {spec_name}"), "type": ty, "spec": {
        "$schema": DRAFT7, "type": "object", "properties": properties, "required": required}})
}

fn connection_spec(rng: &mut Rng, seed: u64, i: usize) -> Value {
    let category = ["database", "cloud-storage", "crm", "protocols", "marketing"][rng.below(5)];
    let name = format!("{category}-source-{i:03}");
    let mut kinds: Vec<usize> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let k = rng.below(5);
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let auth_spec: Vec<Value> = kinds.iter().map(|k| auth(*k, &name)).collect();
    let mut spec = json!({
        "id": id(seed, "connectionSpec", i),
        "name": name,
        "providerId": id(seed, "provider", i % 7),
        "version": "1.0",
        "attributes": {"category": category, "isSource": true},
        "authSpec": auth_spec,
    });
    let Some(obj) = spec.as_object_mut() else {
        return spec;
    };
    let shape = rng.below(100);
    if shape < 60 {
        obj.insert(
            "sourceSpec".into(),
            json!({"spec": {"$schema": DRAFT7, "type": "object",
            "properties": {"tableName": {"type": "string", "minLength": 1},
                "path": {"type": "string"}}}}),
        );
    }
    if (35..80).contains(&shape) {
        obj.insert(
            "exploreSpec".into(),
            json!({"name": "Tabular", "type": "Tabular",
            "responseSpec": {"root": {"type": "array", "items": {"type": "object",
                "properties": {"name": {"type": "string"}, "path": {"type": "string"}},
                "required": ["name"]}}}}),
        );
    }
    spec
}

/// A catalog of `flow_specs` flowSpecs and `connection_specs` connectionSpecs (the first
/// connectionSpec is every flow's target), the same for the same arguments.
pub fn catalog(seed: u64, flow_specs: usize, connection_specs: usize) -> Catalog {
    let mut rng = Rng(seed);
    let connection_specs: Vec<Value> = (0..connection_specs)
        .map(|i| connection_spec(&mut rng, seed, i))
        .collect();
    let ids: Vec<String> = connection_specs
        .iter()
        .filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let target = ids
        .first()
        .cloned()
        .unwrap_or_else(|| id(seed, "target", 0));
    let sources = ids.get(1..).filter(|s| !s.is_empty()).unwrap_or(&ids[..]);
    let flow_specs = (0..flow_specs)
        .map(|i| flow_spec(&mut rng, seed, i, sources, &target))
        .collect();
    Catalog {
        connection_specs,
        flow_specs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_catalog() {
        let a = catalog(7, 30, 40);
        let b = catalog(7, 30, 40);
        assert_eq!(a.flow_specs, b.flow_specs);
        assert_eq!(a.connection_specs, b.connection_specs);
        assert_ne!(catalog(8, 30, 40).flow_specs, a.flow_specs);
    }

    #[test]
    fn it_is_shaped_like_a_real_catalog() {
        let c = catalog(1, 200, 400);
        assert_eq!((c.flow_specs.len(), c.connection_specs.len()), (200, 400));
        let mut names: Vec<&str> = c
            .flow_specs
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 200, "flowSpec names are unique");
        let mut schedules: Vec<&Value> = c
            .flow_specs
            .iter()
            .filter_map(|s| s.get("scheduleSpec"))
            .collect();
        schedules.sort_by_key(|v| v.to_string());
        schedules.dedup();
        assert_eq!(schedules.len(), 3, "three schedule variants, reused");
        let auths: Vec<usize> = c
            .connection_specs
            .iter()
            .filter_map(|s| s["authSpec"].as_array().map(Vec::len))
            .collect();
        assert!(auths.iter().all(|n| (1..=3).contains(n)));
        assert!(auths.iter().any(|n| *n > 1));
        let with = |key: &str| {
            c.connection_specs
                .iter()
                .filter(|s| s.get(key).is_some())
                .count()
        };
        assert!(with("sourceSpec") > 100 && with("exploreSpec") > 100);
        let bare = c
            .connection_specs
            .iter()
            .filter(|s| s.get("sourceSpec").is_none() && s.get("exploreSpec").is_none())
            .count();
        assert!(bare > 40, "{bare} with neither");
    }
}
