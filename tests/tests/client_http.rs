//! The generated clients over real HTTP, against a loopback mock server each test starts:
//! the seed tutorial's calls byte for byte, typed errors, validation before sending, flows
//! typed by their flowSpec, `If-Match`. Pagination is in `client_paging.rs`.

mod common;

use aep_flows::client::flowservice::{self, CrmToAep};
use aep_flows::client::{dataprep, Error, Filter, RetryPolicy, TypedFlow};
use aep_flows::flow_specs::crm_to_aep::{Schedule, Transformation};
use common::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn body_text(r: &wiremock::Request) -> String {
    String::from_utf8_lossy(&r.body).into_owned()
}

/// The source connection of the seed tutorial (OData `Orders`, `tabular`).
fn seed_source_connection() -> Value {
    json!({
        "name": "Generic OData source connection",
        "baseConnectionId": "a5c6b647-e784-4b58-86b6-47e784ab580b",
        "description": "Generic OData source connection",
        "data": {"format": "tabular"},
        "params": {
            "tableName": "Orders",
            "columns": [
                {"name": "OrderID", "type": "integer", "xdm": {"type": "integer", "minimum": -2147483648i64, "maximum": 2147483647}},
                {"name": "CustomerID", "type": "string", "xdm": {"type": "string"}},
                {"name": "OrderDate", "type": "string", "meta:xdmType": "date-time", "xdm": {"type": "string", "format": "date-time"}},
                {"name": "ShippedDate", "type": "string", "meta:xdmType": "date-time", "xdm": {"type": "string", "format": "date-time"}}
            ]
        },
        "connectionSpec": {"id": "8e6b41a8-d998-4545-ad7d-c6a9fff406c3", "version": "1.0"}
    })
}

