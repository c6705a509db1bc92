//! Ticks (Jellyfin's 100 ns unit) and the media element's seconds, and clock text for people.

/// Ticks in one second.
pub const TICKS_PER_SECOND: i64 = 10_000_000;

/// A media time in seconds as ticks, to the tick (never rounded to seconds). Not a number or
/// negative: 0.
pub fn seconds_to_ticks(seconds: f64) -> i64 {
    if seconds.is_finite() && seconds > 0.0 {
        // Saturating cast: no media is 29,000 years long.
        (seconds * TICKS_PER_SECOND as f64).round() as i64
    } else {
        0
    }
}

/// Ticks as seconds, for the media element.
pub fn ticks_to_seconds(ticks: i64) -> f64 {
    ticks as f64 / TICKS_PER_SECOND as f64
}

/// "0:05", "42:10", "1:02:03": whole seconds, hours only when there are any.
pub fn clock(ticks: i64) -> String {
    let total = ticks.max(0) / TICKS_PER_SECOND;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_become_exact_ticks() {
        assert_eq!(seconds_to_ticks(12.345_678_9), 123_456_789);
        assert_eq!(seconds_to_ticks(0.1), 1_000_000);
        assert_eq!(seconds_to_ticks(-3.0), 0);
        assert_eq!(seconds_to_ticks(f64::NAN), 0);
        assert_eq!(ticks_to_seconds(25_000_000), 2.5);
    }

    #[test]
    fn clocks_read_like_a_player() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(5 * TICKS_PER_SECOND + 9_999_999), "0:05");
        assert_eq!(clock((42 * 60 + 10) * TICKS_PER_SECOND), "42:10");
        assert_eq!(clock((3600 + 2 * 60 + 3) * TICKS_PER_SECOND), "1:02:03");
        assert_eq!(clock(-1), "0:00");
    }
}
