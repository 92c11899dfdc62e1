//! The tutorial through the GENERATED client against the sandbox, end to end:
//! every id, body and status; the client's retries against injected faults,
//! checked with the sandbox's request counters; secrets absent from the logs;
//! 200 concurrent creations through the client.

mod common;

use aep_flows::client::flowservice::{self, CrmToAep};
use aep_flows::client::{dataprep, Api, Error, ImsOAuth, RetryPolicy, StaticToken, TypedFlow};
use aep_flows::flow_specs::crm_to_aep::Schedule;
use common::*;
use flow_sandbox::tutorial::{self, TutorialInputs};
use flow_sandbox::{Fault, FaultRule, SandboxHandle};
use flowgen_runtime::http::{BoxFuture, Clock};
use serde_json::{json, Value};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A retry clock that records each delay and returns at once.
#[derive(Debug)]
struct InstantRetries {
    start: Instant,
    slept: Mutex<Vec<Duration>>,
}

impl InstantRetries {
    fn new() -> Arc<Self> {
        Arc::new(InstantRetries {
            start: Instant::now(),
            slept: Mutex::new(Vec::new()),
        })
    }

    fn slept(&self) -> Vec<Duration> {
        self.slept.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Clock for InstantRetries {
    fn now(&self) -> Instant {
        self.start + self.slept().iter().sum::<Duration>()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        if let Ok(mut s) = self.slept.lock() {
            s.push(duration);
        }
        Box::pin(async {})
    }
}

fn api(sandbox: &SandboxHandle, clock: &Arc<InstantRetries>) -> Api {
    let c = &sandbox.credentials;
    Api::builder()
        .api_key(c.api_key.as_str())
        .org_id(c.org_id.as_str())
        .sandbox(c.sandbox_name.as_str())
        .auth(
            ImsOAuth::new(c.api_key.as_str(), c.client_secret.as_str())
                .token_url(sandbox.ims_token_url.as_str()),
        )
        .retry(RetryPolicy::default())
        .clock(clock.clone())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn clients(sandbox: &SandboxHandle, api: &Api) -> (flowservice::Client, dataprep::Client) {
    (
        flowservice::Client::with_base_url(api, sandbox.flow_service_url.as_str()),
        dataprep::Client::with_base_url(api, sandbox.data_prep_url.as_str()),
    )
}

/// A log sink.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The logs of every test in this binary. One subscriber for the whole process, installed
/// before any test logs anything: a subscriber set for one thread (`set_default`) lost
/// events when the tests ran in parallel, because a callsite first reached on another
/// thread, with no subscriber there, could be cached as uninteresting.
fn logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let sink = Captured::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        // Nothing else in this process sets one; if it failed, the assertions on the
        // logs below would say so.
        let _ = tracing::subscriber::set_global_default(subscriber);
        sink
    })
}

