//! The generated connectionSpec modules at work: the `Auth` enum's wire form, the
//! registry, secrets kept out of `Debug`, logs and errors, and the oddities of published
//! connectionSpecs read the way the issue asks.

use aep_flows::connection_specs::{
    self, cloud_object_storage, data_lake, generic_odata, http_api_streaming, rest_sdk_source,
};
use flowgen_runtime::connection::{
    ConnectionSpecTypes, TypedConnection, TypedSourceConnection, TypedTargetConnection,
};
use flowgen_runtime::PartKey;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

#[test]
fn auth_is_written_with_spec_name_and_params() {
    let params = cloud_object_storage::ConnectionStringAuthParams::builder()
        .connection_string("AccountKey=abc")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let auth = cloud_object_storage::Auth::from(params);
    let wire = serde_json::to_value(&auth).unwrap_or_default();
    assert_eq!(
        wire,
        json!({"specName": "connectionStringAuth", "params": {"connectionString": "AccountKey=abc"}})
    );
    let back: cloud_object_storage::Auth =
        serde_json::from_value(wire).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, auth);
    // An unknown entry, and a known entry with a wrong member, each say where.
    let e = cloud_object_storage::Auth::try_from(json!({"specName": "Nope", "params": {}}))
        .err()
        .unwrap_or_default();
    assert_eq!(
        e.iter()
            .map(|e| e.instance_path.as_str())
            .collect::<Vec<_>>(),
        ["/specName"]
    );
    let e = cloud_object_storage::Auth::try_from(
        json!({"specName": "Access Key Auth", "params": {"accessKeyId": "a"}}),
    )
    .err()
    .unwrap_or_default();
    assert_eq!(
        e.iter()
            .map(|e| e.instance_path.as_str())
            .collect::<Vec<_>>(),
        ["/params"]
    );
    assert!(e.to_string().contains("secretAccessKey"), "{e}");
}

#[test]
fn the_registry_knows_every_connection_spec_and_part() {
    assert_eq!(connection_specs::all().len(), 5);
    let odata = connection_specs::find("generic-odata").unwrap_or_else(|| panic!("no odata"));
    assert_eq!(
        Some(odata.id),
        connection_specs::find(generic_odata::ID).map(|e| e.id)
    );
    assert_eq!(
        odata.parts,
        [
            PartKey::Source,
            PartKey::auth("Basic Authentication for Generic OData"),
            PartKey::explore_response("root"),
            PartKey::explore_response("table")
        ]
    );
    let texts: Vec<String> = odata.parts.iter().map(PartKey::to_string).collect();
    assert_eq!(texts[1], "auth:Basic Authentication for Generic OData");
    let rest = connection_specs::find(rest_sdk_source::ID).unwrap_or_else(|| panic!("no rest"));
    assert_eq!(
        rest.auth_names().collect::<Vec<_>>(),
        ["OAuth2RefreshCode", "Basic Authentication"]
    );
    assert!(rest
        .validate(
            "auth:Basic Authentication",
            &json!({"host": "h", "username": "u", "password": "p"})
        )
        .is_ok());
    let unknown = rest
        .validate("auth:basic authentication", &json!({}))
        .err()
        .unwrap_or_default();
    assert!(
        unknown.to_string().contains("auth:basic authentication"),
        "{unknown}"
    );
    assert!(connection_specs::find("no such spec").is_none());
    let lake = connection_specs::find(data_lake::ID).unwrap_or_else(|| panic!("no lake"));
    assert!(lake.validate("sourceSpec", &json!({})).is_err());
    assert_eq!(lake.auth_names().count(), 0);
}

