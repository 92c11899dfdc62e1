//! The OpenAPI loader on vendor documents as they come: the quirk fixtures in
//! `tests/fixtures/openapi` and the descriptions in `specs/openapi`.

use flowgen::openapi::{self, Api, Lifted, ParamIn, ParamType, Scalar, Success};
use flowgen::{Config, Severity};
use flowgen_tests::workspace;
use serde_json::json;

fn load(name: &str) -> Api {
    let path = workspace().join("tests/fixtures/openapi").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    openapi::load(format!("fixtures/openapi/{name}"), &bytes).unwrap_or_else(|d| panic!("{d:?}"))
}

fn op<'a>(api: &'a Api, id: &str) -> &'a openapi::Operation {
    api.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

#[test]
fn server_variables_and_scheme_relative_urls() {
    let api = load("vendor-quirks-30.yaml");
    assert_eq!(api.servers.len(), 1);
    assert_eq!(
        api.servers[0].default_url(),
        "https://platform.adobe.io/data/foundation/flowservice"
    );
    assert_eq!(
        api.servers[0].variables,
        vec![(
            "environment".to_owned(),
            "platform".to_owned(),
            vec!["platform".to_owned(), "platform-int".to_owned()]
        )]
    );
    let api31 = load("vendor-quirks-31.yaml");
    assert_eq!(api31.servers[0].default_url(), "https://example.test/api");
    assert!(api31.v31 && !api.v31);
}

#[test]
fn auth_headers_in_any_casing_are_lifted() {
    let api = load("vendor-quirks-30.yaml");
    for id in ["listWidgets", "createWidget"] {
        let lifted: Vec<Lifted> = op(&api, id)
            .params
            .iter()
            .filter_map(|p| p.lifted)
            .collect();
        assert_eq!(
            lifted,
            vec![
                Lifted::Authorization,
                Lifted::ApiKey,
                Lifted::OrgId,
                Lifted::Sandbox
            ],
            "{id}"
        );
        assert!(
            op(&api, id)
                .own_params()
                .all(|p| p.place != ParamIn::Header),
            "{id}"
        );
    }
}

#[test]
fn if_match_in_two_casings_is_one_header() {
    let api = load("vendor-quirks-30.yaml");
    let patch = op(&api, "patchWidget");
    let if_match: Vec<_> = patch.params.iter().filter(|p| p.if_match).collect();
    assert_eq!(if_match.len(), 1);
    // The operation's own declaration (`if-match`) overrides the path-level one.
    assert_eq!(if_match[0].name, "if-match");
    assert!(if_match[0].required);
    assert_eq!(patch.path, "/widgets/{widgetId}");
    assert!(patch
        .params
        .iter()
        .any(|p| p.place == ParamIn::Path && p.name == "widgetId" && p.required));
}

