//! The sandbox's notion of "now": wall time, or a time a test sets and advances.
//!
//! Everything time-dependent in the sandbox reads this clock: `createdAt` stamps,
//! token expiry and, above all, which scheduled runs of a flow exist and whether
//! they have finished. Tests freeze it at a known instant and move it forward to
//! make runs appear, instead of sleeping.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Wall time plus an offset in milliseconds.
    Running { offset_ms: i64 },
    /// A fixed instant, Unix epoch milliseconds.
    Frozen { at_ms: i64 },
}

/// A shared, controllable clock. Cloning gives another handle to the same clock.
#[derive(Debug, Clone)]
pub struct Clock {
    mode: Arc<Mutex<Mode>>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::running()
    }
}

fn wall_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

fn saturating_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Clock {
    /// A clock that follows wall time.
    pub fn running() -> Self {
        Clock {
            mode: Arc::new(Mutex::new(Mode::Running { offset_ms: 0 })),
        }
    }

    /// A clock stopped at `epoch_ms` (Unix epoch milliseconds).
    pub fn frozen_at_ms(epoch_ms: i64) -> Self {
        Clock {
            mode: Arc::new(Mutex::new(Mode::Frozen { at_ms: epoch_ms })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Mode> {
        self.mode.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Now, in Unix epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        match *self.lock() {
            Mode::Running { offset_ms } => wall_ms().saturating_add(offset_ms),
            Mode::Frozen { at_ms } => at_ms,
        }
    }

    /// Now, in Unix epoch seconds (rounded down).
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Whether the clock is stopped.
    pub fn is_frozen(&self) -> bool {
        matches!(*self.lock(), Mode::Frozen { .. })
    }

    /// Stops the clock at `epoch_ms`.
    pub fn set_ms(&self, epoch_ms: i64) {
        *self.lock() = Mode::Frozen { at_ms: epoch_ms };
    }

    /// Stops the clock at `epoch_secs` (Unix epoch seconds).
    pub fn set_secs(&self, epoch_secs: i64) {
        self.set_ms(epoch_secs.saturating_mul(1000));
    }

    /// Stops the clock where it is now.
    pub fn freeze(&self) {
        let now = self.now_ms();
        self.set_ms(now);
    }

    /// Lets the clock run again from where it is now.
    pub fn resume(&self) {
        let now = self.now_ms();
        *self.lock() = Mode::Running {
            offset_ms: now.saturating_sub(wall_ms()),
        };
    }

    /// Moves the clock forward by `by` (frozen or running).
    pub fn advance(&self, by: Duration) {
        self.advance_ms(saturating_ms(by));
    }

    /// Moves the clock by `ms` milliseconds; negative values move it back.
    pub fn advance_ms(&self, ms: i64) {
        let mut mode = self.lock();
        *mode = match *mode {
            Mode::Running { offset_ms } => Mode::Running {
                offset_ms: offset_ms.saturating_add(ms),
            },
            Mode::Frozen { at_ms } => Mode::Frozen {
                at_ms: at_ms.saturating_add(ms),
            },
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_told() {
        let c = Clock::frozen_at_ms(1_000);
        assert_eq!(c.now_ms(), 1_000);
        c.advance(Duration::from_secs(2));
        assert_eq!(c.now_ms(), 3_000);
        assert_eq!(c.now_secs(), 3);
        c.advance_ms(-500);
        assert_eq!(c.now_ms(), 2_500);
        c.set_secs(10);
        assert_eq!(c.now_ms(), 10_000);
        assert!(c.is_frozen());
    }

    #[test]
    fn clones_share_the_same_time() {
        let a = Clock::frozen_at_ms(0);
        let b = a.clone();
        b.advance(Duration::from_millis(7));
        assert_eq!(a.now_ms(), 7);
    }

    #[test]
    fn resume_continues_from_the_frozen_instant() {
        let c = Clock::frozen_at_ms(5_000);
        c.resume();
        assert!(!c.is_frozen());
        // Running from 5 s after the epoch: far below wall time.
        assert!(c.now_ms() < 1_000_000);
    }
}
