//! Sending a request: the common headers, retries, timeouts, redirects, bounded
//! reading, tracing, typed answers.

use super::config::{Secret, Service};
use super::error::{AdobeError, ApiError, Error};
use super::guard::{check_tls, read_body, redirect_target, ReadError, RedirectRefused};
use super::guard::{MAX_ERROR_BODY_BYTES, MAX_REDIRECTS};
use super::request::{Body, Request};
use super::retry::{idempotent, retry_after, retry_status, RetryPolicy};
use super::BoxFuture;
use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use crate::typed::Validated;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::Duration;
use tracing::Instrument;

/// A success answer.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Vec<u8>,
}

fn header_value(value: &str, sensitive: bool) -> Result<reqwest::header::HeaderValue, Error> {
    let mut v = reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| Error::Config("a header value holds characters HTTP does not allow".into()))?;
    v.set_sensitive(sensitive);
    Ok(v)
}

impl Service {
    /// The URL of `req`.
    pub(crate) fn url(&self, req: &Request) -> Result<reqwest::Url, Error> {
        let text = match &req.url {
            Some(u) => u.clone(),
            None => format!("{}{}", self.base, req.path),
        };
        let mut url = reqwest::Url::parse(&text).map_err(|e| {
            Error::Config(format!(
                "bad URL for {} ({e}): check the base URL",
                req.operation
            ))
        })?;
        if !req.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &req.query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// The HTTP request of `req` to `url` with `method`: `req`'s own method, or `GET`
    /// after a `303 See Other` (then without the body and `If-Match`).
    fn build(
        &self,
        req: &Request,
        url: &reqwest::Url,
        method: &'static str,
        token: &Secret,
    ) -> Result<reqwest::Request, Error> {
        use reqwest::header::{HeaderName, ACCEPT, AUTHORIZATION, CONTENT_TYPE, IF_MATCH};
        let api = &self.api.inner;
        let own = method == req.method;
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|_| Error::Config(format!("bad method {method}")))?;
        let mut r = reqwest::Request::new(method, url.clone());
        *r.timeout_mut() = Some(req.call.timeout.unwrap_or(api.timeout));
        let h = r.headers_mut();
        h.insert(
            AUTHORIZATION,
            header_value(&format!("Bearer {}", token.expose()), true)?,
        );
        h.insert(
            HeaderName::from_static("x-api-key"),
            header_value(api.api_key.expose(), true)?,
        );
        h.insert(
            HeaderName::from_static("x-gw-ims-org-id"),
            header_value(&api.org_id, false)?,
        );
        h.insert(
            HeaderName::from_static("x-sandbox-name"),
            header_value(&api.sandbox, false)?,
        );
        h.insert(ACCEPT, header_value("application/json", false)?);
        if let (true, Some(Some(etag))) = (own, &req.if_match) {
            h.insert(IF_MATCH, header_value(etag, false)?);
        }
        for (k, v) in &req.headers {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| Error::Config(format!("bad header name {k:?}")))?;
            h.append(name, header_value(v, false)?);
        }
        if !own {
            return Ok(r);
        }
        match &req.body {
            Some(Body::Json {
                media_type,
                value: Ok(v),
            }) => {
                h.insert(CONTENT_TYPE, header_value(media_type, false)?);
                let bytes = serde_json::to_vec(v).map_err(|e| Error::Config(e.to_string()))?;
                *r.body_mut() = Some(bytes.into());
            }
            Some(Body::Bytes { media_type, bytes }) => {
                h.insert(CONTENT_TYPE, header_value(media_type, false)?);
                *r.body_mut() = Some(bytes.clone().into());
            }
            Some(Body::Json { value: Err(_), .. }) | None => {}
        }
        Ok(r)
    }

    /// One attempt: sends `req` to `url`, and follows redirects that stay on `url`'s
    /// origin, of an idempotent call, at most [`MAX_REDIRECTS`] times (each request with
    /// the call's timeout). Any other redirect is [`Error::Redirect`]: nothing goes to its
    /// `Location`. The inner result is the transport's.
    async fn send_following(
        &self,
        req: &Request,
        url: &reqwest::Url,
        token: &Secret,
    ) -> Result<Result<reqwest::Response, reqwest::Error>, Error> {
        let mut target = url.clone();
        let mut method = req.method;
        let mut followed = 0;
        loop {
            let built = self.build(req, &target, method, token)?;
            let resp = match self.api.inner.http.execute(built).await {
                Ok(resp) => resp,
                Err(e) => return Ok(Err(e)),
            };
            let Some(next) = redirect_target(&resp, &target) else {
                return Ok(Ok(resp));
            };
            let status = resp.status().as_u16();
            let refused = if next.origin() != url.origin() {
                Some(RedirectRefused::OtherOrigin)
            } else if !idempotent(req.method) {
                Some(RedirectRefused::NotIdempotent)
            } else if followed >= MAX_REDIRECTS {
                Some(RedirectRefused::TooMany)
            } else {
                None
            };
            if let Some(reason) = refused {
                tracing::warn!(status, %reason, "redirect not followed");
                return Err(Error::Redirect {
                    operation: req.operation,
                    status,
                    location: next.to_string(),
                    reason,
                });
            }
            tracing::debug!(status, path = %next.path(), "following a same-origin redirect");
            followed += 1;
            if status == 303 && method != "HEAD" {
                method = "GET";
            }
            target = next;
        }
    }

    /// Sends `req`, retrying as the policy allows; the success answer or the error.
    pub(crate) async fn execute(&self, req: &Request) -> Result<Answer, Error> {
        let operation = req.operation;
        unsendable(req)?;
        let url = self.url(req)?;
        let api = &self.api.inner;
        check_tls(&url, "service URL", api.allow_insecure_http).map_err(Error::InsecureHttp)?;
        let limit = req
            .call
            .max_response_bytes
            .unwrap_or(api.max_response_bytes);
        let policy = &api.retry;
        let mut attempt: u32 = 0;
        let mut refreshed = false;
        loop {
            attempt += 1;
            let span = tracing::info_span!(
                "flowgen.call",
                operation,
                method = req.method,
                path = %url.path(),
                attempt,
                status = tracing::field::Empty,
            );
            let token = api
                .auth
                .token()
                .instrument(span.clone())
                .await
                .map_err(Error::Auth)?;
            let outcome = self
                .send_following(req, &url, &token)
                .instrument(span.clone())
                .await?;
            let last = attempt >= policy.max_attempts.max(1);
            let delay = match outcome {
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    span.record("status", status);
                    let header = |name: &str| {
                        resp.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned)
                    };
                    let request_id = header("x-request-id");
                    let wait = retry_after(header("retry-after").as_deref());
                    let success = (200..300).contains(&status);
                    let read = read_answer(&mut resp, limit, success);
                    let body = match read.instrument(span.clone()).await {
                        Ok(b) => b,
                        Err(ReadError::TooLarge) => {
                            tracing::warn!(parent: &span, limit, "the answer is too large");
                            return Err(Error::TooLarge {
                                operation,
                                status,
                                limit,
                                request_id,
                            });
                        }
                        Err(ReadError::Read(e)) => {
                            // The request was answered; only the body was lost.
                            let retry = !last && (idempotent(req.method) || policy.retry_unsafe);
                            tracing::warn!(parent: &span, retry, "the answer's body could not be read");
                            if retry {
                                api.clock.sleep(policy.backoff(attempt)).await;
                                continue;
                            }
                            return Err(transport(operation, attempt, true, &e));
                        }
                    };
                    if success {
                        tracing::debug!(parent: &span, status, "answered");
                        return Ok(Answer {
                            status,
                            request_id,
                            body,
                        });
                    }
                    if status == 401 && !refreshed && api.auth.invalidate(&token) {
                        refreshed = true;
                        tracing::info!(parent: &span, "401: fetching a new token and trying once more");
                        continue;
                    }
                    let error = ApiError {
                        operation,
                        status,
                        body: AdobeError::parse(&body),
                        raw: String::from_utf8_lossy(&body[..body.len().min(2048)]).into_owned(),
                        request_id,
                        retry_after: wait,
                        attempts: attempt,
                    };
                    failed_answer(req, policy, last, &span, error)?
                }
                Err(e) => failed_attempt(req, policy, attempt, last, &span, &e)?,
            };
            tracing::info!(parent: &span, delay_ms = delay.as_millis() as u64, "retrying");
            api.clock.sleep(delay).await;
        }
    }

    // The readers a generated `send()` calls return boxed futures: the state machine of
    // each is built and checked here, once, so a generated crate (one call per
    // operation) type-checks a plain function returning `BoxFuture` instead of an
    // `async` body whose future it would have to lay out and prove `Send` again.

    /// Sends `req` and reads a JSON answer as `T` (validated when `T` is generated).
    pub fn json<'s, T: DeserializeOwned + Send + 's>(
        &'s self,
        req: Request,
    ) -> BoxFuture<'s, Result<T, Error>> {
        Box::pin(async move {
            let a = self.execute(&req).await?;
            decode(req.operation, &a, &a.body)
        })
    }

    /// Sends `req` and reads a JSON answer as the generated type `T`; an answer that
    /// breaks `T`'s schema is an [`Error::Decode`] listing every violation, with the body.
    pub fn json_checked<'s, T: Validated + Send + 's>(
        &'s self,
        req: Request,
    ) -> BoxFuture<'s, Result<T, Error>> {
        Box::pin(async move {
            let a = self.execute(&req).await?;
            let body: Value = decode(req.operation, &a, &a.body)?;
            match crate::typed::from_value::<T>(body) {
                Ok(v) => Ok(v),
                // The value went into the conversion; the error holds it, so it is read
                // again from the answer's bytes (an answer that decoded once decodes
                // again), instead of every valid answer being copied first.
                Err(_) => {
                    let body: Value = decode(req.operation, &a, &a.body)?;
                    Err(violations_error::<T>(req.operation, &a, body))
                }
            }
        })
    }

    /// Sends `req`; the answer has no body worth reading.
    pub fn empty(&self, req: Request) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async move { self.execute(&req).await.map(|_| ()) })
    }

    /// Sends `req` and returns the answer's bytes.
    pub fn bytes(&self, req: Request) -> BoxFuture<'_, Result<Vec<u8>, Error>> {
        Box::pin(async move { self.execute(&req).await.map(|a| a.body) })
    }

    /// Sends `req` (a read by id answering `{"items": [one]}`) and returns the one item.
    pub fn item<'s, T: DeserializeOwned + Send + 's>(
        &'s self,
        req: Request,
        key: &'s str,
    ) -> BoxFuture<'s, Result<T, Error>> {
        Box::pin(async move {
            let a = self.execute(&req).await?;
            let page: Value = decode(req.operation, &a, &a.body)?;
            match page
                .get(key)
                .and_then(Value::as_array)
                .and_then(|l| l.first())
            {
                Some(v) => serde_json::from_value(v.clone())
                    .map_err(|e| decode_error(req.operation, &a, e.to_string())),
                None => Err(decode_error(
                    req.operation,
                    &a,
                    format!("the answer's `{key}` list is empty"),
                )),
            }
        })
    }

    /// Sends `req` and returns the JSON answer as a value.
    pub(crate) async fn value(&self, req: &Request) -> Result<(Answer, Value), Error> {
        let a = self.execute(req).await?;
        let v = decode(req.operation, &a, &a.body)?;
        Ok((a, v))
    }
}

