//! Jellyfin's date strings <-> milliseconds since the Unix epoch.
//!
//! Jellyfin writes .NET `DateTime`s: ISO-8601 UTC with 0 to 7 fractional digits, usually with `Z`,
//! sometimes without it or with an offset, and `0001-01-01T00:00:00` (`DateTime.MinValue`) for
//! "never". A date this module cannot read is treated as absent rather than failing the whole
//! item: one odd date must not hide a film from the library.

use crate::civil_time::{UtcDateTime, MS_PER_MINUTE};

/// Parses a Jellyfin date into ms since the Unix epoch.
///
/// Returns `None` for `DateTime.MinValue` (`0001-01-01...`, any fraction or zone) and for
/// anything unparseable. Fractions beyond milliseconds are truncated; an offset is applied.
pub fn parse_jellyfin_date(value: &str) -> Option<i64> {
    let mut cursor = Cursor::new(value.trim());
    let year = cursor.digits(4)?;
    cursor.expect(b'-')?;
    let month = cursor.digits(2)?;
    cursor.expect(b'-')?;
    let day = cursor.digits(2)?;
    let (mut hour, mut minute, mut second, mut millisecond) = (0, 0, 0, 0);
    let mut offset_minutes = 0;
    if !cursor.is_done() {
        if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')) {
            return None;
        }
        hour = cursor.digits(2)?;
        cursor.expect(b':')?;
        minute = cursor.digits(2)?;
        if cursor.eat(b':') {
            second = cursor.digits(2)?;
        }
        if cursor.eat(b'.') || cursor.eat(b',') {
            millisecond = cursor.fraction_as_millis()?;
        }
        offset_minutes = cursor.zone_offset_minutes()?;
    }
    if !cursor.is_done() {
        return None;
    }
    if (year, month, day) == (1, 1, 1) {
        return None;
    }
    let local = UtcDateTime {
        year: i64::from(year),
        month,
        day,
        hour,
        minute,
        // A leap second (":60") is folded into the second before it.
        second: second.min(59),
        millisecond,
    }
    .to_unix_ms()?;
    Some(local - i64::from(offset_minutes) * MS_PER_MINUTE)
}

/// Formats ms since the Unix epoch the way Jellyfin does: `YYYY-MM-DDTHH:MM:SS.fffffffZ`.
pub fn format_jellyfin_date(ms: i64) -> String {
    let t = UtcDateTime::from_unix_ms(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        t.year,
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second,
        t.millisecond * 10_000
    )
}

