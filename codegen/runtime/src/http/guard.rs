//! What the client refuses whatever it is configured or answered with: credentials in
//! clear text (plain HTTP to a host that is not loopback), redirects that would carry a
//! request elsewhere, and answers larger than a limit.

use std::fmt;
use std::net::IpAddr;

/// The largest answer body read from an API call by default (64 MiB): far above any page
/// or resource of the Experience Platform APIs, far below what exhausts a process. Change
/// it with [`super::ApiBuilder::max_response_bytes`], or per call with a builder's
/// `.max_response_bytes(...)`.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The largest IMS token answer read (64 KiB; a real one is a few KiB).
pub const MAX_TOKEN_ANSWER_BYTES: u64 = 64 * 1024;

/// How many same-origin redirects one attempt of an idempotent call follows.
pub const MAX_REDIRECTS: u32 = 3;

/// How much of an error answer's body is kept (the rest is not read): enough for any
/// error document, and no more even when the answer limit is larger.
pub(crate) const MAX_ERROR_BODY_BYTES: u64 = 1024 * 1024;

/// A URL that would carry credentials over plain HTTP to a host that is not loopback.
/// Refused before anything is sent, unless the caller opted in with
/// `allow_insecure_http(true)` (on [`super::ApiBuilder`] for service URLs, on
/// [`super::ImsOAuth`] for its token URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsecureHttp {
    /// What the URL is for (`"service URL"`, `"IMS token URL"`).
    pub role: &'static str,
    /// The URL's origin (`http://host:port`); the path and query are left out.
    pub origin: String,
}

impl fmt::Display for InsecureHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "refusing to send credentials in clear text: the {} {} uses http:// and its host \
             is not loopback (use https://, or opt in with allow_insecure_http(true))",
            self.role, self.origin
        )
    }
}

impl std::error::Error for InsecureHttp {}

/// Whether `url`'s host is `localhost`, in `127.0.0.0/8` or `::1`.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost.") {
        return true;
    }
    // The URL parser has normalized IPv4 forms (`127.1`, `0x7f.0.0.1`) to dotted quads;
    // IPv6 hosts come in brackets.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Refuses `url` when it would carry credentials in clear text (see [`InsecureHttp`]).
pub(crate) fn check_tls(
    url: &reqwest::Url,
    role: &'static str,
    allow_insecure_http: bool,
) -> Result<(), InsecureHttp> {
    if url.scheme() != "http" || allow_insecure_http || is_loopback(url) {
        return Ok(());
    }
    Err(InsecureHttp {
        role,
        origin: url.origin().ascii_serialization(),
    })
}

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefused {
    /// The `Location` is on another origin (scheme, host or port): the credentials and
    /// the body are not sent there.
    OtherOrigin,
    /// The call is not idempotent (`POST`, `PATCH`): it is not sent a second time.
    NotIdempotent,
    /// The call was already redirected [`MAX_REDIRECTS`] times.
    TooMany,
}

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RedirectRefused::OtherOrigin => "it points at another origin",
            RedirectRefused::NotIdempotent => "the call is not idempotent",
            RedirectRefused::TooMany => "too many redirects",
        })
    }
}

/// The target of a redirect answer (`301`, `302`, `303`, `307`, `308` with a `Location`
/// that resolves against `from`); `None` for any other answer.
pub(crate) fn redirect_target(
    resp: &reqwest::Response,
    from: &reqwest::Url,
) -> Option<reqwest::Url> {
    if !matches!(resp.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = resp
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    from.join(location).ok()
}

/// Why an answer's body could not be had.
pub(crate) enum ReadError {
    /// The body is (or says it is) longer than the limit.
    TooLarge,
    /// The connection failed while reading.
    Read(reqwest::Error),
}

/// An answer's body, read in chunks up to `limit` bytes. Beyond it, `truncate` keeps the
/// first `limit` bytes and stops reading; otherwise the read fails with
/// [`ReadError::TooLarge`] (at once when `Content-Length` announces more).
pub(crate) async fn read_body(
    resp: &mut reqwest::Response,
    limit: u64,
    truncate: bool,
) -> Result<Vec<u8>, ReadError> {
    let declared = resp.content_length();
    if !truncate && declared.is_some_and(|n| n > limit) {
        return Err(ReadError::TooLarge);
    }
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    // A declared length only sizes the buffer up to a modest amount: it is not trusted.
    let mut body = Vec::with_capacity(declared.map_or(0, |n| n.min(limit).min(1 << 20)) as usize);
    while let Some(chunk) = resp.chunk().await.map_err(ReadError::Read)? {
        if body.len().saturating_add(chunk.len()) > cap {
            if truncate {
                body.extend_from_slice(&chunk[..cap - body.len()]);
                return Ok(body);
            }
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, allow: bool) -> Result<(), InsecureHttp> {
        let url = reqwest::Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        check_tls(&url, "service URL", allow)
    }

    #[test]
    fn plain_http_is_refused_unless_loopback_or_allowed() {
        let refused = check("http://platform.example.com:8080/data?token=x", false);
        assert_eq!(
            refused,
            Err(InsecureHttp {
                role: "service URL",
                origin: "http://platform.example.com:8080".into()
            })
        );
        assert!(check("http://10.0.0.7/x", false).is_err());
        assert!(check("http://[fe80::1]/x", false).is_err());
        assert!(check("http://localhost.example.com/x", false).is_err());
        for ok in [
            "https://platform.adobe.io/data",
            "http://127.0.0.1:8080/x",
            "http://127.200.3.4/x",
            "http://127.1/x",
            "http://[::1]:9000/x",
            "http://localhost:3000/x",
            "http://LOCALHOST/x",
        ] {
            assert_eq!(check(ok, false), Ok(()), "{ok}");
        }
        assert_eq!(check("http://platform.example.com/x", true), Ok(()));
    }

    #[test]
    fn the_refusal_names_the_origin_and_the_opt_in() {
        let shown = check("http://api.example.com/path?secret=1", false)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(shown.contains("http://api.example.com"), "{shown}");
        assert!(shown.contains("allow_insecure_http(true)"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