/// After a failed answer (`error`): the delay before trying again, or the typed error.
fn failed_answer(
    req: &Request,
    policy: &RetryPolicy,
    last: bool,
    span: &tracing::Span,
    error: ApiError,
) -> Result<Duration, Error> {
    let status = error.status;
    if last || !retry_status(policy, req.method, status) {
        tracing::info!(parent: span, status, "failed");
        return Err(Error::from_status(error));
    }
    match error.retry_after {
        Some(w) if w > policy.max_retry_after => {
            tracing::info!(parent: span, status, "Retry-After is too long to wait");
            Err(Error::from_status(error))
        }
        Some(w) => Ok(w),
        None => Ok(policy.backoff(error.attempts)),
    }
}

/// After an attempt that got no answer: the delay before trying again, or the error.
fn failed_attempt(
    req: &Request,
    policy: &RetryPolicy,
    attempt: u32,
    last: bool,
    span: &tracing::Span,
    e: &reqwest::Error,
) -> Result<Duration, Error> {
    // A failed connect sent nothing; anything else may have reached the server.
    let sent = !e.is_connect();
    let retry = !last && (!sent || idempotent(req.method) || policy.retry_unsafe);
    tracing::warn!(parent: span, sent, timeout = e.is_timeout(), retry, "attempt failed");
    if retry {
        return Ok(policy.backoff(attempt));
    }
    if e.is_timeout() {
        return Err(Error::Timeout {
            operation: req.operation,
            attempts: attempt,
        });
    }
    Err(transport(req.operation, attempt, sent, e))
}

