//! Verdicts of the generated types on the flowSpecs in `specs/`: the cases the issue
//! lists for CRMToAEP, round trips, and a differential check of every part of every
//! flowSpec against the `jsonschema` crate.

use aep_flows::flow_specs::{self, crm_to_aep};
use aep_flows::PartKey;
use flowgen_tests::{flow_specs, instances, part_schema, without_meta};
use serde_json::{json, Value};

fn schedule(v: Value) -> Result<crm_to_aep::Schedule, aep_flows::ValidationErrors> {
    crm_to_aep::Schedule::try_from(v)
}

#[test]
fn crm_schedule_rejects_what_the_schema_rejects() {
    for bad in [
        json!({"startTime": 1, "frequency": "minute", "interval": 5}),
        json!({"startTime": 1, "frequency": "once", "interval": 30}),
        json!({"startTime": 1, "frequency": "hour"}),
        json!({"frequency": "day", "interval": 1}),
        json!({"startTime": 1, "frequency": "fortnight", "interval": 2}),
        json!({"startTime": 1, "frequency": "once", "backfill": false}),
        json!({"startTime": 1.5, "frequency": "day", "interval": 1}),
        json!({"startTime": 1, "frequency": "day", "interval": 0}),
        json!({"startTime": "1567411548", "frequency": "minute", "interval": "30"}),
    ] {
        let verdict = schedule(bad.clone());
        assert!(verdict.is_err(), "accepted {bad}");
        assert!(
            serde_json::from_value::<crm_to_aep::Schedule>(bad.clone()).is_err(),
            "deserialised {bad}"
        );
        assert!(
            flow_specs::find("CRMToAEP").is_some_and(|e| e.validate("scheduleSpec", &bad).is_err())
        );
    }
}

#[test]
fn crm_schedule_accepts_what_the_schema_accepts() {
    for good in [
        json!({"startTime": 1, "frequency": "once"}),
        json!({"startTime": 1, "frequency": "minute", "interval": 15, "backfill": false}),
        json!({"startTime": 1, "frequency": "day", "interval": 1}),
        json!({"startTime": 1.0, "frequency": "week", "interval": 2.0}),
    ] {
        let s = schedule(good.clone()).unwrap_or_else(|e| panic!("rejected {good}: {e}"));
        assert!(s.validate().is_ok());
        assert!(flow_specs::find("14518937-270c-4525-bdec-c2ba7cce3860")
            .is_some_and(|e| e.validate("scheduleSpec", &good).is_ok()));
    }
}

#[test]
fn errors_name_instance_and_schema_paths() {
    let errors = schedule(json!({"startTime": 1, "frequency": "minute", "interval": 5}))
        .err()
        .unwrap_or_default();
    let found: Vec<(String, &str)> = errors
        .iter()
        .map(|e| (e.instance_path.clone(), e.schema_path))
        .collect();
    assert_eq!(
        found,
        [(
            "/interval".to_owned(),
            "/else/then/properties/interval/minimum"
        )]
    );

    let errors = schedule(json!({"frequency": "fortnight", "interval": "2"}))
        .err()
        .unwrap_or_default();
    let paths: Vec<&str> = errors.iter().map(|e| e.schema_path).collect();
    assert!(paths.contains(&"/required"), "{errors}");
    assert!(paths.contains(&"/properties/frequency/enum"), "{errors}");
    assert!(paths.contains(&"/properties/interval/type"), "{errors}");
}

#[test]
fn options_reject_a_zero_partial_ingestion_threshold() {
    assert!(crm_to_aep::Options::try_from(json!({"partialIngestionPercent": 0})).is_err());
    assert!(crm_to_aep::Options::try_from(json!({"partialIngestionPercent": 0.5})).is_ok());
    assert!(crm_to_aep::OptionsPartialIngestionPercent::new(0.0).is_err());
}

#[test]
fn the_once_variant_has_no_interval_and_minute_cannot_hold_less_than_15() {
    let once = schedule(json!({"startTime": 1, "frequency": "once"})).ok();
    assert!(matches!(
        once,
        Some(crm_to_aep::Schedule::Once(crm_to_aep::ScheduleOnce {
            start_time: 1,
            ..
        }))
    ));
    assert!(crm_to_aep::ScheduleMinuteInterval::new(14).is_err());
    assert_eq!(
        crm_to_aep::ScheduleMinuteInterval::new(15).map(|i| *i).ok(),
        Some(15)
    );
    match schedule(json!({"startTime": 2, "frequency": "minute", "interval": 30})) {
        Ok(crm_to_aep::Schedule::Minute(m)) => assert_eq!(*m.interval, 30),
        other => panic!("not a minute schedule: {other:?}"),
    }
}