#[test]
fn integer_response_codes_examples_without_schema_and_empty_defaults() {
    let api = load("vendor-quirks-30.yaml");
    match &op(&api, "listWidgets").success {
        Success::Json { status, schema } => {
            assert_eq!(status, "200");
            assert!(schema.is_none());
        }
        other => panic!("{other:?}"),
    }
    let warning = api
        .warnings
        .iter()
        .find(|w| w.message.contains("no schema"))
        .unwrap_or_else(|| panic!("no warning: {:?}", api.warnings));
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(
        warning.location.file.display().to_string(),
        "fixtures/openapi/vendor-quirks-30.yaml"
    );
    assert_eq!(
        warning.location.pointer,
        "/paths/~1widgets/get/responses/200/content/application~1json"
    );
    match &op(&api, "createWidget").success {
        Success::Json {
            status,
            schema: Some(s),
        } => {
            assert_eq!(status, "201");
            assert_eq!(
                s.pointer,
                "/paths/~1widgets/post/responses/201/content/application~1json/schema"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(op(&api, "deleteWidget").success, Success::Empty));
}

#[test]
fn several_request_media_types_prefer_json() {
    let api = load("vendor-quirks-30.yaml");
    let create = op(&api, "createWidget")
        .body
        .as_ref()
        .map(|b| b.media_type.clone());
    assert_eq!(create.as_deref(), Some("application/json"));
    let patch = op(&api, "patchWidget")
        .body
        .as_ref()
        .map(|b| (b.media_type.clone(), b.json));
    assert_eq!(
        patch,
        Some(("application/json-patch+json".to_owned(), true))
    );
}

#[test]
fn query_parameter_shapes() {
    let api = load("vendor-quirks-30.yaml");
    let list = op(&api, "listWidgets");
    let ty = |n: &str| {
        list.params
            .iter()
            .find(|p| p.name == n)
            .map(|p| p.ty.clone())
    };
    assert_eq!(ty("limit"), Some(ParamType::One(Scalar::Integer)));
    assert_eq!(
        ty("property"),
        Some(ParamType::List {
            item: Scalar::String,
            explode: true
        })
    );
    let api31 = load("vendor-quirks-31.yaml");
    let get = op(&api31, "getGadget");
    let tags = get
        .params
        .iter()
        .find(|p| p.name == "tags")
        .map(|p| p.ty.clone());
    assert_eq!(
        tags,
        Some(ParamType::List {
            item: Scalar::String,
            explode: false
        })
    );
}

#[test]
fn schemas_are_normalised_to_draft_07() {
    let api = load("vendor-quirks-30.yaml");
    let widget = api
        .doc
        .value
        .pointer("/components/schemas/Widget/properties")
        .cloned();
    let widget = widget.unwrap_or_default();
    assert_eq!(widget["colour"]["type"], json!(["string", "null"]));
    assert_eq!(widget["colour"]["enum"], json!(["red", "blue", null]));
    assert_eq!(widget["size"]["exclusiveMinimum"], json!(0));
    assert!(widget["size"].get("minimum").is_none());
    let api31 = load("vendor-quirks-31.yaml");
    let gadget = api31
        .doc
        .value
        .pointer("/components/schemas/Gadget/properties")
        .cloned();
    let gadget = gadget.unwrap_or_default();
    assert_eq!(
        gadget["position"]["items"],
        json!([{"type": "number"}, {"type": "number"}])
    );
    assert_eq!(gadget["position"]["additionalItems"], json!(false));
    assert_eq!(
        gadget["label"]["allOf"],
        json!([{"$ref": "#/components/schemas/Label"}])
    );
}

#[test]
fn swagger_2_loads_and_other_documents_are_refused_with_the_file_named() {
    let path = workspace().join("tests/fixtures/openapi/not-openapi.yaml");
    let bytes = std::fs::read(&path).unwrap_or_default();
    let api = openapi::load("fixtures/openapi/not-openapi.yaml", &bytes)
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert!(api.operations.is_empty());
    let errors = openapi::load("fixtures/openapi/other.yaml", b"info: {title: t}\n")
        .err()
        .unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("not an OpenAPI document"),
        "{}",
        errors[0]
    );
    assert!(errors[0]
        .to_string()
        .contains("fixtures/openapi/other.yaml"));
}

#[test]
fn malformed_documents_are_errors_not_panics() {
    for text in [
        "openapi: [",
        "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/nowhere'\n",
        "{\"openapi\": \"3.1.0\", \"paths\": 7}",
        "- a\n- b\n",
    ] {
        let _ = openapi::load("bad.yaml", text.as_bytes());
    }
    let errors = openapi::load("bad.yaml", b"openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/nowhere'\n")
        .err()
        .unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].location.pointer,
        "/paths/~1a/get/parameters/0/$ref"
    );
}

#[test]
fn the_specs_load_with_every_call_and_the_auth_headers_lifted() {
    for (file, count) in [("flowservice.yaml", 27), ("dataprep.yaml", 5)] {
        let path = workspace().join("specs/openapi").join(file);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let api = openapi::load(file, &bytes).unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(api.operations.len(), count, "{file}");
        for o in &api.operations {
            let lifted = o.params.iter().filter(|p| p.lifted.is_some()).count();
            assert_eq!(lifted, 4, "{file} {}", o.id);
            assert!(
                o.own_params()
                    .all(|p| p.place != ParamIn::Header || p.if_match),
                "{}",
                o.id
            );
        }
        assert!(api.warnings.is_empty(), "{file}: {:?}", api.warnings);
    }
}

