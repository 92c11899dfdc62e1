//! Fault injection per route (Rust handle and admin route), request counters,
//! and a shutdown that stays bounded while requests hang.

mod common;

use common::*;
use flow_sandbox::Fault;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn too_many_requests_carries_retry_after() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        env.sandbox
            .faults
            .inject_times("POST", "/flows", Fault::too_many_requests(7), 1);
        let body = flow(&src, &tgt, &map, every_30_minutes(T0));
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            a.headers.get("retry-after").and_then(|v| v.to_str().ok()),
            Some("7")
        );
        assert_eq!(a.body["error_code"], "429050");
        assert_eq!(
            env.get(&env.fs("/flows?count=true")).await.body["count"],
            0,
            "nothing was created"
        );
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(a.status, StatusCode::CREATED);
        assert_eq!(env.sandbox.counters.get("POST", "/flows"), 2);
        assert_eq!(env.get(&env.fs("/flows?count=true")).await.body["count"], 1);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn server_errors_in_order_then_recovery() {
    bounded(30, async {
        let env = start().await;
        let url = env.fs(&format!(
            "/connections/{}",
            flow_sandbox::SEED_BASE_CONNECTION_ID
        ));
        let faults = &env.sandbox.faults;
        faults.inject_times("GET", "/connections/{connectionId}", Fault::status(500), 1);
        faults.push(
            "GET",
            "/connections/{connectionId}",
            flow_sandbox::FaultRule {
                fault: Fault::Status {
                    status: 503,
                    retry_after: Some(1),
                },
                remaining: Some(2),
            },
        );
        let a = env.get(&url).await;
        assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(a.body["status"], 500);
        assert_eq!(a.body["title"], "Internal Server Error");
        for _ in 0..2 {
            let a = env.get(&url).await;
            assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(
                a.headers.get("retry-after").and_then(|v| v.to_str().ok()),
                Some("1")
            );
        }
        assert_eq!(env.get(&url).await.status, StatusCode::OK);
        // Other routes were never affected.
        assert_eq!(
            env.get(&env.fs("/connections")).await.status,
            StatusCode::OK
        );
        assert_eq!(
            env.sandbox
                .counters
                .get("GET", "/connections/{connectionId}"),
            4
        );
        assert!(faults.snapshot().is_empty());
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn delayed_answers_outlast_a_short_client_timeout() {
    bounded(30, async {
        let env = start().await;
        env.sandbox.faults.inject_times(
            "GET",
            "/connectionSpecs",
            Fault::delay(Duration::from_secs(3)),
            1,
        );
        let err = env
            .request(reqwest::Method::GET, &env.fs("/connectionSpecs"))
            .timeout(Duration::from_millis(200))
            .send()
            .await
            .err();
        assert!(
            err.as_ref().is_some_and(reqwest::Error::is_timeout),
            "{err:?}"
        );
        env.sandbox.faults.inject_times(
            "GET",
            "/connectionSpecs",
            Fault::delay(Duration::from_millis(20)),
            1,
        );
        assert_eq!(
            env.get(&env.fs("/connectionSpecs")).await.status,
            StatusCode::OK
        );
        assert_eq!(env.sandbox.counters.get("GET", "/connectionSpecs"), 2);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn dropped_connections_before_and_after_handling() {
    bounded(30, async {
        let env = start().await;
        let faults = &env.sandbox.faults;
        let url = env.fs("/sourceConnections");

        faults.inject_times("POST", "/sourceConnections", Fault::Drop, 1);
        let err = env
            .request(reqwest::Method::POST, &url)
            .json(&source_connection())
            .send()
            .await
            .err();
        assert!(
            err.as_ref()
                .is_some_and(|e| !e.is_timeout() && !e.is_status()),
            "{err:?}"
        );
        assert_eq!(
            env.get(&format!("{url}?count=true")).await.body["count"],
            0,
            "not handled"
        );

        faults.inject_times("POST", "/sourceConnections", Fault::DropAfterHandling, 1);
        let err = env
            .request(reqwest::Method::POST, &url)
            .json(&source_connection())
            .send()
            .await
            .err();
        assert!(err.is_some());
        let list = env.get(&format!("{url}?count=true")).await;
        assert_eq!(
            list.body["count"], 1,
            "handled, the answer was lost: {}",
            list.text
        );

        // Exactly the two POSTs reached the sandbox: nothing was sent twice.
        assert_eq!(env.sandbox.counters.get("POST", "/sourceConnections"), 2);
        // The connection pool recovers.
        assert_eq!(
            env.post(&url, &source_connection()).await.status,
            StatusCode::CREATED
        );
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn malformed_json_keeps_the_status() {
    bounded(30, async {
        let env = start().await;
        env.sandbox
            .faults
            .inject_times("GET", "/flowSpecs", Fault::MalformedJson, 1);
        let a = env.get(&env.fs("/flowSpecs")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(
            a.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
        assert!(!a.text.is_empty());
        assert!(
            serde_json::from_str::<serde_json::Value>(&a.text).is_err(),
            "{}",
            a.text
        );
        let a = env.get(&env.fs("/flowSpecs")).await;
        assert_eq!(a.body["items"].as_array().map(Vec::len), Some(5));
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn admin_routes_drive_faults_clock_and_counters() {
    bounded(30, async {
        let env = start().await;
        let admin = |p: &str| format!("{}/__sandbox{p}", env.sandbox.base_url);
        let a = send(env.http.post(admin("/faults")).json(&json!({
            "method": "GET", "route": "/flows",
            "fault": {"kind": "status", "status": 503, "retryAfter": 2}, "times": 1
        })))
        .await;
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.text);
        let listed = send(env.http.get(admin("/faults"))).await;
        assert_eq!(listed.body["GET /flows"][0]["fault"]["status"], 503);
        assert_eq!(
            env.get(&env.fs("/flows")).await.status,
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(env.get(&env.fs("/flows")).await.status, StatusCode::OK);

        let bad = send(
            env.http
                .post(admin("/faults"))
                .json(&json!({"method": "GET", "route": "/x", "fault": {"kind": "explode"}})),
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);

        let c = send(env.http.get(admin("/counters"))).await;
        assert_eq!(c.body["counts"]["GET /flows"], 2);
        assert_eq!(c.body["total"], 2, "admin calls are not counted");
        assert_eq!(
            send(env.http.delete(admin("/counters"))).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(env.sandbox.counters.total(), 0);

        let clock = send(
            env.http
                .post(admin("/clock"))
                .json(&json!({"advanceSecs": 60})),
        )
        .await;
        assert_eq!(clock.body["nowMs"], (T0 + 60) * 1000);
        assert_eq!(clock.body["frozen"], true);
        assert_eq!(env.sandbox.clock.now_secs(), T0 + 60);
        let clock = send(env.http.post(admin("/clock")).json(&json!({"setSecs": T0}))).await;
        assert_eq!(clock.body["nowMs"], T0 * 1000);

        let tok = send(env.http.post(admin("/tokens"))).await;
        let token = tok.body["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let c = &env.sandbox.credentials;
        let a = send(
            env.http
                .get(env.fs("/flows"))
                .bearer_auth(token)
                .header("x-api-key", &c.api_key)
                .header("x-gw-ims-org-id", &c.org_id)
                .header("x-sandbox-name", "prod"),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn shutdown_is_bounded_while_requests_hang() {
    bounded(30, async {
        let env = start().await;
        env.sandbox
            .faults
            .inject("GET", "/flows", Fault::delay(Duration::from_secs(600)));
        env.sandbox.faults.inject("POST", "/flows", Fault::Drop);
        let hanging = tokio::spawn(env.request(reqwest::Method::GET, &env.fs("/flows")).send());
        // Wait (boundedly) until the sandbox has the request.
        for _ in 0..200 {
            if env.sandbox.counters.get("GET", "/flows") == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(env.sandbox.counters.get("GET", "/flows"), 1);
        let base = env.sandbox.base_url.clone();
        bounded(10, env.sandbox.shutdown()).await;
        let outcome = bounded(10, hanging).await;
        assert!(
            matches!(outcome, Ok(Err(_))),
            "the hanging request ends with an error"
        );
        // Nothing listens any more.
        let after = client()
            .get(format!("{base}/__sandbox/clock"))
            .timeout(Duration::from_secs(2))
            .send()
            .await;
        assert!(after.is_err());
    })
    .await;
}