#[test]
fn round_trips_keep_data_and_inject_no_defaults() {
    for text in [
        r#"{"startTime":1,"frequency":"once"}"#,
        r#"{"startTime":1,"frequency":"minute","interval":15,"backfill":false}"#,
        r#"{"startTime":1,"frequency":"day","interval":3,"note":{"kept":true}}"#,
    ] {
        let s: crm_to_aep::Schedule =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(serde_json::to_string(&s).ok().as_deref(), Some(text));
    }
    let copy = json!({"deltaColumn": {"name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}, "extra": [1]});
    let t = crm_to_aep::Transformation::try_from(json!({"name": "Copy", "params": copy})).ok();
    let back = t.as_ref().and_then(|t| serde_json::to_value(t).ok());
    assert_eq!(back, Some(json!({"name": "Copy", "params": copy})));
}

#[test]
fn transformations_are_checked_against_their_spec() {
    let bad = json!({"name": "Copy", "params": {"deltaColumn": {"dateFormat": "x"}}});
    let errors = crm_to_aep::Transformation::try_from(bad)
        .err()
        .unwrap_or_default();
    assert_eq!(
        errors
            .iter()
            .map(|e| e.instance_path.as_str())
            .collect::<Vec<_>>(),
        ["/params/deltaColumn"]
    );
    assert!(
        crm_to_aep::Transformation::try_from(json!({"name": "Unknown", "params": {}})).is_err()
    );
}

#[test]
fn registry_lists_every_flow_spec_and_part() {
    let names: Vec<&str> = flow_specs::all().iter().map(|e| e.name).collect();
    assert_eq!(names.len(), flow_specs().len());
    let crm = flow_specs::find("CRMToAEP").map(|e| e.parts.to_vec());
    assert_eq!(
        crm,
        Some(vec![
            PartKey::Options,
            PartKey::Schedule,
            PartKey::transformation("Copy"),
            PartKey::transformation("Mapping"),
            PartKey::Run
        ])
    );
    let entry = flow_specs::find("CRMToAEP");
    let unknown = entry.map(|e| e.validate("transformation:Nope", &json!({})));
    assert!(matches!(unknown, Some(Err(_))));
    // A key, or its text as users write it, or text that names no part at all.
    let schedule = json!({"startTime": 1, "frequency": "once"});
    assert!(entry.is_some_and(|e| e.validate(PartKey::Schedule, &schedule).is_ok()));
    assert!(entry.is_some_and(|e| e.validate(&PartKey::Schedule, &schedule).is_ok()));
    let not_a_part = entry.map(|e| e.validate("schedule", &schedule).map_err(|e| e.to_string()));
    assert!(
        matches!(&not_a_part, Some(Err(m)) if m.contains("schedule")),
        "{not_a_part:?}"
    );
    assert!(flow_specs::find("StreamingToAEP").is_some_and(|e| !e.has_part("scheduleSpec")));
}

/// Every part of every flowSpec: the generated typed path and the `jsonschema` crate agree
/// on thousands of seeded, boundary-heavy instances.
#[test]
fn generated_validators_agree_with_the_jsonschema_crate() {
    let mut compared = 0;
    let mut valid = 0;
    for spec in flow_specs() {
        let name = spec["name"].as_str().unwrap_or_default().to_owned();
        let entry = flow_specs::find(&name).unwrap_or_else(|| panic!("{name} not in the registry"));
        for part in entry.parts {
            let schema = without_meta(&part_schema(&spec, &part.to_string()).unwrap_or_default());
            let oracle =
                jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{name} {part}: {e}"));
            for (i, instance) in instances::many(&schema, 7 + compared as u64, 1500)
                .into_iter()
                .enumerate()
            {
                let expected = oracle.is_valid(&instance);
                let actual = entry.validate(part, &instance);
                assert_eq!(
                    actual.is_ok(),
                    expected,
                    "{name} {part} #{i}: {instance} — generated says {actual:?}"
                );
                compared += 1;
                valid += usize::from(expected);
            }
        }
    }
    assert!(compared > 20_000, "only {compared} instances compared");
    // Both verdicts must be well represented, or the comparison proves little.
    assert!(
        valid * 5 > compared && (compared - valid) * 5 > compared,
        "{valid} valid of {compared}"
    );
    eprintln!(
        "compared {compared} instances: {valid} valid, {} invalid",
        compared - valid
    );
}

/// The CRMToAEP schedule over the whole product of interesting member values.
#[test]
fn crm_schedule_agrees_with_the_jsonschema_crate_exhaustively() {
    let spec = flow_specs()
        .into_iter()
        .find(|s| s["name"] == "CRMToAEP")
        .unwrap_or_default();
    let schema = without_meta(&part_schema(&spec, "scheduleSpec").unwrap_or_default());
    let oracle = jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{e}"));
    let absent = Value::Null;
    let starts = [absent.clone(), json!(1), json!("1"), json!(1.0), json!(1.5)];
    let freqs = [
        absent.clone(),
        json!("once"),
        json!("minute"),
        json!("hour"),
        json!("day"),
        json!("week"),
        json!("fortnight"),
        json!(5),
    ];
    let intervals = [
        absent.clone(),
        json!(0),
        json!(1),
        json!(14),
        json!(15),
        json!(15.0),
        json!(16),
        json!("30"),
        json!(-1),
        json!(1.5),
    ];
    let backfills = [absent.clone(), json!(true), json!(false), json!("true")];
    let mut n = 0;
    for s in &starts {
        for f in &freqs {
            for i in &intervals {
                for b in &backfills {
                    let mut m = serde_json::Map::new();
                    for (k, v) in [
                        ("startTime", s),
                        ("frequency", f),
                        ("interval", i),
                        ("backfill", b),
                    ] {
                        if !v.is_null() {
                            m.insert(k.into(), v.clone());
                        }
                    }
                    let instance = Value::Object(m);
                    assert_eq!(
                        schedule(instance.clone()).is_ok(),
                        oracle.is_valid(&instance),
                        "{instance}"
                    );
                    n += 1;
                }
            }
        }
    }
    assert_eq!(n, 5 * 8 * 10 * 4);
}

/// Every part of every connectionSpec (auth entries, source and target params, explore
/// request and responses): the generated registry and the `jsonschema` crate agree on
/// seeded, boundary-heavy instances. Parts without a schema accept everything.
#[test]
fn connection_spec_parts_agree_with_the_jsonschema_crate() {
    use aep_flows::connection_specs;
    let mut compared = 0;
    let mut valid = 0;
    let mut parts = 0;
    for spec in flowgen_tests::connection_specs() {
        let id = spec["id"].as_str().unwrap_or_default().to_owned();
        let entry =
            connection_specs::find(&id).unwrap_or_else(|| panic!("{id} not in the registry"));
        for part in entry.parts {
            parts += 1;
            let Some(schema) = flowgen_tests::connection_part_schema(&spec, &part.to_string())
            else {
                for v in [json!(null), json!({"any": [1, "thing"]}), json!("x")] {
                    assert!(
                        entry.validate(part, &v).is_ok(),
                        "{id} {part}: untyped part refused {v}"
                    );
                }
                continue;
            };
            let schema = without_meta(&schema);
            // Formats and `contentEncoding` are annotations in draft-07 (and so in the
            // generated validators unless `assert_formats` is on).
            let oracle = jsonschema::draft7::options()
                .should_validate_formats(false)
                .without_content_encoding_support("base64")
                .build(&schema)
                .unwrap_or_else(|e| panic!("{id} {part}: {e}"));
            for (i, instance) in instances::many(&schema, 11 + compared as u64, 800)
                .into_iter()
                .enumerate()
            {
                let expected = oracle.is_valid(&instance);
                let actual = entry.validate(part, &instance);
                assert_eq!(
                    actual.is_ok(),
                    expected,
                    "{id} {part} #{i}: {instance} — generated says {actual:?}"
                );
                compared += 1;
                valid += usize::from(expected);
            }
        }
        // An unknown part is an error, never a panic.
        assert!(entry.validate("auth:No Such Entry", &json!({})).is_err());
        assert!(entry.validate("exploreSpec:nothing", &json!({})).is_err());
    }
    assert!(parts >= 15, "only {parts} parts");
    assert!(compared > 8_000, "only {compared} instances compared");
    assert!(
        valid * 10 > compared && (compared - valid) * 10 > compared,
        "{valid} valid of {compared}"
    );
    eprintln!(
        "compared {compared} connectionSpec instances over {parts} parts: {valid} valid, {} invalid",
        compared - valid
    );
}
