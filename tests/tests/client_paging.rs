//! Pagination of the generated clients over real HTTP, against a loopback mock server
//! each test starts: `_links.next` continuation across pages (relative and host-rooted
//! links) and Data Prep's offset paging.

mod common;

use aep_flows::client::RetryPolicy;
use common::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn pagination_follows_next_links_across_three_pages() {
    use futures_util::StreamExt;
    let server = MockServer::start().await;
    // Page 1 links to page 2 relative to the service root, page 2 to page 3 by a path
    // from the host root; page 3 has no next link.
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flows")))
        .and(query_param("continuationToken", "t3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [flow_json("e")]})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flows")))
        .and(query_param("continuationToken", "t2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [flow_json("c"), flow_json("d")],
            "_links": {"next": {"href": format!("{FLOW_PATH}/flows?continuationToken=t3&limit=2")}}
        })))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flows")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [flow_json("a"), flow_json("b")],
            "_links": {"next": {"href": "/flows?continuationToken=t2&limit=2"}},
            "count": 5
        })))
        .with_priority(5)
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::default());
    let fs = flows(&api, &server);
    let all: Vec<_> = fs
        .list_flows()
        .limit(2)
        .orderby("-createdAt")
        .stream()
        .collect()
        .await;
    let ids: Vec<String> = all
        .into_iter()
        .map(|r| r.map(|f| f.id).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let reqs = received(&server).await;
    let queries: Vec<Option<&str>> = reqs.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("limit=2&orderby=-createdAt"),
            Some("continuationToken=t2&limit=2"),
            Some("continuationToken=t3&limit=2")
        ]
    );
    reqs.iter().for_each(assert_common_headers);
    // The single-page call is there too.
    let page = fs
        .list_flows()
        .limit(2)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.count.map(i64::from), Some(5));
}

#[tokio::test]
async fn offset_pagination_of_data_prep() {
    use futures_util::StreamExt;
    let server = MockServer::start().await;
    let set = |id: &str| json!({"id": id, "version": 0});
    for (start, ids) in [
        ("0", vec!["m1", "m2"]),
        ("2", vec!["m3", "m4"]),
        ("4", vec!["m5"]),
    ] {
        let data: Vec<Value> = ids.iter().map(|i| set(i)).collect();
        Mock::given(method("GET"))
            .and(path(format!("{PREP_PATH}/mappingSets")))
            .and(query_param("start", start))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"data": data, "_page": {"count": 2, "limit": 2}})),
            )
            .mount(&server)
            .await;
    }
    let clock = VirtualClock::new();
    let api = api(&clock, RetryPolicy::default());
    let ids: Vec<String> = prep(&api, &server)
        .list_mapping_sets(2, 0)
        .stream()
        .map(|r| r.map(|m| m.id).unwrap_or_else(|e| panic!("{e}")))
        .collect()
        .await;
    assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5"]);
    assert_eq!(received(&server).await.len(), 3);
}
