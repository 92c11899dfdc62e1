//! What every API request goes through before its handler: it is counted, then
//! meets the fault queued for its route (if any), then the header checks.

use crate::app::Shared;
use crate::auth::authenticate;
use crate::errors::ApiError;
use crate::faults::Fault;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Where the Flow Service is mounted (as on `platform.adobe.io`).
pub const FLOW_SERVICE_PREFIX: &str = "/data/foundation/flowservice";
/// Where Data Prep is mounted.
pub const DATA_PREP_PREFIX: &str = "/data/foundation/conversion";
/// The IMS token endpoint (client credentials).
pub const IMS_TOKEN_PATH: &str = "/ims/token/v3";

/// The route name used by counters and faults: the path template relative to
/// its service root (`/flows/{flowId}`), or the full path for the token endpoint.
pub fn route_of(template: &str) -> &str {
    [FLOW_SERVICE_PREFIX, DATA_PREP_PREFIX]
        .iter()
        .find_map(|p| template.strip_prefix(p).filter(|r| r.starts_with('/')))
        .unwrap_or(template)
}

/// Lets a request close the connection it arrived on; installed per connection
/// by the server loop.
#[derive(Debug, Clone, Default)]
pub struct ConnKiller(Arc<Notify>);

impl ConnKiller {
    /// Asks the server loop to close the connection now, without answering.
    pub fn kill(&self) {
        self.0.notify_one();
    }

    /// Resolves once [`ConnKiller::kill`] was called.
    pub async fn killed(&self) {
        self.0.notified().await;
    }
}

fn injected_status(status: u16, retry_after: Option<u32>) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let err = if code == StatusCode::TOO_MANY_REQUESTS {
        ApiError::gateway(code, "429050", "Too many requests")
    } else {
        let service_code = match code.as_u16() {
            500 => "FLOW-1500",
            502 => "FLOW-1502",
            503 => "FLOW-1503",
            504 => "FLOW-1504",
            _ => "FLOW-1599",
        };
        ApiError::with_status(code, service_code, "Fault injected by the sandbox")
    };
    match retry_after {
        Some(secs) => err.retry_after(secs).into_response(),
        None => err.into_response(),
    }
}

async fn drop_connection(killer: Option<ConnKiller>) -> Response {
    match killer {
        Some(k) => {
            k.kill();
            // The server loop drops the connection, and this future with it.
            std::future::pending::<()>().await;
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        None => StatusCode::BAD_GATEWAY.into_response(),
    }
}

async fn truncate_body(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, 64 << 20)
        .await
        .unwrap_or_default();
    let cut = bytes.len() / 2;
    let broken = if cut == 0 {
        axum::body::Bytes::from_static(b"{")
    } else {
        bytes.slice(..cut)
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(broken))
}

/// Counts the request and applies the fault queued for its route.
pub async fn gate(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| route_of(m.as_str()).to_owned())
        .unwrap_or_else(|| req.uri().path().to_owned());
    let method = req.method().as_str().to_owned();
    app.counters.record(&method, &route);
    let Some(fault) = app.faults.take(&method, &route) else {
        return next.run(req).await;
    };
    let killer = req.extensions().get::<ConnKiller>().cloned();
    match fault {
        Fault::Status {
            status,
            retry_after,
        } => injected_status(status, retry_after),
        Fault::Delay { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Fault::Drop => drop_connection(killer).await,
        Fault::DropAfterHandling => {
            let _lost = next.run(req).await;
            drop_connection(killer).await
        }
        Fault::MalformedJson => truncate_body(next.run(req).await).await,
    }
}

/// Checks the four identification headers and hands the [`crate::auth::Caller`]
/// to the handler.
pub async fn require_auth(State(app): State<Shared>, mut req: Request, next: Next) -> Response {
    match authenticate(req.headers(), &app.config, &app.tokens, &app.clock) {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_names_are_relative_to_their_service() {
        assert_eq!(
            route_of("/data/foundation/flowservice/flows/{flowId}"),
            "/flows/{flowId}"
        );
        assert_eq!(
            route_of("/data/foundation/conversion/mappingSets"),
            "/mappingSets"
        );
        assert_eq!(route_of("/ims/token/v3"), "/ims/token/v3");
    }
}
