//! Pagination as a stream of items, and the `property` filter and `orderby` values of
//! list operations.

use super::config::Service;
use super::error::Error;
use super::request::Request;
use super::send::decode_error;
use super::BoxStream;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;

/// How a list operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Flow Service style: follow `_links.next.href`, or send the answer's continuation
    /// token back as the query parameter `token`.
    Continuation {
        /// The query parameter that carries the token.
        token: &'static str,
    },
    /// Offset style (Data Prep): follow `_links.next.href` when given, else ask for the
    /// next `start` while pages come back full.
    Offset {
        /// The query parameter of the first item's offset.
        start: &'static str,
        /// The query parameter of the page size.
        limit: &'static str,
    },
}

/// An upper bound on pages fetched by one stream, against a service that never stops.
const MAX_PAGES: usize = 100_000;

struct State<T> {
    service: Service,
    operation: &'static str,
    next: Option<Request>,
    buffer: VecDeque<Value>,
    key: &'static str,
    paging: Paging,
    pages: usize,
    seen: Vec<String>,
    _item: std::marker::PhantomData<fn() -> T>,
}

impl Service {
    /// Every item of every page of `req`'s answers (items in the member `key`).
    pub fn pages<T: DeserializeOwned + Send + 'static>(
        &self,
        req: Request,
        key: &'static str,
        paging: Paging,
    ) -> BoxStream<'static, Result<T, Error>> {
        let state = State::<T> {
            service: self.clone(),
            operation: req.operation,
            next: Some(req),
            buffer: VecDeque::new(),
            key,
            paging,
            pages: 0,
            seen: Vec::new(),
            _item: std::marker::PhantomData,
        };
        Box::pin(futures_util::stream::unfold(state, |mut s| async move {
            loop {
                if let Some(v) = s.buffer.pop_front() {
                    let raw = v.to_string();
                    let item = serde_json::from_value::<T>(v.clone()).map_err(|e| {
                        let message = e.to_string();
                        Error::Decode {
                            operation: s.operation,
                            status: 200,
                            request_id: None,
                            violations: Box::new(super::send::syntax(&message)),
                            message,
                            body: Some(Box::new(v)),
                            raw,
                        }
                    });
                    return Some((item, s));
                }
                let req = s.next.take()?;
                match s.fetch(req).await {
                    Ok(()) => {}
                    Err(e) => return Some((Err(e), s)),
                }
            }
        }))
    }

    /// `href` of a next link as a full URL on this service; links to another origin are
    /// refused (the credentials must not leave the service).
    fn next_url(&self, href: &str) -> Result<String, Error> {
        let base = reqwest::Url::parse(&self.base)
            .map_err(|e| Error::Config(format!("bad base URL ({e})")))?;
        if href.starts_with("http://") || href.starts_with("https://") {
            let u = reqwest::Url::parse(href)
                .map_err(|e| Error::Config(format!("bad next-page link ({e})")))?;
            if u.origin() != base.origin() {
                return Err(Error::Config(
                    "a next-page link points at another origin; not followed".into(),
                ));
            }
            return Ok(href.to_owned());
        }
        let base_path = base.path().trim_end_matches('/');
        if !base_path.is_empty() && href.starts_with(&format!("{base_path}/")) {
            // A path from the host root that already holds the service's path.
            let mut origin = base.clone();
            origin.set_path("");
            origin.set_query(None);
            return Ok(format!("{}{href}", origin.as_str().trim_end_matches('/')));
        }
        let sep = if href.starts_with('/') || href.starts_with('?') {
            ""
        } else {
            "/"
        };
        Ok(format!("{}{sep}{href}", self.base))
    }
}

impl<T> State<T> {
    async fn fetch(&mut self, req: Request) -> Result<(), Error> {
        self.pages += 1;
        if self.pages > MAX_PAGES {
            return Err(Error::Config(format!(
                "more than {MAX_PAGES} pages; stopped"
            )));
        }
        let (answer, page) = self.service.value(&req).await?;
        let items = match page.get(self.key) {
            Some(Value::Array(items)) => items.clone(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                return Err(decode_error(
                    req.operation,
                    &answer,
                    format!("`{}` is not a list", self.key),
                ))
            }
        };
        let count = items.len();
        self.buffer.extend(items);
        if count == 0 {
            return Ok(());
        }
        let href = page
            .pointer("/_links/next/href")
            .and_then(Value::as_str)
            .filter(|h| !h.is_empty());
        let mut next = req.clone();
        match (href, self.paging) {
            (Some(h), _) => {
                let url = self.service.next_url(h)?;
                if self.seen.contains(&url) {
                    return Err(decode_error(
                        req.operation,
                        &answer,
                        "the next-page link repeats an earlier page".into(),
                    ));
                }
                self.seen.push(url.clone());
                next.url = Some(url);
                next.query.clear();
            }
            (None, Paging::Continuation { token }) => {
                match page
                    .get(token)
                    .and_then(Value::as_str)
                    .filter(|t| !t.is_empty())
                {
                    Some(t) => next.set_query(token, t),
                    None => return Ok(()),
                }
            }
            (None, Paging::Offset { start, limit }) => {
                let size = req
                    .query
                    .iter()
                    .find(|(k, _)| k == limit)
                    .and_then(|(_, v)| v.parse::<usize>().ok());
                if size.is_some_and(|n| count < n) || next.url.is_some() {
                    return Ok(());
                }
                let from = req
                    .query
                    .iter()
                    .find(|(k, _)| k == start)
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0);
                next.set_query(start, from + count);
            }
        }
        self.next = Some(next);
        Ok(())
    }
}

