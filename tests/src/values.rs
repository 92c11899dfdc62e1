//! proptest strategies for JSON instances, guided by a schema: every number, string,
//! member name and literal value the schema mentions is used, with its neighbours
//! (±1 and ±0.5 around bounds, `1.0` beside `1`, strings one code point shorter or longer,
//! multi-byte characters), together with mutations of known instances (a member removed,
//! added or replaced).

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// The literals of a schema that instances are built from.
#[derive(Debug, Clone, Default)]
pub struct Pools {
    /// Numbers near the schema's numbers.
    pub numbers: Vec<Value>,
    /// Strings near the schema's strings.
    pub strings: Vec<String>,
    /// Member names the schema mentions.
    pub keys: Vec<String>,
    /// Whole values the schema or known instances mention.
    pub values: Vec<Value>,
}

fn number(f: f64) -> Option<Value> {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Some(Value::from(f as i64))
    } else {
        Number::from_f64(f).map(Value::Number)
    }
}

fn collect(v: &Value, p: &mut Pools, depth: usize) {
    if depth > 12 {
        return;
    }
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64() {
                if f.abs() < 1.0e15 {
                    for d in [-1.0, -0.5, 0.0, 0.5, 1.0] {
                        p.numbers.extend(number(f + d));
                    }
                    p.numbers.extend(Number::from_f64(f).map(Value::Number));
                    p.numbers
                        .extend(Number::from_f64(f * 2.0).map(Value::Number));
                }
            }
        }
        Value::String(s) => {
            let mut shorter = s.clone();
            shorter.pop();
            p.strings.extend([
                s.clone(),
                shorter,
                format!("{s}é"),
                format!("{s}😀"),
                s.to_uppercase(),
            ]);
        }
        Value::Array(items) => {
            for i in items {
                collect(i, p, depth + 1);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                p.keys.push(k.clone());
                if matches!(k.as_str(), "enum" | "const" | "default" | "examples") {
                    match x {
                        Value::Array(a) if k == "enum" => p.values.extend(a.iter().cloned()),
                        other => p.values.push(other.clone()),
                    }
                }
                if let (Some(len), true) = (x.as_u64(), k.ends_with("Length")) {
                    for n in [len.saturating_sub(1), len, len + 1] {
                        p.strings.push("é".repeat(n as usize));
                        p.strings.push("a".repeat(n as usize));
                    }
                }
                collect(x, p, depth + 1);
            }
        }
        _ => {}
    }
}

/// The pools of `schema`, plus known `instances` (e.g. a test suite's data).
pub fn pools(schema: &Value, instances: &[Value]) -> Pools {
    let mut p = Pools::default();
    collect(schema, &mut p, 0);
    for i in instances {
        collect(i, &mut p, 0);
        p.values.push(i.clone());
    }
    p.numbers.extend([0, 1, -1, 15].map(Value::from));
    p.numbers.extend(
        [1.5, 1.0, -0.5]
            .iter()
            .filter_map(|f| Number::from_f64(*f).map(Value::Number)),
    );
    p.strings.extend(["", "a", "foo", "😀"].map(String::from));
    p.keys
        .extend(["foo", "bar", "undeclared"].map(String::from));
    for list in [&mut p.keys, &mut p.strings] {
        list.sort();
        list.dedup();
    }
    p
}

fn pick<T: Clone + std::fmt::Debug + 'static>(items: Vec<T>) -> BoxedStrategy<T> {
    proptest::sample::select(items).boxed()
}

/// Values built from `p`: scalars from the pools, arrays and objects of them, and
/// mutations of the pooled whole values.
pub fn values(p: &Pools) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        3 => pick(p.numbers.clone()),
        3 => pick(p.strings.clone()).prop_map(Value::String),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
    ]
    .boxed();
    let keys = p.keys.clone();
    let tree = leaf
        .clone()
        .prop_recursive(3, 24, 4, move |inner| {
            let keys = keys.clone();
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::vec((proptest::sample::select(keys), inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
            ]
        })
        .boxed();
    if p.values.is_empty() {
        return tree;
    }
    let mutated = (
        pick(p.values.clone()),
        pick(p.keys.clone()),
        tree.clone(),
        0..4u8,
    )
        .prop_map(|(base, key, replacement, how)| mutate(base, key, replacement, how))
        .boxed();
    prop_oneof![2 => tree, 3 => mutated].boxed()
}

fn mutate(base: Value, key: String, replacement: Value, how: u8) -> Value {
    match (base, how) {
        (Value::Object(mut o), 0) => {
            let first = o.keys().next().cloned();
            if let Some(k) = first {
                o.shift_remove(&k);
            }
            Value::Object(o)
        }
        (Value::Object(mut o), 1) => {
            o.insert(key, replacement);
            Value::Object(o)
        }
        (Value::Array(mut a), 0) => {
            a.pop();
            Value::Array(a)
        }
        (Value::Array(mut a), 1) => {
            a.push(replacement);
            Value::Array(a)
        }
        (Value::Number(n), 2) => n
            .as_f64()
            .and_then(|f| number(f + 1.0))
            .unwrap_or(replacement),
        (Value::Number(n), 3) => n
            .as_f64()
            .and_then(|f| Number::from_f64(f).map(Value::Number))
            .unwrap_or(replacement),
        (v, _) => v,
    }
}
