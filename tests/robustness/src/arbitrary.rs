//! Random draft-07 schemas and flowSpec documents, as proptest strategies.
//!
//! Depth-bounded and built from a small vocabulary chosen to reach flowgen's harder
//! paths: conditionals on a `const` member (nested `else`-`if` included), `oneOf`/`anyOf`
//! told apart by a `const` member, the other combinators, `$ref`s to `definitions` (which
//! may refer to each other, recursively), boolean schemas, and property names that are
//! Rust keywords, emoji, empty, or collide after case conversion.
//!
//! `build.rs` includes this file too, to sample the compiled batch with a fixed seed.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::strategy::Union;
use serde_json::{json, Map, Value};

/// Property names, odd ones included.
pub const NAMES: &[&str] = &[
    "a", "b", "kind", "interval", "", "type", "Self", "self", "crate", "super", "r#fn", "fn", "🚀",
    "fooBar", "foo_bar", "FooBar", "extra", "build", "1st", "x-y", "a/b", "~", "é",
];

/// Members that conditionals and alternatives test.
const TAGS: &[&str] = &["frequency", "kind", "type", "", "🚀", "Self"];

/// Values those members take.
const TAG_VALUES: &[&str] = &[
    "once", "minute", "hour", "", "Self", "type", "a b", "🚀", "1x", "ONCE",
];

/// ECMA-262 patterns (valid ones: the batch must generate).
const PATTERNS: &[&str] = &[
    "^[a-z]+$", "a", "^\\d{2}$", "é", "^$", "[0-9]", "^(a|b)*$", "\\w+", "^.{1,3}$",
];

const TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "string", "integer",
];

fn weighted(options: Vec<(u32, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    Union::new_weighted(options).boxed()
}

fn number() -> BoxedStrategy<Value> {
    select(vec![
        json!(0),
        json!(1),
        json!(-1),
        json!(2),
        json!(15),
        json!(100),
        json!(1.5),
        json!(-0.5),
    ])
    .boxed()
}

fn name() -> BoxedStrategy<String> {
    select(NAMES).prop_map(str::to_owned).boxed()
}

/// `names` without repeats (draft-07 wants `required` and the like unique).
fn unique(mut names: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    names.retain(|n| {
        let new = !seen.contains(n);
        seen.push(n.clone());
        new
    });
    names
}

fn insert(o: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        o.insert(key.to_owned(), v);
    }
}

fn string_schema() -> BoxedStrategy<Value> {
    (
        proptest::option::of(0u64..4),
        proptest::option::of(0u64..6),
        proptest::option::of(select(PATTERNS)),
    )
        .prop_map(|(min, max, pattern)| {
            let mut o = Map::new();
            o.insert("type".into(), json!("string"));
            insert(&mut o, "minLength", min.map(Value::from));
            insert(&mut o, "maxLength", max.map(Value::from));
            insert(&mut o, "pattern", pattern.map(Value::from));
            Value::Object(o)
        })
        .boxed()
}

fn number_schema() -> BoxedStrategy<Value> {
    let bound = || proptest::option::weighted(0.3, number());
    (
        select(&["integer", "number"][..]),
        bound(),
        bound(),
        bound(),
        bound(),
        proptest::option::weighted(0.2, select(vec![json!(2), json!(0.5), json!(3)])),
    )
        .prop_map(|(t, min, max, xmin, xmax, multiple)| {
            let mut o = Map::new();
            o.insert("type".into(), json!(t));
            insert(&mut o, "minimum", min);
            insert(&mut o, "maximum", max);
            insert(&mut o, "exclusiveMinimum", xmin);
            insert(&mut o, "exclusiveMaximum", xmax);
            insert(&mut o, "multipleOf", multiple);
            Value::Object(o)
        })
        .boxed()
}

/// Schemas without subschemas (but possibly a `$ref` to one of `defs` definitions).
fn leaf(defs: usize) -> BoxedStrategy<Value> {
    let literals = vec![
        json!(1),
        json!("a"),
        json!(null),
        json!(true),
        json!([1, "a"]),
        json!({"a": 1}),
        json!(1.5),
        json!(""),
    ];
    let mut options = vec![
        (1, any::<bool>().prop_map(Value::Bool).boxed()),
        (1, Just(json!({})).boxed()),
        (
            3,
            subsequence(TYPES, 1..3)
                .prop_map(|ts| match ts.as_slice() {
                    [one] => json!({"type": one}),
                    many => json!({"type": many}),
                })
                .boxed(),
        ),
        (3, string_schema()),
        (3, number_schema()),
        (
            2,
            subsequence(TAG_VALUES, 1..5)
                .prop_map(|vs| json!({"enum": vs}))
                .boxed(),
        ),
        (
            1,
            select(literals.clone())
                .prop_map(|c| json!({"const": c}))
                .boxed(),
        ),
        (
            1,
            subsequence(literals, 1..4)
                .prop_map(|vs| json!({"enum": vs}))
                .boxed(),
        ),
    ];
    if defs > 0 {
        options.push((
            3,
            (0..defs)
                .prop_map(|i| json!({"$ref": format!("#/definitions/d{i}")}))
                .boxed(),
        ));
    }
    weighted(options)
}

