//! `property` filters, `orderby`, `count`, and paging by `limit` +
//! `continuationToken` (`_links.next.href`); Data Prep's `limit`/`start`.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

/// Creates source connections S0..S{n-1}, one second apart on the clock.
async fn sources(env: &Env, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let mut body = source_connection();
        body["name"] = json!(format!("S{i}"));
        ids.push(env.create(&env.fs("/sourceConnections"), &body).await);
        env.sandbox.clock.advance(Duration::from_secs(1));
    }
    ids
}

fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn three_pages_by_continuation_token() {
    bounded(30, async {
        let env = start().await;
        let ids = sources(&env, 7).await;
        let mut url = env.fs("/sourceConnections?limit=3&count=true");
        let mut pages = Vec::new();
        for _ in 0..10 {
            let a = env.get(&url).await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.text);
            assert_eq!(a.body["count"], 7);
            pages.push(item_ids(&a.body));
            match a.body["_links"]["next"]["href"].as_str() {
                Some(href) => {
                    assert!(href.starts_with("/sourceConnections?"), "{href}");
                    assert!(href.contains("continuationToken="), "{href}");
                    assert!(href.contains("limit=3"), "{href}");
                    url = env.fs(href);
                }
                None => break,
            }
        }
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
        assert_eq!(pages.concat(), ids);
        assert_eq!(env.sandbox.counters.get("GET", "/sourceConnections"), 3);

        // A token keeps its place when items are created between pages.
        let first = env
            .get(&env.fs("/sourceConnections?limit=3&orderby=-createdAt"))
            .await;
        assert_eq!(names(&first.body), ["S6", "S5", "S4"]);
        let next = first.body["_links"]["next"]["href"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut extra = source_connection();
        extra["name"] = json!("S7");
        env.create(&env.fs("/sourceConnections"), &extra).await;
        let second = env.get(&env.fs(&next)).await;
        assert_eq!(names(&second.body), ["S3", "S2", "S1"]);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn property_filters_and_orderby() {
    bounded(30, async {
        let env = start().await;
        sources(&env, 5).await;
        let t = T0 * 1000;
        let cases: Vec<(String, Vec<&str>)> = vec![
            ("property=name==\"S3\"".into(), vec!["S3"]),
            ("property=name==S3".into(), vec!["S3"]),
            ("property=name!=S0".into(), vec!["S1", "S2", "S3", "S4"]),
            (format!("property=createdAt>{}", t + 2000), vec!["S3", "S4"]),
            (format!("property=createdAt>={}", t + 2000), vec!["S2", "S3", "S4"]),
            (format!("property=createdAt<{}", t + 1000), vec!["S0"]),
            (format!("property=createdAt>{t}&property=name!=S4"), vec!["S1", "S2", "S3"]),
            ("property=connectionSpec.id==8e6b41a8-d998-4545-ad7d-c6a9fff406c3&orderby=-createdAt".into(),
             vec!["S4", "S3", "S2", "S1", "S0"]),
            ("property=name~S".into(), vec!["S0", "S1", "S2", "S3", "S4"]),
            ("orderby=-name&limit=2".into(), vec!["S4", "S3"]),
            ("orderby=%2BcreatedAt&limit=2".into(), vec!["S0", "S1"]),
            ("property=name==nobody".into(), vec![]),
        ];
        for (query, want) in cases {
            let a = env.get(&env.fs(&format!("/sourceConnections?{query}"))).await;
            assert_eq!(a.status, StatusCode::OK, "{query}: {}", a.text);
            assert_eq!(names(&a.body), want, "{query}");
        }
        // Percent-encoded filters, as a client sends them.
        let a = env.get(&env.fs("/sourceConnections?property=name%3D%3D%22S1%22")).await;
        assert_eq!(names(&a.body), ["S1"]);
        for bad in ["limit=0", "limit=-1", "property=name", "property=%3D%3Dx", "orderby=-", "continuationToken=xyz", "count=maybe"] {
            let a = env.get(&env.fs(&format!("/sourceConnections?{bad}"))).await;
            assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(a.body["status"], 400);
        }
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn mapping_sets_page_by_offset() {
    bounded(30, async {
        let env = start().await;
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(env.create(&env.dp("/mappingSets"), &mapping_set()).await);
        }
        let mut url = env.dp("/mappingSets?limit=2&start=0");
        let mut seen = Vec::new();
        for _ in 0..10 {
            let a = env.get(&url).await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.text);
            assert_eq!(a.body["_page"]["count"], 5);
            assert_eq!(a.body["_page"]["limit"], 2);
            let data = a.body["data"].as_array().cloned().unwrap_or_default();
            seen.extend(
                data.iter()
                    .filter_map(|d| d["id"].as_str().map(str::to_owned)),
            );
            match a.body["_links"]["next"]["href"].as_str() {
                Some(href) => url = env.dp(href),
                None => break,
            }
        }
        assert_eq!(seen, ids);
        assert_eq!(
            env.get(&env.dp("/mappingSets?limit=2")).await.status,
            StatusCode::BAD_REQUEST
        );
        // Versions: a PUT makes version 1; version 0 stays readable.
        let id = &ids[0];
        let mut changed = mapping_set();
        changed["mappings"] =
            json!([{ "destinationXdmPath": "_id", "sourceAttribute": "OrderID" }]);
        let put = send(
            env.request(reqwest::Method::PUT, &env.dp(&format!("/mappingSets/{id}")))
                .json(&changed),
        )
        .await;
        assert_eq!(put.status, StatusCode::OK, "{}", put.text);
        assert_eq!(put.body["version"], 1);
        let v0 = env
            .get(&env.dp(&format!("/mappingSets/{id}?version=0")))
            .await;
        assert_eq!(v0.body["mappings"].as_array().map(Vec::len), Some(4));
        let latest = env
            .get(&env.dp(&format!("/mappingSets/{id}/mappings")))
            .await;
        assert_eq!(latest.body.as_array().map(Vec::len), Some(1));
        assert_eq!(
            env.get(&env.dp(&format!("/mappingSets/{id}?version=7")))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        env.sandbox.shutdown().await;
    })
    .await;
}
