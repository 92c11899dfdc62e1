//! Shared helpers: a started sandbox, a raw reqwest client sending the four
//! headers, the seed tutorial's request bodies, and a time bound for every test.
#![allow(dead_code)]

use flow_sandbox::{Sandbox, SandboxHandle};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Duration;

/// The instant every test starts its frozen clock at (2023-11-14T22:13:20Z).
pub const T0: i64 = 1_700_000_000;
/// The CRMToAEP flowSpec id.
pub const CRM_TO_AEP: &str = "14518937-270c-4525-bdec-c2ba7cce3860";
/// The OData connection specification id.
pub const ODATA: &str = "8e6b41a8-d998-4545-ad7d-c6a9fff406c3";
/// The data lake connection specification id.
pub const DATA_LAKE: &str = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";

/// Runs `fut`, failing the test if it takes longer than `secs` seconds.
pub async fn bounded<T>(secs: u64, fut: impl Future<Output = T>) -> T {
    match tokio::time::timeout(Duration::from_secs(secs), fut).await {
        Ok(v) => v,
        Err(_) => panic!("test did not finish within {secs} s"),
    }
}

/// A sandbox and a client for it.
pub struct Env {
    pub sandbox: SandboxHandle,
    pub http: reqwest::Client,
    pub token: String,
}

/// An answer: status, headers and JSON body (`Value::Null` when empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

/// Starts a sandbox whose clock is frozen at [`T0`], with a token issued for it.
pub async fn start() -> Env {
    let sandbox = Sandbox::builder()
        .frozen_at_secs(T0)
        .extra_sandbox("dev")
        .start()
        .await
        .unwrap_or_else(|e| panic!("sandbox: {e}"));
    let token = sandbox.issue_token();
    Env {
        sandbox,
        http: client(),
        token,
    }
}

impl Env {
    /// A Flow Service URL.
    pub fn fs(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.flow_service_url)
    }

    /// A Data Prep URL.
    pub fn dp(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.data_prep_url)
    }

    /// A request carrying the four headers.
    pub fn request(&self, method: Method, url: &str) -> reqwest::RequestBuilder {
        let c = &self.sandbox.credentials;
        self.http
            .request(method, url)
            .bearer_auth(&self.token)
            .header("x-api-key", &c.api_key)
            .header("x-gw-ims-org-id", &c.org_id)
            .header("x-sandbox-name", &c.sandbox_name)
    }

    pub async fn get(&self, url: &str) -> Answer {
        send(self.request(Method::GET, url)).await
    }

    pub async fn post(&self, url: &str, body: &Value) -> Answer {
        send(self.request(Method::POST, url).json(body)).await
    }

    pub async fn patch(&self, url: &str, etag: &str, patch: &Value) -> Answer {
        let req = self
            .request(Method::PATCH, url)
            .header("If-Match", etag)
            .header("Content-Type", "application/json-patch+json")
            .body(patch.to_string());
        send(req).await
    }

    pub async fn delete(&self, url: &str) -> Answer {
        send(self.request(Method::DELETE, url)).await
    }

    /// POSTs and expects 201 (200 for Data Prep); returns the new id.
    pub async fn create(&self, url: &str, body: &Value) -> String {
        let a = self.post(url, body).await;
        assert!(
            a.status == StatusCode::CREATED || a.status == StatusCode::OK,
            "POST {url}: {} {}",
            a.status,
            a.text
        );
        a.body["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no id in {}", a.text))
            .to_owned()
    }

    /// Creates the seed's source connection, target connection and mapping set.
    pub async fn seed_parts(&self) -> (String, String, String) {
        let src = self
            .create(&self.fs("/sourceConnections"), &source_connection())
            .await;
        let tgt = self
            .create(&self.fs("/targetConnections"), &target_connection())
            .await;
        let map = self.create(&self.dp("/mappingSets"), &mapping_set()).await;
        (src, tgt, map)
    }
}

/// Sends a request and reads the answer.
pub async fn send(req: reqwest::RequestBuilder) -> Answer {
    let resp = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("request failed: {e}"));
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp
        .text()
        .await
        .unwrap_or_else(|e| panic!("body failed: {e}"));
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        text,
    }
}

