//! When to try a call again, and how long to wait first.

use super::BoxFuture;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Time for retry delays and token expiry. [`TokioClock`] is the real one; tests can
/// supply a virtual clock that records delays instead of waiting.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> Instant;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The system clock and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// How calls are retried.
///
/// A call is tried again (up to `max_attempts` attempts in all) when:
/// - the connection could not be made, so nothing was sent (any method);
/// - the answer is `429` or `503`, which say the request was not processed (any method);
/// - the answer is `502` or `504`, or the attempt failed after the request was sent (a
///   timeout, a dropped connection), and the method is idempotent (`GET`, `HEAD`, `PUT`,
///   `DELETE`, `OPTIONS`), or `retry_unsafe` is set. A `POST` or `PATCH` that may have
///   reached the server is not sent again by default, so it cannot be applied twice.
///
/// The wait before attempt *n + 1* is the answer's `Retry-After` when it gives one (up to
/// `max_retry_after`; a longer one ends the retries), otherwise an exponential backoff
/// `base_delay * 2^(n-1)` capped at `max_delay`, with random jitter (between half and all
/// of it).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The first backoff delay.
    pub base_delay: Duration,
    /// The largest backoff delay.
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured.
    pub max_retry_after: Duration,
    /// Also retry non-idempotent requests that may have reached the server.
    pub retry_unsafe: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            retry_unsafe: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The backoff before attempt `attempt + 1` (`attempt` ≥ 1), jittered.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1).min(30))
                .unwrap_or(u32::MAX),
        );
        let full = exp.min(self.max_delay);
        let half = full / 2;
        half + Duration::from_nanos(jitter(half.as_nanos().min(u64::MAX as u128) as u64))
    }
}

/// Whether `method` may be sent twice with the same effect.
pub(crate) fn idempotent(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS")
}

/// Whether an answer with `status` calls for another attempt of `method`.
pub(crate) fn retry_status(policy: &RetryPolicy, method: &str, status: u16) -> bool {
    match status {
        429 | 503 => true,
        502 | 504 => idempotent(method) || policy.retry_unsafe,
        _ => false,
    }
}

/// A `Retry-After` value in seconds (HTTP dates are not honoured: the backoff applies).
pub(crate) fn retry_after(value: Option<&str>) -> Option<Duration> {
    let v = value?.trim();
    v.parse::<u64>().ok().map(Duration::from_secs)
}

/// A pseudo-random number in `0..=bound` (xorshift over a per-process counter mixed with
/// the clock; jitter needs no cryptographic quality).
fn jitter(bound: u64) -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    if bound == 0 {
        return 0;
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x % (bound + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered_within_half() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        for (attempt, full) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (4, 800),
            (5, 1000),
            (40, 1000),
        ] {
            let d = p.backoff(attempt);
            assert!(d >= Duration::from_millis(full / 2), "{attempt}: {d:?}");
            assert!(d <= Duration::from_millis(full), "{attempt}: {d:?}");
        }
    }

    #[test]
    fn which_answers_are_retried() {
        let p = RetryPolicy::default();
        assert!(retry_status(&p, "POST", 429));
        assert!(retry_status(&p, "POST", 503));
        assert!(!retry_status(&p, "POST", 502));
        assert!(!retry_status(&p, "POST", 504));
        assert!(retry_status(&p, "GET", 504));
        assert!(!retry_status(&p, "GET", 500));
        let unsafe_too = RetryPolicy {
            retry_unsafe: true,
            ..p
        };
        assert!(retry_status(&unsafe_too, "PATCH", 502));
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(retry_after(Some(" 7 ")), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(retry_after(None), None);
    }
}
