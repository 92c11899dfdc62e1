use super::*;

/// What `Root` read, as the `Value` it stands for.
fn as_value(root: Root<'_>) -> Value {
    match root {
        Root::Object(o) => o.into_value(),
        Root::Value(v) => v,
    }
}

/// `Root` and `Value` read `text` alike: the same value (member order included) or the
/// same error text.
fn same(text: &str) {
    let ours = serde_json::from_str::<Root<'_>>(text).map(as_value);
    let theirs = serde_json::from_str::<Value>(text);
    match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{text}");
            assert_eq!(a.to_string(), b.to_string(), "order, {text}");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
        (a, b) => panic!("{text}: {a:?} against {b:?}"),
    }
}

#[test]
fn reads_what_value_reads() {
    let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
    let many = format!("{{{}}}", many.join(","));
    let mut repeated: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
    repeated.push("\"k3\":\"last\"".to_owned());
    let repeated = format!("{{{}}}", repeated.join(","));
    for text in [
        "{}",
        " { } ",
        r#"{"a":1,"b":[1,{"c":null}],"a":2}"#,
        r#"{"b":1,"a":2,"b":3,"c":4,"a":5}"#,
        r#"{"\u0061":1,"a\"b":2,"\n":3,"é":4}"#,
        r#"{"a":1e400}"#,
        r#"{"a":18446744073709551616,"b":-9223372036854775809,"c":1.0}"#,
        r#"{"$serde_json::private::Number":"1"}"#,
        r#"{"$serde_json::private::RawValue":"1","a":2}"#,
        r#"{"a":1,"$serde_json::private::Number":"1"}"#,
        &many,
        &repeated,
        "[1,2,{\"a\":3}]",
        "\"text\"",
        "12",
        "-3",
        "1.5",
        "18446744073709551615",
        "true",
        "null",
        "",
        "{",
        r#"{"a":}"#,
        r#"{"a":1,}"#,
        r#"{1:2}"#,
        r#"{"a":1} x"#,
        r#"{"a":"\ud800"}"#,
        r#"{"\ud800":1}"#,
    ] {
        same(text);
    }
    let deep = format!("{}{}", "{\"a\":".repeat(200), "}".repeat(200));
    same(&deep);
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    same(&deep);
}

#[test]
fn names_without_escapes_are_borrowed() {
    let Ok(Root::Object(o)) = serde_json::from_str::<Root<'_>>(r#"{"a":1,"b\n":2}"#) else {
        panic!("not an object");
    };
    let Repr::Pairs(pairs) = &o.0 else {
        panic!("not a list");
    };
    assert!(matches!(pairs[0].0, Cow::Borrowed("a")));
    assert!(matches!(&pairs[1].0, Cow::Owned(k) if k == "b\n"));
}

#[test]
fn from_a_value_too() {
    // `serde_json::from_value` hands the names over as `String`s.
    let value = serde_json::json!({"x": 1, "y": [2]});
    let root = Root::deserialize(value.clone()).map(as_value);
    assert_eq!(root.ok(), Some(value));
    assert_eq!(
        Root::deserialize(serde_json::json!(3)).ok(),
        Some(Root::Value(serde_json::json!(3)))
    );
}

#[test]
fn objects_answer_as_their_map() {
    let map = serde_json::json!({"a": 1, "b": "x"});
    let text = map.to_string();
    let Ok(Root::Object(o)) = serde_json::from_str::<Root<'_>>(&text) else {
        panic!("not an object");
    };
    let Some(m) = map.as_object() else {
        panic!("not an object");
    };
    assert_eq!(Members::len(&o), 2);
    assert!(!Members::is_empty(&o));
    assert_eq!(Members::member(&o, "b"), Members::member(m, "b"));
    assert_eq!(Members::member(&o, "c"), None);
    assert_eq!(o.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(o.tag("b"), Some("x"));
    assert!(o.is_object() && !o.is_string() && o.as_str().is_none() && o.as_number().is_none());
    assert!(crate::json::equal(&o, &map));
    assert!(!crate::json::equal(&o, &serde_json::json!({"a": 1})));
    assert!(!crate::json::equal(&o, &serde_json::json!([1])));
    let ([b, z], rest) = o.clone().split(["b", "z"]);
    assert_eq!((b, z), (Some(serde_json::json!("x")), None));
    assert_eq!(Value::Object(rest), serde_json::json!({"a": 1}));
    assert_eq!(Object::from(m.clone()), Object::from(o.into_map()));
}
