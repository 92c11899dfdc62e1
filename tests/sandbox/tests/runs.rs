//! Runs synthesised from schedules on the sandbox clock, their statuses and
//! metrics, on-demand runs checked against the runSpec.

mod common;

use common::*;
use flow_sandbox::Outcome;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

async fn runs_of(env: &Env, flow_id: &str) -> Vec<Value> {
    let a = env
        .get(&env.fs(&format!(
            "/runs?property=flowId=={flow_id}&orderby=createdAt&limit=100"
        )))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.body["items"].as_array().cloned().unwrap_or_default()
}

fn statuses(runs: &[Value]) -> Vec<String> {
    runs.iter()
        .filter_map(|r| r["status"]["value"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn schedules_make_runs_as_the_clock_moves() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        let clock = &env.sandbox.clock;

        let once = env
            .create(
                &env.fs("/flows"),
                &flow(
                    &src,
                    &tgt,
                    &map,
                    json!({"startTime": T0 + 600, "frequency": "once"}),
                ),
            )
            .await;
        let hourly = env
            .create(
                &env.fs("/flows"),
                &flow(
                    &src,
                    &tgt,
                    &map,
                    json!({"startTime": T0 + 3600, "frequency": "hour", "interval": 2}),
                ),
            )
            .await;
        assert!(runs_of(&env, &once).await.is_empty());
        assert!(runs_of(&env, &hourly).await.is_empty());

        clock.advance(Duration::from_secs(600));
        let r = runs_of(&env, &once).await;
        assert_eq!(statuses(&r), ["inProgress"]);
        assert!(r[0]["metrics"]["durationSummary"]
            .get("completedAtUTC")
            .is_none());
        assert_eq!(r[0]["metrics"]["statusSummary"]["status"], "inProgress");

        clock.advance(Duration::from_secs(90));
        let r = runs_of(&env, &once).await;
        assert_eq!(statuses(&r), ["success"]);
        let id = r[0]["id"].clone();

        // Ten hours on: the once flow never runs again; the 2-hourly one ran 5 times.
        clock.advance(Duration::from_secs(10 * 3600));
        let r = runs_of(&env, &once).await;
        assert_eq!(r.len(), 1);
        assert_eq!(r[0]["id"], id, "run ids are stable");
        let h = runs_of(&env, &hourly).await;
        let starts: Vec<i64> = h.iter().filter_map(|r| r["createdAt"].as_i64()).collect();
        let want: Vec<i64> = (0..5).map(|k| (T0 + 3600 + k * 7200) * 1000).collect();
        assert_eq!(starts, want);
        assert!(h.iter().all(|r| r["flowId"] == hourly.as_str()));
        let all = env.get(&env.fs("/runs?count=true&limit=1")).await;
        assert_eq!(all.body["count"], 6);
        assert!(all.body["_links"]["next"]["href"].as_str().is_some());
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn failing_runs_report_errors_in_their_metrics() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        let id = env
            .create(
                &env.fs("/flows"),
                &flow(&src, &tgt, &map, every_30_minutes(T0)),
            )
            .await;
        env.sandbox.set_run_outcome(&id, Outcome::Failed);
        env.sandbox.clock.advance(Duration::from_secs(30 * 60 + 10));
        let r = runs_of(&env, &id).await;
        // The first run started at creation, before the outcome was set.
        assert_eq!(statuses(&r), ["success", "inProgress"]);
        env.sandbox.clock.advance(Duration::from_secs(120));
        let r = runs_of(&env, &id).await;
        assert_eq!(statuses(&r), ["success", "failed"]);
        let failed = &r[1];
        assert_eq!(failed["metrics"]["statusSummary"]["status"], "failed");
        assert_eq!(
            failed["metrics"]["statusSummary"]["errors"][0]["code"],
            "CONNECTOR-2001-500"
        );
        assert_eq!(failed["status"]["errors"][0]["code"], "CONNECTOR-2001-500");
        let rec = &failed["metrics"]["recordSummary"];
        assert_eq!(rec["outputRecordCount"], 0);
        assert_eq!(rec["failedRecordCount"], rec["inputRecordCount"]);
        let f = env.get(&env.fs(&format!("/flows/{id}"))).await.body;
        assert_eq!(f["items"][0]["lastRunDetails"]["state"], "failed");
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn disabled_and_rescheduled_flows() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        let created = env.post(&env.fs("/flows"), &flow(&src, &tgt, &map, every_30_minutes(T0))).await;
        let id = created.body["id"].as_str().unwrap_or_default().to_owned();
        let url = env.fs(&format!("/flows/{id}"));
        let disable = json!([{"op": "replace", "path": "/state", "value": "disabled"}]);
        let a = env.patch(&url, created.body["etag"].as_str().unwrap_or_default(), &disable).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        env.sandbox.clock.advance(Duration::from_secs(3 * 3600));
        assert_eq!(runs_of(&env, &id).await.len(), 1, "only the run at creation");

        // Enabled again with an hourly schedule: runs resume from now, hourly.
        let etag = a.body["etag"].as_str().unwrap_or_default().to_owned();
        let now = T0 + 3 * 3600;
        let change = json!([
            {"op": "replace", "path": "/state", "value": "enabled"},
            {"op": "replace", "path": "/scheduleParams", "value": {"startTime": now, "frequency": "hour", "interval": 1}}
        ]);
        assert_eq!(env.patch(&url, &etag, &change).await.status, StatusCode::OK);
        env.sandbox.clock.advance(Duration::from_secs(3600 + 120));
        let r = runs_of(&env, &id).await;
        let starts: Vec<i64> = r.iter().filter_map(|r| r["createdAt"].as_i64()).collect();
        assert_eq!(starts, [T0 * 1000, now * 1000, (now + 3600) * 1000]);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn on_demand_runs_follow_the_run_spec() {
    bounded(30, async {
        let env = start().await;
        let (src, tgt, map) = env.seed_parts().await;
        let id = env
            .create(
                &env.fs("/flows"),
                &flow(
                    &src,
                    &tgt,
                    &map,
                    json!({"startTime": T0 + 86_400, "frequency": "once"}),
                ),
            )
            .await;
        let a = env
            .post(
                &env.fs("/runs"),
                &json!({"flowId": id, "params": {"startTime": "now"}}),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        let mut paths = violation_paths(&a.body);
        paths.sort();
        assert!(paths.contains(&"/params/startTime".to_owned()), "{paths:?}");
        assert!(
            paths.contains(&"/params".to_owned()),
            "required members: {paths:?}"
        );

        let params = json!({
            "startTime": T0, "windowStartTime": T0 - 86_400, "windowEndTime": T0,
            "deltaColumn": {"name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}
        });
        let a = env
            .post(&env.fs("/runs"), &json!({"flowId": id, "params": params}))
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
        let run_id = a.body["id"].as_str().unwrap_or_default().to_owned();
        assert!(is_uuid(&run_id) && is_etag(a.body["etag"].as_str().unwrap_or_default()));
        let r = env.get(&env.fs(&format!("/runs/{run_id}"))).await;
        assert_eq!(r.body["items"][0]["flowId"], id.as_str());
        assert_eq!(r.body["items"][0]["createdAt"], T0 * 1000);
        env.sandbox.shutdown().await;
    })
    .await;
}
