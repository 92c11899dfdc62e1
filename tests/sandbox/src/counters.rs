//! How many requests the sandbox received, per route and method.
//!
//! Every request that reaches a route is counted before anything else happens to
//! it (fault injection, authentication, validation), so a test can assert that a
//! client sent a `POST /flows` exactly once even when the sandbox dropped the
//! connection or answered 503.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Request counts keyed by `"METHOD /route"`, e.g. `"POST /flows"` or
/// `"GET /flows/{flowId}"` (paths relative to the service root, with the
/// OpenAPI path templates). Cloning gives another handle to the same counts.
#[derive(Debug, Clone, Default)]
pub struct Counters {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
}

/// The key used for a route: `"METHOD /route"`.
pub fn route_key(method: &str, route: &str) -> String {
    format!("{} {}", method.to_ascii_uppercase(), route)
}

impl Counters {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, u64>> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds one request to `method route`.
    pub fn record(&self, method: &str, route: &str) {
        *self.lock().entry(route_key(method, route)).or_insert(0) += 1;
    }

    /// Requests received on `method route` (e.g. `("POST", "/flows")`).
    pub fn get(&self, method: &str, route: &str) -> u64 {
        self.lock()
            .get(&route_key(method, route))
            .copied()
            .unwrap_or(0)
    }

    /// Requests received on all routes.
    pub fn total(&self) -> u64 {
        self.lock().values().sum()
    }

    /// Every count, keyed by `"METHOD /route"`.
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.lock().clone()
    }

    /// Forgets every count.
    pub fn reset(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_method_and_route() {
        let c = Counters::default();
        c.record("post", "/flows");
        c.record("POST", "/flows");
        c.record("GET", "/flows/{flowId}");
        assert_eq!(c.get("POST", "/flows"), 2);
        assert_eq!(c.get("get", "/flows/{flowId}"), 1);
        assert_eq!(c.get("DELETE", "/flows/{flowId}"), 0);
        assert_eq!(c.total(), 3);
        assert_eq!(c.snapshot().get("POST /flows"), Some(&2));
        c.reset();
        assert_eq!(c.total(), 0);
    }
}
