//! Schema-directed instance generation for differential tests: seeded, deterministic,
//! and heavy on boundaries (±1 around bounds, `1.0` against `1`, lengths around limits
//! counted in code points, missing and extra members, wrong types).

use serde_json::{json, Map, Number, Value};

/// A small deterministic generator (xorshift64*), so runs are reproducible by seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn number_candidates(schema: &Value, integer: bool) -> Vec<Value> {
    let mut out = vec![
        json!(0),
        json!(1),
        json!(-1),
        json!(1.0),
        json!(1.5),
        json!(14),
        json!(15),
        json!(16),
        json!(30),
        json!(1567411548),
    ];
    for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
        if let Some(b) = num(schema, key) {
            for d in [-1.0, -0.5, 0.0, 0.5, 1.0] {
                if let Some(n) = Number::from_f64(b + d) {
                    out.push(Value::Number(n));
                }
            }
            if b.fract() == 0.0 && b.abs() < 1e15 {
                out.push(json!(b as i64));
                out.push(json!(b as i64 + 1));
                out.push(json!(b as i64 - 1));
            }
        }
    }
    if let Some(m) = num(schema, "multipleOf") {
        for k in [1.0, 2.0, 3.5] {
            if let Some(n) = Number::from_f64(m * k) {
                out.push(Value::Number(n));
            }
        }
    }
    if integer {
        out.retain(|v| v.as_f64().is_some_and(|f| f.fract() == 0.0) || v == &json!(1.5));
    }
    out
}

fn string_candidates(schema: &Value) -> Vec<Value> {
    let mut out = vec![
        json!(""),
        json!("a"),
        json!("abc"),
        json!("my-table"),
        json!("1.2.3"),
        json!("ñandú"),
        json!("😀😀"),
        json!("https://example.com/x"),
    ];
    for key in ["minLength", "maxLength"] {
        if let Some(n) = schema.get(key).and_then(Value::as_u64) {
            for len in [n.saturating_sub(1), n, n + 1] {
                out.push(Value::String("é".repeat(len as usize)));
            }
        }
    }
    out
}

/// A value for `schema`, valid or nearly so most of the time, wrong some of the time.
pub fn generate(schema: &Value, rng: &mut Rng, depth: usize) -> Value {
    let wrong = [
        json!(null),
        json!(true),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
    ];
    if depth > 4 || rng.one_in(12) {
        return rng.pick(&wrong).clone();
    }
    if let Some(c) = schema.get("const") {
        return if rng.one_in(4) {
            rng.pick(&wrong).clone()
        } else {
            c.clone()
        };
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.is_empty() && !rng.one_in(5) {
            return rng.pick(e).clone();
        }
        return json!("fortnight");
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) if !ts.is_empty() => {
            rng.pick(ts).as_str().unwrap_or("null").to_owned()
        }
        _ => {
            if schema.get("properties").is_some() || schema.get("required").is_some() {
                "object".into()
            } else {
                (*rng.pick(&[
                    "integer", "number", "string", "boolean", "object", "array", "null",
                ]))
                .to_owned()
            }
        }
    };
    match ty.as_str() {
        "integer" => rng.pick(&number_candidates(schema, true)).clone(),
        "number" => rng.pick(&number_candidates(schema, false)).clone(),
        "string" => rng.pick(&string_candidates(schema)).clone(),
        "boolean" => json!(rng.one_in(2)),
        "null" => Value::Null,
        "array" => {
            let n = rng.below(4);
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            Value::Array((0..n).map(|_| generate(&items, rng, depth + 1)).collect())
        }
        _ => object(schema, rng, depth),
    }
}

fn object(schema: &Value, rng: &mut Rng, depth: usize) -> Value {
    let mut m = Map::new();
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, s) in props {
            let keep = if required.contains(&k.as_str()) {
                !rng.one_in(8)
            } else {
                rng.one_in(2)
            };
            if keep {
                m.insert(k.clone(), generate(s, rng, depth + 1));
            }
        }
    }
    for r in &required {
        if !m.contains_key(*r) && !rng.one_in(6) {
            m.insert((*r).to_owned(), generate(&json!({}), rng, depth + 1));
        }
    }
    if rng.one_in(5) {
        m.insert("undeclared".into(), json!({"kept": [1, 2]}));
    }
    Value::Object(m)
}

/// `n` instances for `schema` from `seed`.
pub fn many(schema: &Value, seed: u64, n: usize) -> Vec<Value> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| generate(schema, &mut rng, 0)).collect()
}
