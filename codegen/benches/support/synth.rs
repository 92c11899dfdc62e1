//! Seeded synthetic flowSpecs for the scale benchmarks: each one looks like a real source
//! flowSpec (an optionSpec, a CRMToAEP-style periodic scheduleSpec with an `if`/`then`/`else`
//! chain on `frequency`, a few transformations and a runSpec), with names, properties,
//! enums, bounds and the depth of the conditional chain varied by the seed.

use serde_json::{json, Map, Value};

/// A small deterministic generator (xorshift64*), so a set is the same on every run.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() as u64 - 1) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.range(1, 100) <= percent
    }
}

const SYSTEMS: &[&str] = &[
    "Crm",
    "Erp",
    "Ads",
    "Mail",
    "Chat",
    "Ledger",
    "Survey",
    "Ticket",
    "Warehouse",
    "Lake",
];
const WORDS: &[&str] = &[
    "account", "batch", "column", "delta", "endpoint", "filter", "group", "host", "index", "key",
    "limit", "mode", "region", "schema", "table", "token", "window", "zone",
];
const QUALIFIERS: &[&str] = &["name", "id", "size", "format", "path", "count", "enabled"];
const FREQUENCIES: &[&str] = &["once", "minute", "hour", "day", "week", "month"];

fn id(rng: &mut Rng) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        rng.range(0, u32::MAX as u64),
        rng.range(0, 0xffff),
        rng.range(0, 0xfff),
        rng.range(0, 0xfff),
        rng.range(0, 0xffff_ffff_ffff)
    )
}

/// A leaf property schema: a scalar, often constrained, sometimes an enum.
fn leaf(rng: &mut Rng) -> Value {
    match rng.range(0, 6) {
        0 => json!({"type": "boolean", "default": rng.chance(50)}),
        1 => {
            json!({"type": "integer", "minimum": rng.range(0, 10), "maximum": rng.range(100, 10_000)})
        }
        2 => json!({"type": "number", "exclusiveMinimum": 0, "description": "a threshold"}),
        3 => {
            let n = rng.range(2, 5) as usize;
            let values: Vec<String> = (0..n).map(|i| format!("{}{i}", rng.pick(WORDS))).collect();
            json!({"type": "string", "enum": values})
        }
        4 => json!({"type": "string", "minLength": 1, "maxLength": rng.range(16, 256)}),
        5 => json!({"type": "array", "items": {"type": "string"}, "uniqueItems": true}),
        _ => json!({"type": "string", "description": "free text"}),
    }
}

/// An object schema with `n` properties (one level of nesting at `depth` 0), some required.
fn object(rng: &mut Rng, n: usize, depth: usize) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    let mut i = 0;
    while props.len() < n {
        let name = format!("{}{}", rng.pick(WORDS), capitalised(rng.pick(QUALIFIERS)));
        let name = if props.contains_key(&name) {
            format!("{name}{i}")
        } else {
            name
        };
        i += 1;
        let schema = if depth == 0 && rng.chance(20) {
            let inner = rng.range(1, 3) as usize;
            object(rng, inner, depth + 1)
        } else {
            leaf(rng)
        };
        if rng.chance(30) {
            required.push(Value::String(name.clone()));
        }
        props.insert(name, schema);
    }
    let mut o = json!({"type": "object", "properties": props});
    if !required.is_empty() {
        o["required"] = Value::Array(required);
    }
    o
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The `else` chain after `once`: one `if frequency == f` per remaining frequency, each
/// with its own minimum, the last one unconditional.
fn chain(rng: &mut Rng, frequencies: &[&str]) -> Value {
    let minimum =
        |rng: &mut Rng| json!({"properties": {"interval": {"minimum": rng.range(1, 30)}}});
    match frequencies {
        [] | [_] => minimum(rng),
        [first, rest @ ..] => json!({
            "if": {"properties": {"frequency": {"const": first}}},
            "then": minimum(rng),
            "else": chain(rng, rest),
        }),
    }
}

/// A periodic scheduleSpec shaped like CRMToAEP's, over a seeded subset of frequencies.
fn schedule(rng: &mut Rng) -> Value {
    let n = rng.range(3, FREQUENCIES.len() as u64) as usize;
    let frequencies = &FREQUENCIES[..n];
    let mut otherwise = chain(rng, &frequencies[1..]);
    otherwise["required"] = json!(["interval"]);
    json!({
        "name": "PeriodicSchedule",
        "type": "Periodic",
        "spec": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {
                "startTime": {"description": "epoch time", "type": "integer"},
                "frequency": {"type": "string", "enum": frequencies},
                "interval": {"type": "integer"},
                "backfill": {"type": "boolean", "default": true}
            },
            "required": ["startTime", "frequency"],
            "if": {"properties": {"frequency": {"const": "once"}}},
            "then": {"allOf": [
                {"not": {"required": ["interval"]}},
                {"not": {"required": ["backfill"]}}
            ]},
            "else": otherwise
        }
    })
}

/// The `index`-th flowSpec of the set seeded by `seed`. Names and ids are unique in a set.
pub fn flow_spec(seed: u64, index: usize) -> Value {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x1000_0000_01b3));
    let name = format!(
        "{}{}ToAEP{index}",
        rng.pick(SYSTEMS),
        capitalised(rng.pick(WORDS))
    );
    let mut spec = Map::new();
    spec.insert("id".into(), Value::String(id(&mut rng)));
    spec.insert("name".into(), Value::String(name));
    spec.insert("providerId".into(), Value::String(id(&mut rng)));
    spec.insert("version".into(), json!("1.0"));
    spec.insert(
        "attributes".into(),
        json!({"isSourceFlow": true, "frequency": "batch"}),
    );
    let n = rng.range(2, 8) as usize;
    spec.insert(
        "optionSpec".into(),
        json!({"name": "OptionSpec", "spec": object(&mut rng, n, 0)}),
    );
    if rng.chance(90) {
        spec.insert("scheduleSpec".into(), schedule(&mut rng));
    }
    let mut transformations = Vec::new();
    for t in ["Copy", "Mapping", "Filter"] {
        if rng.chance(60) {
            let n = rng.range(1, 4) as usize;
            transformations.push(json!({"name": t, "spec": object(&mut rng, n, 0)}));
        }
    }
    if !transformations.is_empty() {
        spec.insert("transformationSpec".into(), Value::Array(transformations));
    }
    if rng.chance(70) {
        let n = rng.range(2, 5) as usize;
        spec.insert(
            "runSpec".into(),
            json!({"name": "ProviderParams", "spec": object(&mut rng, n, 0)}),
        );
    }
    Value::Object(spec)
}

/// `count` flowSpecs seeded by `seed`, each serialised as its own pretty-printed file.
pub fn set(seed: u64, count: usize) -> Vec<(String, Vec<u8>)> {
    (0..count)
        .map(|i| {
            let text = serde_json::to_vec_pretty(&flow_spec(seed, i)).unwrap_or_default();
            (format!("synthetic-{i:04}.json"), text)
        })
        .collect()
}
