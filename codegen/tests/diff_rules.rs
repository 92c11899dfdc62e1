//! `flowgen diff`'s classification rules: one before/after pair of specs per rule (and
//! per side, for the rules that depend on whether code sends or reads the values) under
//! `tests/fixtures/diff/<case>/`, each with the changes it must report (`expect.txt`:
//! class, rule and Rust item, one change a line); and the documented rule table.

use flowgen::diff::{self, Rule};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures/diff exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// `class rule rust` for every change between a case's `before` and `after`.
fn reported(case: &Path) -> BTreeSet<String> {
    let changes = diff::between(&case.join("before"), &case.join("after"))
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    changes
        .iter()
        .map(|c| format!("{} {} {}", c.class.as_str(), c.rule.id(), c.item.rust))
        .collect()
}

#[test]
fn every_fixture_pair_reports_exactly_its_expected_changes() {
    let cases = cases();
    assert!(cases.len() >= Rule::ALL.len(), "{} cases", cases.len());
    for case in &cases {
        let expected: BTreeSet<String> = std::fs::read_to_string(case.join("expect.txt"))
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()))
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
        assert!(!expected.is_empty(), "{}: expects nothing", case.display());
        assert_eq!(reported(case), expected, "{}", case.display());
    }
}

#[test]
fn every_rule_is_exercised_by_a_fixture_pair() {
    let mut seen = BTreeSet::new();
    for case in cases() {
        let text = std::fs::read_to_string(case.join("expect.txt")).unwrap_or_default();
        seen.extend(
            text.lines()
                .filter_map(|l| l.split(' ').nth(1).map(str::to_owned)),
        );
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !seen.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture pair: {missing:?}"
    );
}

#[test]
fn the_side_decides_for_side_dependent_rules() {
    // The same kind of change, on a value code sends and on one it reads: the classes
    // differ, as the rule's table row says.
    let pairs = [
        (Rule::ValueAdded, "value-added", "value-added-read"),
        (
            Rule::MemberNowOptional,
            "member-now-optional",
            "member-now-optional-read",
        ),
        (Rule::BoundLoosened, "bound-loosened", "bound-loosened-read"),
        (
            Rule::RequiredMemberAdded,
            "required-member-added",
            "required-member-added-read",
        ),
    ];
    for (rule, sent, read) in pairs {
        let class_in = |case: &str| -> BTreeSet<String> {
            reported(&fixtures().join(case))
                .iter()
                .filter(|l| l.split(' ').nth(1) == Some(rule.id()))
                .filter_map(|l| l.split(' ').next().map(str::to_owned))
                .collect()
        };
        let (on_send, on_read) = rule.classes();
        assert_ne!(on_send, on_read, "{rule:?}");
        assert!(
            class_in(sent).contains(on_send.as_str()),
            "{rule:?} in {sent}"
        );
        assert!(
            class_in(read).contains(on_read.as_str()),
            "{rule:?} in {read}"
        );
    }
}

#[test]
fn the_documented_table_matches_the_rules() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/change-report.md");
    let doc = std::fs::read_to_string(&doc).expect("docs/change-report.md");
    for rule in Rule::ALL {
        let (send, read) = rule.classes();
        let row = format!(
            "| `{}` | {} | {} |",
            rule.id(),
            send.as_str(),
            read.as_str()
        );
        assert!(
            doc.contains(&row),
            "docs/change-report.md lacks the row\n{row}"
        );
    }
}

#[test]
fn a_fixture_change_names_file_pointer_and_rust_item() {
    let case = fixtures().join("bound-tightened");
    let changes = diff::between(&case.join("before"), &case.join("after")).expect("diff");
    let c = changes.first().expect("one change");
    assert_eq!(c.item.spec, "flowspecs/demo.json");
    assert_eq!(
        c.item.pointer,
        "/scheduleSpec/spec/properties/interval/minimum"
    );
    assert_eq!(c.item.rust, "demo_flow::ScheduleInterval");
    assert_eq!(c.what, "`minimum` `1` → `5`");
}

/// Every `.rs` file under `dir`, with its text.
fn rust_files(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((p.clone(), std::fs::read_to_string(&p).unwrap_or_default()));
        }
    }
}

