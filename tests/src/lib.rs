//! Shared helpers for flowgen's integration tests: where the inputs are, and the
//! oracle that generated validators are compared with.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The `shared` materials directory: `$FLOWGEN_SHARED_DIR`, else `../shared` beside the
/// checkout.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("FLOWGEN_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace().join("../shared"),
    }
}

/// Whether tests run in CI, where missing shared material is a failure, not a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Reads a file under the shared directory. `None` (with a note) when it is missing
/// outside CI; a panic, failing the test, when it is missing in CI.
pub fn shared_file(relative: &str) -> Option<String> {
    let path = shared_dir().join(relative);
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if in_ci() => panic!(
            "{}: {e} (CI=true: shared material must be present)",
            path.display()
        ),
        Err(e) => {
            eprintln!("skipping: {}: {e} (set FLOWGEN_SHARED_DIR)", path.display());
            None
        }
    }
}

/// The flowSpec documents in `specs/flowspecs`, each flowSpec once (lists unpacked).
pub fn flow_specs() -> Vec<Value> {
    let dir = workspace().join("specs/flowspecs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        match v.get("items").and_then(Value::as_array) {
            Some(items) => out.extend(items.iter().cloned()),
            None => out.push(v),
        }
    }
    out
}

/// The connectionSpec documents in `specs/connectionspecs`, each connectionSpec once
/// (lists unpacked).
pub fn connection_specs() -> Vec<Value> {
    let dir = workspace().join("specs/connectionspecs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        match v.get("items").and_then(Value::as_array) {
            Some(items) => out.extend(items.iter().cloned()),
            None => out.push(v),
        }
    }
    out
}

/// The schema of a connectionSpec's `part` (`auth:<name>`, `sourceSpec`, `targetSpec`,
/// `exploreSpec:request`, `exploreSpec:<object type>` or `exploreSpec:<object
/// type>/<file type>`); `None` for a part without a schema.
pub fn connection_part_schema(spec: &Value, part: &str) -> Option<Value> {
    if let Some(name) = part.strip_prefix("auth:") {
        return spec
            .get("authSpec")?
            .as_array()?
            .iter()
            .find(|a| a.get("name").and_then(Value::as_str) == Some(name))?
            .get("spec")
            .cloned();
    }
    if part == "exploreSpec:request" {
        return spec.pointer("/exploreSpec/requestSpec").cloned();
    }
    if let Some(key) = part.strip_prefix("exploreSpec:") {
        let mut at = spec.pointer("/exploreSpec/responseSpec")?;
        for step in key.split('/') {
            at = at.get(step)?;
        }
        return Some(at.clone());
    }
    spec.get(part)?.get("spec").cloned()
}

/// The schema of `part` (`optionSpec`, `scheduleSpec`, `runSpec`, `transformation:<Name>`)
/// in a flowSpec document.
pub fn part_schema(spec: &Value, part: &str) -> Option<Value> {
    if let Some(name) = part.strip_prefix("transformation:") {
        let list = spec
            .get("transformationSpec")
            .or_else(|| spec.get("transformationSpecs"))?
            .as_array()?;
        return list
            .iter()
            .find(|t| t.get("name").and_then(Value::as_str) == Some(name))?
            .get("spec")
            .cloned();
    }
    spec.get(part)?.get("spec").cloned()
}

/// `schema` without `$schema` (real flowSpecs misspell it; reference validators are told
/// the draft directly).
pub fn without_meta(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Some(o) = schema.as_object_mut() {
        o.remove("$schema");
    }
    schema
}

pub mod instances;
pub mod values;

/// Every fixture in `tests/fixtures`, generated by `build.rs` (module per fixture, root
/// type `Root`).
#[deny(warnings)]
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// Clients generated from the vendor-quirk endpoint descriptions in
/// `tests/fixtures/openapi` (compiled under `#[deny(warnings)]`).
#[deny(warnings)]
pub mod openapi_fixtures {
    include!(concat!(env!("OUT_DIR"), "/openapi_fixtures.rs"));
}
