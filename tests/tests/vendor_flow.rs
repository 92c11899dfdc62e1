//! The flowSpec governs flow parts, end to end with Adobe's own `flow-service.yaml`: its
//! `ScheduleSpecDTO` declares `interval` a string, every flowSpec's `scheduleSpec` an
//! integer. The client generated from the vendor file together with `specs/flowspecs`
//! (by `build.rs`, into `OUT_DIR`) creates a scheduled CRMToAEP flow in the sandbox and
//! reads it back typed by the flowSpec.

#![deny(warnings)]
#![allow(dead_code, unused_imports)]

// Two of clippy's naming lints (variants `AnyOf`/`AllOf`, a builder setter named
// `is_source`) spare exported items, as the vendor's names are in a library such as
// `generated/` or `tests/vendor`; included privately in a test binary they fire, on names
// the vendor chose.
#[cfg(vendor_flow_service)]
#[allow(clippy::enum_variant_names, clippy::wrong_self_convention)]
mod vendor {
    include!(concat!(env!("OUT_DIR"), "/vendor_flow_service.rs"));
}

#[test]
fn the_vendor_flow_service_description_is_present() {
    // Fails in CI when the shared file is missing (the build script then skips it).
    let present = flowgen_tests::shared_file("adobe-openapi/flow-service.yaml").is_some();
    assert_eq!(present, cfg!(vendor_flow_service));
}

#[test]
fn generation_warns_once_naming_both_pointers() {
    let Some(_) = flowgen_tests::shared_file("adobe-openapi/flow-service.yaml") else {
        return;
    };
    let shared = flowgen_tests::shared_dir();
    let generated = flowgen::Config::new()
        .flow_specs_in(flowgen_tests::workspace().join("specs/flowspecs"))
        .openapi_file(shared.join("adobe-openapi/flow-service.yaml"))
        .names_relative_to(&shared)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let governed: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("the flowSpec governs flow parts"))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(governed.len(), 1, "{governed:#?}");
    let w = &governed[0];
    // `file:line:col: #pointer`: the line and column of the vendor's node, then its pointer.
    assert!(w.contains("adobe-openapi/flow-service.yaml:"), "{w}");
    assert!(
        w.contains(": #/components/schemas/ScheduleSpecDTO/properties/interval/type:"),
        "{w}"
    );
    assert!(w.contains("/scheduleSpec/spec/"), "{w}");
    assert!(w.contains("declares `interval` string"), "{w}");
}

#[cfg(vendor_flow_service)]
mod end_to_end {
    use super::vendor::client::flow_service::{self, CreateFlowRequest, CrmToAep};
    use super::vendor::flow_specs::crm_to_aep::Schedule;
    use aep_flows::client::{dataprep, flowservice};
    use flow_sandbox::tutorial::{self, TutorialInputs};
    use flow_sandbox::Sandbox;
    use flowgen_runtime::http::{Api, JsonBody, StaticToken, TypedFlow};
    use serde_json::json;
    use std::time::Duration;

    const T0: i64 = 1_700_000_000;

