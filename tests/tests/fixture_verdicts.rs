//! Verdicts of the fixtures whose subschemas read members their owner's pass found
//! (`if`/`then`/`else`, `allOf`, `anyOf`, `oneOf`, `not`, `dependencies`), against the
//! `jsonschema` crate: on hand-picked instances and on seeded ones, in both modes
//! (`is_valid` stops at the first violation, `validate_value` collects them all).

use flowgen_runtime::Validated;
use flowgen_tests::fixtures::schemas;
use flowgen_tests::{instances, without_meta, workspace};
use serde_json::{json, Value};

const SEED: u64 = 0x5AED_0B7E;

fn agree<T: Validated>(stem: &str, picked: Vec<Value>) {
    let path = workspace().join(format!("tests/fixtures/{stem}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema = without_meta(&schema);
    let oracle = jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{stem}: {e}"));
    let mut values = picked;
    values.extend(instances::many(&schema, SEED, 2_000));
    let mut valid = 0;
    for v in &values {
        let expected = oracle.is_valid(v);
        assert_eq!(T::is_valid(v), expected, "{stem}: is_valid on {v}");
        let all = T::validate_value(v);
        assert_eq!(
            all.is_ok(),
            expected,
            "{stem}: validate_value on {v}: {all:?}"
        );
        valid += usize::from(expected);
    }
    assert!(
        valid > 0 && valid < values.len(),
        "{stem}: {valid} of {} valid; both verdicts must occur",
        values.len()
    );
}

#[test]
fn shared_members_agree_with_jsonschema() {
    agree::<schemas::shared_members::Root>(
        "shared_members",
        vec![
            json!({"kind": "a", "code": 1}),
            json!({"kind": "b", "code": 5}),
            json!({"kind": "b", "code": 10}),
            json!({"kind": "b", "label": "x"}),
            json!({"kind": "c", "label": "abcd"}),
            json!({"kind": "c", "label": "abc", "flag": 1}),
            json!({"kind": "c", "label": "abc", "flag": true}),
            json!({"kind": "a", "code": 1, "forbidden": 0}),
            json!({"kind": "a"}),
            json!({"kind": "a", "code": 1, "nested": {}}),
            json!({"kind": "a", "code": 1, "nested": {"code": "x"}}),
            json!({"kind": "d", "code": 1}),
            json!({"code": 1, "label": "ab"}),
            json!("kind"),
            json!([]),
        ],
    );
}

#[test]
fn conditional_fixtures_agree_with_jsonschema() {
    agree::<schemas::conditionals::Root>("conditionals", Vec::new());
    agree::<schemas::nested_else_if::Root>(
        "nested_else_if",
        vec![
            json!({"startTime": 1, "frequency": "once"}),
            json!({"startTime": 1, "frequency": "once", "interval": 1}),
            json!({"startTime": 1, "frequency": "minute", "interval": 14}),
            json!({"startTime": 1, "frequency": "hour", "interval": 25}),
            json!({"startTime": 1, "frequency": "day"}),
        ],
    );
    agree::<schemas::combinators::Root>("combinators", Vec::new());
    agree::<schemas::not_required::Root>("not_required", Vec::new());
}