/// Whether `text` holds `decl` followed by something that ends an identifier.
fn declares(text: &str, decl: &str) -> bool {
    text.match_indices(decl).any(|(i, _)| {
        let next = text[i + decl.len()..].chars().next();
        decl.ends_with('(') || !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn the_rust_items_named_exist_in_the_generated_crate() {
    // The report names types and methods as the generator does: every type and
    // operation of the workspace's specs is declared in `generated/`, in its module.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let surface = diff::surface::read(&root.join("specs")).expect("the specs load");
    let mut files = Vec::new();
    rust_files(&root.join("generated/src"), &mut files);
    let mut checked = 0;
    for item in surface.items.values() {
        let (module, decl) = match &item.facet {
            diff::model::Facet::Type { .. } | diff::model::Facet::Part { .. } => {
                let (module, name) = item.rust.split_once("::").expect("module::Type");
                (
                    module,
                    vec![format!("pub struct {name}"), format!("pub enum {name}")],
                )
            }
            diff::model::Facet::Operation { .. } => {
                let (module, method) = item.rust.split_once("::Client::").expect("a method");
                (
                    module,
                    vec![
                        format!("pub fn {method}("),
                        format!("pub async fn {method}("),
                    ],
                )
            }
            _ => continue,
        };
        // Declared in the module's file, or in a shared type module it names.
        let in_module = |path: &Path| {
            path.components().any(|c| {
                let c = c.as_os_str().to_string_lossy();
                c == module || c == format!("{module}.rs")
            })
        };
        let shared: Vec<String> = files
            .iter()
            .filter(|(path, _)| in_module(path))
            .flat_map(|(_, text)| {
                text.split("shared::")
                    .skip(1)
                    .filter_map(|t| t.split("::").next())
                    .map(|m| format!("{m}.rs"))
                    .collect::<Vec<_>>()
            })
            .collect();
        let found = files.iter().any(|(path, text)| {
            let named = path
                .file_name()
                .is_some_and(|f| shared.iter().any(|s| f.to_string_lossy() == *s));
            (in_module(path) || named) && decl.iter().any(|d| declares(text, d))
        });
        assert!(
            found,
            "`{}` is not declared in generated/ ({decl:?})",
            item.rust
        );
        checked += 1;
    }
    assert!(checked > 200, "only {checked} items checked");
}

/// A flowSpec whose `scheduleSpec` defines a `Window` (with an `$id`) and whose Copy
/// transformation refers to it by that `$id`: both parts have a member of that type
/// (`interval` is `minimum` at least in the schedule).
fn two_windows(minimum: i64) -> String {
    format!(
        r##"{{"id": "two-windows-id", "name": "TwoWindows",
             "scheduleSpec": {{"spec": {{
                 "type": "object",
                 "properties": {{
                     "window": {{"$ref": "#/definitions/Window"}},
                     "interval": {{"type": "integer", "minimum": {minimum}}}
                 }},
                 "definitions": {{"Window": {{
                     "$id": "https://example.com/window.json",
                     "type": "object",
                     "properties": {{"from": {{"type": "integer"}}}}
                 }}}}
             }}}},
             "transformationSpec": [{{"name": "Copy", "spec": {{
                 "type": "object",
                 "properties": {{"window": {{"$ref": "https://example.com/window.json"}}}}
             }}}}]}}"##
    )
}

/// The names a Rust module's `pub use` items give (`X`, or `Y` of `X as Y`).
fn reexported(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for statement in text.split("pub use ").skip(1) {
        let statement = statement.split(';').next().unwrap_or_default();
        let list = match statement.split_once('{') {
            Some((_, inner)) => inner.trim_end().trim_end_matches('}').to_owned(),
            None => statement.to_owned(),
        };
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let name = match entry.split_once(" as ") {
                Some((_, alias)) => alias,
                None => entry.rsplit("::").next().unwrap_or(entry),
            };
            names.push(name.trim().to_owned());
        }
    }
    names
}

#[test]
fn types_are_named_as_the_generated_spec_module_names_them() {
    // Each part's types are generated on their own and re-exported by the spec module,
    // so the `Window` both parts reach is generated for each: the transformation's is
    // `Window2` in the spec module, and the change report names both as it does.
    let dir = tempfile::tempdir().expect("temp dir");
    for (side, minimum) in [("before", 1), ("after", 5)] {
        let folder = dir.path().join(side).join("flowspecs");
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("two.json"), two_windows(minimum)).expect("spec");
    }
    let surface = diff::surface::read(&dir.path().join("before")).expect("the specs load");
    let generated = flowgen::Config::new()
        .flow_specs_in(dir.path().join("before/flowspecs"))
        .names_relative_to(dir.path().join("before"))
        .generate()
        .expect("generates");
    let module = generated
        .modules
        .iter()
        .find(|m| m.name == "two_windows")
        .expect("the spec module");
    let text = flowgen::module_file(module).expect("formats");
    let public = reexported(&text);
    let mut names = Vec::new();
    for item in surface.items.values() {
        if let diff::model::Facet::Type { .. } | diff::model::Facet::Part { .. } = item.facet {
            let (module, name) = item.rust.split_once("::").expect("module::Type");
            assert_eq!(module, "two_windows");
            assert!(
                public.iter().any(|p| p == name),
                "`{name}` is not a name of the spec module ({public:?})"
            );
            names.push(name.to_owned());
        }
    }
    names.sort();
    assert_eq!(
        names,
        [
            "CopyParams",
            "Schedule",
            "ScheduleInterval",
            "Window",
            "Window2"
        ],
        "{public:?}"
    );
    let changes =
        diff::between(&dir.path().join("before"), &dir.path().join("after")).expect("compares");
    let rust: Vec<&str> = changes.iter().map(|c| c.item.rust.as_str()).collect();
    assert_eq!(rust, ["two_windows::ScheduleInterval"], "{changes:?}");
}
