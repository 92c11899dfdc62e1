//! What the generated clients refuse to do with the credentials they carry: send them in
//! clear text, follow a redirect to another origin (or repeat a POST by a redirect), or
//! read an answer without bound. Over real HTTP on loopback; the plain-HTTP checks need
//! no network at all (they come before any connection).

mod common;

use aep_flows::client::flowservice::{self, RunRequest};
use aep_flows::client::{
    Api, AuthProvider, Error, ImsOAuth, InsecureHttp, RedirectRefused, RetryPolicy, Secret,
    StaticToken,
};
use common::*;
use flowgen_runtime::http::{AuthError, BoxFuture, MAX_REDIRECTS};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------- credentials over TLS

/// An auth provider that counts how often a token is asked for, and never gives one:
/// being asked proves the plain-HTTP check let the call through, without any network.
#[derive(Debug, Default)]
struct CountingAuth(AtomicUsize);

impl AuthProvider for CountingAuth {
    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async {
            Err(AuthError {
                message: "counting only".into(),
                status: None,
            })
        })
    }
}

#[derive(Debug, Clone)]
struct Shared(Arc<CountingAuth>);

impl AuthProvider for Shared {
    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        self.0.token()
    }
}

fn counting_api(allow_insecure_http: bool) -> (Api, Arc<CountingAuth>) {
    let auth = Arc::new(CountingAuth::default());
    let api = Api::builder()
        .api_key(API_KEY)
        .org_id(ORG)
        .sandbox(SANDBOX)
        .auth(Shared(auth.clone()))
        .allow_insecure_http(allow_insecure_http)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    (api, auth)
}

#[tokio::test]
async fn plain_http_base_url_is_refused_before_anything_is_sent() {
    let (api, auth) = counting_api(false);
    let fs = flowservice::Client::with_base_url(
        &api,
        "http://platform.example.invalid:8080/data/foundation/flowservice",
    );
    let err = fs.list_runs().await.err();
    match &err {
        Some(Error::InsecureHttp(InsecureHttp { role, origin })) => {
            assert_eq!(*role, "service URL");
            assert_eq!(origin, "http://platform.example.invalid:8080");
        }
        other => panic!("expected InsecureHttp, got {other:?}"),
    }
    let shown = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(shown.contains("allow_insecure_http(true)"), "{shown}");
    // Not even a token was asked for.
    assert_eq!(auth.0.load(Ordering::SeqCst), 0);
    // A POST is refused the same way.
    let body = RunRequest::try_from(json!({"flowId": "f", "params": {}}))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        fs.create_run(&body).await,
        Err(Error::InsecureHttp(_))
    ));
    assert_eq!(auth.0.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn plain_http_is_let_through_to_loopback_or_with_the_opt_in() {
    let (api, auth) = counting_api(false);
    for base in [
        "http://127.0.0.1:9/x",
        "http://127.8.9.10:9/x",
        "http://localhost:9/x",
        "http://[::1]:9/x",
        "https://platform.example.invalid/x",
    ] {
        let before = auth.0.load(Ordering::SeqCst);
        let err = flowservice::Client::with_base_url(&api, base)
            .list_runs()
            .await
            .err();
        // The call went as far as asking for a token (which the test provider refuses).
        assert!(matches!(err, Some(Error::Auth(_))), "{base}: {err:?}");
        assert_eq!(auth.0.load(Ordering::SeqCst), before + 1, "{base}");
    }
    let (open, auth) = counting_api(true);
    let err = flowservice::Client::with_base_url(&open, "http://platform.example.invalid/x")
        .list_runs()
        .await
        .err();
    assert!(matches!(err, Some(Error::Auth(_))), "{err:?}");
    assert_eq!(auth.0.load(Ordering::SeqCst), 1);
}

#[test]
fn plain_http_ims_token_url_is_refused_when_the_api_is_built() {
    let build = |auth: ImsOAuth| {
        Api::builder()
            .api_key(API_KEY)
            .org_id(ORG)
            .sandbox(SANDBOX)
            .auth(auth)
            .build()
    };
    let ims = || ImsOAuth::new("client-id-1", Secret::new("client-secret-do-not-log"));
    match build(ims().token_url("http://ims.example.invalid/ims/token/v3")) {
        Err(Error::InsecureHttp(InsecureHttp { role, origin })) => {
            assert_eq!(role, "IMS token URL");
            assert_eq!(origin, "http://ims.example.invalid");
        }
        other => panic!("expected InsecureHttp, got {other:?}"),
    }
    let opted_in = ims()
        .token_url("http://ims.example.invalid/ims/token/v3")
        .allow_insecure_http(true);
    assert!(build(opted_in).is_ok());
    assert!(build(ims().token_url("http://localhost:4000/ims/token/v3")).is_ok());
    assert!(build(ims()).is_ok());
}

#[tokio::test]
async fn plain_http_ims_token_url_sends_no_secret_when_used_alone() {
    let ims = ImsOAuth::new("client-id-1", Secret::new("client-secret-do-not-log"))
        .token_url("http://ims.example.invalid/ims/token/v3");
    let err = ims.token().await.err();
    let Some(AuthError { message, status }) = err else {
        panic!("expected an AuthError, got {err:?}");
    };
    assert_eq!(status, None);
    assert!(message.contains("clear text"), "{message}");
    assert!(!message.contains("client-secret"), "{message}");
}

// ------------------------------------------------------------------------- redirects

/// A loopback server that accepts connections and keeps every byte it receives: where a
/// redirect points, to see whether anything followed it.
struct Recorder {
    url: String,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Recorder {
    async fn start() -> Recorder {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    let mut bytes = Vec::new();
                    let mut buf = [0u8; 4096];
                    // Whatever arrives within a second, up to 1 MiB: a request, its body.
                    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
                    while bytes.len() < 1 << 20 {
                        match tokio::time::timeout_at(deadline, conn.read(&mut buf)).await {
                            Ok(Ok(n)) if n > 0 => bytes.extend_from_slice(&buf[..n]),
                            _ => break,
                        }
                    }
                    if let Ok(mut l) = log.lock() {
                        l.push(bytes);
                    }
                });
            }
        });
        Recorder {
            url: format!("http://{addr}"),
            received,
            task,
        }
    }

    /// Every connection's bytes, after giving stray connections time to arrive.
    async fn received(&self) -> Vec<Vec<u8>> {
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.received.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn no_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    }
}