    #[test]
    fn a_typed_flow_skips_the_description_for_the_parts_the_flow_spec_governs() {
        let flow = TypedFlow::<CrmToAep>::new("f", ["s"], ["t"])
            .schedule(Schedule::minute(T0, 30).unwrap_or_else(|e| panic!("{e}")));
        let body = JsonBody::<CreateFlowRequest>::to_json(&flow).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body["scheduleParams"]["interval"], json!(30));
        // The flowSpec's own checks still apply: a minute interval below 15 is refused.
        let bad = TypedFlow::<CrmToAep>::new("f", ["s"], ["t"]).schedule(
            Schedule::try_from(json!({"startTime": T0, "frequency": "minute", "interval": 30}))
                .unwrap_or_else(|e| panic!("{e}")),
        );
        let mut v = bad.to_value().unwrap_or_else(|e| panic!("{e}"));
        v["scheduleParams"]["interval"] = json!("15");
        assert!(TypedFlow::<CrmToAep>::from_value(v).is_err());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_scheduled_crm_to_aep_flow_through_the_vendor_client() {
        let run = async {
            let sandbox = Sandbox::builder()
                .frozen_at_secs(T0)
                .start()
                .await
                .unwrap_or_else(|e| panic!("sandbox: {e}"));
            let c = &sandbox.credentials;
            let api = Api::builder()
                .api_key(c.api_key.as_str())
                .org_id(c.org_id.as_str())
                .sandbox(c.sandbox_name.as_str())
                .auth(StaticToken::new(sandbox.issue_token()))
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            // The connections and the mapping set, through our own client.
            let ours = flowservice::Client::with_base_url(&api, sandbox.flow_service_url.as_str());
            let dp = dataprep::Client::with_base_url(&api, sandbox.data_prep_url.as_str());
            let report = tutorial::run(&ours, &dp, &TutorialInputs::seed(T0), &mut |_| {})
                .await
                .unwrap_or_else(|e| panic!("{e}"));

            // The flow, through the client generated from Adobe's description.
            let vendor =
                flow_service::Client::with_base_url(&api, sandbox.flow_service_url.as_str());
            let copy = super::vendor::flow_specs::crm_to_aep::Transformation::try_from(json!({
                "name": "Copy",
                "params": {"deltaColumn": {"name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}}
            }))
            .unwrap_or_else(|e| panic!("{e}"));
            let mapping = super::vendor::flow_specs::crm_to_aep::Transformation::try_from(json!({
                "name": "Mapping",
                "params": {"mappingId": report.mapping_set_id, "mappingVersion": "0"}
            }))
            .unwrap_or_else(|e| panic!("{e}"));
            let flow = TypedFlow::<CrmToAep>::new(
                "Orders through the vendor client",
                [report.source_connection_id.as_str()],
                [report.target_connection_id.as_str()],
            )
            .transformation(copy)
            .transformation(mapping)
            .schedule(Schedule::minute(T0, 30).unwrap_or_else(|e| panic!("{e}")));
            let created = vendor
                .create_flow(&flow)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let id = created.id.unwrap_or_else(|| panic!("no id"));

            // Read back: the answer decodes (its `scheduleParams` is the flowSpec's
            // business) and parses into the flowSpec's types.
            let read = vendor
                .retrieve_flow(id.as_str())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let items = read.items.unwrap_or_default();
            assert_eq!(items.len(), 1);
            let typed = TypedFlow::<CrmToAep>::read(&items[0]).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                typed.schedule_params,
                Some(Schedule::minute(T0, 30).unwrap_or_else(|e| panic!("{e}")))
            );
            assert_eq!(typed.transformations.len(), 2);
            assert_eq!(typed.name, "Orders through the vendor client");
            sandbox.shutdown().await;
        };
        match tokio::time::timeout(Duration::from_secs(60), run).await {
            Ok(()) => {}
            Err(_) => panic!("did not finish within 60 s"),
        }
    }
}

/// `Config::generate_crate` formats a client's files on the threads that make them, and
/// puts the pieces into the files as they are; `generate` + `crate_files` formats every
/// file from token text. On the vendor's description, alone (no flow marker) and with the
/// flowSpecs (whose flow markers wait for their features), both give the same files.
#[test]
fn the_vendor_crate_is_the_same_formatted_as_it_is_made() {
    let Some(_) = flowgen_tests::shared_file("adobe-openapi/flow-service.yaml") else {
        return;
    };
    let shared = flowgen_tests::shared_dir();
    let out = flowgen_tests::workspace().join("generated");
    let alone = || {
        flowgen::Config::new()
            .openapi_file(shared.join("adobe-openapi/flow-service.yaml"))
            .names_relative_to(&shared)
    };
    let with_flow_specs =
        || alone().flow_specs_in(flowgen_tests::workspace().join("specs/flowspecs"));
    for (label, config) in [("alone", alone()), ("with flowSpecs", with_flow_specs())] {
        let made = config
            .generate_crate("vendor", &out)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let generated = config.generate().unwrap_or_else(|e| panic!("{label}: {e}"));
        let settings = generated
            .crate_settings("vendor", &out)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let later = generated
            .crate_files(&settings)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(made.1.len(), later.len(), "{label}");
        for ((path, text), (later_path, later_text)) in made.1.iter().zip(&later) {
            assert_eq!(path, later_path, "{label}");
            assert!(text == later_text, "{label}: {} differs", path.display());
        }
        let types = made
            .1
            .iter()
            .find(|(p, _)| p.ends_with("client/flow_service/types.rs"))
            .map(|(_, text)| text.as_str())
            .unwrap_or_default();
        let markers = types.contains("#[cfg(feature = \"crm-to-aep\")]");
        assert_eq!(markers, label == "with flowSpecs", "{label}: flow markers");
    }
}
