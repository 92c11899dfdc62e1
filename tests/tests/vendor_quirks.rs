//! Vendor defects with a reasonable reading (`fixtures/openapi/vendor-defects.yaml`) and
//! Swagger 2.0 (`fixtures/openapi/swagger-2.yaml`): read with warnings that name the
//! file, line, column and pointer; `strict` makes them errors. Both fixtures are also
//! generated and compiled under `#![deny(warnings)]` by `build.rs`.

use flowgen::openapi::{self, Api, ParamIn, ParamType, Scalar, Success};
use flowgen::{Config, Diagnostic, Severity};
use flowgen_tests::workspace;

fn load(name: &str) -> Api {
    let path = workspace().join("tests/fixtures/openapi").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    openapi::load(format!("fixtures/openapi/{name}"), &bytes).unwrap_or_else(|d| panic!("{d:?}"))
}

/// One line per warning: `file:line:col #pointer: message`.
fn lines(warnings: &[Diagnostic]) -> String {
    warnings
        .iter()
        .map(|w| {
            let p = w.position.unwrap_or_default();
            format!(
                "{}:{}:{} #{}: {}",
                w.location.file.display(),
                p.line,
                p.column,
                w.location.pointer,
                w.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(workspace().join("tests/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn every_defect_class_is_a_warning_with_line_and_pointer() {
    let api = load("vendor-defects.yaml");
    assert!(api.warnings.iter().all(|w| w.severity == Severity::Warning));
    assert!(api.warnings.iter().all(|w| w.position.is_some()));
    assert_eq!(api.warnings.len(), 11, "{}", lines(&api.warnings));
    // The example beside the body schema is never read as a schema.
    assert!(!lines(&api.warnings).contains("/examples/one"));
    settings().bind(|| insta::assert_snapshot!("warnings_vendor_defects", lines(&api.warnings)));
}

#[test]
fn repaired_schemas_read_as_described() {
    let api = load("vendor-defects.yaml");
    let thing = api
        .doc
        .value
        .pointer("/components/schemas/Thing")
        .unwrap_or_else(|| panic!("no Thing"));
    assert_eq!(
        thing["allOf"],
        serde_json::json!([{"$ref": "#/components/schemas/Base"}])
    );
    assert_eq!(thing["properties"]["shape"], serde_json::json!({}));
    assert_eq!(thing["properties"]["request"], serde_json::json!({}));
    assert_eq!(
        thing["properties"]["name"],
        serde_json::json!({"type": "string"})
    );
    assert!(thing.get("title").is_none());
}

#[test]
fn strict_turns_warnings_into_errors() {
    let file = workspace().join("tests/fixtures/openapi/vendor-defects.yaml");
    let lenient = Config::new().openapi_file(&file).generate();
    let warnings = lenient
        .map(|g| g.warnings.len())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings >= 11);
    let strict = Config::new().openapi_file(&file).strict(true).generate();
    let errors = match strict {
        Ok(_) => panic!("strict generation succeeded despite warnings"),
        Err(e) => e.diagnostics().to_vec(),
    };
    assert_eq!(errors.len(), warnings);
    assert!(errors.iter().all(|e| e.severity == Severity::Error));
    assert!(
        errors[0].to_string().starts_with("error: "),
        "{}",
        errors[0]
    );
}

#[test]
fn swagger_2_reads_into_the_same_model() {
    let api = load("swagger-2.yaml");
    assert_eq!(api.servers[0].default_url(), "https://example.com/v2");
    let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["listThings", "createThing", "uploadFile"]);
    let list = &api.operations[0];
    assert_eq!(list.params[0].name, "limit");
    assert_eq!(list.params[0].ty, ParamType::One(Scalar::Integer));
    assert_eq!(
        list.params[1].ty,
        ParamType::List {
            item: Scalar::String,
            explode: true
        }
    );
    assert!(matches!(
        list.success,
        Success::Json {
            schema: Some(_),
            ..
        }
    ));
    let create = &api.operations[1];
    let body = create.body.as_ref().unwrap_or_else(|| panic!("no body"));
    assert!(body.required && body.json);
    let upload = &api.operations[2];
    assert_eq!(upload.params[0].place, ParamIn::Path);
    let form = upload.body.as_ref().unwrap_or_else(|| panic!("no form"));
    assert_eq!(form.media_type, "multipart/form-data");
    assert!(matches!(upload.success, Success::Empty));
    // `x-nullable` makes the member nullable.
    assert_eq!(
        api.doc.value["components"]["schemas"]["Thing"]["properties"]["note"]["type"],
        serde_json::json!(["string", "null"])
    );
    // Diagnostics name the Swagger pointer and line, not the rewritten one.
    assert_eq!(
        lines(&api.warnings),
        "fixtures/openapi/swagger-2.yaml:81:9 #/definitions/Thing/properties/note/description: \
         `description` is null, not a string; read as no description"
    );
}