#[test]
fn generation_warns_with_file_and_pointer_and_never_fails_on_quirks() {
    let dir = workspace().join("tests");
    let generated = Config::new()
        .names_relative_to(&dir)
        .openapi_file(dir.join("fixtures/openapi/vendor-quirks-30.yaml"))
        .openapi_file(dir.join("fixtures/openapi/vendor-quirks-31.yaml"))
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.modules.len(), 2);
    assert!(generated
        .warnings
        .iter()
        .all(|w| w.location.file.starts_with("fixtures/openapi")));
    let text = generated.single_file().unwrap_or_else(|e| panic!("{e}"));
    // The four headers are configuration, not parameters.
    assert!(!text.contains("x_api_key"));
    assert!(text.contains("pub fn list_widgets(&self)"));
    assert!(text.contains("if_match: &(impl rt::http::IfMatch + ?Sized)"));
    assert!(text.contains("pub const DEFAULT_BASE_URL: &str = \"https://platform.adobe.io/data/foundation/flowservice\""));
}

#[test]
fn a_crate_with_clients_asks_for_the_runtime_client_feature() {
    let specs = workspace().join("specs");
    let generated = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .openapi_in(specs.join("openapi"))
        .names_relative_to(&specs)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let manifest = |dir: &std::path::Path| {
        let settings =
            flowgen::CrateSettings::for_dir("aep-flows", dir).unwrap_or_else(|e| panic!("{e}"));
        let files = generated
            .crate_files(&settings)
            .unwrap_or_else(|e| panic!("{e}"));
        files
            .into_iter()
            .find(|(p, _)| p.as_os_str() == "Cargo.toml")
            .map(|(_, text)| text)
            .unwrap_or_default()
    };
    let inside = manifest(&workspace().join("generated"));
    // The dependency is plain; each client's feature turns on the runtime's `client`.
    assert!(
        inside.contains("flowgen-runtime = { path = \"../codegen/runtime\" }\n"),
        "{inside}"
    );
    assert!(
        inside.contains("\nflowservice = [\"flowgen-runtime/client\"]\n"),
        "{inside}"
    );
    let outside_dir = std::env::temp_dir().join(format!("flowgen-client-{}", std::process::id()));
    let outside = manifest(&outside_dir);
    let _ = std::fs::remove_dir_all(&outside_dir);
    let published = format!("flowgen-runtime = \"{}\"\n", flowgen::VERSION);
    assert!(outside.contains(&published), "{outside}");
    assert!(!outside.contains("[workspace]"), "{outside}");
}

#[test]
fn server_variables_are_a_function_of_the_generated_client() {
    use flowgen_tests::openapi_fixtures::client::vendor_quirks_30 as quirks;
    assert_eq!(
        quirks::DEFAULT_BASE_URL,
        "https://platform.adobe.io/data/foundation/flowservice"
    );
    assert_eq!(
        quirks::server_url(&[("environment", "platform-int")])
            .ok()
            .as_deref(),
        Some("https://platform-int.adobe.io/data/foundation/flowservice")
    );
    assert!(quirks::server_url(&[("environment", "elsewhere.example")]).is_err());
    assert_eq!(
        quirks::SERVER_URLS,
        ["//{environment}.adobe.io/data/foundation/flowservice"]
    );
}

#[test]
fn json_descriptions_load_like_yaml_ones() {
    let text = r#"{
      "openapi": "3.1.0",
      "info": {"title": "JSON", "version": "1"},
      "servers": [{"url": "https://example.test/v1"}],
      "paths": {"/things/{id}": {"get": {
        "operationId": "getThing",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["object", "null"]}}}}}
      }}}
    }"#;
    let api = openapi::load("things.json", text.as_bytes()).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(api.v31);
    assert_eq!(api.module, "things");
    assert_eq!(api.operations[0].id, "getThing");
    assert!(matches!(
        api.operations[0].success,
        Success::Json {
            schema: Some(_),
            ..
        }
    ));
}

/// Every prefix of the real descriptions (cut every few bytes, so most are malformed or
/// dangling) loads or fails with diagnostics: never a panic.
#[test]
fn truncated_descriptions_never_panic() {
    for file in ["flowservice.yaml", "dataprep.yaml"] {
        let bytes = std::fs::read(workspace().join("specs/openapi").join(file)).unwrap_or_default();
        assert!(bytes.len() > 1000);
        let mut outcomes = (0, 0);
        for end in (0..bytes.len()).step_by(997) {
            match openapi::load(file, &bytes[..end]) {
                Ok(_) => outcomes.0 += 1,
                Err(d) => {
                    assert!(!d.is_empty());
                    outcomes.1 += 1;
                }
            }
        }
        assert!(outcomes.0 + outcomes.1 > 10, "{outcomes:?}");
    }
}
