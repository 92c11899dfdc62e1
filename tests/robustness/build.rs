//! Generates the batch: 200 random schemas and 20 random flowSpecs, sampled with a fixed
//! seed by `src/arbitrary.rs`, plus the hostile cases in `hostile/` (and a 5,000-value
//! enum made here), all in one file that `src/lib.rs` compiles under `#![deny(warnings)]`.
//! Inputs flowgen rejects are left out of the batch (the property tests check that a
//! rejection comes with diagnostics); `index.rs` lists what is in.

#[allow(dead_code)]
#[path = "src/arbitrary.rs"]
mod arbitrary;

use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The seed of the batch. `FLOWGEN_BATCH_SEED=<n>` samples another one for a local run.
const SEED: u64 = 7;
const SCHEMAS: usize = 200;
const FLOW_SPECS: usize = 20;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=src/arbitrary.rs");
    println!("cargo:rerun-if-changed=hostile");
    println!("cargo:rerun-if-env-changed=FLOWGEN_BATCH_SEED");
    let seed = std::env::var("FLOWGEN_BATCH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let specs_dir = out.join("flowspecs");
    if let Err(e) = std::fs::create_dir_all(&specs_dir) {
        fail(&format!("{}: {e}", specs_dir.display()));
    }

    let mut inputs: Vec<(String, Value)> = arbitrary::sample(&arbitrary::document(), seed, SCHEMAS)
        .into_iter()
        .enumerate()
        .map(|(i, s)| (format!("s{i:03}"), s))
        .collect();
    let values: Vec<Value> = (0..5000).map(|i| json!(format!("value {i}"))).collect();
    let mut odd = vec![
        json!(""),
        json!("Self"),
        json!("🚀"),
        json!("value-1"),
        json!("Value1"),
    ];
    odd.extend(values);
    inputs.push(("hostile_enum".into(), json!({ "enum": odd })));
    for name in [
        "names",
        "recursive",
        "patterns",
        "lint_traps",
        "conditional_any_type",
        "root_ref",
    ] {
        let path = root.join("hostile").join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match serde_json::from_str(&text) {
            Ok(v) => inputs.push((format!("hostile_{name}"), v)),
            Err(e) => fail(&format!("{}: {e}", path.display())),
        }
    }

    let mut config = flowgen::Config::new().names_relative_to(&out);
    let mut schemas = Vec::new();
    for (module, schema) in inputs {
        let file = format!("batch/{module}.json");
        let alone = flowgen::Config::new().schema_value(&module, "Root", &file, schema.clone());
        if alone.generate().is_ok() {
            config = config.schema_value(&module, "Root", &file, schema.clone());
            schemas.push(json!({ "module": module, "schema": schema }));
        } else if module.starts_with("hostile") {
            fail(&format!("flowgen rejects {module}"));
        }
    }
    let mut specs = Vec::new();
    for (i, spec) in arbitrary::sample(&arbitrary::flow_spec(0), seed, FLOW_SPECS)
        .into_iter()
        .enumerate()
    {
        // Number them apart (the sample reuses one strategy).
        let mut spec = spec;
        spec["id"] = json!(format!("id-{i}"));
        let name = spec["name"]
            .as_str()
            .unwrap_or_default()
            .replacen('0', &i.to_string(), 1);
        spec["name"] = json!(name);
        let path = specs_dir.join(format!("f{i:02}.json"));
        let text = serde_json::to_string_pretty(&spec).unwrap_or_default();
        if let Err(e) = std::fs::write(&path, text) {
            fail(&format!("{}: {e}", path.display()));
        }
        if flowgen::Config::new()
            .flow_spec_file(&path)
            .generate()
            .is_ok()
        {
            config = config.flow_spec_file(&path);
            specs.push(spec);
        }
    }

    // A flowSpec without schemas: its module must compile too.
    let no_parts = root.join("hostile/no_parts.json");
    config = config.flow_spec_file(&no_parts);
    let text = std::fs::read_to_string(&no_parts).unwrap_or_default();
    specs.push(serde_json::from_str(&text).unwrap_or_default());

    let generated = match config.generate() {
        Ok(g) => g,
        Err(e) => fail(&format!("flowgen rejects the batch:\n{e}")),
    };
    if let Err(e) = generated.write_single_file(&out.join("batch.rs")) {
        fail(&e.to_string());
    }

    let mut index = String::from("/// Each schema of the batch: its module and how to convert a value into its root type.\npub static SCHEMAS: &[Case] = &[\n");
    for s in &schemas {
        let module = s["module"].as_str().unwrap_or_default();
        let _ = writeln!(
            index,
            "    Case {{ module: {module:?}, convert: |v| crate::batch::schemas::{module}::Root::try_from(v).map(|_| ()) }},"
        );
    }
    index.push_str("];\n");
    write(&out.join("index.rs"), &index);
    let listing = json!({ "schemas": schemas, "flowSpecs": specs });
    write(&out.join("batch.json"), &listing.to_string());
}

fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        if let Err(e) = std::fs::write(path, text) {
            fail(&format!("{}: {e}", path.display()));
        }
    }
}

fn fail(message: &str) -> ! {
    for line in message.lines() {
        println!("cargo:warning={line}");
    }
    std::process::exit(1);
}
