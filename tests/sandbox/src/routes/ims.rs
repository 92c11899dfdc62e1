//! A test IMS token endpoint: OAuth server-to-server (client credentials).
//!
//! `POST /ims/token/v3` with a form body `grant_type=client_credentials`,
//! `client_id`, `client_secret` (and an optional `scope`) answers
//! `{access_token, token_type, expires_in}`; `expires_in` is in seconds, on the
//! sandbox clock. Bad credentials get IMS-style `{error, error_description}`.

use crate::app::Shared;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// The token endpoint handler.
pub async fn token(State(app): State<Shared>, body: Bytes) -> Response {
    let mut grant = None;
    let mut client_id = None;
    let mut secret = None;
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "grant_type" => grant = Some(v.into_owned()),
            "client_id" => client_id = Some(v.into_owned()),
            "client_secret" => secret = Some(v.into_owned()),
            _ => {}
        }
    }
    if grant.as_deref() != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    let creds = &app.config.credentials;
    if client_id.as_deref() != Some(creds.api_key.as_str())
        || secret.as_deref() != Some(creds.client_secret.as_str())
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "invalid client_id or client_secret",
        );
    }
    let lifetime = app.config.token_lifetime_secs;
    let token = app.tokens.issue(&creds.api_key, lifetime, &app.clock);
    Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": lifetime,
    }))
    .into_response()
}
