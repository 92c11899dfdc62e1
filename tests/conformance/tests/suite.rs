//! Runs every test of the draft-07 suite through the generated typed path and compares
//! the verdict with the suite's. Prints one summary line per group:
//! `draft7 required: N passed, M failed` and `draft7 optional: N passed, M failed`.
//!
//! `expected-failures.txt` lists the tests known to fail, one id per line with the reason.
//! The test fails on any failure not listed and on any listed test that now passes.

use flowgen_conformance::{expected_failures, validator, GENERATION_ERRORS, SUITE_FILES};
use flowgen_tests::{in_ci, shared_dir};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn suite() -> PathBuf {
    shared_dir().join("json-schema-test-suite/tests/draft7")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Each test's id (`file#group/test`), with its verdict compared.
struct Outcome {
    id: String,
    optional: bool,
    passed: bool,
    detail: String,
}

fn run_suite() -> Vec<Outcome> {
    let dir = suite();
    let mut all = Vec::new();
    files(&dir, &mut all);
    all.sort();
    let mut out = Vec::new();
    for path in all {
        let rel = path
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let groups: Vec<Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for (g, group) in groups.iter().enumerate() {
            let check = validator(&rel, g);
            let refused = GENERATION_ERRORS
                .iter()
                .find(|(f, i, _)| *f == rel && *i == g)
                .map(|(_, _, m)| *m);
            for (t, test) in group["tests"].as_array().into_iter().flatten().enumerate() {
                let expected = test["valid"].as_bool().unwrap_or(false);
                let (passed, detail) = match check {
                    Some(f) => {
                        let got = f(test["data"].clone());
                        (
                            got == expected,
                            format!("generated says {got}, suite says {expected}"),
                        )
                    }
                    None => (
                        false,
                        format!("generation failed: {}", refused.unwrap_or("no module")),
                    ),
                };
                out.push(Outcome {
                    id: format!("{rel}#{g}/{t}"),
                    optional: rel.starts_with("optional/"),
                    passed,
                    detail: format!(
                        "{} / {}: {detail}",
                        group["description"].as_str().unwrap_or(""),
                        test["description"].as_str().unwrap_or("")
                    ),
                });
            }
        }
    }
    out
}

#[test]
fn draft7_suite_through_the_generated_typed_path() {
    if SUITE_FILES == 0 {
        assert!(!in_ci(), "the JSON Schema test suite is missing (CI=true)");
        eprintln!(
            "skipping: the JSON Schema test suite is not at {}",
            suite().display()
        );
        return;
    }
    let outcomes = run_suite();
    let known = expected_failures();
    for (label, optional) in [("required", false), ("optional", true)] {
        let group: Vec<&Outcome> = outcomes.iter().filter(|o| o.optional == optional).collect();
        let passed = group.iter().filter(|o| o.passed).count();
        println!(
            "draft7 {label}: {passed} passed, {} failed",
            group.len() - passed
        );
    }
    let unexpected: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed && !known.contains_key(&o.id))
        .map(|o| format!("{}  {}", o.id, o.detail))
        .collect();
    let fixed: Vec<&String> = known
        .keys()
        .filter(|id| outcomes.iter().any(|o| o.id == **id && o.passed))
        .collect();
    let stale: Vec<&String> = known
        .keys()
        .filter(|id| !outcomes.iter().any(|o| o.id == **id))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} unexpected failures:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "listed as failing but now pass (remove them from expected-failures.txt): {fixed:?}"
    );
    assert!(
        stale.is_empty(),
        "listed tests that do not exist: {stale:?}"
    );
    let required = outcomes.iter().filter(|o| !o.optional).count();
    assert_eq!(required, 927, "the draft-07 required suite has 927 tests");
}
