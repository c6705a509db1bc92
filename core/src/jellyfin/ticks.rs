//! Serde adapter for tick counts (`RunTimeTicks`, `PlaybackPositionTicks`; 1 tick = 100 ns).
//!
//! Jellyfin sends them as integers, but float rounding shows up in real payloads
//! (`17999998976.0`), and some are `null`. Anything that is not a usable number reads as `None`.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;

/// Reads an optional tick count from an integer, a float (rounded), a numeric string or null.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_any(LenientTicks)
}

fn from_f64(value: f64) -> Option<i64> {
    // The bounds are exactly representable and exclusive, so the cast cannot saturate.
    (value.is_finite() && value > -9.2e18 && value < 9.2e18).then(|| value.round() as i64)
}

/// Accepts any value; only numbers (or numeric strings) become `Some`.
struct LenientTicks;

impl<'de> Visitor<'de> for LenientTicks {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a tick count or null")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Some(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(value).ok())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(from_f64(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        let value = value.trim();
        Ok(value
            .parse::<i64>()
            .ok()
            .or_else(|| value.parse::<f64>().ok().and_then(from_f64)))
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

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "super::deserialize")]
        ticks: Option<i64>,
    }

    fn read(json: &str) -> Option<i64> {
        serde_json::from_str::<Holder>(json).unwrap().ticks
    }

    #[test]
    fn accepts_integers_floats_strings_and_null() {
        assert_eq!(read(r#"{"ticks":72000000000}"#), Some(72_000_000_000));
        assert_eq!(read(r#"{"ticks":17999998976.0}"#), Some(17_999_998_976));
        assert_eq!(read(r#"{"ticks":17999998975.6}"#), Some(17_999_998_976));
        assert_eq!(read(r#"{"ticks":"42"}"#), Some(42));
        assert_eq!(read(r#"{"ticks":null}"#), None);
        assert_eq!(read(r#"{}"#), None);
    }

    #[test]
    fn unusable_values_read_as_none() {
        assert_eq!(read(r#"{"ticks":1e300}"#), None);
        assert_eq!(read(r#"{"ticks":18446744073709551615}"#), None);
        assert_eq!(read(r#"{"ticks":true}"#), None);
        assert_eq!(read(r#"{"ticks":"soon"}"#), None);
    }
}
