//! 400s from the generated flowSpec validators, and the other refusals:
//! unknown ids (404), stale etags (412), resources in use (409).

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn violation<'a>(body: &'a Value, path: &str) -> &'a Value {
    body["report"]["violations"]
        .as_array()
        .and_then(|a| a.iter().find(|v| v["path"] == path))
        .unwrap_or_else(|| panic!("no violation at {path} in {body}"))
}

#[tokio::test]
async fn schedule_and_transformations_are_checked_by_the_flow_spec() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;

        // minute needs interval >= 15.
        let body = flow(
            &src,
            &tgt,
            &map,
            json!({"startTime": T0, "frequency": "minute", "interval": 5}),
        );
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        assert_eq!(violation_paths(&a.body), ["/scheduleParams/interval"]);
        let v = violation(&a.body, "/scheduleParams/interval");
        assert_eq!(
            v["schemaPath"],
            "scheduleSpec#/else/then/properties/interval/minimum"
        );
        assert!(v["message"].as_str().unwrap_or("").contains("15"), "{v}");

        // once forbids an interval; hour requires one.
        let body = flow(
            &src,
            &tgt,
            &map,
            json!({"startTime": T0, "frequency": "once", "interval": 1}),
        );
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert!(
            violation_paths(&a.body)
                .iter()
                .all(|p| p.starts_with("/scheduleParams")),
            "{}",
            a.text
        );
        let body = flow(
            &src,
            &tgt,
            &map,
            json!({"startTime": T0, "frequency": "hour"}),
        );
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(violation_paths(&a.body), ["/scheduleParams"]);

        // Copy without deltaColumn; an unknown transformation.
        let mut body = flow(&src, &tgt, &map, every_30_minutes(T0));
        body["transformations"][0]["params"] = json!({});
        if let Some(t) = body["transformations"].as_array_mut() {
            t.push(json!({"name": "Encryption", "params": {}}));
        }
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(
            violation_paths(&a.body),
            ["/transformations/0/params", "/transformations/2/name"],
            "{}",
            a.text
        );
        assert!(violation(&a.body, "/transformations/0/params")["message"]
            .as_str()
            .unwrap_or("")
            .contains("deltaColumn"));

        // Unknown references.
        let mut body = flow("nope", &tgt, &map, every_30_minutes(T0));
        body["flowSpec"]["id"] = json!("00000000-0000-0000-0000-000000000000");
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(
            violation_paths(&a.body),
            ["/flowSpec/id", "/sourceConnectionIds/0"],
            "{}",
            a.text
        );
        let body = flow(
            &src,
            &tgt,
            &map,
            json!({"startTime": T0, "frequency": "minute", "interval": 15}),
        );
        let mut wrong_side = body.clone();
        wrong_side["sourceConnectionIds"] = json!([tgt]);
        let a = env.post(&env.fs("/flows"), &wrong_side).await;
        assert_eq!(violation_paths(&a.body), ["/sourceConnectionIds/0"]);

        // A valid flow passes, and nothing was stored by the refusals.
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
        let list = env.get(&env.fs("/flows?count=true")).await;
        assert_eq!(list.body["count"], 1);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn other_bodies_name_their_pointers() {
    bounded(30, async {
        let env = start().await;
        let a = env
            .post(
                &env.fs("/sourceConnections"),
                &json!({"data": {"format": "csv"}}),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            violation_paths(&a.body),
            ["/name", "/connectionSpec", "/data/format"]
        );
        let mut t = target_connection();
        t["params"] = json!({});
        let a = env.post(&env.fs("/targetConnections"), &t).await;
        // Checked by the generated data lake connectionSpec: `required` is reported at
        // the object, naming the member.
        assert_eq!(violation_paths(&a.body), ["/params"]);
        let v = &a.body["report"]["violations"][0];
        assert_eq!(v["schemaPath"], "targetSpec#/required", "{v}");
        assert!(
            v["message"]
                .as_str()
                .is_some_and(|m| m.contains("dataSetId")),
            "{v}"
        );
        let a = env
            .post(
                &env.dp("/mappingSets"),
                &json!({"mappings": [{"sourceAttribute": "x"}]}),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert_eq!(violation_paths(&a.body), ["/mappings/0/destinationXdmPath"]);
        assert!(
            a.body["type"].as_str().unwrap_or("").contains("DPS-"),
            "{}",
            a.text
        );
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn unknown_ids_are_404() {
    bounded(30, async {
        let env = start().await;
        let missing = "11111111-2222-3333-4444-555555555555";
        for path in [
            "/connections",
            "/sourceConnections",
            "/targetConnections",
            "/flows",
            "/runs",
            "/flowSpecs",
            "/connectionSpecs",
        ] {
            let a = env.get(&env.fs(&format!("{path}/{missing}"))).await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(a.body["status"], 404);
            assert!(a.body["detail"].as_str().unwrap_or("").contains(missing));
        }
        assert_eq!(
            env.get(&env.dp(&format!("/mappingSets/{missing}")))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            env.delete(&env.fs(&format!("/flows/{missing}")))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let a = env
            .patch(&env.fs(&format!("/flows/{missing}")), "\"x\"", &json!([]))
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = env
            .post(&env.fs("/runs"), &json!({"flowId": missing, "params": {}}))
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        // Resources are invisible from another sandbox.
        let (src, _, _) = env.seed_parts().await;
        let c = &env.sandbox.credentials;
        let other = send(
            env.http
                .get(env.fs(&format!("/sourceConnections/{src}")))
                .bearer_auth(&env.token)
                .header("x-api-key", &c.api_key)
                .header("x-gw-ims-org-id", &c.org_id)
                .header("x-sandbox-name", "dev"),
        )
        .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn patch_needs_the_current_etag() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        let created = env
            .post(
                &env.fs("/flows"),
                &flow(&src, &tgt, &map, every_30_minutes(T0)),
            )
            .await;
        let id = created.body["id"].as_str().unwrap_or_default().to_owned();
        let etag = created.body["etag"].as_str().unwrap_or_default().to_owned();
        let url = env.fs(&format!("/flows/{id}"));
        let rename =
            json!([{"op": "replace", "path": "/name", "value": "Orders every 30 minutes"}]);

        let a = env
            .patch(&url, "\"00000000-0000-0200-0000-000000000000\"", &rename)
            .await;
        assert_eq!(a.status, StatusCode::PRECONDITION_FAILED, "{}", a.text);
        assert_eq!(a.body["status"], 412);
        let unquoted = etag.trim_matches('"');
        assert_eq!(
            env.patch(&url, unquoted, &rename).await.status,
            StatusCode::PRECONDITION_FAILED
        );
        let no_header = send(env.request(reqwest::Method::PATCH, &url).json(&rename)).await;
        assert_eq!(no_header.status, StatusCode::BAD_REQUEST);

        let a = env.patch(&url, &etag, &rename).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        let new_etag = a.body["etag"].as_str().unwrap_or_default().to_owned();
        assert_ne!(new_etag, etag);
        let f = env.get(&url).await.body;
        assert_eq!(f["items"][0]["name"], "Orders every 30 minutes");
        assert_eq!(f["items"][0]["etag"], new_etag.as_str());
        // The old etag is stale now.
        assert_eq!(
            env.patch(&url, &etag, &rename).await.status,
            StatusCode::PRECONDITION_FAILED
        );

        // A patch that breaks the schedule is a 400 with the pointer; nothing changes.
        let bad = json!([{"op": "replace", "path": "/scheduleParams/interval", "value": 5}]);
        let a = env.patch(&url, &new_etag, &bad).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert_eq!(violation_paths(&a.body), ["/scheduleParams/interval"]);
        let a = env
            .patch(
                &url,
                &new_etag,
                &json!([{"op": "replace", "path": "/id", "value": "x"}]),
            )
            .await;
        assert_eq!(violation_paths(&a.body), ["/0/path"]);
        assert_eq!(
            env.get(&url).await.body["items"][0]["etag"],
            new_etag.as_str()
        );
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn deleting_what_a_flow_uses_is_409() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        let id = env
            .create(
                &env.fs("/flows"),
                &flow(&src, &tgt, &map, every_30_minutes(T0)),
            )
            .await;
        let a = env
            .delete(&env.fs(&format!("/sourceConnections/{src}")))
            .await;
        assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.text);
        assert!(a.body["detail"].as_str().unwrap_or("").contains(&id));
        assert_eq!(
            env.delete(&env.fs(&format!("/flows/{id}"))).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            env.delete(&env.fs(&format!("/sourceConnections/{src}")))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            env.get(&env.fs(&format!("/flows/{id}"))).await.status,
            StatusCode::NOT_FOUND
        );
        env.sandbox.shutdown().await;
    })
    .await;
}
