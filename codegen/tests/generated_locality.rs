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
    // The schedule's types are in a shared module named after its schema: the changed
    // schema is a new module beside the old one (which other flowSpecs still use).
    let added: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    let removed: Vec<&PathBuf> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(removed.is_empty(), "{removed:?}");
    let new_module = added[0].file_stem().and_then(|s| s.to_str()).expect("name");
    assert!(new_module.starts_with("schedule_"), "{new_module}");
    let changed: Vec<&PathBuf> = before
        .iter()
        .filter(|(path, text)| after.get(*path).is_some_and(|t| t != *text))
        .map(|(path, _)| path)
        .collect();
    // The old schedule module, which other flowSpecs still use, takes its docs from the
    // first of them now: only its comments change.
    let kept = changed
        .iter()
        .find(|p| p.to_string_lossy().starts_with("src/shared/schedule_"))
        .expect("the old schedule module's docs change");
    for (a, b) in before[*kept].lines().zip(after[*kept].lines()) {
        let comment = |l: &str| l.trim_start().starts_with("//");
        assert!(a == b || (comment(a) && comment(b)), "{a:?} -> {b:?}");
    }
    assert_eq!(
        changed,
        [
            Path::new("src/flow_specs/crm_to_aep.rs"),
            Path::new("src/shared/mod.rs"),
            kept.as_path()
        ],
        "only the flowSpec's own module, the list of shared modules and the old module's docs change"
    );
    // The flowSpec module names the new module instead of the old one, and nothing else
    // changes in it.
    let spec = Path::new("src/flow_specs/crm_to_aep.rs");
    let old_module = before[spec]
        .split("shared::")
        .filter_map(|t| t.split("::").next())
        .find(|m| m.starts_with("schedule_"))
        .expect("crm_to_aep names a schedule module");
    assert_eq!(
        before[spec].replace(old_module, new_module),
        after[spec],
        "crm_to_aep.rs changes only in the schedule module's name"
    );
    // Read as a rename, the new schedule module is the old one with the change.
    let old = &before[&PathBuf::from(format!("src/shared/{old_module}.rs"))];
    let new = &after[added[0]];
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
