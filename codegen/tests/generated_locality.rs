//! Reviewable generated diffs: a one-keyword change in a spec changes a small, local
//! part of the generated crate (issue 17, item 5).

use flowgen::Config;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// The generated crate's files for the specs in `specs`, as `flowgen generate` writes them.
fn generate(specs: &Path) -> BTreeMap<PathBuf, String> {
    let generated = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .connection_specs_in(specs.join("connectionspecs"))
        .openapi_in(specs.join("openapi"))
        .overlays_in(specs.join("overlays"))
        .names_relative_to(specs)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    // The same output directory for both, so the manifests agree.
    let out = workspace().join("generated");
    let settings = generated
        .crate_settings("aep-flows", &out)
        .expect("settings");
    generated
        .crate_files(&settings)
        .expect("files")
        .into_iter()
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).expect("readable").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// The top-level item (`fn name`, `pub struct Name`, `impl ...`) that line `i` of `text`
/// belongs to: the nearest line above it that starts an item at column 0.
fn enclosing_item(text: &str, i: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[..=i.min(lines.len() - 1)]
        .iter()
        .rev()
        .find(|l| {
            ["fn ", "pub fn ", "pub struct ", "pub enum ", "impl", "rt::"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(|l| l.to_string())
        .unwrap_or_default()
}

#[test]
fn one_keyword_change_is_local_in_generated_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&workspace().join("specs"), dir.path());
    // CRMToAEP's minute schedule: `interval` at least 15 → at least 20.
    let spec = dir.path().join("flowspecs/crm-to-aep.json");
    let text = std::fs::read_to_string(&spec).expect("crm-to-aep.json");
    let old = "\"then\": {\n          \"properties\": {\n            \"interval\": {\n              \"minimum\": 15";
    assert!(
        text.contains(old),
        "the minute minimum moved in crm-to-aep.json"
    );
    std::fs::write(&spec, text.replacen(old, &old.replace("15", "20"), 1)).expect("write");

    let before = generate(&workspace().join("specs"));
    let after = generate(dir.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&PathBuf> = before
        .iter()
        .filter(|(path, text)| after.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        changed,
        [Path::new("src/flow_specs/crm_to_aep.rs")],
        "only the flowSpec's own module changes"
    );
    let (old, new) = (&before[changed[0]], &after[changed[0]]);
    let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
    let hunks = diff.unified_diff().context_radius(0).iter_hunks().count();
    let mut lines = Vec::new();
    for op in diff.ops() {
        for change in diff.iter_changes(op) {
            if change.tag() == similar::ChangeTag::Delete {
                lines.extend(change.old_index());
            }
        }
    }
    assert!(hunks <= 2, "{hunks} hunks");
    assert!(
        !lines.is_empty() && lines.len() <= 3,
        "{} lines removed",
        lines.len()
    );
    // Every changed line is in the validator of the schema node that changed (the
    // newtype `ScheduleMinuteInterval` calls it and is itself unchanged).
    for i in lines {
        let item = enclosing_item(old, i);
        assert!(
            item.starts_with("fn check_schedule_spec_spec_else_then_properties_interval"),
            "line {} is in `{item}`",
            i + 1
        );
    }
}
