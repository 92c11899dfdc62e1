//! Hostile inputs: each gets a clear diagnostic (file and JSON pointer) or correct output.
//! Cases the CLI tests already cover are not repeated here: invalid UTF-8, two flowSpecs
//! with the same name, an unclosed pattern, a `$ref` cycle through two definitions
//! (`codegen/tests/cli.rs`).

use flowgen::{Config, Diagnostic, Error};
use flowgen_robustness::batch::schemas::{
    hostile_enum, hostile_names, hostile_patterns, hostile_recursive,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Writes `text` as a flowSpec file in a temp dir and generates from it.
fn flow_spec(
    text: &[u8],
) -> (
    tempfile::TempDir,
    PathBuf,
    Result<flowgen::Generated, Error>,
) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let result = Config::new().flow_spec_file(&path).generate();
    (dir, path, result)
}

fn schema(value: Value) -> Result<flowgen::Generated, Error> {
    Config::new()
        .schema_value("hostile", "Root", "hostile.json", value)
        .generate()
}

/// The diagnostics of an input error (a panic, failing the test, for anything else).
fn diagnostics(result: Result<flowgen::Generated, Error>) -> Vec<Diagnostic> {
    match result {
        Err(Error::Input(d)) => {
            assert!(!d.is_empty());
            d
        }
        Err(e) => panic!("not an input error: {e}"),
        Ok(_) => panic!("generated, but should not have"),
    }
}

/// Generated code that parses.
fn code(result: Result<flowgen::Generated, Error>) -> String {
    let generated = result.unwrap_or_else(|e| panic!("{e}"));
    let code = generated.single_file().unwrap_or_else(|e| panic!("{e}"));
    syn::parse_file(&code).unwrap_or_else(|e| panic!("{e}"));
    code
}

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn nesting_10000_levels_deep_is_an_error_naming_the_file() {
    let spec = format!(
        r#"{{"id": "i", "name": "N", "optionSpec": {{"spec": {}}}}}"#,
        nested(r#"{"not": "#, "}", 10_000, "{}")
    );
    let (_dir, path, result) = flow_spec(spec.as_bytes());
    let d = diagnostics(result);
    assert_eq!(d[0].location.file.as_path(), path.as_path(), "{}", d[0]);
    assert_eq!(d[0].location.pointer, "");
    assert!(d[0].message.contains("recursion limit"), "{}", d[0]);
    assert!(d[0].message.contains("line 1 column"), "{}", d[0]);
}

#[test]
fn nesting_as_deep_as_json_allows_generates() {
    // serde_json stops at 128 levels: 62 levels of `properties`, 126 of `not`.
    let properties = nested(r#"{"type": "object", "properties": {"x": "#, "}}", 62, "{}");
    code(schema(
        serde_json::from_str(&properties).unwrap_or_default(),
    ));
    let not = nested(r#"{"not": "#, "}", 126, "{}");
    code(schema(serde_json::from_str(&not).unwrap_or_default()));
    let items = nested(r#"{"items": [{"type": "array", "items": "#, "}]}", 40, "{}");
    code(schema(serde_json::from_str(&items).unwrap_or_default()));
}

#[test]
fn a_long_ref_chain_generates_without_overflowing_the_stack() {
    // No JSON nesting at all, but 2,000 types each holding the next.
    let n = 2000;
    let mut definitions = serde_json::Map::new();
    for i in 0..n {
        definitions.insert(
            format!("d{i}"),
            json!({"type": "object", "properties": {"next": {"$ref": format!("#/definitions/d{}", i + 1)}}}),
        );
    }
    definitions.insert(format!("d{n}"), json!({"type": "string"}));
    let code = code(schema(
        json!({"definitions": definitions, "$ref": "#/definitions/d0"}),
    ));
    assert!(
        code.contains("pub struct Root {"),
        "the root keeps its name"
    );
    assert!(code.contains("pub struct D1 {"));
}

#[test]
fn a_ten_megabyte_spec_generates() {
    // 60 flowSpecs in one `GET /flowSpecs` listing, with long descriptions.
    let description = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(300);
    let mut items = Vec::new();
    for i in 0..60 {
        let mut properties = serde_json::Map::new();
        for p in 0..10 {
            let schema = match p % 4 {
                0 => json!({"type": "string", "description": description, "maxLength": 255}),
                1 => json!({"type": "integer", "description": description, "minimum": 0}),
                2 => json!({"enum": ["a", "b", "c"], "description": description}),
                _ => {
                    json!({"type": "array", "items": {"type": "string"}, "description": description})
                }
            };
            properties.insert(format!("property{p}"), schema);
        }
        items.push(json!({
            "id": format!("id-{i}"),
            "name": format!("Flow{i}"),
            "optionSpec": {"spec": {"type": "object", "properties": properties}},
            "scheduleSpec": {"spec": {
                "type": "object",
                "required": ["frequency"],
                "properties": {"frequency": {"enum": ["once", "hour"]}, "interval": {"type": "integer"}},
                "if": {"properties": {"frequency": {"const": "once"}}},
                "then": {"not": {"required": ["interval"]}},
                "else": {"required": ["interval"]}
            }}
        }));
    }
    let text = serde_json::to_vec(&json!({ "items": items })).unwrap_or_default();
    assert!(text.len() >= 10_000_000, "{} bytes", text.len());
    let (_dir, _path, result) = flow_spec(&text);
    let code = code(result);
    assert!(code.contains("pub mod flow59 {"));
}

#[test]
fn duplicate_keys_are_reported_with_file_and_pointer() {
    let spec = br#"{"id": "i", "name": "N", "optionSpec": {"spec": {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "integer", "type": "string"}}
    }}}"#;
    let (_dir, path, result) = flow_spec(spec);
    let d = diagnostics(result);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].location.file.as_path(), path.as_path());
    assert_eq!(d[0].location.pointer, "/optionSpec/spec/properties/b/type");
    assert!(d[0].message.contains("duplicate key \"type\""), "{}", d[0]);
    assert!(d[0].message.contains("line 3 column"), "{}", d[0]);
    assert!(d[0].hint.is_some());

    // At the top level, and among flowSpecs of a listing.
    let (_dir, _path, result) = flow_spec(br#"{"id": "i", "name": "N", "name": "M"}"#);
    assert_eq!(diagnostics(result)[0].location.pointer, "/name");
    let listing = br#"{"items": [{"id": "i", "name": "N"}, {"id": "j", "id": "k", "name": "M"}]}"#;
    let (_dir, _path, result) = flow_spec(listing);
    assert_eq!(diagnostics(result)[0].location.pointer, "/items/1/id");
}

