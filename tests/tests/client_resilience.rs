//! Retries, timeouts, tokens and logs of the generated clients, over real HTTP on
//! loopback. Retry delays go through a virtual clock: they are recorded, not waited.

mod common;

use aep_flows::client::{Api, Error, ImsOAuth, RetryPolicy, Secret};
use common::*;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(2),
        ..RetryPolicy::default()
    }
}

fn ok_runs() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"items": []}))
}

#[tokio::test]
async fn retries_on_503_then_succeeds_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(ok_runs())
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let fs = flows(&api(&clock, policy()), &server);
    fs.list_runs().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(received(&server).await.len(), 3);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    // Exponential with jitter: between half and all of 100 ms, then of 200 ms.
    assert!(
        sleeps[0] >= Duration::from_millis(50) && sleeps[0] <= Duration::from_millis(100),
        "{sleeps:?}"
    );
    assert!(
        sleeps[1] >= Duration::from_millis(100) && sleeps[1] <= Duration::from_millis(200),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn retry_after_is_honoured_and_retries_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_json(json!({"error_code": "429050", "message": "Too many requests"})),
        )
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let fs = flows(&api(&clock, policy()), &server);
    let err = fs.list_runs().await.err();
    match &err {
        Some(Error::TooManyRequests(e)) => {
            assert_eq!(e.attempts, 4);
            assert_eq!(e.retry_after, Some(Duration::from_secs(7)));
            assert_eq!(
                e.body.as_ref().and_then(|b| b.error_code.as_deref()),
                Some("429050")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(received(&server).await.len(), 4);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7); 3]);
}

#[tokio::test]
async fn a_post_is_retried_on_429_but_not_on_502() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let fs = flows(&api(&clock, policy()), &server);
    let body = aep_flows::client::flowservice::RunRequest::try_from(
        json!({"flowId": "f", "params": {"startTime": 1}}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let err = fs.create_run(&body).await.err();
    assert!(
        matches!(err, Some(Error::Server(ref e)) if e.status == 502 && e.attempts == 2),
        "{err:?}"
    );
    // One 429 (refused, so retried), then one 502 (may have been processed: not resent).
    assert_eq!(received(&server).await.len(), 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(1)]);
}

#[tokio::test]
async fn a_post_that_timed_out_after_sending_is_not_resent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "r", "etag": "e"}))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs/r")))
        .respond_with(ok_runs().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let fs = flows(&api(&clock, policy()), &server);
    let body =
        aep_flows::client::flowservice::RunRequest::try_from(json!({"flowId": "f", "params": {}}))
            .unwrap_or_else(|e| panic!("{e}"));
    let err = fs
        .create_run(&body)
        .timeout(Duration::from_millis(200))
        .await
        .err();
    assert!(
        matches!(
            err,
            Some(Error::Timeout {
                operation: "createRun",
                attempts: 1
            })
        ),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 1, "the POST was sent once");
    // A GET (idempotent) that times out is tried again.
    let err = fs
        .get_run("r")
        .timeout(Duration::from_millis(200))
        .await
        .err();
    assert!(
        matches!(err, Some(Error::Timeout { attempts: 4, .. })),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 5);
}

