//! Up next: near the end of an episode the next one is offered with a 10 s countdown, and
//! plays when it runs out unless cancelled.
use super::time::TICKS_PER_SECOND;

/// Up next shows this long before the end (or from the credits, if they start earlier).
pub const UP_NEXT_LEAD_TICKS: i64 = 15 * TICKS_PER_SECOND;
/// The countdown before the next episode plays on its own.
pub const UP_NEXT_COUNTDOWN_MS: i64 = 10_000;

/// Up next should be showing at `position` of something `runtime` ticks long whose credits
/// start at `outro_start` (if known).
pub fn up_next_due(position: i64, runtime: i64, outro_start: Option<i64>) -> bool {
    if runtime <= 0 {
        return false;
    }
    let from = (runtime - UP_NEXT_LEAD_TICKS).max(0);
    let from = outro_start.map_or(from, |o| o.min(from));
    position >= from
}

/// A running countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpNextCountdown {
    started_at: i64,
}

impl UpNextCountdown {
    /// A countdown shown at `now` (ms).
    pub fn start(now: i64) -> Self {
        Self { started_at: now }
    }

    /// Whole seconds left, counted up (10 at the start, 1 in the last second, 0 when done).
    pub fn seconds_left(&self, now: i64) -> u32 {
        let left = (self.started_at + UP_NEXT_COUNTDOWN_MS - now).max(0);
        ((left + 999) / 1000) as u32
    }

    /// The countdown ran out: play the next one.
    pub fn is_done(&self, now: i64) -> bool {
        self.seconds_left(now) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = TICKS_PER_SECOND;

    #[test]
    fn shows_in_the_last_fifteen_seconds_or_from_the_credits() {
        assert!(!up_next_due(44 * S, 60 * S, None));
        assert!(up_next_due(45 * S, 60 * S, None));
        assert!(up_next_due(40 * S, 60 * S, Some(40 * S)));
        assert!(!up_next_due(39 * S, 60 * S, Some(40 * S)));
        // Credits listed after the lead do not delay it.
        assert!(up_next_due(46 * S, 60 * S, Some(58 * S)));
        assert!(!up_next_due(5 * S, 0, None));
        // Shorter than the lead: from the start.
        assert!(up_next_due(0, 10 * S, None));
    }

    #[test]
    fn counts_down_ten_seconds() {
        let c = UpNextCountdown::start(1_000);
        assert_eq!(c.seconds_left(1_000), 10);
        assert_eq!(c.seconds_left(1_001), 10);
        assert_eq!(c.seconds_left(2_000), 9);
        assert_eq!(c.seconds_left(10_999), 1);
        assert!(!c.is_done(10_999));
        assert!(c.is_done(11_000));
        assert_eq!(c.seconds_left(50_000), 0);
    }
}