fn run_body() -> RunRequest {
    RunRequest::try_from(json!({"flowId": "f-secret-body", "params": {"x": 1}}))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

#[tokio::test]
async fn cross_origin_redirects_carry_nothing_to_the_location() {
    let elsewhere = Recorder::start().await;
    let location = format!("{}/collect?from=redirect", elsewhere.url);
    for status in [301, 302, 303, 307, 308] {
        let server = MockServer::start().await;
        Mock::given(path(format!("{FLOW_PATH}/runs")))
            .respond_with(redirect(status, &location))
            .mount(&server)
            .await;
        let clock = VirtualClock::new();
        let fs = flows(&api(&clock, RetryPolicy::default()), &server);
        let get = fs.list_runs().await.err();
        let post = fs.create_run(&run_body()).await.err();
        for (what, err) in [("GET", get), ("POST", post)] {
            match &err {
                Some(Error::Redirect {
                    status: s,
                    location: l,
                    reason,
                    ..
                }) => {
                    assert_eq!(*s, status, "{what}");
                    assert_eq!(l, &location, "{what}");
                    assert_eq!(*reason, RedirectRefused::OtherOrigin, "{what}");
                }
                other => panic!("{what} {status}: expected Redirect, got {other:?}"),
            }
            let shown = err.map(|e| e.to_string()).unwrap_or_default();
            assert!(shown.contains(&location), "{shown}");
        }
        // A redirect is an answer, not a failure: neither call was tried again.
        assert_eq!(received(&server).await.len(), 2, "{status}");
    }
    let got = elsewhere.received().await;
    assert!(got.is_empty(), "the other origin received {got:?}");
}

#[tokio::test]
async fn same_origin_get_redirects_are_followed_with_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(redirect(302, &format!("{FLOW_PATH}/runs-moved")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs-moved")))
        .respond_with(redirect(
            307,
            &format!("{}{FLOW_PATH}/runs-here", server.uri()),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs-here")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []})))
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let fs = flows(&api(&clock, no_retries()), &server);
    let page = fs.list_runs().send_value().await;
    assert_eq!(page.ok(), Some(json!({"items": []})));
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 3);
    reqs.iter().for_each(assert_common_headers);
}

#[tokio::test]
async fn same_origin_redirect_loops_stop_after_a_few() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(redirect(302, &format!("{FLOW_PATH}/runs")))
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let fs = flows(&api(&clock, RetryPolicy::default()), &server);
    let err = fs.list_runs().await.err();
    assert!(
        matches!(
            err,
            Some(Error::Redirect {
                reason: RedirectRefused::TooMany,
                status: 302,
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 1 + MAX_REDIRECTS as usize);
}

#[tokio::test]
async fn same_origin_post_redirect_is_not_followed() {
    let server = MockServer::start().await;
    let again = format!("{FLOW_PATH}/runs-again");
    for status in [307, 308] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path(format!("{FLOW_PATH}/runs")))
            .respond_with(redirect(status, &again))
            .mount(&server)
            .await;
        let clock = VirtualClock::new();
        let fs = flows(&api(&clock, RetryPolicy::default()), &server);
        match fs.create_run(&run_body()).await.err() {
            Some(Error::Redirect {
                location, reason, ..
            }) => {
                assert_eq!(location, format!("{}{again}", server.uri()));
                assert_eq!(reason, RedirectRefused::NotIdempotent);
            }
            other => panic!("expected Redirect, got {other:?}"),
        }
        // The POST went out once, and nothing to the Location.
        let reqs = received(&server).await;
        assert_eq!(reqs.len(), 1, "{status}");
        assert_eq!(reqs[0].url.path(), format!("{FLOW_PATH}/runs"));
    }
}

#[tokio::test]
async fn the_token_endpoint_redirect_is_not_followed() {
    let elsewhere = Recorder::start().await;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ims/token/v3"))
        .respond_with(redirect(307, &format!("{}/ims/token/v3", elsewhere.url)))
        .mount(&server)
        .await;
    let api = Api::builder()
        .api_key(API_KEY)
        .org_id(ORG)
        .sandbox(SANDBOX)
        .auth(
            ImsOAuth::new("client-id-1", Secret::new("client-secret-do-not-log"))
                .token_url(format!("{}/ims/token/v3", server.uri())),
        )
        .retry(no_retries())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    match flows(&api, &server).list_runs().await.err() {
        Some(Error::Auth(e)) => {
            assert_eq!(e.status, Some(307));
            assert!(e.message.contains("redirected"), "{e}");
        }
        other => panic!("expected Auth, got {other:?}"),
    }
    let got = elsewhere.received().await;
    assert!(got.is_empty(), "the other origin received {got:?}");
}

#[tokio::test]
async fn a_next_page_link_to_another_origin_is_not_followed() {
    use futures_util::StreamExt;
    let elsewhere = Recorder::start().await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flows")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "items": [flow_json("a")],
            "_links": {"next": {"href": format!("{}{FLOW_PATH}/flows?continuationToken=t2", elsewhere.url)}}
        })))
        .mount(&server)
        .await;
    let clock = VirtualClock::new();
    let fs = flows(&api(&clock, RetryPolicy::default()), &server);
    let all: Vec<_> = fs.list_flows().stream().collect().await;
    // The page's item, and the refusal of its next link (in either order).
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all.iter().any(|r| matches!(r, Ok(f) if f.id == "a")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|r| matches!(r, Err(Error::Config(m)) if m.contains("another origin"))),
        "{all:?}"
    );
    let got = elsewhere.received().await;
    assert!(got.is_empty(), "the other origin received {got:?}");
}