#[tokio::test]
async fn connection_errors_before_sending_are_retried_for_any_method() {
    // A port with nothing listening: bind, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let clock = VirtualClock::new();
    let api = api(&clock, policy());
    let fs = aep_flows::client::flowservice::Client::with_base_url(
        &api,
        format!("http://127.0.0.1:{port}{FLOW_PATH}"),
    );
    let body =
        aep_flows::client::flowservice::RunRequest::try_from(json!({"flowId": "f", "params": {}}))
            .unwrap_or_else(|e| panic!("{e}"));
    let err = fs.create_run(&body).await.err();
    assert!(
        matches!(
            err,
            Some(Error::Transport {
                sent: false,
                attempts: 4,
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(clock.sleeps().len(), 3);
}

fn ims_api(clock: &Arc<VirtualClock>, token_url: String) -> Api {
    Api::builder()
        .api_key(API_KEY)
        .org_id(ORG)
        .sandbox(SANDBOX)
        .auth(
            ImsOAuth::new("client-id-1", Secret::new("client-secret-do-not-log"))
                .token_url(token_url)
                .clock(clock.clone()),
        )
        .retry(policy())
        .clock(clock.clone())
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_fetch_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ims/token/v3"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_id=client-id-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "ims-token-1", "token_type": "bearer", "expires_in": 86399})).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(ok_runs())
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let api = ims_api(&clock, format!("{}/ims/token/v3", server.uri()));
    let fs = flows(&api, &server);
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let fs = fs.clone();
        tasks.push(tokio::spawn(
            async move { fs.list_runs().await.map(|_| ()) },
        ));
    }
    for t in tasks {
        t.await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let reqs = received(&server).await;
    let token_calls = reqs
        .iter()
        .filter(|r| r.url.path() == "/ims/token/v3")
        .count();
    assert_eq!(token_calls, 1);
    let api_calls: Vec<_> = reqs
        .iter()
        .filter(|r| r.url.path() != "/ims/token/v3")
        .collect();
    assert_eq!(api_calls.len(), 16);
    assert!(api_calls
        .iter()
        .all(|r| header(r, "authorization").as_deref() == Some("Bearer ims-token-1")));
}

#[tokio::test]
async fn tokens_are_refreshed_ahead_of_expiry_and_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ims/token/v3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "short-lived", "expires_in": 600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(
                json!({"error_code": "401013", "message": "Oauth token is not valid"}),
            ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(ok_runs())
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let api = ims_api(&clock, format!("{}/ims/token/v3", server.uri()));
    let fs = flows(&api, &server);
    let tokens = |reqs: &[wiremock::Request]| {
        reqs.iter()
            .filter(|r| r.url.path() == "/ims/token/v3")
            .count()
    };
    // A 401 drops the cached token, fetches another and tries once more.
    fs.list_runs().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tokens(&received(&server).await), 2);
    // Within its life (600 s less a 300 s margin), the token is reused...
    clock.advance(Duration::from_secs(200));
    fs.list_runs().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tokens(&received(&server).await), 2);
    // ...and past the margin it is fetched again before it expires.
    clock.advance(Duration::from_secs(150));
    fs.list_runs().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tokens(&received(&server).await), 3);
}

#[test]
fn secrets_never_reach_logs_debug_output_or_errors() {
    let sink = Captured::default();
    let _guard = tracing::subscriber::set_default(subscriber(&sink));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut texts = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/ims/token/v3"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"access_token": TOKEN, "expires_in": 3600})),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("{FLOW_PATH}/runs")))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("{FLOW_PATH}/runs")))
            .respond_with(ResponseTemplate::new(403).set_body_json(json!({"title": "Forbidden"})))
            .mount(&server)
            .await;
        let clock = VirtualClock::new();
        let api = ims_api(&clock, format!("{}/ims/token/v3", server.uri()));
        let err = flows(&api, &server).list_runs().await.err();
        assert!(matches!(err, Some(Error::Forbidden(_))), "{err:?}");
        let bad_token = Api::builder()
            .api_key(API_KEY)
            .org_id(ORG)
            .sandbox(SANDBOX)
            .auth(
                ImsOAuth::new("c", Secret::new("client-secret-do-not-log"))
                    .token_url(format!("{}/nowhere", server.uri())),
            )
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let auth_err = flows(&bad_token, &server).list_runs().await.err();
        assert!(matches!(auth_err, Some(Error::Auth(_))), "{auth_err:?}");
        vec![
            format!("{api:?}"),
            format!("{err:?}"),
            format!("{auth_err:?}"),
            format!("{}", auth_err.map(|e| e.to_string()).unwrap_or_default()),
        ]
    });
    let logs = sink.text();
    assert!(logs.contains("flowgen.call"), "spans are logged: {logs}");
    assert!(logs.contains("listRuns"));
    assert!(logs.contains("retrying"));
    texts.push(logs);
    for text in &texts {
        for secret in [TOKEN, API_KEY, "client-secret-do-not-log"] {
            assert!(!text.contains(secret), "{secret} leaked into: {text}");
        }
    }
}