/// A byte cursor over a date string.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(value: &'a str) -> Self {
        Self {
            bytes: value.as_bytes(),
            pos: 0,
        }
    }

    fn is_done(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let matched = self.peek() == Some(byte);
        self.pos += usize::from(matched);
        matched
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Exactly `count` ASCII digits.
    fn digits(&mut self, count: usize) -> Option<u32> {
        let slice = self.bytes.get(self.pos..self.pos + count)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += count;
        Some(slice.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    /// One or more fraction digits, truncated to milliseconds.
    fn fraction_as_millis(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let fraction = &self.bytes[start..self.pos];
        if fraction.is_empty() {
            return None;
        }
        Some(
            (0..3)
                .map(|i| fraction.get(i).map_or(0, |d| u32::from(d - b'0')))
                .fold(0, |n, d| n * 10 + d),
        )
    }

    /// `Z`, `+HH:MM`, `+HHMM`, `+HH` (or the `-` forms), or nothing (UTC).
    fn zone_offset_minutes(&mut self) -> Option<i32> {
        if self.is_done() || self.eat(b'Z') || self.eat(b'z') {
            return Some(0);
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let hours = self.digits(2)?;
        self.eat(b':');
        let minutes = if self.is_done() { 0 } else { self.digits(2)? };
        if hours > 23 || minutes > 59 {
            return None;
        }
        Some(sign * (hours * 60 + minutes) as i32)
    }
}

/// Serde adapter for `Option<i64>` date fields of the wire types: reads leniently (see the
/// module docs), writes Jellyfin's format.
pub(crate) mod optional {
    use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(ms) => serializer.serialize_str(&super::format_jellyfin_date(*ms)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        deserializer.deserialize_any(LenientDate)
    }

    /// Accepts any value: a readable date string gives `Some`, everything else `None`.
    struct LenientDate;

    impl<'de> Visitor<'de> for LenientDate {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a date string or null")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(super::parse_jellyfin_date(value))
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(self)
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_705_322_096_000; // 2024-01-15T12:34:56Z

    #[test]
    fn reads_zero_to_seven_fraction_digits() {
        assert_eq!(parse_jellyfin_date("2024-01-15T12:34:56Z"), Some(T));
        assert_eq!(parse_jellyfin_date("2024-01-15T12:34:56.1Z"), Some(T + 100));
        assert_eq!(
            parse_jellyfin_date("2024-01-15T12:34:56.12Z"),
            Some(T + 120)
        );
        assert_eq!(
            parse_jellyfin_date("2024-01-15T12:34:56.1234567Z"),
            Some(T + 123)
        );
        assert_eq!(
            parse_jellyfin_date("2024-01-15T12:34:56.999999999Z"),
            Some(T + 999)
        );
    }

    #[test]
    fn reads_without_zone_and_with_offsets() {
        assert_eq!(parse_jellyfin_date("2024-01-15T12:34:56"), Some(T));
        assert_eq!(
            parse_jellyfin_date("2024-01-15T12:34:56.0000000+00:00"),
            Some(T)
        );
        assert_eq!(parse_jellyfin_date("2024-01-15T14:34:56+02:00"), Some(T));
        assert_eq!(parse_jellyfin_date("2024-01-15T10:34:56-0200"), Some(T));
        assert_eq!(parse_jellyfin_date("2024-01-15T12:34Z"), Some(T - 56_000));
        assert_eq!(parse_jellyfin_date("2024-01-15"), Some(T - 45_296_000));
    }

    #[test]
    fn min_value_means_never() {
        assert_eq!(parse_jellyfin_date("0001-01-01T00:00:00"), None);
        assert_eq!(parse_jellyfin_date("0001-01-01T00:00:00.0000000Z"), None);
        assert_eq!(parse_jellyfin_date("0001-01-01T00:00:00.000+00:00"), None);
    }

    #[test]
    fn rejects_garbage_and_impossible_dates() {
        for bad in [
            "",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-15T25:00:00Z",
            "2024-01-15T12:34:56.Z",
            "2024-01-15T12:34:56Zjunk",
            "2024-1-15",
        ] {
            assert_eq!(parse_jellyfin_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_before_1970_work() {
        let ms = parse_jellyfin_date("1950-06-01T00:00:00Z").unwrap();
        assert!(ms < 0);
        assert_eq!(format_jellyfin_date(ms), "1950-06-01T00:00:00.0000000Z");
    }

    #[test]
    fn formats_like_jellyfin_and_round_trips() {
        assert_eq!(
            format_jellyfin_date(T + 123),
            "2024-01-15T12:34:56.1230000Z"
        );
        for ms in [0, T, T + 1, -86_400_001, 253_402_300_799_999] {
            assert_eq!(parse_jellyfin_date(&format_jellyfin_date(ms)), Some(ms));
        }
    }

    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct Holder {
        #[serde(default, with = "optional")]
        at: Option<i64>,
    }

    #[test]
    fn serde_adapter_is_lenient() {
        let read = |json: &str| serde_json::from_str::<Holder>(json).unwrap().at;
        assert_eq!(read(r#"{"at":"2024-01-15T12:34:56Z"}"#), Some(T));
        assert_eq!(read(r#"{"at":null}"#), None);
        assert_eq!(read(r#"{}"#), None);
        assert_eq!(read(r#"{"at":"not a date"}"#), None);
        assert_eq!(read(r#"{"at":12}"#), None);
        assert_eq!(read(r#"{"at":{"x":[1]}}"#), None);
        let json = serde_json::to_string(&Holder { at: Some(T) }).unwrap();
        assert_eq!(json, r#"{"at":"2024-01-15T12:34:56.0000000Z"}"#);
    }
}