#[test]
fn ref_cycles_that_never_consume_input_are_errors() {
    for (schema_json, pointer) in [
        (json!({"$ref": "#"}), ""),
        (json!({"allOf": [{"$ref": "#"}]}), ""),
        (
            json!({"definitions": {"a": {"not": {"$ref": "#/definitions/a"}}}, "$ref": "#/definitions/a"}),
            "/definitions/a",
        ),
        (
            json!({"definitions": {
                "a": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/b"}]},
                "b": {"if": {"$ref": "#/definitions/a"}}
            }, "properties": {"x": {"$ref": "#/definitions/a"}}}),
            "/definitions/",
        ),
    ] {
        let d = diagnostics(schema(schema_json.clone()));
        assert!(
            d.iter().any(|d| d.message.contains("cycle")
                && d.location.pointer.starts_with(pointer)
                && d.location.file.as_path() == Path::new("hostile.json")),
            "{schema_json}: {d:?}"
        );
    }
}

#[test]
fn recursive_types_through_members_are_boxed_and_work() {
    use hostile_recursive::{Node, Root, A, B};
    let mut list = json!({"value": 0});
    for i in 1..50 {
        list = json!({"value": i, "next": list, "children": [{"value": -i}]});
    }
    let root = Root::try_from(json!({"list": list, "pair": {"b": {"a": {"n": 1}}}}))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut node: Option<&Node> = root.list.as_ref();
    let mut depth = 0;
    while let Some(n) = node {
        depth += 1;
        node = n.next.as_deref();
    }
    assert_eq!(depth, 50);
    let pair: &A = root.pair.as_ref().unwrap_or_else(|| panic!("pair"));
    let b: &B = pair.b.as_deref().unwrap_or_else(|| panic!("b"));
    assert_eq!(b.a.n, Some(1));
    assert!(Root::try_from(json!({"list": {"value": 1, "next": {"next": null}}})).is_err());
    assert!(
        Root::try_from(json!({"pair": {"b": {}}})).is_err(),
        "b requires a"
    );
}

#[test]
fn a_5000_value_enum_compiles_and_converts() {
    use hostile_enum::Root;
    assert_eq!(Root::ALL.len(), 5005);
    for v in [
        "value 0",
        "value 4999",
        "",
        "Self",
        "🚀",
        "value-1",
        "Value1",
    ] {
        let r = Root::try_from(json!(v)).unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(r.as_str(), v);
        assert_eq!(serde_json::to_value(r).ok(), Some(json!(v)));
    }
    assert!(Root::try_from(json!("value 5000")).is_err());
}

#[test]
fn awkward_property_names_keep_their_wire_names() {
    use hostile_names::Root;
    let input = json!({
        "": "empty", "type": "t", "Self": 1, "self": true, "crate": "c", "r#fn": "raw",
        "fn": "f", "🚀": "rocket", "🚀🚀": "rockets", "fooBar": "1", "foo_bar": "2",
        "FooBar": 3, "foo-bar": "4", "extra": "e", "build": "b", "builder": "bb",
        "Value": {"Option": "o"}, "1st": "first",
        "super": {"super": "s", "Self": "r#fn"}, "undeclared": [1]
    });
    let r = Root::try_from(input.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (r.empty.as_str(), r.type_.as_str(), r.self_, r.self_2),
        ("empty", "t", 1, Some(true))
    );
    assert_eq!(
        (r.r_fn.as_deref(), r.fn_.as_deref()),
        (Some("raw"), Some("f"))
    );
    assert_eq!(r.u1f680_u1f680.as_deref(), Some("rockets"));
    assert_eq!(
        (
            r.foo_bar.as_str(),
            r.foo_bar_2.as_deref(),
            r.foo_bar_3,
            r.foo_bar_4.as_deref()
        ),
        ("1", Some("2"), Some(3), Some("4"))
    );
    assert_eq!(r.extra_.as_deref(), Some("e"));
    assert_eq!(r.extra.get("undeclared"), Some(&json!([1])));
    assert_eq!(serde_json::to_value(&r).ok(), Some(input));
    assert!(
        Root::try_from(json!({"": "x", "type": "t", "Self": 1})).is_err(),
        "fooBar is required"
    );
}

