//! Errors of generated clients: typed by HTTP status, carrying the Adobe error body and
//! the request id. None holds a secret.

use super::auth::AuthError;
use super::guard::{InsecureHttp, RedirectRefused};
use crate::error::ValidationErrors;
use serde_json::{Map, Value};
use std::fmt;
use std::time::Duration;

/// The error body Experience Platform services answer with. Services use the
/// problem-details fields (`type`, `title`, `status`, `detail`, `report`); the gateway
/// uses `error_code` and `message`. Every field is optional; others are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdobeError {
    /// `type`: a URI naming the error kind.
    pub type_: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `status`.
    pub status: Option<i64>,
    /// `detail`.
    pub detail: Option<String>,
    /// `report`: diagnostic context.
    pub report: Option<Value>,
    /// `error-chain`.
    pub error_chain: Vec<Value>,
    /// `error_code` (gateway errors).
    pub error_code: Option<String>,
    /// `message` (gateway errors).
    pub message: Option<String>,
    /// Any other members.
    pub extra: Map<String, Value>,
}

impl AdobeError {
    /// Reads an error body; `None` when it is not a JSON object.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let Ok(Value::Object(mut m)) = serde_json::from_slice::<Value>(body) else {
            return None;
        };
        let mut text = |k: &str| match m.remove(k) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let type_ = text("type");
        let title = text("title");
        let detail = text("detail");
        let error_code = text("error_code");
        let message = text("message");
        let status = m.remove("status").and_then(|v| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        });
        let report = m.remove("report");
        let error_chain = match m.remove("error-chain") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        Some(AdobeError {
            type_,
            title,
            status,
            detail,
            report,
            error_chain,
            error_code,
            message,
            extra: m,
        })
    }

    /// The most specific human-readable text it has.
    pub fn summary(&self) -> Option<&str> {
        self.detail
            .as_deref()
            .or(self.message.as_deref())
            .or(self.title.as_deref())
    }
}

