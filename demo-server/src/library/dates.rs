//! ISO-8601 dates without chrono: Jellyfin writes UTC with 7 fractional digits
//! (`2024-03-05T12:34:56.0000000Z`) and accepts 0–7 digits and offsets on input.
//! Times are `i64` microseconds since the Unix epoch: fine enough that two changes in a
//! burst of requests never share a timestamp.

use std::time::{SystemTime, UNIX_EPOCH};

pub const MILLISECOND: i64 = 1000;
pub const SECOND: i64 = 1000 * MILLISECOND;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

/// The generated library is anchored at a fixed instant (2025-06-01T00:00:00Z) so that a seed
/// gives byte-identical data on every run; changes made at run time use the real clock, which is
/// always later, so `MinDateLastSaved` sees them as newer.
pub const BASE: i64 = 1_748_736_000 * SECOND;

pub fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(BASE)
}

// Howard Hinnant's civil-from-days / days-from-civil.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = (if z >= 0 { z } else { z - 146_096 }) / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn from_ymd(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) * DAY
}

/// Formats as Jellyfin does: `YYYY-MM-DDTHH:MM:SS.fffffffZ`.
pub fn format_iso(t: i64) -> String {
    let days = t.div_euclid(DAY);
    let rem = t.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, frac) = (
        rem / HOUR,
        rem % HOUR / MINUTE,
        rem % MINUTE / SECOND,
        rem % SECOND,
    );
    // 7 digits = 100 ns ticks; we keep microseconds.
    format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:07}Z",
        frac * 10
    )
}

pub fn year_of(t: i64) -> i64 {
    civil_from_days(t.div_euclid(DAY)).0
}

/// Parses `YYYY-MM-DD[THH:MM[:SS[.f{0,7}]]][Z|±HH[:MM]]` into Unix microseconds.
pub fn parse_iso(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut t = from_ymd(y, mo, d);
    let mut i = 10;
    if i < b.len() && (b[i] == b'T' || b[i] == b't' || b[i] == b' ') {
        t += num(i + 1, 2)? * HOUR;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        t += num(i + 4, 2)? * MINUTE;
        i += 6;
        if b.get(i) == Some(&b':') {
            t += num(i + 1, 2)? * SECOND;
            i += 3;
            if b.get(i) == Some(&b'.') {
                i += 1;
                let mut unit = SECOND / 10;
                while i < b.len() && b[i].is_ascii_digit() {
                    t += (b[i] - b'0') as i64 * unit;
                    unit /= 10;
                    i += 1;
                }
            }
        }
    }
    match b.get(i) {
        None => Some(t),
        Some(b'Z') | Some(b'z') if i + 1 == b.len() => Some(t),
        Some(&sign @ (b'+' | b'-')) => {
            let hh = num(i + 1, 2)?;
            let mm = match b.get(i + 3) {
                Some(b':') => num(i + 4, 2)?,
                Some(_) => num(i + 3, 2)?,
                None => 0,
            };
            let offset = hh * HOUR + mm * MINUTE;
            Some(if sign == b'+' { t - offset } else { t + offset })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(format_iso(BASE), "2025-06-01T00:00:00.0000000Z");
        assert_eq!(parse_iso("2025-06-01T00:00:00.0000000Z"), Some(BASE));
        assert_eq!(parse_iso("2025-06-01"), Some(BASE));
        assert_eq!(parse_iso("2025-06-01T02:00:00+02:00"), Some(BASE));
        assert_eq!(
            parse_iso("2025-06-01T00:00:00.5Z"),
            Some(BASE + 500 * MILLISECOND)
        );
        assert_eq!(
            parse_iso("2025-06-01T00:00:00.1234567Z"),
            Some(BASE + 123_456)
        );
        assert_eq!(format_iso(BASE + 123_456), "2025-06-01T00:00:00.1234560Z");
        assert_eq!(parse_iso("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            format_iso(951_782_400 * SECOND),
            "2000-02-29T00:00:00.0000000Z"
        );
        assert_eq!(parse_iso("nope"), None);
    }
}
