//! Reading a top-level object's members straight from text (`rt::instance::Root`, no
//! `serde_json::Map`): `from_str::<T>` against `from_str::<Value>` then `T::try_from`, and
//! `from_value::<T>`, on the texts where a list of members could part from a `Map`:
//! repeated and escaped names, empty objects, objects past the list's limit, names
//! `serde_json` reserves, non-object roots, deep nesting, numbers at the edges, broken
//! JSON. The value is compared as well as its text (member order included).

use aep_flows::flow_specs::crm_to_aep;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Debug;

/// Same verdict, same value (and serialised text), same message, from text and from a
/// `Value`. Returns whether the text was rejected.
fn same<T>(text: &str) -> bool
where
    T: DeserializeOwned
        + TryFrom<Value, Error = aep_flows::ValidationErrors>
        + PartialEq
        + Debug
        + Serialize,
{
    let parsed = serde_json::from_str::<Value>(text);
    let expected = parsed
        .as_ref()
        .map_err(|e| e.to_string())
        .and_then(|v| T::try_from(v.clone()).map_err(|e| e.to_string()));
    let got = serde_json::from_str::<T>(text).map_err(|e| e.to_string());
    assert_eq!(got, expected, "{text}");
    let text_of = |t: &T| serde_json::to_string(t).unwrap_or_default();
    assert_eq!(
        got.as_ref().map(text_of).ok(),
        expected.as_ref().map(text_of).ok(),
        "member order, {text}"
    );
    if let Ok(value) = parsed {
        let from_value = serde_json::from_value::<T>(value).map_err(|e| e.to_string());
        assert_eq!(from_value, expected, "from_value, {text}");
    }
    got.is_err()
}

/// An object of `n` undeclared members `k0`, `k1`, ... with `head` before them.
fn wide(head: &str, n: usize, tail: &str) -> String {
    let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
    format!("{{{head}{}{tail}}}", members.join(", "))
}

#[test]
fn repeated_and_escaped_names() {
    let schedules = [
        // The last value counts, in the first one's place; declared and undeclared.
        (
            r#"{"frequency": "hour", "startTime": 1, "interval": 0, "interval": 2}"#,
            false,
        ),
        (
            r#"{"x": 1, "startTime": 1, "frequency": "once", "x": [2], "y": 3, "x": 4}"#,
            false,
        ),
        (
            r#"{"frequency": "once", "startTime": "1", "startTime": 1}"#,
            false,
        ),
        (
            r#"{"frequency": "once", "startTime": 1, "startTime": "1"}"#,
            true,
        ),
        (
            r#"{"frequency": "once", "frequency": "minute", "startTime": 1}"#,
            true,
        ),
        // Escaped names: declared, undeclared, the same name written two ways.
        (r#"{"st\u0061rtTime": 1, "fr\u0065quency": "once"}"#, false),
        (
            r#"{"startTime": 1, "frequency": "once", "a\nb": 1, "\u00e9": 2, "\"": 3}"#,
            false,
        ),
        (
            r#"{"startTime": "x", "st\u0061rtTime": 2, "frequency": "once"}"#,
            false,
        ),
        (
            r#"{"startTime": 1, "frequency": "once", "~0/1": {"~": 1}, "~0/1": 2}"#,
            false,
        ),
        (r#"{"startTime": 1, "frequency": "once", "": 1}"#, false),
    ];
    for (text, rejected) in schedules {
        assert_eq!(same::<crm_to_aep::Schedule>(text), rejected, "{text}");
    }
    for text in [
        r#"{"partialIngestionPercent": 5, "partialIngestionPercent": "5"}"#,
        r#"{"errorDiagnosticsEnabled": true, "x": 1, "errorDiagnosticsEnabled": 2}"#,
    ] {
        assert!(same::<crm_to_aep::Options>(text), "accepted: {text}");
    }
}

#[test]
fn empty_wide_and_reserved_objects() {
    for text in ["{}", " {  } ", "{\"x\": {}}"] {
        assert!(same::<crm_to_aep::Schedule>(text), "accepted: {text}");
        same::<crm_to_aep::Options>(text);
    }
    // Past the list's limit (32 members) the object is read as a `Map`: around the limit,
    // with declared members first, last, and repeated after the limit.
    let head = r#""startTime": 1, "frequency": "once", "#;
    for n in [29, 30, 31, 32, 33, 40, 100] {
        assert!(!same::<crm_to_aep::Schedule>(&wide(head, n, "")), "{n}");
        let tail = r#", "startTime": 1, "frequency": "once""#;
        assert!(!same::<crm_to_aep::Schedule>(&wide("", n, tail)), "{n}");
        let repeated = r#", "startTime": "late", "k0": "again""#;
        assert!(
            same::<crm_to_aep::Schedule>(&wide(head, n, repeated)),
            "{n}"
        );
        same::<crm_to_aep::Options>(&wide("", n, r#", "partialIngestionPercent": 5"#));
    }
    // Names `serde_json` reserves for `arbitrary_precision` and `raw_value`: without
    // those features, plain members.
    for text in [
        r#"{"$serde_json::private::Number": "1"}"#,
        r#"{"$serde_json::private::RawValue": "{}", "startTime": 1, "frequency": "once"}"#,
        r#"{"startTime": 1, "frequency": "once", "$serde_json::private::Number": "1"}"#,
    ] {
        same::<crm_to_aep::Schedule>(text);
        same::<crm_to_aep::Options>(text);
    }
}

#[test]
fn other_roots_deep_nesting_numbers_and_broken_text() {
    let deep_ok = format!(
        r#"{{"startTime": 1, "frequency": "once", "x": {}1{}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let deep_too = format!(
        r#"{{"startTime": 1, "frequency": "once", "x": {}1{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let texts = [
        "null",
        "true",
        "0",
        "-1",
        "1.5",
        "18446744073709551616",
        "\"once\"",
        "[]",
        "[{\"startTime\": 1, \"frequency\": \"once\"}]",
        deep_ok.as_str(),
        deep_too.as_str(),
        r#"{"startTime": 1e400, "frequency": "once"}"#,
        r#"{"startTime": -0, "frequency": "once"}"#,
        r#"{"startTime": 12345678901234567890, "frequency": "once"}"#,
        "",
        "{",
        r#"{"startTime": 1,}"#,
        r#"{"startTime": 1, "frequency": "once"} x"#,
        r#"{"startTime" 1}"#,
        r#"{1: 2}"#,
        r#"{"st\ud800": 1}"#,
    ];
    for text in texts {
        same::<crm_to_aep::Schedule>(text);
        same::<crm_to_aep::Options>(text);
        // serde_json looks for trailing characters after `deserialize`, so text after an
        // invalid document is never reached (as before); `same` compares with a parse
        // of the whole text first.
        if !text.ends_with(" x") {
            same::<crm_to_aep::ScheduleMinuteInterval>(text);
        }
    }
    // A type whose root is not an object reads objects as the list too, and says so.
    for text in ["15", "14", "{}", r#"{"a": 1, "a": 2}"#] {
        same::<crm_to_aep::ScheduleMinuteInterval>(text);
    }
}