#[tokio::test]
async fn the_tutorial_through_the_generated_client() {
    let sink = logs();
    bounded(60, async {
        let env = start().await;
        let clock = InstantRetries::new();
        let api = api(&env.sandbox, &clock);
        let (fs, dp) = clients(&env.sandbox, &api);
        let mut lines = Vec::new();
        let mut say = |l: String| lines.push(l);
        let report = tutorial::run(&fs, &dp, &TutorialInputs::seed(T0), &mut say)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lines.len(), 9, "{lines:#?}");
        assert!(lines[0].starts_with("1. connectionSpec") && lines[0].contains("generic-odata"), "{lines:#?}");
        assert!(lines[1].contains(&report.base_connection_id), "{lines:#?}");
        assert!(lines[6].contains(&report.flow_id));
        assert!(is_uuid(&report.base_connection_id));

        assert!(is_uuid(&report.source_connection_id) && is_etag(&report.source_connection_etag));
        assert!(is_uuid(&report.target_connection_id));
        assert_eq!(report.mapping_set_id.len(), 32);
        assert_eq!(report.mapping_set_version, 0);
        assert_eq!(report.flow_spec_id, CRM_TO_AEP);
        assert!(is_uuid(&report.flow_id) && is_etag(&report.flow_etag));
        assert_eq!(report.runs.len(), 1);

        // What the sandbox stored, read raw.
        let sc = env.get(&env.fs(&format!("/sourceConnections/{}", report.source_connection_id))).await;
        // `number` members come back as floats (the description types them `number`).
        assert_eq!(as_floats(&sc.body["items"][0]["params"]), as_floats(&source_connection()["params"]));
        assert_eq!(sc.body["items"][0]["etag"], report.source_connection_etag.as_str());
        let tc = env.get(&env.fs(&format!("/targetConnections/{}", report.target_connection_id))).await;
        assert_eq!(tc.body["items"][0]["data"], target_connection()["data"]);
        assert_eq!(tc.body["items"][0]["params"], target_connection()["params"]);
        let ms = env.get(&env.dp(&format!("/mappingSets/{}", report.mapping_set_id))).await;
        assert_eq!(ms.body["mappings"].as_array().map(Vec::len), Some(4));
        let f = env.get(&env.fs(&format!("/flows/{}", report.flow_id))).await;
        let stored = &f.body["items"][0];
        assert_eq!(stored["etag"], report.flow_etag.as_str());
        assert_eq!(stored["scheduleParams"], json!({"startTime": T0, "frequency": "minute", "interval": 30}));
        assert_eq!(stored["transformations"], json!([
            {"name": "Copy", "params": {"deltaColumn": {"name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC"}}},
            {"name": "Mapping", "params": {"mappingId": report.mapping_set_id, "mappingVersion": "0"}}
        ]));
        assert_eq!(stored["sourceConnectionIds"], json!([report.source_connection_id]));
        assert_eq!(stored["targetConnectionIds"], json!([report.target_connection_id]));

        // Read back through the client and typed by the flowSpec.
        let flows = fs.get_flow(report.flow_id.as_str()).await.unwrap_or_else(|e| panic!("{e}"));
        let typed = TypedFlow::<CrmToAep>::read(&flows.items[0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(typed.schedule_params, Some(Schedule::minute(T0, 30).unwrap_or_else(|e| panic!("{e}"))));
        assert_eq!(typed.transformations.len(), 2);

        // Runs appear as the sandbox clock moves.
        env.sandbox.clock.advance(Duration::from_secs(95 * 60));
        let runs = tutorial::runs_of(&fs, &report.flow_id).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(runs.len(), 4);
        let starts: Vec<Option<i64>> = runs.iter().map(|r| r.created_at).collect();
        assert_eq!(starts, (0..4).map(|k| Some((T0 + 1800 * k) * 1000)).collect::<Vec<_>>());
        assert!(runs.iter().all(|r| tutorial::describe_run(r).contains("success")));

        // One token fetch for every call; every POST exactly once; no retry.
        let c = &env.sandbox.counters;
        assert_eq!(c.get("POST", "/ims/token/v3"), 1);
        for route in ["/connections", "/sourceConnections", "/targetConnections", "/mappingSets", "/flows"] {
            assert_eq!(c.get("POST", route), 1, "{route}");
        }
        assert!(clock.slept().is_empty());
        env.sandbox.shutdown().await;
    })
    .await;
    let logs = sink.text();
    // The sink holds every test's logs by now: no test may leak a secret.
    assert!(
        logs.contains("status=201"),
        "the client logged its calls: {logs}"
    );
    assert!(
        !logs.contains("sbx."),
        "an access token leaked into the logs"
    );
    assert!(
        !logs.contains("flow-sandbox-secret"),
        "the client secret leaked into the logs"
    );
    assert!(
        !logs.contains("flow-sandbox-client"),
        "the API key leaked into the logs"
    );
}

/// `v` with every number as a float, to compare values that differ only in `1` vs `1.0`.
fn as_floats(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.iter().map(as_floats).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, x)| (k.clone(), as_floats(x))).collect())
        }
        other => other.clone(),
    }
}

