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

/// A `Retry-After` value: delay seconds, or an HTTP date (IMF-fixdate, e.g. `Wed, 21
/// Oct 2015 07:28:00 GMT`) taken relative to the system time (a date past is no wait).
pub(crate) fn retry_after(value: Option<&str>) -> Option<Duration> {
    let v = value?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = http_date(v)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the Unix epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(v: &str) -> Option<u64> {
    let parts: Vec<&str> = v.split_ascii_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<i64> = time
        .split(':')
        .map(|t| t.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&day)
        || !(0..24).contains(h)
        || !(0..60).contains(m)
        || !(0..61).contains(s)
    {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), after H. Hinnant's algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + m * 60 + s).ok()
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
    fn retry_after_seconds_and_dates() {
        assert_eq!(retry_after(Some(" 7 ")), Some(Duration::from_secs(7)));
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400)
        );
        // A date in the past means no wait.
        assert_eq!(
            retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(Some("soon")), None);
        assert_eq!(retry_after(None), None);
    }
}