/// Refuses a request that must not be sent: invalid parameters or body, or an update
/// whose `If-Match` value has no etag.
fn unsendable(req: &Request) -> Result<(), Error> {
    let operation = req.operation;
    let mut invalid = req.invalid.clone();
    if let Some(Body::Json { value: Err(e), .. }) = &req.body {
        invalid.extend(e.clone().nested("/body").0);
    }
    if !invalid.is_empty() {
        return Err(Error::Invalid {
            operation,
            errors: crate::ValidationErrors(invalid),
        });
    }
    if req.if_match == Some(None) {
        return Err(Error::MissingEtag { operation });
    }
    Ok(())
}

/// The body of an answer, up to `limit` bytes. An error answer's body is kept only in
/// part (it is only shown), never failing for its length.
async fn read_answer(
    resp: &mut reqwest::Response,
    limit: u64,
    success: bool,
) -> Result<Vec<u8>, ReadError> {
    match success {
        true => read_body(resp, limit, false).await,
        false => read_body(resp, limit.min(MAX_ERROR_BODY_BYTES), true).await,
    }
}

fn transport(operation: &'static str, attempts: u32, sent: bool, e: &reqwest::Error) -> Error {
    let mut message = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&s.to_string());
        source = s.source();
    }
    // The URL may carry a continuation token; it is not a secret, but keep messages short.
    if let Some(u) = e.url() {
        message = message.replace(u.as_str(), u.path());
    }
    Error::Transport {
        operation,
        attempts,
        sent,
        message,
    }
}