async fn flow_body(env: &Env) -> TypedFlow<CrmToAep> {
    let (src, tgt, map) = env.seed_parts().await;
    let typed = TypedFlow::<CrmToAep>::try_from(flow(&src, &tgt, &map, every_30_minutes(T0)));
    typed.unwrap_or_else(|e| panic!("{e}"))
}

async fn flow_count(env: &Env) -> Value {
    env.get(&env.fs("/flows?count=true")).await.body["count"].clone()
}

#[tokio::test]
async fn retries_follow_the_faults_and_posts_are_never_duplicated() {
    logs();
    bounded(60, async {
        let env = start().await;
        let clock = InstantRetries::new();
        let api = api(&env.sandbox, &clock);
        let (fs, _) = clients(&env.sandbox, &api);
        let body = flow_body(&env).await;
        let faults = &env.sandbox.faults;
        let posts = || env.sandbox.counters.get("POST", "/flows");

        // 503 twice, then success: retried, one flow.
        faults.push(
            "POST",
            "/flows",
            FaultRule {
                fault: Fault::Status {
                    status: 503,
                    retry_after: Some(0),
                },
                remaining: Some(2),
            },
        );
        fs.create_flow(&body)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(posts(), 3);
        assert_eq!(flow_count(&env).await, 1);

        // 429 with Retry-After: 7 is honoured.
        faults.inject_times("POST", "/flows", Fault::too_many_requests(7), 1);
        fs.create_flow(&body)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(posts(), 5);
        assert!(
            clock.slept().contains(&Duration::from_secs(7)),
            "{:?}",
            clock.slept()
        );
        assert_eq!(flow_count(&env).await, 2);

        // Handled, then the connection dropped: a typed error, and no second POST.
        faults.inject_times("POST", "/flows", Fault::DropAfterHandling, 1);
        let e = fs.create_flow(&body).await.err();
        assert!(
            matches!(e, Some(Error::Transport { attempts: 1, .. })),
            "{e:?}"
        );
        assert_eq!(posts(), 6);
        assert_eq!(
            flow_count(&env).await,
            3,
            "the flow exists although the answer was lost"
        );

        // The answer comes too late: timeout, and no second POST either.
        faults.inject_times("POST", "/flows", Fault::delay(Duration::from_secs(2)), 1);
        let e = fs
            .create_flow(&body)
            .timeout(Duration::from_millis(200))
            .await
            .err();
        assert!(
            matches!(e, Some(Error::Timeout { attempts: 1, .. })),
            "{e:?}"
        );
        assert_eq!(posts(), 7);

        // 500 is not retried and carries the Adobe error body.
        faults.inject_times("POST", "/flows", Fault::status(500), 1);
        match fs.create_flow(&body).await {
            Err(Error::Server(api_error)) => {
                assert_eq!(api_error.status, 500);
                assert_eq!(api_error.attempts, 1);
                assert_eq!(api_error.body.as_ref().and_then(|b| b.status), Some(500));
            }
            other => panic!("expected a server error, got {other:?}"),
        }
        assert_eq!(posts(), 8);

        // A GET dropped before handling is retried (idempotent); a broken body is a decode error.
        let flows = fs.list_flows().await.unwrap_or_else(|e| panic!("{e}"));
        let id = flows.items[0].id.clone();
        faults.inject_times("GET", "/flows/{flowId}", Fault::Drop, 1);
        fs.get_flow(id.as_str())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(env.sandbox.counters.get("GET", "/flows/{flowId}"), 2);
        faults.inject_times("GET", "/flows/{flowId}", Fault::MalformedJson, 1);
        let e = fs.get_flow(id.as_str()).await.err();
        assert!(matches!(e, Some(Error::Decode { .. })), "{e:?}");
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn refusals_come_back_as_typed_errors() {
    logs();
    bounded(60, async {
        let env = start().await;
        let clock = InstantRetries::new();
        let good = api(&env.sandbox, &clock);
        let (fs, _) = clients(&env.sandbox, &good);
        let body = flow_body(&env).await;
        let created = fs
            .create_flow(&body)
            .await
            .unwrap_or_else(|e| panic!("{e}"));

        // 412: a stale etag.
        let patch = flowservice::JsonPatch::try_from(
            json!([{"op": "replace", "path": "/name", "value": "renamed"}]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let stale = "\"00000000-0000-0200-0000-000000000000\"";
        let e = fs
            .patch_flow(created.id.as_str(), stale, &patch)
            .await
            .err();
        assert!(matches!(e, Some(Error::PreconditionFailed(_))), "{e:?}");
        let ok = fs
            .patch_flow(created.id.as_str(), created.etag.as_str(), &patch)
            .await;
        assert!(ok.is_ok(), "{ok:?}");
        // 404 and 409.
        let e = fs
            .get_flow("11111111-2222-3333-4444-555555555555")
            .await
            .err();
        assert!(matches!(e, Some(Error::NotFound(_))), "{e:?}");
        let src = body.source_connection_ids[0].clone();
        let e = fs.delete_source_connection(src.as_str()).await.err();
        assert!(matches!(e, Some(Error::Conflict(_))), "{e:?}");

        // 401 with a token the sandbox never issued; 403 with another organization.
        let c = &env.sandbox.credentials;
        let bogus = Api::builder()
            .api_key(c.api_key.as_str())
            .org_id(c.org_id.as_str())
            .sandbox("prod")
            .auth(StaticToken::new("not-issued"))
            .retry(RetryPolicy::never())
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let e = flowservice::Client::with_base_url(&bogus, env.sandbox.flow_service_url.as_str())
            .list_flows()
            .await
            .err();
        assert!(matches!(e, Some(Error::Unauthorized(_))), "{e:?}");
        let other_org = Api::builder()
            .api_key(c.api_key.as_str())
            .org_id("OTHER@AdobeOrg")
            .sandbox("prod")
            .auth(StaticToken::new(env.token.as_str()))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let e =
            flowservice::Client::with_base_url(&other_org, env.sandbox.flow_service_url.as_str())
                .list_flows()
                .await
                .err();
        assert!(matches!(e, Some(Error::Forbidden(_))), "{e:?}");
        // Neither the errors nor the configuration show a secret. (`ImsOAuth`'s `Debug`
        // shows its client id, which for Adobe is the API key, so `good` is left out.)
        let shown = format!(
            "{e:?} {:?} {other_org:?}",
            e.as_ref().map(ToString::to_string)
        );
        for secret in [
            env.token.as_str(),
            c.api_key.as_str(),
            c.client_secret.as_str(),
        ] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_creations_through_the_client() {
    logs();
    bounded(120, async {
        let env = start().await;
        let clock = InstantRetries::new();
        let api = api(&env.sandbox, &clock);
        let (fs, _) = clients(&env.sandbox, &api);
        let body = flow_body(&env).await;
        let fs = Arc::new(fs);
        let body = Arc::new(body);
        let tasks = (0..200).map(|_| {
            let fs = fs.clone();
            let body = body.clone();
            tokio::spawn(async move { fs.create_flow(&*body).await })
        });
        let mut ids = std::collections::HashSet::new();
        for t in futures_util::future::join_all(tasks).await {
            let created = t
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|e| panic!("{e}"));
            ids.insert(created.id);
        }
        assert_eq!(ids.len(), 200);
        assert_eq!(env.sandbox.counters.get("POST", "/flows"), 200);
        assert_eq!(
            env.sandbox.counters.get("POST", "/ims/token/v3"),
            1,
            "one token for all"
        );
        assert_eq!(flow_count(&env).await, 200);
        env.sandbox.shutdown().await;
    })
    .await;
}
