//! When a flow runs: the slots of its `scheduleParams` on the sandbox clock.
//!
//! A periodic schedule runs at `startTime + k × interval × frequency` for
//! `k = 0, 1, 2, …` (calendar months for `month`). A flow only gets the slots
//! at or after the moment it was created (or re-enabled, or rescheduled): a
//! `startTime` in the past does not fill the history with runs. A `once`
//! schedule has a single slot, at `startTime` or at creation if that is later.

use serde_json::Value;

/// The unit of a periodic schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Calendar months.
    Month,
}

impl Frequency {
    fn parse(s: &str) -> Option<Frequency> {
        Some(match s {
            "minute" => Frequency::Minute,
            "hour" => Frequency::Hour,
            "day" => Frequency::Day,
            "week" => Frequency::Week,
            "month" => Frequency::Month,
            _ => return None,
        })
    }

    fn seconds(self) -> Option<i64> {
        match self {
            Frequency::Minute => Some(60),
            Frequency::Hour => Some(3_600),
            Frequency::Day => Some(86_400),
            Frequency::Week => Some(604_800),
            Frequency::Month => None,
        }
    }
}

/// A flow's schedule, in Unix epoch seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// The first slot.
    pub start: i64,
    /// The period, or `None` for `once`.
    pub every: Option<(Frequency, i64)>,
}

impl Schedule {
    /// Reads validated `scheduleParams`; `None` when they describe no schedule
    /// this sandbox can run (e.g. a frequency it does not know).
    pub fn from_params(params: &Value) -> Option<Schedule> {
        let start = params.get("startTime").and_then(Value::as_i64)?;
        let frequency = params.get("frequency").and_then(Value::as_str)?;
        if frequency == "once" {
            return Some(Schedule { start, every: None });
        }
        let unit = Frequency::parse(frequency)?;
        let interval = params.get("interval").and_then(Value::as_i64)?;
        (interval >= 1).then_some(Schedule {
            start,
            every: Some((unit, interval)),
        })
    }

    /// The time of slot `k` (`None` past the end of the schedule or of `i64`).
    pub fn slot(&self, k: i64) -> Option<i64> {
        match self.every {
            None => (k == 0).then_some(self.start),
            Some((Frequency::Month, n)) => add_months(self.start, k.checked_mul(n)?),
            Some((unit, n)) => {
                let step = unit.seconds()?.checked_mul(n)?;
                self.start.checked_add(k.checked_mul(step)?)
            }
        }
    }

    /// The first slot index whose time is at or after `t`.
    pub fn first_at_or_after(&self, t: i64) -> Option<i64> {
        if t <= self.start {
            return Some(0);
        }
        match self.every {
            None => None,
            Some((unit, n)) => {
                let mut k = self.estimate(unit, n, t);
                while k > 0 && self.slot(k - 1).is_some_and(|s| s >= t) {
                    k -= 1;
                }
                while self.slot(k).is_some_and(|s| s < t) {
                    k += 1;
                }
                self.slot(k).map(|_| k)
            }
        }
    }

    /// The last slot index whose time is at or before `t`.
    pub fn last_at_or_before(&self, t: i64) -> Option<i64> {
        if t < self.start {
            return None;
        }
        match self.every {
            None => Some(0),
            Some((unit, n)) => {
                let mut k = self.estimate(unit, n, t);
                while self.slot(k + 1).is_some_and(|s| s <= t) {
                    k += 1;
                }
                while k > 0 && !matches!(self.slot(k), Some(s) if s <= t) {
                    k -= 1;
                }
                Some(k)
            }
        }
    }

    fn estimate(&self, unit: Frequency, n: i64, t: i64) -> i64 {
        let elapsed = t.saturating_sub(self.start).max(0);
        let step = match unit.seconds() {
            Some(s) => s.saturating_mul(n),
            // A month is at least 28 days; start a little below and walk up.
            None => 2_678_400_i64.saturating_mul(n),
        };
        elapsed / step.max(1)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(next.0, next.1, 1) - days_from_civil(y, m, 1)
}

/// `t` moved by `months` calendar months, the day clamped to the month's length.
pub fn add_months(t: i64, months: i64) -> Option<i64> {
    const LIMIT: i64 = 1 << 40;
    if !(-LIMIT..LIMIT).contains(&t) || !(-LIMIT..LIMIT).contains(&months) {
        return None;
    }
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let total = y * 12 + (m - 1) + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let nd = d.min(days_in_month(ny, nm));
    Some(days_from_civil(ny, nm, nd) * 86_400 + secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sched(v: Value) -> Schedule {
        Schedule::from_params(&v).unwrap_or_else(|| panic!("no schedule in {v}"))
    }

    #[test]
    fn minute_slots_follow_the_interval() {
        let s = sched(json!({"startTime": 1000, "frequency": "minute", "interval": 30}));
        assert_eq!(s.slot(0), Some(1000));
        assert_eq!(s.slot(2), Some(1000 + 3600));
        assert_eq!(s.first_at_or_after(1000), Some(0));
        assert_eq!(s.first_at_or_after(1001), Some(1));
        assert_eq!(s.first_at_or_after(2800), Some(1));
        assert_eq!(s.last_at_or_before(999), None);
        assert_eq!(s.last_at_or_before(1000 + 5 * 1800 - 1), Some(4));
        assert_eq!(s.last_at_or_before(1000 + 5 * 1800), Some(5));
    }

    #[test]
    fn once_has_one_slot() {
        let s = sched(json!({"startTime": 50, "frequency": "once"}));
        assert_eq!(s.slot(0), Some(50));
        assert_eq!(s.slot(1), None);
        assert_eq!(s.first_at_or_after(10), Some(0));
        assert_eq!(s.first_at_or_after(51), None);
        assert_eq!(s.last_at_or_before(10_000), Some(0));
    }

    #[test]
    fn months_are_calendar_months() {
        // 2024-01-31T10:00:00Z
        let jan31 = days_from_civil(2024, 1, 31) * 86_400 + 36_000;
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        let s = sched(json!({"startTime": jan31, "frequency": "month", "interval": 1}));
        assert_eq!(
            s.slot(1),
            Some(days_from_civil(2024, 2, 29) * 86_400 + 36_000)
        );
        assert_eq!(
            s.slot(12),
            Some(days_from_civil(2025, 1, 31) * 86_400 + 36_000)
        );
        let mar = days_from_civil(2024, 3, 15) * 86_400;
        assert_eq!(s.last_at_or_before(mar), Some(1));
        assert_eq!(s.first_at_or_after(mar), Some(2));
    }

    #[test]
    fn unusable_params_give_no_schedule() {
        for v in [
            json!({"frequency": "minute", "interval": 15}),
            json!({"startTime": 1, "frequency": "fortnight", "interval": 1}),
            json!({"startTime": 1, "frequency": "hour", "interval": 0}),
            json!({"startTime": "1", "frequency": "once"}),
        ] {
            assert!(Schedule::from_params(&v).is_none(), "{v}");
        }
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        let s =
            sched(json!({"startTime": i64::MAX - 10, "frequency": "week", "interval": i64::MAX}));
        assert_eq!(s.slot(1), None);
        assert_eq!(s.last_at_or_before(i64::MAX), Some(0));
        assert_eq!(add_months(i64::MAX, 1), None);
    }
}
