//! Retry delays: exponential backoff with full jitter, floored by the server's `Retry-After`.

use super::QueueConfig;

/// The most a server's `Retry-After` can hold a key back: longer waits are the server's
/// problem, and the user would take the data as lost.
pub const MAX_RETRY_AFTER_MS: i64 = 5 * 60_000;

/// The delay before retry number `failures` (1 after the first failure):
/// `jitter * min(max_delay, base * 2^(failures-1))`, rounded down, and at least `retry_after_ms`
/// (itself capped at [`MAX_RETRY_AFTER_MS`]). `jitter` is uniform in `[0, 1)`; full jitter
/// spreads the retries of many tabs and clients that failed together.
pub fn backoff_delay(
    config: &QueueConfig,
    failures: u32,
    retry_after_ms: Option<i64>,
    jitter: f64,
) -> i64 {
    let exponent = failures.saturating_sub(1).min(62);
    let base = config.base_delay_ms.max(0);
    let ceiling = base
        .saturating_mul(1_i64 << exponent)
        .min(config.max_delay_ms.max(0));
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let jittered = (jitter * ceiling as f64) as i64;
    let floor = retry_after_ms.unwrap_or(0).clamp(0, MAX_RETRY_AFTER_MS);
    jittered.max(floor)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALMOST_ONE: f64 = 1.0 - f64::EPSILON;

    #[test]
    fn doubles_up_to_the_cap() {
        let c = QueueConfig::default();
        let delays: Vec<i64> = (1..=8)
            .map(|n| backoff_delay(&c, n, None, ALMOST_ONE))
            .collect();
        assert_eq!(
            delays,
            [999, 1_999, 3_999, 7_999, 15_999, 31_999, 59_999, 59_999]
        );
        let halves: Vec<i64> = (1..=4).map(|n| backoff_delay(&c, n, None, 0.5)).collect();
        assert_eq!(halves, [500, 1_000, 2_000, 4_000]);
        assert_eq!(backoff_delay(&c, 3, None, 0.0), 0);
    }

    #[test]
    fn retry_after_is_a_floor_up_to_five_minutes() {
        let c = QueueConfig::default();
        assert_eq!(backoff_delay(&c, 1, Some(30_000), 0.5), 30_000);
        assert_eq!(backoff_delay(&c, 5, Some(100), 0.5), 8_000);
        assert_eq!(
            backoff_delay(&c, 1, Some(120_000), 0.5),
            120_000,
            "may exceed max_delay"
        );
        assert_eq!(
            backoff_delay(&c, 1, Some(3_600_000), 0.5),
            MAX_RETRY_AFTER_MS
        );
        assert_eq!(backoff_delay(&c, 1, Some(-5), 0.5), 500);
    }

    #[test]
    fn survives_absurd_inputs() {
        let c = QueueConfig::default();
        assert_eq!(backoff_delay(&c, u32::MAX, None, ALMOST_ONE), 59_999);
        assert_eq!(backoff_delay(&c, 0, None, 0.5), 500);
        assert_eq!(backoff_delay(&c, 1, None, f64::NAN), 0);
        assert_eq!(backoff_delay(&c, 1, None, 7.0), 1_000);
    }
}