pub(crate) fn decode_error(operation: &'static str, a: &Answer, message: String) -> Error {
    let body = serde_json::from_slice::<Value>(&a.body).ok().map(Box::new);
    Error::Decode {
        operation,
        status: a.status,
        request_id: a.request_id.clone(),
        violations: Box::new(syntax(&message)),
        message,
        body,
        raw: String::from_utf8_lossy(&a.body).into_owned(),
    }
}

/// One violation at the root holding a parser's (or converter's) message.
pub(crate) fn syntax(message: &str) -> ValidationErrors {
    ValidationErrors::from(ValidationError {
        instance_path: String::new(),
        schema_path: "",
        kind: ErrorKind::Syntax {
            message: message.to_owned(),
        },
    })
}

/// The error for a JSON answer `body` that breaks the schema of `T`, with every violation.
fn violations_error<T: Validated>(operation: &'static str, a: &Answer, body: Value) -> Error {
    let violations = match T::validate_value(&body) {
        Err(v) => v,
        // Valid but not convertible: should not happen for a generated type.
        Ok(()) => syntax("the answer could not be converted into its type"),
    };
    Error::Decode {
        operation,
        status: a.status,
        request_id: a.request_id.clone(),
        message: violations.to_string(),
        body: Some(Box::new(body)),
        raw: String::from_utf8_lossy(&a.body).into_owned(),
        violations: Box::new(violations),
    }
}

pub(crate) fn decode<T: DeserializeOwned>(
    operation: &'static str,
    a: &Answer,
    body: &[u8],
) -> Result<T, Error> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| decode_error(operation, a, e.to_string()))
}