/// A value on the right of a filter: strings are quoted, numbers and booleans bare.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterValue(String);

impl From<&str> for FilterValue {
    fn from(v: &str) -> Self {
        FilterValue(format!(
            "\"{}\"",
            v.replace('\\', "\\\\").replace('"', "\\\"")
        ))
    }
}

impl From<String> for FilterValue {
    fn from(v: String) -> Self {
        FilterValue::from(v.as_str())
    }
}

impl From<&String> for FilterValue {
    fn from(v: &String) -> Self {
        FilterValue::from(v.as_str())
    }
}

macro_rules! bare {
    ($($t:ty),*) => {$(
        impl From<$t> for FilterValue {
            fn from(v: $t) -> Self {
                FilterValue(v.to_string())
            }
        }
    )*};
}
bare!(i32, i64, u32, u64, f64, bool);

/// One `property` filter expression, e.g. `name=="CRMToAEP"` or `createdAt>1589398667000`.
/// Pass several to a list call (`.property(a).property(b)`): the service combines them.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(String);

impl Filter {
    fn op(field: &str, op: &str, value: impl Into<FilterValue>) -> Self {
        Filter(format!("{field}{op}{}", value.into().0))
    }

    /// `field==value`
    pub fn eq(field: &str, value: impl Into<FilterValue>) -> Self {
        Self::op(field, "==", value)
    }

    /// `field!=value`
    pub fn ne(field: &str, value: impl Into<FilterValue>) -> Self {
        Self::op(field, "!=", value)
    }

    /// `field<value`
    pub fn lt(field: &str, value: impl Into<FilterValue>) -> Self {
        Self::op(field, "<", value)
    }

    /// `field<=value`
    pub fn le(field: &str, value: impl Into<FilterValue>) -> Self {
        Self::op(field, "<=", value)
    }

    /// `field>value`
    pub fn gt(field: &str, value: impl Into<FilterValue>) -> Self {
        Self::op(field, ">", value)
    }

    /// `field>=value`
    pub fn ge(field: &str, value: impl Into<FilterValue>) -> Self {
        Self::op(field, ">=", value)
    }

    /// `field~value` (contains).
    pub fn contains(field: &str, value: impl Into<FilterValue>) -> Self {
        Self::op(field, "~", value)
    }

    /// `field` (the member exists).
    pub fn exists(field: &str) -> Self {
        Filter(field.to_owned())
    }

    /// A `field` value unquoted (`flowId==8256cfb4-...`), as the docs write ids.
    pub fn eq_raw(field: &str, value: &str) -> Self {
        Filter(format!("{field}=={value}"))
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Filter> for String {
    fn from(f: Filter) -> Self {
        f.0
    }
}

/// An `orderby` value: `OrderBy::desc("createdAt")` is `-createdAt`.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy(String);

impl OrderBy {
    /// Ascending by `field`.
    pub fn asc(field: &str) -> Self {
        OrderBy(format!("+{field}"))
    }

    /// Descending by `field`.
    pub fn desc(field: &str) -> Self {
        OrderBy(format!("-{field}"))
    }
}

impl From<OrderBy> for String {
    fn from(o: OrderBy) -> Self {
        o.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_like_the_docs() {
        assert_eq!(
            Filter::eq("name", "CRMToAEP").to_string(),
            "name==\"CRMToAEP\""
        );
        assert_eq!(
            Filter::gt("createdAt", 1589398667000i64).to_string(),
            "createdAt>1589398667000"
        );
        assert_eq!(Filter::eq("enabled", true).to_string(), "enabled==true");
        assert_eq!(
            Filter::contains("name", "a\"b").to_string(),
            "name~\"a\\\"b\""
        );
        assert_eq!(Filter::eq_raw("flowId", "x-1").to_string(), "flowId==x-1");
        assert_eq!(String::from(OrderBy::desc("createdAt")), "-createdAt");
    }
}