// ------------------------------------------------------------------- bounded reading

fn padded_page(bytes: usize) -> serde_json::Value {
    json!({"items": [], "padding": "x".repeat(bytes)})
}

fn limited_api(limit: u64) -> Api {
    Api::builder()
        .api_key(API_KEY)
        .org_id(ORG)
        .sandbox(SANDBOX)
        .auth(StaticToken::new(TOKEN))
        .retry(RetryPolicy::default())
        .max_response_bytes(limit)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn an_answer_over_the_limit_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/runs")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-big")
                .set_body_json(padded_page(100_000)),
        )
        .mount(&server)
        .await;
    let fs = flows(&limited_api(64 * 1024), &server);
    let err = fs.list_runs().send_value().await.err();
    match &err {
        Some(Error::TooLarge {
            status,
            limit,
            request_id,
            ..
        }) => {
            assert_eq!(*status, 200);
            assert_eq!(*limit, 64 * 1024);
            assert_eq!(request_id.as_deref(), Some("req-big"));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // Too large is final: not tried again.
    assert_eq!(received(&server).await.len(), 1);
    // One call may allow more than the client, or less.
    let ok = fs
        .list_runs()
        .max_response_bytes(200_000)
        .send_value()
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    let open = flows(&limited_api(1 << 20), &server);
    assert!(open.list_runs().send_value().await.is_ok());
    let err = open.list_runs().max_response_bytes(1000).send_value().await;
    assert!(
        matches!(err, Err(Error::TooLarge { limit: 1000, .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_error_answer_over_the_limit_keeps_its_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{FLOW_PATH}/flows/f1")))
        .respond_with(ResponseTemplate::new(404).set_body_string("n".repeat(200_000)))
        .mount(&server)
        .await;
    let fs = flows(&limited_api(10_000), &server);
    match fs.get_flow("f1").await.err() {
        Some(Error::NotFound(e)) => assert!(e.raw.len() <= 2048 && e.raw.starts_with('n')),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_answer_over_its_limit_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ims/token/v3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "t".repeat(200_000), "expires_in": 86399})),
        )
        .mount(&server)
        .await;
    let ims = ImsOAuth::new("client-id-1", Secret::new("client-secret-do-not-log"))
        .token_url(format!("{}/ims/token/v3", server.uri()));
    match ims.token().await {
        Err(e) => {
            assert_eq!(e.status, Some(200));
            assert!(e.message.contains("larger than 65536 bytes"), "{e}");
        }
        Ok(_) => panic!("a 200 KB token answer was accepted"),
    }
}
