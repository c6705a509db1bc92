//! Reading an HTTP `Retry-After` header.

use crate::civil_time::{UtcDateTime, MS_PER_SECOND};

/// The delay in ms a `Retry-After` value asks for: delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, relative to `now`; a past date means 0). `None` if the
/// value is neither.
pub fn parse_retry_after(value: &str, now: i64) -> Option<i64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = value.parse::<i64>().unwrap_or(i64::MAX);
        return Some(seconds.saturating_mul(MS_PER_SECOND));
    }
    parse_http_date(value).map(|at| at.saturating_sub(now).max(0))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, as in `Date` and `Retry-After`), the day
/// name optional, as ms since the Unix epoch.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let mut parts: Vec<&str> = value.split_whitespace().collect();
    if parts.first().is_some_and(|first| first.ends_with(',')) {
        parts.remove(0);
    }
    let [day, month, year, time, zone] = parts.as_slice() else {
        return None;
    };
    if !zone.eq_ignore_ascii_case("GMT") && !zone.eq_ignore_ascii_case("UTC") {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u32 + 1;
    let mut clock = time.split(':').map(|part| part.parse::<u32>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() {
        return None;
    }
    UtcDateTime {
        year: year.parse().ok()?,
        month,
        day: day.parse().ok()?,
        hour,
        minute,
        second,
        millisecond: 0,
    }
    .to_unix_ms()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_445_412_420_000; // Wed, 21 Oct 2015 07:27:00 GMT

    #[test]
    fn delta_seconds() {
        assert_eq!(parse_retry_after("120", NOW), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", NOW), Some(0));
        assert_eq!(
            parse_retry_after("99999999999999999999", NOW),
            Some(i64::MAX)
        );
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", NOW),
            Some(60_000)
        );
        assert_eq!(
            parse_retry_after("21 Oct 2015 07:28:30 GMT", NOW),
            Some(90_000)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", NOW),
            Some(0),
            "past: now"
        );
    }

    #[test]
    fn garbage() {
        for bad in [
            "",
            "-5",
            "1.5",
            "soon",
            "Wed, 21 Foo 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00 PST",
        ] {
            assert_eq!(parse_retry_after(bad, NOW), None, "{bad:?}");
        }
    }
}
