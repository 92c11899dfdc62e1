//! Error answers shaped like Experience Platform's.
//!
//! Services answer with a problem-details body (`type`, `title`, `status`,
//! `detail`, `report`); the API gateway (token and API-key checks, rate limits)
//! answers with `error_code` and `message`. Validation failures list every
//! violation in `report.violations`, each with the JSON pointer of the offending
//! member of the request body (`path`), the pointer of the violated keyword in
//! the flowSpec's schema when there is one (`schemaPath`) and a `message`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// One reason a request body was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// JSON pointer into the request body, e.g. `/scheduleParams/interval`.
    pub path: String,
    /// JSON pointer of the violated schema keyword (`#/...`), when known.
    pub schema_path: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Violation {
    /// A violation at `path` with no schema location.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Violation {
            path: path.into(),
            schema_path: None,
            message: message.into(),
        }
    }

    /// The violations a generated registry's `validate(part, value)` reported, each at
    /// its pointer below `prefix` in the request body, with the part and keyword
    /// (`scheduleSpec#/else/then/properties/interval/minimum`).
    pub fn of_part(
        part: &str,
        prefix: &str,
        verdict: Result<(), aep_flows::ValidationErrors>,
    ) -> Vec<Violation> {
        match verdict {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| Violation {
                    path: format!("{prefix}{}", e.instance_path),
                    schema_path: Some(format!("{part}#{}", e.schema_path)),
                    message: e.kind.to_string(),
                })
                .collect(),
        }
    }

    fn to_json(&self) -> Value {
        let mut v = json!({ "path": self.path, "message": self.message });
        if let (Some(sp), Some(obj)) = (&self.schema_path, v.as_object_mut()) {
            obj.insert("schemaPath".into(), Value::String(sp.clone()));
        }
        v
    }
}

#[derive(Debug, Clone)]
enum Body {
    /// Problem details; `code` is the service code such as `FLOW-1103`.
    Service {
        code: &'static str,
        detail: String,
        violations: Vec<Violation>,
    },
    /// The gateway's `{error_code, message}`.
    Gateway { code: &'static str, message: String },
}

/// An error answer: a status, a body and, for 429/503, a `Retry-After`.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    body: Body,
    retry_after: Option<u32>,
}

impl ApiError {
    fn service(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            body: Body::Service {
                code,
                detail: detail.into(),
                violations: Vec::new(),
            },
            retry_after: None,
        }
    }

    /// 400 for a request that cannot be understood (bad query, bad JSON, ...).
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::service(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 400 listing every violation of a request body.
    pub fn invalid(
        code: &'static str,
        detail: impl Into<String>,
        violations: Vec<Violation>,
    ) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: Body::Service {
                code,
                detail: detail.into(),
                violations,
            },
            retry_after: None,
        }
    }

    /// 404 for an unknown id.
    pub fn not_found(code: &'static str, detail: impl Into<String>) -> Self {
        Self::service(StatusCode::NOT_FOUND, code, detail)
    }

    /// 403 raised by the service (organization or sandbox not accessible).
    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Self::service(StatusCode::FORBIDDEN, code, detail)
    }

    /// 409 for a request that conflicts with stored resources.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::service(StatusCode::CONFLICT, code, detail)
    }

    /// 412 for a stale `If-Match`.
    pub fn precondition_failed(code: &'static str, detail: impl Into<String>) -> Self {
        Self::service(StatusCode::PRECONDITION_FAILED, code, detail)
    }

    /// A service error with any status (used by fault injection for 500/503).
    pub fn with_status(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self::service(status, code, detail)
    }

    /// A gateway error (`{error_code, message}`), e.g. 401 for a bad token.
    pub fn gateway(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: Body::Gateway {
                code,
                message: message.into(),
            },
            retry_after: None,
        }
    }

    /// Adds a `Retry-After: <seconds>` header.
    pub fn retry_after(mut self, seconds: u32) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The JSON body this error is answered with.
    pub fn body_json(&self) -> Value {
        match &self.body {
            Body::Service {
                code,
                detail,
                violations,
            } => {
                let status = self.status.as_u16();
                let mut report = json!({ "additionalContext": null });
                if !violations.is_empty() {
                    if let Some(obj) = report.as_object_mut() {
                        obj.insert(
                            "violations".into(),
                            violations.iter().map(Violation::to_json).collect(),
                        );
                    }
                }
                json!({
                    "type": format!("https://ns.adobe.com/aep/errors/{code}-{status}"),
                    "title": self.status.canonical_reason().unwrap_or("Error"),
                    "status": status,
                    "detail": detail,
                    "report": report,
                })
            }
            Body::Gateway { code, message } => json!({ "error_code": code, "message": message }),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.body_json().to_string();
        let mut resp = (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_body_lists_pointers() {
        let mut v = Violation::new("/scheduleParams/interval", "must be at least 15");
        v.schema_path = Some("#/else/then/properties/interval/minimum".into());
        let e = ApiError::invalid("FLOW-1103", "invalid flow", vec![v]);
        let b = e.body_json();
        assert_eq!(b["status"], 400);
        assert_eq!(b["title"], "Bad Request");
        assert_eq!(b["type"], "https://ns.adobe.com/aep/errors/FLOW-1103-400");
        assert_eq!(
            b["report"]["violations"][0]["path"],
            "/scheduleParams/interval"
        );
        assert_eq!(
            b["report"]["violations"][0]["schemaPath"],
            "#/else/then/properties/interval/minimum"
        );
    }

    #[test]
    fn gateway_body_and_retry_after() {
        let e = ApiError::gateway(StatusCode::TOO_MANY_REQUESTS, "429050", "Too many requests")
            .retry_after(3);
        assert_eq!(e.body_json()["error_code"], "429050");
        let r = e.into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "3");
    }
}