fn object(sub: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let extra = prop_oneof![any::<bool>().prop_map(Value::Bool), sub.clone()];
    (
        vec((name(), sub.clone()), 0..4),
        vec(name(), 0..3),
        proptest::option::weighted(0.3, extra),
        proptest::option::weighted(0.15, (select(PATTERNS), sub.clone())),
        proptest::option::weighted(0.1, 0u64..3),
        proptest::option::weighted(0.1, (name(), vec(name(), 1..3))),
        proptest::option::weighted(0.1, (name(), sub)),
        proptest::option::weighted(0.1, select(PATTERNS)),
        any::<bool>(),
    )
        .prop_map(
            |(props, required, additional, pattern, min, dep_names, dep_schema, names, typed)| {
                let mut o = Map::new();
                if typed {
                    o.insert("type".into(), json!("object"));
                }
                if !props.is_empty() {
                    let props: Map<String, Value> = props.into_iter().collect();
                    o.insert("properties".into(), Value::Object(props));
                }
                if !required.is_empty() {
                    o.insert("required".into(), json!(unique(required)));
                }
                insert(&mut o, "additionalProperties", additional);
                if let Some((p, s)) = pattern {
                    o.insert("patternProperties".into(), json!({ p: s }));
                }
                insert(&mut o, "minProperties", min.map(Value::from));
                let mut deps = Map::new();
                if let Some((n, list)) = dep_names {
                    deps.insert(n, json!(unique(list)));
                }
                if let Some((n, s)) = dep_schema {
                    deps.insert(n, s);
                }
                if !deps.is_empty() {
                    o.insert("dependencies".into(), Value::Object(deps));
                }
                if let Some(p) = names {
                    o.insert("propertyNames".into(), json!({ "pattern": p }));
                }
                Value::Object(o)
            },
        )
        .boxed()
}

fn array(sub: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let items = prop_oneof![
        2 => Just(None),
        3 => sub.clone().prop_map(Some),
        1 => vec(sub.clone(), 1..3).prop_map(|v| Some(Value::Array(v))),
    ];
    let additional = prop_oneof![any::<bool>().prop_map(Value::Bool), sub.clone()];
    (
        items,
        proptest::option::weighted(0.2, additional),
        proptest::option::weighted(0.2, 0u64..3),
        proptest::option::weighted(0.2, 0u64..4),
        proptest::bool::weighted(0.15),
        proptest::option::weighted(0.15, sub),
    )
        .prop_map(|(items, additional, min, max, unique, contains)| {
            let mut o = Map::new();
            o.insert("type".into(), json!("array"));
            let tuple = matches!(items, Some(Value::Array(_)));
            insert(&mut o, "items", items);
            if tuple {
                insert(&mut o, "additionalItems", additional);
            }
            insert(&mut o, "minItems", min.map(Value::from));
            insert(&mut o, "maxItems", max.map(Value::from));
            if unique {
                o.insert("uniqueItems".into(), json!(true));
            }
            insert(&mut o, "contains", contains);
            Value::Object(o)
        })
        .boxed()
}

fn combinator(sub: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (
        select(&["allOf", "anyOf", "oneOf", "not"][..]),
        vec(sub, 1..4),
        proptest::option::weighted(0.4, select(TYPES)),
    )
        .prop_map(|(keyword, mut branches, ty)| {
            let mut o = Map::new();
            insert(&mut o, "type", ty.map(Value::from));
            if keyword == "not" {
                o.insert("not".into(), branches.swap_remove(0));
            } else {
                o.insert(keyword.into(), Value::Array(branches));
            }
            Value::Object(o)
        })
        .boxed()
}

/// What a branch of a conditional says.
fn branch(sub: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![
        name().prop_map(|n| json!({ "required": [n] })),
        name().prop_map(|n| json!({ "not": { "required": [n] } })),
        (name(), sub.clone()).prop_map(|(n, s)| json!({ "properties": { n: s } })),
        (name(), sub.clone(), name())
            .prop_map(|(n, s, r)| json!({ "properties": { n: s }, "required": [r] })),
        sub,
    ]
    .boxed()
}

