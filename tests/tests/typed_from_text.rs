//! `Deserialize` of the generated types against their `TryFrom<Value>`: the same verdict,
//! the same value and, for an invalid document, the same message, on seeded instances of
//! every part of several flowSpecs (valid and invalid, most of them boundary values).
//!
//! `Deserialize` checks the verdict first and writes the violations straight into the
//! error's message; `TryFrom<Value>` collects `ValidationErrors`. These tests hold the
//! two to one text.

use aep_flows::flow_specs::{crm_to_aep, encrypted_files_to_aep, marketing_automation_to_aep};
use flowgen_tests::{flow_specs, instances, part_schema, without_meta};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::fmt::Debug;

const SEED: u64 = 0x7E_57;
const COUNT: usize = 400;

fn instances_of(spec_name: &str, part: &str) -> Vec<Value> {
    let spec = flow_specs()
        .into_iter()
        .find(|s| s["name"] == spec_name)
        .unwrap_or_else(|| panic!("{spec_name} is not in specs/flowspecs"));
    let schema = part_schema(&spec, part).unwrap_or_else(|| panic!("{spec_name} has no {part}"));
    instances::many(&without_meta(&schema), SEED, COUNT)
}

/// Checks every instance both ways and returns how many were valid and invalid.
fn agree<T>(spec_name: &str, part: &str, extra: &[Value]) -> (usize, usize)
where
    T: DeserializeOwned + TryFrom<Value, Error = aep_flows::ValidationErrors> + PartialEq + Debug,
{
    let mut counts = (0, 0);
    let mut all = instances_of(spec_name, part);
    all.extend_from_slice(extra);
    for value in all {
        let text = value.to_string();
        let expected = T::try_from(value.clone());
        let from_text = serde_json::from_str::<T>(&text);
        let from_value = serde_json::from_value::<T>(value.clone());
        match expected {
            Ok(typed) => {
                counts.0 += 1;
                assert_eq!(
                    from_text.as_ref().ok(),
                    Some(&typed),
                    "{spec_name} {part}: {text}"
                );
                assert_eq!(
                    from_value.as_ref().ok(),
                    Some(&typed),
                    "{spec_name} {part}: {text}"
                );
            }
            Err(errors) => {
                counts.1 += 1;
                let message = errors.to_string();
                let got = from_text.err().map(|e| e.to_string()).unwrap_or_default();
                assert_eq!(got, message, "{spec_name} {part}: {text}");
                let got = from_value.err().map(|e| e.to_string()).unwrap_or_default();
                assert_eq!(got, message, "{spec_name} {part}: {text}");
            }
        }
    }
    counts
}

#[test]
fn crm_to_aep_parts_deserialize_as_they_convert() {
    let (valid, invalid) = agree::<crm_to_aep::Schedule>(
        "CRMToAEP",
        "scheduleSpec",
        &[
            json!({"frequency": "fortnight", "interval": "2"}),
            json!({"startTime": 1, "frequency": "minute", "interval": 5}),
            json!([1, 2]),
            json!(null),
        ],
    );
    assert!(
        valid > 10 && invalid > 10,
        "{valid} valid, {invalid} invalid"
    );
    let (valid, invalid) = agree::<crm_to_aep::Options>(
        "CRMToAEP",
        "optionSpec",
        &[json!({"partialIngestionPercent": 0, "errorDiagnosticsEnabled": 1})],
    );
    assert!(
        valid > 10 && invalid > 10,
        "{valid} valid, {invalid} invalid"
    );
    agree::<crm_to_aep::RunParams>("CRMToAEP", "runSpec", &[]);
    agree::<crm_to_aep::CopyParams>("CRMToAEP", "transformation:Copy", &[]);
    agree::<crm_to_aep::MappingParams>("CRMToAEP", "transformation:Mapping", &[]);
}

#[test]
fn other_flow_specs_deserialize_as_they_convert() {
    let name = "MarketingAutomationToAEP";
    agree::<marketing_automation_to_aep::Schedule>(name, "scheduleSpec", &[]);
    agree::<marketing_automation_to_aep::Options>(name, "optionSpec", &[]);
    agree::<marketing_automation_to_aep::RunParams>(name, "runSpec", &[]);
    let name = "EncryptedFilesToAEP";
    agree::<encrypted_files_to_aep::EncryptionParams>(name, "transformation:Encryption", &[]);
    agree::<encrypted_files_to_aep::Options>(name, "optionSpec", &[]);
}

#[test]
fn texts_deserialize_as_their_values_convert() {
    // Repeated members (the last one wins, in the first one's place, as in a `Value`),
    // escapes, whitespace, and documents that are not objects.
    for text in [
        r#"{"startTime": 1, "frequency": "once", "startTime": "x"}"#,
        r#"{"startTime": "x", "frequency": "hour", "startTime": 2, "interval": 1}"#,
        r#"{"frequency": "min\u0075te", "startTime": 1, "interval": 15, "a/b~c": {"d": 1}}"#,
        "\n  {\"startTime\": 1,\n \"frequency\": \"week\", \"interval\": 0.0}  ",
        "[1, 2]",
        "\"once\"",
        "null",
    ] {
        let expected = serde_json::from_str::<Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|v| crm_to_aep::Schedule::try_from(v).map_err(|e| e.to_string()));
        let got = serde_json::from_str::<crm_to_aep::Schedule>(text).map_err(|e| e.to_string());
        assert_eq!(got, expected, "{text}");
    }
    // Text that is not JSON fails as `Value` fails, whatever the type.
    for text in [r#"{"startTime": 1,"#, r#"{"startTime": 1 "x"}"#] {
        let expected = serde_json::from_str::<Value>(text)
            .map(|_| ())
            .map_err(|e| e.to_string());
        let got = serde_json::from_str::<crm_to_aep::Schedule>(text)
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert_eq!(got, expected, "{text}");
    }
}
