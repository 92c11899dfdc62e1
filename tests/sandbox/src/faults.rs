//! Fault injection, switchable per route.
//!
//! A test queues faults for `"METHOD /route"` (paths relative to the service
//! root with OpenAPI templates, e.g. `("POST", "/flows")`,
//! `("GET", "/runs/{runId}")`, `("POST", "/ims/token/v3")`). Each incoming
//! request on that route takes the first queued fault; a fault queued with
//! [`Faults::inject_times`] is used that many times, one queued with
//! [`Faults::inject`] stays until cleared. `"*"` as the route (or method)
//! matches every route (or method).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::counters::route_key;

/// One way of misbehaving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Fault {
    /// Answer with this status without running the handler: 429 gets a gateway
    /// body, 5xx a service body; `retryAfter` (seconds) adds a `Retry-After` header.
    Status {
        /// The HTTP status, e.g. 429, 500 or 503.
        status: u16,
        /// Seconds for `Retry-After`, if any.
        #[serde(
            rename = "retryAfter",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        retry_after: Option<u32>,
    },
    /// Wait this many milliseconds, then handle the request normally.
    Delay {
        /// The delay in milliseconds.
        ms: u64,
    },
    /// Close the connection after receiving the request, without handling it.
    Drop,
    /// Handle the request (a POST creates its resource), then close the
    /// connection instead of answering.
    DropAfterHandling,
    /// Handle the request, then answer with its status but a truncated JSON body.
    MalformedJson,
}

impl Fault {
    /// 429 with `Retry-After: <seconds>`.
    pub fn too_many_requests(retry_after_secs: u32) -> Fault {
        Fault::Status {
            status: 429,
            retry_after: Some(retry_after_secs),
        }
    }

    /// An error status without `Retry-After`.
    pub fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            retry_after: None,
        }
    }

    /// A delayed answer.
    pub fn delay(by: Duration) -> Fault {
        Fault::Delay {
            ms: u64::try_from(by.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

/// A queued fault and how many more requests it applies to (`None`: all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    /// The fault.
    pub fault: Fault,
    /// Remaining uses; `None` means until cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
}

/// The fault table. Cloning gives another handle to the same table.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<HashMap<String, VecDeque<FaultRule>>>>,
}

impl Faults {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, VecDeque<FaultRule>>> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies `fault` to every request on `method route` until cleared.
    pub fn inject(&self, method: &str, route: &str, fault: Fault) {
        self.push(
            method,
            route,
            FaultRule {
                fault,
                remaining: None,
            },
        );
    }

    /// Applies `fault` to the next `times` requests on `method route`.
    pub fn inject_times(&self, method: &str, route: &str, fault: Fault, times: u32) {
        if times > 0 {
            self.push(
                method,
                route,
                FaultRule {
                    fault,
                    remaining: Some(times),
                },
            );
        }
    }

    /// Queues a rule after those already queued for `method route`.
    pub fn push(&self, method: &str, route: &str, rule: FaultRule) {
        self.lock()
            .entry(route_key(method, route))
            .or_default()
            .push_back(rule);
    }

    /// Removes the faults of `method route`.
    pub fn clear(&self, method: &str, route: &str) {
        self.lock().remove(&route_key(method, route));
    }

    /// Removes every fault.
    pub fn clear_all(&self) {
        self.lock().clear();
    }

    /// The queued faults, keyed by `"METHOD /route"`.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<FaultRule>> {
        self.lock()
            .iter()
            .filter(|(_, q)| !q.is_empty())
            .map(|(k, q)| (k.clone(), q.iter().cloned().collect()))
            .collect()
    }

    /// Takes the fault for a request on `method route`, if any applies.
    pub fn take(&self, method: &str, route: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let keys = [
            route_key(method, route),
            route_key("*", route),
            route_key(method, "*"),
            route_key("*", "*"),
        ];
        for key in keys {
            let Some(queue) = rules.get_mut(&key) else {
                continue;
            };
            let Some(front) = queue.front_mut() else {
                continue;
            };
            let fault = front.fault.clone();
            match &mut front.remaining {
                Some(n) if *n <= 1 => {
                    queue.pop_front();
                }
                Some(n) => *n -= 1,
                None => {}
            }
            if queue.is_empty() {
                rules.remove(&key);
            }
            return Some(fault);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_run_out_in_order() {
        let f = Faults::default();
        f.inject_times("POST", "/flows", Fault::status(503), 2);
        f.inject_times("POST", "/flows", Fault::too_many_requests(1), 1);
        assert_eq!(f.take("POST", "/flows"), Some(Fault::status(503)));
        assert_eq!(f.take("GET", "/flows"), None);
        assert_eq!(f.take("POST", "/flows"), Some(Fault::status(503)));
        assert_eq!(f.take("POST", "/flows"), Some(Fault::too_many_requests(1)));
        assert_eq!(f.take("POST", "/flows"), None);
        assert!(f.snapshot().is_empty());
    }

    #[test]
    fn permanent_faults_and_wildcards() {
        let f = Faults::default();
        f.inject("*", "/runs", Fault::Drop);
        assert_eq!(f.take("GET", "/runs"), Some(Fault::Drop));
        assert_eq!(f.take("POST", "/runs"), Some(Fault::Drop));
        f.clear("*", "/runs");
        assert_eq!(f.take("GET", "/runs"), None);
        f.inject("*", "*", Fault::MalformedJson);
        assert_eq!(f.take("GET", "/flows"), Some(Fault::MalformedJson));
        f.clear_all();
        assert_eq!(f.take("GET", "/flows"), None);
    }

    #[test]
    fn faults_read_from_json() {
        let rule: FaultRule = serde_json::from_str(
            r#"{"fault":{"kind":"status","status":429,"retryAfter":2},"remaining":1}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rule.fault, Fault::too_many_requests(2));
        let d: Fault =
            serde_json::from_str(r#"{"kind":"delay","ms":250}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d, Fault::delay(Duration::from_millis(250)));
        let x: Fault = serde_json::from_str(r#"{"kind":"dropAfterHandling"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(x, Fault::DropAfterHandling);
    }
}
