//! A request as a generated builder describes it, before the client sends it.

use crate::error::{ValidationError, ValidationErrors};
use crate::path::Path;
use crate::report::Collect;
use crate::typed::Validated;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// Per-call settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallOptions {
    /// The timeout of each attempt (instead of the client's).
    pub timeout: Option<Duration>,
    /// The largest answer body read, in bytes (instead of the client's).
    pub max_response_bytes: Option<u64>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// JSON, already checked against its schema (or the violations found).
    Json {
        /// The `Content-Type`.
        media_type: &'static str,
        /// The value, or why it cannot be sent.
        value: Result<Value, ValidationErrors>,
    },
    /// Bytes of another media type.
    Bytes {
        /// The `Content-Type`.
        media_type: &'static str,
        /// The bytes.
        bytes: Vec<u8>,
    },
}

/// One call: operation, method, path and parameters, built by a generated builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The operation id, for errors and tracing.
    pub operation: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path below the base URL, parameters already encoded.
    pub path: String,
    /// Query parameters in order (a repeated name is sent repeatedly).
    pub query: Vec<(String, String)>,
    /// Headers besides the ones the client adds.
    pub headers: Vec<(String, String)>,
    /// `If-Match`: `Some(None)` when the operation needs one and none was available.
    pub if_match: Option<Option<String>>,
    /// The body.
    pub body: Option<Body>,
    /// Parameter violations found while building.
    pub invalid: Vec<ValidationError>,
    /// Per-call settings.
    pub call: CallOptions,
    /// A full URL to use instead of base URL + path + query (a next-page link).
    pub url: Option<String>,
}

impl Request {
    /// A request for `operation` (`method` on `path`).
    pub fn new(
        operation: &'static str,
        method: &'static str,
        path: String,
        call: CallOptions,
    ) -> Self {
        Request {
            operation,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            if_match: None,
            body: None,
            invalid: Vec::new(),
            call,
            url: None,
        }
    }

    /// Adds the query parameter `name=value`.
    pub fn query(&mut self, name: &str, value: impl ToString) {
        self.query.push((name.to_owned(), value.to_string()));
    }

    /// Sets (replaces) the query parameter `name`.
    pub fn set_query(&mut self, name: &str, value: impl ToString) {
        self.query.retain(|(n, _)| n != name);
        self.query(name, value);
    }

    /// Adds the header `name: value`.
    pub fn header(&mut self, name: &str, value: impl ToString) {
        self.headers.push((name.to_owned(), value.to_string()));
    }

    /// Adds the cookie `name=value`.
    pub fn cookie(&mut self, name: &str, value: impl ToString) {
        self.headers
            .push(("Cookie".to_owned(), format!("{name}={}", value.to_string())));
    }

    /// Sets `If-Match`; `None` means the caller's value had no etag.
    pub fn if_match(&mut self, etag: Option<String>) {
        self.if_match = Some(etag);
    }

    /// Sets a JSON body.
    pub fn json_body(&mut self, media_type: &'static str, value: Result<Value, ValidationErrors>) {
        self.body = Some(Body::Json { media_type, value });
    }

    /// Sets a body of bytes.
    pub fn bytes_body(&mut self, media_type: &'static str, bytes: Vec<u8>) {
        self.body = Some(Body::Bytes { media_type, bytes });
    }

