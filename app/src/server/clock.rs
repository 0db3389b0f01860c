//! The time as Koers sees it. Everything that depends on how much time has passed (demo
//! periods, link expiry) asks this clock, so a test can move it forward by days instead of
//! waiting or rewriting rows.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every copy of it) forward. Tests only; production never calls it.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), Ordering::Relaxed);
    }

    /// Puts this clock (and every copy) at `moment`, for tests that need a fixed date.
    pub fn set(&self, moment: DateTime<Utc>) {
        self.offset_seconds
            .store((moment - Utc::now()).num_seconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advanced_clock_is_ahead_for_every_copy() {
        let clock = Clock::default();
        let copy = clock.clone();
        clock.advance(Duration::days(15));
        let ahead = copy.now() - Utc::now();
        assert!(
            ahead > Duration::days(14) && ahead <= Duration::days(15),
            "{ahead}"
        );
    }
}