/// `if`/`then`/`else` on a `const` (or `enum`) member, as flowSpec schedules use it;
/// `else` may hold another conditional on the same member.
fn conditional(depth: u32, defs: usize, sub: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let tag = select(TAGS);
    let values = subsequence(TAG_VALUES, 1..5);
    let nested = if depth > 1 {
        conditional(depth - 1, defs, schema(depth - 2, defs))
    } else {
        branch(sub.clone())
    };
    (
        tag,
        values,
        any::<bool>(),
        0usize..3,
        proptest::option::weighted(0.8, branch(sub.clone())),
        proptest::option::weighted(0.7, prop_oneof![branch(sub), nested]),
        proptest::bool::weighted(0.8),
    )
        .prop_map(|(tag, values, required, test, then, otherwise, typed)| {
            let mut o = Map::new();
            if typed {
                o.insert("type".into(), json!("object"));
            }
            o.insert("properties".into(), json!({ tag: { "enum": values } }));
            if required {
                o.insert("required".into(), json!([tag]));
            }
            let first = values[0];
            let cond = match test {
                0 => json!({ "properties": { tag: { "const": first } } }),
                1 => json!({ "properties": { tag: { "const": first } }, "required": [tag] }),
                _ => json!({ "properties": { tag: { "enum": &values[..values.len().min(2)] } } }),
            };
            o.insert("if".into(), cond);
            insert(&mut o, "then", then);
            insert(&mut o, "else", otherwise);
            Value::Object(o)
        })
        .boxed()
}

/// `oneOf`/`anyOf` whose branches differ by the `const` value of one member.
fn alternatives(sub: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (
        select(TAGS),
        subsequence(TAG_VALUES, 1..4),
        vec((name(), sub), 3),
        select(&["oneOf", "anyOf"][..]),
    )
        .prop_map(|(tag, values, members, keyword)| {
            let branches: Vec<Value> = values
                .iter()
                .zip(members)
                .map(|(v, (m, s))| {
                    let mut props = Map::new();
                    props.insert(m.clone(), s);
                    props.insert(tag.to_owned(), json!({ "const": v }));
                    json!({ "properties": props, "required": [tag] })
                })
                .collect();
            json!({ "type": "object", keyword: branches })
        })
        .boxed()
}

/// A schema nested at most `depth` levels, which may refer to `defs` definitions
/// `#/definitions/d0` ...
pub fn schema(depth: u32, defs: usize) -> BoxedStrategy<Value> {
    if depth == 0 {
        return leaf(defs);
    }
    let sub = schema(depth - 1, defs);
    weighted(vec![
        (3, leaf(defs)),
        (4, object(sub.clone())),
        (2, array(sub.clone())),
        (2, combinator(sub.clone())),
        (2, conditional(depth, defs, sub.clone())),
        (1, alternatives(sub)),
    ])
}

/// A whole schema document: a root schema and up to two definitions it (and they) may
/// refer to.
pub fn document() -> BoxedStrategy<Value> {
    (0usize..3)
        .prop_flat_map(|n| (vec(schema(2, n), n), schema(3, n)))
        .prop_map(|(defs, root)| match root {
            Value::Object(mut o) if !defs.is_empty() => {
                let defs: Map<String, Value> = defs
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| (format!("d{i}"), d))
                    .collect();
                o.insert("definitions".into(), Value::Object(defs));
                Value::Object(o)
            }
            other => other,
        })
        .boxed()
}

/// A flowSpec document numbered `n` (its name and id contain `n`): some of
/// `optionSpec`, `scheduleSpec`, `transformationSpec` and `runSpec`.
pub fn flow_spec(n: usize) -> BoxedStrategy<Value> {
    let part = || proptest::option::weighted(0.6, document());
    let transformations = subsequence(&["Copy", "copy", "Mapping", "🚀", "Self", ""][..], 0..3)
        .prop_flat_map(|names| {
            let count = names.len();
            (Just(names), vec(document(), count))
        });
    (
        part(),
        part(),
        transformations,
        part(),
        select(&["", " 🚀", " type", "-Self"][..]),
    )
        .prop_map(move |(options, schedule, (names, specs), run, suffix)| {
            let mut o = Map::new();
            o.insert("id".into(), json!(format!("id-{n}")));
            o.insert("name".into(), json!(format!("Flow {n}{suffix}")));
            o.insert("version".into(), json!("1.0"));
            let wrap = |s: Value| json!({ "name": "spec", "spec": s });
            insert(&mut o, "optionSpec", options.map(wrap));
            insert(&mut o, "scheduleSpec", schedule.map(wrap));
            if !names.is_empty() {
                let list: Vec<Value> = names
                    .iter()
                    .zip(specs)
                    .map(|(name, spec)| json!({ "name": name, "spec": spec }))
                    .collect();
                o.insert("transformationSpec".into(), Value::Array(list));
            }
            insert(&mut o, "runSpec", run.map(wrap));
            Value::Object(o)
        })
        .boxed()
}

/// `count` values of `strategy`, the same for the same `seed`.
pub fn sample(strategy: &BoxedStrategy<Value>, seed: u64, count: usize) -> Vec<Value> {
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Default::default(), rng);
    (0..count)
        .filter_map(|_| strategy.new_tree(&mut runner).ok().map(|t| t.current()))
        .collect()
}
