//! The four headers (401/403) and the test IMS token endpoint.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use std::time::Duration;

#[tokio::test]
async fn each_header_is_checked() {
    bounded(30, async {
        let env = start().await;
        let c = env.sandbox.credentials.clone();
        let url = env.fs("/flows");
        let bearer = format!("Bearer {}", env.token);
        let good = [
            ("Authorization", bearer.as_str()),
            ("x-api-key", c.api_key.as_str()),
            ("x-gw-ims-org-id", c.org_id.as_str()),
            ("x-sandbox-name", c.sandbox_name.as_str()),
        ];
        let call = |headers: Vec<(&'static str, String)>| {
            let mut req = env.http.get(&url);
            for (k, v) in headers {
                req = req.header(k, v);
            }
            send(req)
        };
        let all = || {
            good.iter()
                .map(|(k, v)| (*k, (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(call(all()).await.status, StatusCode::OK);

        let expected = [
            StatusCode::UNAUTHORIZED,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ];
        for (i, want) in expected.iter().enumerate() {
            let mut missing = all();
            missing.remove(i);
            let a = call(missing).await;
            assert_eq!(a.status, *want, "without {}: {}", good[i].0, a.text);
            let mut wrong = all();
            wrong[i].1 = if i == 0 {
                "Bearer not-a-token".into()
            } else {
                "someone-else".into()
            };
            let a = call(wrong).await;
            assert_eq!(a.status, *want, "wrong {}: {}", good[i].0, a.text);
        }
        let mut basic = all();
        basic[0].1 = "Basic dXNlcjpwYXNz".into();
        let a = call(basic).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert_eq!(a.body["error_code"], "401013");
        // Data Prep checks them too.
        let a = send(env.http.get(env.dp("/mappingSets?limit=1&start=0"))).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        // Refused requests are still counted, and nothing was created.
        assert_eq!(env.sandbox.counters.get("GET", "/flows"), 10);
        env.sandbox.shutdown().await;
    })
    .await;
}

async fn token_call(env: &Env, form: &[(&str, &str)]) -> Answer {
    let body: String = form_body(form);
    send(
        env.http
            .post(&env.sandbox.ims_token_url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body),
    )
    .await
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace('@', "%40").replace(' ', "+")))
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn client_credentials_give_a_token_the_api_accepts() {
    bounded(30, async {
        let mut env = start().await;
        let c = env.sandbox.credentials.clone();
        let a = token_call(
            &env,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &c.api_key),
                ("client_secret", &c.client_secret),
                ("scope", "openid,AdobeID,read_organizations"),
            ],
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(a.body["token_type"], "bearer");
        assert_eq!(a.body["expires_in"], 86_400);
        let token = a.body["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(!token.is_empty());

        env.token = token;
        assert_eq!(env.get(&env.fs("/flows")).await.status, StatusCode::OK);

        // Expiry follows the sandbox clock.
        env.sandbox.clock.advance(Duration::from_secs(86_400));
        assert_eq!(
            env.get(&env.fs("/flows")).await.status,
            StatusCode::UNAUTHORIZED
        );

        let bad_secret = token_call(
            &env,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &c.api_key),
                ("client_secret", "wrong"),
            ],
        )
        .await;
        assert_eq!(bad_secret.status, StatusCode::UNAUTHORIZED);
        assert_eq!(bad_secret.body["error"], "invalid_client");
        let bad_grant = token_call(
            &env,
            &[("grant_type", "password"), ("client_id", &c.api_key)],
        )
        .await;
        assert_eq!(bad_grant.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad_grant.body["error"], "unsupported_grant_type");
        assert_eq!(env.sandbox.counters.get("POST", "/ims/token/v3"), 3);
        env.sandbox.shutdown().await;
    })
    .await;
}

#[tokio::test]
async fn static_tokens_work_and_foreign_tokens_do_not() {
    bounded(30, async {
        let env = start().await;
        // A valid token sent with the right key works ...
        let ok = env.get(&env.fs("/connectionSpecs")).await;
        assert_eq!(ok.status, StatusCode::OK);
        assert_eq!(
            ok.body["items"].as_array().map(Vec::len),
            Some(aep_flows::connection_specs::all().len())
        );
        // ... a static token configured on the builder too.
        let s = flow_sandbox::Sandbox::builder()
            .static_token("fixed-token")
            .start()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let c = &s.credentials;
        let a = send(
            client()
                .request(Method::GET, format!("{}/flows", s.flow_service_url))
                .bearer_auth("fixed-token")
                .header("x-api-key", &c.api_key)
                .header("x-gw-ims-org-id", &c.org_id)
                .header("x-sandbox-name", &c.sandbox_name),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        // Tokens of one sandbox mean nothing to another.
        let a = send(
            client()
                .request(Method::GET, format!("{}/flows", s.flow_service_url))
                .bearer_auth(&env.token)
                .header("x-api-key", &c.api_key)
                .header("x-gw-ims-org-id", &c.org_id)
                .header("x-sandbox-name", &c.sandbox_name),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        s.shutdown().await;
        env.sandbox.shutdown().await;
    })
    .await;
}
