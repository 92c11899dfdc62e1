//! The seed tutorial (protocol source → data lake) over real HTTP, call by call.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
async fn the_tutorial_end_to_end() {
    bounded(60, async {
        let env = start().await;

        // The base connection the tutorial assumes.
        let base = env
            .get(&env.fs("/connections/a5c6b647-e784-4b58-86b6-47e784ab580b"))
            .await;
        assert_eq!(base.status, StatusCode::OK, "{}", base.text);
        assert_eq!(base.body["items"][0]["connectionSpec"]["id"], ODATA);

        // 1. Source connection for the OData "Orders" table.
        let a = env
            .post(&env.fs("/sourceConnections"), &source_connection())
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
        let src = a.body["id"].as_str().unwrap_or_default().to_owned();
        let src_etag = a.body["etag"].as_str().unwrap_or_default().to_owned();
        assert!(is_uuid(&src), "{src}");
        assert!(is_etag(&src_etag), "{src_etag}");
        assert_eq!(
            a.body.as_object().map(|o| o.len()),
            Some(2),
            "only id and etag"
        );

        let got = env.get(&env.fs(&format!("/sourceConnections/{src}"))).await;
        assert_eq!(got.status, StatusCode::OK);
        let sc = &got.body["items"][0];
        assert_eq!(got.body["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(sc["id"], src.as_str());
        assert_eq!(sc["etag"], src_etag.as_str());
        assert_eq!(sc["data"]["format"], "tabular");
        assert_eq!(sc["params"]["tableName"], "Orders");
        let columns: Vec<&str> = sc["params"]["columns"]
            .as_array()
            .map(|c| c.iter().filter_map(|c| c["name"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            columns,
            ["OrderID", "CustomerID", "OrderDate", "ShippedDate"]
        );
        assert_eq!(
            sc["params"]["columns"][0]["xdm"]["minimum"],
            -2_147_483_648_i64
        );
        assert_eq!(
            sc["inheritedAttributes"]["baseConnection"]["id"],
            "a5c6b647-e784-4b58-86b6-47e784ab580b"
        );
        assert_eq!(sc["createdAt"], T0 * 1000);
        assert_eq!(sc["sandboxName"], "prod");
        assert_eq!(sc["imsOrgId"], env.sandbox.credentials.org_id.as_str());
        assert_eq!(sc["state"], "enabled");

        // 2. Target connection on the data lake.
        let a = env
            .post(&env.fs("/targetConnections"), &target_connection())
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
        let tgt = a.body["id"].as_str().unwrap_or_default().to_owned();
        assert!(is_uuid(&tgt));
        let tc = env
            .get(&env.fs(&format!("/targetConnections/{tgt}")))
            .await
            .body;
        assert_eq!(
            tc["items"][0]["params"]["dataSetId"],
            "5e8a55ca53662c18af37a83a"
        );
        assert_eq!(tc["items"][0]["connectionSpec"]["id"], DATA_LAKE);

        // 3. Mapping set (Data Prep).
        let a = env.post(&env.dp("/mappingSets"), &mapping_set()).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        let map = a.body["id"].as_str().unwrap_or_default().to_owned();
        assert_eq!(map.len(), 32);
        assert!(map.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a.body["version"], 0);
        assert_eq!(a.body["createdDate"], T0 * 1000);
        assert_eq!(a.body["modifiedDate"], T0 * 1000);
        let keys: Vec<&String> = a
            .body
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "id",
                "version",
                "createdDate",
                "modifiedDate",
                "createdBy",
                "modifiedBy"
            ]
        );
        let ms = env.get(&env.dp(&format!("/mappingSets/{map}"))).await;
        assert_eq!(ms.status, StatusCode::OK);
        assert_eq!(ms.body["mappings"].as_array().map(Vec::len), Some(4));
        assert_eq!(ms.body["mappings"][3]["sourceAttribute"], "OrderDate");

        // 4. The flowSpec, by name.
        let a = env
            .get(&env.fs("/flowSpecs?property=name==\"CRMToAEP\""))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(item_ids(&a.body), [CRM_TO_AEP]);
        let file = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../specs/flowspecs/crm-to-aep.json"
        ))
        .unwrap_or_default();
        let on_disk: Value = serde_json::from_str(&file).unwrap_or(Value::Null);
        assert_eq!(a.body["items"][0], on_disk, "served as in specs/flowspecs");

        // 5. The dataflow: Copy + Mapping, every 30 minutes, numbers as numbers.
        let body = flow(&src, &tgt, &map, every_30_minutes(T0));
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
        let flow_id = a.body["id"].as_str().unwrap_or_default().to_owned();
        let flow_etag = a.body["etag"].as_str().unwrap_or_default().to_owned();
        assert!(is_uuid(&flow_id) && is_etag(&flow_etag));

        let f = env.get(&env.fs(&format!("/flows/{flow_id}"))).await;
        assert_eq!(f.status, StatusCode::OK);
        let f = &f.body["items"][0];
        assert_eq!(f["etag"], flow_etag.as_str());
        assert_eq!(f["state"], "enabled");
        assert_eq!(f["flowSpec"]["id"], CRM_TO_AEP);
        assert_eq!(f["transformations"], body["transformations"]);
        assert_eq!(
            f["scheduleParams"],
            json!({"startTime": T0, "frequency": "minute", "interval": 30})
        );
        assert_eq!(f["sourceConnectionIds"], json!([src]));
        assert_eq!(f["runs"], format!("/runs?property=flowId=={flow_id}"));
        assert_eq!(
            f["inheritedAttributes"]["sourceConnections"][0]["baseConnection"]["id"],
            "a5c6b647-e784-4b58-86b6-47e784ab580b"
        );
        assert_eq!(
            f["inheritedAttributes"]["targetConnections"][0]["connectionSpec"]["id"],
            DATA_LAKE
        );

        // 6. Its runs: one per 30 minutes since creation.
        let runs_url = env.fs(&format!("/runs?property=flowId=={flow_id}"));
        let r = env.get(&runs_url).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(r.body["items"][0]["status"]["value"], "inProgress");

        env.sandbox.clock.advance(Duration::from_secs(95 * 60));
        let r = env.get(&format!("{runs_url}&orderby=createdAt")).await;
        let runs = r.body["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(runs.len(), 4, "{}", r.text);
        for (k, run) in runs.iter().enumerate() {
            let started = (T0 + 1800 * k as i64) * 1000;
            assert_eq!(run["flowId"], flow_id.as_str());
            assert!(is_uuid(run["id"].as_str().unwrap_or_default()));
            assert_eq!(run["createdAt"], started);
            assert_eq!(run["metrics"]["durationSummary"]["startedAtUTC"], started);
            assert!(run["metrics"]["durationSummary"]["completedAtUTC"].as_i64() > Some(started));
            assert_eq!(run["metrics"]["statusSummary"]["status"], "success");
            assert_eq!(run["status"]["value"], "success");
            let rec = &run["metrics"]["recordSummary"];
            assert!(rec["inputRecordCount"].as_i64() > Some(0));
            assert_eq!(rec["inputRecordCount"], rec["outputRecordCount"]);
            assert_eq!(rec["failedRecordCount"], 0);
            assert!(run["metrics"]["sizeSummary"]["inputBytes"].as_i64() > Some(0));
            assert_eq!(run["activities"][0]["sourceInfo"][0]["id"], src.as_str());
        }
        let one = env
            .get(&env.fs(&format!(
                "/runs/{}",
                runs[3]["id"].as_str().unwrap_or_default()
            )))
            .await;
        assert_eq!(one.body["items"][0], runs[3]);
        let f = env.get(&env.fs(&format!("/flows/{flow_id}"))).await.body;
        assert_eq!(f["items"][0]["lastRunDetails"]["id"], runs[3]["id"]);
        assert_eq!(f["items"][0]["lastRunDetails"]["state"], "success");

        // Every call reached the sandbox once.
        let c = &env.sandbox.counters;
        assert_eq!(c.get("POST", "/sourceConnections"), 1);
        assert_eq!(c.get("POST", "/targetConnections"), 1);
        assert_eq!(c.get("POST", "/mappingSets"), 1);
        assert_eq!(c.get("GET", "/flowSpecs"), 1);
        assert_eq!(c.get("POST", "/flows"), 1);
        assert_eq!(c.get("GET", "/runs"), 2);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn the_seed_as_written_is_refused_where_it_is_wrong() {
    bounded(30, async {
        let env = start().await;
        // The tutorial's source connection body has a trailing comma.
        let raw = r#"{"name": "Generic OData source connection", "data": {"format": "tabular",},
                      "connectionSpec": {"id": "8e6b41a8-d998-4545-ad7d-c6a9fff406c3", "version": "1.0"}}"#;
        let a = send(env.request(reqwest::Method::POST, &env.fs("/sourceConnections"))
            .header("Content-Type", "application/json")
            .body(raw))
        .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert!(a.body["detail"].as_str().unwrap_or("").contains("not valid JSON"), "{}", a.text);

        // Its flow sends strings for integers, a number for mappingVersion and a
        // 31-character mapping id.
        let (src, tgt, _) = env.seed_parts().await;
        let mut body = flow(&src, &tgt, "7409d3017e24a3eb4a2dc21020f7a5b",
            json!({"startTime": "1567411548", "frequency": "minute", "interval": "30"}));
        body["transformations"][1]["params"]["mappingVersion"] = json!(0);
        let a = env.post(&env.fs("/flows"), &body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        assert_eq!(a.body["status"], 400);
        assert_eq!(a.body["title"], "Bad Request");
        assert!(a.body["type"].as_str().unwrap_or("").starts_with("https://ns.adobe.com/aep/errors/FLOW-"));
        let mut paths = violation_paths(&a.body);
        paths.sort();
        assert_eq!(paths, [
            "/scheduleParams/interval",
            "/scheduleParams/startTime",
            "/transformations/1/params/mappingId",
            "/transformations/1/params/mappingVersion",
        ]);
        assert_eq!(env.get(&env.fs("/flows")).await.body["items"], json!([]));
        env.sandbox.shutdown().await;
    })
    .await;
}
