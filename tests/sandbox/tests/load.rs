//! 200 concurrent dataflow creations: 200 distinct flows, no errors.

mod common;

use common::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_flow_creations() {
    bounded(120, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        let requests = (0..200).map(|i| {
            let mut body = flow(&src, &tgt, &map, every_30_minutes(T0));
            body["name"] = json!(format!("flow {i}"));
            let req = env
                .request(reqwest::Method::POST, &env.fs("/flows"))
                .json(&body);
            tokio::spawn(send(req))
        });
        let answers = join_all(requests).await;
        let mut ids = HashSet::new();
        let mut etags = HashSet::new();
        for a in answers {
            let a = a.unwrap_or_else(|e| panic!("task failed: {e}"));
            assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
            ids.insert(a.body["id"].as_str().unwrap_or_default().to_owned());
            etags.insert(a.body["etag"].as_str().unwrap_or_default().to_owned());
        }
        assert_eq!(ids.len(), 200);
        assert_eq!(etags.len(), 200);
        assert_eq!(env.sandbox.counters.get("POST", "/flows"), 200);

        // All 200 are listed, each once, with their names.
        let mut listed = HashSet::new();
        let mut names = HashSet::new();
        let mut url = env.fs("/flows?limit=100&count=true");
        for _ in 0..5 {
            let page = env.get(&url).await;
            assert_eq!(page.body["count"], 200);
            for item in page.body["items"].as_array().cloned().unwrap_or_default() {
                listed.insert(item["id"].as_str().unwrap_or_default().to_owned());
                names.insert(item["name"].as_str().unwrap_or_default().to_owned());
            }
            match page.body["_links"]["next"]["href"].as_str() {
                Some(href) => url = env.fs(href),
                None => break,
            }
        }
        assert_eq!(listed, ids);
        assert_eq!(names.len(), 200);
        env.sandbox.shutdown().await;
    })
    .await;
}
