//! Overlays fix vendor bugs without editing the vendor's file. Adobe's `data-prep.yaml`
//! disagrees with its own examples (`createdDate: 1614901254724` where it says string,
//! `errors: null` where it says array) and with the seed tutorial's request (`"id": null`).
//! The client generated from it as published refuses those bodies; generated with
//! `specs/overlays/vendor/data-prep.yaml` (both by `build.rs`, into `OUT_DIR`), it accepts
//! them. Catalog's `GET /batches` example, checked with a draft-07 validator, likewise.

#![deny(warnings)]
#![allow(dead_code, unused_imports)]

use flowgen::openapi::overlay::Overlay;
use serde_json::Value;
use std::path::PathBuf;

#[cfg(vendor_data_prep)]
mod plain {
    include!(concat!(env!("OUT_DIR"), "/vendor_data_prep.rs"));
}

#[cfg(vendor_data_prep)]
mod overlaid {
    include!(concat!(env!("OUT_DIR"), "/vendor_data_prep_overlaid.rs"));
}

fn overlay(name: &str) -> Overlay {
    let path = flowgen_tests::workspace()
        .join("specs/overlays/vendor")
        .join(name);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Overlay::parse(PathBuf::from(name), &text).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A vendor description as JSON, or `None` (outside CI) when the shared file is missing.
fn vendor(name: &str) -> Option<Value> {
    let text = flowgen_tests::shared_file(&format!("adobe-openapi/{name}"))?;
    let file = std::sync::Arc::new(PathBuf::from(name));
    Some(
        flowgen::openapi::yaml::parse(&file, text.as_bytes(), &mut Vec::new())
            .unwrap_or_else(|e| panic!("{e}")),
    )
}

/// The seed tutorial's mapping-set request body and the answer it shows.
fn seed_mapping_set() -> Option<(Value, Value)> {
    let dir = flowgen_tests::shared_dir().join("seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let text = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .find(|t| t.contains("/mappingSets'"));
    let Some(text) = text else {
        assert!(
            !flowgen_tests::in_ci(),
            "no seed tutorial in {}",
            dir.display()
        );
        return None;
    };
    let call = &text[text.find("/mappingSets'")?..];
    let body = &call[call.find("-d '")? + 4..];
    let body = &body[..body.find("}'")? + 1];
    let answer = &call[call.find("```json")? + 7..];
    let answer = &answer[..answer.find("```")?];
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or_else(|e| panic!("{e}: {s}"));
    Some((parse(body), parse(answer)))
}

fn example(doc: &Value, path: &str) -> Value {
    let pointer = format!(
        "/paths/{}/post/responses/200/content/application~1json/example",
        path.replace('/', "~1")
    );
    doc.pointer(&pointer)
        .cloned()
        .unwrap_or_else(|| panic!("no example at {pointer}"))
}

#[test]
fn the_overlays_are_well_formed_and_name_their_descriptions() {
    for (name, extends) in [
        ("data-prep.yaml", "data-prep.yaml"),
        ("catalog.yaml", "catalog.yaml"),
    ] {
        let o = overlay(name);
        assert!(o.extends(std::path::Path::new(extends)), "{name}");
        assert!(!o.actions.is_empty());
    }
}

#[cfg(vendor_data_prep)]
#[test]
fn the_overlaid_data_prep_client_accepts_the_seed_and_the_vendor_examples() {
    use overlaid::client::data_prep as fixed;
    use plain::client::data_prep as published;
    let Some((request, answer)) = seed_mapping_set() else {
        return;
    };
    assert_eq!(request["id"], Value::Null);

    // The seed's request: `"id": null`.
    let refused = published::MappingSet::try_from(request.clone())
        .err()
        .map(|e| e.to_string());
    assert!(
        refused.as_deref().is_some_and(|e| e.contains("/id")),
        "{refused:?}"
    );
    fixed::MappingSet::try_from(request).unwrap_or_else(|e| panic!("{e}"));

    // The seed's answer: epoch-millisecond dates.
    assert!(published::SimpleRepresentation::try_from(answer.clone()).is_err());
    let created = fixed::SimpleRepresentation::try_from(answer).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(created.created_date, Some(1_586_124_873_209));

    // The vendor's own examples.
    let Some(doc) = vendor("data-prep.yaml") else {
        return;
    };
    let made = example(&doc, "/mappingSets");
    assert!(published::SimpleRepresentation::try_from(made.clone()).is_err());
    fixed::SimpleRepresentation::try_from(made).unwrap_or_else(|e| panic!("{e}"));
    let validated = example(&doc, "/mappingSets/validate");
    let refused = published::MappingValidationResponse::try_from(validated.clone())
        .err()
        .map(|e| e.to_string());
    assert!(
        refused
            .as_deref()
            .is_some_and(|e| e.contains("/validationResponse/0/errors")),
        "{refused:?}"
    );
    fixed::MappingValidationResponse::try_from(validated).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_catalog_overlay_makes_the_get_batches_example_valid() {
    let Some(mut doc) = vendor("catalog.yaml") else {
        return;
    };
    let at = "/paths/~1batches/get/responses/200/content/application~1json";
    let check = |doc: &Value| -> Vec<String> {
        let mut schema = doc.clone();
        schema["$ref"] = Value::String(format!("#{at}/schema"));
        let validator = jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{e}"));
        let example = doc
            .pointer(&format!("{at}/example"))
            .cloned()
            .unwrap_or_else(|| panic!("no example"));
        validator
            .iter_errors(&example)
            .map(|e| e.instance_path().to_string())
            .collect()
    };
    let before = check(&doc);
    assert!(
        !before.is_empty(),
        "the published example is valid: the overlay is stale"
    );
    assert!(
        before.iter().all(|p| p.contains("/relatedObjects/")),
        "{before:?}"
    );
    let warnings = overlay("catalog.yaml").apply(&mut doc);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(check(&doc), Vec::<String>::new());
}

/// The example warnings of `data-prep.yaml` at generation, by example pointer.
fn example_warnings(overlays: bool) -> Option<Vec<String>> {
    flowgen_tests::shared_file("adobe-openapi/data-prep.yaml")?;
    let shared = flowgen_tests::shared_dir();
    let mut config = flowgen::Config::new()
        .openapi_file(shared.join("adobe-openapi/data-prep.yaml"))
        .names_relative_to(&shared);
    if overlays {
        config = config.overlays_in(flowgen_tests::workspace().join("specs/overlays/vendor"));
    }
    let generated = config.generate().unwrap_or_else(|e| panic!("{e}"));
    Some(
        generated
            .warnings
            .iter()
            .filter(|w| {
                w.message
                    .starts_with("this example does not match its schema")
            })
            .map(|w| w.location.pointer.clone())
            .collect(),
    )
}

#[test]
fn generation_warns_about_the_examples_the_overlay_then_fixes() {
    let (Some(before), Some(after)) = (example_warnings(false), example_warnings(true)) else {
        return;
    };
    let fixed = [
        "/paths/~1mappingSets/post/responses/200/content/application~1json/example",
        "/paths/~1mappingSets~1validate/post/responses/200/content/application~1json/example",
    ];
    for pointer in fixed {
        assert!(
            before.iter().any(|p| p == pointer),
            "{pointer} not warned: {before:#?}"
        );
        assert!(
            !after.iter().any(|p| p == pointer),
            "{pointer} still warned: {after:#?}"
        );
    }
    // The catalog overlay names another description: generating data-prep alone with the
    // vendor overlays applies only data-prep's.
    assert!(after.len() < before.len());
}
