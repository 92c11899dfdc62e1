//! Properties of the generator on random schemas and flowSpecs (see
//! `flowgen_robustness::arbitrary`), with a fixed seed and a bounded number of cases:
//! it never panics; it either generates code that parses as a Rust file (and generates
//! the same bytes again), or fails with diagnostics that name the input.

use flowgen::{Config, Error, Generated};
use flowgen_robustness::arbitrary;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::path::Path;

fn config(cases: u32, seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Checks one generator result against the properties; `again` generates once more.
fn check(
    result: Result<Generated, Error>,
    again: impl Fn() -> Result<Generated, Error>,
    file: &Path,
) -> Result<(), TestCaseError> {
    match result {
        Ok(generated) => {
            let code = generated
                .single_file()
                .map_err(|e| TestCaseError::fail(format!("does not format: {e}")))?;
            syn::parse_file(&code)
                .map_err(|e| TestCaseError::fail(format!("does not parse: {e}")))?;
            let second = again()
                .and_then(|g| g.single_file())
                .map_err(|e| TestCaseError::fail(format!("second run fails: {e}")))?;
            prop_assert!(code == second, "two runs differ");
        }
        Err(Error::Input(diagnostics)) => {
            prop_assert!(!diagnostics.is_empty());
            for d in &diagnostics {
                prop_assert_eq!(d.location.file.as_path(), file, "{}", d);
                prop_assert!(!d.message.is_empty());
            }
        }
        Err(e) => prop_assert!(false, "not an input error: {e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(160, 0x5eed_0001))]

    #[test]
    fn schemas_generate_or_explain(schema in arbitrary::document()) {
        let run = || {
            Config::new()
                .schema_value("fuzzed", "Root", "prop.json", schema.clone())
                .generate()
        };
        check(run(), run, Path::new("prop.json"))?;
    }
}

proptest! {
    #![proptest_config(config(48, 0x5eed_0002))]

    #[test]
    fn flow_specs_generate_or_explain(spec in arbitrary::flow_spec(1)) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("spec.json");
        let text = serde_json::to_vec_pretty(&spec).unwrap_or_default();
        std::fs::write(&path, text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let run = || Config::new().flow_spec_file(&path).generate();
        check(run(), run, &path)?;
    }

    /// Bytes of a flowSpec with one byte changed, or cut short: the loader and the rest of
    /// the pipeline still answer with code or diagnostics.
    #[test]
    fn mangled_flow_specs_never_panic(
        spec in arbitrary::flow_spec(2),
        at in any::<proptest::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("spec.json");
        let mut bytes = serde_json::to_vec(&spec).unwrap_or_default();
        let i = at.index(bytes.len());
        if cut {
            bytes.truncate(i);
        } else {
            bytes[i] = byte;
        }
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let run = || Config::new().flow_spec_file(&path).generate();
        check(run(), run, &path)?;
    }
}
