//! The four identification headers and the tokens the sandbox issues.
//!
//! Checked in the order the gateway would: `Authorization` (401 when missing,
//! not `Bearer <token>`, unknown or expired), `x-api-key` (403 when missing,
//! unknown, or not the client the token was issued to), `x-gw-ims-org-id` (403
//! when missing or another organization) and `x-sandbox-name` (403 when missing
//! or not a sandbox of the organization).

use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::errors::ApiError;
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Who is calling, once the headers passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The IMS client id (the API key).
    pub client_id: String,
    /// The organization.
    pub org_id: String,
    /// The sandbox the call operates in.
    pub sandbox: String,
}

impl Caller {
    /// The identity written into `createdBy`/`updatedBy`.
    pub fn user(&self) -> String {
        format!("{}@techacct.adobe.com", self.client_id)
    }
}

#[derive(Debug, Clone)]
struct Issued {
    client_id: String,
    expires_at_ms: i64,
}

/// Tokens issued by the sandbox. Cloning gives another handle to the same set.
#[derive(Clone, Default)]
pub struct Tokens {
    issued: Arc<Mutex<HashMap<String, Issued>>>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("issued", &self.lock().len())
            .finish()
    }
}

impl Tokens {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Issued>> {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Issues a token for `client_id`, valid for `lifetime_secs` on `clock`.
    pub fn issue(&self, client_id: &str, lifetime_secs: i64, clock: &Clock) -> String {
        let token = format!(
            "sbx.{}.{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let expires_at_ms = clock
            .now_ms()
            .saturating_add(lifetime_secs.saturating_mul(1000));
        self.lock().insert(
            token.clone(),
            Issued {
                client_id: client_id.to_owned(),
                expires_at_ms,
            },
        );
        token
    }

    /// The client a still-valid token was issued to.
    fn client_of(&self, token: &str, now_ms: i64) -> Option<String> {
        self.lock()
            .get(token)
            .filter(|i| now_ms < i.expires_at_ms)
            .map(|i| i.client_id.clone())
    }

    /// How many tokens were issued so far.
    pub fn issued_count(&self) -> usize {
        self.lock().len()
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn unauthorized() -> ApiError {
    ApiError::gateway(
        StatusCode::UNAUTHORIZED,
        "401013",
        "Oauth token is not valid",
    )
}

/// Checks the four headers of a Flow Service or Data Prep call.
pub fn authenticate(
    headers: &HeaderMap,
    config: &SandboxConfig,
    tokens: &Tokens,
    clock: &Clock,
) -> Result<Caller, ApiError> {
    let auth = header(headers, "authorization").ok_or_else(unauthorized)?;
    let token = auth
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(unauthorized)?;
    let token_client = if config.static_tokens.iter().any(|t| t == token) {
        None
    } else {
        Some(
            tokens
                .client_of(token, clock.now_ms())
                .ok_or_else(unauthorized)?,
        )
    };
    let creds = &config.credentials;
    let api_key = header(headers, "x-api-key")
        .ok_or_else(|| ApiError::gateway(StatusCode::FORBIDDEN, "403000", "Api Key is required"))?;
    if api_key != creds.api_key {
        return Err(ApiError::gateway(
            StatusCode::FORBIDDEN,
            "403003",
            "Api Key is invalid",
        ));
    }
    if token_client.is_some_and(|c| c != api_key) {
        return Err(ApiError::gateway(
            StatusCode::FORBIDDEN,
            "403025",
            "Client ID of the token does not match the API key",
        ));
    }
    let org = header(headers, "x-gw-ims-org-id").ok_or_else(|| {
        ApiError::forbidden("FLOW-1002", "The x-gw-ims-org-id header is required")
    })?;
    if org != creds.org_id {
        return Err(ApiError::forbidden(
            "FLOW-1003",
            format!("The client has no access to organization {org}"),
        ));
    }
    let sandbox = header(headers, "x-sandbox-name")
        .ok_or_else(|| ApiError::forbidden("FLOW-1004", "The x-sandbox-name header is required"))?;
    if !config.knows_sandbox(sandbox) {
        return Err(ApiError::forbidden(
            "FLOW-1005",
            format!("Sandbox {sandbox} does not exist or is not accessible"),
        ));
    }
    Ok(Caller {
        client_id: api_key.to_owned(),
        org_id: org.to_owned(),
        sandbox: sandbox.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            if let Ok(v) = HeaderValue::from_str(v) {
                h.insert(*k, v);
            }
        }
        h
    }

    #[test]
    fn checks_each_header_in_turn() {
        let config = SandboxConfig::default();
        let clock = Clock::frozen_at_ms(0);
        let tokens = Tokens::default();
        let c = &config.credentials;
        let tok = tokens.issue(&c.api_key, 10, &clock);
        let bearer = format!("Bearer {tok}");
        let ok = [
            ("authorization", bearer.as_str()),
            ("x-api-key", c.api_key.as_str()),
            ("x-gw-ims-org-id", c.org_id.as_str()),
            ("x-sandbox-name", "prod"),
        ];
        let status = |h: &HeaderMap| {
            authenticate(h, &config, &tokens, &clock).map_err(|e| e.status().as_u16())
        };
        assert_eq!(
            status(&headers(&ok)).map(|c| c.sandbox),
            Ok("prod".to_owned())
        );
        for (i, expected) in [(0, 401), (1, 403), (2, 403), (3, 403)] {
            let mut missing = ok.to_vec();
            missing.remove(i);
            assert_eq!(
                status(&headers(&missing)).err(),
                Some(expected),
                "without {i}"
            );
            let mut wrong = ok.to_vec();
            wrong[i].1 = "Bearer nope";
            assert_eq!(status(&headers(&wrong)).err(), Some(expected), "wrong {i}");
        }
        let mut basic = ok.to_vec();
        basic[0].1 = "Basic abc";
        assert_eq!(status(&headers(&basic)).err(), Some(401));
        clock.advance_ms(10_000);
        assert_eq!(status(&headers(&ok)).err(), Some(401), "expired");
    }
}
