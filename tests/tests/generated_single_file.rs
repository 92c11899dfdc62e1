//! Everything generated from `specs/` (flowSpecs, connectionSpecs and clients) as the single file a build
//! script writes, `include!`d below the crate root, compiles under `#![deny(warnings)]`
//! (unused items and re-exports aside: a test binary uses little of it and exports
//! nothing), and works the same way.

#![deny(warnings)]
#![allow(dead_code, unused_imports)]

mod specs {
    include!(concat!(env!("OUT_DIR"), "/specs.rs"));
}

use specs::client::flowservice;
use specs::flow_specs::crm_to_aep;

#[test]
fn the_single_file_client_types_flows_by_the_single_file_flow_specs() {
    use flowgen_runtime::http::FlowSpecTypes;
    assert_eq!(<flowservice::CrmToAep as FlowSpecTypes>::ID, crm_to_aep::ID);
    let flow = flowgen_runtime::http::TypedFlow::<flowservice::CrmToAep>::new("f", ["s"], ["t"])
        .schedule(crm_to_aep::Schedule::once(1).unwrap_or_else(|e| panic!("{e}")));
    let body = flowgen_runtime::http::JsonBody::<flowservice::FlowRequest>::to_json(&flow)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        body["scheduleParams"],
        serde_json::json!({"startTime": 1, "frequency": "once"})
    );
    assert_eq!(specs::flow_specs::all().len(), 5);
}

#[test]
fn the_single_file_client_sends_connections_typed_by_the_single_file_connection_specs() {
    use specs::connection_specs::generic_odata;
    let auth = generic_odata::BasicAuthenticationForGenericODataParams::builder()
        .url("https://odata.example.com")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let conn = flowgen_runtime::connection::TypedConnection::<generic_odata::Spec>::new("b", auth);
    let body = flowgen_runtime::http::JsonBody::<flowservice::ConnectionRequest>::to_json(&conn)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        body["auth"]["specName"],
        "Basic Authentication for Generic OData"
    );
    assert_eq!(specs::connection_specs::all().len(), 5);
    assert!(specs::connection_specs::find(generic_odata::ID).is_some());
}
