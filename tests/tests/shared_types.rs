//! Shared types (issue 16 item 2): two flowSpecs whose `scheduleSpec` is the same schema
//! (titles and descriptions aside) name one shared Rust type, so a value built through
//! one spec module is accepted by the other's API; a schema that differs in one keyword
//! value gets a type of its own.

use flowgen::check::write_tree;
use flowgen::{Config, Generated, ModuleKind, RuntimeSource};
use flowgen_tests::workspace;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// A flowSpec named `name` whose `scheduleSpec` has `title` and a minimum `interval`
/// of `minimum`, and a `Copy` transformation.
fn flow_spec(name: &str, title: &str, minimum: i64) -> Value {
    json!({
        "id": format!("id-{name}"),
        "name": name,
        "version": "1.0",
        "scheduleSpec": {
            "name": "PeriodicSchedule",
            "type": "Periodic",
            "spec": {
                "title": title,
                "description": format!("How often {name} runs."),
                "type": "object",
                "required": ["startTime", "interval"],
                "properties": {
                    "startTime": {"type": "integer", "title": format!("{title} start")},
                    "interval": {"type": "integer", "minimum": minimum}
                }
            }
        },
        "transformationSpec": [{
            "name": "Copy",
            "spec": {
                "type": "object",
                "properties": {"deltaColumn": {"type": "string"}}
            }
        }]
    })
}

/// A connectionSpec whose first two authSpec entries have one schema and names that
/// make one Rust name (`Basic Auth`, `basic-auth`), and whose third has its own.
fn connection_spec() -> Value {
    let basic = json!({
        "type": "object",
        "required": ["username"],
        "properties": {"username": {"type": "string"}, "password": {"type": "string"}}
    });
    json!({
        "id": "id-two-basics",
        "name": "two-basics",
        "authSpec": [
            {"name": "Basic Auth", "type": "BasicAuthentication", "spec": basic},
            {"name": "basic-auth", "type": "BasicAuthentication", "spec": basic},
            {"name": "Token", "type": "OAuth2", "spec": {
                "type": "object",
                "required": ["token"],
                "properties": {"token": {"type": "string"}}
            }}
        ]
    })
}

/// Generates from `specs` (file name, flowSpec) written under `dir/specs`.
fn generate(dir: &Path, specs: &[(&str, Value)]) -> Generated {
    generate_with(dir, specs, None)
}

/// Generates from `specs` and, when given, one connectionSpec.
fn generate_with(dir: &Path, specs: &[(&str, Value)], connection: Option<Value>) -> Generated {
    let folder = dir.join("specs/flowspecs");
    std::fs::create_dir_all(&folder).expect("specs folder");
    for (file, spec) in specs {
        std::fs::write(folder.join(file), spec.to_string()).expect("spec written");
    }
    let mut config = Config::new().flow_specs_in(&folder);
    if let Some(spec) = connection {
        let folder = dir.join("specs/connectionspecs");
        std::fs::create_dir_all(&folder).expect("connectionSpecs folder");
        std::fs::write(folder.join("two-basics.json"), spec.to_string()).expect("spec written");
        config = config.connection_specs_in(folder);
    }
    config
        .names_relative_to(dir.join("specs"))
        .runtime(RuntimeSource::Path(workspace().join("codegen/runtime")))
        .generate()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The shared modules whose names start with `stem`.
fn shared(generated: &Generated, stem: &str) -> Vec<String> {
    generated
        .modules
        .iter()
        .filter(|m| m.kind == ModuleKind::Shared && m.name.starts_with(stem))
        .map(|m| m.name.clone())
        .collect()
}

/// The text of spec module `name`.
fn spec_text(generated: &Generated, name: &str) -> String {
    generated
        .modules
        .iter()
        .find(|m| m.kind == ModuleKind::FlowSpec && m.name == name)
        .map(|m| flowgen::module_file(m).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|| panic!("no module {name}"))
}

#[test]
fn equal_schedules_with_other_titles_are_one_type() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = generate(
        dir.path(),
        &[
            ("a.json", flow_spec("FirstToAEP", "First schedule", 15)),
            ("b.json", flow_spec("SecondToAEP", "Second schedule", 15)),
        ],
    );
    let schedules = shared(&generated, "schedule_");
    assert_eq!(schedules.len(), 1, "{schedules:?}");
    let path = format!("shared::{}::Schedule", schedules[0]);
    for module in ["first_to_aep", "second_to_aep"] {
        let text = spec_text(&generated, module);
        assert!(
            text.contains(&path),
            "{module} does not name {path}:\n{text}"
        );
        // Each spec module documents the part with its own title.
        assert!(text.contains("The part at `#/scheduleSpec/spec`"), "{text}");
    }
    assert!(spec_text(&generated, "second_to_aep").contains("/// Second schedule"));
    // One transformation enum too: the transformations and their params are the same.
    assert_eq!(shared(&generated, "transformation_").len(), 1);
}