/// An answer with a status that is not a success.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The operation id (`createFlow`, ...).
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The error body, when it is a JSON object.
    pub body: Option<AdobeError>,
    /// The first 2 KiB of the raw body.
    pub raw: String,
    /// The `x-request-id` of the answer, for support requests.
    pub request_id: Option<String>,
    /// The answer's `Retry-After`, when it had one.
    pub retry_after: Option<Duration>,
    /// How many attempts were made.
    pub attempts: u32,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with status {}", self.operation, self.status)?;
        if let Some(b) = &self.body {
            if let Some(t) = &b.type_ {
                write!(f, " ({t})")?;
            }
            if let Some(s) = b.summary() {
                write!(f, ": {s}")?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

/// Why a call failed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// A parameter or the body breaks its schema; nothing was sent.
    Invalid {
        /// The operation id.
        operation: &'static str,
        /// Every violation; instance paths start with `/path/...`, `/query/...`,
        /// `/header/...` or `/body`.
        errors: ValidationErrors,
    },
    /// An update needs `If-Match`, and the value given has no etag; nothing was sent.
    MissingEtag {
        /// The operation id.
        operation: &'static str,
    },
    /// `401`: the token is missing, expired or invalid.
    Unauthorized(Box<ApiError>),
    /// `403`: not allowed.
    Forbidden(Box<ApiError>),
    /// `404`: no such resource.
    NotFound(Box<ApiError>),
    /// `409`: conflicts with the resource's state.
    Conflict(Box<ApiError>),
    /// `412`: the `If-Match` etag is stale; read the resource again.
    PreconditionFailed(Box<ApiError>),
    /// `429` after every retry.
    TooManyRequests(Box<ApiError>),
    /// `5xx` (after every retry, where retried).
    Server(Box<ApiError>),
    /// Any other non-success status (`400`, ...).
    Status(Box<ApiError>),
    /// A success answer whose body does not match its schema. Nothing of the answer is
    /// lost: the body is kept (as JSON when it is JSON, and as text), with every violation,
    /// so a `POST` that created something still tells the caller its id.
    Decode {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The answer's `x-request-id`.
        request_id: Option<String>,
        /// What did not match (a summary of `violations`).
        message: String,
        /// The answer's body as JSON; `None` when it is not JSON at all.
        body: Option<Box<Value>>,
        /// The answer's body as text (lossy UTF-8), whole.
        raw: String,
        /// Every violation of the schema, each with its instance and schema path (one
        /// `Syntax` entry when the body is not JSON, or when the answer's type is not a
        /// generated one). Boxed, like the body, to keep `Error` small.
        violations: Box<ValidationErrors>,
    },
    /// An attempt timed out and was not retried.
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The connection failed and the call was not retried (or retries ran out).
    Transport {
        /// The operation id.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// Whether the request may have reached the server.
        sent: bool,
        /// The transport's message (without the URL).
        message: String,
    },
    /// A redirect (`3xx` with a `Location`) that the client does not follow: to another
    /// origin, of a call that is not idempotent, or one too many. Nothing was sent to the
    /// `Location`.
    Redirect {
        /// The operation id.
        operation: &'static str,
        /// The redirect's HTTP status.
        status: u16,
        /// Where the answer pointed (resolved against the request's URL).
        location: String,
        /// Why it was not followed.
        reason: RedirectRefused,
    },
    /// The answer's body is larger than the call's limit; reading stopped there (or did
    /// not start, when `Content-Length` said so).
    TooLarge {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The limit in bytes.
        limit: u64,
        /// The answer's `x-request-id`.
        request_id: Option<String>,
    },
    /// A service URL would carry the credentials in clear text; nothing was sent.
    InsecureHttp(InsecureHttp),
    /// No access token could be had.
    Auth(AuthError),
    /// The client is misconfigured (a missing setting, a bad base URL, a next-page link to
    /// another origin, ...).
    Config(String),
}

impl Error {
    /// The API error, for errors that are answers.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::PreconditionFailed(e)
            | Error::TooManyRequests(e)
            | Error::Server(e)
            | Error::Status(e) => Some(e),
            _ => None,
        }
    }

    /// The body of a success answer that did not match its schema, as JSON.
    pub fn decoded_body(&self) -> Option<&Value> {
        match self {
            Error::Decode { body, .. } => body.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, for errors that are answers.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. }
            | Error::Redirect { status, .. }
            | Error::TooLarge { status, .. } => Some(*status),
            _ => self.api().map(|e| e.status),
        }
    }

    /// The answer's request id, when there was an answer carrying one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode { request_id, .. } | Error::TooLarge { request_id, .. } => {
                request_id.as_deref()
            }
            _ => self.api().and_then(|e| e.request_id.as_deref()),
        }
    }

    /// The typed error for a failed answer.
    pub fn from_status(e: ApiError) -> Self {
        let e = Box::new(e);
        match e.status {
            401 => Error::Unauthorized(e),
            403 => Error::Forbidden(e),
            404 => Error::NotFound(e),
            409 => Error::Conflict(e),
            412 => Error::PreconditionFailed(e),
            429 => Error::TooManyRequests(e),
            500..=599 => Error::Server(e),
            _ => Error::Status(e),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid { operation, errors } => {
                write!(f, "{operation} was not sent, its input is invalid: {errors}")
            }
            Error::MissingEtag { operation } => write!(
                f,
                "{operation} was not sent: the value given for If-Match has no etag"
            ),
            Error::Decode {
                operation,
                status,
                message,
                ..
            } => write!(
                f,
                "{operation} answered {status} with a body that does not match its schema: {message}"
            ),
            Error::Timeout {
                operation,
                attempts,
            } => write!(f, "{operation} timed out (attempts: {attempts})"),
            Error::Transport {
                operation,
                attempts,
                message,
                ..
            } => write!(f, "{operation} failed (attempts: {attempts}): {message}"),
            Error::Redirect {
                operation,
                status,
                location,
                reason,
            } => write!(
                f,
                "{operation} was redirected ({status}) to {location}; not followed: {reason}"
            ),
            Error::TooLarge {
                operation,
                status,
                limit,
                ..
            } => write!(
                f,
                "{operation} answered {status} with a body larger than {limit} bytes; not read further"
            ),
            Error::InsecureHttp(e) => write!(f, "client configuration: {e}"),
            Error::Auth(e) => write!(f, "{e}"),
            Error::Config(m) => write!(f, "client configuration: {m}"),
            other => match other.api() {
                Some(e) => write!(f, "{e}"),
                None => f.write_str("request failed"),
            },
        }
    }
}

impl std::error::Error for Error {}