#[test]
fn oddities_read_reasonably() {
    let rest = connection_specs::find(rest_sdk_source::ID).unwrap_or_else(|| panic!("no rest"));
    // `required` names `clientId`, which `properties` does not declare: it must be
    // there, with any value.
    let oauth = json!({"host": "api.example.com", "accessToken": "t"});
    assert!(rest.validate("auth:OAuth2RefreshCode", &oauth).is_err());
    let mut with_client = oauth.clone();
    with_client["clientId"] = json!({"any": "value"});
    assert!(rest
        .validate("auth:OAuth2RefreshCode", &with_client)
        .is_ok());
    // `oneOf` of `{title, const}` with `"\""` and `""`.
    for (q, ok) in [("\"", true), ("", true), ("'", false)] {
        let v = json!({"listId": "l", "quoteCharacter": q});
        assert_eq!(rest.validate("sourceSpec", &v).is_ok(), ok, "{v}");
    }
    // A lookahead pattern (ECMA-262) in both places it occurs.
    assert!(rest
        .validate("sourceSpec", &json!({"listId": "l", "since": "2024-01-02"}))
        .is_ok());
    assert!(rest
        .validate("sourceSpec", &json!({"listId": "l", "since": "24-01-02"}))
        .is_err());
    let storage =
        connection_specs::find(cloud_object_storage::ID).unwrap_or_else(|| panic!("no storage"));
    let key =
        |bucket: &str| json!({"accessKeyId": "a", "secretAccessKey": "s", "bucketName": bucket});
    assert!(storage
        .validate("auth:Access Key Auth", &key("my-bucket"))
        .is_ok());
    assert!(storage
        .validate("auth:Access Key Auth", &key("xn--bucket"))
        .is_err());
    // `contentEncoding: base64` and `conditional` are annotations; `example` and
    // `uiAttributes` too.
    let cert = json!({"accessKeyId": "a", "secretAccessKey": "s", "sslCertificate": "not base64!"});
    assert!(storage.validate("auth:Access Key Auth", &cert).is_ok());
    // No schema at all: anything goes, typed as `Untyped`.
    let stream =
        connection_specs::find(http_api_streaming::ID).unwrap_or_else(|| panic!("no stream"));
    assert!(stream.validate("sourceSpec", &json!([1, "x"])).is_ok());
    let params = http_api_streaming::SourceParams::try_from(json!({"k": 1})).unwrap_or_default();
    assert_eq!(params.0, json!({"k": 1}));
    assert_eq!(
        <http_api_streaming::Spec as ConnectionSpecTypes>::ID,
        http_api_streaming::ID
    );
}

#[test]
fn explore_responses_are_typed_by_object_type_and_file_type() {
    let storage =
        connection_specs::find(cloud_object_storage::ID).unwrap_or_else(|| panic!("no storage"));
    let listing = json!([{"type": "folder", "name": "in", "path": "/in"}]);
    assert!(storage.validate("exploreSpec:root", &listing).is_ok());
    let root =
        cloud_object_storage::ExploreRoot::try_from(listing).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(root.len(), 1);
    assert!(storage
        .validate(
            "exploreSpec:file/delimited",
            &json!({"format": "delimited", "columnDelimiter": ","})
        )
        .is_ok());
    assert!(storage
        .validate("exploreSpec:file/delimited", &json!({"format": "json"}))
        .is_err());
    assert!(storage
        .validate("exploreSpec:file/json", &json!({"format": "json"}))
        .is_ok());
    assert!(storage.validate("exploreSpec:file", &json!({})).is_err());
}