    /// Checks a parameter value with its schema's generated validator; violations are
    /// reported (with `pointer` before their instance path) when the request is sent.
    pub fn check(
        &mut self,
        pointer: &str,
        value: Value,
        validator: fn(&Value, &Path<'_>, &mut Collect) -> bool,
    ) {
        let mut report = Collect::new();
        validator(&value, &Path::root(), &mut report);
        for mut e in report.into_errors() {
            e.instance_path.insert_str(0, pointer);
            self.invalid.push(e);
        }
    }
}

/// A value that carries the etag `If-Match` must send: a resource read before (its
/// `etag` member), or the etag itself.
pub trait IfMatch {
    /// The etag, quotes included, if there is one.
    fn etag(&self) -> Option<&str>;
}

impl IfMatch for str {
    fn etag(&self) -> Option<&str> {
        Some(self)
    }
}

impl IfMatch for String {
    fn etag(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: IfMatch + ?Sized> IfMatch for &T {
    fn etag(&self) -> Option<&str> {
        (**self).etag()
    }
}

impl<T: IfMatch> IfMatch for Option<T> {
    fn etag(&self) -> Option<&str> {
        self.as_ref().and_then(IfMatch::etag)
    }
}

/// A value that can be sent as a body of schema type `T`: `T` itself (generated), or a
/// [`super::TypedFlow`] for a flow body. Checked before anything is sent.
pub trait JsonBody<T> {
    /// The JSON to send, or every reason it cannot be sent.
    fn to_json(&self) -> Result<Value, ValidationErrors>;
}

/// The JSON of a generated value, checked against its schema.
pub fn validated_json<T: Validated>(value: &T) -> Result<Value, ValidationErrors> {
    let v = crate::typed::to_value(value)?;
    T::validate_value(&v)?;
    Ok(v)
}

/// The JSON of any value (for bodies whose description gives no schema).
pub fn any_json<T: Serialize + ?Sized>(value: &T) -> Result<Value, ValidationErrors> {
    crate::typed::to_value(value)
}

/// A path segment percent-encoded (everything but RFC 3986 unreserved characters).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A server URL template with its variables (name, default, allowed values) expanded:
/// `set` overrides defaults. `https:` is put before a scheme-relative URL (`//host/...`)
/// and a trailing `/` is dropped.
pub fn expand_server(
    template: &str,
    variables: &[(&str, &str, &[&str])],
    set: &[(&str, &str)],
) -> Result<String, super::Error> {
    for (name, value) in set {
        match variables.iter().find(|(n, _, _)| n == name) {
            None => {
                return Err(super::Error::Config(format!(
                    "the server URL has no variable {name:?}"
                )))
            }
            Some((_, _, allowed)) if !allowed.is_empty() && !allowed.contains(value) => {
                return Err(super::Error::Config(format!(
                    "{value:?} is not an allowed value of the server variable {name:?} (allowed: {})",
                    allowed.join(", ")
                )))
            }
            Some(_) => {}
        }
    }
    let mut url = template.to_owned();
    for (name, default, _) in variables {
        let value = set
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(*default, |(_, v)| *v);
        url = url.replace(&format!("{{{name}}}"), value);
    }
    if url.starts_with("//") {
        url.insert_str(0, "https:");
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Values joined with commas (a list parameter that is not exploded).
pub fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(encode_segment("8256cfb4-17e6"), "8256cfb4-17e6");
    }

    #[test]
    fn server_templates_expand() {
        let vars: &[(&str, &str, &[&str])] =
            &[("environment", "platform", &["platform", "platform-int"])];
        let t = "//{environment}.adobe.io/data/foundation/flowservice/";
        assert_eq!(
            expand_server(t, vars, &[]).ok().as_deref(),
            Some("https://platform.adobe.io/data/foundation/flowservice")
        );
        assert_eq!(
            expand_server(t, vars, &[("environment", "platform-int")])
                .ok()
                .as_deref(),
            Some("https://platform-int.adobe.io/data/foundation/flowservice")
        );
        assert!(expand_server(t, vars, &[("environment", "evil.example")]).is_err());
        assert!(expand_server(t, vars, &[("region", "x")]).is_err());
    }

    #[test]
    fn etags_come_from_strings_and_options() {
        assert_eq!("\"x\"".etag(), Some("\"x\""));
        assert_eq!(None::<String>.etag(), None);
        assert_eq!(Some(String::from("e")).etag(), Some("e"));
    }
}