#[tokio::test]
async fn seed_calls_on_the_wire() {
    let server = MockServer::start().await;
    let created = |id: &str, etag: &str| {
        ResponseTemplate::new(201).set_body_json(json!({"id": id, "etag": etag}))
    };
    Mock::given(method("POST"))
        .and(path(format!("{FLOW_PATH}/sourceConnections")))
        .respond_with(created(
            "0a768941-ddfb-499d-b689-41ddfbf99db0",
            "\"8f00753e-0000-0200-0000-5e8a547d0000\"",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{FLOW_PATH}/targetConnections")))
        .respond_with(created(
            "576d5ecf-f114-4587-ad5e-cff1144587f4",
            "\"13013506-0000-0200-0000-5e8a56d80000\"",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PREP_PATH}/mappingSets")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "37409d3017e24a3eb4a2dc21020f7a5b", "version": 0,
            "createdDate": 1586124873209i64, "modifiedDate": 1586124873209i64,
            "createdBy": "{CREATED_BY}", "modifiedBy": "{MODIFIED_BY}"
        })))
        .mount(&server)
        .await;
    let spec_doc: Value = serde_json::from_str(
        &std::fs::read_to_string(
            flowgen_tests::workspace().join("specs/flowspecs/crm-to-aep.json"),
        )
        .unwrap_or_default(),
    )
    .unwrap_or_default();
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flowSpecs")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [spec_doc]})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{FLOW_PATH}/flows")))
        .respond_with(created(
            "8256cfb4-17e6-432c-a469-6aedafb16cd5",
            "\"04004fe9-0000-0200-0000-5ebc4c8b0000\"",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .mount(&server)
        .await;

    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::default());
    let fs = flows(&api, &server);
    let dp = prep(&api, &server);

    // 1. Source connection.
    let source = flowservice::SourceConnectionRequest::try_from(seed_source_connection())
        .unwrap_or_else(|e| panic!("{e}"));
    let made = fs
        .create_source_connection(&source)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(made.id, "0a768941-ddfb-499d-b689-41ddfbf99db0");
    assert_eq!(made.etag, "\"8f00753e-0000-0200-0000-5e8a547d0000\"");
    // 2. Target connection (the data lake's connection spec, a parquet_xdm dataset).
    let target = flowservice::TargetConnectionRequest::try_from(json!({
        "name": "Target Connection for protocols",
        "description": "Target Connection for protocols",
        "data": {"format": "parquet_xdm", "schema": {
            "id": "https://ns.adobe.com/{TENANT_ID}/schemas/e669d7aba5a02f294fafb7b269af25f7cd4a66ce59193545",
            "version": "application/vnd.adobe.xed-full+json;version=1"}},
        "params": {"dataSetId": "5e8a55ca53662c18af37a83a"},
        "connectionSpec": {"id": "c604ff05-7f1a-43c0-8e18-33bf874cb11c", "version": "1.0"}
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let target_id = fs
        .create_target_connection(&target)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    // 3. Mapping set.
    let mapping = |dest: &str, src: &str| {
        json!({
            "destinationXdmPath": dest, "sourceAttribute": src, "identity": false,
            "identityGroup": null, "namespaceCode": null, "version": 0
        })
    };
    let mapping_set = dataprep::MappingSetRequest::try_from(json!({
        "version": 0,
        "xdmSchema": "https://ns.adobe.com/{TENANT_ID}/schemas/e669d7aba5a02f294fafb7b269af25f7cd4a66ce59193545",
        "xdmVersion": "1.0",
        "id": null,
        "mappings": [mapping("_id", "OrderID"), mapping("_id", "CustomerID"),
                     mapping("_id", "EmployeeID"), mapping("createdByBatchID", "OrderDate")]
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let set = dp
        .create_mapping_set(&mapping_set)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (set.id.as_str(), set.version.to_string()),
        ("37409d3017e24a3eb4a2dc21020f7a5b", "0".into())
    );
    // 4. The flowSpec by name.
    let specs = fs
        .list_flow_specs()
        .property(Filter::eq("name", "CRMToAEP"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(specs.items.len(), 1);
    assert_eq!(specs.items[0].id, aep_flows::flow_specs::crm_to_aep::ID);
    // 5. The flow: Copy with a delta column, Mapping, every 30 minutes.
    let flow = TypedFlow::<CrmToAep>::new(
        "Creating a dataflow for a protocols source",
        [made.id.clone()],
        [target_id.clone()],
    )
    .description("Creating a dataflow for a protocols source")
    .transformation(
        Transformation::try_from(json!({"name": "Copy", "params": {
        "deltaColumn": {"name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}}}))
        .unwrap_or_else(|e| panic!("{e}")),
    )
    .transformation(
        Transformation::try_from(json!({"name": "Mapping", "params": {
        "mappingId": set.id, "mappingVersion": "0"}}))
        .unwrap_or_else(|e| panic!("{e}")),
    )
    .schedule(Schedule::minute(1567411548, 30).unwrap_or_else(|e| panic!("{e}")));
    let created_flow = fs
        .create_flow(&flow)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(created_flow.id, "8256cfb4-17e6-432c-a469-6aedafb16cd5");
    // 6. Its runs.
    let runs = fs
        .list_runs()
        .property(Filter::eq_raw("flowId", &created_flow.id))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(runs.items.is_empty());

    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 6);
    for r in &reqs {
        assert_common_headers(r);
        assert_eq!(header(r, "accept").as_deref(), Some("application/json"));
    }
    let expect = |i: usize, m: &str, p: &str, q: Option<&str>, body: &str| {
        let r = &reqs[i];
        assert_eq!(r.method.as_str(), m, "request {i}");
        assert_eq!(r.url.path(), p, "request {i}");
        assert_eq!(r.url.query(), q, "request {i}");
        assert_eq!(body_text(r), body, "request {i}");
        if !body.is_empty() {
            assert_eq!(
                header(r, "content-type").as_deref(),
                Some("application/json")
            );
        }
    };
    expect(
        0,
        "POST",
        "/data/foundation/flowservice/sourceConnections",
        None,
        r#"{"name":"Generic OData source connection","description":"Generic OData source connection","baseConnectionId":"a5c6b647-e784-4b58-86b6-47e784ab580b","data":{"format":"tabular"},"params":{"tableName":"Orders","columns":[{"name":"OrderID","type":"integer","xdm":{"type":"integer","minimum":-2147483648.0,"maximum":2147483647.0}},{"name":"CustomerID","type":"string","xdm":{"type":"string"}},{"name":"OrderDate","type":"string","meta:xdmType":"date-time","xdm":{"type":"string","format":"date-time"}},{"name":"ShippedDate","type":"string","meta:xdmType":"date-time","xdm":{"type":"string","format":"date-time"}}]},"connectionSpec":{"id":"8e6b41a8-d998-4545-ad7d-c6a9fff406c3","version":"1.0"}}"#,
    );
    expect(
        1,
        "POST",
        "/data/foundation/flowservice/targetConnections",
        None,
        r#"{"name":"Target Connection for protocols","description":"Target Connection for protocols","data":{"format":"parquet_xdm","schema":{"id":"https://ns.adobe.com/{TENANT_ID}/schemas/e669d7aba5a02f294fafb7b269af25f7cd4a66ce59193545","version":"application/vnd.adobe.xed-full+json;version=1"}},"params":{"dataSetId":"5e8a55ca53662c18af37a83a"},"connectionSpec":{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c","version":"1.0"}}"#,
    );
    expect(
        2,
        "POST",
        "/data/foundation/conversion/mappingSets",
        None,
        r#"{"id":null,"version":0,"xdmSchema":"https://ns.adobe.com/{TENANT_ID}/schemas/e669d7aba5a02f294fafb7b269af25f7cd4a66ce59193545","xdmVersion":"1.0","mappings":[{"version":0,"sourceAttribute":"OrderID","destinationXdmPath":"_id","identity":false,"identityGroup":null,"namespaceCode":null},{"version":0,"sourceAttribute":"CustomerID","destinationXdmPath":"_id","identity":false,"identityGroup":null,"namespaceCode":null},{"version":0,"sourceAttribute":"EmployeeID","destinationXdmPath":"_id","identity":false,"identityGroup":null,"namespaceCode":null},{"version":0,"sourceAttribute":"OrderDate","destinationXdmPath":"createdByBatchID","identity":false,"identityGroup":null,"namespaceCode":null}]}"#,
    );
    expect(
        3,
        "GET",
        "/data/foundation/flowservice/flowSpecs",
        Some("property=name%3D%3D%22CRMToAEP%22"),
        "",
    );
    expect(
        4,
        "POST",
        "/data/foundation/flowservice/flows",
        None,
        r#"{"name":"Creating a dataflow for a protocols source","description":"Creating a dataflow for a protocols source","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860","version":"1.0"},"sourceConnectionIds":["0a768941-ddfb-499d-b689-41ddfbf99db0"],"targetConnectionIds":["576d5ecf-f114-4587-ad5e-cff1144587f4"],"transformations":[{"name":"Copy","params":{"deltaColumn":{"name":"updatedAt","dateFormat":"YYYY-MM-DD","timezone":"UTC"}}},{"name":"Mapping","params":{"mappingId":"37409d3017e24a3eb4a2dc21020f7a5b","mappingVersion":"0"}}],"scheduleParams":{"startTime":1567411548,"frequency":"minute","interval":30}}"#,
    );
    expect(
        5,
        "GET",
        "/data/foundation/flowservice/runs",
        Some("property=flowId%3D%3D8256cfb4-17e6-432c-a469-6aedafb16cd5"),
        "",
    );
    // Same members as the tutorial's bodies (the client writes them in schema order).
    let sent: Value = serde_json::from_slice(&reqs[0].body).unwrap_or_default();
    let mut seed = seed_source_connection();
    seed["params"]["columns"][0]["xdm"] =
        json!({"type": "integer", "minimum": -2147483648.0, "maximum": 2147483647.0});
    assert_eq!(sent, seed);
}

#[tokio::test]
async fn failed_answers_become_typed_errors() {
    let server = MockServer::start().await;
    for status in [401u16, 403, 404, 409, 412, 429, 500] {
        Mock::given(method("PATCH"))
            .and(path(format!("{FLOW_PATH}/flows/f-{status}")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("x-request-id", format!("req-{status}").as_str())
                    .set_body_json(json!({
                        "type": format!("https://ns.adobe.com/aep/errors/FLOW-1202-{status}"),
                        "title": "Problem",
                        "status": status,
                        "detail": format!("detail {status}"),
                        "report": {"tenantInfo": {"sandboxName": "prod"}}
                    })),
            )
            .mount(&server)
            .await;
    }
    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::never());
    let fs = flows(&api, &server);
    let patch =
        flowservice::JsonPatch::try_from(json!([{"op": "replace", "path": "/name", "value": "n"}]))
            .unwrap_or_else(|e| panic!("{e}"));
    for status in [401u16, 403, 404, 409, 412, 429, 500] {
        let err = fs
            .patch_flow(format!("f-{status}"), "\"etag\"", &patch)
            .await
            .err()
            .unwrap_or_else(|| panic!("{status} succeeded"));
        let kind_ok = matches!(
            (&err, status),
            (Error::Unauthorized(_), 401)
                | (Error::Forbidden(_), 403)
                | (Error::NotFound(_), 404)
                | (Error::Conflict(_), 409)
                | (Error::PreconditionFailed(_), 412)
                | (Error::TooManyRequests(_), 429)
                | (Error::Server(_), 500)
        );
        assert!(kind_ok, "{status}: {err:?}");
        let api_err = err.api().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(api_err.status, status);
        assert_eq!(api_err.operation, "patchFlow");
        assert_eq!(err.request_id(), Some(format!("req-{status}").as_str()));
        let body = api_err.body.as_ref().unwrap_or_else(|| panic!("no body"));
        assert_eq!(
            body.detail.as_deref(),
            Some(format!("detail {status}").as_str())
        );
        assert_eq!(body.status, Some(i64::from(status)));
        assert_eq!(
            body.report,
            Some(json!({"tenantInfo": {"sandboxName": "prod"}}))
        );
        assert!(
            err.to_string().contains(&format!("FLOW-1202-{status}")),
            "{err}"
        );
    }
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 7, "RetryPolicy::never sends each once");
    assert!(reqs
        .iter()
        .all(|r| header(r, "if-match").as_deref() == Some("\"etag\"")));
    assert!(reqs
        .iter()
        .all(|r| header(r, "content-type").as_deref() == Some("application/json-patch+json")));
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let server = MockServer::start().await;
    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::default());
    let fs = flows(&api, &server);
    // `limit` has `minimum: 1`.
    let err = fs.list_flows().limit(0).await.err();
    match err {
        Some(Error::Invalid { operation, errors }) => {
            assert_eq!(operation, "listFlows");
            assert_eq!(errors.0[0].instance_path, "/query/limit");
        }
        other => panic!("{other:?}"),
    }
    // `sourceConnectionIds` has `minItems: 1` in the endpoint description.
    let flow = TypedFlow::<CrmToAep>::new("f", Vec::<String>::new(), ["t"]);
    match fs.create_flow(&flow).await.err() {
        Some(Error::Invalid { errors, .. }) => {
            assert_eq!(errors.0[0].instance_path, "/body/sourceConnectionIds");
        }
        other => panic!("{other:?}"),
    }
    // A schedule the flowSpec rejects cannot even be parsed into the typed flow.
    let mut bad = flow_json("x");
    bad["scheduleParams"] = json!({"startTime": 1, "frequency": "minute", "interval": 5});
    let errors = TypedFlow::<CrmToAep>::from_value(bad)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert!(
        errors
            .0
            .iter()
            .all(|e| e.instance_path.starts_with("/scheduleParams")),
        "{errors:?}"
    );
    // The docs' string integers are refused too.
    let mut strings = flow_json("x");
    strings["scheduleParams"] =
        json!({"startTime": "1567411548", "frequency": "minute", "interval": "30"});
    assert!(TypedFlow::<CrmToAep>::from_value(strings).is_err());
    // The untyped body type of the description is checked against the flowSpec too.
    let mut raw = flow_json("x");
    for k in ["id", "etag", "state"] {
        raw.as_object_mut().map(|m| m.shift_remove(k));
    }
    raw["scheduleParams"] = json!({"startTime": 1, "frequency": "once", "interval": 30});
    raw["transformations"][0]["params"] = json!({});
    raw["transformations"][1]["name"] = json!("Encrypt");
    let body = flowservice::FlowRequest::try_from(raw).unwrap_or_else(|e| panic!("{e}"));
    match fs.create_flow(&body).await.err() {
        Some(Error::Invalid { errors, .. }) => {
            let at: Vec<&str> = errors.0.iter().map(|e| e.instance_path.as_str()).collect();
            assert!(at.contains(&"/body/transformations/0/params"), "{errors:?}");
            assert!(at.contains(&"/body/transformations/1/params"), "{errors:?}");
            assert!(
                at.iter().any(|p| p.starts_with("/body/scheduleParams")),
                "{errors:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_flow_read_back_parses_into_the_flow_spec_types_and_its_etag_guards_updates() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flows/f1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [flow_json("f1")]})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{FLOW_PATH}/flows/f1")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "f1", "etag": "\"etag-2\""})),
        )
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::default());
    let fs = flows(&api, &server);
    let flow = fs
        .get_flow("f1")
        .item()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let typed = TypedFlow::<CrmToAep>::read(&flow).unwrap_or_else(|e| panic!("{e}"));
    match &typed.transformations[0] {
        Transformation::Copy(p) => {
            assert_eq!(p.delta_column.name, "updatedAt");
            assert_eq!(p.delta_column.timezone.as_deref(), Some("UTC"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(typed.schedule_params, Some(Schedule::Minute(_))));
    assert_eq!(typed.extra.get("state"), Some(&json!("enabled")));
    let patch = flowservice::JsonPatch::try_from(
        json!([{"op": "replace", "path": "/name", "value": "renamed"}]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let updated = fs
        .patch_flow("f1", &flow, &patch)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(updated.etag, "\"etag-2\"");
    let reqs = received(&server).await;
    assert_eq!(reqs[1].method.as_str(), "PATCH");
    assert_eq!(header(&reqs[1], "if-match").as_deref(), Some("\"etag-f1\""));
    assert_eq!(
        body_text(&reqs[1]),
        r#"[{"op":"replace","path":"/name","value":"renamed"}]"#
    );
    // A value without an etag cannot be used for If-Match: nothing is sent.
    let mut no_etag = flow_json("f1");
    no_etag.as_object_mut().map(|m| m.shift_remove("etag"));
    let flow2 = flowservice::Flow::try_from(no_etag).unwrap_or_else(|e| panic!("{e}"));
    let err = fs.patch_flow("f1", &flow2, &patch).await.err();
    assert!(
        matches!(
            err,
            Some(Error::MissingEtag {
                operation: "patchFlow"
            })
        ),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn an_answer_that_strays_from_its_schema_is_a_decode_error_unless_read_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flows/odd")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-odd")
                .set_body_json(json!({"items": [{"id": 5}]})),
        )
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::default());
    let fs = flows(&api, &server);
    match fs.get_flow("odd").await.err() {
        Some(Error::Decode {
            operation,
            status,
            request_id,
            message,
            body,
            raw,
            violations,
        }) => {
            assert_eq!((operation, status), ("getFlow", 200));
            assert_eq!(request_id.as_deref(), Some("req-odd"));
            assert!(message.contains("/items/0/id"), "{message}");
            // Nothing of the answer is lost: the body, as JSON and as text, and each violation.
            assert_eq!(body.as_deref(), Some(&json!({"items": [{"id": 5}]})));
            assert_eq!(raw, r#"{"items":[{"id":5}]}"#);
            assert!(
                violations
                    .0
                    .iter()
                    .any(|v| v.instance_path == "/items/0/id"),
                "{violations}"
            );
        }
        other => panic!("{other:?}"),
    }
    let value = fs
        .get_flow("odd")
        .send_value()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value, json!({"items": [{"id": 5}]}));
}

#[tokio::test]
async fn a_post_whose_answer_breaks_its_schema_still_tells_the_new_id() {
    let server = MockServer::start().await;
    // The flow was created, but the answer's etag is not the string the schema says.
    Mock::given(method("POST"))
        .and(path(format!("{FLOW_PATH}/flows")))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"id": "new-flow", "etag": 7})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{FLOW_PATH}/flows/new-flow")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::default());
    let fs = flows(&api, &server);
    let flow = TypedFlow::<CrmToAep>::new("f", ["s"], ["t"])
        .schedule(Schedule::once(1_700_000_000).unwrap_or_else(|e| panic!("{e}")));
    let err = fs.create_flow(&flow).await.err();
    let Some(Error::Decode {
        body, violations, ..
    }) = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(body.as_deref().map(|b| &b["id"]), Some(&json!("new-flow")));
    let at: Vec<&str> = violations
        .0
        .iter()
        .map(|v| v.instance_path.as_str())
        .collect();
    assert_eq!(at, ["/etag"]);
    assert_eq!(
        err.as_ref().and_then(Error::decoded_body).map(|b| &b["id"]),
        Some(&json!("new-flow"))
    );
    // Only one POST went out.
    assert_eq!(received(&server).await.len(), 1);
    // Every operation reads as raw JSON, even one that answers nothing.
    let none = fs
        .delete_flow("new-flow")
        .send_value()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(none, Value::Null);
}