/// A writer the tracing subscriber logs into.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn secrets_stay_out_of_debug_logs_and_errors() {
    const SECRET: &str = "hunter2-very-secret";
    let auth = rest_sdk_source::BasicAuthenticationParams::builder()
        .host("h")
        .username("u")
        .password(SECRET);
    assert!(!format!("{auth:?}").contains(SECRET), "builder Debug");
    let auth = auth.build().unwrap_or_else(|e| panic!("{e}"));
    let conn = TypedConnection::<rest_sdk_source::Spec>::new("rest", auth.clone());
    let oauth = rest_sdk_source::OAuth2RefreshCodeParams::try_from(
        json!({"host": "h", "accessToken": SECRET, "refreshToken": SECRET, "clientId": "c"}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let odata = generic_odata::Auth::try_from(
        json!({"specName": "Basic Authentication for Generic OData", "params": {"url": "u", "password": SECRET}}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let storage = cloud_object_storage::ConnectionStringAuthParams::try_from(
        json!({"connectionString": SECRET}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let debug = format!(
        "{auth:?} {conn:?} {oauth:?} {odata:?} {storage:?} {:#?}",
        conn.auth
    );
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("Secret(***)"), "{debug}");

    // Logged with tracing's Debug formatting.
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(connection = ?conn, oauth = ?oauth, "creating a base connection");
    });
    let logged =
        String::from_utf8(sink.0.lock().map(|b| b.clone()).unwrap_or_default()).unwrap_or_default();
    assert!(logged.contains("creating a base connection"), "{logged}");
    assert!(!logged.contains(SECRET), "{logged}");

    // Errors name places, never values.
    let bad = TypedConnection::<rest_sdk_source::Spec>::from_value(json!({
        "name": "rest", "auth": {"specName": "Basic Authentication", "params": {"host": "h", "password": SECRET}},
        "connectionSpec": {"id": rest_sdk_source::ID}
    }))
    .err()
    .unwrap_or_default();
    assert!(
        !bad.to_string().contains(SECRET) && !format!("{bad:?}").contains(SECRET),
        "{bad}"
    );

    // On the wire the secret is sent as it is.
    let wire = conn.to_value().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wire.pointer("/auth/params/password"),
        Some(&Value::from(SECRET))
    );
}

#[test]
fn typed_connections_check_their_connection_spec_id_and_parts() {
    let params = data_lake::TargetParams::builder()
        .data_set_id("ds")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let t = TypedTargetConnection::<data_lake::Spec>::new("lake", params)
        .data(json!({"format": "parquet_xdm"}));
    let v = t.to_value().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        v["connectionSpec"],
        json!({"id": data_lake::ID, "version": "1.0"})
    );
    assert_eq!(
        TypedTargetConnection::<data_lake::Spec>::from_value(v.clone()).ok(),
        Some(t)
    );
    // The same body is not a generic OData source.
    let e = TypedSourceConnection::<generic_odata::Spec>::from_value(v)
        .err()
        .unwrap_or_default();
    let paths: Vec<&str> = e.iter().map(|e| e.instance_path.as_str()).collect();
    assert_eq!(paths, ["/connectionSpec/id", "/params"]);
}

#[test]
fn untyped_connection_bodies_are_checked_against_the_registry() {
    use flowgen_runtime::http::{check_connection, ConnectionKind};
    let base = json!({"name": "b", "connectionSpec": {"id": generic_odata::ID},
        "auth": {"specName": "Basic Authentication for Generic OData", "params": {"username": 1}}});
    let e = check_connection(ConnectionKind::Base, &base, connection_specs::find)
        .err()
        .unwrap_or_default();
    let mut paths: Vec<&str> = e.iter().map(|e| e.instance_path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["/auth/params", "/auth/params/username"]);
    let unknown =
        json!({"connectionSpec": {"id": generic_odata::ID}, "auth": {"specName": "Nope"}});
    let e = check_connection(ConnectionKind::Base, &unknown, connection_specs::find)
        .err()
        .unwrap_or_default();
    assert_eq!(
        e.iter()
            .map(|e| e.instance_path.as_str())
            .collect::<Vec<_>>(),
        ["/auth/specName"]
    );
    let target = json!({"connectionSpec": {"id": data_lake::ID}, "params": {"dataSetId": "ds"}});
    assert!(check_connection(ConnectionKind::Target, &target, connection_specs::find).is_ok());
    assert!(check_connection(ConnectionKind::Source, &target, connection_specs::find).is_err());
    // A connectionSpec the registry does not know is not checked.
    let other = json!({"connectionSpec": {"id": "elsewhere"}, "params": 3});
    assert!(check_connection(ConnectionKind::Source, &other, connection_specs::find).is_ok());
}
