//! The messages `Deserialize` writes for rejected texts, against the `ValidationErrors`
//! that `TryFrom<Value>` returns for the same document: the edge cases of the message
//! writer (`report::Describe`): several violations, names and keys that need escaping,
//! numbers at the edges of the integer types, repeated and unknown members.

use aep_flows::flow_specs::crm_to_aep;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;

/// `from_str::<T>` against `from_str::<Value>` then `T::try_from`: the same verdict, the
/// same value, the same message. Returns whether the text was rejected.
fn same<T>(text: &str) -> bool
where
    T: DeserializeOwned + TryFrom<Value, Error = aep_flows::ValidationErrors> + PartialEq + Debug,
{
    let expected = serde_json::from_str::<Value>(text)
        .map_err(|e| e.to_string())
        .and_then(|v| T::try_from(v).map_err(|e| e.to_string()));
    let got = serde_json::from_str::<T>(text).map_err(|e| e.to_string());
    assert_eq!(got, expected, "{text}");
    got.is_err()
}

#[test]
fn schedules_are_rejected_with_their_values_messages() {
    let rejected = [
        // Wrong types everywhere: several violations, the header counts them.
        r#"{"startTime": "x", "frequency": 3, "interval": [], "backfill": "no"}"#,
        r#"{"startTime": 1.5, "frequency": "minute", "interval": 1.5}"#,
        // Integers past i64 and u64, as integers and as floats.
        r#"{"startTime": 18446744073709551616, "frequency": "once"}"#,
        r#"{"startTime": 1e300, "frequency": "day", "interval": 1e300}"#,
        // Missing members, the root's own type.
        r#"{}"#,
        r#"{"interval": 15}"#,
        "[]",
        "1.0",
        "\"minute\"",
        // A repeated member: the last one counts, in the first one's place.
        r#"{"frequency": "once", "startTime": 1, "frequency": "fortnight"}"#,
        // Escaped keys and values: `~` and `/` in the pointer, an escaped declared name.
        r#"{"st\u0061rtTime": "1", "frequency": "min\u0075te", "interval": "15"}"#,
        r#"{"startTime": 1, "frequency": "once", "a/b": 1, "~": 2, "interval": {"~x/y": 1}}"#,
    ];
    for text in rejected {
        assert!(same::<crm_to_aep::Schedule>(text), "accepted: {text}");
    }
    // Accepted texts convert as their values do (1.0 is an integer; unknown members kept).
    let accepted = [
        r#"{"startTime": 1.0, "frequency": "once"}"#,
        r#"{"startTime": 9223372036854775807, "frequency": "week", "interval": 1}"#,
        r#"{"startTime": 1, "frequency": "hour", "interval": 2, "x": {"y": [1, "z"]}}"#,
        r#"{"startTime": 1, "frequency": "once", "startTime": 2}"#,
    ];
    for text in accepted {
        assert!(!same::<crm_to_aep::Schedule>(text), "rejected: {text}");
    }
    // Just below `i64::MIN` the number is read as a float that rounds to `i64::MIN`: it
    // is an integer to the schema, but no `i64` holds it, so both ways reject it rather
    // than change the number.
    assert!(same::<crm_to_aep::Schedule>(
        r#"{"startTime": -9223372036854775809, "frequency": "hour", "interval": 1}"#,
    ));
}

#[test]
fn options_and_run_params_are_rejected_with_their_values_messages() {
    for text in [
        r#"{"partialIngestionPercent": 0, "errorDiagnosticsEnabled": 1}"#,
        r#"{"partialIngestionPercent": -1e-300}"#,
        r#"{"partialIngestionPercent": "5", "partialIngestionPercent": 0}"#,
        "null",
    ] {
        assert!(same::<crm_to_aep::Options>(text), "accepted: {text}");
    }
    for text in [
        r#"{"partialIngestionPercent": 1e-300}"#,
        r#"{"partialIngestionPercent": 18446744073709551616, "other": null}"#,
    ] {
        assert!(!same::<crm_to_aep::Options>(text), "rejected: {text}");
    }
    // Four required members, all missing or mistyped: the longest lists.
    for text in [
        "{}",
        r#"{"startTime": "a", "windowStartTime": "b", "windowEndTime": "c", "deltaColumn": 1}"#,
        r#"{"deltaColumn": {"name": 1, "dateFormat": 2, "timezone": 3}}"#,
    ] {
        assert!(same::<crm_to_aep::RunParams>(text), "accepted: {text}");
    }
}
