//! Differential testing: for every schema of the draft-07 suite, and every part of every
//! flowSpec and connectionSpec in `specs/`, proptest-generated boundary-heavy instances get the same verdict
//! from the generated typed path and from the `jsonschema` crate.
//!
//! The oracle is only trusted where it is right: a suite schema is compared only if the
//! `jsonschema` crate itself passes all of that schema's suite tests, and the generated
//! path is held to the suite separately (`suite.rs`).

use flowgen_conformance::{expected_failures, validator};
use flowgen_tests::values::{pools, values};
use flowgen_tests::{flow_specs, part_schema, shared_dir, without_meta};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;
use std::path::{Path, PathBuf};

const CASES: u32 = 96;

struct Remotes(PathBuf);

impl jsonschema::Retrieve for Remotes {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let rest = uri
            .as_str()
            .strip_prefix("http://localhost:1234/")
            .ok_or_else(|| format!("no network for {uri}"))?;
        Ok(serde_json::from_str(&std::fs::read_to_string(
            self.0.join(rest),
        )?)?)
    }
}

fn runner(seed: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(
        Config {
            cases: CASES,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

/// Compares `generated` with `oracle` on instances drawn from `schema` and `known`.
fn compare(
    label: &str,
    seed: u64,
    schema: &Value,
    known: &[Value],
    generated: &dyn Fn(Value) -> bool,
    oracle: &jsonschema::Validator,
) -> (usize, usize) {
    let strategy = values(&pools(schema, known));
    let mut runner = runner(seed);
    let mut valid = 0;
    let mut total = 0;
    let result = runner.run(&strategy, |instance| {
        let expected = oracle.is_valid(&instance);
        let got = generated(instance.clone());
        proptest::prop_assert_eq!(got, expected, "{}: instance {}", label, instance);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{label}: generated and jsonschema disagree: {e}");
    }
    // Count the verdict mix on a fresh run with the same seed.
    let mut again = crate::runner(seed);
    for _ in 0..CASES {
        if let Ok(tree) = proptest::strategy::Strategy::new_tree(&strategy, &mut again) {
            let v = proptest::strategy::ValueTree::current(&tree);
            valid += usize::from(oracle.is_valid(&v));
            total += 1;
        }
    }
    (valid, total)
}

fn suite_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            suite_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

#[test]
fn suite_schemas_agree_with_jsonschema() {
    let suite = shared_dir().join("json-schema-test-suite");
    let dir = suite.join("tests/draft7");
    let mut files = Vec::new();
    suite_files(&dir, &mut files);
    files.sort();
    if files.is_empty() {
        assert!(
            !flowgen_tests::in_ci(),
            "the JSON Schema test suite is missing (CI=true)"
        );
        return;
    }
    let known_failures = expected_failures();
    let (mut schemas, mut skipped, mut valid, mut total) = (0, 0, 0, 0);
    for path in files {
        let rel = path
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let groups: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
                .unwrap_or_default();
        for (g, group) in groups.iter().enumerate() {
            let Some(generated) = validator(&rel, g) else {
                continue;
            };
            // A known, listed deviation (see expected-failures.txt) is not compared again.
            if known_failures
                .keys()
                .any(|id| id.starts_with(&format!("{rel}#{g}/")))
            {
                skipped += 1;
                continue;
            }
            let schema = &group["schema"];
            // Format assertions are only judged where the suite exercises the format with
            // strings (optional/format/); elsewhere the oracle's format support is untested.
            if schema.to_string().contains("\"format\"") && !rel.starts_with("optional/format/") {
                skipped += 1;
                continue;
            }
            let oracle = jsonschema::draft7::options()
                .should_validate_formats(true)
                .with_retriever(Remotes(suite.join("remotes")))
                .build(schema);
            let Ok(oracle) = oracle else {
                skipped += 1;
                continue;
            };
            let tests: Vec<&Value> = group["tests"]
                .as_array()
                .map(|t| t.iter().collect())
                .unwrap_or_default();
            let oracle_right = tests
                .iter()
                .all(|t| oracle.is_valid(&t["data"]) == t["valid"].as_bool().unwrap_or(false));
            if !oracle_right {
                skipped += 1;
                continue;
            }
            let known: Vec<Value> = tests.iter().map(|t| t["data"].clone()).collect();
            let (v, n) = compare(
                &format!("{rel}#{g}"),
                schemas as u64 + 1,
                schema,
                &known,
                &generated,
                &oracle,
            );
            valid += v;
            total += n;
            schemas += 1;
        }
    }
    eprintln!("differential: {schemas} suite schemas, {total} instances ({valid} valid), {skipped} schemas skipped where jsonschema itself is not right");
    assert!(schemas > 250, "only {schemas} schemas compared");
    assert!(
        valid * 10 > total && (total - valid) * 10 > total,
        "verdict mix too one-sided: {valid} valid of {total}"
    );
}

#[test]
fn flow_spec_parts_agree_with_jsonschema() {
    let mut compared = 0;
    for spec in flow_specs() {
        let name = spec["name"].as_str().unwrap_or_default().to_owned();
        let entry = aep_flows::flow_specs::find(&name)
            .unwrap_or_else(|| panic!("{name} missing from the registry"));
        for (i, part) in entry.parts.iter().enumerate() {
            let schema = without_meta(&part_schema(&spec, &part.to_string()).unwrap_or_default());
            let oracle =
                jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{name} {part}: {e}"));
            let check = |v: Value| entry.validate(part, &v).is_ok();
            compare(
                &format!("{name} {part}"),
                1000 + i as u64,
                &schema,
                &[],
                &check,
                &oracle,
            );
            compared += 1;
        }
    }
    assert!(compared >= 20, "only {compared} parts compared");
}

/// Every part with a schema of every connectionSpec (auth entries, source and target
/// params, explore request and responses). Formats and `contentEncoding` are annotations
/// in draft-07, and so in the generated validators by default.
#[test]
fn connection_spec_parts_agree_with_jsonschema() {
    let mut compared = 0;
    for spec in flowgen_tests::connection_specs() {
        let id = spec["id"].as_str().unwrap_or_default().to_owned();
        let entry = aep_flows::connection_specs::find(&id)
            .unwrap_or_else(|| panic!("{id} missing from the registry"));
        for (i, part) in entry.parts.iter().enumerate() {
            let Some(schema) = flowgen_tests::connection_part_schema(&spec, &part.to_string())
            else {
                continue;
            };
            let schema = without_meta(&schema);
            let oracle = jsonschema::draft7::options()
                .should_validate_formats(false)
                .without_content_encoding_support("base64")
                .build(&schema)
                .unwrap_or_else(|e| panic!("{id} {part}: {e}"));
            let check = |v: Value| entry.validate(part, &v).is_ok();
            compare(
                &format!("{id} {part}"),
                2000 + i as u64,
                &schema,
                &[],
                &check,
                &oracle,
            );
            compared += 1;
        }
    }
    assert!(compared >= 15, "only {compared} parts compared");
}