#[test]
fn schedules_differing_in_a_keyword_value_are_two_types() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = generate(
        dir.path(),
        &[
            ("a.json", flow_spec("FirstToAEP", "Schedule", 15)),
            ("b.json", flow_spec("SecondToAEP", "Schedule", 16)),
        ],
    );
    let schedules = shared(&generated, "schedule_");
    assert_eq!(schedules.len(), 2, "{schedules:?}");
    let named = |module: &str| -> Vec<String> {
        let text = spec_text(&generated, module);
        schedules
            .iter()
            .filter(|s| text.contains(&format!("shared::{s}::Schedule")))
            .cloned()
            .collect()
    };
    let (first, second) = (named("first_to_aep"), named("second_to_aep"));
    assert_eq!((first.len(), second.len()), (1, 1), "{first:?} {second:?}");
    assert_ne!(first, second);
    // The `Copy` params are still one type, and each spec keeps its own error bound.
    assert_eq!(shared(&generated, "copy_params_").len(), 1);
    assert_eq!(shared(&generated, "transformation_").len(), 1);
}

/// A shared module's name does not depend on the other specs: adding an unrelated spec
/// leaves it as it was.
#[test]
fn shared_module_names_are_stable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = generate(dir.path(), &[("a.json", flow_spec("FirstToAEP", "S", 15))]);
    let dir2 = tempfile::tempdir().expect("temp dir");
    let two = generate(
        dir2.path(),
        &[
            ("0.json", flow_spec("ZeroToAEP", "Other", 20)),
            ("a.json", flow_spec("FirstToAEP", "S", 15)),
        ],
    );
    let names = shared(&one, "");
    let all = shared(&two, "");
    assert!(
        names.iter().all(|n| all.contains(n)),
        "{names:?} vs {all:?}"
    );
}

/// Compiles a crate of the two flowSpecs with a test that passes a value built through
/// one module to the other module's API: it compiles only if they are one type. The
/// crate also holds a connectionSpec whose two authSpec entries are one shared type
/// under two names: its `Auth` enum has no `From` for that type (two would conflict),
/// and keeps the one for the entry with a type of its own.
#[test]
fn a_value_built_for_one_spec_is_accepted_by_the_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = generate_with(
        dir.path(),
        &[
            ("a.json", flow_spec("FirstToAEP", "First schedule", 15)),
            ("b.json", flow_spec("SecondToAEP", "Second schedule", 15)),
        ],
        Some(connection_spec()),
    );
    let out = dir.path().join("out");
    let settings = generated
        .crate_settings("shared-flows", &out)
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generated
        .crate_files(&settings)
        .unwrap_or_else(|e| panic!("{e}"));
    write_tree(&out, &files).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(out.join("tests")).expect("tests folder");
    std::fs::write(
        out.join("tests/same_type.rs"),
        r#"
use shared_flows::flow_specs::{first_to_aep, second_to_aep};

fn takes_second(s: second_to_aep::Schedule) -> second_to_aep::Schedule { s }

#[test]
fn one_type() {
    let built: first_to_aep::Schedule = first_to_aep::Schedule::builder()
        .start_time(1_700_000_000)
        .interval(15)
        .build()
        .expect("valid");
    let back = takes_second(built.clone());
    assert_eq!(back, built);
    let t: second_to_aep::Transformation =
        first_to_aep::CopyParams::builder().build().expect("valid").into();
    assert_eq!(t.name(), "Copy");
    let _: first_to_aep::Transformation = t;
    // Each module's own constants and registry entries stay apart.
    assert_ne!(first_to_aep::ID, second_to_aep::ID);
    assert!(second_to_aep::validate_part(
        &shared_flows::PartKey::Schedule,
        &flowgen_runtime::serde_json::json!({"startTime": 1, "interval": 14})
    )
    .is_err());
}

#[test]
fn auth_entries_of_one_type_have_no_from() {
    use shared_flows::connection_specs::two_basics::{
        Auth, BasicAuthParams, BasicAuthParams2, TokenParams,
    };
    let basic: BasicAuthParams = BasicAuthParams::builder().username("u").build().expect("valid");
    // One type under two names.
    let same: BasicAuthParams2 = basic.clone();
    assert_eq!(Auth::BasicAuth2(same).spec_name(), "basic-auth");
    assert_eq!(Auth::BasicAuth(basic).spec_name(), "Basic Auth");
    let token = TokenParams::builder().token("t").build().expect("valid");
    assert_eq!(Auth::from(token).spec_name(), "Token");
}
"#,
    )
    .expect("test written");
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = Command::new(cargo)
        .args(["test", "--offline", "--quiet", "--test", "same_type"])
        .arg("--manifest-path")
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", workspace().join("target/features-e2e"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        run.status.success(),
        "the shared-type test crate fails:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