/// Whether `s` is a lower-case hyphenated UUID.
pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Whether `s` looks like the service's etags: `"xxxxxxxx-0000-0200-0000-xxxxxxxxxxxx"` with the quotes.
pub fn is_etag(s: &str) -> bool {
    s.len() == 38
        && s.starts_with('"')
        && s.ends_with('"')
        && s[1..37].split('-').map(str::len).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
}

/// The seed's source connection body (its stray trailing comma removed).
pub fn source_connection() -> Value {
    json!({
        "name": "Generic OData source connection",
        "baseConnectionId": "a5c6b647-e784-4b58-86b6-47e784ab580b",
        "description": "Generic OData source connection",
        "data": { "format": "tabular" },
        "params": {
            "tableName": "Orders",
            "columns": [
                { "name": "OrderID", "type": "integer",
                  "xdm": { "type": "integer", "minimum": -2147483648_i64, "maximum": 2147483647 } },
                { "name": "CustomerID", "type": "string", "xdm": { "type": "string" } },
                { "name": "OrderDate", "type": "string", "meta:xdmType": "date-time",
                  "xdm": { "type": "string", "format": "date-time" } },
                { "name": "ShippedDate", "type": "string", "meta:xdmType": "date-time",
                  "xdm": { "type": "string", "format": "date-time" } }
            ]
        },
        "connectionSpec": { "id": ODATA, "version": "1.0" }
    })
}

/// The seed's target connection body (its missing colon restored).
pub fn target_connection() -> Value {
    json!({
        "name": "Target Connection for protocols",
        "description": "Target Connection for protocols",
        "data": {
            "format": "parquet_xdm",
            "schema": {
                "id": "https://ns.adobe.com/{TENANT_ID}/schemas/e669d7aba5a02f294fafb7b269af25f7cd4a66ce59193545",
                "version": "application/vnd.adobe.xed-full+json;version=1"
            }
        },
        "params": { "dataSetId": "5e8a55ca53662c18af37a83a" },
        "connectionSpec": { "id": DATA_LAKE, "version": "1.0" }
    })
}

/// The seed's mapping set body.
pub fn mapping_set() -> Value {
    let m = |dst: &str, src: &str| {
        json!({ "destinationXdmPath": dst, "sourceAttribute": src, "identity": false,
                "identityGroup": null, "namespaceCode": null, "version": 0 })
    };
    json!({
        "version": 0,
        "xdmSchema": "https://ns.adobe.com/{TENANT_ID}/schemas/e669d7aba5a02f294fafb7b269af25f7cd4a66ce59193545",
        "xdmVersion": "1.0",
        "id": null,
        "mappings": [m("_id", "OrderID"), m("_id", "CustomerID"), m("_id", "EmployeeID"),
                     m("createdByBatchID", "OrderDate")]
    })
}

/// The seed's dataflow, with integers sent as JSON numbers and the real ids.
pub fn flow(src: &str, tgt: &str, mapping_id: &str, schedule: Value) -> Value {
    json!({
        "name": "Creating a dataflow for a protocols source",
        "description": "Creating a dataflow for a protocols source",
        "flowSpec": { "id": CRM_TO_AEP, "version": "1.0" },
        "sourceConnectionIds": [src],
        "targetConnectionIds": [tgt],
        "transformations": [
            { "name": "Copy", "params": { "deltaColumn": {
                "name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC" } } },
            { "name": "Mapping", "params": { "mappingId": mapping_id, "mappingVersion": "0" } }
        ],
        "scheduleParams": schedule
    })
}

/// Every 30 minutes from `start`, as JSON numbers.
pub fn every_30_minutes(start: i64) -> Value {
    json!({ "startTime": start, "frequency": "minute", "interval": 30 })
}

/// The `path`s of an error body's `report.violations`.
pub fn violation_paths(body: &Value) -> Vec<String> {
    body["report"]["violations"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["path"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The `id`s of a list answer's `items`.
pub fn item_ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