#[test]
fn invalid_ecma_patterns_point_at_the_pattern() {
    for (schema_json, pointer) in [
        (
            json!({"patternProperties": {"(": {}}}),
            "/patternProperties/(",
        ),
        (
            json!({"propertyNames": {"pattern": "a{2,1}"}}),
            "/propertyNames/pattern",
        ),
        (
            json!({"properties": {"a/b": {"pattern": "(?i)x"}}}),
            "/properties/a~1b/pattern",
        ),
        (json!({"items": {"pattern": "\\"}}), "/items/pattern"),
    ] {
        let d = diagnostics(schema(schema_json.clone()));
        assert_eq!(d[0].location.pointer, pointer, "{schema_json}: {}", d[0]);
        assert!(d[0].message.contains("ECMA-262"), "{}", d[0]);
    }
}

#[test]
fn catastrophic_backtracking_patterns_stay_bounded() {
    use hostile_patterns::Root;
    // Each would take exponential time in a plain backtracking engine; the runtime's
    // backtrack limit makes the check return (rejecting what it could not decide).
    let long = format!("{}!", "a".repeat(40));
    for member in ["nested", "backref", "lookahead"] {
        assert!(Root::try_from(json!({ member: long })).is_err(), "{member}");
    }
    assert!(Root::try_from(json!({"nested": "aaaa", "lookahead": "aaaa"})).is_ok());
    assert!(Root::try_from(json!({"backref": "aaaa"})).is_ok());
}

/// Regressions found by the property tests, each compiled in the batch under
/// `#![deny(warnings)]` (and clippy): bounds of 0 (`len < 0` did not compile), `if`
/// with one branch or a trivial test, `{}` under a pattern, a `null` member's setter,
/// an `anyOf` with a branch that accepts everything, variants of very different sizes.
#[test]
fn lint_traps_compile_and_validate() {
    use flowgen_robustness::batch::schemas::hostile_lint_traps::Root;
    let ok = json!({"text": "", "list": [], "nothing": null, "labels": {"x-a": [1], "n-b": 2},
        "onlyThen": 5, "onlyElse": "s", "both": "ab", "trivialIf": true, "anyTrue": [1],
        "variants": {"kind": "small"}});
    assert!(Root::try_from(ok).is_ok());
    for bad in [
        json!({"labels": {"n-b": "2"}}),
        json!({"onlyThen": "a"}),
        json!({"onlyElse": 1.5}),
        json!({"both": 1.5}),
        json!({"trivialIf": "s"}),
        json!({"variants": {"kind": "big"}}),
    ] {
        assert!(Root::try_from(bad.clone()).is_err(), "{bad}");
    }
    let built = Root::builder()
        .nothing(())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        serde_json::to_value(built).ok(),
        Some(json!({"nothing": null}))
    );
}

/// A conditional on a member says nothing about values that are not objects: without
/// `type: object` they are valid, so the type cannot be a tagged union.
#[test]
fn a_conditional_without_an_object_type_accepts_other_values() {
    use flowgen_robustness::batch::schemas::hostile_conditional_any_type::Root;
    for v in [
        json!("text"),
        json!(null),
        json!([1]),
        json!(2),
        json!({"kind": "a", "x": 1}),
    ] {
        assert!(Root::try_from(v.clone()).is_ok(), "{v}");
    }
    assert!(Root::try_from(json!({"kind": "b", "x": 1})).is_err());
    assert!(Root::try_from(json!({"kind": "a"})).is_err());
}

/// A root that is only a `$ref` keeps the type name asked for.
#[test]
fn a_root_that_is_a_ref_keeps_its_name() {
    use flowgen_robustness::batch::schemas::hostile_root_ref::Root;
    let root = Root::try_from(json!({"id": "x"})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(root.id, "x");
    assert!(Root::try_from(json!({})).is_err());
}

/// A flowSpec without any schema generates a module that compiles and knows no part.
#[test]
fn a_flow_spec_without_parts_knows_no_part() {
    let entry = flowgen_robustness::batch::flow_specs::find("no-parts")
        .unwrap_or_else(|| panic!("in the registry"));
    assert!(entry.parts.is_empty());
    assert!(entry.validate("optionSpec", &json!({})).is_err());
}
