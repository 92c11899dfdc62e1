use super::*;
use serde_json::json;

fn doc(v: Value) -> Document {
    Document {
        file: std::sync::Arc::new("c.json".into()),
        value: v,
    }
}

fn keys(specs: &[ConnectionSpec]) -> Vec<Vec<String>> {
    specs
        .iter()
        .map(|s| s.parts.iter().map(|p| p.key.to_string()).collect())
        .collect()
}

#[test]
fn parts_in_order_with_nested_explore_responses() {
    let d = doc(json!({"items": [{
        "id": "1", "name": "one",
        "authSpec": [{"name": "A", "spec": {"type": "object"}}, {"name": "B", "type": "x"}],
        "sourceSpec": {"attributes": {}, "spec": {}},
        "exploreSpec": {"name": "n", "type": "t", "requestSpec": {},
            "responseSpec": {"$schema": "x", "root": {"type": "array"}, "file": {"delimited": {"type": "object"}, "json": {}}}}
    }, {"id": "2", "name": "two", "targetSpec": {"spec": {"type": "object"}}}]}));
    let (specs, warnings) = find(&d).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        keys(&specs),
        vec![
            vec![
                "sourceSpec",
                "auth:A",
                "auth:B",
                "exploreSpec:request",
                "exploreSpec:root",
                "exploreSpec:file/delimited",
                "exploreSpec:file/json"
            ],
            vec!["targetSpec"],
        ]
    );
    // `B` has no spec: untyped, with a warning at the entry.
    assert!(specs[0].parts[2].schema.is_none());
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].location.pointer, "/items/0/authSpec/1");
    assert_eq!(
        specs[0].parts[5]
            .schema
            .as_ref()
            .map(|l| l.pointer.as_str()),
        Some("/items/0/exploreSpec/responseSpec/file/delimited")
    );
}

#[test]
fn lenient_readings_warn() {
    let d = doc(json!({
        "id": "1", "name": "one",
        "authSpec": [{"name": "A", "spec": {"type": "object"}}, {"name": "A", "spec": {}}],
        "sourceSpec": {"attributes": {}},
        "exploreSpec": {"responseSpec": {"type": "object"}}
    }));
    let (specs, warnings) = find(&d).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        keys(&specs),
        vec![vec!["sourceSpec", "auth:A", "exploreSpec:root"]]
    );
    let at: Vec<&str> = warnings
        .iter()
        .map(|w| w.location.pointer.as_str())
        .collect();
    assert_eq!(
        at,
        [
            "/sourceSpec",
            "/authSpec/1/name",
            "/exploreSpec/responseSpec"
        ]
    );
}

#[test]
fn structural_problems_are_errors_at_their_place() {
    for (v, pointer) in [
        (json!([1]), ""),
        (json!({"name": "x"}), "/id"),
        (json!({"id": "1", "name": " "}), "/name"),
        (json!({"id": "1", "name": "x", "authSpec": {}}), "/authSpec"),
        (
            json!({"id": "1", "name": "x", "authSpec": [{"spec": {}}]}),
            "/authSpec/0/name",
        ),
        (
            json!({"id": "1", "name": "x", "sourceSpec": 3}),
            "/sourceSpec",
        ),
        (json!({"items": 3}), "/items"),
    ] {
        let e = find(&doc(v.clone()))
            .err()
            .unwrap_or_else(|| panic!("accepted {v}"));
        assert_eq!(e.location.pointer, pointer, "{v}");
    }
}

#[test]
fn lint_names_the_oddities() {
    let d = doc(json!({
        "id": "1", "name": "one",
        "authSpec": [{"name": "A", "spec": {
            "$schema": "http: //json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {"a": {"type": "string", "uiAttributes": {}}, "b": {"enum": [{"required": ["zz"]}]}},
            "required": ["a", "missing"],
            "conditional": {}
        }}]
    }));
    let (specs, _) = find(&d).unwrap_or_else(|e| panic!("{e}"));
    let warnings = lint(&d, &specs[0]);
    let at: Vec<&str> = warnings
        .iter()
        .map(|w| w.location.pointer.as_str())
        .collect();
    assert_eq!(
        at,
        [
            "/authSpec/0/spec/$schema",
            "/authSpec/0/spec/conditional",
            "/authSpec/0/spec/required/1",
            "/authSpec/0/spec/properties/a/uiAttributes",
        ]
    );
}
