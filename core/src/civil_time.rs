//! UTC calendar arithmetic (proleptic Gregorian), so dates need no chrono.
//!
//! The day conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`, which are exact
//! for every `i64` day count the app can meet (including dates before 1970).

/// Milliseconds in a second.
pub(crate) const MS_PER_SECOND: i64 = 1_000;
/// Milliseconds in a minute.
pub(crate) const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
/// Milliseconds in an hour.
pub(crate) const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
/// Milliseconds in a day.
pub(crate) const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// A broken-down UTC time with millisecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
}

impl UtcDateTime {
    /// Splits milliseconds since the Unix epoch into calendar fields.
    pub fn from_unix_ms(ms: i64) -> Self {
        let days = ms.div_euclid(MS_PER_DAY);
        let in_day = ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: (in_day / MS_PER_HOUR) as u32,
            minute: (in_day % MS_PER_HOUR / MS_PER_MINUTE) as u32,
            second: (in_day % MS_PER_MINUTE / MS_PER_SECOND) as u32,
            millisecond: (in_day % MS_PER_SECOND) as u32,
        }
    }

    /// Milliseconds since the Unix epoch; `None` when a field is out of range.
    pub fn to_unix_ms(self) -> Option<i64> {
        let valid = (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
            && self.millisecond < 1000;
        if !valid {
            return None;
        }
        let days = days_from_civil(self.year, self.month, self.day);
        days.checked_mul(MS_PER_DAY)?.checked_add(
            i64::from(self.hour) * MS_PER_HOUR
                + i64::from(self.minute) * MS_PER_MINUTE
                + i64::from(self.second) * MS_PER_SECOND
                + i64::from(self.millisecond),
        )
    }
}

/// The calendar year a timestamp falls in (UTC).
pub(crate) fn year_of(ms: i64) -> i64 {
    UtcDateTime::from_unix_ms(ms).year
}

/// Days since 1970-01-01 of a civil date.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days in a month of a year (leap years included).
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn round_trips_every_day_over_several_centuries() {
        for days in -200_000..200_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "day {days} -> {y}-{m}-{d}");
        }
    }

    #[test]
    fn leap_years() {
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
    }

    #[test]
    fn date_time_round_trip_and_validation() {
        let t = UtcDateTime::from_unix_ms(1_700_000_000_123);
        assert_eq!(
            (
                t.year,
                t.month,
                t.day,
                t.hour,
                t.minute,
                t.second,
                t.millisecond
            ),
            (2023, 11, 14, 22, 13, 20, 123)
        );
        assert_eq!(t.to_unix_ms(), Some(1_700_000_000_123));
        let before_epoch = UtcDateTime::from_unix_ms(-1);
        assert_eq!((before_epoch.year, before_epoch.second), (1969, 59));
        assert_eq!(
            UtcDateTime {
                day: 30,
                month: 2,
                ..t
            }
            .to_unix_ms(),
            None
        );
        assert_eq!(year_of(0), 1970);
    }
}
