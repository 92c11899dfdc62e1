//! Bytes → loader → flowSpec or standalone schema → IR → Rust code.
//!
//! Whatever the bytes, flowgen must not panic: it returns generated code that parses as a
//! Rust file, or input diagnostics that each name the file. An internal error (flowgen
//! producing code it cannot format) counts as a finding too.

#![no_main]

use flowgen::{Config, Error};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One scratch file per fuzzing process: flowSpecs are read from files.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("flowgen-fuzz-{}.json", std::process::id()))
    })
}

fn check(result: Result<flowgen::Generated, Error>) {
    match result {
        Ok(generated) => match generated.single_file() {
            Ok(code) => {
                if let Err(e) = syn::parse_file(&code) {
                    panic!("generated code does not parse: {e}\n{code}");
                }
            }
            Err(e) => panic!("generated modules do not format: {e}"),
        },
        Err(Error::Input(diagnostics)) => {
            assert!(
                !diagnostics.is_empty(),
                "an input error without diagnostics"
            );
            for d in &diagnostics {
                assert!(
                    d.location.file.to_string_lossy().ends_with("fuzz.json")
                        || d.location.file.to_string_lossy().contains("flowgen-fuzz-"),
                    "a diagnostic that names no input file: {d}"
                );
            }
        }
        Err(Error::Internal(m)) => panic!("internal error: {m}"),
        Err(Error::Io { .. }) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    // The loader alone, then the bytes as a flowSpec file ...
    let parsed = flowgen::Document::parse("fuzz.json", data);
    let path = scratch();
    if std::fs::write(path, data).is_ok() {
        check(Config::new().flow_spec_file(path).generate());
    }
    // ... and, when they are JSON, as a standalone schema.
    if let Ok(doc) = parsed {
        check(
            Config::new()
                .schema_value("fuzzed", "Root", "fuzz.json", doc.value)
                .generate(),
        );
    }
});
