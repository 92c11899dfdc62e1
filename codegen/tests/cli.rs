//! Integration tests of the `flowgen` command: exit codes, diagnostics (file and JSON
//! pointer), and the bytes it writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The outcome of one `flowgen` run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// Runs `flowgen <command> --specs <dir>/specs --out <dir>/out`.
fn flowgen(command: &str, dir: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_flowgen"))
        .arg(command)
        .arg("--specs")
        .arg(dir.join("specs"))
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .expect("flowgen runs");
    Run {
        code: out.status.code().expect("flowgen exited, not killed"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `flowgen args...` in `cwd`.
fn flowgen_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_flowgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("flowgen runs");
    Run {
        code: out.status.code().expect("flowgen exited, not killed"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temp dir with `specs/flowspecs/<name>` for each file given.
fn specs_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs/flowspecs");
    std::fs::create_dir_all(&specs).unwrap();
    for (name, bytes) in files {
        std::fs::write(specs.join(name), bytes).unwrap();
    }
    dir
}

/// A temp dir with a copy of the workspace's flowSpecs, plus `extra` files.
fn copied_specs(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = specs_dir(extra);
    for entry in std::fs::read_dir(workspace().join("specs/flowspecs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let to = dir
                .path()
                .join("specs/flowspecs")
                .join(path.file_name().unwrap());
            std::fs::copy(&path, to).unwrap();
        }
    }
    dir
}

/// Every file under `root`, relative to it, with its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// How diagnostics name the input `specs/flowspecs/<name>`.
fn input(name: &str) -> String {
    Path::new("flowspecs").join(name).display().to_string()
}

/// Runs `generate` on one flowSpec file and expects input errors; returns stderr.
fn bad(json: &[u8]) -> String {
    let dir = specs_dir(&[("a.json", json)]);
    let run = flowgen("generate", dir.path()).expect(2);
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written on input errors"
    );
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    run.stderr
}

/// A flowSpec whose schedule has one property `x` with schema `x`.
fn with_x(x: &str) -> Vec<u8> {
    format!(
        r#"{{"id": "i", "name": "N", "scheduleSpec": {{"spec": {{"type": "object", "properties": {{"x": {x}}}}}}}}}"#
    )
    .into_bytes()
}

/// Property names that are Rust keywords, clash after case conversion, or are no
/// identifier at all; `rt` is also the runtime's alias next to the modules.
const AWKWARD_NAMES: &str = r#"{
  "id": "awkward-names", "name": "rt",
  "optionSpec": {"spec": {
    "type": "object",
    "required": ["type", "self", "fooBar"],
    "properties": {
      "type": {"type": "string"}, "self": {"type": "integer"}, "Self": {"type": "boolean"},
      "crate": {"type": "string"}, "super": {"type": "object", "properties": {"type": {"type": "string"}}},
      "fooBar": {"type": "string"}, "foo_bar": {"type": "string"}, "FooBar": {"type": "string"},
      "file.delimiter": {"type": "string"}, "x-api-key": {"type": "string"}, "": {"type": "string"},
      "extra": {"type": "string"}, "build": {"type": "string"}, "builder": {"type": "string"},
      "enum": {"enum": ["self", "Self", "", "1x"]}
    }
  }},
  "scheduleSpec": {"spec": {"type": "object", "properties": {"_": {"type": "string"}, "1st": {"type": "string"}}}}
}"#;

#[test]
fn generated_crate_builds_outside_the_workspace() {
    let dir = copied_specs(&[("awkward.json", AWKWARD_NAMES.as_bytes())]);
    let run = flowgen("generate", dir.path()).expect(0);
    assert!(run.stdout.contains("6 flowSpec modules"), "{}", run.stdout);
    let out = dir.path().join("out");

    // Outside flowgen's workspace, the crate depends on the published runtime of
    // flowgen's version; the build below patches in the workspace's runtime for it.
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.starts_with("# @generated"), "{manifest}");
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    let dependency = format!("flowgen-runtime = \"{}\"\n", env!("CARGO_PKG_VERSION"));
    assert!(manifest.contains(&dependency), "{manifest}");
    assert!(
        manifest.contains("regenerate with `flowgen generate`"),
        "{manifest}"
    );
    let runtime = workspace().join("codegen/runtime");

    let files = tree(&out);
    assert!(files.contains_key(Path::new("src/flow_specs/rt_.rs")));
    for (path, bytes) in &files {
        if path.extension().is_some_and(|e| e == "rs") {
            assert!(bytes.starts_with(b"// @generated"), "{}", path.display());
        }
    }

    // The workspace's lock file pins the same versions, so the build reuses its downloads.
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let patch = format!(
        "patch.crates-io.flowgen-runtime.path={:?}",
        runtime.display().to_string()
    );
    let build = Command::new(cargo)
        .args(["build", "--offline", "--config", &patch, "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/cli-test-build"),
        )
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "the generated crate does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

#[test]
fn generate_is_deterministic() {
    let dir = copied_specs(&[]);
    let first = flowgen("generate", dir.path()).expect(0);
    assert!(first.stdout.starts_with("wrote "), "{}", first.stdout);
    let before = tree(&dir.path().join("out"));
    assert!(before.len() > 3);

    let second = flowgen("generate", dir.path()).expect(0);
    assert!(second.stdout.contains("is up to date"), "{}", second.stdout);
    assert_eq!(tree(&dir.path().join("out")), before);

    // Generating afresh elsewhere gives the same bytes too.
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    flowgen("generate", dir.path()).expect(0);
    assert_eq!(tree(&dir.path().join("out")), before);
}

#[test]
fn check_reports_edits_stray_files_and_stale_modules() {
    let dir = copied_specs(&[]);
    let out = dir.path().join("out");
    flowgen("generate", dir.path()).expect(0);
    let run = flowgen("check", dir.path()).expect(0);
    assert!(run.stdout.contains("up to date"), "{}", run.stdout);

    // An edited file.
    let module = out.join("src/flow_specs/crm_to_aep.rs");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, format!("{text}// edited by hand\n")).unwrap();
    let run = flowgen("check", dir.path()).expect(1);
    assert!(
        run.stdout.contains("changed: src/flow_specs/crm_to_aep.rs"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\n-// edited by hand\n"),
        "{}",
        run.stdout
    );
    flowgen("generate", dir.path()).expect(0);
    assert_eq!(std::fs::read_to_string(&module).unwrap(), text);

    // A generated file that would no longer be generated.
    let stray = out.join("src/flow_specs/stray.rs");
    std::fs::copy(&module, &stray).unwrap();
    let run = flowgen("check", dir.path()).expect(1);
    assert!(
        run.stdout.contains("stale:   src/flow_specs/stray.rs"),
        "{}",
        run.stdout
    );
    flowgen("generate", dir.path()).expect(0);
    assert!(!stray.exists());

    // A flowSpec removed from the inputs.
    std::fs::remove_file(dir.path().join("specs/flowspecs/crm-to-aep.json")).unwrap();
    let run = flowgen("check", dir.path()).expect(1);
    assert!(
        run.stdout.contains("stale:   src/flow_specs/crm_to_aep.rs"),
        "{}",
        run.stdout
    );
    flowgen("generate", dir.path()).expect(0);
    assert!(!module.exists());
    assert!(out.join("src/flow_specs/streaming_to_aep.rs").exists());
    flowgen("check", dir.path()).expect(0);
}

#[test]
fn malformed_json_names_line_and_column() {
    let stderr = bad(b"{\"id\": \"i\",\n  \"name\": ]}");
    assert!(
        stderr.contains(&format!(
            "error: {}#: malformed JSON at line 2 column 11",
            input("a.json")
        )),
        "{stderr}"
    );
    assert_eq!(stderr.matches("line 2 column 11").count(), 1, "{stderr}");
    assert!(stderr.contains("  hint: "), "{stderr}");
}

#[test]
fn errors_in_several_files_are_all_reported() {
    let unknown = with_x(r#"{"type": "strin"}"#);
    let dir = specs_dir(&[("a.json", b"{"), ("b.json", &unknown)]);
    let run = flowgen("check", dir.path()).expect(2);
    assert!(run
        .stderr
        .contains(&format!("{}#: malformed JSON", input("a.json"))));
    assert!(run
        .stderr
        .contains(&format!("{}#/scheduleSpec", input("b.json"))));
}

#[test]
fn unknown_type_points_at_type() {
    let stderr = bad(&with_x(r#"{"type": "strin"}"#));
    let at = format!(
        "error: {}#/scheduleSpec/spec/properties/x/type: ",
        input("a.json")
    );
    assert!(stderr.contains(&at), "{stderr}");
    assert!(stderr.contains("\"strin\""), "{stderr}");
    assert!(stderr.contains("  hint: "), "{stderr}");
}

#[test]
fn dangling_ref_points_at_ref() {
    let stderr = bad(&with_x(r##"{"$ref": "#/definitions/nope"}"##));
    let at = format!(
        "error: {}#/scheduleSpec/spec/properties/x/$ref: ",
        input("a.json")
    );
    assert!(stderr.contains(&at), "{stderr}");
    assert!(stderr.contains("#/definitions/nope"), "{stderr}");
}

#[test]
fn ref_cycle_is_reported() {
    let stderr = bad(br##"{"id": "i", "name": "N", "scheduleSpec": {"spec": {
        "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
        "type": "object", "properties": {"x": {"$ref": "#/definitions/a"}}}}}"##);
    let at = format!("error: {}#/scheduleSpec/spec/definitions/", input("a.json"));
    assert!(stderr.contains(&at), "{stderr}");
    assert!(stderr.contains("cycle"), "{stderr}");
}

#[test]
fn unsatisfiable_part_is_reported() {
    let stderr = bad(br#"{"id": "i", "name": "N", "optionSpec": {"spec":
        {"allOf": [{"type": "string"}, {"type": "integer"}]}}}"#);
    let at = format!("error: {}#/optionSpec/spec: ", input("a.json"));
    assert!(stderr.contains(&at), "{stderr}");
    assert!(stderr.contains("accepts no value"), "{stderr}");
}

#[test]
fn duplicate_flow_spec_names_both_files() {
    let spec = |id: &str| {
        format!(
            r#"{{"id": "{id}", "name": "Same", "optionSpec": {{"spec": {{"type": "object"}}}}}}"#
        )
    };
    let (a, b) = (spec("one"), spec("two"));
    let dir = specs_dir(&[("a.json", a.as_bytes()), ("b.json", b.as_bytes())]);
    let run = flowgen("generate", dir.path()).expect(2);
    assert!(run
        .stderr
        .contains(&format!("error: {}#: ", input("b.json"))));
    assert!(run.stderr.contains(&format!("{}#", input("a.json"))));
    assert!(run.stderr.contains("same"), "{}", run.stderr);
}

#[test]
fn duplicate_connection_spec_names_and_ids_name_both_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs/connectionspecs");
    std::fs::create_dir_all(&specs).unwrap();
    let odata =
        std::fs::read(workspace().join("specs/connectionspecs/generic-odata.json")).unwrap();
    std::fs::write(specs.join("a.json"), &odata).unwrap();
    std::fs::write(specs.join("b.json"), &odata).unwrap();
    let run = flowgen("generate", dir.path()).expect(2);
    for key in ["name \"generic_odata\"", "id \""] {
        assert!(
            run.stderr
                .contains(&format!("a second connectionSpec with module {key}")),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("connectionspecs/b.json#"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("(the first is at connectionspecs/a.json#)"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn invalid_utf8_is_reported() {
    let stderr = bad(b"{\"id\": \"i\", \"name\": \"N\xff\xfe\"}");
    assert!(
        stderr.contains(&format!("error: {}#: not valid UTF-8", input("a.json"))),
        "{stderr}"
    );
}

#[test]
fn flow_spec_must_be_an_object() {
    let stderr = bad(br#"[{"id": "i", "name": "N"}]"#);
    assert!(
        stderr.contains(&format!("error: {}#: ", input("a.json"))),
        "{stderr}"
    );
    assert!(stderr.contains("must be a JSON object"), "{stderr}");
}

#[test]
fn invalid_pattern_points_at_pattern() {
    let stderr = bad(&with_x(r#"{"type": "string", "pattern": "(unclosed"}"#));
    let at = format!(
        "error: {}#/scheduleSpec/spec/properties/x/pattern: ",
        input("a.json")
    );
    assert!(stderr.contains(&at), "{stderr}");
    assert!(stderr.contains("(unclosed"), "{stderr}");
}

#[test]
fn unknown_keyword_is_a_warning() {
    let json = with_x(r#"{"type": "string", "foo": 1}"#);
    let dir = specs_dir(&[("a.json", &json)]);
    let run = flowgen("generate", dir.path()).expect(0);
    let at = format!(
        "warning: {}#/scheduleSpec/spec/properties/x/foo: ",
        input("a.json")
    );
    assert!(run.stderr.contains(&at), "{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(dir.path().join("out/src/flow_specs/n.rs").exists());
    flowgen("check", dir.path()).expect(0);
}

/// Every file of `tree` that contains `text`.
fn files_naming(tree: &BTreeMap<PathBuf, Vec<u8>>, text: &str) -> Vec<PathBuf> {
    tree.iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(text))
        .map(|(p, _)| p.clone())
        .collect()
}

/// A temp dir with copies of the workspace's flowSpecs and endpoint descriptions.
fn copied_specs_and_openapi() -> tempfile::TempDir {
    let dir = copied_specs(&[]);
    let openapi = dir.path().join("specs/openapi");
    std::fs::create_dir_all(&openapi).unwrap();
    for entry in std::fs::read_dir(workspace().join("specs/openapi")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, openapi.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn the_same_inputs_give_the_same_bytes_in_any_directory() {
    let (a, b) = (copied_specs_and_openapi(), copied_specs_and_openapi());
    // A runtime vendored in each repository, given relative to where flowgen runs.
    for dir in [a.path(), b.path()] {
        std::fs::create_dir_all(dir.join("vendor/flowgen-runtime")).unwrap();
    }
    let path = "path:vendor/flowgen-runtime";
    for runtime in [None, Some(path), Some("git:https://example.org/f.git#v1")] {
        let trees: Vec<_> = [a.path(), b.path()]
            .iter()
            .map(|dir| {
                let mut args = vec!["generate"];
                args.extend(runtime.iter().flat_map(|r| ["--runtime", r]));
                flowgen_in(dir, &args).expect(0);
                tree(&dir.join("generated"))
            })
            .collect();
        assert!(trees[0].len() > 10, "{runtime:?}: {:?}", trees[0].keys());
        assert_eq!(trees[0], trees[1], "{runtime:?}");
        let manifest = String::from_utf8_lossy(&trees[0][Path::new("Cargo.toml")]).into_owned();
        // The client's feature turns on the runtime's HTTP support.
        assert!(
            manifest.contains("\nflowservice = [\"flowgen-runtime/client\"]\n"),
            "{manifest}"
        );
        // No file names either directory, the workspace, or any absolute path to them.
        for prefix in [a.path(), b.path(), &workspace(), &std::env::temp_dir()] {
            let prefix = prefix.display().to_string();
            assert_eq!(
                files_naming(&trees[0], &prefix),
                Vec::<PathBuf>::new(),
                "{prefix}"
            );
        }
        if runtime == Some(path) {
            let dependency = "flowgen-runtime = { path = \"../vendor/flowgen-runtime\" }";
            assert!(manifest.contains(dependency), "{manifest}");
        }
    }
}

#[test]
fn a_bad_runtime_setting_is_a_usage_error() {
    let dir = copied_specs(&[]);
    for (value, says) in [
        ("path:does/not/exist", "does/not/exist"),
        ("x\"y", "no version"),
    ] {
        let run = flowgen_in(dir.path(), &["generate", "--runtime", value]);
        assert_ne!(run.code, 0, "{value}");
        assert!(run.stderr.contains(says), "{value}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert!(!dir.path().join("generated").exists());
}

#[test]
fn init_scaffolds_a_repository_that_checks_clean_and_init_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("my-flows");
    let run = flowgen_in(dir.path(), &["init", "my-flows"]).expect(0);
    assert!(run.stdout.contains("next: "), "{}", run.stdout);
    let before = tree(&repo);
    for file in [
        "Cargo.toml",
        "README.md",
        ".github/workflows/flowgen.yml",
        "specs/flowspecs/README.md",
        "specs/openapi/README.md",
        "specs/connectionspecs/README.md",
        "specs/overlays/README.md",
        "generated/Cargo.toml",
        "generated/src/lib.rs",
    ] {
        assert!(
            before.contains_key(Path::new(file)),
            "{file}: {:?}",
            before.keys()
        );
    }
    let prefix = dir.path().display().to_string();
    assert_eq!(files_naming(&before, &prefix), Vec::<PathBuf>::new());

    // What init wrote is what `generate` writes from the empty specs.
    flowgen_in(&repo, &["check"]).expect(0);

    // Again, on its own untouched output: succeeds and changes nothing.
    let again = flowgen_in(&repo, &["init"]).expect(0);
    assert!(
        again.stdout.contains("already scaffolded"),
        "{}",
        again.stdout
    );
    assert_eq!(tree(&repo), before);

    // After a flowSpec is added and generated, init refuses (generated/ differs) and
    // lists what is in the way, writing nothing.
    std::fs::copy(
        workspace().join("specs/flowspecs/crm-to-aep.json"),
        repo.join("specs/flowspecs/crm-to-aep.json"),
    )
    .unwrap();
    flowgen_in(&repo, &["generate"]).expect(0);
    std::fs::remove_file(repo.join("specs/overlays/README.md")).unwrap();
    let after = tree(&repo);
    let refused = flowgen_in(&repo, &["init"]).expect(1);
    assert!(
        refused.stderr.contains("generated/src/lib.rs"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("wrote nothing"),
        "{}",
        refused.stderr
    );
    assert_eq!(tree(&repo), after);
}

#[test]
fn init_lists_every_file_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\n").unwrap();
    std::fs::write(dir.path().join("build.rs"), "fn main() {}\n").unwrap();
    let before = tree(dir.path());
    let dir_arg = dir.path().to_str().expect("a UTF-8 temp dir");
    let run = flowgen_in(dir.path(), &["init", dir_arg, "--build-rs"]).expect(1);
    assert!(run.stderr.contains("2 file(s)"), "{}", run.stderr);
    for file in ["Cargo.toml", "build.rs"] {
        assert!(
            run.stderr.contains(&format!("\n  {file}")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(tree(dir.path()), before);
}
