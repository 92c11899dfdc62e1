//! Connections typed by their connectionSpec, through the generated client against the
//! sandbox: a base connection with typed auth (its password a `Secret`), read back into
//! the same types; source and target connections typed by `sourceSpec`/`targetSpec`;
//! and the sandbox refusing what the generated validators refuse, with pointers.
#![allow(clippy::unwrap_used)]

mod common;

use aep_flows::client::{
    flowservice, Api, Filter, StaticToken, TypedConnection, TypedSourceConnection,
    TypedTargetConnection,
};
use aep_flows::connection_specs::{
    self, cloud_object_storage, data_lake, generic_odata, http_api_streaming,
};
use common::*;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

fn client(env: &Env) -> flowservice::Client {
    let c = &env.sandbox.credentials;
    let api = Api::builder()
        .api_key(c.api_key.as_str())
        .org_id(c.org_id.as_str())
        .sandbox(c.sandbox_name.as_str())
        .auth(StaticToken::new(env.token.as_str()))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    flowservice::Client::with_base_url(&api, env.sandbox.flow_service_url.as_str())
}

#[tokio::test]
async fn a_base_connection_with_typed_auth_round_trips_and_hides_its_password() {
    bounded(30, async {
        let env = start().await;
        let fs = client(&env);
        let auth = generic_odata::BasicAuthenticationForGenericODataParams::builder()
            .url("https://odata.example.com/svc")
            .username("reader")
            .password("pa55-w0rd")
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let conn = TypedConnection::<generic_odata::Spec>::new("OData base", auth);
        // Never in Debug output ...
        let debug = format!("{conn:?}");
        assert!(!debug.contains("pa55-w0rd") && debug.contains("Secret(***)"), "{debug}");
        // ... always on the wire.
        let wire = conn.to_value().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            wire["auth"],
            json!({"specName": "Basic Authentication for Generic OData",
                   "params": {"url": "https://odata.example.com/svc", "username": "reader", "password": "pa55-w0rd"}})
        );
        assert_eq!(wire["connectionSpec"], json!({"id": generic_odata::ID, "version": "1.0"}));
        let created = fs.create_connection(&conn).await.unwrap_or_else(|e| panic!("{e}"));

        // Read back through the client into the same types (the sandbox masks the
        // password, which still reads as a Secret).
        let got = fs.get_connection(created.id.as_str()).await.unwrap_or_else(|e| panic!("{e}"));
        let typed = TypedConnection::<generic_odata::Spec>::read(&got.items[0]).unwrap_or_else(|e| panic!("{e}"));
        let generic_odata::Auth::BasicAuthenticationForGenericOData(p) = &typed.auth;
        assert_eq!(p.url.as_str(), "https://odata.example.com/svc");
        assert_eq!(p.username.as_deref(), Some("reader"));
        assert!(p.password.is_some());
        assert!(!format!("{typed:?}").contains("pa55-w0rd"));
        assert_eq!(typed.extra.get("id").and_then(|v| v.as_str()), Some(created.id.as_str()));

        // A source connection on it, typed by the sourceSpec, and a data lake target.
        let params = generic_odata::SourceParams::builder().table_name("Orders").build().unwrap_or_else(|e| panic!("{e}"));
        let src = TypedSourceConnection::<generic_odata::Spec>::new("orders", params)
            .base_connection(created.id.as_str())
            .data(json!({"format": "tabular"}));
        let made = fs.create_source_connection(&src).await.unwrap_or_else(|e| panic!("{e}"));
        let back = fs.get_source_connection(made.id.as_str()).await.unwrap_or_else(|e| panic!("{e}"));
        let back = TypedSourceConnection::<generic_odata::Spec>::read(&back.items[0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.params.table_name.as_str(), "Orders");
        assert_eq!(back.base_connection_id.as_deref(), Some(created.id.as_str()));
        let params = data_lake::TargetParams::builder().data_set_id("5e8a55ca53662c18af37a83a").build().unwrap_or_else(|e| panic!("{e}"));
        let tgt = TypedTargetConnection::<data_lake::Spec>::new("lake", params)
            .data(json!({"format": "parquet_xdm"}));
        fs.create_target_connection(&tgt).await.unwrap_or_else(|e| panic!("{e}"));
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn connection_specs_are_listed_filtered_and_paged() {
    bounded(30, async {
        let env = start().await;
        let fs = client(&env);
        let all = fs
            .list_connection_specs()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut ids: Vec<&str> = all.items.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        let mut known: Vec<&str> = connection_specs::all().iter().map(|e| e.id).collect();
        known.sort_unstable();
        assert_eq!(ids, known);
        let odata = fs
            .list_connection_specs()
            .property(Filter::eq("name", generic_odata::NAME))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(odata.items.len(), 1);
        assert_eq!(odata.items[0].id, generic_odata::ID);
        let page = env.get(&env.fs("/connectionSpecs?limit=2")).await;
        assert_eq!(page.body["items"].as_array().map(Vec::len), Some(2));
        assert!(
            page.body["_links"]["next"]["href"].is_string(),
            "{}",
            page.text
        );
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn the_sandbox_refuses_what_the_connection_spec_refuses() {
    bounded(30, async {
        let env = start().await;
        // A wrong auth member (no `url`, a number for `username`).
        let a = env
            .post(
                &env.fs("/connections"),
                &json!({"name": "b", "auth": {"specName": "Basic Authentication for Generic OData",
                        "params": {"username": 1}},
                        "connectionSpec": {"id": ODATA, "version": "1.0"}}),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        let mut paths = violation_paths(&a.body);
        paths.sort();
        assert_eq!(paths, ["/auth/params", "/auth/params/username"]);

        // Two auth types of the cloud storage source: each checked by its own entry.
        let key_auth = json!({"name": "k", "auth": {"specName": "Access Key Auth",
            "params": {"accessKeyId": "AKIA", "secretAccessKey": "s3cr3t", "bucketName": "xn--bad"}},
            "connectionSpec": {"id": cloud_object_storage::ID}});
        let a = env.post(&env.fs("/connections"), &key_auth).await;
        assert_eq!(violation_paths(&a.body), ["/auth/params/bucketName"], "{}", a.text);
        let string_auth = json!({"name": "k", "auth": {"specName": "connectionStringAuth",
            "params": {"connectionString": "DefaultEndpointsProtocol=https"}},
            "connectionSpec": {"id": cloud_object_storage::ID}});
        let storage_base = env.create(&env.fs("/connections"), &string_auth).await;

        // A source must name a base connection of its own connectionSpec.
        let a = env
            .post(
                &env.fs("/sourceConnections"),
                &json!({"name": "s", "baseConnectionId": storage_base, "data": {"format": "tabular"},
                        "params": {"tableName": "Orders"}, "connectionSpec": {"id": ODATA}}),
            )
            .await;
        assert_eq!(violation_paths(&a.body), ["/connectionSpec/id"], "{}", a.text);
        let a = env
            .post(
                &env.fs("/sourceConnections"),
                &json!({"name": "s", "data": {"format": "delimited"}, "params": {"path": "/in"},
                        "connectionSpec": {"id": cloud_object_storage::ID}}),
            )
            .await;
        assert_eq!(violation_paths(&a.body), ["/baseConnectionId"], "{}", a.text);
        env.create(
            &env.fs("/sourceConnections"),
            &json!({"name": "s", "baseConnectionId": storage_base, "data": {"format": "delimited"},
                    "params": {"path": "/in", "recursive": true}, "connectionSpec": {"id": cloud_object_storage::ID}}),
        )
        .await;

        // A streaming source: no authSpec, no schema, no base connection.
        env.create(
            &env.fs("/sourceConnections"),
            &json!({"name": "stream", "data": {"format": "json"}, "params": {"anything": [1, "two"]},
                    "connectionSpec": {"id": http_api_streaming::ID}}),
        )
        .await;
        env.sandbox.shutdown().await;
    })
    .await;
}
